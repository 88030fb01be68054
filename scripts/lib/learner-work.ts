/**
 * 학습자의 작업 알아보기. 스타터(exercises/NN-slug/src)는 course:sync가 reference에서 만든 그대로 시작하고,
 * 학습자는 그 파일을 고치며 문제를 풉니다. 그래서 "지금 reference에서 만들면 나올 내용"과 다른 스타터는
 * 학습자의 코드입니다. 과정 점검(`npm test`, `npm run course:check`)은 그런 장을 과정의 결함으로 보지 않고
 * 진행 상황으로만 알려 줍니다.
 *
 * 과정을 고치는 사람과 CI는 `--strict`를 씁니다. 새로 받은 저장소에는 학습자의 코드가 없으니, 그때는 다른 스타터가
 * 곧 course:sync를 잊은 것입니다.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, chapterDir, chapters } from '../../course/chapters.js';
import { chapterFiles, type GeneratedFile, root } from './course-files.js';
import type { TestOutcome } from './run-tests.js';

export interface ChapterFiles {
  readonly chapter: Chapter;
  readonly files: readonly GeneratedFile[];
  /** reference에서 만든 내용과 다른 스타터 파일 (저장소 루트 기준 경로) */
  readonly changedStarters: readonly string[];
  /** reference에서 만든 내용과 다른 해답 파일 */
  readonly changedSolutions: readonly string[];
}

export function readChapterFiles(chapter: Chapter, base = root): ChapterFiles {
  const files = chapterFiles(chapter);
  const differs = (f: GeneratedFile) => {
    const full = path.join(base, f.path);
    return !existsSync(full) || readFileSync(full, 'utf8') !== f.content;
  };
  const changed = files.filter(differs).map((f) => f.path);
  return {
    chapter,
    files,
    changedStarters: changed.filter((p) => p.startsWith('exercises/')),
    changedSolutions: changed.filter((p) => p.startsWith('solutions/')),
  };
}

/** 준비된 장마다 학습자가 고친 스타터 파일 (없으면 빈 배열) */
export function learnerStarters(): string[] {
  return chapters.filter((c) => c.status === 'ready').flatMap((c) => readChapterFiles(c).changedStarters);
}

export interface StarterVerdict {
  /** 과정의 결함 (점검 실패) */
  readonly problems: string[];
  /** 학습자의 진행 (점검은 통과) */
  readonly note?: string;
  /** 표의 "스타터 실패" 칸 */
  readonly cell: string;
  readonly ok: boolean;
}

/**
 * 한 장의 스타터 판정.
 * - 스타터가 reference에서 만든 그대로인데 통과하는 테스트가 있으면 빈칸이 빠진 것입니다 (과정의 결함).
 * - 학습자가 고친 스타터면 통과는 학습자가 푼 것입니다: "이미 풀었습니다 ✓" 또는 "푸는 중 k/n".
 * - `strict`면 고친 스타터 자체가 결함입니다 (course:sync를 잊음). 그 내용은 동기화 점검이 알립니다.
 */
export function judgeStarter(
  chapter: Chapter,
  tests: readonly TestOutcome[],
  changed: readonly string[],
  strict: boolean,
): StarterVerdict {
  const passing = tests.filter((t) => t.passed);
  const failing = tests.length - passing.length;
  if (tests.length === 0) {
    return { problems: [`${chapter.number}장에 테스트가 없습니다`], cell: '0/0', ok: false };
  }
  if (changed.length > 0 && !strict) {
    const note =
      passing.length === tests.length
        ? `${chapter.number}장은 이미 풀었습니다 ✓ (${passing.length}/${tests.length} 통과)`
        : `${chapter.number}장을 푸는 중입니다: ${passing.length}/${tests.length} 통과`;
    return { problems: [], note, cell: `내 코드 ${passing.length}/${tests.length} 통과`, ok: true };
  }
  const problems = passing.map((t) =>
    changed.length > 0
      ? `${chapter.number}장 스타터가 ${t.id} 테스트를 통과합니다: 스타터가 reference에서 만든 것과 다릅니다`
      : `${chapter.number}장 스타터가 ${t.id} 테스트를 이미 통과합니다 (빈칸이 빠졌나요?)`,
  );
  return { problems, cell: `${failing}/${tests.length}`, ok: passing.length === 0 };
}

export function starterDir(chapter: Chapter): string {
  return `exercises/${chapterDir(chapter)}`;
}

/**
 * biome에 넘길 경로: 학습자의 파일이 없으면 `.` 하나, 있으면 그 파일만 뺀 나머지. biome 설정의 제외 목록과
 * .gitignore는 그대로 적용됩니다.
 */
export function lintPaths(skip: readonly string[], base = root): string[] {
  if (skip.length === 0) return ['.'];
  const skipped = new Set(skip);
  const keep = (dir: string): string[] =>
    readdirSync(path.join(base, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = dir === '.' ? entry.name : `${dir}/${entry.name}`;
      if (dir === '.' && (entry.name.startsWith('.') || entry.name === 'node_modules')) return [];
      if (skipped.has(rel)) return [];
      // 건너뛸 파일이 든 폴더만 펼칩니다
      if (entry.isDirectory() && skip.some((s) => s.startsWith(`${rel}/`))) return keep(rel);
      return [rel];
    });
  return keep('.');
}
