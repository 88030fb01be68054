/**
 * 이 브로커에 있는 파티션 복제본 하나 (Kafka `kafka.cluster.Partition`): 리더인지 팔로워인지, 리더 에포크와 파티션
 * 에포크, ISR, 원격 복제본들의 Fetch 상태, 그리고 하이 워터마크(로그가 가진 값 하나를 여기서 옮깁니다).
 *
 *   makeLeader / makeFollower      메타데이터가 정한 역할을 받습니다 (리더 에포크가 오르면 에포크 캐시에 시작을 적음)
 *   fetchRecordsForFollower        팔로워의 Fetch: 갈라졌으면 divergingEpoch, 아니면 읽고 그 팔로워의 위치를 적음
 *   maybeIncrementLeaderHW         ISR의 위치로 하이 워터마크를 올림 (리더 쓰기 뒤, 팔로워 Fetch 뒤, ISR 변경 뒤)
 *   maybeShrinkIsr / (Fetch 안의) 확장   AlterPartition 제안을 돌려줌: 보내는 일은 부르는 쪽 (컨트롤러가 커밋해야 반영)
 *   handleAlterPartitionResponse   컨트롤러의 답: 커밋된 ISR과 새 파티션 에포크를 받음
 *   checkEnoughReplicasReachOffset acks=all 쓰기가 끝났는지
 *   appendRecordsToFollower, truncateOnDivergingEpoch   팔로워 쪽: 리더의 배치를 쓰고, 갈라진 꼬리를 잘라 냄
 *   truncateTo, truncateFullyAndStartAt                 팔로워 쪽: OFFSET_OUT_OF_RANGE 뒤 리더의 로그 끝·시작에 맞춤
 *
 * 결정은 `decisions.ts`의 순수 함수가 하고, 이 객체는 상태를 들고 결정을 로그와 제안으로 옮깁니다. 소켓도 시계도
 * 모릅니다: 시각은 부르는 쪽이 넘기고, AlterPartition은 제안으로 돌려줍니다.
 *
 * ISR 상태 (Kafka `PartitionState`): 리더는 ISR을 스스로 바꾸지 않고 컨트롤러에게 제안합니다. 답을 기다리는 동안은
 * Pending 상태이고, 커밋된 ISR(`isr`)과 하이 워터마크·acks=all이 쓰는 최대 ISR(`maximalIsr`)이 다를 수 있습니다:
 *
 *   Committed          isr = 최대 ISR = 컨트롤러가 커밋한 것
 *   PendingExpandIsr   최대 ISR = isr + 새 복제본 (먼저 더 엄격하게: 실패해도 해가 없음)
 *   PendingShrinkIsr   최대 ISR = isr (빼는 것은 커밋된 뒤에야: 먼저 빼면 하이 워터마크가 잘못 오를 수 있음)
 */
import assert from 'node:assert/strict';
import { LeaderRecoveryState } from '../metadata/partition-registration.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { OffsetAndEpoch } from '../raft/types.js';
import { lastOffsetOf, readBatchHeader } from '../record/batch-header.js';
import { err, ok, type Result } from '../result.js';
import type { UnifiedLog } from '../storage/unified-log.js';
import {
  checkCurrentLeaderEpoch,
  checkEnoughReplicasReachOffset,
  checkFetchPosition,
  DEFAULT_REPLICA_LAG_TIME_MAX_MS,
  effectiveMinIsr,
  type FollowerPosition,
  followerTruncationState,
  isReplicaIsrEligible,
  leaderHighWatermark,
  needsExpandIsr,
  outOfSyncReplicas,
  type TruncationState,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
} from './decisions.js';
import { EMPTY_REPLICA_STATE, type ReplicaState, resetReplicaState, updateFetchState } from './replica.js';

/** 메타데이터(PartitionRecord/PartitionChangeRecord)가 정한 파티션의 리더와 ISR. Kafka `LeaderAndIsrPartitionState`. */
export interface LeaderAndIsr {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** `LeaderRecoveryState` (KIP-704): unclean 선거로 뽑힌 리더면 RECOVERING. 없으면 RECOVERED */
  readonly leaderRecoveryState?: number;
}

/** 리더가 컨트롤러에게 보낼 ISR 변경 (AlterPartition 요청의 파티션 하나, Kafka `LeaderAndIsr` + `BrokerState`) */
export interface AlterPartitionProposal {
  readonly topic: string;
  readonly partition: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly newIsrWithEpochs: readonly { readonly brokerId: number; readonly brokerEpoch: number }[];
  /** 리더의 복구 상태: 리더는 `makeLeader`에서 복구를 마치므로 언제나 RECOVERED */
  readonly leaderRecoveryState: number;
}

export type PartitionState =
  | { readonly kind: 'Committed'; readonly isr: readonly number[] }
  | {
      readonly kind: 'PendingExpandIsr';
      readonly isr: readonly number[];
      readonly newInSyncReplicaId: number;
      readonly sent: AlterPartitionProposal;
    }
  | {
      readonly kind: 'PendingShrinkIsr';
      readonly isr: readonly number[];
      readonly outOfSyncReplicaIds: readonly number[];
      readonly sent: AlterPartitionProposal;
    };

/** 메타데이터가 아는 브로커 (KRaft 등록): ISR 자격을 가릴 때 봅니다 */
export interface RegisteredBroker {
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
  readonly brokerEpoch: number;
}

export interface PartitionOptions {
  readonly localBrokerId: number;
  readonly log: UnifiedLog;
  /** 토픽의 min.insync.replicas (바뀔 수 있어 그때그때 읽습니다) */
  readonly minInsyncReplicas: () => number;
  /** `replica.lag.time.max.ms` (기본 30초) */
  readonly replicaLagTimeMaxMs?: number;
  /** 메타데이터의 브로커 등록. 없으면(등록을 모르는 단일 노드) 모든 복제본이 ISR 자격이 있습니다 (Kafka의 ZK 모드처럼). */
  readonly registeredBroker?: (brokerId: number) => RegisteredBroker | null;
  /** 이 브로커의 에포크 (AlterPartition의 ISR 항목에 싣습니다) */
  readonly localBrokerEpoch?: () => number;
  /** 하이 워터마크가 올랐을 때 (기다리는 Produce와 Fetch를 깨우게: Kafka `PartitionListener.onHighWatermarkUpdated`) */
  readonly onHighWatermarkUpdated?: (highWatermark: number) => void;
  /** low watermark(`lowWatermarkIfLeader`)가 올랐을 때 (기다리는 DeleteRecords를 깨우게) */
  readonly onLowWatermarkIncremented?: () => void;
}

/** 팔로워의 Fetch 하나 (Fetch 요청의 파티션 항목과 replicaState) */
export interface FollowerFetchRequest {
  readonly replicaId: number;
  /** -1이면 옛 Fetch 버전 */
  readonly replicaEpoch: number;
  readonly fetchOffset: number;
  /** -1이면 v12 아래라 모릅니다 */
  readonly lastFetchedEpoch: number;
  readonly logStartOffset: number;
  /** -1이면 모릅니다 */
  readonly currentLeaderEpoch: number;
  readonly maxBytes: number;
  readonly minOneMessage: boolean;
}

export interface FollowerFetchResult {
  readonly records: Buffer;
  /** 읽기 전의 값들 (Kafka `LogReadInfo`): 읽는 사이의 쓰기가 팔로워를 뒤처지게 만들지 않게 */
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly lastStableOffset: number;
  /** 팔로워의 로그가 갈라졌으면 리더 로그에서 그 에포크가 끝나는 자리. 그때 records는 비어 있습니다. */
  readonly divergingEpoch: OffsetAndEpoch | null;
  /** 이 Fetch로 팔로워가 ISR에 들 만해졌으면, 컨트롤러에 보낼 제안 */
  readonly alterPartition: AlterPartitionProposal | null;
}

export class Partition {
  readonly topic: string;
  readonly partition: number;
  readonly log: UnifiedLog;
  readonly #options: PartitionOptions;
  readonly #replicaLagTimeMaxMs: number;
  #leaderId: number | null = null;
  #leaderEpoch = -1;
  #partitionEpoch = 0;
  /** 이 리더 에포크가 시작된 오프셋. 리더일 때만 있습니다. */
  #leaderEpochStartOffset: number | null = null;
  #replicas: readonly number[] = [];
  #state: PartitionState = { kind: 'Committed', isr: [] };
  /** 리더의 복구 상태 (Kafka `PartitionState.leaderRecoveryState`) */
  #leaderRecoveryState: number = LeaderRecoveryState.RECOVERED;
  /** 원격 복제본의 Fetch 상태 (리더일 때만) */
  readonly #remote = new Map<number, ReplicaState>();

  constructor(options: PartitionOptions) {
    this.#options = options;
    this.log = options.log;
    this.topic = options.log.topic;
    this.partition = options.log.partition;
    this.#replicaLagTimeMaxMs = options.replicaLagTimeMaxMs ?? DEFAULT_REPLICA_LAG_TIME_MAX_MS;
  }

  get isLeader(): boolean {
    return this.#leaderId === this.#options.localBrokerId;
  }

  get leaderId(): number | null {
    return this.#leaderId;
  }

  get leaderEpoch(): number {
    return this.#leaderEpoch;
  }

  get partitionEpoch(): number {
    return this.#partitionEpoch;
  }

  get leaderEpochStartOffset(): number | null {
    return this.#leaderEpochStartOffset;
  }

  get partitionState(): PartitionState {
    return this.#state;
  }

  /** 리더의 복구 상태: 리더는 RECOVERED, 팔로워는 메타데이터가 말하는 것, AlterPartition이 커밋되면 그 답의 것 */
  get leaderRecoveryState(): number {
    return this.#leaderRecoveryState;
  }

  /** 커밋된 ISR */
  get isr(): readonly number[] {
    return this.#state.isr;
  }

  /** 하이 워터마크와 acks=all이 기다리는 ISR: 넣어 달라고 제안 중인 복제본까지 (KIP-497) */
  get maximalIsr(): readonly number[] {
    return this.#state.kind === 'PendingExpandIsr'
      ? [...this.#state.isr, this.#state.newInSyncReplicaId]
      : this.#state.isr;
  }

  /**
   * low watermark: 살아 있는 모든 복제본이 지운 자리, 곧 리더와 살아 있는 팔로워들의 로그 시작 오프셋 가운데 가장 작은
   * 것 (Kafka `Partition.lowWatermarkIfLeader`). DeleteRecords는 이것이 요청한 오프셋에 닿아야 끝납니다. 팔로워의
   * 로그 시작은 그 팔로워가 Fetch에 실어 보낸 값이고, 아직 Fetch하지 않은 팔로워는 -1이라 이 값을 붙잡습니다.
   * 펜싱된(죽은) 브로커는 세지 않습니다: 돌아오면 리더의 로그 시작을 Fetch 응답으로 받아 따라 지웁니다.
   */
  lowWatermarkIfLeader(): number {
    let lowWatermark = this.log.logStartOffset;
    for (const [brokerId, replica] of this.#remote) {
      const registered = this.#options.registeredBroker;
      const alive = !registered || (registered(brokerId)?.fenced ?? true) === false;
      if (alive && replica.logStartOffset < lowWatermark) lowWatermark = replica.logStartOffset;
    }
    return lowWatermark;
  }

  get highWatermark(): number {
    return this.log.highWatermark;
  }

  /** 원격 복제본의 상태 (리더가 아니거나 모르는 복제본이면 undefined) */
  replicaState(brokerId: number): ReplicaState | undefined {
    return this.#remote.get(brokerId);
  }

  /** 실제로 쓰는 최소 ISR: min(min.insync.replicas, 복제본 수) */
  get minIsr(): number {
    return effectiveMinIsr(this.#options.minInsyncReplicas(), this.#remote.size + 1);
  }

  /**
   * 이 브로커가 리더가 됩니다 (Kafka `Partition.makeLeader`). 파티션 에포크가 지금보다 옛것이면 무시합니다.
   * 리더 에포크가 올랐으면: 지금 로그 끝을 이 에포크의 시작으로 에포크 캐시에 적고(팔로워가 잘라 낼 자리를 물을 때
   * 쓰는 값), 팔로워 상태를 새로 합니다. ISR이 줄었을 수 있으니 하이 워터마크도 다시 셉니다.
   *
   * 메타데이터가 RECOVERING이면(unclean 선거로 뽑힘, KIP-704) 여기서 곧바로 RECOVERED로 적습니다: 계층 저장소가 없는
   * 브로커에는 리더가 되기 전에 되살릴 것이 없기 때문입니다 (Kafka `makeLeader`도 같습니다). 컨트롤러는 리더의 다음
   * AlterPartition(팔로워를 ISR에 넣는 제안)에 실린 RECOVERED로 이 사실을 알게 됩니다.
   * 새로 리더가 되었는지를 돌려줍니다.
   */
  makeLeader(state: LeaderAndIsr, nowMs: number): boolean {
    if (state.partitionEpoch < this.#partitionEpoch) return false;
    const isNewLeader = !this.isLeader;
    const isNewLeaderEpoch = state.leaderEpoch > this.#leaderEpoch;
    this.#updateAssignmentAndIsr(state.replicas, true, state.isr);
    this.#leaderRecoveryState = LeaderRecoveryState.RECOVERED;
    this.log.startReplication();
    if (isNewLeaderEpoch) {
      const startOffset = this.log.logEndOffset;
      this.log.maybeAssignEpochStartOffset(state.leaderEpoch, startOffset);
      for (const [brokerId, replica] of this.#remote) {
        this.#remote.set(
          brokerId,
          resetReplicaState(replica, {
            nowMs,
            leaderEndOffset: startOffset,
            isNewLeader,
            isFollowerInSync: state.isr.includes(brokerId),
          }),
        );
      }
      this.#leaderEpoch = state.leaderEpoch;
      this.#leaderEpochStartOffset = startOffset;
    }
    this.#partitionEpoch = state.partitionEpoch;
    this.#leaderId = this.#options.localBrokerId;
    this.maybeIncrementLeaderHW(nowMs);
    return isNewLeader;
  }

  /**
   * 이 브로커가 팔로워가 됩니다 (Kafka `Partition.makeFollower`). 팔로워는 ISR을 들지 않습니다 (리더의 일).
   * 리더 에포크가 올랐는지를 돌려줍니다: 올랐으면 부르는 쪽이 새 리더에게서 다시 Fetch를 시작합니다.
   */
  makeFollower(state: LeaderAndIsr): boolean {
    if (state.partitionEpoch < this.#partitionEpoch) return false;
    const isNewLeaderEpoch = state.leaderEpoch > this.#leaderEpoch;
    this.#leaderId = state.leader;
    this.#leaderEpoch = state.leaderEpoch;
    this.#leaderEpochStartOffset = null;
    this.#partitionEpoch = state.partitionEpoch;
    this.#updateAssignmentAndIsr(state.replicas, false, []);
    this.#leaderRecoveryState = state.leaderRecoveryState ?? LeaderRecoveryState.RECOVERED;
    this.log.startReplication();
    return isNewLeaderEpoch;
  }

  /**
   * ISR의 위치로 하이 워터마크를 올려 봅니다 (`decisions.ts`의 `leaderHighWatermark`). 올랐으면 true이고
   * `onHighWatermarkUpdated`를 부릅니다. Kafka `Partition.maybeIncrementLeaderHW`.
   */
  maybeIncrementLeaderHW(nowMs: number): boolean {
    if (!this.isLeader) return false;
    const decided = leaderHighWatermark({
      leaderLogEndOffset: this.log.logEndOffset,
      followers: this.#followerPositions(),
      isrSize: this.#state.isr.length,
      maximalIsr: this.maximalIsr,
      minIsr: this.minIsr,
      isEligible: (brokerId) => this.#isEligible(brokerId),
      nowMs,
      replicaLagTimeMaxMs: this.#replicaLagTimeMaxMs,
    });
    if (!decided.ok || this.log.maybeIncrementHighWatermark(decided.highWatermark) === null) return false;
    this.#options.onHighWatermarkUpdated?.(decided.highWatermark);
    return true;
  }

  /** acks=all 쓰기가 끝났는가 (`decisions.ts`의 `checkEnoughReplicasReachOffset`). 리더가 아니면 NOT_LEADER_OR_FOLLOWER. */
  checkEnoughReplicasReachOffset(
    requiredOffset: number,
  ): Result<
    { complete: boolean },
    typeof ErrorCode.NOT_LEADER_OR_FOLLOWER | typeof ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND
  > {
    if (!this.isLeader) return err(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    return checkEnoughReplicasReachOffset({
      requiredOffset,
      highWatermark: this.log.highWatermark,
      maximalIsrSize: this.maximalIsr.length,
      minIsr: this.minIsr,
    });
  }

  /**
   * 팔로워의 Fetch (Kafka `Partition.fetchRecords`의 팔로워 갈래와 `readRecords`). 검사 순서:
   *
   *   요청의 리더 에포크가 다름                    FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH
   *   이 브로커가 리더가 아님                      NOT_LEADER_OR_FOLLOWER
   *   복제본 목록에 없는 브로커                    에포크를 실었으면 UNKNOWN_LEADER_EPOCH(재배치로 막 추가된 복제본:
   *                                               다시 시도), 아니면 NOT_LEADER_OR_FOLLOWER
   *   lastFetchedEpoch가 리더 로그와 갈라짐        records 없이 divergingEpoch (팔로워 상태는 고치지 않음)
   *   그 밖                                       로그 끝까지 읽고, 팔로워의 위치를 적고, ISR 확장·하이 워터마크를 봄
   */
  fetchRecordsForFollower(fetch: FollowerFetchRequest, nowMs: number): Result<FollowerFetchResult, number> {
    const epochCheck = checkCurrentLeaderEpoch(fetch.currentLeaderEpoch, this.#leaderEpoch);
    if (!epochCheck.ok) return epochCheck;
    if (!this.isLeader) return err(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    const replica = this.#remote.get(fetch.replicaId);
    if (!replica) {
      return err(
        fetch.currentLeaderEpoch === -1 ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.UNKNOWN_LEADER_EPOCH,
        `replica ${fetch.replicaId} is not a replica of ${this.topic}-${this.partition} in leader epoch ${this.#leaderEpoch}`,
      );
    }
    const before = {
      highWatermark: this.log.highWatermark,
      logStartOffset: this.log.logStartOffset,
      logEndOffset: this.log.logEndOffset,
      lastStableOffset: this.log.lastStableOffset,
    };
    if (fetch.lastFetchedEpoch !== UNDEFINED_EPOCH) {
      const leaderEnd = this.log.endOffsetForEpoch(fetch.lastFetchedEpoch) ?? {
        epoch: UNDEFINED_EPOCH,
        offset: UNDEFINED_EPOCH_OFFSET,
      };
      const position = checkFetchPosition(fetch, leaderEnd, before.logStartOffset);
      if (!position.ok) return position;
      if (position.divergingEpoch) {
        return ok({
          ...before,
          records: Buffer.alloc(0),
          divergingEpoch: position.divergingEpoch,
          alterPartition: null,
        });
      }
    }
    // 팔로워는 커밋되지 않은 꼬리까지 가져갑니다 (FetchIsolation.LOG_END): 그래야 하이 워터마크가 오릅니다.
    const { records } = this.log.read(fetch.fetchOffset, fetch.maxBytes, fetch.minOneMessage);
    const updated = this.updateFollowerFetchState(fetch.replicaId, {
      fetchOffset: fetch.fetchOffset,
      logStartOffset: fetch.logStartOffset,
      fetchTimeMs: nowMs,
      leaderEndOffset: before.logEndOffset,
      brokerEpoch: fetch.replicaEpoch,
    });
    if (!updated.ok) return updated;
    return ok({ ...before, records, divergingEpoch: null, alterPartition: updated.alterPartition });
  }

  /**
   * 팔로워의 Fetch 위치를 적고(`replica.ts`), ISR에 넣을 만해졌으면 제안을 만들고, 팔로워의 LEO가 움직였으면
   * 하이 워터마크를 다시 셉니다. Kafka `Partition.updateFollowerFetchState`.
   */
  updateFollowerFetchState(
    replicaId: number,
    fetch: Parameters<typeof updateFetchState>[1],
  ): Result<{ alterPartition: AlterPartitionProposal | null }, number> {
    const current = this.#remote.get(replicaId);
    if (!current) return err(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    const updated = updateFetchState(current, fetch, this.#options.registeredBroker?.(replicaId)?.brokerEpoch ?? null);
    if (!updated.ok) return updated;
    const lowWatermarkBefore = this.lowWatermarkIfLeader();
    this.#remote.set(replicaId, updated.state);
    const alterPartition = this.#maybeExpandIsr(replicaId);
    if (current.logEndOffset !== updated.state.logEndOffset) this.maybeIncrementLeaderHW(fetch.fetchTimeMs);
    if (this.lowWatermarkIfLeader() > lowWatermarkBefore) this.#options.onLowWatermarkIncremented?.();
    return ok({ alterPartition });
  }

  /**
   * `replica.lag.time.max.ms` 동안 따라잡지 못한 팔로워를 ISR에서 빼자는 제안 (없으면 null). 리더가 주기적으로
   * 부릅니다 (Kafka `ReplicaManager.maybeShrinkIsr`, `replica.lag.time.max.ms`의 절반마다). Kafka `Partition.maybeShrinkIsr`.
   */
  maybeShrinkIsr(nowMs: number): AlterPartitionProposal | null {
    if (!this.isLeader || this.#state.kind !== 'Committed') return null;
    const outOfSync = outOfSyncReplicas({
      localBrokerId: this.#options.localBrokerId,
      isr: this.#state.isr,
      inflight: false,
      leaderLogEndOffset: this.log.logEndOffset,
      followers: this.#followerPositions(),
      nowMs,
      replicaLagTimeMaxMs: this.#replicaLagTimeMaxMs,
    });
    if (outOfSync.length === 0) return null;
    const isr = this.#state.isr;
    const sent = this.#proposal(isr.filter((id) => !outOfSync.includes(id)));
    this.#state = { kind: 'PendingShrinkIsr', isr, outOfSyncReplicaIds: outOfSync, sent };
    return sent;
  }

  /**
   * 컨트롤러의 AlterPartition 답 (Kafka `submitAlterPartition`의 완료 처리, `handleAlterPartitionUpdate`/`Error`).
   * 그 사이 상태가 바뀌었으면(새 리더 선출 등) 낡은 답이라 무시합니다. 성공이면 커밋된 ISR과 파티션 에포크를 받고
   * 하이 워터마크를 다시 셉니다. 오류마다:
   *
   *   OPERATION_NOT_ATTEMPTED, INELIGIBLE_REPLICA   컨트롤러가 "적용하지 않았다"고 분명히 말함: 커밋된 상태로 되돌림
   *   UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID, FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION, INVALID_REQUEST,
   *   NEW_LEADER_ELECTED                            Pending인 채로 새 메타데이터를 기다림
   *   그 밖                                         다시 보냄 (`retry`)
   */
  handleAlterPartitionResponse(
    sent: AlterPartitionProposal,
    response: Result<
      { leaderEpoch: number; partitionEpoch: number; isr: readonly number[]; leaderRecoveryState?: number },
      number
    >,
    nowMs: number,
  ): { retry: boolean } {
    const state = this.#state;
    if (state.kind === 'Committed' || state.sent !== sent) return { retry: false };
    if (response.ok) {
      if (response.leaderEpoch !== this.#leaderEpoch || response.partitionEpoch < this.#partitionEpoch) {
        return { retry: false };
      }
      this.#state = { kind: 'Committed', isr: response.isr };
      this.#leaderRecoveryState = response.leaderRecoveryState ?? LeaderRecoveryState.RECOVERED;
      this.#partitionEpoch = response.partitionEpoch;
      this.maybeIncrementLeaderHW(nowMs);
      return { retry: false };
    }
    switch (response.error) {
      case ErrorCode.OPERATION_NOT_ATTEMPTED:
      case ErrorCode.INELIGIBLE_REPLICA:
        this.#state = { kind: 'Committed', isr: state.isr };
        return { retry: false };
      case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
      case ErrorCode.UNKNOWN_TOPIC_ID:
      case ErrorCode.FENCED_LEADER_EPOCH:
      case ErrorCode.INVALID_UPDATE_VERSION:
      case ErrorCode.INVALID_REQUEST:
      case ErrorCode.NEW_LEADER_ELECTED:
        return { retry: false };
      default:
        return { retry: true };
    }
  }

  /**
   * OffsetForLeaderEpoch의 파티션 하나 (Kafka `Partition.lastOffsetForLeaderEpoch`): `leaderEpoch` 이하의 가장 큰 에포크와
   * 그 끝 오프셋. 리더에게만 묻습니다. 캐시가 답을 모르면 (-1, -1)입니다 (오류 아님).
   */
  lastOffsetForLeaderEpoch(currentLeaderEpoch: number, leaderEpoch: number): Result<OffsetAndEpoch, number> {
    const epochCheck = checkCurrentLeaderEpoch(currentLeaderEpoch, this.#leaderEpoch);
    if (!epochCheck.ok) return epochCheck;
    if (!this.isLeader) return err(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    return ok(this.log.endOffsetForEpoch(leaderEpoch) ?? { epoch: UNDEFINED_EPOCH, offset: UNDEFINED_EPOCH_OFFSET });
  }

  /**
   * 팔로워가 리더의 배치를 씁니다 (Kafka `ReplicaFetcherThread.processPartitionData`): 오프셋과 에포크는 리더가 붙인
   * 그대로 쓰고, 하이 워터마크는 리더가 알려 준 값을 자기 로그 끝 안으로 맞춰 적습니다. 리더의 로그 시작이
   * 옮겨졌으면(DeleteRecords, 보존) 따라 옮깁니다. 로그 시작을 옮겼으면 true.
   */
  appendRecordsToFollower(records: Buffer, leaderHighWatermark: number, leaderLogStartOffset: number): boolean {
    assert(!this.isLeader, `${this.topic}-${this.partition}: the leader does not append as a follower`);
    // 리더의 로그 시작이 배치 한가운데(DeleteRecords가 배치 중간을 가리킴)면, 빈 팔로워 로그(truncateFully 뒤)가 받는
    // 첫 배치는 로그 끝보다 앞에서 시작합니다. 그 배치가 로그 끝을 담고 있으면 배치의 시작에서 빈 로그로 다시 엽니다
    // (Kafka `Partition.doAppendRecordsToFollowerOrFutureReplica`의 UnexpectedAppendOffsetException 처리).
    const first = readBatchHeader(records);
    const log = this.log;
    if (
      first &&
      log.logEndOffset === log.logStartOffset &&
      first.baseOffset < log.logEndOffset &&
      lastOffsetOf(first) >= log.logEndOffset
    ) {
      log.truncateFullyAndStartAt(first.baseOffset);
    }
    if (records.length > 0) log.appendAsFollower(records);
    log.updateHighWatermark(leaderHighWatermark);
    // 리더는 하이 워터마크 앞까지만 지우고, 팔로워의 끝은 방금 읽은 자리 이상이므로 리더의 로그 시작은 팔로워의
    // 하이 워터마크를 넘지 않습니다. 리더를 아직 모르는 값(-1)이면 그대로 둡니다.
    return leaderLogStartOffset >= 0 && log.maybeIncrementLogStartOffset(leaderLogStartOffset);
  }

  /**
   * 리더의 로그 끝이 이 팔로워의 끝보다 앞입니다 (OFFSET_OUT_OF_RANGE 뒤 ListOffsets로 안 값, Kafka
   * `Partition.truncateTo`): 그 뒤를 잘라 냅니다. 언클린 선출로 덜 가진 복제본이 리더가 된 뒤의 옛 리더가 이렇습니다.
   */
  truncateTo(offset: number): void {
    assert(!this.isLeader, `${this.topic}-${this.partition}: the leader does not truncate to another leader`);
    this.log.truncateTo(offset);
  }

  /**
   * 리더의 로그 시작이 이 팔로워의 끝보다 뒤입니다 (Kafka `Partition.truncateFullyAndStartAt`): 가진 것은 모두 리더가
   * 이미 지운 것이니 버리고, 리더의 로그 시작에서 빈 로그로 다시 받습니다.
   */
  truncateFullyAndStartAt(offset: number): void {
    assert(!this.isLeader, `${this.topic}-${this.partition}: the leader does not truncate to another leader`);
    this.log.truncateFullyAndStartAt(offset);
  }

  /**
   * 리더가 divergingEpoch로 답했을 때 팔로워가 잘라 냅니다 (`decisions.ts`의 `followerTruncationState`, KIP-279).
   * 잘라 낸 자리와, 다 정했는지(아니면 잘라 낸 뒤 한 번 더 리더에게 물어야 함)를 돌려줍니다.
   */
  truncateOnDivergingEpoch(diverging: OffsetAndEpoch, fetchOffset: number): TruncationState {
    const state = followerTruncationState(diverging, {
      localEndOfEpoch: this.log.endOffsetForEpoch(diverging.epoch),
      logEndOffset: this.log.logEndOffset,
      fetchOffset,
    });
    this.log.truncateTo(state.offset);
    return state;
  }

  #maybeExpandIsr(replicaId: number): AlterPartitionProposal | null {
    const replica = this.#remote.get(replicaId);
    if (!this.isLeader || !replica || this.#state.kind !== 'Committed') return null;
    const expand = needsExpandIsr({
      follower: {
        brokerId: replicaId,
        logEndOffset: replica.logEndOffset,
        lastCaughtUpTimeMs: replica.lastCaughtUpTimeMs,
      },
      isr: this.#state.isr,
      inflight: false,
      eligible: this.#isEligible(replicaId),
      highWatermark: this.log.highWatermark,
      leaderEpochStartOffset: this.#leaderEpochStartOffset,
    });
    if (!expand) return null;
    const isr = this.#state.isr;
    const sent = this.#proposal([...isr, replicaId]);
    this.#state = { kind: 'PendingExpandIsr', isr, newInSyncReplicaId: replicaId, sent };
    return sent;
  }

  /** ISR 항목마다 브로커 에포크를 싣습니다 (KIP-903): 모르면 -1 (컨트롤러가 에포크 검사를 건너뜀). */
  #proposal(isr: readonly number[]): AlterPartitionProposal {
    const epochOf = (brokerId: number) =>
      brokerId === this.#options.localBrokerId
        ? (this.#options.localBrokerEpoch?.() ?? -1)
        : (this.#remote.get(brokerId)?.brokerEpoch ?? -1);
    return {
      topic: this.topic,
      partition: this.partition,
      leaderEpoch: this.#leaderEpoch,
      partitionEpoch: this.#partitionEpoch,
      newIsrWithEpochs: isr.map((brokerId) => ({ brokerId, brokerEpoch: epochOf(brokerId) })),
      leaderRecoveryState: this.#leaderRecoveryState,
    };
  }

  #isEligible(brokerId: number): boolean {
    const registered = this.#options.registeredBroker;
    if (!registered) return true;
    const broker = registered(brokerId);
    return isReplicaIsrEligible({
      fenced: broker?.fenced ?? true,
      inControlledShutdown: broker?.inControlledShutdown ?? false,
      fetchBrokerEpoch: this.#remote.get(brokerId)?.brokerEpoch ?? null,
      registeredBrokerEpoch: broker?.brokerEpoch ?? null,
    });
  }

  #followerPositions(): FollowerPosition[] {
    return [...this.#remote].map(([brokerId, r]) => ({
      brokerId,
      logEndOffset: r.logEndOffset,
      lastCaughtUpTimeMs: r.lastCaughtUpTimeMs,
    }));
  }

  /** 복제본 목록과 ISR을 받습니다. 리더면 새 팔로워의 상태를 만들고 빠진 팔로워의 상태를 지웁니다. */
  #updateAssignmentAndIsr(replicas: readonly number[], isLeader: boolean, isr: readonly number[]): void {
    if (isLeader) {
      const followers = replicas.filter((id) => id !== this.#options.localBrokerId);
      for (const id of followers) if (!this.#remote.has(id)) this.#remote.set(id, EMPTY_REPLICA_STATE);
      for (const id of [...this.#remote.keys()]) if (!followers.includes(id)) this.#remote.delete(id);
    } else {
      this.#remote.clear();
    }
    this.#replicas = replicas;
    this.#state = { kind: 'Committed', isr };
  }

  get replicas(): readonly number[] {
    return this.#replicas;
  }
}
