/**
 * 학습자의 진행 상황: 장마다 마지막으로 돌린 결과를 `.course/progress.json`에 적어 둡니다
 * (git이 무시하는 폴더). 진행 막대와 `npm run progress`는 이 기록과 장 목록, 그리고 지금 파일을 읽어 그립니다.
 *
 * 기록에는 그때의 코드와 테스트의 지문(fingerprint: exercises/NN-slug/src와 test 파일 내용의 해시)을 함께 적습니다.
 * 그 뒤 코드나 테스트(과정 업데이트)가 바뀌었으면 지난 결과는 더 이상 사실이 아니니 "다시 확인해야 함"으로 보여 주고,
 * 완료로 세지 않습니다.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, chapterDir, chapters } from '../../course/chapters.js';
import { josa } from '../../reference/src/server/josa.js';
import { root } from './course-files.js';
import { conflictLines } from './course-update.js';
import { paint } from './paint.js';

export interface ChapterProgress {
  readonly passed: number;
  readonly total: number;
  readonly at: string;
  /** 기록할 때의 코드와 테스트의 지문. 예전 기록에는 없습니다 */
  readonly fingerprint?: string;
}

type Progress = Record<string, ChapterProgress>;

const progressFile = (base: string) => path.join(base, '.course/progress.json');

export function loadProgress(base = root): Progress {
  try {
    return JSON.parse(readFileSync(progressFile(base), 'utf8')) as Progress;
  } catch {
    return {};
  }
}

export function recordProgress(chapter: Chapter, passed: number, total: number, base = root): void {
  const progress = loadProgress(base);
  progress[chapter.number] = { passed, total, at: new Date().toISOString(), fingerprint: fingerprint(chapter, base) };
  mkdirSync(path.dirname(progressFile(base)), { recursive: true });
  writeFileSync(progressFile(base), `${JSON.stringify(progress, null, 2)}\n`);
}

export function isComplete(p: ChapterProgress | undefined): boolean {
  return p !== undefined && p.total > 0 && p.passed === p.total;
}

/** 폴더 아래 파일들 (저장소 루트 기준, 정렬) */
function filesUnder(base: string, dir: string): string[] {
  const full = path.join(base, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(base, `${dir}/${e.name}`) : [`${dir}/${e.name}`]))
    .sort();
}

/** 장의 코드(src)와 테스트(test)의 지문 */
export function fingerprint(chapter: Chapter, base = root): string {
  const hash = createHash('sha256');
  const dir = `exercises/${chapterDir(chapter)}`;
  for (const file of [...filesUnder(base, `${dir}/src`), ...filesUnder(base, `${dir}/test`)]) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(base, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export type ChapterState =
  | { readonly kind: 'planned' }
  /** 과정 업데이트를 합치다 남은 표시(`<<<<<<<`)가 있는 파일 (`파일:줄`) */
  | { readonly kind: 'conflict'; readonly places: readonly string[] }
  /** 지금 코드로 돌린 결과: 모두 통과(passed) 또는 실패가 있음(failing) */
  | { readonly kind: 'passed' | 'failing'; readonly record: ChapterProgress }
  /** 스타터가 해답과 똑같음 (`npm run catch-up`이 채움). 해답이 통과하는 것은 과정 점검이 보장합니다 */
  | { readonly kind: 'solution' }
  /** 기록 뒤에 코드나 테스트가 바뀜 (또는 지문이 없는 예전 기록) */
  | { readonly kind: 'stale'; readonly record: ChapterProgress }
  | { readonly kind: 'not-run' };

export function chapterState(chapter: Chapter, progress: Progress = loadProgress(), base = root): ChapterState {
  if (chapter.status === 'planned') return { kind: 'planned' };
  const src = filesUnder(base, `exercises/${chapterDir(chapter)}/src`);
  const places = src.flatMap((file) =>
    conflictLines(readFileSync(path.join(base, file), 'utf8')).map((line) => `${file}:${line}`),
  );
  if (places.length > 0) return { kind: 'conflict', places };
  const record = progress[chapter.number];
  if (record?.fingerprint !== undefined && record.fingerprint === fingerprint(chapter, base)) {
    return { kind: isComplete(record) ? 'passed' : 'failing', record };
  }
  if (isSolution(chapter, base)) return { kind: 'solution' };
  return record ? { kind: 'stale', record } : { kind: 'not-run' };
}

/** 스타터 파일이 모두 해답 파일과 같은지 */
export function isSolution(chapter: Chapter, base = root): boolean {
  const dir = chapterDir(chapter);
  const names = (target: string) => filesUnder(base, `${target}/${dir}/src`).map((f) => path.basename(f));
  const mine = names('exercises');
  const solved = names('solutions');
  if (solved.length === 0 || mine.join('\n') !== solved.join('\n')) return false;
  return solved.every((name) =>
    readFileSync(path.join(base, 'exercises', dir, 'src', name)).equals(
      readFileSync(path.join(base, 'solutions', dir, 'src', name)),
    ),
  );
}

export function isDone(state: ChapterState): boolean {
  return state.kind === 'passed' || state.kind === 'solution';
}

/** `진행: ██░░░░░░░░░░ 2/12장 완료` — 칸 하나가 한 장입니다. 기록 뒤에 바뀐 장은 완료로 세지 않습니다. */
export function progressLine(progress: Progress = loadProgress(), base = root): string {
  const done = chapters.map((c) => isDone(chapterState(c, progress, base)));
  const bar = done.map((d) => (d ? '█' : '░')).join('');
  return `진행: ${bar} ${done.filter(Boolean).length}/${chapters.length}장 완료`;
}

/** 기록 시각을 사람이 읽는 꼴로: `12월 5일 18:40` (현지 시각) */
function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}월 ${d.getDate()}일 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 한 장의 한 줄: 표시(✓ ✗ ? · !)와 상태 */
export function stateCell(state: ChapterState): { readonly mark: string; readonly text: string } {
  switch (state.kind) {
    case 'planned':
      return { mark: paint('dim', '·'), text: paint('dim', '준비 중') };
    case 'conflict':
      return { mark: paint('red', '!'), text: paint('red', `합치지 못한 곳 ${state.places.length}군데`) };
    case 'passed':
      return {
        mark: paint('green', '✓'),
        text:
          paint('green', `${state.record.passed}/${state.record.total} 통과`) +
          paint('dim', ` (${when(state.record.at)})`),
      };
    case 'failing':
      return {
        mark: paint('red', '✗'),
        text:
          paint('red', `${state.record.passed}/${state.record.total} 통과`) +
          paint('dim', ` (${when(state.record.at)})`),
      };
    case 'solution':
      return { mark: paint('green', '✓'), text: paint('green', '해답으로 채움 (catch-up)') };
    case 'stale':
      return {
        mark: paint('yellow', '?'),
        text: paint(
          'yellow',
          `다시 확인해야 함: ${when(state.record.at)}에 ${state.record.passed}/${state.record.total} 통과, 그 뒤 코드나 테스트가 바뀜`,
        ),
      };
    case 'not-run':
      return { mark: paint('red', '✗'), text: paint('red', '아직 돌리지 않음') };
  }
}

/** 다음에 할 일: 끝나지 않은 첫 장 */
export function nextStepLines(states: ReadonlyMap<Chapter, ChapterState>): string[] {
  for (const [chapter, state] of states) {
    const run = `npm run exercise:${chapter.number}`;
    const name = `${chapter.number}장 ${chapter.title}`;
    switch (state.kind) {
      case 'conflict':
        return [
          `다음 할 일: ${name}의 파일에 과정 업데이트와 합치지 못한 곳이 있습니다.`,
          ...state.places.map((p) => `  ${p}`),
          '  <<<<<<< 내 코드 와 >>>>>>> 새 과정 사이에서 남길 코드를 고르고 표시 줄을 지운 뒤',
          `  ${run}`,
        ];
      case 'failing':
        return [
          `다음 할 일: ${josa(name, '을/를')} ${state.record.passed > 0 ? '마저 ' : ''}풉니다 (${state.record.passed}/${state.record.total} 통과).`,
          `  ${run}   처음 실패한 테스트와 힌트를 보여 줍니다`,
        ];
      case 'stale':
        return [
          `다음 할 일: ${josa(name, '을/를')} 다시 돌려 지금 코드로 확인합니다.`,
          `  ${run}   (모든 장을 한 번에 확인하려면 npm run progress -- --run)`,
        ];
      case 'not-run':
        return [`다음 할 일: ${josa(name, '을/를')} 시작합니다.`, `  ${run}`];
      default:
        break;
    }
  }
  const planned = [...states].filter(([, s]) => s.kind === 'planned').map(([c]) => `${c.number}장`);
  return [
    '준비된 장을 모두 마쳤습니다!',
    ...(planned.length > 0 ? [`준비 중인 장(${planned.join(', ')})이 나오면 npm run update로 받으세요.`] : []),
  ];
}

/** `npm run progress`의 표와 다음 할 일 */
export function progressReportLines(states: ReadonlyMap<Chapter, ChapterState>): string[] {
  const lines: string[] = [];
  const width = Math.max(...[...states.keys()].map((c) => displayWidth(c.title)));
  for (const [chapter, state] of states) {
    const { mark, text } = stateCell(state);
    const title = chapter.title + ' '.repeat(width - displayWidth(chapter.title));
    lines.push(`  ${mark} ${String(chapter.number).padStart(2)}장 ${title}  ${text}`);
  }
  const done = [...states.values()].filter(isDone).length;
  const ready = [...states.values()].filter((s) => s.kind !== 'planned').length;
  lines.push('', `준비된 ${ready}장 가운데 ${done}장 완료`, '', ...nextStepLines(states));
  return lines;
}

/** 터미널에서 차지하는 칸 수: 한글은 두 칸 */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7a3\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return width;
}
