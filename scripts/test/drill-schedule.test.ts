/**
 * 드릴의 장애 일정(scripts/lib/drill/schedule.ts): 씨앗만으로 정해지고, 장애 수와 시간이 묶여 있고, 씨앗 100개면 네
 * 종류의 장애와 활성 컨트롤러 떼어 놓기가 모두 나옵니다.
 */
import { describe, expect, it } from 'vitest';
import { describeSchedule, MAX_FAULTS, partitionPeers, scheduleFor } from '../lib/drill/schedule.js';

describe('드릴의 장애 일정', () => {
  it('같은 씨앗이면 같은 일정, 다른 씨앗이면 대개 다른 일정입니다', () => {
    expect(scheduleFor(7)).toEqual(scheduleFor(7));
    const distinct = new Set(Array.from({ length: 100 }, (_, i) => JSON.stringify(scheduleFor(i).faults)));
    expect(distinct.size).toBeGreaterThan(90);
  });

  it('일정마다 장애는 1–3개, 장애마다 걸어 두는 시간은 0.8–2.5초입니다', () => {
    for (let seed = 0; seed < 100; seed++) {
      const { faults } = scheduleFor(seed);
      expect(faults.length).toBeGreaterThanOrEqual(1);
      expect(faults.length).toBeLessThanOrEqual(MAX_FAULTS);
      for (const f of faults) {
        expect(f.holdMs).toBeGreaterThanOrEqual(800);
        expect(f.holdMs).toBeLessThanOrEqual(2500);
      }
    }
  });

  it('씨앗 100개에 kill -9, SIGSTOP, 떼어 놓기(반쪽 포함), 활성 컨트롤러 떼어 놓기가 모두 나옵니다', () => {
    const faults = Array.from({ length: 100 }, (_, seed) => scheduleFor(seed).faults).flat();
    for (const kind of ['kill', 'pause', 'partition', 'isolate-controller']) {
      expect(faults.some((f) => f.kind === kind)).toBe(true);
    }
    expect(faults.some((f) => f.kind === 'partition' && f.from.length === 1)).toBe(true);
    expect(faults.filter((f) => f.kind === 'isolate-controller').every((f) => f.target.by === 'controller')).toBe(true);
  });

  it('떼어 놓기의 상대: 나머지 모두, 또는 정한 한 노드', () => {
    const whole = { kind: 'partition', target: { by: 'node', node: 2 }, gapMs: 0, holdMs: 1000, from: [] } as const;
    expect(partitionPeers(whole, 2)).toEqual([1, 3]);
    expect(partitionPeers({ ...whole, from: [2] }, 2)).toEqual([3]);
    expect(describeSchedule({ seed: 1, faults: [{ ...whole, from: [1] }], tailMs: 0, abortChance: 0 })).toBe(
      '떼어 놓기 노드 2 (한 노드에게서만) 1.0초',
    );
  });
});
