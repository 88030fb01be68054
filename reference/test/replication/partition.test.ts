/**
 * `Partition` (Kafka `kafka.cluster.Partition`)을 진짜 로그 위에서: 역할 받기, 팔로워 Fetch와 하이 워터마크, ISR 확장과
 * 축소의 제안과 답, acks=all, 갈라진 팔로워의 잘라 내기. 이름은 Kafka `PartitionTest`의 경우를 따릅니다.
 */
import { describe, expect, it } from 'vitest';
import { LeaderRecoveryState } from '../../src/metadata/partition-registration.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { err, ok } from '../../src/result.js';
import { fetchOnce, leaderAndIsr, records, replicaOn, T0 } from './support.js';

const LAG = 30_000;

/** 리더 1, 팔로워 2·3, 레코드 5개를 쓴 리더 */
function leaderWithRecords(overrides: Parameters<typeof leaderAndIsr>[0] = {}, options = {}) {
  const leader = replicaOn(1, options);
  leader.makeLeader(leaderAndIsr(overrides), T0);
  leader.log.appendAsLeader(records(5), leader.leaderEpoch);
  leader.maybeIncrementLeaderHW(T0);
  return leader;
}

const fetchFrom = (replicaId: number, fetchOffset: number, extra: object = {}) => ({
  replicaId,
  replicaEpoch: -1,
  fetchOffset,
  lastFetchedEpoch: -1,
  logStartOffset: 0,
  currentLeaderEpoch: 1,
  maxBytes: 1 << 20,
  minOneMessage: true,
  ...extra,
});

describe('역할 (makeLeader, makeFollower)', () => {
  it('testMakeLeaderUpdatesEpochCache: 리더가 되면 지금 로그 끝을 새 에포크의 시작으로 적습니다', () => {
    const partition = replicaOn(1);
    partition.log.appendAsLeader(records(3), 0);
    expect(partition.makeLeader(leaderAndIsr({ leaderEpoch: 4 }), T0)).toBe(true);
    expect(partition.log.leaderEpochCache.entries()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 4, startOffset: 3 },
    ]);
    expect([partition.isLeader, partition.leaderEpochStartOffset, partition.log.isReplicated]).toEqual([true, 3, true]);
  });

  it('testDoNotUpdateEpochStartOffsetIfLeaderEpochIsNotBumped: 같은 리더 에포크(ISR만 바뀜)면 시작 오프셋을 그대로 둡니다', () => {
    const leader = leaderWithRecords();
    expect(leader.makeLeader(leaderAndIsr({ partitionEpoch: 2, isr: [1, 2] }), T0)).toBe(false);
    expect([leader.leaderEpochStartOffset, leader.isr]).toEqual([0, [1, 2]]);
  });

  it('testIgnoreLeaderPartitionStateChangeWithOlderPartitionEpoch: 옛 파티션 에포크의 상태는 무시합니다', () => {
    const leader = replicaOn(1);
    leader.makeLeader(leaderAndIsr({ partitionEpoch: 5 }), T0);
    expect(leader.makeLeader(leaderAndIsr({ partitionEpoch: 4, isr: [1] }), T0)).toBe(false);
    expect(leader.isr).toEqual([1, 2, 3]);
  });

  it('testFollowerShouldNotHaveAnyRemoteReplicaStates: 팔로워는 ISR도 원격 복제본 상태도 들지 않습니다', () => {
    const partition = replicaOn(2);
    expect(partition.makeFollower(leaderAndIsr())).toBe(true);
    expect([partition.isLeader, partition.leaderId, partition.isr, partition.replicaState(3)]).toEqual([
      false,
      1,
      [],
      undefined,
    ]);
  });

  it('testMakeFollowerWithNoLeaderIdChange: 같은 리더 에포크로 다시 팔로워가 되면 Fetch를 다시 시작할 필요가 없습니다', () => {
    const partition = replicaOn(2);
    partition.makeFollower(leaderAndIsr());
    expect(partition.makeFollower(leaderAndIsr({ partitionEpoch: 2 }))).toBe(false);
    expect(partition.makeFollower(leaderAndIsr({ leaderEpoch: 2, partitionEpoch: 3 }))).toBe(true);
  });
});

describe('팔로워의 Fetch와 하이 워터마크', () => {
  it('testUpdateFollowerFetchState: 팔로워의 Fetch 위치가 ISR 최소 LEO가 되어 하이 워터마크를 올립니다', () => {
    const moved: number[] = [];
    const leader = leaderWithRecords({}, { onHighWatermarkUpdated: (hw: number) => moved.push(hw) });
    expect(leader.highWatermark).toBe(0);
    expect(leader.fetchRecordsForFollower(fetchFrom(2, 5), T0 + 1).ok).toBe(true);
    expect(leader.fetchRecordsForFollower(fetchFrom(3, 3), T0 + 1).ok).toBe(true);
    expect(leader.highWatermark).toBe(3);
    leader.fetchRecordsForFollower(fetchFrom(3, 5), T0 + 2);
    expect(leader.highWatermark).toBe(5);
    expect(moved).toEqual([3, 5]);
    expect(leader.replicaState(3)).toMatchObject({ logEndOffset: 5, lastCaughtUpTimeMs: T0 + 2 });
  });

  it('testFetchAnswersValuesBeforeTheRead: 응답의 하이 워터마크는 이 Fetch가 올리기 전의 값입니다 (다음 Fetch가 새 값을 받음)', () => {
    const leader = leaderWithRecords({ isr: [1, 2], replicas: [1, 2] });
    const first = leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    expect(first).toMatchObject({ ok: true, highWatermark: 0, logEndOffset: 5 });
    expect(leader.fetchRecordsForFollower(fetchFrom(2, 5), T0)).toMatchObject({ ok: true, highWatermark: 5 });
  });

  it('testFetchFromUnrecognizedFollower: 복제본이 아닌 브로커는 에포크를 실었으면 UNKNOWN_LEADER_EPOCH, 아니면 NOT_LEADER_OR_FOLLOWER', () => {
    const leader = leaderWithRecords();
    expect(leader.fetchRecordsForFollower(fetchFrom(9, 0), T0)).toMatchObject({
      ok: false,
      error: ErrorCode.UNKNOWN_LEADER_EPOCH,
    });
    expect(leader.fetchRecordsForFollower(fetchFrom(9, 0, { currentLeaderEpoch: -1 }), T0)).toMatchObject({
      ok: false,
      error: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
  });

  it('testReplicaFetchToFollower: 팔로워에게 온 팔로워 Fetch는 NOT_LEADER_OR_FOLLOWER', () => {
    const follower = replicaOn(2);
    follower.makeFollower(leaderAndIsr());
    expect(follower.fetchRecordsForFollower(fetchFrom(3, 0), T0)).toMatchObject({
      ok: false,
      error: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
  });

  it('testLeaderEpochValidationOnLeader: 요청의 리더 에포크가 옛것이면 FENCED_LEADER_EPOCH, 새것이면 UNKNOWN_LEADER_EPOCH', () => {
    const leader = leaderWithRecords();
    expect(leader.fetchRecordsForFollower(fetchFrom(2, 0, { currentLeaderEpoch: 0 }), T0)).toMatchObject({
      error: ErrorCode.FENCED_LEADER_EPOCH,
    });
    expect(leader.fetchRecordsForFollower(fetchFrom(2, 0, { currentLeaderEpoch: 2 }), T0)).toMatchObject({
      error: ErrorCode.UNKNOWN_LEADER_EPOCH,
    });
  });

  it('testLastFetchedOffsetValidation: 갈라진 팔로워에게는 레코드 대신 divergingEpoch를 주고 그 위치를 적지 않습니다', () => {
    const leader = replicaOn(1);
    leader.log.appendAsLeader(records(3), 1); // 에포크 1: 0-2
    leader.makeLeader(leaderAndIsr({ leaderEpoch: 3 }), T0);
    leader.log.appendAsLeader(records(2), 3); // 에포크 3: 3-4
    const answer = leader.fetchRecordsForFollower(fetchFrom(2, 4, { lastFetchedEpoch: 2, currentLeaderEpoch: 3 }), T0);
    expect(answer).toMatchObject({ ok: true, divergingEpoch: { epoch: 1, offset: 3 }, records: Buffer.alloc(0) });
    expect(leader.replicaState(2)?.logEndOffset).toBe(-1);
  });

  it('testFenceFollowerFetchWithStaleBrokerEpoch: 등록된 에포크보다 옛 브로커 에포크의 Fetch는 NOT_LEADER_OR_FOLLOWER', () => {
    const registeredBroker = () => ({ fenced: false, inControlledShutdown: false, brokerEpoch: 8 });
    const leader = leaderWithRecords({}, { registeredBroker });
    expect(leader.fetchRecordsForFollower(fetchFrom(2, 5, { replicaEpoch: 7 }), T0)).toMatchObject({
      ok: false,
      error: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
  });

  it('testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR: ISR이 min.insync.replicas보다 작으면 하이 워터마크가 멈춥니다', () => {
    const leader = leaderWithRecords({ isr: [1] }, { minInsyncReplicas: () => 2 });
    expect(leader.highWatermark).toBe(0);
    leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    expect(leader.highWatermark).toBe(0);
  });

  it('testSingleReplicaHighWatermarkIsLogEnd: 복제본이 하나면 min.insync.replicas=2여도 하이 워터마크는 로그 끝 (유효 최소 ISR 1)', () => {
    const leader = leaderWithRecords({ replicas: [1], isr: [1] }, { minInsyncReplicas: () => 2 });
    expect([leader.minIsr, leader.highWatermark]).toEqual([1, 5]);
  });
});

describe('리더 복구 상태 (KIP-704)', () => {
  it('testMakeLeaderMarksRecovered¹: an unclean leader (RECOVERING) records RECOVERED and proposes it with the first ISR expansion', () => {
    const leader = leaderWithRecords({
      isr: [1],
      replicas: [1, 2],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
    expect(leader.leaderRecoveryState).toBe(LeaderRecoveryState.RECOVERED);
    const answer = leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    if (!answer.ok || !answer.alterPartition) throw new Error('expected an AlterPartition proposal');
    expect(answer.alterPartition.leaderRecoveryState).toBe(LeaderRecoveryState.RECOVERED);
    // 팔로워는 메타데이터의 상태를 그대로 듭니다.
    const follower = replicaOn(2);
    follower.makeFollower(
      leaderAndIsr({ isr: [1], replicas: [1, 2], leaderRecoveryState: LeaderRecoveryState.RECOVERING }),
    );
    expect(follower.leaderRecoveryState).toBe(LeaderRecoveryState.RECOVERING);
  });
});

describe('ISR 확장과 축소 (AlterPartition 제안)', () => {
  it('testIsrExpansion: 따라잡은 팔로워를 넣자고 제안하고, 답을 기다리는 동안 최대 ISR에 넣어 하이 워터마크가 기다립니다', () => {
    const leader = leaderWithRecords({ isr: [1], replicas: [1, 2] });
    expect(leader.highWatermark).toBe(5);
    const answer = leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    if (!answer.ok || !answer.alterPartition) throw new Error('expected an AlterPartition proposal');
    expect(answer.alterPartition).toEqual({
      topic: 't',
      partition: 0,
      leaderEpoch: 1,
      partitionEpoch: 1,
      newIsrWithEpochs: [
        { brokerId: 1, brokerEpoch: -1 },
        { brokerId: 2, brokerEpoch: -1 },
      ],
      leaderRecoveryState: LeaderRecoveryState.RECOVERED,
    });
    expect([leader.partitionState.kind, leader.isr, leader.maximalIsr]).toEqual(['PendingExpandIsr', [1], [1, 2]]);
    leader.handleAlterPartitionResponse(
      answer.alterPartition,
      ok({ leaderEpoch: 1, partitionEpoch: 2, isr: [1, 2] }),
      T0,
    );
    expect([leader.partitionState.kind, leader.isr, leader.partitionEpoch]).toEqual(['Committed', [1, 2], 2]);
  });

  it('testIsrNotExpandedIfUpdateFails: 컨트롤러가 INELIGIBLE_REPLICA로 거절하면 커밋된 ISR로 돌아갑니다', () => {
    const leader = leaderWithRecords({ isr: [1], replicas: [1, 2] });
    const answer = leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    if (!answer.ok || !answer.alterPartition) throw new Error('expected an AlterPartition proposal');
    expect(leader.handleAlterPartitionResponse(answer.alterPartition, err(ErrorCode.INELIGIBLE_REPLICA), T0)).toEqual({
      retry: false,
    });
    expect([leader.partitionState.kind, leader.isr]).toEqual(['Committed', [1]]);
  });

  it('testIsrNotExpandedIfReplicaIsFencedOrShutdown: 펜싱된 브로커의 팔로워는 따라잡아도 넣지 않습니다', () => {
    const registeredBroker = () => ({ fenced: true, inControlledShutdown: false, brokerEpoch: 1 });
    const leader = leaderWithRecords({ isr: [1], replicas: [1, 2] }, { registeredBroker });
    expect(leader.fetchRecordsForFollower(fetchFrom(2, 5, { replicaEpoch: 1 }), T0)).toMatchObject({
      ok: true,
      alterPartition: null,
    });
  });

  it('testMaybeShrinkIsr: replica.lag.time.max.ms 동안 Fetch가 없는 팔로워를 빼자고 제안하고, 커밋되면 하이 워터마크가 오릅니다', () => {
    const leader = leaderWithRecords();
    leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    leader.fetchRecordsForFollower(fetchFrom(3, 2), T0);
    expect(leader.highWatermark).toBe(2);
    expect(leader.maybeShrinkIsr(T0 + LAG)).toBeNull();
    const proposal = leader.maybeShrinkIsr(T0 + LAG + 1);
    expect(proposal?.newIsrWithEpochs.map((b) => b.brokerId)).toEqual([1, 2]);
    // 커밋되기 전에는 빼지 않은 것으로 봅니다 (최대 ISR = 커밋된 ISR)
    expect([leader.partitionState.kind, leader.maximalIsr, leader.highWatermark]).toEqual([
      'PendingShrinkIsr',
      [1, 2, 3],
      2,
    ]);
    leader.handleAlterPartitionResponse(
      proposal as never,
      ok({ leaderEpoch: 1, partitionEpoch: 2, isr: [1, 2] }),
      T0 + LAG + 1,
    );
    expect([leader.isr, leader.highWatermark]).toEqual([[1, 2], 5]);
  });

  it('testRetryShrinkIsr: 예상하지 못한 오류면 다시 보내라고 합니다', () => {
    const leader = leaderWithRecords();
    const proposal = leader.maybeShrinkIsr(T0 + LAG + 1);
    if (!proposal) throw new Error('expected a proposal');
    expect(leader.handleAlterPartitionResponse(proposal, err(ErrorCode.UNKNOWN_SERVER_ERROR), T0)).toEqual({
      retry: true,
    });
    expect(leader.handleAlterPartitionResponse(proposal, err(ErrorCode.FENCED_LEADER_EPOCH), T0)).toEqual({
      retry: false,
    });
    expect(leader.partitionState.kind).toBe('PendingShrinkIsr');
  });

  it('testAlterIsrLeaderAndIsrRace: 답이 오기 전에 새 리더 상태를 받았으면 그 답은 무시합니다', () => {
    const leader = leaderWithRecords();
    const proposal = leader.maybeShrinkIsr(T0 + LAG + 1);
    if (!proposal) throw new Error('expected a proposal');
    leader.makeLeader(leaderAndIsr({ leaderEpoch: 2, partitionEpoch: 3 }), T0);
    leader.handleAlterPartitionResponse(proposal, ok({ leaderEpoch: 1, partitionEpoch: 2, isr: [1, 2] }), T0);
    expect([leader.isr, leader.partitionEpoch]).toEqual([[1, 2, 3], 3]);
  });
});

describe('acks=all과 OffsetForLeaderEpoch', () => {
  it('testAcksAllCompletesOnHighWatermark: 하이 워터마크가 배치 끝에 닿으면 끝나고, 그 사이 ISR이 최소 아래로 줄면 NOT_ENOUGH_REPLICAS_AFTER_APPEND', () => {
    const leader = leaderWithRecords({ isr: [1, 2], replicas: [1, 2] }, { minInsyncReplicas: () => 2 });
    expect(leader.checkEnoughReplicasReachOffset(5)).toEqual({ ok: true, complete: false });
    leader.fetchRecordsForFollower(fetchFrom(2, 5), T0);
    expect(leader.checkEnoughReplicasReachOffset(5)).toEqual({ ok: true, complete: true });
    leader.makeLeader(leaderAndIsr({ isr: [1], replicas: [1, 2], partitionEpoch: 2 }), T0);
    expect(leader.checkEnoughReplicasReachOffset(5)).toMatchObject({
      ok: false,
      error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
    });
  });

  it('testOffsetForLeaderEpochValidationForLeader: 리더는 캐시로 답하고, 모르는 에포크는 (-1, -1)입니다', () => {
    const leader = replicaOn(1);
    leader.log.appendAsLeader(records(3), 1);
    leader.makeLeader(leaderAndIsr({ leaderEpoch: 3 }), T0);
    expect(leader.lastOffsetForLeaderEpoch(3, 1)).toEqual({ ok: true, epoch: 1, offset: 3 });
    expect(leader.lastOffsetForLeaderEpoch(-1, 3)).toEqual({ ok: true, epoch: 3, offset: 3 });
    expect(leader.lastOffsetForLeaderEpoch(-1, 9)).toEqual({ ok: true, epoch: -1, offset: -1 });
    expect(leader.lastOffsetForLeaderEpoch(2, 1)).toMatchObject({ ok: false, error: ErrorCode.FENCED_LEADER_EPOCH });
  });

  it('testOffsetForLeaderEpochValidationForFollower: 팔로워는 NOT_LEADER_OR_FOLLOWER', () => {
    const follower = replicaOn(2);
    follower.makeFollower(leaderAndIsr());
    expect(follower.lastOffsetForLeaderEpoch(1, 1)).toMatchObject({
      ok: false,
      error: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
  });
});

describe('팔로워: 받아 쓰기와 잘라 내기 (KIP-101)', () => {
  it('testFollowerIncrementsLogStartOffsetFromLeader: 리더가 앞을 지우면(DeleteRecords) 팔로워는 Fetch 답의 로그 시작을 따라 옮깁니다', () => {
    const leader = leaderWithRecords({ isr: [1, 2], replicas: [1, 2] });
    const follower = replicaOn(2);
    follower.makeFollower(leaderAndIsr({ isr: [1, 2], replicas: [1, 2] }));
    fetchOnce(follower, leader, T0);
    fetchOnce(follower, leader, T0); // 리더의 하이 워터마크가 5로
    leader.log.appendAsLeader(records(2), leader.leaderEpoch);
    leader.log.maybeIncrementLogStartOffset(5);
    fetchOnce(follower, leader, T0);
    expect([follower.log.logStartOffset, follower.log.logEndOffset]).toEqual([5, 7]);
  });

  it('testAppendRecordsAsFollowerBelowLogStartOffset: 리더의 로그 시작이 배치 한가운데면, 빈 팔로워는 그 배치의 시작에서 로그를 다시 열어 받고 로그 시작을 리더에 맞춥니다', () => {
    // 리더: 배치 [0-2], [3-4]에 하이 워터마크 5, DeleteRecords(1)로 로그 시작이 첫 배치 한가운데.
    const leader = replicaOn(1);
    leader.makeLeader(leaderAndIsr({ isr: [1], replicas: [1, 2] }), T0);
    leader.log.appendAsLeader(records(3), leader.leaderEpoch);
    leader.log.appendAsLeader(records(2), leader.leaderEpoch);
    leader.maybeIncrementLeaderHW(T0);
    leader.log.maybeIncrementLogStartOffset(1);
    const follower = replicaOn(2);
    follower.makeFollower(leaderAndIsr({ isr: [1], replicas: [1, 2] }));
    // 빈 팔로워의 오프셋 0은 리더의 [1, 5] 밖입니다. 팔로워는 ListOffsets로 리더의 로그 시작 1을 알아내 거기서 다시 엽니다.
    expect(() => fetchOnce(follower, leader, T0)).toThrow(/OFFSET_OUT_OF_RANGE/);
    follower.truncateFullyAndStartAt(1);
    expect([follower.log.logStartOffset, follower.log.logEndOffset]).toEqual([1, 1]);
    // 리더는 오프셋 1을 담은 배치 [0-2]부터 줍니다: 팔로워 로그 끝(1)보다 앞에서 시작하지만 빈 로그라 받아들입니다.
    fetchOnce(follower, leader, T0);
    expect([follower.log.logStartOffset, follower.log.logEndOffset]).toEqual([1, 5]);
    expect(follower.log.read(1, 1 << 20, true).records).toEqual(leader.log.read(1, 1 << 20, true).records);
    // 빈 로그가 아니면 로그 끝보다 앞의 배치는 여전히 거절합니다.
    expect(() => follower.appendRecordsToFollower(records(1), 5, 1)).toThrow(/behind the log end offset/);
  });

  it('testMakeFollowerWithWithFollowerAppendRecords: 팔로워는 리더의 배치를 그대로 쓰고 하이 워터마크를 받아 적습니다', () => {
    const leader = leaderWithRecords({ isr: [1, 2], replicas: [1, 2] });
    const follower = replicaOn(2);
    follower.makeFollower(leaderAndIsr({ isr: [1, 2], replicas: [1, 2] }));
    fetchOnce(follower, leader, T0); // 레코드 0-4를 받음 (리더는 팔로워의 LEO를 아직 0으로 앎)
    fetchOnce(follower, leader, T0); // fetchOffset 5: 리더의 하이 워터마크가 5로 오르지만, 답에는 오르기 전의 0
    expect([follower.log.logEndOffset, follower.log.highWatermark, follower.log.latestEpoch]).toEqual([5, 0, 1]);
    fetchOnce(follower, leader, T0); // 팔로워의 하이 워터마크는 한 번 더 물어야 따라옵니다
    expect(follower.log.highWatermark).toBe(5);
  });

  it('testKip101LostWriteIsPrevented: 옛 리더의 커밋되지 않은 꼬리는 에포크로 찾아 잘라 내고, 새 리더의 레코드로 채웁니다', () => {
    // 브로커 1이 에포크 1의 리더: 레코드 2개를 둘 다 가졌고(커밋), 1만 2개를 더 씀(커밋 안 됨). 1이 죽고 2가 에포크 2의 리더.
    const old = replicaOn(1);
    const next = replicaOn(2);
    old.makeLeader(leaderAndIsr({ replicas: [1, 2], isr: [1, 2] }), T0);
    next.makeFollower(leaderAndIsr({ replicas: [1, 2], isr: [1, 2] }));
    old.log.appendAsLeader(records(2, 'committed'), 1);
    fetchOnce(next, old, T0);
    old.log.appendAsLeader(records(2, 'lost'), 1);
    next.makeLeader(leaderAndIsr({ leader: 2, leaderEpoch: 2, partitionEpoch: 2, replicas: [1, 2], isr: [2] }), T0);
    next.log.appendAsLeader(records(1, 'new'), 2);
    old.makeFollower(leaderAndIsr({ leader: 2, leaderEpoch: 2, partitionEpoch: 2, replicas: [1, 2], isr: [2] }));
    // 옛 리더가 (fetchOffset 4, lastFetchedEpoch 1)로 묻습니다: 새 리더의 에포크 1은 오프셋 2에서 끝납니다.
    expect(fetchOnce(old, next, T0)).toMatchObject({ ok: true, divergingEpoch: { epoch: 1, offset: 2 } });
    expect(old.log.logEndOffset).toBe(2);
    fetchOnce(old, next, T0);
    expect(old.log.logEndOffset).toBe(3);
    expect(old.log.leaderEpochCache.entries()).toEqual(next.log.leaderEpochCache.entries());
    expect(old.log.read(0, 1 << 20, true).records).toEqual(next.log.read(0, 1 << 20, true).records);
  });
});
