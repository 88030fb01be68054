/**
 * OffsetFetch (API 키 9): 그룹이 커밋해 둔 오프셋을 읽습니다. 컨슈머는 시작할 때 이것으로 읽을 위치를 정합니다.
 *
 * v2부터 `topics`가 null이면 그룹의 모든 파티션. v7의 `requireStable`은 커밋 중인 트랜잭션 오프셋이
 * 있으면 UNSTABLE_OFFSET_COMMIT으로 답하라는 뜻입니다. v8부터는 여러 그룹을 한 번에 묻는 모양(`groups`)으로
 * 바뀝니다. 커밋된 오프셋이 없으면 committedOffset -1입니다.
 *
 * Kafka protocol guide, "OffsetFetch API (Key: 9)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     OffsetFetch Request (Version: 9) => [groups] require_stable _tagged_fields
 *       groups => group_id member_id member_epoch [topics] _tagged_fields
 *         group_id => COMPACT_STRING
 *         member_id => COMPACT_NULLABLE_STRING
 *         member_epoch => INT32
 *         topics => name [partition_indexes] _tagged_fields
 *           name => COMPACT_STRING
 *           partition_indexes => INT32
 *       require_stable => BOOLEAN
 *
 *     OffsetFetch Response (Version: 9) => throttle_time_ms [groups] _tagged_fields
 *       throttle_time_ms => INT32
 *       groups => group_id [topics] error_code _tagged_fields
 *         group_id => COMPACT_STRING
 *         topics => name [partitions] _tagged_fields
 *           name => COMPACT_STRING
 *           partitions => partition_index committed_offset committed_leader_epoch metadata error_code _tagged_fields
 *             partition_index => INT32
 *             committed_offset => INT64
 *             committed_leader_epoch => INT32
 *             metadata => COMPACT_NULLABLE_STRING
 *             error_code => INT16
 *         error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const offsetFetchRequest = message({
  name: 'OffsetFetchRequest',
  apiKey: 9,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0-7' },
    {
      name: 'topics',
      type: '[]OffsetFetchRequestTopic',
      versions: '0-7',
      nullableVersions: '2-7',
      fields: [
        { name: 'name', type: 'string', versions: '0-7' },
        { name: 'partitionIndexes', type: '[]int32', versions: '0-7' },
      ],
    },
    {
      name: 'groups',
      type: '[]OffsetFetchRequestGroup',
      versions: '8+',
      fields: [
        { name: 'groupId', type: 'string', versions: '8+' },
        { name: 'memberId', type: 'string', versions: '9+', nullableVersions: '9+', default: null, ignorable: true },
        { name: 'memberEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
        {
          name: 'topics',
          type: '[]OffsetFetchRequestTopics',
          versions: '8+',
          nullableVersions: '8+',
          fields: [
            { name: 'name', type: 'string', versions: '8+' },
            { name: 'partitionIndexes', type: '[]int32', versions: '8+' },
          ],
        },
      ],
    },
    { name: 'requireStable', type: 'bool', versions: '7+', default: false },
  ],
});
export type OffsetFetchRequest = Message<typeof offsetFetchRequest>;
export type OffsetFetchRequestInput = MessageInput<typeof offsetFetchRequest>;

export const offsetFetchResponse = message({
  name: 'OffsetFetchResponse',
  apiKey: 9,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'topics',
      type: '[]OffsetFetchResponseTopic',
      versions: '0-7',
      fields: [
        { name: 'name', type: 'string', versions: '0-7' },
        {
          name: 'partitions',
          type: '[]OffsetFetchResponsePartition',
          versions: '0-7',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0-7' },
            { name: 'committedOffset', type: 'int64', versions: '0-7' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '5-7', default: -1, ignorable: true },
            { name: 'metadata', type: 'string', versions: '0-7', nullableVersions: '0-7' },
            { name: 'errorCode', type: 'int16', versions: '0-7' },
          ],
        },
      ],
    },
    { name: 'errorCode', type: 'int16', versions: '2-7', default: 0, ignorable: true },
    {
      name: 'groups',
      type: '[]OffsetFetchResponseGroup',
      versions: '8+',
      fields: [
        { name: 'groupId', type: 'string', versions: '8+' },
        {
          name: 'topics',
          type: '[]OffsetFetchResponseTopics',
          versions: '8+',
          fields: [
            { name: 'name', type: 'string', versions: '8+' },
            {
              name: 'partitions',
              type: '[]OffsetFetchResponsePartitions',
              versions: '8+',
              fields: [
                { name: 'partitionIndex', type: 'int32', versions: '8+' },
                { name: 'committedOffset', type: 'int64', versions: '8+' },
                { name: 'committedLeaderEpoch', type: 'int32', versions: '8+', default: -1, ignorable: true },
                { name: 'metadata', type: 'string', versions: '8+', nullableVersions: '8+' },
                { name: 'errorCode', type: 'int16', versions: '8+' },
              ],
            },
          ],
        },
        { name: 'errorCode', type: 'int16', versions: '8+', default: 0 },
      ],
    },
  ],
});
export type OffsetFetchResponse = Message<typeof offsetFetchResponse>;
export type OffsetFetchResponseInput = MessageInput<typeof offsetFetchResponse>;
