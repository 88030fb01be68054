/**
 * `npm run quorum:failover`: 활성 컨트롤러를 `kill -9`한 때부터 다음 CreateTopics가 성공하기까지를 잽니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 브로커+컨트롤러 노드 셋을 루프백의 빈 포트와 임시 폴더에 띄우고(`npm run quorum:up`과 같은 설정), 회마다:
 *   1. DescribeQuorum으로 리더(활성 컨트롤러)를 찾아 `kill -9`
 *   2. 살아남은 브로커에 CreateTopics를 50ms마다 보내(브로커가 활성 컨트롤러에게 넘깁니다) 처음 성공한 때를 적음
 *   3. 죽인 노드를 다시 띄우고, 그 노드가 쿼럼의 팔로워로 돌아와 리더의 로그 끝을 따라잡기를 기다림 (다음 회에
 *      리더를 죽여도 과반이 남도록). 브로커로 다시 등록하는 것은 기다리지 않습니다: 새 리더는 죽은 세대의 세션이
 *      끝날 때(`broker.session.timeout.ms`)까지 새 세대의 등록을 DUPLICATE_BROKER_REGISTRATION으로 미룹니다.
 * 회마다의 시간, 중앙값과 최댓값을 찍습니다. 모든 기다림은 시간으로 묶여 있고, 끝나면 띄운 프로세스를 PID로 멈춥니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiKey } from '../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../reference/src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../reference/src/raft/raft-util.js';
import { systemClock } from '../reference/src/runtime/clock.js';
import { NetworkClient } from '../reference/src/runtime/network-client.js';
import { systemRandom } from '../reference/src/runtime/random.js';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { send } from './lib/cluster/requests.js';
import { reservePort } from './lib/ports.js';
import { quorumNodeEnv } from './lib/quorum.js';

const USAGE = `노드 셋의 KRaft 쿼럼에서 활성 컨트롤러를 kill -9한 뒤 다음 CreateTopics가 성공하기까지를 잽니다.
  npm run quorum:failover                    10회 (기본)
  npm run quorum:failover -- --runs 3        3회 (1에서 100까지)`;

const { values } = readCommandLine(USAGE, { options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) exitWithUsage(USAGE, '--runs는 1에서 100 사이의 정수입니다');

const root = path.resolve(import.meta.dirname, '..');
const IDS = [1, 2, 3] as const;
/** 한 번의 기다림의 상한 */
const WAIT_MS = 60_000;

interface QuorumNode {
  readonly id: number;
  readonly dir: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  process: ChildProcess | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null>, maxMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${maxMs}ms 안에 ${what}`);
    await sleep(50);
  }
}

const nodes: QuorumNode[] = [];
for (const id of IDS) {
  nodes.push({
    id,
    dir: mkdtempSync(path.join(tmpdir(), `quorum-failover-${id}-`)),
    brokerPort: await reservePort(),
    controllerPort: await reservePort(),
    process: null,
  });
}
const voters = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
const client = (port: (n: QuorumNode) => number) =>
  new NetworkClient({
    endpoints: new Map(nodes.map((n) => [n.id, { host: '127.0.0.1', port: port(n) }])),
    clientId: 'quorum-failover',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: 1000,
    reconnectBackoffMs: 20,
    reconnectBackoffMaxMs: 100,
  });
const controllers = client((n) => n.controllerPort);
const brokers = client((n) => n.brokerPort);

/** 노드 하나를 띄우고, `waitReady`면 "준비되었습니다"(펜싱이 풀림)를 기다립니다. */
async function start(n: QuorumNode, waitReady = true): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'reference/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...quorumNodeEnv(n.id, 'broker,controller', { broker: n.brokerPort, controller: n.controllerPort }, voters),
      KAFKA_LOG_DIRS: n.dir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  n.process = child;
  child.stdout?.resume();
  child.stderr?.resume();
  if (!waitReady) return;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`노드 ${n.id}가 ${WAIT_MS}ms 안에 뜨지 않았습니다:\n${output}`)),
      WAIT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('준비되었습니다')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`노드 ${n.id}가 시작하다 끝났습니다 (code ${code}):\n${output}`));
    });
  });
}

async function killHard(n: QuorumNode): Promise<void> {
  const child = n.process;
  n.process = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

interface VoterState {
  readonly replicaId: number;
  readonly logEndOffset: number;
}

/** 리더의 DescribeQuorum: 하이 워터마크와 투표자마다의 로그 끝 */
async function describe(id: number): Promise<{ highWatermark: number; currentVoters: VoterState[] } | null> {
  const reply = await send(controllers, id, {
    apiKey: ApiKey.DescribeQuorum,
    apiVersion: 2,
    body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
  });
  const partition = reply.ok
    ? (
        reply.response as {
          topics: { partitions: { errorCode: number; highWatermark: number; currentVoters: VoterState[] }[] }[];
        }
      ).topics[0]?.partitions[0]
    : undefined;
  return partition?.errorCode === ErrorCode.NONE ? partition : null;
}

/** 스스로 리더라고 답하는 노드 하나 (DescribeQuorum에는 리더만 답합니다) */
async function leader(): Promise<number | null> {
  const answers = await Promise.all(
    IDS.map(async (id) => {
      const reply = await send(controllers, id, {
        apiKey: ApiKey.DescribeQuorum,
        apiVersion: 2,
        body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
      });
      const partition = reply.ok
        ? (reply.response as { topics: { partitions: { errorCode: number }[] }[] }).topics[0]?.partitions[0]
        : undefined;
      return partition?.errorCode === ErrorCode.NONE ? id : null;
    }),
  );
  const found = answers.filter((id) => id !== null);
  return found.length === 1 ? (found[0] as number) : null;
}

async function createTopic(id: number, name: string): Promise<boolean> {
  const reply = await send(brokers, id, {
    apiKey: ApiKey.CreateTopics,
    apiVersion: 7,
    body: {
      topics: [{ name, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    },
  });
  const errorCode = reply.ok ? (reply.response as { topics: { errorCode: number }[] }).topics[0]?.errorCode : -1;
  // 넘긴 요청이 리더가 바뀐 뒤 다시 보내져 앞선 성공을 만나면 TOPIC_ALREADY_EXISTS입니다: 그것도 성공입니다.
  return errorCode === ErrorCode.NONE || errorCode === ErrorCode.TOPIC_ALREADY_EXISTS;
}

const stopAll = async () => {
  controllers.close();
  brokers.close();
  for (const n of nodes) await killHard(n);
  for (const n of nodes) rmSync(n.dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void stopAll().then(() => process.exit(130)));

const times: number[] = [];
try {
  console.log(`노드 셋을 띄웁니다 (컨트롤러 ${voters})`);
  await Promise.all(nodes.map((n) => start(n)));
  for (let run = 1; run <= runs; run++) {
    const victimId = await waitFor('리더가 서지 않았습니다', leader);
    const victim = nodes.find((n) => n.id === victimId) as QuorumNode;
    const survivors = nodes.filter((n) => n !== victim);
    const killedAt = Date.now();
    await killHard(victim);
    let attempt = 0;
    await waitFor('다음 CreateTopics가 성공하지 않았습니다', async () => {
      const target = survivors[attempt++ % survivors.length] as QuorumNode;
      return (await createTopic(target.id, `failover-${run}-${attempt}`)) ? true : null;
    });
    const elapsed = Date.now() - killedAt;
    times.push(elapsed);
    console.log(
      `${String(run).padStart(2)}회: ${josa(`노드 ${victimId}`, '을/를')} kill -9 → 다음 CreateTopics 성공까지 ${elapsed}ms`,
    );
    await start(victim, false);
    await waitFor(`다시 띄운 ${josa(`노드 ${victimId}`, '이/가')} 쿼럼을 따라잡지 못했습니다`, async () => {
      const current = await leader();
      const quorum = current === null ? null : await describe(current);
      const caughtUp = quorum?.currentVoters.find((v) => v.replicaId === victimId);
      return quorum && caughtUp && caughtUp.logEndOffset >= quorum.highWatermark ? true : null;
    });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : Math.round(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
  console.log(`${runs}회: 중앙값 ${median}ms, 최댓값 ${sorted.at(-1)}ms, 최솟값 ${sorted[0]}ms`);
  console.log(
    '(기본 설정: controller.quorum.fetch.timeout.ms=2000, controller.quorum.election.timeout.ms=1000 — 선거 시간 제한은 그것과 두 배 사이의 무작위 값)',
  );
} finally {
  await stopAll();
}
