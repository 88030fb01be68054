/**
 * 트랜잭션 판의 안전성. 장부(`__transaction_state`)에 적힌 것, 파티션에 붙은 배치와 마커, 코디네이터가 보낸 답을 그때그때
 * 받아 자기 눈으로 트랜잭션을 따라갑니다 (코디네이터의 메모리를 믿지 않습니다). 하나라도 깨지면 `SafetyViolation`을 던집니다.
 *
 * - AllOrNothing: 한 트랜잭션의 레코드는 모든 파티션에서 같은 운명(커밋 또는 어보트)입니다. 마커는 파티션마다 차례로
 *   써지므로 잠시 "일부는 정해졌고 일부는 열림"일 수 있지만, 정해진 운명이 둘일 수는 없습니다.
 * - AcknowledgedOutcomeKept: EndTxn에 성공으로 답한 결과는 지켜집니다 (커밋이라 답했으면 어보트되지 않고, 그 반대도).
 * - LsoNeverPassesOpen: 파티션의 마지막 안정 오프셋(LSO)은 아직 열린 트랜잭션의 첫 레코드를 넘지 않습니다.
 * - FencedEpochNeverCompletes: 장부가 더 새 (프로듀서 ID, 에포크)를 적은 뒤에는 옛 에포크의 AddPartitionsToTxn·EndTxn에
 *   성공으로 답하지 않습니다. 막힌 좀비는 트랜잭션을 넓히지도 끝내지도 못합니다.
 * - PartitionFencesOldEpoch: 파티션은 같은 프로듀서의 더 새 에포크(데이터든 마커든)를 본 뒤에 옛 에포크의 배치를 붙이지 않습니다.
 * - MarkerFollowsDurableDecision: 마커는 장부에 그 결과(PrepareCommit 또는 PrepareAbort)가 같은 프로듀서 ID·에포크로 적힌
 *   뒤에만, 그 트랜잭션의 파티션에만 써집니다. 코디네이터가 그 사이에 죽어도 다시 켜진 코디네이터가 같은 결과를 씁니다.
 * - MarkersOncePerOutcome: 한 트랜잭션의 마커는 모두 같은 결과이고, 코디네이터 하나(다시 켜지기 전까지)는 한 파티션에
 *   마커를 한 번만 씁니다. 다시 켜진 코디네이터는 어디까지 썼는지 모르니 다시 쓸 수 있습니다 (Kafka도 그렇습니다).
 */
import type { TransactionMetadata } from '../transaction/transaction-state.js';
import { SafetyViolation } from './quorum-safety.js';

export type TransactionInvariantName =
  | 'AllOrNothing'
  | 'AcknowledgedOutcomeKept'
  | 'LsoNeverPassesOpen'
  | 'FencedEpochNeverCompletes'
  | 'PartitionFencesOldEpoch'
  | 'MarkerFollowsDurableDecision'
  | 'MarkersOncePerOutcome';

type Outcome = 'commit' | 'abort';

/** 파티션 하나에서 프로듀서마다 열린 트랜잭션 */
interface OpenOnPartition {
  /** 열린 트랜잭션의 첫 레코드의 오프셋 */
  readonly firstOffset: number;
  readonly labels: Set<string>;
}

interface PartitionView {
  readonly open: Map<number, OpenOnPartition>;
  /** 프로듀서마다 이 파티션이 본 가장 큰 에포크 */
  readonly epochs: Map<number, number>;
}

export class TransactionSafetyChecker {
  /** 검사 횟수 (보고용) */
  checks = 0;
  /** 트랜잭션 ID마다 장부에 마지막으로 적힌 것과 그 레코드의 차례 */
  readonly #ledger = new Map<string, { readonly metadata: TransactionMetadata; readonly index: number }>();
  #ledgerRecords = 0;
  readonly #partitions: PartitionView[];
  /** 트랜잭션 이름표마다 정해진 운명 (파티션마다) */
  readonly #fates = new Map<string, Set<Outcome>>();
  /** EndTxn에 성공으로 답한 결과 */
  readonly #acknowledged = new Map<string, Outcome>();
  /** Prepare 레코드(장부의 차례)마다, 파티션마다 마커를 쓴 코디네이터의 세대들 */
  readonly #markers = new Map<number, Map<number, number[]>>();
  /** 처음 깨진 불변식: 코디네이터가 검사의 예외를 삼키더라도(마커 쓰기의 실패는 다시 하면 되니까요) 걸음이 끝날 때 다시 던집니다 */
  #violation: SafetyViolation | null = null;

  constructor(partitions: number) {
    this.#partitions = Array.from({ length: partitions }, () => ({ open: new Map(), epochs: new Map() }));
  }

  /** 장부에 레코드가 적혔습니다 (내구적). */
  onLedger(metadata: TransactionMetadata): void {
    this.#ledger.set(metadata.transactionalId, { metadata, index: this.#ledgerRecords++ });
  }

  ledger(transactionalId: string): TransactionMetadata | undefined {
    return this.#ledger.get(transactionalId)?.metadata;
  }

  #fail(invariant: TransactionInvariantName, detail: string): never {
    this.#violation ??= new SafetyViolation(invariant, detail);
    throw this.#violation;
  }

  /** 파티션이 트랜잭션 배치를 오프셋 `offset`에 붙였습니다. */
  onData(partition: number, offset: number, producerId: number, epoch: number, label: string): void {
    const view = this.#view(partition);
    const seen = view.epochs.get(producerId) ?? -1;
    if (epoch < seen) {
      this.#fail(
        'PartitionFencesOldEpoch',
        `파티션 ${partition}이 프로듀서 ${producerId}의 에포크 ${seen}을 본 뒤에 옛 에포크 ${epoch}의 배치(${label})를 붙였습니다`,
      );
    }
    view.epochs.set(producerId, epoch);
    const open = view.open.get(producerId) ?? { firstOffset: offset, labels: new Set<string>() };
    open.labels.add(label);
    view.open.set(producerId, open);
  }

  /** 코디네이터(세대 `incarnation`)가 파티션에 마커를 붙였습니다. `metadata`는 코디네이터가 마커를 쓰게 한 장부의 값입니다. */
  onMarker(partition: number, metadata: TransactionMetadata, commit: boolean, incarnation: number): void {
    const outcome: Outcome = commit ? 'commit' : 'abort';
    const latest = this.#ledger.get(metadata.transactionalId);
    const durable = latest?.metadata;
    const prepared = commit ? 'PrepareCommit' : 'PrepareAbort';
    if (
      !latest ||
      durable?.state !== prepared ||
      durable.producerId !== metadata.producerId ||
      durable.producerEpoch !== metadata.producerEpoch ||
      !durable.partitions.some((p) => p.partition === partition)
    ) {
      this.#fail(
        'MarkerFollowsDurableDecision',
        `${metadata.transactionalId}의 ${outcome} 마커를 파티션 ${partition}에 썼는데, 장부에는 ` +
          `${durable ? `${durable.state}(프로듀서 ${durable.producerId}.${durable.producerEpoch})` : '아무것도'} 적혀 있습니다`,
      );
    }
    // 마커는 장부의 마지막 레코드(그 Prepare)가 정한 결과를 씁니다: 그 레코드마다 파티션마다 코디네이터 하나가 한 번만.
    const written = this.#markers.get(latest.index) ?? new Map<number, number[]>();
    const before = written.get(partition) ?? [];
    if (before.includes(incarnation)) {
      this.#fail(
        'MarkersOncePerOutcome',
        `${metadata.transactionalId}의 ${durable.state}(장부의 ${latest.index}번째 레코드)에 대해 같은 코디네이터가 파티션 ${partition}에 ${outcome} 마커를 또 썼습니다`,
      );
    }
    written.set(partition, [...before, incarnation]);
    this.#markers.set(latest.index, written);

    const view = this.#view(partition);
    view.epochs.set(metadata.producerId, Math.max(view.epochs.get(metadata.producerId) ?? -1, metadata.producerEpoch));
    const open = view.open.get(metadata.producerId);
    view.open.delete(metadata.producerId);
    for (const label of open?.labels ?? []) this.#decide(label, outcome, partition);
  }

  /** 코디네이터가 AddPartitionsToTxn이나 EndTxn에 성공으로 답했습니다. */
  onSuccess(
    api: 'AddPartitionsToTxn' | 'EndTxn',
    transactionalId: string,
    producerId: number,
    epoch: number,
    ended?: { label: string; commit: boolean },
  ): void {
    const durable = this.#ledger.get(transactionalId)?.metadata;
    if (durable?.producerId !== producerId || durable.producerEpoch !== epoch) {
      this.#fail(
        'FencedEpochNeverCompletes',
        `장부에는 ${transactionalId}의 프로듀서 ${durable?.producerId}.${durable?.producerEpoch}가 적혀 있는데 ` +
          `${producerId}.${epoch}의 ${api}에 성공으로 답했습니다`,
      );
    }
    if (!ended) return;
    const outcome: Outcome = ended.commit ? 'commit' : 'abort';
    this.#acknowledged.set(ended.label, outcome);
    for (const fate of this.#fates.get(ended.label) ?? []) this.#keep(ended.label, outcome, fate);
  }

  #decide(label: string, outcome: Outcome, partition: number): void {
    const fates = this.#fates.get(label) ?? new Set<Outcome>();
    fates.add(outcome);
    this.#fates.set(label, fates);
    if (fates.size > 1) {
      this.#fail(
        'AllOrNothing',
        `트랜잭션 ${label}의 레코드가 파티션 ${partition}에서는 ${outcome}, 다른 파티션에서는 반대로 정해졌습니다`,
      );
    }
    const promised = this.#acknowledged.get(label);
    if (promised) this.#keep(label, promised, outcome);
  }

  #keep(label: string, promised: Outcome, fate: Outcome): void {
    if (promised !== fate) this.#fail('AcknowledgedOutcomeKept', `${label}은 ${promised}로 답했는데 ${fate}되었습니다`);
  }

  /**
   * 걸음마다: 그 걸음에 깨진 불변식이 있으면 던지고, 파티션마다 LSO가 열린 트랜잭션의 첫 레코드를 넘지 않는지 봅니다
   * (`lsos`는 파티션의 프로듀서 상태가 답하는 값).
   */
  check(lsos: readonly number[]): void {
    this.checks++;
    if (this.#violation) throw this.#violation;
    lsos.forEach((lso, partition) => {
      const firstOpen = this.firstOpenOffset(partition);
      if (firstOpen !== null && lso > firstOpen) {
        this.#fail(
          'LsoNeverPassesOpen',
          `파티션 ${partition}의 LSO ${lso}가 열린 트랜잭션의 레코드 ${firstOpen}을 넘었습니다`,
        );
      }
    });
  }

  /** 파티션에서 가장 앞선 열린 트랜잭션의 첫 오프셋. 없으면 null */
  firstOpenOffset(partition: number): number | null {
    let first: number | null = null;
    for (const { firstOffset } of this.#view(partition).open.values()) {
      if (first === null || firstOffset < first) first = firstOffset;
    }
    return first;
  }

  /** 아직 열린 트랜잭션의 이름표들 (회복 단계의 보고용) */
  openLabels(): string[] {
    return this.#partitions.flatMap((v) => [...v.open.values()].flatMap((o) => [...o.labels]));
  }

  /** 커밋으로 답한 트랜잭션 가운데 아직 어느 파티션에서도 커밋으로 정해지지 않은 것 (레코드가 있는 것만) */
  acknowledgedCommitsNotCommitted(): string[] {
    const missing: string[] = [];
    for (const [label, outcome] of this.#acknowledged) {
      const fates = this.#fates.get(label);
      if (outcome === 'commit' && fates !== undefined && !fates.has('commit')) missing.push(label);
    }
    return missing;
  }

  #view(partition: number): PartitionView {
    const view = this.#partitions[partition];
    if (!view) throw new Error(`파티션 ${partition}이 없습니다`);
    return view;
  }
}
