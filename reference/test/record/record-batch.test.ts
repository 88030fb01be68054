/**
 * 레코드 배치 v2: Kafka protocol guide "Record Batch"와 "Record". kafkajs 2.2.4의 실제 인코더가 만든
 * 바이트를 읽어 보고, 우리가 만든 바이트를 kafkajs의 디코더로 읽어 봅니다.
 */
import { createRequire } from 'node:module';
import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  CompressionType,
  computeCrc,
  hasValidCrc,
  lastOffsetOf,
  Offsets,
  readBatchHeader,
  setBaseOffset,
} from '../../src/record/batch-header.js';
import {
  decodeBatch,
  decodeBatches,
  encodeBatch,
  TimestampType,
  validateBatch,
} from '../../src/record/record-batch.js';

const require = createRequire(import.meta.url);
const T0 = 1_700_000_000_000;
const text = (s: string) => Buffer.from(s);

const sample = {
  baseOffset: 0,
  records: [
    { key: text('user-1'), value: text('가입'), headers: [{ key: 'trace', value: text('abc') }], timestamp: T0 },
    { key: null, value: text('no key'), headers: [{ key: 'empty', value: null }], timestamp: T0 + 5 },
    { key: text('user-1'), value: null, timestamp: T0 + 2 },
  ],
};

/** kafkajs의 RecordBatch 인코더로 배치를 만듭니다 (프로듀서가 Produce v3+에 싣는 바로 그 바이트). */
async function kafkajsBatch(compression: number): Promise<Buffer> {
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js');
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
  const messages = [
    { key: text('k1'), value: text('v1'), headers: { h: text('x') }, timestamp: T0 },
    { key: null, value: text('v2'), headers: {}, timestamp: T0 + 7 },
  ];
  const records = messages.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: m.timestamp - T0 }));
  const batch = await RecordBatch({
    compression,
    records,
    firstTimestamp: T0,
    maxTimestamp: T0 + 7,
    lastOffsetDelta: records.length - 1,
  });
  return batch.buffer;
}

describe('CRC-32C', () => {
  it('is the Castagnoli CRC: CRC-32C("123456789") = 0xE3069283', () => {
    expect(crc32c(Buffer.from('123456789')) >>> 0).toBe(0xe3069283);
  });

  it('covers the batch from attributes to the end, so baseOffset can be patched without recomputing it', () => {
    // 헤더 앞 21바이트(baseOffset ~ crc) 뒤에 "123456789"만 있는 가짜 배치: CRC 범위가 정확히 그 9바이트입니다.
    const fake = Buffer.concat([Buffer.alloc(Offsets.attributes), Buffer.from('123456789')]);
    expect(computeCrc(fake, 0, { batchLength: fake.length - 12 })).toBe(0xe3069283);

    const batch = encodeBatch(sample);
    setBaseOffset(batch, 0, 1000);
    const header = readBatchHeader(batch);
    expect(header?.baseOffset).toBe(1000);
    expect(header && hasValidCrc(batch, 0, header)).toBe(true);
  });
});

describe('encodeBatch / decodeBatch', () => {
  it('round-trips keys, values, headers, null key and null value with absolute offsets and timestamps', () => {
    const batch = decodeBatch(encodeBatch({ ...sample, baseOffset: 40 }));
    expect(batch.records).toEqual([
      {
        offset: 40,
        timestamp: T0,
        key: text('user-1'),
        value: text('가입'),
        headers: [{ key: 'trace', value: text('abc') }],
      },
      { offset: 41, timestamp: T0 + 5, key: null, value: text('no key'), headers: [{ key: 'empty', value: null }] },
      { offset: 42, timestamp: T0 + 2, key: text('user-1'), value: null, headers: [] },
    ]);
  });

  it('fills the header: deltas from the first record, maxTimestamp, lastOffsetDelta, count, CRC', () => {
    const buf = encodeBatch({ ...sample, producerId: 7, producerEpoch: 1, baseSequence: 3, isTransactional: true });
    const { header } = decodeBatch(buf);
    expect(header).toMatchObject({
      baseOffset: 0,
      batchLength: buf.length - 12,
      partitionLeaderEpoch: -1,
      magic: 2,
      attributes: 0x10,
      lastOffsetDelta: 2,
      baseTimestamp: T0,
      maxTimestamp: T0 + 5,
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 3,
      recordsCount: 3,
    });
    expect(lastOffsetOf(header)).toBe(2);
    expect(hasValidCrc(buf, 0, header)).toBe(true);
  });

  it('defaults to a plain batch: no producer id, epoch or sequence (-1)', () => {
    const { header } = decodeBatch(encodeBatch(sample));
    expect([header.producerId, header.producerEpoch, header.baseSequence, header.attributes]).toEqual([-1, -1, -1, 0]);
  });

  it('LogAppendTime batches give every record the broker time in maxTimestamp', () => {
    const buf = encodeBatch({ ...sample, timestampType: TimestampType.LogAppendTime });
    const { header, records } = decodeBatch(buf);
    expect(header.attributes & 0x08).toBe(0x08);
    expect(records.map((r) => r.timestamp)).toEqual([T0 + 5, T0 + 5, T0 + 5]);
  });

  it.each([
    ['gzip', CompressionType.Gzip],
    ['snappy', CompressionType.Snappy],
    ['lz4', CompressionType.Lz4],
    ['zstd', CompressionType.Zstd],
  ])('%s batches compress only the records and decode to the same records', (_name, compression) => {
    const buf = encodeBatch({ ...sample, compression });
    const { header, records } = decodeBatch(buf);
    expect(header.attributes & 0x07).toBe(compression);
    expect(records).toEqual(decodeBatch(encodeBatch(sample)).records);
    expect(validateBatch(buf)).toMatchObject({ ok: true });
  });

  it('decodeBatches reads concatenated batches and ignores a trailing partial batch (as in Fetch responses)', () => {
    const first = encodeBatch(sample);
    const second = encodeBatch({ ...sample, baseOffset: 3 });
    const third = encodeBatch({ ...sample, baseOffset: 6 });
    const fetched = Buffer.concat([first, second, third.subarray(0, 30)]);
    expect(decodeBatches(fetched).map((b) => b.header.baseOffset)).toEqual([0, 3]);
    expect(decodeBatches(Buffer.concat([first, third.subarray(0, third.length - 1)]))).toHaveLength(1);
    expect(decodeBatches(Buffer.alloc(0))).toEqual([]);
  });

  it('a batch we encode is read back by kafkajs 2.2.4', async () => {
    const RecordBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder.js');
    const Decoder = require('kafkajs/src/protocol/decoder.js');
    const decoded = await RecordBatchDecoder(new Decoder(encodeBatch({ ...sample, baseOffset: 10 })));
    expect(
      decoded.records.map((r: { offset: string; key: Buffer | null }) => [r.offset, r.key?.toString() ?? null]),
    ).toEqual([
      ['10', 'user-1'],
      ['11', null],
      ['12', 'user-1'],
    ]);
    expect(decoded.records[1].headers).toEqual({ empty: null });
  });
});

describe('batches produced by the real kafkajs encoder', () => {
  it.each([
    ['none', CompressionType.None],
    ['gzip', CompressionType.Gzip],
  ])('%s: CRC is valid and records decode with their keys, headers and timestamps', async (_name, compression) => {
    const buf = await kafkajsBatch(compression);
    expect(validateBatch(buf)).toMatchObject({ ok: true });
    const { header, records } = decodeBatch(buf);
    expect(header).toMatchObject({ magic: 2, recordsCount: 2, lastOffsetDelta: 1, maxTimestamp: T0 + 7 });
    expect(header.attributes & 0x07).toBe(compression);
    expect(hasValidCrc(buf, 0, header)).toBe(true);
    expect(records).toEqual([
      { offset: 0, timestamp: T0, key: text('k1'), value: text('v1'), headers: [{ key: 'h', value: text('x') }] },
      { offset: 1, timestamp: T0 + 7, key: null, value: text('v2'), headers: [] },
    ]);
  });
});

describe('validateBatch (what the broker checks on Produce)', () => {
  const good = () => encodeBatch(sample);
  const expectProblem = (buf: Buffer, errorCode: number, message: RegExp) => {
    const result = validateBatch(buf);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ errorCode, message: expect.stringMatching(message) });
  };

  it('accepts a well-formed batch and returns its header', () => {
    expect(validateBatch(good())).toMatchObject({ ok: true, header: { recordsCount: 3 } });
  });

  it('a flipped byte in the records fails the CRC → CORRUPT_MESSAGE', () => {
    const buf = good();
    buf.writeUInt8(buf.readUInt8(buf.length - 1) ^ 0xff, buf.length - 1);
    expectProblem(buf, ErrorCode.CORRUPT_MESSAGE, /CRC/);
  });

  it('a magic other than 2 → CORRUPT_MESSAGE', () => {
    const buf = good();
    buf.writeInt8(1, Offsets.magic);
    expectProblem(buf, ErrorCode.CORRUPT_MESSAGE, /magic 1/);
  });

  it('a batchLength beyond the received bytes, or a short header → CORRUPT_MESSAGE', () => {
    const buf = good();
    expectProblem(buf.subarray(0, buf.length - 1), ErrorCode.CORRUPT_MESSAGE, /batchLength/);
    expectProblem(buf.subarray(0, 40), ErrorCode.CORRUPT_MESSAGE, /61바이트/);
  });

  /** 헤더를 고친 뒤 CRC를 다시 맞춥니다: CRC 검사를 지나 그다음 검사에 걸리게 하려고. */
  const withHeader = (patch: (buf: Buffer) => void) => {
    const buf = good();
    patch(buf);
    buf.writeUInt32BE(computeCrc(buf, 0, { batchLength: buf.length - 12 }), Offsets.crc);
    return buf;
  };

  it('lastOffsetDelta must equal recordsCount − 1 → INVALID_RECORD', () => {
    expectProblem(
      withHeader((b) => b.writeInt32BE(5, Offsets.lastOffsetDelta)),
      ErrorCode.INVALID_RECORD,
      /lastOffsetDelta 5/,
    );
    expectProblem(
      withHeader((b) => b.writeInt32BE(0, Offsets.recordsCount)),
      ErrorCode.INVALID_RECORD,
      /recordsCount 0/,
    );
  });

  it('clients may not write control batches → INVALID_RECORD', () => {
    expectProblem(
      withHeader((b) => b.writeInt16BE(0x20, Offsets.attributes)),
      ErrorCode.INVALID_RECORD,
      /컨트롤/,
    );
  });

  it('an idempotent batch (producerId ≥ 0) needs a baseSequence → INVALID_RECORD', () => {
    expectProblem(
      encodeBatch({ ...sample, producerId: 5, producerEpoch: 0 }),
      ErrorCode.INVALID_RECORD,
      /baseSequence/,
    );
  });

  it('records that do not parse to exactly recordsCount records → CORRUPT_MESSAGE', () => {
    const saysTwo = withHeader((b) => {
      b.writeInt32BE(2, Offsets.recordsCount);
      b.writeInt32BE(1, Offsets.lastOffsetDelta);
    });
    expectProblem(saysTwo, ErrorCode.CORRUPT_MESSAGE, /남았습니다/);
  });

  it('a compressed batch that does not decompress → CORRUPT_MESSAGE', () => {
    const buf = encodeBatch({ ...sample, compression: CompressionType.Gzip });
    buf.fill(0x41, 70);
    buf.writeUInt32BE(computeCrc(buf, 0, { batchLength: buf.length - 12 }), Offsets.crc);
    expectProblem(buf, ErrorCode.CORRUPT_MESSAGE, /읽을 수 없습니다/);
  });

  it('an unknown compression codec → UNSUPPORTED_COMPRESSION_TYPE', () => {
    expectProblem(
      withHeader((b) => b.writeInt16BE(6, Offsets.attributes)),
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
      /6/,
    );
  });
});
