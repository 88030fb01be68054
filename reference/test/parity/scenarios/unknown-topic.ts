/**
 * 흔한 실수 1: 토픽 자동 생성(auto.create.topics.enable)이 꺼진 브로커에 없는 토픽으로 요청하기.
 * 어느 요청이든 UNKNOWN_TOPIC_OR_PARTITION이고, 요청이 토픽을 만들지 않습니다. 있는 토픽의 없는 파티션도 같습니다.
 */
import { encodeBatch } from '../../../src/record/record-batch.js';
import { fetchOnce, LATEST, listOffset, produce, topicMetadataError } from '../requests.js';
import type { Scenario } from '../scenario.js';

export const unknownTopic: Scenario = {
  name: 'unknown-topic',
  title: '자동 생성이 꺼진 브로커에 없는 토픽',
  needs: { nodes: 1, replicationFactor: 1, autoCreateTopics: false },
  kafka: {
    answer: {
      metadata: 'UNKNOWN_TOPIC_OR_PARTITION',
      produce: 'UNKNOWN_TOPIC_OR_PARTITION',
      listOffsets: 'UNKNOWN_TOPIC_OR_PARTITION',
      fetch: 'UNKNOWN_TOPIC_OR_PARTITION',
      metadataAfterwards: 'UNKNOWN_TOPIC_OR_PARTITION',
      produceToMissingPartition: 'UNKNOWN_TOPIC_OR_PARTITION',
    },
    source:
      'KafkaApis.getTopicMetadata (자동 생성을 못 하면 Topic.validate 뒤 UNKNOWN_TOPIC_OR_PARTITION); ' +
      'KafkaApis.handleProduceRequest·handleFetchRequest (metadataCache.contains), ReplicaManager.getPartitionOrException',
  },
  async run(ctx) {
    const missing = ctx.name('missing');
    const existing = ctx.name('one-partition');
    await ctx.createTopics({ name: existing, partitions: 1 });
    const client = await ctx.raw();
    const batch = encodeBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: 1000 }] });
    return {
      metadata: await topicMetadataError(client, missing, true),
      produce: (await produce(client, missing, 0, batch)).error,
      listOffsets: (await listOffset(client, missing, 0, LATEST)).error,
      fetch: (await fetchOnce(client, missing, 0, 0)).error,
      metadataAfterwards: await topicMetadataError(client, missing, false),
      produceToMissingPartition: (await produce(await ctx.rawToLeader(existing, 0), existing, 5, batch)).error,
    };
  },
};
