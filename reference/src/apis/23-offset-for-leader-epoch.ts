/**
 * OffsetForLeaderEpoch (API 키 23), 버전 2–4 (v0–1은 Kafka 4.0에서 빠졌습니다, KIP-896).
 *
 * 파티션마다 "요청한 에포크 이하의 가장 큰 에포크와 그 에포크의 끝 오프셋"을 리더의 리더 에포크 캐시에서 답합니다
 * (Kafka `KafkaApis.handleOffsetForLeaderEpochRequest` → `ReplicaManager.lastOffsetForLeaderEpoch` →
 * `Partition.lastOffsetForLeaderEpoch` → `LeaderEpochFileCache.endOffsetFor`). 컨슈머는 리더가 바뀐 뒤 이 답으로 자기
 * 위치가 새 리더의 로그에서 잘려 나가지 않았는지 확인하고(KIP-320), 옛 팔로워는 잘라 낼 자리를 찾습니다(KIP-101).
 *
 * 파티션마다의 검사 순서: 없는 토픽·파티션(UNKNOWN_TOPIC_OR_PARTITION) → 요청의 리더 에포크(FENCED_LEADER_EPOCH,
 * UNKNOWN_LEADER_EPOCH) → 이 브로커가 리더가 아님(NOT_LEADER_OR_FOLLOWER). 캐시가 모르는 에포크는 오류가 아니라
 * 에포크 -1, 끝 오프셋 -1입니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type OffsetForLeaderEpochRequest,
  type OffsetForLeaderEpochResponseInput,
  offsetForLeaderEpochRequest,
  offsetForLeaderEpochResponse,
} from '../protocol/messages/23-offset-for-leader-epoch.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';

export function handleOffsetForLeaderEpoch(
  request: OffsetForLeaderEpochRequest,
  ctx: RequestContext,
): OffsetForLeaderEpochResponseInput {
  // Kafka `KafkaApis.handleOffsetForLeaderEpochRequest`: 클러스터 CLUSTER_ACTION(팔로워)이면 모두, 아니면 토픽의 DESCRIBE
  const describable = authorize(ctx, AclOperation.CLUSTER_ACTION)
    ? null
    : filterByAuthorized(
        ctx,
        AclOperation.DESCRIBE,
        ResourceType.TOPIC,
        request.topics.map((t) => t.topic),
      );
  return {
    throttleTimeMs: 0,
    topics: request.topics.map(({ topic, partitions }) => ({
      topic,
      partitions: partitions.map((p) => {
        if (describable && !describable.has(topic)) {
          return {
            errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
            partition: p.partition,
            leaderEpoch: -1,
            endOffset: -1,
          };
        }
        const result = ctx.broker.replicaManager.lastOffsetForLeaderEpoch(
          topic,
          p.partition,
          p.currentLeaderEpoch,
          p.leaderEpoch,
        );
        const found = result.errorCode === ErrorCode.NONE && 'epoch' in result;
        return {
          errorCode: result.errorCode,
          partition: p.partition,
          leaderEpoch: found ? result.epoch : -1,
          endOffset: found ? result.offset : -1,
        };
      }),
    })),
  };
}

export const offsetForLeaderEpochApi = defineApi({
  key: ApiKey.OffsetForLeaderEpoch,
  name: 'OffsetForLeaderEpoch',
  minVersion: 2,
  maxVersion: 4,
  request: offsetForLeaderEpochRequest,
  response: offsetForLeaderEpochResponse,
  handle: handleOffsetForLeaderEpoch,
});
