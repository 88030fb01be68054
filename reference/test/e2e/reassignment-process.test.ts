/**
 * 진짜 프로세스 셋의 재배치와 리더 복구 (Kafka `ReplicationControlManager.alterPartitionReassignments`, KIP-455, KIP-704).
 * `npm run quorum:up`과 같은 노드 셋(브로커+컨트롤러, 루프백)에서 관리자가 하는 순서대로 해 봅니다.
 *
 *   1. kafkajs 2.2.4 admin으로 복제 계수 1인 파티션을 브로커 1에서 2로 옮깁니다. 쓴 레코드는 옮기는 동안과 뒤에 그대로
 *      읽히고, 브로커 1은 Fetch를 멈추고 로그를 지웁니다.
 *   2. 죽은 브로커로 옮기는 재배치는 끝나지 않고 ListPartitionReassignments에 보입니다 (Metadata의 복제본은 합친 목록).
 *      replicas=null로 취소하면 되돌아갑니다. 그 브로커를 더하는 재배치(복제 계수 1 → 2)는 브로커가 다시 떠 따라잡으면
 *      끝납니다.
 *   3. unclean 선거가 켜진 토픽에서 ISR 밖의 복제본만 살아남으면 그 복제본이 리더가 되고 컨트롤러는 RECOVERING을
 *      적습니다. 옛 리더가 돌아와 따라잡으면 새 리더가 RECOVERED를 실은 AlterPartition으로 ISR을 넓힙니다. 옛 리더에만
 *      있던 레코드는 잘려 나갑니다 (unclean 선거가 내주는 것).
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import { decodeEntries } from '../../src/raft/record-batches.js';
import { fastFailoverEnv, QuorumProcesses, type QuorumProcessNode, send, waitFor } from './quorum-processes.js';
import { readAllWithKcat } from './support.js';

const IDS = [1, 2, 3] as const;
const SESSION_TIMEOUT_MS = 6000;
const REPLICA_LAG_TIME_MAX_MS = 2000;
const READY_TIMEOUT_MS = 40_000;

let quorum: QuorumProcesses;

const node = (id: number) => quorum.node(id);
const alive = () => quorum.nodes.filter((n) => n.process);

/** 조건이 참이 될 때까지 100ms마다 봅니다. 죽거나 멈춘 노드에 묻다 던진 것은 "아직"입니다 */
function settle<T>(what: string, probe: () => Promise<T | null | undefined>, maxMs = 30_000): Promise<T> {
  return waitFor(what, probe, maxMs, { everyMs: 100, retryOnError: true });
}

interface PartitionAnswer {
  readonly partitionIndex: number;
  readonly leaderId: number;
  readonly replicaNodes: number[];
  readonly isrNodes: number[];
}

/** 노드 하나가 아는 파티션 0과 살아 있는 브로커들 (Metadata v12). 닿지 않으면 null */
async function metadataOf(id: number, topic: string): Promise<{ p0: PartitionAnswer; brokers: number[] } | null> {
  const reply = await send(quorum.brokers, id, {
    apiKey: ApiKey.Metadata,
    apiVersion: 12,
    body: { topics: [{ name: topic }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
  });
  if (!reply.ok) return null;
  const body = reply.response as {
    brokers: { nodeId: number }[];
    topics: { name: string; errorCode: number; partitions: PartitionAnswer[] }[];
  };
  const p0 = body.topics.find((t) => t.name === topic && t.errorCode === ErrorCode.NONE)?.partitions[0];
  return p0 ? { p0, brokers: body.brokers.map((b) => b.nodeId) } : null;
}

/** 살아 있는 노드 모두(또는 `among`)가 파티션 0을 `expected`로 알 때까지 */
function everyNodeSees(
  topic: string,
  expected: (p: PartitionAnswer) => boolean,
  what: string,
  among: readonly QuorumProcessNode[] = alive(),
) {
  return settle(`모든 노드가 ${topic}-0을 ${what}로 알지 못합니다`, async () => {
    const all = await Promise.all(among.map((n) => metadataOf(n.id, topic)));
    return all.every((m) => m && expected(m.p0)) ? (all[0]?.p0 ?? null) : null;
  });
}

function kafkaClient(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: alive().map((n) => `127.0.0.1:${n.brokerPort}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

async function withAdmin<T>(body: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = kafkaClient('reassign-admin').admin();
  await admin.connect();
  try {
    return await body(admin);
  } finally {
    await admin.disconnect();
  }
}

/** acks=all 멱등 프로듀서로 값들을 파티션 0에 씁니다 (모두 성공해야 합니다) */
async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = kafkaClient('reassign-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const value of values) await producer.send({ topic, acks: -1, messages: [{ partition: 0, value }] });
  } finally {
    await producer.disconnect();
  }
}

async function valuesVia(id: number, topic: string): Promise<string[]> {
  const read = await readAllWithKcat(`127.0.0.1:${node(id).brokerPort}`, topic);
  return (read.get(0) ?? []).map((r) => r.value);
}

/** 노드의 `__cluster_metadata-0` 세그먼트에 적힌 메타데이터 레코드들 (커밋 여부와 상관없이 적힌 차례대로) */
function metadataRecords(n: QuorumProcessNode): MetadataRecord[] {
  const dir = path.join(n.dir, `${METADATA_TOPIC}-0`);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .flatMap((name) => decodeEntries<MetadataRecord>(fs.readFileSync(path.join(dir, name))))
    .flatMap((e) => (e.record.type === 'data' ? [e.record.data] : []));
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x) => b.includes(x));

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'reassign',
    ids: IDS,
    env: {
      ...fastFailoverEnv(SESSION_TIMEOUT_MS),
      KAFKA_REPLICA_LAG_TIME_MAX_MS: String(REPLICA_LAG_TIME_MAX_MS),
    },
    readyTimeoutMs: READY_TIMEOUT_MS,
    requestTimeoutMs: 1000,
  });
}, 90_000);

afterAll(() => quorum?.close());

describe('진짜 프로세스 셋의 재배치 (kafkajs 2.2.4 admin)', () => {
  const TOPIC = 'moves';

  // 다음 시험이 노드를 멈추고 죽일 때 이 토픽이 오프라인이 되지 않게 지웁니다: kafkajs 프로듀서는 처음에 모든 토픽의
  // Metadata를 묻고(빈 목록 = null), 어느 파티션 하나라도 리더가 없으면 InitProducerId 전에 실패합니다.
  afterAll(() => withAdmin((admin) => admin.deleteTopics({ topics: [TOPIC] })), 30_000);

  it('testReassignPartitions: 복제 계수 1인 파티션을 브로커 1에서 2로 옮기고, 데이터는 그대로 읽힙니다', async () => {
    await withAdmin((admin) =>
      admin.createTopics({
        topics: [{ topic: TOPIC, replicaAssignment: [{ partition: 0, replicas: [1] }] }],
        waitForLeaders: false,
      }),
    );
    await everyNodeSees(TOPIC, (p) => p.leaderId === 1, '리더 1');
    await produce(TOPIC, range('m', 20));
    expect(fs.existsSync(path.join(node(1).dir, `${TOPIC}-0`))).toBe(true);

    await withAdmin((admin) =>
      admin.alterPartitionReassignments({
        topics: [{ topic: TOPIC, partitionAssignment: [{ partition: 0, replicas: [2] }] }],
      }),
    );
    // 브로커 2가 따라잡아 ISR에 들면 컨트롤러가 1을 빼고 2를 리더로 세웁니다.
    const moved = await everyNodeSees(
      TOPIC,
      (p) => p.leaderId === 2 && sameSet(p.replicaNodes, [2]) && sameSet(p.isrNodes, [2]),
      '복제본 [2]',
    );
    expect(moved).toMatchObject({ leaderId: 2, replicaNodes: [2], isrNodes: [2] });
    expect(await withAdmin((admin) => admin.listPartitionReassignments({}))).toEqual({ topics: [] });
    // 빠진 브로커 1은 Fetch를 멈추고 로그를 지웁니다 (Kafka `stopPartitions(delete = true)`).
    await settle('브로커 1이 moves-0의 로그를 지우지 않습니다', async () =>
      fs.existsSync(path.join(node(1).dir, `${TOPIC}-0`)) ? null : true,
    );
    await produce(TOPIC, range('m', 25).slice(20));
    for (const id of IDS) expect(await valuesVia(id, TOPIC)).toEqual(range('m', 25));
  }, 120_000);

  it('testCancelReassignPartitions: 죽은 브로커로 가는 재배치는 목록에 남고, 취소하면 되돌아가며, 브로커가 돌아오면 끝납니다', async () => {
    const controller = await settle('활성 컨트롤러가 없습니다', () => quorum.activeController());
    // 리더 2도 활성 컨트롤러도 아닌 브로커를 죽입니다: 쿼럼과 파티션의 리더는 그대로입니다.
    const victim = node(IDS.find((id) => id !== 2 && id !== controller) as number);
    await quorum.kill(victim);
    await settle(`브로커 ${victim.id}가 펜싱되지 않습니다`, async () => {
      const m = await metadataOf(2, TOPIC);
      return m && !m.brokers.includes(victim.id) ? true : null;
    });

    await withAdmin((admin) =>
      admin.alterPartitionReassignments({
        topics: [{ topic: TOPIC, partitionAssignment: [{ partition: 0, replicas: [victim.id] }] }],
      }),
    );
    const ongoing = {
      topics: [
        {
          name: TOPIC,
          partitions: [{ partition: 0, replicas: [victim.id, 2], addingReplicas: [victim.id], removingReplicas: [2] }],
        },
      ],
    };
    expect(await withAdmin((admin) => admin.listPartitionReassignments({}))).toEqual(ongoing);
    expect(
      await withAdmin((admin) => admin.listPartitionReassignments({ topics: [{ topic: TOPIC, partitions: [0] }] })),
    ).toEqual(ongoing);
    // Metadata의 복제본은 옛 것과 새 것을 합친 목록입니다. 리더와 ISR은 그대로.
    await everyNodeSees(TOPIC, (p) => sameSet(p.replicaNodes, [victim.id, 2]) && sameSet(p.isrNodes, [2]), '[n, 2]');

    // kafkajs는 null(취소)을 보낼 수 없으니 날 요청으로: 어느 브로커에 보내도 활성 컨트롤러에게 넘어갑니다.
    const cancelled = await send(quorum.brokers, 2, {
      apiKey: ApiKey.AlterPartitionReassignments,
      apiVersion: 0,
      body: { timeoutMs: 5000, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, replicas: null }] }] },
    });
    expect(cancelled.ok && cancelled.response).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: [{ name: TOPIC, partitions: [{ partitionIndex: 0, errorCode: ErrorCode.NONE, errorMessage: null }] }],
    });
    expect(await withAdmin((admin) => admin.listPartitionReassignments({}))).toEqual({ topics: [] });
    await everyNodeSees(TOPIC, (p) => sameSet(p.replicaNodes, [2]), '복제본 [2]');
    // 재배치가 없는 파티션의 취소는 NO_REASSIGNMENT_IN_PROGRESS입니다.
    const again = await send(quorum.brokers, 2, {
      apiKey: ApiKey.AlterPartitionReassignments,
      apiVersion: 0,
      body: { timeoutMs: 5000, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, replicas: null }] }] },
    });
    const againBody = again.ok ? (again.response as { responses: { partitions: { errorCode: number }[] }[] }) : null;
    expect(againBody?.responses[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);

    // 복제 계수 1 → 2: 죽은 브로커를 더하는 재배치는 그 브로커가 돌아와 따라잡을 때 끝납니다.
    await withAdmin((admin) =>
      admin.alterPartitionReassignments({
        topics: [{ topic: TOPIC, partitionAssignment: [{ partition: 0, replicas: [2, victim.id] }] }],
      }),
    );
    expect((await withAdmin((admin) => admin.listPartitionReassignments({}))).topics[0]?.partitions[0]).toEqual({
      partition: 0,
      replicas: [2, victim.id],
      addingReplicas: [victim.id],
      removingReplicas: [],
    });
    await quorum.start(victim);
    await everyNodeSees(
      TOPIC,
      (p) => p.leaderId === 2 && sameSet(p.replicaNodes, [2, victim.id]) && sameSet(p.isrNodes, [2, victim.id]),
      `ISR [2, ${victim.id}]`,
    );
    expect(await withAdmin((admin) => admin.listPartitionReassignments({}))).toEqual({ topics: [] });
    expect(fs.existsSync(path.join(victim.dir, `${TOPIC}-0`))).toBe(true);
    expect(await valuesVia(victim.id, TOPIC)).toEqual(range('m', 25));
  }, 150_000);
});

describe('진짜 프로세스 셋의 리더 복구 (KIP-704)', () => {
  const TOPIC = 'unclean';

  it('testUncleanLeaderRecovers¹: ISR 밖의 복제본이 unclean 선거로 리더가 되면 RECOVERING, 옛 리더가 따라잡으면 RECOVERED와 함께 ISR이 넓어집니다', async () => {
    const controller = await settle('활성 컨트롤러가 없습니다', () => quorum.activeController());
    // 리더 A와 팔로워 B는 활성 컨트롤러가 아닌 두 노드: B를 멈추고 A를 죽여도 컨트롤러 C는 그대로입니다.
    const [a, b] = IDS.filter((id) => id !== controller).map(node) as [QuorumProcessNode, QuorumProcessNode];
    await withAdmin((admin) =>
      admin.createTopics({
        topics: [
          {
            topic: TOPIC,
            replicaAssignment: [{ partition: 0, replicas: [a.id, b.id] }],
            configEntries: [{ name: 'unclean.leader.election.enable', value: 'true' }],
          },
        ],
        waitForLeaders: false,
      }),
    );
    await everyNodeSees(TOPIC, (p) => p.leaderId === a.id && sameSet(p.isrNodes, [a.id, b.id]), `리더 ${a.id}`);
    await produce(TOPIC, range('kept', 5));

    // B를 replica.lag.time.max.ms보다 오래 멈추면 A가 ISR을 [A]로 줄입니다. 그 사이 A에만 쓰인 레코드는 B에 없습니다.
    b.process?.kill('SIGSTOP');
    try {
      // 멈춘 B는 답하지 못하니 A와 컨트롤러 C에게 묻습니다.
      await everyNodeSees(TOPIC, (p) => sameSet(p.isrNodes, [a.id]), `ISR [${a.id}]`, [a, node(controller)]);
      await produce(TOPIC, range('lost', 3));
      await quorum.kill(a);
    } finally {
      b.process?.kill('SIGCONT');
    }
    // A의 세션이 끝나 펜싱되면, 토픽의 unclean 선거가 ISR 밖의 B를 리더로 세웁니다: ISR [B], RECOVERING.
    await everyNodeSees(TOPIC, (p) => p.leaderId === b.id && sameSet(p.isrNodes, [b.id]), `리더 ${b.id}`);
    const topicId = metadataRecords(node(controller)).find(
      (r): r is Extract<MetadataRecord, { type: 'TopicRecord' }> => r.type === 'TopicRecord' && r.name === TOPIC,
    )?.topicId;
    const changes = () =>
      metadataRecords(node(controller)).filter(
        (r): r is Extract<MetadataRecord, { type: 'PartitionChangeRecord' }> =>
          r.type === 'PartitionChangeRecord' && r.topicId === topicId,
      );
    expect(changes().at(-1)).toMatchObject({ leader: b.id, isr: [b.id], leaderRecoveryState: 1 });
    await produce(TOPIC, range('after', 3));

    // A가 돌아오면 B의 팔로워로 갈라진 꼬리(lost-*)를 잘라 내고 따라잡습니다. B는 RECOVERED를 실어 ISR에 넣자고 합니다.
    await quorum.start(a);
    await everyNodeSees(
      TOPIC,
      (p) => p.leaderId === b.id && sameSet(p.isrNodes, [a.id, b.id]),
      `ISR [${a.id}, ${b.id}]`,
    );
    const recovering = changes().findIndex((r) => r.leaderRecoveryState === 1);
    const recovered = changes().findIndex((r) => r.leaderRecoveryState === 0);
    expect(recovering).toBeGreaterThanOrEqual(0);
    expect(recovered).toBeGreaterThan(recovering);
    expect(changes()[recovered]?.isr).toEqual([b.id, a.id]);
    const expected = [...range('kept', 5), ...range('after', 3)];
    expect(await valuesVia(b.id, TOPIC)).toEqual(expected);
    expect(await valuesVia(a.id, TOPIC)).toEqual(expected);
  }, 150_000);
});
