/**
 * acks가 정하는 Produce의 응답 시점 (Kafka: `DelayedProduce`, `Partition.appendRecordsToLeader`).
 *
 *   acks=0    응답하지 않습니다. 프로듀서는 보내고 잊습니다: 브로커가 쓰지 못해도 모릅니다.
 *   acks=1    리더가 자기 로그에 쓰면 응답합니다. 팔로워가 복제하기 전에 리더가 죽으면 그 레코드는 사라질 수 있습니다.
 *   acks=all  (-1) ISR(In-Sync Replicas)의 모든 복제본이 가지면 응답합니다. 곧 하이 워터마크가 배치의 끝을
 *             넘으면입니다. 그때까지 요청은 퍼거토리에서 기다리고, 요청의 timeoutMs가 지나면 REQUEST_TIMED_OUT입니다.
 *
 * min.insync.replicas: acks=all이 "복제본 몇 개에 있으면 안전한가"의 하한입니다. ISR이 그보다 작으면 리더는
 * 쓰기 전에 NOT_ENOUGH_REPLICAS로 거절합니다. 쓰고 나서 기다리는 것보다, 약속을 지킬 수 없음을 바로 알리는 편이
 * 낫기 때문입니다. acks=0/1은 이 설정과 상관없습니다. 다만 하한은 복제본 수를 넘지 않습니다: 복제 계수 1인 토픽에
 * min.insync.replicas=2를 주면 하한은 1입니다 (Kafka 3.7.0부터의 `Partition.effectiveMinIsr`).
 *
 * 입출력이 없는 판단만 여기 있습니다. 기다리는 일은 퍼거토리(purgatory.ts)가, 부르는 일은 ReplicaManager가 합니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { effectiveMinIsr } from '../replication/decisions.js';

/** acks=all Produce에서 파티션 하나의 상태 */
export interface ProducePartitionStatus {
  /** 쓰기가 실패했으면 그 오류 코드 (실패한 파티션은 기다리지 않습니다) */
  readonly errorCode: number;
  /** 이 배치의 마지막 오프셋 + 1: 하이 워터마크가 여기에 이르면 ISR 모두가 배치를 가진 것입니다 */
  readonly requiredOffset: number;
  readonly highWatermark: number;
}

/**
 * 쓰기 전에: acks=all인데 ISR이 최소 ISR보다 작으면 NOT_ENOUGH_REPLICAS, 아니면 NONE (Kafka
 * `Partition.appendRecordsToLeader`). 최소 ISR은 min.insync.replicas와 복제본 수 가운데 작은 쪽입니다 (Kafka
 * `Partition.effectiveMinIsr`, 3.7.0의 KAFKA-15583부터): 복제본이 설정보다 적으면 ISR이 설정값에 닿을 수 없으니,
 * 그대로 두면 이 파티션의 acks=all 쓰기는 영영 막히고 하이 워터마크도 멈춥니다.
 */
export function enoughReplicasError(
  acks: number,
  isrSize: number,
  minInsyncReplicas: number,
  replicaCount: number,
): number {
  // @exercise(5) enoughReplicasError: acks=-1(all)이고 ISR이 최소 ISR보다 작을 때만 NOT_ENOUGH_REPLICAS를 돌려주세요.
  //   최소 ISR = min(min.insync.replicas, 복제본 수)입니다. 복제 계수 1이면 min.insync.replicas=2여도 리더 하나로 충분합니다.
  //   acks=0과 acks=1은 리더 하나만 있으면 되므로 언제나 NONE입니다.
  const minIsr = effectiveMinIsr(minInsyncReplicas, replicaCount);
  return acks === -1 && isrSize < minIsr ? ErrorCode.NOT_ENOUGH_REPLICAS : ErrorCode.NONE;
  // @end
}

/** 쓴 뒤에: 이제 응답해도 되는지 (Kafka: `DelayedProduce.tryComplete`) */
export function isProduceComplete(acks: number, partitions: readonly ProducePartitionStatus[]): boolean {
  // @exercise(5) isProduceComplete: 응답해도 되면 true를 돌려주세요.
  //   acks가 -1이 아니면(0이나 1) 리더가 쓴 것으로 끝났습니다.
  //   acks=-1이면 모든 파티션이 "쓰기에 실패했거나(errorCode가 NONE이 아님) 하이 워터마크가 requiredOffset 이상"이어야 합니다.
  if (acks !== -1) return true;
  return partitions.every((p) => p.errorCode !== ErrorCode.NONE || p.highWatermark >= p.requiredOffset);
  // @end
}
