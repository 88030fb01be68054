/**
 * 배치 안 레코드들의 (오프셋, 타임스탬프)를 읽습니다. 시각으로 오프셋을 찾는 ListOffsets가 배치 헤더만으로는
 * 답할 수 없을 때 씁니다: 헤더는 배치의 최대 타임스탬프만 알려 주고, "그 시각 이후 첫 레코드"는 배치 안에 있습니다.
 *
 * 레코드 v2의 앞부분 (Kafka protocol guide, "Record"):
 *
 *     length: varint          이 필드 뒤 레코드 바이트 수
 *     attributes: int8
 *     timestampDelta: varlong baseTimestamp와의 차이
 *     offsetDelta: varint     baseOffset과의 차이
 *     key, value, headers …   (여기서는 건너뜁니다)
 *
 * 압축된 배치는 본문을 풀어야 읽을 수 있습니다. 이 모듈은 압축을 모르므로 압축 배치에는 null을 돌려주고,
 * 호출하는 쪽은 배치 단위 답(배치의 첫 오프셋)으로 물러섭니다. 레코드 코덱(`src/record/`)이 생기면
 * `RecordTimestampReader`를 바꿔 끼워 압축 배치도 레코드 단위로 답할 수 있습니다.
 */
import { Attributes, BATCH_HEADER_SIZE, type BatchHeader, compressionOf } from '../record/batch-header.js';

export interface RecordTimestamp {
  readonly offset: number;
  readonly timestamp: number;
}

/** 배치 바이트와 헤더를 받아 레코드마다 (오프셋, 타임스탬프)를 돌려줍니다. 읽을 수 없으면 null. */
export type RecordTimestampReader = (batch: Buffer, header: BatchHeader) => RecordTimestamp[] | null;

/** 압축하지 않은 배치만 읽는 기본 구현 */
export const readUncompressedTimestamps: RecordTimestampReader = (batch, header) => {
  if (compressionOf(header) !== 0) return null;
  try {
    return walkRecords(batch, header);
  } catch (error) {
    if (error instanceof RangeError) return null; // 레코드 길이가 배치를 넘음: 읽을 수 없는 배치
    throw error;
  }
};

/**
 * 배치 헤더의 recordsCount와 레코드의 length는 프로듀서가 적은 값입니다. CRC는 전송 중 손상만 막을 뿐이라,
 * 엉터리 값을 적고 CRC를 맞춘 배치도 로그에 들어올 수 있습니다. 그래서 두 값을 믿지 않습니다: 레코드는 적어도
 * 1바이트라 recordsCount가 남은 바이트보다 많을 수 없고, 길이가 0 이하인 레코드는 커서를 앞으로 옮기지 않아
 * 같은 자리를 끝없이(recordsCount번) 다시 읽게 됩니다.
 */
function walkRecords(batch: Buffer, header: BatchHeader): RecordTimestamp[] {
  const logAppendTime = (header.attributes & Attributes.timestampTypeLogAppendTime) !== 0;
  const result: RecordTimestamp[] = [];
  const cursor = { at: BATCH_HEADER_SIZE };
  if (header.recordsCount > batch.length - BATCH_HEADER_SIZE) {
    throw new RangeError(`recordsCount ${header.recordsCount} cannot fit in ${batch.length} bytes`);
  }
  for (let i = 0; i < header.recordsCount; i++) {
    const length = readVarlong(batch, cursor);
    if (length <= 0) throw new RangeError(`record length ${length} is not positive`);
    const start = cursor.at;
    cursor.at += 1; // attributes
    const timestampDelta = readVarlong(batch, cursor);
    const offsetDelta = readVarlong(batch, cursor);
    // LogAppendTime 토픽에서는 브로커가 정한 배치의 maxTimestamp가 모든 레코드의 타임스탬프입니다.
    const timestamp = logAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDelta;
    result.push({ offset: header.baseOffset + offsetDelta, timestamp });
    cursor.at = start + length;
    if (cursor.at > batch.length) throw new RangeError('record runs past the end of the batch');
  }
  return result;
}

/** zigzag varint/varlong. int64 범위를 number로 읽습니다 (비트 연산은 32비트라 곱셈으로 모읍니다). */
function readVarlong(buf: Buffer, cursor: { at: number }): number {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (cursor.at >= buf.length) throw new RangeError('varint runs past the end of the batch');
    const byte = buf[cursor.at++] as number;
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    scale *= 128;
  }
  throw new RangeError('varint is longer than 10 bytes');
}
