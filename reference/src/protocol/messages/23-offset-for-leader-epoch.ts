/**
 * OffsetForLeaderEpoch (API 키 23): "에포크 E는 당신 로그에서 어디서 끝나나요?" 리더에게 에포크의 끝 오프셋을 묻습니다.
 * 옛 팔로워가 잘라 낼 자리를 찾을 때(KIP-101, Fetch v12의 divergingEpoch 전), 그리고 컨슈머가 리더가 바뀐 뒤 자기
 * 위치가 잘려 나가지 않았는지 확인할 때(KIP-320: librdkafka, Java 컨슈머) 보냅니다.
 *
 * 버전: v2에서 currentLeaderEpoch(펜싱), v3에서 replicaId, v4부터 유연한 버전. v0–1은 Kafka 4.0에서 빠졌습니다 (KIP-896).
 *
 * Kafka protocol guide, "OffsetForLeaderEpoch API (Key: 23)" — 가장 높은 버전의 BNF:
 *
 *     OffsetForLeaderEpoch Request (Version: 4) => replica_id [topics] _tagged_fields
 *       replica_id => INT32
 *       topics => topic [partitions] _tagged_fields
 *         topic => COMPACT_STRING
 *         partitions => partition current_leader_epoch leader_epoch _tagged_fields
 *           partition => INT32
 *           current_leader_epoch => INT32
 *           leader_epoch => INT32
 *
 *     OffsetForLeaderEpoch Response (Version: 4) => throttle_time_ms [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       topics => topic [partitions] _tagged_fields
 *         topic => COMPACT_STRING
 *         partitions => error_code partition leader_epoch end_offset _tagged_fields
 *           error_code => INT16
 *           partition => INT32
 *           leader_epoch => INT32
 *           end_offset => INT64
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const offsetForLeaderEpochRequest = message({
  name: 'OffsetForLeaderEpochRequest',
  apiKey: 23,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '3+', default: -2, ignorable: true },
    {
      name: 'topics',
      type: '[]OffsetForLeaderTopic',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]OffsetForLeaderPartition',
          versions: '0+',
          fields: [
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '2+', default: -1, ignorable: true },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
});
export type OffsetForLeaderEpochRequest = Message<typeof offsetForLeaderEpochRequest>;
export type OffsetForLeaderEpochRequestInput = MessageInput<typeof offsetForLeaderEpochRequest>;

export const offsetForLeaderEpochResponse = message({
  name: 'OffsetForLeaderEpochResponse',
  apiKey: 23,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: '[]OffsetForLeaderTopicResult',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]EpochEndOffset',
          versions: '0+',
          fields: [
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '1+', default: -1, ignorable: true },
            { name: 'endOffset', type: 'int64', versions: '0+', default: -1 },
          ],
        },
      ],
    },
  ],
});
export type OffsetForLeaderEpochResponse = Message<typeof offsetForLeaderEpochResponse>;
export type OffsetForLeaderEpochResponseInput = MessageInput<typeof offsetForLeaderEpochResponse>;
