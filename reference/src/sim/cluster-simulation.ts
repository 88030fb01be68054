/**
 * 클러스터 시뮬레이터: 컨트롤러 노드(KRaft 투표자 + QuorumController)와 브로커 노드(관찰자 + 메타데이터 이미지 +
 * BrokerLifecycleManager), 관리 클라이언트를 한 프로세스의 가상 시계·네트워크·디스크 위에서 돌립니다. 브로커는
 * 네트워크로 BrokerRegistration·BrokerHeartbeat를 보내고, 메타데이터는 쿼럼의 Fetch로 받습니다.
 *
 * 걸음(가상 시계의 사건 하나)마다 쿼럼의 안전성(`quorum-safety.ts`)과 메타데이터의 안전성(`metadata-safety.ts`)을
 * 검사합니다. 모든 노드(컨트롤러와 브로커)의 커밋된 레코드 적용은 두 검사기를 거칩니다.
 */

import { DEFAULT_BROKER_SESSION_TIMEOUT_MS } from '../controller/quorum-controller.js';
import {
  BrokerLifecycleManager,
  DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS,
  DEFAULT_INITIAL_BROKER_REGISTRATION_TIMEOUT_MS,
} from '../metadata/broker-lifecycle-manager.js';
import { BrokerMetadataListener } from '../metadata/broker-metadata-listener.js';
import { ClusterMetadata } from '../metadata/cluster-metadata.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { ApplyOp } from '../raft/ready.js';
import type { QuorumConfig } from '../raft/types.js';
import { NodeClock, SimClock } from './clock.js';
import type { NodeRequest, NodeResponse } from './cluster-messages.js';
import {
  type BrokerParts,
  type ClusterContext,
  type ClusterTiming,
  SimAdminClient,
  SimBrokerNode,
  SimControllerNode,
} from './cluster-nodes.js';
import { SimDisk } from './disk.js';
import { MetadataSafetyChecker } from './metadata-safety.js';
import { SimNetwork } from './network.js';
import { SafetyChecker } from './quorum-safety.js';
import { SIMULATION_QUORUM_CONFIG } from './quorum-simulation.js';
import type { SeededRandom } from './random.js';

/** 컨트롤러 노드 ID는 0부터, 브로커는 100부터, 관리 클라이언트는 1000 */
export const FIRST_BROKER_ID = 100;
export const ADMIN_ID = 1000;
export const SIM_CLUSTER_ID = 'sim-cluster';

/** Kafka의 기본값, 선호 리더 검사만 짧게 */
export const CLUSTER_TIMING: ClusterTiming = {
  sessionTimeoutMs: DEFAULT_BROKER_SESSION_TIMEOUT_MS,
  heartbeatIntervalMs: DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS,
  initialRegistrationTimeoutMs: DEFAULT_INITIAL_BROKER_REGISTRATION_TIMEOUT_MS,
  leaderImbalanceCheckIntervalMs: 10_000,
  snapshotEvery: 0,
};

export interface ClusterSimulationOptions {
  readonly controllers: number;
  readonly brokers: number;
  readonly random: SeededRandom;
  readonly quorum?: Partial<Omit<QuorumConfig, 'voters' | 'clusterId'>>;
  readonly timing?: Partial<ClusterTiming>;
  /**
   * 브로커를 켤 때마다 메타데이터 부품 위에 더 얹는 것 (복제 판: 파티션 로그와 `ReplicaManager`, Produce·Fetch 받기).
   * 없으면 브로커는 메타데이터만 다룹니다.
   */
  readonly brokerServices?: (node: SimBrokerNode, parts: BrokerParts) => Pick<BrokerParts, 'serve' | 'close'>;
  /**
   * 걸음마다 메타데이터의 안전성(`metadata-safety.ts`)을 검사할지 (기본 true). 복제 판은 끕니다: 그 판은 클라이언트가 본
   * 역사와 복제본의 로그로 판단하고(`replication-checker.ts`), 메타데이터의 불변식은 클러스터 판이 봅니다.
   */
  readonly checkMetadata?: boolean;
  /** 커밋된 메타데이터 레코드가 노드에 적용될 때마다 (같은 레코드가 노드 수만큼 옵니다) */
  readonly onApply?: (nodeId: number, op: ApplyOp<MetadataRecord>) => void;
}

/** 장애와 사건의 수 (보고용) */
export interface ClusterCounters {
  controllerCrashes: number;
  brokerCrashes: number;
  controlledShutdowns: number;
  brokerSelfShutdowns: number;
  restarts: number;
  partitions: number;
  clockJumps: number;
  lostUnsyncedBytes: number;
  steps: number;
}

export class ClusterSimulation {
  readonly clock = new SimClock();
  readonly network: SimNetwork<NodeRequest, NodeResponse>;
  readonly safety = new SafetyChecker();
  readonly metadata = new MetadataSafetyChecker(SIM_CLUSTER_ID);
  readonly controllers: SimControllerNode[];
  readonly brokers: SimBrokerNode[];
  readonly admin: SimAdminClient;
  readonly timing: ClusterTiming;
  readonly random: SeededRandom;
  readonly counters: ClusterCounters = {
    controllerCrashes: 0,
    brokerCrashes: 0,
    controlledShutdowns: 0,
    brokerSelfShutdowns: 0,
    restarts: 0,
    partitions: 0,
    clockJumps: 0,
    lostUnsyncedBytes: 0,
    steps: 0,
  };
  readonly #context: ClusterContext;
  readonly #options: ClusterSimulationOptions;
  readonly #checkMetadata: boolean;

  constructor(options: ClusterSimulationOptions) {
    this.#options = options;
    this.#checkMetadata = options.checkMetadata ?? true;
    this.random = options.random;
    this.network = new SimNetwork(this.clock, options.random.fork(1));
    this.timing = { ...CLUSTER_TIMING, ...options.timing };
    const controllerIds = Array.from({ length: options.controllers }, (_, i) => i);
    const quorum: QuorumConfig = {
      ...SIMULATION_QUORUM_CONFIG,
      ...options.quorum,
      voters: controllerIds,
      clusterId: SIM_CLUSTER_ID,
    };
    this.#context = {
      clock: this.clock,
      network: this.network,
      random: options.random,
      quorum,
      timing: this.timing,
      controllerIds,
      onApply: (nodeId, op) => this.#onApply(nodeId, op),
    };
    this.controllers = controllerIds.map(
      (id) => new SimControllerNode(id, new NodeClock(this.clock), new SimDisk(), this.#context),
    );
    this.brokers = Array.from(
      { length: options.brokers },
      (_, i) =>
        new SimBrokerNode(
          FIRST_BROKER_ID + i,
          new NodeClock(this.clock),
          new SimDisk(),
          this.#context,
          (node) => this.#brokerParts(node),
          (node) => {
            this.counters.brokerSelfShutdowns++;
            node.stop();
          },
        ),
    );
    this.admin = new SimAdminClient(ADMIN_ID, this.#context, options.random.fork(9), {
      onCreateAcknowledged: (topic) => {
        if (this.#checkMetadata) this.metadata.onCreateAcknowledged(topic);
      },
    });
  }

  get nodes(): (SimControllerNode | SimBrokerNode)[] {
    return [...this.controllers, ...this.brokers];
  }

  node(id: number): SimControllerNode | SimBrokerNode {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`노드 ${id}가 없습니다`);
    return node;
  }

  startAll(): void {
    for (const node of this.nodes) node.start();
  }

  start(id: number): void {
    const node = this.node(id);
    if (node.running) return;
    if (node.incarnation > 0) this.counters.restarts++;
    node.start();
  }

  /** 노드가 갑자기 죽습니다: sync하지 않은 쓰기를 잃습니다. */
  crash(id: number, tornWrites = false): void {
    const node = this.node(id);
    if (!node.running) return;
    node.stop();
    if (node instanceof SimControllerNode) this.counters.controllerCrashes++;
    else this.counters.brokerCrashes++;
    this.counters.lostUnsyncedBytes += node.disk.crash(
      tornWrites
        ? { tornWrites: this.random.fork(7, this.counters.controllerCrashes + this.counters.brokerCrashes) }
        : {},
    );
  }

  /** 컨트롤러의 우아한 종료: 쿼럼의 리더면 물러나며 EndQuorumEpoch를 보냅니다. */
  shutdownController(id: number, timeoutMs: number): void {
    const node = this.node(id);
    if (node instanceof SimControllerNode) node.shutdown(timeoutMs);
  }

  /** 브로커의 제어된 종료: 리더를 옮긴 뒤 컨트롤러가 "꺼져도 됨"이라고 하면 스스로 꺼집니다. */
  beginControlledShutdown(id: number): void {
    const node = this.node(id);
    if (node instanceof SimBrokerNode && node.running) {
      this.counters.controlledShutdowns++;
      node.beginControlledShutdown();
    }
  }

  jumpClock(id: number, deltaMs: number): void {
    const node = this.node(id);
    node.clock.jump(deltaMs);
    this.counters.clockJumps++;
  }

  /** 활성 컨트롤러 (여럿이면 에포크가 가장 큰 것) */
  activeController(): SimControllerNode | null {
    let best: SimControllerNode | null = null;
    for (const node of this.controllers) {
      if (node.controller?.isActive && (!best || node.controller.claimEpoch > (best.controller?.claimEpoch ?? -1))) {
        best = node;
      }
    }
    return best;
  }

  /** 쿼럼의 리더가 있고, 과반의 (켜진) 컨트롤러가 그 리더를 따르는지 */
  hasConsistentLeader(): boolean {
    const leader = this.controllers.find((n) => n.driver?.client.state.name === 'Leader');
    const client = leader?.driver?.client;
    if (!leader || !client) return false;
    const following = this.controllers.filter((n) => {
      const c = n.driver?.client;
      return c !== undefined && c.epoch === client.epoch && c.leaderId === leader.id;
    });
    return following.length >= Math.floor(this.controllers.length / 2) + 1;
  }

  /** 사건을 하나 돌리고 안전성을 검사합니다. 사건이 없으면 false */
  step(): boolean {
    if (!this.clock.runNext()) return false;
    this.counters.steps++;
    const raftNodes = this.nodes.flatMap((n) =>
      n.driver ? [{ id: n.id, incarnation: n.incarnation, client: n.driver.client }] : [],
    );
    this.safety.check(raftNodes);
    if (!this.#checkMetadata) return true;
    for (const node of this.controllers) {
      const controller = node.controller;
      if (!controller?.isActive) continue;
      this.metadata.checkSessions(
        node.id,
        node.clock.monotonicMs(),
        node.activeSinceMs,
        this.timing.sessionTimeoutMs,
        controller.state.cluster.registrations(),
        node.lastContactMs,
      );
    }
    return true;
  }

  runUntil(condition: () => boolean, maxMs: number): boolean {
    const deadline = this.clock.now() + maxMs;
    while (!condition()) {
      const next = this.clock.peekTime();
      if (next === null || next > deadline) return false;
      this.step();
    }
    return true;
  }

  runFor(ms: number): void {
    const deadline = this.clock.now() + ms;
    for (let next = this.clock.peekTime(); next !== null && next <= deadline; next = this.clock.peekTime()) this.step();
  }

  /** 모든 노드의 상태가 커밋된 레코드를 재생한 것과 같은지 (회복 뒤에 봅니다) */
  checkAllStates(): void {
    for (const node of this.controllers) {
      const controller = node.controller;
      if (controller) {
        this.metadata.checkState(
          `컨트롤러 ${node.id}`,
          controller.lastCommittedOffset,
          controller.committedState.toRecords(),
        );
      }
    }
    for (const node of this.brokers) {
      const image = node.parts?.image;
      if (image) this.metadata.checkState(`브로커 ${node.id}`, image.offset, image.toRecords());
    }
  }

  /** 커밋된 레코드는 적용하기 전에 두 검사기를 거칩니다. 스냅숏을 불러온 노드는 그 상태를 검사합니다. */
  #onApply(nodeId: number, op: ApplyOp<MetadataRecord>): void {
    this.#options.onApply?.(nodeId, op);
    if (op.kind === 'commit') {
      this.safety.onApply(nodeId, op.entries);
      if (this.#checkMetadata) this.metadata.onCommitted(op.entries);
    } else if (this.#checkMetadata) {
      this.metadata.checkState(`노드 ${nodeId}의 스냅숏`, op.snapshot.id.offset - 1, op.snapshot.records);
    }
  }

  #brokerParts(node: SimBrokerNode) {
    const image = new ClusterMetadata(SIM_CLUSTER_ID);
    const listener = new BrokerMetadataListener(image);
    const random = this.random.fork(300 + node.id, node.incarnation);
    const incarnationId = `broker-${node.id}-${node.incarnation}-${random.next().toString(16)}`;
    if (this.#checkMetadata) listener.onPublish((delta) => this.metadata.onBrokerApplied(incarnationId, delta.offset));
    const lifecycle = new BrokerLifecycleManager(
      {
        nodeId: node.id,
        clusterId: SIM_CLUSTER_ID,
        incarnationId,
        listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9092 + node.id, securityProtocol: 0 }],
        features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
        rack: null,
        heartbeatIntervalMs: this.timing.heartbeatIntervalMs,
        sessionTimeoutMs: this.timing.sessionTimeoutMs,
        initialRegistrationTimeoutMs: this.timing.initialRegistrationTimeoutMs,
      },
      random,
    );
    const parts = { image, listener, lifecycle };
    return { ...parts, ...this.#options.brokerServices?.(node, parts) };
  }
}
