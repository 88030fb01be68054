/**
 * 여러 시나리오가 날 프로토콜로 보내는 요청들. kafkajs가 오류 코드나 응답의 값(타임스탬프, LSO)을 감추는 곳에서
 * 씁니다. 버전은 참조 브로커와 Kafka 4.x가 모두 받는 것으로 고릅니다 (Kafka 4.0은 KIP-896으로 옛 버전을
 * 지웠습니다: Produce v0–2, Fetch v0–3, ListOffsets v0, OffsetCommit v0–1 등).
 */
import { ApiKey } from '../../src/protocol/api-keys.js';
import { errorName } from '../../src/protocol/error-codes.js';
import type { RawClient } from '../e2e/raw-client.js';

/** ListOffsets의 특별한 시각 (ListOffsetsRequest.EARLIEST_TIMESTAMP 등) */
export const EARLIEST = -2;
export const LATEST = -1;
export const MAX_TIMESTAMP = -3;

/** FetchRequest/ListOffsetsRequest의 isolation_level */
export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

export interface OffsetAndTimestamp {
  readonly error: string;
  readonly offset: number;
  readonly timestamp: number;
}

/** ListOffsets v7 (v7부터 MAX_TIMESTAMP, KIP-734): 파티션 하나의 오프셋과 그 레코드의 타임스탬프 */
export async function listOffset(
  client: RawClient,
  topic: string,
  partition: number,
  timestamp: number,
  isolationLevel = READ_UNCOMMITTED,
): Promise<OffsetAndTimestamp> {
  const response = await client.send<{
    topics: { partitions: { errorCode: number; offset: number; timestamp: number }[] }[];
  }>(ApiKey.ListOffsets, 7, {
    replicaId: -1,
    isolationLevel,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp, currentLeaderEpoch: -1 }] }],
  });
  const p = response.topics[0]?.partitions[0];
  if (!p) throw new Error('ListOffsets 응답에 파티션이 없습니다');
  return { error: errorName(p.errorCode), offset: p.offset, timestamp: p.timestamp };
}

export interface FetchedPartition {
  readonly error: string;
  readonly highWatermark: number;
  readonly bytes: number;
  /** 받은 레코드 배치들 */
  readonly records: Buffer;
}

/** Fetch v11 한 번, 기다리지 않고 (maxWaitMs 0) */
export async function fetchOnce(
  client: RawClient,
  topic: string,
  partition: number,
  fetchOffset: number,
): Promise<FetchedPartition> {
  const response = await client.send<{
    responses: { partitions: { errorCode: number; highWatermark: number; records: Buffer | null }[] }[];
  }>(ApiKey.Fetch, 11, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1024 * 1024,
    isolationLevel: READ_UNCOMMITTED,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        partitions: [
          { partition, fetchOffset, partitionMaxBytes: 1024 * 1024, currentLeaderEpoch: -1, logStartOffset: -1 },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  });
  const p = response.responses[0]?.partitions[0];
  if (!p) throw new Error('Fetch 응답에 파티션이 없습니다');
  const records = p.records ?? Buffer.alloc(0);
  return { error: errorName(p.errorCode), highWatermark: p.highWatermark, bytes: records.length, records };
}

/** Metadata v9로 토픽 하나를 묻고 그 토픽의 오류 이름을 돌려줍니다. */
export async function topicMetadataError(
  client: RawClient,
  topic: string,
  allowAutoTopicCreation: boolean,
): Promise<string> {
  const response = await client.send<{ topics: { errorCode: number; name: string }[] }>(ApiKey.Metadata, 9, {
    topics: [{ name: topic }],
    allowAutoTopicCreation,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });
  const answer = response.topics.find((t) => t.name === topic);
  if (!answer) throw new Error(`Metadata 응답에 ${topic}이 없습니다`);
  return errorName(answer.errorCode);
}

/** Produce v9로 파티션 하나에 배치 하나를 쓰고, 오류 이름과 baseOffset을 돌려줍니다. */
export async function produce(
  client: RawClient,
  topic: string,
  partition: number,
  batch: Buffer,
  options: { acks?: number; transactionalId?: string | null } = {},
): Promise<{ error: string; baseOffset: number }> {
  const response = await client.send<{
    responses: { partitionResponses: { errorCode: number; baseOffset: number }[] }[];
  }>(ApiKey.Produce, 9, {
    transactionalId: options.transactionalId ?? null,
    acks: options.acks ?? -1,
    timeoutMs: 10_000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
  });
  const p = response.responses[0]?.partitionResponses[0];
  if (!p) throw new Error('Produce 응답에 파티션이 없습니다');
  return { error: errorName(p.errorCode), baseOffset: p.baseOffset };
}
