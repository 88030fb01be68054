/**
 * 토픽 판단 (`topic-control.ts`), Kafka `ReplicationControlManagerTest`의 토픽 행들처럼. 판단은 컨트롤러의 상태
 * (`ControlManagers`)를 읽고, 통과하면 적을 레코드를, 아니면 Kafka 오류 코드를 돌려줍니다.
 */
import { describe, expect, it } from 'vitest';
import type { ControlManagers } from '../../src/controller/control-managers.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { type ControlResult, createPartitions, createTopic, deleteTopic } from '../../src/metadata/topic-control.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { controlState, FIRST_CHOICE, legacyBroker, registeredBroker } from '../controller/support.js';

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

function cluster(brokers: number[]): ControlManagers {
  return controlState(brokers.map(legacyBroker));
}

let offset = 1_000;
function apply(state: ControlManagers, result: ControlResult): MetadataRecord[] {
  if (!result.ok) throw new Error(result.message);
  for (const r of result.records) state.replay(r, offset++);
  return result.records;
}

const code = (r: ControlResult) => (r.ok ? ErrorCode.NONE : r.error);

describe('topic control (ReplicationControlManager)', () => {
  it('testCreateTopics: partitions lead round robin across brokers, the ISR is every replica', () => {
    const state = cluster([1, 2, 3]);
    apply(state, createTopic(state, topic('orders', 3, 3), defaults, newId, FIRST_CHOICE));
    const orders = state.topic('orders');
    expect(orders?.partitions.map((p) => p.leader)).toEqual([1, 2, 3]);
    expect(orders?.partitions.map((p) => p.replicas)).toEqual([
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ]);
    expect(orders?.partitions.every((p) => p.isr.length === 3 && p.leaderEpoch === 0)).toBe(true);
  });

  it('testCreateTopicsWithConfigs: uses the broker defaults for -1 and stores topic configs', () => {
    const state = cluster([1]);
    const request = { ...topic('events'), configs: [{ name: 'retention.ms', value: '1000' }] };
    apply(state, createTopic(state, request, { numPartitions: 4, replicationFactor: 1 }, newId, FIRST_CHOICE));
    expect(state.topic('events')?.partitions).toHaveLength(4);
    expect(state.topicConfigs('events')?.get('retention.ms')).toBe('1000');
  });

  it('testValidateNewTopicNames: answers Kafka error codes for bad requests', () => {
    const state = cluster([1]);
    apply(state, createTopic(state, topic('dup'), defaults, newId, FIRST_CHOICE));
    expect(code(createTopic(state, topic('dup'), defaults, newId, FIRST_CHOICE))).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    expect(code(createTopic(state, topic('bad name!'), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    );
    expect(code(createTopic(state, topic('..'), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    );
    expect(code(createTopic(state, topic('x'.repeat(250)), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    );
    expect(code(createTopic(state, topic('zero', 0), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_PARTITIONS,
    );
    expect(code(createTopic(state, topic('rf', 1, 2), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICATION_FACTOR,
    );
    const badConfig = { ...topic('cfg'), configs: [{ name: 'no.such.config', value: '1' }] };
    expect(code(createTopic(state, badConfig, defaults, newId, FIRST_CHOICE))).toBe(ErrorCode.INVALID_CONFIG);
  });

  it('testTopicNameCollision: names that differ only in . and _ cannot live together', () => {
    const state = cluster([1]);
    // '.'과 '_'만 다른 이름은 함께 있을 수 없습니다 (같은 이름은 여전히 TOPIC_ALREADY_EXISTS)
    apply(state, createTopic(state, topic('clicks.eu'), defaults, newId, FIRST_CHOICE));
    expect(code(createTopic(state, topic('clicks_eu'), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    );
    expect(code(createTopic(state, topic('clicks.eu'), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.TOPIC_ALREADY_EXISTS,
    );
    expect(code(createTopic(state, topic('clicks-eu'), defaults, newId, FIRST_CHOICE))).toBe(ErrorCode.NONE);
  });

  it('testCreatePartitions: only grows partitions, never shrinks them', () => {
    const state = cluster([1, 2]);
    apply(state, createTopic(state, topic('t', 2, 1), defaults, newId, FIRST_CHOICE));
    expect(code(createPartitions(state, 't', 2, null, FIRST_CHOICE))).toBe(ErrorCode.INVALID_PARTITIONS);
    apply(state, createPartitions(state, 't', 5, null, FIRST_CHOICE));
    expect(state.topic('t')?.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2, 3, 4]);
    expect(code(createPartitions(state, 'nope', 3, null, FIRST_CHOICE))).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('testDeleteTopics: removes a topic and its configs, refuses to remove an internal one', () => {
    const state = cluster([1]);
    const request = { ...topic('gone'), configs: [{ name: 'retention.ms', value: '1000' }] };
    apply(state, createTopic(state, request, defaults, newId, FIRST_CHOICE));
    apply(state, deleteTopic(state, 'gone'));
    expect(state.topic('gone')).toBeUndefined();
    expect(state.topicConfigs('gone')).toBeUndefined();
    expect(code(deleteTopic(state, 'gone'))).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    apply(state, createTopic(state, topic('__consumer_offsets'), defaults, newId, FIRST_CHOICE));
    expect(code(deleteTopic(state, '__consumer_offsets'))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
  });

  it('testCreateTopicsISRInvariants: fenced brokers get replicas only when unfenced ones are too few, never the lead', () => {
    // 브로커 1, 2는 펜싱되지 않았고 3은 펜싱되었습니다.
    const state = controlState([
      registeredBroker(1, 0),
      registeredBroker(2, 1),
      registeredBroker(3, 2, { fenced: true }),
    ]);
    apply(state, createTopic(state, topic('two', 2, 2), defaults, newId, FIRST_CHOICE));
    expect(state.topic('two')?.partitions.map((p) => p.replicas)).toEqual([
      [1, 2],
      [2, 1],
    ]);
    // 복제 계수 3: 펜싱된 브로커 3에도 놓지만, ISR과 리더에는 넣지 않습니다.
    apply(state, createTopic(state, topic('three', 3, 3), defaults, newId, FIRST_CHOICE));
    const three = state.topic('three')?.partitions ?? [];
    // 세 번째 파티션: 펜싱되지 않은 브로커 수(2)만큼 놓았으니 줄을 섞고 다시 시작합니다 (StripedReplicaPlacer).
    expect(three.map((p) => p.replicas)).toEqual([
      [1, 2, 3],
      [2, 1, 3],
      [2, 1, 3],
    ]);
    expect(three.map((p) => p.isr)).toEqual([
      [1, 2],
      [2, 1],
      [2, 1],
    ]);
    expect(three.every((p) => p.leader !== 3)).toBe(true);
    expect(code(createTopic(state, topic('four', 1, 4), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICATION_FACTOR,
    );
  });

  it('testCreatePartitionsFailsWhenAllBrokersAreFencedOrInControlledShutdown', () => {
    const state = controlState([registeredBroker(1, 0, { fenced: true }), registeredBroker(2, 1, { fenced: true })]);
    expect(code(createTopic(state, topic('t', 1, 1), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICATION_FACTOR,
    );
  });

  it('testManualPartitionAssignmentOnAllFencedBrokers: INVALID_REPLICA_ASSIGNMENT', () => {
    const state = controlState([registeredBroker(1, 0, { fenced: true }), registeredBroker(2, 1)]);
    const manual = (brokerIds: number[]) => ({
      ...topic('m'),
      assignments: [{ partitionIndex: 0, brokerIds }],
    });
    expect(code(createTopic(state, manual([1]), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    expect(code(createTopic(state, manual([9]), defaults, newId, FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    const [, partition] = apply(state, createTopic(state, manual([1, 2]), defaults, newId, FIRST_CHOICE));
    // 펜싱된 1은 복제본이지만 ISR에도 리더에도 없습니다.
    expect(partition).toMatchObject({ replicas: [1, 2], isr: [2], leader: 2 });
  });

  it('testValidateBadManualPartitionAssignments: empty, unregistered, duplicate, inconsistent RF, repeated or gapped partitions', () => {
    const state = cluster([1, 2, 3]);
    const manual = (...assignments: [number, number[]][]) => ({
      ...topic('m'),
      assignments: assignments.map(([partitionIndex, brokerIds]) => ({ partitionIndex, brokerIds })),
    });
    const rows: [string, ReturnType<typeof manual>, number][] = [
      ['빈 복제본 목록', manual([0, []]), ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['등록되지 않은 브로커 9', manual([0, [1, 9]]), ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['같은 브로커가 두 번', manual([0, [2, 1, 2]]), ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['앞 파티션과 다른 복제 계수', manual([0, [1, 2]], [1, [3]]), ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['같은 파티션 번호가 두 번', manual([0, [1]], [0, [2]]), ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['파티션 번호에 빈자리', manual([0, [1]], [2, [2]]), ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['복제 계수도 함께 줌', { ...manual([0, [1]]), replicationFactor: 1 }, ErrorCode.INVALID_REQUEST],
      ['파티션 수도 함께 줌', { ...manual([0, [1]]), numPartitions: 1 }, ErrorCode.INVALID_REQUEST],
    ];
    for (const [what, request, errorCode] of rows) {
      expect({ what, code: code(createTopic(state, request, defaults, newId, FIRST_CHOICE)) }).toEqual({
        what,
        code: errorCode,
      });
    }
    // 순서가 섞여 와도 0부터 이어지면 받습니다.
    const records = apply(state, createTopic(state, manual([1, [2, 3]], [0, [3, 1]]), defaults, newId, FIRST_CHOICE));
    expect(records.filter((r) => r.type === 'PartitionRecord').map((r) => 'replicas' in r && r.replicas)).toEqual([
      [3, 1],
      [2, 3],
    ]);
  });

  it('testCreateTopicsInvalidCounts¹: RF 0 or < -1 → INVALID_REPLICATION_FACTOR before partitions; partitions 0 or < -1 → INVALID_PARTITIONS', () => {
    const state = cluster([1, 2, 3]);
    const rows: [number, number, number][] = [
      [0, 0, ErrorCode.INVALID_REPLICATION_FACTOR],
      [1, -2, ErrorCode.INVALID_REPLICATION_FACTOR],
      [0, 1, ErrorCode.INVALID_PARTITIONS],
      [-2, 1, ErrorCode.INVALID_PARTITIONS],
      [1, 4, ErrorCode.INVALID_REPLICATION_FACTOR],
    ];
    for (const [partitions, rf, errorCode] of rows) {
      expect({
        partitions,
        rf,
        code: code(createTopic(state, topic('c', partitions, rf), defaults, newId, FIRST_CHOICE)),
      }).toEqual({
        partitions,
        rf,
        code: errorCode,
      });
    }
  });

  it('testCreatePartitionsISRInvariants: added partitions are placed by the same placer; manual ones keep the topic RF', () => {
    const state = cluster([1, 2, 3]);
    apply(state, createTopic(state, topic('grow', 1, 2), defaults, newId, FIRST_CHOICE));
    const added = apply(state, createPartitions(state, 'grow', 3, null, FIRST_CHOICE));
    expect(added.map((r) => 'replicas' in r && r.replicas)).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(code(createPartitions(state, 'grow', 4, [{ brokerIds: [1] }], FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    expect(code(createPartitions(state, 'grow', 5, [{ brokerIds: [1, 2] }], FIRST_CHOICE))).toBe(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    );
    apply(state, createPartitions(state, 'grow', 4, [{ brokerIds: [3, 1] }], FIRST_CHOICE));
    expect(state.topic('grow')?.partitions[3]).toMatchObject({ replicas: [3, 1], isr: [3, 1], leader: 3 });
  });
});

describe('the broker image merges partition changes as Kafka does (PartitionRegistration.merge)', () => {
  it('bumps the leader epoch whenever the record names a leader, the partition epoch on every change', () => {
    const image = new ClusterMetadata('test-cluster');
    for (const r of [legacyBroker(1), legacyBroker(2)]) image.replay(r);
    image.replay({ type: 'TopicRecord', name: 't', topicId: 'id-t' });
    image.replay({
      type: 'PartitionRecord',
      topicId: 'id-t',
      partitionId: 0,
      replicas: [1, 2],
      isr: [1, 2],
      leader: 1,
      leaderEpoch: 0,
      partitionEpoch: 0,
    });
    image.replay({ type: 'PartitionChangeRecord', topicId: 'id-t', partitionId: 0, isr: [1] });
    expect(image.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 0, partitionEpoch: 1, isr: [1] });
    image.replay({ type: 'PartitionChangeRecord', topicId: 'id-t', partitionId: 0, leader: 2, isr: [2] });
    expect(image.partition('t', 0)).toMatchObject({ leader: 2, leaderEpoch: 1, partitionEpoch: 2 });
    image.replay({ type: 'PartitionChangeRecord', topicId: 'id-t', partitionId: 0, leader: 2 });
    expect(image.partition('t', 0)).toMatchObject({ leader: 2, leaderEpoch: 2, partitionEpoch: 3 });
    expect(image.offset).toBe(6);
  });
});
