/**
 * InitProducerId (API 키 22): 프로듀서가 producer ID와 epoch를 받습니다. 멱등성(idempotence)과 트랜잭션의 시작입니다.
 *
 * `transactionalId`가 null이면 멱등 프로듀서용 ID를 새로 줍니다. 값이 있으면 트랜잭션 코디네이터가
 * 그 ID의 epoch를 올려, 같은 ID의 예전 프로듀서를 막습니다(fencing). v2부터 유연한 버전.
 *
 * Kafka protocol guide, "InitProducerId API (Key: 22)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     InitProducerId Request (Version: 5) => transactional_id transaction_timeout_ms producer_id producer_epoch _tagged_fields
 *       transactional_id => COMPACT_NULLABLE_STRING
 *       transaction_timeout_ms => INT32
 *       producer_id => INT64
 *       producer_epoch => INT16
 *
 *     InitProducerId Response (Version: 5) => throttle_time_ms error_code producer_id producer_epoch _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       producer_id => INT64
 *       producer_epoch => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const initProducerIdRequest = message({
  name: 'InitProducerIdRequest',
  apiKey: 22,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '3+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '3+', default: -1 },
  ],
});
export type InitProducerIdRequest = Message<typeof initProducerIdRequest>;
export type InitProducerIdRequestInput = MessageInput<typeof initProducerIdRequest>;

export const initProducerIdResponse = message({
  name: 'InitProducerIdResponse',
  apiKey: 22,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
  ],
});
export type InitProducerIdResponse = Message<typeof initProducerIdResponse>;
export type InitProducerIdResponseInput = MessageInput<typeof initProducerIdResponse>;
