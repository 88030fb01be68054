// 2장 세그먼트와 인덱스 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/storage/log-loader.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 파티션 디렉터리를 읽어 세그먼트들을 되살립니다 (Kafka: `LogLoader.load`).
 *
 * 정상 종료(clean shutdown)였다면 파일을 믿고 인덱스만 가볍게 검사합니다. 비정상 종료(kill -9, 전원
 * 차단)였다면 마지막으로 fsync한 지점(복구 지점, recovery point) 뒤의 세그먼트는 어디까지 온전한지 알 수
 * 없으므로, 그 세그먼트들을 처음부터 CRC로 검사하며 인덱스를 다시 만들고 찢어진 꼬리를 잘라 냅니다.
 *
 *     세그먼트:   [0 …… 99] [100 …… 199] [200 …… 2xx]
 *     복구 지점:                  ↑ 150
 *     비정상 종료 → 100과 200 세그먼트를 복구,  0 세그먼트는 인덱스 검사만
 */

import fs from 'node:fs';
import path from 'node:path';
import { todo } from '../../../course/todo.js';
import { fsyncDir } from '../../../reference/src/storage/file-io.js';
import { CorruptIndexError } from '../../../reference/src/storage/index-file.js';
import {
  CLEANED_FILE_SUFFIX,
  DELETED_FILE_SUFFIX,
  isIndexFile,
  isLogFile,
  LOG_FILE_SUFFIX,
  offsetFromFileName,
  SWAP_FILE_SUFFIX,
} from '../../../reference/src/storage/log-files.js';
import { LogSegment, type LogSegmentConfig } from './log-segment.js';

export interface LoadParams {
  readonly dir: string;
  readonly config: LogSegmentConfig;
  readonly now: () => number;
  /** 로그 디렉터리에 `.kafka_cleanshutdown` 표시가 있었는지 */
  readonly hadCleanShutdown: boolean;
  /** `recovery-point-offset-checkpoint`에 적힌 값 (없으면 0: 전부 복구) */
  readonly recoveryPointCheckpoint: number;
  /** `log-start-offset-checkpoint`에 적힌 값 (없으면 0) */
  readonly logStartOffsetCheckpoint: number;
}

/** 적재가 한 일. 테스트와 로그가 "복구를 했는지"를 볼 수 있게 셉니다. */
export interface LoadStats {
  readonly hadCleanShutdown: boolean;
  readonly segmentsLoaded: number;
  /** `LogSegment.recover()`를 부른 세그먼트 수 (비정상 종료 뒤 복구 + 인덱스가 깨져 다시 만든 것) */
  readonly segmentsRecovered: number;
  /** 그중 인덱스가 없거나 깨져서 복구한 세그먼트 수 */
  readonly indexesRebuilt: number;
  /** 복구가 잘라 낸 바이트 수 */
  readonly bytesTruncated: number;
  /** 손상된 세그먼트 뒤에 있어 지운 세그먼트 수 */
  readonly segmentsDeleted: number;
  /** 지운 임시 파일(`.deleted`/`.cleaned`/버린 `.swap`)과 짝 없는 인덱스 파일 수 */
  readonly strayFilesDeleted: number;
  /** 컴팩션이 바꿔 넣다가 멈춘 `.swap` 세그먼트를 마저 바꿔 넣은 수 */
  readonly swapsCompleted: number;
}

export interface LoadedLog {
  readonly segments: LogSegment[];
  readonly logStartOffset: number;
  readonly recoveryPoint: number;
  readonly nextOffset: number;
  readonly stats: LoadStats;
}

export function loadLog(params: LoadParams): LoadedLog {
  fs.mkdirSync(params.dir, { recursive: true });
  const stats = {
    hadCleanShutdown: params.hadCleanShutdown,
    segmentsLoaded: 0,
    segmentsRecovered: 0,
    indexesRebuilt: 0,
    bytesTruncated: 0,
    segmentsDeleted: 0,
    strayFilesDeleted: removeTempFiles(params.dir),
    swapsCompleted: completeInterruptedSwaps(params),
  };
  const segments = openSegments(params, stats);
  stats.segmentsLoaded = segments.length;

  // 복구 지점이 든 세그먼트부터가 "fsync하지 않았을 수도 있는" 세그먼트입니다.
  const firstUnflushed = params.hadCleanShutdown
    ? segments.length
    : floorIndex(segments, params.recoveryPointCheckpoint);
  for (const segment of segments.slice(0, firstUnflushed)) {
    try {
      segment.sanityCheck();
    } catch (error) {
      if (!(error instanceof CorruptIndexError)) throw error;
      stats.indexesRebuilt++;
      stats.segmentsRecovered++;
      stats.bytesTruncated += recoverSegment(segment);
    }
  }
  for (let i = firstUnflushed; i < segments.length; i++) {
    const truncated = recoverSegment(segments[i] as LogSegment);
    stats.segmentsRecovered++;
    stats.bytesTruncated += truncated;
    if (truncated > 0) {
      // 손상을 찾았다면 그 뒤의 세그먼트는 믿을 수 없습니다: 모두 지웁니다.
      const doomed = segments.splice(i + 1);
      for (const segment of doomed) segment.markDeletedAndDelete();
      stats.segmentsDeleted += doomed.length;
      break;
    }
  }

  // 로그 시작 오프셋이 로그 끝보다 뒤라면(파일이 밖에서 지워졌다면) 남은 세그먼트는 쓸모가 없습니다.
  const lastSegment = segments.at(-1);
  if (lastSegment && lastSegment.readNextOffset() < params.logStartOffsetCheckpoint) {
    for (const segment of segments.splice(0)) segment.markDeletedAndDelete();
  }
  if (segments.length === 0) {
    segments.push(LogSegment.open(params.dir, params.logStartOffsetCheckpoint, params.config, params.now, false));
  }

  const first = segments[0] as LogSegment;
  const nextOffset = (segments.at(-1) as LogSegment).readNextOffset();
  const logStartOffset = Math.max(params.logStartOffsetCheckpoint, first.baseOffset);
  // 정상 종료였다면 끝까지 fsync가 끝났으므로 복구 지점은 로그 끝입니다. 아니면 확인한 만큼만 믿지 않고,
  // 다음 flush가 올려 줄 때까지 옛 복구 지점을 그대로 둡니다 (Kafka: LogLoader.recoverLog).
  const recoveryPoint = params.hadCleanShutdown ? nextOffset : Math.min(params.recoveryPointCheckpoint, nextOffset);
  return {
    segments,
    logStartOffset,
    recoveryPoint: Math.max(recoveryPoint, logStartOffset),
    nextOffset,
    stats,
  };
}

/**
 * 끝나지 못한 작업의 흔적을 지웁니다: 지우려던 `.deleted` 파일, 컴팩션이 쓰다 만 `.cleaned` 파일
 * (Kafka: `LogLoader.removeTempFilesAndCollectSwapFiles`). `.swap`은 보통 남겨 두었다가 바꿔 넣기를 마치지만,
 * 같거나 앞선 오프셋에 `.cleaned`가 아직 있으면 `.cleaned` → `.swap` 이름 바꾸기가 끝나지 않은 것입니다.
 * 그때는 옛 세그먼트를 아직 건드리지 않았으므로 `.swap`도 버립니다.
 */
function removeTempFiles(dir: string): number {
  const names = fs.readdirSync(dir);
  const cleaned = names.filter((name) => name.endsWith(CLEANED_FILE_SUFFIX));
  const minCleanedOffset = Math.min(...cleaned.map((name) => offsetFromFileName(name) ?? Number.POSITIVE_INFINITY));
  const unfinishedSwap = (name: string) => (offsetFromFileName(name) ?? -1) >= minCleanedOffset;
  const doomed = names.filter(
    (name) =>
      name.endsWith(DELETED_FILE_SUFFIX) ||
      name.endsWith(CLEANED_FILE_SUFFIX) ||
      (name.endsWith(SWAP_FILE_SUFFIX) && unfinishedSwap(name)),
  );
  for (const name of doomed) fs.rmSync(path.join(dir, name), { force: true });
  return doomed.length;
}

/**
 * 컴팩션의 바꿔 넣기(`UnifiedLog.replaceSegments`)가 `.swap`을 만든 뒤 멈췄다면 마저 합니다 (Kafka: `LogLoader.load`).
 * `.swap` 세그먼트가 담은 오프셋 범위 [baseOffset, 다음 오프셋) 안에서 시작하는 옛 세그먼트 파일을 지우고,
 * `.swap`을 제 이름으로 바꿉니다. 그 범위 뒤에서 시작하는 옛 세그먼트가 남을 수 있지만, 그 안의 레코드는 모두
 * 새 세그먼트보다 뒤의 오프셋이라 겹치지 않고, 다음 컴팩션이 다시 치웁니다.
 */
function completeInterruptedSwaps(params: LoadParams): number {
  const { dir } = params;
  const swaps = fs.readdirSync(dir).filter((name) => name.endsWith(SWAP_FILE_SUFFIX));
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let swappedLogs = 0;
  for (const name of swaps) {
    const baseOffset = offsetFromFileName(name);
    if (baseOffset === null || !isLogFile(name.slice(0, -SWAP_FILE_SUFFIX.length))) continue;
    const segment = LogSegment.open(dir, baseOffset, params.config, params.now, true, SWAP_FILE_SUFFIX);
    from = Math.min(from, baseOffset);
    to = Math.max(to, segment.readNextOffset());
    segment.close();
    swappedLogs++;
  }
  for (const name of fs.readdirSync(dir)) {
    const offset = offsetFromFileName(name);
    if (!name.endsWith(SWAP_FILE_SUFFIX) && offset !== null && offset >= from && offset < to) {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
  for (const name of swaps)
    fs.renameSync(path.join(dir, name), path.join(dir, name.slice(0, -SWAP_FILE_SUFFIX.length)));
  if (swaps.length > 0) fsyncDir(dir);
  return swappedLogs;
}

/** `.log` 파일마다 세그먼트를 엽니다 (오프셋 순). 짝이 되는 `.log`가 없는 인덱스 파일은 지웁니다. */
function openSegments(params: LoadParams, stats: { strayFilesDeleted: number }): LogSegment[] {
  const names = fs.readdirSync(params.dir).sort();
  const segments: LogSegment[] = [];
  for (const name of names) {
    const baseOffset = offsetFromFileName(name);
    if (baseOffset === null) continue;
    if (isIndexFile(name)) {
      const logName = name.slice(0, 20) + LOG_FILE_SUFFIX;
      if (!names.includes(logName)) {
        fs.rmSync(path.join(params.dir, name), { force: true });
        stats.strayFilesDeleted++;
      }
    } else if (isLogFile(name)) {
      segments.push(LogSegment.open(params.dir, baseOffset, params.config, params.now, true));
    }
  }
  return segments;
}

/**
 * 세그먼트 하나를 복구합니다(LogSegment.recover). 잘라 낸 꼬리에 있던 ABORT 마커의 .txnindex 항목(10장)도
 * 버립니다: 빠진 항목은 프로듀서 상태를 되살릴 때 다시 적습니다. 잘라 낸 바이트 수를 돌려줍니다.
 */
function recoverSegment(segment: LogSegment): number {
  const truncated = segment.recover();
  segment.txnIndex.truncateTo(segment.readNextOffset());
  return truncated;
}

/** `offset`을 담을 세그먼트(baseOffset이 offset 이하인 마지막 세그먼트)의 번호. 모두 크면 0. */
export function floorIndex(segments: readonly LogSegment[], offset: number): number {
  // TODO(2장): floorIndex: offset을 담을 세그먼트, 곧 baseOffset이 offset 이하인 마지막 세그먼트의 번호를 돌려주세요.
  //   segments는 baseOffset 순으로 정렬돼 있으니 처음부터 훑지 말고 이진 탐색으로 찾습니다.
  //   모든 세그먼트가 offset보다 뒤에서 시작하면 0을 돌려줍니다 (OffsetIndex가 항목을 찾는 방법과 같은 모양).
  return todo('floorIndex: offset을 담을 세그먼트, 곧 baseOffset이 offset 이하인 마지막 세그먼트의 번호를 돌려주세요.');
}
