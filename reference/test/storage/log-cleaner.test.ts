/**
 * 로그 컴팩션: 키마다 마지막 값만 남기고, 오프셋은 그대로 두며, 툼스톤은 delete.retention.ms가 지난 뒤에 지웁니다.
 * 청소 중 어느 순간에 죽어도 남겨야 할 레코드는 하나도 잃지 않습니다.
 * 출처: Kafka 문서 "Log Compaction", Kafka `Cleaner`(doClean, buildOffsetMap, groupSegmentsBySize, cleanSegments,
 * shouldRetainRecord), `LogCleanerManager`(cleanableOffsets, grabFilthiestCompactedLog), `LocalLog.replaceSegments`,
 * `LogLoader`(removeTempFilesAndCollectSwapFiles, .swap 되살리기), `LogValidator.validateKey`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  CompressionType,
  compressionOf,
  hasValidCrc,
  isControl,
  lastOffsetOf,
  Offsets,
} from '../../src/record/batch-header.js';
import { ControlRecordType, encodeControlBatch } from '../../src/record/control-record.js';
import { decodeBatches, encodeBatch, type RecordBatchInput } from '../../src/record/record-batch.js';
import type { CleanerStats } from '../../src/storage/log-cleaner.js';
import { cleanableOffsets } from '../../src/storage/log-cleaner-manager.js';
import type { LogConfig } from '../../src/storage/log-config.js';
import { LogManager, type LogManagerOptions } from '../../src/storage/log-manager.js';
import { readAllRecords } from '../../src/storage/log-reader.js';
import type { LogSegment } from '../../src/storage/log-segment.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import { fakeClock, files, read, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;
const COMPACT: Partial<LogConfig> = { cleanupPolicy: ['compact'] };
const SEG0 = '00000000000000000000';

type KeyValue = readonly [key: string | null, value: string | null];

const bytes = (text: string | null) => (text === null ? null : Buffer.from(text));
const text = (data: Uint8Array | null) => (data === null ? 'null' : Buffer.from(data).toString());

/** 키-값 레코드들을 담은 배치 하나 (프로듀서가 보내는 모양: baseOffset 0) */
function kv(records: readonly KeyValue[], timestamp = T0, extra: Partial<RecordBatchInput> = {}): Buffer {
  return encodeBatch({ ...extra, records: records.map(([k, v]) => ({ key: bytes(k), value: bytes(v), timestamp })) });
}

/** 로그 전체를 `오프셋 키=값`으로 (툼스톤은 `키=null`). 컨트롤 배치는 readAllRecords가 건너뜁니다. */
function contents(log: UnifiedLog): string[] {
  return [...readAllRecords(log)].map((r) => `${r.offset} ${text(r.key)}=${text(r.value)}`);
}

function setup(config: Partial<LogConfig> = COMPACT, options: Partial<LogManagerOptions> = {}) {
  const logDir = tempDir('cleaner');
  const clock = fakeClock(T0);
  const logs = new LogManager({ logDir, now: clock.now, ...options });
  logs.startup();
  const log = logs.createLog('offsets', 0, config);
  return { logDir, clock, logs, log };
}

/** 배열 하나가 세그먼트 하나: 배치들을 쓰고 굴립니다. 마지막 배열은 활성 세그먼트에 남습니다. */
function write(log: UnifiedLog, segments: readonly (readonly Buffer[])[], leaderEpoch = 0): void {
  segments.forEach((batches, i) => {
    for (const batch of batches) log.appendAsLeader(batch, leaderEpoch);
    if (i < segments.length - 1) log.roll();
  });
}

/** `offset`에서 읽으면 처음 나오는 레코드의 오프셋 (Fetch가 컨슈머에게 주는 것) */
function firstOffsetFrom(log: UnifiedLog, offset: number): number | undefined {
  const batches = decodeBatches(log.read(offset, 1 << 20, true).records);
  return batches.flatMap((b) => b.records).find((r) => r.offset >= offset)?.offset;
}

function segmentBases(log: UnifiedLog): number[] {
  return log.logSegments().map((s) => s.baseOffset);
}

/** .index의 항목마다 (그 배치의 마지막 오프셋, 배치 시작 위치)이고, .timeindex는 그 지점까지의 최대 타임스탬프인지 */
function expectValidIndexes(segment: LogSegment): void {
  const lastOffsetAt = new Map<number, number>();
  const maxTimestampUpTo = new Map<number, number>();
  let maxSoFar = -1;
  for (const batch of segment.log.batchesFrom(0)) {
    lastOffsetAt.set(batch.position, lastOffsetOf(batch.header));
    maxSoFar = Math.max(maxSoFar, batch.header.maxTimestamp);
    maxTimestampUpTo.set(lastOffsetOf(batch.header), maxSoFar);
  }
  for (let n = 0; n < segment.offsetIndex.entries; n++) {
    const { offset, position } = segment.offsetIndex.entry(n);
    expect(lastOffsetAt.get(position), `${segment.offsetIndex.path} entry ${n}`).toBe(offset);
  }
  for (let n = 0; n < segment.timeIndex.entries; n++) {
    const { timestamp, offset } = segment.timeIndex.entry(n);
    expect(maxTimestampUpTo.get(offset), `${segment.timeIndex.path} entry ${n}`).toBe(timestamp);
  }
  expect(() => segment.sanityCheck()).not.toThrow();
}

describe('컴팩션: 키마다 마지막 값', () => {
  it('LatestValuePerKeySurvivesWithItsOffset: 키마다 마지막 레코드만 원래 오프셋 그대로 남고 옛 값은 사라집니다', () => {
    const { log, logs } = setup();
    write(log, [
      [
        kv([
          ['a', '1'],
          ['b', '1'],
        ]),
        kv([
          ['c', '1'],
          ['a', '2'],
          ['b', '2'],
        ]),
      ],
      [
        kv([
          ['c', '2'],
          ['d', '1'],
        ]),
      ],
      [kv([['a', '3']])],
    ]);
    expect(contents(log)).toHaveLength(8);
    const stats = logs.cleanFilthiestLog(T0);
    // 활성 세그먼트(7부터)는 지도에 넣지 않으므로 a=2는 a=3이 있어도 남습니다.
    expect(contents(log)).toEqual(['3 a=2', '4 b=2', '5 c=2', '6 d=1', '7 a=3']);
    expect(stats).toMatchObject({
      topic: 'offsets',
      partition: 0,
      firstDirtyOffset: 0,
      endOffset: 7,
      recordsMapped: 7,
      segmentsRead: 2,
      segmentsWritten: 1,
      recordsRead: 7,
      recordsRemoved: 3,
    });
    expect((stats as CleanerStats).bytesWritten).toBeLessThan((stats as CleanerStats).bytesRead);
    // 두 세그먼트가 첫 세그먼트의 이름으로 합쳐졌고, 임시 파일(.cleaned, .swap, .deleted)은 남지 않습니다.
    expect(segmentBases(log)).toEqual([0, 7]);
    expect(files(log.dir)).toEqual([
      `${SEG0}.index`,
      `${SEG0}.log`,
      `${SEG0}.timeindex`,
      '00000000000000000007.index',
      '00000000000000000007.log',
      '00000000000000000007.timeindex',
    ]);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([0, 8]);
  });

  it('RebuiltBatchKeepsHeader: 레코드가 빠진 배치만 다시 만들고 baseOffset, lastOffsetDelta, 프로듀서 값, 리더 에포크를 지킵니다', () => {
    const { log, logs } = setup();
    const idempotent = { producerId: 7, producerEpoch: 1, baseSequence: 0 };
    write(
      log,
      [
        [
          kv([
            ['a', '1'],
            ['b', '1'],
          ]),
          kv(
            [
              ['c', '1'],
              ['a', '2'],
              ['b', '2'],
            ],
            T0,
            idempotent,
          ),
        ],
        [
          kv([
            ['c', '2'],
            ['d', '1'],
          ]),
        ],
        [],
      ],
      3,
    );
    const untouched = Buffer.from(log.read(5, 1 << 20, true).records);
    logs.cleanFilthiestLog(T0);
    const stored = read(log.dir, `${SEG0}.log`);
    const [rebuilt, kept] = decodeBatches(stored);
    // 오프셋 0~1의 배치는 레코드가 모두 빠져 통째로 없어졌습니다.
    expect(rebuilt?.header).toMatchObject({
      baseOffset: 2,
      lastOffsetDelta: 2, // 원래 배치의 마지막 오프셋 4를 그대로: 마지막 시퀀스가 바뀌지 않게
      recordsCount: 2,
      partitionLeaderEpoch: 3,
      ...idempotent,
    });
    expect(rebuilt?.records.map((r) => r.offset)).toEqual([3, 4]);
    expect(hasValidCrc(stored, 0, rebuilt?.header as NonNullable<typeof rebuilt>['header'])).toBe(true);
    // 빠진 레코드가 없는 배치는 받은 바이트 그대로 옮깁니다.
    expect(stored.subarray(stored.length - untouched.length)).toEqual(untouched);
    expect(kept?.header.baseOffset).toBe(5);
  });

  it('ReadFromAnyOffset: 지워진 오프셋에서 읽으면 그 뒤에 남은 첫 레코드부터 나옵니다', () => {
    const { log, logs } = setup();
    write(log, [
      [
        kv([
          ['a', '1'],
          ['b', '1'],
        ]),
        kv([
          ['c', '1'],
          ['a', '2'],
          ['b', '2'],
        ]),
      ],
      [
        kv([
          ['c', '2'],
          ['d', '1'],
        ]),
      ],
      [kv([['a', '3']])],
    ]);
    logs.cleanFilthiestLog(T0);
    const offsets = Array.from({ length: 9 }, (_, offset) => firstOffsetFrom(log, offset));
    expect(offsets).toEqual([3, 3, 3, 3, 4, 5, 6, 7, undefined]);
  });

  it('CompressedBatchKeepsCodec: 압축한 배치는 풀어서 걸러 낸 뒤 같은 코덱으로 다시 압축합니다', () => {
    for (const compression of [
      CompressionType.Gzip,
      CompressionType.Snappy,
      CompressionType.Lz4,
      CompressionType.Zstd,
    ]) {
      const { log, logs } = setup();
      write(log, [
        [
          kv(
            [
              ['a', '1'],
              ['b', '1'],
              ['a', '2'],
            ],
            T0,
            { compression },
          ),
        ],
        [],
      ]);
      logs.cleanFilthiestLog(T0);
      expect(contents(log), CompressionType[compression]).toEqual(['1 b=1', '2 a=2']);
      const [batch] = decodeBatches(read(log.dir, `${SEG0}.log`));
      expect(batch && compressionOf(batch.header)).toBe(compression);
      expect(batch?.header).toMatchObject({ baseOffset: 0, lastOffsetDelta: 2, recordsCount: 2 });
    }
  });

  it('ActiveSegmentUntouched: 활성 세그먼트는 지도에도 넣지 않고 다시 쓰지도 않습니다', () => {
    const { log, logs } = setup();
    write(log, [[kv([['a', '1']])], [kv([['a', '2']]), kv([['a', '3']])]]);
    const activeFile = `${'1'.padStart(20, '0')}.log`;
    const before = read(log.dir, activeFile);
    logs.cleanFilthiestLog(T0);
    expect(read(log.dir, activeFile)).toEqual(before);
    expect(contents(log)).toEqual(['0 a=1', '1 a=2', '2 a=3']);
    // 세그먼트가 활성 세그먼트 하나뿐이면 청소할 것이 없습니다.
    expect(setup().logs.cleanFilthiestLog(T0)).toBeNull();
  });

  it('NullKeysAreRejectedAndRemoved: 압축 토픽은 키 없는 레코드를 받지 않고, 정책을 바꾸기 전에 있던 것은 청소가 지웁니다', () => {
    const { log, logs } = setup({ cleanupPolicy: ['delete'] });
    write(log, [
      [
        kv([
          [null, 'x'],
          ['a', '1'],
        ]),
      ],
      [],
    ]);
    log.updateConfig(COMPACT);
    expect(() => log.appendAsLeader(kv([[null, 'y']]), 0)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_RECORD }),
    );
    logs.cleanFilthiestLog(T0);
    expect(contents(log)).toEqual(['1 a=1']);
  });

  it('TransactionalAndControlBatchesKept: 트랜잭션 배치와 컨트롤 배치는 지도에 넣지도 지우지도 않습니다 (트랜잭션 장까지)', () => {
    const { log, logs } = setup();
    const txn = { producerId: 5, producerEpoch: 0, baseSequence: 0, isTransactional: true };
    log.appendAsLeader(kv([['k', 'old']], T0, txn), 0);
    const marker = { type: ControlRecordType.Commit, producerId: 5, producerEpoch: 0, coordinatorEpoch: 0 };
    log.appendAsLeader(encodeControlBatch({ ...marker, timestamp: T0 }), 0, 'coordinator');
    write(log, [
      [
        kv([
          ['k', 'new'],
          ['k', 'newer'],
        ]),
      ],
      [],
    ]);
    logs.cleanFilthiestLog(T0);
    expect(contents(log)).toEqual(['0 k=old', '3 k=newer']);
    expect(decodeBatches(read(log.dir, `${SEG0}.log`)).map((b) => isControl(b.header))).toEqual([false, true, false]);
  });
});

describe('툼스톤과 delete.retention.ms', () => {
  it('TombstoneSurvivesUntilDeleteRetention: 툼스톤은 세그먼트의 가장 큰 타임스탬프에서 delete.retention.ms가 지나야 사라집니다', () => {
    const { log, logs } = setup({ ...COMPACT, deleteRetentionMs: 1000, minCleanableDirtyRatio: 0 });
    write(log, [[kv([['k', '1']]), kv([['k', null]])], [kv([['z', '1']])]]);
    logs.cleanFilthiestLog(T0 + 999);
    // 옛 값은 바로 사라지고, "지웠다"는 표시(툼스톤)는 남습니다.
    expect(contents(log)).toEqual(['1 k=null', '2 z=1']);
    log.roll();
    log.appendAsLeader(kv([['y', '1']]), 0);
    log.roll();
    logs.cleanFilthiestLog(T0 + 999);
    expect(contents(log)).toEqual(['1 k=null', '2 z=1', '3 y=1']);
    log.appendAsLeader(kv([['x', '1']]), 0);
    log.roll();
    expect(logs.cleanFilthiestLog(T0 + 1000)?.recordsRemoved).toBe(1);
    expect(contents(log)).toEqual(['2 z=1', '3 y=1', '4 x=1']);
  });
});

describe('정책과 범위', () => {
  it('DeletePolicyNeverCompacted: cleanup.policy=delete인 로그는 청소하지 않습니다', () => {
    const { log, logs } = setup({ cleanupPolicy: ['delete'] });
    write(log, [[kv([['a', '1']])], [kv([['a', '2']])], []]);
    const before = files(log.dir).map((name) => read(log.dir, name));
    expect(logs.cleanFilthiestLog(T0)).toBeNull();
    expect(files(log.dir).map((name) => read(log.dir, name))).toEqual(before);
    expect(contents(log)).toEqual(['0 a=1', '1 a=2']);
  });

  it('CompactAndDeleteAlsoRunsRetention: compact,delete는 보존 정책으로 오래된 세그먼트를 지우고 남은 것을 컴팩션합니다', () => {
    const { log, logs } = setup({ cleanupPolicy: ['compact', 'delete'], retentionMs: 1000 });
    write(log, [
      [kv([['x', '1']], T0)],
      [kv([['a', '1']], T0 + 5000), kv([['a', '2']], T0 + 5000)],
      [kv([['b', '1']])],
    ]);
    expect(logs.cleanupLogs(T0 + 5000)).toBe(1);
    expect(log.logStartOffset).toBe(1);
    expect(logs.cleanFilthiestLog(T0 + 5000)).toMatchObject({ firstDirtyOffset: 1, recordsRemoved: 1 });
    expect(contents(log)).toEqual(['2 a=2', '3 b=1']);
  });

  it('MinCompactionLag: min.compaction.lag.ms보다 최근인 세그먼트부터는 청소하지 않습니다', () => {
    const { log } = setup({ ...COMPACT, minCompactionLagMs: 1000 });
    write(log, [[kv([['a', '1']], T0)], [kv([['a', '2']], T0 + 900)], []]);
    const hw = log.logEndOffset;
    expect(cleanableOffsets(log, undefined, T0 + 1000, hw)).toEqual({ firstDirtyOffset: 0, firstUncleanableOffset: 1 });
    expect(cleanableOffsets(log, undefined, T0 + 1900, hw)).toEqual({ firstDirtyOffset: 0, firstUncleanableOffset: 2 });
    // 하이 워터마크보다 뒤는 청소하지 않습니다. 체크포인트가 로그 밖이면 처음부터 다시 봅니다.
    expect(cleanableOffsets(log, 99, T0 + 1900, 1)).toEqual({ firstDirtyOffset: 0, firstUncleanableOffset: 1 });
  });
});

describe('청소할 수 없는 로그', () => {
  it('FailingLogIsMarkedUncleanable: 청소하다 예외가 난 로그는 .cleaned를 지우고 건너뛰어 다른 로그의 청소를 막지 않습니다', () => {
    const { logs, log: healthy } = setup();
    const broken = logs.createLog('broken', 0, COMPACT);
    for (const log of [broken, healthy]) write(log, [[kv([['a', '1']])], [kv([['a', '2']])], []]);
    // 첫 배치의 recordsCount를 부풀립니다: 레코드를 읽다 바이트가 모자라 예외가 납니다.
    const fd = fs.openSync(path.join(broken.dir, `${SEG0}.log`), 'r+');
    fs.writeSync(fd, Buffer.from([0, 0, 0, 9]), 0, 4, Offsets.recordsCount);
    fs.closeSync(fd);
    expect(() => logs.cleanFilthiestLog(T0)).toThrow();
    expect(files(broken.dir).filter((f) => f.endsWith('.cleaned'))).toEqual([]);
    expect(logs.cleanFilthiestLog(T0)).toMatchObject({ topic: 'offsets', recordsRemoved: 1 });
    expect(logs.cleanFilthiestLog(T0)).toBeNull();
  });
});

describe('cleaner-offset-checkpoint', () => {
  it('CheckpointLimitsNextCleanToNewData: 두 번째 청소는 체크포인트 뒤의 새 레코드로만 지도를 만듭니다', () => {
    const { log, logs, logDir } = setup();
    write(log, [
      [
        kv([
          ['a', '1'],
          ['b', '1'],
        ]),
      ],
      [kv([['a', '2']])],
      [],
    ]);
    expect(logs.cleanFilthiestLog(T0)).toMatchObject({ firstDirtyOffset: 0, endOffset: 3, recordsMapped: 3 });
    expect(fs.readFileSync(path.join(logDir, 'cleaner-offset-checkpoint'), 'utf8')).toBe('0\n1\noffsets 0 3\n');
    expect(logs.cleanFilthiestLog(T0)).toBeNull(); // 새 레코드가 없으면 더러운 비율 0
    write(log, [[kv([['c', '1']])], []]);
    expect(logs.cleanFilthiestLog(T0)).toBeNull(); // 더러운 부분이 전체의 절반이 안 됩니다 (min.cleanable.dirty.ratio)
    write(log, [[kv([['a', '3']]), kv([['c', '2']])], []]);
    expect(logs.cleanFilthiestLog(T0)).toMatchObject({ firstDirtyOffset: 3, endOffset: 6, recordsMapped: 3 });
    expect(contents(log)).toEqual(['1 b=1', '4 a=3', '5 c=2']);

    logs.shutdown();
    const restarted = new LogManager({ logDir, now: () => T0 });
    restarted.startup();
    expect(restarted.cleanerCheckpoint(restarted.getLog('offsets', 0) as UnifiedLog)).toBe(6);
    restarted.deleteLog('offsets', 0);
    expect(fs.readFileSync(path.join(logDir, 'cleaner-offset-checkpoint'), 'utf8')).toBe('0\n0\n');
  });

  it('TickCleansWithBackoff: tick은 청소할 것이 없으면 log.cleaner.backoff.ms만큼 쉬고, 청소하면 알립니다', () => {
    const cleaned: CleanerStats[] = [];
    const { log, logs } = setup(COMPACT, { cleanerBackoffMs: 15_000, onLogCleaned: (stats) => cleaned.push(stats) });
    logs.tick(T0); // 아직 청소할 것이 없습니다: 15초 쉼
    write(log, [[kv([['a', '1']])], [kv([['a', '2']])], []]);
    logs.tick(T0 + 14_999);
    expect(cleaned).toHaveLength(0);
    logs.tick(T0 + 15_000);
    expect(cleaned.map((s) => s.recordsRemoved)).toEqual([1]);
    logs.tick(T0 + 15_001); // 청소한 뒤에는 바로 다시 살펴보고, 없으면 쉽니다
    write(log, [[kv([['a', '3']]), kv([['a', '4']])], []]);
    logs.tick(T0 + 30_000);
    expect(cleaned).toHaveLength(1);
    logs.tick(T0 + 30_001);
    expect(cleaned).toHaveLength(2);
  });
});

describe('동적 설정 (Kafka: LogCleaner.reconfigure)', () => {
  it('ReconfiguredBackoff: log.cleaner.backoff.ms를 바꾸면 다음 쉼부터 새 값으로 쉽니다', () => {
    const cleaned: CleanerStats[] = [];
    const { log, logs } = setup(COMPACT, { cleanerBackoffMs: 15_000, onLogCleaned: (stats) => cleaned.push(stats) });
    logs.reconfigureCleaner(1_000);
    logs.tick(T0); // 청소할 것이 없어 1초 쉼
    write(log, [[kv([['a', '1']])], [kv([['a', '2']])], []]);
    logs.tick(T0 + 999);
    expect(cleaned).toHaveLength(0);
    logs.tick(T0 + 1_000);
    expect(cleaned).toHaveLength(1);
  });
});

describe('인덱스', () => {
  it('IndexesPointAtBatchStarts: 새 세그먼트의 .index 항목은 모두 배치 시작을 가리키고, 복구가 다시 만든 인덱스와 같습니다', () => {
    const { log, logs, logDir } = setup({ ...COMPACT, indexIntervalBytes: 100 });
    const segments = Array.from({ length: 4 }, (_, s) =>
      Array.from({ length: 10 }, (_, i) => kv([[`k${i % 7}`, `v${s}-${i}`]], T0 + s * 10 + i)),
    );
    write(log, [...segments, []]);
    logs.cleanFilthiestLog(T0);
    const cleaned = log.logSegments().slice(0, -1);
    expect(cleaned.map((s) => s.baseOffset)).toEqual([0]);
    expect(cleaned[0]?.offsetIndex.entries).toBeGreaterThan(1);
    for (const segment of cleaned) expectValidIndexes(segment);

    // .log만 옮겨 처음부터 복구하면 같은 인덱스가 나옵니다.
    const copy = tempDir('cleaner-copy');
    fs.copyFileSync(path.join(log.dir, `${SEG0}.log`), path.join(copy, `${SEG0}.log`));
    UnifiedLog.open({ dir: copy, topic: 'offsets', partition: 0, config: log.config, now: () => T0 }).close();
    for (const ext of ['.index', '.timeindex']) expect(read(copy, SEG0 + ext)).toEqual(read(log.dir, SEG0 + ext));

    logs.shutdown();
    const reopened = new LogManager({ logDir, now: () => T0 });
    reopened.startup();
    expect(reopened.getLog('offsets', 0)?.loadStats).toMatchObject({ segmentsRecovered: 0, indexesRebuilt: 0 });
  });
});

/**
 * 바꿔 넣기 도중의 충돌. 파일을 바꾸는 호출(writeSync, renameSync, unlinkSync, rmSync, ftruncateSync)의 n번째에서
 * 프로세스가 죽은 것처럼 멈추고(그 뒤의 호출도 모두 실패), 정상 종료 없이 다시 엽니다. n을 1부터 청소가 끝날
 * 때까지 늘려 가며 모든 지점을 봅니다.
 */
describe('청소 도중에 죽으면', () => {
  const MUTATIONS = ['writeSync', 'renameSync', 'unlinkSync', 'rmSync', 'ftruncateSync'] as const;

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** 세그먼트 4개(묶음 [0,1]과 [2,3]) + 활성 세그먼트. 첫 묶음은 청소하면 텅 빕니다. */
  // 배치 하나가 70바이트 남짓, 세그먼트 하나가 두 배치: 두 세그먼트씩 한 묶음이 됩니다.
  const CONFIG: Partial<LogConfig> = { ...COMPACT, segmentBytes: 350 };

  function prepare() {
    const { logDir, logs, log } = setup(CONFIG);
    write(log, [
      [kv([['a', '1']]), kv([['b', '1']])],
      [
        kv([
          ['a', '2'],
          ['c', '1'],
        ]),
        kv([['d', '1']]),
      ],
      [kv([['b', '2']]), kv([['c', '2']])],
      [kv([['a', '3']]), kv([['d', null]])],
      [kv([['a', '4']])],
    ]);
    logs.checkpointRecoveryOffsets(); // 다시 열 때 청소한 세그먼트는 복구 없이 인덱스 검사만 받습니다
    return { logDir, logs, log };
  }

  const EXPECTED = ['5 b=2', '6 c=2', '7 a=3', '8 d=null', '9 a=4'];

  function crashAtCall(n: number): void {
    let calls = 0;
    for (const name of MUTATIONS) {
      const real = fs[name] as (...args: unknown[]) => unknown;
      vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        if (++calls >= n) throw new Error(`simulated crash at mutation ${n}`);
        return real.apply(fs, args);
      }) as never);
    }
  }

  /** 키마다 마지막 값 (툼스톤 포함) */
  function latestByKey(records: readonly string[]): Map<string, string> {
    return new Map(records.map((r) => r.split(' ')[1]?.split('=') as [string, string]));
  }

  it('ReferenceRun: 충돌 없이 청소하면 묶음마다 세그먼트 하나가 되고, 텅 빈 묶음은 빈 세그먼트로 남습니다', () => {
    const { log, logs } = prepare();
    expect(segmentBases(log)).toEqual([0, 2, 5, 7, 9]);
    expect(logs.cleanFilthiestLog(T0)).toMatchObject({ segmentsRead: 4, segmentsWritten: 2 });
    expect(segmentBases(log)).toEqual([0, 5, 9]);
    expect(log.logSegments()[0]?.size).toBe(0);
    expect(contents(log)).toEqual(EXPECTED);
  });

  it('CrashAtEveryStepLosesNothing: 어느 파일 연산에서 죽어도 다시 열면 남겨야 할 레코드가 모두 있고, 다시 청소하면 같은 결과가 됩니다', () => {
    let crashes = 0;
    for (let n = 1; ; n++) {
      const { logDir, logs, log } = prepare();
      const original = contents(log);
      crashAtCall(n);
      let crashed = false;
      try {
        logs.cleanFilthiestLog(T0);
      } catch {
        crashed = true;
      }
      vi.restoreAllMocks();
      if (!crashed) break;
      crashes++;

      const reopened = new LogManager({ logDir, now: () => T0, topicConfig: () => CONFIG });
      expect(reopened.startup().hadCleanShutdown).toBe(false);
      const recovered = reopened.getLog('offsets', 0) as UnifiedLog;
      const seen = contents(recovered);
      const label = `crash at mutation ${n}: ${seen.join(', ')}`;
      expect(
        EXPECTED.filter((r) => !seen.includes(r)),
        label,
      ).toEqual([]);
      expect(
        seen.filter((r) => !original.includes(r)),
        label,
      ).toEqual([]);
      expect(latestByKey(seen), label).toEqual(latestByKey(original));
      expect(
        files(recovered.dir).filter((f) => /\.(cleaned|swap|deleted)$/.test(f)),
        label,
      ).toEqual([]);
      for (const segment of recovered.logSegments().slice(0, -1)) expectValidIndexes(segment);

      reopened.cleanFilthiestLog(T0);
      expect(contents(recovered), label).toEqual(EXPECTED);
    }
    // 두 묶음을 쓰고 바꿔 넣는 모든 지점: 쓰기들과, 묶음마다 이름 바꾸기 3 + 6 + 3번과 지우기 6번
    expect(crashes).toBeGreaterThan(2 * 18);
  }, 30_000); // 지점마다 로그를 새로 만들고 다시 열어 fsync가 많습니다
});
