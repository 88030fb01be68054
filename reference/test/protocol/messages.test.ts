/**
 * 모든 메시지 스키마를 가장 낮은 버전과 가장 높은 버전에서 인코딩 → 디코딩해 봅니다. 값은 그 버전에
 * 있는 필드를 모두 채운 것(sample-values.ts)과, null이 될 수 있는 필드를 모두 null로 둔 것 두 가지입니다.
 */
import { describe, expect, it } from 'vitest';
import { ApiKey, apiKeyName } from '../../src/protocol/api-keys.js';
import { decode, encode } from '../../src/protocol/codec.js';
import { messages } from '../../src/protocol/messages/index.js';
import { ByteReader } from '../../src/protocol/reader.js';
import { type MessageSchema, parseVersions } from '../../src/protocol/schema.js';
import { sampleMessage } from './sample-values.js';

function roundTrip(schema: MessageSchema, version: number, value: Record<string, unknown>): unknown {
  const bytes = encode(schema, version, value as never);
  const reader = new ByteReader(bytes);
  const decoded = decode(schema, version, reader);
  expect(reader.remaining, 'decode reads exactly what encode wrote').toBe(0);
  return decoded;
}

const cases = Object.entries(messages).flatMap(([key, { request, response }]) =>
  [request, response].flatMap((schema: MessageSchema) => {
    const { min, max } = parseVersions(schema.validVersions);
    return [min, max].map((version) => ({ name: `${schema.name} v${version}`, apiKey: Number(key), schema, version }));
  }),
);

describe('every message schema round-trips at its min and max version', () => {
  it.each(cases)('$name', ({ apiKey, schema, version }) => {
    expect(schema.apiKey).toBe(apiKey);
    const full = sampleMessage(schema, version);
    expect(roundTrip(schema, version, full)).toEqual(full);
    const nulls = sampleMessage(schema, version, { nulls: true });
    expect(roundTrip(schema, version, nulls)).toEqual(nulls);
  });

  it('the registry is keyed by the ApiKey names', () => {
    for (const [key, { request }] of Object.entries(messages)) {
      expect(`${apiKeyName(Number(key))}Request`).toBe(request.name);
    }
    expect(messages[ApiKey.Produce].request.name).toBe('ProduceRequest');
  });
});
