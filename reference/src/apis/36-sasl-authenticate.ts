/**
 * SaslAuthenticate (API 키 36), 버전 0–2: SASL 토큰을 주고받습니다.
 *
 * 인증 중의 토큰은 연결의 인증기(`security/sasl-server-authenticator.ts`)가 답합니다. 여기 오는 것은 인증을 마친
 * 뒤나 PLAINTEXT 리스너의 요청이라, Kafka `KafkaApis.handleSaslAuthenticateRequest`처럼 ILLEGAL_SASL_STATE로 답합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { saslAuthenticateRequest, saslAuthenticateResponse } from '../protocol/messages/36-sasl-authenticate.js';
import { defineApi } from './api.js';

export const saslAuthenticateApi = defineApi({
  key: ApiKey.SaslAuthenticate,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 2,
  request: saslAuthenticateRequest,
  response: saslAuthenticateResponse,
  handle: () => ({
    errorCode: ErrorCode.ILLEGAL_SASL_STATE,
    errorMessage: 'SaslAuthenticate request received after successful authentication',
    authBytes: Buffer.alloc(0),
    sessionLifetimeMs: 0,
  }),
});
