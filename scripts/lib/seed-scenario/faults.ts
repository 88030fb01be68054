/**
 * 시나리오 도중 파티션 리더를 죽였다 살리는 방법을 대상에 맞춰 고릅니다. 손잡이의 모양은 비교 모음의 `Faults`
 * (`kill(nodeId)`, `start(nodeId)`: 다시 띄운 노드를 클러스터가 브로커로 다시 알 때까지 기다림) 그대로입니다.
 * - 참조 클러스터(`npm run cluster`): `npm run cluster -- kill N` / `start N`
 * - 진짜 Kafka(`docker-compose.kraft.yml`): `docker compose -f docker-compose.kraft.yml kill kafka-N` / `start kafka-N`
 * - 주소만 받은 다른 클러스터: 죽일 방법이 없으므로 null (시나리오는 죽이기를 건너뛰었다고 적습니다)
 */

import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { josa } from '../../../reference/src/server/josa.js';
import type { Faults } from '../../../reference/test/parity/targets.js';

export type { Faults };

const root = path.resolve(import.meta.dirname, '../../..');

/** `npm run cluster`가 클라이언트에게 여는 주소 (compose의 호스트 포트 + 100) */
export const REFERENCE_CLUSTER = '127.0.0.1:19192,127.0.0.1:29192,127.0.0.1:39192';
/** docker-compose.kraft.yml의 진짜 Kafka가 호스트에 여는 주소 */
export const COMPOSE_CLUSTER = '127.0.0.1:19092,127.0.0.1:29092,127.0.0.1:39092';
export const COMPOSE_FILE = 'docker-compose.kraft.yml';

export type FaultsKind = 'cluster' | 'compose' | 'none';

/** 다시 띄운 노드가 브로커로 돌아오기까지 기다리는 최대 시간 */
const RETURN_LIMIT_MS = 120_000;

/** 주소로 대상을 알아봅니다. 두 알려진 클러스터가 아니면 죽일 방법이 없습니다. */
export function faultsKindFor(bootstrap: string): FaultsKind {
  const normalized = bootstrap.split(',').map((a) => a.trim().replace(/^localhost:/, '127.0.0.1:'));
  const same = (known: string) => {
    const wanted = known.split(',');
    return normalized.length === wanted.length && normalized.every((a) => wanted.includes(a));
  };
  if (same(REFERENCE_CLUSTER)) return 'cluster';
  if (same(COMPOSE_CLUSTER)) return 'compose';
  return 'none';
}

/** `clusterArgs`: 그 클러스터를 띄울 때 준 인자 (예: 감독을 찾는 `--data-dir`) */
export function clusterFaults(bootstrap: string, clusterArgs: readonly string[] = []): Faults {
  return commandFaults(bootstrap, (verb, nodeId) => [
    'npm',
    ['run', '--silent', 'cluster', '--', verb, String(nodeId), ...clusterArgs],
  ]);
}

export function composeFaults(bootstrap: string): Faults {
  return commandFaults(bootstrap, (verb, nodeId) => [
    'docker',
    ['compose', '-f', COMPOSE_FILE, verb, `kafka-${nodeId}`],
  ]);
}

export function faultsFor(kind: FaultsKind, bootstrap: string, clusterArgs: readonly string[] = []): Faults | null {
  if (kind === 'cluster') return clusterFaults(bootstrap, clusterArgs);
  if (kind === 'compose') return composeFaults(bootstrap);
  return null;
}

/** compose 프로젝트의 kafka-1 컨테이너가 떠 있는지 (docker가 없으면 false) */
export function composeRunning(): boolean {
  const ps = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, 'ps', '-q', 'kafka-1'], {
    cwd: root,
    encoding: 'utf8',
  });
  return ps.status === 0 && ps.stdout.trim().length > 0;
}

function commandFaults(
  bootstrap: string,
  command: (verb: 'kill' | 'start', nodeId: number) => [string, string[]],
): Faults {
  return {
    kill: (nodeId) => run(...command('kill', nodeId)),
    start: async (nodeId) => {
      await run(...command('start', nodeId));
      await waitForBroker(bootstrap, nodeId);
    },
  };
}

/** 저장소 루트에서 명령 하나를 돌립니다. 실패하면 그 출력과 함께 던집니다. */
function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${josa(`${file} ${args.join(' ')}`, '이/가')} 코드 ${code}로 끝났습니다\n${output}`)),
    );
  });
}

/** 다시 띄운 노드를 클러스터가 브로커로 알 때까지 (Metadata의 브로커 목록에는 펜싱이 풀린 브로커만 나옵니다) */
export function waitForBroker(bootstrap: string, nodeId: number): Promise<void> {
  return waitForListing(bootstrap, nodeId, true);
}

/**
 * 죽인 노드를 활성 컨트롤러가 펜싱해 브로커 목록에서 뺄 때까지 (세션 `broker.session.timeout.ms`, 기본 9초). 펜싱되기
 * 전에 다시 띄우면 목록에는 옛 등록이 그대로 보여 "돌아왔다"와 구별되지 않고, 새 프로세스의 등록은 옛 세션이 끝날
 * 때까지 DUPLICATE_BROKER_REGISTRATION으로 거절됩니다 (Kafka `ClusterControlManager.registerBroker`). 그 사이에 본
 * ISR은 곧 줄어들 옛 ISR입니다.
 */
export function waitForFenced(bootstrap: string, nodeId: number): Promise<void> {
  return waitForListing(bootstrap, nodeId, false);
}

async function waitForListing(bootstrap: string, nodeId: number, listed: boolean): Promise<void> {
  const deadline = Date.now() + RETURN_LIMIT_MS;
  const kafka = new Kafka({ clientId: 'seed-test-probe', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  for (;;) {
    const admin = kafka.admin();
    const done = await admin
      .connect()
      .then(() => admin.describeCluster())
      .then(({ brokers }) => brokers.some((b) => b.nodeId === nodeId) === listed)
      .catch(() => false)
      .finally(() => admin.disconnect());
    if (done) return;
    if (Date.now() > deadline) {
      const what = listed ? '브로커로 돌아오지 않았습니다' : '펜싱되지 않았습니다';
      throw new Error(`노드 ${josa(nodeId, '이/가')} ${RETURN_LIMIT_MS / 1000}초 안에 ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
