/**
 * 팔로워가 갈라진 꼬리를 잘라 낼 때(`UnifiedLog.truncateTo`), 배치에서 나온 상태가 함께 되돌아가는지: 프로듀서 상태
 * (멱등 시퀀스, 진행 중인 트랜잭션과 LSO), `.txnindex`, 리더 에포크 캐시, 하이 워터마크. Kafka `UnifiedLog.truncateTo`
 * → `rebuildProducerState`, `LeaderEpochFileCache.truncateFromEnd`; 시험은 Kafka `UnifiedLogTest`의
 * `testTruncateToEndOffsetClearsEpochCache`, `testProducerIdMapTruncateTo`, `testTruncateTransactionalData` 경우를 따릅니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ControlRecordType, encodeControlBatch } from '../../src/record/control-record.js';
import { encodeBatch, type RecordBatchInput } from '../../src/record/record-batch.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import { fakeClock, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;
const PID = 42;

function openLog(dir = tempDir()) {
  return UnifiedLog.open({ dir, topic: 't', partition: 0, now: fakeClock(T0).now });
}

const batch = (extra: Partial<RecordBatchInput>, count = 1) =>
  encodeBatch({
    ...extra,
    records: Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`), timestamp: T0 })),
  });
const txn = (baseSequence: number) => batch({ producerId: PID, producerEpoch: 0, baseSequence, isTransactional: true });
const abort = () =>
  encodeControlBatch({
    type: ControlRecordType.Abort,
    producerId: PID,
    producerEpoch: 0,
    coordinatorEpoch: 0,
    timestamp: T0,
  });
const idempotent = (baseSequence: number) => batch({ producerId: PID, producerEpoch: 0, baseSequence });
const header = (baseSequence: number) => ({ producerId: PID, producerEpoch: 0, baseSequence, lastOffsetDelta: 0 });

describe('잘라 내기와 트랜잭션', () => {
  function abortedTransaction() {
    const log = openLog();
    log.appendAsLeader(txn(0), 0, 'client'); // 0
    log.appendAsLeader(txn(1), 0, 'client'); // 1
    log.appendAsLeader(batch({}), 0, 'client'); // 2: 트랜잭션 밖
    log.appendAsLeader(abort(), 0, 'coordinator'); // 3: ABORT 마커
    return log;
  }

  it('testTruncateAbortMarkerReopensTransaction: ABORT 마커를 잘라 내면 트랜잭션이 다시 진행 중이 되고 .txnindex 항목도 사라집니다', () => {
    const log = abortedTransaction();
    expect(log.lastStableOffset).toBe(4);
    expect(log.collectAbortedTransactions(0, 4)).toHaveLength(1);
    log.truncateTo(3);
    expect(log.producerStateManager.firstUnstableOffset()).toBe(0);
    expect(log.lastStableOffset).toBe(0);
    expect(log.collectAbortedTransactions(0, 3)).toEqual([]);
    // 새 리더에게서 마커를 다시 받으면 트랜잭션이 끝나고 .txnindex도 돌아옵니다.
    log.appendAsFollower(
      encodeControlBatch({
        type: ControlRecordType.Abort,
        producerId: PID,
        producerEpoch: 0,
        coordinatorEpoch: 0,
        timestamp: T0,
        baseOffset: 3,
        partitionLeaderEpoch: 1,
      }),
    );
    expect(log.lastStableOffset).toBe(4);
    expect(log.collectAbortedTransactions(0, 4)).toEqual([
      { producerId: PID, firstOffset: 0, lastOffset: 3, lastStableOffset: 4 },
    ]);
  });

  it('testTruncateInMiddleOfTransaction: 트랜잭션의 두 번째 배치를 잘라 내도 트랜잭션은 첫 오프셋에서 진행 중입니다', () => {
    const log = openLog();
    log.appendAsLeader(batch({}), 0); // 0
    log.appendAsLeader(txn(0), 0); // 1
    log.appendAsLeader(txn(1), 0); // 2
    log.truncateTo(2);
    expect(log.producerStateManager.firstUnstableOffset()).toBe(1);
    expect(log.producerStateManager.entry(PID)?.batches.map((b) => b.firstSeq)).toEqual([0]);
  });

  it('testTruncateBeforeTransactionStartClearsIt: 트랜잭션의 첫 배치 앞에서 자르면 진행 중인 트랜잭션이 없습니다', () => {
    const log = openLog();
    log.appendAsLeader(batch({}), 0); // 0
    log.appendAsLeader(txn(0), 0); // 1
    log.truncateTo(1);
    expect(log.producerStateManager.firstUnstableOffset()).toBeNull();
    expect(log.producerStateManager.entry(PID)).toBeUndefined();
  });
});

describe('잘라 내기와 멱등 시퀀스', () => {
  it('testProducerIdMapTruncateTo: 잘려 나간 시퀀스는 잊고, 남은 마지막 시퀀스 다음부터 이어 받습니다', () => {
    const log = openLog();
    for (let seq = 0; seq < 3; seq++) log.appendAsLeader(idempotent(seq), 0);
    log.truncateTo(2);
    const producers = log.producerStateManager;
    expect(producers.check(header(2))).toEqual({ kind: 'append' }); // 잘린 배치를 다시 받아야 합니다 (중복 아님)
    expect(producers.check(header(1))).toMatchObject({ kind: 'duplicate', batch: { firstOffset: 1 } });
    expect(producers.check(header(3))).toMatchObject({
      kind: 'error',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
  });

  it('testTruncateDropsSnapshotsBeyondNewEnd: 잘린 끝 뒤의 프로듀서 스냅숏은 버리고 로그에서 다시 만듭니다', () => {
    const dir = tempDir();
    const log = openLog(dir);
    for (let seq = 0; seq < 4; seq++) log.appendAsLeader(idempotent(seq), 0);
    log.takeProducerSnapshot(); // 오프셋 4의 스냅숏: 시퀀스 3까지 안다고 적음
    log.truncateTo(1);
    expect(log.producerStateManager.entry(PID)?.batches.map((b) => b.lastSeq)).toEqual([0]);
    log.close();
    expect(
      openLog(dir)
        .producerStateManager.entry(PID)
        ?.batches.map((b) => b.lastSeq),
    ).toEqual([0]);
  });

  it('testTruncateFullyAndStartAtClearsProducerState: 세그먼트를 모두 지우면 프로듀서 상태와 에포크 캐시도 비웁니다', () => {
    const log = openLog();
    log.appendAsLeader(idempotent(0), 3);
    log.truncateFullyAndStartAt(10);
    expect(log.producerStateManager.entry(PID)).toBeUndefined();
    expect(log.leaderEpochCache.entries()).toEqual([]);
  });
});

describe('잘라 내기와 에포크 캐시, 하이 워터마크', () => {
  it('testTruncateToEndOffsetClearsEpochCache: 잘린 끝 뒤에서 시작한 에포크를 지웁니다', () => {
    const log = openLog();
    log.appendAsLeader(batch({}, 2), 1); // 0-1
    log.appendAsLeader(batch({}, 2), 3); // 2-3
    log.appendAsLeader(batch({}, 2), 4); // 4-5
    log.truncateTo(3);
    expect(log.leaderEpochCache.entries()).toEqual([{ epoch: 1, startOffset: 0 }]);
    expect(log.logEndOffset).toBe(2); // 오프셋 3을 담은 배치(2-3)부터 통째로
  });

  it('testTruncateAtLogEndDropsEmptyEpoch: 로그 끝에서 자르면 아무것도 쓰지 못한 마지막 에포크만 지웁니다', () => {
    const log = openLog();
    log.appendAsLeader(batch({}), 1);
    log.maybeAssignEpochStartOffset(2, 1);
    expect(log.truncateTo(1)).toBe(false);
    expect(log.leaderEpochCache.entries()).toEqual([{ epoch: 1, startOffset: 0 }]);
  });

  it('testTruncateBelowHighWatermarkLowersIt: 하이 워터마크는 잘린 로그 끝을 넘지 않습니다', () => {
    const log = openLog();
    log.startReplication();
    log.appendAsLeader(batch({}, 5), 0);
    log.maybeIncrementHighWatermark(5);
    log.truncateTo(0);
    expect(log.highWatermark).toBe(0);
  });
});
