/**
 * EndQuorumEpoch (API 키 54): 우아하게 물러나는 리더가 투표자들에게 알립니다 (KIP-595). 후임 순서(로그를 가장 많이
 * 가져간 투표자부터)를 실어 보내, 받는 쪽이 그 순서에 맞춰 선거 시간 제한을 줄이게 합니다: 첫째는 곧바로, 그다음은
 * 지수적으로 늘어나는 기다림 뒤에 선거를 시작합니다.
 *
 * 버전: v1부터 유연한 버전, 후임 목록이 노드 ID(PreferredSuccessors)에서 (ID, 디렉터리 ID)(PreferredCandidates)로
 * 바뀌고 리더의 엔드포인트가 더해졌습니다 (KIP-853). 이 브로커는 아직 이 API에 답하지 않습니다.
 *
 * Kafka protocol guide, "EndQuorumEpoch API (Key: 54)":
 *
 *     EndQuorumEpoch Request (Version: 1) => cluster_id [topics] [leader_endpoints] _tagged_fields
 *       cluster_id => COMPACT_NULLABLE_STRING
 *       topics => topic_name [partitions] _tagged_fields
 *         topic_name => COMPACT_STRING
 *         partitions => partition_index leader_id leader_epoch [preferred_candidates] _tagged_fields
 *           partition_index => INT32
 *           leader_id => INT32
 *           leader_epoch => INT32
 *           preferred_candidates => candidate_id candidate_directory_id _tagged_fields
 *             candidate_id => INT32
 *             candidate_directory_id => UUID
 *       leader_endpoints => name host port _tagged_fields
 *         name => COMPACT_STRING
 *         host => COMPACT_STRING
 *         port => UINT16
 *
 *     EndQuorumEpoch Response (Version: 1) => error_code [topics] _tagged_fields
 *       (BeginQuorumEpoch 응답과 같은 모양; (tag 0) node_endpoints: []NodeEndpoint)
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const endQuorumEpochRequest = message({
  name: 'EndQuorumEpochRequest',
  apiKey: 54,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'clusterId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
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
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
            { name: 'preferredSuccessors', type: '[]int32', versions: '0', ignorable: true },
            {
              name: 'preferredCandidates',
              type: '[]ReplicaInfo',
              versions: '1+',
              ignorable: true,
              fields: [
                { name: 'candidateId', type: 'int32', versions: '1+' },
                { name: 'candidateDirectoryId', type: 'uuid', versions: '1+' },
              ],
            },
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
export type EndQuorumEpochRequest = Message<typeof endQuorumEpochRequest>;
export type EndQuorumEpochRequestInput = MessageInput<typeof endQuorumEpochRequest>;

export const endQuorumEpochResponse = message({
  name: 'EndQuorumEpochResponse',
  apiKey: 54,
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
export type EndQuorumEpochResponse = Message<typeof endQuorumEpochResponse>;
export type EndQuorumEpochResponseInput = MessageInput<typeof endQuorumEpochResponse>;
