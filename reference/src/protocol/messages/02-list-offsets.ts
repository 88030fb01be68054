/**
 * ListOffsets (API 키 2): 타임스탬프로 오프셋을 찾습니다.
 *
 * 특별한 타임스탬프: -1은 최신(로그 끝 오프셋, read_committed면 LSO), -2는 가장 이른 오프셋(로그 시작),
 * -3은 가장 큰 타임스탬프의 레코드(v7+, KIP-734). 그 밖의 값은 타임스탬프가 그 값 이상인 첫 레코드의 오프셋입니다.
 *
 * 버전: v1부터 오프셋 하나만 돌려줌, v2에서 isolationLevel, v4에서 leader epoch, v6부터 유연한 버전.
 *
 * Kafka protocol guide, "ListOffsets API (Key: 2)" — 가장 높은 버전의 BNF (태그 필드는 `(tag N)`으로 덧붙임):
 *
 *     ListOffsets Request (Version: 10) => replica_id isolation_level [topics] timeout_ms _tagged_fields
 *       replica_id => INT32
 *       isolation_level => INT8
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index current_leader_epoch timestamp _tagged_fields
 *           partition_index => INT32
 *           current_leader_epoch => INT32
 *           timestamp => INT64
 *       timeout_ms => INT32
 *
 *     ListOffsets Response (Version: 10) => throttle_time_ms [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition_index error_code timestamp offset leader_epoch _tagged_fields
 *           partition_index => INT32
 *           error_code => INT16
 *           timestamp => INT64
 *           offset => INT64
 *           leader_epoch => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const listOffsetsRequest = message({
  name: 'ListOffsetsRequest',
  apiKey: 2,
  type: 'request',
  validVersions: '0-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '0+' },
    { name: 'isolationLevel', type: 'int8', versions: '2+' },
    {
      name: 'topics',
      type: '[]ListOffsetsTopic',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]ListOffsetsPartition',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '4+', default: -1, ignorable: true },
            { name: 'timestamp', type: 'int64', versions: '0+' },
            { name: 'maxNumOffsets', type: 'int32', versions: '0', default: 1 },
          ],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '10+', ignorable: true },
  ],
});
export type ListOffsetsRequest = Message<typeof listOffsetsRequest>;
export type ListOffsetsRequestInput = MessageInput<typeof listOffsetsRequest>;

export const listOffsetsResponse = message({
  name: 'ListOffsetsResponse',
  apiKey: 2,
  type: 'response',
  validVersions: '0-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: '[]ListOffsetsTopicResponse',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]ListOffsetsPartitionResponse',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'oldStyleOffsets', type: '[]int64', versions: '0' },
            { name: 'timestamp', type: 'int64', versions: '1+', default: -1 },
            { name: 'offset', type: 'int64', versions: '1+', default: -1 },
            { name: 'leaderEpoch', type: 'int32', versions: '4+', default: -1 },
          ],
        },
      ],
    },
  ],
});
export type ListOffsetsResponse = Message<typeof listOffsetsResponse>;
export type ListOffsetsResponseInput = MessageInput<typeof listOffsetsResponse>;
