/**
 * 로그 관리자(Log Manager): 로그 디렉터리(`log.dirs`) 하나와 그 안의 모든 파티션 로그를 맡습니다.
 * Kafka의 `LogManager`를 따릅니다.
 *
 *     <log.dirs>/
 *       .kafka_cleanshutdown               정상 종료 표시 (시작할 때 지웁니다)
 *       recovery-point-offset-checkpoint   파티션마다 복구 지점
 *       log-start-offset-checkpoint        파티션마다 로그 시작 오프셋
 *       cleaner-offset-checkpoint          압축 토픽의 파티션마다 청소한 곳의 끝 (log-cleaner-manager.ts)
 *       replication-offset-checkpoint      복제하는 파티션마다 하이 워터마크 (6장)
 *       my-topic-0/ my-topic-1/ …          파티션 디렉터리 (UnifiedLog)
 *       meta.properties                    (서버가 씁니다)
 *
 * 브로커가 부르는 순서: `startup()` → 요청마다 `getLog`/`createLog` → 타이머에서 `tick(now)` →
 * `shutdown()`. 주기 작업(보존 검사, 컴팩션, 체크포인트 쓰기)은 스스로 타이머를 걸지 않고 `tick`으로 받습니다.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUuidString, systemRandom } from '../runtime/random.js';
import {
  LOG_START_OFFSET_CHECKPOINT_FILE,
  RECOVERY_POINT_CHECKPOINT_FILE,
  REPLICATION_OFFSET_CHECKPOINT_FILE,
  readOffsetCheckpointOrEmpty,
  type TopicPartitionOffset,
  writeOffsetCheckpoint,
} from './checkpoint.js';
import { atomicWriteFile, fsyncDir } from './file-io.js';
import type { CleanerStats } from './log-cleaner.js';
import { LogCleanerManager } from './log-cleaner-manager.js';
import { DEFAULT_LOG_CONFIG, type LogConfig, resolveLogConfig } from './log-config.js';
import {
  DELETE_DIR_SUFFIX,
  deleteDirName,
  FUTURE_DIR_SUFFIX,
  parseTopicPartitionName,
  partitionDirName,
  STRAY_DIR_SUFFIX,
  topicPartitionKey,
} from './log-files.js';
import type { LogSegment } from './log-segment.js';
import type { RecordTimestampReader } from './record-timestamps.js';
import { UnifiedLog } from './unified-log.js';

export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
/** KRaft 메타데이터 로그의 토픽. 이 로그는 Raft 계층이 직접 열므로 LogManager는 건드리지 않습니다. */
export const METADATA_TOPIC = '__cluster_metadata';
/** 주기 작업의 첫 실행 지연 (Kafka: `LogManager.InitialTaskDelayMs`) */
export const INITIAL_TASK_DELAY_MS = 30_000;

export interface LogManagerOptions {
  /** `log.dirs`의 디렉터리 하나 */
  readonly logDir: string;
  readonly now: () => number;
  /** 토픽 설정이 없을 때 쓰는 로그 설정 (브로커의 `log.*` 설정) */
  readonly defaultConfig?: Partial<LogConfig>;
  /** 시작할 때 이미 있는 토픽의 설정 (메타데이터에서) */
  readonly topicConfig?: (topic: string) => Partial<LogConfig> | undefined;
  /** `log.retention.check.interval.ms` (기본 5분) */
  readonly retentionCheckIntervalMs?: number;
  /** `log.flush.offset.checkpoint.interval.ms` (기본 60초) */
  readonly recoveryPointCheckpointIntervalMs?: number;
  /** `log.flush.start.offset.checkpoint.interval.ms` (기본 60초) */
  readonly logStartOffsetCheckpointIntervalMs?: number;
  /** `replica.high.watermark.checkpoint.interval.ms` (기본 5초) */
  readonly highWatermarkCheckpointIntervalMs?: number;
  /** `log.cleaner.backoff.ms`: 청소할 압축 토픽 로그가 없을 때 다시 살펴보기까지 쉬는 시간 (기본 15초) */
  readonly cleanerBackoffMs?: number;
  /** 컴팩션이 로그 하나를 청소할 때마다 (브로커가 로그로 남길 수 있게) */
  readonly onLogCleaned?: (stats: CleanerStats) => void;
  /** 지울 디렉터리 이름에 붙일 고유 ID (기본: 하이픈 없는 UUID). 테스트가 정할 수 있게 주입합니다. */
  readonly newUniqueId?: () => string;
  readonly readTimestamps?: RecordTimestampReader;
}

export interface StartupStats {
  readonly hadCleanShutdown: boolean;
  readonly logsLoaded: number;
  readonly segmentsRecovered: number;
  readonly bytesTruncated: number;
  /** 지우다 만 `-delete` 디렉터리를 마저 지운 수 */
  readonly deletedDirsRemoved: number;
  /** 파티션 디렉터리가 아니라서 건너뛴 디렉터리 */
  readonly skippedDirs: readonly string[];
}

type State = 'created' | 'running' | 'shutdown';

export class LogManager {
  readonly logDir: string;
  private readonly logs = new Map<string, UnifiedLog>();
  private state: State = 'created';
  private nextRetentionCheckMs = 0;
  private nextRecoveryPointCheckpointMs = 0;
  private nextLogStartOffsetCheckpointMs = 0;
  private nextHighWatermarkCheckpointMs = 0;
  private highWatermarks = new Map<string, number>();
  private readonly cleaner: LogCleanerManager;

  constructor(private readonly options: LogManagerOptions) {
    this.logDir = options.logDir;
    this.cleaner = new LogCleanerManager(options.logDir, options.cleanerBackoffMs);
  }

  /**
   * 디렉터리의 파티션 로그를 모두 엽니다. `.kafka_cleanshutdown`이 있으면 정상 종료였으므로 복구를
   * 건너뛰고, 없으면 로그마다 복구 지점부터 복구합니다. 다 열고 나면 표시 파일을 지웁니다 — 이제부터
   * 죽으면 다시 비정상 종료이기 때문입니다.
   */
  startup(): StartupStats {
    this.transition('created', 'running');
    fs.mkdirSync(this.logDir, { recursive: true });
    const cleanShutdownFile = path.join(this.logDir, CLEAN_SHUTDOWN_FILE);
    const hadCleanShutdown = fs.existsSync(cleanShutdownFile);
    const recoveryPoints = readOffsetCheckpointOrEmpty(path.join(this.logDir, RECOVERY_POINT_CHECKPOINT_FILE));
    const logStartOffsets = readOffsetCheckpointOrEmpty(path.join(this.logDir, LOG_START_OFFSET_CHECKPOINT_FILE));
    // 깨진 하이 워터마크 체크포인트는 없는 것으로: 하이 워터마크가 0에서 다시 오르므로 읽을 수 있는 끝이 잠시 줄 뿐,
    // 커밋되지 않은 레코드가 보이지는 않습니다 (안전한 쪽).
    this.highWatermarks = readOffsetCheckpointOrEmpty(path.join(this.logDir, REPLICATION_OFFSET_CHECKPOINT_FILE));
    const skippedDirs: string[] = [];
    let deletedDirsRemoved = 0;
    let segmentsRecovered = 0;
    let bytesTruncated = 0;
    for (const entry of fs.readdirSync(this.logDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.endsWith(DELETE_DIR_SUFFIX)) {
        // 토픽 삭제가 디렉터리 이름만 바꾸고 끝나지 못했습니다. 마저 지웁니다.
        fs.rmSync(path.join(this.logDir, entry.name), { recursive: true, force: true });
        deletedDirsRemoved++;
        continue;
      }
      const tp = parseTopicPartitionName(entry.name);
      const moving = entry.name.endsWith(FUTURE_DIR_SUFFIX) || entry.name.endsWith(STRAY_DIR_SUFFIX);
      if (tp === null || moving || tp.topic === METADATA_TOPIC) {
        skippedDirs.push(entry.name);
        continue;
      }
      const key = topicPartitionKey(tp.topic, tp.partition);
      const log = this.openLog(tp.topic, tp.partition, {
        hadCleanShutdown,
        recoveryPointCheckpoint: recoveryPoints.get(key) ?? 0,
        logStartOffsetCheckpoint: logStartOffsets.get(key) ?? 0,
      });
      segmentsRecovered += log.loadStats.segmentsRecovered;
      bytesTruncated += log.loadStats.bytesTruncated;
    }
    fs.rmSync(cleanShutdownFile, { force: true });
    fsyncDir(this.logDir); // 표시가 지워졌다는 사실도 디스크에: 아니면 다음 충돌 뒤 복구를 건너뜁니다
    const now = this.options.now();
    this.nextRetentionCheckMs = now + INITIAL_TASK_DELAY_MS;
    this.nextRecoveryPointCheckpointMs = now + INITIAL_TASK_DELAY_MS;
    this.nextLogStartOffsetCheckpointMs = now + INITIAL_TASK_DELAY_MS;
    this.nextHighWatermarkCheckpointMs = now + this.highWatermarkCheckpointIntervalMs;
    this.cleaner.startup(now);
    return {
      hadCleanShutdown,
      logsLoaded: this.logs.size,
      segmentsRecovered,
      bytesTruncated,
      deletedDirsRemoved,
      skippedDirs,
    };
  }

  getLog(topic: string, partition: number): UnifiedLog | undefined {
    return this.logs.get(topicPartitionKey(topic, partition));
  }

  /** 파티션 로그를 만듭니다. 이미 있으면 그 로그를 돌려줍니다 (Kafka: `getOrCreateLog`). */
  createLog(topic: string, partition: number, config?: Partial<LogConfig>): UnifiedLog {
    this.assertRunning();
    const existing = this.getLog(topic, partition);
    if (existing) return existing;
    const log = this.openLog(topic, partition, { hadCleanShutdown: false, config });
    fsyncDir(this.logDir);
    return log;
  }

  /**
   * 파티션 로그를 지웁니다 (DeleteTopics). Kafka처럼 먼저 디렉터리 이름을 `<topic>-<partition>.<uuid>-delete`로
   * 바꿔 로그를 목록에서 떼어 낸 뒤 지웁니다. 지우는 도중에 죽어도 다음 `startup`이 `-delete` 디렉터리를
   * 마저 지우므로, 같은 이름의 토픽을 새로 만들 때 옛 데이터가 섞이지 않습니다.
   */
  deleteLog(topic: string, partition: number): boolean {
    this.assertRunning();
    const key = topicPartitionKey(topic, partition);
    const log = this.logs.get(key);
    if (!log) return false;
    log.close();
    this.logs.delete(key);
    this.highWatermarks.delete(key); // 같은 이름으로 다시 만든 파티션이 옛 하이 워터마크를 믿지 않게
    const uniqueId = this.options.newUniqueId?.() ?? randomUuidString(systemRandom).replaceAll('-', '');
    const doomedDir = path.join(this.logDir, deleteDirName(topic, partition, uniqueId));
    fs.renameSync(log.dir, doomedDir);
    fsyncDir(this.logDir);
    fs.rmSync(doomedDir, { recursive: true, force: true });
    // 지운 파티션이 체크포인트에 남지 않게 다시 씁니다.
    this.checkpointRecoveryOffsets();
    this.checkpointLogStartOffsets();
    this.cleaner.forget(topic, partition, this.allLogs());
    return true;
  }

  /** 모든 로그 (토픽, 파티션 순) */
  allLogs(): UnifiedLog[] {
    return [...this.logs.values()].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
  }

  /**
   * 주기 작업. 브로커가 타이머에서 부릅니다 (예: 1초마다). 때가 된 작업만 합니다:
   * 보존 검사(`log.retention.check.interval.ms`), 복구 지점/로그 시작 체크포인트 쓰기(각 60초), 하이 워터마크
   * 체크포인트 쓰기(`replica.high.watermark.checkpoint.interval.ms`, 5초), 압축 토픽
   * 로그 하나 청소(`log.cleaner.backoff.ms`, 청소하면 `onLogCleaned`로 알림).
   * 보존 정책이 지운 세그먼트 수를 돌려줍니다.
   */
  tick(now: number): number {
    this.assertRunning();
    let deleted = 0;
    if (now >= this.nextRetentionCheckMs) {
      deleted = this.cleanupLogs(now);
      this.nextRetentionCheckMs = now + (this.options.retentionCheckIntervalMs ?? 300_000);
    }
    if (now >= this.nextRecoveryPointCheckpointMs) {
      this.checkpointRecoveryOffsets();
      this.nextRecoveryPointCheckpointMs = now + (this.options.recoveryPointCheckpointIntervalMs ?? 60_000);
    }
    if (now >= this.nextLogStartOffsetCheckpointMs) {
      this.checkpointLogStartOffsets();
      this.nextLogStartOffsetCheckpointMs = now + (this.options.logStartOffsetCheckpointIntervalMs ?? 60_000);
    }
    if (now >= this.nextHighWatermarkCheckpointMs) {
      this.checkpointHighWatermarks();
      this.nextHighWatermarkCheckpointMs = now + this.highWatermarkCheckpointIntervalMs;
    }
    // 컴팩션은 마지막에: 청소가 예외를 던져도 이번 tick의 체크포인트는 이미 썼습니다.
    const cleaned = this.cleaner.maybeClean(now, this.allLogs(), (log) => log.highWatermark);
    if (cleaned) this.options.onLogCleaned?.(cleaned);
    return deleted;
  }

  /**
   * 더러운 비율이 `min.cleanable.dirty.ratio`를 넘는 압축 토픽 로그 가운데 가장 더러운 것 하나를 지금 청소합니다.
   * 청소할 로그가 없으면 null. (`tick`은 `log.cleaner.backoff.ms`에 맞춰 이것을 부릅니다.)
   */
  cleanFilthiestLog(now: number): CleanerStats | null {
    this.assertRunning();
    return this.cleaner.cleanFilthiestLog(now, this.allLogs(), (log) => log.highWatermark);
  }

  /** `log.cleaner.backoff.ms`가 동적으로 바뀌었을 때 (Kafka: `LogCleaner.reconfigure`) */
  reconfigureCleaner(backoffMs: number): void {
    this.cleaner.backoffMs = backoffMs;
  }

  /** 이 로그의 컴팩션이 끝난 오프셋 (`cleaner-offset-checkpoint`의 값, 아직 청소하지 않았으면 undefined) */
  cleanerCheckpoint(log: UnifiedLog): number | undefined {
    return this.cleaner.checkpoint(log);
  }

  /** 모든 로그에 보존 정책을 적용합니다. 지운 세그먼트 수를 돌려줍니다. */
  cleanupLogs(now: number): number {
    let deleted = 0;
    for (const log of this.allLogs()) deleted += log.deleteOldSegments(now);
    return deleted;
  }

  /** `recovery-point-offset-checkpoint`를 씁니다: 파티션마다 복구 지점. */
  checkpointRecoveryOffsets(): void {
    const entries = this.allLogs().map((log) => entryOf(log, log.recoveryPoint));
    writeOffsetCheckpoint(path.join(this.logDir, RECOVERY_POINT_CHECKPOINT_FILE), entries);
  }

  /**
   * `log-start-offset-checkpoint`를 씁니다. Kafka처럼 로그 시작이 첫 세그먼트의 시작보다 뒤인 파티션만
   * 적습니다 — 나머지는 첫 세그먼트 파일 이름에서 알 수 있기 때문입니다.
   */
  checkpointLogStartOffsets(): void {
    const entries = this.allLogs()
      .filter((log) => log.logStartOffset > (log.logSegments()[0] as LogSegment).baseOffset)
      .map((log) => entryOf(log, log.logStartOffset));
    writeOffsetCheckpoint(path.join(this.logDir, LOG_START_OFFSET_CHECKPOINT_FILE), entries);
  }

  /**
   * `replication-offset-checkpoint`를 씁니다: 복제하는 로그(`UnifiedLog.startReplication`)마다 하이 워터마크.
   * Kafka `ReplicaManager.checkpointHighWatermarks`처럼 복제하는 파티션이 하나도 없으면 쓰지 않습니다.
   */
  checkpointHighWatermarks(): void {
    const replicated = this.allLogs().filter((log) => log.isReplicated);
    if (replicated.length === 0) return;
    const entries = replicated.map((log) => entryOf(log, log.highWatermark));
    writeOffsetCheckpoint(path.join(this.logDir, REPLICATION_OFFSET_CHECKPOINT_FILE), entries);
  }

  /**
   * 정상 종료: 모든 로그를 끝까지 fsync하고(복구 지점 = 로그 끝) 닫은 뒤, 체크포인트(복제하는 로그가 있으면 하이 워터마크도)와
   * `.kafka_cleanshutdown`을 씁니다. 다음 `startup`은 이 표시를 보고 복구를 건너뜁니다.
   * 파일 내용은 Kafka의 `CleanShutdownFileHandler`와 같은 JSON입니다 (KIP-966의 broker epoch).
   */
  shutdown(brokerEpoch = -1): void {
    this.transition('running', 'shutdown');
    for (const log of this.allLogs()) {
      log.flush();
      log.close();
    }
    this.checkpointRecoveryOffsets();
    this.checkpointLogStartOffsets();
    this.checkpointHighWatermarks();
    atomicWriteFile(path.join(this.logDir, CLEAN_SHUTDOWN_FILE), cleanShutdownFileContent(brokerEpoch));
    this.logs.clear();
  }

  private openLog(
    topic: string,
    partition: number,
    load: {
      hadCleanShutdown: boolean;
      recoveryPointCheckpoint?: number;
      logStartOffsetCheckpoint?: number;
      config?: Partial<LogConfig> | undefined;
    },
  ): UnifiedLog {
    const log = UnifiedLog.open({
      dir: path.join(this.logDir, partitionDirName(topic, partition)),
      topic,
      partition,
      config: resolveLogConfig(
        DEFAULT_LOG_CONFIG,
        this.options.defaultConfig,
        this.options.topicConfig?.(topic),
        load.config,
      ),
      now: this.options.now,
      hadCleanShutdown: load.hadCleanShutdown,
      recoveryPointCheckpoint: load.recoveryPointCheckpoint ?? 0,
      logStartOffsetCheckpoint: load.logStartOffsetCheckpoint ?? 0,
      ...(this.options.readTimestamps ? { readTimestamps: this.options.readTimestamps } : {}),
      highWatermarkCheckpoint: this.highWatermarks.get(topicPartitionKey(topic, partition)),
    });
    this.logs.set(topicPartitionKey(topic, partition), log);
    return log;
  }

  private get highWatermarkCheckpointIntervalMs(): number {
    return this.options.highWatermarkCheckpointIntervalMs ?? 5_000;
  }

  private transition(from: State, to: State): void {
    assert(this.state === from, `invalid LogManager transition ${this.state} → ${to}`);
    this.state = to;
  }

  private assertRunning(): void {
    assert(this.state === 'running', `LogManager is ${this.state}, not running`);
  }
}

/**
 * `.kafka_cleanshutdown`의 내용. Kafka는 자바 HashMap을 JSON으로 쓰므로 키 순서가 이렇고 값은 문자열입니다.
 * 읽을 때는 파일이 있는지만 봅니다.
 */
export function cleanShutdownFileContent(brokerEpoch: number): string {
  return JSON.stringify({ broker_epoch: String(brokerEpoch), version: '0' });
}

function entryOf(log: UnifiedLog, offset: number): TopicPartitionOffset {
  return { topic: log.topic, partition: log.partition, offset };
}
