/**
 * ListPartitionReassignments (API 키 46): 진행 중인 재배치를 봅니다 (KIP-455, `kafka-reassign-partitions.sh --verify`,
 * Admin `listPartitionReassignments`). 브로커는 활성 컨트롤러에게 넘기고, 컨트롤러는 커밋된 상태에서 재배치 중인
 * 파티션만 답합니다: 지금의 복제본(옛 것과 새 것의 합), 더해지는 복제본, 빠질 복제본. `topics`가 null이면 모든 토픽,
 * 재배치 중이 아니거나 없는 파티션은 답에 나오지 않습니다.
 *
 * 버전은 v0 하나이고 처음부터 유연한 버전입니다.
 *
 * Kafka protocol guide, "ListPartitionReassignments API (Key: 46)":
 *
 *     ListPartitionReassignments Request (Version: 0) => timeout_ms [topics] _tagged_fields
 *       timeout_ms => INT32
 *       topics => name [partition_indexes] _tagged_fields   (COMPACT_NULLABLE_ARRAY)
 *         name => COMPACT_STRING
 *         partition_indexes => INT32
 *
 *     ListPartitionReassignments Response (Version: 0) => throttle_time_ms error_code error_message [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index [replicas] [adding_replicas] [removing_replicas] _tagged_fields
 *           partition_index => INT32
 *           replicas => INT32
 *           adding_replicas => INT32
 *           removing_replicas => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const listPartitionReassignmentsRequest = message({
  name: 'ListPartitionReassignmentsRequest',
  apiKey: 46,
  type: 'request',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
    {
      name: 'topics',
      type: '[]ListPartitionReassignmentsTopics',
      versions: '0+',
      nullableVersions: '0+',
      default: null,
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'partitionIndexes', type: '[]int32', versions: '0+' },
      ],
    },
  ],
});
export type ListPartitionReassignmentsRequest = Message<typeof listPartitionReassignmentsRequest>;
export type ListPartitionReassignmentsRequestInput = MessageInput<typeof listPartitionReassignmentsRequest>;

export const listPartitionReassignmentsResponse = message({
  name: 'ListPartitionReassignmentsResponse',
  apiKey: 46,
  type: 'response',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'topics',
      type: '[]OngoingTopicReassignment',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]OngoingPartitionReassignment',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'replicas', type: '[]int32', versions: '0+' },
            { name: 'addingReplicas', type: '[]int32', versions: '0+' },
            { name: 'removingReplicas', type: '[]int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type ListPartitionReassignmentsResponse = Message<typeof listPartitionReassignmentsResponse>;
export type ListPartitionReassignmentsResponseInput = MessageInput<typeof listPartitionReassignmentsResponse>;
