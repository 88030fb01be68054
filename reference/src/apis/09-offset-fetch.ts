/**
 * OffsetFetch (API 키 9), 버전 1–9.
 *
 * 컨슈머가 할당받은 파티션을 어디서부터 읽을지 묻습니다. 커밋이 없으면 오프셋 -1로 답하고, 컨슈머는
 * `auto.offset.reset`(earliest/latest)에 따라 ListOffsets로 시작 위치를 정합니다. 토픽 목록이 null이면
 * 그룹이 커밋한 모든 파티션입니다 (관리 도구가 씁니다). v8+는 여러 그룹을 한 번에 묻습니다.
 *
 * requireStable(v7+, KIP-447): 트랜잭션 안에서 커밋했지만 아직 마커가 오지 않은 오프셋이 있는 파티션은
 * UNSTABLE_OFFSET_COMMIT으로 답합니다. 컨슈머는 잠시 뒤 다시 물어, 트랜잭션이 끝난 뒤의 오프셋에서 시작합니다
 * (그러지 않으면 곧 커밋될 오프셋보다 앞에서 다시 읽어 같은 입력을 두 번 처리할 수 있습니다).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type OffsetFetchRequest,
  type OffsetFetchResponseInput,
  offsetFetchRequest,
  offsetFetchResponse,
} from '../protocol/messages/09-offset-fetch.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

type Topics = readonly { name: string; partitionIndexes: readonly number[] }[] | null;

export function handleOffsetFetch(request: OffsetFetchRequest, ctx: RequestContext): OffsetFetchResponseInput {
  if (ctx.apiVersion >= 8) {
    return {
      throttleTimeMs: 0,
      topics: [],
      groups: request.groups.map((g) => {
        const { errorCode, topics } = fetchGroup(g.groupId, g.topics, request.requireStable, ctx);
        return { groupId: g.groupId, errorCode, topics };
      }),
    };
  }
  const { errorCode, topics } = fetchGroup(request.groupId, request.topics, request.requireStable, ctx);
  return { throttleTimeMs: 0, errorCode, topics, groups: [] };
}

function fetchGroup(groupId: string, requested: Topics, requireStable: boolean, ctx: RequestContext) {
  const { groups } = ctx.broker;
  // Kafka `KafkaApis.handleOffsetFetchRequestFromCoordinator`: 그룹에 DESCRIBE가 없으면 GROUP_AUTHORIZATION_FAILED.
  if (!authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
    return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, topics: [] };
  }
  const errorCode = groups.coordinatorError(groupId);
  if (errorCode !== ErrorCode.NONE) return { errorCode, topics: [] };
  // 모든 토픽을 물으면 DESCRIBE가 허락된 토픽만 보이고, 이름으로 물은 토픽이 허락되지 않았으면 TOPIC_AUTHORIZATION_FAILED.
  const describable = (topic: string) => authorize(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, topic);
  const wanted = requested ?? committedTopics(groupId, ctx).filter((t) => describable(t.name));
  return {
    errorCode: ErrorCode.NONE,
    topics: wanted.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        if (!describable(t.name)) {
          return {
            partitionIndex,
            committedOffset: -1,
            committedLeaderEpoch: -1,
            metadata: '',
            errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
          };
        }
        const committed = groups.committed(groupId, t.name, partitionIndex);
        if (requireStable && groups.hasPendingOffset(groupId, t.name, partitionIndex)) {
          return {
            partitionIndex,
            committedOffset: -1,
            committedLeaderEpoch: -1,
            metadata: '',
            errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT,
          };
        }
        return {
          partitionIndex,
          committedOffset: committed?.offset ?? -1,
          committedLeaderEpoch: committed?.leaderEpoch ?? -1,
          metadata: committed?.metadata ?? '',
          errorCode: ErrorCode.NONE,
        };
      }),
    })),
  };
}

/** 토픽 목록이 null일 때: 그룹이 커밋한 모든 토픽과 파티션 */
function committedTopics(groupId: string, ctx: RequestContext): { name: string; partitionIndexes: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of ctx.broker.groups.offsets.all(groupId)) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  }
  return [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
}

export const offsetFetchApi = defineApi({
  key: ApiKey.OffsetFetch,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 9,
  request: offsetFetchRequest,
  response: offsetFetchResponse,
  handle: handleOffsetFetch,
});
