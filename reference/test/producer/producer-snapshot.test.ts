import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeProducerSnapshot,
  encodeProducerSnapshot,
  readLatestProducerSnapshot,
  writeProducerSnapshot,
} from '../../src/producer/producer-snapshot.js';
import type { ProducerEntry } from '../../src/producer/producer-state.js';

const entries: ProducerEntry[] = [
  {
    producerId: 4001,
    epoch: 2,
    batches: [
      { firstSeq: 0, lastSeq: 4, firstOffset: 10, lastOffset: 14, timestamp: 1_700_000_000_000 },
      { firstSeq: 5, lastSeq: 5, firstOffset: 20, lastOffset: 20, timestamp: 1_700_000_000_500 },
    ],
    currentTxnFirstOffset: 20,
    coordinatorEpoch: 3,
  },
  {
    producerId: 4002,
    epoch: 0,
    batches: [{ firstSeq: 0, lastSeq: 0, firstOffset: 15, lastOffset: 15, timestamp: 1 }],
    currentTxnFirstOffset: -1,
    coordinatorEpoch: -1,
  },
];

describe('producer state snapshots', () => {
  it('round-trip the recent batches of every producer, guarded by a CRC-32C', () => {
    const bytes = encodeProducerSnapshot(entries);
    expect(decodeProducerSnapshot(bytes)).toEqual(entries);
    const flipped = Buffer.from(bytes);
    flipped.writeUInt8(flipped.readUInt8(20) ^ 1, 20);
    expect(decodeProducerSnapshot(flipped), '바이트 하나가 바뀌면 CRC가 알아봅니다').toBeNull();
    expect(decodeProducerSnapshot(bytes.subarray(0, bytes.length - 3)), '잘린 스냅숏').toBeNull();
  });

  it('keep only the newest snapshot, skip ones past the log end, and delete corrupt ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-'));
    writeProducerSnapshot(dir, 21, entries);
    writeProducerSnapshot(dir, 30, entries.slice(0, 1));
    expect(readdirSync(dir)).toEqual(['00000000000000000030.snapshot']);
    expect(readLatestProducerSnapshot(dir, 40)).toEqual({ offset: 30, entries: entries.slice(0, 1) });
    expect(readLatestProducerSnapshot(dir, 25), '로그가 잘려 로그 끝(25)보다 뒤의 스냅숏은 쓸 수 없습니다').toBeNull();
    expect(readdirSync(dir)).toEqual([]);

    writeProducerSnapshot(dir, 21, entries);
    const file = path.join(dir, '00000000000000000021.snapshot');
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(10) ^ 0xff, 10);
    writeFileSync(file, bytes);
    expect(readLatestProducerSnapshot(dir, 100)).toBeNull();
    expect(readdirSync(dir), '깨진 스냅숏은 지웁니다').toEqual([]);
  });
});
