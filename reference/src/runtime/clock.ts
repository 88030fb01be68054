/**
 * 시계와 타이머. 상태 기계는 `Date.now()`나 `setTimeout`을 직접 부르지 않고 이 인터페이스를 받습니다.
 * 실제 프로세스는 아래 `SystemClock`을, 시뮬레이터는 가상의 시계(`sim/clock.ts`)를 넣습니다. 그래서 같은
 * 코드가 한 프로세스 안에서 가상 시간으로 몇 분치를 몇 밀리초에 돌 수 있습니다 (TigerBeetle의 주입된 `Time`).
 *
 * 시각은 두 가지입니다 (Kafka `Time`의 `milliseconds()`와 `nanoseconds()`):
 *
 *   now()          벽시계(wall clock). 사람이 읽는 시각이라 NTP 보정이나 관리자가 시계를 맞추면 앞뒤로 뜁니다.
 *                  디스크와 메시지에 남는 시각(레코드 타임스탬프, 커밋 시각, 트랜잭션의 마지막 갱신 시각)과
 *                  그것으로 재는 기한(보존 정책, 오프셋 보존, 트랜잭션 시간 제한)은 이것입니다.
 *   monotonicMs()  단조 시계(monotonic clock). 기준점은 아무 뜻이 없고 뒤로 가지 않으며, 벽시계가 뛰어도 함께
 *                  뛰지 않습니다. "마지막 하트비트에서 얼마나 지났나"처럼 이 프로세스 안에서만 재는 간격은
 *                  Kafka가 이것으로 잽니다 (브로커 세션, 그룹 세션, 지연 연산의 시간 제한).
 *
 * 어느 쪽을 쓸지는 자리마다 Kafka가 고른 대로 따르고, 그 자리에 Kafka의 메서드를 적어 둡니다. 두 시각을 서로
 * 빼거나 비교하면 안 됩니다. `schedule`의 지연은 단조 시계로 흐릅니다 (`setTimeout`이 그렇습니다).
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** 벽시계의 지금 시각(ms, 유닉스 시각). 노드마다 어긋날 수 있으니 다른 노드의 시각과 비교하지 않습니다. */
  now(): number;
  /** 단조 시계의 지금(ms). 기준점이 없으니 간격과 기한에만 씁니다 (Kafka `Time.hiResClockMs`). */
  monotonicMs(): number;
  /** `delayMs` 뒤에 `fn`을 한 번 부릅니다. */
  schedule(delayMs: number, fn: () => void): TimerHandle;
  /** 아직 부르지 않은 타이머를 취소합니다. 이미 불렸거나 모르는 핸들이면 아무 일도 하지 않습니다. */
  cancel(handle: TimerHandle): void;
}

/**
 * 진짜 시계: `Date.now()`, `performance.now()`(프로세스가 시작한 때부터 흐르는 단조 시계)와 `setTimeout`.
 * 프로세스의 가장자리에서만 씁니다. 타이머는 `unref`합니다: 프로세스를 살려 두는 것은 열린 리스너와 연결이지,
 * 남은 주기 작업이 아닙니다 (멈춘 노드가 타이머 때문에 끝나지 않는 일이 없게).
 */
export class SystemClock implements Clock {
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  /** Kafka처럼 ms 아래는 버립니다 (`hiResClockMs`는 `nanoTime`을 ms로 내림합니다). */
  monotonicMs(): number {
    return Math.floor(performance.now());
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const id = this.#nextId++;
    const timer = setTimeout(
      () => {
        this.#timers.delete(id);
        fn();
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.#timers.set(id, timer);
    return { id };
  }

  cancel(handle: TimerHandle): void {
    const timer = this.#timers.get(handle.id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(handle.id);
  }
}

/** 프로세스 하나에 하나면 되는 진짜 시계 (`main.ts`와 테스트의 기본값) */
export const systemClock: Clock = new SystemClock();

/**
 * `fn`을 `periodMs`마다 되풀이합니다 (`setInterval`을 `Clock` 위에서). 다음 차례를 먼저 예약한 뒤 `fn`을 부르므로,
 * `fn`이 던져도 되풀이는 이어집니다. 돌려받은 함수를 부르면 멈춥니다.
 */
export function every(clock: Clock, periodMs: number, fn: () => void): () => void {
  let stopped = false;
  let handle: TimerHandle;
  const run = () => {
    if (stopped) return;
    handle = clock.schedule(periodMs, run);
    fn();
  };
  handle = clock.schedule(periodMs, run);
  return () => {
    stopped = true;
    clock.cancel(handle);
  };
}
