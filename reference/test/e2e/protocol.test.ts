/**
 * 프로토콜 동작을 날 클라이언트로 점검합니다: 파이프라이닝 순서, Fetch 롱 폴링, ListOffsets의 특별한 시각,
 * 설정 보기, 깨끗한 종료.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeBatch } from '../../src/record/record-batch.js';
import { RawClient } from './raw-client.js';
import { kafka, type RunningBroker, removeDir, reservePort, spawnBroker, startBroker, tempDir } from './support.js';

let running: RunningBroker;

beforeAll(async () => {
  running = await startBroker({ KAFKA_NUM_PARTITIONS: '1' });
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'poll', numPartitions: 1 },
      { topic: 'times', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
    ],
  });
  await admin.disconnect();
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

type FetchPartition = { errorCode: number; highWatermark: number; records: Buffer | null };
type FetchBody = { responses: { partitions: FetchPartition[] }[] };

function fetchRequest(topic: string, fetchOffset: number, maxWaitMs: number, minBytes: number) {
  return {
    replicaId: -1,
    maxWaitMs,
    minBytes,
    maxBytes: 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        partitions: [
          { partition: 0, fetchOffset, partitionMaxBytes: 1024 * 1024, currentLeaderEpoch: -1, logStartOffset: -1 },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

function produceRequest(topic: string, values: string[], timestamps: number[]) {
  const batch = encodeBatch({
    records: values.map((v, i) => ({ key: null, value: Buffer.from(v), timestamp: timestamps[i] ?? 0 })),
  });
  return {
    transactionalId: null,
    acks: 1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
  };
}

describe('protocol behaviour over a raw socket', () => {
  it('answers pipelined requests in the order they were sent', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const sent: number[] = [];
      const waits: Promise<unknown>[] = [];
      const frames: Buffer[] = [];
      for (let i = 0; i < 60; i++) {
        const [apiKey, version] = i % 2 === 0 ? [ApiKey.ApiVersions, 3] : [ApiKey.Metadata, 9];
        const body = apiKey === ApiKey.Metadata ? { topics: null, allowAutoTopicCreation: false } : {};
        const { correlationId, bytes } = client.encode(apiKey, version, body);
        sent.push(correlationId);
        waits.push(client.expect(correlationId, apiKey, version));
        frames.push(bytes);
      }
      client.writeRaw(Buffer.concat(frames)); // 한 번의 쓰기에 요청 60개
      await Promise.all(waits);
      expect(client.arrivals).toEqual(sent);
    } finally {
      client.close();
    }
  });

  it('long-polls a Fetch until new data arrives, and gives up at maxWaitMs', async () => {
    const client = await RawClient.connect(running.broker.port);
    const producer = await RawClient.connect(running.broker.port);
    try {
      let started = Date.now();
      const empty = await client.send<FetchBody>(ApiKey.Fetch, 11, fetchRequest('poll', 0, 400, 1));
      const waited = Date.now() - started;
      expect(empty.responses[0]?.partitions[0]?.records?.length ?? 0).toBe(0);
      expect(waited).toBeGreaterThanOrEqual(350);

      started = Date.now();
      const pending = client.send<FetchBody>(ApiKey.Fetch, 11, fetchRequest('poll', 0, 10_000, 1));
      setTimeout(() => void producer.send(ApiKey.Produce, 9, produceRequest('poll', ['wake up'], [Date.now()])), 200);
      const woke = await pending;
      expect(Date.now() - started, '새 데이터가 들어오면 maxWaitMs(10초)를 기다리지 않고 답합니다').toBeLessThan(5_000);
      expect(woke.responses[0]?.partitions[0]?.highWatermark).toBe(1);
      expect(woke.responses[0]?.partitions[0]?.records?.includes(Buffer.from('wake up'))).toBe(true);
    } finally {
      client.close();
      producer.close();
    }
  });

  it('resolves ListOffsets earliest, latest, by timestamp and max timestamp (KIP-734)', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const produced = await client.send<{ responses: { partitionResponses: { errorCode: number }[] }[] }>(
        ApiKey.Produce,
        9,
        produceRequest('times', ['a', 'b', 'c', 'd'], [1000, 5000, 3000, 4000]),
      );
      expect(produced.responses[0]?.partitionResponses[0]?.errorCode).toBe(ErrorCode.NONE);
      const ask = async (timestamp: number) => {
        const body = await client.send<{ topics: { partitions: { offset: number; timestamp: number }[] }[] }>(
          ApiKey.ListOffsets,
          7,
          {
            replicaId: -1,
            isolationLevel: 0,
            topics: [{ name: 'times', partitions: [{ partitionIndex: 0, timestamp, currentLeaderEpoch: -1 }] }],
          },
        );
        return body.topics[0]?.partitions[0];
      };
      expect((await ask(-2))?.offset).toBe(0);
      expect((await ask(-1))?.offset).toBe(4);
      expect(await ask(2500)).toMatchObject({ offset: 1, timestamp: 5000 });
      expect(await ask(-3)).toMatchObject({ offset: 1, timestamp: 5000 });
      expect((await ask(9999))?.offset).toBe(-1);
    } finally {
      client.close();
    }
  });

  it('describes topic configs with their broker synonyms (kafkajs admin.describeConfigs)', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: true,
        resources: [{ type: 2, name: 'times', configNames: ['retention.ms', 'segment.bytes'] }],
      });
      const entries = resources[0]?.configEntries ?? [];
      expect(entries.find((e) => e.configName === 'retention.ms')?.configValue).toBe('3600000');
      expect(entries.find((e) => e.configName === 'segment.bytes')?.configValue).toBe(String(1024 * 1024 * 1024));
    } finally {
      await admin.disconnect();
    }
  });
});

it('stops cleanly on SIGTERM and leaves the clean-shutdown marker', async () => {
  const dir = tempDir();
  const child = await spawnBroker(dir, await reservePort());
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(path.join(dir, '.kafka_cleanshutdown'))).toBe(true);
  removeDir(dir);
}, 30_000);
