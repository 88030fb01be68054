/**
 * ListOffsets (API 키 2), 버전 1–9.
 *
 * "이 파티션에서 이 시각의 오프셋은?"에 답합니다. 특별한 시각 값:
 *   -1 가장 최근 (다음에 쓰일 오프셋 = 하이 워터마크), -2 가장 처음 (로그 시작 오프셋),
 *   -3 타임스탬프가 가장 큰 레코드 (KIP-734, v7+), -4/-5 로컬·계층 저장소의 처음 (계층 저장소가 없으니 -2와 같음).
 * 그 밖의 값은 타임스탬프가 그 값 이상인 첫 레코드의 오프셋입니다 (.timeindex로 찾습니다).
 * 컨슈머는 `auto.offset.reset`(earliest/latest)을 이 요청으로 풉니다.
 *
 * isolationLevel(v2+)이 read_committed면 "최신"(-1)은 하이 워터마크가 아니라 LSO입니다 (10장).
 * replicaId가 0 이상이면 묻는 쪽은 컨슈머가 아니라 팔로워 복제본입니다 (OFFSET_OUT_OF_RANGE 뒤 리더의 로그 끝·시작을
 * 물음, 6장): 그때의 "최신"은 하이 워터마크가 아니라 로그 끝(LEO)이고 isolationLevel은 보지 않습니다 (Kafka
 * `KafkaApis.handleListOffsetRequest`의 `isFromConsumer`, `Partition.fetchOffsetForTimestamp`).
 *
 * 구현하지 않은 것: v0(maxNumOffsets로 여러 오프셋).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type ListOffsetsRequest,
  type ListOffsetsResponseInput,
  listOffsetsRequest,
  listOffsetsResponse,
} from '../protocol/messages/02-list-offsets.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { filterByAuthorized } from './auth-helper.js';

export function handleListOffsets(request: ListOffsetsRequest, ctx: RequestContext): ListOffsetsResponseInput {
  const { replicaManager } = ctx.broker;
  // Kafka `KafkaApis.handleListOffsetRequestV1AndAbove`: 토픽의 DESCRIBE가 없으면 TOPIC_AUTHORIZATION_FAILED
  const describable = filterByAuthorized(
    ctx,
    AclOperation.DESCRIBE,
    ResourceType.TOPIC,
    request.topics.map((t) => t.name),
  );
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => {
        if (!describable.has(topic.name)) {
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
            oldStyleOffsets: [],
            timestamp: -1,
            offset: -1,
            leaderEpoch: -1,
          };
        }
        // read_committed(v2+)에게 "최신"은 하이 워터마크가 아니라 LSO, 복제본에게는 로그 끝입니다.
        const result = replicaManager.listOffset(
          topic.name,
          p.partitionIndex,
          p.timestamp,
          p.currentLeaderEpoch,
          request.replicaId >= 0 ? null : (request.isolationLevel ?? 0),
        );
        const found = result.errorCode === ErrorCode.NONE && 'offset' in result ? result : null;
        return {
          partitionIndex: p.partitionIndex,
          errorCode: result.errorCode,
          oldStyleOffsets: [], // v0 전용 필드 (이 브로커는 v1부터 답합니다)
          timestamp: found?.timestamp ?? -1,
          offset: found?.offset ?? -1,
          // v4+에만 있는 필드: 낮은 버전에 값을 실으면 인코딩이 거부합니다.
          leaderEpoch: ctx.apiVersion >= 4 ? (found?.leaderEpoch ?? -1) : -1,
        };
      }),
    })),
  };
}

export const listOffsetsApi = defineApi({
  key: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 9,
  request: listOffsetsRequest,
  response: listOffsetsResponse,
  handle: handleListOffsets,
});
