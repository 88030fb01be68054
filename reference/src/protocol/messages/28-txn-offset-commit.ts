/**
 * TxnOffsetCommit (API 키 28): 트랜잭션 안에서 오프셋을 커밋합니다. 그룹 코디네이터는 트랜잭션이
 * 커밋될 때까지 이 오프셋을 보류합니다. v3에서 그룹 멤버 정보(KIP-447), v3부터 유연한 버전.
 *
 * Kafka protocol guide, "TxnOffsetCommit API (Key: 28)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     TxnOffsetCommit Request (Version: 4) => transactional_id group_id producer_id producer_epoch generation_id member_id group_instance_id [topics] _tagged_fields
 *       transactional_id => COMPACT_STRING
 *       group_id => COMPACT_STRING
 *       producer_id => INT64
 *       producer_epoch => INT16
 *       generation_id => INT32
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
 *     TxnOffsetCommit Response (Version: 4) => throttle_time_ms [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index error_code _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const txnOffsetCommitRequest = message({
  name: 'TxnOffsetCommitRequest',
  apiKey: 28,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '3+', default: -1 },
    { name: 'memberId', type: 'string', versions: '3+', default: '' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    {
      name: 'topics',
      type: '[]TxnOffsetCommitRequestTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]TxnOffsetCommitRequestPartition',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'committedOffset', type: 'int64', versions: '0+' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '2+', default: -1, ignorable: true },
            { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type TxnOffsetCommitRequest = Message<typeof txnOffsetCommitRequest>;
export type TxnOffsetCommitRequestInput = MessageInput<typeof txnOffsetCommitRequest>;

export const txnOffsetCommitResponse = message({
  name: 'TxnOffsetCommitResponse',
  apiKey: 28,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'topics',
      type: '[]TxnOffsetCommitResponseTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]TxnOffsetCommitResponsePartition',
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
export type TxnOffsetCommitResponse = Message<typeof txnOffsetCommitResponse>;
export type TxnOffsetCommitResponseInput = MessageInput<typeof txnOffsetCommitResponse>;
