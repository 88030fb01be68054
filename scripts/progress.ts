/**
 * `npm run progress`: 장마다 초록(완료)인지 빨강(아직)인지와 다음에 할 일을 보여 줍니다. 사용법은 아래 USAGE에 있습니다.
 *
 * 기록만 읽을 때도 기록 뒤에 파일이 바뀐 장은 지난 결과를 믿지 않고 "다시 확인해야 함"으로 보여 줍니다 (scripts/lib/progress.ts).
 * 종료 코드: 준비된 장이 모두 완료면 0, 아니면 1, 잘못된 사용법이면 2.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type Chapter, chapters } from '../course/chapters.js';
import { readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { root } from './lib/course-files.js';
import { paint } from './lib/paint.js';
import { type ChapterState, chapterState, isDone, loadProgress, progressReportLines } from './lib/progress.js';

const USAGE = `장마다 초록(완료)인지 빨강(아직)인지와 다음에 할 일을 보여 줍니다.
사용법: npm run progress            러너(npm run exercise:N)가 장마다 적어 둔 마지막 결과로 보여 줍니다 (빠릅니다)
        npm run progress -- --run   결과가 없거나, 결과를 적은 뒤 코드·테스트가 바뀐 장의 테스트를 지금 돌린 뒤 보여 줍니다`;

const run = readCommandLine(USAGE, { options: { run: { type: 'boolean', default: false } } }).values.run;

const states = () => new Map<Chapter, ChapterState>(chapters.map((c) => [c, chapterState(c, loadProgress())]));

if (run) {
  const todo = [...states()].filter(([, s]) => s.kind === 'stale' || s.kind === 'not-run').map(([c]) => c);
  if (todo.length === 0) console.log(paint('dim', '모든 장의 기록이 지금 코드와 맞아, 다시 돌릴 장이 없습니다.'));
  for (const chapter of todo) {
    console.log(paint('dim', `${chapter.number}장 테스트를 돌리는 중…`));
    // 러너를 장마다 새 프로세스로: 결과를 적는 일과 시간 초과 처리는 러너가 합니다.
    spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/course.ts'), 'exercise', String(chapter.number)],
      {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    const after = chapterState(chapter, loadProgress());
    if (after.kind === 'stale' || after.kind === 'not-run') {
      console.log(
        paint(
          'yellow',
          `${chapter.number}장은 결과를 얻지 못했습니다 (불러오기 오류나 시간 초과). ${josa(`npm run exercise:${chapter.number}`, '으로/로')} 자세히 보세요.`,
        ),
      );
    }
  }
  console.log();
}

const final = states();
console.log(paint('bold', '카프카 직접 만들기: 진행 상황'));
console.log(
  paint(
    'dim',
    run
      ? '(방금 돌린 결과와, 그 밖의 장은 지금 코드와 맞는 지난 결과)'
      : '(러너가 적어 둔 마지막 결과. 지금 돌려 보려면 npm run progress -- --run)',
  ),
);
console.log();
for (const line of progressReportLines(final)) console.log(line);
process.exitCode = [...final.values()].every((s) => s.kind === 'planned' || isDone(s)) ? 0 : 1;
