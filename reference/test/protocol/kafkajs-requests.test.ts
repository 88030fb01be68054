/**
 * 골든 바이트를 실제 클라이언트에서 (STYLE 10): kafkajs 2.2.4가 API마다 보내는 가장 높은 버전의 요청을
 * kafkajs 자신의 인코더로 만들고, 우리 코덱이 헤더부터 끝까지 남김없이 읽는지 봅니다.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/protocol/codec.js';
import { decodeRequestHeader } from '../../src/protocol/headers.js';
import { schemasFor } from '../../src/protocol/messages/index.js';
import { ByteReader } from '../../src/protocol/reader.js';
import { decodeBatches } from '../../src/record/record-batch.js';

const require = createRequire(import.meta.url);
const Long = require('kafkajs/src/utils/long.js');

interface Case {
  readonly module: string;
  readonly args: unknown;
  readonly expected: Record<string, unknown>;
}

const cases: Case[] = [
  { module: 'apiVersions/v2', args: undefined, expected: {} },
  {
    module: 'metadata/v6',
    args: { topics: ['orders'], allowAutoTopicCreation: true },
    expected: { topics: [{ name: 'orders' }], allowAutoTopicCreation: true },
  },
  {
    module: 'produce/v7',
    args: {
      acks: -1,
      timeout: 30000,
      topicData: [
        { topic: 'orders', partitions: [{ partition: 2, messages: [{ key: 'k', value: 'v', timestamp: 5 }] }] },
      ],
    },
    expected: { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: 'orders' }] },
  },
  {
    module: 'fetch/v11',
    args: {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 10485760,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: '42', maxBytes: 1048576 }] }],
    },
    expected: {
      replicaId: -1,
      maxWaitMs: 500,
      isolationLevel: 1, // kafkajs의 기본값은 read_committed
      topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: 42, partitionMaxBytes: 1048576 }] }],
      rackId: '',
    },
  },
  {
    module: 'listOffsets/v3',
    args: {
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -2 }] }],
    },
    expected: { isolationLevel: 1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, timestamp: -2 }] }] },
  },
  {
    module: 'findCoordinator/v2',
    args: { coordinatorKey: 'group-a', coordinatorType: 0 },
    expected: { key: 'group-a', keyType: 0 },
  },
  {
    module: 'joinGroup/v5',
    args: {
      groupId: 'group-a',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1]) }],
    },
    expected: {
      groupId: 'group-a',
      rebalanceTimeoutMs: 60000,
      groupInstanceId: null,
      protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1]) }],
    },
  },
  {
    module: 'syncGroup/v3',
    args: {
      groupId: 'group-a',
      generationId: 1,
      memberId: 'm-1',
      groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from([9]) }],
    },
    expected: { generationId: 1, assignments: [{ memberId: 'm-1', assignment: Buffer.from([9]) }] },
  },
  {
    module: 'heartbeat/v3',
    args: { groupId: 'group-a', groupGenerationId: 1, memberId: 'm-1' },
    expected: { groupId: 'group-a', generationId: 1, memberId: 'm-1', groupInstanceId: null },
  },
  {
    module: 'leaveGroup/v3',
    args: { groupId: 'group-a', members: [{ memberId: 'm-1' }] },
    expected: { members: [{ memberId: 'm-1', groupInstanceId: null }] },
  },
  {
    module: 'offsetCommit/v5',
    args: {
      groupId: 'group-a',
      groupGenerationId: 1,
      memberId: 'm-1',
      topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '43' }] }],
    },
    expected: {
      generationIdOrMemberEpoch: 1,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 43 }] }],
    },
  },
  {
    module: 'offsetFetch/v4',
    args: { groupId: 'group-a', topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }] },
    expected: { groupId: 'group-a', topics: [{ name: 'orders', partitionIndexes: [0] }] },
  },
  {
    module: 'createTopics/v3',
    args: { topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 1 }], validateOnly: false, timeout: 5000 },
    expected: { topics: [{ name: 'orders', numPartitions: 3, replicationFactor: 1 }], timeoutMs: 5000 },
  },
  {
    module: 'deleteTopics/v1',
    args: { topics: ['orders'], timeout: 5000 },
    expected: { topicNames: ['orders'], timeoutMs: 5000 },
  },
  {
    module: 'initProducerId/v1',
    args: { transactionalId: 'tx-1', transactionTimeout: 60000 },
    expected: { transactionalId: 'tx-1', transactionTimeoutMs: 60000 },
  },
  {
    module: 'addPartitionsToTxn/v1',
    args: {
      transactionalId: 'tx-1',
      producerId: Long.fromNumber(1000),
      producerEpoch: 0,
      topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }],
    },
    expected: { v3AndBelowTransactionalId: 'tx-1', v3AndBelowTopics: [{ name: 'orders', partitions: [0] }] },
  },
  {
    module: 'endTxn/v1',
    args: { transactionalId: 'tx-1', producerId: Long.fromNumber(1000), producerEpoch: 0, transactionResult: true },
    expected: { transactionalId: 'tx-1', producerId: 1000, committed: true },
  },
  {
    module: 'describeConfigs/v2',
    args: { resources: [{ type: 2, name: 'orders', configNames: [] }], includeSynonyms: false },
    // kafkajs는 빈 목록을 null("모든 설정")로 보냅니다.
    expected: { resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: null }] },
  },
  {
    module: 'createPartitions/v1',
    args: { topicPartitions: [{ topic: 'orders', count: 6 }], validateOnly: false, timeout: 5000 },
    expected: { topics: [{ name: 'orders', count: 6, assignments: null }] },
  },
  { module: 'saslHandshake/v1', args: { mechanism: 'PLAIN' }, expected: { mechanism: 'PLAIN' } },
  {
    module: 'deleteRecords/v1',
    args: { topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '-1' }] }], timeout: 5000 },
    expected: { topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, offset: -1 }] }], timeoutMs: 5000 },
  },
  {
    module: 'alterConfigs/v1',
    args: {
      resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '60000' }] }],
      validateOnly: true,
    },
    expected: {
      resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '60000' }] }],
      validateOnly: true,
    },
  },
  {
    module: 'alterPartitionReassignments/v0',
    args: { topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: [2, 3] }] }], timeout: 5000 },
    expected: { timeoutMs: 5000, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, replicas: [2, 3] }] }] },
  },
  {
    module: 'listPartitionReassignments/v0',
    args: { topics: [{ topic: 'orders', partitions: [0, 1] }], timeout: 5000 },
    expected: { timeoutMs: 5000, topics: [{ name: 'orders', partitionIndexes: [0, 1] }] },
  },
  // topics가 null이면 모든 토픽
  { module: 'listPartitionReassignments/v0', args: { timeout: 5000 }, expected: { timeoutMs: 5000, topics: null } },
];

async function kafkajsFrame(module: string, args: unknown): Promise<Buffer> {
  const encodeRequest = require('kafkajs/src/protocol/request.js');
  const request = require(`kafkajs/src/protocol/requests/${module}/request.js`)(args);
  return (await encodeRequest({ correlationId: 3, clientId: 'kafkajs', request })).buffer;
}

describe('requests encoded by kafkajs 2.2.4 decode completely', () => {
  it.each(cases)('$module', async ({ module, args, expected }) => {
    const frame = await kafkajsFrame(module, args);
    const reader = new ByteReader(frame, 4);
    const header = decodeRequestHeader(reader);
    expect(header.clientId).toBe('kafkajs');
    const schema = schemasFor(header.requestApiKey)?.request;
    if (!schema) throw new Error(`no schema for API key ${header.requestApiKey}`);
    const body = decode(schema, header.requestApiVersion, reader);
    expect(reader.remaining, 'every byte of the request is read').toBe(0);
    expect(body).toMatchObject(expected);
  });

  it('produce/v7 carries a record batch the broker can read', async () => {
    const frame = await kafkajsFrame('produce/v7', cases[2]?.args);
    const reader = new ByteReader(frame, 4);
    const header = decodeRequestHeader(reader);
    const body = decode(schemasFor(0)?.request ?? (undefined as never), header.requestApiVersion, reader) as {
      topicData: { partitionData: { records: Buffer }[] }[];
    };
    const records = body.topicData[0]?.partitionData[0]?.records ?? Buffer.alloc(0);
    const [batch] = decodeBatches(records);
    expect(batch?.records.map((r) => [Buffer.from(r.key ?? []).toString(), r.timestamp])).toEqual([['k', 5]]);
  });
});
