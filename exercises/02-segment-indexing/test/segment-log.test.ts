/**
 * 2장 테스트: 세그먼트와 인덱스. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 파일은 Kafka와 바이트 단위로 같아야 합니다. 출처: Kafka `LogSegment`(append, recover, shouldRoll),
 * `OffsetIndex`, `TimeIndex`, `UnifiedLog.deleteOldSegments`, `LogLoader`; Kafka protocol guide "Record Batch".
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, KafkaError } from '../../../reference/src/protocol/error-codes.js';
import { decodeBatches, type RecordBatchInput } from '../../../reference/src/record/record-batch.js';
import { assertProperty } from '../../../reference/test/support/property.js';
import { floorIndex } from '../src/log-loader.js';
import { LogSegment, type RollParams } from '../src/log-segment.js';
import { deletableSegments } from '../src/retention.js';
import type { UnifiedLog } from '../src/unified-log.js';
import {
  appendAll,
  EPOCH,
  fakeClock,
  files,
  flipByte,
  NO_TIMESTAMP,
  offsetEntries,
  offsetIndexBytes,
  openLog,
  produced,
  read,
  seg,
  spec,
  stored,
  T0,
  tempDir,
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

/** baseOffset과 크기만 있는 가짜 세그먼트: floorIndex와 deletableSegments는 이 둘만 봅니다. */
function fakeSegment(baseOffset: number, size = 100): LogSegment {
  return { baseOffset, size } as LogSegment;
}

/** 빈 세그먼트 하나를 임시 디렉터리에 엽니다. 시계는 T0에 멈춰 있고, 바이트는 여러분의 append를 거치지 않고 씁니다. */
function bareSegment(config: { segmentIndexBytes?: number } = {}) {
  const dir = tempDir();
  const clock = fakeClock(T0);
  const segment = LogSegment.open(
    dir,
    0,
    { indexIntervalBytes: 4096, segmentIndexBytes: config.segmentIndexBytes ?? 10 * 1024 * 1024 },
    clock.now,
    false,
  );
  return { segment, clock, dir };
}

/** shouldRoll에 넘길 값: 기본은 "굴릴 까닭이 하나도 없는" 78바이트 배치 하나 */
function roll(overrides: Partial<RollParams>): RollParams {
  return {
    maxSegmentMs: 1000,
    maxSegmentBytes: 234,
    maxTimestampInMessages: T0,
    maxOffsetInMessages: 1,
    messagesSize: 78,
    now: T0,
    ...overrides,
  };
}

describe('2장 세그먼트와 인덱스', () => {
  // 빈칸 하나씩 초록으로: 파일을 읽고 쓰는 큰 테스트 전에, 세 함수를 작은 표로 따로 확인합니다.
  describe('작은 표: 빈칸 하나씩', () => {
    it('FloorIndexFindsContainingSegment: floorIndex는 baseOffset이 offset 이하인 마지막 세그먼트의 번호입니다', () => {
      const segments = [0, 9, 18, 27].map((b) => fakeSegment(b));
      const table: [offset: number, index: number][] = [
        [0, 0],
        [8, 0],
        [9, 1],
        [10, 1],
        [17, 1],
        [18, 2],
        [26, 2],
        [27, 3],
        [1000, 3],
      ];
      for (const [offset, index] of table) {
        expect(
          floorIndex(segments, offset),
          `baseOffset [0, 9, 18, 27]에서 floorIndex(${offset}): 세그먼트의 첫 오프셋(0, 9, 18, 27)은 그 세그먼트에 듭니다 (<가 아니라 <=)`,
        ).toBe(index);
      }
      expect(floorIndex([fakeSegment(5)], 3), '모든 세그먼트가 offset보다 뒤에서 시작하면 0').toBe(0);
      expect(floorIndex([], 3), '세그먼트가 없으면 0').toBe(0);
      expect(floorIndex([fakeSegment(5)], 5), '세그먼트가 하나면 그 세그먼트의 첫 오프셋에서 0').toBe(0);

      // 세그먼트는 수천 개일 수 있습니다. 처음부터 훑지 말고 이진 탐색으로 몇 개만 봐야 합니다.
      let looked = 0;
      const many = new Proxy(
        Array.from({ length: 4096 }, (_, i) => fakeSegment(i * 10)),
        {
          get(target, key, receiver) {
            if (typeof key === 'string' && /^\d+$/.test(key)) looked++;
            return Reflect.get(target, key, receiver);
          },
        },
      );
      expect(floorIndex(many, 40_955), '세그먼트 4096개(0, 10, …, 40950)에서 floorIndex(40955)').toBe(4095);
      expect(floorIndex(many, 12_345), 'floorIndex(12345)').toBe(1234);
      expect(
        looked,
        `두 번 찾는 동안 세그먼트를 ${looked}번 봤습니다: 이진 탐색이면 한 번에 12~13번이면 됩니다`,
      ).toBeLessThanOrEqual(2 * 14);
    });

    it('ShouldRollWhenAnyLimitIsReached: shouldRoll은 크기, 시간, 인덱스, 상대 오프셋 중 하나라도 넘으면 true입니다', () => {
      // 78바이트 배치 하나(타임스탬프 T0)가 든 세그먼트. segment.bytes 234, segment.ms 1000
      const { segment } = bareSegment();
      segment.log.append(stored(spec([T0]), 0));
      const table: [why: string, params: RollParams, expected: boolean][] = [
        ['굴릴 까닭이 없음', roll({}), false],
        ['78 + 156 = 234: segment.bytes에 딱 맞으면 아직 들어갑니다', roll({ messagesSize: 156 }), false],
        ['78 + 157 = 235 > 234', roll({ messagesSize: 157 }), true],
        ['첫 배치(T0)에서 1000ms: 딱 segment.ms면 아직', roll({ maxTimestampInMessages: T0 + 1000 }), false],
        ['첫 배치(T0)에서 1001ms > segment.ms', roll({ maxTimestampInMessages: T0 + 1001 }), true],
        ['상대 오프셋 2147483647(int32 최댓값)은 들어갑니다', roll({ maxOffsetInMessages: 2 ** 31 - 1 }), false],
        [
          '상대 오프셋 2147483648은 .index의 int32에 들어가지 않습니다 (canAppendOffset)',
          roll({ maxOffsetInMessages: 2 ** 31 }),
          true,
        ],
      ];
      for (const [why, params, expected] of table) expect(segment.shouldRoll(params), why).toBe(expected);

      // 비어 있는 세그먼트: 시계로 잰 시간이 아무리 지나도 시간으로는 굴리지 않습니다.
      const empty = bareSegment();
      empty.clock.advance(10_000);
      expect(
        empty.segment.shouldRoll(roll({ maxTimestampInMessages: -1, now: T0 + 10_000 })),
        '만든 지 10초 지난 빈 세그먼트에 타임스탬프 없는 배치: 빈 세그먼트는 시간으로 굴리지 않습니다 (size > 0일 때만)',
      ).toBe(false);
      expect(
        empty.segment.shouldRoll(roll({ maxTimestampInMessages: -1, now: T0 + 10_000, messagesSize: 300 })),
        '빈 세그먼트라도 이번 쓰기 하나가 segment.bytes보다 크면 크기 규칙은 맞습니다 (0 > 234 − 300)',
      ).toBe(true);

      // segment.index.bytes 24: 오프셋 인덱스는 항목 3개(8바이트씩), 타임 인덱스는 2개(12바이트씩)까지
      const timeFull = bareSegment({ segmentIndexBytes: 24 });
      timeFull.segment.log.append(stored(spec([T0]), 0));
      timeFull.segment.timeIndex.maybeAppend(T0, 0);
      expect(timeFull.segment.shouldRoll(roll({})), '타임 인덱스 항목 1개: 아직 자리가 있습니다').toBe(false);
      timeFull.segment.timeIndex.maybeAppend(T0 + 1, 1);
      expect(timeFull.segment.shouldRoll(roll({})), '타임 인덱스가 가득 참(항목 2개)').toBe(true);
      const offsetFull = bareSegment({ segmentIndexBytes: 24 });
      offsetFull.segment.log.append(stored(spec([T0]), 0));
      for (const o of [1, 2, 3]) offsetFull.segment.offsetIndex.append(o, 0);
      expect(offsetFull.segment.shouldRoll(roll({})), '오프셋 인덱스가 가득 참(항목 3개)').toBe(true);
    });

    it('DeletableSegmentsStopAtFirstKeeper: deletableSegments는 앞에서부터 지울 세그먼트를 모으다 처음 남길 세그먼트에서 멈춥니다', () => {
      // 세그먼트 0, 10, 20 (100바이트씩), 로그 끝 30
      const three = [0, 10, 20].map((b) => fakeSegment(b));
      const bases = (list: readonly LogSegment[]) => list.map((s) => s.baseOffset);
      const all = () => true;
      expect(bases(deletableSegments(three, all, 30, 30)), '모두 규칙에 맞고 하이 워터마크 = 로그 끝').toEqual([
        0, 10, 20,
      ]);
      expect(
        bases(deletableSegments(three, (s) => s.baseOffset !== 10, 30, 30)),
        '세그먼트 10이 규칙에 맞지 않으면 거기서 멈춥니다: 20은 맞아도 남깁니다 (가운데 구멍을 내지 않습니다)',
      ).toEqual([0]);
      expect(
        bases(deletableSegments(three, all, 20, 30)),
        '하이 워터마크 20: 세그먼트 10을 지우면 로그 시작이 20이 되어 괜찮고, 20을 지우면 30이 되어 넘습니다',
      ).toEqual([0, 10]);
      expect(bases(deletableSegments(three, all, 19, 30)), '하이 워터마크 19').toEqual([0]);
      expect(
        bases(deletableSegments([fakeSegment(0), fakeSegment(10, 0)], all, 10, 10)),
        '비어 있는 마지막 세그먼트는 규칙에 맞아도 남깁니다 (로그에는 언제나 세그먼트가 하나 있어야 합니다)',
      ).toEqual([0]);
      expect(
        bases(deletableSegments([fakeSegment(0), fakeSegment(10, 0), fakeSegment(10, 50)], all, 20, 20)),
        '비어 있어도 마지막이 아니면 지웁니다',
      ).toEqual([0, 10, 10]);
      const seen: [number, number | undefined][] = [];
      deletableSegments(
        three,
        (s, next) => {
          seen.push([s.baseOffset, next?.baseOffset]);
          return true;
        },
        30,
        30,
      );
      expect(seen, 'predicate는 (세그먼트, 다음 세그먼트)를 받습니다. 마지막 세그먼트의 다음은 undefined').toEqual([
        [0, 10],
        [10, 20],
        [20, undefined],
      ]);
    });
  });

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

      // 같은 최대 타임스탬프가 다시 오면 최대값을 바꾸지 않습니다: 항목은 그 시각을 처음 가진 배치(오프셋 0)를 가리킵니다.
      const same = openLog({ indexIntervalBytes: 0 });
      appendAll(
        same.log,
        [T0 + 100, T0 + 100, T0 + 100].map((ts) => spec([ts])),
      );
      same.log.close();
      expect(
        timeEntries(read(same.dir, `${seg(0)}.timeindex`)),
        '타임스탬프가 모두 T0+100인 배치 3개의 .timeindex: 최대값은 "더 클 때만" 바꿉니다 (같을 때 바꾸면 오프셋이 1이나 2가 됩니다)',
      ).toEqual([[T0 + 100, 0]]);
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
      expect(
        at(T0 + 220),
        'T0+220 → 세그먼트 0의 가장 큰 타임스탬프와 딱 같은 시각: 세그먼트 0의 오프셋 8 (건너뛰는 것은 "더 작은" 세그먼트만)',
      ).toEqual({ offset: 8, timestamp: T0 + 220 });

      // 답이 없는 세그먼트는 통째로 건너뜁니다: 세그먼트 안을 뒤지는 일(findOffsetByTimestamp)은 후보에서만 합니다.
      const inside = vi.spyOn(LogSegment.prototype, 'findOffsetByTimestamp');
      try {
        at(T0 + 1115);
        expect(
          inside.mock.instances.map((segment) => (segment as LogSegment).baseOffset),
          'T0+1115를 찾을 때 findOffsetByTimestamp를 부른 세그먼트: 가장 큰 타임스탬프가 T0+1115보다 작은 세그먼트 0, 9, 18은 건너뜁니다',
        ).toEqual([27]);
      } finally {
        inside.mockRestore();
      }

      // DeleteRecords가 로그 시작을 세그먼트 가운데(4)로 옮겼습니다. 그 앞의 레코드는 지워진 것이라 답이 될 수 없습니다.
      log.maybeIncrementLogStartOffset(4);
      expect(
        at(T0 - 1000),
        '로그 시작 오프셋 4: 가장 이른 시각으로 찾아도 0이 아니라 로그 시작의 레코드(오프셋 4, T0+110)',
      ).toEqual({ offset: 4, timestamp: T0 + 110 });
    });

    it('OffsetForTimestampSkipsDeletedRecords: 로그 시작 앞의 레코드만 그 시각 이후라면 다음 세그먼트에서 찾습니다', () => {
      // 세그먼트마다 78바이트 배치 3개. 타임스탬프는 프로듀서가 정하므로 오프셋 순서와 다를 수 있습니다.
      const { log } = openLog({ segmentBytes: 234 });
      appendAll(
        log,
        [T0 + 1000, T0 + 10, T0 + 20, T0 + 30, T0 + 40, T0 + 50, T0 + 950].map((ts) => spec([ts])),
      );
      expect(bases(log), '세그먼트의 baseOffset').toEqual([0, 3, 6]);
      log.maybeIncrementLogStartOffset(1);
      const found = log.offsetForTimestamp(T0 + 900);
      expect(
        found && { offset: found.offset, timestamp: found.timestamp },
        'T0+900 이후의 레코드는 오프셋 0(지워짐, T0+1000)과 6(T0+950): 세그먼트 0에서 답이 없으면(null) 다음 세그먼트로 넘어가야 합니다',
      ).toEqual({ offset: 6, timestamp: T0 + 950 });
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

    it('RecoveryStopsAtBadOffsets: 오프셋이 앞 배치와 겹치거나 상대 오프셋(int32)에 들어가지 않는 배치부터 잘라 냅니다', () => {
      // 여러분의 append를 거치지 않고 .log에 바이트를 직접 씁니다: 다른 브로커가 쓴 파일이나 망가진 파일처럼.
      const overlap = bareSegment();
      overlap.segment.log.append(stored(spec([T0, T0 + 1, T0 + 2]), 0)); // 오프셋 0~2, 112바이트
      overlap.segment.log.append(stored(spec([T0 + 3]), 2)); // 오프셋 2: 앞 배치의 마지막 오프셋과 겹칩니다
      expect(
        overlap.segment.recover(),
        '오프셋 2에서 시작하는 둘째 배치(78바이트)는 앞 배치(0~2) 다음이 아니니 잘라 냅니다 — 다음에 기대하는 오프셋은 앞 배치의 마지막 + 1',
      ).toBe(78);
      expect(overlap.segment.size, '남은 .log 크기').toBe(112);

      const far = bareSegment();
      far.segment.log.append(stored(spec([T0]), 0));
      far.segment.log.append(stored(spec([T0 + 1]), 2 ** 31 - 1)); // 상대 오프셋 2147483647: 들어갑니다
      far.segment.log.append(stored(spec([T0 + 2]), 2 ** 31)); // 상대 오프셋 2147483648: 들어가지 않습니다
      expect(
        far.segment.recover(),
        '상대 오프셋이 int32를 넘는 셋째 배치(78바이트)부터 잘라 냅니다 — offsetIndex.canAppendOffset',
      ).toBe(78);
      expect(far.segment.size, '남은 .log 크기 (배치 2개)').toBe(156);
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

    it('RecoveryUnderRandomDamage: 무작위로 꼬리를 자르고 바이트를 뒤집어도, 복구한 로그는 처음 망가진 배치 앞까지를 쓴 로그와 파일까지 같습니다', () => {
      const batch = fc.array(
        // 좁은 범위에서 뽑아 같은 타임스탬프와 거꾸로 가는 타임스탬프가 자주 나오게 합니다.
        fc.oneof(
          { weight: 9, arbitrary: fc.integer({ min: 0, max: 12 }).map((d) => T0 + d * 10) },
          {
            weight: 1,
            arbitrary: fc.constant(NO_TIMESTAMP),
          },
        ),
        { minLength: 1, maxLength: 3 },
      );
      const config = fc.record({
        segmentBytes: fc.constantFrom(300, 600, 100_000),
        indexIntervalBytes: fc.constantFrom(0, 78, 100, 156, 250),
        segmentIndexBytes: fc.constantFrom(16, 24, 10 * 1024 * 1024),
      });
      const damage = fc.record({
        /** 마지막 세그먼트의 .log를 이 비율의 자리에서 자릅니다 (1이면 자르지 않음) */
        tear: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        /** [배치 번호, 배치 안의 자리] 비율: magic부터 배치 끝까지(CRC가 지키는 곳)의 바이트 하나를 뒤집습니다 */
        flips: fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
            fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          ),
          { maxLength: 2 },
        ),
      });
      assertProperty(
        fc.property(fc.array(batch, { minLength: 1, maxLength: 14 }), config, damage, (timestamps, cfg, hurt) => {
          const inputs: RecordBatchInput[] = timestamps.map((ts) => spec(ts));
          // 멈추지 않은 로그가 쓴 파일을 만들고, 배치마다 어느 세그먼트의 어느 자리에 있는지 적어 둡니다.
          const { log: original, dir } = openLog(cfg);
          const placed = inputs.map((input) => {
            const offset = original.appendAsLeader(produced(input), EPOCH).baseOffset;
            const segment = original.logSegments().at(-1) as LogSegment;
            return { offset, base: segment.baseOffset, end: segment.size, size: produced(input).length };
          });
          const segmentBases = original.logSegments().map((s) => s.baseOffset);
          // 닫지 않고 멈춥니다 (kill -9). 이제 디스크를 망가뜨립니다.
          let firstBad = placed.length;
          // 배치 하나에 바이트 하나만 뒤집습니다: CRC-32C는 32비트 안의 연속된 오류를 언제나 찾아냅니다.
          const flipped = new Set<number>();
          for (const [which, where] of hurt.flips) {
            const i = Math.floor(which * placed.length);
            if (flipped.has(i)) continue;
            flipped.add(i);
            const p = placed[i] as (typeof placed)[number];
            const start = p.end - p.size;
            flipByte(path.join(dir, `${seg(p.base)}.log`), start + 16 + Math.floor(where * (p.size - 16)));
            firstBad = Math.min(firstBad, i);
          }
          if (hurt.tear !== null) {
            const lastBase = segmentBases.at(-1) as number;
            const file = path.join(dir, `${seg(lastBase)}.log`);
            const cut = Math.floor(hurt.tear * fs.statSync(file).size);
            fs.truncateSync(file, cut);
            const torn = placed.findIndex((p) => p.base === lastBase && p.end > cut);
            if (torn >= 0) firstBad = Math.min(firstBad, torn);
          }
          const survivors = inputs.slice(0, firstBad);
          const nextOffset = firstBad < placed.length ? (placed[firstBad]?.offset as number) : original.logEndOffset;

          const { log: recovered } = openLog(cfg, { dir, recoveryPointCheckpoint: 0 });
          const { log: fresh, dir: freshDir } = openLog(cfg);
          appendAll(fresh, survivors);
          expect(recovered.logEndOffset, `복구한 로그 끝: 처음 망가진 배치 #${firstBad}의 오프셋`).toBe(nextOffset);
          // 망가진 배치가 세그먼트의 첫 배치였다면 그 자리에 빈 세그먼트가 하나 남습니다.
          const extraEmpty = bases(recovered).length > bases(fresh).length;
          recovered.close();
          fresh.close();
          const expected = files(freshDir);
          const actual = files(dir);
          expect(
            extraEmpty ? actual.filter((f) => !f.startsWith(seg(nextOffset))) : actual,
            '복구한 디렉터리의 파일 (처음 망가진 배치 뒤의 세그먼트는 지워야 합니다)',
          ).toEqual(expected);
          for (const name of expected) {
            expect(
              read(dir, name).toString('hex'),
              `${name}: 복구가 다시 만든 파일은 망가지기 전까지를 처음부터 쓴 파일과 같아야 합니다 (append와 같은 규칙)`,
            ).toBe(read(freshDir, name).toString('hex'));
          }
        }),
        {
          chapter: 2,
          numRuns: 30,
          // 같은 최대 타임스탬프가 이어지는 배치: 다시 만든 .timeindex의 항목이 append처럼 첫 배치를 가리켜야 합니다.
          examples: [
            [
              [[T0 + 10], [T0 + 10], [T0 + 10]],
              { segmentBytes: 100_000, indexIntervalBytes: 0, segmentIndexBytes: 10 * 1024 * 1024 },
              { tear: null, flips: [] },
            ],
          ],
        },
      );
    }, 30_000);

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
