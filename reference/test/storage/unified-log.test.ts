/**
 * 파티션 로그 하나(UnifiedLog): 디스크의 바이트, 오프셋 부여, 굴리기, 읽기, 검사.
 * 출처: Kafka `UnifiedLog`, `LogSegment`, `LogValidator`; Kafka protocol guide "Record Batch".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { Attributes, hasValidCrc, Offsets, readBatchHeader } from '../../src/record/batch-header.js';
import { decodeBatches } from '../../src/record/record-batch.js';
import type { LogConfig } from '../../src/storage/log-config.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import {
  baseOffsetAt,
  batchOf,
  fakeClock,
  files,
  makeBatch,
  offsetIndexBytes,
  patched,
  read,
  tempDir,
  timeIndexBytes,
  withFixedCrc,
} from './helpers.js';

const T0 = 1_700_000_000_000;
const EPOCH = 3;

function openLog(config: Partial<LogConfig> = {}, clock = fakeClock(), dir = tempDir()) {
  const log = UnifiedLog.open({ dir, topic: 'orders', partition: 0, config, now: clock.now });
  return { log, dir, clock };
}

function kafkaErrorOf(action: () => unknown): KafkaError {
  try {
    action();
  } catch (error) {
    if (error instanceof KafkaError) return error;
    throw error;
  }
  throw new Error('expected a KafkaError');
}

describe('UnifiedLog: 디스크 형식', () => {
  it('SegmentFilesNamedByBaseOffset: 첫 세그먼트는 20자리 0으로 채운 이름의 .log/.index/.timeindex입니다', () => {
    const { log, dir } = openLog();
    log.close();
    expect(files(dir)).toEqual([
      '00000000000000000000.index',
      '00000000000000000000.log',
      '00000000000000000000.timeindex',
    ]);
  });

  it('LogFileHoldsBatchesAsReceived: .log는 받은 배치를 그대로 이어 붙이고 baseOffset과 리더 에포크만 고쳐 씁니다', () => {
    const { log, dir } = openLog();
    const batches = [batchOf(1, T0), batchOf(3, T0 + 10), batchOf(2, T0 + 20)];
    const expected = [0, 1, 4].map((offset, i) => patched(batches[i] as Buffer, offset, EPOCH));
    const results = batches.map((b) => log.appendAsLeader(Buffer.from(b), EPOCH));
    expect(results.map((r) => [r.baseOffset, r.lastOffset])).toEqual([
      [0, 0],
      [1, 3],
      [4, 5],
    ]);
    expect(log.logEndOffset).toBe(6);
    log.close();
    expect(read(dir, '00000000000000000000.log')).toEqual(Buffer.concat(expected));
  });

  it('OffsetIndexIsSparseEveryIntervalBytes: index.interval.bytes를 넘게 쌓였을 때만 (마지막 오프셋, 배치 위치) 항목을 적습니다 (Kafka: LogSegment.append)', () => {
    const { log, dir } = openLog({ indexIntervalBytes: 100 });
    const batch = batchOf(1, T0);
    expect(batch.length).toBe(78); // 61바이트 헤더 + 17바이트 레코드 하나
    for (let i = 0; i < 6; i++) log.appendAsLeader(batchOf(1, T0 + i * 10), EPOCH);
    log.close();
    // 위치 0, 78: 아직 100바이트 미만 → 156에서 첫 항목 → 그 뒤 78, 156 → 312에서 다음 항목
    expect(read(dir, '00000000000000000000.index')).toEqual(
      offsetIndexBytes([
        [2, 156],
        [4, 312],
      ]),
    );
    // 타임 인덱스는 같은 때에 (지금까지 최대 타임스탬프, 그 배치의 마지막 오프셋)을, 닫을 때 마지막 최대값을 적습니다.
    expect(read(dir, '00000000000000000000.timeindex')).toEqual(
      timeIndexBytes([
        [T0 + 20, 2],
        [T0 + 40, 4],
        [T0 + 50, 5],
      ]),
    );
  });

  it('TimeIndexTracksMaxTimestampSoFar: 타임스탬프가 거꾸로 가면 항목을 더하지 않습니다', () => {
    const { log, dir } = openLog({ indexIntervalBytes: 0 });
    for (const ts of [T0 + 100, T0 + 50, T0 + 300, T0 + 200]) log.appendAsLeader(batchOf(1, ts), EPOCH);
    log.close();
    // interval 0: 두 번째 배치부터 매번 항목. 최대값은 100 → 100 → 300 → 300
    expect(read(dir, '00000000000000000000.index')).toEqual(
      offsetIndexBytes([
        [1, 78],
        [2, 156],
        [3, 234],
      ]),
    );
    expect(read(dir, '00000000000000000000.timeindex')).toEqual(
      timeIndexBytes([
        [T0 + 100, 0],
        [T0 + 300, 2],
      ]),
    );
  });

  it('ProduceRecordsMayHoldSeveralBatches: records 필드의 배치 여럿을 한 번에 검사하고 이어지는 오프셋을 붙입니다', () => {
    const { log, dir } = openLog();
    const input = Buffer.concat([batchOf(2, T0), batchOf(3, T0 + 5)]);
    const info = log.appendAsLeader(input, EPOCH);
    expect(info).toMatchObject({
      baseOffset: 0,
      lastOffset: 4,
      logAppendTimeMs: -1,
      logStartOffset: 0,
      recordCount: 5,
    });
    expect(info.maxTimestamp).toBe(T0 + 7);
    expect(info.offsetOfMaxTimestamp).toBe(4);
    log.close();
    const onDisk = read(dir, '00000000000000000000.log');
    expect(baseOffsetAt(onDisk, 0)).toBe(0);
    expect(baseOffsetAt(onDisk, batchOf(2, T0).length)).toBe(2);
  });
});

describe('UnifiedLog: 쓰기 검사 (Kafka: analyzeAndValidateRecords, LogValidator)', () => {
  it('CorruptBatchIsRejected: CRC가 틀리거나, 잘렸거나, magic이 2가 아니거나, 남는 바이트가 있으면 CORRUPT_MESSAGE', () => {
    const { log } = openLog();
    const flipped = batchOf(1, T0);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 0xff, flipped.length - 1);
    const magic1 = batchOf(1, T0);
    magic1.writeInt8(1, Offsets.magic);
    const cases = [
      flipped,
      batchOf(2, T0).subarray(0, 80), // 95바이트 배치의 앞 80바이트
      magic1,
      Buffer.concat([batchOf(1, T0), Buffer.from([1, 2, 3])]),
      Buffer.alloc(30),
    ];
    for (const records of cases)
      expect(kafkaErrorOf(() => log.appendAsLeader(records, EPOCH)).code).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('OversizedBatchIsRejected: 배치가 max.message.bytes보다 크면 MESSAGE_TOO_LARGE, 요청이 segment.bytes보다 크면 RECORD_LIST_TOO_LARGE', () => {
    const { log } = openLog({ maxMessageBytes: 100, segmentBytes: 150 });
    expect(kafkaErrorOf(() => log.appendAsLeader(batchOf(3, T0), EPOCH)).code).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    const twoSmall = Buffer.concat([batchOf(1, T0), batchOf(1, T0)]);
    expect(kafkaErrorOf(() => log.appendAsLeader(twoSmall, EPOCH)).code).toBe(ErrorCode.RECORD_LIST_TOO_LARGE);
  });

  it('InvalidBatchHeaderIsRejected: baseOffset≠0, 레코드 0개, 개수와 오프셋 범위 불일치, 클라이언트의 컨트롤 배치는 INVALID_RECORD', () => {
    const { log } = openLog();
    const withBase = batchOf(1, T0);
    withBase.writeBigInt64BE(7n, Offsets.baseOffset);
    const empty = batchOf(1, T0);
    empty.writeInt32BE(0, Offsets.recordsCount);
    const mismatched = batchOf(2, T0);
    mismatched.writeInt32BE(5, Offsets.lastOffsetDelta);
    const control = makeBatch([{ timestamp: T0, value: 'x' }], { attributes: 0x20 });
    for (const records of [withBase, withFixedCrc(empty), withFixedCrc(mismatched), control]) {
      expect(kafkaErrorOf(() => log.appendAsLeader(records, EPOCH)).code).toBe(ErrorCode.INVALID_RECORD);
    }
    expect(() => log.appendAsLeader(Buffer.from(control), EPOCH, 'coordinator')).not.toThrow();
  });

  it('GarbageRecordsAreRejected: CRC가 맞아도 레코드를 끝까지 읽을 수 없으면 CORRUPT_MESSAGE (Kafka처럼 레코드를 훑습니다)', () => {
    const { log } = openLog();
    const garbage = batchOf(2, T0);
    // 첫 레코드의 길이 varint(헤더 바로 뒤)를 엉터리로 바꾸고 CRC를 다시 맞춥니다.
    garbage.writeUInt8(0x7f, 61);
    expect(kafkaErrorOf(() => log.appendAsLeader(withFixedCrc(garbage), EPOCH)).code).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(log.logEndOffset).toBe(0);
  });

  it('NothingWrittenWhenAnyBatchIsInvalid: 배치 하나라도 잘못되면 아무것도 쓰지 않습니다', () => {
    const { log, dir } = openLog();
    log.appendAsLeader(batchOf(1, T0), EPOCH);
    const bad = batchOf(1, T0);
    bad.writeUInt8(bad.readUInt8(70) ^ 1, 70);
    const input = Buffer.concat([batchOf(1, T0), bad]);
    const before = Buffer.from(input);
    expect(kafkaErrorOf(() => log.appendAsLeader(input, EPOCH)).code).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(input).toEqual(before); // 오프셋도 고쳐 쓰지 않았습니다
    expect(log.logEndOffset).toBe(1);
    expect(fs.statSync(path.join(dir, '00000000000000000000.log')).size).toBe(78);
  });
});

describe('UnifiedLog: message.timestamp.type (Kafka: LogValidator, DefaultRecordBatch.setMaxTimestamp)', () => {
  it('LogAppendTimeStampsTheBroker: 배치마다 maxTimestamp를 브로커 시각으로, 타임스탬프 종류 비트를 켜고 CRC를 다시 계산합니다', () => {
    const clock = fakeClock(T0 + 5_000);
    const { log } = openLog({ messageTimestampType: 'LogAppendTime' }, clock);
    const input = Buffer.concat([batchOf(2, 1000), batchOf(1, 9_999_999_999_999)]);
    const info = log.appendAsLeader(input, EPOCH);
    expect(info).toMatchObject({ logAppendTimeMs: T0 + 5_000, maxTimestamp: T0 + 5_000, offsetOfMaxTimestamp: 2 });
    for (const position of [0, batchOf(2, 1000).length]) {
      const header = readBatchHeader(input, position);
      if (!header) throw new Error(`no batch at ${position}`);
      expect(header.maxTimestamp).toBe(T0 + 5_000);
      expect(header.attributes & Attributes.timestampTypeLogAppendTime).not.toBe(0);
      expect(hasValidCrc(input, position, header)).toBe(true);
    }
    // 읽는 쪽(컨슈머)에게는 모든 레코드의 시각이 브로커 시각입니다.
    expect(decodeBatches(log.read(0, 1 << 20, true).records).flatMap((b) => b.records.map((r) => r.timestamp))).toEqual(
      [T0 + 5_000, T0 + 5_000, T0 + 5_000],
    );
    // 타임 인덱스도 브로커 시각으로: 그 시각 이후의 첫 레코드는 오프셋 0
    expect(log.offsetForTimestamp(T0)?.offset).toBe(0);
  });

  it('CreateTimeKeepsTheProducerTime: 기본(CreateTime)은 프로듀서의 시각을 그대로 두고 logAppendTimeMs는 -1입니다', () => {
    const { log } = openLog();
    const input = batchOf(1, 1000);
    const before = Buffer.from(input);
    expect(log.appendAsLeader(input, EPOCH)).toMatchObject({ logAppendTimeMs: -1, maxTimestamp: 1000 });
    expect(input.subarray(Offsets.attributes)).toEqual(before.subarray(Offsets.attributes));
  });
});

describe('UnifiedLog: 세그먼트 굴리기 (Kafka: LogSegment.shouldRoll)', () => {
  it('RollsWhenSegmentWouldExceedSegmentBytes: 이번 쓰기로 segment.bytes를 넘으면 새 세그먼트를 엽니다', () => {
    const { log, dir } = openLog({ segmentBytes: 200 });
    for (let i = 0; i < 5; i++) log.appendAsLeader(batchOf(1, T0 + i), EPOCH); // 78바이트씩: 2개씩 들어갑니다
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expect(files(dir).filter((f) => f.endsWith('.log'))).toEqual([
      '00000000000000000000.log',
      '00000000000000000002.log',
      '00000000000000000004.log',
    ]);
    expect(log.recoveryPoint).toBe(4); // 굴린 세그먼트는 fsync하고 복구 지점을 올립니다
  });

  it('RollsWhenFirstBatchIsOlderThanSegmentMs: 새 배치의 타임스탬프가 첫 배치보다 segment.ms 넘게 늦으면 굴립니다', () => {
    const { log } = openLog({ segmentMs: 1000 });
    log.appendAsLeader(batchOf(1, T0), EPOCH);
    log.appendAsLeader(batchOf(1, T0 + 1000), EPOCH);
    expect(log.numberOfSegments).toBe(1);
    log.appendAsLeader(batchOf(1, T0 + 1001), EPOCH);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2]);
  });

  it('RollsByWallClockWithoutTimestamps: 타임스탬프가 없는 배치만 있으면 세그먼트를 만든 시각부터 잽니다 (주입한 시계)', () => {
    const clock = fakeClock();
    const { log } = openLog({ segmentMs: 1000 }, clock);
    const noTimestamp = () => makeBatch([{ timestamp: -1, value: 'x' }]);
    log.appendAsLeader(noTimestamp(), EPOCH);
    clock.advance(1000);
    log.appendAsLeader(noTimestamp(), EPOCH);
    expect(log.numberOfSegments).toBe(1);
    clock.advance(1);
    log.appendAsLeader(noTimestamp(), EPOCH);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2]);
  });

  it('RolledSegmentEndsWithMaxTimestampEntry: 물러난 세그먼트의 타임 인덱스는 최대 타임스탬프 항목으로 끝납니다', () => {
    const { log, dir } = openLog({ segmentBytes: 200 });
    log.appendAsLeader(batchOf(1, T0 + 5), EPOCH);
    log.appendAsLeader(batchOf(1, T0 + 9), EPOCH);
    log.appendAsLeader(batchOf(1, T0 + 7), EPOCH); // 굴림
    expect(read(dir, '00000000000000000000.timeindex')).toEqual(timeIndexBytes([[T0 + 9, 1]]));
  });
});

describe('UnifiedLog: 읽기', () => {
  function logWithSegments() {
    const opened = openLog({ segmentBytes: 250, indexIntervalBytes: 0 });
    // 배치마다 레코드 2개 (95바이트): 세그먼트마다 배치 2개 → [0..3] [4..7] [8..9]
    for (let i = 0; i < 5; i++) opened.log.appendAsLeader(batchOf(2, T0 + i * 10), EPOCH);
    return opened;
  }

  it('ReadStartsAtBatchContainingOffset: 오프셋을 담은 배치부터 온전한 배치들을 돌려줍니다', () => {
    const { log } = logWithSegments();
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 4, 8]);
    const fromMiddle = log.read(5, 10_000, false);
    expect(baseOffsetAt(fromMiddle.records, 0)).toBe(4); // 5를 담은 배치 [4, 5]
    expect(fromMiddle.records.length).toBe(2 * 95); // 세그먼트 하나에서만 읽습니다
    expect(baseOffsetAt(log.read(8, 10_000, false).records, 0)).toBe(8);
  });

  it('ReadReturnsWholeBatchesWithinMaxBytes: maxBytes 안의 온전한 배치만, minOneMessage면 큰 첫 배치 하나는 돌려줍니다 (KIP-74)', () => {
    const { log } = logWithSegments();
    expect(log.read(0, 150, false).records.length).toBe(95);
    const tooSmall = log.read(0, 50, false);
    expect(tooSmall.records.length).toBe(0);
    expect(tooSmall.firstEntryIncomplete).toBe(true);
    expect(log.read(0, 50, true).records.length).toBe(95);
  });

  it('ReadAtLogEndIsEmptyAndBeyondIsOutOfRange: 로그 끝에서는 빈 결과, 범위 밖은 OFFSET_OUT_OF_RANGE', () => {
    const { log } = logWithSegments();
    expect(log.read(10, 1000, true).records.length).toBe(0);
    expect(kafkaErrorOf(() => log.read(11, 1000, true)).code).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(kafkaErrorOf(() => log.read(-1, 1000, true)).code).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('ReadStopsBeforeMaxOffset: maxOffset(하이 워터마크)을 담은 배치부터는 돌려주지 않습니다', () => {
    const { log } = logWithSegments();
    expect(log.read(4, 10_000, true, 6).records.length).toBe(95);
    expect(log.read(4, 10_000, true, 4).records.length).toBe(0);
    expect(log.read(0, 10_000, true, 2).records.length).toBe(95);
    expect(log.read(0, 10_000, true, 9).records.length).toBe(2 * 95); // 첫 세그먼트 전부 (9는 다음 세그먼트)
  });

  it('ReadUsesSparseIndexThenScans: 인덱스가 듬성듬성해도 같은 결과를 돌려줍니다', () => {
    const sparse = openLog({ indexIntervalBytes: 4096 });
    const dense = openLog({ indexIntervalBytes: 0 });
    for (let i = 0; i < 30; i++) {
      sparse.log.appendAsLeader(batchOf(3, T0 + i), EPOCH);
      dense.log.appendAsLeader(batchOf(3, T0 + i), EPOCH);
    }
    for (const offset of [0, 1, 44, 45, 46, 89]) {
      expect(sparse.log.read(offset, 300, false).records).toEqual(dense.log.read(offset, 300, false).records);
    }
  });
});

describe('UnifiedLog: 시각으로 오프셋 찾기 (ListOffsets)', () => {
  it('OffsetForTimestampFindsFirstRecordAtOrAfter: 여러 세그먼트에서 타임스탬프가 목표 이상인 첫 레코드를 찾습니다', () => {
    const { log } = openLog({ segmentBytes: 300, indexIntervalBytes: 0 });
    // 배치 i: 레코드 3개, 타임스탬프 T0+100i, +1, +2 → 오프셋 3i..3i+2
    for (let i = 0; i < 8; i++) log.appendAsLeader(batchOf(3, T0 + 100 * i), EPOCH);
    expect(log.numberOfSegments).toBeGreaterThan(2);
    expect(log.offsetForTimestamp(T0)).toEqual({ timestamp: T0, offset: 0, leaderEpoch: EPOCH });
    expect(log.offsetForTimestamp(T0 + 101)).toEqual({ timestamp: T0 + 101, offset: 4, leaderEpoch: EPOCH });
    expect(log.offsetForTimestamp(T0 + 150)).toEqual({ timestamp: T0 + 200, offset: 6, leaderEpoch: EPOCH });
    expect(log.offsetForTimestamp(T0 + 702)).toEqual({ timestamp: T0 + 702, offset: 23, leaderEpoch: EPOCH });
    expect(log.offsetForTimestamp(T0 + 703)).toBeNull();
  });

  it('OffsetForTimestampWithOutOfOrderTimestamps: 타임스탬프가 뒤섞여도 오프셋 순으로 첫 레코드를 찾습니다', () => {
    const { log } = openLog({ indexIntervalBytes: 0 });
    log.appendAsLeader(makeBatch([{ timestamp: T0 + 50, value: 'a' }]), EPOCH);
    log.appendAsLeader(makeBatch([{ timestamp: T0 + 10, value: 'b' }]), EPOCH);
    log.appendAsLeader(makeBatch([{ timestamp: T0 + 60, value: 'c' }]), EPOCH);
    expect(log.offsetForTimestamp(T0 + 5)?.offset).toBe(0);
    expect(log.offsetForTimestamp(T0 + 55)?.offset).toBe(2);
  });

  it('OffsetOfMaxTimestampIsTheRecord: MAX_TIMESTAMP는 배치가 아니라 그 레코드의 오프셋입니다 (KIP-734)', () => {
    const { log } = openLog({ segmentBytes: 200 });
    log.appendAsLeader(batchOf(1, T0), EPOCH);
    log.appendAsLeader(
      makeBatch([
        { timestamp: T0 + 1, value: 'a' },
        { timestamp: T0 + 9000, value: 'b' },
        { timestamp: T0 + 2, value: 'c' },
      ]),
      EPOCH,
    );
    log.appendAsLeader(batchOf(2, T0 + 5), EPOCH);
    expect(log.offsetOfMaxTimestamp()).toEqual({ timestamp: T0 + 9000, offset: 2, leaderEpoch: EPOCH });
  });

  it('OffsetOfMaxTimestampOnEmptyLog: 빈 로그에는 답이 없습니다', () => {
    expect(openLog().log.offsetOfMaxTimestamp()).toBeNull();
  });
});

describe('UnifiedLog: 자르기와 로그 시작 오프셋', () => {
  it('TruncateToDropsTailAndLaterSegments: truncateTo는 그 오프셋부터 뒤 세그먼트까지 지우고 이어서 쓸 수 있습니다', () => {
    const { log, dir } = openLog({ segmentBytes: 200, indexIntervalBytes: 0 });
    for (let i = 0; i < 6; i++) log.appendAsLeader(batchOf(1, T0 + i), EPOCH);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expect(log.truncateTo(3)).toBe(true);
    expect(log.logEndOffset).toBe(3);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2]);
    expect(files(dir).some((f) => f.startsWith('00000000000000000004'))).toBe(false);
    expect(log.appendAsLeader(batchOf(1, T0), EPOCH).baseOffset).toBe(3);
    expect(log.truncateTo(10)).toBe(false);
  });

  it('IncrementLogStartOffset: DeleteRecords로 로그 시작을 옮기면 그 앞은 읽을 수 없고, 다음 보존 검사가 세그먼트를 지웁니다', () => {
    const { log, dir } = openLog({ segmentBytes: 200, retentionMs: -1 });
    for (let i = 0; i < 6; i++) log.appendAsLeader(batchOf(1, T0 + i), EPOCH);
    expect(log.maybeIncrementLogStartOffset(3)).toBe(true);
    expect(log.logStartOffset).toBe(3);
    expect(kafkaErrorOf(() => log.read(2, 1000, true)).code).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(baseOffsetAt(log.read(3, 1000, true).records, 0)).toBe(3);
    expect(log.deleteOldSegments(T0)).toBe(1);
    expect(files(dir).filter((f) => f.endsWith('.log'))).toEqual([
      '00000000000000000002.log',
      '00000000000000000004.log',
    ]);
    expect(log.logStartOffset).toBe(3);
    expect(kafkaErrorOf(() => log.maybeIncrementLogStartOffset(5, 4)).code).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('FollowerJumpRollsWithoutPassingTheLogEnd: 오프셋을 크게 건너뛴 팔로워 쓰기는 새 세그먼트로 굴리고 복구 지점은 로그 끝을 넘지 않습니다', () => {
    const { log, dir } = openLog();
    log.appendAsFollower(batchOf(1, T0));
    // 상대 오프셋(int32)에 담을 수 없을 만큼 뒤의 배치: 새 세그먼트가 그 오프셋에서 시작해야 합니다.
    const far = batchOf(1, T0);
    far.writeBigInt64BE(BigInt(2 ** 31 + 5), Offsets.baseOffset);
    expect(() => log.appendAsFollower(far)).not.toThrow();
    expect(log.logEndOffset).toBe(2 ** 31 + 6);
    expect(log.recoveryPoint).toBeLessThanOrEqual(log.logEndOffset);
    expect(files(dir)).toContain(`${String(2 ** 31 + 5).padStart(20, '0')}.log`);
  });

  it('FollowerAppendKeepsLeaderOffsets: 팔로워는 리더가 붙인 오프셋을 그대로 씁니다', () => {
    const leader = openLog();
    const follower = openLog();
    const batch = batchOf(2, T0);
    leader.log.appendAsLeader(batch, EPOCH); // batch가 제자리에서 오프셋 0을 받습니다
    leader.log.appendAsLeader(batchOf(1, T0), EPOCH);
    const fetched = leader.log.read(0, 10_000, true).records;
    expect(follower.log.appendAsFollower(Buffer.from(fetched))).toMatchObject({ baseOffset: 0, lastOffset: 2 });
    expect(follower.log.logEndOffset).toBe(3);
    expect(() => follower.log.appendAsFollower(Buffer.from(batch))).toThrow(/behind the log end offset/);
    leader.log.close();
    follower.log.close();
    expect(read(follower.dir, '00000000000000000000.log')).toEqual(read(leader.dir, '00000000000000000000.log'));
  });
});
