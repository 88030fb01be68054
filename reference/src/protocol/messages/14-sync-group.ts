/**
 * SyncGroup (API 키 14): 리밸런스의 두 번째 단계. 리더는 파티션 배정(`assignments`)을 보내고,
 * 모든 멤버는 응답으로 자기 몫(`assignment`)을 받습니다. 배정의 내용은 클라이언트끼리의 약속(consumer
 * 프로토콜)이라 브로커에게는 바이트일 뿐입니다. v4부터 유연한 버전.
 *
 * Kafka protocol guide, "SyncGroup API (Key: 14)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     SyncGroup Request (Version: 5) => group_id generation_id member_id group_instance_id protocol_type protocol_name [assignments] _tagged_fields
 *       group_id => COMPACT_STRING
 *       generation_id => INT32
 *       member_id => COMPACT_STRING
 *       group_instance_id => COMPACT_NULLABLE_STRING
 *       protocol_type => COMPACT_NULLABLE_STRING
 *       protocol_name => COMPACT_NULLABLE_STRING
 *       assignments => member_id assignment _tagged_fields
 *         member_id => COMPACT_STRING
 *         assignment => COMPACT_BYTES
 *
 *     SyncGroup Response (Version: 5) => throttle_time_ms error_code protocol_type protocol_name assignment _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       protocol_type => COMPACT_NULLABLE_STRING
 *       protocol_name => COMPACT_NULLABLE_STRING
 *       assignment => COMPACT_BYTES
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const syncGroupRequest = message({
  name: 'SyncGroupRequest',
  apiKey: 14,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'protocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
    { name: 'protocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
    {
      name: 'assignments',
      type: '[]SyncGroupRequestAssignment',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        { name: 'assignment', type: 'bytes', versions: '0+' },
      ],
    },
  ],
});
export type SyncGroupRequest = Message<typeof syncGroupRequest>;
export type SyncGroupRequestInput = MessageInput<typeof syncGroupRequest>;

export const syncGroupResponse = message({
  name: 'SyncGroupResponse',
  apiKey: 14,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'protocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
    { name: 'protocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
    { name: 'assignment', type: 'bytes', versions: '0+' },
  ],
});
export type SyncGroupResponse = Message<typeof syncGroupResponse>;
export type SyncGroupResponseInput = MessageInput<typeof syncGroupResponse>;
