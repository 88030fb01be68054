/**
 * LeaveGroup (API 키 13), 버전 0–5.
 *
 * 컨슈머가 깨끗하게 끝날 때 그룹을 떠납니다. 세션 타임아웃을 기다리지 않고 곧바로 리밸런스가 시작되어,
 * 떠난 멤버의 파티션이 빨리 다른 멤버에게 넘어갑니다. v3+는 여러 멤버를 한 번에 내보냅니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type LeaveGroupRequest,
  type LeaveGroupResponseInput,
  leaveGroupRequest,
  leaveGroupResponse,
} from '../protocol/messages/13-leave-group.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export function handleLeaveGroup(request: LeaveGroupRequest, ctx: RequestContext): LeaveGroupResponseInput {
  // Kafka `KafkaApis.handleLeaveGroupRequest`: 그룹의 READ
  if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, members: [] };
  }
  const members =
    ctx.apiVersion >= 3 ? request.members : [{ memberId: request.memberId, groupInstanceId: null, reason: null }];
  const result = ctx.broker.groups.leave(request.groupId, members);
  if (result.errorCode !== ErrorCode.NONE) return { throttleTimeMs: 0, errorCode: result.errorCode, members: [] };
  return {
    throttleTimeMs: 0,
    // v0–2는 멤버가 하나라 그 결과가 곧 전체 결과입니다. v3+는 멤버마다 따로 알립니다.
    errorCode: ctx.apiVersion >= 3 ? ErrorCode.NONE : (result.members[0] ?? ErrorCode.NONE),
    members:
      ctx.apiVersion >= 3
        ? members.map((m, i) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            errorCode: result.members[i] ?? 0,
          }))
        : [],
  };
}

export const leaveGroupApi = defineApi({
  key: ApiKey.LeaveGroup,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 5,
  request: leaveGroupRequest,
  response: leaveGroupResponse,
  handle: handleLeaveGroup,
});
