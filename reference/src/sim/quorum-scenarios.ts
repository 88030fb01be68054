/**
 * Kafka `RaftEventSimulationTest`의 시나리오들을 이 시뮬레이터로 옮긴 것. 이름도 그대로입니다.
 * 시나리오마다 씨앗 하나로 투표자·관찰자 수와 모든 무작위 선택이 정해집니다.
 *
 * 각 시나리오는 "워밍업 → 장애 → 회복 확인"의 모양이고, 회복은 가상 시간의 상한 안에 일어나야 합니다.
 * 안전성은 걸음마다 `SafetyChecker`가 검사합니다.
 */
import { QuorumSimulation } from './quorum-simulation.js';
import { SeededRandom } from './random.js';

/** 회복을 기다리는 가상 시간의 상한 */
export const RECOVERY_BOUND_MS = 60_000;

export class LivenessFailure extends Error {
  constructor(what: string) {
    super(`가상 시간 ${RECOVERY_BOUND_MS / 1000}초 안에 ${what}`);
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
  const sim = new QuorumSimulation({ voters: params.voters, observers: params.observers, random: random.fork(3) });
  (scenarios[name] as Scenario).run(sim, random.fork(4));
  return sim;
}
