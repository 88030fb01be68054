/**
 * CreateAcls (API 키 30): ACL(자원 패턴 + 주체, 호스트, 작업, 허용/거부)을 만듭니다. 만들기마다 결과가 하나씩,
 * 요청의 순서대로 나갑니다. v1부터 패턴 종류(LITERAL=3, PREFIXED=4), v2부터 유연한 버전.
 *
 * Kafka protocol guide, "CreateAcls API (Key: 30)" — 가장 높은 버전의 BNF:
 *
 *     CreateAcls Request (Version: 3) => [creations] _tagged_fields
 *       creations => resource_type resource_name resource_pattern_type principal host operation permission_type _tagged_fields
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 *         resource_pattern_type => INT8
 *         principal => COMPACT_STRING
 *         host => COMPACT_STRING
 *         operation => INT8
 *         permission_type => INT8
 *
 *     CreateAcls Response (Version: 3) => throttle_time_ms [results] _tagged_fields
 *       throttle_time_ms => INT32
 *       results => error_code error_message _tagged_fields
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const createAclsRequest = message({
  name: 'CreateAclsRequest',
  apiKey: 30,
  type: 'request',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'creations',
      type: '[]AclCreation',
      versions: '0+',
      fields: [
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        { name: 'resourcePatternType', type: 'int8', versions: '1+', default: 3 },
        { name: 'principal', type: 'string', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'operation', type: 'int8', versions: '0+' },
        { name: 'permissionType', type: 'int8', versions: '0+' },
      ],
    },
  ],
});
export type CreateAclsRequest = Message<typeof createAclsRequest>;
export type CreateAclsRequestInput = MessageInput<typeof createAclsRequest>;

export const createAclsResponse = message({
  name: 'CreateAclsResponse',
  apiKey: 30,
  type: 'response',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]AclCreationResult',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      ],
    },
  ],
});
export type CreateAclsResponse = Message<typeof createAclsResponse>;
export type CreateAclsResponseInput = MessageInput<typeof createAclsResponse>;
