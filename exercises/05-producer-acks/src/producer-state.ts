// 5장 acks, 배치, 멱등성 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/producer/producer-state.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 파티션 하나의 프로듀서 상태 (Kafka: ProducerStateManager). 멱등 프로듀서(enable.idempotence=true)는
 * 배치마다 (producerId, producerEpoch, baseSequence)를 붙여 보냅니다. 리더는 프로듀서마다 마지막으로 받은
 * 시퀀스를 기억해 두고:
 *
 *   - 다음 시퀀스가 이어지면 받습니다.
 *   - 최근 5개 배치 중 하나와 같으면(응답을 못 받은 프로듀서의 재전송) 쓰지 않고 **처음 받았던 오프셋**을 돌려줍니다.
 *   - 건너뛰었으면 OUT_OF_ORDER_SEQUENCE_NUMBER, 옛 에포크면 INVALID_PRODUCER_EPOCH로 거절합니다.
 *
 * 5개인 까닭: 프로듀서는 연결마다 응답을 기다리지 않은 요청을 최대 5개까지 보낼 수 있고
 * (max.in.flight.requests.per.connection ≤ 5), 그중 무엇이든 다시 보낼 수 있기 때문입니다.
 *
 * 트랜잭션(10장): 트랜잭션 배치를 쓴 프로듀서는 COMMIT/ABORT 마커가 올 때까지 "진행 중"입니다. 파티션은 진행 중인
 * 트랜잭션마다 그 첫 오프셋을 기억하고, 그중 가장 앞선 것이 마지막 안정 오프셋(LSO)을 붙잡습니다.
 *
 * 입출력이 없습니다: 검사(`check`)는 상태를 바꾸지 않고, 로그에 쓴 뒤에 `record`/`recordMarker`로 적용합니다.
 */
import { todo } from '../../../course/todo.js';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { type BatchHeader, isControl, isTransactional } from '../../../reference/src/record/batch-header.js';

/** 프로듀서마다 기억하는 최근 배치 수 (Kafka: ProducerStateEntry.NUM_BATCHES_TO_RETAIN) */
export const BATCHES_TO_RETAIN = 5;
const INT32_MAX = 0x7fffffff;

export interface BatchMetadata {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly timestamp: number;
}

export interface ProducerEntry {
  readonly producerId: number;
  readonly epoch: number;
  /** 오래된 것부터 최근 것까지 최대 BATCHES_TO_RETAIN개 */
  readonly batches: readonly BatchMetadata[];
  /** 진행 중인 트랜잭션이 이 파티션에 쓴 첫 오프셋. 진행 중인 트랜잭션이 없으면 -1 */
  readonly currentTxnFirstOffset: number;
  /** 마지막 마커를 보낸 트랜잭션 코디네이터의 에포크 (Kafka: ProducerStateEntry.coordinatorEpoch). 마커가 없었으면 -1 */
  readonly coordinatorEpoch: number;
}

/** 마커로 끝난 트랜잭션 하나 (Kafka: CompletedTxn). 어보트면 .txnindex에 적습니다. */
export interface CompletedTxn {
  readonly producerId: number;
  readonly firstOffset: number;
  /** 마커의 오프셋 */
  readonly lastOffset: number;
  readonly isAborted: boolean;
}

export type BatchFields = Pick<
  BatchHeader,
  'producerId' | 'producerEpoch' | 'baseSequence' | 'lastOffsetDelta' | 'maxTimestamp' | 'attributes'
>;

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly batch: BatchMetadata }
  | { readonly kind: 'error'; readonly errorCode: number; readonly message: string };

/** 배치의 마지막 시퀀스. int32를 넘으면 0부터 다시 셉니다. */
export function lastSequenceOf(header: Pick<BatchHeader, 'baseSequence' | 'lastOffsetDelta'>): number {
  return (header.baseSequence + header.lastOffsetDelta) % (INT32_MAX + 1);
}

function nextSequence(sequence: number): number {
  return sequence === INT32_MAX ? 0 : sequence + 1;
}

export class ProducerStateManager {
  readonly #producers = new Map<number, ProducerEntry>();
  /** 진행 중인 트랜잭션: 프로듀서 ID → 이 파티션에 쓴 첫 오프셋 (Kafka: ongoingTxns). Fetch마다 LSO를 셈하므로 따로 둡니다. */
  readonly #ongoing = new Map<number, number>();

  entry(producerId: number): ProducerEntry | undefined {
    return this.#producers.get(producerId);
  }

  /** 이 배치를 받아도 되는지. 상태는 바꾸지 않습니다. */
  check(header: Pick<BatchHeader, 'producerId' | 'producerEpoch' | 'baseSequence' | 'lastOffsetDelta'>): SequenceCheck {
    // TODO(5장): ProducerStateManager.check: 멱등 프로듀서의 배치를 받아도 되는지 판단하세요 (상태는 바꾸지 않습니다).
    //   - producerId가 음수면 멱등 프로듀서가 아니므로 언제나 append.
    //   - 에포크가 기억한 것보다 옛것이면 INVALID_PRODUCER_EPOCH.
    //   - 처음 보는 프로듀서이거나 새 에포크면 첫 시퀀스가 0이어야 합니다 (아니면 OUT_OF_ORDER_SEQUENCE_NUMBER).
    //   - 최근 배치(current.batches) 중 firstSeq와 lastSeq가 같은 것이 있으면 duplicate (그 배치를 함께 돌려줍니다).
    //   - 아니면 마지막 배치의 lastSeq 다음(nextSequence)이어야 append, 아니면 OUT_OF_ORDER_SEQUENCE_NUMBER.
    return todo(
      'ProducerStateManager.check: 멱등 프로듀서의 배치를 받아도 되는지 판단하세요 (상태는 바꾸지 않습니다).',
    );
  }

  /**
   * 코디네이터가 보낸 마커를 받아도 되는지 (Kafka: ProducerAppendInfo.checkCoordinatorEpoch). 상태는 바꾸지 않습니다.
   * 마커의 코디네이터 에포크가 이 프로듀서에게 마지막으로 마커를 보낸 코디네이터의 에포크보다 작으면
   * TRANSACTION_COORDINATOR_FENCED: 장부 파티션의 리더 자리를 잃은 옛 코디네이터가 뒤늦게 보낸 마커입니다. (프로듀서
   * 에포크는 코디네이터 쓰기마다 `ReplicaManager.appendRecords`가 먼저 봅니다.)
   */
  checkMarker(
    producerId: number,
    coordinatorEpoch: number,
  ): { readonly errorCode: number; readonly message: string } | null {
    const current = this.#producers.get(producerId);
    if (!current || coordinatorEpoch >= current.coordinatorEpoch) return null;
    return {
      errorCode: ErrorCode.TRANSACTION_COORDINATOR_FENCED,
      message: `마커의 코디네이터 에포크 ${coordinatorEpoch}는 지금 코디네이터 에포크 ${current.coordinatorEpoch}보다 옛것입니다`,
    };
  }

  /** 로그에 쓴 데이터 배치를 적용합니다 (쓰기 뒤에, 그리고 다시 켜질 때 로그를 훑으며). */
  record(header: BatchFields, firstOffset: number): void {
    if (header.producerId < 0) return;
    const current = this.#entryFor(header.producerId, header.producerEpoch);
    // 코디네이터가 쓰는 트랜잭션 오프셋 커밋 배치는 시퀀스가 없습니다(-1): 중복 검사 대상이 아닙니다.
    const batches =
      header.baseSequence < 0
        ? current.batches
        : [
            ...current.batches,
            {
              firstSeq: header.baseSequence,
              lastSeq: lastSequenceOf(header),
              firstOffset,
              lastOffset: firstOffset + header.lastOffsetDelta,
              timestamp: header.maxTimestamp,
            },
          ].slice(-BATCHES_TO_RETAIN);
    // 트랜잭션의 첫 배치가 이 파티션의 LSO를 붙잡습니다. 마커가 올 때까지 놓지 않습니다.
    const startsTransaction = isTransactional(header) && current.currentTxnFirstOffset < 0;
    if (startsTransaction) this.#ongoing.set(header.producerId, firstOffset);
    this.#producers.set(header.producerId, {
      ...current,
      batches,
      currentTxnFirstOffset: startsTransaction ? firstOffset : current.currentTxnFirstOffset,
    });
  }

  /**
   * COMMIT/ABORT 마커(컨트롤 배치)를 적용합니다: 그 프로듀서의 진행 중 트랜잭션이 끝납니다. 이 파티션에 쓴 것이
   * 있었으면 끝난 트랜잭션을 돌려줍니다. 마커의 에포크가 더 크면(좀비를 막으려고 코디네이터가 올린 에포크)
   * 그 에포크를 기억해, 옛 에포크로 오는 배치를 거절하게 합니다. 마커를 보낸 코디네이터의 에포크도 기억합니다
   * (그보다 옛 코디네이터의 마커는 `checkMarker`가 거절합니다).
   */
  recordMarker(
    header: BatchFields,
    markerOffset: number,
    isAborted: boolean,
    coordinatorEpoch: number,
  ): CompletedTxn | null {
    if (!isControl(header) || header.producerId < 0) return null;
    const current = this.#entryFor(header.producerId, header.producerEpoch);
    this.#producers.set(header.producerId, { ...current, currentTxnFirstOffset: -1, coordinatorEpoch });
    this.#ongoing.delete(header.producerId);
    if (current.currentTxnFirstOffset < 0) return null;
    return {
      producerId: header.producerId,
      firstOffset: current.currentTxnFirstOffset,
      lastOffset: markerOffset,
      isAborted,
    };
  }

  /** 진행 중인 트랜잭션의 첫 오프셋 중 가장 앞선 것. 없으면 null. LSO = min(이 값, 하이 워터마크)입니다. */
  firstUnstableOffset(): number | null {
    return this.#ongoing.size === 0 ? null : Math.min(...this.#ongoing.values());
  }

  /** 프로듀서의 항목. 처음 보거나 에포크가 바뀌었으면 최근 배치를 비운 새 항목에서 시작합니다. */
  #entryFor(producerId: number, epoch: number): ProducerEntry {
    const current = this.#producers.get(producerId);
    if (current && current.epoch >= epoch) return current;
    return {
      producerId,
      epoch,
      batches: [],
      currentTxnFirstOffset: current?.currentTxnFirstOffset ?? -1,
      coordinatorEpoch: current?.coordinatorEpoch ?? -1,
    };
  }

  /** 스냅숏에서 읽은 상태로 시작합니다 (다시 켜질 때, 스냅숏 뒤의 배치는 `record`로 이어 적용합니다). */
  restore(entries: readonly ProducerEntry[]): void {
    for (const entry of entries) {
      this.#producers.set(entry.producerId, entry);
      if (entry.currentTxnFirstOffset >= 0) this.#ongoing.set(entry.producerId, entry.currentTxnFirstOffset);
    }
  }

  entries(): ProducerEntry[] {
    return [...this.#producers.values()];
  }
}

function error(errorCode: number, message: string): SequenceCheck {
  return { kind: 'error', errorCode, message };
}
