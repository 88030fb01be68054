/**
 * 브로커 세션과 하트비트의 다음 상태, Kafka `BrokerHeartbeatManagerTest`의 행들 (세션 시간 제한 10ms).
 */
import { describe, expect, it } from 'vitest';
import { BrokerHeartbeatManager, isCaughtUp } from '../../src/controller/broker-heartbeat-manager.js';

const SESSION_MS = 10;
const request = (r: { wantFence?: boolean; wantShutDown?: boolean; currentMetadataOffset?: number }) => ({
  wantFence: false,
  wantShutDown: false,
  currentMetadataOffset: 0,
  ...r,
});

describe('BrokerHeartbeatManager', () => {
  it('testHasValidSession: a session lives sessionTimeoutMs after the last contact, only while unfenced', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    expect(manager.hasValidSession(0, 0)).toBe(false);
    for (const id of [0, 1, 2]) manager.register(id, true, 0);
    manager.touch(0, false, 0, 0);
    manager.touch(1, false, 0, 5);
    manager.touch(2, false, 0, 5);
    expect([0, 1, 2, 3].map((id) => manager.hasValidSession(id, 5))).toEqual([true, true, true, false]);
    expect([0, 1, 2, 3].map((id) => manager.hasValidSession(id, 11))).toEqual([false, true, true, false]);
    manager.remove(2);
    expect(manager.hasValidSession(2, 11)).toBe(false);
    manager.fence(1);
    expect(manager.hasValidSession(1, 11)).toBe(false);
  });

  it('testFindOneStaleBroker: the unfenced broker heard from longest ago, once its session is over', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    for (const id of [0, 1, 2]) manager.register(id, true, 0);
    manager.touch(0, false, 0, 0);
    manager.touch(1, false, 0, 3);
    manager.touch(2, true, 0, 0); // 펜싱된 브로커는 세션이 끝날 것도 없습니다
    expect(manager.findOneStaleBroker(10)).toBeNull();
    expect(manager.findOneStaleBroker(11)).toBe(0);
    manager.fence(0);
    expect(manager.findOneStaleBroker(11)).toBeNull();
    expect(manager.findOneStaleBroker(14)).toBe(1);
  });

  it('testNextCheckTimeNs: the first ms at which the oldest unfenced session is over', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    expect(manager.nextCheckTimeMs()).toBe(Number.POSITIVE_INFINITY);
    manager.register(0, false, 2);
    manager.register(1, false, 7);
    expect(manager.nextCheckTimeMs()).toBe(13);
    manager.touch(0, false, 0, 8);
    expect(manager.nextCheckTimeMs()).toBe(18);
    manager.fence(1);
    manager.fence(0);
    expect(manager.nextCheckTimeMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it('testControlledShutdownOffsetIsOnlyUpdatedOnce, and a fenced broker leaves controlled shutdown', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    manager.register(0, false, 0);
    manager.maybeUpdateControlledShutdownOffset(0, 98);
    manager.maybeUpdateControlledShutdownOffset(0, 99);
    expect(manager.currentState(0)).toBe('CONTROLLED_SHUTDOWN');
    // 다른 브로커가 98까지 따라오면 꺼져도 됩니다 (99로 바뀌었다면 꺼질 수 없었을 것입니다).
    manager.register(1, false, 0);
    manager.touch(1, false, 98, 0);
    expect(manager.calculateNextBrokerState(0, request({ wantShutDown: true }), 0, () => false).next).toBe(
      'SHUTDOWN_NOW',
    );
    manager.touch(0, true, 0, 1);
    expect(manager.currentState(0)).toBe('FENCED');
    expect(() => manager.maybeUpdateControlledShutdownOffset(0, 100)).toThrow(/펜싱된 브로커/);
  });

  it('testCalculateNextBrokerState: every row of the state table', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    for (let id = 0; id < 6; id++) manager.register(id, true, 0);
    manager.touch(0, true, 100, 0);
    manager.touch(1, false, 98, 0);
    manager.touch(2, false, 100, 0);
    manager.touch(3, false, 100, 0);
    manager.touch(4, true, 100, 0);
    manager.touch(5, false, 99, 0);
    manager.maybeUpdateControlledShutdownOffset(5, 99);
    expect(manager.lowestActiveOffset()).toBe(98);

    const next = (id: number, r: Parameters<typeof request>[0], hasLeaderships: boolean) =>
      manager.calculateNextBrokerState(id, request(r), 100, () => hasLeaderships);
    // FENCED
    expect(next(0, { wantShutDown: true }, false)).toEqual({ current: 'FENCED', next: 'SHUTDOWN_NOW' });
    expect(next(0, { currentMetadataOffset: 100 }, false)).toEqual({ current: 'FENCED', next: 'UNFENCED' });
    expect(next(0, { currentMetadataOffset: 50 }, false)).toEqual({ current: 'FENCED', next: 'FENCED' });
    expect(next(0, { wantFence: true, currentMetadataOffset: 100 }, false)).toEqual({
      current: 'FENCED',
      next: 'FENCED',
    });
    // UNFENCED
    expect(next(1, { wantShutDown: true }, true)).toEqual({ current: 'UNFENCED', next: 'CONTROLLED_SHUTDOWN' });
    expect(next(1, { wantShutDown: true }, false)).toEqual({ current: 'UNFENCED', next: 'SHUTDOWN_NOW' });
    expect(next(1, {}, false)).toEqual({ current: 'UNFENCED', next: 'UNFENCED' });
    expect(next(1, { wantFence: true }, false)).toEqual({ current: 'UNFENCED', next: 'FENCED' });
    expect(next(1, { wantFence: true, wantShutDown: true }, false)).toEqual({
      current: 'UNFENCED',
      next: 'SHUTDOWN_NOW',
    });
    // CONTROLLED_SHUTDOWN: 리더십이 남았거나, 일하는 브로커가 종료 오프셋(99)까지 오지 않았으면(98) 그대로
    expect(next(5, { wantShutDown: true }, true)).toEqual({
      current: 'CONTROLLED_SHUTDOWN',
      next: 'CONTROLLED_SHUTDOWN',
    });
    expect(next(5, { wantShutDown: true }, false)).toEqual({
      current: 'CONTROLLED_SHUTDOWN',
      next: 'CONTROLLED_SHUTDOWN',
    });
    manager.fence(1);
    expect(next(5, { wantShutDown: true }, false)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'SHUTDOWN_NOW' });
    expect(next(5, { wantShutDown: true }, true)).toEqual({
      current: 'CONTROLLED_SHUTDOWN',
      next: 'CONTROLLED_SHUTDOWN',
    });
  });

  it('testTouchThrowsExceptionUnlessRegistered', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    expect(() => manager.touch(6, false, 0, 0)).toThrow('브로커 6는 등록되지 않았습니다');
    expect(() => manager.calculateNextBrokerState(7, request({}), 0, () => false)).toThrow(/등록되지 않았습니다/);
  });

  it('isCaughtUp: the heartbeat offset has reached the registration record (KIP-631)', () => {
    expect(isCaughtUp(41, 42)).toBe(false);
    expect(isCaughtUp(42, 42)).toBe(true);
    expect(isCaughtUp(-1, 0)).toBe(false);
  });
});
