/**
 * Metadata는 주체가 볼(DESCRIBE) 수 없는 토픽을 숨깁니다. bob에게 토픽 하나의 DESCRIBE만 주면: 모든 토픽을 물을 때는
 * 그 토픽만 보이고(다른 토픽은 오류도 없이 빠짐), 이름으로 물으면 숨긴 토픽과 없는 토픽이 같은 답
 * TOPIC_AUTHORIZATION_FAILED를 받습니다. 그래서 주체는 볼 수 없는 토픽이 있는지조차 알 수 없습니다.
 */
import { topicMetadataError } from '../requests.js';
import { type Scenario, SECURED } from '../scenario.js';
import { AclOperationTypes, AclResourceTypes, acl, grant, ResourcePatternTypes } from '../security.js';
import { BOB, visibleTopics } from './security-helpers.js';

export const aclMetadataHides: Scenario = {
  name: 'acl-metadata-hides',
  title: 'Metadata가 DESCRIBE할 수 없는 토픽을 숨김',
  needs: SECURED,
  kafka: {
    answer: {
      allTopics: ['visible'],
      byName: { visible: 'NONE', hidden: 'TOPIC_AUTHORIZATION_FAILED', missing: 'TOPIC_AUTHORIZATION_FAILED' },
    },
    source:
      'KafkaApis.handleTopicMetadataRequest (AuthHelper.filterByAuthorized로 DESCRIBE를 거르고, 모든 토픽을 물으면 ' +
      '거절된 토픽을 빼며, 이름으로 물으면 있는지 보기 전에 TOPIC_AUTHORIZATION_FAILED)',
  },
  async run(ctx) {
    const base = ctx.name('t');
    const names = { visible: `${base}-visible`, hidden: `${base}-hidden`, missing: `${base}-missing` };
    await ctx.createTopics({ name: names.visible, partitions: 1 }, { name: names.hidden, partitions: 1 });
    await grant(
      ctx,
      acl(AclResourceTypes.TOPIC, names.visible, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.DESCRIBE),
    );
    const bob = await ctx.rawAs(BOB);
    const roleOf = new Map(Object.entries(names).map(([role, name]) => [name, role]));
    return {
      allTopics: (await visibleTopics(bob, base)).map((name) => roleOf.get(name) ?? name),
      byName: {
        visible: await topicMetadataError(bob, names.visible, false),
        hidden: await topicMetadataError(bob, names.hidden, false),
        missing: await topicMetadataError(bob, names.missing, false),
      },
    };
  },
};
