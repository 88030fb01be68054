/**
 * 레플리카 관리자(Replica Manager): 이 브로커가 가진 파티션 복제본들을 맡습니다. Produce는 여기서
 * 리더 로그에 쓰고, Fetch는 여기서 읽습니다. 메타데이터가 바뀌면(토픽 생성·삭제) 로그를 만들고 지웁니다.
 *
 * 하이 워터마크(High Watermark): 컨슈머가 읽을 수 있는 끝입니다. ISR의 모든 복제본이 가진 데까지만
 * 보여 주어야, 리더가 바뀌어도 읽었던 레코드가 사라지지 않습니다. 지금은 복제본이 리더 하나뿐이라
 * 하이 워터마크가 곧 로그 끝 오프셋입니다 (6장에서 팔로워가 생깁니다).
 *
 * 마지막 안정 오프셋(LSO, Last Stable Offset): read_committed 컨슈머가 읽을 수 있는 끝입니다. 아직 마커가 오지 않은
 * 트랜잭션이 있으면 그 첫 오프셋에서 멈춥니다. 그 트랜잭션이 커밋될지 어보트될지 아직 모르니까요 (10장).
 */
import { type ClusterMetadata, INTERNAL_TOPICS } from '../metadata/cluster-metadata.js';
import type { MetadataRecord } from '../metadata/records.js';
import { readLatestProducerSnapshot, writeProducerSnapshot } from '../producer/producer-snapshot.js';
import { type ProducerState, ProducerStateManager } from '../producer/producer-state.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { type BatchHeader, batchSize, isControl, lastOffsetOf, readBatchHeader } from '../record/batch-header.js';
import { ControlRecordType, endTxnMarkerOf } from '../record/control-record.js';
import { decodeBatch } from '../record/record-batch.js';
import type { LogConfig } from '../storage/log-config.js';
import type { LogManager } from '../storage/log-manager.js';
import { readAllBatches } from '../storage/log-reader.js';
import type { AppendOrigin } from '../storage/log-validator.js';
import type { AbortedTransaction } from '../storage/transaction-index.js';
import type { UnifiedLog } from '../storage/unified-log.js';
import type { ProduceAcks } from './delayed-produce.js';
import * as delayedProduce from './delayed-produce.js';
import type { Logger } from './logger.js';
import { Purgatory } from './purgatory.js';

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

const key = (topic: string, partition: number) => `${topic}-${partition}`;

export class ReplicaManager {
  /** 기다리는 Fetch(롱 폴링)와 acks=all Produce. 파티션에 쓰면(하이 워터마크가 움직이면) 다시 확인합니다. */
  readonly #purgatory = new Purgatory();
  /** 파티션마다 멱등 프로듀서의 시퀀스 상태. 처음 쓸 때 로그의 배치 헤더를 훑어 다시 만듭니다. */
  readonly #producerStates = new Map<string, ProducerState>();

  constructor(
    private readonly nodeId: number,
    private readonly metadata: ClusterMetadata,
    private readonly logs: LogManager,
    private readonly logConfigFor: (topic: string) => Partial<LogConfig>,
    /** 토픽의 min.insync.replicas (토픽 설정, 없으면 브로커 설정) */
    private readonly minInsyncReplicasFor: (topic: string) => number,
    private readonly log: Logger,
    /** 파티션마다 새 프로듀서 상태를 만듭니다 (5장의 테스트가 학습자의 것을 끼웁니다) */
    private readonly createProducerState: () => ProducerState = () => new ProducerStateManager(),
    /** acks=all의 판단: 쓰기 전 min.insync.replicas 검사와 응답해도 되는지 (5장의 테스트가 학습자의 것을 끼웁니다) */
    private readonly acks: ProduceAcks = delayedProduce,
  ) {}

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
    // acks=all은 ISR 모두가 가져야 성공입니다. 그 약속을 지킬 수 없으면 쓰기 전에 거절합니다.
    const isr = this.metadata.partition(topic, partition)?.isr.length ?? 0;
    const minIsr = this.minInsyncReplicasFor(topic);
    const replicasError = this.acks.enoughReplicasError(acks, isr, minIsr);
    if (replicasError !== ErrorCode.NONE) {
      return { errorCode: replicasError, errorMessage: `ISR ${isr}개가 min.insync.replicas(${minIsr})보다 적습니다` };
    }
    try {
      const header = readBatchHeader(records);
      const producers = this.#producerState(topic, partition, leader.log);
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
      if (header) this.#trackProducer(producers, leader.log, { ...header, baseOffset: info.baseOffset }, records, 0);
      // 복제본이 리더 하나뿐이라 쓰는 순간 하이 워터마크가 움직입니다: 기다리던 Fetch와 Produce를 깨웁니다.
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
   * acks=all: 쓴 파티션마다 하이 워터마크가 배치 끝을 넘을 때까지 기다립니다 (DelayedProduce). 파티션마다 ISR 모두가
   * 가졌는지를 돌려줍니다. `timeoutMs`가 지나도 못 가진 파티션은 false입니다 (응답은 REQUEST_TIMED_OUT).
   */
  async awaitAcks(
    acks: number,
    appended: readonly { topic: string; partition: number; lastOffset: number }[],
    timeoutMs: number,
  ): Promise<boolean[]> {
    // 파티션마다 "ISR 모두가 가졌는가". acks=0/1이면 쓴 것으로 끝이라 대개 한 번 세고 돌아갑니다.
    const acked = () =>
      appended.map((p) =>
        this.acks.isProduceComplete(acks, [
          {
            errorCode: ErrorCode.NONE,
            requiredOffset: p.lastOffset + 1,
            highWatermark: this.#highWatermarkOf(p.topic, p.partition),
          },
        ]),
      );
    const atOnce = acked();
    if (atOnce.every(Boolean)) return atOnce;
    await this.#purgatory.watch(
      appended.map((p) => key(p.topic, p.partition)),
      () => acked().every(Boolean),
      timeoutMs,
    );
    return acked();
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
      const highWatermark = this.highWatermark(leader.log);
      const lastStableOffset = this.lastStableOffset(topic, partition, leader.log);
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
   * LSO = min(진행 중인 트랜잭션의 가장 앞선 첫 오프셋, 하이 워터마크). DeleteRecords가 로그 시작을 열린 트랜잭션의
   * 첫 오프셋 뒤로 옮겼으면 LSO는 로그 시작에서 멈춥니다: 그 앞은 이미 읽을 수 없으니까요
   * (Kafka: `UnifiedLog.maybeIncrementFirstUnstableOffset`).
   */
  lastStableOffset(topic: string, partition: number, log: UnifiedLog): number {
    const highWatermark = this.highWatermark(log);
    const firstUnstable = this.#producerState(topic, partition, log).firstUnstableOffset();
    if (firstUnstable === null) return highWatermark;
    return Math.min(Math.max(firstUnstable, log.logStartOffset), highWatermark);
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
   */
  deleteRecords(topic: string, partition: number, offset: number): PartitionResult<{ lowWatermark: number }> {
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
    const { log } = leader;
    if (!log.config.cleanupPolicy.includes('delete')) {
      return {
        errorCode: ErrorCode.POLICY_VIOLATION,
        errorMessage: `Records of partition ${topic}-${partition} can not be deleted due to the configured policy`,
      };
    }
    const highWatermark = this.highWatermark(log);
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
      return { errorCode: ErrorCode.NONE, errorMessage: null, lowWatermark: log.logStartOffset };
    } catch (error) {
      return this.#asPartitionError(error, topic, partition);
    }
  }

  listOffset(
    topic: string,
    partition: number,
    timestamp: number,
    currentLeaderEpoch = -1,
    isolationLevel: number = IsolationLevel.READ_UNCOMMITTED,
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
    switch (timestamp) {
      case OffsetSpec.LATEST:
        // read_committed 컨슈머의 "끝"은 LSO입니다: 그 뒤는 아직 읽을 수 없으니까요.
        return found(
          isolationLevel === IsolationLevel.READ_COMMITTED
            ? this.lastStableOffset(topic, partition, log)
            : this.highWatermark(log),
        );
      case OffsetSpec.EARLIEST:
      case OffsetSpec.EARLIEST_LOCAL:
      case OffsetSpec.EARLIEST_PENDING_UPLOAD:
        return found(log.logStartOffset);
      case OffsetSpec.MAX_TIMESTAMP: {
        const max = log.offsetOfMaxTimestamp();
        return max ? found(max.offset, max.timestamp) : found(-1);
      }
      default: {
        // 그 시각 이후에 들어온 첫 레코드. 없으면 -1 (Kafka와 같음: 컨슈머는 로그 끝에서 시작합니다).
        const hit = log.offsetForTimestamp(timestamp);
        return hit && hit.offset < this.highWatermark(log) ? found(hit.offset, hit.timestamp) : found(-1);
      }
    }
  }

  highWatermark(log: UnifiedLog): number {
    return log.logEndOffset;
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

  /** 메타데이터 레코드를 보고 이 브로커가 맡을 로그를 만들거나 지웁니다. */
  applyMetadata(records: readonly MetadataRecord[]): void {
    for (const record of records) {
      if (record.type === 'PartitionRecord' && record.replicas.includes(this.nodeId)) {
        const topic = this.metadata.topicById(record.topicId);
        if (topic) this.logs.createLog(topic.name, record.partitionId, this.logConfigFor(topic.name));
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
   * 시작할 때 디스크의 로그와 메타데이터를 맞춥니다: 메타데이터에 있는데 로그가 없으면 만들고,
   * 메타데이터에 없는 토픽의 로그(꺼져 있는 동안 지워진 토픽)는 지웁니다.
   */
  reconcile(): void {
    this.#deleteStrayLogs();
    for (const topic of this.metadata.topics()) {
      for (const p of topic.partitions) {
        if (p.replicas.includes(this.nodeId))
          this.logs.createLog(topic.name, p.partitionId, this.logConfigFor(topic.name));
      }
    }
  }

  /** 메타데이터에 없는 파티션의 로그(지워진 토픽)를 지웁니다. Kafka는 이런 로그를 "stray"라고 부릅니다. */
  #deleteStrayLogs(): void {
    for (const log of this.logs.allLogs()) {
      if (this.metadata.partition(log.topic, log.partition)) continue;
      this.log.info(`메타데이터에 없는 파티션 ${log.topic}-${log.partition}의 로그를 지웁니다`);
      this.logs.deleteLog(log.topic, log.partition);
      this.#producerStates.delete(key(log.topic, log.partition));
    }
  }

  /**
   * 검사 순서 (모든 핸들러가 같습니다): 없는 토픽·파티션 → 이 브로커가 리더가 아님 → 리더 에포크가 다름.
   * currentLeaderEpoch가 -1이면 클라이언트가 에포크를 모른다는 뜻이라 검사하지 않습니다 (KIP-320).
   */
  #leaderLog(
    topic: string,
    partition: number,
    currentLeaderEpoch = -1,
  ): { log: UnifiedLog; leaderEpoch: number } | { errorCode: number; errorMessage: string | null } {
    const state = this.metadata.partition(topic, partition);
    if (!state) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
    if (state.leader !== this.nodeId) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorMessage: null };
    if (currentLeaderEpoch !== -1 && currentLeaderEpoch !== state.leaderEpoch) {
      const errorCode =
        currentLeaderEpoch < state.leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
      return { errorCode, errorMessage: null };
    }
    const log = this.logs.getLog(topic, partition);
    if (!log) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorMessage: '로그가 아직 없습니다' };
    return { log, leaderEpoch: state.leaderEpoch };
  }

  #producerState(topic: string, partition: number, log: UnifiedLog): ProducerState {
    const k = key(topic, partition);
    let state = this.#producerStates.get(k);
    if (!state) {
      // 다시 켜진 뒤 처음: 스냅숏(깨끗하게 멈출 때 적은 것)에서 시작해, 그 뒤의 배치만 훑어 시퀀스와 진행 중인
      // 트랜잭션을 되살립니다. 스냅숏이 없으면(비정상 종료 등) 로그 전체를 훑습니다.
      state = this.createProducerState();
      const snapshot = readLatestProducerSnapshot(log.dir, log.logEndOffset);
      if (snapshot) state.restore(snapshot.entries);
      for (const { bytes, position, header } of readAllBatches(log, snapshot?.offset ?? log.logStartOffset)) {
        this.#trackProducer(state, log, header, bytes, position);
      }
      this.#producerStates.set(k, state);
    }
    return state;
  }

  /**
   * 로그에 있는 배치 하나를 프로듀서 상태에 적용합니다 (쓴 직후, 그리고 다시 켜질 때 훑으며). ABORT 마커로 끝난
   * 트랜잭션은 .txnindex에 적습니다: 이미 적혀 있으면 UnifiedLog가 건너뜁니다.
   */
  #trackProducer(state: ProducerState, log: UnifiedLog, header: BatchHeader, bytes: Buffer, position: number) {
    if (!isControl(header)) {
      state.record(header, header.baseOffset);
      return;
    }
    const marker = endTxnMarkerOf(decodeBatch(bytes, position));
    if (!marker) return;
    const completed = state.recordMarker(header, header.baseOffset, marker.type === ControlRecordType.Abort);
    if (completed?.isAborted) {
      const lastStableOffset = state.firstUnstableOffset() ?? completed.lastOffset + 1;
      log.updateTxnIndex({ ...completed, lastStableOffset });
    }
  }

  #highWatermarkOf(topic: string, partition: number): number {
    const log = this.logs.getLog(topic, partition);
    return log ? this.highWatermark(log) : -1;
  }

  /** 깨끗하게 멈출 때: 파티션마다 프로듀서 상태를 스냅숏으로 적어, 다시 켜질 때 로그 전체를 훑지 않게 합니다. */
  snapshotProducerStates(): void {
    for (const log of this.logs.allLogs()) {
      const state = this.#producerStates.get(key(log.topic, log.partition));
      if (state) writeProducerSnapshot(log.dir, log.logEndOffset, state.entries());
    }
  }

  #asPartitionError(error: unknown, topic: string, partition: number): { errorCode: number; errorMessage: string } {
    if (error instanceof KafkaError) return { errorCode: error.code, errorMessage: error.message };
    // 예상하지 못한 오류(디스크 등)는 로그에 남기고, 이 파티션만 KAFKA_STORAGE_ERROR로 답합니다.
    this.log.error(`${topic}-${partition} 처리 중 오류: ${error instanceof Error ? error.stack : String(error)}`);
    return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, errorMessage: String(error) };
  }
}

/**
 * 읽은 배치들 `[fetchOffset, 마지막 배치 끝)`에 걸친 어보트 트랜잭션 (Kafka: `addAbortedTransactions`). 컨슈머는 이 목록으로
 * 그 범위 안의 어보트된 배치를 버립니다. 읽은 것이 없으면 알려 줄 것도 없습니다.
 */
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
