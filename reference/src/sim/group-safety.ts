/**
 * 그룹 판의 안전성: 걸음(가상 시계의 사건 하나)마다 코디네이터의 그룹 상태, 그 걸음에 코디네이터가 보낸 답, 컨슈머들이
 * 믿는 것을 봅니다. 하나라도 깨지면 `SafetyViolation`을 던지고, 시뮬레이터는 그 씨앗을 다시 돌리는 명령을 찍습니다.
 *
 * - MonotonicGeneration: 그룹의 세대는 줄지 않습니다.
 * - LeaderIsMember: 그룹의 리더는 그룹의 멤버입니다.
 * - UniqueOwnership: 같은 세대의 두 (살아 있는) 컨슈머가 같은 파티션을 가졌다고 믿지 않습니다. 같은 group.instance.id의
 *   새 인스턴스에게 자리를 뺏긴 좀비는 빼고 봅니다: 그 좀비는 코디네이터에게 말을 거는 순간 FENCED_INSTANCE_ID를 받습니다.
 * - SingleAssignmentPerGeneration: 한 세대의 할당은 그 세대 리더의 SyncGroup이 보낸 것 하나뿐입니다. 그룹이 Stable이 될
 *   때 멤버들의 할당은 리더가 보낸 그대로이고, 그 세대의 SyncGroup 답은 모두 그 할당의 제 몫이며, Stable인 동안 바뀌지
 *   않습니다 (정적 멤버가 새 멤버 ID로 바뀌면 옛 멤버의 몫을 이어받습니다). 지금 세대가 아닌 SyncGroup에는 할당을 주지 않습니다.
 * - StaleCommitRefused: 코디네이터가 받아들인 OffsetCommit은 지금 멤버가(정적 멤버면 지금 그 인스턴스의 멤버 ID로) 지금
 *   세대를 달고, Stable이나 PreparingRebalance에서 보낸 것뿐입니다. 옛 세대와 쫓겨난 멤버, 자리를 뺏긴 인스턴스의 커밋은 거절됩니다.
 * - CommittedOffsetMonotonic: 파티션의 커밋된 오프셋은 뒤로 가지 않습니다 (이 판에는 오프셋을 되돌리는 관리 작업이 없습니다).
 *   파티션의 새 주인은 커밋된 곳에서 시작하고, 옛 주인의 늦은 커밋은 세대 검사에 막히기 때문입니다.
 * - MemberRemovedOnlyForCause: 멤버는 떠났거나(LeaveGroup), 같은 인스턴스의 새 멤버로 바뀌었거나, 세션이 끝났거나,
 *   리밸런스의 참여 마감(rebalance.timeout.ms, 빈 그룹의 첫 리밸런스는 group.initial.rebalance.delay.ms)이나 SyncGroup
 *   마감까지 오지 않았을 때만 그룹에서 빠집니다. 리밸런스는 다시 참여할 멤버를 기다립니다.
 */
import type { ConsumerGroup, GroupState } from '../group/consumer-group.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { decodeAssignment, type GroupRequest, type GroupResponse } from './group-consumer.js';
import { SafetyViolation } from './quorum-safety.js';

export type GroupInvariantName =
  | 'MonotonicGeneration'
  | 'LeaderIsMember'
  | 'UniqueOwnership'
  | 'SingleAssignmentPerGeneration'
  | 'StaleCommitRefused'
  | 'CommittedOffsetMonotonic'
  | 'MemberRemovedOnlyForCause';

/** 코디네이터가 한 걸음에 보낸 답 하나와 그 요청 */
export interface Answer {
  readonly request: GroupRequest;
  readonly response: GroupResponse;
}

/** 한 걸음에 코디네이터가 받은 요청들과 보낸 답들 (JoinGroup과 SyncGroup의 답은 다른 걸음에 나갈 수 있습니다) */
export interface StepTraffic {
  readonly requests: readonly GroupRequest[];
  readonly answers: readonly Answer[];
}

/** 컨슈머가 믿는 것 */
export interface ConsumerView {
  readonly name: string;
  readonly alive: boolean;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly assignedGeneration: number;
  readonly owned: readonly number[];
}

interface MemberSnapshot {
  readonly groupInstanceId: string | null;
  readonly lastHeartbeatMs: number;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly awaitingJoin: boolean;
  readonly awaitingSync: boolean;
  readonly assignment: string;
}

interface GroupSnapshot {
  readonly state: GroupState | 'None';
  readonly generation: number;
  readonly leaderId: string | null;
  readonly members: ReadonlyMap<string, MemberSnapshot>;
  readonly staticMembers: ReadonlyMap<string, string>;
  readonly pendingSync: ReadonlySet<string>;
}

const EMPTY: GroupSnapshot = {
  state: 'None',
  generation: 0,
  leaderId: null,
  members: new Map(),
  staticMembers: new Map(),
  pendingSync: new Set(),
};

function snapshot(group: ConsumerGroup | undefined): GroupSnapshot {
  if (!group) return EMPTY;
  const members = new Map<string, MemberSnapshot>();
  for (const [id, m] of group.members) {
    members.set(id, {
      groupInstanceId: m.groupInstanceId,
      lastHeartbeatMs: m.lastHeartbeatMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      awaitingJoin: m.awaitingJoin !== null,
      awaitingSync: m.awaitingSync !== null,
      assignment: m.assignment.toString('base64'),
    });
  }
  return {
    state: group.state,
    generation: group.generationId,
    leaderId: group.leaderId,
    members,
    staticMembers: new Map(group.staticMembers),
    pendingSync: new Set(group.pendingSyncMembers),
  };
}

const maxRebalanceTimeout = (s: GroupSnapshot) =>
  Math.max(0, ...[...s.members.values()].map((m) => m.rebalanceTimeoutMs));

export class GroupSafetyChecker {
  /** 검사 횟수 (보고용) */
  checks = 0;
  #previous: GroupSnapshot = EMPTY;
  /** 지금 리밸런스(PreparingRebalance)가 시작된 시각과, 빈 그룹에서 시작했는지 */
  #preparing = { since: 0, fromEmpty: false };
  /** 지금 세대가 정해진 시각 (SyncGroup 마감을 재는 기준) */
  #formedAt = 0;
  /** 세대마다 리더가 보낸 할당: 멤버 ID → 바이트(base64) */
  readonly #assignments = new Map<number, Map<string, string>>();
  /** 정적 멤버가 새 멤버 ID로 바뀐 기록: 새 ID → 옛 ID */
  readonly #replacedFrom = new Map<string, string>();
  /** 새 멤버 ID에게 자리를 뺏긴 옛 멤버 ID들 (그 인스턴스의 좀비) */
  readonly #fencedIds = new Set<string>();
  #committed = new Map<number, number>();

  constructor(private readonly initialRebalanceDelayMs: number) {}

  /**
   * 한 걸음이 끝났습니다. `now`는 코디네이터의 시계, `traffic`은 이 걸음에 코디네이터가 받은 요청과 보낸 답,
   * `committed`는 파티션마다 커밋된 오프셋입니다.
   */
  check(
    now: number,
    group: ConsumerGroup | undefined,
    traffic: StepTraffic,
    committed: ReadonlyMap<number, number>,
    consumers: readonly ConsumerView[],
  ): void {
    this.checks++;
    const before = this.#previous;
    const after = snapshot(group);
    if (after.generation < before.generation) {
      this.#fail('MonotonicGeneration', `세대가 ${before.generation}에서 ${after.generation}로 줄었습니다`);
    }
    if (after.leaderId !== null && !after.members.has(after.leaderId)) {
      this.#fail('LeaderIsMember', `리더 ${after.leaderId}가 멤버가 아닙니다`);
    }
    this.#checkRemovals(now, before, after, traffic.requests);
    this.#trackPhases(now, before, after, traffic.requests);
    for (const answer of traffic.answers) this.#checkAnswer(before, after, answer);
    this.#checkActiveAssignment(after);
    this.#checkOwnership(consumers);
    this.#checkCommitted(committed);
    this.#previous = after;
  }

  #fail(invariant: GroupInvariantName, detail: string): never {
    throw new SafetyViolation(invariant, detail);
  }

  /** 정적 멤버가 바뀐 사슬을 따라 처음 멤버 ID로 */
  #root(memberId: string): string {
    let id = memberId;
    for (let next = this.#replacedFrom.get(id); next !== undefined; next = this.#replacedFrom.get(id)) id = next;
    return id;
  }

  #trackPhases(now: number, before: GroupSnapshot, after: GroupSnapshot, requests: readonly GroupRequest[]): void {
    for (const [instance, memberId] of after.staticMembers) {
      const old = before.staticMembers.get(instance);
      if (old !== undefined && old !== memberId && !this.#replacedFrom.has(memberId)) {
        this.#replacedFrom.set(memberId, old);
        this.#fencedIds.add(old);
      }
    }
    const newRebalance =
      after.state === 'PreparingRebalance' &&
      (before.state !== 'PreparingRebalance' || before.generation !== after.generation);
    if (newRebalance) this.#preparing = { since: now, fromEmpty: before.state === 'Empty' || before.state === 'None' };
    if (after.generation !== before.generation) this.#formedAt = now;
    const becameStable =
      after.state === 'Stable' && (before.state !== 'Stable' || before.generation !== after.generation);
    if (!becameStable) return;
    // 리더가 이 걸음에 보낸 SyncGroup의 할당이 그대로 멤버들의 할당이 되었는지
    const leaderSync = requests.find(
      (r) =>
        r.api === 'SyncGroup' && r.request.memberId === after.leaderId && r.request.generationId === after.generation,
    );
    if (leaderSync?.api !== 'SyncGroup') {
      this.#fail(
        'SingleAssignmentPerGeneration',
        `세대 ${after.generation}이 리더의 SyncGroup 없이 Stable이 되었습니다`,
      );
    }
    const sent = new Map(leaderSync.request.assignments.map((a) => [a.memberId, a.assignment.toString('base64')]));
    const adopted = new Map<string, string>();
    for (const [memberId, member] of after.members) {
      const expected = sent.get(memberId) ?? '';
      if (member.assignment !== expected) {
        this.#fail(
          'SingleAssignmentPerGeneration',
          `세대 ${after.generation}: 멤버 ${memberId}의 할당이 리더가 보낸 것과 다릅니다`,
        );
      }
      adopted.set(this.#root(memberId), expected);
    }
    this.#assignments.set(after.generation, adopted);
  }

  #expectedAssignment(generation: number, memberId: string): string | undefined {
    return this.#assignments.get(generation)?.get(this.#root(memberId));
  }

  #checkAnswer(before: GroupSnapshot, after: GroupSnapshot, { request, response }: Answer): void {
    if (request.api === 'SyncGroup' && response.api === 'SyncGroup' && response.result.errorCode === ErrorCode.NONE) {
      const { generationId, memberId } = request.request;
      if (generationId !== after.generation) {
        this.#fail(
          'SingleAssignmentPerGeneration',
          `세대 ${after.generation}인데 세대 ${generationId}의 SyncGroup에 할당을 주었습니다 (멤버 ${memberId})`,
        );
      }
      const expected = this.#expectedAssignment(generationId, memberId);
      if (expected === undefined || response.result.assignment.toString('base64') !== expected) {
        this.#fail(
          'SingleAssignmentPerGeneration',
          `세대 ${generationId}의 멤버 ${memberId}가 받은 할당 ${JSON.stringify(decodeAssignment(response.result.assignment))}이 리더가 보낸 몫이 아닙니다`,
        );
      }
    }
    if (request.api === 'OffsetCommit' && response.api === 'OffsetCommit') {
      if (!response.errorCodes.includes(ErrorCode.NONE)) return;
      const { memberId, groupInstanceId, generationId } = request.member;
      const why = !before.members.has(memberId)
        ? `멤버가 아닌 ${memberId || '(빈 멤버 ID)'}`
        : groupInstanceId !== null && before.staticMembers.get(groupInstanceId) !== memberId
          ? `인스턴스 ${groupInstanceId}의 자리를 뺏긴 ${memberId}`
          : generationId !== before.generation
            ? `세대 ${before.generation}인데 세대 ${generationId}를 단 ${memberId}`
            : before.state !== 'Stable' && before.state !== 'PreparingRebalance'
              ? `${before.state} 상태에서 ${memberId}`
              : null;
      if (why) this.#fail('StaleCommitRefused', `${why}의 OffsetCommit을 받아들였습니다`);
    }
  }

  #checkRemovals(now: number, before: GroupSnapshot, after: GroupSnapshot, requests: readonly GroupRequest[]): void {
    for (const [memberId, member] of before.members) {
      if (after.members.has(memberId)) continue;
      const left = requests.some(
        (r) =>
          r.api === 'LeaveGroup' &&
          (r.member.memberId === memberId ||
            (r.member.memberId === '' && r.member.groupInstanceId === member.groupInstanceId)),
      );
      const replaced =
        member.groupInstanceId !== null &&
        requests.some(
          (r) =>
            r.api === 'JoinGroup' &&
            r.request.groupInstanceId === member.groupInstanceId &&
            r.request.memberId !== memberId,
        );
      const expired =
        !member.awaitingJoin && !member.awaitingSync && now >= member.lastHeartbeatMs + member.sessionTimeoutMs;
      const joinDeadline =
        this.#preparing.since +
        (this.#preparing.fromEmpty ? this.initialRebalanceDelayMs : maxRebalanceTimeout(before));
      const missedJoin = before.state === 'PreparingRebalance' && !member.awaitingJoin && now >= joinDeadline;
      const missedSync =
        (before.state === 'CompletingRebalance' || before.state === 'Stable') &&
        before.pendingSync.has(memberId) &&
        now >= this.#formedAt + maxRebalanceTimeout(before);
      if (!left && !replaced && !expired && !missedJoin && !missedSync) {
        this.#fail(
          'MemberRemovedOnlyForCause',
          `멤버 ${memberId}가 떠나지도, 바뀌지도, 세션이 끝나지도(마지막 하트비트 ${member.lastHeartbeatMs}, 지금 ${now}), ` +
            `마감을 넘기지도 않았는데 그룹(${before.state} → ${after.state}, 세대 ${after.generation})에서 빠졌습니다`,
        );
      }
    }
  }

  #checkActiveAssignment(after: GroupSnapshot): void {
    if (after.state !== 'Stable') return;
    for (const [memberId, member] of after.members) {
      if (member.assignment !== (this.#expectedAssignment(after.generation, memberId) ?? '')) {
        this.#fail(
          'SingleAssignmentPerGeneration',
          `Stable 세대 ${after.generation}에서 멤버 ${memberId}의 할당이 그 세대 리더가 보낸 것이 아닙니다`,
        );
      }
    }
  }

  #checkOwnership(consumers: readonly ConsumerView[]): void {
    const owners = new Map<string, string>();
    for (const c of consumers) {
      if (!c.alive || this.#fencedIds.has(c.memberId)) continue; // 자리를 뺏긴 좀비는 빼고
      for (const p of c.owned) {
        const key = `${c.assignedGeneration}:${p}`;
        const other = owners.get(key);
        if (other !== undefined) {
          this.#fail(
            'UniqueOwnership',
            `세대 ${c.assignedGeneration}의 파티션 ${p}를 ${other}와 ${c.name}가 함께 가졌습니다`,
          );
        }
        owners.set(key, c.name);
      }
    }
  }

  #checkCommitted(committed: ReadonlyMap<number, number>): void {
    for (const [partition, offset] of committed) {
      const previous = this.#committed.get(partition);
      if (previous !== undefined && offset < previous) {
        this.#fail(
          'CommittedOffsetMonotonic',
          `파티션 ${partition}의 커밋된 오프셋이 ${previous}에서 ${offset}로 뒤로 갔습니다`,
        );
      }
    }
    this.#committed = new Map(committed);
  }
}
