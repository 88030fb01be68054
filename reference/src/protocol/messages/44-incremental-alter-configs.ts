/**
 * IncrementalAlterConfigs (API 키 44): 자원(토픽 또는 브로커)의 동적 설정을 **적힌 것만** 바꿉니다. 설정마다
 * 연산(configOperation)이 붙습니다: 0 SET, 1 DELETE(기본값으로), 2 APPEND, 3 SUBTRACT (APPEND와 SUBTRACT는
 * `cleanup.policy`처럼 목록(LIST) 타입에만). v1부터 유연한 버전.
 *
 * Kafka protocol guide, "IncrementalAlterConfigs API (Key: 44)" — 가장 높은 버전의 BNF:
 *
 *     IncrementalAlterConfigs Request (Version: 1) => [resources] validate_only _tagged_fields
 *       resources => resource_type resource_name [configs] _tagged_fields
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 *         configs => name config_operation value _tagged_fields
 *           name => COMPACT_STRING
 *           config_operation => INT8
 *           value => COMPACT_NULLABLE_STRING
 *       validate_only => BOOLEAN
 *
 *     IncrementalAlterConfigs Response (Version: 1) => throttle_time_ms [responses] _tagged_fields
 *       throttle_time_ms => INT32
 *       responses => error_code error_message resource_type resource_name _tagged_fields
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const incrementalAlterConfigsRequest = message({
  name: 'IncrementalAlterConfigsRequest',
  apiKey: 44,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'resources',
      type: '[]AlterConfigsResource',
      versions: '0+',
      fields: [
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
        {
          name: 'configs',
          type: '[]AlterableConfig',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            { name: 'configOperation', type: 'int8', versions: '0+' },
            { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'validateOnly', type: 'bool', versions: '0+' },
  ],
});
export type IncrementalAlterConfigsRequest = Message<typeof incrementalAlterConfigsRequest>;
export type IncrementalAlterConfigsRequestInput = MessageInput<typeof incrementalAlterConfigsRequest>;

export const incrementalAlterConfigsResponse = message({
  name: 'IncrementalAlterConfigsResponse',
  apiKey: 44,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'responses',
      type: '[]AlterConfigsResourceResponse',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'resourceType', type: 'int8', versions: '0+' },
        { name: 'resourceName', type: 'string', versions: '0+' },
      ],
    },
  ],
});
export type IncrementalAlterConfigsResponse = Message<typeof incrementalAlterConfigsResponse>;
export type IncrementalAlterConfigsResponseInput = MessageInput<typeof incrementalAlterConfigsResponse>;
