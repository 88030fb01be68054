// 1장 파티션 로그와 오프셋 — 해답
// 원본: reference/src/log/in-memory-log.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 1장: 메모리 위의 파티션 로그.
 *
 * 레코드를 배열 하나에 차례로 쌓고, 배열의 위치 i에 있는 레코드의 오프셋은 `logStartOffset + i`입니다.
 * 오프셋은 배열 인덱스가 아니라 "이 파티션에서 몇 번째 레코드인가"이므로, 앞부분을 지워도
 * 남은 레코드의 오프셋은 바뀌지 않습니다.
 */
import {
  type AppendResult,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_RECORDS,
  InvalidRecordError,
  type LogRecord,
  OffsetOutOfRangeError,
  type PartitionLog,
  type ReadLimits,
  recordSizeInBytes,
  type StoredRecord,
} from '../../../reference/src/log/partition-log.js';

export class InMemoryPartitionLog implements PartitionLog {
  /** records[0]의 오프셋이 곧 로그 시작 오프셋입니다. */
  #records: StoredRecord[] = [];
  #logStartOffset: number;

  constructor(options: { logStartOffset?: number } = {}) {
    this.#logStartOffset = options.logStartOffset ?? 0;
  }

  get logStartOffset(): number {
    return this.#logStartOffset;
  }

  get logEndOffset(): number {
    return this.#logStartOffset + this.#records.length;
  }

  append(records: readonly LogRecord[]): AppendResult {
    if (records.length === 0) {
      throw new InvalidRecordError('INVALID_RECORD: 레코드가 없는 배치는 추가할 수 없습니다');
    }
    const baseOffset = this.logEndOffset;
    // 호출한 쪽이 나중에 객체를 고쳐도 로그가 바뀌지 않도록 복사해서 저장합니다. 로그는 추가만 합니다.
    records.forEach((record, i) => {
      this.#records.push({ ...record, offset: baseOffset + i });
    });
    return { baseOffset, lastOffset: baseOffset + records.length - 1 };
  }

  read(offset: number, limits: ReadLimits = {}): StoredRecord[] {
    if (offset < this.#logStartOffset || offset > this.logEndOffset) {
      throw new OffsetOutOfRangeError(offset, this.#logStartOffset, this.logEndOffset);
    }
    const maxRecords = limits.maxRecords ?? DEFAULT_MAX_RECORDS;
    const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
    const result: StoredRecord[] = [];
    let bytes = 0;
    for (let i = offset - this.#logStartOffset; i < this.#records.length && result.length < maxRecords; i++) {
      const record = this.#records[i] as StoredRecord;
      bytes += recordSizeInBytes(record);
      // 첫 레코드는 크기와 상관없이 보냅니다. 그러지 않으면 큰 레코드 하나에 컨슈머가 영원히 멈춥니다.
      if (result.length > 0 && bytes > maxBytes) break;
      result.push(record);
    }
    return result;
  }

  advanceLogStartOffset(offset: number): void {
    if (offset > this.logEndOffset) {
      throw new OffsetOutOfRangeError(offset, this.#logStartOffset, this.logEndOffset);
    }
    if (offset <= this.#logStartOffset) return;
    this.#records.splice(0, offset - this.#logStartOffset);
    this.#logStartOffset = offset;
  }
}
