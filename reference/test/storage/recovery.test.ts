/**
 * 복구: 비정상 종료 뒤 로그를 다시 열면 온전한 배치는 모두 돌아오고, 찢어지거나 손상된 꼬리는 잘려 나가며,
 * 인덱스는 처음부터 깨끗하게 쓴 로그와 바이트 단위로 같게 다시 만들어집니다.
 * 출처: Kafka `LogSegment.recover`, `LogLoader.load`/`recoverLog`/`removeTempFilesAndCollectSwapFiles`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogConfig } from '../../src/storage/log-config.js';
import { UnifiedLog, type UnifiedLogOptions } from '../../src/storage/unified-log.js';
import { batchOf, fakeClock, files, read, tempDir, timeIndexBytes } from './helpers.js';

const T0 = 1_700_000_000_000;
/** 78바이트 배치 5개마다 세그먼트 하나, 인덱스 항목은 2~3배치마다 */
const CONFIG: Partial<LogConfig> = { segmentBytes: 400, indexIntervalBytes: 100 };
const BATCH = 78;
const batches = Array.from({ length: 12 }, (_, i) => batchOf(1, T0 + i * 10));

function open(dir: string, options: Partial<UnifiedLogOptions> = {}): UnifiedLog {
  return UnifiedLog.open({ dir, topic: 't', partition: 0, config: CONFIG, now: fakeClock().now, ...options });
}

/** 배치 n개를 쓰고 닫지 않습니다: `kill -9`처럼 파일 핸들을 정리하지 않고 멈춘 상태. */
function writeThenCrash(n: number): { dir: string; log: UnifiedLog } {
  const dir = tempDir('crash');
  const log = open(dir);
  for (const b of batches.slice(0, n)) log.appendAsLeader(Buffer.from(b), 0);
  return { dir, log };
}

/** 같은 배치 n개를 쓰고 정상적으로 닫은 로그: 복구 결과와 바이트를 비교할 기준 */
function cleanRun(n: number): string {
  const dir = tempDir('clean');
  const log = open(dir);
  for (const b of batches.slice(0, n)) log.appendAsLeader(Buffer.from(b), 0);
  log.close();
  return dir;
}

function segmentFiles(dir: string, base: string): Buffer[] {
  return ['.log', '.index', '.timeindex'].map((ext) => read(dir, base + ext));
}

const SEG10 = '00000000000000000010';
const SEG5 = '00000000000000000005';
const SEG0 = '00000000000000000000';

describe('복구 (비정상 종료 뒤)', () => {
  it('TornTailIsTruncated: 반만 쓰인 마지막 배치를 잘라 내고 인덱스를 깨끗한 로그와 같게 다시 만듭니다', () => {
    const { dir, log } = writeThenCrash(12);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 5, 10]);
    fs.truncateSync(path.join(dir, `${SEG10}.log`), 2 * BATCH - 39);
    const reopened = open(dir, { recoveryPointCheckpoint: log.recoveryPoint });
    expect(reopened.loadStats).toMatchObject({ segmentsRecovered: 1, bytesTruncated: 39, segmentsDeleted: 0 });
    expect(reopened.logEndOffset).toBe(11);
    reopened.close();
    expect(segmentFiles(dir, SEG10)).toEqual(segmentFiles(cleanRun(11), SEG10));
  });

  it('GarbageTailIsTruncated: 끝에 붙은 쓰레기 바이트를 잘라 냅니다', () => {
    const { dir, log } = writeThenCrash(12);
    fs.appendFileSync(path.join(dir, `${SEG10}.log`), Buffer.alloc(100, 0xab));
    const reopened = open(dir, { recoveryPointCheckpoint: log.recoveryPoint });
    expect(reopened.loadStats.bytesTruncated).toBe(100);
    expect(reopened.logEndOffset).toBe(12);
    reopened.close();
    const clean = cleanRun(12);
    for (const base of [SEG0, SEG5, SEG10]) expect(segmentFiles(dir, base)).toEqual(segmentFiles(clean, base));
  });

  it('ZeroFilledTailIsTruncated: 전원이 나가 0으로 채워진 꼬리도 잘라 냅니다', () => {
    const { dir, log } = writeThenCrash(12);
    fs.appendFileSync(path.join(dir, `${SEG10}.log`), Buffer.alloc(4096));
    const reopened = open(dir, { recoveryPointCheckpoint: log.recoveryPoint });
    expect(reopened.loadStats.bytesTruncated).toBe(4096);
    expect(reopened.logEndOffset).toBe(12);
  });

  it('BadCrcInLastBatchIsTruncated: 마지막 배치의 바이트 하나가 바뀌면 CRC로 알아보고 그 배치를 버립니다', () => {
    const { dir, log } = writeThenCrash(12);
    const file = path.join(dir, `${SEG10}.log`);
    const bytes = fs.readFileSync(file);
    bytes[BATCH + 70] = (bytes[BATCH + 70] as number) ^ 0x01; // 두 번째 배치의 레코드 본문
    fs.writeFileSync(file, bytes);
    const reopened = open(dir, { recoveryPointCheckpoint: log.recoveryPoint });
    expect(reopened.loadStats.bytesTruncated).toBe(BATCH);
    expect(reopened.logEndOffset).toBe(11);
    reopened.close();
    expect(segmentFiles(dir, SEG10)).toEqual(segmentFiles(cleanRun(11), SEG10));
  });

  it('CorruptionDeletesLaterSegments: 복구 중 손상을 찾으면 그 뒤 세그먼트는 모두 지웁니다', () => {
    const { dir } = writeThenCrash(12);
    const file = path.join(dir, `${SEG5}.log`);
    const bytes = fs.readFileSync(file);
    bytes[2 * BATCH + 70] = (bytes[2 * BATCH + 70] as number) ^ 0x01; // 오프셋 7의 배치
    fs.writeFileSync(file, bytes);
    const reopened = open(dir, { recoveryPointCheckpoint: 0 }); // 체크포인트가 없으면 전부 복구
    expect(reopened.loadStats).toMatchObject({ segmentsRecovered: 2, bytesTruncated: 3 * BATCH, segmentsDeleted: 1 });
    expect(reopened.logEndOffset).toBe(7);
    expect(files(dir).filter((f) => f.startsWith(SEG10))).toEqual([]);
  });

  it('RecoveryStartsAtRecoveryPointSegment: 복구 지점 앞의 세그먼트는 다시 검사하지 않습니다', () => {
    const { dir, log } = writeThenCrash(12);
    expect(log.recoveryPoint).toBe(10); // 굴릴 때마다 fsync하고 복구 지점을 올렸습니다
    expect(open(dir, { recoveryPointCheckpoint: 10 }).loadStats.segmentsRecovered).toBe(1);
    expect(open(dir, { recoveryPointCheckpoint: 7 }).loadStats.segmentsRecovered).toBe(2);
  });

  it('RecoveredSegmentIndexesLikeNeverCrashed: 복구한 세그먼트에 이어 쓰면 .log와 .index는 한 번도 멈추지 않은 로그와 같습니다', () => {
    const { dir, log } = writeThenCrash(11);
    const reopened = open(dir, { recoveryPointCheckpoint: log.recoveryPoint });
    reopened.appendAsLeader(Buffer.from(batches[11] as Buffer), 0);
    reopened.close();
    const clean = cleanRun(12);
    const [logBytes, index, timeIndex] = segmentFiles(dir, SEG10);
    const [cleanLog, cleanIndex, cleanTimeIndex] = segmentFiles(clean, SEG10);
    expect(logBytes).toEqual(cleanLog);
    expect(index).toEqual(cleanIndex);
    // 복구는 "닫힌 세그먼트처럼" 그때의 최대 타임스탬프 항목을 적으므로 (Kafka도 같음) 항목이 하나 더 있습니다.
    expect(timeIndex).toEqual(Buffer.concat([timeIndexBytes([[T0 + 100, 0]]), cleanTimeIndex as Buffer]));
  });
});

describe('인덱스 검사와 재생성', () => {
  it('MissingIndexIsRebuilt: .index가 없으면 세그먼트를 복구해 같은 인덱스를 다시 만듭니다', () => {
    const dir = cleanRun(12);
    fs.rmSync(path.join(dir, `${SEG0}.index`));
    const reopened = open(dir, { hadCleanShutdown: true });
    expect(reopened.loadStats).toMatchObject({ segmentsRecovered: 1, indexesRebuilt: 1 });
    reopened.close();
    expect(segmentFiles(dir, SEG0)).toEqual(segmentFiles(cleanRun(12), SEG0));
  });

  it('MissingTimeIndexIsRebuilt: .timeindex가 없어도 다시 만듭니다', () => {
    const dir = cleanRun(12);
    fs.rmSync(path.join(dir, `${SEG5}.timeindex`));
    const reopened = open(dir, { hadCleanShutdown: true });
    expect(reopened.loadStats.indexesRebuilt).toBe(1);
    reopened.close();
    expect(segmentFiles(dir, SEG5)).toEqual(segmentFiles(cleanRun(12), SEG5));
  });

  it('CorruptIndexIsRebuilt: 길이가 틀리거나 순서가 어긋나거나 로그 밖을 가리키는 인덱스는 다시 만듭니다', () => {
    const corruptions = [
      Buffer.alloc(13, 0xff),
      Buffer.from('000000030000009c00000001000000ff', 'hex'), // 줄어드는 항목
      Buffer.from('0000000300001000', 'hex'), // 로그 밖 위치
    ];
    for (const garbage of corruptions) {
      const dir = cleanRun(12);
      fs.writeFileSync(path.join(dir, `${SEG0}.index`), garbage);
      const reopened = open(dir, { hadCleanShutdown: true });
      expect(reopened.loadStats.indexesRebuilt).toBe(1);
      reopened.close();
      expect(segmentFiles(dir, SEG0)).toEqual(segmentFiles(cleanRun(12), SEG0));
    }
  });

  it('CleanShutdownSkipsRecovery: 정상 종료였다면 복구하지 않고 복구 지점은 로그 끝입니다', () => {
    const dir = cleanRun(12);
    const reopened = open(dir, { hadCleanShutdown: true, recoveryPointCheckpoint: 12 });
    expect(reopened.loadStats).toMatchObject({ hadCleanShutdown: true, segmentsRecovered: 0, bytesTruncated: 0 });
    expect(reopened.logEndOffset).toBe(12);
    expect(reopened.recoveryPoint).toBe(12);
    expect(reopened.read(0, 10_000, true).records.length).toBe(5 * BATCH);
  });

  it('LeftoverTempFilesAreDeleted: .deleted/.cleaned/.swap 파일과 짝 없는 인덱스는 적재할 때 지웁니다', () => {
    const dir = cleanRun(3);
    for (const name of [
      `${SEG5}.log.deleted`,
      `${SEG5}.index.deleted`,
      `${SEG10}.log.cleaned`,
      `${SEG10}.log.swap`,
      '00000000000000000099.index',
    ]) {
      fs.writeFileSync(path.join(dir, name), 'x');
    }
    const reopened = open(dir, { hadCleanShutdown: true });
    expect(reopened.loadStats.strayFilesDeleted).toBe(5);
    expect(files(dir)).toEqual([`${SEG0}.index`, `${SEG0}.log`, `${SEG0}.timeindex`]);
  });

  it('LogStartBeyondLogEndStartsFresh: 로그 시작 체크포인트가 로그 끝보다 뒤면 세그먼트를 버리고 그 오프셋에서 시작합니다', () => {
    const dir = cleanRun(3);
    const reopened = open(dir, { hadCleanShutdown: true, logStartOffsetCheckpoint: 100, recoveryPointCheckpoint: 3 });
    expect(reopened.logStartOffset).toBe(100);
    expect(reopened.logEndOffset).toBe(100);
    expect(files(dir)).toEqual([
      '00000000000000000100.index',
      '00000000000000000100.log',
      '00000000000000000100.timeindex',
    ]);
  });
});
