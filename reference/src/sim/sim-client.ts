/**
 * 시뮬레이터의 클라이언트 프로세스 하나 (그룹 판의 컨슈머, 트랜잭션 판의 프로듀서): 가상 네트워크에 붙어 브로커에게
 * 요청을 보내고, 답이나 시간 초과 중 **먼저 온 하나만** 받습니다 (Kafka 클라이언트의 `NetworkClient`가 correlation id와
 * `request.timeout.ms`로 하는 일). 늦게 온 답과 복제된 답은 버립니다.
 *
 * 클라이언트가 겪는 장애도 여기 있습니다:
 *   - 죽음(`kill`, kill -9): 네트워크에서 떨어지고, 예약해 둔 일도 보낸 요청의 답도 더는 받지 않습니다.
 *   - 멈춤(`stall`, 긴 GC 정지나 얼어붙은 파드): 살아 있지만 그동안 온 답과 타이머를 처리하지 못하고, 깨어나서
 *     밀린 순서대로 처리합니다. 멈춘 사이 세션이 끝났을 수 있으니, 깨어난 클라이언트는 좀비일 수 있습니다.
 */
import type { Transport } from '../runtime/transport.js';
import type { SimClock } from './clock.js';
import type { SimNetwork } from './network.js';

/** 요청 하나의 결과: 답, 또는 답이 오지 않은 까닭 */
export type Outcome<Res> =
  | { readonly ok: true; readonly response: Res }
  | { readonly ok: false; readonly error: 'TIMEOUT' | 'DISCONNECTED' };

export class SimClient<Req, Res> {
  #transport: Transport<Req, Res> | null = null;
  #incarnation = 0;
  #stalledUntil = 0;

  constructor(
    readonly id: number,
    protected readonly clock: SimClock,
    private readonly network: SimNetwork<Req, Res>,
  ) {}

  get alive(): boolean {
    return this.#transport !== null;
  }

  /** 프로세스를 켭니다 (다시 켜면 새 세대: 옛 세대의 타이머와 답은 버려집니다). */
  protected attach(): void {
    this.#incarnation++;
    // 클라이언트는 요청을 받지 않습니다.
    this.#transport = this.network.attach(this.id, () => {});
  }

  /** kill -9 */
  kill(): void {
    if (!this.#transport) return;
    this.#transport = null;
    this.network.detach(this.id);
  }

  /** `ms` 동안 멈춥니다 (이미 멈춰 있으면 더 늦게 깨어나는 쪽) */
  stall(ms: number): void {
    this.#stalledUntil = Math.max(this.#stalledUntil, this.clock.now() + ms);
  }

  get stalled(): boolean {
    return this.clock.now() < this.#stalledUntil;
  }

  /** 이 세대가 살아 있는 동안 `fn`을 돌립니다. 멈춰 있으면 깨어날 때까지 미룹니다. */
  #run(incarnation: number, fn: () => void): void {
    if (!this.alive || incarnation !== this.#incarnation) return;
    if (this.stalled) {
      this.clock.schedule(this.#stalledUntil - this.clock.now(), () => this.#run(incarnation, fn));
      return;
    }
    fn();
  }

  /** `ms` 뒤에 `fn` (클라이언트의 타이머) */
  protected after(ms: number, fn: () => void): void {
    const incarnation = this.#incarnation;
    this.clock.schedule(ms, () => this.#run(incarnation, fn));
  }

  /** 요청을 보냅니다. `onOutcome`은 답, 끊김, 시간 초과 가운데 먼저 온 하나로 꼭 한 번 불립니다 (죽지 않았다면). */
  protected request(
    destination: number,
    request: Req,
    timeoutMs: number,
    onOutcome: (outcome: Outcome<Res>) => void,
  ): void {
    const transport = this.#transport;
    if (!transport) return;
    const incarnation = this.#incarnation;
    let done = false;
    const finish = (outcome: Outcome<Res>) =>
      this.#run(incarnation, () => {
        if (done) return;
        done = true;
        this.clock.cancel(timer);
        onOutcome(outcome);
      });
    const timer = this.clock.schedule(timeoutMs, () => finish({ ok: false, error: 'TIMEOUT' }));
    transport.send(destination, request, (reply) =>
      finish(reply.ok ? { ok: true, response: reply.response } : { ok: false, error: reply.error }),
    );
  }
}
