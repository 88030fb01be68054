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
import { LivenessFailure, RECOVERY_BOUND_MS } from './quorum-scenarios.js';
import { QuorumSimulation, type SimulationCounters } from './quorum-simulation.js';
import { SeededRandom } from './random.js';

/**
 * 활성의 상한: 장애를 거둔 뒤 이 가상 시간 안에 리더가 서고, 그 뒤 다시 이 안에 새 레코드가 커밋되어야 합니다.
 * 씨앗 1만 개짜리 두 번의 실행에서 잰 최댓값(리더 3.9초, 커밋 6.1초)의 세 배쯤입니다. 모두가 따라잡는 데는 `RECOVERY_BOUND_MS`.
 */
export const LIVENESS_BOUND_MS = 20_000;

export interface ChaosParams {
  readonly seed: number;
  readonly voters: number;
  readonly observers: number;
  /** 장애를 겪는 가상 시간 */
  readonly chaosMs: number;
  /** 장애 사이의 간격 [최소, 최대] */
  readonly faultIntervalMs: readonly [number, number];
  readonly maxDropRate: number;
  readonly maxDuplicateRate: number;
  readonly maxDelayMs: number;
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
    maxDropRate: r.pick([0, 0.05, 0.2]),
    maxDuplicateRate: r.pick([0, 0.05, 0.2]),
    maxDelayMs: r.pick([5, 20, 100]),
    fetchMaxRecords: r.pick([1, 2, 3, 10, 1000]),
    fetchSnapshotMaxBytes: r.pick([64, 512, 1 << 20]),
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
  readonly network: { readonly dropped: number; readonly duplicated: number; readonly blocked: number };
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
  const chaosEnd = params.chaosMs;
  /** 장애가 끝나는 일을 예약합니다 (소란이 끝나면 어차피 다 거둡니다). */
  const later = (minMs: number, maxMs: number, undo: () => void) =>
    sim.clock.schedule(faults.range(minMs, maxMs), () => {
      if (sim.clock.now() < chaosEnd) undo();
    });
  const crash = (id: number) => {
    sim.crash(id, params.tornWrites && faults.chance(0.5));
    later(100, 5000, () => sim.start(id));
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
          later(3000, 8000, () => sim.start(leader.id));
        }
        break;
      case 'partition': {
        const shuffled = faults.shuffle(all);
        const cut = faults.range(1, Math.max(1, all.length - 1));
        sim.network.partition(shuffled.slice(0, cut), shuffled.slice(cut));
        sim.counters.partitions++;
        later(300, 5000, () => sim.network.heal());
        break;
      }
      case 'isolateLeader':
        if (leader) {
          sim.network.isolate(leader.id, all);
          sim.counters.partitions++;
          later(300, 5000, () => sim.network.heal());
        }
        break;
      case 'oneWay': {
        // 비대칭 분할: 한 노드가 보내지만 받지 못하거나, 받지만 보내지 못합니다.
        const node = leader && faults.chance(0.5) ? leader.id : faults.pick(all);
        const others = all.filter((id) => id !== node);
        if (faults.chance(0.5)) sim.network.block([node], others);
        else sim.network.block(others, [node]);
        sim.counters.partitions++;
        later(300, 5000, () => sim.network.heal());
        break;
      }
      case 'turbulence':
        sim.network.faults = {
          minDelayMs: 1,
          maxDelayMs: faults.range(1, params.maxDelayMs),
          dropRate: (faults.next() / 2 ** 32) * params.maxDropRate,
          duplicateRate: (faults.next() / 2 ** 32) * params.maxDuplicateRate,
          spikeRate: faults.chance(0.3) ? 0.02 : 0,
          spikeDelayMs: 2000,
        };
        break;
      case 'clockJump':
        sim.jumpClock(faults.pick(all), faults.range(-3000, 3000));
        break;
    }
  };

  const scheduleNextFault = () =>
    sim.clock.schedule(faults.range(params.faultIntervalMs[0], params.faultIntervalMs[1]), () => {
      if (sim.clock.now() >= chaosEnd) return;
      inject(
        faults.weighted<Fault>([
          [3, 'crash'],
          [3, 'crashLeader'],
          [1, 'shutdownLeader'],
          [2, 'partition'],
          [2, 'isolateLeader'],
          [1, 'oneWay'],
          [2, 'turbulence'],
          [1, 'clockJump'],
        ]),
      );
      scheduleNextFault();
    });

  sim.startAll();
  sim.every(20, 40, () => sim.appendIfLeader());
  scheduleNextFault();
  sim.runFor(chaosEnd);

  // 회복: 장애를 모두 거둡니다.
  sim.network.heal();
  sim.network.faults = { minDelayMs: 1, maxDelayMs: 5, dropRate: 0, duplicateRate: 0, spikeRate: 0, spikeDelayMs: 0 };
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
  const { dropped, duplicated, blocked } = sim.network.stats;
  return {
    params,
    initialElectionMs: sim.leaderlessIntervals[0] ?? 0,
    leaderlessIntervals: sim.leaderlessIntervals,
    electionMs,
    commitMs,
    counters: sim.counters,
    committed: sim.safety.committedEnd,
    network: { dropped, duplicated, blocked },
  };
}

/** 씨앗 하나를 다시 돌리는 명령. 고정한 매개변수가 있으면 함께 붙입니다. */
export function replayCommand(seed: number, overrides: Partial<Omit<ChaosParams, 'seed'>> = {}): string {
  const flags = Object.entries(overrides).map(
    ([key, value]) => ` --${key} ${Array.isArray(value) ? value.join(',') : value}`,
  );
  return `npm run sim -- --seed ${seed}${flags.join('')}`;
}

/** 매개변수를 한 줄로 (실행 전에 찍습니다) */
export function describeParams(p: ChaosParams): string {
  return [
    `씨앗 ${p.seed}`,
    `투표자 ${p.voters}`,
    `관찰자 ${p.observers}`,
    `소란 ${p.chaosMs}ms`,
    `장애 간격 ${p.faultIntervalMs[0]}~${p.faultIntervalMs[1]}ms`,
    `유실 ≤${p.maxDropRate}`,
    `복제 ≤${p.maxDuplicateRate}`,
    `지연 ≤${p.maxDelayMs}ms`,
    `Fetch ${p.fetchMaxRecords}개`,
    `FetchSnapshot ${p.fetchSnapshotMaxBytes}B`,
    `스냅숏 ${p.snapshotEvery === 0 ? '없음' : `${p.snapshotEvery}개마다`}`,
    `찢어진 쓰기 ${p.tornWrites ? '있음' : '없음'}`,
  ].join(', ');
}

export interface Distribution {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, median: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0 };
}

export interface ChaosSummary {
  readonly seeds: number;
  readonly faults: Omit<SimulationCounters, 'appends' | 'snapshots' | 'steps'> & {
    readonly droppedMessages: number;
    readonly duplicatedMessages: number;
    readonly blockedMessages: number;
  };
  readonly steps: number;
  readonly committedRecords: number;
  readonly snapshots: number;
  readonly initialElection: Distribution;
  readonly electionAfterHeal: Distribution;
  readonly commitAfterHeal: Distribution;
  readonly leaderless: Distribution;
}

/** 여러 씨앗의 결과를 모읍니다: 겪은 장애의 수와 선거·커밋 시간의 분포 */
export function summarize(reports: readonly ChaosReport[]): ChaosSummary {
  const sum = (pick: (r: ChaosReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    seeds: reports.length,
    faults: {
      crashes: sum((r) => r.counters.crashes),
      restarts: sum((r) => r.counters.restarts),
      gracefulShutdowns: sum((r) => r.counters.gracefulShutdowns),
      partitions: sum((r) => r.counters.partitions),
      clockJumps: sum((r) => r.counters.clockJumps),
      lostUnsyncedBytes: sum((r) => r.counters.lostUnsyncedBytes),
      droppedMessages: sum((r) => r.network.dropped),
      duplicatedMessages: sum((r) => r.network.duplicated),
      blockedMessages: sum((r) => r.network.blocked),
    },
    steps: sum((r) => r.counters.steps),
    committedRecords: sum((r) => r.committed),
    snapshots: sum((r) => r.counters.snapshots),
    initialElection: distribution(reports.map((r) => r.initialElectionMs)),
    electionAfterHeal: distribution(reports.map((r) => r.electionMs)),
    commitAfterHeal: distribution(reports.map((r) => r.commitMs)),
    leaderless: distribution(reports.flatMap((r) => r.leaderlessIntervals)),
  };
}

/** 요약을 사람이 읽을 줄들로 */
export function formatSummary(s: ChaosSummary): string[] {
  const d = (x: Distribution) => `중앙값 ${x.median}ms, p90 ${x.p90}ms, 최대 ${x.max}ms (${x.count}번)`;
  const f = s.faults;
  return [
    `씨앗 ${s.seeds}개, 걸음 ${s.steps}번 (걸음마다 안전성 검사), 커밋된 레코드 ${s.committedRecords}개, 스냅숏 ${s.snapshots}개`,
    `장애: 노드 죽음 ${f.crashes}번(sync하지 않아 잃은 바이트 ${f.lostUnsyncedBytes}), 다시 켬 ${f.restarts}번, 우아한 종료 ${f.gracefulShutdowns}번, ` +
      `분할 ${f.partitions}번, 시계 점프 ${f.clockJumps}번, 메시지 유실 ${f.droppedMessages}개·복제 ${f.duplicatedMessages}개·분할로 막힘 ${f.blockedMessages}개`,
    `첫 선거: ${d(s.initialElection)}`,
    `장애를 거둔 뒤 리더가 서기까지: ${d(s.electionAfterHeal)}`,
    `장애를 거둔 뒤 새 레코드가 커밋되기까지: ${d(s.commitAfterHeal)}`,
    `리더가 없던 구간(소란 중 포함): ${d(s.leaderless)}`,
  ];
}
