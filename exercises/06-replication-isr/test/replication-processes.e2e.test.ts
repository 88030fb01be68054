/**
 * 6장 끝에서 끝까지 테스트 (진짜 프로세스): `npm run quorum:up`과 같은 설정으로 브로커와 컨트롤러를 겸한 노드 셋을 진짜
 * 프로세스로 띄웁니다(루프백 TCP). 노드는 `COURSE_CHAPTER=6`으로 떠서, 각 노드의 `Partition`이 reference의 `decisions.ts`
 * 대신 여러분의 파일을 가져옵니다(모듈을 찾는 자리에서 바꿔 끼우기; 스타터냐 해답이냐는 테스트 프로젝트가 정합니다).
 *
 * 토픽 둘을 복제 계수 3으로 만듭니다: `orders`(파티션 3개, min.insync.replicas=2)와 `audit`(파티션 1개, min.insync.replicas=3).
 *   1. kafkajs 멱등 프로듀서가 acks=all로 쓰면 하이 워터마크가 오르고, kcat이 세 브로커 어디로 붙어도 같은 데이터를 읽습니다.
 *   2. 쓰는 도중 한 파티션의 리더를 `kill -9` 해도, 새 리더가 서고 성공을 받은 레코드는 모두 한 번씩 순서대로 남습니다.
 *   3. 죽은 브로커가 ISR에서 빠진 동안 `orders`(ISR 2 ≥ 2)는 acks=all을 받고 `audit`(ISR 2 < 3)는 NOT_ENOUGH_REPLICAS로
 *      거절합니다. 죽였던 노드를 다시 띄우면 따라잡아 ISR로 돌아오고, `audit`도 다시 쓰기를 받습니다.
 * 노드 셋은 모두 컨트롤러이기도 해서 둘을 죽이면 컨트롤러 쿼럼이 과반을 잃습니다(9장). 그래서 ISR이 min.insync.replicas
 * 아래로 내려가는 장면은 min.insync.replicas=3인 토픽으로 봅니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다. 테스트는 고치지 마세요.
 * 러너는 앞의 단위 테스트(replication-isr.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다. 노드 셋은 첫 테스트가 띄웁니다.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { encodeBatch } from '../../../reference/src/record/record-batch.js';
import {
  fastFailoverEnv,
  QuorumProcesses,
  type QuorumProcessNode,
  send,
  settle,
} from '../../../reference/test/e2e/quorum-processes.js';
import { readAllWithKcat } from '../../../reference/test/e2e/support.js';

const IDS = [1, 2, 3] as const;
const ORDERS = 'orders';
const AUDIT = 'audit';
const PARTITIONS = 3;
/** 죽인 브로커를 펜싱하기까지 (펜싱되면 컨트롤러가 그 브로커를 ISR에서 빼고 리더를 옮깁니다) */
const SESSION_TIMEOUT_MS = 6000;

let quorum: QuorumProcesses;
let nodes: QuorumProcessNode[] = [];
/** 죽인 노드 (2에서 죽이고 3에서 다시 띄웁니다) */
let victim: QuorumProcessNode | null = null;
/** 노드 셋을 띄우고 토픽을 준비하는 일 (한 번만). 첫 테스트가 자기 시간 제한 안에서 기다리고, 실패하면 테스트마다 그 까닭으로 실패합니다. */
let setup: Promise<void> | null = null;

function clusterReady(): Promise<void> {
  setup ??= startQuorumWithTopics().catch((error: unknown) => {
    const ended = (quorum?.nodes ?? [])
      .filter((n) => n.process && (n.process.exitCode !== null || n.process.signalCode !== null))
      .map((n) => `노드 ${n.id}(종료 코드 ${n.process?.exitCode ?? n.process?.signalCode})`);
    throw new Error(
      [
        `노드 셋을 띄우고 토픽 둘을 준비하지 못했습니다: ${(error as Error).message}`,
        ended.length > 0
          ? `스스로 끝난 노드: ${ended.join(', ')}. 노드의 Partition이 여러분의 decisions.ts에서 난 예외로 멈췄을 수 있습니다.`
          : '노드는 살아 있습니다. 여러분의 decisions.ts에서 난 예외로 브로커가 요청에 답하지 못하고 연결을 닫았거나, 리더가 하이 워터마크를 올리지 못해 acks=all 쓰기가 끝나지 않았을 수 있습니다.',
        '앞의 단위 테스트와 replication-cluster.e2e.test.ts가 모두 초록인지 먼저 보세요.',
      ].join('\n'),
      { cause: error },
    );
  });
  return setup;
}

/** 노드 하나가 아는 토픽의 파티션들 (Metadata v12). 닿지 않으면 null */
const partitionsOf = (id: number, topic: string) => quorum.partitionsVia(id, topic);

const alive = () => nodes.filter((n) => n.process);

function kafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: alive().map((n) => `127.0.0.1:${n.brokerPort}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** acks=-1 Produce 한 번을 파티션 리더에게 직접 보내고 그 오류 코드를 돌려줍니다 (kafkajs는 이 오류를 다시 시도합니다) */
async function produceOnce(leaderId: number, topic: string, partition: number): Promise<number> {
  const reply = await send(quorum.brokers, leaderId, {
    apiKey: ApiKey.Produce,
    apiVersion: 9,
    body: {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [
        {
          name: topic,
          partitionData: [
            {
              index: partition,
              records: encodeBatch({ records: [{ key: null, value: Buffer.from('probe'), timestamp: Date.now() }] }),
            },
          ],
        },
      ],
    },
  });
  if (!reply.ok) throw new Error(`브로커 ${leaderId}에 Produce가 닿지 않았습니다`);
  const body = reply.response as { responses: { partitionResponses: { errorCode: number }[] }[] };
  return body.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
}

/** 보낸 값 `p<파티션>-<순번>`: 성공한 것은 모두 한 번씩, 파티션마다 순번이 오르는 순서로 있어야 합니다. */
const acknowledged = new Map<number, string[]>(Array.from({ length: PARTITIONS }, (_, p) => [p, []]));
let nextSequence = 0;

async function checkEveryAcknowledged(viaBroker: number): Promise<number> {
  const read = await readAllWithKcat(`127.0.0.1:${quorum.node(viaBroker).brokerPort}`, ORDERS);
  let checked = 0;
  for (let p = 0; p < PARTITIONS; p++) {
    const values = (read.get(p) ?? []).map((r) => r.value);
    expect(new Set(values).size, `브로커 ${viaBroker}로 읽은 파티션 ${p}에 중복이 있습니다`).toBe(values.length);
    const sequence = values.map((v) => Number(v.split('-')[1]));
    expect(sequence, `브로커 ${viaBroker}로 읽은 파티션 ${p}의 순서`).toEqual([...sequence].sort((a, b) => a - b));
    for (const value of acknowledged.get(p) ?? []) {
      expect(values, `성공을 받은 ${value}가 브로커 ${viaBroker}로 읽은 데이터에 없습니다`).toContain(value);
      checked++;
    }
  }
  return checked;
}

async function startQuorumWithTopics(): Promise<void> {
  quorum = await QuorumProcesses.launch({
    name: 'ch6',
    ids: IDS,
    env: {
      ...fastFailoverEnv(SESSION_TIMEOUT_MS),
      // 각 노드의 Partition이 6장의 모듈(decisions.ts)을 여러분의 것으로 가져옵니다.
      COURSE_CHAPTER: '6',
    },
    readyTimeoutMs: 40_000,
    requestTimeoutMs: 1000,
  });
  nodes = quorum.nodes;
  const admin = kafka('ch6-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        {
          topic: ORDERS,
          numPartitions: PARTITIONS,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
        {
          topic: AUDIT,
          numPartitions: 1,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '3' }],
        },
      ],
      waitForLeaders: false,
    });
  } finally {
    await admin.disconnect();
  }
  await settle(
    '모든 노드가 두 토픽의 리더를 알지 못했습니다 (노드가 여러분의 코드에서 난 예외로 멈췄을 수 있습니다)',
    async () => {
      for (const id of IDS) {
        for (const [topic, count] of [
          [ORDERS, PARTITIONS],
          [AUDIT, 1],
        ] as const) {
          const ps = await partitionsOf(id, topic);
          if (ps?.length !== count || !ps.every((p) => p.leaderId > 0)) return null;
        }
      }
      return true;
    },
    30_000,
  );
  // 첫 acks=all 쓰기가 끝나는지 audit에 한 번 물어 둡니다. 끝나지 않으면 뒤의 테스트는 kafkajs의 재시도를 기다릴 뿐입니다.
  await settle(
    'audit에 보낸 acks=all 쓰기가 끝나지 않았습니다 (하이 워터마크: leaderHighWatermark, acks=all 완료: checkEnoughReplicasReachOffset)',
    async () => {
      const [p] = (await partitionsOf(IDS[0], AUDIT)) ?? [];
      return p && (await produceOnce(p.leaderId, AUDIT, 0)) === ErrorCode.NONE ? true : null;
    },
    30_000,
  );
}

afterAll(() => quorum?.close());

describe('6장 끝에서 끝까지: 여러분의 decisions.ts로 도는 노드 셋 (진짜 프로세스, 복제 계수 3)', () => {
  it('ProcessesReplicateToEveryBroker: acks=all 멱등 쓰기가 세 복제본에 복제되어 하이 워터마크가 오르고, kcat이 어느 브로커로 붙어도 같은 데이터를 읽습니다', async () => {
    await clusterReady();
    const producer = kafka('ch6-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (let i = 0; i < 30; i++) {
        const partition = i % PARTITIONS;
        const value = `p${partition}-${nextSequence++}`;
        await producer.send({ topic: ORDERS, acks: -1, timeout: 10_000, messages: [{ partition, value }] });
        acknowledged.get(partition)?.push(value);
      }
    } finally {
      await producer.disconnect();
    }
    const admin = kafka('ch6-offsets').admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(ORDERS);
      for (const o of offsets) expect(Number(o.high), `파티션 ${o.partition}의 하이 워터마크`).toBe(10);
    } finally {
      await admin.disconnect();
    }
    for (const id of IDS) expect(await checkEveryAcknowledged(id)).toBe(30);
    for (const p of (await partitionsOf(IDS[0], ORDERS)) ?? []) {
      expect([...p.isrNodes].sort(), `파티션 ${p.partitionIndex}의 ISR`).toEqual([1, 2, 3]);
    }
  }, 240_000);

  it('ProcessesSurviveKilledLeader: 쓰는 도중 파티션 리더를 kill -9 해도 새 리더가 서고, 성공을 받은 레코드는 모두 한 번씩 순서대로 남습니다', async () => {
    await clusterReady();
    const before = (await partitionsOf(IDS[0], ORDERS)) ?? [];
    const target = before[0];
    if (!target) throw new Error('파티션이 없습니다');
    const killed = quorum.node(target.leaderId);
    victim = killed;
    const producer = kafka('ch6-failover').producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    await producer.connect();
    let killedAt = 0;
    let ackedAfterKill = 0;
    try {
      // 횟수(300)와 시간(90초)으로 묶은 쓰기: 15개가 성공하면 리더를 죽이고, 죽인 뒤 15개가 성공하면 멈춥니다.
      const deadline = Date.now() + 90_000;
      for (let i = 0; i < 300 && Date.now() < deadline && ackedAfterKill < 15; i++) {
        if (killedAt === 0 && i === 15) {
          killedAt = Date.now();
          await quorum.kill(killed);
        }
        const partition = i % PARTITIONS;
        const value = `p${partition}-${nextSequence++}`;
        try {
          await producer.send({ topic: ORDERS, acks: -1, timeout: 5000, messages: [{ partition, value }] });
          acknowledged.get(partition)?.push(value);
          if (killedAt > 0) ackedAfterKill++;
        } catch {
          // 답을 받지 못한 쓰기는 약속한 적이 없습니다 (남아 있어도, 없어도 됩니다: 다만 두 번은 안 됩니다).
        }
      }
    } finally {
      await producer.disconnect();
    }
    expect(killedAt, '리더를 죽이기 전에 쓰기가 끝났습니다').toBeGreaterThan(0);
    expect(ackedAfterKill, '리더를 죽인 뒤 성공한 쓰기').toBeGreaterThanOrEqual(15);
    const survivors = IDS.filter((id) => id !== killed.id);
    const after = await settle(
      '죽인 브로커가 리더 자리와 ISR 자리를 잃지 않았습니다',
      async () => {
        const ps = await partitionsOf(survivors[0] as number, ORDERS);
        return ps?.every((p) => p.leaderId !== killed.id && p.leaderId > 0 && !p.isrNodes.includes(killed.id))
          ? ps
          : null;
      },
      SESSION_TIMEOUT_MS + 15_000,
    );
    const moved = after.find((p) => p.partitionIndex === target.partitionIndex);
    expect(moved?.leaderEpoch, '새 리더의 에포크').toBeGreaterThan(target.leaderEpoch);
    for (const id of survivors) await checkEveryAcknowledged(id);
  }, 180_000);

  it('ProcessesRefuseWhenIsrBelowMin: ISR이 둘이면 min.insync.replicas=2인 토픽은 acks=all을 받고 =3인 토픽은 NOT_ENOUGH_REPLICAS로 거절하며, 죽였던 노드가 돌아와 ISR에 들면 다시 받습니다', async () => {
    await clusterReady();
    if (!victim) throw new Error('앞 테스트가 리더를 죽이지 못했습니다');
    const dead = victim;
    const survivor = IDS.find((id) => id !== dead.id) as number;
    const audit = await settle(
      '죽인 브로커가 audit의 ISR에서 빠지지 않았습니다',
      async () => {
        const [p] = (await partitionsOf(survivor, AUDIT)) ?? [];
        return p && p.leaderId > 0 && !p.isrNodes.includes(dead.id) ? p : null;
      },
      SESSION_TIMEOUT_MS + 15_000,
    );
    expect(audit.isrNodes).toHaveLength(2);
    expect(await produceOnce(audit.leaderId, AUDIT, 0), 'audit: ISR 2 < min.insync.replicas 3').toBe(
      ErrorCode.NOT_ENOUGH_REPLICAS,
    );
    const [orders0] = (await partitionsOf(survivor, ORDERS)) ?? [];
    if (!orders0) throw new Error('orders의 파티션 0이 없습니다');
    expect(await produceOnce(orders0.leaderId, ORDERS, 0), 'orders: ISR 2 ≥ min.insync.replicas 2').toBe(
      ErrorCode.NONE,
    );

    // 죽였던 노드를 같은 데이터로 다시 띄우면 팔로워로 돌아와 따라잡고 ISR에 듭니다.
    await quorum.start(dead);
    victim = null;
    const rejoined = await settle(
      '다시 띄운 브로커가 audit의 ISR에 돌아오지 않았습니다',
      async () => {
        const [p] = (await partitionsOf(survivor, AUDIT)) ?? [];
        return p?.isrNodes.includes(dead.id) ? p : null;
      },
      40_000,
    );
    expect([...rejoined.isrNodes].sort()).toEqual([1, 2, 3]);
    expect(await produceOnce(rejoined.leaderId, AUDIT, 0), 'audit: ISR 3 = min.insync.replicas 3').toBe(ErrorCode.NONE);
  }, 120_000);
});
