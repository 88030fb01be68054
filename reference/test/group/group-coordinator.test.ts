/**
 * 그룹 코디네이터 상태 기계를 가상 시계로 점검합니다 (입출력 없음). 시나리오는 Kafka의 classic
 * 그룹 프로토콜(JoinGroup → SyncGroup → Heartbeat)을 따릅니다.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { JoinResult, SyncResult } from '../../src/group/consumer-group.js';
import { ConsumerGroup } from '../../src/group/consumer-group.js';
import { DEFAULT_GROUP_CONFIG, GroupCoordinator, type JoinRequest } from '../../src/group/group-coordinator.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';

let now = 0;
let coordinator: GroupCoordinator;

beforeEach(() => {
  now = 0;
  let next = 0;
  coordinator = new GroupCoordinator(DEFAULT_GROUP_CONFIG, (clientId) => `${clientId}-${++next}`);
});

const protocols = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(`meta:${name}`) }));

function joinRequest(clientId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    clientId,
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: protocols('range'),
    requireKnownMemberId: true,
    supportsSkippingAssignment: true,
    ...overrides,
  };
}

/** JoinGroup을 보내고, 응답이 오면 담아 둘 상자를 돌려줍니다 (응답은 나중에 올 수 있습니다). */
function join(request: JoinRequest): { result: JoinResult | null } {
  const box: { result: JoinResult | null } = { result: null };
  coordinator.join(request, now, (r) => {
    box.result = r;
  });
  return box;
}

/** v4+ 흐름: MEMBER_ID_REQUIRED로 ID를 받고, 그 ID로 다시 참여합니다. */
function joinAsNewMember(clientId: string, overrides: Partial<JoinRequest> = {}): { result: JoinResult | null } {
  const first = join(joinRequest(clientId, overrides));
  expect(first.result?.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  return join(joinRequest(clientId, { ...overrides, memberId: first.result?.memberId ?? '' }));
}

function sync(memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = []) {
  const box: { result: SyncResult | null } = { result: null };
  coordinator.sync(
    {
      groupId: 'g',
      generationId,
      memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments,
    },
    now,
    (r) => {
      box.result = r;
    },
  );
  return box;
}

function advance(ms: number): void {
  now += ms;
  coordinator.tick(now);
}

describe('GroupCoordinator', () => {
  it('InitialJoin: the first rebalance waits group.initial.rebalance.delay.ms, once more while new members keep coming', () => {
    const a = joinAsNewMember('a');
    advance(1000);
    const b = joinAsNewMember('b');
    expect(a.result, '첫 리밸런스는 initial delay 동안 응답하지 않습니다').toBeNull();
    advance(2000);
    expect(coordinator.group('g')?.state, '기다리는 동안 b가 들어와 3초를 더 기다립니다').toBe('PreparingRebalance');
    advance(3000);
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance');
    expect(a.result).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: 'a-1' });
    expect(a.result?.members.map((m) => m.memberId)).toEqual(['a-1', 'b-2']);
    expect(b.result?.members, '팔로워는 멤버 목록을 받지 않습니다').toEqual([]);
  });

  it('SyncHandsOutTheLeadersAssignment: followers wait for the leader, then everyone gets their part', () => {
    const a = joinAsNewMember('a');
    const b = joinAsNewMember('b');
    advance(6000); // 첫 3초 안에 새 멤버가 들어와 한 번 더 기다립니다
    const followerSync = sync('b-2', 1);
    expect(followerSync.result, '리더가 할당을 보내기 전까지 팔로워는 기다립니다').toBeNull();
    const leaderSync = sync('a-1', 1, [
      { memberId: 'a-1', assignment: Buffer.from('p0') },
      { memberId: 'b-2', assignment: Buffer.from('p1') },
    ]);
    expect(coordinator.group('g')?.state).toBe('Stable');
    expect(leaderSync.result?.assignment.toString()).toBe('p0');
    expect(followerSync.result?.assignment.toString()).toBe('p1');
    expect(a.result?.generationId).toBe(b.result?.generationId);
  });

  it('NewMemberTriggersRebalance: heartbeats answer REBALANCE_IN_PROGRESS until everyone rejoins', () => {
    joinAsNewMember('a');
    advance(3000);
    sync('a-1', 1, [{ memberId: 'a-1', assignment: Buffer.from('all') }]);
    expect(coordinator.heartbeat('g', 'a-1', null, 1, now)).toBe(ErrorCode.NONE);

    const b = joinAsNewMember('b');
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance');
    expect(coordinator.heartbeat('g', 'a-1', null, 1, now)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a = join(joinRequest('a', { memberId: 'a-1' }));
    // 두 번째 리밸런스는 initial delay 없이, 모두 모이는 즉시 끝납니다.
    expect(a.result?.generationId).toBe(2);
    expect(b.result?.generationId).toBe(2);
    expect(coordinator.heartbeat('g', 'a-1', null, 1, now), '옛 세대의 하트비트').toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('SessionExpiry: a member that stops heartbeating is removed and the group rebalances', () => {
    joinAsNewMember('a');
    joinAsNewMember('b');
    advance(6000); // 첫 3초 안에 새 멤버가 들어와 한 번 더 기다립니다
    sync('b-2', 1);
    sync('a-1', 1, []);
    advance(5000);
    expect(coordinator.heartbeat('g', 'a-1', null, 1, now)).toBe(ErrorCode.NONE);
    advance(5001); // b는 10초 동안 하트비트가 없었습니다
    expect(coordinator.group('g')?.members.has('b-2')).toBe(false);
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance');
    const again = join(joinRequest('a', { memberId: 'a-1' }));
    expect(again.result).toMatchObject({ errorCode: 0, generationId: 2, leader: 'a-1' });
  });

  it('RebalanceTimeout: a member that never rejoins is dropped when the join deadline passes', () => {
    joinAsNewMember('a');
    joinAsNewMember('b');
    advance(6000); // 첫 3초 안에 새 멤버가 들어와 한 번 더 기다립니다
    sync('b-2', 1);
    sync('a-1', 1, []);
    joinAsNewMember('c');
    const a = join(joinRequest('a', { memberId: 'a-1' }));
    // b는 하트비트는 보내지만 다시 참여하지 않습니다
    for (let t = 0; t < 30_000; t += 2000) {
      advance(2000);
      coordinator.heartbeat('g', 'b-2', null, 1, now);
    }
    expect(a.result?.generationId).toBe(2);
    expect(coordinator.group('g')?.members.has('b-2')).toBe(false);
  });

  it('LeaveGroup: the last member leaving empties the group', () => {
    joinAsNewMember('a');
    advance(3000);
    sync('a-1', 1, []);
    expect(
      coordinator.leave(
        'g',
        [
          { memberId: 'a-1', groupInstanceId: null },
          { memberId: 'nobody', groupInstanceId: null },
        ],
        now,
      ),
    ).toEqual({ errorCode: ErrorCode.NONE, members: [ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID] });
    advance(0);
    expect(coordinator.group('g')?.state).toBe('Empty');
    expect(coordinator.group('g')?.validateDeleteGroup(), '빈 그룹은 지울 수 있습니다').toBe(ErrorCode.NONE);
  });

  it('ProtocolSelection: the protocol every member supports with the most first-choice votes wins', () => {
    joinAsNewMember('a', { protocols: protocols('range', 'roundrobin') });
    joinAsNewMember('b', { protocols: protocols('roundrobin', 'range') });
    const c = joinAsNewMember('c', { protocols: protocols('roundrobin', 'range') });
    advance(6000); // 첫 3초 안에 새 멤버가 들어와 한 번 더 기다립니다
    expect(c.result?.protocolName).toBe('roundrobin');
  });

  it('BadJoins: Kafka error codes for bad session timeouts, protocols and members', () => {
    expect(coordinator.validateSessionTimeout(10)).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(join(joinRequest('a', { memberId: 'ghost' })).result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    joinAsNewMember('a');
    expect(join(joinRequest('x', { protocolType: 'connect' })).result?.errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect(join(joinRequest('x', { protocols: protocols('sticky') })).result?.errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    // Kafka와 같은 검사 순서: 모르는 멤버 → 세대가 다름 → 상태
    expect(sync('a-1', 1).result?.errorCode, '아직 없는 세대의 SyncGroup').toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(sync('a-1', 0).result?.errorCode, '리밸런스 중의 SyncGroup').toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    advance(3000);
    expect(sync('a-1', 0).result?.errorCode, '옛 세대의 SyncGroup').toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.group('g')?.validateDeleteGroup()).toBe(ErrorCode.NON_EMPTY_GROUP);
  });

  it('StaticMemberRestartKeepsAssignment: 같은 group.instance.id로 다시 시작한 멤버는 리밸런스 없이 할당을 이어받습니다 (KIP-345)', () => {
    const staticJoin = (memberId = '') =>
      join(joinRequest('a', { memberId, groupInstanceId: 'host-a', requireKnownMemberId: true }));
    const first = staticJoin();
    expect(first.result, '정적 멤버는 MEMBER_ID_REQUIRED 없이 바로 들어옵니다').toBeNull();
    joinAsNewMember('b');
    advance(6000); // 첫 3초 안에 새 멤버가 들어와 한 번 더 기다립니다
    const a1 = first.result?.memberId ?? '';
    sync('b-2', 1);
    sync(a1, 1, [
      { memberId: a1, assignment: Buffer.from('p0') },
      { memberId: 'b-2', assignment: Buffer.from('p1') },
    ]);
    expect(coordinator.group('g')?.state).toBe('Stable');

    // 재시작: 멤버 ID 없이 같은 인스턴스로 옵니다. 세대는 그대로이고, 할당은 옛 것을 이어받습니다.
    const again = staticJoin();
    expect(again.result).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1 });
    const a2 = again.result?.memberId ?? '';
    expect(a2).not.toBe(a1);
    expect(coordinator.group('g')?.state, '리밸런스가 일어나지 않았습니다').toBe('Stable');
    const resumed = { result: null as SyncResult | null };
    coordinator.sync(
      {
        groupId: 'g',
        generationId: 1,
        memberId: a2,
        groupInstanceId: 'host-a',
        protocolType: null,
        protocolName: null,
        assignments: [],
      },
      now,
      (r) => {
        resumed.result = r;
      },
    );
    expect(resumed.result?.assignment.toString()).toBe('p0');
    // 옛 멤버 ID로 온 요청은 막힙니다 (좀비가 된 옛 프로세스)
    expect(coordinator.heartbeat('g', a1, 'host-a', 1, now)).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(coordinator.heartbeat('g', a2, 'host-a', 1, now)).toBe(ErrorCode.NONE);
    // 인스턴스 ID만으로 떠날 수 있습니다
    expect(coordinator.leave('g', [{ memberId: '', groupInstanceId: 'host-a' }], now).members).toEqual([
      ErrorCode.NONE,
    ]);
    expect(coordinator.group('g')?.staticMembers.has('host-a')).toBe(false);
  });

  it('IllegalTransition: the group refuses transitions Kafka does not allow', () => {
    const group = new ConsumerGroup('t');
    expect(() => group.transitionTo('Stable')).toThrow(/Empty → Stable/);
  });
});
