/**
 * 과정 업데이트가 반쯤 푼 장을 지키는지: 임시 폴더에 과정 저장소(author)와 학습자의 clone(learner)을 만들고,
 * 과정을 고치는 사람과 학습자가 실제로 하는 순서대로 진짜 git, 진짜 `course:sync`, 진짜 러너를 돌립니다.
 *
 * 1. 학습자가 5장의 delayed-produce.ts에서 빈칸 하나(enoughReplicasError)를 풀고, producer-state.ts는 건드리지 않습니다.
 * 2. 과정 쪽이 reference의 빈칸 설명 둘(학습자가 푼 파일의 다른 빈칸, 건드리지 않은 파일의 빈칸)을 바꾸고 테스트를
 *    하나 더한 뒤 course:sync하고 커밋합니다.
 * 3. 학습자의 `git pull`은 고친 파일을 덮어쓰지 않으려고 멈춥니다(잃는 것 없음). 러너가 `npm run update`를 권하고,
 *    update 뒤에는 학습자의 풀이와 새 빈칸 설명이 한 파일에 있고, 건드리지 않은 스타터와 테스트는 새 버전이며,
 *    테스트가 돌아 새 테스트도 학습자의 풀이로 통과합니다.
 * 4. 과정 쪽이 학습자가 푼 바로 그 빈칸을 바꾸면, update는 그 자리에 한국어 라벨의 표시를 남기고 백업을 알려 주며,
 *    러너와 `npm run progress`는 테스트 대신 그 자리를 짚습니다. 표시를 정리하면 다시 돕니다.
 * 5. 자기 작업을 커밋해 둔 학습자도 같은 길로 받고, 그 커밋은 백업 브랜치가 가리킵니다.
 *
 * 저장소의 exercises/는 건드리지 않습니다.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const STARTER = 'exercises/05-producer-acks/src/delayed-produce.ts';
const UNTOUCHED = 'exercises/05-producer-acks/src/producer-state.ts';
const TEST = 'exercises/05-producer-acks/test/producer-acks.test.ts';
/** 학습자가 쓴 풀이 한 줄 */
const SOLVED =
  'return acks === -1 && isrSize < Math.min(minInsyncReplicas, replicaCount) ? ErrorCode.NOT_ENOUGH_REPLICAS : ErrorCode.NONE;';

/** git이 사용자의 설정을 읽지 않게, 커밋하는 사람은 정해 두고 */
const env = {
  ...process.env,
  NO_COLOR: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: '과정',
  GIT_AUTHOR_EMAIL: 'course@example.invalid',
  GIT_COMMITTER_NAME: '과정',
  GIT_COMMITTER_EMAIL: 'course@example.invalid',
};

let work: string;
let author: string;
let learner: string;

function git(cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

function gitOk(cwd: string, ...args: string[]): string {
  const r = git(cwd, ...args);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.out}`);
  return r.out;
}

/** tsx로 저장소의 스크립트를 돌립니다 (표준 입력을 줄 수 있음) */
function tool(cwd: string, args: string[], input = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
    child.stdin.end(input);
  });
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => writeFileSync(path.join(dir, file), text);

function replaceOnce(dir: string, file: string, from: string | RegExp, to: string): void {
  const text = read(dir, file);
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}에서 ${from}을 찾지 못했습니다`);
  write(dir, file, next);
}

/** 과정 쪽의 한 번의 업데이트: 고치고, course:sync하고, 커밋 */
async function courseUpdate(change: () => void, message: string): Promise<void> {
  change();
  const sync = await tool(author, ['scripts/course-sync.ts', '5']);
  expect(sync.code, sync.out).toBe(0);
  gitOk(author, 'add', '-A');
  gitOk(author, 'commit', '-q', '-m', message);
}

beforeAll(() => {
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'course-update-')));
  author = path.join(work, 'author');
  learner = path.join(work, 'learner');
  for (const p of [
    'course',
    'scripts',
    'reference',
    'exercises',
    'solutions',
    'package.json',
    'tsconfig.json',
    'vitest.config.ts',
    'biome.json',
    'README.md',
    '.gitignore',
  ]) {
    cpSync(path.join(repo, p), path.join(author, p), { recursive: true });
  }
  const modules = realpathSync(path.join(repo, 'node_modules'));
  symlinkSync(modules, path.join(author, 'node_modules'));
  // 저장소의 스타터가 학습자의 것처럼 고쳐져 있어도(개발 중인 사람의 작업 폴더) 과정 쪽은 reference에서 만든 그대로 시작합니다.
  const sync = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/course-sync.ts', '--force', '5'], {
    cwd: author,
    env,
    encoding: 'utf8',
  });
  if (sync.status !== 0) throw new Error(sync.stdout + sync.stderr);
  gitOk(author, 'init', '-q', '-b', 'main');
  gitOk(author, 'add', '-A');
  gitOk(author, 'commit', '-q', '-m', '과정 첫판');
  gitOk(work, 'clone', '-q', author, learner);
  symlinkSync(modules, path.join(learner, 'node_modules'));

  // 학습자: 5장의 빈칸 하나를 풉니다 (delayed-produce.ts의 enoughReplicasError). producer-state.ts는 그대로.
  replaceOnce(learner, STARTER, /\s*\/\/ TODO\(5장\): enoughReplicasError[\s\S]*?\);\n/, `\n    ${SOLVED}\n`);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('과정 업데이트와 반쯤 푼 장', () => {
  const newTest = [
    '',
    "describe('업데이트로 더한 테스트', () => {",
    "  it('EnoughReplicasIgnoresIsrForAcksOne: acks=1은 ISR이 min.insync.replicas보다 작아도 NONE입니다', () => {",
    '    expect(enoughReplicasError(1, 1, 3, 3)).toBe(ErrorCode.NONE);',
    '  });',
    '});',
    '',
  ].join('\n');
  let learnerBefore: string;

  it('과정 쪽이 다른 빈칸의 설명과 테스트를 바꾸면: git pull은 멈추고(잃는 것 없음), 러너가 npm run update를 권합니다', async () => {
    learnerBefore = read(learner, STARTER);
    await courseUpdate(() => {
      replaceOnce(
        author,
        'reference/src/server/delayed-produce.ts',
        'isProduceComplete: 응답해도 되면 true를 돌려주세요.',
        'isProduceComplete: 응답해도 되면 true를, 더 기다려야 하면 false를 돌려주세요.',
      );
      replaceOnce(
        author,
        'reference/src/producer/producer-state.ts',
        '(상태는 바꾸지 않습니다).',
        '(상태는 바꾸지 않고 판단만 돌려줍니다).',
      );
      write(author, TEST, read(author, TEST) + newTest);
    }, '5장: 빈칸 설명 둘을 고치고 테스트 하나를 더함');

    const pull = git(learner, 'pull');
    expect(pull.code).not.toBe(0);
    expect(pull.out).toContain('would be overwritten');
    expect(read(learner, STARTER)).toBe(learnerBefore);

    const run = await tool(learner, ['scripts/course.ts', 'exercise', '5']);
    expect(run.out).toContain('과정 업데이트 1개 커밋을 내려받았지만 아직 합치지 않았습니다');
    expect(run.out).toContain('npm run update');
    // 테스트는 지금 코드로 돕니다: 학습자가 푼 빈칸의 테스트는 통과
    expect(run.out).toMatch(/✓ NotEnoughReplicasOnlyForAcksAll/);
  }, 300_000);

  it('npm run update: 내 풀이는 그대로 새 설명과 합쳐지고, 건드리지 않은 스타터와 테스트는 새 버전입니다', async () => {
    const update = await tool(learner, ['scripts/update.ts']);
    expect(update.code, update.out).toBe(0);
    expect(update.out).toContain('과정 업데이트 1개 커밋을 받았습니다.');
    expect(update.out).toMatch(/exercises\/05-producer-acks\/src\/delayed-produce\.ts\s+새 과정과 합침/);
    expect(update.out).not.toContain('producer-state.ts');

    const merged = read(learner, STARTER);
    expect(merged).toContain(SOLVED);
    expect(merged).toContain('isProduceComplete: 응답해도 되면 true를, 더 기다려야 하면 false를 돌려주세요.');
    expect(merged).not.toContain('TODO(5장): enoughReplicasError');
    expect(read(learner, UNTOUCHED)).toBe(read(author, UNTOUCHED));
    expect(read(learner, TEST)).toBe(read(author, TEST));
    expect(gitOk(learner, 'rev-parse', 'HEAD')).toBe(gitOk(author, 'rev-parse', 'HEAD'));
    // 내 작업은 다시 커밋하지 않은 수정으로 남습니다 (다음 업데이트도 같은 길로)
    expect(gitOk(learner, 'status', '--porcelain').trim()).toBe(`M ${STARTER}`);

    const backupDir = /고치기 전의 내 파일은 (\S+)\/에 복사해 두었습니다/.exec(update.out)?.[1];
    expect(backupDir).toBeDefined();
    expect(read(learner, path.join(backupDir as string, STARTER))).toBe(learnerBefore);
  }, 300_000);

  it('업데이트 뒤 진행 상황은 "다시 확인해야 함"이고, 러너를 돌리면 새 테스트도 내 풀이로 통과합니다', async () => {
    const before = await tool(learner, ['scripts/progress.ts']);
    expect(before.out).toMatch(/\? {2}5장 .*다시 확인해야 함/);

    const run = await tool(learner, ['scripts/course.ts', 'exercise', '5']);
    expect(run.code).toBe(1);
    expect(run.out).not.toContain('아직 합치지 않았습니다');
    expect(run.out).toMatch(/✓ EnoughReplicasIgnoresIsrForAcksOne/);
    expect(run.out).toMatch(/✗ \S+/); // 아직 풀지 않은 빈칸
    expect(run.out).toContain('isProduceComplete: 응답해도 되면 true를, 더 기다려야 하면 false를 돌려주세요.');

    const after = await tool(learner, ['scripts/progress.ts']);
    expect(after.out).toMatch(/✗ {2}5장 acks, 배치, 멱등성\s+\d+\/\d+ 통과/);
    expect(after.out).toContain('다음 할 일: 1장 파티션 로그와 오프셋을 시작합니다.');
  }, 300_000);

  it('과정 쪽이 내가 푼 바로 그 빈칸을 바꾸면: 표시를 남기고, 러너와 progress가 그 자리를 짚고, 정리하면 다시 돕니다', async () => {
    const mine = read(learner, STARTER);
    await courseUpdate(
      () =>
        replaceOnce(
          author,
          'reference/src/server/delayed-produce.ts',
          /enoughReplicasError: acks=-1\(all\)이고 ISR이 최소 ISR보다 작을 때만/g,
          'enoughReplicasError: acks=-1(all)인데 ISR이 최소 ISR에 못 미칠 때만',
        ),
      '5장: enoughReplicasError 설명을 고침',
    );
    const update = await tool(learner, ['scripts/update.ts']);
    expect(update.code, update.out).toBe(1);
    expect(update.out).toMatch(/delayed-produce\.ts\s+합치지 못한 곳 1군데/);
    expect(update.out).toContain('<<<<<<< 내 코드');

    const conflicted = read(learner, STARTER);
    expect(conflicted).toMatch(/^<<<<<<< 내 코드$/m);
    expect(conflicted).toMatch(/^>>>>>>> 새 과정$/m);
    expect(conflicted).toContain(SOLVED);
    expect(conflicted).toContain('ISR이 최소 ISR에 못 미칠 때만');

    const run = await tool(learner, ['scripts/course.ts', 'exercise', '5']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('5장의 파일에 과정 업데이트와 합치지 못한 곳이 있습니다:');
    expect(run.out).toMatch(/exercises\/05-producer-acks\/src\/delayed-produce\.ts:\d+/);
    expect(run.out).not.toMatch(/[✓✗] /); // 테스트는 돌리지 않았습니다

    const progress = await tool(learner, ['scripts/progress.ts']);
    expect(progress.out).toMatch(/! {2}5장 .*합치지 못한 곳 1군데/);

    // 표시를 정리하기 전에는 다음 업데이트를 받지 않습니다 (그 위에 또 합치면 표시가 겹치니까요)
    await courseUpdate(
      () => write(author, TEST, `${read(author, TEST)}// 업데이트 셋째\n`),
      '5장: 테스트 파일 끝에 한 줄',
    );
    const refused = await tool(learner, ['scripts/update.ts']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('지난 업데이트에서 합치지 못한 곳이 아직 남아 있어 새 업데이트를 받지 않았습니다:');
    expect(refused.out).toContain(STARTER);
    expect(read(learner, STARTER)).toBe(conflicted);

    // 학습자가 "내 코드" 쪽을 남기고 표시를 지웁니다
    write(
      learner,
      STARTER,
      conflicted.replace(/^<<<<<<< 내 코드\n([\s\S]*?)^\|\|\|\|\|\|\| [\s\S]*?^>>>>>>> 새 과정\n/m, '$1'),
    );
    expect(read(learner, STARTER)).toBe(mine);
    const again = await tool(learner, ['scripts/course.ts', 'exercise', '5']);
    expect(again.out).toMatch(/✓ EnoughReplicasIgnoresIsrForAcksOne/);
  }, 300_000);

  it('작업을 커밋해 둔 학습자도 같은 길로 받고, 그 커밋은 백업 브랜치가 가리킵니다', async () => {
    gitOk(learner, 'commit', '-q', '-am', '내 풀이');
    const mine = gitOk(learner, 'rev-parse', 'HEAD').trim();
    await courseUpdate(
      () =>
        replaceOnce(
          author,
          'reference/src/producer/producer-state.ts',
          '(상태는 바꾸지 않고 판단만 돌려줍니다).',
          '(상태는 바꾸지 않습니다: 기억하는 일은 record가 합니다).',
        ),
      '5장: producer-state 설명을 고침',
    );
    const update = await tool(learner, ['scripts/update.ts']);
    expect(update.code, update.out).toBe(0);
    const branch = /브랜치 (course-backup\/\S+)에 남겨 두었습니다/.exec(update.out)?.[1];
    expect(branch).toBeDefined();
    expect(gitOk(learner, 'rev-parse', branch as string).trim()).toBe(mine);
    expect(read(learner, STARTER)).toContain(SOLVED);
    expect(read(learner, UNTOUCHED)).toBe(read(author, UNTOUCHED));
    expect(existsSync(path.join(learner, '.course/backup'))).toBe(true);
  }, 300_000);
});
