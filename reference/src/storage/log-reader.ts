/**
 * 로그 하나를 처음부터 끝까지 레코드 단위로 읽습니다. 다시 켜진 브로커가 내부 토픽(`__cluster_metadata`,
 * `__consumer_offsets`)을 재생해 상태를 되살릴 때 씁니다. 컨슈머의 Fetch 경로는 배치를 그대로 보내므로
 * 이 함수들을 쓰지 않습니다.
 */

import type { StoredRecord } from '../log/partition-log.js';
import { type BatchHeader, batchSize, isControl, lastOffsetOf, readBatchHeader } from '../record/batch-header.js';
import { decodeBatch } from '../record/record-batch.js';
import type { UnifiedLog } from './unified-log.js';

const CHUNK_BYTES = 1024 * 1024;

/** 훑는 데 필요한 로그의 모습 (2장 학습자의 UnifiedLog도 자기 배치를 훑을 수 있게 구조로 받습니다) */
export type ReadableLog = Pick<UnifiedLog, 'topic' | 'partition' | 'logStartOffset' | 'logEndOffset' | 'read'>;

/** 로그의 온전한 배치를 `from`부터 끝까지 차례로 내놓습니다: 읽은 조각, 조각 안의 위치, 헤더. */
export function* readAllBatches(
  log: ReadableLog,
  from: number,
): Generator<{ bytes: Buffer; position: number; header: BatchHeader }> {
  let offset = Math.max(from, log.logStartOffset);
  while (offset < log.logEndOffset) {
    const bytes = log.read(offset, CHUNK_BYTES, true).records;
    let position = 0;
    let header = readBatchHeader(bytes, position);
    // minOneMessage로 읽으므로 로그 끝 전에는 언제나 배치가 하나 이상 옵니다. 그래도 멈추지 않게 지킵니다.
    if (!header) throw new Error(`${log.topic}-${log.partition}: 오프셋 ${offset}에서 배치를 읽지 못했습니다`);
    while (header && position + batchSize(header) <= bytes.length) {
      yield { bytes, position, header };
      offset = Math.max(offset, lastOffsetOf(header) + 1);
      position += batchSize(header);
      header = readBatchHeader(bytes, position);
    }
  }
}

/**
 * 배치마다 헤더와 풀어 놓은 레코드를 내놓습니다 (컨트롤 배치 포함). 트랜잭션으로 쓴 레코드를 마커가 올 때까지
 * 미뤄 두어야 하는 재생(`__consumer_offsets`의 트랜잭션 오프셋 커밋)이 씁니다.
 */
export function* readAllRecordBatches(log: UnifiedLog): Generator<{ header: BatchHeader; records: StoredRecord[] }> {
  // 첫 배치는 로그 시작 오프셋보다 앞에서 시작할 수 있습니다 (보존 정책이 배치 중간으로 시작을 옮긴 경우).
  const start = log.logStartOffset;
  for (const { bytes, position, header } of readAllBatches(log, start)) {
    yield { header, records: decodeBatch(bytes, position).records.filter((r) => r.offset >= start) };
  }
}

/** 데이터 레코드만 차례로 내놓습니다. 컨트롤 배치(트랜잭션 마커)는 건너뜁니다: 값이 아니라 표시일 뿐이니까요. */
export function* readAllRecords(log: UnifiedLog): Generator<StoredRecord> {
  for (const { header, records } of readAllRecordBatches(log)) if (!isControl(header)) yield* records;
}
