/**
 * 세그먼트의 `.log` 파일: 레코드 배치 v2를 받은 그대로 이어 붙인 파일입니다. 파일 머리말도 구분자도
 * 없습니다 — 배치마다 헤더의 batchLength가 다음 배치의 위치를 알려 줍니다. Kafka의 `FileRecords`에
 * 해당합니다.
 *
 *     [배치 0: baseOffset(8) batchLength(4) …][배치 1 …][배치 2 …] …
 */
import fs from 'node:fs';
import {
  BATCH_HEADER_SIZE,
  type BatchHeader,
  batchSize,
  lastOffsetOf,
  readBatchHeader,
} from '../record/batch-header.js';
import { readAt, writeFully } from './file-io.js';

/** 파일 안의 배치 하나: 시작 위치, 헤더, 전체 바이트 수 */
export interface FileBatch {
  readonly position: number;
  readonly header: BatchHeader;
  readonly size: number;
}

/** 오프셋을 찾았을 때: 그 오프셋을 담은 배치의 마지막 오프셋, 시작 위치, 크기 (Kafka의 `LogOffsetPosition`) */
export interface LogOffsetPosition {
  readonly offset: number;
  readonly position: number;
  readonly size: number;
}

export class FileRecords {
  private fd: number;
  private sizeInBytes: number;

  /** `create`면 새 파일을 만들고(있으면 비움), 아니면 있는 파일을 엽니다. */
  constructor(
    private filePath: string,
    create: boolean,
  ) {
    this.fd = fs.openSync(filePath, create ? 'w+' : 'r+');
    this.sizeInBytes = fs.fstatSync(this.fd).size;
  }

  get path(): string {
    return this.filePath;
  }

  get size(): number {
    return this.sizeInBytes;
  }

  /**
   * 파일 끝에 붙입니다. `writeSync`가 돌아오면 바이트는 운영체제의 페이지 캐시에 있으므로, 프로세스가
   * `kill -9`로 죽어도 남습니다. 디스크까지 내려 보내는 fsync는 하지 않습니다 — Kafka도 기본값
   * (`log.flush.interval.messages`=Long.MAX_VALUE)으로는 쓸 때마다 fsync하지 않고, 전원이 나가는 경우는
   * 다른 브로커의 복제본(replication)에 맡깁니다. fsync는 세그먼트를 굴릴 때와 종료할 때(`flush`) 합니다.
   */
  append(records: Buffer): void {
    writeFully(this.fd, records, this.sizeInBytes);
    this.sizeInBytes += records.length;
  }

  read(position: number, length: number): Buffer {
    return readAt(this.fd, position, Math.max(0, Math.min(length, this.sizeInBytes - position)));
  }

  /**
   * `position`부터 `end`까지 배치를 차례로 돌려줍니다. 헤더를 다 읽을 수 없거나 배치가 `end`를 넘어가면
   * (찢어진 꼬리) 거기서 멈춥니다. 헤더 61바이트만 읽고 본문은 읽지 않습니다.
   */
  *batchesFrom(position = 0, end = this.sizeInBytes): Generator<FileBatch> {
    let at = position;
    while (end - at >= BATCH_HEADER_SIZE) {
      const header = readBatchHeader(this.read(at, BATCH_HEADER_SIZE));
      if (!header) return;
      const size = batchSize(header);
      if (size < BATCH_HEADER_SIZE || at + size > end) return;
      yield { position: at, header, size };
      at += size;
    }
  }

  /** 배치 하나 전체 (CRC 검사나 레코드 읽기에 씁니다) */
  readBatch(batch: FileBatch): Buffer {
    return this.read(batch.position, batch.size);
  }

  /**
   * `startingPosition`부터 훑어, 마지막 오프셋이 `targetOffset` 이상인 첫 배치를 찾습니다.
   * 로그가 그 오프셋까지 오지 않았으면 null. (Kafka: `FileRecords.searchForOffsetFromPosition`)
   */
  searchForOffsetFromPosition(targetOffset: number, startingPosition: number): LogOffsetPosition | null {
    for (const batch of this.batchesFrom(startingPosition)) {
      const last = lastOffsetOf(batch.header);
      if (last >= targetOffset) return { offset: last, position: batch.position, size: batch.size };
    }
    return null;
  }

  /** `startingPosition` 뒤에서 가장 큰 배치 maxTimestamp와 그 배치의 마지막 오프셋 */
  largestTimestampAfter(startingPosition: number): { timestamp: number; offset: number } {
    let best = { timestamp: -1, offset: -1 };
    for (const batch of this.batchesFrom(startingPosition)) {
      if (batch.header.maxTimestamp > best.timestamp) {
        best = { timestamp: batch.header.maxTimestamp, offset: lastOffsetOf(batch.header) };
      }
    }
    return best;
  }

  /** 파일을 `size` 바이트로 자릅니다. 잘라 낸 바이트 수를 돌려줍니다. */
  truncateTo(size: number): number {
    if (size > this.sizeInBytes || size < 0) {
      throw new Error(`cannot truncate ${this.filePath} (${this.sizeInBytes} bytes) to ${size}`);
    }
    const truncated = this.sizeInBytes - size;
    if (truncated > 0) fs.ftruncateSync(this.fd, size);
    this.sizeInBytes = size;
    return truncated;
  }

  /** 페이지 캐시의 내용을 디스크까지 내립니다 (fsync). */
  flush(): void {
    fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  renameTo(newPath: string): void {
    fs.renameSync(this.filePath, newPath);
    this.filePath = newPath;
  }

  deleteIfExists(): boolean {
    this.close();
    if (!fs.existsSync(this.filePath)) return false;
    fs.unlinkSync(this.filePath);
    return true;
  }

  /** 파일의 마지막 수정 시각(ms). 타임스탬프가 없는 세그먼트의 보존 기준입니다. */
  lastModified(): number {
    return fs.statSync(this.filePath).mtimeMs;
  }

  /** 마지막 수정 시각을 바꿉니다. 컴팩션이 새로 쓴 세그먼트에 옛 세그먼트의 시각을 물려줄 때 씁니다. */
  setLastModified(ms: number): void {
    const seconds = ms / 1000;
    fs.utimesSync(this.filePath, seconds, seconds);
  }
}
