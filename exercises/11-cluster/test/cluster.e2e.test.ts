/**
 * 11장 끝에서 끝까지 테스트: 여러분이 조립한 브로커를 `npm run cluster`로 진짜 프로세스 셋에 띄우고, `./scripts/test.sh`의
 * 시드 시나리오(토픽 하나·파티션 셋·복제 계수 3, 서비스 둘의 컨슈머 그룹, 컨슈머 여섯)를 돌립니다. 시나리오는 쓰는 도중
 * 파티션 0의 리더를, 그다음 활성 컨트롤러를 `kill -9` 했다 다시 띄웁니다.
 *
 * 노드 프로세스는 `COURSE_CHAPTER=11`로 뜹니다: 활성 컨트롤러의 세션 판단과 리더 선거가 여러분의
 * `broker-heartbeat-manager.ts`와 `partition-change-builder.ts`입니다. 1~10장은 `COURSE_ASSEMBLY`로 조립합니다:
 * 여러분이 끝낸 장(`npm run progress`에서 완료)은 여러분의 파일을, 건너뛴 장은 해답을 씁니다 (scripts/lib/assembly.ts).
 * 어느 장을 어디서 가져왔는지는 테스트가 처음에 찍습니다.
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 띄운 클러스터는 끝에 `npm run cluster -- down`으로 멈춥니다.
 * 러너는 앞의 단위 테스트(cluster.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다. 테스트는 고치지 마세요.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { findChapter } from '../../../course/chapters.js';
import type { CourseTarget } from '../../../course/resolve.js';
import { assemblyEnv, assemblyFor } from '../../../scripts/lib/assembly.js';
import { freePortOffset } from '../../../scripts/lib/cluster/free-ports.js';
import { clusterFaults } from '../../../scripts/lib/seed-scenario/faults.js';
import {
  describePartitions,
  runSeedScenario,
  type ScenarioResult,
} from '../../../scripts/lib/seed-scenario/scenario.js';
import { renderSummary, verdict } from '../../../scripts/lib/seed-scenario/summary.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'chapter-11-'));
const target = (process.env.COURSE_TARGET || 'exercises') as CourseTarget;
const chapter = findChapter(11);
if (!chapter) throw new Error('11장이 없습니다');
const assembly = assemblyFor(chapter, target);
const MESSAGES = 600;
const KEYS = 20;

let clusterArgs: string[] = [];
let bootstrap = '';
/** 클러스터를 띄우지 못했다면 그 까닭 (감독의 마지막 로그가 들어 있습니다) */
let startFailure: Error | null = null;
let result: ScenarioResult | null = null;
const lines: string[] = [];

/** `npm run cluster -- …`를 이 테스트의 데이터 폴더와 포트로 돌립니다 */
function cluster(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cluster', '--', ...args], {
      cwd: root,
      env: {
        ...process.env,
        // 노드 프로세스가 11장의 모듈은 여러분의 것(또는 해답)으로, 1~10장은 조립한 대로 가져옵니다
        COURSE_CHAPTER: '11',
        COURSE_TARGET: target,
        COURSE_ASSEMBLY: assemblyEnv(assembly),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function clusterLog(): string {
  const file = path.join(dataDir, 'cluster.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function requireStarted(): void {
  if (startFailure) throw startFailure;
  if (!bootstrap) throw new Error('클러스터가 뜨지 않았습니다 (AssembledClusterStarts를 먼저 보세요)');
}

/**
 * 클러스터를 띄웁니다. beforeAll이 아니라 첫 테스트 안에서 부릅니다: 바쁜 기계에서 노드 셋이 뜨는 데 1분이 넘게 걸려도
 * 러너가 그것을 "테스트 하나가 도는 중"으로 알고 그 테스트의 시간 제한으로 기다리게 하려는 것입니다.
 */
async function launch(): Promise<void> {
  const from = (t: CourseTarget) =>
    assembly
      .filter((p) => p.target === t)
      .map((p) => p.chapter.number)
      .join(', ') || '없음';
  console.log(
    `조립한 브로커: 11장은 ${target}/, 여러분이 끝낸 장(${from('exercises')})은 exercises/, 나머지(${from('solutions')})는 solutions/에서 가져옵니다`,
  );
  const offset = await freePortOffset(dataDir);
  clusterArgs = [`--port-offset=${offset}`, '--data-dir', dataDir];
  const started = await cluster(['--detach', ...clusterArgs]);
  if (started.code !== 0) {
    startFailure = new Error(`npm run cluster -- --detach가 코드 ${started.code}로 끝났습니다:\n${started.output}`);
    return;
  }
  bootstrap = started.output.trim().split('\n').at(-1) ?? '';
}

afterAll(async () => {
  if (clusterArgs.length > 0) await cluster(['down', '--data-dir', dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('11장: 조립한 브로커 셋', () => {
  it('AssembledClusterStarts: 여러분의 코드로 조립한 노드 셋이 떠서 세 브로커 모두 클러스터에 보입니다', async () => {
    await launch();
    requireStarted();
    const log = clusterLog();
    expect(log, '노드가 11장의 모듈을 가져왔다고 알리지 않았습니다').toContain(
      `11장의 모듈 2개를 ${target}/11-cluster/src/에서 가져옵니다`,
    );
    const admin = new Kafka({
      clientId: 'chapter-11',
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      // --detach는 브로커마다 답할 때 끝나지만, 답한 브로커의 메타데이터가 다른 브로커의 등록(펜싱 풀림)을 아직 받지
      // 못했을 수 있습니다. 메타데이터 로그가 퍼질 때까지 60초 안에서 다시 묻습니다.
      let ids: number[] = [];
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        ids = (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort();
        if (ids.length === 3) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(ids).toEqual([1, 2, 3]);
    } finally {
      await admin.disconnect();
    }
  }, 300_000);

  it('SeedScenarioSurvivesKills: 파티션 리더와 활성 컨트롤러를 kill -9 해도 성공 응답을 받은 메시지를 두 그룹이 모두 키마다 순서대로 받습니다', async () => {
    requireStarted();
    result = await runSeedScenario({
      bootstrap,
      messages: MESSAGES,
      keys: KEYS,
      faults: clusterFaults(bootstrap, clusterArgs),
      log: (line) => {
        lines.push(line);
        console.log(line);
      },
    });
    const report = [...lines, ...renderSummary(result), verdict(result).line].join('\n');
    console.log([...renderSummary(result), verdict(result).line].join('\n'));
    expect(result.fault, report).not.toBeNull();
    expect(result.controllerFault, report).not.toBeNull();
    expect(result.check.violations, report).toEqual([]);
    expect(result.check.acked, report).toBeGreaterThan(0);
    for (const g of result.check.groups) expect(g.ackedReceived, `${g.group}\n${report}`).toBe(result.check.acked);
    expect(verdict(result).ok, report).toBe(true);
  }, 600_000);

  it('ClusterHealsAfterKills: 죽였던 노드가 돌아오면 모든 파티션의 ISR이 셋으로 돌아오고, 리더가 있으며, 두 그룹의 커밋이 끝까지 옵니다', async () => {
    requireStarted();
    if (!result) throw new Error('앞의 시나리오가 끝나지 않았습니다 (SeedScenarioSurvivesKills를 먼저 보세요)');
    const report = [...renderSummary(result), verdict(result).line].join('\n');
    expect(result.notes, report).toEqual([]);
    const admin = new Kafka({
      clientId: 'chapter-11',
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const partitions = await describePartitions(admin);
      expect(
        partitions.map((p) => ({ partition: p.partition, hasLeader: p.leader > 0, isr: [...p.isr].sort() })),
        report,
      ).toEqual([0, 1, 2].map((partition) => ({ partition, hasLeader: true, isr: [1, 2, 3] })));
      const { brokers } = await admin.describeCluster();
      expect(brokers.map((b) => b.nodeId).sort(), '돌아온 노드가 펜싱된 채입니다').toEqual([1, 2, 3]);
    } finally {
      await admin.disconnect();
    }
    for (const g of result.offsets) {
      expect(g.committed, `${g.group}\n${report}`).toEqual(result.partitions.map((p) => p.end));
    }
  }, 120_000);
});
