/**
 * KRaft 쿼럼의 메시지(Vote, BeginQuorumEpoch, EndQuorumEpoch, DescribeQuorum, FetchSnapshot)를 Kafka protocol
 * guide의 BNF대로 바이트를 손으로 적어 맞춰 봅니다. 모든 스키마의 왕복(min/max 버전)은 messages.test.ts가,
 * DescribeQuorum v2 응답을 @platformatic/kafka가 읽는지는 platformatic-responses.test.ts가 봅니다.
 */
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/protocol/codec.js';
import { voteRequest } from '../../src/protocol/messages/52-vote.js';
import { beginQuorumEpochRequest } from '../../src/protocol/messages/53-begin-quorum-epoch.js';
import { fetchSnapshotRequest } from '../../src/protocol/messages/59-fetch-snapshot.js';
import { ByteReader } from '../../src/protocol/reader.js';

const hex = (buf: Buffer) => buf.toString('hex');
const ZERO_UUID = Buffer.alloc(16).toString('base64url');

describe('KRaft 메시지의 바이트', () => {
  it('Vote 요청 v2: 유연한 버전(compact 길이 N+1), 파티션 끝에 pre_vote', () => {
    const bytes = encode(voteRequest, 2, {
      clusterId: null,
      voterId: 2,
      topics: [
        {
          topicName: '__cluster_metadata',
          partitions: [
            {
              partitionIndex: 0,
              replicaEpoch: 5,
              replicaId: 1,
              replicaDirectoryId: ZERO_UUID,
              voterDirectoryId: ZERO_UUID,
              lastOffsetEpoch: 4,
              lastOffset: 100,
              preVote: true,
            },
          ],
        },
      ],
    });
    const expected = [
      '00', // cluster_id: COMPACT_NULLABLE_STRING null
      '00000002', // voter_id
      '02', // topics: 1개 (N+1)
      '13',
      Buffer.from('__cluster_metadata').toString('hex'), // topic_name: 18자 (N+1 = 19)
      '02', // partitions: 1개
      '00000000', // partition_index
      '00000005', // replica_epoch
      '00000001', // replica_id
      '00'.repeat(16), // replica_directory_id
      '00'.repeat(16), // voter_directory_id
      '00000004', // last_offset_epoch
      '0000000000000064', // last_offset
      '01', // pre_vote
      '00', // 파티션의 태그 필드
      '00', // 토픽의 태그 필드
      '00', // 요청의 태그 필드
    ].join('');
    expect(hex(bytes)).toBe(expected);
  });

  it('Vote 요청 v1에는 pre_vote 자리가 없어, 사전 투표를 보낼 수 없습니다 (ignorable이 아님)', () => {
    const input = {
      topics: [
        {
          topicName: 't',
          partitions: [
            { partitionIndex: 0, replicaEpoch: 1, replicaId: 1, lastOffsetEpoch: 0, lastOffset: 0, preVote: true },
          ],
        },
      ],
    };
    expect(() => encode(voteRequest, 1, input)).toThrow();
    expect(() =>
      encode(voteRequest, 1, {
        topics: [{ ...input.topics[0], partitions: [{ ...input.topics[0]?.partitions[0], preVote: false }] }],
      } as never),
    ).not.toThrow();
  });

  it('BeginQuorumEpoch 요청 v0은 유연하지 않고(INT16 길이), v1은 유연합니다', () => {
    const input = {
      clusterId: 'c',
      topics: [{ topicName: 't', partitions: [{ partitionIndex: 0, leaderId: 1, leaderEpoch: 3 }] }],
    };
    expect(hex(encode(beginQuorumEpochRequest, 0, input))).toBe(
      ['0001', '63', '00000001', '0001', '74', '00000001', '00000000', '00000001', '00000003'].join(''),
    );
    const v1 = encode(beginQuorumEpochRequest, 1, {
      ...input,
      voterId: 2,
      leaderEndpoints: [{ name: 'CONTROLLER', host: 'h', port: 9093 }],
    });
    const decoded = decode(beginQuorumEpochRequest, 1, new ByteReader(v1));
    expect(decoded).toMatchObject({ voterId: 2, leaderEndpoints: [{ name: 'CONTROLLER', host: 'h', port: 9093 }] });
  });

  it('FetchSnapshot 요청: cluster_id는 요청 끝의 태그 필드(tag 0)로 갑니다', () => {
    const input = {
      replicaId: 1,
      maxBytes: 1024,
      topics: [
        {
          name: 't',
          partitions: [{ partition: 0, currentLeaderEpoch: 3, snapshotId: { endOffset: 10, epoch: 2 }, position: 0 }],
        },
      ],
    };
    const withoutCluster = encode(fetchSnapshotRequest, 0, input);
    const withCluster = encode(fetchSnapshotRequest, 0, { ...input, clusterId: 'abc' });
    expect(hex(withoutCluster).endsWith('00')).toBe(true); // 태그 필드 없음
    expect(hex(withCluster).endsWith(['01', '00', '04', '04', Buffer.from('abc').toString('hex')].join(''))).toBe(true);
    expect(decode(fetchSnapshotRequest, 0, new ByteReader(withCluster))).toMatchObject({
      clusterId: 'abc',
      maxBytes: 1024,
    });
  });
});
