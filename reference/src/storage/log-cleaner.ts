/**
 * 로그 컴팩션(Log Compaction)의 청소부: `cleanup.policy=compact`인 파티션 로그 하나를 청소합니다.
 * Kafka의 `Cleaner`(LogCleaner.scala)와 `OffsetMap`을 따릅니다. 어느 로그를 언제 청소할지는
 * log-cleaner-manager.ts가 정합니다.
 *
 * 컴팩션은 **키마다 마지막 값만 남깁니다.** `__consumer_offsets`처럼 "그룹·토픽·파티션마다 지금 값"만 중요한
 * 토픽은, 옛 값을 시간으로 지우면(보존 정책) 아직 쓰는 최신 값까지 잃고, 그대로 두면 끝없이 자랍니다.
 * 컴팩션은 같은 키의 옛 값만 지워서, 로그를 처음부터 읽으면 키마다 최신 상태를 되살릴 수 있게 합니다.
 *
 *     청소 전  offset: 0    1    2    3    4    5    | 6 (활성 세그먼트)
 *              key:    a=1  b=1  a=2  c=1  b=null a=3 | …
 *     청소 후  offset:           (빈 자리)  3    4    5    | 6
 *              key:                         c=1  b=null a=3 | …
 *
 * 1. 지도 만들기: 더러운 부분(지난 청소가 끝난 곳부터 청소할 수 있는 끝까지)을 읽어 키 → 마지막 오프셋 지도를
 *    만듭니다.
 * 2. 다시 쓰기: 로그 처음부터 그 끝까지의 세그먼트를 몇 개씩 묶어(`groupSegmentsBySize`) 새 세그먼트 하나로
 *    다시 씁니다. 지도가 더 뒤의 오프셋을 가리키는 레코드는 버립니다. 활성 세그먼트는 건드리지 않습니다.
 * 3. 바꿔 넣기: 새 세그먼트를 `.cleaned`로 쓰고 fsync한 뒤 `UnifiedLog.replaceSegments`로 옛 세그먼트와
 *    바꿉니다. 인덱스는 새로 쓰면서 함께 만들어집니다.
 *
 * **오프셋은 바꾸지 않습니다.** 남은 레코드는 원래 오프셋 그대로이고, 지운 자리는 빈 채로 남습니다. 오프셋은
 * 컨슈머가 커밋한 위치이자 복제본끼리 맞춰 보는 주소라, 바뀌면 커밋한 위치가 엉뚱한 레코드를 가리키게 됩니다.
 * 빈 자리에서 읽으면 그 뒤의 첫 배치가 나옵니다 (`UnifiedLog.read`). 배치도 레코드가 빠질 때만 다시 만들고,
 * 그때도 baseOffset, lastOffsetDelta, 프로듀서 ID·에포크·시퀀스, 리더 에포크, 압축 코덱을 그대로 둡니다.
 *
 * **툼스톤(Tombstone)**: 값이 null인 레코드는 "이 키를 지웠다"는 뜻입니다. 툼스톤이 곧바로 사라지면 그 전에
 * 옛 값을 읽어 간 컨슈머는 지워졌다는 사실을 영영 모릅니다. 그래서 툼스톤은 그 세그먼트의 가장 큰 타임스탬프에서
 * `delete.retention.ms`(기본 하루)가 지날 때까지 남겨 두고, 그 뒤의 청소에서 지웁니다. 세그먼트를 합치면 합친
 * 세그먼트의 가장 큰 타임스탬프가 기준이 되므로 툼스톤은 더 오래 남을 수는 있어도 일찍 사라지지는 않습니다.
 * (Kafka 3.0부터는 처음 청소한 시각을 배치 헤더에 적어 두고 세지만(KIP-534), 여기서는 그 전의 세그먼트 기준
 * 규칙을 씁니다.)
 *
 * 이 브로커가 정한 것:
 * - 키가 없는 레코드는 지웁니다. Kafka는 압축 토픽에 키 없는 레코드를 Produce에서 거절하고(INVALID_RECORD,
 *   log-validator.ts도 같습니다) 청소부도 버립니다. 토픽의 정책을 나중에 compact로 바꾸면 이런 레코드가 있을 수 있습니다.
 * - 트랜잭션 배치와 컨트롤 배치(트랜잭션 마커)는 지도에 넣지도, 지우지도 않고 그대로 둡니다. 중단된 트랜잭션의
 *   레코드를 가려내는 `.txnindex` 항목도 새 세그먼트로 그대로 옮깁니다 (Kafka는 끝난 트랜잭션을 더 정리합니다).
 * - 지도는 메모리의 `Map`이라 크기 제한(`log.cleaner.dedupe.buffer.size`)이 없습니다. 그래서 한 번에 더러운
 *   부분 전체를 청소합니다.
 * - 레코드가 모두 빠진 배치는 통째로 버립니다. Kafka는 프로듀서의 마지막 배치라면 빈 배치를 남겨 시퀀스를
 *   지키는데, 프로듀서 상태(멱등성)는 아직 없습니다.
 */
import assert from 'node:assert/strict';
import type { StoredRecord } from '../log/partition-log.js';
import {
  Attributes,
  type BatchHeader,
  compressionOf,
  computeCrc,
  isControl,
  isTransactional,
  LOG_OVERHEAD,
  lastOffsetOf,
  Offsets,
  readBatchHeader,
} from '../record/batch-header.js';
import { decodeBatch, encodeBatch, TimestampType } from '../record/record-batch.js';
import { CLEANED_FILE_SUFFIX } from './log-files.js';
import { LogSegment } from './log-segment.js';
import type { UnifiedLog } from './unified-log.js';

const INT32_MAX = 0x7fffffff;

/** 청소할 범위: [firstDirtyOffset, firstUncleanableOffset)가 더러운 부분입니다 (Kafka: `LogToClean`). */
export interface LogToClean {
  /** 지난 청소가 끝난 곳 (cleaner-offset-checkpoint) */
  readonly firstDirtyOffset: number;
  /** 여기부터는 청소하지 않습니다: 활성 세그먼트, 하이 워터마크, `min.compaction.lag.ms` 중 가장 앞 */
  readonly firstUncleanableOffset: number;
}

/** 한 번 청소한 결과 (Kafka: `CleanerStats`) */
export interface CleanerStats {
  readonly topic: string;
  readonly partition: number;
  readonly firstDirtyOffset: number;
  /** 청소한 곳의 끝. 다음 청소는 여기부터 더러운 부분으로 봅니다 (체크포인트에 적는 값). */
  readonly endOffset: number;
  /** 지도를 만들며 읽은 레코드 수 (더러운 부분의 레코드) */
  readonly recordsMapped: number;
  /** 다시 쓴 옛 세그먼트 수와 새로 만든 세그먼트 수 */
  readonly segmentsRead: number;
  readonly segmentsWritten: number;
  /** 다시 쓴 옛 세그먼트들의 바이트 수와 새 세그먼트들의 바이트 수. 둘의 차이만큼 디스크가 줄었습니다. */
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly recordsRead: number;
  readonly recordsRemoved: number;
}

/** 청소하는 동안 세는 값들 */
type Counters = { -readonly [K in keyof CleanerStats]: CleanerStats[K] };

/** 키 → 그 키의 마지막 오프셋 (Kafka: `OffsetMap`). 키 바이트를 latin1 문자열로 바꿔 `Map`의 키로 씁니다. */
class OffsetMap {
  private readonly offsets = new Map<string, number>();

  put(key: Uint8Array, offset: number): void {
    this.offsets.set(keyString(key), offset);
  }

  /** 그 키의 마지막 오프셋. 지도에 없으면 −1 (Kafka와 같음). */
  get(key: Uint8Array): number {
    return this.offsets.get(keyString(key)) ?? -1;
  }
}

/** 바이트 하나가 글자 하나가 되는 latin1은 서로 다른 키를 서로 다른 문자열로 바꿉니다. */
function keyString(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

/** 지도를 만들거나 지울 수 있는 배치인지: 트랜잭션·컨트롤 배치는 트랜잭션 장까지 그대로 둡니다. */
function isCompactable(header: BatchHeader): boolean {
  return !isControl(header) && !isTransactional(header);
}

/**
 * 로그 하나를 청소합니다 (Kafka: `Cleaner.doClean`). 더러운 부분으로 지도를 만들고, 로그 처음부터
 * `firstUncleanableOffset` 앞까지의 세그먼트를 다시 씁니다. 활성 세그먼트는 언제나 그보다 뒤입니다.
 */
export function cleanLog(log: UnifiedLog, toClean: LogToClean, now: number): CleanerStats {
  const endOffset = toClean.firstUncleanableOffset;
  assert(endOffset <= log.activeSegment.baseOffset, 'the active segment is never cleaned');
  const stats: Counters = {
    topic: log.topic,
    partition: log.partition,
    firstDirtyOffset: toClean.firstDirtyOffset,
    endOffset,
    recordsMapped: 0,
    segmentsRead: 0,
    segmentsWritten: 0,
    bytesRead: 0,
    bytesWritten: 0,
    recordsRead: 0,
    recordsRemoved: 0,
  };
  const map = buildOffsetMap(log, toClean.firstDirtyOffset, endOffset, stats);
  const segments = log.logSegments().filter((segment) => segment.baseOffset < endOffset);
  const { segmentBytes, segmentIndexBytes } = log.config;
  for (const group of groupSegmentsBySize(segments, segmentBytes, segmentIndexBytes, endOffset)) {
    cleanSegments(log, group, map, { now, endOffset }, stats);
  }
  return stats;
}

/** 더러운 부분 [start, end)의 레코드로 키 → 마지막 오프셋 지도를 만듭니다 (Kafka: `Cleaner.buildOffsetMap`). */
function buildOffsetMap(
  log: UnifiedLog,
  start: number,
  end: number,
  stats: Pick<Counters, 'recordsMapped'>,
): OffsetMap {
  const map = new OffsetMap();
  for (const segment of log.logSegments()) {
    if (segment.baseOffset >= end) break;
    for (const batch of segment.log.batchesFrom(segment.translateOffset(start)?.position ?? segment.size)) {
      if (batch.header.baseOffset >= end) break;
      if (!isCompactable(batch.header)) continue;
      for (const record of decodeBatch(segment.log.readBatch(batch)).records) {
        if (record.offset < start || record.offset >= end || record.key === null) continue;
        map.put(record.key, record.offset);
        stats.recordsMapped++;
      }
    }
  }
  return map;
}

/**
 * 다시 쓸 세그먼트들을 묶습니다 (Kafka: `Cleaner.groupSegmentsBySize`). 청소하면 작아지므로 작은 세그먼트
 * 여럿을 하나로 합칩니다. 한 묶음은 합쳐도 `segment.bytes`와 인덱스 크기를 넘지 않고, 상대 오프셋이 int32에
 * 들어가야 합니다. `firstUncleanableOffset`은 마지막 세그먼트가 어디까지인지 알려 줍니다.
 */
function groupSegmentsBySize(
  segments: readonly LogSegment[],
  maxSize: number,
  maxIndexSize: number,
  firstUncleanableOffset: number,
): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let i = 0;
  while (i < segments.length) {
    const head = segments[i] as LogSegment;
    const group = [head];
    let logSize = head.size;
    let indexSize = head.offsetIndex.bytes.length;
    let timeIndexSize = head.timeIndex.bytes.length;
    for (i++; i < segments.length; i++) {
      const next = segments[i] as LogSegment;
      const lastOffset = (segments[i + 1]?.baseOffset ?? firstUncleanableOffset) - 1;
      const fits =
        logSize + next.size <= maxSize &&
        indexSize + next.offsetIndex.bytes.length <= maxIndexSize &&
        timeIndexSize + next.timeIndex.bytes.length <= maxIndexSize &&
        (next.size === 0 || lastOffset - head.baseOffset <= INT32_MAX);
      if (!fits) break;
      group.push(next);
      logSize += next.size;
      indexSize += next.offsetIndex.bytes.length;
      timeIndexSize += next.timeIndex.bytes.length;
    }
    groups.push(group);
  }
  return groups;
}

interface CleanContext {
  readonly now: number;
  /** 이 오프셋부터는 지도에 없으므로 모두 남깁니다. */
  readonly endOffset: number;
}

/**
 * 세그먼트 묶음을 `.cleaned` 세그먼트 하나로 다시 쓰고 바꿔 넣습니다 (Kafka: `Cleaner.cleanSegments`).
 * 새 세그먼트는 닫힌 세그먼트처럼 타임 인덱스를 마무리하고 fsync한 뒤, 마지막 옛 세그먼트의 수정 시각을
 * 물려받습니다 (시간 기준 보존이 청소 때문에 늦어지지 않게).
 */
function cleanSegments(
  log: UnifiedLog,
  group: readonly LogSegment[],
  map: OffsetMap,
  context: CleanContext,
  stats: Counters,
): void {
  const first = group[0] as LogSegment;
  const cleaned = LogSegment.open(log.dir, first.baseOffset, log.config, () => context.now, false, CLEANED_FILE_SUFFIX);
  try {
    for (const source of group) {
      const retainDeletes = context.now < source.largestTimestamp() + log.config.deleteRetentionMs;
      cleanInto(source, cleaned, (record) => shouldRetainRecord(map, retainDeletes, context.endOffset, record), stats);
      // 트랜잭션 배치와 마커는 그대로 남으므로, 어보트된 트랜잭션의 항목도 새 세그먼트로 옮깁니다.
      for (const txn of source.txnIndex.allEntries()) cleaned.updateTxnIndex(txn);
    }
    cleaned.onBecomeInactiveSegment();
    cleaned.flush();
    cleaned.setLastModified((group.at(-1) as LogSegment).lastModified());
  } catch (error) {
    cleaned.deleteIfExists();
    throw error;
  }
  log.replaceSegments(cleaned, group);
  stats.segmentsRead += group.length;
  stats.segmentsWritten++;
}

/**
 * 세그먼트 하나의 배치들을 새 세그먼트로 옮깁니다 (Kafka: `Cleaner.cleanInto`). 레코드가 하나도 빠지지 않은
 * 배치는 받은 바이트 그대로, 일부만 남는 배치는 다시 만들어, 모두 빠진 배치는 버립니다.
 */
function cleanInto(
  source: LogSegment,
  dest: LogSegment,
  retain: (record: StoredRecord) => boolean,
  stats: Counters,
): void {
  for (const batch of source.log.batchesFrom(0)) {
    const bytes = source.log.readBatch(batch);
    stats.bytesRead += bytes.length;
    const kept = isCompactable(batch.header) ? filterBatch(bytes, batch.header, retain, stats) : bytes;
    if (kept === null) continue;
    const header = kept === bytes ? batch.header : (readBatchHeader(kept) as BatchHeader);
    dest.append(kept, {
      largestOffset: lastOffsetOf(header),
      maxTimestamp: header.maxTimestamp,
      offsetOfMaxTimestamp: lastOffsetOf(header),
    });
    stats.bytesWritten += kept.length;
  }
}

/** 배치에서 남길 레코드만 남깁니다: 모두 남으면 `bytes` 그대로, 하나도 없으면 null. */
function filterBatch(
  bytes: Buffer,
  header: BatchHeader,
  retain: (record: StoredRecord) => boolean,
  stats: Counters,
): Buffer | null {
  const { records } = decodeBatch(bytes);
  const kept = records.filter(retain);
  stats.recordsRead += records.length;
  stats.recordsRemoved += records.length - kept.length;
  if (kept.length === records.length) return bytes;
  return kept.length === 0 ? null : rebuildBatch(header, kept);
}

/**
 * 레코드를 남길지 (Kafka: `Cleaner.shouldRetainRecord`). 지도가 더 뒤의 오프셋을 가리키면 옛 값이라 버리고,
 * 마지막 값이라도 툼스톤은 `retainDeletes`일 때만 남깁니다.
 */
function shouldRetainRecord(map: OffsetMap, retainDeletes: boolean, endOffset: number, record: StoredRecord): boolean {
  if (record.offset >= endOffset) return true;
  if (record.key === null) return false;
  const isLatestForKey = record.offset >= map.get(record.key);
  return isLatestForKey && (record.value !== null || retainDeletes);
}

/**
 * 남은 레코드로 배치를 다시 만듭니다 (Kafka: `MemoryRecords.buildRetainedRecordsInto`). 레코드마다 원래
 * 오프셋(offsetDelta)을 그대로 적고, 헤더의 값도 물려받습니다. lastOffsetDelta는 원래 배치의 값으로 되돌립니다:
 * 프로듀서의 마지막 시퀀스(baseSequence + lastOffsetDelta)가 컴팩션 뒤에도 같아야 하기 때문입니다.
 */
function rebuildBatch(header: BatchHeader, records: readonly StoredRecord[]): Buffer {
  const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppendTime) !== 0;
  const batch = encodeBatch({
    baseOffset: header.baseOffset,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    compression: compressionOf(header),
    timestampType: logAppendTime ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    records: records.map(({ key, value, headers, timestamp, offset }) => ({
      key,
      value,
      headers,
      timestamp,
      offsetDelta: offset - header.baseOffset,
    })),
  });
  batch.writeInt32BE(header.lastOffsetDelta, Offsets.lastOffsetDelta);
  batch.writeUInt32BE(computeCrc(batch, 0, { batchLength: batch.length - LOG_OVERHEAD }), Offsets.crc);
  return batch;
}
