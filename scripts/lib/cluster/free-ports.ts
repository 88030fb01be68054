/**
 * 시험, 드릴과 강의 점검이 띄우는 `npm run cluster`의 포트 자리: 노드마다의 모든 포트(클라이언트, 컨트롤러, 프록시: `plan.ts`의
 * 배치, 그리고 `--sasl-ssl`의 SASL_SSL 포트)가 비어 있는 `--port-offset`을 골라 그 포트들을 잡습니다.
 *
 * 포트를 고르고 잡는 규칙(임시 포트 구간 아래, 잠금 파일)은 `../ports.ts`의 것입니다.
 */
import path from 'node:path';
import { claimPorts, ephemeralPortStart, MIN_PORT } from '../ports.js';
import { readCompose } from './compose.js';
import { planCluster, portsOf } from './plan.js';
import { HOST_PORT_STEP } from './sasl-ssl.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** [MIN_PORT, 임시 포트 구간) 안에서 이 클러스터의 모든 포트를 잡은 offset (50번 뽑아 보고 없으면 던집니다) */
export async function freePortOffset(dataDir: string): Promise<number> {
  const services = readCompose(path.join(root, 'docker-compose.kraft.yml'));
  const portsAt = (offset: number) =>
    planCluster(services, { offset, dataDir }).flatMap((node) => [...portsOf(node), node.clientPort + HOST_PORT_STEP]);
  const atZero = portsAt(0);
  const lowest = MIN_PORT - Math.min(...atZero);
  const highest = ephemeralPortStart() - 1 - Math.max(...atZero);
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = lowest + Math.floor(Math.random() * (highest - lowest + 1));
    if (await claimPorts(portsAt(candidate))) return candidate;
  }
  throw new Error('빈 포트 묶음을 찾지 못했습니다');
}
