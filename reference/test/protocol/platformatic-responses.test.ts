/**
 * 유연한 버전(KIP-482)의 응답을 실제 클라이언트가 읽는지: 우리 코덱으로 인코딩한 응답을
 * @platformatic/kafka 1.x의 응답 파서에 넣어 봅니다. 이 클라이언트는 각 API의 가장 높은 버전을 씁니다.
 *
 * 주의: @platformatic/kafka 1.x의 `Reader.readTaggedFields`는 태그 필드를 읽지 못합니다 (개수를 바이트 수로
 * 알고 건너뜀, 소스의 "TODO: Tagged fields are not supported yet"). 태그 필드가 비어 있을 때만 맞게 읽으므로,
 * 여기서는 태그 필드를 기본값으로 둡니다. 브로커가 태그 필드(예: Produce/Fetch의 currentLeader)를 채워
 * 보내면 이 클라이언트는 응답을 잘못 읽습니다.
 */
import * as platformatic from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { ApiKey, apiKeyName } from '../../src/protocol/api-keys.js';
import { encode } from '../../src/protocol/codec.js';
import { messages } from '../../src/protocol/messages/index.js';
import { parseVersions } from '../../src/protocol/schema.js';
import { encodeBatch } from '../../src/record/record-batch.js';
import { sampleMessage } from './sample-values.js';

interface PlatformaticApi {
  parseResponse(correlationId: number, apiKey: number, apiVersion: number, reader: unknown): unknown;
}

/** 오류 코드는 0, recordErrors는 빈 목록으로(아니면 파서가 예외를 던집니다), records는 진짜 레코드 배치로 바꿉니다. */
function realistic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(realistic);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (/errorCode$/i.test(key)) out[key] = 0;
    else if (key === 'recordErrors') out[key] = [];
    else if (key === 'records' && field !== null)
      out[key] = encodeBatch({ records: [{ key: null, value: Buffer.from('v'), timestamp: 1 }] });
    else out[key] = realistic(field);
  }
  return out;
}

const lowerFirst = (s: string) => s[0]?.toLowerCase() + s.slice(1);

/**
/**
 * 클라이언트 쪽이 Kafka의 명세와 다르게 읽는 응답.
 *   - OffsetForLeaderEpoch v4: @platformatic/kafka 1.x의 파서는 파티션 항목을 `partition error_code …` 순서로 읽지만, Kafka의
 *     명세(OffsetForLeaderEpochResponse.json, 프로토콜 안내서의 BNF)는 `error_code partition leader_epoch end_offset`입니다.
 *     이 클라이언트는 컨슈머 경로에서 이 API를 쓰지 않습니다.
 *   - AlterPartition v3: 자기 주석의 BNF와 달리 topic_id를 COMPACT_STRING으로, isr 배열을 INT32 하나로 읽습니다. 브로커끼리만
 *     쓰는 API라 클라이언트는 보내지 않습니다.
 */
const CLIENT_PARSES_AGAINST_SPEC = new Set<number>([ApiKey.OffsetForLeaderEpoch, ApiKey.AlterPartition]);

const cases = Object.entries(messages).flatMap(([key, { response }]) => {
  if (CLIENT_PARSES_AGAINST_SPEC.has(Number(key))) return [];
  const version = parseVersions(response.validVersions).max;
  const api = (platformatic as unknown as Record<string, PlatformaticApi | undefined>)[
    `${lowerFirst(apiKeyName(Number(key)))}V${version}`
  ];
  return api ? [{ name: `${response.name} v${version}`, apiKey: Number(key), version, response, api }] : [];
});

describe('responses we encode are parsed by @platformatic/kafka', () => {
  it('covers the flexible APIs the client implements', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('$name', ({ apiKey, version, response, api }) => {
    const value = realistic(sampleMessage(response, version, { withoutTaggedFields: true })) as Record<string, unknown>;
    const bytes = encode(response, version, value as never);
    const parsed = api.parseResponse(1, apiKey, version, platformatic.Reader.from(bytes)) as Record<string, unknown>;
    if ('throttleTimeMs' in value) expect(parsed.throttleTimeMs).toBe(value.throttleTimeMs);
  });
});
