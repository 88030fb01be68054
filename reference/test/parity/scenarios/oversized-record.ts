/**
 * 흔한 실수 5: 너무 큰 레코드. 배치 하나가 토픽의 `max.message.bytes`(기본은 브로커의 `message.max.bytes`,
 * 1,048,588바이트)를 넘으면 MESSAGE_TOO_LARGE이고 아무것도 쓰이지 않습니다. 크기는 레코드가 아니라 배치(헤더
 * 61바이트 포함)로 잽니다.
 */
import { outcome } from '../context.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

const TOPIC_LIMIT = 1024;

export const oversizedRecord: Scenario = {
  name: 'oversized-record',
  title: 'max.message.bytes를 넘는 레코드',
  needs: ONE_NODE,
  kafka: {
    answer: {
      overTopicLimit: 'MESSAGE_TOO_LARGE',
      underTopicLimit: 'NONE',
      overBrokerDefault: 'MESSAGE_TOO_LARGE',
      highWatermarks: [1, 0],
    },
    source:
      'UnifiedLog.analyzeAndValidateRecords — batch.sizeInBytes() > config.maxMessageSize()이면 RecordTooLargeException ' +
      '(Errors.MESSAGE_TOO_LARGE)',
  },
  async run(ctx) {
    const small = ctx.name('limited');
    const plain = ctx.name('default');
    await ctx.createTopics(
      { name: small, partitions: 1, configs: { 'max.message.bytes': String(TOPIC_LIMIT) } },
      { name: plain, partitions: 1 },
    );
    // 다시 보내도 같은 답이므로 재시도하지 않습니다.
    const producer = await ctx.producer({ retry: { retries: 0 } });
    const send = (topic: string, bytes: number) =>
      outcome(() => producer.send({ topic, acks: -1, messages: [{ partition: 0, value: Buffer.alloc(bytes, 120) }] }));
    const result = {
      overTopicLimit: await send(small, 2 * TOPIC_LIMIT),
      underTopicLimit: await send(small, 100),
      overBrokerDefault: await send(plain, 1024 * 1024 + 100),
    };
    const admin = await ctx.admin();
    const highWatermarks = [];
    for (const topic of [small, plain]) highWatermarks.push(Number((await admin.fetchTopicOffsets(topic))[0]?.high));
    return { ...result, highWatermarks };
  },
};
