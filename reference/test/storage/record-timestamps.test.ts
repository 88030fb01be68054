/**
 * ListOffsets가 시각으로 오프셋을 찾을 때 배치 안의 레코드를 훑는 코드(record-timestamps.ts). 프로듀서가 적은
 * recordsCount와 레코드 길이를 믿으면, CRC까지 맞춘 엉터리 배치 하나로 브로커가 같은 자리를 20억 번 돌다
 * 메모리가 바닥났습니다 (퍼즈 테스트 reference/test/e2e/fuzz.test.ts가 찾은 것).
 */
import { describe, expect, it } from 'vitest';
import { BATCH_HEADER_SIZE, computeCrc, Offsets, readBatchHeader } from '../../src/record/batch-header.js';
import { readUncompressedTimestamps } from '../../src/storage/record-timestamps.js';
import { makeBatch } from './batches.js';

/** 헤더는 그대로 두고 레코드 부분을 `records`로 바꾼 뒤, 개수·길이·CRC를 (거짓이지만 서로 맞게) 고쳐 씁니다. */
function forged(records: Buffer, recordsCount: number): Buffer {
  const base = makeBatch([{ timestamp: 1_000, value: 'x' }]);
  const batch = Buffer.concat([base.subarray(0, BATCH_HEADER_SIZE), records]);
  batch.writeInt32BE(batch.length - 12, Offsets.batchLength);
  batch.writeInt32BE(recordsCount, Offsets.recordsCount);
  batch.writeInt32BE(recordsCount - 1, Offsets.lastOffsetDelta);
  batch.writeUInt32BE(computeCrc(batch, 0, { batchLength: batch.length - 12 }), Offsets.crc);
  return batch;
}

const timestamps = (batch: Buffer) => readUncompressedTimestamps(batch, readBatchHeader(batch) ?? expect.fail());

describe('readUncompressedTimestamps on forged batches (valid CRC, lying header)', () => {
  it('reads the timestamps of an honest batch', () => {
    const batch = makeBatch([
      { timestamp: 1_000, value: 'a' },
      { timestamp: 1_005, value: 'b' },
    ]);
    expect(timestamps(batch)).toEqual([
      { offset: 0, timestamp: 1_000 },
      { offset: 1, timestamp: 1_005 },
    ]);
  });

  it('gives up on a record whose length is negative instead of re-reading it forever', () => {
    // Kafka protocol guide, "Record": length는 zigzag varint. 0x01은 -1이라, 다음 레코드가 이 레코드의 시작으로 되돌아갑니다.
    const started = Date.now();
    expect(timestamps(forged(Buffer.from([0x01, 0x00, 0x00, 0x00]), 0x7fffffff))).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on records of length zero', () => {
    // 길이 0인 레코드 여섯 개가 서로 겹쳐 한 바이트씩만 나아갑니다: 레코드가 아닙니다.
    expect(timestamps(forged(Buffer.alloc(12), 6))).toBeNull();
  });

  it('gives up when the header claims more records than the bytes can hold', () => {
    expect(timestamps(forged(Buffer.from([0x0c, 0, 0, 0, 1, 1, 0]), 1_000_000))).toBeNull();
  });
});
