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
 *   npm run bench                              기본값: 1,000,000개 × 100바이트, 세 번씩 재서 가운데 값
 *   npm run bench -- --records 200000 --runs 1 빠르게 한 번
 *   npm run bench -- --profile                 브로커를 node --cpu-prof로 띄워 .cpuprofile을 남깁니다
 *
 * 모든 것은 127.0.0.1에서만 돌고, 끝나거나 시간이 다 되면(기본 10분) 자식 프로세스를 모두 끝냅니다.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { Kafka, logLevel } from 'kafkajs';
import { josa } from '../reference/src/server/josa.js';

const root = path.resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    size: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    'linger-ms': { type: 'string', default: '5' },
    'batch-messages': { type: 'string', default: '10000' },
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('포트를 얻지 못했습니다');
  return address.port;
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

/** kcat을 돌려 끝날 때까지의 시간을 잽니다. 출력은 줄 수와 마지막 줄만 셉니다 (100만 줄을 모아 두지 않게). */
function runKcat(kcatArgs: string[], timeoutMs = 180_000): Promise<KcatRun> {
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

function produceArgs(port: number, topic: string, payload: string): string[] {
  return [
    '-P',
    '-b',
    `127.0.0.1:${port}`,
    '-t',
    topic,
    '-p',
    '0',
    '-X',
    'acks=1',
    '-X',
    `linger.ms=${LINGER_MS}`,
    '-X',
    `batch.num.messages=${BATCH_MESSAGES}`,
    '-X',
    'compression.codec=none',
    '-l',
    payload,
  ];
}

function consumeArgs(port: number, topic: string): string[] {
  // -c로 RECORDS개를 읽자마자 끝냅니다. -e만 쓰면 마지막 빈 Fetch의 롱 폴링(fetch.wait.max.ms=500)까지 잽니다.
  return [
    '-C',
    '-b',
    `127.0.0.1:${port}`,
    '-t',
    topic,
    '-p',
    '0',
    '-o',
    'beginning',
    '-c',
    String(RECORDS),
    '-e',
    '-q',
    '-f',
    '%o\\n',
  ];
}

// --- 준비 ---------------------------------------------------------------------------------------

/** kcat -P -l은 한 줄을 메시지 하나로 읽습니다. 레코드마다 번호를 넣은 SIZE바이트 줄을 만듭니다. */
function writePayload(file: string): void {
  const fd = openSync(file, 'w');
  const filler = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(Math.ceil(SIZE / 62) + 1);
  const perChunk = 10_000;
  for (let start = 0; start < RECORDS; start += perChunk) {
    let text = '';
    for (let i = start; i < Math.min(RECORDS, start + perChunk); i++) {
      const id = String(i).padStart(10, '0');
      text += `${id}${filler.slice(i % 62, (i % 62) + SIZE - id.length)}\n`;
    }
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
  /** 그동안 서버 프로세스가 쓴 CPU 초 (리눅스가 아니면 null) */
  readonly cpu: number | null;
}

/** 시간으로 줄 세운 가운데 표본 */
const middle = (samples: readonly Sample[]) =>
  [...samples].sort((a, b) => a.seconds - b.seconds)[Math.floor(samples.length / 2)] as Sample;
const describe = (sample: Sample) =>
  `${sample.seconds.toFixed(3)}초${sample.cpu === null ? '' : ` (CPU ${sample.cpu.toFixed(2)}초)`}`;
const rate = (seconds: number) => RECORDS / seconds;
const mibRate = (seconds: number) => (RECORDS * SIZE) / MIB / seconds;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// --- 실행 ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const version = kcatVersion();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const payload = path.join(dir, 'payload.txt');
  // 프로파일은 임시 폴더 밖(지우지 않는 곳)에 남깁니다.
  const profileDir = args.profile ? mkdtempSync(path.join(tmpdir(), 'bench-profile-')) : '';
  console.log('카프카 직접 만들기 — produce/consume 벤치마크');
  console.log(
    `  레코드 ${fmt(RECORDS)}개 × ${SIZE}바이트, 파티션 1개, acks=1, 압축 없음, linger.ms=${LINGER_MS}, ` +
      `batch.num.messages=${BATCH_MESSAGES}, 측정 ${RUNS}번(가운데 값)`,
  );
  console.log(`  ${version}, Node ${process.version}, CPU ${cpus().length}개 (${cpus()[0]?.model.trim() ?? '?'})`);
  console.log(`  임시 폴더 ${dir}${args.profile ? `, 프로파일 ${profileDir}` : ''}\n`);

  writePayload(payload);
  const [brokerPort, sinkPort] = [await freePort(), await freePort()];
  const broker = await startNode(
    '브로커',
    [
      ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '--import',
      'tsx',
      'reference/src/main.ts',
    ],
    {
      KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${brokerPort}`,
      KAFKA_LOG_DIRS: path.join(dir, 'data'),
      KAFKA_NUM_PARTITIONS: '1',
    },
  );
  const sink = await startNode('싱크', ['--import', 'tsx', 'scripts/lib/bench-sink.ts', String(sinkPort)], {});

  const kafka = new Kafka({ clientId: 'bench', brokers: [`127.0.0.1:${brokerPort}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = Array.from({ length: RUNS }, (_, i) => `bench-${i + 1}`);
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })) });

  /** kcat 한 번을 재고, 그동안 서버 프로세스가 쓴 CPU 시간도 잽니다. */
  const measure = async (server: ChildProcess, kcatArgs: string[]): Promise<Sample & { run: KcatRun }> => {
    const cpuBefore = cpuSeconds(server.pid);
    const run = await runKcat(kcatArgs);
    const cpuAfter = cpuSeconds(server.pid);
    return { seconds: run.seconds, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, run };
  };

  const sinkProduce: Sample[] = [];
  const brokerProduce: Sample[] = [];
  for (const [i, topic] of topics.entries()) {
    // 싱크와 브로커를 번갈아 재, 기계의 흔들림이 한쪽에만 몰리지 않게 합니다.
    const toSink = await measure(sink, produceArgs(sinkPort, 'bench', payload));
    const toBroker = await measure(broker, produceArgs(brokerPort, topic, payload));
    sinkProduce.push(toSink);
    brokerProduce.push(toBroker);
    const [offsets] = await admin.fetchTopicOffsets(topic);
    if (Number(offsets?.high) !== RECORDS) {
      throw new Error(`${topic}의 로그 끝 오프셋이 ${offsets?.high}입니다 (${RECORDS}여야 합니다)`);
    }
    console.log(`  produce ${i + 1}번째: 싱크 ${describe(toSink)}, 브로커 ${describe(toBroker)}`);
  }
  await admin.disconnect();

  const brokerConsume: Sample[] = [];
  for (const [i, topic] of topics.entries()) {
    const read = await measure(broker, consumeArgs(brokerPort, topic));
    if (read.run.lines !== RECORDS || Number(read.run.lastLine) !== RECORDS - 1) {
      throw new Error(
        `${topic}에서 ${read.run.lines}개를 읽었습니다 (마지막 오프셋 ${read.run.lastLine}), ${RECORDS}개여야 합니다`,
      );
    }
    brokerConsume.push(read);
    console.log(`  consume ${i + 1}번째: 브로커 ${describe(read)}`);
  }

  await stopNode(sink);
  await stopNode(broker);
  if (!args.keep) rmSync(dir, { recursive: true, force: true });

  const produce = middle(brokerProduce);
  const ceiling = middle(sinkProduce);
  const consume = middle(brokerConsume);
  const ratio = rate(produce.seconds) / rate(ceiling.seconds);
  const table = new Table({
    head: ['대상', '작업', 'records/s', 'MB/s', '초', '서버 CPU 초', '브로커/싱크'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  const row = (target: string, work: string, sample: Sample, vsSink: string) => [
    target,
    work,
    fmt(rate(sample.seconds)),
    fmt(mibRate(sample.seconds), 1),
    sample.seconds.toFixed(3),
    sample.cpu === null ? '—' : sample.cpu.toFixed(2),
    vsSink,
  ];
  table.push(
    row('참조 브로커', 'produce', produce, `${fmt(ratio * 100, 1)}%`),
    row('싱크 (천장)', 'produce', ceiling, ''),
    row('참조 브로커', 'consume', consume, '(싱크는 produce만)'),
  );
  console.log(`\n${table.toString()}`);
  console.log('  MB/s는 값 바이트(레코드 × 크기)를 2^20으로 나눈 것 (LinkedIn 벤치마크와 같은 셈).');
  console.log(
    `  초는 kcat을 띄운 때부터 끝날 때까지 (-P는 모든 전달 확인을 받고 끝납니다), ${RUNS}번 잰 것의 가운데 값.`,
  );
  console.log(
    '  서버 CPU 초는 그동안 서버 프로세스가 쓴 CPU(user+sys). 벽시계 초보다 한참 작으면 병목은 kcat 쪽입니다.',
  );
  const verdict = (ok: boolean) => (ok ? '달성' : '미달');
  console.log(
    `\n  목표 produce ≥ ${fmt(TARGET_RECORDS_PER_S)} records/s: ${verdict(rate(produce.seconds) >= TARGET_RECORDS_PER_S)}` +
      `, 싱크의 ≥ ${TARGET_SINK_RATIO * 100}%: ${verdict(ratio >= TARGET_SINK_RATIO)}`,
  );
  if (args.profile) console.log(`  브로커 CPU 프로파일: ${profileDir} (Chrome DevTools나 speedscope로 엽니다)`);
}

try {
  await main();
} catch (error) {
  console.error(`\n벤치마크 실패: ${error instanceof Error ? error.message : String(error)}`);
  killAll();
  process.exitCode = 1;
}
