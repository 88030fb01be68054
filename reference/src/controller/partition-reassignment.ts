/**
 * 파티션 재배치(reassignment)의 셈 (Kafka `PartitionReassignmentReplicas`, `PartitionReassignmentRevert`). 입출력 없는
 * 목록 계산이고, 레코드로 옮기는 일은 `PartitionChangeBuilder`가 합니다.
 *
 * 재배치는 복제본을 한 번에 바꾸지 않습니다. 새 브로커에는 아직 데이터가 없으니, 옛 복제본을 먼저 지우면 ISR이
 * 비거나 커밋된 레코드를 가진 복제본이 사라집니다. 그래서 세 단계로 갑니다 (Kafka `changePartitionReassignment`):
 *
 *   1. replicas = 새 복제본 + 빠질 복제본(합집합), addingReplicas, removingReplicas를 적습니다. 새 브로커는 팔로워로
 *      리더에게서 Fetch를 시작합니다.
 *   2. 더해지는 복제본이 리더를 따라잡아 ISR에 들기를 기다립니다 (리더의 AlterPartition).
 *   3. ISR이 새 복제본을 모두 가지면 빠질 복제본을 replicas와 ISR에서 지우고 두 목록을 비웁니다. 리더가 빠지면 새
 *      리더를 뽑습니다 (리더 에포크가 오름).
 */

import type { PartitionRegistration } from '../metadata/partition-registration.js';

/** 재배치 중인 파티션의 세 목록 */
export interface ReassignmentReplicas {
  readonly removing: readonly number[];
  readonly adding: readonly number[];
  readonly replicas: readonly number[];
}

/**
 * 지금 복제본에서 목표 복제본으로 가는 재배치 (Kafka `PartitionReassignmentReplicas(currentAssignment, targetAssignment)`):
 * 빠질 것 = 지금 − 목표, 더해질 것 = 목표 − 지금 (둘 다 ID 순), replicas = 목표 순서 뒤에 빠질 것. 목표의 첫 복제본이
 * 맨 앞이라 재배치가 끝나면 그것이 선호 리더입니다.
 */
export function reassignmentReplicas(current: readonly number[], target: readonly number[]): ReassignmentReplicas {
  const removing = difference(current, target);
  return { removing, adding: difference(target, current), replicas: [...target, ...removing] };
}

/**
 * ISR이 재배치를 끝낼 만한지 (Kafka `maybeCompleteReassignment`): 빠질 복제본을 뺀 ISR이 비지 않고, 그 ISR이 빠질
 * 복제본을 뺀 복제본을 모두 가지면 끝난 모습(replicas, isr)을, 아니면 null을 돌려줍니다.
 */
export function maybeCompleteReassignment(
  { removing, adding, replicas }: ReassignmentReplicas,
  targetIsr: readonly number[],
): { readonly replicas: readonly number[]; readonly isr: readonly number[] } | null {
  if (removing.length === 0 && adding.length === 0) return null;
  const isr = targetIsr.filter((r) => !removing.includes(r));
  const remaining = replicas.filter((r) => !removing.includes(r));
  if (isr.length === 0 || remaining.length === 0) return null;
  if (!remaining.every((r) => isr.includes(r))) return null;
  return { replicas: remaining, isr };
}

/**
 * 진행 중인 재배치를 취소한 모습 (Kafka `PartitionReassignmentRevert`): 더해지던 복제본을 replicas와 ISR에서 빼고, 빠지려던
 * 복제본은 남깁니다. ISR이 더해지던 복제본뿐이었다면 남은 첫 복제본을 ISR로 삼는데, 그것은 ISR 밖의 복제본을 리더로
 * 세우는 일이라 unclean 선거입니다 (`unclean`: 부르는 쪽이 토픽의 unclean 선거 설정을 확인해야 합니다).
 */
export function reassignmentRevert(
  partition: Pick<PartitionRegistration, 'replicas' | 'isr' | 'addingReplicas' | 'removingReplicas'>,
): { readonly replicas: readonly number[]; readonly isr: readonly number[]; readonly unclean: boolean } {
  const adding = partition.addingReplicas ?? [];
  const replicas = partition.replicas.filter((r) => !adding.includes(r));
  const isr = partition.isr.filter((r) => !adding.includes(r));
  const first = replicas[0];
  if (isr.length > 0 || first === undefined) return { replicas, isr, unclean: false };
  return { replicas, isr: [first], unclean: true };
}

function difference(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set(a.filter((x) => !b.includes(x)))].sort((x, y) => x - y);
}
