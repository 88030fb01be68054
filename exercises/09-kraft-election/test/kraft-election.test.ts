/**
 * 9장 테스트: 컨트롤러와 KRaft. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 쿼럼의 심장에 있는 결정 네 가지를 작은 표부터 확인합니다.
 *   1. 표를 줄지: 로그가 최신인가 → 한 에포크에 한 표 → 상태마다의 규칙 → 사전 투표(KIP-996)
 *   2. 선거: 후보의 첫 표 → 과반 → 진 선거 → 같은 표가 두 번 올 때 → 더 높은 에포크에 물러나기 → 무작위 표 순서
 *   3. 리더의 하이 워터마크: 과반이 가진 끝 → 자기 에포크의 레코드(Raft 논문 Figure 8) → 뒤로 가지 않음
 *   4. 갈라진 로그: 리더가 divergingEpoch를 알아보기 → 팔로워가 잘라 낼 자리 → 무작위 로그의 맞추기
 * 여러분의 decisions.ts를 끼운 쿼럼을 시뮬레이터에서 돌리는 끝에서 끝까지 테스트는 kraft-election.e2e.test.ts에 있습니다.
 *
 * 이름 옆의 Kafka 시험 이름(`testHandleVoteRequestAsFollower` …)은 같은 경우를 다루는 Kafka `raft` 모듈의 시험입니다.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../../reference/src/raft/raft-log.js';
import type { LogEntry, OffsetAndEpoch } from '../../../reference/src/raft/types.js';
import { assertProperty } from '../../../reference/test/support/property.js';
import {
  canGrantVote,
  type EpochElection,
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
} from '../src/decisions.js';

const at = (offset: number, epoch: number): OffsetAndEpoch => ({ offset, epoch });

/** 표를 받는 쪽의 상태 (기본: 아무에게도 투표하지 않았고 리더도 모름) */
const voter = (state: VoterView['state'], extra: Partial<VoterView> = {}): VoterView => ({
  state,
  leaderId: null,
  votedId: null,
  hasFetchedFromLeader: false,
  ...extra,
});

/** canGrantVote의 답을 한 낱말로: 'OK' 또는 거절 이유 */
function verdict(result: ReturnType<typeof canGrantVote>): string {
  return result.ok ? 'OK' : String(result.error);
}

function describeVoter(v: VoterView): string {
  const parts: string[] = [v.state];
  if (v.votedId !== null) parts.push(`${v.votedId}에게 투표함`);
  if (v.leaderId !== null) parts.push(`리더 ${v.leaderId}`);
  if (v.hasFetchedFromLeader) parts.push('리더에게서 Fetch 성공');
  return parts.join(', ');
}

/** 찬성(granted)과 반대(rejected)를 차례로 적은 선거. 적다가 실패하면 그 이유로 던집니다. */
function vote(election: EpochElection, answers: readonly [voterId: number, granted: boolean][]): EpochElection {
  let current = election;
  for (const [voterId, granted] of answers) {
    const r = recordVote(current, voterId, granted);
    if (!r.ok) throw new Error(`${voterId}의 ${granted ? '찬성을' : '반대를'} 적지 못했습니다: ${r.error}`);
    current = r.election;
  }
  return current;
}

function hwVerdict(result: ReturnType<typeof leaderHighWatermark>): string {
  return result.ok ? `HW ${result.highWatermark}` : String(result.error);
}

describe('9장 컨트롤러와 KRaft', () => {
  // ─────────────────────────────── 1. 표를 줄지 ───────────────────────────────

  it('UpToDateLogComparesEpochFirst: 후보의 로그가 최신인지는 마지막 에포크를 먼저, 같으면 로그 끝 오프셋을 봅니다', () => {
    const cases: [candidate: OffsetAndEpoch, local: OffsetAndEpoch, expected: boolean, why: string][] = [
      [at(10, 2), at(10, 2), true, '똑같은 로그는 최신입니다 (같아도 표를 줄 수 있어야 선거가 됩니다)'],
      [at(11, 2), at(10, 2), true, '에포크가 같으면 긴 쪽이 최신'],
      [at(9, 2), at(10, 2), false, '에포크가 같고 짧으면 뒤처짐'],
      [at(1, 3), at(10, 2), true, '마지막 에포크가 크면 짧아도 최신: 더 나중 리더의 레코드를 가졌습니다'],
      [
        at(99, 1),
        at(10, 2),
        false,
        '마지막 에포크가 작으면 길어도 뒤처짐: 그 긴 꼬리는 옛 리더가 복제하지 못한 것입니다',
      ],
      [at(0, 0), at(0, 0), true, '둘 다 빈 로그'],
      [at(0, 0), at(3, 1), false, '빈 로그의 후보는 레코드를 가진 투표자에게 뒤처집니다'],
    ];
    for (const [candidate, local, expected, why] of cases) {
      expect(
        isLogUpToDate(candidate, local),
        `후보 (끝 ${candidate.offset}, 에포크 ${candidate.epoch}), 나 (끝 ${local.offset}, 에포크 ${local.epoch}): ${why}`,
      ).toBe(expected);
    }
  });

  it('VoteOnlyForUpToDateLog: 아직 아무에게도 투표하지 않은 투표자는 로그가 최신인 후보에게만 표를 줍니다 (testHandleVoteRequestWithOutdatedLog)', () => {
    const fresh = voter('Unattached');
    expect(verdict(canGrantVote(fresh, 2, true, false)), 'Unattached, 최신 로그의 후보 2: 줍니다').toBe('OK');
    expect(
      verdict(canGrantVote(fresh, 2, false, false)),
      'Unattached, 뒤처진 로그의 후보 2: 커밋된 레코드를 모를 수 있는 후보는 리더가 되면 안 됩니다',
    ).toBe('LOG_NOT_UP_TO_DATE');
    // 상태 기계가 하는 그대로: 요청의 (lastOffset, lastOffsetEpoch)와 내 로그 끝을 isLogUpToDate로 견줘서 넘깁니다.
    const mine = at(10, 3);
    const ask = (candidateEnd: OffsetAndEpoch) =>
      verdict(canGrantVote(fresh, 2, isLogUpToDate(candidateEnd, mine), false));
    expect(ask(at(12, 3)), '내 로그 (10, 에포크 3), 후보 (12, 에포크 3)').toBe('OK');
    expect(ask(at(8, 3)), '내 로그 (10, 에포크 3), 후보 (8, 에포크 3)').toBe('LOG_NOT_UP_TO_DATE');
    expect(ask(at(20, 2)), '내 로그 (10, 에포크 3), 후보 (20, 에포크 2)').toBe('LOG_NOT_UP_TO_DATE');
  });

  it('OneVotePerEpoch: 한 에포크에 한 후보에게만 표를 줍니다. 같은 후보가 다시 물으면 다시 주고, 리더를 알면 주지 않습니다 (testHandleVoteRequestAsFollowerWithVotedCandidate)', () => {
    const votedFor3 = voter('Unattached', { votedId: 3 });
    expect(
      verdict(canGrantVote(votedFor3, 2, true, false)),
      '이 에포크에 이미 3에게 투표했습니다. 2에게도 주면 한 에포크에 리더가 둘 나올 수 있습니다',
    ).toBe('ALREADY_VOTED');
    expect(
      verdict(canGrantVote(votedFor3, 3, true, false)),
      '3의 Vote 재전송(응답이 사라졌을 때): 이미 준 표이니 다시 줍니다',
    ).toBe('OK');
    expect(
      verdict(canGrantVote(votedFor3, 3, false, false)),
      '3에게 이미 준 표는 되돌리지 않습니다: 재전송이면 로그 비교와 상관없이 같은 답입니다',
    ).toBe('OK');
    expect(
      verdict(canGrantVote(voter('Unattached', { leaderId: 1 }), 2, true, false)),
      '이 에포크의 리더(1)를 압니다: 같은 에포크에 다른 리더를 뽑을 수 없습니다',
    ).toBe('HAS_LEADER');
    expect(
      verdict(canGrantVote(voter('Prospective', { votedId: 3 }), 2, true, false)),
      'Prospective(사전 투표 중)도 진짜 투표는 Unattached와 같은 규칙입니다',
    ).toBe('ALREADY_VOTED');
    expect(verdict(canGrantVote(voter('Prospective'), 2, true, false)), 'Prospective, 최신 로그의 후보').toBe('OK');
  });

  it('VoteRulesByState: Follower, Candidate, Leader, Resigned는 같은 에포크의 진짜 투표를 주지 않습니다 (testCandidateIgnoreVoteRequestOnSameEpoch, testLeaderIgnoreVoteRequestOnSameEpoch)', () => {
    const cases: [VoterView, expected: string, why: string][] = [
      [voter('Follower', { leaderId: 1 }), 'HAS_LEADER', '이 에포크의 리더를 따르고 있습니다'],
      [voter('Candidate', { votedId: 5 }), 'IS_CANDIDATE', '후보는 이 에포크에 자기 자신에게 이미 투표했습니다'],
      [voter('Leader', { leaderId: 5 }), 'IS_LEADER', '이 에포크의 리더입니다'],
      [
        voter('Resigned', { leaderId: 5 }),
        'RESIGNED',
        '이 에포크의 리더였다가 물러났습니다: 같은 에포크에 다시 표를 주지 않습니다',
      ],
    ];
    for (const [v, expected, why] of cases) {
      expect(verdict(canGrantVote(v, 2, true, false)), `${describeVoter(v)}, 최신 로그의 후보 2: ${why}`).toBe(
        expected,
      );
    }
    expect(
      verdict(canGrantVote(voter('Leader', { leaderId: 5 }), 2, true, true)),
      '리더는 사전 투표도 거절합니다: 자기가 살아 있으니까요',
    ).toBe('IS_LEADER');
    expect(verdict(canGrantVote(voter('Resigned', { leaderId: 5 }), 2, true, true)), 'Resigned, 사전 투표').toBe(
      'RESIGNED',
    );
  });

  it('PreVoteRules: 사전 투표는 아무것도 기록하지 않고 로그가 최신이면 주지만, 리더를 잘 따르는 Follower는 거절합니다 (KIP-996, testHandlePreVoteRequestAsFollower)', () => {
    expect(
      verdict(canGrantVote(voter('Unattached', { votedId: 3 }), 2, true, true)),
      'Unattached(3에게 투표함), 후보 2의 사전 투표: 사전 투표는 표를 묶지 않으니 최신이면 줍니다',
    ).toBe('OK');
    expect(
      verdict(canGrantVote(voter('Unattached', { leaderId: 1 }), 2, true, true)),
      'Unattached(리더 1을 앎), 사전 투표: 최신이면 줍니다',
    ).toBe('OK');
    expect(
      verdict(canGrantVote(voter('Unattached'), 2, false, true)),
      '사전 투표라도 뒤처진 로그의 후보에게는 주지 않습니다',
    ).toBe('LOG_NOT_UP_TO_DATE');
    expect(
      verdict(canGrantVote(voter('Follower', { leaderId: 1 }), 2, true, true)),
      'Follower가 리더 1에게서 아직 Fetch에 한 번도 성공하지 못했습니다: 리더가 죽었을 수 있으니 사전 투표를 줍니다',
    ).toBe('OK');
    expect(
      verdict(canGrantVote(voter('Follower', { leaderId: 1, hasFetchedFromLeader: true }), 2, true, true)),
      'Follower가 리더 1을 잘 따르고 있습니다: 떨어져 있다 돌아온 노드가 멀쩡한 리더를 흔들지 못하게 거절합니다',
    ).toBe('FOLLOWING_ACTIVE_LEADER');
    expect(
      verdict(canGrantVote(voter('Follower', { leaderId: 1 }), 2, false, true)),
      'Follower, 뒤처진 로그의 사전 투표',
    ).toBe('LOG_NOT_UP_TO_DATE');
    expect(
      verdict(canGrantVote(voter('Candidate', { votedId: 5 }), 2, true, true)),
      'Candidate, 최신 로그의 사전 투표: 줍니다 (자기 선거도 질 수 있으니까요)',
    ).toBe('OK');
    expect(verdict(canGrantVote(voter('Candidate', { votedId: 5 }), 2, false, true)), 'Candidate, 뒤처진 로그').toBe(
      'LOG_NOT_UP_TO_DATE',
    );
  });

  // ─────────────────────────────── 2. 선거 ───────────────────────────────

  it('CandidateVotesForItself: 선거를 시작하는 후보는 자기 자신의 표 하나를 들고 시작합니다 (testInitializeSingleMemberQuorum)', () => {
    const election = startElection([1, 2, 3], 2);
    expect(election.voters, '투표자 목록은 그대로').toEqual([1, 2, 3]);
    expect(election.granted, '후보 2는 자기 자신에게 한 표').toEqual([2]);
    expect(election.rejected, '반대는 아직 없습니다').toEqual([]);
    expect(unrecordedVoters(election), '아직 답하지 않은 투표자(Vote를 보낼 곳): 자기 자신은 빠집니다').toEqual([1, 3]);
    expect(electionOutcome(election), '셋 중 한 표: 아직 모릅니다').toBe('undecided');
    expect(
      electionOutcome(startElection([7], 7)),
      '투표자가 자기 하나뿐인 쿼럼(npm run broker): 자기 표만으로 곧바로 이깁니다',
    ).toBe('won');
  });

  it('MajorityWinsElection: 투표자의 과반(3표 중 2, 4표 중 3, 5표 중 3)이 찬성하면 이깁니다 (testInitializeAsCandidateAndBecomeLeaderQuorumOfThree)', () => {
    expect(electionOutcome(vote(startElection([1, 2, 3], 1), [[2, true]])), '셋 중 둘(자기 + 2)').toBe('won');
    expect(electionOutcome(vote(startElection([1, 2, 3, 4], 1), [[2, true]])), '넷 중 둘: 절반은 과반이 아닙니다').toBe(
      'undecided',
    );
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3, 4], 1), [
          [2, true],
          [3, true],
        ]),
      ),
      '넷 중 셋',
    ).toBe('won');
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3, 4, 5], 3), [
          [1, true],
          [5, false],
        ]),
      ),
      '다섯 중 찬성 둘(자기 + 1), 반대 하나',
    ).toBe('undecided');
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3, 4, 5], 3), [
          [1, true],
          [5, false],
          [4, true],
        ]),
      ),
      '다섯 중 찬성 셋: 반대가 있어도 과반이면 이깁니다',
    ).toBe('won');
  });

  it('ElectionLostWhenMajorityUnreachable: 남은 투표자가 모두 찬성해도 과반이 안 되면 진 선거입니다 (testElectionLost)', () => {
    expect(electionOutcome(vote(startElection([1, 2, 3], 1), [[2, false]])), '셋 중 반대 하나: 3이 주면 이깁니다').toBe(
      'undecided',
    );
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3], 1), [
          [2, false],
          [3, false],
        ]),
      ),
      '셋 중 반대 둘: 자기 표 하나뿐입니다',
    ).toBe('lost');
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3, 4], 1), [
          [2, false],
          [3, false],
        ]),
      ),
      '넷 중 반대 둘: 4가 줘도 둘이라 과반(셋)이 안 됩니다',
    ).toBe('lost');
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3, 4, 5], 1), [
          [2, false],
          [3, false],
        ]),
      ),
      '다섯 중 반대 둘: 남은 4, 5가 주면 셋',
    ).toBe('undecided');
    expect(
      electionOutcome(
        vote(startElection([1, 2, 3, 4, 5], 1), [
          [2, false],
          [3, false],
          [4, false],
        ]),
      ),
      '다섯 중 반대 셋',
    ).toBe('lost');
  });

  it('VotesAreRecordedOnce: 같은 답이 두 번 와도 한 표이고, 투표자가 아니거나 답을 뒤집는 응답은 받지 않으며, 받은 선거는 고치지 않습니다', () => {
    const start = startElection([1, 2, 3, 4, 5], 1);
    const once = recordVote(start, 2, true);
    if (!once.ok) throw new Error(`2의 찬성을 적지 못했습니다: ${once.error}`);
    expect(
      start.granted,
      'recordVote는 받은 선거를 고치지 않고 새 선거를 돌려줍니다 (상태 기계가 바꿔 끼웁니다)',
    ).toEqual([1]);
    const twice = recordVote(once.election, 2, true);
    if (!twice.ok) throw new Error(`2의 찬성 재전송이 실패했습니다: ${twice.error}`);
    expect(twice.election.granted, '복제된 응답(2의 찬성이 두 번): 여전히 한 표').toEqual([1, 2]);
    expect(electionOutcome(twice.election), '다섯 중 둘: 중복이 세어지면 셋으로 잘못 이깁니다').toBe('undecided');
    const flip = recordVote(once.election, 2, false);
    expect(flip.ok ? 'ok' : flip.error, '찬성했던 2가 반대라고 하면: 답을 뒤집을 수 없습니다').toBe('VOTE_CHANGED');
    const stranger = recordVote(once.election, 9, true);
    expect(stranger.ok ? 'ok' : stranger.error, '투표자가 아닌 9(관찰자)의 표').toBe('NOT_A_VOTER');
    const rejected = vote(start, [
      [4, false],
      [4, false],
    ]);
    expect(rejected.rejected, '반대도 두 번 와도 한 표').toEqual([4]);
    expect(
      unrecordedVoters(vote(start, [[4, false]])),
      '답한 투표자(1, 4)를 뺀 나머지, 투표자 목록의 순서대로',
    ).toEqual([2, 3, 5]);
  });

  it('StepDownOnHigherEpoch: 더 높은 에포크를 보면 후보든 리더든 물러나고, 같은 에포크에서 리더를 처음 알면 그 리더를 따릅니다 (testVoteResponseIgnoredAfterBecomingFollower)', () => {
    const cases: [
      local: { epoch: number; leaderId: number | null },
      observed: { epoch: number; leaderId: number | null },
      expected: unknown,
      why: string,
    ][] = [
      [
        { epoch: 5, leaderId: 1 },
        { epoch: 6, leaderId: 2 },
        { to: 'Follower', epoch: 6, leaderId: 2 },
        '에포크 5의 리더(나 = 1)가 에포크 6의 리더 2를 봅니다: 에포크가 곧 권위입니다',
      ],
      [
        { epoch: 5, leaderId: null },
        { epoch: 9, leaderId: null },
        { to: 'Unattached', epoch: 9 },
        '에포크 5의 후보가 에포크 9의 Vote를 봅니다(리더 모름): 그 에포크의 Unattached',
      ],
      [
        { epoch: 5, leaderId: 1 },
        { epoch: 7, leaderId: null },
        { to: 'Unattached', epoch: 7 },
        '리더를 알던 Follower도 더 높은 에포크에서는 리더를 모르는 채 물러납니다',
      ],
      [
        { epoch: 5, leaderId: null },
        { epoch: 5, leaderId: 3 },
        { to: 'Follower', epoch: 5, leaderId: 3 },
        '같은 에포크의 후보가 BeginQuorumEpoch로 리더 3을 처음 압니다: 선거에 졌으니 따릅니다',
      ],
      [{ epoch: 5, leaderId: 3 }, { epoch: 5, leaderId: 3 }, { to: 'stay' }, '같은 에포크, 같은 리더: 그대로'],
      [
        { epoch: 5, leaderId: 3 },
        { epoch: 5, leaderId: null },
        { to: 'stay' },
        '같은 에포크인데 상대가 리더를 모릅니다: 그대로',
      ],
      [
        { epoch: 5, leaderId: null },
        { epoch: 5, leaderId: null },
        { to: 'stay' },
        '같은 에포크의 다른 후보가 보낸 Vote(둘 다 리더를 모름): 따를 리더가 없으니 그대로',
      ],
      [
        { epoch: 5, leaderId: null },
        { epoch: 4, leaderId: 1 },
        { to: 'stay' },
        '낡은 에포크의 리더 1: 옛 리더의 말은 따르지 않습니다',
      ],
    ];
    for (const [local, observed, expected, why] of cases) {
      const result = transitionForObservedEpoch(local, observed);
      expect(
        result.ok ? result.transition : `오류 ${result.error}`,
        `나: 에포크 ${local.epoch}, 리더 ${local.leaderId ?? '모름'} / 본 것: 에포크 ${observed.epoch}, 리더 ${observed.leaderId ?? '모름'} — ${why}`,
      ).toEqual(expected);
    }
  });

  it('OneLeaderPerEpoch: 같은 에포크에 다른 리더를 말하는 메시지는 불변식이 깨진 것입니다', () => {
    const result = transitionForObservedEpoch({ epoch: 4, leaderId: 1 }, { epoch: 4, leaderId: 2 });
    expect(
      result.ok ? result.transition : result.error,
      '에포크 4의 리더가 1인데 2라고 합니다: 한 에포크에 리더는 하나뿐입니다',
    ).toBe('INCONSISTENT_LEADER');
  });

  it('RandomVoteSequences: 무작위 순서로 오는 찬성·반대·중복 응답에도 선거의 결과가 표대로 나옵니다', () => {
    const answer = fc.record({ voter: fc.integer({ min: 0, max: 6 }), granted: fc.boolean() });
    assertProperty(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(answer, { maxLength: 20 }), (size, answers) => {
        const voters = Array.from({ length: size }, (_, i) => i);
        const majority = Math.floor(size / 2) + 1;
        let election = startElection(voters, 0);
        const yes = new Set([0]);
        const no = new Set<number>();
        const log: string[] = [`투표자 ${size}명, 후보 0`];
        for (const { voter: id, granted } of answers) {
          const r = recordVote(election, id, granted);
          const expected = id >= size ? 'NOT_A_VOTER' : (granted ? no : yes).has(id) ? 'VOTE_CHANGED' : 'ok';
          log.push(`${id}의 ${granted ? '찬성' : '반대'} → ${r.ok ? 'ok' : r.error}`);
          expect(r.ok ? 'ok' : r.error, `지금까지:\n${log.join('\n')}`).toBe(expected);
          if (!r.ok) continue;
          election = r.election;
          (granted ? yes : no).add(id);
          const outcome =
            yes.size >= majority ? 'won' : yes.size + (size - yes.size - no.size) < majority ? 'lost' : 'undecided';
          expect(electionOutcome(election), `지금까지:\n${log.join('\n')}\n찬성 ${yes.size}, 반대 ${no.size}`).toBe(
            outcome,
          );
          expect(unrecordedVoters(election), `지금까지:\n${log.join('\n')}\n아직 답하지 않은 투표자`).toEqual(
            voters.filter((v) => !yes.has(v) && !no.has(v)),
          );
        }
      }),
      { chapter: 9, numRuns: 300 },
    );
  });

  // ─────────────────────────────── 3. 하이 워터마크 ───────────────────────────────

  it('HighWatermarkIsMajorityEndOffset: 리더의 하이 워터마크는 투표자의 과반이 가진 가장 큰 끝 오프셋입니다 (testUpdateHighWatermarkQuorumSizeThree, …Five)', () => {
    const cases: [offsets: (number | null)[], expected: string, why: string][] = [
      [[15, 10, null], 'HW 10', '셋: 리더 15, 팔로워 10, 아직 Fetch하지 않은 팔로워 — 둘이 가진 것은 10까지'],
      [[15, 10, 20], 'HW 15', '셋: 15, 10, 20 — 둘이 가진 가장 큰 끝은 15'],
      [[10, 20, 15], 'HW 15', '순서는 상관없습니다'],
      [[20, 15, 10, 9, null], 'HW 10', '다섯: 셋이 가진 가장 큰 끝은 10'],
      [[12, 12, 12, 12], 'HW 12', '넷이 모두 12'],
      [[30, 25, 11, 11], 'HW 11', '넷: 과반은 셋 — 25까지는 둘뿐입니다'],
      [[15, null, null], 'NO_MAJORITY', '셋 중 하나만 압니다'],
      [[15, 14, null, null, null], 'NO_MAJORITY', '다섯 중 둘만 압니다'],
      [[15], 'HW 15', '투표자 하나(리더 자신)'],
    ];
    for (const [offsets, expected, why] of cases) {
      expect(
        hwVerdict(leaderHighWatermark(offsets, 5, null)),
        `투표자들의 끝 [${offsets.map((o) => o ?? '모름').join(', ')}], 이 에포크의 시작 5: ${why}`,
      ).toBe(expected);
    }
  });

  it('HighWatermarkNeedsRecordOfOwnEpoch: 리더는 자기 에포크의 레코드가 과반에 닿기 전에는 하이 워터마크를 올리지 않습니다 (Raft 논문 Figure 8)', () => {
    // 리더는 로그 끝이 10일 때 뽑혔습니다(epochStartOffset = 10). 오프셋 10에 곧바로 LeaderChange를 씁니다.
    expect(
      hwVerdict(leaderHighWatermark([11, 10, 7], 10, null)),
      '리더 11(LeaderChange까지), 팔로워 10, 7: 과반이 가진 것은 옛 에포크의 레코드(10 앞)까지뿐입니다',
    ).toBe('NO_RECORD_OF_CURRENT_EPOCH');
    expect(
      hwVerdict(leaderHighWatermark([11, 11, 7], 10, null)),
      '팔로워 하나가 LeaderChange(오프셋 10)를 가져갔습니다: 이제 11까지 커밋됩니다 (옛 에포크의 레코드도 함께)',
    ).toBe('HW 11');
    expect(
      hwVerdict(leaderHighWatermark([14, 10, 10, 10, 3], 10, null)),
      '다섯 중 넷이 10까지: 옛 에포크의 레코드가 과반에 있어도, 이 에포크의 것이 아니면 기다립니다',
    ).toBe('NO_RECORD_OF_CURRENT_EPOCH');
    expect(hwVerdict(leaderHighWatermark([14, 12, 11, 10, 3], 10, null)), '다섯 중 셋이 11 이상: 올립니다').toBe(
      'HW 11',
    );
    expect(
      hwVerdict(leaderHighWatermark([1, 1, 0], 0, null)),
      '첫 리더(시작 0): LeaderChange 하나가 과반에 닿으면 1',
    ).toBe('HW 1');
    expect(
      hwVerdict(leaderHighWatermark([1, 0, null], 0, null)),
      '첫 리더(시작 0): 팔로워 하나는 0부터 Fetch해 아직 아무것도 없고(0은 아는 위치입니다), 하나는 모릅니다(null). 과반이 가진 끝은 0',
    ).toBe('NO_RECORD_OF_CURRENT_EPOCH');
    expect(
      hwVerdict(leaderHighWatermark([null, 0, 2, null, 1], 0, null)),
      '다섯(시작 0): 2, 1, 0을 알고 둘은 모름 — 셋째로 큰 것은 0이지 모름이 아닙니다',
    ).toBe('NO_RECORD_OF_CURRENT_EPOCH');
  });

  it('HighWatermarkNeverMovesBack: 하이 워터마크는 줄지 않습니다. 새 값이 지금보다 크지 않으면 그대로 둡니다', () => {
    expect(hwVerdict(leaderHighWatermark([20, 18, 16], 5, 15)), '지금 15, 새 값 18: 올립니다').toBe('HW 18');
    expect(hwVerdict(leaderHighWatermark([20, 15, 3], 5, 15)), '지금 15, 새 값도 15: 그대로').toBe('NOT_ADVANCED');
    expect(
      hwVerdict(leaderHighWatermark([20, 12, 0], 5, 15)),
      '지금 15인데 팔로워가 디스크를 잃고 처음부터 다시 Fetch합니다(새 값 12): 커밋된 것은 되돌리지 않습니다',
    ).toBe('NOT_ADVANCED');
    expect(hwVerdict(leaderHighWatermark([20, 16, 0], 5, 15)), '지금 15, 새 값 16: 하나만 늘어도 올립니다').toBe(
      'HW 16',
    );
  });

  // ─────────────────────────────── 4. 갈라진 로그 ───────────────────────────────

  it('LeaderDetectsDivergingFetch: 리더는 팔로워의 (fetchOffset, lastFetchedEpoch)를 자기 로그의 그 에포크의 끝과 맞춰 봅니다 (testLeaderImmediatelySendsDivergingEpoch)', () => {
    const cases: [fetch: OffsetAndEpoch, leaderEnd: OffsetAndEpoch, expected: string, why: string][] = [
      [at(5, 2), at(8, 2), '맞음', '팔로워는 에포크 2의 5까지, 리더의 에포크 2는 8에서 끝남: 이어서 줍니다'],
      [at(8, 2), at(8, 2), '맞음', '딱 그 에포크의 끝까지 가졌습니다'],
      [at(9, 2), at(8, 2), 'divergingEpoch (8, 에포크 2)', '팔로워가 에포크 2의 레코드를 리더보다 더 가졌습니다'],
      [
        at(9, 3),
        at(6, 2),
        'divergingEpoch (6, 에포크 2)',
        '리더에게는 에포크 3이 없고, 그 앞의 에포크 2가 6에서 끝납니다',
      ],
      [
        at(5, 3),
        at(6, 2),
        'divergingEpoch (6, 에포크 2)',
        '오프셋 5는 6보다 앞이지만, 팔로워의 마지막 레코드는 리더에게 없는 에포크 3의 것입니다',
      ],
      [at(0, 0), at(0, 0), '맞음', '빈 로그의 첫 Fetch'],
    ];
    for (const [fetch, leaderEnd, expected, why] of cases) {
      const r = validateFetchPosition(fetch, leaderEnd);
      const got = r.ok
        ? '맞음'
        : `divergingEpoch (${r.error.divergingEpoch.offset}, 에포크 ${r.error.divergingEpoch.epoch})`;
      expect(
        got,
        `팔로워 (fetchOffset ${fetch.offset}, lastFetchedEpoch ${fetch.epoch}), 리더 로그의 endOffsetForEpoch(${fetch.epoch}) = (${leaderEnd.offset}, 에포크 ${leaderEnd.epoch}): ${why}`,
      ).toBe(expected);
    }
  });

  it('FollowerTruncatesToDivergingEpoch: 팔로워는 divergingEpoch의 끝 오프셋과 자기 로그의 그 에포크의 끝 중 짧은 쪽까지 남기고 자릅니다 (testFollowerLogReconciliation)', () => {
    const cases: [diverging: OffsetAndEpoch, localEnd: OffsetAndEpoch, leo: number, expected: number, why: string][] = [
      [
        at(6, 2),
        at(8, 2),
        10,
        6,
        '둘 다 에포크 2를 가졌고 리더 쪽이 6에서 끝남: 6부터 지웁니다 (6은 지워지는 첫 오프셋)',
      ],
      [at(8, 2), at(6, 2), 10, 6, '팔로워 쪽 에포크 2가 6에서 끝남: 6부터 뒤는 에포크 2가 아닙니다'],
      [at(7, 2), at(7, 2), 9, 7, '끝이 같으면 그 자리까지 남깁니다'],
      [at(8, 3), at(5, 2), 10, 5, '팔로워에게 에포크 3이 없습니다: 그 앞의 자기 에포크 2의 끝(5)까지'],
      [
        at(4, 3),
        at(7, 2),
        8,
        7,
        '팔로워에게 에포크 3이 없고 자기 에포크 2는 7에서 끝납니다: 리더의 오프셋 4는 팔로워에게 없는 에포크의 자리라 견주지 않고, 7까지 남깁니다 (다음 Fetch가 에포크 2로 다시 맞춰 봅니다)',
      ],
      [at(4, 1), at(4, 1), 12, 4, '에포크 1의 끝 4: 오프셋 0~3을 남깁니다'],
      [at(12, 0), at(0, 0), 10, 10, '에포크 0(리더에게 앞선 에포크가 없음): 그 오프셋까지, 다만 로그 끝을 넘지 않게'],
      [at(3, 0), at(0, 0), 10, 3, '에포크 0, 오프셋 3'],
    ];
    for (const [diverging, localEnd, leo, expected, why] of cases) {
      expect(
        truncationOffset(diverging, localEnd, leo),
        `divergingEpoch (${diverging.offset}, 에포크 ${diverging.epoch}), 내 로그의 endOffsetForEpoch(${diverging.epoch}) = (${localEnd.offset}, 에포크 ${localEnd.epoch}), 내 로그 끝 ${leo}: ${why}`,
      ).toBe(expected);
    }
  });

  it('RandomLogsReconcileToLeader: 무작위로 갈라진 팔로워가 Fetch → divergingEpoch → 자르기를 되풀이하면 커밋된 공통 부분을 잃지 않고 리더의 로그와 같아집니다', () => {
    const history = fc.record({
      prefix: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 }),
      sides: fc.array(fc.record({ leader: fc.boolean(), count: fc.integer({ min: 1, max: 3 }) }), { maxLength: 5 }),
      continueOnFollower: fc.integer({ min: 0, max: 3 }),
      tail: fc.integer({ min: 1, max: 2 }),
    });
    assertProperty(
      fc.property(history, ({ prefix, sides, continueOnFollower, tail }) => {
        // 공통 부분: 에포크 1부터 시작해 오르는 에포크의 레코드들 (과반이 가진 커밋된 부분이라고 봅니다)
        const common: number[] = [];
        prefix.forEach((count, i) => {
          for (let k = 0; k < count; k++) common.push(i + 1);
        });
        const lastCommon = common.at(-1) ?? 0;
        // 팔로워는 마지막 공통 에포크의 레코드를 더 가졌을 수 있습니다 (옛 리더가 복제하지 못한 꼬리).
        const follower = [...common, ...Array<number>(lastCommon > 0 ? continueOnFollower : 0).fill(lastCommon)];
        const leader = [...common];
        // 그 뒤 에포크들은 번갈아 다른 리더가 가졌습니다: 한 에포크의 레코드는 한쪽 로그에만 있습니다.
        let epoch = lastCommon;
        for (const { leader: onLeader, count } of sides) {
          epoch++;
          for (let k = 0; k < count; k++) (onLeader ? leader : follower).push(epoch);
        }
        // 지금의 리더는 가장 높은 에포크에 뽑혀 곧바로 자기 에포크의 레코드(LeaderChange)를 썼습니다.
        epoch++;
        for (let k = 0; k < tail; k++) leader.push(epoch);

        const entries = (epochs: number[]): LogEntry<string>[] =>
          epochs.map((e, offset) => ({ offset, epoch: e, record: { type: 'data', data: `${offset}@${e}` } }));
        const leaderLog = new RaftLog<string>(null, entries(leader));
        const followerLog = new RaftLog<string>(null, entries(follower));
        const show = (log: RaftLog<string>) =>
          log
            .read(0, Number.POSITIVE_INFINITY)
            .map((e) => e.epoch)
            .join(',') || '(빈 로그)';
        const steps: string[] = [`리더 로그의 에포크들: ${show(leaderLog)}`, `팔로워: ${show(followerLog)}`];
        const context = () => steps.join('\n');

        // Fetch 한 번에 진도가 나가거나(레코드를 받음) 갈라진 에포크 하나를 지웁니다. 그보다 많이 돌면 멈추지 않는 것입니다.
        const maxRounds = leader.length + follower.length + 2;
        for (let round = 0; round < maxRounds; round++) {
          const fetch = followerLog.endOffsetAndEpoch;
          if (fetch.offset === leaderLog.endOffset && fetch.epoch === leaderLog.lastFetchedEpoch) break;
          const checked = validateFetchPosition(fetch, leaderLog.endOffsetForEpoch(fetch.epoch));
          if (checked.ok) {
            const fresh = leaderLog.read(fetch.offset, 3);
            expect(
              fresh.length,
              `${context()}\nFetch(${fetch.offset}, 에포크 ${fetch.epoch})가 맞다고 했는데 리더에게 줄 레코드가 없습니다: 리더보다 앞선 팔로워는 갈라진 것입니다`,
            ).toBeGreaterThan(0);
            for (let o = 0; o < fetch.offset; o++) {
              expect(
                followerLog.entry(o)?.epoch,
                `${context()}\nFetch(${fetch.offset}, 에포크 ${fetch.epoch})가 맞다고 했는데 팔로워의 오프셋 ${o}에 있는 레코드가 리더와 다릅니다`,
              ).toBe(leaderLog.entry(o)?.epoch);
            }
            followerLog.append(fresh);
            steps.push(
              `Fetch(${fetch.offset}, 에포크 ${fetch.epoch}) → 레코드 ${fresh.length}개 → ${show(followerLog)}`,
            );
            continue;
          }
          const diverging = checked.error.divergingEpoch;
          const cut = truncationOffset(
            diverging,
            followerLog.endOffsetForEpoch(diverging.epoch),
            followerLog.endOffset,
          );
          steps.push(
            `Fetch(${fetch.offset}, 에포크 ${fetch.epoch}) → divergingEpoch (${diverging.offset}, 에포크 ${diverging.epoch}) → ${cut}부터 자름`,
          );
          expect(
            cut,
            `${context()}\n공통 부분(오프셋 0~${common.length - 1})은 과반이 가진 커밋된 레코드입니다: 그 안(${cut})을 자르면 안 됩니다`,
          ).toBeGreaterThanOrEqual(common.length);
          expect(
            cut,
            `${context()}\n로그 끝(${followerLog.endOffset})보다 뒤를 자를 수는 없습니다`,
          ).toBeLessThanOrEqual(followerLog.endOffset);
          expect(cut, `${context()}\n잘라 낸 것이 없습니다: 같은 Fetch를 끝없이 되풀이합니다`).toBeLessThan(
            followerLog.endOffset,
          );
          followerLog.truncateTo(cut);
        }
        expect(show(followerLog), `${context()}\n${maxRounds}번의 Fetch 뒤에도 팔로워가 리더와 같지 않습니다`).toBe(
          show(leaderLog),
        );
      }),
      {
        chapter: 9,
        numRuns: 300,
        // 꼭 짚을 경계: 옛 리더가 복제하지 못한 꼬리(에포크가 같음)와, 리더에게 없는 에포크를 가진 팔로워
        examples: [
          [{ prefix: [2], sides: [], continueOnFollower: 2, tail: 1 }],
          [{ prefix: [1, 2], sides: [{ leader: false, count: 2 }], continueOnFollower: 0, tail: 1 }],
          [{ prefix: [], sides: [{ leader: false, count: 3 }], continueOnFollower: 0, tail: 2 }],
        ],
      },
    );
  });
});
