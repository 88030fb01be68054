/**
 * 쿼럼의 결정 함수들을 표로 확인합니다 (9장에서 학습자가 쓰는 자리). 이름은 Kafka의 시험 이름을 따랐습니다:
 * `UnattachedStateTest`, `FollowerStateTest`, `CandidateStateTest`(canGrantVote), `EpochElectionTest`,
 * `LeaderStateTest`(하이 워터마크), `ReplicatedLogTest`/`MockLogTest`(truncateToEndOffset).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  canGrantVote,
  electionOutcome,
  isLogUpToDate,
  leaderHighWatermark,
  recordVote,
  startElection,
  transitionForObservedEpoch,
  truncationOffset,
  unrecordedVoters,
  type VoterView,
  validateFetchPosition,
  validateLeaderOnlyRequest,
  validateVoterOnlyRequest,
} from '../../src/raft/decisions.js';

const view = (state: VoterView['state'], extra: Partial<VoterView> = {}): VoterView => ({
  state,
  leaderId: null,
  votedId: null,
  hasFetchedFromLeader: false,
  ...extra,
});

describe('isLogUpToDate (KafkaRaftClient.handleVoteRequest)', () => {
  it.each([
    ['에포크가 크면 짧아도 최신', { epoch: 3, offset: 1 }, { epoch: 2, offset: 10 }, true],
    ['에포크가 같으면 길거나 같으면 최신', { epoch: 2, offset: 10 }, { epoch: 2, offset: 10 }, true],
    ['에포크가 같고 짧으면 뒤처짐', { epoch: 2, offset: 9 }, { epoch: 2, offset: 10 }, false],
    ['에포크가 작으면 길어도 뒤처짐', { epoch: 1, offset: 99 }, { epoch: 2, offset: 10 }, false],
  ])('%s', (_, candidate, local, expected) => {
    expect(isLogUpToDate(candidate, local)).toBe(expected);
  });
});

describe('canGrantVote (EpochState.canGrantVote)', () => {
  it.each([
    // [이름, 상태, 후보, 로그 최신?, 사전 투표?, 결과]
    ['testGrantVote (Unattached): 최신이면 줍니다', view('Unattached'), 2, true, false, { ok: true }],
    ['Unattached: 뒤처졌으면 거절', view('Unattached'), 2, false, false, { ok: false, error: 'LOG_NOT_UP_TO_DATE' }],
    [
      'Unattached: 이미 다른 후보에게 줬으면 거절',
      view('Unattached', { votedId: 3 }),
      2,
      true,
      false,
      { ok: false, error: 'ALREADY_VOTED' },
    ],
    ['Unattached: 이미 준 후보에게는 다시', view('Unattached', { votedId: 2 }), 2, false, false, { ok: true }],
    [
      'Unattached: 리더를 알면 진짜 투표는 거절',
      view('Unattached', { leaderId: 3 }),
      2,
      true,
      false,
      { ok: false, error: 'HAS_LEADER' },
    ],
    [
      'Unattached: 사전 투표는 이미 투표했어도 최신이면',
      view('Unattached', { votedId: 3 }),
      2,
      true,
      true,
      { ok: true },
    ],
    ['Prospective: 진짜 투표는 Unattached와 같은 규칙', view('Prospective'), 2, true, false, { ok: true }],
    [
      'Follower: 진짜 투표는 거절',
      view('Follower', { leaderId: 3 }),
      2,
      true,
      false,
      { ok: false, error: 'HAS_LEADER' },
    ],
    [
      'Follower: 리더에게서 아직 Fetch 못 했으면 사전 투표를 줍니다',
      view('Follower', { leaderId: 3 }),
      2,
      true,
      true,
      { ok: true },
    ],
    [
      'Follower: Fetch에 성공한 뒤에는 사전 투표도 거절',
      view('Follower', { leaderId: 3, hasFetchedFromLeader: true }),
      2,
      true,
      true,
      { ok: false, error: 'FOLLOWING_ACTIVE_LEADER' },
    ],
    ['Candidate: 진짜 투표는 거절', view('Candidate'), 2, true, false, { ok: false, error: 'IS_CANDIDATE' }],
    ['Candidate: 최신이면 사전 투표는 줍니다', view('Candidate'), 2, true, true, { ok: true }],
    [
      'Candidate: 뒤처졌으면 사전 투표도 거절',
      view('Candidate'),
      2,
      false,
      true,
      { ok: false, error: 'LOG_NOT_UP_TO_DATE' },
    ],
    ['Leader: 언제나 거절', view('Leader'), 2, true, true, { ok: false, error: 'IS_LEADER' }],
    ['Resigned: 언제나 거절', view('Resigned'), 2, true, false, { ok: false, error: 'RESIGNED' }],
  ] as const)('%s', (_, voter, candidate, upToDate, preVote, expected) => {
    expect(canGrantVote(voter, candidate, upToDate, preVote)).toEqual(expected);
  });
});

describe('선거 세기 (EpochElection)', () => {
  it('testRecordVote: 후보는 자기 표로 시작하고, 과반이면 이깁니다', () => {
    let election = startElection([1, 2, 3], 1);
    expect(electionOutcome(election)).toBe('undecided');
    expect(unrecordedVoters(election)).toEqual([2, 3]);
    const granted = recordVote(election, 2, true);
    if (!granted.ok) throw new Error(granted.error);
    election = granted.election;
    expect(electionOutcome(election)).toBe('won');
  });

  it('testElectionLost: 남은 표를 다 받아도 과반이 안 되면 졌습니다', () => {
    let election = startElection([1, 2, 3, 4, 5], 1);
    for (const id of [2, 3]) {
      const r = recordVote(election, id, false);
      if (r.ok) election = r.election;
    }
    expect(electionOutcome(election)).toBe('undecided'); // 4, 5가 주면 3표
    const r = recordVote(election, 4, false);
    if (r.ok) election = r.election;
    expect(electionOutcome(election)).toBe('lost');
  });

  it('testSingleVoterWinsImmediately: 투표자가 자기뿐이면 곧바로 이깁니다', () => {
    expect(electionOutcome(startElection([1], 1))).toBe('won');
  });

  it('testRecordVoteIsIdempotentAndRejectsFlips: 같은 답은 그대로, 투표자가 아니거나 답을 뒤집으면 실패', () => {
    const election = startElection([1, 2, 3], 1);
    const once = recordVote(election, 2, true);
    if (!once.ok) throw new Error(once.error);
    expect(recordVote(once.election, 2, true)).toEqual({ ok: true, election: once.election });
    expect(recordVote(once.election, 2, false)).toMatchObject({ ok: false, error: 'VOTE_CHANGED' });
    expect(recordVote(election, 9, true)).toMatchObject({ ok: false, error: 'NOT_A_VOTER' });
  });
});

describe('더 높은 에포크를 보면 (KafkaRaftClient.maybeTransition)', () => {
  it.each([
    [
      '더 높은 에포크 + 리더 → Follower',
      { epoch: 2, leaderId: 1 },
      { epoch: 3, leaderId: 2 },
      { to: 'Follower', epoch: 3, leaderId: 2 },
    ],
    [
      '더 높은 에포크, 리더 모름 → Unattached',
      { epoch: 2, leaderId: 1 },
      { epoch: 3, leaderId: null },
      { to: 'Unattached', epoch: 3 },
    ],
    [
      '같은 에포크에서 처음 리더를 앎 → Follower',
      { epoch: 2, leaderId: null },
      { epoch: 2, leaderId: 3 },
      { to: 'Follower', epoch: 2, leaderId: 3 },
    ],
    ['같은 에포크, 같은 리더 → 그대로', { epoch: 2, leaderId: 3 }, { epoch: 2, leaderId: 3 }, { to: 'stay' }],
    ['낡은 에포크 → 그대로', { epoch: 5, leaderId: null }, { epoch: 4, leaderId: 1 }, { to: 'stay' }],
  ] as const)('%s', (_, local, observed, transition) => {
    expect(transitionForObservedEpoch(local, observed)).toEqual({ ok: true, transition });
  });

  it('testInconsistentLeader: 같은 에포크에 다른 리더는 불변식 위반입니다', () => {
    expect(transitionForObservedEpoch({ epoch: 2, leaderId: 1 }, { epoch: 2, leaderId: 3 })).toMatchObject({
      ok: false,
      error: 'INCONSISTENT_LEADER',
    });
  });
});

describe('리더의 하이 워터마크 (LeaderState.maybeUpdateHighWatermark)', () => {
  it('testUpdateHighWatermarkQuorumSizeThree: 셋 중 둘이 가진 가장 큰 끝 오프셋', () => {
    expect(leaderHighWatermark([15, 10, null], 5, null)).toEqual({ ok: true, highWatermark: 10 });
    expect(leaderHighWatermark([15, 10, 20], 5, 10)).toEqual({ ok: true, highWatermark: 15 });
  });

  it('testUpdateHighWatermarkQuorumSizeFive: 다섯 중 셋', () => {
    expect(leaderHighWatermark([20, 15, 10, 9, null], 5, null)).toEqual({ ok: true, highWatermark: 10 });
  });

  it('testHighWatermarkRequiresMajority: 과반이 아직 Fetch하지 않았으면 모릅니다', () => {
    expect(leaderHighWatermark([15, null, null], 5, null)).toEqual({ ok: false, error: 'NO_MAJORITY' });
  });

  it('testHighWatermarkDoesNotIncreaseFromOldEpochRecords: 이전 에포크의 레코드만 과반에 닿았으면 올리지 않습니다 (Figure 8)', () => {
    // 리더는 오프셋 10에서 뽑혔고(epochStartOffset), 팔로워는 10까지(이전 에포크의 레코드)만 가져갔습니다.
    expect(leaderHighWatermark([11, 10, 7], 10, null)).toEqual({ ok: false, error: 'NO_RECORD_OF_CURRENT_EPOCH' });
    expect(leaderHighWatermark([11, 11, 7], 10, null)).toEqual({ ok: true, highWatermark: 11 });
  });

  it('testHighWatermarkIsMonotonic: 지금보다 작으면 그대로 둡니다 (팔로워가 데이터를 잃고 다시 Fetch해도)', () => {
    expect(leaderHighWatermark([20, 12, 0], 5, 15)).toEqual({ ok: false, error: 'NOT_ADVANCED' });
  });
});

describe('갈라진 로그 (ReplicatedLog.validateOffsetAndEpoch, truncateToEndOffset)', () => {
  it('testValidateFetchPosition: 리더 로그의 그 에포크 끝과 맞으면 그대로, 다르면 divergingEpoch', () => {
    expect(validateFetchPosition({ offset: 5, epoch: 2 }, { offset: 8, epoch: 2 })).toEqual({ ok: true });
    expect(validateFetchPosition({ offset: 9, epoch: 2 }, { offset: 8, epoch: 2 })).toEqual({
      ok: false,
      error: { divergingEpoch: { offset: 8, epoch: 2 } },
    });
    expect(validateFetchPosition({ offset: 9, epoch: 3 }, { offset: 6, epoch: 2 })).toEqual({
      ok: false,
      error: { divergingEpoch: { offset: 6, epoch: 2 } },
    });
  });

  it.each([
    ['팔로워도 그 에포크를 가졌으면 짧은 쪽까지', { offset: 6, epoch: 2 }, { offset: 8, epoch: 2 }, 10, 6],
    ['팔로워 쪽이 더 짧으면 팔로워 쪽까지', { offset: 8, epoch: 2 }, { offset: 6, epoch: 2 }, 10, 6],
    ['그 에포크가 없으면 그 앞 에포크의 끝까지', { offset: 8, epoch: 3 }, { offset: 5, epoch: 2 }, 10, 5],
    ['에포크 0이면 로그 끝을 넘지 않게', { offset: 12, epoch: 0 }, { offset: 0, epoch: 0 }, 10, 10],
  ])('testTruncateToEndOffset: %s', (_, diverging, localEnd, leo, expected) => {
    expect(truncationOffset(diverging, localEnd, leo)).toBe(expected);
  });
});

describe('요청 검사 (validateVoterOnlyRequest, validateLeaderOnlyRequest)', () => {
  it('testValidateVoterOnlyRequest', () => {
    expect(validateVoterOnlyRequest(5, 2, 4)).toEqual({ ok: false, error: ErrorCode.FENCED_LEADER_EPOCH });
    expect(validateVoterOnlyRequest(5, -1, 5)).toEqual({ ok: false, error: ErrorCode.INVALID_REQUEST });
    expect(validateVoterOnlyRequest(5, 2, 6)).toEqual({ ok: true });
  });

  it('testValidateLeaderOnlyRequest', () => {
    const leader = { epoch: 5, isLeader: true, shuttingDown: false };
    expect(validateLeaderOnlyRequest(leader, 4)).toEqual({ ok: false, error: ErrorCode.FENCED_LEADER_EPOCH });
    expect(validateLeaderOnlyRequest(leader, 6)).toEqual({ ok: false, error: ErrorCode.UNKNOWN_LEADER_EPOCH });
    expect(validateLeaderOnlyRequest({ ...leader, isLeader: false }, 5)).toEqual({
      ok: false,
      error: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
    expect(validateLeaderOnlyRequest({ ...leader, shuttingDown: true }, 5)).toEqual({
      ok: false,
      error: ErrorCode.BROKER_NOT_AVAILABLE,
    });
    expect(validateLeaderOnlyRequest(leader, 5)).toEqual({ ok: true });
  });
});
