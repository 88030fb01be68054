/**
 * DeleteTopics (API 키 20): 토픽을 지웁니다. v6부터 이름 또는 토픽 ID로 지정합니다 (`topics`).
 * v4부터 유연한 버전.
 *
 * Kafka protocol guide, "DeleteTopics API (Key: 20)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     DeleteTopics Request (Version: 6) => [topics] timeout_ms _tagged_fields
 *       topics => name topic_id _tagged_fields
 *         name => COMPACT_NULLABLE_STRING
 *         topic_id => UUID
 *       timeout_ms => INT32
 *
 *     DeleteTopics Response (Version: 6) => throttle_time_ms [responses] _tagged_fields
 *       throttle_time_ms => INT32
 *       responses => name topic_id error_code error_message _tagged_fields
 *         name => COMPACT_NULLABLE_STRING
 *         topic_id => UUID
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const deleteTopicsRequest = message({
  name: 'DeleteTopicsRequest',
  apiKey: 20,
  type: 'request',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'topics',
      type: '[]DeleteTopicState',
      versions: '6+',
      fields: [
        { name: 'name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
        { name: 'topicId', type: 'uuid', versions: '6+' },
      ],
    },
    { name: 'topicNames', type: '[]string', versions: '0-5', ignorable: true },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
});
export type DeleteTopicsRequest = Message<typeof deleteTopicsRequest>;
export type DeleteTopicsRequestInput = MessageInput<typeof deleteTopicsRequest>;

export const deleteTopicsResponse = message({
  name: 'DeleteTopicsResponse',
  apiKey: 20,
  type: 'response',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'responses',
      type: '[]DeletableTopicResult',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+', nullableVersions: '6+' },
        { name: 'topicId', type: 'uuid', versions: '6+', ignorable: true },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        {
          name: 'errorMessage',
          type: 'string',
          versions: '5+',
          nullableVersions: '5+',
          default: null,
          ignorable: true,
        },
      ],
    },
  ],
});
export type DeleteTopicsResponse = Message<typeof deleteTopicsResponse>;
export type DeleteTopicsResponseInput = MessageInput<typeof deleteTopicsResponse>;
