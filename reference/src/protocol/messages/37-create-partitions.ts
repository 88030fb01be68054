/**
 * CreatePartitions (API 키 37): 토픽의 파티션 수를 늘립니다 (줄일 수는 없습니다). `count`는 늘린 뒤의 전체 개수입니다.
 * 같은 키가 다른 파티션으로 가게 되므로, 키 순서가 중요한 토픽에서는 조심해야 합니다. v2부터 유연한 버전.
 *
 * Kafka protocol guide, "CreatePartitions API (Key: 37)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     CreatePartitions Request (Version: 3) => [topics] timeout_ms validate_only _tagged_fields
 *       topics => name count [assignments] _tagged_fields
 *         name => COMPACT_STRING
 *         count => INT32
 *         assignments => [broker_ids] _tagged_fields
 *           broker_ids => INT32
 *       timeout_ms => INT32
 *       validate_only => BOOLEAN
 *
 *     CreatePartitions Response (Version: 3) => throttle_time_ms [results] _tagged_fields
 *       throttle_time_ms => INT32
 *       results => name error_code error_message _tagged_fields
 *         name => COMPACT_STRING
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const createPartitionsRequest = message({
  name: 'CreatePartitionsRequest',
  apiKey: 37,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'topics',
      type: '[]CreatePartitionsTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'count', type: 'int32', versions: '0+' },
        {
          name: 'assignments',
          type: '[]CreatePartitionsAssignment',
          versions: '0+',
          nullableVersions: '0+',
          fields: [{ name: 'brokerIds', type: '[]int32', versions: '0+' }],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    { name: 'validateOnly', type: 'bool', versions: '0+' },
  ],
});
export type CreatePartitionsRequest = Message<typeof createPartitionsRequest>;
export type CreatePartitionsRequestInput = MessageInput<typeof createPartitionsRequest>;

export const createPartitionsResponse = message({
  name: 'CreatePartitionsResponse',
  apiKey: 37,
  type: 'response',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]CreatePartitionsTopicResult',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      ],
    },
  ],
});
export type CreatePartitionsResponse = Message<typeof createPartitionsResponse>;
export type CreatePartitionsResponseInput = MessageInput<typeof createPartitionsResponse>;
