/**
 * BrokerRegistration (API 키 62): 브로커가 켜질 때 활성 컨트롤러에게 "나는 이 ID의 브로커이고, 이번 프로세스의
 * 세대(incarnation) ID는 이것이며, 이 주소로 들을 수 있다"고 알립니다 (KIP-631). 컨트롤러는 RegisterBrokerRecord를
 * 메타데이터 로그에 적고, 그 레코드의 오프셋을 브로커 에포크로 돌려줍니다. 브로커끼리만 쓰는 요청으로, 컨트롤러
 * 리스너(`listeners: ["controller"]`)에서만 받습니다.
 *
 * 버전: v1에서 IsMigratingZkBroker, v2에서 LogDirs(KIP-858), v3에서 PreviousBrokerEpoch(KIP-966), v4는 MinSupportedVersion이
 * 0인 기능도 보냄(v0~v3에서는 빠짐). 모든 버전이 유연한 버전입니다. 이 브로커는 스키마만 갖고 있고 아직 답하지 않습니다
 * (판단은 `../../controller/cluster-control-manager.ts`, 시뮬레이터가 씁니다).
 *
 * Kafka protocol guide, "BrokerRegistration API (Key: 62)":
 *
 *     BrokerRegistration Request (Version: 4) => broker_id cluster_id incarnation_id [listeners] [features] rack
 *                                                is_migrating_zk_broker [log_dirs] previous_broker_epoch _tagged_fields
 *       broker_id => INT32
 *       cluster_id => COMPACT_STRING
 *       incarnation_id => UUID
 *       listeners => name host port security_protocol _tagged_fields
 *         name => COMPACT_STRING
 *         host => COMPACT_STRING
 *         port => UINT16
 *         security_protocol => INT16
 *       features => name min_supported_version max_supported_version _tagged_fields
 *         name => COMPACT_STRING
 *         min_supported_version => INT16
 *         max_supported_version => INT16
 *       rack => COMPACT_NULLABLE_STRING
 *       is_migrating_zk_broker => BOOLEAN
 *       log_dirs => UUID
 *       previous_broker_epoch => INT64
 *
 *     BrokerRegistration Response (Version: 4) => throttle_time_ms error_code broker_epoch _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       broker_epoch => INT64
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const brokerRegistrationRequest = message({
  name: 'BrokerRegistrationRequest',
  apiKey: 62,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'clusterId', type: 'string', versions: '0+' },
    { name: 'incarnationId', type: 'uuid', versions: '0+' },
    {
      name: 'listeners',
      type: '[]Listener',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'port', type: 'uint16', versions: '0+' },
        { name: 'securityProtocol', type: 'int16', versions: '0+' },
      ],
    },
    {
      name: 'features',
      type: '[]Feature',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'minSupportedVersion', type: 'int16', versions: '0+' },
        { name: 'maxSupportedVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'rack', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'isMigratingZkBroker', type: 'bool', versions: '1+', default: false },
    { name: 'logDirs', type: '[]uuid', versions: '2+', ignorable: true },
    { name: 'previousBrokerEpoch', type: 'int64', versions: '3+', default: -1, ignorable: true },
  ],
});
export type BrokerRegistrationRequest = Message<typeof brokerRegistrationRequest>;
export type BrokerRegistrationRequestInput = MessageInput<typeof brokerRegistrationRequest>;

export const brokerRegistrationResponse = message({
  name: 'BrokerRegistrationResponse',
  apiKey: 62,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
  ],
});
export type BrokerRegistrationResponse = Message<typeof brokerRegistrationResponse>;
export type BrokerRegistrationResponseInput = MessageInput<typeof brokerRegistrationResponse>;
