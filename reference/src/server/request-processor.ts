/**
 * 요청 프레임 하나를 처리합니다: 헤더를 읽고, API와 버전을 확인하고, 본문을 디코딩해 핸들러에 넘기고,
 * 응답을 응답 헤더와 함께 인코딩합니다. Kafka의 KafkaApis.handle에 해당하는 갈림길입니다.
 *
 * 버전을 지원하지 않을 때 (Kafka protocol guide, "Versioning"):
 * - ApiVersions는 클라이언트가 버전을 맞추려고 가장 먼저 보내는 요청이라, 모르는 버전이어도
 *   v0 형식으로 UNSUPPORTED_VERSION(35)과 ApiVersions 자신의 범위를 돌려줍니다.
 * - 다른 API는 그 버전의 응답 모양을 알면 기본값 응답에 오류 코드 35를 적어 돌려주고,
 *   모르면 응답을 만들 수 없으니 연결을 끊습니다.
 */
import type { ApiDefinition, ListenerRequestContext } from '../apis/api.js';
import { NO_RESPONSE } from '../apis/api.js';
import { ApiKey, apiKeyName } from '../protocol/api-keys.js';
import { decode, defaultValue, encodeInto } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { decodeRequestHeader, encodeResponseHeader } from '../protocol/headers.js';
import { ByteReader, ProtocolError } from '../protocol/reader.js';
import { hasVersion, type MessageSchema } from '../protocol/schema.js';
import { ByteWriter } from '../protocol/writer.js';
import type { ConnectionInfo, RequestProcessor } from './connection.js';
import { josa } from './josa.js';
import type { Logger } from './logger.js';

/**
 * 리스너 하나의 요청 처리기. `apis`는 그 리스너가 답하는 API이고, `contextFor`는 핸들러에 넘길 것(브로커의 부품
 * 또는 쿼럼)을 더합니다.
 */
export function createRequestProcessor<Ctx extends ListenerRequestContext>(
  apis: readonly ApiDefinition<Ctx>[],
  contextFor: (base: ListenerRequestContext) => Ctx,
  log: Logger,
): RequestProcessor {
  const byKey = new Map(apis.map((api) => [api.key, api]));
  const listenerApis = apis as readonly ApiDefinition<never>[];

  return (frame: Buffer, connection: ConnectionInfo) => {
    const reader = new ByteReader(frame);
    const header = decodeRequestHeader(reader);
    const { requestApiKey: key, requestApiVersion: version, correlationId } = header;
    const api = byKey.get(key);
    if (!api) throw new ProtocolError(`모르는 API 키 ${key} (correlationId ${correlationId})`);

    if (version < api.minVersion || version > api.maxVersion) {
      log.warn(
        `${josa(`${apiKeyName(key)} v${version}`, '은/는')} 지원하지 않습니다 (${api.minVersion}~${api.maxVersion}), 클라이언트 ${header.clientId}`,
      );
      if (key === ApiKey.ApiVersions) {
        return encodeResponseFrame(api.response, key, 0, correlationId, {
          errorCode: ErrorCode.UNSUPPORTED_VERSION,
          apiKeys: [{ apiKey: api.key, minVersion: api.minVersion, maxVersion: api.maxVersion }],
        });
      }
      const body = hasVersion(api.response.validVersions, version)
        ? topLevelErrorResponse(api.response, version, ErrorCode.UNSUPPORTED_VERSION)
        : null;
      if (!body) throw new ProtocolError(`${apiKeyName(key)} v${version}에 오류를 담을 응답 형식이 없습니다`);
      return encodeResponseFrame(api.response, key, version, correlationId, body);
    }

    const request = decode(api.request, version, reader);
    const ctx = contextFor({ header, apiVersion: version, connection, apis: listenerApis });
    const result = api.handle(request, ctx);
    const finish = (response: unknown) =>
      response === NO_RESPONSE ? null : encodeResponseFrame(api.response, key, version, correlationId, response);
    return result instanceof Promise ? result.then(finish) : finish(result);
  };
}

/** 응답 프레임: 크기(int32) + 응답 헤더 + 본문 (SASL 인증기도 씁니다) */
export function encodeResponseFrame(
  schema: MessageSchema,
  apiKey: number,
  version: number,
  correlationId: number,
  body: unknown,
): Buffer {
  const writer = new ByteWriter();
  writer.int32(0); // 크기 자리: 다 쓴 뒤 채웁니다
  encodeResponseHeader(writer, apiKey, version, correlationId);
  encodeInto(writer, schema, version, body as never);
  const frame = writer.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/**
 * 필드마다 기본값을 넣고 맨 위의 errorCode만 적은 응답 (지원하지 않는 버전, 컨트롤러 리스너의 인가 거절).
 * 그 버전의 맨 위에 errorCode가 없으면(Produce, Metadata, v7 전의 Fetch…) 오류를 담을 곳이 없으니 null입니다.
 * 스키마의 다른 버전에만 있는 errorCode에 적으면 인코더가 그 필드를 버려, 오류 없는 빈 응답이 나갑니다.
 */
export function topLevelErrorResponse(
  schema: MessageSchema,
  version: number,
  errorCode: number,
): Record<string, unknown> | null {
  const field = schema.fields.find((f) => f.name === 'errorCode');
  if (!field || !hasVersion(field.versions, version)) return null;
  const body: Record<string, unknown> = {};
  for (const f of schema.fields) body[f.name] = defaultValue(f);
  body.errorCode = errorCode;
  return body;
}
