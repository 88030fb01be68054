/**
 * DeleteAcls (API 키 31), 버전 0–3. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * - 브로커 리스너 (Kafka `AclApis.handleDeleteAcls`): 클러스터 ALTER 권한이 없으면 모든 필터가
 *   CLUSTER_AUTHORIZATION_FAILED, 인가기가 없으면 SECURITY_DISABLED입니다. 나머지는 활성 컨트롤러에게 넘깁니다.
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleDeleteAcls` → `AclControlManager.deleteAcls`): 필터마다 맞는 ACL을
 *   RemoveAccessControlEntryRecord로 지우고, 커밋된 뒤 지운 ACL을 필터마다 돌려줍니다. 필터의 패턴 종류는 ANY(모든
 *   패턴)와 MATCH(이 이름에 걸리는 LITERAL, `*`, PREFIXED)도 받습니다 (`../security/acl.ts`).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DeleteAclsRequest,
  type DeleteAclsResponseInput,
  deleteAclsRequest,
  deleteAclsResponse,
} from '../protocol/messages/31-delete-acls.js';
import { type AclFilter, AclOperation } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 요청의 필터 하나 (DescribeAcls의 요청 본문도 같은 모양입니다) */
export function aclFilterOf(filter: DeleteAclsRequest['filters'][number]): AclFilter {
  return {
    resourceType: filter.resourceTypeFilter,
    resourceName: filter.resourceNameFilter,
    patternType: filter.patternTypeFilter,
    principal: filter.principalFilter,
    host: filter.hostFilter,
    operation: filter.operation,
    permissionType: filter.permissionType,
  };
}

function allFailed(
  request: DeleteAclsRequest,
  errorCode: number,
  errorMessage: string | null,
): DeleteAclsResponseInput {
  return {
    throttleTimeMs: 0,
    filterResults: request.filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] })),
  };
}

/** 브로커 리스너: 권한을 검사하고 활성 컨트롤러에게 넘깁니다. */
export async function handleDeleteAcls(
  request: DeleteAclsRequest,
  ctx: RequestContext,
): Promise<DeleteAclsResponseInput> {
  if (!authorize(ctx, AclOperation.ALTER)) return allFailed(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
  if (!ctx.broker.authorizer) return allFailed(request, ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured.');
  const forwarded = await ctx.broker.forward({ apiKey: ApiKey.DeleteAcls, apiVersion: ctx.apiVersion, body: request });
  return (
    (forwarded as DeleteAclsResponseInput | null) ??
    allFailed(request, ErrorCode.REQUEST_TIMED_OUT, '활성 컨트롤러에게서 답을 받지 못했습니다')
  );
}

/** 컨트롤러 리스너: 지우고, 커밋된 뒤 답합니다. */
export async function handleControllerDeleteAcls(
  request: DeleteAclsRequest,
  ctx: ControllerRequestContext,
): Promise<DeleteAclsResponseInput> {
  const outcomes = await ctx.controller.deleteAcls(request.filters.map(aclFilterOf));
  return {
    throttleTimeMs: 0,
    filterResults: outcomes.map((o) => ({
      errorCode: o.errorCode,
      errorMessage: o.errorMessage,
      matchingAcls: o.deleted.map((acl) => ({
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        resourceType: acl.resourceType,
        resourceName: acl.resourceName,
        patternType: acl.patternType,
        principal: acl.principal,
        host: acl.host,
        operation: acl.operation,
        permissionType: acl.permissionType,
      })),
    })),
  };
}

const range = {
  key: ApiKey.DeleteAcls,
  name: 'DeleteAcls',
  minVersion: 0,
  maxVersion: 3,
  request: deleteAclsRequest,
  response: deleteAclsResponse,
} as const;

export const deleteAclsApi = defineApi({ ...range, handle: handleDeleteAcls });

export const controllerDeleteAclsApi = defineApi<
  typeof deleteAclsRequest,
  typeof deleteAclsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerDeleteAcls });
