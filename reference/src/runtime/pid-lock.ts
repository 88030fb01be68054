/**
 * PID 잠금 파일: 한 번에 한 프로세스만 가지는 이름. Node에는 운영체제의 파일 잠금(Java의 `FileChannel.tryLock`)이
 * 없으므로, 잠금 파일에 가진 프로세스의 PID를 적고 그 프로세스가 살아 있는 동안 잠긴 것으로 봅니다. `kill -9`로 죽은
 * 프로세스의 잠금은 곧바로 다시 잡을 수 있습니다: 운영체제가 죽은 프로세스의 파일 잠금을 풀어 주는 것과 같습니다.
 *
 * 브로커의 로그 디렉터리 잠금(`broker.ts`)과, 시험이 자식 프로세스에게 줄 포트를 잡는 일(`scripts/lib/ports.ts`)이 씁니다.
 */
import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

export interface PidLockOptions {
  /** 이보다 오래된 잠금은 가진 프로세스가 살아 있어도 버려진 것으로 봅니다. 없으면 나이를 보지 않습니다. */
  readonly maxAgeMs?: number;
}

/**
 * `file`을 이 프로세스의 잠금으로 만듭니다. 이미 있으면, 가진 프로세스가 끝났거나 잠금이 `maxAgeMs`보다 오래되었을
 * 때만 가져옵니다. 가졌으면 true.
 *
 * PID를 쓴 임시 파일을 잠금 파일 이름으로 link합니다: link는 이름이 이미 있으면 EEXIST로 실패하므로 만들기와 내용
 * 쓰기가 한 번에 일어나고, 다른 쪽이 빈 잠금 파일을 읽는 순간이 없습니다.
 */
export function acquirePidLock(file: string, options: PidLockOptions = {}): boolean {
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(draft, String(process.pid));
  try {
    for (let tries = 0; tries < 2; tries++) {
      try {
        linkSync(draft, file);
        return true;
      } catch (error) {
        // EEXIST만 "누가 가졌음"입니다. 하드 링크를 못 만드는 파일 시스템 같은 다른 실패는 그대로 알립니다.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (!stale(file, options)) return false;
        rmSync(file, { force: true });
      }
    }
    return false;
  } finally {
    rmSync(draft, { force: true });
  }
}

export function releasePidLock(file: string): void {
  rmSync(file, { force: true });
}

/** 잠금을 가진 프로세스의 PID (읽을 수 없으면 null). 잠겼다고 알릴 때 씁니다. */
export function pidLockHolder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function stale(file: string, { maxAgeMs }: PidLockOptions): boolean {
  try {
    if (maxAgeMs !== undefined && Date.now() - statSync(file).mtimeMs > maxAgeMs) return true;
    const pid = pidLockHolder(file);
    if (pid === null) return true;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // 파일이 방금 사라졌거나(ENOENT) 그 PID의 프로세스가 없으면(ESRCH) 비었습니다. EPERM은 남의 살아 있는 프로세스입니다.
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}
