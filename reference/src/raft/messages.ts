/**
 * 쿼럼이 주고받는 요청과 응답. 필드 이름은 Kafka 4.x 메시지 명세(`../protocol/messages/52-vote.ts` 등)의 이름을
 * 그대로 쓰되, 토픽·파티션 배열은 펼쳤습니다: KRaft 쿼럼의 파티션은 `__cluster_metadata-0` 하나뿐이니까요
 * (Kafka도 `RaftUtil.singletonVoteRequest`처럼 하나짜리 배열만 만들고 받습니다).
 *
 * 와이어로 나갈 때는 TCP 전송이 이 모양을 명세의 모양으로 옮깁니다. 시뮬레이터는 이 모양 그대로 배달합니다.
 * 오류는 예외가 아니라 응답 안의 `errorCode`입니다 (`../protocol/error-codes.ts`의 Kafka 코드).
 */
import type { LogEntry, OffsetAndEpoch } from './types.js';

/** Vote (API 키 52). 사전 투표(preVote=true)는 에포크를 올리지 않은 채 "나를 뽑아 줄 수 있나"만 묻습니다. */
export interface VoteRequest {
  readonly api: 'Vote';
  readonly clusterId: string | null;
  /** 받는 투표자 (v1+) */
  readonly voterId: number;
  /** 보내는 쪽의 에포크: 진짜 투표는 올린 에포크, 사전 투표는 지금 에포크 */
  readonly replicaEpoch: number;
  readonly replicaId: number;
  /** 보내는 쪽 로그의 마지막 에포크와 끝 오프셋 */
  readonly lastOffsetEpoch: number;
  readonly lastOffset: number;
  readonly preVote: boolean;
}

export interface VoteResponse {
  readonly api: 'Vote';
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly voteGranted: boolean;
}

/** BeginQuorumEpoch (API 키 53): 새 리더가 투표자들에게 "내가 이 에포크의 리더다"라고 알립니다. */
export interface BeginQuorumEpochRequest {
  readonly api: 'BeginQuorumEpoch';
  readonly clusterId: string | null;
  readonly voterId: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

export interface BeginQuorumEpochResponse {
  readonly api: 'BeginQuorumEpoch';
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

/** EndQuorumEpoch (API 키 54): 물러나는 리더가 후임 순서(가장 많이 따라온 투표자부터)를 알려 선거를 재촉합니다. */
export interface EndQuorumEpochRequest {
  readonly api: 'EndQuorumEpoch';
  readonly clusterId: string | null;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly preferredSuccessors: readonly number[];
}

export interface EndQuorumEpochResponse {
  readonly api: 'EndQuorumEpoch';
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

/**
 * Fetch (API 키 1)의 KRaft 쓰임: 팔로워가 리더에게서 끌어옵니다(pull). 요청의 (fetchOffset, lastFetchedEpoch)가
 * 팔로워 로그의 끝이고, 리더는 그것으로 갈라짐을 알아냅니다.
 */
export interface FetchRequest {
  readonly api: 'Fetch';
  readonly clusterId: string | null;
  /** replicaState.replicaId: 투표자나 관찰자의 노드 ID */
  readonly replicaId: number;
  readonly maxWaitMs: number;
  readonly currentLeaderEpoch: number;
  readonly fetchOffset: number;
  readonly lastFetchedEpoch: number;
  /** 팔로워가 아는 하이 워터마크. 리더의 값이 더 크면 리더는 기다리지 않고 곧바로 답합니다. */
  readonly highWatermark: number;
  readonly maxRecords: number;
}

export interface FetchResponse<T> {
  readonly api: 'Fetch';
  readonly errorCode: number;
  /** currentLeader */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly records: readonly LogEntry<T>[];
  /** 팔로워 로그가 갈라졌으면: 리더 로그에서 그 에포크가 끝나는 자리 */
  readonly divergingEpoch: OffsetAndEpoch | null;
  /** 팔로워가 로그 시작보다 뒤처졌으면: 받아 가야 할 스냅숏 */
  readonly snapshotId: OffsetAndEpoch | null;
}

/** FetchSnapshot (API 키 59): 스냅숏 파일을 바이트 구간으로 나눠 받아 갑니다. */
export interface FetchSnapshotRequest {
  readonly api: 'FetchSnapshot';
  readonly clusterId: string | null;
  readonly replicaId: number;
  readonly currentLeaderEpoch: number;
  readonly snapshotId: OffsetAndEpoch;
  readonly position: number;
  readonly maxBytes: number;
}

export interface FetchSnapshotResponse {
  readonly api: 'FetchSnapshot';
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly snapshotId: OffsetAndEpoch;
  /** 스냅숏 전체 크기 */
  readonly size: number;
  readonly position: number;
  readonly unalignedRecords: Uint8Array;
}

/** DescribeQuorum (API 키 55): `kafka-metadata-quorum.sh describe`가 보여 주는 것 */
export interface DescribeQuorumRequest {
  readonly api: 'DescribeQuorum';
}

export interface ReplicaDescription {
  readonly replicaId: number;
  readonly logEndOffset: number;
  readonly lastFetchTimestamp: number;
  readonly lastCaughtUpTimestamp: number;
}

export interface DescribeQuorumResponse {
  readonly api: 'DescribeQuorum';
  readonly errorCode: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly currentVoters: readonly ReplicaDescription[];
  readonly observers: readonly ReplicaDescription[];
}

export type RaftRequest =
  | VoteRequest
  | BeginQuorumEpochRequest
  | EndQuorumEpochRequest
  | FetchRequest
  | FetchSnapshotRequest
  | DescribeQuorumRequest;

export type RaftResponse<T> =
  | VoteResponse
  | BeginQuorumEpochResponse
  | EndQuorumEpochResponse
  | FetchResponse<T>
  | FetchSnapshotResponse
  | DescribeQuorumResponse;
