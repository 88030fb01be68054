/**
 * AddOffsetsToTxn (API 키 25): 트랜잭션 안에서 컨슈머 그룹의 오프셋도 커밋하겠다고 알립니다
 * (consume-transform-produce). 코디네이터는 그 그룹의 `__consumer_offsets` 파티션을 트랜잭션에 넣습니다.
 * v3부터 유연한 버전.
 *
 * Kafka protocol guide, "AddOffsetsToTxn API (Key: 25)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     AddOffsetsToTxn Request (Version: 4) => transactional_id producer_id producer_epoch group_id _tagged_fields
 *       transactional_id => COMPACT_STRING
 *       producer_id => INT64
 *       producer_epoch => INT16
 *       group_id => COMPACT_STRING
 *
 *     AddOffsetsToTxn Response (Version: 4) => throttle_time_ms error_code _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const addOffsetsToTxnRequest = message({
  name: 'AddOffsetsToTxnRequest',
  apiKey: 25,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'groupId', type: 'string', versions: '0+' },
  ],
});
export type AddOffsetsToTxnRequest = Message<typeof addOffsetsToTxnRequest>;
export type AddOffsetsToTxnRequestInput = MessageInput<typeof addOffsetsToTxnRequest>;

export const addOffsetsToTxnResponse = message({
  name: 'AddOffsetsToTxnResponse',
  apiKey: 25,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
});
export type AddOffsetsToTxnResponse = Message<typeof addOffsetsToTxnResponse>;
export type AddOffsetsToTxnResponseInput = MessageInput<typeof addOffsetsToTxnResponse>;
