/**
 * 10장 테스트: 트랜잭션과 커밋 마커. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 상태 전이 → 코디네이터의 판단(InitProducerId, AddPartitionsToTxn, EndTxn, 마커 뒤 마무리,
 * 타임아웃) → .txnindex 찾기 → 끝에서 끝까지. 마지막 두 테스트는 reference 브로커의 트랜잭션 코디네이터에
 * 여러분의 판단을 끼우고, kafkajs 트랜잭션 프로듀서와 kcat(read_committed / read_uncommitted)으로 확인합니다.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import {
  kafka,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  startBroker,
} from '../../../reference/test/e2e/support.js';
import * as coordinator from '../src/transaction-coordinator.js';
import {
  abortIfTimedOut,
  addPartitions,
  completeTransaction,
  type Decision,
  endTransaction,
  initProducerId,
} from '../src/transaction-coordinator.js';
import { type AbortedTxn, collectAbortedTxns } from '../src/transaction-index.js';
import {
  canTransition,
  type TransactionMetadata,
  type TransactionState,
  transition,
} from '../src/transaction-state.js';

const STATES: TransactionState[] = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'Dead',
  'PrepareEpochFence',
];

/** Kafka의 TransactionState.validPreviousStates: 상태마다 올 수 있는 앞 상태 */
const KAFKA_PREVIOUS: Record<TransactionState, TransactionState[]> = {
  Empty: ['Empty', 'CompleteCommit', 'CompleteAbort'],
  Ongoing: ['Ongoing', 'Empty', 'CompleteCommit', 'CompleteAbort'],
  PrepareCommit: ['Ongoing'],
  PrepareAbort: ['Ongoing', 'PrepareEpochFence'],
  CompleteCommit: ['PrepareCommit'],
  CompleteAbort: ['PrepareAbort'],
  Dead: ['Empty', 'CompleteCommit', 'CompleteAbort'],
  PrepareEpochFence: ['Ongoing'],
};

const orders = [
  { topic: 'orders', partition: 0 },
  { topic: 'payments', partition: 2 },
];

function metadata(state: TransactionState, changes: Partial<TransactionMetadata> = {}): TransactionMetadata {
  return {
    transactionalId: 'payment-tx',
    producerId: 4000,
    producerEpoch: 3,
    transactionTimeoutMs: 60_000,
    state,
    partitions: state === 'Ongoing' || state.startsWith('Prepare') ? orders : [],
    transactionStartMs: state === 'Ongoing' || state.startsWith('Prepare') ? 100 : -1,
    lastUpdateMs: 100,
    ...changes,
  };
}

function accepted(decision: Decision, what: string): TransactionMetadata {
  if (!decision.ok) throw new Error(`${what}: 받아들여야 하는데 오류 코드 ${decision.errorCode}로 거절했습니다`);
  return decision.next;
}

const errorOf = (decision: Decision) => (decision.ok ? ErrorCode.NONE : decision.errorCode);

describe('10장 트랜잭션과 커밋 마커', () => {
  it('TransitionsFollowKafka: 상태 전이는 Kafka의 그림에 있는 화살표만 허락합니다', () => {
    for (const to of STATES) {
      for (const from of STATES) {
        expect(
          canTransition(from, to),
          `${from} → ${to}는 ${KAFKA_PREVIOUS[to].includes(from) ? '허락' : '거절'}해야 합니다`,
        ).toBe(KAFKA_PREVIOUS[to].includes(from));
      }
    }
    expect(() => transition(metadata('Empty'), 'PrepareCommit'), '틀린 전이는 오류를 던집니다').toThrow();
  });

  it('InitNewTransactionalId: 처음 보는 트랜잭션 ID는 새 프로듀서 ID, 에포크 0, Empty로 시작합니다', () => {
    const next = accepted(
      initProducerId(undefined, 'payment-tx', 30_000, 50, () => 7000),
      '처음 보는 ID',
    );
    expect(next).toMatchObject({
      transactionalId: 'payment-tx',
      producerId: 7000,
      producerEpoch: 0,
      transactionTimeoutMs: 30_000,
      state: 'Empty',
      partitions: [],
      transactionStartMs: -1,
      lastUpdateMs: 50,
    });
  });

  it('InitBumpsEpoch: 같은 ID로 다시 오면 같은 프로듀서 ID에 에포크를 하나 올립니다 (다 차면 새 ID)', () => {
    for (const state of ['Empty', 'CompleteCommit', 'CompleteAbort'] as const) {
      const next = accepted(
        initProducerId(metadata(state), 'payment-tx', 60_000, 200, () => 9999),
        state,
      );
      expect(next, `${state}에서 다시 온 InitProducerId`).toMatchObject({
        producerId: 4000,
        producerEpoch: 4,
        state: 'Empty',
        partitions: [],
      });
    }
    const exhausted = accepted(
      initProducerId(metadata('CompleteCommit', { producerEpoch: 32766 }), 'payment-tx', 60_000, 200, () => 9999),
      '에포크가 다 참',
    );
    expect(exhausted, '에포크가 32766이면 새 프로듀서 ID와 에포크 0').toMatchObject({
      producerId: 9999,
      producerEpoch: 0,
    });
  });

  it('InitFencesZombie: 진행 중인 트랜잭션이 있으면 에포크를 올린 PrepareEpochFence, 마커를 쓰는 중이면 기다리라고 합니다', () => {
    const fencing = accepted(
      initProducerId(metadata('Ongoing'), 'payment-tx', 60_000, 300, () => 9999),
      'Ongoing',
    );
    expect(fencing).toMatchObject({
      state: 'PrepareEpochFence',
      producerId: 4000,
      producerEpoch: 4,
      partitions: orders,
    });
    for (const state of ['PrepareCommit', 'PrepareAbort', 'PrepareEpochFence'] as const) {
      expect(errorOf(initProducerId(metadata(state), 'payment-tx', 60_000, 300, () => 9999)), state).toBe(
        ErrorCode.CONCURRENT_TRANSACTIONS,
      );
    }
  });

  it('AddPartitionsStartsTransaction: 첫 파티션이 트랜잭션을 시작하고, 더한 파티션은 한 번씩만 적힙니다', () => {
    const started = accepted(addPartitions(metadata('Empty'), 4000, 3, [orders[0] as never], 500), 'Empty에 파티션');
    expect(started).toMatchObject({
      state: 'Ongoing',
      partitions: [orders[0]],
      transactionStartMs: 500,
      lastUpdateMs: 500,
    });
    const more = accepted(addPartitions(started, 4000, 3, orders, 600), 'Ongoing에 파티션');
    expect(more.partitions, '이미 있는 파티션은 다시 적지 않습니다').toEqual(orders);
    expect(more.transactionStartMs, '시작 시각은 첫 파티션 때 그대로').toBe(500);
    expect(errorOf(addPartitions(metadata('PrepareCommit'), 4000, 3, orders, 700))).toBe(
      ErrorCode.CONCURRENT_TRANSACTIONS,
    );
    expect(errorOf(addPartitions(metadata('Ongoing'), 4000, 2, orders, 700)), '옛 에포크(좀비)').toBe(
      ErrorCode.PRODUCER_FENCED,
    );
  });

  it('EndTxnDecidesOutcome: EndTxn은 Prepare 상태로 결과를 정하고, 같은 재시도는 성공, 어긋난 요청은 거절합니다', () => {
    expect(accepted(endTransaction(metadata('Ongoing'), 4000, 3, true, 800), '커밋').state).toBe('PrepareCommit');
    expect(accepted(endTransaction(metadata('Ongoing'), 4000, 3, false, 800), '어보트').state).toBe('PrepareAbort');
    const done = metadata('CompleteCommit');
    const retry = endTransaction(done, 4000, 3, true, 900);
    expect(retry.ok && retry.next, '응답을 잃은 커밋 재시도는 그대로 성공').toBe(done);
    expect(errorOf(endTransaction(done, 4000, 3, false, 900)), '커밋된 트랜잭션을 어보트').toBe(
      ErrorCode.INVALID_TXN_STATE,
    );
    expect(errorOf(endTransaction(metadata('Empty'), 4000, 3, true, 900)), '열린 트랜잭션이 없음').toBe(
      ErrorCode.INVALID_TXN_STATE,
    );
    expect(errorOf(endTransaction(metadata('PrepareAbort'), 4000, 3, false, 900))).toBe(
      ErrorCode.CONCURRENT_TRANSACTIONS,
    );
  });

  it('CompleteAfterMarkers: 마커를 다 쓰면 Complete가 되고 파티션 목록을 비웁니다; 좀비의 트랜잭션은 어보트로 끝납니다', () => {
    expect(completeTransaction(metadata('PrepareCommit'), 1000)).toMatchObject({
      state: 'CompleteCommit',
      partitions: [],
    });
    expect(completeTransaction(metadata('PrepareAbort'), 1000)).toMatchObject({
      state: 'CompleteAbort',
      partitions: [],
    });
    expect(completeTransaction(metadata('PrepareEpochFence', { producerEpoch: 4 }), 1000)).toMatchObject({
      state: 'CompleteAbort',
      producerEpoch: 4,
      lastUpdateMs: 1000,
    });
  });

  it('TimeoutAbortsAndFences: transaction.timeout.ms가 지난 Ongoing 트랜잭션은 에포크를 올려 어보트합니다', () => {
    const ongoing = metadata('Ongoing', { transactionStartMs: 1000, transactionTimeoutMs: 500 });
    expect(abortIfTimedOut(ongoing, 1499), '아직 시간이 남았습니다').toBeNull();
    expect(abortIfTimedOut(ongoing, 1500)).toMatchObject({ state: 'PrepareEpochFence', producerEpoch: 4 });
    expect(abortIfTimedOut(metadata('Empty', { transactionStartMs: 0, transactionTimeoutMs: 1 }), 10_000)).toBeNull();
  });

  it('AbortedTxnsInRange: .txnindex에서 범위에 걸친 어보트 트랜잭션을 첫 오프셋 순서로 찾습니다', () => {
    const entries: AbortedTxn[] = [
      { producerId: 1, firstOffset: 10, lastOffset: 20, lastStableOffset: 5 },
      { producerId: 2, firstOffset: 3, lastOffset: 25, lastStableOffset: 30 },
      { producerId: 3, firstOffset: 40, lastOffset: 50, lastStableOffset: 51 },
    ];
    const ids = (from: number, to: number) => collectAbortedTxns(entries, from, to).aborted.map((t) => t.producerId);
    expect(ids(0, 45), '첫 오프셋 순서').toEqual([2, 1, 3]);
    expect(ids(21, 35), '마커가 fetchOffset보다 앞인 트랜잭션은 이미 지나갔습니다').toEqual([2]);
    expect(ids(26, 40), 'firstOffset이 범위 끝 이상이면 아직 오지 않았습니다').toEqual([]);
    expect(collectAbortedTxns(entries, 0, 30).complete).toBe(true);
    expect(collectAbortedTxns(entries, 0, 60).complete).toBe(false);
  });

  describe('끝에서 끝까지: 여러분의 코디네이터를 끼운 브로커와 kafkajs 트랜잭션', () => {
    let running: RunningBroker;
    beforeAll(async () => {
      running = await startBroker({}, undefined, { transactionDecisions: coordinator });
    });
    afterAll(async () => {
      await running?.stop();
      if (running) removeDir(running.dir);
    });

    const values = async (topic: string, extra: string[] = []) =>
      [...(await readAllWithKcat(running.bootstrap, topic, extra)).values()].flat().map((r) => r.value);

    it('CommittedVisibleAbortedHidden: 커밋한 트랜잭션은 보이고, 어보트한 것은 read_committed에게만 보이지 않습니다', async () => {
      const producer = kafka(running.bootstrap).producer({
        transactionalId: 'ch10-tx',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      for (const [commit, vals] of [
        [true, ['주문-1', '주문-2']],
        [false, ['취소-1', '취소-2']],
        [true, ['주문-3']],
      ] as const) {
        const txn = await producer.transaction();
        await txn.send({ topic: 'ch10-orders', messages: vals.map((value) => ({ value })) });
        await (commit ? txn.commit() : txn.abort());
      }
      await producer.disconnect();
      expect(await values('ch10-orders'), 'kcat(read_committed)은 커밋된 것만').toEqual(['주문-1', '주문-2', '주문-3']);
      expect(await values('ch10-orders', ['-X', 'isolation.level=read_uncommitted'])).toEqual([
        '주문-1',
        '주문-2',
        '취소-1',
        '취소-2',
        '주문-3',
      ]);
    });

    it('ZombieFenced: 같은 트랜잭션 ID의 새 프로듀서가 옛 프로듀서를 막고 그 열린 트랜잭션을 어보트합니다', async () => {
      const zombie = kafka(running.bootstrap).producer({
        transactionalId: 'ch10-zombie',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await zombie.connect();
      const zombieTxn = await zombie.transaction();
      await zombieTxn.send({ topic: 'ch10-fence', messages: [{ value: '좀비' }] });
      const successor = kafka(running.bootstrap).producer({
        transactionalId: 'ch10-zombie',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await successor.connect();
      const txn = await successor.transaction();
      await txn.send({ topic: 'ch10-fence', messages: [{ value: '새 프로듀서' }] });
      await txn.commit();
      await expect(zombieTxn.commit(), '옛 프로듀서의 커밋은 거절되어야 합니다').rejects.toThrow();
      expect(await values('ch10-fence')).toEqual(['새 프로듀서']);
      await successor.disconnect();
      await zombie.disconnect().catch(() => {});
    });
  });
});
