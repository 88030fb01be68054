/**
 * SaslHandshake (API 키 17), 버전 0–1: 인증 방식을 고릅니다.
 *
 * SASL 리스너에서 인증을 마치기 전의 SaslHandshake는 연결의 인증기(`security/sasl-server-authenticator.ts`)가 답하고
 * 이 핸들러까지 오지 않습니다. 여기 오는 것은 이미 인증한 연결이나 인증하지 않는 리스너(PLAINTEXT)의 요청이라, Kafka
 * `KafkaApis.handleSaslHandshakeRequest`처럼 ILLEGAL_SASL_STATE로 답합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { saslHandshakeRequest, saslHandshakeResponse } from '../protocol/messages/17-sasl-handshake.js';
import { defineApi } from './api.js';

export const saslHandshakeApi = defineApi({
  key: ApiKey.SaslHandshake,
  name: 'SaslHandshake',
  minVersion: 0,
  maxVersion: 1,
  request: saslHandshakeRequest,
  response: saslHandshakeResponse,
  handle: () => ({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] }),
});
