/**
 * 8장 끝에서 끝까지 테스트: reference 브로커의 그룹 코디네이터가 여러분의 ConsumerGroup(상태 전이와 프로토콜 투표)으로
 * 그룹을 돌리고(이 장의 테스트에서는 브로커가 reference/src/group/consumer-group을 가져오는 자리에서 여러분의 파일을
 * 가져옵니다, course/resolve.ts), 여러분의 할당자를 끼운 kafkajs 컨슈머를 하나씩 그룹에 넣고 빼며 진짜 리밸런스를 합니다.
 * 그룹이 Stable이 될 때마다 브로커가 기억하는 할당(DescribeGroups)을 읽어 확인합니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(consumer-groups.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { AssignerProtocol, type Consumer, Kafka, logLevel, type PartitionAssigner } from 'kafkajs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBroker, removeDir, startBroker } from '../../../reference/test/e2e/support.js';
import { rangeAssigner, roundRobinAssigner, StickyAssignor } from '../src/assignors.js';

describe('8장 끝에서 끝까지: 진짜 리밸런스', () => {
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
  /** 지금 테스트가 시작할 때까지 브로커가 삼킨 예외의 수: 그 뒤의 것이 여러분의 ConsumerGroup이 지금 낸 오류입니다 */
  let brokerErrorsBefore = 0;

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
    running = await startBroker({
      KAFKA_NUM_PARTITIONS: String(PARTITIONS),
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '100',
    });
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
    brokerErrorsBefore = running.brokerErrors.length;
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
        // 브로커 안에서 여러분의 ConsumerGroup이 던진 오류: kafkajs는 연결이 끊겼다고만 보고 다시 시도할 뿐입니다.
        const brokerError = running.brokerErrors[brokerErrorsBefore];
        if (brokerError) throw brokerError;
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
