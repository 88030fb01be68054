/**
 * 흔한 실수 3: 지난 세대(Generation)로 오프셋 커밋하기. 리밸런스마다 세대가 하나 오르고, 코디네이터는 지금 세대의
 * 멤버가 보낸 커밋만 받습니다. 리밸런스가 끝난 줄 모르는 컨슈머의 커밋이 남의 파티션 위치를 덮지 못하게 하려는
 * 것입니다. kafkajs는 이런 오류를 받으면 다시 합류하므로, 날 클라이언트로 그룹 프로토콜을 한 단계씩 밟습니다.
 */
import { AssignerProtocol } from 'kafkajs';
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const staleGeneration: Scenario = {
  name: 'stale-generation',
  title: '지난 세대의 오프셋 커밋',
  needs: ONE_NODE,
  kafka: {
    answer: {
      firstJoin: 'MEMBER_ID_REQUIRED',
      generations: [1, 2],
      commitWithCurrentGeneration: 'NONE',
      commitWithStaleGeneration: 'ILLEGAL_GENERATION',
      commitFromUnknownMember: 'UNKNOWN_MEMBER_ID',
      committedBeforeLeaving: 5,
      commitAfterLeaving: 'UNKNOWN_MEMBER_ID',
      commitWithoutGenerationToEmptyGroup: 'NONE',
      committedAtEnd: 9,
    },
    source:
      'ClassicGroup.validateOffsetCommit (validateMember → UNKNOWN_MEMBER_ID, 세대가 다르면 ILLEGAL_GENERATION, ' +
      '빈 그룹은 generation -1 커밋을 받음); GroupMetadataManager.classicGroupJoin (v4+ 첫 합류는 MEMBER_ID_REQUIRED)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const groupId = ctx.name('g');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const coordinator = await ctx.rawToCoordinator(groupId, 0);

    const join = (memberId: string) =>
      coordinator.send<{ errorCode: number; memberId: string; generationId: number }>(ApiKey.JoinGroup, 5, {
        groupId,
        sessionTimeoutMs: 30_000,
        rebalanceTimeoutMs: 30_000,
        memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [
          {
            name: 'range',
            metadata: AssignerProtocol.MemberMetadata.encode({
              version: 0,
              topics: [topic],
              userData: Buffer.alloc(0),
            }),
          },
        ],
      });
    const sync = async (memberId: string, generationId: number) => {
      const assignment = AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: { [topic]: [0] },
        userData: Buffer.alloc(0),
      });
      const synced = await coordinator.send<{ errorCode: number }>(ApiKey.SyncGroup, 3, {
        groupId,
        generationId,
        memberId,
        groupInstanceId: null,
        assignments: [{ memberId, assignment }],
      });
      if (synced.errorCode !== 0) throw new Error(`SyncGroup: ${errorName(synced.errorCode)}`);
    };
    const commit = async (memberId: string, generation: number, offset: number) => {
      const response = await coordinator.send<{ topics: { partitions: { errorCode: number }[] }[] }>(
        ApiKey.OffsetCommit,
        7,
        {
          groupId,
          generationIdOrMemberEpoch: generation,
          memberId,
          groupInstanceId: null,
          topics: [
            { name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedMetadata: '' }] },
          ],
        },
      );
      return errorName(response.topics[0]?.partitions[0]?.errorCode ?? -1);
    };
    const committed = async () => {
      const response = await coordinator.send<{ topics: { partitions: { committedOffset: number }[] }[] }>(
        ApiKey.OffsetFetch,
        5,
        { groupId, topics: [{ name: topic, partitionIndexes: [0] }] },
      );
      return response.topics[0]?.partitions[0]?.committedOffset ?? -1;
    };

    // 첫 합류는 멤버 ID를 받아 오는 왕복, 두 번째가 진짜 합류: 세대 1
    const first = await join('');
    const member = first.memberId;
    const gen1 = await join(member);
    await sync(member, gen1.generationId);
    // 리더가 다시 합류하면 리밸런스가 일어나 세대 2가 됩니다 (구독을 바꾼 컨슈머가 하는 일).
    const gen2 = await join(member);
    await sync(member, gen2.generationId);

    const result = {
      firstJoin: errorName(first.errorCode),
      generations: [gen1.generationId, gen2.generationId],
      commitWithCurrentGeneration: await commit(member, gen2.generationId, 5),
      commitWithStaleGeneration: await commit(member, gen1.generationId, 6),
      commitFromUnknownMember: await commit('ghost', gen2.generationId, 7),
      committedBeforeLeaving: await committed(),
    };
    const left = await coordinator.send<{ errorCode: number }>(ApiKey.LeaveGroup, 3, {
      groupId,
      members: [{ memberId: member, groupInstanceId: null }],
    });
    if (left.errorCode !== 0) throw new Error(`LeaveGroup: ${errorName(left.errorCode)}`);
    return {
      ...result,
      commitAfterLeaving: await commit(member, gen2.generationId, 8),
      // 관리 도구의 커밋: 멤버 ID 없이, 세대 -1
      commitWithoutGenerationToEmptyGroup: await commit('', -1, 9),
      committedAtEnd: await committed(),
    };
  },
};
