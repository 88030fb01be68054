import { describe, expect, it } from 'vitest';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import { assignReplicas, createPartitions, createTopic, deleteTopic } from '../../src/metadata/topic-control.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';

function cluster(brokers: number[]): ClusterMetadata {
  const metadata = new ClusterMetadata('test-cluster');
  for (const brokerId of brokers) {
    metadata.replay({ type: 'RegisterBrokerRecord', brokerId, host: '127.0.0.1', port: 9090 + brokerId, rack: null });
  }
  return metadata;
}

let ids = 0;
const newId = () => `00000000-0000-0000-0000-${String(++ids).padStart(12, '0')}`;
const defaults = { numPartitions: 1, replicationFactor: 1 };
const topic = (name: string, numPartitions = -1, replicationFactor = -1) => ({
  name,
  numPartitions,
  replicationFactor,
  assignments: [],
  configs: [],
});

function apply(metadata: ClusterMetadata, result: ReturnType<typeof createTopic>): void {
  if (!result.ok) throw new Error(result.errorMessage);
  for (const r of result.records) metadata.replay(r);
}

describe('topic control (ReplicationControlManager)', () => {
  it('creates a topic whose partitions lead round robin across brokers', () => {
    const metadata = cluster([1, 2, 3]);
    apply(metadata, createTopic(metadata, topic('orders', 3, 3), defaults, newId));
    const orders = metadata.topic('orders');
    expect(orders?.partitions.map((p) => p.leader)).toEqual([1, 2, 3]);
    expect(orders?.partitions.map((p) => p.replicas)).toEqual([
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ]);
    expect(orders?.partitions.every((p) => p.isr.length === 3 && p.leaderEpoch === 0)).toBe(true);
  });

  it('uses the broker defaults for -1 and stores topic configs', () => {
    const metadata = cluster([1]);
    const request = { ...topic('events'), configs: [{ name: 'retention.ms', value: '1000' }] };
    apply(metadata, createTopic(metadata, request, { numPartitions: 4, replicationFactor: 1 }, newId));
    expect(metadata.topic('events')?.partitions).toHaveLength(4);
    expect(metadata.topic('events')?.configs.get('retention.ms')).toBe('1000');
  });

  it('answers Kafka error codes for bad requests', () => {
    const metadata = cluster([1]);
    apply(metadata, createTopic(metadata, topic('dup'), defaults, newId));
    const code = (r: ReturnType<typeof createTopic>) => (r.ok ? ErrorCode.NONE : r.errorCode);
    expect(code(createTopic(metadata, topic('dup'), defaults, newId))).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    expect(code(createTopic(metadata, topic('bad name!'), defaults, newId))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(code(createTopic(metadata, topic('..'), defaults, newId))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(code(createTopic(metadata, topic('x'.repeat(250)), defaults, newId))).toBe(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    );
    expect(code(createTopic(metadata, topic('zero', 0), defaults, newId))).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(code(createTopic(metadata, topic('rf', 1, 2), defaults, newId))).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    // '.'과 '_'만 다른 이름은 함께 있을 수 없습니다 (같은 이름은 여전히 TOPIC_ALREADY_EXISTS)
    apply(metadata, createTopic(metadata, topic('clicks.eu'), defaults, newId));
    expect(code(createTopic(metadata, topic('clicks_eu'), defaults, newId))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(code(createTopic(metadata, topic('clicks.eu'), defaults, newId))).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    expect(code(createTopic(metadata, topic('clicks-eu'), defaults, newId))).toBe(ErrorCode.NONE);
    const badConfig = { ...topic('cfg'), configs: [{ name: 'no.such.config', value: '1' }] };
    expect(code(createTopic(metadata, badConfig, defaults, newId))).toBe(ErrorCode.INVALID_CONFIG);
  });

  it('only grows partitions, never shrinks them', () => {
    const metadata = cluster([1, 2]);
    apply(metadata, createTopic(metadata, topic('t', 2, 1), defaults, newId));
    const shrink = createPartitions(metadata, 't', 2, null);
    expect(shrink.ok ? 0 : shrink.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    apply(metadata, createPartitions(metadata, 't', 5, null));
    expect(metadata.topic('t')?.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2, 3, 4]);
    const unknown = createPartitions(metadata, 'nope', 3, null);
    expect(unknown.ok ? 0 : unknown.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('removes a topic and refuses to remove an internal one', () => {
    const metadata = cluster([1]);
    apply(metadata, createTopic(metadata, topic('gone'), defaults, newId));
    apply(metadata, deleteTopic(metadata, 'gone'));
    expect(metadata.topic('gone')).toBeUndefined();
    const again = deleteTopic(metadata, 'gone');
    expect(again.ok ? 0 : again.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('bumps the leader epoch only when the leader changes', () => {
    const metadata = cluster([1, 2]);
    apply(metadata, createTopic(metadata, topic('t', 1, 2), defaults, newId));
    const topicId = metadata.topic('t')?.topicId as string;
    metadata.replay({ type: 'PartitionChangeRecord', topicId, partitionId: 0, isr: [1] });
    expect(metadata.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 0, partitionEpoch: 1, isr: [1] });
    metadata.replay({ type: 'PartitionChangeRecord', topicId, partitionId: 0, leader: 2, isr: [2] });
    expect(metadata.partition('t', 0)).toMatchObject({ leader: 2, leaderEpoch: 1, partitionEpoch: 2 });
  });

  it('assigns replicas starting from the next broker for added partitions', () => {
    expect(assignReplicas([3, 1, 2], 3, 2, 2)).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});
