/**
 * 4장 테스트: 파티셔너와 순서 보장. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: murmur2 → toPositive → 키의 파티션 → 같은 키 같은 파티션 → 고른 분포 → 파티션 늘리기
 * → 키 없는 레코드(스티키, 라운드 로빈) → kafkajs 모양 → 끝에서 끝까지.
 * 기댓값은 우리가 계산한 값이 아니라 Java 클라이언트가 낸 값입니다 (reference/test/client/java-vectors.ts에 출처가 있습니다).
 * 여러분의 파티셔너를 끼운 kafkajs로 reference 브로커에 쿠폰 요청을 보내는 끝에서 끝까지 테스트는 partitioning.e2e.test.ts에 있습니다.
 */
import type { ICustomPartitioner } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  kafkajsJavaTest,
  kafkaUtilsTest,
  librdkafkaJavaResults,
  librdkafkaPartitionerTest,
} from '../../../reference/test/client/java-vectors.js';
import {
  createJavaCompatiblePartitioner,
  keyBytes,
  murmur2,
  partitionForKey,
  RoundRobinPartitioner,
  StickyPartitioner,
  toPositive,
} from '../src/partitioner.js';
import { kafkajsDefault, metadata, userKey } from './helpers.js';

/** 정해진 수열을 차례로 돌려주는 random. 파티션을 새로 고를 때만 불러야 하므로, 다 쓰고 또 부르면 실패합니다. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => {
    const v = values[i++];
    if (v === undefined)
      throw new Error(`random()을 ${values.length}번보다 많이 불렀습니다 (파티션을 너무 자주 새로 골랐습니다)`);
    return v;
  };
}

describe('4장 파티셔너와 순서 보장', () => {
  it('Murmur2MatchesJava: murmur2가 Java 클라이언트의 Utils.murmur2와 비트 하나까지 같습니다', () => {
    for (const [key, expected] of kafkaUtilsTest) {
      expect(murmur2(Buffer.from(key)), `Kafka UtilsTest: murmur2("${key}")`).toBe(expected);
    }
    for (const [key, expected] of kafkajsJavaTest) {
      expect(murmur2(Buffer.from(key)), `kafkajs의 Java 값: murmur2("${key}")`).toBe(expected);
    }
  });

  it('Murmur2TailBytes: 4바이트로 나누어떨어지지 않는 꼬리(1~3바이트)와 빈 키도 Java와 같습니다', () => {
    for (const [key, expected] of librdkafkaJavaResults) {
      const tail = Buffer.byteLength(key) % 4;
      expect(murmur2(Buffer.from(key)), `murmur2("${key}"): 길이 ${Buffer.byteLength(key)}, 꼬리 ${tail}바이트`).toBe(
        expected,
      );
    }
  });

  it('ToPositiveIsNotAbs: 음수 해시는 절댓값이 아니라 부호 비트만 지워 0 이상으로 만듭니다', () => {
    expect(toPositive(12345), '양수는 그대로').toBe(12345);
    expect(toPositive(0), '0은 그대로').toBe(0);
    expect(
      toPositive(-1),
      '-1(0xffffffff)의 부호 비트를 지우면 0x7fffffff = 2147483647입니다 (절댓값 1이 아닙니다)',
    ).toBe(2147483647);
    expect(toPositive(-2147483648), '-2^31(0x80000000)의 부호 비트를 지우면 0입니다').toBe(0);
    expect(toPositive(-973932308), 'murmur2("21") = -973932308의 부호 비트를 지운 값').toBe(1173551340);
  });

  it('PartitionForKeyMatchesJava: 키의 파티션은 toPositive(murmur2(키)) % 파티션 수이고, Java가 고른 파티션과 같습니다', () => {
    for (const [key, positive] of librdkafkaPartitionerTest) {
      expect(partitionForKey(Buffer.from(key), 17), `키 "${key}", 파티션 17개: Java 값 ${positive} % 17`).toBe(
        positive % 17,
      );
      expect(partitionForKey(Buffer.from(key), 7), `키 "${key}", 파티션 7개: Java 값 ${positive} % 7`).toBe(
        positive % 7,
      );
    }
    for (const [key, hash] of kafkaUtilsTest.filter(([, h]) => h < 0)) {
      expect(
        partitionForKey(Buffer.from(key), 3),
        `murmur2("${key}") = ${hash}는 음수입니다. toPositive 뒤에 나눠야 0~2 중 하나가 됩니다`,
      ).toBe((hash & 0x7fffffff) % 3);
    }
    for (const key of ['user:1', 'user:2', '']) {
      expect(partitionForKey(Buffer.from(key), 1), `파티션이 하나뿐이면 키 "${key}"도 파티션 0`).toBe(0);
    }
    for (const bad of [0, -1, 2.5]) {
      expect(
        () => partitionForKey(Buffer.from('user:1'), bad),
        `파티션 수 ${bad}로는 나눌 수 없으니 RangeError`,
      ).toThrow(RangeError);
    }
  });

  it('SameKeySamePartition: 같은 사용자 키는 몇 번을 보내도, 문자열이든 바이트든, kafkajs로 보내도 같은 파티션입니다', () => {
    for (let id = 1; id <= 200; id++) {
      const key = userKey(id);
      const first = partitionForKey(keyBytes(key), 3);
      expect(partitionForKey(keyBytes(key), 3), `${key}를 다시 보내도 같은 파티션`).toBe(first);
      expect(partitionForKey(Buffer.from(key), 3), `${key}를 Buffer로 보내도 같은 파티션`).toBe(first);
      expect(first, `${key}: kafkajs DefaultPartitioner(Java 호환)와 같은 파티션`).toBe(kafkajsDefault(key, 3));
      expect(partitionForKey(keyBytes(key), 10), `${key}, 파티션 10개에서도 kafkajs와 같은 파티션`).toBe(
        kafkajsDefault(key, 10),
      );
    }
    const korean = '사용자:김카프카';
    expect(partitionForKey(keyBytes(korean), 10), `한글 키 "${korean}"는 UTF-8 바이트로 해시합니다`).toBe(
      kafkajsDefault(korean, 10),
    );
  });

  it('KeysSpreadEvenly: 사용자 키가 많으면 파티션마다 고르게 나뉩니다', () => {
    for (const count of [3, 10]) {
      const perPartition = new Array<number>(count).fill(0);
      const keys = 30_000;
      for (let id = 0; id < keys; id++) {
        const p = partitionForKey(keyBytes(userKey(id)), count);
        if (!(Number.isInteger(p) && p >= 0 && p < count)) {
          expect.fail(`${userKey(id)}의 파티션 ${p}는 0~${count - 1} 안의 정수여야 합니다`);
        }
        perPartition[p] = (perPartition[p] ?? 0) + 1;
      }
      const mean = keys / count;
      for (const [p, n] of perPartition.entries()) {
        expect(
          Math.abs(n - mean) / mean,
          `파티션 ${count}개에 키 ${keys}개: 파티션 ${p}에 ${n}개 (평균 ${mean}에서 10% 안이어야 합니다, 전체 ${perPartition.join('/')})`,
        ).toBeLessThan(0.1);
      }
    }
  });

  it('AddingPartitionsMovesKeys: 파티션을 3개에서 4개로 늘리면 키의 약 4분의 3이 다른 파티션으로 옮겨 갑니다', () => {
    const keys = Array.from({ length: 12_000 }, (_, id) => userKey(id));
    const moved = keys.filter((key) => partitionForKey(keyBytes(key), 3) !== partitionForKey(keyBytes(key), 4));
    const ratio = moved.length / keys.length;
    expect(
      ratio,
      `옮겨 간 키의 비율 ${ratio.toFixed(3)}: 해시 % 3과 해시 % 4가 같은 경우는 12가지 중 3가지뿐입니다`,
    ).toBeGreaterThan(0.7);
    expect(ratio, `옮겨 간 키의 비율 ${ratio.toFixed(3)}`).toBeLessThan(0.8);
    expect(partitionForKey(keyBytes('user:2'), 3), 'user:2는 파티션 3개일 때 파티션 2').toBe(2);
    expect(partitionForKey(keyBytes('user:2'), 4), 'user:2는 파티션 4개일 때 파티션 1로 옮겨 갑니다').toBe(1);
  });

  it('StickyStaysThenMoves: 키 없는 레코드는 배치만큼 한 파티션에 머문 뒤 새 파티션을 고릅니다', () => {
    // random()이 7, 9, 5를 차례로 냅니다: 7 % 3 = 1, 9 % 3 = 0, 5 % 3 = 2
    const sticky = new StickyPartitioner(250, sequence(7, 9, 5));
    const chosen = Array.from({ length: 9 }, () => sticky.partition('coupon-notices', [0, 1, 2], 3, 100));
    expect(
      chosen,
      '100바이트 레코드 9개, 배치 250바이트: 세 번째 레코드에서 300 ≥ 250이 되어 다음 레코드부터 새 파티션 (라운드 로빈 [1, 2, 0, …]이 아닙니다)',
    ).toEqual([1, 1, 1, 0, 0, 0, 2, 2, 2]);

    const exact = new StickyPartitioner(200, sequence(0, 1));
    expect(
      [100, 100, 100].map((size) => exact.partition('t', [0, 1], 2, size)),
      '배치를 딱 채운 레코드(100 + 100 = 200)까지는 지금 파티션으로, 그다음 레코드가 새로 고릅니다',
    ).toEqual([0, 0, 1]);
  });

  it('StickyPerTopicAndLeader: 스티키 파티션은 토픽마다 따로이고, 리더가 없는 파티션은 고르지 않습니다', () => {
    const perTopic = new StickyPartitioner(16_384, sequence(1, 2));
    expect(perTopic.partition('orders', [0, 1, 2], 3, 10), 'orders의 첫 레코드: 1 % 3 = 1').toBe(1);
    expect(perTopic.partition('payments', [0, 1, 2], 3, 10), 'payments는 따로 고릅니다: 2 % 3 = 2').toBe(2);
    expect(perTopic.partition('orders', [0, 1, 2], 3, 10), 'orders는 여전히 1에 머뭅니다').toBe(1);

    // 파티션 1의 리더가 없어 고를 수 있는 파티션은 [0, 2]입니다. 레코드마다 배치를 채우도록 배치를 1바이트로 둡니다.
    const leaderless = new StickyPartitioner(1, sequence(0, 1, 2, 3, 5));
    expect(
      [0, 1, 2, 3].map(() => leaderless.partition('t', [0, 2], 3, 1)),
      '고를 수 있는 파티션 [0, 2]에서 random() % 2번째를 고릅니다',
    ).toEqual([0, 2, 0, 2]);
    expect(leaderless.partition('t', [], 3, 1), '리더가 있는 파티션이 없으면 전체 3개 중에서: 5 % 3 = 2').toBe(2);
  });

  it('RoundRobinRotates: 라운드 로빈은 레코드마다 다음 파티션으로 돌고, 카운터가 넘쳐도 음수 파티션을 고르지 않습니다', () => {
    const rr = new RoundRobinPartitioner(sequence(4));
    expect(
      Array.from({ length: 6 }, () => rr.partition('t', [0, 1, 2], 3)),
      '카운터 4에서 시작: 4 % 3 = 1, 2, 0, 1, 2, 0',
    ).toEqual([1, 2, 0, 1, 2, 0]);

    const wrap = new RoundRobinPartitioner(sequence(2147483646));
    expect(
      Array.from({ length: 4 }, () => wrap.partition('t', [0, 1, 2], 3)),
      '카운터 2147483646, 2147483647 다음은 Java int처럼 -2147483648입니다. toPositive로 0, 1을 골라야 합니다',
    ).toEqual([0, 1, 0, 1]);
  });

  it('KafkaJsPartitionerShape: createJavaCompatiblePartitioner는 kafkajs의 createPartitioner 자리에 들어가고 세 규칙을 따릅니다', () => {
    const factory: ICustomPartitioner = createJavaCompatiblePartitioner({ random: sequence(2) });
    const partition = factory();
    const partitionMetadata = metadata(3, [0]);
    expect(
      partition({ topic: 't', partitionMetadata, message: { key: 'user:1', value: 'v', partition: 2 } }),
      '1. 메시지에 파티션이 적혀 있으면 그대로',
    ).toBe(2);
    expect(
      partition({ topic: 't', partitionMetadata, message: { key: 'foobar', value: 'v' } }),
      '2. 키가 있으면 murmur2: foobar는 파티션 0. 파티션 0의 리더가 없어도 전체 파티션 수(3)로 나눕니다',
    ).toBe(0);
    expect(
      partition({ topic: 't', partitionMetadata, message: { key: '', value: 'v' } }),
      '빈 문자열 키도 키입니다 (null이 아닙니다): murmur2("") = 0x106e08d9 → % 3',
    ).toBe(0x106e08d9 % 3);
    expect(
      Array.from({ length: 4 }, () => partition({ topic: 't', partitionMetadata, message: { value: '쿠폰 공지' } })),
      '3. 키가 없으면 스티키: 리더가 있는 [1, 2] 중 2 % 2 = 0번째인 파티션 1에 머뭅니다',
    ).toEqual([1, 1, 1, 1]);

    const rr = createJavaCompatiblePartitioner({ keyless: 'round-robin', random: sequence(0) })();
    expect(
      Array.from({ length: 4 }, () => rr({ topic: 't', partitionMetadata: metadata(2), message: { value: null } })),
      "keyless: 'round-robin'이면 레코드마다 돕니다",
    ).toEqual([0, 1, 0, 1]);
  });
});
