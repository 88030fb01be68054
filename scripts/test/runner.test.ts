/**
 * 연습 문제 러너(scripts/course.ts, scripts/lib/report.ts, scripts/lib/run-tests.ts)의 테스트.
 *
 * 글을 만드는 부분은 결과를 지어 넣어 확인하고, 테스트를 돌리는 부분은 저장소의 임시 사본에서 진짜 vitest와 진짜
 * 러너 프로세스로 확인합니다: 작은 연습 장(99-fixture, 단위 테스트와 *.e2e.test.ts)과, 문법 오류를 넣은 1장.
 * 저장소의 exercises/는 건드리지 않습니다.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chapter, chapters, type Hint } from '../../course/chapters.js';
import { judgeStarter, lintPaths } from '../lib/learner-work.js';
import {
  chooseHint,
  failureLines,
  hintLines,
  loadErrorLines,
  skippedE2eLines,
  testIsAbout,
  unknownChapterLines,
} from '../lib/report.js';
import { type ChapterRun, type RunResult, runChapterTests, type TestOutcome, todoName } from '../lib/run-tests.js';

const repo = path.resolve(import.meta.dirname, '../..');

// ── 글: 지어 넣은 결과로 ─────────────────────────────────────────────────────────

const hints: Record<string, Hint> = {
  EmptyLog: { text: '빈 로그의 끝은 시작과 같습니다.', anchor: '#빈-로그' },
  AppendAssignsOffsets: {
    text: 'append는 끝부터 번호를 붙입니다.',
    anchor: '#오프셋-부여',
    more: ['둘째 단계', '셋째 단계'],
  },
  ReadInOrder: { text: 'read(offset)은 그 오프셋부터 돌려줍니다.', anchor: '#읽기' },
};
const chapter: Chapter = { ...(chapters[0] as Chapter), hints };

function outcome(id: string, title: string, failure?: TestOutcome['failure']): TestOutcome {
  return {
    file: 'exercises/01-log-offsets/test/x.test.ts',
    id,
    title,
    passed: !failure,
    ...(failure ? { failure } : {}),
  };
}

const todoIn = (method: string) =>
  ({
    message: `아직 작성하지 않았습니다: ${method}: …`,
    todo: true,
    todoIn: method,
    location: 'exercises/01-log-offsets/src/in-memory-log.ts:53',
  }) as const;

describe('처음 실패한 테스트의 힌트', () => {
  const outcomes = [
    outcome('EmptyLog', '빈 로그는 비어 있습니다', todoIn('read')),
    outcome('AppendAssignsOffsets', 'append는 연속된 오프셋을 붙입니다', todoIn('append')),
    outcome('ReadInOrder', 'read는 순서대로 돌려줍니다', todoIn('read')),
  ];

  it('빈칸 이름은 todo 메시지의 "이름:"에서, 없으면 todo()를 부른 함수에서 얻습니다', () => {
    expect(todoName('아직 작성하지 않았습니다: append: 레코드마다 …', 'InMemoryPartitionLog.append')).toBe('append');
    expect(todoName('아직 작성하지 않았습니다: LogSegment.shouldRoll: …', undefined)).toBe('LogSegment.shouldRoll');
    expect(todoName('아직 작성하지 않았습니다: 빈칸', 'Framer.feed')).toBe('Framer.feed');
    expect(todoName('아직 작성하지 않았습니다: 빈칸', 'get InMemoryPartitionLog.logEndOffset')).toBe(
      'InMemoryPartitionLog.logEndOffset',
    );
    expect(todoName('아직 작성하지 않았습니다: 빈칸', '<anonymous>')).toBeUndefined();
  });

  it('테스트가 빈칸을 다루는지는 ID의 낱말, 설명과 힌트에 나오는 이름으로 봅니다', () => {
    expect(testIsAbout(outcome('ReadInOrder', ''), undefined, 'read')).toBe(true);
    expect(testIsAbout(outcome('ShouldRollTable', ''), undefined, 'LogSegment.shouldRoll')).toBe(true);
    expect(testIsAbout(outcome('X', 'read(offset)은 …'), undefined, 'read')).toBe(true);
    expect(testIsAbout(outcome('X', 'readAll은 …'), undefined, 'read')).toBe(false);
    expect(testIsAbout(outcome('EmptyLog', '빈 로그'), hints.EmptyLog, 'read')).toBe(false);
    expect(testIsAbout(outcome('X', ''), { text: '먼저 floorIndex를 떠올리세요' }, 'floorIndex')).toBe(true);
  });

  it('다른 빈칸의 todo()에서 멈춘 테스트는 그 빈칸을 다루는 테스트의 힌트를 보여 줍니다', () => {
    const choice = chooseHint(chapter, outcomes[0] as TestOutcome, outcomes);
    expect(choice).toEqual({ testId: 'ReadInOrder', hint: hints.ReadInOrder, redirected: true });
    const text = failureLines(chapter, outcomes[0] as TestOutcome, outcomes, 1, 'exercise').join('\n');
    expect(text).toContain('다음에 쓸 곳: read (exercises/01-log-offsets/src/in-memory-log.ts:53)');
    expect(text).toContain('이 테스트는 아직 쓰지 않은 read에서 멈췄습니다. read를 먼저 쓰세요.');
    expect(text).toContain('아래 힌트는 read를 다루는 테스트 ReadInOrder의 힌트입니다.');
    expect(text).toContain('힌트: read(offset)은 그 오프셋부터 돌려줍니다.');
    expect(text).toContain('/docs/chapters/log-offsets#읽기');
    expect(text).not.toContain('빈 로그의 끝은 시작과 같습니다');
  });

  it('자기 빈칸에서 멈춘 테스트와, 빈칸을 다루는 다른 테스트가 없을 때는 자기 힌트를 보여 줍니다', () => {
    expect(chooseHint(chapter, outcomes[2] as TestOutcome, outcomes).redirected).toBe(false);
    const lonely = outcome('EmptyLog', '빈 로그', todoIn('logEndOffset'));
    const choice = chooseHint(chapter, lonely, [lonely, ...outcomes.slice(1)]);
    expect(choice).toEqual({ testId: 'EmptyLog', hint: hints.EmptyLog, redirected: false });
    const text = failureLines(chapter, lonely, [lonely], 1, 'exercise').join('\n');
    expect(text).toContain('다음에 쓸 곳: logEndOffset');
    expect(text).not.toContain('먼저 쓰세요');
    expect(text).toContain('힌트: 빈 로그의 끝은 시작과 같습니다.');
  });

  it('힌트는 처음에 한 단계만 보이고, --hint N은 N단계까지 보여 줍니다', () => {
    const hint = hints.AppendAssignsOffsets as Hint;
    expect(hintLines(chapter, hint, 1, 'exercise')).toEqual([
      '힌트 1/3: append는 끝부터 번호를 붙입니다.',
      '      더 자세한 힌트(2/3): npm run exercise:1 -- --hint 2',
    ]);
    expect(hintLines(chapter, hint, 2, 'exercise')).toEqual([
      '힌트 1/3: append는 끝부터 번호를 붙입니다.',
      '힌트 2/3: 둘째 단계',
      '      더 자세한 힌트(3/3): npm run exercise:1 -- --hint 3',
    ]);
    expect(hintLines(chapter, hint, 3, 'exercise')).toEqual([
      '힌트 1/3: append는 끝부터 번호를 붙입니다.',
      '힌트 2/3: 둘째 단계',
      '힌트 3/3: 셋째 단계',
    ]);
    expect(hintLines(chapter, hint, 5, 'exercise').at(-1)).toBe('      이 테스트의 힌트는 3단계까지입니다.');
    expect(hintLines(chapter, hints.EmptyLog, 1, 'exercise')).toEqual(['힌트: 빈 로그의 끝은 시작과 같습니다.']);
    expect(hintLines(chapter, hints.EmptyLog, 2, 'exercise')).toEqual([
      '힌트: 빈 로그의 끝은 시작과 같습니다.',
      '      이 테스트의 힌트는 1단계까지입니다.',
    ]);
  });

  it('없는 장 번호에는 장 목록을 한국어로 보여 줍니다', () => {
    const text = unknownChapterLines('99', 'exercise').join('\n');
    expect(text).toContain('99장은 없습니다.');
    for (const c of chapters) expect(text).toContain(`${c.number}장 ${c.title}`);
    expect(text).toContain('npm run exercise -- N');
    expect(unknownChapterLines(undefined, 'solution').join('\n')).toContain('npm run solution:N');
  });

  it('불러오기 실패는 색 코드 없이 코드 조각을 보여 주고 지난 기록을 알려 줍니다', () => {
    const colored =
      '\u001b[31m[PARSE_ERROR] \u001b[0mUnexpected token\n 40 │ \u001b[38;5;249mr\u001b[0m\u001b[38;5;249me\u001b[0m';
    const text = loadErrorLines([{ file: 'exercises/01/test/a.test.ts', message: colored }], {
      passed: 3,
      total: 10,
      at: '',
    }).join('\n');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('[PARSE_ERROR] Unexpected token\n   40 │ re');
    expect(text).toContain('진행 기록은 그대로 둡니다 (지난 결과: 3/10 통과).');
  });

  it('건너뛴 e2e 파일을 알립니다', () => {
    expect(skippedE2eLines([])).toEqual([]);
    expect(skippedE2eLines(['exercises/08/test/groups.e2e.test.ts'])[0]).toBe(
      '단위 테스트가 아직 실패해서 끝에서 끝까지(end-to-end) 테스트 파일 1개(groups.e2e.test.ts)는 건너뛰었습니다.',
    );
  });
});

describe('과정 점검의 스타터 판정', () => {
  const passing = [outcome('A', ''), outcome('B', '')];
  const mixed = [outcome('A', ''), outcome('B', '', todoIn('b'))];

  it('reference에서 만든 그대로인 스타터가 통과하면 과정의 결함입니다', () => {
    const verdict = judgeStarter(chapter, mixed, [], false);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(['1장 스타터가 A 테스트를 이미 통과합니다 (빈칸이 빠졌나요?)']);
  });

  it('학습자가 고친 스타터의 통과는 진행입니다: 다 풀었으면 "이미 풀었습니다 ✓"', () => {
    const changed = ['exercises/01-log-offsets/src/in-memory-log.ts'];
    expect(judgeStarter(chapter, passing, changed, false)).toEqual({
      problems: [],
      note: '1장은 이미 풀었습니다 ✓ (2/2 통과)',
      cell: '내 코드 2/2 통과',
      ok: true,
    });
    expect(judgeStarter(chapter, mixed, changed, false).note).toBe('1장을 푸는 중입니다: 1/2 통과');
  });

  it('--strict에서는 고친 스타터의 통과도 결함입니다', () => {
    const verdict = judgeStarter(chapter, passing, ['exercises/01-log-offsets/src/in-memory-log.ts'], true);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toHaveLength(2);
  });

  it('린트 경로는 학습자의 파일만 빼고 나머지를 모두 담습니다', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-paths-'));
    try {
      for (const f of ['a.ts', 'exercises/01/src/log.ts', 'exercises/01/src/other.ts', 'exercises/01/test/t.ts']) {
        mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        writeFileSync(path.join(dir, f), '');
      }
      mkdirSync(path.join(dir, 'exercises/02'));
      mkdirSync(path.join(dir, '.course'));
      expect(lintPaths([], dir)).toEqual(['.']);
      expect(lintPaths(['exercises/01/src/log.ts'], dir).sort()).toEqual([
        'a.ts',
        'exercises/01/src/other.ts',
        'exercises/01/test',
        'exercises/02',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('단위 테스트 먼저, e2e는 나중에 (지어 넣은 실행기)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chapter-layout-'));
  mkdirSync(path.join(dir, 'exercises/99-fixture/test'), { recursive: true });
  for (const f of ['a.test.ts', 'b.test.ts', 'flow.e2e.test.ts', 'helpers.ts']) {
    writeFileSync(path.join(dir, 'exercises/99-fixture/test', f), '');
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fakeRun(results: Record<string, boolean>) {
    const calls: string[][] = [];
    const run = async (_project: string, paths: readonly string[]): Promise<RunResult> => {
      calls.push([...paths]);
      const outcomes = paths.map((p) => ({
        ...outcome(path.basename(p), ''),
        passed: results[path.basename(p)] ?? true,
      }));
      return { outcomes, loadErrors: [], errors: [] };
    };
    return { calls, run };
  }

  it('단위 테스트가 실패하면 e2e 파일은 돌리지 않습니다', async () => {
    const { calls, run } = fakeRun({ 'b.test.ts': false });
    const result: ChapterRun = await runChapterTests('exercises', 'exercises/99-fixture/test', { root: dir, run });
    expect(calls).toEqual([['exercises/99-fixture/test/a.test.ts', 'exercises/99-fixture/test/b.test.ts']]);
    expect(result.skippedE2e).toEqual(['exercises/99-fixture/test/flow.e2e.test.ts']);
  });

  it('단위 테스트가 모두 통과하면 e2e 파일을 이어서 돌리고 결과를 합칩니다', async () => {
    const { calls, run } = fakeRun({});
    const result = await runChapterTests('exercises', 'exercises/99-fixture/test', { root: dir, run });
    expect(calls).toEqual([
      ['exercises/99-fixture/test/a.test.ts', 'exercises/99-fixture/test/b.test.ts'],
      ['exercises/99-fixture/test/flow.e2e.test.ts'],
    ]);
    expect(result.outcomes.map((o) => o.id)).toEqual(['a.test.ts', 'b.test.ts', 'flow.e2e.test.ts']);
    expect(result.skippedE2e).toEqual([]);
  });
});

// ── 진짜 실행: 저장소의 임시 사본에서 ───────────────────────────────────────────

/** 러너에 필요한 것만 담은 저장소 사본 (node_modules는 링크). exercises/는 1장과 연습용 99장만 */
function copyRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-copy-'));
  for (const p of [
    'course',
    'scripts/lib',
    'scripts/course.ts',
    'reference/src',
    'exercises/01-log-offsets',
    'solutions/01-log-offsets',
    'package.json',
    'tsconfig.json',
    'vitest.config.ts',
  ]) {
    cpSync(path.join(repo, p), path.join(dir, p), { recursive: true });
  }
  symlinkSync(realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'));
  return dir;
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** tsx로 스크립트를 돌립니다. 표준 출력은 파이프(터미널 아님)라 러너의 색은 꺼집니다. */
function tsx(cwd: string, args: readonly string[]): Promise<Ran> {
  const { NO_COLOR: _no, FORCE_COLOR: _force, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ...args],
      { cwd, timeout: 120_000, env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const fixtureSrc = `import { todo } from '../../../course/todo.js';

export class Counter {
  #n = 0;

  add(k: number): void {
    return todo('add: k만큼 더하세요.');
  }

  get value(): number {
    return this.#n;
  }
}
`;
const fixtureSolved = fixtureSrc.replace("return todo('add: k만큼 더하세요.');", 'this.#n += k;');
const fixtureUnit = `import { expect, it } from 'vitest';
import { Counter } from '../src/counter.js';

it('ValueStartsAtZero: 새 카운터는 0입니다', () => {
  expect(new Counter().value).toBe(0);
});
it('ValueAfterSetup: 준비한 카운터의 value는 더한 합입니다', () => {
  const c = new Counter();
  c.add(2);
  expect(c.value).toBe(2);
});
it('AddAccumulates: add는 더한 값을 모읍니다', () => {
  const c = new Counter();
  c.add(1);
  c.add(2);
  expect(c.value).toBe(3);
});
`;
const fixtureE2e = `import { expect, it } from 'vitest';
import { Counter } from '../src/counter.js';

it('FlowMarker: 끝에서 끝까지', () => {
  const c = new Counter();
  c.add(5);
  expect(c.value).toBe(5);
});
`;

/** runChapterTests를 사본 안의 새 프로세스에서 돌리고 결과(JSON)를 돌려줍니다 (vitest 안에서 vitest를 띄우지 않으려고) */
async function runFixture(dir: string): Promise<ChapterRun> {
  const driver = path.join(dir, 'run-fixture.ts');
  writeFileSync(
    driver,
    `import { runChapterTests } from './scripts/lib/run-tests.ts';
const result = await runChapterTests('exercises', 'exercises/99-fixture/test');
console.log(JSON.stringify(result));
process.exit(0);
`,
  );
  const ran = await tsx(dir, [driver]);
  expect(ran.code, ran.stderr).toBe(0);
  return JSON.parse(ran.stdout.trim().split('\n').at(-1) as string) as ChapterRun;
}

describe('진짜 실행 (저장소 사본)', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyRepo();
    write(dir, 'exercises/99-fixture/src/counter.ts', fixtureSrc);
    write(dir, 'exercises/99-fixture/test/counter.test.ts', fixtureUnit);
    write(dir, 'exercises/99-fixture/test/flow.e2e.test.ts', fixtureE2e);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('연습 장: 단위 테스트가 빈칸에서 실패하면 e2e는 건너뛰고, 빈칸 이름을 알아냅니다', async () => {
    const result = await runFixture(dir);
    expect(result.outcomes.map((o) => [o.id, o.passed])).toEqual([
      ['ValueStartsAtZero', true],
      ['ValueAfterSetup', false],
      ['AddAccumulates', false],
    ]);
    expect(result.outcomes[1]?.failure).toMatchObject({
      todo: true,
      todoIn: 'add',
      location: 'exercises/99-fixture/src/counter.ts:7',
    });
    expect(result.skippedE2e).toEqual(['exercises/99-fixture/test/flow.e2e.test.ts']);
  }, 150_000);

  it('연습 장: 빈칸을 채우면 e2e까지 돌고, 문법 오류는 불러오기 실패로 나옵니다', async () => {
    write(dir, 'exercises/99-fixture/src/counter.ts', fixtureSolved);
    const solved = await runFixture(dir);
    expect(solved.outcomes.map((o) => [o.id, o.passed])).toEqual([
      ['ValueStartsAtZero', true],
      ['ValueAfterSetup', true],
      ['AddAccumulates', true],
      ['FlowMarker', true],
    ]);
    expect(solved.skippedE2e).toEqual([]);

    write(dir, 'exercises/99-fixture/src/counter.ts', fixtureSolved.replace('this.#n += k;', 'this.#n += ;'));
    const broken = await runFixture(dir);
    expect(broken.outcomes).toEqual([]);
    expect(broken.loadErrors.map((e) => e.file)).toEqual(['exercises/99-fixture/test/counter.test.ts']);
    expect(stripVTControlCharacters(broken.loadErrors[0]?.message ?? '')).toContain('7 │     this.#n += ;');
    expect(broken.skippedE2e).toEqual(['exercises/99-fixture/test/flow.e2e.test.ts']);
  }, 150_000);

  it('러너: 없는 장, 모르는 옵션, 잘못된 --hint에는 한국어 안내와 종료 코드 2', async () => {
    const unknown = await tsx(dir, ['scripts/course.ts', 'exercise', '99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('99장은 없습니다.');
    expect(unknown.stderr).toContain('10장 트랜잭션과 커밋 마커');
    const option = await tsx(dir, ['scripts/course.ts', 'exercise', '1', '--wach']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--wach는 알 수 없는 옵션입니다.');
    const hint = await tsx(dir, ['scripts/course.ts', 'exercise', '1', '--hint', '0']);
    expect(hint.code).toBe(2);
    expect(hint.stderr).toContain('--hint 뒤에는 1 이상의 단계 번호를 줍니다.');
  }, 150_000);

  it('러너: 문법 오류면 진행 기록을 0/0으로 덮지 않고, 색 코드 없는 코드 조각을 보여 줍니다', async () => {
    const progressFile = path.join(dir, '.course/progress.json');
    const before = `${JSON.stringify({ 1: { passed: 3, total: 10, at: '2026-01-01T00:00:00.000Z' } }, null, 2)}\n`;
    write(dir, '.course/progress.json', before);
    const starter = path.join(dir, 'exercises/01-log-offsets/src/in-memory-log.ts');
    const original = readFileSync(starter, 'utf8');
    writeFileSync(starter, original.replace(/return todo\('logEndOffset:[^\n]*/, 'return this.#logStartOffset + ;'));
    try {
      const ran = await tsx(dir, ['scripts/course.ts', 'exercise', '1']);
      expect(ran.code).toBe(1);
      expect(ran.stdout).toContain('테스트를 불러오지 못했습니다: exercises/01-log-offsets/test/');
      expect(ran.stdout).toContain('return this.#logStartOffset + ;');
      expect(ran.stdout).toContain('진행 기록은 그대로 둡니다 (지난 결과: 3/10 통과).');
      expect(ran.stdout).not.toContain('\u001b');
      expect(ran.stdout).not.toContain('0/0');
      expect(readFileSync(progressFile, 'utf8')).toBe(before);
    } finally {
      writeFileSync(starter, original);
    }
  }, 150_000);

  it('러너: 1장에 e2e 파일이 있으면 스타터에서는 건너뛴다고 말하고, 해답에서는 함께 돌립니다', async () => {
    write(
      dir,
      'exercises/01-log-offsets/test/zz-flow.e2e.test.ts',
      `import { expect, it } from 'vitest';
import { InMemoryPartitionLog } from '../src/in-memory-log.js';

it('FlowMarker: 끝에서 끝까지', () => {
  expect(new InMemoryPartitionLog().logEndOffset).toBe(0);
});
`,
    );
    const starter = await tsx(dir, ['scripts/course.ts', 'exercise', '1']);
    expect(starter.code).toBe(1);
    expect(starter.stdout).toContain('테스트 파일 1개(zz-flow.e2e.test.ts)는 건너뛰었습니다.');
    expect(starter.stdout).toContain('e2e 파일 1개 건너뜀');
    expect(starter.stdout).not.toContain('FlowMarker');
    const solution = await tsx(dir, ['scripts/course.ts', 'solution', '1']);
    expect(solution.stdout).toContain('✓ FlowMarker');
    expect(solution.stdout).not.toContain('건너뛰었습니다');
  }, 150_000);
});
