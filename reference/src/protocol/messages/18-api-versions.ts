/**
 * ApiVersions (API 키 18): 클라이언트가 연결하자마자 보내, 브로커가 API마다 지원하는 버전 범위를 묻습니다.
 *
 * 응답은 버전과 관계없이 항상 응답 헤더 v0으로 보냅니다 (태그 필드가 없는 헤더). 클라이언트는 아직
 * 브로커가 어떤 헤더를 쓰는지 모르기 때문입니다. 브로커가 모르는 버전으로 물으면 v0 모양으로
 * UNSUPPORTED_VERSION(35)과 ApiVersions 자신의 범위를 답합니다 (KIP-511). v3부터 유연한 버전.
 *
 * Kafka protocol guide, "ApiVersions API (Key: 18)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     ApiVersions Request (Version: 4) => client_software_name client_software_version _tagged_fields
 *       client_software_name => COMPACT_STRING
 *       client_software_version => COMPACT_STRING
 *
 *     ApiVersions Response (Version: 4) => error_code [api_keys] throttle_time_ms _tagged_fields
 *       error_code => INT16
 *       api_keys => api_key min_version max_version _tagged_fields
 *         api_key => INT16
 *         min_version => INT16
 *         max_version => INT16
 *       throttle_time_ms => INT32
 *       (tag 0) supported_features: []SupportedFeatureKey
 *       (tag 1) finalized_features_epoch: int64
 *       (tag 2) finalized_features: []FinalizedFeatureKey
 *       (tag 3) zk_migration_ready: bool
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const apiVersionsRequest = message({
  name: 'ApiVersionsRequest',
  apiKey: 18,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'clientSoftwareName', type: 'string', versions: '3+', ignorable: true },
    { name: 'clientSoftwareVersion', type: 'string', versions: '3+', ignorable: true },
  ],
});
export type ApiVersionsRequest = Message<typeof apiVersionsRequest>;
export type ApiVersionsRequestInput = MessageInput<typeof apiVersionsRequest>;

export const apiVersionsResponse = message({
  name: 'ApiVersionsResponse',
  apiKey: 18,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'apiKeys',
      type: '[]ApiVersion',
      versions: '0+',
      fields: [
        { name: 'apiKey', type: 'int16', versions: '0+' },
        { name: 'minVersion', type: 'int16', versions: '0+' },
        { name: 'maxVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'supportedFeatures',
      type: '[]SupportedFeatureKey',
      versions: '3+',
      taggedVersions: '3+',
      tag: 0,
      ignorable: true,
      fields: [
        { name: 'name', type: 'string', versions: '3+' },
        { name: 'minVersion', type: 'int16', versions: '3+' },
        { name: 'maxVersion', type: 'int16', versions: '3+' },
      ],
    },
    {
      name: 'finalizedFeaturesEpoch',
      type: 'int64',
      versions: '3+',
      taggedVersions: '3+',
      tag: 1,
      default: -1,
      ignorable: true,
    },
    {
      name: 'finalizedFeatures',
      type: '[]FinalizedFeatureKey',
      versions: '3+',
      taggedVersions: '3+',
      tag: 2,
      ignorable: true,
      fields: [
        { name: 'name', type: 'string', versions: '3+' },
        { name: 'maxVersionLevel', type: 'int16', versions: '3+' },
        { name: 'minVersionLevel', type: 'int16', versions: '3+' },
      ],
    },
    {
      name: 'zkMigrationReady',
      type: 'bool',
      versions: '3+',
      taggedVersions: '3+',
      tag: 3,
      default: false,
      ignorable: true,
    },
  ],
});
export type ApiVersionsResponse = Message<typeof apiVersionsResponse>;
export type ApiVersionsResponseInput = MessageInput<typeof apiVersionsResponse>;
