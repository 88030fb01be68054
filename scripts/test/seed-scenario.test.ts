/**
 * 시드 시나리오(`npm run seed-test`)를 참조 브로커 프로세스 셋(`reference/test/e2e/quorum-processes.ts`)에 대고 끝까지
 * 돌립니다: 토픽을 만들고, 멱등 프로듀서로 쓰고, 두 그룹의 컨슈머 여섯을 하나씩 띄우고, 쓰는 도중 파티션 0의 리더를
 * `kill -9`했다 같은 데이터로 다시 띄우고, 나머지를 쓰는 도중 활성 컨트롤러도 그렇게 합니다. 죽이기와 다시 띄우기는 비교 모음의 `Faults` 모양 그대로 시험 틀에 맡깁니다.
 * 검사에 어긋남이 없고, 표가 보여 줄 상태(ISR이 셋으로 돌아옴, 두 그룹의 커밋이 파티션 끝)가 맞아야 합니다.
 * 같은 토픽에 두 번째로 돌리면 토픽을 그대로 쓰고 지난 실행의 메시지는 세지 않습니다.
 */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../reference/src/protocol/api-keys.js';
import { josa } from '../../reference/src/server/josa.js';
import { fastFailoverEnv, QuorumProcesses, send, settle } from '../../reference/test/e2e/quorum-processes.js';
import { type Faults, waitForBroker } from '../lib/seed-scenario/faults.js';
import { runSeedScenario, type ScenarioResult, TOPIC } from '../lib/seed-scenario/scenario.js';
import { renderSummary, verdict } from '../lib/seed-scenario/summary.js';

const IDS = [1, 2, 3] as const;
/** 죽인 브로커를 펜싱하기까지 */
const SESSION_TIMEOUT_MS = 6000;
const MESSAGES = 600;
const KEYS = 20;

let quorum: QuorumProcesses;
let bootstrap: string;
let faults: Faults;
const killed: number[] = [];

beforeAll(async () => {
  quorum = await QuorumProcesses.launch({
    name: 'seed-scenario',
    ids: IDS,
    env: {
      ...fastFailoverEnv(SESSION_TIMEOUT_MS),
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    },
    readyTimeoutMs: 60_000,
    requestTimeoutMs: 1000,
  });
  bootstrap = quorum.nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(',');
  faults = {
    kill: async (nodeId) => {
      killed.push(nodeId);
      await quorum.kill(quorum.node(nodeId));
    },
    start: async (nodeId) => {
      await quorum.start(quorum.node(nodeId));
      await waitForBroker(bootstrap, nodeId);
    },
  };
  const kafka = new Kafka({
    clientId: 'seed-scenario-probe',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  });
  await settle(
    '세 브로커가 모두 등록되지 않았습니다',
    async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return (await admin.describeCluster()).brokers.length === IDS.length ? true : null;
      } finally {
        await admin.disconnect();
      }
    },
    60_000,
  );
}, 180_000);

afterAll(() => quorum?.close());

function expectClean(result: ScenarioResult): void {
  const report = [...renderSummary(result), verdict(result).line].join('\n');
  expect(result.check.violations, report).toEqual([]);
  expect(verdict(result).ok).toBe(true);
  expect(result.check.acked + result.check.unacked).toBe(MESSAGES);
  for (const g of result.check.groups) expect(g.ackedReceived).toBe(result.check.acked);
  // 표의 상태: ISR이 복제본 셋으로 돌아왔고, 두 그룹의 커밋이 파티션 끝 (lag 0)
  expect(result.partitions.map((p) => [p.partition, p.replicas, p.isr])).toEqual([
    [0, [1, 2, 3], [1, 2, 3]],
    [1, [1, 2, 3], [1, 2, 3]],
    [2, [1, 2, 3], [1, 2, 3]],
  ]);
  for (const g of result.offsets) expect(g.committed).toEqual(result.partitions.map((p) => p.end));
  expect(result.notes).toEqual([]);
  console.log(report);
}

describe(`seed scenario on three reference processes (${TOPIC}, ${MESSAGES} messages)`, () => {
  it('파티션 0의 리더와 활성 컨트롤러를 kill -9 했다 다시 띄워도 두 그룹이 성공 응답을 받은 메시지를 모두 키마다 순서대로 받습니다', async () => {
    const lines: string[] = [];
    const result = await runSeedScenario({
      bootstrap,
      messages: MESSAGES,
      keys: KEYS,
      faults,
      log: (line) => {
        lines.push(line);
        console.log(line);
      },
    });
    expect(result.fault).not.toBeNull();
    expect(result.controllerFault).not.toBeNull();
    expect(killed).toEqual([result.fault?.victim, result.controllerFault?.victim]);
    expect(result.fault?.newLeader).not.toBe(result.fault?.victim);
    expect(result.controllerFault?.newController).not.toBe(result.controllerFault?.victim);
    expect(lines.join('\n')).toContain(
      `파티션 0의 리더인 브로커 ${josa(result.fault?.victim ?? '', '을/를')} 죽입니다`,
    );
    expect(lines.join('\n')).toContain(
      `활성 컨트롤러인 노드 ${josa(result.controllerFault?.victim ?? '', '을/를')} 죽입니다`,
    );
    expectClean(result);
  }, 400_000);

  it('두 번째 실행은 같은 모양의 토픽을 그대로 쓰고, 죽일 방법이 없으면 건너뛰었다고 적습니다', async () => {
    const lines: string[] = [];
    const result = await runSeedScenario({
      bootstrap,
      messages: MESSAGES,
      keys: KEYS,
      faults: null,
      noFaultsReason: '시험의 두 번째 실행',
      log: (line) => {
        lines.push(line);
        console.log(line);
      },
    });
    expect(lines).toContain(
      `토픽 ${josa(TOPIC, '이/가')} 이미 같은 모양으로 있어 그대로 씁니다 (파티션 3, 복제 계수 3, min.insync.replicas=2)`,
    );
    expect(lines).toContain('  리더 죽이기를 건너뜁니다: 시험의 두 번째 실행');
    expect(lines).toContain('  활성 컨트롤러 죽이기도 건너뜁니다');
    expect(result.fault).toBeNull();
    expect(result.controllerFault).toBeNull();
    const notes = result.notes;
    expect(notes).toEqual(['리더를 죽이지 않았습니다: 시험의 두 번째 실행']);
    expectClean({ ...result, notes: [] });
  }, 400_000);
});

/** 브로커 하나가 답하는 토픽의 min.insync.replicas (DescribeConfigs v4) */
async function minIsrAt(id: number): Promise<string | null> {
  const reply = await send(quorum.brokers, id, {
    apiKey: ApiKey.DescribeConfigs,
    apiVersion: 4,
    body: {
      resources: [{ resourceType: 2, resourceName: TOPIC, configurationKeys: ['min.insync.replicas'] }],
      includeSynonyms: false,
      includeDocumentation: false,
    },
  });
  if (!reply.ok) return null;
  const { results } = reply.response as { results: { configs: { name: string; value: string | null }[] }[] };
  return results[0]?.configs.find((c) => c.name === 'min.insync.replicas')?.value ?? null;
}

describe('seed scenario: a topic of another shape', () => {
  it('토픽이 다른 모양(min.insync.replicas=1)으로 있으면 아무것도 쓰지 않고 무엇이 다른지 알려 주며 실패합니다', async () => {
    const kafka = new Kafka({
      clientId: 'seed-scenario-shape',
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    // AlterConfigs는 컨트롤러가 커밋하면 답하고, 다른 브로커는 그 ConfigRecord를 조금 뒤에 적용합니다 (Kafka도 같음).
    // 시나리오의 DescribeConfigs는 아무 브로커에나 가므로, 세 브로커 모두 새 값을 답할 때까지 기다립니다.
    const setMinIsr = async (value: string) => {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: 2, name: TOPIC, configEntries: [{ name: 'min.insync.replicas', value }] }],
      });
      await settle(
        `세 브로커가 min.insync.replicas=${value}를 적용하지 않았습니다`,
        async () => ((await Promise.all(IDS.map(minIsrAt))).every((v) => v === value) ? true : null),
        20_000,
      );
    };
    const endsBefore = await admin.fetchTopicOffsets(TOPIC);
    try {
      await setMinIsr('1');
      const run = runSeedScenario({ bootstrap, messages: MESSAGES, keys: KEYS, faults: null, log: () => {} });
      await expect(run).rejects.toThrow(
        `토픽 orders가 이미 다른 모양으로 있습니다 (파티션 3, 복제 계수 3, min.insync.replicas=1). 시나리오에는 파티션 3, 복제 계수 3, min.insync.replicas=2가 필요합니다.`,
      );
      expect(await admin.fetchTopicOffsets(TOPIC)).toEqual(endsBefore);
    } finally {
      await setMinIsr('2');
      await admin.disconnect();
    }
  }, 60_000);
});

describe('scripts/test.sh against an external cluster (three reference processes by address only)', () => {
  it('주소만 받은 클러스터에는 리더 죽이기를 건너뛰었다고 적고, 시나리오를 돌려 표와 통과 판정을 보여 주고 0으로 끝납니다', async () => {
    const { code, output } = await runTestScript({ BOOTSTRAP_SERVERS: bootstrap }, [
      '--messages',
      '300',
      '--keys',
      '10',
    ]);
    expect(output, output).toContain(`시드 시나리오: ${bootstrap} (리더 죽이기: 건너뜀)`);
    expect(output).toContain('리더 죽이기를 건너뜁니다: ');
    expect(output).toMatch(/│ 파티션 │ 리더 │ 복제본 │ ISR\s+│ 끝 오프셋\(HW\) │/);
    expect(output).toMatch(/│ order-service\s+│ 300 \/ 300\s+│/);
    expect(output).toMatch(/│ notification-service\s+│ 300 \/ 300\s+│/);
    expect(output).toMatch(/판정: 통과 — 리더를 죽이지 않았고, 두 그룹 모두 성공 응답을 받은 메시지 300개를/);
    expect(code).toBe(0);
  }, 400_000);
});

/** `./scripts/test.sh`를 저장소 루트에서 돌려 종료 코드와 출력(표준 출력과 오류를 차례대로)을 돌려줍니다 */
function runTestScript(env: Record<string, string>, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['scripts/test.sh', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
