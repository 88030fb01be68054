/**
 * 클러스터 시뮬레이터가 컨트롤러에 일부러 심은 버그를 잡아내는지 봅니다 (돌연변이 시험). `mutations.test.ts`처럼
 * 버그는 제품 코드에 분기를 넣지 않고, 모듈을 불러오는 자리에서 바꿔 끼웁니다(`vi.doMock`).
 *
 *   1. unclean 선거가 꺼져 있는데 ISR 밖의 복제본을 리더로 뽑음        → LeaderFromIsr
 *   2. 등록 레코드까지 따라잡지 않은 브로커의 펜싱을 풂               → UnfencedOnlyWhenCaughtUp
 *   3. 세션이 끝난 브로커를 펜싱하지 않음                             → FencedAfterSessionTimeout
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MutationHunt } from '../support/chaos-tests.js';

const hunt = new MutationHunt({
  load: async () => (await import('../../src/sim/cluster-chaos.js')).clusterChaos,
  labelBase: 50,
  maxSeeds: 200,
  file: 'reference/test/sim/cluster-mutations.test.ts',
});

afterEach(() => {
  vi.doUnmock('../../src/controller/partition-change-builder.js');
  vi.doUnmock('../../src/controller/broker-heartbeat-manager.js');
  vi.resetModules();
});

describe('클러스터 시뮬레이터가 잡아내는 컨트롤러의 버그 (뿌리 씨앗은 SIM_SEED로 고정)', () => {
  it('MutationElectLeaderOutsideIsr: unclean election off, yet a live replica outside the ISR is elected', async () => {
    vi.doMock('../../src/controller/partition-change-builder.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/controller/partition-change-builder.js')>();
      class OutsideIsrBuilder extends actual.PartitionChangeBuilder {
        // 버그: 리더가 될 수 있는지만 보고 ISR에 있는지는 보지 않습니다.
        override isValidNewLeader(replica: number): boolean {
          return this.isAcceptableLeader(replica);
        }
      }
      return { ...actual, PartitionChangeBuilder: OutsideIsrBuilder };
    });
    const caught = await hunt.hunt(1, 'ISR 밖에서 리더를 뽑음');
    expect(caught?.message).toMatch(/LeaderFromIsr/);
  }, 120_000);

  it('MutationUnfenceBeforeCaughtUp: a broker is unfenced before its metadata reaches its registration record', async () => {
    vi.doMock('../../src/controller/broker-heartbeat-manager.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/controller/broker-heartbeat-manager.js')>();
      class EagerUnfence extends actual.BrokerHeartbeatManager {
        // 버그: 등록 레코드의 오프셋 대신 -1과 비교합니다 (언제나 따라잡은 것으로 봅니다).
        override calculateNextBrokerState(
          brokerId: number,
          request: Parameters<InstanceType<typeof actual.BrokerHeartbeatManager>['calculateNextBrokerState']>[1],
          _registerBrokerRecordOffset: number,
          hasLeaderships: () => boolean,
        ) {
          return super.calculateNextBrokerState(brokerId, request, -1, hasLeaderships);
        }
      }
      return { ...actual, BrokerHeartbeatManager: EagerUnfence, isCaughtUp: () => true };
    });
    const caught = await hunt.hunt(2, '따라잡지 않은 브로커의 펜싱을 풂');
    expect(caught?.message).toMatch(/UnfencedOnlyWhenCaughtUp/);
  }, 120_000);

  it('MutationNeverFenceStaleBroker: the controller never fences a broker whose session is over', async () => {
    vi.doMock('../../src/controller/broker-heartbeat-manager.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/controller/broker-heartbeat-manager.js')>();
      class NeverStale extends actual.BrokerHeartbeatManager {
        // 버그: 세션이 끝난 브로커를 찾지 않습니다.
        override findOneStaleBroker(): number | null {
          return null;
        }
      }
      return { ...actual, BrokerHeartbeatManager: NeverStale };
    });
    const caught = await hunt.hunt(3, '세션이 끝난 브로커를 펜싱하지 않음');
    expect(caught?.message).toMatch(/FencedAfterSessionTimeout/);
  }, 120_000);

  it('같은 씨앗들에서 버그가 없는 코드는 안전합니다 (잡힌 것이 시뮬레이터의 잘못이 아님)', async () => {
    await hunt.expectSafeWithoutMutations([1, 2, 3]);
  }, 120_000);
});
