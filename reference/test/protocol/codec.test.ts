/**
 * 범용 코덱: 버전별 필드, 유연한 버전(KIP-482)의 compact 인코딩과 태그 필드, null, 기본값.
 * 바이트는 Kafka protocol guide의 BNF를 보고 손으로 적었고, 가능한 곳은 kafkajs 2.2.4의 실제
 * 인코더·디코더와도 맞춰 봅니다 (STYLE 10: 실제 클라이언트의 골든 바이트).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/protocol/codec.js';
import { decodeRequestHeader, encodeRequestHeader } from '../../src/protocol/headers.js';
import { produceResponse } from '../../src/protocol/messages/00-produce.js';
import { fetchResponse } from '../../src/protocol/messages/01-fetch.js';
import { metadataRequest } from '../../src/protocol/messages/03-metadata.js';
import { apiVersionsRequest, apiVersionsResponse } from '../../src/protocol/messages/18-api-versions.js';
import { ByteReader, ProtocolError } from '../../src/protocol/reader.js';
import { message } from '../../src/protocol/schema.js';
import { ByteWriter } from '../../src/protocol/writer.js';

const require = createRequire(import.meta.url);
/** 한 줄에 `바이트  // 설명` 모양으로 적은 16진수를 Buffer로 */
const hex = (s: string) => Buffer.from(s.replace(/\/\/.*$/gm, '').replace(/\s+/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(s).toString('hex');

/** kafkajs가 실제로 보내는 프레임(4바이트 크기 + 헤더 v1 + 본문)을 만듭니다. */
async function kafkajsFrame(requestModule: string, args: unknown, correlationId = 1): Promise<Buffer> {
  const encodeRequest = require('kafkajs/src/protocol/request.js');
  const request = require(`kafkajs/src/protocol/requests/${requestModule}`)(args);
  const encoder = await encodeRequest({ correlationId, clientId: 'kafkajs', request });
  return encoder.buffer;
}

describe('ApiVersions golden bytes', () => {
  it('v0 request is a v1 header and an empty body, exactly as kafkajs sends it', async () => {
    const expected = hex(`
      00 12                     // request_api_key = 18 (ApiVersions)
      00 00                     // request_api_version = 0
      00 00 00 01               // correlation_id = 1
      00 07 ${ascii('kafkajs')}  // client_id = "kafkajs" (int16 길이)
    `);
    const w = new ByteWriter();
    encodeRequestHeader(w, { requestApiKey: 18, requestApiVersion: 0, correlationId: 1, clientId: 'kafkajs' });
    w.raw(encode(apiVersionsRequest, 0, {}));
    expect(w.toBuffer()).toEqual(expected);

    const frame = await kafkajsFrame('apiVersions/v0/request.js', undefined);
    expect(frame.readInt32BE(0)).toBe(expected.length);
    expect(frame.subarray(4)).toEqual(expected);
  });

  it('v3 request has a v2 header: non-compact clientId, then tagged fields; the body is compact', () => {
    const bytes = hex(`
      00 12 00 03 00 00 00 02   // api key 18, version 3, correlation id 2
      00 07 ${ascii('kafkajs')}  // client_id: 유연한 헤더에서도 int16 길이
      00                        // 헤더의 태그 필드: 0개
      08 ${ascii('kafkajs')}    // client_software_name: compact (7+1)
      06 ${ascii('2.2.4')}      // client_software_version: compact (5+1)
      00                        // 본문의 태그 필드: 0개
    `);
    const reader = new ByteReader(bytes);
    expect(decodeRequestHeader(reader)).toEqual({
      requestApiKey: 18,
      requestApiVersion: 3,
      correlationId: 2,
      clientId: 'kafkajs',
    });
    const body = decode(apiVersionsRequest, 3, reader);
    expect(body).toEqual({ clientSoftwareName: 'kafkajs', clientSoftwareVersion: '2.2.4' });
    expect(reader.remaining).toBe(0);

    const w = new ByteWriter();
    encodeRequestHeader(w, { requestApiKey: 18, requestApiVersion: 3, correlationId: 2, clientId: 'kafkajs' });
    w.raw(encode(apiVersionsRequest, 3, body));
    expect(w.toBuffer()).toEqual(bytes);
  });

  const apiKeys = [
    { apiKey: 0, minVersion: 3, maxVersion: 11 },
    { apiKey: 18, minVersion: 0, maxVersion: 4 },
  ];

  it('v0 response: error code and an int32-counted array, readable by kafkajs', async () => {
    const expected = hex(`
      00 00                     // error_code = 0
      00 00 00 02               // api_keys: int32 개수 2
      00 00 00 03 00 0b         // Produce 3..11
      00 12 00 00 00 04         // ApiVersions 0..4
    `);
    const body = encode(apiVersionsResponse, 0, { errorCode: 0, apiKeys, throttleTimeMs: 0 });
    expect(body).toEqual(expected);

    const kafkajs = require('kafkajs/src/protocol/requests/apiVersions/v0/response.js');
    expect(await kafkajs.decode(body)).toEqual({ errorCode: 0, apiVersions: apiKeys });
  });

  it('v3 response: compact array N+1, throttle time, tagged fields after every struct', () => {
    const expected = hex(`
      00 00                     // error_code = 0
      03                        // api_keys: compact 개수 2+1
      00 00 00 03 00 0b 00      // Produce 3..11, 태그 필드 0개
      00 12 00 00 00 04 00      // ApiVersions 0..4, 태그 필드 0개
      00 00 00 00               // throttle_time_ms = 0
      00                        // 태그 필드 0개 (supportedFeatures 등은 기본값이라 보내지 않음)
    `);
    expect(encode(apiVersionsResponse, 3, { errorCode: 0, apiKeys, throttleTimeMs: 0 })).toEqual(expected);
    expect(decode(apiVersionsResponse, 3, new ByteReader(expected))).toMatchObject({
      errorCode: 0,
      apiKeys,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1,
    });
  });
});

describe('Metadata golden bytes', () => {
  it('v1 request with null topics means "all topics", and kafkajs sends an empty list that way', async () => {
    const frame = await kafkajsFrame('metadata/v1/request.js', { topics: [] }, 7);
    const expected = hex(`
      00 03 00 01 00 00 00 07 00 07 ${ascii('kafkajs')}   // header v1: Metadata v1, correlation id 7
      ff ff ff ff                                          // topics: null (int32 -1)
    `);
    expect(frame.subarray(4)).toEqual(expected);

    const reader = new ByteReader(frame, 4);
    expect(decodeRequestHeader(reader).requestApiVersion).toBe(1);
    expect(decode(metadataRequest, 1, reader)).toEqual({
      topics: null,
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
  });

  it('v0 cannot carry null topics: an empty array is how v0 asks for all topics', () => {
    expect(() => decode(metadataRequest, 0, new ByteReader(hex('ffffffff')))).toThrow(ProtocolError);
    const allTopics = {
      topics: null,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    expect(() => encode(metadataRequest, 0, allTopics)).toThrow(/null/);
  });

  it('a named topic in kafkajs v4 request decodes with allowAutoTopicCreation', async () => {
    const frame = await kafkajsFrame('metadata/v4/request.js', { topics: ['orders'], allowAutoTopicCreation: false });
    const reader = new ByteReader(frame, 4);
    decodeRequestHeader(reader);
    const request = decode(metadataRequest, 4, reader);
    expect(request.topics).toEqual([{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'orders' }]);
    expect(request.allowAutoTopicCreation).toBe(false);
  });
});

describe('codec behaviour', () => {
  const tagged = message({
    name: 'TaggedExample',
    type: 'response',
    validVersions: '0-1',
    flexibleVersions: '1+',
    fields: [
      { name: 'id', type: 'int32', versions: '0+' },
      {
        name: 'note',
        type: 'string',
        versions: '1+',
        taggedVersions: '1+',
        tag: 3,
        nullableVersions: '1+',
        default: null,
      },
      { name: 'epoch', type: 'int32', versions: '1+', taggedVersions: '1+', tag: 1, default: -1 },
    ],
  });

  it('tagged fields are written only when not default, in tag order', () => {
    expect(encode(tagged, 1, { id: 5 })).toEqual(hex('00000005 00'));
    expect(encode(tagged, 1, { id: 5, note: 'hi', epoch: 9 })).toEqual(
      hex(`00000005 02  01 04 00000009  03 03 03${ascii('hi')}`),
    );
  });

  it('an unknown tag is skipped and known tags are read (KIP-482)', () => {
    const bytes = hex(`00000005 03  01 04 00000009  02 02 abcd  03 03 03${ascii('hi')}`);
    expect(decode(tagged, 1, new ByteReader(bytes))).toEqual({ id: 5, note: 'hi', epoch: 9 });
  });

  it('a missing tagged field decodes as its default', () => {
    expect(decode(tagged, 1, new ByteReader(hex('00000005 00')))).toEqual({ id: 5, note: null, epoch: -1 });
  });

  it('fields absent in the version decode as their declared default', () => {
    const partition = decode(produceResponse, 0, new ByteReader(encodeProduceV0())).responses[0]?.partitionResponses[0];
    expect(partition).toEqual({
      index: 2,
      errorCode: 0,
      baseOffset: 41,
      logAppendTimeMs: -1,
      logStartOffset: -1,
      recordErrors: [],
      errorMessage: null,
      currentLeader: { leaderId: -1, leaderEpoch: -1 },
    });
  });

  function encodeProduceV0(): Buffer {
    return encode(produceResponse, 0, {
      responses: [{ name: 't', partitionResponses: [{ index: 2, errorCode: 0, baseOffset: 41 }] }],
    });
  }

  it('an ignorable field is dropped silently in a version that lacks it', () => {
    const v0 = encode(produceResponse, 0, {
      responses: [{ name: 't', partitionResponses: [{ index: 2, errorCode: 0, baseOffset: 41, logStartOffset: 7 }] }],
      throttleTimeMs: 100,
    });
    expect(v0).toEqual(encodeProduceV0());
  });

  it('a non-ignorable field with a non-default value cannot be sent in a version that lacks it', () => {
    const partition = {
      partitionIndex: 0,
      errorCode: 0,
      highWatermark: 0,
      preferredReadReplica: 2,
      abortedTransactions: null,
      records: null,
    };
    const value = { responses: [{ topic: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [partition] }] };
    expect(() => encode(fetchResponse, 10, value)).toThrow(/preferredReadReplica/);
    expect(() => encode(fetchResponse, 11, value)).not.toThrow();
  });

  it('a version outside validVersions is refused', () => {
    expect(() => decode(apiVersionsRequest, 5, new ByteReader(Buffer.alloc(0)))).toThrow(/버전 5/);
  });

  it('records decode to a slice of the request buffer, not a copy', () => {
    const records = Buffer.from('batch bytes');
    const body = encode(produceResponse, 9, { responses: [] });
    expect(body).toEqual(hex('01 00000000 00'));
    const fetch = encode(fetchResponse, 12, {
      responses: [
        {
          topic: 't',
          topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
          partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1, records, abortedTransactions: null }],
        },
      ],
    });
    const decoded = decode(fetchResponse, 12, new ByteReader(fetch));
    const got = decoded.responses[0]?.partitions[0]?.records;
    expect(got).toEqual(records);
    expect(got?.buffer).toBe(fetch.buffer);
  });
});
