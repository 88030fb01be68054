/**
 * DENY가 ALLOW를 이깁니다. 토픽 하나에 "누구나(User:*) WRITE"와 "bob READ"를 ALLOW하고, 그 토픽을 덮는 PREFIXED ACL로
 * "bob WRITE"를 DENY하면: alice는 쓰고, bob은 쓰지 못하며(ALLOW가 있어도), bob의 READ는 DENY가 없으니 그대로입니다.
 * DENY와 ALLOW의 패턴 종류(PREFIXED, LITERAL)나 주체의 구체성(User:*, User:bob)은 순서에 상관없습니다.
 */
import { decodeBatches } from '../../../src/record/record-batch.js';
import { fetchOnce, produce } from '../requests.js';
import { type Scenario, SECURED } from '../scenario.js';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  acl,
  grant,
  ResourcePatternTypes,
} from '../security.js';
import { ALICE, BOB, oneRecord } from './security-helpers.js';

export const aclDenyBeatsAllow: Scenario = {
  name: 'acl-deny-beats-allow',
  title: 'DENY ACL이 ALLOW ACL을 이김',
  needs: SECURED,
  kafka: {
    answer: {
      aliceProduce: 'NONE',
      bobProduce: 'TOPIC_AUTHORIZATION_FAILED',
      bobFetch: { error: 'NONE', values: ['from-alice'] },
    },
    source:
      'StandardAuthorizerData.authorize (맞는 DENY ACL을 먼저 찾아 있으면 거절, 그다음 ALLOW); ' +
      'KafkaApis.handleProduceRequest·handleFetchRequest',
  },
  async run(ctx) {
    const base = ctx.name('deny');
    const topic = `${base}-t`;
    await ctx.createTopics({ name: topic, partitions: 1 });
    await grant(
      ctx,
      acl(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, '*', AclOperationTypes.WRITE),
      acl(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, 'bob', AclOperationTypes.READ),
      acl(
        AclResourceTypes.TOPIC,
        base,
        ResourcePatternTypes.PREFIXED,
        'bob',
        AclOperationTypes.WRITE,
        AclPermissionTypes.DENY,
      ),
    );
    const alice = await ctx.rawAs(ALICE);
    const bob = await ctx.rawAs(BOB);
    const aliceProduce = (await produce(alice, topic, 0, oneRecord('from-alice'))).error;
    const bobProduce = (await produce(bob, topic, 0, oneRecord('from-bob'))).error;
    const fetched = await fetchOnce(bob, topic, 0, 0);
    return {
      aliceProduce,
      bobProduce,
      bobFetch: {
        error: fetched.error,
        values: decodeBatches(fetched.records).flatMap((b) =>
          b.records.map((r) => Buffer.from(r.value ?? []).toString()),
        ),
      },
    };
  },
};
