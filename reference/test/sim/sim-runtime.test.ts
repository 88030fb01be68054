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

  it('NodeClock: 노드의 시계만 앞으로 또는 뒤로 뜁니다 (타이머는 공용 시계로)', () => {
    const sim = new SimClock();
    const a = new NodeClock(sim);
    const b = new NodeClock(sim);
    a.jump(5000);
    b.jump(-200);
    expect([a.now(), b.now(), sim.now()]).toEqual([5000, -200, 0]);
    let fired = -1;
    a.schedule(10, () => {
      fired = sim.now();
    });
    sim.runNext();
    expect(fired).toBe(10);
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
    await done;
    expect(order).toEqual([1, 2]);
    expect(clock.now()).toBeGreaterThan(0);
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

describe('브라우저에서도 돌 수 있는 핵심', () => {
  it('시뮬레이터와 쿼럼 코드는 (따라가며 불러오는 파일까지) Node의 모듈도, 바깥 패키지도 쓰지 않습니다', async () => {
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
    visit(path.join(src, 'sim/quorum-chaos.ts'));
    visit(path.join(src, 'raft/raft-driver.ts'));
    expect(bare).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});
