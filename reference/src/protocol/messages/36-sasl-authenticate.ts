/**
 * SaslAuthenticate (API 키 36): SASL 인증 바이트를 주고받습니다 (SaslHandshake v1 다음). v2부터 유연한 버전.
 *
 * Kafka protocol guide, "SaslAuthenticate API (Key: 36)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     SaslAuthenticate Request (Version: 2) => auth_bytes _tagged_fields
 *       auth_bytes => COMPACT_BYTES
 *
 *     SaslAuthenticate Response (Version: 2) => error_code error_message auth_bytes session_lifetime_ms _tagged_fields
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       auth_bytes => COMPACT_BYTES
 *       session_lifetime_ms => INT64
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const saslAuthenticateRequest = message({
  name: 'SaslAuthenticateRequest',
  apiKey: 36,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [{ name: 'authBytes', type: 'bytes', versions: '0+' }],
});
export type SaslAuthenticateRequest = Message<typeof saslAuthenticateRequest>;
export type SaslAuthenticateRequestInput = MessageInput<typeof saslAuthenticateRequest>;

export const saslAuthenticateResponse = message({
  name: 'SaslAuthenticateResponse',
  apiKey: 36,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'authBytes', type: 'bytes', versions: '0+' },
    { name: 'sessionLifetimeMs', type: 'int64', versions: '1+', default: 0, ignorable: true },
  ],
});
export type SaslAuthenticateResponse = Message<typeof saslAuthenticateResponse>;
export type SaslAuthenticateResponseInput = MessageInput<typeof saslAuthenticateResponse>;
