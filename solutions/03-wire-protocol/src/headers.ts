// 3장 레코드 배치와 와이어 프로토콜 — 해답
// 원본: reference/src/protocol/headers.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 요청 헤더와 응답 헤더. 프레임(4바이트 크기 + 내용)의 내용은 헤더 + 본문입니다.
 *
 * Kafka protocol guide, "Headers":
 *
 *     Request Header v1 => request_api_key request_api_version correlation_id client_id
 *       request_api_key => INT16
 *       request_api_version => INT16
 *       correlation_id => INT32
 *       client_id => NULLABLE_STRING
 *     Request Header v2 => request_api_key request_api_version correlation_id client_id _tagged_fields
 *       client_id => NULLABLE_STRING        유연한 헤더에서도 compact가 아닙니다!
 *
 *     Response Header v0 => correlation_id
 *     Response Header v1 => correlation_id _tagged_fields
 *
 * 어느 헤더 버전을 쓸지는 본문 API의 버전이 정합니다: 그 버전이 유연한 버전(KIP-482)이면 요청 헤더 v2와
 * 응답 헤더 v1, 아니면 v1과 v0. 요청 헤더 v0(clientId 없음)은 ControlledShutdown v0만 쓰므로 여기서는 쓰지 않습니다.
 *
 * 예외는 ApiVersions 응답입니다. 클라이언트는 브로커가 무엇을 지원하는지 모르는 채로 ApiVersions를
 * 보내므로, 브로커는 어떤 버전이든 응답 헤더 v0으로 답합니다 (KIP-511). clientId가 compact가 아닌
 * 이유도 같습니다: 오래된 브로커도 새 클라이언트의 헤더를 읽고 correlationId를 돌려줄 수 있어야 합니다.
 */
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { schemasFor } from '../../../reference/src/protocol/messages/index.js';
import { hasVersion, type Message, type MessageInput, message } from '../../../reference/src/protocol/schema.js';
import type { ByteWriter } from '../../../reference/src/protocol/writer.js';
import { decode, encodeInto } from './codec.js';
import { type ByteReader, ProtocolError } from './reader.js';

export const requestHeader = message({
  name: 'RequestHeader',
  type: 'header',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'requestApiKey', type: 'int16', versions: '0+' },
    { name: 'requestApiVersion', type: 'int16', versions: '0+' },
    { name: 'correlationId', type: 'int32', versions: '0+' },
    {
      name: 'clientId',
      type: 'string',
      versions: '1+',
      nullableVersions: '1+',
      ignorable: true,
      flexibleVersions: 'none',
    },
  ],
});
export type RequestHeader = Message<typeof requestHeader>;
export type RequestHeaderInput = MessageInput<typeof requestHeader>;

export const responseHeader = message({
  name: 'ResponseHeader',
  type: 'header',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [{ name: 'correlationId', type: 'int32', versions: '0+' }],
});
export type ResponseHeader = Message<typeof responseHeader>;

/** 이 API 버전이 유연한 버전인지. 모르는 API 키는 유연하지 않은 것으로 봅니다. */
function isFlexible(apiKey: number, apiVersion: number, side: 'request' | 'response'): boolean {
  const schemas = schemasFor(apiKey);
  return schemas !== undefined && hasVersion(schemas[side].flexibleVersions, apiVersion);
}

/**
 * 요청 헤더 버전: 유연한 버전이면 2, 아니면 1. 스키마보다 높은 버전(예: ApiVersions v5)도
 * `flexibleVersions`가 "3+"처럼 열려 있으니 v2로 읽습니다. 그래야 UNSUPPORTED_VERSION으로 답할
 * correlationId를 얻습니다.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  return isFlexible(apiKey, apiVersion, 'request') ? 2 : 1;
}

/** 응답 헤더 버전: 유연한 버전이면 1, 아니면 0. ApiVersions는 언제나 0입니다. */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.ApiVersions) return 0;
  return isFlexible(apiKey, apiVersion, 'response') ? 1 : 0;
}

/**
 * 요청 헤더를 읽습니다. 헤더 버전은 헤더 안의 API 키와 버전이 정하므로, 그 둘(앞 4바이트)을 먼저
 * 엿보고 나서 읽습니다. 모르는 API 키도 헤더 v1로 읽어, 서버가 correlationId와 함께 로그를 남길 수 있습니다.
 */
export function decodeRequestHeader(reader: ByteReader): RequestHeader {
  if (reader.remaining < 4) throw new ProtocolError(`요청 헤더가 ${reader.remaining}바이트뿐입니다`);
  const apiKey = reader.buf.readInt16BE(reader.position);
  const apiVersion = reader.buf.readInt16BE(reader.position + 2);
  return decode(requestHeader, requestHeaderVersion(apiKey, apiVersion), reader);
}

export function encodeRequestHeader(writer: ByteWriter, header: RequestHeaderInput): void {
  encodeInto(writer, requestHeader, requestHeaderVersion(header.requestApiKey, header.requestApiVersion), header);
}

export function decodeResponseHeader(reader: ByteReader, apiKey: number, apiVersion: number): ResponseHeader {
  return decode(responseHeader, responseHeaderVersion(apiKey, apiVersion), reader);
}

export function encodeResponseHeader(
  writer: ByteWriter,
  apiKey: number,
  apiVersion: number,
  correlationId: number,
): void {
  encodeInto(writer, responseHeader, responseHeaderVersion(apiKey, apiVersion), { correlationId });
}
