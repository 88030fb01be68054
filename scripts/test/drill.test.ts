/**
 * `npm run drill` 그대로: 진짜 프로세스의 클러스터를 띄워 씨앗 1–10의 장애 일정을 걸고, 표와 판정(이상 0)을 찍은 뒤
 * 클러스터를 내리고 0으로 끝나는지. 그리고 그 실행이 남긴 진짜 역사에서 성공 응답을 받은 레코드 하나를 그룹의 읽기에서
 * 지우면, 검사기가 그것을 잡고 표가 그 일정을 다시 돌리는 명령과 함께 보여 주는지 (검사기가 진짜 역사에서도 눈을 뜨고
 * 있다는 것). 학습자의 클러스터나 다른 시험과 겹치지 않게 임시 데이터 폴더와 빈 포트 자리를 씁니다 (cluster.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkReplicationHistory,
  type FinalPartition,
  type HistoryOp,
} from '../../reference/src/sim/replication-checker.js';
import { renderReport } from '../lib/drill/report.js';
import type { ScheduleResult } from '../lib/drill/run.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'drill-'));
const dataDir = path.join(work, 'cluster');
const saveDir = path.join(work, 'histories');
const SCHEDULES = 10;

afterAll(() => {
  spawnSync('npm', ['run', '--silent', 'cluster', '--', 'down', '--data-dir', dataDir], { cwd: root, timeout: 60_000 });
  rmSync(work, { recursive: true, force: true });
}, 90_000);

describe('npm run drill', () => {
  it(`일정 ${SCHEDULES}개를 진짜 프로세스에 걸고, 이상 0의 표를 찍고, 클러스터를 내린 뒤 0으로 끝납니다`, async () => {
    const { code, output } = await runDrill([
      '--schedules',
      String(SCHEDULES),
      '--data-dir',
      dataDir,
      '--save',
      saveDir,
    ]);
    expect(output, output).toContain(`일정 ${SCHEDULES}개를 돌립니다`);
    for (let seed = 1; seed <= SCHEDULES; seed++) {
      expect(output).toContain(`다시 돌리기: npm run drill -- --seed ${seed}`);
    }
    // 합계 줄: 일정 수, 장애 종류마다의 수, send/ack/poll/commit, 모름, 이상 0
    const total =
      /│ 합계 10\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)\s+│ \d+\s+│ 0\s+│/.exec(
        output,
      );
    expect(total, output).not.toBeNull();
    const [kill = 0, pause = 0, partition = 0, isolate = 0, sends = 0, acks = 0, polls = 0, commits = 0] = (
      total as RegExpExecArray
    )
      .slice(1)
      .map(Number);
    expect(kill + pause + partition + isolate).toBeGreaterThanOrEqual(SCHEDULES);
    expect(sends).toBeGreaterThan(0);
    expect(acks).toBeGreaterThan(0);
    expect(polls).toBeGreaterThan(0);
    expect(commits).toBeGreaterThan(0);
    expect(output).toMatch(/판정: 통과 — 일정 10개, 장애 \d+번, 이상 0/);
    expect(code).toBe(0);
    expect(readdirSync(saveDir)).toHaveLength(SCHEDULES);
  }, 600_000);

  it('진짜 역사에서 성공한 레코드 하나를 그룹의 읽기에서 지우면, 검사기가 잡고 표가 다시 돌리는 명령을 보여 줍니다', () => {
    const saved = readdirSync(saveDir).map(
      (file) =>
        JSON.parse(readFileSync(path.join(saveDir, file), 'utf8')) as {
          seed: number;
          history: HistoryOp[];
          logs: FinalPartition[];
        },
    );
    const { seed, history, logs } =
      saved.find((s) => s.history.some((op) => op.kind === 'ack')) ?? (saved[0] as (typeof saved)[number]);
    expect(checkReplicationHistory(history, logs)).toEqual([]);
    // 멱등 토픽의 성공한 쓰기 하나: 그 값을 읽은 기록을 모두 지웁니다 (그룹의 어느 멤버도 받지 못한 것처럼)
    const ack = history.find((op) => op.kind === 'ack' && op.txn === undefined);
    if (ack?.kind !== 'ack') throw new Error('성공한 쓰기가 없습니다');
    const doctored = history.filter((op) => !(op.kind === 'read' && op.value === ack.value));
    const anomalies = checkReplicationHistory(doctored, logs);
    expect(anomalies.length).toBeGreaterThan(0);
    expect(anomalies.every((a) => a.partition === ack.partition)).toBe(true);
    expect(anomalies.some((a) => (a.kind === 'PollSkip' || a.kind === 'Unseen') && a.detail.includes(ack.value))).toBe(
      true,
    );
    const result: ScheduleResult = {
      seed,
      durationMs: 0,
      faults: { kill: 0, pause: 0, partition: 0, 'isolate-controller': 0 },
      faultLines: [],
      counts: { sends: 0, acks: 0, polls: 0, commits: 0 },
      indeterminate: 0,
      anomalies,
      phases: '',
      error: null,
      history: doctored,
      logs,
    };
    const report = stripVTControlCharacters(renderReport([result], 0).join('\n'));
    expect(report).toContain(`씨앗 ${seed}: `);
    expect(report).toContain(ack.value);
    expect(report).toContain(`다시 돌리기: npm run drill -- --seed ${seed}`);
  });
});

function runDrill(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'drill', '--', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
