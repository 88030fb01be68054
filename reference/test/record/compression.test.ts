/**
 * 압축 코덱: Kafka가 쓰는 틀(framing)까지 맞는지. snappy는 xerial 틀(Java)과 틀 없는 블록(librdkafka,
 * kafkajs-snappy, @platformatic/kafka)을 모두 읽어야 하고, lz4는 LZ4 프레임 형식(KIP-57)입니다.
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

  it('zstd and unknown codecs fail with UNSUPPORTED_COMPRESSION_TYPE', () => {
    for (const type of [CompressionType.Zstd, 6 as CompressionType]) {
      const error = (() => {
        try {
          decompress(type, data);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(KafkaError);
      expect((error as KafkaError).code).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    }
  });
});
