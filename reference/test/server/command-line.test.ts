/**
 * 명령줄 읽기(`server/command-line.ts`)와 `npm run broker`가 잘못된 사용법·설정에 주는 답. 브로커는 진짜 자식 프로세스로
 * 띄웁니다: 학습자가 터미널에서 보는 그 출력과 종료 코드입니다.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { courseNodeArgs } from '../../../course/resolve.js';
import { root } from '../../../scripts/lib/course-files.js';
import { describeParseError } from '../../src/server/command-line.js';
import { removeDir, tempDir } from '../e2e/support.js';

function parseError(args: string[]): unknown {
  try {
    parseArgs({ args, options: { config: { type: 'string', short: 'c' }, watch: { type: 'boolean' } } });
  } catch (error) {
    return error;
  }
  throw new Error('parseArgs가 던지지 않았습니다');
}

describe('describeParseError: parseArgs의 영어 오류를 한국어 한 줄로', () => {
  it.each([
    [['--wach'], '--wach는 알 수 없는 옵션입니다.'],
    [['-x'], '-x는 알 수 없는 옵션입니다.'],
    [['extra'], 'extra는 알 수 없는 인자입니다.'],
    [['--config'], '--config 뒤에 값을 줍니다.'],
    [['-c'], '--config 뒤에 값을 줍니다.'],
    [['--watch=yes'], '--watch는 값을 받지 않습니다.'],
  ])('%j → %s', (args, expected) => {
    expect(describeParseError(parseError(args))).toBe(expected);
  });

  it('parseArgs의 오류가 아니면 undefined (다시 던지도록)', () => {
    expect(describeParseError(new Error('other'))).toBeUndefined();
    expect(describeParseError('text')).toBeUndefined();
  });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run broker -- <args>`와 같은 자식. 시작에 실패하는 경우만 돌리므로 10초 안에 끝나야 합니다. */
function broker(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...courseNodeArgs(), path.join(root, 'reference/src/main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`브로커가 10초 안에 끝나지 않았습니다:\n${stdout}${stderr}`));
    }, 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run broker: 잘못된 사용법과 설정에는 스택 대신 까닭 한 줄', () => {
  const dir = tempDir('broker-cli-');
  afterAll(() => removeDir(dir));
  const env = { KAFKA_LOG_DIRS: dir, KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0' };

  it('--help는 사용법을 표준 출력에 찍고 0', async () => {
    const run = await broker(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run broker -- --config my.properties');
    expect(run.stderr).toBe('');
  });

  it('모르는 옵션, 값이 빠진 옵션, 받지 않는 인자, 없는 로그 수준: 무엇이 틀렸는지와 사용법, 종료 코드 2', async () => {
    for (const [args, problem] of [
      [['--confg', 'x'], '--confg는 알 수 없는 옵션입니다.'],
      [['--config'], '--config 뒤에 값을 줍니다.'],
      [['data'], 'data는 알 수 없는 인자입니다.'],
      [['--log-level', 'loud'], '로그 수준 loud는 쓸 수 없습니다.'],
    ] as const) {
      const run = await broker([...args], env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(problem);
      expect(run.stderr).toContain('npm run broker -- --config my.properties');
      expect(run.stderr).not.toContain('    at ');
    }
  });

  it('없는 설정 파일과 타입이 틀린 값은 시작하지 않고 1 (Kafka: KafkaConfig가 시작할 때 모든 값을 읽음)', async () => {
    const missing = await broker(['--config', path.join(dir, 'nope.properties')], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`설정 파일이 없습니다: ${path.join(dir, 'nope.properties')}`);

    const file = path.join(dir, 'bad.properties');
    writeFileSync(file, 'num.partitions=abc\n');
    const bad = await broker(['--config', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      '설정이 틀려 시작하지 않습니다: Invalid value abc for configuration num.partitions: Not a number of type INT',
    );
    // 환경 변수도 같은 검사를 거칩니다: 처음 쓰는 때(토픽 자동 생성)가 아니라 시작할 때 알립니다.
    const fromEnv = await broker([], { ...env, KAFKA_LOG_SEGMENT_BYTES: '5' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout).toContain('Invalid value 5 for configuration log.segment.bytes: Value must be at least 14');
    for (const run of [missing, bad, fromEnv]) expect(`${run.stdout}${run.stderr}`).not.toContain('    at ');
  });
});
