/**
 * 레코드 배치 v2 만들기와 읽기. 헤더 61바이트의 배치(batch-header.ts) 뒤에 레코드들(record.ts)이 옵니다.
 * 압축한 배치는 레코드들 부분만 통째로 압축합니다(compression.ts).
 *
 * 브로커의 뜨거운 경로(produce → 디스크 → fetch)는 배치를 다시 인코딩하지 않습니다. 여기의
 * `encodeBatch`는 테스트, 컨트롤 배치(트랜잭션 마커), 도구가 배치를 만들 때 쓰고, `decodeBatch`는
 * 검사와 학습용 도구, 컨슈머 쪽 코드가 씁니다. 브로커가 produce에서 쓰는 것은 `validateBatches`입니다.
 */
import type { RecordHeader, StoredRecord } from '../log/partition-log.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { ByteReader } from '../protocol/reader.js';
import { ByteWriter } from '../protocol/writer.js';
import { josa } from '../server/josa.js';
import {
  Attributes,
  BATCH_HEADER_SIZE,
  type BatchHeader,
  batchSize,
  CompressionType,
  CURRENT_MAGIC,
  compressionOf,
  computeCrc,
  isControl,
  LOG_OVERHEAD,
  Offsets,
  readBatchHeader,
} from './batch-header.js';
import { compress, decompress } from './compression.js';
import { type RawRecord, readRecord, skipRecord, writeRecord } from './record.js';

/** 멱등성·트랜잭션을 쓰지 않는 배치의 producerId/epoch/sequence 값 (RecordBatch.NO_PRODUCER_ID 등) */
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

/** attributes bit 3: 0이면 프로듀서가 정한 시각(CreateTime), 1이면 브로커가 붙인 시각(LogAppendTime) */
export enum TimestampType {
  CreateTime = 0,
  LogAppendTime = 1,
}

export interface RecordInput {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: readonly RecordHeader[];
  /** 절대 시각(ms). 배치에는 baseTimestamp와의 차이로 적힙니다. */
  readonly timestamp: number;
  /** 생략하면 배치 안의 순서(0, 1, 2…) */
  readonly offsetDelta?: number;
}

/** 배치를 만들 때의 값. 생략한 값은 멱등성·트랜잭션이 없는 보통 배치의 값입니다. */
export interface RecordBatchInput {
  readonly baseOffset?: number;
  readonly partitionLeaderEpoch?: number;
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
  readonly isTransactional?: boolean;
  readonly isControl?: boolean;
  readonly compression?: CompressionType;
  readonly timestampType?: TimestampType;
  readonly records: readonly RecordInput[];
}

export interface RecordBatch {
  readonly header: BatchHeader;
  /** 오프셋과 타임스탬프를 절대값으로 푼 레코드들 */
  readonly records: StoredRecord[];
}

function attributesOf(batch: RecordBatchInput): number {
  let attributes = batch.compression ?? CompressionType.None;
  if (batch.timestampType === TimestampType.LogAppendTime) attributes |= Attributes.timestampTypeLogAppendTime;
  if (batch.isTransactional) attributes |= Attributes.transactional;
  if (batch.isControl) attributes |= Attributes.control;
  return attributes;
}

/**
 * 배치 하나를 만듭니다. baseTimestamp는 첫 레코드의 시각(Java 프로듀서와 같음), maxTimestamp는 가장 큰
 * 시각, lastOffsetDelta는 마지막 레코드의 offsetDelta이고, CRC-32C를 계산해 넣습니다.
 */
export function encodeBatch(batch: RecordBatchInput): Buffer {
  const first = batch.records[0];
  if (!first) throw new RangeError('레코드 배치에는 레코드가 하나 이상 있어야 합니다');
  const baseTimestamp = first.timestamp;
  let maxTimestamp = baseTimestamp;
  let lastOffsetDelta = 0;

  const records = new ByteWriter();
  batch.records.forEach((record, index) => {
    const offsetDelta = record.offsetDelta ?? index;
    maxTimestamp = Math.max(maxTimestamp, record.timestamp);
    lastOffsetDelta = Math.max(lastOffsetDelta, offsetDelta);
    writeRecord(records, {
      timestampDelta: record.timestamp - baseTimestamp,
      offsetDelta,
      key: record.key,
      value: record.value,
      headers: record.headers ?? [],
    });
  });
  const body = compress(batch.compression ?? CompressionType.None, records.toBuffer());

  const writer = new ByteWriter(BATCH_HEADER_SIZE + body.length);
  writer
    .int64(batch.baseOffset ?? 0)
    .int32(BATCH_HEADER_SIZE - LOG_OVERHEAD + body.length)
    .int32(batch.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH)
    .int8(CURRENT_MAGIC)
    .uint32(0) // CRC: 아래에서 나머지를 다 쓴 뒤 채웁니다.
    .int16(attributesOf(batch))
    .int32(lastOffsetDelta)
    .int64(baseTimestamp)
    .int64(maxTimestamp)
    .int64(batch.producerId ?? NO_PRODUCER_ID)
    .int16(batch.producerEpoch ?? NO_PRODUCER_EPOCH)
    .int32(batch.baseSequence ?? NO_SEQUENCE)
    .int32(batch.records.length)
    .raw(body);
  const buf = writer.toBuffer();
  writer.uint32At(Offsets.crc, computeCrc(buf, 0, { batchLength: buf.length - LOG_OVERHEAD }));
  return buf;
}

/** 배치의 레코드 부분(압축이면 푼 것)을 읽어 차이 값 그대로 돌려줍니다. 구조가 어긋나면 예외. */
/** 배치의 레코드 구역을 (압축이면 풀어서) 레코드 recordsCount개로 읽습니다. 남는 바이트가 있으면 오류입니다. */
function forEachRecord(buf: Buffer, position: number, header: BatchHeader, visit: (reader: ByteReader) => void): void {
  const start = position + BATCH_HEADER_SIZE;
  const section = buf.subarray(start, position + batchSize(header));
  const reader = new ByteReader(decompress(compressionOf(header), section));
  for (let i = 0; i < header.recordsCount; i++) visit(reader);
  if (reader.remaining !== 0) {
    throw new Error(`recordsCount(${header.recordsCount}) 뒤에 ${reader.remaining}바이트가 남았습니다`);
  }
}

function readRawRecords(buf: Buffer, position: number, header: BatchHeader): RawRecord[] {
  const records: RawRecord[] = [];
  forEachRecord(buf, position, header, (reader) => records.push(readRecord(reader)));
  return records;
}

/**
 * `position`에서 시작하는 배치 하나를 읽습니다. 오프셋과 타임스탬프는 절대값으로 풀어 줍니다.
 * LogAppendTime 배치는 브로커가 붙인 시각(maxTimestamp)이 모든 레코드의 시각입니다.
 */
export function decodeBatch(buf: Buffer, position = 0): RecordBatch {
  const header = readBatchHeader(buf, position);
  if (!header || batchSize(header) > buf.length - position) throw new RangeError('배치가 잘렸습니다');
  const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppendTime) !== 0;
  const records = readRawRecords(buf, position, header).map(
    (record): StoredRecord => ({
      offset: header.baseOffset + record.offsetDelta,
      timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + record.timestampDelta,
      key: record.key,
      value: record.value,
      headers: record.headers,
    }),
  );
  return { header, records };
}

/**
 * 이어 붙은 배치들을 모두 읽습니다. Fetch 응답은 크기 제한 때문에 마지막 배치가 잘려 있을 수 있는데,
 * 그 잘린 배치는 조용히 버립니다 (클라이언트들이 하는 일과 같습니다).
 */
export function decodeBatches(buf: Buffer): RecordBatch[] {
  const batches: RecordBatch[] = [];
  let position = 0;
  for (;;) {
    const header = readBatchHeader(buf, position);
    if (!header || batchSize(header) > buf.length - position) return batches;
    batches.push(decodeBatch(buf, position));
    position += batchSize(header);
  }
}

// ---------------------------------------------------------------------------------------------
// Produce 검사
// ---------------------------------------------------------------------------------------------

/** 검사 결과: 통과했거나, 파티션 응답에 적을 Kafka 오류 코드와 로그에 남길 설명 */
export type BatchValidation =
  | { readonly ok: true; readonly header: BatchHeader }
  | { readonly ok: false; readonly errorCode: number; readonly message: string };

const invalid = (errorCode: number, message: string): BatchValidation => ({ ok: false, errorCode, message });

/**
 * 배치의 뼈대: 헤더가 온전하고, magic이 2이고, batchLength가 버퍼 안에 들어가는지 → 아니면 CORRUPT_MESSAGE.
 * 저장소는 이것으로 Produce 요청의 `records`를 배치 경계로 나눕니다.
 */
export function checkBatchStructure(buf: Buffer, position = 0): BatchValidation {
  const header = readBatchHeader(buf, position);
  if (!header) return invalid(ErrorCode.CORRUPT_MESSAGE, `배치 헤더가 ${BATCH_HEADER_SIZE}바이트보다 짧습니다`);
  if (header.magic !== CURRENT_MAGIC) {
    return invalid(ErrorCode.CORRUPT_MESSAGE, `magic ${header.magic}: 레코드 배치 v2(magic 2)만 받습니다`);
  }
  if (header.batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD || batchSize(header) > buf.length - position) {
    return invalid(
      ErrorCode.CORRUPT_MESSAGE,
      `batchLength ${josa(header.batchLength, '이/가')} 받은 바이트와 맞지 않습니다`,
    );
  }
  return { ok: true, header };
}

/**
 * 뼈대를 통과한 배치 하나가 프로듀서가 보내도 되는 배치인지 검사합니다. Kafka 브로커의 LogValidator가 하는
 * 검사와 같은 순서입니다.
 *
 * 1. CRC-32C가 맞아야 합니다 (전송 중 손상) → CORRUPT_MESSAGE
 * 2. 클라이언트는 컨트롤 배치를 쓸 수 없고, recordsCount ≥ 1, lastOffsetDelta = recordsCount − 1,
 *    producerId가 있으면 baseSequence ≥ 0 → INVALID_RECORD (KIP-467)
 * 3. 레코드들을 (압축이면 풀어서) 끝까지 읽을 수 있어야 합니다 → CORRUPT_MESSAGE
 *    모르는 압축 코덱 → UNSUPPORTED_COMPRESSION_TYPE
 */
export function checkProducedBatch(buf: Buffer, position: number, header: BatchHeader): BatchValidation {
  const crc = computeCrc(buf, position, header);
  if (crc !== header.crc) {
    return invalid(ErrorCode.CORRUPT_MESSAGE, `CRC 불일치: 헤더 ${header.crc}, 계산 ${crc}`);
  }
  if (isControl(header)) return invalid(ErrorCode.INVALID_RECORD, '클라이언트는 컨트롤 배치를 쓸 수 없습니다');
  if (header.recordsCount < 1 || header.lastOffsetDelta !== header.recordsCount - 1) {
    return invalid(
      ErrorCode.INVALID_RECORD,
      `recordsCount ${josa(header.recordsCount, '와/과')} lastOffsetDelta ${josa(header.lastOffsetDelta, '이/가')} 맞지 않습니다`,
    );
  }
  if (header.producerId >= 0 && header.baseSequence < 0) {
    return invalid(ErrorCode.INVALID_RECORD, `producerId ${header.producerId}인데 baseSequence가 없습니다`);
  }
  try {
    forEachRecord(buf, position, header, skipRecord);
  } catch (error) {
    if (error instanceof KafkaError) return invalid(error.code, error.message);
    return invalid(ErrorCode.CORRUPT_MESSAGE, `레코드를 읽을 수 없습니다: ${(error as Error).message}`);
  }
  return { ok: true, header };
}

/** 프로듀서가 보낸 배치 하나를 처음부터 끝까지 검사합니다: 뼈대, 그리고 내용. */
export function validateBatch(buf: Buffer, position = 0): BatchValidation {
  const structure = checkBatchStructure(buf, position);
  return structure.ok ? checkProducedBatch(buf, position, structure.header) : structure;
}
