/**
 * 마커를 파티션 리더에게 보내는 길 (Kafka: TransactionMarkerChannelManager, TransactionMarkerRequestCompletionHandler).
 * 코디네이터는 PrepareCommit/PrepareAbort가 ISR에 닿은 뒤 트랜잭션의 파티션을 **지금의 리더**별로 나눠, 리더마다
 * WriteTxnMarkers(API 27) 하나를 보냅니다. 리더가 다른 브로커면 브로커 리스너로, 이 브로커면 소켓 없이 같은 핸들러를
 * 부릅니다 (`send`가 정합니다). 파티션마다의 답으로:
 *
 *   NONE                                         그 파티션은 끝
 *   NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION,
 *   NOT_ENOUGH_REPLICAS(_AFTER_APPEND), REQUEST_TIMED_OUT,
 *   KAFKA_STORAGE_ERROR, 답 없음(끊김)             잠시 뒤 그때의 리더에게 다시 (메타데이터는 컨트롤러가 밀어 주므로
 *                                                 다시 묻는 것이 곧 새로 고침입니다)
 *   INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED
 *                                                 이 트랜잭션의 마커를 그만 보냄 (에포크가 바뀌었습니다)
 *   리더를 모름(토픽이 지워짐)                      그 파티션을 건너뜀 (Kafka: 리더 주소가 None이면 지워진 것으로 봄)
 *
 * 보내는 사이 코디네이터가 바뀌면(장부 파티션의 리더 자리를 잃음, 코디네이터 에포크가 바뀜: `stillCurrent`) 그만 보냅니다.
 * 새 코디네이터가 장부를 읽고 Prepare에 남은 트랜잭션의 마커를 새 코디네이터 에포크로 다시 보냅니다.
 *
 * Kafka와 다른 점: Kafka는 목적지 브로커마다 줄(queue) 하나를 두고 여러 트랜잭션의 마커를 한 요청에 묶습니다. 여기서는
 * 트랜잭션마다 목적지별 요청을 따로 보냅니다 (답은 같고, 요청 수만 많습니다).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type {
  WriteTxnMarkersRequestInput,
  WriteTxnMarkersResponse,
} from '../protocol/messages/27-write-txn-markers.js';
import type { Logger } from '../server/logger.js';
import type { TopicPartition } from './transaction-state.js';

/** 한 트랜잭션의 마커 (Kafka: TxnMarkerEntry) */
export interface TxnMarkerEntry {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly commit: boolean;
  readonly coordinatorEpoch: number;
  readonly partitions: readonly TopicPartition[];
}

export interface TransactionMarkerChannelOptions {
  /** 파티션의 지금 리더. 리더가 없으면(오프라인) null, 토픽·파티션이 없어졌으면 undefined. */
  readonly leaderOf: (topic: string, partition: number) => number | null | undefined;
  /** 브로커 `destination`에 WriteTxnMarkers를 보냅니다. 답을 받지 못하면(끊김, 시간 초과) null. */
  readonly send: (destination: number, request: WriteTxnMarkersRequestInput) => Promise<WriteTxnMarkersResponse | null>;
  /** 다시 보내기 전의 대기 */
  readonly sleep: (ms: number) => Promise<void>;
  readonly retryBackoffMs: number;
  readonly log: Logger;
}

/** 다시 보내면 되는 오류 (TransactionMarkerRequestCompletionHandler의 "retriable errors") */
const RETRIABLE = new Set<number>([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.NOT_ENOUGH_REPLICAS,
  ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
  ErrorCode.REQUEST_TIMED_OUT,
  ErrorCode.KAFKA_STORAGE_ERROR,
]);

/** 이 트랜잭션의 마커를 그만 보내야 하는 까닭 */
export class MarkersCancelled extends Error {}

export class TransactionMarkerChannelManager {
  readonly #options: TransactionMarkerChannelOptions;
  #closed = false;

  constructor(options: TransactionMarkerChannelOptions) {
    this.#options = options;
  }

  /**
   * 모든 파티션이 마커를 받으면(또는 지워진 파티션이라 건너뛰면) 끝납니다. 그만 보내야 하면 `MarkersCancelled`를
   * 던집니다: 부르는 쪽은 트랜잭션을 Prepare로 남겨 둡니다.
   */
  async send(entry: TxnMarkerEntry, stillCurrent: () => boolean): Promise<void> {
    const { leaderOf, retryBackoffMs, log } = this.#options;
    let pending = [...entry.partitions];
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await this.#options.sleep(retryBackoffMs);
      if (this.#closed) throw new MarkersCancelled('브로커가 멈춥니다');
      if (!stillCurrent()) throw new MarkersCancelled('이 브로커는 더는 이 트랜잭션의 코디네이터가 아닙니다');
      const byLeader = new Map<number, TopicPartition[]>();
      const retry: TopicPartition[] = [];
      /** 다시 보내는 까닭 (로그에 남깁니다) */
      const reasons = new Set<string>();
      for (const tp of pending) {
        const leader = leaderOf(tp.topic, tp.partition);
        if (leader === undefined) continue; // 지워진 토픽: 마커를 쓸 곳이 없습니다
        if (leader === null) {
          retry.push(tp);
          reasons.add('리더 없음');
        } else byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
      }
      const answers = await Promise.all(
        [...byLeader].map(async ([destination, partitions]) => ({
          partitions,
          destination,
          response: await this.#options.send(destination, requestFor(entry, partitions)),
        })),
      );
      if (!stillCurrent()) throw new MarkersCancelled('보내는 사이 코디네이터가 바뀌었습니다');
      for (const { partitions, destination, response } of answers) {
        if (!response) {
          retry.push(...partitions);
          reasons.add(`브로커 ${destination}의 답 없음`);
          continue;
        }
        for (const tp of partitions) {
          const errorCode = errorFor(response, entry.producerId, tp);
          if (errorCode === ErrorCode.NONE) continue;
          if (RETRIABLE.has(errorCode)) {
            retry.push(tp);
            reasons.add(`브로커 ${destination}: 오류 코드 ${errorCode}`);
            continue;
          }
          if (errorCode === ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT || errorCode === ErrorCode.UNSUPPORTED_VERSION) {
            continue; // 프로듀서도 이 파티션에는 쓰지 못했습니다: 기다릴 마커가 없습니다
          }
          throw new MarkersCancelled(
            `브로커 ${destination}가 ${tp.topic}-${tp.partition}의 마커를 거절했습니다 (오류 코드 ${errorCode})`,
          );
        }
      }
      if (retry.length === 0) return;
      if (attempt === 0 || attempt % 50 === 0) {
        log.info(
          `트랜잭션 ${entry.transactionalId}의 마커를 파티션 ${retry.length}개에 다시 보냅니다 (코디네이터 에포크 ${entry.coordinatorEpoch}; ${[...reasons].join(', ')})`,
        );
      }
      pending = retry;
    }
  }

  /** 브로커가 멈출 때: 보내던 마커를 그만둡니다 (장부의 Prepare는 다음 코디네이터가 마저 끝냅니다). */
  close(): void {
    this.#closed = true;
  }
}

function requestFor(entry: TxnMarkerEntry, partitions: readonly TopicPartition[]): WriteTxnMarkersRequestInput {
  const topics = new Map<string, number[]>();
  for (const { topic, partition } of partitions) topics.set(topic, [...(topics.get(topic) ?? []), partition]);
  return {
    markers: [
      {
        producerId: entry.producerId,
        producerEpoch: entry.producerEpoch,
        transactionResult: entry.commit,
        topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
        coordinatorEpoch: entry.coordinatorEpoch,
      },
    ],
  };
}

function errorFor(response: WriteTxnMarkersResponse, producerId: number, tp: TopicPartition): number {
  const marker = response.markers.find((m) => m.producerId === producerId);
  const topic = marker?.topics.find((t) => t.name === tp.topic);
  return topic?.partitions.find((p) => p.partitionIndex === tp.partition)?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
}
