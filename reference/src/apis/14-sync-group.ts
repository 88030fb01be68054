/**
 * SyncGroup (API 키 14), 버전 0–5.
 *
 * 리밸런스의 두 번째 단계입니다. 리더는 계산한 파티션 할당을 보내고, 팔로워는 빈손으로 보내 자기 몫을
 * 기다립니다. 리더의 할당이 도착하면 그룹은 Stable이 되고, 모든 멤버가 자기 할당을 응답으로 받습니다.
 */
import type { SyncResult } from '../group/consumer-group.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type SyncGroupRequest,
  type SyncGroupResponseInput,
  syncGroupRequest,
  syncGroupResponse,
} from '../protocol/messages/14-sync-group.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export async function handleSyncGroup(request: SyncGroupRequest, ctx: RequestContext): Promise<SyncGroupResponseInput> {
  // v5부터는 프로토콜 종류와 이름을 반드시 보내야 합니다 (Kafka: SyncGroupRequest.areMandatoryProtocolTypeAndNamePresent).
  if (ctx.apiVersion >= 5 && (request.protocolType === null || request.protocolName === null)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      protocolType: null,
      protocolName: null,
      assignment: Buffer.alloc(0),
    };
  }
  // Kafka `KafkaApis.handleSyncGroupRequest`: 그룹의 READ (필수 필드 검사 다음)
  if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      protocolType: null,
      protocolName: null,
      assignment: Buffer.alloc(0),
    };
  }
  const result = await new Promise<SyncResult>((resolve) =>
    ctx.broker.groups.sync(
      {
        groupId: request.groupId,
        generationId: request.generationId,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        protocolType: request.protocolType,
        protocolName: request.protocolName,
        assignments: request.assignments,
      },
      resolve,
    ),
  );
  return { throttleTimeMs: 0, ...result };
}

export const syncGroupApi = defineApi({
  key: ApiKey.SyncGroup,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 5,
  request: syncGroupRequest,
  response: syncGroupResponse,
  handle: handleSyncGroup,
});
