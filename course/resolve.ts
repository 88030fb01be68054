/**
 * 장의 테스트가 학습자의 코드를 브로커에 끼우는 방법: 모듈을 찾는 자리(import 해석)에서 바꿔 끼웁니다.
 *
 * N장이 가르치는 reference 모듈(`chapters.ts`의 `modules`)은 `npm run course:sync`가
 * `exercises/NN-slug/src/<같은 파일 이름>`(스타터)과 `solutions/NN-slug/src/<같은 파일 이름>`(해답)으로 복사합니다.
 * N장의 테스트를 돌릴 때는 그 모듈을 가져오는 import가 모두 복사본을 가리킵니다. 테스트가 직접 가져오는 것만이 아니라
 * 브로커 안의 reference 코드가 가져오는 것도요. 그래서 브로커의 생성자는 연습 문제를 모르고, 브로커는 학습자의 모듈로
 * 돕니다. 복사본의 상대 경로 import(`../../../reference/src/…`)는 복사본 자리에서 그대로 풀립니다.
 *
 * 11장은 브로커 전체를 조립합니다: `COURSE_ASSEMBLY=1:exercises,2:solutions,…`가 1~10장의 모듈마다 학습자의 파일과
 * 해답 가운데 어느 쪽을 쓸지 정합니다 (`assemblyFromEnv`). 학습자가 끝낸 장은 학습자의 것, 건너뛴 장은 과정 점검이
 * 통과를 보장하는 해답입니다. 고르는 일은 11장의 테스트가 합니다 (scripts/lib/assembly.ts).
 *
 * 이 파일은 그 대응표만 압니다. 쓰는 곳은 셋입니다.
 * - `course:sync`(scripts/lib/course-files.ts): 복사본을 어디에 쓸지
 * - vitest 플러그인(scripts/lib/chapter-sources.ts): 같은 프로세스 안에서 도는 장의 테스트
 * - Node 모듈 훅(course/register.ts): 자식 프로세스. 예) `COURSE_CHAPTER=9 npx tsx --import ./course/register.ts reference/src/main.ts`
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Chapter, chapterDir, chapters } from './chapters.js';

/** 학습자 쪽 코드가 있는 두 곳: 스타터(학습자가 고치는 곳)와 해답 */
export type CourseTarget = 'exercises' | 'solutions';

export const COURSE_TARGETS: readonly CourseTarget[] = ['exercises', 'solutions'];

/** 저장소 루트 */
export const repoRoot = path.resolve(import.meta.dirname, '..');

/** 장이 가르치는 reference 모듈 하나의 복사본 (저장소 루트 기준): `<target>/NN-slug/src/<같은 파일 이름>` */
export function chapterCopyPath(chapter: Chapter, target: CourseTarget, module: string): string {
  return path.join(target, chapterDir(chapter), 'src', path.basename(module));
}

/**
 * N장의 테스트에서 바꿔 끼우는 파일들: reference 모듈의 절대 경로 → 복사본의 절대 경로.
 * 모듈이 없는 장(아직 준비 중인 장)이면 빈 표입니다.
 */
export function chapterRedirects(chapter: Chapter, target: CourseTarget, root = repoRoot): Map<string, string> {
  return new Map(
    chapter.modules.map((m) => [path.join(root, m), path.join(root, chapterCopyPath(chapter, target, m))]),
  );
}

/** `exercises/NN-slug/…` 또는 `solutions/NN-slug/…` 안의 파일이면 그 폴더 이름(`NN-slug`)과 어느 쪽인지 */
export function chapterFolderOf(
  file: string,
  root = repoRoot,
): { readonly dir: string; readonly target: CourseTarget } | undefined {
  const [target, dir, ...rest] = path.relative(root, file).split(path.sep);
  if (rest.length === 0 || dir === undefined || !COURSE_TARGETS.includes(target as CourseTarget)) return undefined;
  return { dir, target: target as CourseTarget };
}

export function findChapterByDir(dir: string): Chapter | undefined {
  return chapters.find((c) => chapterDir(c) === dir);
}

/**
 * 자식 프로세스로 reference 코드(.ts)를 돌릴 때 node에 주는 인자: tsx와 이 모듈 훅(course/register.ts).
 * 환경 변수 COURSE_CHAPTER(와 COURSE_TARGET)가 있으면 그 장의 모듈이 학습자의 것으로 바뀌고, 없으면 훅은 아무것도 하지
 * 않습니다. 예) `spawn(process.execPath, [...courseNodeArgs(), 'reference/src/main.ts'], { env: { COURSE_CHAPTER: '9' } })`
 */
export function courseNodeArgs(root = repoRoot): string[] {
  return ['--import', 'tsx', '--import', pathToFileURL(path.join(root, 'course/register.ts')).href];
}

/** 환경 변수(`COURSE_CHAPTER=9`, `COURSE_TARGET=exercises|solutions`)가 고른 장과 쪽. 장이 없으면 undefined */
export function chapterFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { readonly chapter: Chapter; readonly target: CourseTarget } | undefined {
  const number = env.COURSE_CHAPTER;
  if (number === undefined || number === '') return undefined;
  const chapter = chapters.find((c) => String(c.number) === number.trim());
  if (!chapter) throw new Error(`COURSE_CHAPTER=${number}: 그런 장이 없습니다 (1~${chapters.length})`);
  const target = (env.COURSE_TARGET || 'exercises') as CourseTarget;
  if (!COURSE_TARGETS.includes(target)) {
    throw new Error(`COURSE_TARGET=${target}: exercises 또는 solutions여야 합니다`);
  }
  if (chapter.modules.length === 0) {
    throw new Error(`${chapter.number}장은 아직 바꿔 끼울 모듈이 없습니다 (course/chapters.ts의 modules)`);
  }
  return { chapter, target };
}

/** 조립할 장 하나와 그 장의 모듈을 가져올 쪽 */
export interface AssemblyPart {
  readonly chapter: Chapter;
  readonly target: CourseTarget;
}

/**
 * 환경 변수 COURSE_ASSEMBLY(`1:exercises,2:solutions,…`)가 고른 장들. 없거나 비었으면 빈 목록입니다.
 * 모듈이 없는 장이나 알 수 없는 쪽은 오류입니다 (조용히 reference로 돌면 학습자는 자기 코드가 돈다고 믿게 됩니다).
 */
export function assemblyFromEnv(env: NodeJS.ProcessEnv = process.env): AssemblyPart[] {
  const value = env.COURSE_ASSEMBLY?.trim();
  if (!value) return [];
  return value.split(',').map((entry) => {
    const [number = '', target = ''] = entry.trim().split(':');
    const chapter = chapters.find((c) => String(c.number) === number);
    if (!chapter || chapter.modules.length === 0) {
      throw new Error(`COURSE_ASSEMBLY의 ${entry}: 바꿔 끼울 모듈이 있는 장이 아닙니다`);
    }
    if (!COURSE_TARGETS.includes(target as CourseTarget)) {
      throw new Error(`COURSE_ASSEMBLY의 ${entry}: 쪽은 exercises 또는 solutions여야 합니다`);
    }
    return { chapter, target: target as CourseTarget };
  });
}
