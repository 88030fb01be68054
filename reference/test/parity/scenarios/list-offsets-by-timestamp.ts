/**
 * 시각으로 오프셋 찾기 (ListOffsets): 주어진 시각 이상인 타임스탬프를 가진 첫 레코드의 오프셋과 그 타임스탬프.
 * 타임스탬프가 오프셋 순서로 늘지 않아도(1000, 5000, 3000, 4000) "오프셋이 가장 작은 것"을 답합니다:
 * 3000을 물으면 타임스탬프가 정확히 3000인 오프셋 2가 아니라, 먼저 3000을 넘은 오프셋 1입니다.
 */
import { EARLIEST, LATEST, listOffset, MAX_TIMESTAMP } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

const TIMESTAMPS = [1000, 5000, 3000, 4000];
const QUERIES: [string, number][] = [
  ['earliest', EARLIEST],
  ['latest', LATEST],
  ['ts=0', 0],
  ['ts=3000', 3000],
  ['ts=5000', 5000],
  ['ts=5001', 5001],
  ['max', MAX_TIMESTAMP],
];

export const listOffsetsByTimestamp: Scenario = {
  name: 'list-offsets',
  title: 'ListOffsets: 시각으로 오프셋 찾기',
  needs: ONE_NODE,
  kafka: {
    answer: {
      earliest: { offset: 0, timestamp: -1 },
      latest: { offset: 4, timestamp: -1 },
      'ts=0': { offset: 0, timestamp: 1000 },
      'ts=3000': { offset: 1, timestamp: 5000 },
      'ts=5000': { offset: 1, timestamp: 5000 },
      'ts=5001': { offset: -1, timestamp: -1 },
      max: { offset: 1, timestamp: 5000 },
    },
    source:
      'UnifiedLog.fetchOffsetByTimestamp — LogSegment.findOffsetByTimestamp(타임인덱스 → 배치 → 첫 레코드 ts ≥ 목표); ' +
      '찾지 못하면 KafkaApis가 UNKNOWN_OFFSET(-1)/UNKNOWN_TIMESTAMP(-1); MAX_TIMESTAMP는 KIP-734',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    // 1970년대 시각이라 보존 기간이 지난 것으로 보일 수 있어, 시간 보존을 끕니다.
    await ctx.createTopics({ name: topic, partitions: 1, configs: { 'retention.ms': '-1' } });
    const producer = await ctx.producer();
    await producer.send({
      topic,
      acks: -1,
      messages: TIMESTAMPS.map((timestamp, i) => ({ partition: 0, value: `v${i}`, timestamp: String(timestamp) })),
    });
    const leader = await ctx.rawToLeader(topic, 0);
    const answers: Record<string, { offset: number; timestamp: number } | string> = {};
    for (const [label, timestamp] of QUERIES) {
      const { error, offset, timestamp: found } = await listOffset(leader, topic, 0, timestamp);
      answers[label] = error === 'NONE' ? { offset, timestamp: found } : error;
    }
    return answers;
  },
};
