/**
 * 트랜잭션 코디네이터의 판단 (입출력 없음): 10장 강의 "트랜잭션의 흐름"의 다섯 단계 — 생성 → 데이터 전송 → 커밋 요청 → 커밋 마커 → 종료 —
 * 과 좀비 막기, 타임아웃 어보트, 허락되지 않은 전이. 상태 이름과 전이는 Kafka의 TransactionState와 같습니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  abortIfTimedOut,
  addPartitions,
  completeTransaction,
  type Decision,
  endTransaction,
  initProducerId,
} from '../../src/transaction/transaction-coordinator.js';
import {
  decodeTransactionLogRecord,
  transactionLogRecord,
  transactionPartitionFor,
} from '../../src/transaction/transaction-log.js';
import { canTransition, type TransactionMetadata, transition } from '../../src/transaction/transaction-state.js';

let nextId = 1000;
const newId = () => nextId++;

function ok(decision: Decision): TransactionMetadata {
  if (!decision.ok) throw new Error(`거절됨: ${decision.errorCode}`);
  return decision.next;
}

const errorOf = (decision: Decision) => (decision.ok ? ErrorCode.NONE : decision.errorCode);
const orders = [{ topic: 'orders', partition: 0 }];

describe('transaction coordinator (KIP-98)', () => {
  it('walks the seed’s transaction: init → add partitions → commit → markers → complete', () => {
    let txn = ok(initProducerId(undefined, 'payment-tx', 60_000, 0, newId));
    expect(txn).toMatchObject({ state: 'Empty', producerEpoch: 0 });
    txn = ok(addPartitions(txn, txn.producerId, 0, orders, 10));
    expect(txn).toMatchObject({ state: 'Ongoing', partitions: orders, transactionStartMs: 10 });
    txn = ok(addPartitions(txn, txn.producerId, 0, [{ topic: 'payments', partition: 2 }, ...orders], 20));
    expect(txn.partitions, '같은 파티션은 한 번만').toHaveLength(2);
    txn = ok(endTransaction(txn, txn.producerId, 0, true, 30));
    expect(txn.state, '장부에 PrepareCommit을 적으면 커밋이 정해집니다').toBe('PrepareCommit');
    txn = completeTransaction(txn, 40);
    expect(txn).toMatchObject({ state: 'CompleteCommit', partitions: [] });
    // 응답을 잃고 다시 보낸 커밋은 그대로 성공, 반대 결과는 거절
    expect(errorOf(endTransaction(txn, txn.producerId, 0, true, 50))).toBe(ErrorCode.NONE);
    expect(errorOf(endTransaction(txn, txn.producerId, 0, false, 50))).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('fences a zombie: a new producer with the same transactional id bumps the epoch and aborts its open transaction', () => {
    let txn = ok(initProducerId(undefined, 'tx', 60_000, 0, newId));
    const zombieEpoch = txn.producerEpoch;
    txn = ok(addPartitions(txn, txn.producerId, zombieEpoch, orders, 1));
    txn = ok(initProducerId(txn, 'tx', 60_000, 2, newId));
    expect(txn).toMatchObject({ state: 'PrepareEpochFence', producerEpoch: zombieEpoch + 1 });
    expect(errorOf(initProducerId(txn, 'tx', 60_000, 3, newId)), '어보트가 끝날 때까지').toBe(
      ErrorCode.CONCURRENT_TRANSACTIONS,
    );
    txn = completeTransaction(txn, 4);
    expect(txn.state).toBe('CompleteAbort');
    expect(errorOf(addPartitions(txn, txn.producerId, zombieEpoch, orders, 5)), '옛 에포크의 좀비').toBe(
      ErrorCode.PRODUCER_FENCED,
    );
    expect(errorOf(addPartitions(txn, txn.producerId + 1, txn.producerEpoch, orders, 5))).toBe(
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    );
  });

  it('aborts a transaction that outlives transaction.timeout.ms', () => {
    let txn = ok(initProducerId(undefined, 'slow', 1000, 0, newId));
    txn = ok(addPartitions(txn, txn.producerId, txn.producerEpoch, orders, 100));
    expect(abortIfTimedOut(txn, 1100), 'Kafka: txnStartTimestamp + txnTimeoutMs < now일 때만').toBeNull();
    const fenced = abortIfTimedOut(txn, 1101);
    expect(fenced).toMatchObject({ state: 'PrepareEpochFence', producerEpoch: txn.producerEpoch + 1 });
    expect(completeTransaction(fenced as TransactionMetadata, 1200).state).toBe('CompleteAbort');
  });

  it('refuses EndTxn without an ongoing transaction and follows Kafka’s allowed transitions', () => {
    const txn = ok(initProducerId(undefined, 'idle', 1000, 0, newId));
    expect(errorOf(endTransaction(txn, txn.producerId, 0, true, 1))).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(canTransition('Ongoing', 'CompleteCommit')).toBe(false);
    expect(canTransition('PrepareEpochFence', 'PrepareAbort')).toBe(true);
    expect(() => transition(txn, 'PrepareCommit')).toThrow(/Empty → PrepareCommit/);
  });
});

describe('__transaction_state records', () => {
  it('round-trips transaction metadata in Kafka’s TransactionLogKey/Value layout', () => {
    const metadata: TransactionMetadata = {
      transactionalId: 'tx-1',
      producerId: 4000,
      producerEpoch: 3,
      transactionTimeoutMs: 60_000,
      state: 'PrepareCommit',
      partitions: [
        { topic: 'orders', partition: 0 },
        { topic: 'orders', partition: 2 },
        { topic: 'payments', partition: 1 },
      ],
      transactionStartMs: 10,
      lastUpdateMs: 20,
    };
    const { key, value } = transactionLogRecord(metadata);
    expect(key.toString('hex'), 'int16 0 + 문자열 "tx-1"').toBe(`0000${'0004'}${Buffer.from('tx-1').toString('hex')}`);
    expect(value.readInt16BE(0), '값 버전 0').toBe(0);
    expect(value.readInt8(2 + 8 + 2 + 4), 'PrepareCommit의 번호는 2').toBe(2);
    expect(decodeTransactionLogRecord(key, value)).toEqual(metadata);
    expect(decodeTransactionLogRecord(key, null)).toEqual({ transactionalId: 'tx-1', removed: true });
    expect(transactionPartitionFor('polygenelubricants', 50)).toBe(0);
  });
});
