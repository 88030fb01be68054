/**
 * 시뮬레이터의 응용: 커밋된 값을 차례로 쌓는 가장 단순한 상태 기계 (Kafka `ReplicatedCounter`의 자리).
 * 컨트롤러가 메타데이터 레코드를 적용하는 자리에 이것이 앉습니다.
 *
 * 적용할 때마다 안전성 검사기에 알리고, 일정한 수의 레코드마다 스냅숏을 만들어 로그 앞부분을 지우게 합니다
 * (그래야 뒤처진 노드가 FetchSnapshot으로 따라잡는 길이 시험됩니다).
 */

import type { RaftListener } from '../raft/raft-driver.js';
import type { ApplyOp } from '../raft/ready.js';
import type { SafetyChecker } from './quorum-safety.js';

export class ReplicatedCounter implements RaftListener<number> {
  /** 적용한 데이터 값들 (순서대로) */
  values: number[] = [];
  /** 다음에 적용할 오프셋 */
  nextOffset = 0;
  #sinceSnapshot = 0;
  /** 스냅숏을 만들 때 부르는 곳 (드라이버가 정해지면 이어 붙입니다) */
  snapshotter: ((endOffset: number, values: readonly number[]) => void) | null = null;

  constructor(
    readonly nodeId: number,
    private readonly safety: SafetyChecker,
    /** 이만큼 적용할 때마다 스냅숏 (0이면 만들지 않음) */
    private readonly snapshotEvery: number,
  ) {}

  apply(op: ApplyOp<number>): void {
    if (op.kind === 'snapshot') {
      this.safety.onLoadSnapshot(this.nodeId, op.snapshot.id.offset, op.snapshot.records);
      this.values = [...op.snapshot.records];
      this.nextOffset = op.snapshot.id.offset;
      this.#sinceSnapshot = 0;
      return;
    }
    this.safety.onApply(this.nodeId, op.entries);
    for (const entry of op.entries) {
      if (entry.offset !== this.nextOffset) {
        throw new Error(`노드 ${this.nodeId}: 오프셋 ${this.nextOffset}를 기다렸는데 ${entry.offset}가 왔습니다`);
      }
      this.nextOffset++;
      if (entry.record.type === 'data') {
        this.values.push(entry.record.data);
        this.#sinceSnapshot++;
      }
    }
    if (this.snapshotEvery > 0 && this.#sinceSnapshot >= this.snapshotEvery && this.snapshotter) {
      this.#sinceSnapshot = 0;
      this.snapshotter(this.nextOffset, this.values);
    }
  }
}
