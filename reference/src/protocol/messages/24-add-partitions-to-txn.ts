/**
 * AddPartitionsToTxn (API 키 24): 트랜잭션이 쓸 파티션을 코디네이터에 등록합니다.
 * 코디네이터는 커밋·중단 때 이 파티션들에 마커를 씁니다.
 *
 * v3까지는 클라이언트가 트랜잭션 하나를 보냅니다 (`v3AndBelow…` 필드). v4부터는 브로커끼리 쓰는 모양으로,
 * 여러 트랜잭션을 묶고(`transactions`) `verifyOnly`로 이미 등록됐는지만 확인할 수 있습니다 (KIP-890).
 * 응답도 v4부터 `resultsByTransaction`으로 바뀝니다. v3부터 유연한 버전.
 *
 * Kafka protocol guide, "AddPartitionsToTxn API (Key: 24)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     AddPartitionsToTxn Request (Version: 5) => [transactions] _tagged_fields
 *       transactions => transactional_id producer_id producer_epoch verify_only [topics] _tagged_fields
 *         transactional_id => COMPACT_STRING
 *         producer_id => INT64
 *         producer_epoch => INT16
 *         verify_only => BOOLEAN
 *         topics => name [partitions] _tagged_fields
 *           name => COMPACT_STRING
 *           partitions => INT32
 *
 *     AddPartitionsToTxn Response (Version: 5) => throttle_time_ms error_code [results_by_transaction] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       results_by_transaction => transactional_id [topic_results] _tagged_fields
 *         transactional_id => COMPACT_STRING
 *         topic_results => name [results_by_partition] _tagged_fields
 *           name => COMPACT_STRING
 *           results_by_partition => partition_index partition_error_code _tagged_fields
 *             partition_index => INT32
 *             partition_error_code => INT16
 */
import { type Message, type MessageInput, message } from '../schema.js';

/** Kafka 명세의 `commonStructs`: 요청의 v3 이하 모양과 v4+ 모양이 같은 토픽 구조체를 씁니다. */
const addPartitionsToTxnTopic = [
  { name: 'name', type: 'string', versions: '0+' },
  { name: 'partitions', type: '[]int32', versions: '0+' },
] as const;

export const addPartitionsToTxnRequest = message({
  name: 'AddPartitionsToTxnRequest',
  apiKey: 24,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    {
      name: 'transactions',
      type: '[]AddPartitionsToTxnTransaction',
      versions: '4+',
      fields: [
        { name: 'transactionalId', type: 'string', versions: '4+' },
        { name: 'producerId', type: 'int64', versions: '4+' },
        { name: 'producerEpoch', type: 'int16', versions: '4+' },
        { name: 'verifyOnly', type: 'bool', versions: '4+', default: false },
        { name: 'topics', type: '[]AddPartitionsToTxnTopic', versions: '4+', fields: addPartitionsToTxnTopic },
      ],
    },
    { name: 'v3AndBelowTransactionalId', type: 'string', versions: '0-3' },
    { name: 'v3AndBelowProducerId', type: 'int64', versions: '0-3' },
    { name: 'v3AndBelowProducerEpoch', type: 'int16', versions: '0-3' },
    { name: 'v3AndBelowTopics', type: '[]AddPartitionsToTxnTopic', versions: '0-3', fields: addPartitionsToTxnTopic },
  ],
});
export type AddPartitionsToTxnRequest = Message<typeof addPartitionsToTxnRequest>;
export type AddPartitionsToTxnRequestInput = MessageInput<typeof addPartitionsToTxnRequest>;

/** 응답의 `commonStructs`: v3 이하의 결과와 v4+의 트랜잭션별 결과가 같은 모양입니다. */
const addPartitionsToTxnPartitionResult = [
  { name: 'partitionIndex', type: 'int32', versions: '0+' },
  { name: 'partitionErrorCode', type: 'int16', versions: '0+' },
] as const;

const addPartitionsToTxnTopicResult = [
  { name: 'name', type: 'string', versions: '0+' },
  {
    name: 'resultsByPartition',
    type: '[]AddPartitionsToTxnPartitionResult',
    versions: '0+',
    fields: addPartitionsToTxnPartitionResult,
  },
] as const;

export const addPartitionsToTxnResponse = message({
  name: 'AddPartitionsToTxnResponse',
  apiKey: 24,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '4+', ignorable: true },
    {
      name: 'resultsByTransaction',
      type: '[]AddPartitionsToTxnResult',
      versions: '4+',
      fields: [
        { name: 'transactionalId', type: 'string', versions: '4+' },
        {
          name: 'topicResults',
          type: '[]AddPartitionsToTxnTopicResult',
          versions: '4+',
          fields: addPartitionsToTxnTopicResult,
        },
      ],
    },
    {
      name: 'resultsByTopicV3AndBelow',
      type: '[]AddPartitionsToTxnTopicResult',
      versions: '0-3',
      fields: addPartitionsToTxnTopicResult,
    },
  ],
});
export type AddPartitionsToTxnResponse = Message<typeof addPartitionsToTxnResponse>;
export type AddPartitionsToTxnResponseInput = MessageInput<typeof addPartitionsToTxnResponse>;
