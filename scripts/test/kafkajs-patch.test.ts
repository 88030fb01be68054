/**
 * kafkajs 2.2.4 고침(`patches/kafkajs+2.2.4.patch`, npm install이 끝나면 patch-package가 적용합니다).
 *
 * kafkajs의 `RequestQueue.scheduleCheckPendingRequests`는 응답을 받을 때마다 `throttledUntil - Date.now()` 뒤에
 * 대기 요청을 다시 살피는 타이머를 겁니다. 스로틀을 받은 적이 없으면 `throttledUntil`은 -1이라 지연이 음수가 되고,
 * Node는 그것을 1ms로 바꿉니다. 그래서 연결마다 1ms 타이머가 끝없이 돌고, Node 24는
 * `TimeoutNegativeWarning: -1796469698320 is a negative number`를 찍습니다 (tulios/kafkajs#1751, #1704; kafkajs는
 * 2.2.4 뒤로 릴리스가 없습니다). 강의의 `try-*.ts`처럼 학습자가 쓰는 스크립트도 같은 kafkajs를 쓰므로, 설치한 파일을
 * 고칩니다. 고친 동작: 기다리는 요청도 스로틀도 없으면 타이머를 걸지 않습니다 (새 요청은 push가, 끝난 요청은
 * fulfillRequest가 큐를 다시 살피므로 빠지는 요청은 없습니다).
 *
 * 여기서는 설치된(고친) kafkajs와, 고치기 전 내용으로 되돌린 사본을 진짜 브로커에 붙여 비교합니다.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../reference/test/e2e/support.js';

const repo = path.resolve(import.meta.dirname, '../..');
const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);
const kafkajsDir = path.dirname(require.resolve('kafkajs/package.json'));
const kafkajsVersion = (require('kafkajs/package.json') as { version: string }).version;
const requestQueueFile = path.join(kafkajsDir, 'src/network/requestQueue/index.js');
const patchFile = path.join(repo, `patches/kafkajs+${kafkajsVersion}.patch`);

/** 패치가 넣는 줄들 (`+`로 시작하는 줄, 파일 머리 `+++`는 빼고) */
const addedLines = readFileSync(patchFile, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
  .map((line) => `${line.slice(1)}\n`);
const installed = readFileSync(requestQueueFile, 'utf8');
/** 고치기 전의 내용: 설치본에서 패치가 넣은 줄을 뺍니다 */
const original = addedLines.reduce((text, line) => text.replace(line, ''), installed);

describe('kafkajs 패치', () => {
  it('npm install이 끝나면 patch-package가 patches/의 패치를 적용합니다', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.postinstall).toBe('patch-package');
    expect(kafkajsVersion).toBe('2.2.4');
    expect(addedLines.length).toBeGreaterThan(0);
    for (const line of addedLines)
      expect(installed, '설치된 kafkajs에 패치가 없습니다: npm ci를 다시 하세요').toContain(line);
    expect(original).not.toBe(installed);
  });
});

/**
 * kafkajs 사본을 쓰는 자식 프로세스: 브로커에 붙어 한 번 묻고, 쉬는 300ms 동안 큐를 살핀 횟수를 찍습니다.
 * 자식 프로세스라서 Node가 찍는 경고(stderr)도 그대로 봅니다.
 */
const idleClient = `import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js');
const check = RequestQueue.prototype.checkPendingRequests;
let checks = 0;
RequestQueue.prototype.checkPendingRequests = function () {
  checks++;
  return check.call(this);
};
const admin = new Kafka({ clientId: 'idle', brokers: [process.argv[2]], logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.listTopics();
checks = 0;
await sleep(300);
const idle = checks;
await admin.listTopics(); // 쉬고 난 뒤에도 요청은 그대로 오갑니다
await admin.disconnect();
console.log(JSON.stringify({ idle }));
`;

describe('쉬는 kafkajs 연결의 타이머 (진짜 브로커, 자식 프로세스)', () => {
  let running: RunningBroker;
  let dir: string;
  beforeAll(async () => {
    running = await startBroker();
    dir = mkdtempSync(path.join(tmpdir(), 'kafkajs-copy-'));
  });
  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function idleClientWith(name: string, requestQueue: string): Promise<{ idle: number; stderr: string }> {
    const copy = path.join(dir, name, 'node_modules/kafkajs');
    cpSync(kafkajsDir, copy, { recursive: true });
    writeFileSync(path.join(copy, 'src/network/requestQueue/index.js'), requestQueue);
    writeFileSync(path.join(dir, name, 'idle.mjs'), idleClient);
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [path.join(dir, name, 'idle.mjs'), running.bootstrap],
      {
        timeout: 60_000,
      },
    );
    return { idle: (JSON.parse(stdout) as { idle: number }).idle, stderr };
  }

  it('고친 kafkajs는 쉬는 동안 큐를 살피지 않고 경고도 없으며, 원래 kafkajs는 1ms마다 살핍니다', async () => {
    const fixed = await idleClientWith('patched', installed);
    expect(fixed.idle).toBe(0);
    expect(fixed.stderr).toBe('');

    const buggy = await idleClientWith('original', original);
    // 고치기 전: 300ms 동안 수백 번 (바쁜 기계에서도 수십 번은 넘습니다)
    expect(buggy.idle).toBeGreaterThan(10);
    // Node 23부터는 음수 지연에 경고를 찍습니다 (CI는 Node 24에서도 돌립니다)
    if (Number(process.versions.node.split('.')[0]) >= 23) expect(buggy.stderr).toContain('TimeoutNegativeWarning');
  }, 120_000);
});
