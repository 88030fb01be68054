/**
 * 학습자의 도구: `npm run progress`(진행 상황과 다음 할 일), `npm run exercise:N -- --reset`, `npm run catch-up -- N`,
 * 그리고 손으로 고친 스타터를 덮어쓰지 않는 `course:sync`. 저장소의 임시 사본에서 진짜 스크립트를 돌립니다.
 * 저장소의 exercises/는 건드리지 않습니다.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chapter, chapters } from '../../course/chapters.js';
import { conflictLines, mergeFile } from '../lib/course-update.js';
import {
  type ChapterState,
  chapterState,
  fingerprint,
  loadProgress,
  nextStepLines,
  progressReportLines,
  recordProgress,
} from '../lib/progress.js';

const repo = path.resolve(import.meta.dirname, '../..');
const env = { ...process.env, NO_COLOR: '1' };
const ch = (n: number) => chapters.find((c) => c.number === n) as Chapter;
/** 아직 준비 중인 첫 장. 모든 장이 준비되었으면 다음에 올 장의 모양을 여기서 만듭니다 (진행 표의 "준비 중" 줄을 보려고) */
const planned: Chapter = chapters.find((c) => c.status === 'planned') ?? {
  number: chapters.length + 1,
  slug: 'next',
  title: '다음 장',
  status: 'planned',
  implements: '',
  syllabus: [],
  modules: [],
  hints: {},
};
const LOG = 'exercises/01-log-offsets/src/in-memory-log.ts';
const LOG_SOLUTION = 'solutions/01-log-offsets/src/in-memory-log.ts';

let dir: string;
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

function tool(args: string[], input = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: dir, env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
    child.stdin.end(input);
  });
}

let starter: string;

beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'learner-tools-')));
  for (const p of [
    'course',
    'scripts',
    'reference/src',
    'exercises',
    'solutions',
    'package.json',
    'tsconfig.json',
    'biome.json',
    '.gitignore',
    'README.md',
  ]) {
    cpSync(path.join(repo, p), path.join(dir, p), { recursive: true });
  }
  symlinkSync(realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'));
  // 1·2장 스타터를 reference에서 만든 그대로 두고, course:sync가 쓴 내용을 기억하게 합니다 (.course/generated.json)
  const sync = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/course-sync.ts', '--force', '1', '2'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  if (sync.status !== 0) throw new Error(sync.stdout + sync.stderr);
  starter = read(LOG);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 학습자가 1장 파일에 한 줄 적어 둔 상태 */
const learnerEdit = () => `${starter}\n// 내가 적은 메모\n`;

describe('진행 상황: 기록은 지금 파일과 맞을 때만 믿습니다', () => {
  it('기록이 없으면 "아직 돌리지 않음", 기록 뒤에 코드가 바뀌면 "다시 확인해야 함", 해답과 같으면 "해답으로 채움"', () => {
    write(LOG, starter);
    const progress = () => loadProgress(dir);
    expect(chapterState(ch(1), progress(), dir).kind).toBe('not-run');
    expect(chapterState(planned, progress(), dir).kind).toBe('planned');

    recordProgress(ch(1), 3, 10, dir);
    const recorded = chapterState(ch(1), progress(), dir);
    expect(recorded).toMatchObject({ kind: 'failing', record: { passed: 3, total: 10 } });

    write(LOG, learnerEdit());
    expect(chapterState(ch(1), progress(), dir)).toMatchObject({ kind: 'stale', record: { passed: 3 } });
    recordProgress(ch(1), 10, 10, dir);
    expect(chapterState(ch(1), progress(), dir).kind).toBe('passed');

    // 테스트가 바뀌어도(과정 업데이트) 지난 결과는 낡습니다
    const before = fingerprint(ch(1), dir);
    const test = 'exercises/01-log-offsets/test/in-memory-log.test.ts';
    const original = read(test);
    write(test, `${original}\n`);
    expect(fingerprint(ch(1), dir)).not.toBe(before);
    expect(chapterState(ch(1), progress(), dir).kind).toBe('stale');
    write(test, original);
    expect(chapterState(ch(1), progress(), dir).kind).toBe('passed');

    write(LOG, read(LOG_SOLUTION));
    expect(chapterState(ch(1), {}, dir).kind).toBe('solution');
    write(LOG, starter);
  });

  it('합치지 못한 표시가 있으면 그 자리(파일:줄)를 짚습니다', () => {
    write(LOG, `${starter}<<<<<<< 내 코드\na\n||||||| 이전 과정\nb\n=======\nc\n>>>>>>> 새 과정\n`);
    const state = chapterState(ch(1), loadProgress(dir), dir);
    const line = starter.split('\n').length;
    expect(state).toEqual({ kind: 'conflict', places: [`${LOG}:${line}`] });
    write(LOG, starter);
  });

  it('다음 할 일은 끝나지 않은 첫 장이고, 상태마다 할 명령을 한국어로 알려 줍니다', () => {
    const at = '2026-12-05T09:30:00.000Z';
    const states = (first: ChapterState) =>
      new Map<Chapter, ChapterState>([
        [ch(1), { kind: 'solution' }],
        [ch(2), first],
        [ch(3), { kind: 'not-run' }],
        [planned, { kind: 'planned' }],
      ]);
    expect(nextStepLines(states({ kind: 'failing', record: { passed: 3, total: 16, at } }))).toEqual([
      '다음 할 일: 2장 세그먼트와 인덱스를 마저 풉니다 (3/16 통과).',
      '  npm run exercise:2   처음 실패한 테스트와 힌트를 보여 줍니다',
    ]);
    expect(nextStepLines(states({ kind: 'stale', record: { passed: 3, total: 16, at } }))[0]).toBe(
      '다음 할 일: 2장 세그먼트와 인덱스를 다시 돌려 지금 코드로 확인합니다.',
    );
    expect(nextStepLines(states({ kind: 'passed', record: { passed: 16, total: 16, at } }))).toEqual([
      '다음 할 일: 3장 레코드 배치와 와이어 프로토콜을 시작합니다.',
      '  npm run exercise:3',
    ]);
    const done = new Map<Chapter, ChapterState>([
      [ch(1), { kind: 'solution' }],
      [planned, { kind: 'planned' }],
    ]);
    expect(nextStepLines(done)).toEqual([
      '준비된 장을 모두 마쳤습니다!',
      `준비 중인 장(${planned.number}장)이 나오면 npm run update로 받으세요.`,
    ]);
    const report = progressReportLines(states({ kind: 'stale', record: { passed: 3, total: 16, at } }));
    expect(report[0]).toBe('  ✓  1장 파티션 로그와 오프셋           해답으로 채움 (catch-up)');
    expect(report[1]).toMatch(/^ {2}\? {2}2장 세그먼트와 인덱스 +다시 확인해야 함: \d+월 \d+일 \d\d:\d\d에 3\/16 통과/);
    expect(report[3]).toMatch(new RegExp(`^ {2}· +${planned.number}장 ${planned.title} +준비 중$`));
    expect(report).toContain('준비된 3장 가운데 1장 완료');
  });
});

describe('npm run exercise:N -- --reset', () => {
  it('내가 고친 파일을 보여 주고 묻습니다: 아니요면 그대로, 예면 백업한 뒤 처음 스타터로', async () => {
    write(LOG, learnerEdit());
    const no = await tool(['scripts/course.ts', 'exercise', '1', '--reset'], 'n\n');
    expect(no.code).toBe(1);
    expect(no.out).toContain(`1장에서 내가 고친 파일:\n  ${LOG}`);
    expect(no.out).toContain('처음 스타터로 되돌릴까요?');
    expect(no.out).toContain('되돌리지 않았습니다. 파일은 그대로입니다.');
    expect(read(LOG)).toBe(learnerEdit());

    // 답 없이 입력이 끝나면(파이프, CI) 아니요입니다
    expect((await tool(['scripts/course.ts', 'exercise', '1', '--reset'])).code).toBe(1);
    expect(read(LOG)).toBe(learnerEdit());

    const yes = await tool(['scripts/course.ts', 'exercise', '1', '--reset'], 'y\n');
    expect(yes.code, yes.out).toBe(0);
    expect(read(LOG)).toBe(starter);
    const saved = /되돌리기 전의 내 파일은 (\S+)\/에 있습니다/.exec(yes.out)?.[1] as string;
    expect(read(path.join(saved, LOG))).toBe(learnerEdit());

    const again = await tool(['scripts/course.ts', 'exercise', '1', '--reset', '--yes']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('1장의 스타터는 이미 처음 상태입니다.');
  }, 200_000);

  it('--yes는 --reset과만, --reset은 exercise에만 씁니다', async () => {
    expect((await tool(['scripts/course.ts', 'exercise', '1', '--yes'])).code).toBe(2);
    const solution = await tool(['scripts/course.ts', 'solution', '1', '--reset']);
    expect(solution.code).toBe(2);
    expect(solution.out).toContain('--reset은 npm run exercise:N에만 씁니다');
  }, 60_000);
});

describe('npm run catch-up -- N', () => {
  it('앞 장을 해답으로 채우되, 내가 고친 파일은 묻고(아니요면 그대로), 예면 백업한 뒤 바꿉니다', async () => {
    write(LOG, learnerEdit());
    const kept = await tool(['scripts/catch-up.ts', '3']);
    expect(kept.code).toBe(1);
    expect(kept.out).toContain(`해답으로 바꿀 파일 가운데 내가 고친 파일:\n  ${LOG}`);
    expect(kept.out).toContain('1장 파티션 로그와 오프셋: 내가 고친 파일 1개를 그대로 둠');
    expect(kept.out).toMatch(/2장 세그먼트와 인덱스: 해답으로 채움 \(4개 파일\)/);
    expect(kept.out).toContain('이제 3장부터 시작하세요: npm run exercise:3');
    expect(read(LOG)).toBe(learnerEdit());
    for (const name of ['log-loader.ts', 'log-segment.ts', 'retention.ts', 'unified-log.ts']) {
      expect(read(`exercises/02-segment-indexing/src/${name}`)).toBe(read(`solutions/02-segment-indexing/src/${name}`));
    }

    const replaced = await tool(['scripts/catch-up.ts', '3', '--yes']);
    expect(replaced.code, replaced.out).toBe(0);
    expect(replaced.out).toMatch(/1장 파티션 로그와 오프셋: 해답으로 채움 \(1개 파일\)/);
    expect(replaced.out).toContain('2장 세그먼트와 인덱스: 이미 해답입니다');
    expect(read(LOG)).toBe(read(LOG_SOLUTION));
    const saved = /해답으로 바꾸기 전의 내 파일은 (\S+)\/에 있습니다/.exec(replaced.out)?.[1] as string;
    expect(read(path.join(saved, LOG))).toBe(learnerEdit());

    const progress = await tool(['scripts/progress.ts']);
    expect(progress.out).toMatch(/✓ {2}1장 파티션 로그와 오프셋 +해답으로 채움/);
    expect(progress.out).toMatch(/✓ {2}2장 세그먼트와 인덱스 +해답으로 채움/);
    expect(progress.out).toContain('다음 할 일: 3장 레코드 배치와 와이어 프로토콜을 시작합니다.');
    write(LOG, starter);
  }, 200_000);

  it('1장 앞에는 채울 것이 없고, 없는 장은 사용법과 함께 거절합니다', async () => {
    const first = await tool(['scripts/catch-up.ts', '1']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('1장 앞에는 채울 장이 없습니다. 바로 시작하세요: npm run exercise:1');
    const wrong = await tool(['scripts/catch-up.ts', '99']);
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('99장은 없습니다.');
    expect((await tool(['scripts/catch-up.ts'])).out).toContain('몇 장부터 시작할지 장 번호를 주세요.');
  }, 60_000);
});

describe('course:sync는 손으로 고친 스타터를 덮어쓰지 않습니다', () => {
  it('마지막으로 쓴 내용과도 커밋된 내용과도 다른 스타터는 건너뛰고 알리며, --force면 덮어씁니다', async () => {
    write(LOG, learnerEdit());
    const skipped = await tool(['scripts/course-sync.ts', '1']);
    expect(skipped.code).toBe(1);
    expect(skipped.out).toContain(`건너뜀  ${LOG}`);
    expect(skipped.out).toContain('npm run course:sync -- --force');
    expect(read(LOG)).toBe(learnerEdit());

    const forced = await tool(['scripts/course-sync.ts', '--force', '1']);
    expect(forced.code).toBe(0);
    expect(read(LOG)).toBe(starter);
  }, 120_000);
});

describe('3-way 병합 (npm run update가 파일마다 쓰는 것)', () => {
  const lines = (...l: string[]) => Buffer.from(`${l.join('\n')}\n`);
  const base = lines('a', 'todo1', 'b', 'c', 'd', 'todo2', 'e');

  it('떨어진 자리를 고쳤으면 둘 다 남기고, 같은 자리를 고쳤으면 한국어 라벨의 표시를 남깁니다', () => {
    const ours = lines('a', 'solved1', 'b', 'c', 'd', 'todo2', 'e');
    const clean = mergeFile(ours, base, lines('a', 'todo1', 'b', 'c', 'd', 'todo2 (새 설명)', 'e'));
    expect(clean.conflicts).toBe(0);
    expect(clean.text.toString()).toBe('a\nsolved1\nb\nc\nd\ntodo2 (새 설명)\ne\n');

    const clash = mergeFile(ours, base, lines('a', 'todo1 (새 설명)', 'b', 'c', 'd', 'todo2', 'e'));
    expect(clash.conflicts).toBe(1);
    const text = clash.text.toString();
    expect(text).toBe(
      'a\n<<<<<<< 내 코드\nsolved1\n||||||| 이전 과정\ntodo1\n=======\ntodo1 (새 설명)\n>>>>>>> 새 과정\nb\nc\nd\ntodo2\ne\n',
    );
    expect(conflictLines(text)).toEqual([2]);
  });
});
