/**
 * 노드 하나를 `npm run broker`와 같은 프로세스(`reference/src/main.ts`)로 띄우고 멈추는 곳. `npm run cluster`와
 * `npm run quorum:up`이 함께 씁니다. `COURSE_CHAPTER`가 있으면 노드마다 그 장의 모듈이 여러분의 것으로 바뀝니다
 * (course/register.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { courseNodeArgs } from '../../../course/resolve.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** 노드를 띄웁니다. 표준 출력과 오류의 줄마다 `onLine`을 부릅니다 */
export function spawnNode(env: Readonly<Record<string, string>>, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [...courseNodeArgs(), path.join(root, 'reference/src/main.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onLine(line);
    });
    stream?.on('end', () => {
      if (rest !== '') onLine(rest);
      rest = '';
    });
  }
  return child;
}

/** 끝날 때까지 기다립니다 (이미 끝났으면 곧바로) */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * 깨끗한 종료: SIGSTOP으로 멈춘 노드는 깨우고(SIGCONT) SIGTERM을 보냅니다. 노드는 리더인 파티션을 넘기고 쿼럼에서
 * 물러난 뒤 끝납니다. `graceMs` 안에 끝나지 않은 노드는 SIGKILL.
 */
export async function stopNodes(children: readonly ChildProcess[], graceMs: number): Promise<void> {
  for (const child of children) {
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(children.map(exited));
  clearTimeout(timer);
}
