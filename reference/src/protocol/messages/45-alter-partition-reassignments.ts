/**
 * AlterPartitionReassignments (API 키 45): 관리자가 파티션의 복제본을 다른 브로커로 옮깁니다 (KIP-455,
 * `kafka-reassign-partitions.sh --execute`, Admin `alterPartitionReassignments`). 클라이언트는 아무 브로커에나 보내고,
 * 브로커는 활성 컨트롤러에게 넘깁니다. 파티션마다 새 복제본 목록을 주거나, null을 주어 진행 중인 재배치를 취소합니다.
 * 답은 재배치를 "시작했다"는 뜻입니다: 새 복제본이 따라잡아 끝나는 것은 나중이고, ListPartitionReassignments(46)로 봅니다.
 *
 * 버전은 v0 하나이고 처음부터 유연한 버전입니다.
 *
 * Kafka protocol guide, "AlterPartitionReassignments API (Key: 45)":
 *
 *     AlterPartitionReassignments Request (Version: 0) => timeout_ms [topics] _tagged_fields
 *       timeout_ms => INT32
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index [replicas] _tagged_fields
 *           partition_index => INT32
 *           replicas => INT32   (COMPACT_NULLABLE_ARRAY)
 *
 *     AlterPartitionReassignments Response (Version: 0) => throttle_time_ms error_code error_message [responses] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       responses => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index error_code error_message _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const alterPartitionReassignmentsRequest = message({
  name: 'AlterPartitionReassignmentsRequest',
  apiKey: 45,
  type: 'request',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
    {
      name: 'topics',
      type: '[]ReassignableTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]ReassignablePartition',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            // null이면 이 파티션의 진행 중인 재배치를 취소합니다.
            { name: 'replicas', type: '[]int32', versions: '0+', nullableVersions: '0+', default: null },
          ],
        },
      ],
    },
  ],
});
export type AlterPartitionReassignmentsRequest = Message<typeof alterPartitionReassignmentsRequest>;
export type AlterPartitionReassignmentsRequestInput = MessageInput<typeof alterPartitionReassignmentsRequest>;

export const alterPartitionReassignmentsResponse = message({
  name: 'AlterPartitionReassignmentsResponse',
  apiKey: 45,
  type: 'response',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'responses',
      type: '[]ReassignableTopicResponse',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]ReassignablePartitionResponse',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type AlterPartitionReassignmentsResponse = Message<typeof alterPartitionReassignmentsResponse>;
export type AlterPartitionReassignmentsResponseInput = MessageInput<typeof alterPartitionReassignmentsResponse>;
