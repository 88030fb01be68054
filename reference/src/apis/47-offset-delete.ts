/**
 * OffsetDelete (API 키 47), 버전 0.
 *
 * 그룹이 더는 읽지 않는 파티션의 커밋된 오프셋을 지웁니다 (`kafka-consumer-groups.sh --delete-offsets`). 예를 들어
 * 구독에서 뺀 토픽의 오프셋이 남아 있으면 랙(lag) 모니터링에 계속 나타나는데, 그룹을 통째로 지우지 않고 그것만 지울 때
 * 씁니다. 그룹이 아직 구독 중인 토픽은 지우지 않습니다(GROUP_SUBSCRIBED_TO_TOPIC): 지우면 컨슈머가 다시 시작할 때
 * auto.offset.reset을 따라 처음이나 끝에서 읽게 되니까요.
 *
 * 순서는 Kafka의 KafkaApis.handleOffsetDeleteRequest와 같습니다: 없는 토픽과 파티션은 UNKNOWN_TOPIC_OR_PARTITION으로
 * 미리 빼고, 나머지를 그룹 코디네이터에 넘긴 뒤(group/group-service.ts의 deleteOffsets) 두 결과를 합칩니다.
 * 코디네이터가 요청 전체의 오류(GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP…)로 답하면 그 오류만 보냅니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type OffsetDeleteRequest,
  type OffsetDeleteResponseInput,
  offsetDeleteRequest,
  offsetDeleteResponse,
} from '../protocol/messages/47-offset-delete.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { whenDurable } from './08-offset-commit.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';

type ResponseTopic = OffsetDeleteResponseInput['topics'][number];

export async function handleOffsetDelete(
  request: OffsetDeleteRequest,
  ctx: RequestContext,
): Promise<OffsetDeleteResponseInput> {
  const { metadata, groups } = ctx.broker;
  // Kafka `KafkaApis.handleOffsetDeleteRequest`: 그룹의 DELETE가 없으면 맨 위 GROUP_AUTHORIZATION_FAILED, 토픽의 READ가
  // 없으면 그 파티션이 TOPIC_AUTHORIZATION_FAILED입니다.
  if (!authorize(ctx, AclOperation.DELETE, ResourceType.GROUP, request.groupId)) {
    return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, throttleTimeMs: 0, topics: [] };
  }
  const readable = filterByAuthorized(
    ctx,
    AclOperation.READ,
    ResourceType.TOPIC,
    request.topics.map((t) => t.name),
  );
  const unknown: ResponseTopic[] = [];
  const valid: { name: string; partitions: number[] }[] = [];
  for (const topic of request.topics) {
    if (!readable.has(topic.name)) {
      unknown.push({
        name: topic.name,
        partitions: topic.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
        })),
      });
      continue;
    }
    const indexes = topic.partitions.map((p) => p.partitionIndex);
    const missing = metadata.topic(topic.name) ? indexes.filter((p) => !metadata.partition(topic.name, p)) : indexes;
    const present = indexes.filter((p) => !missing.includes(p));
    if (missing.length > 0) {
      unknown.push({
        name: topic.name,
        partitions: missing.map((partitionIndex) => ({
          partitionIndex,
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      });
    }
    if (present.length > 0) valid.push({ name: topic.name, partitions: present });
  }
  const result = groups.deleteOffsets(request.groupId, valid);
  // 툼스톤이 ISR 모두에게 복제된 뒤에 답합니다 (whenDurable).
  const [errorCode = result.errorCode] = await whenDurable(ctx, request.groupId, [result.errorCode]);
  if (errorCode !== ErrorCode.NONE) return { errorCode, throttleTimeMs: 0, topics: [] };
  // 같은 토픽의 결과는 한 항목에 모읍니다 (Kafka: OffsetDeleteResponse.Builder.merge).
  const topics = unknown.map((t) => ({ ...t, partitions: [...t.partitions] }));
  for (const topic of result.topics) {
    const existing = topics.find((t) => t.name === topic.name);
    if (existing) existing.partitions.push(...topic.partitions);
    else topics.push(topic);
  }
  return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics };
}

export const offsetDeleteApi = defineApi({
  key: ApiKey.OffsetDelete,
  name: 'OffsetDelete',
  minVersion: 0,
  maxVersion: 0,
  request: offsetDeleteRequest,
  response: offsetDeleteResponse,
  handle: handleOffsetDelete,
});
