/**
 * 언제 메타데이터 스냅숏을 만드나 (Kafka `SnapshotGeneratorTest`): 바이트, 시간(단조 시계), 새 것이 없을 때, 만들기가 이미
 * 예약되었을 때, 멈출 때, 만들다 실패할 때. 만드는 일은 가상 시계의 다음 차례에 돕니다 (적용하는 길 밖에서).
 */
import { describe, expect, it } from 'vitest';
import { SnapshotGenerator } from '../../src/metadata/snapshot-generator.js';
import { NodeClock, SimClock } from '../../src/sim/clock.js';

const MINUTE = 60_000;

function setup(options: { maxBytes?: number; maxTimeMs?: number; failWith?: Error } = {}) {
  const clock = new SimClock();
  const emitted: { atMs: number; reason: string }[] = [];
  const errors: unknown[] = [];
  const generator = new SnapshotGenerator({
    maxBytesSinceLastSnapshot: options.maxBytes ?? 200,
    maxTimeSinceLastSnapshotMs: options.maxTimeMs ?? 10 * 24 * 60 * MINUTE,
    clock,
    emit: (reason) => {
      if (options.failWith) throw options.failWith;
      emitted.push({ atMs: clock.now(), reason });
    },
    onError: (error) => errors.push(error),
  });
  /** 예약된 일을 다 돌립니다 */
  const drain = () => {
    while (clock.runNext()) {}
  };
  /** 시간만 흐릅니다 */
  const sleep = (ms: number) => {
    clock.schedule(ms, () => {});
    drain();
  };
  return { clock, generator, emitted, errors, drain, sleep };
}

describe('SnapshotGenerator', () => {
  it('testCreateSnapshot: 바이트가 한도에 닿으면 한 번 만들고, 예약된 동안 온 것은 또 예약하지 않습니다', () => {
    const { generator, emitted, drain } = setup({ maxBytes: 200 });
    generator.publishLogDelta(100);
    expect(generator.isEmitScheduled).toBe(false);
    generator.publishLogDelta(100);
    expect(generator.isEmitScheduled).toBe(true);
    // 적용하는 길에서는 만들지 않습니다: 시계의 다음 차례까지 기다립니다.
    expect(emitted).toEqual([]);
    generator.publishLogDelta(2000);
    drain();
    expect(emitted).toEqual([{ atMs: 0, reason: '레코드를 200바이트 넘게 적용했습니다' }]);
    // 만들기 시작할 때 카운터가 처음으로 돌아갑니다 (예약된 동안 온 2000바이트도 함께).
    expect(generator.bytesSinceLastSnapshot).toBe(0);
  });

  it('testTimeBasedSnapshots: 새 레코드가 왔을 때 지난 스냅숏에서 시간 한도가 지났으면 만들고, 바이트도 처음부터 셉니다', () => {
    const { generator, emitted, drain, sleep } = setup({ maxBytes: 200, maxTimeMs: 30 * MINUTE });
    generator.publishLogDelta(50);
    drain();
    expect(emitted).toEqual([]);
    sleep(40 * MINUTE);
    generator.publishLogDelta(50);
    drain();
    expect(emitted).toEqual([{ atMs: 40 * MINUTE, reason: `지난 스냅숏에서 ${30 * MINUTE}ms가 지났습니다` }]);
    generator.publishLogDelta(150);
    drain();
    expect(emitted).toHaveLength(1);
  });

  it('새 레코드가 없으면 시간 한도가 지나도 만들지 않습니다 (같은 상태를 또 적지 않음)', () => {
    const { generator, emitted, sleep, drain } = setup({ maxTimeMs: 30 * MINUTE });
    sleep(120 * MINUTE);
    expect(generator.isEmitScheduled).toBe(false);
    expect(emitted).toEqual([]);
    generator.publishLogDelta(1);
    drain();
    expect(emitted.map((e) => e.atMs)).toEqual([120 * MINUTE]);
  });

  it('시간 한도는 단조 시계로 잽니다: 벽시계가 두 시간 앞으로 뛰어도 만들지 않습니다 (Kafka time.nanoseconds)', () => {
    const sim = new SimClock();
    const clock = new NodeClock(sim);
    const emitted: string[] = [];
    const generator = new SnapshotGenerator({
      maxBytesSinceLastSnapshot: 200,
      maxTimeSinceLastSnapshotMs: 30 * MINUTE,
      clock,
      emit: (reason) => emitted.push(reason),
      onError: () => {},
    });
    clock.jump(120 * MINUTE);
    generator.publishLogDelta(1);
    while (sim.runNext()) {}
    expect(emitted).toEqual([]);
  });

  it('시간 한도가 0이면 시간으로는 만들지 않습니다', () => {
    const { generator, emitted, sleep, drain } = setup({ maxTimeMs: 0 });
    sleep(24 * 60 * MINUTE);
    generator.publishLogDelta(1);
    drain();
    expect(emitted).toEqual([]);
  });

  it('리더의 스냅숏을 불러오면(publishSnapshot) 그것이 지난 스냅숏입니다: 바이트와 시간을 처음부터 셉니다', () => {
    const { generator, emitted, sleep, drain } = setup({ maxBytes: 200, maxTimeMs: 30 * MINUTE });
    generator.publishLogDelta(150);
    sleep(25 * MINUTE);
    generator.publishSnapshot();
    sleep(25 * MINUTE);
    generator.publishLogDelta(100);
    drain();
    expect(emitted).toEqual([]);
  });

  it('testSnapshotsDisabled: 멈추면(beginShutdown) 예약한 만들기를 거두고 더는 만들지 않습니다', () => {
    const { generator, emitted, drain } = setup({ maxBytes: 1 });
    generator.publishLogDelta(10);
    expect(generator.isEmitScheduled).toBe(true);
    generator.beginShutdown();
    generator.publishLogDelta(10);
    drain();
    expect(emitted).toEqual([]);
    expect(generator.isEmitScheduled).toBe(false);
  });

  it('testEmitterProblem: 만들다 실패하면 알리고, 다음 한도에서 다시 만듭니다', () => {
    const failure = new Error('oops');
    const { generator, errors, drain } = setup({ maxBytes: 200, failWith: failure });
    generator.publishLogDelta(50_000);
    drain();
    generator.publishLogDelta(50_000);
    drain();
    expect(errors).toEqual([failure, failure]);
  });
});
