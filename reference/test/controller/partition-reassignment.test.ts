/**
 * 재배치의 목록 셈 — Kafka `PartitionReassignmentReplicasTest`, `PartitionReassignmentRevertTest`의 행들.
 */
import { describe, expect, it } from 'vitest';
import {
  maybeCompleteReassignment,
  reassignmentReplicas,
  reassignmentRevert,
} from '../../src/controller/partition-reassignment.js';

describe('PartitionReassignmentReplicas', () => {
  const replicasOf = (current: number[], target: number[]) => reassignmentReplicas(current, target);

  it('testNoneAddedOrRemoved: the same replicas, nothing adding or removing', () => {
    expect(replicasOf([3, 2, 1], [3, 2, 1])).toEqual({ removing: [], adding: [], replicas: [3, 2, 1] });
  });

  it('testAdditions: new brokers are adding (sorted), the target order is kept', () => {
    expect(replicasOf([3, 2, 1], [3, 6, 2, 1, 5])).toEqual({ removing: [], adding: [5, 6], replicas: [3, 6, 2, 1, 5] });
  });

  it('testRemovals: dropped brokers are removing and go after the target', () => {
    expect(replicasOf([3, 2, 1, 0], [3, 1])).toEqual({ removing: [0, 2], adding: [], replicas: [3, 1, 0, 2] });
  });

  it('testAdditionsAndRemovals: both lists, replicas = target + removing', () => {
    expect(replicasOf([3, 2, 1, 0], [7, 3, 1, 9])).toEqual({
      removing: [0, 2],
      adding: [7, 9],
      replicas: [7, 3, 1, 9, 0, 2],
    });
  });

  it('testRearrangement: a new order only, nothing adding or removing', () => {
    expect(replicasOf([3, 2, 1, 0], [0, 1, 3, 2])).toEqual({ removing: [], adding: [], replicas: [0, 1, 3, 2] });
  });

  it('testDoesNotCompleteReassignment: the ISR lacks a new replica (5)', () => {
    expect(maybeCompleteReassignment(reassignmentReplicas([0, 1, 2], [3, 4, 5]), [0, 1, 2, 3, 4])).toBeNull();
  });

  it('testDoesNotCompleteReassignmentIfNoneOngoing: nothing adding or removing, nothing to complete', () => {
    expect(maybeCompleteReassignment({ removing: [], adding: [], replicas: [0, 1, 2] }, [0, 1, 2])).toBeNull();
  });

  it('testDoesCompleteReassignmentAllNewReplicas: every new replica in the ISR → the removing ones leave', () => {
    expect(maybeCompleteReassignment(reassignmentReplicas([0, 1, 2], [3, 4, 5]), [0, 1, 2, 3, 4, 5])).toEqual({
      replicas: [3, 4, 5],
      isr: [3, 4, 5],
    });
  });

  it('testDoesCompleteReassignmentSomeNewReplicas: [0,1,2] → [0,1,3] completes once 3 is in the ISR', () => {
    expect(maybeCompleteReassignment(reassignmentReplicas([0, 1, 2], [0, 1, 3]), [0, 1, 2, 3])).toEqual({
      replicas: [0, 1, 3],
      isr: [0, 1, 3],
    });
  });

  it('testDoesNotCompleteReassignmentIfIsrDoesNotHaveAllTargetReplicas: ISR [3] alone is not enough', () => {
    expect(maybeCompleteReassignment(reassignmentReplicas([0, 1, 2], [0, 1, 3]), [3])).toBeNull();
  });
});

describe('PartitionReassignmentRevert', () => {
  it('testNoneAddedOrRemoved: nothing to revert', () => {
    expect(reassignmentRevert({ replicas: [3, 2, 1], isr: [3, 2] })).toEqual({
      replicas: [3, 2, 1],
      isr: [3, 2],
      unclean: false,
    });
  });

  it('testSomeRemoving: the removing replicas (2, 1) stay', () => {
    expect(reassignmentRevert({ replicas: [3, 2, 1], isr: [3, 2], removingReplicas: [2, 1] })).toEqual({
      replicas: [3, 2, 1],
      isr: [3, 2],
      unclean: false,
    });
  });

  it('testSomeAdding: the adding replicas (4, 5) leave the replicas and the ISR', () => {
    expect(reassignmentRevert({ replicas: [4, 5, 3, 2, 1], isr: [4, 5, 2], addingReplicas: [4, 5] })).toEqual({
      replicas: [3, 2, 1],
      isr: [2],
      unclean: false,
    });
  });

  it('testSomeRemovingAndAdding: adding leave, removing stay', () => {
    const partition = { replicas: [4, 5, 3, 2, 1], isr: [4, 5, 2], removingReplicas: [2], addingReplicas: [4, 5] };
    expect(reassignmentRevert(partition)).toEqual({ replicas: [3, 2, 1], isr: [2], unclean: false });
  });

  it('testIsrSpecialCase: an ISR of adding replicas only → the first remaining replica, an unclean election', () => {
    expect(reassignmentRevert({ replicas: [4, 5, 3, 2, 1], isr: [4, 5], addingReplicas: [4, 5] })).toEqual({
      replicas: [3, 2, 1],
      isr: [3],
      unclean: true,
    });
  });
});
