/**
 * 6장 테스트: 복제와 ISR. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 리더와 팔로워가 부르는 결정 네 가지를 작은 표부터 확인합니다.
 *   1. 하이 워터마크: ISR이 가진 곳 → 따라잡은 팔로워도 기다림 → 최소 ISR 아래면 멈춤 → 무작위 입력
 *   2. ISR: 뒤처진 팔로워 빼기 → 진행 중인 제안 → 따라잡은 팔로워 넣기 → 리더 에포크의 시작
 *   3. acks=all: 하이 워터마크에 닿으면 끝 → 기다리는 사이 ISR이 줄면 NOT_ENOUGH_REPLICAS_AFTER_APPEND
 *   4. 잘라 내기: 에포크 캐시의 에포크 끝 → 같은 에포크 → 모르는 에포크(KIP-279) → 에포크가 없을 때
 * 여러분의 decisions.ts를 진짜 Partition 셋에 끼워 장애를 겪게 하는 테스트는 replication-cluster.e2e.test.ts에,
 * 노드 셋을 진짜 프로세스로 띄우는 테스트는 replication-processes.e2e.test.ts에 있습니다.
 *
 * 설명 끝의 Kafka 시험 이름(`testHighWatermarkIsMinimumLeoOfIsr` …)은 같은 경우를 다루는 Kafka `PartitionTest`,
 * `LeaderEpochFileCacheTest`, `AbstractFetcherThreadTest`의 시험입니다.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { assertProperty } from '../../../reference/test/support/property.js';
import {
  checkEnoughReplicasReachOffset,
  type EpochEntry,
  endOffsetForEpoch,
  type FollowerPosition,
  followerTruncationState,
  type HighWatermarkInput,
  leaderHighWatermark,
  needsExpandIsr,
  outOfSyncReplicas,
} from '../src/decisions.js';

const LAG = 30_000;
const NOW = 100_000;
const LEADER = 1;

const follower = (brokerId: number, logEndOffset: number, lastCaughtUpTimeMs = NOW): FollowerPosition => ({
  brokerId,
  logEndOffset,
  lastCaughtUpTimeMs,
});

/** 리더 1의 LEO 10, 커밋된 ISR은 리더 하나, 최소 ISR 1이 기본 */
function hw(overrides: Partial<HighWatermarkInput>) {
  return leaderHighWatermark({
    leaderLogEndOffset: 10,
    followers: [],
    isrSize: 1,
    maximalIsr: [LEADER],
    minIsr: 1,
    isEligible: () => true,
    nowMs: NOW,
    replicaLagTimeMaxMs: LAG,
    ...overrides,
  });
}

function hwVerdict(result: ReturnType<typeof leaderHighWatermark>): string {
  return result.ok ? `HW ${result.highWatermark}` : String(result.error);
}

function describeFollowers(followers: readonly FollowerPosition[]): string {
  if (followers.length === 0) return '팔로워 없음';
  return followers
    .map((f) => `${f.brokerId}: LEO ${f.logEndOffset}, 따라잡은 지 ${NOW - f.lastCaughtUpTimeMs}ms`)
    .join(' / ');
}

/** 표의 한 줄씩: 기대와 다르면 어느 줄인지 밝혀 실패합니다. */
function table<Row extends { why: string }>(
  rows: readonly Row[],
  actual: (row: Row) => unknown,
  expected: (row: Row) => unknown,
) {
  for (const row of rows) expect(actual(row), row.why).toEqual(expected(row));
}

describe('6장 복제와 ISR', () => {
  // ─────────────────────────────── 1. 하이 워터마크 ───────────────────────────────

  it('HighWatermarkIsMinimumLeoOfIsr: 하이 워터마크는 ISR 모두가 가진 곳, 곧 ISR 가운데 가장 작은 LEO입니다 (Kafka testHighWatermarkIsLeaderEndOffsetWithSingleReplica, testHighWatermarkIsMinimumLeoOfIsr)', () => {
    table(
      [
        { why: 'ISR이 리더 하나뿐이면 리더의 LEO', input: {}, expected: 'HW 10' },
        {
          why: 'ISR 셋: 가장 작은 LEO(7)까지',
          input: { followers: [follower(2, 7), follower(3, 9)], isrSize: 3, maximalIsr: [1, 2, 3] },
          expected: 'HW 7',
        },
        {
          why: 'ISR 팔로워가 리더를 다 따라잡았으면 리더의 LEO',
          input: { followers: [follower(2, 10), follower(3, 10)], isrSize: 3, maximalIsr: [1, 2, 3] },
          expected: 'HW 10',
        },
        {
          why: '팔로워의 순서와 상관없이 가장 작은 LEO',
          input: { followers: [follower(3, 9), follower(2, 4)], isrSize: 3, maximalIsr: [3, 1, 2] },
          expected: 'HW 4',
        },
        {
          why: '아직 Fetch하지 않은 ISR 팔로워(LEO -1)는 아무것도 갖지 않았습니다: 하이 워터마크는 -1 (로그가 0 아래로 내리지 않습니다)',
          input: { followers: [follower(2, -1)], isrSize: 2, maximalIsr: [1, 2] },
          expected: 'HW -1',
        },
      ] as const,
      (row) => hwVerdict(hw(row.input)),
      (row) => row.expected,
    );
  });

  it('HighWatermarkWaitsForCaughtUpFollowers: ISR 밖이어도 따라잡았고 자격 있는 팔로워는 기다리고, 뒤처지거나 자격 없는 팔로워는 기다리지 않으며, 넣어 달라고 제안 중인 팔로워(최대 ISR)는 뒤처졌어도 기다립니다 (Kafka testHighWatermarkWaitsForCaughtUpFollowerOutsideIsr, testHighWatermarkIncreasesWithFencedOrShutdownFollower, testHighWatermarkUsesMaximalIsr)', () => {
    table(
      [
        {
          why: 'ISR 밖, 방금 따라잡은 팔로워(LEO 8): 기다림',
          input: { followers: [follower(2, 8)] },
          expected: 'HW 8',
        },
        {
          why: 'ISR 밖, 따라잡은 지 딱 replica.lag.time.max.ms: 아직 따라잡은 것이라 기다림',
          input: { followers: [follower(2, 8, NOW - LAG)] },
          expected: 'HW 8',
        },
        {
          why: 'ISR 밖, 따라잡은 지 replica.lag.time.max.ms + 1ms: 뒤처졌으니 기다리지 않음',
          input: { followers: [follower(2, 3, NOW - LAG - 1)] },
          expected: 'HW 10',
        },
        {
          why: 'ISR 밖, 오래전에 따라잡았지만 LEO가 리더와 같음: 따라잡은 것',
          input: { followers: [follower(2, 10, 0)] },
          expected: 'HW 10',
        },
        {
          why: 'ISR 밖, 따라잡았지만 펜싱되었거나 종료 중(자격 없음): 기다리지 않음',
          input: { followers: [follower(2, 4)], isEligible: () => false },
          expected: 'HW 10',
        },
        {
          why: '자격은 팔로워마다: 2는 자격 없고 3은 있음',
          input: { followers: [follower(2, 4), follower(3, 6)], isEligible: (id: number) => id === 3 },
          expected: 'HW 6',
        },
        {
          why: '최대 ISR(넣어 달라고 제안 중)에 든 2는 뒤처졌어도 기다림 (KIP-497)',
          input: { followers: [follower(2, 5, 0)], maximalIsr: [1, 2] },
          expected: 'HW 5',
        },
        {
          why: 'ISR에 든 팔로워는 자격이 없어도 기다림 (빼는 것은 ISR 줄이기의 일)',
          input: { followers: [follower(2, 5)], isrSize: 2, maximalIsr: [1, 2], isEligible: () => false },
          expected: 'HW 5',
        },
      ] as const,
      (row) => hwVerdict(hw(row.input)),
      (row) => row.expected,
    );
  });

  it('HighWatermarkStopsUnderMinIsr: 커밋된 ISR이 최소 ISR보다 작으면 하이 워터마크를 올리지 않습니다 (Kafka testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR)', () => {
    table(
      [
        {
          why: 'ISR 1 < 최소 2: UNDER_MIN_ISR',
          input: { followers: [follower(2, 10)], isrSize: 1, minIsr: 2 },
          expected: 'UNDER_MIN_ISR',
        },
        {
          why: 'ISR 2 = 최소 2: 올림',
          input: { followers: [follower(2, 10)], isrSize: 2, maximalIsr: [1, 2], minIsr: 2 },
          expected: 'HW 10',
        },
        {
          why: '최대 ISR이 둘이어도 커밋된 ISR이 하나면 아직 UNDER_MIN_ISR (제안은 커밋되어야 셉니다)',
          input: { followers: [follower(2, 10)], isrSize: 1, maximalIsr: [1, 2], minIsr: 2 },
          expected: 'UNDER_MIN_ISR',
        },
        {
          why: '복제 계수 1: 최소 ISR은 min(min.insync.replicas, 복제본 수) = 1이라 올림',
          input: { isrSize: 1, minIsr: 1 },
          expected: 'HW 10',
        },
      ] as const,
      (row) => hwVerdict(hw(row.input)),
      (row) => row.expected,
    );
  });

  it('RandomHighWatermarkInputs: 무작위 팔로워 위치·최대 ISR·자격·최소 ISR에서도 하이 워터마크는 리더의 LEO와 기다려야 할 팔로워의 LEO 가운데 가장 작은 값입니다', () => {
    const input = fc
      .record({
        leaderLogEndOffset: fc.integer({ min: 0, max: 20 }),
        followers: fc.uniqueArray(
          fc.record({
            brokerId: fc.integer({ min: 2, max: 6 }),
            logEndOffset: fc.integer({ min: -1, max: 20 }),
            sinceCaughtUp: fc.constantFrom(0, 1, LAG - 1, LAG, LAG + 1, 10 * LAG),
            inMaximalIsr: fc.boolean(),
            eligible: fc.boolean(),
          }),
          { selector: (f) => f.brokerId, maxLength: 4 },
        ),
        extraIsr: fc.integer({ min: 0, max: 4 }),
        minIsr: fc.integer({ min: 1, max: 3 }),
      })
      .map((r) => ({
        ...r,
        followers: r.followers.map((f) => ({ ...f, logEndOffset: Math.min(f.logEndOffset, r.leaderLogEndOffset) })),
      }));
    assertProperty(
      fc.property(input, (r) => {
        const followers = r.followers.map((f) => follower(f.brokerId, f.logEndOffset, NOW - f.sinceCaughtUp));
        const maximalIsr = [LEADER, ...r.followers.filter((f) => f.inMaximalIsr).map((f) => f.brokerId)];
        const isrSize = Math.min(r.extraIsr, maximalIsr.length - 1) + 1;
        const eligible = new Set(r.followers.filter((f) => f.eligible).map((f) => f.brokerId));
        const actual = hw({
          leaderLogEndOffset: r.leaderLogEndOffset,
          followers,
          isrSize,
          maximalIsr,
          minIsr: r.minIsr,
          isEligible: (id) => eligible.has(id),
        });
        // 기다릴 팔로워: 최대 ISR에 들었거나, 따라잡았고(LEO가 리더와 같거나 lag 안) 자격이 있는 팔로워
        const waited = r.followers.filter(
          (f) => f.inMaximalIsr || ((f.logEndOffset === r.leaderLogEndOffset || f.sinceCaughtUp <= LAG) && f.eligible),
        );
        const expected =
          isrSize < r.minIsr
            ? 'UNDER_MIN_ISR'
            : `HW ${Math.min(r.leaderLogEndOffset, ...waited.map((f) => f.logEndOffset))}`;
        const got = hwVerdict(actual);
        if (got !== expected) {
          throw new Error(
            `리더 LEO ${r.leaderLogEndOffset}, 커밋된 ISR ${isrSize}개, 최대 ISR [${maximalIsr}], 최소 ISR ${r.minIsr}, ` +
              `자격 있는 팔로워 [${[...eligible]}], ${describeFollowers(followers)}: ${expected}이어야 하는데 ${got}`,
          );
        }
      }),
      { chapter: 6, numRuns: 300 },
    );
  });

  // ─────────────────────────────── 2. ISR 줄이기와 늘리기 ───────────────────────────────

  const shrink = (followers: FollowerPosition[], overrides: Partial<Parameters<typeof outOfSyncReplicas>[0]> = {}) =>
    outOfSyncReplicas({
      localBrokerId: LEADER,
      isr: [1, 2, 3],
      inflight: false,
      leaderLogEndOffset: 10,
      followers,
      nowMs: NOW,
      replicaLagTimeMaxMs: LAG,
      ...overrides,
    });

  it('ShrinkIsrDropsLaggingFollowers: replica.lag.time.max.ms 넘게 따라잡지 못한 팔로워와 위치를 모르는 팔로워를 ISR에서 뺍니다. 리더는 빼지 않습니다 (Kafka testMaybeShrinkIsr, testShouldNotShrinkIsrIfFollowerCaughtUpToLogEnd, testShouldNotShrinkIsrIfPreviousFetchIsCaughtUp, testShrinkIsrWithUnknownReplicaState)', () => {
    table(
      [
        {
          why: '3이 lag + 1ms 동안 따라잡지 못함: 3을 뺌',
          followers: [follower(2, 10), follower(3, 6, NOW - LAG - 1)],
          expected: [3],
        },
        {
          why: '딱 lag만큼: 아직 빼지 않음',
          followers: [follower(2, 9, NOW - LAG), follower(3, 6, NOW - LAG)],
          expected: [],
        },
        {
          why: 'LEO가 리더와 같으면 오래 조용했어도(쓰기가 없었음) 빼지 않음',
          followers: [follower(2, 10, 0), follower(3, 10, 0)],
          expected: [],
        },
        {
          why: '뒤처졌어도 lag 안에 따라잡았으면 빼지 않음',
          followers: [follower(2, 9, NOW - 1), follower(3, 8, NOW - LAG + 1)],
          expected: [],
        },
        {
          why: '둘 다 뒤처짐: ISR의 순서대로 [2, 3]',
          followers: [follower(3, 1, 0), follower(2, 2, 0)],
          expected: [2, 3],
        },
        { why: 'ISR에 있는데 위치를 모르는 3: 뺌', followers: [follower(2, 10)], expected: [3] },
        {
          why: 'ISR 밖의 뒤처진 4는 뺄 것이 없음',
          followers: [follower(2, 10), follower(3, 10), follower(4, 0, 0)],
          expected: [],
        },
      ],
      (row) => shrink(row.followers),
      (row) => row.expected,
    );
    expect(shrink([follower(1, 0, 0)], { localBrokerId: 2, isr: [2, 1] }), '리더(2)는 자기 자신을 빼지 않음').toEqual([
      1,
    ]);
    expect(shrink([], { isr: [1] }), 'ISR이 리더 하나뿐: 뺄 것 없음').toEqual([]);
  });

  it('ShrinkIsrWaitsForInflightChange: AlterPartition의 답을 기다리는 동안에는 아무도 빼지 않습니다 (Kafka testSingleInFlightAlterIsr)', () => {
    expect(shrink([follower(2, 0, 0), follower(3, 0, 0)], { inflight: true })).toEqual([]);
    expect(shrink([follower(2, 0, 0), follower(3, 0, 0)], { inflight: false })).toEqual([2, 3]);
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

  it('ExpandIsrWhenCaughtUp: ISR 밖의 팔로워가 하이 워터마크에 닿으면 넣자고 제안합니다. 이미 ISR이거나, 자격이 없거나, 제안이 진행 중이면 아닙니다 (Kafka testIsrExpansion, testIsrNotExpandedIfReplicaIsFencedOrShutdown)', () => {
    table(
      [
        { why: 'LEO 10 = 하이 워터마크 10: 넣음', input: {}, expected: true },
        { why: 'LEO 12 > 하이 워터마크 10: 넣음', input: { follower: follower(3, 12) }, expected: true },
        { why: 'LEO 9 < 하이 워터마크 10: 아직', input: { follower: follower(3, 9) }, expected: false },
        { why: '이미 ISR에 있는 2: 제안하지 않음', input: { follower: follower(2, 10) }, expected: false },
        { why: '자격 없음(펜싱, 종료 중): 넣지 않음', input: { eligible: false }, expected: false },
        { why: 'AlterPartition이 진행 중: 넣지 않음', input: { inflight: true }, expected: false },
      ] as const,
      (row) => expand(row.input),
      (row) => row.expected,
    );
  });

  it('ExpandIsrNeedsCurrentLeaderEpoch: 하이 워터마크에 닿아도 이 리더 에포크의 시작 오프셋에 닿기 전에는 넣지 않습니다 (Kafka testFollowerDoesNotJoinISRUntilCaughtUpToOffsetWithinCurrentLeaderEpoch)', () => {
    table(
      [
        {
          why: '하이 워터마크 7에 닿았지만 에포크 시작 8 전: 아직',
          input: { follower: follower(3, 7), highWatermark: 7, leaderEpochStartOffset: 8 },
          expected: false,
        },
        {
          why: '에포크 시작 8에 딱 닿음: 넣음',
          input: { follower: follower(3, 8), highWatermark: 7, leaderEpochStartOffset: 8 },
          expected: true,
        },
        {
          why: '에포크 시작은 넘었지만 하이 워터마크 전: 아직',
          input: { follower: follower(3, 9), highWatermark: 10, leaderEpochStartOffset: 8 },
          expected: false,
        },
        { why: '리더가 아님(에포크 시작 null): 넣지 않음', input: { leaderEpochStartOffset: null }, expected: false },
        {
          why: '에포크 시작이 0인 첫 리더: 하이 워터마크만 보면 됨',
          input: { follower: follower(3, 0), highWatermark: 0, leaderEpochStartOffset: 0 },
          expected: true,
        },
      ] as const,
      (row) => expand(row.input),
      (row) => row.expected,
    );
  });

  // ─────────────────────────────── 3. acks=all ───────────────────────────────

  const acksAll = (highWatermark: number, maximalIsrSize: number, minIsr = 2) =>
    checkEnoughReplicasReachOffset({ requiredOffset: 5, highWatermark, maximalIsrSize, minIsr });

  it('AcksAllCompletesOnHighWatermark: acks=all 쓰기는 하이 워터마크가 그 쓰기의 끝에 닿을 때 끝납니다 (Kafka testAcksAllCompletesOnHighWatermark)', () => {
    expect(acksAll(4, 3), '하이 워터마크 4 < 쓰기의 끝 5: 아직').toEqual({ ok: true, complete: false });
    expect(acksAll(0, 3), '하이 워터마크 0: 아직').toEqual({ ok: true, complete: false });
    expect(acksAll(5, 3), '하이 워터마크 5 = 쓰기의 끝: 끝, 성공').toEqual({ ok: true, complete: true });
    expect(acksAll(9, 2), '하이 워터마크가 더 가 있음, ISR 2 = 최소 2: 끝, 성공').toEqual({ ok: true, complete: true });
    expect(acksAll(4, 1), '아직 닿지 않았으면 ISR이 작아도 기다림 (줄어든 ISR로 하이 워터마크가 곧 오릅니다)').toEqual({
      ok: true,
      complete: false,
    });
  });

  it('NotEnoughReplicasAfterAppend: 하이 워터마크가 닿았는데 기다리는 사이 ISR이 최소 아래로 줄었으면 NOT_ENOUGH_REPLICAS_AFTER_APPEND입니다 (Kafka testNotEnoughReplicasAfterAppend)', () => {
    expect(acksAll(5, 1)).toEqual({ ok: false, error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND });
    expect(acksAll(7, 2, 3)).toEqual({ ok: false, error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND });
    expect(acksAll(5, 1, 1), '복제 계수 1(최소 ISR 1): 리더 하나로 성공').toEqual({ ok: true, complete: true });
  });

  // ─────────────────────────────── 4. 리더 에포크와 잘라 내기 ───────────────────────────────

  const entries: EpochEntry[] = [
    { epoch: 2, startOffset: 6 },
    { epoch: 3, startOffset: 8 },
    { epoch: 5, startOffset: 11 },
  ];

  it('EpochEndOffsetFromCache: 에포크의 끝은 다음 에포크의 시작이고, 마지막 에포크의 끝은 로그 끝입니다 (Kafka LeaderEpochFileCacheTest)', () => {
    table(
      [
        { why: '마지막 에포크 5의 끝은 LEO 15', epoch: 5, expected: { epoch: 5, offset: 15 } },
        { why: '에포크 2의 끝은 에포크 3의 시작 8', epoch: 2, expected: { epoch: 2, offset: 8 } },
        { why: '에포크 3의 끝은 에포크 5의 시작 11', epoch: 3, expected: { epoch: 3, offset: 11 } },
        {
          why: '캐시에 없는 에포크 4: 그 아래 에포크 3과 그 위 에포크 5의 시작 11',
          epoch: 4,
          expected: { epoch: 3, offset: 11 },
        },
        {
          why: '첫 에포크보다 작은 1: 요청한 에포크와 첫 에포크의 시작 6',
          epoch: 1,
          expected: { epoch: 1, offset: 6 },
        },
        { why: '가장 큰 에포크보다 큰 6: 모름 (-1, -1)', epoch: 6, expected: { epoch: -1, offset: -1 } },
        { why: '에포크 -1: 모름 (-1, -1)', epoch: -1, expected: { epoch: -1, offset: -1 } },
      ],
      (row) => endOffsetForEpoch(entries, row.epoch, 15),
      (row) => row.expected,
    );
    expect(endOffsetForEpoch([], 0, 15), '빈 캐시: 모름').toEqual({ epoch: -1, offset: -1 });
    expect(endOffsetForEpoch([{ epoch: 0, startOffset: 0 }], 0, 4), '에포크 0 하나: 끝은 LEO').toEqual({
      epoch: 0,
      offset: 4,
    });
  });

  /** 팔로워: LEO 12, 지금 Fetch하려던 오프셋(하이 워터마크) 4 */
  const followerLog = (localEndOfEpoch: { epoch: number; offset: number } | null, logEndOffset = 12) => ({
    localEndOfEpoch,
    logEndOffset,
    fetchOffset: 4,
  });

  it('TruncateWhenFollowerHasSameEpoch: 팔로워도 그 에포크를 가지면 두 끝 가운데 작은 쪽까지 자르고 끝냅니다. 자리는 팔로워의 LEO를 넘지 않습니다 (Kafka testTruncateToEpochEndWhenFollowerHasSameEpoch)', () => {
    table(
      [
        {
          why: '리더의 끝 9 < 내 끝 11: 9까지',
          leader: { epoch: 3, offset: 9 },
          local: { epoch: 3, offset: 11 },
          leo: 12,
          expected: 9,
        },
        {
          why: '내 끝 8 < 리더의 끝 9: 8까지',
          leader: { epoch: 3, offset: 9 },
          local: { epoch: 3, offset: 8 },
          leo: 12,
          expected: 8,
        },
        {
          why: '두 끝 20, 15 모두 내 LEO 12보다 큼: 12까지',
          leader: { epoch: 3, offset: 20 },
          local: { epoch: 3, offset: 15 },
          leo: 12,
          expected: 12,
        },
        {
          why: '끝이 같음(9): 9까지',
          leader: { epoch: 3, offset: 9 },
          local: { epoch: 3, offset: 9 },
          leo: 12,
          expected: 9,
        },
      ],
      (row) => followerTruncationState(row.leader, followerLog(row.local, row.leo)),
      (row) => ({ offset: row.expected, truncationCompleted: true }),
    );
  });

  it('TruncateToOwnEarlierEpochAndAskAgain: 리더가 답한 에포크를 팔로워가 모르면 자기가 아는 그 앞 에포크의 끝까지 자르고 다시 묻습니다 (KIP-279, Kafka testTruncateToFollowerEpochEndWhenLeaderEpochUnknownToFollower)', () => {
    expect(followerTruncationState({ epoch: 4, offset: 9 }, followerLog({ epoch: 2, offset: 7 }))).toEqual({
      offset: 7,
      truncationCompleted: false,
    });
    expect(
      followerTruncationState({ epoch: 4, offset: 5 }, followerLog({ epoch: 2, offset: 7 })),
      '리더의 끝(5)이 더 앞이어도 모르는 에포크의 끝은 믿지 않고 내 에포크의 끝(7)까지',
    ).toEqual({ offset: 7, truncationCompleted: false });
    expect(
      followerTruncationState({ epoch: 4, offset: 9 }, followerLog({ epoch: 2, offset: 30 }, 12)),
      '내 LEO(12)를 넘지 않음',
    ).toEqual({ offset: 12, truncationCompleted: false });
  });

  it('TruncateWithoutEpochs: 리더가 끝을 모르면 fetchOffset까지, 리더가 에포크를 모르거나 팔로워의 캐시가 비었으면 리더의 끝과 내 LEO 가운데 작은 쪽까지 자르고 끝냅니다 (Kafka testTruncateToLeaderOffsetWhenFollowerHasNoEpochs, testTruncateToFetchOffsetWhenLeaderEndUnknown)', () => {
    table(
      [
        {
          why: '리더가 끝을 모름(offset -1): fetchOffset 4까지',
          leader: { epoch: 3, offset: -1 },
          local: { epoch: 3, offset: 11 },
          leo: 12,
          expected: 4,
        },
        {
          why: '리더가 끝도 에포크도 모름: fetchOffset 4까지',
          leader: { epoch: -1, offset: -1 },
          local: null,
          leo: 12,
          expected: 4,
        },
        {
          why: '팔로워의 캐시가 빔: min(리더의 끝 9, LEO 12) = 9',
          leader: { epoch: 3, offset: 9 },
          local: null,
          leo: 12,
          expected: 9,
        },
        {
          why: '팔로워의 캐시가 빔: min(리더의 끝 9, LEO 6) = 6',
          leader: { epoch: 3, offset: 9 },
          local: null,
          leo: 6,
          expected: 6,
        },
        {
          why: '리더가 에포크를 모름(-1): min(리더의 끝 7, LEO 12) = 7',
          leader: { epoch: -1, offset: 7 },
          local: { epoch: 2, offset: 5 },
          leo: 12,
          expected: 7,
        },
      ],
      (row) => followerTruncationState(row.leader, followerLog(row.local, row.leo)),
      (row) => ({ offset: row.expected, truncationCompleted: true }),
    );
  });
});
