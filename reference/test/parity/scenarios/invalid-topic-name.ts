/**
 * 흔한 실수 7: 쓸 수 없는 토픽 이름. 토픽 이름은 영문, 숫자, `.`, `_`, `-`로 249자까지이고 `.`과 `..`은 안 됩니다
 * (이름이 곧 로그 폴더 이름이기 때문입니다). 또 `.`과 `_`는 지표(Metrics) 이름에서 같은 글자가 되므로, 이 둘만 다른
 * 두 토픽(`a.b`와 `a_b`)은 함께 있을 수 없습니다. 모두 INVALID_TOPIC_EXCEPTION입니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import type { RawClient } from '../../e2e/raw-client.js';
import { topicMetadataError } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

const INVALID: Record<string, string> = {
  empty: '',
  dot: '.',
  dotDot: '..',
  space: 'has space',
  hangul: '토픽',
  tooLong: 'x'.repeat(250),
};

export const invalidTopicName: Scenario = {
  name: 'invalid-topic',
  title: '쓸 수 없는 토픽 이름과 충돌하는 이름',
  needs: ONE_NODE,
  kafka: {
    answer: {
      createTopics: {
        empty: 'INVALID_TOPIC_EXCEPTION',
        dot: 'INVALID_TOPIC_EXCEPTION',
        dotDot: 'INVALID_TOPIC_EXCEPTION',
        space: 'INVALID_TOPIC_EXCEPTION',
        hangul: 'INVALID_TOPIC_EXCEPTION',
        tooLong: 'INVALID_TOPIC_EXCEPTION',
      },
      metadata: 'INVALID_TOPIC_EXCEPTION',
      withDot: 'NONE',
      withUnderscoreAfterDot: 'INVALID_TOPIC_EXCEPTION',
      sameNameAgain: 'TOPIC_ALREADY_EXISTS',
    },
    source:
      'ReplicationControlManager.validateNewTopicNames — Topic.validate와 Topic.hasCollisionChars/unifyCollisionChars; ' +
      'KafkaApis.getTopicMetadata (자동 생성을 못 하면 Topic.validate → INVALID_TOPIC_EXCEPTION)',
  },
  async run(ctx) {
    const client = await ctx.raw();
    const create = (name: string) => createTopic(client, name, ctx.scenario.needs.replicationFactor);
    const createTopics: Record<string, string> = {};
    for (const [label, name] of Object.entries(INVALID)) createTopics[label] = await create(name);
    const base = ctx.name('collide');
    return {
      createTopics,
      metadata: await topicMetadataError(client, INVALID.space as string, false),
      withDot: await create(`${base}.x`),
      withUnderscoreAfterDot: await create(`${base}_x`),
      sameNameAgain: await create(`${base}.x`),
    };
  },
};

/** CreateTopics v5로 파티션 1개인 토픽 하나를 만들고 오류 이름을 돌려줍니다. */
async function createTopic(client: RawClient, name: string, replicationFactor: number): Promise<string> {
  const response = await client.send<{ topics: { name: string; errorCode: number }[] }>(ApiKey.CreateTopics, 5, {
    topics: [{ name, numPartitions: 1, replicationFactor, assignments: [], configs: [] }],
    timeoutMs: 30_000,
    validateOnly: false,
  });
  return errorName(response.topics[0]?.errorCode ?? -1);
}
