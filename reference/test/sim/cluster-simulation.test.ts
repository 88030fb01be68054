/**
 * 클러스터 시뮬레이터: 컨트롤러 쿼럼(QuorumController), 브로커(등록·하트비트·메타데이터 이미지), 관리 클라이언트를
 * 씨앗마다 무작위 장애 속에 돌립니다. 걸음마다 쿼럼의 안전성과 메타데이터의 안전성(`metadata-safety.ts`)을 검사하고,
 * 장애를 거둔 뒤에는 상한 안에 활성 컨트롤러, 새 커밋, 꺼 둔 브로커의 펜싱, 돌아온 브로커의 펜싱 풀기를 봅니다.
 *
 * 뿌리 씨앗은 실행마다 새로 뽑고(SIM_SEED로 고정), 실패하면 그 씨앗 하나를 다시 돌리는 명령을 찍습니다:
 *   npm run sim -- --mode cluster --seed <씨앗>
 */
import { describe, expect, it } from 'vitest';
import { clusterChaos, clusterChaosParams, runClusterChaos } from '../../src/sim/cluster-chaos.js';
import { deriveSeed } from '../../src/sim/random.js';
import { chaosRoot, itRunsChaosSeeds } from '../support/chaos-tests.js';

const SEEDS = 200;

const root = chaosRoot('클러스터 시뮬레이션', 'reference/test/sim/cluster-simulation.test.ts', `씨앗 ${SEEDS}개`);
const seedAt = (label: number, i: number) => deriveSeed(root, label, i);

describe('컨트롤러와 브로커의 무작위 장애', () => {
  itRunsChaosSeeds(clusterChaos, {
    seeds: SEEDS,
    seedAt: (i) => seedAt(40, i),
    should: '걸음마다 안전하고, 장애를 거둔 뒤 활성 컨트롤러·커밋·펜싱·펜싱 풀기가 상한 안에 일어납니다',
  });

  it('같은 씨앗이면 같은 일이 일어납니다 (결정적)', () => {
    const params = clusterChaosParams(seedAt(41, 0));
    expect(JSON.stringify(runClusterChaos(params))).toBe(JSON.stringify(runClusterChaos(params)));
  });
});
