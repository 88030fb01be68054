/**
 * 시험과 도구가 자식 프로세스(브로커, 쿼럼 노드, 클러스터)에게 미리 정해 주는 포트를 고르는 곳은 여기 하나입니다.
 *
 * 두 가지 경쟁을 막습니다.
 * - 운영체제의 임시 포트(ephemeral port) 구간: 운영체제는 그 구간의 포트를 나가는 연결의 로컬 포트로 아무 때나 나눠 줍니다.
 *   `listen(0)`으로 얻은 빈 포트를 닫고 자식에게 넘기면, 자식이 listen하기 전에 다른 시험의 클라이언트 소켓이 그 포트를
 *   가져갈 수 있습니다 (CI에서 자식 브로커가 EADDRINUSE로 끝났습니다). 그래서 그 구간 아래에서만 고릅니다. 그 아래의 포트는
 *   누군가 일부러 listen할 때만 찹니다.
 * - 같은 시각에 포트를 고르는 다른 시험: vitest는 시험 파일들을 한 프로세스의 여러 스레드에서 함께 돌리므로, 둘이 같은 빈
 *   포트를 고를 수 있습니다. 고른 포트마다 임시 디렉터리에 PID 잠금 파일(reference/src/runtime/pid-lock.ts)을 만들어 먼저 만든 쪽만 갖습니다.
 *   잠금은 만든 프로세스가 끝났거나 두 시간이 지나면 다른 쪽이 가져갑니다 (시험 하나가 포트를 그렇게 오래 쓰지 않습니다).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquirePidLock, releasePidLock } from '../../reference/src/runtime/pid-lock.js';

export const LOCK_DIR = path.join(tmpdir(), 'kafka-course-ports');
const LOCK_MAX_AGE_MS = 2 * 60 * 60 * 1000;
/** 출력의 포트를 숫자로 찾아 바꾸는 강의 점검에서 포트가 "3000개" 같은 네 자리 수와 겹치지 않도록 다섯 자리부터 고릅니다 */
export const MIN_PORT = 10_000;

/** 리눅스는 ip_local_port_range(기본 32768–60999)를, macOS와 Windows는 49152부터를 임시 포트로 씁니다 */
export function ephemeralPortStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Math.min(Number(low), 32_768);
  } catch {
    return 32_768;
  }
}

/** 서로 다른 빈 포트 `count`개를 [MIN_PORT, 임시 포트 구간)에서 잡아 돌려줍니다 */
export async function reservePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const end = ephemeralPortStart();
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt >= 200 + count) throw new Error(`빈 포트 ${count}개를 찾지 못했습니다`);
    const candidate = MIN_PORT + Math.floor(Math.random() * (end - MIN_PORT));
    if (await claimPorts([candidate])) ports.push(candidate);
  }
  return ports;
}

export async function reservePort(): Promise<number> {
  const [port = 0] = await reservePorts(1);
  return port;
}

/**
 * 정해진 포트를 모두 잡거나(true), 하나라도 남이 잡았거나 listen할 수 없으면 하나도 잡지 않습니다(false).
 * 클러스터처럼 포트들이 서로 정해진 간격으로 놓이는 묶음을 고를 때 씁니다 (cluster/free-ports.ts).
 */
export async function claimPorts(ports: readonly number[]): Promise<boolean> {
  mkdirSync(LOCK_DIR, { recursive: true });
  const locked: number[] = [];
  const release = () => {
    for (const port of locked) releasePidLock(lockFile(port));
  };
  for (const port of ports) {
    if (!acquirePidLock(lockFile(port), { maxAgeMs: LOCK_MAX_AGE_MS })) {
      release();
      return false;
    }
    locked.push(port);
  }
  if ((await Promise.all(ports.map(canListen))).every(Boolean)) return true;
  release();
  return false;
}

function lockFile(port: number): string {
  return path.join(LOCK_DIR, String(port));
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
