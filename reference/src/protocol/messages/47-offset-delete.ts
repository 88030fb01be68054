/**
 * OffsetDelete (API 키 47): 그룹이 더는 읽지 않는 파티션의 커밋된 오프셋을 지웁니다
 * (`kafka-consumer-groups.sh --delete-offsets`). 버전은 0 하나이고 유연한 버전이 없습니다.
 *
 * Kafka protocol guide, "OffsetDelete API (Key: 47)":
 *
 *     OffsetDelete Request (Version: 0) => group_id [topics]
 *       group_id => STRING
 *       topics => name [partitions]
 *         name => STRING
 *         partitions => partition_index
 *           partition_index => INT32
 *
 *     OffsetDelete Response (Version: 0) => error_code throttle_time_ms [topics]
 *       error_code => INT16
 *       throttle_time_ms => INT32
 *       topics => name [partitions]
 *         name => STRING
 *         partitions => partition_index error_code
 *           partition_index => INT32
 *           error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const offsetDeleteRequest = message({
  name: 'OffsetDeleteRequest',
  apiKey: 47,
  type: 'request',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    {
      name: 'topics',
      type: '[]OffsetDeleteRequestTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]OffsetDeleteRequestPartition',
          versions: '0+',
          fields: [{ name: 'partitionIndex', type: 'int32', versions: '0+' }],
        },
      ],
    },
  ],
});
export type OffsetDeleteRequest = Message<typeof offsetDeleteRequest>;
export type OffsetDeleteRequestInput = MessageInput<typeof offsetDeleteRequest>;

export const offsetDeleteResponse = message({
  name: 'OffsetDeleteResponse',
  apiKey: 47,
  type: 'response',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    {
      name: 'topics',
      type: '[]OffsetDeleteResponseTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]OffsetDeleteResponsePartition',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type OffsetDeleteResponse = Message<typeof offsetDeleteResponse>;
export type OffsetDeleteResponseInput = MessageInput<typeof offsetDeleteResponse>;
