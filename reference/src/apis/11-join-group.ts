/**
 * JoinGroup (API 키 11), 버전 0–9.
 *
 * 컨슈머가 그룹에 들어가겠다는 요청이자, 리밸런스의 첫 단계입니다. 응답은 바로 나가지 않을 수 있습니다:
 * 코디네이터는 그룹의 멤버가 모두 다시 참여하거나 리밸런스 타임아웃이 지날 때까지 기다렸다가, 모두에게
 * 새 세대(generation)를 알립니다. 리더로 뽑힌 멤버만 멤버 목록과 구독 정보를 받아 파티션 할당을 계산합니다.
 *
 * v4+: 처음 온 멤버는 MEMBER_ID_REQUIRED와 함께 ID를 받고, 그 ID로 다시 보냅니다 (KIP-394).
 *
 * 정적 멤버십(group.instance.id, KIP-345): 같은 인스턴스 ID로 다시 오면 리밸런스 없이 자리를 돌려받습니다
 * (group/group-coordinator.ts).
 */
import type { JoinResult } from '../group/consumer-group.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type JoinGroupRequest,
  type JoinGroupResponseInput,
  joinGroupRequest,
  joinGroupResponse,
} from '../protocol/messages/11-join-group.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export async function handleJoinGroup(request: JoinGroupRequest, ctx: RequestContext): Promise<JoinGroupResponseInput> {
  // Kafka `KafkaApis.handleJoinGroupRequest`: 그룹의 READ (`JoinGroupRequest.getErrorResponse`의 빈 답)
  if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      generationId: -1,
      protocolType: null,
      protocolName: ctx.apiVersion >= 7 ? null : '',
      leader: '',
      memberId: '',
      members: [],
      skipAssignment: false,
    };
  }
  const result = await new Promise<JoinResult>((resolve) =>
    ctx.broker.groups.join(
      {
        groupId: request.groupId,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        clientId: ctx.header.clientId ?? '',
        clientHost: `/${ctx.connection.remote.replace(/:\d+$/, '')}`,
        sessionTimeoutMs: request.sessionTimeoutMs,
        rebalanceTimeoutMs: ctx.apiVersion >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
        protocolType: request.protocolType,
        protocols: request.protocols,
        requireKnownMemberId: ctx.apiVersion >= 4,
        supportsSkippingAssignment: ctx.apiVersion >= 9,
      },
      resolve,
    ),
  );
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    generationId: result.generationId,
    protocolType: result.protocolType,
    // v7 전에는 null을 보낼 수 없습니다.
    protocolName: result.protocolName ?? (ctx.apiVersion >= 7 ? null : ''),
    leader: result.leader,
    memberId: result.memberId,
    members: result.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata,
    })),
    skipAssignment: result.skipAssignment,
  };
}

export const joinGroupApi = defineApi({
  key: ApiKey.JoinGroup,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 9,
  request: joinGroupRequest,
  response: joinGroupResponse,
  handle: handleJoinGroup,
});
