/**
 * JoinGroup (API 키 11): 컨슈머가 그룹에 들어갑니다. 리밸런스의 첫 단계입니다.
 *
 * 코디네이터는 모든 멤버의 JoinGroup을 모은 뒤 한 멤버를 리더로 정해, 리더에게만 멤버 목록(`members`,
 * 각자의 구독 정보 `metadata`)을 보냅니다. 리더가 파티션을 나눠 SyncGroup으로 돌려줍니다.
 * v4부터 처음 들어오는 멤버는 MEMBER_ID_REQUIRED와 함께 memberId를 받아 다시 보냅니다.
 * v5에서 정적 멤버십 `groupInstanceId`(KIP-345), v6부터 유연한 버전.
 *
 * Kafka protocol guide, "JoinGroup API (Key: 11)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     JoinGroup Request (Version: 9) => group_id session_timeout_ms rebalance_timeout_ms member_id group_instance_id protocol_type [protocols] reason _tagged_fields
 *       group_id => COMPACT_STRING
 *       session_timeout_ms => INT32
 *       rebalance_timeout_ms => INT32
 *       member_id => COMPACT_STRING
 *       group_instance_id => COMPACT_NULLABLE_STRING
 *       protocol_type => COMPACT_STRING
 *       protocols => name metadata _tagged_fields
 *         name => COMPACT_STRING
 *         metadata => COMPACT_BYTES
 *       reason => COMPACT_NULLABLE_STRING
 *
 *     JoinGroup Response (Version: 9) => throttle_time_ms error_code generation_id protocol_type protocol_name leader skip_assignment member_id [members] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       generation_id => INT32
 *       protocol_type => COMPACT_NULLABLE_STRING
 *       protocol_name => COMPACT_NULLABLE_STRING
 *       leader => COMPACT_STRING
 *       skip_assignment => BOOLEAN
 *       member_id => COMPACT_STRING
 *       members => member_id group_instance_id metadata _tagged_fields
 *         member_id => COMPACT_STRING
 *         group_instance_id => COMPACT_NULLABLE_STRING
 *         metadata => COMPACT_BYTES
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const joinGroupRequest = message({
  name: 'JoinGroupRequest',
  apiKey: 11,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'sessionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'rebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'protocolType', type: 'string', versions: '0+' },
    {
      name: 'protocols',
      type: '[]JoinGroupRequestProtocol',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'metadata', type: 'bytes', versions: '0+' },
      ],
    },
    { name: 'reason', type: 'string', versions: '8+', nullableVersions: '8+', default: null, ignorable: true },
  ],
});
export type JoinGroupRequest = Message<typeof joinGroupRequest>;
export type JoinGroupRequestInput = MessageInput<typeof joinGroupRequest>;

export const joinGroupResponse = message({
  name: 'JoinGroupResponse',
  apiKey: 11,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+', default: -1 },
    { name: 'protocolType', type: 'string', versions: '7+', nullableVersions: '7+', default: null, ignorable: true },
    { name: 'protocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
    { name: 'leader', type: 'string', versions: '0+' },
    { name: 'skipAssignment', type: 'bool', versions: '9+', default: false },
    { name: 'memberId', type: 'string', versions: '0+' },
    {
      name: 'members',
      type: '[]JoinGroupResponseMember',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        {
          name: 'groupInstanceId',
          type: 'string',
          versions: '5+',
          nullableVersions: '5+',
          default: null,
          ignorable: true,
        },
        { name: 'metadata', type: 'bytes', versions: '0+' },
      ],
    },
  ],
});
export type JoinGroupResponse = Message<typeof joinGroupResponse>;
export type JoinGroupResponseInput = MessageInput<typeof joinGroupResponse>;
