/**
 * 고정 크기 항목을 차례로 적는 인덱스 파일. `OffsetIndex`(8바이트)와 `TimeIndex`(12바이트)가 씁니다.
 * Kafka의 `AbstractIndex`에 해당합니다.
 *
 * Kafka는 인덱스 파일을 `segment.index.bytes`(10 MiB)만큼 미리 늘려 두고 mmap으로 쓴 다음, 세그먼트가
 * 닫힐 때 실제 항목 길이로 잘라 냅니다. 여기서는 미리 늘리지 않고 항목을 파일 끝에 바로 덧붙이므로,
 * 파일은 언제나 "닫힌 Kafka 인덱스"와 같은 모양(항목 바이트만 있는 파일)입니다. 검색은 메모리에 둔
 * 복사본으로 합니다 (mmap 대신).
 */
import fs from 'node:fs';
import { writeFully } from './file-io.js';

export class IndexFile {
  /** 파일 내용의 복사본. 앞쪽 `length` 바이트만 유효하고, 뒤는 늘어날 자리입니다. */
  private bytes: Buffer;
  private length: number;
  private fd: number | null = null;

  /** `create`면 빈 파일을 새로 만들고(있던 내용은 버림), 아니면 있는 파일을 읽습니다 (없으면 빈 인덱스). */
  constructor(
    private filePath: string,
    readonly entrySize: number,
    create = false,
  ) {
    if (create) this.fd = fs.openSync(filePath, 'w+');
    this.bytes = !create && fs.existsSync(filePath) ? fs.readFileSync(filePath) : Buffer.alloc(0);
    this.length = this.bytes.length;
  }

  exists(): boolean {
    return fs.existsSync(this.filePath);
  }

  get path(): string {
    return this.filePath;
  }

  /** 파일의 바이트 수. 찢어진 쓰기가 있었다면 항목 크기의 배수가 아닐 수 있습니다 (sanityCheck가 잡습니다). */
  get sizeInBytes(): number {
    return this.length;
  }

  get entries(): number {
    return Math.floor(this.length / this.entrySize);
  }

  /** 유효한 바이트를 그대로 보여 줍니다 (복사하지 않음). */
  get view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** n번째 항목이 시작하는 바이트 위치 */
  at(n: number): number {
    return n * this.entrySize;
  }

  append(entry: Buffer): void {
    if (entry.length !== this.entrySize) throw new Error(`index entry must be ${this.entrySize} bytes`);
    this.ensureCapacity(this.length + entry.length);
    entry.copy(this.bytes, this.length);
    writeFully(this.openFd(), entry, this.length);
    this.length += entry.length;
  }

  /** 앞의 `entries`개만 남기고 잘라 냅니다. 항목 크기의 배수가 아닌 꼬리도 함께 사라집니다. */
  truncateToEntries(entries: number): void {
    const newLength = Math.min(this.length, entries * this.entrySize);
    fs.ftruncateSync(this.openFd(), newLength);
    this.length = newLength;
  }

  flush(): void {
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }

  renameTo(newPath: string): void {
    if (fs.existsSync(this.filePath)) fs.renameSync(this.filePath, newPath);
    this.filePath = newPath;
  }

  deleteIfExists(): boolean {
    this.close();
    if (!fs.existsSync(this.filePath)) return false;
    fs.unlinkSync(this.filePath);
    return true;
  }

  /** 파일은 처음 쓸 때 만듭니다. 읽기만 하는 세그먼트는 파일 핸들을 잡지 않습니다. */
  private openFd(): number {
    if (this.fd === null) this.fd = fs.openSync(this.filePath, fs.existsSync(this.filePath) ? 'r+' : 'w+');
    return this.fd;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.bytes.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.bytes.length * 2, 64 * this.entrySize));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** 인덱스가 로그와 맞지 않을 때. 로그 적재 과정이 잡아서 그 세그먼트를 복구(인덱스 재생성)합니다. */
export class CorruptIndexError extends Error {
  override name = 'CorruptIndexError';
}
