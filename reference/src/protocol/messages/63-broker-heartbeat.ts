/**
 * BrokerHeartbeat (API 키 63): 등록한 브로커가 주기적으로(`broker.heartbeat.interval.ms`, 기본 2초) 활성 컨트롤러에게
 * 살아 있다고 알리고, 자기가 적용한 메타데이터 오프셋과 바라는 것(펜싱을 원함, 종료를 원함)을 전합니다 (KIP-631).
 * 컨트롤러는 그에 따라 펜싱을 풀거나(메타데이터를 따라잡았을 때), 제어된 종료를 진행하고, 답에 지금의 상태를
 * 싣습니다. `broker.session.timeout.ms`(기본 9초) 동안 하트비트가 없으면 컨트롤러가 브로커를 펜싱합니다.
 *
 * 버전: v1에서 OfflineLogDirs(KIP-858, 태그 필드). 모든 버전이 유연한 버전입니다. 이 브로커는 스키마만 갖고 있고
 * 아직 답하지 않습니다 (판단은 `../../controller/replication-control-manager.ts`의 `processBrokerHeartbeat`).
 *
 * Kafka protocol guide, "BrokerHeartbeat API (Key: 63)":
 *
 *     BrokerHeartbeat Request (Version: 1) => broker_id broker_epoch current_metadata_offset want_fence want_shut_down
 *                                             _tagged_fields
 *       broker_id => INT32
 *       broker_epoch => INT64
 *       current_metadata_offset => INT64
 *       want_fence => BOOLEAN
 *       want_shut_down => BOOLEAN
 *       (tag 0) offline_log_dirs => []UUID
 *
 *     BrokerHeartbeat Response (Version: 1) => throttle_time_ms error_code is_caught_up is_fenced should_shut_down
 *                                              _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       is_caught_up => BOOLEAN
 *       is_fenced => BOOLEAN
 *       should_shut_down => BOOLEAN
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const brokerHeartbeatRequest = message({
  name: 'BrokerHeartbeatRequest',
  apiKey: 63,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
    { name: 'currentMetadataOffset', type: 'int64', versions: '0+' },
    { name: 'wantFence', type: 'bool', versions: '0+' },
    { name: 'wantShutDown', type: 'bool', versions: '0+' },
    { name: 'offlineLogDirs', type: '[]uuid', versions: '1+', taggedVersions: '1+', tag: 0 },
  ],
});
export type BrokerHeartbeatRequest = Message<typeof brokerHeartbeatRequest>;
export type BrokerHeartbeatRequestInput = MessageInput<typeof brokerHeartbeatRequest>;

export const brokerHeartbeatResponse = message({
  name: 'BrokerHeartbeatResponse',
  apiKey: 63,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'isCaughtUp', type: 'bool', versions: '0+', default: false },
    { name: 'isFenced', type: 'bool', versions: '0+', default: true },
    { name: 'shouldShutDown', type: 'bool', versions: '0+' },
  ],
});
export type BrokerHeartbeatResponse = Message<typeof brokerHeartbeatResponse>;
export type BrokerHeartbeatResponseInput = MessageInput<typeof brokerHeartbeatResponse>;
