/**
 * `npm run quorum`: `kafka-metadata-quorum.sh describe`처럼 KRaft 쿼럼의 모습을 보여 줍니다. DescribeQuorum(API 키 55)을
 * 보내고, 리더가 답한 것을 적습니다. 사용법은 아래 USAGE에 있습니다.
 *
 * 리더만 답을 알므로, 주소를 여럿 주면 NOT_LEADER_OR_FOLLOWER가 아닌 답을 줄 때까지 차례로 묻습니다 (Kafka의
 * 관리 클라이언트는 활성 컨트롤러를 찾아 보냅니다). 뒤처짐(Lag)은 Kafka 도구와 같이 리더의 로그 끝 − 그 복제본의
 * 로그 끝입니다. 와이어 메시지만 쓰므로 진짜 Kafka의 컨트롤러(`--bootstrap-controller`)에도 됩니다.
 */
import Table from 'cli-table3';
import { readCommandLine } from '../reference/src/server/command-line.js';
import { describeQuorum, type QuorumPartition } from './lib/quorum.js';

// `| head`처럼 읽는 쪽이 먼저 닫으면 조용히 끝납니다 (셸 도구가 SIGPIPE로 끝나듯).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const USAGE = `kafka-metadata-quorum.sh describe처럼 KRaft 쿼럼의 모습을 보여 줍니다 (DescribeQuorum).
  npm run quorum                                              --status (127.0.0.1:9092, 브로커 리스너)
  npm run quorum -- --replication                             투표자·관찰자마다 로그 끝과 뒤처짐
  npm run quorum -- --bootstrap-controller 127.0.0.1:19093,127.0.0.1:29093,127.0.0.1:39093
  npm run quorum -- --bootstrap-server 127.0.0.1:19192        브로커 리스너로 묻기
  npm run quorum -- --replication --human-readable            시각을 "몇 ms 전"으로`;

const { values } = readCommandLine(USAGE, {
  options: {
    'bootstrap-server': { type: 'string' },
    'bootstrap-controller': { type: 'string' },
    status: { type: 'boolean', default: false },
    replication: { type: 'boolean', default: false },
    'human-readable': { type: 'boolean', default: false },
  },
});

type ReplicaState = QuorumPartition['currentVoters'][number];

const servers = (values['bootstrap-controller'] ?? values['bootstrap-server'] ?? '127.0.0.1:9092')
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

const when = (timestamp: number, now: number): string => {
  if (timestamp < 0) return '-';
  return values['human-readable'] ? `${Math.max(0, now - timestamp)}ms 전` : String(timestamp);
};

try {
  const quorum = await describeQuorum(servers);
  const now = Date.now();
  const leader = quorum.currentVoters.find((v) => v.replicaId === quorum.leaderId);
  const leaderEnd = leader?.logEndOffset ?? quorum.highWatermark;
  const followers = quorum.currentVoters.filter((v) => v.replicaId !== quorum.leaderId);
  const lag = (r: ReplicaState) => Math.max(0, leaderEnd - r.logEndOffset);
  if (values.replication) {
    const table = new Table({
      head: [
        '노드(NodeId)',
        '로그 끝(LogEndOffset)',
        '뒤처짐(Lag)',
        '마지막 Fetch(LastFetchTimestamp)',
        '따라잡은 시각(LastCaughtUpTimestamp)',
        '역할(Status)',
      ],
      style: { head: [], border: [] },
    });
    const rows: [ReplicaState, string][] = [
      ...quorum.currentVoters.map((v): [ReplicaState, string] => [
        v,
        v.replicaId === quorum.leaderId ? 'Leader' : 'Follower',
      ]),
      ...quorum.observers.map((o): [ReplicaState, string] => [o, 'Observer']),
    ];
    rows.sort(([a, sa], [b, sb]) => (sa === 'Leader' ? -1 : sb === 'Leader' ? 1 : a.replicaId - b.replicaId));
    for (const [replica, status] of rows) {
      table.push([
        replica.replicaId,
        replica.logEndOffset,
        lag(replica),
        when(replica.lastFetchTimestamp, now),
        when(replica.lastCaughtUpTimestamp, now),
        status,
      ]);
    }
    console.log(table.toString());
  } else {
    const maxLag = Math.max(0, ...followers.map(lag));
    const caughtUp = leader?.lastCaughtUpTimestamp ?? -1;
    const oldest = Math.min(...followers.map((f) => f.lastCaughtUpTimestamp));
    const maxLagTimeMs = followers.length === 0 || caughtUp < 0 || oldest < 0 ? 0 : caughtUp - oldest;
    const lines: [string, string | number][] = [
      ['리더(LeaderId)', quorum.leaderId],
      ['리더 에포크(LeaderEpoch)', quorum.leaderEpoch],
      ['하이 워터마크(HighWatermark)', quorum.highWatermark],
      ['가장 뒤처진 팔로워(MaxFollowerLag)', maxLag],
      ['그 뒤처진 시간(MaxFollowerLagTimeMs)', maxLagTimeMs],
      ['투표자(CurrentVoters)', `[${quorum.currentVoters.map((v) => v.replicaId).join(',')}]`],
      ['관찰자(CurrentObservers)', `[${quorum.observers.map((o) => o.replicaId).join(',')}]`],
    ];
    const width = Math.max(...lines.map(([label]) => displayWidth(label)));
    for (const [label, value] of lines) console.log(`${label}:${' '.repeat(width - displayWidth(label) + 2)}${value}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

/** 한글은 두 칸을 차지합니다 (줄을 맞추려고) */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(ch) ? 2 : 1;
  return width;
}
