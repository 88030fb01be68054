/**
 * 관리 API: OffsetDelete (`kafka-consumer-groups --delete-offsets`, `Admin.deleteConsumerGroupOffsets`). 그룹이
 * 더는 읽지 않는 토픽의 커밋을 지웁니다. 멤버가 구독 중인 토픽의 커밋은 지울 수 없고(다음 리밸런스에서 그 위치가
 * 필요합니다), 모르는 그룹은 요청 전체가 GROUP_ID_NOT_FOUND입니다. 멤버가 떠나 빈 그룹이 되면 무엇이든 지웁니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import type { RawClient } from '../../e2e/raw-client.js';
import { commitOffset, committedOffset, GroupMember } from '../group-member.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

interface OffsetDeleteBody {
  readonly errorCode: number;
  readonly topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}

/** OffsetDelete v0: 토픽마다 파티션 0. 요청 전체의 오류와, 토픽 순서대로 파티션의 오류 이름 */
async function deleteOffsets(coordinator: RawClient, groupId: string, topics: readonly string[]) {
  const answer = await coordinator.send<OffsetDeleteBody>(ApiKey.OffsetDelete, 0, {
    groupId,
    topics: topics.map((name) => ({ name, partitions: [{ partitionIndex: 0 }] })),
  });
  return {
    error: errorName(answer.errorCode),
    partitions: topics.map((name) =>
      errorName(answer.topics.find((t) => t.name === name)?.partitions[0]?.errorCode ?? 0),
    ),
  };
}

export const offsetDeleteScenario: Scenario = {
  name: 'offset-delete',
  title: 'OffsetDelete: 구독하지 않는 토픽의 커밋 지우기',
  needs: ONE_NODE,
  kafka: {
    answer: {
      whileSubscribedToA: { error: 'NONE', partitions: ['GROUP_SUBSCRIBED_TO_TOPIC', 'NONE'] },
      committedAfter: [5, -1],
      unknownGroup: { error: 'GROUP_ID_NOT_FOUND', partitions: ['NONE'] },
      afterLeaving: { error: 'NONE', partitions: ['NONE'] },
      committedAtEnd: -1,
    },
    source:
      'GroupCoordinatorShard.deleteOffsets → OffsetMetadataManager.deleteOffsets (구독 중인 토픽은 ' +
      'GROUP_SUBSCRIBED_TO_TOPIC), ClassicGroup.validateOffsetDelete (없는 그룹 → GROUP_ID_NOT_FOUND)',
  },
  async run(ctx) {
    const subscribed = ctx.name('a');
    const abandoned = ctx.name('b');
    const groupId = ctx.name('g');
    await ctx.createTopics({ name: subscribed, partitions: 1 }, { name: abandoned, partitions: 1 });
    const coordinator = await ctx.rawToCoordinator(groupId, 0);

    // 빈 그룹에 관리 도구처럼 두 토픽을 커밋해 두고, 멤버 하나가 a만 구독해 합류합니다.
    for (const [topic, offset] of [
      [subscribed, 5],
      [abandoned, 7],
    ] as const) {
      const committed = await commitOffset(coordinator, groupId, '', -1, topic, 0, offset);
      if (committed !== 'NONE') throw new Error(`커밋: ${committed}`);
    }
    const member = new GroupMember(await ctx.rawToCoordinator(groupId, 0), groupId, [subscribed]);
    const joined = await member.joinWithId();
    await member.sync(joined.generationId, { [member.memberId]: { [subscribed]: [0] } });

    const whileSubscribedToA = await deleteOffsets(coordinator, groupId, [subscribed, abandoned]);
    const committedAfter = [
      await committedOffset(coordinator, groupId, subscribed, 0),
      await committedOffset(coordinator, groupId, abandoned, 0),
    ];
    const unknownGroup = await deleteOffsets(coordinator, ctx.name('nobody'), [subscribed]);
    await member.leave();
    const afterLeaving = await deleteOffsets(coordinator, groupId, [subscribed]);
    return {
      whileSubscribedToA,
      committedAfter,
      unknownGroup,
      afterLeaving,
      committedAtEnd: await committedOffset(coordinator, groupId, subscribed, 0),
    };
  },
};
