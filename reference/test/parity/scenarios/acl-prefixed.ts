/**
 * PREFIXED ACL은 이름이 그 앞부분으로 시작하는 자원을 덮고, LITERAL ACL은 이름이 똑같은 자원만 덮습니다. bob에게
 * `…-eu-`로 시작하는 토픽의 WRITE(PREFIXED)와 이름이 `…-us-`인 토픽의 WRITE(LITERAL)를 주면, `…-eu-orders`에는 쓰고
 * `…-us-orders`에는 못 씁니다. 앞부분보다 짧은 `…-eu`도 덮이지 않습니다.
 */
import { produce } from '../requests.js';
import { type Scenario, SECURED } from '../scenario.js';
import { AclOperationTypes, AclResourceTypes, acl, grant, ResourcePatternTypes } from '../security.js';
import { BOB, oneRecord } from './security-helpers.js';

export const aclPrefixed: Scenario = {
  name: 'acl-prefixed',
  title: 'PREFIXED ACL은 앞부분이 같은 토픽을, LITERAL ACL은 같은 이름만 덮음',
  needs: SECURED,
  kafka: {
    answer: {
      'eu-orders (PREFIXED eu-)': 'NONE',
      'eu (앞부분보다 짧음)': 'TOPIC_AUTHORIZATION_FAILED',
      'us-orders (LITERAL us-)': 'TOPIC_AUTHORIZATION_FAILED',
    },
    source:
      'StandardAuthorizerData.authorize·checkSection (LITERAL은 같은 이름, PREFIXED는 이름이 그것으로 시작하는 ACL을 ' +
      '찾음); KafkaApis.handleProduceRequest (TOPIC WRITE)',
  },
  async run(ctx) {
    const base = ctx.name('shop');
    const topics = { euOrders: `${base}-eu-orders`, eu: `${base}-eu`, usOrders: `${base}-us-orders` };
    await ctx.createTopics(...Object.values(topics).map((name) => ({ name, partitions: 1 })));
    await grant(
      ctx,
      acl(AclResourceTypes.TOPIC, `${base}-eu-`, ResourcePatternTypes.PREFIXED, 'bob', AclOperationTypes.WRITE),
      acl(AclResourceTypes.TOPIC, `${base}-us-`, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.WRITE),
    );
    const bob = await ctx.rawAs(BOB);
    return {
      'eu-orders (PREFIXED eu-)': (await produce(bob, topics.euOrders, 0, oneRecord())).error,
      'eu (앞부분보다 짧음)': (await produce(bob, topics.eu, 0, oneRecord())).error,
      'us-orders (LITERAL us-)': (await produce(bob, topics.usOrders, 0, oneRecord())).error,
    };
  },
};
