/**
 * 복제 시뮬레이터: 클러스터 판(`cluster-simulation.ts`)의 컨트롤러와 브로커 위에, 브로커마다 **진짜 파티션 복제**를
 * 얹습니다. 브로커는 켤 때마다 파티션 로그(`LogManager`)와 `ReplicaManager`(그 안의 `Partition`, `ReplicaFetcherManager`,
 * `ReplicaFetcher`)를 만들고, 커밋된 메타데이터로 리더·팔로워 역할을 받고, 진짜 API 핸들러(`handleProduce`,
 * `handleFetch`)로 프로듀서·컨슈머·팔로워의 요청에 답합니다. 리더는 ISR 변경을 AlterPartition으로 활성 컨트롤러
 * (`QuorumController`)에게 제안합니다. 요청과 응답은 와이어 형식의 본문으로 가상 네트워크를 지납니다.
 *
 * 브로커는 트랜잭션 코디네이터도 돌립니다: 진짜 브로커(`BrokerServer`)와 같은 `createTransactionService`가 장부를
 * `__transaction_state`(복제 계수 3, 최소 ISR 2)에 acks=all로 쓰고, 장부 파티션의 리더 자리를 따라가며(`followCoordinatorTopic`),
 * 마커를 `TransactionMarkerChannelManager`로 파티션 리더에게 WriteTxnMarkers로 보냅니다. 진짜 핸들러(FindCoordinator,
 * InitProducerId, AddPartitionsToTxn, EndTxn, WriteTxnMarkers)가 답합니다.
 *
 * 진짜 노드와 다른 것 (시뮬레이터의 이음매):
 *   - 전송: 팔로워의 Fetch, AlterPartition, WriteTxnMarkers, 코디네이터가 컨트롤러에게 보내는 CreateTopics와
 *     AllocateProducerIds는 TCP 대신 가상 네트워크로 갑니다 (`ReplicaManager`가 받는 `Transport`와 `alterPartition` 함수,
 *     마커 채널의 `send`가 곧 이음매입니다). 답이 오지 않으면 요청 시간 제한으로 끊긴 것으로 칩니다 (`NetworkClient`처럼).
 *   - 시계: 브로커의 한 세대(켜져 있는 동안)마다 따로 타이머를 셉니다 (`IncarnationClock`). 죽으면 그 세대의 타이머는 모두
 *     사라집니다: 죽은 프로세스의 퍼거토리가 나중에 깨어나 답하거나 파일을 읽지 않게요.
 *   - 디스크: 파티션 로그는 진짜 파일 시스템(임시 디렉터리)에 씁니다. 브로커의 죽음은 kill -9라서 쓴 내용은 운영체제의
 *     페이지 캐시에 남습니다 (Kafka가 기대는 것: 플러시하지 않고 복제본 여럿에 기댐). 닫지 않고 멈추므로 다시 켜면 깨끗하지
 *     않은 종료로 복구합니다. 컨트롤러와 브로커의 메타데이터 로그는 다른 판처럼 가상 디스크라, 죽으면 sync하지 않은 쓰기를 잃습니다.
 *   - Promise: `ReplicaManager`의 acks=all 기다림과 Fetch 롱 폴링은 Promise입니다. 걸음마다 microtask를 비우므로
 *     (`#settle`) 그 후속 작업은 그 걸음 안에서, 언제나 같은 순서로 돕니다.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { produceApi } from '../apis/00-produce.js';
import { fetchApi } from '../apis/01-fetch.js';
import { findCoordinatorApi } from '../apis/10-find-coordinator.js';
import { initProducerIdApi } from '../apis/22-init-producer-id.js';
import { addPartitionsToTxnApi } from '../apis/24-add-partitions-to-txn.js';
import { endTxnApi } from '../apis/26-end-txn.js';
import { writeTxnMarkers, writeTxnMarkersApi } from '../apis/27-write-txn-markers.js';
import { type ApiDefinition, NO_RESPONSE, type RequestContext } from '../apis/api.js';
import type { BrokerContext } from '../apis/broker-context.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import type { TopicOutcome } from '../metadata/controller.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { NewTopic } from '../metadata/topic-control.js';
import { createTransactionService, followCoordinatorTopic } from '../node/broker-server.js';
import { ProducerIdManager } from '../producer/producer-id-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { decode, encode } from '../protocol/codec.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { type FetchRequestInput, fetchRequest, fetchResponse } from '../protocol/messages/01-fetch.js';
import {
  type WriteTxnMarkersResponse,
  writeTxnMarkersRequest,
  writeTxnMarkersResponse,
} from '../protocol/messages/27-write-txn-markers.js';
import { alterPartitionRequest, alterPartitionResponse } from '../protocol/messages/56-alter-partition.js';
import {
  type AllocateProducerIdsResponse,
  allocateProducerIdsRequest,
  allocateProducerIdsResponse,
} from '../protocol/messages/67-allocate-producer-ids.js';
import { ByteReader } from '../protocol/reader.js';
import type { ApplyOp } from '../raft/ready.js';
import type { OffsetAndEpoch } from '../raft/types.js';
import type { AlterPartitionProposal } from '../replication/partition.js';
import { err, ok } from '../result.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { Reply, Transport } from '../runtime/transport.js';
import {
  ALTER_PARTITION_VERSION,
  buildAlterPartitionRequest,
  readAlterPartitionAnswer,
} from '../server/alter-partition-manager.js';
import { BrokerConfig } from '../server/config.js';
import type { ConnectionInfo } from '../server/connection.js';
import { createLogger } from '../server/logger.js';
import type { FollowerLogPosition } from '../server/replica-fetcher-manager.js';
import { type AlterPartitionAnswer, ReplicaManager } from '../server/replica-manager.js';
import { LogManager } from '../storage/log-manager.js';
import { readAllRecords } from '../storage/log-reader.js';
import { TRANSACTION_STATE_TOPIC } from '../transaction/transaction-log.js';
import { TransactionMarkerChannelManager } from '../transaction/transaction-marker-channel.js';
import type { NodeClock } from './clock.js';
import type {
  BrokerApiRequest,
  BrokerApiResponse,
  NodeRequest,
  NodeResponse,
  PartitionLeader,
} from './cluster-messages.js';
import type { BrokerParts, SimBrokerNode } from './cluster-nodes.js';
import { ClusterSimulation } from './cluster-simulation.js';
import type { SeededRandom } from './random.js';
import {
  type FinalPartition,
  type HistoryOp,
  type LogRecord,
  logRecordsOf,
  type ReplicaLog,
} from './replication-checker.js';
import { partitionName, type TopicPartition } from './replication-clients.js';
import { Trace } from './trace.js';

/** 이 판의 토픽 설정: 복제 계수 3, `min.insync.replicas=2`, unclean 선거는 꺼짐 (컨트롤러의 기본값) */
export const REPLICATION_FACTOR = 3;
export const MIN_INSYNC_REPLICAS = 2;
/** 팔로워 Fetch와 AlterPartition의 요청 시간 제한 (Kafka `replica.socket.timeout.ms` 30초를 장애 간격에 맞춰 줄임) */
const REPLICA_REQUEST_TIMEOUT_MS = 5_000;
/** AlterPartition을 다시 보내기 전의 대기 */
const ALTER_PARTITION_RETRY_BACKOFF_MS = 500;
/** 브로커의 `LogManager.tick` 간격 (하이 워터마크 체크포인트는 그 안에서 5초마다) */
const LOG_TICK_MS = 1_000;
/**
 * `broker.session.timeout.ms`: Kafka 기본(9초)보다 짧게 해 (하트비트는 기본 2초 그대로), 죽은 브로커가 소란 안에서
 * 펜싱되고 그 파티션의 리더가 옮겨 가게 합니다 (리더 교체와 unclean 선거의 갈림길이 소란 안에 들어옵니다).
 */
const BROKER_SESSION = { sessionTimeoutMs: 4_000, heartbeatIntervalMs: 2_000 };
/** 메타데이터를 따라잡았는지(한살이가 STARTING을 지났는지) 보는 간격 */
const CATCH_UP_POLL_MS = 50;
/** 마커를 다시 보내기 전의 대기 (진짜 브로커의 `MARKER_RETRY_BACKOFF_MS`와 같음) */
const MARKER_RETRY_BACKOFF_MS = 100;
/**
 * 트랜잭션 코디네이터의 설정: 장부(`__transaction_state`)는 프로세스 셋 시험(`quorumNodeEnv`)처럼 복제 계수 3, 최소 ISR 2로
 * 복제합니다. 파티션은 2개(Kafka 기본 50개는 시뮬레이터에서 복제할 것만 늘립니다), 장부 쓰기와 마커가 복제를 기다리는
 * `request.timeout.ms`는 프로듀서의 Produce 시간 제한처럼 3초, 시간이 지난 트랜잭션을 찾는 주기는 1초입니다.
 */
const coordinatorConfig = (nodeId: number) =>
  new BrokerConfig(
    new Map(
      Object.entries({
        'node.id': String(nodeId),
        'transaction.state.log.num.partitions': '2',
        'transaction.state.log.replication.factor': String(REPLICATION_FACTOR),
        'transaction.state.log.min.isr': String(MIN_INSYNC_REPLICAS),
        'request.timeout.ms': '3000',
        'transaction.abort.timed.out.transaction.cleanup.interval.ms': '1000',
      }).map(([name, value]) => [name, { value, source: 'file' as const }]),
    ),
  );
/** 시뮬레이터의 브로커가 답하는 Kafka API: 프로듀서와 컨슈머, 팔로워의 Fetch, 트랜잭션, 코디네이터가 보내는 마커 */
const BROKER_APIS = new Map<number, ApiDefinition>(
  [
    produceApi,
    fetchApi,
    findCoordinatorApi,
    initProducerIdApi,
    addPartitionsToTxnApi,
    endTxnApi,
    writeTxnMarkersApi,
  ].map((api) => [api.key, api]),
);

export interface ReplicationTiming {
  /** `replica.lag.time.max.ms` (Kafka 기본 30초; 시뮬레이터는 소란 안에서 ISR이 줄고 늘게 짧게) */
  readonly replicaLagTimeMaxMs: number;
  /** `replica.fetch.wait.max.ms` */
  readonly replicaFetchWaitMaxMs: number;
  /** `replica.fetch.backoff.ms` */
  readonly replicaFetchBackoffMs: number;
}

export interface ReplicationCounters {
  /** 팔로워가 갈라진 꼬리를 잘라 낸 횟수와 잘라 낸 레코드 수 */
  truncations: number;
  truncatedRecords: number;
  /** 커밋된 PartitionChangeRecord 가운데 리더를 바꾼 것, 그 가운데 직전 ISR 밖의 복제본을 뽑은 것 */
  leaderChanges: number;
  uncleanElections: number;
  /** 커밋된 ISR 변경 (리더 선거가 아닌 PartitionChangeRecord) */
  isrChanges: number;
}

/**
 * 브로커의 한 세대의 시계: 노드의 시계를 그대로 읽고, 타이머만 따로 셉니다. `close`하면 걸어 둔 타이머를 모두 거두고
 * 새 타이머도 받지 않습니다 (죽은 프로세스는 아무 일도 하지 않습니다).
 */
class IncarnationClock implements Clock {
  readonly #timers = new Set<TimerHandle>();
  #closed = false;

  constructor(private readonly node: NodeClock) {}

  get closed(): boolean {
    return this.#closed;
  }

  now(): number {
    return this.node.now();
  }

  monotonicMs(): number {
    return this.node.monotonicMs();
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    if (this.#closed) return { id: -1 };
    const handle = this.node.schedule(delayMs, () => {
      this.#timers.delete(handle);
      fn();
    });
    this.#timers.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle): void {
    this.#timers.delete(handle);
    this.node.cancel(handle);
  }

  close(): void {
    this.#closed = true;
    for (const handle of this.#timers) this.node.cancel(handle);
    this.#timers.clear();
  }
}

/** 잘라 내기를 세는 `ReplicaManager` (관찰만 합니다: 결정은 그대로) */
class ObservedReplicaManager extends ReplicaManager {
  onTruncate: (records: number) => void = () => {};

  override truncateOnDivergingEpoch(
    topic: string,
    partition: number,
    diverging: OffsetAndEpoch,
    fetchOffset: number,
  ): FollowerLogPosition | null {
    const before = this.partition(topic, partition)?.log.logEndOffset;
    const position = super.truncateOnDivergingEpoch(topic, partition, diverging, fetchOffset);
    if (position && before !== undefined) this.onTruncate(before - position.logEndOffset);
    return position;
  }
}

/** 켜져 있는 브로커 하나의 복제 부품 */
interface BrokerReplication {
  readonly replicaManager: ReplicaManager;
  readonly logs: LogManager;
  readonly image: ClusterMetadata;
}

export interface ReplicationSimulationOptions {
  readonly controllers: number;
  readonly brokers: number;
  readonly random: SeededRandom;
  readonly timing: ReplicationTiming;
  readonly fetchMaxRecords: number;
}

export class ReplicationSimulation {
  readonly cluster: ClusterSimulation;
  readonly history: HistoryOp[] = [];
  readonly trace = new Trace();
  readonly counters: ReplicationCounters = {
    truncations: 0,
    truncatedRecords: 0,
    leaderChanges: 0,
    uncleanElections: 0,
    isrChanges: 0,
  };
  /** 브로커 ID → 지금 켜져 있는 세대의 복제 부품 */
  readonly #running = new Map<number, BrokerReplication>();
  readonly #dataDir: string;
  readonly #timing: ReplicationTiming;
  /** 진짜 코드가 Promise 안에서 던진 예외: 다음 걸음에서 던집니다 */
  #failure: unknown = null;
  /** 커밋된 메타데이터를 한 번씩만 세려고: 지금까지 본 끝 오프셋과 파티션마다 (리더, ISR) */
  #appliedEnd = 0;
  readonly #topicNames = new Map<string, string>();
  readonly #partitionStates = new Map<string, { leader: number; isr: readonly number[] }>();

  constructor(options: ReplicationSimulationOptions) {
    this.#timing = options.timing;
    // 로그는 진짜 파일입니다. 메모리 위의 파일 시스템(/dev/shm)이 있으면 그쪽이 빠릅니다.
    const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    this.#dataDir = fs.mkdtempSync(path.join(base, 'replication-sim-'));
    this.cluster = new ClusterSimulation({
      controllers: options.controllers,
      brokers: options.brokers,
      random: options.random,
      quorum: { fetchMaxRecords: options.fetchMaxRecords },
      timing: BROKER_SESSION,
      checkMetadata: false,
      brokerServices: (node, parts) => this.#brokerServices(node, parts),
      onApply: (_nodeId, op) => this.#countChanges(op),
    });
  }

  /** 임시 디렉터리를 지웁니다 (씨앗이 끝날 때 꼭) */
  dispose(): void {
    for (const node of this.cluster.brokers) node.stop();
    fs.rmSync(this.#dataDir, { recursive: true, force: true });
  }

  replication(brokerId: number): BrokerReplication | undefined {
    return this.#running.get(brokerId);
  }

  /** 사건을 하나 돌리고(쿼럼의 안전성 검사 포함), 그 사건이 깨운 Promise의 후속 작업을 마저 돌립니다. */
  async step(): Promise<boolean> {
    if (!this.cluster.step()) return false;
    await this.#settle();
    if (this.#failure) throw this.#failure;
    return true;
  }

  async runUntil(condition: () => boolean, maxMs: number): Promise<boolean> {
    const deadline = this.cluster.clock.now() + maxMs;
    while (!condition()) {
      const next = this.cluster.clock.peekTime();
      if (next === null || next > deadline) return false;
      await this.step();
    }
    return true;
  }

  async runFor(ms: number): Promise<void> {
    const deadline = this.cluster.clock.now() + ms;
    for (let next = this.cluster.clock.peekTime(); next !== null && next <= deadline; ) {
      await this.step();
      next = this.cluster.clock.peekTime();
    }
  }

  /** 이미지가 아는 파티션의 리더 상태 (켜진 브로커 아무나의 이미지 가운데 가장 새 것) */
  partitionState(tp: TopicPartition) {
    let best: ReturnType<ClusterMetadata['partition']>;
    for (const node of this.cluster.brokers) {
      const p = node.parts?.image.partition(tp.topic, tp.partition);
      if (p && (!best || p.partitionEpoch > best.partitionEpoch)) best = p;
    }
    return best;
  }

  /** 토픽의 파티션들 (켜진 브로커의 이미지에서) */
  partitionsOf(topic: string): TopicPartition[] {
    for (const node of this.cluster.brokers) {
      const t = node.parts?.image.topic(topic);
      if (t) return t.partitions.map((p) => ({ topic, partition: p.partitionId }));
    }
    return [];
  }

  /** 복제본 하나의 로그 전체와 하이 워터마크 (검사기에 넘길 것) */
  replicaLog(brokerId: number, tp: TopicPartition): (ReplicaLog & { logEndOffset: number }) | null {
    const log = this.#running.get(brokerId)?.logs.getLog(tp.topic, tp.partition);
    if (!log) return null;
    const records: LogRecord[] = [];
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const { records: bytes } = log.read(offset, 1 << 30, true, log.logEndOffset);
      const before = offset;
      for (const r of logRecordsOf(bytes, offset)) {
        records.push(r);
        offset = r.offset + 1;
      }
      if (offset === before) break;
    }
    return { broker: brokerId, records, highWatermark: log.highWatermark, logEndOffset: log.logEndOffset };
  }

  /**
   * 회복 뒤의 파티션들: 리더의 로그와 팔로워들의 로그. `partial`이면 회복하지 못한 채 보는 것이라, 리더가 없는 파티션은
   * 건너뛰고 리더의 로그 전체(하이 워터마크가 아직 따라오지 않았을 수 있으니 로그 끝까지)를 커밋된 것으로 봅니다.
   */
  finalPartitions(partitions: readonly TopicPartition[], partial = false): FinalPartition[] {
    return partitions.flatMap((tp) => {
      const state = this.partitionState(tp);
      const found = state ? this.replicaLog(state.leader, tp) : null;
      if (!state || !found) {
        if (partial) return [];
        throw new Error(`${partitionName(tp)}: 리더의 로그가 없습니다`);
      }
      const leader = partial ? { ...found, highWatermark: found.logEndOffset } : found;
      // 회복하지 못했으면 팔로워의 커밋된 앞부분은 리더의 하이 워터마크까지로 봅니다 (잠잠한 동안 잘라 냈어야 할 꼬리).
      const followers = state.replicas
        .filter((id) => id !== state.leader)
        .flatMap((id) => this.replicaLog(id, tp) ?? [])
        .map((f) => (partial ? { ...f, highWatermark: Math.min(found.highWatermark, f.logEndOffset) } : f));
      return { partition: partitionName(tp), leader, followers };
    });
  }

  /**
   * 걸음이 깨운 Promise의 후속 작업 (acks=all 완료, Fetch 롱 폴링의 답)을 마저 돌립니다. 핸들러의 await 사슬은 몇 단계라
   * 여덟 번 양보하면 충분합니다. 더 긴 사슬이 있어도 남은 것은 다음 걸음에서 돌 뿐이고, microtask는 들어온 순서대로
   * 돌므로 결정성은 그대로입니다 (입출력이 없으니 끼어들 것이 없습니다: 파일 쓰기와 읽기는 모두 동기입니다).
   */
  async #settle(): Promise<void> {
    for (let i = 0; i < 8; i++) await null;
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
  }

  /** 커밋된 PartitionRecord·PartitionChangeRecord로 리더 교체, unclean 선거, ISR 변경을 셉니다 (레코드마다 한 번). */
  #countChanges(op: ApplyOp<MetadataRecord>): void {
    if (op.kind !== 'commit') return;
    for (const entry of op.entries) {
      if (entry.offset < this.#appliedEnd) continue;
      this.#appliedEnd = entry.offset + 1;
      if (entry.record.type !== 'data') continue;
      const record = entry.record.data;
      if (record.type === 'TopicRecord') this.#topicNames.set(record.topicId, record.name);
      if (record.type === 'PartitionRecord') {
        this.#partitionStates.set(`${record.topicId}-${record.partitionId}`, {
          leader: record.leader,
          isr: record.isr,
        });
      }
      if (record.type !== 'PartitionChangeRecord') continue;
      const key = `${record.topicId}-${record.partitionId}`;
      const before = this.#partitionStates.get(key);
      if (!before) continue;
      const leader = record.leader ?? before.leader;
      if (leader !== before.leader && leader >= 0) {
        this.counters.leaderChanges++;
        if (!before.isr.includes(leader)) this.counters.uncleanElections++;
        this.trace.add('leader', this.#topicNames.get(record.topicId) ?? record.topicId, record.partitionId, leader);
      } else if (record.isr) {
        this.counters.isrChanges++;
      }
      this.#partitionStates.set(key, { leader, isr: record.isr ?? before.isr });
    }
  }

  /** 브로커를 켤 때마다: 파티션 로그와 `ReplicaManager`를 만들고, 메타데이터와 네트워크에 잇습니다. */
  #brokerServices(node: SimBrokerNode, parts: BrokerParts): Pick<BrokerParts, 'serve' | 'close'> {
    const clock = new IncarnationClock(node.clock);
    const alive = () => !clock.closed;
    const logs = new LogManager({
      logDir: path.join(this.#dataDir, `broker-${node.id}`),
      now: () => clock.now(),
      // 배치마다 오프셋 색인 항목을 둡니다 (기본 4096바이트마다): 팔로워와 컨슈머의 Fetch가 세그먼트를 훑지 않게 해
      // 시뮬레이션을 빠르게 합니다. 읽는 결과는 같습니다.
      defaultConfig: { indexIntervalBytes: 1 },
      newUniqueId: () => `${node.id}x${node.incarnation}x${clock.monotonicMs()}`,
    });
    logs.startup();

    /** 답이나 요청 시간 제한 가운데 먼저 온 하나만 (`NetworkClient`처럼). 죽은 세대는 보내지도 받지도 않습니다. */
    const request = (destination: number, message: NodeRequest, onReply: (reply: Reply<NodeResponse>) => void) => {
      if (!alive()) return;
      let done = false;
      const finish = (reply: Reply<NodeResponse>) => {
        if (done || !alive()) return;
        done = true;
        clock.cancel(timer);
        onReply(reply);
      };
      const timer = clock.schedule(REPLICA_REQUEST_TIMEOUT_MS, () => finish(err('DISCONNECTED')));
      node.send(destination, message, finish);
    };

    // 이음매 1: 팔로워의 Fetch가 리더 브로커에게 가는 전송. 진짜 노드의 `NetworkClient`처럼 요청을 와이어 형식으로
    // 인코딩해 보내고 응답을 디코딩해 돌려줍니다. 팔로워가 보내는 것은 Fetch뿐입니다.
    const fetchTransport: Transport<ApiRequest, unknown> = {
      send: (destination, apiRequest, onReply) => {
        if (apiRequest.apiKey !== ApiKey.Fetch) throw new Error(`팔로워는 Fetch만 보냅니다 (${apiRequest.apiKey})`);
        const version = apiRequest.apiVersion;
        const body = encode(fetchRequest, version, apiRequest.body as FetchRequestInput);
        request(destination, { api: 'Kafka', apiKey: ApiKey.Fetch, apiVersion: version, body }, (reply) => {
          if (!reply.ok || reply.response.api !== 'Kafka') onReply(err('DISCONNECTED'));
          else onReply(ok({ response: decode(fetchResponse, version, new ByteReader(reply.response.body)) }));
        });
      },
    };

    /** 활성 컨트롤러(관찰자로서 아는 쿼럼의 리더)에게 보냅니다. 모르면 null로 곧바로 답합니다. */
    const toController = (message: NodeRequest, onReply: (response: NodeResponse | null) => void) => {
      const controller = node.driver?.client.leaderId ?? null;
      if (controller === null) return onReply(null);
      request(controller, message, (reply) => onReply(reply.ok ? reply.response : null));
    };

    // 이음매 2: ISR 변경 제안을 활성 컨트롤러에게. 요청을 만들고 답을 읽는 일은 진짜 노드와 같은
    // `server/alter-partition-manager.ts`이고, 전송만 가상 네트워크입니다.
    const alterPartition = (proposal: AlterPartitionProposal) =>
      new Promise<AlterPartitionAnswer>((resolve) => {
        const topicId = parts.image.topic(proposal.topic)?.topicId;
        if (!topicId) return resolve(err(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        if (node.driver?.client.leaderId === null) {
          clock.schedule(ALTER_PARTITION_RETRY_BACKOFF_MS, () => resolve(err(ErrorCode.NOT_CONTROLLER)));
          return;
        }
        const apiVersion = ALTER_PARTITION_VERSION;
        const input = buildAlterPartitionRequest(node.id, parts.lifecycle.brokerEpoch, topicId, proposal);
        const body = encode(alterPartitionRequest, apiVersion, input);
        toController({ api: 'Kafka', apiKey: ApiKey.AlterPartition, apiVersion, body }, (response) => {
          if (response?.api !== 'Kafka') return resolve(err(ErrorCode.REQUEST_TIMED_OUT));
          resolve(
            readAlterPartitionAnswer(
              decode(alterPartitionResponse, apiVersion, new ByteReader(response.body)),
              topicId,
            ),
          );
        });
      });

    const replicaManager = new ObservedReplicaManager(
      node.id,
      parts.image,
      logs,
      () => ({}),
      () => MIN_INSYNC_REPLICAS,
      createLogger('silent'),
      clock,
      {
        replicaLagTimeMaxMs: this.#timing.replicaLagTimeMaxMs,
        brokerEpoch: () => parts.lifecycle.brokerEpoch,
        fetch: {
          transport: fetchTransport,
          config: {
            partitionMaxBytes: 1 << 20,
            responseMaxBytes: 10 << 20,
            maxWaitMs: this.#timing.replicaFetchWaitMaxMs,
            minBytes: 1,
            backoffMs: this.#timing.replicaFetchBackoffMs,
          },
        },
        alterPartition,
        alterPartitionRetryBackoffMs: ALTER_PARTITION_RETRY_BACKOFF_MS,
      },
    );
    // 이음매 3: 트랜잭션 코디네이터. 진짜 브로커(`BrokerServer`)와 같은 `createTransactionService`로 장부를
    // `__transaction_state`에 acks=all로 쓰고, 토픽 만들기(CreateTopics)와 프로듀서 ID 묶음(AllocateProducerIds)은 활성
    // 컨트롤러에게, 마커(WriteTxnMarkers)는 파티션 리더에게 가상 네트워크로 보냅니다 (Kafka `TransactionMarkerChannelManager`).
    // 리더가 이 브로커면 진짜 브로커처럼 소켓 없이 같은 핸들러를 부릅니다.
    const createTopics = (topics: readonly NewTopic[]) =>
      new Promise<TopicOutcome[]>((resolve) =>
        toController({ api: 'CreateTopics', topics }, (response) =>
          resolve(
            response?.api === 'CreateTopics'
              ? [...response.outcomes]
              : topics.map(({ name }) => ({ name, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null })),
          ),
        ),
      );
    const producerIds = new ProducerIdManager(
      () =>
        new Promise<number>((resolve, reject) => {
          const body = encode(allocateProducerIdsRequest, 0, {
            brokerId: node.id,
            brokerEpoch: parts.lifecycle.brokerEpoch,
          });
          toController({ api: 'Kafka', apiKey: ApiKey.AllocateProducerIds, apiVersion: 0, body }, (response) => {
            const answer: AllocateProducerIdsResponse | null =
              response?.api === 'Kafka' ? decode(allocateProducerIdsResponse, 0, new ByteReader(response.body)) : null;
            if (answer?.errorCode === ErrorCode.NONE) resolve(answer.producerIdStart);
            else
              reject(new KafkaError(answer?.errorCode ?? ErrorCode.REQUEST_TIMED_OUT, '프로듀서 ID를 받지 못했습니다'));
          });
        }),
    );
    const log = createLogger('silent');
    const markers = new TransactionMarkerChannelManager({
      leaderOf: (topic, partition) => {
        const state = parts.image.partition(topic, partition);
        if (!state) return undefined;
        return state.leader < 0 ? null : state.leader;
      },
      send: (destination, input) => {
        if (destination === node.id) return writeTxnMarkers(broker, input) as Promise<WriteTxnMarkersResponse>;
        const body = encode(writeTxnMarkersRequest, 1, input);
        return new Promise((resolve) =>
          request(destination, { api: 'Kafka', apiKey: ApiKey.WriteTxnMarkers, apiVersion: 1, body }, (reply) =>
            resolve(
              reply.ok && reply.response.api === 'Kafka'
                ? decode(writeTxnMarkersResponse, 1, new ByteReader(reply.response.body))
                : null,
            ),
          ),
        );
      },
      sleep: (ms) => new Promise((resolve) => clock.schedule(ms, resolve)),
      retryBackoffMs: MARKER_RETRY_BACKOFF_MS,
      log,
    });
    const now = () => clock.now();
    const config = coordinatorConfig(node.id);
    const transactions = createTransactionService(
      {
        config,
        metadata: parts.image,
        createTopics,
        replicaManager,
        log,
        now,
        monotonicMs: () => clock.monotonicMs(),
      },
      markers,
      () => producerIds.generate(),
    );
    /** 코디네이터가 장부 파티션의 리더 자리를 따라갑니다 (진짜 브로커의 `#followCoordinatorPartitions`와 같은 함수) */
    const followLedger = () => {
      const loaded = followCoordinatorTopic(
        parts.image,
        logs,
        node.id,
        TRANSACTION_STATE_TOPIC,
        (partition, epoch, partitionLog) => transactions.onElection(partition, epoch, readAllRecords(partitionLog)),
        (partition) => transactions.onResignation(partition),
      );
      if (loaded) transactions.resumePrepared();
    };

    replicaManager.onTruncate = (records) => {
      if (records <= 0) return;
      this.counters.truncations++;
      this.counters.truncatedRecords += records;
      this.trace.add('truncate', node.id, records);
    };
    // 진짜 노드(`BrokerServer.publish`, `markCaughtUp`)처럼 컨트롤러가 따라잡았다고 답할 때까지(한살이가 RECOVERY가 될 때까지)
    // 로그를 건드리지 않고, 따라잡으면 한 번에 맞춥니다: 반쯤 다시 읽은 메타데이터로 맞추면 아직 모르는 토픽의 로그를 지웁니다.
    let caughtUp = false;
    parts.listener.onPublish((delta) => {
      if (!alive() || !caughtUp) return;
      if (delta.fromSnapshot) replicaManager.reconcile();
      else replicaManager.applyMetadata(delta.records);
      followLedger();
    });
    const every = (ms: number, fn: () => void) =>
      clock.schedule(ms, () => {
        fn();
        every(ms, fn);
      });
    const waitForCatchUp = () => {
      const state = parts.lifecycle.state;
      if (state === 'NOT_RUNNING' || state === 'STARTING') {
        clock.schedule(CATCH_UP_POLL_MS, waitForCatchUp);
        return;
      }
      caughtUp = true;
      replicaManager.reconcile();
      followLedger();
    };
    waitForCatchUp();
    // Kafka `ReplicaManager.startup`: ISR 검사는 replica.lag.time.max.ms의 절반마다
    every(this.#timing.replicaLagTimeMaxMs / 2, () => replicaManager.maybeShrinkIsr());
    every(LOG_TICK_MS, () => logs.tick(clock.now()));
    // 시간이 지난 트랜잭션을 어보트하고, 마커를 못 쓴 트랜잭션을 다시 시도합니다 (진짜 브로커의 `startTimers`처럼).
    every(config.int('transaction.abort.timed.out.transaction.cleanup.interval.ms'), () =>
      transactions.tick(clock.now()),
    );
    this.#running.set(node.id, { replicaManager, logs, image: parts.image });

    // 진짜 핸들러가 쓰는 브로커 부품 (코디네이터 둘 가운데 그룹 코디네이터는 이 판에 없습니다)
    const broker = {
      nodeId: node.id,
      config,
      metadata: parts.image,
      replicaManager,
      transactions,
      producerIds,
      // 인가기 없음(`authorizer.class.name`이 빔): 진짜 브로커의 기본값처럼 모든 요청을 허용합니다
      authorizer: null,
      log,
      now,
    } as unknown as BrokerContext;
    // 클라이언트는 모두 브로커 리스너(PLAINTEXT)로 들어온 것으로 칩니다 (KIP-951의 리더 주소, FindCoordinator의 주소).
    const connection: ConnectionInfo = { id: `sim-${node.id}`, listener: 'PLAINTEXT', remote: '' };
    const contextFor = (apiVersion: number) => ({ apiVersion, broker, connection }) as unknown as RequestContext;

    const serve = (_source: number, message: BrokerApiRequest, respond: (response: BrokerApiResponse) => void) => {
      if (!alive()) return;
      if (message.api === 'Leaders') {
        respond({ api: 'Leaders', partitions: leadersIn(parts.image, message.topics) });
        return;
      }
      const api = BROKER_APIS.get(message.apiKey);
      if (!api) return;
      const version = message.apiVersion;
      const decoded = decode(api.request, version, new ByteReader(message.body));
      Promise.resolve(api.handle(decoded as never, contextFor(version))).then((response) => {
        if (alive() && response !== NO_RESPONSE)
          respond({ api: 'Kafka', body: encode(api.response, version, response) });
      }, this.#fail.bind(this));
    };

    const close = () => {
      // kill -9: 플러시도 체크포인트도 깨끗한 종료 표시도 없이, 열린 파일만 닫습니다.
      clock.close();
      markers.close();
      replicaManager.shutdown();
      for (const log of logs.allLogs()) log.close();
      if (this.#running.get(node.id)?.replicaManager === replicaManager) this.#running.delete(node.id);
    };
    return { serve, close };
  }
}

/** Metadata 응답 가운데 클라이언트가 쓰는 부분: 파티션마다 리더와 리더 에포크 */
function leadersIn(image: ClusterMetadata, topics: readonly string[]): PartitionLeader[] {
  return topics.flatMap((topic) =>
    (image.topic(topic)?.partitions ?? []).map((p) => ({
      topic,
      partition: p.partitionId,
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
    })),
  );
}
