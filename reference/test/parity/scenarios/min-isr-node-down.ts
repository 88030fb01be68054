/**
 * 복제 2: 복제 계수 3, `min.insync.replicas=3`인 토픽에서 팔로워 하나를 죽이면, 컨트롤러가 그 브로커를 펜싱하고(세션
 * 시간 제한) ISR에서 빼 ISR이 둘이 됩니다. 그때 acks=all은 쓰기 전에 NOT_ENOUGH_REPLICAS로 거절되고, acks=1은 리더에
 * 쓰이지만 ISR이 최소 ISR 아래인 동안은 하이 워터마크가 오르지 않아 컨슈머에게 보이지 않습니다. 죽인 브로커를 다시
 * 띄우면 따라잡아 ISR에 돌아오고, 하이 워터마크가 오르며 acks=all이 다시 됩니다.
 */
import { outcome } from '../context.js';
import { type Scenario, THREE_NODES } from '../scenario.js';
import { waitForPartition } from './replication-helpers.js';

export const minIsrNodeDown: Scenario = {
  name: 'min-isr-node-down',
  title: '팔로워 하나가 죽어 ISR이 min.insync.replicas보다 작을 때 acks=all과 acks=1',
  needs: { ...THREE_NODES, faults: true },
  kafka: {
    answer: {
      acksAllBefore: 'NONE',
      isrWithNodeDown: 2,
      acksAllWithNodeDown: 'NOT_ENOUGH_REPLICAS',
      acksOneWithNodeDown: 'NONE',
      highWatermarkWithNodeDown: 1,
      isrAfterRestart: 3,
      acksAllAfterRestart: 'NONE',
      highWatermarkAfterRestart: 3,
    },
    source:
      'Partition.appendRecordsToLeader (acks=-1이고 ISR < effectiveMinIsr면 쓰기 전에 NotEnoughReplicasException), ' +
      'Partition.maybeIncrementLeaderHW (isUnderMinIsr면 하이 워터마크를 올리지 않음), ' +
      'ReplicationControlManager.handleBrokerFenced (펜싱된 브로커를 ISR에서 뺌)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1, configs: { 'min.insync.replicas': '3' } });
    // NOT_ENOUGH_REPLICAS는 재시도할 수 있는 오류라 kafkajs가 다시 보냅니다. 한 번만 보게 재시도를 끕니다. 프로듀서는
    // 노드를 죽인 뒤에 새로 만듭니다: 죽은 브로커에 메타데이터를 묻지 않게요.
    const send = async (acks: number, value: string) => {
      const producer = await ctx.producer({ retry: { retries: 0 } });
      return outcome(() => producer.send({ topic, acks, messages: [{ partition: 0, value }] }));
    };
    const highWatermark = async () => Number((await (await ctx.admin()).fetchTopicOffsets(topic))[0]?.high);
    const acksAllBefore = await send(-1, 'before');
    const start = await waitForPartition(ctx, topic, 'ISR 셋', (p) => p.isr.length === 3);
    const follower = start.replicas.find((id) => id !== start.leader) as number;
    await ctx.killNode(follower);
    const down = await waitForPartition(ctx, topic, '죽인 팔로워가 ISR에서 빠짐', (p) => !p.isr.includes(follower));
    const acksAllWithNodeDown = await send(-1, 'refused');
    const acksOneWithNodeDown = await send(1, 'leader-only');
    const highWatermarkWithNodeDown = await highWatermark();
    await ctx.startNode(follower);
    const back = await waitForPartition(ctx, topic, '다시 띄운 팔로워가 ISR에 돌아옴', (p) => p.isr.length === 3);
    const acksAllAfterRestart = await send(-1, 'after');
    return {
      acksAllBefore,
      isrWithNodeDown: down.isr.length,
      acksAllWithNodeDown,
      acksOneWithNodeDown,
      highWatermarkWithNodeDown,
      isrAfterRestart: back.isr.length,
      acksAllAfterRestart,
      highWatermarkAfterRestart: await highWatermark(),
    };
  },
};
