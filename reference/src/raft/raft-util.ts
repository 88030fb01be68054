/**
 * 쿼럼의 요청·응답(`messages.ts`)과 와이어 메시지(`../protocol/messages/`) 사이를 옮깁니다. Kafka `RaftUtil`이
 * 하는 일입니다: KRaft의 요청은 토픽 하나(`__cluster_metadata`), 파티션 하나(0)짜리 배열로 나가고 들어옵니다.
 *
 * 나가는 쪽은 `KafkaNetworkChannel`(요청을 만들고 응답을 읽음)이, 들어오는 쪽은 컨트롤러 리스너의 API 핸들러
 * (`../apis/52-vote.ts` …: 요청을 읽고 응답을 만듦)가 씁니다. Fetch의 `records`는 레코드 배치 바이트입니다.
 *
 * 와이어에 없는 것: Fetch v17에는 팔로워가 아는 하이 워터마크가 없습니다 (Kafka 4.1의 v18, KIP-1166). 그래서
 * 와이어로 받은 Fetch는 "모름"(가장 큰 값)으로 두어, 리더가 하이 워터마크만 바뀌었을 때 서둘러 답하지 않고
 * 새 레코드나 maxWaitMs를 기다립니다. 팔로워는 하이 워터마크를 다음 응답에서 알게 됩니다.
 */

import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { fetchRequest, type fetchResponse } from '../protocol/messages/01-fetch.js';
import { voteRequest, type voteResponse } from '../protocol/messages/52-vote.js';
import { beginQuorumEpochRequest, type beginQuorumEpochResponse } from '../protocol/messages/53-begin-quorum-epoch.js';
import { endQuorumEpochRequest } from '../protocol/messages/54-end-quorum-epoch.js';
import { describeQuorumRequest, type describeQuorumResponse } from '../protocol/messages/55-describe-quorum.js';
import { fetchSnapshotRequest, type fetchSnapshotResponse } from '../protocol/messages/59-fetch-snapshot.js';
import type { Message, MessageInput, MessageSchema } from '../protocol/schema.js';
import { err, ok, type Result } from '../result.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { RaftRequest, RaftResponse, ReplicaDescription } from './messages.js';
import { decodeEntries, encodeEntries } from './record-batches.js';
import { DEFAULT_QUORUM_CONFIG } from './types.js';

export const METADATA_TOPIC = '__cluster_metadata';
export const METADATA_PARTITION = 0;
/** Kafka `Uuid.METADATA_TOPIC_ID` (= new Uuid(0, 1)) */
export const METADATA_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

/** 컨트롤러끼리 쓰는 버전: 이 브로커가 답하는 가장 높은 버전 (Kafka 4.x와 같음) */
export const RAFT_API_VERSIONS = {
  [ApiKey.Vote]: 2,
  [ApiKey.BeginQuorumEpoch]: 1,
  [ApiKey.EndQuorumEpoch]: 1,
  [ApiKey.DescribeQuorum]: 2,
  [ApiKey.FetchSnapshot]: 1,
  [ApiKey.Fetch]: 17,
} as const;

const UNKNOWN_HIGH_WATERMARK = Number.MAX_SAFE_INTEGER;
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** 토픽 하나(`__cluster_metadata`), 파티션 하나(0)짜리 배열 (Kafka `RaftUtil.singletonXxx`) */
const topic = <P extends object>(partition: P) => [
  { topicName: METADATA_TOPIC, partitions: [{ partitionIndex: METADATA_PARTITION, ...partition }] },
];

const partitionOf = <P>(topics: readonly { partitions: readonly P[] }[]): P | undefined =>
  topics.length === 1 && topics[0]?.partitions.length === 1 ? topics[0].partitions[0] : undefined;

// --- 요청 ------------------------------------------------------------------------------------------

/** 쿼럼의 요청 → 와이어 요청 (Kafka `RaftUtil.singletonVoteRequest` …) */
export function toWireRequest(request: RaftRequest): ApiRequest {
  switch (request.api) {
    case 'Vote':
      return wire(ApiKey.Vote, voteRequest, {
        clusterId: request.clusterId,
        voterId: request.voterId,
        topics: topic({
          replicaEpoch: request.replicaEpoch,
          replicaId: request.replicaId,
          replicaDirectoryId: ZERO_UUID,
          voterDirectoryId: ZERO_UUID,
          lastOffsetEpoch: request.lastOffsetEpoch,
          lastOffset: request.lastOffset,
          preVote: request.preVote,
        }),
      });
    case 'BeginQuorumEpoch':
      return wire(ApiKey.BeginQuorumEpoch, beginQuorumEpochRequest, {
        clusterId: request.clusterId,
        voterId: request.voterId,
        topics: topic({ voterDirectoryId: ZERO_UUID, leaderId: request.leaderId, leaderEpoch: request.leaderEpoch }),
        leaderEndpoints: [],
      });
    case 'EndQuorumEpoch':
      return wire(ApiKey.EndQuorumEpoch, endQuorumEpochRequest, {
        clusterId: request.clusterId,
        topics: topic({
          leaderId: request.leaderId,
          leaderEpoch: request.leaderEpoch,
          preferredSuccessors: [],
          preferredCandidates: request.preferredSuccessors.map((candidateId) => ({
            candidateId,
            candidateDirectoryId: ZERO_UUID,
          })),
        }),
        leaderEndpoints: [],
      });
    case 'Fetch':
      return wire(ApiKey.Fetch, fetchRequest, {
        clusterId: request.clusterId,
        replicaState: { replicaId: request.replicaId, replicaEpoch: -1 },
        maxWaitMs: request.maxWaitMs,
        minBytes: 0,
        maxBytes: 8 * 1024 * 1024,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [
          {
            topicId: METADATA_TOPIC_ID,
            partitions: [
              {
                partition: METADATA_PARTITION,
                currentLeaderEpoch: request.currentLeaderEpoch,
                fetchOffset: request.fetchOffset,
                lastFetchedEpoch: request.lastFetchedEpoch,
                logStartOffset: -1,
                partitionMaxBytes: 8 * 1024 * 1024,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      });
    case 'FetchSnapshot':
      return wire(ApiKey.FetchSnapshot, fetchSnapshotRequest, {
        clusterId: request.clusterId,
        replicaId: request.replicaId,
        maxBytes: request.maxBytes,
        topics: [
          {
            name: METADATA_TOPIC,
            partitions: [
              {
                partition: METADATA_PARTITION,
                currentLeaderEpoch: request.currentLeaderEpoch,
                snapshotId: { endOffset: request.snapshotId.offset, epoch: request.snapshotId.epoch },
                position: request.position,
              },
            ],
          },
        ],
      });
    case 'DescribeQuorum':
      return wire(ApiKey.DescribeQuorum, describeQuorumRequest, {
        topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: METADATA_PARTITION }] }],
      });
  }
}

function wire<S extends MessageSchema>(apiKey: keyof typeof RAFT_API_VERSIONS, _schema: S, body: MessageInput<S>) {
  return { apiKey, apiVersion: RAFT_API_VERSIONS[apiKey], body };
}

/** 들어온 요청이 쿼럼의 파티션(`__cluster_metadata-0`) 하나를 묻는지. 아니면 INVALID_REQUEST로 답합니다. */
const invalid = (what: string) => err(`${what}: __cluster_metadata-0 하나만 물을 수 있습니다`);

/**
 * 와이어 요청 → 쿼럼의 요청과 보낸 노드 (Kafka `KafkaRaftClient.handleVoteRequest` 등의 앞부분). 보낸 노드는
 * 요청 안의 ID입니다: Vote는 후보, BeginQuorumEpoch·EndQuorumEpoch는 리더, Fetch·FetchSnapshot은 복제본.
 */
export function fromWireVoteRequest(
  body: Message<typeof voteRequest>,
): Result<{ source: number; request: RaftRequest }> {
  const p = partitionOf(body.topics);
  if (!p || body.topics[0]?.topicName !== METADATA_TOPIC) return invalid('Vote');
  return ok({
    source: p.replicaId,
    request: {
      api: 'Vote',
      clusterId: body.clusterId,
      voterId: body.voterId,
      replicaEpoch: p.replicaEpoch,
      replicaId: p.replicaId,
      lastOffsetEpoch: p.lastOffsetEpoch,
      lastOffset: p.lastOffset,
      preVote: p.preVote,
    },
  });
}

export function fromWireBeginQuorumEpochRequest(
  body: Message<typeof beginQuorumEpochRequest>,
): Result<{ source: number; request: RaftRequest }> {
  const p = partitionOf(body.topics);
  if (!p || body.topics[0]?.topicName !== METADATA_TOPIC) return invalid('BeginQuorumEpoch');
  return ok({
    source: p.leaderId,
    request: {
      api: 'BeginQuorumEpoch',
      clusterId: body.clusterId,
      voterId: body.voterId,
      leaderId: p.leaderId,
      leaderEpoch: p.leaderEpoch,
    },
  });
}

export function fromWireEndQuorumEpochRequest(
  body: Message<typeof endQuorumEpochRequest>,
  apiVersion: number,
): Result<{ source: number; request: RaftRequest }> {
  const p = partitionOf(body.topics);
  if (!p || body.topics[0]?.topicName !== METADATA_TOPIC) return invalid('EndQuorumEpoch');
  return ok({
    source: p.leaderId,
    request: {
      api: 'EndQuorumEpoch',
      clusterId: body.clusterId,
      leaderId: p.leaderId,
      leaderEpoch: p.leaderEpoch,
      // v0은 ID 목록, v1부터는 (ID, 디렉터리 ID) 목록 (KIP-853)
      preferredSuccessors: apiVersion === 0 ? p.preferredSuccessors : p.preferredCandidates.map((c) => c.candidateId),
    },
  });
}

export function fromWireFetchRequest(
  body: Message<typeof fetchRequest>,
  apiVersion: number,
): Result<{ source: number; request: RaftRequest }> {
  const topic = body.topics.length === 1 ? body.topics[0] : undefined;
  const p = topic?.partitions.length === 1 ? topic.partitions[0] : undefined;
  const isMetadataTopic = apiVersion >= 13 ? topic?.topicId === METADATA_TOPIC_ID : topic?.topic === METADATA_TOPIC;
  if (!p || !isMetadataTopic || p.partition !== METADATA_PARTITION) return invalid('Fetch');
  const replicaId = apiVersion >= 15 ? body.replicaState.replicaId : body.replicaId;
  return ok({
    source: replicaId,
    request: {
      api: 'Fetch',
      clusterId: body.clusterId,
      replicaId,
      maxWaitMs: body.maxWaitMs,
      currentLeaderEpoch: p.currentLeaderEpoch,
      fetchOffset: p.fetchOffset,
      lastFetchedEpoch: p.lastFetchedEpoch,
      highWatermark: UNKNOWN_HIGH_WATERMARK,
      maxRecords: DEFAULT_QUORUM_CONFIG.fetchMaxRecords,
    },
  });
}

export function fromWireFetchSnapshotRequest(
  body: Message<typeof fetchSnapshotRequest>,
): Result<{ source: number; request: RaftRequest }> {
  const topic = body.topics.length === 1 ? body.topics[0] : undefined;
  const p = topic?.partitions.length === 1 ? topic.partitions[0] : undefined;
  if (!p || topic?.name !== METADATA_TOPIC || p.partition !== METADATA_PARTITION) return invalid('FetchSnapshot');
  return ok({
    source: body.replicaId,
    request: {
      api: 'FetchSnapshot',
      clusterId: body.clusterId,
      replicaId: body.replicaId,
      currentLeaderEpoch: p.currentLeaderEpoch,
      snapshotId: { offset: p.snapshotId.endOffset, epoch: p.snapshotId.epoch },
      position: p.position,
      maxBytes: body.maxBytes,
    },
  });
}

export function fromWireDescribeQuorumRequest(
  body: Message<typeof describeQuorumRequest>,
): Result<{ source: number; request: RaftRequest }> {
  const p = partitionOf(body.topics);
  if (!p || body.topics[0]?.topicName !== METADATA_TOPIC || p.partitionIndex !== METADATA_PARTITION) {
    return invalid('DescribeQuorum');
  }
  return ok({ source: -1, request: { api: 'DescribeQuorum' } });
}

// --- 응답 ------------------------------------------------------------------------------------------

/**
 * 쿼럼의 응답 → 와이어 응답 본문. `nowMs`는 Fetch 응답에 담는 배치의 시각입니다. 요청 전체를 거절하는 오류
 * (다른 클러스터, 쿼럼의 파티션이 아님)는 Kafka처럼 맨 위의 errorCode에, 나머지는 파티션의 errorCode에 적습니다.
 */
export function toWireResponse<T>(
  response: RaftResponse<T>,
  nowMs: number,
  topLevel = response.errorCode === ErrorCode.INCONSISTENT_CLUSTER_ID,
): unknown {
  const top = topLevel ? response.errorCode : ErrorCode.NONE;
  const partitionError = top === ErrorCode.NONE ? response.errorCode : ErrorCode.NONE;
  switch (response.api) {
    case 'Vote':
      return {
        errorCode: top,
        topics: topic({
          errorCode: partitionError,
          leaderId: response.leaderId,
          leaderEpoch: response.leaderEpoch,
          voteGranted: response.voteGranted,
        }),
        nodeEndpoints: [],
      } satisfies MessageInput<typeof voteResponse>;
    case 'BeginQuorumEpoch':
    case 'EndQuorumEpoch':
      return {
        errorCode: top,
        topics: topic({ errorCode: partitionError, leaderId: response.leaderId, leaderEpoch: response.leaderEpoch }),
        nodeEndpoints: [],
      } satisfies MessageInput<typeof beginQuorumEpochResponse>;
    case 'Fetch':
      return {
        throttleTimeMs: 0,
        errorCode: top,
        sessionId: 0,
        responses: [
          {
            topic: METADATA_TOPIC,
            topicId: METADATA_TOPIC_ID,
            partitions: [
              {
                partitionIndex: METADATA_PARTITION,
                errorCode: partitionError,
                highWatermark: response.highWatermark,
                lastStableOffset: -1,
                logStartOffset: response.logStartOffset,
                divergingEpoch: response.divergingEpoch
                  ? { epoch: response.divergingEpoch.epoch, endOffset: response.divergingEpoch.offset }
                  : { epoch: -1, endOffset: -1 },
                currentLeader: { leaderId: response.leaderId, leaderEpoch: response.leaderEpoch },
                snapshotId: response.snapshotId
                  ? { endOffset: response.snapshotId.offset, epoch: response.snapshotId.epoch }
                  : { endOffset: -1, epoch: -1 },
                abortedTransactions: [],
                preferredReadReplica: -1,
                records: response.records.length > 0 ? encodeEntries(response.records, nowMs) : Buffer.alloc(0),
              },
            ],
          },
        ],
        nodeEndpoints: [],
      } satisfies MessageInput<typeof fetchResponse>;
    case 'FetchSnapshot':
      return {
        throttleTimeMs: 0,
        errorCode: top,
        topics: [
          {
            name: METADATA_TOPIC,
            partitions: [
              {
                index: METADATA_PARTITION,
                errorCode: partitionError,
                snapshotId: { endOffset: response.snapshotId.offset, epoch: response.snapshotId.epoch },
                currentLeader: { leaderId: response.leaderId, leaderEpoch: response.leaderEpoch },
                size: response.size,
                position: response.position,
                unalignedRecords: Buffer.from(response.unalignedRecords),
              },
            ],
          },
        ],
        nodeEndpoints: [],
      } satisfies MessageInput<typeof fetchSnapshotResponse>;
    case 'DescribeQuorum': {
      const replica = (r: ReplicaDescription) => ({ ...r, replicaDirectoryId: ZERO_UUID });
      return {
        errorCode: top,
        errorMessage: null,
        topics: [
          {
            topicName: METADATA_TOPIC,
            partitions: [
              {
                partitionIndex: METADATA_PARTITION,
                errorCode: partitionError,
                errorMessage: null,
                leaderId: response.leaderId,
                leaderEpoch: response.leaderEpoch,
                highWatermark: response.highWatermark,
                currentVoters: response.currentVoters.map(replica),
                observers: response.observers.map(replica),
              },
            ],
          },
        ],
        nodes: [],
      } satisfies MessageInput<typeof describeQuorumResponse>;
    }
  }
}

type Body = Record<string, unknown> & { errorCode?: number; topics?: unknown[]; responses?: unknown[] };

/** 와이어 응답 본문 → 쿼럼의 응답. 모양이 틀리면(토픽·파티션이 하나가 아님) null: 전송 실패처럼 다룹니다. */
export function fromWireResponse<T>(apiKey: number, raw: unknown): RaftResponse<T> | null {
  const body = raw as Body;
  const top = body.errorCode ?? ErrorCode.NONE;
  const code = (partitionError: number) => (top !== ErrorCode.NONE ? top : partitionError);
  switch (apiKey) {
    case ApiKey.Vote: {
      const v = body as unknown as Message<typeof voteResponse>;
      const p = partitionOf(v.topics);
      if (!p) return top !== ErrorCode.NONE ? emptyResponse('Vote', top) : null;
      return {
        api: 'Vote',
        errorCode: code(p.errorCode),
        leaderId: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        voteGranted: p.voteGranted,
      };
    }
    case ApiKey.BeginQuorumEpoch:
    case ApiKey.EndQuorumEpoch: {
      const v = body as unknown as Message<typeof beginQuorumEpochResponse>;
      const api = apiKey === ApiKey.BeginQuorumEpoch ? 'BeginQuorumEpoch' : 'EndQuorumEpoch';
      const p = partitionOf(v.topics);
      if (!p) return top !== ErrorCode.NONE ? emptyResponse(api, top) : null;
      return { api, errorCode: code(p.errorCode), leaderId: p.leaderId, leaderEpoch: p.leaderEpoch };
    }
    case ApiKey.Fetch: {
      const v = body as unknown as Message<typeof fetchResponse>;
      const p = partitionOf(v.responses);
      if (!p) return top !== ErrorCode.NONE ? emptyResponse('Fetch', top) : null;
      return {
        api: 'Fetch',
        errorCode: code(p.errorCode),
        leaderId: p.currentLeader.leaderId,
        leaderEpoch: p.currentLeader.leaderEpoch,
        highWatermark: p.highWatermark,
        logStartOffset: p.logStartOffset,
        records: p.records ? decodeEntries<T>(p.records) : [],
        divergingEpoch:
          p.divergingEpoch.epoch >= 0 ? { epoch: p.divergingEpoch.epoch, offset: p.divergingEpoch.endOffset } : null,
        snapshotId: p.snapshotId.endOffset >= 0 ? { offset: p.snapshotId.endOffset, epoch: p.snapshotId.epoch } : null,
      };
    }
    case ApiKey.FetchSnapshot: {
      const v = body as unknown as Message<typeof fetchSnapshotResponse>;
      const topic = v.topics.length === 1 ? v.topics[0] : undefined;
      const p = topic?.partitions.length === 1 ? topic.partitions[0] : undefined;
      if (!p) return top !== ErrorCode.NONE ? emptyResponse('FetchSnapshot', top) : null;
      return {
        api: 'FetchSnapshot',
        errorCode: code(p.errorCode),
        leaderId: p.currentLeader.leaderId,
        leaderEpoch: p.currentLeader.leaderEpoch,
        snapshotId: { offset: p.snapshotId.endOffset, epoch: p.snapshotId.epoch },
        size: p.size,
        position: p.position,
        unalignedRecords: p.unalignedRecords ?? new Uint8Array(0),
      };
    }
    case ApiKey.DescribeQuorum: {
      const v = body as unknown as Message<typeof describeQuorumResponse>;
      const p = partitionOf(v.topics);
      if (!p) return top !== ErrorCode.NONE ? emptyResponse('DescribeQuorum', top) : null;
      const replica = (r: ReplicaDescription) => ({
        replicaId: r.replicaId,
        logEndOffset: r.logEndOffset,
        lastFetchTimestamp: r.lastFetchTimestamp,
        lastCaughtUpTimestamp: r.lastCaughtUpTimestamp,
      });
      return {
        api: 'DescribeQuorum',
        errorCode: code(p.errorCode),
        leaderId: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        highWatermark: p.highWatermark,
        currentVoters: p.currentVoters.map(replica),
        observers: p.observers.map(replica),
      };
    }
    default:
      return null;
  }
}

/** 요청 전체가 거절되어 파티션이 없는 응답 (INCONSISTENT_CLUSTER_ID 등) */
function emptyResponse<T>(api: RaftResponse<T>['api'], errorCode: number): RaftResponse<T> {
  const common = { errorCode, leaderId: -1, leaderEpoch: -1 };
  switch (api) {
    case 'Vote':
      return { api, ...common, voteGranted: false };
    case 'BeginQuorumEpoch':
    case 'EndQuorumEpoch':
      return { api, ...common };
    case 'Fetch':
      return {
        api,
        ...common,
        highWatermark: -1,
        logStartOffset: -1,
        records: [],
        divergingEpoch: null,
        snapshotId: null,
      };
    case 'FetchSnapshot':
      return {
        api,
        ...common,
        snapshotId: { offset: -1, epoch: -1 },
        size: -1,
        position: -1,
        unalignedRecords: new Uint8Array(0),
      };
    case 'DescribeQuorum':
      return { api, ...common, highWatermark: -1, currentVoters: [], observers: [] };
  }
}

/**
 * 컨트롤러 리스너의 핸들러가 하는 일 전부 (Kafka `ControllerApis.handleRaftRequest`): 와이어 요청을 읽어 쿼럼에
 * 넣고, 쿼럼의 답을 와이어 응답으로 옮깁니다. 쿼럼의 파티션이 아닌 것을 물으면 INVALID_REQUEST입니다.
 */
export async function answerRaftRequest<T>(
  decoded: Result<{ source: number; request: RaftRequest }>,
  api: RaftResponse<T>['api'],
  quorum: { handle(source: number, request: RaftRequest): Promise<RaftResponse<T>> },
  nowMs: () => number,
): Promise<unknown> {
  if (!decoded.ok) return toWireResponse(emptyResponse<T>(api, ErrorCode.INVALID_REQUEST), nowMs(), true);
  return toWireResponse(await quorum.handle(decoded.source, decoded.request), nowMs());
}
