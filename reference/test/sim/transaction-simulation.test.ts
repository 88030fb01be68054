/**
 * 트랜잭션 시뮬레이터: 진짜 트랜잭션 코디네이터(`TransactionService`와 그 판단), 파티션마다 진짜 `ProducerStateManager`,
 * 트랜잭션 프로듀서들을 가상 시계·네트워크 위에서 씨앗마다 무작위 장애 속에 돌립니다. 걸음마다(그리고 장부·마커·답이 생길
 * 때마다) `transaction-safety.ts`의 불변식을 검사하고, 장애를 거둔 뒤에는 상한 안에 열린 트랜잭션이 모두 끝나는지 봅니다.
 *
 * 뿌리 씨앗은 실행마다 새로 뽑고(SIM_SEED로 고정), 실패하면 그 씨앗 하나를 다시 돌리는 명령을 찍습니다:
 *   npm run sim -- --mode transaction --seed <씨앗>
 */
import { describe, expect, it } from 'vitest';
import { deriveSeed } from '../../src/sim/random.js';
import { runTransactionChaos, transactionChaos, transactionChaosParams } from '../../src/sim/transaction-chaos.js';
import { chaosRoot, itRunsChaosSeeds } from '../support/chaos-tests.js';

const SEEDS = 200;

const root = chaosRoot('트랜잭션 시뮬레이션', 'reference/test/sim/transaction-simulation.test.ts', `씨앗 ${SEEDS}개`);
const seedAt = (label: number, i: number) => deriveSeed(root, label, i);

describe('트랜잭션 코디네이터와 프로듀서들의 무작위 장애', () => {
  itRunsChaosSeeds(transactionChaos, {
    seeds: SEEDS,
    seedAt: (i) => seedAt(70, i),
    should:
      '걸음마다 안전하고, 장애를 거둔 뒤 상한 안에 열린 트랜잭션이 모두 끝나고 커밋으로 답한 것은 커밋되어 있습니다',
  });

  it('같은 씨앗이면 같은 일이 일어납니다 (결정적): 사건의 지문, 장애, 로그 끝이 같습니다', async () => {
    const params = transactionChaosParams(seedAt(71, 0));
    const first = await runTransactionChaos(params);
    expect(first.trace.events).toBeGreaterThan(0);
    expect(JSON.stringify(await runTransactionChaos(params))).toBe(JSON.stringify(first));
    const other = await runTransactionChaos(transactionChaosParams(seedAt(71, 1)));
    expect(other.trace.fingerprint).not.toBe(first.trace.fingerprint);
  });
});
