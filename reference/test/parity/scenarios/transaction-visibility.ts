/**
 * 트랜잭션이 보이는 방식과 두 격리 수준(Isolation Level):
 *   - 커밋한 트랜잭션 A는 둘 다에게 보이고, 어보트한 B는 read_uncommitted에게만 보입니다.
 *   - 열린 트랜잭션 C는 마지막 안정 오프셋(LSO)을 자기 첫 오프셋에 붙잡습니다: read_committed의 끝(ListOffsets
 *     LATEST)은 LSO, read_uncommitted의 끝은 하이 워터마크입니다.
 *   - 트랜잭션마다 끝에 컨트롤 레코드(커밋/어보트 마커) 하나가 오프셋 하나를 차지하고, 컨슈머에게는 보이지 않습니다.
 *
 * 오프셋: 0 a1, 1 a2, 2 A의 커밋 마커, 3 b1, 4 b2, 5 B의 어보트 마커, 6 c1, (C를 커밋하면) 7 마커, 8 end.
 */
import type { ScenarioContext } from '../context.js';
import { LATEST, listOffset, READ_COMMITTED, READ_UNCOMMITTED } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const transactionVisibility: Scenario = {
  name: 'txn-visibility',
  title: '트랜잭션: 두 격리 수준에서 보이는 것과 LSO',
  needs: ONE_NODE,
  kafka: {
    answer: {
      whileOpen: { readCommittedEnd: 6, readUncommittedEnd: 7, readUncommitted: ['a1', 'a2', 'b1', 'b2', 'c1'] },
      afterCommit: { readCommittedEnd: 9, readUncommittedEnd: 9 },
      readCommitted: ['a1', 'a2', 'c1', 'end'],
      readUncommitted: ['a1', 'a2', 'b1', 'b2', 'c1', 'end'],
    },
    source:
      'ProducerStateManager.firstUnstableOffset → UnifiedLog.lastStableOffset; ' +
      'ReplicaManager.fetchOffsetForTimestamp(LATEST: READ_COMMITTED → LSO, READ_UNCOMMITTED → 하이 워터마크); ' +
      'TransactionMarkerChannelManager가 쓰는 컨트롤 배치',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const producer = await ctx.producer({
      transactionalId: ctx.name('txn'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const transaction = async (values: string[], end: 'commit' | 'abort' | 'open') => {
      const txn = await producer.transaction();
      await txn.send({ topic, acks: -1, messages: values.map((value) => ({ partition: 0, value })) });
      if (end === 'commit') await txn.commit();
      if (end === 'abort') await txn.abort();
      return txn;
    };
    await transaction(['a1', 'a2'], 'commit');
    await transaction(['b1', 'b2'], 'abort');
    const open = await transaction(['c1'], 'open');

    const leader = await ctx.rawToLeader(topic, 0);
    const ends = async () => ({
      readCommittedEnd: (await listOffset(leader, topic, 0, LATEST, READ_COMMITTED)).offset,
      readUncommittedEnd: (await listOffset(leader, topic, 0, LATEST, READ_UNCOMMITTED)).offset,
    });
    const whileOpen = { ...(await ends()), readUncommitted: await readUntil(ctx, topic, true, 'c1') };

    await open.commit();
    // EndTxn의 응답은 마커를 쓰기 전에 올 수 있습니다 (코디네이터가 PrepareCommit을 기록한 뒤 마커는 따로 씁니다).
    // 마커가 써져 LSO가 하이 워터마크를 따라잡을 때까지 기다린 뒤 다음 레코드를 씁니다.
    await ctx.waitFor('C의 커밋 마커', async () => {
      const e = await ends();
      return e.readCommittedEnd === e.readUncommittedEnd ? e : undefined;
    });
    const plain = await ctx.producer();
    await plain.send({ topic, acks: -1, messages: [{ partition: 0, value: 'end' }] });

    return {
      whileOpen,
      afterCommit: await ends(),
      readCommitted: await readUntil(ctx, topic, false, 'end'),
      readUncommitted: await readUntil(ctx, topic, true, 'end'),
    };
  },
};

/** kafkajs 컨슈머로 처음부터 `last`가 보일 때까지 읽은 값들 */
async function readUntil(ctx: ScenarioContext, topic: string, readUncommitted: boolean, last: string) {
  const consumer = ctx.consumer({
    groupId: ctx.name(`reader-${readUncommitted ? 'ru' : 'rc'}-${last}`),
    readUncommitted,
    maxWaitTimeInMs: 100,
  });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(String(message.value));
    },
  });
  await ctx.waitFor(`${readUncommitted ? 'read_uncommitted' : 'read_committed'}로 ${last}까지 읽기`, async () =>
    seen.includes(last) ? true : undefined,
  );
  await consumer.disconnect();
  return seen;
}
