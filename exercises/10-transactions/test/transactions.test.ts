/**
 * 10장 테스트: 트랜잭션과 커밋 마커. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 상태 전이 → 코디네이터의 판단(InitProducerId, AddPartitionsToTxn, EndTxn, 마커 뒤 마무리,
 * 타임아웃) → 무작위 연산 순서 → .txnindex 찾기. 여러분의 판단과 .txnindex를 끼운 reference 브로커에 kafkajs
 * 트랜잭션을 돌리는 끝에서 끝까지 테스트는 transactions.e2e.test.ts에 있습니다.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { assertProperty } from '../../../reference/test/support/property.js';
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

/** 처음 보는 트랜잭션 ID에 InitProducerId가 만드는 장부 */
function emptyLedger(
  producerId: number,
  producerEpoch: number,
  transactionTimeoutMs: number,
  now: number,
): TransactionMetadata {
  return {
    transactionalId: 'random-tx',
    producerId,
    producerEpoch,
    transactionTimeoutMs,
    state: 'Empty',
    partitions: [],
    transactionStartMs: -1,
    lastUpdateMs: now,
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
        initProducerId(metadata(state, { transactionStartMs: 100 }), 'payment-tx', 45_000, 200, () => 9999),
        state,
      );
      expect(
        next,
        `${state}에서 다시 온 InitProducerId: 에포크 + 1, 새 프로듀서가 보낸 transaction.timeout.ms(45000, 장부에는 60000), 시작 시각 -1`,
      ).toMatchObject({
        producerId: 4000,
        producerEpoch: 4,
        transactionTimeoutMs: 45_000,
        state: 'Empty',
        partitions: [],
        transactionStartMs: -1,
        lastUpdateMs: 200,
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
    expect(
      errorOf(initProducerId(metadata('Dead'), 'payment-tx', 60_000, 300, () => 9999)),
      'Dead(만료되어 지우는 중인 ID)에 온 InitProducerId: 다른 전이가 진행 중이니 CONCURRENT_TRANSACTIONS',
    ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
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
    for (const state of ['CompleteCommit', 'CompleteAbort'] as const) {
      // 지난 트랜잭션이 끝난 뒤에도 장부에는 그 시작 시각(100)이 남아 있습니다. 다음 트랜잭션은 지금 시작합니다.
      const again = accepted(
        addPartitions(metadata(state, { transactionStartMs: 100 }), 4000, 3, [orders[1] as never], 900),
        `${state} 뒤의 첫 파티션`,
      );
      expect(
        again,
        `${state} 뒤에 온 첫 AddPartitionsToTxn도 새 트랜잭션을 시작합니다: 시작 시각은 지난 트랜잭션의 100이 아니라 900`,
      ).toMatchObject({ state: 'Ongoing', partitions: [orders[1]], transactionStartMs: 900, lastUpdateMs: 900 });
    }
    expect(errorOf(addPartitions(metadata('PrepareCommit'), 4000, 3, orders, 700))).toBe(
      ErrorCode.CONCURRENT_TRANSACTIONS,
    );
    expect(errorOf(addPartitions(metadata('Ongoing'), 4000, 2, orders, 700)), '옛 에포크(좀비)').toBe(
      ErrorCode.PRODUCER_FENCED,
    );
    expect(
      errorOf(addPartitions(metadata('Dead'), 4000, 3, orders, 700)),
      'Dead(지우는 중)인 ID에는 트랜잭션을 시작하지 않습니다: CONCURRENT_TRANSACTIONS',
    ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
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
    expect(
      errorOf(endTransaction(metadata('PrepareAbort'), 4000, 3, false, 900)),
      '어보트 마커를 쓰는 중에 다시 온 어보트: 잠시 뒤에 다시',
    ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(
      errorOf(endTransaction(metadata('PrepareCommit'), 4000, 3, true, 900)),
      '커밋 마커를 쓰는 중에 다시 온 커밋: 잠시 뒤에 다시',
    ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(
      errorOf(endTransaction(metadata('PrepareCommit'), 4000, 3, false, 900)),
      '커밋으로 정해진(PrepareCommit) 트랜잭션을 어보트하려 함: 되돌릴 수 없으니 INVALID_TXN_STATE',
    ).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(
      errorOf(endTransaction(metadata('PrepareAbort'), 4000, 3, true, 900)),
      '어보트로 정해진 트랜잭션을 커밋하려 함',
    ).toBe(ErrorCode.INVALID_TXN_STATE);
    for (const state of ['PrepareEpochFence', 'Dead'] as const) {
      expect(
        errorOf(endTransaction(metadata(state), 4000, 3, true, 900)),
        `${state}(좀비를 막는 중, 지우는 중: 다른 전이가 진행 중)에 온 EndTxn: 잠시 뒤에 다시`,
      ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
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
    expect(
      completeTransaction(metadata('PrepareEpochFence', { producerEpoch: 4 }), 1000),
      '좀비의 트랜잭션(PrepareEpochFence)도 마커를 다 쓰면 어보트로 끝나고, 다음 트랜잭션을 위해 파티션 목록을 비웁니다',
    ).toMatchObject({
      state: 'CompleteAbort',
      producerEpoch: 4,
      partitions: [],
      lastUpdateMs: 1000,
    });
  });

  it('TimeoutAbortsAndFences: transaction.timeout.ms가 지난 Ongoing 트랜잭션은 에포크를 올려 어보트합니다', () => {
    const ongoing = metadata('Ongoing', { transactionStartMs: 1000, transactionTimeoutMs: 500 });
    expect(abortIfTimedOut(ongoing, 1499), '아직 시간이 남았습니다').toBeNull();
    expect(
      abortIfTimedOut(ongoing, 1500),
      '시작(1000) + 타임아웃(500) = 1500: 딱 타임아웃만큼은 아직입니다 (Kafka: 시작 + 타임아웃 < 지금일 때 어보트)',
    ).toBeNull();
    expect(abortIfTimedOut(ongoing, 1501), '1501: 타임아웃이 지났습니다').toMatchObject({
      state: 'PrepareEpochFence',
      producerEpoch: 4,
      partitions: orders,
      lastUpdateMs: 1501,
    });
    for (const state of ['PrepareCommit', 'PrepareAbort', 'CompleteCommit'] as const) {
      expect(
        abortIfTimedOut(metadata(state, { transactionStartMs: 0, transactionTimeoutMs: 1 }), 10_000),
        `${state}: Ongoing만 타임아웃됩니다 (Prepare는 결과가 이미 정해졌습니다)`,
      ).toBeNull();
    }
    expect(abortIfTimedOut(metadata('Empty', { transactionStartMs: 0, transactionTimeoutMs: 1 }), 10_000)).toBeNull();
  });

  it('RandomTransactionsFollowKafka: 무작위 순서의 요청, 마커, 타임아웃에도 코디네이터는 Kafka의 상태 표대로 답합니다', () => {
    const TOPICS = [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
      { topic: 'payments', partition: 0 },
    ];
    const step = fc.record({
      /** 이 요청 전에 흐른 시간(ms) */
      wait: fc.integer({ min: 0, max: 700 }),
      op: fc.oneof(
        fc.record({ kind: fc.constant('init' as const), timeoutMs: fc.constantFrom(500, 1000, 3000) }),
        fc.record({
          kind: fc.constant('add' as const),
          zombie: fc.boolean(),
          partitions: fc.subarray(TOPICS, { minLength: 1 }),
        }),
        fc.record({ kind: fc.constant('end' as const), zombie: fc.boolean(), commit: fc.boolean() }),
        fc.record({ kind: fc.constant('markers' as const) }),
        fc.record({ kind: fc.constant('tick' as const) }),
      ),
    });
    const key = (p: { topic: string; partition: number }) => `${p.topic}-${p.partition}`;
    assertProperty(
      // 장부는 비어 있거나(처음 보는 ID), 에포크가 거의 다 찬 프로듀서의 끝난 트랜잭션에서 시작합니다.
      fc.property(fc.boolean(), fc.array(step, { minLength: 1, maxLength: 30 }), (nearlyExhausted, steps) => {
        let now = 1000;
        let nextPid = 5000;
        let ledger: TransactionMetadata | undefined = nearlyExhausted
          ? { ...emptyLedger(4000, 32764, 1000, now), state: 'CompleteCommit' }
          : undefined;
        const log: string[] = [];
        for (const { wait, op } of steps) {
          now += wait;
          const before = ledger;
          // 기대: Kafka의 TransactionCoordinator가 이 상태에서 이 요청에 하는 일
          let expected: TransactionMetadata | number | null | 'same';
          let got: TransactionMetadata | number | null;
          const st = before?.state;
          const preparing = st === 'PrepareCommit' || st === 'PrepareAbort' || st === 'PrepareEpochFence';
          if (op.kind === 'init') {
            const fresh = nextPid;
            if (!before) {
              expected = emptyLedger(fresh, 0, op.timeoutMs, now);
            } else if (preparing) {
              expected = ErrorCode.CONCURRENT_TRANSACTIONS;
            } else if (st === 'Ongoing') {
              expected = {
                ...before,
                state: 'PrepareEpochFence',
                producerEpoch: before.producerEpoch + 1,
                lastUpdateMs: now,
              };
            } else {
              const exhausted = before.producerEpoch >= 32766;
              expected = {
                ...before,
                state: 'Empty',
                producerId: exhausted ? fresh : before.producerId,
                producerEpoch: exhausted ? 0 : before.producerEpoch + 1,
                transactionTimeoutMs: op.timeoutMs,
                partitions: [],
                transactionStartMs: -1,
                lastUpdateMs: now,
              };
            }
            const decision = initProducerId(before, 'random-tx', op.timeoutMs, now, () => nextPid++);
            got = decision.ok ? decision.next : decision.errorCode;
          } else if (op.kind === 'add' || op.kind === 'end') {
            if (!before) continue; // 아직 InitProducerId 전: 주인 검사(이미 만들어 둔 ownerError)가 거절합니다
            if (op.zombie && before.producerEpoch === 0) continue;
            const epoch = op.zombie ? before.producerEpoch - 1 : before.producerEpoch;
            if (op.zombie) {
              expected = ErrorCode.PRODUCER_FENCED;
            } else if (op.kind === 'add') {
              if (preparing) expected = ErrorCode.CONCURRENT_TRANSACTIONS;
              else if (st === 'Ongoing') {
                const known = new Set(before.partitions.map(key));
                const added = op.partitions.filter((p) => !known.has(key(p)));
                // 모두 이미 장부에 있으면 바꿀 것이 없습니다: 장부를 그대로 둔 채 성공 (Kafka도 곧바로 NONE).
                expected =
                  added.length === 0
                    ? 'same'
                    : { ...before, partitions: [...before.partitions, ...added], lastUpdateMs: now };
              } else {
                expected = {
                  ...before,
                  state: 'Ongoing',
                  partitions: op.partitions,
                  transactionStartMs: now,
                  lastUpdateMs: now,
                };
              }
            } else {
              const same = (op.commit && st === 'CompleteCommit') || (!op.commit && st === 'CompleteAbort');
              const sameInFlight = (op.commit && st === 'PrepareCommit') || (!op.commit && st === 'PrepareAbort');
              if (st === 'Ongoing') {
                expected = { ...before, state: op.commit ? 'PrepareCommit' : 'PrepareAbort', lastUpdateMs: now };
              } else if (same) expected = 'same';
              else if (sameInFlight || st === 'PrepareEpochFence') expected = ErrorCode.CONCURRENT_TRANSACTIONS;
              else expected = ErrorCode.INVALID_TXN_STATE;
            }
            const decision =
              op.kind === 'add'
                ? addPartitions(before, before.producerId, epoch, op.partitions, now)
                : endTransaction(before, before.producerId, epoch, op.commit, now);
            got = decision.ok ? decision.next : decision.errorCode;
          } else if (op.kind === 'markers') {
            // 부르는 쪽은 Prepare 상태에서만 마커를 쓰고 completeTransaction을 부릅니다.
            if (!before || !preparing) continue;
            expected = {
              ...before,
              state: st === 'PrepareCommit' ? 'CompleteCommit' : 'CompleteAbort',
              partitions: [],
              lastUpdateMs: now,
            };
            got = completeTransaction(before, now);
          } else {
            if (!before) continue;
            const timedOut = st === 'Ongoing' && before.transactionStartMs + before.transactionTimeoutMs < now;
            expected = timedOut
              ? { ...before, state: 'PrepareEpochFence', producerEpoch: before.producerEpoch + 1, lastUpdateMs: now }
              : null;
            got = abortIfTimedOut(before, now);
          }
          const describe = (v: typeof got | 'same') =>
            v === null
              ? 'null'
              : typeof v === 'number'
                ? `오류 ${v}`
                : v === 'same'
                  ? '그대로 성공'
                  : JSON.stringify(v);
          log.push(`${now}ms ${JSON.stringify(op)} → ${describe(got)}`);
          const context = `지금까지 (장부는 처음에 없음):\n${log.join('\n')}\n마지막 요청 앞의 장부: ${describe(before ?? null)}\n`;
          if (expected === 'same') {
            expect(
              got,
              `${context}바꿀 것이 없는 요청(같은 결과로 끝난 트랜잭션의 EndTxn 재시도, 이미 적힌 파티션만 더하기)은 장부를 그대로 둔 채 성공입니다`,
            ).toBe(before);
          } else {
            expect(got, `${context}Kafka라면 ${describe(expected)}`).toEqual(expected);
          }
          if (got !== null && typeof got === 'object') {
            if (before && got !== before) {
              // 좀비의 트랜잭션은 PrepareEpochFence → PrepareAbort → CompleteAbort로 두 번 옮겨 끝납니다.
              const allowed =
                KAFKA_PREVIOUS[got.state].includes(before.state) ||
                (before.state === 'PrepareEpochFence' && got.state === 'CompleteAbort');
              expect(allowed, `${context}${before.state} → ${got.state}는 Kafka의 상태 표에 없는 전이입니다`).toBe(
                true,
              );
            }
            ledger = got;
          }
        }
      }),
      { chapter: 10, numRuns: 300 },
    );
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
    expect(
      ids(20, 35),
      'fetchOffset이 ABORT 마커(20)와 딱 같으면 그 트랜잭션은 아직 범위에 걸쳐 있습니다 (lastOffset >= fetchOffset)',
    ).toEqual([2, 1]);
    expect(ids(0, 3), 'firstOffset(3)이 범위 끝(3)과 같으면 범위 밖입니다').toEqual([]);
    expect(collectAbortedTxns(entries, 0, 30).complete).toBe(true);
    expect(
      collectAbortedTxns(entries, 0, 51).complete,
      'lastStableOffset(51)이 범위 끝(51)과 같아도 뒤 세그먼트를 더 볼 필요가 없습니다 (>=)',
    ).toBe(true);
    expect(collectAbortedTxns(entries, 0, 60).complete).toBe(false);
  });
});
