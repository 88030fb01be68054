/**
 * 두 인덱스(.index, .timeindex)가 함께 쓰는 뼈대 (Kafka: `AbstractIndex`). 고정 크기 항목을 파일에 차례로 붙이고,
 * 항목의 키(오프셋 또는 타임스탬프)가 늘 커지므로 "목표 이하인 가장 큰 항목"을 이진 탐색으로 찾습니다.
 * 항목의 모양과 키는 각 인덱스가 정합니다.
 */
import { CorruptIndexError, IndexFile } from './index-file.js';

/** `segment.index.bytes` 기본값 10 MiB */
export const DEFAULT_MAX_INDEX_SIZE = 10 * 1024 * 1024;

export abstract class AbstractIndex<Entry> {
  protected readonly file: IndexFile;
  readonly maxEntries: number;

  constructor(
    filePath: string,
    readonly baseOffset: number,
    private readonly entrySize: number,
    maxIndexSize: number,
    create: boolean,
  ) {
    this.file = new IndexFile(filePath, entrySize, create);
    this.maxEntries = Math.floor(maxIndexSize / entrySize);
  }

  /** n번째 항목 */
  abstract entry(n: number): Entry;

  get path(): string {
    return this.file.path;
  }

  get entries(): number {
    return this.file.entries;
  }

  /** 파일 내용 그대로 (테스트와 디버깅용) */
  get bytes(): Buffer {
    return this.file.view;
  }

  exists(): boolean {
    return this.file.exists();
  }

  isFull(): boolean {
    return this.entries >= this.maxEntries;
  }

  reset(): void {
    this.file.truncateToEntries(0);
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }

  renameTo(newPath: string): void {
    this.file.renameTo(newPath);
  }

  deleteIfExists(): boolean {
    return this.file.deleteIfExists();
  }

  /** 파일 길이가 항목 크기의 배수가 아니면 (쓰다 만 항목) 손상입니다. */
  protected checkLength(): void {
    if (this.file.sizeInBytes % this.entrySize !== 0) {
      throw new CorruptIndexError(
        `${this.path}: length ${this.file.sizeInBytes} is not a multiple of ${this.entrySize}`,
      );
    }
  }

  /** 키가 `target` 이하인 마지막 항목의 번호 (이진 탐색). 없으면 −1. */
  protected largestLowerBoundSlot(target: number, keyOf: (entry: Entry) => number): number {
    let low = 0;
    let high = this.entries - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (keyOf(this.entry(mid)) <= target) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}
