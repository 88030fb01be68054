/**
 * 돌연변이 테스트가 바꿀 곳: 한 장의 해답 파일에서 `@exercise` 구간이 들어간 줄 범위.
 *
 * 해답은 reference의 구간 본문을 그대로 담고(표시 줄만 빠집니다), course:sync가 import 경로만 고칩니다.
 * 그래서 구간 본문을 해답 파일에서 차례로 찾으면 줄 번호가 나옵니다. 못 찾으면 사본이 낡은 것이니 멈춥니다.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Chapter } from '../../course/chapters.js';
import { chapterCopyPath } from '../../course/resolve.js';
import { root } from './course-files.js';

const BEGIN = /^\s*\/\/ @exercise\((\d+)\) (.+)$/;
const CONTINUATION = /^\s*\/\/ {3}/;
const END = /^\s*\/\/ @end\s*$/;

export interface Region {
  /** 저장소 루트 기준 해답 파일 경로 */
  readonly file: string;
  /** 구간의 이름(`append` 같은 @exercise 요약의 첫 낱말) */
  readonly name: string;
  /** 1부터 세는 줄 번호, 양 끝 포함 */
  readonly startLine: number;
  readonly endLine: number;
}

/** reference 파일에서 이 장의 구간 본문(줄 목록)과 이름 */
export function regionBodies(source: string, chapter: number): { name: string; body: string[] }[] {
  const lines = source.split('\n');
  const regions: { name: string; body: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i] as string);
    if (!begin) continue;
    while (CONTINUATION.test(lines[i + 1] ?? '')) i++;
    const body: string[] = [];
    while (i + 1 < lines.length && !END.test(lines[i + 1] as string)) body.push(lines[++i] as string);
    if (Number(begin[1]) === chapter) regions.push({ name: (begin[2] as string).split(/[:\s]/)[0] as string, body });
  }
  return regions;
}

export function chapterRegions(chapter: Chapter): Region[] {
  const regions: Region[] = [];
  for (const module of chapter.modules) {
    const file = chapterCopyPath(chapter, 'solutions', module);
    const solution = readFileSync(path.join(root, file), 'utf8').split('\n');
    let from = 0;
    for (const { name, body } of regionBodies(readFileSync(path.join(root, module), 'utf8'), chapter.number)) {
      const at = findLines(solution, body, from);
      if (at < 0) throw new Error(`${file}에서 ${module}의 ${name} 구간을 찾지 못했습니다 (npm run course:sync)`);
      // 빈 줄과 주석만 있는 앞뒤 줄은 범위에서 뺍니다.
      let start = at;
      let end = at + body.length - 1;
      while (start < end && isBlank(solution[start] as string)) start++;
      while (end > start && isBlank(solution[end] as string)) end--;
      regions.push({ file, name, startLine: start + 1, endLine: end + 1 });
      from = at + body.length;
    }
  }
  return regions;
}

function isBlank(line: string): boolean {
  return /^\s*(\/\/.*)?$/.test(line);
}

function findLines(haystack: readonly string[], needle: readonly string[], from: number): number {
  // import 줄은 course:sync가 경로를 고치므로, 비교는 import가 아닌 줄만 정확히 합니다.
  const same = (a: string, b: string) => a === b || (/\bimport\b/.test(a) && /\bimport\b/.test(b));
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (!same(haystack[i + j] as string, needle[j] as string)) continue outer;
    return i;
  }
  return -1;
}
