/**
 * 흔한 실수 2: 로그에 없는 오프셋 읽기. 로그 시작 오프셋보다 앞이나 로그 끝보다 뒤를 Fetch하면
 * OFFSET_OUT_OF_RANGE입니다. 로그 끝(하이 워터마크) 바로 그 자리는 오류가 아니라 "아직 없음"(빈 응답)입니다.
 * kafkajs 같은 클라이언트는 이 오류를 받으면 auto.offset.reset대로 위치를 옮기므로, 날 Fetch로 봅니다.
 */
import { fetchOnce } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const offsetOutOfRange: Scenario = {
  name: 'out-of-range',
  title: '로그 밖의 오프셋을 Fetch',
  needs: ONE_NODE,
  kafka: {
    answer: {
      fromStart: { error: 'NONE', highWatermark: 3, records: true },
      atLogEnd: { error: 'NONE', highWatermark: 3, records: false },
      pastLogEnd: 'OFFSET_OUT_OF_RANGE',
      beforeLogStart: 'OFFSET_OUT_OF_RANGE',
    },
    source:
      'LocalLog.read (startOffset > 로그 끝이면 OffsetOutOfRangeException, 같으면 빈 FetchDataInfo); ' +
      'UnifiedLog.checkLogStartOffset (로그 시작보다 앞)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const producer = await ctx.producer();
    await producer.send({ topic, acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ partition: 0, value })) });
    const leader = await ctx.rawToLeader(topic, 0);
    const at = async (offset: number) => {
      const { error, highWatermark, bytes } = await fetchOnce(leader, topic, 0, offset);
      return error === 'NONE' ? { error, highWatermark, records: bytes > 0 } : error;
    };
    return { fromStart: await at(0), atLogEnd: await at(3), pastLogEnd: await at(4), beforeLogStart: await at(-1) };
  },
};
