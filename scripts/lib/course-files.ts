/**
 * 한 장의 스타터와 해답 파일이 "지금 reference에서 만들면 어떤 내용이어야 하는지" 계산합니다.
 * `course:sync`는 이 결과를 쓰고, `course:check`는 저장된 파일과 비교합니다.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Chapter } from '../../course/chapters.js';
import { chapterRedirects } from '../../course/resolve.js';
import { deriveExercise, formatTs, rewriteImports } from './exercise-source.js';

export const root = path.resolve(import.meta.dirname, '../..');

export interface GeneratedFile {
  /** 저장소 루트 기준 경로 */
  readonly path: string;
  readonly content: string;
}

export function chapterFiles(chapter: Chapter): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const module of chapter.modules) {
    const source = path.join(root, module);
    const derived = deriveExercise(readFileSync(source, 'utf8'), chapter.number, path.relative(root, source));
    if (derived.regions === 0) {
      throw new Error(`${path.relative(root, source)}에 ${chapter.number}장의 @exercise 구간이 없습니다`);
    }
    const header = (kind: string) =>
      [
        `// ${chapter.number}장 ${chapter.title} — ${kind}`,
        `// 원본: ${path.relative(root, source)} (npm run course:sync가 이 파일을 만듭니다)`,
        '',
      ].join('\n');
    for (const [kind, base, code, extraImport] of [
      ['연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.', 'exercises', derived.starter, true],
      ['해답', 'solutions', derived.solution, false],
    ] as const) {
      // 복사본의 자리와, 함께 복사되는 파일끼리의 import는 장의 테스트가 쓰는 대응표와 같습니다 (course/resolve.ts).
      const copies = chapterRedirects(chapter, base, root);
      const target = copies.get(source) as string;
      let code2 = rewriteImports(code, source, target, copies);
      if (extraImport) {
        const todoPath = path.relative(path.dirname(target), path.join(root, 'course/todo.js'));
        code2 = addImport(code2, `import { todo } from '${todoPath}';`);
      }
      files.push({ path: path.relative(root, target), content: formatTs(header(kind) + code2, target, root) });
    }
  }
  return files;
}

/** 첫 import 문 앞에 import 한 줄을 넣습니다 (정렬은 formatTs가 맞춥니다). */
function addImport(code: string, line: string): string {
  const at = code.search(/^import /m);
  return at < 0 ? `${line}\n${code}` : `${code.slice(0, at)}${line}\n${code.slice(at)}`;
}
