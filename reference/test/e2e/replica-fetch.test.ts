/**
 * 팔로워의 Fetch와 OffsetForLeaderEpoch를 날 소켓으로: 진짜 브로커 하나에, 메타데이터로만 있는 브로커 2(이 노드의
 * 컨트롤러에 BrokerRegistration과 하트비트를 직접 넣어 등록하고 펜싱을 풂)를 복제본으로 둔 토픽을 만들고, 브로커 2인 척
 * replicaId를 실은 Fetch를 보냅니다.
 * Kafka `Partition.fetchRecords`(팔로워 갈래), `Replica.updateFetchStateOrThrow`, `KafkaApis.handleOffsetForLeaderEpochRequest`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuorumController } from '../../src/controller/quorum-controller.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeBatch } from '../../src/record/record-batch.js';
import { RawClient } from './raw-client.js';
import { type RunningBroker, removeDir, startBroker } from './support.js';

const FOLLOWER = 2;
const TOPIC = 'replicated';
let running: RunningBroker;
/** 브로커 2의 에포크 (등록 레코드의 오프셋: 컨트롤러가 정함) */
let followerEpoch = -1;
let heartbeats: NodeJS.Timeout | undefined;

interface FetchedPartition {
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly records: Buffer | null;
  readonly divergingEpoch?: { epoch: number; endOffset: number };
}

function produceRequest(acks: number, values: string[]) {
  const batch = encodeBatch({ records: values.map((v) => ({ key: null, value: Buffer.from(v), timestamp: 1 })) });
  return {
    transactionalId: null,
    acks,
    timeoutMs: 10_000,
    topicData: [{ name: TOPIC, partitionData: [{ index: 0, records: batch }] }],
  };
}

/** 브로커 2가 보내는 것과 같은 Fetch. v12+는 lastFetchedEpoch, v15+는 replicaState에 브로커 에포크. */
function replicaFetch(
  version: number,
  fetchOffset: number,
  extra: { lastFetchedEpoch?: number; currentLeaderEpoch?: number; replicaId?: number; replicaEpoch?: number } = {},
) {
  const replicaId = extra.replicaId ?? FOLLOWER;
  // 이 버전에 없는 필드는 기본값이어야 하므로 버전에 맞춰 씁니다: v15부터 replicaState, v13부터 topicId.
  const id =
    version >= 15 ? { replicaState: { replicaId, replicaEpoch: extra.replicaEpoch ?? followerEpoch } } : { replicaId };
  const topic = version >= 13 ? { topicId: running.broker.metadata.topic(TOPIC)?.topicId } : { topic: TOPIC };
  return {
    ...id,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        ...topic,
        partitions: [
          {
            partition: 0,
            fetchOffset,
            partitionMaxBytes: 1 << 20,
            currentLeaderEpoch: extra.currentLeaderEpoch ?? -1,
            lastFetchedEpoch: extra.lastFetchedEpoch ?? -1,
            logStartOffset: 0,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

async function fetchAs(client: RawClient, version: number, fetchOffset: number, extra = {}): Promise<FetchedPartition> {
  const response = await client.send<{ responses: { partitions: FetchedPartition[] }[] }>(
    ApiKey.Fetch,
    version,
    replicaFetch(version, fetchOffset, extra),
  );
  return response.responses[0]?.partitions[0] as FetchedPartition;
}

async function latestOffset(client: RawClient): Promise<number> {
  const response = await client.send<{ topics: { partitions: { offset: number }[] }[] }>(ApiKey.ListOffsets, 7, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }],
  });
  return response.topics[0]?.partitions[0]?.offset ?? -99;
}

beforeAll(async () => {
  running = await startBroker({ KAFKA_NUM_PARTITIONS: '1' });
  // 브로커 2는 메타데이터에만 있습니다: 컨트롤러 리스너로 올 BrokerRegistration과 BrokerHeartbeat를 이 노드의 컨트롤러에
  // 직접 넣어 등록하고 펜싱을 풉니다 (세션이 끝나 펜싱되지 않게 시험 내내 하트비트를 보냅니다).
  const controller = running.broker.node.quorumController as QuorumController;
  const registered = await new Promise<{ errorCode: number; brokerEpoch: number }>((resolve) =>
    controller.registerBroker(
      {
        brokerId: FOLLOWER,
        clusterId: running.broker.metadata.clusterId,
        incarnationId: 'follower-2',
        listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 1, securityProtocol: 0 }],
        features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
        rack: null,
        isMigratingZkBroker: false,
        logDirs: [],
        previousBrokerEpoch: -1,
      },
      resolve,
    ),
  );
  expect(registered.errorCode).toBe(ErrorCode.NONE);
  followerEpoch = registered.brokerEpoch;
  const heartbeat = () =>
    new Promise<{ isFenced: boolean }>((resolve) =>
      controller.processBrokerHeartbeat(
        {
          brokerId: FOLLOWER,
          brokerEpoch: followerEpoch,
          currentMetadataOffset: Number.MAX_SAFE_INTEGER,
          wantFence: false,
          wantShutDown: false,
          offlineLogDirs: [],
        },
        resolve,
      ),
    );
  await heartbeat();
  expect(await heartbeat()).toMatchObject({ isFenced: false });
  heartbeats = setInterval(() => void heartbeat(), 1000);
  const admin = await RawClient.connect(running.broker.port);
  try {
    const created = await admin.send<{ topics: { errorCode: number; errorMessage: string | null }[] }>(
      ApiKey.CreateTopics,
      4,
      {
        topics: [
          {
            name: TOPIC,
            numPartitions: -1,
            replicationFactor: -1,
            assignments: [{ partitionIndex: 0, brokerIds: [1, FOLLOWER] }],
            configs: [],
          },
        ],
        timeoutMs: 10_000,
        validateOnly: false,
      },
    );
    expect(created.topics[0]).toMatchObject({ errorCode: ErrorCode.NONE });
  } finally {
    admin.close();
  }
  expect(running.broker.metadata.partition(TOPIC, 0)).toMatchObject({ leader: 1, isr: [1, FOLLOWER] });
}, 60_000);

afterAll(async () => {
  clearInterval(heartbeats);
  await running?.stop();
  removeDir(running.dir);
});

describe('팔로워의 Fetch (replicaId)', () => {
  it('testUpdateFollowerFetchState: 팔로워는 커밋되지 않은 꼬리까지 받고, 다음 Fetch의 오프셋이 하이 워터마크를 올립니다', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const produced = await client.send<{ responses: { partitionResponses: { errorCode: number }[] }[] }>(
        ApiKey.Produce,
        9,
        produceRequest(1, ['a', 'b', 'c']),
      );
      expect(produced.responses[0]?.partitionResponses[0]?.errorCode).toBe(ErrorCode.NONE);
      expect(await latestOffset(client), 'ISR의 브로커 2가 아직 갖지 않았으니 컨슈머에게는 보이지 않습니다').toBe(0);
      const first = await fetchAs(client, 11, 0);
      expect(first).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 0 });
      expect(first.records?.includes(Buffer.from('c'))).toBe(true);
      const second = await fetchAs(client, 11, 3);
      expect(second.highWatermark, '응답에는 이 Fetch가 올리기 전의 하이 워터마크').toBe(0);
      expect(await latestOffset(client)).toBe(3);
      expect((await fetchAs(client, 11, 3)).highWatermark).toBe(3);
    } finally {
      client.close();
    }
  });

  it('testAcksAllCompletesWhenFollowerFetches: acks=all 쓰기는 팔로워가 배치 뒤의 오프셋으로 Fetch할 때 답을 받습니다', async () => {
    const producer = await RawClient.connect(running.broker.port);
    const follower = await RawClient.connect(running.broker.port);
    try {
      const start = await latestOffset(follower);
      let answered = false;
      const pending = producer
        .send<{ responses: { partitionResponses: { errorCode: number; baseOffset: number }[] }[] }>(
          ApiKey.Produce,
          9,
          produceRequest(-1, ['all']),
        )
        .then((r) => {
          answered = true;
          return r;
        });
      await fetchAs(follower, 11, start); // 아직 새 배치 전의 위치: 하이 워터마크는 그대로
      expect(answered).toBe(false);
      await fetchAs(follower, 11, start + 1);
      const response = await pending;
      expect(response.responses[0]?.partitionResponses[0]).toMatchObject({
        errorCode: ErrorCode.NONE,
        baseOffset: start,
      });
    } finally {
      producer.close();
      follower.close();
    }
  });

  it('testListOffsetIsolationLevels: ListOffsets의 "최신"은 컨슈머(replicaId -1)에게 하이 워터마크, 팔로워(replicaId 2)에게 로그 끝입니다', async () => {
    const client = await RawClient.connect(running.broker.port);
    const latestFor = async (replicaId: number) => {
      const response = await client.send<{ topics: { partitions: { errorCode: number; offset: number }[] }[] }>(
        ApiKey.ListOffsets,
        9,
        {
          replicaId,
          isolationLevel: 0,
          topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }],
        },
      );
      return response.topics[0]?.partitions[0];
    };
    try {
      const highWatermark = await latestOffset(client);
      await client.send(ApiKey.Produce, 9, produceRequest(1, ['uncommitted']));
      expect(await latestFor(-1)).toMatchObject({ errorCode: ErrorCode.NONE, offset: highWatermark });
      expect(await latestFor(FOLLOWER)).toMatchObject({ errorCode: ErrorCode.NONE, offset: highWatermark + 1 });
      // 다음 시험을 위해 팔로워가 따라잡아 하이 워터마크를 로그 끝으로 올립니다.
      await fetchAs(client, 11, highWatermark + 1);
      expect(await latestOffset(client)).toBe(highWatermark + 1);
    } finally {
      client.close();
    }
  });

  it('testLastFetchedOffsetValidation: 같은 에포크인데 리더보다 긴 팔로워에게는 divergingEpoch (v12+)', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const end = await latestOffset(client);
      const answer = await fetchAs(client, 12, end + 5, { lastFetchedEpoch: 0 });
      expect(answer).toMatchObject({ errorCode: ErrorCode.NONE, divergingEpoch: { epoch: 0, endOffset: end } });
      expect(answer.records?.length ?? 0).toBe(0);
    } finally {
      client.close();
    }
  });

  it('testFetchWithEpochUnknownToLeader: 리더가 모르는 (더 새) 에포크를 보낸 팔로워는 OFFSET_OUT_OF_RANGE', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      expect((await fetchAs(client, 13, 0, { lastFetchedEpoch: 9 })).errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    } finally {
      client.close();
    }
  });

  it('testFetchFromUnrecognizedFollower: 복제본이 아닌 브로커 3은 에포크 없이 NOT_LEADER_OR_FOLLOWER, 에포크를 실으면 UNKNOWN_LEADER_EPOCH', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const notLeader = await fetchAs(client, 11, 0, { replicaId: 3 });
      expect(notLeader.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      // 복제본 관리자가 낸 오류의 레코드는 null(-1)이 아니라 빈 레코드(0)입니다 (Kafka `ReplicaManager.createLogReadResult`)
      expect(notLeader.records).toEqual(Buffer.alloc(0));
      expect((await fetchAs(client, 11, 0, { replicaId: 3, currentLeaderEpoch: 0 })).errorCode).toBe(
        ErrorCode.UNKNOWN_LEADER_EPOCH,
      );
    } finally {
      client.close();
    }
  });

  it('testFenceFollowerFetchWithStaleBrokerEpoch: v15의 replicaState에 옛 브로커 에포크를 실으면 NOT_LEADER_OR_FOLLOWER', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      expect((await fetchAs(client, 15, 0, { replicaEpoch: followerEpoch - 1 })).errorCode).toBe(
        ErrorCode.NOT_LEADER_OR_FOLLOWER,
      );
      expect((await fetchAs(client, 17, 0, { replicaEpoch: followerEpoch })).errorCode).toBe(ErrorCode.NONE);
    } finally {
      client.close();
    }
  });
});

describe('OffsetForLeaderEpoch (API 23)', () => {
  type Answer = { topics: { partitions: { errorCode: number; leaderEpoch: number; endOffset: number }[] }[] };
  const ask = (client: RawClient, version: number, topic: string, leaderEpoch: number, currentLeaderEpoch = -1) =>
    client
      .send<Answer>(ApiKey.OffsetForLeaderEpoch, version, {
        replicaId: -1,
        topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch, leaderEpoch }] }],
      })
      .then((r) => r.topics[0]?.partitions[0]);

  it('testOffsetForLeaderEpochValidationForLeader: 리더는 에포크 캐시로 답하고, 모르는 에포크는 (-1, -1)', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      // 앞의 시험들에서 브로커 2가 끝까지 따라왔으므로 하이 워터마크가 곧 로그 끝입니다.
      const logEnd = await latestOffset(client);
      expect(await ask(client, 4, TOPIC, 0)).toEqual({
        errorCode: ErrorCode.NONE,
        partition: 0,
        leaderEpoch: 0,
        endOffset: logEnd,
      });
      expect(await ask(client, 2, TOPIC, 5)).toMatchObject({
        errorCode: ErrorCode.NONE,
        leaderEpoch: -1,
        endOffset: -1,
      });
      expect((await ask(client, 3, TOPIC, 0, 1))?.errorCode).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
      expect((await ask(client, 4, 'no-such-topic', 0))?.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    } finally {
      client.close();
    }
  });

  it('advertises OffsetForLeaderEpoch v2-4 in ApiVersions (KIP-896 removed v0-1)', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const versions = await client.send<{ apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] }>(
        ApiKey.ApiVersions,
        3,
        { clientSoftwareName: 'raw', clientSoftwareVersion: '1' },
      );
      expect(versions.apiKeys.find((k) => k.apiKey === ApiKey.OffsetForLeaderEpoch)).toEqual({
        apiKey: ApiKey.OffsetForLeaderEpoch,
        minVersion: 2,
        maxVersion: 4,
      });
    } finally {
      client.close();
    }
  });
});
