/**
 * 레코드(Record) 하나의 인코딩. 레코드 배치 v2 안에서 레코드는 배치 헤더의 값에 대한 "차이(delta)"만
 * 적으므로 작습니다. 길이와 차이는 모두 varint(지그재그)입니다.
 *
 * Kafka protocol guide, "Record":
 *
 *     length: varint                  이 필드 뒤로 레코드의 바이트 수
 *     attributes: int8                (쓰지 않음, 0)
 *     timestampDelta: varlong         레코드 타임스탬프 − 배치의 baseTimestamp
 *     offsetDelta: varint             레코드 오프셋 − 배치의 baseOffset
 *     keyLength: varint               -1이면 키 없음(null)
 *     key: byte[]
 *     valueLen: varint                -1이면 값 없음(null) — 압축 토픽에서는 "삭제"(tombstone)
 *     value: byte[]
 *     Headers => [Header]             개수는 varint
 *       headerKeyLength: varint
 *       headerKey: String
 *       headerValueLength: varint     -1이면 null
 *       Value: byte[]
 */
import type { RecordHeader } from '../log/partition-log.js';
import { type ByteReader, ProtocolError } from '../protocol/reader.js';
import { type ByteWriter, sizeOfVarint, sizeOfVarlong } from '../protocol/writer.js';
import { josa } from '../server/josa.js';

/**
 * 배치 안에 적힌 그대로의 레코드: 배치 헤더에 대한 차이 값과 바이트. 읽은 키와 값은 배치 버퍼를
 * 복사하지 않고 가리키는 Buffer입니다.
 */
export interface RawRecord {
  readonly timestampDelta: number;
  readonly offsetDelta: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

function sizeOfBytes(bytes: Uint8Array | null): number {
  return bytes === null ? sizeOfVarint(-1) : sizeOfVarint(bytes.length) + bytes.length;
}

/** length 필드 뒤의 바이트 수 */
function bodySize(record: RawRecord, headerKeys: readonly Buffer[]): number {
  let size = 1 + sizeOfVarlong(record.timestampDelta) + sizeOfVarint(record.offsetDelta);
  size += sizeOfBytes(record.key) + sizeOfBytes(record.value) + sizeOfVarint(record.headers.length);
  record.headers.forEach((header, i) => {
    size += sizeOfBytes(headerKeys[i] as Buffer) + sizeOfBytes(header.value);
  });
  return size;
}

function writeBytes(writer: ByteWriter, bytes: Uint8Array | null): void {
  if (bytes === null) writer.varint(-1);
  else writer.varint(bytes.length).raw(bytes);
}

export function writeRecord(writer: ByteWriter, record: RawRecord): void {
  const headerKeys = record.headers.map((h) => Buffer.from(h.key, 'utf8'));
  writer.varint(bodySize(record, headerKeys)).int8(0).varlong(record.timestampDelta).varint(record.offsetDelta);
  writeBytes(writer, record.key);
  writeBytes(writer, record.value);
  writer.varint(record.headers.length);
  record.headers.forEach((header, i) => {
    writeBytes(writer, headerKeys[i] as Buffer);
    writeBytes(writer, header.value);
  });
}

/** 길이가 붙은 바이트열 하나. `keep`이 false면 만들지 않고 건너뜁니다 (검사만 할 때 할당을 줄입니다). */
function readBytes(reader: ByteReader, keep = true): Buffer | null {
  const length = reader.varint();
  if (length < -1) throw new ProtocolError(`레코드 안의 길이 ${josa(length, '은/는')} 올바르지 않습니다`);
  if (length === -1) return null;
  if (keep) return reader.slice(length);
  reader.skip(length);
  return null;
}

/** 레코드 하나를 읽습니다. length 필드가 말한 바이트를 정확히 다 써야 합니다. */
export function readRecord(reader: ByteReader): RawRecord {
  return parseRecord(reader, true) as RawRecord;
}

/**
 * 레코드 하나를 읽은 것처럼 구조를 모두 검사하되, 키·값·헤더는 만들지 않고 건너뜁니다.
 * 브로커가 Produce를 받을 때 쓰는 검사라, 레코드 수만큼의 할당을 피합니다.
 */
export function skipRecord(reader: ByteReader): void {
  parseRecord(reader, false);
}

function parseRecord(reader: ByteReader, keep: boolean): RawRecord | null {
  const length = reader.varint();
  if (length < 0) throw new ProtocolError(`레코드 길이 ${josa(length, '은/는')} 올바르지 않습니다`);
  const body = reader.sub(length);
  body.int8(); // attributes: 레코드 단위 속성은 아직 쓰이지 않습니다.
  const timestampDelta = body.varlong();
  const offsetDelta = body.varint();
  const key = readBytes(body, keep);
  const value = readBytes(body, keep);
  const headerCount = body.varint();
  if (headerCount < 0 || headerCount > body.remaining) {
    throw new ProtocolError(`레코드 헤더 개수 ${josa(headerCount, '은/는')} 올바르지 않습니다`);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const keyLength = body.varint();
    if (keyLength < 0) throw new ProtocolError('레코드 헤더의 키는 null일 수 없습니다');
    let headerKey = '';
    if (keep) headerKey = body.slice(keyLength).toString('utf8');
    else body.skip(keyLength);
    const headerValue = readBytes(body, keep);
    if (keep) headers.push({ key: headerKey, value: headerValue });
  }
  if (body.remaining !== 0) {
    throw new ProtocolError(`레코드 길이(${length})보다 내용이 ${body.remaining}바이트 짧습니다`);
  }
  return keep ? { timestampDelta, offsetDelta, key, value, headers } : null;
}
