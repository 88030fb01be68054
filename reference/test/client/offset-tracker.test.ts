import { describe, expect, it } from 'vitest';
import { NO_COMMITTED_OFFSET, NoOffsetForPartitionError, OffsetTracker } from '../../src/client/offset-tracker.js';

const range = (logStartOffset: number, logEndOffset: number) => ({ logStartOffset, logEndOffset });

describe('OffsetTracker', () => {
  it('starts at the committed offset, which is the next offset to read', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('t', 0, 101);
    expect(tracker.needsPosition()).toEqual([{ topic: 't', partition: 0 }]);
    expect(tracker.resolve('t', 0, range(0, 200))).toBe(101);
    expect(tracker.position('t', 0)).toBe(101);
    expect(tracker.needsPosition()).toEqual([]);
  });

  it('applies auto.offset.reset when nothing is committed', () => {
    for (const [policy, expected] of [
      ['earliest', 40],
      ['latest', 120],
    ] as const) {
      const tracker = new OffsetTracker(policy);
      tracker.assign('t', 0);
      expect(tracker.committed('t', 0)).toBe(NO_COMMITTED_OFFSET);
      expect(tracker.resolve('t', 0, range(40, 120)), policy).toBe(expected);
    }
    const none = new OffsetTracker('none');
    none.assign('t', 0);
    expect(() => none.resolve('t', 0, range(40, 120))).toThrow(NoOffsetForPartitionError);
  });

  it('defaults to latest, as the Java consumer and kafkajs do', () => {
    const tracker = new OffsetTracker();
    tracker.assign('t', 0);
    expect(tracker.resolve('t', 0, range(3, 9))).toBe(9);
  });

  it('treats every negative committed value (-1, and the -2/-1 kafkajs admin.resetOffsets writes) as no commit', () => {
    for (const committed of [-1, -2]) {
      const tracker = new OffsetTracker('earliest');
      tracker.assign('t', 0, committed);
      expect(tracker.committed('t', 0)).toBe(NO_COMMITTED_OFFSET);
      expect(tracker.resolve('t', 0, range(5, 50))).toBe(5);
    }
  });

  it('resets when the committed offset fell out of the log (retention deleted it)', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('t', 0, 10);
    expect(tracker.resolve('t', 0, range(40, 120))).toBe(40);
    const ahead = new OffsetTracker('latest');
    ahead.assign('t', 0, 500);
    expect(ahead.resolve('t', 0, range(40, 120))).toBe(120);
    // 로그 끝과 같은 커밋은 범위 안입니다: "새 레코드를 기다리는 중"
    const atEnd = new OffsetTracker('earliest');
    atEnd.assign('t', 0, 120);
    expect(atEnd.resolve('t', 0, range(40, 120))).toBe(120);
  });

  it('moves the position past each processed record and commits the position', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('t', 0);
    tracker.assign('t', 1, 7);
    tracker.resolve('t', 0, range(100, 101));
    tracker.resolve('t', 1, range(0, 7));
    expect(tracker.commitable(), '위치가 0번은 100(커밋 없음), 1번은 커밋과 같음').toEqual([
      { topic: 't', partition: 0, offset: 100 },
    ]);
    tracker.processed('t', 0, 100);
    expect(tracker.position('t', 0)).toBe(101);
    const toCommit = tracker.commitable();
    expect(toCommit).toEqual([{ topic: 't', partition: 0, offset: 101 }]);
    tracker.markCommitted(toCommit);
    expect(tracker.committed('t', 0)).toBe(101);
    expect(tracker.commitable()).toEqual([]);
  });

  it('seeks back to reprocess and seeks forward to skip', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('t', 0, 50);
    tracker.resolve('t', 0, range(0, 80));
    tracker.seek('t', 0, 20);
    expect(tracker.commitable()).toEqual([{ topic: 't', partition: 0, offset: 20 }]);
    tracker.seek('t', 0, 50);
    expect(tracker.commitable()).toEqual([]);
    expect(() => tracker.seek('t', 0, -2)).toThrow(RangeError);
  });

  it('counts lag from the committed offset, else from the position, else unknown', () => {
    const tracker = new OffsetTracker('earliest');
    tracker.assign('t', 0, 6);
    expect(tracker.lag('t', 0, 10)).toBe(4);
    tracker.assign('t', 1);
    expect(tracker.lag('t', 1, 10)).toBeUndefined();
    tracker.resolve('t', 1, range(2, 10));
    expect(tracker.lag('t', 1, 10)).toBe(8);
    tracker.processed('t', 1, 2);
    expect(tracker.lag('t', 1, 10)).toBe(7);
  });

  it('refuses partitions it was not assigned', () => {
    const tracker = new OffsetTracker();
    expect(() => tracker.position('t', 9)).toThrow(/assign/);
  });
});
