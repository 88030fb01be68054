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
