/**
 * 컴팩션 관리자: 압축 토픽(`cleanup.policy`에 `compact`) 로그 가운데 무엇을 언제 청소할지 정하고, 어디까지
 * 청소했는지를 `cleaner-offset-checkpoint`에 적습니다. Kafka의 `LogCleanerManager`와 청소 스레드의 반복
 * (`CleanerThread.doWork`)을 따릅니다. 청소 자체는 log-cleaner.ts가 합니다.
 *
 *     로그:   [0 …… 청소한 부분 ……)[firstDirty …… 더러운 부분 ……)[firstUncleanable …… 활성 세그먼트
 *     더러운 비율 = 더러운 부분의 바이트 / (청소한 부분 + 더러운 부분)의 바이트
 *
 * 비율이 `min.cleanable.dirty.ratio`(기본 0.5)를 넘는 로그 가운데 가장 더러운 것 하나를 청소합니다. 청소한
 * 부분도 다시 쓰므로, 새로 쌓인 것이 조금뿐일 때마다 청소하면 같은 바이트를 몇 번이고 다시 쓰게 됩니다.
 * 청소할 로그가 없으면 `log.cleaner.backoff.ms`(기본 15초) 동안 쉽니다. 스스로 타이머를 걸지 않고
 * `LogManager.tick(now)`이 부릅니다.
 */
import path from 'node:path';
import {
  CLEANER_OFFSET_CHECKPOINT_FILE,
  readOffsetCheckpointOrEmpty,
  type TopicPartitionOffset,
  writeOffsetCheckpoint,
} from './checkpoint.js';
import { type CleanerStats, cleanLog, type LogToClean } from './log-cleaner.js';
import { topicPartitionKey } from './log-files.js';
import type { LogSegment } from './log-segment.js';
import type { UnifiedLog } from './unified-log.js';

/** `log.cleaner.backoff.ms`: 청소할 로그가 없을 때 다시 살펴보기까지 쉬는 시간 */
export const DEFAULT_CLEANER_BACKOFF_MS = 15_000;

export class LogCleanerManager {
  private readonly checkpointFile: string;
  /** 파티션(`topic-partition`)마다 지난 청소가 끝난 오프셋 */
  private checkpoints = new Map<string, number>();
  /** 청소하다 예외가 난 파티션. 다시 시작하거나 로그를 지울 때까지 건너뜁니다 (Kafka: `markPartitionUncleanable`). */
  private readonly uncleanable = new Set<string>();
  private nextCheckMs = 0;

  constructor(
    logDir: string,
    /** 동적 브로커 설정으로 실행 중에 바뀔 수 있습니다 (Kafka: `LogCleaner.reconfigure`) */
    public backoffMs = DEFAULT_CLEANER_BACKOFF_MS,
  ) {
    this.checkpointFile = path.join(logDir, CLEANER_OFFSET_CHECKPOINT_FILE);
  }

  /** 시작할 때: 체크포인트를 읽고, 곧바로 청소를 살펴볼 수 있게 합니다 (Kafka의 청소 스레드도 바로 돕니다). */
  startup(now: number): void {
    this.checkpoints = readOffsetCheckpointOrEmpty(this.checkpointFile);
    this.nextCheckMs = now;
  }

  /**
   * 때가 됐으면 가장 더러운 로그 하나를 청소합니다. 청소했으면 다음 tick에 또 살펴보고, 청소할 것이 없었으면
   * `backoffMs` 동안 쉽니다. `logs`는 LogManager의 모든 로그, `highWatermark`는 청소의 상한입니다.
   */
  maybeClean(
    now: number,
    logs: readonly UnifiedLog[],
    highWatermark: (log: UnifiedLog) => number,
  ): CleanerStats | null {
    if (now < this.nextCheckMs) return null;
    const stats = this.cleanFilthiestLog(now, logs, highWatermark);
    this.nextCheckMs = stats ? now : now + this.backoffMs;
    return stats;
  }

  /**
   * 더러운 비율이 문턱을 넘는 로그 가운데 가장 더러운 것 하나를 청소합니다 (Kafka: `grabFilthiestCompactedLog`).
   * 청소가 예외를 던지면(손상된 배치, 입출력 오류) 그 파티션을 청소할 수 없는 것으로 표시하고 예외를 그대로
   * 던집니다: 한 로그가 다른 로그의 청소를 막지 않게 합니다. 바꿔 넣기 도중의 입출력 오류라면 로그의 세그먼트
   * 목록을 믿을 수 없으므로, 다시 시작해 log-loader.ts가 디스크에서 되살려야 합니다.
   */
  cleanFilthiestLog(
    now: number,
    logs: readonly UnifiedLog[],
    highWatermark: (log: UnifiedLog) => number,
  ): CleanerStats | null {
    let filthiest: { log: UnifiedLog; toClean: LogToClean; ratio: number } | null = null;
    for (const log of logs) {
      if (!log.config.cleanupPolicy.includes('compact') || this.uncleanable.has(keyOf(log))) continue;
      const toClean = cleanableOffsets(log, this.checkpoint(log), now, highWatermark(log));
      const ratio = dirtyRatio(log, toClean);
      if (ratio > log.config.minCleanableDirtyRatio && ratio > (filthiest?.ratio ?? 0)) {
        filthiest = { log, toClean, ratio };
      }
    }
    if (filthiest === null) return null;
    const key = keyOf(filthiest.log);
    let stats: CleanerStats;
    try {
      stats = cleanLog(filthiest.log, filthiest.toClean, now);
    } catch (error) {
      this.uncleanable.add(key);
      throw error;
    }
    this.checkpoints.set(key, stats.endOffset);
    this.writeCheckpoint(logs);
    return stats;
  }

  /** 이 로그의 지난 청소 끝 (없으면 undefined: 처음부터) */
  checkpoint(log: UnifiedLog): number | undefined {
    return this.checkpoints.get(keyOf(log));
  }

  /** 파티션 로그를 지웠을 때: 체크포인트에서 뺍니다. `logs`는 남은 로그들입니다. */
  forget(topic: string, partition: number, logs: readonly UnifiedLog[]): void {
    const key = topicPartitionKey(topic, partition);
    this.uncleanable.delete(key);
    if (this.checkpoints.delete(key)) this.writeCheckpoint(logs);
  }

  /** 지금 있는 로그의 항목만 적습니다 (지운 토픽의 항목이 남지 않게). */
  private writeCheckpoint(logs: readonly UnifiedLog[]): void {
    const entries: TopicPartitionOffset[] = [];
    for (const log of logs) {
      const offset = this.checkpoint(log);
      if (offset !== undefined) entries.push({ topic: log.topic, partition: log.partition, offset });
    }
    writeOffsetCheckpoint(this.checkpointFile, entries);
  }
}

function keyOf(log: UnifiedLog): string {
  return topicPartitionKey(log.topic, log.partition);
}

/**
 * 더러운 부분의 범위 (Kafka: `LogCleanerManager.cleanableOffsets`). 체크포인트가 로그 범위 밖이면(로그를 잘라
 * 냈거나 앞부분이 지워졌으면) 로그 시작부터 다시 청소합니다. 더러운 부분의 끝은 활성 세그먼트의 시작,
 * 하이 워터마크, `min.compaction.lag.ms`보다 최근인 첫 세그먼트의 시작 가운데 가장 앞입니다.
 */
export function cleanableOffsets(
  log: UnifiedLog,
  checkpoint: number | undefined,
  now: number,
  highWatermark: number,
): LogToClean {
  const checkpointed = checkpoint ?? log.logStartOffset;
  const outOfRange = checkpointed < log.logStartOffset || checkpointed > log.logEndOffset;
  const firstDirtyOffset = outOfRange ? log.logStartOffset : checkpointed;
  const limits = [log.activeSegment.baseOffset, highWatermark];
  const lagMs = log.config.minCompactionLagMs;
  if (lagMs > 0) {
    const tooRecent = dirtyNonActiveSegments(log, firstDirtyOffset).find((s) => s.largestTimestamp() > now - lagMs);
    if (tooRecent) limits.push(tooRecent.baseOffset);
  }
  return { firstDirtyOffset, firstUncleanableOffset: Math.max(firstDirtyOffset, Math.min(...limits)) };
}

/** 더러운 부분의 바이트 / (청소한 부분 + 더러운 부분)의 바이트. 세그먼트 단위로 셉니다 (Kafka: `LogToClean`). */
export function dirtyRatio(log: UnifiedLog, toClean: LogToClean): number {
  let cleanBytes = 0;
  let cleanableBytes = 0;
  const segments = log.logSegments();
  for (let i = 0; i + 1 < segments.length; i++) {
    const segment = segments[i] as LogSegment;
    const end = (segments[i + 1] as LogSegment).baseOffset;
    if (end <= toClean.firstDirtyOffset) cleanBytes += segment.size;
    else if (segment.baseOffset < toClean.firstUncleanableOffset) cleanableBytes += segment.size;
  }
  return cleanableBytes === 0 ? 0 : cleanableBytes / (cleanBytes + cleanableBytes);
}

/** `firstDirtyOffset` 뒤의 레코드를 담은, 활성 세그먼트가 아닌 세그먼트들 */
function dirtyNonActiveSegments(log: UnifiedLog, firstDirtyOffset: number): LogSegment[] {
  const segments = log.logSegments();
  return segments.slice(0, -1).filter((_, i) => (segments[i + 1] as LogSegment).baseOffset > firstDirtyOffset);
}
