/**
 * DescribeConfigs (API 키 32): 토픽(resourceType 2) 또는 브로커(4)의 설정을 읽습니다.
 *
 * `configurationKeys`가 null이면 모든 설정입니다. v1부터 설정의 출처(`configSource`)와 동의어(synonyms),
 * v3부터 타입과 설명, v4부터 유연한 버전.
 *
 * Kafka protocol guide, "DescribeConfigs API (Key: 32)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     DescribeConfigs Request (Version: 4) => [resources] include_synonyms include_documentation _tagged_fields
 *       resources => resource_type resource_name [configuration_keys] _tagged_fields
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 *         configuration_keys => COMPACT_STRING
 *       include_synonyms => BOOLEAN
 *       include_documentation => BOOLEAN
 *
 *     DescribeConfigs Response (Version: 4) => throttle_time_ms [results] _tagged_fields
 *       throttle_time_ms => INT32
 *       results => error_code error_message resource_type resource_name [configs] _tagged_fields
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 *         configs => name value read_only config_source is_sensitive [synonyms] config_type documentation _tagged_fields
 *           name => COMPACT_STRING
 *           value => COMPACT_NULLABLE_STRING
 *           read_only => BOOLEAN
 *           config_source => INT8
 *           is_sensitive => BOOLEAN
 *           synonyms => name value source _tagged_fields
 *             name => COMPACT_STRING
 *             value => COMPACT_NULLABLE_STRING
 *             source => INT8
 *           config_type => INT8
 *           documentation => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const describeConfigsRequest = message({
  name: 'DescribeConfigsRequest',
  apiKey: 32,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'resources',
      type: '[]DescribeConfigsResource',
      versions: '0+',
      fields: [
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        { name: 'configurationKeys', type: '[]string', versions: '0+', nullableVersions: '0+' },
      ],
    },
    { name: 'includeSynonyms', type: 'bool', versions: '1+', default: false },
    { name: 'includeDocumentation', type: 'bool', versions: '3+', default: false },
  ],
});
export type DescribeConfigsRequest = Message<typeof describeConfigsRequest>;
export type DescribeConfigsRequestInput = MessageInput<typeof describeConfigsRequest>;

export const describeConfigsResponse = message({
  name: 'DescribeConfigsResponse',
  apiKey: 32,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]DescribeConfigsResult',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        {
          name: 'configs',
          type: '[]DescribeConfigsResourceResult',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
            { name: 'readOnly', type: 'bool', versions: '0+' },
            { name: 'isDefault', type: 'bool', versions: '0' },
            { name: 'configSource', type: 'int8', versions: '1+', default: -1, ignorable: true },
            { name: 'isSensitive', type: 'bool', versions: '0+' },
            {
              name: 'synonyms',
              type: '[]DescribeConfigsSynonym',
              versions: '1+',
              ignorable: true,
              fields: [
                { name: 'name', type: 'string', versions: '1+' },
                { name: 'value', type: 'string', versions: '1+', nullableVersions: '0+' },
                { name: 'source', type: 'int8', versions: '1+' },
              ],
            },
            { name: 'configType', type: 'int8', versions: '3+', default: 0, ignorable: true },
            { name: 'documentation', type: 'string', versions: '3+', nullableVersions: '0+', ignorable: true },
          ],
        },
      ],
    },
  ],
});
export type DescribeConfigsResponse = Message<typeof describeConfigsResponse>;
export type DescribeConfigsResponseInput = MessageInput<typeof describeConfigsResponse>;
