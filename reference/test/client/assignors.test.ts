/**
 * 파티션 할당자: Kafka Java 클라이언트의 RangeAssignor·RoundRobinAssignor·StickyAssignor(KIP-54) javadoc 예와
 * 스티키의 "멤버가 떠나고 들어와도 가진 것은 그대로" 성질, 그리고 kafkajs 할당자 모양.
 */
import { AssignerProtocol, type Cluster, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  type Assignment,
  decodeStickyUserData,
  encodeStickyUserData,
  type GroupAssignment,
  rangeAssign,
  rangeAssigner,
  roundRobinAssign,
  StickyAssignor,
  type Subscription,
  stickyAssign,
} from '../../src/client/assignors.js';
import { Rng } from '../support/rng.js';

const sub = (memberId: string, topics: string[], owned?: Assignment, generation?: number): Subscription => ({
  memberId,
  topics,
  ...(owned ? { owned } : {}),
  ...(generation !== undefined ? { generation } : {}),
});

const plain = (result: GroupAssignment) => Object.fromEntries(result);

/** 모든 파티션이 정확히 한 멤버에게 갔는지 */
function expectCoversOnce(result: GroupAssignment, partitions: Record<string, number>): void {
  const seen = new Map<string, number>();
  for (const assignment of result.values()) {
    for (const [topic, list] of Object.entries(assignment)) {
      for (const p of list) seen.set(`${topic}-${p}`, (seen.get(`${topic}-${p}`) ?? 0) + 1);
    }
  }
  const expected = Object.entries(partitions).flatMap(([t, n]) => Array.from({ length: n }, (_, p) => `${t}-${p}`));
  expect([...seen.keys()].sort()).toEqual(expected.sort());
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
}

const countOf = (a: Assignment | undefined) => Object.values(a ?? {}).reduce((n, l) => n + l.length, 0);

describe('RangeAssignor', () => {
  it('javadoc: C0, C1이 t0, t1(각 3개)을 구독하면 C0 [t0p0, t0p1, t1p0, t1p1], C1 [t0p2, t1p2]', () => {
    const result = rangeAssign([sub('C1', ['t0', 't1']), sub('C0', ['t0', 't1'])], { t0: 3, t1: 3 });
    expect(plain(result)).toEqual({ C0: { t0: [0, 1], t1: [0, 1] }, C1: { t0: [2], t1: [2] } });
    expect([...result.keys()], '멤버는 ID 순').toEqual(['C0', 'C1']);
  });

  it('파티션 6개, 멤버 4명: 앞의 두 멤버가 하나씩 더 (0-1, 2-3, 4, 5); 멤버가 더 많으면 뒤는 빈손', () => {
    const four = ['a', 'b', 'c', 'd'].map((id) => sub(id, ['t']));
    expect(plain(rangeAssign(four, { t: 6 }))).toEqual({
      a: { t: [0, 1] },
      b: { t: [2, 3] },
      c: { t: [4] },
      d: { t: [5] },
    });
    const many = ['a', 'b', 'c'].map((id) => sub(id, ['t']));
    expect(plain(rangeAssign(many, { t: 2 }))).toEqual({ a: { t: [0] }, b: { t: [1] }, c: {} });
  });

  it('토픽마다 그 토픽을 구독한 멤버끼리만 나눕니다; 모르는 토픽은 건너뜁니다', () => {
    const result = rangeAssign([sub('a', ['t0', 't1']), sub('b', ['t1']), sub('c', ['gone'])], { t0: 2, t1: 4 });
    expect(plain(result)).toEqual({ a: { t0: [0, 1], t1: [0, 1] }, b: { t1: [2, 3] }, c: {} });
  });
});

describe('RoundRobinAssignor', () => {
  it('javadoc: C0, C1이 t0, t1(각 3개)을 구독하면 C0 [t0p0, t0p2, t1p1], C1 [t0p1, t1p0, t1p2]', () => {
    const result = roundRobinAssign([sub('C0', ['t0', 't1']), sub('C1', ['t0', 't1'])], { t0: 3, t1: 3 });
    expect(plain(result)).toEqual({ C0: { t0: [0, 2], t1: [1] }, C1: { t0: [1], t1: [0, 2] } });
  });

  it('javadoc: 구독이 다르면 차례가 온 멤버가 구독하지 않을 때 건너뜁니다 (C0 [t0p0], C1 [t1p0], C2 [t1p1, t2p0..2])', () => {
    const result = roundRobinAssign([sub('C0', ['t0']), sub('C1', ['t0', 't1']), sub('C2', ['t0', 't1', 't2'])], {
      t0: 1,
      t1: 2,
      t2: 3,
    });
    expect(plain(result)).toEqual({ C0: { t0: [0] }, C1: { t1: [0] }, C2: { t1: [1], t2: [0, 1, 2] } });
  });
});

describe('StickyAssignor (KIP-54)', () => {
  it('처음에는 라운드 로빈처럼 고르게 나눕니다', () => {
    const members = ['C0', 'C1', 'C2'].map((id) => sub(id, ['t0', 't1', 't2', 't3']));
    const counts = { t0: 2, t1: 2, t2: 2, t3: 2 };
    expect(plain(stickyAssign(members, counts))).toEqual(plain(roundRobinAssign(members, counts)));
  });

  it('KIP-54의 예: C1이 떠나면 C0과 C2는 가진 것을 그대로 두고 C1의 몫만 나눠 받습니다', () => {
    const counts = { t0: 2, t1: 2, t2: 2, t3: 2 };
    const topics = Object.keys(counts);
    const first = stickyAssign(
      ['C0', 'C1', 'C2'].map((id) => sub(id, topics)),
      counts,
    );
    // C0 [t0p0, t1p1, t3p0], C1 [t0p1, t2p0, t3p1], C2 [t1p0, t2p1]
    expect(plain(first)).toEqual({
      C0: { t0: [0], t1: [1], t3: [0] },
      C1: { t0: [1], t2: [0], t3: [1] },
      C2: { t1: [0], t2: [1] },
    });
    const second = stickyAssign([sub('C0', topics, first.get('C0')), sub('C2', topics, first.get('C2'))], counts);
    expectCoversOnce(second, counts);
    for (const id of ['C0', 'C2']) {
      for (const [t, list] of Object.entries(first.get(id) ?? {})) {
        expect(second.get(id)?.[t], `${id}는 ${t}의 ${list}를 지킵니다`).toEqual(expect.arrayContaining(list));
      }
    }
    expect([countOf(second.get('C0')), countOf(second.get('C2'))]).toEqual([4, 4]);
  });

  it('멤버가 들어오면 넘치는 만큼만 새 멤버에게 옮깁니다', () => {
    const counts = { t: 6 };
    const before = stickyAssign([sub('a', ['t']), sub('b', ['t'])], counts);
    expect(plain(before)).toEqual({ a: { t: [0, 2, 4] }, b: { t: [1, 3, 5] } });
    const after = stickyAssign(
      [sub('a', ['t'], before.get('a')), sub('b', ['t'], before.get('b')), sub('c', ['t'])],
      counts,
    );
    expect(plain(after)).toEqual({ a: { t: [0, 2] }, b: { t: [1, 3] }, c: { t: [4, 5] } });
  });

  it('같은 파티션을 둘이 주장하면 세대가 높은 쪽을 믿습니다', () => {
    const result = stickyAssign([sub('a', ['t'], { t: [0, 1] }, 3), sub('b', ['t'], { t: [1] }, 4)], { t: 2 });
    expect(plain(result)).toEqual({ a: { t: [0] }, b: { t: [1] } });
  });

  it('무작위 시나리오 200개: 언제나 모든 파티션을 한 번씩, 멤버 사이 차이는 1 이하, 남은 멤버의 몫은 최대한 그대로', () => {
    const rng = new Rng(8);
    for (let round = 0; round < 200; round++) {
      const counts = { a: rng.range(1, 7), b: rng.range(1, 7) };
      const total = counts.a + counts.b;
      let members = Array.from({ length: rng.range(1, 6) }, (_, i) => `m${i}`);
      let current = stickyAssign(
        members.map((id) => sub(id, ['a', 'b'])),
        counts,
      );
      for (let step = 0; step < 4; step++) {
        const next = members.filter(() => !rng.chance(0.3));
        if (rng.chance(0.5) || next.length === 0) next.push(`n${round}-${step}`);
        const result = stickyAssign(
          next.map((id) => sub(id, ['a', 'b'], current.get(id))),
          counts,
        );
        expectCoversOnce(result, counts);
        const sizes = [...result.values()].map(countOf);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        // 남은 멤버는 자기 몫(⌊P/M⌋, 넘치는 자리가 있으면 ⌈P/M⌉) 안에서 가진 것을 모두 지킵니다.
        const floor = Math.floor(total / next.length);
        for (const id of next) {
          const kept = Object.entries(current.get(id) ?? {}).flatMap(([t, l]) =>
            l.filter((p) => result.get(id)?.[t]?.includes(p)),
          );
          expect(kept.length).toBeGreaterThanOrEqual(Math.min(countOf(current.get(id)), floor));
        }
        members = next;
        current = result;
      }
    }
  });

  it('userData는 Java StickyAssignor 형식: v0(지난 할당)와 v1(뒤에 세대)을 읽고 씁니다', () => {
    const v0 = encodeStickyUserData({ orders: [2, 0] });
    // [토픽 1개][길이 6]"orders"[파티션 2개][2][0]
    expect(v0.toString('hex')).toBe(
      `00000001${'0006'}${Buffer.from('orders').toString('hex')}000000020000000200000000`,
    );
    expect(decodeStickyUserData(v0)).toEqual({ owned: { orders: [2, 0] } });
    expect(decodeStickyUserData(encodeStickyUserData({ t: [1] }, 7))).toEqual({ owned: { t: [1] }, generation: 7 });
    expect(decodeStickyUserData(Buffer.alloc(0))).toBeNull();
    expect(decodeStickyUserData(Buffer.from('00000005', 'hex'))).toBeNull();
  });
});

describe('kafkajs 할당자 모양', () => {
  const partitions = (n: number): PartitionMetadata[] =>
    Array.from({ length: n }, (_, partitionId) => ({
      partitionId,
      partitionErrorCode: 0,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
  const cluster = {
    findTopicPartitionMetadata: () => partitions(3),
    addMultipleTargetTopics: async () => {},
  } as unknown as Cluster;
  const args = { cluster, groupId: 'g', logger: undefined as never };

  it('range: protocol은 구독을 MemberMetadata로, assign은 멤버마다 MemberAssignment를 돌려줍니다', async () => {
    const assigner = rangeAssigner(args);
    expect(assigner.name).toBe('range');
    const { name, metadata } = assigner.protocol({ topics: ['t0', 't1'] });
    expect(name).toBe('range');
    expect(AssignerProtocol.MemberMetadata.decode(metadata)?.topics).toEqual(['t0', 't1']);
    const result = await assigner.assign({
      members: [
        { memberId: 'C1', memberMetadata: metadata },
        { memberId: 'C0', memberMetadata: metadata },
      ],
      topics: ['t0', 't1'],
    });
    const decoded = Object.fromEntries(
      result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment]),
    );
    expect(decoded).toEqual({ C0: { t0: [0, 1], t1: [0, 1] }, C1: { t0: [2], t1: [2] } });
  });

  it('sticky: 받은 할당을 기억해 다음 구독의 userData에 싣습니다', () => {
    const sticky = new StickyAssignor();
    const assigner = sticky.assigner(args);
    expect(assigner.name).toBe('sticky');
    const first = AssignerProtocol.MemberMetadata.decode(assigner.protocol({ topics: ['t'] }).metadata);
    expect(decodeStickyUserData(first?.userData)).toEqual({ owned: {} });
    sticky.onAssignment({ t: [2, 0] });
    const second = AssignerProtocol.MemberMetadata.decode(assigner.protocol({ topics: ['t'] }).metadata);
    expect(decodeStickyUserData(second?.userData)).toEqual({ owned: { t: [0, 2] } });
  });
});
