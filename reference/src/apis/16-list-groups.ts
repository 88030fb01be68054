/**
 * ListGroups (API 키 16), 버전 0–4.
 *
 * 이 브로커가 코디네이터인 그룹 목록입니다. 멤버가 모두 떠난 그룹, 그룹 관리 없이 오프셋만 커밋한 "단순 그룹"도
 * Empty 상태로 목록에 있습니다 (빈 그룹은 오프셋이 모두 만료되면 지워집니다). v4+는 상태로 거를 수 있습니다 (예: Stable만).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type ListGroupsRequest,
  type ListGroupsResponseInput,
  listGroupsRequest,
  listGroupsResponse,
} from '../protocol/messages/16-list-groups.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export function handleListGroups(request: ListGroupsRequest, ctx: RequestContext): ListGroupsResponseInput {
  // 상태 이름은 대소문자와 앞뒤 공백을 가리지 않습니다 (Kafka: GroupMetadataManager.listGroups).
  const states = request.statesFilter.map((s) => s.toLowerCase().trim());
  // Kafka `KafkaApis.handleListGroupsRequest`: 클러스터 DESCRIBE가 있으면 모든 그룹, 없으면 DESCRIBE가 허락된 그룹만.
  const all = authorize(ctx, AclOperation.DESCRIBE);
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    groups: ctx.broker.groups.coordinator
      .list()
      .filter((g) => states.length === 0 || states.includes(g.state.toLowerCase()))
      .filter((g) => all || authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state })),
  };
}

export const listGroupsApi = defineApi({
  key: ApiKey.ListGroups,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 4,
  request: listGroupsRequest,
  response: listGroupsResponse,
  handle: handleListGroups,
});
