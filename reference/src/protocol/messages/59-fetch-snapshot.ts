/**
 * FetchSnapshot (API 키 59): 로그 시작보다 뒤처진 팔로워가 리더의 스냅숏(`.checkpoint` 파일)을 바이트 구간으로
 * 나눠 받아 갑니다 (KIP-630). Fetch 응답의 snapshotId가 받을 스냅숏을 알려 주고, 팔로워는 받은 만큼의 위치
 * (position)부터 다음 조각을 청합니다. 조각은 레코드 경계와 맞지 않을 수 있습니다(UnalignedRecords).
 *
 * 리더만 답합니다. 없는 스냅숏이면 SNAPSHOT_NOT_FOUND, 크기를 넘는 위치면 POSITION_OUT_OF_RANGE.
 * 버전: v1에서 ReplicaDirectoryId와 리더의 엔드포인트(KIP-853). 모든 버전이 유연한 버전입니다.
 * 이 브로커는 아직 이 API에 답하지 않습니다.
 *
 * Kafka protocol guide, "FetchSnapshot API (Key: 59)":
 *
 *     FetchSnapshot Request (Version: 1) => replica_id max_bytes [topics] _tagged_fields
 *       replica_id => INT32
 *       max_bytes => INT32
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => partition current_leader_epoch snapshot_id position _tagged_fields
 *           partition => INT32
 *           current_leader_epoch => INT32
 *           snapshot_id => end_offset epoch _tagged_fields
 *             end_offset => INT64
 *             epoch => INT32
 *           position => INT64
 *           (tag 0) replica_directory_id: uuid
 *       (tag 0) cluster_id: COMPACT_NULLABLE_STRING
 *
 *     FetchSnapshot Response (Version: 1) => throttle_time_ms error_code [topics] _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       topics => name [partitions] _tagged_fields
 *         name => COMPACT_STRING
 *         partitions => index error_code snapshot_id size position unaligned_records _tagged_fields
 *           index => INT32
 *           error_code => INT16
 *           snapshot_id => end_offset epoch _tagged_fields
 *           size => INT64
 *           position => INT64
 *           unaligned_records => COMPACT_RECORDS
 *           (tag 0) current_leader: LeaderIdAndEpoch
 *       (tag 0) node_endpoints: []NodeEndpoint
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const fetchSnapshotRequest = message({
  name: 'FetchSnapshotRequest',
  apiKey: 59,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'clusterId',
      type: 'string',
      versions: '0+',
      nullableVersions: '0+',
      default: null,
      taggedVersions: '0+',
      tag: 0,
    },
    { name: 'replicaId', type: 'int32', versions: '0+', default: -1 },
    { name: 'maxBytes', type: 'int32', versions: '0+', default: 0x7fffffff },
    {
      name: 'topics',
      type: '[]TopicSnapshot',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]PartitionSnapshot',
          versions: '0+',
          fields: [
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '0+' },
            {
              name: 'snapshotId',
              type: 'SnapshotId',
              versions: '0+',
              fields: [
                { name: 'endOffset', type: 'int64', versions: '0+' },
                { name: 'epoch', type: 'int32', versions: '0+' },
              ],
            },
            { name: 'position', type: 'int64', versions: '0+' },
            {
              name: 'replicaDirectoryId',
              type: 'uuid',
              versions: '1+',
              taggedVersions: '1+',
              tag: 0,
              ignorable: true,
            },
          ],
        },
      ],
    },
  ],
});
export type FetchSnapshotRequest = Message<typeof fetchSnapshotRequest>;
export type FetchSnapshotRequestInput = MessageInput<typeof fetchSnapshotRequest>;

export const fetchSnapshotResponse = message({
  name: 'FetchSnapshotResponse',
  apiKey: 59,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'topics',
      type: '[]TopicSnapshot',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]PartitionSnapshot',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            {
              name: 'snapshotId',
              type: 'SnapshotId',
              versions: '0+',
              fields: [
                { name: 'endOffset', type: 'int64', versions: '0+' },
                { name: 'epoch', type: 'int32', versions: '0+' },
              ],
            },
            {
              name: 'currentLeader',
              type: 'LeaderIdAndEpoch',
              versions: '0+',
              taggedVersions: '0+',
              tag: 0,
              fields: [
                { name: 'leaderId', type: 'int32', versions: '0+' },
                { name: 'leaderEpoch', type: 'int32', versions: '0+' },
              ],
            },
            { name: 'size', type: 'int64', versions: '0+' },
            { name: 'position', type: 'int64', versions: '0+' },
            { name: 'unalignedRecords', type: 'records', versions: '0+' },
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
export type FetchSnapshotResponse = Message<typeof fetchSnapshotResponse>;
export type FetchSnapshotResponseInput = MessageInput<typeof fetchSnapshotResponse>;
