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
 *
 * 요청을 받아도 되는지 가리는 규칙(validateMember, validateOffsetCommit)도 여기 있습니다. Kafka처럼 그룹 상태를
 * 가진 쪽이 판단하고, 코디네이터는 그 답(오류 코드)을 그대로 돌려줍니다. 상태마다의 답은 group/README.md의 표에 있습니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { subscribedTopicsOf } from './consumer-protocol.js';

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
  /** v9+: 다시 시작한 정적 리더에게 "할당은 이미 있으니 다시 계산하지 말라"고 알립니다 (KIP-814) */
  readonly skipAssignment: boolean;
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
  /**
   * 빈 그룹에서 시작한 리밸런스(Kafka: previousState == Empty)면 그 기다림: 이번에 기다리는 시간과, 새 멤버가 들어와
   * 더 기다릴 수 있는 남은 시간. 이 리밸런스는 모두 모여도 마감까지 기다립니다 (group.initial.rebalance.delay.ms).
   */
  initialRebalance: { delayMs: number; remainingMs: number } | null = null;
  /** 첫 리밸런스를 기다리는 동안 새 멤버가 들어왔는지: 그러면 마감을 한 번 더 미룹니다 (Kafka: newMemberAdded) */
  newMemberAdded = false;
  /**
   * 멤버들이 구독한 토픽들: 세대가 정해질 때마다 멤버들의 구독 정보에서 계산합니다 (Kafka: ClassicGroup.subscribedTopics).
   * 컨슈머 그룹이 아니거나 아직 세대가 없거나 구독 정보를 읽지 못하면 null(모름)입니다.
   */
  subscribedTopics: ReadonlySet<string> | null = null;
  /** 이번 세대의 JoinGroup 응답을 받고도 아직 SyncGroup을 보내지 않은 멤버들 (Kafka: pendingSyncMembers) */
  readonly pendingSyncMembers = new Set<string>();
  /** pendingSyncMembers가 SyncGroup을 보내야 하는 마감 시각 (세대가 정해지고 rebalance.timeout.ms 뒤) */
  syncDeadlineMs = 0;

  constructor(readonly groupId: string) {}

  is(state: GroupState): boolean {
    return this.state === state;
  }

  /** 정해진 전이만 허락합니다. 틀린 전이는 코디네이터의 버그이므로 크게 실패합니다. */
  transitionTo(next: GroupState): void {
    // @exercise(8) transitionTo: next로 올 수 있는 이전 상태(validPrevious[next])에 지금 상태가 없으면 Error를 던지고, 있으면 상태를 바꾸세요.
    //   예: Empty에서 곧장 Stable로 갈 수 없습니다. 오류 메시지에는 그룹 ID와 지금 상태, 가려던 상태를 넣으세요(버그를 찾는 단서).
    if (!validPrevious[next].includes(this.state)) {
      throw new Error(`그룹 ${this.groupId}: ${this.state} → ${next} 전이는 허락되지 않습니다`);
    }
    this.state = next;
    // @end
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
    // @exercise(8) selectProtocol: 멤버마다 자기 목록(member.protocols)에서 후보(candidates)에 든 첫 프로토콜에 한 표를 던지고, 표가 가장 많은 후보를 돌려주세요.
    //   표가 같으면 candidates에서 앞선 것을 고릅니다. 후보가 없으면 null입니다.
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const choice = member.protocols.find((p) => candidates.includes(p.name))?.name;
      if (choice) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const name of candidates) if (best === null || (votes.get(name) ?? 0) > (votes.get(best) ?? 0)) best = name;
    return best;
    // @end
  }

  metadataFor(member: Member, protocolName: string): Buffer {
    return member.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
  }

  /**
   * 요청을 보낸 멤버가 이 그룹의 지금 멤버인지 (Kafka: ClassicGroup.validateMember). 인스턴스 ID를 함께 보냈다면
   * 그 인스턴스의 지금 멤버 ID와 같아야 합니다: 모르는 인스턴스면 UNKNOWN_MEMBER_ID, 다른 멤버 ID면 같은 인스턴스가
   * 새로 참여해 이 멤버를 대신한 것이므로 FENCED_INSTANCE_ID입니다.
   */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const current = this.staticMembers.get(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (current !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    return this.members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /**
   * OffsetCommit(isTransactional = false)과 TxnOffsetCommit(true)을 받아도 되는지 (Kafka: ClassicGroup.validateOffsetCommit).
   * 검사 순서도 Kafka와 같습니다:
   *
   * 1. Dead → COORDINATOR_NOT_AVAILABLE (그룹이 막 지워졌습니다: 코디네이터를 다시 찾게 합니다)
   * 2. 세대 -1이고 그룹이 Empty → 받습니다. 그룹 관리 없이 오프셋만 쓰는 컨슈머(assign())나 관리 도구의 커밋입니다.
   * 3. 멤버 정보를 보냈으면(세대 ≥ 0, 멤버 ID, 인스턴스 ID 중 하나라도) 지금 멤버여야 하고(validateMember) 세대가 같아야
   *    합니다 (ILLEGAL_GENERATION). 아무것도 보내지 않았으면 빈 그룹에만 쓸 수 있습니다(UNKNOWN_MEMBER_ID): 멤버가 있는
   *    그룹의 오프셋을 밖에서 덮어쓰지 못하게요. 트랜잭션 커밋은 예외입니다 (옛 TxnOffsetCommit에는 멤버 정보가 없습니다).
   * 4. CompletingRebalance → REBALANCE_IN_PROGRESS. 이 세대의 JoinGroup 응답은 받았지만 아직 할당(SyncGroup)을 받지
   *    못한 멤버이니, 할당을 받은 뒤에 커밋하라는 뜻입니다. 트랜잭션 커밋은 그룹 상태에 묶이지 않습니다.
   *
   * PreparingRebalance에서는 지금 세대 멤버의 커밋을 **받습니다**. 리밸런스가 시작되었어도 이 멤버는 다시 참여하기 전까지
   * 자기 파티션의 주인이고, 지금까지 처리한 것을 커밋해야 다음 주인이 그 뒤부터 읽습니다. kafkajs는 하트비트가
   * REBALANCE_IN_PROGRESS를 알려 주면 바로 커밋하고 다시 참여합니다: 이 커밋을 거절하면 처리한 배치를 다음 주인이
   * 다시 읽습니다.
   */
  validateOffsetCommit(
    memberId: string,
    groupInstanceId: string | null,
    generationId: number,
    isTransactional: boolean,
  ): number {
    if (this.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && this.is('Empty')) return ErrorCode.NONE;
    if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
      const memberError = this.validateMember(memberId, groupInstanceId);
      if (memberError !== ErrorCode.NONE) return memberError;
      if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!isTransactional && !this.is('Empty')) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (!isTransactional && this.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  /** 프로토콜 종류가 "consumer"인지: 구독 정보를 읽을 수 있는 그룹인지 (Kafka: ClassicGroup.usesConsumerGroupProtocol) */
  usesConsumerProtocol(): boolean {
    return this.protocolType === 'consumer';
  }

  /** 고른 프로토콜의 구독 정보에서 토픽을 모읍니다 (Kafka: ClassicGroup.computeSubscribedTopics). 세대가 정해질 때 부릅니다. */
  computeSubscribedTopics(): ReadonlySet<string> | null {
    if (!this.usesConsumerProtocol()) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const topics = new Set<string>();
    for (const member of this.members.values()) {
      const subscribed = subscribedTopicsOf(this.metadataFor(member, this.protocolName));
      if (subscribed === null) return null;
      for (const topic of subscribed) topics.add(topic);
    }
    return topics;
  }

  /**
   * 그룹이 이 토픽을 읽고 있는지 (Kafka: ClassicGroup.isSubscribedToTopic). 구독을 모르면, 컨슈머 그룹은 읽고 있다고
   * 보고(지우면 안 되니까) 그 밖의 그룹은 아니라고 봅니다.
   */
  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics ? this.subscribedTopics.has(topic) : this.usesConsumerProtocol();
  }

  /**
   * OffsetDelete를 받아도 되는지 (Kafka: ClassicGroup.validateOffsetDelete). 멤버가 있는 컨슈머 그룹도 받습니다:
   * 구독하지 않는 토픽의 오프셋만 지우니까요(토픽마다 isSubscribedToTopic으로 가립니다). 구독을 알 수 없는, 컨슈머
   * 프로토콜이 아닌 그룹은 비어 있어야 합니다.
   */
  validateOffsetDelete(): number {
    if (this.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!this.is('Empty') && !this.usesConsumerProtocol()) return ErrorCode.NON_EMPTY_GROUP;
    return ErrorCode.NONE;
  }

  /** DeleteGroups를 받아도 되는지 (Kafka: ClassicGroup.validateDeleteGroup): 멤버가 있는 그룹은 지울 수 없습니다. */
  validateDeleteGroup(): number {
    if (this.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (this.is('Empty')) return ErrorCode.NONE;
    return ErrorCode.NON_EMPTY_GROUP;
  }

  allMembersJoined(): boolean {
    return this.pendingMembers.size === 0 && [...this.members.values()].every((m) => m.awaitingJoin !== null);
  }
}
