/**
 * 쿼럼의 요청·응답 ↔ 와이어 메시지 (Kafka `RaftUtil`): 쿼럼의 모양으로 만든 것을 와이어 스키마로 옮겨 바이트로
 * 인코딩하고, 다시 디코딩해 쿼럼의 모양으로 되돌리면 같은 것이 나와야 합니다. 토픽은 `__cluster_metadata` 하나,
 * 파티션은 0 하나입니다.
 */
import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { decode, encode } from '../../src/protocol/codec.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { schemasFor } from '../../src/protocol/messages/index.js';
import { ByteReader } from '../../src/protocol/reader.js';
import type { RaftRequest, RaftResponse } from '../../src/raft/messages.js';
import {
  fromWireBeginQuorumEpochRequest,
  fromWireDescribeQuorumRequest,
  fromWireEndQuorumEpochRequest,
  fromWireFetchRequest,
  fromWireFetchSnapshotRequest,
  fromWireResponse,
  fromWireVoteRequest,
  METADATA_TOPIC_ID,
  toWireRequest,
  toWireResponse,
} from '../../src/raft/raft-util.js';

/** 스키마로 바이트를 만들었다가 다시 읽습니다 (와이어를 한 번 지나는 것과 같음). */
function overTheWire(apiKey: number, version: number, side: 'request' | 'response', body: unknown) {
  const schema = schemasFor(apiKey)?.[side];
  if (!schema) throw new Error(`스키마가 없습니다: ${apiKey}`);
  return decode(schema, version, new ByteReader(encode(schema, version, body as never))) as never;
}

const requests: RaftRequest[] = [
  {
    api: 'Vote',
    clusterId: 'c',
    voterId: 2,
    replicaEpoch: 4,
    replicaId: 1,
    lastOffsetEpoch: 3,
    lastOffset: 17,
    preVote: true,
  },
  { api: 'BeginQuorumEpoch', clusterId: 'c', voterId: 3, leaderId: 1, leaderEpoch: 4 },
  { api: 'EndQuorumEpoch', clusterId: 'c', leaderId: 1, leaderEpoch: 4, preferredSuccessors: [3, 2] },
  {
    api: 'Fetch',
    clusterId: 'c',
    replicaId: 2,
    maxWaitMs: 500,
    currentLeaderEpoch: 4,
    fetchOffset: 17,
    lastFetchedEpoch: 3,
    highWatermark: Number.MAX_SAFE_INTEGER,
    maxRecords: 1000,
  },
  {
    api: 'FetchSnapshot',
    clusterId: 'c',
    replicaId: 2,
    currentLeaderEpoch: 4,
    snapshotId: { offset: 100, epoch: 3 },
    position: 64,
    maxBytes: 1024,
  },
  { api: 'DescribeQuorum' },
];

function fromWire(apiKey: number, version: number, body: never) {
  switch (apiKey) {
    case ApiKey.Vote:
      return fromWireVoteRequest(body);
    case ApiKey.BeginQuorumEpoch:
      return fromWireBeginQuorumEpochRequest(body);
    case ApiKey.EndQuorumEpoch:
      return fromWireEndQuorumEpochRequest(body, version);
    case ApiKey.Fetch:
      return fromWireFetchRequest(body, version);
    case ApiKey.FetchSnapshot:
      return fromWireFetchSnapshotRequest(body);
    default:
      return fromWireDescribeQuorumRequest(body);
  }
}

describe('RaftUtil: 쿼럼의 요청을 와이어로', () => {
  it.each(requests)('$api 요청은 와이어를 지나도 같고, 보낸 노드는 요청 안의 ID입니다', (request) => {
    const wire = toWireRequest(request);
    const received = fromWire(
      wire.apiKey,
      wire.apiVersion,
      overTheWire(wire.apiKey, wire.apiVersion, 'request', wire.body),
    );
    expect(received).toMatchObject({ ok: true, request });
    const source = { Vote: 1, BeginQuorumEpoch: 1, EndQuorumEpoch: 1, Fetch: 2, FetchSnapshot: 2, DescribeQuorum: -1 };
    expect(received.ok && received.source).toBe(source[request.api]);
  });

  it('Fetch는 메타데이터 토픽의 ID(KIP-516)로 묻고, 다른 토픽을 물으면 받지 않습니다', () => {
    const wire = toWireRequest(requests[3] as RaftRequest);
    expect((wire.body as { topics: { topicId: string }[] }).topics[0]?.topicId).toBe(METADATA_TOPIC_ID);
    const other = { ...(wire.body as object), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAg', partitions: [] }] };
    expect(fromWireFetchRequest(other as never, 17)).toMatchObject({ ok: false });
  });

  it('EndQuorumEpoch v0은 후임을 ID 목록(preferredSuccessors)으로 읽습니다', () => {
    const v0 = overTheWire(ApiKey.EndQuorumEpoch, 0, 'request', {
      clusterId: 'c',
      topics: [
        {
          topicName: '__cluster_metadata',
          partitions: [{ partitionIndex: 0, leaderId: 1, leaderEpoch: 4, preferredSuccessors: [2, 3] }],
        },
      ],
    });
    expect(fromWireEndQuorumEpochRequest(v0, 0)).toMatchObject({ ok: true, request: { preferredSuccessors: [2, 3] } });
  });
});

describe('RaftUtil: 쿼럼의 응답을 와이어로', () => {
  const responses: RaftResponse<string>[] = [
    { api: 'Vote', errorCode: 0, leaderId: -1, leaderEpoch: 4, voteGranted: true },
    { api: 'BeginQuorumEpoch', errorCode: ErrorCode.FENCED_LEADER_EPOCH, leaderId: 2, leaderEpoch: 5 },
    { api: 'EndQuorumEpoch', errorCode: 0, leaderId: 1, leaderEpoch: 4 },
    {
      api: 'Fetch',
      errorCode: 0,
      leaderId: 1,
      leaderEpoch: 4,
      highWatermark: 18,
      logStartOffset: 0,
      records: [
        { offset: 17, epoch: 4, record: { type: 'data', data: 'a' } },
        { offset: 18, epoch: 4, record: { type: 'data', data: 'b' } },
      ],
      divergingEpoch: null,
      snapshotId: null,
    },
    {
      api: 'Fetch',
      errorCode: 0,
      leaderId: 1,
      leaderEpoch: 4,
      highWatermark: 18,
      logStartOffset: 0,
      records: [],
      divergingEpoch: { epoch: 2, offset: 9 },
      snapshotId: null,
    },
    {
      api: 'FetchSnapshot',
      errorCode: 0,
      leaderId: 1,
      leaderEpoch: 4,
      snapshotId: { offset: 100, epoch: 3 },
      size: 300,
      position: 64,
      unalignedRecords: new Uint8Array([1, 2, 3]),
    },
    {
      api: 'DescribeQuorum',
      errorCode: 0,
      leaderId: 1,
      leaderEpoch: 4,
      highWatermark: 18,
      currentVoters: [{ replicaId: 1, logEndOffset: 19, lastFetchTimestamp: -1, lastCaughtUpTimestamp: 5 }],
      observers: [],
    },
  ];
  const keys = {
    Vote: ApiKey.Vote,
    BeginQuorumEpoch: ApiKey.BeginQuorumEpoch,
    EndQuorumEpoch: ApiKey.EndQuorumEpoch,
    Fetch: ApiKey.Fetch,
    FetchSnapshot: ApiKey.FetchSnapshot,
    DescribeQuorum: ApiKey.DescribeQuorum,
  };

  it.each(responses)('$api 응답은 와이어를 지나도 같습니다 (Fetch의 레코드는 레코드 배치로)', (response) => {
    const apiKey = keys[response.api];
    const version = toWireRequest(requests.find((r) => r.api === response.api) as RaftRequest).apiVersion;
    const body = overTheWire(apiKey, version, 'response', toWireResponse(response, 0));
    const back = fromWireResponse<string>(apiKey, body);
    if (response.api === 'FetchSnapshot') {
      expect({
        ...back,
        unalignedRecords: [...((back as { unalignedRecords: Uint8Array }).unalignedRecords ?? [])],
      }).toEqual({
        ...response,
        unalignedRecords: [1, 2, 3],
      });
    } else expect(back).toEqual(response);
  });

  it('다른 클러스터(INCONSISTENT_CLUSTER_ID)는 응답 전체의 오류로, 나머지 오류는 파티션의 오류로 적습니다', () => {
    const inconsistent = toWireResponse<string>(
      { api: 'Vote', errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, leaderId: -1, leaderEpoch: -1, voteGranted: false },
      0,
    ) as { errorCode: number; topics: { partitions: { errorCode: number }[] }[] };
    expect(inconsistent.errorCode).toBe(ErrorCode.INCONSISTENT_CLUSTER_ID);
    const fenced = toWireResponse(responses[1] as RaftResponse<string>, 0) as typeof inconsistent;
    expect(fenced.errorCode).toBe(ErrorCode.NONE);
    expect(fenced.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.FENCED_LEADER_EPOCH);
  });
});
