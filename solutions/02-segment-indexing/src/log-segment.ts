// 2장 세그먼트와 인덱스 — 해답
// 원본: reference/src/storage/log-segment.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 로그 세그먼트(Log Segment): 파티션 로그를 잘라 놓은 한 토막. 파일 서너 개가 한 세그먼트입니다.
 *
 *     00000000000000000042.log        오프셋 42부터의 배치들 (FileRecords)
 *     00000000000000000042.index      희소 오프셋 인덱스 (OffsetIndex)
 *     00000000000000000042.timeindex  희소 타임 인덱스 (TimeIndex)
 *     00000000000000000042.txnindex   어보트된 트랜잭션 (TransactionIndex, 10장; 어보트가 있을 때만 생깁니다)
 *
 * 로그를 한 파일로 두지 않고 세그먼트로 나누는 이유: 오래된 데이터를 지울 때 파일 하나를 통째로 지우면
 * 되고(보존 정책), 복구할 때 마지막 세그먼트 몇 개만 검사하면 되기 때문입니다. 쓰기는 언제나 마지막
 * 세그먼트(활성 세그먼트, active segment)에만 합니다. Kafka의 `LogSegment`를 따릅니다.
 */
import { lastOffsetOf } from '../../../reference/src/record/batch-header.js';
import { type FileBatch, FileRecords, type LogOffsetPosition } from '../../../reference/src/storage/file-records.js';
import { CorruptIndexError } from '../../../reference/src/storage/index-file.js';
import {
  DELETED_FILE_SUFFIX,
  logFile,
  offsetIndexFile,
  timeIndexFile,
  txnIndexFile,
} from '../../../reference/src/storage/log-files.js';
import { storedBatchProblem } from '../../../reference/src/storage/log-validator.js';
import { OffsetIndex } from '../../../reference/src/storage/offset-index.js';
import {
  type RecordTimestampReader,
  readUncompressedTimestamps,
} from '../../../reference/src/storage/record-timestamps.js';
import { NO_TIMESTAMP, TimeIndex, type TimestampOffset } from '../../../reference/src/storage/time-index.js';
import { type AbortedTxn, TransactionIndex } from '../../../reference/src/storage/transaction-index.js';

export interface LogSegmentConfig {
  /** `index.interval.bytes`: 인덱스 항목 사이의 최소 바이트 수 */
  readonly indexIntervalBytes: number;
  /** `segment.index.bytes`: 인덱스 파일의 최대 크기. 차면 세그먼트를 굴립니다. */
  readonly segmentIndexBytes: number;
}

/** append에 함께 넘기는 요약. 배치 헤더에서 이미 계산한 값입니다. */
export interface SegmentAppendInfo {
  readonly largestOffset: number;
  readonly maxTimestamp: number;
  /** 최대 타임스탬프를 가진 배치의 마지막 오프셋 */
  readonly offsetOfMaxTimestamp: number;
}

export interface SegmentReadResult {
  /** 온전한 배치들만 담은 바이트. 비어 있을 수 있습니다. */
  readonly records: Buffer;
  /** 첫 배치가 .log 안에서 시작하는 위치 */
  readonly position: number;
  /** 첫 배치가 maxBytes보다 커서 담지 못했는지 (minOneMessage가 아닐 때) */
  readonly firstEntryIncomplete: boolean;
}

export interface TimestampAndOffset {
  readonly timestamp: number;
  readonly offset: number;
  /** 배치의 partitionLeaderEpoch. 적혀 있지 않으면(−1) null. */
  readonly leaderEpoch: number | null;
}

/** 세그먼트를 굴릴지 정하는 데 필요한 값 (Kafka의 `RollParams`) */
export interface RollParams {
  readonly maxSegmentMs: number;
  readonly maxSegmentBytes: number;
  readonly maxTimestampInMessages: number;
  readonly maxOffsetInMessages: number;
  readonly messagesSize: number;
  readonly now: number;
}

export class LogSegment {
  /** 마지막 인덱스 항목 뒤로 쌓인 바이트 수 */
  private bytesSinceLastIndexEntry: number;
  /** 시간 기준 굴리기의 기준: 첫 배치의 maxTimestamp. undefined면 아직 읽지 않음. */
  private rollingBasedTimestamp: number | undefined;
  /** 지금까지 본 최대 타임스탬프와 그 배치의 마지막 오프셋. null이면 아직 읽지 않음 (타임 인덱스에서 읽음). */
  private maxTimestampAndOffsetSoFar: TimestampOffset | null = null;
  private closed = false;

  private constructor(
    readonly baseOffset: number,
    readonly log: FileRecords,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    readonly txnIndex: TransactionIndex,
    private readonly config: LogSegmentConfig,
    private readonly now: () => number,
    private created: number,
  ) {
    this.bytesSinceLastIndexEntry = this.bytesAfterLastIndexEntry();
  }

  /**
   * 세그먼트를 엽니다. `fileAlreadyExists`가 false면 빈 파일 세 개를 새로 만듭니다.
   * `created`(만든 시각)는 타임스탬프가 없는 배치만 있을 때 시간 기준 굴리기에 씁니다.
   * `fileSuffix`는 컴팩션이 쓰는 임시 이름(`.cleaned`, `.swap`)입니다.
   */
  static open(
    dir: string,
    baseOffset: number,
    config: LogSegmentConfig,
    now: () => number,
    fileAlreadyExists: boolean,
    fileSuffix = '',
  ): LogSegment {
    const create = !fileAlreadyExists;
    return new LogSegment(
      baseOffset,
      new FileRecords(logFile(dir, baseOffset, fileSuffix), create),
      new OffsetIndex(offsetIndexFile(dir, baseOffset, fileSuffix), baseOffset, config.segmentIndexBytes, create),
      new TimeIndex(timeIndexFile(dir, baseOffset, fileSuffix), baseOffset, config.segmentIndexBytes, create),
      new TransactionIndex(txnIndexFile(dir, baseOffset, fileSuffix), create),
      config,
      now,
      now(),
    );
  }

  get size(): number {
    return this.log.size;
  }

  /**
   * 오프셋이 이미 붙은 배치들을 끝에 씁니다. `index.interval.bytes`보다 많은 바이트가 쌓였으면 이번 쓰기의
   * 시작 위치로 인덱스 항목을 하나 더합니다 (Kafka: `LogSegment.append`, 쓰기 한 번에 항목 하나).
   */
  append(records: Buffer, info: SegmentAppendInfo): void {
    if (records.length === 0) return;
    if (!this.offsetIndex.canAppendOffset(info.largestOffset)) {
      throw new Error(`offset ${info.largestOffset} overflows segment ${this.baseOffset}`);
    }
    const physicalPosition = this.log.size;
    if (physicalPosition === 0) this.rollingBasedTimestamp = info.maxTimestamp;
    this.log.append(records);
    if (info.maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampAndOffsetSoFar = { timestamp: info.maxTimestamp, offset: info.offsetOfMaxTimestamp };
    }
    if (this.bytesSinceLastIndexEntry > this.config.indexIntervalBytes) {
      this.offsetIndex.append(info.largestOffset, physicalPosition);
      this.appendTimeIndexEntry(false);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += records.length;
  }

  /**
   * `offset`을 담은 배치(마지막 오프셋이 `offset` 이상인 첫 배치)를 찾습니다: 인덱스에서 그 이하인 가장
   * 가까운 위치를 얻고, 거기서부터 배치 헤더를 훑습니다. 세그먼트가 그 오프셋까지 오지 않았으면 null.
   */
  translateOffset(offset: number, startingFilePosition = 0): LogOffsetPosition | null {
    const mapping = this.offsetIndex.lookup(offset);
    return this.log.searchForOffsetFromPosition(offset, Math.max(mapping.position, startingFilePosition));
  }

  /**
   * `startOffset`을 담은 배치부터 온전한 배치들을 `maxBytes`까지 읽습니다. `maxPosition`(하이 워터마크의
   * 위치 등) 너머는 읽지 않습니다. `minOneMessage`면 첫 배치가 maxBytes보다 커도 그 배치 하나는 돌려줍니다
   * (KIP-74: 큰 배치 때문에 컨슈머가 멈추지 않게). 세그먼트에 그 오프셋이 없으면 null.
   *
   * Kafka는 maxBytes에서 바이트를 그대로 잘라 보내고(마지막 배치가 잘릴 수 있음) 클라이언트가 잘린 배치를
   * 버리지만, 여기서는 온전한 배치만 돌려줍니다.
   */
  read(
    startOffset: number,
    maxBytes: number,
    maxPosition = this.size,
    minOneMessage = false,
  ): SegmentReadResult | null {
    if (maxBytes < 0) throw new Error(`invalid max size ${maxBytes}`);
    const start = this.translateOffset(startOffset);
    if (!start) return null;
    const adjustedMaxBytes = minOneMessage ? Math.max(maxBytes, start.size) : maxBytes;
    const fetchSize = Math.min(maxPosition - start.position, adjustedMaxBytes);
    const chunk = fetchSize > 0 ? this.log.read(start.position, fetchSize) : Buffer.alloc(0);
    return {
      records: chunk.subarray(0, wholeBatchesLength(chunk)),
      position: start.position,
      firstEntryIncomplete: adjustedMaxBytes < start.size,
    };
  }

  /**
   * 타임스탬프가 `timestamp` 이상이고 오프셋이 `startingOffset` 이상인 첫 레코드 (ListOffsets).
   * 타임 인덱스로 출발 위치를 좁힌 뒤 배치를 훑고, 맞는 배치 안에서는 레코드를 읽어 정확한 오프셋을 찾습니다.
   */
  findOffsetByTimestamp(
    timestamp: number,
    startingOffset: number,
    readTimestamps: RecordTimestampReader = readUncompressedTimestamps,
  ): TimestampAndOffset | null {
    const indexed = this.timeIndex.lookup(timestamp);
    const position = this.offsetIndex.lookup(Math.max(indexed.offset, startingOffset)).position;
    for (const batch of this.log.batchesFrom(position)) {
      const { header } = batch;
      if (header.maxTimestamp < timestamp || lastOffsetOf(header) < startingOffset) continue;
      const records = readTimestamps(this.log.readBatch(batch), header);
      // 레코드를 읽을 수 없는 배치(압축)는 배치 단위로 답합니다: 그 배치의 첫 오프셋부터 읽으면 놓치는 레코드가 없습니다.
      if (records === null) return result(header.maxTimestamp, Math.max(header.baseOffset, startingOffset), batch);
      const hit = records.find((r) => r.timestamp >= timestamp && r.offset >= startingOffset);
      if (hit) return result(hit.timestamp, hit.offset, batch);
    }
    return null;
  }

  /**
   * 이 세그먼트에서 타임스탬프가 가장 큰 레코드 (ListOffsets MAX_TIMESTAMP, KIP-734). 세그먼트는 그 배치의
   * 마지막 오프셋만 기억하므로, 그 배치를 찾아 레코드 단위 오프셋을 읽습니다. 타임스탬프가 없으면 null.
   */
  findMaxTimestampRecord(
    readTimestamps: RecordTimestampReader = readUncompressedTimestamps,
  ): TimestampAndOffset | null {
    const { timestamp, offset } = this.readMaxTimestampAndOffsetSoFar();
    if (timestamp < 0) return null;
    const position = this.offsetIndex.lookup(offset).position;
    for (const batch of this.log.batchesFrom(position)) {
      if (batch.header.maxTimestamp !== timestamp) continue;
      const hit = readTimestamps(this.log.readBatch(batch), batch.header)?.find((r) => r.timestamp === timestamp);
      return result(timestamp, hit?.offset ?? batch.header.baseOffset, batch);
    }
    return null;
  }

  /**
   * 복구(Kafka: `LogSegment.recover`): .log를 처음부터 배치 단위로 검사하며 인덱스 둘을 새로 만들고,
   * 처음으로 온전하지 않은 배치(헤더가 잘림, 길이가 이상함, magic이 2가 아님, CRC 불일치, 오프셋이 거꾸로
   * 감)부터 끝까지를 잘라 냅니다. 잘라 낸 바이트 수를 돌려줍니다.
   */
  recover(): number {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.maxTimestampAndOffsetSoFar = { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    let validBytes = 0;
    let lastIndexEntry = 0;
    let nextExpectedOffset = this.baseOffset;
    for (const batch of this.log.batchesFrom(0)) {
      const { header } = batch;
      const last = lastOffsetOf(header);
      if (storedBatchProblem(this.log.readBatch(batch), header, nextExpectedOffset) !== null) break;
      if (!this.offsetIndex.canAppendOffset(last)) break;
      if (header.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampAndOffsetSoFar = { timestamp: header.maxTimestamp, offset: last };
      }
      if (validBytes - lastIndexEntry > this.config.indexIntervalBytes) {
        this.offsetIndex.append(last, validBytes);
        this.appendTimeIndexEntry(false);
        lastIndexEntry = validBytes;
      }
      validBytes += batch.size;
      nextExpectedOffset = last + 1;
    }
    const truncated = this.log.truncateTo(validBytes);
    // 정상적으로 닫힌 세그먼트처럼 최대 타임스탬프 항목을 마지막에 적습니다.
    this.appendTimeIndexEntry(true);
    this.rollingBasedTimestamp = undefined;
    this.bytesSinceLastIndexEntry = this.bytesAfterLastIndexEntry();
    return truncated;
  }

  /**
   * 적재할 때 인덱스를 믿어도 되는지 봅니다. 인덱스 파일이 없거나 내용이 로그와 맞지 않으면
   * `CorruptIndexError` — 호출한 쪽이 `recover()`로 다시 만듭니다.
   */
  sanityCheck(): void {
    if (!this.offsetIndex.exists()) throw new CorruptIndexError(`${this.offsetIndex.path} does not exist`);
    if (!this.timeIndex.exists()) throw new CorruptIndexError(`${this.timeIndex.path} does not exist`);
    this.offsetIndex.sanityCheck(this.size);
    this.timeIndex.sanityCheck(this.readNextOffset());
  }

  /** 다음에 붙을 오프셋: 마지막 인덱스 항목부터 끝까지 훑어 마지막 배치를 찾습니다. 비었으면 baseOffset. */
  readNextOffset(): number {
    let next = this.baseOffset;
    const from = this.offsetIndex.entries > 0 ? this.offsetIndex.entry(this.offsetIndex.entries - 1).position : 0;
    for (const batch of this.log.batchesFrom(from)) next = lastOffsetOf(batch.header) + 1;
    return next;
  }

  /**
   * `offset` 이상인 것을 모두 잘라 냅니다 (그 오프셋을 담은 배치부터 통째로). 잘라 낸 바이트 수를 돌려줍니다.
   * 복제에서 팔로워가 리더와 어긋난 꼬리를 버릴 때 씁니다.
   */
  truncateTo(offset: number): number {
    const mapping = this.translateOffset(offset);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.txnIndex.truncateTo(offset);
    const truncated = mapping === null ? 0 : this.log.truncateTo(mapping.position);
    if (this.size === 0) {
      this.created = this.now();
      this.rollingBasedTimestamp = undefined;
    }
    this.bytesSinceLastIndexEntry = this.bytesAfterLastIndexEntry();
    this.maxTimestampAndOffsetSoFar = this.readLargestTimestamp();
    return truncated;
  }

  /**
   * 굴릴 때가 됐는지 (Kafka: `LogSegment.shouldRoll`): 이번 쓰기로 `segment.bytes`를 넘거나, 첫 배치의
   * 타임스탬프에서 `segment.ms`가 지났거나, 인덱스가 찼거나, 상대 오프셋이 int32를 넘을 때.
   */
  shouldRoll(params: RollParams): boolean {
    const reachedRollMs = this.timeWaitedForRoll(params.now, params.maxTimestampInMessages) > params.maxSegmentMs;
    return (
      this.size > params.maxSegmentBytes - params.messagesSize ||
      (this.size > 0 && reachedRollMs) ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull() ||
      !this.offsetIndex.canAppendOffset(params.maxOffsetInMessages)
    );
  }

  /**
   * 이 세그먼트가 굴리기를 기다린 시간. 첫 배치에 타임스탬프가 있으면 "새 배치의 타임스탬프 − 첫 배치의
   * 타임스탬프"(레코드 시각 기준), 없으면 "지금 − 세그먼트를 만든 시각"입니다.
   */
  timeWaitedForRoll(now: number, messageTimestamp: number): number {
    if (this.rollingBasedTimestamp === undefined) {
      const first = this.log.batchesFrom(0).next();
      this.rollingBasedTimestamp = first.done ? undefined : first.value.header.maxTimestamp;
    }
    const ts = this.rollingBasedTimestamp ?? -1;
    return ts >= 0 ? messageTimestamp - ts : now - this.created;
  }

  /** 활성 세그먼트에서 물러날 때: 최대 타임스탬프 항목을 타임 인덱스에 적어 둡니다 (보존 판단에 씁니다). */
  onBecomeInactiveSegment(): void {
    this.appendTimeIndexEntry(true);
  }

  readMaxTimestampAndOffsetSoFar(): TimestampOffset {
    if (this.maxTimestampAndOffsetSoFar === null) this.maxTimestampAndOffsetSoFar = this.timeIndex.lastEntry;
    return this.maxTimestampAndOffsetSoFar;
  }

  get maxTimestampSoFar(): number {
    return this.readMaxTimestampAndOffsetSoFar().timestamp;
  }

  /** 시간 기준 보존의 기준: 가장 큰 레코드 타임스탬프, 없으면 파일의 마지막 수정 시각 */
  largestTimestamp(): number {
    const max = this.maxTimestampSoFar;
    return max >= 0 ? max : this.lastModified();
  }

  lastModified(): number {
    return this.log.lastModified();
  }

  setLastModified(ms: number): void {
    this.log.setLastModified(ms);
  }

  /** fsync: 이 세그먼트의 세 파일을 디스크까지 내립니다. */
  flush(): void {
    this.log.flush();
    this.offsetIndex.flush();
    this.timeIndex.flush();
    this.txnIndex.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // 닫힌 세그먼트의 타임 인덱스는 언제나 최대 타임스탬프 항목으로 끝납니다 (굴릴 때, 복구할 때와 같게).
    // 정상 종료 표시를 믿고 다음 적재가 이 파일을 검사 없이 쓰므로, 새로 적은 항목은 디스크까지 내립니다.
    const entries = this.timeIndex.entries;
    if (this.maxTimestampAndOffsetSoFar !== null) this.appendTimeIndexEntry(true);
    if (this.timeIndex.entries !== entries) this.timeIndex.flush();
    this.offsetIndex.close();
    this.timeIndex.close();
    this.txnIndex.close();
    this.log.close();
  }

  /**
   * 파일을 지웁니다. Kafka처럼 먼저 `.deleted`를 붙여 이름을 바꾸고 지웁니다: 그 사이에 프로세스가 죽으면
   * 다음 시작 때 `.deleted` 파일을 보고 마저 지웁니다 (세그먼트가 반쯤 지워진 채 되살아나지 않게).
   */
  deleteIfExists(): void {
    this.close();
    this.log.deleteIfExists();
    this.offsetIndex.deleteIfExists();
    this.timeIndex.deleteIfExists();
    this.txnIndex.deleteIfExists();
  }

  /**
   * 세 파일의 접미사를 바꿉니다 (`.cleaned` → `.swap` → 없음). .log를 먼저 바꿉니다: 도중에 죽으면 아직 옛
   * 접미사인 인덱스가 남고, 적재가 그것을 보고 어디까지 진행했는지 압니다 (log-loader.ts).
   */
  changeFileSuffixes(oldSuffix: string, newSuffix: string): void {
    for (const file of [this.log, this.offsetIndex, this.timeIndex, this.txnIndex]) {
      if (!file.path.endsWith(oldSuffix)) throw new Error(`${file.path} does not end with "${oldSuffix}"`);
      file.renameTo(file.path.slice(0, file.path.length - oldSuffix.length) + newSuffix);
    }
  }

  /** 이름을 `.deleted`로 바꾼 뒤 지웁니다. */
  markDeletedAndDelete(): void {
    this.close();
    this.log.renameTo(this.log.path + DELETED_FILE_SUFFIX);
    this.offsetIndex.renameTo(this.offsetIndex.path + DELETED_FILE_SUFFIX);
    this.timeIndex.renameTo(this.timeIndex.path + DELETED_FILE_SUFFIX);
    this.txnIndex.renameTo(this.txnIndex.path + DELETED_FILE_SUFFIX);
    this.deleteIfExists();
  }

  /** ABORT 마커를 이 세그먼트에 쓴 뒤, 그 트랜잭션을 .txnindex에 적습니다 (Kafka: `LogSegment.updateTxnIndex`). */
  updateTxnIndex(txn: AbortedTxn): void {
    this.txnIndex.append(txn);
  }

  private appendTimeIndexEntry(skipFullCheck: boolean): void {
    const { timestamp, offset } = this.readMaxTimestampAndOffsetSoFar();
    this.timeIndex.maybeAppend(timestamp, offset, skipFullCheck);
  }

  /** 타임 인덱스의 마지막 항목 뒤를 훑어 최대 타임스탬프를 다시 계산합니다 (잘라 낸 뒤에). */
  private readLargestTimestamp(): TimestampOffset {
    const last = this.timeIndex.lastEntry;
    const after = this.log.largestTimestampAfter(this.offsetIndex.lookup(last.offset).position);
    return after.timestamp > last.timestamp ? after : last;
  }

  /**
   * 마지막 인덱스 항목이 가리키는 배치부터 끝까지의 바이트 수. 다시 연 세그먼트도 "한 번도 닫히지 않은
   * 세그먼트"와 같은 자리에 다음 항목을 만들게 합니다 (Kafka는 다시 열면 0부터 다시 셉니다).
   */
  private bytesAfterLastIndexEntry(): number {
    const entries = this.offsetIndex.entries;
    return this.size - (entries > 0 ? this.offsetIndex.entry(entries - 1).position : 0);
  }
}

function result(timestamp: number, offset: number, batch: FileBatch): TimestampAndOffset {
  const epoch = batch.header.partitionLeaderEpoch;
  return { timestamp, offset, leaderEpoch: epoch >= 0 ? epoch : null };
}

/** 버퍼 앞쪽에서 온전한 배치들이 차지하는 길이 (끝에 잘린 배치는 뺍니다) */
export function wholeBatchesLength(chunk: Buffer): number {
  let position = 0;
  while (chunk.length - position >= 12) {
    const size = chunk.readInt32BE(position + 8) + 12;
    if (size <= 12 || position + size > chunk.length) break;
    position += size;
  }
  return position;
}
