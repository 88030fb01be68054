/**
 * Fetch (API 키 1): 컨슈머와 팔로워 복제본이 파티션의 레코드를 가져갑니다.
 *
 * 응답의 `records`는 로그의 바이트를 그대로 보냅니다. 크기 제한 때문에 마지막 배치가 잘려 있을 수
 * 있고, 클라이언트는 잘린 배치를 버립니다. `isolationLevel` 1(read_committed)이면 마지막 안정 오프셋
 * (LSO)까지만 보내고, 중단된 트랜잭션 목록(`abortedTransactions`, 첫 오프셋 순서)을 함께 보냅니다.
 *
 * 버전: v4에서 isolationLevel/lastStableOffset/abortedTransactions, v5에서 logStartOffset,
 * v7에서 증분 fetch 세션(KIP-227), v11에서 rackId/preferredReadReplica, v12부터 유연한 버전,
 * v13부터 토픽 이름 대신 토픽 ID(KIP-516), v15에서 replicaState(KIP-903).
 *
 * Kafka protocol guide, "Fetch API (Key: 1)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     Fetch Request (Version: 17) => max_wait_ms min_bytes max_bytes isolation_level session_id session_epoch [topics] [forgotten_topics_data] rack_id _tagged_fields
 *       max_wait_ms => INT32
 *       min_bytes => INT32
 *       max_bytes => INT32
 *       isolation_level => INT8
 *       session_id => INT32
 *       session_epoch => INT32
 *       topics => topic_id [partitions] _tagged_fields
 *         topic_id => UUID
 *         partitions => partition current_leader_epoch fetch_offset last_fetched_epoch log_start_offset partition_max_bytes _tagged_fields
 *           partition => INT32
 *           current_leader_epoch => INT32
 *           fetch_offset => INT64
 *           last_fetched_epoch => INT32
 *           log_start_offset => INT64
 *           partition_max_bytes => INT32
 *           (tag 0) replica_directory_id: uuid
 *       forgotten_topics_data => topic_id [partitions] _tagged_fields
 *         topic_id => UUID
 *         partitions => INT32
 *       rack_id => COMPACT_STRING
 *       (tag 0) cluster_id: string
 *       (tag 1) replica_state: ReplicaState
 *
 *     Fetch Response (Version: 17) => throttle_time_ms error_code session_id [responses] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       session_id => INT32
 *       responses => topic_id [partitions] _tagged_fields
 *         topic_id => UUID
 *         partitions => partition_index error_code high_watermark last_stable_offset log_start_offset [aborted_transactions] preferred_read_replica records _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           high_watermark => INT64
 *           last_stable_offset => INT64
 *           log_start_offset => INT64
 *           aborted_transactions => producer_id first_offset _tagged_fields
 *             producer_id => INT64
 *             first_offset => INT64
 *           preferred_read_replica => INT32
 *           records => COMPACT_RECORDS
 *           (tag 0) diverging_epoch: EpochEndOffset
 *           (tag 1) current_leader: LeaderIdAndEpoch
 *           (tag 2) snapshot_id: SnapshotId
 *       (tag 0) node_endpoints: []NodeEndpoint
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const fetchRequest = message({
  name: 'FetchRequest',
  apiKey: 1,
  type: 'request',
  validVersions: '0-17',
  flexibleVersions: '12+',
  fields: [
    {
      name: 'clusterId',
      type: 'string',
      versions: '12+',
      nullableVersions: '12+',
      taggedVersions: '12+',
      tag: 0,
      default: null,
      ignorable: true,
    },
    { name: 'replicaId', type: 'int32', versions: '0-14', default: -1 },
    {
      name: 'replicaState',
      type: 'ReplicaState',
      versions: '15+',
      taggedVersions: '15+',
      tag: 1,
      fields: [
        { name: 'replicaId', type: 'int32', versions: '15+', default: -1 },
        { name: 'replicaEpoch', type: 'int64', versions: '15+', default: -1 },
      ],
    },
    { name: 'maxWaitMs', type: 'int32', versions: '0+' },
    { name: 'minBytes', type: 'int32', versions: '0+' },
    { name: 'maxBytes', type: 'int32', versions: '3+', default: 0x7fffffff, ignorable: true },
    { name: 'isolationLevel', type: 'int8', versions: '4+', default: 0, ignorable: true },
    { name: 'sessionId', type: 'int32', versions: '7+', default: 0, ignorable: true },
    { name: 'sessionEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
    {
      name: 'topics',
      type: '[]FetchTopic',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0-12', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'partitions',
          type: '[]FetchPartition',
          versions: '0+',
          fields: [
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
            { name: 'fetchOffset', type: 'int64', versions: '0+' },
            { name: 'lastFetchedEpoch', type: 'int32', versions: '12+', default: -1 },
            { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
            { name: 'partitionMaxBytes', type: 'int32', versions: '0+' },
            {
              name: 'replicaDirectoryId',
              type: 'uuid',
              versions: '17+',
              taggedVersions: '17+',
              tag: 0,
              ignorable: true,
            },
          ],
        },
      ],
    },
    {
      name: 'forgottenTopicsData',
      type: '[]ForgottenTopic',
      versions: '7+',
      fields: [
        { name: 'topic', type: 'string', versions: '7-12', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
        { name: 'partitions', type: '[]int32', versions: '7+' },
      ],
    },
    { name: 'rackId', type: 'string', versions: '11+', default: '', ignorable: true },
  ],
});
export type FetchRequest = Message<typeof fetchRequest>;
export type FetchRequestInput = MessageInput<typeof fetchRequest>;

export const fetchResponse = message({
  name: 'FetchResponse',
  apiKey: 1,
  type: 'response',
  validVersions: '0-17',
  flexibleVersions: '12+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '7+', ignorable: true },
    { name: 'sessionId', type: 'int32', versions: '7+', default: 0 },
    {
      name: 'responses',
      type: '[]FetchableTopicResponse',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0-12', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'highWatermark', type: 'int64', versions: '0+' },
            { name: 'lastStableOffset', type: 'int64', versions: '4+', default: -1, ignorable: true },
            { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
            {
              name: 'divergingEpoch',
              type: 'EpochEndOffset',
              versions: '12+',
              taggedVersions: '12+',
              tag: 0,
              fields: [
                { name: 'epoch', type: 'int32', versions: '12+', default: -1 },
                { name: 'endOffset', type: 'int64', versions: '12+', default: -1 },
              ],
            },
            {
              name: 'currentLeader',
              type: 'LeaderIdAndEpoch',
              versions: '12+',
              taggedVersions: '12+',
              tag: 1,
              fields: [
                { name: 'leaderId', type: 'int32', versions: '12+', default: -1 },
                { name: 'leaderEpoch', type: 'int32', versions: '12+', default: -1 },
              ],
            },
            {
              name: 'snapshotId',
              type: 'SnapshotId',
              versions: '12+',
              taggedVersions: '12+',
              tag: 2,
              fields: [
                { name: 'endOffset', type: 'int64', versions: '0+', default: -1 },
                { name: 'epoch', type: 'int32', versions: '0+', default: -1 },
              ],
            },
            {
              name: 'abortedTransactions',
              type: '[]AbortedTransaction',
              versions: '4+',
              nullableVersions: '4+',
              ignorable: true,
              fields: [
                { name: 'producerId', type: 'int64', versions: '4+' },
                { name: 'firstOffset', type: 'int64', versions: '4+' },
              ],
            },
            { name: 'preferredReadReplica', type: 'int32', versions: '11+', default: -1 },
            { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'nodeEndpoints',
      type: '[]NodeEndpoint',
      versions: '16+',
      taggedVersions: '16+',
      tag: 0,
      fields: [
        { name: 'nodeId', type: 'int32', versions: '16+' },
        { name: 'host', type: 'string', versions: '16+' },
        { name: 'port', type: 'int32', versions: '16+' },
        { name: 'rack', type: 'string', versions: '16+', nullableVersions: '16+', default: null },
      ],
    },
  ],
});
export type FetchResponse = Message<typeof fetchResponse>;
export type FetchResponseInput = MessageInput<typeof fetchResponse>;
