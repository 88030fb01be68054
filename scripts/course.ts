/**
 * 연습 문제 러너.
 *
 *   npm run exercise:N  (= npm run exercise -- N)   N장의 테스트를 학습자의 코드(exercises/)에 대고 돌립니다
 *   npm run exercise:N -- --watch   저장할 때마다 다시 돌립니다 (감시가 안 되면 Enter로 다시 실행)
 *   npm run exercise:N -- --hint    처음 실패한 테스트의 힌트를 한 단계 더 보여 줍니다 (--hint 3: 3단계까지)
 *   npm run exercise:N -- --reset   N장의 스타터를 처음 상태로 되돌립니다 (내가 고친 파일이 있으면 묻고, 백업해 둡니다)
 *                                   --yes를 함께 주면 묻지 않습니다
 *   npm run solution:N  (= npm run solution -- N)   같은 테스트를 해답(solutions/)에 대고 돌립니다
 *
 * 과정 업데이트를 합치다 남은 표시(`<<<<<<< 내 코드`)가 장의 파일에 있으면 테스트 대신 그 자리를 알려 줍니다.
 * `git pull`이 내려받고도 합치지 못한 업데이트가 있으면 `npm run update`를 권합니다.
 *
 * 종료 코드: 모두 통과하면 0, 실패가 하나라도 있거나 시간 초과·불러오기 실패면 1, 잘못된 사용법이면 2.
 */
import { parseArgs } from 'node:util';
import { type Chapter, chapterDir, chapters, findChapter } from '../course/chapters.js';
import { describeParseError } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { root } from './lib/course-files.js';
import { pendingUpdateCommits } from './lib/course-update.js';
import { paint } from './lib/paint.js';
import { chapterState, isDone, loadProgress, progressLine, recordProgress } from './lib/progress.js';
import {
  conflictLines,
  failureLines,
  hintLines,
  indent,
  lessonUrl,
  loadErrorLines,
  type Mode,
  pendingUpdateLines,
  skippedE2eLines,
  unknownChapterLines,
  usageLines,
} from './lib/report.js';
import type { RunResult } from './lib/run-tests.js';
import { splitTestName } from './lib/test-name.js';

const args = parse(process.argv.slice(2));
const chapter = findChapter(Number(args.number));
if (!chapter || !/^\d+$/.test(args.number ?? '')) stop(unknownChapterLines(args.number, args.mode));

if (args.reset) {
  const { resetChapter } = await import('./lib/reset.js');
  process.exit(await resetChapter(chapter, args.yes));
}
if (args.watch || args.manual) {
  const extraArgs = args.hint > 1 ? ['--hint', String(args.hint)] : [];
  const { watchAndRerun } = await import('./lib/watch.js');
  watchAndRerun(chapter, args.mode, { manual: args.manual, extraArgs });
} else {
  process.exitCode = await runOnce(chapter, args.mode, args.hint);
  // 시간 초과로 멈춘 작업 스레드가 남아 있을 수 있으니 기다리지 않고 끝냅니다.
  process.exit();
}

interface Args {
  readonly mode: Mode;
  readonly number: string | undefined;
  readonly watch: boolean;
  readonly manual: boolean;
  /** 보여 줄 힌트 단계 수: 기본 1(`text`), `--hint`는 2, `--hint N`은 N */
  readonly hint: number;
  /** 스타터를 처음 상태로 되돌림 (`--reset`), `--yes`면 묻지 않음 */
  readonly reset: boolean;
  readonly yes: boolean;
}

function parse(argv: string[]): Args {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    // parseArgs는 영어로 알립니다 ("Unknown option '--wach'"). 사용법이 모드에 따라 달라 readCommandLine 대신 번역만 씁니다.
    const problem = describeParseError(error);
    if (problem === undefined) throw error;
    stop([problem, ...usageLines(modeOf(argv[0]))]);
  }
  const { values, positionals } = parsed;
  const [mode, number, hintArg, ...rest] = positionals;
  if (mode !== 'exercise' && mode !== 'solution') stop(usageLines('exercise'));
  const extra = values.hint ? rest : [hintArg, ...rest].filter((a) => a !== undefined);
  if (extra.length > 0) stop([`${josa(extra.join(' '), '은/는')} 알 수 없는 인자입니다.`, ...usageLines(mode)]);
  let hint = 1;
  if (values.hint) {
    hint = hintArg === undefined ? 2 : Number(hintArg);
    if (!Number.isInteger(hint) || hint < 1) stop([`--hint 뒤에는 1 이상의 단계 번호를 줍니다.`, ...usageLines(mode)]);
  }
  if (values.reset && mode !== 'exercise')
    stop(['--reset은 npm run exercise:N에만 씁니다 (해답은 되돌릴 것이 없습니다).']);
  if (values.yes && !values.reset) stop(['--yes는 --reset과 함께 씁니다.', ...usageLines(mode)]);
  return { mode, number, watch: values.watch, manual: values.manual, hint, reset: values.reset, yes: values.yes };
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      watch: { type: 'boolean', short: 'w', default: false },
      manual: { type: 'boolean', default: false },
      hint: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
    },
  });
}

function modeOf(arg: string | undefined): Mode {
  return arg === 'solution' ? 'solution' : 'exercise';
}

async function runOnce(chapter: Chapter, mode: Mode, hintTiers: number): Promise<number> {
  const dir = chapterDir(chapter);
  const target = mode === 'exercise' ? `exercises/${dir}` : `solutions/${dir}`;
  console.log(paint('bold', `${chapter.number}장 ${chapter.title}`) + paint('dim', `  (${target})`));

  if (chapter.status === 'planned') {
    const ready = chapters.filter((c) => c.status === 'ready').map((c) => `npm run exercise:${c.number}`);
    console.log(`\n이 장은 아직 준비 중입니다. 미안합니다!`);
    console.log(`이 장에서 만들 것: ${chapter.implements}`);
    console.log(`지금 풀 수 있는 장: ${ready.join(', ')}\n`);
    console.log(progressLine());
    return 0;
  }

  if (mode === 'exercise') {
    const state = chapterState(chapter);
    if (state.kind === 'conflict') {
      print(conflictLines(chapter, state.places));
      return 1;
    }
    const pending = pendingUpdateCommits(root);
    if (pending > 0) print(pendingUpdateLines(pending));
  }

  const started = Date.now();
  // vitest는 무거우니 사용법을 확인한 뒤에 불러옵니다 (잘못된 장 번호에는 바로 답합니다)
  const { runChapterTests } = await import('./lib/run-tests.js');
  const result = await runChapterTests(mode === 'exercise' ? 'exercises' : 'solutions', `exercises/${dir}/test`);
  if (result.timedOut) {
    reportTimeout(chapter, result, mode);
    return 1;
  }
  const { outcomes } = result;
  console.log();
  for (const o of outcomes) {
    const mark = o.passed ? paint('green', '✓') : paint('red', '✗');
    console.log(`  ${mark} ${o.id}${paint('dim', `  ${o.title}`)}`);
  }
  console.log();
  const seconds = paint('dim', `(${((Date.now() - started) / 1000).toFixed(1)}초)`);

  // 불러오지 못한 파일이 있으면 이번 결과는 반쪽입니다: 진행 기록을 0/0 같은 값으로 덮어쓰지 않습니다.
  if (result.loadErrors.length > 0) {
    print(loadErrorLines(result.loadErrors, loadProgress()[chapter.number]));
    console.log(`\n이 장: 불러오지 못한 테스트 파일 ${result.loadErrors.length}개 ${seconds}`);
    if (mode === 'exercise') console.log(progressLine());
    return 1;
  }
  for (const e of result.errors) console.log(paint('red', `테스트 밖에서 난 오류:\n${indent(e)}\n`));

  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.find((o) => !o.passed);
  if (mode === 'exercise') recordProgress(chapter, passed, outcomes.length);
  print(skippedE2eLines(result.skippedE2e));
  if (failed) print(failureLines(chapter, failed, outcomes, hintTiers, mode));
  else if (result.errors.length === 0 && outcomes.length > 0) reportSuccess(chapter, mode);

  const skipped = result.skippedE2e.length > 0 ? `, e2e 파일 ${result.skippedE2e.length}개 건너뜀` : '';
  console.log(`이 장: ${passed}/${outcomes.length} 통과${skipped} ${seconds}`);
  if (mode === 'exercise') console.log(progressLine());
  return failed || result.errors.length > 0 || outcomes.length === 0 ? 1 : 0;
}

function reportSuccess(chapter: Chapter, mode: Mode): void {
  if (mode === 'solution') {
    console.log(paint('green', '해답이 모든 테스트를 통과합니다.'));
    return;
  }
  console.log(paint(['bold', 'green'], `${chapter.number}장의 모든 테스트를 통과했습니다!`));
  const next = chapters.find((c) => c.number > chapter.number && !isDone(chapterState(c)));
  if (next?.status === 'ready') console.log(`다음 장: npm run exercise:${next.number} (${next.title})`);
  else if (next) console.log(`다음 장(${next.number}장 ${next.title})은 준비 중입니다.`);
  console.log();
}

function reportTimeout(chapter: Chapter, result: RunResult, mode: Mode): void {
  const where = result.timedOut?.test ? `테스트 "${result.timedOut.test}"` : '테스트 파일을 불러오는 동안 코드';
  console.log(
    paint(
      ['bold', 'red'],
      `\n시간 초과: ${josa(where, '이/가')} ${result.timedOut?.seconds ?? '?'}초가 지나도 끝나지 않아 멈췄습니다.`,
    ),
  );
  console.log('빠져나오지 못하는 반복문(while, for)이 있는지 확인하세요. 반복 조건이 언젠가 거짓이 되나요?');
  const hint = result.timedOut?.test ? chapter.hints[splitTestName(result.timedOut.test).id] : undefined;
  print(hintLines(chapter, hint, 1, mode));
  console.log(`${paint('cyan', '강의:')} ${lessonUrl(chapter, hint?.anchor)}\n`);
}

function print(lines: readonly string[]): void {
  for (const line of lines) console.log(line);
}

function stop(lines: readonly string[]): never {
  for (const line of lines) console.error(line);
  process.exit(2);
}
