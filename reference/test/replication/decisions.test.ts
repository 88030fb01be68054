/**
 * 복제의 결정 표 (`reference/src/replication/decisions.ts`, `replica.ts`): 한 줄에 시험 하나. 이름은 Kafka의
 * `PartitionTest`, `ReplicaTest`, `LeaderEpochFileCacheTest`, `AbstractFetcherThreadTest`의 경우를 따릅니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  checkCurrentLeaderEpoch,
  checkEnoughReplicasReachOffset,
  checkFetchPosition,
  effectiveMinIsr,
  endOffsetForEpoch,
  type FollowerPosition,
  followerTruncationState,
  type HighWatermarkInput,
  isCaughtUp,
  isReplicaIsrEligible,
  leaderHighWatermark,
  needsExpandIsr,
  outOfSyncReplicas,
} from '../../src/replication/decisions.js';
import { EMPTY_REPLICA_STATE, resetReplicaState, updateFetchState } from '../../src/replication/replica.js';

const LAG = 30_000;
const NOW = 100_000;
const follower = (brokerId: number, logEndOffset: number, lastCaughtUpTimeMs = NOW): FollowerPosition => ({
  brokerId,
  logEndOffset,
  lastCaughtUpTimeMs,
});

function hw(overrides: Partial<HighWatermarkInput>) {
  return leaderHighWatermark({
    leaderLogEndOffset: 10,
    followers: [],
    isrSize: 1,
    maximalIsr: [1],
    minIsr: 1,
    isEligible: () => true,
    nowMs: NOW,
    replicaLagTimeMaxMs: LAG,
    ...overrides,
  });
}

describe('하이 워터마크 (Partition.maybeIncrementLeaderHW)', () => {
  it('testHighWatermarkIsLeaderEndOffsetWithSingleReplica: ISR이 리더 하나뿐이면 리더의 LEO입니다', () => {
    expect(hw({})).toEqual({ ok: true, highWatermark: 10 });
  });

  it('testHighWatermarkIsMinimumLeoOfIsr: ISR 팔로워 가운데 가장 작은 LEO까지입니다', () => {
    const result = hw({ followers: [follower(2, 7), follower(3, 9)], isrSize: 3, maximalIsr: [1, 2, 3] });
    expect(result).toEqual({ ok: true, highWatermark: 7 });
  });

  it('testHighWatermarkWaitsForCaughtUpFollowerOutsideIsr: ISR 밖이어도 따라잡고 자격 있는 팔로워는 기다립니다', () => {
    expect(hw({ followers: [follower(2, 8)] })).toEqual({ ok: true, highWatermark: 8 });
  });

  it('testHighWatermarkIgnoresLaggingFollowerOutsideIsr: ISR 밖의 뒤처진 팔로워는 기다리지 않습니다', () => {
    expect(hw({ followers: [follower(2, 3, NOW - LAG - 1)] })).toEqual({ ok: true, highWatermark: 10 });
  });

  it('testHighWatermarkIncreasesWithFencedOrShutdownFollower: 자격 없는(펜싱·종료 중) ISR 밖 팔로워는 기다리지 않습니다', () => {
    expect(hw({ followers: [follower(2, 4)], isEligible: () => false })).toEqual({ ok: true, highWatermark: 10 });
  });

  it('testHighWatermarkUsesMaximalIsr: 넣어 달라고 제안 중인 복제본(최대 ISR)도 기다립니다, 뒤처졌어도 (KIP-497)', () => {
    const result = hw({ followers: [follower(2, 5, 0)], isrSize: 1, maximalIsr: [1, 2] });
    expect(result).toEqual({ ok: true, highWatermark: 5 });
  });

  it('testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR: 커밋된 ISR이 최소 ISR보다 작으면 올리지 않습니다', () => {
    expect(hw({ followers: [follower(2, 10)], isrSize: 1, minIsr: 2 })).toMatchObject({
      ok: false,
      error: 'UNDER_MIN_ISR',
    });
  });

  it('testEffectiveMinIsr: min.insync.replicas는 복제본 수로 깎입니다 (KAFKA-15583)', () => {
    expect(effectiveMinIsr(2, 3)).toBe(2);
    expect(effectiveMinIsr(2, 1)).toBe(1);
    expect(effectiveMinIsr(5, 3)).toBe(3);
  });
});

describe('따라잡음 (ReplicaState.isCaughtUp, Replica.updateFetchStateOrThrow)', () => {
  it('testIsCaughtUpWhenReplicaIsCaughtUpToLogEnd: LEO가 리더와 같으면 시간과 상관없이 따라잡았습니다', () => {
    expect(isCaughtUp(follower(2, 10, 0), 10, NOW, LAG)).toBe(true);
  });

  it('testIsCaughtUpWhenReplicaIsNotCaughtUpToLogEnd: 뒤처졌으면 마지막으로 따라잡은 지 replica.lag.time.max.ms 안이어야 합니다', () => {
    expect(isCaughtUp(follower(2, 9, NOW - LAG), 10, NOW, LAG)).toBe(true);
    expect(isCaughtUp(follower(2, 9, NOW - LAG - 1), 10, NOW, LAG)).toBe(false);
  });

  it('testInitialState: 처음 보는 복제본은 LEO -1, 따라잡은 시각 0입니다', () => {
    expect(EMPTY_REPLICA_STATE).toMatchObject({ logEndOffset: -1, logStartOffset: -1, lastCaughtUpTimeMs: 0 });
  });

  it('testUpdateFetchState: 리더의 지금 LEO까지 온 Fetch는 그 시각이 따라잡은 시각입니다', () => {
    const fetch = { fetchOffset: 10, logStartOffset: 0, fetchTimeMs: 500, leaderEndOffset: 10, brokerEpoch: 3 };
    const result = updateFetchState(EMPTY_REPLICA_STATE, fetch, 3);
    expect(result).toMatchObject({ ok: true, state: { logEndOffset: 10, lastCaughtUpTimeMs: 500, brokerEpoch: 3 } });
  });

  it('testUpdateFetchStateUsesPreviousFetchLeaderEnd: 지난 Fetch 때의 리더 LEO에 닿았으면 지난 Fetch 시각이 따라잡은 시각입니다', () => {
    const first = updateFetchState(
      EMPTY_REPLICA_STATE,
      { fetchOffset: 5, logStartOffset: 0, fetchTimeMs: 100, leaderEndOffset: 8, brokerEpoch: -1 },
      null,
    );
    if (!first.ok) throw new Error('first fetch refused');
    const second = updateFetchState(
      first.state,
      { fetchOffset: 8, logStartOffset: 0, fetchTimeMs: 200, leaderEndOffset: 12, brokerEpoch: -1 },
      null,
    );
    expect(second).toMatchObject({ ok: true, state: { lastCaughtUpTimeMs: 100, lastFetchLeaderLogEndOffset: 12 } });
  });

  it('testFenceStaleUpdates: 등록된 에포크보다 옛 브로커 에포크의 Fetch는 NOT_LEADER_OR_FOLLOWER입니다', () => {
    const fetch = { fetchOffset: 10, logStartOffset: 0, fetchTimeMs: 500, leaderEndOffset: 10, brokerEpoch: 2 };
    expect(updateFetchState(EMPTY_REPLICA_STATE, fetch, 3)).toMatchObject({
      ok: false,
      error: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
    expect(updateFetchState(EMPTY_REPLICA_STATE, { ...fetch, brokerEpoch: -1 }, 3).ok).toBe(true);
  });

  const synced = {
    ...EMPTY_REPLICA_STATE,
    logEndOffset: 7,
    lastFetchTimeMs: 50,
    lastCaughtUpTimeMs: 50,
    brokerEpoch: 4,
  };
  it('testResetReplicaStateWhenLeaderIsReelectedAndReplicaIsInSync: 다시 뽑힌 리더는 ISR 팔로워의 LEO를 지키고 지금 따라잡은 것으로 둡니다', () => {
    const reset = resetReplicaState(synced, {
      nowMs: 900,
      leaderEndOffset: 12,
      isNewLeader: false,
      isFollowerInSync: true,
    });
    expect(reset).toMatchObject({ logEndOffset: 7, lastCaughtUpTimeMs: 900, lastFetchTimeMs: 900, brokerEpoch: 4 });
  });

  it('testResetReplicaStateWhenLeaderIsReelectedAndReplicaIsNotInSync: ISR 밖 팔로워는 따라잡은 시각 0', () => {
    const reset = resetReplicaState(synced, {
      nowMs: 900,
      leaderEndOffset: 12,
      isNewLeader: false,
      isFollowerInSync: false,
    });
    expect(reset).toMatchObject({ logEndOffset: 7, lastCaughtUpTimeMs: 0, lastFetchTimeMs: 0 });
  });

  it('testResetReplicaStateWhenNewLeaderIsElectedAndReplicaIsInSync: 새 리더는 옛 LEO를 믿지 않습니다', () => {
    const reset = resetReplicaState(synced, {
      nowMs: 900,
      leaderEndOffset: 12,
      isNewLeader: true,
      isFollowerInSync: true,
    });
    expect(reset).toMatchObject({ logEndOffset: -1, lastCaughtUpTimeMs: 900, brokerEpoch: null });
  });

  it('testResetReplicaStateWhenNewLeaderIsElectedAndReplicaIsNotInSync: 새 리더, ISR 밖이면 따라잡은 시각도 0', () => {
    const reset = resetReplicaState(synced, {
      nowMs: 900,
      leaderEndOffset: 12,
      isNewLeader: true,
      isFollowerInSync: false,
    });
    expect(reset).toMatchObject({ logEndOffset: -1, lastCaughtUpTimeMs: 0 });
  });
});

describe('ISR 줄이기와 늘리기 (Partition.getOutOfSyncReplicas, needsExpandIsr)', () => {
  const shrink = (followers: FollowerPosition[], inflight = false) =>
    outOfSyncReplicas({
      localBrokerId: 1,
      isr: [1, 2, 3],
      inflight,
      leaderLogEndOffset: 10,
      followers,
      nowMs: NOW,
      replicaLagTimeMaxMs: LAG,
    });

  it('testMaybeShrinkIsr: replica.lag.time.max.ms 넘게 따라잡지 못한 팔로워를 뺍니다', () => {
    expect(shrink([follower(2, 10), follower(3, 6, NOW - LAG - 1)])).toEqual([3]);
  });

  it('testShouldNotShrinkIsrIfFollowerCaughtUpToLogEnd: LEO가 리더와 같으면 오래 조용했어도 빼지 않습니다', () => {
    expect(shrink([follower(2, 10, 0), follower(3, 10, 0)])).toEqual([]);
  });

  it('testShouldNotShrinkIsrIfPreviousFetchIsCaughtUp: 뒤처졌어도 lag 안에 따라잡았으면 빼지 않습니다', () => {
    expect(shrink([follower(2, 9, NOW - LAG), follower(3, 8, NOW - 1)])).toEqual([]);
  });

  it('testShrinkIsrWithUnknownReplicaState: ISR에 있는데 상태를 모르는 복제본은 뺍니다', () => {
    expect(shrink([follower(2, 10)])).toEqual([3]);
  });

  it('testSingleInFlightAlterIsr: AlterPartition이 진행 중이면 아무도 빼지 않습니다', () => {
    expect(shrink([follower(2, 0, 0), follower(3, 0, 0)], true)).toEqual([]);
  });

  const expand = (overrides: Partial<Parameters<typeof needsExpandIsr>[0]>) =>
    needsExpandIsr({
      follower: follower(3, 10),
      isr: [1, 2],
      inflight: false,
      eligible: true,
      highWatermark: 10,
      leaderEpochStartOffset: 8,
      ...overrides,
    });

  it('testIsrExpansion: 하이 워터마크와 리더 에포크 시작에 닿은 ISR 밖 팔로워는 넣자고 제안합니다', () => {
    expect(expand({})).toBe(true);
  });

  it('testFollowerDoesNotJoinISRUntilCaughtUpToOffsetWithinCurrentLeaderEpoch: 하이 워터마크에 닿아도 리더 에포크 시작 전이면 아직', () => {
    expect(expand({ follower: follower(3, 7), highWatermark: 7, leaderEpochStartOffset: 8 })).toBe(false);
  });

  it('testIsrNotExpandedBelowHighWatermark: 하이 워터마크 아래의 팔로워는 넣지 않습니다', () => {
    expect(expand({ follower: follower(3, 9) })).toBe(false);
  });

  it('testIsrNotExpandedIfReplicaIsFencedOrShutdown: 자격 없는 팔로워는 넣지 않습니다', () => {
    expect(expand({ eligible: false })).toBe(false);
  });

  it('testIsrNotExpandedWhileInflight: AlterPartition이 진행 중이면 넣지 않습니다', () => {
    expect(expand({ inflight: true })).toBe(false);
  });

  it('testIsrNotExpandedIfAlreadyMember: 이미 ISR에 있으면 제안하지 않습니다', () => {
    expect(expand({ follower: follower(2, 10) })).toBe(false);
  });

  it('testIsrNotExpandedWhenNotLeader: 리더 에포크 시작이 없으면(리더가 아니면) 넣지 않습니다', () => {
    expect(expand({ leaderEpochStartOffset: null })).toBe(false);
  });

  const broker = { fenced: false, inControlledShutdown: false, fetchBrokerEpoch: 5, registeredBrokerEpoch: 5 };
  it('testIsrCanExpandedIfBrokerEpochsMatchWithKraftMetadataCache: 펜싱 안 됨, 종료 중 아님, 에포크가 맞으면 자격 있음', () => {
    expect(isReplicaIsrEligible(broker)).toBe(true);
    expect(isReplicaIsrEligible({ ...broker, fetchBrokerEpoch: -1 })).toBe(true);
  });

  it('testIsrNotExpandedIfReplicaIsInControlledShutdown: 펜싱, 제어된 종료, 다른 에포크, 등록 없음은 자격 없음', () => {
    expect(isReplicaIsrEligible({ ...broker, fenced: true })).toBe(false);
    expect(isReplicaIsrEligible({ ...broker, inControlledShutdown: true })).toBe(false);
    expect(isReplicaIsrEligible({ ...broker, fetchBrokerEpoch: 4 })).toBe(false);
    expect(isReplicaIsrEligible({ ...broker, registeredBrokerEpoch: null })).toBe(false);
  });

  it('testIsReplicaIsrEligibleWithEmptyReplicaMap: 아직 Fetch하지 않은 복제본(브로커 에포크 모름)은 자격 없음', () => {
    expect(isReplicaIsrEligible({ ...broker, fetchBrokerEpoch: null })).toBe(false);
  });
});

describe('acks=all 완료 (Partition.checkEnoughReplicasReachOffset)', () => {
  const check = (highWatermark: number, maximalIsrSize: number) =>
    checkEnoughReplicasReachOffset({ requiredOffset: 5, highWatermark, maximalIsrSize, minIsr: 2 });

  it('testAcksAllWaitsForHighWatermark: 하이 워터마크가 배치 끝에 닿기 전에는 끝나지 않습니다', () => {
    expect(check(4, 3)).toEqual({ ok: true, complete: false });
  });

  it('testAcksAllCompletesWhenIsrHasBatch: ISR 모두가 가졌고 ISR이 최소 이상이면 성공입니다', () => {
    expect(check(5, 2)).toEqual({ ok: true, complete: true });
  });

  it('testNotEnoughReplicasAfterAppend: 기다리는 사이 ISR이 최소 아래로 줄었으면 NOT_ENOUGH_REPLICAS_AFTER_APPEND', () => {
    expect(check(5, 1)).toMatchObject({ ok: false, error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND });
  });
});

describe('에포크의 끝 오프셋 (LeaderEpochFileCache.endOffsetFor)', () => {
  const entries = [
    { epoch: 2, startOffset: 6 },
    { epoch: 3, startOffset: 8 },
    { epoch: 5, startOffset: 11 },
  ];
  it('shouldReturnLogEndOffsetIfLatestEpochRequested: 마지막 에포크의 끝은 LEO', () => {
    expect(endOffsetForEpoch(entries, 5, 15)).toEqual({ epoch: 5, offset: 15 });
  });

  it('shouldReturnUndefinedOffsetIfUndefinedEpochRequested: 에포크 -1은 (-1, -1)', () => {
    expect(endOffsetForEpoch(entries, -1, 15)).toEqual({ epoch: -1, offset: -1 });
  });

  it('shouldGetFirstOffsetOfSubsequentEpochWhenOffsetRequestedForPreviousEpoch: 끝은 다음 에포크의 시작', () => {
    expect(endOffsetForEpoch(entries, 2, 15)).toEqual({ epoch: 2, offset: 8 });
  });

  it('shouldReturnNextAvailableEpochIfThereIsNoExactEpochForTheOneRequested: 없는 에포크는 그 아래 에포크와 그 위 에포크의 시작', () => {
    expect(endOffsetForEpoch(entries, 4, 15)).toEqual({ epoch: 3, offset: 11 });
  });

  it('shouldReturnFirstEpochIfRequestedEpochLessThanFirstEpoch: 첫 에포크보다 작으면 요청한 에포크와 첫 에포크의 시작', () => {
    expect(endOffsetForEpoch(entries, 1, 15)).toEqual({ epoch: 1, offset: 6 });
  });

  it('shouldReturnInvalidOffsetIfEpochIsRequestedWhichIsNotCurrentlyTracked: 마지막 에포크보다 크면 (-1, -1)', () => {
    expect(endOffsetForEpoch(entries, 6, 15)).toEqual({ epoch: -1, offset: -1 });
  });

  it('shouldReturnUnsupportedIfNoEpochRecorded: 빈 캐시는 (-1, -1)', () => {
    expect(endOffsetForEpoch([], 0, 15)).toEqual({ epoch: -1, offset: -1 });
  });
});

describe('갈라진 팔로워 (Partition.readRecords, AbstractFetcherThread.getOffsetTruncationState)', () => {
  it('testLastFetchedOffsetValidation: 리더의 그 에포크가 fetchOffset보다 먼저 끝나면 divergingEpoch', () => {
    expect(checkFetchPosition({ fetchOffset: 10, lastFetchedEpoch: 3 }, { epoch: 3, offset: 8 }, 0)).toEqual({
      ok: true,
      divergingEpoch: { epoch: 3, offset: 8 },
    });
  });

  it('testDivergingEpochWhenLeaderDoesNotKnowEpoch: 리더가 모르는 에포크면 그 아래 에포크의 끝이 divergingEpoch', () => {
    expect(checkFetchPosition({ fetchOffset: 10, lastFetchedEpoch: 4 }, { epoch: 3, offset: 12 }, 0)).toEqual({
      ok: true,
      divergingEpoch: { epoch: 3, offset: 12 },
    });
  });

  it('testMatchingFetchPositionReads: 에포크도 끝도 맞으면 그대로 읽어 갑니다', () => {
    expect(checkFetchPosition({ fetchOffset: 8, lastFetchedEpoch: 3 }, { epoch: 3, offset: 8 }, 0)).toEqual({
      ok: true,
      divergingEpoch: null,
    });
  });

  it('testFetchOffsetBelowLogStartIsOutOfRange: fetchOffset이 로그 시작보다 앞이면 갈라졌든 아니든 OFFSET_OUT_OF_RANGE', () => {
    expect(checkFetchPosition({ fetchOffset: 2, lastFetchedEpoch: 3 }, { epoch: 3, offset: 1 }, 5)).toMatchObject({
      ok: false,
      error: ErrorCode.OFFSET_OUT_OF_RANGE,
    });
  });

  it('testUndefinedEpochEndIsOutOfRange: 리더가 그 에포크의 끝을 모르면 OFFSET_OUT_OF_RANGE', () => {
    expect(checkFetchPosition({ fetchOffset: 2, lastFetchedEpoch: 3 }, { epoch: -1, offset: -1 }, 0)).toMatchObject({
      ok: false,
      error: ErrorCode.OFFSET_OUT_OF_RANGE,
    });
  });

  const follower = (localEndOfEpoch: { epoch: number; offset: number } | null, logEndOffset = 12) => ({
    localEndOfEpoch,
    logEndOffset,
    fetchOffset: 4,
  });

  it('testTruncateToEpochEndWhenFollowerHasSameEpoch: 팔로워도 그 에포크를 가지면 둘의 끝 가운데 작은 쪽까지', () => {
    expect(followerTruncationState({ epoch: 3, offset: 9 }, follower({ epoch: 3, offset: 11 }))).toEqual({
      offset: 9,
      truncationCompleted: true,
    });
  });

  it('testTruncateToFollowerEpochEndWhenLeaderEpochUnknownToFollower: 팔로워가 모르는 에포크면 그 앞 에포크의 끝까지 자르고 다시 묻기 (KIP-279)', () => {
    expect(followerTruncationState({ epoch: 4, offset: 9 }, follower({ epoch: 2, offset: 7 }))).toEqual({
      offset: 7,
      truncationCompleted: false,
    });
  });

  it('testTruncateToLeaderOffsetWhenFollowerHasNoEpochs: 팔로워의 캐시가 비었으면 리더의 끝과 자기 LEO 가운데 작은 쪽', () => {
    expect(followerTruncationState({ epoch: 3, offset: 9 }, follower(null, 6))).toEqual({
      offset: 6,
      truncationCompleted: true,
    });
  });

  it('testTruncateToFetchOffsetWhenLeaderEndUnknown: 리더가 끝을 모르면 fetchOffset(하이 워터마크)까지', () => {
    expect(followerTruncationState({ epoch: 3, offset: -1 }, follower({ epoch: 3, offset: 11 }))).toEqual({
      offset: 4,
      truncationCompleted: true,
    });
  });

  it('testTruncateNeverBeyondFollowerLogEnd: 자를 자리는 팔로워의 LEO를 넘지 않습니다', () => {
    expect(followerTruncationState({ epoch: 3, offset: 20 }, follower({ epoch: 3, offset: 15 }, 12))).toEqual({
      offset: 12,
      truncationCompleted: true,
    });
  });
});

describe('리더 에포크 검사 (Partition.checkCurrentLeaderEpoch, KIP-320)', () => {
  it('testLeaderEpochValidationOnLeader: 같거나 -1이면 통과, 옛것이면 FENCED_LEADER_EPOCH, 새것이면 UNKNOWN_LEADER_EPOCH', () => {
    expect(checkCurrentLeaderEpoch(5, 5).ok).toBe(true);
    expect(checkCurrentLeaderEpoch(-1, 5).ok).toBe(true);
    expect(checkCurrentLeaderEpoch(4, 5)).toMatchObject({ ok: false, error: ErrorCode.FENCED_LEADER_EPOCH });
    expect(checkCurrentLeaderEpoch(6, 5)).toMatchObject({ ok: false, error: ErrorCode.UNKNOWN_LEADER_EPOCH });
  });
});
