/**
 * 압축 코덱: Kafka가 쓰는 틀(framing)까지 맞는지. snappy는 xerial 틀(Java)과 틀 없는 블록(librdkafka,
 * kafkajs-snappy, @platformatic/kafka)을 모두 읽어야 하고, lz4는 LZ4 프레임 형식(KIP-57), zstd는 표준 프레임(KIP-110)입니다.
 */
import { gzipSync } from 'node:zlib';
import { lz4Compress, lz4Decompress, snappyCompress } from '@platformatic/wasm-utils';
import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { CompressionType } from '../../src/record/batch-header.js';
import { compress, decompress } from '../../src/record/compression.js';

/** 블록 여러 개가 필요한 크기(xerial 블록은 32 KiB), 압축이 잘 되는 내용 */
const data = Buffer.from('kafka record batch '.repeat(5000));

describe('compression codecs', () => {
  it.each([
    ['none', CompressionType.None],
    ['gzip', CompressionType.Gzip],
    ['snappy', CompressionType.Snappy],
    ['lz4', CompressionType.Lz4],
    ['zstd', CompressionType.Zstd],
  ])('%s round-trips', (_name, type) => {
    const compressed = compress(type, data);
    if (type !== CompressionType.None) expect(compressed.length).toBeLessThan(data.length / 4);
    expect(decompress(type, compressed)).toEqual(data);
  });

  it('gzip reads any standard gzip stream (what Java and kafkajs send)', () => {
    expect(decompress(CompressionType.Gzip, gzipSync(data))).toEqual(data);
  });

  it('snappy writes the xerial framing of the Java client: magic, version 1, compatible 1, length-prefixed blocks', () => {
    const framed = compress(CompressionType.Snappy, data);
    expect(framed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    const firstBlock = framed.readInt32BE(16);
    expect(framed.length).toBeGreaterThan(20 + firstBlock);
  });

  it('snappy also reads a plain raw block, as librdkafka, kafkajs-snappy and @platformatic/kafka write it', () => {
    expect(decompress(CompressionType.Snappy, compressSync(data))).toEqual(data);
    expect(decompress(CompressionType.Snappy, Buffer.from(snappyCompress(data)))).toEqual(data);
  });

  it('a truncated xerial stream is an error, not silently shorter data', () => {
    const framed = compress(CompressionType.Snappy, data);
    expect(() => decompress(CompressionType.Snappy, framed.subarray(0, framed.length - 10))).toThrow(/잘렸습니다/);
  });

  it('lz4 uses the standard LZ4 frame format that @platformatic/kafka reads and writes (KIP-57)', () => {
    const ours = compress(CompressionType.Lz4, data);
    expect(ours.readUInt32LE(0)).toBe(0x184d2204); // LZ4 프레임 매직 넘버
    expect(Buffer.from(lz4Decompress(ours))).toEqual(data);
    expect(decompress(CompressionType.Lz4, Buffer.from(lz4Compress(data)))).toEqual(data);
  });

  it('zstd reads a frame without the content size, as streaming compressors (Java zstd-jni) write it', () => {
    // 손으로 만든 zstd 프레임: 매직, FHD 0x00(원래 크기 없음), 창 128 KiB, RLE 블록 16개 × 128 KiB 의 0 = 2 MiB.
    // 원래 크기를 모르니 첫 출력 버퍼(1 MiB)가 모자라고, 두 배로 늘려 다시 풀어야 합니다.
    const blocks = Array.from({ length: 16 }, (_, i) => {
      const header = ((128 * 1024) << 3) | (1 << 1) | (i === 15 ? 1 : 0); // 크기, 블록 종류 RLE, 마지막 블록
      return Buffer.from([header & 0xff, (header >> 8) & 0xff, header >> 16, 0x00]);
    });
    const frame = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]), ...blocks]);
    const out = decompress(CompressionType.Zstd, frame);
    expect(out.length).toBe(2 * 1024 * 1024);
    expect(out.every((byte) => byte === 0)).toBe(true);
  });

  it('corrupt zstd data is an error', () => {
    expect(() => decompress(CompressionType.Zstd, Buffer.from('not a zstd frame'))).toThrow();
  });

  it('codec ids 5-7 fail with UNSUPPORTED_COMPRESSION_TYPE', () => {
    for (const type of [5, 6, 7]) {
      let caught: unknown;
      try {
        decompress(type as CompressionType, data);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(KafkaError);
      expect((caught as KafkaError).code).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    }
  });
});
