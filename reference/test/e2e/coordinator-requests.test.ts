/**
 * 그룹·트랜잭션 코디네이터 상태 표(group/README.md, transaction/README.md) 가운데, 요청이 핸들러를 지나야 보이는 줄을
 * 날(raw) 프로토콜로 점검합니다: 버전에 따라 달라지는 답, 빈 ID, 요청 모양의 검사. 테스트 이름은 Kafka의 같은 경우의
 * 테스트 이름입니다 (KafkaApisTest, GroupCoordinatorServiceTest, TransactionCoordinatorTest 등).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, type RunningBroker, removeDir, startBroker } from './support.js';

let running: RunningBroker;
let client: RawClient;

beforeAll(async () => {
  running = await startBroker({ KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' });
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 2 }] });
  await admin.disconnect();
  client = await RawClient.connect(running.broker.port);
  // 두 내부 토픽을 미리 만듭니다 (FindCoordinator가 처음 올 때 만들어집니다).
  await client.send(ApiKey.FindCoordinator, 1, { key: 'g', keyType: 0 });
  await client.send(ApiKey.FindCoordinator, 1, { key: 'tx', keyType: 1 });
});

afterAll(async () => {
  client.close();
  await running.stop();
  removeDir(running.dir);
});

type InitResult = { errorCode: number; producerId: number; producerEpoch: number };
const init = (transactionalId: string | null, producerId: number, producerEpoch: number) =>
  client.send<InitResult>(ApiKey.InitProducerId, 4, {
    transactionalId,
    transactionTimeoutMs: 60_000,
    producerId,
    producerEpoch,
  });

describe('InitProducerId (KafkaApis.handleInitProducerIdRequest, TransactionCoordinator.handleInitProducerId)', () => {
  it('shouldAcceptInitPidAndReturnNextPidWhenTransactionalIdIsNull: 멱등 프로듀서는 보낸 ID와 상관없이 언제나 새 ID와 에포크 0을 받습니다', async () => {
    const first = await init(null, -1, -1);
    expect(first).toMatchObject({ errorCode: ErrorCode.NONE, producerEpoch: 0 });
    const again = await init(null, first.producerId, 0);
    expect(again.errorCode).toBe(ErrorCode.NONE);
    expect(again.producerEpoch).toBe(0);
    expect(again.producerId, '같은 ID의 에포크를 올려 주지 않습니다').not.toBe(first.producerId);
    // @platformatic/kafka는 처음에 (0, 0)을 보냅니다: 두 프로듀서가 같은 ID를 받으면 시퀀스가 섞입니다.
    const [a, b] = await Promise.all([init(null, 0, 0), init(null, 0, 0)]);
    expect(a?.producerId).not.toBe(b?.producerId);
  });

  it('testInitProducerIdWithInvalidProducerIdAndEpoch: 프로듀서 ID와 에포크 중 하나만 -1이면 INVALID_REQUEST', async () => {
    expect((await init(null, 5, -1)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect((await init('tx', -1, 3)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('shouldReturnInvalidRequestWhenTransactionalIdIsEmpty: 빈 트랜잭션 ID는 INVALID_REQUEST', async () => {
    expect((await init('', -1, -1)).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('testInitProducerIdWithCurrentEpochProvided: 트랜잭션 프로듀서가 지금의 ID와 에포크를 보내면 에포크를 올려 줍니다 (KIP-360)', async () => {
    const first = await init('kip-360', -1, -1);
    const bumped = await init('kip-360', first.producerId, first.producerEpoch);
    expect(bumped).toMatchObject({ errorCode: ErrorCode.NONE, producerId: first.producerId, producerEpoch: 1 });
    const stale = await client.send<InitResult>(ApiKey.InitProducerId, 3, {
      transactionalId: 'kip-360',
      transactionTimeoutMs: 60_000,
      producerId: first.producerId + 1,
      producerEpoch: 1,
    });
    expect(stale.errorCode, 'v3는 PRODUCER_FENCED를 몰라 INVALID_PRODUCER_EPOCH로 받습니다').toBe(
      ErrorCode.INVALID_PRODUCER_EPOCH,
    );
  });
});

describe('group requests at the handler (KafkaApis, GroupCoordinatorService)', () => {
  const join = (groupId: string, memberId = '') =>
    client.send<{ errorCode: number; memberId: string; generationId: number }>(ApiKey.JoinGroup, 5, {
      groupId,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });

  it('testJoinGroupInvalidGroupId: 빈 그룹 ID의 JoinGroup은 INVALID_GROUP_ID', async () => {
    expect((await join('')).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('testSyncGroupProtocolTypeAndNameAreMandatorySinceV5: v5+의 SyncGroup은 프로토콜 종류와 이름이 없으면 INCONSISTENT_GROUP_PROTOCOL', async () => {
    const sync = (version: number) =>
      client.send<{ errorCode: number }>(ApiKey.SyncGroup, version, {
        groupId: 'nobody',
        generationId: 1,
        memberId: 'm',
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments: [],
      });
    expect((await sync(5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await sync(4)).errorCode, 'v4는 그대로 코디네이터가 봅니다').toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testOffsetCommitWithUnknownGroup: 없는 그룹에 세대를 보낸 커밋은 v9+ GROUP_ID_NOT_FOUND, 그 전은 ILLEGAL_GENERATION', async () => {
    const commit = (version: number) =>
      client.send<{ topics: { partitions: { errorCode: number }[] }[] }>(ApiKey.OffsetCommit, version, {
        groupId: 'never-joined',
        generationIdOrMemberEpoch: 3,
        memberId: 'm',
        groupInstanceId: null,
        topics: [
          {
            name: 'events',
            partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: '' }],
          },
        ],
      });
    expect((await commit(9)).topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect((await commit(8)).topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('testDescribeGroupsInvalidGroupId: 빈 그룹 ID도 코디네이터가 답합니다 (없는 그룹이면 Dead), 권한 비트도 물으면 줍니다', async () => {
    const described = await client.send<{
      groups: { errorCode: number; groupId: string; groupState: string; authorizedOperations: number }[];
    }>(ApiKey.DescribeGroups, 5, { groups: [''], includeAuthorizedOperations: true });
    expect(described.groups).toEqual([
      expect.objectContaining({
        errorCode: ErrorCode.NONE,
        groupId: '',
        groupState: 'Dead',
        authorizedOperations: 3400,
      }),
    ]);
  });

  it('testCommitAndFetchOffsetsWithEmptyGroup: 빈 그룹 ID로도 커밋하고 읽습니다 (예전 클라이언트)', async () => {
    await client.send(ApiKey.OffsetCommit, 7, {
      groupId: '',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'events',
          partitions: [{ partitionIndex: 1, committedOffset: 9, committedLeaderEpoch: -1, committedMetadata: '' }],
        },
      ],
    });
    const fetched = await client.send<{ errorCode: number; topics: { partitions: { committedOffset: number }[] }[] }>(
      ApiKey.OffsetFetch,
      5,
      { groupId: '', topics: [{ name: 'events', partitionIndexes: [1] }] },
    );
    expect(fetched.errorCode).toBe(ErrorCode.NONE);
    expect(fetched.topics[0]?.partitions[0]?.committedOffset).toBe(9);
  });

  it('testListGroupsWithStates: 상태 필터는 대소문자와 앞뒤 공백을 가리지 않습니다', async () => {
    const first = await join('listed');
    await join('listed', first.memberId); // 멤버 하나로 세대 1의 CompletingRebalance
    const listed = await client.send<{ groups: { groupId: string; groupState: string }[] }>(ApiKey.ListGroups, 4, {
      statesFilter: [' completingrebalance '],
    });
    expect(listed.groups).toEqual([expect.objectContaining({ groupId: 'listed', groupState: 'CompletingRebalance' })]);
  });

  it('testHandleDeleteGroups: 같은 그룹을 두 번 적어도 한 번만 지우고 한 번만 답합니다', async () => {
    await client.send(ApiKey.OffsetCommit, 7, {
      groupId: 'twice',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'events',
          partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: '' }],
        },
      ],
    });
    const deleted = await client.send<{ results: { groupId: string; errorCode: number }[] }>(ApiKey.DeleteGroups, 2, {
      groupsNames: ['twice', 'twice', 'nobody'],
    });
    expect(deleted.results).toEqual([
      { groupId: 'twice', errorCode: ErrorCode.NONE },
      { groupId: 'nobody', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
  });
});

describe('transaction requests at the handler (KafkaApis)', () => {
  it('testBatchedAddPartitionsToTxnRequest: v4+의 verifyOnly는 장부를 바꾸지 않고 파티션마다 답합니다', async () => {
    const producer = await init('verify-tx', -1, -1);
    const add = await client.send<{
      resultsByTopicV3AndBelow: { resultsByPartition: { partitionErrorCode: number }[] }[];
    }>(ApiKey.AddPartitionsToTxn, 3, {
      v3AndBelowTransactionalId: 'verify-tx',
      v3AndBelowProducerId: producer.producerId,
      v3AndBelowProducerEpoch: producer.producerEpoch,
      v3AndBelowTopics: [{ name: 'events', partitions: [0] }],
    });
    expect(add.resultsByTopicV3AndBelow[0]?.resultsByPartition[0]?.partitionErrorCode).toBe(ErrorCode.NONE);
    const verify = await client.send<{
      resultsByTransaction: {
        topicResults: { resultsByPartition: { partitionIndex: number; partitionErrorCode: number }[] }[];
      }[];
    }>(ApiKey.AddPartitionsToTxn, 5, {
      transactions: [
        {
          transactionalId: 'verify-tx',
          producerId: producer.producerId,
          producerEpoch: producer.producerEpoch,
          verifyOnly: true,
          topics: [{ name: 'events', partitions: [0, 1] }],
        },
      ],
    });
    expect(verify.resultsByTransaction[0]?.topicResults[0]?.resultsByPartition).toEqual([
      { partitionIndex: 0, partitionErrorCode: ErrorCode.NONE },
      { partitionIndex: 1, partitionErrorCode: ErrorCode.TRANSACTION_ABORTABLE },
    ]);
  });
});

describe('TxnOffsetCommit × transaction state (CoordinatorRuntime.scheduleTransactionalWriteOperation, AddPartitionsToTxnManager)', () => {
  const txnCommit = (
    version: number,
    producer: { producerId: number; producerEpoch: number },
    transactionalId: string,
  ) =>
    client
      .send<{ topics: { partitions: { errorCode: number }[] }[] }>(ApiKey.TxnOffsetCommit, version, {
        transactionalId,
        groupId: 'txn-group',
        producerId: producer.producerId,
        producerEpoch: producer.producerEpoch,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [
          {
            name: 'events',
            partitions: [{ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: -1, committedMetadata: '' }],
          },
        ],
      })
      .then((r) => r.topics[0]?.partitions[0]?.errorCode);

  it('testVerificationErrorsForTxnOffsetCommits: AddOffsetsToTxn 없이 온 오프셋은 v4 전 INVALID_TXN_STATE, v4 TRANSACTION_ABORTABLE', async () => {
    const producer = await init('offsets-tx', -1, -1);
    expect(await txnCommit(3, producer, 'offsets-tx')).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(await txnCommit(4, producer, 'offsets-tx')).toBe(ErrorCode.TRANSACTION_ABORTABLE);
    expect(await txnCommit(3, { ...producer, producerId: producer.producerId + 100 }, 'offsets-tx')).toBe(
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    );
    expect(await txnCommit(3, { ...producer, producerEpoch: producer.producerEpoch + 1 }, 'offsets-tx')).toBe(
      ErrorCode.INVALID_PRODUCER_EPOCH,
    );
    await client.send(ApiKey.AddOffsetsToTxn, 3, { transactionalId: 'offsets-tx', ...producer, groupId: 'txn-group' });
    expect(await txnCommit(3, producer, 'offsets-tx'), '트랜잭션에 오프셋 파티션이 들어간 뒤').toBe(ErrorCode.NONE);
  });

  it('testAddOffsetsToTxnWithEmptyGroupId: AddOffsetsToTxn은 그룹 ID를 검사하지 않습니다 (빈 ID의 파티션을 더합니다)', async () => {
    const producer = await init('empty-group-tx', -1, -1);
    const added = await client.send<{ errorCode: number }>(ApiKey.AddOffsetsToTxn, 3, {
      transactionalId: 'empty-group-tx',
      ...producer,
      groupId: '',
    });
    expect(added.errorCode).toBe(ErrorCode.NONE);
  });
});

describe('FindCoordinator (KafkaApis.getCoordinator)', () => {
  it('testFindCoordinatorWithEmptyKey: 빈 그룹 ID와 빈 트랜잭션 ID에도 코디네이터를 알려 줍니다', async () => {
    for (const keyType of [0, 1]) {
      const found = await client.send<{ errorCode: number; nodeId: number }>(ApiKey.FindCoordinator, 1, {
        key: '',
        keyType,
      });
      expect(found.errorCode, `keyType ${keyType}`).toBe(ErrorCode.NONE);
    }
  });
});

describe('OffsetFetch × group state (OffsetMetadataManager.fetchOffsets, fetchAllOffsets)', () => {
  type Fetched = {
    errorCode: number;
    topics: { name: string; partitions: { committedOffset: number; errorCode: number }[] }[];
  };
  const fetch = (
    groupId: string,
    topics: { name: string; partitionIndexes: number[] }[] | null,
    requireStable = false,
  ) => client.send<Fetched>(ApiKey.OffsetFetch, 7, { groupId, topics, requireStable });

  it('testFetchOffsetsWithUnknownGroup: 모르는 그룹은 오류 없이 파티션마다 -1', async () => {
    const fetched = await fetch('unknown-group', [{ name: 'events', partitionIndexes: [0, 1] }]);
    expect(fetched.errorCode).toBe(ErrorCode.NONE);
    expect(fetched.topics[0]?.partitions.map((p) => [p.committedOffset, p.errorCode])).toEqual([
      [-1, 0],
      [-1, 0],
    ]);
    expect((await fetch('unknown-group', null)).topics, 'testFetchAllOffsetsWithUnknownGroup').toEqual([]);
  });

  it('testFetchOffsetsWithPendingTransactionalOffsets: requireStable이면 마커를 기다리는 파티션은 UNSTABLE_OFFSET_COMMIT, 아니면 지금 커밋된 값', async () => {
    const producer = await init('pending-tx', -1, -1);
    await client.send(ApiKey.AddOffsetsToTxn, 3, {
      transactionalId: 'pending-tx',
      ...producer,
      groupId: 'pending-group',
    });
    const committed = await client.send<{ topics: { partitions: { errorCode: number }[] }[] }>(
      ApiKey.TxnOffsetCommit,
      3,
      {
        transactionalId: 'pending-tx',
        groupId: 'pending-group',
        ...producer,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [
          {
            name: 'events',
            partitions: [{ partitionIndex: 0, committedOffset: 11, committedLeaderEpoch: -1, committedMetadata: '' }],
          },
        ],
      },
    );
    expect(committed.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NONE);
    const wanted = [{ name: 'events', partitionIndexes: [0] }];
    expect((await fetch('pending-group', wanted, true)).topics[0]?.partitions[0]).toMatchObject({
      committedOffset: -1,
      errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT,
    });
    expect((await fetch('pending-group', wanted, false)).topics[0]?.partitions[0]).toMatchObject({
      committedOffset: -1,
      errorCode: ErrorCode.NONE,
    });
    await client.send(ApiKey.EndTxn, 3, { transactionalId: 'pending-tx', ...producer, committed: true });
    expect((await fetch('pending-group', wanted, true)).topics[0]?.partitions[0]?.committedOffset).toBe(11);
  });
});
