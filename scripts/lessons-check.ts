/**
 * `npm run lessons:check`: 강의의 "직접 해보기"를 실제로 돌려, 강의에 적힌 출력과 같은지 봅니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 강의마다 빈 데이터 디렉터리와 빈 포트에서 브로커를 새로 띄웁니다. 블록을 쓰는 약속은 scripts/lib/lesson-blocks.ts와
 * README의 "강의를 고치는 분께"에 있습니다. `npm test`도 같은 점검을 scripts/test/lessons.test.ts로 돌립니다.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { lessonFiles } from './lib/lesson-files.js';
import { checkLesson, type LessonReport } from './lib/lesson-runner.js';
import { paint } from './lib/paint.js';

const USAGE = `강의의 "직접 해보기"를 실제로 돌려, 강의에 적힌 출력과 같은지 봅니다.
  npm run lessons:check                       모든 강의
  npm run lessons:check -- wire-protocol      이름에 이 글자가 든 강의만
  npm run lessons:check -- --update           실제 출력으로 강의의 출력 블록을 고쳐 씁니다 (git diff로 검토하세요)
  npm run lessons:check -- --keep             실패한 강의의 작업 폴더를 남깁니다
  npm run lessons:check -- --verbose          블록마다 한 줄씩 진행을 찍습니다`;

const { values, positionals } = readCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    update: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const files = lessonFiles().filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)));
if (files.length === 0) exitWithUsage(USAGE, `강의를 찾지 못했습니다: ${positionals.join(' ')}`);

// 강의끼리는 브로커와 폴더가 따로라 함께 돌릴 수 있습니다. 2코어 기계에서도 버틸 만큼만 겹칩니다.
const reports: LessonReport[] = [];
const queue = [...files];
await Promise.all(
  Array.from({ length: 3 }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const name = path.relative(process.cwd(), file);
      const report = await checkLesson(file, {
        update: values.update,
        keep: values.keep,
        log: values.verbose ? (line) => console.log(`${path.basename(file)}${line}`) : undefined,
      });
      reports.push(report);
      const mark = report.failures.length === 0 ? paint('green', '✓') : paint('red', '✗');
      console.log(
        `${mark} ${name}: 명령 블록 ${report.executed}개 실행, 출력 ${report.compared}개 비교(가림 ${report.masked}), ` +
          `파일 ${report.files}개, 돌리지 않음 ${report.marked.length}개 — ${report.seconds.toFixed(0)}초`,
      );
      for (const m of report.marked) console.log(paint('dim', `    ${m.line}번째 줄: 돌리지 않음 — ${m.reason}`));
      for (const f of report.failures) console.log(paint('red', `  ${f.replace(/\n/g, '\n  ')}`));
      if (report.updated !== undefined) {
        writeFileSync(file, report.updated);
        console.log(paint('yellow', `    ${name}의 출력 블록을 실제 출력으로 고쳐 썼습니다 (git diff로 검토하세요)`));
      }
    }
  }),
);

const sum = (f: (r: LessonReport) => number) => reports.reduce((n, r) => n + f(r), 0);
const failed = reports.filter((r) => r.failures.length > 0);
console.log(
  `\n강의 ${reports.length}개: 명령 블록 ${sum((r) => r.executed)}개 실행, 출력 ${sum((r) => r.compared)}개 비교` +
    ` (가림 ${sum((r) => r.masked)}개), 돌리지 않음 ${sum((r) => r.marked.length)}개, 실패한 강의 ${failed.length}개`,
);
process.exit(failed.length > 0 && !values.update ? 1 : 0);
