/**
 * 시뮬레이터가 일부러 심은 버그를 잡아내는지 봅니다 (돌연변이 시험). 버그는 제품 코드에 분기를 넣지 않고,
 * 모듈을 불러오는 자리에서 바꿔 끼웁니다(`vi.doMock`): 제품 코드는 이 시험이 있는지 모릅니다. 9장에서 학습자의
 * 파일을 끼우는 것과 같은 방법입니다.
 *
 * 돌연변이마다 씨앗을 차례로 돌려, 처음으로 안전성이 깨진 씨앗과 깨진 불변식을 찍습니다 (`../support/chaos-tests.ts`의
 * `MutationHunt`). 잡지 못하면 실패입니다.
 *   1. 로그가 최신인지 보지 않고 표를 줌           → 커밋된 레코드를 모르는 리더 (LeaderCompleteness…)
 *   2. 이전 에포크의 레코드만으로 하이 워터마크를 올림 → 하이 워터마크가 줄어듦 (MonotonicHighWatermark…),
 *      Raft 논문 Figure 8의 장면에서는 커밋된 레코드가 새 리더에게 없음 (LeaderCompleteness)
 *   3. 투표를 quorum-state에 fsync하기 전에 답함     → 다시 켜진 노드의 에포크가 줄어듦, 두 번 투표 (MonotonicEpoch…)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ElectionState } from '../../src/raft/election-state.js';
import type { Disk } from '../../src/runtime/disk.js';
import { deriveSeed } from '../../src/sim/random.js';
import { MutationHunt } from '../support/chaos-tests.js';

const hunt = new MutationHunt({
  load: async () => (await import('../../src/sim/quorum-chaos.js')).quorumChaos,
  labelBase: 10,
  maxSeeds: 300,
  file: 'reference/test/sim/mutations.test.ts',
});

afterEach(() => {
  vi.doUnmock('../../src/raft/decisions.js');
  vi.doUnmock('../../src/raft/quorum-state-store.js');
  vi.resetModules();
});

describe('시뮬레이터가 잡아내는 버그 (뿌리 씨앗은 SIM_SEED로 고정)', () => {
  it('MutationGrantVoteWithoutUpToDateCheck: 로그가 최신인지 보지 않고 표를 주면 커밋된 레코드를 잃습니다', async () => {
    vi.doMock('../../src/raft/decisions.js', async (importOriginal) => ({
      ...(await importOriginal<typeof import('../../src/raft/decisions.js')>()),
      isLogUpToDate: () => true,
    }));
    const caught = await hunt.hunt(1, '표를 줄 때 로그를 보지 않음');
    expect(caught?.message).toMatch(
      /LeaderCompleteness|ConsistentCommittedData|ConsistentApply|LogMatching|하이 워터마크/,
    );
  }, 120_000);

  it('MutationHighWatermarkFromOlderEpoch: 이전 에포크의 레코드로 하이 워터마크를 올리면 잡힙니다', async () => {
    vi.doMock('../../src/raft/decisions.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/raft/decisions.js')>();
      return {
        ...actual,
        // 버그: epochStartOffset을 무시합니다 (자기 에포크의 레코드가 과반에 닿기를 기다리지 않음).
        leaderHighWatermark: (offsets: readonly (number | null)[], _epochStartOffset: number, current: number | null) =>
          actual.leaderHighWatermark(offsets, -1, current),
      };
    });
    const caught = await hunt.hunt(2, '이전 에포크의 레코드로 하이 워터마크');
    expect(caught?.message).toMatch(
      /MonotonicHighWatermark|하이 워터마크가 줄어듭니다|ConsistentCommittedData|LeaderCompleteness/,
    );

    // 같은 버그를 Raft 논문 Figure 8의 장면에 넣으면, 커밋된 레코드가 새 리더에게 없습니다 (올바른 코드는 통과합니다).
    const { runScenario } = await import('../../src/sim/quorum-scenarios.js');
    expect(() => runScenario('survivesRaftPaperFigure8', deriveSeed(hunt.root, 20))).toThrow(
      /LeaderCompleteness|ConsistentCommittedData/,
    );
  }, 120_000);

  it('MutationActOnVoteBeforeQuorumStateSync: 투표를 fsync하기 전에 답하면 잡힙니다', async () => {
    vi.doMock('../../src/raft/quorum-state-store.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/raft/quorum-state-store.js')>();
      const { encodeElectionState } = await import('../../src/raft/election-state.js');
      class LazyVoteQuorumStateStore extends actual.FileQuorumStateStore {
        readonly #disk: Disk;
        constructor(disk: Disk, path?: string) {
          super(disk, path);
          this.#disk = disk;
        }
        override write(state: ElectionState): void {
          // 버그: 투표(리더 없이 votedId만 있는 상태)는 페이지 캐시에만 쓰고 fsync하지 않은 채 돌아옵니다.
          if (state.votedId !== null && state.leaderId === null)
            this.#disk.write(this.path, encodeElectionState(state));
          else super.write(state);
        }
      }
      return { ...actual, FileQuorumStateStore: LazyVoteQuorumStateStore };
    });
    const caught = await hunt.hunt(3, '투표를 fsync하기 전에 답함');
    expect(caught?.message).toMatch(/MonotonicEpoch|VoteOncePerEpoch|SingleLeader/);
  }, 120_000);

  it('같은 씨앗들에서 버그가 없는 코드는 안전합니다 (잡힌 것이 시뮬레이터의 잘못이 아님)', async () => {
    await hunt.expectSafeWithoutMutations([1, 2, 3]);
  }, 120_000);
});
