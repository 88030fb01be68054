/**
 * 무작위 장애 시뮬레이션: 씨앗 하나가 매개변수(노드 수, 장애의 세기, Fetch 크기, 스냅숏 주기…)와 모든 장애의
 * 순서를 정합니다. TigerBeetle의 VOPR처럼, 실패하면 그 씨앗 하나로 똑같이 다시 돌릴 수 있습니다.
 *
 *   1. 소란(chaos): `chaosMs` 동안 무작위 장애를 겪습니다 — 노드가 죽고(sync하지 않은 쓰기를 잃고, 가끔은 반쯤
 *      쓴 꼬리를 남기고) 다시 켜지고, 리더가 우아하게 물러나고, 네트워크가 갈라지고(한 방향만 끊기기도 하고,
 *      리더만 떼어 놓기도 하고), 메시지를 잃고·늦추고·두 번 보내고·순서를 바꾸고, 노드의 시계가 뜁니다.
 *   2. 회복: 장애를 모두 거두고(분할을 풀고, 죽은 노드를 켜고, 네트워크를 잠잠하게) 나서, 상한 안에 리더가
 *      뽑히고, 그 뒤에 보낸 레코드가 커밋되고, 모든 노드가 그 자리까지 따라잡아야 합니다 (활성, liveness).
 *
 * 안전성은 두 단계 내내 걸음마다 검사합니다 (`quorum-safety.ts`).
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
import type { NetworkStats } from './network.js';
import { LivenessFailure, RECOVERY_BOUND_MS } from './quorum-scenarios.js';
import { QuorumSimulation, type SimulationCounters } from './quorum-simulation.js';
import { SeededRandom } from './random.js';

/**
 * 활성의 상한: 장애를 거둔 뒤 이 가상 시간 안에 리더가 서고, 그 뒤 다시 이 안에 새 레코드가 커밋되어야 합니다.
 * 씨앗 1만 개짜리 두 번의 실행에서 잰 최댓값(리더 3.9초, 커밋 6.1초)의 세 배쯤입니다. 모두가 따라잡는 데는 `RECOVERY_BOUND_MS`.
 */
export const LIVENESS_BOUND_MS = 20_000;

export interface ChaosParams extends ChaosLimits {
  readonly voters: number;
  readonly observers: number;
  readonly fetchMaxRecords: number;
  readonly fetchSnapshotMaxBytes: number;
  /** 이만큼 적용할 때마다 스냅숏 (0이면 만들지 않음) */
  readonly snapshotEvery: number;
  /** 죽을 때 sync하지 않은 꼬리의 일부가 남을 수 있는지 */
  readonly tornWrites: boolean;
}

/** 씨앗에서 매개변수를 정합니다. `overrides`로 일부를 고정할 수 있습니다 (다시 돌리는 명령에 함께 찍힙니다). */
export function chaosParams(seed: number, overrides: Partial<Omit<ChaosParams, 'seed'>> = {}): ChaosParams {
  const r = new SeededRandom(seed).fork(10);
  return {
    seed,
    voters: r.weighted([
      [1, 1],
      [1, 2],
      [6, 3],
      [1, 4],
      [4, 5],
    ]),
    observers: r.range(0, 2),
    chaosMs: 20_000,
    faultIntervalMs: r.pick([
      [200, 1000],
      [500, 2000],
      [1000, 4000],
    ] as const),
    ...messageFaultLimits(r),
    fetchMaxRecords: r.pick([1, 2, 3, 10, 1000]),
    // 가장 작은 조각은 배치 헤더(61바이트) 네 개쯤: `.checkpoint`는 레코드 배치라 레코드 하나에 10바이트 안팎입니다.
    fetchSnapshotMaxBytes: r.pick([256, 512, 1 << 20]),
    snapshotEvery: r.pick([0, 5, 20, 50]),
    tornWrites: r.chance(0.5),
    ...overrides,
  };
}

export interface ChaosReport {
  readonly params: ChaosParams;
  /** 처음 켜져서 첫 리더가 뽑히기까지 (가상 ms) */
  readonly initialElectionMs: number;
  /** 리더가 없던 구간들 (첫 선거 포함, 분할로 과반이 없던 구간도 포함) */
  readonly leaderlessIntervals: readonly number[];
  /** 장애를 거둔 뒤 리더가 뽑혀 과반이 따르기까지 (가상 ms) */
  readonly electionMs: number;
  /** 장애를 거둔 뒤 새로 보낸 레코드가 커밋되기까지 (가상 ms) */
  readonly commitMs: number;
  readonly counters: SimulationCounters;
  readonly committed: number;
  readonly network: NetworkStats;
}

type Fault =
  | 'crash'
  | 'crashLeader'
  | 'shutdownLeader'
  | 'partition'
  | 'isolateLeader'
  | 'oneWay'
  | 'turbulence'
  | 'clockJump';

export function runChaos(params: ChaosParams): ChaosReport {
  const random = new SeededRandom(params.seed);
  const faults = random.fork(5);
  const sim = new QuorumSimulation({
    voters: params.voters,
    observers: params.observers,
    random: random.fork(3),
    snapshotEvery: params.snapshotEvery,
    quorum: { fetchMaxRecords: params.fetchMaxRecords, fetchSnapshotMaxBytes: params.fetchSnapshotMaxBytes },
  });
  const all = sim.nodes.map((n) => n.id);
  const schedule = new FaultSchedule<Fault>(sim.clock, faults, params.chaosMs);
  const crash = (id: number) => {
    sim.crash(id, params.tornWrites && faults.chance(0.5));
    schedule.later(100, 5000, () => sim.start(id));
  };

  const inject = (fault: Fault) => {
    const leader = sim.leader();
    switch (fault) {
      case 'crash':
        crash(faults.pick(all));
        break;
      case 'crashLeader':
        if (leader) crash(leader.id);
        break;
      case 'shutdownLeader':
        if (leader) {
          sim.shutdown(leader.id, faults.range(500, 3000));
          schedule.later(3000, 8000, () => sim.start(leader.id));
        }
        break;
      case 'partition': {
        const shuffled = faults.shuffle(all);
        const cut = faults.range(1, Math.max(1, all.length - 1));
        sim.network.partition(shuffled.slice(0, cut), shuffled.slice(cut));
        sim.counters.partitions++;
        schedule.later(300, 5000, () => sim.network.heal());
        break;
      }
      case 'isolateLeader':
        if (leader) {
          sim.network.isolate(leader.id, all);
          sim.counters.partitions++;
          schedule.later(300, 5000, () => sim.network.heal());
        }
        break;
      case 'oneWay': {
        // 비대칭 분할: 한 노드가 보내지만 받지 못하거나, 받지만 보내지 못합니다.
        const node = leader && faults.chance(0.5) ? leader.id : faults.pick(all);
        const others = all.filter((id) => id !== node);
        if (faults.chance(0.5)) sim.network.block([node], others);
        else sim.network.block(others, [node]);
        sim.counters.partitions++;
        schedule.later(300, 5000, () => sim.network.heal());
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
  sim.every(20, 40, () => sim.appendIfLeader());
  schedule.start(
    params.faultIntervalMs,
    [
      [3, 'crash'],
      [3, 'crashLeader'],
      [1, 'shutdownLeader'],
      [2, 'partition'],
      [2, 'isolateLeader'],
      [1, 'oneWay'],
      [2, 'turbulence'],
      [1, 'clockJump'],
    ],
    inject,
  );
  sim.runFor(params.chaosMs);

  // 회복: 장애를 모두 거둡니다.
  calmNetwork(sim.network);
  sim.restartAll();
  const healedAt = sim.clock.now();
  const firstValue = sim.nextValue;
  if (!sim.runUntil(() => sim.hasConsistentLeader(), LIVENESS_BOUND_MS)) {
    throw new LivenessFailure('장애를 거둔 뒤 리더가 뽑히지 않았습니다', LIVENESS_BOUND_MS);
  }
  const electionMs = sim.clock.now() - healedAt;
  if (!sim.runUntil(() => sim.hasCommittedValueAtLeast(firstValue), LIVENESS_BOUND_MS)) {
    throw new LivenessFailure('리더가 선 뒤에도 장애를 거둔 뒤 보낸 레코드가 커밋되지 않았습니다', LIVENESS_BOUND_MS);
  }
  const commitMs = sim.clock.now() - healedAt;
  const target = sim.maxHighWatermark();
  if (!sim.runUntil(() => sim.allReachedHighWatermark(target), RECOVERY_BOUND_MS)) {
    throw new LivenessFailure(`모든 노드가 하이 워터마크 ${target}까지 따라잡지 못했습니다`);
  }
  return {
    params,
    initialElectionMs: sim.leaderlessIntervals[0] ?? 0,
    leaderlessIntervals: sim.leaderlessIntervals,
    electionMs,
    commitMs,
    counters: sim.counters,
    committed: sim.safety.committedEnd,
    network: networkTotals(sim.network.stats),
  };
}

/** 매개변수를 한 줄로 (실행 전에 찍습니다) */
export function describeParams(p: ChaosParams): string {
  return [
    `씨앗 ${p.seed}`,
    `투표자 ${p.voters}`,
    `관찰자 ${p.observers}`,
    ...describeLimits(p),
    `Fetch ${p.fetchMaxRecords}개`,
    `FetchSnapshot ${p.fetchSnapshotMaxBytes}B`,
    `스냅숏 ${p.snapshotEvery === 0 ? '없음' : `${p.snapshotEvery}개마다`}`,
    `찢어진 쓰기 ${p.tornWrites ? '있음' : '없음'}`,
  ].join(', ');
}

/** 여러 씨앗의 결과: 겪은 장애의 수와 선거·커밋 시간의 분포 */
function summarize(reports: readonly ChaosReport[]): string[] {
  const c = sumCounters(reports.map((r) => r.counters));
  const n = sumCounters(reports.map((r) => r.network));
  const committed = reports.reduce((total, r) => total + r.committed, 0);
  const d = (values: readonly number[]) => formatDistribution(distribution(values));
  return [
    `씨앗 ${reports.length}개, 걸음 ${c.steps}번 (걸음마다 안전성 검사), 커밋된 레코드 ${committed}개, 스냅숏 ${c.snapshots}개 (FetchSnapshot으로 받아 감 ${c.snapshotFetches}번)`,
    `장애: 노드 죽음 ${c.crashes}번(sync하지 않아 잃은 바이트 ${c.lostUnsyncedBytes}), 다시 켬 ${c.restarts}번, 우아한 종료 ${c.gracefulShutdowns}번, ` +
      `분할 ${c.partitions}번, 시계 점프 ${c.clockJumps}번, 메시지 유실 ${n.dropped}개·복제 ${n.duplicated}개·분할로 막힘 ${n.blocked}개`,
    `첫 선거: ${d(reports.map((r) => r.initialElectionMs))}`,
    `장애를 거둔 뒤 리더가 서기까지: ${d(reports.map((r) => r.electionMs))}`,
    `장애를 거둔 뒤 새 레코드가 커밋되기까지: ${d(reports.map((r) => r.commitMs))}`,
    `리더가 없던 구간(소란 중 포함): ${d(reports.flatMap((r) => r.leaderlessIntervals))}`,
  ];
}

/** `npm run sim` (기본 판) */
export const quorumChaos: ChaosMode<ChaosParams, ChaosReport> = {
  name: 'quorum',
  title: 'KRaft 쿼럼 시뮬레이션',
  overridable: [
    'voters',
    'observers',
    'chaosMs',
    'faultIntervalMs',
    'maxDropRate',
    'maxDuplicateRate',
    'maxDelayMs',
    'fetchMaxRecords',
    'fetchSnapshotMaxBytes',
    'snapshotEvery',
    'tornWrites',
  ],
  params: chaosParams,
  describe: describeParams,
  run: runChaos,
  summarize,
};
