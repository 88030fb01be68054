/**
 * 트랜잭션 코디네이터를 브로커에 붙이는 껍데기 (Kafka: TransactionCoordinator + TransactionStateManager).
 * 판단은 입출력이 없는 transaction-coordinator.ts가 하고, 여기서는 세 가지를 잇습니다:
 *
 * - 코디네이터 찾기: 트랜잭션 ID의 코디네이터는 `__transaction_state`에서 그 ID가 배정된 파티션의 리더입니다.
 *   토픽이 아직 없으면 처음 FindCoordinator가 올 때 만듭니다.
 * - 장부: 새 상태는 `__transaction_state`에 **쓴 다음** 메모리에 적용하고 응답합니다. 다시 켜지면 그 파티션들을
 *   처음부터 읽어 ID마다 마지막 상태를 되살립니다.
 * - 마커: PrepareCommit/PrepareAbort를 적은 뒤 트랜잭션의 파티션마다 마커를 쓰게 하고, 다 쓰면 Complete를 적습니다.
 *   그 사이에 브로커가 죽어도 장부에 Prepare가 남아 있으므로, 다시 켜진 코디네이터가 마커 쓰기를 마칩니다.
 */
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { josa } from '../server/josa.js';
import type { Logger } from '../server/logger.js';
import type { Decision } from './transaction-coordinator.js';
import * as coordinator from './transaction-coordinator.js';
import { decodeTransactionLogRecord, transactionLogRecord, transactionPartitionFor } from './transaction-log.js';
import { type TopicPartition, type TransactionMetadata, transition } from './transaction-state.js';

export interface TransactionServiceOptions {
  readonly now: () => number;
  /** transaction.state.log.num.partitions */
  readonly numPartitions: number;
  /** transaction.max.timeout.ms: 프로듀서가 고를 수 있는 transaction.timeout.ms의 상한 */
  readonly maxTimeoutMs: number;
  /** `__transaction_state` 파티션의 리더가 이 브로커인지 (커밋된 메타데이터). 토픽이 없으면 null. */
  readonly isLocalLeader: (partition: number) => boolean | null;
  /**
   * 이 파티션에 지금까지 쓴 장부 레코드가 ISR 모두에게 복제될 때까지 기다려 오류 코드를 돌려줍니다 (Kafka:
   * TransactionLog.EnforcedRequiredAcks = -1, `transaction.state.log.min.isr`).
   */
  readonly awaitReplicated: (partition: number) => Promise<number>;
  /** `__transaction_state` 토픽을 만듭니다 (이미 있으면 아무 일도 하지 않습니다). */
  readonly createTransactionTopic: () => Promise<void>;
  /** 장부 레코드를 `__transaction_state`의 파티션에 씁니다. 실패하면 KafkaError를 던집니다. */
  readonly append: (partition: number, record: { key: Buffer; value: Buffer }) => void;
  /** 새 프로듀서 ID (멱등 프로듀서와 같은 블록에서 받습니다) */
  readonly newProducerId: () => Promise<number>;
  /**
   * 트랜잭션의 파티션마다 COMMIT/ABORT 마커를 코디네이터 에포크와 함께 쓰게 합니다. 모두 받았으면 끝나고(브로커에서는
   * WriteTxnMarkers의 답을 기다리는 Promise, 시뮬레이터에서는 곧바로), 그만 보내야 하면 던집니다: 트랜잭션은 Prepare로
   * 남고 다음 틱에 다시 합니다.
   */
  readonly writeMarkers: (
    metadata: TransactionMetadata,
    commit: boolean,
    coordinatorEpoch: number,
  ) => void | Promise<void>;
  readonly log: Logger;
}

export interface InitProducerIdResult {
  readonly errorCode: number;
  readonly producerId: number;
  readonly producerEpoch: number;
}

const MAX_EPOCH = 32767;

export class TransactionService {
  readonly #transactions = new Map<string, TransactionMetadata>();
  /**
   * KIP-360으로 에포크를 올려 준 트랜잭션 ID마다 올리기 전의 에포크: 그 응답을 잃은 프로듀서의 재시도를 알아봅니다.
   * Kafka도 장부에 적지 않고 메모리에만 둡니다 (TransactionMetadata.lastProducerEpoch).
   */
  readonly #lastEpochs = new Map<string, number>();
  /** 이 코디네이터가 읽어 들여 맡고 있는 `__transaction_state` 파티션 → 그 리더 에포크 (코디네이터 에포크) */
  readonly #loaded = new Map<number, number>();
  /** 마커를 보내는 중인 트랜잭션 ID: 틱이 같은 마커를 겹쳐 보내지 않게 합니다. */
  readonly #sendingMarkers = new Set<string>();
  /**
   * Prepare를 장부에 적었지만 그 레코드가 ISR 모두에게 닿았는지 아직 모르는 트랜잭션 ID. 그 마커는 닿은 뒤에만 보냅니다
   * (Kafka: 마커는 `appendTransactionToLog`의 acks=-1 콜백에서만 보내고, 적는 동안의 상태는 `pendingState`라 시간 초과 검사도
   * 건너뜁니다). 닿기 전에 보낸 ABORT 마커는, 코디네이터가 바뀌어 그 Prepare가 잘려 나가면 새 코디네이터가 커밋한 트랜잭션을
   * 파티션에서 어보트해 버립니다 (복제 시뮬레이터가 찾은 LostWrite).
   */
  readonly #notDurable = new Set<string>();

  constructor(private readonly options: TransactionServiceOptions) {}

  partitionFor(transactionalId: string): number {
    return transactionPartitionFor(transactionalId, this.options.numPartitions);
  }

  /**
   * FindCoordinator(keyType 1): `__transaction_state`가 없으면 만들고, 트랜잭션 ID의 파티션 번호를 돌려줍니다. 코디네이터는
   * 그 파티션의 리더입니다.
   */
  async findCoordinator(transactionalId: string): Promise<number> {
    if (this.options.isLocalLeader(0) === null) await this.options.createTransactionTopic();
    return this.partitionFor(transactionalId);
  }

  /**
   * 트랜잭션 요청의 첫 검사: 빈 트랜잭션 ID는 INVALID_REQUEST(Kafka: TransactionCoordinator.handle…), 그다음 이 브로커가
   * 코디네이터인지. FindCoordinator는 빈 ID에도 코디네이터를 알려 줍니다 (KafkaApis.getCoordinator는 키를 검사하지 않습니다).
   */
  coordinatorError(transactionalId: string): number {
    return transactionalId === '' ? ErrorCode.INVALID_REQUEST : this.#localityError(transactionalId);
  }

  #localityError(transactionalId: string): number {
    const partition = this.partitionFor(transactionalId);
    const local = this.options.isLocalLeader(partition);
    if (local === null) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (!local) return ErrorCode.NOT_COORDINATOR;
    return this.#loaded.has(partition) ? ErrorCode.NONE : ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
  }

  /**
   * 이 브로커가 `__transaction_state` 파티션의 리더가 되었습니다 (Kafka: TransactionCoordinator.onElection →
   * TransactionStateManager.loadTransactionsForTxnTopicPartition). 파티션의 레코드를 차례로 적용합니다 (ID마다 마지막
   * 것이 이깁니다). 다 읽기 전까지 그 트랜잭션 ID의 요청은 COORDINATOR_LOAD_IN_PROGRESS입니다. 이미 맡고 있던
   * 파티션이면 코디네이터 에포크만 올립니다. 새로 읽었으면 true: 부른 쪽이 Prepare에 멈춘 트랜잭션의 마커 쓰기를
   * 이어 갑니다 (`resumePrepared`).
   */
  onElection(
    partition: number,
    leaderEpoch: number,
    records: Iterable<{ key: Uint8Array | null; value: Uint8Array | null }>,
  ): boolean {
    const loading = !this.#loaded.has(partition);
    if (loading) this.#load(records);
    this.#loaded.set(partition, leaderEpoch);
    return loading;
  }

  /**
   * 리더 자리가 다른 브로커로 갔습니다 (Kafka: TransactionCoordinator.onResignation →
   * TransactionStateManager.removeTransactionsForTxnTopicPartition): 그 파티션의 트랜잭션을 메모리에서 내려놓습니다.
   */
  onResignation(partition: number): void {
    if (!this.#loaded.delete(partition)) return;
    for (const transactionalId of [...this.#transactions.keys()]) {
      if (this.partitionFor(transactionalId) !== partition) continue;
      this.#transactions.delete(transactionalId);
      this.#lastEpochs.delete(transactionalId);
    }
  }

  /**
   * 코디네이터 에포크: 이 트랜잭션 ID의 장부 파티션을 맡은 리더 에포크. 마커에 실어 보내, 파티션 리더가 자리에서 밀려난
   * 옛 코디네이터의 마커를 알아보게 합니다 (TRANSACTION_COORDINATOR_FENCED).
   */
  coordinatorEpoch(transactionalId: string): number {
    return this.#loaded.get(this.partitionFor(transactionalId)) ?? -1;
  }

  /** 이 트랜잭션 ID의 장부 쓰기가 ISR 모두에게 닿을 때까지 기다립니다. 닿지 못하면 프로듀서가 알아듣는 코디네이터 오류. */
  async awaitDurable(transactionalId: string): Promise<number> {
    const errorCode = await this.options.awaitReplicated(this.partitionFor(transactionalId));
    return errorCode === ErrorCode.NONE ? ErrorCode.NONE : ledgerErrorToResponseError(new KafkaError(errorCode));
  }

  #load(records: Iterable<{ key: Uint8Array | null; value: Uint8Array | null }>): void {
    for (const { key, value } of records) {
      if (!key) continue;
      const record = decodeTransactionLogRecord(Buffer.from(key), value && Buffer.from(value));
      this.#notDurable.delete(record.transactionalId);
      if ('removed' in record) this.#transactions.delete(record.transactionalId);
      else this.#transactions.set(record.transactionalId, record);
    }
  }

  /** 이 트랜잭션 ID의 지금 상태 (DescribeTransactions가 없으니 테스트와 로그가 봅니다) */
  get(transactionalId: string): TransactionMetadata | undefined {
    return this.#transactions.get(transactionalId);
  }

  /**
   * InitProducerId(transactionalId가 있을 때, Kafka: TransactionCoordinator.handleInitProducerId). 진행 중인 트랜잭션이
   * 있으면(옛 프로듀서가 남긴 좀비) 에포크를 올려 그것을 어보트하고, 클라이언트에게는 CONCURRENT_TRANSACTIONS로 다시 오라고
   * 합니다.
   *
   * KIP-360: 오류에서 되살아나는 프로듀서는 자기가 쓰던 (프로듀서 ID, 에포크)를 `expected`로 함께 보냅니다. 다른 프로듀서가
   * 그사이 이 트랜잭션 ID를 가져갔다면(ID나 에포크가 장부와 다름) PRODUCER_FENCED입니다 (prepareInitProducerIdTransit의
   * isValidProducerId, TransactionMetadata.prepareIncrementProducerEpoch). 방금 올려 준 에포크의 응답을 잃고 올리기 전
   * 에포크로 다시 온 것이면, 다시 올리지 않고 같은 에포크를 돌려줍니다 (lastProducerEpoch).
   */
  async initProducerId(
    transactionalId: string,
    transactionTimeoutMs: number,
    expected: { producerId: number; producerEpoch: number } | null,
  ): Promise<InitProducerIdResult> {
    const fail = (errorCode: number) => ({ errorCode, producerId: -1, producerEpoch: -1 });
    // 검사 순서: 빈 ID → 타임아웃 → 코디네이터 (Kafka: handleInitProducerId는 장부를 찾기 전에 타임아웃을 봅니다).
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (transactionTimeoutMs <= 0 || transactionTimeoutMs > this.options.maxTimeoutMs) {
      return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    }
    const coordinatorError = this.coordinatorError(transactionalId);
    if (coordinatorError !== ErrorCode.NONE) return fail(coordinatorError);
    // 새 프로듀서 ID가 필요한 경우(처음 보는 ID, 에포크가 다 참)에만 미리 받아 둡니다: 판단은 동기 함수입니다.
    const before = this.#transactions.get(transactionalId);
    const spareId = !before || before.producerEpoch >= MAX_EPOCH - 1 ? await this.options.newProducerId() : -1;
    const current = this.#transactions.get(transactionalId);
    // 다른 전이가 진행 중이면(PrepareEpochFence, Dead) 그 답(CONCURRENT_TRANSACTIONS)이 먼저입니다.
    const pending = current?.state === 'PrepareEpochFence' || current?.state === 'Dead';
    if (expected && current && !pending && expected.producerId !== current.producerId) {
      return fail(ErrorCode.PRODUCER_FENCED);
    }
    const decision = coordinator.initProducerId(
      current,
      transactionalId,
      transactionTimeoutMs,
      this.options.now(),
      () => (spareId >= 0 ? spareId : (current?.producerId ?? -1)),
    );
    if (!decision.ok) return fail(decision.errorCode);
    if (decision.next.state === 'PrepareEpochFence') {
      this.#lastEpochs.delete(transactionalId);
      this.#fence(decision.next);
      return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
    let next = decision.next;
    const lastEpoch = this.#lastEpochs.get(transactionalId);
    if (expected && current && expected.producerEpoch !== current.producerEpoch) {
      if (expected.producerEpoch !== lastEpoch) return fail(ErrorCode.PRODUCER_FENCED);
      next = { ...next, producerId: current.producerId, producerEpoch: current.producerEpoch };
    }
    const written = this.#persist(next);
    if (written !== ErrorCode.NONE) return fail(written);
    const durable = await this.awaitDurable(transactionalId);
    if (durable !== ErrorCode.NONE) return fail(durable);
    if (!expected || !current) this.#lastEpochs.delete(transactionalId);
    else if (next.producerEpoch !== current.producerEpoch) this.#lastEpochs.set(transactionalId, current.producerEpoch);
    return { errorCode: ErrorCode.NONE, producerId: next.producerId, producerEpoch: next.producerEpoch };
  }

  /**
   * AddPartitionsToTxn: 쓰기 전에 파티션을 장부에 적고, 그 레코드가 ISR 모두에게 복제되면 답합니다. 파티션마다 같은 오류
   * 코드를 돌려줍니다.
   */
  async addPartitions(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    partitions: readonly TopicPartition[],
  ): Promise<number> {
    const errorCode = this.#apply(transactionalId, (current) =>
      coordinator.addPartitions(current, producerId, producerEpoch, partitions, this.options.now()),
    );
    return errorCode === ErrorCode.NONE ? this.awaitDurable(transactionalId) : errorCode;
  }

  /**
   * 이 파티션들이 진행 중인 트랜잭션에 들어 있는지 확인만 합니다 (Kafka: TransactionCoordinator.handleVerifyPartitionsInTransaction).
   * 파티션 리더가 트랜잭션 배치를 받기 전에 묻는 AddPartitionsToTxn v4+의 verifyOnly, 그리고 TxnOffsetCommit이 씁니다.
   * 파티션마다 오류 코드를 돌려줍니다: 장부에 있으면 NONE, 없으면 TRANSACTION_ABORTABLE(이 트랜잭션은 어보트할 수밖에
   * 없습니다). 프로듀서가 장부의 주인이 아니거나 마커를 쓰는 중이면 모든 파티션이 같은 오류입니다.
   */
  verifyPartitions(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    partitions: readonly TopicPartition[],
  ): number[] {
    const all = (errorCode: number) => partitions.map(() => errorCode);
    const coordinatorError = this.coordinatorError(transactionalId);
    if (coordinatorError !== ErrorCode.NONE) return all(coordinatorError);
    const current = this.#transactions.get(transactionalId);
    if (!current || current.producerId !== producerId) return all(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    if (current.producerEpoch !== producerEpoch) return all(ErrorCode.PRODUCER_FENCED);
    if (current.state === 'PrepareCommit' || current.state === 'PrepareAbort') {
      return all(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
    return partitions.map((p) =>
      current.partitions.some((q) => q.topic === p.topic && q.partition === p.partition)
        ? ErrorCode.NONE
        : ErrorCode.TRANSACTION_ABORTABLE,
    );
  }

  /**
   * EndTxn (Kafka: TransactionCoordinator.endTransaction): Prepare 상태를 장부에 적고, 그 레코드가 ISR 모두에게 복제되면
   * 결과가 정해집니다. 그때 답합니다. 마커는 그 뒤에 따로 보내고(기다리지 않습니다), 모든 파티션 리더가 받으면 Complete를
   * 적습니다. 그사이에 온 InitProducerId·AddPartitionsToTxn·EndTxn은 CONCURRENT_TRANSACTIONS를 받습니다.
   */
  async endTransaction(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    commit: boolean,
  ): Promise<number> {
    const errorCode = this.#apply(transactionalId, (current) =>
      coordinator.endTransaction(current, producerId, producerEpoch, commit, this.options.now()),
    );
    const prepared = this.#transactions.get(transactionalId);
    if (errorCode !== ErrorCode.NONE || !prepared || !isPrepared(prepared)) return errorCode;
    const durable = await this.#awaitPrepared(transactionalId);
    if (durable !== ErrorCode.NONE) return durable;
    // 기다리는 사이 코디네이터가 바뀌었거나 다른 요청이 끝냈으면 그쪽에 맡깁니다.
    if (this.#transactions.get(transactionalId) === prepared) this.#writeMarkersAndComplete(prepared);
    return ErrorCode.NONE;
  }

  /**
   * 주기 작업: 다시 켜진 뒤 남은 Prepare를 마저 끝내고, transaction.timeout.ms가 지난 진행 중 트랜잭션을
   * 어보트합니다 (Kafka: abortTimedOutTransactions). 어보트 마커는 올린 에포크를 달고 가서 그 프로듀서를 막습니다.
   */
  tick(now: number): void {
    this.resumePrepared();
    for (const metadata of [...this.#transactions.values()]) {
      if (this.coordinatorError(metadata.transactionalId) !== ErrorCode.NONE || isPrepared(metadata)) continue;
      const fenced = coordinator.abortIfTimedOut(metadata, now);
      if (fenced) {
        this.options.log.warn(
          `트랜잭션 ${josa(metadata.transactionalId, '이/가')} ${metadata.transactionTimeoutMs}ms 안에 끝나지 않아 어보트합니다`,
        );
        this.#fence(fenced);
      }
    }
  }

  /**
   * Prepare에 멈춘 트랜잭션의 마커를 마저 씁니다 (Kafka: 장부를 읽은 뒤 `TransactionMarkerChannelManager.addTxnMarkersToSend`).
   * 아직 ISR에 닿았는지 모르는 Prepare는 다시 기다려 보고, 닿았으면 그다음 번에 마커를 보냅니다.
   */
  resumePrepared(): void {
    for (const metadata of [...this.#transactions.values()]) {
      if (this.coordinatorError(metadata.transactionalId) !== ErrorCode.NONE || !isPrepared(metadata)) continue;
      if (this.#notDurable.has(metadata.transactionalId)) void this.#awaitPrepared(metadata.transactionalId);
      else this.#writeMarkersAndComplete(metadata);
    }
  }

  /** 좀비의 진행 중 트랜잭션을 올린 에포크로 어보트합니다. 장부에는 PrepareAbort로 적습니다(Kafka도 그렇습니다). */
  #fence(fencing: TransactionMetadata): void {
    const { transactionalId } = fencing;
    const aborting = transition(fencing, 'PrepareAbort', { lastUpdateMs: this.options.now() });
    if (this.#persist(aborting) !== ErrorCode.NONE) return;
    void this.#awaitPrepared(transactionalId).then((durable) => {
      if (durable === ErrorCode.NONE && this.#transactions.get(transactionalId) === aborting) {
        this.#writeMarkersAndComplete(aborting);
      }
    });
  }

  /** 방금 적은 Prepare가 ISR 모두에게 닿을 때까지 기다립니다. 그동안 tick은 그 마커를 보내지 않습니다. */
  async #awaitPrepared(transactionalId: string): Promise<number> {
    this.#notDurable.add(transactionalId);
    const durable = await this.awaitDurable(transactionalId);
    if (durable === ErrorCode.NONE) this.#notDurable.delete(transactionalId);
    return durable;
  }

  /**
   * 마커를 보내고, 모두 받았으면 Complete를 적습니다 (Kafka: TransactionMarkerChannelManager.maybeWriteTxnCompletion).
   * 보내는 사이 이 트랜잭션이 바뀌었거나(다른 요청, 코디네이터가 바뀌어 내려놓음) 코디네이터 에포크가 바뀌었으면 적지
   * 않습니다: 그 일은 지금의 코디네이터가 합니다.
   */
  #writeMarkersAndComplete(prepared: TransactionMetadata): void {
    const { transactionalId } = prepared;
    if (this.#sendingMarkers.has(transactionalId)) return;
    const coordinatorEpoch = this.coordinatorEpoch(transactionalId);
    const complete = () => {
      this.#sendingMarkers.delete(transactionalId);
      const unchanged =
        this.#transactions.get(transactionalId) === prepared &&
        this.coordinatorEpoch(transactionalId) === coordinatorEpoch;
      if (unchanged) this.#persist(coordinator.completeTransaction(prepared, this.options.now()));
    };
    const fail = (error: unknown) => {
      this.#sendingMarkers.delete(transactionalId);
      this.options.log.warn(`트랜잭션 ${transactionalId}의 마커를 쓰지 못했습니다 (다시 합니다): ${error}`, error);
    };
    this.#sendingMarkers.add(transactionalId);
    let sending: void | Promise<void>;
    try {
      sending = this.options.writeMarkers(prepared, prepared.state === 'PrepareCommit', coordinatorEpoch);
    } catch (error) {
      fail(error);
      return;
    }
    if (sending) sending.then(complete, fail);
    else complete();
  }

  /** 코디네이터인지 보고, 판단하고, 바뀐 것이 있으면 장부에 씁니다. */
  #apply(transactionalId: string, decide: (current: TransactionMetadata | undefined) => Decision): number {
    const coordinatorError = this.coordinatorError(transactionalId);
    if (coordinatorError !== ErrorCode.NONE) return coordinatorError;
    const current = this.#transactions.get(transactionalId);
    const decision = decide(current);
    if (!decision.ok) return decision.errorCode;
    return decision.next === current ? ErrorCode.NONE : this.#persist(decision.next);
  }

  /** 쓰고 나서 적용합니다: 쓰기가 실패하면 메모리의 상태도 바뀌지 않습니다. */
  #persist(next: TransactionMetadata): number {
    try {
      this.options.append(this.partitionFor(next.transactionalId), transactionLogRecord(next));
    } catch (error) {
      return ledgerErrorToResponseError(error);
    }
    this.#transactions.set(next.transactionalId, next);
    return ErrorCode.NONE;
  }
}

/**
 * 장부(`__transaction_state`)에 쓰지 못한 이유를 프로듀서가 알아듣는 코디네이터 오류로 바꿉니다 (Kafka:
 * TransactionStateManager.appendTransactionToLog): 복제본이 모자라거나 시간이 지났으면 COORDINATOR_NOT_AVAILABLE(잠시 뒤
 * 다시), 이 브로커가 더는 리더가 아니면 NOT_COORDINATOR(코디네이터를 다시 찾기), 레코드가 너무 크면 UNKNOWN_SERVER_ERROR.
 */
export function ledgerErrorToResponseError(error: unknown): number {
  const code = error instanceof KafkaError ? error.code : ErrorCode.UNKNOWN_SERVER_ERROR;
  switch (code) {
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
    default:
      return code;
  }
}

function isPrepared(metadata: TransactionMetadata): boolean {
  return (
    metadata.state === 'PrepareCommit' || metadata.state === 'PrepareAbort' || metadata.state === 'PrepareEpochFence'
  );
}

/**
 * PRODUCER_FENCED(90)는 Kafka 2.7에서 생긴 오류 코드입니다(KIP-588). 그 전 버전의 요청을 보내는 클라이언트는 이 코드를
 * 모르므로, Kafka처럼 예전 뜻의 INVALID_PRODUCER_EPOCH로 바꿔 답합니다 (EndTxn·AddPartitionsToTxn·AddOffsetsToTxn은
 * v2부터, InitProducerId는 v4부터 새 코드를 압니다).
 */
export function fencedErrorForVersion(
  errorCode: number,
  apiVersion: number,
  firstVersionKnowingFenced: number,
): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && apiVersion < firstVersionKnowingFenced
    ? ErrorCode.INVALID_PRODUCER_EPOCH
    : errorCode;
}
