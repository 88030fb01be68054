/**
 * KRaft 쿼럼 시뮬레이터: 진짜 쿼럼 코드를 가상 시계·네트워크·디스크 위에서 씨앗마다 돌립니다.
 *
 *   - Kafka `RaftEventSimulationTest`의 시나리오 일곱 개 (이름 그대로)와 Raft 논문 Figure 8, 시나리오마다 씨앗 여러 개
 *   - 무작위 장애(VOPR): 씨앗 200개, 걸음마다 안전성 검사, 장애를 거둔 뒤 상한 안에 리더·커밋·따라잡기
 *
 * 뿌리 씨앗은 실행마다 새로 뽑고(환경 변수 SIM_SEED로 고정), 실패하면 그 씨앗 하나를 다시 돌리는 명령을 찍습니다:
 *   npm run sim -- --seed <씨앗>                      (무작위 장애)
 *   npm run sim -- --scenario <이름> --seed <씨앗>    (시나리오)
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ChaosReport,
  chaosParams,
  describeParams,
  formatSummary,
  LIVENESS_BOUND_MS,
  replayCommand,
  runChaos,
  summarize,
} from '../../src/sim/quorum-chaos.js';
import {
  RECOVERY_BOUND_MS,
  runScenario,
  type ScenarioName,
  scenarioParams,
  scenarios,
} from '../../src/sim/quorum-scenarios.js';
import { deriveSeed } from '../../src/sim/random.js';
import { rootSeed } from '../support/rng.js';

const CHAOS_SEEDS = 200;
const BATCH = 25;
const SCENARIO_SEEDS = 4;
/** 씨앗 묶음 하나의 상한 (바쁜 2코어 기계에서도 넉넉하게): 시간 초과는 무한 반복을 잡으려는 것입니다 */
const BATCH_TIMEOUT_MS = 120_000;

const root = rootSeed(process.env.SIM_SEED, () => Date.now());
const seedAt = (label: number, i: number) => deriveSeed(root, label, i);
console.log(
  `KRaft 시뮬레이션: 뿌리 씨앗 ${root} (SIM_SEED=${root} npx vitest run reference/test/sim/quorum-simulation.test.ts로 같은 씨앗들을 다시), ` +
    `무작위 장애 씨앗 ${CHAOS_SEEDS}개, 시나리오마다 씨앗 ${SCENARIO_SEEDS}개, 장애를 거둔 뒤 리더·커밋의 상한 가상 ${LIVENESS_BOUND_MS / 1000}초, 시나리오 걸음과 따라잡기의 상한 ${RECOVERY_BOUND_MS / 1000}초`,
);

describe('RaftEventSimulationTest의 시나리오와 Raft 논문 Figure 8', () => {
  it.each(Object.keys(scenarios) as ScenarioName[])(
    '%s',
    (name) => {
      for (let i = 0; i < SCENARIO_SEEDS; i++) {
        const seed = seedAt(1, i);
        try {
          runScenario(name, seed);
        } catch (error) {
          const p = scenarioParams(name, seed);
          throw new Error(
            `${(error as Error).message}\n투표자 ${p.voters}, 관찰자 ${p.observers}\n` +
              `다시 돌리기: npm run sim -- --scenario ${name} --seed ${seed}`,
            { cause: error },
          );
        }
      }
    },
    BATCH_TIMEOUT_MS,
  );
});

describe('무작위 장애 (VOPR)', () => {
  const reports: ChaosReport[] = [];
  const batches = Array.from({ length: CHAOS_SEEDS / BATCH }, (_, b) => [b * BATCH, (b + 1) * BATCH - 1] as const);

  it.each(batches)(
    '씨앗 %i–%i: 걸음마다 안전하고, 장애를 거둔 뒤 상한 안에 리더가 서고 새 레코드가 커밋되고 모두 따라잡습니다',
    (first, last) => {
      for (let i = first; i <= last; i++) {
        const params = chaosParams(seedAt(2, i));
        try {
          reports.push(runChaos(params));
        } catch (error) {
          throw new Error(
            `${(error as Error).message}\n매개변수: ${describeParams(params)}\n다시 돌리기: ${replayCommand(params.seed)}`,
            { cause: error },
          );
        }
      }
    },
    BATCH_TIMEOUT_MS,
  );

  it('같은 씨앗이면 같은 일이 일어납니다 (결정적)', () => {
    const params = chaosParams(seedAt(3, 0));
    expect(JSON.stringify(runChaos(params))).toBe(JSON.stringify(runChaos(params)));
  });

  afterAll(() => {
    if (reports.length === 0) return;
    console.log(
      ['KRaft 무작위 장애 시뮬레이션 결과:', ...formatSummary(summarize(reports)).map((l) => `  ${l}`)].join('\n'),
    );
  });
});
