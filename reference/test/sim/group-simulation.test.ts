/**
 * 그룹 시뮬레이터: 진짜 그룹 코디네이터(`GroupService`, `GroupCoordinator`)와 컨슈머들을 가상 시계·네트워크 위에서 씨앗마다
 * 무작위 장애 속에 돌립니다. 걸음마다 `group-safety.ts`의 불변식을 검사하고, 장애를 거둔 뒤에는 상한 안에 그룹이 안정되고
 * 커밋이 나아가는지 봅니다.
 *
 * 뿌리 씨앗은 실행마다 새로 뽑고(SIM_SEED로 고정), 실패하면 그 씨앗 하나를 다시 돌리는 명령을 찍습니다:
 *   npm run sim -- --mode group --seed <씨앗>
 */
import { describe, expect, it } from 'vitest';
import { groupChaos, groupChaosParams, runGroupChaos } from '../../src/sim/group-chaos.js';
import { deriveSeed } from '../../src/sim/random.js';
import { chaosRoot, itRunsChaosSeeds } from '../support/chaos-tests.js';

const SEEDS = 200;

const root = chaosRoot('그룹 시뮬레이션', 'reference/test/sim/group-simulation.test.ts', `씨앗 ${SEEDS}개`);
const seedAt = (label: number, i: number) => deriveSeed(root, label, i);

describe('그룹 코디네이터와 컨슈머들의 무작위 장애', () => {
  itRunsChaosSeeds(groupChaos, {
    seeds: SEEDS,
    seedAt: (i) => seedAt(60, i),
    should: '걸음마다 안전하고, 장애를 거둔 뒤 상한 안에 그룹이 안정되고 커밋이 나아갑니다',
  });

  it('같은 씨앗이면 같은 일이 일어납니다 (결정적): 사건의 지문, 장애, 커밋된 오프셋이 같습니다', () => {
    const params = groupChaosParams(seedAt(61, 0));
    const first = runGroupChaos(params);
    expect(first.trace.events).toBeGreaterThan(0);
    expect(JSON.stringify(runGroupChaos(params))).toBe(JSON.stringify(first));
    expect(runGroupChaos(groupChaosParams(seedAt(61, 1))).trace.fingerprint).not.toBe(first.trace.fingerprint);
  });
});
