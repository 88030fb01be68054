/**
 * 그룹의 상태와 할당: 컨슈머가 들어오고 나갈 때마다 리밸런스가 일어나고, 안정(Stable)된 뒤의 할당을
 * DescribeGroups로 봅니다. kafkajs의 기본 할당자는 라운드 로빈이라 파티션 3개를 두 멤버에 [0, 2]와 [1]로 나눕니다.
 * 어느 멤버가 어느 쪽을 받는지는 무작위 멤버 ID의 순서에 달렸으므로, 결과에는 멤버마다의 파티션 목록을
 * 정렬해 적습니다.
 */
import { AssignerProtocol, type Consumer } from 'kafkajs';
import type { ScenarioContext } from '../context.js';
import { ONE_NODE, type Result, type Scenario } from '../scenario.js';

const PARTITIONS = 3;

export const groupMembership: Scenario = {
  name: 'group-membership',
  title: '컨슈머가 들어오고 나갈 때 그룹 상태와 할당',
  needs: ONE_NODE,
  kafka: {
    answer: [
      { step: 'c1 joins', state: 'Stable', protocol: 'RoundRobinAssigner', assignment: [[0, 1, 2]] },
      { step: 'c2 joins', state: 'Stable', protocol: 'RoundRobinAssigner', assignment: [[0, 2], [1]] },
      { step: 'c1 leaves', state: 'Stable', protocol: 'RoundRobinAssigner', assignment: [[0, 1, 2]] },
      { step: 'c2 leaves', state: 'Empty', protocol: '', assignment: [] },
    ],
    source:
      'GroupMetadataManager.classicGroupJoin·classicGroupSync·classicGroupLeave — 상태 Empty → PreparingRebalance → ' +
      'CompletingRebalance → Stable; DescribeGroups는 Stable에서만 멤버의 할당을 보여 줌',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const groupId = ctx.name('g');
    await ctx.createTopics({ name: topic, partitions: PARTITIONS });
    const admin = await ctx.admin();
    const steps: Result[] = [];
    /** 멤버 수가 `members`이고, 모든 멤버가 할당을 받아 안정된 그룹의 모습 */
    const settled = async (step: string, members: number) => {
      const group = await ctx.waitFor(`${step}: 멤버 ${members}의 안정된 그룹`, async () => {
        const [g] = (await admin.describeGroups([groupId])).groups;
        if (!g || g.members.length !== members) return undefined;
        if (members === 0) return g.state === 'Empty' ? g : undefined;
        const owned = g.members.flatMap((m) => partitionsOf(m.memberAssignment, topic));
        return g.state === 'Stable' && owned.length === PARTITIONS ? g : undefined;
      });
      const assignment = group.members
        .map((m) => partitionsOf(m.memberAssignment, topic).sort((a, b) => a - b))
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
      steps.push({ step, state: group.state, protocol: group.protocol, assignment });
    };

    const c1 = await joined(ctx, groupId, topic);
    await settled('c1 joins', 1);
    const c2 = await joined(ctx, groupId, topic);
    await settled('c2 joins', 2);
    await c1.disconnect();
    await settled('c1 leaves', 1);
    await c2.disconnect();
    await settled('c2 leaves', 0);
    return steps;
  },
};

/** 그룹에 들어가 읽기 시작한 컨슈머 (메시지는 없어도 됩니다: 할당만 봅니다) */
async function joined(ctx: ScenarioContext, groupId: string, topic: string): Promise<Consumer> {
  const consumer = ctx.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic });
  await consumer.run({ eachMessage: async () => {} });
  return consumer;
}

/** SyncGroup으로 받은 할당(컨슈머 프로토콜의 바이트)에서 이 토픽의 파티션들 */
function partitionsOf(memberAssignment: Buffer, topic: string): number[] {
  if (memberAssignment.length === 0) return [];
  return AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment[topic] ?? [];
}
