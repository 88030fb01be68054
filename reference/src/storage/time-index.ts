/**
 * 타임 인덱스(Time Index), `<base>.timeindex`: "이 시각 이후의 레코드는 어느 오프셋부터인가"를 찾기 위한
 * 희소 인덱스입니다. ListOffsets(시각으로 오프셋 찾기)와 시간 기준 보존이 씁니다. Kafka의 `TimeIndex`와
 * 바이트 단위로 같습니다.
 *
 *     항목 하나 = 12바이트, 빅엔디언
 *       timestamp:      int64   지금까지 본 가장 큰 타임스탬프
 *       relativeOffset: int32   그 타임스탬프를 가진 배치의 마지막 오프셋 − baseOffset
 *
 * 프로듀서가 정하는 타임스탬프(CreateTime)는 오프셋 순서와 어긋날 수 있습니다. 그래서 각 항목은
 * "그 지점까지의 최대 타임스탬프"를 적고, 타임스탬프가 마지막 항목보다 **커질 때만** 항목을 더합니다.
 * 항목의 타임스탬프는 항상 증가하므로 이진 탐색을 할 수 있습니다.
 */
import { AbstractIndex, DEFAULT_MAX_INDEX_SIZE } from './abstract-index.js';
import { CorruptIndexError } from './index-file.js';

export interface TimestampOffset {
  readonly timestamp: number;
  readonly offset: number;
}

export const TIME_INDEX_ENTRY_SIZE = 12;
/** 타임스탬프가 없음 (Kafka의 `RecordBatch.NO_TIMESTAMP`) */
export const NO_TIMESTAMP = -1;

export class TimeIndex extends AbstractIndex<TimestampOffset> {
  constructor(filePath: string, baseOffset: number, maxIndexSize = DEFAULT_MAX_INDEX_SIZE, create = false) {
    super(filePath, baseOffset, TIME_INDEX_ENTRY_SIZE, maxIndexSize, create);
  }

  override entry(n: number): TimestampOffset {
    const at = this.file.at(n);
    const view = this.file.view;
    return { timestamp: Number(view.readBigInt64BE(at)), offset: this.baseOffset + view.readInt32BE(at + 8) };
  }

  /** 마지막 항목. 비어 있으면 (NO_TIMESTAMP, baseOffset). */
  get lastEntry(): TimestampOffset {
    return this.entries === 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(this.entries - 1);
  }

  /** 타임스탬프가 `targetTimestamp` 이하인 가장 큰 항목. 없으면 (NO_TIMESTAMP, baseOffset). */
  lookup(targetTimestamp: number): TimestampOffset {
    const slot = this.largestLowerBoundSlot(targetTimestamp, (e) => e.timestamp);
    return slot < 0 ? { timestamp: NO_TIMESTAMP, offset: this.baseOffset } : this.entry(slot);
  }

  /**
   * 타임스탬프가 마지막 항목보다 클 때만 항목을 더합니다. 같은 항목을 다시 넣으려는 경우(세그먼트를
   * 닫거나 굴릴 때 마지막 최대값을 적는 경우)는 조용히 넘어갑니다. `skipFullCheck`는 그 마지막 한 항목을
   * 위한 것입니다 (Kafka: `TimeIndex.maybeAppend`).
   */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    if (!skipFullCheck && this.isFull()) throw new Error(`time index ${this.path} is full (${this.entries} entries)`);
    const last = this.lastEntry;
    if (this.entries > 0 && offset < last.offset) {
      throw new Error(`time index: offset ${offset} is smaller than the last entry's ${last.offset}`);
    }
    if (this.entries > 0 && timestamp < last.timestamp) {
      throw new Error(`time index: timestamp ${timestamp} is smaller than the last entry's ${last.timestamp}`);
    }
    if (timestamp <= last.timestamp) return;
    const entry = Buffer.alloc(TIME_INDEX_ENTRY_SIZE);
    entry.writeBigInt64BE(BigInt(timestamp), 0);
    entry.writeInt32BE(offset - this.baseOffset, 8);
    this.file.append(entry);
  }

  /** 오프셋이 `offset` 이상인 항목을 모두 지웁니다. */
  truncateTo(offset: number): void {
    let keep = this.entries;
    while (keep > 0 && this.entry(keep - 1).offset >= offset) keep--;
    this.file.truncateToEntries(keep);
  }

  /**
   * 길이가 12의 배수인지, 타임스탬프가 항목마다 커지는지, 오프셋이 줄지 않고 세그먼트 범위
   * [baseOffset, nextOffset) 안인지 봅니다 (Kafka의 `TimeIndex.sanityCheck`보다 조금 더).
   */
  sanityCheck(nextOffset: number): void {
    this.checkLength();
    let previous: TimestampOffset | null = null;
    for (let n = 0; n < this.entries; n++) {
      const current = this.entry(n);
      if (current.offset < this.baseOffset || current.offset >= nextOffset) {
        throw new CorruptIndexError(`${this.path}: entry ${n} offset ${current.offset} is outside the segment`);
      }
      if (previous && (current.timestamp <= previous.timestamp || current.offset < previous.offset)) {
        throw new CorruptIndexError(`${this.path}: entry ${n} does not increase`);
      }
      previous = current;
    }
  }
}
