/**
 * 그룹 시뮬레이터가 그룹 코디네이터에 일부러 심은 버그를 잡아내는지 봅니다 (돌연변이 시험). `mutations.test.ts`처럼 버그는
 * 제품 코드에 분기를 넣지 않고, 모듈을 불러오는 자리에서 바꿔 끼웁니다(`vi.doMock`): 코디네이터는 바뀐 `ConsumerGroup`을
 * 그대로 씁니다.
 *
 *   1. 옛 세대를 단 커밋을 받아들임                 → StaleCommitRefused
 *      (세대가 지났는데 정적 멤버라 그룹에 남은 컨슈머, 응답이 늦게 온 컨슈머가 옛 세대로 커밋합니다)
 *   2. 멤버가 모두 다시 참여하기 전에 리밸런스를 마침 → MemberRemovedOnlyForCause
 *      (다시 참여할 시간이 남은 멤버를 내보냅니다)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MutationHunt } from '../support/chaos-tests.js';

const hunt = new MutationHunt({
  load: async () => (await import('../../src/sim/group-chaos.js')).groupChaos,
  labelBase: 80,
  maxSeeds: 300,
  file: 'reference/test/sim/group-mutations.test.ts',
});

afterEach(() => {
  vi.doUnmock('../../src/group/consumer-group.js');
  vi.resetModules();
});

describe('그룹 시뮬레이터가 잡아내는 코디네이터의 버그 (뿌리 씨앗은 SIM_SEED로 고정)', () => {
  it('MutationAcceptCommitFromOlderGeneration: 옛 세대를 단 OffsetCommit을 받아들이면 잡힙니다', async () => {
    vi.doMock('../../src/group/consumer-group.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/group/consumer-group.js')>();
      class StaleCommits extends actual.ConsumerGroup {
        // 버그: 지금보다 옛 세대를 지금 세대처럼 봅니다.
        override validateOffsetCommit(
          memberId: string,
          groupInstanceId: string | null,
          generationId: number,
          isTransactional: boolean,
        ): number {
          const generation = generationId >= 0 && generationId < this.generationId ? this.generationId : generationId;
          return super.validateOffsetCommit(memberId, groupInstanceId, generation, isTransactional);
        }
      }
      return { ...actual, ConsumerGroup: StaleCommits };
    });
    const caught = await hunt.hunt(1, '옛 세대의 커밋을 받아들임');
    expect(caught?.message).toMatch(/StaleCommitRefused|CommittedOffsetMonotonic/);
  }, 120_000);

  it('MutationCompleteRebalanceBeforeAllRejoined: 멤버가 모두 다시 참여하기 전에 리밸런스를 마치면 잡힙니다', async () => {
    vi.doMock('../../src/group/consumer-group.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/group/consumer-group.js')>();
      class EagerRebalance extends actual.ConsumerGroup {
        // 버그: 한 멤버라도 다시 참여했으면 모두 모인 것으로 봅니다.
        override allMembersJoined(): boolean {
          return this.pendingMembers.size === 0 && [...this.members.values()].some((m) => m.awaitingJoin !== null);
        }
      }
      return { ...actual, ConsumerGroup: EagerRebalance };
    });
    const caught = await hunt.hunt(2, '모두 다시 참여하기 전에 리밸런스를 마침');
    expect(caught?.message).toMatch(/MemberRemovedOnlyForCause/);
  }, 120_000);

  it('같은 씨앗들에서 버그가 없는 코드는 안전합니다 (잡힌 것이 시뮬레이터의 잘못이 아님)', async () => {
    await hunt.expectSafeWithoutMutations([1, 2]);
  }, 120_000);
});
