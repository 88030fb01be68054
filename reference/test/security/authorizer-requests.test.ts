/**
 * `reference/src/security/authorizer.md`의 표: 요청마다 인가기에 무엇을 묻고, 거절되면 무엇으로 답하는지. 행마다 핸들러를
 * 진짜 메타데이터 이미지(`ClusterMetadata`)와 진짜 인가기(`StandardAuthorizer`)로 부릅니다. 주체는 `User:bob`이고,
 * 행이 주는 ACL만 있습니다 (앞 단계는 허락하고 그 단계만 거절하는 행도 있습니다). 거절은 핸들러가 브로커의 다른 부품(로그,
 * 코디네이터, 컨트롤러)에 닿기 전에 정해지므로 그 부품 없이 답합니다. 행 ID(`A01`…)는 표와 이 파일이 함께 씁니다.
 * Produce, Metadata, CreateTopics, 허락된 경우는 진짜 클라이언트로 `../e2e/acl.test.ts`가 봅니다.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleProduce } from '../../src/apis/00-produce.js';
import { handleFetch } from '../../src/apis/01-fetch.js';
import { handleListOffsets } from '../../src/apis/02-list-offsets.js';
import { handleMetadata } from '../../src/apis/03-metadata.js';
import { handleOffsetCommit } from '../../src/apis/08-offset-commit.js';
import { handleOffsetFetch } from '../../src/apis/09-offset-fetch.js';
import { handleFindCoordinator } from '../../src/apis/10-find-coordinator.js';
import { handleJoinGroup } from '../../src/apis/11-join-group.js';
import { handleHeartbeat } from '../../src/apis/12-heartbeat.js';
import { handleLeaveGroup } from '../../src/apis/13-leave-group.js';
import { handleSyncGroup } from '../../src/apis/14-sync-group.js';
import { handleDescribeGroups } from '../../src/apis/15-describe-groups.js';
import { handleListGroups } from '../../src/apis/16-list-groups.js';
import { handleCreateTopics } from '../../src/apis/19-create-topics.js';
import { handleDeleteTopics } from '../../src/apis/20-delete-topics.js';
import { handleInitProducerId } from '../../src/apis/22-init-producer-id.js';
import { handleOffsetForLeaderEpoch } from '../../src/apis/23-offset-for-leader-epoch.js';
import { handleAddPartitionsToTxn } from '../../src/apis/24-add-partitions-to-txn.js';
import { handleAddOffsetsToTxn } from '../../src/apis/25-add-offsets-to-txn.js';
import { handleEndTxn } from '../../src/apis/26-end-txn.js';
import { handleWriteTxnMarkers } from '../../src/apis/27-write-txn-markers.js';
import { handleTxnOffsetCommit } from '../../src/apis/28-txn-offset-commit.js';
import { handleDescribeAcls } from '../../src/apis/29-describe-acls.js';
import { handleCreateAcls } from '../../src/apis/30-create-acls.js';
import { handleDeleteAcls } from '../../src/apis/31-delete-acls.js';
import { handleDescribeConfigs } from '../../src/apis/32-describe-configs.js';
import { handleAlterConfigs } from '../../src/apis/33-alter-configs.js';
import { handleCreatePartitions } from '../../src/apis/37-create-partitions.js';
import { handleDeleteGroups } from '../../src/apis/42-delete-groups.js';
import { handleElectLeaders } from '../../src/apis/43-elect-leaders.js';
import { handleIncrementalAlterConfigs } from '../../src/apis/44-incremental-alter-configs.js';
import { handleAlterPartitionReassignments } from '../../src/apis/45-alter-partition-reassignments.js';
import { handleListPartitionReassignments } from '../../src/apis/46-list-partition-reassignments.js';
import { handleOffsetDelete } from '../../src/apis/47-offset-delete.js';
import { handleDescribeUserScramCredentials } from '../../src/apis/50-describe-user-scram-credentials.js';
import { handleAlterUserScramCredentials } from '../../src/apis/51-alter-user-scram-credentials.js';
import { handleBrokerDescribeQuorum } from '../../src/apis/55-describe-quorum.js';
import type { RequestContext } from '../../src/apis/api.js';
import type { BrokerContext } from '../../src/apis/broker-context.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import { decode, encodeInto } from '../../src/protocol/codec.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { messages } from '../../src/protocol/messages/index.js';
import { ByteReader, ZERO_UUID } from '../../src/protocol/reader.js';
import { ByteWriter } from '../../src/protocol/writer.js';
import { systemRandom } from '../../src/runtime/random.js';
import {
  type Acl,
  AclPermissionType,
  CLUSTER_NAME,
  AclOperation as Op,
  PatternType,
  ResourceType as Type,
} from '../../src/security/acl.js';
import { StandardAuthorizer } from '../../src/security/authorizer.js';
import { loadConfig } from '../../src/server/config.js';
import { ConfigAdminManager } from '../../src/server/config-admin-manager.js';
import { DynamicBrokerConfig } from '../../src/server/dynamic-broker-config.js';

const TOPIC_ID = '5a3f1f0e-7c2b-4b1e-9a51-0d2f6b7c8e90';

/** bob에게 주는 ALLOW ACL 하나 */
function grant(resourceType: number, resourceName: string, operation: number): Acl {
  return {
    resourceType,
    resourceName,
    patternType: PatternType.LITERAL,
    principal: 'User:bob',
    host: '*',
    operation,
    permissionType: AclPermissionType.ALLOW,
  };
}

/** 토픽 `t`(파티션 하나, 리더 1)가 있는 이미지와, `acls`만 아는 인가기로 bob의 요청 문맥을 만듭니다. */
/** 컨트롤러에게 넘긴 요청들: 거절된 자원은 넘기지 않아야 합니다 (컨트롤러 리스너는 권한을 묻지 않으니까요). */
const forwarded: { body: Record<string, unknown[]> }[] = [];

function contextFor(apiKey: number, apiVersion: number, acls: readonly Acl[]): RequestContext {
  const metadata = new ClusterMetadata('acl-rows');
  metadata.replay({ type: 'RegisterBrokerRecord', brokerId: 1, host: '127.0.0.1', port: 9092, rack: null });
  metadata.replay({ type: 'TopicRecord', name: 't', topicId: TOPIC_ID });
  metadata.replay({
    type: 'PartitionRecord',
    topicId: TOPIC_ID,
    partitionId: 0,
    replicas: [1],
    isr: [1],
    leader: 1,
    leaderEpoch: 0,
    partitionEpoch: 0,
  });
  for (const [i, acl] of acls.entries()) metadata.replay({ type: 'AccessControlEntryRecord', id: `acl-${i}`, ...acl });
  const config = loadConfig({ env: {} });
  const dynamicConfig = new DynamicBrokerConfig(config, metadata);
  const broker = {
    nodeId: 1,
    config,
    dynamicConfig,
    configAdmin: new ConfigAdminManager(dynamicConfig),
    metadata,
    authorizer: new StandardAuthorizer(metadata.acls, new Set(['User:admin']), false),
    random: systemRandom,
    forward: async (request: { body: unknown }) => {
      forwarded.push(request as { body: Record<string, unknown[]> });
      return null;
    },
  } as Partial<BrokerContext> as BrokerContext;
  return {
    header: { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId: 1, clientId: 'rows' },
    apiVersion,
    connection: { id: 'c1', remote: '127.0.0.1:50000', listener: 'SASL_PLAINTEXT', principal: 'User:bob' },
    apis: [],
    broker,
  };
}

/** 요청 본문: 스키마의 기본값 위에 행이 적은 필드 (인코딩했다 다시 읽어 모든 필드를 채웁니다) */
function requestOf(apiKey: number, version: number, fields: Record<string, unknown>) {
  const schema = messages[apiKey as keyof typeof messages].request;
  const writer = new ByteWriter();
  encodeInto(writer, schema, version, fields as never);
  return decode(schema, version, new ByteReader(writer.toBuffer())) as never;
}

interface Row {
  readonly id: string;
  readonly apiKey: number;
  readonly version: number;
  readonly acls?: readonly Acl[];
  readonly request: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: 핸들러마다 요청과 응답의 타입이 다릅니다
  readonly handle: (request: any, ctx: RequestContext) => unknown;
  /** 응답에서 본 오류 코드들 (중복을 빼고 정렬) */
  // biome-ignore lint/suspicious/noExplicitAny: 응답의 모양은 API마다 다릅니다
  readonly codes: (response: any) => number[];
  readonly expected: number;
}

// biome-ignore lint/suspicious/noExplicitAny: 응답 모양이 API마다 다릅니다
const partitionCodes = (topics: any[], field = 'partitions', code = 'errorCode') =>
  topics.flatMap((t) => t[field].map((p: Record<string, number>) => p[code]));
const TOPIC_DENIED = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
const GROUP_DENIED = ErrorCode.GROUP_AUTHORIZATION_FAILED;
const CLUSTER_DENIED = ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
const TXN_DENIED = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
const commitTopics = [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1 }] }];

const ROWS: Row[] = [
  {
    id: 'A01',
    apiKey: 0,
    version: 9,
    request: {
      transactionalId: 'tx',
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: null }] }],
    },
    handle: handleProduce,
    codes: (r) => partitionCodes(r.responses, 'partitionResponses'),
    expected: TXN_DENIED,
  },
  {
    id: 'A03',
    apiKey: 1,
    version: 12,
    request: {
      replicaId: -1,
      maxWaitMs: 0,
      topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1024 }] }],
    },
    handle: handleFetch,
    codes: (r) => partitionCodes(r.responses),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A04',
    apiKey: 1,
    version: 12,
    acls: [grant(Type.TOPIC, 't', Op.READ)],
    request: {
      replicaId: 2,
      maxWaitMs: 0,
      topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1024 }] }],
    },
    handle: handleFetch,
    codes: (r) => partitionCodes(r.responses),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A05',
    apiKey: 2,
    version: 7,
    request: { replicaId: -1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, timestamp: -1 }] }] },
    handle: handleListOffsets,
    codes: (r) => partitionCodes(r.topics),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A06',
    apiKey: 3,
    version: 12,
    request: { topics: [{ name: 't', topicId: ZERO_UUID }], allowAutoTopicCreation: false },
    handle: handleMetadata,
    codes: (r) => r.topics.map((t: { errorCode: number }) => t.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A07',
    apiKey: 3,
    version: 12,
    acls: [grant(Type.TOPIC, 'new-topic', Op.DESCRIBE)],
    request: { topics: [{ name: 'new-topic', topicId: ZERO_UUID }], allowAutoTopicCreation: true },
    handle: handleMetadata,
    codes: (r) => r.topics.map((t: { errorCode: number }) => t.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A08',
    apiKey: 8,
    version: 8,
    request: { groupId: 'g', generationIdOrMemberEpoch: -1, memberId: '', topics: commitTopics },
    handle: handleOffsetCommit,
    codes: (r) => partitionCodes(r.topics),
    expected: GROUP_DENIED,
  },
  {
    id: 'A09',
    apiKey: 9,
    version: 7,
    request: { groupId: 'g', topics: null },
    handle: handleOffsetFetch,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A10',
    apiKey: 10,
    version: 4,
    request: { keyType: 0, coordinatorKeys: ['g'] },
    handle: handleFindCoordinator,
    codes: (r) => r.coordinators.map((c: { errorCode: number }) => c.errorCode),
    expected: GROUP_DENIED,
  },
  {
    id: 'A11',
    apiKey: 10,
    version: 4,
    request: { keyType: 1, coordinatorKeys: ['tx'] },
    handle: handleFindCoordinator,
    codes: (r) => r.coordinators.map((c: { errorCode: number }) => c.errorCode),
    expected: TXN_DENIED,
  },
  {
    id: 'A12',
    apiKey: 11,
    version: 9,
    acls: [grant(Type.GROUP, 'g', Op.DESCRIBE)],
    request: { groupId: 'g', sessionTimeoutMs: 10000, memberId: '', protocolType: 'consumer', protocols: [] },
    handle: handleJoinGroup,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A13',
    apiKey: 12,
    version: 4,
    request: { groupId: 'g', generationId: 1, memberId: 'm' },
    handle: handleHeartbeat,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A14',
    apiKey: 13,
    version: 5,
    request: { groupId: 'g', members: [{ memberId: 'm' }] },
    handle: handleLeaveGroup,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A15',
    apiKey: 14,
    version: 5,
    request: { groupId: 'g', generationId: 1, memberId: 'm', protocolType: 'consumer', protocolName: 'range' },
    handle: handleSyncGroup,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A16',
    apiKey: 15,
    version: 5,
    request: { groups: ['g'] },
    handle: handleDescribeGroups,
    codes: (r) => r.groups.map((g: { errorCode: number }) => g.errorCode),
    expected: GROUP_DENIED,
  },
  {
    id: 'A18',
    apiKey: 19,
    version: 7,
    request: { topics: [{ name: 'new-topic', numPartitions: 1, replicationFactor: 1 }] },
    handle: handleCreateTopics,
    codes: (r) => r.topics.map((t: { errorCode: number }) => t.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A19',
    apiKey: 20,
    version: 5,
    acls: [grant(Type.TOPIC, 't', Op.DESCRIBE)],
    request: { topicNames: ['t'] },
    handle: handleDeleteTopics,
    codes: (r) => r.responses.map((t: { errorCode: number }) => t.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A20',
    apiKey: 22,
    version: 5,
    request: { transactionalId: 'tx', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
    handle: handleInitProducerId,
    codes: (r) => [r.errorCode],
    expected: TXN_DENIED,
  },
  {
    id: 'A21',
    apiKey: 22,
    version: 5,
    acls: [grant(Type.TOPIC, 't', Op.READ)],
    request: { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
    handle: handleInitProducerId,
    codes: (r) => [r.errorCode],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A22',
    apiKey: 23,
    version: 4,
    request: { replicaId: -1, topics: [{ topic: 't', partitions: [{ partition: 0, leaderEpoch: 0 }] }] },
    handle: handleOffsetForLeaderEpoch,
    codes: (r) => partitionCodes(r.topics),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A23',
    apiKey: 24,
    version: 3,
    request: { v3AndBelowTransactionalId: 'tx', v3AndBelowTopics: [{ name: 't', partitions: [0] }] },
    handle: handleAddPartitionsToTxn,
    codes: (r) => partitionCodes(r.resultsByTopicV3AndBelow, 'resultsByPartition', 'partitionErrorCode'),
    expected: TXN_DENIED,
  },
  {
    id: 'A24',
    apiKey: 24,
    version: 3,
    acls: [grant(Type.TRANSACTIONAL_ID, 'tx', Op.WRITE)],
    request: { v3AndBelowTransactionalId: 'tx', v3AndBelowTopics: [{ name: 't', partitions: [0] }] },
    handle: handleAddPartitionsToTxn,
    codes: (r) => partitionCodes(r.resultsByTopicV3AndBelow, 'resultsByPartition', 'partitionErrorCode'),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A25',
    apiKey: 24,
    version: 4,
    request: { transactions: [] },
    handle: handleAddPartitionsToTxn,
    codes: (r) => [r.errorCode],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A26',
    apiKey: 25,
    version: 4,
    request: { transactionalId: 'tx', producerId: 1, producerEpoch: 0, groupId: 'g' },
    handle: handleAddOffsetsToTxn,
    codes: (r) => [r.errorCode],
    expected: TXN_DENIED,
  },
  {
    id: 'A27',
    apiKey: 25,
    version: 4,
    acls: [grant(Type.TRANSACTIONAL_ID, 'tx', Op.WRITE)],
    request: { transactionalId: 'tx', producerId: 1, producerEpoch: 0, groupId: 'g' },
    handle: handleAddOffsetsToTxn,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A28',
    apiKey: 26,
    version: 4,
    acls: [grant(Type.TRANSACTIONAL_ID, 'tx', Op.DESCRIBE)],
    request: { transactionalId: 'tx', producerId: 1, producerEpoch: 0, committed: true },
    handle: handleEndTxn,
    codes: (r) => [r.errorCode],
    expected: TXN_DENIED,
  },
  {
    id: 'A29',
    apiKey: 27,
    version: 1,
    request: {
      markers: [
        {
          producerId: 1,
          producerEpoch: 0,
          transactionResult: true,
          topics: [{ name: 't', partitionIndexes: [0] }],
          coordinatorEpoch: 0,
        },
      ],
    },
    handle: handleWriteTxnMarkers,
    codes: (r) => r.markers.flatMap((m: { topics: unknown[] }) => partitionCodes(m.topics)),
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A30',
    apiKey: 28,
    version: 3,
    request: { transactionalId: 'tx', groupId: 'g', producerId: 1, producerEpoch: 0, topics: commitTopics },
    handle: handleTxnOffsetCommit,
    codes: (r) => partitionCodes(r.topics),
    expected: TXN_DENIED,
  },
  {
    id: 'A31',
    apiKey: 28,
    version: 3,
    acls: [grant(Type.TRANSACTIONAL_ID, 'tx', Op.WRITE)],
    request: { transactionalId: 'tx', groupId: 'g', producerId: 1, producerEpoch: 0, topics: commitTopics },
    handle: handleTxnOffsetCommit,
    codes: (r) => partitionCodes(r.topics),
    expected: GROUP_DENIED,
  },
  {
    id: 'A32',
    apiKey: 29,
    version: 3,
    request: { resourceTypeFilter: 1, patternTypeFilter: 1, operation: 1, permissionType: 1 },
    handle: handleDescribeAcls,
    codes: (r) => [r.errorCode],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A33',
    apiKey: 30,
    version: 3,
    acls: [grant(Type.CLUSTER, CLUSTER_NAME, Op.DESCRIBE)],
    request: {
      creations: [
        {
          resourceType: Type.TOPIC,
          resourceName: 't',
          resourcePatternType: 3,
          principal: 'User:bob',
          host: '*',
          operation: Op.ALL,
          permissionType: 3,
        },
      ],
    },
    handle: handleCreateAcls,
    codes: (r) => r.results.map((c: { errorCode: number }) => c.errorCode),
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A34',
    apiKey: 31,
    version: 3,
    request: {
      filters: [{ resourceTypeFilter: 1, patternTypeFilter: 1, operation: 1, permissionType: 1 }],
    },
    handle: handleDeleteAcls,
    codes: (r) => r.filterResults.map((f: { errorCode: number }) => f.errorCode),
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A35',
    apiKey: 32,
    version: 4,
    acls: [grant(Type.TOPIC, 't', Op.DESCRIBE)],
    request: { resources: [{ resourceType: 2, resourceName: 't', configurationKeys: null }] },
    handle: handleDescribeConfigs,
    codes: (r) => r.results.map((c: { errorCode: number }) => c.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A36',
    apiKey: 32,
    version: 4,
    request: { resources: [{ resourceType: 4, resourceName: '1', configurationKeys: null }] },
    handle: handleDescribeConfigs,
    codes: (r) => r.results.map((c: { errorCode: number }) => c.errorCode),
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A37',
    apiKey: 33,
    version: 2,
    acls: [grant(Type.TOPIC, 't', Op.DESCRIBE_CONFIGS)],
    request: { resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', value: '1' }] }] },
    handle: handleAlterConfigs,
    codes: (r) => r.responses.map((c: { errorCode: number }) => c.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A38',
    apiKey: 44,
    version: 1,
    request: {
      resources: [
        {
          resourceType: 4,
          resourceName: '',
          configs: [{ name: 'log.retention.ms', configOperation: 0, value: '1' }],
        },
      ],
    },
    handle: handleIncrementalAlterConfigs,
    codes: (r) => r.responses.map((c: { errorCode: number }) => c.errorCode),
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A39',
    apiKey: 37,
    version: 3,
    acls: [grant(Type.TOPIC, 't', Op.DESCRIBE)],
    request: { topics: [{ name: 't', count: 2, assignments: null }], timeoutMs: 1000 },
    handle: handleCreatePartitions,
    codes: (r) => r.results.map((c: { errorCode: number }) => c.errorCode),
    expected: TOPIC_DENIED,
  },
  {
    id: 'A40',
    apiKey: 42,
    version: 2,
    acls: [grant(Type.GROUP, 'g', Op.READ)],
    request: { groupsNames: ['g'] },
    handle: handleDeleteGroups,
    codes: (r) => r.results.map((g: { errorCode: number }) => g.errorCode),
    expected: GROUP_DENIED,
  },
  {
    id: 'A41',
    apiKey: 43,
    version: 2,
    request: { electionType: 0, topicPartitions: [{ topic: 't', partitions: [0] }] },
    handle: handleElectLeaders,
    codes: (r) => [r.errorCode, ...partitionCodes(r.replicaElectionResults, 'partitionResult')],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A42',
    apiKey: 45,
    version: 0,
    request: { topics: [{ name: 't', partitions: [{ partitionIndex: 0, replicas: [1] }] }] },
    handle: handleAlterPartitionReassignments,
    codes: (r) => [r.errorCode, ...partitionCodes(r.responses)],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A43',
    apiKey: 46,
    version: 0,
    request: { topics: null },
    handle: handleListPartitionReassignments,
    codes: (r) => [r.errorCode],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A44',
    apiKey: 47,
    version: 0,
    acls: [grant(Type.GROUP, 'g', Op.READ)],
    request: { groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }] },
    handle: handleOffsetDelete,
    codes: (r) => [r.errorCode],
    expected: GROUP_DENIED,
  },
  {
    id: 'A45',
    apiKey: 50,
    version: 0,
    request: { users: null },
    handle: handleDescribeUserScramCredentials,
    codes: (r) => [r.errorCode],
    expected: CLUSTER_DENIED,
  },
  {
    id: 'A46',
    apiKey: 51,
    version: 0,
    acls: [grant(Type.CLUSTER, CLUSTER_NAME, Op.DESCRIBE)],
    request: { deletions: [{ name: 'alice', mechanism: 1 }], upsertions: [] },
    handle: handleAlterUserScramCredentials,
    codes: (r) => r.results.map((u: { errorCode: number }) => u.errorCode),
    expected: CLUSTER_DENIED,
  },
  {
    // 토픽 `t`에 ALL이 있어도 클러스터 DESCRIBE가 아니면 거절입니다. 허락되면 쿼럼 클라이언트에 묻습니다(이 문맥에는 없음).
    id: 'A47',
    apiKey: 55,
    version: 2,
    acls: [grant(Type.TOPIC, 't', Op.ALL)],
    request: { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] },
    handle: handleBrokerDescribeQuorum,
    codes: (r) => [r.errorCode],
    expected: CLUSTER_DENIED,
  },
];

describe('authorizer.md의 표: 요청마다 거절되는 자리와 코드 (User:bob)', () => {
  it.each(ROWS.map((row) => [row.id, row] as const))('%s', async (_id, row) => {
    const ctx = contextFor(row.apiKey, row.version, row.acls ?? []);
    forwarded.length = 0;
    const response = await row.handle(requestOf(row.apiKey, row.version, row.request), ctx);
    expect([...new Set(row.codes(response))]).toEqual([row.expected]);
    for (const { body } of forwarded) expect(Object.values(body).filter(Array.isArray).flat()).toEqual([]);
  });

  it('A17 ListGroups hides groups bob may not describe (no error, the group is just not listed)', () => {
    // 코디네이터가 없으니 목록은 비었지만, 거절은 오류가 아니라 "보이지 않음"이라는 것이 이 행의 뜻입니다.
    const ctx = contextFor(16, 4, []);
    const groups = {
      coordinator: { list: () => [{ groupId: 'g', protocolType: 'consumer', state: 'Stable' }] },
    };
    const withGroups = { ...ctx, broker: { ...ctx.broker, groups } as unknown as BrokerContext };
    const response = handleListGroups(requestOf(16, 4, {}), withGroups);
    expect(response).toMatchObject({ errorCode: ErrorCode.NONE, groups: [] });
    const allowed = contextFor(16, 4, [grant(Type.GROUP, 'g', Op.DESCRIBE)]);
    const listed = handleListGroups(requestOf(16, 4, {}), {
      ...allowed,
      broker: { ...allowed.broker, groups } as unknown as BrokerContext,
    });
    expect(listed.groups.map((g) => g.groupId)).toEqual(['g']);
  });

  it('the table in authorizer.md names every row of this file, and no other', () => {
    const table = readFileSync(path.resolve(import.meta.dirname, '../../src/security/authorizer.md'), 'utf8');
    const inTable = [...table.matchAll(/^\| (A\d\d) /gm)].map((m) => m[1]);
    const here = [...ROWS.map((r) => r.id), 'A02', 'A17'].sort();
    expect(inTable.sort()).toEqual(here);
  });
});
