/**
 * 레코드 배치 v2(magic 2)의 고정 헤더 61바이트. 디스크의 .log 파일과 네트워크의 Produce/Fetch가
 * 같은 바이트를 씁니다. 브로커는 배치를 받은 그대로 저장하고, 오프셋은 이 헤더의 baseOffset만
 * 고쳐 써서 붙입니다 (배치를 다시 인코딩하지 않습니다).
 *
 * Kafka protocol guide, "Record Batch":
 *
 *     baseOffset: int64                  @0
 *     batchLength: int32                 @8   이 필드 뒤로 남은 바이트 수 (배치 전체 = batchLength + 12)
 *     partitionLeaderEpoch: int32        @12
 *     magic: int8 (= 2)                  @16
 *     crc: uint32                        @17  attributes부터 배치 끝까지의 CRC-32C
 *     attributes: int16                  @21  bit 0~2 압축, 3 타임스탬프 종류, 4 트랜잭션, 5 컨트롤
 *     lastOffsetDelta: int32             @23
 *     baseTimestamp: int64               @27
 *     maxTimestamp: int64                @35
 *     producerId: int64                  @43
 *     producerEpoch: int16               @51
 *     baseSequence: int32                @53
 *     recordsCount: int32                @57
 *     records                            @61
 *
 * baseOffset와 partitionLeaderEpoch는 CRC 범위 밖이라, 브로커가 고쳐 써도 CRC는 그대로입니다.
 */
import { crc32c } from '@node-rs/crc32';

export const BATCH_HEADER_SIZE = 61;
/** baseOffset(8) + batchLength(4): batchLength가 세지 않는 앞부분 */
export const LOG_OVERHEAD = 12;
export const CURRENT_MAGIC = 2;

export const Offsets = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordsCount: 57,
} as const;

export const Attributes = {
  compressionMask: 0x07,
  timestampTypeLogAppendTime: 0x08,
  transactional: 0x10,
  control: 0x20,
} as const;

export enum CompressionType {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export interface BatchHeader {
  readonly baseOffset: number;
  readonly batchLength: number;
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordsCount: number;
}

/** 배치 전체의 바이트 수 */
export function batchSize(header: Pick<BatchHeader, 'batchLength'>): number {
  return header.batchLength + LOG_OVERHEAD;
}

export function lastOffsetOf(header: Pick<BatchHeader, 'baseOffset' | 'lastOffsetDelta'>): number {
  return header.baseOffset + header.lastOffsetDelta;
}

export function compressionOf(header: Pick<BatchHeader, 'attributes'>): CompressionType {
  return header.attributes & Attributes.compressionMask;
}

export function isTransactional(header: Pick<BatchHeader, 'attributes'>): boolean {
  return (header.attributes & Attributes.transactional) !== 0;
}

export function isControl(header: Pick<BatchHeader, 'attributes'>): boolean {
  return (header.attributes & Attributes.control) !== 0;
}

/** `buf`의 `position`에서 시작하는 배치 헤더를 읽습니다. 61바이트가 안 되면 null. */
export function readBatchHeader(buf: Buffer, position = 0): BatchHeader | null {
  if (buf.length - position < BATCH_HEADER_SIZE) return null;
  const at = (field: keyof typeof Offsets) => position + Offsets[field];
  return {
    baseOffset: Number(buf.readBigInt64BE(at('baseOffset'))),
    batchLength: buf.readInt32BE(at('batchLength')),
    partitionLeaderEpoch: buf.readInt32BE(at('partitionLeaderEpoch')),
    magic: buf.readInt8(at('magic')),
    crc: buf.readUInt32BE(at('crc')),
    attributes: buf.readInt16BE(at('attributes')),
    lastOffsetDelta: buf.readInt32BE(at('lastOffsetDelta')),
    baseTimestamp: Number(buf.readBigInt64BE(at('baseTimestamp'))),
    maxTimestamp: Number(buf.readBigInt64BE(at('maxTimestamp'))),
    producerId: Number(buf.readBigInt64BE(at('producerId'))),
    producerEpoch: buf.readInt16BE(at('producerEpoch')),
    baseSequence: buf.readInt32BE(at('baseSequence')),
    recordsCount: buf.readInt32BE(at('recordsCount')),
  };
}

/** 오프셋 부여: 헤더의 baseOffset만 고쳐 씁니다. CRC 범위 밖이므로 CRC는 다시 계산하지 않습니다. */
export function setBaseOffset(buf: Buffer, position: number, baseOffset: number): void {
  buf.writeBigInt64BE(BigInt(baseOffset), position + Offsets.baseOffset);
}

export function setPartitionLeaderEpoch(buf: Buffer, position: number, epoch: number): void {
  buf.writeInt32BE(epoch, position + Offsets.partitionLeaderEpoch);
}

/** attributes부터 배치 끝까지의 CRC-32C */
export function computeCrc(buf: Buffer, position: number, header: Pick<BatchHeader, 'batchLength'>): number {
  // @exercise(3) computeCrc: 배치의 CRC-32C를 계산하세요. 범위는 attributes부터 배치 끝까지입니다.
  //   position은 배치가 buf 안에서 시작하는 곳입니다. attributes는 Offsets.attributes(21)바이트 뒤에, 배치의 끝은
  //   batchSize(header)바이트 뒤에 있습니다. 그 구간을 crc32c(@node-rs/crc32)에 넣고 >>> 0으로 부호 없는 값을 만드세요.
  //   baseOffset, batchLength, partitionLeaderEpoch, magic, crc 자신은 범위 밖입니다.
  return crc32c(buf.subarray(position + Offsets.attributes, position + batchSize(header))) >>> 0;
  // @end
}

/**
 * LogAppendTime 토픽: 브로커가 받은 시각 `timestamp`를 배치의 maxTimestamp에 적고 attributes의 타임스탬프 종류 비트를
 * 켭니다. 두 필드는 CRC 범위 안이므로 CRC를 다시 계산합니다 (Kafka: `DefaultRecordBatch.setMaxTimestamp`). 레코드는
 * 그대로입니다: 읽는 쪽은 이 비트를 보고 모든 레코드의 시각을 maxTimestamp로 읽습니다.
 */
export function setLogAppendTime(buf: Buffer, position: number, header: BatchHeader, timestamp: number): void {
  buf.writeInt16BE(header.attributes | Attributes.timestampTypeLogAppendTime, position + Offsets.attributes);
  buf.writeBigInt64BE(BigInt(timestamp), position + Offsets.maxTimestamp);
  buf.writeUInt32BE(computeCrc(buf, position, header), position + Offsets.crc);
}

/** 헤더에 적힌 CRC와 실제 바이트의 CRC가 같은지 (손상되지 않았는지) */
export function hasValidCrc(buf: Buffer, position: number, header: BatchHeader): boolean {
  return computeCrc(buf, position, header) === header.crc;
}
