/**
 * 시나리오 결과를 학습자가 읽는 모양으로: 파티션 표(리더, 복제본, ISR, 끝 오프셋), 그룹 표(받은 메시지, 파티션마다
 * 커밋된 오프셋과 lag), 어긋남 목록, 그리고 판정 한 줄.
 */

import Table from 'cli-table3';
import { josa } from '../../../reference/src/server/josa.js';
import type { Violation, ViolationKind } from './check.js';
import type { ScenarioResult } from './scenario.js';

const KIND_NAMES: Record<ViolationKind, string> = {
  lost: '잃음',
  order: '순서 어긋남',
  phantom: '보낸 적 없는 메시지',
  position: '위치 어긋남',
};

/** 종류마다 보여 줄 어긋남의 최대 수 (나머지는 수만 적습니다) */
const SHOWN_PER_KIND = 5;

const number = (n: number) => n.toLocaleString('en-US');

function table(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

export function renderSummary(result: ScenarioResult): string[] {
  const lines: string[] = [];
  const partitions = table(['파티션', '리더', '복제본', 'ISR', '끝 오프셋(HW)']);
  for (const p of result.partitions) {
    partitions.push([p.partition, p.leader, p.replicas.join(','), p.isr.join(','), number(p.end)]);
  }
  lines.push(partitions.toString());

  const groups = table([
    '그룹',
    '받은 메시지',
    '다시 받음',
    ...result.partitions.map((p) => `파티션 ${p.partition} 커밋 (lag)`),
  ]);
  for (const g of result.check.groups) {
    const committed = result.offsets.find((o) => o.group === g.group)?.committed ?? [];
    groups.push([
      g.group,
      `${number(g.ackedReceived)} / ${number(result.check.acked)}`,
      number(g.redelivered),
      ...result.partitions.map((p) => {
        const c = committed[p.partition];
        return c === null || c === undefined ? '- (커밋 없음)' : `${number(c)} (${number(p.end - c)})`;
      }),
    ]);
  }
  lines.push(groups.toString());
  lines.push(
    '받은 메시지는 성공 응답을 받은 메시지 가운데 그룹이 받은 수입니다. 다시 받음은 리밸런스 뒤 마지막 커밋부터 다시 읽은 수로,',
    '적어도 한 번(at-least-once) 전달에서는 허용합니다. lag = 끝 오프셋 − 커밋된 오프셋.',
  );
  for (const note of result.notes) lines.push(`참고: ${note}`);

  const byKind = new Map<ViolationKind, Violation[]>();
  for (const v of result.check.violations) byKind.set(v.kind, [...(byKind.get(v.kind) ?? []), v]);
  for (const [kind, list] of byKind) {
    lines.push(`${KIND_NAMES[kind]} ${number(list.length)}건:`);
    for (const v of list.slice(0, SHOWN_PER_KIND)) lines.push(`  [${v.group}] ${v.key} 순번 ${v.seq}: ${v.detail}`);
    if (list.length > SHOWN_PER_KIND) lines.push(`  … 그 밖에 ${number(list.length - SHOWN_PER_KIND)}건`);
  }
  return lines;
}

/** 판정 한 줄과 통과 여부 */
export function verdict(result: ScenarioResult): { ok: boolean; line: string } {
  const { check } = result;
  const seconds = (result.durationMs / 1000).toFixed(1);
  const leader = result.fault
    ? `파티션 ${result.fault.partition}의 리더 브로커 ${josa(result.fault.victim, '을/를')} 죽였다 살렸고`
    : '리더를 죽이지 않았고';
  const fault = result.controllerFault
    ? `${leader}, 활성 컨트롤러 노드 ${josa(result.controllerFault.victim, '을/를')} 죽였다 살렸고`
    : leader;
  if (check.violations.length === 0) {
    return {
      ok: true,
      line: `판정: 통과 — ${fault}, 두 그룹 모두 성공 응답을 받은 메시지 ${number(check.acked)}개를 잃지 않고 키마다 순서대로 받았습니다 (${seconds}초).`,
    };
  }
  const counts = (Object.keys(KIND_NAMES) as ViolationKind[])
    .map((kind) => [kind, check.violations.filter((v) => v.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${KIND_NAMES[kind]} ${number(n)}건`);
  return { ok: false, line: `판정: 실패 — ${fault}, ${counts.join(', ')}이 나왔습니다 (${seconds}초).` };
}
