/**
 * 노드 하나의 조립 (Kafka `KafkaRaftServer`): `process.roles`에 따라 브로커, 컨트롤러, 또는 둘 다. 노드는 프레임을
 * 받아 답하고(`processor`), 주입된 시계로 자기 일을 하고(주기 작업, 쿼럼의 tick), 멈춥니다(`shutdown`). 소켓도
 * 진짜 시계도 모릅니다: 그것은 프로세스(`../broker.ts`, `../main.ts`)가 리스너를 열고 `SystemClock`과 TCP 전송을
 * 넣어 합니다. 테스트는 가상 시계와 가상 디스크로 같은 노드를 만들 수 있습니다.
 *
 *   쿼럼(KafkaRaftClientDriver) ─ 커밋 → BrokerMetadataListener → ClusterMetadata, BrokerServer
 *                                    └→ QuorumController (컨트롤러 역할이면; 리더에서만 활성)
 *        ↑ 쓰기: 컨트롤러 API → LocalController → QuorumController → 쿼럼에 제안, 커밋된 뒤 답
 *   브로커 → 활성 컨트롤러 (ControllerChannel): 등록·하트비트(BrokerLifecycleDriver), 넘기는 관리 요청, 프로듀서 ID
 *   컨트롤러 리스너: controllerApis (쿼럼의 API, BrokerRegistration, BrokerHeartbeat, CreateTopics, …)
 *   브로커 리스너: brokerApis (Produce, Fetch, Metadata, …; 관리 요청은 활성 컨트롤러에게 넘김)
 *
 * 모든 노드가 쿼럼 클라이언트를 갖습니다: 컨트롤러는 투표자, 브로커만 맡은 노드는 관찰자(observer)로 메타데이터
 * 로그를 끌어옵니다. 투표자가 하나뿐인 노드(기본 `npm run broker`)는 만들어지는 순간 리더가 되어, 쓰기가 곧바로
 * 커밋됩니다.
 */
import type { ControllerRequestContext, ListenerRequestContext, RequestContext } from '../apis/api.js';
import type { QuorumEndpoint } from '../apis/broker-context.js';
import { withControllerAuthorization } from '../apis/controller-authorization.js';
import { brokerApis, controllerApis } from '../apis/index.js';
import { QuorumController } from '../controller/quorum-controller.js';
import { BrokerLifecycleManager, type BrokerState } from '../metadata/broker-lifecycle-manager.js';
import { BrokerMetadataListener } from '../metadata/broker-metadata-listener.js';
import { ClusterMetadata } from '../metadata/cluster-metadata.js';
import { LocalController } from '../metadata/controller.js';
import type { MetadataRecord } from '../metadata/records.js';
import { SnapshotGenerator } from '../metadata/snapshot-generator.js';
import { Framer } from '../protocol/framer.js';
import { KafkaMetadataLog, type KafkaMetadataLogOptions } from '../raft/kafka-metadata-log.js';
import type { RaftRequest, RaftResponse } from '../raft/messages.js';
import { KafkaRaftClientDriver } from '../raft/raft-driver.js';
import type { ApplyOp } from '../raft/ready.js';
import { snapshotFileName } from '../raft/snapshot.js';
import { DEFAULT_QUORUM_CONFIG, type QuorumConfig } from '../raft/types.js';
import { err } from '../result.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import type { Disk } from '../runtime/disk.js';
import type { ApiRequest } from '../runtime/network-client.js';
import { type Random, randomKafkaUuid } from '../runtime/random.js';
import type { RequestHandler, Transport } from '../runtime/transport.js';
import { authorizerFrom, type StandardAuthorizer } from '../security/authorizer.js';
import { scramCredentialOf } from '../security/scram.js';
import type { BrokerConfig, Listener } from '../server/config.js';
import { ANONYMOUS, type RequestProcessor } from '../server/connection.js';
import { josa } from '../server/josa.js';
import type { Logger } from '../server/logger.js';
import { loadOrCreateMetaProperties } from '../server/meta-properties.js';
import { createRequestProcessor } from '../server/request-processor.js';
import { BrokerLifecycleDriver } from './broker-lifecycle-driver.js';
import { BrokerServer } from './broker-server.js';
import { ControllerChannel } from './controller-channel.js';

/** 노드에 주입되는 바깥: 진짜 프로세스는 SystemClock·systemRandom·FileDisk·TCP, 시험은 가상의 것들 */
export interface NodeRuntime {
  readonly clock: Clock;
  readonly random: Random;
  /** 노드의 디스크: 뿌리는 로그 디렉터리 (`meta.properties`, `__cluster_metadata-0/`) */
  readonly disk: Disk;
  readonly logger: Logger;
  /**
   * 쿼럼의 네트워크: 들어오는 요청을 받을 처리기를 넘기면, 다른 노드로 나가는 요청에 쓸 전송을 돌려줍니다.
   * 진짜 프로세스는 TCP(`KafkaNetworkChannel`; 들어오는 요청은 컨트롤러 리스너로 옵니다), 시험은 가상 네트워크.
   */
  readonly connect: (
    handler: RequestHandler<RaftRequest, RaftResponse<MetadataRecord>>,
  ) => Transport<RaftRequest, RaftResponse<MetadataRecord>>;
  /**
   * 컨트롤러들의 컨트롤러 리스너로 가는 전송 하나 (노드 ID → `controller.quorum.voters`의 주소). 브로커는 하트비트와
   * 넘기는 관리 요청에 하나씩, 두 번 부릅니다: Kafka도 두 채널("heartbeat", "forwarding")의 연결이 따로라, 커밋을
   * 기다리는 관리 요청 뒤에 하트비트가 줄 서지 않습니다.
   */
  readonly connectControllers: (channel: 'heartbeat' | 'forwarding') => Transport<ApiRequest, unknown>;
  /**
   * 다른 브로커의 브로커 리스너로 가는 전송 (팔로워가 리더에게 보내는 Fetch, Kafka `ReplicaFetcherThread`의 연결).
   * `endpointOf`는 메타데이터에 등록된 그 브로커의 `inter.broker.listener.name` 주소를 답합니다. 없으면 이 노드의
   * 팔로워 복제본은 리더에게서 끌어오지 않습니다 (복제본이 하나뿐인 시험). 트랜잭션 마커(WriteTxnMarkers)는 따로 연결합니다
   * (`purpose`): 한 연결의 답은 순서대로 오므로, 마커가 복제를 기다리는 동안 같은 연결의 Fetch가 막히면 서로를 기다립니다
   * (Kafka도 `TransactionMarkerChannelManager`가 자기 NetworkClient를 둡니다).
   */
  readonly connectBrokers?: (
    endpointOf: (brokerId: number) => { readonly host: string; readonly port: number } | undefined,
    purpose: 'replica-fetcher' | 'txn-markers',
  ) => Transport<ApiRequest, unknown>;
}

export interface NodeOptions {
  /** apache/kafka 이미지의 CLUSTER_ID. 처음 시작할 때만 씁니다 (여러 노드면 모두 같아야 합니다). */
  readonly clusterId?: string;
}

/** 브로커로 등록할 주소 (리스너를 연 뒤에 압니다) */
export interface Endpoint {
  /** 리스너 이름 (`PLAINTEXT`) */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** Kafka `SecurityProtocol.id` (0 = PLAINTEXT, 2 = SASL_PLAINTEXT) */
  readonly securityProtocol: number;
}

/** 채널이 다시 보내기 전의 대기 (Kafka `retry.backoff.ms`의 기본값) */
const CHANNEL_RETRY_BACKOFF_MS = 100;

export class KafkaNode {
  readonly config: BrokerConfig;
  readonly metadata: ClusterMetadata;
  readonly raft: KafkaRaftClientDriver<MetadataRecord>;
  /** 컨트롤러 역할이 있으면: 쿼럼의 리더인 노드의 것만 활성입니다 */
  readonly quorumController: QuorumController | null;
  /** 브로커의 API 핸들러가 쓰는 컨트롤러 (이 노드의 QuorumController에 넘깁니다) */
  readonly controller: LocalController;
  /** 브로커 역할이 있으면 */
  readonly broker: BrokerServer | null;
  readonly #runtime: NodeRuntime;
  /** 컨트롤러 리스너의 인가기 (메타데이터 로그의 ACL을 봅니다). `authorizer.class.name`이 비었으면 null */
  readonly #controllerAuthorizer: StandardAuthorizer | null;
  readonly #listener: BrokerMetadataListener;
  readonly #snapshotGenerator: SnapshotGenerator;
  #controllerTimer: TimerHandle | null = null;
  readonly #quorum: QuorumEndpoint;
  #inbound: RequestHandler<RaftRequest, RaftResponse<MetadataRecord>> | null = null;
  /** 이번 프로세스의 세대 ID: 켜질 때마다 새로 뽑습니다 (Kafka `BrokerLifecycleManager.incarnationId`) */
  readonly #incarnationId: string;
  readonly #heartbeatChannel: ControllerChannel;
  readonly #forwardingChannel: ControllerChannel;
  #lifecycle: BrokerLifecycleDriver | null = null;
  #onRaftShutdown: (() => void) | null = null;
  #closed = false;

  constructor(config: BrokerConfig, runtime: NodeRuntime, options: NodeOptions = {}) {
    this.config = config;
    this.#runtime = runtime;
    const { clock, random, disk, logger } = runtime;
    const roles = config.processRoles;
    const meta = loadOrCreateMetaProperties(disk, config.nodeId, options.clusterId, { clock, random });
    this.#incarnationId = randomKafkaUuid(random);

    this.metadata = new ClusterMetadata(meta.clusterId);
    this.#controllerAuthorizer = authorizerFrom(config, this.metadata.acls);
    this.#listener = new BrokerMetadataListener(this.metadata);
    // 모든 역할의 노드가 자기 이미지로 스냅숏을 만듭니다 (Kafka `SharedServer`가 로더에 다는 SnapshotGenerator).
    this.#snapshotGenerator = snapshotGeneratorOf(config, clock, logger, () => this.#emitSnapshot());
    this.#listener.onPublish((delta) => {
      if (!delta.fromSnapshot) return this.#snapshotGenerator.publishLogDelta(delta.numBytes);
      logger.info(`메타데이터 스냅숏을 불러왔습니다 (오프셋 ${delta.offset}까지, 레코드 ${delta.records.length}개)`);
      this.#snapshotGenerator.publishSnapshot();
    });
    const quorumController = roles.has('controller')
      ? new QuorumController({
          nodeId: config.nodeId,
          clusterId: meta.clusterId,
          raft: {
            leaderAndEpoch: () => this.raft.client.leaderAndEpoch(),
            append: (epoch, records) =>
              this.raft.client.epoch === epoch ? this.raft.append(records) : err(`에포크 ${epoch}는 지났습니다`),
          },
          clock,
          sessionTimeoutMs: config.int('broker.session.timeout.ms'),
          scramCredentialOf,
          uncleanLeaderElectionEnable: config.bool('unclean.leader.election.enable'),
          leaderImbalanceCheckIntervalMs: config.leaderImbalanceCheckIntervalMs,
          topicDefaults: () => ({
            numPartitions: config.int('num.partitions'),
            replicationFactor: config.int('default.replication.factor'),
          }),
          newTopicId: () => randomKafkaUuid(random),
          random,
          colocatedBroker: roles.has('broker')
            ? { brokerId: config.nodeId, incarnationId: this.#incarnationId }
            : undefined,
        })
      : null;
    this.quorumController = quorumController;
    this.controller = new LocalController(quorumController);
    // 드라이버를 만드는 동안(다시 켜질 때 로그를 재생하거나, 투표자가 하나면 곧바로 리더가 되어) 커밋이 나옵니다.
    // 이미지에는 곧바로 적용해 브로커가 다 불러온 메타데이터로 시작하게 하고, 컨트롤러에는 생성자가 끝난 뒤에
    // 넘깁니다 (그 전에는 `this.raft`가 없어 컨트롤러가 쿼럼의 리더를 물을 수 없습니다).
    const early: ApplyOp<MetadataRecord>[] = [];
    let constructed = false;
    this.raft = new KafkaRaftClientDriver<MetadataRecord>({
      localId: config.nodeId,
      config: quorumConfigOf(config, meta.clusterId),
      clock,
      random,
      disk,
      log: new KafkaMetadataLog<MetadataRecord>(disk, metadataLogOptionsOf(config, clock)),
      logCleanerIntervalMs: config.int('metadata.log.cleaner.interval.ms'),
      connect: (handler) => {
        this.#inbound = handler;
        return runtime.connect(handler);
      },
      onShutdownComplete: () => this.#onRaftShutdown?.(),
      listener: {
        apply: (op) => {
          if (constructed) return this.#apply(op);
          this.#listener.apply(op);
          early.push(op);
        },
        handleLeaderChange: (leader) => {
          quorumController?.handleLeaderChange();
          // 투표자가 여럿일 때만 알립니다 (하나면 시작할 때 언제나 자기가 리더입니다).
          if (config.quorumVoters.size > 1) {
            logger.info(
              leader.leaderId === null
                ? `쿼럼의 리더를 모릅니다 (에포크 ${leader.epoch}): 선거 중입니다`
                : `쿼럼의 리더는 노드 ${leader.leaderId}입니다 (에포크 ${leader.epoch})`,
            );
          }
        },
      },
    });
    const raft = this.raft;
    this.#quorum = {
      get leaderId() {
        return raft.client.leaderId;
      },
      handle: (source, request) =>
        new Promise((resolve, reject) => {
          if (!this.#inbound) return reject(new Error('쿼럼이 아직 연결되지 않았습니다'));
          this.#inbound(source, request, resolve);
        }),
    };
    // 활성 컨트롤러에게 가는 두 채널. 활성 컨트롤러가 이 노드면 소켓 없이 이 노드의 컨트롤러 API를 부릅니다: Kafka는
    // 그때도 자기 컨트롤러 리스너에 연결하지만, 판단은 같은 핸들러가 하므로 답은 같고, 컨트롤러 리스너가 없는 노드
    // 하나짜리 기본 설정에서도 같은 길을 씁니다 (`controller-channel.ts`).
    const channel = (name: 'heartbeat' | 'forwarding') =>
      new ControllerChannel({
        localId: config.nodeId,
        activeController: () => raft.client.leaderId,
        transport: runtime.connectControllers(name),
        local: quorumController ? (request) => this.#callControllerApi(request) : null,
        clock,
        retryBackoffMs: CHANNEL_RETRY_BACKOFF_MS,
        // 답하지 않는 컨트롤러(멈춘 프로세스)에 걸린 요청은 세션 시간 제한의 절반에 버립니다 (KAFKA-14392).
        requestTimeoutMs: config.int('broker.session.timeout.ms') / 2,
      });
    this.#heartbeatChannel = channel('heartbeat');
    this.#forwardingChannel = channel('forwarding');
    this.broker = roles.has('broker')
      ? new BrokerServer({
          config,
          clock,
          random,
          log: logger,
          metadata: this.metadata,
          channel: this.#forwardingChannel,
          brokerEpoch: () => this.#lifecycle?.brokerEpoch ?? -1,
          quorum: this.#quorum,
          brokers:
            runtime.connectBrokers?.(
              (brokerId) => interBrokerEndpoint(this.metadata, config, brokerId),
              'replica-fetcher',
            ) ?? null,
          markerBrokers:
            runtime.connectBrokers?.(
              (brokerId) => interBrokerEndpoint(this.metadata, config, brokerId),
              'txn-markers',
            ) ?? null,
        })
      : null;
    if (this.broker) {
      const broker = this.broker;
      this.#listener.onPublish((delta) => broker.publish(delta.records, delta.fromSnapshot));
    }
    constructed = true;
    for (const op of early.splice(0)) this.#applyToController(op);
  }

  /** 이 리스너로 들어온 프레임을 처리하는 것. 컨트롤러 리스너면 쿼럼의 API, 아니면 브로커의 API */
  processor(listener: Pick<Listener, 'name'>): RequestProcessor {
    const { config, broker } = this;
    if (config.controllerListeners.some((l) => l.name === listener.name)) {
      return createRequestProcessor<ControllerRequestContext>(
        withControllerAuthorization(controllerApis, this.#controllerAuthorizer, this.#runtime.logger),
        (base) => this.#controllerContext(base),
        this.#runtime.logger,
      );
    }
    if (!broker)
      throw new Error(`${josa(listener.name, '은/는')} 컨트롤러 리스너가 아닌데 이 노드에 브로커 역할이 없습니다`);
    const process = createRequestProcessor<RequestContext>(
      brokerApis,
      (base) => ({ ...base, broker: broker.context }),
      this.#runtime.logger,
    );
    // 다시 뜬 브로커의 이미지는 디스크의 메타데이터 로그를 다시 읽는 중이라 낡았습니다: 그 이미지로 답하면 이미 다른
    // 브로커에게 넘어간 파티션의 리더인 양 쓰기를 받습니다. 그래서 Kafka `BrokerServer.startup`처럼 메타데이터를 따라잡아
    // 로그를 맞출 때까지(`markCaughtUp`) 클라이언트 리스너의 요청을 처리하지 않고 붙잡아 둡니다
    // (Kafka는 그때까지 `socketServer.enableRequestProcessing`을 부르지 않아, 연결이 받아지지 않은 채 기다립니다).
    return (frame, connection) =>
      broker.caughtUp ? process(frame, connection) : broker.whenCaughtUp().then(() => process(frame, connection));
  }

  /** 연결마다 새 프레이머 (덜 받은 프레임을 기억하니까요) */
  createFramer(): Framer {
    return new Framer(this.config.int('socket.request.max.bytes'));
  }

  /**
   * 리스너가 열린 뒤: 브로커면 `advertised` 주소들(클라이언트 리스너마다 하나, 첫 것이 대표 주소)로 활성 컨트롤러에 등록하고, 펜싱이 풀릴 때까지 기다린 뒤 주기
   * 작업을 시작합니다 (Kafka `BrokerServer.startup`이 `lifecycleManager.setReadyToUnfence()`까지 기다리는 것).
   * `initial.broker.registration.timeout.ms` 안에 등록하지 못하면 실패합니다.
   */
  async startup(advertised: readonly Endpoint[]): Promise<void> {
    const { config, broker } = this;
    if (!broker || advertised.length === 0) return;
    const { clock, random, logger } = this.#runtime;
    const lifecycle = new BrokerLifecycleManager(
      {
        nodeId: config.nodeId,
        clusterId: this.metadata.clusterId,
        incarnationId: this.#incarnationId,
        listeners: [...advertised],
        // 이 브로커는 기능(feature) 버전을 구현하지 않아 알릴 것이 없습니다.
        features: [],
        rack: null,
        heartbeatIntervalMs: config.int('broker.heartbeat.interval.ms'),
        sessionTimeoutMs: config.int('broker.session.timeout.ms'),
        initialRegistrationTimeoutMs: config.int('initial.broker.registration.timeout.ms'),
      },
      random,
    );
    // 노드가 여럿일 때만 INFO로 알립니다 (노드 하나는 언제나 곧바로 RUNNING이 됩니다).
    const say = (message: string) => (config.quorumVoters.size > 1 ? logger.info(message) : logger.debug(message));
    this.#lifecycle = new BrokerLifecycleDriver({
      lifecycle,
      channel: this.#heartbeatChannel,
      clock,
      highestMetadataOffset: () => this.metadata.offset,
      onRecovery: () => broker.markCaughtUp(),
      onStateChange: (from, to, reason) => say(brokerStateMessage(config.nodeId, from, to, reason)),
    });
    this.#lifecycle.start();
    await this.#lifecycle.running();
    broker.startTimers();
  }

  /**
   * 제어된 종료 (Kafka `BrokerServer.shutdown`): 하트비트에 wantShutDown을 실어 컨트롤러가 이 브로커가 리더인 파티션을
   * 다른 ISR 복제본에게 옮기게 하고, "꺼져도 됨"이라는 답이나 `timeoutMs`를 기다립니다. 쿼럼에서 물러나기(`resign`)
   * 전에 부릅니다: 이 노드가 활성 컨트롤러면 그 답을 이 노드가 해야 하니까요.
   */
  async controlledShutdown(timeoutMs: number): Promise<void> {
    await this.#lifecycle?.controlledShutdown(timeoutMs);
    this.#lifecycle?.stop();
    this.#heartbeatChannel.close();
    this.#forwardingChannel.close();
  }

  /** 브로커의 한살이 상태 (브로커 역할이 없거나 시작하기 전이면 null) */
  get brokerState(): BrokerState | null {
    return this.#lifecycle?.state ?? null;
  }

  /**
   * 멈추기 첫 단계: 쿼럼에서 우아하게 물러납니다 (Kafka `RaftClient.shutdown`). 리더면 EndQuorumEpoch로 후임 선거를
   * 재촉하고, 새 리더가 서거나 `timeoutMs`가 지나면 끝납니다. 새 리더의 BeginQuorumEpoch를 들어야 하므로 리스너를
   * 닫기 전에 부릅니다. 투표자가 이 노드 하나면 넘겨줄 곳이 없으니 곧바로 끝납니다.
   */
  async resign(timeoutMs: number): Promise<void> {
    if (this.raft.client.config.voters.length > 1) {
      await new Promise<void>((resolve) => {
        const timer = this.#runtime.clock.schedule(timeoutMs, resolve);
        this.#onRaftShutdown = () => {
          this.#runtime.clock.cancel(timer);
          resolve();
        };
        this.raft.shutdown(timeoutMs);
      });
    }
    this.raft.stop();
  }

  /** 멈추기 마지막 단계 (리스너를 닫은 뒤): 주기 작업을 멈추고 브로커의 로그를 깨끗하게 닫습니다. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#snapshotGenerator.beginShutdown();
    this.#lifecycle?.stop();
    this.#heartbeatChannel.close();
    this.#forwardingChannel.close();
    if (this.#controllerTimer) this.#runtime.clock.cancel(this.#controllerTimer);
    this.raft.stop();
    this.broker?.shutdown();
  }

  /**
   * 커밋된 것을 적용합니다: 먼저 브로커의 이미지에, 그다음 컨트롤러에. 컨트롤러는 적용하며 기다리던 요청에 답하므로,
   * 답을 받은 클라이언트가 곧바로 Metadata를 물어도 이미지에는 이미 그 토픽이 있습니다.
   */
  #apply(op: ApplyOp<MetadataRecord>): void {
    this.#listener.apply(op);
    this.#applyToController(op);
  }

  #applyToController(op: ApplyOp<MetadataRecord>): void {
    const controller = this.quorumController;
    if (!controller) return;
    const wasActive = controller.isActive;
    controller.apply(op);
    if (!wasActive && controller.isActive) {
      // 리더 바뀜처럼 투표자가 여럿일 때만 알립니다.
      if (this.config.quorumVoters.size > 1) {
        this.#runtime.logger.info(
          `${josa(`노드 ${this.config.nodeId}`, '이/가')} 활성 컨트롤러가 되었습니다 (에포크 ${controller.claimEpoch})`,
        );
      }
    }
    this.#scheduleControllerTick();
  }

  /**
   * 적용한 이미지로 스냅숏을 만듭니다 (Kafka `SnapshotEmitter.maybeEmit`): 이미지가 적용한 마지막 오프셋의 다음이
   * 스냅숏의 끝입니다. 같은 자리의 스냅숏이 이미 있으면(새 것이 없으면) 만들지 않습니다.
   */
  #emitSnapshot(): string | null {
    const created = this.raft.createSnapshot(this.metadata.offset + 1, this.metadata.toRecords());
    return created.ok ? snapshotFileName(created.snapshotId) : null;
  }

  /** 컨트롤러가 말한 때에 `tick`을 부릅니다 (세션이 끝난 브로커 펜싱, 선호 리더로 되돌리기). */
  #scheduleControllerTick(): void {
    const controller = this.quorumController;
    if (!controller || this.#closed) return;
    if (this.#controllerTimer) this.#runtime.clock.cancel(this.#controllerTimer);
    this.#controllerTimer = null;
    const at = controller.nextTickAtMs(); // 단조 시계의 시각
    if (!Number.isFinite(at)) return;
    this.#controllerTimer = this.#runtime.clock.schedule(Math.max(0, at - this.#runtime.clock.monotonicMs()), () => {
      this.#controllerTimer = null;
      controller.tick();
      this.#scheduleControllerTick();
    });
  }

  /** 컨트롤러 리스너의 요청이 받는 것: 쿼럼, 이 노드의 컨트롤러, 설정, 시계 */
  #controllerContext(base: ListenerRequestContext): ControllerRequestContext {
    return { ...base, quorum: this.#quorum, controller: this.controller, config: this.config, now: this.#now };
  }

  readonly #now = () => this.#runtime.clock.now();

  /**
   * 이 노드의 컨트롤러 API를 소켓 없이 부릅니다 (활성 컨트롤러가 이 노드일 때의 채널): 컨트롤러 리스너로 온 요청과
   * 같은 핸들러(`controllerApis`)가 같은 버전으로 답합니다.
   */
  async #callControllerApi(request: ApiRequest): Promise<unknown> {
    const api = controllerApis.find((a) => a.key === request.apiKey);
    if (!api || request.apiVersion < api.minVersion || request.apiVersion > api.maxVersion) {
      throw new Error(`컨트롤러 API ${request.apiKey} v${request.apiVersion}는 없습니다`);
    }
    const ctx = this.#controllerContext({
      header: {
        requestApiKey: request.apiKey,
        requestApiVersion: request.apiVersion,
        correlationId: 0,
        clientId: `broker-${this.config.nodeId}`,
      },
      apiVersion: request.apiVersion,
      connection: LOCAL_CONNECTION,
      apis: controllerApis as ListenerRequestContext['apis'],
    });
    return api.handle(request.body as never, ctx);
  }
}

/** 다른 브로커에게 갈 주소: 등록된 리스너 가운데 `inter.broker.listener.name`의 것 (없으면 첫 리스너) */
function interBrokerEndpoint(metadata: ClusterMetadata, config: BrokerConfig, brokerId: number) {
  const broker = metadata.brokers.get(brokerId);
  if (!broker) return undefined;
  const name = config.get('inter.broker.listener.name');
  return broker.endPoints.find((e) => e.name === name) ?? { host: broker.host, port: broker.port };
}

/** 소켓 없이 부르는 컨트롤러 API의 "연결" */
const LOCAL_CONNECTION = { id: 'local', remote: 'local', listener: 'local', principal: ANONYMOUS } as const;

/** 브로커 상태가 바뀐 것을 알리는 한 줄 */
function brokerStateMessage(nodeId: number, from: BrokerState, to: BrokerState, reason: string): string {
  const broker = `브로커 ${nodeId}`;
  switch (to) {
    case 'RECOVERY':
      return `${josa(broker, '이/가')} 메타데이터를 따라잡았습니다 (RECOVERY): 펜싱을 풀어 달라고 합니다`;
    case 'RUNNING':
      return `${josa(broker, '은/는')} 펜싱이 풀려 일을 시작합니다 (RUNNING)`;
    case 'PENDING_CONTROLLED_SHUTDOWN':
      return `${broker}: 제어된 종료를 시작합니다 (리더인 파티션을 옮겨 달라고 합니다)`;
    case 'SHUTTING_DOWN':
      return from === 'STARTING'
        ? `${josa(broker, '이/가')} 활성 컨트롤러에 등록하지 못했습니다${reason ? ` (${reason})` : ''}`
        : `${josa(broker, '이/가')} 꺼져도 된다는 답을 받았습니다 (SHUTTING_DOWN)`;
    default:
      return `${broker}: ${from} → ${to}`;
  }
}

/** `metadata.log.*` 설정 → 스냅숏 생성기. 만든 파일과 그 까닭을 로그에 남깁니다. */
function snapshotGeneratorOf(
  config: BrokerConfig,
  clock: Clock,
  logger: Logger,
  emit: () => string | null,
): SnapshotGenerator {
  return new SnapshotGenerator({
    maxBytesSinceLastSnapshot: config.int('metadata.log.max.record.bytes.between.snapshots'),
    maxTimeSinceLastSnapshotMs: config.int('metadata.log.max.snapshot.interval.ms'),
    clock,
    emit: (reason) => {
      const file = emit();
      if (file) logger.info(`메타데이터 스냅숏 ${josa(file, '을/를')} 만들었습니다: ${reason}`);
    },
    onError: (error) => logger.error('메타데이터 스냅숏을 만들지 못했습니다', error),
  });
}

/** `metadata.log.segment.bytes`와 보존 설정 → 메타데이터 로그 (Kafka `MetadataLogConfig`, `KafkaMetadataLog.apply`의 검사) */
function metadataLogOptionsOf(config: BrokerConfig, clock: Clock): KafkaMetadataLogOptions {
  const segmentBytes = config.int('metadata.log.segment.bytes');
  const minBytes = config.int('metadata.log.segment.min.bytes');
  if (segmentBytes < minBytes) {
    throw new Error(
      `metadata.log.segment.bytes(${segmentBytes})는 metadata.log.segment.min.bytes(${minBytes})보다 작을 수 없습니다`,
    );
  }
  return {
    clock,
    segmentBytes,
    retentionMaxBytes: config.int('metadata.max.retention.bytes'),
    retentionMillis: config.int('metadata.max.retention.ms'),
  };
}

/** `controller.quorum.*` 설정과 투표자들 → 쿼럼 설정 (Kafka `QuorumConfig`) */
function quorumConfigOf(config: BrokerConfig, clusterId: string): QuorumConfig {
  return {
    ...DEFAULT_QUORUM_CONFIG,
    voters: [...config.quorumVoters.keys()].sort((a, b) => a - b),
    clusterId,
    electionTimeoutMs: config.int('controller.quorum.election.timeout.ms'),
    fetchTimeoutMs: config.int('controller.quorum.fetch.timeout.ms'),
    electionBackoffMaxMs: config.int('controller.quorum.election.backoff.max.ms'),
    requestTimeoutMs: config.int('controller.quorum.request.timeout.ms'),
    retryBackoffMs: config.int('controller.quorum.retry.backoff.ms'),
  };
}
