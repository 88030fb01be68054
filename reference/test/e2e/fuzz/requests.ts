/**
 * 퍼즈의 재료: 브로커가 처리하는 API들의 올바른 요청. 버전마다 그 버전의 필드만 채워 참조 구현의 코덱으로
 * 인코딩하고, 요청 헤더(v1/v2)는 엉터리 태그 구역을 끼울 수 있게 직접 씁니다.
 *
 * 코덱 자체는 kafkajs와 @platformatic/kafka로 따로 검증되어 있습니다(reference/test/protocol). 퍼즈가 시험하는 것은
 * "망가진 입력 앞에서 브로커가 버티는가"입니다.
 */
import { brokerApis } from '../../../src/apis/index.js';
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { encode } from '../../../src/protocol/codec.js';
import { requestHeaderVersion } from '../../../src/protocol/headers.js';
import { messages } from '../../../src/protocol/messages/index.js';
import { ZERO_UUID } from '../../../src/protocol/reader.js';
import { type FieldSchema, hasVersion, type MessageSchema } from '../../../src/protocol/schema.js';
import { CompressionType } from '../../../src/record/batch-header.js';
import { encodeBatch } from '../../../src/record/record-batch.js';
import type { Rng } from '../../support/rng.js';

export interface FuzzTopics {
  /** Produce와 Fetch가 겨누는 토픽. 퍼즈는 이 토픽들을 지우지 않습니다. */
  readonly produce: readonly { readonly name: string; readonly topicId: string; readonly partitions: number }[];
  /** CreateTopics/DeleteTopics/CreatePartitions가 만들고 지우는 토픽 이름들 */
  readonly scratchNames: readonly string[];
  /** 지금 있는 scratch 토픽의 ID (DeleteTopics v6+는 ID로도 지웁니다) */
  readonly scratchIds: () => readonly string[];
}

/** 브로커가 핸들러를 가진 API와 구현한 버전 범위: ApiVersions가 알리는 것과 같은 등록(apis/index.ts)에서 읽습니다. */
export const HANDLED: ReadonlyMap<number, readonly [min: number, max: number]> = new Map(
  brokerApis.map((api) => [api.key, [api.minVersion, api.maxVersion] as const]),
);

export function range(apiKey: number): readonly [number, number] {
  const found = HANDLED.get(apiKey);
  if (!found) throw new Error(`API ${apiKey}는 브로커가 처리하지 않습니다`);
  return found;
}

const NO_TAGS: Buffer = Buffer.from([0]);

function int16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(value);
  return b;
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value | 0);
  return b;
}

/** 크기 접두사(int32)를 붙입니다. `size`를 주면 실제 길이 대신 그 값을 적습니다. */
export function framed(payload: Buffer, size = payload.length): Buffer {
  return Buffer.concat([int32(size), payload]);
}

/**
 * 요청 헤더 v1/v2 (Kafka protocol guide, "Headers"). clientId는 유연한 헤더에서도 NULLABLE_STRING이고,
 * v2는 끝에 태그 필드 구역이 붙습니다. 엉터리 태그 구역을 끼우려고 코덱을 쓰지 않고 직접 씁니다.
 */
export function requestHeader(
  apiKey: number,
  version: number,
  correlationId: number,
  clientId: string | null,
  tags = NO_TAGS,
) {
  const id = clientId === null ? int16(-1) : Buffer.concat([int16(Buffer.byteLength(clientId)), Buffer.from(clientId)]);
  const flexible = requestHeaderVersion(apiKey, version) === 2;
  return Buffer.concat([int16(apiKey), int16(version), int32(correlationId), id, flexible ? tags : Buffer.alloc(0)]);
}

export function isFlexibleRequest(apiKey: number, version: number): boolean {
  const schema = messages[apiKey as keyof typeof messages]?.request as MessageSchema | undefined;
  return schema !== undefined && hasVersion(schema.flexibleVersions, version);
}

export interface Request {
  readonly apiKey: number;
  readonly version: number;
  readonly clientId: string | null;
  readonly body: Buffer;
}

export function batch(rng: Rng, recordCount = rng.range(1, 5)): Buffer {
  const baseTimestamp = 1_700_000_000_000 + rng.int(1_000_000);
  return encodeBatch({
    compression: rng.weighted([
      [10, CompressionType.None],
      [1, CompressionType.Gzip],
      [1, CompressionType.Snappy],
      [1, CompressionType.Lz4],
      [1, CompressionType.Zstd],
    ]),
    records: Array.from({ length: recordCount }, (_, i) => ({
      key: rng.chance(0.5) ? rng.bytes(rng.int(12)) : null,
      value: rng.chance(0.95) ? rng.bytes(rng.int(120)) : null,
      headers: rng.chance(0.2) ? [{ key: 'h', value: rng.bytes(3) }] : [],
      timestamp: baseTimestamp + i,
    })),
  });
}

type BodyBuilder = (rng: Rng, version: number, topics: FuzzTopics, records?: Buffer | null) => Record<string, unknown>;

const producePartition = (rng: Rng, topics: FuzzTopics) => {
  const topic = rng.pick(topics.produce);
  // 가끔 없는 파티션도 겨눕니다 (UNKNOWN_TOPIC_OR_PARTITION)
  return { topic, partition: rng.int(topic.partitions + (rng.chance(0.1) ? 2 : 0)) };
};

const bodies: Record<number, BodyBuilder> = {
  [ApiKey.ApiVersions]: (rng) => ({ clientSoftwareName: rng.pick(['fuzz', 'a-b.c']), clientSoftwareVersion: '1.0' }),

  [ApiKey.Metadata]: (rng, version, topics) => {
    const named = (name: string) => ({ name, topicId: ZERO_UUID });
    const choice = rng.weighted<Record<string, unknown>[] | null>([
      [3, version === 0 ? [] : null],
      [4, [named(rng.pick(topics.produce).name)]],
      [2, [named(`auto-${rng.int(20)}`)]], // 자동 생성 (allowAutoTopicCreation일 때)
      [1, [named(rng.pick(topics.scratchNames)), named('bad name!')]],
    ]);
    return { topics: choice, allowAutoTopicCreation: rng.chance(0.3), includeTopicAuthorizedOperations: false };
  },

  [ApiKey.Produce]: (rng, _version, topics, records) => {
    const { topic, partition } = producePartition(rng, topics);
    return {
      transactionalId: null,
      acks: rng.weighted([
        [6, 1],
        [3, -1],
        [1, 0],
      ]),
      timeoutMs: 1_000,
      topicData: [
        {
          name: topic.name,
          partitionData: [{ index: partition, records: records === undefined ? batch(rng) : records }],
        },
      ],
    };
  },

  [ApiKey.Fetch]: (rng, _version, topics) => {
    const { topic, partition } = producePartition(rng, topics);
    return {
      replicaId: -1,
      // 롱 폴링은 짧게: 망가뜨린 요청이 오래 기다리는 것은 허용하지만 올바른 요청까지 기다리면 퍼즈가 느려집니다.
      maxWaitMs: rng.chance(0.8) ? 0 : rng.int(20),
      minBytes: rng.chance(0.8) ? 0 : 1,
      maxBytes: rng.pick([0x7fffffff, 1 << 20, 300, 0]),
      isolationLevel: rng.int(2),
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: topic.name,
          topicId: topic.topicId,
          partitions: [
            {
              partition,
              currentLeaderEpoch: rng.pick([-1, 0]),
              fetchOffset: rng.int(30),
              lastFetchedEpoch: -1,
              logStartOffset: -1,
              partitionMaxBytes: rng.pick([1 << 20, 100, 0]),
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    };
  },

  [ApiKey.ListOffsets]: (rng, _version, topics) => {
    const { topic, partition } = producePartition(rng, topics);
    const timestamp = rng.pick([-1, -2, -3, 0, 1_700_000_000_000 + rng.int(1_000_000)]);
    return {
      replicaId: -1,
      isolationLevel: rng.int(2),
      topics: [{ name: topic.name, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp }] }],
      timeoutMs: 1_000,
    };
  },

  [ApiKey.CreateTopics]: (rng, _version, topics) => {
    const manual = rng.chance(0.15);
    return {
      topics: [
        {
          name: rng.pick(topics.scratchNames),
          numPartitions: manual ? -1 : rng.pick([-1, 1, 2, 3, 0]),
          replicationFactor: manual ? -1 : rng.pick([-1, 1, 2]),
          assignments: manual ? [{ partitionIndex: 0, brokerIds: [1] }] : [],
          configs: rng.chance(0.4)
            ? [
                { name: 'retention.ms', value: String(rng.pick([3_600_000, -1, 86_400_000])) },
                { name: 'cleanup.policy', value: 'delete' },
                { name: 'segment.bytes', value: String(rng.pick([1_048_576, 16_384])) },
              ]
            : [],
        },
      ],
      timeoutMs: 1_000,
      validateOnly: rng.chance(0.2),
    };
  },

  [ApiKey.DeleteTopics]: (rng, version, topics) => {
    const name = rng.pick(topics.scratchNames);
    if (version < 6) return { topicNames: [name], timeoutMs: 1_000 };
    // v6+는 이름 또는 ID로 지웁니다
    const ids = topics.scratchIds();
    const byId = ids.length > 0 && rng.chance(0.5);
    return { topics: [{ name: byId ? null : name, topicId: byId ? rng.pick(ids) : ZERO_UUID }], timeoutMs: 1_000 };
  },

  [ApiKey.CreatePartitions]: (rng, _version, topics) => ({
    topics: [{ name: rng.pick(topics.scratchNames), count: rng.range(1, 6), assignments: null }],
    timeoutMs: 1_000,
    validateOnly: rng.chance(0.2),
  }),

  [ApiKey.DescribeConfigs]: (rng, _version, topics) => ({
    resources: [
      {
        resourceType: rng.pick([2, 4, 4, 99]), // 2 = TOPIC, 4 = BROKER
        resourceName: rng.pick([rng.pick(topics.produce).name, '1', '', 'nope']),
        configurationKeys: rng.pick([null, ['retention.ms'], ['segment.bytes', 'unknown.key']]),
      },
    ],
    includeSynonyms: rng.chance(0.5),
    includeDocumentation: rng.chance(0.5),
  }),

  // 받아들인 배치가 모두 남아 있는지 끝에 확인하므로, 지우고 바꾸는 요청은 scratch 토픽에만 겨눕니다.
  [ApiKey.DeleteRecords]: (rng, _version, topics) => ({
    topics: [
      {
        name: rng.pick([...topics.scratchNames, '__consumer_offsets']),
        partitions: [{ partitionIndex: rng.int(3), offset: rng.pick([-1, 0, 3, 1_000, -7]) }],
      },
    ],
    timeoutMs: 1_000,
  }),

  [ApiKey.AlterConfigs]: (rng, _version, topics) => {
    const { resourceType, resourceName, config } = alterableResource(rng, topics);
    // 브로커 자원은 검사만: 동적 브로커 설정은 fuzz-a/fuzz-b에도 적용되기 때문입니다.
    return {
      resources: [{ resourceType, resourceName, configs: [config] }],
      validateOnly: resourceType === 4 || rng.chance(0.3),
    };
  },

  [ApiKey.IncrementalAlterConfigs]: (rng, _version, topics) => {
    const { resourceType, resourceName, config } = alterableResource(rng, topics);
    return {
      resources: [
        {
          resourceType,
          resourceName,
          configs: [{ ...config, configOperation: rng.pick([0, 0, 1, 2, 3, 9]) }],
        },
      ],
      validateOnly: resourceType === 4 || rng.chance(0.3),
    };
  },

  [ApiKey.ElectLeaders]: (rng, _version, topics) => ({
    electionType: rng.pick([0, 1, 2]),
    topicPartitions: rng.chance(0.2)
      ? null
      : [{ topic: rng.pick([...topics.scratchNames, topics.produce[0]?.name ?? 'x']), partitions: [rng.int(4)] }],
    timeoutMs: 1_000,
  }),

  // 재배치는 scratch 토픽만 겨눕니다: 없는 브로커(2, 7)로 가는 재배치는 끝나지 않고 목록에 남으며, 빈 목록·중복은 오류입니다.
  [ApiKey.AlterPartitionReassignments]: (rng, _version, topics) => ({
    timeoutMs: 1_000,
    topics: [
      {
        name: rng.pick([...topics.scratchNames, '__consumer_offsets', 'bad name!']),
        partitions: [{ partitionIndex: rng.int(4), replicas: rng.pick([[1], [1, 2], [2], [1, 1], [], [7], null]) }],
      },
    ],
  }),

  [ApiKey.ListPartitionReassignments]: (rng, _version, topics) => ({
    timeoutMs: 1_000,
    topics: rng.chance(0.3) ? null : [{ name: rng.pick(topics.scratchNames), partitionIndexes: [rng.int(4)] }],
  }),

  [ApiKey.DescribeCluster]: (rng) => ({
    includeClusterAuthorizedOperations: rng.chance(0.5),
    endpointType: rng.pick([1, 1, 2, 0]),
  }),

  // PLAINTEXT 리스너에서는 둘 다 ILLEGAL_SASL_STATE로 답하고 연결을 잇습니다 (KafkaApis.handleSasl*Request)
  [ApiKey.SaslHandshake]: (rng) => ({ mechanism: rng.pick(['PLAIN', 'SCRAM-SHA-256', 'GSSAPI', '']) }),

  [ApiKey.SaslAuthenticate]: (rng) => ({
    authBytes: Buffer.from(rng.pick(['\0alice\0secret', 'n,,n=alice,r=abc', ''])),
  }),
};

/** AlterConfigs와 IncrementalAlterConfigs가 겨누는 자원과 설정 하나: scratch 토픽, 또는 브로커(검사만) */
function alterableResource(rng: Rng, topics: FuzzTopics) {
  const resourceType = rng.weighted([
    [6, 2], // TOPIC
    [3, 4], // BROKER
    [1, 8], // BROKER_LOGGER (구현하지 않음)
  ]);
  const resourceName =
    resourceType === 2 ? rng.pick([...topics.scratchNames, '', 'bad name!']) : rng.pick(['1', '', '2', 'x']);
  const config = rng.pick([
    { name: 'retention.ms', value: rng.pick(['3600000', '-1', 'soon', null]) },
    { name: 'cleanup.policy', value: rng.pick(['compact', 'delete,compact', 'shred']) },
    { name: 'segment.bytes', value: rng.pick(['16384', '5']) },
    { name: 'log.cleaner.backoff.ms', value: '15000' },
    { name: 'log.dirs', value: '/tmp/nope' },
    { name: 'no.such.config', value: '1' },
  ]);
  return { resourceType, resourceName, config };
}

/** 올바른 본문을 만들 줄 아는 API (브로커가 처리하는 것 중에서) */
export const buildableKeys = Object.keys(bodies)
  .map(Number)
  .filter((key) => HANDLED.has(key));

/** 이 버전에 없는 필드를 뺍니다 (본문 만들기는 모든 버전의 필드를 한꺼번에 채웁니다). */
export function forVersion(fields: readonly FieldSchema[], version: number, value: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const present = hasVersion(field.versions, version) || hasVersion(field.taggedVersions, version);
    const given = value[field.name];
    if (!present || given === undefined) continue;
    const nested = field.fields;
    if (nested && Array.isArray(given)) out[field.name] = given.map((item) => forVersion(nested, version, item));
    else if (nested && given !== null && typeof given === 'object') {
      out[field.name] = forVersion(nested, version, given as Record<string, unknown>);
    } else out[field.name] = given;
  }
  return out;
}

export function wellFormed(
  rng: Rng,
  topics: FuzzTopics,
  apiKey = rng.pick(buildableKeys),
  records?: Buffer | null,
): Request {
  const [min, max] = range(apiKey);
  const version = rng.range(min, max);
  const schema = messages[apiKey as keyof typeof messages].request as MessageSchema;
  const value = (bodies[apiKey] as BodyBuilder)(rng, version, topics, records);
  const body = encode(schema, version, forVersion(schema.fields, version, value) as never);
  return { apiKey, version, clientId: rng.pick(['fuzz', null, '', 'c'.repeat(rng.int(40))]), body };
}

export function toPayload(request: Request, correlationId: number, headerTags = NO_TAGS): Buffer {
  return Buffer.concat([
    requestHeader(request.apiKey, request.version, correlationId, request.clientId, headerTags),
    request.body,
  ]);
}

/** 프로브: 퍼즈 프레임 바로 뒤에 보내는 ApiVersions v0. 이 답이 오면 앞 프레임의 처리가 끝난 것입니다. */
export function probe(correlationId: number): Buffer {
  return framed(requestHeader(ApiKey.ApiVersions, 0, correlationId, 'probe'));
}
