/**
 * OffsetCommit (API 키 8): 컨슈머 그룹이 파티션마다 "다음에 읽을 오프셋"을 그룹 코디네이터에 커밋합니다.
 * 코디네이터는 이것을 `__consumer_offsets` 토픽에 기록합니다.
 *
 * `generationIdOrMemberEpoch`와 `memberId`로 지금 세대(generation)의 멤버인지 확인합니다 (v1+).
 * v2~4의 `retentionTimeMs`는 v5에서 사라졌습니다 (브로커 설정으로만 정함). v8부터 유연한 버전.
 *
 * Kafka protocol guide, "OffsetCommit API (Key: 8)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     OffsetCommit Request (Version: 9) => group_id generation_id_or_member_epoch member_id group_instance_id [topics] _tagged_fields
 *       group_id => COMPACT_STRING
 *       generation_id_or_member_epoch => INT32
 *       member_id => COMPACT_STRING
 *       group_instance_id => COMPACT_NULLABLE_STRING
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index committed_offset committed_leader_epoch committed_metadata _tagged_fields
 *           partition_index => INT32
 *           committed_offset => INT64
 *           committed_leader_epoch => INT32
 *           committed_metadata => COMPACT_NULLABLE_STRING
 *
 *     OffsetCommit Response (Version: 9) => throttle_time_ms [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index error_code _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const offsetCommitRequest = message({
  name: 'OffsetCommitRequest',
  apiKey: 8,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationIdOrMemberEpoch', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'memberId', type: 'string', versions: '1+', ignorable: true },
    { name: 'groupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1, ignorable: true },
    {
      name: 'topics',
      type: '[]OffsetCommitRequestTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]OffsetCommitRequestPartition',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'committedOffset', type: 'int64', versions: '0+' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '6+', default: -1, ignorable: true },
            { name: 'commitTimestamp', type: 'int64', versions: '1', default: -1 },
            { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type OffsetCommitRequest = Message<typeof offsetCommitRequest>;
export type OffsetCommitRequestInput = MessageInput<typeof offsetCommitRequest>;

export const offsetCommitResponse = message({
  name: 'OffsetCommitResponse',
  apiKey: 8,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'topics',
      type: '[]OffsetCommitResponseTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]OffsetCommitResponsePartition',
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
export type OffsetCommitResponse = Message<typeof offsetCommitResponse>;
export type OffsetCommitResponseInput = MessageInput<typeof offsetCommitResponse>;
