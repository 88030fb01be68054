import { describe, expect, it } from 'vitest';
import { parseDelivered, percentile, recordLatencies } from '../lib/bench-latency.js';

// kcat 1.7.1(librdkafka 2.0.2) `-d msg`가 참조 브로커에 쓰며 찍은 줄 그대로
const DELIVERED_LINE =
  '%7|1796506587.414|MSGSET|rdkafka#producer-1| [thrd:127.0.0.1:19792/bootstrap]: 127.0.0.1:19792/1: lat [0]: MessageSet with 3 message(s) (MsgId 0, BaseSeq -1) delivered';

describe('bench-latency: kcat 디버그 로그로 잰 produce 지연', () => {
  it('parseDelivered: 전달 확인 줄에서 벽시계 시각(ms)과 레코드 수를 읽습니다', () => {
    expect(parseDelivered(DELIVERED_LINE)).toEqual({ deliveredMs: 1796506587414, count: 3 });
  });

  it('parseDelivered: MSGSET이 아닌 줄은 null입니다', () => {
    expect(parseDelivered('%7|1796506587.414|SEND|rdkafka#producer-1| [thrd:x]: Sent ProduceRequest (v7)')).toBeNull();
    expect(parseDelivered('')).toBeNull();
  });

  it('parseDelivered: 오류·재시도 MSGSET 줄이면 오프셋을 매길 수 없으므로 던집니다', () => {
    const failed =
      '%7|1796506587.414|MSGSET|rdkafka#producer-1| [thrd:x]: x/1: lat [0]: MessageSet with 3 message(s) (MsgId 0, BaseSeq -1) encountered error: Broker: Request timed out (actions Retry)';
    expect(() => parseDelivered(failed)).toThrow(/전달 확인이 아닌 MSGSET/);
  });

  it('recordLatencies: 배치의 레코드 수를 차례로 더해 오프셋을 매기고, 전달 시각 − CreateTime을 돌려줍니다', () => {
    const batches = [
      { deliveredMs: 1010, count: 2 },
      { deliveredMs: 1020, count: 1 },
    ];
    expect(recordLatencies(batches, [1000, 1003, 1012])).toEqual([10, 7, 8]);
  });

  it('recordLatencies: 전달 확인 수와 읽은 레코드 수가 다르면(재시도로 생긴 중복 등) 던집니다', () => {
    expect(() => recordLatencies([{ deliveredMs: 1010, count: 2 }], [1000, 1001, 1002])).toThrow(/2개인데/);
  });

  it('percentile: 최근접 순위 — 100개 중 p99는 99번째로 작은 값', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, 섞인 순서
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 99)).toThrow();
  });
});
