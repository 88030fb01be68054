/**
 * 진짜 클라이언트로 단일 노드 브로커를 점검합니다: kafkajs 2.2.4의 admin과 producer, kcat(librdkafka).
 * 쓴 것은 kcat으로(컨슈머 그룹 없이) 처음부터 읽어 파티션마다 순서까지 확인합니다.
 */
import { CompressionTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafka, kcat, type RunningBroker, readAllWithKcat, removeDir, startBroker } from './support.js';

let running: RunningBroker;

beforeAll(async () => {
  running = await startBroker({ KAFKA_NUM_PARTITIONS: '1' });
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

describe('kafkajs admin against the reference broker', () => {
  it('creates, describes, grows and deletes topics', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic: 'admin-t', numPartitions: 3 }] })).toBe(true);
      // 이미 있는 토픽을 다시 만들면 false (kafkajs는 TOPIC_ALREADY_EXISTS를 이렇게 보여 줍니다)
      expect(await admin.createTopics({ topics: [{ topic: 'admin-t', numPartitions: 3 }] })).toBe(false);
      expect(await admin.listTopics()).toContain('admin-t');

      const { topics } = await admin.fetchTopicMetadata({ topics: ['admin-t'] });
      expect(topics[0]?.partitions.map((p) => [p.partitionId, p.leader]).sort()).toEqual([
        [0, 1],
        [1, 1],
        [2, 1],
      ]);

      const producer = kafka(running.bootstrap).producer();
      await producer.connect();
      const before = Date.now();
      await producer.send({
        topic: 'admin-t',
        messages: [
          { value: 'a', partition: 0 },
          { value: 'b', partition: 0 },
        ],
      });
      await producer.disconnect();

      const offsets = await admin.fetchTopicOffsets('admin-t');
      const p0 = offsets.find((o) => o.partition === 0);
      expect(p0).toMatchObject({ low: '0', high: '2', offset: '2' });
      const byTime = await admin.fetchTopicOffsetsByTimestamp('admin-t', before - 1000);
      expect(byTime.find((o) => o.partition === 0)?.offset).toBe('0');
      const future = await admin.fetchTopicOffsetsByTimestamp('admin-t', Date.now() + 60_000);
      // 그 시각 뒤의 레코드가 없으면 kafkajs는 로그 끝 오프셋을 씁니다
      expect(future.find((o) => o.partition === 0)?.offset).toBe('2');

      await admin.createPartitions({ topicPartitions: [{ topic: 'admin-t', count: 5 }] });
      const grown = await admin.fetchTopicMetadata({ topics: ['admin-t'] });
      expect(grown.topics[0]?.partitions).toHaveLength(5);
      await expect(admin.createPartitions({ topicPartitions: [{ topic: 'admin-t', count: 2 }] })).rejects.toThrow();

      await admin.deleteTopics({ topics: ['admin-t'] });
      expect(await admin.listTopics()).not.toContain('admin-t');
    } finally {
      await admin.disconnect();
    }
  });
});

describe('kafkajs producer, read back with kcat', () => {
  it('acks 0, 1 and -1 and gzip all land in the log', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'acks', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka(running.bootstrap).producer();
    await producer.connect();
    try {
      for (const acks of [1, -1]) {
        const [meta] = await producer.send({ topic: 'acks', acks, messages: [{ value: `acks=${acks}` }] });
        expect(meta?.errorCode).toBe(0);
      }
      await producer.send({
        topic: 'acks',
        compression: CompressionTypes.GZIP,
        messages: Array.from({ length: 50 }, (_, i) => ({ value: `gzip-${i}` })),
      });
      await producer.send({ topic: 'acks', acks: 0, messages: [{ value: 'acks=0' }] });
      // acks=0에는 응답이 없으니, 뒤따르는 acks=1 요청의 응답으로 앞의 요청이 처리됐음을 압니다 (연결마다 순서대로).
      await producer.send({ topic: 'acks', acks: 1, messages: [{ value: 'after-acks-0' }] });
    } finally {
      await producer.disconnect();
    }
    const values = ((await readAllWithKcat(running.bootstrap, 'acks')).get(0) ?? []).map((r) => r.value);
    expect(values).toEqual([
      'acks=1',
      'acks=-1',
      ...Array.from({ length: 50 }, (_, i) => `gzip-${i}`),
      'acks=0',
      'after-acks-0',
    ]);
  });

  it('acks=-1 on a single-replica topic with min.insync.replicas=2 is accepted: the minimum is capped at the replica count (Kafka 3.7+)', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'strict', numPartitions: 1, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
    await admin.disconnect();
    const producer = kafka(running.bootstrap).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      // 복제본이 하나라 최소 ISR은 min(2, 1) = 1입니다 (Kafka `Partition.effectiveMinIsr`): 리더 하나로 약속을 지킵니다.
      const [all] = await producer.send({ topic: 'strict', acks: -1, messages: [{ value: 'x' }] });
      expect(all?.errorCode).toBe(0);
      const [one] = await producer.send({ topic: 'strict', acks: 1, messages: [{ value: 'y' }] });
      expect(one?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
    const values = ((await readAllWithKcat(running.bootstrap, 'strict')).get(0) ?? []).map((r) => r.value);
    expect(values, '하이 워터마크도 최소 ISR 1로 오르므로 둘 다 읽힙니다').toEqual(['x', 'y']);
  });

  it('10,000 keyed messages over 3 partitions: every message once, in order per partition', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'keyed', numPartitions: 3 }] });
    await admin.disconnect();
    const producer = kafka(running.bootstrap).producer();
    await producer.connect();
    const users = 50;
    const total = 10_000;
    try {
      for (let start = 0; start < total; start += 500) {
        await producer.send({
          topic: 'keyed',
          acks: -1,
          messages: Array.from({ length: 500 }, (_, j) => {
            const i = start + j;
            return { key: `user-${i % users}`, value: String(i) };
          }),
        });
      }
    } finally {
      await producer.disconnect();
    }

    const partitions = await readAllWithKcat(running.bootstrap, 'keyed');
    expect([...partitions.keys()].sort()).toEqual([0, 1, 2]);
    const seen = new Set<number>();
    const partitionOfKey = new Map<string, number>();
    for (const [partition, records] of partitions) {
      expect(
        records.map((r) => r.offset),
        `${partition}번 파티션의 오프셋은 0부터 빈틈없이`,
      ).toEqual(records.map((_, i) => i));
      const lastOfKey = new Map<string, number>();
      for (const r of records) {
        const i = Number(r.value);
        expect(seen.has(i), `메시지 ${i}가 두 번 있습니다`).toBe(false);
        seen.add(i);
        // 같은 키는 언제나 같은 파티션, 그 안에서는 보낸 순서대로
        expect(partitionOfKey.get(r.key) ?? partition).toBe(partition);
        partitionOfKey.set(r.key, partition);
        expect(i).toBeGreaterThan(lastOfKey.get(r.key) ?? -1);
        lastOfKey.set(r.key, i);
      }
    }
    expect(seen.size).toBe(total);
  }, 60_000);
});

describe('kcat (librdkafka)', () => {
  it('lists brokers, topics and partitions with -L', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'listed', numPartitions: 2 }] });
    await admin.disconnect();
    const out = await kcat(['-b', running.bootstrap, '-L', '-t', 'listed']);
    expect(out).toContain(`broker 1 at ${running.bootstrap}`);
    expect(out).toContain('topic "listed" with 2 partitions:');
    expect(out).toContain('partition 0, leader 1, replicas: 1, isrs: 1');
    expect(out).toContain('partition 1, leader 1, replicas: 1, isrs: 1');
  });

  it('produces with -P (auto-creating the topic) and reads it back with -C', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `k${i % 7}:line-${i}`).join('\n');
    await kcat(['-b', running.bootstrap, '-P', '-t', 'kcat-made', '-K', ':'], `${lines}\n`);
    const records = (await readAllWithKcat(running.bootstrap, 'kcat-made')).get(0) ?? [];
    expect(records.map((r) => r.value)).toEqual(Array.from({ length: 1000 }, (_, i) => `line-${i}`));
    expect(records[3]?.key).toBe('k3');
  });

  it('reads from an offset past the end (-o 100): the OFFSET_OUT_OF_RANGE answer carries empty records, so librdkafka parses it and resets', async () => {
    // Kafka `ReplicaManager.createLogReadResult(e)`: a read that fails in the replica manager answers MemoryRecords.EMPTY
    // (size 0), never null (size -1). librdkafka cannot parse size -1 ("invalid MessageSetSize -1"), never sees the
    // error code and asks the same broker forever.
    await kcat(['-b', running.bootstrap, '-P', '-t', 'past-end', '-p', '0'], 'a\nb\nc\n');
    const out = await kcat([
      '-b',
      running.bootstrap,
      '-C',
      '-t',
      'past-end',
      '-p',
      '0',
      '-o',
      '100',
      '-e',
      '-X',
      'auto.offset.reset=earliest',
      '-f',
      '%o:%s\n',
    ]);
    expect(out).toBe('0:a\n1:b\n2:c\n');
  });
});
