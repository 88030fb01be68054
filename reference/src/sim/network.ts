/**
 * 시뮬레이터의 네트워크: 노드 사이의 요청과 응답을 가상 시계의 사건으로 배달합니다.
 *
 * 장애는 모두 씨앗 난수로 정해집니다:
 *   - 지연: 메시지마다 [minDelayMs, maxDelayMs] 사이의 무작위 지연, 가끔(`spikeRate`) 훨씬 긴 지연.
 *     지연이 제각각이라 메시지의 순서가 바뀝니다 (reorder).
 *   - 유실(`dropRate`): 요청이나 응답이 사라집니다. 보낸 쪽에는 아무 답도 가지 않습니다.
 *   - 복제(`duplicateRate`): 같은 요청이나 응답이 두 번 도착합니다.
 *   - 분할(partition): 방향이 있는 연결(from→to)을 끊습니다. 한쪽 방향만 끊을 수도 있습니다 (비대칭 분할).
 *   - 노드가 죽으면(`detach`) 그 노드로 가던 요청은 연결이 끊긴 것으로 돌아옵니다. 다시 켜진 노드(새 세대)는
 *     옛 세대가 보낸 요청의 응답을 받지 않습니다 (TCP 연결은 프로세스와 함께 끊어지니까요).
 *
 * 순서는 두 가지로 흉내 냅니다. 기본은 메시지마다 따로 갑니다: 쿼럼은 어떤 순서로 와도 안전해야 하니까요.
 * `ordered`면 연결(보낸 노드의 한 세대 → 받는 노드의 한 세대)마다 보낸 순서대로 도착합니다. 클라이언트와 브로커는
 * TCP 연결 하나로 이야기하고, 브로커는 한 연결의 요청을 온 순서대로 처리하니까요 (Kafka `SocketServer`가 연결마다
 * 한 요청씩 처리합니다). 그때도 서로 다른 연결의 메시지는 순서가 섞이고, 유실·복제·지연·분할은 그대로입니다.
 */
import type { RequestHandler, Transport } from '../runtime/transport.js';
import type { SimClock } from './clock.js';
import type { SeededRandom } from './random.js';

export interface NetworkFaults {
  minDelayMs: number;
  maxDelayMs: number;
  dropRate: number;
  duplicateRate: number;
  /** 긴 지연(최대 `spikeDelayMs`)이 생길 확률 */
  spikeRate: number;
  spikeDelayMs: number;
}

export const CALM_NETWORK: NetworkFaults = {
  minDelayMs: 1,
  maxDelayMs: 5,
  dropRate: 0,
  duplicateRate: 0,
  spikeRate: 0,
  spikeDelayMs: 0,
};

interface Endpoint<Req, Res> {
  readonly handler: RequestHandler<Req, Res>;
  readonly incarnation: number;
}

export interface SimNetworkOptions {
  /** 연결마다 보낸 순서대로 배달합니다 (TCP처럼). 기본은 메시지마다 따로 */
  readonly ordered?: boolean;
}

export interface NetworkStats {
  dropped: number;
  duplicated: number;
  blocked: number;
}

export class SimNetwork<Req, Res> {
  faults: NetworkFaults = { ...CALM_NETWORK };
  readonly stats: NetworkStats = { dropped: 0, duplicated: 0, blocked: 0 };
  readonly #endpoints = new Map<number, Endpoint<Req, Res>>();
  readonly #incarnations = new Map<number, number>();
  /** 끊긴 방향: `${from}>${to}` */
  readonly #blocked = new Set<string>();
  /** `ordered`일 때 연결마다 마지막 메시지가 도착하는 시각 */
  readonly #lastArrival = new Map<string, number>();
  /** 주고받는 메시지를 복제하지 않는 노드 (`neverDuplicate`) */
  readonly #neverDuplicated = new Set<number>();

  constructor(
    private readonly clock: SimClock,
    private readonly random: SeededRandom,
    private readonly options: SimNetworkOptions = {},
  ) {}

  /**
   * 이 노드가 보내고 받는 메시지는 두 번 도착하지 않습니다 (유실·지연·분할은 그대로). TCP 연결 하나로 요청을 한 번씩만 보내는
   * 클라이언트를 위해서입니다: 트랜잭션 프로듀서의 EndTxn이 복제되어 늦게 닿으면 같은 에포크의 다음 트랜잭션을 끝내 버리는데,
   * TCP 위의 Kafka에서는 일어나지 않는 일입니다 (Kafka는 KIP-890에서 트랜잭션마다 에포크를 올려 그마저 막습니다).
   */
  neverDuplicate(nodeId: number): void {
    this.#neverDuplicated.add(nodeId);
  }

  /** 노드가 켜졌습니다. 이 노드가 요청을 보낼 때 쓸 `Transport`를 돌려줍니다. */
  attach(nodeId: number, handler: RequestHandler<Req, Res>): Transport<Req, Res> {
    const incarnation = (this.#incarnations.get(nodeId) ?? 0) + 1;
    this.#incarnations.set(nodeId, incarnation);
    this.#endpoints.set(nodeId, { handler, incarnation });
    return { send: (destination, request, onReply) => this.#send(nodeId, incarnation, destination, request, onReply) };
  }

  /** 노드가 죽었습니다. */
  detach(nodeId: number): void {
    this.#endpoints.delete(nodeId);
  }

  /** `from`의 노드들에서 `to`의 노드들로 가는 메시지를 끊습니다 (한 방향). */
  block(from: readonly number[], to: readonly number[]): void {
    for (const f of from) for (const t of to) if (f !== t) this.#blocked.add(`${f}>${t}`);
  }

  /** 두 무리 사이를 양방향으로 끊습니다. */
  partition(a: readonly number[], b: readonly number[]): void {
    this.block(a, b);
    this.block(b, a);
  }

  /** 한 노드를 나머지에서 떼어 놓습니다. */
  isolate(nodeId: number, others: readonly number[]): void {
    this.partition([nodeId], others);
  }

  /** 모든 분할을 풉니다. */
  heal(): void {
    this.#blocked.clear();
  }

  /** `from`에서 `to`로 지금 닿는지: 받는 노드가 켜져 있고 그 방향이 끊기지 않았습니다. */
  reachable(from: number, to: number): boolean {
    return this.#endpoints.has(to) && !this.#blocked.has(`${from}>${to}`);
  }

  #alive(nodeId: number, incarnation: number): Endpoint<Req, Res> | undefined {
    const endpoint = this.#endpoints.get(nodeId);
    return endpoint?.incarnation === incarnation ? endpoint : undefined;
  }

  #delayMs(): number {
    const { minDelayMs, maxDelayMs, spikeRate, spikeDelayMs } = this.faults;
    const base = this.random.range(minDelayMs, maxDelayMs);
    return this.random.chance(spikeRate) ? base + this.random.int(spikeDelayMs + 1) : base;
  }

  /** 한 메시지를 배달하는 사건을 예약합니다. `ordered`면 같은 연결의 앞선 메시지보다 먼저 닿지 않습니다. */
  #deliver(connection: string, fn: () => void): void {
    const delayMs = this.#delayMs();
    if (!this.options.ordered) {
      this.clock.schedule(delayMs, fn);
      return;
    }
    // 같은 시각이면 먼저 예약한 사건이 먼저 돌므로, 도착 시각이 같아도 순서는 지켜집니다.
    const arrival = Math.max(this.clock.now() + delayMs, this.#lastArrival.get(connection) ?? 0);
    this.#lastArrival.set(connection, arrival);
    this.clock.schedule(arrival - this.clock.now(), fn);
  }

  /** 이번 메시지가 몇 번 도착할지: 0(유실), 1, 2(복제) */
  #copies(from: number, to: number): number {
    if (this.#blocked.has(`${from}>${to}`)) {
      this.stats.blocked++;
      return 0;
    }
    if (this.random.chance(this.faults.dropRate)) {
      this.stats.dropped++;
      return 0;
    }
    if (this.random.chance(this.faults.duplicateRate)) {
      if (this.#neverDuplicated.has(from) || this.#neverDuplicated.has(to)) return 1;
      this.stats.duplicated++;
      return 2;
    }
    return 1;
  }

  #send(
    source: number,
    sourceIncarnation: number,
    destination: number,
    request: Req,
    onReply: Parameters<Transport<Req, Res>['send']>[2],
  ): void {
    const target = this.#endpoints.get(destination);
    if (!target) {
      // 받을 노드가 없으면 연결이 거부됩니다: 보낸 쪽은 잠시 뒤 끊겼다는 답을 받습니다.
      this.clock.schedule(this.#delayMs(), () => {
        if (this.#alive(source, sourceIncarnation)) onReply({ ok: false, error: 'DISCONNECTED' });
      });
      return;
    }
    const targetIncarnation = target.incarnation;
    const connection = `${source}#${sourceIncarnation}>${destination}#${targetIncarnation}`;
    for (let copy = this.#copies(source, destination); copy > 0; copy--) {
      this.#deliver(connection, () => {
        const receiver = this.#alive(destination, targetIncarnation);
        if (!receiver) {
          if (this.#alive(source, sourceIncarnation)) onReply({ ok: false, error: 'DISCONNECTED' });
          return;
        }
        receiver.handler(source, request, (response) => {
          // 죽은 프로세스는 답하지 못합니다 (붙잡아 둔 Fetch에 죽은 뒤 답하는 일이 없도록).
          if (!this.#alive(destination, targetIncarnation)) return;
          this.#respond(destination, targetIncarnation, source, sourceIncarnation, response, onReply);
        });
      });
    }
  }

  #respond(
    from: number,
    fromIncarnation: number,
    to: number,
    toIncarnation: number,
    response: Res,
    onReply: Parameters<Transport<Req, Res>['send']>[2],
  ): void {
    const connection = `${from}#${fromIncarnation}>${to}#${toIncarnation}`;
    for (let copy = this.#copies(from, to); copy > 0; copy--) {
      this.#deliver(connection, () => {
        if (!this.#alive(to, toIncarnation)) return;
        onReply({ ok: true, response });
      });
    }
  }
}
