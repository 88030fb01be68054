// 6장 복제와 ISR — 해답
// 원본: reference/src/replication/decisions.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 파티션 복제의 심장에 있는 결정들 (6장): 하이 워터마크를 어디까지 올릴지, 어떤 팔로워를 ISR에서 빼고 넣을지,
 * acks=all 쓰기에 언제 답할지, 갈라진 팔로워가 어디까지 잘라 낼지.
 *
 * 모두 입력만 보고 답하는 작은 순수 함수입니다. 상태를 가진 쪽(`partition.ts`의 `Partition`, 저장소의
 * `LeaderEpochFileCache`)이 이 함수들을 불러 결정하고, 그 결정을 로그와 AlterPartition 제안으로 옮깁니다.
 * Kafka에서는 `kafka.cluster.Partition`, `Replica`, `LeaderEpochFileCache`, `AbstractFetcherThread`에 흩어져
 * 있는 규칙을 한곳에 모았습니다. 결과는 `../result.ts`의 약속을 따릅니다.
 *
 * 말의 뜻:
 *   LEO (log end offset)   복제본이 가진 마지막 레코드 다음 오프셋. 원격 복제본은 마지막 Fetch의 fetchOffset입니다.
 *   하이 워터마크(HW)       ISR 모두가 가진 곳. 컨슈머는 여기 앞까지만 읽습니다.
 *   ISR (in-sync replicas) 리더를 따라잡고 있는 복제본들. 커밋된 ISR은 컨트롤러가 PartitionChangeRecord로 정한 것,
 *                          최대 ISR(maximal ISR)은 거기에 "넣어 달라고 제안 중인" 복제본까지 더한 것입니다 (KIP-497).
 */
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import type { OffsetAndEpoch } from '../../../reference/src/raft/types.js';
import { err, OK, ok, type Result } from '../../../reference/src/result.js';

/** `replica.lag.time.max.ms`의 기본값: 이만큼 따라잡지 못한 팔로워는 ISR에서 뺍니다 */
export const DEFAULT_REPLICA_LAG_TIME_MAX_MS = 30_000;
/** 에포크를 모를 때 (Kafka `OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH`, `UNDEFINED_EPOCH_OFFSET`) */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

/** 리더가 원격 복제본(팔로워) 하나에 대해 아는 것. Kafka `ReplicaState`의 결정에 쓰이는 부분. */
export interface FollowerPosition {
  readonly brokerId: number;
  /** 마지막 Fetch의 fetchOffset (아직 Fetch하지 않았으면 -1) */
  readonly logEndOffset: number;
  /** 리더의 LEO를 마지막으로 따라잡았던 시각 (`replica.ts`의 `updateFetchState`가 셉니다) */
  readonly lastCaughtUpTimeMs: number;
}

// ---------------------------------------------------------------------------------------------
// min.insync.replicas
// ---------------------------------------------------------------------------------------------

/**
 * 실제로 쓰는 최소 ISR 크기: min.insync.replicas와 복제본 수 가운데 작은 쪽. Kafka `Partition.effectiveMinIsr`
 * (KAFKA-15583, 3.7부터): 설정이 복제 계수보다 크면 acks=all 쓰기가 영영 막히므로 복제본 수로 깎습니다.
 */
export function effectiveMinIsr(minInsyncReplicas: number, replicaCount: number): number {
  return Math.min(minInsyncReplicas, replicaCount);
}

// ---------------------------------------------------------------------------------------------
// (a) 하이 워터마크 (리더)
// ---------------------------------------------------------------------------------------------

/**
 * 팔로워가 "따라잡았다"고 볼 수 있는가. Kafka `ReplicaState.isCaughtUp`: LEO가 리더의 LEO와 같거나, 리더의 LEO를
 * 마지막으로 따라잡은 지 `replica.lag.time.max.ms`가 지나지 않았으면 따라잡은 것입니다. "얼마나 뒤처졌나"를
 * 오프셋 수가 아니라 시간으로 재는 까닭: 작은 쓰기가 쉴 새 없이 오면 성실한 팔로워도 늘 몇 개 뒤에 있습니다.
 */
export function isCaughtUp(
  follower: FollowerPosition,
  leaderLogEndOffset: number,
  nowMs: number,
  replicaLagTimeMaxMs: number,
): boolean {
  return leaderLogEndOffset === follower.logEndOffset || nowMs - follower.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
}

export interface HighWatermarkInput {
  readonly leaderLogEndOffset: number;
  /** 원격 복제본들 (리더 자신은 빼고) */
  readonly followers: readonly FollowerPosition[];
  /** 커밋된 ISR의 크기 (리더 포함) */
  readonly isrSize: number;
  /** 최대 ISR: 커밋된 ISR + 넣어 달라고 제안 중인 복제본 */
  readonly maximalIsr: readonly number[];
  /** `effectiveMinIsr`의 값 */
  readonly minIsr: number;
  /** ISR에 들 자격이 있는가 (펜싱되지 않음, 종료 중 아님, 브로커 에포크가 맞음: `isReplicaIsrEligible`) */
  readonly isEligible: (brokerId: number) => boolean;
  readonly nowMs: number;
  readonly replicaLagTimeMaxMs: number;
}

/**
 * 리더가 올릴 수 있는 하이 워터마크. Kafka `Partition.maybeIncrementLeaderHW`.
 *
 * 리더의 LEO에서 시작해, 최대 ISR에 든 팔로워와 "따라잡았고 ISR에 들 자격이 있는" 팔로워의 LEO 가운데 가장 작은
 * 것까지 내립니다. 뒤쪽(따라잡았지만 아직 ISR 밖인 팔로워)까지 기다리는 까닭: ISR이 리더 하나뿐일 때 하이
 * 워터마크가 리더의 LEO로 내달리면, 따라오던 팔로워의 LEO가 늘 하이 워터마크보다 뒤라 ISR에 영영 들지 못합니다.
 *
 * 커밋된 ISR이 최소 ISR보다 작으면 올리지 않습니다 (`UNDER_MIN_ISR`, KAFKA-15583): acks와 상관없이, 충분한 복제본이
 * 갖지 않은 레코드는 컨슈머에게 보이지 않습니다. 줄어드는지는 로그가 막습니다 (`UnifiedLog.maybeIncrementHighWatermark`).
 */
export function leaderHighWatermark(input: HighWatermarkInput): Result<{ highWatermark: number }, 'UNDER_MIN_ISR'> {
  if (input.isrSize < input.minIsr) return err('UNDER_MIN_ISR');
  let highWatermark = input.leaderLogEndOffset;
  for (const follower of input.followers) {
    const waitForIt =
      input.maximalIsr.includes(follower.brokerId) ||
      (isCaughtUp(follower, input.leaderLogEndOffset, input.nowMs, input.replicaLagTimeMaxMs) &&
        input.isEligible(follower.brokerId));
    if (waitForIt && follower.logEndOffset < highWatermark) highWatermark = follower.logEndOffset;
  }
  return ok({ highWatermark });
}

// ---------------------------------------------------------------------------------------------
// (b) ISR 줄이기와 늘리기 (리더)
// ---------------------------------------------------------------------------------------------

/** 팔로워가 ISR에 들 자격 (KRaft). Kafka `Partition.isReplicaIsrEligible`이 메타데이터에서 읽는 것. */
export interface BrokerEligibility {
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
  /** 팔로워가 Fetch에 실어 보낸 브로커 에포크 (Fetch v15+의 replicaState.replicaEpoch, 아직 Fetch하지 않았으면 null) */
  readonly fetchBrokerEpoch: number | null;
  /** 메타데이터가 아는 그 브로커의 지금 에포크 (등록되지 않았으면 null) */
  readonly registeredBrokerEpoch: number | null;
}

/**
 * KRaft에서 ISR에 들 수 있는 복제본: 펜싱되지 않았고, 제어된 종료 중이 아니고, Fetch의 브로커 에포크가 등록된
 * 에포크와 같습니다 (-1이면 옛 Fetch 버전이라 검사를 건너뜁니다). Kafka `isReplicaIsrEligible`,
 * `isBrokerEpochIsrEligible` (KIP-903: 다시 켜져 로그를 잃은 브로커가 옛 에포크의 Fetch로 ISR에 드는 것을 막습니다).
 */
export function isReplicaIsrEligible(broker: BrokerEligibility): boolean {
  if (broker.fenced || broker.inControlledShutdown) return false;
  if (broker.fetchBrokerEpoch === null || broker.registeredBrokerEpoch === null) return false;
  return broker.fetchBrokerEpoch === -1 || broker.fetchBrokerEpoch === broker.registeredBrokerEpoch;
}

export interface ShrinkInput {
  readonly localBrokerId: number;
  /** 커밋된 ISR */
  readonly isr: readonly number[];
  /** AlterPartition을 보내 놓고 답을 기다리는 중인가 */
  readonly inflight: boolean;
  readonly leaderLogEndOffset: number;
  /** 원격 복제본의 위치. ISR에 있는데 여기 없는 복제본은 뒤처진 것으로 봅니다. */
  readonly followers: readonly FollowerPosition[];
  readonly nowMs: number;
  readonly replicaLagTimeMaxMs: number;
}

/**
 * ISR에서 뺄 팔로워들. Kafka `Partition.getOutOfSyncReplicas`: 리더의 LEO와 같지 않고, 마지막으로 따라잡은 지
 * `replica.lag.time.max.ms`가 지난 팔로워입니다. 멈춘 팔로워(Fetch가 오지 않음)와 느린 팔로워(오지만 못 따라옴)를
 * 한 규칙으로 잡습니다. AlterPartition이 진행 중이면 아무도 빼지 않습니다 (답을 보고 다시 셉니다).
 */
export function outOfSyncReplicas(input: ShrinkInput): number[] {
  if (input.inflight) return [];
  return input.isr.filter((id) => {
    if (id === input.localBrokerId) return false;
    const follower = input.followers.find((f) => f.brokerId === id);
    return !follower || !isCaughtUp(follower, input.leaderLogEndOffset, input.nowMs, input.replicaLagTimeMaxMs);
  });
}

export interface ExpandInput {
  readonly follower: FollowerPosition;
  /** 커밋된 ISR */
  readonly isr: readonly number[];
  readonly inflight: boolean;
  readonly eligible: boolean;
  readonly highWatermark: number;
  /** 이 리더의 에포크가 시작된 오프셋 (리더가 된 순간의 LEO). 리더가 아니면 null. */
  readonly leaderEpochStartOffset: number | null;
}

/**
 * 팔로워를 ISR에 넣자고 제안할까. Kafka `Partition.needsExpandIsr` / `isFollowerInSync`: 아직 ISR 밖이고, 자격이
 * 있고, LEO가 하이 워터마크 이상이며 **이 리더 에포크의 시작 오프셋 이상**이어야 합니다. 뒤 조건이 없으면 리더의
 * 하이 워터마크와 LEO 사이에 커밋된 레코드가 있을 때(리더가 막 바뀐 직후), 그것을 아직 받지 못한 팔로워가 ISR에
 * 들었다가 리더가 되어 커밋된 레코드를 잃을 수 있습니다.
 */
export function needsExpandIsr(input: ExpandInput): boolean {
  if (input.inflight || input.isr.includes(input.follower.brokerId) || !input.eligible) return false;
  const leo = input.follower.logEndOffset;
  return leo >= input.highWatermark && input.leaderEpochStartOffset !== null && leo >= input.leaderEpochStartOffset;
}

// ---------------------------------------------------------------------------------------------
// (c) acks=all 완료 규칙 (리더)
// ---------------------------------------------------------------------------------------------

export interface AcksAllInput {
  /** 이 쓰기의 마지막 오프셋 + 1 */
  readonly requiredOffset: number;
  readonly highWatermark: number;
  /** 최대 ISR의 크기 */
  readonly maximalIsrSize: number;
  /** `effectiveMinIsr`의 값 */
  readonly minIsr: number;
}

/**
 * acks=all 쓰기가 끝났는가. Kafka `Partition.checkEnoughReplicasReachOffset`:
 *
 *   하이 워터마크 < requiredOffset          아직 (ISR 가운데 누군가 배치를 갖지 않았습니다)
 *   하이 워터마크 ≥ requiredOffset, ISR ≥ 최소   끝: 성공
 *   하이 워터마크 ≥ requiredOffset, ISR < 최소   끝: NOT_ENOUGH_REPLICAS_AFTER_APPEND
 *
 * 마지막 줄은 "쓰기 전에는 ISR이 충분했는데, 기다리는 사이 ISR이 줄었다"입니다. 레코드는 로그에 있지만 약속한
 * 만큼의 복제본에 있다고 말할 수 없으니, 프로듀서는 다시 보냅니다 (멱등 프로듀서면 중복 없이).
 * 쓰기 전의 검사(ISR < 최소면 NOT_ENOUGH_REPLICAS로 아예 쓰지 않음)는 5장의 `enoughReplicasError`입니다.
 */
export function checkEnoughReplicasReachOffset(
  input: AcksAllInput,
): Result<{ complete: boolean }, typeof ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND> {
  if (input.highWatermark < input.requiredOffset) return ok({ complete: false });
  if (input.maximalIsrSize < input.minIsr) return err(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
  return ok({ complete: true });
}

// ---------------------------------------------------------------------------------------------
// (d) 리더 에포크와 잘라 내기 (KIP-101, KIP-279)
// ---------------------------------------------------------------------------------------------

/** 리더 에포크 캐시의 항목: 이 에포크의 리더가 쓴 첫 오프셋. Kafka `EpochEntry`. */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/**
 * 요청한 에포크 이하의 가장 큰 에포크와 그 에포크의 끝 오프셋 (= 다음 에포크의 시작, 마지막 에포크면 LEO).
 * Kafka `LeaderEpochFileCache.endOffsetFor`. `entries`는 에포크 순입니다.
 *
 *   요청 에포크가 -1                       (-1, -1): 모름
 *   요청 에포크 = 마지막 에포크             (그 에포크, LEO)
 *   요청 에포크보다 큰 에포크가 없음         (-1, -1): 리더의 캐시는 언제나 가장 큰 에포크를 가지므로 생기지 않아야 합니다
 *   요청 에포크 이하의 에포크가 없음         (요청 에포크, 첫 에포크의 시작): 그 앞은 이미 지워졌습니다
 *   그 밖                                   (요청 이하의 가장 큰 에포크, 요청보다 큰 첫 에포크의 시작)
 */
export function endOffsetForEpoch(
  entries: readonly EpochEntry[],
  requestedEpoch: number,
  logEndOffset: number,
): OffsetAndEpoch {
  const undefinedAnswer = { epoch: UNDEFINED_EPOCH, offset: UNDEFINED_EPOCH_OFFSET };
  if (requestedEpoch === UNDEFINED_EPOCH) return undefinedAnswer;
  const latest = entries.at(-1);
  if (latest && latest.epoch === requestedEpoch) return { epoch: requestedEpoch, offset: logEndOffset };
  const higher = entries.find((e) => e.epoch > requestedEpoch);
  if (!higher) return undefinedAnswer;
  const floor = entries.findLast((e) => e.epoch <= requestedEpoch);
  return { epoch: floor ? floor.epoch : requestedEpoch, offset: higher.startOffset };
}

export interface FollowerFetchPosition {
  readonly fetchOffset: number;
  /** 팔로워 로그의 마지막 배치의 에포크 (Fetch v12+의 lastFetchedEpoch) */
  readonly lastFetchedEpoch: number;
}

/**
 * 리더가 팔로워의 Fetch 위치를 자기 로그와 맞춰 봅니다. Kafka `Partition.readRecords`의 lastFetchedEpoch 갈래.
 * `leaderEndOfEpoch`는 리더의 `endOffsetForEpoch(lastFetchedEpoch)`입니다.
 *
 *   리더도 그 에포크의 끝을 모름               OFFSET_OUT_OF_RANGE
 *   fetchOffset < 로그 시작                     OFFSET_OUT_OF_RANGE (갈라졌든 아니든)
 *   리더의 그 에포크가 더 작거나, 끝이 fetchOffset보다 앞   갈라짐: 레코드 대신 divergingEpoch = (에포크, 끝)
 *   그 밖                                       맞음: 그대로 읽어 갑니다
 */
export function checkFetchPosition(
  fetch: FollowerFetchPosition,
  leaderEndOfEpoch: OffsetAndEpoch,
  logStartOffset: number,
): Result<{ divergingEpoch: OffsetAndEpoch | null }, typeof ErrorCode.OFFSET_OUT_OF_RANGE> {
  if (leaderEndOfEpoch.offset === UNDEFINED_EPOCH_OFFSET || leaderEndOfEpoch.epoch === UNDEFINED_EPOCH) {
    return err(ErrorCode.OFFSET_OUT_OF_RANGE);
  }
  if (fetch.fetchOffset < logStartOffset) return err(ErrorCode.OFFSET_OUT_OF_RANGE);
  if (leaderEndOfEpoch.epoch < fetch.lastFetchedEpoch || leaderEndOfEpoch.offset < fetch.fetchOffset) {
    return ok({ divergingEpoch: leaderEndOfEpoch });
  }
  return ok({ divergingEpoch: null });
}

/** 팔로워가 잘라 낼 자리. 다 정했으면 `truncationCompleted`, 아니면 잘라 낸 뒤 한 번 더 리더에게 묻습니다. */
export interface TruncationState {
  readonly offset: number;
  readonly truncationCompleted: boolean;
}

export interface FollowerLog {
  /** 팔로워 자기 캐시에서 `endOffsetForEpoch(리더가 답한 에포크)`. 캐시가 비었으면 null. */
  readonly localEndOfEpoch: OffsetAndEpoch | null;
  readonly logEndOffset: number;
  /** 지금 Fetch하려던 오프셋 (리더가 끝을 모른다고 답하면 여기까지 자릅니다: 보통 하이 워터마크) */
  readonly fetchOffset: number;
}

/**
 * 리더가 갈라졌다고 답한 (에포크, 끝 오프셋)을 받은 팔로워가 잘라 낼 자리. Kafka
 * `AbstractFetcherThread.getOffsetTruncationState` (KIP-279):
 *
 *   리더가 끝을 모름(-1)                     fetchOffset까지, 끝
 *   리더가 에포크를 모름(-1)                  min(리더의 끝, 내 LEO), 끝
 *   내 캐시가 비었음                          min(리더의 끝, 내 LEO), 끝
 *   내 캐시에 그 에포크가 없음                min(내가 아는 그 앞 에포크의 끝, 내 LEO), 한 번 더 묻기
 *   내 캐시에도 그 에포크가 있음              min(내 끝, 리더의 끝, 내 LEO), 끝
 *
 * 넷째 줄이 KIP-279의 고침입니다: 리더가 잇따라 바뀌면 팔로워가 모르는 에포크가 답으로 올 수 있는데, 그때 리더의
 * 끝으로 바로 자르면 팔로워가 가진 다른 에포크의 레코드가 남아 복제본끼리 로그가 달라집니다.
 */
export function followerTruncationState(leaderAnswer: OffsetAndEpoch, follower: FollowerLog): TruncationState {
  const { logEndOffset } = follower;
  if (leaderAnswer.offset === UNDEFINED_EPOCH_OFFSET) {
    return { offset: follower.fetchOffset, truncationCompleted: true };
  }
  const local = follower.localEndOfEpoch;
  if (leaderAnswer.epoch === UNDEFINED_EPOCH || local === null) {
    return { offset: Math.min(leaderAnswer.offset, logEndOffset), truncationCompleted: true };
  }
  if (local.epoch !== leaderAnswer.epoch) {
    return { offset: Math.min(local.offset, logEndOffset), truncationCompleted: false };
  }
  return { offset: Math.min(local.offset, leaderAnswer.offset, logEndOffset), truncationCompleted: true };
}

// ---------------------------------------------------------------------------------------------
// 리더 에포크 검사 (Fetch, ListOffsets, OffsetForLeaderEpoch의 currentLeaderEpoch)
// ---------------------------------------------------------------------------------------------

/**
 * 요청이 알고 있는 리더 에포크와 이 복제본의 에포크를 맞춰 봅니다. Kafka `Partition.checkCurrentLeaderEpoch` (KIP-320):
 * -1은 "모름"이라 검사하지 않고, 요청이 옛것이면 FENCED_LEADER_EPOCH(클라이언트가 메타데이터를 새로 받습니다),
 * 요청이 더 새것이면 UNKNOWN_LEADER_EPOCH(이 브로커가 아직 새 메타데이터를 받지 못했습니다: 잠시 뒤 다시).
 */
export function checkCurrentLeaderEpoch(
  requestEpoch: number,
  localEpoch: number,
): Result<object, typeof ErrorCode.FENCED_LEADER_EPOCH | typeof ErrorCode.UNKNOWN_LEADER_EPOCH> {
  if (requestEpoch === -1 || requestEpoch === localEpoch) return OK;
  return err(requestEpoch < localEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH);
}
