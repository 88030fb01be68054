/**
 * 시나리오마다 대상의 결과를 모으고, 나란히 놓은 표를 만듭니다.
 *
 *   시나리오 │ 참조 브로커 │ Apache Kafka 4.3.1 │ 같음?
 *
 * 진짜 Kafka를 돌리지 못한 곳에서는 가운데 열이 "Kafka의 답(시나리오에 적어 둔 것)"이 됩니다.
 */
import { isDeepStrictEqual } from 'node:util';
import Table from 'cli-table3';
import type { Result, Scenario } from './scenario.js';

export type Outcome =
  | { readonly kind: 'ran'; readonly result: Result }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: string };

/** 대상 이름 → 시나리오 이름 → 결과 */
export class Outcomes {
  readonly #byTarget = new Map<string, Map<string, Outcome>>();

  record(target: string, scenario: Scenario, outcome: Outcome): void {
    const byScenario = this.#byTarget.get(target) ?? new Map<string, Outcome>();
    byScenario.set(scenario.name, outcome);
    this.#byTarget.set(target, byScenario);
  }

  get(target: string, scenario: Scenario): Outcome | undefined {
    return this.#byTarget.get(target)?.get(scenario.name);
  }

  /** 두 대상이 모두 돌린 시나리오 가운데 결과가 다른 것들 */
  differences(scenarios: readonly Scenario[], left: string, right: string): Scenario[] {
    return scenarios.filter((s) => {
      const a = this.get(left, s);
      const b = this.get(right, s);
      return a?.kind === 'ran' && b?.kind === 'ran' && !isDeepStrictEqual(a.result, b.result);
    });
  }
}

/**
 * 표 하나. `right`가 없으면(진짜 Kafka를 돌리지 못했으면) 시나리오에 적어 둔 Kafka의 답과 견줍니다.
 */
export function renderTable(
  scenarios: readonly Scenario[],
  outcomes: Outcomes,
  left: string,
  right: string | null,
): string {
  const table = new Table({
    head: ['시나리오', left, right ?? 'Kafka의 답 (시나리오에 적어 둔 것)', '같음?'],
    colWidths: [24, 52, 52, 8],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const scenario of scenarios) {
    const a = outcomes.get(left, scenario);
    const b: Outcome | undefined = right
      ? outcomes.get(right, scenario)
      : { kind: 'ran', result: scenario.kafka.answer };
    table.push([scenario.title, show(a), show(b), verdict(a, b)]);
  }
  return table.toString();
}

function verdict(a: Outcome | undefined, b: Outcome | undefined): string {
  if (a?.kind !== 'ran' || b?.kind !== 'ran') return '—';
  return isDeepStrictEqual(a.result, b.result) ? '같음' : '다름';
}

function show(outcome: Outcome | undefined): string {
  if (!outcome) return '(돌지 않음)';
  if (outcome.kind === 'skipped') return `건너뜀: ${outcome.reason}`;
  if (outcome.kind === 'failed') return `실패: ${outcome.error}`;
  return format(outcome.result);
}

/**
 * 좁은 칸에서도 읽히게 적습니다: 객체는 키마다 한 줄, 객체의 배열은 원소마다 한 줄, 그 안은 띄어 쓴 한 줄
 * (`{ offset: 0, timestamp: -1 }`)이라 칸 너비에서 단어 단위로 줄이 바뀝니다.
 */
function format(result: Result): string {
  if (Array.isArray(result)) return result.map((item) => `- ${inline(item)}`).join('\n');
  if (result !== null && typeof result === 'object') {
    return Object.entries(result)
      .map(([key, value]) => `${key}: ${inline(value)}`)
      .join('\n');
  }
  return inline(result);
}

function inline(value: Result): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([key, v]) => `${key}: ${inline(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}
