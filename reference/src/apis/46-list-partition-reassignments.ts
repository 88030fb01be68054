/**
 * ListPartitionReassignments (API 키 46), 버전 0. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 진행 중인 재배치를 봅니다 (`kafka-reassign-partitions.sh --verify`, Admin `listPartitionReassignments`). 재배치 중인
 * 파티션마다 지금의 복제본(옛 것과 새 것의 합), 더해지는 복제본, 빠질 복제본을 답합니다. `topics`가 null이면 모든 토픽,
 * 재배치 중이 아니거나 없는 파티션은 답에 나오지 않습니다 (오류가 아님). 재배치가 끝나면 빈 답입니다.
 *
 * - 브로커 리스너 (Kafka `KafkaApis.handleListPartitionReassignmentsRequest` → `forwardToController`): 활성 컨트롤러에게
 *   넘깁니다. 끝내 닿지 않으면 맨 위 오류 REQUEST_TIMED_OUT.
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleListPartitionReassignments`): `QuorumController.listPartitionReassignments`가
 *   커밋된 상태에서 읽어 곧바로 답합니다 (레코드를 쓰지 않는 읽기 연산).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type ListPartitionReassignmentsRequest,
  type ListPartitionReassignmentsResponseInput,
  listPartitionReassignmentsRequest,
  listPartitionReassignmentsResponse,
} from '../protocol/messages/46-list-partition-reassignments.js';
import { AclOperation } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleListPartitionReassignments(
  request: ListPartitionReassignmentsRequest,
  ctx: RequestContext,
): Promise<ListPartitionReassignmentsResponseInput> {
  // Kafka `KafkaApis.handleListPartitionReassignmentsRequest`: 클러스터 DESCRIBE
  if (!authorize(ctx, AclOperation.DESCRIBE)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, topics: [] };
  }
  const forwarded = await ctx.broker.forward({
    apiKey: ApiKey.ListPartitionReassignments,
    apiVersion: ctx.apiVersion,
    body: request,
  });
  if (forwarded) return forwarded as ListPartitionReassignmentsResponseInput;
  return { throttleTimeMs: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null, topics: [] };
}

/** 컨트롤러 리스너: 커밋된 상태에서 읽어 답합니다. */
export function handleControllerListPartitionReassignments(
  request: ListPartitionReassignmentsRequest,
  ctx: ControllerRequestContext,
) {
  return ctx.controller.listPartitionReassignments(request);
}

const range = {
  key: ApiKey.ListPartitionReassignments,
  name: 'ListPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  request: listPartitionReassignmentsRequest,
  response: listPartitionReassignmentsResponse,
} as const;

export const listPartitionReassignmentsApi = defineApi({ ...range, handle: handleListPartitionReassignments });

export const controllerListPartitionReassignmentsApi = defineApi<
  typeof listPartitionReassignmentsRequest,
  typeof listPartitionReassignmentsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerListPartitionReassignments });
