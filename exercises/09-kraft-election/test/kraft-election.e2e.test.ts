/**
 * 9장 끝에서 끝까지 테스트 (시뮬레이터): reference의 KRaft 쿼럼(`reference/src/raft/`)이 결정할 때 부르는 모듈
 * `decisions.ts`가 여러분의 것인 채로, 노드 셋의 쿼럼을 결정적 시뮬레이터(`reference/src/sim/`)에서
 * 돌립니다. 가상 시계·네트워크·디스크 위에서 노드가 죽고, 네트워크가 갈라지고, 메시지가 사라지거나 두 번 오고,
 * 시계가 뜁니다. 시뮬레이터는 걸음마다 안전성(한 에포크에 리더 하나, 한 에포크에 한 표, 커밋된 레코드는 잃지
 * 않음 …)을 검사하고, 장애를 거둔 뒤에는 상한 안에 리더가 서고 새 레코드가 커밋되어야 합니다.
 *
 * 씨앗 하나가 모든 무작위 선택을 정합니다. 실패하면 같은 씨앗들로 다시 돌리는 명령(`FUZZ_SEED=… npm run exercise:9`)과,
 * 같은 씨앗을 reference 코드로 돌려 비교하는 명령(`npm run sim -- …`)을 보여 줍니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(kraft-election.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chaosParams, describeParams, runChaos } from '../../../reference/src/sim/quorum-chaos.js';
import { scenarios } from '../../../reference/src/sim/quorum-scenarios.js';
import { QuorumSimulation } from '../../../reference/src/sim/quorum-simulation.js';
import { deriveSeed, SeededRandom } from '../../../reference/src/sim/random.js';
import { rootSeed } from '../../../reference/test/support/rng.js';

// 이 장의 테스트에서는 시뮬레이터 안의 쿼럼이 reference/src/raft/decisions.ts를 가져오는 자리에서 여러분의 파일(src/)을
// 가져옵니다 (course/resolve.ts). 쿼럼의 상태 기계는 연습 문제를 모릅니다.

const root = rootSeed(process.env.FUZZ_SEED, () => randomInt(2 ** 32));
const replay = `FUZZ_SEED=${root} npm run exercise:9`;
/** 바쁜 2코어 기계에서도 넉넉한 상한: 시간 초과는 끝나지 않는 선거(무한 반복)를 잡으려는 것입니다 */
const TIMEOUT_MS = 120_000;

type ScenarioName = keyof typeof scenarios;

/** Kafka `RaftEventSimulationTest`의 시나리오 하나를 투표자 수를 정해 돌립니다. */
function runScenario(name: ScenarioName, seed: number, voters: number): QuorumSimulation {
  const random = new SeededRandom(seed);
  const scenario = scenarios[name];
  const sim = new QuorumSimulation({
    voters,
    observers: 0,
    random: random.fork(3),
    ...('quorum' in scenario ? { quorum: scenario.quorum } : {}),
  });
  scenario.run(sim, random.fork(4));
  return sim;
}

/** 실패를 씨앗과 다시 돌리는 명령과 함께 보여 줍니다. */
function withSeed<T>(what: string, seed: number, reference: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new Error(
      [
        `${what}, 씨앗 ${seed}에서 실패했습니다: ${(error as Error).message}`,
        `같은 씨앗들로 여러분의 코드를 다시: ${replay}`,
        `같은 씨앗을 reference 코드로 (비교용): ${reference}`,
      ].join('\n'),
      { cause: error },
    );
  }
}

function scenarioSeeds(name: ScenarioName, label: number, count: number, voters = 3): QuorumSimulation[] {
  return Array.from({ length: count }, (_, i) => {
    const seed = deriveSeed(root, label, i);
    return withSeed(
      `시나리오 ${name}(투표자 ${voters})`,
      seed,
      `npm run sim -- --scenario ${name} --seed ${seed}`,
      () => runScenario(name, seed, voters),
    );
  });
}

describe('9장 끝에서 끝까지: 여러분의 decisions.ts로 도는 쿼럼 (결정적 시뮬레이터)', () => {
  it(
    'SimElectsFirstLeader: 노드 셋이 여러분의 규칙으로 첫 리더를 뽑고, 그 리더의 레코드가 모든 노드에서 커밋됩니다',
    () => {
      for (const sim of scenarioSeeds('canElectInitialLeader', 1, 4)) {
        expect(sim.leader(), '리더가 있어야 합니다').not.toBeNull();
        expect(sim.allReachedHighWatermark(10), '세 노드의 하이 워터마크가 10 이상').toBe(true);
        const first = sim.leaderlessIntervals[0] ?? Number.POSITIVE_INFINITY;
        expect(
          first,
          '켜진 뒤 첫 리더까지(가상 ms): 선거 시간 제한(1초~2초) 한두 번이면 됩니다. 표가 자꾸 갈리면 사전 투표나 표 세기를 보세요',
        ).toBeLessThan(10_000);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'SimReElectsAfterLeaderFailure: 리더가 죽거나 떨어져 나가면 남은 둘이 더 높은 에포크의 새 리더를 뽑고 쓰기를 이어 갑니다',
    () => {
      scenarioSeeds('canElectNewLeaderAfterOldLeaderFailure', 2, 3);
      scenarioSeeds('canElectNewLeaderAfterOldLeaderPartitionedAway', 3, 3);
      scenarioSeeds('canMakeProgressAfterBackToBackLeaderFailures', 4, 2);
    },
    TIMEOUT_MS,
  );

  it(
    'SimRecoversCommittedData: 셋 모두 죽었다 다시 켜지거나 한 노드가 디스크를 통째로 잃어도 커밋된 레코드는 남습니다',
    () => {
      scenarioSeeds('canRecoverAfterAllNodesKilled', 5, 2);
      scenarioSeeds('canRecoverFromSingleNodeCommittedDataLoss', 6, 2);
    },
    TIMEOUT_MS,
  );

  it(
    'SimSurvivesFigure8: Raft 논문 Figure 8의 장면(투표자 다섯)에서 옛 에포크의 레코드를 커밋했다고 말하지 않습니다',
    () => {
      scenarioSeeds('survivesRaftPaperFigure8', 7, 2, 5);
    },
    TIMEOUT_MS,
  );

  it(
    'SimChaosThreeNodes: 노드 셋이 씨앗 100개의 무작위 장애를 겪어도 걸음마다 안전하고, 장애를 거두면 상한 안에 리더가 서고 커밋합니다',
    () => {
      // runChaos가 걸음마다 안전성을 검사하고, 장애를 거둔 뒤 20초(가상) 안에 리더와 새 커밋이 없으면 던집니다.
      for (let i = 0; i < 100; i++) {
        const params = chaosParams(deriveSeed(root, 8, i), { voters: 3 });
        const report = withSeed(
          `무작위 장애(${describeParams(params)})`,
          params.seed,
          `npm run sim -- --seed ${params.seed} --voters 3`,
          () => runChaos(params),
        );
        expect(report.committed, `씨앗 ${params.seed}: 커밋된 레코드가 있어야 합니다`).toBeGreaterThan(0);
      }
    },
    TIMEOUT_MS,
  );
});
