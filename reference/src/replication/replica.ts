/**
 * 리더가 원격 복제본(팔로워) 하나에 대해 기억하는 것. Kafka `kafka.cluster.Replica`와 `ReplicaState`.
 * 팔로워의 Fetch 요청이 곧 "나는 여기까지 가졌다"는 보고라서, 리더는 Fetch마다 이 상태를 고칩니다.
 *
 * 입출력이 없습니다: 상태를 받아 새 상태를 돌려줍니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok, type Result } from '../result.js';

export interface ReplicaState {
  /** 팔로워가 Fetch에 실어 보낸 자기 로그 시작 오프셋 (모르면 -1) */
  readonly logStartOffset: number;
  /** 팔로워의 LEO = 마지막 Fetch의 fetchOffset (모르면 -1) */
  readonly logEndOffset: number;
  /** 지난 Fetch를 받았을 때의 리더 LEO */
  readonly lastFetchLeaderLogEndOffset: number;
  /** 지난 Fetch를 받은 시각 */
  readonly lastFetchTimeMs: number;
  /** 리더의 LEO를 마지막으로 따라잡은 시각: ISR 판단(`decisions.ts`의 `isCaughtUp`)이 이것을 봅니다 */
  readonly lastCaughtUpTimeMs: number;
  /** 팔로워가 Fetch에 실어 보낸 브로커 에포크 (Fetch v15+ replicaState.replicaEpoch). 아직 모르면 null. */
  readonly brokerEpoch: number | null;
}

/** 처음 보는 복제본 (Kafka `ReplicaState.Empty`) */
export const EMPTY_REPLICA_STATE: ReplicaState = {
  logStartOffset: -1,
  logEndOffset: -1,
  lastFetchLeaderLogEndOffset: 0,
  lastFetchTimeMs: 0,
  lastCaughtUpTimeMs: 0,
  brokerEpoch: null,
};

export interface FollowerFetch {
  readonly fetchOffset: number;
  readonly logStartOffset: number;
  readonly fetchTimeMs: number;
  /** Fetch를 받은 순간의 리더 LEO (읽기 전의 값: 읽는 사이의 쓰기가 팔로워를 뒤처지게 만들지 않도록) */
  readonly leaderEndOffset: number;
  /** -1이면 옛 Fetch 버전이라 모릅니다 */
  readonly brokerEpoch: number;
}

/**
 * 팔로워의 Fetch를 적습니다. Kafka `Replica.updateFetchStateOrThrow`:
 *
 *   - 메타데이터가 아는 그 브로커의 에포크보다 옛 에포크의 Fetch는 NOT_LEADER_OR_FOLLOWER (다시 켜지기 전의 낡은 요청)
 *   - 이번 Fetch가 리더의 지금 LEO에 닿았으면 따라잡은 시각 = 이번 Fetch 시각
 *   - 아니면, 지난 Fetch 때의 리더 LEO에 닿았으면 따라잡은 시각 = 지난 Fetch 시각
 *
 * 두 번째 규칙 덕분에, 작은 쓰기가 잇따라 와서 fetchOffset이 늘 리더의 LEO보다 조금 뒤인 팔로워도 "지난번의 끝까지는
 * 따라왔다"로 ISR에 남습니다.
 */
export function updateFetchState(
  state: ReplicaState,
  fetch: FollowerFetch,
  registeredBrokerEpoch: number | null,
): Result<{ state: ReplicaState }, typeof ErrorCode.NOT_LEADER_OR_FOLLOWER> {
  if (fetch.brokerEpoch !== -1 && registeredBrokerEpoch !== null && registeredBrokerEpoch > fetch.brokerEpoch) {
    return err(
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
      `stale fetch state update: broker epoch ${fetch.brokerEpoch} vs expected ${registeredBrokerEpoch}`,
    );
  }
  let lastCaughtUpTimeMs = state.lastCaughtUpTimeMs;
  if (fetch.fetchOffset >= fetch.leaderEndOffset) {
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, fetch.fetchTimeMs);
  } else if (fetch.fetchOffset >= state.lastFetchLeaderLogEndOffset) {
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, state.lastFetchTimeMs);
  }
  return ok({
    state: {
      logStartOffset: fetch.logStartOffset,
      logEndOffset: fetch.fetchOffset,
      lastFetchLeaderLogEndOffset: Math.max(fetch.leaderEndOffset, state.lastFetchLeaderLogEndOffset),
      lastFetchTimeMs: fetch.fetchTimeMs,
      lastCaughtUpTimeMs,
      brokerEpoch: fetch.brokerEpoch,
    },
  });
}

/**
 * 리더로 뽑히거나 다시 뽑혔을 때 팔로워 상태를 새로 합니다. Kafka `Replica.resetReplicaState`: ISR에 있던 팔로워는
 * 지금 따라잡은 것으로(곧바로 ISR에서 빠지지 않게), 아니면 0으로(하이 워터마크를 붙잡지 않게) 둡니다. 새 리더라면
 * 옛 LEO는 믿지 않습니다.
 */
export function resetReplicaState(
  state: ReplicaState,
  reset: { nowMs: number; leaderEndOffset: number; isNewLeader: boolean; isFollowerInSync: boolean },
): ReplicaState {
  const lastCaughtUpTimeMs = reset.isFollowerInSync ? reset.nowMs : 0;
  if (reset.isNewLeader) {
    return {
      logStartOffset: -1,
      logEndOffset: -1,
      lastFetchLeaderLogEndOffset: -1,
      lastFetchTimeMs: 0,
      lastCaughtUpTimeMs,
      brokerEpoch: null,
    };
  }
  return {
    ...state,
    lastFetchLeaderLogEndOffset: reset.leaderEndOffset,
    lastFetchTimeMs: reset.isFollowerInSync ? reset.nowMs : 0,
    lastCaughtUpTimeMs,
  };
}
