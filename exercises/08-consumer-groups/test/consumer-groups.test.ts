/**
 * 8장 테스트: 컨슈머 그룹과 리밸런싱. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 그룹 상태 기계(전이, 틀린 전이, 프로토콜 투표) → 할당자 셋(range, round-robin, sticky)
 * → 무작위로 멤버가 들고 나는 sticky. reference 브로커를 띄워 진짜 리밸런스를 돌리는 끝에서 끝까지 테스트는
 * consumer-groups.e2e.test.ts에 있습니다.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertProperty } from '../../../reference/test/support/property.js';
import {
  type Assignment,
  type GroupAssignment,
  rangeAssign,
  roundRobinAssign,
  type Subscription,
  stickyAssign,
} from '../src/assignors.js';
import { ConsumerGroup, type GroupState, type Member, type Protocol } from '../src/consumer-group.js';

function member(memberId: string, protocols: string[]): Member {
  return {
    memberId,
    groupInstanceId: null,
    clientId: memberId,
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    protocols: protocols.map((name): Protocol => ({ name, metadata: Buffer.alloc(0) })),
    assignment: Buffer.alloc(0),
    lastHeartbeatMs: 0,
    awaitingJoin: null,
    awaitingSync: null,
  };
}

function groupWith(...members: [string, string[]][]): ConsumerGroup {
  const group = new ConsumerGroup('g');
  for (const [id, protocols] of members) group.members.set(id, member(id, protocols));
  return group;
}

const sub = (memberId: string, topics: string[], owned?: Assignment): Subscription => ({
  memberId,
  topics,
  ...(owned ? { owned } : {}),
});
const plain = (result: GroupAssignment) => Object.fromEntries(result);

describe('8장 컨슈머 그룹과 리밸런싱', () => {
  it('TransitionsFollowTheStateMachine: 그룹은 Empty → PreparingRebalance → CompletingRebalance → Stable을 돌고, 어디서든 Dead가 됩니다', () => {
    const group = new ConsumerGroup('orders');
    const path: GroupState[] = [
      'PreparingRebalance', // 첫 멤버의 JoinGroup
      'CompletingRebalance', // 모두 참여: 리더에게 멤버 목록
      'Stable', // 리더의 SyncGroup
      'PreparingRebalance', // 새 멤버가 들어옴
      'CompletingRebalance',
      'PreparingRebalance', // 할당을 기다리는 동안 또 누가 들어옴
      'Empty', // 모두 떠남
      'PreparingRebalance',
      'CompletingRebalance',
      'Stable',
      'Dead', // 그룹 삭제
    ];
    for (const next of path) {
      const before = group.state;
      // 허락된 전이입니다. 여기서 오류가 나면 그 오류(와 위치)가 그대로 보입니다.
      group.transitionTo(next);
      expect(group.state, `${before} → ${next}는 허락된 전이입니다. 전이 뒤의 상태`).toBe(next);
    }
  });

  it('IllegalTransitionsThrow: 허락되지 않은 전이는 오류를 던지고 상태를 바꾸지 않습니다', () => {
    const cases: [GroupState[], GroupState][] = [
      [[], 'Stable'], // Empty → Stable: 리밸런스 없이 할당을 가질 수 없습니다
      [[], 'CompletingRebalance'],
      [['PreparingRebalance'], 'Stable'], // SyncGroup 전에 Stable로 건너뛸 수 없습니다
      [['PreparingRebalance', 'CompletingRebalance', 'Stable'], 'CompletingRebalance'],
      [['PreparingRebalance', 'CompletingRebalance', 'Stable'], 'Empty'], // 멤버가 있는 Stable 그룹이 곧장 Empty로
      [['Dead'], 'Empty'], // Dead는 끝입니다
    ];
    for (const [setup, next] of cases) {
      const group = new ConsumerGroup('orders');
      for (const s of setup) group.transitionTo(s);
      const before = group.state;
      expect(
        () => group.transitionTo(next),
        `${before} → ${next}는 오류여야 하고, 메시지에 그룹 ID와 두 상태(${before}, ${next})가 있어야 합니다`,
      ).toThrow(new RegExp(`orders[^]*(${before}[^]*${next}|${next}[^]*${before})`));
      expect(group.state, `${before} → ${next}가 실패한 뒤에도 상태는 ${before}`).toBe(before);
    }
  });

  it('ProtocolVoting: 모든 멤버가 지원하는 할당 방식 중 표를 가장 많이 받은 것을 고릅니다', () => {
    expect(
      groupWith(['a', ['sticky', 'range']], ['b', ['sticky', 'range']], ['c', ['range', 'sticky']]).selectProtocol(),
      'a, b는 sticky를, c는 range를 먼저 원합니다: 2 대 1로 sticky',
    ).toBe('sticky');
    expect(
      groupWith(['a', ['roundrobin', 'range']], ['b', ['roundrobin', 'range']], ['c', ['range']]).selectProtocol(),
      'c가 roundrobin을 모르므로 후보는 range 하나뿐입니다. a, b의 표도 후보 중 첫째인 range로 갑니다',
    ).toBe('range');
    expect(
      groupWith(['a', ['range', 'roundrobin']], ['b', ['roundrobin', 'range']]).selectProtocol(),
      '1 대 1이면 후보 순서(첫 멤버의 선호 순서)에서 앞선 range',
    ).toBe('range');
    expect(
      groupWith(['a', ['range', 'sticky']], ['b', ['sticky', 'range']], ['c', ['sticky', 'range']]).selectProtocol(),
      '첫 멤버 a는 range를 먼저 원하지만 b, c는 sticky: 2 대 1로 sticky (첫 멤버의 선호가 아니라 표로 고릅니다)',
    ).toBe('sticky');
    expect(
      groupWith(
        ['a', ['roundrobin', 'range', 'sticky']],
        ['b', ['cooperative-sticky', 'sticky', 'range']],
        ['c', ['sticky', 'range']],
      ).selectProtocol(),
      '후보는 range와 sticky(roundrobin과 cooperative-sticky는 모두가 지원하지 않음). a는 range, b와 c는 sticky에 한 표씩: sticky',
    ).toBe('sticky');
    expect(new ConsumerGroup('empty').selectProtocol(), '멤버가 없으면 후보도 없습니다: null').toBeNull();
  });

  it('RangeSplitsContiguously: range는 토픽마다 ID 순으로 연속 구간을 나누고, 나머지는 앞의 멤버가 하나씩 더 가집니다', () => {
    expect(
      plain(rangeAssign([sub('C1', ['t0', 't1']), sub('C0', ['t0', 't1'])], { t0: 3, t1: 3 })),
      'Kafka RangeAssignor javadoc: C0 [t0p0, t0p1, t1p0, t1p1], C1 [t0p2, t1p2]',
    ).toEqual({ C0: { t0: [0, 1], t1: [0, 1] }, C1: { t0: [2], t1: [2] } });
    expect(
      plain(
        rangeAssign(
          ['a', 'b', 'c', 'd'].map((id) => sub(id, ['t'])),
          { t: 6 },
        ),
      ),
      '파티션 6개, 멤버 4명: 6 = 1×4 + 2이므로 a, b가 2개씩, c, d가 1개씩',
    ).toEqual({ a: { t: [0, 1] }, b: { t: [2, 3] }, c: { t: [4] }, d: { t: [5] } });
    expect(
      plain(rangeAssign([sub('a', ['t']), sub('b', ['t']), sub('c', ['t'])], { t: 2 })),
      '멤버가 파티션보다 많으면 뒤의 멤버는 빈손입니다',
    ).toEqual({ a: { t: [0] }, b: { t: [1] }, c: {} });
    expect(
      plain(rangeAssign([sub('a', ['t0', 't1']), sub('b', ['t1'])], { t0: 2, t1: 4 })),
      't0은 a만 구독하므로 a가 모두, t1은 a와 b가 반씩',
    ).toEqual({ a: { t0: [0, 1], t1: [0, 1] }, b: { t1: [2, 3] } });
  });

  it('RoundRobinDeals: round-robin은 모든 토픽-파티션을 ID 순의 멤버에게 카드처럼 돌리고, 구독하지 않은 멤버는 건너뜁니다', () => {
    expect(
      plain(roundRobinAssign([sub('C0', ['t0', 't1']), sub('C1', ['t0', 't1'])], { t0: 3, t1: 3 })),
      'Kafka RoundRobinAssignor javadoc: C0 [t0p0, t0p2, t1p1], C1 [t0p1, t1p0, t1p2]',
    ).toEqual({ C0: { t0: [0, 2], t1: [1] }, C1: { t0: [1], t1: [0, 2] } });
    expect(
      plain(
        roundRobinAssign([sub('C2', ['t0', 't1', 't2']), sub('C1', ['t0', 't1']), sub('C0', ['t0'])], {
          t0: 1,
          t1: 2,
          t2: 3,
        }),
      ),
      'javadoc의 둘째 예: C0 [t0p0], C1 [t1p0], C2 [t1p1, t2p0, t2p1, t2p2]',
    ).toEqual({ C0: { t0: [0] }, C1: { t1: [0] }, C2: { t1: [1], t2: [0, 1, 2] } });
    expect(
      plain(roundRobinAssign([sub('A', ['t']), sub('B', ['u']), sub('C', ['t', 'u'])], { t: 2, u: 2 })),
      'A는 t만, B는 u만 구독합니다: t1의 차례인 B를 건너뛰면 다음은 C(앞의 A로 돌아가지 않습니다), u0의 차례인 A를 건너뛰면 B',
    ).toEqual({ A: { t: [0] }, B: { u: [0] }, C: { t: [1], u: [1] } });
  });

  it('StickyKeepsPartitions: sticky는 처음엔 고르게 나누고, 멤버가 들고 나도 남은 멤버의 파티션은 그대로 둡니다', () => {
    const first = stickyAssign([sub('a', ['t']), sub('b', ['t'])], { t: 6 });
    expect(plain(first), '처음에는 라운드 로빈과 같은 모양').toEqual({ a: { t: [0, 2, 4] }, b: { t: [1, 3, 5] } });
    const joined = stickyAssign([sub('a', ['t'], first.get('a')), sub('b', ['t'], first.get('b')), sub('c', ['t'])], {
      t: 6,
    });
    expect(
      plain(joined),
      'c가 들어오면 a와 b는 앞의 두 개씩을 지키고, 넘치는 t4, t5만 c에게 갑니다 (라운드 로빈이었다면 4개가 옮겨 갑니다)',
    ).toEqual({ a: { t: [0, 2] }, b: { t: [1, 3] }, c: { t: [4, 5] } });
    const left = stickyAssign([sub('a', ['t'], joined.get('a')), sub('c', ['t'], joined.get('c'))], { t: 6 });
    expect(plain(left), 'b가 떠나면 a와 c는 가진 것을 지키고 b의 t1, t3만 나눠 받습니다').toEqual({
      a: { t: [0, 1, 2] },
      c: { t: [3, 4, 5] },
    });
    expect(
      plain(stickyAssign([sub('a', ['t'], { t: [0, 1, 2, 3, 4] }), sub('b', ['t'])], { t: 6 })),
      '지킬 수 있는 것도 몫(6 / 2 = 3)까지입니다: a가 5개를 가졌어도 3개만 지킵니다',
    ).toEqual({ a: { t: [0, 1, 2] }, b: { t: [3, 4, 5] } });
    expect(
      plain(stickyAssign([sub('a', ['t'], { t: [0, 1] }), sub('b', ['t'], { t: [4, 5] }), sub('c', ['t'])], { t: 7 })),
      '파티션 7개, 멤버 3명: a, b는 가진 두 개씩을 지키고, 남은 2, 3, 6은 그때 가장 적게 가진 멤버에게 (2, 3은 c, 모두 2개가 된 뒤 6은 ID가 앞선 a)',
    ).toEqual({ a: { t: [0, 1, 6] }, b: { t: [4, 5] }, c: { t: [2, 3] } });
    expect(
      plain(
        stickyAssign([sub('a', ['t'], { t: [0, 1, 2, 3] }), sub('b', ['t'], { t: [4, 5, 6] }), sub('c', ['t'])], {
          t: 7,
        }),
      ),
      '파티션 7개, 멤버 3명이면 3개를 가질 수 있는 자리는 7 % 3 = 1개뿐입니다: a가 3개를 지켜 그 자리를 쓰면 b는 2개만 지키고, c가 2개를 받습니다 (b가 3개를 지키면 c는 1개뿐)',
    ).toEqual({ a: { t: [0, 1, 2] }, b: { t: [4, 5] }, c: { t: [3, 6] } });
    expect(
      plain(
        stickyAssign(
          [sub('a', ['t'], { t: [0, 1] }), sub('b', ['t'], { t: [2, 3, 4] }), sub('c', ['t'], { t: [5, 6] })],
          { t: 7 },
        ),
      ),
      '그 한 자리는 3개를 지킨 멤버만 씁니다: 2개를 지킨 a는 쓰지 않으니 b가 3개를 모두 지키고, 아무것도 옮기지 않습니다',
    ).toEqual({ a: { t: [0, 1] }, b: { t: [2, 3, 4] }, c: { t: [5, 6] } });
    expect(
      plain(stickyAssign([sub('a', ['t', 'u']), sub('b', ['t'])], { t: 2, u: 2 })),
      'b는 u를 구독하지 않습니다: u의 파티션은 더 적게 가진 b가 아니라 구독한 a에게 갑니다',
    ).toEqual({ a: { t: [0], u: [0, 1] }, b: { t: [1] } });
  });

  it('StickyUnderRandomChurn: 멤버가 무작위로 들고 나고 파티션이 늘어도, sticky는 모두 한 번씩, 고르게, 옮길 것만 옮겨 나눕니다', () => {
    const event = fc.oneof(
      // 새 멤버의 ID는 브로커가 지어 주므로, ID 순서에서 어디에 설지 모릅니다.
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 99 }).map((id) => ({ kind: 'join' as const, id })) },
      { weight: 3, arbitrary: fc.nat().map((n) => ({ kind: 'leave' as const, n })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((more) => ({ kind: 'grow' as const, more })) },
    );
    const scenario = fc.record({
      topics: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 2 }),
      events: fc.array(event, { minLength: 1, maxLength: 25 }),
    });
    assertProperty(
      fc.property(scenario, ({ topics, events }) => {
        const counts: Record<string, number> = Object.fromEntries(topics.map((n, i) => [`t${i}`, n]));
        const names = Object.keys(counts);
        /** 멤버 ID → 지난 세대에 받은 할당 (리더는 userData로 이것을 받습니다) */
        let owned = new Map<string, Assignment>();
        const history: string[] = [];
        for (const e of events) {
          if (e.kind === 'join') {
            const id = `m${String(e.id).padStart(2, '0')}`;
            if (!owned.has(id)) owned.set(id, {});
          } else if (e.kind === 'leave' && owned.size > 0) {
            owned.delete([...owned.keys()][e.n % owned.size] as string);
          } else if (e.kind === 'grow') {
            // 관리자가 첫 토픽의 파티션을 늘렸습니다 (CreatePartitions).
            counts[names[0] as string] = (counts[names[0] as string] ?? 0) + e.more;
          }
          if (owned.size === 0) continue;
          const members = [...owned].map(([id, mine]) => sub(id, names, mine));
          const result = stickyAssign(members, counts);
          history.push(
            `${e.kind} → 파티션 ${JSON.stringify(counts)}, 멤버 ${owned.size}명: ${JSON.stringify(plain(result))}`,
          );
          const what = `지금까지:\n${history.join('\n')}\n마지막 할당이`;
          const list = (a: Assignment | undefined) =>
            Object.entries(a ?? {}).flatMap(([topic, ps]) => ps.map((p) => `${topic}-${p}`));

          // 1. 모든 파티션이 정확히 한 멤버에게
          const every = names.flatMap((t) => Array.from({ length: counts[t] ?? 0 }, (_, p) => `${t}-${p}`));
          expect([...result.values()].flatMap(list).sort(), `${what} 모든 파티션을 한 번씩 나누지 않았습니다`).toEqual(
            [...every].sort(),
          );
          // 2. 고르게: 가장 많이 가진 멤버와 가장 적게 가진 멤버의 차이는 1 이하
          const sizes = [...owned.keys()].map((id) => list(result.get(id)).length);
          expect(
            Math.max(...sizes) - Math.min(...sizes),
            `${what} 고르지 않습니다 (멤버마다 ${JSON.stringify(sizes)}개)`,
          ).toBeLessThanOrEqual(1);
          // 3. 옮길 것만 옮기기: 멤버마다 지난번 파티션을 최대한 지키고, 지킨 수의 합이 가능한 최대여야 합니다.
          //    (멤버 m은 min(지난번 수, ⌊P/M⌋)개를 지킬 수 있고, ⌈P/M⌉개를 가질 수 있는 P % M자리는 지난번에 그보다 많았던 멤버가 씁니다)
          const P = every.length;
          const M = owned.size;
          const minQuota = Math.floor(P / M);
          const before = [...owned.values()].map((a) => list(a).length);
          const best =
            before.reduce((sum, n) => sum + Math.min(n, minQuota), 0) +
            (P % M === 0 ? 0 : Math.min(P % M, before.filter((n) => n > minQuota).length));
          let keptTotal = 0;
          for (const [id, mine] of owned) {
            const now = new Set(list(result.get(id)));
            const kept = list(mine).filter((tp) => now.has(tp)).length;
            keptTotal += kept;
            expect(
              kept,
              `${what} 멤버 ${id}는 지난번 ${list(mine).length}개 중 ${kept}개만 지켰는데, 지금 ${now.size}개를 가졌습니다: 지킬 수 있는 것을 남에게 주고 다른 것을 받았습니다`,
            ).toBe(Math.min(list(mine).length, now.size));
          }
          expect(keptTotal, `${what} 지킨 파티션이 모두 ${keptTotal}개인데, ${best}개까지 지킬 수 있었습니다`).toBe(
            best,
          );
          owned = new Map([...owned.keys()].map((id) => [id, result.get(id) ?? {}]));
        }
      }),
      { chapter: 8, numRuns: 200 },
    );
  });
});
