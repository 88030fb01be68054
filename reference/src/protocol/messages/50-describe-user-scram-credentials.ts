/**
 * DescribeUserScramCredentials (API 키 50): 사용자마다 어떤 SCRAM 방식의 자격 증명이 있고 반복 횟수가 얼마인지
 * 묻습니다 (`kafka-configs.sh --describe --entity-type users`). salt나 키는 답하지 않습니다. 버전은 0 하나이고
 * 처음부터 유연한 버전입니다.
 *
 * Kafka protocol guide, "DescribeUserScramCredentials API (Key: 50)":
 *
 *     DescribeUserScramCredentials Request (Version: 0) => [users] _tagged_fields
 *       users => name _tagged_fields
 *         name => COMPACT_STRING
 *
 *     DescribeUserScramCredentials Response (Version: 0) => throttle_time_ms error_code error_message [results] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       results => user error_code error_message [credential_infos] _tagged_fields
 *         user => COMPACT_STRING
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 *         credential_infos => mechanism iterations _tagged_fields
 *           mechanism => INT8
 *           iterations => INT32
 *
 * `users`는 null일 수 있습니다: null이나 빈 목록은 "모든 사용자"입니다.
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const describeUserScramCredentialsRequest = message({
  name: 'DescribeUserScramCredentialsRequest',
  apiKey: 50,
  type: 'request',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'users',
      type: '[]UserName',
      versions: '0+',
      nullableVersions: '0+',
      fields: [{ name: 'name', type: 'string', versions: '0+' }],
    },
  ],
});
export type DescribeUserScramCredentialsRequest = Message<typeof describeUserScramCredentialsRequest>;
export type DescribeUserScramCredentialsRequestInput = MessageInput<typeof describeUserScramCredentialsRequest>;

export const describeUserScramCredentialsResponse = message({
  name: 'DescribeUserScramCredentialsResponse',
  apiKey: 50,
  type: 'response',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'results',
      type: '[]DescribeUserScramCredentialsResult',
      versions: '0+',
      fields: [
        { name: 'user', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        {
          name: 'credentialInfos',
          type: '[]CredentialInfo',
          versions: '0+',
          fields: [
            { name: 'mechanism', type: 'int8', versions: '0+' },
            { name: 'iterations', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type DescribeUserScramCredentialsResponse = Message<typeof describeUserScramCredentialsResponse>;
export type DescribeUserScramCredentialsResponseInput = MessageInput<typeof describeUserScramCredentialsResponse>;
