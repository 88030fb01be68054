/**
 * DeleteRecords (API 21)를 진짜 클라이언트로: kafkajs 2.2.4 `admin.deleteTopicRecords`와 `fetchTopicOffsets`,
 * @platformatic/kafka의 `deleteRecords`/`listOffsets`, kcat으로 처음부터 읽기, 날 소켓으로 Kafka의 오류 경로
 * (`ReplicaManager.deleteRecordsOnLocalLog`, `Partition.deleteRecordsOnLeader`)를 하나씩.
 *
 * 로그 시작 앞의 세그먼트 파일은 다음 보존 검사가 지웁니다. 그 검사를 5분 기다리지 않도록 브로커의 시계를
 * 앞으로 돌립니다 (브로커 타이머는 1초마다 돌며 그 시계로 때를 봅니다).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import {
  kafka,
  killHard,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  reservePort,
  spawnBroker,
  startBroker,
  tempDir,
} from './support.js';

let running: RunningBroker;
/**
 * 브로커의 벽시계를 실제 시계보다 이만큼 앞으로 (보존 검사를 앞당기려고). 세션과 타이머는 단조 시계로 흐르므로, 벽시계가
 * 10분 뛰어도 컨트롤러는 브로커를 펜싱하지 않습니다 (`wall-clock-jump.test.ts`).
 */
let skewMs = 0;

/** 세그먼트 하나에 배치가 두세 개만 들어가게 (Kafka의 하한은 14바이트) */
const SMALL_SEGMENTS = [{ name: 'segment.bytes', value: '300' }];

beforeAll(async () => {
  running = await startBroker({ KAFKA_NUM_PARTITIONS: '1' }, tempDir(), { now: () => Date.now() + skewMs });
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'trim', numPartitions: 2, configEntries: SMALL_SEGMENTS },
      { topic: 'compacted', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      { topic: 'pf-trim', numPartitions: 1 },
    ],
  });
  await admin.disconnect();
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

/**
 * kafkajs의 `deleteTopicRecords`는 리더를 캐시된 메타데이터에서 찾으므로, 그 토픽의 메타데이터를 먼저 읽어 둡니다
 * (kafkajs 문서의 예도 `fetchTopicOffsets`를 먼저 부릅니다). 아니면 요청을 보내기 전에 KafkaJSTopicMetadataNotLoaded.
 */
async function deleteWithKafkajs(
  bootstrap: string,
  topic: string,
  partitions: { partition: number; offset: string }[],
): Promise<unknown> {
  const admin = kafka(bootstrap).admin();
  await admin.connect();
  try {
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions });
    return null;
  } catch (error) {
    return error;
  } finally {
    await admin.disconnect();
  }
}

/** 메시지마다 따로 보내 배치(그리고 세그먼트)가 여럿 생기게 합니다 */
async function produceOneByOne(bootstrap: string, topic: string, partition: number, count: number): Promise<void> {
  const producer = kafka(bootstrap).producer();
  await producer.connect();
  try {
    for (let i = 0; i < count; i++) {
      await producer.send({ topic, messages: [{ key: `k${i}`, value: `value-${partition}-${i}`, partition }] });
    }
  } finally {
    await producer.disconnect();
  }
}

function segmentBaseOffsets(topic: string, partition: number): number[] {
  return readdirSync(path.join(running.dir, `${topic}-${partition}`))
    .filter((f) => f.endsWith('.log'))
    .map((f) => Number(f.slice(0, -'.log'.length)))
    .sort((a, b) => a - b);
}

type DeleteRecordsBody = {
  topics: { name: string; partitions: { partitionIndex: number; lowWatermark: number; errorCode: number }[] }[];
};

async function deleteRecordsRaw(topics: { name: string; partitions: { partitionIndex: number; offset: number }[] }[]) {
  const client = await RawClient.connect(running.broker.port);
  try {
    const body = await client.send<DeleteRecordsBody>(ApiKey.DeleteRecords, 2, { topics, timeoutMs: 1000 });
    return body.topics;
  } finally {
    client.close();
  }
}

describe('DeleteRecords through kafkajs 2.2.4 admin', () => {
  it('deleteTopicRecords moves the log start; fetchTopicOffsets and kcat start there; -1 means the high watermark', async () => {
    await produceOneByOne(running.bootstrap, 'trim', 0, 10);
    await produceOneByOne(running.bootstrap, 'trim', 1, 3);
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    try {
      expect(await admin.fetchTopicOffsets('trim')).toEqual(
        expect.arrayContaining([expect.objectContaining({ partition: 0, low: '0', high: '10' })]),
      );
      await admin.deleteTopicRecords({
        topic: 'trim',
        partitions: [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '-1' },
        ],
      });
      const offsets = await admin.fetchTopicOffsets('trim');
      expect(offsets.find((o) => o.partition === 0)).toMatchObject({ low: '4', high: '10' });
      expect(offsets.find((o) => o.partition === 1)).toMatchObject({ low: '3', high: '3' });
    } finally {
      await admin.disconnect();
    }
    const records = await readAllWithKcat(running.bootstrap, 'trim');
    expect(records.get(0)?.map((r) => r.offset)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(records.get(0)?.[0]?.value).toBe('value-0-4');
    expect(records.get(1)).toBeUndefined();
  });

  it('a Fetch below the new log start gets OFFSET_OUT_OF_RANGE; ListOffsets earliest is the new start', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const fetchAt = (fetchOffset: number) =>
        client.send<{ responses: { partitions: { errorCode: number; logStartOffset: number }[] }[] }>(
          ApiKey.Fetch,
          11,
          {
            replicaId: -1,
            maxWaitMs: 0,
            minBytes: 0,
            maxBytes: 1 << 20,
            isolationLevel: 0,
            topics: [
              {
                topic: 'trim',
                partitions: [
                  { partition: 0, fetchOffset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, logStartOffset: -1 },
                ],
              },
            ],
            forgottenTopicsData: [],
            rackId: '',
          },
        );
      expect((await fetchAt(3)).responses[0]?.partitions[0]?.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      expect((await fetchAt(4)).responses[0]?.partitions[0]).toMatchObject({
        errorCode: ErrorCode.NONE,
        logStartOffset: 4,
      });
      const listed = await client.send<{ topics: { partitions: { offset: number }[] }[] }>(ApiKey.ListOffsets, 7, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [{ name: 'trim', partitions: [{ partitionIndex: 0, timestamp: -2, currentLeaderEpoch: -1 }] }],
      });
      expect(listed.topics[0]?.partitions[0]?.offset).toBe(4);
    } finally {
      client.close();
    }
  });

  it('the next retention check deletes the segments wholly below the log start, and only those', async () => {
    const before = segmentBaseOffsets('trim', 0);
    expect(before.length, 'the 300-byte segments hold a few batches each').toBeGreaterThan(3);
    const keep = before.filter((_base, i) => (before[i + 1] ?? Number.POSITIVE_INFINITY) > 4);
    skewMs += 10 * 60_000; // 첫 보존 검사(시작 30초 뒤)와 검사 주기(5분)를 지나게
    for (let i = 0; i < 100 && segmentBaseOffsets('trim', 0).length > keep.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(segmentBaseOffsets('trim', 0)).toEqual(keep);
    expect(keep[0]).toBeLessThanOrEqual(4);
    // 파티션 1은 하이 워터마크까지 지웠지만 세그먼트가 활성 세그먼트 하나뿐입니다. 로그 시작 규칙은 "다음 세그먼트가
    // 로그 시작 이하에서 시작하는" 세그먼트만 지우므로 활성 세그먼트는 남습니다 (Kafka도 같습니다). 읽을 수는 없습니다.
    expect(segmentBaseOffsets('trim', 1)).toEqual([0]);
    const records = await readAllWithKcat(running.bootstrap, 'trim');
    expect(records.get(0)?.map((r) => r.offset)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('an offset beyond the high watermark is OFFSET_OUT_OF_RANGE', async () => {
    const error = await deleteWithKafkajs(running.bootstrap, 'trim', [{ partition: 0, offset: '11' }]);
    // kafkajs는 브로커의 파티션 오류를 KafkaJSDeleteTopicRecordsError에 담고, 다시 시도할 수 없으므로 한 번 더 감쌉니다.
    expect(error).toMatchObject({
      name: 'KafkaJSNonRetriableError',
      cause: {
        name: 'KafkaJSDeleteTopicRecordsError',
        partitions: [
          expect.objectContaining({ partition: 0, error: expect.objectContaining({ type: 'OFFSET_OUT_OF_RANGE' }) }),
        ],
      },
    });
  });

  it('a compacted topic refuses with POLICY_VIOLATION (cleanup.policy has no delete)', async () => {
    await produceOneByOne(running.bootstrap, 'compacted', 0, 2);
    const error = await deleteWithKafkajs(running.bootstrap, 'compacted', [{ partition: 0, offset: '1' }]);
    expect(error).toMatchObject({
      cause: {
        partitions: [expect.objectContaining({ error: expect.objectContaining({ type: 'POLICY_VIOLATION' }) })],
      },
    });
  });
});

describe('DeleteRecords error rows over a raw socket (Kafka: ReplicaManager.deleteRecordsOnLocalLog)', () => {
  it('unknown topic and unknown partition: UNKNOWN_TOPIC_OR_PARTITION with low watermark -1', async () => {
    const topics = await deleteRecordsRaw([
      { name: 'no-such-topic', partitions: [{ partitionIndex: 0, offset: 1 }] },
      { name: 'trim', partitions: [{ partitionIndex: 7, offset: 1 }] },
    ]);
    expect(topics).toEqual([
      {
        name: 'no-such-topic',
        partitions: [{ partitionIndex: 0, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }],
      },
      {
        name: 'trim',
        partitions: [{ partitionIndex: 7, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }],
      },
    ]);
  });

  it('an internal topic: INVALID_TOPIC_EXCEPTION (committed offsets are not for deleting)', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      // FindCoordinator가 __consumer_offsets를 만듭니다.
      await client.send(ApiKey.FindCoordinator, 3, { key: 'g', keyType: 0 });
    } finally {
      client.close();
    }
    const [topic] = await deleteRecordsRaw([
      { name: '__consumer_offsets', partitions: [{ partitionIndex: 0, offset: 0 }] },
    ]);
    expect(topic?.partitions[0]).toEqual({
      partitionIndex: 0,
      lowWatermark: -1,
      errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
    });
  });

  it('a negative offset other than -1: OFFSET_OUT_OF_RANGE', async () => {
    const [topic] = await deleteRecordsRaw([{ name: 'trim', partitions: [{ partitionIndex: 0, offset: -5 }] }]);
    expect(topic?.partitions[0]?.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('an offset below the log start is not an error and moves nothing; a partition named twice is answered once', async () => {
    const [topic] = await deleteRecordsRaw([
      {
        name: 'trim',
        partitions: [
          { partitionIndex: 0, offset: 9 },
          { partitionIndex: 0, offset: 2 },
        ],
      },
    ]);
    expect(topic?.partitions).toEqual([{ partitionIndex: 0, lowWatermark: 4, errorCode: ErrorCode.NONE }]);
  });
});

it('deleting past an open transaction moves the LSO with the log start (read_committed latest ≥ earliest)', async () => {
  await produceOneByOne(running.bootstrap, 'open-txn', 0, 2);
  const producer = kafka(running.bootstrap).producer({ transactionalId: 'trim-tx', maxInFlightRequests: 1 });
  await producer.connect();
  const transaction = await producer.transaction();
  try {
    await transaction.send({ topic: 'open-txn', messages: [{ key: 'k', value: 'pending' }] }); // 오프셋 2, 아직 열림
    expect(await deleteWithKafkajs(running.bootstrap, 'open-txn', [{ partition: 0, offset: '-1' }])).toBeNull();
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    try {
      // kafkajs의 ListOffsets는 read_committed입니다. LSO가 로그 시작(3) 앞의 2에 머물면 high < low가 됩니다
      // (Kafka: UnifiedLog.maybeIncrementFirstUnstableOffset).
      expect(await admin.fetchTopicOffsets('open-txn')).toEqual([
        expect.objectContaining({ partition: 0, low: '3', high: '3' }),
      ]);
    } finally {
      await admin.disconnect();
    }
  } finally {
    await transaction.abort();
    await producer.disconnect();
  }
});

it('@platformatic/kafka admin.deleteRecords and listOffsets (flexible versions)', async () => {
  await produceOneByOne(running.bootstrap, 'pf-trim', 0, 5);
  const admin = new PlatformaticAdmin({ clientId: 'pf-admin', bootstrapBrokers: [running.bootstrap] });
  try {
    const deleted = await admin.deleteRecords({
      topics: [{ name: 'pf-trim', partitions: [{ partition: 0, offset: 2n }] }],
    });
    expect(deleted).toEqual([{ name: 'pf-trim', partitions: [{ partition: 0, lowWatermark: 2n }] }]);
    const listed = await admin.listOffsets({
      topics: [{ name: 'pf-trim', partitions: [{ partitionIndex: 0, timestamp: -2n }] }],
    });
    expect(listed[0]?.partitions[0]?.offset).toBe(2n);
  } finally {
    await admin.close();
  }
});

it('the new log start survives kill -9 (log-start-offset-checkpoint is written before the answer)', async () => {
  const dir = tempDir();
  const port = await reservePort();
  const bootstrap = `127.0.0.1:${port}`;
  let child = await spawnBroker(dir, port, { KAFKA_NUM_PARTITIONS: '1' });
  try {
    await produceOneByOne(bootstrap, 'durable-trim', 0, 6);
    expect(await deleteWithKafkajs(bootstrap, 'durable-trim', [{ partition: 0, offset: '5' }])).toBeNull();
    await killHard(child);

    child = await spawnBroker(dir, port, { KAFKA_NUM_PARTITIONS: '1' });
    const again = kafka(bootstrap).admin();
    await again.connect();
    try {
      expect(await again.fetchTopicOffsets('durable-trim')).toEqual([
        expect.objectContaining({ partition: 0, low: '5', high: '6' }),
      ]);
    } finally {
      await again.disconnect();
    }
    const records = await readAllWithKcat(bootstrap, 'durable-trim');
    expect(records.get(0)?.map((r) => r.value)).toEqual(['value-0-5']);
  } finally {
    await killHard(child);
    removeDir(dir);
  }
}, 60_000);
