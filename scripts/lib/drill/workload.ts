/**
 * 드릴의 일: kafkajs 2.2.4 프로듀서와 컨슈머가 장애 속에서 쓰고 읽으며, 겪은 것을 모두 역사(history)에 적습니다.
 * 역사의 모양은 시뮬레이터의 검사기(reference/src/sim/replication-checker.ts)의 것 그대로입니다.
 *
 *   - 멱등 프로듀서 하나: `idempotent` 토픽에 send 한 번에 파티션 하나로(파티션을 돌아 가며) 값 1~3개를 acks=all로.
 *   - 트랜잭션 프로듀서 하나: `transactional` 토픽에 트랜잭션마다 파티션 하나 또는 둘, 씨앗에 따라 커밋 또는 어보트.
 *   - 그룹마다 컨슈머 둘: `idempotent`는 read_uncommitted, `transactional`은 read_committed. 읽은 것(오프셋, 값, 응답의
 *     하이 워터마크)과 그룹 합류, 성공한 오프셋 커밋을 적습니다.
 *
 * kafkajs 2.2.4에서 피하는 것 (scripts/lib/seed-scenario/scenario.ts의 설명과 같은 것):
 *   - send 한 번에 파티션 하나만: 여러 파티션을 한 번에 보내면 리더가 옮겨 간 뒤 한 파티션의 메시지를 보내지 않은 채
 *     성공으로 끝날 수 있습니다.
 *   - 멱등 프로듀서의 connect()는 Metadata의 controllerId가 죽었지만 아직 펜싱되지 않은 브로커를 가리키면
 *     KafkaJSConnectionError로 끝납니다: 다시 연결합니다 (`../producer-connect.ts`).
 *   - 재시도를 다 쓰고도 실패한 send는 "모름"(로그에 있을 수도 없을 수도)입니다: 성공으로 적지 않고, 같은 값을 다시
 *     보내지 않습니다. 그 뒤에는 새 프로듀서(새 번호, 새 프로듀서 ID)로 이어 갑니다.
 */
import { type Admin, type Consumer, Kafka, logLevel, type Producer, type Transaction } from 'kafkajs';
import type { SeededRandom } from '../../../reference/src/sim/random.js';
import type { HistoryOp } from '../../../reference/src/sim/replication-checker.js';
import { connectProducer } from '../producer-connect.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface OperationCounts {
  sends: number;
  acks: number;
  polls: number;
  commits: number;
}

/** 역사와 번호표: 프로듀서와 컨슈머 세션마다 새 번호를 줍니다 */
export class History {
  readonly ops: HistoryOp[] = [];
  readonly counts: OperationCounts = { sends: 0, acks: 0, polls: 0, commits: 0 };
  #producers = 0;
  #consumers = 0;

  push(op: HistoryOp): void {
    this.ops.push(op);
    if (op.kind === 'send') this.counts.sends++;
    else if (op.kind === 'ack') this.counts.acks++;
    else if (op.kind === 'read') this.counts.polls++;
    else if (op.kind === 'commit') this.counts.commits++;
  }

  newProducer(): number {
    return ++this.#producers;
  }

  newConsumer(): number {
    return ++this.#consumers;
  }
}

/** 일하는 프로듀서가 지금 기다리는 kafkajs 호출 (`connect`, `send`, `commit`, …): 멈추지 않을 때 어디서인지 알립니다 */
export interface Stage {
  stage?: string;
}

export const PARTITIONS = 3;
/** 그룹마다 컨슈머 수 */
const MEMBERS = 2;
/**
 * 재시도와 요청 시간 제한을 짧게 잡습니다: SIGSTOP으로 멈춘 리더에게 간 요청은 시간 제한까지 답이 없고, 일정은 장애를
 * 되돌린 뒤 하던 send가 끝나기를 기다려야(그 뒤에 최종 로그를 읽어야) 하기 때문입니다. 짧게 잡아 실패한 send는
 * "모름"으로 적힐 뿐, 검사를 느슨하게 하지 않습니다.
 */
const PRODUCER_RETRY = { retries: 5, initialRetryTime: 100, maxRetryTime: 500 };
/**
 * Produce 요청의 `timeout`(acks=all이 ISR을 기다리는 최대 시간, kafkajs 기본 30초). 떼어 놓인 리더는 ISR을 줄이지도
 * 못한 채 이만큼 붙잡고 있다가 REQUEST_TIMED_OUT으로 답하고, 프로듀서는 재시도합니다.
 */
const ACK_TIMEOUT_MS = 3000;
/** 트랜잭션 시간 초과: 죽은 트랜잭션 프로듀서가 남긴 트랜잭션을 코디네이터가 어보트하기까지 */
const TRANSACTION_TIMEOUT_MS = 15_000;
/** 보내기 사이의 쉼 (두 코어를 나눠 쓰므로 역사가 너무 길어지지 않게) */
const PACE_MS = 20;

export function drillKafka(bootstrap: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 },
    connectionTimeout: 2000,
    requestTimeout: 4000,
  });
}

/** 토픽 만들기를 다시 보내는 최대 횟수 (한 번에 요청 시간 제한 4초) */
const CREATE_TOPICS_ATTEMPTS = 5;

/**
 * 일정의 토픽들을 만듭니다 (파티션 셋, 복제 계수 3, `min.insync.replicas=2`). 활성 컨트롤러는 토픽을 쿼럼에 적고 커밋한
 * 뒤에야 답하므로, 두 코어를 여럿이 나눠 쓰는 기계에서는 요청 시간 제한(위 `requestTimeout` 4초)을 넘길 수 있습니다.
 * kafkajs 2.2.4의 `admin.createTopics`는 NOT_CONTROLLER 말고는 다시 보내지 않으므로(src/admin/index.js), 시간 제한이면
 * 다시 보냅니다. 앞의 요청이 이미 만들었으면 답은 TOPIC_ALREADY_EXISTS이고 kafkajs는 그것을 false로 돌려줍니다 (토픽
 * 이름은 일정마다 새것이라, 있다면 앞의 요청이 만든 것입니다).
 */
export async function createTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({
        topics: topics.map((topic) => ({
          topic,
          numPartitions: PARTITIONS,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        })),
        waitForLeaders: false,
      });
      return;
    } catch (error) {
      if (attempt === CREATE_TOPICS_ATTEMPTS || (error as Error).name !== 'KafkaJSRequestTimeoutError') throw error;
    }
  }
}

/** 일하는 동안 `running()`이 참이면 계속, 거짓이 되면 하던 send를 마치고 끝납니다 */
export async function idempotentWorkload(
  kafka: Kafka,
  topic: string,
  history: History,
  running: () => boolean,
  at: Stage = {},
): Promise<{ indeterminate: number }> {
  let producer: Producer | null = null;
  let id = 0;
  let indeterminate = 0;
  let n = 0;
  try {
    while (running()) {
      if (!producer) {
        at.stage = 'connect';
        producer = await connectProducer(
          kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: PRODUCER_RETRY }),
          running,
        );
        if (!producer) break;
        id = history.newProducer();
      }
      const partition = n % PARTITIONS;
      const values = Array.from({ length: 1 + (n % 3) }, (_, k) => `i${id}-${n}-${k}`);
      n++;
      const name = `${topic}-${partition}`;
      for (const value of values) history.push({ kind: 'send', producer: id, partition: name, value });
      try {
        at.stage = 'send';
        const [answer] = await producer.send({
          topic,
          acks: -1,
          timeout: ACK_TIMEOUT_MS,
          messages: values.map((value) => ({ partition, value })),
        });
        if (answer?.partition !== partition) throw new Error(`파티션 ${partition}에 보낸 답이 다릅니다`);
        const base = Number(answer.baseOffset);
        values.forEach((value, k) => {
          history.push({ kind: 'ack', producer: id, partition: name, value, offset: base + k });
        });
      } catch {
        indeterminate += values.length;
        at.stage = 'disconnect';
        await producer.disconnect().catch(() => {});
        producer = null;
      }
      at.stage = 'pause';
      await sleep(PACE_MS);
    }
  } finally {
    at.stage = 'disconnect';
    await producer?.disconnect().catch(() => {});
  }
  at.stage = 'done';
  return { indeterminate };
}

/**
 * 트랜잭션 프로듀서. 실패하면 어보트를 한 번 해 보고, 그래도 안 되면 같은 transactionalId의 새 프로듀서로 갈아탑니다:
 * 새 프로듀서의 InitProducerId가 옛 에포크를 펜싱하고 열린 트랜잭션을 어보트합니다. 끝날 때도 실패 뒤라면 새
 * 프로듀서를 한 번 띄워 열린 트랜잭션을 닫습니다 (LSO가 하이 워터마크를 따라잡게).
 */
export async function transactionalWorkload(
  kafka: Kafka,
  topic: string,
  transactionalId: string,
  history: History,
  random: SeededRandom,
  abortChance: number,
  running: () => boolean,
  at: Stage = {},
): Promise<{ indeterminate: number }> {
  let producer: Producer | null = null;
  let id = 0;
  let indeterminate = 0;
  let n = 0;
  let dirty = false;
  const open = async (keepGoing: () => boolean) => {
    at.stage = 'connect';
    const p = await connectProducer(
      kafka.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
        transactionTimeout: TRANSACTION_TIMEOUT_MS,
        retry: PRODUCER_RETRY,
      }),
      keepGoing,
    );
    if (p) id = history.newProducer();
    return p;
  };
  try {
    while (running()) {
      producer ??= await open(running);
      if (!producer) break;
      const txn = `t${transactionalId}-${id}-${n++}`;
      const result = random.chance(abortChance) ? 'abort' : 'commit';
      const partitions = random.shuffle([0, 1, 2]).slice(0, random.range(1, 2));
      let transaction: Transaction | null = null;
      let ended = false;
      try {
        history.push({ kind: 'txn-begin', producer: id, txn });
        at.stage = 'transaction';
        transaction = await producer.transaction();
        for (const partition of partitions) {
          const value = `${txn}-${partition}`;
          const name = `${topic}-${partition}`;
          history.push({ kind: 'send', producer: id, partition: name, value, txn });
          at.stage = 'send';
          const [answer] = await transaction.send({
            topic,
            acks: -1,
            timeout: ACK_TIMEOUT_MS,
            messages: [{ partition, value }],
          });
          if (answer?.partition !== partition) throw new Error(`파티션 ${partition}에 보낸 답이 다릅니다`);
          history.push({ kind: 'ack', producer: id, partition: name, value, offset: Number(answer.baseOffset), txn });
        }
        history.push({ kind: 'txn-end', producer: id, txn, result, outcome: 'invoke' });
        ended = true;
        at.stage = result;
        await (result === 'commit' ? transaction.commit() : transaction.abort());
        history.push({ kind: 'txn-end', producer: id, txn, result, outcome: 'ok' });
      } catch {
        indeterminate++;
        dirty = true;
        // 결과를 모릅니다: 커밋을 보냈으면 커밋됐을 수도, 아니면 코디네이터나 다음 프로듀서가 어보트합니다.
        history.push({ kind: 'txn-end', producer: id, txn, result: ended ? result : 'abort', outcome: 'unknown' });
        at.stage = 'disconnect';
        await producer.disconnect().catch(() => {});
        producer = null;
      }
      at.stage = 'pause';
      await sleep(PACE_MS);
    }
  } finally {
    at.stage = 'disconnect';
    await producer?.disconnect().catch(() => {});
  }
  if (dirty) {
    // 끝내기 전에 열린 트랜잭션을 닫습니다: 같은 transactionalId로 InitProducerId (시간으로 묶음)
    const deadline = Date.now() + 60_000;
    const closer = await open(() => Date.now() < deadline);
    at.stage = 'close';
    await closer?.disconnect().catch(() => {});
  }
  at.stage = 'done';
  return { indeterminate };
}

export interface GroupSpec {
  readonly group: string;
  readonly topic: string;
  readonly isolation: 'read_committed' | 'read_uncommitted';
}

/** 그룹 하나의 컨슈머들을 띄웁니다. 읽기, 합류, 커밋을 역사에 적습니다 */
export async function startGroup(kafka: Kafka, spec: GroupSpec, history: History): Promise<Consumer[]> {
  const partitions = Array.from({ length: PARTITIONS }, (_, p) => `${spec.topic}-${p}`);
  return Promise.all(
    Array.from({ length: MEMBERS }, async () => {
      const consumer = kafka.consumer({
        groupId: spec.group,
        readUncommitted: spec.isolation === 'read_uncommitted',
        heartbeatInterval: 500,
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
        maxWaitTimeInMs: 500,
        retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      // 세션: 그룹에 (다시) 들어올 때마다 새 번호. 커밋된 자리로 돌아가 다시 읽는 재전달을 세션 안의 역행과 가릅니다
      let session = history.newConsumer();
      consumer.on(consumer.events.GROUP_JOIN, () => {
        session = history.newConsumer();
        history.push({ kind: 'join', consumer: session, group: spec.group, partitions, isolation: spec.isolation });
      });
      consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
        for (const t of payload.topics) {
          for (const p of t.partitions) {
            history.push({
              kind: 'commit',
              consumer: session,
              group: spec.group,
              partition: `${t.topic}-${p.partition}`,
              offset: Number(p.offset),
            });
          }
        }
      });
      await consumer.connect();
      await consumer.subscribe({ topic: spec.topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            history.push({
              kind: 'read',
              consumer: session,
              partition: `${batch.topic}-${batch.partition}`,
              offset: Number(message.offset),
              value: message.value?.toString() ?? '',
              highWatermark: Number(batch.highWatermark),
              isolation: spec.isolation,
              group: spec.group,
            });
          }
        },
      });
      return consumer;
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
