/**
 * 리더가 복제본에게 주는 답: Fetch, FetchSnapshot, DescribeQuorum. 상태를 바꾸지 않는 함수들이고, 바꾸는 것은
 * 리더 장부(`LeaderState`)에 "이 복제본이 여기까지 가져갔다"를 적는 것뿐입니다. Kafka `KafkaRaftClient`의
 * `tryCompleteFetchRequest`, `handleFetchSnapshotRequest`, `handleDescribeQuorumRequest`.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err } from '../result.js';
import { validateLeaderOnlyRequest } from './decisions.js';
import { LeaderState } from './leader-state.js';
import type {
  DescribeQuorumResponse,
  FetchRequest,
  FetchResponse,
  FetchSnapshotRequest,
  FetchSnapshotResponse,
} from './messages.js';
import type { EpochState } from './quorum-state.js';
import type { RaftLog } from './raft-log.js';
import type { Snapshot } from './snapshot.js';
import { type LogEntry, NO_LEADER, type QuorumConfig } from './types.js';

/** 리더가 지키는 스냅숏과 그 파일의 바이트 (FetchSnapshot은 바이트 구간으로 나눠 줍니다) */
export interface StoredSnapshot<T> {
  readonly snapshot: Snapshot<T>;
  readonly bytes: Uint8Array;
}

/** 답하는 노드가 보는 자기 모습 */
export interface ResponderView<T> {
  readonly epoch: number;
  /** 아는 리더 (모르면 -1) */
  readonly leaderId: number;
  readonly state: EpochState;
  readonly log: RaftLog<T>;
  readonly config: QuorumConfig;
  readonly nowMs: number;
  readonly shuttingDown: boolean;
  readonly snapshots: readonly StoredSnapshot<T>[];
}

/** 클러스터 ID가 없으면 검사하지 않습니다 (Kafka `hasValidClusterId`). */
export function hasValidClusterId(config: QuorumConfig, clusterId: string | null): boolean {
  return clusterId === null || clusterId === config.clusterId;
}

export function emptyFetchResponse<T>(view: ResponderView<T>, errorCode: number): FetchResponse<T> {
  const inconsistent = errorCode === ErrorCode.INCONSISTENT_CLUSTER_ID;
  return {
    api: 'Fetch',
    errorCode,
    leaderId: inconsistent ? NO_LEADER : view.leaderId,
    leaderEpoch: inconsistent ? -1 : view.epoch,
    highWatermark: -1,
    logStartOffset: view.log.startOffset,
    records: [],
    divergingEpoch: null,
    snapshotId: null,
  };
}

/** 말이 안 되는 Fetch: 음수 대기 시간·오프셋·에포크, 요청 에포크보다 큰 lastFetchedEpoch (Kafka `handleFetchRequest`) */
export function isInvalidFetchRequest(request: FetchRequest): boolean {
  return (
    request.maxWaitMs < 0 ||
    request.fetchOffset < 0 ||
    request.lastFetchedEpoch < 0 ||
    request.lastFetchedEpoch > request.currentLeaderEpoch
  );
}

/**
 * Fetch에 지금 줄 수 있는 답. 팔로워의 위치를 맞춰 보고 레코드, 갈라진 자리(divergingEpoch), 또는 받아 갈
 * 스냅숏(snapshotId)으로 답합니다. 위치가 맞으면 리더 장부에 적고, 그래서 하이 워터마크가 올랐는지도 알려 줍니다.
 * Kafka `tryCompleteFetchRequest`.
 */
export function tryCompleteFetchRequest<T>(
  view: ResponderView<T>,
  from: number,
  request: FetchRequest,
): { response: FetchResponse<T>; highWatermarkUpdated: boolean } {
  const { state, log } = view;
  const valid = validateLeaderOnlyRequest(
    { epoch: view.epoch, isLeader: state.name === 'Leader', shuttingDown: view.shuttingDown },
    request.currentLeaderEpoch,
  );
  if (!valid.ok || !(state instanceof LeaderState)) {
    return {
      response: emptyFetchResponse(view, valid.ok ? ErrorCode.UNKNOWN_SERVER_ERROR : valid.error),
      highWatermarkUpdated: false,
    };
  }
  // 팔로워의 로그가 비었고 스냅숏이 있으면, 로그를 처음부터 읽는 것보다 스냅숏이 낫습니다.
  const latest = view.snapshots.at(-1)?.snapshot;
  const position =
    request.fetchOffset === 0 && latest && latest.id.offset > 0
      ? err({ kind: 'SNAPSHOT' as const, snapshotId: latest.id })
      : log.validateOffsetAndEpoch(request.fetchOffset, request.lastFetchedEpoch);
  let records: LogEntry<T>[] = [];
  let highWatermarkUpdated = false;
  if (position.ok) {
    records = log.read(request.fetchOffset, Math.min(request.maxRecords, view.config.fetchMaxRecords));
    highWatermarkUpdated = state.updateReplicaState(from, view.nowMs, request.fetchOffset);
  }
  return {
    response: {
      ...emptyFetchResponse(view, ErrorCode.NONE),
      records,
      highWatermark: state.highWatermark ?? -1,
      divergingEpoch: !position.ok && position.error.kind === 'DIVERGING' ? position.error.divergingEpoch : null,
      snapshotId: !position.ok && position.error.kind === 'SNAPSHOT' ? position.error.snapshotId : null,
    },
    highWatermarkUpdated,
  };
}

/**
 * 바로 답할지: 오류, 레코드, 기다리지 말라는 요청, 갈라짐, 스냅숏, 또는 팔로워가 모르는 새 하이 워터마크가
 * 있으면 바로 답합니다. 아니면 리더는 새 레코드가 올 때까지(최대 maxWaitMs) 답을 붙잡아 둡니다 (long polling).
 */
export function shouldAnswerFetchNow<T>(request: FetchRequest, response: FetchResponse<T>): boolean {
  return (
    response.errorCode !== ErrorCode.NONE ||
    response.records.length > 0 ||
    request.maxWaitMs === 0 ||
    response.divergingEpoch !== null ||
    response.snapshotId !== null ||
    request.highWatermark < response.highWatermark
  );
}

/** FetchSnapshot: 스냅숏 파일의 [position, position + maxBytes) 조각. Kafka `handleFetchSnapshotRequest` */
export function fetchSnapshotResponse<T>(
  view: ResponderView<T>,
  from: number,
  request: FetchSnapshotRequest,
): FetchSnapshotResponse {
  const build = (errorCode: number, extra: Partial<FetchSnapshotResponse> = {}): FetchSnapshotResponse => ({
    api: 'FetchSnapshot',
    errorCode,
    leaderId: view.leaderId,
    leaderEpoch: view.epoch,
    snapshotId: request.snapshotId,
    size: -1,
    position: -1,
    unalignedRecords: new Uint8Array(0),
    ...extra,
  });
  if (!hasValidClusterId(view.config, request.clusterId)) {
    return build(ErrorCode.INCONSISTENT_CLUSTER_ID, { leaderId: NO_LEADER, leaderEpoch: -1 });
  }
  const { state } = view;
  const valid = validateLeaderOnlyRequest(
    { epoch: view.epoch, isLeader: state.name === 'Leader', shuttingDown: view.shuttingDown },
    request.currentLeaderEpoch,
  );
  if (!valid.ok || !(state instanceof LeaderState))
    return build(valid.ok ? ErrorCode.UNKNOWN_SERVER_ERROR : valid.error);
  const stored = view.snapshots.find(
    (s) => s.snapshot.id.offset === request.snapshotId.offset && s.snapshot.id.epoch === request.snapshotId.epoch,
  );
  if (!stored) return build(ErrorCode.SNAPSHOT_NOT_FOUND);
  const size = stored.bytes.length;
  if (request.position < 0 || request.position >= size) return build(ErrorCode.POSITION_OUT_OF_RANGE);
  // 스냅숏을 받아 가는 것도 리더를 따르는 것이므로 check-quorum에 셉니다.
  state.updateCheckQuorumForFollowingVoter(from, view.nowMs);
  const maxBytes = Math.min(request.maxBytes, view.config.fetchSnapshotMaxBytes);
  return build(ErrorCode.NONE, {
    size,
    position: request.position,
    unalignedRecords: stored.bytes.slice(request.position, request.position + maxBytes),
  });
}

/**
 * DescribeQuorum: 리더만 답합니다. Kafka `handleDescribeQuorumRequest`. 리더가 아니면(물러난 리더도) 오류만 답하고 나머지
 * 칸은 비워 둡니다 (`DescribeQuorumResponse.singletonErrorResponse`: 리더 ID·에포크·하이 워터마크 모두 0). 리더가 누구라고
 * 알려 주지 않으니, 묻는 쪽은 투표자를 차례로 물어 오류 없는 답을 찾습니다 (`kafka-metadata-quorum.sh`처럼).
 */
export function describeQuorumResponse<T>(view: ResponderView<T>): DescribeQuorumResponse {
  const { state } = view;
  if (!(state instanceof LeaderState)) {
    return {
      api: 'DescribeQuorum',
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      leaderId: 0,
      leaderEpoch: 0,
      highWatermark: 0,
      currentVoters: [],
      observers: [],
    };
  }
  const { voters, observers } = state.describe(view.nowMs);
  return {
    api: 'DescribeQuorum',
    errorCode: ErrorCode.NONE,
    leaderId: state.localId,
    leaderEpoch: state.epoch,
    highWatermark: state.highWatermark ?? -1,
    currentVoters: voters,
    observers,
  };
}
