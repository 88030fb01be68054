/**
 * LeaveGroup (API 키 13): 멤버가 그룹을 떠납니다. 코디네이터는 바로 리밸런스를 시작합니다.
 * v3부터 여러 멤버를 한 번에 내보낼 수 있습니다 (`members`). v4부터 유연한 버전.
 *
 * Kafka protocol guide, "LeaveGroup API (Key: 13)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     LeaveGroup Request (Version: 5) => group_id [members] _tagged_fields
 *       group_id => COMPACT_STRING
 *       members => member_id group_instance_id reason _tagged_fields
 *         member_id => COMPACT_STRING
 *         group_instance_id => COMPACT_NULLABLE_STRING
 *         reason => COMPACT_NULLABLE_STRING
 *
 *     LeaveGroup Response (Version: 5) => throttle_time_ms error_code [members] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       members => member_id group_instance_id error_code _tagged_fields
 *         member_id => COMPACT_STRING
 *         group_instance_id => COMPACT_NULLABLE_STRING
 *         error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const leaveGroupRequest = message({
  name: 'LeaveGroupRequest',
  apiKey: 13,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0-2' },
    {
      name: 'members',
      type: '[]MemberIdentity',
      versions: '3+',
      fields: [
        { name: 'memberId', type: 'string', versions: '3+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
        { name: 'reason', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
      ],
    },
  ],
});
export type LeaveGroupRequest = Message<typeof leaveGroupRequest>;
export type LeaveGroupRequestInput = MessageInput<typeof leaveGroupRequest>;

export const leaveGroupResponse = message({
  name: 'LeaveGroupResponse',
  apiKey: 13,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'members',
      type: '[]MemberResponse',
      versions: '3+',
      fields: [
        { name: 'memberId', type: 'string', versions: '3+' },
        { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
        { name: 'errorCode', type: 'int16', versions: '3+' },
      ],
    },
  ],
});
export type LeaveGroupResponse = Message<typeof leaveGroupResponse>;
export type LeaveGroupResponseInput = MessageInput<typeof leaveGroupResponse>;
