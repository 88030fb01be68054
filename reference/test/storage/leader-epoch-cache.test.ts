/**
 * 리더 에포크 캐시와 `leader-epoch-checkpoint` (Kafka `LeaderEpochFileCache`, `LeaderEpochCheckpointFile`): 한 줄에
 * 시험 하나, 이름은 Kafka `LeaderEpochFileCacheTest`를 따릅니다. 파일 쪽은 왕복, Kafka가 쓴 파일 읽기, 깨진 파일.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatLeaderEpochCheckpoint,
  LEADER_EPOCH_CHECKPOINT_FILE,
  LeaderEpochFileCache,
  parseLeaderEpochCheckpoint,
  readLeaderEpochCheckpoint,
} from '../../src/storage/leader-epoch-cache.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import { batchOf, fakeClock, makeBatch, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;
const cacheWith = (...entries: [number, number][]) =>
  new LeaderEpochFileCache(entries.map(([epoch, startOffset]) => ({ epoch, startOffset })));
const pairs = (cache: LeaderEpochFileCache) => cache.entries().map((e) => [e.epoch, e.startOffset]);

describe('LeaderEpochFileCache', () => {
  it('shouldAddEpochAndMessageOffsetToCache: 에포크와 시작 오프셋을 적고, 마지막 에포크의 끝은 LEO입니다', () => {
    const cache = cacheWith();
    cache.assign(2, 10);
    expect(pairs(cache)).toEqual([[2, 10]]);
    expect(cache.latestEpoch).toBe(2);
    expect(cache.endOffsetFor(2, 11)).toEqual({ epoch: 2, offset: 11 });
  });

  it('shouldNotOverwriteOffsetForALeaderEpochOnceItHasBeenAssigned: 같은 에포크의 뒤쪽 시작은 무시합니다', () => {
    const cache = cacheWith([2, 6]);
    cache.assign(2, 10);
    expect(pairs(cache)).toEqual([[2, 6]]);
  });

  it('shouldTruncateIfMatchingEpochButEarlierStartingOffset: 같은 에포크가 더 앞에서 시작하면 그 값으로 바꿉니다', () => {
    const cache = cacheWith([1, 2], [2, 6]);
    cache.assign(2, 5);
    expect(pairs(cache)).toEqual([
      [1, 2],
      [2, 5],
    ]);
  });

  it('shouldEnforceMonotonicallyIncreasingEpochs: 더 작은 에포크가 오면 그보다 크거나 같은 뒤쪽 항목을 지웁니다', () => {
    const cache = cacheWith([1, 5], [3, 7]);
    cache.assign(2, 8);
    expect(pairs(cache)).toEqual([
      [1, 5],
      [2, 8],
    ]);
  });

  it('shouldEnforceOffsetsIncreaseMonotonically: 시작이 같거나 앞인 새 에포크는 그 뒤쪽 항목을 지웁니다', () => {
    const cache = cacheWith([1, 5], [2, 7]);
    cache.assign(3, 6);
    expect(pairs(cache)).toEqual([
      [1, 5],
      [3, 6],
    ]);
  });

  it('shouldDropEntriesOnEpochBoundaryWhenRemovingLatestEntries: 시작이 끝 이상인 항목을 지웁니다 (truncateFromEnd)', () => {
    const cache = cacheWith([2, 6], [3, 8], [4, 11]);
    cache.truncateFromEnd(8);
    expect(pairs(cache)).toEqual([[2, 6]]);
  });

  it('shouldUpdateSavedOffsetWhenOffsetToClearToIsBetweenEpochs: 새 로그 시작 앞의 항목은 마지막 것만 그 시작으로 당겨 남깁니다', () => {
    const cache = cacheWith([2, 6], [3, 8], [4, 11]);
    cache.truncateFromStart(9);
    expect(pairs(cache)).toEqual([
      [3, 9],
      [4, 11],
    ]);
  });

  it('shouldNotClearAnythingIfOffsetToEarly: 첫 항목보다 앞이면 그대로입니다', () => {
    const cache = cacheWith([2, 6], [3, 8]);
    cache.truncateFromStart(5);
    cache.truncateFromStart(6);
    expect(pairs(cache)).toEqual([
      [2, 6],
      [3, 8],
    ]);
  });

  it('shouldClearAllEntries: clear는 모두 지웁니다', () => {
    const cache = cacheWith([2, 6]);
    cache.clear();
    expect(pairs(cache)).toEqual([]);
    expect(cache.latestEpoch).toBeNull();
  });

  it('shouldPersistEpochsBetweenInstances: persistTo 뒤로는 바뀔 때마다 파일에 쓰고, 다시 읽으면 같습니다', () => {
    const dir = tempDir();
    const file = path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE);
    const cache = cacheWith([0, 0]);
    cache.persistTo(file);
    cache.assign(3, 120);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n2\n0 0\n3 120\n');
    expect(readLeaderEpochCheckpoint(dir)).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 3, startOffset: 120 },
    ]);
  });

  it('shouldWriteCheckpointOnTruncation: 잘라 낸 것도 파일에 씁니다', () => {
    const dir = tempDir();
    const cache = cacheWith([0, 0], [3, 120]);
    cache.persistTo(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE));
    cache.truncateFromEnd(100);
    expect(readLeaderEpochCheckpoint(dir)).toEqual([{ epoch: 0, startOffset: 0 }]);
  });
});

describe('leader-epoch-checkpoint 파일', () => {
  it('LeaderEpochCheckpointFormat: 버전 0, 항목 수, "에포크 시작오프셋" 줄 (Kafka LeaderEpochCheckpointFile)', () => {
    expect(formatLeaderEpochCheckpoint([{ epoch: 0, startOffset: 1 }])).toBe('0\n1\n0 1\n');
    expect(parseLeaderEpochCheckpoint('0\n2\n0  1\n1 2')).toEqual([
      { epoch: 0, startOffset: 1 },
      { epoch: 1, startOffset: 2 },
    ]);
  });

  it('LeaderEpochCheckpointRejectsTornFile: 항목 수가 모자라거나 줄이 깨진 파일은 읽지 않습니다', () => {
    expect(() => parseLeaderEpochCheckpoint('0\n2\n0 1\n')).toThrow(/expected 2 entries/);
    expect(() => parseLeaderEpochCheckpoint('0\n1\n0 1 2\n')).toThrow(/malformed line/);
    expect(() => parseLeaderEpochCheckpoint('1\n0\n')).toThrow(/version/);
  });

  function logWithEpochs(dir: string) {
    const log = UnifiedLog.open({ dir, topic: 't', partition: 0, now: fakeClock().now });
    log.appendAsLeader(batchOf(2, T0), 0);
    log.appendAsLeader(batchOf(1, T0), 2);
    log.appendAsLeader(batchOf(3, T0), 5);
    return log;
  }

  it('TornCheckpointRebuiltFromBatchHeaders: 깨진 파일은 버리고 배치마다 적힌 partitionLeaderEpoch에서 다시 만듭니다', () => {
    const dir = tempDir();
    logWithEpochs(dir).close();
    fs.writeFileSync(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE), '0\n3\n0 0\n2 2');
    const reopened = UnifiedLog.open({ dir, topic: 't', partition: 0, now: fakeClock().now });
    expect(reopened.leaderEpochCache.entries()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 2 },
      { epoch: 5, startOffset: 3 },
    ]);
  });

  it('MissingCheckpointRebuiltFromBatchHeaders: 파일이 없으면(이 기능 전에 쓴 로그) 배치 헤더에서 만듭니다', () => {
    const dir = tempDir();
    logWithEpochs(dir).close();
    const reopened = UnifiedLog.open({ dir, topic: 't', partition: 0, now: fakeClock().now });
    expect(reopened.latestEpoch).toBe(5);
    expect(reopened.endOffsetForEpoch(2)).toEqual({ epoch: 2, offset: 3 });
  });

  it('CheckpointEntriesBeyondLogEndDropped: 파일에 적고 쓰지 못한 에포크(로그 끝 뒤)는 열 때 지웁니다', () => {
    const dir = tempDir();
    const log = logWithEpochs(dir);
    log.startReplication();
    log.maybeAssignEpochStartOffset(7, log.logEndOffset); // 리더가 되자마자 죽음: 이 에포크로 쓴 것은 없음
    log.close();
    fs.writeFileSync(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE), '0\n4\n0 0\n2 2\n5 3\n7 99\n');
    const reopened = UnifiedLog.open({ dir, topic: 't', partition: 0, now: fakeClock().now });
    expect(reopened.latestEpoch).toBe(5);
  });

  it('BareLogWritesNoCheckpoint: 복제하지 않는 로그(2장의 로그)는 파일을 쓰지 않고, 복제를 시작하면 씁니다', () => {
    const dir = tempDir();
    const log = logWithEpochs(dir);
    expect(fs.existsSync(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE))).toBe(false);
    log.startReplication();
    expect(fs.readFileSync(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE), 'utf8')).toBe('0\n3\n0 0\n2 2\n5 3\n');
  });

  it('FollowerAppendAssignsBatchEpochs: 팔로워 쓰기는 배치에 적힌 리더의 에포크를 캐시에 적습니다', () => {
    const log = UnifiedLog.open({ dir: tempDir(), topic: 't', partition: 0, now: fakeClock().now });
    log.appendAsFollower(makeBatch([{ timestamp: T0, value: 'a' }], { baseOffset: 0, partitionLeaderEpoch: 4 }));
    log.appendAsFollower(makeBatch([{ timestamp: T0, value: 'b' }], { baseOffset: 1, partitionLeaderEpoch: 6 }));
    expect(log.leaderEpochCache.entries()).toEqual([
      { epoch: 4, startOffset: 0 },
      { epoch: 6, startOffset: 1 },
    ]);
  });
});
