/**
 * 시뮬레이터의 부품: 가상 시계(순서가 씨앗만으로 정해짐), 노드의 시계 점프, 씨앗 난수, 가상 네트워크의 장애들.
 * 진짜 시계(`SystemClock`)도 같은 약속(예약, 취소)을 지키는지 봅니다.
 */
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/runtime/clock.js';
import type { Reply } from '../../src/runtime/transport.js';
import { NodeClock, SimClock } from '../../src/sim/clock.js';
import { SimNetwork } from '../../src/sim/network.js';
import { SeededRandom } from '../../src/sim/random.js';
import { SimClient } from '../../src/sim/sim-client.js';

describe('SimClock', () => {
  it('사건은 (시각, 예약 순서)대로 돌고, 시간은 그때만 흐릅니다; 취소한 것은 돌지 않습니다', () => {
    const clock = new SimClock();
    const order: string[] = [];
    clock.schedule(10, () => order.push('b@10'));
    clock.schedule(5, () => order.push('a@5'));
    clock.schedule(10, () => order.push('c@10'));
    const cancelled = clock.schedule(7, () => order.push('never'));
    clock.cancel(cancelled);
    expect(clock.now()).toBe(0);
    while (clock.runNext()) order.push(`now=${clock.now()}`);
    expect(order).toEqual(['a@5', 'now=5', 'b@10', 'now=10', 'c@10', 'now=10']);
  });

  it('NodeClock: 노드의 벽시계만 앞으로 또는 뒤로 뜁니다 (단조 시계와 타이머는 공용 시계로)', () => {
    const sim = new SimClock();
    const a = new NodeClock(sim);
    const b = new NodeClock(sim);
    a.jump(5000);
    b.jump(-200);
    expect([a.now(), b.now(), sim.now()]).toEqual([5000, -200, 0]);
    expect([a.monotonicMs(), b.monotonicMs()]).toEqual([0, 0]);
    let fired = -1;
    a.schedule(10, () => {
      fired = sim.now();
    });
    sim.runNext();
    expect(fired).toBe(10);
    expect([a.now(), a.monotonicMs(), b.monotonicMs()]).toEqual([5010, 10, 10]);
  });
});

describe('SystemClock', () => {
  it('예약한 함수는 지연 순서대로 불리고, 취소한 것은 불리지 않습니다', async () => {
    const clock = new SystemClock();
    const order: number[] = [];
    const done = new Promise<void>((resolve) => {
      clock.schedule(5, () => order.push(2));
      clock.schedule(0, () => order.push(1));
      const cancelled = clock.schedule(1, () => order.push(99));
      clock.cancel(cancelled);
      clock.schedule(15, resolve);
    });
    const before = clock.monotonicMs();
    await done;
    expect(order).toEqual([1, 2]);
    expect(clock.now()).toBeGreaterThan(0);
    // 단조 시계: 정수 ms, 뒤로 가지 않고, 기다린 만큼 흘렀습니다 (15ms 타이머를 기다렸으니 적어도 10ms).
    expect(Number.isInteger(before)).toBe(true);
    expect(clock.monotonicMs()).toBeGreaterThanOrEqual(before + 10);
  });
});

describe('SeededRandom', () => {
  it('같은 씨앗이면 같은 수열, fork는 부모를 얼마나 썼는지와 상관없습니다', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const fresh = new SeededRandom(7).fork(3).next();
    expect(a.fork(3).next()).toBe(fresh);
    expect(new SeededRandom(8).fork(3).next()).not.toBe(fresh);
  });

  it('int, range, pick, shuffle은 범위를 지킵니다', () => {
    const r = new SeededRandom(1);
    for (let i = 0; i < 1000; i++) {
      expect(r.int(3)).toBeLessThan(3);
      const v = r.range(-2, 2);
      expect(v >= -2 && v <= 2).toBe(true);
    }
    expect(r.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(() => r.pick([])).toThrow();
  });
});

describe('SimNetwork', () => {
  type Req = { n: number };
  type Res = { echo: number };

  function setup(seed = 1) {
    const clock = new SimClock();
    const network = new SimNetwork<Req, Res>(clock, new SeededRandom(seed));
    const received: { node: number; from: number; n: number }[] = [];
    const transports = [0, 1, 2].map((id) =>
      network.attach(id, (from, request, respond) => {
        received.push({ node: id, from, n: request.n });
        respond({ echo: request.n });
      }),
    );
    const replies: Reply<Res>[] = [];
    const send = (from: number, to: number, n: number) =>
      transports[from]?.send(to, { n }, (reply) => replies.push(reply));
    const run = () => {
      while (clock.runNext());
    };
    return { clock, network, received, replies, send, run };
  }

  it('요청을 배달하고 응답을 돌려줍니다; 지연이 제각각이라 순서가 바뀔 수 있습니다', () => {
    const { network, received, replies, send, run } = setup(3);
    network.faults = { ...network.faults, minDelayMs: 1, maxDelayMs: 50 };
    for (let n = 0; n < 20; n++) send(0, 1, n);
    run();
    expect(replies).toHaveLength(20);
    const order = received.map((r) => r.n);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });

  it('분할은 방향이 있습니다: 한쪽만 끊으면 요청은 가도 응답이 돌아오지 않습니다', () => {
    const { network, received, replies, send, run } = setup();
    network.block([1], [0]);
    send(0, 1, 1);
    run();
    expect(received).toHaveLength(1);
    expect(replies).toHaveLength(0);
    network.heal();
    send(0, 1, 2);
    run();
    expect(replies).toEqual([{ ok: true, response: { echo: 2 } }]);
  });

  it('isolate는 한 노드를 양방향으로 떼어 놓습니다', () => {
    const { network, received, send, run } = setup();
    network.isolate(2, [0, 1]);
    send(0, 2, 1);
    send(2, 1, 2);
    send(0, 1, 3);
    run();
    expect(received.map((r) => r.n)).toEqual([3]);
  });

  it('유실과 복제: 씨앗대로 사라지거나 두 번 도착합니다', () => {
    const { network, received, replies, send, run } = setup(5);
    network.faults = { ...network.faults, dropRate: 0.3, duplicateRate: 0.3 };
    for (let n = 0; n < 200; n++) send(0, 1, n);
    run();
    expect(network.stats.dropped).toBeGreaterThan(0);
    expect(network.stats.duplicated).toBeGreaterThan(0);
    const counts = new Map<number, number>();
    for (const r of received) counts.set(r.n, (counts.get(r.n) ?? 0) + 1);
    expect([...counts.values()].some((c) => c === 2)).toBe(true);
    expect(counts.size).toBeLessThan(200);
    expect(replies.length).toBeGreaterThan(0);
  });

  it('죽은 노드로 가는 요청은 끊겼다는 답을 받고, 다시 켜진 노드는 옛 세대의 답을 받지 않습니다', () => {
    const { network, replies, send, run, clock } = setup();
    network.detach(1);
    send(0, 1, 1);
    run();
    expect(replies).toEqual([{ ok: false, error: 'DISCONNECTED' }]);
    send(0, 2, 2);
    network.detach(0);
    network.attach(0, () => {});
    run();
    expect(replies).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('ordered: 한 연결의 메시지는 지연이 제각각이어도 보낸 순서대로 도착하고, 다른 연결의 메시지와는 섞입니다', () => {
    const clock = new SimClock();
    const network = new SimNetwork<Req, Res>(clock, new SeededRandom(3), { ordered: true });
    network.faults = { ...network.faults, minDelayMs: 1, maxDelayMs: 50, duplicateRate: 0.2 };
    const received: { from: number; n: number }[] = [];
    const replies: number[] = [];
    network.attach(0, (from, request, respond) => {
      received.push({ from, n: request.n });
      respond({ echo: request.n });
    });
    const one = network.attach(1, () => {});
    const two = network.attach(2, () => {});
    for (let n = 0; n < 40; n++) {
      one.send(0, { n }, (reply) => {
        if (reply.ok) replies.push(reply.response.echo);
      });
      two.send(0, { n: 100 + n }, () => {});
    }
    while (clock.runNext());
    const fromOne = received.filter((r) => r.from === 1).map((r) => r.n);
    expect(fromOne).toEqual([...fromOne].sort((a, b) => a - b));
    expect(new Set(fromOne).size).toBe(40);
    expect(fromOne.length, '복제된 메시지도 순서대로, 원래 메시지 바로 뒤에').toBeGreaterThan(40);
    expect(replies).toEqual([...replies].sort((a, b) => a - b));
    const senders = received.map((r) => r.from).join('');
    expect(senders, '두 연결의 메시지는 섞입니다').not.toMatch(/^1+2+$|^2+1+$/);
  });

  it('reachable: 받는 노드가 켜져 있고 그 방향이 끊기지 않았을 때만 닿습니다', () => {
    const { network } = setup();
    expect(network.reachable(0, 1)).toBe(true);
    network.block([0], [1]);
    expect([network.reachable(0, 1), network.reachable(1, 0)]).toEqual([false, true]);
    network.heal();
    network.detach(1);
    expect(network.reachable(0, 1)).toBe(false);
  });

  it('같은 씨앗이면 같은 일이 일어납니다', () => {
    const trace = (seed: number) => {
      const { network, received, send, run } = setup(seed);
      network.faults = {
        minDelayMs: 1,
        maxDelayMs: 30,
        dropRate: 0.2,
        duplicateRate: 0.2,
        spikeRate: 0.1,
        spikeDelayMs: 500,
      };
      for (let n = 0; n < 50; n++) send(n % 3, (n + 1) % 3, n);
      run();
      return received.map((r) => `${r.from}>${r.node}:${r.n}`).join(',');
    };
    expect(trace(11)).toBe(trace(11));
    expect(trace(11)).not.toBe(trace(12));
  });
});

describe('SimClient', () => {
  type Req = { n: number };
  type Res = { echo: number };

  /** 요청 하나를 보내고 결과를 모으는 클라이언트 */
  class Probe extends SimClient<Req, Res> {
    readonly outcomes: string[] = [];
    start(): void {
      this.attach();
    }
    ask(destination: number, n: number, timeoutMs: number): void {
      this.request(destination, { n }, timeoutMs, (o) =>
        this.outcomes.push(`${this.clock.now()}:${o.ok ? `echo ${o.response.echo}` : o.error}`),
      );
    }
    later(ms: number, fn: () => void): void {
      this.after(ms, fn);
    }
  }

  function setup() {
    const clock = new SimClock();
    const network = new SimNetwork<Req, Res>(clock, new SeededRandom(1));
    network.faults = { ...network.faults, minDelayMs: 10, maxDelayMs: 10 };
    network.attach(0, (_from, request, respond) => respond({ echo: request.n }));
    const probe = new Probe(1, clock, network);
    probe.start();
    const run = () => {
      while (clock.runNext());
    };
    return { clock, network, probe, run };
  }

  it('답과 시간 초과 가운데 먼저 온 하나만 받습니다: 복제된 답도, 시간 초과 뒤의 늦은 답도 버립니다', () => {
    const { network, probe, run } = setup();
    network.faults = { ...network.faults, duplicateRate: 1 };
    probe.ask(0, 1, 1000);
    run();
    expect(probe.outcomes).toEqual(['20:echo 1']);
    network.faults = { ...network.faults, duplicateRate: 0, minDelayMs: 500, maxDelayMs: 500 };
    probe.ask(0, 2, 700);
    run();
    expect(probe.outcomes).toEqual(['20:echo 1', '720:TIMEOUT']);
  });

  it('멈춘 동안 온 답과 타이머는 깨어난 뒤 차례대로 처리하고, 죽은 뒤에는 아무것도 받지 않습니다', () => {
    const { clock, probe, run } = setup();
    probe.ask(0, 1, 1000);
    probe.later(5, () => probe.outcomes.push(`${clock.now()}:timer`));
    probe.stall(300);
    run();
    expect(probe.outcomes).toEqual(['300:timer', '300:echo 1']);
    probe.ask(0, 2, 1000);
    probe.kill();
    run();
    expect(probe.outcomes).toHaveLength(2);
  });
});

describe('브라우저에서도 돌 수 있는 핵심', () => {
  it('쿼럼의 상태 기계와 드라이버, 컨트롤러, 시뮬레이터는 (따라가며 불러오는 파일까지) Node의 모듈도, 바깥 패키지도 쓰지 않습니다', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const src = path.resolve(import.meta.dirname, '../../src');
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        if (!spec) continue;
        if (!spec.startsWith('.')) bare.push(`${path.relative(src, file)} → ${spec}`);
        else visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    // 로그의 디스크 형식(`raft/kafka-metadata-log.ts`, 레코드 배치)은 드라이버에 주입되므로 여기에 들지 않습니다.
    for (const file of [
      'raft/raft-driver.ts',
      'sim/clock.ts',
      'sim/network.ts',
      'sim/disk.ts',
      'sim/random.ts',
      'sim/sim-client.ts',
      'sim/trace.ts',
      'controller/quorum-controller.ts',
    ]) {
      visit(path.join(src, file));
    }
    expect(bare).toEqual([]);
    expect(seen.size).toBeGreaterThan(15);
  });
});
