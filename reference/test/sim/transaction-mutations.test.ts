/**
 * 트랜잭션 시뮬레이터가 트랜잭션 코디네이터에 일부러 심은 버그를 잡아내는지 봅니다 (돌연변이 시험). `mutations.test.ts`처럼
 * 버그는 제품 코드에 분기를 넣지 않고, 모듈을 불러오는 자리에서 바꿔 끼웁니다(`vi.doMock`).
 *
 *   1. 옛 프로듀서 에포크를 받아들임                       → FencedEpochNeverCompletes
 *      (좀비가 새 인스턴스의 트랜잭션에 파티션을 더하거나 끝냅니다)
 *   2. PrepareCommit을 장부에 적기 전에 마커를 씀          → MarkerFollowsDurableDecision
 *      (그 사이 코디네이터가 죽으면 장부는 진행 중이라 하고, 파티션에는 커밋 마커가 있습니다)
 *   3. 마커를 다 쓰지 못했는데 트랜잭션을 끝냄(Complete)    → 마커를 못 받은 파티션에서 트랜잭션이 열린 채 남아, 같은
 *      프로듀서의 다음 트랜잭션과 한 운명으로 묶이거나(AcknowledgedOutcomeKept, AllOrNothing) LSO가 멈춥니다
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  TransactionService as RealTransactionService,
  TransactionServiceOptions,
} from '../../src/transaction/transaction-service.js';
import type { TransactionMetadata } from '../../src/transaction/transaction-state.js';
import { MutationHunt } from '../support/chaos-tests.js';

const hunt = new MutationHunt({
  load: async () => (await import('../../src/sim/transaction-chaos.js')).transactionChaos,
  labelBase: 90,
  maxSeeds: 300,
  file: 'reference/test/sim/transaction-mutations.test.ts',
});

afterEach(() => {
  vi.doUnmock('../../src/transaction/transaction-coordinator.js');
  vi.doUnmock('../../src/transaction/transaction-service.js');
  vi.resetModules();
});

describe('트랜잭션 시뮬레이터가 잡아내는 코디네이터의 버그 (뿌리 씨앗은 SIM_SEED로 고정)', () => {
  it('MutationAcceptOldProducerEpoch: 옛 에포크의 AddPartitionsToTxn·EndTxn을 받아들이면 잡힙니다', async () => {
    vi.doMock('../../src/transaction/transaction-coordinator.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/transaction/transaction-coordinator.js')>();
      // 버그: 같은 프로듀서 ID면 옛 에포크도 지금 에포크처럼 봅니다.
      const epochOf = (current: TransactionMetadata | undefined, producerId: number, epoch: number) =>
        current && current.producerId === producerId && epoch < current.producerEpoch ? current.producerEpoch : epoch;
      return {
        ...actual,
        addPartitions: (current, producerId, epoch, partitions, now) =>
          actual.addPartitions(current, producerId, epochOf(current, producerId, epoch), partitions, now),
        endTransaction: (current, producerId, epoch, commit, now) =>
          actual.endTransaction(current, producerId, epochOf(current, producerId, epoch), commit, now),
      } satisfies typeof actual;
    });
    const caught = await hunt.hunt(1, '옛 프로듀서 에포크를 받아들임');
    expect(caught?.message).toMatch(/FencedEpochNeverCompletes/);
  }, 120_000);

  it('MutationMarkerBeforePrepareCommitIsDurable: 결과를 장부에 적기 전에 마커를 쓰면 잡힙니다', async () => {
    vi.doMock('../../src/transaction/transaction-service.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/transaction/transaction-service.js')>();
      class EagerMarkers extends actual.TransactionService {
        readonly #writeMarkers: TransactionServiceOptions['writeMarkers'];
        constructor(options: TransactionServiceOptions) {
          super(options);
          this.#writeMarkers = options.writeMarkers;
        }
        override endTransaction(id: string, producerId: number, epoch: number, commit: boolean): Promise<number> {
          const current = this.get(id);
          if (current?.state === 'Ongoing' && current.producerId === producerId && current.producerEpoch === epoch) {
            // 버그: PrepareCommit/PrepareAbort를 장부에 적기 전에 마커부터 씁니다.
            try {
              this.#writeMarkers(
                { ...current, state: commit ? 'PrepareCommit' : 'PrepareAbort' },
                commit,
                this.coordinatorEpoch(id),
              );
            } catch {
              // 못 쓴 마커는 장부를 적은 뒤에 다시 씁니다.
            }
          }
          return super.endTransaction(id, producerId, epoch, commit);
        }
      }
      return { ...actual, TransactionService: EagerMarkers satisfies typeof RealTransactionService };
    });
    const caught = await hunt.hunt(2, 'PrepareCommit을 적기 전에 마커를 씀');
    expect(caught?.message).toMatch(/MarkerFollowsDurableDecision/);
  }, 120_000);

  it('MutationCompleteWithoutAllMarkers: 마커를 다 쓰지 못한 트랜잭션을 끝내면 잡힙니다', async () => {
    vi.doMock('../../src/transaction/transaction-service.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/transaction/transaction-service.js')>();
      class ForgetfulMarkers extends actual.TransactionService {
        constructor(options: TransactionServiceOptions) {
          // 버그: 마커를 못 쓴 파티션이 있어도 다 쓴 것으로 보고 Complete를 적습니다.
          super({
            ...options,
            writeMarkers: (metadata, commit, coordinatorEpoch) => {
              try {
                options.writeMarkers(metadata, commit, coordinatorEpoch);
              } catch {
                // 다시 하지 않습니다.
              }
            },
          });
        }
      }
      return { ...actual, TransactionService: ForgetfulMarkers satisfies typeof RealTransactionService };
    });
    const caught = await hunt.hunt(3, '마커를 다 쓰지 못한 트랜잭션을 끝냄');
    expect(caught?.message).toMatch(/AcknowledgedOutcomeKept|AllOrNothing|트랜잭션이 끝나지 않았습니다/);
  }, 120_000);

  it('같은 씨앗들에서 버그가 없는 코드는 안전합니다 (잡힌 것이 시뮬레이터의 잘못이 아님)', async () => {
    await hunt.expectSafeWithoutMutations([1, 2, 3]);
  }, 120_000);
});
