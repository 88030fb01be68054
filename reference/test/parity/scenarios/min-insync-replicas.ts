/**
 * 흔한 실수 6: 복제 계수 1인 토픽에 `min.insync.replicas=2`를 주고 acks=all 쓰기가 두 복제본에 있다고 믿기.
 * Kafka(3.7.0부터, KAFKA-15583)의 최소 ISR은 min(min.insync.replicas, 복제본 수)라, 복제본이 하나면 하한도 1입니다.
 * 그래서 acks=all도 acks=1도 받고, 하이 워터마크도 리더 하나로 오릅니다. 설정은 아무것도 더 지켜 주지 않습니다.
 * 거절(NOT_ENOUGH_REPLICAS)은 복제 계수가 2 이상인데 ISR이 최소 ISR보다 작아졌을 때만 나옵니다. 팔로워를 멈춰야
 * 하므로 노드 하나의 시나리오로는 보일 수 없습니다 (참조 쪽 시험: replication/replica-manager.test.ts의
 * `testNotEnoughReplicasBeforeAppend`, 브로커 세 대로 보이는 것은 6장).
 */
import { outcome } from '../context.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const minInsyncReplicas: Scenario = {
  name: 'min-isr',
  title: '복제 계수 1에 min.insync.replicas=2일 때 acks=all과 acks=1',
  needs: ONE_NODE,
  kafka: {
    answer: { acksAll: 'NONE', acksOne: 'NONE', highWatermark: 2 },
    source:
      'Partition.effectiveMinIsr = min(minInSyncReplicas, remoteReplicasMap.size + 1); ' +
      'Partition.appendRecordsToLeader — requiredAcks == -1 && inSyncSize < effectiveMinIsr일 때만 ' +
      'NotEnoughReplicasException (쓰기 전에 검사), maybeIncrementLeaderHW도 같은 값 (KAFKA-15583, 3.7.0부터)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1, configs: { 'min.insync.replicas': '2' } });
    // 거절된다면 그 답(NOT_ENOUGH_REPLICAS)을 한 번에 보도록 kafkajs의 재시도를 끕니다.
    const producer = await ctx.producer({ retry: { retries: 0 } });
    const send = (acks: number, value: string) =>
      outcome(() => producer.send({ topic, acks, messages: [{ partition: 0, value }] }));
    const acksAll = await send(-1, 'all');
    const acksOne = await send(1, 'one');
    const admin = await ctx.admin();
    return { acksAll, acksOne, highWatermark: Number((await admin.fetchTopicOffsets(topic))[0]?.high) };
  },
};
