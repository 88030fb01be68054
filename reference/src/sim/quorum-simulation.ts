/**
 * KRaft 쿼럼 시뮬레이터: N개의 노드를 한 프로세스에서, 진짜 쿼럼 코드(`../raft/`) 그대로, 가상 시계·가상
 * 네트워크·가상 디스크 위에서 돌립니다. 모든 무작위 선택은 씨앗 하나에서 나옵니다.
 *
 * 한 걸음은 가상 시계의 사건 하나입니다 (메시지 배달, 노드의 tick, 장애). 걸음마다 `SafetyChecker`가 모든 노드를
 * 검사합니다. Kafka `RaftEventSimulationTest`의 `Cluster`, `MessageRouter`, `EventScheduler`에 해당합니다.
 *
 * 로그는 진짜 노드와 같은 `KafkaMetadataLog`(세그먼트 형식)를 가상 디스크 위에 씁니다: 죽으면 sync하지 않은 쓰기를
 * 잃는 디스크에서 진짜 복구 코드가 돕니다. 그 형식 코드(`../record/`)는 Node의 `Buffer`를 쓰므로, 브라우저에서는
 * 학습 사이트가 `Buffer`를 채워 넣고 돌립니다 (시계·네트워크·디스크와 쿼럼의 상태 기계는 Node의 모듈을 쓰지 않습니다).
 */

import { KafkaMetadataLog } from '../raft/kafka-metadata-log.js';
import type { RaftRequest, RaftResponse } from '../raft/messages.js';
import { KafkaRaftClientDriver } from '../raft/raft-driver.js';
import { DEFAULT_QUORUM_CONFIG, type QuorumConfig } from '../raft/types.js';
import { NodeClock, SimClock } from './clock.js';
import { SimDisk } from './disk.js';
import { SimNetwork } from './network.js';
import { SafetyChecker } from './quorum-safety.js';
import type { SeededRandom } from './random.js';
import { ReplicatedCounter } from './replicated-counter.js';

/** Kafka `RaftEventSimulationTest`의 설정값 */
export const SIMULATION_QUORUM_CONFIG: Omit<QuorumConfig, 'voters' | 'clusterId'> = {
  ...DEFAULT_QUORUM_CONFIG,
  electionTimeoutMs: 1000,
  electionBackoffMaxMs: 100,
  fetchTimeoutMs: 3000,
  retryBackoffMs: 50,
  requestTimeoutMs: 3000,
  fetchMaxWaitMs: 100,
};

/**
 * 시뮬레이터의 메타데이터 로그 보존: 작은 세그먼트, 0바이트 보존 한도, 1초마다의 청소 (진짜 노드는 1 GiB, 100 MiB,
 * 60초). 스냅숏이 둘이 되면 곧 로그 시작이 가장 새 스냅숏으로 옮겨져, 세그먼트를 지우는 길과 뒤처진 노드가
 * FetchSnapshot으로 따라잡는 길이 시드마다 돕니다.
 */
export const SIM_LOG_RETENTION = { segmentBytes: 2048, retentionMaxBytes: 0, logCleanerIntervalMs: 1000 } as const;

export interface SimulationOptions {
  readonly voters: number;
  readonly observers: number;
  readonly random: SeededRandom;
  readonly quorum?: Partial<Omit<QuorumConfig, 'voters' | 'clusterId'>>;
  /** 이만큼 적용할 때마다 스냅숏 (0이면 만들지 않음) */
  readonly snapshotEvery?: number;
}

export interface SimNode {
  readonly id: number;
  readonly isVoter: boolean;
  disk: SimDisk;
  readonly clock: NodeClock;
  driver: KafkaRaftClientDriver<number> | null;
  app: ReplicatedCounter;
  incarnation: number;
}

/** 장애와 사건의 수 (보고용) */
export interface SimulationCounters {
  crashes: number;
  restarts: number;
  gracefulShutdowns: number;
  partitions: number;
  clockJumps: number;
  lostUnsyncedBytes: number;
  appends: number;
  snapshots: number;
  /** 뒤처진 노드가 FetchSnapshot으로 끝까지 받아 간 스냅숏 (리더가 마지막 조각을 내준 수) */
  snapshotFetches: number;
  steps: number;
}

export class QuorumSimulation {
  readonly clock = new SimClock();
  readonly network: SimNetwork<RaftRequest, RaftResponse<number>>;
  readonly safety = new SafetyChecker();
  readonly nodes: SimNode[];
  readonly voterIds: number[];
  readonly config: QuorumConfig;
  readonly counters: SimulationCounters = {
    crashes: 0,
    restarts: 0,
    gracefulShutdowns: 0,
    partitions: 0,
    clockJumps: 0,
    lostUnsyncedBytes: 0,
    appends: 0,
    snapshots: 0,
    snapshotFetches: 0,
    steps: 0,
  };
  readonly random: SeededRandom;
  /**
   * 리더가 없던 구간들의 길이(가상 ms): 과반이 같은 리더를 따르지 않게 된 때부터 다시 따르게 된 때까지.
   * 첫 구간은 처음 켜져서 첫 리더가 뽑히기까지입니다.
   */
  readonly leaderlessIntervals: number[] = [];
  readonly #snapshotEvery: number;
  #nextValue = 1;
  #leaderlessSince: number | null = 0;
  /** 우아한 종료를 시작했지만 아직 끝나지 않은 노드 */
  readonly #shuttingDown = new Set<number>();

  constructor(options: SimulationOptions) {
    this.random = options.random;
    this.network = new SimNetwork(this.clock, options.random.fork(1));
    this.voterIds = Array.from({ length: options.voters }, (_, i) => i);
    this.config = {
      ...SIMULATION_QUORUM_CONFIG,
      ...options.quorum,
      voters: this.voterIds,
      clusterId: 'sim-cluster',
    };
    this.#snapshotEvery = options.snapshotEvery ?? 0;
    this.nodes = Array.from({ length: options.voters + options.observers }, (_, id) => ({
      id,
      isVoter: id < options.voters,
      disk: new SimDisk(),
      clock: new NodeClock(this.clock),
      driver: null,
      app: new ReplicatedCounter(id, this.safety, this.#snapshotEvery),
      incarnation: 0,
    }));
  }

  node(id: number): SimNode {
    const node = this.nodes[id];
    if (!node) throw new Error(`노드 ${id}가 없습니다`);
    return node;
  }

  get running(): SimNode[] {
    return this.nodes.filter((n) => n.driver !== null);
  }

  isRunning(id: number): boolean {
    return this.node(id).driver !== null;
  }

  startAll(): void {
    for (const node of this.nodes) this.start(node.id);
  }

  /** 노드를 켭니다: 디스크에 남은 것에서 다시 시작합니다. */
  start(id: number): void {
    const node = this.node(id);
    if (node.driver) return;
    node.incarnation++;
    node.app = new ReplicatedCounter(id, this.safety, this.#snapshotEvery);
    const app = node.app;
    const incarnation = node.incarnation;
    node.driver = new KafkaRaftClientDriver<number>({
      localId: id,
      config: this.config,
      clock: node.clock,
      random: this.random.fork(100 + id, incarnation),
      disk: node.disk,
      log: new KafkaMetadataLog<number>(node.disk, { clock: node.clock, ...SIM_LOG_RETENTION }),
      logCleanerIntervalMs: SIM_LOG_RETENTION.logCleanerIntervalMs,
      connect: (handler) =>
        this.network.attach(id, (source, request, respond) =>
          handler(source, request, (response) => {
            // 진짜 투표를 줬다는 답이 나가는 순간을 기록합니다 (VoteOncePerEpoch).
            if (request.api === 'Vote' && response.api === 'Vote' && response.voteGranted && !request.preVote) {
              this.safety.onVoteGranted(id, request.replicaEpoch, request.replicaId);
            }
            if (
              response.api === 'FetchSnapshot' &&
              response.errorCode === 0 &&
              response.position + response.unalignedRecords.length === response.size
            ) {
              this.counters.snapshotFetches++;
            }
            respond(response);
          }),
        ),
      listener: app,
      onShutdownComplete: () => this.#stopped(id, incarnation),
    });
    app.snapshotter = (endOffset, values) => {
      if (node.driver && node.incarnation === incarnation && node.driver.createSnapshot(endOffset, values).ok) {
        this.counters.snapshots++;
      }
    };
    if (incarnation > 1) this.counters.restarts++;
  }

  /**
   * 노드가 갑자기 죽습니다 (`kill -9`에 전원 차단까지): sync하지 않은 쓰기를 잃습니다. `tornWrites`면 덧붙이던
   * 꼬리의 일부가 운 좋게 남을 수 있습니다.
   */
  crash(id: number, tornWrites = false): void {
    const node = this.node(id);
    if (!node.driver) return;
    node.driver.stop();
    node.driver = null;
    this.#shuttingDown.delete(id);
    this.network.detach(id);
    this.counters.crashes++;
    this.counters.lostUnsyncedBytes += node.disk.crash(
      tornWrites ? { tornWrites: this.random.fork(7, this.counters.crashes) } : {},
    );
  }

  /** 노드를 죽이고 디스크도 통째로 잃습니다 (Kafka `killAndDeletePersistentState`). */
  killAndDeletePersistentState(id: number): void {
    this.crash(id);
    this.node(id).disk = new SimDisk();
    this.safety.forgetNode(id);
  }

  /** 우아한 종료: 리더면 물러나며 EndQuorumEpoch를 보내고, 끝나면 노드가 꺼집니다. */
  shutdown(id: number, timeoutMs = 5000): void {
    const node = this.node(id);
    if (!node.driver) return;
    this.counters.gracefulShutdowns++;
    this.#shuttingDown.add(id);
    node.driver.shutdown(timeoutMs);
  }

  #stopped(id: number, incarnation: number): void {
    const node = this.node(id);
    if (node.incarnation !== incarnation || !node.driver) return;
    node.driver = null;
    this.#shuttingDown.delete(id);
    this.network.detach(id);
  }

  /** 꺼진 노드를 모두 켭니다. 우아한 종료가 아직 끝나지 않은 노드는 마저 끄고 다시 켭니다. */
  restartAll(): void {
    for (const id of [...this.#shuttingDown]) this.crash(id);
    for (const node of this.nodes) this.start(node.id);
  }

  /** 노드의 시계를 옮깁니다 (앞으로 또는 뒤로). 그 노드의 시간 제한이 한꺼번에 지나거나 늦게 지납니다. */
  jumpClock(id: number, deltaMs: number): void {
    this.node(id).clock.jump(deltaMs);
    this.counters.clockJumps++;
  }

  /** 지금 리더: 켜져 있고, Leader 상태인 노드 가운데 에포크가 가장 큰 것 */
  leader(): SimNode | null {
    let best: SimNode | null = null;
    for (const node of this.running) {
      const client = node.driver?.client;
      if (client?.state.name !== 'Leader') continue;
      if (!best || client.epoch > (best.driver?.client.epoch ?? -1)) best = node;
    }
    return best;
  }

  /** 과반의 (켜진) 투표자가 같은 리더를 따르고, 그 리더가 Leader 상태인지 */
  hasConsistentLeader(): boolean {
    const leader = this.leader();
    const client = leader?.driver?.client;
    if (!leader || !client) return false;
    const following = this.voterIds.filter((id) => {
      const c = this.node(id).driver?.client;
      return c !== undefined && c.epoch === client.epoch && c.leaderId === leader.id;
    });
    return following.length >= Math.floor(this.voterIds.length / 2) + 1;
  }

  /** 리더가 있으면 다음 값을 하나 붙입니다 (Kafka `SequentialAppendAction`). */
  appendIfLeader(): void {
    const leader = this.leader();
    if (!leader?.driver) return;
    if (leader.driver.append([this.#nextValue]).ok) {
      this.#nextValue++;
      this.counters.appends++;
    }
  }

  /** 다음에 붙일 값 (이 값 이상이 커밋되면 그 뒤의 쓰기가 커밋된 것입니다) */
  get nextValue(): number {
    return this.#nextValue;
  }

  /** 커밋된 값 가운데 `value` 이상이 있는지 */
  hasCommittedValueAtLeast(value: number): boolean {
    const values = this.safety.committedValues();
    const last = values.at(-1);
    return typeof last === 'number' && last >= value;
  }

  /** 어느 노드의 하이 워터마크든 이만큼 왔는지 */
  anyReachedHighWatermark(offset: number, ids = this.nodes.map((n) => n.id)): boolean {
    return ids.some((id) => (this.node(id).driver?.client.highWatermark ?? -1) >= offset);
  }

  /** 켜진 노드 모두(또는 `ids` 모두)의 하이 워터마크가 이만큼 왔는지 */
  allReachedHighWatermark(offset: number, ids = this.nodes.map((n) => n.id)): boolean {
    return ids.every((id) => {
      const client = this.node(id).driver?.client;
      return client === undefined || (client.highWatermark ?? -1) >= offset;
    });
  }

  maxHighWatermark(ids = this.nodes.map((n) => n.id)): number {
    return Math.max(-1, ...ids.map((id) => this.node(id).driver?.client.highWatermark ?? -1));
  }

  maxLogEndOffset(): number {
    return Math.max(0, ...this.running.map((n) => n.driver?.client.logEndOffset ?? 0));
  }

  /** `action`을 [periodMs, periodMs + jitterMs) 간격으로 되풀이합니다 (Kafka `EventScheduler.schedule`). */
  every(periodMs: number, jitterMs: number, action: () => void): void {
    const run = () => {
      action();
      this.clock.schedule(periodMs + (jitterMs > 0 ? this.random.int(jitterMs) : 0), run);
    };
    this.clock.schedule(periodMs, run);
  }

  /** 사건을 하나 돌리고 안전성을 검사합니다. 사건이 없으면 false */
  step(): boolean {
    if (!this.clock.runNext()) return false;
    this.counters.steps++;
    this.safety.check(
      this.running.map((n) => ({
        id: n.id,
        incarnation: n.incarnation,
        client: (n.driver as KafkaRaftClientDriver<number>).client,
      })),
    );
    const hasLeader = this.hasConsistentLeader();
    if (hasLeader && this.#leaderlessSince !== null) {
      this.leaderlessIntervals.push(this.clock.now() - this.#leaderlessSince);
      this.#leaderlessSince = null;
    } else if (!hasLeader && this.#leaderlessSince === null) {
      this.#leaderlessSince = this.clock.now();
    }
    return true;
  }

  /** 조건이 참이 될 때까지 돌립니다. 가상 시간 `maxMs` 안에 되지 않으면 false */
  runUntil(condition: () => boolean, maxMs: number): boolean {
    const deadline = this.clock.now() + maxMs;
    while (!condition()) {
      const next = this.clock.peekTime();
      if (next === null || next > deadline) return false;
      this.step();
    }
    return true;
  }

  /** 가상 시간 `ms`만큼 돌립니다. */
  runFor(ms: number): void {
    const deadline = this.clock.now() + ms;
    for (let next = this.clock.peekTime(); next !== null && next <= deadline; next = this.clock.peekTime()) this.step();
  }
}
