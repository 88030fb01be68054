/**
 * 관리 API 1: DeleteRecords (`kafka-delete-records.sh`, kafkajs `admin.deleteTopicRecords`). 로그 시작 오프셋을
 * 옮기면 그 앞은 읽을 수 없고(Fetch → OFFSET_OUT_OF_RANGE), earliest(low)가 새 로그 시작입니다. -1은 하이 워터마크,
 * 하이 워터마크 뒤는 OFFSET_OUT_OF_RANGE, 압축 토픽은 POLICY_VIOLATION입니다. 오류 코드는 날 DeleteRecords로 봅니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import type { RawClient } from '../../e2e/raw-client.js';
import { fetchOnce } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

async function deleteRecords(client: RawClient, topic: string, offset: number) {
  const response = await client.send<{
    topics: { partitions: { errorCode: number; lowWatermark: number }[] }[];
  }>(ApiKey.DeleteRecords, 2, {
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, offset }] }],
    timeoutMs: 10_000,
  });
  const p = response.topics[0]?.partitions[0];
  if (!p) throw new Error('DeleteRecords 응답에 파티션이 없습니다');
  return { error: errorName(p.errorCode), lowWatermark: p.lowWatermark };
}

export const deleteRecordsScenario: Scenario = {
  name: 'delete-records',
  title: 'DeleteRecords로 로그 앞부분 지우기',
  needs: ONE_NODE,
  kafka: {
    answer: {
      afterDelete: { low: 3, high: 5 },
      fetchBelowStart: 'OFFSET_OUT_OF_RANGE',
      fetchAtStart: 'NONE',
      beyondHighWatermark: { error: 'OFFSET_OUT_OF_RANGE', lowWatermark: -1 },
      belowLogStart: { error: 'NONE', lowWatermark: 3 },
      toHighWatermark: { error: 'NONE', lowWatermark: 5 },
      compacted: { error: 'POLICY_VIOLATION', lowWatermark: -1 },
    },
    source:
      'ReplicaManager.deleteRecordsOnLocalLog → Partition.deleteRecordsOnLeader (-1 = 하이 워터마크, cleanup.policy에 ' +
      'delete가 없으면 PolicyViolationException) → UnifiedLog.maybeIncrementLogStartOffset (하이 워터마크 뒤면 ' +
      'OffsetOutOfRangeException, 지금보다 앞이면 그대로)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const compacted = ctx.name('compacted');
    await ctx.createTopics(
      { name: topic, partitions: 1 },
      { name: compacted, partitions: 1, configs: { 'cleanup.policy': 'compact' } },
    );
    const producer = await ctx.producer();
    await producer.send({
      topic,
      acks: -1,
      messages: ['a', 'b', 'c', 'd', 'e'].map((value) => ({ partition: 0, value })),
    });
    await producer.send({ topic: compacted, acks: -1, messages: [{ partition: 0, key: 'k', value: 'v' }] });
    const admin = await ctx.admin();
    await admin.fetchTopicMetadata({ topics: [topic] }); // kafkajs는 리더를 캐시된 메타데이터에서 찾습니다
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
    const [offsets] = await admin.fetchTopicOffsets(topic);
    const leader = await ctx.rawToLeader(topic, 0);
    return {
      afterDelete: { low: Number(offsets?.low), high: Number(offsets?.high) },
      fetchBelowStart: (await fetchOnce(leader, topic, 0, 2)).error,
      fetchAtStart: (await fetchOnce(leader, topic, 0, 3)).error,
      beyondHighWatermark: await deleteRecords(leader, topic, 6),
      belowLogStart: await deleteRecords(leader, topic, 1),
      toHighWatermark: await deleteRecords(leader, topic, -1),
      compacted: await deleteRecords(await ctx.rawToLeader(compacted, 0), compacted, 1),
    };
  },
};
