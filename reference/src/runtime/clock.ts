/**
 * 시계와 타이머. 상태 기계는 `Date.now()`나 `setTimeout`을 직접 부르지 않고 이 인터페이스를 받습니다.
 * 실제 프로세스는 아래 `SystemClock`을, 시뮬레이터는 가상의 시계(`sim/clock.ts`)를 넣습니다. 그래서 같은
 * 코드가 한 프로세스 안에서 가상 시간으로 몇 분치를 몇 밀리초에 돌 수 있습니다 (TigerBeetle의 주입된 `Time`).
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** 지금 시각(ms). 노드마다 어긋날 수 있으니 다른 노드의 시각과 비교하지 않습니다. */
  now(): number;
  /** `delayMs` 뒤에 `fn`을 한 번 부릅니다. */
  schedule(delayMs: number, fn: () => void): TimerHandle;
  /** 아직 부르지 않은 타이머를 취소합니다. 이미 불렸거나 모르는 핸들이면 아무 일도 하지 않습니다. */
  cancel(handle: TimerHandle): void;
}

/** 진짜 시계: `Date.now()`와 `setTimeout`. 프로세스의 가장자리에서만 씁니다. */
export class SystemClock implements Clock {
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(
      id,
      setTimeout(
        () => {
          this.#timers.delete(id);
          fn();
        },
        Math.max(0, delayMs),
      ),
    );
    return { id };
  }

  cancel(handle: TimerHandle): void {
    const timer = this.#timers.get(handle.id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(handle.id);
  }
}
