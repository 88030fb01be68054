/**
 * WriteTxnMarkers (API 키 27): 트랜잭션 코디네이터가 트랜잭션의 파티션 리더에게 COMMIT/ABORT 마커를 쓰게 합니다.
 * 클라이언트가 아니라 브로커끼리 쓰는 API입니다 (명세의 `"listeners": ["broker"]`). 마커마다 코디네이터 에포크를
 * 실어, 파티션 리더가 자리에서 밀려난 옛 코디네이터의 마커를 알아보게 합니다. v1부터 유연한 버전.
 *
 * Kafka protocol guide, "WriteTxnMarkers API (Key: 27)" — 가장 높은 버전의 BNF:
 *
 *     WriteTxnMarkers Request (Version: 1) => [markers] _tagged_fields
 *       markers => producer_id producer_epoch transaction_result [topics] coordinator_epoch _tagged_fields
 *         producer_id => INT64
 *         producer_epoch => INT16
 *         transaction_result => BOOLEAN
 *         topics => name [partition_indexes] _tagged_fields
 *           name => COMPACT_STRING
 *           partition_indexes => INT32
 *         coordinator_epoch => INT32
 *
 *     WriteTxnMarkers Response (Version: 1) => [markers] _tagged_fields
 *       markers => producer_id [topics] _tagged_fields
 *         producer_id => INT64
 *         topics => name [partitions] _tagged_fields
 *           name => COMPACT_STRING
 *           partitions => partition_index error_code _tagged_fields
 *             partition_index => INT32
 *             error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const writeTxnMarkersRequest = message({
  name: 'WriteTxnMarkersRequest',
  apiKey: 27,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'markers',
      type: '[]WritableTxnMarker',
      versions: '0+',
      fields: [
        { name: 'producerId', type: 'int64', versions: '0+' },
        { name: 'producerEpoch', type: 'int16', versions: '0+' },
        { name: 'transactionResult', type: 'bool', versions: '0+' },
        {
          name: 'topics',
          type: '[]WritableTxnMarkerTopic',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            { name: 'partitionIndexes', type: '[]int32', versions: '0+' },
          ],
        },
        { name: 'coordinatorEpoch', type: 'int32', versions: '0+' },
      ],
    },
  ],
});
export type WriteTxnMarkersRequest = Message<typeof writeTxnMarkersRequest>;
export type WriteTxnMarkersRequestInput = MessageInput<typeof writeTxnMarkersRequest>;

export const writeTxnMarkersResponse = message({
  name: 'WriteTxnMarkersResponse',
  apiKey: 27,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'markers',
      type: '[]WritableTxnMarkerResult',
      versions: '0+',
      fields: [
        { name: 'producerId', type: 'int64', versions: '0+' },
        {
          name: 'topics',
          type: '[]WritableTxnMarkerTopicResult',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            {
              name: 'partitions',
              type: '[]WritableTxnMarkerPartitionResult',
              versions: '0+',
              fields: [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'errorCode', type: 'int16', versions: '0+' },
              ],
            },
          ],
        },
      ],
    },
  ],
});
export type WriteTxnMarkersResponse = Message<typeof writeTxnMarkersResponse>;
export type WriteTxnMarkersResponseInput = MessageInput<typeof writeTxnMarkersResponse>;
