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
  for (const id of all) sim.start(id);
  const healedAt = sim.clock.now();
  const firstValue = sim.nextValue;
  if (!sim.runUntil(() => sim.hasConsistentLeader(), RECOVERY_BOUND_MS)) {
    throw new LivenessFailure('장애를 거둔 뒤 리더가 뽑히지 않았습니다');
  }
  const electionMs = sim.clock.now() - healedAt;
  if (!sim.runUntil(() => sim.hasCommittedValueAtLeast(firstValue), RECOVERY_BOUND_MS)) {
    throw new LivenessFailure('장애를 거둔 뒤 보낸 레코드가 커밋되지 않았습니다');
  }
  const commitMs = sim.clock.now() - healedAt;
  const target = sim.maxHighWatermark();
  if (!sim.runUntil(() => sim.allReachedHighWatermark(target), RECOVERY_BOUND_MS)) {
    throw new LivenessFailure(`모든 노드가 하이 워터마크 ${target}까지 따라잡지 못했습니다`);
  }
  const { dropped, duplicated, blocked } = sim.network.stats;
  return {
    params,
    electionMs,
    commitMs,
    counters: sim.counters,
    committed: sim.safety.committedEnd,
    network: { dropped, duplicated, blocked },
  };
}
