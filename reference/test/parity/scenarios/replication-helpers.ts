/**
 * 복제 시나리오(6장)가 함께 쓰는 것: 파티션의 리더·복제본·ISR을 Metadata로 묻고, 조건이 될 때까지 기다리기.
 * 노드를 죽인 뒤에는 묻기마다 새 클라이언트로 묻습니다: kafkajs는 처음 붙은 브로커(죽었을 수 있음)에 메타데이터를
 * 묻기 때문입니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import type { ScenarioContext } from '../context.js';
import { LATEST, listOffset } from '../requests.js';

export interface PartitionState {
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
}

/** 토픽의 파티션들 (파티션 번호 순서) */
export async function partitionStates(ctx: ScenarioContext, topic: string): Promise<PartitionState[]> {
  const admin = await ctx.admin();
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  return [...(metadata?.partitions ?? [])]
    .sort((a, b) => a.partitionId - b.partitionId)
    .map((p) => ({ leader: p.leader, replicas: p.replicas, isr: p.isr, offlineReplicas: p.offlineReplicas ?? [] }));
}

/**
 * 파티션 0이 `accept`를 채울 때까지 기다립니다. 그 파티션의 리더에게 직접 묻습니다: 다른 브로커의 메타데이터가 먼저
 * ISR 변경을 받았어도 리더가 아직 옛 ISR로 쓰기를 받을 수 있기 때문입니다. 닿지 않는 브로커에 묻다 난 오류는
 * "아직"입니다.
 */
export function waitForPartition(
  ctx: ScenarioContext,
  topic: string,
  what: string,
  accept: (p: PartitionState) => boolean,
): Promise<PartitionState> {
  return ctx.waitFor(what, async () => {
    const p0 = await leaderView(ctx, topic).catch(() => undefined);
    return p0 && accept(p0) ? p0 : undefined;
  });
}

/** 파티션 0의 리더가 답하는 그 파티션 (Metadata v9). 리더가 없으면 undefined */
async function leaderView(ctx: ScenarioContext, topic: string): Promise<PartitionState | undefined> {
  const leader = await ctx.rawToLeader(topic, 0);
  const response = await leader.send<{
    topics: {
      partitions: {
        partitionIndex: number;
        leaderId: number;
        replicaNodes: number[];
        isrNodes: number[];
        offlineReplicas: number[];
      }[];
    }[];
  }>(ApiKey.Metadata, 9, {
    topics: [{ name: topic }],
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });
  const p0 = response.topics[0]?.partitions.find((p) => p.partitionIndex === 0);
  if (!p0 || p0.leaderId < 0) return undefined;
  return { leader: p0.leaderId, replicas: p0.replicaNodes, isr: p0.isrNodes, offlineReplicas: p0.offlineReplicas };
}

/**
 * 파티션 0의 하이 워터마크: 그 리더에게 묻는 ListOffsets LATEST (read_uncommitted). 리더가 바뀌는 동안의 답
 * (NOT_LEADER_OR_FOLLOWER, 새 리더가 아직 자기 에포크의 시작까지 하이 워터마크를 올리지 못한 OFFSET_NOT_AVAILABLE,
 * 닿지 않는 브로커)은 "아직"입니다.
 */
export function leaderHighWatermark(ctx: ScenarioContext, topic: string): Promise<number> {
  return ctx.waitFor(`${topic}-0 리더의 하이 워터마크`, async () => {
    const leader = await ctx.rawToLeader(topic, 0).catch(() => undefined);
    const answer = leader && (await listOffset(leader, topic, 0, LATEST));
    return answer?.error === 'NONE' ? answer.offset : undefined;
  });
}
