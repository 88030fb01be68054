/**
 * 팔로워 복제본들의 Fetch 루프를 돌리는 얇은 드라이버 (Kafka `ReplicaFetcherManager`와 `ReplicaFetcherThread`의
 * 스레드 부분). 결정은 `../replication/replica-fetcher.ts`의 `ReplicaFetcher`가 하고, 여기서는 그것을 시계, 전송,
 * 로그에 잇습니다 (쿼럼의 `raft-driver.ts`와 같은 모양):
 *
 *   poll → 요청이 있으면 리더 브로커에게 Fetch를 보냄 → 답의 일(쓰기, 잘라 내기)을 로그에 함 → 새 위치를 알림 → 다시 poll
 *
 * OFFSET_OUT_OF_RANGE를 받은 파티션이 있으면 Fetch보다 먼저 리더에게 ListOffsets로 로그 끝·시작을 묻고, 답에 따라
 * 잘라 낸 뒤 다시 Fetch합니다 (Kafka `AbstractFetcherThread.handleOutOfRangeError`).
 *
 * 원본 브로커(리더)마다 `ReplicaFetcher` 하나와 요청 하나가 오가는 줄 하나. 파티션의 리더가 바뀌면 옛 리더의 줄에서
 * 빼고 새 리더의 줄에 넣습니다 (Kafka `addFetcherForPartitions`, `removeFetcherForPartitions`). 물을 것이 없으면 쉬고,
 * 오류 난 파티션은 `replica.fetch.backoff.ms` 뒤에 다시 묻습니다. 소켓은 주입된 `Transport`(진짜 프로세스는 TCP의
 * `NetworkClient`)가, 시각은 주입된 시계가 맡습니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { errorName } from '../protocol/error-codes.js';
import type { FetchResponse } from '../protocol/messages/01-fetch.js';
import type { ListOffsetsResponse } from '../protocol/messages/02-list-offsets.js';
import type { OffsetAndEpoch } from '../raft/types.js';
import {
  type FetchAction,
  type NewPartitionFetch,
  REPLICA_FETCH_VERSION,
  REPLICA_LIST_OFFSETS_VERSION,
  ReplicaFetcher,
  type ReplicaFetcherConfig,
} from '../replication/replica-fetcher.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { Transport } from '../runtime/transport.js';
import { josa } from './josa.js';
import type { Logger } from './logger.js';

/** 팔로워 로그의 끝: 다음 Fetch를 어디서 시작할지 */
export interface FollowerLogPosition {
  readonly logEndOffset: number;
  readonly lastEpoch: number;
  readonly logStartOffset: number;
}

/** 드라이버가 팔로워 로그에 하는 일 (ReplicaManager가 구현). 팔로워가 아니게 되었으면 null. */
export interface FollowerLogs {
  appendAsFollower(
    topic: string,
    partition: number,
    records: Buffer,
    highWatermark: number,
    leaderLogStartOffset: number,
  ): FollowerLogPosition | null;
  truncateOnDivergingEpoch(
    topic: string,
    partition: number,
    diverging: OffsetAndEpoch,
    fetchOffset: number,
  ): FollowerLogPosition | null;
  /** 리더의 로그 끝이 내 끝보다 앞일 때 (OFFSET_OUT_OF_RANGE 뒤, Kafka `ReplicaFetcherThread.truncate`) */
  truncateTo(topic: string, partition: number, offset: number): FollowerLogPosition | null;
  /** 리더의 로그 시작이 내 끝보다 뒤일 때: 다 지우고 거기서 빈 로그로 (Kafka `truncateFullyAndStartAt`) */
  truncateFullyAndStartAt(topic: string, partition: number, offset: number): FollowerLogPosition | null;
}

export interface ReplicaFetcherManagerOptions {
  readonly localBrokerId: number;
  readonly config: ReplicaFetcherConfig;
  readonly clock: Clock;
  /** 다른 브로커의 브로커 리스너로 (노드 ID → 메타데이터가 아는 그 브로커의 주소) */
  readonly transport: Transport<ApiRequest, unknown>;
  /** 이 브로커의 에포크 (Fetch의 replicaState.replicaEpoch) */
  readonly brokerEpoch: () => number;
  readonly logs: FollowerLogs;
  readonly logger: Logger;
}

export class ReplicaFetcherManager {
  readonly #options: ReplicaFetcherManagerOptions;
  readonly #fetchers = new Map<number, ReplicaFetcher>();
  readonly #timers = new Map<number, TimerHandle>();
  #closed = false;

  constructor(options: ReplicaFetcherManagerOptions) {
    this.#options = options;
  }

  /** 이 파티션을 `leaderId`에게서 끌어옵니다 (다른 리더의 줄에 있었다면 거기서 뺍니다). */
  addPartition(leaderId: number, state: NewPartitionFetch): void {
    if (this.#closed) return;
    for (const [source, fetcher] of this.#fetchers) {
      if (source !== leaderId) fetcher.removePartition(state.topic, state.partition);
    }
    let fetcher = this.#fetchers.get(leaderId);
    if (!fetcher) {
      fetcher = new ReplicaFetcher(leaderId, this.#options.localBrokerId, this.#options.config);
      this.#fetchers.set(leaderId, fetcher);
    }
    fetcher.addPartition(state);
    this.#kick(fetcher);
  }

  /** 더 끌어오지 않습니다: 이 브로커가 리더가 되었거나, 리더가 없거나, 토픽이 지워졌습니다. */
  removePartition(topic: string, partition: number): void {
    for (const fetcher of this.#fetchers.values()) fetcher.removePartition(topic, partition);
  }

  /** 지금 이 파티션을 어느 리더에게서 끌어오는지 (없으면 null) */
  sourceOf(topic: string, partition: number): number | null {
    for (const [source, fetcher] of this.#fetchers) if (fetcher.partitionState(topic, partition)) return source;
    return null;
  }

  shutdown(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) this.#options.clock.cancel(timer);
    this.#timers.clear();
  }

  /** 보낼 것이 있으면 보내고, 없으면 가장 이른 깨어날 때에 다시 옵니다. */
  #kick(fetcher: ReplicaFetcher): void {
    const { clock, transport } = this.#options;
    if (this.#closed) return;
    this.#cancelTimer(fetcher.sourceBrokerId);
    const now = clock.now();
    const request = this.#nextRequest(fetcher, now);
    if (request) {
      try {
        transport.send(fetcher.sourceBrokerId, request, (reply) => {
          if (this.#closed || this.#fetchers.get(fetcher.sourceBrokerId) !== fetcher) return;
          if (!reply.ok) fetcher.handleDisconnect(clock.now());
          else if (request.apiKey === ApiKey.Fetch) {
            this.#apply(fetcher, fetcher.handleResponse(reply.response as FetchResponse, clock.now()));
          } else {
            this.#apply(fetcher, fetcher.handleListOffsetsResponse(reply.response as ListOffsetsResponse, clock.now()));
          }
          this.#kick(fetcher);
        });
        return;
      } catch (error) {
        // 요청을 만들지 못함(인코딩 오류 같은 버그): 메타데이터를 적용하던 쪽으로 던지지 않고, 남기고 쉬었다 다시 합니다.
        this.#options.logger.error(`브로커 ${fetcher.sourceBrokerId}에게 Fetch를 보내지 못했습니다`, error);
        fetcher.handleDisconnect(now);
      }
    }
    const wake = fetcher.nextWakeMs();
    if (wake === null) return;
    this.#timers.set(
      fetcher.sourceBrokerId,
      clock.schedule(Math.max(0, wake - now), () => {
        this.#timers.delete(fetcher.sourceBrokerId);
        this.#kick(fetcher);
      }),
    );
  }

  /** 리더의 로그 끝·시작을 물을 파티션이 있으면 그 ListOffsets, 없으면 Fetch (어느 쪽도 없으면 null) */
  #nextRequest(fetcher: ReplicaFetcher, now: number): ApiRequest | null {
    const offsets = fetcher.pollOffsetReset(now);
    if (offsets) return { apiKey: ApiKey.ListOffsets, apiVersion: REPLICA_LIST_OFFSETS_VERSION, body: offsets };
    const fetch = fetcher.poll(now, this.#options.brokerEpoch());
    return fetch ? { apiKey: ApiKey.Fetch, apiVersion: REPLICA_FETCH_VERSION, body: fetch } : null;
  }

  #apply(fetcher: ReplicaFetcher, actions: readonly FetchAction[]): void {
    const { logs, logger } = this.#options;
    for (const action of actions) {
      const { topic, partition } = action;
      const where = `${topic}-${partition}`;
      try {
        switch (action.kind) {
          case 'append': {
            const position = logs.appendAsFollower(
              topic,
              partition,
              action.records,
              action.highWatermark,
              action.logStartOffset,
            );
            if (position) fetcher.advance(topic, partition, position);
            else fetcher.removePartition(topic, partition);
            break;
          }
          case 'truncate': {
            const position = logs.truncateOnDivergingEpoch(topic, partition, action.divergingEpoch, action.fetchOffset);
            if (position) {
              logger.info(
                `${where}: 리더(브로커 ${fetcher.sourceBrokerId})와 에포크 ${action.divergingEpoch.epoch}에서 갈라져 오프셋 ${position.logEndOffset}까지 잘라 냈습니다`,
              );
              fetcher.advance(topic, partition, position);
            } else fetcher.removePartition(topic, partition);
            break;
          }
          case 'truncateTo':
          case 'truncateFully': {
            const position =
              action.kind === 'truncateTo'
                ? logs.truncateTo(topic, partition, action.offset)
                : logs.truncateFullyAndStartAt(topic, partition, action.offset);
            if (position) {
              logger.warn(
                action.kind === 'truncateTo'
                  ? `${where}: 리더(브로커 ${fetcher.sourceBrokerId})의 로그 끝 ${josa(action.offset, '이/가')} 이 복제본의 끝보다 앞이라 거기까지 잘라 냈습니다 (OFFSET_OUT_OF_RANGE)`
                  : `${where}: 리더(브로커 ${fetcher.sourceBrokerId})의 로그 시작 ${josa(action.offset, '이/가')} 이 복제본의 끝보다 뒤라 로그를 모두 지우고 거기서 다시 받습니다 (OFFSET_OUT_OF_RANGE)`,
              );
              fetcher.advance(topic, partition, position);
            } else fetcher.removePartition(topic, partition);
            break;
          }
          case 'fenced':
            logger.info(`${where}: 리더 에포크가 옛것이라 새 메타데이터를 기다립니다 (FENCED_LEADER_EPOCH)`);
            break;
          case 'backoff':
            logger.debug(
              `${where}: 브로커 ${fetcher.sourceBrokerId}의 Fetch 답이 ${errorName(action.errorCode)}라 잠시 쉽니다`,
            );
            break;
        }
      } catch (error) {
        // 쓰기가 실패하면(디스크 등) 그 파티션만 빼고 나머지는 계속 끌어옵니다 (Kafka: 파티션을 failed로 표시).
        logger.error(
          `${where}: 팔로워 쓰기 실패 (${error instanceof Error ? error.message : String(error)}): 이 파티션의 Fetch를 멈춥니다`,
          error,
        );
        fetcher.removePartition(topic, partition);
      }
    }
  }

  #cancelTimer(source: number): void {
    const timer = this.#timers.get(source);
    if (timer) this.#options.clock.cancel(timer);
    this.#timers.delete(source);
  }
}
