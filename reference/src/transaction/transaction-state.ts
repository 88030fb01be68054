/**
 * 트랜잭션 하나의 상태 (Kafka: TransactionMetadata, TransactionState). 트랜잭션 코디네이터는 트랜잭션 ID마다
 * 이 메타데이터를 `__transaction_state`에 적어 두는 "장부"를 가집니다:
 *
 *     Empty ──AddPartitions──▶ Ongoing ──EndTxn(commit)──▶ PrepareCommit ──마커를 다 씀──▶ CompleteCommit
 *                               │  └────EndTxn(abort)───▶ PrepareAbort  ──마커를 다 씀──▶ CompleteAbort
 *                               └──새 프로듀서가 같은 ID로 옴──▶ PrepareEpochFence ──▶ PrepareAbort
 *
 * PrepareCommit을 장부에 적는 순간 트랜잭션은 커밋된 것으로 정해집니다: 코디네이터가 그 뒤에 죽어도, 다시 켜진
 * 코디네이터가 장부를 읽고 커밋 마커 쓰기를 마저 끝냅니다 (데이터베이스의 WAL과 같은 생각입니다).
 */

export type TransactionState =
  | 'Empty'
  | 'Ongoing'
  | 'PrepareCommit'
  | 'PrepareAbort'
  | 'CompleteCommit'
  | 'CompleteAbort'
  | 'Dead'
  | 'PrepareEpochFence';

/** `from`에서 `to`로 갈 수 있는지 (Kafka: TransactionState.validPreviousStates) */
export function canTransition(from: TransactionState, to: TransactionState): boolean {
  // @exercise(10) canTransition: Kafka가 허락하는 전이(TransactionState.validPreviousStates, 강의 "상태 기계"의 표)만 true를 돌려주세요.
  //   위 그림의 화살표에 더해, 같은 상태로 머무는 전이(Empty → Empty: 다시 InitProducerId, Ongoing → Ongoing: 파티션 더하기)와
  //   ID가 만료되는 Dead도 있습니다.
  const validPrevious: Record<TransactionState, readonly TransactionState[]> = {
    Empty: ['Empty', 'CompleteCommit', 'CompleteAbort'],
    Ongoing: ['Ongoing', 'Empty', 'CompleteCommit', 'CompleteAbort'],
    PrepareCommit: ['Ongoing'],
    PrepareAbort: ['Ongoing', 'PrepareEpochFence'],
    CompleteCommit: ['PrepareCommit'],
    CompleteAbort: ['PrepareAbort'],
    Dead: ['Empty', 'CompleteCommit', 'CompleteAbort'],
    PrepareEpochFence: ['Ongoing'],
  };
  return validPrevious[to].includes(from);
  // @end
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `__transaction_state`에 적는 트랜잭션 하나의 값 (Kafka: TransactionLogValue) */
export interface TransactionMetadata {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly transactionTimeoutMs: number;
  readonly state: TransactionState;
  /** 이 트랜잭션이 쓴 파티션: 커밋·어보트 마커를 쓸 곳 */
  readonly partitions: readonly TopicPartition[];
  readonly transactionStartMs: number;
  readonly lastUpdateMs: number;
}

/** 정해진 전이만 허락합니다. 틀린 전이는 코디네이터의 버그이므로 크게 실패합니다. */
export function transition(
  metadata: TransactionMetadata,
  state: TransactionState,
  changes: Partial<Omit<TransactionMetadata, 'state' | 'transactionalId'>> = {},
): TransactionMetadata {
  if (!canTransition(metadata.state, state)) {
    throw new Error(`트랜잭션 ${metadata.transactionalId}: ${metadata.state} → ${state} 전이는 허락되지 않습니다`);
  }
  return { ...metadata, ...changes, state };
}
