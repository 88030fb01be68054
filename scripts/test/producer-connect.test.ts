/**
 * 프로듀서 connect 다시 시도(scripts/lib/producer-connect.ts): 시드 시나리오와 드릴이 함께 쓰는 규칙. 실패할 때마다
 * 연결을 정리하고 1초 쉬고 다시, 20번째에도 실패하면 그 오류를 던지고, 부르는 쪽이 멈추려 하면 null.
 * 진짜 브로커에 대한 연결은 시드 시나리오와 드릴의 시험이 봅니다. 여기서는 connect가 정해진 횟수만큼 실패하는
 * 프로듀서로 횟수와 쉬는 시간만 봅니다 (가짜 시계).
 */
import type { Producer } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECT_ATTEMPTS, CONNECT_PAUSE_MS, connectProducer } from '../lib/producer-connect.js';

/** connect가 처음 `failures`번 실패하는 프로듀서와 그 기록 */
function flakyProducer(failures: number) {
  const calls: string[] = [];
  let connects = 0;
  const producer = {
    connect: async () => {
      connects++;
      calls.push(`connect@${Date.now()}`);
      if (connects <= failures) {
        const error = new Error(`Connection error: connect ECONNREFUSED (${connects})`);
        error.name = 'KafkaJSConnectionError';
        throw error;
      }
    },
    disconnect: async () => {
      calls.push(`disconnect@${Date.now()}`);
    },
  } as unknown as Producer;
  return { producer, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connectProducer', () => {
  it('실패하면 연결을 정리하고 1초 쉰 뒤 다시 연결합니다', async () => {
    const { producer, calls } = flakyProducer(2);
    const connected = connectProducer(producer);
    await vi.runAllTimersAsync();
    await expect(connected).resolves.toBe(producer);
    expect(calls).toEqual([
      'connect@0',
      'disconnect@0',
      `connect@${CONNECT_PAUSE_MS}`,
      `disconnect@${CONNECT_PAUSE_MS}`,
      `connect@${2 * CONNECT_PAUSE_MS}`,
    ]);
  });

  it(`${CONNECT_ATTEMPTS}번째에도 실패하면 그 오류를 던집니다`, async () => {
    const { producer, calls } = flakyProducer(CONNECT_ATTEMPTS);
    const connected = connectProducer(producer);
    const outcome = expect(connected).rejects.toThrow(`ECONNREFUSED (${CONNECT_ATTEMPTS})`);
    await vi.runAllTimersAsync();
    await outcome;
    expect(calls.filter((c) => c.startsWith('connect@'))).toHaveLength(CONNECT_ATTEMPTS);
    expect(calls.at(-1)).toBe(`disconnect@${(CONNECT_ATTEMPTS - 1) * CONNECT_PAUSE_MS}`);
  });

  it('부르는 쪽이 멈추려 하면(keepGoing이 거짓) 더 시도하지 않고 null입니다', async () => {
    const { producer, calls } = flakyProducer(CONNECT_ATTEMPTS);
    let keepGoing = true;
    const connected = connectProducer(producer, () => keepGoing);
    await vi.advanceTimersByTimeAsync(2 * CONNECT_PAUSE_MS);
    keepGoing = false;
    await vi.runAllTimersAsync();
    await expect(connected).resolves.toBeNull();
    expect(calls.filter((c) => c.startsWith('connect@'))).toHaveLength(4);
  });

  it('처음에 되면 쉬지도 정리하지도 않습니다', async () => {
    const { producer, calls } = flakyProducer(0);
    await expect(connectProducer(producer, () => false)).resolves.toBe(producer);
    expect(calls).toEqual(['connect@0']);
  });
});
