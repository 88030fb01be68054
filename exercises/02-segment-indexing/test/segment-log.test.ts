/**
 * 2장 테스트: 세그먼트와 인덱스. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 파일은 Kafka와 바이트 단위로 같아야 합니다. 출처: Kafka `LogSegment`(append, recover, shouldRoll),
 * `OffsetIndex`, `TimeIndex`, `UnifiedLog.deleteOldSegments`, `LogLoader`; Kafka protocol guide "Record Batch".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../../../reference/src/protocol/error-codes.js';
import { decodeBatches } from '../../../reference/src/record/record-batch.js';
import type { UnifiedLog } from '../src/unified-log.js';
import {
  appendAll,
  fakeClock,
  files,
  flipByte,
  NO_TIMESTAMP,
  offsetEntries,
  offsetIndexBytes,
  openLog,
  read,
  seg,
  spec,
  stored,
  T0,
  timeEntries,
  timeIndexBytes,
} from './helpers.js';

/** 세 파일의 이름 */
const trio = (base: number) => [`${seg(base)}.index`, `${seg(base)}.log`, `${seg(base)}.timeindex`];

function bases(log: UnifiedLog): number[] {
  return log.logSegments().map((s) => s.baseOffset);
}

/** read(offset)이 돌려준 첫 배치의 오프셋 범위 */
function firstBatchRange(log: UnifiedLog, offset: number): [number, number] | null {
  const [batch] = decodeBatches(log.read(offset, 1, true).records);
  if (!batch) return null;
  return [batch.header.baseOffset, batch.header.baseOffset + batch.header.lastOffsetDelta];
}

function offsetOutOfRange(action: () => unknown): number | null {
  try {
    action();
  } catch (error) {
    if (error instanceof KafkaError) return error.code;
    throw error;
  }
  return null;
}

describe('2장 세그먼트와 인덱스', () => {
  describe('디스크 위의 파일', () => {
    it('SegmentFilesNamedByBaseOffset: 세그먼트 파일 이름은 그 세그먼트 첫 오프셋을 20자리로 채운 것입니다', () => {
      // 112바이트 배치(레코드 3개) 2개가 250바이트 세그먼트 하나에 들어갑니다.
      const { log, dir } = openLog({ segmentBytes: 250 });
      appendAll(
        log,
        [0, 1, 2, 3, 4].map((i) => spec([T0 + i * 100, T0 + i * 100 + 1, T0 + i * 100 + 2])),
      );
      expect(bases(log), '세그먼트의 baseOffset: 세그먼트 번호가 아니라 첫 레코드의 오프셋입니다').toEqual([0, 6, 12]);
      log.close();
      expect(files(dir), '파티션 디렉터리의 파일: 세그먼트마다 .index/.log/.timeindex 세 개').toEqual([
        ...trio(0),
        ...trio(6),
        ...trio(12),
      ]);

      // 앞부분이 이미 지워진 파티션이라면 첫 세그먼트도 0이 아닌 오프셋에서 시작합니다.
      const later = openLog({}, { logStartOffsetCheckpoint: 9_876_543_210 });
      expect(
        appendAll(later.log, [spec([T0])]),
        '로그 시작 오프셋이 9876543210인 빈 로그에 쓴 첫 배치의 오프셋',
      ).toEqual([9_876_543_210]);
      later.log.close();
      expect(files(later.dir), '9876543210에서 시작하는 세그먼트의 파일 이름').toEqual(trio(9_876_543_210));
    });

    it('LogFileHoldsPatchedBatches: .log는 받은 배치를 그대로 이어 붙이고 baseOffset과 리더 에포크만 고쳐 씁니다', () => {
      const { log, dir } = openLog({});
      const batches = [spec([T0]), spec([T0 + 10, T0 + 11, T0 + 12]), spec([T0 + 20, T0 + 21])];
      expect(appendAll(log, batches), '배치마다 받은 첫 오프셋 (레코드 1개, 3개, 2개)').toEqual([0, 1, 4]);
      expect(log.logEndOffset, '레코드 6개를 쓴 뒤의 로그 끝 오프셋').toBe(6);
      log.close();
      const onDisk = read(dir, `${seg(0)}.log`);
      expect(onDisk.length, '.log의 크기는 받은 배치 크기의 합 (78 + 112 + 95바이트)이어야 합니다').toBe(285);
      const expected = Buffer.concat(batches.map((b, i) => stored(b, [0, 1, 4][i] as number)));
      expect(
        onDisk.equals(expected),
        '.log 바이트가 "받은 배치에 baseOffset(0, 1, 4)과 리더 에포크만 채운 것"과 같아야 합니다 — LogSegment.append가 받은 바이트를 그대로 쓰는지 보세요',
      ).toBe(true);
    });

    it('IndexEntryEveryIntervalBytes: .index는 index.interval.bytes를 넘게 쌓였을 때만 8바이트 항목(상대 오프셋, 위치)을 적습니다', () => {
      // 95바이트 배치(레코드 2개)를 9개: 세그먼트 0에 6개(오프셋 0~11), 세그먼트 12에 3개(오프셋 12~17)
      const { log, dir } = openLog({ segmentBytes: 600, indexIntervalBytes: 150 });
      appendAll(
        log,
        Array.from({ length: 9 }, (_, i) => spec([T0 + i * 100, T0 + i * 100 + 10])),
      );
      expect(bases(log), '세그먼트의 baseOffset').toEqual([0, 12]);
      log.close();

      // 위치 0, 95: 쌓인 바이트 0, 95 ≤ 150 → 위치 190: 190 > 150이므로 (오프셋 5 = 그 배치의 마지막, 위치 190)
      // → 다시 0부터 세어 위치 380에서 (9, 380)
      const index0 = read(dir, `${seg(0)}.index`);
      expect(
        offsetEntries(index0),
        '세그먼트 0의 .index 항목 [상대 오프셋, 위치] — LogSegment.append의 index.interval.bytes 규칙을 보세요',
      ).toEqual([
        [5, 190],
        [9, 380],
      ]);
      expect(index0.toString('hex'), '세그먼트 0의 .index 바이트 (빅엔디언 int32 두 개씩)').toBe(
        '00000005000000be000000090000017c',
      );
      // 세그먼트 12의 항목은 절대 오프셋 17이 아니라 상대 오프셋 17 − 12 = 5로 적힙니다.
      const index12 = read(dir, `${seg(12)}.index`);
      expect(
        offsetEntries(index12),
        '세그먼트 12의 .index 항목: 오프셋은 세그먼트 baseOffset을 뺀 상대 오프셋입니다',
      ).toEqual([[5, 190]]);
      expect(index12.equals(offsetIndexBytes([[5, 190]])), '세그먼트 12의 .index 바이트').toBe(true);

      // 타임 인덱스는 같은 때에 (지금까지의 최대 타임스탬프, 그 배치의 마지막 오프셋)을 적고,
      // 세그먼트가 물러날 때(굴리거나 닫을 때) 마지막 최대값을 한 번 더 적습니다.
      const time0 = read(dir, `${seg(0)}.timeindex`);
      expect(
        timeEntries(time0),
        '세그먼트 0의 .timeindex 항목 [타임스탬프, 상대 오프셋] — 인덱스 항목을 적을 때 타임 인덱스에도 적었나요?',
      ).toEqual([
        [T0 + 210, 5],
        [T0 + 410, 9],
        [T0 + 510, 11],
      ]);
      expect(
        time0.equals(
          timeIndexBytes([
            [T0 + 210, 5],
            [T0 + 410, 9],
            [T0 + 510, 11],
          ]),
        ),
        '세그먼트 0의 .timeindex 바이트 (int64 타임스탬프 + int32 상대 오프셋 = 12바이트씩)',
      ).toBe(true);
      expect(timeEntries(read(dir, `${seg(12)}.timeindex`)), '세그먼트 12의 .timeindex 항목').toEqual([[T0 + 810, 5]]);
    });

    it('TimeIndexKeepsMaxTimestampSoFar: .timeindex는 지금까지의 최대 타임스탬프가 커질 때만 항목을 더합니다', () => {
      // index.interval.bytes = 0: 두 번째 배치부터 배치마다 인덱스 항목을 적을 기회가 옵니다.
      const { log, dir } = openLog({ indexIntervalBytes: 0 });
      appendAll(
        log,
        [T0 + 100, T0 + 50, T0 + 300, T0 + 200, T0 + 400].map((ts) => spec([ts])),
      );
      log.close();
      expect(offsetEntries(read(dir, `${seg(0)}.index`)), '.index 항목: 78바이트 배치마다 하나').toEqual([
        [1, 78],
        [2, 156],
        [3, 234],
        [4, 312],
      ]);
      // 오프셋 1(타임스탬프 +50)에서 적는 항목은 "지금까지의 최대" (T0+100, 오프셋 0)입니다.
      // 오프셋 3(+200)에서는 최대가 그대로 (T0+300, 2)라 새 항목이 없습니다.
      const timeIndex = read(dir, `${seg(0)}.timeindex`);
      expect(
        timeEntries(timeIndex),
        '.timeindex 항목 [타임스탬프, 상대 오프셋] — 최대 타임스탬프는 더 클 때만 바꿔야 합니다 (LogSegment.append)',
      ).toEqual([
        [T0 + 100, 0],
        [T0 + 300, 2],
        [T0 + 400, 4],
      ]);
      expect(
        timeIndex.subarray(0, 12).toString('hex'),
        '첫 항목의 12바이트: T0+100 (int64), 상대 오프셋 0 (int32)',
      ).toBe('0000018bcfe5686400000000');
    });
  });

  describe('찾기', () => {
    /** 112바이트 배치(레코드 3개) 12개. 세그먼트마다 배치 3개: 0, 9, 18, 27. 배치 i의 레코드는 T0 + 100i + 0/10/20 */
    function fourSegments() {
      const { log, dir } = openLog({ segmentBytes: 400, indexIntervalBytes: 100 });
      appendAll(
        log,
        Array.from({ length: 12 }, (_, i) => spec([T0 + i * 100, T0 + i * 100 + 10, T0 + i * 100 + 20])),
      );
      return { log, dir };
    }

    it('ReadFindsOffsetAcrossSegments: 오프셋으로 읽으면 그 오프셋을 담은 세그먼트와 배치를 찾습니다', () => {
      const { log } = fourSegments();
      expect(bases(log), '세그먼트의 baseOffset').toEqual([0, 9, 18, 27]);
      for (let offset = 0; offset < 36; offset++) {
        const first = Math.floor(offset / 3) * 3;
        expect(
          firstBatchRange(log, offset),
          `read(${offset})의 첫 배치는 오프셋 ${first}~${first + 2}의 배치여야 합니다 — floorIndex가 고른 세그먼트를 보세요`,
        ).toEqual([first, first + 2]);
      }
      expect(log.read(36, 1000, true).records.length, '로그 끝(36)에서 읽으면 빈 결과').toBe(0);
      expect(
        offsetOutOfRange(() => log.read(37, 1000, true)),
        '로그 끝보다 뒤(37)를 읽으면 OFFSET_OUT_OF_RANGE(1)',
      ).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    });

    it('OffsetForTimestampAcrossSegments: 시각으로 찾으면 타임스탬프가 그 시각 이상인 첫 레코드의 오프셋을 줍니다', () => {
      const { log } = fourSegments();
      const at = (ts: number) => {
        const found = log.offsetForTimestamp(ts);
        return found && { offset: found.offset, timestamp: found.timestamp };
      };
      expect(at(T0 - 1000), '모든 레코드보다 이른 시각 → 첫 레코드').toEqual({ offset: 0, timestamp: T0 });
      expect(at(T0 + 5), 'T0+5 → 타임스탬프 T0+10인 오프셋 1').toEqual({ offset: 1, timestamp: T0 + 10 });
      expect(
        at(T0 + 250),
        'T0+250 → 세그먼트 0에는 없고, 다음 세그먼트의 첫 레코드(오프셋 9, T0+300) — 세그먼트를 건너가야 합니다',
      ).toEqual({ offset: 9, timestamp: T0 + 300 });
      expect(at(T0 + 1115), 'T0+1115 → 마지막 세그먼트의 오프셋 35(T0+1120)').toEqual({
        offset: 35,
        timestamp: T0 + 1120,
      });
      expect(at(T0 + 1121), '가장 큰 타임스탬프보다 늦은 시각 → null').toBeNull();
    });
  });

  describe('세그먼트 굴리기(roll)', () => {
    it('RollBySegmentBytes: 이번 쓰기로 segment.bytes를 넘게 될 때 새 세그먼트를 엽니다 (딱 맞으면 아직 들어갑니다)', () => {
      // 78바이트 배치 3개 = 234바이트 = segment.bytes
      const { log, dir } = openLog({ segmentBytes: 234 });
      expect(
        appendAll(
          log,
          Array.from({ length: 7 }, (_, i) => spec([T0 + i])),
        ),
        '배치마다 받은 오프셋',
      ).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(bases(log), '세그먼트의 baseOffset: 세그먼트마다 78바이트 배치 3개').toEqual([0, 3, 6]);
      expect(
        log.logSegments().map((s) => s.size),
        '세그먼트 크기: 234바이트까지 채우고, 넘게 될 때 굴립니다 — LogSegment.shouldRoll',
      ).toEqual([234, 234, 78]);
      log.close();
      expect(files(dir), '세그먼트 파일').toEqual([...trio(0), ...trio(3), ...trio(6)]);
    });

    it('RollBySegmentMs: 첫 배치의 타임스탬프에서 segment.ms가 넘게 지난 레코드가 오면 굴립니다', () => {
      // 시계는 멈춰 있습니다. 레코드에 타임스탬프가 있으면 레코드의 시각으로 잽니다.
      const { log } = openLog({ segmentMs: 1000 });
      appendAll(
        log,
        [T0, T0 + 600, T0 + 1000, T0 + 1001, T0 + 1500, T0 + 2001, T0 + 2002].map((ts) => spec([ts])),
      );
      expect(
        bases(log),
        '세그먼트의 baseOffset: T0+1000은 딱 1000ms라 같은 세그먼트, T0+1001에서 굴리고, 새 세그먼트의 기준은 T0+1001입니다',
      ).toEqual([0, 3, 6]);
    });

    it('RollByClockWithoutTimestamps: 타임스탬프가 없으면 세그먼트를 만든 시각부터 시계로 재고, 빈 세그먼트는 굴리지 않습니다', () => {
      const clock = fakeClock(T0);
      const { log } = openLog({ segmentMs: 1000 }, { now: clock.now });
      appendAll(log, [spec([NO_TIMESTAMP])]);
      clock.advance(1000);
      appendAll(log, [spec([NO_TIMESTAMP])]);
      expect(bases(log), '세그먼트를 만든 지 1000ms: 아직 넘지 않았으니 굴리지 않습니다').toEqual([0]);
      clock.advance(1);
      appendAll(log, [spec([NO_TIMESTAMP])]);
      expect(bases(log), '1001ms가 지나면 새 세그먼트(오프셋 2)를 엽니다').toEqual([0, 2]);

      const idle = fakeClock(T0);
      const quiet = openLog({ segmentMs: 1000 }, { now: idle.now });
      idle.advance(10_000);
      appendAll(quiet.log, [spec([NO_TIMESTAMP])]);
      expect(
        bases(quiet.log),
        '오래 기다렸어도 비어 있는 세그먼트는 굴리지 않습니다 (빈 세그먼트 파일만 늘어나니까요)',
      ).toEqual([0]);
    });

    it('RollWhenIndexIsFull: 오프셋 인덱스나 타임 인덱스가 segment.index.bytes만큼 차면 굴립니다', () => {
      // segment.index.bytes = 16: 오프셋 인덱스 항목 2개(8바이트씩), 타임 인덱스 항목 1개(12바이트)까지
      const small = openLog({ segmentIndexBytes: 16, indexIntervalBytes: 0 });
      appendAll(
        small.log,
        Array.from({ length: 5 }, (_, i) => spec([T0 + i])),
      );
      expect(
        bases(small.log),
        '타임 인덱스가 항목 1개로 가득 차면 다음 배치 전에 굴립니다 — LogSegment.shouldRoll의 isFull 검사',
      ).toEqual([0, 2, 4]);

      // segment.index.bytes = 24: 오프셋 인덱스 3개, 타임 인덱스 2개. 타임스탬프가 모두 같으면 타임 인덱스에는
      // 첫 항목 하나만 생기고, 오프셋 인덱스가 먼저 찹니다.
      const sameTime = openLog({ segmentIndexBytes: 24, indexIntervalBytes: 0 });
      appendAll(
        sameTime.log,
        Array.from({ length: 6 }, () => spec([T0])),
      );
      expect(bases(sameTime.log), '오프셋 인덱스가 항목 3개로 가득 차면 다음 배치 전에 굴립니다').toEqual([0, 4]);
    });
  });

  describe('보존 정책(retention)', () => {
    /** 78바이트 배치 3개마다 세그먼트 하나 (segment.bytes 234) */
    function logWith(timestamps: readonly number[], retention: { retentionMs?: number; retentionBytes?: number }) {
      const { log, dir } = openLog({ segmentBytes: 234, ...retention });
      appendAll(
        log,
        timestamps.map((ts) => spec([ts])),
      );
      return { log, dir };
    }

    it('RetentionByTimeDeletesWholeSegments: retention.ms보다 오래된 세그먼트를 통째로 지우고 로그 시작 오프셋을 옮깁니다', () => {
      const { log, dir } = logWith([T0, T0 + 10, T0 + 20, T0 + 1000, T0 + 1010, T0 + 5000, T0 + 6000], {
        retentionMs: 2000,
      });
      expect(bases(log), '세그먼트의 baseOffset').toEqual([0, 3, 6]);
      expect(
        log.deleteOldSegments(T0 + 5500),
        'T0+5500에 지울 세그먼트 수: 세그먼트 0(가장 큰 타임스탬프 T0+20)만. 세그먼트 3은 T0+5000이 있어 남습니다',
      ).toBe(1);
      expect(log.logStartOffset, '로그 시작 오프셋은 남은 첫 세그먼트의 baseOffset으로 옮겨 갑니다').toBe(3);
      expect(files(dir), '세그먼트 0의 파일 세 개가 사라져야 합니다').toEqual([...trio(3), ...trio(6)]);
      expect(
        offsetOutOfRange(() => log.read(2, 1000, true)),
        '지워진 오프셋 2를 읽으면 OFFSET_OUT_OF_RANGE',
      ).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      expect(
        firstBatchRange(log, 3),
        '오프셋 3(T0+1000)은 보존 기간이 지났어도 같은 세그먼트에 새 레코드가 있어 아직 읽힙니다',
      ).toEqual([3, 3]);
      expect(log.offsetForTimestamp(T0)?.offset, '지워진 뒤 가장 이른 시각으로 찾으면 로그 시작 오프셋').toBe(3);

      expect(log.deleteOldSegments(T0 + 7001), 'T0+7001에는 세그먼트 3(T0+5000)도 만료됩니다').toBe(1);
      expect(log.logStartOffset, '두 번째 보존 검사 뒤의 로그 시작 오프셋').toBe(6);
    });

    it('RetentionByBytesDeletesOldestSegments: 파티션이 retention.bytes보다 크면 넘는 만큼 오래된 세그먼트부터 지웁니다', () => {
      // 세그먼트 0, 3, 6: 234바이트씩, 세그먼트 9: 78바이트 = 780바이트
      const { log, dir } = logWith(
        Array.from({ length: 10 }, () => T0),
        { retentionBytes: 400, retentionMs: -1 },
      );
      expect(log.size, '파티션 크기').toBe(780);
      expect(
        log.deleteOldSegments(T0),
        '초과분 380바이트: 세그먼트 0(234)을 지우면 146이 남고, 다음 세그먼트(234)를 지우면 400보다 작아지니 멈춥니다',
      ).toBe(1);
      expect(log.size, '지운 뒤의 크기는 retention.bytes 이상으로 남습니다').toBe(546);
      expect(log.logStartOffset, '지운 뒤의 로그 시작 오프셋').toBe(3);
      expect(
        files(dir).filter((f) => f.endsWith('.log')),
        '남은 .log 파일',
      ).toEqual([`${seg(3)}.log`, `${seg(6)}.log`, `${seg(9)}.log`]);
      expect(log.deleteOldSegments(T0), '한 번 더 검사해도 더 지울 것은 없습니다').toBe(0);
    });

    it('RetentionStopsAtHighWatermark: 하이 워터마크를 넘겨 지우지 않고, 모두 만료되면 빈 세그먼트를 남깁니다', () => {
      const { log, dir } = openLog({ segmentBytes: 156, retentionMs: 1000 });
      appendAll(
        log,
        Array.from({ length: 5 }, () => spec([T0])),
      );
      expect(bases(log), '세그먼트의 baseOffset (78바이트 배치 2개씩)').toEqual([0, 2, 4]);
      expect(
        log.deleteOldSegments(T0 + 10_000, 3),
        '하이 워터마크 3: 세그먼트 0은 지우지만, 세그먼트 2를 지우면 로그 시작이 4가 되어 하이 워터마크를 넘습니다',
      ).toBe(1);
      expect(log.logStartOffset, '하이 워터마크에서 멈춘 뒤의 로그 시작 오프셋').toBe(2);

      expect(log.deleteOldSegments(T0 + 10_000), '하이 워터마크 = 로그 끝: 남은 세그먼트 2와 4가 모두 만료됩니다').toBe(
        2,
      );
      expect(
        bases(log),
        '모두 지우면 로그 끝(5)에서 빈 세그먼트를 새로 엽니다: 로그에는 언제나 세그먼트가 있습니다',
      ).toEqual([5]);
      expect([log.logStartOffset, log.logEndOffset], '[로그 시작, 로그 끝]').toEqual([5, 5]);
      expect(files(dir), '남은 파일').toEqual(trio(5));
      expect(log.deleteOldSegments(T0 + 20_000), '비어 있는 마지막 세그먼트는 지우지 않습니다').toBe(0);
      expect(appendAll(log, [spec([T0 + 20_000])]), '다음 레코드는 오프셋 5부터 이어집니다').toEqual([5]);
    });
  });

  describe('복구(recovery)', () => {
    /** 78바이트 배치 7개마다 세그먼트 하나 (segment.bytes 600), 배치 i의 타임스탬프는 T0 + 10i */
    const CONFIG = { segmentBytes: 600, indexIntervalBytes: 100 };
    const BATCH = 78;
    const batches = Array.from({ length: 14 }, (_, i) => spec([T0 + i * 10]));

    /** 배치 14개를 쓰고 닫지 않습니다: kill -9처럼 마무리 없이 멈춘 상태. 세그먼트 0(0~6)과 7(7~13). */
    function writeThenCrash(): { dir: string; recoveryPoint: number } {
      const { log, dir } = openLog(CONFIG);
      appendAll(log, batches);
      expect(bases(log), '멈추기 전 세그먼트의 baseOffset').toEqual([0, 7]);
      return { dir, recoveryPoint: log.recoveryPoint };
    }

    /** 세그먼트 7에 배치 7..(7+n−1)만 깨끗하게 쓰였을 때의 .log 바이트 */
    function cleanSegment7(n: number): Buffer {
      return Buffer.concat(batches.slice(7, 7 + n).map((b, i) => stored(b, 7 + i)));
    }

    it('RecoveryTruncatesTornTail: 반만 쓰인 마지막 배치를 잘라 내고 인덱스를 처음부터 다시 만듭니다', () => {
      const { dir, recoveryPoint } = writeThenCrash();
      expect(recoveryPoint, '세그먼트를 굴릴 때 fsync하고 복구 지점을 새 세그먼트의 시작(7)으로 올립니다').toBe(7);
      const file = path.join(dir, `${seg(7)}.log`);
      fs.truncateSync(file, 6 * BATCH + BATCH / 2); // 마지막 배치(오프셋 13)를 반으로 자릅니다

      const { log } = openLog(CONFIG, { dir, recoveryPointCheckpoint: recoveryPoint });
      expect(log.loadStats, '복구한 세그먼트 수와 잘라 낸 바이트 수').toMatchObject({
        segmentsRecovered: 1,
        bytesTruncated: BATCH / 2,
      });
      expect(log.logEndOffset, '잘린 배치(13)는 버리고 로그 끝은 13').toBe(13);
      expect(
        read(dir, `${seg(7)}.log`).equals(cleanSegment7(6)),
        '.log는 온전한 배치 6개(오프셋 7~12)만 남아야 합니다',
      ).toBe(true);
      // 멈추기 전의 .index에는 잘린 배치를 가리키는 (6, 468)이 있었습니다. 다시 만든 인덱스에는 없어야 합니다.
      expect(
        offsetEntries(read(dir, `${seg(7)}.index`)),
        '다시 만든 .index: 온전한 배치들로 append와 같은 규칙을 적용한 결과 — LogSegment.recover',
      ).toEqual([
        [2, 156],
        [4, 312],
      ]);
      expect(
        timeEntries(read(dir, `${seg(7)}.timeindex`)),
        '다시 만든 .timeindex: 마지막에 최대 타임스탬프 항목(T0+120, 5)까지',
      ).toEqual([
        [T0 + 90, 2],
        [T0 + 110, 4],
        [T0 + 120, 5],
      ]);

      // 복구한 세그먼트에 이어 쓰면 한 번도 멈추지 않은 로그와 같은 파일이 됩니다.
      expect(appendAll(log, batches.slice(13)), '잃어버린 배치를 다시 쓰면 오프셋 13을 받습니다').toEqual([13]);
      log.close();
      expect(read(dir, `${seg(7)}.log`).equals(cleanSegment7(7)), '이어 쓴 뒤의 .log').toBe(true);
      expect(
        read(dir, `${seg(7)}.index`).equals(
          offsetIndexBytes([
            [2, 156],
            [4, 312],
            [6, 468],
          ]),
        ),
        '이어 쓴 뒤의 .index는 멈추지 않은 로그와 같아야 합니다 — 복구 뒤 bytesSinceLastIndexEntry를 다시 정했나요?',
      ).toBe(true);
      // 타임 인덱스에는 복구가 마지막에 적은 (T0+120, 5)가 남습니다 (Kafka도 같습니다). 항목은 여전히 커지는 순서입니다.
      expect(
        timeEntries(read(dir, `${seg(7)}.timeindex`)),
        '이어 쓴 뒤의 .timeindex: 복구가 적은 최대값 항목 뒤에 새 항목 (T0+130, 6)',
      ).toEqual([
        [T0 + 90, 2],
        [T0 + 110, 4],
        [T0 + 120, 5],
        [T0 + 130, 6],
      ]);
    });

    it('RecoveryDropsBadCrcBatch: CRC가 맞지 않는 배치부터 끝까지 잘라 냅니다', () => {
      const { dir, recoveryPoint } = writeThenCrash();
      flipByte(path.join(dir, `${seg(7)}.log`), 3 * BATCH + 70); // 오프셋 10 배치의 레코드 값 한 바이트

      const { log } = openLog(CONFIG, { dir, recoveryPointCheckpoint: recoveryPoint });
      expect(
        log.loadStats.bytesTruncated,
        '오프셋 10의 배치부터 끝까지(배치 4개, 312바이트)를 잘라 내야 합니다 — storedBatchProblem이 CRC를 봅니다',
      ).toBe(4 * BATCH);
      expect(log.logEndOffset, '로그 끝은 망가진 배치의 오프셋 10').toBe(10);
      expect(read(dir, `${seg(7)}.log`).equals(cleanSegment7(3)), '.log에는 오프셋 7~9만 남습니다').toBe(true);
      expect(offsetEntries(read(dir, `${seg(7)}.index`)), '다시 만든 .index').toEqual([[2, 156]]);
      expect(timeEntries(read(dir, `${seg(7)}.timeindex`)), '다시 만든 .timeindex').toEqual([[T0 + 90, 2]]);
      expect(
        offsetOutOfRange(() => log.read(11, 1000, true)),
        '잘려 나간 오프셋 11은 이제 로그 끝 뒤입니다',
      ).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    });

    it('CorruptionDropsLaterSegments: 앞 세그먼트에서 손상을 찾으면 그 뒤의 세그먼트는 믿지 않고 지웁니다', () => {
      const { dir } = writeThenCrash();
      flipByte(path.join(dir, `${seg(0)}.log`), 4 * BATCH + 70); // 오프셋 4 배치
      // 복구 지점 체크포인트가 없으면(0) 첫 세그먼트부터 모두 검사합니다.
      const { log } = openLog(CONFIG, { dir, recoveryPointCheckpoint: 0 });
      expect(
        log.loadStats,
        '세그먼트 0을 복구하며 배치 3개(234바이트)를 잘라 내고 세그먼트 7을 지웁니다',
      ).toMatchObject({
        segmentsRecovered: 1,
        bytesTruncated: 3 * BATCH,
        segmentsDeleted: 1,
      });
      expect(log.logEndOffset, '로그 끝은 망가진 배치의 오프셋 4').toBe(4);
      expect(files(dir), '세그먼트 7의 파일은 모두 지워집니다').toEqual(trio(0));
      expect(appendAll(log, [spec([T0 + 999])]), '다음 레코드는 오프셋 4부터 이어집니다').toEqual([4]);
    });
  });
});
