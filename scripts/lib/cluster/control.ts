/**
 * 다른 터미널에서 떠 있는 감독에게 말하기: `<데이터>/supervisor.json`의 제어 주소로 명령을 보내고, `down`이면 감독을
 * 멈추고 적힌 PID들이 모두 사라질 때까지 기다립니다.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { RECORD_FILE, type SupervisorRecord } from './supervisor.js';

export function readRecord(dataDir: string): SupervisorRecord | null {
  const file = path.join(dataDir, RECORD_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SupervisorRecord;
  } catch {
    return null;
  }
}

/** PID의 프로세스가 아직 있는지 (신호 0은 보내지 않고 확인만 합니다) */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** 감독이 떠 있으면 그 기록, 아니면 null (감독이 죽으며 남긴 기록은 지웁니다) */
export function runningSupervisor(dataDir: string): SupervisorRecord | null {
  const record = readRecord(dataDir);
  if (record && isAlive(record.pid)) return record;
  return null;
}

export async function call<T>(
  record: SupervisorRecord,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${record.control}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

/**
 * 떠 있는 클러스터를 멈춥니다: 감독에게 /shutdown을 보내고(노드에 SIGTERM, 끝나지 않으면 SIGKILL), 감독과 노드의 PID가
 * 모두 사라지기를 `boundMs`까지 기다립니다. 감독이 답하지 않으면 적힌 PID들에 직접 SIGTERM, 그래도 남으면 SIGKILL.
 * 멈춘 것이 있으면 true.
 */
export async function down(dataDir: string, boundMs = 40_000): Promise<boolean> {
  const record = readRecord(dataDir);
  if (!record) return false;
  const pids = [record.pid, ...Object.values(record.nodes).filter((pid): pid is number => pid !== null)];
  const alive = () => pids.filter(isAlive);
  if (alive().length === 0) {
    rmSync(path.join(dataDir, RECORD_FILE), { force: true });
    return false;
  }
  const asked = await call(record, 'POST', '/shutdown').then(
    () => true,
    () => false,
  );
  if (!asked) for (const pid of alive()) signal(pid, 'SIGTERM');
  const deadline = Date.now() + boundMs;
  while (alive().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const pid of alive()) {
    signal(pid, 'SIGCONT');
    signal(pid, 'SIGKILL');
  }
  rmSync(path.join(dataDir, RECORD_FILE), { force: true });
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // 그 사이에 끝났습니다.
  }
}
