/**
 * Metadata (API 키 3): 클러스터의 브로커 목록과, 토픽의 파티션마다 리더·복제본·ISR을 알려 줍니다.
 * 클라이언트는 이 응답으로 어느 브로커에 Produce/Fetch를 보낼지 정합니다.
 *
 * v1부터 `topics`가 null이면 "모든 토픽", 빈 배열이면 "토픽 없음"입니다 (v0에서는 빈 배열이 "모든 토픽").
 * kafkajs는 모든 토픽을 원할 때 null을 보냅니다. v4부터 `allowAutoTopicCreation`, v9부터 유연한 버전,
 * v10부터 토픽 ID.
 *
 * Kafka protocol guide, "Metadata API (Key: 3)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     Metadata Request (Version: 12) => [topics] allow_auto_topic_creation include_topic_authorized_operations _tagged_fields
 *       topics => topic_id name _tagged_fields
 *         topic_id => UUID
 *         name => COMPACT_NULLABLE_STRING
 *       allow_auto_topic_creation => BOOLEAN
 *       include_topic_authorized_operations => BOOLEAN
 *
 *     Metadata Response (Version: 12) => throttle_time_ms [brokers] cluster_id controller_id [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       brokers => node_id host port rack _tagged_fields
 *         node_id => INT32
 *         host => COMPACT_STRING
 *         port => INT32
 *         rack => COMPACT_NULLABLE_STRING
 *       cluster_id => COMPACT_NULLABLE_STRING
 *       controller_id => INT32
 *       topics => error_code name topic_id is_internal [partitions] topic_authorized_operations _tagged_fields
 *         error_code => INT16
 *         name => COMPACT_NULLABLE_STRING
 *         topic_id => UUID
 *         is_internal => BOOLEAN
 *         partitions => error_code partition_index leader_id leader_epoch [replica_nodes] [isr_nodes] [offline_replicas] _tagged_fields
 *           error_code => INT16
 *           partition_index => INT32
 *           leader_id => INT32
 *           leader_epoch => INT32
 *           replica_nodes => INT32
 *           isr_nodes => INT32
 *           offline_replicas => INT32
 *         topic_authorized_operations => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const metadataRequest = message({
  name: 'MetadataRequest',
  apiKey: 3,
  type: 'request',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'topics',
      type: '[]MetadataRequestTopic',
      versions: '0+',
      nullableVersions: '1+',
      fields: [
        { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
        { name: 'name', type: 'string', versions: '0+', nullableVersions: '10+' },
      ],
    },
    { name: 'allowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'includeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'includeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
});
export type MetadataRequest = Message<typeof metadataRequest>;
export type MetadataRequestInput = MessageInput<typeof metadataRequest>;

export const metadataResponse = message({
  name: 'MetadataResponse',
  apiKey: 3,
  type: 'response',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'brokers',
      type: '[]MetadataResponseBroker',
      versions: '0+',
      fields: [
        { name: 'nodeId', type: 'int32', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'port', type: 'int32', versions: '0+' },
        { name: 'rack', type: 'string', versions: '1+', nullableVersions: '1+', default: null, ignorable: true },
      ],
    },
    { name: 'clusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: null, ignorable: true },
    { name: 'controllerId', type: 'int32', versions: '1+', default: -1, ignorable: true },
    {
      name: 'topics',
      type: '[]MetadataResponseTopic',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'name', type: 'string', versions: '0+', nullableVersions: '12+' },
        { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
        { name: 'isInternal', type: 'bool', versions: '1+', default: false, ignorable: true },
        {
          name: 'partitions',
          type: '[]MetadataResponsePartition',
          versions: '0+',
          fields: [
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
            { name: 'replicaNodes', type: '[]int32', versions: '0+' },
            { name: 'isrNodes', type: '[]int32', versions: '0+' },
            { name: 'offlineReplicas', type: '[]int32', versions: '5+', ignorable: true },
          ],
        },
        { name: 'topicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648 },
      ],
    },
    { name: 'clusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648 },
  ],
});
export type MetadataResponse = Message<typeof metadataResponse>;
export type MetadataResponseInput = MessageInput<typeof metadataResponse>;
