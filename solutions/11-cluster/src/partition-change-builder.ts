// 11장 세 브로커 클러스터 — 해답
// 원본: reference/src/controller/partition-change-builder.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 파티션 하나를 바꾸는 PartitionChangeRecord를 만듭니다 (Kafka `PartitionChangeBuilder`). 부르는 쪽이 바라는 ISR
 * (`setTargetIsr`), 선거의 종류(`setElection`), 리더의 복구 상태(`setTargetLeaderRecoveryState`)를 주면, 리더를 다시
 * 뽑고, 바뀐 것만 담은 레코드를 돌려줍니다. 아무것도 바뀌지 않으면 null입니다.
 *
 * 깨끗한 선거(clean election)의 규칙:
 *   - 새 리더는 ISR에 있고 리더가 될 수 있는(`isAcceptableLeader`: 펜싱되지 않았고 종료 중이 아닌) 복제본입니다.
 *     ISR 밖의 복제본은 마지막으로 커밋된 레코드를 갖고 있다는 보장이 없으므로, 뽑으면 커밋된 데이터를 잃습니다.
 *   - 그런 복제본이 없으면 리더는 -1(NO_LEADER)이고 파티션은 오프라인입니다. 클라이언트는 오류를 받지만 데이터는
 *     잃지 않습니다. ISR의 마지막 복제본이 돌아오면 그 복제본이 다시 리더가 됩니다 (`handleBrokerUnfenced`).
 *   - ISR은 비지 않습니다: 바라는 ISR이 비면 ISR은 그대로 두고 리더만 없앱니다 (Kafka도 ELR을 쓰지 않을 때 그렇습니다).
 *
 * 선거의 종류 (Kafka `PartitionChangeBuilder.Election`):
 *   - ONLINE: 지금 리더가 여전히 괜찮으면 그대로, 아니면 복제본 순서대로 첫 번째 괜찮은 복제본.
 *   - PREFERRED: 선호 리더(복제본의 첫 번째)가 괜찮으면 그것, 아니면 ONLINE과 같습니다.
 *   - UNCLEAN: ONLINE으로 뽑을 수 없을 때, ISR 밖이라도 리더가 될 수 있는 첫 복제본을 뽑습니다
 *     (`unclean.leader.election.enable=true`, 또는 ElectLeaders의 UNCLEAN). 그 복제본에 없는 커밋된 레코드는 사라집니다:
 *     가용성을 위해 내구성을 내주는 선택입니다. ISR은 [새 리더] 하나가 되고, 리더는 RECOVERING으로 시작합니다.
 *
 * 재배치(reassignment, `./partition-reassignment.ts`): 바라는 복제본(`setTargetReplicas`)과 더해지는·빠질 복제본
 * (`setTargetAdding`, `setTargetRemoving`)을 주면 그 목록을 레코드에 적습니다. 선거는 바라는 복제본의 순서로 합니다.
 * 무엇을 바꾸든 먼저 바라는 ISR이 재배치를 끝낼 만한지 보고(`maybeCompleteReassignment`), 그렇다면 빠질 복제본을
 * 지우고 두 목록을 비웁니다. 그래서 더해지는 복제본을 ISR에 넣는 AlterPartition이 곧 재배치를 끝내는 요청이 됩니다.
 * 복제본이 빠지면(리더가 그대로여도) 리더 에포크를 올립니다: 빠진 브로커의 낡은 Fetch를 리더가 에포크로 거절하게.
 * Kafka의 ELR(KIP-966)은 없습니다.
 */

import { maybeCompleteReassignment } from '../../../reference/src/controller/partition-reassignment.js';
import {
  LeaderRecoveryState,
  leaderRecoveryStateOf,
  NO_LEADER,
  type PartitionRegistration,
} from '../../../reference/src/metadata/partition-registration.js';
import type { PartitionChangeRecord } from '../../../reference/src/metadata/records.js';

export type Election = 'ONLINE' | 'PREFERRED' | 'UNCLEAN';

/** 선거의 결과 (Kafka `ElectionResult`): 새 리더(없으면 NO_LEADER), ISR 밖에서 뽑았는지 */
export interface ElectionResult {
  readonly node: number;
  readonly unclean: boolean;
}

export class PartitionChangeBuilder {
  #targetIsr: readonly number[];
  #targetReplicas: readonly number[];
  #targetRemoving: readonly number[];
  #targetAdding: readonly number[];
  #election: Election = 'ONLINE';
  #targetLeaderRecoveryState: number;

  constructor(
    private readonly partition: PartitionRegistration,
    private readonly topicId: string,
    /** 이 브로커가 리더가 될 수 있는지 (Kafka의 `isAcceptableLeader`) */
    readonly isAcceptableLeader: (brokerId: number) => boolean,
  ) {
    this.#targetIsr = partition.isr;
    this.#targetReplicas = partition.replicas;
    this.#targetRemoving = partition.removingReplicas ?? [];
    this.#targetAdding = partition.addingReplicas ?? [];
    this.#targetLeaderRecoveryState = leaderRecoveryStateOf(partition);
  }

  setTargetIsr(isr: readonly number[]): this {
    this.#targetIsr = isr;
    return this;
  }

  setTargetReplicas(replicas: readonly number[]): this {
    this.#targetReplicas = replicas;
    return this;
  }

  setTargetRemoving(removing: readonly number[]): this {
    this.#targetRemoving = removing;
    return this;
  }

  setTargetAdding(adding: readonly number[]): this {
    this.#targetAdding = adding;
    return this;
  }

  setElection(election: Election): this {
    this.#election = election;
    return this;
  }

  /** 리더가 알린 복구 상태 (AlterPartition의 leaderRecoveryState) */
  setTargetLeaderRecoveryState(state: number): this {
    this.#targetLeaderRecoveryState = state;
    return this;
  }

  /** 새 리더가 될 수 있는지: 바라는 ISR에 있고 리더가 될 수 있는 브로커 (Kafka `isValidNewLeader`) */
  isValidNewLeader(replica: number): boolean {
    return this.#targetIsr.includes(replica) && this.isAcceptableLeader(replica);
  }

  /** 선거 (Kafka `electLeader` → `electPreferredLeader`/`electAnyLeader`, 시험에서 직접 부릅니다) */
  electLeader(): ElectionResult {
    const { leader } = this.partition;
    const replicas = this.#targetReplicas;
    const clean = (node: number): ElectionResult => ({ node, unclean: false });
    if (this.#election === 'PREFERRED') {
      const preferred = replicas[0];
      if (preferred !== undefined && this.isValidNewLeader(preferred)) return clean(preferred);
    }
    if (this.isValidNewLeader(leader)) return clean(leader);
    const online = replicas.find((r) => this.isValidNewLeader(r));
    if (online !== undefined) return clean(online);
    if (this.#election === 'UNCLEAN') {
      const unclean = replicas.find((r) => this.isAcceptableLeader(r));
      if (unclean !== undefined) return { node: unclean, unclean: true };
    }
    return clean(NO_LEADER);
  }

  /**
   * 바뀐 것만 담은 레코드, 아무것도 바뀌지 않으면 null (Kafka `build`): 재배치 끝내기(`completeReassignmentIfNeeded`) →
   * 선거(`tryElection`) → 복제본이 빠지면 리더 에포크 올리기 → ISR → 복구 상태 → 복제본 목록(`setAssignmentChanges`).
   */
  build(): PartitionChangeRecord | null {
    const { partition } = this;
    const change: {
      leader?: number;
      isr?: readonly number[];
      leaderRecoveryState?: number;
      replicas?: readonly number[];
      removingReplicas?: readonly number[];
      addingReplicas?: readonly number[];
    } = {};
    this.#completeReassignmentIfNeeded();
    const election = this.electLeader();
    if (election.node !== partition.leader) {
      change.leader = election.node;
      if (election.unclean) {
        // ISR 밖에서 뽑았으니 ISR은 새 리더 하나뿐입니다. 다른 복제본은 이 리더를 따라잡아야 다시 들어옵니다.
        change.isr = [election.node];
        if (leaderRecoveryStateOf(partition) !== LeaderRecoveryState.RECOVERING) {
          change.leaderRecoveryState = LeaderRecoveryState.RECOVERING;
        }
      }
    } else if (!partition.replicas.every((r) => this.#targetReplicas.includes(r))) {
      // 복제본이 빠지면 리더가 그대로여도 리더 에포크를 올립니다 (Kafka `triggerLeaderEpochBumpForReplicaReassignmentIfNeeded`).
      change.leader = partition.leader;
    }
    if (change.isr === undefined && this.#targetIsr.length > 0 && !sameMembers(this.#targetIsr, partition.isr)) {
      change.isr = this.#targetIsr;
    }
    if (
      change.leaderRecoveryState === undefined &&
      this.#targetLeaderRecoveryState !== leaderRecoveryStateOf(partition)
    ) {
      change.leaderRecoveryState = this.#targetLeaderRecoveryState;
    }
    if (this.#targetReplicas.length > 0 && !sameMembers(this.#targetReplicas, partition.replicas)) {
      change.replicas = this.#targetReplicas;
    }
    if (!sameMembers(this.#targetRemoving, partition.removingReplicas ?? [])) {
      change.removingReplicas = this.#targetRemoving;
    }
    if (!sameMembers(this.#targetAdding, partition.addingReplicas ?? [])) change.addingReplicas = this.#targetAdding;
    if (Object.keys(change).length === 0) return null;
    return { type: 'PartitionChangeRecord', topicId: this.topicId, partitionId: partition.partitionId, ...change };
  }

  /** 바라는 ISR이 진행 중인 재배치를 끝낼 만하면, 빠질 복제본을 지운 모습을 목표로 삼습니다 (Kafka `completeReassignmentIfNeeded`). */
  #completeReassignmentIfNeeded(): void {
    const completed = maybeCompleteReassignment(
      { removing: this.#targetRemoving, adding: this.#targetAdding, replicas: this.#targetReplicas },
      this.#targetIsr,
    );
    if (!completed) return;
    this.#targetIsr = completed.isr;
    this.#targetReplicas = completed.replicas;
    this.#targetRemoving = [];
    this.#targetAdding = [];
  }
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
