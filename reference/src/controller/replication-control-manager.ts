/**
 * 토픽과 파티션, 그리고 파티션의 리더십 (Kafka `ReplicationControlManager`). 레코드를 재생해 토픽과 파티션을
 * 알고, 브로커가 펜싱되거나 돌아오거나 제어된 종료를 시작할 때 어느 파티션의 리더와 ISR을 어떻게 바꿀지
 * 정합니다 (`PartitionChangeBuilder`). 토픽을 만들고 지우는 판단은 `../metadata/topic-control.ts`에 있습니다.
 *
 * Kafka는 "브로커 → 그 브로커가 ISR에 있는 파티션" 색인(`BrokersToIsrs`)을 따로 두지만, 여기서는 파티션이 많지
 * 않으므로 필요할 때마다 훑습니다.
 */
import {
  hasPreferredLeader,
  isReassignmentInProgress,
  LeaderRecoveryState,
  leaderRecoveryStateOf,
  mergePartitionChange,
  NO_LEADER,
  type PartitionRegistration,
  partitionFromRecord,
} from '../metadata/partition-registration.js';
import type {
  MetadataRecord,
  PartitionChangeRecord,
  PartitionRecord,
  RemoveTopicRecord,
  TopicRecord,
} from '../metadata/records.js';
import { FencingChange } from '../metadata/records.js';
import { manualAssignmentProblem } from '../metadata/topic-control.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { ElectLeadersRequest, ElectLeadersResponse } from '../protocol/messages/43-elect-leaders.js';
import type {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
} from '../protocol/messages/45-alter-partition-reassignments.js';
import type {
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
} from '../protocol/messages/46-list-partition-reassignments.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages/56-alter-partition.js';
import type { BrokerHeartbeatRequest, BrokerHeartbeatResponse } from '../protocol/messages/63-broker-heartbeat.js';
import { err, ok, type Result } from '../result.js';
import { brokerControlStates, isCaughtUp } from './broker-heartbeat-manager.js';
import type { ClusterControlManager } from './cluster-control-manager.js';
import { type Election, PartitionChangeBuilder } from './partition-change-builder.js';
import { reassignmentReplicas, reassignmentRevert } from './partition-reassignment.js';

export interface TopicControlInfo {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: PartitionRegistration[];
}

/** 파티션 하나를 가리키는 이름 (Kafka `TopicIdPartition`) */
export interface TopicIdPartition {
  readonly topicId: string;
  readonly partitionId: number;
}

/** 한 번의 균형 잡기에서 바꾸는 파티션 수의 상한 (Kafka `MAX_ELECTIONS_PER_IMBALANCE`) */
export const MAX_ELECTIONS_PER_IMBALANCE = 1_000;

/** ElectLeaders의 선거 종류 (Kafka `ElectionType`) */
export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

type AlterPartitionPartition = AlterPartitionRequest['topics'][number]['partitions'][number];
type AlterPartitionResult = AlterPartitionResponse['topics'][number]['partitions'][number];

export class ReplicationControlManager {
  readonly #topicsByName = new Map<string, TopicControlInfo>();
  readonly #topicsById = new Map<string, TopicControlInfo>();

  constructor(
    private readonly clusterControl: ClusterControlManager,
    /** 이 토픽에서 unclean 선거를 해도 되는지 (`unclean.leader.election.enable`, `ConfigurationControlManager`) */
    private readonly uncleanLeaderElectionEnabled: (topic: string) => boolean,
  ) {}

  /** 같은 내용의 복사본 (활성 컨트롤러가 커밋된 상태 위에 제안을 쌓을 때) */
  copyInto(target: ReplicationControlManager): void {
    for (const topic of this.#topicsByName.values()) {
      const copy: TopicControlInfo = { ...topic, partitions: [...topic.partitions] };
      target.#topicsByName.set(copy.name, copy);
      target.#topicsById.set(copy.topicId, copy);
    }
  }

  topic(name: string): TopicControlInfo | undefined {
    return this.#topicsByName.get(name);
  }

  topics(): Iterable<TopicControlInfo> {
    return this.#topicsByName.values();
  }

  // -------------------------------------------------------------------------------------------
  // 재생 (Kafka `replay(TopicRecord)` …)
  // -------------------------------------------------------------------------------------------

  replayTopic(record: TopicRecord): void {
    if (this.#topicsByName.has(record.name)) throw new Error(`토픽 ${record.name}의 TopicRecord가 두 번 왔습니다`);
    const topic: TopicControlInfo = { name: record.name, topicId: record.topicId, partitions: [] };
    this.#topicsByName.set(record.name, topic);
    this.#topicsById.set(record.topicId, topic);
  }

  replayPartition(record: PartitionRecord): void {
    const topic = this.#requireTopic(record.topicId);
    topic.partitions[record.partitionId] = partitionFromRecord(record);
  }

  replayPartitionChange(record: PartitionChangeRecord): void {
    const topic = this.#requireTopic(record.topicId);
    const current = topic.partitions[record.partitionId];
    if (!current) throw new Error(`${topic.name}에 파티션 ${record.partitionId}가 없습니다`);
    topic.partitions[record.partitionId] = mergePartitionChange(current, record);
  }

  /** 토픽을 지웁니다. 지운 토픽의 이름을 돌려줘, 그 설정도 지우게 합니다. */
  replayRemoveTopic(record: RemoveTopicRecord): string {
    const topic = this.#requireTopic(record.topicId);
    this.#topicsByName.delete(topic.name);
    this.#topicsById.delete(topic.topicId);
    return topic.name;
  }

  toRecords(): MetadataRecord[] {
    const records: MetadataRecord[] = [];
    for (const topic of this.#topicsByName.values()) {
      records.push({ type: 'TopicRecord', name: topic.name, topicId: topic.topicId });
      for (const p of topic.partitions) records.push({ type: 'PartitionRecord', topicId: topic.topicId, ...p });
    }
    return records;
  }

  // -------------------------------------------------------------------------------------------
  // 파티션 찾기 (Kafka `BrokersToIsrs`)
  // -------------------------------------------------------------------------------------------

  partitionsWhere(predicate: (p: PartitionRegistration) => boolean): TopicIdPartition[] {
    const found: TopicIdPartition[] = [];
    for (const topic of this.#topicsById.values()) {
      for (const p of topic.partitions)
        if (predicate(p)) found.push({ topicId: topic.topicId, partitionId: p.partitionId });
    }
    return found;
  }

  /** 이 브로커가 리더인 파티션이 있는지 (Kafka `BrokersToIsrs.hasLeaderships`) */
  hasLeaderships(brokerId: number): boolean {
    return this.partitionsWhere((p) => p.leader === brokerId).length > 0;
  }

  // -------------------------------------------------------------------------------------------
  // 브로커의 상태가 바뀔 때 리더와 ISR 바꾸기
  // -------------------------------------------------------------------------------------------

  /**
   * 주어진 파티션들의 리더와 ISR을 다시 정합니다 (Kafka `generateLeaderAndIsrUpdates`).
   *
   * - `brokerToRemove`: ISR에서 빼고, 리더가 될 수 없는 브로커 (펜싱되는, 종료를 시작하는 브로커)
   * - `brokerToAdd`: 아직 펜싱된 것으로 보이더라도 리더가 될 수 있는 브로커 (펜싱이 풀리는 브로커: 이 레코드들이
   *   적힐 때는 펜싱을 푸는 레코드가 먼저 적히지만, 지금 상태에는 아직 반영되지 않았습니다)
   */
  generateLeaderAndIsrUpdates(
    brokerToRemove: number,
    brokerToAdd: number,
    partitions: readonly TopicIdPartition[],
    records: MetadataRecord[],
  ): void {
    const isAcceptableLeader = (r: number) =>
      r !== brokerToRemove && (r === brokerToAdd || this.clusterControl.isActive(r));
    for (const { topicId, partitionId } of partitions) {
      const topic = this.#requireTopic(topicId);
      const partition = topic.partitions[partitionId] as PartitionRegistration;
      const record = new PartitionChangeBuilder(partition, topicId, isAcceptableLeader)
        .setElection(this.#onlineElection(topic.name))
        .setTargetIsr(partition.isr.filter((r) => r !== brokerToRemove))
        .build();
      if (record) records.push(record);
    }
  }

  /**
   * 브로커를 펜싱합니다 (Kafka `handleBrokerFenced`): 먼저 그 브로커를 모든 ISR에서 빼고 리더를 옮긴 다음, 펜싱하는
   * 레코드를 적습니다. 이 순서라서 로그의 어느 접두사를 재생해도 펜싱된 브로커가 새로 리더로 뽑히는 일은 없습니다.
   */
  handleBrokerFenced(brokerId: number, records: MetadataRecord[]): void {
    const registration = this.clusterControl.registration(brokerId);
    if (!registration) throw new Error(`펜싱할 브로커 ${brokerId}의 등록이 없습니다`);
    this.generateLeaderAndIsrUpdates(
      brokerId,
      NO_LEADER,
      this.partitionsWhere((p) => p.isr.includes(brokerId)),
      records,
    );
    records.push({
      type: 'BrokerRegistrationChangeRecord',
      brokerId,
      brokerEpoch: registration.epoch,
      fenced: FencingChange.FENCE,
      inControlledShutdown: 0,
    });
  }

  /**
   * 브로커의 펜싱을 풉니다 (Kafka `handleBrokerUnfenced`): 펜싱을 푸는 레코드를 먼저 적고, 리더가 없는 파티션
   * 가운데 이 브로커가 ISR에 있는 것의 리더로 뽑습니다.
   */
  handleBrokerUnfenced(brokerId: number, brokerEpoch: number, records: MetadataRecord[]): void {
    records.push({
      type: 'BrokerRegistrationChangeRecord',
      brokerId,
      brokerEpoch,
      fenced: FencingChange.UNFENCE,
      inControlledShutdown: 0,
    });
    this.generateLeaderAndIsrUpdates(
      NO_LEADER,
      brokerId,
      this.partitionsWhere((p) => p.leader === NO_LEADER),
      records,
    );
  }

  /**
   * 제어된 종료를 시작합니다 (Kafka `handleBrokerInControlledShutdown`): 종료 중임을 적고, 그 브로커를 ISR에서 빼며
   * 리더를 다른 복제본으로 옮깁니다. 리더십이 모두 옮겨지면 다음 하트비트에 꺼져도 된다는 답을 받습니다.
   */
  handleBrokerInControlledShutdown(brokerId: number, brokerEpoch: number, records: MetadataRecord[]): void {
    if (!this.clusterControl.registration(brokerId)?.inControlledShutdown) {
      records.push({
        type: 'BrokerRegistrationChangeRecord',
        brokerId,
        brokerEpoch,
        fenced: FencingChange.NONE,
        inControlledShutdown: 1,
      });
    }
    this.generateLeaderAndIsrUpdates(
      brokerId,
      NO_LEADER,
      this.partitionsWhere((p) => p.isr.includes(brokerId)),
      records,
    );
  }

  /**
   * 하트비트 하나 (Kafka `processBrokerHeartbeat`). 에포크를 확인하고(STALE_BROKER_EPOCH), 다음 상태를 정하고
   * (`BrokerHeartbeatManager.calculateNextBrokerState`), 상태가 바뀌면 그 레코드를 만들고, 세션을 새로 합니다.
   * `inControlledShutdown`이면 부르는 쪽이 레코드를 제안한 뒤 종료를 끝낼 오프셋을 세션에 적어야 합니다.
   */
  processBrokerHeartbeat(
    request: BrokerHeartbeatRequest,
    registerBrokerRecordOffset: number,
    nowMs: number,
  ): Result<
    {
      readonly records: MetadataRecord[];
      readonly response: BrokerHeartbeatResponse;
      readonly inControlledShutdown: boolean;
    },
    number
  > {
    const { brokerId, brokerEpoch } = request;
    const epochCheck = this.clusterControl.checkBrokerEpoch(brokerId, brokerEpoch);
    if (!epochCheck.ok) return epochCheck;
    const heartbeats = this.clusterControl.heartbeats;
    const { current, next } = heartbeats.calculateNextBrokerState(brokerId, request, registerBrokerRecordOffset, () =>
      this.hasLeaderships(brokerId),
    );
    const records: MetadataRecord[] = [];
    if (current !== next) {
      switch (next) {
        case 'FENCED':
        case 'SHUTDOWN_NOW':
          this.handleBrokerFenced(brokerId, records);
          break;
        case 'UNFENCED':
          this.handleBrokerUnfenced(brokerId, brokerEpoch, records);
          break;
        case 'CONTROLLED_SHUTDOWN':
          this.handleBrokerInControlledShutdown(brokerId, brokerEpoch, records);
          break;
      }
    }
    heartbeats.touch(brokerId, brokerControlStates[next].fenced, request.currentMetadataOffset, nowMs);
    return ok({
      records,
      response: {
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        isCaughtUp: isCaughtUp(request.currentMetadataOffset, registerBrokerRecordOffset),
        isFenced: brokerControlStates[next].fenced,
        shouldShutDown: brokerControlStates[next].shouldShutDown,
      },
      inControlledShutdown: next === 'CONTROLLED_SHUTDOWN',
    });
  }

  /**
   * 세션이 끝난 브로커 하나를 펜싱합니다 (Kafka `maybeFenceOneStaleBroker`). 여럿이 한꺼번에 끝났어도 하나씩:
   * 하나를 펜싱한 결과(옮겨진 리더)가 다음 판단에 보이게 하려는 것입니다. 펜싱한 브로커 ID, 없으면 null.
   */
  maybeFenceOneStaleBroker(nowMs: number, records: MetadataRecord[]): number | null {
    const heartbeats = this.clusterControl.heartbeats;
    const brokerId = heartbeats.findOneStaleBroker(nowMs);
    if (brokerId === null) return null;
    this.handleBrokerFenced(brokerId, records);
    heartbeats.fence(brokerId);
    return brokerId;
  }

  /**
   * 선호 리더가 리더가 아닌 파티션에서 선호 리더 선거를 합니다 (Kafka `maybeBalancePartitionLeaders`,
   * `auto.leader.rebalance.enable`). 브로커가 돌아오면 리더십이 처음의 고른 배치로 돌아갑니다.
   */
  maybeBalancePartitionLeaders(records: MetadataRecord[]): void {
    const isAcceptableLeader = (r: number) => this.clusterControl.isActive(r);
    for (const { topicId, partitionId } of this.partitionsWhere((p) => !hasPreferredLeader(p))) {
      if (records.length >= MAX_ELECTIONS_PER_IMBALANCE) return;
      const partition = this.#requireTopic(topicId).partitions[partitionId] as PartitionRegistration;
      const record = new PartitionChangeBuilder(partition, topicId, isAcceptableLeader)
        .setElection('PREFERRED')
        .build();
      if (record) records.push(record);
    }
  }

  // -------------------------------------------------------------------------------------------
  // AlterPartition: 리더가 ISR을 바꾸자고 제안합니다 (Kafka `alterPartition`)
  // -------------------------------------------------------------------------------------------

  /**
   * AlterPartition 요청 하나 (Kafka `ReplicationControlManager.alterPartition`). 보낸 브로커의 에포크가 지금 등록의 것이
   * 아니면 요청 전체가 STALE_BROKER_EPOCH입니다. 그 밖의 거절은 파티션마다의 오류 코드이고
   * (`validateAlterPartitionData`), 통과한 파티션은 PartitionChangeRecord 하나(파티션 에포크가 오름)를 만들며, 답에는
   * 그 레코드를 적용한 상태(리더, 리더 에포크, ISR, 파티션 에포크)를 싣습니다. 이 답은 레코드가 커밋된 뒤에
   * 나가므로(`QuorumController.alterPartition`), 리더는 답으로 받은 ISR을 커밋된 것으로 믿습니다.
   *
   * 없는 토픽 ID는 UNKNOWN_TOPIC_ID입니다 (v2+, 토픽 이름을 쓰던 v0~v1의 UNKNOWN_TOPIC_OR_PARTITION은 Kafka 4.0과 함께
   * 없어졌습니다). v2의 ISR(`newIsr`)은 브로커 에포크 없이(-1) 읽습니다 (Kafka `newIsrToSimpleNewIsrWithBrokerEpochs`).
   */
  alterPartition(
    request: AlterPartitionRequest,
    version: number,
  ): Result<{ readonly records: MetadataRecord[]; readonly response: AlterPartitionResponse }, number> {
    const epochCheck = this.clusterControl.checkBrokerEpoch(request.brokerId, request.brokerEpoch);
    if (!epochCheck.ok) return epochCheck;
    const records: MetadataRecord[] = [];
    const topics = request.topics.map((topicData) => {
      const topic = this.#topicsById.get(topicData.topicId);
      const partitions = topicData.partitions.map((data): AlterPartitionResult => {
        const rejected = (errorCode: number) => partitionError(data.partitionIndex, errorCode);
        if (!topic) return rejected(ErrorCode.UNKNOWN_TOPIC_ID);
        const newIsr =
          version < 3 ? data.newIsr.map((brokerId) => ({ brokerId, brokerEpoch: -1 })) : data.newIsrWithEpochs;
        let partition = topic.partitions[data.partitionIndex];
        const error = this.#validateAlterPartitionData(request.brokerId, partition, data, newIsr);
        if (error !== ErrorCode.NONE || !partition) return rejected(error);
        const record = new PartitionChangeBuilder(partition, topic.topicId, (r) => this.clusterControl.isActive(r))
          .setElection(this.#onlineElection(topic.name))
          .setTargetIsr(newIsr.map((b) => b.brokerId))
          .setTargetLeaderRecoveryState(data.leaderRecoveryState)
          .build();
        if (record) {
          records.push(record);
          partition = mergePartitionChange(partition, record);
          // 리더는 AlterPartition으로 리더를 바꿀 수 없지만, 그 ISR이 재배치를 끝내며 리더를 빼면 바뀝니다. 그때는 레코드를
          // 적으면서도 NEW_LEADER_ELECTED로 답해, 보낸 브로커가 새 메타데이터를 기다리게 합니다.
          if (record.leader !== undefined && record.leader !== request.brokerId) {
            return rejected(ErrorCode.NEW_LEADER_ELECTED);
          }
        }
        return {
          partitionIndex: data.partitionIndex,
          errorCode: ErrorCode.NONE,
          leaderId: partition.leader,
          leaderEpoch: partition.leaderEpoch,
          isr: [...partition.isr],
          leaderRecoveryState: leaderRecoveryStateOf(partition),
          partitionEpoch: partition.partitionEpoch,
        };
      });
      return { topicId: topicData.topicId, partitions };
    });
    return ok({ records, response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, topics } });
  }

  /**
   * AlterPartition의 파티션 하나를 검사합니다 (Kafka `validateAlterPartitionData`). 순서가 뜻을 가집니다:
   *
   *   파티션이 없음                                              UNKNOWN_TOPIC_OR_PARTITION
   *   요청의 리더 에포크나 파티션 에포크가 컨트롤러의 것보다 큼   NOT_CONTROLLER (이 컨트롤러가 뒤처졌으니, 리더는
   *                                                              새 컨트롤러를 찾아 다시 보냅니다)
   *   요청의 리더 에포크가 작음                                  FENCED_LEADER_EPOCH (그새 리더가 바뀜)
   *   보낸 브로커가 리더가 아님                                  INVALID_REQUEST (Kafka도 NOT_LEADER_OR_FOLLOWER가 아니라 이것)
   *   요청의 파티션 에포크가 작음                                INVALID_UPDATE_VERSION (낡은 상태를 보고 만든 제안)
   *   ISR이 복제본 밖이거나 겹침, 리더가 ISR에 없음               INVALID_REQUEST
   *   RECOVERING인데 ISR이 둘 이상, RECOVERED → RECOVERING         INVALID_REQUEST
   *   ISR에 넣을 수 없는 복제본 (등록 없음, 제어된 종료 중,      INELIGIBLE_REPLICA (Kafka는 v0~v1에 OPERATION_NOT_ATTEMPTED를
   *     펜싱됨, 브로커 에포크가 다름: KIP-841, KIP-903)              썼지만, 그 버전은 Kafka 4.0에서 없어졌습니다)
   */
  #validateAlterPartitionData(
    brokerId: number,
    partition: PartitionRegistration | undefined,
    data: AlterPartitionPartition,
    newIsr: readonly { readonly brokerId: number; readonly brokerEpoch: number }[],
  ): number {
    if (!partition) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (data.leaderEpoch > partition.leaderEpoch) return ErrorCode.NOT_CONTROLLER;
    if (data.partitionEpoch > partition.partitionEpoch) return ErrorCode.NOT_CONTROLLER;
    if (data.leaderEpoch < partition.leaderEpoch) return ErrorCode.FENCED_LEADER_EPOCH;
    if (brokerId !== partition.leader) return ErrorCode.INVALID_REQUEST;
    if (data.partitionEpoch < partition.partitionEpoch) return ErrorCode.INVALID_UPDATE_VERSION;
    const ids = newIsr.map((b) => b.brokerId);
    const validIsr = new Set(ids).size === ids.length && ids.every((id) => partition.replicas.includes(id));
    if (!validIsr || !ids.includes(partition.leader)) return ErrorCode.INVALID_REQUEST;
    if (data.leaderRecoveryState === LeaderRecoveryState.RECOVERING && ids.length > 1) return ErrorCode.INVALID_REQUEST;
    if (
      leaderRecoveryStateOf(partition) === LeaderRecoveryState.RECOVERED &&
      data.leaderRecoveryState === LeaderRecoveryState.RECOVERING
    ) {
      return ErrorCode.INVALID_REQUEST;
    }
    const ineligible = newIsr.some(({ brokerId: id, brokerEpoch }) => {
      const registration = this.clusterControl.registration(id);
      if (!registration || registration.inControlledShutdown || registration.fenced) return true;
      // -1이면 에포크를 확인하지 않습니다 (v2 요청).
      return brokerEpoch !== -1 && registration.epoch !== brokerEpoch;
    });
    return ineligible ? ErrorCode.INELIGIBLE_REPLICA : ErrorCode.NONE;
  }

  // -------------------------------------------------------------------------------------------
  // 재배치: AlterPartitionReassignments, ListPartitionReassignments (KIP-455)
  // -------------------------------------------------------------------------------------------

  /**
   * AlterPartitionReassignments 요청 (Kafka `alterPartitionReassignments`). 파티션마다 따로 판단해 오류 코드와 메시지를
   * 답하고, 통과한 파티션의 레코드는 한데 모읍니다 (부르는 쪽이 한 번에 제안). 파티션마다 위에서부터:
   *
   *   토픽이 없음 / 파티션이 없음                         UNKNOWN_TOPIC_OR_PARTITION
   *   replicas = null, 재배치 중이 아님                    NO_REASSIGNMENT_IN_PROGRESS
   *   replicas = null, 되돌리면 ISR이 비는데 unclean 꺼짐  INVALID_REPLICA_ASSIGNMENT
   *   replicas = null                                      취소: 더해지던 복제본을 빼는 PartitionChangeRecord
   *   빈 목록, 등록되지 않은 브로커, 같은 브로커 두 번      INVALID_REPLICA_ASSIGNMENT
   *   그 밖                                                재배치를 시작하는(또는 곧바로 끝내는) PartitionChangeRecord,
   *                                                        바뀌는 것이 없으면 레코드 없이 NONE
   */
  alterPartitionReassignments(request: AlterPartitionReassignmentsRequest): {
    readonly records: MetadataRecord[];
    readonly response: AlterPartitionReassignmentsResponse;
  } {
    const records: MetadataRecord[] = [];
    const responses = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((target) => {
        const result = this.#alterPartitionReassignment(topic.name, target.partitionIndex, target.replicas, records);
        return {
          partitionIndex: target.partitionIndex,
          errorCode: result.ok ? ErrorCode.NONE : result.error,
          errorMessage: result.ok ? null : (result.message ?? null),
        };
      }),
    }));
    return { records, response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, responses } };
  }

  /** 파티션 하나의 재배치나 취소 (Kafka `alterPartitionReassignment`) */
  #alterPartitionReassignment(
    topicName: string,
    partitionId: number,
    replicas: readonly number[] | null,
    records: MetadataRecord[],
  ): Result<object, number> {
    const topic = this.#topicsByName.get(topicName);
    if (!topic) return err(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Unable to find a topic named ${topicName}.`);
    const partition = topic.partitions[partitionId];
    if (!partition) {
      return err(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Unable to find partition ${topicName}:${partitionId}.`);
    }
    const builder = new PartitionChangeBuilder(partition, topic.topicId, (r) => this.clusterControl.isActive(r));
    if (replicas === null) {
      // 취소 (Kafka `cancelPartitionReassignment`): 더해지던 복제본을 빼고 빠지려던 복제본은 남깁니다.
      if (!isReassignmentInProgress(partition)) {
        // Kafka는 오류 코드의 기본 문구와 같은 메시지는 싣지 않습니다 (`ApiError.fromThrowable`): 메시지 없이.
        return err(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
      }
      const revert = reassignmentRevert(partition);
      const unclean = this.uncleanLeaderElectionEnabled(topicName);
      if (revert.unclean && !unclean) {
        return err(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Unable to revert partition assignment for ${topicName}:${partitionId} because it would require an unclean leader election.`,
        );
      }
      builder
        .setElection(unclean ? 'UNCLEAN' : 'ONLINE')
        .setTargetIsr(revert.isr)
        .setTargetReplicas(revert.replicas)
        .setTargetRemoving([])
        .setTargetAdding([]);
    } else {
      // 시작 (Kafka `changePartitionReassignment`): 합친 복제본과 더해지는·빠질 복제본을 적습니다. 복제본의 순서만
      // 바꾸는 재배치처럼 ISR이 이미 새 복제본을 모두 가지면 build가 곧바로 끝냅니다.
      const problem = manualAssignmentProblem({ brokers: () => this.clusterControl.registrations() }, replicas, null);
      if (problem) return err(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
      const reassignment = reassignmentReplicas(partition.replicas, replicas);
      builder.setTargetReplicas(reassignment.replicas);
      if (reassignment.removing.length > 0) builder.setTargetRemoving(reassignment.removing);
      if (reassignment.adding.length > 0) builder.setTargetAdding(reassignment.adding);
    }
    const record = builder.build();
    if (record) records.push(record);
    return ok({});
  }

  /**
   * ListPartitionReassignments (Kafka `listPartitionReassignments`): 재배치 중인 파티션의 복제본(옛 것과 새 것의 합),
   * 더해지는 복제본, 빠질 복제본. `topics`가 null이면 모든 토픽이고, 없는 토픽·파티션과 재배치 중이 아닌 파티션은
   * 답에 나오지 않습니다 (오류가 아님). 재배치 중인 파티션이 하나도 없는 토픽도 빠집니다.
   */
  listPartitionReassignments(topics: ListPartitionReassignmentsRequest['topics']): ListPartitionReassignmentsResponse {
    const asked =
      topics === null
        ? [...this.#topicsByName.values()].map((t) => ({ topic: t, ids: t.partitions.map((p) => p.partitionId) }))
        : topics.flatMap(({ name, partitionIndexes }) => {
            const topic = this.#topicsByName.get(name);
            return topic ? [{ topic, ids: partitionIndexes }] : [];
          });
    const ongoing = asked
      .map(({ topic, ids }) => ({
        name: topic.name,
        partitions: ids.flatMap((id) => {
          const p = topic.partitions[id];
          if (!p || !isReassignmentInProgress(p)) return [];
          return [
            {
              partitionIndex: id,
              replicas: [...p.replicas],
              addingReplicas: [...(p.addingReplicas ?? [])],
              removingReplicas: [...(p.removingReplicas ?? [])],
            },
          ];
        }),
      }))
      .filter((t) => t.partitions.length > 0);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, topics: ongoing };
  }

  // -------------------------------------------------------------------------------------------
  // 리더 선거: ElectLeaders, 리더 없는 파티션의 unclean 선거
  // -------------------------------------------------------------------------------------------

  /**
   * ElectLeaders 요청 (Kafka `electLeaders`). 파티션마다 `electLeader`의 결과를 답합니다. `topicPartitions`가 null이면
   * 모든 파티션에서 선거를 하고, 이때는 ELECTION_NOT_NEEDED인 파티션을 답에서 뺍니다. 모르는 선거 종류는 요청 전체가
   * INVALID_REQUEST입니다.
   */
  electLeaders(
    request: ElectLeadersRequest,
  ): Result<{ readonly records: MetadataRecord[]; readonly response: ElectLeadersResponse }, number> {
    const electionType = request.electionType;
    if (electionType !== ElectionType.PREFERRED && electionType !== ElectionType.UNCLEAN) {
      return err(ErrorCode.INVALID_REQUEST, `모르는 선거 종류 ${electionType}`);
    }
    const records: MetadataRecord[] = [];
    const result = (partitionId: number, elected: Result<object, number>) => ({
      partitionId,
      errorCode: elected.ok ? ErrorCode.NONE : elected.error,
      errorMessage: elected.ok ? null : (elected.message ?? null),
    });
    const replicaElectionResults =
      request.topicPartitions === null
        ? [...this.#topicsByName.values()].map((topic) => ({
            topic: topic.name,
            partitionResult: topic.partitions
              .map((p) => result(p.partitionId, this.electLeader(topic.name, p.partitionId, electionType, records)))
              .filter((r) => r.errorCode !== ErrorCode.ELECTION_NOT_NEEDED),
          }))
        : request.topicPartitions.map(({ topic, partitions }) => ({
            topic,
            partitionResult: partitions.map((id) => result(id, this.electLeader(topic, id, electionType, records))),
          }));
    return ok({ records, response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, replicaElectionResults } });
  }

  /**
   * 파티션 하나의 선거 (Kafka `electLeader`): 이미 원하는 상태면(PREFERRED: 선호 리더가 리더, UNCLEAN: 리더가 있음)
   * ELECTION_NOT_NEEDED, 레코드를 만들지 못하면 PREFERRED_LEADER_NOT_AVAILABLE(선호 리더가 ISR 밖이거나 죽음) 또는
   * ELIGIBLE_LEADERS_NOT_AVAILABLE(살아 있는 복제본이 없음).
   */
  electLeader(
    topicName: string,
    partitionId: number,
    electionType: number,
    records: MetadataRecord[],
  ): Result<object, number> {
    const topic = this.#topicsByName.get(topicName);
    if (!topic) return err(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `토픽 ${topicName}이 없습니다`);
    const partition = topic.partitions[partitionId];
    if (!partition) return err(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `${topicName}에 파티션 ${partitionId}가 없습니다`);
    const unclean = electionType === ElectionType.UNCLEAN;
    if (unclean ? partition.leader !== NO_LEADER : hasPreferredLeader(partition)) {
      return err(ErrorCode.ELECTION_NOT_NEEDED, '이미 원하는 리더입니다');
    }
    const record = new PartitionChangeBuilder(partition, topic.topicId, (r) => this.clusterControl.isActive(r))
      .setElection(unclean ? 'UNCLEAN' : 'PREFERRED')
      .build();
    if (!record) {
      return unclean
        ? err(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE, '리더가 될 수 있는 복제본이 없습니다')
        : err(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, '선호 리더가 ISR에 없거나 리더가 될 수 없습니다');
    }
    records.push(record);
    return ok({});
  }

  /**
   * 리더가 없는 파티션 가운데 unclean 선거가 켜진 토픽의 것에서 unclean 선거를 합니다 (Kafka `maybeElectUncleanLeaders`,
   * `unclean.leader.election.interval.ms`마다). 설정을 나중에 켠 토픽도 이렇게 리더를 얻습니다.
   */
  maybeElectUncleanLeaders(records: MetadataRecord[]): void {
    for (const topic of this.#topicsByName.values()) {
      if (!this.uncleanLeaderElectionEnabled(topic.name)) continue;
      for (const p of topic.partitions) {
        if (records.length >= MAX_ELECTIONS_PER_IMBALANCE) return;
        if (p.leader === NO_LEADER) this.electLeader(topic.name, p.partitionId, ElectionType.UNCLEAN, records);
      }
    }
  }

  /** 리더가 없는 파티션이 있는지 (Kafka `areSomePartitionsLeaderless`) */
  areSomePartitionsLeaderless(): boolean {
    return this.partitionsWhere((p) => p.leader === NO_LEADER).length > 0;
  }

  /** 리더를 다시 뽑을 때의 선거: 토픽에 unclean 선거가 켜져 있으면 UNCLEAN, 아니면 ONLINE */
  #onlineElection(topicName: string): Election {
    return this.uncleanLeaderElectionEnabled(topicName) ? 'UNCLEAN' : 'ONLINE';
  }

  #requireTopic(topicId: string): TopicControlInfo {
    const topic = this.#topicsById.get(topicId);
    if (!topic) throw new Error(`토픽 ID ${topicId}가 없습니다`);
    return topic;
  }
}

/** AlterPartition의 거절된 파티션 하나: 오류 코드만 (나머지는 Kafka 응답의 기본값) */
function partitionError(partitionIndex: number, errorCode: number): AlterPartitionResult {
  return { partitionIndex, errorCode, leaderId: 0, leaderEpoch: 0, isr: [], leaderRecoveryState: 0, partitionEpoch: 0 };
}

/** 하트비트에 오류로 답할 때 (Kafka: 예외를 오류 코드로 바꿈) */
export function heartbeatError(errorCode: number): BrokerHeartbeatResponse {
  return { throttleTimeMs: 0, errorCode, isCaughtUp: false, isFenced: true, shouldShutDown: false };
}
