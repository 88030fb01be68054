/**
 * 마커가 다른 브로커의 파티션 리더에게 갑니다 (진짜 프로세스 셋): 트랜잭션 코디네이터는 `__transaction_state`
 * 파티션의 리더이고, 트랜잭션이 쓰는 토픽의 파티션 리더는 모두 **다른** 브로커에 있습니다. 그래서 커밋·어보트 마커는
 * 모두 WriteTxnMarkers(API 27)로 브로커 사이를 오갑니다. 사용자가 하는 순서대로 해 봅니다.
 *
 *   1. kafkajs 트랜잭션 프로듀서가 트랜잭션마다 세 파티션에 하나씩 쓰고, 셋 중 둘은 커밋, 하나는 어보트합니다.
 *   2. 트랜잭션 하나를 연 채(쓴 뒤, 커밋 전) 코디네이터를 `kill -9`: 장부 파티션의 리더가 살아남은 브로커로 옮겨 가고,
 *      새 코디네이터는 장부를 읽어 Prepare에 남은 트랜잭션의 마커를 새 코디네이터 에포크로 보냅니다.
 *   3. 커밋이 실패한 프로듀서는 kafkajs가 하는 대로 같은 `transactionalId`로 다시 만듭니다 (InitProducerId가 새
 *      코디네이터를 찾아 에포크를 올리고, 열린 트랜잭션은 어보트됩니다). 그 뒤로 트랜잭션이 이어집니다.
 *   4. read_committed 컨슈머: 커밋으로 답받은 트랜잭션은 모두 정확히 한 번, 어보트한 것은 하나도 보이지 않습니다. 답을
 *      받지 못한 트랜잭션은 세 레코드가 모두 보이거나 하나도 보이지 않습니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 프로세스는 PID로 멈춥니다.
 */
import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { TRANSACTION_STATE_TOPIC, transactionPartitionFor } from '../../src/transaction/transaction-log.js';
import { fastFailoverEnv, QuorumProcesses, type QuorumProcessNode, send, settle } from './quorum-processes.js';

const IDS = [1, 2, 3] as const;
const TOPIC = 'orders';
const PARTITIONS = 3;
/** `transaction.state.log.num.partitions`의 기본값 */
const TXN_PARTITIONS = 50;
const SESSION_TIMEOUT_MS = 6000;
const READY_TIMEOUT_MS = 40_000;
/** 코디네이터를 죽이기 전과 뒤의 트랜잭션 수 */
const BEFORE_KILL = 12;
const AFTER_KILL = 12;
/** 커밋이 실패한 뒤 프로듀서를 다시 만드는 최대 횟수 */
const MAX_RECREATES = 20;

let quorum: QuorumProcesses;
let nodes: QuorumProcessNode[] = [];

/** 노드 하나에 묻는 FindCoordinator v3 (트랜잭션): 알려 준 코디네이터, 아직 없으면 null */
async function transactionCoordinatorVia(id: number, transactionalId: string): Promise<number | null> {
  const reply = await send(quorum.brokers, id, {
    apiKey: ApiKey.FindCoordinator,
    apiVersion: 3,
    body: { key: transactionalId, keyType: 1, coordinatorKeys: [] },
  });
  if (!reply.ok) return null;
  const answer = reply.response as { errorCode: number; nodeId: number };
  return answer.errorCode === ErrorCode.NONE ? answer.nodeId : null;
}

/** 노드 하나가 아는 토픽의 파티션 리더들. 리더 없는 파티션이 있으면 null */
async function leadersOf(id: number, topic: string): Promise<Map<number, number> | null> {
  const partitions = await quorum.partitionsVia(id, topic);
  if (!partitions || partitions.some((p) => p.leaderId < 0)) return null;
  return new Map(partitions.map((p) => [p.partitionIndex, p.leaderId]));
}

function kafkaClient(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: nodes.filter((n) => n.process).map((n) => `127.0.0.1:${n.brokerPort}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'markers',
    ids: IDS,
    env: {
      ...fastFailoverEnv(SESSION_TIMEOUT_MS),
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    },
    readyTimeoutMs: READY_TIMEOUT_MS,
    requestTimeoutMs: 1000,
  });
  nodes = quorum.nodes;
  await settle(
    '세 브로커가 모두 등록되지 않았습니다',
    async () => {
      const admin = kafkaClient('markers-probe').admin();
      await admin.connect();
      try {
        return (await admin.describeCluster()).brokers.length === IDS.length ? true : null;
      } finally {
        await admin.disconnect();
      }
    },
    30_000,
  );
  // 처음 FindCoordinator(keyType 1)가 `__transaction_state`를 만듭니다 (복제 계수 3, 최소 ISR 2).
  await settle(
    '`__transaction_state`의 코디네이터가 생기지 않았습니다',
    () => transactionCoordinatorVia(1, 'warm-up'),
    30_000,
  );
}, 120_000);

afterAll(() => quorum?.close());

describe('transaction markers travel to partition leaders on other brokers (three real processes)', () => {
  it('commits and aborts through WriteTxnMarkers, and a kill -9 of the coordinator mid-transaction loses no committed transaction and shows no aborted one', async () => {
    const controller = await settle('활성 컨트롤러가 없습니다', () => quorum.activeController(), 10_000);
    const ledgerLeaders = await settle(
      '`__transaction_state`의 리더',
      () => leadersOf(1, TRANSACTION_STATE_TOPIC),
      20_000,
    );
    // 코디네이터가 활성 컨트롤러가 아닌 트랜잭션 ID (컨트롤러를 죽이는 훈련은 quorum-process.test.ts가 합니다)
    const transactionalId = Array.from({ length: 100 }, (_, i) => `order-writer-${i}`).find((id) => {
      const leader = ledgerLeaders.get(transactionPartitionFor(id, TXN_PARTITIONS));
      return leader !== undefined && leader !== controller;
    });
    if (!transactionalId) throw new Error('코디네이터가 컨트롤러가 아닌 트랜잭션 ID가 없습니다');
    const coordinator = await settle(
      '트랜잭션 코디네이터',
      () => transactionCoordinatorVia(controller, transactionalId),
      10_000,
    );
    expect(coordinator).not.toBe(controller);

    // 토픽의 파티션 리더(첫 복제본)는 모두 코디네이터가 아닌 브로커입니다: 마커는 모두 네트워크를 지납니다.
    const others = IDS.filter((id) => id !== coordinator);
    const admin = kafkaClient('markers-admin').admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [
          {
            topic: TOPIC,
            replicaAssignment: Array.from({ length: PARTITIONS }, (_, partition) => ({
              partition,
              replicas: [others[partition % 2] as number, others[(partition + 1) % 2] as number, coordinator],
            })),
            configEntries: [{ name: 'min.insync.replicas', value: '2' }],
          },
        ],
        waitForLeaders: false,
      });
    } finally {
      await admin.disconnect();
    }
    const topicLeaders = await settle('토픽의 리더', () => leadersOf(controller, TOPIC), 20_000);
    expect([...topicLeaders.values()].filter((leader) => leader === coordinator)).toEqual([]);

    const committed: number[] = [];
    const aborted: number[] = [];
    /** 커밋을 보냈지만 답을 받지 못한 트랜잭션: 모두 보이거나 하나도 보이지 않아야 합니다 */
    const uncertain: number[] = [];
    let producer: Producer | null = null;
    let recreated = 0;
    const failures: string[] = [];
    const connect = async () => {
      const p = kafkaClient(`markers-producer-${recreated}`).producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await p.connect();
      return p;
    };
    const victim = quorum.node(coordinator);
    let moved: number | null = null;
    try {
      for (let n = 0; n < BEFORE_KILL + AFTER_KILL; n++) {
        const commit = n % 3 !== 2;
        try {
          producer ??= await connect();
          const txn = await producer.transaction();
          // 파티션마다 따로 보냅니다. kafkajs는 send 하나가 여러 브로커로 나뉠 때 한쪽이 다시 보낼 오류(앞 트랜잭션의 마커를
          // 쓰는 동안의 CONCURRENT_TRANSACTIONS 등)로 실패하면, 이미 성공한 쪽의 레코드도 **새 시퀀스**로 다시 보냅니다
          // (sendMessages의 재시도). 시퀀스가 다르니 브로커는 중복으로 알아볼 수 없고(Kafka도 같음), 로그에 두 번 남습니다.
          for (let partition = 0; partition < PARTITIONS; partition++) {
            await txn.send({
              topic: TOPIC,
              acks: -1,
              compression: CompressionTypes.None,
              messages: [{ partition, value: `t${n}-p${partition}` }],
            });
          }
          if (n === BEFORE_KILL) {
            // 트랜잭션이 열린 채 코디네이터가 죽습니다.
            await quorum.kill(victim);
            const survivor = others[0] as number;
            moved = await settle(
              '코디네이터가 옮겨 가지 않았습니다',
              async () => {
                const answer = await transactionCoordinatorVia(survivor, transactionalId);
                return answer !== null && answer !== victim.id ? answer : null;
              },
              SESSION_TIMEOUT_MS + 20_000,
            );
          }
          if (commit) await txn.commit();
          else await txn.abort();
          (commit ? committed : aborted).push(n);
        } catch (error) {
          failures.push(`트랜잭션 ${n}: ${error instanceof Error ? error.message : String(error)}`);
          uncertain.push(n);
          await producer?.disconnect().catch(() => {});
          producer = null;
          if (++recreated > MAX_RECREATES)
            throw new Error(`프로듀서를 ${MAX_RECREATES}번 다시 만들어도 이어 가지 못했습니다`);
          // 새 프로듀서가 새 코디네이터를 찾아 이어 갑니다 (InitProducerId가 열린 트랜잭션을 끝냅니다).
          producer = await settle('프로듀서를 다시 만들지 못했습니다', connect, 60_000);
        }
      }
    } finally {
      await producer?.disconnect().catch(() => {});
    }
    expect(moved, failures.join('\n')).not.toBeNull();
    expect(committed.length, failures.join('\n')).toBeGreaterThanOrEqual(BEFORE_KILL);

    // read_committed로 처음부터 읽습니다. 커밋된 것을 다 받은 뒤에도 Fetch를 몇 번 더 지켜봐 늦게 오는 중복을 잡습니다.
    // 값마다 그 값이 있는 자리(파티션-오프셋)를 모읍니다: 같은 값이 두 자리에 있으면 로그의 중복이고, 같은 자리를 두 번
    // 받은 것은 리밸런스 뒤 컨슈머가 커밋된 오프셋부터 다시 읽은 것입니다 (로그는 그대로).
    const received = new Map<string, Set<string>>();
    let redelivered = 0;
    let fetches = 0;
    const consumer = kafkaClient('markers-reader').consumer({
      groupId: `${transactionalId}-reader`,
      readUncommitted: false,
    });
    consumer.on(consumer.events.FETCH, () => fetches++);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = message.value?.toString() ?? '';
        if (received.get(value)?.has(`${partition}-${message.offset}`)) redelivered++;
        received.set(value, (received.get(value) ?? new Set()).add(`${partition}-${message.offset}`));
      },
    });
    try {
      const expected = committed.flatMap((n) => Array.from({ length: PARTITIONS }, (_, p) => `t${n}-p${p}`));
      await settle(
        '커밋된 트랜잭션을 다 읽지 못했습니다',
        async () => (expected.every((v) => received.has(v)) ? true : null),
        120_000,
      );
      const seen = fetches;
      await settle('Fetch가 이어지지 않습니다', async () => (fetches >= seen + 5 ? true : null), 30_000);

      const duplicates = [...received].filter(([, at]) => at.size > 1).map(([value, at]) => `${value} @ ${[...at]}`);
      expect(duplicates).toEqual([]);
      const abortedSeen = aborted.filter(
        (n) => received.has(`t${n}-p0`) || received.has(`t${n}-p1`) || received.has(`t${n}-p2`),
      );
      expect(abortedSeen).toEqual([]);
      const partial = uncertain.filter((n) => {
        const seenCount = Array.from({ length: PARTITIONS }, (_, p) => received.has(`t${n}-p${p}`)).filter(
          Boolean,
        ).length;
        return seenCount !== 0 && seenCount !== PARTITIONS;
      });
      expect(partial, '답을 받지 못한 트랜잭션도 전부 아니면 전무').toEqual([]);
      const known = new Set(
        [...committed, ...aborted, ...uncertain].flatMap((n) =>
          Array.from({ length: PARTITIONS }, (_, p) => `t${n}-p${p}`),
        ),
      );
      expect([...received.keys()].filter((v) => !known.has(v))).toEqual([]);
      console.log(
        `트랜잭션 ${transactionalId}: 코디네이터 ${victim.id}를 kill -9, 코디네이터 ${victim.id} → ${moved}, 커밋 ${committed.length}, 어보트 ${aborted.length}, 답 없음 ${uncertain.length}(보인 것 ${uncertain.filter((n) => received.has(`t${n}-p0`)).length}), 프로듀서 다시 만듦 ${recreated}, 읽은 레코드 ${received.size} (같은 자리를 다시 받음 ${redelivered})`,
      );
    } finally {
      await consumer.disconnect();
    }
  }, 400_000);
});
