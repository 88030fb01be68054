/**
 * 트랜잭션 판: 트랜잭션 코디네이터 하나(진짜 `TransactionService`와 그 판단), 파티션 리더 브로커 몇(파티션마다 진짜
 * `ProducerStateManager`), 트랜잭션 프로듀서 여럿(`transaction-producer.ts`)을 가상 시계와 가상 네트워크 위에서 돌립니다.
 * 프로듀서의 요청(InitProducerId, AddPartitionsToTxn, Produce, EndTxn)은 모두 네트워크를 지나므로 잃고, 늦고, 두 번 오고,
 * 분할에 막힙니다. 네트워크는 연결마다 순서를 지킵니다(TCP).
 *
 * 코디네이터는 장부(`__transaction_state`, 여기서는 내구적인 메모리 배열)에 쓴 뒤 답합니다. 죽었다 켜지면 장부를 처음부터
 * 읽고(`load`) 곧바로 `tick`해서 Prepare까지 적고 못 끝낸 마커를 마저 씁니다 (진짜 브로커가 켜질 때와 같습니다). 장부를
 * 쓸 수 없는 때(복제본이 모자람)도 있습니다.
 *
 * 마커: `TransactionService`는 마커를 쓰는 일을 `writeMarkers`에 맡깁니다. 여기서는 그 자리에 Kafka의
 * `TransactionMarkerChannelManager`처럼 파티션마다 마커를 쓰고, 이미 쓴 파티션은 다시 쓰지 않는 "마커 채널"을 둡니다.
 * 코디네이터에서 파티션 리더가 닿지 않으면(네트워크 분할) 그 파티션은 쓰지 못하고, 코디네이터는 다음 tick에 다시 합니다.
 * `writeMarkers`는 동기 함수라 마커는 메시지로 오가지 않고, 닿는지만 네트워크에 묻습니다.
 *
 * InitProducerId는 새 프로듀서 ID를 비동기로 받습니다(`ProducerIdManager`, 진짜 브로커에서는 컨트롤러에게서). 그래서
 * 걸음마다 그 약속(Promise)이 끝날 때까지 기다린 뒤 다음 사건으로 갑니다: 입출력이 없으니 순서는 씨앗만으로 정해집니다.
 */
import { ProducerIdManager } from '../producer/producer-id-manager.js';
import { ProducerStateManager } from '../producer/producer-state.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { Attributes } from '../record/batch-header.js';
import { createLogger } from '../server/logger.js';
import { decodeTransactionLogRecord } from '../transaction/transaction-log.js';
import { TransactionService } from '../transaction/transaction-service.js';
import type { TransactionMetadata } from '../transaction/transaction-state.js';
import { NodeClock, SimClock } from './clock.js';
import { SimNetwork } from './network.js';
import type { SeededRandom } from './random.js';
import { Trace } from './trace.js';
import {
  type ProducerConfig,
  SimProducer,
  TOPIC,
  TXN_COORDINATOR_ID,
  type TxnRequest,
  type TxnResponse,
} from './transaction-producer.js';
import { TransactionSafetyChecker } from './transaction-safety.js';

export const FIRST_BROKER_ID = 1;
export const FIRST_PRODUCER_ID = 100;
/** transaction.max.timeout.ms의 기본값 */
const MAX_TRANSACTION_TIMEOUT_MS = 900_000;

export interface TransactionSimulationOptions {
  readonly random: SeededRandom;
  readonly partitions: number;
  readonly brokers: number;
  readonly transactionalIds: readonly string[];
  /** 코디네이터의 tick 주기 (transaction.abort.timed.out.transaction.cleanup.interval.ms) */
  readonly tickIntervalMs: number;
  readonly producer: Omit<ProducerConfig, 'leaderOf' | 'partitions'>;
}

/** 장애와 사건의 수 (보고용) */
export interface TransactionCounters {
  coordinatorCrashes: number;
  /** 그 가운데 마커를 쓰다가 죽은 횟수 */
  crashesWhileWritingMarkers: number;
  ledgerOutages: number;
  markerOutages: number;
  producerCrashes: number;
  stalls: number;
  /** 같은 트랜잭션 ID로 새 인스턴스를 띄운 횟수 (옛 인스턴스는 좀비가 되거나 죽습니다) */
  newInstances: number;
  partitions: number;
  clockJumps: number;
  commits: number;
  aborts: number;
  /** 코디네이터가 에포크를 올려 어보트한 트랜잭션 (새 인스턴스나 시간 초과) */
  fencedTransactions: number;
  markers: number;
  refusedZombieRequests: number;
  steps: number;
}

interface Partition {
  readonly state: ProducerStateManager;
  /** 로그 끝 오프셋 (레코드는 따로 두지 않습니다: 배치 하나 = 오프셋 하나) */
  end: number;
}

/** 시뮬레이터의 `transaction.state.log.num.partitions` */
const TRANSACTION_LOG_PARTITIONS = 50;

export class TransactionSimulation {
  readonly clock = new SimClock();
  readonly network: SimNetwork<TxnRequest, TxnResponse>;
  readonly coordinatorClock = new NodeClock(this.clock);
  readonly producers: SimProducer[] = [];
  readonly partitions: Partition[];
  readonly safety: TransactionSafetyChecker;
  readonly counters: TransactionCounters = {
    coordinatorCrashes: 0,
    crashesWhileWritingMarkers: 0,
    ledgerOutages: 0,
    markerOutages: 0,
    producerCrashes: 0,
    stalls: 0,
    newInstances: 0,
    partitions: 0,
    clockJumps: 0,
    commits: 0,
    aborts: 0,
    fencedTransactions: 0,
    markers: 0,
    refusedZombieRequests: 0,
    steps: 0,
  };
  /** 코디네이터와 파티션 리더의 답, 장부, 마커의 지문 */
  readonly trace = new Trace();
  /** `__transaction_state` (쓰면 곧 내구적입니다) */
  readonly ledger: { key: Buffer; value: Buffer }[] = [];
  /** 장부를 쓸 수 없는지 (`__transaction_state`의 ISR이 min.insync.replicas보다 작음) */
  ledgerUnavailable = false;
  /** 0보다 크면, 코디네이터가 파티션에 마커를 쓸 때마다 이 확률로 그 자리에서 죽습니다 (마커를 반쯤 쓴 채로) */
  crashWhileWritingMarkers = 0;
  readonly #options: TransactionSimulationOptions;
  readonly #random: SeededRandom;
  #service: TransactionService | null = null;
  #incarnation = 0;
  #nextProducerIdBlock = 1000;
  #pending = 0;
  /** 비동기로 끝난 요청의 답을 검사하다 난 안전성 위반: `step`이 그 사건의 실패로 다시 던집니다 */
  #asyncFailure: unknown = null;

  constructor(options: TransactionSimulationOptions) {
    this.#options = options;
    this.#random = options.random;
    this.network = new SimNetwork(this.clock, options.random.fork(1), { ordered: true });
    this.safety = new TransactionSafetyChecker(options.partitions);
    this.partitions = Array.from({ length: options.partitions }, () => ({ state: new ProducerStateManager(), end: 0 }));
    for (let b = 0; b < options.brokers; b++) {
      this.network.attach(FIRST_BROKER_ID + b, (source, request, respond) => {
        if (request.api !== 'Produce') return;
        const errorCode = this.#produce(request);
        this.trace.add(this.clock.now(), source, request.partition, request.baseSequence, errorCode);
        respond({ api: 'Produce', errorCode });
      });
    }
    for (const id of options.transactionalIds) this.addProducer(id);
    this.startCoordinator();
  }

  leaderOf(partition: number): number {
    return FIRST_BROKER_ID + (partition % this.#options.brokers);
  }

  get brokerIds(): number[] {
    return Array.from({ length: this.#options.brokers }, (_, b) => FIRST_BROKER_ID + b);
  }

  get coordinatorUp(): boolean {
    return this.#service !== null;
  }

  /** 같은 트랜잭션 ID의 프로듀서 프로세스를 하나 더 둡니다 (켜는 것은 `start`) */
  addProducer(transactionalId: string): SimProducer {
    const id = FIRST_PRODUCER_ID + this.producers.length;
    const producer = new SimProducer(
      id,
      this.clock,
      this.network,
      transactionalId,
      {
        ...this.#options.producer,
        partitions: this.#options.partitions,
        leaderOf: (p) => this.leaderOf(p),
      },
      this.#random.fork(100 + id),
    );
    this.producers.push(producer);
    return producer;
  }

  /** 코디네이터를 켭니다: 장부를 처음부터 읽고, 남은 Prepare를 마저 끝냅니다. */
  startCoordinator(): void {
    if (this.#service) return;
    const incarnation = ++this.#incarnation;
    /** 이 코디네이터가 이미 마커를 쓴 파티션 (Prepare 값마다): 다시 할 때는 남은 파티션만 씁니다 */
    const written = new WeakMap<TransactionMetadata, Set<number>>();
    // 묶음은 새로 받습니다: 옛 코디네이터가 받아 두고 못 쓴 ID는 버립니다 (Kafka도 그렇습니다).
    const producerIds = new ProducerIdManager(async (count) => {
      const first = this.#nextProducerIdBlock;
      this.#nextProducerIdBlock += count;
      return first;
    }, 10);
    const service: TransactionService = new TransactionService({
      now: () => this.coordinatorClock.now(),
      numPartitions: TRANSACTION_LOG_PARTITIONS,
      maxTimeoutMs: MAX_TRANSACTION_TIMEOUT_MS,
      isLocalLeader: () => true,
      // 장부는 이 배열 하나이고 복제본이 없습니다: 쓰면 곧 정해집니다.
      awaitReplicated: async () => ErrorCode.NONE,
      createTransactionTopic: async () => {},
      append: (_partition, record) => {
        if (this.#service !== service) throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, '죽은 코디네이터');
        if (this.ledgerUnavailable) throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS, '장부의 ISR이 모자랍니다');
        this.ledger.push(record);
        this.trace.add(this.clock.now(), 'ledger', record.value.toString('hex'));
        const decoded = decodeTransactionLogRecord(record.key, record.value);
        if (!('removed' in decoded)) this.#onLedger(decoded);
      },
      newProducerId: () => producerIds.generate(),
      writeMarkers: (metadata, commit) => this.#writeMarkers(service, incarnation, written, metadata, commit),
      log: createLogger('silent'),
    });
    // 다시 켜진 코디네이터가 장부의 파티션마다 리더가 됩니다 (코디네이터 에포크 = 몇 번째로 켜졌는지).
    for (let partition = 0; partition < TRANSACTION_LOG_PARTITIONS; partition++) {
      service.onElection(
        partition,
        incarnation,
        this.ledger.filter(
          (r) => service.partitionFor(decodeTransactionLogRecord(r.key, r.value).transactionalId) === partition,
        ),
      );
    }
    this.#service = service;
    this.network.attach(TXN_COORDINATOR_ID, (_source, request, respond) => this.#handle(service, request, respond));
    service.tick(this.coordinatorClock.now());
    const tick = () => {
      if (this.#service !== service) return;
      service.tick(this.coordinatorClock.now());
      this.clock.schedule(this.#options.tickIntervalMs, tick);
    };
    this.clock.schedule(this.#options.tickIntervalMs, tick);
  }

  /** 코디네이터가 죽습니다: 메모리의 상태와 받아 둔 요청을 잃습니다 (장부는 남습니다). */
  crashCoordinator(): void {
    if (!this.#service) return;
    this.#service = null;
    this.network.detach(TXN_COORDINATOR_ID);
    this.counters.coordinatorCrashes++;
  }

  #onLedger(metadata: TransactionMetadata): void {
    const previous = this.safety.ledger(metadata.transactionalId);
    if (metadata.state === 'PrepareAbort' && previous && metadata.producerEpoch > previous.producerEpoch) {
      this.counters.fencedTransactions++;
    }
    this.safety.onLedger(metadata);
  }

  /** 마커 채널: 트랜잭션의 파티션마다 마커를 씁니다. 닿지 않는 파티션이 있으면 던집니다 (코디네이터가 나중에 다시). */
  #writeMarkers(
    service: TransactionService,
    incarnation: number,
    written: WeakMap<TransactionMetadata, Set<number>>,
    metadata: TransactionMetadata,
    commit: boolean,
  ): void {
    if (this.#service !== service) throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, '죽은 코디네이터');
    const done = written.get(metadata) ?? new Set<number>();
    written.set(metadata, done);
    let unreachable = 0;
    for (const { partition } of metadata.partitions) {
      if (done.has(partition)) continue;
      if (!this.network.reachable(TXN_COORDINATOR_ID, this.leaderOf(partition))) {
        unreachable++;
        continue;
      }
      if (this.crashWhileWritingMarkers > 0 && this.#random.chance(this.crashWhileWritingMarkers)) {
        this.counters.crashesWhileWritingMarkers++;
        this.crashCoordinator();
        throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, '마커를 쓰다가 죽었습니다');
      }
      this.#appendMarker(partition, metadata, commit, incarnation);
      done.add(partition);
    }
    if (unreachable > 0)
      throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `파티션 ${unreachable}개에 닿지 않습니다`);
  }

  #appendMarker(partition: number, metadata: TransactionMetadata, commit: boolean, incarnation: number): void {
    const p = this.#partition(partition);
    // 검사가 먼저: 마커를 쓰기 전의 장부를 봅니다.
    this.safety.onMarker(partition, metadata, commit, incarnation);
    p.state.recordMarker(
      {
        producerId: metadata.producerId,
        producerEpoch: metadata.producerEpoch,
        baseSequence: -1,
        lastOffsetDelta: 0,
        maxTimestamp: this.clock.now(),
        attributes: Attributes.transactional | Attributes.control,
      },
      p.end++,
      !commit,
      incarnation,
    );
    this.counters.markers++;
    this.trace.add(this.clock.now(), 'marker', partition, metadata.producerId, metadata.producerEpoch, commit);
  }

  /** 파티션 리더의 Produce: 진짜 `ProducerStateManager`가 시퀀스와 에포크를 검사합니다. */
  #produce(request: Extract<TxnRequest, { api: 'Produce' }>): number {
    const p = this.#partition(request.partition);
    const header = {
      producerId: request.producerId,
      producerEpoch: request.producerEpoch,
      baseSequence: request.baseSequence,
      lastOffsetDelta: 0,
      maxTimestamp: this.clock.now(),
      attributes: Attributes.transactional,
    };
    const check = p.state.check(header);
    if (check.kind === 'error') {
      if (check.errorCode === ErrorCode.INVALID_PRODUCER_EPOCH) this.counters.refusedZombieRequests++;
      return check.errorCode;
    }
    if (check.kind === 'append') {
      const offset = p.end++;
      this.safety.onData(request.partition, offset, request.producerId, request.producerEpoch, request.txn);
      p.state.record(header, offset);
    }
    return ErrorCode.NONE;
  }

  /** 코디네이터가 요청 하나를 처리합니다 (API 처리기가 하는 일: `apis/22-init-producer-id.ts` 등). */
  #handle(service: TransactionService, request: TxnRequest, respond: (response: TxnResponse) => void): void {
    switch (request.api) {
      case 'InitProducerId': {
        this.#pending++;
        service
          .initProducerId(request.transactionalId, request.transactionTimeoutMs, null)
          .then((result) => {
            this.trace.add(
              this.clock.now(),
              request.transactionalId,
              result.errorCode,
              result.producerId,
              result.producerEpoch,
            );
            respond({ api: 'InitProducerId', ...result });
          })
          .finally(() => this.#pending--);
        return;
      }
      case 'AddPartitionsToTxn': {
        const { transactionalId, producerId, producerEpoch } = request;
        const partitions = request.partitions.map((partition) => ({ topic: TOPIC, partition }));
        this.#pending++;
        service
          .addPartitions(transactionalId, producerId, producerEpoch, partitions)
          .then((errorCode) => {
            this.#answered('AddPartitionsToTxn', request, errorCode);
            respond({ api: 'AddPartitionsToTxn', errorCode });
          })
          .catch((error: unknown) => {
            this.#asyncFailure ??= error;
          })
          .finally(() => this.#pending--);
        return;
      }
      case 'EndTxn': {
        const { transactionalId, producerId, producerEpoch, commit } = request;
        this.#pending++;
        service
          .endTransaction(transactionalId, producerId, producerEpoch, commit)
          .then((errorCode) => {
            this.#answered('EndTxn', request, errorCode);
            respond({ api: 'EndTxn', errorCode });
          })
          .catch((error: unknown) => {
            this.#asyncFailure ??= error;
          })
          .finally(() => this.#pending--);
        return;
      }
      case 'Produce':
        return;
    }
  }

  #answered(
    api: 'AddPartitionsToTxn' | 'EndTxn',
    request: Extract<TxnRequest, { api: 'AddPartitionsToTxn' | 'EndTxn' }>,
    errorCode: number,
  ): void {
    this.trace.add(this.clock.now(), api, request.transactionalId, request.producerEpoch, errorCode);
    if (errorCode === ErrorCode.PRODUCER_FENCED || errorCode === ErrorCode.INVALID_PRODUCER_ID_MAPPING) {
      this.counters.refusedZombieRequests++;
    }
    if (errorCode !== ErrorCode.NONE) return;
    const ended = request.api === 'EndTxn' ? { label: request.txn, commit: request.commit } : undefined;
    if (ended) this.counters[ended.commit ? 'commits' : 'aborts']++;
    this.safety.onSuccess(api, request.transactionalId, request.producerId, request.producerEpoch, ended);
  }

  #partition(partition: number): Partition {
    const p = this.partitions[partition];
    if (!p) throw new Error(`파티션 ${partition}이 없습니다`);
    return p;
  }

  /** 파티션마다 LSO: 열린 트랜잭션의 첫 오프셋, 없으면 로그 끝 (하이 워터마크 = 로그 끝: 복제는 다음 장의 일) */
  lsos(): number[] {
    return this.partitions.map((p) => p.state.firstUnstableOffset() ?? p.end);
  }

  /**
   * 사건을 하나 돌리고, 그 사건이 시작한 비동기 일(InitProducerId의 프로듀서 ID 받기)이 끝나기를 기다린 뒤 안전성을
   * 검사합니다. 사건이 없으면 false
   */
  async step(): Promise<boolean> {
    if (!this.clock.runNext()) return false;
    // 약속의 후속 작업(microtask)을 끝까지 돌립니다. 입출력이 없으니 몇 바퀴면 끝납니다.
    for (let turns = 0; this.#pending > 0; turns++) {
      if (turns > 1000) throw new Error('비동기 일이 끝나지 않습니다');
      await Promise.resolve();
    }
    if (this.#asyncFailure !== null) {
      const failure = this.#asyncFailure;
      this.#asyncFailure = null;
      throw failure;
    }
    this.counters.steps++;
    this.safety.check(this.lsos());
    return true;
  }

  /** 조건이 참이 될 때까지 돌립니다. 가상 시간 `maxMs` 안에 되지 않으면 false */
  async runUntil(condition: () => boolean, maxMs: number): Promise<boolean> {
    const deadline = this.clock.now() + maxMs;
    while (!condition()) {
      const next = this.clock.peekTime();
      if (next === null || next > deadline) return false;
      await this.step();
    }
    return true;
  }

  /** 가상 시간 `ms`만큼 돌립니다. */
  async runFor(ms: number): Promise<void> {
    const deadline = this.clock.now() + ms;
    for (let next = this.clock.peekTime(); next !== null && next <= deadline; next = this.clock.peekTime()) {
      await this.step();
    }
  }

  /** 끝나지 않은 트랜잭션이 없는지: 파티션에 열린 트랜잭션이 없고, 장부의 트랜잭션이 모두 끝났습니다. */
  quiescent(): boolean {
    if (this.safety.openLabels().length > 0) return false;
    if (this.partitions.some((p) => p.state.firstUnstableOffset() !== null)) return false;
    const active = new Set(['Ongoing', 'PrepareCommit', 'PrepareAbort', 'PrepareEpochFence']);
    if (this.#options.transactionalIds.some((id) => active.has(this.safety.ledger(id)?.state ?? 'Empty'))) return false;
    return this.producers.every((p) => p.quiet);
  }
}
