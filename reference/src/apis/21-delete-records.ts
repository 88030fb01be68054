/**
 * DeleteRecords (API 키 21), 버전 0–2.
 *
 * 파티션마다 로그 시작 오프셋을 요청한 오프셋으로 옮깁니다 (1장의 `advanceLogStartOffset`과 같은 일을 디스크 로그에).
 * 그 앞의 레코드는 더는 읽을 수 없고(Fetch → OFFSET_OUT_OF_RANGE, ListOffsets의 earliest = 새 로그 시작), 통째로 그
 * 앞에 놓인 세그먼트는 다음 보존 검사가 지웁니다. 파티션마다의 검사 순서와 오류는 `ReplicaManager.deleteRecords`에
 * 있습니다 (Kafka: `KafkaApis.handleDeleteRecordsRequest` → `ReplicaManager.deleteRecords`).
 *
 * 같은 파티션이 요청에 두 번 있으면 Kafka처럼 마지막 오프셋 하나로 처리하고 답도 하나만 합니다.
 *
 * 리더가 로그 시작을 옮긴 뒤, 살아 있는 팔로워들도 그 앞을 지울 때까지(low watermark가 닿을 때까지) 답을 미룹니다.
 * 팔로워는 Fetch 응답의 logStartOffset을 보고 따라 지우고, 다음 Fetch에 자기 로그 시작을 실어 알립니다.
 * `timeoutMs` 안에 닿지 못한 파티션은 REQUEST_TIMED_OUT입니다 (Kafka `DelayedDeleteRecords`,
 * `ReplicaManager.awaitLowWatermarks`). 복제본이 리더 하나뿐이면 옮기는 즉시 끝납니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DeleteRecordsRequest,
  type DeleteRecordsResponseInput,
  deleteRecordsRequest,
  deleteRecordsResponse,
} from '../protocol/messages/21-delete-records.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { filterByAuthorized } from './auth-helper.js';

export async function handleDeleteRecords(
  request: DeleteRecordsRequest,
  ctx: RequestContext,
): Promise<DeleteRecordsResponseInput> {
  const { replicaManager } = ctx.broker;
  // Kafka `KafkaApis.handleDeleteRecordsRequest`: 토픽의 DELETE. 거절된 파티션은 지우지 않고 TOPIC_AUTHORIZATION_FAILED.
  const deletable = filterByAuthorized(
    ctx,
    AclOperation.DELETE,
    ResourceType.TOPIC,
    request.topics.map((t) => t.name),
  );
  // 토픽 → 파티션 → 오프셋. Map은 처음 나온 순서를 지키고, 같은 파티션은 마지막 오프셋이 남습니다.
  const requested = new Map<string, Map<number, number>>();
  for (const topic of request.topics) {
    const partitions = requested.get(topic.name) ?? new Map<number, number>();
    for (const p of topic.partitions) partitions.set(p.partitionIndex, p.offset);
    requested.set(topic.name, partitions);
  }
  // 1. 파티션마다 리더의 로그 시작을 옮깁니다 (바로 정해지는 오류도 여기서). 2. 팔로워들이 따라 지우기를 기다립니다.
  const deleted = [...requested].flatMap(([topic, partitions]) =>
    [...partitions].map(([partition, offset]) => ({
      topic,
      partition,
      result: deletable.has(topic)
        ? replicaManager.deleteRecords(topic, partition, offset)
        : { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: null },
    })),
  );
  const answers = await replicaManager.awaitLowWatermarks(deleted, request.timeoutMs);
  return {
    throttleTimeMs: 0,
    topics: [...requested.keys()].map((name) => ({
      name,
      partitions: deleted.flatMap((d, i) =>
        d.topic === name ? [{ partitionIndex: d.partition, ...(answers[i] as (typeof answers)[number]) }] : [],
      ),
    })),
  };
}

export const deleteRecordsApi = defineApi({
  key: ApiKey.DeleteRecords,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 2,
  request: deleteRecordsRequest,
  response: deleteRecordsResponse,
  handle: handleDeleteRecords,
});
