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
 * 구현하지 않은 것: 권한 검사. timeoutMs는 쓰지 않습니다: Kafka는 모든 복제본의 로그 시작이 따라올 때까지
 * 기다리지만(DelayedDeleteRecords), 복제본이 리더 하나뿐이라 옮기는 즉시 끝납니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type DeleteRecordsRequest,
  type DeleteRecordsResponseInput,
  deleteRecordsRequest,
  deleteRecordsResponse,
} from '../protocol/messages/21-delete-records.js';
import { defineApi, type RequestContext } from './api.js';

/** 오류일 때의 low watermark (Kafka: `DeleteRecordsResponse.INVALID_LOW_WATERMARK`) */
const INVALID_LOW_WATERMARK = -1;

export function handleDeleteRecords(request: DeleteRecordsRequest, ctx: RequestContext): DeleteRecordsResponseInput {
  // 토픽 → 파티션 → 오프셋. Map은 처음 나온 순서를 지키고, 같은 파티션은 마지막 오프셋이 남습니다.
  const requested = new Map<string, Map<number, number>>();
  for (const topic of request.topics) {
    const partitions = requested.get(topic.name) ?? new Map<number, number>();
    for (const p of topic.partitions) partitions.set(p.partitionIndex, p.offset);
    requested.set(topic.name, partitions);
  }
  return {
    throttleTimeMs: 0,
    topics: [...requested].map(([name, partitions]) => ({
      name,
      partitions: [...partitions].map(([partitionIndex, offset]) => {
        const result = ctx.broker.replicaManager.deleteRecords(name, partitionIndex, offset);
        return {
          partitionIndex,
          errorCode: result.errorCode,
          lowWatermark: 'lowWatermark' in result ? result.lowWatermark : INVALID_LOW_WATERMARK,
        };
      }),
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
