/**
 * `./scripts/test.sh` 그대로, 참조 클러스터(`npm run cluster`)에 대고 끝까지: 클러스터가 떠 있지 않으니 `--detach`로
 * 띄우고, 시나리오가 `npm run cluster -- kill N` / `start N`으로 파티션 0의 리더를 죽였다 살리고, 표와 통과 판정을 찍은 뒤
 * 띄운 클러스터를 `down`으로 멈춥니다. 다른 시험과 겹치지 않도록 빈 포트(`--port-offset`)와 임시 데이터 폴더를 씁니다.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortOffset } from '../lib/cluster/free-ports.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'seed-cluster-'));
const MESSAGES = 600;
/** compose의 호스트 포트(19092, 29092, 39092)에 더하는 값: 이 클러스터의 모든 포트가 비어 있는 값을 고릅니다 */
let portOffset = 0;
let clusterArgs = '';

beforeAll(async () => {
  portOffset = await freePortOffset(dataDir);
  clusterArgs = `--port-offset=${portOffset} --data-dir ${dataDir}`;
});

/** 시험이 중간에 실패해도 띄운 클러스터를 멈춥니다 (떠 있지 않으면 그냥 끝납니다) */
afterAll(() => {
  spawnSync('npm', ['run', '--silent', 'cluster', '--', 'down', '--data-dir', dataDir], { cwd: root, timeout: 60_000 });
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describe('scripts/test.sh against npm run cluster', () => {
  it('클러스터를 띄우고, 리더를 죽였다 살리는 시나리오의 표와 통과 판정을 보여 준 뒤, 띄운 클러스터를 멈추고 0으로 끝납니다', async () => {
    const { code, output } = await runTestScript(['--messages', String(MESSAGES), '--keys', '20']);
    const ports = [19092, 29092, 39092].map((p) => `127.0.0.1:${p + portOffset}`).join(',');
    expect(output, output).toContain(
      `참조 클러스터가 떠 있지 않아 띄웁니다 (npm run cluster -- --detach ${clusterArgs})`,
    );
    expect(output).toContain(`시드 시나리오: ${ports} (리더 죽이기: npm run cluster -- kill/start)`);
    expect(output).toMatch(/파티션 0의 리더인 브로커 [123][을를] 죽입니다 \(kill -9\)/);
    expect(output).toMatch(/브로커 [123][이가] 클러스터로 돌아왔습니다/);
    expect(output).toMatch(/활성 컨트롤러인 노드 [123][을를] 죽입니다 \(kill -9\)/);
    expect(output).toMatch(/노드 [123][이가] 클러스터로 돌아왔습니다/);
    expect(output).toMatch(/│ order-service\s+│ 600 \/ 600\s+│/);
    expect(output).toMatch(/│ notification-service\s+│ 600 \/ 600\s+│/);
    expect(output).toMatch(
      /판정: 통과 — 파티션 0의 리더 브로커 [123][을를] 죽였다 살렸고, 활성 컨트롤러 노드 [123][을를] 죽였다 살렸고, 두 그룹 모두 성공 응답을 받은 메시지 600개를/,
    );
    expect(output).toContain('띄웠던 참조 클러스터를 멈춥니다 (npm run cluster -- down)');
    expect(code).toBe(0);
    // 멈춘 뒤에는 감독이 없습니다
    const status = spawnSync('npm', ['run', '--silent', 'cluster', '--', 'status', '--data-dir', dataDir], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(status.status).toBe(1);
  }, 600_000);
});

function runTestScript(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CLUSTER_ARGS: clusterArgs, NO_COLOR: '1' };
    delete env.BOOTSTRAP_SERVERS;
    const child = spawn('bash', ['scripts/test.sh', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
