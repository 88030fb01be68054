/**
 * 드릴이 쓰는 `npm run cluster`: 학습자의 클러스터나 다른 시험과 겹치지 않게 자기 데이터 폴더와 빈 포트 자리
 * (`--port-offset`)로 `--detach` 띄우고, 감독의 제어 주소(`<데이터>/supervisor.json`)로 kill/stop/start/partition/heal을
 * 보내고 상태를 묻고, 끝나면 `down`으로 멈춥니다. 명령은 사람이 다른 터미널에서 `npm run cluster -- kill 2`로 보내는 것과
 * 같은 길을 지납니다.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { call, down, readRecord } from '../cluster/control.js';
import { freePortOffset } from '../cluster/free-ports.js';
import type { ClusterStatus } from '../cluster/status.js';
import type { SupervisorRecord } from '../cluster/supervisor.js';
import { everyBrokerKnows } from './final-log.js';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * 장애를 빨리 알아채도록 줄인 설정 (cluster-process 시험과 같은 값): 브로커 세션 3초, 하트비트 0.5초, 쿼럼 선거 1초.
 * 트랜잭션 시간 초과의 상한도 줄여, 죽은 프로듀서가 남긴 트랜잭션을 코디네이터가 빨리 어보트하게 합니다.
 */
export const DRILL_SETTINGS = [
  'KAFKA_BROKER_SESSION_TIMEOUT_MS=3000',
  'KAFKA_BROKER_HEARTBEAT_INTERVAL_MS=500',
  'KAFKA_CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS=1000',
  'KAFKA_CONTROLLER_QUORUM_FETCH_TIMEOUT_MS=2000',
  'KAFKA_REPLICA_FETCH_BACKOFF_MS=200',
];

/** 회복(heal, 모두 start) 뒤 클러스터가 온전해지기를 기다리는 최대 시간 */
const RESTORE_LIMIT_MS = 120_000;

export class DrillCluster {
  private constructor(
    readonly dataDir: string,
    readonly portOffset: number,
    readonly record: SupervisorRecord,
  ) {}

  get bootstrap(): string {
    return this.record.bootstrap;
  }

  /** 데이터를 지우고(`--fresh`) 뒤에서 띄웁니다. 준비되면(토픽을 만들 수 있으면) 돌아옵니다 */
  static async start(dataDir: string, log: (line: string) => void): Promise<DrillCluster> {
    await down(dataDir);
    const portOffset = await freePortOffset(dataDir);
    const args = [
      '--detach',
      '--fresh',
      '--data-dir',
      dataDir,
      `--port-offset=${portOffset}`,
      ...DRILL_SETTINGS.flatMap((s) => ['--set', s]),
    ];
    log(`클러스터를 띄웁니다: npm run cluster -- ${args.join(' ')}`);
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/cluster.ts'), ...args], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.stderr.on('data', (chunk) => (text += chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`클러스터를 띄우지 못했습니다 (코드 ${code})\n${text}`)),
      );
    });
    const record = readRecord(dataDir);
    if (!record) throw new Error(`감독 기록이 없습니다\n${output}`);
    return new DrillCluster(dataDir, portOffset, record);
  }

  /** 훈련 명령 하나 (`kill 2`, `partition 1 --from 2,3`…): 감독의 답 */
  async command(...args: string[]): Promise<string> {
    return (await call<{ message: string }>(this.record, 'POST', '/command', { args })).message;
  }

  /** 감독이 1초마다 새로 묻는 상태 (가장 최근 것) */
  status(): Promise<ClusterStatus> {
    return call<ClusterStatus>(this.record, 'GET', '/status');
  }

  /**
   * 모든 장애를 되돌립니다: 끊은 연결을 잇고, 꺼지거나 멈춘 노드를 다시 띄우거나 깨운 뒤, 활성 컨트롤러가 있고 브로커가
   * 모두 실행 중이고 `topics`의 모든 파티션에 리더가 있고 ISR이 복제본 전부이고, 브로커마다 그 토픽들을 알 때까지
   * 기다립니다.
   */
  async restore(topics: readonly string[]): Promise<void> {
    await this.command('heal');
    const deadline = Date.now() + RESTORE_LIMIT_MS;
    let last = '';
    for (;;) {
      const status = await this.status().catch(() => null);
      if (status) {
        for (const node of status.nodes) {
          if (node.process !== 'running') await this.command('start', String(node.id));
        }
        const partitions = status.partitions.filter((p) => topics.includes(p.topic));
        const whole =
          status.activeController !== null &&
          status.nodes.every((n) => n.broker === 'running') &&
          partitions.length === topics.length * 3 &&
          partitions.every((p) => p.leader >= 0 && p.isr.length === p.replicas.length);
        if (whole && (await everyBrokerKnows(this.bootstrap, topics))) return;
        last = `활성 컨트롤러 ${status.activeController ?? '없음'}, 브로커 ${status.nodes.map((n) => `${n.id}:${n.broker}`).join(' ')}, ISR ${partitions.map((p) => `${p.topic}-${p.partition}[${p.isr.join(',')}]`).join(' ')}`;
      }
      if (Date.now() > deadline) {
        throw new Error(`${RESTORE_LIMIT_MS / 1000}초 안에 클러스터가 온전해지지 않았습니다 (${last})`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** 감독과 노드를 모두 멈춥니다 */
  async stop(): Promise<void> {
    await down(this.dataDir);
  }
}
