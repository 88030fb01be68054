/**
 * BeginQuorumEpoch (API 키 53): 새로 뽑힌 리더가 투표자들에게 "이 에포크의 리더는 나다"라고 알립니다 (KIP-595).
 * Raft 논문에는 없는 요청입니다: 논문의 리더는 빈 AppendEntries로 자기를 알리지만, KRaft는 팔로워가 리더에게서
 * 끌어오므로(Fetch) 리더가 누구인지 먼저 알려 줘야 합니다. 투표자가 답하거나 Fetch를 보낼 때까지 되풀이합니다.
 *
 * 버전: v1부터 유연한 버전, 받는 쪽의 VoterId·디렉터리 ID와 리더의 엔드포인트(KIP-853).
 * 이 브로커는 아직 이 API에 답하지 않습니다 (`raft/`의 상태 기계를 노드에 잇는 다음 단계에서 등록합니다).
 *
 * Kafka protocol guide, "BeginQuorumEpoch API (Key: 53)":
 *
 *     BeginQuorumEpoch Request (Version: 1) => cluster_id voter_id [topics] [leader_endpoints] _tagged_fields
 *       cluster_id => COMPACT_NULLABLE_STRING
 *       voter_id => INT32
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index voter_directory_id leader_id leader_epoch _tagged_fields
 *           partition_index => INT32
 *           voter_directory_id => UUID
 *           leader_id => INT32
 *           leader_epoch => INT32
 *       leader_endpoints => name host port _tagged_fields
 *         name => COMPACT_STRING
 *         host => COMPACT_STRING
 *         port => UINT16
 *
 *     BeginQuorumEpoch Response (Version: 1) => error_code [topics] _tagged_fields
 *       error_code => INT16
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index error_code leader_id leader_epoch _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           leader_id => INT32
 *           leader_epoch => INT32
 *       (tag 0) node_endpoints: []NodeEndpoint
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const beginQuorumEpochRequest = message({
  name: 'BeginQuorumEpochRequest',
  apiKey: 53,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '1+',
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
            { name: 'voterDirectoryId', type: 'uuid', versions: '1+', ignorable: true },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
    {
      name: 'leaderEndpoints',
      type: '[]LeaderEndpoint',
      versions: '1+',
      ignorable: true,
      fields: [
        { name: 'name', type: 'string', versions: '1+' },
        { name: 'host', type: 'string', versions: '1+' },
        { name: 'port', type: 'uint16', versions: '1+' },
      ],
    },
  ],
});
export type BeginQuorumEpochRequest = Message<typeof beginQuorumEpochRequest>;
export type BeginQuorumEpochRequestInput = MessageInput<typeof beginQuorumEpochRequest>;

export const beginQuorumEpochResponse = message({
  name: 'BeginQuorumEpochResponse',
  apiKey: 53,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '1+',
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
export type BeginQuorumEpochResponse = Message<typeof beginQuorumEpochResponse>;
export type BeginQuorumEpochResponseInput = MessageInput<typeof beginQuorumEpochResponse>;
