/**
 * `npm run catch-up -- N`: N장 앞의 준비된 장들을 해답으로 채웁니다. 늦게 합류한 학습자가 N장부터 시작할 때 씁니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 처음 스타터 그대로인 파일은 묻지 않고 바꿉니다. 내가 고친 파일은 목록을 보여 주고 묻고(기본은 아니요), 예라면
 * `.course/backup/<시각>/`에 복사한 뒤 바꿉니다. 아니요라면 그 파일은 그대로 두고 나머지만 채웁니다.
 * 종료 코드: 0 (채웠거나 채울 것이 없음), 1 (내가 고친 파일을 그대로 두어 채우지 못한 장이 있음), 2 (잘못된 사용법).
 */
import { chapters, findChapter } from '../course/chapters.js';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { paint } from './lib/paint.js';
import { backup, confirm, type Replacement, solutionPlan, write } from './lib/replace-starters.js';

const USAGE = `늦게 합류해 N장부터 시작할 때, N장 앞의 준비된 장들을 해답으로 채웁니다.
사용법: npm run catch-up -- N         N장 앞의 장들을 해답으로 채웁니다 (N은 2–${chapters.length}). 내가 고친 파일이 있으면 묻습니다
        npm run catch-up -- N --yes   내가 고친 파일도 묻지 않고 (백업은 합니다)
예:     npm run catch-up -- 7         1~6장의 스타터를 해답으로`;

const { values, positionals } = readCommandLine(USAGE, {
  allowPositionals: true,
  options: { yes: { type: 'boolean', short: 'y', default: false } },
});
const [arg, ...rest] = positionals;
const target = findChapter(Number(arg));
if (!target || !/^\d+$/.test(arg ?? '') || rest.length > 0) {
  exitWithUsage(
    USAGE,
    arg === undefined ? '몇 장부터 시작할지 장 번호를 주세요.' : `${josa(`${arg}장`, '은/는')} 없습니다.`,
  );
}

const earlier = chapters.filter((c) => c.number < target.number && c.status === 'ready');
if (earlier.length === 0) {
  console.log(`${target.number}장 앞에는 채울 장이 없습니다. 바로 시작하세요: npm run exercise:${target.number}`);
  process.exit(0);
}

const plans = earlier.map((chapter) => ({ chapter, plan: solutionPlan(chapter) }));
const mine = plans.flatMap(({ plan }) => plan.filter((r) => r.kind === 'learner'));
let replaceMine = values.yes;
if (mine.length > 0 && !replaceMine) {
  console.log('해답으로 바꿀 파일 가운데 내가 고친 파일:');
  for (const r of mine) console.log(`  ${r.path}`);
  replaceMine = await confirm(
    `이 ${mine.length}개 파일도 해답으로 바꿀까요? 지금 파일은 .course/backup/에 복사해 둡니다. 아니요면 그대로 두고 나머지만 채웁니다.`,
  );
}
const saved = replaceMine && mine.length > 0 ? backup(mine.map((r) => r.path)) : undefined;

console.log();
let kept = 0;
for (const { chapter, plan } of plans) {
  const chosen = plan.filter((r) => r.kind === 'untouched' || (r.kind === 'learner' && replaceMine));
  write(chosen);
  const left = plan.filter((r) => r.kind === 'learner' && !replaceMine);
  kept += left.length;
  console.log(`  ${String(chapter.number).padStart(2)}장 ${chapter.title}: ${summary(plan, chosen, left)}`);
}
console.log();
if (saved) console.log(`해답으로 바꾸기 전의 내 파일은 ${saved}/에 있습니다.`);
if (kept > 0)
  console.log(paint('yellow', `내가 고친 파일 ${kept}개는 그대로 두었습니다. 그 장은 내 코드로 진행합니다.`));
console.log(`이제 ${target.number}장부터 시작하세요: npm run exercise:${target.number}`);
console.log(paint('dim', '진행 상황은 npm run progress로 봅니다 (해답으로 채운 장은 "해답으로 채움"으로 나옵니다).'));
process.exitCode = kept > 0 ? 1 : 0;

function summary(plan: readonly Replacement[], chosen: readonly Replacement[], left: readonly Replacement[]): string {
  if (left.length > 0) {
    return (
      paint('yellow', `내가 고친 파일 ${left.length}개를 그대로 둠`) +
      (chosen.length > 0 ? `, ${chosen.length}개는 해답으로 채움` : '')
    );
  }
  if (chosen.length === 0) return paint('dim', '이미 해답입니다');
  const same = plan.length - chosen.length;
  return paint('green', `해답으로 채움 (${chosen.length}개 파일${same > 0 ? `, ${same}개는 이미 해답` : ''})`);
}
