/**
 * KRaft 쿼럼의 상태 기계. Kafka `KafkaRaftClient`를 etcd-raft의 모양으로 옮겼습니다:
 *
 *     step(메시지, 지금)   들어온 요청이나 응답 하나를 처리합니다
 *     tick(지금)           시간이 흘렀습니다: 시간 제한을 확인하고 보낼 요청을 만듭니다
 *     ready()              그동안 쌓인 일을 꺼냅니다: { persist, send, apply }
 *
 * 상태 기계는 아무것도 직접 하지 않습니다. 디스크에 쓸 것(persist), 보낼 메시지(send), 응용에 넘길 커밋된
 * 레코드(apply)를 쌓아 둘 뿐이고, 드라이버(`raft-driver.ts`)가 꼭 그 순서로 처리합니다:
 *
 *   1. persist를 디스크에 쓰고 fsync합니다. 투표(quorum-state)도, 로그도.
 *   2. send를 보냅니다. 그래서 "표를 줬다", "이 오프셋까지 갖고 있다"는 말은 언제나 디스크에 내려간 뒤에 나갑니다.
 *   3. apply를 응용(컨트롤러)에 넘깁니다. 커밋된 레코드만, 오프셋 순서대로.
 *
 * 전이 도중에 콜백을 부르지 않으므로, 상태가 반쯤 바뀐 채로 바깥 코드가 끼어드는 일이 없습니다.
 *
 * Raft 논문과 다른 점 (KIP-595, KIP-630, KIP-996):
 *   - 복제는 당겨 옵니다(pull). 리더가 AppendEntries를 보내지 않고, 팔로워가 Fetch를 보냅니다.
 *   - 갈라진 로그는 Fetch 응답의 divergingEpoch로 알려 주고, 팔로워가 스스로 잘라 냅니다.
 *   - 새 리더는 LeaderChange 레코드를 곧바로 씁니다. 하이 워터마크는 이 에포크의 레코드가 과반에 닿아야 오릅니다.
 *   - 사전 투표(Prospective)로 에포크를 올리기 전에 이길 수 있는지 먼저 묻습니다.
 *   - check-quorum: 과반에게서 Fetch를 받지 못한 리더는 스스로 물러납니다.
 *   - 리더가 누구인지 모르는 노드는 아무 투표자에게나 Fetch를 보내 알아냅니다. 리더가 뽑히면 BeginQuorumEpoch로 알립니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok, type Result } from '../result.js';
import type { Random } from '../runtime/random.js';
import type { Reply } from '../runtime/transport.js';
import {
  canGrantVote,
  electionOutcome,
  isLogUpToDate,
  recordVote,
  transitionForObservedEpoch,
  unrecordedVoters,
  validateVoterOnlyRequest,
} from './decisions.js';
import {
  describeQuorumResponse,
  emptyFetchResponse,
  fetchSnapshotResponse,
  hasValidClusterId,
  isInvalidFetchRequest,
  type ResponderView,
  type StoredSnapshot,
  shouldAnswerFetchNow,
  tryCompleteFetchRequest,
} from './leader-responses.js';
import { LeaderState } from './leader-state.js';
import type {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  EndQuorumEpochResponse,
  FetchRequest,
  FetchResponse,
  FetchSnapshotResponse,
  RaftRequest,
  RaftResponse,
  VoteRequest,
  VoteResponse,
} from './messages.js';
import {
  type EpochState,
  type FollowerState,
  type LeaderAndEpoch,
  type ProspectiveState,
  QuorumState,
  type ResignedState,
} from './quorum-state.js';
import { RaftLog } from './raft-log.js';
import type { ApplyOp, DurableState, Inbound, Outbound, PersistOp, Ready, SnapshotFormat } from './ready.js';
import { RequestManager } from './request-manager.js';
import type { Snapshot } from './snapshot.js';
import { type LogEntry, NO_LEADER, type OffsetAndEpoch, type QuorumConfig, type RaftRecord } from './types.js';

export interface RaftClientOptions<T> {
  readonly localId: number;
  readonly config: QuorumConfig;
  readonly random: Random;
  readonly nowMs: number;
  readonly durable: DurableState<T>;
  /** 스냅숏 파일의 바이트 형식: FetchSnapshot으로 주고받는 것이 이 바이트입니다 (Kafka `RawSnapshotReader`) */
  readonly snapshotFormat: SnapshotFormat<T>;
}

interface ParkedFetch {
  readonly requestId: number;
  readonly from: number;
  readonly request: FetchRequest;
  readonly deadlineMs: number;
}

/** 리더가 지키는 스냅숏 수 (진행 중인 FetchSnapshot이 새 스냅숏 때문에 바로 끊기지 않도록 하나 더) */
const RETAINED_SNAPSHOTS = 2;
/** 한 번의 poll에서 상태가 잇달아 바뀌는 횟수의 상한 (무한 반복을 막는 불변식) */
const MAX_TRANSITIONS_PER_POLL = 16;

export class KafkaRaftClient<T> {
  readonly localId: number;
  readonly config: QuorumConfig;
  readonly #log: RaftLog<T>;
  readonly #quorum: QuorumState;
  readonly #requests: RequestManager;
  readonly #snapshotFormat: SnapshotFormat<T>;
  #now: number;
  /** 이 노드가 아는 하이 워터마크. 리더가 되면 자기 에포크의 레코드가 커밋될 때까지 모릅니다(null). */
  #highWatermark: number | null = null;
  /** 응용에 넘긴 다음 오프셋 */
  #appliedOffset = 0;
  /** 최근 스냅숏들의 내용 (FetchSnapshot으로 내줄 수 있는 것) */
  #snapshots: StoredSnapshot<T>[] = [];
  /** 디스크에 남은 스냅숏 모두의 ID, 오래된 것부터 (Kafka `KafkaMetadataLog.snapshots`) */
  #snapshotIds: OffsetAndEpoch[];
  #nextCorrelationId = 1;
  #parkedFetches: ParkedFetch[] = [];
  #shutdownDeadlineMs: number | null = null;
  #shutdownComplete = false;
  #nextPollMs = 0;
  #persist: PersistOp<T>[] = [];
  #send: Outbound<T>[] = [];
  #apply: ApplyOp<T>[] = [];

  constructor(options: RaftClientOptions<T>) {
    const { localId, config, random, nowMs, durable } = options;
    this.#snapshotFormat = options.snapshotFormat;
    this.localId = localId;
    this.config = config;
    this.#now = nowMs;
    this.#requests = new RequestManager(config.requestTimeoutMs, config.retryBackoffMs, random);
    this.#snapshotIds = [...(durable.snapshotIds ?? (durable.snapshot ? [durable.snapshot.id] : []))];
    const earliest = this.#snapshotIds[0] ?? null;
    const startOffset = durable.logStartOffset ?? earliest?.offset ?? 0;
    this.#log = new RaftLog(
      earliest,
      durable.entries.filter((e) => e.offset >= startOffset),
      startOffset,
    );
    if (durable.snapshot) this.#retainSnapshot(durable.snapshot);
    this.#quorum = new QuorumState(localId, config, random, durable.election, this.#log.endOffsetAndEpoch, nowMs);

    // Kafka `KafkaRaftClient.initialize`: 투표자가 자기 하나뿐이면 곧바로 선거를 시작합니다 (그리고 이깁니다).
    const state = this.#quorum.state;
    if (state.name === 'Leader') throw new Error('리더 상태로 시작할 수 없습니다');
    if (
      this.#quorum.isOnlyVoter &&
      (state.name === 'Unattached' || state.name === 'Follower' || state.name === 'Resigned')
    ) {
      this.#transitionToProspective();
    } else if (state.name === 'Candidate') {
      this.#onBecomeCandidate();
    }
    this.#poll();
  }

  // -------------------------------------------------------------------------------------------
  // 바깥에서 부르는 것
  // -------------------------------------------------------------------------------------------

  /** 요청이나 응답 하나를 처리합니다. */
  step(message: Inbound<T>, nowMs: number): void {
    this.#now = nowMs;
    if (message.kind === 'request') this.#handleRequest(message.requestId, message.from, message.request);
    else this.#handleReply(message.from, message.correlationId, message.reply);
    this.#poll();
  }

  /** 시간이 흘렀습니다. 드라이버는 `nextTickAtMs()`에 맞춰 부릅니다 (더 자주 불러도 괜찮습니다). */
  tick(nowMs: number): void {
    this.#now = nowMs;
    this.#poll();
  }

  /** 처리할 일이 있는지 */
  hasReady(): boolean {
    return (
      this.#persist.length > 0 || this.#send.length > 0 || this.#apply.length > 0 || this.#quorum.hasPendingElection
    );
  }

  /** 쌓인 일을 꺼냅니다. persist → send → apply 순서로 처리하세요. */
  ready(): Ready<T> {
    const election = this.#quorum.takePendingElection();
    const ready: Ready<T> = {
      persist: election ? [{ op: 'election', state: election }, ...this.#persist] : this.#persist,
      mustSync: election !== null || (this.#persist.length > 0 && this.#quorum.isVoter),
      send: this.#send,
      apply: this.#apply,
    };
    this.#persist = [];
    this.#send = [];
    this.#apply = [];
    return ready;
  }

  /** 다음에 `tick`을 불러야 할 시각 */
  nextTickAtMs(): number {
    return this.#nextPollMs;
  }

  /**
   * 리더가 레코드를 붙입니다. `epoch`는 부르는 쪽이 아는 리더 에포크로, 그새 리더가 바뀌었으면 거절합니다.
   * Kafka `RaftClient.prepareAppend`. 커밋되면(하이 워터마크가 넘어가면) apply로 돌아옵니다.
   */
  append(
    epoch: number,
    records: readonly T[],
    nowMs: number,
  ): Result<{ lastOffset: number }, 'NOT_LEADER' | 'FENCED_EPOCH'> {
    this.#now = nowMs;
    const state = this.#quorum.state;
    if (!(state instanceof LeaderState) || this.#shutdownDeadlineMs !== null) return err('NOT_LEADER');
    if (epoch !== state.epoch) return err('FENCED_EPOCH');
    if (records.length === 0) return ok({ lastOffset: this.#log.endOffset - 1 });
    this.#appendAsLeader(
      state,
      records.map((data) => ({ type: 'data', data })),
    );
    const lastOffset = this.#log.endOffset - 1;
    this.#poll();
    return ok({ lastOffset });
  }

  /**
   * 응용이 `endOffset`까지 적용한 상태(`records`)로 스냅숏을 만듭니다 (Kafka `createSnapshot`). 커밋된 자리까지만
   * 만들 수 있고, 같은 자리의 스냅숏이 이미 있으면 만들지 않습니다. 로그는 지우지 않습니다: 로그 시작을 옮기는 것은
   * 보존 한도를 넘었을 때의 `deleteBeforeSnapshot`입니다.
   */
  createSnapshot(
    endOffset: number,
    records: readonly T[],
  ): Result<{ snapshotId: OffsetAndEpoch }, 'ABOVE_HIGH_WATERMARK' | 'NOT_AFTER_LOG_START' | 'SNAPSHOT_EXISTS'> {
    if (this.#highWatermark === null || endOffset > this.#highWatermark || endOffset > this.#appliedOffset) {
      return err('ABOVE_HIGH_WATERMARK');
    }
    const last = this.#log.entry(endOffset - 1);
    if (endOffset <= this.#log.startOffset || !last) return err('NOT_AFTER_LOG_START');
    if (this.#snapshotIds.some((id) => id.offset === endOffset)) return err('SNAPSHOT_EXISTS');
    // 스냅숏은 그 순간의 상태입니다: 응용이 계속 고쳐 쓰는 배열을 붙잡지 않도록 복사합니다.
    const snapshot: Snapshot<T> = { id: { offset: endOffset, epoch: last.epoch }, records: [...records] };
    this.#retainSnapshot(snapshot);
    this.#snapshotIds.push(snapshot.id);
    this.#log.addSnapshot(snapshot.id);
    this.#persist.push({ op: 'snapshot', snapshot });
    return ok({ snapshotId: snapshot.id });
  }

  /**
   * 로그 시작을 스냅숏 `snapshotId`의 끝으로 옮기고 그 앞의 스냅숏을 잊습니다 (Kafka `KafkaMetadataLog.deleteBeforeSnapshot`).
   * 그 스냅숏이 있고, 로그 시작보다 뒤이고, 가장 새 스냅숏보다 뒤가 아닐 때만 합니다. 옮겼으면 true
   */
  deleteBeforeSnapshot(snapshotId: OffsetAndEpoch): boolean {
    const latest = this.#snapshotIds.at(-1);
    const known = this.#snapshotIds.some((id) => id.offset === snapshotId.offset && id.epoch === snapshotId.epoch);
    if (!known || !latest || snapshotId.offset <= this.#log.startOffset || snapshotId.offset > latest.offset) {
      return false;
    }
    this.#log.deleteBeforeSnapshot(snapshotId);
    this.#snapshotIds = this.#snapshotIds.filter((id) => id.offset >= snapshotId.offset);
    this.#persist.push({ op: 'deleteBefore', snapshotId });
    return true;
  }

  /**
   * 우아한 종료를 시작합니다. 리더는 물러나며 EndQuorumEpoch로 후임을 재촉하고, 다른 리더가 뽑히거나
   * `timeoutMs`가 지나면 끝납니다 (Kafka `RaftClient.shutdown`). 끝났는지는 `isShutdownComplete`로 봅니다.
   */
  shutdown(timeoutMs: number, nowMs: number): void {
    this.#now = nowMs;
    this.#shutdownDeadlineMs ??= nowMs + timeoutMs;
    this.#poll();
  }

  get isShutdownComplete(): boolean {
    return this.#shutdownComplete;
  }

  // 읽기 전용으로 들여다보기 (드라이버, 시뮬레이터의 검사, 테스트)

  get state(): Readonly<EpochState> {
    return this.#quorum.state;
  }

  get epoch(): number {
    return this.#quorum.epoch;
  }

  get leaderId(): number | null {
    return this.#quorum.leaderId;
  }

  /** Kafka `KafkaRaftClient.leaderAndEpoch()`: 컨트롤러가 자기가 활성인지 여기서 봅니다 (`QuorumState.leaderAndEpoch`). */
  leaderAndEpoch(): LeaderAndEpoch {
    return this.#quorum.leaderAndEpoch();
  }

  get votedId(): number | null {
    return this.#quorum.votedId;
  }

  get isVoter(): boolean {
    return this.#quorum.isVoter;
  }

  get highWatermark(): number | null {
    return this.#highWatermark;
  }

  get logStartOffset(): number {
    return this.#log.startOffset;
  }

  get logEndOffset(): number {
    return this.#log.endOffset;
  }

  get latestSnapshot(): Snapshot<T> | null {
    return this.#snapshots.at(-1)?.snapshot ?? null;
  }

  /** 디스크에 남은 스냅숏들의 ID, 오래된 것부터 */
  get snapshotIds(): readonly OffsetAndEpoch[] {
    return this.#snapshotIds;
  }

  entry(offset: number): LogEntry<T> | undefined {
    return this.#log.entry(offset);
  }

  entries(from = this.#log.startOffset, to = this.#log.endOffset): LogEntry<T>[] {
    return this.#log.read(from, Number.POSITIVE_INFINITY, to);
  }

  // -------------------------------------------------------------------------------------------
  // 들어온 요청 (KafkaRaftClient.handleRequest)
  // -------------------------------------------------------------------------------------------

  #handleRequest(requestId: number, from: number, request: RaftRequest): void {
    let response: RaftResponse<T> | null;
    switch (request.api) {
      case 'Vote':
        response = this.#handleVoteRequest(request);
        break;
      case 'BeginQuorumEpoch':
        response = this.#handleBeginQuorumEpochRequest(request);
        break;
      case 'EndQuorumEpoch':
        response = this.#handleEndQuorumEpochRequest(request);
        break;
      case 'Fetch':
        response = this.#handleFetchRequest(requestId, from, request);
        break;
      case 'FetchSnapshot':
        response = fetchSnapshotResponse(this.#view(), from, request);
        break;
      case 'DescribeQuorum':
        response = describeQuorumResponse(this.#view());
        break;
    }
    if (response) this.#respond(requestId, response);
  }

  #respond(requestId: number, response: RaftResponse<T>): void {
    this.#send.push({ kind: 'response', requestId, response });
  }

  #leaderIdOrNil(): number {
    return this.#quorum.leaderId ?? NO_LEADER;
  }

  /**
   * Vote. Kafka `handleVoteRequest`:
   *   1. 클러스터 ID가 다르면 INCONSISTENT_CLUSTER_ID.
   *   2. 에포크가 말이 안 되면(진짜 투표인데 마지막 에포크 ≥ 요청 에포크, 음수 오프셋) INVALID_REQUEST.
   *   3. 낡은 에포크면 FENCED_LEADER_EPOCH.
   *   4. 더 높은 에포크면 먼저 그 에포크의 Unattached로 물러납니다 (사전 투표여도).
   *   5. 상태마다의 규칙(`canGrantVote`)으로 정하고, 진짜 투표를 줬으면 그 사실을 quorum-state에 적습니다.
   */
  #handleVoteRequest(request: VoteRequest): VoteResponse {
    const build = (errorCode: number, voteGranted: boolean): VoteResponse => ({
      api: 'Vote',
      errorCode,
      leaderId: this.#leaderIdOrNil(),
      leaderEpoch: this.#quorum.epoch,
      voteGranted,
    });
    if (!hasValidClusterId(this.config, request.clusterId)) {
      return {
        api: 'Vote',
        errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID,
        leaderId: NO_LEADER,
        leaderEpoch: -1,
        voteGranted: false,
      };
    }
    const { replicaId, replicaEpoch, preVote, lastOffsetEpoch, lastOffset } = request;
    // 진짜 투표의 후보는 에포크를 올린 뒤 보내므로 자기 로그의 마지막 에포크보다 에포크가 큽니다.
    // 사전 투표는 에포크를 올리지 않으므로 같을 수 있습니다.
    const illegalEpoch = preVote ? lastOffsetEpoch > replicaEpoch : lastOffsetEpoch >= replicaEpoch;
    if (lastOffset < 0 || lastOffsetEpoch < 0 || illegalEpoch) return build(ErrorCode.INVALID_REQUEST, false);

    const valid = validateVoterOnlyRequest(this.#quorum.epoch, replicaId, replicaEpoch);
    if (!valid.ok) return build(valid.error, false);
    if (replicaEpoch > this.#quorum.epoch) this.#transitionToUnattached(replicaEpoch, null);

    const state = this.#quorum.state;
    const upToDate = isLogUpToDate({ offset: lastOffset, epoch: lastOffsetEpoch }, this.#log.endOffsetAndEpoch);
    const decision = canGrantVote(
      {
        state: state.name,
        leaderId: this.#quorum.leaderId,
        votedId: this.#quorum.votedId,
        hasFetchedFromLeader: state.name === 'Follower' && state.hasFetchedFromLeader,
      },
      replicaId,
      upToDate,
      preVote,
    );
    if (decision.ok && !preVote) {
      if (state.name === 'Unattached' && state.votedId === null) {
        this.#quorum.unattachedAddVotedState(replicaEpoch, replicaId, this.#now);
      } else if (state.name === 'Prospective' && state.votedId === null) {
        this.#quorum.prospectiveAddVotedState(replicaEpoch, replicaId, this.#now);
      }
    }
    return build(ErrorCode.NONE, decision.ok);
  }

  /** BeginQuorumEpoch: 새 리더를 따릅니다. Kafka `handleBeginQuorumEpochRequest` */
  #handleBeginQuorumEpochRequest(request: BeginQuorumEpochRequest): BeginQuorumEpochResponse {
    const build = (errorCode: number): BeginQuorumEpochResponse => ({
      api: 'BeginQuorumEpoch',
      errorCode,
      leaderId: this.#leaderIdOrNil(),
      leaderEpoch: this.#quorum.epoch,
    });
    if (!hasValidClusterId(this.config, request.clusterId)) {
      return {
        api: 'BeginQuorumEpoch',
        errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID,
        leaderId: NO_LEADER,
        leaderEpoch: -1,
      };
    }
    const valid = validateVoterOnlyRequest(this.#quorum.epoch, request.leaderId, request.leaderEpoch);
    if (!valid.ok) return build(valid.error);
    this.#maybeTransition(request.leaderId, request.leaderEpoch);
    return build(ErrorCode.NONE);
  }

  /**
   * EndQuorumEpoch: 리더가 물러난다고 합니다. 그 리더를 따르던 팔로워는 fetch 시간 제한을 후임 순서에 맞춰 줄여,
   * 로그를 가장 많이 가진 투표자가 먼저 선거를 시작하게 합니다. Kafka `handleEndQuorumEpochRequest`
   */
  #handleEndQuorumEpochRequest(request: EndQuorumEpochRequest): EndQuorumEpochResponse {
    const build = (errorCode: number): EndQuorumEpochResponse => ({
      api: 'EndQuorumEpoch',
      errorCode,
      leaderId: this.#leaderIdOrNil(),
      leaderEpoch: this.#quorum.epoch,
    });
    if (!hasValidClusterId(this.config, request.clusterId)) {
      return {
        api: 'EndQuorumEpoch',
        errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID,
        leaderId: NO_LEADER,
        leaderEpoch: -1,
      };
    }
    const valid = validateVoterOnlyRequest(this.#quorum.epoch, request.leaderId, request.leaderEpoch);
    if (!valid.ok) return build(valid.error);
    this.#maybeTransition(request.leaderId, request.leaderEpoch);
    const state = this.#quorum.state;
    if (state.name === 'Follower' && state.leaderId === request.leaderId) {
      state.fetchDeadlineMs = this.#now + this.#endEpochElectionBackoff(request.preferredSuccessors);
    }
    return build(ErrorCode.NONE);
  }

  /**
   * 후임 순서가 앞일수록 빨리 선거를 시작합니다: 첫째는 곧바로, 그다음은 지수적으로 늘어나는 기다림.
   * Kafka `endEpochElectionBackoff`와 `strictExponentialElectionBackoffMs`.
   */
  #endEpochElectionBackoff(preferredSuccessors: readonly number[]): number {
    const total = preferredSuccessors.length;
    const found = preferredSuccessors.indexOf(this.localId);
    const position = found < 0 ? total : found; // 목록에 없으면 맨 뒤 (빈 목록이면 곧바로)
    const max = this.config.electionBackoffMaxMs;
    if (position === 0) return 0;
    if (position >= total) return max;
    const base = max >> (total - 1);
    return Math.min(max, base << (position - 1));
  }

  /**
   * Fetch (리더 쪽): 줄 것이 있으면 곧바로 답하고, 없으면 새 레코드나 하이 워터마크 변화가 생길 때까지
   * (최대 maxWaitMs) 답을 붙잡아 둡니다. Kafka `handleFetchRequest` (답은 `leader-responses.ts`가 만듭니다).
   */
  #handleFetchRequest(requestId: number, from: number, request: FetchRequest): FetchResponse<T> | null {
    const view = this.#view();
    if (!hasValidClusterId(this.config, request.clusterId))
      return emptyFetchResponse(view, ErrorCode.INCONSISTENT_CLUSTER_ID);
    if (isInvalidFetchRequest(request)) return emptyFetchResponse(view, ErrorCode.INVALID_REQUEST);
    const response = this.#tryCompleteFetchRequest(from, request);
    if (shouldAnswerFetchNow(request, response)) return response;
    this.#parkedFetches.push({ requestId, from, request, deadlineMs: this.#now + request.maxWaitMs });
    return null;
  }

  #tryCompleteFetchRequest(from: number, request: FetchRequest): FetchResponse<T> {
    const { response, highWatermarkUpdated } = tryCompleteFetchRequest(this.#view(), from, request);
    const state = this.#quorum.state;
    if (highWatermarkUpdated && state instanceof LeaderState) this.#onLeaderHighWatermarkUpdated(state);
    return response;
  }

  /** 붙잡아 둔 Fetch 가운데 이제 답할 수 있는 것(새 레코드, 새 하이 워터마크, 시간 초과, 리더 아님)에 답합니다. */
  #completeParkedFetches(): void {
    if (this.#parkedFetches.length === 0) return;
    const parked = this.#parkedFetches;
    this.#parkedFetches = [];
    for (const fetch of parked) {
      const response = this.#tryCompleteFetchRequest(fetch.from, fetch.request);
      const ready =
        this.#log.endOffset > fetch.request.fetchOffset ||
        shouldAnswerFetchNow(fetch.request, response) ||
        this.#now >= fetch.deadlineMs;
      if (ready) this.#respond(fetch.requestId, response);
      else this.#parkedFetches.push(fetch);
    }
  }

  /** 리더 쪽 답을 만드는 함수들에 넘기는 지금의 모습 */
  #view(): ResponderView<T> {
    return {
      epoch: this.#quorum.epoch,
      leaderId: this.#leaderIdOrNil(),
      state: this.#quorum.state,
      log: this.#log,
      config: this.config,
      nowMs: this.#now,
      shuttingDown: this.#shutdownDeadlineMs !== null,
      snapshots: this.#snapshots,
    };
  }

  // -------------------------------------------------------------------------------------------
  // 들어온 응답 (KafkaRaftClient.handleResponse)
  // -------------------------------------------------------------------------------------------

  #handleReply(from: number, correlationId: number, reply: Reply<RaftResponse<T>>): void {
    if (!this.#requests.isResponseExpected(from, correlationId)) return; // 늦었거나 복제된 답
    const handled = reply.ok && this.#handleResponse(from, reply.response);
    this.#requests.onResponseResult(from, correlationId, handled, this.#now);
  }

  #handleResponse(from: number, response: RaftResponse<T>): boolean {
    if (response.errorCode === ErrorCode.INCONSISTENT_CLUSTER_ID) return false;
    const common = this.#maybeHandleCommonResponse(response.errorCode, response.leaderId, response.leaderEpoch);
    // 리더를 찾으려고 아무 투표자에게 보낸 Fetch가 리더를 알려 주지 못했으면, 같은 노드에 곧바로 다시 묻지 않고
    // 잠시 물러납니다 (Kafka는 곧바로 다시 보냅니다; 시뮬레이터의 사건 수를 줄이려고 다르게 했습니다).
    if (common !== undefined)
      return response.api === 'Fetch' && this.#quorum.state.name !== 'Follower' ? false : common;
    switch (response.api) {
      case 'Vote':
        return this.#handleVoteResponse(from, response);
      case 'BeginQuorumEpoch': {
        const state = this.#quorum.state;
        if (response.errorCode !== ErrorCode.NONE) return false;
        if (state instanceof LeaderState) state.addAcknowledgementFrom(from);
        return true;
      }
      case 'EndQuorumEpoch': {
        const state = this.#quorum.state;
        if (response.errorCode !== ErrorCode.NONE) return false;
        if (state.name === 'Resigned') state.unackedVoters.delete(from);
        return true;
      }
      case 'Fetch':
        return this.#handleFetchResponse(response);
      case 'FetchSnapshot':
        return this.#handleFetchSnapshotResponse(response);
      case 'DescribeQuorum':
        return true;
    }
  }

  /**
   * 모든 응답에 공통인 처리. Kafka `maybeHandleCommonResponse`. 여기서 끝냈으면 성공 여부를, 응답별 처리를
   * 이어 가야 하면 undefined를 돌려줍니다.
   *   - 응답의 에포크가 낡았으면: 더는 상관없는 답입니다.
   *   - 더 높은 에포크이거나 FENCED/NOT_LEADER: 그 에포크와 리더에 맞춰 옮겨 갑니다.
   *   - 같은 에포크에서 처음 리더를 알게 되면: Follower가 되고, 오류가 없으면 응답 처리를 이어 갑니다.
   */
  #maybeHandleCommonResponse(errorCode: number, leaderId: number, epoch: number): boolean | undefined {
    const leader = leaderId < 0 ? null : leaderId;
    if (epoch < this.#quorum.epoch || errorCode === ErrorCode.UNKNOWN_LEADER_EPOCH) return true;
    if (
      epoch > this.#quorum.epoch ||
      errorCode === ErrorCode.FENCED_LEADER_EPOCH ||
      errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER
    ) {
      this.#maybeTransition(leader, epoch);
      return true;
    }
    if (epoch === this.#quorum.epoch && leader !== null && this.#followedLeaderId() === null) {
      this.#transitionToFollower(epoch, leader);
      return errorCode === ErrorCode.NONE ? undefined : true;
    }
    if (errorCode === ErrorCode.BROKER_NOT_AVAILABLE) return false;
    if (errorCode === ErrorCode.INVALID_REQUEST)
      throw new Error('INVALID_REQUEST를 받았습니다: 보낸 요청이 잘못되었습니다');
    return undefined;
  }

  /** Kafka `maybeTransition`: 본 (리더, 에포크)로 옮겨 갑니다. 판단은 `transitionForObservedEpoch`가 합니다. */
  #maybeTransition(leaderId: number | null, epoch: number): void {
    const decision = transitionForObservedEpoch(
      { epoch: this.#quorum.epoch, leaderId: this.#followedLeaderId() },
      { epoch, leaderId },
    );
    if (!decision.ok) throw new Error(decision.message ?? decision.error);
    const { transition } = decision;
    if (transition.to === 'Follower') this.#transitionToFollower(transition.epoch, transition.leaderId);
    else if (transition.to === 'Unattached') this.#transitionToUnattached(transition.epoch, null);
  }

  /**
   * 지금 따르는 리더. Unattached가 리더 ID를 기억하는 것(관찰자가 fetch 시간 제한으로 리더를 놓쳤을 때)은 따르는
   * 것이 아니므로 null입니다: 그 리더가 다시 답하면 Follower로 돌아갑니다 (Kafka `maybeSwitchObserverFetchToLeader`).
   */
  #followedLeaderId(): number | null {
    return this.#quorum.state.name === 'Unattached' ? null : this.#quorum.leaderId;
  }

  /** Vote 응답: 표를 적고, 과반이면 다음 단계로, 과반이 불가능해지면 물러납니다. Kafka `handleVoteResponse` */
  #handleVoteResponse(from: number, response: VoteResponse): boolean {
    if (response.errorCode !== ErrorCode.NONE) return false;
    const state = this.#quorum.state;
    if (state.name !== 'Prospective' && state.name !== 'Candidate') return true; // 이미 선거가 끝났습니다
    const recorded = recordVote(state.election, from, response.voteGranted);
    if (!recorded.ok) throw new Error(`${from}의 표를 적을 수 없습니다: ${recorded.error}`);
    state.election = recorded.election;
    const outcome = electionOutcome(state.election);
    if (outcome === 'won') {
      if (state.name === 'Prospective') this.#transitionToCandidate();
      else this.#onBecomeLeader();
    } else if (outcome === 'lost' && state.name === 'Prospective') {
      // 후보는 남은 선거 시간 제한을 다 기다린 뒤 Prospective로 돌아갑니다 (Kafka 4.x `maybeHandleElectionLoss`).
      this.#prospectiveTransitionAfterElectionLoss(state);
    }
    return true;
  }

  /** Fetch 응답 (팔로워 쪽). Kafka `handleFetchResponse` */
  #handleFetchResponse(response: FetchResponse<T>): boolean {
    const state = this.#followerStateOrThrow();
    if (response.errorCode !== ErrorCode.NONE) return false;
    if (response.divergingEpoch !== null) {
      // 리더가 "여기서 갈라졌다"고 합니다. 커밋된 레코드(하이 워터마크 아래)를 자르라는 말은 있을 수 없습니다.
      const diverging = response.divergingEpoch;
      if (this.#highWatermark !== null && diverging.offset < this.#highWatermark) {
        throw new Error(`리더가 하이 워터마크 ${this.#highWatermark} 아래(${diverging.offset})를 자르라고 합니다`);
      }
      const offset = this.#log.truncateToEndOffset(diverging);
      this.#persist.push({ op: 'truncate', offset });
    } else if (response.snapshotId !== null) {
      state.fetchingSnapshot = { id: response.snapshotId, bytes: new Uint8Array(0) };
    } else {
      const first = response.records[0];
      if (first && first.offset !== this.#log.endOffset) {
        throw new Error(`Fetch 응답이 로그 끝 ${this.#log.endOffset}이 아니라 ${first.offset}에서 시작합니다`);
      }
      if (response.records.length > 0) {
        this.#log.append(response.records);
        this.#persist.push({ op: 'append', entries: response.records });
      }
      if (response.highWatermark >= 0)
        this.#updateFollowerHighWatermark(Math.min(this.#log.endOffset, response.highWatermark));
    }
    state.fetchDeadlineMs = this.#now + this.config.fetchTimeoutMs;
    state.hasFetchedFromLeader = true;
    return true;
  }

  /** FetchSnapshot 응답 (팔로워 쪽): 조각을 이어 붙이고, 다 받으면 스냅숏으로 로그를 바꿉니다. */
  #handleFetchSnapshotResponse(response: FetchSnapshotResponse): boolean {
    const state = this.#followerStateOrThrow();
    const fetching = state.fetchingSnapshot;
    if (response.errorCode === ErrorCode.SNAPSHOT_NOT_FOUND || response.snapshotId.offset < 0) {
      // 리더가 그새 스냅숏을 지웠습니다: 처음부터 Fetch로 다시 알아봅니다.
      state.fetchingSnapshot = null;
      state.fetchDeadlineMs = this.#now + this.config.fetchTimeoutMs;
      return true;
    }
    if (response.errorCode !== ErrorCode.NONE) return false;
    if (!fetching) return true; // 이미 다 받았습니다 (복제된 답)
    if (fetching.id.offset !== response.snapshotId.offset || fetching.id.epoch !== response.snapshotId.epoch) {
      throw new Error('받고 있는 스냅숏과 다른 스냅숏의 조각이 왔습니다');
    }
    if (response.position !== fetching.bytes.length) {
      throw new Error(`스냅숏 조각의 위치 ${response.position}이 받은 크기 ${fetching.bytes.length}와 다릅니다`);
    }
    const joined = new Uint8Array(fetching.bytes.length + response.unalignedRecords.length);
    joined.set(fetching.bytes, 0);
    joined.set(response.unalignedRecords, fetching.bytes.length);
    fetching.bytes = joined;
    if (joined.length === response.size) {
      state.fetchingSnapshot = null;
      const decoded = this.#snapshotFormat.decode(fetching.id, joined);
      if (!decoded.ok) throw new Error(`받은 스냅숏을 읽을 수 없습니다: ${decoded.error}`);
      this.#installSnapshot(decoded.snapshot);
    }
    state.fetchDeadlineMs = this.#now + this.config.fetchTimeoutMs;
    return true;
  }

  /** 리더의 스냅숏으로 로그를 바꿉니다. Kafka `truncateToLatestSnapshot` */
  #installSnapshot(snapshot: Snapshot<T>): void {
    this.#retainSnapshot(snapshot);
    this.#snapshotIds = [snapshot.id];
    this.#log.truncateToSnapshot(snapshot.id);
    this.#persist.push({ op: 'snapshot', snapshot }, { op: 'truncateToSnapshot', snapshotId: snapshot.id });
    this.#updateFollowerHighWatermark(Math.max(this.#highWatermark ?? 0, snapshot.id.offset));
  }

  #followerStateOrThrow(): FollowerState {
    const state = this.#quorum.state;
    if (state.name !== 'Follower') throw new Error(`Follower가 아닌데(${state.name}) Fetch 응답을 받았습니다`);
    return state;
  }

  /** 팔로워의 하이 워터마크는 리더가 알려 준 값(자기 로그 끝까지)이고, 줄지 않습니다. */
  #updateFollowerHighWatermark(highWatermark: number): void {
    if (this.#highWatermark !== null && highWatermark < this.#highWatermark) {
      throw new Error(`하이 워터마크가 줄어듭니다: ${this.#highWatermark} → ${highWatermark}`);
    }
    this.#highWatermark = highWatermark;
  }

  // -------------------------------------------------------------------------------------------
  // 리더의 쓰기와 하이 워터마크
  // -------------------------------------------------------------------------------------------

  #appendAsLeader(state: LeaderState, records: readonly RaftRecord<T>[]): void {
    const base = this.#log.endOffset;
    const entries = records.map((record, i) => ({ offset: base + i, epoch: state.epoch, record }));
    this.#log.append(entries);
    this.#persist.push({ op: 'append', entries });
    if (state.updateLocalState(this.#log.endOffset)) this.#onLeaderHighWatermarkUpdated(state);
  }

  #onLeaderHighWatermarkUpdated(state: LeaderState): void {
    this.#highWatermark = state.highWatermark;
  }

  /**
   * 하이 워터마크 아래로 새로 커밋된 것을 응용에 넘깁니다. 아무것도 넘기지 않은 응용(다시 켜진 노드)이나 로그 시작보다
   * 뒤처진 응용에는 가장 새 스냅숏부터 넘기고 그 뒤의 로그를 잇습니다 (Kafka `updateListenersProgress`).
   */
  #maybeApply(): void {
    const highWatermark = this.#highWatermark;
    if (highWatermark === null) return;
    const latest = this.latestSnapshot;
    if (
      this.#appliedOffset < highWatermark &&
      ((this.#appliedOffset === 0 && latest !== null) || this.#appliedOffset < this.#log.startOffset)
    ) {
      const snapshot = latest;
      if (!snapshot || snapshot.id.offset < this.#log.startOffset) {
        throw new Error(`로그 시작 ${this.#log.startOffset}에 맞는 스냅숏이 없습니다`);
      }
      this.#apply.push({ kind: 'snapshot', snapshot });
      this.#appliedOffset = snapshot.id.offset;
    }
    if (this.#appliedOffset < highWatermark) {
      this.#apply.push({
        kind: 'commit',
        entries: this.#log.read(this.#appliedOffset, Number.POSITIVE_INFINITY, highWatermark),
      });
      this.#appliedOffset = highWatermark;
    }
  }

  #retainSnapshot(snapshot: Snapshot<T>): void {
    // 파일의 바이트는 처음 FetchSnapshot이 올 때 한 번 만듭니다 (대부분의 스냅숏은 아무도 받아 가지 않습니다).
    const format = this.#snapshotFormat;
    let bytes: Uint8Array | null = null;
    const stored: StoredSnapshot<T> = {
      snapshot,
      get bytes() {
        bytes ??= format.encode(snapshot);
        return bytes;
      },
    };
    this.#snapshots = [...this.#snapshots, stored].slice(-RETAINED_SNAPSHOTS);
  }

  // -------------------------------------------------------------------------------------------
  // 전이 (KafkaRaftClient.transitionToX / onBecomeX): 상태를 바꾸고, 따라오는 일을 합니다
  // -------------------------------------------------------------------------------------------

  #transitionToProspective(): void {
    this.#quorum.transitionToProspective(this.#now);
    const state = this.#quorum.state as ProspectiveState;
    if (electionOutcome(state.election) === 'won') this.#transitionToCandidate();
    else this.#resetConnections();
  }

  #transitionToCandidate(): void {
    this.#quorum.transitionToCandidate(this.#now);
    this.#onBecomeCandidate();
  }

  #onBecomeCandidate(): void {
    const state = this.#quorum.state;
    if (state.name === 'Candidate' && electionOutcome(state.election) === 'won') this.#onBecomeLeader();
    else this.#resetConnections();
  }

  /**
   * 리더가 됩니다. 뽑혔을 때의 로그 끝이 이 에포크의 시작(epochStartOffset)이고, 곧바로 LeaderChange 레코드를
   * 씁니다: 이 레코드가 과반에 닿아야 하이 워터마크가 오릅니다. Kafka `onBecomeLeader`
   */
  #onBecomeLeader(): void {
    const leader = this.#quorum.transitionToLeader(this.#log.endOffset, this.#now);
    this.#highWatermark = null;
    this.#appendAsLeader(leader, [
      {
        type: 'LeaderChange',
        leaderId: this.localId,
        voters: [...this.#quorum.voters],
        grantingVoters: [...leader.grantingVoters].sort((a, b) => a - b),
      },
    ]);
    this.#resetConnections();
  }

  #transitionToUnattached(epoch: number, leaderId: number | null): void {
    this.#quorum.transitionToUnattached(epoch, leaderId, this.#now);
    this.#resetConnections();
  }

  #transitionToFollower(epoch: number, leaderId: number): void {
    this.#quorum.transitionToFollower(epoch, leaderId, this.#now);
    this.#resetConnections();
  }

  #transitionToResigned(preferredSuccessors: readonly number[]): void {
    this.#quorum.transitionToResigned(preferredSuccessors, this.#now);
    this.#highWatermark = null;
    this.#resetConnections();
  }

  /** 사전 투표에 졌습니다: 리더를 알면 그 Follower로, 모르면 Unattached로 돌아갑니다 (같은 에포크). */
  #prospectiveTransitionAfterElectionLoss(state: ProspectiveState): void {
    if (state.leaderId !== null) this.#transitionToFollower(state.epoch, state.leaderId);
    else this.#transitionToUnattached(state.epoch, null);
  }

  /** 상태가 바뀌면 보낸 요청의 답을 더는 기다리지 않습니다 (Kafka `resetConnections`). */
  #resetConnections(): void {
    this.#requests.resetAll();
  }

  // -------------------------------------------------------------------------------------------
  // poll: 상태마다 시간 제한을 확인하고 보낼 요청을 만듭니다 (KafkaRaftClient.pollCurrentState)
  // -------------------------------------------------------------------------------------------

  #poll(): void {
    let waitMs = 0;
    const visited: string[] = [];
    while (waitMs === 0 && !this.#maybeCompleteShutdown()) {
      visited.push(`${this.#quorum.state.name}(${this.#quorum.epoch})`);
      if (visited.length > MAX_TRANSITIONS_PER_POLL) {
        throw new Error(`노드 ${this.localId}의 poll이 쉬지 않고 상태를 바꿉니다: ${visited.join(' → ')}`);
      }
      waitMs = this.#pollCurrentState();
    }
    this.#completeParkedFetches();
    this.#maybeApply();
    for (const fetch of this.#parkedFetches) waitMs = Math.min(waitMs, fetch.deadlineMs - this.#now);
    this.#nextPollMs = this.#shutdownComplete ? Number.POSITIVE_INFINITY : this.#now + Math.max(1, waitMs);
  }

  /** 종료가 끝났는지: 시간이 지났거나, 관찰자이거나, 혼자이거나, 다른 리더를 알면 끝입니다. Kafka `maybeCompleteShutdown` */
  #maybeCompleteShutdown(): boolean {
    if (this.#shutdownDeadlineMs === null) return false;
    const remoteLeader = this.#quorum.leaderId !== null && this.#quorum.leaderId !== this.localId;
    if (this.#now >= this.#shutdownDeadlineMs || !this.isVoter || this.#quorum.isOnlyVoter || remoteLeader) {
      this.#shutdownComplete = true;
    }
    return this.#shutdownComplete;
  }

  #pollCurrentState(): number {
    const state = this.#quorum.state;
    switch (state.name) {
      case 'Leader':
        return this.#pollLeader(state as LeaderState);
      case 'Candidate':
      case 'Prospective':
        return this.#pollNominee();
      case 'Follower':
        return this.#pollFollower(state);
      case 'Unattached':
        return this.#pollUnattached(state.electionDeadlineMs);
      case 'Resigned':
        return this.#pollResigned(state);
    }
  }

  /** 리더: 종료 중이거나 check-quorum이 끝났으면 물러나고, 아니면 인정하지 않은 투표자에게 BeginQuorumEpoch */
  #pollLeader(state: LeaderState): number {
    const checkQuorumMs = state.timeUntilCheckQuorumExpires(this.#now);
    if (this.#shutdownDeadlineMs !== null || checkQuorumMs === 0) {
      this.#transitionToResigned(state.nonLeaderVotersByDescendingFetchOffset());
      return 0;
    }
    let beginQuorumMs = state.timeUntilBeginQuorumEpochTimerExpires(this.#now);
    if (beginQuorumMs === 0) {
      beginQuorumMs = this.#maybeSendRequests(state.nonAcknowledgingVoters(), (voterId) => ({
        api: 'BeginQuorumEpoch',
        clusterId: this.config.clusterId,
        voterId,
        leaderId: this.localId,
        leaderEpoch: state.epoch,
      }));
      state.resetBeginQuorumEpochTimer(this.#now);
      beginQuorumMs = Math.min(beginQuorumMs, state.timeUntilBeginQuorumEpochTimerExpires(this.#now));
    }
    return Math.min(beginQuorumMs, checkQuorumMs);
  }

  /** Prospective와 Candidate: 아직 답하지 않은 투표자에게 Vote를 보내고, 시간 제한이 지나면 다음 단계로 */
  #pollNominee(): number {
    const state = this.#quorum.state;
    if (state.name !== 'Prospective' && state.name !== 'Candidate') throw new Error('선거 중이 아닙니다');
    if (this.#shutdownDeadlineMs === null && this.#now >= state.electionDeadlineMs) {
      if (state.name === 'Candidate') this.#transitionToProspective();
      else this.#prospectiveTransitionAfterElectionLoss(state);
      return 0;
    }
    let waitMs = Number.POSITIVE_INFINITY;
    if (electionOutcome(state.election) !== 'lost') {
      const end = this.#log.endOffsetAndEpoch;
      const preVote = state.name === 'Prospective';
      waitMs = this.#maybeSendRequests(unrecordedVoters(state.election), (voterId) => ({
        api: 'Vote',
        clusterId: this.config.clusterId,
        voterId,
        replicaEpoch: state.epoch,
        replicaId: this.localId,
        lastOffsetEpoch: end.epoch,
        lastOffset: end.offset,
        preVote,
      }));
    }
    const deadline = this.#shutdownDeadlineMs ?? state.electionDeadlineMs;
    return Math.min(waitMs, deadline - this.#now);
  }

  /** Follower: fetch 시간 제한이 지나면 투표자는 사전 투표를, 관찰자는 리더를 잊고 다시 찾습니다. */
  #pollFollower(state: FollowerState): number {
    if (this.#now >= state.fetchDeadlineMs) {
      if (this.isVoter) this.#transitionToProspective();
      else this.#transitionToUnattached(state.epoch, state.leaderId);
      return 0;
    }
    const fetching = state.fetchingSnapshot;
    const waitMs = this.#maybeSendRequest(state.leaderId, () =>
      fetching
        ? {
            api: 'FetchSnapshot',
            clusterId: this.config.clusterId,
            replicaId: this.localId,
            currentLeaderEpoch: state.epoch,
            snapshotId: fetching.id,
            position: fetching.bytes.length,
            maxBytes: this.config.fetchSnapshotMaxBytes,
          }
        : this.#buildFetchRequest(),
    );
    return Math.min(waitMs, state.fetchDeadlineMs - this.#now);
  }

  /** Unattached: 선거 시간 제한이 지나면 사전 투표를, 그전에는 아무 투표자에게나 Fetch를 보내 리더를 찾습니다. */
  #pollUnattached(electionDeadlineMs: number): number {
    // 종료 중이면 선거를 시작하지 않고, 종료가 끝나거나(리더를 알게 되거나) 시간이 다 될 때까지 기다립니다.
    const deadline = this.#shutdownDeadlineMs ?? electionDeadlineMs;
    if (this.isVoter && this.#shutdownDeadlineMs === null && this.#now >= electionDeadlineMs) {
      this.#transitionToProspective();
      return 0;
    }
    const voters = this.#quorum.voters.filter((id) => id !== this.localId);
    const target = this.#requests.findReadyBootstrapServer(voters, this.#now);
    const waitMs =
      target === undefined
        ? this.#requests.backoffBeforeAvailableBootstrapServer(voters, this.#now)
        : this.#maybeSendRequest(target, () => this.#buildFetchRequest());
    return Math.min(waitMs, deadline - this.#now);
  }

  /** Resigned: EndQuorumEpoch를 보내고, 선거 시간 제한이 지나면 에포크를 올려 Unattached로 */
  #pollResigned(state: ResignedState): number {
    const waitMs = this.#maybeSendRequests([...state.unackedVoters], () => ({
      api: 'EndQuorumEpoch',
      clusterId: this.config.clusterId,
      leaderId: this.localId,
      leaderEpoch: state.epoch,
      preferredSuccessors: state.preferredSuccessors,
    }));
    if (this.#shutdownDeadlineMs !== null) return Math.min(waitMs, this.#shutdownDeadlineMs - this.#now);
    if (this.#now >= state.electionDeadlineMs) {
      this.#transitionToUnattached(state.epoch + 1, null);
      return 0;
    }
    return Math.min(waitMs, state.electionDeadlineMs - this.#now);
  }

  #buildFetchRequest(): FetchRequest {
    return {
      api: 'Fetch',
      clusterId: this.config.clusterId,
      replicaId: this.localId,
      maxWaitMs: this.config.fetchMaxWaitMs,
      currentLeaderEpoch: this.#quorum.epoch,
      fetchOffset: this.#log.endOffset,
      lastFetchedEpoch: this.#log.lastFetchedEpoch,
      highWatermark: this.#highWatermark ?? -1,
      maxRecords: this.config.fetchMaxRecords,
    };
  }

  /**
   * 보낼 수 있으면 요청을 보냅니다. 다시 확인할 때까지의 시간을 돌려줍니다: 물러나는 중이면 남은 backoff,
   * 답을 기다리면 남은 요청 시간 제한. Kafka `maybeSendRequest`
   */
  #maybeSendRequest(destination: number, build: () => RaftRequest): number {
    if (this.#requests.isBackingOff(destination, this.#now))
      return this.#requests.remainingBackoffMs(destination, this.#now);
    if (this.#requests.isReady(destination, this.#now)) {
      const correlationId = this.#nextCorrelationId++;
      this.#requests.onRequestSent(destination, correlationId, this.#now);
      this.#send.push({ kind: 'request', correlationId, to: destination, request: build() });
    }
    return this.#requests.remainingRequestTimeMs(destination, this.#now);
  }

  #maybeSendRequests(destinations: readonly number[], build: (destination: number) => RaftRequest): number {
    let waitMs = Number.POSITIVE_INFINITY;
    for (const destination of destinations) {
      if (destination === this.localId) continue;
      waitMs = Math.min(
        waitMs,
        this.#maybeSendRequest(destination, () => build(destination)),
      );
    }
    return waitMs;
  }
}
