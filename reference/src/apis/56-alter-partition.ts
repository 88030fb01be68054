/**
 * AlterPartition (API 키 56), 버전 2–3. 컨트롤러 리스너에서만 받습니다 (브로커끼리만 쓰는 요청).
 *
 * 파티션 리더가 ISR을 바꾸자고 제안합니다: 팔로워가 `replica.lag.time.max.ms` 넘게 뒤처지면 빼고, 하이 워터마크까지
 * 따라오면 넣습니다. 컨트롤러의 판단은 `QuorumController.alterPartition` → `ReplicationControlManager.alterPartition`
 * (Kafka `ControllerApis.handleAlterPartitionRequest`와 같은 길):
 *
 *   - 보낸 브로커의 에포크가 지금 등록의 것이 아니면 맨 위 오류 STALE_BROKER_EPOCH
 *   - 파티션마다: 리더 에포크가 낡으면 FENCED_LEADER_EPOCH, 파티션 에포크가 낡으면 INVALID_UPDATE_VERSION,
 *     펜싱되었거나 종료 중이거나 에포크가 다른 복제본을 넣으려 하면 INELIGIBLE_REPLICA, …
 *   - 통과하면 PartitionChangeRecord(파티션 에포크 + 1)를 적고, 커밋된 뒤 그 상태(리더, ISR, 두 에포크)를 답합니다.
 *
 * 활성 컨트롤러가 아니면 맨 위 오류 NOT_CONTROLLER이고, 리더는 새 활성 컨트롤러에게 다시 보냅니다.
 * v0~v1(토픽 이름)은 Kafka 4.0에서 없어져 알리지 않습니다 (`../protocol/messages/56-alter-partition.ts`).
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type AlterPartitionRequest,
  alterPartitionRequest,
  alterPartitionResponse,
} from '../protocol/messages/56-alter-partition.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export function handleAlterPartition(request: AlterPartitionRequest, ctx: ControllerRequestContext) {
  return ctx.controller.alterPartition(request, ctx.apiVersion);
}

export const alterPartitionApi = defineApi<
  typeof alterPartitionRequest,
  typeof alterPartitionResponse,
  ControllerRequestContext
>({
  key: ApiKey.AlterPartition,
  name: 'AlterPartition',
  minVersion: 2,
  maxVersion: 3,
  request: alterPartitionRequest,
  response: alterPartitionResponse,
  handle: handleAlterPartition,
});
