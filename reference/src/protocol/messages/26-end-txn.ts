/**
 * EndTxn (API 키 26): 트랜잭션을 커밋(`committed` true)하거나 중단합니다. 코디네이터는 등록된 파티션마다
 * 컨트롤 레코드(COMMIT/ABORT 마커, record/control-record.ts)를 씁니다. v3부터 유연한 버전,
 * v5에서 응답에 새 producerId/epoch (KIP-890).
 *
 * Kafka protocol guide, "EndTxn API (Key: 26)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     EndTxn Request (Version: 5) => transactional_id producer_id producer_epoch committed _tagged_fields
 *       transactional_id => COMPACT_STRING
 *       producer_id => INT64
 *       producer_epoch => INT16
 *       committed => BOOLEAN
 *
 *     EndTxn Response (Version: 5) => throttle_time_ms error_code producer_id producer_epoch _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       producer_id => INT64
 *       producer_epoch => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const endTxnRequest = message({
  name: 'EndTxnRequest',
  apiKey: 26,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'committed', type: 'bool', versions: '0+' },
  ],
});
export type EndTxnRequest = Message<typeof endTxnRequest>;
export type EndTxnRequestInput = MessageInput<typeof endTxnRequest>;

export const endTxnResponse = message({
  name: 'EndTxnResponse',
  apiKey: 26,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '5+', default: -1, ignorable: true },
    { name: 'producerEpoch', type: 'int16', versions: '5+', default: -1, ignorable: true },
  ],
});
export type EndTxnResponse = Message<typeof endTxnResponse>;
export type EndTxnResponseInput = MessageInput<typeof endTxnResponse>;
