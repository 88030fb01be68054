/**
 * kafkajs 고침(scripts/patch-kafkajs.ts, npm install의 postinstall): 고친 kafkajs는 진짜 브로커에 붙어 쉬는 동안
 * 대기 요청을 살피는 1ms 타이머를 돌리지 않고, 고치기 전 kafkajs는 돌립니다(Node 24에서는 경고도 찍습니다).
 * 설치된 kafkajs는 건드리지 않고 임시 폴더의 사본으로 확인합니다.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../reference/test/e2e/support.js';
import { GUARD, kafkajsRequestQueueFile, patchRequestQueue } from '../patch-kafkajs.js';

const repo = path.resolve(import.meta.dirname, '../..');
const execFileAsync = promisify(execFile);
const installed = kafkajsRequestQueueFile();
/** 설치본이 이미 고쳐졌어도 원래 내용을 얻습니다 */
const original = readFileSync(installed.file, 'utf8').replace(GUARD, '');

describe('patchRequestQueue', () => {
  it('kafkajs 2.2.4의 요청 큐에 두 줄을 한 번만 넣고, 모르는 내용은 그대로 둡니다', () => {
    expect(installed.version).toBe('2.2.4');
    const patched = patchRequestQueue(original);
    expect(patched.kind).toBe('patched');
    const text = patched.kind === 'patched' ? patched.text : '';
    expect(text.split(GUARD)).toHaveLength(2);
    expect(text.replace(GUARD, '')).toBe(original);
    expect(patchRequestQueue(text)).toEqual({ kind: 'already' });
    expect(patchRequestQueue('module.exports = class RequestQueue {}')).toEqual({ kind: 'unknown' });
  });

  it('npm install이 끝나면 고칩니다 (package.json의 postinstall)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.postinstall).toBe('tsx scripts/patch-kafkajs.ts');
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
    cpSync(path.resolve(installed.file, '../../../..'), copy, { recursive: true });
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
    const patched = patchRequestQueue(original);
    const fixed = await idleClientWith('patched', patched.kind === 'patched' ? patched.text : '');
    expect(fixed.idle).toBe(0);
    expect(fixed.stderr).toBe('');

    const buggy = await idleClientWith('original', original);
    // 고치기 전: 300ms 동안 수백 번 (바쁜 기계에서도 수십 번은 넘습니다)
    expect(buggy.idle).toBeGreaterThan(10);
    // Node 23부터는 음수 지연에 경고를 찍습니다 (CI는 Node 24에서도 돌립니다)
    if (Number(process.versions.node.split('.')[0]) >= 23) expect(buggy.stderr).toContain('TimeoutNegativeWarning');
  }, 120_000);
});
