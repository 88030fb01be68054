/**
 * DescribeGroups (API 키 15): 그룹의 상태(Stable, PreparingRebalance…), 프로토콜, 멤버와 배정을 보여 줍니다.
 * v5부터 유연한 버전.
 *
 * Kafka protocol guide, "DescribeGroups API (Key: 15)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     DescribeGroups Request (Version: 5) => [groups] include_authorized_operations _tagged_fields
 *       groups => COMPACT_STRING
 *       include_authorized_operations => BOOLEAN
 *
 *     DescribeGroups Response (Version: 5) => throttle_time_ms [groups] _tagged_fields
 *       throttle_time_ms => INT32
 *       groups => error_code group_id group_state protocol_type protocol_data [members] authorized_operations _tagged_fields
 *         error_code => INT16
 *         group_id => COMPACT_STRING
 *         group_state => COMPACT_STRING
 *         protocol_type => COMPACT_STRING
 *         protocol_data => COMPACT_STRING
 *         members => member_id group_instance_id client_id client_host member_metadata member_assignment _tagged_fields
 *           member_id => COMPACT_STRING
 *           group_instance_id => COMPACT_NULLABLE_STRING
 *           client_id => COMPACT_STRING
 *           client_host => COMPACT_STRING
 *           member_metadata => COMPACT_BYTES
 *           member_assignment => COMPACT_BYTES
 *         authorized_operations => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const describeGroupsRequest = message({
  name: 'DescribeGroupsRequest',
  apiKey: 15,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'groups', type: '[]string', versions: '0+' },
    { name: 'includeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
});
export type DescribeGroupsRequest = Message<typeof describeGroupsRequest>;
export type DescribeGroupsRequestInput = MessageInput<typeof describeGroupsRequest>;

export const describeGroupsResponse = message({
  name: 'DescribeGroupsResponse',
  apiKey: 15,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'groups',
      type: '[]DescribedGroup',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        { name: 'protocolData', type: 'string', versions: '0+' },
        {
          name: 'members',
          type: '[]DescribedGroupMember',
          versions: '0+',
          fields: [
            { name: 'memberId', type: 'string', versions: '0+' },
            {
              name: 'groupInstanceId',
              type: 'string',
              versions: '4+',
              nullableVersions: '4+',
              default: null,
              ignorable: true,
            },
            { name: 'clientId', type: 'string', versions: '0+' },
            { name: 'clientHost', type: 'string', versions: '0+' },
            { name: 'memberMetadata', type: 'bytes', versions: '0+' },
            { name: 'memberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
        { name: 'authorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
      ],
    },
  ],
});
export type DescribeGroupsResponse = Message<typeof describeGroupsResponse>;
export type DescribeGroupsResponseInput = MessageInput<typeof describeGroupsResponse>;
