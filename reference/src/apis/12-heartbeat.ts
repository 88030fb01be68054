/**
 * Heartbeat (API 키 12), 버전 0–4.
 *
 * 멤버가 살아 있다는 신호입니다. session.timeout.ms 동안 하트비트가 없으면 코디네이터는 그 멤버를 내보내고
 * 리밸런스합니다. 리밸런스가 시작되면 하트비트의 답(REBALANCE_IN_PROGRESS)으로 멤버에게 다시 참여하라고 알립니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type HeartbeatRequest,
  type HeartbeatResponseInput,
  heartbeatRequest,
  heartbeatResponse,
} from '../protocol/messages/12-heartbeat.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export function handleHeartbeat(request: HeartbeatRequest, ctx: RequestContext): HeartbeatResponseInput {
  // Kafka `KafkaApis.handleHeartbeatRequest`: 그룹의 READ
  if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
  }
  const errorCode = ctx.broker.groups.heartbeat(
    request.groupId,
    request.memberId,
    request.groupInstanceId,
    request.generationId,
  );
  return { throttleTimeMs: 0, errorCode };
}

export const heartbeatApi = defineApi({
  key: ApiKey.Heartbeat,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 4,
  request: heartbeatRequest,
  response: heartbeatResponse,
  handle: handleHeartbeat,
});
