/**
 * 레플리카 관리자(Replica Manager): 이 브로커가 가진 파티션 복제본들을 맡습니다. Produce는 여기서
 * 리더 로그에 쓰고, Fetch는 여기서 읽습니다. 메타데이터가 바뀌면(토픽 생성·삭제) 로그를 만들고 지웁니다.
 *
 * 하이 워터마크(High Watermark): 컨슈머가 읽을 수 있는 끝입니다. ISR의 모든 복제본이 가진 데까지만
 * 보여 주어야, 리더가 바뀌어도 읽었던 레코드가 사라지지 않습니다. 값은 로그가 하나 들고(`UnifiedLog.highWatermark`,
 * `replication-offset-checkpoint`에 저장), 파티션(`../replication/partition.ts`)이 ISR의 Fetch 위치로 옮깁니다.
 * ISR이 리더 하나뿐이면 쓰는 순간 로그 끝까지 오릅니다.
 *
 * 마지막 안정 오프셋(LSO, Last Stable Offset): read_committed 컨슈머가 읽을 수 있는 끝입니다. 아직 마커가 오지 않은
 * 트랜잭션이 있으면 그 첫 오프셋에서 멈춥니다. 그 트랜잭션이 커밋될지 어보트될지 아직 모르니까요 (10장).
 */

import { type ClusterMetadata, INTERNAL_TOPICS } from '../metadata/cluster-metadata.js';
import { LeaderRecoveryState, leaderRecoveryStateOf, NO_LEADER } from '../metadata/partition-registration.js';
import type { MetadataRecord } from '../metadata/records.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import type { OffsetAndEpoch } from '../raft/types.js';
import { batchSize, isControl, lastOffsetOf, readBatchHeader } from '../record/batch-header.js';
import { endTxnMarkerOf } from '../record/control-record.js';
import { decodeBatch } from '../record/record-batch.js';
import { type AlterPartitionProposal, type FollowerFetchRequest, Partition } from '../replication/partition.js';
import type { ReplicaFetcherConfig } from '../replication/replica-fetcher.js';
import type { Result } from '../result.js';
import type { Clock } from '../runtime/clock.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { Transport } from '../runtime/transport.js';
import type { LogConfig } from '../storage/log-config.js';
import type { LogManager } from '../storage/log-manager.js';
import type { AppendOrigin } from '../storage/log-validator.js';
import type { AbortedTransaction } from '../storage/transaction-index.js';
import type { UnifiedLog } from '../storage/unified-log.js';
import { enoughReplicasError, isProduceComplete } from './delayed-produce.js';
import type { Logger } from './logger.js';
import { Purgatory } from './purgatory.js';
import { type FollowerLogPosition, type FollowerLogs, ReplicaFetcherManager } from './replica-fetcher-manager.js';

/** 파티션 하나에 대한 결과. 오류는 예외 대신 코드로 돌려줍니다. */
export type PartitionResult<T> =
  | ({ readonly errorCode: typeof ErrorCode.NONE; readonly errorMessage: null } & T)
  | { readonly errorCode: number; readonly errorMessage: string | null };

export interface AppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

export interface ReadResult {
  readonly records: Buffer;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  /** read_committed일 때 돌려준 범위에 걸친 어보트 트랜잭션 (첫 오프셋 순). read_uncommitted면 null. */
  readonly abortedTransactions: AbortedTransaction[] | null;
  /** (팔로워의 Fetch만) 팔로워의 로그가 갈라졌으면 리더 로그에서 그 에포크가 끝나는 자리 */
  readonly divergingEpoch?: OffsetAndEpoch | null;
}

/** Fetch와 ListOffsets의 isolationLevel */
export const IsolationLevel = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 } as const;

export interface ListOffsetResult {
  readonly timestamp: number;
  readonly offset: number;
  readonly leaderEpoch: number;
}

/** ListOffsets의 특별한 타임스탬프 (Kafka: ListOffsetsRequest) */
export const OffsetSpec = {
  LATEST: -1,
  EARLIEST: -2,
  MAX_TIMESTAMP: -3,
  EARLIEST_LOCAL: -4,
  EARLIEST_PENDING_UPLOAD: -5,
} as const;

/** DeleteRecords의 offset -1: 하이 워터마크까지 지웁니다 (Kafka: `DeleteRecordsRequest.HIGH_WATERMARK`) */
const DELETE_TO_HIGH_WATERMARK = -1;
/** DeleteRecords가 오류일 때의 low watermark (Kafka: `DeleteRecordsResponse.INVALID_LOW_WATERMARK`) */
const INVALID_LOW_WATERMARK = -1;

const key = (topic: string, partition: number) => `${topic}-${partition}`;

/** 활성 컨트롤러가 AlterPartition에 준 답 (파티션 하나): 커밋된 리더 에포크·파티션 에포크·ISR, 또는 오류 코드 */
export type AlterPartitionAnswer = Result<
  {
    readonly leaderEpoch: number;
    readonly partitionEpoch: number;
    readonly isr: readonly number[];
    /** 커밋된 리더의 복구 상태 (없으면 RECOVERED) */
    readonly leaderRecoveryState?: number;
  },
  number
>;

/** 여러 브로커에 걸친 복제에 쓰는 부품들. 없으면 이 브로커의 복제본은 리더 역할만 합니다 (노드 하나짜리 시험). */
export interface ReplicationParts {
  /** `replica.lag.time.max.ms` */
  readonly replicaLagTimeMaxMs: number;
  /** 이 브로커의 에포크 (팔로워 Fetch의 replicaState, AlterPartition의 ISR 항목) */
  readonly brokerEpoch: () => number;
  /** 팔로워가 리더에게 보내는 Fetch: `replica.fetch.*` 설정과 다른 브로커로 가는 전송 */
  readonly fetch: { readonly config: ReplicaFetcherConfig; readonly transport: Transport<ApiRequest, unknown> };
  /** ISR을 바꾸자는 제안을 활성 컨트롤러에게 보내고 커밋된 답을 받습니다 (Kafka `AlterPartitionManager`) */
  readonly alterPartition: (proposal: AlterPartitionProposal) => Promise<AlterPartitionAnswer>;
  /** 답이 오류라 다시 보내기 전의 대기 */
  readonly alterPartitionRetryBackoffMs: number;
}

export class ReplicaManager implements FollowerLogs {
  /** 기다리는 Fetch(롱 폴링)와 acks=all Produce. 파티션에 쓰면(하이 워터마크가 움직이면) 다시 확인합니다. */
  readonly #purgatory: Purgatory;
  /** 이 브로커가 가진 파티션 복제본들 (Kafka `allPartitions`). 처음 리더로 쓰일 때 메타데이터의 역할을 받습니다. */
  readonly #partitions = new Map<string, Partition>();
  readonly #clock: Clock;
  readonly #replication: ReplicationParts | null;
  /** 팔로워 복제본의 Fetch 루프 (Kafka `ReplicaFetcherManager`) */
  readonly #fetchers: ReplicaFetcherManager | null;

  constructor(
    private readonly nodeId: number,
    private readonly metadata: ClusterMetadata,
    private readonly logs: LogManager,
    private readonly logConfigFor: (topic: string) => Partial<LogConfig>,
    /** 토픽의 min.insync.replicas (토픽 설정, 없으면 브로커 설정) */
    private readonly minInsyncReplicasFor: (topic: string) => number,
    private readonly log: Logger,
    clock: Clock,
    replication: ReplicationParts | null = null,
  ) {
    this.#purgatory = new Purgatory(clock);
    this.#clock = clock;
    this.#replication = replication;
    this.#fetchers = replication
      ? new ReplicaFetcherManager({
          localBrokerId: nodeId,
          config: replication.fetch.config,
          clock,
          transport: replication.fetch.transport,
          brokerEpoch: replication.brokerEpoch,
          logs: this,
          logger: log,
        })
      : null;
  }

  /**
   * 리더 로그에 배치를 씁니다. Produce의 파티션 하나(`client`), 또는 코디네이터가 내부 토픽에 쓰는 레코드
   * (`coordinator`: `__consumer_offsets`의 오프셋 커밋 등).
   */
  appendRecords(
    topic: string,
    partition: number,
    records: Buffer,
    origin: Exclude<AppendOrigin, 'replication'> = 'client',
    acks = 1,
  ): PartitionResult<AppendResult> {
    const leader = this.#leaderLog(topic, partition);
    if ('errorCode' in leader) return leader;
    // acks=all은 ISR 모두가 가져야 성공입니다. 그 약속을 지킬 수 없으면 쓰기 전에 거절합니다 (Kafka
    // `Partition.appendRecordsToLeader`: 리더가 아는 커밋된 ISR을 `effectiveMinIsr`, 곧 min(min.insync.replicas,
    // 복제본 수)와 견줍니다. 그래서 복제 계수 1인 토픽은 min.insync.replicas가 얼마든 acks=all을 받습니다).
    const isr = leader.partition.isr.length;
    const replicasError = enoughReplicasError(
      acks,
      isr,
      this.minInsyncReplicasFor(topic),
      leader.partition.replicas.length,
    );
    if (replicasError !== ErrorCode.NONE) {
      return {
        errorCode: replicasError,
        errorMessage: `ISR ${isr}개가 최소 ISR(${leader.partition.minIsr})보다 적습니다`,
      };
    }
    try {
      const header = readBatchHeader(records);
      const producers = leader.log.producerStateManager;
      // 멱등 프로듀서의 재전송이면 다시 쓰지 않고 처음 받았던 오프셋을 돌려줍니다 (Produce는 배치가 하나입니다).
      const sequence = header && origin === 'client' ? producers.check(header) : ({ kind: 'append' } as const);
      if (sequence.kind === 'error') return { errorCode: sequence.errorCode, errorMessage: sequence.message };
      // 코디네이터가 쓰는 배치(마커, 트랜잭션 오프셋 커밋)는 시퀀스가 없어 에포크만 봅니다: 막힌 좀비의 TxnOffsetCommit이
      // 새 에포크의 트랜잭션에 섞여 커밋되지 않게 합니다 (Kafka도 코디네이터 쓰기의 에포크는 검사합니다).
      const known = header && header.producerId >= 0 ? producers.entry(header.producerId) : undefined;
      if (header && known && header.producerEpoch < known.epoch) {
        return {
          errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
          errorMessage: `에포크 ${header.producerEpoch}는 지금 에포크 ${known.epoch}보다 옛것입니다`,
        };
      }
      // 마커는 코디네이터 에포크도 봅니다 (ProducerAppendInfo.appendEndTxnMarker): 옛 코디네이터의 마커는 거절합니다.
      const marker = header && isControl(header) ? endTxnMarkerOf(decodeBatch(records, 0)) : null;
      const fenced = header && marker && producers.checkMarker(header.producerId, marker.coordinatorEpoch);
      if (fenced) return { errorCode: fenced.errorCode, errorMessage: fenced.message };
      if (sequence.kind === 'duplicate') {
        return {
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          baseOffset: sequence.batch.firstOffset,
          lastOffset: sequence.batch.lastOffset,
          logAppendTimeMs: -1,
          logStartOffset: leader.log.logStartOffset,
        };
      }
      const info = leader.log.appendAsLeader(records, leader.leaderEpoch, origin);
      // ISR이 리더 하나뿐이면 여기서 하이 워터마크가 로그 끝까지 오릅니다. 새 데이터를 기다리던 Fetch도 깨웁니다.
      leader.partition.maybeIncrementLeaderHW(this.#clock.now());
      this.#purgatory.checkAndComplete(key(topic, partition));
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        baseOffset: info.baseOffset,
        lastOffset: info.lastOffset,
        logAppendTimeMs: info.logAppendTimeMs,
        logStartOffset: info.logStartOffset,
      };
    } catch (error) {
      return this.#asPartitionError(error, topic, partition);
    }
  }

  /**
   * acks=all: 쓴 파티션마다 하이 워터마크가 배치 끝을 넘을 때까지 기다립니다 (Kafka `DelayedProduce`). 파티션마다 답할
   * 오류 코드를 돌려줍니다. 파티션의 상태는 `Partition.checkEnoughReplicasReachOffset`이 셉니다:
   *
   *   하이 워터마크가 배치 끝에 닿았고 최대 ISR ≥ 최소 ISR     NONE
   *   닿았지만 기다리는 사이 ISR이 최소 아래로 줄었음          NOT_ENOUGH_REPLICAS_AFTER_APPEND
   *   이 브로커가 더는 리더가 아님                            NOT_LEADER_OR_FOLLOWER
   *   `timeoutMs` 안에 닿지 못함                              REQUEST_TIMED_OUT
   *
   * 하이 워터마크가 움직이거나(팔로워의 Fetch, ISR 변경) 리더가 바뀔 때마다 퍼거토리가 다시 셉니다.
   */
  async awaitAcks(
    acks: number,
    appended: readonly { topic: string; partition: number; lastOffset: number }[],
    timeoutMs: number,
  ): Promise<number[]> {
    const statuses = () =>
      appended.map((p) => {
        const requiredOffset = p.lastOffset + 1;
        const partition = this.#partitions.get(key(p.topic, p.partition));
        const checked = partition?.checkEnoughReplicasReachOffset(requiredOffset);
        const errorCode = !checked ? ErrorCode.NOT_LEADER_OR_FOLLOWER : checked.ok ? ErrorCode.NONE : checked.error;
        return { errorCode, requiredOffset, highWatermark: partition?.highWatermark ?? -1 };
      });
    // 5장의 규칙: acks=0/1이면 쓴 것으로 끝, acks=all이면 파티션마다 오류로 끝났거나 하이 워터마크가 닿았어야 합니다.
    const done = () => isProduceComplete(acks, statuses());
    if (!done()) {
      await this.#purgatory.watch(
        appended.map((p) => key(p.topic, p.partition)),
        done,
        timeoutMs,
      );
    }
    if (acks !== -1) return appended.map(() => ErrorCode.NONE);
    return statuses().map((s) =>
      s.errorCode !== ErrorCode.NONE
        ? s.errorCode
        : s.highWatermark >= s.requiredOffset
          ? ErrorCode.NONE
          : ErrorCode.REQUEST_TIMED_OUT,
    );
  }

  /**
   * 코디네이터 쓰기의 acks=all (Kafka: 코디네이터는 내부 토픽에 `requiredAcks = -1`로 씁니다): 이 파티션에 지금까지 쓴
   * 것(로그 끝까지)을 ISR 모두가 가질 때까지 기다립니다. 코디네이터 쓰기는 동기라, 부르는 순간의 로그 끝에 방금 쓴 레코드가
   * 들어 있습니다. 이 브로커가 리더가 아니면 NOT_LEADER_OR_FOLLOWER.
   */
  async awaitReplicated(topic: string, partition: number, timeoutMs: number): Promise<number> {
    const replica = this.#partitions.get(key(topic, partition));
    if (!replica?.isLeader) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
    const [errorCode = ErrorCode.NONE] = await this.awaitAcks(
      -1,
      [{ topic, partition, lastOffset: replica.log.logEndOffset - 1 }],
      timeoutMs,
    );
    return errorCode;
  }

  /**
   * 리더 로그에서 읽습니다. Fetch의 파티션 하나. 읽는 끝은 read_uncommitted면 하이 워터마크, read_committed면
   * LSO입니다. read_committed에는 돌려준 범위에 걸친 어보트 트랜잭션도 함께 줍니다 (.txnindex에서).
   */
  read(
    topic: string,
    partition: number,
    fetchOffset: number,
    maxBytes: number,
    minOneMessage: boolean,
    currentLeaderEpoch = -1,
    isolationLevel: number = IsolationLevel.READ_UNCOMMITTED,
  ): PartitionResult<ReadResult> {
    const leader = this.#leaderLog(topic, partition, currentLeaderEpoch);
    if ('errorCode' in leader) return leader;
    try {
      const highWatermark = leader.log.highWatermark;
      const lastStableOffset = leader.log.lastStableOffset;
      const committed = isolationLevel === IsolationLevel.READ_COMMITTED;
      const info = leader.log.read(fetchOffset, maxBytes, minOneMessage, committed ? lastStableOffset : highWatermark);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        records: info.records,
        highWatermark,
        lastStableOffset,
        logStartOffset: info.logStartOffset,
        abortedTransactions: committed ? abortedTransactionsIn(leader.log, fetchOffset, info.records) : null,
      };
    } catch (error) {
      return this.#asPartitionError(error, topic, partition);
    }
  }

  /**
   * 팔로워의 Fetch (replicaId ≥ 0). 없는 토픽·파티션과 로그가 없는 경우를 거른 뒤 `Partition.fetchRecordsForFollower`에
   * 맡깁니다: 리더 에포크 → 리더인지 → 복제본인지 → 갈라졌는지(divergingEpoch) → 읽고 팔로워 위치 적기.
   * 그 Fetch로 팔로워가 ISR에 들 만해졌으면 AlterPartition 제안을 활성 컨트롤러에게 보냅니다.
   */
  readForFollower(topic: string, partition: number, fetch: FollowerFetchRequest): PartitionResult<ReadResult> {
    const leader = this.#leaderLog(topic, partition);
    if ('errorCode' in leader) return leader;
    try {
      const result = leader.partition.fetchRecordsForFollower(fetch, this.#clock.now());
      if (!result.ok) return { errorCode: result.error, errorMessage: result.message ?? null };
      if (result.alterPartition) this.#submitAlterPartition(leader.partition, result.alterPartition);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        records: result.records,
        highWatermark: result.highWatermark,
        lastStableOffset: result.lastStableOffset,
        logStartOffset: result.logStartOffset,
        abortedTransactions: null,
        divergingEpoch: result.divergingEpoch,
      };
    } catch (error) {
      return this.#asPartitionError(error, topic, partition);
    }
  }

  /**
   * OffsetForLeaderEpoch의 파티션 하나 (Kafka `ReplicaManager.lastOffsetForLeaderEpoch`): 없는 파티션은
   * UNKNOWN_TOPIC_OR_PARTITION, 이 브로커가 리더가 아니면 NOT_LEADER_OR_FOLLOWER, 그 밖은 `Partition.lastOffsetForLeaderEpoch`.
   */
  lastOffsetForLeaderEpoch(
    topic: string,
    partition: number,
    currentLeaderEpoch: number,
    leaderEpoch: number,
  ): PartitionResult<OffsetAndEpoch> {
    if (!this.metadata.partition(topic, partition)) {
      return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
    }
    const replica = this.#applyPartitionState(topic, partition);
    if (!replica) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorMessage: null };
    const result = replica.lastOffsetForLeaderEpoch(currentLeaderEpoch, leaderEpoch);
    if (!result.ok) return { errorCode: result.error, errorMessage: null };
    return { errorCode: ErrorCode.NONE, errorMessage: null, epoch: result.epoch, offset: result.offset };
  }

  /**
   * DeleteRecords의 파티션 하나: 로그 시작 오프셋을 `offset`으로 옮기고, 옮긴 뒤의 로그 시작(low watermark)을
   * 돌려줍니다. Kafka의 `ReplicaManager.deleteRecordsOnLocalLog` → `Partition.deleteRecordsOnLeader` →
   * `UnifiedLog.maybeIncrementLogStartOffset`를 이 순서로 따릅니다:
   *
   *   없는 토픽·파티션        → UNKNOWN_TOPIC_OR_PARTITION (KafkaApis가 메타데이터로 먼저 거릅니다)
   *   내부 토픽               → INVALID_TOPIC_EXCEPTION (`__consumer_offsets`의 커밋을 지우면 안 되니까요)
   *   이 브로커가 리더가 아님  → NOT_LEADER_OR_FOLLOWER
   *   cleanup.policy에 delete가 없음 → POLICY_VIOLATION (압축 토픽은 키마다 마지막 값을 지켜야 합니다)
   *   offset이 -1             → 하이 워터마크까지 지웁니다
   *   음수, 또는 하이 워터마크 뒤 → OFFSET_OUT_OF_RANGE
   *   지금 로그 시작보다 앞    → 아무것도 하지 않고 지금 로그 시작을 돌려줍니다 (오류 아님)
   *
   * 로그 시작 앞의 세그먼트 파일은 여기서 지우지 않고, 다음 보존 검사(`log.retention.check.interval.ms`)가 지웁니다
   * (Kafka: `deleteLogStartOffsetBreachedSegments`). 옮긴 로그 시작은 답하기 전에 `log-start-offset-checkpoint`에
   * 적습니다. Kafka는 이 파일을 주기적으로만 쓰고 나머지 복제본에 기대지만, 복제본이 하나뿐인 브로커는 그 사이에
   * 죽으면 지운 레코드가 되살아나므로 곧바로 씁니다.
   *
   * 돌려주는 `lowWatermark`는 리더의 새 로그 시작이 아니라 살아 있는 모든 복제본의 로그 시작 가운데 가장 작은 것이고
   * (`Partition.lowWatermarkIfLeader`), `requiredOffset`은 지우라고 한 자리(-1이면 그때의 하이 워터마크)입니다.
   * 팔로워가 따라 지우기를 기다리는 일은 `awaitLowWatermarks`가 합니다.
   */
  deleteRecords(
    topic: string,
    partition: number,
    offset: number,
  ): PartitionResult<{ lowWatermark: number; requiredOffset: number }> {
    if (!this.metadata.partition(topic, partition)) {
      return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
    }
    if (INTERNAL_TOPICS.has(topic)) {
      return {
        errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
        errorMessage: `Cannot delete records of internal topic ${topic}`,
      };
    }
    const leader = this.#leaderLog(topic, partition);
    if ('errorCode' in leader) return leader;
    const { log, partition: replica } = leader;
    if (!log.config.cleanupPolicy.includes('delete')) {
      return {
        errorCode: ErrorCode.POLICY_VIOLATION,
        errorMessage: `Records of partition ${topic}-${partition} can not be deleted due to the configured policy`,
      };
    }
    const highWatermark = log.highWatermark;
    const target = offset === DELETE_TO_HIGH_WATERMARK ? highWatermark : offset;
    if (target < 0) {
      return {
        errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
        errorMessage: `The offset ${target} for partition ${topic}-${partition} is not valid`,
      };
    }
    try {
      if (log.maybeIncrementLogStartOffset(target, highWatermark)) {
        this.logs.checkpointLogStartOffsets();
        this.log.info(`DeleteRecords: ${topic}-${partition}의 로그 시작 오프셋을 ${target}(으)로 옮겼습니다`);
      }
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        lowWatermark: replica.lowWatermarkIfLeader(),
        requiredOffset: target,
      };
    } catch (error) {
      return this.#asPartitionError(error, topic, partition);
    }
  }

  /**
   * DeleteRecords의 기다림 (Kafka `DelayedDeleteRecords`): 지운 파티션마다 low watermark가 `requiredOffset`에 닿을
   * 때까지, 곧 살아 있는 팔로워들도 그 앞을 지웠다고 Fetch로 알려 올 때까지 기다립니다. 파티션마다의 답:
   *
   *   `deleteRecords`가 오류였음   그 오류 (low watermark -1)
   *   low watermark가 닿음        NONE과 그 low watermark
   *   이 브로커가 더는 리더가 아님  NOT_LEADER_OR_FOLLOWER (low watermark -1)
   *   `timeoutMs` 안에 닿지 못함   REQUEST_TIMED_OUT과 지운 직후의 low watermark
   *
   * 리더의 로그 시작은 이미 옮겼으니, 시간이 다 되어도 지운 레코드는 읽을 수 없습니다. 팔로워는 다음 Fetch 응답의
   * logStartOffset을 보고 따라 지웁니다. 복제본이 리더 하나뿐이면 기다릴 것이 없습니다.
   */
  async awaitLowWatermarks(
    deleted: readonly {
      topic: string;
      partition: number;
      result: PartitionResult<{ lowWatermark: number; requiredOffset: number }>;
    }[],
    timeoutMs: number,
  ): Promise<{ errorCode: number; lowWatermark: number }[]> {
    const statuses = () =>
      deleted.map(({ topic, partition, result }) => {
        if (!('requiredOffset' in result)) return { errorCode: result.errorCode, lowWatermark: INVALID_LOW_WATERMARK };
        const replica = this.#partitions.get(key(topic, partition));
        if (!replica?.isLeader) {
          return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, lowWatermark: INVALID_LOW_WATERMARK };
        }
        const lowWatermark = replica.lowWatermarkIfLeader();
        return lowWatermark >= result.requiredOffset
          ? { errorCode: ErrorCode.NONE, lowWatermark }
          : { errorCode: ErrorCode.REQUEST_TIMED_OUT, lowWatermark: result.lowWatermark };
      });
    const done = () => statuses().every((s) => s.errorCode !== ErrorCode.REQUEST_TIMED_OUT);
    if (!done()) {
      await this.#purgatory.watch(
        deleted.map((d) => key(d.topic, d.partition)),
        done,
        timeoutMs,
      );
    }
    return statuses();
  }

  /**
   * ListOffsets의 파티션 하나. 리더만 답합니다. `isolationLevel`이 null이면 묻는 쪽은 팔로워 복제본입니다
   * (replicaId ≥ 0): 복제본에게 "최신"은 로그 끝입니다.
   */
  listOffset(
    topic: string,
    partition: number,
    timestamp: number,
    currentLeaderEpoch = -1,
    isolationLevel: number | null = IsolationLevel.READ_UNCOMMITTED,
  ): PartitionResult<ListOffsetResult> {
    const leader = this.#leaderLog(topic, partition, currentLeaderEpoch);
    if ('errorCode' in leader) return leader;
    const { log, leaderEpoch } = leader;
    const found = (offset: number, ts = -1) => ({
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      offset,
      timestamp: ts,
      leaderEpoch,
    });
    // 읽을 수 있는 끝 (Kafka `Partition.fetchOffsetForTimestamp`의 lastFetchableOffset): read_committed 컨슈머는 LSO,
    // read_uncommitted 컨슈머는 하이 워터마크, 복제본(isolationLevel 없음)은 로그 끝.
    const lastFetchableOffset =
      isolationLevel === null
        ? log.logEndOffset
        : isolationLevel === IsolationLevel.READ_COMMITTED
          ? log.lastStableOffset
          : log.highWatermark;
    // 막 뽑힌 리더는 팔로워였을 때 받아 둔 하이 워터마크로 시작하므로, 옛 리더가 이미 성공을 알린 레코드보다 뒤에 있을 수
    // 있습니다. 하이 워터마크가 이 에포크의 시작(뽑혔을 때의 로그 끝)에 닿기 전까지 컨슈머에게는 "최신"과 그 너머를
    // 말하지 않고 OFFSET_NOT_AVAILABLE로 답합니다: 그래야 컨슈머가 줄어든 끝을 믿고 lag이나 시작 위치를 잘못 잡지 않습니다
    // (Kafka `Partition.fetchOffsetForTimestamp`의 maybeOffsetsError, `ReplicaManager.fetchOffset`).
    const epochStart = leader.partition.leaderEpochStartOffset;
    const lagging = isolationLevel !== null && epochStart !== null && epochStart > log.highWatermark;
    const notAvailable = {
      errorCode: ErrorCode.OFFSET_NOT_AVAILABLE,
      errorMessage: `하이 워터마크 ${log.highWatermark}가 이 리더 에포크의 시작 ${epochStart}에 아직 닿지 않았습니다`,
    };
    // 찾은 레코드가 읽을 수 있는 끝 너머면 -1 (컨슈머는 로그 끝에서 시작합니다), 새 리더가 뒤처진 동안이면 오류.
    const withinFetchable = (hit: { offset: number; timestamp: number } | null) =>
      hit && hit.offset < lastFetchableOffset ? found(hit.offset, hit.timestamp) : lagging ? notAvailable : found(-1);
    switch (timestamp) {
      case OffsetSpec.LATEST:
        return lagging ? notAvailable : found(lastFetchableOffset);
      case OffsetSpec.EARLIEST:
      case OffsetSpec.EARLIEST_LOCAL:
      case OffsetSpec.EARLIEST_PENDING_UPLOAD:
        return found(log.logStartOffset);
      case OffsetSpec.MAX_TIMESTAMP:
        return withinFetchable(log.offsetOfMaxTimestamp());
      default:
        // 그 시각 이후에 들어온 첫 레코드 (.timeindex로 찾음)
        return withinFetchable(log.offsetForTimestamp(timestamp));
    }
  }

  /**
   * 파티션 중 하나에 새 데이터가 들어오거나 `timeoutMs`가 지나면 끝나는 약속 (Fetch 롱 폴링).
   * 어느 쪽이든 부른 쪽은 다시 읽어 봅니다.
   */
  async waitForData(partitions: readonly { topic: string; partition: number }[], timeoutMs: number): Promise<void> {
    await this.#purgatory.watch(
      partitions.map((p) => key(p.topic, p.partition)),
      () => true,
      timeoutMs,
    );
  }

  /**
   * 커밋된 메타데이터 레코드를 적용합니다 (Kafka `ReplicaManager.applyDelta`): 이 브로커에 복제본이 있는 파티션이면
   * 로그를 만들고, PartitionRecord·PartitionChangeRecord가 정한 리더·리더 에포크·파티션 에포크·ISR로 역할을 받습니다
   * (`#applyPartitionState`). 재배치로 이 브로커가 복제본에 새로 들면 그때 로그를 만들어 팔로워로 Fetch를 시작하고,
   * 복제본에서 빠지면 Fetch를 멈추고 로그를 지웁니다 (Kafka `localChanges.deletes` → `stopPartitions(delete=true)`).
   * 지워진 토픽의 로그도 지웁니다.
   */
  applyMetadata(records: readonly MetadataRecord[]): void {
    for (const record of records) {
      if (record.type === 'PartitionRecord' || record.type === 'PartitionChangeRecord') {
        const topic = this.metadata.topicById(record.topicId);
        const state = topic && this.metadata.partition(topic.name, record.partitionId);
        if (!topic || !state) continue;
        if (state.replicas.includes(this.nodeId)) {
          this.logs.createLog(topic.name, record.partitionId, this.logConfigFor(topic.name));
          this.#applyPartitionState(topic.name, record.partitionId);
        } else if (this.logs.getLog(topic.name, record.partitionId)) {
          this.#stopPartition(topic.name, record.partitionId, '복제본에서 빠졌습니다');
        }
      } else if (record.type === 'RemoveTopicRecord') {
        this.#deleteStrayLogs();
      } else if (record.type === 'ConfigRecord' && record.resourceType === 'topic') {
        for (const log of this.logs.allLogs()) {
          if (log.topic === record.resourceName) log.updateConfig(this.logConfigFor(log.topic));
        }
      }
    }
  }

  /**
   * 시작할 때 디스크의 로그와 메타데이터를 맞춥니다: 메타데이터에 있는데 로그가 없으면 만들고, 메타데이터에 없는
   * 토픽의 로그(꺼져 있는 동안 지워진 토픽)는 지웁니다. 그리고 파티션마다 메타데이터가 정한 역할을 받습니다.
   */
  reconcile(): void {
    this.#deleteStrayLogs();
    for (const topic of this.metadata.topics()) {
      for (const p of topic.partitions) {
        if (!p.replicas.includes(this.nodeId)) continue;
        this.logs.createLog(topic.name, p.partitionId, this.logConfigFor(topic.name));
        this.#applyPartitionState(topic.name, p.partitionId);
      }
    }
  }

  /**
   * 팔로워 복제본이 리더의 배치를 씁니다 (Fetch 루프가 부름). 이 브로커가 그 사이 리더가 되었거나 로그가 없으면 null:
   * 루프는 그 파티션을 뺍니다.
   */
  appendAsFollower(
    topic: string,
    partition: number,
    records: Buffer,
    highWatermark: number,
    leaderLogStartOffset: number,
  ): FollowerLogPosition | null {
    const replica = this.#followerOf(topic, partition);
    if (!replica) return null;
    // 리더를 따라 옮긴 로그 시작은 곧바로 적어 둡니다: 다시 켜진 뒤 이 복제본이 리더가 되어 지운 레코드를 되살리지 않게.
    if (replica.appendRecordsToFollower(records, highWatermark, leaderLogStartOffset)) {
      this.logs.checkpointLogStartOffsets();
    }
    return positionOf(replica.log);
  }

  /** OFFSET_OUT_OF_RANGE 뒤 리더의 로그 끝까지 잘라 냅니다 (`ReplicaFetcherThread.truncate`). 팔로워가 아니면 null. */
  truncateTo(topic: string, partition: number, offset: number): FollowerLogPosition | null {
    const replica = this.#followerOf(topic, partition);
    if (!replica) return null;
    replica.truncateTo(offset);
    return positionOf(replica.log);
  }

  /** OFFSET_OUT_OF_RANGE 뒤 리더의 로그 시작에서 빈 로그로 (`ReplicaFetcherThread.truncateFullyAndStartAt`). */
  truncateFullyAndStartAt(topic: string, partition: number, offset: number): FollowerLogPosition | null {
    const replica = this.#followerOf(topic, partition);
    if (!replica) return null;
    replica.truncateFullyAndStartAt(offset);
    this.logs.checkpointLogStartOffsets();
    return positionOf(replica.log);
  }

  /** 이 브로커가 팔로워인 파티션 (로그가 바뀌지 않았을 때만) */
  #followerOf(topic: string, partition: number): Partition | null {
    const replica = this.#partitions.get(key(topic, partition));
    if (!replica || replica.isLeader || this.logs.getLog(topic, partition) !== replica.log) return null;
    return replica;
  }

  /** 리더가 divergingEpoch로 답했을 때 팔로워가 잘라 냅니다 (KIP-279). 팔로워가 아니면 null. */
  truncateOnDivergingEpoch(
    topic: string,
    partition: number,
    diverging: OffsetAndEpoch,
    fetchOffset: number,
  ): FollowerLogPosition | null {
    const replica = this.#followerOf(topic, partition);
    if (!replica) return null;
    replica.truncateOnDivergingEpoch(diverging, fetchOffset);
    return positionOf(replica.log);
  }

  /**
   * 주기 검사 (Kafka `ReplicaManager.maybeShrinkIsr`, `replica.lag.time.max.ms`의 절반마다): 리더인 파티션마다
   * 오래 따라잡지 못한 팔로워를 ISR에서 빼자고 활성 컨트롤러에게 제안합니다. 커밋된 답이 올 때까지 ISR은 그대로입니다.
   */
  maybeShrinkIsr(): void {
    const now = this.#clock.now();
    for (const partition of this.#partitions.values()) {
      const proposal = partition.maybeShrinkIsr(now);
      if (proposal) this.#submitAlterPartition(partition, proposal);
    }
  }

  /** 이 브로커가 가진 파티션 복제본 (리더든 팔로워든). 시험과 진단용. */
  partition(topic: string, partition: number): Partition | undefined {
    return this.#partitions.get(key(topic, partition));
  }

  /** 이 팔로워 복제본이 Fetch하는 리더 브로커, Fetch 루프에 없으면 null. 시험과 진단용. */
  fetchSource(topic: string, partition: number): number | null {
    return this.#fetchers?.sourceOf(topic, partition) ?? null;
  }

  /** 팔로워 Fetch 루프를 멈춥니다 (종료할 때) */
  shutdown(): void {
    this.#fetchers?.shutdown();
  }

  /**
   * ISR 변경 제안을 활성 컨트롤러에게 보내고, 답을 파티션에 넘깁니다 (Kafka `Partition.submitAlterPartition`과
   * `AlterPartitionManager`). 파티션은 커밋된 답만 따릅니다: 성공이면 컨트롤러가 커밋한 ISR과 파티션 에포크를 받고,
   * 다시 보내야 하는 오류면 같은 제안을 잠시 뒤 다시 보냅니다. 그 사이 메타데이터로 상태가 바뀌었으면 답은 버려집니다.
   */
  #submitAlterPartition(partition: Partition, proposal: AlterPartitionProposal): void {
    const replication = this.#replication;
    const where = `${partition.topic}-${partition.partition}`;
    const isr = proposal.newIsrWithEpochs.map((b) => b.brokerId).join(',');
    if (!replication) {
      this.log.info(`${where}: ISR을 [${isr}](으)로 바꾸자는 제안을 보낼 컨트롤러 채널이 없습니다`);
      return;
    }
    this.log.info(
      `${where}: ISR을 [${isr}](으)로 바꾸자고 컨트롤러에 제안합니다 (파티션 에포크 ${proposal.partitionEpoch})`,
    );
    const send = () => {
      replication.alterPartition(proposal).then(
        (answer) => {
          const { retry } = partition.handleAlterPartitionResponse(proposal, answer, this.#clock.now());
          if (answer.ok && partition.partitionState.kind === 'Committed' && partition.isr === answer.isr) {
            this.log.info(
              `${where}: ISR이 [${answer.isr.join(',')}](으)로 커밋되었습니다 (파티션 에포크 ${answer.partitionEpoch})`,
            );
          }
          this.#purgatory.checkAndComplete(key(partition.topic, partition.partition));
          if (retry) this.#clock.schedule(replication.alterPartitionRetryBackoffMs, send);
        },
        (error) => {
          this.log.error(`${where}: AlterPartition을 보내지 못했습니다`, error);
          this.#clock.schedule(replication.alterPartitionRetryBackoffMs, send);
        },
      );
    };
    send();
  }

  /**
   * 메타데이터에 없는 파티션(지워진 토픽)이나 이 브로커가 복제본이 아닌 파티션(꺼져 있는 동안 재배치로 빠짐)의 로그를
   * 지웁니다. Kafka는 이런 로그를 "stray"라고 부릅니다 (`LogManager.findStrayReplicas`).
   */
  #deleteStrayLogs(): void {
    for (const log of this.logs.allLogs()) {
      const state = this.metadata.partition(log.topic, log.partition);
      if (state?.replicas.includes(this.nodeId)) continue;
      this.#stopPartition(log.topic, log.partition, state ? '이 브로커가 복제본이 아닙니다' : '메타데이터에 없습니다');
    }
  }

  /**
   * 복제본을 멈추고 로그를 지웁니다 (Kafka `ReplicaManager.stopPartitions(deleteLocalLog = true)`): Fetch 루프에서 빼고,
   * 기다리던 Produce·Fetch를 깨워(이제 NOT_LEADER_OR_FOLLOWER나 UNKNOWN_TOPIC_OR_PARTITION) 로그를 지웁니다.
   */
  #stopPartition(topic: string, partition: number, reason: string): void {
    this.log.info(`${topic}-${partition}의 로그를 지웁니다: ${reason}`);
    this.#fetchers?.removePartition(topic, partition);
    this.logs.deleteLog(topic, partition);
    this.#partitions.delete(key(topic, partition));
    this.#purgatory.checkAndComplete(key(topic, partition));
  }

  /**
   * 검사 순서 (모든 핸들러가 같습니다): 없는 토픽·파티션 → 이 브로커가 리더가 아님 → 리더 에포크가 다름.
   * currentLeaderEpoch가 -1이면 클라이언트가 에포크를 모른다는 뜻이라 검사하지 않습니다 (KIP-320).
   */
  #leaderLog(
    topic: string,
    partition: number,
    currentLeaderEpoch = -1,
  ):
    | { log: UnifiedLog; leaderEpoch: number; partition: Partition }
    | { errorCode: number; errorMessage: string | null } {
    const state = this.metadata.partition(topic, partition);
    if (!state) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
    if (state.leader !== this.nodeId) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorMessage: null };
    if (currentLeaderEpoch !== -1 && currentLeaderEpoch !== state.leaderEpoch) {
      const errorCode =
        currentLeaderEpoch < state.leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
      return { errorCode, errorMessage: null };
    }
    const replica = this.#applyPartitionState(topic, partition);
    if (!replica) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorMessage: '로그가 아직 없습니다' };
    return { log: replica.log, leaderEpoch: state.leaderEpoch, partition: replica };
  }

  /**
   * 메타데이터가 정한 역할을 파티션 복제본에 줍니다 (Kafka `ReplicaManager.applyLocalLeadersDelta`/`applyLocalFollowersDelta`).
   * 이미 받은 상태(같은 리더, 리더 에포크, 파티션 에포크)면 아무것도 하지 않습니다.
   *
   *   이 브로커가 리더     `Partition.makeLeader` (리더 에포크의 시작을 에포크 캐시에, 팔로워 상태를 새로, 하이 워터마크를 셈),
   *                       Fetch 루프에서 뺌
   *   다른 브로커가 리더   `Partition.makeFollower`, 그 리더의 Fetch 루프에 넣음 (리더 에포크가 그대로면 하던 대로)
   *   리더 없음(오프라인)  `makeFollower`만 하고 Fetch 루프에서 뺌
   *
   * 어느 쪽이든 이 파티션에서 기다리던 Produce·Fetch를 깨워, 리더가 아니게 된 브로커는 NOT_LEADER_OR_FOLLOWER로 답합니다.
   */
  #applyPartitionState(topic: string, partitionId: number): Partition | null {
    const state = this.metadata.partition(topic, partitionId);
    const log = this.logs.getLog(topic, partitionId);
    if (!state || !log) return null;
    const k = key(topic, partitionId);
    let replica = this.#partitions.get(k);
    if (!replica || replica.log !== log) {
      replica = new Partition({
        localBrokerId: this.nodeId,
        log,
        minInsyncReplicas: () => this.minInsyncReplicasFor(log.topic),
        replicaLagTimeMaxMs: this.#replication?.replicaLagTimeMaxMs,
        registeredBroker: (id) => {
          const broker = this.metadata.brokers.get(id);
          return broker
            ? { fenced: broker.fenced, inControlledShutdown: broker.inControlledShutdown, brokerEpoch: broker.epoch }
            : null;
        },
        localBrokerEpoch: this.#replication?.brokerEpoch,
        onHighWatermarkUpdated: () => this.#purgatory.checkAndComplete(k),
        onLowWatermarkIncremented: () => this.#purgatory.checkAndComplete(k),
      });
      this.#partitions.set(k, replica);
    }
    const applied =
      replica.leaderId === state.leader &&
      replica.leaderEpoch === state.leaderEpoch &&
      replica.partitionEpoch >= state.partitionEpoch;
    if (applied || !state.replicas.includes(this.nodeId)) return replica;
    const now = this.#clock.now();
    if (state.leader === this.nodeId) {
      this.#fetchers?.removePartition(topic, partitionId);
      if (leaderRecoveryStateOf(state) === LeaderRecoveryState.RECOVERING) {
        this.log.info(`${k}: unclean 선거로 뽑힌 리더(RECOVERING)입니다. 되살릴 것이 없으니 RECOVERED로 적습니다`);
      }
      // 복제본이 여럿일 때만 알립니다 (하나면 언제나 이 브로커가 리더입니다).
      if (replica.makeLeader(state, now) && state.replicas.length > 1) {
        this.log.info(
          `${k}: 리더가 되었습니다 (리더 에포크 ${state.leaderEpoch}, ISR [${state.isr.join(',')}], 하이 워터마크 ${log.highWatermark})`,
        );
      }
    } else {
      replica.makeFollower(state);
      const topicId = this.metadata.topic(topic)?.topicId;
      if (state.leader !== NO_LEADER && topicId) {
        this.#fetchers?.addPartition(state.leader, {
          topic,
          topicId,
          partition: partitionId,
          currentLeaderEpoch: state.leaderEpoch,
          ...fetchPositionOf(log),
        });
      } else {
        this.#fetchers?.removePartition(topic, partitionId);
      }
    }
    this.#purgatory.checkAndComplete(k);
    return replica;
  }

  /** 깨끗하게 멈출 때: 파티션마다 프로듀서 상태를 스냅숏으로 적어, 다시 켜질 때 로그 전체를 훑지 않게 합니다. */
  snapshotProducerStates(): void {
    for (const log of this.logs.allLogs()) log.takeProducerSnapshot();
  }

  #asPartitionError(error: unknown, topic: string, partition: number): { errorCode: number; errorMessage: string } {
    if (error instanceof KafkaError) return { errorCode: error.code, errorMessage: error.message };
    // 예상하지 못한 오류(디스크 등)는 로그에 남기고, 이 파티션만 KAFKA_STORAGE_ERROR로 답합니다.
    this.log.error(
      `${topic}-${partition} 처리 중 오류: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
    return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, errorMessage: String(error) };
  }
}

/**
 * 읽은 배치들 `[fetchOffset, 마지막 배치 끝)`에 걸친 어보트 트랜잭션 (Kafka: `addAbortedTransactions`). 컨슈머는 이 목록으로
 * 그 범위 안의 어보트된 배치를 버립니다. 읽은 것이 없으면 알려 줄 것도 없습니다.
 */
function positionOf(log: UnifiedLog): FollowerLogPosition {
  return { logEndOffset: log.logEndOffset, lastEpoch: log.latestEpoch ?? -1, logStartOffset: log.logStartOffset };
}

/** 팔로워가 처음 물을 자리: 자기 로그의 끝과 마지막 배치의 에포크 (KRaft 브로커는 Fetch로 갈라짐을 찾습니다) */
function fetchPositionOf(log: UnifiedLog) {
  const position = positionOf(log);
  return {
    fetchOffset: position.logEndOffset,
    lastFetchedEpoch: position.lastEpoch,
    logStartOffset: position.logStartOffset,
  };
}

function abortedTransactionsIn(log: UnifiedLog, fetchOffset: number, records: Buffer): AbortedTransaction[] {
  let upperBound: number | null = null;
  let position = 0;
  for (let header = readBatchHeader(records); header; header = readBatchHeader(records, position)) {
    upperBound = lastOffsetOf(header) + 1;
    position += batchSize(header);
  }
  if (upperBound === null) return [];
  return log
    .collectAbortedTransactions(fetchOffset, upperBound)
    .map(({ producerId, firstOffset }) => ({ producerId, firstOffset }));
}
