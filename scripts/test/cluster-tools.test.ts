/**
 * 저장소의 명령줄 도구를 세 노드 클러스터(진짜 프로세스 셋, `npm run quorum:up`과 같은 구성)에 대고 돌립니다:
 * `npm run groups`(scripts/consumer-groups.ts), `npm run quorum`(scripts/metadata-quorum.ts), 그리고 장의 실습이 토픽을
 * 다루는 kcat. 클러스터라서 달라지는 것을 일부러 만듭니다.
 *
 *   - 부트스트랩 목록에 브로커가 셋이고, 그 첫째(노드 1)는 `kill -9`로 죽어 있습니다.
 *   - 그룹의 코디네이터는 노드 3입니다 (첫 부트스트랩 브로커가 아님).
 *   - 그룹에는 멈춰 둔(pause) kafkajs 컨슈머 하나가 멤버로 남아 있고, 파티션마다 3개씩 뒤처져 있습니다.
 *
 * 도구는 고치지 않은 그대로 돕니다 (진짜 Kafka의 클러스터에도 같은 명령). 기다림은 모두 횟수와 시간으로 묶여 있고,
 * 프로세스는 PID로 멈춥니다.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFSETS_TOPIC, partitionForGroup } from '../../reference/src/group/offsets-topic.js';
import { ApiKey } from '../../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../../reference/src/protocol/error-codes.js';
import { fastFailoverEnv, QuorumProcesses, send, settle } from '../../reference/test/e2e/quorum-processes.js';
import { kcat } from '../../reference/test/e2e/support.js';

const repo = path.resolve(import.meta.dirname, '../..');
const IDS = [1, 2, 3] as const;
const TOPIC = 'orders';
const PARTITIONS = 3;
/** `offsets.topic.num.partitions`의 기본값 */
const OFFSETS_PARTITIONS = 50;
const CONSUMED = 10;
const BEHIND = 3;
/** 죽인 브로커를 펜싱하기까지 */
const SESSION_TIMEOUT_MS = 6000;

let quorum: QuorumProcesses;
let consumer: Consumer | undefined;
let groupId = '';
/** 세 브로커 모두 (첫째가 죽을 노드 1) */
let brokerList = '';
let controllerList = '';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

function kafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: quorum.alive().map((n) => `127.0.0.1:${n.brokerPort}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** `npm run <script>`이 부르는 파일을 그대로 돌립니다 */
function tool(script: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: repo,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

/** 노드 하나가 Metadata에 적는 브로커들 (펜싱된 브로커는 빠집니다) */
async function brokersSeenBy(id: number): Promise<number[] | null> {
  const reply = await send(quorum.brokers, id, {
    apiKey: ApiKey.Metadata,
    apiVersion: 12,
    body: { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
  });
  return reply.ok ? (reply.response as { brokers: { nodeId: number }[] }).brokers.map((b) => b.nodeId).sort() : null;
}

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'tools',
    ids: IDS,
    env: { ...fastFailoverEnv(SESSION_TIMEOUT_MS), KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' },
    readyTimeoutMs: 60_000,
    requestTimeoutMs: 1000,
  });
  brokerList = quorum.nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(',');
  controllerList = quorum.nodes.map((n) => `127.0.0.1:${n.controllerPort}`).join(',');
  await settle(
    '세 브로커가 모두 등록되지 않았습니다',
    async () => ((await brokersSeenBy(2))?.length === IDS.length ? true : null),
    60_000,
  );
  const admin = kafka('tools-admin').admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }],
    waitForLeaders: false,
  });
  await admin.disconnect();
  await settle(
    `${TOPIC}의 파티션마다 리더가 없습니다`,
    async () => {
      const partitions = await quorum.partitionsVia(1, TOPIC);
      return partitions?.length === PARTITIONS && partitions.every((p) => p.leaderId > 0) ? true : null;
    },
    30_000,
  );

  // 처음 FindCoordinator가 `__consumer_offsets`를 만듭니다. 그 뒤 코디네이터가 노드 3인 그룹 ID를 고릅니다.
  await settle(
    '`__consumer_offsets`의 코디네이터가 생기지 않았습니다',
    async () => {
      const reply = await send(quorum.brokers, 2, {
        apiKey: ApiKey.FindCoordinator,
        apiVersion: 3,
        body: { key: 'warm-up', keyType: 0, coordinatorKeys: [] },
      });
      return reply.ok && (reply.response as { errorCode: number }).errorCode === ErrorCode.NONE ? true : null;
    },
    30_000,
  );
  const offsetsLeaders = await settle(
    '`__consumer_offsets`의 리더',
    async () => {
      const partitions = await quorum.partitionsVia(2, OFFSETS_TOPIC);
      return partitions?.length === OFFSETS_PARTITIONS && partitions.every((p) => p.leaderId > 0) ? partitions : null;
    },
    30_000,
  );
  const found = Array.from({ length: 200 }, (_, i) => `order-service-${i}`).find(
    (id) => offsetsLeaders[partitionForGroup(id, OFFSETS_PARTITIONS)]?.leaderId === 3,
  );
  if (!found) throw new Error('코디네이터가 노드 3인 그룹 ID가 없습니다');
  groupId = found;

  const producer = kafka('tools-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const write = (count: number, prefix: string) =>
    producer.send({
      topic: TOPIC,
      acks: -1,
      messages: Array.from({ length: PARTITIONS * count }, (_, i) => ({
        partition: i % PARTITIONS,
        value: `${prefix}-${i}`,
      })),
    });
  await write(CONSUMED, 'read');

  // 컨슈머 하나가 10개씩 읽고 커밋한 뒤 멈춥니다 (멤버로 남아 하트비트만 보냄). 그 뒤에 3개씩 더 써서 lag 3.
  const committed = [0, 0, 0];
  consumer = kafka('tools-consumer').consumer({ groupId, maxWaitTimeInMs: 100, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const next = Number(message.offset) + 1;
      await consumer?.commitOffsets([{ topic: TOPIC, partition, offset: String(next) }]);
      committed[partition] = next;
    },
  });
  await settle(
    '컨슈머가 다 읽고 커밋하지 못했습니다',
    async () => (committed.every((c) => c === CONSUMED) ? true : null),
    60_000,
  );
  consumer.pause([{ topic: TOPIC }]);
  await write(BEHIND, 'behind');
  await producer.disconnect();

  // 첫 부트스트랩 브로커를 죽이고, 살아 있는 브로커들이 그 노드를 펜싱할 때까지 (Metadata에서 빠짐) 기다립니다.
  await quorum.kill(quorum.node(1));
  await settle(
    '노드 1이 펜싱되지 않았습니다',
    async () => {
      const [two, three] = [await brokersSeenBy(2), await brokersSeenBy(3)];
      return two?.join() === '2,3' && three?.join() === '2,3' ? true : null;
    },
    SESSION_TIMEOUT_MS + 20_000,
  );
  // 노드 1이 이끌던 `orders` 파티션에 새 리더가 서고, 그룹은 멤버 하나로 Stable입니다.
  await settle(
    `${TOPIC}의 새 리더`,
    async () => {
      const partitions = await quorum.partitionsVia(2, TOPIC);
      return partitions?.every((p) => p.leaderId === 2 || p.leaderId === 3) ? true : null;
    },
    30_000,
  );
  const admin2 = kafka('tools-check').admin();
  await admin2.connect();
  try {
    await settle(
      '그룹이 멤버 하나로 Stable이 되지 않았습니다',
      async () => {
        const { groups } = await admin2.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 1 ? true : null;
      },
      30_000,
    );
  } finally {
    await admin2.disconnect();
  }
}, 300_000);

afterAll(async () => {
  await consumer?.disconnect().catch(() => {});
  await quorum?.close();
}, 60_000);

describe('CLI tools against a three-node cluster (node 1 dead, group coordinator on node 3)', () => {
  it('npm run groups -- --bootstrap n1,n2,n3 --group G: 멤버와 파티션마다 커밋·끝·lag', async () => {
    const { code, out } = await tool('scripts/consumer-groups.ts', ['--bootstrap', brokerList, '--group', groupId]);
    expect(out, out).toContain(`그룹 ${groupId}: 상태 Stable, 멤버 1명, 할당 방식 RoundRobinAssigner`);
    const rows = out
      .split('\n')
      .map((line) => line.split('│').map((cell) => cell.trim()))
      .filter((cells) => cells[1] === TOPIC);
    expect(rows.map((cells) => cells.slice(1, 6))).toEqual(
      [0, 1, 2].map((p) => [TOPIC, String(p), String(CONSUMED), String(CONSUMED + BEHIND), String(BEHIND)]),
    );
    expect(rows.map((cells) => cells[8])).toEqual(['tools-consumer', 'tools-consumer', 'tools-consumer']);
    expect(code).toBe(0);
  }, 90_000);

  it('npm run groups -- --bootstrap n1,n2,n3: 그룹 목록은 살아 있는 브로커 모두에게 묻습니다', async () => {
    const { code, out } = await tool('scripts/consumer-groups.ts', ['--bootstrap', brokerList]);
    expect(out, out).toContain(`그룹 ${groupId}: 상태 Stable, 멤버 1명`);
    expect(code).toBe(0);
  }, 90_000);

  it('npm run quorum: 컨트롤러 목록과 브로커 목록 어느 쪽으로도 리더의 답 (죽은 노드 1은 건너뜀)', async () => {
    for (const args of [
      ['--bootstrap-controller', controllerList],
      ['--bootstrap-server', brokerList],
    ]) {
      const { code, out } = await tool('scripts/metadata-quorum.ts', args);
      expect(out, out).toMatch(/리더\(LeaderId\):\s+[23]\n/);
      expect(out).toMatch(/투표자\(CurrentVoters\):\s+\[1,2,3\]/);
      expect(code).toBe(0);
    }
    const { code, out } = await tool('scripts/metadata-quorum.ts', [
      '--bootstrap-controller',
      controllerList,
      '--replication',
    ]);
    const roles = out
      .split('\n')
      .map((line) => line.split('│').map((cell) => cell.trim()))
      .filter((cells) => /^\d+$/.test(cells[1] ?? ''))
      .map((cells) => cells[6]);
    expect(roles.sort(), out).toEqual(['Follower', 'Follower', 'Leader']);
    expect(code).toBe(0);
  }, 120_000);

  it('kcat -b n1,n2,n3: 메타데이터는 살아 있는 두 브로커, 토픽은 처음부터 끝까지 읽힙니다', async () => {
    const metadata = await kcat(['-b', brokerList, '-L', '-t', TOPIC]);
    expect(metadata).toContain('2 brokers:');
    expect(metadata).toContain(`topic "${TOPIC}" with ${PARTITIONS} partitions:`);
    const values = await kcat(['-b', brokerList, '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%s\n']);
    expect(values.trim().split('\n').length).toBe(PARTITIONS * (CONSUMED + BEHIND));
  }, 60_000);
});
