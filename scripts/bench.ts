/**
 * `npm run bench`: 참조 브로커의 produce·consume 처리량 (issue 3).
 *
 * 100바이트 레코드 1,000,000개를 파티션 하나에 acks=1로 씁니다. 부하는 kcat(librdkafka)이 만들고, 브로커와
 * kcat이 이벤트 루프를 나눠 쓰지 않도록 브로커는 자식 프로세스(`node --import tsx reference/src/main.ts`)로
 * 띄웁니다. 같은 실행에서 같은 kcat 명령을 "싱크"(scripts/lib/bench-sink.ts: 요청을 프레임으로 자르고 정해 둔
 * 답만 돌려주는 Node 서버)에도 보내, 같은 Node와 소켓으로 낼 수 있는 상한과 견줍니다.
 *
 * 목표: produce 800,000 records/s 이상 (LinkedIn 2014년 벤치마크의 프로듀서 하나가 821,557 records/s)이고
 * 싱크의 50% 이상.
 *
 * 복제 (issue 12): 같은 실행에서 `npm run quorum:up`과 같은 노드 셋(브로커+컨트롤러, `quorumNodeEnv`)을 루프백에
 * 띄우고, 복제 계수 3, 파티션 1개, `min.insync.replicas=2`인 토픽에 같은 kcat 명령을 acks=all로 보내 한 대(acks=1)의
 * 숫자 옆에 놓습니다. 두 경우 모두 처리량(포화)과 따로 정해 둔 속도에서의 produce 지연 p50/p99를 잽니다
 * (지연을 어떻게 재는지는 scripts/lib/bench-latency.ts). 서버 CPU 초는 세 노드의 합입니다.
 *
 * SASL_SSL (issue 15): 한 대의 브로커는 PLAINTEXT 옆에 SASL_SSL 리스너(TLS + SCRAM-SHA-512)도 엽니다. 같은 kcat
 * 명령에 `security.protocol=SASL_SSL`만 더해 번갈아 재고, PLAINTEXT에 견준 비율을 냅니다. 인증서는 임시 폴더에
 * 새로 만듭니다 (scripts/lib/certs.ts).
 *
 * 모든 것은 127.0.0.1에서만 돌고, 끝나거나 시간이 다 되면(기본 10분) 자식 프로세스를 모두 PID로 끝냅니다.
 * 사용법은 아래 USAGE에 있습니다.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { exitWithUsage, readCommandLine } from '../reference/src/server/command-line.js';
import { josa } from '../reference/src/server/josa.js';
import { type DeliveredBatch, parseDelivered, percentile, recordLatencies } from './lib/bench-latency.js';
import { createCertificates, writeCertificates } from './lib/certs.js';
import { reservePort } from './lib/ports.js';
import { quorumNodeEnv } from './lib/quorum.js';

const root = path.resolve(import.meta.dirname, '..');

const USAGE = `참조 브로커의 produce·consume 처리량과 지연을 잽니다 (한 대, 복제 계수 3, SASL_SSL).
  npm run bench                              기본값: 1,000,000개 × 100바이트, 세 번씩 재서 가운데 값
  npm run bench -- --records 200000 --runs 1 빠르게 한 번
  npm run bench -- --latency-rate 2000       지연을 잴 때 주는 부하 (records/s, 기본 1,000 × 5,000개)
  npm run bench -- --skip-replicated         한 대만 (복제 계수 3의 경우를 건너뜁니다)
  npm run bench -- --skip-sasl-ssl           SASL_SSL 리스너를 열지도 재지도 않습니다
  npm run bench -- --profile                 브로커마다 node --cpu-prof로 띄워 .cpuprofile을 남깁니다

  --records N          보낼 레코드 수 (기본 1000000)
  --size N             레코드 하나의 바이트 수 (기본 100)
  --runs N             몇 번 재서 가운데 값을 낼지 (기본 3)
  --linger-ms N        kcat(librdkafka)의 linger.ms (기본 5)
  --batch-messages N   kcat(librdkafka)의 batch.num.messages (기본 10000)
  --latency-rate N     지연을 잴 때 주는 부하, records/s (기본 1000)
  --latency-records N  지연을 잴 때 보낼 레코드 수 (기본 5000)
  --keep               임시 폴더를 지우지 않고 남깁니다
  --timeout-s N        이 시간(초) 안에 끝나지 않으면 모두 멈춥니다 (기본 600)`;

const { values: args } = readCommandLine(USAGE, {
  options: {
    records: { type: 'string', default: '1000000' },
    size: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    'linger-ms': { type: 'string', default: '5' },
    'batch-messages': { type: 'string', default: '10000' },
    'latency-rate': { type: 'string', default: '1000' },
    'latency-records': { type: 'string', default: '5000' },
    'skip-replicated': { type: 'boolean', default: false },
    'skip-sasl-ssl': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '600' },
  },
});

const RECORDS = Number(args.records);
const SIZE = Number(args.size);
const RUNS = Number(args.runs);
const LINGER_MS = Number(args['linger-ms']);
const BATCH_MESSAGES = Number(args['batch-messages']);
const LATENCY_RATE = Number(args['latency-rate']);
const LATENCY_RECORDS = Number(args['latency-records']);
/** 지연 측정의 처음 이만큼은 예열로 빼고 셉니다 (첫 연결, 메타데이터, ApiVersions가 첫 레코드들의 지연에 들어갑니다) */
const LATENCY_WARMUP = Math.min(1000, Math.floor(LATENCY_RECORDS / 10));
for (const option of ['records', 'size', 'runs', 'latency-rate', 'latency-records'] as const) {
  const value = Number(args[option]);
  if (!Number.isInteger(value) || value <= 0)
    exitWithUsage(USAGE, `--${option}는 양의 정수여야 합니다: ${args[option]}`);
}
const REPLICATION_FACTOR = 3;
const MIN_INSYNC_REPLICAS = 2;
const TARGET_RECORDS_PER_S = 800_000;
const TARGET_SINK_RATIO = 0.5;
const MIB = 1024 * 1024;

// --- 자식 프로세스 관리 ----------------------------------------------------------------------------

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}
const deadline = setTimeout(() => {
  console.error(`벤치마크가 ${args['timeout-s']}초 안에 끝나지 않아 멈춥니다.`);
  killAll();
  process.exit(1);
}, Number(args['timeout-s']) * 1000);
deadline.unref();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** 자식 노드 프로세스를 띄우고, 출력에 `ready`가 나올 때까지 기다립니다. */
async function startNode(name: string, nodeArgs: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = track(
    spawn(process.execPath, nodeArgs, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${josa(name, '이/가')} 30초 안에 뜨지 않았습니다:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('준비되었습니다')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${josa(name, '이/가')} 시작하다 끝났습니다 (code ${code}):\n${output}`));
    });
  });
  // 준비된 뒤의 출력은 경고만 보여 줍니다 (연결을 끊었다는 로그 등).
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of String(chunk).split('\n')) if (/WARN|ERROR/.test(line)) console.error(`[${name}] ${line}`);
  });
  return child;
}

async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** 리눅스에서 프로세스가 쓴 CPU 시간(초, user + system). 다른 운영체제에서는 null. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (clock ticks, 보통 100Hz)
  } catch {
    return null;
  }
}

// --- kcat ---------------------------------------------------------------------------------------

interface KcatRun {
  readonly seconds: number;
  readonly lines: number;
  /** 마지막 완전한 줄 (consume에서는 마지막 오프셋) */
  readonly lastLine: string;
}

/**
 * kcat을 돌려 끝날 때까지의 시간을 잽니다. 출력은 줄 수와 마지막 줄만 셉니다 (100만 줄을 모아 두지 않게).
 * 줄이 모두 필요하면 `onLine`에 넘깁니다.
 */
function runKcat(kcatArgs: string[], timeoutMs = 180_000, onLine?: (line: string) => void): Promise<KcatRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = track(spawn('kcat', kcatArgs, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let lines = 0;
    let tail = '';
    let lastLine = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      const parts = text.split('\n');
      lines += parts.length - 1;
      tail = parts.at(-1) ?? '';
      if (parts.length > 1) lastLine = parts.at(-2) ?? lastLine;
      if (onLine) for (const line of parts.slice(0, -1)) onLine(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0 || /fail|error/i.test(stderr)) {
        reject(
          new Error(`kcat ${kcatArgs.join(' ')} 실패 (code ${code}, signal ${signal}):\n${stderr.slice(0, 2000)}`),
        );
      } else {
        resolve({ seconds, lines, lastLine });
      }
    });
  });
}

/**
 * kcat -P에 표준 입력으로 LATENCY_RATE records/s씩 LATENCY_RECORDS개를 넣고(1ms마다 밀린 만큼), `-d msg`의 전달 확인
 * 로그를 찍힌 순서대로 모읍니다.
 */
function produceAtRate(kcatArgs: string[]): Promise<DeliveredBatch[]> {
  const timeoutMs = (LATENCY_RECORDS / LATENCY_RATE) * 1000 + 60_000;
  return new Promise((resolve, reject) => {
    const child = track(spawn('kcat', [...kcatArgs, '-d', 'msg'], { stdio: ['pipe', 'ignore', 'pipe'] }));
    const batches: DeliveredBatch[] = [];
    const problems: string[] = [];
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const parts = (tail + chunk.toString('latin1')).split('\n');
      tail = parts.pop() ?? '';
      for (const line of parts) {
        try {
          const batch = parseDelivered(line);
          if (batch) batches.push(batch);
          // librdkafka의 오류·경고(%3, %4)와 kcat의 "% ERROR"
          else if (/^%[0-4]\||^% ERROR/.test(line)) problems.push(line);
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
    });
    // kcat이 먼저 끝나면(연결 실패 등) 파이프 쓰기가 EPIPE로 실패합니다: 그 이유는 kcat의 종료 코드와 로그에 있습니다.
    child.stdin?.on('error', (error) => problems.push(`kcat 표준 입력: ${error.message}`));
    const started = performance.now();
    let sent = 0;
    const feed = setInterval(() => {
      const due = Math.min(LATENCY_RECORDS, Math.floor(((performance.now() - started) / 1000) * LATENCY_RATE));
      let text = '';
      for (; sent < due; sent++) text += payloadLine(sent);
      if (text) child.stdin?.write(text);
      if (sent === LATENCY_RECORDS) {
        clearInterval(feed);
        child.stdin?.end();
      }
    }, 1);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(feed);
      clearTimeout(timer);
      if (code !== 0 || problems.length > 0) {
        reject(
          new Error(
            `kcat ${kcatArgs.join(' ')} 실패 (code ${code}, signal ${signal}):\n${problems.slice(0, 20).join('\n')}`,
          ),
        );
      } else {
        resolve(batches);
      }
    });
  });
}

/** 지연 측정 한 번의 결과 (ms, 예열을 뺀 레코드마다) */
interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly records: number;
}

/**
 * 빈 토픽 하나에 정해 둔 속도로 쓰고, 처음부터 읽어 레코드마다 CreateTime과 전달 시각을 견줍니다
 * (scripts/lib/bench-latency.ts). 예열 레코드는 셈에서 뺍니다.
 */
async function measureLatency(bootstrap: string, topic: string, acks: '1' | 'all'): Promise<Latency> {
  const batches = await produceAtRate(produceArgs(bootstrap, topic, acks));
  const createTimes: number[] = [];
  await runKcat(consumeArgs(bootstrap, topic, LATENCY_RECORDS, '%T\\n'), 60_000, (line) =>
    createTimes.push(Number(line)),
  );
  const latencies = recordLatencies(batches, createTimes).slice(LATENCY_WARMUP);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    records: latencies.length,
  };
}

/**
 * kcat -P의 공통 인수. `acks`는 1(한 대) 또는 all(복제). `payload`가 없으면 표준 입력에서 한 줄씩 읽습니다.
 * `security`는 SASL_SSL 리스너에 붙을 때의 `-X` 인수들입니다.
 */
function produceArgs(
  bootstrap: string,
  topic: string,
  acks: '1' | 'all',
  payload?: string,
  security: readonly string[] = [],
): string[] {
  return [
    ...security,
    '-P',
    '-b',
    bootstrap,
    '-t',
    topic,
    '-p',
    '0',
    '-X',
    `acks=${acks}`,
    '-X',
    `linger.ms=${LINGER_MS}`,
    '-X',
    `batch.num.messages=${BATCH_MESSAGES}`,
    '-X',
    'compression.codec=none',
    ...(payload ? ['-l', payload] : []),
  ];
}

function consumeArgs(
  bootstrap: string,
  topic: string,
  count = RECORDS,
  format = '%o\\n',
  security: readonly string[] = [],
): string[] {
  // -c로 count개를 읽자마자 끝냅니다. -e만 쓰면 마지막 빈 Fetch의 롱 폴링(fetch.wait.max.ms=500)까지 잽니다.
  return [
    ...security,
    '-C',
    '-b',
    bootstrap,
    '-t',
    topic,
    '-p',
    '0',
    '-o',
    'beginning',
    '-c',
    String(count),
    '-e',
    '-q',
    '-f',
    format,
  ];
}

// --- 준비 ---------------------------------------------------------------------------------------

const FILLER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(Math.ceil(SIZE / 62) + 1);

/** kcat -P는 한 줄을 메시지 하나로 읽습니다. 레코드 i: 번호를 넣은 SIZE바이트와 줄바꿈. */
function payloadLine(i: number): string {
  const id = String(i).padStart(10, '0');
  return `${id}${FILLER.slice(i % 62, (i % 62) + SIZE - id.length)}\n`;
}

function writePayload(file: string): void {
  const fd = openSync(file, 'w');
  const perChunk = 10_000;
  for (let start = 0; start < RECORDS; start += perChunk) {
    let text = '';
    for (let i = start; i < Math.min(RECORDS, start + perChunk); i++) text += payloadLine(i);
    writeSync(fd, text);
  }
  closeSync(fd);
}

function kcatVersion(): string {
  const out = execFileSync('kcat', ['-V'], { encoding: 'utf8' });
  const match = /Version (\S+) .*librdkafka (\S+)/.exec(out);
  return match ? `kcat ${match[1]}, librdkafka ${match[2]}` : (out.split('\n')[0] ?? 'kcat');
}

interface Sample {
  readonly seconds: number;
  /** 그동안 서버 프로세스들이 쓴 CPU 초의 합 (리눅스가 아니면 null) */
  readonly cpu: number | null;
  /** 서버가 여럿이면 하나하나의 CPU 초 */
  readonly cpuPerServer: readonly number[];
}

/** 시간으로 줄 세운 가운데 표본 */
const middle = <T extends Sample>(samples: readonly T[]) =>
  [...samples].sort((a, b) => a.seconds - b.seconds)[Math.floor(samples.length / 2)] as T;
const cpuText = (sample: Sample) =>
  sample.cpu === null
    ? '—'
    : sample.cpuPerServer.length > 1
      ? `${sample.cpu.toFixed(2)} (${sample.cpuPerServer.map((c) => c.toFixed(2)).join(' + ')})`
      : sample.cpu.toFixed(2);
const describe = (sample: Sample) =>
  `${sample.seconds.toFixed(3)}초${sample.cpu === null ? '' : ` (CPU ${cpuText(sample)}초)`}`;
const rate = (seconds: number) => RECORDS / seconds;
const mibRate = (seconds: number) => (RECORDS * SIZE) / MIB / seconds;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** kcat 한 번을 재고, 그동안 서버 프로세스들이 쓴 CPU 시간도 잽니다. */
async function measure(servers: readonly ChildProcess[], kcatArgs: string[]): Promise<Sample & { run: KcatRun }> {
  const before = servers.map((server) => cpuSeconds(server.pid));
  const run = await runKcat(kcatArgs);
  const after = servers.map((server) => cpuSeconds(server.pid));
  const used: number[] = [];
  for (const [i, b] of before.entries()) {
    const a = after[i];
    if (a === null || a === undefined || b === null) return { seconds: run.seconds, cpu: null, cpuPerServer: [], run };
    used.push(a - b);
  }
  return { seconds: run.seconds, cpu: used.reduce((sum, c) => sum + c, 0), cpuPerServer: used, run };
}

/** 브로커 프로세스의 node 인수 (--profile이면 CPU 프로파일을 남깁니다) */
const brokerNodeArgs = (profileDir: string) => [
  ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  '--import',
  'tsx',
  'reference/src/main.ts',
];

/** 토픽의 로그 끝 오프셋(리더의 ListOffsets, 곧 하이 워터마크)이 `expected`인지 봅니다. */
async function checkEndOffset(admin: Admin, topic: string, expected: number): Promise<void> {
  const [offsets] = await admin.fetchTopicOffsets(topic);
  if (Number(offsets?.high) !== expected) {
    throw new Error(`${topic}의 로그 끝 오프셋이 ${offsets?.high}입니다 (${expected}여야 합니다)`);
  }
}

// --- 한 대 ----------------------------------------------------------------------------------------

interface SingleNodeResult {
  readonly produce: Sample;
  readonly ceiling: Sample;
  readonly consume: Sample;
  readonly latency: Latency;
  /** 같은 브로커의 SASL_SSL 리스너로 같은 kcat 명령 (--skip-sasl-ssl이면 null) */
  readonly saslSsl: { readonly produce: Sample; readonly consume: Sample } | null;
}

const SASL_SSL_USER = 'bench';
const SASL_SSL_PASSWORD = 'bench-secret';

/**
 * SASL_SSL 리스너 하나: 임시 폴더에 CA와 노드 인증서를 만들고, 브로커의 환경 변수와 kcat의 `-X` 인수를 돌려줍니다.
 * SCRAM-SHA-512는 Kafka 운영에서 흔한 방식입니다. 인증은 연결마다 한 번이라 처리량에는 TLS의 암호화가 보입니다.
 */
async function saslSslListener(dir: string, port: number) {
  const files = writeCertificates(path.join(dir, 'certs'), await createCertificates({ clients: [] }));
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required user_${SASL_SSL_USER}="${SASL_SSL_PASSWORD}";`;
  return {
    bootstrap: `127.0.0.1:${port}`,
    env: {
      KAFKA_SSL_KEYSTORE_TYPE: 'PEM',
      KAFKA_SSL_KEYSTORE_LOCATION: files.nodeKeystore,
      KAFKA_LISTENER_NAME_SASL__SSL_SASL_ENABLED_MECHANISMS: 'SCRAM-SHA-512',
      KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___512_SASL_JAAS_CONFIG: jaas,
    },
    kcatArgs: [
      '-X',
      'security.protocol=SASL_SSL',
      '-X',
      `ssl.ca.location=${files.caCert}`,
      '-X',
      'sasl.mechanisms=SCRAM-SHA-512',
      '-X',
      `sasl.username=${SASL_SSL_USER}`,
      '-X',
      `sasl.password=${SASL_SSL_PASSWORD}`,
    ],
  };
}

async function singleNode(dir: string, payload: string, profileDir: string): Promise<SingleNodeResult> {
  const secure = args['skip-sasl-ssl'] ? null : await saslSslListener(dir, await reservePort());
  console.log(`한 대: 참조 브로커 하나와 싱크, acks=1${secure ? ' (PLAINTEXT와 SASL_SSL 리스너)' : ''}`);
  const [brokerPort, sinkPort] = [await reservePort(), await reservePort()];
  const bootstrap = `127.0.0.1:${brokerPort}`;
  const broker = await startNode('브로커', brokerNodeArgs(profileDir), {
    KAFKA_LISTENERS: `PLAINTEXT://${bootstrap}${secure ? `,SASL_SSL://${secure.bootstrap}` : ''}`,
    KAFKA_LOG_DIRS: path.join(dir, 'data'),
    KAFKA_NUM_PARTITIONS: '1',
    ...secure?.env,
  });
  const sink = await startNode('싱크', ['--import', 'tsx', 'scripts/lib/bench-sink.ts', String(sinkPort)], {});

  const kafka = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = Array.from({ length: RUNS }, (_, i) => `bench-${i + 1}`);
  const secureTopics = secure ? topics.map((topic) => `${topic}-sasl-ssl`) : [];
  await admin.createTopics({
    topics: [...topics, ...secureTopics, 'bench-latency'].map((topic) => ({ topic, numPartitions: 1 })),
  });

  const sinkProduce: Sample[] = [];
  const brokerProduce: Sample[] = [];
  const secureProduce: Sample[] = [];
  for (const [i, topic] of topics.entries()) {
    // 싱크와 브로커(와 SASL_SSL)를 번갈아 재, 기계의 흔들림이 한쪽에만 몰리지 않게 합니다.
    const toSink = await measure([sink], produceArgs(`127.0.0.1:${sinkPort}`, 'bench', '1', payload));
    const toBroker = await measure([broker], produceArgs(bootstrap, topic, '1', payload));
    sinkProduce.push(toSink);
    brokerProduce.push(toBroker);
    await checkEndOffset(admin, topic, RECORDS);
    let line = `  produce ${i + 1}번째: 싱크 ${describe(toSink)}, 브로커 ${describe(toBroker)}`;
    if (secure) {
      const secureTopic = secureTopics[i] as string;
      const toSecure = await measure(
        [broker],
        produceArgs(secure.bootstrap, secureTopic, '1', payload, secure.kcatArgs),
      );
      secureProduce.push(toSecure);
      await checkEndOffset(admin, secureTopic, RECORDS);
      line += `, SASL_SSL ${describe(toSecure)}`;
    }
    console.log(line);
  }
  await stopNode(sink);

  const brokerConsume: Sample[] = [];
  const secureConsume: Sample[] = [];
  const readAll = async (from: string, topic: string, security: readonly string[] = []) => {
    const read = await measure([broker], consumeArgs(from, topic, RECORDS, '%o\\n', security));
    if (read.run.lines !== RECORDS || Number(read.run.lastLine) !== RECORDS - 1) {
      throw new Error(
        `${topic}에서 ${read.run.lines}개를 읽었습니다 (마지막 오프셋 ${read.run.lastLine}), ${RECORDS}개여야 합니다`,
      );
    }
    return read;
  };
  for (const [i, topic] of topics.entries()) {
    const read = await readAll(bootstrap, topic);
    brokerConsume.push(read);
    let line = `  consume ${i + 1}번째: 브로커 ${describe(read)}`;
    if (secure) {
      const secureRead = await readAll(secure.bootstrap, secureTopics[i] as string, secure.kcatArgs);
      secureConsume.push(secureRead);
      line += `, SASL_SSL ${describe(secureRead)}`;
    }
    console.log(line);
  }

  const latency = await measureLatency(bootstrap, 'bench-latency', '1');
  console.log(`  지연: ${describeLatency(latency)}`);
  await admin.disconnect();
  await stopNode(broker);
  return {
    produce: middle(brokerProduce),
    ceiling: middle(sinkProduce),
    consume: middle(brokerConsume),
    latency,
    saslSsl: secure ? { produce: middle(secureProduce), consume: middle(secureConsume) } : null,
  };
}

// --- 세 대, 복제 계수 3 ------------------------------------------------------------------------------

interface ReplicatedResult {
  readonly produce: Sample;
  readonly latency: Latency;
}

/**
 * `npm run quorum:up`과 같은 노드 셋(브로커+컨트롤러)을 빈 포트에 띄우고, 복제 계수 3, `min.insync.replicas=2`인
 * 토픽에 acks=all로 씁니다. kcat은 세 브로커로 부트스트랩해 파티션 리더에게 보냅니다.
 */
async function replicated(dir: string, payload: string, profileDir: string): Promise<ReplicatedResult> {
  console.log(
    `\n세 대: 노드 셋(브로커+컨트롤러), 복제 계수 ${REPLICATION_FACTOR}, min.insync.replicas=${MIN_INSYNC_REPLICAS}, acks=all`,
  );
  const ids = [1, 2, 3];
  const ports: { broker: number; controller: number }[] = [];
  for (const _ of ids) ports.push({ broker: await reservePort(), controller: await reservePort() });
  const voters = ids.map((id, i) => `${id}@127.0.0.1:${ports[i]?.controller}`).join(',');
  const bootstrap = ports.map((p) => `127.0.0.1:${p.broker}`).join(',');
  const nodes = await Promise.all(
    ids.map((id, i) =>
      startNode(`노드 ${id}`, brokerNodeArgs(profileDir), {
        ...quorumNodeEnv(id, 'broker,controller', ports[i] as { broker: number; controller: number }, voters),
        KAFKA_LOG_DIRS: path.join(dir, `quorum-${id}`),
      }),
    ),
  );

  const kafka = new Kafka({ clientId: 'bench', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = Array.from({ length: RUNS }, (_, i) => `bench-rf3-${i + 1}`);
  const all = [...topics, 'bench-rf3-latency'];
  await admin.createTopics({
    topics: all.map((topic) => ({
      topic,
      numPartitions: 1,
      replicationFactor: REPLICATION_FACTOR,
      configEntries: [{ name: 'min.insync.replicas', value: String(MIN_INSYNC_REPLICAS) }],
    })),
    // kafkajs의 리더 기다리기는 메타데이터가 모든 브로커에 닿기 전의 UNKNOWN_TOPIC_OR_PARTITION에 실패하므로, ISR까지 아래에서 기다립니다.
    waitForLeaders: false,
  });
  await waitForFullIsr(admin, all);

  const produce: Sample[] = [];
  for (const [i, topic] of topics.entries()) {
    const run = await measure(nodes, produceArgs(bootstrap, topic, 'all', payload));
    await checkEndOffset(admin, topic, RECORDS);
    produce.push(run);
    console.log(`  produce ${i + 1}번째: ${describe(run)}`);
  }
  const latency = await measureLatency(bootstrap, 'bench-rf3-latency', 'all');
  console.log(`  지연: ${describeLatency(latency)}`);
  await admin.disconnect();
  // 함께 멈춥니다: 하나씩 멈추면 마지막 노드는 쿼럼 과반을 잃어 제어된 종료를 마치지 못합니다.
  await Promise.all(nodes.map(stopNode));
  return { produce: middle(produce), latency };
}

/** 모든 토픽의 파티션에 리더가 서고 ISR이 복제 계수만큼 찰 때까지 (30초 안에) 기다립니다. */
async function waitForFullIsr(admin: Admin, topics: readonly string[]): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] }).catch(() => null);
    const ready = metadata?.topics.every((t) =>
      t.partitions.every((p) => p.leader >= 0 && p.isr.length === REPLICATION_FACTOR),
    );
    if (ready) return;
    if (Date.now() > until)
      throw new Error(`30초 안에 ${topics.join(', ')}의 ISR이 ${REPLICATION_FACTOR}개가 되지 않았습니다`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// --- 실행 ---------------------------------------------------------------------------------------

const describeLatency = (latency: Latency) =>
  `${fmt(LATENCY_RATE)} records/s로 ${fmt(latency.records)}개, p50 ${latency.p50}ms, p99 ${latency.p99}ms, 최대 ${latency.max}ms`;

async function main(): Promise<void> {
  const started = performance.now();
  const version = kcatVersion();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const payload = path.join(dir, 'payload.txt');
  // 프로파일은 임시 폴더 밖(지우지 않는 곳)에 남깁니다.
  const profileDir = args.profile ? mkdtempSync(path.join(tmpdir(), 'bench-profile-')) : '';
  console.log('카프카 직접 만들기 — produce/consume 벤치마크');
  console.log(
    `  레코드 ${fmt(RECORDS)}개 × ${SIZE}바이트, 파티션 1개, 압축 없음, linger.ms=${LINGER_MS}, ` +
      `batch.num.messages=${BATCH_MESSAGES}, 측정 ${RUNS}번(가운데 값)`,
  );
  console.log(
    `  지연: ${fmt(LATENCY_RATE)} records/s로 ${fmt(LATENCY_RECORDS)}개(처음 ${fmt(LATENCY_WARMUP)}개는 예열로 뺌)`,
  );
  // 같은 기계의 다른 일이 숫자를 흔듭니다: 처음과 끝의 1분 부하 평균을 함께 남깁니다 (리눅스; 다른 운영체제는 0).
  const loadBefore = loadavg()[0] ?? 0;
  console.log(
    `  ${version}, Node ${process.version}, CPU ${cpus().length}개 (${cpus()[0]?.model.trim() ?? '?'}), ` +
      `부하 평균 ${loadBefore.toFixed(2)}`,
  );
  console.log(`  임시 폴더 ${dir}${args.profile ? `, 프로파일 ${profileDir}` : ''}\n`);

  writePayload(payload);
  const single = await singleNode(dir, payload, profileDir);
  const rf3 = args['skip-replicated'] ? null : await replicated(dir, payload, profileDir);
  if (!args.keep) rmSync(dir, { recursive: true, force: true });

  const ratio = rate(single.produce.seconds) / rate(single.ceiling.seconds);
  const table = new Table({
    head: ['대상', '작업', 'records/s', 'MB/s', '초', '서버 CPU 초', '비교'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  const row = (target: string, work: string, sample: Sample, compared: string) => [
    target,
    work,
    fmt(rate(sample.seconds)),
    fmt(mibRate(sample.seconds), 1),
    sample.seconds.toFixed(3),
    cpuText(sample),
    compared,
  ];
  table.push(
    row('참조 브로커 1대', 'produce acks=1', single.produce, `싱크의 ${fmt(ratio * 100, 1)}%`),
    row('싱크 (천장)', 'produce acks=1', single.ceiling, ''),
    row('참조 브로커 1대', 'consume', single.consume, ''),
  );
  if (single.saslSsl) {
    const vsPlain = (secure: Sample, plain: Sample) =>
      `PLAINTEXT의 ${fmt((rate(secure.seconds) / rate(plain.seconds)) * 100, 1)}%`;
    table.push(
      row('1대, SASL_SSL', 'produce acks=1', single.saslSsl.produce, vsPlain(single.saslSsl.produce, single.produce)),
      row('1대, SASL_SSL', 'consume', single.saslSsl.consume, vsPlain(single.saslSsl.consume, single.consume)),
    );
  }
  if (rf3) {
    const vsSingle = rate(rf3.produce.seconds) / rate(single.produce.seconds);
    table.push(row('노드 3대, 복제 계수 3', 'produce acks=all', rf3.produce, `1대의 ${fmt(vsSingle * 100, 1)}%`));
  }
  console.log(`\n${table.toString()}`);
  console.log('  MB/s는 값 바이트(레코드 × 크기)를 2^20으로 나눈 것 (LinkedIn 벤치마크와 같은 셈).');
  console.log(
    `  초는 kcat을 띄운 때부터 끝날 때까지 (-P는 모든 전달 확인을 받고 끝납니다), ${RUNS}번 잰 것의 가운데 값.`,
  );
  console.log(
    '  서버 CPU 초는 그동안 서버 프로세스가 쓴 CPU(user+sys), 세 대면 합 (노드 1 + 2 + 3). 벽시계 초보다 한참 작으면 병목은 kcat 쪽입니다.',
  );

  const latencyTable = new Table({
    head: ['대상', 'acks', '부하 records/s', '잰 레코드', 'p50 ms', 'p99 ms', '최대 ms'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  const latencyRow = (target: string, acks: string, latency: Latency) => [
    target,
    acks,
    fmt(LATENCY_RATE),
    fmt(latency.records),
    String(latency.p50),
    String(latency.p99),
    String(latency.max),
  ];
  latencyTable.push(latencyRow('참조 브로커 1대', '1', single.latency));
  if (rf3) latencyTable.push(latencyRow('노드 3대, 복제 계수 3', 'all', rf3.latency));
  console.log(`\n${latencyTable.toString()}`);
  console.log(
    '  produce 지연은 레코드마다 kcat이 그 레코드를 만든 때(CreateTime)부터 그 배치의 전달 확인을 받은 때까지',
  );
  console.log(
    `  (librdkafka의 같은 벽시계, 1ms 단위, linger.ms=${LINGER_MS} 포함). 포화가 아닌 정해 둔 속도에서 잽니다 (scripts/lib/bench-latency.ts).`,
  );

  const verdict = (ok: boolean) => (ok ? '달성' : '미달');
  console.log(
    `\n  목표 produce ≥ ${fmt(TARGET_RECORDS_PER_S)} records/s: ${verdict(rate(single.produce.seconds) >= TARGET_RECORDS_PER_S)}` +
      `, 싱크의 ≥ ${TARGET_SINK_RATIO * 100}%: ${verdict(ratio >= TARGET_SINK_RATIO)}`,
  );
  if (args.profile) console.log(`  브로커 CPU 프로파일: ${profileDir} (Chrome DevTools나 speedscope로 엽니다)`);
  console.log(
    `  전체 ${((performance.now() - started) / 1000).toFixed(0)}초, 1분 부하 평균 ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}`,
  );
}

try {
  await main();
} catch (error) {
  console.error(`\n벤치마크 실패: ${error instanceof Error ? error.message : String(error)}`);
  killAll();
  process.exitCode = 1;
}
