/**
 * 12장 끝에서 끝까지 테스트의 도구: 앱(reference/src/patterns/main.ts)을 진짜 자식 프로세스로 띄우고, 죽이고, 기다립니다.
 * 자식은 `COURSE_CHAPTER=12`로 떠서 이 장의 모듈을 여러분의 파일(src/)에서 가져옵니다 (course/register.ts).
 * 스타터인지 해답인지(COURSE_TARGET)는 vitest 프로젝트가 정해 둔 값을 물려받습니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { courseNodeArgs } from '../../../course/resolve.js';

const root = path.resolve(import.meta.dirname, '../../..');

export interface App {
  readonly child: ChildProcess;
  /** 지금까지 찍힌 표준 출력과 표준 오류 */
  output(): string;
  /** 프로세스가 끝날 때: 끝낸 신호(`SIGKILL`) 또는 종료 코드 */
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

export function startApp(args: readonly string[], env: Record<string, string> = {}): App {
  const child = spawn(
    process.execPath,
    [...courseNodeArgs(), path.join(root, 'reference/src/patterns/main.ts'), ...args],
    {
      cwd: root,
      env: { ...process.env, COURSE_CHAPTER: '12', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output: () => out, exited };
}

/** 끝나지 않은 앱을 PID로 `kill -9` 하고 끝날 때까지 기다립니다. */
export async function killApp(app: App): Promise<void> {
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  await app.exited;
}

/** 앱이 `timeoutMs` 안에 끝나면 그 신호나 종료 코드, 아니면 'running' */
export async function exitWithin(app: App, timeoutMs: number): Promise<NodeJS.Signals | number | null | 'running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'running'>((resolve) => {
    timer = setTimeout(() => resolve('running'), timeoutMs);
  });
  try {
    return await Promise.race([app.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `condition`이 참이 될 때까지 기다립니다. 앱이 먼저 끝나거나 `timeoutMs`가 지나면 그동안의 출력과 함께 실패합니다. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  apps: readonly App[] = [],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    const dead = apps.find((a) => a.child.exitCode !== null);
    if (dead) throw new Error(`${what}: 앱이 먼저 끝났습니다 (code ${dead.child.exitCode}):\n${dead.output()}`);
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: ${timeoutMs / 1000}초 안에 되지 않았습니다.\n${apps.map((a) => a.output()).join('\n---\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** 그룹이 토픽의 모든 파티션을 끝까지 커밋했는가 (lag 0) */
export async function caughtUp(client: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = client.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every(
      (end) =>
        Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1) >= Number(end.high),
    );
  } finally {
    await admin.disconnect();
  }
}
