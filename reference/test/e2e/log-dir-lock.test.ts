/**
 * 로그 디렉터리 잠금 (Kafka `LogManager.lockLogDirs`): 같은 데이터 디렉터리로 브로커를 둘 띄우면 둘째는 디스크를 읽기
 * 전에 멈추고 까닭을 알립니다. 잠금이 없던 때는 둘째 브로커가 첫째의 메타데이터 로그에 덧붙여 로그를 망가뜨렸고, 둘 다
 * 다시 뜨지 못했습니다 ("로그 끝 8에 오프셋 7을 붙일 수 없습니다"). 학습자가 터미널 둘에서 `npm run broker`를 치는 일입니다.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { courseNodeArgs } from '../../../course/resolve.js';
import { Broker } from '../../src/broker.js';
import { loadConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import {
  kafka,
  killHard,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  reservePort,
  spawnBroker,
  startBroker,
  tempDir,
} from './support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function produce(bootstrap: string, topic: string, values: string[]): Promise<void> {
  const producer = kafka(bootstrap).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

async function values(bootstrap: string, topic: string): Promise<string[]> {
  return ((await readAllWithKcat(bootstrap, topic)).get(0) ?? []).map((r) => r.value);
}

describe('로그 디렉터리 잠금', () => {
  it('같은 프로세스에서: 둘째 브로커는 .lock을 잡지 못해 시작하지 않고, 첫째는 그대로 답하며, 멈춘 뒤에는 다시 뜹니다', async () => {
    const dir = tempDir('log-dir-lock-');
    cleanups.push(() => removeDir(dir));
    let first: RunningBroker | undefined = await startBroker({}, dir);
    cleanups.push(() => first?.stop());
    await produce(first.bootstrap, 'kept', ['a', 'b']);

    const config = loadConfig({ env: { KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0', KAFKA_LOG_DIRS: dir } });
    await expect(Broker.start({ config, logger: createLogger('silent') })).rejects.toThrow(
      `로그 디렉터리 ${dir}의 .lock을 잡지 못했습니다: 이 프로세스의 다른 브로커가 이 디렉터리를 쓰고 있습니다`,
    );
    await produce(first.bootstrap, 'kept', ['c']);
    expect(await values(first.bootstrap, 'kept')).toEqual(['a', 'b', 'c']);

    await first.stop();
    first = undefined;
    const again = await startBroker({}, dir);
    cleanups.push(() => again.stop());
    expect(await values(again.bootstrap, 'kept')).toEqual(['a', 'b', 'c']);
  });

  it('프로세스 둘: 둘째 npm run broker는 첫째의 PID를 대며 1로 끝나고, 첫째를 kill -9한 뒤에는 곧바로 떠서 같은 데이터를 줍니다', async () => {
    const dir = tempDir('log-dir-lock-');
    cleanups.push(() => removeDir(dir));
    const port = await reservePort();
    const first = await spawnBroker(dir, port);
    cleanups.push(() => killHard(first));
    await produce(`127.0.0.1:${port}`, 'kept', ['a', 'b']);

    const second = spawn(process.execPath, [...courseNodeArgs(), path.join(import.meta.dirname, '../../src/main.ts')], {
      env: { ...process.env, KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${await reservePort()}`, KAFKA_LOG_DIRS: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    second.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => second.once('close', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`다른 프로세스(PID ${first.pid})의 브로커가 이 디렉터리를 쓰고 있습니다`);
    expect(await values(`127.0.0.1:${port}`, 'kept')).toEqual(['a', 'b']);

    await killHard(first);
    const restarted = await spawnBroker(dir, port);
    cleanups.push(() => killHard(restarted));
    expect(await values(`127.0.0.1:${port}`, 'kept')).toEqual(['a', 'b']);
  });
});
