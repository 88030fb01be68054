/**
 * 언제 메타데이터 스냅숏을 만들지 정하는 곳 (Kafka `SnapshotGenerator`, KIP-630). 브로커든 컨트롤러든 모든 노드가
 * 하나씩 갖고, 커밋되어 적용된 것(`MetadataDelta`)을 받을 때마다 셉니다:
 *
 *   - 지난 스냅숏 뒤로 적용한 레코드 배치가 `metadata.log.max.record.bytes.between.snapshots`(20 MiB)에 닿았거나,
 *   - 새 레코드가 왔는데 지난 스냅숏에서 `metadata.log.max.snapshot.interval.ms`(1시간)가 지났으면
 *
 * 스냅숏을 만들 일을 예약합니다. 새 레코드가 없으면 시간이 아무리 흘러도 만들지 않습니다 (같은 상태를 또 적을 까닭이
 * 없으니까요). 만드는 일(`emit`: 이미지를 레코드로 적어 `.checkpoint`에 쓰기)은 주입된 시계의 다음 차례에 따로
 * 돕니다: 커밋을 적용하고 요청에 답하는 길을 막지 않게요 (Kafka는 이것을 자기 이벤트 큐 스레드에서 합니다). 예약한
 * 것이 아직 돌지 않았으면 또 예약하지 않습니다. 카운터는 만들기 시작할 때, 그리고 리더의 스냅숏을 불러왔을 때
 * 처음으로 돌아갑니다.
 *
 * Kafka와 다른 점: Kafka는 이미지가 배치의 끝에서 끝날 때만 만듭니다(`isOffsetBatchAligned`). 스냅숏 끝이 배치
 * 한가운데면 로그 시작이 배치 안에 놓여 Fetch가 로그 시작 앞의 레코드를 돌려주게 되기 때문입니다. 이 브로커의
 * 쿼럼은 로그를 항목 단위로 읽고 주므로(`raft-log.ts`) 그 조건이 필요 없습니다.
 */
import type { Clock, TimerHandle } from '../runtime/clock.js';

export interface SnapshotGeneratorOptions {
  /** `metadata.log.max.record.bytes.between.snapshots` */
  readonly maxBytesSinceLastSnapshot: number;
  /** `metadata.log.max.snapshot.interval.ms`. 0이면 시간으로는 만들지 않습니다. */
  readonly maxTimeSinceLastSnapshotMs: number;
  readonly clock: Clock;
  /** 지금의 이미지로 스냅숏을 만듭니다 (Kafka `SnapshotGenerator.Emitter.maybeEmit`). `reason`은 로그에 남길 까닭 */
  readonly emit: (reason: string) => void;
  /** `emit`이 던진 예외 (Kafka의 fault handler): 노드는 계속 돌고, 다음 조건에서 다시 만듭니다. */
  readonly onError: (error: unknown) => void;
}

export class SnapshotGenerator {
  readonly #options: SnapshotGeneratorOptions;
  #bytesSinceLastSnapshot = 0;
  /** 지난 스냅숏의 때: 단조 시계로 잽니다 (Kafka `lastSnapshotTimeNs`가 `time.nanoseconds()`) */
  #lastSnapshotTimeMs: number;
  /** 예약했지만 아직 돌지 않은 만들기 (Kafka: 이벤트 큐가 비지 않음) */
  #scheduled: TimerHandle | null = null;
  /** 멈췄으면 그 까닭 (Kafka `disabledReason`) */
  #disabledReason: string | null = null;

  constructor(options: SnapshotGeneratorOptions) {
    this.#options = options;
    this.#lastSnapshotTimeMs = options.clock.monotonicMs();
  }

  /** 만들기를 예약해 두었는지 */
  get isEmitScheduled(): boolean {
    return this.#scheduled !== null;
  }

  /** 지난 스냅숏 뒤로 센 바이트 */
  get bytesSinceLastSnapshot(): number {
    return this.#bytesSinceLastSnapshot;
  }

  /** 로그에서 커밋된 배치들을 적용했습니다 (Kafka `publishLogDelta`). `numBytes`는 그 배치들의 크기입니다. */
  publishLogDelta(numBytes: number): void {
    const { maxBytesSinceLastSnapshot, maxTimeSinceLastSnapshotMs, clock } = this.#options;
    this.#bytesSinceLastSnapshot += numBytes;
    if (this.#bytesSinceLastSnapshot >= maxBytesSinceLastSnapshot) {
      this.#maybeScheduleEmit(`레코드를 ${maxBytesSinceLastSnapshot}바이트 넘게 적용했습니다`);
    } else if (
      maxTimeSinceLastSnapshotMs !== 0 &&
      clock.monotonicMs() - this.#lastSnapshotTimeMs >= maxTimeSinceLastSnapshotMs
    ) {
      this.#maybeScheduleEmit(`지난 스냅숏에서 ${maxTimeSinceLastSnapshotMs}ms가 지났습니다`);
    }
  }

  /** 스냅숏을 통째로 불러왔습니다 (Kafka `publishSnapshot`): 그것이 곧 지난 스냅숏입니다. */
  publishSnapshot(): void {
    this.#resetSnapshotCounters();
  }

  /** 노드가 멈춥니다: 예약한 만들기를 거두고 더는 만들지 않습니다 (Kafka `beginShutdown`). */
  beginShutdown(): void {
    this.#disabledReason ??= '노드가 멈추는 중입니다';
    if (this.#scheduled) this.#options.clock.cancel(this.#scheduled);
    this.#scheduled = null;
  }

  #resetSnapshotCounters(): void {
    this.#bytesSinceLastSnapshot = 0;
    this.#lastSnapshotTimeMs = this.#options.clock.monotonicMs();
  }

  #maybeScheduleEmit(reason: string): void {
    if (this.#scheduled !== null || this.#disabledReason !== null) return;
    this.#scheduled = this.#options.clock.schedule(0, () => {
      this.#scheduled = null;
      this.#resetSnapshotCounters();
      try {
        this.#options.emit(reason);
      } catch (error) {
        this.#options.onError(error);
      }
    });
  }
}
