/**
 * 그룹 코디네이터(Group Coordinator): 컨슈머 그룹의 "반장"입니다. 멤버의 참여(JoinGroup), 할당 전달(SyncGroup),
 * 생존 신호(Heartbeat), 탈퇴(LeaveGroup)를 받아 그룹의 상태 기계를 움직입니다.
 *
 * 입출력과 시계가 없습니다: 시각은 매번 `now`로 받고(단조 시계: 마감을 재는 데만 씁니다), 시간이 지나 생기는
 * 일(세션 만료, 참여 마감)은 `tick(now)`가 처리합니다. JoinGroup과 SyncGroup의 응답은 다른 멤버를 기다렸다가 나갈 수 있으므로, 응답을 보낼 함수(respond)를
 * 받아 두었다가 부릅니다. 그래서 같은 입력과 같은 시각을 주면 언제나 같은 결과가 나옵니다 (시뮬레이터로 재현 가능).
 *
 * 정적 멤버십(Static Membership, KIP-345): group.instance.id를 준 멤버는 다시 시작해도 같은 인스턴스로 알아봅니다.
 * Stable 그룹에 같은 인스턴스가 새로 참여하면 리밸런스 없이 새 멤버 ID로 옛 할당을 이어받고, 옛 멤버 ID로 온
 * 요청은 FENCED_INSTANCE_ID로 막습니다 (롤링 재시작 때 파티션이 이리저리 옮겨 다니지 않게 합니다).
 *
 * 파티션 할당은 코디네이터가 하지 않습니다: 멤버 중 리더가 할당을 계산해 SyncGroup으로 보내고,
 * 코디네이터는 그것을 각 멤버에게 나눠 줄 뿐입니다 (클라이언트 쪽 할당, 8장).
 */
import { ErrorCode } from '../protocol/error-codes.js';
import {
  ConsumerGroup,
  type GroupState,
  type JoinResult,
  type Member,
  type Protocol,
  type SyncResult,
} from './consumer-group.js';

export interface GroupCoordinatorConfig {
  /** group.min.session.timeout.ms */
  readonly minSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  readonly maxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms: 빈 그룹의 첫 리밸런스를 잠시 미뤄 여러 멤버가 한 번에 들어오게 합니다 */
  readonly initialRebalanceDelayMs: number;
}

export const DEFAULT_GROUP_CONFIG: GroupCoordinatorConfig = {
  minSessionTimeoutMs: 6_000,
  maxSessionTimeoutMs: 1_800_000,
  initialRebalanceDelayMs: 3_000,
};

export interface JoinRequest {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  /** v0에는 없어서 세션 타임아웃을 씁니다 */
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly Protocol[];
  /** JoinGroup v4+: 처음 온 멤버에게 ID를 먼저 주고 다시 참여하게 합니다 (KIP-394) */
  readonly requireKnownMemberId: boolean;
  /** JoinGroup v9+: 응답의 skipAssignment를 알아듣습니다 (KIP-814) */
  readonly supportsSkippingAssignment: boolean;
}

export interface SyncRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignments: readonly { memberId: string; assignment: Buffer }[];
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: GroupState;
  readonly protocolType: string;
  readonly protocolName: string;
  readonly members: {
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[];
}

/** 오류만 담은 JoinGroup 응답 */
export const joinError = (errorCode: number, memberId = ''): JoinResult => ({
  errorCode,
  generationId: -1,
  protocolType: null,
  protocolName: null,
  leader: '',
  memberId,
  members: [],
  skipAssignment: false,
});

/** 오류만 담은 SyncGroup 응답 */
export const syncError = (errorCode: number): SyncResult => ({
  errorCode,
  protocolType: null,
  protocolName: null,
  assignment: Buffer.alloc(0),
});

export class GroupCoordinator {
  readonly #groups = new Map<string, ConsumerGroup>();

  constructor(
    private readonly config: GroupCoordinatorConfig,
    /** 새 멤버 ID (`clientId-UUID`). 시뮬레이터에서는 정해진 순서의 ID를 줍니다. */
    private readonly newMemberId: (clientId: string) => string,
  ) {}

  /** group.min/max.session.timeout.ms 밖의 세션 타임아웃이면 INVALID_SESSION_TIMEOUT (JoinGroup이 그룹을 보기 전에 검사합니다) */
  validateSessionTimeout(sessionTimeoutMs: number): number {
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = this.config;
    return sessionTimeoutMs < min || sessionTimeoutMs > max ? ErrorCode.INVALID_SESSION_TIMEOUT : ErrorCode.NONE;
  }

  group(groupId: string): ConsumerGroup | undefined {
    return this.#groups.get(groupId);
  }

  /**
   * 그룹을 찾고, 없으면 빈(Empty) 그룹을 만듭니다 (Kafka: GroupMetadataManager.getOrMaybeCreateClassicGroup).
   * JoinGroup으로 처음 온 멤버, 그리고 그룹 관리 없이 오프셋만 커밋하는 "단순 그룹"이 이렇게 생깁니다.
   */
  getOrCreateGroup(groupId: string): ConsumerGroup {
    let group = this.#groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId);
      this.#groups.set(groupId, group);
    }
    return group;
  }

  /** JoinGroup. 응답은 곧바로 나가거나(오류, 다시 참여), 리밸런스가 끝날 때 나갑니다. */
  join(request: JoinRequest, now: number, respond: (result: JoinResult) => void): void {
    const immediate = this.#join(request, now, respond);
    if (immediate) respond(immediate);
  }

  /** SyncGroup. 팔로워의 응답은 리더가 할당을 보낼 때 나갑니다. */
  sync(request: SyncRequest, now: number, respond: (result: SyncResult) => void): void {
    const immediate = this.#sync(request, now, respond);
    if (immediate) respond(immediate);
  }

  /** 곧바로 보낼 응답이 있으면 돌려주고, 나중에 보낼 것이면 respond를 맡아 두고 null을 돌려줍니다. */
  #join(request: JoinRequest, now: number, respond: (result: JoinResult) => void): JoinResult | null {
    const { groupId, memberId } = request;
    // 모르는 그룹에 아는 척하는 멤버 ID로 오면, 코디네이터가 바뀌었거나 그룹이 지워진 것입니다.
    if (!this.#groups.has(groupId) && memberId !== '') return joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId);
    const group = this.getOrCreateGroup(groupId);
    if (group.is('Dead')) return joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId);
    if (!group.supportsProtocols(request.protocolType, request.protocols)) {
      return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId);
    }

    if (request.groupInstanceId !== null) return this.#joinStatic(group, request, now, respond);
    if (memberId === '') {
      const newId = this.newMemberId(request.clientId);
      if (request.requireKnownMemberId) {
        // 새 ID를 알려 주고 그 ID로 다시 오게 합니다. 응답을 잃은 클라이언트가 유령 멤버를 남기지 않도록요.
        group.pendingMembers.set(newId, now + request.sessionTimeoutMs);
        return joinError(ErrorCode.MEMBER_ID_REQUIRED, newId);
      }
      return this.#addMemberAndRebalance(group, { ...request, memberId: newId }, now, respond);
    }
    if (group.pendingMembers.has(memberId)) {
      group.pendingMembers.delete(memberId);
      return this.#addMemberAndRebalance(group, request, now, respond);
    }
    const memberError = group.validateMember(memberId, null);
    if (memberError !== ErrorCode.NONE) return joinError(memberError, memberId);
    return this.#rejoin(group, group.members.get(memberId) as Member, request, now, respond);
  }

  /**
   * SyncGroup의 검사 순서 (Kafka: GroupMetadataManager.classicGroupSync, validateSyncGroup): 그룹이 없거나 비었으면
   * UNKNOWN_MEMBER_ID → Dead면 COORDINATOR_NOT_AVAILABLE → 멤버(validateMember) → 세대 → 프로토콜 → 상태.
   */
  #sync(request: SyncRequest, now: number, respond: (result: SyncResult) => void): SyncResult | null {
    const group = this.#groups.get(request.groupId);
    if (!group || group.is('Empty')) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    if (group.is('Dead')) return syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const memberError = group.validateMember(request.memberId, request.groupInstanceId);
    if (memberError !== ErrorCode.NONE) return syncError(memberError);
    if (request.generationId !== group.generationId) return syncError(ErrorCode.ILLEGAL_GENERATION);
    // 요청과 그룹 양쪽에 값이 있을 때만 비교합니다 (Kafka: isProtocolInconsistent).
    const inconsistent = (asked: string | null, current: string | null) =>
      asked !== null && current !== null && asked !== current;
    if (
      inconsistent(request.protocolType, group.protocolType) ||
      inconsistent(request.protocolName, group.protocolName)
    ) {
      return syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    const member = group.members.get(request.memberId) as Member;
    if (!group.is('PreparingRebalance')) group.pendingSyncMembers.delete(member.memberId);
    switch (group.state) {
      case 'PreparingRebalance':
        return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'CompletingRebalance':
        member.awaitingSync = respond;
        if (member.memberId === group.leaderId) this.#completeSync(group, request.assignments, now);
        return null;
      default:
        return this.#syncResult(group, member);
    }
  }

  /**
   * Heartbeat (Kafka: GroupMetadataManager.classicGroupHeartbeat): 그룹이 없으면 UNKNOWN_MEMBER_ID → Dead면
   * COORDINATOR_NOT_AVAILABLE → 멤버 → 세대 → 상태. 리밸런스를 준비하는 중이면 그 사실을 답으로 알려 줍니다:
   * 멤버는 이것을 보고 JoinGroup을 다시 보냅니다.
   */
  heartbeat(
    groupId: string,
    memberId: string,
    groupInstanceId: string | null,
    generationId: number,
    now: number,
  ): number {
    const group = this.#groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const memberError = group.validateMember(memberId, groupInstanceId);
    if (memberError !== ErrorCode.NONE) return memberError;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    (group.members.get(memberId) as Member).lastHeartbeatMs = now;
    return group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /**
   * 멤버들이 그룹을 떠납니다 (Kafka: GroupMetadataManager.classicGroupLeave). 그룹이 없으면 멤버마다 UNKNOWN_MEMBER_ID,
   * Dead면 요청 전체가 COORDINATOR_NOT_AVAILABLE입니다. 정적 멤버는 멤버 ID 없이 인스턴스 ID만으로도 떠날 수 있고
   * (관리 도구가 이렇게 내보냅니다), MEMBER_ID_REQUIRED로 ID만 받은 멤버도 떠날 수 있습니다.
   */
  leave(
    groupId: string,
    members: readonly { memberId: string; groupInstanceId: string | null }[],
    now: number,
  ): { errorCode: number; members: number[] } {
    const group = this.#groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: members.map(() => ErrorCode.UNKNOWN_MEMBER_ID) };
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const codes = members.map(({ memberId, groupInstanceId }) => {
      if (memberId === '') {
        const staticId = groupInstanceId === null ? undefined : group.staticMembers.get(groupInstanceId);
        if (staticId === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
        this.#removeMember(group, group.members.get(staticId) as Member, now, 'leave');
        return ErrorCode.NONE;
      }
      if (group.pendingMembers.delete(memberId)) {
        this.#maybeCompleteJoin(group, now);
        return ErrorCode.NONE;
      }
      const memberError = group.validateMember(memberId, groupInstanceId);
      if (memberError !== ErrorCode.NONE) return memberError;
      this.#removeMember(group, group.members.get(memberId) as Member, now, 'leave');
      return ErrorCode.NONE;
    });
    return { errorCode: ErrorCode.NONE, members: codes };
  }

  /**
   * 정적 멤버의 JoinGroup. 처음 보는 인스턴스는 MEMBER_ID_REQUIRED 없이 바로 들어옵니다. 이미 있는 인스턴스가
   * 멤버 ID 없이 다시 오면(재시작), 새 멤버 ID로 옛 멤버의 자리와 할당을 이어받습니다.
   */
  #joinStatic(
    group: ConsumerGroup,
    request: JoinRequest,
    now: number,
    respond: (result: JoinResult) => void,
  ): JoinResult | null {
    const instanceId = request.groupInstanceId as string;
    const currentId = group.staticMembers.get(instanceId);
    if (request.memberId !== '') {
      const memberError = group.validateMember(request.memberId, instanceId);
      if (memberError !== ErrorCode.NONE) return joinError(memberError, request.memberId);
      return this.#rejoin(group, group.members.get(request.memberId) as Member, request, now, respond);
    }
    const newId = this.newMemberId(request.clientId);
    const old = currentId === undefined ? undefined : group.members.get(currentId);
    if (!old) {
      group.staticMembers.set(instanceId, newId);
      return this.#addMemberAndRebalance(group, { ...request, memberId: newId }, now, respond);
    }
    return this.#replaceStaticMember(group, old, { ...request, memberId: newId }, now, respond);
  }

  /**
   * 다시 시작한 정적 멤버가 옛 멤버의 자리를 새 멤버 ID로 이어받습니다 (Kafka: ClassicGroup.replaceStaticMember,
   * GroupMetadataManager.updateStaticMemberThenRebalanceOrCompleteJoin). 옛 ID로 기다리던 응답은 FENCED_INSTANCE_ID로
   * 끝냅니다. 그다음은 그룹 상태에 따라:
   * - Stable: 새 구독으로도 고를 프로토콜이 그대로면 리밸런스 없이 지금 세대를 알려 줍니다 (KIP-345의 목적: 재시작이
   *   할당을 흔들지 않게). v9+ 클라이언트가 리더였다면 멤버 목록과 skipAssignment를 주고, 그 전 버전에는 리더 자리에
   *   바뀌기 전의 리더 ID를 적어 팔로워처럼 SyncGroup만 보내게 합니다. 프로토콜이 바뀌면 리밸런스합니다.
   * - CompletingRebalance: 옛 멤버 ID가 이미 리더의 할당 계산에 들어갔을 수 있으니, 언제나 다시 리밸런스합니다.
   * - PreparingRebalance: 다시 참여한 것으로 적습니다.
   */
  #replaceStaticMember(
    group: ConsumerGroup,
    old: Member,
    request: JoinRequest,
    now: number,
    respond: (result: JoinResult) => void,
  ): JoinResult | null {
    const currentLeader = group.leaderId;
    old.awaitingJoin?.(joinError(ErrorCode.FENCED_INSTANCE_ID, old.memberId));
    old.awaitingSync?.(syncError(ErrorCode.FENCED_INSTANCE_ID));
    group.members.delete(old.memberId);
    const replaced: Member = { ...old, memberId: request.memberId, awaitingJoin: null, awaitingSync: null };
    group.members.set(replaced.memberId, replaced);
    group.staticMembers.set(request.groupInstanceId as string, replaced.memberId);
    if (group.leaderId === old.memberId) group.leaderId = replaced.memberId;
    this.#updateMember(replaced, request, now);
    if (group.is('Stable') && group.selectProtocol() === group.protocolName) {
      const isLeader = group.leaderId === replaced.memberId;
      const current = this.#joinResult(group, replaced);
      return request.supportsSkippingAssignment
        ? { ...current, skipAssignment: isLeader }
        : { ...current, leader: currentLeader ?? '', members: [] };
    }
    replaced.awaitingJoin = respond;
    if (group.is('PreparingRebalance')) this.#maybeCompleteJoin(group, now);
    else this.#prepareRebalance(group, now);
    return null;
  }

  /** 시간이 흘러 생기는 일: 세션이 끝난 멤버 내보내기, 참여 마감, 리더의 할당 기다리기 마감 */
  tick(now: number): void {
    for (const group of this.#groups.values()) {
      for (const [memberId, expiresAt] of group.pendingMembers) {
        if (now < expiresAt) continue;
        // ID만 받고 돌아오지 않은 멤버 (Kafka: removePendingMemberAndUpdateClassicGroup)
        group.pendingMembers.delete(memberId);
        if (group.is('PreparingRebalance') && group.allMembersJoined()) this.#completeJoin(group, now);
      }
      for (const member of [...group.members.values()]) {
        const waiting = member.awaitingJoin !== null || member.awaitingSync !== null;
        if (!waiting && now >= member.lastHeartbeatMs + member.sessionTimeoutMs) {
          this.#removeMember(group, member, now, 'expiry');
        }
      }
      while (group.is('PreparingRebalance') && now >= group.joinDeadlineMs) this.#joinDeadlinePassed(group, now);
      const syncing = group.is('CompletingRebalance') || group.is('Stable');
      if (syncing && group.pendingSyncMembers.size > 0 && now >= group.syncDeadlineMs) {
        // 마감까지 SyncGroup을 보내지 않은 멤버(리더든 팔로워든)를 내보내고 다시 리밸런스합니다 (Kafka: expirePendingSync).
        for (const memberId of [...group.pendingSyncMembers]) {
          const member = group.members.get(memberId);
          if (member) this.#detach(group, member);
        }
        this.#prepareRebalance(group, now);
      }
    }
  }

  describe(groupId: string): GroupDescription | null {
    const group = this.#groups.get(groupId);
    if (!group) return null;
    const protocolName = group.is('Stable') ? (group.protocolName ?? '') : '';
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocolName,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: protocolName ? group.metadataFor(m, protocolName) : Buffer.alloc(0),
        assignment: group.is('Stable') ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  list(): { groupId: string; protocolType: string; state: GroupState }[] {
    return [...this.#groups.values()]
      .filter((g) => !g.is('Dead'))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  /** 그룹 툼스톤을 적용합니다: 그룹은 Dead가 되고 코디네이터에서 사라집니다 (Kafka: GroupMetadataManager.removeGroup). */
  remove(groupId: string): void {
    this.#groups.get(groupId)?.transitionTo('Dead');
    this.#groups.delete(groupId);
  }

  /**
   * 이 브로커가 그룹의 `__consumer_offsets` 파티션 리더 자리를 잃었습니다 (Kafka: GroupMetadataManager.onUnloaded).
   * 그룹은 Dead가 되어 사라지고, JoinGroup·SyncGroup 응답을 기다리던 멤버는 NOT_COORDINATOR를 받아 새 코디네이터를
   * 찾아갑니다. 그룹의 상태는 새 리더가 파티션을 읽어 되살립니다.
   */
  unload(groupId: string): void {
    const group = this.#groups.get(groupId);
    if (!group) return;
    for (const member of group.members.values()) {
      const join = member.awaitingJoin;
      const sync = member.awaitingSync;
      member.awaitingJoin = null;
      member.awaitingSync = null;
      join?.(joinError(ErrorCode.NOT_COORDINATOR, member.memberId));
      sync?.(syncError(ErrorCode.NOT_COORDINATOR));
    }
    this.remove(groupId);
  }

  #addMemberAndRebalance(
    group: ConsumerGroup,
    request: JoinRequest,
    now: number,
    respond: (result: JoinResult) => void,
  ): null {
    const member: Member = {
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      clientId: request.clientId,
      clientHost: request.clientHost,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      protocols: request.protocols,
      assignment: Buffer.alloc(0),
      lastHeartbeatMs: now,
      awaitingJoin: respond,
      awaitingSync: null,
    };
    if (group.members.size === 0) group.protocolType = request.protocolType;
    if (group.initialRebalance) group.newMemberAdded = true;
    group.members.set(member.memberId, member);
    // 리더가 없는 그룹에서는 처음 들어온 멤버가 리더입니다 (Kafka: ClassicGroup.add).
    group.leaderId ??= member.memberId;
    if (!group.is('PreparingRebalance')) this.#prepareRebalance(group, now);
    else this.#maybeCompleteJoin(group, now);
    return null;
  }

  /**
   * 이미 멤버인 클라이언트의 JoinGroup (Kafka: GroupMetadataManager.classicGroupJoinExistingMember).
   * - PreparingRebalance: 다시 참여한 것으로 적고, 모두 모였으면 이 단계를 마칩니다.
   * - CompletingRebalance: 같은 구독으로 다시 왔으면 JoinGroup 응답을 잃은 것입니다. 지금 세대를 다시 알려 줍니다
   *   (리더에게는 멤버 목록까지). 구독이 바뀌었으면 리밸런스합니다.
   * - Stable: 리더가 오면(토픽이 늘어 할당을 다시 계산할 일이 생긴 것처럼) 또는 구독이 바뀌었으면 리밸런스,
   *   아니면 응답을 잃은 팔로워이니 지금 세대를 알려 줍니다.
   */
  #rejoin(
    group: ConsumerGroup,
    member: Member,
    request: JoinRequest,
    now: number,
    respond: (result: JoinResult) => void,
  ): JoinResult | null {
    const sameProtocols =
      member.protocols.length === request.protocols.length &&
      member.protocols.every(
        (p, i) => p.name === request.protocols[i]?.name && p.metadata.equals(request.protocols[i].metadata),
      );
    this.#updateMember(member, request, now);
    if (group.is('PreparingRebalance')) {
      // 같은 멤버의 이전 JoinGroup이 아직 기다리고 있으면, 그 응답은 새 요청의 응답으로 대신합니다.
      member.awaitingJoin = respond;
      this.#maybeCompleteJoin(group, now);
      return null;
    }
    const isLeader = member.memberId === group.leaderId;
    if (sameProtocols && (group.is('CompletingRebalance') || !isLeader)) return this.#joinResult(group, member);
    member.awaitingJoin = respond;
    this.#prepareRebalance(group, now);
    return null;
  }

  /** 다시 참여한 멤버의 구독과 타임아웃을 새 요청의 것으로 바꿉니다 (Kafka: ClassicGroup.updateMember). */
  #updateMember(member: Member, request: JoinRequest, now: number): void {
    member.protocols = request.protocols;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    member.lastHeartbeatMs = now;
  }

  /**
   * 리밸런스 시작 (Kafka: GroupMetadataManager.prepareRebalance): 멤버들에게 다시 참여하라고 알리고(하트비트 응답으로),
   * 마감 시각을 정합니다. 빈 그룹에서 시작하면 group.initial.rebalance.delay.ms만큼 기다려, 거의 함께 시작한 컨슈머들이
   * 한 세대에 모이게 합니다. 그 밖에는 모두 다시 참여하는 즉시, 늦어도 rebalance.timeout.ms에 마칩니다.
   */
  #prepareRebalance(group: ConsumerGroup, now: number): void {
    if (group.is('CompletingRebalance')) {
      // 할당을 기다리던 멤버들은 이 세대를 포기하고 다시 참여해야 합니다 (Kafka: resetAndPropagateAssignmentWithError).
      // 답을 보낸 멤버의 세션은 그때부터 다시 셉니다 (propagateAssignment → rescheduleClassicGroupMemberHeartbeat):
      // 리더의 할당을 기다리는 동안에는 하트비트를 보내지 않으니, 세션이 지났다고 곧바로 내보내면 살아 있는 멤버를 잃습니다.
      for (const member of group.members.values()) {
        if (!member.awaitingSync) continue;
        member.awaitingSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        member.awaitingSync = null;
        member.lastHeartbeatMs = now;
      }
    }
    group.pendingSyncMembers.clear();
    const initial = group.is('Empty');
    group.transitionTo('PreparingRebalance');
    const delayMs = this.config.initialRebalanceDelayMs;
    if (initial) {
      group.initialRebalance = { delayMs, remainingMs: Math.max(this.#rebalanceTimeoutMs(group) - delayMs, 0) };
      group.newMemberAdded = false;
      group.joinDeadlineMs = now + delayMs;
      return;
    }
    group.joinDeadlineMs = now + this.#rebalanceTimeoutMs(group);
    this.#maybeCompleteJoin(group, now);
  }

  /** 멤버들의 rebalance.timeout.ms 중 가장 긴 것 (Kafka: ClassicGroup.rebalanceTimeoutMs) */
  #rebalanceTimeoutMs(group: ConsumerGroup): number {
    return Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
  }

  /**
   * 모두 다시 참여했으면 참여 단계를 마칩니다 (Kafka: maybeCompleteJoinPhase). 빈 그룹에서 시작한 리밸런스는 마감까지
   * 기다립니다: 다음 컨슈머가 곧 올 수 있으니까요.
   */
  #maybeCompleteJoin(group: ConsumerGroup, now: number): void {
    if (group.is('PreparingRebalance') && !group.initialRebalance && group.allMembersJoined()) {
      this.#completeJoin(group, now);
    }
  }

  /**
   * 참여 마감 (Kafka: tryCompleteInitialRebalanceElseSchedule, completeClassicGroupJoin). 빈 그룹에서 시작한 리밸런스에
   * 그동안 새 멤버가 들어왔으면, rebalance.timeout.ms를 다 쓰기 전까지 한 번 더 기다립니다.
   */
  #joinDeadlinePassed(group: ConsumerGroup, now: number): void {
    const initial = group.initialRebalance;
    if (initial && group.newMemberAdded && initial.remainingMs !== 0) {
      group.newMemberAdded = false;
      const delayMs = Math.min(this.config.initialRebalanceDelayMs, initial.remainingMs);
      group.initialRebalance = { delayMs, remainingMs: Math.max(initial.remainingMs - initial.delayMs, 0) };
      // 타이머처럼, 새 마감은 지난 마감에서 잽니다 (tick이 늦게 와도 같은 결과가 나오게).
      group.joinDeadlineMs += delayMs;
      return;
    }
    this.#completeJoin(group, now);
  }

  /**
   * 참여 단계를 마치고 다음 세대로 갑니다 (Kafka: GroupMetadataManager.completeClassicGroupJoin, ClassicGroup.initNextGeneration).
   * 다시 참여하지 않은 동적 멤버는 내보냅니다. 정적 멤버는 세션이 끝날 때까지 자리를 지킵니다 (KIP-345: 재시작하는 동안
   * 할당이 옮겨 다니지 않게). 리더가 다시 참여하지 않았으면 참여한 멤버 중에서 새 리더를 뽑고, 참여한 멤버가 하나도
   * 없으면(돌아오지 않은 정적 멤버만 남음) rebalance.timeout.ms만큼 더 기다립니다.
   */
  #completeJoin(group: ConsumerGroup, now: number): void {
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null && member.groupInstanceId === null) this.#detach(group, member);
    }
    if (!this.#electJoinedLeader(group) && group.members.size > 0) {
      group.joinDeadlineMs = now + this.#rebalanceTimeoutMs(group);
      return;
    }
    group.initialRebalance = null;
    group.generationId++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.subscribedTopics = group.computeSubscribedTopics();
      group.transitionTo('Empty');
      return;
    }
    group.protocolName = group.selectProtocol();
    group.subscribedTopics = group.computeSubscribedTopics();
    group.transitionTo('CompletingRebalance');
    for (const memberId of group.members.keys()) group.pendingSyncMembers.add(memberId);
    group.syncDeadlineMs = now + this.#rebalanceTimeoutMs(group);
    for (const member of group.members.values()) {
      const respond = member.awaitingJoin;
      member.awaitingJoin = null;
      member.lastHeartbeatMs = now;
      respond?.(this.#joinResult(group, member));
    }
  }

  /** 리더가 다시 참여하지 않았으면 참여한 멤버를 리더로 뽑습니다. 참여한 멤버가 없으면 false (Kafka: maybeElectNewJoinedLeader) */
  #electJoinedLeader(group: ConsumerGroup): boolean {
    const leader = group.leaderId === null ? undefined : group.members.get(group.leaderId);
    if (!leader) return false;
    if (leader.awaitingJoin !== null) return true;
    const joined = [...group.members.values()].find((m) => m.awaitingJoin !== null);
    if (joined) group.leaderId = joined.memberId;
    return joined !== undefined;
  }

  #completeSync(
    group: ConsumerGroup,
    assignments: readonly { memberId: string; assignment: Buffer }[],
    now: number,
  ): void {
    for (const member of group.members.values()) {
      member.assignment = assignments.find((a) => a.memberId === member.memberId)?.assignment ?? Buffer.alloc(0);
    }
    group.transitionTo('Stable');
    for (const member of group.members.values()) {
      const respond = member.awaitingSync;
      if (!respond) continue;
      member.awaitingSync = null;
      // 할당을 받은 순간부터 세션을 다시 셉니다 (Kafka: propagateAssignment → rescheduleClassicGroupMemberHeartbeat).
      member.lastHeartbeatMs = now;
      respond(this.#syncResult(group, member));
    }
  }

  /**
   * 멤버를 내보내고 리밸런스를 이어 갑니다. Stable이나 CompletingRebalance였으면 리밸런스를 시작합니다. PreparingRebalance
   * 였으면 남은 멤버가 모두 다시 참여했는지 봅니다: 세션이 끝나 내보낸 것이면 곧바로 마치고(Kafka:
   * removeMemberAndUpdateClassicGroup), LeaveGroup이면 빈 그룹의 첫 리밸런스는 마감까지 기다립니다(maybeCompleteJoinPhase).
   */
  #removeMember(group: ConsumerGroup, member: Member, now: number, cause: 'leave' | 'expiry'): void {
    this.#detach(group, member);
    member.awaitingJoin?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.awaitingSync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (group.is('Dead') || group.is('Empty')) return;
    if (!group.is('PreparingRebalance')) this.#prepareRebalance(group, now);
    else if (cause === 'leave') this.#maybeCompleteJoin(group, now);
    else if (group.allMembersJoined()) this.#completeJoin(group, now);
  }

  /** 멤버를 그룹에서 뺍니다 (Kafka: ClassicGroup.remove). 리더가 빠지면 곧바로 남은 멤버 중 하나가 리더가 됩니다. */
  #detach(group: ConsumerGroup, member: Member): void {
    group.members.delete(member.memberId);
    group.pendingSyncMembers.delete(member.memberId);
    if (member.groupInstanceId !== null && group.staticMembers.get(member.groupInstanceId) === member.memberId) {
      group.staticMembers.delete(member.groupInstanceId);
    }
    if (group.leaderId === member.memberId) group.leaderId = group.members.keys().next().value ?? null;
  }

  #joinResult(group: ConsumerGroup, member: Member): JoinResult {
    const protocolName = group.protocolName ?? '';
    const isLeader = member.memberId === group.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: group.metadataFor(m, protocolName),
          }))
        : [],
      skipAssignment: false,
    };
  }

  #syncResult(group: ConsumerGroup, member: Member): SyncResult {
    return {
      errorCode: ErrorCode.NONE,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      assignment: member.assignment,
    };
  }
}
