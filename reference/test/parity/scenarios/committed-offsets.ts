/**
 * 커밋된 오프셋과 랙(Lag): 컨슈머가 그룹 안에서 읽고 "다음에 읽을 위치"를 커밋합니다. 랙은 로그 끝(하이 워터마크)
 * − 커밋된 오프셋입니다. 마지막 멤버가 떠나면 그룹은 빈(Empty) 상태가 되고 커밋은 남습니다. 빈 그룹의 위치는
 * 바꿀 수 있습니다: kafkajs `admin.setOffsets`는 그룹에 잠깐 합류해 위치를 옮겨 커밋하고 떠납니다 (세대 없이
 * 커밋하는 관리 도구의 방법은 stale-generation 시나리오가 봅니다).
 */
import { ONE_NODE, type Scenario } from '../scenario.js';

const PER_PARTITION = [10, 4];

export const committedOffsets: Scenario = {
  name: 'committed-offsets',
  title: '커밋된 오프셋과 랙, 빈 그룹의 오프셋 재설정',
  needs: ONE_NODE,
  kafka: {
    answer: {
      afterCommit: [
        { partition: 0, committed: 7, logEnd: 10, lag: 3 },
        { partition: 1, committed: 4, logEnd: 4, lag: 0 },
      ],
      stateAfterLeave: 'Empty',
      afterReset: [
        { partition: 0, committed: 2, logEnd: 10, lag: 8 },
        { partition: 1, committed: 4, logEnd: 4, lag: 0 },
      ],
    },
    source:
      'OffsetMetadataManager.commitOffset·fetchOffsets (커밋은 다음에 읽을 오프셋); ' +
      'GroupMetadataManager.classicGroupLeave (마지막 멤버가 떠나면 Empty, 커밋은 남음)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const groupId = ctx.name('g');
    await ctx.createTopics({ name: topic, partitions: PER_PARTITION.length });
    const producer = await ctx.producer();
    for (const [partition, count] of PER_PARTITION.entries()) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, i) => ({ partition, value: `m${i}` })),
      });
    }

    // 컨슈머는 모두 읽은 뒤, 파티션 0은 7까지(오프셋 0–6을 처리함), 파티션 1은 끝까지 커밋합니다.
    const consumer = ctx.consumer({ groupId, sessionTimeout: 10_000, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let consumed = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async () => {
        consumed++;
      },
    });
    const total = PER_PARTITION.reduce((a, b) => a + b);
    await ctx.waitFor(`${total}개를 모두 읽기`, async () => (consumed >= total ? true : undefined));
    await consumer.commitOffsets([
      { topic, partition: 0, offset: '7' },
      { topic, partition: 1, offset: '4' },
    ]);
    await consumer.disconnect();

    const admin = await ctx.admin();
    const lag = async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
      return (committed?.partitions ?? [])
        .sort((a, b) => a.partition - b.partition)
        .map(({ partition, offset }) => {
          const logEnd = ends.get(partition) ?? -1;
          return { partition, committed: Number(offset), logEnd, lag: logEnd - Number(offset) };
        });
    };
    const afterCommit = await lag();
    // 마지막 멤버가 LeaveGroup으로 떠나면 그룹은 빈(Empty) 상태가 됩니다.
    const stateAfterLeave = await ctx.waitFor('그룹이 빈 상태가 되기', async () => {
      const [group] = (await admin.describeGroups([groupId])).groups;
      return group?.state === 'Empty' ? group.state : undefined;
    });
    // 빈 그룹이므로 위치를 옮길 수 있습니다: 파티션 0을 2로 되돌립니다.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
    return { afterCommit, stateAfterLeave, afterReset: await lag() };
  },
};
