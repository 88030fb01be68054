/**
 * 끝에서 끝까지(e2e) 테스트의 도구: 진짜 브로커를 진짜 TCP 포트에 띄우고, 진짜 클라이언트(kafkajs, kcat)로
 * 말을 겁니다. 브로커는 같은 프로세스 안에서 띄우거나(빠름), `kill -9`를 하려면 자식 프로세스로 띄웁니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { courseNodeArgs } from '../../../course/resolve.js';
import { Broker } from '../../src/broker.js';
import { type Clock, systemClock } from '../../src/runtime/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { Logger } from '../../src/server/logger.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const root = path.resolve(import.meta.dirname, '../../..');

export function tempDir(prefix = 'broker-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface RunningBroker {
  readonly broker: Broker;
  readonly bootstrap: string;
  readonly dir: string;
  /**
   * 브로커가 받아 삼킨 예외들(일어난 순서): 연결을 끊게 한 오류, 파티션 하나를 KAFKA_STORAGE_ERROR로 답하게 한 오류,
   * 주기 작업의 실패. 클라이언트는 "연결이 끊겼다"나 오류 코드만 보므로, 장의 테스트는 실패할 때 첫 예외를 보여 줍니다:
   * 학습자의 코드(브로커가 import 해석으로 가져온 학습자의 모듈, course/resolve.ts)에서 난 오류와 그 자리입니다.
   */
  readonly brokerErrors: readonly unknown[];
  stop(): Promise<void>;
}

/**
 * 같은 프로세스 안에 브로커를 띄웁니다. `env`는 KAFKA_* 설정입니다. `options.now`를 주면 브로커의 벽시계가 그 시각을
 * 읽습니다 (보존 검사나 만료를 기다리지 않으려고 시각을 앞으로 돌릴 때; 단조 시계와 타이머는 진짜 시계의 것이라,
 * NTP가 시계를 맞춘 것과 같습니다).
 * 장의 테스트에서는 브로커가 그 장의 모듈을 학습자의 것으로 가져옵니다 (vitest.config.ts의 플러그인).
 */
export async function startBroker(
  env: Record<string, string> = {},
  dir = tempDir(),
  options: { readonly now?: () => number } = {},
): Promise<RunningBroker> {
  const config = loadConfig({
    env: { KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0', KAFKA_LOG_DIRS: dir, ...env },
  });
  const { now } = options;
  const clock: Clock | undefined = now && {
    now,
    monotonicMs: () => systemClock.monotonicMs(),
    schedule: (delayMs, fn) => systemClock.schedule(delayMs, fn),
    cancel: (handle) => systemClock.cancel(handle),
  };
  // 아무것도 찍지 않고, 경고·오류에 딸린 예외만 모아 둡니다.
  const brokerErrors: unknown[] = [];
  const remember = (_message: string, cause?: unknown) => {
    if (cause !== undefined) brokerErrors.push(cause);
  };
  const logger: Logger = { debug: () => {}, info: () => {}, warn: remember, error: remember };
  const broker = await Broker.start({ config, logger, clock });
  return {
    broker,
    bootstrap: `127.0.0.1:${broker.port}`,
    dir,
    brokerErrors,
    stop: () => broker.stop(),
  };
}

/**
 * `body`가 실패하면, 그동안 브로커가 삼킨 첫 예외가 있으면 그것을 대신 던집니다. 여러 테스트가 브로커 하나를 나눠 쓸 때
 * 앞 테스트의 오류가 섞이지 않게 씁니다.
 */
export async function surfacingBrokerErrors<T>(running: RunningBroker, body: () => Promise<T>): Promise<T> {
  const before = running.brokerErrors.length;
  try {
    return await body();
  } catch (error) {
    throw running.brokerErrors[before] ?? error;
  }
}

/** 자식 브로커에게 줄 포트 (같은 포트로 다시 띄울 때도): 고르고 잡는 규칙은 scripts/lib/ports.ts에 */
export { reservePort } from '../../../scripts/lib/ports.js';

/**
 * `npm run broker`와 같은 브로커를 자식 프로세스로 띄우고, 준비될 때까지(펜싱이 풀려 "준비되었습니다"를 찍을 때까지)
 * 기다립니다. 쿼럼의 노드는 선거와 등록을 기다리므로 더 긴 `readyTimeoutMs`를 줍니다. `env`에 `COURSE_CHAPTER`를 주면
 * 자식의 브로커도 그 장의 모듈을 학습자의 것으로 가져옵니다 (course/register.ts; 스타터냐 해답이냐는 COURSE_TARGET,
 * 장의 테스트에서는 vitest 프로젝트가 정해 둡니다).
 */
export async function spawnBroker(
  dir: string,
  port: number,
  env: Record<string, string> = {},
  readyTimeoutMs = 15_000,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...courseNodeArgs(), path.join(root, 'reference/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_LOG_DIRS: dir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    // 뜨지 않은 자식도 PID로 멈춥니다: 시험은 실패해도 프로세스를 남기지 않습니다.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`브로커가 ${readyTimeoutMs / 1000}초 안에 뜨지 않았습니다:\n${output}`));
    }, readyTimeoutMs);
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
      reject(new Error(`브로커가 시작하다 끝났습니다 (code ${code}):\n${output}`));
    });
  });
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export function kafka(bootstrap: string, clientId = 'e2e'): Kafka {
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
  });
}

/**
 * kcat을 실행하고 표준 출력을 돌려줍니다. 실패하면 stderr와 함께 던집니다.
 * 같은 프로세스 안의 브로커가 답할 수 있도록 반드시 비동기로 기다립니다 (spawnSync는 이벤트 루프를 막습니다).
 */
export function kcat(args: string[], input?: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const why = timedOut ? '60초 안에 끝나지 않아 멈췄습니다' : `code ${code}`;
      reject(new Error(`kcat ${args.join(' ')} 실패 (${why}): ${err.slice(-4000)}`));
    });
    child.stdin.end(input ?? '');
  });
}

export interface KcatRecord {
  readonly offset: number;
  readonly key: string;
  readonly value: string;
}

/**
 * kcat으로 토픽의 모든 레코드를 처음부터 끝까지 읽습니다 (컨슈머 그룹 없이): 파티션마다 오프셋 순서대로.
 * librdkafka는 기본이 read_committed라 LSO에서 끝납니다. `extra`로 `-X isolation.level=read_uncommitted` 등을 더합니다.
 */
export async function readAllWithKcat(
  bootstrap: string,
  topic: string,
  extra: readonly string[] = [],
): Promise<Map<number, KcatRecord[]>> {
  // 값에 나올 수 없는 문자(\x1f, \x1e)로 필드와 레코드를 나눕니다. -q를 주지 않아, 끝나지 않으면 오류에 kcat이
  // stderr에 남긴 "Reached end of topic … [파티션]" 줄이 실려 어느 파티션의 끝에 닿지 못했는지 보입니다.
  const out = await kcat([
    ...extra,
    '-b',
    bootstrap,
    '-C',
    '-t',
    topic,
    '-o',
    'beginning',
    '-e',
    '-f',
    '%p\x1f%o\x1f%k\x1f%s\x1e',
  ]);
  const byPartition = new Map<number, KcatRecord[]>();
  for (const line of out.split('\x1e')) {
    if (line === '') continue;
    const [p, o, key = '', value = ''] = line.split('\x1f');
    const partition = Number(p);
    const list = byPartition.get(partition) ?? [];
    list.push({ offset: Number(o), key, value });
    byPartition.set(partition, list);
  }
  return byPartition;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
