import { describe, expect, it } from 'vitest';
import {
  decodeOffsetsRecord,
  groupTombstone,
  javaStringHashCode,
  offsetCommitRecord,
  partitionForGroup,
} from '../../src/group/offsets-topic.js';

describe('__consumer_offsets records', () => {
  it('hashes group ids exactly like java.lang.String.hashCode', () => {
    // 값은 Java에서 "…".hashCode()로 얻은 것과 같습니다.
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('consumer-group-1')).toBe(javaStringHashCode('consumer-group-1'));
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(partitionForGroup('polygenelubricants', 50), 'Integer.MIN_VALUE는 0으로').toBe(0);
    expect(partitionForGroup('hello', 50)).toBe(99162322 % 50);
  });

  it('writes offset commit keys and v3 values in Kafka binary format and reads them back', () => {
    const { key, value } = offsetCommitRecord('g', 't', 7, {
      offset: 101,
      leaderEpoch: 3,
      metadata: 'hi',
      commitTimestamp: 1_700_000_000_000,
    });
    // 키: int16 1, 그룹 "g"(int16 길이 + 바이트), 토픽 "t", 파티션 7
    expect(key.toString('hex')).toBe(['0001', '0001', '67', '0001', '74', '00000007'].join(''));
    expect(value?.readInt16BE(0)).toBe(3);
    expect(decodeOffsetsRecord(key, value)).toEqual({
      type: 'offset',
      group: 'g',
      topic: 't',
      partition: 7,
      value: { offset: 101, leaderEpoch: 3, metadata: 'hi', commitTimestamp: 1_700_000_000_000, expireTimestamp: -1 },
    });
  });

  it('reads tombstones for offsets and groups', () => {
    const offset = offsetCommitRecord('g', 't', 0, null);
    expect(decodeOffsetsRecord(offset.key, null)).toMatchObject({ type: 'offset', value: null });
    const group = groupTombstone('g');
    expect(decodeOffsetsRecord(group.key, null)).toEqual({ type: 'group', group: 'g', deleted: true });
  });
});
