/**
 * `npm run cluster`를 진짜 프로세스로: 감독을 띄우고(빈 임시 데이터, 빈 포트를 고른 --port-offset), 다른 터미널처럼
 * `npm run cluster -- kill 2` 같은 명령을 따로 실행해 상태가 바뀌는 것을 봅니다. 장애 감지 시간은 --set으로 줄입니다
 * (세션 3초). 실패해도 감독과 노드는 모두 PID로 멈춥니다.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, isAlive, readRecord } from '../lib/cluster/control.js';
import { freePortOffset } from '../lib/cluster/free-ports.js';
import type { ClusterStatus } from '../lib/cluster/status.js';
import type { SupervisorRecord } from '../lib/cluster/supervisor.js';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/cluster.ts');
const run = promisify(execFile);

const TOPIC = 'orders';
const MESSAGES = 30;
/** 노드 셋이 뜨고 토픽을 만들 수 있기까지 (두 코어를 여럿이 나눠 쓰는 기계에서 넉넉하게) */
const READY_MS = 180_000;
/** 장애 뒤 상태가 바뀌기까지: 세션 3초 + 선거 + 메타데이터 전파 */
const SETTLE_MS = 60_000;

const FAST = [
  'KAFKA_BROKER_SESSION_TIMEOUT_MS=3000',
  'KAFKA_BROKER_HEARTBEAT_INTERVAL_MS=500',
  'KAFKA_CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS=1000',
  'KAFKA_CONTROLLER_QUORUM_FETCH_TIMEOUT_MS=2000',
  'KAFKA_REPLICA_FETCH_BACKOFF_MS=200',
].flatMap((pair) => ['--set', pair]);

const dataDir = mkdtempSync(path.join(tmpdir(), 'cluster-test-'));
let offset = 0;
let supervisor: ChildProcess | null = null;
let output = '';
/** 이 시험이 본 모든 PID (감독과 노드): 끝날 때 모두 사라졌는지 보고, 남았으면 SIGKILL */
const seen = new Set<number>();

/** 다른 터미널의 `npm run cluster -- …` 한 번. --detach는 준비될 때까지 기다리므로 그만큼 더 둡니다 */
function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', script, '--data-dir', dataDir, ...args], {
    cwd: root,
    timeout: args.includes('--detach') ? READY_MS + 20_000 : 120_000,
  });
}

/** 앞에서 띄우기 (`npm run cluster`): "준비되었습니다"를 찍을 때까지 */
async function launch(...extra: string[]): Promise<void> {
  output = '';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--data-dir', dataDir, `--port-offset=${offset}`, ...FAST, ...extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  supervisor = child;
  if (child.pid) seen.add(child.pid);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${READY_MS / 1000}초 안에 준비되지 않았습니다:\n${output}`)),
      READY_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (/\[cluster\] 준비되었습니다/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`감독이 준비되기 전에 끝났습니다 (code ${code}):\n${output}`));
    });
  });
  remember();
}

function record(): SupervisorRecord {
  const found = readRecord(dataDir);
  if (!found) throw new Error('supervisor.json이 없습니다');
  return found;
}

function remember(): void {
  const found = readRecord(dataDir);
  if (!found) return;
  seen.add(found.pid);
  for (const pid of Object.values(found.nodes)) if (pid !== null) seen.add(pid);
}

function status(): Promise<ClusterStatus> {
  return call<ClusterStatus>(record(), 'GET', '/status');
}

/** 상태가 조건을 채울 때까지 (0.5초마다, 최대 `maxMs`) */
async function until(what: string, ok: (s: ClusterStatus) => boolean, maxMs = SETTLE_MS): Promise<ClusterStatus> {
  const deadline = Date.now() + maxMs;
  let last: ClusterStatus | null = null;
  for (;;) {
    last = await status().catch(() => last);
    if (last && ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${maxMs / 1000}초 안에 ${what}: 마지막 상태 ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const partitionsOf = (s: ClusterStatus) => s.partitions.filter((p) => p.topic === TOPIC);
const allIsr = (s: ClusterStatus) => partitionsOf(s).length === 3 && partitionsOf(s).every((p) => p.isr.length === 3);
const hwSum = (s: ClusterStatus) => partitionsOf(s).reduce((sum, p) => sum + (p.highWatermark ?? 0), 0);

function kafka(bootstrap: string): Kafka {
  return new Kafka({
    clientId: 'cluster-test',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10 },
  });
}

async function stopEverything(): Promise<void> {
  remember();
  for (const pid of seen) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      // 그 사이에 끝났습니다.
    }
  }
}

beforeAll(async () => {
  offset = await freePortOffset(dataDir);
  await launch('--fresh');
}, READY_MS + 30_000);

afterAll(async () => {
  await stopEverything();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe.sequential('npm run cluster', () => {
  it('브로커 셋이 실행 중이고 활성 컨트롤러가 있습니다 (status 명령)', async () => {
    const s = await until('모두 실행 중', (x) => x.nodes.every((n) => n.broker === 'running'));
    expect(s.nodes.map((n) => n.id)).toEqual([1, 2, 3]);
    expect(s.activeController).not.toBeNull();
    const { stdout } = await cli('status');
    expect(stdout).toMatch(/활성 컨트롤러: 노드 [123]/);
    expect(stdout).toContain('1 실행 중, 2 실행 중, 3 실행 중');
  }, 120_000);

  it('kafkajs가 클라이언트 포트로 곧바로 붙어 RF3 토픽을 만들고 씁니다', async () => {
    const { bootstrap } = record();
    expect(bootstrap).toBe([19092, 29092, 39092].map((p) => `127.0.0.1:${p + offset}`).join(','));
    const client = kafka(bootstrap);
    const admin = client.admin();
    await admin.connect();
    try {
      // 컨트롤러는 커밋한 뒤 답하지만, 브로커마다 그 레코드를 적용하는 것은 조금 뒤입니다 (Kafka도 같습니다). kafkajs의
      // waitForLeaders는 그 사이의 UNKNOWN_TOPIC_OR_PARTITION을 다시 묻지 않으므로, 상태에 파티션이 보일 때까지 기다립니다.
      await admin.createTopics({
        topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }],
        waitForLeaders: false,
      });
      // 메타데이터는 클라이언트가 붙은 리스너(PLAINTEXT_HOST)의 주소로 답합니다: 프록시 주소가 아니라 클라이언트 포트.
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual(bootstrap.split(',').sort());
    } finally {
      await admin.disconnect();
    }
    await until('토픽의 파티션 셋과 ISR 셋이 보임', allIsr);
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    try {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i % 6}`, value: `v${i}` })),
      });
    } finally {
      await producer.disconnect();
    }
    const s = await until('HW 합이 메시지 수', (x) => allIsr(x) && hwSum(x) === MESSAGES);
    expect(partitionsOf(s).map((p) => p.replicas.length)).toEqual([3, 3, 3]);
  }, 180_000);

  it('kill: 리더가 죽으면 리더가 옮겨 가고 ISR이 줄며, start로 다시 띄우면 ISR이 다시 셋이 됩니다', async () => {
    const before = await until('토픽의 ISR이 셋', allIsr);
    const victim = partitionsOf(before)[0]?.leader as number;
    const { stdout } = await cli('kill', String(victim));
    expect(stdout).toContain(`노드 ${victim}에 SIGKILL을 보냈습니다`);
    const after = await until(`노드 ${victim}가 ISR과 리더에서 빠짐`, (x) =>
      partitionsOf(x).every((p) => p.leader !== victim && p.leader >= 0 && !p.isr.includes(victim)),
    );
    expect(after.nodes.find((n) => n.id === victim)).toMatchObject({ process: 'stopped', broker: 'stopped' });
    // 새 리더의 하이 워터마크는 팔로워가 Fetch로 따라올 때까지 잠시 뒤처지거나 알 수 없을 수 있습니다 (Kafka도 같음).
    // 확인된 쓰기는 하나도 잃지 않으므로 하이 워터마크의 합은 다시 메시지 수가 됩니다.
    await until('새 리더들의 하이 워터마크 합이 메시지 수', (x) => hwSum(x) === MESSAGES);

    await cli('start', String(victim));
    remember();
    const back = await until(
      `노드 ${victim}가 ISR로 돌아옴`,
      (x) => allIsr(x) && x.nodes.every((n) => n.broker === 'running'),
    );
    expect(hwSum(back)).toBe(MESSAGES);
  }, 180_000);

  it('partition/heal: 끊긴 노드는 펜싱되어 ISR에서 빠지고, heal 뒤에 돌아옵니다', async () => {
    const before = await until('토픽의 ISR이 셋', allIsr);
    // 활성 컨트롤러가 아닌 노드를 끊습니다: 그 노드는 컨트롤러에 하트비트를 못 보내 세션이 끝나면 펜싱됩니다.
    const cut = [1, 2, 3].find((id) => id !== before.activeController) as number;
    const others = [1, 2, 3].filter((id) => id !== cut);
    const { stdout } = await cli('partition', String(cut), '--from', others.join(','));
    expect(stdout).toContain('연결을 끊었습니다');
    const isolated = await until(
      `노드 ${cut}가 펜싱되어 ISR에서 빠짐`,
      (x) =>
        x.nodes.some((n) => n.id === cut && n.broker === 'fenced') &&
        partitionsOf(x).every((p) => !p.isr.includes(cut) && p.leader !== cut),
    );
    expect(isolated.cuts.map((pair) => [...pair].sort())).toEqual(others.map((o) => [cut, o].sort()));
    // 클라이언트 연결은 끊지 않았습니다: 끊긴 노드의 클라이언트 포트도 여전히 답합니다(상태를 물은 것이 그 증거).

    expect((await cli('heal')).stdout).toContain('다시 이었습니다');
    await until(
      `노드 ${cut}가 돌아옴`,
      (x) => x.cuts.length === 0 && allIsr(x) && x.nodes.every((n) => n.broker === 'running'),
    );
  }, 180_000);

  it('SIGTERM(Ctrl+C)을 받으면 노드를 모두 멈추고 끝납니다', async () => {
    remember();
    const { pid: supervisorPid, nodes } = record();
    const pids = [supervisorPid, ...Object.values(nodes).filter((p): p is number => p !== null)];
    expect(pids).toHaveLength(4);
    const child = supervisor as ChildProcess;
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(readRecord(dataDir)).toBeNull();
    expect(output).toContain('모두 멈췄습니다');
  }, 60_000);

  it(
    '--detach로 같은 데이터에서 이어 띄우면 토픽과 메시지가 그대로이고, down이 모두 멈춥니다',
    async () => {
      const { stdout } = await cli(`--port-offset=${offset}`, ...FAST, '--detach');
      const bootstrap = stdout.trim().split('\n').at(-1) as string;
      expect(bootstrap).toBe(record().bootstrap);
      remember();
      const s = await until('토픽이 돌아옴', (x) => allIsr(x) && hwSum(x) === MESSAGES);
      expect(partitionsOf(s)).toHaveLength(3);

      const { pid, nodes } = record();
      const pids = [pid, ...Object.values(nodes).filter((p): p is number => p !== null)];
      expect((await cli('down')).stdout).toContain('클러스터를 멈췄습니다');
      expect(pids.filter(isAlive)).toEqual([]);
      expect((await cli('down')).stdout).toContain('떠 있는 클러스터가 없습니다');
    },
    READY_MS + 60_000,
  );
});
