/**
 * 파티션 하나의 디스크 로그(Kafka: `UnifiedLog` + `LocalLog`). 디렉터리 `<topic>-<partition>` 안의
 * 세그먼트들을 baseOffset 순으로 들고, 쓰기는 마지막(활성) 세그먼트에만 합니다.
 *
 *     logStartOffset ≤ recoveryPoint ≤ logEndOffset,   logStartOffset ≤ highWatermark ≤ logEndOffset
 *
 *     logStartOffset  읽을 수 있는 첫 오프셋. 보존 정책과 DeleteRecords가 앞으로 옮깁니다.
 *     recoveryPoint   여기까지는 fsync가 끝났습니다. 비정상 종료 뒤에는 이 지점부터 복구합니다.
 *     highWatermark   컨슈머가 읽을 수 있는 끝 (6장). 복제를 시작하기 전(`startReplication`)에는 이 로그가 유일한
 *                     복제본이라 곧 로그 끝이고, 그 뒤로는 Partition이 ISR의 위치로 올립니다.
 *     logEndOffset    다음 레코드가 받을 오프셋 (LEO)
 *
 * 배치는 받은 그대로 저장합니다: 검사를 모두 통과하면 헤더의 baseOffset만 고쳐 써서 오프셋을 붙이고,
 * 바이트를 그대로 .log 끝에 붙입니다. 배치에서 나오는 상태도 로그가 함께 지킵니다: 리더 에포크 캐시
 * (`leader-epoch-cache.ts`)와 프로듀서 상태·`.txnindex`(`log-producer-state.ts`). 쓰기, 잘라 내기, 다시 켜기 모두에서.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeProducerSnapshot } from '../producer/producer-snapshot.js';
import type { ProducerStateManager } from '../producer/producer-state.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import type { OffsetAndEpoch } from '../raft/types.js';
import { readBatchHeader } from '../record/batch-header.js';
import { UNDEFINED_EPOCH_OFFSET } from '../replication/decisions.js';
import { fsyncDir } from './file-io.js';
import { LEADER_EPOCH_CHECKPOINT_FILE, LeaderEpochFileCache, readLeaderEpochCheckpoint } from './leader-epoch-cache.js';
import { DEFAULT_LOG_CONFIG, type LogConfig, resolveLogConfig } from './log-config.js';
import { CLEANED_FILE_SUFFIX, SWAP_FILE_SUFFIX } from './log-files.js';
import { floorIndex, type LoadStats, loadLog } from './log-loader.js';
import { applyBatch, loadProducerState } from './log-producer-state.js';
import { readAllBatches } from './log-reader.js';
import { LogSegment, type TimestampAndOffset } from './log-segment.js';
import { type AppendOrigin, analyzeAndValidateRecords, assignOffsets, type RecordsAnalysis } from './log-validator.js';
import { type RecordTimestampReader, readUncompressedTimestamps } from './record-timestamps.js';
import {
  type DeletePredicate,
  deletableSegments,
  logStartOffsetBreached,
  retentionMsBreached,
  retentionSizeBreached,
} from './retention.js';
import type { AbortedTxn } from './transaction-index.js';

export interface UnifiedLogOptions {
  /** 파티션 디렉터리 (`<log.dirs>/<topic>-<partition>`) */
  readonly dir: string;
  readonly topic: string;
  readonly partition: number;
  readonly config?: Partial<LogConfig>;
  /** 시계. 세그먼트를 만든 시각과 시간 기준 굴리기에 씁니다. */
  readonly now: () => number;
  readonly hadCleanShutdown?: boolean;
  readonly recoveryPointCheckpoint?: number;
  readonly logStartOffsetCheckpoint?: number;
  /** 레코드 단위 타임스탬프 읽기 (기본: 압축하지 않은 배치만) */
  readonly readTimestamps?: RecordTimestampReader;
  /** `replication-offset-checkpoint`에 적혀 있던 하이 워터마크. 복제를 시작할 때 씁니다. */
  readonly highWatermarkCheckpoint?: number;
}

/** 쓰기 결과. Produce 응답의 파티션 항목이 이 값을 씁니다. */
export interface LogAppendInfo {
  /** 이번 쓰기의 첫 오프셋 (Produce 응답의 base_offset) */
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly offsetOfMaxTimestamp: number;
  /** LogAppendTime 토픽이면 브로커가 정한 시각. CreateTime이면 −1 (Produce 응답의 log_append_time_ms) */
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
  readonly recordCount: number;
  readonly validBytes: number;
}

export interface LogReadInfo {
  /** 온전한 배치들의 바이트 (Fetch 응답의 records). 비어 있을 수 있습니다. */
  readonly records: Buffer;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** 첫 배치가 maxBytes보다 커서 담지 못했는지 */
  readonly firstEntryIncomplete: boolean;
}

export class UnifiedLog {
  readonly dir: string;
  readonly topic: string;
  readonly partition: number;
  readonly loadStats: LoadStats;
  private configValue: LogConfig;
  private readonly segments: LogSegment[];
  private nextOffset: number;
  private logStartOffsetValue: number;
  private recoveryPointValue: number;
  private readonly now: () => number;
  private readonly readTimestamps: RecordTimestampReader;
  /** 복제하는 로그인가 (`startReplication`). 아니면 하이 워터마크는 곧 로그 끝입니다. */
  private replicated = false;
  private highWatermarkValue: number;
  private readonly highWatermarkCheckpoint: number | undefined;
  /** 처음 쓸 때 만듭니다: 파일이 없으면 배치 헤더를 훑어야 하니까요 */
  private epochCache: LeaderEpochFileCache | null = null;
  private producerStateValue: ProducerStateManager | null = null;

  private constructor(options: UnifiedLogOptions) {
    this.dir = options.dir;
    this.topic = options.topic;
    this.partition = options.partition;
    this.now = options.now;
    this.readTimestamps = options.readTimestamps ?? readUncompressedTimestamps;
    this.configValue = resolveLogConfig(DEFAULT_LOG_CONFIG, options.config);
    const loaded = loadLog({
      dir: options.dir,
      config: this.configValue,
      now: options.now,
      hadCleanShutdown: options.hadCleanShutdown ?? false,
      recoveryPointCheckpoint: options.recoveryPointCheckpoint ?? 0,
      logStartOffsetCheckpoint: options.logStartOffsetCheckpoint ?? 0,
    });
    this.segments = loaded.segments;
    this.nextOffset = loaded.nextOffset;
    this.logStartOffsetValue = loaded.logStartOffset;
    this.recoveryPointValue = loaded.recoveryPoint;
    this.loadStats = loaded.stats;
    this.highWatermarkValue = this.nextOffset;
    this.highWatermarkCheckpoint = options.highWatermarkCheckpoint;
    this.checkInvariants();
  }

  /** 디렉터리를 읽어 로그를 엽니다 (없으면 만듭니다). 필요하면 복구합니다. */
  static open(options: UnifiedLogOptions): UnifiedLog {
    return new UnifiedLog(options);
  }

  get config(): LogConfig {
    return this.configValue;
  }

  /**
   * 토픽이나 브로커의 설정이 바뀌었을 때 (AlterConfigs, IncrementalAlterConfigs). 이미 있는 세그먼트는 그대로 두고,
   * 다음 쓰기(세그먼트 크기, 타임스탬프 종류)와 다음 보존 검사·컴팩션(보존 기간·크기, cleanup.policy)부터 적용됩니다.
   */
  updateConfig(config: Partial<LogConfig>): void {
    this.configValue = resolveLogConfig(this.configValue, config);
  }

  get logStartOffset(): number {
    return this.logStartOffsetValue;
  }

  get logEndOffset(): number {
    return this.nextOffset;
  }

  get recoveryPoint(): number {
    return this.recoveryPointValue;
  }

  /**
   * 하이 워터마크: 컨슈머가 읽을 수 있는 끝. 복제하지 않는 로그(2장의 로그처럼 이 로그가 유일한 복제본)는 로그 끝이고,
   * 복제하는 로그는 Partition이 `maybeIncrementHighWatermark`(리더)나 `updateHighWatermark`(팔로워)로 옮긴 값입니다.
   */
  get highWatermark(): number {
    return this.replicated ? this.highWatermarkValue : this.nextOffset;
  }

  get isReplicated(): boolean {
    return this.replicated;
  }

  /**
   * 이 로그를 Partition이 맡아 복제합니다 (Kafka `Partition.createLog`). 하이 워터마크는 `replication-offset-checkpoint`에
   * 적혀 있던 값(없으면 0)에서 다시 시작합니다: 로그 끝을 믿으면 아직 ISR에 닿지 않은 꼬리까지 컨슈머에게 보입니다.
   * 리더 에포크 캐시는 이제부터 `leader-epoch-checkpoint` 파일에 씁니다.
   */
  startReplication(): void {
    if (this.replicated) return;
    this.replicated = true;
    this.updateHighWatermark(this.highWatermarkCheckpoint ?? 0);
    this.leaderEpochCache.persistTo(path.join(this.dir, LEADER_EPOCH_CHECKPOINT_FILE));
  }

  /**
   * 하이 워터마크를 정합니다. 로그 시작과 로그 끝 사이로 맞춘 값을 돌려줍니다. 팔로워가 리더의 Fetch 응답에서 받은
   * 값을 적을 때와, 복제를 시작할 때 씁니다. Kafka `UnifiedLog.updateHighWatermark`.
   */
  updateHighWatermark(highWatermark: number): number {
    assert(this.replicated, 'only a replicated log has a high watermark of its own');
    this.highWatermarkValue = Math.min(Math.max(highWatermark, this.logStartOffset), this.nextOffset);
    return this.highWatermarkValue;
  }

  /**
   * 리더가 하이 워터마크를 올립니다. 올랐으면 옛 값을, 아니면 null을 돌려줍니다: 하이 워터마크는 줄지 않습니다.
   * 로그 끝을 넘는 값은 불변식 위반입니다. Kafka `UnifiedLog.maybeIncrementHighWatermark`.
   */
  maybeIncrementHighWatermark(highWatermark: number): number | null {
    assert(this.replicated, 'only a replicated log has a high watermark of its own');
    assert(
      highWatermark <= this.nextOffset,
      `high watermark ${highWatermark} beyond the log end offset ${this.nextOffset} of ${this.topic}-${this.partition}`,
    );
    const old = this.highWatermarkValue;
    if (highWatermark <= old) return null;
    this.highWatermarkValue = highWatermark;
    return old;
  }

  /** 리더 에포크 캐시. 처음 쓸 때 `leader-epoch-checkpoint`에서 읽고, 없거나 깨졌으면 배치 헤더에서 다시 만듭니다. */
  get leaderEpochCache(): LeaderEpochFileCache {
    if (this.epochCache === null) {
      const cache = new LeaderEpochFileCache(readLeaderEpochCheckpoint(this.dir) ?? this.epochsFromBatches());
      // 충돌 전에 적어 두고 쓰지 못한 항목, 지워진 앞부분의 항목을 정리합니다 (Kafka `LogLoader`, `UnifiedLog` 시작).
      cache.truncateFromEnd(this.nextOffset);
      cache.truncateFromStart(this.logStartOffset);
      this.epochCache = cache;
    }
    return this.epochCache;
  }

  /** 가장 최근 리더 에포크 (팔로워가 Fetch의 lastFetchedEpoch로 보내는 값). 없으면 null. */
  get latestEpoch(): number | null {
    return this.leaderEpochCache.latestEpoch;
  }

  /** 리더가 된 순간: 이 에포크가 `startOffset`(지금 로그 끝)부터 시작한다고 적습니다. Kafka `maybeAssignEpochStartOffset`. */
  maybeAssignEpochStartOffset(leaderEpoch: number, startOffset: number): void {
    this.leaderEpochCache.assign(leaderEpoch, startOffset);
  }

  /**
   * `leaderEpoch` 이하의 가장 큰 에포크와 그 끝 오프셋 (Fetch의 divergingEpoch, OffsetForLeaderEpoch). 모르면 null.
   * Kafka `UnifiedLog.endOffsetForEpoch`.
   */
  endOffsetForEpoch(leaderEpoch: number): OffsetAndEpoch | null {
    const found = this.leaderEpochCache.endOffsetFor(leaderEpoch, this.nextOffset);
    return found.offset === UNDEFINED_EPOCH_OFFSET ? null : found;
  }

  /** 이 로그의 프로듀서 상태 (멱등 시퀀스, 진행 중인 트랜잭션). 처음 쓸 때 스냅숏과 로그에서 만듭니다. */
  get producerStateManager(): ProducerStateManager {
    this.producerStateValue ??= loadProducerState(this);
    return this.producerStateValue;
  }

  /**
   * LSO = min(진행 중인 트랜잭션의 가장 앞선 첫 오프셋, 하이 워터마크). DeleteRecords가 로그 시작을 열린 트랜잭션의
   * 첫 오프셋 뒤로 옮겼으면 LSO는 로그 시작에서 멈춥니다: 그 앞은 이미 읽을 수 없으니까요
   * (Kafka: `UnifiedLog.lastStableOffset`, `maybeIncrementFirstUnstableOffset`).
   */
  get lastStableOffset(): number {
    const firstUnstable = this.producerStateManager.firstUnstableOffset();
    if (firstUnstable === null) return this.highWatermark;
    return Math.min(Math.max(firstUnstable, this.logStartOffset), this.highWatermark);
  }

  /** 깨끗하게 멈출 때: 로그 끝까지의 프로듀서 상태를 스냅숏으로 적어, 다시 켜질 때 로그 전체를 훑지 않게 합니다. */
  takeProducerSnapshot(): void {
    if (this.producerStateValue) writeProducerSnapshot(this.dir, this.nextOffset, this.producerStateValue.entries());
  }

  /** 모든 세그먼트 .log 파일의 바이트 합 */
  get size(): number {
    return this.segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  get numberOfSegments(): number {
    return this.segments.length;
  }

  get activeSegment(): LogSegment {
    return this.segments.at(-1) as LogSegment;
  }

  logSegments(): readonly LogSegment[] {
    return this.segments;
  }

  /**
   * 리더로서 씁니다 (Produce). `records`는 요청의 파티션 `records` 필드 그대로입니다 — 배치 하나 이상.
   * 모든 배치를 먼저 검사하고(하나라도 잘못되면 아무것도 쓰지 않고 KafkaError), 통과하면 로그 끝
   * 오프셋부터 오프셋을 붙여(헤더를 제자리에서 고쳐 씀) 씁니다.
   *
   *   CORRUPT_MESSAGE     헤더를 읽을 수 없음, 길이가 버퍼와 맞지 않음, magic이 2가 아님, CRC 불일치
   *   MESSAGE_TOO_LARGE   배치 하나가 max.message.bytes보다 큼
   *   RECORD_LIST_TOO_LARGE 요청 전체가 segment.bytes보다 큼 (한 세그먼트에 들어가지 않음)
   *   INVALID_RECORD      baseOffset이 0이 아님, 레코드 수가 0이거나 오프셋 범위와 다름, 클라이언트의 컨트롤 배치,
   *                       압축 토픽(cleanup.policy=compact)에 키 없는 레코드
   */
  appendAsLeader(
    records: Buffer,
    leaderEpoch: number,
    origin: Exclude<AppendOrigin, 'replication'> = 'client',
  ): LogAppendInfo {
    const analysis = analyzeAndValidateRecords(records, {
      origin,
      maxMessageBytes: this.config.maxMessageBytes,
      compactedTopic: this.config.cleanupPolicy.includes('compact'),
    });
    this.checkFitsInSegment(records.length);
    const firstOffset = this.nextOffset;
    // LogAppendTime 토픽은 프로듀서의 시각 대신 브로커가 받은 시각을 적습니다 (message.timestamp.type).
    const logAppendTime = this.config.messageTimestampType === 'LogAppendTime' ? this.now() : null;
    const assigned = assignOffsets(records, analysis.batches, firstOffset, leaderEpoch, logAppendTime);
    // 쓰기 전에 에포크부터 적습니다 (Kafka도 같은 순서): 적고 죽으면 다시 켤 때 로그 끝 뒤의 항목을 지웁니다.
    if (leaderEpoch >= 0) this.leaderEpochCache.assign(leaderEpoch, firstOffset);
    return { ...this.append(records, analysis, { firstOffset, ...assigned }), logAppendTimeMs: logAppendTime ?? -1 };
  }

  /**
   * 팔로워로서 씁니다 (복제). 오프셋은 리더가 이미 붙였으므로 고치지 않고, CRC와 오프셋 순서만 봅니다.
   * 리더의 배치가 로그 끝보다 앞에서 시작하면 팔로워가 먼저 잘라 내야(truncateTo) 하므로 거절합니다.
   */
  appendAsFollower(records: Buffer): LogAppendInfo {
    const analysis = analyzeAndValidateRecords(records, { origin: 'replication', maxMessageBytes: Infinity });
    if (analysis.firstOffset < this.nextOffset) {
      throw new Error(`follower append at ${analysis.firstOffset} is behind the log end offset ${this.nextOffset}`);
    }
    this.checkFitsInSegment(records.length);
    for (const { header } of analysis.batches) {
      if (header.partitionLeaderEpoch >= 0)
        this.leaderEpochCache.assign(header.partitionLeaderEpoch, header.baseOffset);
    }
    return this.append(records, analysis, analysis);
  }

  /**
   * `fetchOffset`을 담은 배치부터 읽습니다 (Fetch). 범위 [logStartOffset, logEndOffset] 밖이면
   * OFFSET_OUT_OF_RANGE. 로그 끝에서 읽으면 빈 결과입니다. `maxOffset`(보통 하이 워터마크)을 담은 배치부터는
   * 돌려주지 않습니다 — 아직 커밋되지 않은 레코드를 컨슈머에게 보이지 않게 합니다.
   */
  read(fetchOffset: number, maxBytes: number, minOneMessage: boolean, maxOffset = this.nextOffset): LogReadInfo {
    if (fetchOffset < this.logStartOffset || fetchOffset > this.nextOffset) {
      throw new KafkaError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `OFFSET_OUT_OF_RANGE: offset ${fetchOffset} is outside [${this.logStartOffset}, ${this.nextOffset}] of ${this.topic}-${this.partition}`,
      );
    }
    const upTo = Math.min(maxOffset, this.nextOffset);
    const answer = (records: Buffer, firstEntryIncomplete = false): LogReadInfo => ({
      records,
      logStartOffset: this.logStartOffset,
      logEndOffset: this.nextOffset,
      firstEntryIncomplete,
    });
    if (fetchOffset >= upTo) return answer(Buffer.alloc(0));
    const lastIndex = floorIndex(this.segments, upTo);
    // 첫 세그먼트에 더 읽을 배치가 없으면(그 뒤가 지워졌으면) 다음 세그먼트로 넘어갑니다.
    for (let i = floorIndex(this.segments, fetchOffset); i <= lastIndex; i++) {
      const segment = this.segments[i] as LogSegment;
      const maxPosition = i < lastIndex ? segment.size : (segment.translateOffset(upTo)?.position ?? segment.size);
      const result = segment.read(fetchOffset, maxBytes, maxPosition, minOneMessage);
      if (result) return answer(result.records, result.firstEntryIncomplete);
    }
    return answer(Buffer.alloc(0));
  }

  /**
   * `[fetchOffset, upperBoundOffset)`에 걸친 어보트 트랜잭션 (read_committed Fetch). fetchOffset을 담은 세그먼트부터
   * 뒤로 각 세그먼트의 .txnindex를 봅니다. 마커는 트랜잭션의 첫 배치보다 뒤 세그먼트에 있을 수 있어서 한 세그먼트로는
   * 모자라고, 범위 끝 이상의 LSO를 가진 항목을 만나면 그 뒤는 볼 필요가 없습니다 (Kafka: `collectAbortedTransactions`).
   */
  collectAbortedTransactions(fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    const found: AbortedTxn[] = [];
    for (let i = floorIndex(this.segments, fetchOffset); i < this.segments.length; i++) {
      const { aborted, complete } = (this.segments[i] as LogSegment).txnIndex.collect(fetchOffset, upperBoundOffset);
      found.push(...aborted);
      if (complete) break;
    }
    return found.sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /** ABORT 마커를 쓴 세그먼트의 .txnindex에 트랜잭션을 적습니다. 이미 적혀 있으면(다시 켜진 뒤 훑을 때) 넘어갑니다. */
  updateTxnIndex(txn: AbortedTxn): void {
    const segment = this.segments[floorIndex(this.segments, txn.lastOffset)];
    if (!segment) return;
    const last = segment.txnIndex.lastEntry();
    if (!last || txn.lastOffset > last.lastOffset) segment.updateTxnIndex(txn);
  }

  /**
   * 타임스탬프가 `timestamp` 이상인 첫 레코드 (ListOffsets에 시각을 주었을 때). 최대 타임스탬프가 그
   * 시각 이상인 첫 세그먼트를 고르고, 세그먼트 안에서는 타임 인덱스 → 오프셋 인덱스 → 배치 순으로 좁힙니다.
   * 그런 레코드가 없으면 null.
   */
  offsetForTimestamp(timestamp: number): TimestampAndOffset | null {
    // @exercise(2) UnifiedLog.offsetForTimestamp: 타임스탬프가 timestamp 이상인 첫 레코드를 세그먼트를 건너다니며 찾으세요.
    //   오래된 세그먼트부터 봅니다. 가장 큰 타임스탬프(largestTimestamp)가 timestamp보다 작은 세그먼트에는 답이 없으니
    //   건너뛰고, 후보 세그먼트에서는 segment.findOffsetByTimestamp(timestamp, 로그 시작 오프셋, this.readTimestamps)에
    //   맡깁니다 (타임 인덱스 → 오프셋 인덱스 → 배치 순으로 좁힙니다). 어디에도 없으면 null입니다.
    for (const segment of this.segments) {
      if (segment.largestTimestamp() < timestamp) continue;
      const found = segment.findOffsetByTimestamp(timestamp, this.logStartOffset, this.readTimestamps);
      if (found) return found;
    }
    return null;
    // @end
  }

  /** 타임스탬프가 가장 큰 레코드 (ListOffsets의 MAX_TIMESTAMP = −3, KIP-734). 타임스탬프가 없으면 null. */
  offsetOfMaxTimestamp(): TimestampAndOffset | null {
    let best: LogSegment | null = null;
    for (const segment of this.segments) {
      if (best === null || segment.maxTimestampSoFar > best.maxTimestampSoFar) best = segment;
    }
    return best?.findMaxTimestampRecord(this.readTimestamps) ?? null;
  }

  /**
   * 보존 정책(retention)으로 오래된 세그먼트를 지우고 지운 수를 돌려줍니다. 규칙은 `retention.ts`에 있습니다.
   * `highWatermark`를 넘는 세그먼트는 지우지 않습니다 (로그 시작이 하이 워터마크를 앞지르지 않게).
   */
  deleteOldSegments(now: number, highWatermark = this.highWatermark): number {
    // 규칙마다 그때의 크기와 로그 시작을 봐야 하므로 앞 규칙이 지운 뒤에 만듭니다.
    const rules: (() => DeletePredicate | null)[] = [() => logStartOffsetBreached(this.logStartOffset)];
    if (this.config.cleanupPolicy.includes('delete')) {
      rules.unshift(
        () => retentionMsBreached(now, this.config.retentionMs),
        () => retentionSizeBreached(this.size, this.config.retentionBytes),
      );
    }
    let deleted = 0;
    for (const rule of rules) {
      const predicate = rule();
      if (predicate)
        deleted += this.deleteSegments(deletableSegments(this.segments, predicate, highWatermark, this.nextOffset));
    }
    return deleted;
  }

  /**
   * 로그 시작 오프셋을 앞으로 옮깁니다 (DeleteRecords, 보존). 그 앞의 세그먼트 파일은 다음
   * `deleteOldSegments`가 지웁니다. 하이 워터마크보다 뒤로는 옮길 수 없습니다 (OFFSET_OUT_OF_RANGE).
   */
  maybeIncrementLogStartOffset(newLogStartOffset: number, highWatermark = this.highWatermark): boolean {
    if (newLogStartOffset > highWatermark) {
      throw new KafkaError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `OFFSET_OUT_OF_RANGE: cannot move the log start offset to ${newLogStartOffset} beyond the high watermark ${highWatermark}`,
      );
    }
    if (newLogStartOffset <= this.logStartOffset) return false;
    this.updateLogStartOffset(newLogStartOffset);
    return true;
  }

  /**
   * `targetOffset` 이상을 모두 잘라 냅니다 (복제: 팔로워가 새 리더와 어긋난 꼬리를 버릴 때). 그 오프셋을 담은
   * 배치부터 통째로 지우므로, 배치 경계가 아닌 오프셋을 주면 로그 끝은 그 배치의 시작이 됩니다.
   * 배치에서 나온 상태도 함께 되돌립니다 (Kafka `UnifiedLog.truncateTo`): 리더 에포크 캐시의 뒤쪽 항목, `.txnindex`의
   * 뒤쪽 항목(세그먼트가 자름), 프로듀서 상태(잘린 끝까지 다시 만듦), 그리고 로그 끝을 넘는 하이 워터마크.
   */
  truncateTo(targetOffset: number): boolean {
    assert(targetOffset >= 0, `cannot truncate to a negative offset ${targetOffset}`);
    if (targetOffset >= this.nextOffset) {
      // 리더가 되자마자 에포크만 적고 아무것도 쓰지 못한 채 물러났으면, 로그 끝에 그 에포크가 남아 있습니다.
      this.leaderEpochCache.truncateFromEnd(this.nextOffset);
      return false;
    }
    if ((this.segments[0] as LogSegment).baseOffset > targetOffset) {
      this.truncateFullyAndStartAt(targetOffset);
      return true;
    }
    this.removeSegments(this.segments.filter((segment) => segment.baseOffset > targetOffset));
    this.activeSegment.truncateTo(targetOffset);
    this.nextOffset = this.activeSegment.readNextOffset();
    this.logStartOffsetValue = Math.min(this.logStartOffsetValue, this.nextOffset);
    this.recoveryPointValue = Math.min(this.recoveryPointValue, this.nextOffset);
    this.highWatermarkValue = Math.min(this.highWatermarkValue, this.nextOffset);
    this.leaderEpochCache.truncateFromEnd(this.nextOffset);
    this.rebuildProducerState();
    this.checkInvariants();
    return true;
  }

  /** 세그먼트를 모두 지우고 `newOffset`에서 빈 로그로 다시 시작합니다. 에포크 캐시와 프로듀서 상태도 비웁니다. */
  truncateFullyAndStartAt(newOffset: number): void {
    this.removeSegments([...this.segments], true);
    this.segments.push(LogSegment.open(this.dir, newOffset, this.config, this.now, false));
    this.nextOffset = newOffset;
    this.logStartOffsetValue = newOffset;
    this.recoveryPointValue = newOffset;
    this.highWatermarkValue = newOffset;
    this.leaderEpochCache.clear();
    this.rebuildProducerState();
    this.checkInvariants();
  }

  /**
   * 새 활성 세그먼트를 엽니다 (Kafka: `UnifiedLog.roll`). 물러나는 세그먼트는 타임 인덱스에 최대
   * 타임스탬프 항목을 적고 fsync합니다 — Kafka도 굴린 세그먼트를 곧바로 flush하고 복구 지점을 새 세그먼트의
   * 시작으로 올립니다. 그래서 비정상 종료 뒤에는 보통 활성 세그먼트 하나만 복구하면 됩니다.
   */
  roll(expectedNextOffset = this.nextOffset): LogSegment {
    const newOffset = Math.max(expectedNextOffset, this.nextOffset);
    const active = this.activeSegment;
    if (active.baseOffset === newOffset && active.size === 0) return active; // 이미 빈 새 세그먼트
    assert(newOffset > active.baseOffset, `new segment ${newOffset} must start after ${active.baseOffset}`);
    active.onBecomeInactiveSegment();
    const segment = LogSegment.open(this.dir, newOffset, this.config, this.now, false);
    this.segments.push(segment);
    // 지금까지 쓴 것을 모두 fsync합니다. newOffset까지가 아닌 까닭: 팔로워가 오프셋을 건너뛰어 받으면
    // newOffset이 로그 끝보다 클 수 있는데, 복구 지점은 로그 끝을 넘으면 안 됩니다.
    this.flush(this.nextOffset);
    return segment;
  }

  /**
   * 컴팩션이 `.cleaned` 이름으로 다 쓰고 fsync한 세그먼트 하나로 이어진 옛 세그먼트들을 바꿉니다
   * (Kafka: `LocalLog.replaceSegments`). 새 세그먼트는 첫 옛 세그먼트와 같은 baseOffset, 곧 같은 파일 이름입니다.
   * 어느 순간에 죽어도 레코드를 잃지 않도록 이 순서로 합니다 (되살리는 쪽은 log-loader.ts):
   *
   *     1. `.cleaned` → `.swap`     여기부터 되돌리지 않습니다. 죽으면 적재가 `.swap`으로 바꿔 넣기를 마칩니다.
   *                                  (이 이름 바꾸기를 마치기 전에 죽으면 `.cleaned`가 남아 있으므로 새 쪽을 버립니다.)
   *     2. 옛 세그먼트들을 `.deleted`로 바꾸고 지웁니다.
   *     3. `.swap` → 제 이름
   */
  replaceSegments(cleaned: LogSegment, oldSegments: readonly LogSegment[]): void {
    const head = oldSegments[0] as LogSegment;
    const first = this.segments.indexOf(head);
    assert(first >= 0, `segment ${head.baseOffset} is not in the log`);
    assert(
      oldSegments.every((s, i) => this.segments[first + i] === s),
      'replaced segments must be consecutive',
    );
    assert(first + oldSegments.length < this.segments.length, 'the active segment is never replaced');
    assert(cleaned.baseOffset === head.baseOffset, 'the cleaned segment keeps the base offset of the first');
    cleaned.changeFileSuffixes(CLEANED_FILE_SUFFIX, SWAP_FILE_SUFFIX);
    fsyncDir(this.dir);
    for (const segment of oldSegments) segment.markDeletedAndDelete();
    cleaned.changeFileSuffixes(SWAP_FILE_SUFFIX, '');
    fsyncDir(this.dir);
    this.segments.splice(first, oldSegments.length, cleaned);
    this.checkInvariants();
  }

  /** `offset` 앞까지를 fsync하고 복구 지점을 `offset`으로 올립니다. 기본은 로그 끝까지 전부. */
  flush(offset = this.nextOffset): void {
    if (offset <= this.recoveryPointValue) return;
    for (let i = floorIndex(this.segments, this.recoveryPointValue); i < this.segments.length; i++) {
      const segment = this.segments[i] as LogSegment;
      if (segment.baseOffset >= offset) break;
      segment.flush();
    }
    fsyncDir(this.dir);
    this.recoveryPointValue = offset;
    this.checkInvariants();
  }

  /** 파일 핸들을 닫습니다. 닫힌 세그먼트의 타임 인덱스는 최대 타임스탬프 항목으로 끝납니다. */
  close(): void {
    for (const segment of this.segments) segment.close();
  }

  /** 세그먼트 파일을 모두 지웁니다 (디렉터리는 LogManager가 지웁니다). */
  deleteAllSegments(): void {
    for (const segment of this.segments.splice(0)) segment.deleteIfExists();
  }

  private append(
    records: Buffer,
    analysis: RecordsAnalysis,
    offsets: { firstOffset: number; lastOffset: number; maxTimestamp: number; offsetOfMaxTimestamp: number },
  ): LogAppendInfo {
    assert(offsets.firstOffset >= this.nextOffset, 'offsets must strictly increase');
    assert(offsets.lastOffset >= offsets.firstOffset, 'an append holds at least one offset');
    const producers = this.producerStateManager; // 쓰기 전에 만들어 둡니다 (만들 때 로그를 훑으므로)
    const segment = this.maybeRoll(records.length, offsets.firstOffset, offsets.lastOffset, offsets.maxTimestamp);
    segment.append(records, {
      largestOffset: offsets.lastOffset,
      maxTimestamp: offsets.maxTimestamp,
      offsetOfMaxTimestamp: offsets.offsetOfMaxTimestamp,
    });
    this.nextOffset = offsets.lastOffset + 1;
    // 쓴 배치를 프로듀서 상태에 적용합니다 (오프셋을 붙인 헤더를 다시 읽어서). 리더든 팔로워든 같습니다.
    for (const { position } of analysis.batches) {
      const header = readBatchHeader(records, position);
      if (header) applyBatch(producers, header, records, position, (txn) => this.updateTxnIndex(txn));
    }
    return {
      baseOffset: offsets.firstOffset,
      lastOffset: offsets.lastOffset,
      maxTimestamp: offsets.maxTimestamp,
      offsetOfMaxTimestamp: offsets.offsetOfMaxTimestamp,
      logAppendTimeMs: -1,
      logStartOffset: this.logStartOffset,
      recordCount: analysis.recordCount,
      validBytes: analysis.validBytes,
    };
  }

  private maybeRoll(messagesSize: number, firstOffset: number, lastOffset: number, maxTimestamp: number): LogSegment {
    const rollParams = {
      maxSegmentMs: this.config.segmentMs,
      maxSegmentBytes: this.config.segmentBytes,
      maxTimestampInMessages: maxTimestamp,
      maxOffsetInMessages: lastOffset,
      messagesSize,
      now: this.now(),
    };
    return this.activeSegment.shouldRoll(rollParams) ? this.roll(firstOffset) : this.activeSegment;
  }

  private checkFitsInSegment(bytes: number): void {
    if (bytes > this.config.segmentBytes) {
      throw new KafkaError(
        ErrorCode.RECORD_LIST_TOO_LARGE,
        `RECORD_LIST_TOO_LARGE: ${bytes} bytes do not fit in a segment of ${this.config.segmentBytes} bytes`,
      );
    }
  }

  /** 보존 정책이 고른 세그먼트를 지웁니다. 전부라면 먼저 새 세그먼트를 굴려 로그가 비지 않게 합니다. */
  private deleteSegments(deletable: readonly LogSegment[]): number {
    if (deletable.length === 0) return 0;
    let doomed = deletable;
    if (doomed.length === this.segments.length) {
      const fresh = this.roll();
      if (doomed.at(-1) === fresh) doomed = doomed.slice(0, -1);
    }
    this.removeSegments(doomed);
    return doomed.length;
  }

  /** 세그먼트를 목록에서 빼고 파일을 지웁니다. 남은 첫 세그먼트가 로그 시작을 앞으로 끌어올립니다. */
  private removeSegments(doomed: readonly LogSegment[], all = false): void {
    for (const segment of doomed) {
      const index = this.segments.indexOf(segment);
      assert(index >= 0, `segment ${segment.baseOffset} is not in the log`);
      this.segments.splice(index, 1);
      segment.markDeletedAndDelete();
    }
    if (all) return;
    assert(this.segments.length > 0, 'a log always keeps at least one segment');
    const firstBase = (this.segments[0] as LogSegment).baseOffset;
    if (firstBase > this.logStartOffsetValue) this.updateLogStartOffset(firstBase);
  }

  private updateLogStartOffset(offset: number): void {
    this.logStartOffsetValue = offset;
    // 로그 시작보다 앞의 복구 지점과 하이 워터마크는 의미가 없습니다 (그 앞은 읽지 않으므로).
    if (this.recoveryPointValue < offset) this.recoveryPointValue = offset;
    if (this.highWatermarkValue < offset) this.highWatermarkValue = offset;
    this.leaderEpochCache.truncateFromStart(offset);
    this.checkInvariants();
  }

  /** 잘라 낸 뒤: 남은 로그 끝까지의 프로듀서 상태를 다시 만듭니다 (잘린 끝 뒤의 스냅숏은 지웁니다). */
  private rebuildProducerState(): void {
    this.producerStateValue = null;
    this.producerStateValue = loadProducerState(this);
  }

  /** 체크포인트가 없을 때: 배치마다 적힌 리더 에포크(partitionLeaderEpoch)에서 에포크의 시작들을 모읍니다. */
  private epochsFromBatches(): { epoch: number; startOffset: number }[] {
    const entries: { epoch: number; startOffset: number }[] = [];
    for (const { header } of readAllBatches(this, this.logStartOffset)) {
      const last = entries.at(-1);
      if (header.partitionLeaderEpoch >= 0 && (!last || header.partitionLeaderEpoch > last.epoch)) {
        entries.push({ epoch: header.partitionLeaderEpoch, startOffset: header.baseOffset });
      }
    }
    return entries;
  }

  private checkInvariants(): void {
    assert(
      this.logStartOffsetValue <= this.recoveryPointValue && this.recoveryPointValue <= this.nextOffset,
      `${this.topic}-${this.partition}: expected logStartOffset ${this.logStartOffsetValue} ≤ recoveryPoint ${this.recoveryPointValue} ≤ logEndOffset ${this.nextOffset}`,
    );
    assert(
      !this.replicated ||
        (this.logStartOffsetValue <= this.highWatermarkValue && this.highWatermarkValue <= this.nextOffset),
      `${this.topic}-${this.partition}: expected logStartOffset ${this.logStartOffsetValue} ≤ highWatermark ${this.highWatermarkValue} ≤ logEndOffset ${this.nextOffset}`,
    );
    for (let i = 1; i < this.segments.length; i++) {
      assert(
        (this.segments[i] as LogSegment).baseOffset > (this.segments[i - 1] as LogSegment).baseOffset,
        'segments must be ordered by base offset',
      );
    }
  }
}
