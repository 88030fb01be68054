/**
 * Heartbeat (API 키 12): 멤버가 살아 있다고 코디네이터에 알립니다.
 * `session.timeout.ms` 동안 오지 않으면 멤버를 내보냅니다. 리밸런스 중이면 REBALANCE_IN_PROGRESS로 답해,
 * 컨슈머가 다시 JoinGroup하게 합니다. v4부터 유연한 버전.
 *
 * Kafka protocol guide, "Heartbeat API (Key: 12)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     Heartbeat Request (Version: 4) => group_id generation_id member_id group_instance_id _tagged_fields
 *       group_id => COMPACT_STRING
 *       generation_id => INT32
 *       member_id => COMPACT_STRING
 *       group_instance_id => COMPACT_NULLABLE_STRING
 *
 *     Heartbeat Response (Version: 4) => throttle_time_ms error_code _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const heartbeatRequest = message({
  name: 'HeartbeatRequest',
  apiKey: 12,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
});
export type HeartbeatRequest = Message<typeof heartbeatRequest>;
export type HeartbeatRequestInput = MessageInput<typeof heartbeatRequest>;

export const heartbeatResponse = message({
  name: 'HeartbeatResponse',
  apiKey: 12,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
});
export type HeartbeatResponse = Message<typeof heartbeatResponse>;
export type HeartbeatResponseInput = MessageInput<typeof heartbeatResponse>;
