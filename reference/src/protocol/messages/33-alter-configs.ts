/**
 * AlterConfigs (API 키 33): 자원(토픽 또는 브로커)의 동적 설정을 **통째로** 바꿉니다. 요청에 없는 설정은 지워집니다
 * (기본값으로 돌아감). 설정 하나만 바꾸려면 IncrementalAlterConfigs(44)를 씁니다 — Kafka도 이 API를 낡은 것으로 봅니다.
 * v1은 v0과 같고, v2부터 유연한 버전.
 *
 * Kafka protocol guide, "AlterConfigs API (Key: 33)" — 가장 높은 버전의 BNF:
 *
 *     AlterConfigs Request (Version: 2) => [resources] validate_only _tagged_fields
 *       resources => resource_type resource_name [configs] _tagged_fields
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 *         configs => name value _tagged_fields
 *           name => COMPACT_STRING
 *           value => COMPACT_NULLABLE_STRING
 *       validate_only => BOOLEAN
 *
 *     AlterConfigs Response (Version: 2) => throttle_time_ms [responses] _tagged_fields
 *       throttle_time_ms => INT32
 *       responses => error_code error_message resource_type resource_name _tagged_fields
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 *         resource_type => INT8
 *         resource_name => COMPACT_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const alterConfigsRequest = message({
  name: 'AlterConfigsRequest',
  apiKey: 33,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
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
            { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'validateOnly', type: 'bool', versions: '0+' },
  ],
});
export type AlterConfigsRequest = Message<typeof alterConfigsRequest>;
export type AlterConfigsRequestInput = MessageInput<typeof alterConfigsRequest>;

export const alterConfigsResponse = message({
  name: 'AlterConfigsResponse',
  apiKey: 33,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
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
export type AlterConfigsResponse = Message<typeof alterConfigsResponse>;
export type AlterConfigsResponseInput = MessageInput<typeof alterConfigsResponse>;
