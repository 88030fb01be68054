/**
 * 워크숍 시간표의 재료: 장마다 잰 값(기계가 걸린 시간, 작업의 크기)과, 그것으로 셈한 추정 시간.
 *
 * `npm run workshop:timing`이 장을 학습자처럼 돌려 잰 값을 `course/workshop-timing.json`에 적고,
 * 워크숍 안내(`docs/docs/workshop.md`)의 표와 1일·2일 일정은 이 파일의 함수가 그 데이터에서 만듭니다.
 * scripts/test/workshop-timing.test.ts가 안내의 표와 데이터가 어긋나면 실패합니다.
 *
 * 잰 것과 어림한 것을 섞지 않습니다: 기계 시간, 줄 수, 테스트 수, 강의 글자 수는 잰 값이고,
 * 사람이 읽고 쓰는 속도(`RATES`)는 가정입니다. 추정 시간 = 잰 값 × 가정한 속도.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, lessonId } from '../../course/chapters.js';
import { josa } from '../../reference/src/server/josa.js';
import { root } from './course-files.js';
import { chapterRegions } from './mutation-regions.js';

export interface Rates {
  readonly readCharsPerMinute: number;
  readonly minutesPerLine: number;
  readonly machineRuns: number;
}

/** 추정에 쓰는 가정. 바꾸면 `npm run workshop:timing -- --page`로 안내를 다시 만듭니다. */
export const RATES: Rates = {
  /** 강의 본문(코드 블록 밖)을 읽는 속도, 글자/분. 처음 보는 개념이 많은 기술 문서라 보통 글보다 느리게 잡습니다. */
  readCharsPerMinute: 400,
  /** 해답 코드 한 줄(빈 줄과 주석 줄 제외)을 생각하고 쓰고 고치는 데 드는 분 */
  minutesPerLine: 2,
  /** 학습자가 테스트와 직접 해보기 명령을 돌리는 횟수: 빨강에서 초록까지 여러 번 돌립니다 */
  machineRuns: 3,
};

/** 한 장을 잰 값 */
export interface ChapterTiming {
  readonly number: number;
  readonly title: string;
  /** `npm run exercise -- N`을 손대지 않은 스타터에 돌린 시간(초): 학습자의 첫 빨간 실행 */
  readonly starterSeconds: number;
  /** 그때 통과한 테스트 수 / 돌린 테스트 수, 건너뛴 끝에서 끝까지 테스트 파일 수 */
  readonly starterPassed: number;
  readonly starterTests: number;
  readonly starterSkippedE2eFiles: number;
  /** `npm run solution -- N`의 시간(초): 모든 테스트가 초록인 실행 */
  readonly solutionSeconds: number;
  /** 해답 실행에서 돈 테스트 수 (끝에서 끝까지 포함) */
  readonly tests: number;
  /** `npm run lessons:check -- <강의>`의 시간(초): 강의의 직접 해보기 명령을 모두 돌림 */
  readonly lessonSeconds: number;
  /** 그때 실행한 명령 블록 수 */
  readonly lessonBlocks: number;
  /** 학습자가 쓰는 줄: 이 장의 `@exercise` 구간에서 빈 줄과 주석 줄을 뺀 줄 수 */
  readonly writtenLines: number;
  /** 채울 구간(빈칸) 수 */
  readonly regions: number;
  /** 강의 본문 글자 수 (머리말과 코드 블록 제외, 공백 포함) */
  readonly lessonChars: number;
  /** 이 장을 재기 시작할 때의 1분 평균 부하 (공유 기계라 함께 적습니다) */
  readonly loadAverage: number;
}

export interface WorkshopTiming {
  /** 잰 날짜 (UTC, YYYY-MM-DD) */
  readonly measuredOn: string;
  /** 잰 과정의 커밋 (git rev-parse --short HEAD). 일부 장만 다시 재면 그때의 커밋으로 바뀝니다 */
  readonly commit: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly cpuModel: string;
    /** 재기 시작할 때와 끝났을 때의 부하 평균 (1분, 5분, 15분) */
    readonly loadAverageStart: readonly number[];
    readonly loadAverageEnd: readonly number[];
    /** 이 기계에서 함께 돌던 다른 작업에 대한 메모 */
    readonly note: string;
  };
  readonly rates: Rates;
  readonly chapters: readonly ChapterTiming[];
}

/** 분 단위 추정. 각 항은 올림한 정수 분입니다. */
export interface Estimate {
  readonly read: number;
  readonly write: number;
  readonly run: number;
  readonly total: number;
}

/**
 * 추정 = 읽기 + 쓰기 + 기계.
 * 읽기 = 강의 글자 수 ÷ 읽는 속도, 쓰기 = 쓰는 줄 × 줄당 분,
 * 기계 = (빨간 실행 + 초록 실행 + 직접 해보기 명령) × 돌리는 횟수.
 */
export function estimate(t: ChapterTiming, rates: Rates = RATES): Estimate {
  const read = Math.ceil(t.lessonChars / rates.readCharsPerMinute);
  const write = Math.ceil(t.writtenLines * rates.minutesPerLine);
  const run = Math.ceil(((t.starterSeconds + t.solutionSeconds + t.lessonSeconds) * rates.machineRuns) / 60);
  return { read, write, run, total: read + write + run };
}

/** 학습자가 쓰는 줄과 채울 구간 수: 해답 파일의 `@exercise` 구간에서 빈 줄과 주석 줄을 뺍니다. */
export function writtenLines(chapter: Chapter): { lines: number; regions: number } {
  const regions = chapterRegions(chapter);
  let lines = 0;
  for (const r of regions) {
    const source = readFileSync(path.join(root, r.file), 'utf8').split('\n');
    lines += source.slice(r.startLine - 1, r.endLine).filter((l) => !/^\s*(\/\/.*|\/?\*.*)?$/.test(l)).length;
  }
  return { lines, regions: regions.length };
}

/** 강의 본문의 글자 수: 머리말(front matter)과 ``` 코드 블록을 빼고, 공백을 포함해 셉니다. */
export function lessonChars(markdown: string): number {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const prose = body.replace(/^(```+)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
  return [...prose.replace(/\n+/g, '\n')].length;
}

export function lessonFile(chapter: Chapter): string {
  return path.join(root, 'docs/docs', `${lessonId(chapter)}.md`);
}

/** 러너의 마지막 요약 줄 `이 장: 3/12 통과, e2e 파일 1개 건너뜀 (4.1초)`을 읽습니다. */
export function parseRunnerSummary(output: string): { passed: number; total: number; skippedE2eFiles: number } {
  const m = /이 장: (\d+)\/(\d+) 통과(?:, e2e 파일 (\d+)개 건너뜀)?/.exec(stripAnsi(output));
  if (!m) throw new Error(`러너의 요약 줄을 찾지 못했습니다:\n${output.slice(-2000)}`);
  return { passed: Number(m[1]), total: Number(m[2]), skippedE2eFiles: Number(m[3] ?? 0) };
}

/** lessons:check의 강의 줄 `✓ …: 명령 블록 9개 실행, …`에서 실행한 블록 수와 성공 여부를 읽습니다. */
export function parseLessonLine(output: string): { blocks: number; ok: boolean } {
  const m = /^([✓✗]) .*: 명령 블록 (\d+)개 실행/m.exec(stripAnsi(output));
  if (!m) throw new Error(`lessons:check의 결과 줄을 찾지 못했습니다:\n${output.slice(-2000)}`);
  return { blocks: Number(m[2]), ok: m[1] === '✓' };
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: 터미널 색 코드를 지웁니다
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

// ─── 안내 문서에 넣는 표와 일정 ───────────────────────────────────────────────

/** 안내 문서에서 자동으로 만드는 부분의 경계. 학습 사이트는 .md를 MDX로 읽으므로 HTML 주석 대신 MDX 주석을 씁니다. */
export const PAGE_BEGIN =
  '{/* workshop-timing:begin (npm run workshop:timing -- --page가 course/workshop-timing.json에서 만듭니다. 손으로 고치지 마세요) */}';
export const PAGE_END = '{/* workshop-timing:end */}';

const seconds = (s: number) => (s < 100 ? s.toFixed(1) : s.toFixed(0));

/**
 * 장마다의 두 표: 잰 값(기계 시간과 작업의 크기)과, 그것으로 셈한 추정(분).
 * 잰 것과 가정으로 셈한 것을 섞지 않으려고, 그리고 좁은 화면에서도 추정 열이 밀려나지 않게 둘로 나눕니다.
 */
export function timingTable(data: WorkshopTiming): string[] {
  const measured = [
    '| 장 | 빨간 실행(초) | 초록 실행(초) | 직접 해보기(초, 블록) | 테스트 | 쓰는 줄(구간) | 강의 글자 | 부하 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const estimated = [
    `| 장 | 읽기 | 쓰기 | 기계 ×${data.rates.machineRuns} | **추정(분)** |`,
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const sum = { starter: 0, solution: 0, lesson: 0, tests: 0, lines: 0, chars: 0, read: 0, write: 0, run: 0, total: 0 };
  for (const t of data.chapters) {
    const e = estimate(t, data.rates);
    measured.push(
      `| ${t.number} | ${seconds(t.starterSeconds)} | ${seconds(t.solutionSeconds)} | ` +
        `${seconds(t.lessonSeconds)} (${t.lessonBlocks}) | ${t.tests} | ${t.writtenLines} (${t.regions}) | ` +
        `${t.lessonChars.toLocaleString('en-US')} | ${t.loadAverage.toFixed(1)} |`,
    );
    estimated.push(`| ${t.number}. ${t.title} | ${e.read} | ${e.write} | ${e.run} | **${e.total}** |`);
    sum.starter += t.starterSeconds;
    sum.solution += t.solutionSeconds;
    sum.lesson += t.lessonSeconds;
    sum.tests += t.tests;
    sum.lines += t.writtenLines;
    sum.chars += t.lessonChars;
    sum.read += e.read;
    sum.write += e.write;
    sum.run += e.run;
    sum.total += e.total;
  }
  measured.push(
    `| 합계 | ${seconds(sum.starter)} | ${seconds(sum.solution)} | ${seconds(sum.lesson)} | ${sum.tests} | ${sum.lines} | ` +
      `${sum.chars.toLocaleString('en-US')} |  |`,
  );
  estimated.push(`| 합계 | ${sum.read} | ${sum.write} | ${sum.run} | **${sum.total}** |`);
  return [
    `**잰 값** (초 단위 세 열의 합계 ${seconds(sum.starter + sum.solution + sum.lesson)}초, 약 ${Math.round((sum.starter + sum.solution + sum.lesson) / 60)}분)`,
    '',
    ...measured,
    '',
    '**추정** (분)',
    '',
    ...estimated,
  ];
}

/** 일정의 한 칸: 장 하나, 또는 쉬는 시간·점심·시작·마무리 */
export interface Slot {
  readonly start: string;
  readonly end: string;
  readonly what: string;
}

/** 하루 일정 틀. 수업은 시작 정리 뒤부터 점심 전까지, 점심 뒤부터 마무리 전까지입니다. */
export const DAY = {
  start: 9 * 60 + 30,
  lunchAfter: 12 * 60,
  lunchMinutes: 60,
  end: 17 * 60 + 30,
  openingMinutes: 20,
  closingMinutes: 20,
  /** 한 덩어리가 이만큼 넘게 이어지면 그 뒤에 쉽니다 */
  breakEvery: 80,
  breakMinutes: 10,
} as const;

/** 일정에 넣는 장: 장 번호와, 교실에서 쓰는 시간(분). 연습 문제를 교실에서 다 풀지 않는 장은 줄인 시간을 씁니다. */
export interface Session {
  readonly chapter: number;
  readonly minutes: number;
  readonly note: string;
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const roundUp5 = (m: number) => Math.ceil(m / 5) * 5;

/**
 * 장들을 하루에 차례로 놓습니다. 한 덩어리가 `breakEvery`분을 넘지 않게 쉬는 시간을 끼우고, 점심 시각이 되면 점심을
 * 넣습니다. 15분이 안 되는 자투리는 만들지 않습니다: 남은 것이 15분 이하면 그대로 이어 가고, 쉬기 전에 20분이 안 남았으면
 * 먼저 쉽니다. 하루에 다 들어가지 않으면 오류입니다 (일정을 짜는 쪽이 장이나 시간을 줄여야 합니다).
 */
export function planDay(data: WorkshopTiming, sessions: readonly Session[]): Slot[] {
  const slots: Slot[] = [];
  let now = DAY.start;
  let lunched = false;
  let sinceBreak = 0;
  const add = (minutes: number, what: string) => {
    slots.push({ start: clock(now), end: clock(now + minutes), what });
    now += minutes;
  };
  add(DAY.openingMinutes, '시작: `npm run progress`로 모두의 자리 확인');
  sinceBreak = DAY.openingMinutes;
  for (const s of sessions) {
    const t = data.chapters.find((c) => c.number === s.chapter);
    if (!t) throw new Error(`${s.chapter}장을 잰 값이 없습니다 (npm run workshop:timing)`);
    let left = roundUp5(s.minutes);
    let part = 0;
    while (left > 0) {
      const roomBreak = DAY.breakEvery - sinceBreak;
      const roomLunch = lunched ? Number.POSITIVE_INFINITY : DAY.lunchAfter - now;
      const room = Math.min(roomBreak, roomLunch);
      if (left > room + 15 && room < 20) {
        if (roomLunch <= roomBreak) {
          add(DAY.lunchMinutes, '점심');
          lunched = true;
        } else add(DAY.breakMinutes, '쉬는 시간');
        sinceBreak = 0;
        continue;
      }
      const chunk = left <= room + 15 ? left : room;
      part++;
      const label = part === 1 ? `${t.number}장 ${t.title}` : `${t.number}장 (이어서)`;
      add(chunk, part === 1 && s.note ? `${label} — ${s.note}` : label);
      sinceBreak += chunk;
      left -= chunk;
    }
  }
  if (!lunched) throw new Error('점심 전에 일정이 끝났습니다: 장을 더 넣거나 하루 틀을 줄이세요');
  add(DAY.closingMinutes, '마무리: 다음 장과 집에서 할 일 (`npm run progress`)');
  if (now > DAY.end) throw new Error(`일정이 ${clock(now)}에 끝나 ${clock(DAY.end)}를 넘습니다`);
  return slots;
}

/** 한 장의 교실 시간: 추정 그대로, 또는 그중 쓰기만 줄인 것 */
export function classroomMinutes(data: WorkshopTiming, chapter: number, writeShare = 1): number {
  const t = data.chapters.find((c) => c.number === chapter);
  if (!t) throw new Error(`${chapter}장을 잰 값이 없습니다 (npm run workshop:timing)`);
  const e = estimate(t, data.rates);
  return e.read + Math.ceil(e.write * writeShare) + e.run;
}

export function scheduleTable(slots: readonly Slot[]): string[] {
  return ['| 시각 | 하는 일 |', '| --- | --- |', ...slots.map((s) => `| ${s.start}–${s.end} | ${s.what} |`)];
}

/**
 * 1일·2일 일정에 넣을 장. 바꾸면 `npm run workshop:timing -- --page`로 안내를 다시 만들고, 안내의 "일정은 같은 데이터에서
 * 이렇게 짭니다" 문단도 함께 고칩니다.
 */
export function plans(data: WorkshopTiming): { title: string; days: Session[][] }[] {
  const full = (chapter: number): Session => ({ chapter, minutes: classroomMinutes(data, chapter), note: '' });
  const demo = (chapter: number): Session => ({
    chapter,
    minutes: classroomMinutes(data, chapter, 0),
    note: '강의와 직접 해보기만 (연습 문제는 집에서)',
  });
  const producerDay = [full(1), full(4), full(5)];
  return [
    { title: '1일 과정', days: [producerDay] },
    { title: '2일 과정', days: [producerDay, [full(6), full(7), demo(8)]] },
  ];
}

/** 안내 문서의 자동 부분(PAGE_BEGIN ~ PAGE_END)을 데이터에서 다시 만든 문서 */
export function renderPage(page: string, data: WorkshopTiming): string {
  const begin = page.indexOf(PAGE_BEGIN);
  const end = page.indexOf(PAGE_END);
  if (begin < 0 || end < begin) throw new Error('워크숍 안내에 자동으로 만드는 부분의 경계 주석이 없습니다');
  return `${page.slice(0, begin)}${PAGE_BEGIN}\n\n${generatedSection(data).join('\n')}\n\n${page.slice(end)}`;
}

export function generatedSection(data: WorkshopTiming): string[] {
  const m = data.machine;
  const lines = [
    `잰 날: ${data.measuredOn} (커밋 ${data.commit}), Node ${m.node}, ${m.platform}, CPU ${m.cpus}개 (${m.cpuModel}), ` +
      `부하 평균 ${m.loadAverageStart.join(' / ')} → ${m.loadAverageEnd.join(' / ')} (1분 / 5분 / 15분)` +
      (m.note ? `. ${m.note}` : '') +
      '.',
    '',
    `추정(분) = 강의 글자 ÷ ${data.rates.readCharsPerMinute}자/분 + 쓰는 줄 × ${data.rates.minutesPerLine}분 + ` +
      `(빨간 실행 + 초록 실행 + 직접 해보기) × ${data.rates.machineRuns}회.`,
    '',
    ...timingTable(data),
  ];
  // 앞에서 이미 보인 하루와 같은 날은 표를 다시 찍지 않고 그 제목을 가리킵니다.
  const shown = new Map<string, string>();
  for (const plan of plans(data)) {
    plan.days.forEach((day, i) => {
      const title = `${plan.title}${plan.days.length > 1 ? ` — ${i + 1}일째` : ''}`;
      const table = scheduleTable(planDay(data, day));
      const same = shown.get(table.join('\n'));
      lines.push('', `### ${title}`, '', ...(same ? [`${josa(same, '와/과')} 같습니다.`] : table));
      if (!same) shown.set(table.join('\n'), title);
    });
  }
  return lines;
}
