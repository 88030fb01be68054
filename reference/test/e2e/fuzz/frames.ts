/**
 * 퍼즈 프레임 만들기. 한 "경우(case)"는 소켓에 그대로 보낼 바이트와, 브로커가 어떻게 해야 하는지(기대)입니다.
 *
 * 종류는 세 갈래입니다.
 * - 아무렇게나: 순수한 난수 바이트, 크기만 맞춘 난수, 헤더만 올바르고 본문은 난수
 * - 틀이 틀린 것: 음수·거대한·모자란·넘치는 크기 접두사, 중간에 잘린 프레임
 * - 올바른 요청을 망가뜨린 것: ApiVersions, Metadata, Produce, Fetch, ListOffsets, CreateTopics, DeleteTopics,
 *   CreatePartitions, DescribeConfigs, DeleteRecords, AlterConfigs, IncrementalAlterConfigs, DescribeCluster를
 *   버전마다 제대로 만든 뒤 바이트 뒤집기, 흥미로운 값 덮어쓰기, 자르기, 덧붙이기, 엉터리 태그 필드 구역(KIP-482),
 *   레코드 배치 망가뜨리기(CRC, 길이, magic, 개수, 압축 비트).
 *   모르는 API 키와 지원하지 않는 버전도 여기서 만듭니다.
 *
 * 올바른 요청은 requests.ts가, 망가뜨리기는 mutations.ts가 만듭니다. 여기서는 종류를 고르고 기대를 정합니다.
 */
import { MAX_PARTITIONS_PER_REQUEST } from '../../../src/metadata/topic-control.js';
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { decode, encode } from '../../../src/protocol/codec.js';
import { decodeRequestHeader } from '../../../src/protocol/headers.js';
import { messages } from '../../../src/protocol/messages/index.js';
import { ByteReader } from '../../../src/protocol/reader.js';
import { type MessageSchema, parseVersions } from '../../../src/protocol/schema.js';
import { sampleMessage } from '../../protocol/sample-values.js';
import type { Rng } from '../../support/rng.js';
import { corruptBatch, flipBytes, splice, withGarbageTags, writeInteresting } from './mutations.js';
import {
  buildableKeys,
  type FuzzTopics,
  framed,
  HANDLED,
  isFlexibleRequest,
  range,
  requestHeader,
  toPayload,
  wellFormed,
} from './requests.js';

/**
 * 브로커가 해야 할 일.
 * - `reply-or-close`: 크기 접두사가 내용과 맞습니다. 브로커는 (순서대로) 답하거나 연결을 끊어야 합니다.
 * - `close`: 크기 접두사가 음수이거나 socket.request.max.bytes를 넘습니다. 브로커가 스스로 끊어야 합니다.
 * - `close-after-end`: 바이트 흐름의 박자가 어긋났습니다 (잘린 프레임, 모자란 크기, 순수 잡음). 브로커는 더 올
 *   바이트를 기다릴 수 있으니 우리가 쓰기 쪽을 닫고(FIN), 그러면 브로커도 끊어야 합니다.
 */
export type Expectation = 'reply-or-close' | 'close' | 'close-after-end';

export interface FuzzCase {
  readonly kind: string;
  /** 소켓에 보낼 바이트 전부 (크기 접두사 포함) */
  readonly bytes: Buffer;
  readonly expect: Expectation;
  /** Produce의 배치를 CRC·길이·magic 등으로 망가뜨렸으니, 응답의 파티션 오류 코드가 0이면 안 됩니다. */
  readonly mustNotAck?: boolean;
}

export interface FrameContext {
  readonly topics: FuzzTopics;
  /** 브로커의 socket.request.max.bytes */
  readonly maxRequestBytes: number;
  /** 이 연결에서 쓸 correlation id (프로브와 겹치지 않게 부르는 쪽이 고릅니다) */
  readonly correlationId: number;
}

/** 핸들러가 없는 API 키 (스키마만 있는 것, 아예 모르는 것) */
const UNKNOWN_KEYS = [
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22, 24, 25, 26, 28, 36, 42, 50, 52, 53, 54, 55, 59, 62, 63, 68,
  1000,
].filter((key) => !HANDLED.has(key));

function unknownApi(rng: Rng, correlationId: number): Buffer {
  const apiKey = rng.chance(0.9) ? rng.pick(UNKNOWN_KEYS) : rng.pick([-1, -32768, 32767]);
  const schema = messages[apiKey as keyof typeof messages]?.request as MessageSchema | undefined;
  let version = rng.range(0, 12);
  let body = rng.bytes(rng.int(40));
  if (schema) {
    const { min, max } = parseVersions(schema.validVersions);
    version = rng.range(min, max);
    body = encode(schema, version, sampleMessage(schema, version) as never);
  }
  return Buffer.concat([requestHeader(apiKey, version, correlationId, 'fuzz'), body]);
}

function unsupportedVersion(rng: Rng, topics: FuzzTopics, correlationId: number): Buffer {
  const apiKey = rng.chance(0.4) ? ApiKey.ApiVersions : rng.pick([...HANDLED.keys()]);
  const [min, max] = range(apiKey);
  const version = rng.pick([max + 1, max + rng.range(2, 100), 32767, -1, -32768, ...(min > 0 ? [min - 1, 0] : [])]);
  const nearest = buildableKeys.includes(apiKey) ? wellFormed(rng, topics, apiKey).body : rng.bytes(rng.int(30));
  // 모르는 버전의 본문은 클라이언트마다 다릅니다: 가까운 버전의 본문, 난수, 빈 본문
  const body = rng.weighted([
    [2, nearest],
    [1, rng.bytes(rng.int(30))],
    [1, Buffer.alloc(0)],
  ]);
  return Buffer.concat([requestHeader(apiKey, version, correlationId, 'fuzz'), body]);
}

export type CaseKind =
  | 'noise'
  | 'noise-framed'
  | 'random-body'
  | 'unknown-api'
  | 'unsupported-version'
  | 'size-negative'
  | 'size-huge'
  | 'size-short'
  | 'size-zero'
  | 'truncated'
  | 'valid'
  | 'flip'
  | 'interesting'
  | 'cut'
  | 'append'
  | 'splice'
  | 'tagged-garbage'
  | 'corrupt-batch';

const KINDS: readonly (readonly [number, CaseKind])[] = [
  [4, 'noise'],
  [5, 'noise-framed'],
  [9, 'random-body'],
  [5, 'unknown-api'],
  [6, 'unsupported-version'],
  [3, 'size-negative'],
  [3, 'size-huge'],
  [2, 'size-short'],
  [1, 'size-zero'],
  [3, 'truncated'],
  [8, 'valid'],
  [18, 'flip'],
  [7, 'interesting'],
  [5, 'cut'],
  [3, 'append'],
  [3, 'splice'],
  [8, 'tagged-garbage'],
  [12, 'corrupt-batch'],
];

/**
 * 퍼즈 한 번이 새로 만들 수 있는 파티션 수의 상한 (요청 하나마다). 망가뜨린 CreateTopics/CreatePartitions가
 * 파티션을 수천 개 만들면, 파티션마다 디렉터리와 파일을 만들고 fsync하느라 브로커가 몇십 초씩 바쁩니다
 * (정당한 요청입니다). 그런 경우는 다시 뽑아 퍼즈가 제시간에 끝나게 합니다. 요청당 상한(10,000개)을 넘는
 * 요청은 그대로 보냅니다: 브로커가 POLICY_VIOLATION으로 거절해야 합니다.
 */
const MAX_FUZZ_PARTITIONS = 50;

/** 이 요청이 새로 만들 파티션 수 (CreateTopics, CreatePartitions). 읽을 수 없는 요청이면 0. */
export function partitionsRequested(payload: Buffer): number {
  try {
    const reader = new ByteReader(payload);
    const { requestApiKey: apiKey, requestApiVersion: version } = decodeRequestHeader(reader);
    if (apiKey !== ApiKey.CreateTopics && apiKey !== ApiKey.CreatePartitions) return 0;
    const request = decode(messages[apiKey].request as MessageSchema, version, reader) as {
      topics: { numPartitions?: number; count?: number; assignments: unknown[] | null }[];
    };
    let total = 0;
    for (const t of request.topics) {
      const count =
        apiKey === ApiKey.CreatePartitions ? (t.count ?? 0) : t.numPartitions === -1 ? 1 : (t.numPartitions ?? 0);
      total += t.assignments && t.assignments.length > 0 ? t.assignments.length : Math.max(0, count);
    }
    return total;
  } catch {
    return 0;
  }
}

export function generateCase(rng: Rng, ctx: FrameContext): FuzzCase {
  for (;;) {
    const fuzzCase = generateAnyCase(rng, ctx);
    const requested = fuzzCase.expect === 'reply-or-close' ? partitionsRequested(fuzzCase.bytes.subarray(4)) : 0;
    if (requested <= MAX_FUZZ_PARTITIONS || requested > MAX_PARTITIONS_PER_REQUEST) return fuzzCase;
  }
}

function generateAnyCase(rng: Rng, ctx: FrameContext): FuzzCase {
  const { topics, maxRequestBytes, correlationId } = ctx;
  const kind = rng.weighted(KINDS);
  const reply = (payload: Buffer, extra: Partial<FuzzCase> = {}): FuzzCase => ({
    kind,
    bytes: framed(payload),
    expect: 'reply-or-close',
    ...extra,
  });
  const valid = () => toPayload(wellFormed(rng, topics), correlationId);

  switch (kind) {
    case 'noise':
      return { kind, bytes: rng.bytes(rng.range(1, 300)), expect: 'close-after-end' };
    case 'noise-framed':
      return reply(rng.bytes(rng.int(300)));
    case 'random-body': {
      const apiKey = rng.pick([...HANDLED.keys()]);
      const [min, max] = range(apiKey);
      const version = rng.range(min, max);
      return reply(Buffer.concat([requestHeader(apiKey, version, correlationId, 'fuzz'), rng.bytes(rng.int(200))]));
    }
    case 'unknown-api':
      return reply(unknownApi(rng, correlationId));
    case 'unsupported-version':
      return reply(unsupportedVersion(rng, topics, correlationId));
    case 'size-negative':
      return { kind, bytes: framed(valid(), -rng.range(1, 0x7fffffff)), expect: 'close' };
    case 'size-huge':
      return { kind, bytes: framed(valid(), rng.range(maxRequestBytes + 1, 0x7fffffff)), expect: 'close' };
    case 'size-short': {
      const payload = valid();
      return { kind, bytes: framed(payload, rng.int(payload.length)), expect: 'close-after-end' };
    }
    case 'size-zero':
      return reply(Buffer.alloc(0));
    case 'truncated': {
      // 크기는 전체를 말하지만 앞부분만 보냅니다: 브로커는 나머지를 기다립니다.
      const whole = framed(valid());
      return { kind, bytes: whole.subarray(0, rng.range(1, whole.length - 1)), expect: 'close-after-end' };
    }
    case 'valid':
      return reply(valid());
    case 'flip':
      return reply(flipBytes(rng, valid()));
    case 'interesting':
      return reply(writeInteresting(rng, valid()));
    case 'cut': {
      const payload = valid();
      return reply(payload.subarray(0, rng.int(payload.length)));
    }
    case 'append':
      return reply(Buffer.concat([valid(), rng.bytes(rng.range(1, 64))]));
    case 'splice':
      return reply(splice(rng, valid()));
    case 'tagged-garbage': {
      let request = wellFormed(rng, topics);
      for (let i = 0; i < 20 && !isFlexibleRequest(request.apiKey, request.version); i++) {
        request = wellFormed(rng, topics);
      }
      return reply(withGarbageTags(rng, request, correlationId));
    }
    case 'corrupt-batch': {
      const corruption = corruptBatch(rng);
      const request = wellFormed(rng, topics, ApiKey.Produce, corruption.records);
      return {
        kind: corruption.name,
        bytes: framed(toPayload(request, correlationId)),
        expect: 'reply-or-close',
        mustNotAck: corruption.mustNotAck,
      };
    }
  }
}
