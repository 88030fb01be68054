/**
 * 워크숍 시간표: 추정 공식, 러너와 lessons:check 출력 읽기, 하루 일정 짜기, 그리고
 * 워크숍 안내(docs/docs/workshop.md)의 표·일정이 잰 데이터(course/workshop-timing.json)와 같은지.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chapters } from '../../course/chapters.js';
import {
  type ChapterTiming,
  estimate,
  generatedSection,
  lessonChars,
  PAGE_BEGIN,
  PAGE_END,
  parseLessonLine,
  parseRunnerSummary,
  planDay,
  RATES,
  renderPage,
  type WorkshopTiming,
} from '../lib/workshop-timing.js';

const repo = path.resolve(import.meta.dirname, '../..');
const data = JSON.parse(readFileSync(path.join(repo, 'course/workshop-timing.json'), 'utf8')) as WorkshopTiming;
const page = readFileSync(path.join(repo, 'docs/docs/workshop.md'), 'utf8');

const timing = (over: Partial<ChapterTiming> = {}): ChapterTiming => ({
  number: 1,
  title: '한 장',
  starterSeconds: 10,
  starterPassed: 0,
  starterTests: 5,
  starterSkippedE2eFiles: 1,
  solutionSeconds: 20,
  tests: 8,
  lessonSeconds: 30,
  lessonBlocks: 4,
  writtenLines: 10,
  regions: 2,
  lessonChars: 4001,
  loadAverage: 1,
  ...over,
});
const fixture = (chapterTimings: ChapterTiming[]): WorkshopTiming => ({
  measuredOn: '2026-01-01',
  commit: 'abc1234',
  machine: {
    node: 'v24',
    platform: 'linux',
    cpus: 2,
    cpuModel: 'cpu',
    loadAverageStart: [1, 1, 1],
    loadAverageEnd: [1, 1, 1],
    note: '',
  },
  rates: RATES,
  chapters: chapterTimings,
});

describe('추정 공식', () => {
  it('EstimateIsReadPlusWritePlusMachine: 읽기 = 글자 ÷ 속도, 쓰기 = 줄 × 분, 기계 = 세 실행의 합 × 횟수 (모두 올림)', () => {
    const rates = { readCharsPerMinute: 400, minutesPerLine: 2, machineRuns: 3 };
    // 4001자 ÷ 400 = 10.0025 → 11분, 10줄 × 2 = 20분, (10 + 20 + 30)초 × 3 = 180초 = 3분
    expect(estimate(timing(), rates)).toEqual({ read: 11, write: 20, run: 3, total: 34 });
    expect(estimate(timing({ starterSeconds: 10.5 }), rates).run).toBe(4);
  });

  it('LessonCharsSkipFrontMatterAndCode: 머리말과 코드 블록은 읽기 글자에 넣지 않습니다', () => {
    const md = [
      '---',
      'title: 제목',
      '---',
      '가나다',
      '',
      '```bash',
      'npm run broker',
      '```',
      '라마',
      '````md',
      '```',
      '````',
    ];
    expect(lessonChars(md.join('\n'))).toBe([...'가나다\n라마\n'].length);
  });
});

describe('출력 읽기', () => {
  it('RunnerSummaryLine: 러너의 마지막 요약 줄에서 통과 수, 테스트 수, 건너뛴 e2e 파일 수를 읽습니다', () => {
    expect(parseRunnerSummary('…\n이 장: 3/12 통과, e2e 파일 2개 건너뜀 (4.1초)\n다음 할 일')).toEqual({
      passed: 3,
      total: 12,
      skippedE2eFiles: 2,
    });
    expect(parseRunnerSummary('\u001b[32m이 장: 25/25 통과 (9.0초)\u001b[39m')).toEqual({
      passed: 25,
      total: 25,
      skippedE2eFiles: 0,
    });
    expect(() => parseRunnerSummary('시간 초과: 테스트가 멈췄습니다')).toThrow(/요약 줄/);
  });

  it('LessonCheckLine: lessons:check의 강의 줄에서 실행한 블록 수와 성공 여부를 읽습니다', () => {
    const line =
      '✓ docs/docs/chapters/log-offsets.md: 명령 블록 9개 실행, 출력 7개 비교(가림 1), 파일 2개, 돌리지 않음 0개 — 6초';
    expect(parseLessonLine(`> tsx …\n${line}\n\n강의 1개: …`)).toEqual({ blocks: 9, ok: true });
    expect(parseLessonLine(line.replace('✓', '✗'))).toEqual({ blocks: 9, ok: false });
  });
});

describe('하루 일정', () => {
  const data3 = fixture([timing({ number: 1 }), timing({ number: 2 }), timing({ number: 3 })]);

  it('DayHasLunchAndBreaks: 점심과 쉬는 시간을 끼우고, 덩어리는 쉬는 시간 사이 80분(+15분)을 넘지 않습니다', () => {
    const slots = planDay(data3, [
      { chapter: 1, minutes: 150, note: '' },
      { chapter: 2, minutes: 100, note: '읽기와 시연만' },
      { chapter: 3, minutes: 60, note: '' },
    ]);
    const minutes = (s: { start: string; end: string }) => {
      const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
      return m(s.end) - m(s.start);
    };
    expect(slots[0]?.start).toBe('09:30');
    for (let i = 1; i < slots.length; i++) expect(slots[i]?.start).toBe(slots[i - 1]?.end);
    expect(slots.filter((s) => s.what === '점심')).toHaveLength(1);
    const lunch = slots.find((s) => s.what === '점심') as { start: string };
    expect(lunch.start >= '11:40' && lunch.start <= '12:15').toBe(true);
    // 장마다 배정한 시간(5분 단위 올림)이 모두 들어갑니다
    const per = (n: number) => slots.filter((s) => s.what.startsWith(`${n}장`)).reduce((sum, s) => sum + minutes(s), 0);
    expect([per(1), per(2), per(3)]).toEqual([150, 100, 60]);
    expect(slots.find((s) => s.what.startsWith('2장 '))?.what).toContain('읽기와 시연만');
    // 쉬는 시간이나 점심 사이의 수업은 80분 + 자투리 15분을 넘지 않고, 15분보다 짧은 자투리를 만들지 않습니다
    let run = 0;
    for (const s of slots.slice(1, -1)) {
      if (s.what === '점심' || s.what === '쉬는 시간') run = 0;
      else {
        run += minutes(s);
        expect(run).toBeLessThanOrEqual(95);
        expect(minutes(s)).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('DayThatDoesNotFitFails: 하루에 들어가지 않는 일정과 잰 값이 없는 장은 오류입니다', () => {
    expect(() => planDay(data3, [{ chapter: 1, minutes: 500, note: '' }])).toThrow(/넘습니다/);
    expect(() => planDay(data3, [{ chapter: 9, minutes: 30, note: '' }])).toThrow(/잰 값이 없습니다/);
  });
});

describe('잰 데이터와 워크숍 안내', () => {
  it('EveryReadyChapterMeasured: 준비된 장마다 잰 값이 있고 (npm run workshop:timing -- N), 제목이 같습니다', () => {
    const ready = chapters.filter((c) => c.status === 'ready');
    expect(data.chapters.map((c) => `${c.number} ${c.title}`)).toEqual(ready.map((c) => `${c.number} ${c.title}`));
    for (const c of data.chapters) {
      expect(c.solutionSeconds, `${c.number}장`).toBeGreaterThan(0);
      expect(c.starterPassed, `${c.number}장의 스타터는 빨강이어야 합니다`).toBeLessThan(c.starterTests);
      expect(c.writtenLines, `${c.number}장`).toBeGreaterThan(0);
    }
  });

  it('DataUsesCurrentRates: 데이터에 적힌 가정이 코드의 가정과 같습니다 (바꿨으면 npm run workshop:timing -- --page)', () => {
    expect(data.rates).toEqual(RATES);
  });

  it('PageMatchesData: 워크숍 안내의 표와 일정이 데이터에서 만든 것과 같습니다 (다르면 npm run workshop:timing -- --page)', () => {
    expect(page).toContain(PAGE_BEGIN);
    expect(page).toContain(PAGE_END);
    const inPage = page.slice(page.indexOf(PAGE_BEGIN) + PAGE_BEGIN.length, page.indexOf(PAGE_END)).trim();
    expect(inPage).toBe(generatedSection(data).join('\n'));
    expect(renderPage(page, data)).toBe(page);
  });
});
