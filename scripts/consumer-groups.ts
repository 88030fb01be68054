/**
 * `npm run groups`: `kafka-consumer-groups.sh --describe`처럼 컨슈머 그룹의 상태를 보여 줍니다.
 * 파티션마다 커밋된 오프셋, 로그 끝 오프셋, 랙(lag = 로그 끝 − 커밋), 그 파티션을 맡은 멤버.
 *
 *   npm run groups                                  모든 그룹 (127.0.0.1:9092)
 *   npm run groups -- --group billing               그룹 하나
 *   npm run groups -- --bootstrap 127.0.0.1:19092   다른 브로커 (진짜 Kafka에도 됩니다)
 *
 * 참조 브로커에만 있는 기능을 쓰지 않고 kafkajs admin(DescribeGroups, OffsetFetch, ListOffsets)만 쓰므로,
 * docker-compose.kraft.yml의 진짜 Kafka에 대고 돌려 비교할 수 있습니다.
 */
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: {
    bootstrap: { type: 'string', default: '127.0.0.1:9092' },
    group: { type: 'string', multiple: true },
  },
});

const kafka = new Kafka({ clientId: 'consumer-groups', brokers: [values.bootstrap], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
try {
  const groupIds = values.group ?? (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  if (groupIds.length === 0) console.log('컨슈머 그룹이 없습니다.');
  const { groups } = await admin.describeGroups(groupIds);
  for (const group of groups) {
    // 멤버마다 할당받은 파티션: SyncGroup으로 나눠 준 할당(바이트)을 컨슈머 프로토콜 형식으로 풉니다.
    const owner = new Map<string, { memberId: string; clientId: string; clientHost: string }>();
    for (const member of group.members) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const [topic, partitions] of Object.entries(assignment?.assignment ?? {})) {
        for (const partition of partitions) owner.set(`${topic}:${partition}`, member);
      }
    }
    // 커밋이 있는 토픽과 멤버가 맡은 토픽을 모두 봅니다: 아직 커밋하지 않은 파티션도 맡은 멤버가 있으면 보여 줍니다.
    const topics = new Set([
      ...(await admin.fetchOffsets({ groupId: group.groupId })).map((t) => t.topic),
      ...[...owner.keys()].map((key) => key.slice(0, key.lastIndexOf(':'))),
    ]);
    const committed = topics.size > 0 ? await admin.fetchOffsets({ groupId: group.groupId, topics: [...topics] }) : [];
    const table = new Table({
      head: ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
      for (const { partition, offset } of partitions.sort((a, b) => a.partition - b.partition)) {
        const end = ends.get(partition) ?? 0;
        const current = Number(offset);
        const member = owner.get(`${topic}:${partition}`);
        if (current < 0 && !member) continue; // 커밋도 주인도 없는 파티션
        table.push([
          topic,
          partition,
          current >= 0 ? current : '-',
          end,
          current >= 0 ? end - current : '-',
          member?.memberId ?? '-',
          member?.clientHost ?? '-',
          member?.clientId ?? '-',
        ]);
      }
    }
    console.log(
      `\n그룹 ${group.groupId}: 상태 ${group.state}, 멤버 ${group.members.length}명, 할당 방식 ${group.protocol || '-'}`,
    );
    console.log(table.toString());
  }
} finally {
  await admin.disconnect();
}
