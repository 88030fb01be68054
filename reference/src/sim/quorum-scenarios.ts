/**
 * Kafka `RaftEventSimulationTest`의 시나리오들을 이 시뮬레이터로 옮긴 것 (이름도 그대로)과, Raft 논문 Figure 8.
 * 시나리오마다 씨앗 하나로 투표자·관찰자 수와 모든 무작위 선택이 정해집니다.
 *
 * 각 시나리오는 "워밍업 → 장애 → 회복 확인"의 모양이고, 회복은 가상 시간의 상한 안에 일어나야 합니다.
 * 안전성은 걸음마다 `SafetyChecker`가 검사합니다.
 */
import type { QuorumConfig } from '../raft/types.js';
import { QuorumSimulation } from './quorum-simulation.js';
import { SeededRandom } from './random.js';

/** 회복을 기다리는 가상 시간의 상한 */
export const RECOVERY_BOUND_MS = 60_000;

export class LivenessFailure extends Error {
  constructor(what: string, boundMs = RECOVERY_BOUND_MS) {
    super(`가상 시간 ${boundMs / 1000}초 안에 ${what}`);
    this.name = 'LivenessFailure';
  }
}

export interface ScenarioParams {
  readonly seed: number;
  readonly voters: number;
  readonly observers: number;
}

interface Scenario {
  /** 씨앗으로 정하는 투표자 수의 범위 (Kafka의 `@IntRange`) */
  readonly voters: readonly [number, number];
  readonly observers: readonly [number, number];
  /** 이 시나리오만의 쿼럼 설정 */
  readonly quorum?: Partial<Omit<QuorumConfig, 'voters' | 'clusterId'>>;
  readonly run: (sim: QuorumSimulation, random: SeededRandom) => void;
}

function await_(sim: QuorumSimulation, condition: () => boolean, what: string): void {
  if (!sim.runUntil(condition, RECOVERY_BOUND_MS)) throw new LivenessFailure(what);
}

/** 모두 켜고, 쓰기를 계속 보내고, 리더가 뽑혀 하이 워터마크가 `offset`에 닿을 때까지 */
function warmUp(sim: QuorumSimulation, offset: number): void {
  sim.startAll();
  sim.every(10, 20, () => sim.appendIfLeader());
  await_(sim, () => sim.hasConsistentLeader(), '첫 리더가 뽑히지 않았습니다');
  await_(sim, () => sim.anyReachedHighWatermark(offset), `하이 워터마크가 ${offset}에 닿지 않았습니다`);
}

function leaderId(sim: QuorumSimulation): number {
  const leader = sim.leader();
  if (!leader) throw new LivenessFailure('리더가 없습니다');
  return leader.id;
}

export const scenarios = {
  canElectInitialLeader: {
    voters: [1, 5],
    observers: [0, 5],
    run: (sim) => {
      warmUp(sim, 1);
      await_(sim, () => sim.allReachedHighWatermark(10), '모든 노드의 하이 워터마크가 10에 닿지 않았습니다');
    },
  },

  canElectNewLeaderAfterOldLeaderFailure: {
    voters: [3, 5],
    observers: [0, 5],
    run: (sim, random) => {
      warmUp(sim, 10);
      const old = leaderId(sim);
      if (random.chance(0.5)) sim.shutdown(old);
      else sim.crash(old);
      await_(sim, () => !sim.isRunning(old) || sim.leader()?.id !== old, '옛 리더가 물러나지 않았습니다');
      sim.crash(old); // 우아한 종료가 끝나지 않았으면 마저 끕니다
      await_(sim, () => sim.allReachedHighWatermark(20), '새 리더 아래에서 하이 워터마크가 20에 닿지 않았습니다');
      const highWatermark = sim.maxHighWatermark();
      sim.start(old);
      await_(sim, () => sim.allReachedHighWatermark(highWatermark + 10), '다시 켠 옛 리더가 따라잡지 못했습니다');
    },
  },

  canRecoverAfterAllNodesKilled: {
    voters: [1, 5],
    observers: [0, 5],
    run: (sim) => {
      warmUp(sim, 10);
      const highWatermark = sim.maxHighWatermark();
      for (const node of sim.nodes) sim.crash(node.id);
      const majority = Math.floor(sim.voterIds.length / 2) + 1;
      for (const id of sim.voterIds.slice(0, majority)) sim.start(id);
      await_(sim, () => sim.allReachedHighWatermark(highWatermark + 10), '과반만 다시 켠 쿼럼이 진행하지 못했습니다');
    },
  },

  canElectNewLeaderAfterOldLeaderPartitionedAway: {
    voters: [3, 5],
    observers: [0, 5],
    run: (sim) => {
      warmUp(sim, 10);
      const old = leaderId(sim);
      const others = sim.nodes.map((n) => n.id).filter((id) => id !== old);
      sim.network.isolate(old, others);
      await_(sim, () => sim.allReachedHighWatermark(20, others), '떼어 놓은 리더 없이 진행하지 못했습니다');
    },
  },

  canMakeProgressIfMajorityIsReachable: {
    voters: [5, 5],
    observers: [0, 3],
    run: (sim) => {
      warmUp(sim, 10);
      sim.network.partition([0, 1], [2, 3, 4]);
      const partitionEnd = sim.maxLogEndOffset();
      await_(sim, () => sim.anyReachedHighWatermark(2 * partitionEnd), '과반 쪽이 진행하지 못했습니다');
      const minority = sim.maxHighWatermark([0, 1]);
      const majority = sim.maxHighWatermark([2, 3, 4]);
      if (majority <= minority) throw new Error(`과반 쪽(${majority})이 소수 쪽(${minority})보다 앞서야 합니다`);
      sim.network.heal();
      const restoredEnd = sim.maxLogEndOffset();
      await_(sim, () => sim.allReachedHighWatermark(2 * restoredEnd), '분할을 푼 뒤 모두 따라잡지 못했습니다');
    },
  },

  canMakeProgressAfterBackToBackLeaderFailures: {
    voters: [3, 5],
    observers: [0, 5],
    run: (sim) => {
      warmUp(sim, 10);
      const all = sim.nodes.map((n) => n.id);
      const first = leaderId(sim);
      sim.network.isolate(first, all);
      await_(
        sim,
        () => (sim.leader()?.id ?? first) !== first && sim.hasConsistentLeader(),
        '두 번째 리더가 뽑히지 않았습니다',
      );
      const second = leaderId(sim);
      sim.network.heal();
      sim.network.isolate(second, all);
      const target = sim.maxHighWatermark() + 10;
      await_(sim, () => sim.anyReachedHighWatermark(target), '연달아 리더를 잃은 뒤 진행하지 못했습니다');
    },
  },

  canRecoverFromSingleNodeCommittedDataLoss: {
    voters: [3, 5],
    observers: [0, 2],
    run: (sim, random) => {
      warmUp(sim, 10);
      const victim = random.pick(sim.running).id;
      // 한 노드가 커밋된 데이터까지 모두 잃어도, 그 노드가 돌아오기 전에 새 리더가 뽑히면 잃는 것이 없습니다.
      sim.killAndDeletePersistentState(victim);
      await_(
        sim,
        () => sim.leader()?.id !== victim && sim.hasConsistentLeader(),
        '디스크를 잃은 노드 없이 리더가 서지 않았습니다',
      );
      const highWatermark = sim.maxHighWatermark();
      sim.start(victim);
      await_(sim, () => sim.allReachedHighWatermark(highWatermark + 10), '디스크를 잃은 노드가 따라잡지 못했습니다');
    },
  },

  /**
   * Raft 논문의 Figure 8을 KRaft로: 이전 에포크의 레코드 X가 과반에 복제되었다는 것만으로 커밋하면, X는 더 높은
   * 에포크의 다른 레코드를 가진 노드가 리더가 될 때 지워집니다. 리더는 자기 에포크의 레코드(LeaderChange)가 과반에
   * 닿아야 하이 워터마크를 올리므로, 올바른 코드에서 X는 커밋되지 않은 채 지워지고 아무것도 잃지 않습니다.
   * (Kafka에는 없는 시나리오입니다. 돌연변이 시험이 버그를 심어 이 장면에서 커밋된 레코드를 잃는지 봅니다.)
   */
  survivesRaftPaperFigure8: {
    voters: [5, 5],
    observers: [0, 0],
    quorum: { fetchMaxRecords: 1 },
    run: (sim) => {
      const all = sim.nodes.map((n) => n.id);
      const client = (id: number) => sim.node(id).driver?.client;
      sim.startAll();
      await_(sim, () => sim.hasConsistentLeader(), '첫 리더가 뽑히지 않았습니다');
      const a = leaderId(sim);
      for (let i = 0; i < 3; i++) sim.appendIfLeader();
      const end = () => client(a)?.logEndOffset ?? -1;
      await_(
        sim,
        () =>
          sim.running.every((n) => n.driver?.client.logEndOffset === end() && n.driver.client.highWatermark === end()),
        '모두가 같은 로그로 따라잡지 못했습니다',
      );
      const o = end();

      // (1) 리더 A가 떨어져 나간 채 X를 오프셋 o에 씁니다. X는 A에만 있습니다.
      sim.network.isolate(a, all);
      sim.appendIfLeader();
      const xEpoch = client(a)?.entry(o)?.epoch;

      // (2) 나머지가 M을 뽑습니다. M은 더 높은 에포크의 LeaderChange를 오프셋 o에 쓰고 곧바로 죽습니다. G도 끕니다.
      const others = all.filter((id) => id !== a);
      await_(sim, () => others.some((id) => client(id)?.state.name === 'Leader'), 'A 없이 리더가 뽑히지 않았습니다');
      const m = others.find((id) => client(id)?.state.name === 'Leader') as number;
      sim.crash(m);
      const [fa, fb, g] = others.filter((id) => id !== m) as [number, number, number];
      sim.crash(g);

      // (3) A가 돌아와 F_a, F_b의 표로 다시 리더가 됩니다. 팔로워는 X만 받고(한 번에 레코드 하나),
      //     A의 새 에포크 LeaderChange는 받지 못한 채(A → 팔로워를 끊음) A가 죽습니다.
      sim.network.heal();
      const blocked = new Set<number>();
      await_(
        sim,
        () => {
          for (const f of [fa, fb]) {
            if (!blocked.has(f) && client(f)?.entry(o)?.epoch === xEpoch && client(f)?.logEndOffset === o + 1) {
              sim.network.block([a], [f]);
              blocked.add(f);
            }
          }
          return blocked.size === 2;
        },
        '팔로워들이 X를 받지 못했습니다',
      );
      sim.runFor(500);
      sim.crash(a);

      // (4) M이 돌아와 F_a, F_b의 표로 리더가 됩니다 (M의 로그가 더 높은 에포크로 끝나니까요). X는 지워집니다:
      //     커밋되지 않았다면 괜찮고, 커밋되었다면 LeaderCompleteness가 깨집니다.
      sim.network.heal();
      sim.start(m);
      await_(sim, () => sim.leader()?.id === m && sim.hasConsistentLeader(), 'M이 리더가 되지 못했습니다');
    },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof scenarios;

/** 씨앗으로 투표자·관찰자 수를 정합니다. */
export function scenarioParams(name: ScenarioName, seed: number): ScenarioParams {
  const scenario: Scenario = scenarios[name];
  const random = new SeededRandom(seed).fork(2);
  return {
    seed,
    voters: random.range(scenario.voters[0], scenario.voters[1]),
    observers: random.range(scenario.observers[0], scenario.observers[1]),
  };
}

export function runScenario(name: ScenarioName, seed: number): QuorumSimulation {
  const params = scenarioParams(name, seed);
  const random = new SeededRandom(seed);
  const scenario: Scenario = scenarios[name];
  const sim = new QuorumSimulation({
    voters: params.voters,
    observers: params.observers,
    random: random.fork(3),
    ...(scenario.quorum ? { quorum: scenario.quorum } : {}),
  });
  scenario.run(sim, random.fork(4));
  return sim;
}
