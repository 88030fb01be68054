/**
 * acks와 퍼거토리: acks=all Produce는 하이 워터마크가 배치 끝을 넘을 때까지 기다리고, 시간이 다 되면 끝납니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { enoughReplicasError, isProduceComplete } from '../../src/server/delayed-produce.js';
import { Purgatory } from '../../src/server/purgatory.js';
import { SimClock } from '../../src/sim/clock.js';

describe('acks (DelayedProduce)', () => {
  it('refuses acks=all before writing when the ISR is smaller than min(min.insync.replicas, replicas)', () => {
    // (acks, ISR 크기, min.insync.replicas, 복제본 수)
    expect(enoughReplicasError(-1, 1, 2, 3)).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(enoughReplicasError(-1, 2, 2, 3)).toBe(ErrorCode.NONE);
    expect(enoughReplicasError(1, 1, 2, 3)).toBe(ErrorCode.NONE);
    expect(enoughReplicasError(0, 0, 3, 3)).toBe(ErrorCode.NONE);
  });

  it('testEffectiveMinIsr: a min.insync.replicas above the replica count is capped at the replica count (Kafka 3.7+)', () => {
    expect(enoughReplicasError(-1, 1, 2, 1), 'RF 1, min.insync.replicas=2: accepted').toBe(ErrorCode.NONE);
    expect(enoughReplicasError(-1, 2, 3, 2), 'RF 2, full ISR, min.insync.replicas=3: accepted').toBe(ErrorCode.NONE);
    expect(enoughReplicasError(-1, 1, 3, 2), 'RF 2, ISR 1, min.insync.replicas=3: effective 2').toBe(
      ErrorCode.NOT_ENOUGH_REPLICAS,
    );
  });

  it('completes acks=all when every partition has failed or has its high watermark past the batch', () => {
    const waiting = { errorCode: ErrorCode.NONE, requiredOffset: 10, highWatermark: 9 };
    const done = { errorCode: ErrorCode.NONE, requiredOffset: 10, highWatermark: 10 };
    const failed = { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, requiredOffset: 0, highWatermark: -1 };
    expect(isProduceComplete(1, [waiting])).toBe(true);
    expect(isProduceComplete(-1, [waiting, done])).toBe(false);
    expect(isProduceComplete(-1, [done, failed])).toBe(true);
  });
});

describe('purgatory (DelayedOperationPurgatory)', () => {
  it('completes a watched operation when its key fires and its condition holds, and only then', async () => {
    const purgatory = new Purgatory(new SimClock());
    let highWatermark = 0;
    const watched = purgatory.watch(['t-0', 't-1'], () => highWatermark >= 5, 10_000);
    purgatory.checkAndComplete('t-0');
    highWatermark = 5;
    purgatory.checkAndComplete('t-2'); // 다른 파티션: 아무 일도 없습니다
    expect(purgatory.watched).toBe(2);
    purgatory.checkAndComplete('t-1');
    await expect(watched).resolves.toBe(true);
    expect(purgatory.watched, '끝난 작업은 모든 키에서 빠집니다').toBe(0);
  });

  it('expires an operation whose condition never holds, on the injected clock', async () => {
    const clock = new SimClock();
    const purgatory = new Purgatory(clock);
    let expired: boolean | null = null;
    void purgatory
      .watch(['t-0'], () => false, 20)
      .then((completed) => {
        expired = !completed;
      });
    clock.runNext();
    await Promise.resolve();
    expect(clock.now()).toBe(20);
    expect(expired).toBe(true);
    expect(purgatory.watched).toBe(0);
  });
});
