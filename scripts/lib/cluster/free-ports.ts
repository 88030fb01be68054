/**
 * 시험, 드릴과 강의 점검이 띄우는 `npm run cluster`의 포트 자리: 노드마다의 모든 포트(클라이언트, 컨트롤러, 프록시: `plan.ts`의
 * 배치, 그리고 `--sasl-ssl`의 SASL_SSL 포트)가 비어 있는 `--port-offset`을 고릅니다.
 *
 * 고르는 구간은 운영체제의 임시 포트(ephemeral port) 구간 아래입니다. 그 구간의 포트는 운영체제가 나가는 연결의 로컬 포트로
 * 아무 때나 나눠 주므로, 고를 때 비어 있던 포트를 다른 시험의 클라이언트 소켓이 노드가 뜨기 전에 가져갈 수 있습니다
 * (CI에서 39092 + offset 자리의 컨트롤러 포트가 EADDRINUSE로 실패했습니다). 그 아래의 포트는 누군가 일부러 listen할 때만 찹니다.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { readCompose } from './compose.js';
import { planCluster, portsOf } from './plan.js';
import { HOST_PORT_STEP } from './sasl-ssl.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** 리눅스는 ip_local_port_range(기본 32768–60999)를, macOS와 Windows는 49152부터를 임시 포트로 씁니다 */
function ephemeralPortStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Math.min(Number(low), 32_768);
  } catch {
    return 32_768;
  }
}

/**
 * [minPort, 임시 포트 구간) 안에서 이 클러스터의 모든 포트가 비어 있는 offset (50번 뽑아 보고 없으면 던집니다).
 * 출력의 포트를 숫자로 찾아 바꾸는 강의 점검은 minPort를 10000으로 올려, 포트가 "3000개" 같은 네 자리 수와 겹치지 않게 합니다.
 */
export async function freePortOffset(dataDir: string, minPort = 1024): Promise<number> {
  const services = readCompose(path.join(root, 'docker-compose.kraft.yml'));
  const portsAt = (offset: number) =>
    planCluster(services, { offset, dataDir }).flatMap((node) => [...portsOf(node), node.clientPort + HOST_PORT_STEP]);
  const atZero = portsAt(0);
  const lowest = minPort - Math.min(...atZero);
  const highest = ephemeralPortStart() - 1 - Math.max(...atZero);
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = lowest + Math.floor(Math.random() * (highest - lowest + 1));
    if ((await Promise.all(portsAt(candidate).map(portIsFree))).every(Boolean)) return candidate;
  }
  throw new Error('빈 포트 묶음을 찾지 못했습니다');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
