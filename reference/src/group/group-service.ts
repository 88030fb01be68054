/**
 * 그룹 코디네이터를 브로커에 붙이는 얇은 껍데기. 상태 기계(GroupCoordinator, OffsetStore)는 입출력이 없고,
 * 여기서 두 가지를 잇습니다:
 *
 * - 코디네이터 찾기: 그룹의 코디네이터는 `__consumer_offsets`에서 그 그룹이 배정된 파티션의 리더입니다.
 *   토픽이 아직 없으면 처음 FindCoordinator가 올 때 만듭니다 (Kafka도 그렇게 합니다).
 * - 영속화: 오프셋 커밋은 그 파티션에 레코드를 **쓴 다음** 메모리에 적용하고 응답합니다. 다시 켜지면
 *   그 파티션들을 처음부터 읽어(replay) 커밋된 오프셋을 되살립니다.
 * - 트랜잭션 안의 오프셋 커밋(TxnOffsetCommit, 10장): 레코드는 프로듀서의 트랜잭션 배치로 곧바로 쓰지만, 메모리에는
 *   "보류(pending)"로만 둡니다. 트랜잭션 코디네이터가 이 파티션에 COMMIT 마커를 쓰면 그때 커밋된 오프셋이 되고,
 *   ABORT 마커면 버립니다. 그래서 컨슈머는 트랜잭션이 커밋되기 전의 오프셋을 보지 못합니다.
 */
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import { type BatchHeader, isControl, isTransactional } from '../record/batch-header.js';
import { ControlRecordType, decodeControlRecordKey } from '../record/control-record.js';
import type { JoinResult, SyncResult } from './consumer-group.js';
import {
  type GroupCoordinator,
  type JoinRequest,
  joinError,
  type SyncRequest,
  syncError,
} from './group-coordinator.js';
import { type CommittedOffset, type OffsetRecordToWrite, OffsetStore } from './offset-store.js';
import {
  decodeOffsetsRecord,
  groupTombstone,
  type OffsetsRecord,
  offsetCommitRecord,
  partitionForGroup,
} from './offsets-topic.js';

export interface GroupServiceOptions {
  readonly coordinator: GroupCoordinator;
  /** 벽시계: 커밋 시각(`commitTimestamp`, `__consumer_offsets`에 남고 오프셋 보존이 잽니다) */
  readonly now: () => number;
  /**
   * 단조 시계: 코디네이터의 세션·참여·동기화 마감. Kafka는 이 시간 제한을 `CoordinatorTimer`(`SystemTimer`,
   * `Time.hiResClockMs`)로 걸어, 벽시계가 뛰어도 멤버가 한꺼번에 쫓겨나지 않습니다.
   */
  readonly monotonicMs: () => number;
  /** offsets.topic.num.partitions */
  readonly numPartitions: number;
  /** offsets.retention.minutes를 ms로 */
  readonly offsetsRetentionMs: number;
  /** offset.metadata.max.bytes: 이름과 달리 Kafka는 메타데이터 문자열의 길이(UTF-16 코드 단위)로 잽니다 */
  readonly maxMetadataLength: number;
  /** `__consumer_offsets` 파티션의 리더가 이 브로커인지 (커밋된 메타데이터). 토픽이 없으면 null. */
  readonly isLocalLeader: (partition: number) => boolean | null;
  /**
   * 이 파티션에 지금까지 쓴 레코드가 ISR 모두에게 복제될 때까지(하이 워터마크가 로그 끝에 닿을 때까지) 기다려 오류 코드를
   * 돌려줍니다. 코디네이터의 쓰기는 acks=all입니다 (Kafka: CoordinatorRuntime은 하이 워터마크가 지나야 답합니다).
   */
  readonly awaitReplicated: (partition: number) => Promise<number>;
  /** `__consumer_offsets` 토픽을 만듭니다 (이미 있으면 아무 일도 하지 않습니다). */
  readonly createOffsetsTopic: () => Promise<void>;
  /**
   * 레코드를 `__consumer_offsets`의 파티션에 씁니다. `producer`가 있으면 그 프로듀서의 트랜잭션 배치로 씁니다.
   * 실패하면 KafkaError를 던집니다.
   */
  readonly append: (
    partition: number,
    records: readonly OffsetRecordToWrite[],
    producer?: { producerId: number; producerEpoch: number },
  ) => void;
}

/** 트랜잭션이 끝나기를 기다리는 오프셋 커밋 하나 */
interface PendingOffset {
  readonly partition: number;
  readonly record: OffsetsRecord;
}

export interface OffsetCommitEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

/**
 * `__consumer_offsets`에 쓰지 못한 이유를 클라이언트가 알아듣는 코디네이터 오류로 바꿉니다 (Kafka:
 * GroupMetadataManager.appendGroupMetadataErrorToResponseError, CoordinatorOperationExceptionHelper.handleOperationException).
 * 복제본이 모자라거나 시간이 지났으면 COORDINATOR_NOT_AVAILABLE(잠시 뒤 다시), 이 브로커가 더는 리더가 아니면
 * NOT_COORDINATOR(코디네이터를 다시 찾기), 배치가 너무 크면 UNKNOWN_SERVER_ERROR입니다. 그 밖의 코드는 그대로 둡니다.
 */
export function appendErrorToResponseError(error: unknown): number {
  const code = error instanceof KafkaError ? error.code : ErrorCode.UNKNOWN_SERVER_ERROR;
  switch (code) {
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    case ErrorCode.INVALID_FETCH_SIZE:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
    default:
      return code;
  }
}

export class GroupService {
  readonly offsets = new OffsetStore();
  /** 이 코디네이터가 읽어 들여 맡고 있는 `__consumer_offsets` 파티션 → 그 리더 에포크 (코디네이터 에포크) */
  readonly #loaded = new Map<number, number>();
  /** 프로듀서 ID마다, 마커를 기다리는 트랜잭션 오프셋 커밋 */
  readonly #pendingTxnOffsets = new Map<number, PendingOffset[]>();

  constructor(private readonly options: GroupServiceOptions) {}

  get coordinator(): GroupCoordinator {
    return this.options.coordinator;
  }

  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.options.numPartitions);
  }

  /**
   * FindCoordinator: `__consumer_offsets`가 없으면 만들고(Kafka: AutoTopicCreationManager), 그룹의 파티션 번호를 돌려줍니다.
   * 코디네이터는 그 파티션의 리더입니다 (어느 브로커인지는 메타데이터가 압니다).
   */
  async findCoordinator(groupId: string): Promise<number> {
    if (this.options.isLocalLeader(0) === null) await this.options.createOffsetsTopic();
    return this.partitionFor(groupId);
  }

  /**
   * 이 브로커가 그룹의 코디네이터가 아니면 그 오류 코드, 맞으면 NONE. 빈 그룹 ID('')도 코디네이터가 있습니다:
   * OffsetCommit, OffsetFetch, DescribeGroups, DeleteGroups는 예전 클라이언트를 위해 빈 그룹 ID를 받습니다
   * (Kafka: GroupCoordinatorService, null만 INVALID_GROUP_ID). 받지 않는 요청은 #memberRequestError가 거릅니다.
   */
  coordinatorError(groupId: string): number {
    const partition = this.partitionFor(groupId);
    const local = this.options.isLocalLeader(partition);
    if (local === null) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (!local) return ErrorCode.NOT_COORDINATOR;
    return this.#loaded.has(partition) ? ErrorCode.NONE : ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
  }

  /**
   * 이 브로커가 `__consumer_offsets` 파티션의 리더가 되었습니다 (Kafka: GroupCoordinator.onElection →
   * CoordinatorRuntime.scheduleLoadOperation). 파티션의 배치를 처음부터 차례로 적용해 그 파티션의 그룹과 오프셋을
   * 되살립니다. 다 읽기 전까지 그 그룹들의 요청은 COORDINATOR_LOAD_IN_PROGRESS입니다. 이미 맡고 있던 파티션이면
   * 코디네이터 에포크만 올립니다 (Kafka도 다시 읽지 않습니다). 새로 읽었으면 true.
   *
   * 트랜잭션 배치는 보류로 두었다가 같은 프로듀서의 마커를 만나면 커밋하거나 버립니다. 끝까지 마커가 없으면 트랜잭션
   * 코디네이터가 나중에 씁니다.
   */
  onElection(
    partition: number,
    leaderEpoch: number,
    batches: Iterable<{
      header: BatchHeader;
      records: readonly { key: Uint8Array | null; value: Uint8Array | null }[];
    }>,
  ): boolean {
    const loading = !this.#loaded.has(partition);
    if (loading) this.#load(partition, batches);
    this.#loaded.set(partition, leaderEpoch);
    return loading;
  }

  /**
   * 리더 자리가 다른 브로커로 갔습니다 (Kafka: GroupCoordinator.onResignation → GroupMetadataManager.onUnloaded). 그 파티션의
   * 그룹·오프셋·보류 오프셋을 메모리에서 내려놓습니다. 기다리던 JoinGroup·SyncGroup은 NOT_COORDINATOR를 받습니다.
   */
  onResignation(partition: number): void {
    if (!this.#loaded.delete(partition)) return;
    const groups = new Set([...this.coordinator.list().map((g) => g.groupId), ...this.offsets.groups()]);
    for (const groupId of groups) {
      if (this.partitionFor(groupId) !== partition) continue;
      this.coordinator.unload(groupId);
      this.offsets.replay({ type: 'group', group: groupId, deleted: true });
    }
    for (const [producerId, pending] of this.#pendingTxnOffsets) {
      const remaining = pending.filter((p) => p.partition !== partition);
      if (remaining.length > 0) this.#pendingTxnOffsets.set(producerId, remaining);
      else this.#pendingTxnOffsets.delete(producerId);
    }
  }

  /** 이 그룹의 파티션에 쓴 것이 ISR 모두에게 닿을 때까지 기다립니다. 닿지 못하면 클라이언트가 알아듣는 코디네이터 오류. */
  async awaitDurable(groupId: string): Promise<number> {
    const errorCode = await this.options.awaitReplicated(this.partitionFor(groupId));
    return errorCode === ErrorCode.NONE ? ErrorCode.NONE : appendErrorToResponseError(new KafkaError(errorCode));
  }

  #load(
    partition: number,
    batches: Iterable<{
      header: BatchHeader;
      records: readonly { key: Uint8Array | null; value: Uint8Array | null }[];
    }>,
  ): void {
    for (const { header, records } of batches) {
      if (isControl(header)) {
        const key = records[0]?.key;
        if (key)
          this.completeTransaction(
            partition,
            header.producerId,
            decodeControlRecordKey(key).type === ControlRecordType.Commit,
          );
        continue;
      }
      for (const { key, value } of records) {
        const record = key ? decodeOffsetsRecord(key, value) : null;
        if (!record) continue;
        if (isTransactional(header)) this.#addPending(header.producerId, partition, record);
        else this.#replay(record);
      }
    }
  }

  /**
   * 그룹 ID가 비어 있지 않아야 하는 요청(JoinGroup, SyncGroup, Heartbeat, LeaveGroup, TxnOffsetCommit, OffsetDelete)의
   * 첫 검사 (Kafka: GroupCoordinatorService.isGroupIdNotEmpty): 빈 그룹 ID → INVALID_GROUP_ID, 그다음 코디네이터인지.
   */
  memberRequestError(groupId: string): number {
    return groupId === '' ? ErrorCode.INVALID_GROUP_ID : this.coordinatorError(groupId);
  }

  /**
   * JoinGroup (Kafka: GroupCoordinatorService.joinGroup): 그룹 ID → 세션 타임아웃 → 코디네이터 → 그룹의 판단 순서입니다.
   * 답은 곧바로, 또는 리밸런스가 끝날 때 `respond`로 나갑니다 (Promise가 아니라 콜백이라 시뮬레이터의 사건 순서가 씨앗만으로 정해집니다).
   */
  join(request: JoinRequest, respond: (result: JoinResult) => void): void {
    const error =
      request.groupId === ''
        ? ErrorCode.INVALID_GROUP_ID
        : this.coordinator.validateSessionTimeout(request.sessionTimeoutMs) || this.coordinatorError(request.groupId);
    if (error !== ErrorCode.NONE) respond(joinError(error, request.memberId));
    else this.coordinator.join(request, this.options.monotonicMs(), respond);
  }

  /** SyncGroup: 팔로워의 답은 리더가 할당을 보낼 때 `respond`로 나갑니다. */
  sync(request: SyncRequest, respond: (result: SyncResult) => void): void {
    const error = this.memberRequestError(request.groupId);
    if (error !== ErrorCode.NONE) respond(syncError(error));
    else this.coordinator.sync(request, this.options.monotonicMs(), respond);
  }

  heartbeat(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number): number {
    const error = this.memberRequestError(groupId);
    if (error !== ErrorCode.NONE) return error;
    return this.coordinator.heartbeat(groupId, memberId, groupInstanceId, generationId, this.options.monotonicMs());
  }

  /** LeaveGroup: 요청 전체의 오류 코드와 멤버마다의 오류 코드 */
  leave(
    groupId: string,
    members: readonly { memberId: string; groupInstanceId: string | null }[],
  ): { errorCode: number; members: number[] } {
    const error = this.memberRequestError(groupId);
    if (error !== ErrorCode.NONE) return { errorCode: error, members: [] };
    return this.coordinator.leave(groupId, members, this.options.monotonicMs());
  }

  /**
   * 오프셋 커밋 (Kafka: OffsetMetadataManager.commitOffset). 받아도 되는지는 그룹이 판단하고
   * (ConsumerGroup.validateOffsetCommit: 리밸런스를 준비하는 중에도 지금 세대 멤버의 커밋은 받습니다), 통과하면 레코드를
   * 쓰고 나서 메모리에 적용합니다. 파티션마다 오류 코드를 돌려줍니다.
   */
  commitOffsets(
    groupId: string,
    member: { memberId: string; groupInstanceId: string | null; generationId: number },
    entries: readonly OffsetCommitEntry[],
    apiVersion: number,
  ): number[] {
    const groupError = this.#validateOffsetCommit(groupId, member, false, apiVersion);
    if (groupError !== ErrorCode.NONE) return entries.map(() => groupError);
    // 커밋도 살아 있다는 신호입니다: Stable과 PreparingRebalance에서는 세션을 이어 줍니다 (하트비트처럼).
    const group = this.coordinator.group(groupId);
    const committer = group?.members.get(member.memberId);
    if (committer && (group?.is('Stable') || group?.is('PreparingRebalance')))
      committer.lastHeartbeatMs = this.options.monotonicMs();
    return this.#commit(groupId, entries, (records) => this.#write(groupId, records));
  }

  /**
   * TxnOffsetCommit: 프로듀서의 트랜잭션 안에서 오프셋을 커밋합니다 (Kafka: OffsetMetadataManager.commitTransactionalOffset).
   * v3+처럼 멤버와 세대를 보내면 OffsetCommit과 같게 검사하되(좀비 컨슈머의 커밋을 막습니다), 그룹 상태에는 묶이지
   * 않습니다. 쓴 레코드는 마커가 올 때까지 보류입니다.
   */
  commitTransactionalOffsets(
    groupId: string,
    producer: { producerId: number; producerEpoch: number },
    member: { memberId: string; groupInstanceId: string | null; generationId: number },
    entries: readonly OffsetCommitEntry[],
  ): number[] {
    const groupError =
      groupId === '' ? ErrorCode.INVALID_GROUP_ID : this.#validateOffsetCommit(groupId, member, true, 0);
    if (groupError !== ErrorCode.NONE) return entries.map(() => groupError);
    const partition = this.partitionFor(groupId);
    return this.#commit(groupId, entries, (records) => {
      this.options.append(partition, records, producer);
      for (const { key, value } of records) {
        const decoded = decodeOffsetsRecord(key, value);
        if (decoded) this.#addPending(producer.producerId, partition, decoded);
      }
    });
  }

  /** 마커가 `__consumer_offsets` 파티션에 써졌습니다: 그 프로듀서의 보류 오프셋을 커밋하거나 버립니다. */
  completeTransaction(partition: number, producerId: number, commit: boolean): void {
    const pending = this.#pendingTxnOffsets.get(producerId) ?? [];
    const remaining = pending.filter((p) => p.partition !== partition);
    if (commit) for (const p of pending) if (p.partition === partition) this.#replay(p.record);
    if (remaining.length > 0) this.#pendingTxnOffsets.set(producerId, remaining);
    else this.#pendingTxnOffsets.delete(producerId);
  }

  /** 트랜잭션이 끝나기를 기다리는 커밋이 이 파티션에 있는지 (OffsetFetch의 requireStable, KIP-447) */
  hasPendingOffset(groupId: string, topic: string, partition: number): boolean {
    return this.#pendingPartitions(groupId).some((p) => p.topic === topic && p.partition === partition);
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId, topic, partition);
  }

  /**
   * DeleteGroups (Kafka: GroupCoordinatorShard.deleteGroups): 멤버가 없는 그룹만(ConsumerGroup.validateDeleteGroup) 지웁니다.
   * 커밋된 오프셋마다, 그리고 트랜잭션 마커를 기다리는 오프셋만 있는 파티션마다 툼스톤을 쓰고
   * (OffsetMetadataManager.deleteAllOffsets), 마지막에 그룹 툼스톤을 씁니다. 다시 켜져도 그룹은 돌아오지 않습니다.
   */
  delete(groupId: string): number {
    const group = this.coordinator.group(groupId);
    if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
    const error = group.validateDeleteGroup();
    if (error !== ErrorCode.NONE) return error;
    const pendingOnly = this.#pendingPartitions(groupId).filter(
      ({ topic, partition }) => !this.offsets.get(groupId, topic, partition),
    );
    const records = [
      ...this.offsets.deleteRecords(groupId),
      ...pendingOnly.map(({ topic, partition }) => offsetCommitRecord(groupId, topic, partition, null)),
      groupTombstone(groupId),
    ];
    try {
      this.#write(groupId, records);
    } catch (error) {
      return appendErrorToResponseError(error);
    }
    return ErrorCode.NONE;
  }

  /**
   * OffsetDelete (Kafka: OffsetMetadataManager.deleteOffsets, `kafka-consumer-groups.sh --delete-offsets`): 그룹이 더는
   * 읽지 않는 토픽의 커밋된 오프셋을 지웁니다. 그룹 ID가 비었으면 INVALID_GROUP_ID, 없는(또는 Dead) 그룹은
   * GROUP_ID_NOT_FOUND, 지울 수 없는 그룹은 NON_EMPTY_GROUP을 요청 전체의 오류로 답합니다(ConsumerGroup.validateOffsetDelete).
   * 그룹이 구독 중인 토픽은 파티션마다 GROUP_SUBSCRIBED_TO_TOPIC이고, 나머지는 커밋된 오프셋이나 트랜잭션 마커를
   * 기다리는 오프셋이 있으면 툼스톤을 씁니다. 툼스톤은 `__consumer_offsets`에 남으므로 다시 켜져도 지워진 채입니다.
   */
  deleteOffsets(
    groupId: string,
    topics: readonly { name: string; partitions: readonly number[] }[],
  ): { errorCode: number; topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] } {
    const fail = (errorCode: number) => ({ errorCode, topics: [] });
    const requestError = this.memberRequestError(groupId);
    if (requestError !== ErrorCode.NONE) return fail(requestError);
    const group = this.coordinator.group(groupId);
    if (!group) return fail(ErrorCode.GROUP_ID_NOT_FOUND);
    const groupError = group.validateOffsetDelete();
    if (groupError !== ErrorCode.NONE) return fail(groupError);
    const pending = this.#pendingPartitions(groupId);
    const records: OffsetRecordToWrite[] = [];
    const results = topics.map(({ name, partitions }) => {
      const subscribed = group.isSubscribedToTopic(name);
      return {
        name,
        partitions: partitions.map((partitionIndex) => {
          if (subscribed) return { partitionIndex, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
          const hasPending = pending.some((p) => p.topic === name && p.partition === partitionIndex);
          if (this.offsets.get(groupId, name, partitionIndex) || hasPending) {
            records.push(offsetCommitRecord(groupId, name, partitionIndex, null));
          }
          return { partitionIndex, errorCode: ErrorCode.NONE };
        }),
      };
    });
    try {
      this.#write(groupId, records);
    } catch (error) {
      return fail(appendErrorToResponseError(error));
    }
    return { errorCode: ErrorCode.NONE, topics: results };
  }

  /**
   * offsets.retention.check.interval.ms마다 (Kafka: GroupCoordinatorShard.cleanupGroupMetadata): 보존 기간이 지난 오프셋을
   * 툼스톤으로 지우고, 오프셋이 하나도 남지 않은 빈 그룹은 그룹 툼스톤으로 지웁니다. 지운 오프셋 수를 돌려줍니다.
   */
  expireOffsets(now: number): number {
    const isEmpty = (groupId: string) => this.coordinator.group(groupId)?.is('Empty') ?? true;
    const expired = this.offsets.expiredRecords(now, this.options.offsetsRetentionMs, isEmpty);
    let count = 0;
    for (const [groupId, records] of expired) {
      this.#write(groupId, records);
      count += records.length;
    }
    for (const { groupId, state } of this.coordinator.list()) {
      if (state === 'Empty' && !this.offsets.hasOffsets(groupId) && !this.#hasPendingOffsets(groupId)) {
        this.#write(groupId, [groupTombstone(groupId)]);
      }
    }
    return count;
  }

  /**
   * 커밋을 받아도 되는지 (Kafka: OffsetMetadataManager.validateOffsetCommit, validateTransactionalOffsetCommit).
   * 그룹이 있으면 그룹이 판단합니다(ConsumerGroup.validateOffsetCommit). 없으면:
   * - 세대 -1: 그룹 관리 없이 오프셋만 쓰는 "단순 그룹"의 커밋입니다. 받고, 레코드를 적용할 때 빈 그룹이 생깁니다.
   * - 세대를 보냈으면: 그 세대를 준 그룹이 없으니 거절합니다. OffsetCommit v9+는 GROUP_ID_NOT_FOUND, 그 전 버전과
   *   TxnOffsetCommit은 예전 클라이언트가 아는 ILLEGAL_GENERATION입니다.
   */
  #validateOffsetCommit(
    groupId: string,
    member: { memberId: string; groupInstanceId: string | null; generationId: number },
    isTransactional: boolean,
    apiVersion: number,
  ): number {
    const coordinatorError = this.coordinatorError(groupId);
    if (coordinatorError !== ErrorCode.NONE) return coordinatorError;
    const group = this.coordinator.group(groupId);
    if (!group) {
      if (member.generationId < 0) return ErrorCode.NONE;
      return !isTransactional && apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
    }
    return group.validateOffsetCommit(member.memberId, member.groupInstanceId, member.generationId, isTransactional);
  }

  /**
   * OffsetCommit과 TxnOffsetCommit이 함께 쓰는 부분: 메타데이터가 offset.metadata.max.bytes(이름과 달리 글자 수)를 넘는 항목은
   * OFFSET_METADATA_TOO_LARGE로 빼고, 나머지를 레코드로 만들어 `write`에 넘깁니다. 쓰기가 실패하면 그 오류 코드입니다.
   */
  #commit(
    groupId: string,
    entries: readonly OffsetCommitEntry[],
    write: (records: readonly OffsetRecordToWrite[]) => void,
  ): number[] {
    const now = this.options.now();
    // Kafka는 바이트가 아니라 Java 문자열 길이(UTF-16 코드 단위)로 잽니다 (OffsetMetadataManager.isMetadataInvalid).
    // JavaScript의 string.length도 UTF-16 코드 단위라 같은 값입니다.
    const codes = entries.map((e) =>
      (e.metadata ?? '').length > this.options.maxMetadataLength ? ErrorCode.OFFSET_METADATA_TOO_LARGE : ErrorCode.NONE,
    );
    const accepted = entries
      .filter((_, i) => codes[i] === ErrorCode.NONE)
      .map((e) => ({
        topic: e.topic,
        partition: e.partition,
        committed: { offset: e.offset, leaderEpoch: e.leaderEpoch, metadata: e.metadata ?? '', commitTimestamp: now },
      }));
    if (accepted.length === 0) return codes;
    try {
      write(this.offsets.commitRecords(groupId, accepted));
    } catch (error) {
      const code = appendErrorToResponseError(error);
      return codes.map((c) => (c === ErrorCode.NONE ? code : c));
    }
    return codes;
  }

  /**
   * `__consumer_offsets`의 (트랜잭션이 아닌) 레코드 하나를 적용합니다 (Kafka: OffsetMetadataManager.replay). 오프셋이 커밋된
   * 그룹이 아직 없으면 빈 그룹을 만듭니다: 그룹 관리 없이 커밋한 "단순 그룹"도, 다시 켜진 뒤의 그룹도 이렇게 생깁니다.
   */
  #replay(record: OffsetsRecord): void {
    if (record.type === 'offset' && record.value !== null) this.coordinator.getOrCreateGroup(record.group);
    this.offsets.replay(record);
    // 툼스톤은 그 파티션의, 마커를 기다리던 트랜잭션 오프셋도 지웁니다: 커밋 마커가 와도 되살아나지 않습니다.
    if (record.type === 'offset' && record.value === null)
      this.#dropPending(record.group, record.topic, record.partition);
    if (record.type === 'group' && record.deleted) this.coordinator.remove(record.group);
  }

  /** 마커를 기다리는 트랜잭션 오프셋이 있는 이 그룹의 파티션들 */
  #pendingPartitions(groupId: string): { topic: string; partition: number }[] {
    const found = new Map<string, { topic: string; partition: number }>();
    for (const pending of this.#pendingTxnOffsets.values()) {
      for (const { record } of pending) {
        if (record.type === 'offset' && record.group === groupId) {
          found.set(`${record.topic}\0${record.partition}`, { topic: record.topic, partition: record.partition });
        }
      }
    }
    return [...found.values()];
  }

  #dropPending(groupId: string, topic: string, partition: number): void {
    const matches = (r: OffsetsRecord) =>
      r.type === 'offset' && r.group === groupId && r.topic === topic && r.partition === partition;
    for (const [producerId, pending] of this.#pendingTxnOffsets) {
      const remaining = pending.filter(({ record }) => !matches(record));
      if (remaining.length > 0) this.#pendingTxnOffsets.set(producerId, remaining);
      else this.#pendingTxnOffsets.delete(producerId);
    }
  }

  /** 이 그룹에 마커를 기다리는 트랜잭션 오프셋이 있는지 */
  #hasPendingOffsets(groupId: string): boolean {
    return this.#pendingPartitions(groupId).length > 0;
  }

  #addPending(producerId: number, partition: number, record: OffsetsRecord): void {
    if (record.type === 'offset' && record.value !== null) this.coordinator.getOrCreateGroup(record.group);
    this.#pendingTxnOffsets.set(producerId, [
      ...(this.#pendingTxnOffsets.get(producerId) ?? []),
      { partition, record },
    ]);
  }

  /** 쓰고 나서 적용합니다: 쓰기가 실패하면 메모리의 상태도 바뀌지 않습니다. */
  #write(groupId: string, records: readonly OffsetRecordToWrite[]): void {
    if (records.length === 0) return;
    this.options.append(this.partitionFor(groupId), records);
    for (const { key, value } of records) {
      const decoded = decodeOffsetsRecord(key, value);
      if (decoded) this.#replay(decoded);
    }
  }
}
