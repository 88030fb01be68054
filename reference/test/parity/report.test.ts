/**
 * 비교 모음의 순수한 부분: 시나리오의 요구와 대상의 조건 맞추기, 결과 비교, 표.
 */
import { describe, expect, it } from 'vitest';
import { Outcomes, renderTable } from './report.js';
import { type Scenario, SECURED, unmetNeed } from './scenario.js';
import { scenarios } from './scenarios/index.js';

const scenario = (name: string, answer: Scenario['kafka']['answer']): Scenario => ({
  name,
  title: `${name} 시나리오`,
  needs: { nodes: 1, replicationFactor: 1 },
  kafka: { answer, source: 'Test.method' },
  run: async () => answer,
});

describe('unmetNeed', () => {
  it('says why a target cannot run a scenario, or null when it can', () => {
    const one = { nodes: 1, autoCreateTopics: true, faults: false, security: false };
    expect(unmetNeed({ nodes: 1, replicationFactor: 1 }, one)).toBeNull();
    expect(unmetNeed({ nodes: 3, replicationFactor: 3 }, one)).toBe('브로커 3대가 필요합니다 (대상에는 1대)');
    expect(unmetNeed({ nodes: 1, replicationFactor: 2 }, one)).toBe(
      '복제 계수 2에는 브로커 2대가 필요합니다 (대상에는 1대)',
    );
    expect(unmetNeed({ nodes: 1, replicationFactor: 1, autoCreateTopics: false }, one)).toBe(
      'auto.create.topics.enable=false인 대상이 필요합니다',
    );
    const cluster = { nodes: 3, autoCreateTopics: false, faults: true, security: false };
    expect(unmetNeed({ nodes: 3, replicationFactor: 3 }, cluster)).toBeNull();
    expect(unmetNeed({ nodes: 3, replicationFactor: 3, faults: true }, cluster)).toBeNull();
    expect(unmetNeed({ nodes: 3, replicationFactor: 3, faults: true }, { ...cluster, faults: false })).toBe(
      '노드를 죽이고 다시 띄울 수 있는 대상(이 실행이 띄운 클러스터)이 필요합니다',
    );
    expect(unmetNeed(SECURED, { ...one, security: true })).toBeNull();
    expect(unmetNeed(SECURED, one)).toBe(
      'SASL_PLAINTEXT 리스너와 StandardAuthorizer를 켠 대상(이 실행이 띄운 보안 대상)이 필요합니다',
    );
  });
});

describe('Outcomes and the table', () => {
  const same = scenario('same', { offsets: [0, 1] });
  const differs = scenario('differs', { error: 'NONE' });
  const skipped = scenario('skipped', 1);
  const outcomes = new Outcomes();
  outcomes.record('참조', same, { kind: 'ran', result: { offsets: [0, 1] } });
  outcomes.record('Kafka', same, { kind: 'ran', result: { offsets: [0, 1] } });
  outcomes.record('참조', differs, { kind: 'ran', result: { error: 'NONE' } });
  outcomes.record('Kafka', differs, { kind: 'ran', result: { error: 'NOT_ENOUGH_REPLICAS' } });
  outcomes.record('참조', skipped, { kind: 'ran', result: 1 });
  outcomes.record('Kafka', skipped, { kind: 'skipped', reason: '브로커 3대가 필요합니다' });

  it('finds the scenarios whose results differ between two targets that both ran them', () => {
    expect(outcomes.differences([same, differs, skipped], '참조', 'Kafka').map((s) => s.name)).toEqual(['differs']);
  });

  it('prints one row per scenario with both results and the verdict', () => {
    const table = renderTable([same, differs, skipped], outcomes, '참조', 'Kafka');
    const rows = table.split('\n').filter((line) => /^│ [a-z]+ 시나리오/.test(line));
    expect(rows.map((row) => row.split('│')[4]?.trim())).toEqual(['같음', '다름', '—']);
    expect(table).toContain('error: "NOT_ENOUGH_REPLICAS"');
    expect(table).toContain('건너뜀: 브로커 3대가 필요합니다');
  });

  it('compares with the written Kafka answer when no Kafka ran', () => {
    const table = renderTable([same, differs], outcomes, '참조', null);
    expect(table).toContain('Kafka의 답 (시나리오에 적어 둔 것)');
    const rows = table.split('\n').filter((line) => /^│ [a-z]+ 시나리오/.test(line));
    expect(rows.map((row) => row.split('│')[4]?.trim())).toEqual(['같음', '같음']);
  });
});

describe('the parity table of the registered scenarios', () => {
  it('has one row per scenario, the three-node ones included, in the order of scenarios/index.ts', () => {
    const names = scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    const threeNodes = scenarios.filter((s) => s.needs.nodes === 3).map((s) => s.name);
    expect(threeNodes).toEqual([
      'replica-placement',
      'min-isr-node-down',
      'leader-failover',
      'coordinator-moves',
      'txn-across-brokers',
    ]);
    // 가로줄(├)은 머리 아래 하나와 행 사이마다 하나: 시나리오마다 한 행이면 시나리오 수만큼
    const table = renderTable(scenarios, new Outcomes(), '참조', null);
    expect(table.split('\n').filter((line) => line.startsWith('├')).length).toBe(scenarios.length);
  });
});
