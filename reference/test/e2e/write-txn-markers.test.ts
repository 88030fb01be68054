/**
 * WriteTxnMarkers (API 27) 핸들러의 줄들을 날(raw) 프로토콜로 점검합니다 (transaction/README.md의 "WriteTxnMarkers" 표).
 * 테스트 이름은 Kafka의 같은 경우를 점검하는 테스트 이름입니다 (KafkaApisTest, ProducerStateManagerTest).
 * 팔로워가 받는 줄(NOT_LEADER_OR_FOLLOWER)과 코디네이터가 다시 보내는 길은 노드 셋의 프로세스 시험
 * (transaction-markers-process.test.ts)이 봅니다.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, type RunningBroker, removeDir, startBroker } from './support.js';

let running: RunningBroker;
let client: RawClient;

beforeAll(async () => {
  running = await startBroker({});
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'marked', numPartitions: 2 }] });
  await admin.disconnect();
  client = await RawClient.connect(running.broker.port);
});

afterAll(async () => {
  client.close();
  await running.stop();
  removeDir(running.dir);
});

type MarkerResult = {
  markers: {
    producerId: number;
    topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
  }[];
};

const writeMarker = (
  topics: { name: string; partitionIndexes: number[] }[],
  marker: { producerId: number; producerEpoch: number; coordinatorEpoch: number; commit?: boolean },
  version = 1,
) =>
  client.send<MarkerResult>(ApiKey.WriteTxnMarkers, version, {
    markers: [
      {
        producerId: marker.producerId,
        producerEpoch: marker.producerEpoch,
        transactionResult: marker.commit ?? true,
        topics,
        coordinatorEpoch: marker.coordinatorEpoch,
      },
    ],
  });

const errorsOf = (result: MarkerResult) =>
  result.markers.flatMap((m) =>
    m.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}:${p.errorCode}`)),
  );

const logEnd = async (partition: number) => {
  const result = await client.send<{ topics: { partitions: { offset: number }[] }[] }>(ApiKey.ListOffsets, 7, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: 'marked', partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1 }] }],
  });
  return result.topics[0]?.partitions[0]?.offset;
};

describe('WriteTxnMarkers (KafkaApis.handleWriteTxnMarkersRequest)', () => {
  it('ApiVersions advertises WriteTxnMarkers v0–1 on the broker listener', async () => {
    const versions = await client.send<{ apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] }>(
      ApiKey.ApiVersions,
      3,
      { clientSoftwareName: 'test', clientSoftwareVersion: '1' },
    );
    expect(versions.apiKeys.find((k) => k.apiKey === ApiKey.WriteTxnMarkers)).toMatchObject({
      minVersion: 0,
      maxVersion: 1,
    });
  });

  it('shouldAppendToLogOnWriteTxnMarkersWhenCorrectMagicVersion: 리더인 파티션에 마커 하나(컨트롤 배치)를 씁니다 (v0, v1)', async () => {
    const before = await logEnd(0);
    const v1 = await writeMarker([{ name: 'marked', partitionIndexes: [0] }], {
      producerId: 700,
      producerEpoch: 0,
      coordinatorEpoch: 1,
    });
    expect(errorsOf(v1)).toEqual([`marked-0:${ErrorCode.NONE}`]);
    const v0 = await writeMarker(
      [{ name: 'marked', partitionIndexes: [0] }],
      { producerId: 700, producerEpoch: 0, coordinatorEpoch: 1, commit: false },
      0,
    );
    expect(errorsOf(v0)).toEqual([`marked-0:${ErrorCode.NONE}`]);
    expect(await logEnd(0), '마커마다 오프셋 하나').toBe((before ?? 0) + 2);
  });

  it('shouldRespondWithUnknownTopicOrPartitionForBadPartitionAndNoErrorsForGoodPartition: 이 브로커에 없는 파티션만 UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const result = await writeMarker(
      [
        { name: 'marked', partitionIndexes: [1, 9] },
        { name: 'no-such-topic', partitionIndexes: [0] },
      ],
      { producerId: 701, producerEpoch: 0, coordinatorEpoch: 1 },
    );
    expect(errorsOf(result)).toEqual([
      `marked-1:${ErrorCode.NONE}`,
      `marked-9:${ErrorCode.UNKNOWN_TOPIC_OR_PARTITION}`,
      `no-such-topic-0:${ErrorCode.UNKNOWN_TOPIC_OR_PARTITION}`,
    ]);
  });

  it('testCoordinatorFencing: 마지막 마커보다 옛 코디네이터 에포크의 마커는 TRANSACTION_COORDINATOR_FENCED, 쓰지 않습니다', async () => {
    const topics = [{ name: 'marked', partitionIndexes: [1] }];
    expect(errorsOf(await writeMarker(topics, { producerId: 702, producerEpoch: 0, coordinatorEpoch: 5 }))).toEqual([
      `marked-1:${ErrorCode.NONE}`,
    ]);
    const before = await logEnd(1);
    expect(errorsOf(await writeMarker(topics, { producerId: 702, producerEpoch: 0, coordinatorEpoch: 4 }))).toEqual([
      `marked-1:${ErrorCode.TRANSACTION_COORDINATOR_FENCED}`,
    ]);
    expect(await logEnd(1)).toBe(before);
    expect(
      errorsOf(await writeMarker(topics, { producerId: 702, producerEpoch: 0, coordinatorEpoch: 6 })),
      '새 코디네이터의 마커는 받습니다',
    ).toEqual([`marked-1:${ErrorCode.NONE}`]);
  });

  it('a marker with a producer epoch older than the last one is INVALID_PRODUCER_EPOCH (ProducerAppendInfo.checkProducerEpoch)', async () => {
    const topics = [{ name: 'marked', partitionIndexes: [1] }];
    await writeMarker(topics, { producerId: 703, producerEpoch: 3, coordinatorEpoch: 1 });
    expect(errorsOf(await writeMarker(topics, { producerId: 703, producerEpoch: 2, coordinatorEpoch: 1 }))).toEqual([
      `marked-1:${ErrorCode.INVALID_PRODUCER_EPOCH}`,
    ]);
  });
});
