/**
 * 컨슈머 그룹을 여러 클라이언트로 점검합니다: kcat -G(librdkafka의 그룹 컨슈머), @platformatic/kafka의
 * 그룹 컨슈머, kafkajs admin의 그룹 관리, 그리고 잘못된 그룹 요청에 대한 Kafka 오류 코드.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Consumer as PlatformaticConsumer, stringDeserializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, kcat, type RunningBroker, removeDir, startBroker } from './support.js';

let running: RunningBroker;

function runGroupsTool(args: string[]): Promise<string> {
  const script = path.resolve(import.meta.dirname, '../../../scripts/consumer-groups.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`npm run groups 실패 (${code}): ${out}`)),
    );
  });
}

beforeAll(async () => {
  running = await startBroker({ KAFKA_NUM_PARTITIONS: '3', KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' });
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 3 }] });
  await admin.disconnect();
  const producer = kafka(running.bootstrap).producer();
  await producer.connect();
  await producer.send({
    topic: 'events',
    messages: Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 30}`, value: `e${i}` })),
  });
  await producer.disconnect();
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

describe('group consumers from other clients', () => {
  it('kcat -G consumes as a group member beside a kafkajs group, and resumes from its committed offsets', async () => {
    // 같은 토픽을 kafkajs 컨슈머 그룹이 함께 읽습니다: 그룹이 다르면 서로 상관없이 모든 메시지를 받습니다.
    const kafkajsSeen: string[] = [];
    const neighbour = kafka(running.bootstrap).consumer({
      groupId: 'kafkajs-neighbour',
      sessionTimeout: 10_000,
      maxWaitTimeInMs: 500,
    });
    await neighbour.connect();
    await neighbour.subscribe({ topic: 'events', fromBeginning: true });
    await neighbour.run({
      eachMessage: async ({ message }) => {
        kafkajsSeen.push(String(message.value));
      },
    });
    // 커밋이 없을 때만 처음부터 (-o beginning은 커밋을 무시하고 언제나 처음부터 읽게 합니다).
    const args = [
      '-b',
      running.bootstrap,
      '-G',
      'kcat-group',
      '-X',
      'auto.offset.reset=earliest',
      'events',
      '-e',
      '-q',
      '-f',
      '%s\n',
    ];
    const first = (await kcat(args)).split('\n').filter(Boolean);
    expect(first.sort()).toEqual(Array.from({ length: 300 }, (_, i) => `e${i}`).sort());
    while (kafkajsSeen.length < 300) await new Promise((resolve) => setTimeout(resolve, 50));
    await neighbour.disconnect();
    expect(kafkajsSeen.sort(), '옆 그룹(kafkajs)도 모든 메시지를 한 번씩').toEqual(first.sort());
    // 같은 그룹으로 다시 붙으면 커밋한 곳(끝)부터라 새로 받을 것이 없습니다.
    expect((await kcat(args)).trim()).toBe('');
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: 'kcat-group', topics: ['events'] });
    await admin.disconnect();
    const total = offsets[0]?.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total, '커밋된 오프셋의 합은 파티션마다의 로그 끝의 합(300)').toBe(300);

    // npm run groups (kafka-consumer-groups.sh --describe처럼): 파티션마다 랙이 0이어야 합니다.
    const view = await runGroupsTool(['--bootstrap', running.bootstrap, '--group', 'kcat-group']);
    expect(view).toContain('그룹 kcat-group: 상태 Empty');
    const rows = view.split('\n').filter((line) => line.includes('│ events'));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const [, , , current, end, lag] = row.split('│').map((cell) => cell.trim());
      expect(Number(lag), row).toBe(0);
      expect(current, row).toBe(end);
    }
  }, 30_000);

  it('@platformatic/kafka consumes in a group and commits', async () => {
    const consumer = new PlatformaticConsumer({
      clientId: 'pf-consumer',
      groupId: 'pf-group',
      bootstrapBrokers: [running.bootstrap],
      deserializers: stringDeserializers,
    });
    const values: string[] = [];
    try {
      const stream = await consumer.consume({ topics: ['events'], mode: 'earliest', autocommit: false });
      for await (const message of stream) {
        values.push(String(message.value));
        await message.commit();
        if (values.length === 300) break;
      }
      await stream.close();
    } finally {
      await consumer.close();
    }
    expect(values.sort()).toEqual(Array.from({ length: 300 }, (_, i) => `e${i}`).sort());
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: 'pf-group', topics: ['events'] });
    await admin.disconnect();
    expect(offsets[0]?.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(300);
  }, 30_000);
});

describe('kafkajs admin group operations', () => {
  it('lists, describes, fetches, resets, sets and deletes groups', async () => {
    const client = kafka(running.bootstrap);
    const consumer = client.consumer({ groupId: 'admin-group', sessionTimeout: 10_000, maxWaitTimeInMs: 500 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'events', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
      },
    });
    const admin = client.admin();
    await admin.connect();
    try {
      while (seen.length < 300) await new Promise((resolve) => setTimeout(resolve, 50));
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId)).toContain('admin-group');
      const described = await admin.describeGroups(['admin-group']);
      expect(described.groups[0]).toMatchObject({ groupId: 'admin-group', state: 'Stable', protocolType: 'consumer' });
      expect(described.groups[0]?.members).toHaveLength(1);
      // 멤버가 있는 그룹은 지울 수도, 오프셋을 바꿀 수도 없습니다.
      await expect(admin.deleteGroups(['admin-group'])).rejects.toThrow();
      await consumer.disconnect();

      // kafkajs는 "처음부터"를 오프셋 -2(EARLIEST)로 커밋하고, 컨슈머가 그것을 로그 시작으로 풉니다.
      await admin.resetOffsets({ groupId: 'admin-group', topic: 'events', earliest: true });
      let offsets = await admin.fetchOffsets({ groupId: 'admin-group', topics: ['events'] });
      expect(offsets[0]?.partitions.map((p) => p.offset)).toEqual(['-2', '-2', '-2']);
      await admin.setOffsets({ groupId: 'admin-group', topic: 'events', partitions: [{ partition: 1, offset: '7' }] });
      offsets = await admin.fetchOffsets({ groupId: 'admin-group', topics: ['events'] });
      expect(offsets[0]?.partitions.find((p) => p.partition === 1)?.offset).toBe('7');

      expect(await admin.deleteGroups(['admin-group'])).toMatchObject([{ groupId: 'admin-group' }]);
      offsets = await admin.fetchOffsets({ groupId: 'admin-group', topics: ['events'] });
      expect(
        offsets[0]?.partitions.every((p) => p.offset === '-1'),
        '지운 그룹에는 커밋된 오프셋이 없습니다',
      ).toBe(true);
    } finally {
      await admin.disconnect();
    }
  }, 30_000);
});

describe('bad group requests get Kafka error codes and lose nothing', () => {
  it('answers unknown protocol types, stale generations, unknown members and deleted topics', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const coordinator = await client.send<{ errorCode: number }>(ApiKey.FindCoordinator, 1, {
        key: 'raw',
        keyType: 0,
      });
      expect(coordinator.errorCode).toBe(ErrorCode.NONE);
      const join = (memberId: string, protocolType: string) =>
        client.send<{ errorCode: number; memberId: string; generationId: number }>(ApiKey.JoinGroup, 5, {
          groupId: 'raw',
          sessionTimeoutMs: 10_000,
          rebalanceTimeoutMs: 10_000,
          memberId,
          groupInstanceId: null,
          protocolType,
          protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
        });
      const first = await join('', 'consumer');
      expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
      const joined = await join(first.memberId, 'consumer');
      expect(joined.errorCode).toBe(ErrorCode.NONE);
      const synced = await client.send<{ errorCode: number }>(ApiKey.SyncGroup, 3, {
        groupId: 'raw',
        generationId: joined.generationId,
        memberId: joined.memberId,
        groupInstanceId: null,
        assignments: [{ memberId: joined.memberId, assignment: Buffer.alloc(0) }],
      });
      expect(synced.errorCode).toBe(ErrorCode.NONE);

      const other = await join('', 'connect');
      expect(other.errorCode, '다른 프로토콜 종류').toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      const stale = await client.send<{ errorCode: number }>(ApiKey.SyncGroup, 3, {
        groupId: 'raw',
        generationId: joined.generationId - 1,
        memberId: joined.memberId,
        groupInstanceId: null,
        assignments: [],
      });
      expect(stale.errorCode, '옛 세대의 SyncGroup').toBe(ErrorCode.ILLEGAL_GENERATION);

      const commit = (memberId: string, generation: number, topic: string) =>
        client.send<{ topics: { partitions: { errorCode: number }[] }[] }>(ApiKey.OffsetCommit, 7, {
          groupId: 'raw',
          generationIdOrMemberEpoch: generation,
          memberId,
          groupInstanceId: null,
          topics: [
            {
              name: topic,
              partitions: [
                { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 3, committedMetadata: 'app=billing' },
              ],
            },
          ],
        });
      const ok = await commit(joined.memberId, joined.generationId, 'events');
      expect(ok.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NONE);
      const unknownMember = await commit('ghost', joined.generationId, 'events');
      expect(unknownMember.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      const deletedTopic = await commit(joined.memberId, joined.generationId, 'no-such-topic');
      expect(deletedTopic.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

      const fetched = await client.send<{
        topics: { partitions: { committedOffset: number; committedLeaderEpoch: number; metadata: string }[] }[];
      }>(ApiKey.OffsetFetch, 5, {
        groupId: 'raw',
        topics: [{ name: 'events', partitionIndexes: [0] }],
      });
      expect(
        fetched.topics[0]?.partitions[0],
        '잘못된 커밋들 뒤에도 좋은 커밋은 그대로, 메타데이터와 리더 에포크까지',
      ).toMatchObject({
        committedOffset: 42,
        committedLeaderEpoch: 3,
        metadata: 'app=billing',
      });
    } finally {
      client.close();
    }
  });
});
