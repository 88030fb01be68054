/**
 * 메모리 쪽 복제 로그: 에포크 캐시(endOffsetForEpoch), Fetch 위치 검사, 자르기, 스냅숏. Kafka `MockLogTest`의 경우들.
 */
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../src/raft/raft-log.js';
import { records } from './context.js';

/** 0..2 에포크 1, 3..5 에포크 3, 6 에포크 4 */
function log() {
  return new RaftLog<string>(null, [...records(0, 3, 1), ...records(3, 3, 3), ...records(6, 1, 4)]);
}

describe('RaftLog', () => {
  it('testEndOffsetForEpoch: 그 에포크 이하의 마지막 에포크와 끝 오프셋', () => {
    const l = log();
    expect(l.endOffsetForEpoch(0)).toEqual({ offset: 0, epoch: 0 });
    expect(l.endOffsetForEpoch(1)).toEqual({ offset: 3, epoch: 1 });
    expect(l.endOffsetForEpoch(2)).toEqual({ offset: 3, epoch: 1 }); // 에포크 2는 없습니다
    expect(l.endOffsetForEpoch(3)).toEqual({ offset: 6, epoch: 3 });
    expect(l.endOffsetForEpoch(9)).toEqual({ offset: 7, epoch: 4 });
  });

  it('testValidateOffsetAndEpoch: 맞으면 그대로, 에포크의 끝이 다르면 DIVERGING', () => {
    const l = log();
    expect(l.validateOffsetAndEpoch(0, 0)).toEqual({ ok: true });
    expect(l.validateOffsetAndEpoch(5, 3)).toEqual({ ok: true });
    expect(l.validateOffsetAndEpoch(4, 2)).toEqual({
      ok: false,
      error: { kind: 'DIVERGING', divergingEpoch: { offset: 3, epoch: 1 } },
    });
    expect(l.validateOffsetAndEpoch(8, 3)).toEqual({
      ok: false,
      error: { kind: 'DIVERGING', divergingEpoch: { offset: 6, epoch: 3 } },
    });
  });

  it('testTruncateToEndOffset: 갈라진 자리에 맞춰 자르고, 에포크 캐시도 함께', () => {
    const l = log();
    expect(l.truncateToEndOffset({ offset: 5, epoch: 3 })).toBe(5);
    expect(l.endOffsetAndEpoch).toEqual({ offset: 5, epoch: 3 });
    expect(l.truncateToEndOffset({ offset: 4, epoch: 2 })).toBe(3);
    expect(l.endOffsetAndEpoch).toEqual({ offset: 3, epoch: 1 });
  });

  it('testAppendRejectsGapsAndDecreasingEpochs: 오프셋이 끊기거나 에포크가 줄면 불변식 위반입니다', () => {
    const l = log();
    expect(() => l.append(records(9, 1, 4))).toThrow(/로그 끝 7/);
    expect(() => l.append(records(7, 1, 2))).toThrow(/에포크가 줄어듭니다/);
  });

  it('testDeleteBeforeSnapshot: 스냅숏 앞을 지우면 로그 시작이 옮겨지고, 그 앞의 Fetch에는 SNAPSHOT으로 답합니다', () => {
    const l = log();
    l.deleteBeforeSnapshot({ offset: 4, epoch: 3 });
    expect(l.startOffset).toBe(4);
    expect(l.entry(3)).toBeUndefined();
    expect(l.endOffsetForEpoch(3)).toEqual({ offset: 6, epoch: 3 });
    expect(l.validateOffsetAndEpoch(2, 1)).toEqual({
      ok: false,
      error: { kind: 'SNAPSHOT', snapshotId: { offset: 4, epoch: 3 } },
    });
    expect(l.validateOffsetAndEpoch(4, 3)).toEqual({ ok: true });
    expect(l.validateOffsetAndEpoch(4, 1)).toMatchObject({ ok: false, error: { kind: 'SNAPSHOT' } });
  });

  it('testTruncateToSnapshot: 리더의 스냅숏으로 바꾸면 로그가 비고 스냅숏 끝에서 시작합니다', () => {
    const l = log();
    l.truncateToSnapshot({ offset: 20, epoch: 5 });
    expect(l.startOffset).toBe(20);
    expect(l.endOffsetAndEpoch).toEqual({ offset: 20, epoch: 5 });
    l.append(records(20, 1, 6));
    expect(l.endOffsetForEpoch(5)).toEqual({ offset: 20, epoch: 5 });
  });
});
