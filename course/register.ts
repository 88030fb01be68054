/**
 * Node 모듈 훅의 진입점: 이 프로세스에서 N장의 reference 모듈을 가져오는 import가 모두 학습자의 파일을 가리키게 합니다
 * (대응표는 course/resolve.ts). 장의 테스트가 브로커를 자식 프로세스로 띄울 때, 또는 학습자가 자기 코드로 도는 브로커를
 * 직접 띄울 때 씁니다.
 *
 *     COURSE_CHAPTER=9 COURSE_TARGET=exercises npx tsx --import ./course/register.ts reference/src/main.ts
 *
 * COURSE_TARGET은 `exercises`(기본, 스타터) 또는 `solutions`(해답)입니다. COURSE_ASSEMBLY(`1:exercises,2:solutions,…`)는
 * 다른 장들의 모듈도 함께 바꿔 끼웁니다 (11장의 조립한 브로커). 둘 다 없으면 아무것도 하지 않습니다.
 * 훅 자체(course/resolve-hooks.mjs)는 모듈 훅 스레드에서 돌므로 TypeScript를 모르는 작은 JavaScript 파일이고,
 * 대응표는 여기서 만들어 넘깁니다.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chapterDir } from './chapters.js';
import { assemblyFromEnv, chapterFromEnv, chapterRedirects } from './resolve.js';

const selected = chapterFromEnv();
const assembly = assemblyFromEnv();
const parts = [...assembly, ...(selected ? [selected] : [])];
if (parts.length > 0) {
  const redirects = Object.fromEntries(
    parts.flatMap(({ chapter, target }) =>
      [...chapterRedirects(chapter, target)].map(([from, to]) => [pathToFileURL(from).href, pathToFileURL(to).href]),
    ),
  );
  register('./resolve-hooks.mjs', import.meta.url, { data: { redirects } });
  if (selected) {
    const { chapter, target } = selected;
    console.error(
      `${chapter.number}장의 모듈 ${chapter.modules.length}개를 ${target}/${chapterDir(chapter)}/src/에서 가져옵니다 (COURSE_CHAPTER=${chapter.number}, COURSE_TARGET=${target})`,
    );
  }
  if (assembly.length > 0) {
    const from = (t: string) =>
      assembly
        .filter((p) => p.target === t)
        .map((p) => p.chapter.number)
        .join(',') || '없음';
    console.error(`조립: ${from('exercises')}장은 exercises/에서, ${from('solutions')}장은 solutions/에서 가져옵니다`);
  }
}
