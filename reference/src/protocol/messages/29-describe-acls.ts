/**
 * DescribeAcls (API 키 29): 필터에 맞는 ACL을 자원 패턴마다 묶어 돌려줍니다. v1부터 패턴 종류(LITERAL, PREFIXED,
 * 필터에서는 ANY·MATCH도), v2부터 유연한 버전.
 *
 * Kafka protocol guide, "DescribeAcls API (Key: 29)" — 가장 높은 버전의 BNF:
 *
 *     DescribeAcls Request (Version: 3) => resource_type_filter resource_name_filter pattern_type_filter
 *       principal_filter host_filter operation permission_type _tagged_fields
 *       resource_type_filter => INT8
 *       resource_name_filter => COMPACT_NULLABLE_STRING
 *       pattern_type_filter => INT8
 *       principal_filter => COMPACT_NULLABLE_STRING
 *       host_filter => COMPACT_NULLABLE_STRING
 *       operation => INT8
 *       permission_type => INT8
 *
 *     DescribeAcls Response (Version: 3) => throttle_time_ms error_code error_message [resources] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       resources => resource_type resource_name pattern_type [acls] _tagged_fields
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 *         pattern_type => INT8
 *         acls => principal host operation permission_type _tagged_fields
 *           principal => COMPACT_STRING
 *           host => COMPACT_STRING
 *           operation => INT8
 *           permission_type => INT8
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const describeAclsRequest = message({
  name: 'DescribeAclsRequest',
  apiKey: 29,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'resourceTypeFilter', type: 'int8', versions: '0+' },
    { name: 'resourceNameFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'patternTypeFilter', type: 'int8', versions: '1+', default: 3 },
    { name: 'principalFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'hostFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'operation', type: 'int8', versions: '0+' },
    { name: 'permissionType', type: 'int8', versions: '0+' },
  ],
});
export type DescribeAclsRequest = Message<typeof describeAclsRequest>;
export type DescribeAclsRequestInput = MessageInput<typeof describeAclsRequest>;

export const describeAclsResponse = message({
  name: 'DescribeAclsResponse',
  apiKey: 29,
  type: 'response',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'resources',
      type: '[]DescribeAclsResource',
      versions: '0+',
      fields: [
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        { name: 'patternType', type: 'int8', versions: '1+', default: 3 },
        {
          name: 'acls',
          type: '[]AclDescription',
          versions: '0+',
          fields: [
            { name: 'principal', type: 'string', versions: '0+' },
            { name: 'host', type: 'string', versions: '0+' },
            { name: 'operation', type: 'int8', versions: '0+' },
            { name: 'permissionType', type: 'int8', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type DescribeAclsResponse = Message<typeof describeAclsResponse>;
export type DescribeAclsResponseInput = MessageInput<typeof describeAclsResponse>;
