/**
 * 흔한 실수 6: `min.insync.replicas`가 ISR보다 큰 토픽에 acks=all로 쓰기. acks=all은 "ISR의 복제본이 최소
 * min.insync.replicas개 이상일 때, 그 모두가 가진 뒤" 응답한다는 약속이라, ISR이 모자라면 쓰기 전에
 * NOT_ENOUGH_REPLICAS로 거절합니다. acks=1은 리더만 쓰면 되므로 받습니다. 복제 계수 1로 ISR을 하나로 만들고
 * min.insync.replicas=2를 줍니다 (노드가 여럿인 클러스터에서도 같은 답).
 */
import { outcome } from '../context.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const minInsyncReplicas: Scenario = {
  name: 'min-isr',
  title: 'min.insync.replicas가 ISR보다 클 때 acks=all과 acks=1',
  needs: ONE_NODE,
  kafka: {
    answer: { acksAll: 'NOT_ENOUGH_REPLICAS', acksOne: 'NONE', highWatermark: 1 },
    source:
      'Partition.appendRecordsToLeader — requiredAcks == -1 && inSyncSize < minIsr이면 NotEnoughReplicasException ' +
      '(쓰기 전에 검사)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1, configs: { 'min.insync.replicas': '2' } });
    // NOT_ENOUGH_REPLICAS는 재시도할 수 있는 오류라 kafkajs가 다시 보냅니다. 한 번만 보게 재시도를 끕니다.
    const producer = await ctx.producer({ retry: { retries: 0 } });
    const send = (acks: number, value: string) =>
      outcome(() => producer.send({ topic, acks, messages: [{ partition: 0, value }] }));
    const acksAll = await send(-1, 'all');
    const acksOne = await send(1, 'one');
    const admin = await ctx.admin();
    return { acksAll, acksOne, highWatermark: Number((await admin.fetchTopicOffsets(topic))[0]?.high) };
  },
};
