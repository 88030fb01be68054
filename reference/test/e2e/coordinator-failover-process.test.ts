/**
 * 코디네이터가 자기 파티션을 따라갑니다 (진짜 프로세스 셋): `npm run quorum:up`과 같은 노드 셋에서 `__consumer_offsets`는
 * 복제 계수 3으로 만들어지고, 그룹의 코디네이터는 그 그룹이 배정된 파티션의 리더입니다. 사용자가 하는 순서대로 해 봅니다.
 *
 *   1. kafkajs 컨슈머 그룹이 레코드마다 오프셋을 커밋하며 읽습니다. 커밋은 ISR 모두에게 복제된 뒤에 성공으로 답합니다.
 *   2. 그 그룹의 `__consumer_offsets` 파티션 리더를 `kill -9`: 컨트롤러가 ISR의 다음 복제본을 리더로 뽑으면 그 브로커가
 *      파티션을 읽어 그룹의 오프셋을 되살리고, FindCoordinator는 새 리더를 알려 줍니다. 다른 브로커들은 NOT_COORDINATOR로
 *      답해 kafkajs가 새 코디네이터를 찾게 합니다.
 *   3. kafkajs는 다시 참여해 이어서 읽습니다. 성공을 받은 커밋보다 앞으로 되감기는 일이 없고(받은 레코드의 오프셋이 그
 *      파티션의 커밋된 오프셋보다 작으면 되감기), 마지막에 커밋된 오프셋은 파티션의 끝입니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다.
 */
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFSETS_TOPIC, partitionForGroup } from '../../src/group/offsets-topic.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { NetworkClient } from '../../src/runtime/network-client.js';
import { fastFailoverEnv, QuorumProcesses, type QuorumProcessNode, send, settle } from './quorum-processes.js';

const IDS = [1, 2, 3] as const;
const TOPIC = 'payments';
const PARTITIONS = 3;
/** `offsets.topic.num.partitions`의 기본값 */
const OFFSETS_PARTITIONS = 50;
/** 죽인 브로커를 펜싱하기까지 */
const SESSION_TIMEOUT_MS = 6000;
const READY_TIMEOUT_MS = 40_000;
/** 코디네이터를 죽이기 전과 뒤에 쓰는 레코드 수 (파티션마다 고르게) */
const BEFORE_KILL = 90;
const AFTER_KILL = 90;

let quorum: QuorumProcesses;
let nodes: QuorumProcessNode[] = [];
let brokers: NetworkClient;

/** 노드 하나에 묻는 FindCoordinator v3 (그룹): 오류 코드와 알려 준 코디네이터 */
async function findCoordinatorVia(id: number, key: string): Promise<{ errorCode: number; nodeId: number } | null> {
  const reply = await send(brokers, id, {
    apiKey: ApiKey.FindCoordinator,
    apiVersion: 3,
    body: { key, keyType: 0, coordinatorKeys: [] },
  });
  return reply.ok ? (reply.response as { errorCode: number; nodeId: number }) : null;
}

/** 노드 하나에 묻는 OffsetFetch v7: 그 그룹의 요청 전체 오류 코드 */
async function offsetFetchErrorVia(id: number, groupId: string): Promise<number | null> {
  const reply = await send(brokers, id, {
    apiKey: ApiKey.OffsetFetch,
    apiVersion: 7,
    body: { groupId, topics: null, requireStable: false, groups: [] },
  });
  return reply.ok ? (reply.response as { errorCode: number }).errorCode : null;
}

function kafkaClient(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: nodes.filter((n) => n.process).map((n) => `127.0.0.1:${n.brokerPort}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** 레코드 `count`개를 파티션마다 고르게 acks=all 멱등 프로듀서로 씁니다 */
async function produce(clientId: string, from: number, count: number): Promise<void> {
  const producer = kafkaClient(clientId).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = from; i < from + count; i++) {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        compression: CompressionTypes.None,
        messages: [{ partition: i % PARTITIONS, value: `v-${i}` }],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'coordinator',
    ids: IDS,
    env: {
      ...fastFailoverEnv(SESSION_TIMEOUT_MS),
      // 첫 리밸런스를 기다리지 않게 (기본 3초)
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    },
    readyTimeoutMs: READY_TIMEOUT_MS,
    requestTimeoutMs: 1000,
  });
  ({ nodes, brokers } = quorum);
  await settle(
    '세 브로커가 모두 등록되지 않았습니다',
    async () => {
      const admin = kafkaClient('coordinator-probe').admin();
      await admin.connect();
      try {
        return (await admin.describeCluster()).brokers.length === IDS.length ? true : null;
      } finally {
        await admin.disconnect();
      }
    },
    30_000,
  );
  const admin = kafkaClient('coordinator-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        {
          topic: TOPIC,
          numPartitions: PARTITIONS,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
      waitForLeaders: false,
    });
  } finally {
    await admin.disconnect();
  }
  // 처음 FindCoordinator가 `__consumer_offsets`를 만듭니다 (복제 계수 3, 브로커 셋).
  await settle(
    '`__consumer_offsets`의 코디네이터가 생기지 않았습니다',
    async () => {
      const answer = await findCoordinatorVia(1, 'warm-up');
      return answer?.errorCode === ErrorCode.NONE ? answer : null;
    },
    30_000,
  );
}, 120_000);

afterAll(() => quorum?.close());

describe('coordinators follow their partitions (three real processes)', () => {
  it('testGroupCoordinatorFailover: 그룹의 `__consumer_offsets` 파티션 리더를 kill -9 해도 코디네이터가 새 리더로 옮겨 가고, kafkajs는 커밋된 오프셋에서 이어 읽습니다', async () => {
    const controller = await settle('활성 컨트롤러가 없습니다', () => quorum.activeController(), 10_000);
    const offsetsLeaders = await settle(
      '`__consumer_offsets`의 리더',
      () => quorum.partitionsVia(1, OFFSETS_TOPIC),
      20_000,
    );
    // 활성 컨트롤러가 아닌 브로커가 코디네이터인 그룹 ID를 고릅니다 (컨트롤러를 죽이는 훈련은 quorum-process.test.ts가 합니다).
    const groupId = Array.from({ length: 100 }, (_, i) => `billing-${i}`).find((id) => {
      const leader = offsetsLeaders.find((p) => p.partitionIndex === partitionForGroup(id, OFFSETS_PARTITIONS));
      return leader && leader.leaderId !== controller && leader.leaderId > 0;
    });
    if (!groupId) throw new Error('코디네이터가 컨트롤러가 아닌 그룹 ID가 없습니다');
    const offsetsPartition = partitionForGroup(groupId, OFFSETS_PARTITIONS);
    const coordinator = await settle(
      '그룹의 코디네이터',
      async () => {
        const answer = await findCoordinatorVia(controller, groupId);
        return answer?.errorCode === ErrorCode.NONE ? answer.nodeId : null;
      },
      10_000,
    );
    expect(coordinator).not.toBe(controller);
    // 코디네이터가 아닌 브로커는 NOT_COORDINATOR로 답합니다 (클라이언트가 FindCoordinator를 다시 하게).
    expect(await offsetFetchErrorVia(controller, groupId)).toBe(ErrorCode.NOT_COORDINATOR);

    await produce('coordinator-before', 0, BEFORE_KILL);

    /** 파티션마다 성공을 받은 커밋 (다음에 읽을 오프셋) */
    const committed = new Map<number, number>();
    const rewinds: string[] = [];
    let received = 0;
    const consumer = kafkaClient('coordinator-consumer').consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      // kafkajs의 오프셋 관리자는 참여할 때 받은 코디네이터를 붙들고 있다가, 그 연결이 끊기면 같은 브로커만 다시 찾습니다.
      // 재시도가 다하면 컨슈머가 멈췄다 다시 시작해(restartOnFailure) 새 코디네이터를 찾아 참여합니다. 그 시간을 줄이려고
      // 재시도를 짧게 둡니다.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 500 },
    });
    let restarts = 0;
    consumer.on(consumer.events.CRASH, () => restarts++);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        const acked = committed.get(partition) ?? 0;
        if (offset < acked) rewinds.push(`파티션 ${partition}: 커밋 ${acked} 뒤에 오프셋 ${offset}을 다시 받음`);
        received++;
        await consumer.commitOffsets([{ topic: TOPIC, partition, offset: String(offset + 1) }]);
        committed.set(partition, Math.max(acked, offset + 1));
      },
    });
    const victim = quorum.node(coordinator);
    try {
      const perPartition = BEFORE_KILL / PARTITIONS;
      await settle(
        '죽이기 전의 레코드를 다 읽고 커밋하지 못했습니다',
        async () => ([0, 1, 2].every((p) => committed.get(p) === perPartition) ? true : null),
        60_000,
      );

      await quorum.kill(victim);
      const survivors = IDS.filter((id) => id !== victim.id);
      const moved = await settle(
        '코디네이터가 옮겨 가지 않았습니다',
        async () => {
          const answer = await findCoordinatorVia(survivors[0] as number, groupId);
          return answer?.errorCode === ErrorCode.NONE && answer.nodeId !== victim.id ? answer.nodeId : null;
        },
        SESSION_TIMEOUT_MS + 15_000,
      );
      expect(survivors).toContain(moved);

      await produce('coordinator-after', BEFORE_KILL, AFTER_KILL);
      const total = (BEFORE_KILL + AFTER_KILL) / PARTITIONS;
      await settle(
        '코디네이터가 옮겨 간 뒤 나머지를 다 읽고 커밋하지 못했습니다',
        async () => ([0, 1, 2].every((p) => committed.get(p) === total) ? true : null),
        120_000,
      );
      expect(rewinds).toEqual([]);

      // 새 코디네이터가 `__consumer_offsets`에서 되살린 오프셋: 파티션마다 끝까지 커밋되어 있습니다.
      const admin = kafkaClient('coordinator-check').admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
        const partitions = offsets.find((t) => t.topic === TOPIC)?.partitions ?? [];
        expect(partitions.map((p) => Number(p.offset)).sort()).toEqual([total, total, total]);
      } finally {
        await admin.disconnect();
      }
      console.log(
        `그룹 ${groupId}: __consumer_offsets-${offsetsPartition}의 리더 ${victim.id}를 kill -9, 코디네이터 ${victim.id} → ${moved}, 받은 레코드 ${received}, 컨슈머 재시작 ${restarts}, 되감기 ${rewinds.length}`,
      );
    } finally {
      await consumer.disconnect();
    }
  }, 300_000);
});
