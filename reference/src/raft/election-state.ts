/**
 * 선거 상태(Election State): 노드가 죽었다 살아나도 잊으면 안 되는 것 — 지금 에포크, 그 에포크의 리더,
 * 그 에포크에 표를 준 후보. Kafka `ElectionState`이고, 디스크에는 `quorum-state` 파일로 남습니다.
 *
 * 왜 잊으면 안 되나: 표를 주고 나서 죽었다가 살아난 노드가 같은 에포크에 다른 후보에게 또 표를 주면, 한
 * 에포크에 리더가 둘 생길 수 있습니다. 그래서 투표나 에포크 변경은 이 파일을 fsync한 다음에야 밖으로
 * 알립니다 (`quorum-state-store.ts`).
 *
 * 파일 형식은 Kafka `FileQuorumStateStore`의 data_version 0과 같은 한 줄짜리 JSON입니다:
 *
 *     {"clusterId":"","leaderId":1,"leaderEpoch":2,"votedId":-1,"appliedOffset":0,
 *      "currentVoters":[{"voterId":1},{"voterId":2},{"voterId":3}],"data_version":0}
 *
 * (data_version 1은 KIP-853의 디렉터리 ID를 더합니다. 이 구현은 고정된 투표자 집합만 다루므로 0을 씁니다.)
 */
import { err, ok, type Result } from '../result.js';
import { NO_LEADER } from './types.js';

export interface ElectionState {
  readonly epoch: number;
  readonly leaderId: number | null;
  readonly votedId: number | null;
  readonly voters: readonly number[];
}

const DATA_VERSION = 0;

export function encodeElectionState(state: ElectionState): Uint8Array {
  const json = {
    clusterId: '',
    leaderId: state.leaderId ?? NO_LEADER,
    leaderEpoch: state.epoch,
    votedId: state.votedId ?? NO_LEADER,
    appliedOffset: 0,
    currentVoters: [...state.voters].sort((a, b) => a - b).map((voterId) => ({ voterId })),
    data_version: DATA_VERSION,
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** 파일 내용을 읽습니다. 형식이 맞지 않으면 이유와 함께 실패를 돌려줍니다 (Kafka는 IOException을 던집니다). */
export function decodeElectionState(bytes: Uint8Array): Result<{ state: ElectionState }, string> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes).split('\n')[0] ?? '');
  } catch {
    return err('quorum-state가 JSON이 아닙니다');
  }
  if (typeof json !== 'object' || json === null) return err('quorum-state가 객체가 아닙니다');
  const data = json as Record<string, unknown>;
  if (data.data_version !== 0 && data.data_version !== 1) {
    return err(`지원하지 않는 data_version: ${String(data.data_version)}`);
  }
  const int = (value: unknown) => (Number.isInteger(value) ? (value as number) : NO_LEADER);
  const epoch = int(data.leaderEpoch);
  if (epoch < 0) return err('leaderEpoch가 없습니다');
  const leaderId = int(data.leaderId);
  const votedId = int(data.votedId);
  const voters = Array.isArray(data.currentVoters)
    ? data.currentVoters.map((v) => int((v as { voterId?: unknown }).voterId)).filter((id) => id >= 0)
    : [];
  return ok({
    state: {
      epoch,
      leaderId: leaderId === NO_LEADER ? null : leaderId,
      votedId: votedId === NO_LEADER ? null : votedId,
      voters,
    },
  });
}
