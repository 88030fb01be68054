/**
 * 시드 시나리오의 검사(check.ts)를 손으로 만든 기록에 대어 봅니다: 정상 기록과 허용하는 다시 받기는 통과하고, 일부러
 * 망가뜨린 기록(성공 응답을 받은 메시지 하나를 빼기, 키 하나의 순서를 바꾸기, 다시 읽다 건너뛰기, 보낸 적 없는 메시지,
 * 두 자리에 쓰인 메시지)은 그 종류로 잡힙니다.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, type Delivery, type Sent } from '../lib/seed-scenario/check.js';

const GROUPS = ['order-service', 'notification-service'];

/** 키 a는 파티션 0, 키 b는 파티션 1. 순번 1..n을 차례로 씁니다 */
function history(n: number): Sent[] {
  const sent: Sent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    sent.push({ key: 'a', seq, acked: true, partition: 0, offset: seq - 1 });
    sent.push({ key: 'b', seq, acked: true, partition: 1, offset: seq - 1 });
  }
  return sent;
}

/** 그룹 하나가 키 하나의 순번들을 이 차례로 받았습니다 (오프셋은 보낸 자리) */
function deliver(group: string, key: 'a' | 'b', seqs: number[], consumer = `${group}-1`): Delivery[] {
  const partition = key === 'a' ? 0 : 1;
  return seqs.map((seq) => ({ group, consumer, partition, offset: seq - 1, key, seq }));
}

function everything(n: number): Delivery[] {
  const all = Array.from({ length: n }, (_, i) => i + 1);
  return GROUPS.flatMap((g) => [...deliver(g, 'a', all), ...deliver(g, 'b', all)]);
}

describe('seed scenario check', () => {
  it('두 그룹이 모든 메시지를 한 번씩 차례대로 받으면 어긋남이 없습니다', () => {
    const result = checkHistory(history(5), everything(5), GROUPS);
    expect(result.violations).toEqual([]);
    expect(result.acked).toBe(10);
    expect(result.groups).toEqual(
      GROUPS.map((group) => ({ group, deliveries: 10, distinct: 10, redelivered: 0, ackedReceived: 10 })),
    );
  });

  it('커밋부터 다시 읽기(되감기, 되감기 도중의 되감기)는 적어도 한 번 전달로 받아들이고 다시 받은 수로 셉니다', () => {
    const deliveries = [
      // 1..4를 받고 커밋 2(다음에 읽을 순번 3) 뒤에 리밸런스: 3부터 다시, 다시 읽는 도중 또 리밸런스로 3부터
      ...deliver('order-service', 'a', [1, 2, 3, 4], 'order-service-1'),
      ...deliver('order-service', 'a', [3, 4, 3, 4, 5], 'order-service-2'),
      ...deliver('order-service', 'b', [1, 2, 3, 4, 5, 5]),
      ...everything(5).filter((d) => d.group === 'notification-service'),
    ];
    const result = checkHistory(history(5), deliveries, GROUPS);
    expect(result.violations).toEqual([]);
    expect(result.groups[0]).toMatchObject({ deliveries: 15, distinct: 10, redelivered: 5, ackedReceived: 10 });
  });

  it('성공 응답을 받지 못한 메시지는 없어도 되고, 있으면 받은 것으로 셉니다', () => {
    const sent = history(3).map((s) => (s.key === 'a' && s.seq === 2 ? { key: 'a', seq: 2, acked: false } : s));
    const without = everything(3).filter((d) => !(d.key === 'a' && d.seq === 2));
    expect(checkHistory(sent, without, GROUPS).violations).toEqual([]);
    expect(checkHistory(sent, everything(3), GROUPS).violations).toEqual([]);
  });

  it('잃음: 성공 응답을 받은 메시지 하나를 한 그룹이 받지 못했습니다', () => {
    const deliveries = everything(5).filter(
      (d) => !(d.group === 'notification-service' && d.key === 'b' && d.seq === 3),
    );
    const result = checkHistory(history(5), deliveries, GROUPS);
    expect(result.violations).toEqual([
      {
        kind: 'lost',
        group: 'notification-service',
        key: 'b',
        seq: 3,
        detail: '성공 응답을 받은 메시지를 받지 못했습니다 (파티션 1 오프셋 2)',
      },
    ]);
  });

  it('순서 어긋남: 키 하나의 순번 3을 4보다 늦게 처음 받았습니다', () => {
    const deliveries = [
      ...deliver('order-service', 'a', [1, 2, 4, 3, 5]),
      ...everything(5).filter((d) => !(d.group === 'order-service' && d.key === 'a')),
    ];
    const result = checkHistory(history(5), deliveries, GROUPS);
    expect(result.violations).toEqual([
      {
        kind: 'order',
        group: 'order-service',
        key: 'a',
        seq: 3,
        detail: 'order-service-1: 순번 4를 받은 뒤에 처음 보는 3을 받았습니다 (순서가 뒤바뀜)',
      },
    ]);
  });

  it('순서 어긋남: 되감아 다시 읽는 도중에 건너뛰거나, 다시 읽기를 마치기 전에 새 순번으로 넘어갔습니다', () => {
    const skipInReplay = [
      ...deliver('order-service', 'a', [1, 2, 3, 4, 2, 4, 5]),
      ...everything(5).filter((d) => !(d.group === 'order-service' && d.key === 'a')),
    ];
    expect(checkHistory(history(5), skipInReplay, GROUPS).violations.map((v) => [v.kind, v.seq, v.detail])).toEqual([
      ['order', 4, 'order-service-1: 다시 읽는 도중 순번 3을 건너뛰고 4를 받았습니다'],
    ]);
    const jumpAhead = [
      ...deliver('order-service', 'a', [1, 2, 3, 1, 4, 5]),
      ...everything(5).filter((d) => !(d.group === 'order-service' && d.key === 'a')),
    ];
    expect(checkHistory(history(5), jumpAhead, GROUPS).violations.map((v) => [v.kind, v.seq, v.detail])).toEqual([
      ['order', 4, 'order-service-1: 되감아 다시 읽던 순번 2, 3을 건너뛰고 새 순번 4를 받았습니다'],
    ]);
  });

  it('보낸 적 없는 메시지와, 성공 응답이 알려 준 자리와 다른 오프셋에서 온 메시지(두 번 쓰인 메시지)를 잡습니다', () => {
    const phantom: Delivery = {
      group: 'order-service',
      consumer: 'order-service-3',
      partition: 0,
      offset: 9,
      key: 'a',
      seq: 99,
    };
    const duplicateWrite: Delivery = { ...phantom, consumer: 'order-service-2', offset: 7, seq: 2 };
    const result = checkHistory(history(5), [...everything(5), phantom, duplicateWrite], GROUPS);
    expect(result.violations.map((v) => [v.kind, v.group, v.key, v.seq, v.detail])).toEqual([
      [
        'position',
        'order-service',
        'a',
        2,
        'order-service-2가 파티션 0 오프셋 7에서 받았지만, 그 메시지의 자리는 파티션 0 오프셋 1입니다',
      ],
      ['phantom', 'order-service', 'a', 99, 'order-service-3이 보낸 적 없는 메시지를 받았습니다 (파티션 0 오프셋 9)'],
    ]);
  });
});
