/**
 * 그룹 코디네이터의 상태 표(reference/src/group/README.md)를 한 줄씩 점검합니다: 요청 × 그룹 상태 → Kafka가 주는 답.
 * 테스트 이름은 Kafka의 같은 경우를 점검하는 테스트 이름입니다 (GroupMetadataManagerTest, OffsetMetadataManagerTest,
 * ClassicGroupTest, 옛 GroupCoordinatorTest). Kafka에 그 경우의 테스트가 없으면 같은 꼴로 이름을 지었습니다.
 *
 * 입출력이 없습니다: 가상 시계(now)와 메모리 배열(`__consumer_offsets` 대신)로 코디네이터와 GroupService를 돌립니다.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsumerGroup, JoinResult, SyncResult } from '../../src/group/consumer-group.js';
import { DEFAULT_GROUP_CONFIG, GroupCoordinator, type JoinRequest } from '../../src/group/group-coordinator.js';
import { appendErrorToResponseError, GroupService, type OffsetCommitEntry } from '../../src/group/group-service.js';
import type { OffsetRecordToWrite } from '../../src/group/offset-store.js';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { decodeBatch, encodeBatch } from '../../src/record/record-batch.js';

const GROUP = 'g';
const INITIAL_DELAY_MS = DEFAULT_GROUP_CONFIG.initialRebalanceDelayMs;

let now: number;
let written: { partition: number; records: readonly OffsetRecordToWrite[] }[];
let coordinator: GroupCoordinator;
let groups: GroupService;

beforeEach(() => {
  now = 0;
  written = [];
  let next = 0;
  coordinator = new GroupCoordinator(DEFAULT_GROUP_CONFIG, (clientId) => `${clientId}-${++next}`);
  groups = new GroupService({
    coordinator,
    now: () => now,
    monotonicMs: () => now,
    numPartitions: 50,
    offsetsRetentionMs: 7 * 24 * 3600_000,
    maxMetadataLength: 4096,
    isLocalLeader: () => true,
    awaitReplicated: async () => ErrorCode.NONE,
    createOffsetsTopic: async () => {},
    append: (partition, records) => {
      written.push({ partition, records });
    },
  });
  for (let partition = 0; partition < 50; partition++) groups.onElection(partition, 0, []);
});

function advance(ms: number): void {
  now += ms;
  coordinator.tick(now);
}

function joinRequest(clientId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: GROUP,
    memberId: '',
    groupInstanceId: null,
    clientId,
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('range') }],
    requireKnownMemberId: true,
    supportsSkippingAssignment: true,
    ...overrides,
  };
}

/** JoinGroup을 보내고 응답 상자를 돌려줍니다 (응답은 리밸런스가 끝날 때 올 수 있습니다). */
function join(request: JoinRequest): { result: JoinResult | null } {
  const box: { result: JoinResult | null } = { result: null };
  coordinator.join(request, now, (r) => {
    box.result = r;
  });
  return box;
}

/** v4+ 흐름: MEMBER_ID_REQUIRED로 ID를 받고 그 ID로 다시 참여합니다. */
function joinAsNewMember(clientId: string, overrides: Partial<JoinRequest> = {}): { result: JoinResult | null } {
  const first = join(joinRequest(clientId, overrides));
  expect(first.result?.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  return join(joinRequest(clientId, { ...overrides, memberId: first.result?.memberId ?? '' }));
}

function sync(
  memberId: string,
  generationId: number,
  assignments: { memberId: string; assignment: Buffer }[] = [],
  groupInstanceId: string | null = null,
): { result: SyncResult | null } {
  const box: { result: SyncResult | null } = { result: null };
  coordinator.sync(
    { groupId: GROUP, generationId, memberId, groupInstanceId, protocolType: null, protocolName: null, assignments },
    now,
    (r) => {
      box.result = r;
    },
  );
  return box;
}

function group(): ConsumerGroup {
  const g = coordinator.group(GROUP);
  if (!g) throw new Error('그룹이 없습니다');
  return g;
}

/** 멤버 a 하나가 세대 1로 Stable입니다. */
function stableGroup(): { a: string } {
  const a = joinAsNewMember('a');
  advance(INITIAL_DELAY_MS);
  const memberId = a.result?.memberId ?? '';
  sync(memberId, 1, [{ memberId, assignment: Buffer.from('p0') }]);
  expect(group().state).toBe('Stable');
  return { a: memberId };
}

/** 세대 1의 멤버 a가 있는 그룹에 b가 들어와 PreparingRebalance입니다 (a는 아직 다시 참여하지 않았습니다). */
function preparingRebalanceGroup(): { a: string } {
  const { a } = stableGroup();
  joinAsNewMember('b');
  expect(group().state).toBe('PreparingRebalance');
  return { a };
}

/** 멤버 a가 세대 1의 JoinGroup 응답을 받았고, 아직 SyncGroup을 보내지 않았습니다. */
function completingRebalanceGroup(): { a: string } {
  const a = joinAsNewMember('a');
  advance(INITIAL_DELAY_MS);
  expect(group().state).toBe('CompletingRebalance');
  return { a: a.result?.memberId ?? '' };
}

/** 멤버가 모두 떠나 Empty입니다 (세대 2). */
function emptyGroup(): void {
  const { a } = stableGroup();
  coordinator.leave(GROUP, [{ memberId: a, groupInstanceId: null }], now);
  expect(group().state).toBe('Empty');
}

/** 곧바로 나가는 답 (검사에서 걸린 요청은 리밸런스를 기다리지 않고 답합니다) */
function immediate<T>(call: (respond: (result: T) => void) => void): T {
  let answer: T | undefined;
  call((result) => {
    answer = result;
  });
  if (answer === undefined) throw new Error('답이 곧바로 나가지 않았습니다');
  return answer;
}

const simple = { memberId: '', groupInstanceId: null, generationId: -1 };

/** 쓴 것을 `__consumer_offsets`의 배치처럼 만듭니다 (다시 켜질 때 읽는 모양). */
const asBatches = (log: typeof written) =>
  log.map(({ records }) =>
    decodeBatch(encodeBatch({ records: records.map((r) => ({ key: r.key, value: r.value, timestamp: 0 })) })),
  );

const entry = (offset: number): OffsetCommitEntry => ({
  topic: 't',
  partition: 0,
  offset,
  leaderEpoch: -1,
  metadata: '',
});
const commit = (memberId: string, generationId: number, groupInstanceId: string | null = null, apiVersion = 9) =>
  groups.commitOffsets(GROUP, { memberId, groupInstanceId, generationId }, [entry(7)], apiVersion)[0];
const txnCommit = (memberId: string, generationId: number, groupInstanceId: string | null = null) =>
  groups.commitTransactionalOffsets(
    GROUP,
    { producerId: 1, producerEpoch: 0 },
    { memberId, groupInstanceId, generationId },
    [entry(7)],
  )[0];

describe('group ids and session timeouts (GroupCoordinatorService.isGroupIdNotEmpty)', () => {
  it('testJoinGroupInvalidGroupId: 빈 그룹 ID의 JoinGroup은 INVALID_GROUP_ID', () => {
    expect(immediate<JoinResult>((r) => groups.join(joinRequest('a', { groupId: '' }), r)).errorCode).toBe(
      ErrorCode.INVALID_GROUP_ID,
    );
  });

  it('testJoinGroupInvalidSessionTimeout: group.min/max.session.timeout.ms 밖이면 INVALID_SESSION_TIMEOUT', async () => {
    expect(immediate<JoinResult>((r) => groups.join(joinRequest('a', { sessionTimeoutMs: 10 }), r)).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect(
      immediate<JoinResult>((r) => groups.join(joinRequest('a', { sessionTimeoutMs: 1_800_001 }), r)).errorCode,
    ).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(coordinator.group(GROUP), '그룹을 만들기 전에 거절합니다').toBeUndefined();
  });

  it('testSyncGroupInvalidGroupId: 빈 그룹 ID의 SyncGroup, Heartbeat, LeaveGroup은 INVALID_GROUP_ID', async () => {
    const base = { generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null };
    expect(immediate<SyncResult>((r) => groups.sync({ ...base, groupId: '', assignments: [] }, r)).errorCode).toBe(
      ErrorCode.INVALID_GROUP_ID,
    );
    expect(groups.heartbeat('', 'm', null, 1)).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(groups.leave('', [{ memberId: 'm', groupInstanceId: null }]).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('testCommitTransactionalOffsetsWithInvalidGroupId: 빈 그룹 ID의 TxnOffsetCommit은 INVALID_GROUP_ID', () => {
    expect(groups.commitTransactionalOffsets('', { producerId: 1, producerEpoch: 0 }, simple, [entry(1)])[0]).toBe(
      ErrorCode.INVALID_GROUP_ID,
    );
  });

  it('testCommitOffsetWithEmptyGroupId: OffsetCommit과 DeleteGroups는 예전 클라이언트를 위해 빈 그룹 ID도 받습니다', () => {
    expect(groups.commitOffsets('', simple, [entry(3)], 9)[0]).toBe(ErrorCode.NONE);
    expect(groups.committed('', 't', 0)?.offset).toBe(3);
    expect(groups.delete('')).toBe(ErrorCode.NONE);
  });
});

describe("not the coordinator (CoordinatorRuntime: the group's __consumer_offsets partition is not led here)", () => {
  function elsewhere(local: boolean | null): GroupService {
    return new GroupService({
      coordinator,
      now: () => now,
      monotonicMs: () => now,
      numPartitions: 50,
      offsetsRetentionMs: 1000,
      maxMetadataLength: 4096,
      isLocalLeader: () => local,
      awaitReplicated: async () => ErrorCode.NONE,
      createOffsetsTopic: async () => {},
      append: () => {},
    });
  }

  it('testGroupRequestsWhenNotCoordinator: 이 브로커가 그룹의 코디네이터가 아니면 NOT_COORDINATOR, `__consumer_offsets`가 없으면 COORDINATOR_NOT_AVAILABLE', async () => {
    for (const [local, answer] of [
      [false, ErrorCode.NOT_COORDINATOR],
      [null, ErrorCode.COORDINATOR_NOT_AVAILABLE],
    ] as const) {
      const other = elsewhere(local);
      const base = { generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null };
      expect(immediate<JoinResult>((r) => other.join(joinRequest('a'), r)).errorCode).toBe(answer);
      expect(immediate<SyncResult>((r) => other.sync({ ...base, groupId: GROUP, assignments: [] }, r)).errorCode).toBe(
        answer,
      );
      expect(other.heartbeat(GROUP, 'm', null, 1)).toBe(answer);
      expect(other.leave(GROUP, [{ memberId: 'm', groupInstanceId: null }]).errorCode).toBe(answer);
      expect(other.commitOffsets(GROUP, simple, [entry(1)], 9)).toEqual([answer]);
      expect(other.commitTransactionalOffsets(GROUP, { producerId: 1, producerEpoch: 0 }, simple, [entry(1)])).toEqual([
        answer,
      ]);
      expect(other.deleteOffsets(GROUP, [{ name: 't', partitions: [0] }]).errorCode).toBe(answer);
      expect(other.coordinatorError(GROUP), 'OffsetFetch·DescribeGroups·DeleteGroups의 핸들러가 보는 답').toBe(answer);
    }
  });
});

describe('JoinGroup × group state (GroupMetadataManager.classicGroupJoin…)', () => {
  it('testJoinGroupUnknownMemberNewGroup: 없는 그룹에 멤버 ID를 들고 오면 UNKNOWN_MEMBER_ID (그룹을 만들지 않습니다)', () => {
    expect(join(joinRequest('a', { memberId: 'ghost' })).result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.group(GROUP)).toBeUndefined();
  });

  it('testJoinGroupUnknownConsumerNewDeadGroup: Dead 그룹에는 새 멤버도 기존 멤버도 COORDINATOR_NOT_AVAILABLE', () => {
    const { a } = stableGroup();
    group().transitionTo('Dead');
    expect(join(joinRequest('b')).result?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(join(joinRequest('a', { memberId: a })).result?.errorCode, 'testExistingMemberJoinDeadGroup').toBe(
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    );
  });

  it('testJoinGroupWithEmptyProtocolType: 첫 멤버의 프로토콜 종류나 목록이 비었으면 INCONSISTENT_GROUP_PROTOCOL', () => {
    expect(join(joinRequest('a', { protocolType: '' })).result?.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(join(joinRequest('a', { protocols: [] })).result?.errorCode, 'testJoinGroupWithEmptyGroupProtocol').toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
  });

  it('testClassicGroupJoinInconsistentProtocolType: 그룹과 다른 프로토콜 종류, 공통 프로토콜이 없는 멤버는 INCONSISTENT_GROUP_PROTOCOL', () => {
    stableGroup();
    expect(join(joinRequest('b', { protocolType: 'connect' })).result?.errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    const sticky = [{ name: 'sticky', metadata: Buffer.alloc(0) }];
    expect(
      join(joinRequest('b', { protocols: sticky })).result?.errorCode,
      'testJoinGroupInconsistentGroupProtocol',
    ).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('testNewMemberJoinRequiresKnownMemberId: v4+의 새 동적 멤버는 MEMBER_ID_REQUIRED로 ID를 받아 다시 옵니다 (KIP-394)', () => {
    const first = join(joinRequest('a'));
    expect(first.result).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, memberId: 'a-1' });
    expect(group().members.size, '아직 멤버가 아닙니다').toBe(0);
    const old = join(joinRequest('b', { requireKnownMemberId: false }));
    expect(old.result, 'v3 이하는 곧바로 멤버가 되어 리밸런스를 기다립니다').toBeNull();
    expect(group().members.size).toBe(1);
  });

  it('testDelayInitialRebalanceByGroupInitialRebalanceDelayOnEmptyGroup: 빈 그룹의 리밸런스는 모두 모여도 initial delay를 기다립니다', () => {
    const a = joinAsNewMember('a');
    advance(INITIAL_DELAY_MS - 1);
    expect(a.result).toBeNull();
    advance(1);
    expect(a.result?.generationId).toBe(1);
  });

  it('testResetRebalanceDelayWhenNewMemberJoinsGroupDuringInitialRebalance: 기다리는 동안 새 멤버가 오면 한 번 더 기다립니다', () => {
    const a = joinAsNewMember('a');
    advance(INITIAL_DELAY_MS - 1);
    joinAsNewMember('b');
    advance(1);
    expect(a.result, '마감에 새 멤버가 있었으니 한 번 더').toBeNull();
    advance(INITIAL_DELAY_MS);
    expect(a.result?.members).toHaveLength(2);
  });

  it('testDelayRebalanceUptoRebalanceTimeout: 그렇게 늘려도 rebalance.timeout.ms를 넘기지 않습니다', () => {
    const timeout = { rebalanceTimeoutMs: 2 * INITIAL_DELAY_MS };
    const a = joinAsNewMember('a', timeout);
    joinAsNewMember('b', timeout);
    advance(INITIAL_DELAY_MS + 1);
    joinAsNewMember('c', timeout);
    advance(INITIAL_DELAY_MS - 2);
    expect(a.result).toBeNull();
    advance(1);
    expect(a.result?.members, '세 번째 멤버가 왔어도 2 × delay에 마칩니다').toHaveLength(3);
  });

  it('testJoinGroupExistingMemberInEmptyState: 빈 그룹에 옛 멤버 ID로 오면 UNKNOWN_MEMBER_ID', () => {
    emptyGroup();
    expect(join(joinRequest('a', { memberId: 'a-1' })).result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testInitialRebalanceAfterGroupBecameEmpty: 비었다가 다시 채워지는 그룹도 initial delay를 기다립니다', () => {
    emptyGroup();
    const again = joinAsNewMember('c');
    advance(INITIAL_DELAY_MS - 1);
    expect(again.result).toBeNull();
    advance(1);
    expect(again.result?.generationId).toBe(3);
  });

  it('testGenerationIdIncrementsOnRebalance: PreparingRebalance에서 모두 다시 참여하면 곧바로 다음 세대입니다', () => {
    const { a } = preparingRebalanceGroup();
    const rejoined = join(joinRequest('a', { memberId: a }));
    expect(rejoined.result).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
    expect(group().state).toBe('CompletingRebalance');
  });

  it('testJoinGroupExistingMemberInCompletingRebalanceReturnsCurrentGeneration: 같은 구독으로 다시 온 멤버(리더여도)에게는 지금 세대를 다시 알려 줍니다', () => {
    const { a } = completingRebalanceGroup();
    const again = join(joinRequest('a', { memberId: a }));
    expect(again.result).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leader: a });
    expect(again.result?.members, '리더에게는 멤버 목록까지').toHaveLength(1);
    expect(group().state).toBe('CompletingRebalance');
  });

  it('testJoinGroupExistingMemberUpdatedMetadataTriggersRebalance: CompletingRebalance에서 구독이 바뀌면 리밸런스합니다', () => {
    const { a } = completingRebalanceGroup();
    const changed = join(
      joinRequest('a', { memberId: a, protocols: [{ name: 'range', metadata: Buffer.from('new') }] }),
    );
    expect(changed.result?.generationId).toBe(2);
  });

  it('testJoinGroupAsExistingLeaderTriggersRebalanceInStableState: Stable에서 리더가 다시 오면 리밸런스합니다', () => {
    const { a } = stableGroup();
    const again = join(joinRequest('a', { memberId: a }));
    expect(again.result?.generationId).toBe(2);
  });

  it('testJoinGroupExistingMemberDoesNotTriggerRebalanceInStableState: Stable에서 같은 구독의 팔로워는 지금 세대를 받습니다', () => {
    const { a } = stableGroup();
    const b = joinAsNewMember('b');
    join(joinRequest('a', { memberId: a }));
    const follower = b.result?.memberId ?? '';
    sync(follower, 2);
    sync(a, 2, []);
    expect(group().state).toBe('Stable');
    expect(join(joinRequest('b', { memberId: follower })).result).toMatchObject({ generationId: 2, members: [] });
    expect(group().state).toBe('Stable');
    const changed = join(
      joinRequest('b', { memberId: follower, protocols: [{ name: 'range', metadata: Buffer.from('x') }] }),
    );
    expect(changed.result, 'testJoinGroupAsExistingMemberWithUpdatedMetadataTriggersRebalanceInStableState').toBeNull();
    expect(group().state).toBe('PreparingRebalance');
  });

  it('testStaticMemberJoinAsFirstMember: 정적 멤버는 MEMBER_ID_REQUIRED 없이 곧바로 멤버가 됩니다', () => {
    const first = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    expect(first.result).toBeNull();
    expect(group().staticMembers.get('host-a')).toBe('a-1');
  });

  it('testStaticMemberJoinWithUnknownInstanceIdAndKnownMemberId: 모르는 인스턴스 ID로 멤버 ID를 들고 오면 UNKNOWN_MEMBER_ID', () => {
    const { a } = stableGroup();
    expect(join(joinRequest('a', { memberId: a, groupInstanceId: 'host-x' })).result?.errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('testStaticMemberRejoinAsFollowerWithMismatchedInstanceId: 인스턴스의 지금 멤버 ID가 아니면 FENCED_INSTANCE_ID', () => {
    join(joinRequest('a', { groupInstanceId: 'host-a' }));
    expect(join(joinRequest('a', { memberId: 'old-id', groupInstanceId: 'host-a' })).result?.errorCode).toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
  });
});

describe('static member replacement (ClassicGroup.replaceStaticMember, updateStaticMemberThenRebalanceOrCompleteJoin)', () => {
  /** 정적 리더 a(host-a)와 동적 팔로워 b가 세대 1로 Stable입니다. */
  function stableStaticGroup(): { a: string; b: string } {
    const a = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    const b = joinAsNewMember('b');
    advance(2 * INITIAL_DELAY_MS);
    const [leader, follower] = [a.result?.memberId ?? '', b.result?.memberId ?? ''];
    sync(follower, 1);
    sync(
      leader,
      1,
      [
        { memberId: leader, assignment: Buffer.from('p0') },
        { memberId: follower, assignment: Buffer.from('p1') },
      ],
      'host-a',
    );
    expect(group().state).toBe('Stable');
    return { a: leader, b: follower };
  }

  it('testReplaceStaticMemberInStableStateNoError: 다시 시작한 정적 리더는 리밸런스 없이 이어받고, v9+는 멤버 목록과 skipAssignment를 받습니다', () => {
    const { a } = stableStaticGroup();
    const restarted = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    const newId = restarted.result?.memberId ?? '';
    expect(restarted.result).toMatchObject({
      errorCode: ErrorCode.NONE,
      generationId: 1,
      leader: newId,
      skipAssignment: true,
    });
    expect(restarted.result?.members).toHaveLength(2);
    expect(group().state).toBe('Stable');
    expect(sync(newId, 1, [], 'host-a').result?.assignment.toString(), '옛 할당을 그대로').toBe('p0');
    expect(coordinator.heartbeat(GROUP, a, 'host-a', 1, now), '옛 멤버 ID는 막힙니다').toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
  });

  it('testStaticMemberRejoinWithLeaderIdAndUnknownMemberId: v9 전에는 리더 자리에 바뀌기 전의 리더 ID를 적어, 팔로워처럼 SyncGroup만 하게 합니다', () => {
    const { a } = stableStaticGroup();
    const restarted = join(joinRequest('a', { groupInstanceId: 'host-a', supportsSkippingAssignment: false }));
    expect(restarted.result).toMatchObject({
      errorCode: ErrorCode.NONE,
      leader: a,
      members: [],
      skipAssignment: false,
    });
    expect(group().leaderId, '그룹의 리더는 새 멤버 ID입니다').toBe(restarted.result?.memberId);
  });

  it('testStaticMemberRejoinWithUnknownMemberIdAndChangeOfProtocolWhileSelectProtocolUnchanged: 구독이 바뀌어도 고를 프로토콜이 그대로면 리밸런스하지 않습니다', () => {
    stableStaticGroup();
    const restarted = join(
      joinRequest('a', { groupInstanceId: 'host-a', protocols: [{ name: 'range', metadata: Buffer.from('v2') }] }),
    );
    expect(restarted.result?.errorCode).toBe(ErrorCode.NONE);
    expect(group().state).toBe('Stable');
  });

  it('testReplaceStaticMemberInStableStateWithUpdatedProtocolTriggersRebalance: 고를 프로토콜이 바뀌면 리밸런스합니다', () => {
    const range = { name: 'range', metadata: Buffer.alloc(0) };
    const roundrobin = { name: 'roundrobin', metadata: Buffer.alloc(0) };
    const a = join(joinRequest('a', { groupInstanceId: 'host-a', protocols: [range] }));
    const b = joinAsNewMember('b', { protocols: [roundrobin, range] });
    advance(2 * INITIAL_DELAY_MS);
    expect(group().protocolName, 'a가 range만 알아 range').toBe('range');
    sync(b.result?.memberId ?? '', 1);
    sync(a.result?.memberId ?? '', 1, [], 'host-a');
    const restarted = join(joinRequest('a', { groupInstanceId: 'host-a', protocols: [roundrobin, range] }));
    expect(restarted.result, '이제 둘 다 roundrobin을 먼저 고릅니다').toBeNull();
    expect(group().state).toBe('PreparingRebalance');
  });

  it('testReplaceStaticMemberInCompletingRebalanceStateTriggersRebalance: CompletingRebalance에서 바뀌면 언제나 리밸런스합니다', () => {
    const first = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    advance(INITIAL_DELAY_MS);
    expect(first.result?.generationId).toBe(1);
    const restarted = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    expect(restarted.result?.generationId, '옛 멤버 ID가 리더의 계산에 들어갔을 수 있으니 다음 세대로').toBe(2);
  });
});

describe('the join deadline (GroupMetadataManager.completeClassicGroupJoin)', () => {
  /** 정적 멤버 a(리더)와 b가 세대 1로 Stable이고, 동적 멤버 c가 들어와 PreparingRebalance입니다. */
  function rebalancingStaticGroup(): { a: string; b: string; c: { result: JoinResult | null } } {
    const a = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    const b = join(joinRequest('b', { groupInstanceId: 'host-b' }));
    advance(2 * INITIAL_DELAY_MS);
    const [leader, follower] = [a.result?.memberId ?? '', b.result?.memberId ?? ''];
    sync(follower, 1, [], 'host-b');
    sync(leader, 1, [], 'host-a');
    const c = joinAsNewMember('c');
    return { a: leader, b: follower, c };
  }

  it('testCompleteJoinRemoveNotYetRejoinedDynamicMembers: 마감까지 다시 참여하지 않은 동적 멤버는 내보냅니다', () => {
    const { a } = stableGroup();
    const b = joinAsNewMember('b');
    advance(30_000);
    expect(group().members.has(a)).toBe(false);
    expect(b.result).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
  });

  it('testStaticMemberFollowerFailToRejoinBeforeRebalanceTimeout: 다시 참여하지 않은 정적 팔로워는 자리를 지킵니다', () => {
    const { a, b, c } = rebalancingStaticGroup();
    join(joinRequest('a', { memberId: a, groupInstanceId: 'host-a' }));
    for (let t = 0; t < 30_000; t += 5_000) {
      coordinator.heartbeat(GROUP, b, 'host-b', 1, now); // b는 살아 있지만 다시 참여하지 않습니다
      advance(5_000);
    }
    expect(c.result?.generationId).toBe(2);
    expect(group().members.has(b), '정적 멤버는 세션이 끝날 때까지 남습니다').toBe(true);
    expect(group().leaderId).toBe(a);
  });

  it('testStaticMemberLeaderFailToRejoinBeforeRebalanceTimeout: 리더가 다시 참여하지 않으면 참여한 멤버가 리더가 됩니다', () => {
    const { a, b, c } = rebalancingStaticGroup();
    join(joinRequest('b', { memberId: b, groupInstanceId: 'host-b' }));
    for (let t = 0; t < 30_000; t += 5_000) {
      coordinator.heartbeat(GROUP, a, 'host-a', 1, now);
      advance(5_000);
    }
    expect(c.result?.generationId).toBe(2);
    expect(group().members.has(a)).toBe(true);
    expect(group().leaderId).not.toBe(a);
    expect(c.result?.leader).toBe(group().leaderId);
  });

  it('testCompleteJoinPhaseNoMembersRejoinedExtendsJoinPhase: 아무도 다시 참여하지 않았으면(정적 멤버뿐) 마감을 한 번 더 미룹니다', () => {
    const { a, b } = rebalancingStaticGroup();
    const c = [...group().members.keys()].find((id) => id !== a && id !== b) ?? '';
    expect(coordinator.leave(GROUP, [{ memberId: c, groupInstanceId: null }], now).members).toEqual([ErrorCode.NONE]);
    for (let t = 0; t < 30_000; t += 5_000) {
      for (const [memberId, instance] of [
        [a, 'host-a'],
        [b, 'host-b'],
      ] as const) {
        expect(coordinator.heartbeat(GROUP, memberId, instance, 1, now)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      }
      advance(5_000);
    }
    expect(group().state, '마감이 지났지만 참여한 멤버가 없어 기다립니다').toBe('PreparingRebalance');
    expect(group().generationId).toBe(1);
    expect([...group().members.keys()].sort()).toEqual([a, b].sort());
  });
});

describe('the sync deadline (GroupMetadataManager.expirePendingSync)', () => {
  /** a(리더)와 b가 세대 1의 JoinGroup 응답을 받았습니다. 둘 다 세션 타임아웃이 60초라 하트비트 없이도 남습니다. */
  function joinedTwo(): { a: string; b: string } {
    const long = { sessionTimeoutMs: 60_000 };
    const a = joinAsNewMember('a', long);
    const b = joinAsNewMember('b', long);
    advance(2 * INITIAL_DELAY_MS);
    expect(group().state).toBe('CompletingRebalance');
    return { a: a.result?.memberId ?? '', b: b.result?.memberId ?? '' };
  }

  it('testRebalanceTimesOutWhenSyncRequestIsNotReceivedFromLeaders: 리더가 rebalance.timeout.ms 안에 할당을 보내지 않으면 내보내고 다시 리밸런스합니다', () => {
    const { a, b } = joinedTwo();
    const waiting = sync(b, 1);
    advance(30_000);
    expect(waiting.result?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(group().members.has(a)).toBe(false);
    expect(group().state).toBe('PreparingRebalance');
  });

  it('testRebalanceTimesOutWhenSyncRequestIsNotReceivedFromFollowers: Stable이 된 뒤에도 SyncGroup을 보내지 않은 팔로워는 마감에 내보냅니다', () => {
    const { a, b } = joinedTwo();
    sync(a, 1, [
      { memberId: a, assignment: Buffer.from('p0') },
      { memberId: b, assignment: Buffer.from('p1') },
    ]);
    expect(group().state).toBe('Stable');
    advance(30_000);
    expect(group().members.has(b)).toBe(false);
    expect(group().state).toBe('PreparingRebalance');
  });

  it('testLeaderFailureInSyncGroup: 리더가 할당을 보내지 않은 채 세션이 끝나면, SyncGroup을 기다리던 팔로워는 REBALANCE_IN_PROGRESS를 받고 그룹에 남습니다', () => {
    const timeouts = { sessionTimeoutMs: 6_000, rebalanceTimeoutMs: 10_000 };
    const leader = joinAsNewMember('a', timeouts);
    advance(INITIAL_DELAY_MS);
    const a = leader.result?.memberId ?? '';
    sync(a, 1, [{ memberId: a, assignment: Buffer.from('p0') }]);
    const follower = joinAsNewMember('b', timeouts);
    join(joinRequest('a', { ...timeouts, memberId: a }));
    expect(group().state).toBe('CompletingRebalance');
    const b = follower.result?.memberId ?? '';
    const waiting = sync(b, 2);
    // 리더도 팔로워도 하트비트를 보내지 않습니다. 리더의 세션이 끝나 리밸런스가 시작되면 팔로워의 SyncGroup이 끝나고,
    // 팔로워의 세션은 그 답을 보낸 때부터 다시 셉니다 (기다리던 동안 지난 세션으로 내보내지 않습니다).
    advance(6_000);
    expect(waiting.result?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect([...group().members.keys()]).toEqual([b]);
    expect(group().state).toBe('PreparingRebalance');
  });

  it('testRebalanceDoesNotTimeOutWhenAllSyncAreReceived: 모두 SyncGroup을 보냈으면 마감은 아무 일도 하지 않습니다', () => {
    const { a, b } = joinedTwo();
    sync(b, 1);
    sync(a, 1, []);
    advance(30_000);
    expect(group().state).toBe('Stable');
    expect(group().members.size).toBe(2);
  });
});

describe('SyncGroup × group state (GroupMetadataManager.classicGroupSync, validateSyncGroup)', () => {
  it('testSyncGroupFromUnknownGroup: 없는 그룹은 UNKNOWN_MEMBER_ID', () => {
    expect(sync('a', 1).result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testSyncGroupEmptyGroup: 빈 그룹은 멤버를 보기 전에 UNKNOWN_MEMBER_ID', () => {
    emptyGroup();
    expect(sync('a-1', 2).result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testSyncDeadGroup: Dead 그룹은 COORDINATOR_NOT_AVAILABLE', () => {
    const { a } = stableGroup();
    group().transitionTo('Dead');
    expect(sync(a, 1).result?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('testSyncGroupFromUnknownMember: 모르는 멤버는 UNKNOWN_MEMBER_ID', () => {
    stableGroup();
    expect(sync('ghost', 1).result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testStaticMemberSyncAsLeaderWithInvalidMemberId: 다른 멤버 ID로 대신된 정적 멤버는 FENCED_INSTANCE_ID', () => {
    const first = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    advance(INITIAL_DELAY_MS);
    expect(sync('not-me', 1, [], 'host-a').result?.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(sync(first.result?.memberId ?? '', 1, [], 'other-host').result?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testSyncGroupFromIllegalGeneration: 세대가 다르면 ILLEGAL_GENERATION', () => {
    const { a } = completingRebalanceGroup();
    expect(sync(a, 0).result?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('testSyncGroupReturnsAnErrorWhenProtocolTypeIsInconsistent: 프로토콜 종류나 이름이 그룹과 다르면 INCONSISTENT_GROUP_PROTOCOL', () => {
    const { a } = completingRebalanceGroup();
    const syncWith = (protocolType: string | null, protocolName: string | null) => {
      const box: { result: SyncResult | null } = { result: null };
      coordinator.sync(
        {
          groupId: GROUP,
          generationId: 1,
          memberId: a,
          groupInstanceId: null,
          protocolType,
          protocolName,
          assignments: [],
        },
        now,
        (r) => {
          box.result = r;
        },
      );
      return box.result?.errorCode;
    };
    expect(syncWith('connect', null)).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(syncWith(null, 'roundrobin')).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(syncWith('consumer', 'range'), 'testSyncGroupSucceedWhenProtocolTypeAndNameAreConsistent').toBe(
      ErrorCode.NONE,
    );
  });

  it('testSyncGroupInPreparingRebalance: 리밸런스를 준비하는 중의 SyncGroup은 REBALANCE_IN_PROGRESS', () => {
    const { a } = preparingRebalanceGroup();
    expect(sync(a, 1).result?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('testSyncGroupLeaderAfterFollower: CompletingRebalance에서 팔로워는 리더의 할당을 기다리고, Stable이 되면 곧바로 받습니다', () => {
    const a = joinAsNewMember('a');
    const b = joinAsNewMember('b');
    advance(2 * INITIAL_DELAY_MS); // b가 기다리는 동안 들어와 한 번 더 기다립니다
    const [leader, follower] = [a.result?.memberId ?? '', b.result?.memberId ?? ''];
    const waiting = sync(follower, 1);
    expect(waiting.result, '리더의 할당을 기다립니다').toBeNull();
    sync(leader, 1, [
      { memberId: leader, assignment: Buffer.from('p0') },
      { memberId: follower, assignment: Buffer.from('p1') },
    ]);
    expect(waiting.result?.assignment.toString()).toBe('p1');
    expect(sync(follower, 1).result?.assignment.toString(), 'testSyncGroupFollowerAfterLeader: Stable').toBe('p1');
  });
});

describe('Heartbeat × group state (GroupMetadataManager.classicGroupHeartbeat)', () => {
  const heartbeat = (memberId: string, generationId: number, groupInstanceId: string | null = null) =>
    coordinator.heartbeat(GROUP, memberId, groupInstanceId, generationId, now);

  it('testHeartbeatUnknownGroup: 없는 그룹은 UNKNOWN_MEMBER_ID', () => {
    expect(heartbeat('a', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testHeartbeatDeadGroup: Dead 그룹은 COORDINATOR_NOT_AVAILABLE', () => {
    const { a } = stableGroup();
    group().transitionTo('Dead');
    expect(heartbeat(a, 1)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('testHeartbeatEmptyGroup: 빈 그룹에는 멤버가 없으니 UNKNOWN_MEMBER_ID', () => {
    emptyGroup();
    expect(heartbeat('a-1', 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testHeartbeatUnknownMemberExistingGroup: 모르는 멤버는 UNKNOWN_MEMBER_ID', () => {
    stableGroup();
    expect(heartbeat('ghost', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testStaticMemberHeartbeatLeaderWithInvalidMemberId: 다른 멤버 ID로 대신된 정적 멤버는 FENCED_INSTANCE_ID', () => {
    join(joinRequest('a', { groupInstanceId: 'host-a' }));
    advance(INITIAL_DELAY_MS);
    expect(heartbeat('not-me', 1, 'host-a')).toBe(ErrorCode.FENCED_INSTANCE_ID);
  });

  it('testHeartbeatIllegalGeneration: 세대가 다르면 ILLEGAL_GENERATION', () => {
    const { a } = stableGroup();
    expect(heartbeat(a, 2)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('testHeartbeatDuringPreparingRebalance: 리밸런스를 준비하는 중이면 REBALANCE_IN_PROGRESS (다시 참여하라는 신호)', () => {
    const { a } = preparingRebalanceGroup();
    expect(heartbeat(a, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('testHeartbeatDuringCompletingRebalance: 할당을 기다리는 중의 하트비트는 NONE', () => {
    const { a } = completingRebalanceGroup();
    expect(heartbeat(a, 1)).toBe(ErrorCode.NONE);
  });

  it('testValidHeartbeat: Stable 그룹의 하트비트는 NONE이고 세션을 이어 줍니다', () => {
    const { a } = stableGroup();
    advance(8_000);
    expect(heartbeat(a, 1)).toBe(ErrorCode.NONE);
    advance(8_000);
    expect(group().members.has(a)).toBe(true);
  });
});

describe('LeaveGroup × group state (GroupMetadataManager.classicGroupLeave)', () => {
  const leave = (...members: { memberId: string; groupInstanceId: string | null }[]) =>
    coordinator.leave(GROUP, members, now);

  it('testLeaveGroupUnknownGroup: 없는 그룹이면 멤버마다 UNKNOWN_MEMBER_ID', () => {
    expect(leave({ memberId: 'a', groupInstanceId: null })).toEqual({
      errorCode: ErrorCode.NONE,
      members: [ErrorCode.UNKNOWN_MEMBER_ID],
    });
  });

  it('testLeaveDeadGroup: Dead 그룹이면 요청 전체가 COORDINATOR_NOT_AVAILABLE', () => {
    const { a } = stableGroup();
    group().transitionTo('Dead');
    expect(leave({ memberId: a, groupInstanceId: null }).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('testLeaveGroupUnknownMemberIdExistingGroup: 모르는 멤버는 UNKNOWN_MEMBER_ID', () => {
    stableGroup();
    expect(leave({ memberId: 'ghost', groupInstanceId: null }).members).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
  });

  it('testLeaveGroupWithFencedInstanceId: 다른 멤버 ID로 대신된 정적 멤버는 FENCED_INSTANCE_ID', () => {
    join(joinRequest('a', { groupInstanceId: 'host-a' }));
    expect(leave({ memberId: 'not-me', groupInstanceId: 'host-a' }).members).toEqual([ErrorCode.FENCED_INSTANCE_ID]);
  });

  it('testLeaveGroupStaticMemberWithUnknownMemberId: 멤버 ID 없이 인스턴스 ID만으로 정적 멤버를 내보냅니다', () => {
    join(joinRequest('a', { groupInstanceId: 'host-a' }));
    expect(leave({ memberId: '', groupInstanceId: 'host-a' }).members).toEqual([ErrorCode.NONE]);
    expect(
      leave({ memberId: '', groupInstanceId: 'host-a' }).members,
      'testStaticMembersUnknownInstanceBatchLeaveGroup',
    ).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
  });

  it('testPendingMembersLeaveGroup: MEMBER_ID_REQUIRED로 ID만 받은 멤버도 떠날 수 있습니다', () => {
    stableGroup();
    const pending = join(joinRequest('b')).result?.memberId ?? '';
    expect(leave({ memberId: pending, groupInstanceId: null }).members).toEqual([ErrorCode.NONE]);
    expect(group().pendingMembers.has(pending)).toBe(false);
    expect(group().state, '기다리던 멤버가 떠나도 리밸런스는 일어나지 않습니다').toBe('Stable');
  });

  it('testValidLeaveGroup: 멤버가 떠나면 리밸런스가 시작되고, 마지막 멤버가 떠나면 Empty가 됩니다', () => {
    const { a } = stableGroup();
    const b = joinAsNewMember('b');
    join(joinRequest('a', { memberId: a }));
    expect(group().state).toBe('CompletingRebalance');
    expect(leave({ memberId: b.result?.memberId ?? '', groupInstanceId: null }).members).toEqual([ErrorCode.NONE]);
    expect(group().state).toBe('PreparingRebalance');
    expect(leave({ memberId: a, groupInstanceId: null }).members).toEqual([ErrorCode.NONE]);
    expect(group().state).toBe('Empty');
  });
});

describe('DescribeGroups and ListGroups × group state (GroupMetadataManager.describeGroups, listGroups)', () => {
  it('testDescribeGroupStable: Stable 그룹은 고른 프로토콜과 멤버마다 구독·할당을 보여 줍니다', () => {
    const { a } = stableGroup();
    expect(coordinator.describe(GROUP)).toEqual({
      groupId: GROUP,
      state: 'Stable',
      protocolType: 'consumer',
      protocolName: 'range',
      members: [
        {
          memberId: a,
          groupInstanceId: null,
          clientId: 'a',
          clientHost: '/127.0.0.1',
          metadata: Buffer.from('range'),
          assignment: Buffer.from('p0'),
        },
      ],
    });
  });

  it('testDescribeGroupRebalancing: 리밸런스 중에는 프로토콜 이름과 멤버의 구독·할당을 비워 둡니다', () => {
    preparingRebalanceGroup();
    const described = coordinator.describe(GROUP);
    expect(described).toMatchObject({ state: 'PreparingRebalance', protocolType: 'consumer', protocolName: '' });
    expect(described?.members.map((m) => [m.metadata.length, m.assignment.length])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('testDescribeGroupsGroupIdNotFoundException: 모르는 그룹은 없음(null)이고, 핸들러는 Dead로 답합니다', () => {
    expect(coordinator.describe(GROUP)).toBeNull();
  });

  it('testListGroups: 멤버가 있는 그룹, 빈 그룹, 단순 그룹을 상태와 함께 나열합니다 (Dead는 없습니다)', () => {
    stableGroup();
    expect(groups.commitOffsets('simple', simple, [entry(1)], 9)[0]).toBe(ErrorCode.NONE);
    expect(coordinator.list()).toEqual([
      { groupId: GROUP, protocolType: 'consumer', state: 'Stable' },
      { groupId: 'simple', protocolType: '', state: 'Empty' },
    ]);
    group().transitionTo('Dead');
    expect(coordinator.list().map((g) => g.groupId)).toEqual(['simple']);
  });
});

describe('OffsetCommit × group state (ClassicGroup.validateOffsetCommit)', () => {
  it('testCommitOffsetWithDefaultGeneration: 세대 -1의 단순 커밋은 빈 그룹에 씁니다', () => {
    emptyGroup();
    expect(commit('', -1)).toBe(ErrorCode.NONE);
  });

  it('testSimpleGroupOffsetCommit: 없는 그룹에 세대 -1로 커밋하면 빈 "단순 그룹"이 생깁니다 (프로토콜 종류 없음)', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    expect(coordinator.list()).toEqual([{ groupId: GROUP, protocolType: '', state: 'Empty' }]);
  });

  it('testSimpleGroupOffsetCommitWithInstanceId: 빈 그룹에는 세대 -1이면 멤버·인스턴스 ID를 보지 않습니다', () => {
    expect(commit('member', -1, 'instance')).toBe(ErrorCode.NONE);
  });

  it('testOffsetCommitWithUnknownGroup: 없는 그룹에 세대를 보내면 v9+는 GROUP_ID_NOT_FOUND, 그 전은 ILLEGAL_GENERATION', () => {
    expect(commit('member', 10, null, 9)).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(commit('member', 10, null, 8)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.group(GROUP), '거절한 커밋은 그룹을 만들지 않습니다').toBeUndefined();
  });

  it('testGenericGroupOffsetCommitWithoutMemberIdAndGeneration: 멤버가 있는 그룹에 멤버 정보 없이 커밋하면 UNKNOWN_MEMBER_ID', () => {
    stableGroup();
    expect(commit('', -1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testValidOffsetCommitInStable: Stable 그룹의 지금 세대 멤버는 커밋합니다', () => {
    const { a } = stableGroup();
    expect(commit(a, 1)).toBe(ErrorCode.NONE);
  });

  it('testCommitOffsetInPreparingRebalance: 리밸런스를 준비하는 중에도 지금 세대 멤버의 커밋은 받습니다', () => {
    const { a } = preparingRebalanceGroup();
    expect(commit(a, 1)).toBe(ErrorCode.NONE);
    expect(groups.committed(GROUP, 't', 0)?.offset).toBe(7);
  });

  it('testCommitMaintainsSession: Stable에서의 커밋은 하트비트처럼 세션을 이어 줍니다', () => {
    const { a } = stableGroup();
    for (let i = 0; i < 3; i++) {
      advance(6_000); // 하트비트 없이 세션 타임아웃(10초)을 넘기지만, 6초마다 커밋합니다
      expect(commit(a, 1)).toBe(ErrorCode.NONE);
    }
    expect(group().members.has(a)).toBe(true);
  });

  it('testCommitOffsetInCompletingRebalance: 할당을 받기 전(CompletingRebalance)의 커밋은 REBALANCE_IN_PROGRESS', () => {
    const { a } = completingRebalanceGroup();
    expect(commit(a, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('testCommitOffsetInCompletingRebalanceFromUnknownMemberId: 모르는 멤버는 상태보다 먼저 UNKNOWN_MEMBER_ID', () => {
    completingRebalanceGroup();
    expect(commit('ghost', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testCommitOffsetInCompletingRebalanceFromIllegalGeneration: 세대가 다르면 상태보다 먼저 ILLEGAL_GENERATION', () => {
    const { a } = completingRebalanceGroup();
    expect(commit(a, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('testGenericGroupOffsetCommitWithIllegalGeneration: 옛 세대 멤버의 커밋은 ILLEGAL_GENERATION', () => {
    const { a } = preparingRebalanceGroup();
    expect(commit(a, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('testGenericGroupOffsetCommitWithUnknownInstanceId: 모르는 인스턴스 ID는 UNKNOWN_MEMBER_ID', () => {
    const { a } = stableGroup();
    expect(commit(a, 1, 'unknown-instance')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testGenericGroupOffsetCommitWithFencedInstanceId: 다른 멤버 ID로 대신된 정적 멤버는 FENCED_INSTANCE_ID', () => {
    const first = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    advance(INITIAL_DELAY_MS);
    const old = first.result?.memberId ?? '';
    sync(old, 1, [{ memberId: old, assignment: Buffer.from('p0') }], 'host-a');
    join(joinRequest('a', { groupInstanceId: 'host-a' })); // 같은 인스턴스가 다시 시작합니다
    expect(commit(old, 1, 'host-a')).toBe(ErrorCode.FENCED_INSTANCE_ID);
  });

  it('testGenericGroupOffsetCommitWithDeadGroup: Dead 그룹은 COORDINATOR_NOT_AVAILABLE (트랜잭션 커밋도)', () => {
    const { a } = stableGroup();
    group().transitionTo('Dead');
    expect(commit(a, 1)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(txnCommit(a, 1)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});

describe('writes that fail (GroupMetadataManager.appendGroupMetadataErrorToResponseError)', () => {
  it('testJoinGroupAppendErrorConversion: 쓰기 실패는 코디네이터 오류로 바꿔 답합니다', () => {
    const cases: [number, number][] = [
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.REQUEST_TIMED_OUT, ErrorCode.COORDINATOR_NOT_AVAILABLE],
      [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_COORDINATOR],
      [ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.NOT_COORDINATOR],
      [ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.UNKNOWN_SERVER_ERROR],
      [ErrorCode.RECORD_LIST_TOO_LARGE, ErrorCode.UNKNOWN_SERVER_ERROR],
      [ErrorCode.INVALID_FETCH_SIZE, ErrorCode.UNKNOWN_SERVER_ERROR],
      [ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.INVALID_PRODUCER_EPOCH],
    ];
    for (const [appendError, answer] of cases) {
      expect(appendErrorToResponseError(new KafkaError(appendError)), String(appendError)).toBe(answer);
    }
  });
});

describe('OffsetCommit metadata (OffsetMetadataManager.isMetadataInvalid)', () => {
  it('testTxnOffsetMetadataTooLarge: offset.metadata.max.bytes는 바이트가 아니라 글자(UTF-16 코드 단위) 수로 잽니다', () => {
    const withMetadata = (metadata: string) => groups.commitOffsets(GROUP, simple, [{ ...entry(1), metadata }], 9)[0];
    expect(withMetadata('가'.repeat(4096)), '4096글자 = 12288바이트지만 한도 안').toBe(ErrorCode.NONE);
    expect(withMetadata('a'.repeat(4097))).toBe(ErrorCode.OFFSET_METADATA_TOO_LARGE);
    expect(
      groups.commitTransactionalOffsets(GROUP, { producerId: 1, producerEpoch: 0 }, simple, [
        { ...entry(1), metadata: 'a'.repeat(4097) },
      ])[0],
    ).toBe(ErrorCode.OFFSET_METADATA_TOO_LARGE);
  });
});

describe('TxnOffsetCommit × group state (ClassicGroup.validateOffsetCommit, isTransactional)', () => {
  it('testGenericGroupTransactionalOffsetCommitWithUnknownGroupId: 없는 그룹에 세대를 보내면 ILLEGAL_GENERATION', () => {
    expect(txnCommit('member', 10)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(txnCommit('', -1), '세대 -1이면 단순 그룹으로 받습니다').toBe(ErrorCode.NONE);
  });

  it('testTxnCommitOffsetWithKnownMemberId: 트랜잭션 커밋은 그룹 상태에 묶이지 않습니다 (CompletingRebalance에서도 받습니다)', () => {
    const { a } = completingRebalanceGroup();
    expect(txnCommit(a, 1)).toBe(ErrorCode.NONE);
  });

  it('testGenericGroupTransactionalOffsetCommit: 멤버 정보 없는 옛 TxnOffsetCommit은 멤버가 있는 그룹에도 씁니다', () => {
    stableGroup();
    expect(txnCommit('', -1)).toBe(ErrorCode.NONE);
  });

  it('testTxnCommitOffsetWithInvalidMemberId: 모르는 멤버는 UNKNOWN_MEMBER_ID', () => {
    stableGroup();
    expect(txnCommit('ghost', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('testTxnCommitOffsetWithIllegalGeneration: 세대가 다르면 ILLEGAL_GENERATION', () => {
    const { a } = stableGroup();
    expect(txnCommit(a, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('testTxnCommitOffsetWithFencedInstanceId: 인스턴스 ID만 보내도(멤버 ID 없이) 멤버를 확인합니다', () => {
    const first = join(joinRequest('a', { groupInstanceId: 'host-a' }));
    advance(INITIAL_DELAY_MS);
    const memberId = first.result?.memberId ?? '';
    sync(memberId, 1, [{ memberId, assignment: Buffer.from('p0') }], 'host-a');
    expect(txnCommit('', -1, 'host-a')).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(txnCommit('wrong', 1, 'host-a')).toBe(ErrorCode.FENCED_INSTANCE_ID);
  });
});

describe('offset records make groups exist (OffsetMetadataManager.replay, GroupCoordinatorShard.cleanupGroupMetadata)', () => {
  it('testReplay: 다시 켜져 오프셋 레코드를 읽으면, 그 오프셋의 그룹이 빈 그룹으로 되살아납니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    const restarted = new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => c);
    const replayed = new GroupService({
      coordinator: restarted,
      now: () => now,
      monotonicMs: () => now,
      numPartitions: 50,
      offsetsRetentionMs: 1000,
      maxMetadataLength: 4096,
      isLocalLeader: () => true,
      awaitReplicated: async () => ErrorCode.NONE,
      createOffsetsTopic: async () => {},
      append: () => {},
    });
    replayed.onElection(groups.partitionFor(GROUP), 0, asBatches(written));
    expect(restarted.group(GROUP)?.state).toBe('Empty');
    expect(replayed.committed(GROUP, 't', 0)?.offset).toBe(7);
  });

  it('testClassicGroupMaybeDelete: 정리 주기에 오프셋이 하나도 없는 빈 그룹은 그룹 툼스톤으로 지웁니다', () => {
    emptyGroup(); // 커밋한 적 없는 그룹
    expect(groups.expireOffsets(now)).toBe(0);
    expect(coordinator.group(GROUP)).toBeUndefined();
    expect(written.at(-1)?.records[0]?.value, '그룹 툼스톤(GroupMetadataKey + null)').toBeNull();
  });

  it('testCleanupExpiredOffsetsGroupHasNoOffsets: 오프셋이 남은 빈 그룹과 멤버가 있는 그룹은 지우지 않습니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    stableGroupNamed('other');
    groups.expireOffsets(now);
    expect(
      coordinator
        .list()
        .map((g) => g.groupId)
        .sort(),
    ).toEqual([GROUP, 'other']);
  });
});

describe('DeleteGroups × group state (ClassicGroup.validateDeleteGroup, GroupCoordinatorShard.deleteGroups)', () => {
  it('testDeleteEmptyGroupWithStoredOffsets: 빈 그룹은 오프셋과 함께 지우고, 다시 켜져도 돌아오지 않습니다', () => {
    emptyGroup();
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    expect(groups.delete(GROUP)).toBe(ErrorCode.NONE);
    expect(coordinator.group(GROUP)).toBeUndefined();
    expect(groups.committed(GROUP, 't', 0)).toBeUndefined();
    const restarted = new GroupService({
      coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => c),
      now: () => now,
      monotonicMs: () => now,
      numPartitions: 50,
      offsetsRetentionMs: 1000,
      maxMetadataLength: 4096,
      isLocalLeader: () => true,
      awaitReplicated: async () => ErrorCode.NONE,
      createOffsetsTopic: async () => {},
      append: () => {},
    });
    restarted.onElection(groups.partitionFor(GROUP), 0, asBatches(written));
    expect(restarted.coordinator.group(GROUP), '그룹 툼스톤을 읽으면 그룹이 사라집니다').toBeUndefined();
    expect(restarted.committed(GROUP, 't', 0)).toBeUndefined();
  });

  it('testDeleteNonEmptyGroup: 멤버가 있는 그룹(Stable, PreparingRebalance, CompletingRebalance)은 NON_EMPTY_GROUP', () => {
    stableGroup();
    expect(groups.delete(GROUP)).toBe(ErrorCode.NON_EMPTY_GROUP);
    joinAsNewMember('b');
    expect(group().state).toBe('PreparingRebalance');
    expect(groups.delete(GROUP)).toBe(ErrorCode.NON_EMPTY_GROUP);
    advance(30_000); // a가 다시 참여하지 않아 내보내지고, b만으로 세대 2가 됩니다
    expect(group().state).toBe('CompletingRebalance');
    expect(groups.delete(GROUP)).toBe(ErrorCode.NON_EMPTY_GROUP);
  });

  it('testDeleteGroupWithInvalidGroupId: 없는 그룹은 GROUP_ID_NOT_FOUND', () => {
    expect(groups.delete(GROUP)).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('testClassicGroupDelete: Dead 그룹은 GROUP_ID_NOT_FOUND', () => {
    emptyGroup();
    group().transitionTo('Dead');
    expect(groups.delete(GROUP)).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('testDeleteGroupAllOffsetsWithPendingTransactionalOffsets: 마커를 기다리는 트랜잭션 오프셋에도 툼스톤을 써, 커밋 마커가 와도 되살아나지 않습니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    groups.commitTransactionalOffsets(GROUP, { producerId: 5, producerEpoch: 0 }, simple, [
      { ...entry(9), partition: 1 },
    ]);
    expect(groups.delete(GROUP)).toBe(ErrorCode.NONE);
    const tombstoned = written.at(-1)?.records.filter((r) => r.value === null).length;
    expect(tombstoned, '파티션 0, 파티션 1(보류만), 그룹').toBe(3);
    groups.completeTransaction(groups.partitionFor(GROUP), 5, true);
    expect(groups.committed(GROUP, 't', 1)).toBeUndefined();
  });
});

describe('OffsetDelete × group state (ClassicGroup.validateOffsetDelete, OffsetMetadataManager.deleteOffsets)', () => {
  /** 컨슈머 프로토콜의 구독 정보 v0: version, topics, user_data */
  const subscription = (...topics: string[]) => {
    const parts = [Buffer.from([0, 0]), Buffer.alloc(4)];
    parts[1]?.writeInt32BE(topics.length);
    for (const topic of topics) {
      const length = Buffer.alloc(2);
      length.writeInt16BE(Buffer.byteLength(topic));
      parts.push(length, Buffer.from(topic));
    }
    parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff])); // user_data = null
    return [{ name: 'range', metadata: Buffer.concat(parts) }];
  };
  /** 토픽 t와 u의 파티션 0에 커밋이 있는, topics를 구독한 멤버 a 하나의 Stable 그룹 */
  function stableSubscribedTo(...topics: string[]): string {
    const a = joinAsNewMember('a', { protocols: subscription(...topics) });
    advance(INITIAL_DELAY_MS);
    const memberId = a.result?.memberId ?? '';
    sync(memberId, 1, []);
    for (const topic of ['t', 'u']) {
      groups.commitOffsets(GROUP, { memberId, groupInstanceId: null, generationId: 1 }, [{ ...entry(5), topic }], 9);
    }
    return memberId;
  }
  const deleteOffsets = (...topics: string[]) =>
    groups.deleteOffsets(
      GROUP,
      topics.map((name) => ({ name, partitions: [0] })),
    );

  it('testDeleteOffsetsInvalidGroupId: 빈 그룹 ID는 INVALID_GROUP_ID', () => {
    expect(groups.deleteOffsets('', [{ name: 't', partitions: [0] }])).toEqual({
      errorCode: ErrorCode.INVALID_GROUP_ID,
      topics: [],
    });
  });

  it('testDeleteOffsetOfNonExistingGroup: 없는 그룹은 GROUP_ID_NOT_FOUND', () => {
    expect(deleteOffsets('t').errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('testDeleteOffsetOfDeadConsumerGroup: Dead 그룹은 GROUP_ID_NOT_FOUND', () => {
    emptyGroup();
    group().transitionTo('Dead');
    expect(deleteOffsets('t').errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('testDeleteOffsetOfEmptyConsumerGroup: 빈 그룹의 오프셋은 툼스톤으로 지웁니다 (커밋이 없는 파티션은 아무것도 쓰지 않고 NONE)', () => {
    emptyGroup();
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    const before = written.length;
    expect(groups.deleteOffsets(GROUP, [{ name: 't', partitions: [0, 1] }])).toEqual({
      errorCode: ErrorCode.NONE,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, errorCode: 0 },
            { partitionIndex: 1, errorCode: 0 },
          ],
        },
      ],
    });
    expect(
      written.slice(before).flatMap((w) => w.records),
      '파티션 0의 툼스톤 하나',
    ).toHaveLength(1);
    expect(groups.committed(GROUP, 't', 0)).toBeUndefined();
    expect(group().state, '그룹은 남습니다').toBe('Empty');
  });

  it('testDeleteOffsetOfStableConsumerGroup: 멤버가 있는 컨슈머 그룹은 구독하지 않는 토픽의 오프셋만 지웁니다', () => {
    stableSubscribedTo('t');
    expect(deleteOffsets('t', 'u')).toEqual({
      errorCode: ErrorCode.NONE,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC }] },
        { name: 'u', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.NONE }] },
      ],
    });
    expect(groups.committed(GROUP, 't', 0)?.offset).toBe(5);
    expect(groups.committed(GROUP, 'u', 0)).toBeUndefined();
  });

  it('testDeleteOffsetOfConsumerGroupWithUnparsableProtocol: 구독 정보를 읽지 못하면 컨슈머 그룹은 모든 토픽을 구독 중으로 봅니다', () => {
    const a = joinAsNewMember('a', { protocols: [{ name: 'range', metadata: Buffer.from([1]) }] });
    advance(INITIAL_DELAY_MS);
    sync(a.result?.memberId ?? '', 1, []);
    expect(deleteOffsets('u').topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
  });

  it('testDeleteOffsetInFirstRebalance: 첫 세대가 정해지기 전(PreparingRebalance)에는 구독을 몰라 모든 토픽이 구독 중입니다', () => {
    joinAsNewMember('a', { protocols: subscription('t') });
    expect(group().state).toBe('PreparingRebalance');
    expect(deleteOffsets('u').topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
  });

  it('testDeleteOffsetOfNonEmptyNonConsumerGroup: 멤버가 있는, 컨슈머 프로토콜이 아닌 그룹은 NON_EMPTY_GROUP', () => {
    const a = joinAsNewMember('a', { protocolType: 'connect' });
    expect(deleteOffsets('t').errorCode, 'PreparingRebalance').toBe(ErrorCode.NON_EMPTY_GROUP);
    advance(INITIAL_DELAY_MS);
    expect(deleteOffsets('t').errorCode, 'CompletingRebalance').toBe(ErrorCode.NON_EMPTY_GROUP);
    sync(a.result?.memberId ?? '', 1, []);
    expect(deleteOffsets('t').errorCode, 'Stable').toBe(ErrorCode.NON_EMPTY_GROUP);
  });

  it('testDeleteOffsetOfEmptyNonConsumerGroup: 빈 그룹은 프로토콜 종류와 상관없이(단순 그룹도) 지웁니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    expect(deleteOffsets('t')).toMatchObject({ errorCode: ErrorCode.NONE });
    expect(groups.committed(GROUP, 't', 0)).toBeUndefined();
  });

  it('testGenericGroupOffsetDeleteWithPendingTransactionalOffsets: 트랜잭션 마커를 기다리는 오프셋에도 툼스톤을 써, 커밋 마커가 와도 되살아나지 않습니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    groups.commitTransactionalOffsets(GROUP, { producerId: 9, producerEpoch: 0 }, simple, [
      { ...entry(8), topic: 'u' },
    ]);
    expect(deleteOffsets('u').errorCode).toBe(ErrorCode.NONE);
    groups.completeTransaction(groups.partitionFor(GROUP), 9, true);
    expect(groups.committed(GROUP, 'u', 0)).toBeUndefined();
    expect(groups.committed(GROUP, 't', 0)?.offset, '다른 토픽은 그대로').toBe(7);
  });

  it('testDeleteOffsetsWithException: 툼스톤을 쓰지 못하면 요청 전체가 코디네이터 오류이고 아무것도 지워지지 않습니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    const failing = new GroupService({
      coordinator,
      now: () => now,
      monotonicMs: () => now,
      numPartitions: 50,
      offsetsRetentionMs: 1000,
      maxMetadataLength: 4096,
      isLocalLeader: () => true,
      awaitReplicated: async () => ErrorCode.NONE,
      createOffsetsTopic: async () => {},
      append: () => {
        throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      },
    });
    failing.onElection(groups.partitionFor(GROUP), 0, asBatches(written));
    expect(failing.deleteOffsets(GROUP, [{ name: 't', partitions: [0] }])).toEqual({
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      topics: [],
    });
    expect(failing.committed(GROUP, 't', 0)?.offset).toBe(7);
  });

  it('testOffsetDeleteSurvivesRestart: 툼스톤은 `__consumer_offsets`에 남아, 다시 켜진 뒤에도 지워진 채입니다', () => {
    expect(commit('', -1)).toBe(ErrorCode.NONE);
    expect(deleteOffsets('t').errorCode).toBe(ErrorCode.NONE);
    const restarted = new GroupService({
      coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (c) => c),
      now: () => now,
      monotonicMs: () => now,
      numPartitions: 50,
      offsetsRetentionMs: 1000,
      maxMetadataLength: 4096,
      isLocalLeader: () => true,
      awaitReplicated: async () => ErrorCode.NONE,
      createOffsetsTopic: async () => {},
      append: () => {},
    });
    restarted.onElection(groups.partitionFor(GROUP), 0, asBatches(written));
    expect(restarted.committed(GROUP, 't', 0)).toBeUndefined();
    expect(restarted.coordinator.group(GROUP)?.state, '그룹은 빈 그룹으로 돌아옵니다').toBe('Empty');
  });
});

/** 다른 이름의 그룹 하나를 Stable로 만듭니다. */
function stableGroupNamed(groupId: string): void {
  const first = join(joinRequest('x', { groupId }));
  const second = join(joinRequest('x', { groupId, memberId: first.result?.memberId ?? '' }));
  advance(INITIAL_DELAY_MS);
  const memberId = second.result?.memberId ?? '';
  coordinator.sync(
    {
      groupId,
      generationId: 1,
      memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    },
    now,
    () => {},
  );
  expect(coordinator.group(groupId)?.state).toBe('Stable');
}
