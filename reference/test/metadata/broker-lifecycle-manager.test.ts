/**
 * 브로커의 한살이, Kafka `BrokerLifecycleManagerTest`의 행들과 상태 전이 하나하나. ¹는 Kafka에 그 이름의 시험이 없는 것.
 */
import { describe, expect, it } from 'vitest';
import { BrokerLifecycleManager, type LifecycleRequest } from '../../src/metadata/broker-lifecycle-manager.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { BrokerHeartbeatResponse } from '../../src/protocol/messages/63-broker-heartbeat.js';
import { err, ok } from '../../src/result.js';
import { SeededRandom } from '../../src/sim/random.js';

function lifecycle(offset = { value: 0 }) {
  const manager = new BrokerLifecycleManager(
    {
      nodeId: 3,
      clusterId: 'c',
      incarnationId: 'inc-3',
      listeners: [{ name: 'PLAINTEXT', host: 'h', port: 9092, securityProtocol: 0 }],
      features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
      rack: null,
      heartbeatIntervalMs: 2_000,
      sessionTimeoutMs: 9_000,
      initialRegistrationTimeoutMs: 60_000,
    },
    new SeededRandom(1),
  );
  return { manager, offset };
}

const heartbeatReply = (r: Partial<BrokerHeartbeatResponse>) =>
  ok({
    response: {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      isCaughtUp: false,
      isFenced: true,
      shouldShutDown: false,
      ...r,
    },
  });

/** 등록을 마치고 첫 하트비트를 꺼낸 모습 */
function registered() {
  const { manager, offset } = lifecycle();
  manager.start(0, () => offset.value);
  manager.poll(0);
  manager.handleRegistrationResponse(ok({ response: { throttleTimeMs: 0, errorCode: 0, brokerEpoch: 42 } }), 5);
  return { manager, offset };
}

function heartbeat(request: LifecycleRequest | null) {
  if (request?.api !== 'BrokerHeartbeat') throw new Error(`하트비트를 기다렸는데 ${request?.api ?? '아무것도'}`);
  return request.request;
}

describe('BrokerLifecycleManager', () => {
  it('testCreateStartAndClose: NOT_RUNNING → STARTING, and the registration goes out at once', () => {
    const { manager } = lifecycle();
    expect(manager.state).toBe('NOT_RUNNING');
    expect(manager.nextPollAtMs()).toBe(Number.POSITIVE_INFINITY);
    manager.start(100, () => -1);
    expect(manager.state).toBe('STARTING');
    expect(manager.nextPollAtMs()).toBe(100);
    expect(() => manager.start(100, () => -1)).toThrow(/STARTING/);
  });

  it('testSuccessfulRegistration: BrokerRegistration carries id, cluster, incarnation, listeners and features; then a heartbeat with the epoch', () => {
    const { manager, offset } = lifecycle();
    manager.start(0, () => offset.value);
    const request = manager.poll(0);
    expect(request).toEqual({
      api: 'BrokerRegistration',
      request: {
        brokerId: 3,
        clusterId: 'c',
        incarnationId: 'inc-3',
        listeners: [{ name: 'PLAINTEXT', host: 'h', port: 9092, securityProtocol: 0 }],
        features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
        rack: null,
        isMigratingZkBroker: false,
        logDirs: [],
        previousBrokerEpoch: -1,
      },
    });
    expect(manager.poll(0)).toBeNull(); // 답을 기다리는 동안은 보내지 않습니다
    manager.handleRegistrationResponse(ok({ response: { throttleTimeMs: 0, errorCode: 0, brokerEpoch: 42 } }), 5);
    expect(manager.brokerEpoch).toBe(42);
    offset.value = 17;
    expect(heartbeat(manager.poll(5))).toEqual({
      brokerId: 3,
      brokerEpoch: 42,
      currentMetadataOffset: 17,
      wantFence: true,
      wantShutDown: false,
      offlineLogDirs: [],
    });
  });

  it('testStartingToRunning¹: STARTING → RECOVERY when caught up; wantFence until ready; RECOVERY → RUNNING when unfenced', () => {
    const { manager } = registered();
    heartbeat(manager.poll(5));
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: false }), 6);
    expect(manager.state).toBe('STARTING');
    expect(manager.nextPollAtMs()).toBe(16); // 따라잡기를 기다리는 동안은 10ms마다
    heartbeat(manager.poll(16));
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: true }), 20);
    expect(manager.state).toBe('RECOVERY');
    expect(heartbeat(manager.poll(30)).wantFence).toBe(true);
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: true }), 31);
    manager.setReadyToUnfence(40);
    expect(manager.nextPollAtMs()).toBe(40);
    expect(heartbeat(manager.poll(40)).wantFence).toBe(false);
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: true, isFenced: false }), 41);
    expect(manager.state).toBe('RUNNING');
    expect(manager.nextPollAtMs()).toBe(2_041); // broker.heartbeat.interval.ms
  });

  it('testRetryWithExponentialBackoff¹: a failed request is retried after 100, 200, 400 … ms (±2%), at most the session timeout', () => {
    const { manager } = lifecycle();
    manager.start(0, () => 0);
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 9; i++) {
      manager.poll(now);
      manager.handleRegistrationResponse(
        i % 2 === 0
          ? err('TIMEOUT')
          : ok({ response: { throttleTimeMs: 0, errorCode: ErrorCode.NOT_CONTROLLER, brokerEpoch: -1 } }),
        now,
      );
      delays.push(manager.nextPollAtMs() - now);
      now = manager.nextPollAtMs();
    }
    const expected = [100, 200, 400, 800, 1600, 3200, 6400, 9000, 9000];
    for (const [i, d] of delays.entries()) {
      const want = expected[i] as number;
      expect(Math.abs(d - want)).toBeLessThanOrEqual(want * 0.02 + 1);
    }
  });

  it('testRegistrationTimeout: no registration within initial.broker.registration.timeout.ms → SHUTTING_DOWN', () => {
    const { manager } = lifecycle();
    manager.start(0, () => 0);
    manager.poll(0);
    manager.handleRegistrationResponse(err('NO_CONTROLLER'), 10);
    expect(manager.nextPollAtMs()).toBeLessThan(60_000);
    expect(manager.poll(60_000)).toBeNull();
    expect(manager.state).toBe('SHUTTING_DOWN');
    expect(manager.nextPollAtMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it('testControlledShutdown: PENDING_CONTROLLED_SHUTDOWN sends wantShutDown at once until shouldShutDown', () => {
    const { manager } = registered();
    heartbeat(manager.poll(5));
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: true }), 6);
    manager.setReadyToUnfence(6);
    heartbeat(manager.poll(6));
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: true, isFenced: false }), 7);
    manager.beginControlledShutdown(100);
    expect(manager.state).toBe('PENDING_CONTROLLED_SHUTDOWN');
    expect(heartbeat(manager.poll(100)).wantShutDown).toBe(true);
    manager.handleHeartbeatResponse(heartbeatReply({ isFenced: false }), 101);
    expect(manager.nextPollAtMs()).toBe(151); // 첫 답 뒤에는 조금 빨리
    heartbeat(manager.poll(151));
    manager.handleHeartbeatResponse(heartbeatReply({ isFenced: true, shouldShutDown: true }), 152);
    expect(manager.state).toBe('SHUTTING_DOWN');
  });

  it('testControlledShutdownWhenNotRunning¹: a broker that is not RUNNING shuts down at once', () => {
    const { manager } = registered();
    manager.beginControlledShutdown(10);
    expect(manager.state).toBe('SHUTTING_DOWN');
  });

  it('testCommunicationInFlight¹: a communication due while a request is in flight goes out as soon as the answer comes', () => {
    const { manager } = registered();
    heartbeat(manager.poll(5));
    manager.setReadyToUnfence(6); // 곧바로 보내야 하지만 답을 기다리는 중
    expect(manager.poll(6)).toBeNull();
    manager.handleHeartbeatResponse(heartbeatReply({ isCaughtUp: true }), 50);
    expect(manager.nextPollAtMs()).toBe(50);
    expect(heartbeat(manager.poll(50)).wantFence).toBe(false);
  });
});
