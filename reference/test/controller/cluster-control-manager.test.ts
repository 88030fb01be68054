/**
 * 브로커 등록, Kafka `ClusterControlManagerTest`의 행들. ¹는 Kafka에 그 이름의 시험이 없어 같은 말투로 지은 것.
 */
import { describe, expect, it } from 'vitest';
import { ClusterControlManager } from '../../src/controller/cluster-control-manager.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { CLUSTER_ID, legacyBroker, registeredBroker, registrationRequest } from './support.js';

function manager(now = () => 0) {
  return new ClusterControlManager(CLUSTER_ID, 9_000, now);
}

function replay(control: ClusterControlManager, record: MetadataRecord, offset: number): void {
  if (record.type === 'RegisterBrokerRecord') control.replayRegistration(record, offset);
  else if (
    record.type === 'FenceBrokerRecord' ||
    record.type === 'UnfenceBrokerRecord' ||
    record.type === 'BrokerRegistrationChangeRecord'
  )
    control.replayRegistrationChange(record);
}

describe('ClusterControlManager', () => {
  it('testReplay: FenceBrokerRecord and UnfenceBrokerRecord (before Kafka 3.3) flip the fenced flag of that epoch', () => {
    const control = manager();
    replay(control, registeredBroker(1, 100, { fenced: true }), 100);
    expect(control.isActive(1)).toBe(false);
    replay(control, { type: 'UnfenceBrokerRecord', id: 1, epoch: 100 }, 101);
    expect(control.isActive(1)).toBe(true);
    replay(control, { type: 'FenceBrokerRecord', id: 1, epoch: 100 }, 102);
    expect(control.registration(1)?.fenced).toBe(true);
    // 다른 에포크(옛 세대)의 변경은 재생할 수 없습니다.
    expect(() => replay(control, { type: 'UnfenceBrokerRecord', id: 1, epoch: 7 }, 103)).toThrow(/에포크/);
  });

  it('testReplayRegisterBrokerRecord: remembers the record offset; the first-shape record reads as unfenced', () => {
    const control = manager();
    replay(control, legacyBroker(1), 0);
    replay(control, registeredBroker(2, 5), 5);
    expect(control.registration(1)).toMatchObject({ epoch: -1, fenced: false, incarnationId: null });
    expect(control.registration(2)).toMatchObject({ epoch: 5, fenced: false, incarnationId: 'inc-2' });
    expect(control.registerBrokerRecordOffset(2)).toBe(5);
  });

  it('testReplayBrokerRegistrationChangeRecord: fenced -1/0/1 and inControlledShutdown', () => {
    const control = manager();
    replay(control, registeredBroker(1, 3, { fenced: true }), 3);
    const change = (fenced: -1 | 0 | 1, inControlledShutdown: 0 | 1): MetadataRecord => ({
      type: 'BrokerRegistrationChangeRecord',
      brokerId: 1,
      brokerEpoch: 3,
      fenced,
      inControlledShutdown,
    });
    replay(control, change(-1, 0), 4);
    expect(control.registration(1)).toMatchObject({ fenced: false, inControlledShutdown: false });
    replay(control, change(0, 1), 5);
    expect(control.registration(1)).toMatchObject({ fenced: false, inControlledShutdown: true });
    expect(control.isActive(1)).toBe(false);
    replay(control, change(1, 0), 6);
    expect(control.registration(1)).toMatchObject({ fenced: true, inControlledShutdown: true });
  });

  it('testRegistrationWithIncorrectClusterId: INCONSISTENT_CLUSTER_ID', () => {
    const control = manager();
    control.activate();
    const result = control.registerBroker(registrationRequest(1, { clusterId: 'other' }), 10);
    expect(result.ok ? 0 : result.error).toBe(ErrorCode.INCONSISTENT_CLUSTER_ID);
  });

  it('testReRegistrationAndBrokerEpoch: a new incarnation starts fenced at the record offset; the same one keeps its epoch', () => {
    let now = 0;
    const control = manager(() => now);
    control.activate();
    const first = control.registerBroker(registrationRequest(1, { incarnationId: 'a' }), 10);
    if (!first.ok) throw new Error(first.message);
    expect(first.brokerEpoch).toBe(10);
    expect(first.records[0]).toMatchObject({ brokerEpoch: 10, fenced: true, incarnationId: 'a' });
    replay(control, first.records[0] as MetadataRecord, 10);
    replay(
      control,
      { type: 'BrokerRegistrationChangeRecord', brokerId: 1, brokerEpoch: 10, fenced: -1, inControlledShutdown: 0 },
      11,
    );
    // 같은 세대가 다시 등록(답을 잃어 다시 보냄): 에포크와 펜싱 상태를 그대로 둡니다.
    const again = control.registerBroker(registrationRequest(1, { incarnationId: 'a' }), 20);
    expect(again.ok && again.brokerEpoch).toBe(10);
    expect(again.ok && again.records[0]).toMatchObject({ brokerEpoch: 10, fenced: false });
    // 세션이 끝나 펜싱된 뒤의 새 세대는 새 에포크로 펜싱된 채 시작합니다.
    now = 9_001;
    control.heartbeats.fence(1);
    const next = control.registerBroker(registrationRequest(1, { incarnationId: 'b' }), 30);
    expect(next.ok && next.brokerEpoch).toBe(30);
    expect(next.ok && next.records[0]).toMatchObject({ brokerEpoch: 30, fenced: true, incarnationId: 'b' });
  });

  it('testDuplicateBrokerRegistration¹: another incarnation while the old session is alive → DUPLICATE_BROKER_REGISTRATION', () => {
    let now = 0;
    const control = manager(() => now);
    control.activate();
    replay(control, registeredBroker(1, 10, { incarnationId: 'a' }), 10);
    now = 9_000;
    const duplicate = control.registerBroker(registrationRequest(1, { incarnationId: 'b' }), 20);
    expect(duplicate.ok ? 0 : duplicate.error).toBe(ErrorCode.DUPLICATE_BROKER_REGISTRATION);
    // 세션이 끝나면 (펜싱되기 전이어도) 새 세대를 받습니다.
    now = 9_001;
    expect(control.registerBroker(registrationRequest(1, { incarnationId: 'b' }), 20).ok).toBe(true);
  });

  it('testActivateSkipsStaleColocatedIncarnation¹: a controller gives no session to an older incarnation of the broker in its own process, so a restarted node re-registers at once', () => {
    const control = manager();
    replay(control, registeredBroker(1, 10, { incarnationId: 'dead' }), 10);
    replay(control, registeredBroker(2, 11, { incarnationId: 'other' }), 11);
    replay(control, legacyBroker(3), 12);
    control.activate({ brokerId: 1, incarnationId: 'alive' });
    // 이 프로세스의 옛 세대(1)에는 세션이 없어 새 세대를 곧바로 받고, 다른 노드(2)와 처음 모양의 등록(3)은 세션을 받습니다.
    expect(control.heartbeats.hasValidSession(1, 0)).toBe(false);
    expect(control.registerBroker(registrationRequest(1, { incarnationId: 'alive' }), 20).ok).toBe(true);
    expect(control.heartbeats.hasValidSession(2, 0)).toBe(true);
    const duplicate = control.registerBroker(registrationRequest(2, { incarnationId: 'new' }), 21);
    expect(duplicate.ok ? 0 : duplicate.error).toBe(ErrorCode.DUPLICATE_BROKER_REGISTRATION);
    expect(control.heartbeats.hasValidSession(3, 0)).toBe(true);
    // 지금 세대의 등록은 이 프로세스의 것이니 여느 브로커처럼 세션을 받습니다.
    const again = manager();
    replay(again, registeredBroker(1, 10, { incarnationId: 'alive' }), 10);
    again.activate({ brokerId: 1, incarnationId: 'alive' });
    expect(again.heartbeats.hasValidSession(1, 0)).toBe(true);
  });

  it('testRegistrationOfZkBroker¹: a ZooKeeper broker in migration is refused with BROKER_ID_NOT_REGISTERED', () => {
    const control = manager();
    control.activate();
    const result = control.registerBroker({ ...registrationRequest(1), isMigratingZkBroker: true }, 10);
    expect(result.ok ? 0 : result.error).toBe(ErrorCode.BROKER_ID_NOT_REGISTERED);
  });

  it('testRegistrationsToRecords: a registration writes back the record it came from', () => {
    const control = manager();
    const records = [legacyBroker(1), registeredBroker(2, 4, { fenced: true })];
    for (const [i, r] of records.entries()) replay(control, r, i);
    expect(control.toRecords()).toEqual(records);
  });

  it('checkBrokerEpoch: STALE_BROKER_EPOCH for an unknown broker or another epoch', () => {
    const control = manager();
    replay(control, registeredBroker(1, 4), 4);
    expect(control.checkBrokerEpoch(1, 4).ok).toBe(true);
    const stale = control.checkBrokerEpoch(1, 3);
    expect(stale.ok ? 0 : stale.error).toBe(ErrorCode.STALE_BROKER_EPOCH);
    const unknown = control.checkBrokerEpoch(2, 4);
    expect(unknown.ok ? 0 : unknown.error).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });
});
