/**
 * 파티션 하나의 모습 (Kafka `org.apache.kafka.metadata.PartitionRegistration`): 복제본, ISR, 리더, 두 에포크.
 * 컨트롤러와 브로커의 이미지가 PartitionChangeRecord를 같은 규칙으로 합치도록 그 규칙을 여기 한 곳에 둡니다.
 *
 * - 리더 에포크(leader epoch): 리더가 새로 정해질 때마다 오릅니다. 복제본은 이것으로 낡은 리더의 요청을 거절합니다.
 * - 파티션 에포크(partition epoch): 무엇이든 바뀔 때마다 오릅니다. ISR을 바꾸는 AlterPartition이 낡은 상태를
 *   보고 보낸 것인지 가리는 데 씁니다.
 */
import type { PartitionChangeRecord, PartitionRecord } from './records.js';

/** 리더가 없음: 파티션이 오프라인입니다 (Kafka `LeaderConstants.NO_LEADER`) */
export const NO_LEADER = -1;

/**
 * 리더가 복구 중인지 (Kafka `LeaderRecoveryState`, KIP-704). unclean 선거로 ISR 밖에서 뽑힌 리더는 RECOVERING으로
 * 시작합니다: 그 리더의 로그가 커밋된 것을 모두 갖고 있다는 보장이 없으므로, 리더가 로그를 정리하고 AlterPartition으로
 * RECOVERED를 알리기 전에는 ISR을 넓힐 수 없습니다.
 */
export const LeaderRecoveryState = { RECOVERED: 0, RECOVERING: 1 } as const;

export interface PartitionRegistration {
  readonly partitionId: number;
  /** 선호 순서대로의 복제본. 첫 번째가 선호 리더입니다. */
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  /** `LeaderRecoveryState`. 없으면 RECOVERED (이 필드가 생기기 전에 적힌 레코드) */
  readonly leaderRecoveryState?: number;
  /**
   * 재배치(reassignment) 중일 때 빠질 복제본과 더해지는 복제본. 없으면 비어 있습니다. 재배치 중의 `replicas`는 옛
   * 복제본과 새 복제본을 합친 것이고, 더해지는 복제본이 ISR에 들면 컨트롤러가 빠질 복제본을 지워 재배치를 끝냅니다.
   */
  readonly removingReplicas?: readonly number[];
  readonly addingReplicas?: readonly number[];
}

/** PartitionRecord가 말하는 파티션 (컨트롤러와 브로커의 이미지가 같은 규칙으로 재생합니다) */
export function partitionFromRecord(record: PartitionRecord): PartitionRegistration {
  const { partitionId, replicas, isr, leader, leaderEpoch, partitionEpoch, leaderRecoveryState } = record;
  return withReassignment(
    {
      partitionId,
      replicas,
      isr,
      leader,
      leaderEpoch,
      partitionEpoch,
      ...(leaderRecoveryState !== undefined && { leaderRecoveryState }),
    },
    record.removingReplicas ?? [],
    record.addingReplicas ?? [],
  );
}

/** 재배치 중인 복제본을 적습니다: 비었으면 필드를 두지 않습니다 (재배치가 없는 파티션의 모양은 그대로) */
function withReassignment(
  partition: PartitionRegistration,
  removingReplicas: readonly number[],
  addingReplicas: readonly number[],
): PartitionRegistration {
  const { removingReplicas: _removing, addingReplicas: _adding, ...rest } = partition;
  return {
    ...rest,
    ...(removingReplicas.length > 0 && { removingReplicas }),
    ...(addingReplicas.length > 0 && { addingReplicas }),
  };
}

/** 재배치가 진행 중인지 (Kafka `PartitionReassignmentReplicas.isReassignmentInProgress`) */
export function isReassignmentInProgress(partition: PartitionRegistration): boolean {
  return (partition.removingReplicas?.length ?? 0) > 0 || (partition.addingReplicas?.length ?? 0) > 0;
}

/** 리더의 복구 상태 (필드가 없으면 RECOVERED) */
export function leaderRecoveryStateOf(partition: PartitionRegistration): number {
  return partition.leaderRecoveryState ?? LeaderRecoveryState.RECOVERED;
}

/**
 * PartitionChangeRecord를 합칩니다 (Kafka `PartitionRegistration.merge`). `leader` 필드가 있으면 같은 값이어도
 * 리더 에포크가 오릅니다: 컨트롤러는 에포크를 올리고 싶을 때 지금 리더를 다시 적습니다.
 */
export function mergePartitionChange(
  current: PartitionRegistration,
  record: PartitionChangeRecord,
): PartitionRegistration {
  const leaderChanges = record.leader !== undefined;
  return withReassignment(
    {
      ...current,
      replicas: record.replicas ?? current.replicas,
      isr: record.isr ?? current.isr,
      leader: record.leader ?? current.leader,
      leaderEpoch: leaderChanges ? current.leaderEpoch + 1 : current.leaderEpoch,
      partitionEpoch: current.partitionEpoch + 1,
      ...(record.leaderRecoveryState !== undefined && { leaderRecoveryState: record.leaderRecoveryState }),
    },
    record.removingReplicas ?? current.removingReplicas ?? [],
    record.addingReplicas ?? current.addingReplicas ?? [],
  );
}

/** 선호 리더가 리더인지 (Kafka `PartitionRegistration.hasPreferredLeader`) */
export function hasPreferredLeader(partition: PartitionRegistration): boolean {
  return partition.leader === partition.replicas[0];
}
