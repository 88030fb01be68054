/**
 * vitest를 이 프로세스 안에서 돌리고, 테스트마다 결과를 모아 돌려줍니다.
 * 러너(`npm run exercise:N`)와 과정 점검(`npm run course:check`)이 함께 씁니다.
 *
 * 학습자 코드의 동기 무한 루프는 vitest의 테스트 타임아웃으로 끊을 수 없습니다(작업 스레드가
 * 이벤트 루프로 돌아오지 않으니까요). 그래서 test-setup.ts가 적는 "지금 도는 테스트" 파일을
 * 감시 타이머로 읽다가, 테스트 하나가 제한 시간을 넘기면 `timedOut`으로 끝냅니다. 그때는 부른 쪽이 메시지를 찍고 프로세스를 끝내야
 * 작업 스레드도 함께 사라집니다.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestCase, TestModule } from 'vitest/node';
import { createVitest } from 'vitest/node';
import { root } from './course-files.js';
import { splitTestName } from './test-name.js';

export type Project = 'exercises' | 'solutions' | 'reference';

export interface TestFailure {
  readonly message: string;
  /** 빈칸(todo)에 닿아 실패했는지 */
  readonly todo: boolean;
  /** 닿은 빈칸의 이름: todo 메시지의 `append: …`에서 `append` (없으면 그 빈칸이 든 함수 이름) */
  readonly todoIn?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** 학습자가 볼 만한 첫 위치: `exercises/01-log-offsets/src/in-memory-log.ts:46` */
  readonly location?: string;
}

export interface TestOutcome {
  /** 저장소 루트 기준 테스트 파일 경로 */
  readonly file: string;
  /** 테스트 이름의 `:` 앞부분 */
  readonly id: string;
  /** `:` 뒤의 설명 */
  readonly title: string;
  readonly passed: boolean;
  readonly failure?: TestFailure;
}

export interface LoadError {
  /** 저장소 루트 기준 테스트 파일 경로 */
  readonly file: string;
  /** 오류 메시지. 문법 오류면 코드 조각(code frame)이 들어 있고, 터미널용 색 코드가 섞여 있을 수 있습니다 */
  readonly message: string;
}

export interface RunResult {
  readonly outcomes: TestOutcome[];
  /** 불러오지 못한 테스트 파일 (문법 오류, 없는 import …). 그 파일의 테스트는 outcomes에 없습니다 */
  readonly loadErrors: LoadError[];
  /** 테스트 하나에 묶이지 않는 그 밖의 오류 (처리되지 않은 예외 …) */
  readonly errors: string[];
  /** 감시 타이머가 끊은 경우: 그때 돌던 테스트 */
  readonly timedOut?: { readonly test: string | null; readonly seconds: number };
}

/** 테스트 하나가 자기 타임아웃을 넘기고도 이만큼 더 돌면 동기 무한 루프로 봅니다. */
const GRACE_MS = 3_000;
/**
 * 어떤 테스트도 돌지 않고 vitest에서 아무 소식(파일을 맡음, 테스트를 모음, 테스트 결과 …)도 없는 채로 허용하는 시간.
 * beforeAll 같은 훅은 vitest의 hookTimeout이 따로 지키므로, 이것은 불러오다 멈춘 모듈(최상위의 무한 루프)을 잡는
 * 마지막 그물입니다. 시계는 vitest를 만든 뒤부터, 그리고 소식이 올 때마다 다시 잽니다: 바쁜 기계에서는 vitest를
 * 띄우는 데만 수십 초가 걸리기도 하는데, 그것을 멈춘 모듈로 오해하지 않도록.
 */
const COLLECT_MS = 30_000;

export interface RunOptions {
  /** vitest 설정(vitest.config.ts)이 있는 폴더. 기본은 저장소 루트입니다 (테스트는 다른 폴더의 작은 장을 씁니다) */
  readonly root?: string;
}

export async function runTests(
  project: Project,
  paths: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const base = options.root ?? root;
  const statusDir = mkdtempSync(path.join(tmpdir(), 'course-'));
  process.env.COURSE_STATUS_DIR = statusDir;
  let lastEvent = Date.now();
  const progressed = () => {
    lastEvent = Date.now();
  };
  let modules: readonly TestModule[] = [];
  const errors: string[] = [];
  const loadErrors: LoadError[] = [];

  const vitest = await createVitest(
    'test',
    {
      root: base,
      watch: false,
      project: [project],
      reporters: [
        {
          onTestRunStart: progressed,
          onTestModuleQueued: progressed,
          onTestModuleCollected: progressed,
          onTestModuleStart: progressed,
          onTestModuleEnd: progressed,
          onTestCaseReady: progressed,
          onTestCaseResult: progressed,
          onHookStart: progressed,
          onHookEnd: progressed,
          onTestRunEnd(testModules, unhandled) {
            modules = testModules;
            for (const e of unhandled) errors.push(e.message);
          },
        },
      ],
    },
    { logLevel: 'silent' },
  );
  progressed();

  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<RunResult>((resolve) => {
    timer = setInterval(() => {
      const now = Date.now();
      const statuses = readStatuses(statusDir);
      const stuck = statuses.find((s) => s.test !== null && now - s.since > s.timeoutMs + GRACE_MS);
      const lastActivity = Math.max(lastEvent, ...statuses.map((s) => s.since));
      const idle = statuses.every((s) => s.test === null) && now - lastActivity > COLLECT_MS;
      if (stuck || idle) {
        const since = stuck?.since ?? lastActivity;
        resolve({
          outcomes: [],
          loadErrors,
          errors,
          timedOut: { test: stuck?.test ?? null, seconds: Math.round((now - since) / 1000) },
        });
      }
    }, 250);
  });
  const run = (async (): Promise<RunResult> => {
    await vitest.start(paths.map((p) => path.resolve(base, p)));
    await vitest.close();
    return { outcomes: collect(modules, base, loadErrors, errors), loadErrors, errors };
  })();
  try {
    return await Promise.race([run, watchdog]);
  } finally {
    clearInterval(timer);
    rmSync(statusDir, { recursive: true, force: true });
  }
}

interface Status {
  readonly test: string | null;
  readonly since: number;
  readonly timeoutMs: number;
}

/** 작업 스레드마다의 상태. 쓰는 도중이라 반쪽인 파일은 건너뛰고 다음 검사 때 다시 읽습니다. */
function readStatuses(dir: string): Status[] {
  const statuses: Status[] = [];
  for (const name of readdirSync(dir)) {
    try {
      statuses.push(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Status);
    } catch {}
  }
  return statuses;
}

function collect(
  modules: readonly TestModule[],
  base: string,
  loadErrors: LoadError[],
  errors: string[],
): TestOutcome[] {
  const outcomes: TestOutcome[] = [];
  for (const module of modules) {
    const file = path.relative(base, module.moduleId);
    const tests = [...module.children.allTests()];
    for (const e of module.errors()) {
      // 테스트를 하나도 모으지 못한 파일의 오류는 불러오기 실패입니다 (beforeAll 같은 훅의 오류는 그 밖의 오류)
      if (tests.length === 0) loadErrors.push({ file, message: e.message });
      else errors.push(`${file}: ${e.message}`);
    }
    for (const test of tests) {
      const result = test.result();
      const { id, title } = splitTestName(test.name);
      const error = result.state === 'failed' ? result.errors?.[0] : undefined;
      outcomes.push({
        file,
        id,
        title,
        passed: result.state === 'passed',
        ...(result.state === 'failed' ? { failure: describeFailure(error, base) } : {}),
      });
    }
  }
  return outcomes;
}

type TestError = NonNullable<ReturnType<TestCase['result']>['errors']>[number];

function describeFailure(error: TestError | undefined, base: string): TestFailure {
  if (!error) return { message: '실패 이유를 알 수 없습니다', todo: false };
  const frame = error.stacks?.find((s) => !s.file.includes('node_modules') && !s.file.endsWith('course/todo.ts'));
  const location = frame ? `${path.relative(base, frame.file)}:${frame.line}` : undefined;
  const todo = error.name === 'TodoError';
  const todoIn = todo ? todoName(error.message, frame?.method) : undefined;
  return {
    message: translate(error.message, error.expected !== undefined),
    todo,
    ...(todoIn ? { todoIn } : {}),
    ...(error.expected !== undefined ? { expected: error.expected } : {}),
    ...(error.actual !== undefined ? { actual: error.actual } : {}),
    ...(location ? { location } : {}),
  };
}

/** vitest가 영어로 알리는 흔한 실패를 한국어로 풀어 씁니다. */
function translate(message: string, hasValues: boolean): string {
  // `expect(x, '설명').toBe(y)`의 실패는 "설명: expected 1 to be +0 …"로 옵니다.
  // 기대한 값과 실제 값은 따로 보여 주니, 테스트가 적어 둔 한국어 설명만 남깁니다.
  const described = /^(.+?): expected /s.exec(message);
  if (described?.[1] && hasValues) return described[1];
  const timeout = /Test timed out in (\d+)ms/.exec(message);
  if (timeout) {
    return `${Number(timeout[1]) / 1000}초 안에 끝나지 않았습니다. 끝나지 않는 Promise나 빠져나오지 못하는 반복문이 있는지 확인하세요.`;
  }
  return message;
}

/**
 * 빈칸의 이름. 스타터의 `todo('append: 레코드마다 …')`처럼 메시지가 이름으로 시작하면 그것을,
 * 아니면 todo()를 부른 함수 이름(`InMemoryPartitionLog.append`)을 씁니다.
 */
export function todoName(message: string, method: string | undefined): string | undefined {
  const summary = message.replace(/^아직 작성하지 않았습니다:\s*/, '');
  const named = /^([A-Za-z_$#][\w$#.]*):/.exec(summary);
  if (named?.[1]) return named[1];
  const fromStack = method?.replace(/^(?:async |get |set |new )/, '').replace(/^Object\./, '');
  return fromStack && fromStack !== '<anonymous>' ? fromStack : undefined;
}

export interface ChapterRun extends RunResult {
  /** 단위 테스트가 실패해서 돌리지 않은 끝에서 끝까지 테스트 파일 (루트 기준 경로) */
  readonly skippedE2e: string[];
}

/** 끝에서 끝까지(end-to-end) 테스트 파일: 진짜 브로커와 클라이언트를 띄우므로 느리고, 단위 테스트가 다 통과해야 뜻이 있습니다 */
export const E2E_SUFFIX = '.e2e.test.ts';

/**
 * 한 장의 테스트 폴더를 돌립니다. `*.e2e.test.ts`가 아닌 파일(단위 테스트)을 먼저 돌리고, 하나라도 실패하거나
 * 불러오지 못하면 e2e 파일은 건너뜁니다. 아직 빈칸투성이인 코드로 브로커를 띄우면 타임아웃만 기다리게 되니까요.
 */
export async function runChapterTests(
  project: Project,
  testDir: string,
  options: RunOptions & { run?: typeof runTests } = {},
): Promise<ChapterRun> {
  const run = options.run ?? runTests;
  const base = options.root ?? root;
  const files = existsSync(path.join(base, testDir))
    ? readdirSync(path.join(base, testDir))
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
        .map((f) => path.join(testDir, f))
    : [];
  const e2e = files.filter((f) => f.endsWith(E2E_SUFFIX));
  const unit = files.filter((f) => !f.endsWith(E2E_SUFFIX));
  if (e2e.length === 0 || unit.length === 0) return { ...(await run(project, [testDir], options)), skippedE2e: [] };

  const first = await run(project, unit, options);
  const unitFailed = first.outcomes.some((o) => !o.passed) || first.loadErrors.length > 0 || first.errors.length > 0;
  if (first.timedOut || unitFailed) return { ...first, skippedE2e: e2e };
  const second = await run(project, e2e, options);
  return {
    outcomes: [...first.outcomes, ...second.outcomes],
    loadErrors: [...first.loadErrors, ...second.loadErrors],
    errors: [...first.errors, ...second.errors],
    ...(second.timedOut ? { timedOut: second.timedOut } : {}),
    skippedE2e: [],
  };
}
