/**
 * 가상 시계: 시간은 시뮬레이터가 다음 사건을 꺼낼 때만 흐릅니다. 사건은 (시각, 예약 순서)로 정렬된
 * 우선순위 큐에 있고, 같은 시각이면 먼저 예약한 것이 먼저 돕니다. 그래서 같은 씨앗이면 사건의 순서가
 * 언제나 같습니다 (Kafka `RaftEventSimulationTest`의 `EventScheduler`와 같은 생각입니다).
 *
 * 노드마다 벽시계가 어긋날 수 있습니다(`NodeClock`): 벽시계가 앞으로 뛰면(NTP 보정) 그 노드가 벽시계로 재는 시간
 * 제한이 한꺼번에 지나고, 뒤로 가면 늦게 지납니다. 단조 시계는 가상 시간과 함께만 흐르고 뛰지 않습니다.
 * Raft의 안전성은 시계에 기대지 않아야 합니다.
 */
import type { Clock, TimerHandle } from '../runtime/clock.js';

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class SimClock implements Clock {
  #now = 0;
  #seq = 0;
  readonly #heap: Scheduled[] = [];
  readonly #byId = new Map<number, Scheduled>();

  now(): number {
    return this.#now;
  }

  /** 가상 시간 하나뿐이라 단조 시계도 같은 값입니다. */
  monotonicMs(): number {
    return this.#now;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const event: Scheduled = { at: this.#now + Math.max(0, delayMs), seq: ++this.#seq, fn, cancelled: false };
    this.#push(event);
    this.#byId.set(event.seq, event);
    return { id: event.seq };
  }

  cancel(handle: TimerHandle): void {
    const event = this.#byId.get(handle.id);
    if (!event) return;
    event.cancelled = true;
    this.#byId.delete(handle.id);
  }

  /** 취소되지 않은 사건이 남았는지 */
  get pending(): number {
    return this.#byId.size;
  }

  /** 다음 사건의 시각. 없으면 null */
  peekTime(): number | null {
    this.#dropCancelled();
    return this.#heap[0]?.at ?? null;
  }

  /** 다음 사건 하나를 돌립니다 (시간이 그 시각으로 흐릅니다). 사건이 없으면 false */
  runNext(): boolean {
    this.#dropCancelled();
    const event = this.#pop();
    if (!event) return false;
    this.#byId.delete(event.seq);
    this.#now = event.at;
    event.fn();
    return true;
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled) this.#pop();
  }

  #push(event: Scheduled): void {
    const heap = this.#heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Scheduled, heap[parent] as Scheduled)) break;
      [heap[i], heap[parent]] = [heap[parent] as Scheduled, heap[i] as Scheduled];
      i = parent;
    }
  }

  #pop(): Scheduled | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && before(heap[l] as Scheduled, heap[smallest] as Scheduled)) smallest = l;
        if (r < heap.length && before(heap[r] as Scheduled, heap[smallest] as Scheduled)) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Scheduled, heap[i] as Scheduled];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * 한 노드가 보는 시계: 벽시계는 공용 가상 시계에 노드의 어긋남(`skewMs`)을 더한 것이고, 단조 시계와 타이머는
 * 공용 가상 시계 그대로입니다 (타이머는 "지금부터 몇 ms 뒤"라 어긋남과 상관없습니다). `jump`로 어긋남을 바꾸는
 * 것이 "시계 점프" 장애입니다: NTP가 시계를 한 번에 맞추는 것처럼 벽시계만 옮기고, 단조 시계는 건드리지 않습니다.
 */
export class NodeClock implements Clock {
  #skewMs = 0;

  constructor(private readonly sim: SimClock) {}

  now(): number {
    return this.sim.now() + this.#skewMs;
  }

  monotonicMs(): number {
    return this.sim.monotonicMs();
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    return this.sim.schedule(delayMs, fn);
  }

  cancel(handle: TimerHandle): void {
    this.sim.cancel(handle);
  }

  /** 이 노드의 벽시계를 `deltaMs`만큼 옮깁니다 (음수면 뒤로). */
  jump(deltaMs: number): void {
    this.#skewMs += deltaMs;
  }
}
