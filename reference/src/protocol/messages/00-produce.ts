/**
 * Produce (API 키 0): 프로듀서가 파티션 리더에게 레코드 배치를 보냅니다.
 *
 * `records`는 레코드 배치 v2(record/batch-header.ts)를 이어 붙인 바이트입니다. 코덱은 이 바이트를
 * 파싱하지 않고 Buffer 조각으로 넘기며, 브로커가 검사(record/record-batch.ts의 `validateBatch`)한 뒤
 * 받은 그대로 로그에 붙입니다. `acks`는 0(응답 없음), 1(리더만 기록), -1(ISR 전부 기록)입니다.
 * acks=0이면 브로커는 응답을 보내지 않습니다.
 *
 * 버전: v3에서 transactionalId와 레코드 배치 v2, v8에서 recordErrors/errorMessage(KIP-467),
 * v9부터 유연한 버전, v10에서 currentLeader/nodeEndpoints 태그 필드(KIP-951).
 *
 * Kafka protocol guide, "Produce API (Key: 0)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     Produce Request (Version: 11) => transactional_id acks timeout_ms [topic_data] _tagged_fields
 *       transactional_id => COMPACT_NULLABLE_STRING
 *       acks => INT16
 *       timeout_ms => INT32
 *       topic_data => name [partition_data] _tagged_fields
 *         name => COMPACT_STRING
 *         partition_data => index records _tagged_fields
 *           index => INT32
 *           records => COMPACT_RECORDS
 *
 *     Produce Response (Version: 11) => [responses] throttle_time_ms _tagged_fields
 *       responses => name [partition_responses] _tagged_fields
 *         name => COMPACT_STRING
 *         partition_responses => index error_code base_offset log_append_time_ms log_start_offset [record_errors] error_message _tagged_fields
 *           index => INT32
 *           error_code => INT16
 *           base_offset => INT64
 *           log_append_time_ms => INT64
 *           log_start_offset => INT64
 *           record_errors => batch_index batch_index_error_message _tagged_fields
 *             batch_index => INT32
 *             batch_index_error_message => COMPACT_NULLABLE_STRING
 *           error_message => COMPACT_NULLABLE_STRING
 *           (tag 0) current_leader: LeaderIdAndEpoch
 *       throttle_time_ms => INT32
 *       (tag 0) node_endpoints: []NodeEndpoint
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const produceRequest = message({
  name: 'ProduceRequest',
  apiKey: 0,
  type: 'request',
  validVersions: '0-11',
  flexibleVersions: '9+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'acks', type: 'int16', versions: '0+' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'topicData',
      type: '[]TopicProduceData',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitionData',
          type: '[]PartitionProduceData',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type ProduceRequest = Message<typeof produceRequest>;
export type ProduceRequestInput = MessageInput<typeof produceRequest>;

export const produceResponse = message({
  name: 'ProduceResponse',
  apiKey: 0,
  type: 'response',
  validVersions: '0-11',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'responses',
      type: '[]TopicProduceResponse',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitionResponses',
          type: '[]PartitionProduceResponse',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'baseOffset', type: 'int64', versions: '0+' },
            { name: 'logAppendTimeMs', type: 'int64', versions: '2+', default: -1, ignorable: true },
            { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
            {
              name: 'recordErrors',
              type: '[]BatchIndexAndErrorMessage',
              versions: '8+',
              ignorable: true,
              fields: [
                { name: 'batchIndex', type: 'int32', versions: '8+' },
                {
                  name: 'batchIndexErrorMessage',
                  type: 'string',
                  versions: '8+',
                  nullableVersions: '8+',
                  default: null,
                },
              ],
            },
            {
              name: 'errorMessage',
              type: 'string',
              versions: '8+',
              nullableVersions: '8+',
              default: null,
              ignorable: true,
            },
            {
              name: 'currentLeader',
              type: 'LeaderIdAndEpoch',
              versions: '10+',
              taggedVersions: '10+',
              tag: 0,
              fields: [
                { name: 'leaderId', type: 'int32', versions: '10+', default: -1 },
                { name: 'leaderEpoch', type: 'int32', versions: '10+', default: -1 },
              ],
            },
          ],
        },
      ],
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', default: 0, ignorable: true },
    {
      name: 'nodeEndpoints',
      type: '[]NodeEndpoint',
      versions: '10+',
      taggedVersions: '10+',
      tag: 0,
      fields: [
        { name: 'nodeId', type: 'int32', versions: '10+' },
        { name: 'host', type: 'string', versions: '10+' },
        { name: 'port', type: 'int32', versions: '10+' },
        { name: 'rack', type: 'string', versions: '10+', nullableVersions: '10+', default: null },
      ],
    },
  ],
});
export type ProduceResponse = Message<typeof produceResponse>;
export type ProduceResponseInput = MessageInput<typeof produceResponse>;
