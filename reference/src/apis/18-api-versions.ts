/**
 * ApiVersions (API 키 18), 버전 0–4.
 *
 * 클라이언트가 연결하자마자 보내는 요청입니다. 브로커는 API마다 자기가 구현한 최소·최대 버전을 알리고,
 * 클라이언트는 양쪽이 모두 아는 가장 높은 버전을 골라 씁니다. 이 목록은 각 핸들러 파일의 등록에서
 * 만들어지므로 손으로 적은 표가 없습니다. 목록은 리스너마다 다릅니다: 브로커 리스너는 클라이언트의 API를,
 * 컨트롤러 리스너는 쿼럼의 API(Vote, Fetch…)를 알립니다 (`index.ts`의 `brokerApis`, `controllerApis`).
 *
 * 구현하지 않은 것: 기능 플래그(supportedFeatures, finalizedFeatures)는 비워 둡니다.
 * 응답 헤더는 언제나 v0입니다 (요청이 유연한 v3+여도): 클라이언트가 버전을 모르는 채로 읽어야 하니까요.
 */

import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { apiVersionsRequest, apiVersionsResponse } from '../protocol/messages/18-api-versions.js';
import { defineApi, type ListenerRequestContext } from './api.js';

export function handleApiVersions(_request: unknown, ctx: ListenerRequestContext) {
  return {
    errorCode: ErrorCode.NONE,
    apiKeys: ctx.apis
      .map((api) => ({ apiKey: api.key, minVersion: api.minVersion, maxVersion: api.maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey),
    throttleTimeMs: 0,
  };
}

/** 두 리스너 모두에서 답합니다: 답의 목록은 받은 리스너의 것 (`ctx.apis`) */
export const apiVersionsApi = defineApi<typeof apiVersionsRequest, typeof apiVersionsResponse, ListenerRequestContext>({
  key: ApiKey.ApiVersions,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 4,
  request: apiVersionsRequest,
  response: apiVersionsResponse,
  handle: handleApiVersions,
});
