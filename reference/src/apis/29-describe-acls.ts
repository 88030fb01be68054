/**
 * DescribeAcls (API 키 29), 버전 0–3. 브로커 리스너에서 받습니다 (Kafka `AclApis.handleDescribeAcls`).
 *
 * 클러스터 DESCRIBE 권한이 없으면 CLUSTER_AUTHORIZATION_FAILED, 인가기가 없으면 SECURITY_DISABLED입니다. 나머지는 이
 * 브로커가 재생한 ACL(커밋된 것) 가운데 필터에 맞는 것을 자원 패턴마다 묶어 돌려줍니다: Kafka의 브로커도 컨트롤러에
 * 묻지 않고 자기 인가기의 캐시에서 답합니다. 알 수 없는 값이 든 필터는 INVALID_REQUEST입니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeAclsRequest,
  type DescribeAclsResponseInput,
  describeAclsRequest,
  describeAclsResponse,
} from '../protocol/messages/29-describe-acls.js';
import { type Acl, AclOperation, filterIsUnknown, filterMatches } from '../security/acl.js';
import { aclFilterOf } from './31-delete-acls.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

type Resource = DescribeAclsResponseInput['resources'][number];

export function handleDescribeAcls(request: DescribeAclsRequest, ctx: RequestContext): DescribeAclsResponseInput {
  const failed = (errorCode: number, errorMessage: string | null) => ({
    throttleTimeMs: 0,
    errorCode,
    errorMessage,
    resources: [],
  });
  if (!authorize(ctx, AclOperation.DESCRIBE)) return failed(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
  if (!ctx.broker.authorizer) return failed(ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured on the broker');
  const filter = aclFilterOf(request);
  if (filterIsUnknown(filter)) return failed(ErrorCode.INVALID_REQUEST, 'Unknown filter.');
  // Kafka `DescribeAclsResponse.aclsResources`: 자원 패턴(종류, 이름, 패턴 종류)이 같은 ACL을 한 칸에 모읍니다.
  const resources = new Map<string, Resource & { acls: Resource['acls'][number][] }>();
  const matching: Acl[] = [...ctx.broker.metadata.acls.values()].filter((acl) => filterMatches(filter, acl));
  for (const acl of matching) {
    const key = JSON.stringify([acl.resourceType, acl.resourceName, acl.patternType]);
    let resource = resources.get(key);
    if (!resource) {
      resource = {
        resourceType: acl.resourceType,
        resourceName: acl.resourceName,
        patternType: acl.patternType,
        acls: [],
      };
      resources.set(key, resource);
    }
    resource.acls.push({
      principal: acl.principal,
      host: acl.host,
      operation: acl.operation,
      permissionType: acl.permissionType,
    });
  }
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, resources: [...resources.values()] };
}

export const describeAclsApi = defineApi({
  key: ApiKey.DescribeAcls,
  name: 'DescribeAcls',
  minVersion: 0,
  maxVersion: 3,
  request: describeAclsRequest,
  response: describeAclsResponse,
  handle: handleDescribeAcls,
});
