/**
 * ElectLeaders (API 키 43): 관리자가 파티션의 리더를 다시 뽑게 합니다 (KIP-183, KIP-460). 클라이언트는 아무 브로커에나
 * 보내고, 브로커는 활성 컨트롤러에게 넘깁니다. 선거의 종류는 둘입니다:
 *
 *   - PREFERRED(0): 선호 리더(복제본 목록의 첫 번째)가 ISR에 있고 살아 있으면 그것을 리더로 (`kafka-leader-election.sh
 *     --election-type PREFERRED`). 리더가 한 브로커에 몰린 것을 처음의 고른 배치로 되돌립니다.
 *   - UNCLEAN(1): 리더가 없는 파티션에서, ISR 밖이라도 살아 있는 복제본을 리더로. 커밋된 레코드를 잃을 수 있습니다.
 *
 * `topicPartitions`가 null이면 모든 파티션입니다. 버전: v1에서 ElectionType과 맨 위 ErrorCode, v2부터 유연한 버전.
 *
 * Kafka protocol guide, "ElectLeaders API (Key: 43)":
 *
 *     ElectLeaders Request (Version: 2) => election_type [topic_partitions] timeout_ms _tagged_fields
 *       election_type => INT8
 *       topic_partitions => topic [partitions] _tagged_fields
 *         topic => COMPACT_STRING
 *         partitions => INT32
 *       timeout_ms => INT32
 *
 *     ElectLeaders Response (Version: 2) => throttle_time_ms error_code [replica_election_results] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       replica_election_results => topic [partition_result] _tagged_fields
 *         topic => COMPACT_STRING
 *         partition_result => partition_id error_code error_message _tagged_fields
 *           partition_id => INT32
 *           error_code => INT16
 *           error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const electLeadersRequest = message({
  name: 'ElectLeadersRequest',
  apiKey: 43,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'electionType', type: 'int8', versions: '1+' },
    {
      name: 'topicPartitions',
      type: '[]TopicPartitions',
      versions: '0+',
      nullableVersions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        { name: 'partitions', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
  ],
});
export type ElectLeadersRequest = Message<typeof electLeadersRequest>;
export type ElectLeadersRequestInput = MessageInput<typeof electLeadersRequest>;

export const electLeadersResponse = message({
  name: 'ElectLeadersResponse',
  apiKey: 43,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '1+', ignorable: false },
    {
      name: 'replicaElectionResults',
      type: '[]ReplicaElectionResult',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitionResult',
          type: '[]PartitionResult',
          versions: '0+',
          fields: [
            { name: 'partitionId', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type ElectLeadersResponse = Message<typeof electLeadersResponse>;
export type ElectLeadersResponseInput = MessageInput<typeof electLeadersResponse>;
