/**
 * 자식 프로세스에게 줄 포트(scripts/lib/ports.ts): 운영체제가 나가는 연결에 나눠 주는 임시 포트 구간 밖에서 고르고,
 * 같은 포트를 두 쪽이 갖지 않으며, 끝난 프로세스가 남긴 잠금은 다시 씁니다.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimPorts, ephemeralPortStart, LOCK_DIR, MIN_PORT, reservePorts } from '../lib/ports.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** 잠금도 listen도 없는 포트 하나 (시험이 직접 잠금 파일을 써 볼 자리) */
async function unclaimedPort(): Promise<number> {
  for (;;) {
    const port = MIN_PORT + Math.floor(Math.random() * (ephemeralPortStart() - MIN_PORT));
    if (await claimPorts([port])) {
      // 잡은 잠금을 지워, 시험이 그 자리에 남의 잠금을 써 봅니다.
      rmSync(path.join(LOCK_DIR, String(port)));
      return port;
    }
  }
}

function writeLock(port: number, pid: number): void {
  writeFileSync(path.join(LOCK_DIR, String(port)), String(pid));
}

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? -1;
}

describe('포트 고르기', () => {
  it('서로 다른 포트를 [10000, 임시 포트 구간) 안에서 고릅니다: 운영체제가 다른 연결의 로컬 포트로 줄 수 없는 자리', async () => {
    const ports = await reservePorts(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(MIN_PORT);
      expect(port).toBeLessThan(ephemeralPortStart());
    }
  });

  it('같은 포트를 두 번 잡지 않습니다: 함께 잡으려 하면 한쪽만, 묶음은 하나라도 남의 것이면 하나도 잡지 않습니다', async () => {
    const [held = 0] = await reservePorts(1);
    expect(await claimPorts([held])).toBe(false);
    // 묶음은 하나라도 남의 것이면 실패하고, 그 묶음에서 먼저 잡은 자리도 풉니다.
    const free = await unclaimedPort();
    expect(await claimPorts([free, held])).toBe(false);
    const results = await Promise.all([claimPorts([free]), claimPorts([free])]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('누가 listen하고 있는 포트는 잠금이 없어도 고르지 않습니다', async () => {
    const port = await unclaimedPort();
    writeLock(port, await exitedPid());
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    expect(await claimPorts([port])).toBe(false);
  });

  it('끝난 프로세스가 남긴 잠금은 다시 쓰고, 살아 있는 프로세스의 잠금은 두고 갑니다', async () => {
    const dead = await unclaimedPort();
    writeLock(dead, await exitedPid());
    expect(await claimPorts([dead])).toBe(true);

    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    cleanups.push(() => sleeper.kill('SIGKILL'));
    const held = await unclaimedPort();
    writeLock(held, sleeper.pid ?? -1);
    expect(await claimPorts([held])).toBe(false);
  });
});
