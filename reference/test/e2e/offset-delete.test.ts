/**
 * OffsetDelete (API 47), `kafka-consumer-groups.sh --delete-offsets`가 보내는 요청.
 *
 * 1. 진짜 클라이언트: @platformatic/kafka admin의 deleteConsumerGroupOffsets로, kafkajs 컨슈머 그룹이 구독에서 뺀 토픽의
 *    오프셋을 지웁니다. 구독 중인 토픽은 GROUP_SUBSCRIBED_TO_TOPIC으로 거절되고, 브로커를 다시 켜도 지운 것은 지워진
 *    채입니다 (툼스톤이 `__consumer_offsets`에 있습니다). kafkajs 2.2.4와 kcat에는 이 요청이 없습니다.
 * 2. 오류마다 날(raw) 프로토콜로: INVALID_GROUP_ID, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, UNKNOWN_TOPIC_OR_PARTITION,
 *    그리고 요청 전체의 오류가 파티션 결과를 덮는 것 (Kafka: KafkaApis.handleOffsetDeleteRequest).
 */
import { Admin } from '@platformatic/kafka';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, type RunningBroker, removeDir, reservePort, startBroker, tempDir } from './support.js';

const env = { KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' };
let running: RunningBroker;
let listeners: Record<string, string>;

beforeAll(async () => {
  listeners = { KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${await reservePort()}` };
  running = await startBroker({ ...env, ...listeners }, tempDir());
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'orders', numPartitions: 1 },
      { topic: 'legacy', numPartitions: 1 },
    ],
  });
  await admin.disconnect();
  const producer = kafka(running.bootstrap).producer();
  await producer.connect();
  for (const topic of ['orders', 'legacy']) {
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `${topic}-${i}` })) });
  }
  await producer.disconnect();
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

/** 그룹 컨슈머 하나가 그룹에 들어가 `count`개를 읽을 때까지 기다립니다 (자동 커밋). 돌고 있는 컨슈머를 돌려줍니다. */
async function consume(client: Kafka, groupId: string, topics: string[], count: number) {
  const consumer = client.consumer({ groupId, sessionTimeout: 10_000, maxWaitTimeInMs: 200 });
  let seen = 0;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async () => {
      seen++;
    },
  });
  const started = Date.now();
  while (!joined || seen < count) {
    if (Date.now() - started > 20_000) throw new Error(`${groupId}: 20초 안에 들어가 ${count}개를 읽지 못했습니다`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return consumer;
}

async function committed(client: Kafka, groupId: string, topic: string): Promise<string | undefined> {
  const admin = client.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return result?.partitions[0]?.offset;
  } finally {
    await admin.disconnect();
  }
}

/** @platformatic/kafka가 던진 MultipleErrors 안의 응답 본문 */
function responseOf(error: unknown): { errorCode: number; topics: { partitions: { errorCode: number }[] }[] } {
  const inner = (error as { errors?: { response?: unknown }[] }).errors?.[0]?.response;
  if (!inner) throw error;
  return inner as never;
}

describe('OffsetDelete through @platformatic/kafka admin', () => {
  it('deletes the offsets of a topic the group no longer reads, refuses a subscribed one, and the deletion survives a restart', async () => {
    let client = kafka(running.bootstrap);
    await (await consume(client, 'billing', ['orders', 'legacy'], 20)).disconnect(); // 멈출 때 끝까지 커밋합니다
    expect(await committed(client, 'billing', 'legacy')).toBe('10');
    // 이제 billing은 orders만 읽습니다 (컨슈머가 돌고 있습니다: Stable, 멤버 하나).
    const consumer = await consume(client, 'billing', ['orders'], 0);
    const admin = new Admin({ clientId: 'pf-admin', bootstrapBrokers: [running.bootstrap], retries: 0 });
    try {
      const deleted = await admin.deleteConsumerGroupOffsets({
        groupId: 'billing',
        topics: [{ name: 'legacy', partitionIndexes: [0] }],
      });
      expect(deleted).toEqual([{ name: 'legacy', partitionIndexes: [0] }]);
      expect(await committed(client, 'billing', 'legacy'), '지운 오프셋').toBe('-1');

      const refused = await admin
        .deleteConsumerGroupOffsets({ groupId: 'billing', topics: [{ name: 'orders', partitionIndexes: [0] }] })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(responseOf(refused).topics[0]?.partitions[0]?.errorCode, '구독 중인 토픽').toBe(
        ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC,
      );
      expect(await committed(client, 'billing', 'orders')).toBe('10');
    } finally {
      await admin.close();
      await consumer.disconnect();
    }

    await running.stop();
    running = await startBroker({ ...env, ...listeners }, running.dir);
    client = kafka(running.bootstrap);
    expect(await committed(client, 'billing', 'legacy'), '다시 켜도 지운 채').toBe('-1');
    expect(await committed(client, 'billing', 'orders')).toBe('10');
  }, 90_000);
});

describe('OffsetDelete error paths (raw protocol)', () => {
  type Response = {
    errorCode: number;
    topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
  };
  const deleteOffsets = (client: RawClient, groupId: string, topics: { name: string; partitions: number[] }[]) =>
    client.send<Response>(ApiKey.OffsetDelete, 0, {
      groupId,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partitionIndex) => ({ partitionIndex })),
      })),
    });
  const simpleCommit = (client: RawClient, groupId: string) =>
    client.send(ApiKey.OffsetCommit, 7, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'orders',
          partitions: [{ partitionIndex: 0, committedOffset: 3, committedLeaderEpoch: -1, committedMetadata: '' }],
        },
      ],
    });

  it('ApiVersions advertises OffsetDelete v0', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const versions = await client.send<{ apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] }>(
        ApiKey.ApiVersions,
        3,
        { clientSoftwareName: 'raw', clientSoftwareVersion: '1' },
      );
      expect(versions.apiKeys.find((k) => k.apiKey === ApiKey.OffsetDelete)).toEqual({
        apiKey: ApiKey.OffsetDelete,
        minVersion: 0,
        maxVersion: 0,
      });
    } finally {
      client.close();
    }
  });

  it('answers INVALID_GROUP_ID, GROUP_ID_NOT_FOUND and NON_EMPTY_GROUP for the whole request', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const orders = [{ name: 'orders', partitions: [0] }];
      expect(await deleteOffsets(client, '', orders)).toEqual({
        errorCode: ErrorCode.INVALID_GROUP_ID,
        throttleTimeMs: 0,
        topics: [],
      });
      expect((await deleteOffsets(client, 'nobody', orders)).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);

      // 컨슈머 프로토콜이 아닌 그룹(예: Kafka Connect)에 멤버가 있으면 구독을 알 수 없으니 지우지 않습니다.
      const join = (memberId: string) =>
        client.send<{ errorCode: number; memberId: string; generationId: number }>(ApiKey.JoinGroup, 5, {
          groupId: 'connect-workers',
          sessionTimeoutMs: 10_000,
          rebalanceTimeoutMs: 10_000,
          memberId,
          groupInstanceId: null,
          protocolType: 'connect',
          protocols: [{ name: 'sessioned', metadata: Buffer.alloc(0) }],
        });
      const first = await join('');
      const joined = await join(first.memberId);
      expect(joined.errorCode).toBe(ErrorCode.NONE);
      const response = await deleteOffsets(client, 'connect-workers', [
        { name: 'orders', partitions: [0] },
        { name: 'no-such-topic', partitions: [0] },
      ]);
      expect(response, '요청 전체의 오류는 파티션 결과(없는 토픽까지)를 덮습니다').toEqual({
        errorCode: ErrorCode.NON_EMPTY_GROUP,
        throttleTimeMs: 0,
        topics: [],
      });
    } finally {
      client.close();
    }
  });

  it('marks unknown topics and partitions UNKNOWN_TOPIC_OR_PARTITION beside the partitions it deletes', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      await simpleCommit(client, 'tools');
      const response = await deleteOffsets(client, 'tools', [
        { name: 'orders', partitions: [0, 7] },
        { name: 'no-such-topic', partitions: [0] },
      ]);
      expect(response).toEqual({
        errorCode: ErrorCode.NONE,
        throttleTimeMs: 0,
        topics: [
          {
            name: 'orders',
            partitions: [
              { partitionIndex: 7, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
              { partitionIndex: 0, errorCode: ErrorCode.NONE },
            ],
          },
          {
            name: 'no-such-topic',
            partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }],
          },
        ],
      });
      expect(await committed(kafka(running.bootstrap), 'tools', 'orders')).toBe('-1');
    } finally {
      client.close();
    }
  });
});
