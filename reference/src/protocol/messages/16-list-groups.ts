/**
 * ListGroups (API 키 16): 브로커가 코디네이터를 맡은 그룹 목록. v4부터 상태로 거르기, v3부터 유연한 버전.
 *
 * Kafka protocol guide, "ListGroups API (Key: 16)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     ListGroups Request (Version: 5) => [states_filter] [types_filter] _tagged_fields
 *       states_filter => COMPACT_STRING
 *       types_filter => COMPACT_STRING
 *
 *     ListGroups Response (Version: 5) => throttle_time_ms error_code [groups] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       groups => group_id protocol_type group_state group_type _tagged_fields
 *         group_id => COMPACT_STRING
 *         protocol_type => COMPACT_STRING
 *         group_state => COMPACT_STRING
 *         group_type => COMPACT_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const listGroupsRequest = message({
  name: 'ListGroupsRequest',
  apiKey: 16,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'statesFilter', type: '[]string', versions: '4+' },
    { name: 'typesFilter', type: '[]string', versions: '5+' },
  ],
});
export type ListGroupsRequest = Message<typeof listGroupsRequest>;
export type ListGroupsRequestInput = MessageInput<typeof listGroupsRequest>;

export const listGroupsResponse = message({
  name: 'ListGroupsResponse',
  apiKey: 16,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'groups',
      type: '[]ListedGroup',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '4+', ignorable: true },
        { name: 'groupType', type: 'string', versions: '5+', ignorable: true },
      ],
    },
  ],
});
export type ListGroupsResponse = Message<typeof listGroupsResponse>;
export type ListGroupsResponseInput = MessageInput<typeof listGroupsResponse>;
