/**
 * 10장 끝에서 끝까지 테스트: reference 브로커의 트랜잭션 코디네이터가 여러분의 판단(transaction-coordinator.ts)과 상태
 * 전이(transaction-state.ts)로 돌고, 브로커의 .txnindex 읽기에는 여러분의 transaction-index.ts를 씁니다. 이 장의
 * 테스트에서는 브로커가 이 모듈들을 가져오는 자리에서 여러분의 파일(src/)을 가져옵니다 (course/resolve.ts).
 * kafkajs 트랜잭션 프로듀서로 보내고 kcat(read_committed / read_uncommitted)으로 확인합니다. read_committed Fetch의
 * abortedTransactions는 여러분의 collectAbortedTxns가 고른 것입니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(transactions.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kafka,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  startBroker,
  surfacingBrokerErrors,
} from '../../../reference/test/e2e/support.js';

describe('10장 끝에서 끝까지: 여러분의 코디네이터를 끼운 브로커와 kafkajs 트랜잭션', () => {
  let running: RunningBroker;
  beforeAll(async () => {
    running = await startBroker();
  });
  /** 테스트가 실패하면 그동안 브로커 안에서 여러분의 코드가 낸 첫 오류를 보여 줍니다 (kafkajs는 오류 코드만 보니까요). */
  const yours = (body: () => Promise<void>) => () => surfacingBrokerErrors(running, body);
  afterAll(async () => {
    await running?.stop();
    if (running) removeDir(running.dir);
  });

  const values = async (topic: string, extra: string[] = []) =>
    [...(await readAllWithKcat(running.bootstrap, topic, extra)).values()].flat().map((r) => r.value);

  it(
    'CommittedVisibleAbortedHidden: 커밋한 트랜잭션은 보이고, 어보트한 것은 read_committed에게만 보이지 않습니다',
    yours(async () => {
      const producer = kafka(running.bootstrap).producer({
        transactionalId: 'ch10-tx',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      for (const [commit, vals] of [
        [true, ['주문-1', '주문-2']],
        [false, ['취소-1', '취소-2']],
        [true, ['주문-3']],
      ] as const) {
        const txn = await producer.transaction();
        await txn.send({ topic: 'ch10-orders', messages: vals.map((value) => ({ value })) });
        await (commit ? txn.commit() : txn.abort());
      }
      await producer.disconnect();
      expect(await values('ch10-orders'), 'kcat(read_committed)은 커밋된 것만').toEqual(['주문-1', '주문-2', '주문-3']);
      expect(await values('ch10-orders', ['-X', 'isolation.level=read_uncommitted'])).toEqual([
        '주문-1',
        '주문-2',
        '취소-1',
        '취소-2',
        '주문-3',
      ]);
    }),
  );

  it(
    'ZombieFenced: 같은 트랜잭션 ID의 새 프로듀서가 옛 프로듀서를 막고 그 열린 트랜잭션을 어보트합니다',
    yours(async () => {
      const zombie = kafka(running.bootstrap).producer({
        transactionalId: 'ch10-zombie',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await zombie.connect();
      const zombieTxn = await zombie.transaction();
      await zombieTxn.send({ topic: 'ch10-fence', messages: [{ value: '좀비' }] });
      const successor = kafka(running.bootstrap).producer({
        transactionalId: 'ch10-zombie',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await successor.connect();
      const txn = await successor.transaction();
      await txn.send({ topic: 'ch10-fence', messages: [{ value: '새 프로듀서' }] });
      await txn.commit();
      await expect(zombieTxn.commit(), '옛 프로듀서의 커밋은 거절되어야 합니다').rejects.toThrow();
      expect(await values('ch10-fence')).toEqual(['새 프로듀서']);
      await successor.disconnect();
      await zombie.disconnect().catch(() => {});
    }),
  );
});
