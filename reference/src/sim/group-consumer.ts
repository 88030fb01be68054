/**
 * 그룹 판의 컨슈머 하나: Java `KafkaConsumer`의 고전(classic) 그룹 프로토콜을 열성(eager) 리밸런스로 흉내 냅니다.
 *
 *     JoinGroup ──▶ SyncGroup ──▶ OffsetFetch ──▶ 안정: Heartbeat와 OffsetCommit을 주기마다
 *        ▲ (MEMBER_ID_REQUIRED면 받은 ID로 다시)                     │
 *        └── 리밸런스(REBALANCE_IN_PROGRESS): 처리한 곳까지 커밋하고, 파티션을 모두 내려놓고 다시 참여 ◀─┘
 *            세대가 지났거나(ILLEGAL_GENERATION) 쫓겨났으면(UNKNOWN_MEMBER_ID): 커밋 없이 파티션을 잃고 다시 참여
 *            정적 멤버가 새 인스턴스에게 자리를 뺏겼으면(FENCED_INSTANCE_ID): 프로세스가 끝납니다
 *
 * 코디네이터와는 TCP 연결 하나로 이야기합니다(네트워크의 `ordered`). 요청마다 시간 제한이 있고, JoinGroup과
 * SyncGroup은 리밸런스를 기다리므로 `rebalance.timeout.ms`만큼 더 기다립니다 (Kafka: `ConsumerCoordinator`의
 * JoinGroup 요청 시간 제한). 파티션의 레코드는 따로 두지 않고, 커밋할 때마다 "그사이 처리한 만큼" 위치를 올립니다.
 */
import { type Assignment, rangeAssign, roundRobinAssign } from '../client/assignors.js';
import type { JoinResult, SyncResult } from '../group/consumer-group.js';
import type { JoinRequest, SyncRequest } from '../group/group-coordinator.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { SimClock } from './clock.js';
import type { SimNetwork } from './network.js';
import type { SeededRandom } from './random.js';
import { SimClient } from './sim-client.js';

export const COORDINATOR_ID = 0;
export const GROUP_ID = 'sim-group';
export const TOPIC = 'events';

export type GroupRequest =
  | { readonly api: 'JoinGroup'; readonly request: JoinRequest }
  | { readonly api: 'SyncGroup'; readonly request: SyncRequest }
  | { readonly api: 'Heartbeat'; readonly member: MemberRef }
  | { readonly api: 'LeaveGroup'; readonly member: MemberRef }
  | { readonly api: 'OffsetCommit'; readonly member: MemberRef; readonly offsets: readonly PartitionOffset[] }
  | { readonly api: 'OffsetFetch'; readonly partitions: readonly number[] };

export type GroupResponse =
  | { readonly api: 'JoinGroup'; readonly result: JoinResult }
  | { readonly api: 'SyncGroup'; readonly result: SyncResult }
  | { readonly api: 'Heartbeat'; readonly errorCode: number }
  | { readonly api: 'LeaveGroup'; readonly errorCode: number }
  | { readonly api: 'OffsetCommit'; readonly errorCodes: readonly number[] }
  | { readonly api: 'OffsetFetch'; readonly offsets: readonly (number | null)[] };

/** 요청에 싣는 멤버 정보 (Heartbeat, LeaveGroup, OffsetCommit) */
export interface MemberRef {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly generationId: number;
}

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: number;
}

export interface ConsumerConfig {
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** auto.commit.interval.ms */
  readonly commitIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly retryBackoffMs: number;
  readonly partitions: number;
  readonly assignor: 'range' | 'roundrobin';
}

export type ConsumerPhase = 'joining' | 'syncing' | 'fetching' | 'stable' | 'revoking' | 'stopped';

/** 할당의 바이트: 코디네이터는 열어 보지 않고 리더에게서 멤버들에게 옮길 뿐이라, 시뮬레이터는 JSON으로 적습니다. */
export const encodeAssignment = (partitions: readonly number[]): Buffer => Buffer.from(JSON.stringify(partitions));
export const decodeAssignment = (bytes: Buffer): number[] =>
  bytes.length === 0 ? [] : (JSON.parse(bytes.toString()) as number[]);

export class SimConsumer extends SimClient<GroupRequest, GroupResponse> {
  phase: ConsumerPhase = 'stopped';
  memberId = '';
  /** JoinGroup이 알려 준 세대 */
  generation = -1;
  /** 지금 가진 파티션(`owned`)을 받은 세대 */
  assignedGeneration = -1;
  owned: number[] = [];
  /** 파티션마다 다음에 처리할 오프셋 (OffsetFetch로 받은 커밋에서 시작) */
  readonly positions = new Map<number, number>();
  /** 같은 group.instance.id의 새 인스턴스에게 자리를 뺏겨 끝났는지 */
  fenced = false;
  #commitInFlight = false;
  #heartbeatInFlight = false;
  /** 리밸런스: 진행 중인 커밋이 끝나면 할 일 */
  #afterCommit: (() => void) | null = null;

  constructor(
    id: number,
    clock: SimClock,
    network: SimNetwork<GroupRequest, GroupResponse>,
    readonly groupInstanceId: string | null,
    private readonly config: ConsumerConfig,
    private readonly random: SeededRandom,
  ) {
    super(id, clock, network);
  }

  get name(): string {
    return this.groupInstanceId === null ? `컨슈머 ${this.id}` : `컨슈머 ${this.id}(${this.groupInstanceId})`;
  }

  /** 프로세스를 켭니다: 새 프로세스는 멤버 ID 없이 처음부터 참여합니다. */
  start(): void {
    if (this.alive || this.fenced) return;
    this.attach();
    this.memberId = '';
    this.generation = -1;
    this.#lose();
    this.#commitInFlight = false;
    this.#heartbeatInFlight = false;
    this.#afterCommit = null;
    this.#join();
    this.#every(this.config.heartbeatIntervalMs, () => this.#heartbeat());
    this.#every(this.config.commitIntervalMs, () => this.#autoCommit());
  }

  /** 우아한 종료: LeaveGroup을 보내고 (답을 기다리지 않고) 끝납니다 (`consumer.close()`). */
  leave(): void {
    if (!this.alive) return;
    if (this.memberId !== '')
      this.#send({ api: 'LeaveGroup', member: this.#member() }, this.config.requestTimeoutMs, () => {});
    this.stop();
  }

  /** 프로세스가 끝납니다 (kill -9이든 종료든) */
  stop(): void {
    this.kill();
    this.phase = 'stopped';
  }

  #member(): MemberRef {
    return { memberId: this.memberId, groupInstanceId: this.groupInstanceId, generationId: this.generation };
  }

  #every(periodMs: number, action: () => void): void {
    this.after(periodMs, () => {
      action();
      this.#every(periodMs, action);
    });
  }

  #send(request: GroupRequest, timeoutMs: number, onResponse: (response: GroupResponse | null) => void): void {
    this.request(COORDINATOR_ID, request, timeoutMs, (outcome) => onResponse(outcome.ok ? outcome.response : null));
  }

  /** 파티션을 모두 내려놓습니다 (커밋하지 않음) */
  #lose(): void {
    this.owned = [];
    this.assignedGeneration = -1;
    this.positions.clear();
  }

  #fence(): void {
    this.fenced = true;
    this.stop();
  }

  #join(): void {
    this.phase = 'joining';
    this.#send(
      {
        api: 'JoinGroup',
        request: {
          groupId: GROUP_ID,
          memberId: this.memberId,
          groupInstanceId: this.groupInstanceId,
          clientId: `consumer-${this.id}`,
          clientHost: '/sim',
          sessionTimeoutMs: this.config.sessionTimeoutMs,
          rebalanceTimeoutMs: this.config.rebalanceTimeoutMs,
          protocolType: 'consumer',
          protocols: [{ name: this.config.assignor, metadata: Buffer.alloc(0) }],
          requireKnownMemberId: true,
          supportsSkippingAssignment: true,
        },
      },
      this.config.rebalanceTimeoutMs + this.config.requestTimeoutMs,
      (response) => this.#onJoin(response?.api === 'JoinGroup' ? response.result : null),
    );
  }

  #rejoinLater(): void {
    this.phase = 'joining';
    this.after(this.config.retryBackoffMs, () => this.#join());
  }

  #onJoin(result: JoinResult | null): void {
    if (result === null) {
      this.#rejoinLater();
      return;
    }
    switch (result.errorCode) {
      case ErrorCode.NONE:
        break;
      case ErrorCode.MEMBER_ID_REQUIRED:
        this.memberId = result.memberId;
        this.#join();
        return;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.memberId = '';
        this.#rejoinLater();
        return;
      case ErrorCode.FENCED_INSTANCE_ID:
        this.#fence();
        return;
      default:
        this.#rejoinLater();
        return;
    }
    this.memberId = result.memberId;
    this.generation = result.generationId;
    this.phase = 'syncing';
    // 리더가 할당을 계산합니다 (다시 켜진 정적 리더에게 skipAssignment가 오면 할당은 이미 있습니다: KIP-814).
    const isLeader = result.leader === result.memberId && !result.skipAssignment;
    const assignments = isLeader ? this.#assign(result.members.map((m) => m.memberId)) : [];
    this.#send(
      {
        api: 'SyncGroup',
        request: {
          groupId: GROUP_ID,
          generationId: result.generationId,
          memberId: this.memberId,
          groupInstanceId: this.groupInstanceId,
          protocolType: 'consumer',
          protocolName: result.protocolName,
          assignments,
        },
      },
      this.config.rebalanceTimeoutMs + this.config.requestTimeoutMs,
      (response) => this.#onSync(result.generationId, response?.api === 'SyncGroup' ? response.result : null),
    );
  }

  #assign(memberIds: readonly string[]): { memberId: string; assignment: Buffer }[] {
    const assign = this.config.assignor === 'range' ? rangeAssign : roundRobinAssign;
    const result = assign(
      memberIds.map((memberId) => ({ memberId, topics: [TOPIC] })),
      { [TOPIC]: this.config.partitions },
    );
    return [...result].map(([memberId, assignment]: [string, Assignment]) => ({
      memberId,
      assignment: encodeAssignment(assignment[TOPIC] ?? []),
    }));
  }

  #onSync(generation: number, result: SyncResult | null): void {
    if (this.phase !== 'syncing' || this.generation !== generation) return;
    if (result === null) {
      this.#join();
      return;
    }
    switch (result.errorCode) {
      case ErrorCode.NONE:
        this.owned = decodeAssignment(result.assignment);
        this.assignedGeneration = generation;
        this.#fetchOffsets();
        return;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.memberId = '';
        this.#rejoinLater();
        return;
      case ErrorCode.FENCED_INSTANCE_ID:
        this.#fence();
        return;
      default:
        this.#rejoinLater();
        return;
    }
  }

  /** 받은 파티션의 커밋된 오프셋에서 시작합니다 (없으면 처음부터: auto.offset.reset=earliest). */
  #fetchOffsets(): void {
    this.phase = 'fetching';
    const partitions = [...this.owned];
    const generation = this.assignedGeneration;
    this.#send({ api: 'OffsetFetch', partitions }, this.config.requestTimeoutMs, (response) => {
      if (this.phase !== 'fetching' || this.assignedGeneration !== generation) return;
      if (response?.api !== 'OffsetFetch') {
        this.after(this.config.retryBackoffMs, () => this.#fetchOffsets());
        return;
      }
      partitions.forEach((p, i) => {
        this.positions.set(p, response.offsets[i] ?? 0);
      });
      this.phase = 'stable';
    });
  }

  #heartbeat(): void {
    if ((this.phase !== 'stable' && this.phase !== 'fetching') || this.#heartbeatInFlight) return;
    this.#heartbeatInFlight = true;
    const generation = this.generation;
    this.#send({ api: 'Heartbeat', member: this.#member() }, this.config.requestTimeoutMs, (response) => {
      this.#heartbeatInFlight = false;
      if (response?.api !== 'Heartbeat' || this.generation !== generation) return;
      this.#onMembershipError(response.errorCode);
    });
  }

  /** 하트비트와 커밋의 답이 알려 주는 그룹의 사정에 따릅니다. */
  #onMembershipError(errorCode: number): void {
    if (this.phase !== 'stable' && this.phase !== 'fetching') return;
    switch (errorCode) {
      case ErrorCode.REBALANCE_IN_PROGRESS:
        this.#revokeAndRejoin();
        return;
      case ErrorCode.ILLEGAL_GENERATION:
        this.#lose();
        this.#join();
        return;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.memberId = '';
        this.#lose();
        this.#join();
        return;
      case ErrorCode.FENCED_INSTANCE_ID:
        this.#fence();
        return;
    }
  }

  /** 주기적인 커밋 (enable.auto.commit): 그사이 처리한 만큼 위치를 올리고, 그 위치를 커밋합니다. */
  #autoCommit(): void {
    if (this.phase !== 'stable' || this.#commitInFlight) return;
    this.#commit((errorCode) => {
      const waiting = this.#afterCommit;
      this.#afterCommit = null;
      if (waiting) waiting();
      else if (errorCode !== null) this.#onMembershipError(errorCode);
    });
  }

  /** 처리한 곳까지 커밋합니다. `onDone`은 첫 오류 코드(모두 받아들였으면 NONE)와, 답이 오지 않았으면 null로 불립니다. */
  #commit(onDone: (errorCode: number | null) => void): void {
    // 주기마다 파티션마다 레코드를 몇 개씩 처리했습니다 (쉬지 않고 레코드가 들어오는 토픽)
    for (const p of this.owned) this.positions.set(p, (this.positions.get(p) ?? 0) + 1 + this.random.int(3));
    const offsets = this.owned.map((partition) => ({ partition, offset: this.positions.get(partition) ?? 0 }));
    this.#commitInFlight = true;
    this.#send({ api: 'OffsetCommit', member: this.#member(), offsets }, this.config.requestTimeoutMs, (response) => {
      this.#commitInFlight = false;
      onDone(
        response?.api === 'OffsetCommit'
          ? (response.errorCodes.find((c) => c !== ErrorCode.NONE) ?? ErrorCode.NONE)
          : null,
      );
    });
  }

  /**
   * 리밸런스에 들어갑니다 (열성 방식의 onPartitionsRevoked): 진행 중인 커밋을 기다리고, 처리한 곳까지 한 번 더 커밋한 뒤
   * 파티션을 모두 내려놓고 다시 참여합니다. 아직 커밋된 오프셋을 받지 못했으면(위치를 모름) 커밋하지 않습니다.
   */
  #revokeAndRejoin(): void {
    this.phase = 'revoking';
    const finalCommit = () => {
      if (this.owned.length === 0 || this.positions.size === 0) {
        this.#lose();
        this.#join();
        return;
      }
      this.#commit((errorCode) => {
        if (errorCode === ErrorCode.FENCED_INSTANCE_ID) {
          this.#fence();
          return;
        }
        if (errorCode === ErrorCode.UNKNOWN_MEMBER_ID) this.memberId = '';
        this.#lose();
        this.#join();
      });
    };
    if (this.#commitInFlight) this.#afterCommit = finalCommit;
    else finalCommit();
  }
}
