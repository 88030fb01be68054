/**
 * 리밸런스 중의 오프셋 커밋. 워크숍에서 컨슈머를 하나씩 띄우면, 먼저 뜬 컨슈머가 읽은 것을 커밋하는 순간에 다음
 * 컨슈머의 JoinGroup이 그룹을 PreparingRebalance로 바꿔 놓습니다. Kafka는 이때 **지금 세대의 멤버가 보낸 커밋을
 * 받습니다**: 그 멤버는 아직 파티션의 주인이고, 이 커밋을 거절하면 다음 주인이 같은 메시지를 다시 읽습니다.
 * 거절(REBALANCE_IN_PROGRESS)하는 것은 CompletingRebalance뿐입니다: 새 세대는 정해졌지만 멤버가 아직 할당을
 * 받지 못한 때입니다. (참조 브로커가 예전에 PreparingRebalance에서도 거절해, 두 그룹이 메시지 1,100~1,900개를
 * 두 번씩 받았습니다.)
 */
import { commitOffset, committedOffset, GroupMember, groupState, type JoinAnswer } from '../group-member.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const commitDuringRebalance: Scenario = {
  name: 'commit-during-rebalance',
  title: '리밸런스 중의 오프셋 커밋 (PreparingRebalance와 CompletingRebalance)',
  needs: ONE_NODE,
  kafka: {
    answer: {
      states: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Stable'],
      commitWhilePreparing: 'NONE',
      heartbeatWhilePreparing: 'REBALANCE_IN_PROGRESS',
      generationsAfterRejoin: [2, 2],
      commitWhileCompletingWithNewGeneration: 'REBALANCE_IN_PROGRESS',
      commitWhileCompletingWithOldGeneration: 'ILLEGAL_GENERATION',
      commitWhenStableAgain: 'NONE',
      committed: [3, 4],
    },
    source:
      'ClassicGroup.validateOffsetCommit (CompletingRebalance만 REBALANCE_IN_PROGRESS, 세대가 다르면 ' +
      'ILLEGAL_GENERATION); GroupMetadataManager.classicGroupHeartbeat (PreparingRebalance → REBALANCE_IN_PROGRESS)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const groupId = ctx.name('g');
    await ctx.createTopics({ name: topic, partitions: 1 });
    // 멤버마다 연결 하나: 리밸런스 중의 JoinGroup은 답이 늦게 오므로 다른 요청을 막지 않게 합니다.
    const first = new GroupMember(await ctx.rawToCoordinator(groupId, 0), groupId, [topic]);
    const second = new GroupMember(await ctx.rawToCoordinator(groupId, 0), groupId, [topic]);
    const observer = await ctx.rawToCoordinator(groupId, 0);
    const states: string[] = [];

    const gen1 = await first.joinWithId();
    await first.sync(gen1.generationId, { [first.memberId]: { [topic]: [0] } });
    states.push(await groupState(observer, groupId));

    // 두 번째 컨슈머가 합류합니다: 첫 멤버가 다시 합류할 때까지 그 답은 오지 않습니다.
    const memberIdRequired = await second.join();
    if (memberIdRequired.memberId === '') throw new Error('두 번째 멤버가 ID를 받지 못했습니다');
    const secondJoin: Promise<JoinAnswer> = second.join();
    states.push(
      await ctx.waitFor('그룹이 PreparingRebalance로', async () => {
        const state = await groupState(observer, groupId);
        return state === 'PreparingRebalance' ? state : undefined;
      }),
    );
    const commitWhilePreparing = await first.commit(topic, 0, 3, gen1.generationId);
    const heartbeatWhilePreparing = await first.heartbeat(gen1.generationId);

    // 첫 멤버가 다시 합류하면 두 JoinGroup이 함께 답을 받습니다: 세대 2, CompletingRebalance
    const [gen2First, gen2Second] = await Promise.all([first.join(), secondJoin]);
    states.push(await groupState(observer, groupId));
    const commitWhileCompletingWithNewGeneration = await first.commit(topic, 0, 5, gen2First.generationId);
    const commitWhileCompletingWithOldGeneration = await commitOffset(
      observer,
      groupId,
      second.memberId,
      gen1.generationId,
      topic,
      0,
      6,
    );
    const committedWhileRebalancing = await committedOffset(observer, groupId, topic, 0);

    // 리더(첫 멤버)가 할당을 보내고, 팔로워도 SyncGroup을 보내면 Stable입니다.
    const leaderSync = first.sync(gen2First.generationId, {
      [first.memberId]: { [topic]: [0] },
      [second.memberId]: {},
    });
    const followerSync = second.sync(gen2Second.generationId);
    const synced = await Promise.all([leaderSync, followerSync]);
    if (synced.some((e) => e !== 'NONE')) throw new Error(`SyncGroup: ${synced.join(', ')}`);
    states.push(await groupState(observer, groupId));
    const commitWhenStableAgain = await first.commit(topic, 0, 4, gen2First.generationId);

    for (const member of [first, second]) await member.leave();
    return {
      states,
      commitWhilePreparing,
      heartbeatWhilePreparing,
      generationsAfterRejoin: [gen2First.generationId, gen2Second.generationId],
      commitWhileCompletingWithNewGeneration,
      commitWhileCompletingWithOldGeneration,
      commitWhenStableAgain,
      committed: [committedWhileRebalancing, await committedOffset(observer, groupId, topic, 0)],
    };
  },
};
