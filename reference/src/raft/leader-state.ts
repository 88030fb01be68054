/**
 * 리더의 장부: 투표자와 관찰자가 로그를 어디까지 가져갔는지, 그래서 하이 워터마크가 어디인지, 과반이 아직
 * 나를 따르는지(check-quorum), 누가 아직 나를 리더로 인정하지 않았는지(BeginQuorumEpoch를 다시 보낼 곳).
 * Kafka `LeaderState`.
 */
import { leaderHighWatermark } from './decisions.js';
import type { ReplicaDescription } from './messages.js';
import { majoritySize } from './types.js';

interface ReplicaState {
  readonly replicaId: number;
  /** 마지막 Fetch의 오프셋: 이 복제본이 여기 앞까지는 디스크에 갖고 있습니다. 아직 모르면 null */
  endOffset: number | null;
  lastFetchTimestamp: number;
  lastFetchLeaderLogEndOffset: number;
  lastCaughtUpTimestamp: number;
  /** BeginQuorumEpoch에 답했거나 Fetch를 보내 이 리더를 인정했는지 */
  hasAcknowledgedLeader: boolean;
}

function replicaState(replicaId: number, hasAcknowledgedLeader: boolean): ReplicaState {
  return {
    replicaId,
    endOffset: null,
    lastFetchTimestamp: -1,
    lastFetchLeaderLogEndOffset: -1,
    lastCaughtUpTimestamp: -1,
    hasAcknowledgedLeader,
  };
}

/** check-quorum 시간 제한은 fetch 시간 제한의 1.5배입니다 (Kafka `LeaderState.CHECK_QUORUM_TIMEOUT_FACTOR`). */
const CHECK_QUORUM_TIMEOUT_FACTOR = 1.5;

export class LeaderState {
  readonly name = 'Leader';
  readonly #voters = new Map<number, ReplicaState>();
  readonly #observers = new Map<number, ReplicaState>();
  #highWatermark: number | null = null;
  /** 이번 check-quorum 구간에 Fetch한 투표자들 */
  readonly #fetchedVoters = new Set<number>();
  readonly #checkQuorumTimeoutMs: number;
  #checkQuorumDeadlineMs: number;
  readonly #beginQuorumEpochTimeoutMs: number;
  #beginQuorumEpochDeadlineMs: number;

  constructor(
    readonly localId: number,
    readonly epoch: number,
    /** 뽑혔을 때의 로그 끝: 이 뒤의 레코드가 과반에 닿아야 하이 워터마크가 오릅니다 */
    readonly epochStartOffset: number,
    voters: readonly number[],
    readonly grantingVoters: readonly number[],
    fetchTimeoutMs: number,
    nowMs: number,
  ) {
    for (const id of voters) this.#voters.set(id, replicaState(id, id === localId));
    this.#checkQuorumTimeoutMs = Math.floor(fetchTimeoutMs * CHECK_QUORUM_TIMEOUT_FACTOR);
    this.#checkQuorumDeadlineMs = nowMs + this.#checkQuorumTimeoutMs;
    this.#beginQuorumEpochTimeoutMs = Math.floor(fetchTimeoutMs / 2);
    this.#beginQuorumEpochDeadlineMs = nowMs; // 곧바로 한 번 보냅니다
  }

  get highWatermark(): number | null {
    return this.#highWatermark;
  }

  /** 리더 자신의 로그 끝이 바뀌었습니다. 하이 워터마크가 올랐으면 true (Kafka `updateLocalState`) */
  updateLocalState(endOffset: number): boolean {
    const local = this.#voters.get(this.localId);
    if (!local) throw new Error(`리더 ${this.localId}가 투표자가 아닙니다`);
    if (local.endOffset !== null && endOffset < local.endOffset) {
      throw new Error(`리더의 로그 끝이 줄어듭니다: ${local.endOffset} → ${endOffset}`);
    }
    local.endOffset = endOffset;
    return this.#maybeUpdateHighWatermark();
  }

  /**
   * 팔로워(투표자 또는 관찰자)의 Fetch를 적습니다. 하이 워터마크가 올랐으면 true.
   * Kafka `updateReplicaState`와 `ReplicaState.updateFollowerState`.
   */
  updateReplicaState(replicaId: number, nowMs: number, fetchOffset: number): boolean {
    if (replicaId < 0) return false; // 컨슈머 같은 복제본이 아닌 Fetch
    if (replicaId === this.localId) throw new Error(`리더 ${replicaId}가 자기에게 Fetch했습니다`);
    const isVoter = this.#voters.has(replicaId);
    let state = isVoter ? this.#voters.get(replicaId) : this.#observers.get(replicaId);
    if (!state) {
      state = replicaState(replicaId, false);
      this.#observers.set(replicaId, state);
    }
    const leaderEndOffset = this.#voters.get(this.localId)?.endOffset ?? null;
    if (leaderEndOffset !== null) {
      // 따라잡은 시각: 이번 Fetch가 리더의 끝까지 왔으면 지금, 지난번 Fetch 때의 리더 끝까지 왔으면 그때
      if (fetchOffset >= leaderEndOffset) {
        state.lastCaughtUpTimestamp = Math.max(state.lastCaughtUpTimestamp, nowMs);
      } else if (state.lastFetchLeaderLogEndOffset > 0 && fetchOffset >= state.lastFetchLeaderLogEndOffset) {
        state.lastCaughtUpTimestamp = Math.max(state.lastCaughtUpTimestamp, state.lastFetchTimestamp);
      }
      state.lastFetchLeaderLogEndOffset = leaderEndOffset;
    }
    state.lastFetchTimestamp = Math.max(state.lastFetchTimestamp, nowMs);
    state.endOffset = fetchOffset;
    state.hasAcknowledgedLeader = true;
    this.updateCheckQuorumForFollowingVoter(replicaId, nowMs);
    return isVoter && this.#maybeUpdateHighWatermark();
  }

  /**
   * check-quorum: 구간 안에 리더를 뺀 과반의 투표자가 Fetch(또는 FetchSnapshot)하면 타이머를 다시 겁니다.
   * Kafka `updateCheckQuorumForFollowingVoter`.
   */
  updateCheckQuorumForFollowingVoter(replicaId: number, nowMs: number): void {
    if (!this.#voters.has(replicaId) || replicaId === this.localId) return;
    this.#fetchedVoters.add(replicaId);
    const needed = majoritySize(this.#voters.size) - 1; // 리더 자신은 따로 셉니다
    if (this.#fetchedVoters.size >= needed) {
      this.#fetchedVoters.clear();
      this.#checkQuorumDeadlineMs = nowMs + this.#checkQuorumTimeoutMs;
    }
  }

  /** check-quorum 타이머가 끝날 때까지 남은 시간. 투표자가 자기 하나뿐이면 끝나지 않습니다. */
  timeUntilCheckQuorumExpires(nowMs: number): number {
    if (this.#voters.size === 1) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.#checkQuorumDeadlineMs - nowMs);
  }

  timeUntilBeginQuorumEpochTimerExpires(nowMs: number): number {
    return Math.max(0, this.#beginQuorumEpochDeadlineMs - nowMs);
  }

  resetBeginQuorumEpochTimer(nowMs: number): void {
    this.#beginQuorumEpochDeadlineMs = nowMs + this.#beginQuorumEpochTimeoutMs;
  }

  addAcknowledgementFrom(replicaId: number): void {
    const state = this.#voters.get(replicaId);
    if (state) state.hasAcknowledgedLeader = true;
  }

  /** 아직 이 리더를 인정하지 않은 투표자: BeginQuorumEpoch를 (다시) 보낼 곳 */
  nonAcknowledgingVoters(): number[] {
    return [...this.#voters.values()].filter((s) => !s.hasAcknowledgedLeader).map((s) => s.replicaId);
  }

  /** 물러날 때 알릴 후임 순서: 로그를 많이 가져간 투표자부터 (Kafka `nonLeaderVotersByDescendingFetchOffset`) */
  nonLeaderVotersByDescendingFetchOffset(): number[] {
    return [...this.#voters.values()]
      .filter((s) => s.replicaId !== this.localId)
      .sort((a, b) => (b.endOffset ?? -1) - (a.endOffset ?? -1) || a.replicaId - b.replicaId)
      .map((s) => s.replicaId);
  }

  /** DescribeQuorum의 투표자·관찰자 목록 */
  describe(nowMs: number): { voters: ReplicaDescription[]; observers: ReplicaDescription[] } {
    const describe = (s: ReplicaState): ReplicaDescription => {
      const isLeader = s.replicaId === this.localId;
      return {
        replicaId: s.replicaId,
        logEndOffset: s.endOffset ?? -1,
        // 리더 자신은 Fetch하지 않으므로: 마지막 Fetch 시각은 -1, 따라잡은 시각은 지금 (Kafka와 같습니다)
        lastFetchTimestamp: isLeader ? -1 : s.lastFetchTimestamp,
        lastCaughtUpTimestamp: isLeader ? nowMs : s.lastCaughtUpTimestamp,
      };
    };
    const byId = (a: ReplicaDescription, b: ReplicaDescription) => a.replicaId - b.replicaId;
    return {
      voters: [...this.#voters.values()].map(describe).sort(byId),
      observers: [...this.#observers.values()].map(describe).sort(byId),
    };
  }

  #maybeUpdateHighWatermark(): boolean {
    const endOffsets = [...this.#voters.values()].map((s) => s.endOffset);
    const result = leaderHighWatermark(endOffsets, this.epochStartOffset, this.#highWatermark);
    if (!result.ok) return false;
    this.#highWatermark = result.highWatermark;
    return true;
  }
}
