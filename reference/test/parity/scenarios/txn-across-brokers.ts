/**
 * 복제 5: 브로커를 넘나드는 트랜잭션. 파티션 셋의 리더가 세 브로커에 하나씩 있는 토픽(복제 계수 3)에 트랜잭션마다 파티션
 * 셋에 한 건씩 씁니다. 마커는 코디네이터가 파티션마다 그 리더에게 WriteTxnMarkers로 보냅니다.
 *
 *   A: kafkajs 트랜잭션 프로듀서가 쓰고 커밋합니다.            → 두 격리 수준 모두에게 보입니다.
 *   B: 같은 프로듀서가 쓰고 어보트합니다.                        → read_uncommitted에게만 보입니다.
 *   C: 같은 트랜잭션 ID로 (날 프로토콜로) 쓴 뒤, EndTxn을 보내기 전에 트랜잭션 코디네이터의 브로커를 `kill -9`.
 *
 * C는 Kafka가 정해 둔 대로 끝납니다. 코디네이터는 AddPartitionsToTxn의 상태(Ongoing, 파티션 목록)를 `__transaction_state`에
 * ISR 모두가 받은 뒤에야 답했으므로, 그 파티션의 새 리더가 장부를 읽어 같은 트랜잭션을 Ongoing으로 되살립니다.
 * Ongoing은 저절로 끝나지 않습니다(Prepare 상태만 적재하자마자 마커를 다시 보냅니다, 시간 제한은 60초). 그래서
 * 프로듀서가 FindCoordinator로 새 코디네이터를 찾아 보낸 EndTxn(커밋)이 받아들여지고, 마커가 세 파티션 모두에 써집니다.
 * 죽은 코디네이터에는 연결이 되지 않습니다.
 *
 * 결과: 파티션마다 오프셋 0 a, 1 마커, 2 b, 3 마커, 4 c, 5 마커. read_committed는 a와 c, read_uncommitted는 a, b, c를 읽고
 * 마커(컨트롤 배치)는 어느 쪽에도 보이지 않습니다.
 */
import type { ScenarioContext } from '../context.js';
import { LATEST, listOffset, produce, READ_COMMITTED, READ_UNCOMMITTED } from '../requests.js';
import { type Scenario, THREE_NODES } from '../scenario.js';
import { connectionTo, currentCoordinator, movedCoordinator, survivors, TRANSACTION } from './coordinator-helpers.js';
import { partitionStates } from './replication-helpers.js';
import { addPartitionsToTxn, endTxn, initProducerId, transactionalBatch } from './transaction-helpers.js';

const PARTITIONS = [0, 1, 2];

export const txnAcrossBrokers: Scenario = {
  name: 'txn-across-brokers',
  title: '리더가 다른 세 파티션의 트랜잭션: 커밋, 어보트, 코디네이터를 죽인 뒤의 커밋',
  needs: { ...THREE_NODES, faults: true },
  kafka: {
    answer: {
      distinctLeaders: 3,
      openTransaction: { addPartitions: ['NONE', 'NONE', 'NONE'], produce: ['NONE', 'NONE', 'NONE'] },
      oldCoordinator: 'unreachable',
      newCoordinatorIsAnotherBroker: true,
      endTxnAtNewCoordinator: 'NONE',
      ends: PARTITIONS.map(() => ({ readCommitted: 6, readUncommitted: 6 })),
      readCommitted: PARTITIONS.map((p) => [`a${p}@0`, `c${p}@4`]),
      readUncommitted: PARTITIONS.map((p) => [`a${p}@0`, `b${p}@2`, `c${p}@4`]),
    },
    source:
      'TransactionCoordinator.handleAddPartitionsToTransaction (Ongoing을 장부에 acks=all로 적은 뒤 답함), ' +
      'TransactionStateManager.loadTransactionsForTxnTopicPartition (새 리더가 장부를 읽음: PrepareCommit/PrepareAbort만 ' +
      '마커를 다시 보내고 Ongoing은 그대로), TransactionCoordinator.handleEndTransaction (Ongoing → PrepareCommit), ' +
      'TransactionMarkerChannelManager (파티션마다 리더에게 WriteTxnMarkers), ' +
      'ReplicaManager.fetchOffsetForTimestamp (LATEST: read_committed → LSO)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const transactionalId = ctx.name('txn');
    await ctx.createTopics({ name: topic, partitions: PARTITIONS.length, configs: { 'min.insync.replicas': '2' } });
    const leaders = (await partitionStates(ctx, topic)).map((p) => p.leader);

    // A와 B: kafkajs 트랜잭션 프로듀서
    const producer = await ctx.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    for (const [prefix, end] of [
      ['a', 'commit'],
      ['b', 'abort'],
    ] as const) {
      const txn = await producer.transaction();
      await txn.send({
        topic,
        acks: -1,
        messages: PARTITIONS.map((partition) => ({ partition, value: `${prefix}${partition}` })),
      });
      await (end === 'commit' ? txn.commit() : txn.abort());
    }
    await producer.disconnect();

    // C: 같은 트랜잭션 ID로 한 단계씩. InitProducerId는 B의 마커를 다 쓸 때까지 CONCURRENT_TRANSACTIONS입니다.
    const old = await currentCoordinator(ctx, transactionalId, TRANSACTION);
    const coordinator = await ctx.rawAt(old.address);
    const pid = await initProducerId(ctx, coordinator, transactionalId);
    const addPartitions = await addPartitionsToTxn(coordinator, transactionalId, pid, topic, PARTITIONS);
    const produced: string[] = [];
    for (const p of PARTITIONS) {
      const leader = await ctx.rawToLeader(topic, p);
      produced.push((await produce(leader, topic, p, transactionalBatch(pid, 0, `c${p}`), { transactionalId })).error);
    }

    await ctx.killNode(old.nodeId);
    const oldCoordinator = await connectionTo(old.address);
    const moved = await movedCoordinator(ctx, old, transactionalId, TRANSACTION);
    // 새 코디네이터가 장부를 읽는 동안은 COORDINATOR_LOAD_IN_PROGRESS, 리더가 된 것을 아직 적용하지 않았으면
    // NOT_COORDINATOR입니다: 클라이언트처럼 다시 보냅니다.
    const newCoordinator = await ctx.rawAt(moved.address);
    const endTxnAtNewCoordinator = await ctx.waitFor('새 코디네이터의 EndTxn', async () => {
      const answer = await endTxn(newCoordinator, transactionalId, pid, true);
      return answer === 'COORDINATOR_LOAD_IN_PROGRESS' || answer === 'NOT_COORDINATOR' ? undefined : answer;
    });

    const ends = await markersWritten(ctx, topic);
    return {
      distinctLeaders: new Set(leaders).size,
      openTransaction: { addPartitions, produce: produced },
      oldCoordinator,
      newCoordinatorIsAnotherBroker: moved.nodeId !== old.nodeId && survivors(ctx, old.address).includes(moved.address),
      endTxnAtNewCoordinator,
      ends,
      readCommitted: await readAll(ctx, topic, false),
      readUncommitted: await readAll(ctx, topic, true),
    };
  },
};

/**
 * EndTxn의 답은 마커보다 먼저 옵니다 (코디네이터는 PrepareCommit을 적고 답한 뒤 마커를 보냅니다). 파티션마다 리더에게
 * 두 격리 수준의 끝(ListOffsets LATEST)을 묻고, LSO가 하이 워터마크를 따라잡을 때까지 기다립니다. 리더가 바뀌는
 * 동안의 오류(NOT_LEADER_OR_FOLLOWER, 닿지 않는 브로커)는 "아직"입니다.
 */
async function markersWritten(ctx: ScenarioContext, topic: string) {
  const ends = [];
  for (const p of PARTITIONS) {
    ends.push(
      await ctx.waitFor(`파티션 ${p}에 C의 커밋 마커`, async () => {
        const leader = await ctx.rawToLeader(topic, p).catch(() => undefined);
        if (!leader) return undefined;
        const committed = await listOffset(leader, topic, p, LATEST, READ_COMMITTED);
        const uncommitted = await listOffset(leader, topic, p, LATEST, READ_UNCOMMITTED);
        if (committed.error !== 'NONE' || uncommitted.error !== 'NONE') return undefined;
        if (committed.offset !== uncommitted.offset) return undefined;
        return { readCommitted: committed.offset, readUncommitted: uncommitted.offset };
      }),
    );
  }
  return ends;
}

/** kafkajs 컨슈머로 처음부터, 모든 파티션에서 `c`가 보일 때까지 읽은 `값@오프셋`들 (파티션 번호 순) */
async function readAll(ctx: ScenarioContext, topic: string, readUncommitted: boolean): Promise<string[][]> {
  const consumer = ctx.consumer({
    groupId: ctx.name(`reader-${readUncommitted ? 'ru' : 'rc'}`),
    readUncommitted,
    maxWaitTimeInMs: 100,
  });
  const seen: string[][] = PARTITIONS.map(() => []);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen[partition]?.push(`${String(message.value)}@${message.offset}`);
    },
  });
  // 파티션 p의 마지막 레코드는 `c${p}`입니다.
  await ctx.waitFor(
    `${readUncommitted ? 'read_uncommitted' : 'read_committed'}로 모든 파티션의 c까지 읽기`,
    async () => (seen.every((values, p) => values.some((v) => v.startsWith(`c${p}@`))) ? true : undefined),
  );
  await consumer.disconnect();
  return seen;
}
