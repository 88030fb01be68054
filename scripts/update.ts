/**
 * `npm run update`: 과정 업데이트를 받습니다. `git pull`과 같지만, 내가 고친 파일을 지키며 합칩니다
 * (방법은 scripts/lib/course-update.ts). `git pull`이 "Your local changes … would be overwritten"으로 멈췄을 때 씁니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 종료 코드: 합치지 못한 곳이 없으면 0, 있거나 업데이트를 받지 못했으면 1, 잘못된 사용법이면 2.
 */
import { readCommandLine } from '../reference/src/server/command-line.js';
import { root } from './lib/course-files.js';
import { updateCourse, updateLines } from './lib/course-update.js';

const USAGE = `과정 업데이트를 받습니다. git pull과 같지만, 내가 고친 파일을 지키며 합칩니다.
사용법: npm run update                 원격에서 내려받고(git fetch) 합칩니다
        npm run update -- --no-fetch   이미 받아 둔 것만 합칩니다 (오프라인 교실)`;

const { values } = readCommandLine(USAGE, { options: { 'no-fetch': { type: 'boolean', default: false } } });
const fetch = !values['no-fetch'];
const result = updateCourse(root, { fetch });
for (const line of updateLines(result)) console.log(line);
const ok =
  result.kind === 'up-to-date' || (result.kind === 'updated' && result.files.every((f) => f.outcome !== 'conflict'));
process.exitCode = ok ? 0 : 1;
