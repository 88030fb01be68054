/**
 * DeleteRecords (API 키 21): 파티션의 로그 시작 오프셋(log start offset)을 앞으로 옮겨, 그 앞의 레코드를
 * 읽을 수 없게 합니다 (`kafka-delete-records.sh`, kafkajs `admin.deleteTopicRecords`). `offset`이 -1이면 하이 워터마크까지.
 * 응답의 `lowWatermark`는 옮긴 뒤의 로그 시작 오프셋입니다. v1은 v0과 같고, v2부터 유연한 버전.
 *
 * Kafka protocol guide, "DeleteRecords API (Key: 21)" — 가장 높은 버전의 BNF:
 *
 *     DeleteRecords Request (Version: 2) => [topics] timeout_ms _tagged_fields
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index offset _tagged_fields
 *           partition_index => INT32
 *           offset => INT64
 *       timeout_ms => INT32
 *
 *     DeleteRecords Response (Version: 2) => throttle_time_ms [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index low_watermark error_code _tagged_fields
 *           partition_index => INT32
 *           low_watermark => INT64
 *           error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const deleteRecordsRequest = message({
  name: 'DeleteRecordsRequest',
  apiKey: 21,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'topics',
      type: '[]DeleteRecordsTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]DeleteRecordsPartition',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'offset', type: 'int64', versions: '0+' },
          ],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
});
export type DeleteRecordsRequest = Message<typeof deleteRecordsRequest>;
export type DeleteRecordsRequestInput = MessageInput<typeof deleteRecordsRequest>;

export const deleteRecordsResponse = message({
  name: 'DeleteRecordsResponse',
  apiKey: 21,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'topics',
      type: '[]DeleteRecordsTopicResult',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]DeleteRecordsPartitionResult',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'lowWatermark', type: 'int64', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type DeleteRecordsResponse = Message<typeof deleteRecordsResponse>;
export type DeleteRecordsResponseInput = MessageInput<typeof deleteRecordsResponse>;
