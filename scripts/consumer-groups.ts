/**
 * `npm run groups`: `kafka-consumer-groups.sh --describe`처럼 컨슈머 그룹의 상태를 보여 줍니다.
 * 파티션마다 커밋된 오프셋, 파티션의 끝(하이 워터마크), lag(= 끝 − 커밋), 그 파티션을 맡은 멤버.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 부트스트랩 목록은 처음 붙을 곳일 뿐입니다 (`kafka-consumer-groups.sh --bootstrap-server`와 같음): 목록의 한 브로커가
 * 죽어 있어도 다른 브로커에서 클러스터의 메타데이터를 받고, 그룹마다 코디네이터를 FindCoordinator로 찾아 묻습니다.
 * 그룹 목록(ListGroups)은 브로커마다 자기가 코디네이터인 그룹만 답하므로 살아 있는 브로커 모두에게 묻습니다.
 *
 * Kafka의 `ConsumerGroupCommand.collectGroupsOffsets`와 같은 규칙으로 줄을 만듭니다.
 * - 멤버가 맡은 파티션은 커밋이 없어도 한 줄씩 보여 줍니다 (CURRENT-OFFSET `-`).
 * - 맡은 멤버가 없어도 그룹에 커밋이 저장된 파티션은 보여 줍니다. 커밋이 음수(kafkajs `resetOffsets`가 쓰는 -2
 *   같은 표시)면 Kafka의 AdminClient처럼 "커밋 없음"으로 보고 `-`로 적습니다.
 * - LOG-END-OFFSET 칸은 Kafka 도구와 같은 이름이지만, 값은 ListOffsets(latest, read_uncommitted)가 주는
 *   **하이 워터마크**입니다. 컨슈머가 읽을 수 있는 끝이 거기까지라서 lag도 거기서 셉니다.
 *   (read_committed 컨슈머가 읽을 수 있는 끝은 LSO라, 열린 트랜잭션이 있으면 그 컨슈머의 실제 lag은 더 작습니다.)
 *
 * @platformatic/kafka의 Admin(ListGroups, DescribeGroups, OffsetFetch, ListOffsets)만 쓰고 참조 브로커에만 있는
 * 기능은 쓰지 않으므로, docker-compose.kraft.yml의 진짜 Kafka에 대고 돌려 비교할 수 있습니다.
 */
import { Admin } from '@platformatic/kafka';
import Table from 'cli-table3';
import { readCommandLine } from '../reference/src/server/command-line.js';

const USAGE = `컨슈머 그룹마다 파티션의 커밋된 오프셋, 끝(하이 워터마크), lag, 맡은 멤버를 보여 줍니다.
  npm run groups                                  모든 그룹 (127.0.0.1:9092)
  npm run groups -- --group billing               그룹 하나 (--group은 여러 번)
  npm run groups -- --bootstrap 127.0.0.1:19092   다른 브로커 (진짜 Kafka에도 됩니다)
  npm run groups -- --bootstrap 127.0.0.1:19192,127.0.0.1:29192,127.0.0.1:39192   세 브로커 클러스터`;

const { values } = readCommandLine(USAGE, {
  options: {
    bootstrap: { type: 'string', default: '127.0.0.1:9092' },
    group: { type: 'string', multiple: true },
  },
});

/** DescribeGroups의 상태 이름을 Kafka 도구가 찍는 모양으로 (클라이언트가 대문자로 바꿔 돌려줍니다) */
const STATE_NAMES = new Map(
  ['Empty', 'Stable', 'PreparingRebalance', 'CompletingRebalance', 'Dead'].map((s) => [s.toUpperCase(), s]),
);
const READ_UNCOMMITTED = 0;
const LATEST = -1n;

interface Row {
  readonly topic: string;
  readonly partition: number;
  /** 커밋이 없거나 음수면 undefined */
  readonly committed: number | undefined;
  readonly member?: { readonly id: string; readonly clientHost: string; readonly clientId: string };
}

const bootstrapBrokers = values.bootstrap
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const admin = new Admin({ clientId: 'consumer-groups', bootstrapBrokers });
try {
  const groupIds = values.group ?? [...(await admin.listGroups()).keys()].sort();
  if (groupIds.length === 0) console.log('컨슈머 그룹이 없습니다.');
  const described = groupIds.length > 0 ? await admin.describeGroups({ groups: groupIds }) : new Map();
  // topics를 주지 않으면 OffsetFetch가 null 토픽("저장된 커밋 전부")으로 나갑니다.
  const offsets = groupIds.length > 0 ? await admin.listConsumerGroupOffsets({ groups: groupIds }) : [];
  for (const groupId of groupIds) {
    const group = described.get(groupId);
    const rows = new Map<string, Row>();
    const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
    for (const member of group?.members.values() ?? []) {
      for (const [topic, assignment] of member.assignments ?? []) {
        for (const partition of assignment.partitions) {
          rows.set(key(topic, partition), { topic, partition, committed: undefined, member });
        }
      }
    }
    for (const topic of offsets.find((o) => o.groupId === groupId)?.topics ?? []) {
      for (const p of topic.partitions) {
        const committed = p.committedOffset >= 0n ? Number(p.committedOffset) : undefined;
        const k = key(topic.name, p.partitionIndex);
        rows.set(k, { ...rows.get(k), topic: topic.name, partition: p.partitionIndex, committed });
      }
    }
    const sorted = [...rows.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    const ends = await highWatermarks(sorted);
    const table = new Table({
      head: ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const row of sorted) {
      const end = ends.get(key(row.topic, row.partition));
      table.push([
        row.topic,
        row.partition,
        row.committed ?? '-',
        end ?? '-',
        row.committed !== undefined && end !== undefined ? end - row.committed : '-',
        row.member?.id ?? '-',
        row.member?.clientHost ?? '-',
        row.member?.clientId ?? '-',
      ]);
    }
    const state = group ? (STATE_NAMES.get(group.state) ?? group.state) : 'Dead';
    console.log(
      `\n그룹 ${groupId}: 상태 ${state}, 멤버 ${group?.members.size ?? 0}명, 할당 방식 ${group?.protocol || '-'}`,
    );
    console.log(table.toString());
  }

  /** 파티션마다 하이 워터마크: ListOffsets(latest)를 read_uncommitted로 (Kafka 도구의 `getLogEndOffsets`와 같게) */
  async function highWatermarks(rows: readonly Row[]): Promise<Map<string, number>> {
    const byTopic = new Map<string, number[]>();
    for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.partition]);
    if (byTopic.size === 0) return new Map();
    const listed = await admin.listOffsets({
      isolationLevel: READ_UNCOMMITTED,
      topics: [...byTopic].map(([name, partitions]) => ({
        name,
        partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: LATEST })),
      })),
    });
    return new Map(
      listed.flatMap((t) => t.partitions.map((p) => [`${t.name}\u0000${p.partitionIndex}`, Number(p.offset)] as const)),
    );
  }
} finally {
  await admin.close();
}
