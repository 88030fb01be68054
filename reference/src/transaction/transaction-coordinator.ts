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
import { ErrorCode } from '../protocol/error-codes.js';
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
  // @exercise(10) initProducerId: 트랜잭션 ID로 온 InitProducerId를 판단하세요.
  //   - 처음 보는 ID(current가 없음): newProducerId()로 새 ID, 에포크 0, 상태 Empty, 파티션 없음, 시작 시각 -1.
  //   - PrepareCommit/PrepareAbort/PrepareEpochFence/Dead: 다른 전이가 진행 중이니 CONCURRENT_TRANSACTIONS로 거절합니다.
  //   - Ongoing: 옛 프로듀서(좀비)의 트랜잭션이 열려 있습니다. 에포크를 하나 올린 PrepareEpochFence로 갑니다
  //     (부르는 쪽이 그것을 어보트하고 CONCURRENT_TRANSACTIONS로 답합니다).
  //   - 그 밖(Empty, CompleteCommit, CompleteAbort): 같은 프로듀서 ID에 에포크 + 1, 상태 Empty, 파티션 없음, 시작 시각 -1,
  //     그리고 이번 요청의 transactionTimeoutMs. 에포크가 MAX_EPOCH - 1에 이르렀으면 새 프로듀서 ID와 에포크 0으로 갈아탑니다.
  //   바뀐 메타데이터의 lastUpdateMs는 now입니다.
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
  // @end
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
  // @exercise(10) addPartitions: 주인 검사(ownerError)를 통과한 요청의 파티션을 트랜잭션에 더하세요.
  //   - Prepare* 상태(마커를 쓰는 중)나 Dead면 CONCURRENT_TRANSACTIONS.
  //   - 이미 Ongoing이고 요청의 파티션이 모두 장부에 있으면 바꿀 것이 없습니다: { ok: true, next: current } (장부에 쓰지 않습니다).
  //   - Ongoing이 아니었으면(Empty, CompleteCommit, CompleteAbort) 트랜잭션이 지금 시작됩니다: 파티션은 요청의 것,
  //     transactionStartMs = now. 지난 트랜잭션의 시작 시각이 남아 있어도 새로 적습니다.
  //   - 이미 Ongoing이면 처음 보는 파티션만 뒤에 붙이고 시작 시각은 그대로 둡니다.
  //   - 결과는 Ongoing이고 lastUpdateMs는 now입니다.
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
  // @end
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
  // @exercise(10) endTransaction: 커밋(commit=true) 또는 어보트를 판단하세요.
  //   - Ongoing → PrepareCommit 또는 PrepareAbort (lastUpdateMs: now). 이것을 장부에 적는 순간 결과가 정해집니다.
  //   - 이미 같은 결과로 끝났으면(CompleteCommit에 커밋, CompleteAbort에 어보트) 응답을 잃은 재시도입니다: { ok: true, next: current }.
  //   - 같은 결과의 마커를 쓰는 중이면(PrepareCommit에 커밋, PrepareAbort에 어보트) CONCURRENT_TRANSACTIONS: 잠시 뒤 다시 오면
  //     끝나 있습니다. 다른 결과로 이미 정해졌으면(끝났든 마커를 쓰는 중이든) INVALID_TXN_STATE.
  //   - PrepareEpochFence·Dead(다른 전이가 진행 중)는 CONCURRENT_TRANSACTIONS, Empty(열린 트랜잭션이 없음)는 INVALID_TXN_STATE.
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
  // @end
}

/** 마커를 모두 쓴 뒤: Prepare를 Complete로 바꾸고, 다음 트랜잭션을 위해 파티션 목록을 비웁니다. */
export function completeTransaction(current: TransactionMetadata, now: number): TransactionMetadata {
  // @exercise(10) completeTransaction: 마커를 다 쓴 트랜잭션을 끝내세요.
  //   PrepareCommit → CompleteCommit, PrepareAbort → CompleteAbort. PrepareEpochFence(좀비의 트랜잭션)도 어보트로 끝납니다.
  //   어느 쪽이든 다음 트랜잭션을 위해 파티션 목록을 비우고, lastUpdateMs는 now입니다.
  if (current.state === 'PrepareEpochFence') {
    // 좀비의 진행 중 트랜잭션은 어보트로 정리합니다.
    return completeTransaction(transition(current, 'PrepareAbort', { lastUpdateMs: now }), now);
  }
  const next = current.state === 'PrepareCommit' ? 'CompleteCommit' : 'CompleteAbort';
  return transition(current, next, { partitions: [], lastUpdateMs: now });
  // @end
}

/**
 * transaction.timeout.ms가 지난 진행 중 트랜잭션: 에포크를 올려 프로듀서를 막고 어보트합니다
 * (Kafka: TransactionCoordinator.abortTimedOutTransactions).
 */
export function abortIfTimedOut(current: TransactionMetadata, now: number): TransactionMetadata | null {
  // @exercise(10) abortIfTimedOut: Ongoing이고 transactionStartMs + transactionTimeoutMs가 지났으면(now가 그보다 크면)
  //   에포크를 하나 올린 PrepareEpochFence를 돌려주세요 (lastUpdateMs: now). 아니면 null.
  //   (Kafka: TransactionStateManager.timedOutTransactions의 txnStartTimestamp + txnTimeoutMs < now)
  if (current.state !== 'Ongoing' || now <= current.transactionStartMs + current.transactionTimeoutMs) return null;
  return transition(current, 'PrepareEpochFence', { producerEpoch: current.producerEpoch + 1, lastUpdateMs: now });
  // @end
}
