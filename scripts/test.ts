/**
 * `npm test`: 저장소 전체를 점검합니다. CI(.ci/run)도 이 명령 하나를 돌립니다.
 *
 *   1. 린트와 포맷 (biome)
 *   2. 타입 검사 (tsc)
 *   3. reference, 해답, 도구, 비교 모음(참조 브로커 쪽)의 테스트
 *   4. 과정 점검 (course:check)
 *   5. 학습 사이트 빌드 (Docusaurus)
 *   6. 빌드한 사이트를 헤드리스 Chromium으로 열어 보기
 *
 * 단계마다 걸린 시간을 찍고, 마지막 줄에 `N passed, M failed`(테스트 수)를 찍습니다.
 * 한 단계가 실패해도 나머지를 끝까지 돌려 문제를 한 번에 보여 주고, 종료 코드는 1입니다.
 *
 * 연습 문제를 풀던 학습자의 코드(reference에서 만든 것과 다른 스타터)는 린트에서 빼고, 과정 점검은 그 장을
 * 진행("이미 풀었습니다 ✓")으로만 보여 줍니다. `npm test -- --strict`(CI와 과정을 고치는 사람)는 빼는 것 없이
 * 스타터까지 reference에서 만든 그대로인지 봅니다. 사용법은 아래 USAGE에 있습니다.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readCommandLine } from '../reference/src/server/command-line.js';
import { root } from './lib/course-files.js';
import { learnerStarters, lintPaths } from './lib/learner-work.js';
import { paint } from './lib/paint.js';

interface Step {
  readonly name: string;
  readonly command: string[];
  /** 출력에서 통과/실패한 테스트 수를 읽어 냅니다 */
  readonly count?: (output: string) => { passed: number; failed: number };
}

const USAGE = `저장소 전체를 점검합니다: 린트와 포맷, 타입 검사, 테스트, 과정 점검, 학습 사이트 빌드와 열어 보기.
  npm test                 연습 문제를 푼 파일(reference에서 만든 것과 다른 스타터)은 린트에서 빼고, 그 장은 진행으로만
  npm test -- --strict     CI와 과정을 고치는 사람용: 빼는 것 없이 스타터까지 reference에서 만든 그대로인지 봅니다`;

const { values } = readCommandLine(USAGE, { options: { strict: { type: 'boolean', default: false } } });
const vitestReport = path.join(root, '.course/vitest-report.json');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const learner = values.strict ? [] : learnerStarters();
if (learner.length > 0) {
  console.log(paint('bold', `연습 문제를 푼 파일 ${learner.length}개가 있습니다 (reference에서 만든 스타터와 다름):`));
  for (const file of learner) console.log(`  ${file}`);
  console.log('린트와 포맷은 이 파일들을 건너뛰고, 과정 점검은 그 장을 진행으로만 보여 줍니다.');
  console.log(paint('dim', '(과정을 고치는 사람과 CI: npm test -- --strict)'));
}

const steps: Step[] = [
  { name: '린트와 포맷', command: [bin('biome'), 'check', ...lintPaths(learner)] },
  { name: '타입 검사', command: [bin('tsc'), '--noEmit'] },
  {
    name: 'reference와 해답의 테스트',
    command: [
      bin('vitest'),
      'run',
      '--project=reference',
      '--project=solutions',
      '--project=scripts',
      '--project=parity',
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
    count: () => {
      const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
      };
      return { passed: report.numPassedTests, failed: report.numFailedTests };
    },
  },
  {
    name: '과정 점검',
    command: [bin('tsx'), 'scripts/course-check.ts', ...(values.strict ? ['--strict'] : [])],
  },
  { name: '학습 사이트 빌드', command: [bin('docusaurus'), 'build', 'docs'] },
  {
    name: '학습 사이트 브라우저 점검',
    command: [bin('tsx'), 'scripts/site-test.ts'],
    count: (output) => {
      const m = /site: (\d+) passed, (\d+) failed/.exec(output);
      return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 1) };
    },
  },
];

const results: { name: string; ok: boolean; seconds: number }[] = [];
let passed = 0;
let failed = 0;
rmSync(vitestReport, { force: true });

for (const step of steps) {
  console.log(
    paint('bold', `\n▶ ${step.name}`) + paint('dim', `  (${step.command.map((c) => path.basename(c)).join(' ')})`),
  );
  const started = Date.now();
  const { code, output } = await run(step.command);
  const seconds = (Date.now() - started) / 1000;
  results.push({ name: step.name, ok: code === 0, seconds });
  if (step.count) {
    try {
      const counted = step.count(output);
      passed += counted.passed;
      failed += counted.failed;
    } catch {
      failed++; // 결과를 읽을 수 없으면 실패로 셉니다
    }
  }
}

console.log(paint('bold', '\n요약'));
for (const r of results) {
  console.log(`  ${r.ok ? paint('green', '✓') : paint('red', '✗')} ${r.name.padEnd(16)} ${r.seconds.toFixed(1)}초`);
}
const stepsFailed = results.filter((r) => !r.ok).length;
if (stepsFailed > 0 && failed === 0) failed = stepsFailed; // 테스트 밖의 단계(린트 등)가 실패한 경우
console.log(`${passed} passed, ${failed} failed`);
process.exit(stepsFailed > 0 ? 1 : 0);

function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [cmd, ...args] = command as [string, ...string[]];
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
