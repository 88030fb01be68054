/**
 * AlterPartitionReassignments (API 키 45), 버전 0. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 관리자가 파티션의 복제본을 다른 브로커로 옮깁니다 (`kafka-reassign-partitions.sh --execute`, Admin
 * `alterPartitionReassignments`). 파티션마다 새 복제본 목록, 또는 null(진행 중인 재배치 취소):
 *   - 컨트롤러는 옛 복제본과 새 복제본을 합친 목록과 더해지는·빠질 복제본을 PartitionChangeRecord로 적습니다. 새
 *     브로커는 그 레코드를 보고 팔로워로 Fetch를 시작하고, 따라잡아 ISR에 들면 컨트롤러가 빠질 복제본을 지워 재배치를
 *     끝냅니다 (`../controller/partition-reassignment.ts`). 이 답은 "시작했다"는 뜻입니다.
 *   - 파티션마다의 오류: 없는 토픽·파티션 UNKNOWN_TOPIC_OR_PARTITION, 빈 목록·등록되지 않은 브로커·같은 브로커 두 번
 *     INVALID_REPLICA_ASSIGNMENT, 재배치 중이 아닌 파티션의 취소 NO_REASSIGNMENT_IN_PROGRESS.
 *
 * - 브로커 리스너 (Kafka `KafkaApis.handleAlterPartitionReassignmentsRequest` → `forwardToController`): 받은 요청을
 *   그대로 활성 컨트롤러에게 넘깁니다 (`43-elect-leaders.ts`와 같은 길). 끝내 닿지 않으면 맨 위 오류 REQUEST_TIMED_OUT.
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleAlterPartitionReassignments`): `QuorumController.alterPartitionReassignments`가
 *   판단하고 (`ReplicationControlManager.alterPartitionReassignments`), 레코드가 커밋된 뒤 답합니다.
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다 (답은 레코드가 커밋되면 나갑니다).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type AlterPartitionReassignmentsRequest,
  type AlterPartitionReassignmentsResponseInput,
  alterPartitionReassignmentsRequest,
  alterPartitionReassignmentsResponse,
} from '../protocol/messages/45-alter-partition-reassignments.js';
import { AclOperation } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleAlterPartitionReassignments(
  request: AlterPartitionReassignmentsRequest,
  ctx: RequestContext,
): Promise<AlterPartitionReassignmentsResponseInput> {
  // Kafka `KafkaApis.handleAlterPartitionReassignmentsRequest`: 클러스터 ALTER (`getErrorResponse`: 맨 위와 파티션마다)
  if (!authorize(ctx, AclOperation.ALTER)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      errorMessage: null,
      responses: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
          errorMessage: null,
        })),
      })),
    };
  }
  const forwarded = await ctx.broker.forward({
    apiKey: ApiKey.AlterPartitionReassignments,
    apiVersion: ctx.apiVersion,
    body: request,
  });
  if (forwarded) return forwarded as AlterPartitionReassignmentsResponseInput;
  return { throttleTimeMs: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null, responses: [] };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export function handleControllerAlterPartitionReassignments(
  request: AlterPartitionReassignmentsRequest,
  ctx: ControllerRequestContext,
) {
  return ctx.controller.alterPartitionReassignments(request);
}

const range = {
  key: ApiKey.AlterPartitionReassignments,
  name: 'AlterPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  request: alterPartitionReassignmentsRequest,
  response: alterPartitionReassignmentsResponse,
} as const;

export const alterPartitionReassignmentsApi = defineApi({ ...range, handle: handleAlterPartitionReassignments });

export const controllerAlterPartitionReassignmentsApi = defineApi<
  typeof alterPartitionReassignmentsRequest,
  typeof alterPartitionReassignmentsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerAlterPartitionReassignments });
