/**
 * 2장 테스트 도우미: 임시 디렉터리, 가짜 시계, 배치 만들기, 디스크 파일 읽기. 테스트는 고치지 마세요.
 *
 * 배치는 reference의 레코드 배치 v2 인코더(`encodeBatch`)로 만듭니다. 프로듀서처럼 baseOffset은 0이고
 * 리더 에포크는 −1입니다. 브로커가 디스크에 쓰는 바이트는 같은 배치에 baseOffset과 partitionLeaderEpoch만
 * 채워 다시 인코딩한 것과 같아야 합니다 (두 필드는 CRC 범위 밖입니다. Kafka protocol guide: Record Batch).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { encodeBatch, type RecordBatchInput } from '../../../reference/src/record/record-batch.js';
import type { LogConfig } from '../../../reference/src/storage/log-config.js';
import { UnifiedLog, type UnifiedLogOptions } from '../src/unified-log.js';

export const T0 = 1_700_000_000_000;
/** 테스트가 쓰는 리더 에포크. 브로커가 배치 헤더의 partitionLeaderEpoch에 적습니다. */
export const EPOCH = 7;
/** 타임스탬프가 없는 레코드 (Kafka의 RecordBatch.NO_TIMESTAMP) */
export const NO_TIMESTAMP = -1;

const created: string[] = [];

/** 테스트마다 새 임시 디렉터리. 테스트가 끝나면 지웁니다. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-ch2-'));
  created.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** 가짜 시계: 로그에 `now`를 주입하고 `advance(ms)`로 시간을 흘립니다. */
export function fakeClock(start = T0) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

/**
 * 값 10바이트짜리 레코드를 타임스탬프마다 하나씩 담은 배치의 설명. 레코드 하나는 17바이트라서
 * 배치 크기는 61(헤더) + 17 × 레코드 수입니다: 1개 78, 2개 95, 3개 112바이트.
 */
export function spec(timestamps: readonly number[]): RecordBatchInput {
  return {
    records: timestamps.map((timestamp) => ({ key: null, value: Buffer.from('v'.repeat(10)), timestamp })),
  };
}

/** 프로듀서가 보내는 바이트 */
export function produced(batch: RecordBatchInput): Buffer {
  return encodeBatch(batch);
}

/** 브로커가 .log에 써야 하는 바이트: baseOffset과 리더 에포크만 채운 같은 배치 */
export function stored(batch: RecordBatchInput, baseOffset: number): Buffer {
  return encodeBatch({ ...batch, baseOffset, partitionLeaderEpoch: EPOCH });
}

export function openLog(
  config: Partial<LogConfig>,
  options: Partial<Omit<UnifiedLogOptions, 'config'>> = {},
): { log: UnifiedLog; dir: string } {
  const dir = options.dir ?? tempDir();
  const log = UnifiedLog.open({ topic: 'orders', partition: 0, now: fakeClock().now, ...options, dir, config });
  return { log, dir };
}

/** 배치들을 차례로 쓰고 각 배치가 받은 첫 오프셋을 돌려줍니다. */
export function appendAll(log: UnifiedLog, batches: readonly RecordBatchInput[]): number[] {
  return batches.map((b) => log.appendAsLeader(produced(b), EPOCH).baseOffset);
}

/** 세그먼트 파일 이름의 앞부분: 20자리로 0을 채운 baseOffset */
export function seg(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

export function files(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

export function read(dir: string, name: string): Buffer {
  return fs.readFileSync(path.join(dir, name));
}

/** .index 파일을 (상대 오프셋, 위치) 항목들로 읽습니다. 길이가 8의 배수가 아니면 남는 바이트 수를 붙입니다. */
export function offsetEntries(buf: Buffer): (number[] | string)[] {
  const entries: (number[] | string)[] = [];
  for (let at = 0; at + 8 <= buf.length; at += 8) entries.push([buf.readInt32BE(at), buf.readInt32BE(at + 4)]);
  if (buf.length % 8 !== 0) entries.push(`남는 ${buf.length % 8}바이트`);
  return entries;
}

/** .timeindex 파일을 (타임스탬프, 상대 오프셋) 항목들로 읽습니다. */
export function timeEntries(buf: Buffer): (number[] | string)[] {
  const entries: (number[] | string)[] = [];
  for (let at = 0; at + 12 <= buf.length; at += 12) {
    entries.push([Number(buf.readBigInt64BE(at)), buf.readInt32BE(at + 8)]);
  }
  if (buf.length % 12 !== 0) entries.push(`남는 ${buf.length % 12}바이트`);
  return entries;
}

/** 오프셋 인덱스 항목들의 기대 바이트: 항목마다 relativeOffset int32, position int32 (빅엔디언) */
export function offsetIndexBytes(entries: readonly (readonly [relativeOffset: number, position: number])[]): Buffer {
  const buf = Buffer.alloc(entries.length * 8);
  entries.forEach(([relative, position], i) => {
    buf.writeInt32BE(relative, i * 8);
    buf.writeInt32BE(position, i * 8 + 4);
  });
  return buf;
}

/** 타임 인덱스 항목들의 기대 바이트: 항목마다 timestamp int64, relativeOffset int32 (빅엔디언) */
export function timeIndexBytes(entries: readonly (readonly [timestamp: number, relativeOffset: number])[]): Buffer {
  const buf = Buffer.alloc(entries.length * 12);
  entries.forEach(([timestamp, relative], i) => {
    buf.writeBigInt64BE(BigInt(timestamp), i * 12);
    buf.writeInt32BE(relative, i * 12 + 8);
  });
  return buf;
}

/** 파일의 바이트 하나를 뒤집습니다 (디스크가 망가진 것처럼). */
export function flipByte(file: string, position: number): void {
  const bytes = fs.readFileSync(file);
  bytes[position] = (bytes[position] as number) ^ 0xff;
  fs.writeFileSync(file, bytes);
}
