/**
 * 오프셋 인덱스(Offset Index), `<base>.index`: "이 오프셋의 배치는 .log 파일의 몇 번째 바이트에 있나"를
 * 빠르게 찾기 위한 희소(sparse) 인덱스입니다. Kafka의 `OffsetIndex`와 바이트 단위로 같습니다.
 *
 *     항목 하나 = 8바이트, 빅엔디언
 *       relativeOffset: int32   오프셋 − 세그먼트의 baseOffset
 *       position:       int32   .log 파일 안에서 그 배치가 시작하는 바이트 위치
 *
 * 모든 배치에 항목을 만들지 않습니다. 세그먼트는 마지막 항목 뒤로 `index.interval.bytes`(기본 4096)
 * 바이트가 넘게 쌓였을 때만 항목을 하나 더합니다. 그래서 인덱스는 작아서 메모리에 올려 둘 수 있고,
 * 찾을 때는 이진 탐색으로 "목표 이하인 가장 큰 항목"을 찾은 뒤 .log를 그 위치부터 조금만 훑으면 됩니다.
 *
 * 상대 오프셋을 4바이트로 적기 때문에 한 세그먼트에는 baseOffset부터 2^31−1개 오프셋까지만 담을 수
 * 있습니다. 넘으면 세그먼트를 새로 굴립니다 (`canAppendOffset`).
 */
import { AbstractIndex, DEFAULT_MAX_INDEX_SIZE } from './abstract-index.js';
import { CorruptIndexError } from './index-file.js';

export interface OffsetPosition {
  readonly offset: number;
  readonly position: number;
}

export const OFFSET_INDEX_ENTRY_SIZE = 8;

const INT32_MAX = 0x7fffffff;

export class OffsetIndex extends AbstractIndex<OffsetPosition> {
  constructor(filePath: string, baseOffset: number, maxIndexSize = DEFAULT_MAX_INDEX_SIZE, create = false) {
    super(filePath, baseOffset, OFFSET_INDEX_ENTRY_SIZE, maxIndexSize, create);
  }

  override entry(n: number): OffsetPosition {
    const at = this.file.at(n);
    const view = this.file.view;
    return { offset: this.baseOffset + view.readInt32BE(at), position: view.readInt32BE(at + 4) };
  }

  /** 마지막 항목의 오프셋. 비어 있으면 baseOffset. */
  get lastOffset(): number {
    return this.entries === 0 ? this.baseOffset : this.entry(this.entries - 1).offset;
  }

  /** 상대 오프셋이 int32에 들어가는지 */
  canAppendOffset(offset: number): boolean {
    const relative = offset - this.baseOffset;
    return relative >= 0 && relative <= INT32_MAX;
  }

  /**
   * `targetOffset` 이하인 가장 큰 항목. 그런 항목이 없으면 세그먼트의 처음(baseOffset, 위치 0)입니다.
   * 돌려준 위치부터 .log를 훑으면 목표 오프셋을 담은 배치가 나옵니다.
   */
  lookup(targetOffset: number): OffsetPosition {
    const slot = this.largestLowerBoundSlot(targetOffset, (e) => e.offset);
    return slot < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(slot);
  }

  /**
   * 항목 추가. Kafka의 항목은 (배치의 마지막 오프셋, 배치의 시작 위치)입니다. 오프셋은 반드시 커져야
   * 합니다 — 작아지면 로그가 어긋났다는 뜻이므로 멈춥니다.
   */
  append(offset: number, position: number): void {
    if (this.isFull()) throw new Error(`offset index ${this.path} is full (${this.entries} entries)`);
    if (this.entries > 0 && offset <= this.lastOffset) {
      throw new Error(`offset index: offset ${offset} is not larger than the last entry ${this.lastOffset}`);
    }
    if (!this.canAppendOffset(offset)) throw new Error(`offset ${offset} does not fit segment ${this.baseOffset}`);
    const entry = Buffer.alloc(OFFSET_INDEX_ENTRY_SIZE);
    entry.writeInt32BE(offset - this.baseOffset, 0);
    entry.writeInt32BE(position, 4);
    this.file.append(entry);
  }

  /** `offset` 이상인 항목을 모두 지웁니다 (로그를 그 오프셋에서 자를 때). */
  truncateTo(offset: number): void {
    const slot = this.largestLowerBoundSlot(offset, (e) => e.offset);
    let keep: number;
    if (slot < 0) keep = 0;
    else if (this.entry(slot).offset === offset) keep = slot;
    else keep = slot + 1;
    this.file.truncateToEntries(keep);
  }

  /**
   * 적재할 때 인덱스를 믿어도 되는지 검사합니다. Kafka의 `OffsetIndex.sanityCheck`보다 조금 더 봅니다:
   * 길이가 8의 배수인지, 오프셋과 위치가 모두 커지는지, 마지막 위치가 .log 파일 안인지.
   * 실패하면 `CorruptIndexError` — 로그 적재가 이 세그먼트를 복구하며 인덱스를 다시 만듭니다.
   */
  sanityCheck(logSize: number): void {
    this.checkLength();
    let previous: OffsetPosition | null = null;
    for (let n = 0; n < this.entries; n++) {
      const current = this.entry(n);
      const relative = current.offset - this.baseOffset;
      if (relative < 0 || current.position < 0 || current.position >= logSize) {
        throw new CorruptIndexError(
          `${this.path}: entry ${n} (${current.offset} @ ${current.position}) is out of range`,
        );
      }
      if (previous && (current.offset <= previous.offset || current.position <= previous.position)) {
        throw new CorruptIndexError(`${this.path}: entry ${n} does not increase`);
      }
      previous = current;
    }
  }
}
