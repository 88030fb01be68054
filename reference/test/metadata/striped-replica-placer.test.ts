/**
 * 복제본 배치 (`striped-replica-placer.ts`), Kafka `StripedReplicaPlacerTest`의 랙 하나짜리 행들. Kafka 시험의
 * `MockRandom`(선형 합동 생성기)과 Java `Random.nextInt`를 그대로 옮겨, 같은 난수에서 Kafka와 같은 배치가 나오는지 봅니다.
 */
import { describe, expect, it } from 'vitest';
import { placeReplicas, type UsableBroker } from '../../src/metadata/striped-replica-placer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { Random } from '../../src/runtime/random.js';

/** Kafka `org.apache.kafka.server.util.MockRandom` + `java.util.Random.nextInt(bound)` */
function mockRandom(seed = 17n): Random {
  let state = seed;
  const next = (bits: number): number => {
    state = BigInt.asUintN(64, state * 2862933555777941757n + 3037000493n);
    return Number(BigInt.asIntN(32, state >> BigInt(64 - bits)));
  };
  return {
    int(bound) {
      let r = next(31);
      const m = bound - 1;
      if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
      // Java는 int가 넘치는지(u - r + m < 0)로 고르게 나뉘지 않는 끝자락을 버리고 다시 뽑습니다.
      for (let u = r; ; u = next(31)) {
        r = u % bound;
        if (u - r + m <= 2 ** 31 - 1) return r;
      }
    },
    bytes: (length) => new Uint8Array(length),
  };
}

const brokers = (...spec: [number, boolean][]): UsableBroker[] => spec.map(([id, fenced]) => ({ id, fenced }));

function place(list: UsableBroker[], partitions: number, replicationFactor: number) {
  const result = placeReplicas(list, partitions, replicationFactor, mockRandom());
  return result.ok ? result.placements : { error: result.error, message: result.message };
}

describe('StripedReplicaPlacer (one rack)', () => {
  it('testAvoidFencedReplicaIfPossibleOnSingleRack: unfenced brokers first, striped, shuffled after a full round', () => {
    const list = brokers([3, false], [1, true], [0, false], [4, false], [2, false]);
    expect(place(list, 5, 4)).toEqual([
      [3, 4, 0, 2],
      [4, 0, 2, 3],
      [0, 2, 3, 4],
      [2, 3, 4, 0],
      [0, 4, 3, 2],
    ]);
  });

  it('testPlacementOnFencedReplicaOnSingleRack: a fenced broker fills the last slot, never the first', () => {
    expect(place(brokers([3, false], [1, true], [2, false]), 4, 3)).toEqual([
      [3, 2, 1],
      [2, 3, 1],
      [3, 2, 1],
      [2, 3, 1],
    ]);
  });

  it('testMultiPartitionTopicPlacementOnSingleUnfencedBroker: one unfenced broker leads every partition', () => {
    expect(place(brokers([0, false], [1, true]), 3, 1)).toEqual([[0], [0], [0]]);
  });

  it('testSuccessfulPlacement: five partitions of RF 3 over four brokers', () => {
    expect(place(brokers([0, false], [3, false], [2, false], [1, false]), 5, 3)).toEqual([
      [2, 3, 0],
      [3, 0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [1, 0, 2],
    ]);
  });

  it('testEvenDistribution: 200 partitions of RF 2 over four brokers spread like Kafka’s', () => {
    const placements = place(brokers([0, false], [1, false], [2, false], [3, false]), 200, 2);
    const counts = new Map<string, number>();
    for (const replicas of placements as number[][])
      counts.set(replicas.join(','), (counts.get(replicas.join(',')) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      '0,1': 14,
      '0,2': 22,
      '0,3': 14,
      '1,0': 17,
      '1,2': 17,
      '1,3': 16,
      '2,0': 13,
      '2,1': 17,
      '2,3': 20,
      '3,0': 20,
      '3,1': 19,
      '3,2': 11,
    });
  });

  const invalid = { error: ErrorCode.INVALID_REPLICATION_FACTOR, message: expect.any(String) };

  it('testAllBrokersFenced: no unfenced broker → INVALID_REPLICATION_FACTOR', () => {
    expect(place(brokers([11, true], [10, true]), 1, 1)).toEqual(invalid);
  });

  it('testNotEnoughBrokers: RF above the usable brokers → INVALID_REPLICATION_FACTOR', () => {
    expect(place(brokers([11, false], [10, false]), 1, 3)).toEqual(invalid);
  });

  it('testNonPositiveReplicationFactor: RF 0 → INVALID_REPLICATION_FACTOR', () => {
    expect(place(brokers([11, false], [10, false]), 1, 0)).toEqual(invalid);
  });
});
