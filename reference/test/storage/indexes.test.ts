/**
 * 오프셋 인덱스와 타임 인덱스: 파일 바이트, 이진 탐색, 자르기, 적재 때의 검사.
 * 출처: Kafka `OffsetIndex`, `TimeIndex`, `AbstractIndex` (storage/internals/log).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptIndexError } from '../../src/storage/index-file.js';
import { OffsetIndex } from '../../src/storage/offset-index.js';
import { TimeIndex } from '../../src/storage/time-index.js';
import { offsetIndexBytes, tempDir, timeIndexBytes } from './helpers.js';

describe('OffsetIndex', () => {
  it('OffsetIndexEntryLayout: 항목은 (상대 오프셋 int32, 위치 int32) 빅엔디언 8바이트이고 파일에는 항목만 있습니다 (Kafka: OffsetIndex)', () => {
    const file = path.join(tempDir(), '00000000000000000100.index');
    const index = new OffsetIndex(file, 100, undefined, true);
    index.append(104, 300);
    index.append(110, 4400);
    index.close();
    expect(fs.readFileSync(file)).toEqual(
      offsetIndexBytes([
        [4, 300],
        [10, 4400],
      ]),
    );
    expect(fs.readFileSync(file).toString('hex')).toBe('000000040000012c0000000a00001130');
  });

  it('OffsetIndexLookupFindsGreatestLowerBound: 목표 이하인 가장 큰 항목, 없으면 세그먼트 처음 (Kafka: OffsetIndex.lookup)', () => {
    const index = new OffsetIndex(path.join(tempDir(), 'x.index'), 100, undefined, true);
    index.append(110, 1000);
    index.append(120, 2000);
    index.append(130, 3000);
    expect(index.lookup(99)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(109)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(110)).toEqual({ offset: 110, position: 1000 });
    expect(index.lookup(125)).toEqual({ offset: 120, position: 2000 });
    expect(index.lookup(1_000_000)).toEqual({ offset: 130, position: 3000 });
  });

  it('OffsetIndexRejectsNonIncreasingOffsets: 오프셋이 커지지 않는 항목은 받지 않습니다', () => {
    const index = new OffsetIndex(path.join(tempDir(), 'x.index'), 0, undefined, true);
    index.append(5, 100);
    expect(() => index.append(5, 200)).toThrow(/not larger/);
    expect(() => index.append(3, 200)).toThrow(/not larger/);
  });

  it('OffsetIndexTruncateRemovesEntriesAtOrAbove: truncateTo(o)는 o 이상인 항목을 지웁니다', () => {
    const file = path.join(tempDir(), 'x.index');
    const index = new OffsetIndex(file, 0, undefined, true);
    for (const [o, p] of [
      [10, 100],
      [20, 200],
      [30, 300],
    ] as const)
      index.append(o, p);
    index.truncateTo(20);
    expect(index.entries).toBe(1);
    index.truncateTo(15);
    expect(index.entries).toBe(1);
    index.truncateTo(10);
    expect(index.entries).toBe(0);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('OffsetIndexIsFullAtMaxIndexSize: segment.index.bytes만큼 차면 가득 찼다고 말합니다', () => {
    const index = new OffsetIndex(path.join(tempDir(), 'x.index'), 0, 16, true);
    index.append(1, 10);
    expect(index.isFull()).toBe(false);
    index.append(2, 20);
    expect(index.isFull()).toBe(true);
    expect(() => index.append(3, 30)).toThrow(/full/);
  });

  it('OffsetIndexSanityCheck: 길이가 8의 배수가 아니거나, 줄어드는 항목이나, 로그 밖 위치는 손상입니다', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.index');
    fs.writeFileSync(file, offsetIndexBytes([[1, 100]]).subarray(0, 7));
    expect(() => new OffsetIndex(file, 0).sanityCheck(1000)).toThrow(CorruptIndexError);
    fs.writeFileSync(
      file,
      offsetIndexBytes([
        [5, 100],
        [3, 200],
      ]),
    );
    expect(() => new OffsetIndex(file, 0).sanityCheck(1000)).toThrow(CorruptIndexError);
    fs.writeFileSync(
      file,
      offsetIndexBytes([
        [5, 100],
        [9, 2000],
      ]),
    );
    expect(() => new OffsetIndex(file, 0).sanityCheck(1000)).toThrow(CorruptIndexError);
    fs.writeFileSync(
      file,
      offsetIndexBytes([
        [5, 100],
        [9, 200],
      ]),
    );
    expect(() => new OffsetIndex(file, 0).sanityCheck(1000)).not.toThrow();
  });

  it('OffsetIndexReloadsFromFile: 다시 열면 파일의 항목으로 찾습니다', () => {
    const file = path.join(tempDir(), 'x.index');
    fs.writeFileSync(
      file,
      offsetIndexBytes([
        [5, 100],
        [9, 200],
      ]),
    );
    const index = new OffsetIndex(file, 1000);
    expect(index.entries).toBe(2);
    expect(index.lookup(1007)).toEqual({ offset: 1005, position: 100 });
    expect(index.lastOffset).toBe(1009);
  });
});

describe('TimeIndex', () => {
  it('TimeIndexEntryLayout: 항목은 (타임스탬프 int64, 상대 오프셋 int32) 12바이트입니다 (Kafka: TimeIndex)', () => {
    const file = path.join(tempDir(), '00000000000000000100.timeindex');
    const index = new TimeIndex(file, 100, undefined, true);
    index.maybeAppend(1_700_000_000_000, 104);
    index.close();
    expect(fs.readFileSync(file)).toEqual(timeIndexBytes([[1_700_000_000_000, 4]]));
    expect(fs.readFileSync(file).toString('hex')).toBe('0000018bcfe5680000000004');
  });

  it('TimeIndexAppendsOnlyGreaterTimestamps: 타임스탬프가 마지막 항목보다 클 때만 항목을 더합니다', () => {
    const index = new TimeIndex(path.join(tempDir(), 'x.timeindex'), 0, undefined, true);
    index.maybeAppend(-1, 0); // 타임스탬프 없음
    index.maybeAppend(1000, 5);
    index.maybeAppend(1000, 5); // 닫을 때 같은 항목을 다시 적어도 무시
    index.maybeAppend(2000, 9);
    expect(index.entries).toBe(2);
    expect(() => index.maybeAppend(1500, 12)).toThrow(/smaller/);
  });

  it('TimeIndexLookupFindsGreatestTimestampAtOrBelow: 목표 이하인 가장 큰 타임스탬프, 없으면 (−1, baseOffset)', () => {
    const index = new TimeIndex(path.join(tempDir(), 'x.timeindex'), 50, undefined, true);
    index.maybeAppend(1000, 55);
    index.maybeAppend(2000, 60);
    expect(index.lookup(999)).toEqual({ timestamp: -1, offset: 50 });
    expect(index.lookup(1000)).toEqual({ timestamp: 1000, offset: 55 });
    expect(index.lookup(1999)).toEqual({ timestamp: 1000, offset: 55 });
    expect(index.lookup(5000)).toEqual({ timestamp: 2000, offset: 60 });
  });

  it('TimeIndexSanityCheck: 길이가 12의 배수가 아니거나 타임스탬프가 줄거나 세그먼트 밖 오프셋이면 손상입니다', () => {
    const file = path.join(tempDir(), 'x.timeindex');
    fs.writeFileSync(file, timeIndexBytes([[1000, 1]]).subarray(0, 11));
    expect(() => new TimeIndex(file, 0).sanityCheck(10)).toThrow(CorruptIndexError);
    fs.writeFileSync(
      file,
      timeIndexBytes([
        [2000, 1],
        [1000, 2],
      ]),
    );
    expect(() => new TimeIndex(file, 0).sanityCheck(10)).toThrow(CorruptIndexError);
    fs.writeFileSync(
      file,
      timeIndexBytes([
        [1000, 1],
        [2000, 12],
      ]),
    );
    expect(() => new TimeIndex(file, 0).sanityCheck(10)).toThrow(CorruptIndexError);
    fs.writeFileSync(
      file,
      timeIndexBytes([
        [1000, 1],
        [2000, 2],
      ]),
    );
    expect(() => new TimeIndex(file, 0).sanityCheck(10)).not.toThrow();
  });
});
