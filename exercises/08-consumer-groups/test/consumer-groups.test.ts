/**
 * 8장 테스트: 컨슈머 그룹과 리밸런싱. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 그룹 상태 기계(전이, 틀린 전이, 프로토콜 투표) → 할당자 셋(range, round-robin, sticky)
 * → 끝에서 끝까지. 마지막 세 테스트는 reference 브로커를 띄우고, 여러분의 할당자를 끼운 kafkajs 컨슈머를 하나씩
 * 그룹에 넣고 빼며 진짜 리밸런스를 돌립니다. 그룹이 Stable이 될 때마다 브로커가 기억하는 할당(DescribeGroups)을
 * 읽어 확인합니다.
 */
import { AssignerProtocol, type Consumer, Kafka, logLevel, type PartitionAssigner } from 'kafkajs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBroker, removeDir, startBroker } from '../../../reference/test/e2e/support.js';
import {
  type Assignment,
  type GroupAssignment,
  rangeAssign,
  rangeAssigner,
  roundRobinAssign,
  roundRobinAssigner,
  StickyAssignor,
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
      expect(() => group.transitionTo(next), `${before} → ${next}는 허락된 전이입니다`).not.toThrow();
      expect(group.state, `${before} → ${next} 뒤의 상태`).toBe(next);
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
      expect(() => group.transitionTo(next), `${before} → ${next}는 오류여야 합니다`).toThrow();
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
  });

  describe('끝에서 끝까지: 진짜 리밸런스', () => {
    const TOPIC = 'orders';
    const PARTITIONS = 6;
    let running: RunningBroker;
    let kafka: Kafka;
    /** 지금 테스트의 컨슈머들. 테스트가 끝나면(실패해도) 모두 내보냅니다 */
    let consumers: Consumer[] = [];
    /** 지금 테스트에서 여러분의 할당자가 낸 첫 오류 */
    let yourError: unknown = null;
    /** 테스트마다 새 상자: 앞 테스트의 컨슈머가 늦게 낸 오류가 다음 테스트로 새지 않게 합니다 */
    let errorBox: { error: unknown } = { error: null };

    /** 여러분의 할당자에서 난 첫 오류를 기억합니다. kafkajs는 그 오류로 그룹에서 빠지고 다시 시도할 뿐이니까요. */
    const watched =
      (assigner: PartitionAssigner): PartitionAssigner =>
      (config) => {
        const inner = assigner(config);
        const box = errorBox;
        const remember = (error: unknown) => {
          box.error ??= error;
          if (box === errorBox) yourError ??= error;
        };
        return {
          name: inner.name,
          version: inner.version,
          protocol: (subscription) => {
            try {
              return inner.protocol(subscription);
            } catch (error) {
              remember(error);
              throw error;
            }
          },
          assign: async (group) => {
            try {
              return await inner.assign(group);
            } catch (error) {
              remember(error);
              throw error;
            }
          },
        };
      };

    beforeAll(async () => {
      // 브로커의 그룹 코디네이터가 여러분의 ConsumerGroup(상태 전이와 프로토콜 투표)으로 그룹을 돌립니다.
      running = await startBroker(
        { KAFKA_NUM_PARTITIONS: String(PARTITIONS), KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '100' },
        undefined,
        { createGroup: (groupId) => new ConsumerGroup(groupId) },
      );
      kafka = new Kafka({
        clientId: 'chapter-8',
        brokers: [running.bootstrap],
        logLevel: logLevel.NOTHING,
        retry: { retries: 3, initialRetryTime: 100 },
      });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
      await admin.disconnect();
    }, 15_000);

    beforeEach(() => {
      consumers = [];
      yourError = null;
      errorBox = { error: null };
    });

    afterEach(async () => {
      // 실패한 테스트의 컨슈머가 다시 참여하느라 바빠도 오래 기다리지 않습니다.
      const timeout = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await Promise.race([Promise.all(consumers.map((c) => c.disconnect().catch(() => {}))), timeout(3_000)]);
    }, 5_000);

    afterAll(async () => {
      await running?.stop();
      if (running) removeDir(running.dir);
    }, 20_000);

    async function join(groupId: string, assigner: PartitionAssigner, sticky?: StickyAssignor): Promise<Consumer> {
      const consumer = kafka.consumer({
        groupId,
        partitionAssigners: [watched(assigner)],
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 100,
        maxWaitTimeInMs: 100,
        retry: { retries: 3, initialRetryTime: 100 },
      });
      sticky?.follow(consumer);
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      // run은 첫 참여가 끝날 때까지 기다리므로, 할당자가 오류를 내면 오래 걸립니다. 기다리지 않고 그룹 상태를 봅니다.
      consumer.run({ eachMessage: async () => {} }).catch((error) => {
        yourError ??= error;
      });
      return consumer;
    }

    async function leave(consumer: Consumer): Promise<void> {
      consumers.splice(consumers.indexOf(consumer), 1);
      await consumer.disconnect();
    }

    /** 그룹이 멤버 size명으로 Stable이 될 때까지 기다려, 브로커가 멤버마다 기억하는 할당을 돌려줍니다 (멤버 ID 순) */
    async function stableAssignment(groupId: string, size: number): Promise<Map<string, number[]>> {
      const admin = kafka.admin();
      await admin.connect();
      const started = Date.now();
      let last = '';
      try {
        while (Date.now() - started < 8_000) {
          if (yourError) throw yourError;
          const [group] = (await admin.describeGroups([groupId])).groups;
          last = `${group?.state}, 멤버 ${group?.members.length}명`;
          if (group?.state === 'Stable' && group.members.length === size) {
            const result = new Map<string, number[]>();
            for (const m of [...group.members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))) {
              const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
              result.set(
                m.memberId,
                [...(decoded?.assignment[TOPIC] ?? [])].sort((a, b) => a - b),
              );
            }
            return result;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await admin.disconnect();
      }
      throw new Error(`그룹 ${groupId}가 8초 안에 멤버 ${size}명으로 Stable이 되지 않았습니다 (마지막: ${last})`);
    }

    function expectCoversOnce(assignment: Map<string, number[]>, what: string): void {
      const all = [...assignment.values()].flat().sort((a, b) => a - b);
      expect(all, `${what}: 파티션 0~5가 정확히 한 멤버에게씩`).toEqual([0, 1, 2, 3, 4, 5]);
    }

    /** 멤버 ID 순으로 나열한 할당이 expected와 같은지 (멤버 ID는 브로커가 지어 주므로 순서로 비교합니다) */
    function expectInOrder(assignment: Map<string, number[]>, expected: number[][], what: string): void {
      expect([...assignment.values()], `${what}: 멤버 ID 순으로 ${JSON.stringify(expected)}`).toEqual(expected);
    }

    it('KafkaJsRangeRebalances: 여러분의 range 할당자를 끼운 컨슈머가 하나씩 들고 날 때마다 그룹이 다시 나눕니다', async () => {
      const group = 'billing';
      await join(group, rangeAssigner);
      let assignment = await stableAssignment(group, 1);
      expectInOrder(assignment, [[0, 1, 2, 3, 4, 5]], '멤버 1명');
      await join(group, rangeAssigner);
      assignment = await stableAssignment(group, 2);
      expectInOrder(
        assignment,
        [
          [0, 1, 2],
          [3, 4, 5],
        ],
        '멤버 2명',
      );
      const third = await join(group, rangeAssigner);
      assignment = await stableAssignment(group, 3);
      expectInOrder(
        assignment,
        [
          [0, 1],
          [2, 3],
          [4, 5],
        ],
        '멤버 3명',
      );
      const fourth = await join(group, rangeAssigner);
      assignment = await stableAssignment(group, 4);
      expectInOrder(assignment, [[0, 1], [2, 3], [4], [5]], '멤버 4명: 6 % 4 = 2이므로 앞의 둘이 하나씩 더');
      expectCoversOnce(assignment, '멤버 4명');
      await leave(third);
      await leave(fourth);
      assignment = await stableAssignment(group, 2);
      expectInOrder(
        assignment,
        [
          [0, 1, 2],
          [3, 4, 5],
        ],
        '둘이 떠난 뒤 멤버 2명',
      );
    }, 30_000);

    it('KafkaJsRoundRobinRebalances: 여러분의 round-robin 할당자로 나눈 할당이 리밸런스마다 카드 돌리기와 같습니다', async () => {
      const group = 'shipping';
      const first = await join(group, roundRobinAssigner);
      await join(group, roundRobinAssigner);
      let assignment = await stableAssignment(group, 2);
      expectInOrder(
        assignment,
        [
          [0, 2, 4],
          [1, 3, 5],
        ],
        '멤버 2명',
      );
      await join(group, roundRobinAssigner);
      assignment = await stableAssignment(group, 3);
      expectInOrder(
        assignment,
        [
          [0, 3],
          [1, 4],
          [2, 5],
        ],
        '멤버 3명',
      );
      expectCoversOnce(assignment, '멤버 3명');
      await leave(first);
      assignment = await stableAssignment(group, 2);
      expectInOrder(
        assignment,
        [
          [0, 2, 4],
          [1, 3, 5],
        ],
        '하나가 떠난 뒤 멤버 2명',
      );
    }, 30_000);

    it('KafkaJsStickyKeepsPartitions: 여러분의 sticky 할당자로는 멤버가 들고 나도 남은 멤버의 파티션이 그대로입니다', async () => {
      const group = 'analytics';
      const join_ = () => {
        const sticky = new StickyAssignor();
        return join(group, sticky.assigner, sticky);
      };
      await join_();
      const second = await join_();
      const two = await stableAssignment(group, 2);
      expectCoversOnce(two, '멤버 2명');
      expect(
        [...two.values()].map((l) => l.length),
        '멤버 2명: 3개씩',
      ).toEqual([3, 3]);

      await join_();
      const three = await stableAssignment(group, 3);
      expectCoversOnce(three, '멤버 3명');
      for (const [id, before] of two) {
        const after = three.get(id) ?? [];
        expect(after.length, `멤버 ${id}: 3명이면 2개씩`).toBe(2);
        expect(before, `멤버 ${id}는 새 멤버가 들어와도 ${JSON.stringify(after)}를 지켜야 합니다`).toEqual(
          expect.arrayContaining(after),
        );
      }

      const secondId = [...three.keys()].find((id) => !two.has(id)) ?? '';
      await leave(second);
      const after = await stableAssignment(group, 2);
      expectCoversOnce(after, '하나가 떠난 뒤 멤버 2명');
      for (const [id, list] of after) {
        expect(list.length, `멤버 ${id}: 2명이면 3개씩`).toBe(3);
        expect(list, `멤버 ${id}는 멤버 하나가 떠나도 가진 ${JSON.stringify(three.get(id))}를 지켜야 합니다`).toEqual(
          expect.arrayContaining(three.get(id) ?? []),
        );
      }
      expect(secondId, '새 멤버는 남아 있습니다').not.toBe('');
      expect(after.has(secondId), '새로 들어온 멤버는 남아 있습니다').toBe(true);
    }, 30_000);
  });
});
