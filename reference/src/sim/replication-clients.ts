/**
 * 복제 판의 클라이언트: 멱등 프로듀서(acks=all), 트랜잭션 프로듀서, 컨슈머(read_uncommitted 또는 read_committed). 모두 진짜
 * 클라이언트가 하는 대로 움직입니다.
 *
 *   멱등 프로듀서    파티션마다 배치 하나씩(max.in.flight.requests.per.connection=1과 같음), 레코드 하나짜리 배치에 프로듀서
 *                    ID·에포크·시퀀스를 싣고 Produce v11(acks=-1)을 리더에게 보냅니다. 성공할 때까지 **같은 배치를 같은
 *                    시퀀스로** 다시 보냅니다 (delivery.timeout.ms가 끝나지 않는 프로듀서): NOT_LEADER_OR_FOLLOWER면 답에
 *                    실린 지금의 리더(KIP-951)에게, 답이 없거나 리더를 모르면 메타데이터를 새로 받아서. 멱등성 덕분에 다시
 *                    보낸 배치가 이미 쓰였다면 브로커는 처음 받은 오프셋으로 답합니다. 프로듀서 ID는 프로듀서마다 고정입니다.
 *   트랜잭션 프로듀서 Kafka 자바 클라이언트의 `TransactionManager`처럼: FindCoordinator(트랜잭션 ID)로 코디네이터를 찾고,
 *                    InitProducerId로 프로듀서 ID·에포크를 받고, 트랜잭션마다 AddPartitionsToTxn → 레코드 1~3개를 차례로
 *                    Produce(트랜잭션 배치) → 모두 성공하면 EndTxn(씨앗이 고른 커밋 또는 어보트). 코디네이터가 옮겨 가면
 *                    (NOT_COORDINATOR, 답 없음) 다시 찾고, CONCURRENT_TRANSACTIONS·COORDINATOR_LOAD_IN_PROGRESS면 잠시 뒤
 *                    같은 요청을 다시 보냅니다. 어보트할 수밖에 없는 오류(OUT_OF_ORDER_SEQUENCE_NUMBER 등)면 어보트하고
 *                    에포크를 올리며(KIP-360), 펜싱되면(PRODUCER_FENCED, INVALID_PRODUCER_EPOCH) 새 인스턴스처럼 다시
 *                    InitProducerId를 보냅니다.
 *   컨슈머           파티션마다 위치에서 Fetch v12(리더 에포크와 격리 수준을 실어)를 리더에게 보내고, 받은 레코드를 역사에
 *                    적고 위치를 옮깁니다. 마커(컨트롤 배치)는 건너뜁니다. read_committed면 브로커가 LSO까지만 주고, 함께 온
 *                    어보트된 트랜잭션 목록으로 어보트된 배치를 버립니다 (`AbortedTransactionFilter`).
 *
 * 역사(`replication-checker.ts`의 `HistoryOp`)에는 보냄·성공·트랜잭션의 시작과 끝·읽음을 적습니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { decode, encode } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { produceRequest, produceResponse } from '../protocol/messages/00-produce.js';
import { fetchRequest, fetchResponse } from '../protocol/messages/01-fetch.js';
import { findCoordinatorRequest, findCoordinatorResponse } from '../protocol/messages/10-find-coordinator.js';
import { initProducerIdRequest, initProducerIdResponse } from '../protocol/messages/22-init-producer-id.js';
import {
  addPartitionsToTxnRequest,
  addPartitionsToTxnResponse,
} from '../protocol/messages/24-add-partitions-to-txn.js';
import { endTxnRequest, endTxnResponse } from '../protocol/messages/26-end-txn.js';
import { ByteReader } from '../protocol/reader.js';
import { isControl, isTransactional, lastOffsetOf } from '../record/batch-header.js';
import { ControlRecordType, endTxnMarkerOf } from '../record/control-record.js';
import { decodeBatches, encodeBatch, type RecordBatch } from '../record/record-batch.js';
import type { SimClock } from './clock.js';
import type { NodeRequest, NodeResponse, PartitionLeader } from './cluster-messages.js';
import type { SimNetwork } from './network.js';
import type { SeededRandom } from './random.js';
import type { HistoryOp } from './replication-checker.js';
import { SimClient } from './sim-client.js';

const PRODUCE_VERSION = 11;
const FETCH_VERSION = 12;
const FIND_COORDINATOR_VERSION = 3;
const INIT_PRODUCER_ID_VERSION = 4;
const ADD_PARTITIONS_VERSION = 3;
const END_TXN_VERSION = 3;
/** `request.timeout.ms` (Kafka 기본 30초를 시뮬레이터의 장애 간격에 맞춰 줄임) */
const REQUEST_TIMEOUT_MS = 5_000;
/** Produce의 timeoutMs: 브로커가 acks=all을 기다리는 상한 */
const PRODUCE_TIMEOUT_MS = 3_000;
/** `retry.backoff.ms` */
const RETRY_BACKOFF_MS = 100;

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export const partitionName = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;

/** 클라이언트가 함께 쓰는 것: 역사, 브로커 목록, 난수 */
export interface ClientContext {
  readonly clock: SimClock;
  readonly network: SimNetwork<NodeRequest, NodeResponse>;
  readonly brokerIds: readonly number[];
  readonly history: HistoryOp[];
  /** 사건의 지문에 넣을 일 */
  readonly trace: (...parts: (string | number)[]) => void;
}

/** 리더를 모르거나 리더가 답하지 않을 때 아무 브로커에게 파티션의 리더를 묻는 클라이언트 (Metadata 요청) */
export abstract class LeaderAwareClient extends SimClient<NodeRequest, NodeResponse> {
  protected readonly leaders = new Map<string, { leader: number; leaderEpoch: number }>();
  #refreshing = false;

  constructor(
    id: number,
    protected readonly context: ClientContext,
    protected readonly random: SeededRandom,
    protected readonly partitions: readonly TopicPartition[],
  ) {
    super(id, context.clock, context.network);
  }

  /** 아무 브로커에게 리더를 묻습니다 (하나만 가 있게). 답이 오면 리더 표를 고칩니다. */
  protected refreshLeaders(): void {
    if (this.#refreshing) return;
    this.#refreshing = true;
    const topics = [...new Set(this.partitions.map((p) => p.topic))];
    this.request(this.random.pick(this.context.brokerIds), { api: 'Leaders', topics }, REQUEST_TIMEOUT_MS, (o) => {
      this.#refreshing = false;
      if (!o.ok || o.response.api !== 'Leaders') return;
      for (const p of o.response.partitions) this.#learn(p);
    });
  }

  /** 답에 실린 지금의 리더(KIP-951)나 메타데이터의 리더. 더 새 리더 에포크만 받습니다. */
  protected learnLeader(tp: TopicPartition, leader: number, leaderEpoch: number): void {
    this.#learn({ ...tp, leader, leaderEpoch });
  }

  #learn(p: PartitionLeader): void {
    const key = partitionName(p);
    const known = this.leaders.get(key);
    if (p.leader < 0 || (known && known.leaderEpoch > p.leaderEpoch)) return;
    this.leaders.set(key, { leader: p.leader, leaderEpoch: p.leaderEpoch });
  }

  protected forget(tp: TopicPartition): void {
    this.leaders.delete(partitionName(tp));
    this.refreshLeaders();
  }

  /**
   * 배치 하나를 파티션 리더에게 Produce v11(acks=-1)로 보냅니다. 답이 없거나 리더를 모르면 `null`, 답이 오면 그 파티션의
   * 오류 코드와 첫 오프셋. NOT_LEADER_OR_FOLLOWER·FENCED_LEADER_EPOCH면 답에 실린 지금의 리더(KIP-951)를 배우거나 리더를
   * 잊습니다 (다시 보내는 것은 부른 쪽의 일입니다).
   */
  protected produce(
    tp: TopicPartition,
    records: Buffer,
    transactionalId: string | null,
    onResult: (result: { errorCode: number; baseOffset: number } | null) => void,
  ): void {
    const leader = this.leaders.get(partitionName(tp))?.leader;
    if (leader === undefined) {
      this.refreshLeaders();
      onResult(null);
      return;
    }
    const body = encode(produceRequest, PRODUCE_VERSION, {
      transactionalId,
      acks: -1,
      timeoutMs: PRODUCE_TIMEOUT_MS,
      topicData: [{ name: tp.topic, partitionData: [{ index: tp.partition, records }] }],
    });
    const message = { api: 'Kafka' as const, apiKey: ApiKey.Produce, apiVersion: PRODUCE_VERSION, body };
    this.request(leader, message, REQUEST_TIMEOUT_MS, (outcome) => {
      if (!outcome.ok || outcome.response.api !== 'Kafka') {
        this.forget(tp);
        onResult(null);
        return;
      }
      const response = decode(produceResponse, PRODUCE_VERSION, new ByteReader(outcome.response.body));
      const p = response.responses[0]?.partitionResponses[0];
      const errorCode = p?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
      if (errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER || errorCode === ErrorCode.FENCED_LEADER_EPOCH) {
        const current = p?.currentLeader;
        if (current && current.leaderId >= 0) this.learnLeader(tp, current.leaderId, current.leaderEpoch);
        else this.forget(tp);
      }
      onResult({ errorCode, baseOffset: Number(p?.baseOffset ?? -1) });
    });
  }
}

interface PendingBatch {
  readonly sequence: number;
  readonly value: string;
  readonly records: Buffer;
}

export interface ProducerStats {
  sent: number;
  acked: number;
  retries: number;
  /** 멱등 프로듀서가 다시 보낼 수 없는 오류 (OUT_OF_ORDER_SEQUENCE_NUMBER 등): 일어나면 회복하지 못합니다 */
  fatalErrors: number;
}

/** acks=all 멱등 프로듀서 하나 */
export class SimReplicationProducer extends LeaderAwareClient {
  readonly stats: ProducerStats = { sent: 0, acked: 0, retries: 0, fatalErrors: 0 };
  readonly #pending = new Map<string, PendingBatch>();
  readonly #nextSequence = new Map<string, number>();
  #producing = false;

  /** 아직 성공하지 못한 배치 수 (회복의 기준: 0이 되어야 합니다) */
  get pendingBatches(): number {
    return this.#pending.size;
  }

  /** 켜고 파티션마다 쓰기 시작합니다. */
  start(): void {
    this.attach();
    this.#producing = true;
    this.refreshLeaders();
    for (const tp of this.partitions) this.after(this.random.range(0, 200), () => this.#next(tp));
  }

  /** 새 배치를 만들지 않습니다 (보내던 배치는 성공할 때까지 계속 보냅니다). */
  stopProducing(): void {
    this.#producing = false;
  }

  #next(tp: TopicPartition): void {
    const key = partitionName(tp);
    if (!this.#pending.has(key)) {
      if (!this.#producing) return;
      const sequence = this.#nextSequence.get(key) ?? 0;
      this.#nextSequence.set(key, sequence + 1);
      const value = `p${this.id}-${key}-${sequence}`;
      const records = encodeBatch({
        producerId: this.id,
        producerEpoch: 0,
        baseSequence: sequence,
        records: [{ key: null, value: Buffer.from(value), timestamp: this.clock.now() }],
      });
      this.#pending.set(key, { sequence, value, records });
      this.stats.sent++;
      this.context.history.push({ kind: 'send', producer: this.id, partition: key, value });
    }
    this.#send(tp);
  }

  #send(tp: TopicPartition): void {
    const key = partitionName(tp);
    const batch = this.#pending.get(key);
    if (!batch) return;
    this.produce(tp, batch.records, null, (result) => {
      if (this.#pending.get(key) !== batch) return;
      if (result) this.context.trace('produce', this.id, key, batch.sequence, result.errorCode);
      if (result?.errorCode === ErrorCode.NONE) {
        this.#pending.delete(key);
        this.stats.acked++;
        this.context.history.push({
          kind: 'ack',
          producer: this.id,
          partition: key,
          value: batch.value,
          offset: result.baseOffset,
        });
        this.after(this.random.range(20, 300), () => this.#next(tp));
        return;
      }
      if (result && FATAL_FOR_IDEMPOTENT.has(result.errorCode)) this.stats.fatalErrors++;
      this.stats.retries++;
      this.after(RETRY_BACKOFF_MS, () => this.#send(tp));
    });
  }
}

/** 멱등 프로듀서가 다시 보내도 풀리지 않는 오류 */
const FATAL_FOR_IDEMPOTENT = new Set<number>([
  ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  ErrorCode.UNKNOWN_PRODUCER_ID,
  ErrorCode.INVALID_PRODUCER_EPOCH,
]);

/** 펜싱: 같은 트랜잭션 ID로 에포크가 올라갔습니다 (새 인스턴스나 코디네이터의 시간 초과 어보트). 새로 InitProducerId. */
const FENCED = new Set<number>([
  ErrorCode.PRODUCER_FENCED,
  ErrorCode.INVALID_PRODUCER_EPOCH,
  ErrorCode.INVALID_PRODUCER_ID_MAPPING,
]);
/**
 * 어보트할 수밖에 없는 오류 (자바 클라이언트의 abortable error): 트랜잭션을 어보트하고, 시퀀스가 어긋났을 수 있으니
 * 에포크를 올립니다 (KIP-360, `TransactionManager.bumpIdempotentEpochAndResetIdIfNeeded`).
 */
const ABORTABLE = new Set<number>([
  ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  ErrorCode.UNKNOWN_PRODUCER_ID,
  ErrorCode.TRANSACTION_ABORTABLE,
  ErrorCode.INVALID_TXN_STATE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.OPERATION_NOT_ATTEMPTED,
]);
/** 코디네이터를 다시 찾아야 하는 오류 */
const COORDINATOR_MOVED = new Set<number>([ErrorCode.NOT_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE]);
/** 잠시 뒤 같은 요청을 다시 보내면 되는 코디네이터의 오류 */
const COORDINATOR_BUSY = new Set<number>([ErrorCode.CONCURRENT_TRANSACTIONS, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS]);

export interface TransactionalProducerStats {
  sent: number;
  acked: number;
  retries: number;
  committed: number;
  aborted: number;
  /** 결과를 모른 채 그만둔 트랜잭션 (펜싱) */
  unknown: number;
  /** 펜싱되어 새로 InitProducerId를 보낸 횟수 */
  fenced: number;
}

interface OpenTransaction {
  readonly name: string;
  readonly records: readonly { readonly tp: TopicPartition; readonly value: string }[];
  /** 씨앗이 고른 끝: 커밋인지 */
  commit: boolean;
  /** 다음에 보낼 레코드 */
  next: number;
  /** EndTxn을 보냈는지 (역사의 invoke를 한 번만 적으려고) */
  ending: boolean;
}

/** 트랜잭션 프로듀서 하나 (자바 클라이언트의 `TransactionManager`가 하는 차례를 따릅니다) */
export class SimTransactionalProducer extends LeaderAwareClient {
  readonly stats: TransactionalProducerStats = {
    sent: 0,
    acked: 0,
    retries: 0,
    committed: 0,
    aborted: 0,
    unknown: 0,
    fenced: 0,
  };
  readonly transactionalId = `txn-${this.id}`;
  #producing = false;
  #coordinator: number | null = null;
  #producer: { producerId: number; producerEpoch: number } | null = null;
  /** 어보트할 수밖에 없는 오류 뒤: 다음 트랜잭션 전에 에포크를 올립니다 */
  #bumpEpoch = false;
  /** 프로듀서 에포크마다 0부터 세는 파티션별 시퀀스 */
  #sequences = new Map<string, number>();
  /** 값을 유일하게 하는 파티션별 번호 (에포크가 바뀌어도 이어 셉니다) */
  readonly #values = new Map<string, number>();
  #transactions = 0;
  #txn: OpenTransaction | null = null;

  constructor(
    id: number,
    context: ClientContext,
    random: SeededRandom,
    partitions: readonly TopicPartition[],
    private readonly config: { readonly transactionTimeoutMs: number; readonly abortRate: number },
  ) {
    super(id, context, random, partitions);
    // 코디네이터와는 TCP 연결 하나: 요청이 두 번 닿지 않습니다 (`SimNetwork.neverDuplicate`).
    context.network.neverDuplicate(id);
  }

  /** 끝나지 않은 트랜잭션이 있으면 1 (회복의 기준: 0이 되어야 합니다) */
  get pendingBatches(): number {
    return this.#txn ? 1 : 0;
  }

  start(): void {
    this.attach();
    this.#producing = true;
    this.refreshLeaders();
    this.after(this.random.range(0, 200), () => this.#step());
  }

  /** 새 트랜잭션을 시작하지 않습니다 (진행 중인 트랜잭션은 골라 둔 대로 끝냅니다). */
  stopProducing(): void {
    this.#producing = false;
  }

  /** 다음 할 일: 프로듀서 ID가 없거나 에포크를 올려야 하면 InitProducerId, 아니면 새 트랜잭션 */
  #step(): void {
    if (!this.#producer || this.#bumpEpoch) {
      if (this.#producing || this.#txn) this.#initProducerId();
      return;
    }
    if (this.#txn || !this.#producing) return;
    const n = this.#transactions++;
    const count = this.random.range(1, 3);
    const records = Array.from({ length: count }, () => {
      const tp = this.random.pick(this.partitions);
      const key = partitionName(tp);
      const number = this.#values.get(key) ?? 0;
      this.#values.set(key, number + 1);
      return { tp, value: `p${this.id}-${key}-${number}` };
    });
    const txn = {
      name: `p${this.id}-t${n}`,
      records,
      commit: !this.random.chance(this.config.abortRate),
      next: 0,
      ending: false,
    };
    this.#txn = txn;
    this.context.history.push({ kind: 'txn-begin', producer: this.id, txn: txn.name });
    this.#addPartitions(txn);
  }

  #initProducerId(): void {
    // 에포크를 올릴 때는 지금의 ID와 에포크를 싣습니다 (KIP-360). 펜싱된 뒤에는 새 인스턴스처럼 -1, -1.
    const current = this.#bumpEpoch ? this.#producer : null;
    this.#callCoordinator(
      ApiKey.InitProducerId,
      INIT_PRODUCER_ID_VERSION,
      encode(initProducerIdRequest, INIT_PRODUCER_ID_VERSION, {
        transactionalId: this.transactionalId,
        transactionTimeoutMs: this.config.transactionTimeoutMs,
        producerId: current?.producerId ?? -1,
        producerEpoch: current?.producerEpoch ?? -1,
      }),
      (body) => decode(initProducerIdResponse, INIT_PRODUCER_ID_VERSION, new ByteReader(body)).errorCode,
      (body) => {
        const response = decode(initProducerIdResponse, INIT_PRODUCER_ID_VERSION, new ByteReader(body));
        if (response.errorCode === ErrorCode.NONE) {
          this.#producer = { producerId: response.producerId, producerEpoch: response.producerEpoch };
          this.#bumpEpoch = false;
          this.#sequences = new Map();
          this.#step();
        } else if (FENCED.has(response.errorCode)) {
          this.#fenced();
        } else {
          this.after(RETRY_BACKOFF_MS, () => this.#initProducerId());
        }
      },
    );
  }

  #addPartitions(txn: OpenTransaction): void {
    const producer = this.#producer;
    if (!producer) return;
    const byTopic = new Map<string, Set<number>>();
    for (const { tp } of txn.records) byTopic.set(tp.topic, (byTopic.get(tp.topic) ?? new Set()).add(tp.partition));
    const errorOf = (body: Buffer) => {
      const response = decode(addPartitionsToTxnResponse, ADD_PARTITIONS_VERSION, new ByteReader(body));
      const codes = response.resultsByTopicV3AndBelow.flatMap((t) =>
        t.resultsByPartition.map((p) => p.partitionErrorCode),
      );
      return codes.find((code) => code !== ErrorCode.NONE) ?? ErrorCode.NONE;
    };
    this.#callCoordinator(
      ApiKey.AddPartitionsToTxn,
      ADD_PARTITIONS_VERSION,
      encode(addPartitionsToTxnRequest, ADD_PARTITIONS_VERSION, {
        transactions: [],
        v3AndBelowTransactionalId: this.transactionalId,
        v3AndBelowProducerId: producer.producerId,
        v3AndBelowProducerEpoch: producer.producerEpoch,
        v3AndBelowTopics: [...byTopic].map(([name, partitions]) => ({ name, partitions: [...partitions] })),
      }),
      errorOf,
      (body) => this.#afterError(errorOf(body), () => this.#produceNext(txn)),
    );
  }

  #produceNext(txn: OpenTransaction): void {
    const producer = this.#producer;
    const record = txn.records[txn.next];
    if (this.#txn !== txn || !producer) return;
    if (!record) {
      this.#end(txn);
      return;
    }
    const key = partitionName(record.tp);
    const sequence = this.#sequences.get(key) ?? 0;
    const batch = encodeBatch({
      ...producer,
      baseSequence: sequence,
      isTransactional: true,
      records: [{ key: null, value: Buffer.from(record.value), timestamp: this.clock.now() }],
    });
    this.stats.sent++;
    const history = { producer: this.id, partition: key, value: record.value, txn: txn.name };
    this.context.history.push({ kind: 'send', ...history });
    // 같은 배치를 같은 시퀀스로 성공할 때까지 보냅니다 (Produce의 시간 초과로는 트랜잭션을 버리지 않습니다: 늦게 닿은
    // 배치가 어보트 마커 뒤에 쓰이면 끝나지 않는 트랜잭션이 남으니까요).
    const send = () =>
      this.produce(record.tp, batch, this.transactionalId, (result) => {
        if (this.#txn !== txn) return;
        if (result) this.context.trace('produce', this.id, key, sequence, result.errorCode);
        if (result?.errorCode === ErrorCode.NONE) {
          this.#sequences.set(key, sequence + 1);
          this.stats.acked++;
          this.context.history.push({ kind: 'ack', ...history, offset: result.baseOffset });
          txn.next++;
          this.#produceNext(txn);
          return;
        }
        if (result && (FENCED.has(result.errorCode) || ABORTABLE.has(result.errorCode))) {
          this.#afterError(result.errorCode, () => {});
          return;
        }
        this.stats.retries++;
        this.after(RETRY_BACKOFF_MS, send);
      });
    send();
  }

  /** EndTxn: 보낸 적이 없으면 역사에 invoke를 적고, NONE이면 결과가 정해집니다. */
  #end(txn: OpenTransaction): void {
    const producer = this.#producer;
    if (!producer) return;
    const result = txn.commit ? 'commit' : 'abort';
    if (!txn.ending) {
      txn.ending = true;
      this.context.history.push({ kind: 'txn-end', producer: this.id, txn: txn.name, result, outcome: 'invoke' });
    }
    const errorOf = (body: Buffer) => decode(endTxnResponse, END_TXN_VERSION, new ByteReader(body)).errorCode;
    this.#callCoordinator(
      ApiKey.EndTxn,
      END_TXN_VERSION,
      encode(endTxnRequest, END_TXN_VERSION, {
        transactionalId: this.transactionalId,
        ...producer,
        committed: txn.commit,
      }),
      errorOf,
      (body) => {
        if (this.#txn !== txn) return;
        const errorCode = errorOf(body);
        this.context.trace('end-txn', this.id, txn.name, result, errorCode);
        if (errorCode !== ErrorCode.NONE) {
          // 다른 결과로 이미 끝났거나(INVALID_TXN_STATE: 코디네이터가 시간 초과로 어보트) 펜싱됨: 결과를 모릅니다.
          this.#fenced();
          return;
        }
        this.context.history.push({ kind: 'txn-end', producer: this.id, txn: txn.name, result, outcome: 'ok' });
        if (txn.commit) this.stats.committed++;
        else this.stats.aborted++;
        this.#txn = null;
        this.after(this.random.range(20, 300), () => this.#step());
      },
    );
  }

  /** 오류 코드에 따라: NONE이면 `next`, 펜싱이면 새 인스턴스로, 어보트할 수밖에 없으면 어보트하고 에포크를 올림 */
  #afterError(errorCode: number, next: () => void): void {
    const txn = this.#txn;
    if (errorCode === ErrorCode.NONE) next();
    else if (FENCED.has(errorCode) || !txn || txn.ending) this.#fenced();
    else {
      txn.commit = false;
      this.#bumpEpoch = true;
      this.#end(txn);
    }
  }

  /** 펜싱: 진행 중인 트랜잭션의 결과는 모르는 채로 두고, 새 인스턴스처럼 다시 InitProducerId를 보냅니다. */
  #fenced(): void {
    const txn = this.#txn;
    if (txn) {
      const result = txn.ending && txn.commit ? 'commit' : 'abort';
      this.context.history.push({ kind: 'txn-end', producer: this.id, txn: txn.name, result, outcome: 'unknown' });
      this.stats.unknown++;
    }
    this.stats.fenced++;
    this.#txn = null;
    this.#producer = null;
    this.#bumpEpoch = false;
    this.after(RETRY_BACKOFF_MS, () => this.#step());
  }

  /**
   * 코디네이터에게 요청을 보냅니다. 코디네이터를 모르거나 옮겨 갔으면(NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, 답 없음)
   * FindCoordinator로 다시 찾고, 바쁘면(CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS) 잠시 뒤 같은 요청을 다시
   * 보냅니다. 그 밖의 답은 `onResponse`로.
   */
  #callCoordinator(
    apiKey: number,
    apiVersion: number,
    body: Buffer,
    errorOf: (response: Buffer) => number,
    onResponse: (response: Buffer) => void,
  ): void {
    const retry = () =>
      this.after(RETRY_BACKOFF_MS, () => this.#callCoordinator(apiKey, apiVersion, body, errorOf, onResponse));
    const coordinator = this.#coordinator;
    if (coordinator === null) {
      this.#findCoordinator(retry);
      return;
    }
    this.request(coordinator, { api: 'Kafka', apiKey, apiVersion, body }, REQUEST_TIMEOUT_MS, (outcome) => {
      if (!outcome.ok || outcome.response.api !== 'Kafka') {
        this.#coordinator = null;
        retry();
        return;
      }
      const errorCode = errorOf(outcome.response.body);
      if (COORDINATOR_MOVED.has(errorCode)) this.#coordinator = null;
      if (COORDINATOR_MOVED.has(errorCode) || COORDINATOR_BUSY.has(errorCode)) {
        this.stats.retries++;
        retry();
        return;
      }
      onResponse(outcome.response.body);
    });
  }

  /** FindCoordinator(keyType 1)를 아무 브로커에게. 답을 받으면(찾았든 못 찾았든) `then` */
  #findCoordinator(then: () => void): void {
    const body = encode(findCoordinatorRequest, FIND_COORDINATOR_VERSION, {
      key: this.transactionalId,
      keyType: 1,
      coordinatorKeys: [],
    });
    const message = {
      api: 'Kafka' as const,
      apiKey: ApiKey.FindCoordinator,
      apiVersion: FIND_COORDINATOR_VERSION,
      body,
    };
    this.request(this.random.pick(this.context.brokerIds), message, REQUEST_TIMEOUT_MS, (outcome) => {
      if (outcome.ok && outcome.response.api === 'Kafka') {
        const response = decode(
          findCoordinatorResponse,
          FIND_COORDINATOR_VERSION,
          new ByteReader(outcome.response.body),
        );
        if (response.errorCode === ErrorCode.NONE && response.nodeId >= 0) this.#coordinator = response.nodeId;
      }
      then();
    });
  }
}

/**
 * read_committed 컨슈머가 어보트된 배치를 버리는 규칙 (Kafka 자바 클라이언트의 `CompletedFetch.nextFetchedRecord`,
 * kafkajs의 `filterAbortedMessages`): Fetch 응답의 어보트된 트랜잭션 목록(프로듀서 ID, 첫 오프셋)을 첫 오프셋 순으로 두고,
 * 배치의 마지막 오프셋까지 시작한 어보트 트랜잭션의 프로듀서를 "어보트 중"으로 둡니다. 그 프로듀서의 트랜잭션 배치는
 * 버리고, 그 프로듀서의 ABORT 마커를 만나면 "어보트 중"에서 뺍니다.
 */
export class AbortedTransactionFilter {
  readonly #remaining: { producerId: number; firstOffset: number }[];
  readonly #aborting = new Set<number>();

  constructor(abortedTransactions: readonly { readonly producerId: number; readonly firstOffset: number }[]) {
    this.#remaining = [...abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /** 이 배치를 버려야 하는지 (마커 배치는 언제나 버립니다: 컨슈머에게 보이지 않습니다) */
  skips(batch: RecordBatch): boolean {
    const { header } = batch;
    if (!isTransactional(header)) return isControl(header);
    while ((this.#remaining[0]?.firstOffset ?? Number.POSITIVE_INFINITY) <= lastOffsetOf(header)) {
      this.#aborting.add((this.#remaining.shift() as { producerId: number }).producerId);
    }
    if (isControl(header)) {
      if (endTxnMarkerOf(batch)?.type === ControlRecordType.Abort) this.#aborting.delete(header.producerId);
      return true;
    }
    return this.#aborting.has(header.producerId);
  }
}

/** 컨슈머 하나: 파티션마다 처음부터 끝까지 차례로 읽습니다 */
export class SimReplicationConsumer extends LeaderAwareClient {
  readonly #positions = new Map<string, number>();
  reads = 0;

  constructor(
    id: number,
    context: ClientContext,
    random: SeededRandom,
    partitions: readonly TopicPartition[],
    readonly isolation: 'read_committed' | 'read_uncommitted',
  ) {
    super(id, context, random, partitions);
  }

  position(tp: TopicPartition): number {
    return this.#positions.get(partitionName(tp)) ?? 0;
  }

  start(): void {
    this.attach();
    this.refreshLeaders();
    for (const tp of this.partitions) this.after(this.random.range(0, 200), () => this.#fetch(tp));
  }

  #fetch(tp: TopicPartition): void {
    const key = partitionName(tp);
    const known = this.leaders.get(key);
    if (!known) {
      this.refreshLeaders();
      this.after(RETRY_BACKOFF_MS, () => this.#fetch(tp));
      return;
    }
    const position = this.position(tp);
    const readCommitted = this.isolation === 'read_committed';
    const body = encode(fetchRequest, FETCH_VERSION, {
      replicaId: -1,
      maxWaitMs: 200,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: readCommitted ? 1 : 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: tp.topic,
          partitions: [
            {
              partition: tp.partition,
              currentLeaderEpoch: known.leaderEpoch,
              fetchOffset: position,
              lastFetchedEpoch: -1,
              logStartOffset: -1,
              partitionMaxBytes: 1 << 20,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    this.request(
      known.leader,
      { api: 'Kafka', apiKey: ApiKey.Fetch, apiVersion: FETCH_VERSION, body },
      REQUEST_TIMEOUT_MS,
      (outcome) => {
        if (this.position(tp) !== position) return;
        if (!outcome.ok || outcome.response.api !== 'Kafka') {
          this.forget(tp);
          this.after(RETRY_BACKOFF_MS, () => this.#fetch(tp));
          return;
        }
        const response = decode(fetchResponse, FETCH_VERSION, new ByteReader(outcome.response.body));
        const p = response.responses[0]?.partitions[0];
        if (!p || p.errorCode !== ErrorCode.NONE) {
          this.forget(tp);
          this.after(RETRY_BACKOFF_MS, () => this.#fetch(tp));
          return;
        }
        const filter = new AbortedTransactionFilter(readCommitted ? (p.abortedTransactions ?? []) : []);
        let next = position;
        for (const batch of p.records ? decodeBatches(p.records) : []) {
          const end = lastOffsetOf(batch.header) + 1;
          if (end <= next) continue;
          if (!filter.skips(batch)) {
            for (const record of batch.records) {
              if (record.offset < next) continue;
              this.reads++;
              this.context.history.push({
                kind: 'read',
                consumer: this.id,
                partition: key,
                offset: record.offset,
                value: Buffer.from(record.value ?? []).toString(),
                highWatermark: p.highWatermark,
                isolation: this.isolation,
                ...(readCommitted && { lastStableOffset: p.lastStableOffset }),
              });
            }
          }
          next = end;
        }
        this.#positions.set(key, next);
        this.context.trace('fetch', this.id, key, position, next);
        this.after(next > position ? 0 : 50, () => this.#fetch(tp));
      },
    );
  }
}
