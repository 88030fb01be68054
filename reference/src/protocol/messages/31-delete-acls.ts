/**
 * DeleteAcls (API 키 31): 필터마다 맞는 ACL을 지우고, 지운 것을 필터마다 돌려줍니다. v1부터 패턴 종류(필터에서는
 * ANY·MATCH도), v2부터 유연한 버전.
 *
 * Kafka protocol guide, "DeleteAcls API (Key: 31)" — 가장 높은 버전의 BNF:
 *
 *     DeleteAcls Request (Version: 3) => [filters] _tagged_fields
 *       filters => resource_type_filter resource_name_filter pattern_type_filter principal_filter host_filter
 *         operation permission_type _tagged_fields
 *         resource_type_filter => INT8
 *         resource_name_filter => COMPACT_NULLABLE_STRING
 *         pattern_type_filter => INT8
 *         principal_filter => COMPACT_NULLABLE_STRING
 *         host_filter => COMPACT_NULLABLE_STRING
 *         operation => INT8
 *         permission_type => INT8
 *
 *     DeleteAcls Response (Version: 3) => throttle_time_ms [filter_results] _tagged_fields
 *       throttle_time_ms => INT32
 *       filter_results => error_code error_message [matching_acls] _tagged_fields
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 *         matching_acls => error_code error_message resource_type resource_name pattern_type principal host
 *           operation permission_type _tagged_fields
 *           error_code => INT16
 *           error_message => COMPACT_NULLABLE_STRING
 *           resource_type => INT8
 *           resource_name => COMPACT_STRING
 *           pattern_type => INT8
 *           principal => COMPACT_STRING
 *           host => COMPACT_STRING
 *           operation => INT8
 *           permission_type => INT8
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const deleteAclsRequest = message({
  name: 'DeleteAclsRequest',
  apiKey: 31,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'filters',
      type: '[]DeleteAclsFilter',
      versions: '0+',
      fields: [
        { name: 'resourceTypeFilter', type: 'int8', versions: '0+' },
        { name: 'resourceNameFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'patternTypeFilter', type: 'int8', versions: '1+', default: 3 },
        { name: 'principalFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'hostFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'operation', type: 'int8', versions: '0+' },
        { name: 'permissionType', type: 'int8', versions: '0+' },
      ],
    },
  ],
});
export type DeleteAclsRequest = Message<typeof deleteAclsRequest>;
export type DeleteAclsRequestInput = MessageInput<typeof deleteAclsRequest>;

export const deleteAclsResponse = message({
  name: 'DeleteAclsResponse',
  apiKey: 31,
  type: 'response',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'filterResults',
      type: '[]DeleteAclsFilterResult',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        {
          name: 'matchingAcls',
          type: '[]DeleteAclsMatchingAcl',
          versions: '0+',
          fields: [
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
            { name: 'resourceType', type: 'int8', versions: '0+' },
            { name: 'resourceName', type: 'string', versions: '0+' },
            { name: 'patternType', type: 'int8', versions: '1+', default: 3 },
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
export type DeleteAclsResponse = Message<typeof deleteAclsResponse>;
export type DeleteAclsResponseInput = MessageInput<typeof deleteAclsResponse>;
