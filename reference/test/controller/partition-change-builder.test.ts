/**
 * 파티션의 리더와 ISR을 바꾸는 레코드, Kafka `PartitionChangeBuilderTest`의 행들 (ELR은 없습니다).
 */
import { describe, expect, it } from 'vitest';
import { PartitionChangeBuilder } from '../../src/controller/partition-change-builder.js';
import {
  LeaderRecoveryState,
  NO_LEADER,
  type PartitionRegistration,
} from '../../src/metadata/partition-registration.js';

/** Kafka 시험의 FOO: 복제본 [2, 1, 3], ISR [2, 1, 3], 리더 1 */
const FOO: PartitionRegistration = {
  partitionId: 0,
  replicas: [2, 1, 3],
  isr: [2, 1, 3],
  leader: 1,
  leaderEpoch: 100,
  partitionEpoch: 200,
};

/** Kafka 시험의 BAR: 재배치 중. 복제본 [1, 2, 3, 4], ISR [1, 2, 3], 1이 빠지고 4가 더해짐, 리더 1 */
const BAR: PartitionRegistration = {
  partitionId: 0,
  replicas: [1, 2, 3, 4],
  isr: [1, 2, 3],
  removingReplicas: [1],
  addingReplicas: [4],
  leader: 1,
  leaderEpoch: 100,
  partitionEpoch: 200,
};

const builder = (partition = FOO, acceptable = (r: number) => r !== 3) =>
  new PartitionChangeBuilder(partition, 'foo-id', acceptable);

describe('PartitionChangeBuilder', () => {
  it('testNoChange: nothing changes, no record', () => {
    expect(builder().build()).toBeNull();
    expect(builder().setTargetIsr([2, 1, 3]).build()).toBeNull();
  });

  it('testElectLeader: ONLINE keeps a valid leader, else the first valid replica in replica order', () => {
    const clean = (node: number) => ({ node, unclean: false });
    expect(builder().setTargetIsr([2, 1, 3]).electLeader()).toEqual(clean(1));
    expect(builder().setTargetIsr([2, 3]).electLeader()).toEqual(clean(2));
    expect(builder().setTargetIsr([3]).electLeader()).toEqual(clean(NO_LEADER)); // 3은 리더가 될 수 없습니다
    expect(builder().setElection('PREFERRED').setTargetIsr([2, 1, 3]).electLeader()).toEqual(clean(2));
    expect(builder().setElection('PREFERRED').setTargetIsr([1, 3]).electLeader()).toEqual(clean(1));
    // UNCLEAN도 ISR에서 뽑을 수 있으면 깨끗한 선거입니다.
    expect(builder().setElection('UNCLEAN').setTargetIsr([2, 3]).electLeader()).toEqual(clean(2));
  });

  it('testIsrChangeDoesntBumpLeaderEpoch: an ISR shrink without a leader change writes only the ISR', () => {
    expect(builder().setTargetIsr([2, 1]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      isr: [2, 1],
    });
  });

  it('testIsrChangeAndLeaderChange: removing the leader from the ISR elects the next ISR replica', () => {
    expect(builder().setTargetIsr([2, 3]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 2,
      isr: [2, 3],
    });
  });

  it('testNoLeaderEpochBumpOnEmptyTargetIsr: the ISR never empties; the last member stays and the partition goes offline', () => {
    const lonely: PartitionRegistration = { ...FOO, isr: [1] };
    expect(
      builder(lonely, (r) => r !== 1)
        .setTargetIsr([])
        .build(),
    ).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: NO_LEADER,
    });
  });

  it('testUncleanLeaderElection: ONLINE never elects outside the ISR; UNCLEAN elects the first live replica, ISR = [it]', () => {
    const offline: PartitionRegistration = { ...FOO, isr: [3], leader: NO_LEADER };
    expect(
      builder(offline, () => true)
        .setTargetIsr([3])
        .electLeader(),
    ).toEqual({ node: 3, unclean: false });
    // 2와 1은 살아 있지만 ISR 밖입니다: 깨끗한 선거는 리더를 정하지 않습니다.
    expect(builder(offline, (r) => r !== 3).build()).toBeNull();
    // UNCLEAN: 복제본 순서 [2, 1, 3]에서 살아 있는 첫 복제본 2. 리더 에포크가 오르고(leader 필드), ISR은 [2] 하나,
    // 리더는 RECOVERING으로 시작합니다. 3에만 있던 커밋된 레코드는 사라질 수 있습니다.
    const unclean = builder(offline, (r) => r !== 3).setElection('UNCLEAN');
    expect(unclean.electLeader()).toEqual({ node: 2, unclean: true });
    expect(unclean.build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 2,
      isr: [2],
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
    // 살아 있는 복제본이 하나도 없으면 UNCLEAN도 뽑지 못합니다.
    expect(
      builder(offline, () => false)
        .setElection('UNCLEAN')
        .build(),
    ).toBeNull();
  });

  it('testUncleanSetsLeaderRecoveringState: an unclean leader starts RECOVERING, once; the leader reports RECOVERED later', () => {
    const offline: PartitionRegistration = { ...FOO, isr: [3], leader: NO_LEADER };
    const recovering: PartitionRegistration = { ...offline, leaderRecoveryState: LeaderRecoveryState.RECOVERING };
    // 이미 RECOVERING이면 다시 적지 않습니다.
    expect(
      builder(recovering, (r) => r === 1)
        .setElection('UNCLEAN')
        .build(),
    ).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 1,
      isr: [1],
    });
    // 리더가 로그를 정리하고 AlterPartition으로 RECOVERED를 알리면 그것만 바뀝니다.
    const recoveringLeader: PartitionRegistration = { ...recovering, leader: 1, isr: [1] };
    expect(
      builder(recoveringLeader, () => true)
        .setTargetLeaderRecoveryState(LeaderRecoveryState.RECOVERED)
        .build(),
    ).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leaderRecoveryState: LeaderRecoveryState.RECOVERED,
    });
  });

  it('testChangeInLeadershipDoesNotChangeRecoveryState: a clean election keeps the recovery state', () => {
    const recovering: PartitionRegistration = { ...FOO, leaderRecoveryState: LeaderRecoveryState.RECOVERING };
    expect(builder(recovering).setTargetIsr([2, 3]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 2,
      isr: [2, 3],
    });
  });

  it('testElectPreferredLeader¹: returns leadership to the first replica when it is in the ISR and acceptable', () => {
    const moved: PartitionRegistration = { ...FOO, leader: 1 };
    expect(
      builder(moved, () => true)
        .setElection('PREFERRED')
        .build(),
    ).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 2,
    });
    // 선호 리더가 ISR 밖이면 그대로 둡니다.
    expect(
      builder({ ...moved, isr: [1, 3] }, () => true)
        .setElection('PREFERRED')
        .build(),
    ).toBeNull();
  });

  it('testReassignmentRearrangesReplicas: reordering the replicas writes only the new order (no epoch bump)', () => {
    expect(builder().setTargetReplicas([3, 2, 1]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      replicas: [3, 2, 1],
    });
  });

  it('testLeaderEpochBumpOnNewReplicaSetDisjoint: a replica set that drops a broker re-writes the leader (epoch bump)', () => {
    expect(builder().setTargetReplicas([2, 1, 4]).build()).toMatchObject({ leader: 1, replicas: [2, 1, 4] });
  });

  it('testIsrEnlargementCompletesReassignment: the adding replica joins the ISR → the removing one leaves, new leader', () => {
    expect(builder(BAR).setTargetIsr([1, 2, 3, 4]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 2,
      isr: [2, 3, 4],
      replicas: [2, 3, 4],
      removingReplicas: [],
      addingReplicas: [],
    });
  });

  it('testRevertReassignment: cancelling drops the adding replica and keeps the removing one', () => {
    expect(
      builder(BAR)
        .setTargetReplicas([1, 2, 3])
        .setTargetIsr([1, 2, 3])
        .setTargetRemoving([])
        .setTargetAdding([])
        .build(),
    ).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 1,
      replicas: [1, 2, 3],
      removingReplicas: [],
      addingReplicas: [],
    });
  });

  it('testRemovingReplicaReassignment: [2,1,3] → [1,2] completes at once, the ISR already has 1 and 2', () => {
    expect(builder().setTargetReplicas([1, 2, 3]).setTargetRemoving([3]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      leader: 1,
      isr: [2, 1],
      replicas: [1, 2],
    });
  });

  it('testAddingReplicaReassignment: [2,1,3] → [1,2,3,4] waits for 4: replicas and addingReplicas only', () => {
    expect(builder().setTargetReplicas([1, 2, 3, 4]).setTargetAdding([4]).build()).toEqual({
      type: 'PartitionChangeRecord',
      topicId: 'foo-id',
      partitionId: 0,
      replicas: [1, 2, 3, 4],
      addingReplicas: [4],
    });
  });
});
