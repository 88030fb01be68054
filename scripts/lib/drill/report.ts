/**
 * 드릴 결과를 표로: 일정마다 한 줄(건 장애를 종류마다, 일의 수, 이상의 수), 합계 한 줄, 그리고 이상의 종류마다의 합계와
 * 처음 몇 개의 자세한 내용, 일정마다 다시 돌리는 명령. 결과를 받아 줄을 돌려주는 순수 함수입니다.
 */
import Table from 'cli-table3';
import type { AnomalyKind } from '../../../reference/src/sim/replication-checker.js';
import type { ScheduleResult } from './run.js';
import type { FaultKind } from './schedule.js';

/** Jepsen의 Kafka 시험의 이름으로 (검사기의 이름 → 표의 이름) */
export const ANOMALY_NAMES: Record<AnomalyKind, string> = {
  LostWrite: '잃은 쓰기(lost)',
  Duplicate: '중복(duplicate)',
  Unseen: '못 읽음(unseen)',
  PollSkip: '건너뜀(poll skip)',
  NonmonotonicOffsets: '역행 읽기(nonmonotonic poll)',
  NonmonotonicSend: '역행 쓰기(nonmonotonic send)',
  InconsistentRead: '어긋난 오프셋(inconsistent offsets)',
  AbortedRead: '어보트 읽음(aborted read)',
  PrecommittedRead: '커밋 전 읽음(precommitted read)',
  ReadAboveHighWatermark: 'HW 위 읽음',
  DivergentReplicas: '갈라진 복제본',
};

/** 드릴이 판단하는 종류 (DivergentReplicas는 팔로워의 로그를 읽지 않으므로 빠집니다: final-log.ts) */
export const DRILL_ANOMALIES = (Object.keys(ANOMALY_NAMES) as AnomalyKind[]).filter((k) => k !== 'DivergentReplicas');

const FAULT_COLUMNS: readonly [FaultKind, string][] = [
  ['kill', 'kill -9'],
  ['pause', 'SIGSTOP'],
  ['partition', '떼어 놓기'],
  ['isolate-controller', '컨트롤러 떼어 놓기'],
];

/** 자세히 보여 줄 이상의 최대 수 */
const SHOWN = 10;

export function replayCommand(seed: number): string {
  return `npm run drill -- --seed ${seed}`;
}

function table(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

export function renderReport(results: readonly ScheduleResult[], wallMs: number): string[] {
  const t = table([
    '씨앗',
    ...FAULT_COLUMNS.map(([, name]) => name),
    'send',
    'ack',
    'poll',
    'commit',
    '모름',
    '이상',
    '시간',
  ]);
  const total = {
    faults: Object.fromEntries(FAULT_COLUMNS.map(([k]) => [k, 0])) as Record<FaultKind, number>,
    sends: 0,
    acks: 0,
    polls: 0,
    commits: 0,
    indeterminate: 0,
    anomalies: 0,
  };
  for (const r of results) {
    for (const [k] of FAULT_COLUMNS) total.faults[k] += r.faults[k];
    total.sends += r.counts.sends;
    total.acks += r.counts.acks;
    total.polls += r.counts.polls;
    total.commits += r.counts.commits;
    total.indeterminate += r.indeterminate;
    total.anomalies += r.anomalies.length;
    t.push([
      r.seed,
      ...FAULT_COLUMNS.map(([k]) => r.faults[k]),
      r.counts.sends,
      r.counts.acks,
      r.counts.polls,
      r.counts.commits,
      r.indeterminate,
      r.error !== null ? '실패' : r.anomalies.length === 0 ? '없음' : countByKind(r),
      `${(r.durationMs / 1000).toFixed(1)}초`,
    ]);
  }
  t.push([
    `합계 ${results.length}`,
    ...FAULT_COLUMNS.map(([k]) => total.faults[k]),
    total.sends,
    total.acks,
    total.polls,
    total.commits,
    total.indeterminate,
    total.anomalies,
    `${(wallMs / 1000).toFixed(1)}초`,
  ]);
  const byKind = table(['이상의 종류', '수']);
  for (const kind of DRILL_ANOMALIES) {
    byKind.push([
      ANOMALY_NAMES[kind],
      results.reduce((n, r) => n + r.anomalies.filter((a) => a.kind === kind).length, 0),
    ]);
  }
  const lines = [t.toString(), byKind.toString()];
  lines.push(
    '모름: 재시도를 다 쓰고도 답을 받지 못한 send의 메시지와 결과를 모르는 트랜잭션 (로그에 있을 수도 없을 수도 있습니다)',
  );
  const failed = results.filter((r) => r.error !== null || r.anomalies.length > 0);
  let shown = 0;
  for (const r of failed) {
    lines.push('', `씨앗 ${r.seed}: ${r.error !== null ? `끝까지 가지 못했습니다: ${r.error}` : countByKind(r)}`);
    for (const a of r.anomalies) {
      if (shown++ >= SHOWN) break;
      lines.push(`  ${ANOMALY_NAMES[a.kind]} ${a.partition}: ${a.detail}`);
    }
    lines.push(`  다시 돌리기: ${replayCommand(r.seed)}`);
  }
  return lines;
}

/** `잃은 쓰기(lost) 2, 건너뜀(poll skip) 1` */
function countByKind(r: ScheduleResult): string {
  const counts = new Map<AnomalyKind, number>();
  for (const a of r.anomalies) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${ANOMALY_NAMES[kind]} ${n}`).join(', ');
}

/** 판정 한 줄: 이상도 실패도 없으면 통과 */
export function verdictLine(results: readonly ScheduleResult[]): { ok: boolean; line: string } {
  const anomalies = results.reduce((n, r) => n + r.anomalies.length, 0);
  const failed = results.filter((r) => r.error !== null).length;
  const faults = results.reduce((n, r) => n + Object.values(r.faults).reduce((a, b) => a + b, 0), 0);
  if (anomalies === 0 && failed === 0) {
    return { ok: true, line: `판정: 통과 — 일정 ${results.length}개, 장애 ${faults}번, 이상 0` };
  }
  return {
    ok: false,
    line: `판정: 실패 — 일정 ${results.length}개 가운데 이상 ${anomalies}개, 끝까지 가지 못한 일정 ${failed}개`,
  };
}
