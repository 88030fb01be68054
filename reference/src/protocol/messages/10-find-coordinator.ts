/**
 * FindCoordinator (API 키 10): 그룹(keyType 0) 또는 트랜잭션 ID(keyType 1)를 맡은 코디네이터 브로커를 찾습니다.
 * 코디네이터는 `__consumer_offsets`(또는 `__transaction_state`) 중 키의 해시로 정해진 파티션의 리더입니다.
 *
 * v4부터 여러 키를 한 번에 묻습니다 (`coordinatorKeys`, 응답은 `coordinators`, KIP-699). v3부터 유연한 버전.
 *
 * Kafka protocol guide, "FindCoordinator API (Key: 10)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     FindCoordinator Request (Version: 6) => key_type [coordinator_keys] _tagged_fields
 *       key_type => INT8
 *       coordinator_keys => COMPACT_STRING
 *
 *     FindCoordinator Response (Version: 6) => throttle_time_ms [coordinators] _tagged_fields
 *       throttle_time_ms => INT32
 *       coordinators => key node_id host port error_code error_message _tagged_fields
 *         key => COMPACT_STRING
 *         node_id => INT32
 *         host => COMPACT_STRING
 *         port => INT32
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const findCoordinatorRequest = message({
  name: 'FindCoordinatorRequest',
  apiKey: 10,
  type: 'request',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'key', type: 'string', versions: '0-3' },
    { name: 'keyType', type: 'int8', versions: '1+', default: 0 },
    { name: 'coordinatorKeys', type: '[]string', versions: '4+' },
  ],
});
export type FindCoordinatorRequest = Message<typeof findCoordinatorRequest>;
export type FindCoordinatorRequestInput = MessageInput<typeof findCoordinatorRequest>;

export const findCoordinatorResponse = message({
  name: 'FindCoordinatorResponse',
  apiKey: 10,
  type: 'response',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0-3' },
    { name: 'errorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3', ignorable: true },
    { name: 'nodeId', type: 'int32', versions: '0-3' },
    { name: 'host', type: 'string', versions: '0-3' },
    { name: 'port', type: 'int32', versions: '0-3' },
    {
      name: 'coordinators',
      type: '[]Coordinator',
      versions: '4+',
      fields: [
        { name: 'key', type: 'string', versions: '4+' },
        { name: 'nodeId', type: 'int32', versions: '4+' },
        { name: 'host', type: 'string', versions: '4+' },
        { name: 'port', type: 'int32', versions: '4+' },
        { name: 'errorCode', type: 'int16', versions: '4+' },
        { name: 'errorMessage', type: 'string', versions: '4+', nullableVersions: '4+', ignorable: true },
      ],
    },
  ],
});
export type FindCoordinatorResponse = Message<typeof findCoordinatorResponse>;
export type FindCoordinatorResponseInput = MessageInput<typeof findCoordinatorResponse>;
