/**
 * 복제되는 로그(메모리 쪽): 쿼럼의 상태 기계가 보는 `__cluster_metadata-0`. Kafka `ReplicatedLog`의 읽기와
 * 결정 부분입니다. 디스크에 쓰는 일은 하지 않습니다: 바뀐 내용은 상태 기계가 `Ready.persist`로 내보내고,
 * 드라이버가 `RaftLogStore`로 디스크에 적습니다.
 *
 * 로그는 0이 아닌 곳에서 시작할 수 있습니다. 스냅숏(`.checkpoint`)이 (끝 오프셋, 에포크)까지의 상태를 담고, 보존
 * 한도를 넘으면 가장 오래된 스냅숏을 버리며 로그 시작 오프셋(log start offset)을 다음 스냅숏의 끝으로 옮깁니다
 * (`deleteBeforeSnapshot`, Kafka `KafkaMetadataLog.maybeClean`). 그래서 로그 시작에는 언제나 가장 오래된 스냅숏이
 * 있거나(다시 켜지면 세그먼트의 첫 오프셋이라 그보다 앞일 수 있습니다), 로그가 0에서 시작합니다.
 */
import { err, OK, type Result } from '../result.js';
import { truncationOffset, validateFetchPosition } from './decisions.js';
import type { LogEntry, OffsetAndEpoch } from './types.js';

/** 에포크가 시작된 자리. Kafka의 leader epoch cache(`leader-epoch-checkpoint`)의 한 줄입니다. */
interface EpochStart {
  readonly epoch: number;
  readonly startOffset: number;
}

/** Fetch 위치가 리더 로그와 맞지 않을 때 (Kafka `ValidOffsetAndEpoch`의 DIVERGING, SNAPSHOT) */
export type FetchPositionError =
  | { readonly kind: 'DIVERGING'; readonly divergingEpoch: OffsetAndEpoch }
  | { readonly kind: 'SNAPSHOT'; readonly snapshotId: OffsetAndEpoch };

export class RaftLog<T> {
  #startOffset: number;
  /** 가장 오래된 스냅숏 (Kafka `earliestSnapshotId`). 스냅숏이 없으면 null */
  #snapshotId: OffsetAndEpoch | null;
  #entries: LogEntry<T>[] = [];
  #epochs: EpochStart[] = [];

  /** `startOffset`을 주지 않으면 가장 오래된 스냅숏의 끝에서 시작합니다 (없으면 0). */
  constructor(
    snapshotId: OffsetAndEpoch | null,
    entries: readonly LogEntry<T>[],
    startOffset = snapshotId?.offset ?? 0,
  ) {
    if (snapshotId && snapshotId.offset < startOffset) {
      throw new Error(`가장 오래된 스냅숏 ${snapshotId.offset}이 로그 시작 ${startOffset} 앞입니다`);
    }
    this.#snapshotId = snapshotId;
    this.#startOffset = startOffset;
    this.append(entries);
  }

  get startOffset(): number {
    return this.#startOffset;
  }

  /** 로그 끝 오프셋(LEO): 다음에 붙을 레코드의 오프셋 */
  get endOffset(): number {
    return this.#startOffset + this.#entries.length;
  }

  /** 마지막 레코드의 에포크. 로그가 비었으면 로그 시작의 스냅숏의 에포크, 그것도 없으면 0 */
  get lastFetchedEpoch(): number {
    return this.#entries.at(-1)?.epoch ?? this.#startEpoch;
  }

  /** 로그 시작 자리에 스냅숏이 있으면 그 에포크 (로그 시작 앞의 마지막 에포크), 아니면 0 */
  get #startEpoch(): number {
    return this.#snapshotId?.offset === this.#startOffset ? this.#snapshotId.epoch : 0;
  }

  /** (로그 끝 오프셋, 마지막 에포크): Vote 요청에 실어 보내는 "내 로그가 어디까지인가" */
  get endOffsetAndEpoch(): OffsetAndEpoch {
    return { offset: this.endOffset, epoch: this.lastFetchedEpoch };
  }

  entry(offset: number): LogEntry<T> | undefined {
    return this.#entries[offset - this.#startOffset];
  }

  /** `from`부터 최대 `max`개 (`to` 앞까지) */
  read(from: number, max: number, to = this.endOffset): LogEntry<T>[] {
    const begin = Math.max(0, from - this.#startOffset);
    const end = Math.min(this.#entries.length, to - this.#startOffset, begin + max);
    return this.#entries.slice(begin, Math.max(begin, end));
  }

  /**
   * `epoch` 이하인 마지막 에포크와 그 끝 오프셋. Kafka `ReplicatedLog.endOffsetForEpoch` (MockLog의 구현과 같은 규칙):
   * `epoch`보다 큰 첫 에포크가 시작된 자리가 끝이고, 그런 에포크가 없으면 로그 끝입니다.
   */
  endOffsetForEpoch(epoch: number): OffsetAndEpoch {
    let lowerBound = this.#startEpoch;
    for (const start of this.#epochs) {
      if (start.epoch > epoch) return { offset: start.startOffset, epoch: lowerBound };
      lowerBound = start.epoch;
    }
    return this.endOffsetAndEpoch;
  }

  /**
   * 팔로워의 Fetch 위치를 맞춰 봅니다. Kafka `ReplicatedLog.validateOffsetAndEpoch`:
   * 로그 시작보다 앞이거나 스냅숏과 에포크가 어긋나면 SNAPSHOT(스냅숏을 받아 가라), 에포크의 끝이 다르면
   * DIVERGING(여기까지 잘라라), 맞으면 그대로 읽어 갑니다.
   */
  validateOffsetAndEpoch(offset: number, epoch: number): Result<object, FetchPositionError> {
    if (this.#startOffset === 0 && offset === 0) return OK;
    const snapshot = this.#snapshotId;
    if (
      snapshot !== null &&
      (offset < this.#startOffset ||
        (offset === this.#startOffset && epoch !== snapshot.epoch) ||
        epoch < snapshot.epoch)
    ) {
      return err({ kind: 'SNAPSHOT', snapshotId: snapshot });
    }
    const checked = validateFetchPosition({ offset, epoch }, this.endOffsetForEpoch(epoch));
    return checked.ok ? OK : err({ kind: 'DIVERGING', divergingEpoch: checked.error.divergingEpoch });
  }

  /** 끝에 붙입니다. 오프셋은 이어져야 하고 에포크는 줄면 안 됩니다 (불변식: 어기면 예외). */
  append(entries: readonly LogEntry<T>[]): void {
    for (const entry of entries) {
      if (entry.offset !== this.endOffset) {
        throw new Error(`로그 끝 ${this.endOffset}에 오프셋 ${entry.offset}을 붙일 수 없습니다`);
      }
      if (entry.epoch < this.lastFetchedEpoch) {
        throw new Error(`에포크가 줄어듭니다: ${this.lastFetchedEpoch} → ${entry.epoch} (오프셋 ${entry.offset})`);
      }
      if (entry.epoch !== this.#epochs.at(-1)?.epoch)
        this.#epochs.push({ epoch: entry.epoch, startOffset: entry.offset });
      this.#entries.push(entry);
    }
  }

  /** `offset`부터 끝까지 지웁니다. */
  truncateTo(offset: number): void {
    if (offset < this.#startOffset)
      throw new Error(`로그 시작 ${this.#startOffset} 앞(${offset})으로는 자를 수 없습니다`);
    if (offset >= this.endOffset) return;
    this.#entries.length = offset - this.#startOffset;
    while ((this.#epochs.at(-1)?.startOffset ?? -1) >= offset) this.#epochs.pop();
  }

  /** 리더가 알려 준 갈라진 자리(divergingEpoch)에 맞춰 자르고, 자른 오프셋을 돌려줍니다. */
  truncateToEndOffset(diverging: OffsetAndEpoch): number {
    const offset = Math.max(
      this.#startOffset,
      truncationOffset(diverging, this.endOffsetForEpoch(diverging.epoch), this.endOffset),
    );
    this.truncateTo(offset);
    return offset;
  }

  /** 새 스냅숏이 생겼습니다: 처음 생긴 것이면 가장 오래된 스냅숏이 됩니다. 로그는 그대로입니다. */
  addSnapshot(snapshotId: OffsetAndEpoch): void {
    this.#snapshotId ??= snapshotId;
  }

  /** 로그 시작을 스냅숏 끝으로 옮기고 그 앞의 항목을 지웁니다 (Kafka `deleteBeforeSnapshot`): 보존 한도를 넘었을 때. */
  deleteBeforeSnapshot(snapshotId: OffsetAndEpoch): void {
    if (snapshotId.offset <= this.#startOffset) return;
    if (snapshotId.offset > this.endOffset)
      throw new Error(`스냅숏 ${snapshotId.offset}이 로그 끝 ${this.endOffset} 뒤입니다`);
    this.#entries = this.#entries.slice(snapshotId.offset - this.#startOffset);
    this.#startOffset = snapshotId.offset;
    this.#snapshotId = snapshotId;
    this.#epochs = this.#epochs.filter((e) => e.startOffset >= snapshotId.offset);
    const first = this.#entries[0];
    if (first && this.#epochs[0]?.startOffset !== first.offset) {
      this.#epochs.unshift({ epoch: first.epoch, startOffset: first.offset });
    }
  }

  /** 리더에게서 받은 스냅숏이 로그보다 앞서 있으면 로그를 비우고 스냅숏 끝에서 다시 시작합니다 (Kafka `truncateToLatestSnapshot`). */
  truncateToSnapshot(snapshotId: OffsetAndEpoch): void {
    this.#entries = [];
    this.#epochs = [];
    this.#startOffset = snapshotId.offset;
    this.#snapshotId = snapshotId;
  }
}
