/**
 * AlterUserScramCredentials (API 키 51), 버전 0. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * SCRAM 사용자를 만들고, 비밀번호를 바꾸고, 지웁니다. 클라이언트는 salt와 SaltedPassword(PBKDF2 결과)를 보내고,
 * 컨트롤러가 StoredKey와 ServerKey를 만들어 UserScramCredentialRecord로 메타데이터 로그에 적습니다. 그 레코드가
 * 커밋되면 모든 브로커가 이미지에 적용하고, 그때부터 어느 브로커에서든 그 사용자로 SCRAM 인증을 할 수 있습니다.
 *
 * - 브로커 리스너 (Kafka `KafkaApis.handleAlterUserScramCredentialsRequest` → `forwardToController`): 받은 요청을 그대로
 *   활성 컨트롤러에게 넘깁니다 (`43-elect-leaders.ts`와 같은 길). 끝내 닿지 않으면 사용자마다 REQUEST_TIMED_OUT입니다.
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleAlterUserScramCredentials`): `QuorumController`가 판단하고
 *   (`../controller/scram-control-manager.ts`, 거절의 종류는 거기 있습니다), 레코드가 커밋된 뒤 답합니다.
 *
 * 구현하지 않은 것: 권한 검사(클러스터 ALTER).
 */
import { alterUserScramCredentialsError } from '../controller/scram-control-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type AlterUserScramCredentialsRequest,
  type AlterUserScramCredentialsResponseInput,
  alterUserScramCredentialsRequest,
  alterUserScramCredentialsResponse,
} from '../protocol/messages/51-alter-user-scram-credentials.js';
import { AclOperation } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleAlterUserScramCredentials(
  request: AlterUserScramCredentialsRequest,
  ctx: RequestContext,
): Promise<AlterUserScramCredentialsResponseInput> {
  // Kafka `KafkaApis.handleAlterUserScramCredentialsRequest`: 클러스터 ALTER (사용자마다 CLUSTER_AUTHORIZATION_FAILED)
  if (!authorize(ctx, AclOperation.ALTER)) {
    return alterUserScramCredentialsError(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  }
  const forwarded = await ctx.broker.forward({
    apiKey: ApiKey.AlterUserScramCredentials,
    apiVersion: ctx.apiVersion,
    body: request,
  });
  if (forwarded) return forwarded as AlterUserScramCredentialsResponseInput;
  return alterUserScramCredentialsError(request, ErrorCode.REQUEST_TIMED_OUT);
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export function handleControllerAlterUserScramCredentials(
  request: AlterUserScramCredentialsRequest,
  ctx: ControllerRequestContext,
) {
  return ctx.controller.alterUserScramCredentials(request);
}

const range = {
  key: ApiKey.AlterUserScramCredentials,
  name: 'AlterUserScramCredentials',
  minVersion: 0,
  maxVersion: 0,
  request: alterUserScramCredentialsRequest,
  response: alterUserScramCredentialsResponse,
} as const;

export const alterUserScramCredentialsApi = defineApi({ ...range, handle: handleAlterUserScramCredentials });

export const controllerAlterUserScramCredentialsApi = defineApi<
  typeof alterUserScramCredentialsRequest,
  typeof alterUserScramCredentialsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerAlterUserScramCredentials });
