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

/** `now`은 벽시계, `monotonicMs`는 단조 시계 (따로 주지 않으면 벽시계와 같이 흐릅니다) */
/** `elected`가 참이면 `__consumer_offsets`의 모든 파티션을 맡은 코디네이터, 거짓이면 다시 켜져 아직 아무것도 읽지 않은 코디네이터 */
function service(log: Written[], clock: { now: number; monotonicMs?: number }, elected = true) {
  let failNext = false;
  const groups = new GroupService({
    coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => `${c}-1`),
    now: () => clock.now,
    monotonicMs: () => clock.monotonicMs ?? clock.now,
    numPartitions: 50,
    offsetsRetentionMs: RETENTION_MS,
    maxMetadataLength: 10,
    isLocalLeader: () => true,
    awaitReplicated: async () => ErrorCode.NONE,
    createOffsetsTopic: async () => {},
    append: (partition, records, producer) => {
      if (failNext) throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      log.push({ partition, records, ...(producer && { producer }) });
    },
  });
  if (elected) for (let partition = 0; partition < 50; partition++) groups.onElection(partition, 0, []);
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

    const restarted = service([], clock, false).groups;
    restarted.onElection(groups.partitionFor('g'), 0, asBatches(log));
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

  it('times member sessions on the monotonic clock and stamps commits with wall time (Kafka: CoordinatorTimer, time.milliseconds())', () => {
    const log: Written[] = [];
    const wallStart = Date.UTC(2026, 0, 1);
    const clock = { now: wallStart, monotonicMs: 0 };
    const { groups } = service(log, clock);
    let memberId = '';
    groups.join(
      {
        groupId: 'g',
        memberId: '',
        groupInstanceId: null,
        clientId: 'c',
        clientHost: '/127.0.0.1',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 10_000,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
        requireKnownMemberId: false,
        supportsSkippingAssignment: false,
      },
      (r) => {
        memberId = r.memberId;
      },
    );
    // 첫 리밸런스의 지연(group.initial.rebalance.delay.ms)이 지나 세대 1이 됩니다.
    clock.monotonicMs = DEFAULT_GROUP_CONFIG.initialRebalanceDelayMs;
    groups.coordinator.tick(clock.monotonicMs);
    expect(groups.coordinator.group('g')?.generationId).toBe(1);
    const assignments = [{ memberId, assignment: Buffer.alloc(0) }];
    const syncRequest = {
      groupId: 'g',
      generationId: 1,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
    };
    groups.sync({ ...syncRequest, memberId, assignments }, () => {});
    expect(groups.coordinator.group('g')?.is('Stable')).toBe(true);
    const member = { memberId, groupInstanceId: null, generationId: 1 };
    // NTP가 벽시계를 한 시간 앞으로 옮겼습니다: 세션은 그대로, 커밋 시각은 옮겨진 벽시계입니다.
    clock.now += 3600_000;
    groups.coordinator.tick(clock.monotonicMs + 1);
    expect(groups.heartbeat('g', memberId, null, 1)).toBe(ErrorCode.NONE);
    expect(groups.commitOffsets('g', member, [commit(7)], 9)).toEqual([ErrorCode.NONE]);
    expect(groups.committed('g', 't', 0)?.commitTimestamp).toBe(wallStart + 3600_000);
    // 진짜로 흐른 시간이 세션을 넘으면 멤버는 나갑니다.
    clock.monotonicMs += 10_001;
    groups.coordinator.tick(clock.monotonicMs);
    expect(groups.heartbeat('g', memberId, null, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
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

      const beforeMarker = service([], { now: 5 }, false).groups;
      beforeMarker.onElection(partition, 0, asBatches(log));
      expect(beforeMarker.committed('g', 't', 0)?.offset).toBe(10);

      const committed = service([], { now: 5 }, false).groups;
      committed.onElection(partition, 0, [...asBatches(log), markerBatch(42, true)]);
      expect(committed.committed('g', 't', 0)?.offset).toBe(20);

      const aborted = service([], { now: 5 }, false).groups;
      aborted.onElection(partition, 0, [...asBatches(log), markerBatch(42, false)]);
      expect(aborted.committed('g', 't', 0)?.offset).toBe(10);
    });
  });
});

describe('the coordinator follows its __consumer_offsets partitions (GroupCoordinator.onElection / onResignation)', () => {
  const join = (groupId: string) => ({
    groupId,
    memberId: '',
    groupInstanceId: null,
    clientId: 'c',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    requireKnownMemberId: false,
    supportsSkippingAssignment: false,
  });

  it('answers COORDINATOR_LOAD_IN_PROGRESS while it leads a partition it has not read yet, then what the partition held', () => {
    const log: Written[] = [];
    const clock = { now: 1000 };
    const { groups } = service(log, clock);
    groups.commitOffsets('g', simple, [commit(7)], 9);

    const next = service([], clock, false).groups;
    expect(next.coordinatorError('g')).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    expect(next.commitOffsets('g', simple, [commit(8)], 9)).toEqual([ErrorCode.COORDINATOR_LOAD_IN_PROGRESS]);
    next.onElection(next.partitionFor('g'), 3, asBatches(log));
    expect(next.coordinatorError('g')).toBe(ErrorCode.NONE);
    expect(next.committed('g', 't', 0)?.offset).toBe(7);
    // 이미 맡은 파티션의 새 에포크는 다시 읽지 않습니다: 메모리가 로그보다 앞서 있을 수 있으니까요.
    next.onElection(next.partitionFor('g'), 4, []);
    expect(next.committed('g', 't', 0)?.offset).toBe(7);
  });

  it('drops only the resigned partition’s groups, and a member waiting for its JoinGroup answer gets NOT_COORDINATOR', () => {
    const { groups } = service([], { now: 0 });
    const a = 'g';
    const b = Array.from({ length: 200 }, (_, i) => `h-${i}`).find(
      (id) => groups.partitionFor(id) !== groups.partitionFor(a),
    );
    if (!b) throw new Error('파티션이 다른 그룹이 필요합니다');
    groups.commitOffsets(a, simple, [commit(1)], 9);
    groups.commitOffsets(b, simple, [commit(2)], 9);
    const answers: number[] = [];
    groups.join(join(a), (result) => answers.push(result.errorCode));
    expect(answers, '첫 리밸런스를 기다립니다').toEqual([]);
    groups.onResignation(groups.partitionFor(a));
    expect(answers).toEqual([ErrorCode.NOT_COORDINATOR]);
    expect(groups.coordinator.group(a)).toBeUndefined();
    expect(groups.committed(a, 't', 0)).toBeUndefined();
    expect(groups.committed(b, 't', 0)?.offset, '다른 파티션의 그룹은 그대로').toBe(2);
    expect(groups.coordinatorError(a), '메타데이터가 아직 이 브로커를 리더로 알면 다시 읽기 전까지').toBe(
      ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
    );
  });

  it('maps a write that could not reach the ISR to the coordinator errors clients retry on', async () => {
    const cases: [number, number][] = [
      [ErrorCode.NONE, ErrorCode.NONE],
      [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_COORDINATOR],
      [ErrorCode.REQUEST_TIMED_OUT, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.COORDINATOR_NOT_AVAILABLE],
    ];
    for (const [replicated, answered] of cases) {
      const groups = new GroupService({
        coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => c),
        now: () => 0,
        monotonicMs: () => 0,
        numPartitions: 1,
        offsetsRetentionMs: RETENTION_MS,
        maxMetadataLength: 10,
        isLocalLeader: () => true,
        awaitReplicated: async () => replicated,
        createOffsetsTopic: async () => {},
        append: () => {},
      });
      expect(await groups.awaitDurable('g'), `복제 결과 ${replicated}`).toBe(answered);
    }
  });
});
