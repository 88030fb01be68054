/**
 * CreateTopics (API 키 19): 토픽을 만듭니다. 컨트롤러가 처리합니다.
 *
 * `numPartitions`와 `replicationFactor`가 -1이면 브로커 기본값을 씁니다 (v4+, KIP-464). `assignments`를
 * 주면 파티션마다 복제본 브로커를 직접 정합니다. v1의 `validateOnly`는 만들지 않고 검사만 합니다.
 * v5부터 유연한 버전이며 응답에 토픽 설정이 들어가고, v7부터 토픽 ID가 들어갑니다.
 *
 * Kafka protocol guide, "CreateTopics API (Key: 19)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     CreateTopics Request (Version: 7) => [topics] timeout_ms validate_only _tagged_fields
 *       topics => name num_partitions replication_factor [assignments] [configs] _tagged_fields
 *         name => COMPACT_STRING
 *         num_partitions => INT32
 *         replication_factor => INT16
 *         assignments => partition_index [broker_ids] _tagged_fields
 *           partition_index => INT32
 *           broker_ids => INT32
 *         configs => name value _tagged_fields
 *           name => COMPACT_STRING
 *           value => COMPACT_NULLABLE_STRING
 *       timeout_ms => INT32
 *       validate_only => BOOLEAN
 *
 *     CreateTopics Response (Version: 7) => throttle_time_ms [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       topics => name topic_id error_code error_message num_partitions replication_factor [configs] _tagged_fields
 *         name => COMPACT_STRING
 *         topic_id => UUID
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 *         num_partitions => INT32
 *         replication_factor => INT16
 *         configs => name value read_only config_source is_sensitive _tagged_fields
 *           name => COMPACT_STRING
 *           value => COMPACT_NULLABLE_STRING
 *           read_only => BOOLEAN
 *           config_source => INT8
 *           is_sensitive => BOOLEAN
 *         (tag 0) topic_config_error_code: int16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const createTopicsRequest = message({
  name: 'CreateTopicsRequest',
  apiKey: 19,
  type: 'request',
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    {
      name: 'topics',
      type: '[]CreatableTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'numPartitions', type: 'int32', versions: '0+' },
        { name: 'replicationFactor', type: 'int16', versions: '0+' },
        {
          name: 'assignments',
          type: '[]CreatableReplicaAssignment',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'brokerIds', type: '[]int32', versions: '0+' },
          ],
        },
        {
          name: 'configs',
          type: '[]CreatableTopicConfig',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
    { name: 'validateOnly', type: 'bool', versions: '1+', default: false },
  ],
});
export type CreateTopicsRequest = Message<typeof createTopicsRequest>;
export type CreateTopicsRequestInput = MessageInput<typeof createTopicsRequest>;

export const createTopicsResponse = message({
  name: 'CreateTopicsResponse',
  apiKey: 19,
  type: 'response',
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: '[]CreatableTopicResult',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'topicId', type: 'uuid', versions: '7+', ignorable: true },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '1+', nullableVersions: '0+', ignorable: true },
        { name: 'topicConfigErrorCode', type: 'int16', versions: '5+', taggedVersions: '5+', tag: 0, ignorable: true },
        { name: 'numPartitions', type: 'int32', versions: '5+', default: -1, ignorable: true },
        { name: 'replicationFactor', type: 'int16', versions: '5+', default: -1, ignorable: true },
        {
          name: 'configs',
          type: '[]CreatableTopicConfigs',
          versions: '5+',
          nullableVersions: '5+',
          ignorable: true,
          fields: [
            { name: 'name', type: 'string', versions: '5+' },
            { name: 'value', type: 'string', versions: '5+', nullableVersions: '5+' },
            { name: 'readOnly', type: 'bool', versions: '5+' },
            { name: 'configSource', type: 'int8', versions: '5+', default: -1, ignorable: true },
            { name: 'isSensitive', type: 'bool', versions: '5+' },
          ],
        },
      ],
    },
  ],
});
export type CreateTopicsResponse = Message<typeof createTopicsResponse>;
export type CreateTopicsResponseInput = MessageInput<typeof createTopicsResponse>;
