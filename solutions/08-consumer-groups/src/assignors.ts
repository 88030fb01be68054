// 8장 컨슈머 그룹과 리밸런싱 — 해답
// 원본: reference/src/client/assignors.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 파티션 할당자(Partition Assignor): 컨슈머 그룹의 리더가 "어느 멤버가 어느 파티션을 읽을까"를 계산하는
 * 클라이언트 쪽 부품입니다. 브로커(그룹 코디네이터)는 할당을 계산하지 않습니다. JoinGroup으로 멤버마다의 구독
 * (MemberMetadata)을 모아 리더에게 건네고, 리더가 SyncGroup으로 돌려준 할당(MemberAssignment)을 멤버들에게
 * 나눠 줄 뿐입니다. 그래서 할당 방식은 클라이언트 쪽에서 바꿀 수 있고, 그룹은 멤버들이 모두 지원하는 방식 중
 * 하나를 투표로 고릅니다 (reference/src/group/consumer-group.ts의 selectProtocol).
 *
 * Java 클라이언트(Kafka 4.x)의 세 할당자를 따릅니다.
 *
 *   - range (`RangeAssignor`): 토픽마다 따로, 그 토픽을 구독한 멤버를 ID 순으로 세우고 파티션을 연속 구간으로
 *     자릅니다. 나머지(`파티션 수 % 멤버 수`)는 앞의 멤버가 하나씩 더 가집니다. 토픽이 여러 개면 앞의 멤버에게
 *     쏠리지만, 같은 번호의 파티션(t0-0과 t1-0)이 같은 멤버에게 가서 두 토픽을 조인하기 좋습니다.
 *   - roundrobin (`RoundRobinAssignor`): 모든 토픽-파티션을 (토픽 이름, 번호) 순으로 늘어놓고, ID 순으로 선
 *     멤버에게 카드처럼 돌립니다. 차례가 온 멤버가 그 토픽을 구독하지 않으면 다음 멤버로 넘어갑니다.
 *   - sticky (`StickyAssignor`, KIP-54): 라운드 로빈만큼 고르게 나누되, 멤버가 이미 가진 파티션은 될 수 있는 한
 *     그대로 둡니다. 리밸런스 때 옮겨 가는 파티션이 적을수록 캐시·상태를 덜 잃습니다.
 *
 * 스티키에 대해 우리가 단순하게 한 것:
 *   - 멤버는 지난번에 받은 할당을 구독의 userData에 실어 보냅니다. 형식은 Java StickyAssignor의 userData v0
 *     (`[토픽 문자열, [파티션 int32]]` 배열)와 같습니다. Java v1은 뒤에 세대(int32)를 붙이는데, kafkajs는 할당자에
 *     세대를 알려 주지 않으므로 쓰지 않습니다(읽을 때는 있어도 됩니다). 두 멤버가 같은 파티션을 가졌다고 하면
 *     Java는 세대가 높은 쪽을 믿고, 우리는 세대가 있으면 높은 쪽, 없으면 ID가 앞선 쪽을 믿습니다.
 *   - 균형은 Java의 constrainedAssign처럼 "누구도 ⌈P/M⌉보다 많이, ⌊P/M⌋보다 적게 갖지 않는다"입니다.
 *     멤버마다 구독이 다르면 Java는 더 복잡한 generalAssign을 쓰지만, 우리는 같은 규칙에 "그 토픽을 구독한 멤버
 *     중 가장 적게 가진 멤버에게"를 더해 씁니다. 구독이 같을 때는 Java와 같은 만큼 옮기고, 다를 때는 덜 고를 수
 *     있습니다.
 *   - kafkajs는 Java의 `onAssignment` 콜백이 없습니다. 그래서 `StickyAssignor.follow(consumer)`가 컨슈머의
 *     GROUP_JOIN 이벤트에서 받은 할당을 기억합니다. follow를 부르지 않으면 스티키는 라운드 로빈처럼 나눕니다.
 *   - 리밸런스는 열성(eager) 방식입니다: 모든 멤버가 파티션을 다 내려놓고 다시 받습니다. 점진적(cooperative,
 *     KIP-429) 리밸런스는 다루지 않습니다.
 *
 * kafkajs에 끼우는 모양은 `kafka.consumer({ groupId, partitionAssigners: [rangeAssigner] })`입니다.
 * kafkajs가 컨슈머마다 `({ cluster, groupId, logger }) => ({ name, version, protocol, assign })`를 한 번 부릅니다.
 */
import {
  type Assigner,
  AssignerProtocol,
  type Consumer,
  type GroupMember,
  type GroupMemberAssignment,
  type PartitionAssigner,
} from 'kafkajs';

/** 토픽 이름 → 파티션 번호들 (오름차순). kafkajs의 `Assignment`와 같은 모양입니다. */
export type Assignment = Record<string, number[]>;

/** 멤버 하나의 구독 (Java: ConsumerPartitionAssignor.Subscription) */
export interface Subscription {
  readonly memberId: string;
  /** 구독한 토픽 */
  readonly topics: readonly string[];
  /** 스티키만: 이 멤버가 지난번에 받은 할당 */
  readonly owned?: Assignment;
  /** 스티키만: owned를 받은 세대. 모르면 없습니다 */
  readonly generation?: number;
}

/** 토픽 이름 → 파티션 수 */
export type PartitionCounts = Readonly<Record<string, number>>;

/** 멤버 ID → 할당. 구독한 멤버는 받은 것이 없어도 빈 할당으로 들어 있습니다 */
export type GroupAssignment = Map<string, Assignment>;

interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function emptyAssignment(members: readonly Subscription[]): GroupAssignment {
  const result: GroupAssignment = new Map();
  for (const id of members.map((m) => m.memberId).sort(byString)) result.set(id, {});
  return result;
}

function add(result: GroupAssignment, memberId: string, topic: string, partition: number): void {
  const assignment = result.get(memberId);
  if (!assignment) throw new Error(`할당자: 모르는 멤버 ${memberId}`);
  // 파티션 목록은 언제나 번호 순으로 둡니다 (스티키는 지킨 것과 새로 받은 것이 섞여 들어옵니다).
  const list = assignment[topic] ?? [];
  list.push(partition);
  list.sort((a, b) => a - b);
  assignment[topic] = list;
}

/** 모든 멤버가 구독한 토픽 가운데 파티션 수를 아는 것, 이름 순 */
function subscribedTopics(members: readonly Subscription[], partitions: PartitionCounts): string[] {
  const topics = new Set(members.flatMap((m) => m.topics));
  return [...topics].filter((t) => (partitions[t] ?? 0) > 0).sort(byString);
}

/** 모든 토픽-파티션을 (토픽 이름, 파티션 번호) 순으로 */
function sortedPartitions(members: readonly Subscription[], partitions: PartitionCounts): TopicPartition[] {
  return subscribedTopics(members, partitions).flatMap((topic) =>
    Array.from({ length: partitions[topic] ?? 0 }, (_, partition) => ({ topic, partition })),
  );
}

/**
 * RangeAssignor. Java javadoc의 예: 멤버 C0, C1이 토픽 t0, t1(각각 파티션 3개)을 구독하면
 * C0: [t0p0, t0p1, t1p0, t1p1], C1: [t0p2, t1p2].
 */
export function rangeAssign(members: readonly Subscription[], partitions: PartitionCounts): GroupAssignment {
  const result = emptyAssignment(members);
  for (const topic of subscribedTopics(members, partitions)) {
    const consumers = members
      .filter((m) => m.topics.includes(topic))
      .map((m) => m.memberId)
      .sort(byString);
    const count = partitions[topic] ?? 0;
    const perMember = Math.floor(count / consumers.length);
    const extra = count % consumers.length;
    consumers.forEach((memberId, i) => {
      const start = i * perMember + Math.min(i, extra);
      const length = perMember + (i < extra ? 1 : 0);
      for (let partition = start; partition < start + length; partition++) add(result, memberId, topic, partition);
    });
  }
  return result;
}

/**
 * RoundRobinAssignor. Java javadoc의 예: C0, C1이 t0, t1(각각 3개)을 구독하면
 * C0: [t0p0, t0p2, t1p1], C1: [t0p1, t1p0, t1p2].
 */
export function roundRobinAssign(members: readonly Subscription[], partitions: PartitionCounts): GroupAssignment {
  const result = emptyAssignment(members);
  const sorted = [...members].sort((a, b) => byString(a.memberId, b.memberId));
  let next = 0;
  for (const { topic, partition } of sortedPartitions(members, partitions)) {
    while (!sorted[next % sorted.length]?.topics.includes(topic)) next++;
    add(result, (sorted[next % sorted.length] as Subscription).memberId, topic, partition);
    next++;
  }
  return result;
}

/**
 * StickyAssignor (KIP-54)를 단순하게. 두 단계입니다.
 *
 *   1. 지키기: 멤버마다(ID 순) 지난번 파티션 가운데 아직 있고, 아직 구독하고, 다른 멤버가 더 새 세대로 갖지
 *      않은 것을 번호 순으로 상한까지 그대로 둡니다. 상한은 ⌈P/M⌉이되, ⌈P/M⌉개를 가질 수 있는 멤버는
 *      P % M명뿐이라 그 자리가 다 차면 ⌊P/M⌋입니다 (Java: AbstractStickyAssignor.constrainedAssign).
 *   2. 채우기: 아무도 갖지 않은 파티션을 (토픽, 번호) 순으로, 그 토픽을 구독한 멤버 가운데 지금 가장 적게
 *      가진 멤버(같으면 ID가 앞선 멤버)에게 줍니다.
 *
 * 처음(아무도 가진 것이 없을 때)에는 2단계만 돌아 라운드 로빈과 같은 모양이 됩니다.
 */
export function stickyAssign(members: readonly Subscription[], partitions: PartitionCounts): GroupAssignment {
  const result = emptyAssignment(members);
  const all = sortedPartitions(members, partitions);
  const memberCount = members.length;
  const minQuota = Math.floor(all.length / memberCount);
  const maxQuota = Math.ceil(all.length / memberCount);
  /** ⌈P/M⌉개까지 가질 수 있는 남은 자리 (나누어떨어지면 모두가 같은 몫이라, 멤버마다 하나씩 써도 모자라지 않게 M개) */
  let maxQuotaSlots = minQuota === maxQuota ? memberCount : all.length % memberCount;

  // 같은 파티션을 둘이 가졌다고 하면: 세대가 높은 쪽, 같으면 ID가 앞선 쪽의 주장만 인정합니다.
  const claimedBy = new Map<string, Subscription>();
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const sorted = [...members].sort((a, b) => byString(a.memberId, b.memberId));
  for (const member of sorted) {
    for (const [topic, owned] of Object.entries(member.owned ?? {})) {
      for (const partition of owned) {
        const current = claimedBy.get(key(topic, partition));
        if (!current || (member.generation ?? -1) > (current.generation ?? -1)) {
          claimedBy.set(key(topic, partition), member);
        }
      }
    }
  }
  /** 이 멤버가 지킬 수 있는 지난번 파티션 (토픽 이름, 번호 순) */
  const keepable = (member: Subscription): TopicPartition[] =>
    all.filter(
      ({ topic, partition }) =>
        member.topics.includes(topic) && claimedBy.get(key(topic, partition))?.memberId === member.memberId,
    );

  const counts = new Map(sorted.map((m) => [m.memberId, 0]));
  const taken = new Set<string>();
  const give = (memberId: string, { topic, partition }: TopicPartition) => {
    add(result, memberId, topic, partition);
    counts.set(memberId, (counts.get(memberId) ?? 0) + 1);
    taken.add(key(topic, partition));
  };

  for (const member of sorted) {
    const limit = maxQuotaSlots > 0 ? maxQuota : minQuota;
    const kept = keepable(member).slice(0, limit);
    for (const tp of kept) give(member.memberId, tp);
    if (kept.length === maxQuota) maxQuotaSlots--;
  }
  for (const tp of all) {
    if (taken.has(key(tp.topic, tp.partition))) continue;
    let best: Subscription | null = null;
    for (const member of sorted) {
      if (!member.topics.includes(tp.topic)) continue;
      if (best === null || (counts.get(member.memberId) ?? 0) < (counts.get(best.memberId) ?? 0)) best = member;
    }
    if (best) give(best.memberId, tp);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// 스티키의 userData: Java StickyAssignor의 형식 (v0: 지난 할당, v1: 그 뒤에 세대 int32)
//
//   StickyAssignorUserData => [previous_assignment] generation?
//     previous_assignment => topic:STRING(int16 길이) [partitions:INT32]
// ---------------------------------------------------------------------------------------------------------------

export function encodeStickyUserData(owned: Assignment, generation?: number): Buffer {
  const parts: Buffer[] = [];
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const topics = Object.keys(owned).sort(byString);
  parts.push(int32(topics.length));
  for (const topic of topics) {
    const name = Buffer.from(topic, 'utf8');
    const length = Buffer.alloc(2);
    length.writeInt16BE(name.length);
    const list = owned[topic] ?? [];
    parts.push(length, name, int32(list.length), ...list.map(int32));
  }
  if (generation !== undefined) parts.push(int32(generation));
  return Buffer.concat(parts);
}

/** 비었거나 형식이 틀리면 null (지난 할당이 없는 것으로 봅니다) */
export function decodeStickyUserData(
  data: Buffer | null | undefined,
): { owned: Assignment; generation?: number } | null {
  if (!data || data.length < 4) return null;
  try {
    let at = 0;
    const owned: Assignment = {};
    const topicCount = data.readInt32BE(at);
    at += 4;
    for (let i = 0; i < topicCount; i++) {
      const length = data.readInt16BE(at);
      at += 2;
      const topic = data.toString('utf8', at, at + length);
      at += length;
      const count = data.readInt32BE(at);
      at += 4;
      const list: number[] = [];
      for (let j = 0; j < count; j++, at += 4) list.push(data.readInt32BE(at));
      owned[topic] = list;
    }
    if (at + 4 <= data.length) return { owned, generation: data.readInt32BE(at) };
    return { owned };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// kafkajs에 끼우기
// ---------------------------------------------------------------------------------------------------------------

type AssignFunction = (members: readonly Subscription[], partitions: PartitionCounts) => GroupAssignment;

/** 할당자의 버전. MemberMetadata와 MemberAssignment 맨 앞 int16에 들어갑니다 */
const VERSION = 0;

function kafkajsAssigner(
  name: string,
  assign: AssignFunction,
  userData: () => Buffer = () => Buffer.alloc(0),
): PartitionAssigner {
  return ({ cluster }): Assigner => ({
    name,
    version: VERSION,
    protocol({ topics }) {
      return {
        name,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: VERSION, topics, userData: userData() }),
      };
    },
    async assign({ members, topics }: { members: GroupMember[]; topics: string[] }): Promise<GroupMemberAssignment[]> {
      const subscriptions = members.map(({ memberId, memberMetadata }) => {
        const metadata = AssignerProtocol.MemberMetadata.decode(memberMetadata);
        const sticky = decodeStickyUserData(metadata?.userData);
        return {
          memberId,
          topics: metadata?.topics ?? topics,
          ...(sticky ? { owned: sticky.owned, generation: sticky.generation } : {}),
        };
      });
      // 리더가 구독하지 않은 토픽을 다른 멤버가 구독했을 수 있으니, 모두의 토픽 메타데이터를 받아 둡니다.
      const wanted = [...new Set(subscriptions.flatMap((s) => s.topics))];
      if (wanted.some((t) => !topics.includes(t))) await cluster.addMultipleTargetTopics(wanted);
      const counts: Record<string, number> = {};
      for (const topic of wanted) {
        try {
          counts[topic] = cluster.findTopicPartitionMetadata(topic).length;
        } catch {
          counts[topic] = 0; // 아직 없는 토픽: 나눌 파티션이 없습니다
        }
      }
      const result = assign(subscriptions, counts);
      return [...result].map(([memberId, assignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: VERSION,
          assignment,
          userData: Buffer.alloc(0),
        }),
      }));
    },
  });
}

/** kafkajs `partitionAssigners`에 넣는 range 할당자 (프로토콜 이름 'range', Java와 같습니다) */
export const rangeAssigner: PartitionAssigner = kafkajsAssigner('range', rangeAssign);

/** kafkajs `partitionAssigners`에 넣는 round-robin 할당자 (프로토콜 이름 'roundrobin', Java와 같습니다) */
export const roundRobinAssigner: PartitionAssigner = kafkajsAssigner('roundrobin', roundRobinAssign);

/**
 * 스티키 할당자. 컨슈머마다 하나씩 만듭니다: 그 컨슈머가 지난번에 받은 할당을 기억해 다음 JoinGroup의 userData에
 * 실어야 하니까요.
 *
 *     const sticky = new StickyAssignor();
 *     const consumer = kafka.consumer({ groupId, partitionAssigners: [sticky.assigner] });
 *     sticky.follow(consumer);
 */
export class StickyAssignor {
  /** 이 컨슈머가 마지막으로 받은 할당 */
  owned: Assignment = {};
  readonly assigner: PartitionAssigner = kafkajsAssigner('sticky', stickyAssign, () =>
    encodeStickyUserData(this.owned),
  );

  /** Java의 `onAssignment`: 새 할당을 받으면 기억합니다 */
  onAssignment(assignment: Assignment): void {
    this.owned = Object.fromEntries(Object.entries(assignment).map(([t, ps]) => [t, [...ps].sort((a, b) => a - b)]));
  }

  /** 컨슈머의 GROUP_JOIN 이벤트(할당을 받은 뒤에 옵니다)마다 onAssignment를 부릅니다 */
  follow(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, (event) => this.onAssignment(event.payload.memberAssignment));
  }
}
