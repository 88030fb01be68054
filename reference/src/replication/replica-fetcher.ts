/**
 * 팔로워가 리더에게서 레코드를 끌어오는 일의 결정 (Kafka `AbstractFetcherThread`와 `ReplicaFetcherThread`).
 * 원본 브로커(리더) 하나마다 이것이 하나 있고, 그 브로커가 리더인 파티션들을 한 Fetch 요청에 모아 묻습니다.
 *
 * 입출력이 없습니다 (쿼럼의 `KafkaRaftClient`처럼): 소켓도 시계도 로그도 모릅니다. 부르는 쪽(드라이버,
 * `../server/replica-fetcher-manager.ts`)이 시각을 넘기고, 요청을 보내고, 돌려받은 일(`FetchAction`: 쓰기, 잘라 내기)을
 * 로그에 한 뒤 새 위치를 알려 줍니다. 그래서 시뮬레이터가 가상 시계와 가상 네트워크로 같은 결정을 돌릴 수 있습니다.
 *
 *   pollOffsetReset(now)   OFFSET_OUT_OF_RANGE를 받은 파티션이 있으면 리더에게 보낼 ListOffsets (드라이버가 먼저 봄)
 *   poll(now)              보낼 Fetch 요청 (이미 하나가 가 있거나, 물을 파티션이 없거나, 모두 쉬는 중이면 null)
 *   handleResponse(...)    Fetch 응답을 파티션마다 일로 바꿈: 레코드면 쓰기, divergingEpoch면 잘라 내기, 오류면 쉬기·빼기.
 *                          OFFSET_OUT_OF_RANGE면 그 파티션의 Fetch를 멈추고 리더의 로그 끝·시작을 묻기로 함
 *   handleListOffsetsResponse(...)  그 답으로 어디까지 잘라 내고 어디서 다시 받을지 (Kafka `fetchOffsetAndTruncate`)
 *   handleDisconnect(now)  답을 받지 못함: 보낸 파티션 모두 `replica.fetch.backoff.ms` 쉼
 *   advance                드라이버가 쓰기·잘라 내기를 마친 뒤의 새 위치 (다음 Fetch의 fetchOffset, lastFetchedEpoch)
 *
 * Fetch 세션(KIP-227): 원본 브로커마다 요청 하나가 오가는 한 줄이 곧 세션입니다. 이 브로커는 증분 세션을 구현하지
 * 않으므로(Fetch 응답의 sessionId가 언제나 0) 팔로워도 매번 모든 파티션을 담은 전체 요청(sessionId 0, epoch -1)을
 * 보냅니다. Kafka의 `FetchSessionHandler`가 세션이 없는 리더에게 하는 것과 같습니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { FetchRequestInput, FetchResponse } from '../protocol/messages/01-fetch.js';
import type { ListOffsetsRequestInput, ListOffsetsResponse } from '../protocol/messages/02-list-offsets.js';
import type { OffsetAndEpoch } from '../raft/types.js';

/** `replica.fetch.*` 설정 (Kafka `ReplicaFetcherThread`가 Fetch 요청에 싣는 값들) */
export interface ReplicaFetcherConfig {
  /** `replica.fetch.max.bytes`: 파티션마다 (기본 1 MiB) */
  readonly partitionMaxBytes: number;
  /** `replica.fetch.response.max.bytes`: 응답 전체 (기본 10 MiB) */
  readonly responseMaxBytes: number;
  /** `replica.fetch.wait.max.ms` (기본 500) */
  readonly maxWaitMs: number;
  /** `replica.fetch.min.bytes` (기본 1) */
  readonly minBytes: number;
  /** `replica.fetch.backoff.ms` (기본 1000): 오류 난 파티션, 끊긴 요청 뒤 쉬는 시간 */
  readonly backoffMs: number;
}

/** 팔로워가 Fetch에 싣는 Fetch 버전: v15+의 replicaState(브로커 에포크, KIP-903), v12+의 divergingEpoch */
export const REPLICA_FETCH_VERSION = 17;
/** 팔로워가 리더의 로그 끝·시작을 묻는 ListOffsets 버전 (v4+의 currentLeaderEpoch) */
export const REPLICA_LIST_OFFSETS_VERSION = 9;

/** ListOffsets의 특별한 시각: 로그 끝(-1), 로그 시작(-2). 복제본(replicaId ≥ 0)에게 리더는 "끝"을 LEO로 답합니다. */
const LATEST_TIMESTAMP = -1;
const EARLIEST_TIMESTAMP = -2;

export interface FetchPartitionKey {
  readonly topic: string;
  readonly partition: number;
}

/** 팔로워가 묻는 파티션 하나의 상태 (Kafka `PartitionFetchState`) */
export interface PartitionFetchState {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  /** 다음에 물을 오프셋 = 팔로워 로그의 끝 */
  readonly fetchOffset: number;
  /** 팔로워 로그의 마지막 배치의 리더 에포크 (없으면 -1) */
  readonly lastFetchedEpoch: number;
  /** 팔로워가 아는 리더 에포크: 리더는 이것으로 낡은 팔로워를 거절합니다 (KIP-320) */
  readonly currentLeaderEpoch: number;
  /** 팔로워의 로그 시작 오프셋 (리더의 DeleteRecords low watermark 계산에 쓰임) */
  readonly logStartOffset: number;
  /** 오류 뒤 이 시각까지 묻지 않습니다 (Kafka `DelayedItem`) */
  readonly delayedUntilMs: number;
  /**
   * OFFSET_OUT_OF_RANGE를 받아 리더에게 물을 차례 (없으면 null): 먼저 로그 끝(`latest`), 리더의 끝이 내 끝 이상이면
   * 다음에 로그 시작(`earliest`). 그동안 이 파티션은 Fetch에 싣지 않습니다.
   */
  readonly offsetReset: 'latest' | 'earliest' | null;
}

/** 파티션을 묻기 시작할 때 드라이버가 주는 상태 (쉬기와 오프셋 묻기는 fetcher가 정함) */
export type NewPartitionFetch = Omit<PartitionFetchState, 'delayedUntilMs' | 'offsetReset'>;

/** 응답을 받고 드라이버가 할 일 */
export type FetchAction =
  | {
      readonly kind: 'append';
      readonly topic: string;
      readonly partition: number;
      readonly records: Buffer;
      readonly highWatermark: number;
      readonly logStartOffset: number;
    }
  | {
      readonly kind: 'truncate';
      readonly topic: string;
      readonly partition: number;
      readonly divergingEpoch: OffsetAndEpoch;
      readonly fetchOffset: number;
    }
  /**
   * OFFSET_OUT_OF_RANGE 뒤 리더의 답으로 정한 잘라 내기 (Kafka `fetchOffsetAndTruncate`):
   * `truncateTo`는 내 끝이 리더의 끝보다 뒤라 리더의 끝까지 잘라 냄, `truncateFully`는 내 끝이 리더의 로그 시작보다
   * 앞이라(내가 멈춘 사이 리더가 DeleteRecords·보존으로 지움) 다 지우고 리더의 로그 시작에서 빈 로그로 다시 시작함.
   */
  | {
      readonly kind: 'truncateTo' | 'truncateFully';
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
    }
  /** 리더 에포크가 옛것이라 펜싱됨: 이 파티션을 빼고 새 메타데이터를 기다립니다 (Kafka `onPartitionFenced`) */
  | { readonly kind: 'fenced'; readonly topic: string; readonly partition: number }
  /** 다른 오류: 이 파티션만 `replica.fetch.backoff.ms` 쉽니다 (이미 상태에 반영, 드라이버는 로그로 남김) */
  | { readonly kind: 'backoff'; readonly topic: string; readonly partition: number; readonly errorCode: number };

const key = (topic: string, partition: number) => `${topic}-${partition}`;

export class ReplicaFetcher {
  readonly sourceBrokerId: number;
  readonly #localBrokerId: number;
  readonly #config: ReplicaFetcherConfig;
  readonly #partitions = new Map<string, PartitionFetchState>();
  /**
   * 보낸 요청(Fetch 또는 ListOffsets)에 담은 파티션과 그때의 상태. 답을 기다리는 동안 새 요청을 보내지 않습니다:
   * Kafka의 fetcher 스레드도 ListOffsets의 답을 Fetch 처리 안에서 기다렸다가 다음 Fetch로 넘어갑니다.
   */
  #inFlight: Map<string, PartitionFetchState> | null = null;

  constructor(sourceBrokerId: number, localBrokerId: number, config: ReplicaFetcherConfig) {
    this.sourceBrokerId = sourceBrokerId;
    this.#localBrokerId = localBrokerId;
    this.#config = config;
  }

  get partitionCount(): number {
    return this.#partitions.size;
  }

  get inFlight(): boolean {
    return this.#inFlight !== null;
  }

  partitionState(topic: string, partition: number): PartitionFetchState | undefined {
    return this.#partitions.get(key(topic, partition));
  }

  /**
   * 파티션을 묻기 시작합니다 (Kafka `addPartitions`). 이미 있는데 리더 에포크가 같으면 그대로 둡니다: 메타데이터가
   * ISR만 바꾼 것이라 Fetch를 다시 시작할 까닭이 없습니다. 위치는 팔로워 로그의 끝에서 시작합니다.
   */
  addPartition(state: NewPartitionFetch): void {
    const current = this.#partitions.get(key(state.topic, state.partition));
    if (current && current.currentLeaderEpoch === state.currentLeaderEpoch) return;
    this.#partitions.set(key(state.topic, state.partition), { ...state, delayedUntilMs: 0, offsetReset: null });
  }

  /** 더 묻지 않습니다 (리더가 바뀌었거나, 이 브로커가 리더가 되었거나, 토픽이 지워짐). Kafka `removePartitions`. */
  removePartition(topic: string, partition: number): void {
    this.#partitions.delete(key(topic, partition));
  }

  /**
   * 보낼 Fetch 요청 (Kafka `ReplicaFetcherThread.buildFetch`). 쉬는 파티션은 빼고, 남은 것이 없으면 null.
   * `brokerEpoch`는 이 브로커의 지금 에포크: 리더가 다시 켜지기 전의 낡은 Fetch를 가려냅니다 (KIP-903).
   */
  poll(nowMs: number, brokerEpoch: number): FetchRequestInput | null {
    if (this.#inFlight) return null;
    const ready = [...this.#partitions.values()].filter((p) => p.delayedUntilMs <= nowMs && p.offsetReset === null);
    if (ready.length === 0) return null;
    this.#inFlight = new Map(ready.map((p) => [key(p.topic, p.partition), p]));
    const byTopic = new Map<string, PartitionFetchState[]>();
    for (const p of ready) byTopic.set(p.topicId, [...(byTopic.get(p.topicId) ?? []), p]);
    return {
      // v15부터 팔로워의 ID는 replicaState에 싣습니다 (맨 위의 replicaId는 v14까지의 필드: 기본값 -1 그대로).
      replicaId: -1,
      replicaState: { replicaId: this.#localBrokerId, replicaEpoch: brokerEpoch },
      maxWaitMs: this.#config.maxWaitMs,
      minBytes: this.#config.minBytes,
      maxBytes: this.#config.responseMaxBytes,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [...byTopic].map(([topicId, partitions]) => ({
        topic: partitions[0]?.topic ?? '',
        topicId,
        partitions: partitions.map((p) => ({
          partition: p.partition,
          currentLeaderEpoch: p.currentLeaderEpoch,
          fetchOffset: p.fetchOffset,
          lastFetchedEpoch: p.lastFetchedEpoch,
          logStartOffset: p.logStartOffset,
          partitionMaxBytes: this.#config.partitionMaxBytes,
        })),
      })),
      forgottenTopicsData: [],
      rackId: '',
    };
  }

  /**
   * OFFSET_OUT_OF_RANGE를 받은 파티션들의 로그 끝 또는 시작을 리더에게 묻는 ListOffsets (Kafka
   * `RemoteLeaderEndPoint.fetchLatestOffset`/`fetchEarliestOffset`). replicaId에 이 브로커를 실어 복제본으로 묻고,
   * currentLeaderEpoch로 리더가 낡은 팔로워를 가려냅니다. 물을 것이 없거나 이미 요청이 가 있으면 null.
   */
  pollOffsetReset(nowMs: number): ListOffsetsRequestInput | null {
    if (this.#inFlight) return null;
    const ready = [...this.#partitions.values()].filter((p) => p.delayedUntilMs <= nowMs && p.offsetReset !== null);
    if (ready.length === 0) return null;
    this.#inFlight = new Map(ready.map((p) => [key(p.topic, p.partition), p]));
    const byTopic = new Map<string, PartitionFetchState[]>();
    for (const p of ready) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
    return {
      replicaId: this.#localBrokerId,
      isolationLevel: 0,
      topics: [...byTopic].map(([name, partitions]) => ({
        name,
        partitions: partitions.map((p) => ({
          partitionIndex: p.partition,
          currentLeaderEpoch: p.currentLeaderEpoch,
          timestamp: p.offsetReset === 'latest' ? LATEST_TIMESTAMP : EARLIEST_TIMESTAMP,
        })),
      })),
    };
  }

  /** 이 시각 뒤에 다시 poll하면 보낼 것이 생깁니다 (쉬는 파티션이 깨어나는 가장 이른 때). 없으면 null. */
  nextWakeMs(): number | null {
    if (this.#inFlight || this.#partitions.size === 0) return null;
    return Math.min(...[...this.#partitions.values()].map((p) => p.delayedUntilMs));
  }

  /**
   * Fetch 응답을 파티션마다 일로 바꿉니다 (Kafka `AbstractFetcherThread.processFetchRequest`). 보낸 뒤에 리더 에포크가
   * 바뀌었거나 빠진 파티션의 답은 버립니다: 그 답은 옛 리더의 것입니다. 오류마다:
   *
   *   NONE                                   레코드를 쓰고(`append`), divergingEpoch가 있으면 잘라 냄(`truncate`)
   *   FENCED_LEADER_EPOCH                    내 리더 에포크가 옛것: 파티션을 빼고 새 메타데이터를 기다림 (`fenced`)
   *   OFFSET_OUT_OF_RANGE                    내 위치가 리더의 로그 [시작, 끝] 밖: 이 파티션의 Fetch를 멈추고 리더의
   *                                          로그 끝부터 물음 (일은 없음: 다음 `pollOffsetReset`이 ListOffsets를 만듦)
   *   NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH, UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID,
   *   그 밖                                  리더가 아직 새 메타데이터를 모르거나 다른 문제: 그 파티션만 쉼 (`backoff`)
   */
  handleResponse(response: FetchResponse, nowMs: number): FetchAction[] {
    const sent = this.#inFlight ?? new Map<string, PartitionFetchState>();
    this.#inFlight = null;
    const actions: FetchAction[] = [];
    for (const topicResponse of response.responses) {
      for (const p of topicResponse.partitions) {
        const asked = [...sent.values()].find(
          (s) => s.topicId === topicResponse.topicId && s.partition === p.partitionIndex,
        );
        if (!asked) continue;
        // 보낸 뒤에 빠졌다 다시 들어왔거나(리더 에포크가 바뀜) 잘라 내 위치가 바뀐 파티션의 답은 버립니다
        // (Kafka: `fetchPartitionData.fetchOffset == currentFetchState.fetchOffset`일 때만 처리).
        const current = this.#partitions.get(key(asked.topic, asked.partition));
        if (
          !current ||
          current.currentLeaderEpoch !== asked.currentLeaderEpoch ||
          current.fetchOffset !== asked.fetchOffset
        )
          continue;
        const { topic, partition } = asked;
        if (p.errorCode === ErrorCode.NONE) {
          const diverging = p.divergingEpoch;
          if (diverging && diverging.epoch >= 0) {
            actions.push({
              kind: 'truncate',
              topic,
              partition,
              divergingEpoch: { epoch: diverging.epoch, offset: diverging.endOffset },
              fetchOffset: asked.fetchOffset,
            });
          } else if ((p.records?.length ?? 0) > 0 || p.highWatermark >= 0) {
            actions.push({
              kind: 'append',
              topic,
              partition,
              records: p.records ?? Buffer.alloc(0),
              highWatermark: p.highWatermark,
              logStartOffset: p.logStartOffset,
            });
          }
        } else if (p.errorCode === ErrorCode.FENCED_LEADER_EPOCH) {
          this.#partitions.delete(key(topic, partition));
          actions.push({ kind: 'fenced', topic, partition });
        } else if (p.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          this.#partitions.set(key(topic, partition), { ...current, offsetReset: 'latest' });
        } else {
          this.#delay(current, nowMs);
          actions.push({ kind: 'backoff', topic, partition, errorCode: p.errorCode });
        }
      }
    }
    // 응답 전체가 오류면(파티션이 비어 옴) 보낸 파티션 모두 쉽니다.
    if (response.errorCode !== ErrorCode.NONE) {
      for (const asked of sent.values()) {
        const current = this.#partitions.get(key(asked.topic, asked.partition));
        if (current) this.#delay(current, nowMs);
      }
    }
    return actions;
  }

  /**
   * 리더의 로그 끝·시작 답 (Kafka `AbstractFetcherThread.fetchOffsetAndTruncate`, `handleOutOfRangeError`). 내 로그 끝은
   * 물을 때의 fetchOffset입니다. 파티션마다:
   *
   *   끝을 물었고 리더의 끝 < 내 끝        리더의 끝까지 잘라 내고 거기서 받음 (`truncateTo`: 언클린 선출 뒤의 옛 리더)
   *   끝을 물었고 리더의 끝 ≥ 내 끝        이번에는 로그 시작을 물음
   *   시작을 물었고 리더의 시작 > 내 끝    다 지우고 리더의 시작에서 빈 로그로 (`truncateFully`: 멈춘 사이 리더가 앞을 지움)
   *   시작을 물었고 리더의 시작 ≤ 내 끝    잘라 내지 않고 내 끝에서 다시 받음 (그 사이 리더가 자랐을 뿐)
   *   FENCED_LEADER_EPOCH                 파티션을 빼고 새 메타데이터를 기다림 (`fenced`)
   *   그 밖의 오류, 답에 없음              묻기를 그만두고 쉼 (`backoff`): 다음 Fetch가 다시 OFFSET_OUT_OF_RANGE면
   *                                      처음부터 다시 물음
   *
   * 보낸 뒤 리더 에포크나 위치가 바뀐 파티션의 답은 버립니다.
   */
  handleListOffsetsResponse(response: ListOffsetsResponse, nowMs: number): FetchAction[] {
    const sent = this.#inFlight ?? new Map<string, PartitionFetchState>();
    this.#inFlight = null;
    const actions: FetchAction[] = [];
    for (const asked of sent.values()) {
      const { topic, partition } = asked;
      const current = this.#partitions.get(key(topic, partition));
      if (
        !current ||
        current.currentLeaderEpoch !== asked.currentLeaderEpoch ||
        current.fetchOffset !== asked.fetchOffset ||
        current.offsetReset !== asked.offsetReset
      )
        continue;
      const answer = response.topics
        .find((t) => t.name === topic)
        ?.partitions.find((p) => p.partitionIndex === partition);
      const replicaEndOffset = asked.fetchOffset;
      const resumed: PartitionFetchState = { ...current, offsetReset: null };
      if (answer?.errorCode === ErrorCode.FENCED_LEADER_EPOCH) {
        this.#partitions.delete(key(topic, partition));
        actions.push({ kind: 'fenced', topic, partition });
      } else if (!answer || answer.errorCode !== ErrorCode.NONE) {
        const errorCode = answer?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
        this.#delay(resumed, nowMs);
        actions.push({ kind: 'backoff', topic, partition, errorCode });
      } else if (asked.offsetReset === 'latest') {
        if (answer.offset < replicaEndOffset) {
          this.#partitions.set(key(topic, partition), resumed);
          actions.push({ kind: 'truncateTo', topic, partition, offset: answer.offset });
        } else {
          this.#partitions.set(key(topic, partition), { ...current, offsetReset: 'earliest' });
        }
      } else {
        this.#partitions.set(key(topic, partition), resumed);
        if (answer.offset > replicaEndOffset) {
          actions.push({ kind: 'truncateFully', topic, partition, offset: answer.offset });
        }
      }
    }
    return actions;
  }

  /**
   * 답을 받지 못함 (끊김, 시간 제한): 보낸 파티션 모두 쉽니다 (Kafka: `handlePartitionsWithErrors`). 리더의 로그 끝·시작을
   * 묻던 파티션은 묻기를 그만둡니다: 쉰 뒤의 Fetch가 다시 OFFSET_OUT_OF_RANGE면 처음부터 다시 묻습니다.
   */
  handleDisconnect(nowMs: number): void {
    const sent = this.#inFlight ?? new Map<string, PartitionFetchState>();
    this.#inFlight = null;
    for (const asked of sent.values()) {
      const current = this.#partitions.get(key(asked.topic, asked.partition));
      if (current) this.#delay({ ...current, offsetReset: null }, nowMs);
    }
  }

  /** 쓰기를 마친 뒤의 팔로워 로그: 다음 Fetch는 그 끝에서 (Kafka: `nextOffset`, `lastFetchedEpoch`) */
  advance(topic: string, partition: number, log: { logEndOffset: number; lastEpoch: number; logStartOffset: number }) {
    const current = this.#partitions.get(key(topic, partition));
    if (!current) return;
    this.#partitions.set(key(topic, partition), {
      ...current,
      fetchOffset: log.logEndOffset,
      lastFetchedEpoch: log.lastEpoch,
      logStartOffset: log.logStartOffset,
    });
  }

  #delay(state: PartitionFetchState, nowMs: number): void {
    this.#partitions.set(key(state.topic, state.partition), {
      ...state,
      delayedUntilMs: nowMs + this.#config.backoffMs,
    });
  }
}
