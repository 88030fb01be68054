/**
 * 학습자의 스타터 파일을 다른 내용(처음 스타터, 또는 해답)으로 바꾸는 일: `npm run exercise:N -- --reset`과
 * `npm run catch-up -- N`이 함께 씁니다. 학습자가 고친 파일은 묻고 나서만 바꾸고, 바꾸기 전에 `.course/backup/<시각>/`에
 * 복사해 둡니다. 아무도 고치지 않은 파일(처음 스타터 그대로)은 묻지 않고 바꿉니다: 잃을 것이 없으니까요.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Chapter, chapterDir } from '../../course/chapters.js';
import { chapterFiles, root } from './course-files.js';

export interface Replacement {
  /** 저장소 루트 기준 경로 (exercises/NN-slug/src/…) */
  readonly path: string;
  /** 새로 쓸 내용 */
  readonly content: string;
  /**
   * - `same`: 이미 그 내용이라 할 일이 없음
   * - `untouched`: 처음 스타터 그대로(또는 파일이 없음)라 묻지 않고 바꿈
   * - `learner`: 학습자가 고친 파일이라 묻고 바꿈
   */
  readonly kind: 'same' | 'untouched' | 'learner';
}

/** 장의 스타터를 처음 상태로 (`--reset`) */
export function resetPlan(chapter: Chapter, base = root): Replacement[] {
  const starters = chapterFiles(chapter).filter((f) => f.path.startsWith('exercises/'));
  return starters.map((f) => classify(f.path, f.content, f.content, base));
}

/** 장의 스타터를 해답으로 (`catch-up`). 해답은 저장소의 solutions/NN-slug/src에서 읽습니다 */
export function solutionPlan(chapter: Chapter, base = root): Replacement[] {
  const starters = chapterFiles(chapter).filter((f) => f.path.startsWith('exercises/'));
  return starters.map((f) => {
    const solution = path.join('solutions', chapterDir(chapter), 'src', path.basename(f.path));
    return classify(f.path, readFileSync(path.join(base, solution), 'utf8'), f.content, base);
  });
}

function classify(file: string, content: string, starter: string, base: string): Replacement {
  const full = path.join(base, file);
  const current = existsSync(full) ? readFileSync(full, 'utf8') : null;
  const kind = current === content ? 'same' : current === null || current === starter ? 'untouched' : 'learner';
  return { path: file, content, kind };
}

/** 파일들을 `.course/backup/<시각>/`에 같은 경로로 복사하고 그 폴더(루트 기준)를 돌려줍니다 */
export function backup(files: readonly string[], now = new Date(), base = root): string {
  const dir = path.posix.join('.course/backup', now.toISOString().replace(/[:.]/g, '-'));
  for (const file of files) {
    const copy = path.join(base, dir, file);
    mkdirSync(path.dirname(copy), { recursive: true });
    writeFileSync(copy, readFileSync(path.join(base, file)));
  }
  return dir;
}

export function write(replacements: readonly Replacement[], base = root): void {
  for (const r of replacements) {
    const full = path.join(base, r.path);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, r.content);
  }
}

/**
 * 예/아니요를 묻습니다. 기본은 아니요입니다: `y`나 `yes`(또는 `예`, `네`)만 예로 봅니다. 표준 입력이 답 없이 끝나면
 * (파이프, CI) 아니요입니다. 묻지 않고 예로 하려면 부른 쪽이 `--yes`를 받아 이 함수를 부르지 않습니다.
 */
export function confirm(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const input = createInterface({ input: process.stdin, output: process.stdout });
    let answered = false;
    input.question(`${question} [y/N] `, (answer) => {
      answered = true;
      input.close();
      resolve(/^(?:y|yes|예|네)$/i.test(answer.trim()));
    });
    input.on('close', () => {
      if (!answered) {
        console.log();
        resolve(false);
      }
    });
  });
}
