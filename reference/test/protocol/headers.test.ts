/**
 * 요청/응답 헤더: Kafka protocol guide "Headers", KIP-482(유연한 헤더), KIP-511(ApiVersions의 예외).
 */
import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import {
  decodeRequestHeader,
  decodeResponseHeader,
  encodeResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../src/protocol/headers.js';
import { ByteReader, ProtocolError } from '../../src/protocol/reader.js';
import { ByteWriter } from '../../src/protocol/writer.js';

const hex = (s: string) => Buffer.from(s.replace(/\/\/.*$/gm, '').replace(/\s+/g, ''), 'hex');

describe('request and response headers', () => {
  it('header versions follow the API version: flexible → request v2 / response v1', () => {
    expect(requestHeaderVersion(ApiKey.Metadata, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Metadata, 9)).toBe(2);
    expect(responseHeaderVersion(ApiKey.Metadata, 8)).toBe(0);
    expect(responseHeaderVersion(ApiKey.Metadata, 9)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
    expect(requestHeaderVersion(ApiKey.Fetch, 11)).toBe(1);
  });

  it('ApiVersions answers with response header v0 at every version, but its v3+ request uses header v2', () => {
    for (const version of [0, 3, 4, 5]) expect(responseHeaderVersion(ApiKey.ApiVersions, version)).toBe(0);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 2)).toBe(1);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    // 브로커가 모르는 더 높은 버전도 v2 헤더로 읽어야 UNSUPPORTED_VERSION을 돌려줄 수 있습니다.
    expect(requestHeaderVersion(ApiKey.ApiVersions, 9)).toBe(2);
  });

  it('an unknown API key is read with header v1 so the server can still log its correlation id', () => {
    expect(requestHeaderVersion(9999, 0)).toBe(1);
    const header = decodeRequestHeader(new ByteReader(hex('270f 0000 0000002a ffff')));
    expect(header).toEqual({ requestApiKey: 9999, requestApiVersion: 0, correlationId: 42, clientId: null });
  });

  it('flexible request header v2: clientId keeps its int16 length, then tagged fields; unknown tags are skipped', () => {
    const reader = new ByteReader(
      hex(`
        00 03 00 0c 00 00 00 07   // Metadata v12, correlation id 7
        00 02 63 31               // client_id = "c1": int16 길이 (compact가 아님)
        02                        // 태그 필드 2개 (KIP-482)
        00 01 ff                  //   tag 0, 1바이트: 이 브로커가 모르는 태그 → 건너뜀
        07 02 ab cd               //   tag 7, 2바이트: 역시 건너뜀
        99                        // 본문의 첫 바이트
      `),
    );
    expect(decodeRequestHeader(reader)).toEqual({
      requestApiKey: 3,
      requestApiVersion: 12,
      correlationId: 7,
      clientId: 'c1',
    });
    expect(reader.int8()).toBe(-103);
  });

  it('a truncated header is a protocol error', () => {
    expect(() => decodeRequestHeader(new ByteReader(hex('0003')))).toThrow(ProtocolError);
    expect(() => decodeRequestHeader(new ByteReader(hex('0003 0001 0000')))).toThrow(ProtocolError);
  });

  it('response header v1 adds an empty tagged-field section after the correlation id', () => {
    const v0 = new ByteWriter();
    encodeResponseHeader(v0, ApiKey.Metadata, 1, 5);
    expect(v0.toBuffer()).toEqual(hex('00000005'));
    const v1 = new ByteWriter();
    encodeResponseHeader(v1, ApiKey.Metadata, 12, 5);
    expect(v1.toBuffer()).toEqual(hex('00000005 00'));
    expect(decodeResponseHeader(new ByteReader(v1.toBuffer()), ApiKey.Metadata, 12)).toEqual({ correlationId: 5 });
    const apiVersions = new ByteWriter();
    encodeResponseHeader(apiVersions, ApiKey.ApiVersions, 3, 5);
    expect(apiVersions.toBuffer()).toEqual(hex('00000005'));
  });
});
