/**
 * 클러스터의 무작위 장애 시뮬레이션: 컨트롤러 쿼럼, 브로커, 관리 클라이언트가 함께 도는 동안 장애를 겪고, 장애를
 * 거둔 뒤 회복합니다. 씨앗 하나가 매개변수와 모든 장애의 순서를 정합니다 (틀은 `chaos-harness.ts`).
 *
 *   1. 소란: 컨트롤러가 죽고(sync하지 않은 쓰기를 잃고) 다시 켜지고, 리더가 우아하게 물러나고, 브로커가 죽거나
 *      제어된 종료로 꺼졌다가 돌아오고, 네트워크가 갈라지고(브로커만 떼어 놓기도), 메시지를 잃고·늦추고·두 번
 *      보내고, 노드의 시계가 뜁니다. 그동안 관리 클라이언트는 토픽을 만들고 지웁니다.
 *   2. 회복 (활성, liveness): 장애를 거두고 브로커 하나(`downBroker`)만 꺼 둔 채 모두 켭니다. 상한 안에
 *        - 쿼럼의 리더와 활성 컨트롤러가 서고, 새 토픽을 만든다는 답(= 커밋)이 오고,
 *        - 꺼 둔 브로커는 세션 시간 제한이 지나 펜싱되고 (커밋된 상태에서),
 *        - 켜진 브로커는 모두 RUNNING이고 펜싱되지 않았고 메타데이터를 따라잡고,
 *        - 꺼 둔 브로커를 다시 켜면 따라잡아 펜싱이 풀립니다.
 *      끝으로 모든 노드의 상태가 커밋된 레코드를 재생한 것과 같은지 봅니다.
 */

import {
  type ChaosLimits,
  type ChaosMode,
  calmNetwork,
  describeLimits,
  distribution,
  FaultSchedule,
  formatDistribution,
  messageFaultLimits,
  networkTotals,
  sumCounters,
  turbulence,
} from './chaos-harness.js';
import { SimBrokerNode } from './cluster-nodes.js';
import { type ClusterCounters, ClusterSimulation } from './cluster-simulation.js';
import type { MetadataCounters } from './metadata-safety.js';
import type { NetworkStats } from './network.js';
import { LIVENESS_BOUND_MS } from './quorum-chaos.js';
import { LivenessFailure, RECOVERY_BOUND_MS } from './quorum-scenarios.js';
import { SeededRandom } from './random.js';

export interface ClusterChaosParams extends ChaosLimits {
  readonly controllers: number;
  readonly brokers: number;
  readonly fetchMaxRecords: number;
  /** 컨트롤러가 이만큼 적용할 때마다 스냅숏 (0이면 만들지 않음) */
  readonly snapshotEvery: number;
  readonly tornWrites: boolean;
}

export function clusterChaosParams(
  seed: number,
  overrides: Partial<Omit<ClusterChaosParams, 'seed'>> = {},
): ClusterChaosParams {
  const r = new SeededRandom(seed).fork(20);
  return {
    seed,
    controllers: r.weighted([
      [1, 1],
      [6, 3],
      [2, 5],
    ]),
    brokers: r.weighted([
      [1, 1],
      [2, 2],
      [4, 3],
      [1, 4],
    ]),
    chaosMs: 30_000,
    faultIntervalMs: r.pick([
      [500, 1500],
      [1000, 3000],
      [2000, 5000],
    ] as const),
    ...messageFaultLimits(r),
    fetchMaxRecords: r.pick([2, 10, 1000]),
    snapshotEvery: r.pick([0, 10, 40]),
    tornWrites: r.chance(0.5),
    ...overrides,
  };
}

export interface ClusterChaosReport {
  readonly params: ClusterChaosParams;
  /** 장애를 거둔 뒤 활성 컨트롤러가 서기까지 (가상 ms) */
  readonly activeAfterHealMs: number;
  /** 장애를 거둔 뒤 새 토픽이 커밋되었다는 답이 오기까지 */
  readonly createAfterHealMs: number;
  /** 장애를 거둔 뒤 꺼 둔 브로커의 펜싱이 커밋되기까지 (꺼 둔 브로커가 없으면 null) */
  readonly fenceAfterHealMs: number | null;
  /** 꺼 둔 브로커를 다시 켜서 펜싱이 풀리기까지 (없으면 null) */
  readonly unfenceAfterRestartMs: number | null;
  readonly counters: ClusterCounters;
  readonly metadata: MetadataCounters;
  readonly committedOffsets: number;
  readonly network: NetworkStats;
}

type Fault =
  | 'crashController'
  | 'crashLeader'
  | 'shutdownLeader'
  | 'crashBroker'
  | 'controlledShutdown'
  | 'partition'
  | 'isolateLeader'
  | 'isolateBroker'
  | 'oneWay'
  | 'turbulence'
  | 'clockJump';

export function runClusterChaos(params: ClusterChaosParams): ClusterChaosReport {
  const random = new SeededRandom(params.seed);
  const faults = random.fork(5);
  const sim = new ClusterSimulation({
    controllers: params.controllers,
    brokers: params.brokers,
    random: random.fork(3),
    quorum: { fetchMaxRecords: params.fetchMaxRecords },
    timing: { snapshotEvery: params.snapshotEvery },
  });
  const controllerIds = sim.controllers.map((n) => n.id);
  const brokerIds = sim.brokers.map((n) => n.id);
  const all = [...controllerIds, ...brokerIds];
  const schedule = new FaultSchedule<Fault>(sim.clock, faults, params.chaosMs);
  const quorumLeader = () => sim.controllers.find((n) => n.driver?.client.state.name === 'Leader') ?? null;
  const crash = (id: number, minMs: number, maxMs: number) => {
    sim.crash(id, params.tornWrites && faults.chance(0.5));
    schedule.later(minMs, maxMs, () => sim.start(id));
  };
  const heal = (minMs = 300, maxMs = 5000) => schedule.later(minMs, maxMs, () => sim.network.heal());

  const inject = (fault: Fault) => {
    const leader = quorumLeader();
    switch (fault) {
      case 'crashController':
        crash(faults.pick(controllerIds), 100, 5000);
        break;
      case 'crashLeader':
        if (leader) crash(leader.id, 100, 5000);
        break;
      case 'shutdownLeader':
        if (leader) {
          sim.shutdownController(leader.id, faults.range(500, 3000));
          schedule.later(3000, 8000, () => sim.start(leader.id));
        }
        break;
      case 'crashBroker':
        // 세션 시간 제한(9초)보다 짧게도 길게도 꺼 둡니다: 길면 펜싱되었다가 돌아와 풀립니다.
        crash(faults.pick(brokerIds), 500, 15_000);
        break;
      case 'controlledShutdown': {
        const id = faults.pick(brokerIds);
        sim.beginControlledShutdown(id);
        schedule.later(2000, 12_000, () => sim.start(id));
        break;
      }
      case 'partition': {
        const shuffled = faults.shuffle(all);
        const cut = faults.range(1, all.length - 1);
        sim.network.partition(shuffled.slice(0, cut), shuffled.slice(cut));
        sim.counters.partitions++;
        heal();
        break;
      }
      case 'isolateLeader':
        if (leader) {
          sim.network.isolate(leader.id, all);
          sim.counters.partitions++;
          heal();
        }
        break;
      case 'isolateBroker':
        // 브로커를 컨트롤러에서 떼어 놓습니다: 세션이 끝나면 펜싱되고, 다시 닿으면 따라잡아 풀립니다.
        sim.network.partition([faults.pick(brokerIds)], controllerIds);
        sim.counters.partitions++;
        heal(2000, 15_000);
        break;
      case 'oneWay': {
        const node = faults.pick(all);
        const others = all.filter((id) => id !== node);
        if (faults.chance(0.5)) sim.network.block([node], others);
        else sim.network.block(others, [node]);
        sim.counters.partitions++;
        heal();
        break;
      }
      case 'turbulence':
        sim.network.faults = turbulence(faults, params);
        break;
      case 'clockJump':
        sim.jumpClock(faults.pick(all), faults.range(-3000, 3000));
        break;
    }
  };

  sim.startAll();
  sim.admin.runEvery(300, 1500, params.brokers, () => sim.clock.now() >= params.chaosMs);
  schedule.start(
    params.faultIntervalMs,
    [
      [2, 'crashController'],
      [3, 'crashLeader'],
      [1, 'shutdownLeader'],
      [3, 'crashBroker'],
      [2, 'controlledShutdown'],
      [2, 'partition'],
      [1, 'isolateLeader'],
      [2, 'isolateBroker'],
      [1, 'oneWay'],
      [2, 'turbulence'],
      [1, 'clockJump'],
    ],
    inject,
  );
  sim.runFor(params.chaosMs);

  // 회복: 장애를 거두고, 브로커 하나만 꺼 둔 채 모두 켭니다.
  calmNetwork(sim.network);
  const downBroker = brokerIds.length > 1 ? faults.pick(brokerIds) : null;
  if (downBroker !== null) sim.crash(downBroker);
  for (const node of sim.controllers) {
    // 우아한 종료가 아직 끝나지 않은 컨트롤러는 마저 끄고 다시 켭니다.
    if (node.shuttingDown) sim.crash(node.id);
    sim.start(node.id);
  }
  for (const node of sim.brokers) {
    if (node.id === downBroker) continue;
    // 제어된 종료가 아직 끝나지 않은 브로커도 마저 끄고 다시 켭니다.
    if (node.parts?.lifecycle.state === 'PENDING_CONTROLLED_SHUTDOWN') sim.crash(node.id);
    sim.start(node.id);
  }
  const healedAt = sim.clock.now();
  const since = () => sim.clock.now() - healedAt;

  expect(
    sim,
    () => sim.hasConsistentLeader() && sim.activeController() !== null,
    LIVENESS_BOUND_MS,
    '장애를 거둔 뒤 활성 컨트롤러가 서지 않았습니다',
  );
  const activeAfterHealMs = since();

  let created = false;
  const tryCreate = () =>
    sim.admin.createTopic(params.brokers, (ok) => {
      if (ok) created = true;
      else if (since() < LIVENESS_BOUND_MS) sim.clock.schedule(100, tryCreate);
    });
  tryCreate();
  // 펜싱이 풀린 브로커가 하나도 없으면 토픽을 놓을 곳이 없습니다: 다시 켠 브로커의 새 세대는 옛 세션이 끝나기를
  // (세션 시간 제한) 기다려 등록하므로, 상한에 그만큼을 더합니다.
  expect(
    sim,
    () => created,
    sim.timing.sessionTimeoutMs + LIVENESS_BOUND_MS,
    '장애를 거둔 뒤 새 토픽이 커밋되지 않았습니다',
  );
  const createAfterHealMs = since();

  const committed = (brokerId: number) =>
    sim.activeController()?.controller?.committedState.cluster.registration(brokerId);
  let fenceAfterHealMs: number | null = null;
  if (downBroker !== null) {
    expect(
      sim,
      // 한 번도 등록하지 못했으면 펜싱할 것도 없습니다.
      () => committed(downBroker)?.fenced !== false,
      sim.timing.sessionTimeoutMs + LIVENESS_BOUND_MS,
      `꺼 둔 브로커 ${downBroker}가 세션 시간 제한이 지나도 펜싱되지 않았습니다`,
    );
    fenceAfterHealMs = since();
  }

  const running = (id: number) => {
    const node = sim.node(id);
    const parts = node instanceof SimBrokerNode ? node.parts : null;
    const active = sim.activeController()?.controller;
    return (
      parts !== null &&
      active != null &&
      parts.lifecycle.state === 'RUNNING' &&
      committed(id)?.fenced === false &&
      parts.image.offset >= active.lastCommittedOffset
    );
  };
  const live = brokerIds.filter((id) => id !== downBroker);
  expect(
    sim,
    () => live.every(running),
    RECOVERY_BOUND_MS,
    `브로커 ${live.join(', ')}가 모두 RUNNING으로 따라잡지 못했습니다`,
  );

  let unfenceAfterRestartMs: number | null = null;
  if (downBroker !== null) {
    const restartedAt = sim.clock.now();
    sim.start(downBroker);
    expect(
      sim,
      () => running(downBroker),
      RECOVERY_BOUND_MS,
      `다시 켠 브로커 ${downBroker}의 펜싱이 풀리지 않았습니다`,
    );
    unfenceAfterRestartMs = sim.clock.now() - restartedAt;
  }
  sim.checkAllStates();

  return {
    params,
    activeAfterHealMs,
    createAfterHealMs,
    fenceAfterHealMs,
    unfenceAfterRestartMs,
    counters: sim.counters,
    metadata: sim.metadata.counters,
    committedOffsets: sim.metadata.committedEnd,
    network: networkTotals(sim.network.stats),
  };
}

function expect(sim: ClusterSimulation, condition: () => boolean, boundMs: number, what: string): void {
  if (!sim.runUntil(condition, boundMs)) throw new LivenessFailure(what, boundMs);
}

export function describeClusterParams(p: ClusterChaosParams): string {
  return [
    `씨앗 ${p.seed}`,
    `컨트롤러 ${p.controllers}`,
    `브로커 ${p.brokers}`,
    ...describeLimits(p),
    `Fetch ${p.fetchMaxRecords}개`,
    `스냅숏 ${p.snapshotEvery === 0 ? '없음' : `${p.snapshotEvery}개마다`}`,
    `찢어진 쓰기 ${p.tornWrites ? '있음' : '없음'}`,
  ].join(', ');
}

/** 여러 씨앗의 결과: 겪은 장애와 메타데이터의 사건 수, 회복 시간의 분포 */
function summarize(reports: readonly ClusterChaosReport[]): string[] {
  const f = sumCounters(reports.map((r) => r.counters));
  const n = sumCounters(reports.map((r) => r.network));
  const m = sumCounters(reports.map((r) => r.metadata));
  // 꺼 둔 브로커가 없던 씨앗(브로커 하나)에는 펜싱과 펜싱 풀기의 시간이 없습니다.
  const d = (values: readonly (number | null)[]) =>
    formatDistribution(distribution(values.filter((v): v is number => v !== null)));
  return [
    `씨앗 ${reports.length}개, 걸음 ${f.steps}번 (걸음마다 쿼럼과 메타데이터의 안전성 검사), 커밋된 메타데이터 레코드 ${m.committedRecords}개`,
    `장애: 컨트롤러 죽음 ${f.controllerCrashes}번, 브로커 죽음 ${f.brokerCrashes}번, 제어된 종료 ${f.controlledShutdowns}번(스스로 꺼진 브로커 ${f.brokerSelfShutdowns}번), ` +
      `다시 켬 ${f.restarts}번, 분할 ${f.partitions}번, 시계 점프 ${f.clockJumps}번, sync하지 않아 잃은 바이트 ${f.lostUnsyncedBytes}, ` +
      `메시지 유실 ${n.dropped}개·복제 ${n.duplicated}개·분할로 막힘 ${n.blocked}개`,
    `메타데이터: 브로커 등록 ${m.registrations}번, 펜싱 ${m.fences}번, 펜싱 풀기 ${m.unfences}번, 제어된 종료 시작 ${m.controlledShutdowns}번, ` +
      `파티션 리더 선거 ${m.leaderElections}번(그 가운데 오프라인 ${m.offlinePartitions}번), 만든 토픽 ${m.topicsCreated}개(답을 받은 것 ${m.acknowledgedCreates}개)`,
    `장애를 거둔 뒤 활성 컨트롤러가 서기까지: ${d(reports.map((r) => r.activeAfterHealMs))}`,
    `장애를 거둔 뒤 새 토픽이 커밋되기까지: ${d(reports.map((r) => r.createAfterHealMs))}`,
    `장애를 거둔 뒤 꺼 둔 브로커의 펜싱이 커밋되기까지: ${d(reports.map((r) => r.fenceAfterHealMs))}`,
    `꺼 둔 브로커를 다시 켜 펜싱이 풀리기까지: ${d(reports.map((r) => r.unfenceAfterRestartMs))}`,
  ];
}

/** `npm run sim -- --mode cluster` */
export const clusterChaos: ChaosMode<ClusterChaosParams, ClusterChaosReport> = {
  name: 'cluster',
  title: '클러스터 시뮬레이션 (컨트롤러와 브로커)',
  overridable: [
    'controllers',
    'brokers',
    'chaosMs',
    'faultIntervalMs',
    'maxDropRate',
    'maxDuplicateRate',
    'maxDelayMs',
    'fetchMaxRecords',
    'snapshotEvery',
    'tornWrites',
  ],
  params: clusterChaosParams,
  describe: describeClusterParams,
  run: runClusterChaos,
  summarize,
};
