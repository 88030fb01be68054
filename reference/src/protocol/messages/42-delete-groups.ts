/**
 * DeleteGroups (API 키 42): 멤버가 없는 그룹과 그 커밋된 오프셋을 지웁니다. 멤버가 있으면 NON_EMPTY_GROUP.
 * v2부터 유연한 버전.
 *
 * Kafka protocol guide, "DeleteGroups API (Key: 42)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     DeleteGroups Request (Version: 2) => [groups_names] _tagged_fields
 *       groups_names => COMPACT_STRING
 *
 *     DeleteGroups Response (Version: 2) => throttle_time_ms [results] _tagged_fields
 *       throttle_time_ms => INT32
 *       results => group_id error_code _tagged_fields
 *         group_id => COMPACT_STRING
 *         error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const deleteGroupsRequest = message({
  name: 'DeleteGroupsRequest',
  apiKey: 42,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [{ name: 'groupsNames', type: '[]string', versions: '0+' }],
});
export type DeleteGroupsRequest = Message<typeof deleteGroupsRequest>;
export type DeleteGroupsRequestInput = MessageInput<typeof deleteGroupsRequest>;

export const deleteGroupsResponse = message({
  name: 'DeleteGroupsResponse',
  apiKey: 42,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]DeletableGroupResult',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
      ],
    },
  ],
});
export type DeleteGroupsResponse = Message<typeof deleteGroupsResponse>;
export type DeleteGroupsResponseInput = MessageInput<typeof deleteGroupsResponse>;
