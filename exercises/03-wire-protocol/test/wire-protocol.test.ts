/**
 * 3장 테스트: 레코드 배치와 와이어 프로토콜. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 프레임 → correlation id → varint → compact 길이 → 헤더 버전 → 진짜 요청 읽기 → CRC.
 * 바이트는 모두 진짜 클라이언트가 보낸 것입니다 (golden.ts). 여러분의 코덱을 끼운 브로커에 진짜 kafkajs를 붙이는
 * 끝에서 끝까지 테스트는 wire-protocol.e2e.test.ts에 있습니다.
 */
import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { encode } from '../../../reference/src/protocol/codec.js';
import { fetchRequest } from '../../../reference/src/protocol/messages/01-fetch.js';
import { metadataRequest } from '../../../reference/src/protocol/messages/03-metadata.js';
import { apiVersionsRequest } from '../../../reference/src/protocol/messages/18-api-versions.js';
import { ByteWriter } from '../../../reference/src/protocol/writer.js';
import {
  computeCrc,
  hasValidCrc,
  readBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
} from '../src/batch-header.js';
import { decode } from '../src/codec.js';
import { FrameError, Framer } from '../src/framer.js';
import {
  decodeRequestHeader,
  encodeResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../src/headers.js';
import { ByteReader, ProtocolError } from '../src/reader.js';
import * as golden from './golden.js';

/** 브로커의 socket.request.max.bytes 기본값 (100 MiB) */
const MAX_FRAME_BYTES = 104_857_600;
const toHex = (frames: readonly Buffer[]) => frames.map((f) => f.toString('hex'));

/** 세 요청이 한 연결에 차례로 흐르는 모양 (kafkajs admin이 연결하고 토픽을 만들 때) */
const kafkajsStream = Buffer.concat(
  [golden.kafkajsApiVersions, golden.kafkajsMetadataAllTopics, golden.kafkajsCreateTopics].map(golden.framed),
);

/** 요청 헤더 v1/v2에서 clientId까지의 길이: apiKey(2) + apiVersion(2) + correlationId(4) + clientId(2 + n) */
const headerPrefix = (clientId: string) => 2 + 2 + 4 + 2 + Buffer.byteLength(clientId);

describe('3장 레코드 배치와 와이어 프로토콜', () => {
  it('FrameLengthPrefix: 4바이트 크기 접두사를 떼고 프레임 내용만 돌려줍니다', () => {
    const onWire = golden.framed(golden.kafkajsApiVersions);
    const frames = new Framer(MAX_FRAME_BYTES).feed(onWire);
    expect(frames.length, 'kafkajs의 ApiVersions 요청 하나(크기 4바이트 + 내용 17바이트)를 넣으면 프레임은 하나').toBe(
      1,
    );
    expect(toHex(frames), '프레임은 크기 필드 4바이트(00000011)를 뺀 17바이트 요청이어야 합니다').toEqual([
      golden.kafkajsApiVersions.toString('hex'),
    ]);
    expect(new Framer(MAX_FRAME_BYTES).feed(Buffer.alloc(0)), '빈 조각을 넣으면 빈 배열이어야 합니다').toEqual([]);
  });

  it('FrameSplitAcrossChunks: 여러 조각으로 나뉘어 온 프레임은 다 모인 뒤에 한 번만 돌려줍니다', () => {
    const onWire = golden.framed(golden.kafkajsApiVersions);
    const expected = [golden.kafkajsApiVersions.toString('hex')];

    const framer = new Framer(MAX_FRAME_BYTES);
    expect(framer.feed(onWire.subarray(0, 2)), '크기 필드의 절반(2바이트)만 왔을 때는 아직 프레임이 없습니다').toEqual(
      [],
    );
    expect(
      framer.feed(onWire.subarray(2, 10)),
      '크기 필드는 다 왔지만 내용이 17바이트 중 6바이트뿐일 때도 아직 없습니다',
    ).toEqual([]);
    expect(toHex(framer.feed(onWire.subarray(10))), '나머지가 오면 프레임이 완성되어야 합니다').toEqual(expected);

    for (let cut = 1; cut < onWire.length; cut++) {
      const split = new Framer(MAX_FRAME_BYTES);
      const frames = [...split.feed(onWire.subarray(0, cut)), ...split.feed(onWire.subarray(cut))];
      expect(toHex(frames), `${cut}번째 바이트에서 둘로 나눠 넣어도 같은 프레임 하나`).toEqual(expected);
    }

    const byByte = new Framer(MAX_FRAME_BYTES);
    const frames: Buffer[] = [];
    for (const byte of onWire) frames.push(...byByte.feed(Buffer.from([byte])));
    expect(toHex(frames), '한 바이트씩 넣어도 같은 프레임 하나').toEqual(expected);
  });

  it('FramesMergedInOneChunk: 한 조각에 든 프레임 여러 개를 순서대로 모두 돌려줍니다', () => {
    const expected = toHex([golden.kafkajsApiVersions, golden.kafkajsMetadataAllTopics, golden.kafkajsCreateTopics]);
    expect(
      toHex(new Framer(MAX_FRAME_BYTES).feed(kafkajsStream)),
      '요청 세 개가 한 조각에 붙어 오면 프레임 세 개를 보낸 순서대로',
    ).toEqual(expected);

    // 첫 조각: ApiVersions 하나 + Metadata의 앞 10바이트. 둘째 조각: Metadata의 나머지 + CreateTopics 전부.
    const cut = 4 + golden.kafkajsApiVersions.length + 10;
    const framer = new Framer(MAX_FRAME_BYTES);
    expect(
      toHex(framer.feed(kafkajsStream.subarray(0, cut))),
      '첫 조각에서는 온전한 ApiVersions 하나만 나와야 합니다',
    ).toEqual(expected.slice(0, 1));
    expect(
      toHex(framer.feed(kafkajsStream.subarray(cut))),
      '둘째 조각에서는 남겨 둔 Metadata의 앞부분과 이어 붙인 Metadata, 그리고 CreateTopics',
    ).toEqual(expected.slice(1));
  });

  it('FrameRejectsBadSize: 음수이거나 최대보다 큰 크기는 내용을 기다리지 않고 FrameError입니다', () => {
    // Kafka 포트에 HTTP 요청이 오면: "GET " = 0x47455420 = 1,195,725,856바이트짜리 프레임으로 읽힙니다.
    const http = Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1:9092\r\n\r\n');
    expect(
      () => new Framer(MAX_FRAME_BYTES).feed(http),
      'HTTP 요청의 "GET "은 약 1.1 GiB 크기로 읽힙니다. 100 MiB 상한을 넘으니 FrameError를 던져야 합니다',
    ).toThrow(FrameError);
    expect(
      () => new Framer(MAX_FRAME_BYTES).feed(golden.hex('ffffffff')),
      '크기 -1(ffffffff)은 FrameError여야 합니다',
    ).toThrow(FrameError);
    expect(
      () => new Framer(16).feed(golden.hex('00000011')),
      '상한이 16바이트인데 크기 필드가 17이면, 내용이 오기 전이라도 바로 FrameError여야 합니다',
    ).toThrow(FrameError);
    const split = new Framer(MAX_FRAME_BYTES);
    expect(split.feed(http.subarray(0, 2)), '크기 필드의 절반("GE")만으로는 아직 판단할 수 없습니다').toEqual([]);
    expect(() => split.feed(http.subarray(2)), '크기 필드가 두 조각에 걸쳐 와도 FrameError여야 합니다').toThrow(
      FrameError,
    );
  });

  it('CorrelationIdFromRealRequest: 프레임마다 같은 자리에서 API 키, 버전, correlation id를 읽습니다', () => {
    // 진짜 소켓처럼 7바이트씩 잘라 넣습니다.
    const framer = new Framer(MAX_FRAME_BYTES);
    const frames: Buffer[] = [];
    for (let at = 0; at < kafkajsStream.length; at += 7)
      frames.push(...framer.feed(kafkajsStream.subarray(at, at + 7)));
    const heads = frames.map((frame) => {
      const reader = new ByteReader(frame);
      return { apiKey: reader.int16(), apiVersion: reader.int16(), correlationId: reader.int32() };
    });
    expect(
      heads,
      '요청 세 개의 (API 키, 버전, correlation id): ApiVersions v2 #0, Metadata v6 #1, CreateTopics v3 #2',
    ).toEqual([
      { apiKey: ApiKey.ApiVersions, apiVersion: 2, correlationId: 0 },
      { apiKey: ApiKey.Metadata, apiVersion: 6, correlationId: 1 },
      { apiKey: ApiKey.CreateTopics, apiVersion: 3, correlationId: 2 },
    ]);
  });

  it('UnsignedVarint: 부호 없는 varint는 7비트씩 낮은 자리부터, 최상위 비트가 "다음 바이트 있음"입니다', () => {
    const cases: [string, number][] = [
      ['00', 0],
      ['01', 1],
      ['7f', 127],
      ['8001', 128],
      ['ac02', 300],
      ['ffffffff0f', 4_294_967_295],
    ];
    for (const [bytes, value] of cases) {
      const reader = new ByteReader(golden.hex(bytes));
      expect(reader.unsignedVarint(), `${bytes}는 ${value}입니다`).toBe(value);
      expect(reader.remaining, `${bytes}를 읽은 뒤에는 남은 바이트가 없어야 합니다 (읽은 만큼 위치를 옮기세요)`).toBe(
        0,
      );
    }
    const twoInARow = new ByteReader(golden.hex('ac02 05'));
    expect([twoInARow.unsignedVarint(), twoInARow.unsignedVarint()], 'ac02 05는 300 다음에 5').toEqual([300, 5]);

    for (const value of [0, 63, 64, 16_383, 16_384, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 31, 2 ** 32 - 1]) {
      const bytes = new ByteWriter().unsignedVarint(value).toBuffer();
      expect(new ByteReader(bytes).unsignedVarint(), `${bytes.toString('hex')}는 ${value}입니다`).toBe(value);
    }
    expect(
      () => new ByteReader(golden.hex('ffffffffff01')).unsignedVarint(),
      '다섯 바이트가 모두 "다음 바이트 있음"이면 ProtocolError',
    ).toThrow(ProtocolError);
    expect(
      () => new ByteReader(golden.hex('80')).unsignedVarint(),
      '"다음 바이트 있음"인데 바이트가 끝나면 ProtocolError',
    ).toThrow(ProtocolError);
  });

  it('ZigzagVarlong: 지그재그 varlong은 부호를 맨 아래 비트에 두어 작은 음수도 한 바이트로 읽습니다', () => {
    const cases: [string, number][] = [
      ['00', 0],
      ['01', -1],
      ['02', 1],
      ['03', -2],
      ['7f', -64],
      ['8001', 64],
    ];
    for (const [bytes, value] of cases) {
      expect(new ByteReader(golden.hex(bytes)).varlong(), `varlong ${bytes}는 ${value}입니다`).toBe(value);
    }
    for (const value of [
      300,
      -300,
      2 ** 31,
      -(2 ** 31) - 1,
      1_700_000_000_000,
      -(2 ** 40),
      2 ** 52 - 1,
      -(2 ** 52 - 1),
    ]) {
      const bytes = new ByteWriter().varlong(value).toBuffer();
      const reader = new ByteReader(bytes);
      expect(reader.varlong(), `varlong ${bytes.toString('hex')}는 ${value}입니다 (32비트를 넘는 값)`).toBe(value);
      expect(reader.remaining, `varlong ${bytes.toString('hex')}를 읽은 뒤에는 남은 바이트가 없어야 합니다`).toBe(0);
    }
    expect(
      () => new ByteReader(golden.hex('ffffffffffffffffffff01')).varlong(),
      '열 바이트가 모두 "다음 바이트 있음"이면 ProtocolError',
    ).toThrow(ProtocolError);

    // kafkajs가 만든 레코드 하나를 필드 순서대로 읽습니다 (레코드 배치 헤더 61바이트 뒤).
    const record = new ByteReader(golden.kafkajsRecordBatch, 61);
    expect(record.varint(), '레코드의 length (varint 32 → 25)').toBe(25);
    expect(record.int8(), '레코드의 attributes').toBe(0);
    expect(record.varlong(), '레코드의 timestampDelta (varlong)').toBe(0);
    expect(record.varint(), '레코드의 offsetDelta').toBe(0);
    expect(record.varint(), '레코드의 keyLength (varint 0c → 6)').toBe(6);
    expect(record.slice(6).toString(), '레코드의 key').toBe('user-7');
  });

  it('CompactLengthIsNPlusOne: compact 길이는 N+1이고 0은 null입니다. 예전 형식은 int32 N이고 -1이 null입니다', () => {
    const read = (bytes: string, compact: boolean) => new ByteReader(golden.hex(bytes)).arrayLength(compact);
    expect(read('00', true), 'compact 길이 00은 null 배열(-1)입니다').toBe(-1);
    expect(read('01', true), 'compact 길이 01은 빈 배열(0개)입니다').toBe(0);
    expect(read('04 aabbcc', true), 'compact 길이 04는 원소 3개입니다').toBe(3);
    expect(read('ffffffff', false), 'int32 길이 ffffffff(-1)는 null 배열(-1)입니다').toBe(-1);
    expect(read('00000002 aabb', false), 'int32 길이 2는 원소 2개입니다').toBe(2);
    expect(() => read('fffffffe', false), '길이 -2는 있을 수 없으니 ProtocolError').toThrow(ProtocolError);
    expect(() => read('05 aa', true), '원소 4개라는데 남은 바이트가 1개뿐이면 거짓 길이이니 ProtocolError').toThrow(
      ProtocolError,
    );

    // 진짜 요청에서: 헤더 뒤 본문의 첫 필드가 토픽 배열입니다.
    const platformaticBody = headerPrefix('platformatic') + 1; // 헤더 v2는 태그 필드 구역(1바이트)까지
    const all = new ByteReader(golden.platformaticMetadataAllTopics, platformaticBody);
    expect(all.arrayLength(true), '@platformatic/kafka의 "모든 토픽" Metadata v12: compact 00 → null(-1)').toBe(-1);
    const none = new ByteReader(golden.platformaticMetadataNoTopics, platformaticBody);
    expect(none.arrayLength(true), '@platformatic/kafka의 "토픽 없음" Metadata v12: compact 01 → 0개').toBe(0);
    const kafkajs = new ByteReader(golden.kafkajsMetadataAllTopics, headerPrefix('kafkajs'));
    expect(kafkajs.arrayLength(false), 'kafkajs의 "모든 토픽" Metadata v6: int32 -1 → null(-1)').toBe(-1);

    const software = new ByteReader(golden.platformaticApiVersions, platformaticBody);
    expect(software.compactString(), 'compact 문자열: 길이 13(=19)에서 1을 뺀 18바이트').toBe('platformatic-kafka');
    expect(software.compactString(), 'compact 문자열: 길이 07에서 1을 뺀 6바이트').toBe('1.35.0');
  });

  it('RequestHeaderVersion: 요청 헤더 버전은 그 API 버전이 유연한 버전인지로 정해집니다 (v1 또는 v2)', () => {
    const cases: [string, number, number, number][] = [
      ['ApiVersions', ApiKey.ApiVersions, 2, 1],
      ['ApiVersions', ApiKey.ApiVersions, 3, 2],
      ['Metadata', ApiKey.Metadata, 6, 1],
      ['Metadata', ApiKey.Metadata, 8, 1],
      ['Metadata', ApiKey.Metadata, 9, 2],
      ['Metadata', ApiKey.Metadata, 12, 2],
      ['Produce', ApiKey.Produce, 7, 1],
      ['Produce', ApiKey.Produce, 9, 2],
      ['Fetch', ApiKey.Fetch, 11, 1],
      ['Fetch', ApiKey.Fetch, 12, 2],
      ['CreateTopics', ApiKey.CreateTopics, 3, 1],
      ['CreateTopics', ApiKey.CreateTopics, 5, 2],
    ];
    for (const [name, key, version, expected] of cases) {
      expect(requestHeaderVersion(key, version), `${name} v${version} 요청의 헤더 버전`).toBe(expected);
    }
    expect(
      requestHeaderVersion(ApiKey.ApiVersions, 9),
      '브로커가 모르는 더 높은 ApiVersions v9도 v2로 읽어야 correlation id를 얻어 답할 수 있습니다',
    ).toBe(2);
  });

  it('ApiVersionsResponseHeaderIsV0: ApiVersions 응답은 어느 버전이든 응답 헤더 v0입니다', () => {
    for (const version of [0, 1, 2, 3, 4]) {
      expect(
        responseHeaderVersion(ApiKey.ApiVersions, version),
        `ApiVersions v${version} 응답의 헤더 버전 (v3부터 본문은 유연하지만 헤더는 v0)`,
      ).toBe(0);
    }
    expect(responseHeaderVersion(ApiKey.Metadata, 8), 'Metadata v8 응답의 헤더 버전').toBe(0);
    expect(responseHeaderVersion(ApiKey.Metadata, 9), 'Metadata v9 응답의 헤더 버전 (유연한 버전)').toBe(1);
    expect(responseHeaderVersion(ApiKey.Produce, 9), 'Produce v9 응답의 헤더 버전').toBe(1);
    expect(responseHeaderVersion(ApiKey.Fetch, 11), 'Fetch v11 응답의 헤더 버전').toBe(0);

    const bytes = (apiKey: number, version: number, correlationId: number) => {
      const writer = new ByteWriter();
      encodeResponseHeader(writer, apiKey, version, correlationId);
      return writer.toBuffer().toString('hex');
    };
    expect(bytes(ApiKey.ApiVersions, 3, 1), 'ApiVersions v3 응답 헤더는 correlation id 4바이트뿐').toBe('00000001');
    expect(bytes(ApiKey.Metadata, 12, 2), 'Metadata v12 응답 헤더는 correlation id + 빈 태그 필드 구역(00)').toBe(
      '0000000200',
    );
    expect(bytes(ApiKey.Metadata, 6, 1), 'Metadata v6 응답 헤더는 correlation id 4바이트뿐').toBe('00000001');
  });

  it('KafkaJsApiVersionsRequest: kafkajs가 보낸 ApiVersions 요청을 헤더부터 본문 끝까지 읽습니다', () => {
    const reader = new ByteReader(golden.kafkajsApiVersions);
    expect(decodeRequestHeader(reader), 'kafkajs의 첫 요청 헤더 (v1)').toEqual({
      requestApiKey: ApiKey.ApiVersions,
      requestApiVersion: 2,
      correlationId: 0,
      clientId: 'kafkajs',
    });
    expect(decode(apiVersionsRequest, 2, reader), 'ApiVersions v2 본문: v3부터 있는 필드는 기본값("")').toEqual({
      clientSoftwareName: '',
      clientSoftwareVersion: '',
    });
    expect(reader.remaining, '요청을 다 읽은 뒤 남은 바이트').toBe(0);

    const create = new ByteReader(golden.kafkajsCreateTopics);
    expect(decodeRequestHeader(create), 'kafkajs의 CreateTopics v3 요청 헤더').toEqual({
      requestApiKey: ApiKey.CreateTopics,
      requestApiVersion: 3,
      correlationId: 2,
      clientId: 'kafkajs',
    });
  });

  it('MetadataNullMeansAllTopics: "모든 토픽"을 묻는 Metadata 요청의 토픽 배열은 null입니다', () => {
    const readMetadata = (bytes: Buffer) => {
      const reader = new ByteReader(bytes);
      const header = decodeRequestHeader(reader);
      const body = decode(metadataRequest, header.requestApiVersion, reader);
      expect(reader.remaining, `Metadata v${header.requestApiVersion} 요청을 다 읽은 뒤 남은 바이트`).toBe(0);
      return body;
    };
    expect(readMetadata(golden.kafkajsMetadataAllTopics).topics, 'kafkajs의 Metadata v6 (int32 -1)').toBeNull();
    expect(readMetadata(golden.kafkajsMetadataOrders).topics, 'kafkajs가 "orders"만 물은 Metadata v6').toMatchObject([
      { name: 'orders' },
    ]);
    expect(
      readMetadata(golden.platformaticMetadataAllTopics).topics,
      '@platformatic/kafka의 Metadata v12 (compact 00)',
    ).toBeNull();
    expect(
      readMetadata(golden.platformaticMetadataNoTopics).topics,
      '@platformatic/kafka의 Metadata v12 (compact 01): null이 아니라 빈 배열',
    ).toEqual([]);
  });

  it('UnknownTaggedFieldsAreSkipped: 유연한 요청을 읽고, 모르는 태그 필드는 크기만큼 건너뜁니다', () => {
    const expectedHeader = {
      requestApiKey: ApiKey.ApiVersions,
      requestApiVersion: 3,
      correlationId: 1,
      clientId: 'platformatic',
    };
    const expectedBody = { clientSoftwareName: 'platformatic-kafka', clientSoftwareVersion: '1.35.0' };
    const read = (bytes: Buffer, what: string) => {
      const reader = new ByteReader(bytes);
      expect(decodeRequestHeader(reader), `${what}: 요청 헤더 v2`).toEqual(expectedHeader);
      expect(decode(apiVersionsRequest, 3, reader), `${what}: ApiVersions v3 본문`).toEqual(expectedBody);
      expect(reader.remaining, `${what}: 다 읽은 뒤 남은 바이트`).toBe(0);
    };
    read(golden.platformaticApiVersions, '@platformatic/kafka의 ApiVersions v3');

    // 더 새로운 클라이언트라면 보낼 법한 태그 필드를 끼워 넣습니다. 이 브로커는 이 태그들을 모릅니다.
    const tagsAt = headerPrefix('platformatic');
    const original = golden.platformaticApiVersions;
    const withUnknownTags = Buffer.concat([
      original.subarray(0, tagsAt),
      golden.hex('02  05 03 aabbcc  63 01 ff'), // 헤더: 태그 2개 (tag 5: 3바이트, tag 99: 1바이트)
      original.subarray(tagsAt + 1, original.length - 1),
      golden.hex('01  2a 02 beef'), // 본문 끝: 태그 1개 (tag 42: 2바이트)
    ]);
    read(withUnknownTags, '모르는 태그 필드를 끼운 ApiVersions v3');
  });

  it('TaggedFieldsByTag: 아는 태그 필드는 번호로 찾아 그 필드로 읽고, 오지 않은 태그 필드는 기본값입니다', () => {
    // 팔로워(복제본)가 보내는 Fetch v17: 본문 끝에 clusterId(태그 0)와 replicaState(태그 1, KIP-903),
    // 파티션마다 replicaDirectoryId(태그 0, KIP-858)가 태그 필드로 붙습니다. 바이트는 reference의 인코더로 만듭니다.
    const follower = {
      clusterId: 'kraft-cluster',
      replicaState: { replicaId: 2, replicaEpoch: 7 },
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 1024,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topicId: 'AAAAAAAAAAAAAAAAAAAAAQ',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: 3,
              fetchOffset: 42,
              lastFetchedEpoch: 3,
              logStartOffset: 0,
              partitionMaxBytes: 1024,
              replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAg',
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    };
    const reader = new ByteReader(encode(fetchRequest, 17, follower));
    const read = decode(fetchRequest, 17, reader);
    expect(reader.remaining, 'Fetch v17을 다 읽은 뒤 남은 바이트').toBe(0);
    expect(
      { clusterId: read.clusterId, replicaState: read.replicaState },
      '본문 끝 태그 구역의 태그 0(clusterId)과 태그 1(replicaState): plan.tagged에서 번호(field.tag)로 찾아 readField로 읽습니다',
    ).toEqual({ clusterId: 'kraft-cluster', replicaState: { replicaId: 2, replicaEpoch: 7 } });
    expect(
      read.topics[0]?.partitions[0]?.replicaDirectoryId,
      '파티션 구조체 끝의 태그 0(replicaDirectoryId): 구조체마다 자기 태그 구역이 있습니다',
    ).toBe('AAAAAAAAAAAAAAAAAAAAAg');
    expect(read.topics[0]?.partitions[0]?.fetchOffset, '태그 구역 앞의 보통 필드 fetchOffset').toBe(42);

    // 컨슈머의 Fetch v17에는 태그 필드가 하나도 없습니다(개수 0). 그러면 기본값입니다.
    const consumer = { ...follower, clusterId: null, replicaState: undefined, topics: [] };
    const plain = decode(fetchRequest, 17, new ByteReader(encode(fetchRequest, 17, consumer)));
    expect(
      { clusterId: plain.clusterId, replicaState: plain.replicaState },
      '태그 필드가 오지 않으면 스키마의 기본값 (clusterId null, replicaState의 필드는 -1)',
    ).toEqual({ clusterId: null, replicaState: { replicaId: -1, replicaEpoch: -1 } });
  });

  it('RecordBatchCrc: 레코드 배치의 CRC-32C는 attributes부터 끝까지이고, baseOffset을 고쳐 써도 그대로입니다', () => {
    const batch = Buffer.from(golden.kafkajsRecordBatch);
    const header = readBatchHeader(batch);
    if (!header) throw new Error('배치 헤더를 읽지 못했습니다');
    expect(computeCrc(batch, 0, header).toString(16), 'kafkajs가 배치에 적은 CRC는 c9e4926c입니다').toBe('c9e4926c');

    const produce = Buffer.from(golden.kafkajsProduce);
    const inside = readBatchHeader(produce, golden.recordBatchPosition);
    if (!inside) throw new Error('Produce 요청 안의 배치 헤더를 읽지 못했습니다');
    expect(
      computeCrc(produce, golden.recordBatchPosition, inside).toString(16),
      `Produce 요청 안(위치 ${golden.recordBatchPosition})의 같은 배치도 c9e4926c여야 합니다: position부터 세세요`,
    ).toBe('c9e4926c');

    setBaseOffset(batch, 0, 42);
    setPartitionLeaderEpoch(batch, 0, 7);
    expect(
      hasValidCrc(batch, 0, readBatchHeader(batch) ?? header),
      '브로커가 baseOffset(42)과 partitionLeaderEpoch(7)을 고쳐 써도 CRC는 그대로 맞아야 합니다',
    ).toBe(true);

    const damagedValue = Buffer.from(golden.kafkajsRecordBatch);
    damagedValue[damagedValue.length - 2] = (damagedValue[damagedValue.length - 2] ?? 0) ^ 0x01;
    expect(hasValidCrc(damagedValue, 0, header), '값의 한 비트가 바뀌면 CRC가 맞지 않아야 합니다').toBe(false);
    const damagedAttributes = Buffer.from(golden.kafkajsRecordBatch);
    damagedAttributes[22] = 0x01; // attributes의 압축 비트: gzip인 척
    expect(
      hasValidCrc(damagedAttributes, 0, header),
      'attributes도 CRC 범위 안이라, 바뀌면 CRC가 맞지 않아야 합니다',
    ).toBe(false);
  });
});
