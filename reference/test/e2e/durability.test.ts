/**
 * 내구성: 확인 응답(ack)을 받은 레코드는 브로커가 멈춰도 사라지지 않아야 합니다.
 * - 깨끗한 재시작: 멈췄다 다시 켠 브로커에서 그대로 읽힙니다.
 * - kill -9: kafkajs가 acks=1로 보내는 도중에 브로커 프로세스를 죽입니다. 다시 켜면 (복구를 거쳐)
 *   응답을 받은 레코드가 모두, 받은 오프셋 그대로 있고, 모든 세그먼트와 인덱스가 올바릅니다.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { batchSize, hasValidCrc, lastOffsetOf, readBatchHeader } from '../../src/record/batch-header.js';
import {
  kafka,
  killHard,
  readAllWithKcat,
  removeDir,
  reservePort,
  spawnBroker,
  startBroker,
  tempDir,
} from './support.js';

describe('durability', () => {
  it('a clean restart between produce and consume loses nothing', async () => {
    const dir = tempDir();
    let running = await startBroker({ KAFKA_NUM_PARTITIONS: '2' }, dir);
    const producer = kafka(running.bootstrap).producer();
    await producer.connect();
    await producer.send({
      topic: 'restart',
      messages: Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 5}`, value: `v${i}` })),
    });
    await producer.disconnect();
    await running.stop();

    running = await startBroker({ KAFKA_NUM_PARTITIONS: '2' }, dir);
    try {
      const partitions = await readAllWithKcat(running.bootstrap, 'restart');
      const values = [...partitions.values()].flat().map((r) => r.value);
      expect(values.sort()).toEqual(Array.from({ length: 300 }, (_, i) => `v${i}`).sort());
    } finally {
      await running.stop();
      removeDir(dir);
    }
  }, 30_000);

  it('kill -9 while kafkajs produces with acks=1: every acknowledged record survives and the files validate', async () => {
    const dir = tempDir();
    const port = await reservePort();
    // 작은 세그먼트와 인덱스 간격으로, 죽는 순간 여러 세그먼트와 인덱스 항목이 있게 합니다.
    const env = { KAFKA_LOG_SEGMENT_BYTES: String(16 * 1024), KAFKA_LOG_INDEX_INTERVAL_BYTES: '512' };
    let child = await spawnBroker(dir, port, env);
    const bootstrap = `127.0.0.1:${port}`;
    const acknowledged = new Map<string, number>(); // 값 → 받은 오프셋
    const producer: Producer = kafka(bootstrap).producer({ retry: { retries: 0 } });
    try {
      await producer.connect();
      let killed = false;
      let sent = 0;
      const sending = (async () => {
        while (!killed) {
          const batch = Array.from({ length: 20 }, () => `r${sent++}`);
          try {
            const [meta] = await producer.send({
              topic: 'crash',
              acks: 1,
              messages: batch.map((value) => ({ value })),
            });
            const base = Number(meta?.baseOffset);
            for (const [i, value] of batch.entries()) acknowledged.set(value, base + i);
          } catch {
            // 죽는 순간의 요청은 실패할 수 있습니다. 응답을 못 받은 레코드는 약속한 적이 없습니다.
          }
        }
      })();
      while (acknowledged.size < 3000) await new Promise((resolve) => setTimeout(resolve, 20));
      await killHard(child);
      killed = true;
      await sending;
    } finally {
      await producer.disconnect().catch(() => {});
    }

    child = await spawnBroker(dir, port, env);
    try {
      const records = (await readAllWithKcat(bootstrap, 'crash')).get(0) ?? [];
      const stored = new Map(records.map((r) => [r.value, r.offset]));
      for (const [value, offset] of acknowledged) {
        expect(stored.get(value), `응답을 받은 ${value}(오프셋 ${offset})가 사라졌습니다`).toBe(offset);
      }
      expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
    } finally {
      await killHard(child);
    }
    // 다시 죽인 뒤의 파일도 검사합니다: 세그먼트는 배치 경계에서 끝나고, 인덱스는 배치 시작을 가리킵니다.
    validatePartitionDir(path.join(dir, 'crash-0'));
    removeDir(dir);
  }, 60_000);
});

/** 세그먼트의 모든 배치가 CRC를 통과하고 오프셋이 이어지며, .index 항목이 모두 배치 시작을 가리키는지 */
function validatePartitionDir(dir: string): void {
  const logs = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  expect(logs.length, '세그먼트가 여러 개여야 합니다').toBeGreaterThan(1);
  let expectedOffset = 0;
  for (const name of logs) {
    const baseOffset = Number(name.slice(0, 20));
    const log = readFileSync(path.join(dir, name));
    const batchStarts = new Map<number, number>(); // 위치 → 배치의 baseOffset
    let position = 0;
    while (position < log.length) {
      const header = readBatchHeader(log, position);
      expect(header, `${name} ${position}에서 배치 헤더를 읽을 수 없습니다`).not.toBeNull();
      if (!header) return;
      expect(hasValidCrc(log, position, header), `${name} ${position}의 CRC`).toBe(true);
      expect(header.baseOffset).toBe(expectedOffset);
      batchStarts.set(position, header.baseOffset);
      expectedOffset = lastOffsetOf(header) + 1;
      position += batchSize(header);
    }
    expect(position, `${name}는 배치 경계에서 끝나야 합니다`).toBe(log.length);

    const index = readFileSync(path.join(dir, name.replace('.log', '.index')));
    expect(index.length % 8).toBe(0);
    for (let at = 0; at < index.length; at += 8) {
      const offset = baseOffset + index.readInt32BE(at);
      const filePosition = index.readInt32BE(at + 4);
      const batchBase = batchStarts.get(filePosition);
      expect(batchBase, `${name} 인덱스 항목 ${at / 8}이 배치 시작이 아닌 ${filePosition}을 가리킵니다`).toBeDefined();
      expect(offset).toBeGreaterThanOrEqual(batchBase as number);
    }
  }
}
