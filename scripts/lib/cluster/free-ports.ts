/**
 * 시험, 드릴과 강의 점검이 띄우는 `npm run cluster`의 포트 자리: 노드마다의 모든 포트(클라이언트, 컨트롤러, 프록시: `plan.ts`의
 * 배치)가 비어 있는 `--port-offset`을 고릅니다. 쓰는 곳마다 다른 구간을 주어, 돌고 있는 기본 클러스터(+100)나 서로와
 * 겹치지 않게 합니다.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { readCompose } from './compose.js';
import { planCluster, portsOf } from './plan.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** [from, from + span) 가운데 이 클러스터의 모든 포트가 비어 있는 offset (50번 뽑아 보고 없으면 던집니다) */
export async function freePortOffset(from: number, span: number, dataDir: string): Promise<number> {
  const services = readCompose(path.join(root, 'docker-compose.kraft.yml'));
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = from + Math.floor(Math.random() * span);
    const ports = planCluster(services, { offset: candidate, dataDir }).flatMap(portsOf);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return candidate;
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
