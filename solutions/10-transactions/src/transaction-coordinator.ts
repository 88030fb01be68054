// 10장 트랜잭션과 커밋 마커 — 해답
// 원본: reference/src/transaction/transaction-coordinator.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 트랜잭션 코디네이터의 판단 (Kafka: TransactionCoordinator). 입출력이 없는 함수들입니다: 지금의 메타데이터와
 * 요청을 받아, 장부에 적을 새 메타데이터와 응답 오류 코드(그리고 써야 할 마커)를 돌려줍니다. 장부에 쓰고,
 * 마커를 파티션 리더들에게 쓰게 하고, 다 되면 Complete 상태를 다시 적는 일은 부르는 쪽이 합니다.
 *
 * 순서 (10장 강의 "트랜잭션의 흐름"의 다섯 단계와 같습니다):
 *   1. InitProducerId: 트랜잭션 ID로 프로듀서 ID와 에포크를 받습니다. 같은 ID로 새 프로듀서가 오면 에포크를 올려
 *      옛 프로듀서(좀비)를 막습니다.
 *   2. AddPartitionsToTxn: 쓰기 전에 파티션을 장부에 적습니다 (Ongoing).
 *   3. EndTxn: PrepareCommit/PrepareAbort를 장부에 적으면 결과가 정해집니다.
 *   4. 마커: 장부의 파티션마다 COMMIT/ABORT 컨트롤 배치를 씁니다.
 *   5. 마커가 모두 써지면 CompleteCommit/CompleteAbort를 적고 끝납니다.
 */
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { type TopicPartition, type TransactionMetadata, transition } from './transaction-state.js';

const MAX_EPOCH = 32767;

export type Decision =
  | { readonly ok: true; readonly next: TransactionMetadata }
  | { readonly ok: false; readonly errorCode: number };

const refuse = (errorCode: number): Decision => ({ ok: false, errorCode });

/**
 * 다른 전이가 진행 중인 상태: 마커를 쓰는 중(PrepareCommit, PrepareAbort), 좀비를 막는 중(PrepareEpochFence), 만료되어
 * 지워지는 중(Dead). Kafka에서 PrepareEpochFence와 Dead는 장부에 머무는 상태가 아니라 "진행 중인 전이"(pendingState)로만
 * 나타나고, 그동안 오는 요청은 CONCURRENT_TRANSACTIONS를 받습니다 (TransactionMetadata.pendingTransitionInProgress).
 */
function isTransitioning(current: TransactionMetadata): boolean {
  return ['PrepareCommit', 'PrepareAbort', 'PrepareEpochFence', 'Dead'].includes(current.state);
}

/**
 * InitProducerId (트랜잭션 ID가 있는 경우). 처음 보는 ID면 새 프로듀서 ID, 아니면 같은 ID의 에포크를 올립니다.
 * 진행 중인 트랜잭션이 있으면 먼저 어보트해야 하므로(좀비 막기) 에포크를 올린 PrepareEpochFence로 가고,
 * 클라이언트에게는 CONCURRENT_TRANSACTIONS로 잠시 뒤에 다시 오라고 합니다.
 */
export function initProducerId(
  current: TransactionMetadata | undefined,
  transactionalId: string,
  transactionTimeoutMs: number,
  now: number,
  newProducerId: () => number,
): Decision {
  if (!current) {
    return {
      ok: true,
      next: {
        transactionalId,
        producerId: newProducerId(),
        producerEpoch: 0,
        transactionTimeoutMs,
        state: 'Empty',
        partitions: [],
        transactionStartMs: -1,
        lastUpdateMs: now,
      },
    };
  }
  switch (current.state) {
    case 'PrepareCommit':
    case 'PrepareAbort':
    case 'PrepareEpochFence':
    case 'Dead':
      return refuse(ErrorCode.CONCURRENT_TRANSACTIONS);
    case 'Ongoing':
      return {
        ok: true,
        next: transition(current, 'PrepareEpochFence', { producerEpoch: current.producerEpoch + 1, lastUpdateMs: now }),
      };
    default: {
      // 에포크가 다 차면 새 프로듀서 ID로 갈아탑니다 (Kafka도 그렇게 합니다).
      const exhausted = current.producerEpoch >= MAX_EPOCH - 1;
      return {
        ok: true,
        next: transition(current, 'Empty', {
          producerId: exhausted ? newProducerId() : current.producerId,
          producerEpoch: exhausted ? 0 : current.producerEpoch + 1,
          transactionTimeoutMs,
          partitions: [],
          transactionStartMs: -1,
          lastUpdateMs: now,
        }),
      };
    }
  }
}

/**
 * 요청한 프로듀서가 장부의 주인인지 (Kafka: TransactionCoordinator.handleAddPartitionsToTransaction, endTransaction):
 * ID가 다르면 INVALID_PRODUCER_ID_MAPPING, 에포크가 장부와 다르면 PRODUCER_FENCED입니다. 옛 에포크는 막힌 좀비이고,
 * 장부보다 큰 에포크는 코디네이터가 준 적 없는 에포크이니 역시 받지 않습니다.
 */
function ownerError(current: TransactionMetadata | undefined, producerId: number, producerEpoch: number): number {
  if (!current || current.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
  if (producerEpoch !== current.producerEpoch) return ErrorCode.PRODUCER_FENCED;
  return ErrorCode.NONE;
}

/** AddPartitionsToTxn: 트랜잭션에 파티션을 더합니다. 첫 파티션이면 트랜잭션이 시작됩니다 (Ongoing). */
export function addPartitions(
  current: TransactionMetadata | undefined,
  producerId: number,
  producerEpoch: number,
  partitions: readonly TopicPartition[],
  now: number,
): Decision {
  const owner = ownerError(current, producerId, producerEpoch);
  if (owner !== ErrorCode.NONE || !current) return refuse(owner);
  if (isTransitioning(current)) return refuse(ErrorCode.CONCURRENT_TRANSACTIONS);
  const starting = current.state !== 'Ongoing';
  const known = new Set(current.partitions.map((p) => `${p.topic}\0${p.partition}`));
  const added = partitions.filter((p) => !known.has(`${p.topic}\0${p.partition}`));
  if (!starting && added.length === 0) return { ok: true, next: current };
  return {
    ok: true,
    next: transition(current, 'Ongoing', {
      partitions: starting ? [...partitions] : [...current.partitions, ...added],
      transactionStartMs: starting ? now : current.transactionStartMs,
      lastUpdateMs: now,
    }),
  };
}

/**
 * EndTxn: 커밋 또는 어보트를 정합니다. Prepare 상태를 장부에 적는 순간 결과가 정해지고, 그 뒤 마커를 씁니다.
 * 이미 같은 결과로 끝난 트랜잭션에 다시 오면(응답을 잃은 재시도) 그대로 성공입니다.
 */
export function endTransaction(
  current: TransactionMetadata | undefined,
  producerId: number,
  producerEpoch: number,
  commit: boolean,
  now: number,
): Decision {
  const owner = ownerError(current, producerId, producerEpoch);
  if (owner !== ErrorCode.NONE || !current) return refuse(owner);
  switch (current.state) {
    case 'Ongoing':
      return { ok: true, next: transition(current, commit ? 'PrepareCommit' : 'PrepareAbort', { lastUpdateMs: now }) };
    case 'CompleteCommit':
      return commit ? { ok: true, next: current } : refuse(ErrorCode.INVALID_TXN_STATE);
    case 'CompleteAbort':
      return commit ? refuse(ErrorCode.INVALID_TXN_STATE) : { ok: true, next: current };
    case 'PrepareCommit':
      return refuse(commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE);
    case 'PrepareAbort':
      return refuse(commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS);
    case 'PrepareEpochFence':
    case 'Dead':
      return refuse(ErrorCode.CONCURRENT_TRANSACTIONS);
    default:
      return refuse(ErrorCode.INVALID_TXN_STATE);
  }
}

/** 마커를 모두 쓴 뒤: Prepare를 Complete로 바꾸고, 다음 트랜잭션을 위해 파티션 목록을 비웁니다. */
export function completeTransaction(current: TransactionMetadata, now: number): TransactionMetadata {
  if (current.state === 'PrepareEpochFence') {
    // 좀비의 진행 중 트랜잭션은 어보트로 정리합니다.
    return completeTransaction(transition(current, 'PrepareAbort', { lastUpdateMs: now }), now);
  }
  const next = current.state === 'PrepareCommit' ? 'CompleteCommit' : 'CompleteAbort';
  return transition(current, next, { partitions: [], lastUpdateMs: now });
}

/**
 * transaction.timeout.ms가 지난 진행 중 트랜잭션: 에포크를 올려 프로듀서를 막고 어보트합니다
 * (Kafka: TransactionCoordinator.abortTimedOutTransactions).
 */
export function abortIfTimedOut(current: TransactionMetadata, now: number): TransactionMetadata | null {
  if (current.state !== 'Ongoing' || now <= current.transactionStartMs + current.transactionTimeoutMs) return null;
  return transition(current, 'PrepareEpochFence', { producerEpoch: current.producerEpoch + 1, lastUpdateMs: now });
}
