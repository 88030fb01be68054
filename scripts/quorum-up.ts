/**
 * `npm run quorum:up`: 노드 셋으로 된 KRaft 쿼럼을 이 컴퓨터의 루프백에 띄웁니다. 노드마다 `npm run broker`와 같은
 * 프로세스(`reference/src/main.ts`)를 하나씩, apache/kafka 이미지와 같은 `KAFKA_*` 환경 변수로 띄웁니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 세 노드는 같은 CLUSTER_ID로 포맷되고(`kafka-storage.sh format --cluster-id`에 해당), 서로를
 * `controller.quorum.voters=1@127.0.0.1:19093,2@127.0.0.1:29093,3@127.0.0.1:39093`로 압니다. 다른 터미널에서
 * `npm run quorum -- --bootstrap-controller 127.0.0.1:19093,127.0.0.1:29093,127.0.0.1:39093 --replication`으로
 * 쿼럼을 보고, `kill -9 <PID>`로 리더를 죽여 새 리더가 서는 것을 봅니다. 노드마다 찍는 첫 줄과
 * `data/quorum-N.pid`에 PID가 있습니다. 데이터 폴더는 명령을 실행한 폴더(npm run은 저장소 루트)의 `data/` 아래입니다.
 *
 * Ctrl+C를 누르면 세 노드에 SIGTERM을 보내고 모두 끝나기를 기다립니다 (끝나지 않는 노드는 10초 뒤 SIGKILL).
 * 노드를 띄우고 멈추는 코드는 `npm run cluster`와 같습니다(scripts/lib/cluster/node-process.ts). compose 파일의 세 노드를
 * 프록시와 상태 화면까지 갖춰 띄우려면 `npm run cluster`를 씁니다.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { spawnNode, stopNodes } from './lib/cluster/node-process.js';
import { quorumNodeEnv } from './lib/quorum.js';

const USAGE = `노드 셋으로 된 KRaft 쿼럼을 이 컴퓨터의 루프백에 띄웁니다 (Ctrl+C로 모두 멈춤).
  npm run quorum:up                         브로커+컨트롤러 셋 (process.roles=broker,controller)
  npm run quorum:up -- --roles controller   컨트롤러만 셋
  npm run quorum:up -- --fresh              데이터(data/quorum-N)를 지우고 처음부터
  COURSE_CHAPTER=9 npm run quorum:up        노드마다 9장의 모듈을 여러분의 스타터(exercises/)로 (course/register.ts)
  npm run quorum:up -- --ports 19092:19093,29092:29093,39092:39093   노드마다 브로커:컨트롤러 포트 (기본값)

  노드 N   브로커 리스너 127.0.0.1:N9092, 컨트롤러 리스너 127.0.0.1:N9093, 데이터 data/quorum-N, PID data/quorum-N.pid`;

const { values } = readCommandLine(USAGE, {
  options: {
    roles: { type: 'string', default: 'broker,controller' },
    fresh: { type: 'boolean', default: false },
    ports: { type: 'string', default: '19092:19093,29092:29093,39092:39093' },
  },
});

const IDS = [1, 2, 3] as const;
const ports = parsePorts(values.ports);
const voters = IDS.map((id, i) => `${id}@127.0.0.1:${ports[i]?.controller}`).join(',');
const children = new Map<number, ChildProcess>();
const cwd = process.cwd();
mkdirSync(path.join(cwd, 'data'), { recursive: true });

for (const [i, id] of IDS.entries()) {
  const dir = path.join(cwd, 'data', `quorum-${id}`);
  const pidFile = `${dir}.pid`;
  if (values.fresh) rmSync(dir, { recursive: true, force: true });
  const prefix = `[노드 ${id}] `;
  const child = spawnNode(
    { ...quorumNodeEnv(id, values.roles, ports[i] as NodePorts, voters), KAFKA_LOG_DIRS: dir },
    (line) => console.log(prefix + line),
  );
  children.set(id, child);
  writeFileSync(pidFile, `${child.pid}\n`);
  console.log(`${prefix}PID ${child.pid}, 데이터 ${path.relative(cwd, dir)}`);
  child.once('exit', (code, signal) => {
    rmSync(pidFile, { force: true });
    console.log(`${prefix}끝났습니다 (${signal ?? `code ${code}`})`);
    children.delete(id);
    if (children.size === 0) process.exit(0);
  });
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('세 노드를 멈춥니다 (SIGTERM)');
  void stopNodes([...children.values()], 10_000);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

interface NodePorts {
  readonly broker: number;
  readonly controller: number;
}

/** `19092:19093,29092:29093,39092:39093` → 노드 1, 2, 3의 브로커·컨트롤러 포트 */
function parsePorts(text: string): NodePorts[] {
  const pairs = text.split(',').map((pair) => pair.split(':').map(Number));
  const valid = (n: number | undefined) => Number.isInteger(n) && (n as number) > 0 && (n as number) < 65536;
  if (pairs.length !== IDS.length || pairs.some(([b, c, ...rest]) => !valid(b) || !valid(c) || rest.length > 0)) {
    exitWithUsage(
      USAGE,
      `--ports는 노드 셋의 "브로커:컨트롤러" 포트를 쉼표로 잇습니다 (예: 19092:19093,29092:29093,39092:39093): ${text}`,
    );
  }
  return pairs.map(([broker, controller]) => ({ broker: broker as number, controller: controller as number }));
}
