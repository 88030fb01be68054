/**
 * 트랜잭션 판의 프로듀서 하나: Java 프로듀서의 `TransactionManager`를 흉내 냅니다.
 *
 *     InitProducerId ──▶ (트랜잭션마다) AddPartitionsToTxn ──▶ Produce(파티션마다 배치 몇 개) ──▶ EndTxn(커밋 또는 어보트)
 *
 * 코디네이터와 파티션 리더에게 가는 요청은 모두 가상 네트워크를 지납니다. 답이 없으면 시간 제한 뒤 같은 요청을 다시
 * 보냅니다 (Produce는 같은 시퀀스로: 리더가 중복을 알아봅니다). EndTxn은 모든 배치의 답을 받은 뒤에야 보냅니다: 시간
 * 제한이 네트워크의 가장 긴 지연보다 길어서, 답을 못 받은 배치가 마커보다 늦게 도착하는 일은 없습니다.
 *
 * 같은 트랜잭션 ID로 새 인스턴스가 InitProducerId를 하면 에포크가 올라가 이 인스턴스는 좀비가 됩니다. 좀비도 계속
 * 움직이다가(PRODUCER_FENCED, INVALID_PRODUCER_EPOCH를 받으면) 끝납니다. transaction.timeout.ms가 지나 코디네이터가
 * 트랜잭션을 어보트해도 에포크가 올라가므로 같은 일이 일어납니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { SimClock } from './clock.js';
import type { SimNetwork } from './network.js';
import type { SeededRandom } from './random.js';
import { SimClient } from './sim-client.js';

export const TXN_COORDINATOR_ID = 0;
export const TOPIC = 'events';

/** 트랜잭션 판의 네트워크에 오가는 요청. `txn`은 시뮬레이터가 붙인 트랜잭션의 이름표입니다 (브로커는 보지 않습니다). */
export type TxnRequest =
  | { readonly api: 'InitProducerId'; readonly transactionalId: string; readonly transactionTimeoutMs: number }
  | {
      readonly api: 'AddPartitionsToTxn';
      readonly transactionalId: string;
      readonly producerId: number;
      readonly producerEpoch: number;
      readonly partitions: readonly number[];
    }
  | {
      readonly api: 'EndTxn';
      readonly transactionalId: string;
      readonly producerId: number;
      readonly producerEpoch: number;
      readonly commit: boolean;
      readonly txn: string;
    }
  | {
      readonly api: 'Produce';
      readonly partition: number;
      readonly producerId: number;
      readonly producerEpoch: number;
      readonly baseSequence: number;
      readonly txn: string;
    };

export type TxnResponse =
  | {
      readonly api: 'InitProducerId';
      readonly errorCode: number;
      readonly producerId: number;
      readonly producerEpoch: number;
    }
  | { readonly api: 'AddPartitionsToTxn' | 'EndTxn' | 'Produce'; readonly errorCode: number };

export interface ProducerConfig {
  readonly transactionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retryBackoffMs: number;
  readonly partitions: number;
  /** 파티션 리더 노드 */
  readonly leaderOf: (partition: number) => number;
}

export type ProducerPhase = 'init' | 'ready' | 'adding' | 'producing' | 'ending' | 'idle' | 'fenced' | 'stopped';

interface OpenTransaction {
  readonly label: string;
  readonly partitions: readonly number[];
  /** 파티션마다 아직 보낼 배치 수 */
  readonly remaining: Map<number, number>;
  commit: boolean;
}

/** 프로듀서를 끝내는 답: 다른 인스턴스가 이 트랜잭션 ID를 가져갔거나, 코디네이터가 에포크를 올렸습니다. */
const FATAL: ReadonlySet<number> = new Set([
  ErrorCode.PRODUCER_FENCED,
  ErrorCode.INVALID_PRODUCER_EPOCH,
  ErrorCode.INVALID_PRODUCER_ID_MAPPING,
  ErrorCode.INVALID_TXN_STATE,
]);

export class SimProducer extends SimClient<TxnRequest, TxnResponse> {
  phase: ProducerPhase = 'stopped';
  producerId = -1;
  epoch = -1;
  /** 회복 단계: 지금 트랜잭션은 끝내되 새 트랜잭션은 시작하지 않습니다. */
  draining = false;
  #sequences = new Map<number, number>();
  #txn: OpenTransaction | null = null;
  #count = 0;

  constructor(
    id: number,
    clock: SimClock,
    network: SimNetwork<TxnRequest, TxnResponse>,
    readonly transactionalId: string,
    private readonly config: ProducerConfig,
    private readonly random: SeededRandom,
  ) {
    super(id, clock, network);
  }

  get name(): string {
    return `프로듀서 ${this.id}(${this.transactionalId})`;
  }

  /** 진행 중인 트랜잭션이 없는지 (끝났거나, 막혔거나, 꺼졌거나) */
  get quiet(): boolean {
    return !this.alive || this.phase === 'idle';
  }

  start(): void {
    if (this.alive) return;
    this.attach();
    this.#txn = null;
    this.#init();
  }

  stop(): void {
    this.kill();
    if (this.phase !== 'fenced') this.phase = 'stopped';
  }

  #fence(): void {
    this.phase = 'fenced';
    this.kill();
  }

  #retry(fn: () => void): void {
    this.after(this.config.retryBackoffMs, fn);
  }

  #init(): void {
    this.phase = 'init';
    this.request(
      TXN_COORDINATOR_ID,
      {
        api: 'InitProducerId',
        transactionalId: this.transactionalId,
        transactionTimeoutMs: this.config.transactionTimeoutMs,
      },
      this.config.requestTimeoutMs,
      (outcome) => {
        const response = outcome.ok && outcome.response.api === 'InitProducerId' ? outcome.response : null;
        if (response === null || response.errorCode !== ErrorCode.NONE) {
          // CONCURRENT_TRANSACTIONS(옛 트랜잭션을 정리하는 중), COORDINATOR_NOT_AVAILABLE, 시간 초과: 다시
          if (response && FATAL.has(response.errorCode)) this.#fence();
          else this.#retry(() => this.#init());
          return;
        }
        this.producerId = response.producerId;
        this.epoch = response.producerEpoch;
        this.#sequences = new Map();
        this.#next();
      },
    );
  }

  /** 잠시 뒤 다음 트랜잭션을 시작합니다. */
  #next(): void {
    this.phase = 'ready';
    this.after(this.random.range(10, 500), () => this.#begin());
  }

  #begin(): void {
    if (this.draining) {
      this.phase = 'idle';
      return;
    }
    const count = this.random.range(1, Math.min(3, this.config.partitions));
    const partitions = this.random.shuffle(Array.from({ length: this.config.partitions }, (_, p) => p)).slice(0, count);
    this.#txn = {
      label: `${this.transactionalId}/${this.producerId}.${this.epoch}#${this.#count++}`,
      partitions,
      remaining: new Map(partitions.map((p) => [p, this.random.range(1, 3)])),
      commit: this.random.chance(0.7),
    };
    this.#addPartitions(this.#txn);
  }

  #addPartitions(txn: OpenTransaction): void {
    this.phase = 'adding';
    this.request(
      TXN_COORDINATOR_ID,
      {
        api: 'AddPartitionsToTxn',
        transactionalId: this.transactionalId,
        producerId: this.producerId,
        producerEpoch: this.epoch,
        partitions: txn.partitions,
      },
      this.config.requestTimeoutMs,
      (outcome) => {
        const errorCode = outcome.ok ? outcome.response.errorCode : null;
        if (errorCode === ErrorCode.NONE) {
          this.phase = 'producing';
          for (const p of txn.partitions) this.#produce(txn, p);
        } else if (errorCode !== null && FATAL.has(errorCode)) this.#fence();
        else this.#retry(() => this.#addPartitions(txn));
      },
    );
  }

  /** 파티션 하나에 배치를 차례로 보냅니다 (파티션마다 한 번에 하나: max.in.flight = 1). */
  #produce(txn: OpenTransaction, partition: number): void {
    const baseSequence = this.#sequences.get(partition) ?? 0;
    this.request(
      this.config.leaderOf(partition),
      {
        api: 'Produce',
        partition,
        producerId: this.producerId,
        producerEpoch: this.epoch,
        baseSequence,
        txn: txn.label,
      },
      this.config.requestTimeoutMs,
      (outcome) => {
        const errorCode = outcome.ok ? outcome.response.errorCode : null;
        if (errorCode === null) {
          this.#retry(() => this.#produce(txn, partition));
          return;
        }
        if (FATAL.has(errorCode)) {
          this.#fence();
          return;
        }
        if (errorCode === ErrorCode.NONE) this.#sequences.set(partition, baseSequence + 1);
        // 그 밖의 오류(OUT_OF_ORDER_SEQUENCE_NUMBER)는 이 트랜잭션을 어보트할 수밖에 없게 합니다.
        else txn.commit = false;
        const left = errorCode === ErrorCode.NONE ? (txn.remaining.get(partition) ?? 1) - 1 : 0;
        txn.remaining.set(partition, left);
        if (left > 0) this.#produce(txn, partition);
        else if ([...txn.remaining.values()].every((n) => n === 0)) this.#end(txn);
      },
    );
  }

  #end(txn: OpenTransaction): void {
    this.phase = 'ending';
    this.request(
      TXN_COORDINATOR_ID,
      {
        api: 'EndTxn',
        transactionalId: this.transactionalId,
        producerId: this.producerId,
        producerEpoch: this.epoch,
        commit: txn.commit,
        txn: txn.label,
      },
      this.config.requestTimeoutMs,
      (outcome) => {
        const errorCode = outcome.ok ? outcome.response.errorCode : null;
        if (errorCode === ErrorCode.NONE) {
          this.#txn = null;
          this.#next();
        } else if (errorCode !== null && FATAL.has(errorCode)) this.#fence();
        else this.#retry(() => this.#end(txn));
      },
    );
  }
}
