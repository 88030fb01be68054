/**
 * 복제 1: 복제 계수 3인 토픽을 세 브로커에 만들면 파티션마다 복제본이 서로 다른 세 브로커에 놓이고, 처음에는 모두
 * ISR에 있으며, 리더는 첫 복제본(선호 리더)입니다. 랙이 없으면 브로커를 돌아가며 놓되 파티션마다 시작을 한 칸씩
 * 옮기므로 파티션 셋의 리더가 세 브로커에 하나씩 갑니다. 결과에는 브로커 번호를 넣지 않고 그 모양만 적습니다.
 */
import { type Scenario, THREE_NODES } from '../scenario.js';
import { partitionStates } from './replication-helpers.js';

export const replicaPlacement: Scenario = {
  name: 'replica-placement',
  title: '복제 계수 3인 토픽의 복제본 배치와 ISR (Metadata)',
  needs: THREE_NODES,
  kafka: {
    answer: {
      partitions: [
        { replicas: 3, distinctBrokers: 3, isr: 3, leaderIsFirstReplica: true, offline: 0 },
        { replicas: 3, distinctBrokers: 3, isr: 3, leaderIsFirstReplica: true, offline: 0 },
        { replicas: 3, distinctBrokers: 3, isr: 3, leaderIsFirstReplica: true, offline: 0 },
      ],
      distinctLeaders: 3,
    },
    source:
      'StripedReplicaPlacer.place (랙이 없으면 브로커를 돌아가며, 파티션마다 시작을 옮겨 리더를 고르게), ' +
      'ReplicationControlManager.createTopic (ISR = 살아 있는 복제본 전부, 리더 = 그 첫째)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 3 });
    const partitions = await partitionStates(ctx, topic);
    return {
      partitions: partitions.map((p) => ({
        replicas: p.replicas.length,
        distinctBrokers: new Set(p.replicas).size,
        isr: p.isr.length,
        leaderIsFirstReplica: p.leader === p.replicas[0],
        offline: p.offlineReplicas.length,
      })),
      distinctLeaders: new Set(partitions.map((p) => p.leader)).size,
    };
  },
};
