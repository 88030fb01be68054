/**
 * 클러스터 시뮬레이션의 노드 셋: 컨트롤러(쿼럼의 투표자 + `QuorumController`), 브로커(쿼럼의 관찰자 + 메타데이터
 * 이미지 + `BrokerLifecycleManager`), 관리 클라이언트(CreateTopics/DeleteTopics를 컨트롤러에 보냄). 모두 진짜 코드를
 * 가상 시계·네트워크·디스크 위에서 돌립니다. 진짜 프로세스의 노드 조립(`../node/`)이 하는 일을 시뮬레이터 안에서
 * 작게 하는 것입니다: 들어온 요청을 알맞은 부품에 넘기고, 부품이 말한 때에 타이머를 겁니다.
 */
import { QuorumController } from '../controller/quorum-controller.js';
import type {
  BrokerLifecycleManager,
  CommunicationFailure,
  LifecycleRequest,
} from '../metadata/broker-lifecycle-manager.js';
import type { BrokerMetadataListener } from '../metadata/broker-metadata-listener.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { NewTopic } from '../metadata/topic-control.js';
import { PRODUCER_ID_BLOCK_SIZE } from '../producer/producer-id-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { decode, encode } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { alterPartitionRequest, alterPartitionResponse } from '../protocol/messages/56-alter-partition.js';
import {
  allocateProducerIdsRequest,
  allocateProducerIdsResponse,
} from '../protocol/messages/67-allocate-producer-ids.js';
import { ByteReader } from '../protocol/reader.js';
import { KafkaMetadataLog } from '../raft/kafka-metadata-log.js';
import type { RaftRequest, RaftResponse } from '../raft/messages.js';
import { KafkaRaftClientDriver, type RaftListener } from '../raft/raft-driver.js';
import type { ApplyOp } from '../raft/ready.js';
import type { QuorumConfig } from '../raft/types.js';
import { err, ok, type Result } from '../result.js';
import type { TimerHandle } from '../runtime/clock.js';
import { randomKafkaUuid } from '../runtime/random.js';
import type { Reply, RequestHandler, Transport } from '../runtime/transport.js';
import type { NodeClock, SimClock } from './clock.js';
import {
  type BrokerApiRequest,
  type BrokerApiResponse,
  type ControllerApiRequest,
  type ControllerApiResponse,
  isControllerApiResponse,
  isRaftRequest,
  isRaftResponse,
  type NodeRequest,
  type NodeResponse,
} from './cluster-messages.js';
import type { SimDisk } from './disk.js';
import type { SimNetwork } from './network.js';
import { SIM_LOG_RETENTION } from './quorum-simulation.js';
import type { SeededRandom } from './random.js';

/** 노드들이 함께 쓰는 것 */
export interface ClusterContext {
  readonly clock: SimClock;
  readonly network: SimNetwork<NodeRequest, NodeResponse>;
  readonly random: SeededRandom;
  readonly quorum: QuorumConfig;
  readonly timing: ClusterTiming;
  readonly controllerIds: readonly number[];
  /** 커밋된 레코드를 적용하기 직전에 (안전성 검사) */
  readonly onApply: (nodeId: number, op: ApplyOp<MetadataRecord>) => void;
}

/** 클러스터의 시간 설정 (이름은 Kafka 설정) */
export interface ClusterTiming {
  /** `broker.session.timeout.ms` */
  readonly sessionTimeoutMs: number;
  /** `broker.heartbeat.interval.ms` */
  readonly heartbeatIntervalMs: number;
  /** `initial.broker.registration.timeout.ms` */
  readonly initialRegistrationTimeoutMs: number;
  /** `leader.imbalance.check.interval.seconds`를 ms로 (시뮬레이터는 기본값 300초보다 짧게 씁니다) */
  readonly leaderImbalanceCheckIntervalMs: number;
  /** 이만큼 적용할 때마다 컨트롤러가 스냅숏을 만듭니다 (0이면 만들지 않음) */
  readonly snapshotEvery: number;
}

/** 쿼럼이 아닌 요청: 컨트롤러의 API와 브로커의 API */
type ServiceHandler = RequestHandler<
  ControllerApiRequest | BrokerApiRequest,
  ControllerApiResponse | BrokerApiResponse
>;

/** 한 노드의 쿼럼 드라이버를 네트워크에 잇습니다. 쿼럼이 아닌 요청은 `other`가 받습니다. */
function attach(
  context: ClusterContext,
  id: number,
  raftHandler: RequestHandler<RaftRequest, RaftResponse<MetadataRecord>>,
  other: ServiceHandler,
): { raft: Transport<RaftRequest, RaftResponse<MetadataRecord>>; node: Transport<NodeRequest, NodeResponse> } {
  const node = context.network.attach(id, (source, request, respond) => {
    if (isRaftRequest(request)) raftHandler(source, request, respond);
    else other(source, request, respond);
  });
  const raft: Transport<RaftRequest, RaftResponse<MetadataRecord>> = {
    send: (destination, request, onReply) =>
      node.send(destination, request, (reply) => {
        if (reply.ok && !isRaftResponse(reply.response)) throw new Error(`${request.api} 요청에 다른 답이 왔습니다`);
        onReply(reply as Result<{ response: RaftResponse<MetadataRecord> }, 'DISCONNECTED'>);
      }),
  };
  return { raft, node };
}

/**
 * 드라이버를 만드는 동안(생성자 안에서) 커밋된 레코드가 나올 수 있습니다 (투표자가 하나면 곧바로 리더가 되어
 * 커밋합니다). 그때는 아직 노드가 드라이버를 쥐고 있지 않아 컨트롤러가 쿼럼의 리더를 물을 수 없으니, 노드가
 * 드라이버를 받은 뒤(`flush`)에 넘깁니다.
 */
function startDriver(
  context: ClusterContext,
  id: number,
  clock: NodeClock,
  disk: SimDisk,
  incarnation: number,
  listener: RaftListener<MetadataRecord>,
  other: ServiceHandler,
  onShutdownComplete: () => void,
): {
  driver: KafkaRaftClientDriver<MetadataRecord>;
  transport: Transport<NodeRequest, NodeResponse>;
  flush: () => void;
} {
  const early: ApplyOp<MetadataRecord>[] = [];
  let started = false;
  let transport: Transport<NodeRequest, NodeResponse> | null = null;
  const driver = new KafkaRaftClientDriver<MetadataRecord>({
    localId: id,
    config: context.quorum,
    clock,
    random: context.random.fork(100 + id, incarnation),
    disk,
    log: new KafkaMetadataLog<MetadataRecord>(disk, { clock, ...SIM_LOG_RETENTION }),
    logCleanerIntervalMs: SIM_LOG_RETENTION.logCleanerIntervalMs,
    connect: (handler) => {
      const attached = attach(context, id, handler, other);
      transport = attached.node;
      return attached.raft;
    },
    listener: { apply: (op) => (started ? listener.apply(op) : early.push(op)) },
    onShutdownComplete,
  });
  if (!transport) throw new Error('드라이버가 네트워크에 붙지 않았습니다');
  const flush = () => {
    started = true;
    for (const op of early.splice(0)) listener.apply(op);
  };
  return { driver, transport, flush };
}

// ---------------------------------------------------------------------------------------------
// 컨트롤러
// ---------------------------------------------------------------------------------------------

export class SimControllerNode {
  driver: KafkaRaftClientDriver<MetadataRecord> | null = null;
  controller: QuorumController | null = null;
  incarnation = 0;
  /** 활성이 된 때 (이 노드의 단조 시계) */
  activeSinceMs = Number.NEGATIVE_INFINITY;
  /** 브로커마다 등록·하트비트가 마지막으로 닿은 때 (이 노드의 단조 시계) */
  readonly lastContactMs = new Map<number, number>();
  /** 우아한 종료를 시작했지만 아직 끝나지 않았는지 */
  shuttingDown = false;
  #timer: TimerHandle | null = null;
  #snapshotEnd = 0;

  constructor(
    readonly id: number,
    readonly clock: NodeClock,
    public disk: SimDisk,
    private readonly context: ClusterContext,
  ) {}

  get running(): boolean {
    return this.driver !== null;
  }

  start(): void {
    if (this.driver) return;
    this.incarnation++;
    this.activeSinceMs = Number.NEGATIVE_INFINITY;
    this.lastContactMs.clear();
    const ids = this.context.random.fork(200 + this.id, this.incarnation);
    const controller = new QuorumController({
      nodeId: this.id,
      clusterId: this.context.quorum.clusterId,
      raft: {
        // 진짜 노드(`KafkaNode`)와 같은 답: 물러나는 중인 리더도 자기를 리더로 답합니다 (`QuorumState.leaderAndEpoch`).
        leaderAndEpoch: () => this.driver?.client.leaderAndEpoch() ?? { leaderId: null, epoch: -1 },
        append: (epoch, records) => {
          const driver = this.driver;
          if (!driver || driver.client.epoch !== epoch) return err('FENCED_EPOCH');
          return driver.append(records);
        },
      },
      clock: this.clock,
      sessionTimeoutMs: this.context.timing.sessionTimeoutMs,
      // 시뮬레이터는 SCRAM 사용자를 만들지 않습니다. 해시(Node의 crypto)를 끌어오지 않도록 부르면 알리고 멈춥니다.
      scramCredentialOf: () => {
        throw new Error('시뮬레이터는 AlterUserScramCredentials를 다루지 않습니다');
      },
      leaderImbalanceCheckIntervalMs: this.context.timing.leaderImbalanceCheckIntervalMs,
      topicDefaults: () => ({ numPartitions: 1, replicationFactor: 1 }),
      // Kafka의 토픽 ID 꼴(URL-safe base64 22자): 복제 판은 와이어 형식으로 주고받으므로 UUID로 읽히는 값이어야 합니다.
      newTopicId: () => randomKafkaUuid(ids),
      random: this.context.random.fork(300 + this.id, this.incarnation),
    });
    this.controller = controller;
    this.#snapshotEnd = 0;
    const { driver, flush } = startDriver(
      this.context,
      this.id,
      this.clock,
      this.disk,
      this.incarnation,
      { apply: (op) => this.#apply(controller, op) },
      (_source, request, respond) => this.#handle(controller, request, respond),
      () => {
        if (this.controller === controller) this.stop();
      },
    );
    this.driver = driver;
    flush();
    this.reschedule();
  }

  /** 우아한 종료: 쿼럼의 리더면 물러나며 EndQuorumEpoch를 보내고, 끝나면 꺼집니다. */
  shutdown(timeoutMs: number): void {
    if (!this.driver) return;
    this.shuttingDown = true;
    this.driver.shutdown(timeoutMs);
  }

  /** 프로세스가 멈춥니다 (죽음이든 우아한 종료가 끝났든). 디스크는 부르는 쪽이 다룹니다. */
  stop(): void {
    this.shuttingDown = false;
    this.driver?.stop();
    this.driver = null;
    this.controller = null;
    if (this.#timer) this.context.clock.cancel(this.#timer);
    this.#timer = null;
    this.context.network.detach(this.id);
  }

  /** 컨트롤러의 다음 tick을 겁니다 (사건마다). 방금 tick했다면 적어도 1ms 뒤에 겁니다 (제자리 맴돌기 방지). */
  reschedule(minDelayMs = 0): void {
    if (this.#timer) this.context.clock.cancel(this.#timer);
    this.#timer = null;
    const controller = this.controller;
    if (!controller) return;
    const next = controller.nextTickAtMs();
    if (!Number.isFinite(next)) return;
    this.#timer = this.context.clock.schedule(Math.max(minDelayMs, next - this.clock.monotonicMs()), () => {
      this.#timer = null;
      if (this.controller !== controller) return;
      controller.tick();
      this.reschedule(1);
    });
  }

  #apply(controller: QuorumController, op: ApplyOp<MetadataRecord>): void {
    this.context.onApply(this.id, op);
    const claimEpoch = controller.claimEpoch;
    controller.apply(op);
    // 활성이 되는 것은 자기 LeaderChange 레코드를 적용할 때뿐입니다 (`QuorumController.apply`).
    if (controller.isActive && controller.claimEpoch !== claimEpoch) this.activeSinceMs = this.clock.monotonicMs();
    const { snapshotEvery } = this.context.timing;
    if (snapshotEvery > 0 && controller.lastCommittedOffset + 1 - this.#snapshotEnd >= snapshotEvery) {
      const snapshot = controller.snapshot();
      if (this.driver?.createSnapshot(snapshot.endOffset, snapshot.records).ok) this.#snapshotEnd = snapshot.endOffset;
    }
    this.reschedule();
  }

  #handle(
    controller: QuorumController,
    request: ControllerApiRequest | BrokerApiRequest,
    respond: (response: ControllerApiResponse | BrokerApiResponse) => void,
  ): void {
    switch (request.api) {
      case 'Kafka':
        // 컨트롤러 리스너의 Kafka API 가운데 복제 판이 쓰는 것: 파티션 리더의 AlterPartition (ISR 변경 제안), 트랜잭션
        // 코디네이터가 새 프로듀서 ID 묶음을 받는 AllocateProducerIds (`apis/67-allocate-producer-ids.ts`와 같은 답)
        if (request.apiKey === ApiKey.AlterPartition) {
          const decoded = decode(alterPartitionRequest, request.apiVersion, new ByteReader(request.body));
          controller.alterPartition(decoded, request.apiVersion, (response) =>
            respond({ api: 'Kafka', body: encode(alterPartitionResponse, request.apiVersion, response) }),
          );
        } else if (request.apiKey === ApiKey.AllocateProducerIds) {
          const decoded = decode(allocateProducerIdsRequest, request.apiVersion, new ByteReader(request.body));
          controller.allocateProducerIds(decoded.brokerId, decoded.brokerEpoch, PRODUCER_ID_BLOCK_SIZE, (result) => {
            const response = result.ok
              ? { producerIdStart: result.firstProducerId, producerIdLen: PRODUCER_ID_BLOCK_SIZE, errorCode: 0 }
              : { producerIdStart: -1, producerIdLen: -1, errorCode: result.error };
            respond({
              api: 'Kafka',
              body: encode(allocateProducerIdsResponse, request.apiVersion, { throttleTimeMs: 0, ...response }),
            });
          });
        }
        break;
      case 'Leaders':
        break; // 클라이언트의 메타데이터 요청은 브로커가 받습니다
      case 'BrokerRegistration':
        this.lastContactMs.set(request.request.brokerId, this.clock.monotonicMs());
        controller.registerBroker(request.request, (response) => respond({ api: 'BrokerRegistration', response }));
        break;
      case 'BrokerHeartbeat':
        this.lastContactMs.set(request.request.brokerId, this.clock.monotonicMs());
        controller.processBrokerHeartbeat(request.request, (response) => respond({ api: 'BrokerHeartbeat', response }));
        break;
      case 'CreateTopics':
        controller.createTopics(request.topics, false, (outcomes) => respond({ api: 'CreateTopics', outcomes }));
        break;
      case 'DeleteTopics':
        controller.deleteTopics(request.names, (outcomes) => respond({ api: 'DeleteTopics', outcomes }));
        break;
    }
    this.reschedule();
  }
}

// ---------------------------------------------------------------------------------------------
// 브로커
// ---------------------------------------------------------------------------------------------

/** 브로커 노드를 켤 때마다 새로 만드는 부품 (Kafka의 `BrokerServer`가 켜질 때 만드는 것) */
export interface BrokerParts {
  readonly image: ClusterMetadata;
  readonly listener: BrokerMetadataListener;
  readonly lifecycle: BrokerLifecycleManager;
  /** 브로커 리스너의 요청을 받는 곳 (복제 판: Produce, Fetch). 없으면 받지 않습니다. */
  readonly serve?: RequestHandler<BrokerApiRequest, BrokerApiResponse>;
  /** 프로세스가 멈출 때 (죽음이든 스스로 꺼짐이든): 파일을 닫고 이 세대의 타이머를 거둡니다 */
  readonly close?: () => void;
}

export class SimBrokerNode {
  driver: KafkaRaftClientDriver<MetadataRecord> | null = null;
  parts: BrokerParts | null = null;
  incarnation = 0;
  #transport: Transport<NodeRequest, NodeResponse> | null = null;
  #timer: TimerHandle | null = null;
  /** 답을 기다리는 요청의 번호 (늦게 온 답, 두 번 온 답을 버리려고) */
  #inFlight = 0;
  /** 이번 세대에서 펜싱을 풀어 달라고 했는지 */
  #readyToUnfence = false;

  constructor(
    readonly id: number,
    readonly clock: NodeClock,
    public disk: SimDisk,
    private readonly context: ClusterContext,
    /** 켤 때마다 부품을 만듭니다 */
    private readonly build: (node: SimBrokerNode) => BrokerParts,
    /** 브로커가 스스로 꺼졌을 때 (제어된 종료가 끝남, 등록의 시간 제한) */
    private readonly onShutDown: (node: SimBrokerNode) => void,
  ) {}

  get running(): boolean {
    return this.driver !== null;
  }

  start(): void {
    if (this.driver) return;
    this.incarnation++;
    this.#readyToUnfence = false;
    const parts = this.build(this);
    this.parts = parts;
    const { driver, transport, flush } = startDriver(
      this.context,
      this.id,
      this.clock,
      this.disk,
      this.incarnation,
      parts.listener,
      (source, request, respond) => {
        // 브로커는 브로커 리스너의 요청만 받습니다 (컨트롤러의 API는 받지 않음)
        if (request.api === 'Kafka' || request.api === 'Leaders') parts.serve?.(source, request, respond);
      },
      () => {}, // 브로커의 쿼럼 클라이언트는 우아한 종료를 하지 않습니다 (관찰자)
    );
    this.driver = driver;
    this.#transport = transport;
    flush();
    parts.lifecycle.start(this.clock.monotonicMs(), () => parts.image.offset);
    this.reschedule();
  }

  stop(): void {
    this.driver?.stop();
    this.parts?.close?.();
    this.driver = null;
    this.parts = null;
    this.#transport = null;
    this.#inFlight++;
    if (this.#timer) this.context.clock.cancel(this.#timer);
    this.#timer = null;
    this.context.network.detach(this.id);
  }

  /** 다른 노드에게 요청을 보냅니다 (복제 판의 팔로워 Fetch와 AlterPartition). 꺼져 있으면 보내지 않습니다. */
  send(destination: number, request: NodeRequest, onReply: (reply: Reply<NodeResponse>) => void): void {
    this.#transport?.send(destination, request, onReply);
  }

  /** 제어된 종료를 시작합니다 (Kafka: SIGTERM을 받은 브로커). */
  beginControlledShutdown(): void {
    this.parts?.lifecycle.beginControlledShutdown(this.clock.monotonicMs());
    this.#poll();
  }

  reschedule(): void {
    if (this.#timer) this.context.clock.cancel(this.#timer);
    this.#timer = null;
    const lifecycle = this.parts?.lifecycle;
    if (!lifecycle) return;
    const next = lifecycle.nextPollAtMs();
    if (!Number.isFinite(next)) return;
    this.#timer = this.context.clock.schedule(Math.max(0, next - this.clock.monotonicMs()), () => {
      this.#timer = null;
      this.#poll();
    });
  }

  /** 한살이가 보낼 것을 보내고, 상태에 따라 할 일을 합니다. */
  #poll(): void {
    const parts = this.parts;
    if (!parts) return;
    const { lifecycle } = parts;
    const now = this.clock.monotonicMs();
    const outbound = lifecycle.poll(now);
    if (outbound) this.#send(outbound, lifecycle);
    // 로그를 복구할 것이 없으니 따라잡자마자 펜싱을 풀어 달라고 합니다 (Kafka `BrokerServer.startup`).
    if (lifecycle.state === 'RECOVERY' && !this.#readyToUnfence) {
      this.#readyToUnfence = true;
      lifecycle.setReadyToUnfence(now);
    }
    if (lifecycle.state === 'SHUTTING_DOWN') {
      this.onShutDown(this);
      return;
    }
    this.reschedule();
  }

  /** 활성 컨트롤러(관찰자로서 아는 쿼럼의 리더)에게 보내고, 답이나 시간 제한을 기다립니다. */
  #send(outbound: LifecycleRequest, lifecycle: BrokerLifecycleManager): void {
    const token = ++this.#inFlight;
    const finish = (reply: Result<{ response: NodeResponse }, CommunicationFailure>) => {
      if (token !== this.#inFlight || this.parts?.lifecycle !== lifecycle) return;
      this.#inFlight++;
      const now = this.clock.monotonicMs();
      const response = reply.ok ? reply.response : null;
      if (outbound.api === 'BrokerRegistration') {
        lifecycle.handleRegistrationResponse(
          response?.api === 'BrokerRegistration' ? ok({ response: response.response }) : err(failureOf(reply)),
          now,
        );
      } else {
        lifecycle.handleHeartbeatResponse(
          response?.api === 'BrokerHeartbeat' ? ok({ response: response.response }) : err(failureOf(reply)),
          now,
        );
      }
      this.#poll();
    };
    const leader = this.driver?.client.leaderId ?? null;
    if (leader === null || !this.context.controllerIds.includes(leader) || !this.#transport) {
      this.context.clock.schedule(0, () => finish(err('NO_CONTROLLER')));
      return;
    }
    // 하트비트 채널의 시간 제한은 세션 시간 제한의 절반입니다 (Kafka `BrokerServer`, KAFKA-14392).
    this.context.clock.schedule(this.context.timing.sessionTimeoutMs / 2, () => finish(err('TIMEOUT')));
    this.#transport.send(leader, outbound, finish);
  }
}

/** 답을 받지 못한 까닭. 답은 왔는데 다른 API의 답이면(일어나지 않아야 합니다) 끊긴 것으로 칩니다. */
function failureOf(reply: Result<object, CommunicationFailure>): CommunicationFailure {
  return reply.ok ? 'DISCONNECTED' : reply.error;
}

// ---------------------------------------------------------------------------------------------
// 관리 클라이언트
// ---------------------------------------------------------------------------------------------

/** 관리 클라이언트가 한 일 (보고와 검사용) */
export interface AdminCallbacks {
  readonly onCreateAcknowledged: (topic: string) => void;
}

/** 관리 클라이언트의 요청 시간 제한 */
const ADMIN_REQUEST_TIMEOUT_MS = 5_000;

/**
 * CreateTopics와 DeleteTopics를 컨트롤러에 보내는 관리 클라이언트 (Kafka의 Admin이 KIP-919로 컨트롤러에 직접
 * 붙는 것과 같습니다). 어느 컨트롤러가 활성인지 모르므로 고른 컨트롤러에 보내고, NOT_CONTROLLER나 시간 제한이면
 * 다음에 다른 컨트롤러를 고릅니다.
 */
export class SimAdminClient {
  readonly created: string[] = [];
  #transport: Transport<NodeRequest, NodeResponse>;
  #target: number | null = null;
  #nextTopic = 0;
  #busy = false;

  constructor(
    readonly id: number,
    private readonly context: ClusterContext,
    private readonly random: SeededRandom,
    private readonly callbacks: AdminCallbacks,
  ) {
    this.#transport = context.network.attach(id, () => {});
  }

  /** 토픽 하나를 만들라고 보냅니다 (복제 계수는 1~3에서 고름). 답이 오면(성공이든 실패든) `done` */
  createTopic(
    brokerCount: number,
    done: (ok: boolean) => void = () => {},
    replicationFactor = this.random.range(1, Math.max(1, Math.min(3, brokerCount))),
  ): void {
    const name = `t${this.#nextTopic++}`;
    const topic: NewTopic = {
      name,
      numPartitions: this.random.range(1, 3),
      replicationFactor,
      assignments: [],
      configs: [],
    };
    this.#call({ api: 'CreateTopics', topics: [topic] }, (response) => {
      const outcome = response?.api === 'CreateTopics' ? response.outcomes[0] : undefined;
      if (outcome?.errorCode === ErrorCode.NONE) {
        this.created.push(name);
        this.callbacks.onCreateAcknowledged(name);
      }
      done(outcome?.errorCode === ErrorCode.NONE);
    });
  }

  /** 만든 토픽 하나를 지우라고 보냅니다. */
  deleteTopic(): void {
    const name = this.created.length > 0 ? this.random.pick(this.created) : undefined;
    if (name === undefined) return;
    this.#call({ api: 'DeleteTopics', names: [name] }, (response) => {
      if (response?.api === 'DeleteTopics' && response.outcomes[0]?.errorCode === ErrorCode.NONE) {
        this.created.splice(this.created.indexOf(name), 1);
      }
    });
  }

  /** 이 간격으로 토픽을 만들고 가끔 지웁니다. */
  runEvery(minMs: number, maxMs: number, brokerCount: number, until: () => boolean): void {
    const next = () =>
      this.context.clock.schedule(this.random.range(minMs, maxMs), () => {
        if (until()) return;
        if (!this.#busy) {
          if (this.random.chance(0.2)) this.deleteTopic();
          else this.createTopic(brokerCount);
        }
        next();
      });
    next();
  }

  #call(request: ControllerApiRequest, done: (response: ControllerApiResponse | null) => void): void {
    this.#busy = true;
    let finished = false;
    const finish = (response: ControllerApiResponse | null) => {
      if (finished) return;
      finished = true;
      this.#busy = false;
      const outcome =
        response?.api === 'CreateTopics' || response?.api === 'DeleteTopics' ? response.outcomes[0] : undefined;
      if (!response || outcome?.errorCode === ErrorCode.NOT_CONTROLLER) this.#target = null;
      done(response);
    };
    const target = this.#target ?? this.random.pick(this.context.controllerIds);
    this.#target = target;
    this.context.clock.schedule(ADMIN_REQUEST_TIMEOUT_MS, () => finish(null));
    this.#transport.send(target, request, (reply) =>
      finish(reply.ok && isControllerApiResponse(reply.response) ? reply.response : null),
    );
  }
}
