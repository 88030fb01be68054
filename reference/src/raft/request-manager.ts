/**
 * 나가는 요청의 장부: 노드마다 한 번에 요청 하나만 보내고, 답을 기다리다 시간이 지나면 다시 보낼 수 있게 하고,
 * 실패하면 잠시 물러납니다(backoff). Kafka `RequestManager`.
 *
 * 답은 correlation id로 짝을 맞춥니다. 기다리지 않던 답(시간이 지난 뒤 온 답, 복제된 답, 상태가 바뀌기 전에 보낸
 * 요청의 답)은 버립니다. 상태가 바뀔 때 `resetAll`로 모든 연결을 처음으로 돌리는 것도 그래서입니다.
 */
import type { Random } from '../runtime/random.js';

type Connection =
  | { readonly state: 'awaiting'; readonly correlationId: number; readonly sentAtMs: number }
  | { readonly state: 'backoff'; readonly untilMs: number };

export class RequestManager {
  readonly #connections = new Map<number, Connection>();

  constructor(
    private readonly requestTimeoutMs: number,
    private readonly retryBackoffMs: number,
    private readonly random: Random,
  ) {}

  /**
   * 리더를 모를 때 Fetch를 보낼 노드: 어디에도 답을 기다리는 요청이 없을 때, 무작위 자리부터 돌며 처음 만나는
   * 보낼 수 있는 노드. 늘 같은 노드(죽었을지도 모르는)에만 묻지 않도록 무작위로 시작합니다.
   * Kafka `RequestManager.findReadyBootstrapServer`.
   */
  findReadyBootstrapServer(nodes: readonly number[], nowMs: number): number | undefined {
    if (nodes.some((node) => this.hasInflightRequest(node, nowMs))) return undefined;
    const start = this.random.int(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[(start + i) % nodes.length] as number;
      if (this.isReady(node, nowMs)) return node;
    }
    return undefined;
  }

  /**
   * `findReadyBootstrapServer`가 아무도 고르지 못했을 때 다시 볼 때까지의 시간: 답을 기다리는 요청이 있으면 그 남은
   * 시간 제한, 모두 물러나는 중이면 가장 빨리 끝나는 backoff (Kafka `backoffBeforeAvailableBootstrapServer`).
   */
  backoffBeforeAvailableBootstrapServer(nodes: readonly number[], nowMs: number): number {
    const inflight = nodes.filter((node) => this.hasInflightRequest(node, nowMs));
    const waits =
      inflight.length > 0
        ? inflight.map((node) => this.remainingRequestTimeMs(node, nowMs))
        : nodes.map((node) => this.remainingBackoffMs(node, nowMs));
    return Math.min(Number.POSITIVE_INFINITY, ...waits);
  }

  isBackingOff(node: number, nowMs: number): boolean {
    const c = this.#connections.get(node);
    return c?.state === 'backoff' && nowMs < c.untilMs;
  }

  remainingBackoffMs(node: number, nowMs: number): number {
    const c = this.#connections.get(node);
    return c?.state === 'backoff' ? Math.max(0, c.untilMs - nowMs) : 0;
  }

  /** 답을 기다리는 요청이 시간 안에 있는지 */
  hasInflightRequest(node: number, nowMs: number): boolean {
    const c = this.#connections.get(node);
    return c?.state === 'awaiting' && nowMs < c.sentAtMs + this.requestTimeoutMs;
  }

  /** 새 요청을 보내도 되는지: 물러나는 중도 아니고, 시간 안에 답을 기다리는 요청도 없을 때 */
  isReady(node: number, nowMs: number): boolean {
    return !this.isBackingOff(node, nowMs) && !this.hasInflightRequest(node, nowMs);
  }

  remainingRequestTimeMs(node: number, nowMs: number): number {
    const c = this.#connections.get(node);
    return c?.state === 'awaiting' ? Math.max(0, c.sentAtMs + this.requestTimeoutMs - nowMs) : 0;
  }

  onRequestSent(node: number, correlationId: number, nowMs: number): void {
    this.#connections.set(node, { state: 'awaiting', correlationId, sentAtMs: nowMs });
  }

  isResponseExpected(node: number, correlationId: number): boolean {
    const c = this.#connections.get(node);
    return c?.state === 'awaiting' && c.correlationId === correlationId;
  }

  /** 기다리던 답을 처리했습니다: 잘 처리했으면 곧바로 다음 요청을, 아니면 잠시 물러난 뒤 다시 보냅니다. */
  onResponseResult(node: number, correlationId: number, success: boolean, nowMs: number): void {
    if (!this.isResponseExpected(node, correlationId)) return;
    if (success) this.#connections.delete(node);
    else this.#connections.set(node, { state: 'backoff', untilMs: nowMs + this.retryBackoffMs });
  }

  resetAll(): void {
    this.#connections.clear();
  }
}
