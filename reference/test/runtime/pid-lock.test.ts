/**
 * PID 잠금 파일(runtime/pid-lock.ts): 한 번에 한 프로세스만, 끝난 프로세스의 잠금은 곧바로 다시, 나이 제한은 줄 때만.
 */
import { spawn } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquirePidLock, pidLockHolder, releasePidLock } from '../../src/runtime/pid-lock.js';
import { removeDir, tempDir } from '../e2e/support.js';

const dir = tempDir('pid-lock-');
afterAll(() => removeDir(dir));

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? -1;
}

describe('PID 잠금 파일', () => {
  it('먼저 잡은 쪽만 가지고, 잠금에는 그 PID가 적히며, 풀면 다시 잡을 수 있습니다', () => {
    const file = path.join(dir, 'a.lock');
    expect(acquirePidLock(file)).toBe(true);
    expect(pidLockHolder(file)).toBe(process.pid);
    expect(acquirePidLock(file)).toBe(false);
    releasePidLock(file);
    expect(existsSync(file)).toBe(false);
    expect(acquirePidLock(file)).toBe(true);
    releasePidLock(file);
  });

  it('kill -9로 끝난 프로세스나 읽을 수 없는 잠금은 곧바로 가져옵니다 (운영체제가 죽은 프로세스의 잠금을 풀듯)', async () => {
    const file = path.join(dir, 'b.lock');
    writeFileSync(file, String(await exitedPid()));
    expect(acquirePidLock(file)).toBe(true);
    expect(pidLockHolder(file)).toBe(process.pid);
    writeFileSync(file, 'not a pid');
    expect(acquirePidLock(file)).toBe(true);
    releasePidLock(file);
  });

  it('살아 있는 프로세스의 잠금은 오래되어도 그대로이고, maxAgeMs를 준 쪽만 그보다 오래된 잠금을 가져옵니다', () => {
    const file = path.join(dir, 'c.lock');
    writeFileSync(file, String(process.ppid));
    const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
    utimesSync(file, dayAgo, dayAgo);
    expect(acquirePidLock(file)).toBe(false);
    expect(acquirePidLock(file, { maxAgeMs: 60 * 60 * 1000 })).toBe(true);
    releasePidLock(file);
  });
});
