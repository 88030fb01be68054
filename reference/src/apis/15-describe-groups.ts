/**
 * DescribeGroups (API 키 15), 버전 0–5.
 *
 * 그룹의 상태(Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), 고른 할당 프로토콜, 멤버마다
 * 클라이언트 ID·호스트·구독(metadata)·할당(assignment)을 보여 줍니다. `kafka-consumer-groups.sh --describe`가
 * 이 요청으로 "어느 멤버가 어느 파티션을 읽는지" 알아냅니다. 모르는 그룹은 Dead로 답합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeGroupsRequest,
  type DescribeGroupsResponseInput,
  describeGroupsRequest,
  describeGroupsResponse,
} from '../protocol/messages/15-describe-groups.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/**
 * 이 주체가 그룹에 할 수 있는 작업의 비트 필드 (Kafka: AuthHelper.authorizedOperations, AclEntry.supportedOperations):
 * 그룹 자원이 지원하는 작업 READ(3), DELETE(6), DESCRIBE(8), DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11) 가운데 인가기가
 * 허락하는 것 (인가기가 없으면 모두). 클라이언트가 v3+에서 includeAuthorizedOperations로 물을 때만 채웁니다.
 */
function groupOperations(ctx: RequestContext, groupId: string): number {
  return [3, 6, 8, 10, 11]
    .filter((op) => authorize(ctx, op, ResourceType.GROUP, groupId))
    .reduce((bits, op) => bits | (1 << op), 0);
}

export function handleDescribeGroups(request: DescribeGroupsRequest, ctx: RequestContext): DescribeGroupsResponseInput {
  const { groups } = ctx.broker;
  return {
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => {
      // Kafka `KafkaApis.handleDescribeGroupsRequest`: 그룹의 DESCRIBE가 없으면 빈 그룹과 GROUP_AUTHORIZATION_FAILED
      // (`DescribeGroupsResponse.groupError`: 상태도 비워 그룹이 있는지 알리지 않습니다).
      if (!authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
        return {
          errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
          groupId,
          groupState: '',
          protocolType: '',
          protocolData: '',
          members: [],
        };
      }
      const errorCode = groups.coordinatorError(groupId);
      const described = errorCode === ErrorCode.NONE ? groups.coordinator.describe(groupId) : null;
      return {
        errorCode,
        groupId,
        groupState: described?.state ?? 'Dead',
        protocolType: described?.protocolType ?? '',
        protocolData: described?.protocolName ?? '',
        members: (described?.members ?? []).map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: m.metadata,
          memberAssignment: m.assignment,
        })),
        ...(ctx.apiVersion >= 3 &&
          request.includeAuthorizedOperations &&
          errorCode === ErrorCode.NONE && { authorizedOperations: groupOperations(ctx, groupId) }),
      };
    }),
  };
}

export const describeGroupsApi = defineApi({
  key: ApiKey.DescribeGroups,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 5,
  request: describeGroupsRequest,
  response: describeGroupsResponse,
  handle: handleDescribeGroups,
});
