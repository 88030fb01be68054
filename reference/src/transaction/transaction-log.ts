/**
 * `__transaction_state`: 트랜잭션 코디네이터의 장부. 트랜잭션 ID마다 최신 TransactionMetadata를 레코드 하나로
 * 적습니다 (키 = 트랜잭션 ID이므로 컴팩션하면 ID마다 마지막 상태만 남습니다). 형식은 Kafka와 같습니다
 * (`transaction-coordinator/.../TransactionLogKey.json`, `TransactionLogValue.json`):
 *
 *     키  = int16 0 + transactionalId
 *     값  = int16 값 버전(0) + producerId, producerEpoch, 타임아웃, 상태(int8), 파티션들, 마지막 갱신 시각, 시작 시각
 *
 * 트랜잭션 ID의 코디네이터는 `abs(transactionalId.hashCode()) % transaction.state.log.num.partitions` 파티션의
 * 리더입니다. 그룹의 코디네이터를 고르는 규칙과 같습니다.
 */
import { partitionForGroup } from '../group/offsets-topic.js';
import { decode, encodeInto } from '../protocol/codec.js';
import { ByteReader } from '../protocol/reader.js';
import { message } from '../protocol/schema.js';
import { ByteWriter } from '../protocol/writer.js';
import type { TransactionMetadata, TransactionState } from './transaction-state.js';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';

const transactionLogKey = message({
  name: 'TransactionLogKey',
  type: 'data',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [{ name: 'transactionalId', type: 'string', versions: '0' }],
});

const transactionLogValue = message({
  name: 'TransactionLogValue',
  type: 'data',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'transactionStatus', type: 'int8', versions: '0+' },
    {
      name: 'transactionPartitions',
      type: '[]PartitionsSchema',
      versions: '0+',
      nullableVersions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        { name: 'partitionIds', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'transactionLastUpdateTimestampMs', type: 'int64', versions: '0+' },
    { name: 'transactionStartTimestampMs', type: 'int64', versions: '0+' },
  ],
});

/** TransactionState의 번호 (Kafka: TransactionState.id) */
const STATE_IDS: readonly TransactionState[] = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'Dead',
  'PrepareEpochFence',
];

export function transactionPartitionFor(transactionalId: string, numPartitions: number): number {
  return partitionForGroup(transactionalId, numPartitions);
}

export function transactionLogRecord(metadata: TransactionMetadata): { key: Buffer; value: Buffer } {
  const key = new ByteWriter().int16(0);
  encodeInto(key, transactionLogKey, 0, { transactionalId: metadata.transactionalId });
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of metadata.partitions)
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  const value = new ByteWriter().int16(0);
  encodeInto(value, transactionLogValue, 0, {
    producerId: metadata.producerId,
    producerEpoch: metadata.producerEpoch,
    transactionTimeoutMs: metadata.transactionTimeoutMs,
    transactionStatus: STATE_IDS.indexOf(metadata.state),
    transactionPartitions: [...byTopic].map(([topic, partitionIds]) => ({ topic, partitionIds })),
    transactionLastUpdateTimestampMs: metadata.lastUpdateMs,
    transactionStartTimestampMs: metadata.transactionStartMs,
  });
  return { key: key.toBuffer(), value: value.toBuffer() };
}

/** 장부의 레코드 하나를 읽습니다. 값이 null(툼스톤)이면 그 트랜잭션 ID는 지워졌습니다. */
export function decodeTransactionLogRecord(
  key: Buffer,
  value: Buffer | null,
): TransactionMetadata | { transactionalId: string; removed: true } {
  const keyReader = new ByteReader(key);
  keyReader.int16();
  const { transactionalId } = decode(transactionLogKey, 0, keyReader);
  if (value === null) return { transactionalId, removed: true };
  const reader = new ByteReader(value);
  const v = decode(transactionLogValue, reader.int16(), reader);
  return {
    transactionalId,
    producerId: v.producerId,
    producerEpoch: v.producerEpoch,
    transactionTimeoutMs: v.transactionTimeoutMs,
    state: STATE_IDS[v.transactionStatus] ?? 'Dead',
    partitions: (v.transactionPartitions ?? []).flatMap((t) =>
      t.partitionIds.map((partition) => ({ topic: t.topic, partition })),
    ),
    lastUpdateMs: v.transactionLastUpdateTimestampMs,
    transactionStartMs: v.transactionStartTimestampMs,
  };
}
