/**
 * 파티션 로그(Partition Log): 한 파티션의 레코드를 도착한 순서대로 쌓아 두는, 추가만 하는 로그입니다.
 *
 * 1장은 메모리 위의 구현(`InMemoryPartitionLog`)으로 이 약속을 배우고, 2장은 같은 인터페이스를
 * 디스크의 세그먼트 파일로 구현합니다. 브로커는 이 인터페이스만 알기 때문에 둘을 바꿔 끼울 수 있습니다.
 */
import { josa } from '../server/josa.js';

/** 레코드 헤더. Kafka에서 헤더 키는 문자열, 값은 바이트열(없을 수도 있음)입니다. */
export interface RecordHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** 프로듀서가 보낸 레코드 하나. 오프셋은 아직 없습니다 — 오프셋은 브로커가 붙입니다. */
export interface LogRecord {
  /** 밀리초 단위 타임스탬프 (프로듀서가 정한 CreateTime) */
  readonly timestamp: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
}

/** 로그에 저장되어 오프셋을 받은 레코드 */
export interface StoredRecord extends LogRecord {
  readonly offset: number;
}

/** append가 돌려주는 값: 이번에 추가한 레코드들이 받은 첫 오프셋과 마지막 오프셋 */
export interface AppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
}

/**
 * 한 번의 read가 돌려줄 양의 상한. 기본값은 컨슈머 설정의 기본값과 같습니다:
 * `max.poll.records`=500, `max.partition.fetch.bytes`=1 MiB.
 */
export interface ReadLimits {
  readonly maxRecords?: number;
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_RECORDS = 500;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface PartitionLog {
  /** 아직 읽을 수 있는 가장 오래된 레코드의 오프셋. 보존 정책이 앞부분을 지우면 커집니다. */
  readonly logStartOffset: number;
  /** 다음에 추가될 레코드가 받을 오프셋 = 마지막 레코드의 오프셋 + 1 */
  readonly logEndOffset: number;
  /** 레코드들을 끝에 추가하고, 로그 끝 오프셋부터 연속된 오프셋을 붙입니다. */
  append(records: readonly LogRecord[]): AppendResult;
  /** `offset`부터 순서대로 읽습니다. 로그 끝에서 읽으면 빈 배열입니다. */
  read(offset: number, limits?: ReadLimits): StoredRecord[];
  /** 로그 시작 오프셋을 앞으로 옮겨 그 앞의 레코드를 버립니다 (보존 정책, DeleteRecords). */
  advanceLogStartOffset(offset: number): void;
}

/**
 * 레코드 하나의 크기: 키, 값, 헤더 키와 값의 바이트 수를 더한 값입니다.
 * 실제 Kafka는 인코딩된 배치 크기로 재는데, 그 형식은 3장에서 배웁니다.
 */
export function recordSizeInBytes(record: LogRecord): number {
  let size = (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
  for (const header of record.headers) {
    size += Buffer.byteLength(header.key) + (header.value?.byteLength ?? 0);
  }
  return size;
}

/**
 * 로그 범위 [logStartOffset, logEndOffset] 밖의 오프셋을 읽으려 할 때 던집니다.
 * 브로커는 이 오류를 Kafka 오류 코드 OFFSET_OUT_OF_RANGE(1)로 바꿔 응답합니다.
 */
export class OffsetOutOfRangeError extends Error {
  override name = 'OffsetOutOfRangeError';

  constructor(
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
  ) {
    super(
      `OFFSET_OUT_OF_RANGE: 오프셋 ${josa(offset, '은/는')} 읽을 수 있는 범위 [${logStartOffset}, ${logEndOffset}] 밖입니다`,
    );
  }
}

/** 레코드가 하나도 없는 배치처럼, 로그에 추가할 수 없는 입력. Kafka의 INVALID_RECORD(87)에 해당합니다. */
export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError';
}
