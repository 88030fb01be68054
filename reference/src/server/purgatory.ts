/**
 * 퍼거토리(Purgatory): 지금 당장 답할 수 없는 요청을 맡아 두었다가, 조건이 채워지거나 시간이 다 되면 끝내는 곳
 * (Kafka: `DelayedOperationPurgatory`). 두 요청이 씁니다:
 *
 *   - Fetch 롱 폴링: 읽을 데이터가 minBytes보다 적으면, 파티션에 새 데이터가 들어올 때까지 기다립니다.
 *   - acks=all Produce(DelayedProduce): ISR의 모든 복제본이 배치를 가질 때까지, 곧 하이 워터마크가 배치 끝을
 *     넘을 때까지 기다립니다 (delayed-produce.ts).
 *
 * 작업은 파티션 키(`topic-partition`)로 지켜봅니다. 그 파티션에 무슨 일이 생기면(쓰기, 하이 워터마크 전진)
 * `checkAndComplete`가 그 키를 지켜보는 작업들의 조건만 다시 확인합니다. 모든 작업을 매번 훑지 않습니다.
 */
import type { Clock } from '../runtime/clock.js';

interface Watcher {
  readonly tryComplete: () => boolean;
  readonly finish: (completed: boolean) => void;
}

export class Purgatory {
  readonly #watchersByKey = new Map<string, Set<Watcher>>();

  /** 시간 제한은 주입된 시계로 잽니다 (시뮬레이터에서는 가상 시간). */
  constructor(private readonly clock: Clock) {}

  /**
   * `keys` 중 하나에 일이 생겨 `tryComplete`가 참이 되면 true로, `timeoutMs`가 먼저 지나면 false로 끝나는 약속.
   * 조건은 지켜보기 시작한 뒤의 일에만 확인합니다: 지금 이미 채워졌는지는 부르는 쪽이 먼저 봅니다.
   */
  watch(keys: readonly string[], tryComplete: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const watcher: Watcher = {
        tryComplete,
        finish: (completed) => {
          this.clock.cancel(timer);
          for (const key of keys) this.#unwatch(key, watcher);
          resolve(completed);
        },
      };
      const timer = this.clock.schedule(timeoutMs, () => watcher.finish(false));
      for (const key of keys) {
        const watchers = this.#watchersByKey.get(key) ?? new Set();
        watchers.add(watcher);
        this.#watchersByKey.set(key, watchers);
      }
    });
  }

  /** `key`의 파티션에 일이 생겼습니다: 그 키를 지켜보는 작업 중 조건이 채워진 것을 끝냅니다. */
  checkAndComplete(key: string): void {
    const watchers = this.#watchersByKey.get(key);
    if (!watchers) return;
    for (const watcher of [...watchers]) if (watcher.tryComplete()) watcher.finish(true);
  }

  /** 지켜보는 작업 수 (같은 작업이 키 여럿을 지켜보면 여러 번 셉니다) */
  get watched(): number {
    let count = 0;
    for (const watchers of this.#watchersByKey.values()) count += watchers.size;
    return count;
  }

  #unwatch(key: string, watcher: Watcher): void {
    const watchers = this.#watchersByKey.get(key);
    watchers?.delete(watcher);
    if (watchers?.size === 0) this.#watchersByKey.delete(key);
  }
}
