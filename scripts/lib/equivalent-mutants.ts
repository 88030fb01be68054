/**
 * 살아남아도 되는 돌연변이의 목록: `course/mutants/NN-slug.json`.
 *
 * 어떤 돌연변이는 코드를 바꿔도 동작이 같습니다(동등 돌연변이). 그런 것은 테스트로 죽일 수 없으니, 장마다
 * 그 돌연변이와 "왜 같은지"를 적어 둡니다. 돌연변이 테스트는 살아남은 돌연변이가 모두 이 목록에 있는지,
 * 목록의 항목이 모두 실제로 살아남았는지(낡은 항목이 없는지) 확인합니다.
 *
 * 줄 번호는 코드를 고치면 움직이므로 쓰지 않고, (파일, 구간, 돌연변이 종류, 원래 코드, 바꾼 코드)로 알아봅니다.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, chapterDir } from '../../course/chapters.js';
import { josa } from '../../reference/src/server/josa.js';
import { root } from './course-files.js';

export interface EquivalentMutant {
  /** 해답 파일 이름(`in-memory-log.ts`) */
  readonly file: string;
  /** @exercise 구간의 이름(`append`) */
  readonly region: string;
  /** Stryker의 돌연변이 종류(`EqualityOperator`) */
  readonly mutator: string;
  /** 원래 코드 (공백은 한 칸으로 줄여서) */
  readonly original: string;
  /** 바꾼 코드 (공백은 한 칸으로 줄여서) */
  readonly replacement: string;
  /** 왜 동작이 같은지 */
  readonly reason: string;
}

export function equivalentsPath(chapter: Chapter): string {
  return path.join('course/mutants', `${chapterDir(chapter)}.json`);
}

export function readEquivalents(chapter: Chapter): EquivalentMutant[] {
  const file = path.join(root, equivalentsPath(chapter));
  if (!existsSync(file)) return [];
  const list = JSON.parse(readFileSync(file, 'utf8')) as EquivalentMutant[];
  for (const [i, e] of list.entries()) {
    for (const key of ['file', 'region', 'mutator', 'original', 'replacement', 'reason'] as const) {
      if (typeof e[key] !== 'string' || e[key] === '') {
        throw new Error(`${equivalentsPath(chapter)}의 ${i + 1}번째 항목에 ${josa(key, '이/가')} 없습니다`);
      }
    }
  }
  return list;
}

export function squash(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

export function sameMutant(
  e: EquivalentMutant,
  m: Pick<EquivalentMutant, 'file' | 'region' | 'mutator' | 'original' | 'replacement'>,
): boolean {
  return (
    e.file === m.file &&
    e.region === m.region &&
    e.mutator === m.mutator &&
    squash(e.original) === squash(m.original) &&
    squash(e.replacement) === squash(m.replacement)
  );
}
