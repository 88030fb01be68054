import { describe, expect, it } from 'vitest';
import { ProducerStateManager } from '../../src/producer/producer-state.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { Attributes } from '../../src/record/batch-header.js';

const batch = (baseSequence: number, count: number, producerEpoch = 0, producerId = 7, attributes = 0) => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastOffsetDelta: count - 1,
  maxTimestamp: 1000,
  attributes,
});
const txnBatch = (baseSequence: number, count: number, producerId: number, producerEpoch = 0) =>
  batch(baseSequence, count, producerEpoch, producerId, Attributes.transactional);
const marker = (producerId: number, producerEpoch = 0) =>
  batch(-1, 1, producerEpoch, producerId, Attributes.transactional | Attributes.control);

describe('ProducerStateManager (Kafka: ProducerStateManager, KIP-98)', () => {
  it('accepts a new producer from sequence 0 and each batch that continues the sequence', () => {
    const state = new ProducerStateManager();
    expect(state.check(batch(0, 3))).toEqual({ kind: 'append' });
    state.record(batch(0, 3), 100);
    expect(state.check(batch(3, 2))).toEqual({ kind: 'append' });
    state.record(batch(3, 2), 103);
    expect(state.entry(7)?.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset])).toEqual([
      [0, 2, 100],
      [3, 4, 103],
    ]);
  });

  it('answers a resent batch with the offsets it first got, for any of the last five', () => {
    const state = new ProducerStateManager();
    for (let i = 0; i < 7; i++) state.record(batch(i * 2, 2), i * 10);
    expect(state.check(batch(12, 2))).toMatchObject({ kind: 'duplicate', batch: { firstOffset: 60, lastOffset: 61 } });
    expect(state.check(batch(4, 2))).toMatchObject({ kind: 'duplicate', batch: { firstOffset: 20 } });
    // 다섯 개보다 오래된 배치는 더 기억하지 않으므로 순서가 어긋난 것으로 봅니다.
    expect(state.check(batch(2, 2))).toMatchObject({
      kind: 'error',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
  });

  it('rejects gaps, stale epochs and a new epoch that does not start at 0', () => {
    const state = new ProducerStateManager();
    expect(state.check(batch(5, 1))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    state.record(batch(0, 1, 2), 0);
    expect(state.check(batch(2, 1, 2))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(state.check(batch(1, 1, 1))).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(state.check(batch(4, 1, 3))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(state.check(batch(0, 1, 3))).toEqual({ kind: 'append' });
    state.record(batch(0, 1, 3), 1);
    expect(state.entry(7)?.batches, '새 에포크는 옛 배치를 잊습니다').toHaveLength(1);
  });

  it('wraps the sequence after Integer.MAX_VALUE and ignores non-idempotent batches', () => {
    const state = new ProducerStateManager();
    state.record(batch(2147483646, 2), 1);
    expect(state.entry(7)?.batches.at(-1)?.lastSeq).toBe(2147483647);
    expect(state.check(batch(0, 1))).toEqual({ kind: 'append' });
    expect(state.check({ ...batch(0, 1), producerId: -1 })).toEqual({ kind: 'append' });
  });

  describe('transactions (the last stable offset)', () => {
    it('holds the LSO at the first offset of the earliest open transaction until its marker', () => {
      const state = new ProducerStateManager();
      expect(state.firstUnstableOffset()).toBeNull();
      state.record(txnBatch(0, 2, 1), 10);
      state.record(txnBatch(0, 3, 2), 12);
      state.record(txnBatch(2, 1, 1), 15);
      expect(state.firstUnstableOffset()).toBe(10);
      expect(state.recordMarker(marker(1), 16, true, 0)).toEqual({
        producerId: 1,
        firstOffset: 10,
        lastOffset: 16,
        isAborted: true,
      });
      expect(state.firstUnstableOffset()).toBe(12);
      expect(state.recordMarker(marker(2), 17, false, 0)).toMatchObject({ firstOffset: 12, isAborted: false });
      expect(state.firstUnstableOffset()).toBeNull();
    });

    it('ignores a marker for a producer that wrote nothing here, and non-transactional batches', () => {
      const state = new ProducerStateManager();
      state.record(batch(0, 2), 0);
      expect(state.firstUnstableOffset()).toBeNull();
      expect(state.recordMarker(marker(9), 2, false, 0)).toBeNull();
    });

    it('remembers a fencing marker epoch, so the zombie producer is refused', () => {
      const state = new ProducerStateManager();
      state.record(txnBatch(0, 1, 1, 3), 0);
      state.recordMarker(marker(1, 4), 1, true, 0);
      expect(state.check(txnBatch(1, 1, 1, 3))).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
      expect(state.check(txnBatch(0, 1, 1, 5))).toEqual({ kind: 'append' });
    });

    it('testCoordinatorFencing: a marker from a coordinator epoch older than the last one is TRANSACTION_COORDINATOR_FENCED', () => {
      const state = new ProducerStateManager();
      state.record(txnBatch(0, 1, 1, 5), 99);
      expect(state.checkMarker(1, 1)).toBeNull();
      state.recordMarker(marker(1, 5), 100, false, 1);
      expect(state.entry(1)?.coordinatorEpoch).toBe(1);
      expect(state.checkMarker(1, 1), '같은 코디네이터 에포크는 받습니다').toBeNull();
      state.recordMarker(marker(1, 5), 101, false, 1);
      expect(state.checkMarker(1, 2), '새 코디네이터(올라간 에포크)도 받습니다').toBeNull();
      state.recordMarker(marker(1, 5), 102, false, 2);
      expect(state.checkMarker(1, 1)).toMatchObject({ errorCode: ErrorCode.TRANSACTION_COORDINATOR_FENCED });
    });
  });
});
