/**
 * OffsetFetch (API 키 9), 버전 1–9.
 *
 * 컨슈머가 할당받은 파티션을 어디서부터 읽을지 묻습니다. 커밋이 없으면 오프셋 -1로 답하고, 컨슈머는
 * `auto.offset.reset`(earliest/latest)에 따라 ListOffsets로 시작 위치를 정합니다. 토픽 목록이 null이면
 * 그룹이 커밋한 모든 파티션입니다 (관리 도구가 씁니다). v8+는 여러 그룹을 한 번에 묻습니다.
 *
 * 구현하지 않은 것: requireStable(v7+)은 트랜잭션 커밋이 없으니 늘 안정적입니다 (10장).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type OffsetFetchRequest,
  type OffsetFetchResponseInput,
  offsetFetchRequest,
  offsetFetchResponse,
} from '../protocol/messages/09-offset-fetch.js';
import { defineApi, type RequestContext } from './api.js';

type Topics = readonly { name: string; partitionIndexes: readonly number[] }[] | null;

export function handleOffsetFetch(request: OffsetFetchRequest, ctx: RequestContext): OffsetFetchResponseInput {
  if (ctx.apiVersion >= 8) {
    return {
      throttleTimeMs: 0,
      topics: [],
      groups: request.groups.map((g) => {
        const { errorCode, topics } = fetchGroup(g.groupId, g.topics, ctx);
        return { groupId: g.groupId, errorCode, topics };
      }),
    };
  }
  const { errorCode, topics } = fetchGroup(request.groupId, request.topics, ctx);
  return { throttleTimeMs: 0, errorCode, topics, groups: [] };
}

function fetchGroup(groupId: string, requested: Topics, ctx: RequestContext) {
  const { groups } = ctx.broker;
  const errorCode = groups.coordinatorError(groupId);
  if (errorCode !== ErrorCode.NONE) return { errorCode, topics: [] };
  const wanted = requested ?? committedTopics(groupId, ctx);
  return {
    errorCode: ErrorCode.NONE,
    topics: wanted.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const committed = groups.committed(groupId, t.name, partitionIndex);
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
