/**
 * SaslHandshake (API 키 17): 인증 방식(PLAIN, SCRAM-SHA-256…)을 고릅니다. 유연한 버전이 없습니다.
 * v1부터는 실제 인증 바이트를 SaslAuthenticate 요청에 담아 보냅니다.
 *
 * Kafka protocol guide, "SaslHandshake API (Key: 17)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     SaslHandshake Request (Version: 1) => mechanism
 *       mechanism => STRING
 *
 *     SaslHandshake Response (Version: 1) => error_code [mechanisms]
 *       error_code => INT16
 *       mechanisms => STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const saslHandshakeRequest = message({
  name: 'SaslHandshakeRequest',
  apiKey: 17,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [{ name: 'mechanism', type: 'string', versions: '0+' }],
});
export type SaslHandshakeRequest = Message<typeof saslHandshakeRequest>;
export type SaslHandshakeRequestInput = MessageInput<typeof saslHandshakeRequest>;

export const saslHandshakeResponse = message({
  name: 'SaslHandshakeResponse',
  apiKey: 17,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'mechanisms', type: '[]string', versions: '0+' },
  ],
});
export type SaslHandshakeResponse = Message<typeof saslHandshakeResponse>;
export type SaslHandshakeResponseInput = MessageInput<typeof saslHandshakeResponse>;
