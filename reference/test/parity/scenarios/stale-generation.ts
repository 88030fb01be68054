/**
 * 흔한 실수 3: 지난 세대(Generation)로 오프셋 커밋하기. 리밸런스마다 세대가 하나 오르고, 코디네이터는 지금 세대의
 * 멤버가 보낸 커밋만 받습니다. 리밸런스가 끝난 줄 모르는 컨슈머의 커밋이 남의 파티션 위치를 덮지 못하게 하려는
 * 것입니다. kafkajs는 이런 오류를 받으면 다시 합류하므로, 날 클라이언트로 그룹 프로토콜을 한 단계씩 밟습니다.
 */
import { errorName } from '../../../src/protocol/error-codes.js';
import { commitOffset, committedOffset, GroupMember } from '../group-member.js';
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
    const member = new GroupMember(coordinator, groupId, [topic]);
    const assignment = () => ({ [member.memberId]: { [topic]: [0] } });

    // 첫 합류는 멤버 ID를 받아 오는 왕복, 두 번째가 진짜 합류: 세대 1
    const first = await member.join();
    const gen1 = await member.join();
    await member.sync(gen1.generationId, assignment());
    // 리더가 다시 합류하면 리밸런스가 일어나 세대 2가 됩니다 (구독을 바꾼 컨슈머가 하는 일).
    const gen2 = await member.join();
    await member.sync(gen2.generationId, assignment());

    const result = {
      firstJoin: errorName(first.errorCode),
      generations: [gen1.generationId, gen2.generationId],
      commitWithCurrentGeneration: await member.commit(topic, 0, 5, gen2.generationId),
      commitWithStaleGeneration: await member.commit(topic, 0, 6, gen1.generationId),
      commitFromUnknownMember: await commitOffset(coordinator, groupId, 'ghost', gen2.generationId, topic, 0, 7),
      committedBeforeLeaving: await committedOffset(coordinator, groupId, topic, 0),
    };
    const left = await member.leave();
    if (left !== 'NONE') throw new Error(`LeaveGroup: ${left}`);
    return {
      ...result,
      commitAfterLeaving: await member.commit(topic, 0, 8, gen2.generationId),
      // 관리 도구의 커밋: 멤버 ID 없이, 세대 -1
      commitWithoutGenerationToEmptyGroup: await commitOffset(coordinator, groupId, '', -1, topic, 0, 9),
      committedAtEnd: await committedOffset(coordinator, groupId, topic, 0),
    };
  },
};
