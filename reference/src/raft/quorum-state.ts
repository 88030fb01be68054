/**
 * 노드의 선거 상태와, 그 사이를 오가는 이름 붙은 전이들. Kafka `QuorumState`와 `EpochState`의 하위 클래스들입니다.
 *
 *   Unattached  ── 선거 시간 제한 ──▶ Prospective ── 사전 투표 과반 ──▶ Candidate ── 투표 과반 ──▶ Leader
 *       ▲                               │  사전 투표에 짐 / 시간 제한                 │ 시간 제한         │ 물러남
 *       │                               ▼                                          ▼                  ▼
 *       └──────── 더 높은 에포크 ─── Follower ◀── 리더를 알게 됨               Prospective          Resigned
 *
 * - Unattached: 이 에포크의 리더를 모릅니다 (이 에포크에 누구에게 표를 줬는지는 기억합니다).
 * - Prospective: 사전 투표(pre-vote, KIP-996)로 "내가 나서도 이길 수 있나"를 묻는 중. 에포크는 그대로입니다.
 * - Candidate: 에포크를 하나 올리고 자기에게 투표한 뒤 표를 모으는 중.
 * - Leader, Follower: 이 에포크의 리더가 정해졌습니다.
 * - Resigned: 리더였다가 물러나는 중 (종료, check-quorum 실패). 이 에포크에는 다시 투표하지 않습니다.
 *
 * 관찰자(observer, 투표자가 아닌 노드: 브로커)는 Unattached와 Follower만 오갑니다.
 *
 * 에포크나 투표가 바뀌는 전이는 "내구적(durable)"입니다: 바뀐 선거 상태를 `takePendingElection()`으로 내보내고,
 * 드라이버가 그것을 `quorum-state`에 fsync한 다음에야 이 전이의 결과(응답, 요청)가 밖으로 나갑니다.
 * Prospective와 Resigned로 가는 전이는 디스크에 적을 것이 바뀌지 않으므로 메모리에서만 일어납니다.
 */
import type { Random } from '../runtime/random.js';
import { type EpochElection, electionOutcome, startElection } from './decisions.js';
import type { ElectionState } from './election-state.js';
import { LeaderState } from './leader-state.js';
import type { OffsetAndEpoch, QuorumConfig } from './types.js';

export interface UnattachedState {
  readonly name: 'Unattached';
  readonly epoch: number;
  readonly leaderId: number | null;
  readonly votedId: number | null;
  readonly electionDeadlineMs: number;
}

export interface ProspectiveState {
  readonly name: 'Prospective';
  readonly epoch: number;
  readonly leaderId: number | null;
  readonly votedId: number | null;
  election: EpochElection;
  readonly electionDeadlineMs: number;
}

export interface CandidateState {
  readonly name: 'Candidate';
  readonly epoch: number;
  election: EpochElection;
  readonly electionDeadlineMs: number;
}

/** 받고 있는 스냅숏: 지금까지 받은 바이트 */
export interface FetchingSnapshot {
  readonly id: OffsetAndEpoch;
  bytes: Uint8Array;
}

export interface FollowerState {
  readonly name: 'Follower';
  readonly epoch: number;
  readonly leaderId: number;
  readonly votedId: number | null;
  fetchDeadlineMs: number;
  /** 이 에포크의 리더에게서 Fetch에 성공한 적이 있는지 (있으면 사전 투표를 거절합니다) */
  hasFetchedFromLeader: boolean;
  fetchingSnapshot: FetchingSnapshot | null;
}

export interface ResignedState {
  readonly name: 'Resigned';
  readonly epoch: number;
  readonly electionDeadlineMs: number;
  /** EndQuorumEpoch에 아직 답하지 않은 투표자 */
  readonly unackedVoters: Set<number>;
  readonly preferredSuccessors: readonly number[];
}

/** 지금 아는 리더(모르면 null)와 에포크 (Kafka `LeaderAndEpoch`) */
export interface LeaderAndEpoch {
  readonly leaderId: number | null;
  readonly epoch: number;
}

export type EpochState =
  | UnattachedState
  | ProspectiveState
  | CandidateState
  | LeaderState
  | FollowerState
  | ResignedState;

export class QuorumState {
  #state: EpochState;
  #pendingElection: ElectionState | null = null;

  constructor(
    readonly localId: number,
    private readonly config: QuorumConfig,
    private readonly random: Random,
    persisted: ElectionState | null,
    logEnd: OffsetAndEpoch,
    nowMs: number,
  ) {
    this.#state = this.#initialState(
      persisted ?? { epoch: 0, leaderId: null, votedId: null, voters: [] },
      logEnd,
      nowMs,
    );
    this.#pendingElection = this.election();
  }

  get state(): EpochState {
    return this.#state;
  }

  get epoch(): number {
    return this.#state.epoch;
  }

  get leaderId(): number | null {
    return this.election().leaderId;
  }

  /**
   * 지금 아는 리더와 에포크 (Kafka `QuorumState.leaderAndEpoch()`): 선거 상태의 것입니다. 물러나는 중인 리더(Resigned)는
   * 이 에포크의 리더로 여전히 자기를 답합니다 (Kafka `ResignedState.election()`): 이 에포크에 다른 리더는 없으니까요.
   * 그래서 응용에 리더가 바뀌었다고 알리지 않고, 응용이 레코드를 붙이려 하면 그때 리더가 아니라는 답(NOT_LEADER)을
   * 받습니다. 컨트롤러는 그 답에 물러나 NOT_CONTROLLER로 답합니다 (`../controller/quorum-controller.ts`).
   */
  leaderAndEpoch(): LeaderAndEpoch {
    const { leaderId, epoch } = this.election();
    return { leaderId, epoch };
  }

  get votedId(): number | null {
    return this.election().votedId;
  }

  get voters(): readonly number[] {
    return this.config.voters;
  }

  get isVoter(): boolean {
    return this.config.voters.includes(this.localId);
  }

  get isOnlyVoter(): boolean {
    return this.config.voters.length === 1 && this.isVoter;
  }

  /** 지금 상태가 디스크에 남길 선거 상태. Kafka `EpochState.election()` */
  election(): ElectionState {
    const s = this.#state;
    const voters = this.config.voters;
    switch (s.name) {
      case 'Unattached':
      case 'Prospective':
        return { epoch: s.epoch, leaderId: s.leaderId, votedId: s.votedId, voters };
      case 'Candidate':
        return { epoch: s.epoch, leaderId: null, votedId: this.localId, voters };
      case 'Follower':
        return { epoch: s.epoch, leaderId: s.leaderId, votedId: s.votedId, voters };
      case 'Leader':
      case 'Resigned':
        return { epoch: s.epoch, leaderId: this.localId, votedId: null, voters };
    }
  }

  get hasPendingElection(): boolean {
    return this.#pendingElection !== null;
  }

  /** 디스크에 fsync해야 할 선거 상태를 꺼냅니다 (한 번에 마지막 것 하나면 충분합니다). */
  takePendingElection(): ElectionState | null {
    const pending = this.#pendingElection;
    this.#pendingElection = null;
    return pending;
  }

  /**
   * 다시 켜질 때의 상태. Kafka `QuorumState.initialize`:
   * 로그의 에포크가 더 크면(파일이 뒤처졌으면) 그 에포크의 Unattached, 리더였으면 같은 에포크의 Resigned
   * (그 에포크에 다시 투표하지 않으려고), 리더를 알면 Follower, 자기에게 투표했으면 Candidate, 아니면 Unattached.
   *
   * Kafka는 "자기에게 투표했는가"를 "리더를 아는가"보다 먼저 봅니다. 그런데 같은 에포크에 선거에 진 후보는 자기에게
   * 준 표를 기억한 채 Follower가 되므로(한 에포크에 두 번 투표하지 않으려고), 그 상태로 죽었다 켜지면 리더가 있는
   * 에포크의 Candidate가 되어 그 에포크의 레코드를 가진 채 Vote를 보내고, 받는 쪽은 INVALID_REQUEST로 답합니다.
   * 시뮬레이터가 찾은 경우라(씨앗 259), 여기서는 리더를 먼저 봅니다.
   */
  #initialState(persisted: ElectionState, logEnd: OffsetAndEpoch, nowMs: number): EpochState {
    const { epoch, leaderId, votedId } = persisted;
    if (epoch < logEnd.epoch)
      return this.#unattached(logEnd.epoch, null, null, nowMs + this.#randomElectionTimeoutMs());
    if (leaderId === this.localId) return this.#resigned(epoch, [], nowMs);
    if (leaderId !== null) return this.#follower(epoch, leaderId, votedId, nowMs);
    if (votedId === this.localId && this.isVoter) return this.#candidate(epoch, nowMs);
    return this.#unattached(epoch, null, votedId, nowMs + this.#electionTimeoutFor());
  }

  /** 리더가 물러납니다 (메모리에서만: 다시 켜지면 어차피 Resigned로 시작합니다). */
  transitionToResigned(preferredSuccessors: readonly number[], nowMs: number): void {
    if (this.#state.name !== 'Leader') this.#illegal('Resigned');
    this.#state = this.#resigned(this.#state.epoch, preferredSuccessors, nowMs);
  }

  /**
   * 리더를 모르는 상태로 갑니다. 더 높은 에포크를 봤거나, 같은 에포크에서 사전 투표에 졌거나(Prospective),
   * 관찰자가 리더를 잃었을 때입니다. 같은 에포크면 이미 준 표를 그대로 기억합니다.
   */
  transitionToUnattached(epoch: number, leaderId: number | null, nowMs: number): void {
    const s = this.#state;
    if (epoch < s.epoch || (epoch === s.epoch && s.name !== 'Prospective' && this.isVoter)) {
      this.#illegal(`Unattached(에포크 ${epoch})`);
    }
    let deadline: number;
    if (!this.isVoter) deadline = Number.POSITIVE_INFINITY;
    else if (s.name === 'Candidate' || s.name === 'Unattached' || s.name === 'Resigned')
      deadline = s.electionDeadlineMs;
    else if (s.name === 'Prospective' && electionOutcome(s.election) !== 'lost') {
      deadline = s.electionDeadlineMs;
    } else deadline = nowMs + this.#randomElectionTimeoutMs();
    const votedId = epoch === s.epoch ? this.votedId : null;
    this.#durable(this.#unattached(epoch, leaderId, votedId, deadline));
  }

  /** Unattached에서 후보에게 표를 줍니다 (Kafka `unattachedAddVotedState`). 선거 시간 제한을 새로 겁니다. */
  unattachedAddVotedState(epoch: number, candidateId: number, nowMs: number): void {
    const s = this.#state;
    if (s.name !== 'Unattached' || s.votedId !== null || epoch !== s.epoch || candidateId === this.localId) {
      this.#illegal(`Unattached(${candidateId}에게 투표)`);
    }
    this.#durable(this.#unattached(epoch, s.leaderId, candidateId, nowMs + this.#randomElectionTimeoutMs()));
  }

  /** Prospective에서 후보에게 표를 줍니다 (Kafka `prospectiveAddVotedState`). */
  prospectiveAddVotedState(epoch: number, candidateId: number, nowMs: number): void {
    const s = this.#state;
    if (s.name !== 'Prospective' || s.votedId !== null || epoch !== s.epoch || candidateId === this.localId) {
      this.#illegal(`Prospective(${candidateId}에게 투표)`);
    }
    this.#durable({
      name: 'Prospective',
      epoch,
      leaderId: s.leaderId,
      votedId: candidateId,
      election: startElection(this.config.voters, this.localId),
      electionDeadlineMs: nowMs + this.#randomElectionTimeoutMs(),
    });
  }

  /** 리더를 따릅니다. 같은 에포크면 이미 준 표를 그대로 기억합니다 (한 에포크에 두 번 투표하지 않도록). */
  transitionToFollower(epoch: number, leaderId: number, nowMs: number): void {
    const s = this.#state;
    if (leaderId === this.localId || epoch < s.epoch) this.#illegal(`Follower(에포크 ${epoch}, 리더 ${leaderId})`);
    if (epoch === s.epoch && (s.name === 'Leader' || (s.name === 'Follower' && s.leaderId === leaderId))) {
      this.#illegal(`Follower(에포크 ${epoch}, 리더 ${leaderId})`);
    }
    this.#durable(this.#follower(epoch, leaderId, epoch === s.epoch ? this.votedId : null, nowMs));
  }

  /** 선거 시간 제한이나 fetch 시간 제한이 지나 사전 투표를 시작합니다 (메모리에서만). */
  transitionToProspective(nowMs: number): void {
    const s = this.#state;
    if (!this.isVoter || s.name === 'Leader' || s.name === 'Prospective') this.#illegal('Prospective');
    this.#state = {
      name: 'Prospective',
      epoch: s.epoch,
      leaderId: this.leaderId === this.localId ? null : this.leaderId,
      votedId: this.votedId,
      election: startElection(this.config.voters, this.localId),
      electionDeadlineMs: nowMs + this.#randomElectionTimeoutMs(),
    };
  }

  /** 사전 투표를 이겼습니다: 에포크를 올리고 자기에게 투표합니다. */
  transitionToCandidate(nowMs: number): void {
    if (this.#state.name !== 'Prospective') this.#illegal('Candidate');
    this.#durable(this.#candidate(this.#state.epoch + 1, nowMs));
  }

  /** 투표를 이겼습니다. `epochStartOffset`은 지금의 로그 끝입니다. */
  transitionToLeader(epochStartOffset: number, nowMs: number): LeaderState {
    const s = this.#state;
    if (s.name !== 'Candidate') this.#illegal('Leader');
    const leader = new LeaderState(
      this.localId,
      s.epoch,
      epochStartOffset,
      this.config.voters,
      s.election.granted,
      this.config.fetchTimeoutMs,
      nowMs,
    );
    this.#durable(leader);
    return leader;
  }

  #durable(state: EpochState): void {
    this.#state = state;
    this.#pendingElection = this.election();
  }

  #illegal(to: string): never {
    throw new Error(`잘못된 전이: ${this.#state.name}(에포크 ${this.#state.epoch}) → ${to}`);
  }

  /** 선거 시간 제한: [electionTimeoutMs, 2 × electionTimeoutMs) 의 무작위 값 (Kafka `randomElectionTimeoutMs`) */
  #randomElectionTimeoutMs(): number {
    const base = this.config.electionTimeoutMs;
    return base === 0 ? 0 : base + this.random.int(base);
  }

  #electionTimeoutFor(): number {
    return this.isVoter ? this.#randomElectionTimeoutMs() : Number.POSITIVE_INFINITY;
  }

  #unattached(epoch: number, leaderId: number | null, votedId: number | null, deadline: number): UnattachedState {
    return { name: 'Unattached', epoch, leaderId, votedId, electionDeadlineMs: deadline };
  }

  #candidate(epoch: number, nowMs: number): CandidateState {
    return {
      name: 'Candidate',
      epoch,
      election: startElection(this.config.voters, this.localId),
      electionDeadlineMs: nowMs + this.#randomElectionTimeoutMs(),
    };
  }

  #follower(epoch: number, leaderId: number, votedId: number | null, nowMs: number): FollowerState {
    return {
      name: 'Follower',
      epoch,
      leaderId,
      votedId,
      fetchDeadlineMs: nowMs + this.config.fetchTimeoutMs,
      hasFetchedFromLeader: false,
      fetchingSnapshot: null,
    };
  }

  #resigned(epoch: number, preferredSuccessors: readonly number[], nowMs: number): ResignedState {
    return {
      name: 'Resigned',
      epoch,
      electionDeadlineMs: nowMs + this.#randomElectionTimeoutMs(),
      unackedVoters: new Set(this.config.voters.filter((id) => id !== this.localId)),
      preferredSuccessors,
    };
  }
}
