/**
 * 레코드 배치 v2 바이트를 손으로 만드는 테스트 도우미 (압축 없음). 형식은 Kafka protocol guide
 * "Record Batch"와 "Record"를 따릅니다. vitest 밖(자식 프로세스)에서도 쓰므로 vitest를 가져오지 않습니다.
 */
import { BATCH_HEADER_SIZE, computeCrc, Offsets } from '../../src/record/batch-header.js';

export interface TestRecord {
  readonly timestamp: number;
  readonly value: string;
  readonly key?: string;
}

export interface BatchOptions {
  readonly baseOffset?: number;
  readonly producerId?: number;
  readonly baseSequence?: number;
  readonly attributes?: number;
  readonly partitionLeaderEpoch?: number;
}

/** 레코드들로 압축하지 않은 배치 하나를 만듭니다. 프로듀서처럼 baseOffset은 0, CRC는 맞게 채웁니다. */
export function makeBatch(records: readonly TestRecord[], options: BatchOptions = {}): Buffer {
  const first = records[0];
  if (!first) throw new Error('a batch needs at least one record in tests');
  const baseTimestamp = first.timestamp;
  const body = Buffer.concat(records.map((r, i) => encodeRecord(r, i, baseTimestamp)));
  const batch = Buffer.alloc(BATCH_HEADER_SIZE + body.length);
  batch.writeBigInt64BE(BigInt(options.baseOffset ?? 0), Offsets.baseOffset);
  batch.writeInt32BE(batch.length - 12, Offsets.batchLength);
  batch.writeInt32BE(options.partitionLeaderEpoch ?? -1, Offsets.partitionLeaderEpoch);
  batch.writeInt8(2, Offsets.magic);
  batch.writeInt16BE(options.attributes ?? 0, Offsets.attributes);
  batch.writeInt32BE(records.length - 1, Offsets.lastOffsetDelta);
  batch.writeBigInt64BE(BigInt(baseTimestamp), Offsets.baseTimestamp);
  batch.writeBigInt64BE(BigInt(Math.max(...records.map((r) => r.timestamp))), Offsets.maxTimestamp);
  batch.writeBigInt64BE(BigInt(options.producerId ?? -1), Offsets.producerId);
  batch.writeInt16BE(-1, Offsets.producerEpoch);
  batch.writeInt32BE(options.baseSequence ?? -1, Offsets.baseSequence);
  batch.writeInt32BE(records.length, Offsets.recordsCount);
  body.copy(batch, BATCH_HEADER_SIZE);
  return withFixedCrc(batch);
}

/** 헤더를 고친 뒤 CRC를 다시 계산합니다 (일부러 이상한 배치를 만들 때). */
export function withFixedCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(computeCrc(batch, 0, { batchLength: batch.readInt32BE(Offsets.batchLength) }), Offsets.crc);
  return batch;
}

/** 값 하나짜리 레코드 n개를 담은 배치. 타임스탬프는 `timestamp`부터 1ms씩 늘어납니다. */
export function batchOf(n: number, timestamp: number, valueSize = 10): Buffer {
  return makeBatch(Array.from({ length: n }, (_, i) => ({ timestamp: timestamp + i, value: 'v'.repeat(valueSize) })));
}

function encodeRecord(record: TestRecord, offsetDelta: number, baseTimestamp: number): Buffer {
  const key = record.key === undefined ? null : Buffer.from(record.key);
  const value = Buffer.from(record.value);
  const body = Buffer.concat([
    Buffer.from([0]), // attributes
    varint(record.timestamp - baseTimestamp),
    varint(offsetDelta),
    key === null ? varint(-1) : Buffer.concat([varint(key.length), key]),
    varint(value.length),
    value,
    varint(0), // headers
  ]);
  return Buffer.concat([varint(body.length), body]);
}

/** zigzag varint (작은 값만 쓰는 테스트용) */
function varint(value: number): Buffer {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  bytes.push(zigzag);
  return Buffer.from(bytes);
}

/** 저장된 배치의 baseOffset (파일 바이트를 검사할 때) */
export function baseOffsetAt(buf: Buffer, position: number): number {
  return Number(buf.readBigInt64BE(position + Offsets.baseOffset));
}

/** 배치를 baseOffset과 partitionLeaderEpoch만 바꿔 복사합니다: 브로커가 디스크에 써야 하는 바이트. */
export function patched(batch: Buffer, baseOffset: number, leaderEpoch: number): Buffer {
  const copy = Buffer.from(batch);
  copy.writeBigInt64BE(BigInt(baseOffset), Offsets.baseOffset);
  copy.writeInt32BE(leaderEpoch, Offsets.partitionLeaderEpoch);
  return copy;
}

/** 오프셋 인덱스 항목들의 기대 바이트 */
export function offsetIndexBytes(entries: readonly [relativeOffset: number, position: number][]): Buffer {
  const buf = Buffer.alloc(entries.length * 8);
  entries.forEach(([relative, position], i) => {
    buf.writeInt32BE(relative, i * 8);
    buf.writeInt32BE(position, i * 8 + 4);
  });
  return buf;
}

/** 타임 인덱스 항목들의 기대 바이트 */
export function timeIndexBytes(entries: readonly [timestamp: number, relativeOffset: number][]): Buffer {
  const buf = Buffer.alloc(entries.length * 12);
  entries.forEach(([timestamp, relative], i) => {
    buf.writeBigInt64BE(BigInt(timestamp), i * 12);
    buf.writeInt32BE(relative, i * 12 + 8);
  });
  return buf;
}
