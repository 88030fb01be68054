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
import { defineApi, type RequestContext } from './api.js';

/**
 * 그룹에 할 수 있는 작업의 비트 필드. 권한 검사(ACL)가 없는 브로커는 그룹 자원이 지원하는 작업을 모두 허락합니다:
 * READ(3), DELETE(6), DESCRIBE(8), DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11) (Kafka: AuthHelper.authorizedOperations,
 * AclEntry.supportedOperations). 클라이언트가 v3+에서 includeAuthorizedOperations로 물을 때만 채웁니다.
 */
const GROUP_OPERATIONS = [3, 6, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0);

export function handleDescribeGroups(request: DescribeGroupsRequest, ctx: RequestContext): DescribeGroupsResponseInput {
  const { groups } = ctx.broker;
  return {
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => {
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
          errorCode === ErrorCode.NONE && { authorizedOperations: GROUP_OPERATIONS }),
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
