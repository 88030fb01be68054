/**
 * 복제 3: 복제 계수 3, `min.insync.replicas=2`인 토픽에 멱등 프로듀서가 acks=all로 10개를 쓴 뒤 리더를 죽이면,
 * 컨트롤러가 ISR에 있던 다른 복제본을 새 리더로 뽑습니다(언클린 선출은 꺼져 있음). 새 리더가 컨슈머에게 말하는
 * 하이 워터마크는 10입니다. 팔로워는 옛 리더의 하이 워터마크를 다음 Fetch 응답으로야 받으므로, 막 뽑힌 리더의 값은
 * 9일 수 있습니다. 그동안은 ListOffsets에 OFFSET_NOT_AVAILABLE로 답하고(이 시나리오는 "아직"으로 보고 다시 묻습니다),
 * ISR의 다른 복제본이 새 리더에게서 가져가 하이 워터마크가 이 에포크의 시작(10)에 닿은 뒤에야 10을 답합니다.
 * 새 리더에 10개를 더 쓰면 하이 워터마크는 20, 처음부터 읽으면 성공을 받은 20개가 보낸 순서대로 하나씩 있습니다.
 * 죽인 브로커를 다시 띄우면 팔로워로 ISR에 돌아오고, 하이 워터마크는 그대로 20입니다.
 */
import { type Scenario, THREE_NODES } from '../scenario.js';
import { leaderHighWatermark, waitForPartition } from './replication-helpers.js';

export const leaderFailover: Scenario = {
  name: 'leader-failover',
  title: '리더를 죽이면 ISR에서 새 리더, 성공을 받은 쓰기는 그대로',
  needs: { ...THREE_NODES, faults: true },
  kafka: {
    answer: {
      newLeaderWasInIsr: true,
      newLeaderIsAnotherBroker: true,
      offsets: Array.from({ length: 20 }, (_, i) => i),
      read: Array.from({ length: 20 }, (_, i) => `v${i}`),
      highWatermarkOnNewLeader: 10,
      highWatermarkAfterWrites: 20,
      isrAfterRestart: 3,
      highWatermarkAfterRestart: 20,
    },
    source:
      'ReplicationControlManager.handleBrokerFenced → PartitionChangeBuilder.electLeader (ISR의 살아 있는 다음 복제본, ' +
      'unclean.leader.election.enable=false), Partition.makeLeader (새 리더는 팔로워로서 받아 둔 하이 워터마크로 시작), ' +
      'Partition.fetchOffsetForTimestamp (LATEST → 리더의 하이 워터마크, 에포크 시작에 닿기 전에는 OFFSET_NOT_AVAILABLE), ' +
      'Partition.makeFollower (돌아온 옛 리더는 팔로워로 따라잡아 ISR에)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1, configs: { 'min.insync.replicas': '2' } });
    const offsets: number[] = [];
    const write = async (from: number, to: number) => {
      const producer = await ctx.producer({ idempotent: true, maxInFlightRequests: 1 });
      for (let i = from; i < to; i++) {
        const [meta] = await producer.send({ topic, acks: -1, messages: [{ partition: 0, value: `v${i}` }] });
        offsets.push(Number(meta?.baseOffset));
      }
    };
    await write(0, 10);
    const before = await waitForPartition(ctx, topic, 'ISR 셋', (p) => p.isr.length === 3);
    await ctx.killNode(before.leader);
    const after = await waitForPartition(
      ctx,
      topic,
      '새 리더가 섬',
      (p) => p.leader >= 0 && p.leader !== before.leader,
    );
    const highWatermarkOnNewLeader = await leaderHighWatermark(ctx, topic);
    await write(10, 20);
    const highWatermarkAfterWrites = await leaderHighWatermark(ctx, topic);
    const read: string[] = [];
    const consumer = ctx.consumer({ groupId: ctx.name('g') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        read.push(String(message.value));
      },
    });
    await ctx.waitFor('20개를 다 읽음', async () => (read.length >= 20 ? true : undefined));
    await consumer.stop();
    await ctx.startNode(before.leader);
    const back = await waitForPartition(ctx, topic, '옛 리더가 ISR에 돌아옴', (p) => p.isr.length === 3);
    return {
      newLeaderWasInIsr: before.isr.includes(after.leader),
      newLeaderIsAnotherBroker: after.leader !== before.leader,
      offsets,
      read,
      highWatermarkOnNewLeader,
      highWatermarkAfterWrites,
      isrAfterRestart: back.isr.length,
      highWatermarkAfterRestart: await leaderHighWatermark(ctx, topic),
    };
  },
};
