/**
 * GroupService: 오프셋 커밋은 `__consumer_offsets`에 쓴 다음 적용하고, 다시 켜지면 그 레코드로 되살아나며,
 * 멤버가 없는 그룹의 오프셋만 보존 기간(offsets.retention.minutes)이 지나면 툼스톤으로 지워집니다.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_CONFIG, GroupCoordinator } from '../../src/group/group-coordinator.js';
import { GroupService } from '../../src/group/group-service.js';
import type { OffsetRecordToWrite } from '../../src/group/offset-store.js';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';

const RETENTION_MS = 60_000;

function service(log: { partition: number; records: readonly OffsetRecordToWrite[] }[], clock: { now: number }) {
  let failNext = false;
  const groups = new GroupService({
    coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => `${c}-1`),
    now: () => clock.now,
    numPartitions: 50,
    offsetsRetentionMs: RETENTION_MS,
    maxMetadataBytes: 10,
    isLocalLeader: () => true,
    createOffsetsTopic: async () => {},
    append: (partition, records) => {
      if (failNext) throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      log.push({ partition, records });
    },
  });
  return { groups, failWrites: () => (failNext = true) };
}

const commit = (offset: number, metadata = '') => ({ topic: 't', partition: 0, offset, leaderEpoch: -1, metadata });
const simple = { memberId: '', groupInstanceId: null, generationId: -1 };

describe('GroupService', () => {
  it('writes a commit to the group’s __consumer_offsets partition, then applies it; a restart replays it', () => {
    const log: { partition: number; records: readonly OffsetRecordToWrite[] }[] = [];
    const clock = { now: 1000 };
    const { groups } = service(log, clock);
    expect(groups.commitOffsets('g', simple, [commit(101)])).toEqual([ErrorCode.NONE]);
    expect(log).toHaveLength(1);
    expect(log[0]?.partition).toBe(groups.partitionFor('g'));
    expect(groups.committed('g', 't', 0)?.offset).toBe(101);

    const restarted = service([], clock).groups;
    restarted.load(log.flatMap((entry) => entry.records));
    expect(restarted.committed('g', 't', 0)).toMatchObject({ offset: 101, commitTimestamp: 1000 });
  });

  it('does not apply a commit whose write failed, and rejects oversized metadata alone', () => {
    const log: { partition: number; records: readonly OffsetRecordToWrite[] }[] = [];
    const { groups, failWrites } = service(log, { now: 0 });
    expect(groups.commitOffsets('g', simple, [commit(5), commit(6, 'x'.repeat(11))])).toEqual([
      ErrorCode.NONE,
      ErrorCode.OFFSET_METADATA_TOO_LARGE,
    ]);
    failWrites();
    expect(groups.commitOffsets('g', simple, [commit(9)])).toEqual([ErrorCode.NOT_ENOUGH_REPLICAS]);
    expect(groups.committed('g', 't', 0)?.offset, '쓰지 못한 커밋은 적용하지 않습니다').toBe(5);
  });

  it('expires offsets of empty groups after offsets.retention.minutes with tombstones', () => {
    const log: { partition: number; records: readonly OffsetRecordToWrite[] }[] = [];
    const clock = { now: 0 };
    const { groups } = service(log, clock);
    groups.commitOffsets('g', simple, [commit(3)]);
    clock.now = RETENTION_MS - 1;
    expect(groups.expireOffsets(clock.now)).toBe(0);
    clock.now = RETENTION_MS;
    expect(groups.expireOffsets(clock.now)).toBe(1);
    expect(log.at(-1)?.records[0]?.value, '툼스톤(값 null)을 씁니다').toBeNull();
    expect(groups.committed('g', 't', 0)).toBeUndefined();
    expect(groups.list().map((g) => g.groupId)).not.toContain('g');
  });
});
