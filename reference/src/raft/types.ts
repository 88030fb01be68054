/**
 * KRaft 쿼럼의 낱말들: (오프셋, 에포크) 쌍, 로그 항목, 설정.
 *
 * 이 폴더의 코드는 입출력이 없는 상태 기계입니다. 시계, 난수, 네트워크, 디스크는 모두 바깥에서 받고
 * (`../runtime/`), 같은 코드가 진짜 프로세스와 시뮬레이터(`../sim/`)에서 똑같이 돕니다.
 */

/** 리더가 없다는 표시 (Kafka 응답의 `leaderId: -1`) */
export const NO_LEADER = -1;

/**
 * 로그의 한 자리: 오프셋과 그 레코드를 쓴 리더의 에포크. Kafka `OffsetAndEpoch`.
 * "끝 오프셋(end offset)"으로 쓸 때는 그 에포크의 마지막 레코드 다음 자리입니다.
 */
export interface OffsetAndEpoch {
  readonly offset: number;
  readonly epoch: number;
}

/**
 * 두 로그 위치의 비교: 에포크가 큰 쪽이 앞서고, 같으면 오프셋이 큰 쪽이 앞섭니다.
 * Kafka `OffsetAndEpoch.compareTo` — "더 최신의 로그"를 정하는 규칙이 이것입니다 (Raft 논문 §5.4.1과 같습니다).
 */
export function compareOffsetAndEpoch(a: OffsetAndEpoch, b: OffsetAndEpoch): number {
  return a.epoch !== b.epoch ? a.epoch - b.epoch : a.offset - b.offset;
}

/**
 * 새 리더가 뽑히자마자 자기 에포크로 맨 처음 쓰는 컨트롤 레코드 (Kafka `LeaderChangeMessage`, 컨트롤 레코드
 * 타입 2). 리더는 자기 에포크의 레코드가 커밋되기 전에는 하이 워터마크를 올리지 못하므로, 이 레코드가
 * 곧바로 그 역할을 합니다 (KIP-595).
 */
export interface LeaderChangeRecord {
  readonly type: 'LeaderChange';
  readonly leaderId: number;
  readonly voters: readonly number[];
  readonly grantingVoters: readonly number[];
}

/** 응용(컨트롤러)이 쓰는 레코드 */
export interface DataRecord<T> {
  readonly type: 'data';
  readonly data: T;
}

export type RaftRecord<T> = DataRecord<T> | LeaderChangeRecord;

/** 로그 항목 하나. 디스크에 JSON으로 적으므로 `T`는 JSON으로 바꿀 수 있어야 합니다. */
export interface LogEntry<T> {
  readonly offset: number;
  readonly epoch: number;
  readonly record: RaftRecord<T>;
}

/**
 * 쿼럼 설정. 이름은 Kafka의 `controller.quorum.*` 설정(`QuorumConfig`)과 같습니다.
 * 기본값은 Kafka의 기본값입니다.
 */
export interface QuorumConfig {
  /** `controller.quorum.voters`의 노드 ID들. 이 노드가 들어 있지 않으면 관찰자(observer)입니다. */
  readonly voters: readonly number[];
  readonly clusterId: string;
  /** `controller.quorum.election.timeout.ms`: 실제 시간 제한은 이것과 그 두 배 사이의 무작위 값 */
  readonly electionTimeoutMs: number;
  /** `controller.quorum.fetch.timeout.ms`: 이만큼 리더에게서 Fetch 응답을 못 받으면 선거를 시작합니다 */
  readonly fetchTimeoutMs: number;
  /** `controller.quorum.election.backoff.max.ms`: 물러난 리더가 정한 후임 순서에 따른 기다림의 상한 */
  readonly electionBackoffMaxMs: number;
  /** `controller.quorum.request.timeout.ms` */
  readonly requestTimeoutMs: number;
  /** `controller.quorum.retry.backoff.ms` */
  readonly retryBackoffMs: number;
  /** 리더가 새 레코드가 없는 Fetch를 붙잡아 두는 최대 시간 (Kafka `KafkaRaftClient.MAX_FETCH_WAIT_MS`) */
  readonly fetchMaxWaitMs: number;
  /** Fetch 응답 하나에 담는 최대 레코드 수. Kafka는 바이트(`controller.quorum.fetch.max.bytes`)로 잽니다. */
  readonly fetchMaxRecords: number;
  /** FetchSnapshot 응답 하나에 담는 최대 바이트 */
  readonly fetchSnapshotMaxBytes: number;
}

export const DEFAULT_QUORUM_CONFIG: Omit<QuorumConfig, 'voters' | 'clusterId'> = {
  electionTimeoutMs: 1000,
  fetchTimeoutMs: 2000,
  electionBackoffMaxMs: 1000,
  requestTimeoutMs: 2000,
  retryBackoffMs: 20,
  fetchMaxWaitMs: 500,
  fetchMaxRecords: 1000,
  fetchSnapshotMaxBytes: 20 * 1024 * 1024,
};

/** 과반(majority): 3표 중 2, 4표 중 3, 5표 중 3 */
export function majoritySize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}
