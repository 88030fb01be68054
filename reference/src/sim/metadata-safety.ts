/**
 * 컨트롤러와 브로커의 안전성: 쿼럼의 안전성(`quorum-safety.ts`: 리더 하나, 로그 일치, 커밋된 것은 바뀌지 않음,
 * 모든 노드가 같은 순서로 적용함)에 더해, 커밋된 메타데이터 레코드와 컨트롤러의 행동이 지켜야 할 것들. 하나라도
 * 깨지면 `SafetyViolation`을 던지고, 시뮬레이터는 그 씨앗으로 다시 돌리는 명령을 찍습니다.
 *
 * - FencedBrokerNeverLeads: 리더를 정하는 레코드(PartitionRecord, leader가 적힌 PartitionChangeRecord)는 그 자리에서
 *   펜싱되지 않고 종료 중이 아닌 브로커만 리더로 정합니다.
 * - LeaderFromIsr: 파티션의 리더는 없거나(-1) ISR 안에 있습니다 (unclean.leader.election.enable=false).
 * - UnfencedOnlyWhenCaughtUp: 펜싱을 푸는 레코드가 커밋될 때, 그 브로커(그 세대)는 자기 등록 레코드의 오프셋까지
 *   메타데이터를 적용한 적이 있습니다.
 * - FencedAfterSessionTimeout: 활성 컨트롤러는 마지막으로 연락한 때(또는 자기가 활성이 된 때)부터 세션 시간
 *   제한이 지난 브로커를 `FENCE_SLACK_MS` 안에 펜싱합니다 (제안까지; 커밋은 회복 단계의 활성 검사가 봅니다).
 *   시간은 컨트롤러처럼 그 노드의 단조 시계로 잽니다: 벽시계가 뛰어도 세션은 그대로 흐릅니다.
 * - AcknowledgedIsCommitted: 관리 클라이언트가 CreateTopics의 성공 답을 받았을 때, 그 토픽은 이미 커밋되어 있습니다
 *   (컨트롤러는 커밋된 뒤에만 답합니다).
 * - TopicCreatedOnce: 있는 토픽의 TopicRecord가 다시 커밋되지 않습니다.
 * - ConsistentMetadataState: 스냅숏을 불러온 노드와 회복 뒤의 모든 노드의 상태가, 같은 오프셋까지 커밋된 레코드를
 *   처음부터 재생한 상태와 같습니다.
 */
import { isActive } from '../metadata/broker-registration.js';
import { ClusterMetadata } from '../metadata/cluster-metadata.js';
import { NO_LEADER } from '../metadata/partition-registration.js';
import { FencingChange, type MetadataRecord } from '../metadata/records.js';
import type { LogEntry } from '../raft/types.js';
import { SafetyViolation } from './quorum-safety.js';

export type MetadataInvariantName =
  | 'FencedBrokerNeverLeads'
  | 'LeaderFromIsr'
  | 'UnfencedOnlyWhenCaughtUp'
  | 'FencedAfterSessionTimeout'
  | 'AcknowledgedIsCommitted'
  | 'TopicCreatedOnce'
  | 'ConsistentMetadataState';

/** 세션이 끝난 뒤 펜싱을 제안하기까지 봐주는 시간 (컨트롤러의 tick은 세션이 끝나는 바로 그 ms에 돕니다) */
export const FENCE_SLACK_MS = 100;

/** 한 번의 실행에서 일어난 일 (보고용) */
export interface MetadataCounters {
  committedRecords: number;
  registrations: number;
  fences: number;
  unfences: number;
  controlledShutdowns: number;
  leaderElections: number;
  offlinePartitions: number;
  topicsCreated: number;
  acknowledgedCreates: number;
}

/** 비교하려고 레코드를 정렬한 모양 (삽입 순서와 상관없이 같은 상태면 같습니다) */
function canonical(records: readonly MetadataRecord[]): string {
  return records
    .map((r) => JSON.stringify(r))
    .sort()
    .join('\n');
}

export class MetadataSafetyChecker {
  readonly counters: MetadataCounters = {
    committedRecords: 0,
    registrations: 0,
    fences: 0,
    unfences: 0,
    controlledShutdowns: 0,
    leaderElections: 0,
    offlinePartitions: 0,
    topicsCreated: 0,
    acknowledgedCreates: 0,
  };
  /** 커밋된 레코드 (오프셋 순, LeaderChange 자리는 null) */
  readonly #log: (MetadataRecord | null)[] = [];
  /** 커밋된 레코드를 차례로 재생한 기준 상태 */
  readonly #reference: ClusterMetadata;
  /** 브로커마다 지금 등록 레코드의 오프셋 */
  readonly #registerOffsets = new Map<number, number>();
  /** 브로커 세대마다 이미지가 적용한 가장 큰 오프셋 */
  readonly #maxApplied = new Map<string, number>();

  constructor(readonly clusterId: string) {
    this.#reference = new ClusterMetadata(clusterId);
  }

  /** 커밋된 로그의 끝 (다음 오프셋) */
  get committedEnd(): number {
    return this.#log.length;
  }

  /** 어느 노드가 커밋된 레코드를 적용했습니다. 처음 보는 오프셋이면 검사하고 기준 상태에 재생합니다. */
  onCommitted(entries: readonly LogEntry<MetadataRecord>[]): void {
    for (const entry of entries) {
      if (entry.offset < this.#log.length) continue; // 이미 본 것 (같은지는 쿼럼의 ConsistentApply가 봅니다)
      if (entry.offset !== this.#log.length) {
        throw new SafetyViolation(
          'ConsistentApply',
          `커밋된 끝 ${this.#log.length}를 건너뛰고 ${entry.offset}이 왔습니다`,
        );
      }
      if (entry.record.type === 'data') {
        this.#check(entry.record.data, entry.offset);
        this.#reference.replay(entry.record.data, entry.offset);
        this.#log.push(entry.record.data);
        this.counters.committedRecords++;
      } else {
        this.#reference.advanceTo(entry.offset);
        this.#log.push(null);
      }
    }
  }

  /** 브로커(그 세대)의 이미지가 이 오프셋까지 적용했습니다. */
  onBrokerApplied(incarnationId: string, offset: number): void {
    if (offset > (this.#maxApplied.get(incarnationId) ?? -1)) this.#maxApplied.set(incarnationId, offset);
  }

  /** 관리 클라이언트가 토픽 생성의 성공 답을 받았습니다. */
  onCreateAcknowledged(topic: string): void {
    this.counters.acknowledgedCreates++;
    if (!this.#reference.topic(topic)) {
      throw new SafetyViolation(
        'AcknowledgedIsCommitted',
        `토픽 ${topic}을 만들었다는 답이 왔는데 커밋된 로그(끝 ${this.committedEnd})에 없습니다`,
      );
    }
  }

  /**
   * 활성 컨트롤러의 세션 검사. `registrations`는 그 컨트롤러가 보는(제안까지 재생한) 등록, `lastContactMs`는 브로커마다
   * 그 노드에 등록·하트비트가 마지막으로 닿은 때, `activeSinceMs`는 활성이 된 때 (모두 그 노드의 단조 시계).
   */
  checkSessions(
    controllerId: number,
    nowMs: number,
    activeSinceMs: number,
    sessionTimeoutMs: number,
    registrations: Iterable<{ readonly brokerId: number; readonly fenced: boolean }>,
    lastContactMs: ReadonlyMap<number, number>,
  ): void {
    for (const { brokerId, fenced } of registrations) {
      if (fenced) continue;
      const since = Math.max(activeSinceMs, lastContactMs.get(brokerId) ?? Number.NEGATIVE_INFINITY);
      if (nowMs - since > sessionTimeoutMs + FENCE_SLACK_MS) {
        throw new SafetyViolation(
          'FencedAfterSessionTimeout',
          `활성 컨트롤러 ${controllerId}가 ${nowMs - since}ms 동안 연락이 없던 브로커 ${brokerId}를 펜싱하지 않았습니다 (세션 ${sessionTimeoutMs}ms)`,
        );
      }
    }
  }

  /** 노드의 상태(레코드로 적은 것)가 `offset`까지 커밋된 레코드를 재생한 것과 같은지 */
  checkState(node: string, offset: number, records: readonly MetadataRecord[]): void {
    const expected = new ClusterMetadata(this.clusterId);
    for (const record of this.#log.slice(0, offset + 1)) if (record) expected.replay(record);
    if (offset >= this.#log.length || canonical(expected.toRecords()) !== canonical(records)) {
      throw new SafetyViolation(
        'ConsistentMetadataState',
        `${node}의 상태(오프셋 ${offset})가 커밋된 레코드(끝 ${this.#log.length})를 재생한 것과 다릅니다`,
      );
    }
  }

  #check(record: MetadataRecord, offset: number): void {
    const reference = this.#reference;
    switch (record.type) {
      case 'RegisterBrokerRecord':
        this.#registerOffsets.set(record.brokerId, offset);
        this.counters.registrations++;
        return;
      case 'TopicRecord':
        if (reference.topic(record.name)) {
          throw new SafetyViolation(
            'TopicCreatedOnce',
            `토픽 ${record.name}의 TopicRecord가 오프셋 ${offset}에 또 커밋되었습니다`,
          );
        }
        this.counters.topicsCreated++;
        return;
      case 'PartitionRecord':
        this.#checkNewLeader(record.leader, offset);
        if (!record.isr.includes(record.leader))
          this.#leaderOutsideIsr(record.topicId, record.partitionId, record.leader, record.isr, offset);
        return;
      case 'PartitionChangeRecord': {
        const topic = reference.topicById(record.topicId);
        const current = topic?.partitions[record.partitionId];
        if (!topic || !current) return; // 재생이 실패할 것입니다
        if (record.leader !== undefined) {
          this.counters.leaderElections++;
          if (record.leader === NO_LEADER) this.counters.offlinePartitions++;
          else this.#checkNewLeader(record.leader, offset);
        }
        const leader = record.leader ?? current.leader;
        const isr = record.isr ?? current.isr;
        if (leader !== NO_LEADER && !isr.includes(leader))
          this.#leaderOutsideIsr(record.topicId, record.partitionId, leader, isr, offset);
        return;
      }
      case 'BrokerRegistrationChangeRecord':
        if (record.inControlledShutdown === 1) this.counters.controlledShutdowns++;
        if (record.fenced === FencingChange.FENCE) this.counters.fences++;
        if (record.fenced === FencingChange.UNFENCE) this.#checkUnfence(record.brokerId, offset);
        return;
      case 'FenceBrokerRecord':
        this.counters.fences++;
        return;
      case 'UnfenceBrokerRecord':
        this.#checkUnfence(record.id, offset);
        return;
      default:
        return;
    }
  }

  #checkNewLeader(leader: number, offset: number): void {
    const registration = this.#reference.brokers.get(leader);
    if (!isActive(registration)) {
      throw new SafetyViolation(
        'FencedBrokerNeverLeads',
        `오프셋 ${offset}의 레코드가 ${registration ? '펜싱되었거나 종료 중인' : '등록되지 않은'} 브로커 ${leader}를 리더로 정했습니다`,
      );
    }
  }

  #leaderOutsideIsr(
    topicId: string,
    partitionId: number,
    leader: number,
    isr: readonly number[],
    offset: number,
  ): never {
    throw new SafetyViolation(
      'LeaderFromIsr',
      `오프셋 ${offset}: 파티션 ${topicId}-${partitionId}의 리더 ${leader}가 ISR [${isr.join(', ')}] 밖에 있습니다`,
    );
  }

  #checkUnfence(brokerId: number, offset: number): void {
    this.counters.unfences++;
    const registration = this.#reference.brokers.get(brokerId);
    const registerOffset = this.#registerOffsets.get(brokerId) ?? -1;
    const applied = registration?.incarnationId ? (this.#maxApplied.get(registration.incarnationId) ?? -1) : -1;
    if (applied < registerOffset) {
      throw new SafetyViolation(
        'UnfencedOnlyWhenCaughtUp',
        `오프셋 ${offset}에서 브로커 ${brokerId}의 펜싱을 풀었는데, 그 브로커는 오프셋 ${applied}까지만 적용했습니다 (등록 레코드 ${registerOffset})`,
      );
    }
  }
}
