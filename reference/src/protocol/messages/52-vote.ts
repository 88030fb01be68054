/**
 * Vote (API 키 52): KRaft 쿼럼의 선거 (KIP-595). 후보가 투표자들에게 "나를 이 에포크의 리더로 뽑아 달라"고
 * 묻습니다. 자기 로그의 마지막 에포크와 끝 오프셋을 실어 보내고, 받는 쪽은 그 로그가 자기 것만큼 최신일 때만,
 * 그리고 한 에포크에 한 번만 표를 줍니다. v2부터 사전 투표(PreVote, KIP-996): 에포크를 올리지 않은 채 "이길 수
 * 있겠느냐"만 묻습니다.
 *
 * 버전: v1에서 받는 쪽의 VoterId와 디렉터리 ID들(KIP-853), v2에서 PreVote와 candidate→replica 이름 바꿈(Kafka 4.0).
 * 모든 버전이 유연한 버전입니다. 이 브로커는 아직 이 API에 답하지 않습니다 (쿼럼의 상태 기계는 `raft/`에 있고,
 * 핸들러는 노드를 조립하는 다음 단계에서 등록합니다).
 *
 * Kafka protocol guide, "Vote API (Key: 52)":
 *
 *     Vote Request (Version: 2) => cluster_id voter_id [topics] _tagged_fields
 *       cluster_id => COMPACT_NULLABLE_STRING
 *       voter_id => INT32
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index replica_epoch replica_id replica_directory_id voter_directory_id
 *                       last_offset_epoch last_offset pre_vote _tagged_fields
 *           partition_index => INT32
 *           replica_epoch => INT32
 *           replica_id => INT32
 *           replica_directory_id => UUID
 *           voter_directory_id => UUID
 *           last_offset_epoch => INT32
 *           last_offset => INT64
 *           pre_vote => BOOLEAN
 *
 *     Vote Response (Version: 2) => error_code [topics] _tagged_fields
 *       error_code => INT16
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index error_code leader_id leader_epoch vote_granted _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           leader_id => INT32
 *           leader_epoch => INT32
 *           vote_granted => BOOLEAN
 *       (tag 0) node_endpoints: []NodeEndpoint
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const voteRequest = message({
  name: 'VoteRequest',
  apiKey: 52,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'clusterId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'voterId', type: 'int32', versions: '1+', ignorable: true, default: -1 },
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
            { name: 'replicaEpoch', type: 'int32', versions: '0+' },
            { name: 'replicaId', type: 'int32', versions: '0+' },
            { name: 'replicaDirectoryId', type: 'uuid', versions: '1+', ignorable: true },
            { name: 'voterDirectoryId', type: 'uuid', versions: '1+', ignorable: true },
            { name: 'lastOffsetEpoch', type: 'int32', versions: '0+' },
            { name: 'lastOffset', type: 'int64', versions: '0+' },
            { name: 'preVote', type: 'bool', versions: '2+' },
          ],
        },
      ],
    },
  ],
});
export type VoteRequest = Message<typeof voteRequest>;
export type VoteRequestInput = MessageInput<typeof voteRequest>;

export const voteResponse = message({
  name: 'VoteResponse',
  apiKey: 52,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
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
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'voteGranted', type: 'bool', versions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'nodeEndpoints',
      type: '[]NodeEndpoint',
      versions: '1+',
      taggedVersions: '1+',
      tag: 0,
      fields: [
        { name: 'nodeId', type: 'int32', versions: '1+' },
        { name: 'host', type: 'string', versions: '1+' },
        { name: 'port', type: 'uint16', versions: '1+' },
      ],
    },
  ],
});
export type VoteResponse = Message<typeof voteResponse>;
export type VoteResponseInput = MessageInput<typeof voteResponse>;
