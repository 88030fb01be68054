/**
 * DescribeUserScramCredentials (API 키 50), 버전 0. 브로커 리스너에서 받습니다.
 *
 * 사용자마다 자격 증명이 있는 SCRAM 방식과 반복 횟수를 답합니다 (salt와 키는 답하지 않습니다). Kafka
 * `KafkaApis.handleDescribeUserScramCredentialsRequest`처럼 컨트롤러에 묻지 않고, 이 브로커가 적용한(커밋된) 메타데이터
 * 이미지에서 읽습니다 (`ScramImage.describe`, `../security/scram-credentials.ts`):
 *   - `users`가 null이거나 비었으면 자격 증명이 있는 모든 사용자
 *   - 같은 사용자를 두 번 물으면 그 사용자는 DUPLICATE_RESOURCE, 자격 증명이 없으면 RESOURCE_NOT_FOUND
 *
 * 메타데이터에 적힌 자격 증명만 답합니다: 리스너의 JAAS 설정에서 읽은 사용자(`../security/listener-security.ts`)는
 * 메타데이터에 없으므로 보이지 않습니다. 권한 검사(클러스터 DESCRIBE)는 하지 않습니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeUserScramCredentialsRequest,
  type DescribeUserScramCredentialsResponseInput,
  describeUserScramCredentialsRequest,
  describeUserScramCredentialsResponse,
} from '../protocol/messages/50-describe-user-scram-credentials.js';
import { AclOperation } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export function handleDescribeUserScramCredentials(
  request: DescribeUserScramCredentialsRequest,
  ctx: RequestContext,
): DescribeUserScramCredentialsResponseInput {
  // Kafka `KafkaApis.handleDescribeUserScramCredentialsRequest`: 클러스터 DESCRIBE
  if (!authorize(ctx, AclOperation.DESCRIBE)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, results: [] };
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    results: ctx.broker.metadata.scram.describe(request.users?.map((u) => u.name) ?? null),
  };
}

export const describeUserScramCredentialsApi = defineApi({
  key: ApiKey.DescribeUserScramCredentials,
  name: 'DescribeUserScramCredentials',
  minVersion: 0,
  maxVersion: 0,
  request: describeUserScramCredentialsRequest,
  response: describeUserScramCredentialsResponse,
  handle: handleDescribeUserScramCredentials,
});
