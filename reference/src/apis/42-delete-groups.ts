/**
 * DeleteGroups (API 키 42), 버전 0–2.
 *
 * 멤버가 없는 그룹을 커밋한 오프셋과 함께 지웁니다 (`__consumer_offsets`에 툼스톤을 씁니다).
 * 멤버가 있으면 NON_EMPTY_GROUP, 모르는 그룹이면 GROUP_ID_NOT_FOUND입니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DeleteGroupsRequest,
  type DeleteGroupsResponseInput,
  deleteGroupsRequest,
  deleteGroupsResponse,
} from '../protocol/messages/42-delete-groups.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { whenDurable } from './08-offset-commit.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export async function handleDeleteGroups(
  request: DeleteGroupsRequest,
  ctx: RequestContext,
): Promise<DeleteGroupsResponseInput> {
  const { groups } = ctx.broker;
  // 같은 그룹을 두 번 적어도 한 번만 지우고 한 번만 답합니다 (Kafka: KafkaApis.handleDeleteGroupsRequest의 distinct).
  // 툼스톤이 ISR 모두에게 복제된 뒤에 답합니다 (whenDurable).
  const results = [...new Set(request.groupsNames)].map(async (groupId) => {
    // Kafka `KafkaApis.handleDeleteGroupsRequest`: 그룹의 DELETE
    if (!authorize(ctx, AclOperation.DELETE, ResourceType.GROUP, groupId)) {
      return { groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    }
    const coordinatorError = groups.coordinatorError(groupId);
    const written = coordinatorError !== ErrorCode.NONE ? coordinatorError : groups.delete(groupId);
    const [errorCode = written] = await whenDurable(ctx, groupId, [written]);
    return { groupId, errorCode };
  });
  return { throttleTimeMs: 0, results: await Promise.all(results) };
}

export const deleteGroupsApi = defineApi({
  key: ApiKey.DeleteGroups,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 2,
  request: deleteGroupsRequest,
  response: deleteGroupsResponse,
  handle: handleDeleteGroups,
});
