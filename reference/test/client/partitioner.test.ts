/**
 * 파티셔너: Java `Utils.murmur2`/`Utils.toPositive`/`BuiltInPartitioner`(KIP-480, KIP-794)와 kafkajs의 파티셔너 모양.
 * 기댓값은 공개된 Java 값(java-vectors.ts)과 kafkajs 2.2.4의 DefaultPartitioner(Java와 같은 murmur2)입니다.
 */
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { type ICustomPartitioner, Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  createJavaCompatiblePartitioner,
  DEFAULT_BATCH_SIZE_BYTES,
  keyBytes,
  murmur2,
  partitionForKey,
  RoundRobinPartitioner,
  recordBytes,
  StickyPartitioner,
  toPositive,
} from '../../src/client/partitioner.js';
import { kafkajsJavaTest, kafkaUtilsTest, librdkafkaJavaResults, librdkafkaPartitionerTest } from './java-vectors.js';

/** 정해진 수열을 차례로 돌려주는 random (다 쓰면 실패합니다) */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => {
    const v = values[i++];
    if (v === undefined) throw new Error('random을 예상보다 많이 불렀습니다');
    return v;
  };
}

/** 씨앗(seed)을 받는 작은 PRNG (mulberry32). 같은 씨앗이면 같은 키들이 나옵니다. */
function seeded(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0x7fffffff;
  };
}

function metadata(count: number, leaderless: readonly number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
  }));
}

describe('murmur2 (Utils.murmur2)', () => {
  it('matches UtilsTest.testMurmur2 from the Kafka Java client', () => {
    for (const [key, expected] of kafkaUtilsTest) expect(murmur2(Buffer.from(key)), key).toBe(expected);
  });

  it("matches librdkafka's java_murmur2_results, covering tails of 0-3 bytes and the empty key", () => {
    for (const [key, expected] of librdkafkaJavaResults) expect(murmur2(Buffer.from(key)), key).toBe(expected);
  });

  it("matches the Java values in kafkajs's murmur2 spec", () => {
    for (const [key, expected] of kafkajsJavaTest) expect(murmur2(Buffer.from(key)), key).toBe(expected);
  });

  it('returns a signed int32, like a Java int', () => {
    for (const [key] of [...kafkaUtilsTest, ...librdkafkaJavaResults]) {
      const h = murmur2(Buffer.from(key));
      expect(h).toBe(h | 0);
    }
  });

  it('hashes the UTF-8 bytes of a string key, as StringSerializer and kafkajs do', () => {
    expect(keyBytes('사용자:42')).toEqual(
      Buffer.from([0xec, 0x82, 0xac, 0xec, 0x9a, 0xa9, 0xec, 0x9e, 0x90, 0x3a, 0x34, 0x32]),
    );
    expect(keyBytes(Buffer.from([1, 2, 3]))).toEqual(Buffer.from([1, 2, 3]));
  });
});

describe('toPositive and partitionForKey', () => {
  it('toPositive clears the sign bit instead of taking the absolute value', () => {
    expect(toPositive(0)).toBe(0);
    expect(toPositive(5)).toBe(5);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-973932308)).toBe(1173551340);
    expect(toPositive(2147483647)).toBe(2147483647);
  });

  it("partitions like librdkafka's murmur2 expectations (tests/0048-partitioner.c) for 17 and 7 partitions", () => {
    for (const [key, positive] of librdkafkaPartitionerTest) {
      expect(toPositive(murmur2(Buffer.from(key))), key).toBe(positive);
      expect(partitionForKey(Buffer.from(key), 17), key).toBe(positive % 17);
      expect(partitionForKey(Buffer.from(key), 7), key).toBe(positive % 7);
    }
  });

  it("differs from librdkafka's default (consistent_random, CRC32) for most keys", () => {
    const keys = librdkafkaPartitionerTest.filter(([key]) => key !== '');
    const differs = keys.filter(([key, positive, crc]) => {
      expect(crc32(key) >>> 0, `CRC32 of ${key}`).toBe(crc);
      return positive % 17 !== crc % 17;
    });
    expect(differs.length).toBe(keys.length);
  });

  it('negative hashes still give a partition in range', () => {
    for (const [key, h] of kafkaUtilsTest.filter(([, h]) => h < 0)) {
      const p = partitionForKey(Buffer.from(key), 3);
      expect(p).toBe((h & 0x7fffffff) % 3);
      expect(p).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects a partition count that is not a positive integer', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => partitionForKey(Buffer.from('k'), bad)).toThrow(RangeError);
    }
  });

  it("agrees with kafkajs's DefaultPartitioner (Java-compatible) for 500 random keys and several partition counts", () => {
    const theirs = Partitioners.DefaultPartitioner();
    const rand = seeded(4);
    for (let i = 0; i < 500; i++) {
      // 바이트 키 절반, 한글과 이모지가 섞인 문자열 키 절반
      const key =
        i % 2 === 0
          ? randomBytes(rand() % 40)
          : Array.from({ length: rand() % 12 }, () => ['a', 'Z', '9', '쿠', '폰', '😀', ':'][rand() % 7]).join('');
      for (const count of [1, 3, 7, 10, 17, 100]) {
        const expected = theirs({ topic: 't', partitionMetadata: metadata(count), message: { key, value: null } });
        expect(partitionForKey(keyBytes(key), count), `key ${JSON.stringify(key)}, ${count} partitions`).toBe(expected);
      }
    }
  });

  it('LegacyPartitioner of kafkajs (1.x default) is not Java-compatible: it puts some keys elsewhere', () => {
    const legacy = Partitioners.LegacyPartitioner();
    const keys = Array.from({ length: 200 }, (_, i) => `user:${i}`);
    const moved = keys.filter(
      (key) =>
        legacy({ topic: 't', partitionMetadata: metadata(10), message: { key, value: null } }) !==
        partitionForKey(keyBytes(key), 10),
    );
    expect(moved.length).toBeGreaterThan(100);
  });
});

describe('StickyPartitioner (uniform sticky, KIP-794 without adaptive weights)', () => {
  it('stays on one partition until batchSizeBytes are sent, then picks uniformly among available partitions', () => {
    const sticky = new StickyPartitioner(250, sequence(7, 9, 5));
    const chosen = Array.from({ length: 9 }, () => sticky.partition('t', [0, 1, 2], 3, 100));
    // 7 % 3 = 1, 9 % 3 = 0, 5 % 3 = 2. 100바이트 레코드 세 개(300 ≥ 250)마다 바꿉니다.
    expect(chosen).toEqual([1, 1, 1, 0, 0, 0, 2, 2, 2]);
  });

  it('the record that fills the batch still goes to the current partition; an exact fill switches', () => {
    const sticky = new StickyPartitioner(200, sequence(0, 1));
    expect([100, 100, 100].map((size) => sticky.partition('t', [0, 1], 2, size))).toEqual([0, 0, 1]);
  });

  it('may pick the same partition again, as KIP-794 does', () => {
    const sticky = new StickyPartitioner(1, sequence(4, 2, 1));
    expect([1, 1, 1].map((size) => sticky.partition('t', [0, 1], 2, size))).toEqual([0, 0, 1]);
  });

  it('keeps one sticky partition per topic', () => {
    const sticky = new StickyPartitioner(DEFAULT_BATCH_SIZE_BYTES, sequence(1, 2));
    expect(sticky.partition('a', [0, 1, 2], 3, 10)).toBe(1);
    expect(sticky.partition('b', [0, 1, 2], 3, 10)).toBe(2);
    expect(sticky.partition('a', [0, 1, 2], 3, 10)).toBe(1);
  });

  it('picks only partitions with a leader, or any partition when none has one', () => {
    const sticky = new StickyPartitioner(1, sequence(0, 1, 2, 3, 5));
    expect([0, 1, 2, 3].map(() => sticky.partition('t', [0, 2], 3, 1))).toEqual([0, 2, 0, 2]);
    expect(sticky.partition('t', [], 3, 1)).toBe(2);
  });

  it('rejects a batch size below one byte', () => {
    expect(() => new StickyPartitioner(0)).toThrow(RangeError);
  });
});

describe('RoundRobinPartitioner', () => {
  it('rotates record by record from a random start, per topic', () => {
    const rr = new RoundRobinPartitioner(sequence(4, 0));
    expect(Array.from({ length: 6 }, () => rr.partition('a', [0, 1, 2], 3))).toEqual([1, 2, 0, 1, 2, 0]);
    expect(rr.partition('b', [0, 1, 2], 3)).toBe(0);
  });

  it('wraps the counter like a Java int and keeps choosing valid partitions through toPositive', () => {
    const rr = new RoundRobinPartitioner(sequence(2147483646));
    // 2147483646, 2147483647, 그다음은 -2147483648 → toPositive → 0, -2147483647 → 1
    expect(Array.from({ length: 4 }, () => rr.partition('t', [0, 1, 2], 3))).toEqual([0, 1, 0, 1]);
  });

  it('skips partitions without a leader', () => {
    const rr = new RoundRobinPartitioner(sequence(0));
    expect(Array.from({ length: 4 }, () => rr.partition('t', [1, 2], 3))).toEqual([1, 2, 1, 2]);
  });
});

describe('createJavaCompatiblePartitioner (kafkajs createPartitioner)', () => {
  it('has the shape kafkajs expects', () => {
    const factory: ICustomPartitioner = createJavaCompatiblePartitioner();
    expect(typeof factory()).toBe('function');
  });

  it('an explicit partition wins, keys hash with murmur2 over all partitions, keyless records stick', () => {
    const partition = createJavaCompatiblePartitioner({ random: sequence(2) })();
    const partitionMetadata = metadata(3, [0]);
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 0 } })).toBe(0);
    // foobar: toPositive(-790332482) % 3 = 0. 리더가 없는 파티션 0이어도 키의 파티션은 바뀌지 않습니다.
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'foobar', value: 'v' } })).toBe(0);
    expect(partition({ topic: 't', partitionMetadata, message: { key: Buffer.from('foobar'), value: 'v' } })).toBe(0);
    // 키 없는 레코드: 리더가 있는 [1, 2] 중 2 % 2 = 0번째 → 파티션 1, 그리고 계속 1
    const keyless = Array.from({ length: 5 }, () =>
      partition({ topic: 't', partitionMetadata, message: { value: 'v' } }),
    );
    expect(keyless).toEqual([1, 1, 1, 1, 1]);
    // 빈 문자열 키도 키입니다 (null이 아닙니다)
    expect(partition({ topic: 't', partitionMetadata, message: { key: '', value: 'v' } })).toBe(0x106e08d9 % 3);
  });

  it('round-robin option rotates keyless records; each factory call gets fresh state', () => {
    const factory = createJavaCompatiblePartitioner({ keyless: 'round-robin', random: sequence(0, 0) });
    const first = factory();
    const second = factory();
    const run = (p: typeof first) =>
      Array.from({ length: 4 }, () => p({ topic: 't', partitionMetadata: metadata(2), message: { value: null } }));
    expect(run(first)).toEqual([0, 1, 0, 1]);
    expect(run(second)).toEqual([0, 1, 0, 1]);
  });

  it('sticky switches after batchSizeBytes of values and headers', () => {
    expect(recordBytes({ value: 'abc', headers: { h: ['xy', Buffer.from([1])] } })).toBe(3 + 1 + 2 + 1);
    const partition = createJavaCompatiblePartitioner({ batchSizeBytes: 10, random: sequence(0, 1) })();
    const sizes = ['aaaaa', 'bbbbb', 'c'].map((value) =>
      partition({ topic: 't', partitionMetadata: metadata(2), message: { value } }),
    );
    expect(sizes).toEqual([0, 0, 1]);
  });
});
