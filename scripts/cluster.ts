/**
 * `npm run cluster`: 과정의 기준 구성(브로커+컨트롤러 노드 셋, KRaft)을 Docker도 JVM도 없이 이 컴퓨터의 루프백에
 * 띄웁니다. 노드 ID, 역할, 리스너, 광고 주소, 쿼럼 투표자와 모든 `KAFKA_*` 설정은 docker-compose.kraft.yml에서 읽습니다.
 * 사용법은 아래 USAGE에 있습니다.
 *
 * 클라이언트는 127.0.0.1:19192, 29192, 39192(compose의 호스트 포트 + 100)로 곧바로 붙습니다. 노드끼리의 연결
 * (컨트롤러 쿼럼, 브로커 → 컨트롤러, 복제)은 노드마다의 루프백 프록시를 지납니다. 포트 배치는 scripts/lib/cluster/plan.ts,
 * SASL_SSL 리스너는 scripts/lib/cluster/sasl-ssl.ts.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { readCompose } from './lib/cluster/compose.js';
import { call, down, runningSupervisor } from './lib/cluster/control.js';
import { planCluster } from './lib/cluster/plan.js';
import { ensureCertificates, withSaslSslListener } from './lib/cluster/sasl-ssl.js';
import { type ClusterStatus, renderStatus } from './lib/cluster/status.js';
import { SUPERVISOR_COMMANDS, Supervisor } from './lib/cluster/supervisor.js';
import { ClusterView } from './lib/cluster/view.js';

const root = path.resolve(import.meta.dirname, '..');

const USAGE = `과정의 기준 구성(브로커+컨트롤러 노드 셋, KRaft)을 이 컴퓨터의 루프백에 띄웁니다.
  npm run cluster                      띄우고 로그와 상태를 봅니다 (Ctrl+C로 모두 멈춤, 다음에는 같은 데이터로 이어서)
  npm run cluster -- --fresh           데이터(data/cluster/<노드>)를 지우고 처음부터
  npm run cluster -- --detach          뒤에서 띄우고, 토픽을 만들 수 있을 때까지 기다린 뒤 부트스트랩 주소를 찍고 끝납니다
  npm run cluster -- down              떠 있는 클러스터를 멈춥니다 (없으면 그냥 끝납니다)
  npm run cluster -- kill 2            노드 2에 SIGKILL          stop 2    SIGSTOP (멈춤)
  npm run cluster -- start 2           꺼진 노드를 다시 띄우거나 멈춘 노드를 깨웁니다 (SIGCONT)
  npm run cluster -- partition 1 --from 2,3   노드 1과 2, 3 사이의 연결을 끊습니다 (--from이 없으면 나머지 모두)
  npm run cluster -- heal              끊은 연결을 모두 잇습니다
  npm run cluster -- status            상태 한 번

  --data-dir DIR     데이터와 감독 기록(supervisor.json)의 폴더 (기본 data/cluster)
  --port-offset N    compose의 호스트 포트에 더할 값 (기본 100)
  --set KAFKA_X=Y    compose의 설정 위에 얹기 (여러 번)
  --compose FILE     compose 파일 (기본 docker-compose.kraft.yml)
  --sasl-ssl         노드마다 SASL_SSL 리스너를 더합니다: 127.0.0.1:19197, 29197, 39197 (TLS + PLAIN·SCRAM,
                     사용자 admin/admin-secret, alice/alice-secret, CA는 data/certs/ca.pem)`;

const { values, positionals } = readCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    fresh: { type: 'boolean', default: false },
    detach: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: path.join('data', 'cluster') },
    'port-offset': { type: 'string', default: '100' },
    set: { type: 'string', multiple: true, default: [] },
    compose: { type: 'string', default: path.join(root, 'docker-compose.kraft.yml') },
    from: { type: 'string' },
    'sasl-ssl': { type: 'boolean', default: false },
  },
});
const dataDir = path.resolve(values['data-dir']);
const [command, ...rest] = positionals;

/** 뒤에서 띄운 감독이 준비되기를 기다리는 최대 시간 (두 코어를 여럿이 나눠 쓰면 노드 셋이 뜨는 데 오래 걸립니다) */
const DETACH_READY_MS = 180_000;

if (command === undefined) {
  await (values.detach ? detach() : run());
} else if (command === 'down') {
  const stopped = await down(dataDir);
  console.log(stopped ? '클러스터를 멈췄습니다' : '떠 있는 클러스터가 없습니다');
} else if (SUPERVISOR_COMMANDS.includes(command)) {
  await remote([command, ...rest, ...(values.from ? ['--from', values.from] : [])]);
} else {
  exitWithUsage(USAGE, `${josa(command, '은/는')} 알 수 없는 명령입니다.`);
}

/** 앞에서 띄우고 보기 */
async function run(): Promise<void> {
  const existing = runningSupervisor(dataDir);
  if (existing) {
    console.error(
      `이미 떠 있습니다 (감독 PID ${existing.pid}, ${existing.bootstrap}). 멈추려면: npm run cluster -- down`,
    );
    process.exit(1);
  }
  const overrides = Object.fromEntries(
    (values.set ?? []).map((pair) => {
      const at = pair.indexOf('=');
      if (!pair.startsWith('KAFKA_') || at < 0) exitWithUsage(USAGE, `--set은 KAFKA_이름=값 모양입니다: ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const offset = Number(values['port-offset']);
  if (!Number.isInteger(offset)) {
    exitWithUsage(USAGE, `--port-offset는 정수입니다 (음수는 --port-offset=-5000처럼): ${values['port-offset']}`);
  }
  const services = readCompose(values.compose);
  const plan = planCluster(
    values['sasl-ssl']
      ? withSaslSslListener(services, await ensureCertificates(path.resolve('data', 'certs')))
      : services,
    { offset, dataDir, overrides },
  );
  mkdirSync(dataDir, { recursive: true });
  const view = new ClusterView();
  if (values.fresh) {
    for (const node of plan) rmSync(node.dir, { recursive: true, force: true });
    view.say(`데이터를 지우고 처음부터 시작합니다 (${path.relative(process.cwd(), dataDir) || '.'})`);
  } else if (plan.some((node) => existsSync(node.dir))) {
    view.say('지난번 데이터로 이어서 시작합니다 (처음부터는 --fresh)');
  }
  const supervisor = new Supervisor(plan, dataDir, view);
  const started = Date.now();
  let interrupted = 0;
  const stop = () => {
    interrupted++;
    if (interrupted > 1) {
      view.say('한 번 더 받아 기다리지 않고 SIGKILL을 보냅니다');
      supervisor.killAll();
      return;
    }
    void supervisor.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await supervisor.start();
  listenToKeys(supervisor, view, stop);
  void (async () => {
    while (!(await supervisor.ready().catch(() => false))) await new Promise((r) => setTimeout(r, 500));
    view.say(
      `준비되었습니다 (${((Date.now() - started) / 1000).toFixed(1)}초): 브로커 ${plan.length}대, 클라이언트 ${supervisor.bootstrap}`,
    );
  })();
}

/** 터미널이면 키로 명령합니다: 글자 하나(k, s, r, p) 뒤에 노드 번호, 또는 h, q */
function listenToKeys(supervisor: Supervisor, view: ClusterView, stop: () => void): void {
  if (!process.stdin.isTTY) return;
  process.stdin.setRawMode(true);
  process.stdin.resume();
  const verbs: Record<string, string> = { k: 'kill', s: 'stop', r: 'start', p: 'partition' };
  let pending: string | null = null;
  process.stdin.on('data', (chunk: Buffer) => {
    for (const key of chunk.toString('utf8')) {
      if (key === '\u0003' || key === 'q') {
        stop();
        continue;
      }
      const args = pending ? [pending, key] : key === 'h' ? ['heal'] : null;
      pending = !pending && verbs[key] ? (verbs[key] as string) : null;
      if (!args) continue;
      supervisor.command(args).then(
        (message) => view.say(message),
        (error: Error) => view.say(error.message),
      );
    }
  });
}

/** 뒤에서 띄웁니다: 같은 스크립트를 --detach 없이 떼어 내 띄우고, 준비되면 부트스트랩 주소를 찍고 끝납니다 */
async function detach(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  let record = runningSupervisor(dataDir);
  const logFile = path.join(dataDir, 'cluster.log');
  let child: ReturnType<typeof spawn> | null = null;
  if (!record) {
    const args = process.argv.slice(2).filter((a) => a !== '--detach');
    const out = openSync(logFile, 'w');
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/cluster.ts'), ...args], {
      cwd: process.cwd(),
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, NO_COLOR: '1' },
    });
    closeSync(out);
    child.unref();
    console.log(`클러스터를 뒤에서 띄웁니다 (감독 PID ${child.pid}, 로그 ${path.relative(process.cwd(), logFile)})`);
  }
  const started = Date.now();
  for (;;) {
    record = runningSupervisor(dataDir);
    const ready = record
      ? await call<{ ready: boolean }>(record, 'GET', '/ready').catch(() => ({ ready: false }))
      : null;
    if (record && ready?.ready) break;
    const gone = child && (child.exitCode !== null || child.signalCode !== null);
    if (gone || Date.now() - started > DETACH_READY_MS) {
      console.error(gone ? '감독이 준비되기 전에 끝났습니다' : `${DETACH_READY_MS / 1000}초 안에 준비되지 않았습니다`);
      console.error(existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '');
      await down(dataDir);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`준비되었습니다 (${((Date.now() - started) / 1000).toFixed(1)}초). 멈추려면: npm run cluster -- down`);
  console.log(record.bootstrap);
}

/** 다른 터미널에서: 떠 있는 감독에게 명령을 보냅니다 */
async function remote(args: string[]): Promise<void> {
  const record = runningSupervisor(dataDir);
  if (!record) {
    console.error('떠 있는 클러스터가 없습니다 (먼저 npm run cluster)');
    process.exit(1);
  }
  try {
    if (args[0] === 'status') {
      console.log(renderStatus(await call<ClusterStatus>(record, 'GET', '/status')).join('\n'));
    } else {
      console.log((await call<{ message: string }>(record, 'POST', '/command', { args })).message);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
