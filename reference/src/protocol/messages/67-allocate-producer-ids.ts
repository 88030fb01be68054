/**
 * AllocateProducerIds (API 키 67): 브로커가 활성 컨트롤러에게 프로듀서 ID 한 묶음을 달라고 합니다 (KIP-730). 묶음의
 * 크기는 컨트롤러가 정하고(1000개), 컨트롤러는 나눠 준 끝을 ProducerIdsRecord로 메타데이터 로그에 적습니다. 브로커끼리만
 * 쓰는 요청으로, 컨트롤러 리스너(`listeners: ["controller"]`)에서만 받습니다. 모든 버전이 유연한 버전입니다.
 *
 * Kafka protocol guide, "AllocateProducerIds API (Key: 67)":
 *
 *     AllocateProducerIds Request (Version: 0) => broker_id broker_epoch _tagged_fields
 *       broker_id => INT32
 *       broker_epoch => INT64
 *
 *     AllocateProducerIds Response (Version: 0) => throttle_time_ms error_code producer_id_start producer_id_len
 *                                                  _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       producer_id_start => INT64
 *       producer_id_len => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const allocateProducerIdsRequest = message({
  name: 'AllocateProducerIdsRequest',
  apiKey: 67,
  type: 'request',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'brokerId', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '0+', default: -1 },
  ],
});
export type AllocateProducerIdsRequest = Message<typeof allocateProducerIdsRequest>;

export const allocateProducerIdsResponse = message({
  name: 'AllocateProducerIdsResponse',
  apiKey: 67,
  type: 'response',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerIdStart', type: 'int64', versions: '0+' },
    { name: 'producerIdLen', type: 'int32', versions: '0+' },
  ],
});
export type AllocateProducerIdsResponse = Message<typeof allocateProducerIdsResponse>;
export type AllocateProducerIdsResponseInput = MessageInput<typeof allocateProducerIdsResponse>;
