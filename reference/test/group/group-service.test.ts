/**
 * GroupService: 오프셋 커밋은 `__consumer_offsets`에 쓴 다음 적용하고, 다시 켜지면 그 레코드로 되살아나며,
 * 멤버가 없는 그룹의 오프셋만 보존 기간(offsets.retention.minutes)이 지나면 툼스톤으로 지워집니다.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_CONFIG, GroupCoordinator } from '../../src/group/group-coordinator.js';
import { GroupService } from '../../src/group/group-service.js';
import type { OffsetRecordToWrite } from '../../src/group/offset-store.js';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { ControlRecordType, encodeControlBatch } from '../../src/record/control-record.js';
import { decodeBatch, encodeBatch } from '../../src/record/record-batch.js';

type Written = {
  partition: number;
  records: readonly OffsetRecordToWrite[];
  producer?: { producerId: number; producerEpoch: number };
};

/** 쓴 것을 `__consumer_offsets`의 배치처럼 만듭니다 (트랜잭션 커밋이면 그 프로듀서의 트랜잭션 배치). */
const asBatches = (log: readonly Written[]) =>
  log.map(({ records, producer }) =>
    decodeBatch(
      encodeBatch({
        ...(producer && { ...producer, isTransactional: true }),
        records: records.map((r) => ({ key: r.key, value: r.value, timestamp: 0 })),
      }),
    ),
  );
const markerBatch = (producerId: number, commit: boolean) =>
  decodeBatch(
    encodeControlBatch({
      type: commit ? ControlRecordType.Commit : ControlRecordType.Abort,
      producerId,
      producerEpoch: 0,
      coordinatorEpoch: 0,
      timestamp: 0,
    }),
  );

const RETENTION_MS = 60_000;

function service(log: Written[], clock: { now: number }) {
  let failNext = false;
  const groups = new GroupService({
    coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => `${c}-1`),
    now: () => clock.now,
    numPartitions: 50,
    offsetsRetentionMs: RETENTION_MS,
    maxMetadataLength: 10,
    isLocalLeader: () => true,
    createOffsetsTopic: async () => {},
    append: (partition, records, producer) => {
      if (failNext) throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      log.push({ partition, records, ...(producer && { producer }) });
    },
  });
  return { groups, failWrites: () => (failNext = true) };
}

const commit = (offset: number, metadata = '') => ({ topic: 't', partition: 0, offset, leaderEpoch: -1, metadata });
const simple = { memberId: '', groupInstanceId: null, generationId: -1 };

describe('GroupService', () => {
  it('writes a commit to the group’s __consumer_offsets partition, then applies it; a restart replays it', () => {
    const log: Written[] = [];
    const clock = { now: 1000 };
    const { groups } = service(log, clock);
    expect(groups.commitOffsets('g', simple, [commit(101)], 9)).toEqual([ErrorCode.NONE]);
    expect(log).toHaveLength(1);
    expect(log[0]?.partition).toBe(groups.partitionFor('g'));
    expect(groups.committed('g', 't', 0)?.offset).toBe(101);

    const restarted = service([], clock).groups;
    restarted.load(groups.partitionFor('g'), asBatches(log));
    expect(restarted.committed('g', 't', 0)).toMatchObject({ offset: 101, commitTimestamp: 1000 });
  });

  it('does not apply a commit whose write failed, and rejects oversized metadata alone', () => {
    const log: Written[] = [];
    const { groups, failWrites } = service(log, { now: 0 });
    expect(groups.commitOffsets('g', simple, [commit(5), commit(6, 'x'.repeat(11))], 9)).toEqual([
      ErrorCode.NONE,
      ErrorCode.OFFSET_METADATA_TOO_LARGE,
    ]);
    failWrites();
    expect(
      groups.commitOffsets('g', simple, [commit(9)], 9),
      'NOT_ENOUGH_REPLICAS는 코디네이터 오류로 바꿔 답합니다',
    ).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    expect(groups.committed('g', 't', 0)?.offset, '쓰지 못한 커밋은 적용하지 않습니다').toBe(5);
  });

  it('expires offsets of empty groups after offsets.retention.minutes with tombstones', () => {
    const log: Written[] = [];
    const clock = { now: 0 };
    const { groups } = service(log, clock);
    groups.commitOffsets('g', simple, [commit(3)], 9);
    clock.now = RETENTION_MS - 1;
    expect(groups.expireOffsets(clock.now)).toBe(0);
    clock.now = RETENTION_MS;
    expect(groups.expireOffsets(clock.now)).toBe(1);
    expect(log.at(-1)?.records[0]?.value, '툼스톤(값 null)을 씁니다').toBeNull();
    expect(groups.committed('g', 't', 0)).toBeUndefined();
    expect(
      groups.coordinator.list().map((g) => g.groupId),
      '오프셋이 남지 않은 빈 그룹도 지웁니다',
    ).not.toContain('g');
  });

  describe('offsets committed inside a transaction (TxnOffsetCommit)', () => {
    const producer = { producerId: 42, producerEpoch: 0 };

    it('are written at once but become visible only when the COMMIT marker reaches the partition', () => {
      const log: Written[] = [];
      const { groups } = service(log, { now: 5 });
      groups.commitOffsets('g', simple, [commit(10)], 9);
      expect(
        groups.commitTransactionalOffsets('g', producer, simple, [commit(20), commit(21, 'x'.repeat(11))]),
        'offset.metadata.max.bytes는 트랜잭션 커밋에도 적용됩니다',
      ).toEqual([ErrorCode.NONE, ErrorCode.OFFSET_METADATA_TOO_LARGE]);
      expect(log.at(-1)?.producer).toEqual(producer);
      expect(groups.committed('g', 't', 0)?.offset, '트랜잭션이 끝나기 전').toBe(10);
      expect(groups.hasPendingOffset('g', 't', 0)).toBe(true);
      groups.completeTransaction(groups.partitionFor('g'), 42, true);
      expect(groups.committed('g', 't', 0)?.offset).toBe(20);
      expect(groups.hasPendingOffset('g', 't', 0)).toBe(false);
    });

    it('are dropped by an ABORT marker', () => {
      const { groups } = service([], { now: 5 });
      groups.commitOffsets('g', simple, [commit(10)], 9);
      groups.commitTransactionalOffsets('g', producer, simple, [commit(20)]);
      groups.completeTransaction(groups.partitionFor('g'), 42, false);
      expect(groups.committed('g', 't', 0)?.offset).toBe(10);
    });

    it('are replayed after a restart the same way: pending until a marker, committed or dropped by it', () => {
      const log: Written[] = [];
      const { groups } = service(log, { now: 5 });
      groups.commitOffsets('g', simple, [commit(10)], 9);
      groups.commitTransactionalOffsets('g', producer, simple, [commit(20)]);
      const partition = groups.partitionFor('g');

      const beforeMarker = service([], { now: 5 }).groups;
      beforeMarker.load(partition, asBatches(log));
      expect(beforeMarker.committed('g', 't', 0)?.offset).toBe(10);

      const committed = service([], { now: 5 }).groups;
      committed.load(partition, [...asBatches(log), markerBatch(42, true)]);
      expect(committed.committed('g', 't', 0)?.offset).toBe(20);

      const aborted = service([], { now: 5 }).groups;
      aborted.load(partition, [...asBatches(log), markerBatch(42, false)]);
      expect(aborted.committed('g', 't', 0)?.offset).toBe(10);
    });
  });
});
