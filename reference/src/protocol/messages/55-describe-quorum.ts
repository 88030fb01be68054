/**
 * DescribeQuorum (API 키 55): 쿼럼의 모습을 묻습니다 — 리더, 에포크, 하이 워터마크, 투표자와 관찰자마다 로그 끝
 * 오프셋과 마지막 Fetch 시각, 따라잡은 시각. `kafka-metadata-quorum.sh describe --status/--replication`이 이것을
 * 보냅니다. 리더만 답하고, 다른 노드는 NOT_LEADER_OR_FOLLOWER로 답합니다.
 *
 * 버전: v1에서 LastFetchTimestamp·LastCaughtUpTimestamp(KIP-836), v2에서 오류 메시지, 디렉터리 ID, 노드의
 * 리스너(KIP-853). 모든 버전이 유연한 버전입니다. 이 브로커는 아직 이 API에 답하지 않습니다.
 *
 * Kafka protocol guide, "DescribeQuorum API (Key: 55)":
 *
 *     DescribeQuorum Request (Version: 2) => [topics] _tagged_fields
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index _tagged_fields
 *           partition_index => INT32
 *
 *     DescribeQuorum Response (Version: 2) => error_code error_message [topics] [nodes] _tagged_fields
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index error_code error_message leader_id leader_epoch high_watermark
 *                       [current_voters] [observers] _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           error_message => COMPACT_NULLABLE_STRING
 *           leader_id => INT32
 *           leader_epoch => INT32
 *           high_watermark => INT64
 *           current_voters, observers => replica_id replica_directory_id log_end_offset last_fetch_timestamp
 *                                        last_caught_up_timestamp _tagged_fields
 *             replica_id => INT32
 *             replica_directory_id => UUID
 *             log_end_offset => INT64
 *             last_fetch_timestamp => INT64
 *             last_caught_up_timestamp => INT64
 *       nodes => node_id [listeners] _tagged_fields
 *         node_id => INT32
 *         listeners => name host port _tagged_fields
 *           name => COMPACT_STRING
 *           host => COMPACT_STRING
 *           port => UINT16
 */
import { type FieldSchema, type Message, type MessageInput, message } from '../schema.js';

export const describeQuorumRequest = message({
  name: 'DescribeQuorumRequest',
  apiKey: 55,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'topics',
      type: '[]TopicData',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [{ name: 'partitionIndex', type: 'int32', versions: '0+' }],
        },
      ],
    },
  ],
});
export type DescribeQuorumRequest = Message<typeof describeQuorumRequest>;
export type DescribeQuorumRequestInput = MessageInput<typeof describeQuorumRequest>;

/** Kafka 명세의 공용 구조체 `ReplicaState`: 투표자와 관찰자가 같은 모양입니다 */
const replicaState = [
  { name: 'replicaId', type: 'int32', versions: '0+' },
  { name: 'replicaDirectoryId', type: 'uuid', versions: '2+' },
  { name: 'logEndOffset', type: 'int64', versions: '0+' },
  { name: 'lastFetchTimestamp', type: 'int64', versions: '1+', ignorable: true, default: -1 },
  { name: 'lastCaughtUpTimestamp', type: 'int64', versions: '1+', ignorable: true, default: -1 },
] as const satisfies readonly FieldSchema[];

export const describeQuorumResponse = message({
  name: 'DescribeQuorumResponse',
  apiKey: 55,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '2+', nullableVersions: '2+', ignorable: true, default: null },
    {
      name: 'topics',
      type: '[]TopicData',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]PartitionData',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            {
              name: 'errorMessage',
              type: 'string',
              versions: '2+',
              nullableVersions: '2+',
              ignorable: true,
              default: null,
            },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'highWatermark', type: 'int64', versions: '0+' },
            { name: 'currentVoters', type: '[]ReplicaState', versions: '0+', fields: replicaState },
            { name: 'observers', type: '[]ReplicaState', versions: '0+', fields: replicaState },
          ],
        },
      ],
    },
    {
      name: 'nodes',
      type: '[]Node',
      versions: '2+',
      fields: [
        { name: 'nodeId', type: 'int32', versions: '2+' },
        {
          name: 'listeners',
          type: '[]Listener',
          versions: '2+',
          fields: [
            { name: 'name', type: 'string', versions: '2+' },
            { name: 'host', type: 'string', versions: '2+' },
            { name: 'port', type: 'uint16', versions: '2+' },
          ],
        },
      ],
    },
  ],
});
export type DescribeQuorumResponse = Message<typeof describeQuorumResponse>;
export type DescribeQuorumResponseInput = MessageInput<typeof describeQuorumResponse>;
