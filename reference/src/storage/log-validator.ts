/**
 * 로그에 쓰기 전에 배치를 검사하고 오프셋을 붙입니다. Kafka의 `UnifiedLog.analyzeAndValidateRecords`와
 * `LogValidator`에 해당합니다.
 *
 * 검사는 **전부 끝난 뒤에야** 쓰기를 시작합니다. Produce 요청의 `records` 안에 배치가 여럿 있어도, 하나라도
 * 잘못되면 아무것도 쓰지 않고 오류 코드 하나로 답합니다.
 *
 * 프로듀서가 보낸 배치(`client`)는 Kafka처럼 레코드를 끝까지 읽어 봅니다 (record-batch.ts의 검사).
 * 그래야 CRC는 맞지만 레코드가 엉터리인 배치가 로그에 들어가 컨슈머를 망치지 않습니다.
 * 코디네이터가 직접 만든 배치와 복제로 받은 배치는 이미 검사를 거쳤으므로 CRC만 봅니다.
 * 검사를 통과해도 배치를 다시 인코딩하지 않습니다: 받은 바이트 그대로 저장합니다.
 */
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import {
  type BatchHeader,
  batchSize,
  CURRENT_MAGIC,
  hasValidCrc,
  isControl,
  lastOffsetOf,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
} from '../record/batch-header.js';
import { checkBatchStructure, checkProducedBatch, decodeBatch } from '../record/record-batch.js';
import type { FileBatch } from './file-records.js';

/**
 * 쓰기를 요청한 쪽. `client`는 Produce 요청, `coordinator`는 그룹/트랜잭션 코디네이터가 직접 쓰는
 * 레코드(컨트롤 배치 포함), `replication`은 팔로워가 리더에게서 받아 오는 배치입니다 (Kafka의 `AppendOrigin`).
 */
export type AppendOrigin = 'client' | 'coordinator' | 'replication';

/** 검사를 마친 배치들의 요약 (Kafka의 `LogAppendInfo` 중 헤더에서 얻는 부분) */
export interface RecordsAnalysis {
  readonly batches: readonly FileBatch[];
  /** 헤더에 적힌 첫 오프셋과 마지막 오프셋. 리더 쓰기에서는 오프셋을 붙인 뒤 다시 계산합니다. */
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  /** 최대 타임스탬프를 가진 배치의 마지막 오프셋 (Kafka의 "shallow" offset of max timestamp) */
  readonly offsetOfMaxTimestamp: number;
  readonly recordCount: number;
  readonly validBytes: number;
}

function corrupt(message: string): KafkaError {
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `CORRUPT_MESSAGE: ${message}`);
}

function invalid(message: string): KafkaError {
  return new KafkaError(ErrorCode.INVALID_RECORD, `INVALID_RECORD: ${message}`);
}

/**
 * `records`를 배치들로 나눕니다. 배치들이 버퍼를 빈틈없이 정확히 채워야 합니다 — 헤더를 읽을 수 없거나,
 * batchLength가 버퍼를 넘거나 모자라거나, magic이 2가 아니면 CORRUPT_MESSAGE입니다.
 * (Kafka는 끝에 남는 조각을 조용히 잘라 버리지만, 여기서는 요청 전체를 거절합니다.)
 */
export function splitBatches(records: Buffer): FileBatch[] {
  const batches: FileBatch[] = [];
  let position = 0;
  while (position < records.length) {
    const structure = checkBatchStructure(records, position);
    if (!structure.ok) throw new KafkaError(structure.errorCode, `CORRUPT_MESSAGE: ${structure.message}`);
    const size = batchSize(structure.header);
    batches.push({ position, header: structure.header, size });
    position += size;
  }
  return batches;
}

export interface AnalyzeOptions {
  readonly origin: AppendOrigin;
  /** `max.message.bytes`. 팔로워 복제는 리더가 이미 검사했으므로 보지 않습니다. */
  readonly maxMessageBytes: number;
  /** `cleanup.policy`에 `compact`가 있는 토픽: 키 없는 레코드를 받지 않습니다 (컴팩션은 키로 값을 가려냅니다). */
  readonly compactedTopic?: boolean;
}

/** 배치마다 크기와 CRC를 검사하고 요약합니다 (Kafka: `analyzeAndValidateRecords`). */
export function analyzeAndValidateRecords(records: Buffer, options: AnalyzeOptions): RecordsAnalysis {
  const batches = splitBatches(records);
  if (batches.length === 0) throw invalid('the append contains no record batch');
  let maxTimestamp = -1;
  let offsetOfMaxTimestamp = -1;
  let recordCount = 0;
  let previousLastOffset = -1;
  for (const { position, header, size } of batches) {
    // 프로듀서는 오프셋을 모르므로 baseOffset을 0으로 보냅니다. 다른 값이면 잘못 만든 배치입니다.
    if (options.origin === 'client' && header.baseOffset !== 0) {
      throw invalid(`the baseOffset of the record batch should be 0, but it is ${header.baseOffset}`);
    }
    if (options.origin !== 'replication' && size > options.maxMessageBytes) {
      throw new KafkaError(
        ErrorCode.MESSAGE_TOO_LARGE,
        `MESSAGE_TOO_LARGE: the record batch is ${size} bytes, max.message.bytes is ${options.maxMessageBytes}`,
      );
    }
    if (options.origin === 'client') {
      const checked = checkProducedBatch(records, position, header);
      if (!checked.ok) throw new KafkaError(checked.errorCode, checked.message);
    } else if (!hasValidCrc(records, position, header)) {
      throw corrupt(`batch at ${position} has an invalid CRC`);
    }
    if (options.compactedTopic && options.origin !== 'replication') checkRecordsHaveKeys(records, position, header);
    if (options.origin === 'replication' && lastOffsetOf(header) <= previousLastOffset) {
      throw invalid(`offsets are not increasing: ${lastOffsetOf(header)} after ${previousLastOffset}`);
    }
    previousLastOffset = lastOffsetOf(header);
    if (header.maxTimestamp > maxTimestamp) {
      maxTimestamp = header.maxTimestamp;
      offsetOfMaxTimestamp = lastOffsetOf(header);
    }
    recordCount += header.recordsCount;
  }
  const first = batches[0] as FileBatch;
  return {
    batches,
    firstOffset: first.header.baseOffset,
    lastOffset: previousLastOffset,
    maxTimestamp,
    offsetOfMaxTimestamp,
    recordCount,
    validBytes: records.length,
  };
}

/** 압축 토픽에 쓰는 배치의 레코드마다 키가 있어야 합니다 (Kafka: `LogValidator.validateKey`). 컨트롤 배치는 예외입니다. */
function checkRecordsHaveKeys(records: Buffer, position: number, header: BatchHeader): void {
  if (isControl(header)) return;
  for (const record of decodeBatch(records, position).records) {
    if (record.key === null) throw invalid('compacted topic cannot accept a record without a key');
  }
}

/**
 * 오프셋 부여: 배치마다 헤더의 baseOffset과 partitionLeaderEpoch만 **제자리에서** 고쳐 씁니다.
 * 두 필드는 CRC 범위 밖이라 CRC를 다시 계산하지 않습니다. 붙인 마지막 오프셋, 최대 타임스탬프와 그 배치의
 * 마지막 오프셋을 돌려줍니다.
 *
 * `logAppendTime`이 있으면(토픽의 `message.timestamp.type=LogAppendTime`) 프로듀서가 정한 시각 대신 브로커가 받은
 * 시각을 배치마다 적습니다. 그때 최대 타임스탬프는 그 시각이고, 그 오프셋은 이번 쓰기의 마지막 오프셋입니다
 * (Kafka: `LogValidator.assignOffsetsNonCompressed`/`validateMessagesAndAssignOffsetsCompressed`의 제자리 경로).
 */
export function assignOffsets(
  records: Buffer,
  batches: readonly FileBatch[],
  firstOffset: number,
  leaderEpoch: number,
  logAppendTime: number | null = null,
): { lastOffset: number; maxTimestamp: number; offsetOfMaxTimestamp: number } {
  let next = firstOffset;
  let maxTimestamp = -1;
  let offsetOfMaxTimestamp = -1;
  for (const { position, header } of batches) {
    setBaseOffset(records, position, next);
    setPartitionLeaderEpoch(records, position, leaderEpoch);
    if (logAppendTime !== null) setLogAppendTime(records, position, header, logAppendTime);
    next += header.lastOffsetDelta + 1;
    if (header.maxTimestamp > maxTimestamp) {
      maxTimestamp = header.maxTimestamp;
      offsetOfMaxTimestamp = next - 1;
    }
  }
  if (logAppendTime !== null)
    return { lastOffset: next - 1, maxTimestamp: logAppendTime, offsetOfMaxTimestamp: next - 1 };
  return { lastOffset: next - 1, maxTimestamp, offsetOfMaxTimestamp };
}

/**
 * 디스크에서 읽은 배치 하나가 온전한지 봅니다 (복구용). magic 2, CRC, 그리고 오프셋이 앞 배치 뒤로
 * 이어지는지. 문제가 있으면 그 이유를, 없으면 null을 돌려줍니다.
 */
export function storedBatchProblem(batch: Buffer, header: BatchHeader, nextExpectedOffset: number): string | null {
  if (header.magic !== CURRENT_MAGIC) return `magic ${header.magic}`;
  if (!hasValidCrc(batch, 0, header)) return 'invalid CRC';
  if (header.lastOffsetDelta < 0) return `negative lastOffsetDelta ${header.lastOffsetDelta}`;
  if (header.baseOffset < nextExpectedOffset) {
    return `offset ${header.baseOffset} does not follow the previous batch (expected ≥ ${nextExpectedOffset})`;
  }
  return null;
}
