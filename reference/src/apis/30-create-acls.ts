/**
 * CreateAcls (API 키 30), 버전 0–3. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * - 브로커 리스너 (Kafka `AclApis.handleCreateAcls`): 클러스터 ALTER 권한이 없으면 모든 만들기가
 *   CLUSTER_AUTHORIZATION_FAILED, 인가기가 없으면 SECURITY_DISABLED입니다. 받을 수 없는 ACL(빈 이름, `kafka-cluster`가
 *   아닌 클러스터 자원, 틀린 주체, ANY·MATCH 같은 필터용 값)은 INVALID_REQUEST로 거르고, 나머지를 활성 컨트롤러에게
 *   넘깁니다 (`19-create-topics.ts`와 같은 길; Kafka의 `StandardAuthorizer.createAcls`도 컨트롤러에게 보냅니다).
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleCreateAcls`): `AclControlManager`가 AccessControlEntryRecord로 적고
 *   커밋된 뒤 답합니다. 그 레코드를 재생한 브로커마다 인가기가 새 ACL을 씁니다.
 *
 * 결과는 만들기의 순서대로 하나씩입니다.
 */
import type { AclCreateOutcome } from '../controller/acl-control-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type CreateAclsRequest,
  type CreateAclsResponseInput,
  createAclsRequest,
  createAclsResponse,
} from '../protocol/messages/30-create-acls.js';
import { type Acl, AclOperation, invalidAclReason } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 요청의 만들기 하나를 ACL로 */
function aclOf(creation: CreateAclsRequest['creations'][number]): Acl {
  return {
    resourceType: creation.resourceType,
    resourceName: creation.resourceName,
    patternType: creation.resourcePatternType,
    principal: creation.principal,
    host: creation.host,
    operation: creation.operation,
    permissionType: creation.permissionType,
  };
}

function allFailed(
  request: CreateAclsRequest,
  errorCode: number,
  errorMessage: string | null,
): CreateAclsResponseInput {
  return { throttleTimeMs: 0, results: request.creations.map(() => ({ errorCode, errorMessage })) };
}

/** 브로커 리스너: 권한과 ACL을 검사하고, 통과한 것을 활성 컨트롤러에게 넘깁니다. */
export async function handleCreateAcls(
  request: CreateAclsRequest,
  ctx: RequestContext,
): Promise<CreateAclsResponseInput> {
  if (!authorize(ctx, AclOperation.ALTER)) return allFailed(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
  if (!ctx.broker.authorizer) return allFailed(request, ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured.');
  const outcomes: (AclCreateOutcome | null)[] = request.creations.map((c) => {
    const invalid = invalidAclReason(aclOf(c));
    return invalid ? { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: invalid } : null;
  });
  const valid = request.creations.filter((_, i) => outcomes[i] === null);
  const forwarded =
    valid.length === 0
      ? { results: [] }
      : ((await ctx.broker.forward({
          apiKey: ApiKey.CreateAcls,
          apiVersion: ctx.apiVersion,
          body: { creations: valid },
        })) as CreateAclsResponseInput | null);
  const results = [...(forwarded?.results ?? [])];
  return {
    throttleTimeMs: 0,
    results: outcomes.map(
      (outcome) =>
        outcome ??
        results.shift() ?? {
          errorCode: ErrorCode.REQUEST_TIMED_OUT,
          errorMessage: '활성 컨트롤러에게서 답을 받지 못했습니다',
        },
    ),
  };
}

/** 컨트롤러 리스너: 적고, 커밋된 뒤 답합니다. */
export async function handleControllerCreateAcls(
  request: CreateAclsRequest,
  ctx: ControllerRequestContext,
): Promise<CreateAclsResponseInput> {
  return { throttleTimeMs: 0, results: await ctx.controller.createAcls(request.creations.map(aclOf)) };
}

const range = {
  key: ApiKey.CreateAcls,
  name: 'CreateAcls',
  minVersion: 0,
  maxVersion: 3,
  request: createAclsRequest,
  response: createAclsResponse,
} as const;

export const createAclsApi = defineApi({ ...range, handle: handleCreateAcls });

export const controllerCreateAclsApi = defineApi<
  typeof createAclsRequest,
  typeof createAclsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerCreateAcls });
