/**
 * 1장 테스트: 파티션 로그와 오프셋. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 */
import { describe, expect, it } from 'vitest';
import {
  InvalidRecordError,
  type LogRecord,
  OffsetOutOfRangeError,
  recordSizeInBytes,
} from '../../../reference/src/log/partition-log.js';
import { InMemoryPartitionLog } from '../src/in-memory-log.js';

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

function record(value: string, key: string | null = null): LogRecord {
  return { timestamp: 1_700_000_000_000, key: key === null ? null : text(key), value: text(value), headers: [] };
}

function values(records: readonly LogRecord[]): (string | null)[] {
  return records.map((r) => decode(r.value));
}

/** 오프셋 0부터 values를 하나씩 추가한 로그 */
function logWith(...vals: string[]): InMemoryPartitionLog {
  const log = new InMemoryPartitionLog();
  for (const v of vals) log.append([record(v)]);
  return log;
}

function expectOutOfRange(read: () => unknown, why: string): OffsetOutOfRangeError {
  let caught: unknown;
  try {
    read();
  } catch (e) {
    caught = e;
  }
  expect(caught, `${why} — OffsetOutOfRangeError를 던져야 합니다`).toBeInstanceOf(OffsetOutOfRangeError);
  return caught as OffsetOutOfRangeError;
}

describe('1장 파티션 로그와 오프셋', () => {
  it('EmptyLogStartsAtLogStart: 빈 로그의 로그 끝 오프셋은 로그 시작 오프셋과 같습니다', () => {
    const log = new InMemoryPartitionLog();
    expect(log.logStartOffset, '새 로그의 logStartOffset').toBe(0);
    expect(log.logEndOffset, '빈 로그의 logEndOffset은 logStartOffset과 같아야 합니다').toBe(0);
    expect(log.read(0), '빈 로그의 끝(0)에서 읽으면 빈 배열이어야 합니다').toEqual([]);

    const later = new InMemoryPartitionLog({ logStartOffset: 42 });
    expect(later.logEndOffset, '42에서 시작하는 빈 로그의 logEndOffset').toBe(42);
  });

  it('AppendAssignsConsecutiveOffsets: append는 로그 끝부터 연속된 오프셋을 붙입니다', () => {
    const log = new InMemoryPartitionLog();
    expect(log.append([record('a'), record('b'), record('c')]), '첫 append(레코드 3개)의 결과').toEqual({
      baseOffset: 0,
      lastOffset: 2,
    });
    expect(log.logEndOffset, '레코드 3개를 넣은 뒤의 logEndOffset').toBe(3);
    expect(log.append([record('d'), record('e')]), '두 번째 append(레코드 2개)의 결과').toEqual({
      baseOffset: 3,
      lastOffset: 4,
    });
    expect(log.logEndOffset, '레코드 5개를 넣은 뒤의 logEndOffset').toBe(5);
    expect(
      log.read(0).map((r) => r.offset),
      '저장된 레코드의 오프셋은 0, 1, 2, 3, 4여야 합니다',
    ).toEqual([0, 1, 2, 3, 4]);
  });

  it('OffsetWalkthroughFrom100: 100에서 시작하는 로그에 넣은 첫 레코드는 오프셋 100을 받고 로그 끝은 101이 됩니다', () => {
    const log = new InMemoryPartitionLog({ logStartOffset: 100 });
    const { baseOffset } = log.append([record('주문 완료', 'user-7')]);
    expect(baseOffset, '첫 레코드의 오프셋은 로그 시작 오프셋(100)이어야 합니다').toBe(100);
    expect(log.logEndOffset, '레코드 하나를 넣은 뒤 logEndOffset은 101이어야 합니다').toBe(101);
    const [stored] = log.read(100);
    expect(stored?.offset, 'read(100)이 돌려준 레코드의 offset').toBe(100);
    expect(decode(stored?.key ?? null), 'read(100)이 돌려준 레코드의 키').toBe('user-7');
    expect(decode(stored?.value ?? null), 'read(100)이 돌려준 레코드의 값').toBe('주문 완료');
  });

  it('AppendRejectsEmptyBatch: 레코드가 없는 append는 거부되고 로그는 그대로입니다', () => {
    const log = logWith('a');
    expect(() => log.append([]), '빈 배열을 append하면 InvalidRecordError를 던져야 합니다').toThrow(InvalidRecordError);
    expect(log.logEndOffset, '거부된 append 뒤에도 logEndOffset은 그대로여야 합니다').toBe(1);
  });

  it('StoredRecordsDoNotChange: 호출한 쪽이 append에 넘긴 객체를 나중에 고쳐도 로그 안의 레코드는 그대로입니다', () => {
    const log = new InMemoryPartitionLog();
    const mine = { ...record('원래 값', 'k') };
    log.append([mine]);
    expect('offset' in mine, 'append는 넘겨받은 객체에 offset을 적지 말고, 복사본에 붙여 저장해야 합니다').toBe(false);
    mine.value = text('바꾼 값');
    mine.timestamp = 0;
    const [stored] = log.read(0);
    expect(decode(stored?.value ?? null), '넘긴 객체의 value를 바꾼 뒤 read(0)의 값').toBe('원래 값');
    expect(stored?.timestamp, '넘긴 객체의 timestamp를 바꾼 뒤 read(0)의 timestamp').toBe(1_700_000_000_000);
  });

  it('ReadReturnsRecordsInOrder: read는 주어진 오프셋부터 들어온 순서대로 돌려줍니다', () => {
    const log = logWith('a', 'b', 'c', 'd', 'e');
    const records = log.read(2);
    expect(
      records.map((r) => r.offset),
      'read(2)는 오프셋 2, 3, 4를 돌려줘야 합니다',
    ).toEqual([2, 3, 4]);
    expect(values(records), 'read(2)가 돌려준 값').toEqual(['c', 'd', 'e']);
    expect(values(log.read(4)), 'read(4)는 마지막 레코드 하나').toEqual(['e']);
    expect(log.read(1).length, '읽어도 로그는 줄어들지 않습니다: 같은 위치를 다시 읽을 수 있어야 합니다').toBe(4);
  });

  it('ReadStopsAtMaxRecords: read는 maxRecords개를 넘겨 돌려주지 않습니다', () => {
    const log = logWith('a', 'b', 'c', 'd', 'e');
    expect(values(log.read(1, { maxRecords: 2 })), 'read(1, { maxRecords: 2 })').toEqual(['b', 'c']);
    expect(values(log.read(3, { maxRecords: 10 })), 'read(3, { maxRecords: 10 })는 남은 2개만').toEqual(['d', 'e']);
  });

  it('ReadStopsAtMaxBytesButMakesProgress: maxBytes를 넘기 전에 멈추되 첫 레코드는 크기와 상관없이 돌려줍니다', () => {
    const log = new InMemoryPartitionLog();
    log.append([record('x'.repeat(10)), record('y'.repeat(10)), record('z'.repeat(10))]);
    expect(recordSizeInBytes(record('x'.repeat(10))), '값 10바이트짜리 레코드의 크기').toBe(10);
    expect(values(log.read(0, { maxBytes: 25 })).length, 'maxBytes 25에는 10바이트 레코드 2개까지 들어갑니다').toBe(2);
    expect(
      values(log.read(0, { maxBytes: 30 })).length,
      'maxBytes 30에는 10바이트 레코드 3개가 딱 맞게 들어갑니다',
    ).toBe(3);
    expect(
      values(log.read(1, { maxBytes: 5 })),
      'maxBytes(5)보다 큰 첫 레코드도 하나는 돌려줘야 컨슈머가 멈추지 않습니다(KIP-74)',
    ).toEqual(['y'.repeat(10)]);
  });

  it('ReadPastLogEndFails: 로그 끝에서 읽으면 빈 결과, 그 뒤를 읽으면 OffsetOutOfRangeError입니다', () => {
    const log = logWith('a', 'b', 'c');
    expect(log.read(3), '로그 끝(3)에서 읽으면 아직 새 레코드가 없으므로 빈 배열').toEqual([]);
    const error = expectOutOfRange(() => log.read(4), '로그 끝(3)보다 뒤인 4를 읽으면');
    expect(error.offset, '오류에 담긴 offset').toBe(4);
    expect(error.logEndOffset, '오류에 담긴 logEndOffset').toBe(3);
  });

  it('ReadBeforeLogStartFails: 로그 시작 오프셋보다 앞을 읽으면 OffsetOutOfRangeError입니다', () => {
    const log = logWith('a', 'b', 'c', 'd', 'e');
    log.advanceLogStartOffset(3);
    expect(log.logStartOffset, 'advanceLogStartOffset(3) 뒤의 logStartOffset').toBe(3);
    const error = expectOutOfRange(() => log.read(2), '지워진 오프셋 2를 읽으면');
    expect(error.logStartOffset, '오류에 담긴 logStartOffset').toBe(3);
    expect(values(log.read(3)), '남은 레코드는 원래 오프셋 그대로 읽혀야 합니다: read(3)').toEqual(['d', 'e']);
    expect(log.read(3)[0]?.offset, '앞부분을 지워도 레코드의 오프셋은 바뀌지 않습니다').toBe(3);

    const fresh = new InMemoryPartitionLog({ logStartOffset: 10 });
    expectOutOfRange(() => fresh.read(9), '10에서 시작하는 로그의 오프셋 9를 읽으면');
  });

  it('TrimKeepsLaterOffsets: 0이 아닌 로그 시작 오프셋에서 앞을 지워도 남은 레코드와 로그 끝 오프셋은 그대로입니다', () => {
    // 강의 "직접 해보기"의 장면: 100에서 시작하는 로그에 100, 101, 102를 넣고 102 앞을 지웁니다.
    const log = new InMemoryPartitionLog({ logStartOffset: 100 });
    log.append([record('주문-1')]);
    log.append([record('주문-2'), record('주문-3')]);
    log.advanceLogStartOffset(102);
    expect(
      [log.logStartOffset, log.logEndOffset],
      '100에서 시작한 로그에서 102 앞을 지운 뒤 [logStartOffset, logEndOffset]은 [102, 103]이어야 합니다 ' +
        '(지울 레코드 수는 offset이 아니라 offset − logStartOffset)',
    ).toEqual([102, 103]);
    expect(
      log.read(102).map((r) => [r.offset, decode(r.value)]),
      'read(102)는 남은 레코드 102 하나',
    ).toEqual([[102, '주문-3']]);

    // 이미 한 번 옮긴 뒤에 다시 옮길 때도, 지울 개수는 "지금의" 로그 시작 오프셋에서 셉니다.
    const twice = logWith('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    twice.advanceLogStartOffset(2);
    twice.advanceLogStartOffset(5);
    expect(values(twice.read(5)), '0~7에서 2, 이어서 5로 옮긴 뒤 read(5)는 f, g, h여야 합니다').toEqual([
      'f',
      'g',
      'h',
    ]);
    expect(twice.logEndOffset, '두 번 지운 뒤 logEndOffset').toBe(8);
  });

  it('LogStartOnlyMovesForward: 로그 시작 오프셋은 앞으로만 움직이고 로그 끝을 넘을 수 없습니다', () => {
    const log = logWith('a', 'b', 'c', 'd', 'e');
    log.advanceLogStartOffset(2);
    log.advanceLogStartOffset(1);
    expect(log.logStartOffset, '2로 옮긴 뒤 1로 옮기려 하면 무시되어야 합니다').toBe(2);
    expect(log.logEndOffset, '앞부분을 지워도 logEndOffset은 그대로입니다').toBe(5);
    expectOutOfRange(() => log.advanceLogStartOffset(6), '로그 끝(5)보다 큰 6으로 옮기려 하면');
    log.advanceLogStartOffset(5);
    expect(log.read(5), '모두 지운 로그의 끝에서 읽으면 빈 배열').toEqual([]);
    expect(log.append([record('f')]).baseOffset, '모두 지운 뒤에도 다음 오프셋은 5부터 이어집니다').toBe(5);
  });
});
