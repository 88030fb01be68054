/**
 * 쓰기의 오프셋과 하이 워터마크: 파티션마다 오프셋은 0부터 레코드 하나에 하나씩 붙고(배치가 아니라 레코드마다,
 * 압축한 배치도 같음), 응답의 baseOffset은 배치 첫 레코드의 오프셋, 하이 워터마크는 마지막 오프셋 + 1입니다.
 */
import { CompressionTypes } from 'kafkajs';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const produceOffsets: Scenario = {
  name: 'produce-offsets',
  title: '쓰기의 baseOffset과 하이 워터마크',
  needs: ONE_NODE,
  kafka: {
    answer: {
      baseOffsets: ['p0:0', 'p1:0', 'p0:3', 'p0:5', 'p1:2'],
      partitions: [
        { partition: 0, logStartOffset: 0, highWatermark: 6 },
        { partition: 1, logStartOffset: 0, highWatermark: 3 },
      ],
    },
    source:
      'UnifiedLog.append → LogValidator.validateMessagesAndAssignOffsets (압축한 배치도 레코드마다 오프셋 하나); ' +
      'ListOffsets EARLIEST/LATEST → UnifiedLog.fetchOffsetByTimestamp (logStartOffset, 하이 워터마크)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 2 });
    const producer = await ctx.producer();
    const send = async (partition: number, values: string[], compression = CompressionTypes.None) => {
      const [meta] = await producer.send({
        topic,
        acks: -1,
        compression,
        messages: values.map((value) => ({ partition, value })),
      });
      return `p${meta?.partition}:${meta?.baseOffset}`;
    };
    const baseOffsets = [
      await send(0, ['a', 'b', 'c']),
      await send(1, ['d', 'e']),
      await send(0, ['f', 'g'], CompressionTypes.GZIP), // 압축한 배치도 레코드마다 오프셋 하나
    ];
    // 한 요청에 두 파티션: 파티션마다 따로 오프셋을 받습니다.
    const both = await producer.sendBatch({
      acks: -1,
      topicMessages: [
        {
          topic,
          messages: [
            { partition: 0, value: 'h' },
            { partition: 1, value: 'i' },
          ],
        },
      ],
    });
    baseOffsets.push(
      ...both.sort((a, b) => a.partition - b.partition).map((meta) => `p${meta.partition}:${meta.baseOffset}`),
    );

    const admin = await ctx.admin();
    const offsets = await admin.fetchTopicOffsets(topic);
    return {
      baseOffsets,
      partitions: offsets
        .sort((a, b) => a.partition - b.partition)
        .map((o) => ({ partition: o.partition, logStartOffset: Number(o.low), highWatermark: Number(o.high) })),
    };
  },
};
