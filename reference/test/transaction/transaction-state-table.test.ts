/**
 * 트랜잭션 코디네이터의 상태 표(reference/src/transaction/README.md)를 한 줄씩 점검합니다: 요청 × 트랜잭션 상태 →
 * Kafka가 주는 답. 테스트 이름은 Kafka의 같은 경우를 점검하는 TransactionCoordinatorTest의 이름이고, 그런 테스트가
 * 없으면 같은 꼴로 지었습니다. 판단(transaction-coordinator.ts)은 상태를 바로 만들어 넣어 보고, 장부에 쓰는 일과
 * 코디네이터 검사는 TransactionService를 메모리 장부로 돌려 봅니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { createLogger } from '../../src/server/logger.js';
import {
  addPartitions,
  type Decision,
  endTransaction,
  initProducerId,
} from '../../src/transaction/transaction-coordinator.js';
import { ledgerErrorToResponseError, TransactionService } from '../../src/transaction/transaction-service.js';
import type { TransactionMetadata, TransactionState } from '../../src/transaction/transaction-state.js';

const PRODUCER_ID = 4000;
const EPOCH = 3;
const orders = [{ topic: 'orders', partition: 0 }];

/** 이 상태의 트랜잭션 ID 'tx' (프로듀서 ID 4000, 에포크 3) */
function metadata(state: TransactionState, overrides: Partial<TransactionMetadata> = {}): TransactionMetadata {
  const open = state === 'Ongoing' || state.startsWith('Prepare');
  return {
    transactionalId: 'tx',
    producerId: PRODUCER_ID,
    producerEpoch: EPOCH,
    transactionTimeoutMs: 60_000,
    state,
    partitions: open ? orders : [],
    transactionStartMs: open ? 100 : -1,
    lastUpdateMs: 100,
    ...overrides,
  };
}

const errorOf = (decision: Decision) => (decision.ok ? ErrorCode.NONE : decision.errorCode);

describe('AddPartitionsToTxn × transaction state (TransactionCoordinator.handleAddPartitionsToTransaction)', () => {
  const add = (current: TransactionMetadata | undefined, producerId = PRODUCER_ID, producerEpoch = EPOCH) =>
    addPartitions(current, producerId, producerEpoch, [{ topic: 'payments', partition: 1 }], 500);

  it('shouldRespondWithInvalidPidMappingOnAddPartitionsToTransactionWhenTransactionalIdNotPresent: 모르는 트랜잭션 ID는 INVALID_PRODUCER_ID_MAPPING', () => {
    expect(errorOf(add(undefined))).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  });

  it('shouldRespondWithInvalidPidMappingOnAddPartitionsWhenProducerIdDiffers: 다른 프로듀서 ID는 INVALID_PRODUCER_ID_MAPPING', () => {
    expect(errorOf(add(metadata('Ongoing'), PRODUCER_ID + 1))).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  });

  it('shouldRespondWithProducerFencedOnAddPartitionsWhenEpochsAreDifferent: 에포크가 장부와 다르면(작든 크든) PRODUCER_FENCED', () => {
    expect(errorOf(add(metadata('Ongoing'), PRODUCER_ID, EPOCH - 1))).toBe(ErrorCode.PRODUCER_FENCED);
    expect(errorOf(add(metadata('Ongoing'), PRODUCER_ID, EPOCH + 1))).toBe(ErrorCode.PRODUCER_FENCED);
  });
});

describe('AddPartitionsToTxn × transaction state, continued', () => {
  const add = (current: TransactionMetadata, partitions = [{ topic: 'payments', partition: 1 }]) =>
    addPartitions(current, PRODUCER_ID, EPOCH, partitions, 500);

  it('shouldRespondWithSuccessOnAddPartitionsWhenStateIsOngoing: Ongoing이면 처음 보는 파티션을 더하고 시작 시각은 그대로 둡니다', () => {
    const next = add(metadata('Ongoing'));
    expect(next.ok && next.next).toMatchObject({
      state: 'Ongoing',
      partitions: [...orders, { topic: 'payments', partition: 1 }],
      transactionStartMs: 100,
    });
  });

  it('shouldRespondWithSuccessOnAddPartitionsWhenStateIsCompleteCommit: Empty·CompleteCommit·CompleteAbort에서는 트랜잭션이 시작됩니다', () => {
    for (const state of ['Empty', 'CompleteCommit', 'CompleteAbort'] as const) {
      const next = add(metadata(state));
      expect(next.ok && next.next, state).toMatchObject({ state: 'Ongoing', transactionStartMs: 500 });
    }
  });

  it('shouldRespondWithErrorsNoneOnAddPartitionWhenNoErrorsAndPartitionsTheSame: 이미 장부에 있는 파티션뿐이면 장부에 쓰지 않고 NONE', async () => {
    const ongoing = metadata('Ongoing');
    const same = add(ongoing, orders);
    expect(same.ok && same.next, '같은 메타데이터 그대로').toBe(ongoing);
    const { txns, ledger } = service();
    const { producerId, producerEpoch } = await txns.initProducerId('tx', 60_000, null);
    expect(await txns.addPartitions('tx', producerId, producerEpoch, orders)).toBe(ErrorCode.NONE);
    const written = ledger.length;
    expect(await txns.addPartitions('tx', producerId, producerEpoch, orders)).toBe(ErrorCode.NONE);
    expect(ledger.length, '장부에 다시 쓰지 않습니다').toBe(written);
  });

  it('shouldRespondWithConcurrentTransactionsOnAddPartitionsWhenStateIsPrepareCommit: 마커를 쓰는 중이면 CONCURRENT_TRANSACTIONS', () => {
    expect(errorOf(add(metadata('PrepareCommit')))).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(
      errorOf(add(metadata('PrepareAbort'))),
      'shouldRespondWithConcurrentTransactionOnAddPartitionsWhenStateIsPrepareAbort',
    ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
  });
});

describe('PrepareEpochFence and Dead: a transition in progress (TransactionMetadata.pendingTransitionInProgress)', () => {
  it('shouldRespondWithConcurrentTransactionsWhenTransitionIsPending: 좀비를 막는 중이거나 지워지는 중이면 InitProducerId·AddPartitionsToTxn·EndTxn 모두 CONCURRENT_TRANSACTIONS', () => {
    for (const state of ['PrepareEpochFence', 'Dead'] as const) {
      expect(errorOf(initProducerId(metadata(state), 'tx', 60_000, 0, () => 1)), `${state}: init`).toBe(
        ErrorCode.CONCURRENT_TRANSACTIONS,
      );
      expect(errorOf(addPartitions(metadata(state), PRODUCER_ID, EPOCH, orders, 0)), `${state}: add`).toBe(
        ErrorCode.CONCURRENT_TRANSACTIONS,
      );
      expect(errorOf(endTransaction(metadata(state), PRODUCER_ID, EPOCH, false, 0)), `${state}: end`).toBe(
        ErrorCode.CONCURRENT_TRANSACTIONS,
      );
    }
  });

  it('shouldRespondWithProducerFencedBeforeThePendingTransition: 프로듀서 ID와 에포크 검사가 먼저입니다', () => {
    expect(errorOf(addPartitions(metadata('Dead'), PRODUCER_ID, EPOCH - 1, orders, 0))).toBe(ErrorCode.PRODUCER_FENCED);
    expect(errorOf(endTransaction(metadata('PrepareEpochFence'), PRODUCER_ID + 1, EPOCH, true, 0))).toBe(
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    );
  });
});

describe('EndTxn × transaction state (TransactionCoordinator.handleEndTransaction)', () => {
  const end = (current: TransactionMetadata | undefined, commit: boolean, producerId = PRODUCER_ID, epoch = EPOCH) =>
    endTransaction(current, producerId, epoch, commit, 900);

  it('shouldReplyWithInvalidPidMappingOnEndTxnWhenTxnIdDoesntExist: 모르는 트랜잭션 ID는 INVALID_PRODUCER_ID_MAPPING', () => {
    expect(errorOf(end(undefined, true))).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  });

  it('shouldReplyWithInvalidPidMappingOnEndTxnWhenPidDosentMatchMapped: 다른 프로듀서 ID는 INVALID_PRODUCER_ID_MAPPING', () => {
    expect(errorOf(end(metadata('Ongoing'), true, PRODUCER_ID + 1))).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  });

  it('shouldReturnInvalidEpochOnEndTxnWhenEpochIsLarger: 장부보다 큰 에포크는 PRODUCER_FENCED', () => {
    expect(errorOf(end(metadata('Ongoing'), true, PRODUCER_ID, EPOCH + 1))).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('shouldAppendPrepareCommitToLogOnEndTxnWhenStatusIsOngoingAndResultIsCommit: Ongoing이면 PrepareCommit/PrepareAbort로 결과를 정합니다', () => {
    const committing = end(metadata('Ongoing'), true);
    expect(committing.ok && committing.next.state).toBe('PrepareCommit');
    const aborting = end(metadata('Ongoing'), false);
    expect(
      aborting.ok && aborting.next.state,
      'shouldAppendPrepareAbortToLogOnEndTxnWhenStatusIsOngoingAndResultIsAbort',
    ).toBe('PrepareAbort');
  });

  it('shouldReturnOkOnEndTxnWhenStatusIsCompleteCommitAndResultIsCommit: 같은 결과로 이미 끝났으면 응답을 잃은 재시도로 보고 NONE', () => {
    const done = metadata('CompleteCommit');
    const retry = end(done, true);
    expect(retry.ok && retry.next, '장부를 바꾸지 않습니다').toBe(done);
    expect(
      errorOf(end(metadata('CompleteAbort'), false)),
      'shouldReturnOkOnEndTxnWhenStatusIsCompleteAbortAndResultIsAbort',
    ).toBe(ErrorCode.NONE);
  });

  it('shouldReturnInvalidTxnRequestOnEndTxnRequestWhenStatusIsCompleteCommitAndResultIsNotCommit: 다른 결과로 끝났으면 INVALID_TXN_STATE', () => {
    expect(errorOf(end(metadata('CompleteCommit'), false))).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(
      errorOf(end(metadata('CompleteAbort'), true)),
      'shouldReturnInvalidTxnRequestOnEndTxnRequestWhenStatusIsCompleteAbortAndResultIsNotAbort',
    ).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('shouldReturnConcurrentTransactionsOnEndTxnRequestWhenStatusIsPrepareCommit: 같은 결과의 마커를 쓰는 중이면 CONCURRENT_TRANSACTIONS', () => {
    expect(errorOf(end(metadata('PrepareCommit'), true))).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(errorOf(end(metadata('PrepareAbort'), false))).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
  });

  it('shouldReturnInvalidTxnRequestOnEndTxnRequestWhenStatusIsPrepareAbort: 다른 결과의 마커를 쓰는 중이면 INVALID_TXN_STATE', () => {
    expect(errorOf(end(metadata('PrepareAbort'), true))).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(errorOf(end(metadata('PrepareCommit'), false))).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('shouldReturnInvalidTxnStateOnEndTxnWhenStatusIsEmpty: 열린 트랜잭션이 없으면(Empty) INVALID_TXN_STATE', () => {
    expect(errorOf(end(metadata('Empty'), true))).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(errorOf(end(metadata('Empty'), false))).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('shouldReturnInvalidEpochOnEndTxnWhenEpochIsSmaller: 장부보다 작은 에포크(좀비)는 PRODUCER_FENCED', () => {
    expect(errorOf(end(metadata('Ongoing'), true, PRODUCER_ID, EPOCH - 1))).toBe(ErrorCode.PRODUCER_FENCED);
  });
});

describe('InitProducerId × transaction state (TransactionCoordinator.handleInitProducerId)', () => {
  const init = (current: TransactionMetadata | undefined) => initProducerId(current, 'tx', 60_000, 0, () => 7000);

  it('shouldInitPidWithEpochZeroForNewTransactionalId: 처음 보는 트랜잭션 ID는 새 프로듀서 ID와 에포크 0', () => {
    const decision = init(undefined);
    expect(decision.ok && decision.next).toMatchObject({ producerId: 7000, producerEpoch: 0, state: 'Empty' });
  });

  it('shouldIncrementEpochAndUpdateMetadataOnHandleInitPidWhenExistingEmptyTransaction: Empty·CompleteCommit·CompleteAbort면 같은 ID에 에포크 + 1', () => {
    for (const state of ['Empty', 'CompleteCommit', 'CompleteAbort'] as const) {
      const decision = init(metadata(state));
      expect(decision.ok && decision.next, state).toMatchObject({
        producerId: PRODUCER_ID,
        producerEpoch: EPOCH + 1,
        state: 'Empty',
      });
    }
  });

  it('shouldGenerateNewProducerIdIfEpochsExhausted: 에포크가 다 찼으면 새 프로듀서 ID와 에포크 0', () => {
    const decision = init(metadata('CompleteCommit', { producerEpoch: 32766 }));
    expect(decision.ok && decision.next).toMatchObject({ producerId: 7000, producerEpoch: 0 });
  });

  it('shouldWaitForCommitToCompleteOnHandleInitPidAndExistingTransactionInPrepareCommitState: 마커를 쓰는 중이면 CONCURRENT_TRANSACTIONS', () => {
    expect(errorOf(init(metadata('PrepareCommit')))).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(
      errorOf(init(metadata('PrepareAbort'))),
      'shouldWaitForCommitToCompleteOnHandleInitPidAndExistingTransactionInPrepareAbortState',
    ).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
  });

  it('shouldAbortTransactionOnHandleInitPidWhenExistingTransactionInOngoingState: 열린 트랜잭션은 에포크를 올려 어보트합니다 (PrepareEpochFence)', () => {
    const decision = init(metadata('Ongoing'));
    expect(decision.ok && decision.next).toMatchObject({ state: 'PrepareEpochFence', producerEpoch: EPOCH + 1 });
  });
});

describe('InitProducerId with the producer id and epoch it had (KIP-360: isValidProducerId, prepareIncrementProducerEpoch)', () => {
  /** 트랜잭션 ID 'tx'를 한 번 초기화해, 장부에 (ID, 에포크 0)이 있는 서비스 */
  async function initialized() {
    const world = service();
    const first = await world.txns.initProducerId('tx', 60_000, null);
    return { ...world, first };
  }

  it('shouldGenerateNewProducerIdIfNoStateAndProducerIdAndEpochProvided: 장부에 없는 ID면 보낸 값과 상관없이 새로 줍니다', async () => {
    const { txns } = service();
    expect(await txns.initProducerId('tx', 60_000, { producerId: 42, producerEpoch: 7 })).toEqual({
      errorCode: ErrorCode.NONE,
      producerId: 5000,
      producerEpoch: 0,
    });
  });

  it('testInitProducerIdWithCurrentEpochProvided: 지금 에포크를 보내면 올려 주고, 그 응답을 잃고 다시 오면 같은 에포크를 줍니다', async () => {
    const { txns, first } = await initialized();
    const expected = { producerId: first.producerId, producerEpoch: first.producerEpoch };
    const bumped = await txns.initProducerId('tx', 60_000, expected);
    expect(bumped).toEqual({ errorCode: ErrorCode.NONE, producerId: first.producerId, producerEpoch: 1 });
    expect(await txns.initProducerId('tx', 60_000, expected), '재시도').toEqual(bumped);
  });

  it('testInitProducerIdStaleCurrentEpochProvided: 그사이 다른 프로듀서가 초기화했으면 옛 에포크는 PRODUCER_FENCED', async () => {
    const { txns, first } = await initialized();
    await txns.initProducerId('tx', 60_000, null); // 새 프로듀서 (에포크 1)
    expect(
      (await txns.initProducerId('tx', 60_000, { producerId: first.producerId, producerEpoch: 0 })).errorCode,
    ).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('testFenceProducerWhenMappingExistsWithDifferentProducerId: 장부와 다른 프로듀서 ID는 PRODUCER_FENCED', async () => {
    const { txns, first } = await initialized();
    expect(
      (await txns.initProducerId('tx', 60_000, { producerId: first.producerId + 1, producerEpoch: 0 })).errorCode,
    ).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('testInitProducerIdWithNoLastProducerData: 기억한 옛 에포크가 없는(예: 다시 켜진 뒤) 재시도는 PRODUCER_FENCED', async () => {
    const { txns, first } = await initialized();
    await txns.initProducerId('tx', 60_000, { producerId: first.producerId, producerEpoch: 0 }); // 에포크 1
    await txns.initProducerId('tx', 60_000, null); // 에포크 2, 기억한 옛 에포크는 지워집니다
    expect(
      (await txns.initProducerId('tx', 60_000, { producerId: first.producerId, producerEpoch: 0 })).errorCode,
    ).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('shouldRespondWithInvalidTransactionTimeout: transaction.max.timeout.ms를 넘거나 0 이하이면 INVALID_TRANSACTION_TIMEOUT (코디네이터를 보기 전에)', async () => {
    const { txns } = service();
    expect((await txns.initProducerId('tx', 900_001, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await txns.initProducerId('tx', 0, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const elsewhere = service({ local: false }).txns;
    expect((await elsewhere.initProducerId('tx', 0, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });
});

/** 메모리 장부로 도는 TransactionService (코디네이터 검사와 장부 쓰기를 봅니다) */
function service(options: { local?: boolean | null; failLedger?: number; failMarkers?: boolean } = {}) {
  const ledger: { key: Buffer; value: Buffer }[] = [];
  let nextId = 5000;
  const txns = new TransactionService({
    now: () => 0,
    numPartitions: 50,
    maxTimeoutMs: 900_000,
    isLocalLeader: () => (options.local === undefined ? true : options.local),
    awaitReplicated: async () => ErrorCode.NONE,
    createTransactionTopic: async () => {},
    append: (_partition, record) => {
      if (options.failLedger !== undefined) throw new KafkaError(options.failLedger);
      ledger.push(record);
    },
    newProducerId: async () => nextId++,
    writeMarkers: () => {
      if (options.failMarkers) throw new Error('마커를 쓸 파티션 리더가 없습니다');
    },
    log: createLogger('silent'),
  });
  for (let partition = 0; partition < 50; partition++) txns.onElection(partition, 0, []);
  return { txns, ledger };
}

describe('AddPartitionsToTxn verifyOnly (TransactionCoordinator.handleVerifyPartitionsInTransaction)', () => {
  const payments = { topic: 'payments', partition: 1 };

  async function ongoing(failMarkers = false) {
    const world = service({ failMarkers });
    const { producerId, producerEpoch } = await world.txns.initProducerId('tx', 60_000, null);
    await world.txns.addPartitions('tx', producerId, producerEpoch, orders);
    return { ...world, producerId, producerEpoch };
  }

  it('shouldRespondWithErrorsNoneOnAddPartitionWhenOngoingVerifyOnlyAndPartitionsTheSame: 장부에 있는 파티션은 NONE이고, 장부는 바꾸지 않습니다', async () => {
    const { txns, ledger, producerId, producerEpoch } = await ongoing();
    const written = ledger.length;
    expect(txns.verifyPartitions('tx', producerId, producerEpoch, orders)).toEqual([ErrorCode.NONE]);
    expect(ledger.length).toBe(written);
  });

  it('shouldRespondWithInvalidTxnStateWhenVerifyOnlyAndPartitionNotPresent: 장부에 없는 파티션만 TRANSACTION_ABORTABLE', async () => {
    const { txns, producerId, producerEpoch } = await ongoing();
    expect(txns.verifyPartitions('tx', producerId, producerEpoch, [...orders, payments])).toEqual([
      ErrorCode.NONE,
      ErrorCode.TRANSACTION_ABORTABLE,
    ]);
  });

  it('testVerifyPartitionHandling: 모르는 ID·다른 프로듀서 ID는 INVALID_PRODUCER_ID_MAPPING, 다른 에포크는 PRODUCER_FENCED, 마커를 쓰는 중이면 CONCURRENT_TRANSACTIONS', async () => {
    const { txns, producerId, producerEpoch } = await ongoing();
    expect(txns.verifyPartitions('other', producerId, producerEpoch, orders)).toEqual([
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    ]);
    expect(txns.verifyPartitions('tx', producerId + 1, producerEpoch, orders)).toEqual([
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    ]);
    expect(txns.verifyPartitions('tx', producerId, producerEpoch + 1, orders)).toEqual([ErrorCode.PRODUCER_FENCED]);
    expect(txns.verifyPartitions('', producerId, producerEpoch, orders)).toEqual([ErrorCode.INVALID_REQUEST]);
    const committing = await ongoing(true);
    await committing.txns.endTransaction('tx', committing.producerId, committing.producerEpoch, true); // PrepareCommit에 멈춥니다
    expect(committing.txns.verifyPartitions('tx', committing.producerId, committing.producerEpoch, orders)).toEqual([
      ErrorCode.CONCURRENT_TRANSACTIONS,
    ]);
  });
});

describe('ledger writes that fail (TransactionStateManager.appendTransactionToLog)', () => {
  it('shouldNotBumpEpochWhenAbortingExpiredTransactionIfAppendToLogFails: 장부에 쓰지 못하면 코디네이터 오류로 답하고 상태는 그대로입니다', async () => {
    const cases: [number, number][] = [
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.REQUEST_TIMED_OUT, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_COORDINATOR],
      [ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.NOT_COORDINATOR],
      [ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.UNKNOWN_SERVER_ERROR],
      [ErrorCode.RECORD_LIST_TOO_LARGE, ErrorCode.UNKNOWN_SERVER_ERROR],
    ];
    for (const [appendError, answer] of cases) {
      expect(ledgerErrorToResponseError(new KafkaError(appendError)), String(appendError)).toBe(answer);
    }
    const { txns } = service({ failLedger: ErrorCode.NOT_ENOUGH_REPLICAS });
    expect((await txns.initProducerId('tx', 60_000, null)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(txns.get('tx'), '쓰지 못한 상태는 적용하지 않습니다').toBeUndefined();
  });
});

describe('coordinator checks before the state (TransactionCoordinator, TransactionStateManager.getTransactionState)', () => {
  it('shouldRespondWithInvalidRequestAddPartitionsToTransactionWhenTransactionalIdIsEmpty: 빈 트랜잭션 ID는 INVALID_REQUEST', async () => {
    const { txns } = service();
    expect(
      (await txns.initProducerId('', 60_000, null)).errorCode,
      'shouldReturnInvalidRequestWhenTransactionalIdIsEmpty',
    ).toBe(ErrorCode.INVALID_REQUEST);
    expect(await txns.addPartitions('', 1, 0, orders)).toBe(ErrorCode.INVALID_REQUEST);
    expect(
      await txns.endTransaction('', 1, 0, true),
      'shouldRespondWithInvalidRequestOnEndTxnWhenTransactionalIdIsEmpty',
    ).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('shouldRespondWithNotCoordinatorOnAddPartitionsWhenNotCoordinator: 이 브로커가 코디네이터가 아니면 NOT_COORDINATOR', async () => {
    const { txns } = service({ local: false });
    expect(
      (await txns.initProducerId('tx', 60_000, null)).errorCode,
      'shouldRespondWithNotCoordinatorOnInitPidWhenNotCoordinator',
    ).toBe(ErrorCode.NOT_COORDINATOR);
    expect(await txns.addPartitions('tx', 1, 0, orders)).toBe(ErrorCode.NOT_COORDINATOR);
    expect(
      await txns.endTransaction('tx', 1, 0, true),
      'shouldRespondWithNotCoordinatorOnEndTxnWhenIsNotCoordinatorForId',
    ).toBe(ErrorCode.NOT_COORDINATOR);
  });

  it('shouldRespondWithCoordinatorNotAvailableWhenTransactionStateTopicIsMissing: `__transaction_state`가 아직 없으면 COORDINATOR_NOT_AVAILABLE', async () => {
    const { txns } = service({ local: null });
    expect((await txns.initProducerId('tx', 60_000, null)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
