/**
 * 워크숍에서 하는 순서 그대로: 파티션 3개짜리 토픽을 만들고, 키가 있는 메시지 3,000개를 **먼저** 보낸 뒤, 그룹 둘에
 * kafkajs 컨슈머를 셋씩 띄웁니다 (세션 타임아웃 10초, 자동 커밋). 한 그룹의 컨슈머는 메시지가 기다리는 동안 하나씩
 * 차례로 들어옵니다: 앞 컨슈머가 그룹에 들어가 읽기 시작하면 다음 컨슈머를 띄웁니다.
 *
 * 새 컨슈머의 JoinGroup이 그룹을 PreparingRebalance로 만든 순간에도, 앞 컨슈머는 받은 배치를 처리하고 커밋합니다.
 * Kafka는 이 커밋을 받습니다 (ClassicGroup.validateOffsetCommit: 지금 세대의 멤버이면 PreparingRebalance에서도 받고,
 * CompletingRebalance에서만 REBALANCE_IN_PROGRESS). 이 커밋을 거절하면 다음 주인이 그 배치를 처음부터 다시 읽습니다.
 *
 * (파티션, 오프셋)마다 몇 번 받았는지 셉니다. 확인하는 것:
 *   1. 그룹마다 모든 메시지를 (적어도 한 번) 받습니다.
 *   2. 다시 받은 것은 리밸런스마다 처리 중이던 배치를 넘지 않습니다 (아래 redeliveryBound).
 *   3. 파티션 하나를 통째로 다시 읽지 않습니다.
 */
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, expect, it } from 'vitest';
import { kafka, type RunningBroker, removeDir, startBroker } from './support.js';

const TOPIC = 'workshop';
const PARTITIONS = 3;
const MESSAGES = 3000;
const CONSUMERS_PER_GROUP = 3;
const GROUPS = ['billing', 'shipping'];

let running: RunningBroker | undefined;
const consumers: Consumer[] = [];

afterAll(async () => {
  for (const consumer of consumers) await consumer.disconnect().catch(() => {});
  if (running) {
    await running.stop();
    removeDir(running.dir);
  }
}, 60_000);

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${timeoutMs}ms 안에 ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** 한 그룹에서 본 것: (파티션, 오프셋)마다 받은 횟수, 세대 수, 컨슈머에게 넘어간 가장 큰 배치 */
interface GroupRun {
  readonly groupId: string;
  readonly deliveries: Map<string, number>;
  generations: number;
  largestBatch: number;
}

/**
 * 컨슈머 하나를 띄우고, 그룹에 처음 들어갈 때까지 기다립니다. 메시지 하나를 처리하는 데 1ms쯤 걸리게 해
 * (워크숍의 컨슈머는 메시지마다 무언가를 합니다), 다음 컨슈머가 들어오는 동안 배치를 처리하고 있게 합니다.
 */
async function startConsumer(client: Kafka, run: GroupRun): Promise<void> {
  const consumer = client.consumer({ groupId: run.groupId, sessionTimeout: 10_000 });
  consumers.push(consumer);
  let joined: () => void = () => {};
  const firstJoin = new Promise<void>((resolve) => {
    joined = resolve;
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    if (payload.isLeader) run.generations++;
    joined();
  });
  consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
    run.largestBatch = Math.max(run.largestBatch, payload.batchSize);
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const key = `${partition}:${message.offset}`;
      run.deliveries.set(key, (run.deliveries.get(key) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
  });
  await Promise.race([
    firstJoin,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${run.groupId}: 30초 안에 들어가지 못했습니다`)), 30_000),
    ),
  ]);
}

/**
 * 다시 받아도 되는 양의 상한. kafkajs(autoCommit, autoCommitInterval·Threshold 없음)는
 *   - 배치 하나(Fetch 응답 속 파티션 하나의 레코드들)를 eachMessage로 다 넘긴 뒤 그 배치까지 커밋하고
 *     (runner.handleBatch → autoCommitOffsets),
 *   - 하트비트가 REBALANCE_IN_PROGRESS를 알려 주면 처리한 데까지 커밋한 뒤 다시 참여합니다
 *     (runner.heartbeat → autoCommitOffsets).
 * 그래서 파티션이 주인을 바꿀 때 커밋되지 않은 채 넘어갈 수 있는 것은, 리밸런스가 끊은 멤버가 손에 들고 있던 배치
 * 하나뿐입니다. 리밸런스마다 그 배치 하나, 곧 `리밸런스 수 × 가장 큰 배치`가 상한입니다 (첫 세대는 넘겨받는 것이
 * 없으므로 리밸런스 수 = 세대 수 - 1). Kafka의 규칙이면 그 커밋도 받아 주므로 보통은 0입니다.
 */
function redeliveryBound(run: GroupRun): number {
  return Math.max(0, run.generations - 1) * run.largestBatch;
}

it('commits during PreparingRebalance are accepted: consumers joining one by one redeliver at most an in-flight batch, never whole partitions', async () => {
  running = await startBroker({ KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '500' });
  const client = kafka(running.bootstrap);
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    const producer = client.producer();
    await producer.connect();
    for (let start = 0; start < MESSAGES; start += 500) {
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: 500 }, (_, j) => ({ key: `user-${(start + j) % 97}`, value: `${start + j}` })),
      });
    }
    await producer.disconnect();
    const ends = await admin.fetchTopicOffsets(TOPIC);
    const perPartition = new Map(ends.map((p) => [p.partition, Number(p.high)]));
    expect([...perPartition.values()].reduce((a, b) => a + b, 0)).toBe(MESSAGES);

    // 두 그룹이 함께, 그룹 안에서는 하나씩 차례로.
    const runs = GROUPS.map((groupId) => ({ groupId, deliveries: new Map(), generations: 0, largestBatch: 0 }));
    await Promise.all(
      runs.map(async (run) => {
        for (let i = 0; i < CONSUMERS_PER_GROUP; i++) await startConsumer(client, run);
      }),
    );

    await until(
      '그룹마다 모든 메시지를 받지 못했습니다',
      () => runs.every((r) => r.deliveries.size >= MESSAGES),
      90_000,
    );
    // 더 다시 받을 것이 없을 때까지: 그룹이 멤버 셋으로 안정되고, 커밋된 오프셋이 모든 파티션의 끝에 닿았습니다.
    await until(
      '그룹이 안정되고 끝까지 커밋하지 못했습니다',
      async () => {
        const { groups } = await admin.describeGroups(GROUPS);
        if (!groups.every((g) => g.state === 'Stable' && g.members.length === CONSUMERS_PER_GROUP)) return false;
        for (const groupId of GROUPS) {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
          if (!committed?.partitions.every((p) => Number(p.offset) === perPartition.get(p.partition))) return false;
        }
        return true;
      },
      60_000,
    );

    for (const run of runs) {
      const redelivered = new Map<number, number>();
      for (const [key, count] of run.deliveries) {
        const partition = Number(key.split(':')[0]);
        redelivered.set(partition, (redelivered.get(partition) ?? 0) + count - 1);
      }
      const total = [...redelivered.values()].reduce((a, b) => a + b, 0);
      const summary = `${run.groupId}: 다시 받은 것 ${total}개 (파티션별 ${JSON.stringify(Object.fromEntries(redelivered))}), 세대 ${run.generations}, 가장 큰 배치 ${run.largestBatch}`;
      console.log(summary);
      expect(run.deliveries.size, `${run.groupId}: 모든 메시지를 받습니다`).toBe(MESSAGES);
      expect(total, `${summary}: 리밸런스마다 처리 중이던 배치 하나를 넘지 않습니다`).toBeLessThanOrEqual(
        redeliveryBound(run),
      );
      for (const [partition, count] of redelivered) {
        expect(count, `${summary}: 파티션 ${partition}을 통째로 다시 읽었습니다`).toBeLessThan(
          perPartition.get(partition) ?? 0,
        );
      }
    }
  } finally {
    await admin.disconnect();
    for (const consumer of consumers.splice(0)) await consumer.disconnect();
  }
}, 180_000);
