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
 * 둘째 고침: `Connection.disconnect()`는 이미 끊긴 소켓에도 `socket.unref()`를 부릅니다. 핸들이 없는 소켓의 `unref()`는
 * Node가 `once('connect', unref)`로 미뤄 두는데, 그 소켓은 다시 연결되지 않으니 듣는 함수만 쌓이고, 11번째에 Node가
 * `MaxListenersExceededWarning: 11 connect listeners added to [Socket]`을 찍습니다 (리더나 컨트롤러를 kill -9 하는 시험과
 * 드릴에서). 고친 동작: 끊긴(destroyed) 소켓은 닫지도 unref하지도 않습니다 (이미 닫혀 있습니다).
 *
 * 셋째 고침: 컨슈머의 fetcher는 `while (isRunning) { await fetch(nodeId) }`로 돕니다. fetch가 입출력 없이 곧바로
 * 끝나면(runner가 멈췄는데 fetcher는 아직 돌 때, 방금 지운 브로커) 이 루프는 마이크로태스크만 돌며 이벤트 루프를 막아,
 * 타이머(시험의 시간 제한까지)도 입출력도 다시 차례를 받지 못합니다: 리더를 kill -9 하는 시험과 드릴이 CPU를 쓰며 멈춰
 * 있었습니다. 고친 동작: 한 바퀴마다 `setImmediate`로 차례를 넘깁니다.
 *
 * 넷째 고침: 컨슈머의 fetchManager는 리더가 옮겨 가면(fetcher가 KafkaJSFetcherRebalanceError를 던지면) fetcher를 모두
 * 멈추고 새로 만듭니다. 그 멈추기를 기다리는 사이에 `consumer.disconnect()`가 fetchManager.stop()을 부르면, 원래 코드는
 * 이미 멈춘 옛 fetcher만 멈추고 돌아온 뒤 새 fetcher를 만들어 영영 돌립니다. 그러면 start()가 끝나지 않아 runner가
 * CONSUMING_STOP을 내지 못하고, disconnect()가 끝나지 않습니다 (드릴에서 리더를 죽인 일정 뒤 컨슈머 둘이 그렇게 남았습니다).
 * 고친 동작: stop()을 부른 뒤로는 fetcher를 다시 만들지 않고 start()를 끝냅니다.
 *
 * 여기서는 설치된(고친) kafkajs와, 고치기 전 내용으로 되돌린 사본을 자식 프로세스로 돌려 비교합니다.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, reservePort, startBroker } from '../../reference/test/e2e/support.js';

const repo = path.resolve(import.meta.dirname, '../..');
const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);
const kafkajsDir = path.dirname(require.resolve('kafkajs/package.json'));
const kafkajsVersion = (require('kafkajs/package.json') as { version: string }).version;
const patchFile = path.join(repo, `patches/kafkajs+${kafkajsVersion}.patch`);

/**
 * 패치가 파일마다 넣는 덩어리들: 잇닿은 `+` 줄(파일 머리 `+++`는 빼고)을 한 덩어리로. 덩어리로 보는 까닭은 `}`나 빈 줄처럼
 * 한 줄만으로는 고치기 전 파일에도 있는 줄이 있어서입니다. 열쇠는 kafkajs 안의 경로
 */
function addedBlocksByFile(patch: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  let current: string[] | null = null;
  let block: string | null = null;
  const flush = () => {
    if (current && block !== null) current.push(block);
    block = null;
  };
  for (const line of patch.split('\n')) {
    const header = /^\+\+\+ b\/node_modules\/kafkajs\/(.+)$/.exec(line);
    if (header) {
      flush();
      current = [];
      byFile.set(header[1] as string, current);
    } else if (line.startsWith('+') && current) block = `${block ?? ''}${line.slice(1)}\n`;
    else flush();
  }
  flush();
  return byFile;
}

const added = addedBlocksByFile(readFileSync(patchFile, 'utf8'));

/** 설치된(고친) 파일과, 패치가 넣은 줄을 빼고 지운 줄(`-`)을 되돌린 고치기 전의 내용 */
function installedAndOriginal(file: string): { installed: string; original: string } {
  const installed = readFileSync(path.join(kafkajsDir, file), 'utf8');
  const patch = readFileSync(patchFile, 'utf8');
  // 파일의 조각(hunk)마다: 고친 줄(`+`)을 지운 줄(`-`)로 바꿉니다.
  const section = patch.split('diff --git').find((part) => part.includes(`+++ b/node_modules/kafkajs/${file}`)) ?? '';
  let original = installed;
  for (const hunk of section.split(/^@@.*@@.*$/m).slice(1)) {
    const lines = hunk.split('\n').filter((l) => l !== '' && !l.startsWith('\\'));
    const after = lines.filter((l) => !l.startsWith('-')).map((l) => l.slice(1));
    const before = lines.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
    original = original.replace(after.join('\n'), before.join('\n'));
  }
  return { installed, original };
}

const REQUEST_QUEUE = 'src/network/requestQueue/index.js';
const CONNECTION = 'src/network/connection.js';
const FETCHER = 'src/consumer/fetcher.js';
const RUNNER = 'src/consumer/runner.js';
const FETCH_MANAGER = 'src/consumer/fetchManager.js';
const { installed, original } = installedAndOriginal(REQUEST_QUEUE);

describe('kafkajs 패치', () => {
  it('npm install이 끝나면 patch-package가 patches/의 패치를 적용합니다', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.postinstall).toBe('patch-package');
    expect(kafkajsVersion).toBe('2.2.4');
    expect([...added.keys()].sort()).toEqual([FETCH_MANAGER, FETCHER, RUNNER, CONNECTION, REQUEST_QUEUE]);
    for (const [file, blocks] of added) {
      const text = installedAndOriginal(file);
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks)
        expect(text.installed, `설치된 kafkajs의 ${file}에 패치가 없습니다: npm ci를 다시 하세요`).toContain(block);
      expect(text.original).not.toBe(text.installed);
      for (const block of blocks) expect(text.original).not.toContain(block);
    }
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
    writeFileSync(path.join(copy, REQUEST_QUEUE), requestQueue);
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

/**
 * 끊긴 연결을 여러 번 닫는 kafkajs (자식 프로세스): 닿지 않는 주소로 연결하다 실패한 `Connection`의 `disconnect()`를
 * 11번 부르고, 그 소켓의 'connect' 듣는 함수 수를 찍습니다. kafkajs의 연결 풀은 쉬는 둘째 연결(Fetch)의 죽은 소켓을 다음에
 * 쓸 때까지 들고 있어, 컨슈머가 다시 시작하거나 프로듀서가 끊을 때마다 같은 소켓에 `disconnect()`가 닿습니다.
 */
const repeatedDisconnects = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const Connection = require('kafkajs/src/network/connection.js');
const socketFactory = require('kafkajs/src/network/socketFactory.js');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const connection = new Connection({
  host: '127.0.0.1',
  port: Number(process.argv[2]),
  logger: { namespace: () => quiet },
  socketFactory: socketFactory(),
  connectionTimeout: 1000,
  requestTimeout: 1000,
  enforceRequestTimeout: true,
});
await connection.connect().catch(() => {});
for (let i = 0; i < 11; i++) await connection.disconnect();
console.log(JSON.stringify({ listeners: connection.socket.listenerCount('connect') }));
await new Promise((resolve) => setTimeout(resolve, 100));
`;

describe('끊긴 연결을 여러 번 닫는 kafkajs (자식 프로세스)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kafkajs-disconnect-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function disconnectsWith(name: string, connection: string): Promise<{ listeners: number; stderr: string }> {
    const copy = path.join(dir, name, 'node_modules/kafkajs');
    cpSync(kafkajsDir, copy, { recursive: true });
    writeFileSync(path.join(copy, CONNECTION), connection);
    writeFileSync(path.join(dir, name, 'disconnect.mjs'), repeatedDisconnects);
    const port = await reservePort();
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [path.join(dir, name, 'disconnect.mjs'), String(port)],
      {
        timeout: 60_000,
      },
    );
    return { listeners: (JSON.parse(stdout) as { listeners: number }).listeners, stderr };
  }

  it('고친 kafkajs는 죽은 소켓에 unref()를 부르지 않아 듣는 함수가 쌓이지 않고, 원래 kafkajs는 11번 닫으면 MaxListenersExceededWarning을 찍습니다', async () => {
    const { installed: fixedConnection, original: originalConnection } = installedAndOriginal(CONNECTION);
    const fixed = await disconnectsWith('patched', fixedConnection);
    expect(fixed.stderr).toBe('');
    const buggy = await disconnectsWith('original', originalConnection);
    // Node의 net.Socket.unref(): 핸들이 없는(끊긴) 소켓이면 once('connect', unref)를 걸어 둡니다. 닫을 때마다 적어도 하나씩.
    expect(buggy.listeners - fixed.listeners).toBeGreaterThanOrEqual(11);
    expect(buggy.stderr).toContain('MaxListenersExceededWarning');
  }, 60_000);
});

/** fetch가 곧바로 []로 끝나는 fetcher를 돌리며 20ms 타이머를 겁니다: 타이머가 불리면 fetcher를 멈추고 끝납니다. */
const spinningFetcher = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const createFetcher = require('kafkajs/src/consumer/fetcher.js');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const fetcher = createFetcher({
  nodeId: 1,
  workerQueue: { push: async () => {} },
  partitionAssignments: new Map(),
  fetch: async () => [],
  logger: { namespace: () => quiet },
});
fetcher.start().catch(() => {});
const started = Date.now();
await new Promise((resolve) => setTimeout(resolve, 20));
await fetcher.stop();
console.log(JSON.stringify({ timerAfterMs: Date.now() - started }));
`;

describe('곧바로 끝나는 fetch를 되풀이하는 kafkajs fetcher (자식 프로세스)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kafkajs-fetcher-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runWith(name: string, fetcher: string): Promise<{ stdout: string } | 'killed'> {
    const copy = path.join(dir, name, 'node_modules/kafkajs');
    cpSync(kafkajsDir, copy, { recursive: true });
    writeFileSync(path.join(copy, FETCHER), fetcher);
    writeFileSync(path.join(dir, name, 'spin.mjs'), spinningFetcher);
    return execFileAsync(process.execPath, [path.join(dir, name, 'spin.mjs')], { timeout: 5000 }).then(
      ({ stdout }) => ({ stdout }),
      (error: { killed?: boolean }) => {
        if (error.killed) return 'killed' as const;
        throw error;
      },
    );
  }

  it('고친 kafkajs는 그동안에도 타이머가 불려 fetcher를 멈출 수 있고, 원래 kafkajs는 이벤트 루프가 막혀 5초 뒤 죽입니다', async () => {
    const { installed: fixedFetcher, original: originalFetcher } = installedAndOriginal(FETCHER);
    const fixed = await runWith('patched', fixedFetcher);
    expect(fixed).not.toBe('killed');
    expect((JSON.parse((fixed as { stdout: string }).stdout) as { timerAfterMs: number }).timerAfterMs).toBeLessThan(
      5000,
    );
    expect(await runWith('original', originalFetcher)).toBe('killed');
  }, 60_000);
});

/**
 * 노드 1과 2의 fetcher. 노드 1의 fetch가 리더가 옮겨 갔다고 알리면(노드 [1,3]) 다음 fetch에서 리밸런스가 나고,
 * fetchManager는 노드 2의 fetch가 끝나기를 기다립니다. 그 fetch는 바깥의 stop()이 돌아온 뒤에야 끝나게 붙잡아 두므로,
 * 시간에 기대지 않고 늘 같은 차례입니다: 리밸런스 → stop() → 노드 2의 fetch 끝 → (원래 코드는) 새 fetcher.
 */
const rebalancingFetchManager = `import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
const require = createRequire(import.meta.url);
const createFetchManager = require('kafkajs/src/consumer/fetchManager.js');
const quiet = { debug() {}, info() {}, warn() {}, error() {}, namespace: () => quiet };
let nodeIds = [1, 2];
let rebalanceSeen;
const rebalance = new Promise((resolve) => (rebalanceSeen = resolve));
let release;
const slowFetchHeld = new Promise((resolve) => (release = resolve));
const manager = createFetchManager({
  logger: quiet,
  getNodeIds: () => {
    if (nodeIds.includes(3)) rebalanceSeen();
    return nodeIds;
  },
  fetch: async (nodeId) => {
    if (nodeId === 2) await slowFetchHeld;
    else await sleep(5);
    if (nodeId === 1) nodeIds = [1, 3];
    return [];
  },
  handler: async () => {},
});
const started = manager.start().then(() => 'ended', (error) => 'threw: ' + error.message);
await rebalance;
await new Promise((resolve) => setImmediate(resolve)); // fetchManager가 리밸런스 오류를 받아 옛 fetcher를 멈추는 중
await manager.stop();
release();
const ended = await Promise.race([started, sleep(1000).then(() => 'running')]);
console.log(JSON.stringify({ ended, nodeIds }));
process.exit(0);
`;

describe('리밸런스 도중에 멈추는 kafkajs fetchManager (자식 프로세스)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kafkajs-fetch-manager-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function endsWith(name: string, fetchManager: string): Promise<{ ended: string; nodeIds: number[] }> {
    const copy = path.join(dir, name, 'node_modules/kafkajs');
    cpSync(kafkajsDir, copy, { recursive: true });
    writeFileSync(path.join(copy, FETCH_MANAGER), fetchManager);
    writeFileSync(path.join(dir, name, 'rebalance.mjs'), rebalancingFetchManager);
    const { stdout } = await execFileAsync(process.execPath, [path.join(dir, name, 'rebalance.mjs')], {
      timeout: 20_000,
    });
    return JSON.parse(stdout) as { ended: string; nodeIds: number[] };
  }

  it('고친 kafkajs는 stop() 뒤에 fetcher를 다시 만들지 않아 start()가 끝나고, 원래 kafkajs는 새 fetcher를 돌리며 끝나지 않습니다', async () => {
    const { installed: fixed, original } = installedAndOriginal(FETCH_MANAGER);
    // 두 경우 모두 리밸런스가 났습니다 (노드 1이 리더가 옮겨 갔다고 알렸음)
    expect(await endsWith('patched', fixed)).toEqual({ ended: 'ended', nodeIds: [1, 3] });
    expect(await endsWith('original', original)).toEqual({ ended: 'running', nodeIds: [1, 3] });
  }, 60_000);
});
