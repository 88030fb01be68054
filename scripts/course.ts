/**
 * 연습 문제 러너.
 *
 *   npm run exercise:N              N장의 테스트를 학습자의 코드(exercises/)에 대고 돌립니다
 *   npm run exercise:N -- --watch   저장할 때마다 다시 돌립니다 (감시가 안 되면 Enter로 다시 실행)
 *   npm run solution:N              같은 테스트를 해답(solutions/)에 대고 돌립니다
 *
 * 종료 코드: 모두 통과하면 0, 실패가 하나라도 있거나 시간 초과면 1, 잘못된 사용법이면 2.
 */
import { parseArgs } from 'node:util';
import { type Chapter, chapterDir, chapters, findChapter, lessonId, siteUrl } from '../course/chapters.js';
import { paint } from './lib/paint.js';
import { isComplete, loadProgress, progressLine, recordProgress } from './lib/progress.js';
import { type RunResult, runTests, splitTestName, type TestOutcome } from './lib/run-tests.js';
import { watchAndRerun } from './lib/watch.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    watch: { type: 'boolean', short: 'w', default: false },
    manual: { type: 'boolean', default: false },
  },
});
const [mode, numberArg] = positionals;

if ((mode !== 'exercise' && mode !== 'solution') || numberArg === undefined) {
  usage('사용법: npm run exercise:N [-- --watch]  또는  npm run solution:N');
}
const chapter = findChapter(Number(numberArg));
if (!chapter) {
  usage(`${numberArg}장은 없습니다. 1부터 ${chapters.length}까지의 장이 있습니다.`);
}

if (values.watch || values.manual) {
  watchAndRerun(chapter, mode, { manual: values.manual });
} else {
  process.exitCode = await runOnce(chapter, mode);
  // 시간 초과로 멈춘 작업 스레드가 남아 있을 수 있으니 기다리지 않고 끝냅니다.
  process.exit();
}

async function runOnce(chapter: Chapter, mode: 'exercise' | 'solution'): Promise<number> {
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

  const started = Date.now();
  const result = await runTests(mode === 'exercise' ? 'exercises' : 'solutions', [`exercises/${dir}/test`]);
  if (result.timedOut) {
    reportTimeout(chapter, result);
    return 1;
  }
  const { outcomes } = result;
  console.log();
  for (const o of outcomes) {
    const mark = o.passed ? paint('green', '✓') : paint('red', '✗');
    console.log(`  ${mark} ${o.id}${paint('dim', `  ${o.title}`)}`);
  }
  for (const e of result.errors) console.log(paint('red', `\n테스트를 불러오지 못했습니다:\n${indent(e)}`));

  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.find((o) => !o.passed);
  if (mode === 'exercise') recordProgress(chapter.number, passed, outcomes.length);
  console.log();
  if (failed) reportFailure(chapter, failed);
  else if (result.errors.length === 0 && outcomes.length > 0) reportSuccess(chapter, mode);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`이 장: ${passed}/${outcomes.length} 통과 ${paint('dim', `(${seconds}초)`)}`);
  if (mode === 'exercise') console.log(progressLine());
  return failed || result.errors.length > 0 || outcomes.length === 0 ? 1 : 0;
}

function reportFailure(chapter: Chapter, test: TestOutcome): void {
  const failure = test.failure;
  console.log(paint(['bold', 'red'], `처음 실패한 테스트: ${test.id}`));
  console.log(`  ${test.title}`);
  if (failure?.todo) {
    console.log(paint('yellow', `  ${failure.message}`));
  } else if (failure) {
    console.log(indent(failure.message));
    if (failure.expected !== undefined) console.log(`  기대한 값: ${failure.expected}`);
    if (failure.actual !== undefined) console.log(`  실제 값:   ${failure.actual}`);
  }
  if (failure?.location) console.log(paint('dim', `  위치: ${failure.location}`));
  const hint = chapter.hints[test.id];
  console.log();
  if (hint) console.log(`${paint('cyan', '힌트:')} ${hint.text}`);
  console.log(`${paint('cyan', '강의:')} ${lessonUrl(chapter, hint?.anchor)}`);
  console.log(paint('dim', `      (docs/docs/${lessonId(chapter)}.md, 사이트는 npm start로 띄웁니다)`));
  console.log();
}

function reportSuccess(chapter: Chapter, mode: 'exercise' | 'solution'): void {
  if (mode === 'solution') {
    console.log(paint('green', '해답이 모든 테스트를 통과합니다.'));
    return;
  }
  console.log(paint(['bold', 'green'], `${chapter.number}장의 모든 테스트를 통과했습니다!`));
  const next = chapters.find((c) => c.number > chapter.number && !isComplete(loadProgress()[c.number]));
  if (next?.status === 'ready') console.log(`다음 장: npm run exercise:${next.number} (${next.title})`);
  else if (next) console.log(`다음 장(${next.number}장 ${next.title})은 준비 중입니다.`);
  console.log();
}

function reportTimeout(chapter: Chapter, result: RunResult): void {
  const where = result.timedOut?.test ? `테스트 "${result.timedOut.test}"` : '테스트 파일을 불러오는 동안 코드';
  console.log(
    paint(
      ['bold', 'red'],
      `\n시간 초과: ${where}가 ${result.timedOut?.seconds ?? '?'}초가 지나도 끝나지 않아 멈췄습니다.`,
    ),
  );
  console.log('빠져나오지 못하는 반복문(while, for)이 있는지 확인하세요. 반복 조건이 언젠가 거짓이 되나요?');
  const hint = result.timedOut?.test ? chapter.hints[splitTestName(result.timedOut.test).id] : undefined;
  if (hint) console.log(`${paint('cyan', '힌트:')} ${hint.text}`);
  console.log(`${paint('cyan', '강의:')} ${lessonUrl(chapter, hint?.anchor)}\n`);
}

function lessonUrl(chapter: Chapter, anchor = ''): string {
  return `${siteUrl}/docs/${lessonId(chapter)}${anchor}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}
