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
import { describe, expect, it } from 'vitest';
import { chaosParams, LIVENESS_BOUND_MS, quorumChaos, runChaos } from '../../src/sim/quorum-chaos.js';
import {
  RECOVERY_BOUND_MS,
  runScenario,
  type ScenarioName,
  scenarioParams,
  scenarios,
} from '../../src/sim/quorum-scenarios.js';
import { deriveSeed } from '../../src/sim/random.js';
import { chaosRoot, itRunsChaosSeeds } from '../support/chaos-tests.js';

const CHAOS_SEEDS = 200;
const SCENARIO_SEEDS = 4;
/** 시나리오 하나의 상한 (바쁜 2코어 기계에서도 넉넉하게): 시간 초과는 무한 반복을 잡으려는 것입니다 */
const SCENARIO_TIMEOUT_MS = 120_000;

const root = chaosRoot(
  'KRaft 시뮬레이션',
  'reference/test/sim/quorum-simulation.test.ts',
  `무작위 장애 씨앗 ${CHAOS_SEEDS}개, 시나리오마다 씨앗 ${SCENARIO_SEEDS}개, 장애를 거둔 뒤 리더·커밋의 상한 가상 ${LIVENESS_BOUND_MS / 1000}초, 시나리오 걸음과 따라잡기의 상한 ${RECOVERY_BOUND_MS / 1000}초`,
);
const seedAt = (label: number, i: number) => deriveSeed(root, label, i);

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
    SCENARIO_TIMEOUT_MS,
  );
});

describe('무작위 장애 (VOPR)', () => {
  const reports = itRunsChaosSeeds(quorumChaos, {
    seeds: CHAOS_SEEDS,
    seedAt: (i) => seedAt(2, i),
    should: '걸음마다 안전하고, 장애를 거둔 뒤 상한 안에 리더가 서고 새 레코드가 커밋되고 모두 따라잡습니다',
  });

  it('보존 한도가 로그 시작을 옮겨, 뒤처진 노드가 FetchSnapshot으로 따라잡는 길이 여러 씨앗에서 돕니다', () => {
    expect(reports).toHaveLength(CHAOS_SEEDS);
    const total = (key: 'snapshots' | 'snapshotFetches') => reports.reduce((n, r) => n + r.counters[key], 0);
    expect(total('snapshots')).toBeGreaterThan(0);
    expect(total('snapshotFetches')).toBeGreaterThan(0);
  });

  it('같은 씨앗이면 같은 일이 일어납니다 (결정적)', () => {
    const params = chaosParams(seedAt(3, 0));
    expect(JSON.stringify(runChaos(params))).toBe(JSON.stringify(runChaos(params)));
  });
});
