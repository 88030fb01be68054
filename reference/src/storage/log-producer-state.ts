/**
 * 로그가 지키는 프로듀서 상태 (Kafka: `UnifiedLog`의 `producerStateManager`와 `rebuildProducerState`). 멱등 프로듀서의
 * 최근 시퀀스, 진행 중인 트랜잭션(LSO), 어보트된 트랜잭션의 `.txnindex` 항목은 모두 **로그에 있는 배치**에서 나옵니다.
 * 그래서 로그가 바뀌는 곳마다 함께 바뀝니다:
 *
 *     리더 쓰기, 팔로워 쓰기      쓴 배치를 적용 (`applyBatch`)
 *     다시 켜질 때                스냅숏 + 그 뒤의 배치를 훑기 (`loadProducerState`)
 *     잘라 낼 때 (팔로워)         잘린 끝 뒤의 스냅숏을 버리고 다시 훑기: 잘려 나간 트랜잭션은 다시 "진행 중"이 되고,
 *                                 잘려 나간 시퀀스는 잊힙니다
 */
import { readLatestProducerSnapshot } from '../producer/producer-snapshot.js';
import { ProducerStateManager } from '../producer/producer-state.js';
import { type BatchHeader, isControl } from '../record/batch-header.js';
import { ControlRecordType, endTxnMarkerOf } from '../record/control-record.js';
import { decodeBatch } from '../record/record-batch.js';
import { type ReadableLog, readAllBatches } from './log-reader.js';
import type { AbortedTxn } from './transaction-index.js';
import type { UnifiedLog } from './unified-log.js';

/**
 * 로그에 있는 배치 하나를 프로듀서 상태에 적용합니다. ABORT 마커로 끝난 트랜잭션은 .txnindex에 적습니다
 * (이미 적혀 있으면 `UnifiedLog.updateTxnIndex`가 건너뜁니다).
 */
export function applyBatch(
  state: ProducerStateManager,
  header: BatchHeader,
  bytes: Buffer,
  position: number,
  updateTxnIndex: (txn: AbortedTxn) => void,
): void {
  if (!isControl(header)) {
    state.record(header, header.baseOffset);
    return;
  }
  const marker = endTxnMarkerOf(decodeBatch(bytes, position));
  if (!marker) return;
  const completed = state.recordMarker(
    header,
    header.baseOffset,
    marker.type === ControlRecordType.Abort,
    marker.coordinatorEpoch,
  );
  if (completed?.isAborted) {
    const lastStableOffset = state.firstUnstableOffset() ?? completed.lastOffset + 1;
    updateTxnIndex({ ...completed, lastStableOffset });
  }
}

/**
 * 로그 끝까지의 프로듀서 상태를 만듭니다: 로그 끝 이하의 가장 새 스냅숏(깨끗하게 멈출 때 적은 것)에서 시작해 그 뒤의
 * 배치만 훑습니다. 로그 끝보다 뒤의 스냅숏(잘라 낸 꼬리의 것)은 `readLatestProducerSnapshot`이 지웁니다.
 */
export function loadProducerState(log: ReadableLog & Pick<UnifiedLog, 'dir' | 'updateTxnIndex'>): ProducerStateManager {
  const state = new ProducerStateManager();
  const snapshot = readLatestProducerSnapshot(log.dir, log.logEndOffset);
  if (snapshot) state.restore(snapshot.entries);
  for (const { bytes, position, header } of readAllBatches(log, snapshot?.offset ?? log.logStartOffset)) {
    applyBatch(state, header, bytes, position, (txn) => log.updateTxnIndex(txn));
  }
  return state;
}
