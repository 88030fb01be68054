/**
 * 팔로워 Fetch 루프의 결정 (`reference/src/replication/replica-fetcher.ts`): 입출력 없이 요청을 만들고 응답을 일로
 * 바꾸는 것을 표로 봅니다. 이름은 Kafka `AbstractFetcherThreadTest`의 경우를 따릅니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { FetchResponse } from '../../src/protocol/messages/01-fetch.js';
import type { ListOffsetsResponse } from '../../src/protocol/messages/02-list-offsets.js';
import { ReplicaFetcher, type ReplicaFetcherConfig } from '../../src/replication/replica-fetcher.js';

const CONFIG: ReplicaFetcherConfig = {
  partitionMaxBytes: 1024 * 1024,
  responseMaxBytes: 10 * 1024 * 1024,
  maxWaitMs: 500,
  minBytes: 1,
  backoffMs: 1000,
};
const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';
const LEADER = 1;
const LOCAL = 2;
const BROKER_EPOCH = 77;

function fetcherWith(...partitions: { partition: number; fetchOffset?: number; leaderEpoch?: number }[]) {
  const fetcher = new ReplicaFetcher(LEADER, LOCAL, CONFIG);
  for (const p of partitions) {
    fetcher.addPartition({
      topic: 'orders',
      topicId: TOPIC_ID,
      partition: p.partition,
      fetchOffset: p.fetchOffset ?? 0,
      lastFetchedEpoch: -1,
      currentLeaderEpoch: p.leaderEpoch ?? 0,
      logStartOffset: 0,
    });
  }
  return fetcher;
}

type PartitionData = FetchResponse['responses'][number]['partitions'][number];

function response(...partitions: Partial<PartitionData>[]): FetchResponse {
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: [
      {
        topic: '',
        topicId: TOPIC_ID,
        partitions: partitions.map((p) => ({
          partitionIndex: 0,
          errorCode: ErrorCode.NONE,
          highWatermark: 0,
          lastStableOffset: 0,
          logStartOffset: 0,
          divergingEpoch: { epoch: -1, endOffset: -1 },
          currentLeader: { leaderId: -1, leaderEpoch: -1 },
          snapshotId: { endOffset: -1, epoch: -1 },
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: Buffer.alloc(0),
          ...p,
        })),
      },
    ],
    nodeEndpoints: [],
  } as FetchResponse;
}

describe('ReplicaFetcher: 요청 만들기', () => {
  it('testFetchRequestCarriesReplicaState: Fetch v15+의 replicaState(브로커 ID·에포크), 파티션마다 리더 에포크·위치·마지막 에포크, replica.fetch.* 크기', () => {
    const fetcher = fetcherWith({ partition: 0, fetchOffset: 5, leaderEpoch: 3 });
    const request = fetcher.poll(0, BROKER_EPOCH);
    expect(request).toMatchObject({
      replicaId: -1,
      replicaState: { replicaId: LOCAL, replicaEpoch: BROKER_EPOCH },
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10 * 1024 * 1024,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topicId: TOPIC_ID,
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: 3,
              fetchOffset: 5,
              lastFetchedEpoch: -1,
              partitionMaxBytes: 1024 * 1024,
            },
          ],
        },
      ],
    });
  });

  it('testOneRequestInFlight: 답을 받기 전에는 다음 요청을 만들지 않습니다 (원본 브로커마다 한 줄)', () => {
    const fetcher = fetcherWith({ partition: 0 });
    expect(fetcher.poll(0, BROKER_EPOCH)).not.toBeNull();
    expect(fetcher.poll(0, BROKER_EPOCH)).toBeNull();
    fetcher.handleResponse(response({ partitionIndex: 0 }), 0);
    expect(fetcher.poll(0, BROKER_EPOCH)).not.toBeNull();
  });

  it('testNoPartitionsNoRequest: 물을 파티션이 없으면 요청도, 깨어날 때도 없습니다', () => {
    const fetcher = fetcherWith();
    expect(fetcher.poll(0, BROKER_EPOCH)).toBeNull();
    expect(fetcher.nextWakeMs()).toBeNull();
  });

  it('testAddPartitionWithSameLeaderEpochKeepsPosition: ISR만 바뀐 메타데이터로 다시 넣어도 위치를 지킵니다', () => {
    const fetcher = fetcherWith({ partition: 0, fetchOffset: 0 });
    fetcher.advance('orders', 0, { logEndOffset: 9, lastEpoch: 0, logStartOffset: 0 });
    fetcher.addPartition({
      topic: 'orders',
      topicId: TOPIC_ID,
      partition: 0,
      fetchOffset: 0,
      lastFetchedEpoch: -1,
      currentLeaderEpoch: 0,
      logStartOffset: 0,
    });
    expect(fetcher.partitionState('orders', 0)?.fetchOffset).toBe(9);
  });
});

describe('ReplicaFetcher: 응답', () => {
  it('testSimpleFetch: 레코드는 쓰기(append)가 되고, 쓴 뒤의 로그 끝과 에포크가 다음 Fetch의 위치입니다', () => {
    const fetcher = fetcherWith({ partition: 0 });
    fetcher.poll(0, BROKER_EPOCH);
    const records = Buffer.from([1, 2, 3]);
    expect(fetcher.handleResponse(response({ partitionIndex: 0, records, highWatermark: 4 }), 0)).toEqual([
      { kind: 'append', topic: 'orders', partition: 0, records, highWatermark: 4, logStartOffset: 0 },
    ]);
    fetcher.advance('orders', 0, { logEndOffset: 7, lastEpoch: 2, logStartOffset: 0 });
    const next = fetcher.poll(0, BROKER_EPOCH);
    expect(next?.topics[0]?.partitions[0]).toMatchObject({ fetchOffset: 7, lastFetchedEpoch: 2 });
  });

  it('testDivergingEpochs: divergingEpoch가 오면 레코드를 쓰지 않고 잘라 내기(truncate)를 합니다', () => {
    const fetcher = fetcherWith({ partition: 0, fetchOffset: 12 });
    fetcher.poll(0, BROKER_EPOCH);
    expect(
      fetcher.handleResponse(response({ partitionIndex: 0, divergingEpoch: { epoch: 1, endOffset: 8 } }), 0),
    ).toEqual([
      { kind: 'truncate', topic: 'orders', partition: 0, divergingEpoch: { epoch: 1, offset: 8 }, fetchOffset: 12 },
    ]);
  });

  it('testFencedFetch: FENCED_LEADER_EPOCH면 파티션을 빼고 새 메타데이터를 기다립니다', () => {
    const fetcher = fetcherWith({ partition: 0 });
    fetcher.poll(0, BROKER_EPOCH);
    expect(
      fetcher.handleResponse(response({ partitionIndex: 0, errorCode: ErrorCode.FENCED_LEADER_EPOCH }), 0),
    ).toEqual([{ kind: 'fenced', topic: 'orders', partition: 0 }]);
    expect(fetcher.partitionCount).toBe(0);
  });

  /** 오류 하나가 그 파티션만 쉬게 하고 위치는 그대로 두는지: 파티션 0은 오류, 파티션 1은 레코드 */
  function onlyThatPartitionBacksOff(errorCode: number) {
    const fetcher = fetcherWith({ partition: 0, fetchOffset: 3 }, { partition: 1, fetchOffset: 4 });
    fetcher.poll(100, BROKER_EPOCH);
    expect(fetcher.handleResponse(response({ partitionIndex: 0, errorCode }, { partitionIndex: 1 }), 100)).toEqual([
      { kind: 'backoff', topic: 'orders', partition: 0, errorCode },
      expect.objectContaining({ kind: 'append', partition: 1 }),
    ]);
    expect(fetcher.partitionState('orders', 0)).toMatchObject({ fetchOffset: 3, delayedUntilMs: 1100 });
    expect(fetcher.poll(100, BROKER_EPOCH)?.topics[0]?.partitions.map((p) => p.partition)).toEqual([1]);
  }

  it('testUnknownLeaderEpochWhileFetching: 리더가 아직 내 리더 에포크를 모르면 그 파티션만 replica.fetch.backoff.ms 쉽니다', () => {
    onlyThatPartitionBacksOff(ErrorCode.UNKNOWN_LEADER_EPOCH);
  });

  it('testPartitionsInError: NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION도 그 파티션만 쉬고, 위치는 그대로입니다', () => {
    for (const errorCode of [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]) {
      onlyThatPartitionBacksOff(errorCode);
    }
  });

  it('testDelay: 끊긴 요청 뒤에는 보낸 파티션 모두 쉬고, 쉬는 동안은 보내지 않으며, 깨어날 때를 알려 줍니다', () => {
    const fetcher = fetcherWith({ partition: 0 }, { partition: 1 });
    fetcher.poll(0, BROKER_EPOCH);
    fetcher.handleDisconnect(50);
    expect(fetcher.poll(500, BROKER_EPOCH)).toBeNull();
    expect(fetcher.nextWakeMs()).toBe(1050);
    expect(fetcher.poll(1050, BROKER_EPOCH)?.topics[0]?.partitions).toHaveLength(2);
  });

  it('testLeaderEpochChangeDuringSuccessfulFetch: 보낸 뒤 리더 에포크가 바뀐 파티션의 답은 버립니다', () => {
    const fetcher = fetcherWith({ partition: 0, leaderEpoch: 1 });
    fetcher.poll(0, BROKER_EPOCH);
    fetcher.addPartition({
      topic: 'orders',
      topicId: TOPIC_ID,
      partition: 0,
      fetchOffset: 0,
      lastFetchedEpoch: -1,
      currentLeaderEpoch: 2,
      logStartOffset: 0,
    });
    expect(fetcher.handleResponse(response({ partitionIndex: 0, records: Buffer.from([1]) }), 0)).toEqual([]);
  });

  it('testTruncationOnFetchSkippedIfPartitionRemoved: 보낸 뒤 빠진 파티션의 답은 버립니다', () => {
    const fetcher = fetcherWith({ partition: 0 });
    fetcher.poll(0, BROKER_EPOCH);
    fetcher.removePartition('orders', 0);
    expect(
      fetcher.handleResponse(response({ partitionIndex: 0, divergingEpoch: { epoch: 0, endOffset: 0 } }), 0),
    ).toEqual([]);
  });

  it('testResponseForMovedFetchOffsetIsIgnored: 보낸 뒤 위치가 바뀐 파티션(잘라 냄)의 답은 버립니다', () => {
    const fetcher = fetcherWith({ partition: 0, fetchOffset: 5 });
    fetcher.poll(0, BROKER_EPOCH);
    fetcher.advance('orders', 0, { logEndOffset: 2, lastEpoch: 0, logStartOffset: 0 });
    expect(fetcher.handleResponse(response({ partitionIndex: 0, records: Buffer.from([1]) }), 0)).toEqual([]);
  });
});

/** 리더의 ListOffsets 답: 파티션 0 하나 */
function offsetsAnswer(offset: number, errorCode: number = ErrorCode.NONE): ListOffsetsResponse {
  return {
    throttleTimeMs: 0,
    topics: [
      {
        name: 'orders',
        partitions: [{ partitionIndex: 0, errorCode, oldStyleOffsets: [], timestamp: -1, offset, leaderEpoch: 4 }],
      },
    ],
  };
}

/** 로그 끝이 `logEndOffset`인 팔로워가 Fetch를 보내고 OFFSET_OUT_OF_RANGE를 받은 상태 */
function outOfRangeAt(logEndOffset: number) {
  const fetcher = fetcherWith({ partition: 0, fetchOffset: logEndOffset, leaderEpoch: 4 });
  fetcher.poll(0, BROKER_EPOCH);
  expect(fetcher.handleResponse(response({ partitionIndex: 0, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE }), 0)).toEqual(
    [],
  );
  return fetcher;
}

describe('ReplicaFetcher: OFFSET_OUT_OF_RANGE 뒤 리더의 로그 끝·시작 묻기 (fetchOffsetAndTruncate)', () => {
  it('testFollowerFetchOutOfRangeHigh: 리더의 로그 끝이 내 끝보다 앞이면 ListOffsets(복제본, 최신)로 알아내 거기까지 잘라 내고 거기서 받습니다', () => {
    const fetcher = outOfRangeAt(3);
    // 묻는 동안 그 파티션은 Fetch에 싣지 않습니다.
    expect(fetcher.poll(0, BROKER_EPOCH)).toBeNull();
    expect(fetcher.pollOffsetReset(0)).toEqual({
      replicaId: LOCAL,
      isolationLevel: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, currentLeaderEpoch: 4, timestamp: -1 }] }],
    });
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(0), 0)).toEqual([
      { kind: 'truncateTo', topic: 'orders', partition: 0, offset: 0 },
    ]);
    fetcher.advance('orders', 0, { logEndOffset: 0, lastEpoch: -1, logStartOffset: 0 });
    expect(fetcher.pollOffsetReset(0)).toBeNull();
    expect(fetcher.poll(0, BROKER_EPOCH)?.topics[0]?.partitions[0]).toMatchObject({ fetchOffset: 0 });
  });

  it('testFollowerFetchOutOfRangeLow: 리더의 끝이 내 끝 이상이면 로그 시작(가장 처음)을 묻고, 그것이 내 끝보다 뒤면 다 지우고 리더의 로그 시작에서 받습니다', () => {
    const fetcher = outOfRangeAt(1);
    fetcher.pollOffsetReset(0);
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(3), 0)).toEqual([]);
    expect(fetcher.pollOffsetReset(0)?.topics[0]?.partitions[0]).toMatchObject({
      timestamp: -2,
      currentLeaderEpoch: 4,
    });
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(2), 0)).toEqual([
      { kind: 'truncateFully', topic: 'orders', partition: 0, offset: 2 },
    ]);
    fetcher.advance('orders', 0, { logEndOffset: 2, lastEpoch: -1, logStartOffset: 2 });
    expect(fetcher.poll(0, BROKER_EPOCH)?.topics[0]?.partitions[0]).toMatchObject({
      fetchOffset: 2,
      logStartOffset: 2,
    });
  });

  it('testFollowerFetchOutOfRangeInRange: 리더의 시작 ≤ 내 끝 ≤ 리더의 끝이면(그 사이 리더가 자람) 잘라 내지 않고 내 끝에서 다시 받습니다', () => {
    const fetcher = outOfRangeAt(5);
    fetcher.pollOffsetReset(0);
    fetcher.handleListOffsetsResponse(offsetsAnswer(9), 0);
    fetcher.pollOffsetReset(0);
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(0), 0)).toEqual([]);
    expect(fetcher.poll(0, BROKER_EPOCH)?.topics[0]?.partitions[0]).toMatchObject({ fetchOffset: 5 });
  });

  it('testFencedOffsetResetAfterOutOfRange: 로그 시작·끝을 묻다 FENCED_LEADER_EPOCH를 받으면 파티션을 빼고 새 메타데이터를 기다립니다', () => {
    const fetcher = outOfRangeAt(0);
    fetcher.pollOffsetReset(0);
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(-1, ErrorCode.FENCED_LEADER_EPOCH), 0)).toEqual([
      { kind: 'fenced', topic: 'orders', partition: 0 },
    ]);
    expect(fetcher.partitionCount).toBe(0);
  });

  it('testRetryAfterUnknownLeaderEpochInLatestOffsetFetch: 묻다 다른 오류(UNKNOWN_LEADER_EPOCH)면 쉬었다가 Fetch부터 다시 합니다', () => {
    const fetcher = outOfRangeAt(3);
    fetcher.pollOffsetReset(0);
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(-1, ErrorCode.UNKNOWN_LEADER_EPOCH), 0)).toEqual([
      { kind: 'backoff', topic: 'orders', partition: 0, errorCode: ErrorCode.UNKNOWN_LEADER_EPOCH },
    ]);
    expect(fetcher.nextWakeMs()).toBe(1000);
    expect(fetcher.pollOffsetReset(1000)).toBeNull();
    expect(fetcher.poll(1000, BROKER_EPOCH)?.topics[0]?.partitions[0]).toMatchObject({ fetchOffset: 3 });
  });

  it('testOutOfRangeDoesNotStopOtherPartitions: 한 파티션이 묻는 동안에도 원본 브로커마다 요청은 하나이고, 답을 받은 뒤 나머지 파티션의 Fetch가 이어집니다', () => {
    const fetcher = fetcherWith({ partition: 0, fetchOffset: 7 }, { partition: 1, fetchOffset: 4 });
    fetcher.poll(0, BROKER_EPOCH);
    fetcher.handleResponse(
      response({ partitionIndex: 0, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE }, { partitionIndex: 1 }),
      0,
    );
    expect(fetcher.pollOffsetReset(0)?.topics[0]?.partitions.map((p) => p.partitionIndex)).toEqual([0]);
    expect(fetcher.poll(0, BROKER_EPOCH)).toBeNull();
    fetcher.handleDisconnect(0);
    // 끊기면 묻기를 그만두고 모두 쉽니다: 쉰 뒤의 Fetch가 다시 판단합니다.
    expect(fetcher.poll(1000, BROKER_EPOCH)?.topics[0]?.partitions.map((p) => p.partition)).toEqual([0, 1]);
  });

  it('testOffsetResetAnswerIgnoredAfterLeaderEpochChange: 물은 뒤 리더 에포크가 바뀐 파티션의 답은 버립니다', () => {
    const fetcher = outOfRangeAt(3);
    fetcher.pollOffsetReset(0);
    fetcher.addPartition({
      topic: 'orders',
      topicId: TOPIC_ID,
      partition: 0,
      fetchOffset: 3,
      lastFetchedEpoch: -1,
      currentLeaderEpoch: 5,
      logStartOffset: 0,
    });
    expect(fetcher.handleListOffsetsResponse(offsetsAnswer(0), 0)).toEqual([]);
    expect(fetcher.partitionState('orders', 0)).toMatchObject({ fetchOffset: 3, offsetReset: null });
  });
});
