// 8장 컨슈머 그룹과 리밸런싱 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/group/consumer-group.ts (npm run course:sync가 이 파일을 만듭니다)
import { todo } from '../../../course/todo.js';
/**
 * 컨슈머 그룹 하나의 상태 (Kafka: ClassicGroup). 그룹은 다섯 상태 중 하나이고, 정해진 전이만 할 수 있습니다:
 *
 *     Empty ──첫 멤버 JoinGroup──▶ PreparingRebalance ──모두 다시 참여──▶ CompletingRebalance
 *       ▲                             ▲        │                               │ 리더의 SyncGroup(할당)
 *       └──────멤버가 모두 떠남────────┘        │                               ▼
 *                                             └────── 멤버 참여·이탈·실패 ◀── Stable
 *     (어느 상태에서든 그룹을 지우면 Dead)
 *
 * 리밸런스(Rebalance)는 PreparingRebalance → CompletingRebalance → Stable을 한 바퀴 도는 일입니다.
 * 한 바퀴마다 세대(generation)가 1씩 오르고, 옛 세대의 요청(하트비트, 커밋)은 ILLEGAL_GENERATION으로 거절됩니다.
 */

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** 상태마다 "어느 상태에서 올 수 있는가" (Kafka: ClassicGroupState.validPreviousStates) */
const validPrevious: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export interface Protocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinResult {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  /** 리더에게만: 멤버마다 고른 프로토콜의 메타데이터 (리더가 파티션 할당을 계산합니다) */
  readonly members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export interface Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: readonly Protocol[];
  assignment: Buffer;
  lastHeartbeatMs: number;
  /** JoinGroup 응답을 기다리는 중이면 그 응답을 보낼 곳 */
  awaitingJoin: ((result: JoinResult) => void) | null;
  /** SyncGroup 응답을 기다리는 중이면 그 응답을 보낼 곳 */
  awaitingSync: ((result: SyncResult) => void) | null;
}

export class ConsumerGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** 정적 멤버십(KIP-345): group.instance.id → 지금 그 인스턴스의 멤버 ID */
  readonly staticMembers = new Map<string, string>();
  /** MEMBER_ID_REQUIRED로 ID를 받았지만 아직 다시 참여하지 않은 멤버 (ID → 만료 시각) */
  readonly pendingMembers = new Map<string, number>();
  /** PreparingRebalance에서 참여를 마감하는 시각 */
  joinDeadlineMs = 0;
  /** 빈 그룹의 첫 리밸런스는 모두 모였어도 이 시각까지 기다립니다 (group.initial.rebalance.delay.ms) */
  initialDelayUntilMs = 0;
  /** CompletingRebalance에서 리더의 SyncGroup을 기다리는 마감 시각 */
  syncDeadlineMs = 0;

  constructor(readonly groupId: string) {}

  is(state: GroupState): boolean {
    return this.state === state;
  }

  /** 정해진 전이만 허락합니다. 틀린 전이는 코디네이터의 버그이므로 크게 실패합니다. */
  transitionTo(next: GroupState): void {
    // TODO(8장): transitionTo: next로 올 수 있는 이전 상태(validPrevious[next])에 지금 상태가 없으면 Error를 던지고, 있으면 상태를 바꾸세요.
    //   예: Empty에서 곧장 Stable로 갈 수 없습니다. 오류 메시지에 그룹 ID와 "지금 → 다음" 상태를 넣어 두면 버그를 찾기 쉽습니다.
    return todo(
      'transitionTo: next로 올 수 있는 이전 상태(validPrevious[next])에 지금 상태가 없으면 Error를 던지고, 있으면 상태를 바꾸세요.',
    );
  }

  /** 모든 멤버가 지원하는 프로토콜인지 */
  supportsProtocols(protocolType: string, protocols: readonly Protocol[]): boolean {
    if (this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    const names = new Set(protocols.map((p) => p.name));
    return protocolType === this.protocolType && this.candidateProtocols().some((c) => names.has(c));
  }

  /** 모든 멤버가 지원하는 프로토콜 후보 */
  candidateProtocols(): string[] {
    const [first, ...rest] = [...this.members.values()];
    if (!first) return [];
    return first.protocols.map((p) => p.name).filter((n) => rest.every((m) => m.protocols.some((p) => p.name === n)));
  }

  /**
   * 프로토콜(파티션 할당 방식) 고르기: 후보 중에서 멤버마다 자기 선호 순서로 가장 앞선 후보에 한 표씩 던지고,
   * 가장 많은 표를 받은 것을 씁니다 (Kafka: ClassicGroup.selectProtocol).
   */
  selectProtocol(): string | null {
    const candidates = this.candidateProtocols();
    // TODO(8장): selectProtocol: 멤버마다 자기 목록(member.protocols)에서 후보(candidates)에 든 첫 프로토콜에 한 표를 던지고, 표가 가장 많은 후보를 돌려주세요.
    //   표가 같으면 candidates에서 앞선 것을 고릅니다. 후보가 없으면 null입니다.
    return todo(
      'selectProtocol: 멤버마다 자기 목록(member.protocols)에서 후보(candidates)에 든 첫 프로토콜에 한 표를 던지고, 표가 가장 많은 후보를 돌려주세요.',
    );
  }

  metadataFor(member: Member, protocolName: string): Buffer {
    return member.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
  }

  allMembersJoined(): boolean {
    return this.pendingMembers.size === 0 && [...this.members.values()].every((m) => m.awaitingJoin !== null);
  }
}
