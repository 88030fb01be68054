/**
 * 진짜 프로세스 셋의 복제 (6장): `npm run quorum:up`과 같은 노드 셋(브로커+컨트롤러, 루프백)에 파티션 3개, 복제 계수 3,
 * `min.insync.replicas=2`인 토픽을 만들고, 사용자가 하는 순서대로 해 봅니다.
 *
 *   0. 리더가 아닌 브로커에 보낸 Produce(v11)와 Fetch(v16)는 NOT_LEADER_OR_FOLLOWER와 함께 지금의 리더·에포크와 그 주소를
 *      받습니다 (KIP-951).
 *   1. kafkajs 멱등 프로듀서(acks=all)로 쓰면 팔로워들이 리더에게서 끌어가 하이 워터마크가 오르고, kcat이 세 브로커
 *      어디로 붙어도 같은 데이터를 읽습니다.
 *   2. kafkajs 멱등 프로듀서가 쉬지 않고 쓰는 동안 파티션마다 차례로 그 리더를 `kill -9`: 컨트롤러가 세션 시간 제한 뒤 그
 *      브로커를 펜싱하고 ISR의 다음 복제본을 리더로 뽑습니다. 죽인 노드를 다시 띄우면 팔로워로 돌아와 ISR에 다시 듭니다.
 *   3. 같은 클러스터에서 다른 클라이언트도: @platformatic/kafka(acks=all)가 리더 kill을 지나 쓰고 읽고, kcat(librdkafka,
 *      acks=all, 멱등)도 리더 kill을 지나 씁니다.
 *   4. 팔로워를 SIGSTOP으로 `replica.lag.time.max.ms`(여기서는 2초)보다 오래, 세션 시간 제한보다는 짧게 멈추면: 리더가
 *      AlterPartition으로 그 팔로워를 ISR에서 빼고(Metadata의 isr), SIGCONT하면 따라잡아 다시 넣습니다.
 *   5. 팔로워가 죽어 있는 동안 리더의 로그 시작이 DeleteRecords로 그 팔로워의 로그 끝을 넘으면, 다시 뜬 팔로워는
 *      OFFSET_OUT_OF_RANGE를 받고 리더에게 ListOffsets로 로그 끝·시작을 물어 로그를 다 지우고 리더의 로그 시작에서 다시
 *      받습니다 (Kafka `AbstractFetcherThread.fetchOffsetAndTruncate`). 선호 리더 선거로 그 복제본을 리더로 세워 읽어 봅니다.
 *   6. 쓰는 동안 셋 모두 `kill -9`하고 셋 모두 다시 띄웁니다.
 *   7. 끝으로: 성공을 받은 레코드는 모두(DeleteRecords로 지운 앞부분만 빼고) 한 번씩, 받은 오프셋 그대로, 파티션마다 보낸
 *      순서대로 있습니다. kafkajs 컨슈머가 처음부터 읽고, kcat이 세 브로커 각각으로 붙어 읽습니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다. 수치(성공, 실패, kafkajs 안의 재시도, 리더가 바뀐
 * 파티션 수, 새 리더까지 걸린 시간)는 끝에 출력합니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { CompressionTypes, Kafka, type logCreator, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeBatch } from '../../src/record/record-batch.js';
import type { NetworkClient } from '../../src/runtime/network-client.js';
import {
  fastFailoverEnv,
  type PartitionAnswer,
  QuorumProcesses,
  type QuorumProcessNode,
  send,
  settle,
  waitFor,
} from './quorum-processes.js';
import { readAllWithKcat } from './support.js';

const IDS = [1, 2, 3] as const;
const TOPIC = 'orders';
const PARTITIONS = 3;
/** 세션 시간 제한: 죽인 리더를 펜싱하기까지. 팔로워를 멈추는 시간보다 길어야 ISR 줄이기가 펜싱보다 먼저입니다. */
const SESSION_TIMEOUT_MS = 6000;
/** 팔로워가 이만큼 따라잡지 못하면 리더가 ISR에서 뺍니다 (검사는 절반마다) */
const REPLICA_LAG_TIME_MAX_MS = 2000;
const READY_TIMEOUT_MS = 40_000;
/** 죽인 리더의 파티션에 새 리더가 서기까지 (세션 시간 제한 + 컨트롤러가 죽었으면 새 선거) */
const NEW_LEADER_MAX_MS = SESSION_TIMEOUT_MS + 15_000;

let quorum: QuorumProcesses;
let nodes: QuorumProcessNode[] = [];
let brokers: NetworkClient;

const node = (id: number) => quorum.node(id);
const start = (n: QuorumProcessNode) => quorum.start(n);
const alive = () => nodes.filter((n) => n.process);

// ---------------------------------------------------------------------------------------------------------------
// 클러스터에 묻기

/** 노드 하나가 아는 토픽의 파티션들 */
const partitionsOf = (id: number, topic = TOPIC) => quorum.partitionsVia(id, topic);

/** 살아 있는 노드(`except` 빼고) 가운데 모든 파티션에 리더가 있다고 답하는 첫 노드의 답 */
async function led(topic = TOPIC, except: readonly number[] = []): Promise<PartitionAnswer[] | null> {
  for (const n of alive()) {
    if (except.includes(n.id)) continue;
    const ps = await partitionsOf(n.id, topic).catch(() => null);
    if (ps?.length && ps.every((p) => p.leaderId > 0 && !except.includes(p.leaderId))) return ps;
  }
  return null;
}

/** 모든 파티션의 ISR이 세 복제본으로 돌아올 때까지 */
function waitFullIsr(topic = TOPIC): Promise<PartitionAnswer[]> {
  return settle(
    `${topic}의 ISR이 셋으로 돌아오지 않았습니다`,
    async () => {
      const ps = await led(topic);
      return ps?.every((p) => p.isrNodes.length === 3) ? ps : null;
    },
    40_000,
  );
}

/**
 * kafkajs. 부트스트랩은 살아 있는 브로커들(`except`의 브로커는 빼고)이고, `everyNode`면 죽은 것까지 셋 모두입니다
 * (셋 모두 다시 켜는 동안에도 붙어 있어야 하는 프로듀서: kafkajs는 닿지 않는 부트스트랩을 건너뜁니다).
 */
function kafkaClient(
  clientId: string,
  { except = [], everyNode = false, log }: { except?: readonly number[]; everyNode?: boolean; log?: logCreator } = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers: (everyNode ? nodes : alive())
      .filter((n) => !except.includes(n.id))
      .map((n) => `127.0.0.1:${n.brokerPort}`),
    logLevel: log ? logLevel.ERROR : logLevel.NOTHING,
    ...(log ? { logCreator: log } : {}),
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

const everyBootstrap = () => nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(',');

async function createReplicatedTopic(topic: string, partitions: number): Promise<void> {
  const admin = kafkaClient(`${topic}-admin`).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
      waitForLeaders: false,
    });
  } finally {
    await admin.disconnect();
  }
  await settle(
    `모든 노드가 ${topic}의 리더를 알지 못합니다`,
    async () => {
      const all = await Promise.all(alive().map((n) => partitionsOf(n.id, topic)));
      return all.every((ps) => ps?.length === partitions && ps.every((p) => p.leaderId > 0)) ? true : null;
    },
    20_000,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 성공을 받은 레코드와 다시 읽은 레코드

/** 레코드 하나: 값은 `p<파티션>-<순번>`, 순번은 보낸 순서대로 오릅니다 */
interface Written {
  readonly value: string;
  readonly offset: number;
}

type ByPartition = Map<number, Written[]>;

const byPartition = (partitions: number): ByPartition =>
  new Map(Array.from({ length: partitions }, (_, p) => [p, [] as Written[]]));

/**
 * 다시 읽은 것이 성공을 받은 것을 지키는지: 파티션마다 오프셋이 오르고, 값이 하나씩이고, 순번이 보낸 순서대로 오르며,
 * 성공을 받은 레코드는 (`logStart` 앞, 곧 DeleteRecords로 지운 것만 빼고) 모두 받은 오프셋에 그 값으로 있습니다.
 * 확인한 성공 레코드의 수를 돌려줍니다.
 */
function checkReadBack(
  read: ByPartition,
  acked: ByPartition,
  logStart: ReadonlyMap<number, number> = new Map(),
): number {
  let checked = 0;
  for (const [p, ackedHere] of acked) {
    const records = read.get(p) ?? [];
    const offsets = records.map((r) => r.offset);
    expect(offsets, `파티션 ${p}의 오프셋이 오르지 않습니다`).toEqual([...new Set(offsets)].sort((a, b) => a - b));
    expect(new Set(records.map((r) => r.value)).size, `파티션 ${p}에 중복이 있습니다`).toBe(records.length);
    const sequence = records.map((r) => Number(r.value.split('-').at(-1)));
    expect(sequence, `파티션 ${p}의 순서`).toEqual([...sequence].sort((a, b) => a - b));
    const at = new Map(records.map((r) => [r.offset, r.value]));
    for (const w of ackedHere) {
      if (w.offset < (logStart.get(p) ?? 0)) continue;
      expect(at.get(w.offset), `성공을 받은 ${w.value}(오프셋 ${w.offset})가 없습니다`).toBe(w.value);
      checked++;
    }
  }
  return checked;
}

/** 성공을 받았고 DeleteRecords로 지우지 않은 레코드 수 */
const survivingAcked = (acked: ByPartition, logStart: ReadonlyMap<number, number>) =>
  [...acked].reduce((sum, [p, ws]) => sum + ws.filter((w) => w.offset >= (logStart.get(p) ?? 0)).length, 0);

/** 파티션마다 kcat이 읽은 레코드 (`bootstrap`으로 붙어서) */
async function readWithKcat(bootstrap: string, topic = TOPIC): Promise<ByPartition> {
  const read = await readAllWithKcat(bootstrap, topic);
  return new Map([...read].map(([p, records]) => [p, records.map((r) => ({ value: r.value, offset: r.offset }))]));
}

// ---------------------------------------------------------------------------------------------------------------
// 쉬지 않고 쓰는 kafkajs 프로듀서

/** 이 파일 전체의 수치 */
const figures = {
  acked: 0,
  /** 재시도를 다 쓰고도 실패한 send (성공을 약속하지 않았음: 남아 있어도, 없어도 되지만 두 번은 안 됨) */
  failed: 0,
  /** kafkajs가 안에서 실패하고 다시 보낸 횟수 (NOT_LEADER_OR_FOLLOWER, 끊긴 연결 …) */
  retriedInsideKafkajs: 0,
  /** 리더가 바뀐 파티션 (사건마다 전후 메타데이터로 셈) */
  leaderChanges: 0,
  /** 리더를 죽이고 그 파티션에 새 리더가 서기까지 (ms) */
  timeToNewLeaderMs: [] as number[],
};

/** kafkajs가 안에서 다시 보낼 때 남기는 오류 줄을 셉니다 (`sendMessages`의 retrier: retryCount가 실림) */
const countRetries: logCreator = () => (entry) => {
  if ('retryCount' in entry.log) figures.retriedInsideKafkajs++;
};

/** 지금까지 성공을 받은 `orders`의 레코드 */
const acknowledged = byPartition(PARTITIONS);
/** DeleteRecords로 옮긴 로그 시작 (그 앞의 성공은 지운 것) */
const deletedBelow = new Map<number, number>();
let nextSequence = 0;

/**
 * kafkajs 멱등 프로듀서(acks=all, 요청 하나씩)가 파티션을 돌아가며 레코드 하나씩을 씁니다: `stop()`까지, 또는 횟수와
 * 시간의 한도까지. send가 끝내 실패하면 그 프로듀서를 버리고 새로 만듭니다: 실패한 배치가 실제로는 쓰였을 수 있는데,
 * kafkajs는 실패한 배치의 시퀀스를 다음 레코드에 다시 써서 그것이 "중복"으로 받아들여질 수 있기 때문입니다.
 */
class ContinuousProducer {
  #stopping = false;
  readonly #finished: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly limits: { readonly maxRecords: number; readonly maxMs: number },
  ) {
    this.#finished = this.#run();
  }

  async #run(): Promise<void> {
    const deadline = Date.now() + this.limits.maxMs;
    let producer: ReturnType<Kafka['producer']> | null = null;
    for (let i = 0; !this.#stopping && i < this.limits.maxRecords && Date.now() < deadline; i++) {
      if (!producer) {
        producer = kafkaClient(this.name, { everyNode: true, log: countRetries }).producer({
          idempotent: true,
          maxInFlightRequests: 1,
          retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 },
        });
        const connected = await producer.connect().then(
          () => true,
          () => false,
        );
        if (!connected) {
          producer = null;
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
      }
      const partition = nextSequence % PARTITIONS;
      const value = `p${partition}-${nextSequence++}`;
      try {
        const [meta] = await producer.send({
          topic: TOPIC,
          acks: -1,
          timeout: 5000,
          compression: CompressionTypes.None,
          messages: [{ partition, value }],
        });
        acknowledged.get(partition)?.push({ value, offset: Number(meta?.baseOffset) });
        figures.acked++;
      } catch {
        figures.failed++;
        await producer.disconnect().catch(() => {});
        producer = null;
      }
    }
    await producer?.disconnect().catch(() => {});
  }

  /** 한도(횟수, 시간)까지 다 쓰면 끝나는 약속 */
  get done(): Promise<void> {
    return this.#finished;
  }

  /** 지금부터 `n`개가 더 성공할 때까지 */
  waitForAcks(n: number, maxMs: number): Promise<true> {
    const target = figures.acked + n;
    return waitFor(`${n}개가 더 성공하지 않았습니다`, async () => figures.acked >= target || null, maxMs);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#finished;
  }
}

/** 앞뒤 메타데이터에서 리더가 바뀐 파티션 수 */
const leaderChangesBetween = (before: readonly PartitionAnswer[], after: readonly PartitionAnswer[]) =>
  after.filter((p) => before.find((b) => b.partitionIndex === p.partitionIndex)?.leaderId !== p.leaderId).length;

/**
 * `victim`을 `kill -9`하고, 살아 있는 모든 브로커가 그 브로커를 펜싱된 것으로(Metadata의 브로커 목록에서 빠짐) 볼 때까지
 * 기다립니다. 그 전에는 Metadata가 죽은 브로커를 controllerId로 알려 줄 수 있어(살아 있는 브로커 가운데 무작위),
 * 그때 만든 kafkajs 멱등 프로듀서가 InitProducerId를 죽은 브로커로 보냅니다.
 */
async function killAndWaitFenced(victim: QuorumProcessNode): Promise<void> {
  await quorum.kill(victim);
  await settle(
    `브로커 ${victim.id}가 펜싱되지 않았습니다`,
    async () => {
      for (const n of alive()) {
        const reply = await send(brokers, n.id, {
          apiKey: ApiKey.Metadata,
          apiVersion: 12,
          body: { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
        });
        const listed = reply.ok && (reply.response as { brokers: { nodeId: number }[] }).brokers;
        if (!listed || listed.some((b) => b.nodeId === victim.id)) return null;
      }
      return true;
    },
    NEW_LEADER_MAX_MS,
  );
}

/**
 * `victim`을 `kill -9`하고 `topic`의 모든 파티션에 다른 리더가 설 때까지 기다립니다. 새 리더까지 걸린 시간을 적고,
 * 죽이기 전후의 메타데이터를 돌려줍니다.
 */
async function killLeader(victim: QuorumProcessNode, topic: string) {
  const before = await settle(`${topic}의 리더를 모릅니다`, () => led(topic), 10_000);
  const killedAt = Date.now();
  await killAndWaitFenced(victim);
  const after = await settle(
    `브로커 ${victim.id}가 ${topic}의 리더 자리를 잃지 않았습니다`,
    () => led(topic, [victim.id]),
    NEW_LEADER_MAX_MS,
  );
  figures.timeToNewLeaderMs.push(Date.now() - killedAt);
  figures.leaderChanges += leaderChangesBetween(before, after);
  for (const p of after.filter(
    (a) => before.find((b) => b.partitionIndex === a.partitionIndex)?.leaderId === victim.id,
  )) {
    const old = before.find((b) => b.partitionIndex === p.partitionIndex) as PartitionAnswer;
    expect(p.leaderEpoch, '새 리더는 더 큰 리더 에포크로').toBeGreaterThan(old.leaderEpoch);
    expect(old.isrNodes, '새 리더는 ISR에서').toContain(p.leaderId);
  }
  return { before, after };
}

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'replica',
    ids: IDS,
    env: {
      ...fastFailoverEnv(SESSION_TIMEOUT_MS),
      KAFKA_REPLICA_LAG_TIME_MAX_MS: String(REPLICA_LAG_TIME_MAX_MS),
    },
    readyTimeoutMs: READY_TIMEOUT_MS,
    requestTimeoutMs: 1000,
  });
  ({ nodes, brokers } = quorum);
  await createReplicatedTopic(TOPIC, PARTITIONS);
}, 90_000);

/** 시험이 실패해 노드를 죽인 채 끝나도 다음 시험은 세 노드가 모두 산 클러스터에서 시작합니다 */
afterEach(async () => {
  for (const n of nodes) if (!n.process) await start(n);
}, READY_TIMEOUT_MS);

afterAll(async () => {
  await quorum?.close();
  console.log(
    `복제 프로세스 시험의 수치: 성공 ${figures.acked}, 실패(성공을 약속하지 않음) ${figures.failed}, kafkajs 안의 재시도 ${figures.retriedInsideKafkajs}, 리더가 바뀐 파티션 ${figures.leaderChanges}, 새 리더까지 ${figures.timeToNewLeaderMs.join('/')}ms`,
  );
});

describe('진짜 프로세스 셋의 복제 (파티션 3개, 복제 계수 3, min.insync.replicas=2)', () => {
  it('testNotLeaderAnswersCurrentLeader: 리더가 아닌 브로커의 Produce v11·Fetch v16 답에 지금의 리더와 그 주소가 실립니다 (KIP-951)', async () => {
    const [p0] = (await partitionsOf(IDS[0])) ?? [];
    if (!p0) throw new Error('파티션 0이 없습니다');
    const follower = IDS.find((id) => id !== p0.leaderId) as number;
    const leader = node(p0.leaderId);
    const expectedEndpoint = [{ nodeId: leader.id, host: '127.0.0.1', port: leader.brokerPort, rack: null }];
    const produced = await send(brokers, follower, {
      apiKey: ApiKey.Produce,
      apiVersion: 11,
      body: {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5000,
        topicData: [
          {
            name: TOPIC,
            partitionData: [
              {
                index: 0,
                records: encodeBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: Date.now() }] }),
              },
            ],
          },
        ],
      },
    });
    if (!produced.ok) throw new Error('Produce가 닿지 않았습니다');
    const produce = produced.response as {
      responses: { partitionResponses: { errorCode: number; currentLeader: unknown }[] }[];
      nodeEndpoints: unknown;
    };
    expect(produce.responses[0]?.partitionResponses[0]).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      currentLeader: { leaderId: p0.leaderId, leaderEpoch: p0.leaderEpoch },
    });
    expect(produce.nodeEndpoints).toEqual(expectedEndpoint);

    const topicId = (await send(brokers, follower, {
      apiKey: ApiKey.Metadata,
      apiVersion: 12,
      body: { topics: [{ name: TOPIC }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
    }).then((r) => (r.ok ? (r.response as { topics: { topicId: string }[] }).topics[0]?.topicId : null))) as string;
    const fetched = await send(brokers, follower, {
      apiKey: ApiKey.Fetch,
      apiVersion: 16,
      body: {
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topicId,
            partitions: [
              {
                partition: 0,
                currentLeaderEpoch: -1,
                fetchOffset: 0,
                lastFetchedEpoch: -1,
                logStartOffset: -1,
                partitionMaxBytes: 1 << 20,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      },
    });
    if (!fetched.ok) throw new Error('Fetch가 닿지 않았습니다');
    const fetch = fetched.response as {
      responses: { partitions: { errorCode: number; currentLeader: unknown }[] }[];
      nodeEndpoints: unknown;
    };
    expect(fetch.responses[0]?.partitions[0]).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      currentLeader: { leaderId: p0.leaderId, leaderEpoch: p0.leaderEpoch },
    });
    expect(fetch.nodeEndpoints).toEqual(expectedEndpoint);
  });

  it('testReplicatedWritesReadFromEveryBroker: acks=all 멱등 프로듀서의 쓰기가 세 복제본에 복제되어 하이 워터마크가 오르고, kcat이 어느 브로커로 붙어도 같은 데이터를 읽습니다', async () => {
    await new ContinuousProducer('replication-producer', { maxRecords: 60, maxMs: 60_000 }).done;
    expect(figures.acked).toBe(60);
    const admin = kafkaClient('hw-probe').admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      expect(offsets.map((o) => Number(o.high))).toEqual([20, 20, 20]);
    } finally {
      await admin.disconnect();
    }
    for (const n of nodes) {
      expect(checkReadBack(await readWithKcat(`127.0.0.1:${n.brokerPort}`), acknowledged)).toBe(60);
    }
    for (const p of (await led()) ?? []) expect([...p.isrNodes].sort()).toEqual([1, 2, 3]);
  }, 60_000);

  it('testKillEachPartitionLeaderInTurn: 쉬지 않고 쓰는 동안 파티션마다 차례로 리더를 kill -9 하면 ISR의 다른 복제본이 리더가 되고 쓰기가 이어지며, 다시 띄운 브로커는 ISR에 돌아옵니다', async () => {
    const producer = new ContinuousProducer('replication-failover', { maxRecords: 20_000, maxMs: 240_000 });
    try {
      await producer.waitForAcks(30, 30_000);
      for (let p = 0; p < PARTITIONS; p++) {
        const leaderNow = await settle('리더를 모릅니다', () => led(), 10_000);
        const victim = node((leaderNow[p] as PartitionAnswer).leaderId);
        await killLeader(victim, TOPIC);
        // 새 리더로 쓰기가 이어집니다 (죽인 브로커가 이끌던 파티션 몫도 돌아가며 성공해야 30개가 찹니다).
        await producer.waitForAcks(30, 60_000);
        await start(victim);
        await waitFullIsr();
      }
    } finally {
      await producer.stop();
    }
    expect(figures.timeToNewLeaderMs).toHaveLength(PARTITIONS);
    expect(figures.leaderChanges).toBeGreaterThanOrEqual(PARTITIONS);
    console.log(
      `파티션 리더를 차례로 kill -9: 새 리더까지 ${figures.timeToNewLeaderMs.join('/')}ms, 리더가 바뀐 파티션 ${figures.leaderChanges}, 지금까지 성공 ${figures.acked}, 실패 ${figures.failed}, kafkajs 안의 재시도 ${figures.retriedInsideKafkajs}`,
    );
  }, 300_000);
});

describe('같은 클러스터의 다른 클라이언트가 리더 kill을 지나 쓰기', () => {
  it('testPlatformaticThroughLeaderKill: @platformatic/kafka 프로듀서(acks=all)가 리더 kill을 지나 쓰고, 그 컨슈머가 성공을 받은 레코드를 모두 한 번씩 순서대로 읽습니다', async () => {
    const topic = 'pf-orders';
    await createReplicatedTopic(topic, 1);
    const acked = byPartition(1);
    let failed = 0;
    let killed = false;
    let victim: QuorumProcessNode | null = null;
    let ackedAfterKill = 0;
    const producer = new Producer({
      clientId: 'pf-failover',
      bootstrapBrokers: alive().map((n) => `127.0.0.1:${n.brokerPort}`),
      serializers: stringSerializers,
      idempotent: true,
      acks: -1,
      retries: 40,
      retryDelay: 250,
    });
    try {
      // 횟수(400)와 시간(90초)으로 묶은 쓰기: 20개가 성공하면 리더를 죽이고, 죽인 뒤 20개가 성공하면 멈춥니다.
      const deadline = Date.now() + 90_000;
      for (let i = 0; i < 400 && Date.now() < deadline && ackedAfterKill < 20; i++) {
        if (!killed && acked.get(0)?.length === 20) {
          const [p0] = await settle('리더를 모릅니다', () => led(topic), 10_000);
          victim = node((p0 as PartitionAnswer).leaderId);
          await killLeader(victim, topic);
          killed = true;
        }
        const value = `p0-${i}`;
        try {
          const result = await producer.send({ messages: [{ topic, partition: 0, key: 'k', value }] });
          acked.get(0)?.push({ value, offset: Number(result.offsets?.[0]?.offset) });
          if (killed) ackedAfterKill++;
        } catch {
          failed++;
        }
      }
    } finally {
      await producer.close();
      if (victim) await start(victim);
    }
    expect(killed).toBe(true);
    expect(ackedAfterKill).toBe(20);
    await waitFullIsr(topic);

    const consumer = new Consumer({
      clientId: 'pf-reader',
      groupId: 'pf-reader',
      bootstrapBrokers: alive().map((n) => `127.0.0.1:${n.brokerPort}`),
      deserializers: stringDeserializers,
    });
    const read: Written[] = [];
    try {
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 500 });
      // 마지막으로 성공을 받은 오프셋까지 읽습니다 (60초 안에 못 읽으면 스트림을 닫아 아래 검사가 실패합니다).
      const lastAcked = Math.max(...(acked.get(0) ?? []).map((w) => w.offset));
      const deadline = setTimeout(() => void stream.close(), 60_000);
      for await (const message of stream) {
        read.push({ value: message.value as string, offset: Number(message.offset) });
        if (Number(message.offset) >= lastAcked) break;
      }
      clearTimeout(deadline);
      await stream.close();
    } finally {
      await consumer.close(true);
    }
    const checked = checkReadBack(new Map([[0, read]]), acked);
    expect(checked).toBe(acked.get(0)?.length);
    console.log(
      `@platformatic/kafka: 리더 kill을 지나 성공 ${checked} (kill 뒤 ${ackedAfterKill}), 실패 ${failed}, 그 컨슈머가 읽은 ${read.length}`,
    );
  }, 240_000);

  it('testKcatProducesThroughLeaderKill: kcat(librdkafka, acks=all, 멱등)이 쓰는 도중 리더를 kill -9 해도 배달 보고가 모두 성공이고, 그 레코드가 모두 한 번씩 순서대로 있습니다', async () => {
    const topic = 'kcat-orders';
    await createReplicatedTopic(topic, 1);
    const [p0] = await settle('리더를 모릅니다', () => led(topic), 10_000);
    const victim = node((p0 as PartitionAnswer).leaderId);
    // -v -v -v: 배달 보고마다 "Message delivered to partition 0 (offset N)", 실패면 "Delivery failed for message".
    const kcat = spawn(
      'kcat',
      [
        ...['-v', '-v', '-v', '-P', '-b', everyBootstrap(), '-t', topic, '-p', '0'],
        ...['-X', 'acks=all', '-X', 'enable.idempotence=true', '-X', 'message.timeout.ms=90000', '-X', 'linger.ms=20'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const exited = exitOf(kcat);
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `p0-${from + i}\n`).join('');
    // 200줄을 보내고, 리더를 죽이고, 죽은 동안 200줄을 더 보낸 뒤 입력을 닫습니다: kcat은 모두 배달되거나 시간이 다할 때까지
    // 기다렸다가 끝납니다.
    let result: { code: number | null; stderr: string };
    try {
      kcat.stdin.write(lines(0, 200));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await killLeader(victim, topic);
      kcat.stdin.end(lines(200, 400));
      result = await exited;
    } finally {
      kcat.stdin.end();
      await start(victim);
    }
    const delivered = result.stderr.match(/Message delivered to partition 0/g)?.length ?? 0;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Delivery failed/);
    expect(delivered).toBe(400);
    await waitFullIsr(topic);
    const read = (await readWithKcat(everyBootstrap(), topic)).get(0) ?? [];
    expect(read.map((r) => r.value)).toEqual(Array.from({ length: 400 }, (_, i) => `p0-${i}`));
    console.log(
      `kcat: 리더(브로커 ${victim.id})를 kill -9 한 가운데 배달 보고 ${delivered}개 모두 성공, librdkafka의 연결 실패 로그 ${result.stderr.match(/\|FAIL\|/g)?.length ?? 0}줄, 다시 읽은 ${read.length}`,
    );
  }, 180_000);
});

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

describe('ISR에서 빠지고 돌아오기, 리더가 지운 뒤에 돌아온 팔로워, 모두 다시 켜기', () => {
  it('testStoppedFollowerLeavesAndRejoinsIsr: 팔로워를 replica.lag.time.max.ms보다 오래 SIGSTOP하면 ISR에서 빠지고, SIGCONT하면 따라잡아 다시 들어옵니다', async () => {
    const controller = await settle('활성 컨트롤러가 없습니다', () => quorum.activeController(), 10_000);
    await waitFullIsr();
    const follower = node(IDS.find((id) => id !== controller) as number);
    const others = ((await led()) ?? []).filter((p) => p.leaderId !== follower.id);
    expect(others.length).toBeGreaterThan(0);
    // 프로듀서는 멈추기 전에 붙여 둡니다: 멈춘 브로커로 부트스트랩하면 kafkajs가 메타데이터를 받지 못해 포기합니다.
    // 그 팔로워가 따라가던 파티션에 쓰기가 있어야 뒤처집니다: acks=1로 (acks=all은 ISR이 줄 때까지 기다립니다).
    const producer = kafkaClient('replication-lag', { except: [follower.id] }).producer({ idempotent: false });
    await producer.connect();
    follower.process?.kill('SIGSTOP');
    const stoppedAt = Date.now();
    let shrunk: PartitionAnswer[];
    try {
      for (const p of others) {
        const value = `p${p.partitionIndex}-${nextSequence++}`;
        const [meta] = await producer.send({
          topic: TOPIC,
          acks: 1,
          messages: [{ partition: p.partitionIndex, value }],
        });
        acknowledged.get(p.partitionIndex)?.push({ value, offset: Number(meta?.baseOffset) });
      }
      shrunk = await settle(
        '멈춘 팔로워가 ISR에서 빠지지 않았습니다',
        async () => {
          const ps = await partitionsOf(controller);
          const mine = ps?.filter((p) => others.some((l) => l.partitionIndex === p.partitionIndex));
          return mine?.every((p) => !p.isrNodes.includes(follower.id)) ? mine : null;
        },
        SESSION_TIMEOUT_MS - 1000,
      );
    } finally {
      follower.process?.kill('SIGCONT');
      await producer.disconnect();
    }
    const shrunkAfter = Date.now() - stoppedAt;
    for (const p of shrunk) expect(p.isrNodes.length).toBe(2);
    const grown = await waitFullIsr();
    for (const p of grown) expect([...p.isrNodes].sort()).toEqual([1, 2, 3]);
    console.log(
      `SIGSTOP 브로커 ${follower.id}: ${shrunkAfter}ms 뒤 ISR에서 빠짐 (replica.lag.time.max.ms ${REPLICA_LAG_TIME_MAX_MS}), SIGCONT 뒤 ISR에 돌아옴`,
    );
  }, 90_000);

  it('testRestartedFollowerBehindLeaderLogStart: 죽어 있는 동안 리더의 로그 시작이 DeleteRecords로 그 끝을 넘으면, 다시 뜬 팔로워는 로그를 다 지우고 리더의 로그 시작에서 다시 받아 ISR에 돌아오고, 리더가 되어도 같은 데이터를 줍니다', async () => {
    await waitFullIsr();
    // 선호 복제본(복제본 목록의 첫째)을 죽입니다: 돌아와 따라잡으면 선호 리더 선거로 그 복제본을 리더로 세울 수 있습니다.
    const p0 = ((await led()) ?? [])[0] as PartitionAnswer;
    const follower = node(p0.replicaNodes[0] as number);
    if (p0.leaderId === follower.id) await killLeader(follower, TOPIC);
    else await killAndWaitFenced(follower);
    const producer = kafkaClient('replication-out-of-range').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const admin = kafkaClient('replication-delete-records').admin();
    await admin.connect();
    let logStart: number;
    try {
      const write = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const value = `p0-${nextSequence++}`;
          const [meta] = await producer.send({ topic: TOPIC, acks: -1, messages: [{ partition: 0, value }] });
          acknowledged.get(0)?.push({ value, offset: Number(meta?.baseOffset) });
        }
      };
      // 죽은 팔로워가 ISR에서 빠지면(replica.lag.time.max.ms) acks=all이 남은 둘로 끝납니다.
      await write(10);
      // 하이 워터마크까지 지웁니다: 리더의 로그 시작이 죽은 팔로워의 로그 끝을 넘습니다.
      await admin.fetchTopicMetadata({ topics: [TOPIC] }); // kafkajs는 리더를 캐시된 메타데이터에서 찾습니다
      await admin.deleteTopicRecords({ topic: TOPIC, partitions: [{ partition: 0, offset: '-1' }] });
      const offsets = await admin.fetchTopicOffsets(TOPIC);
      logStart = Number(offsets.find((o) => o.partition === 0)?.low);
      deletedBelow.set(0, logStart);
      await write(10);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    expect(logStart).toBeGreaterThan(0);

    // 다시 띄운 팔로워의 Fetch는 OFFSET_OUT_OF_RANGE를 받고, 리더에게 로그 끝과 시작을 물어 로그를 다시 엽니다.
    await start(follower);
    const back = await settle(
      '돌아온 팔로워가 ISR에 돌아오지 않았습니다',
      async () => {
        const ps = await led();
        return ps?.[0]?.isrNodes.includes(follower.id) ? ps : null;
      },
      40_000,
    );
    expect(back[0]?.isrNodes).toHaveLength(3);
    // 그 복제본의 세그먼트는 이제 리더의 로그 시작에서 시작합니다 (가진 것을 다 지우고 거기서 빈 로그로 다시 열었음).
    const segments = readdirSync(path.join(follower.dir, `${TOPIC}-0`)).filter((f) => f.endsWith('.log'));
    expect(Math.min(...segments.map((f) => Number.parseInt(f, 10)))).toBe(logStart);

    // 선호 리더 선거로 그 복제본을 리더로 세우고, kcat으로 읽습니다: 로그 시작부터 성공한 레코드가 모두 그대로 있습니다.
    const elected = await send(brokers, follower.id, {
      apiKey: ApiKey.ElectLeaders,
      apiVersion: 2,
      body: {
        electionType: 0,
        topicPartitions: [{ topic: TOPIC, partitions: [0] }],
        timeoutMs: 10_000,
      },
    });
    expect(elected.ok).toBe(true);
    await settle(
      '선호 리더 선거가 끝나지 않았습니다',
      async () => ((await led())?.[0]?.leaderId === follower.id ? true : null),
      20_000,
    );
    const read = await readWithKcat(`127.0.0.1:${follower.brokerPort}`);
    expect(read.get(0)?.[0]?.offset).toBe(logStart);
    const checked = checkReadBack(
      new Map([[0, read.get(0) ?? []]]),
      new Map([[0, acknowledged.get(0) ?? []]]),
      deletedBelow,
    );
    console.log(
      `OFFSET_OUT_OF_RANGE: 죽었던 팔로워(브로커 ${follower.id})가 돌아와 리더의 로그 시작 ${logStart}에서 다시 받음, 리더가 된 뒤 확인한 레코드 ${checked}`,
    );
  }, 180_000);

  it('testRestartEverything: 쓰는 동안 셋 모두 kill -9 하고 셋 모두 다시 띄우면, 리더가 다시 서고 쓰기가 이어집니다', async () => {
    const producer = new ContinuousProducer('replication-restart', { maxRecords: 20_000, maxMs: 180_000 });
    let downFor = 0;
    try {
      await producer.waitForAcks(20, 30_000);
      const before = await settle('리더를 모릅니다', () => led(), 10_000);
      for (const n of nodes) await quorum.kill(n);
      const downAt = Date.now();
      await Promise.all(nodes.map((n) => start(n)));
      const after = await waitFullIsr();
      figures.leaderChanges += leaderChangesBetween(before, after);
      await producer.waitForAcks(30, 120_000);
      downFor = Date.now() - downAt;
    } finally {
      await producer.stop();
    }
    console.log(`셋 모두 kill -9 뒤 다시 띄우고 쓰기가 30개 성공하기까지 ${downFor}ms`);
  }, 240_000);

  it('testEveryAcknowledgedRecordReadBackOnce: 성공을 받은 레코드는 모두 한 번씩 받은 오프셋에 순서대로 있습니다 (kafkajs 컨슈머가 처음부터, kcat이 세 브로커 각각으로)', async () => {
    const admin = kafkaClient('replication-final').admin();
    await admin.connect();
    const bounds = new Map<number, { low: number; high: number }>();
    try {
      for (const o of await admin.fetchTopicOffsets(TOPIC)) {
        bounds.set(o.partition, { low: Number(o.low), high: Number(o.high) });
      }
    } finally {
      await admin.disconnect();
    }
    const total = [...bounds.values()].reduce((sum, b) => sum + b.high - b.low, 0);

    const read = byPartition(PARTITIONS);
    const consumer = kafkaClient('replication-reader').consumer({ groupId: 'replication-reader' });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          read.get(partition)?.push({ value: String(message.value), offset: Number(message.offset) });
        },
      });
      await waitFor(
        `kafkajs 컨슈머가 ${total}개를 다 읽지 못했습니다`,
        async () => ([...read.values()].reduce((sum, r) => sum + r.length, 0) >= total ? true : null),
        90_000,
      );
    } finally {
      await consumer.disconnect();
    }
    const ackedTotal = survivingAcked(acknowledged, deletedBelow);
    expect(checkReadBack(read, acknowledged, deletedBelow)).toBe(ackedTotal);
    for (const n of nodes) {
      expect(checkReadBack(await readWithKcat(`127.0.0.1:${n.brokerPort}`), acknowledged, deletedBelow)).toBe(
        ackedTotal,
      );
    }
    console.log(
      `끝: 로그의 레코드 ${total}, 성공을 받고 지우지 않은 레코드 ${ackedTotal}을 kafkajs 컨슈머와 세 브로커의 kcat이 모두 읽음`,
    );
  }, 180_000);
});
