/**
 * 쿼럼 컨트롤러: 요청 → 레코드 → 커밋된 뒤의 답, 활성·대기, 리더를 잃을 때, 세션과 펜싱, 스냅숏 — Kafka
 * `QuorumControllerTest`의 행들. 쿼럼은 손으로 커밋하는 `ManualRaft`입니다 (Kafka의 `LocalLogManager`처럼).
 */
import { describe, expect, it } from 'vitest';
import {
  type ConfigOutcome,
  DEFAULT_UNCLEAN_LEADER_ELECTION_CHECK_INTERVAL_MS,
  type QuorumController,
  type TopicOutcome,
} from '../../src/controller/quorum-controller.js';
import { ElectionType } from '../../src/controller/replication-control-manager.js';
import { OpType } from '../../src/metadata/config-control.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import type { NewTopic } from '../../src/metadata/topic-control.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { ElectLeadersResponse } from '../../src/protocol/messages/43-elect-leaders.js';
import type { AlterPartitionReassignmentsResponse } from '../../src/protocol/messages/45-alter-partition-reassignments.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../../src/protocol/messages/56-alter-partition.js';
import type { BrokerRegistrationResponse } from '../../src/protocol/messages/62-broker-registration.js';
import type { BrokerHeartbeatResponse } from '../../src/protocol/messages/63-broker-heartbeat.js';
import {
  answer,
  heartbeatRequest,
  ManualClock,
  ManualRaft,
  newController,
  registeredBroker,
  registrationRequest,
} from './support.js';

const topic = (name: string, replicationFactor = 1): NewTopic => ({
  name,
  numPartitions: 1,
  replicationFactor,
  assignments: [],
  configs: [],
});

/** 컨트롤러 0이 에포크 1의 리더로 활성이 된 모습 */
function activeController() {
  const raft = new ManualRaft();
  const clock = new ManualClock();
  const controller = newController(raft, clock);
  raft.elect(0);
  raft.commit([controller]);
  return { raft, clock, controller };
}

/** 브로커를 등록하고, 커밋하고, 따라잡은 하트비트로 펜싱을 풉니다. 브로커 에포크를 돌려줍니다. */
function registerAndUnfence(raft: ManualRaft, controller: QuorumController, brokerId: number): number {
  const registered = answer<BrokerRegistrationResponse>();
  controller.registerBroker(registrationRequest(brokerId), registered.done);
  raft.commit([controller]);
  const epoch = registered.value?.brokerEpoch ?? -1;
  const beat = answer<BrokerHeartbeatResponse>();
  controller.processBrokerHeartbeat(heartbeatRequest(brokerId, epoch, raft.log.length - 1), beat.done);
  raft.commit([controller]);
  if (beat.value?.isFenced !== false) throw new Error(`브로커 ${brokerId}의 펜싱이 풀리지 않았습니다`);
  return epoch;
}

/** 앞선 에포크에 이미 커밋된 레코드들을 재생한 뒤 활성이 된 컨트롤러 0 */
function activeControllerWith(initial: readonly MetadataRecord[]) {
  const raft = new ManualRaft();
  const clock = new ManualClock();
  const controller = newController(raft, clock);
  for (const data of initial) raft.log.push({ offset: raft.log.length, epoch: 0, record: { type: 'data', data } });
  raft.elect(0);
  raft.commit([controller]);
  return { raft, clock, controller };
}

const partitionRecord = (p: { replicas: number[]; isr: number[]; leader: number }): MetadataRecord => ({
  type: 'PartitionRecord',
  topicId: 't-id',
  partitionId: 0,
  leaderEpoch: 0,
  partitionEpoch: 0,
  ...p,
});

describe('QuorumController', () => {
  it('testBecomeActiveOnOwnLeaderChange¹: active only after its own LeaderChange record commits; standby answers NOT_CONTROLLER', () => {
    const raft = new ManualRaft();
    const clock = new ManualClock();
    const controller = newController(raft, clock);
    const standby = answer<TopicOutcome[]>();
    controller.createTopics([topic('a')], false, standby.done);
    expect(standby.value?.[0]?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    raft.elect(0);
    expect(controller.isActive).toBe(false); // 쿼럼의 리더가 되었어도 LeaderChange가 커밋되기 전에는
    raft.commit([controller]);
    expect(controller.claimEpoch).toBe(1);
  });

  it('testDelayedConfigurationOperations: incrementalAlterConfigs answers only once its ConfigRecord commits', () => {
    const { raft, controller } = activeController();
    registerAndUnfence(raft, controller, 0);
    const altered = answer<ConfigOutcome[]>();
    controller.incrementalAlterConfigs(
      [{ resource: { type: 'broker', name: '0' }, ops: [{ name: 'log.retention.ms', op: OpType.SET, value: '123' }] }],
      false,
      altered.done,
    );
    expect(altered.value).toBeUndefined();
    expect(controller.committedState.brokerConfigs('0').size).toBe(0);
    raft.commit([controller]);
    expect(altered.value?.[0]?.errorCode).toBe(ErrorCode.NONE);
    expect(controller.committedState.brokerConfigs('0').get('log.retention.ms')).toBe('123');
  });

  it('testCreateTopicsAnswersAfterCommit¹: the answer waits for the commit of its records', () => {
    const { raft, controller } = activeController();
    registerAndUnfence(raft, controller, 1);
    const created = answer<TopicOutcome[]>();
    controller.createTopics([topic('orders')], false, created.done);
    expect(created.value).toBeUndefined();
    // 활성 컨트롤러는 제안한 것을 곧바로 봅니다: 같은 이름은 이미 있습니다.
    expect(controller.state.topic('orders')).toBeDefined();
    expect(controller.committedState.topic('orders')).toBeUndefined();
    raft.commit([controller]);
    expect(created.value?.[0]).toEqual({ name: 'orders', errorCode: ErrorCode.NONE, errorMessage: null });
    expect(controller.committedState.topic('orders')).toBeDefined();
  });

  it('testRejectionWaitsForUncommittedRecords¹: an answer without records still waits for earlier uncommitted records', () => {
    const { raft, controller } = activeController();
    registerAndUnfence(raft, controller, 1);
    const created = answer<TopicOutcome[]>();
    controller.createTopics([topic('a')], false, created.done);
    const duplicate = answer<TopicOutcome[]>();
    controller.createTopics([topic('a')], false, duplicate.done);
    // 거절(레코드 없음)도 아직 커밋되지 않은 토픽 a를 보고 한 판단이라 커밋을 기다립니다.
    expect(duplicate.value).toBeUndefined();
    raft.commit([controller]);
    expect(duplicate.value?.[0]?.errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
  });

  it('testRenounceDropsUncommittedState¹: losing leadership answers NOT_CONTROLLER and forgets what never committed', () => {
    const { raft, controller } = activeController();
    registerAndUnfence(raft, controller, 1);
    const created = answer<TopicOutcome[]>();
    controller.createTopics([topic('lost')], false, created.done);
    // 다른 노드가 다음 에포크의 리더가 됩니다: 제안한 레코드는 커밋되지 않습니다.
    raft.log.splice(raft.log.length - 2); // 커밋되지 않은 꼬리는 새 리더가 잘라 냅니다
    raft.elect(1);
    raft.commit([controller]);
    expect(created.value?.[0]?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
    expect(controller.isActive).toBe(false);
    expect(controller.state.topic('lost')).toBeUndefined();
    const late = answer<TopicOutcome[]>();
    controller.createTopics([topic('x')], false, late.done);
    expect(late.value?.[0]?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
  });

  it('testRegisterBrokerFencedUntilCaughtUp¹: a new broker is fenced at its registration offset until a heartbeat reaches it', () => {
    const { raft, controller } = activeController();
    const registered = answer<BrokerRegistrationResponse>();
    controller.registerBroker(registrationRequest(1), registered.done);
    raft.commit([controller]);
    // 에포크 = 등록 레코드의 오프셋 (LeaderChange가 0에 있으니 1)
    expect(registered.value).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, brokerEpoch: 1 });
    expect(controller.committedState.cluster.registration(1)?.fenced).toBe(true);
    const behind = answer<BrokerHeartbeatResponse>();
    controller.processBrokerHeartbeat(heartbeatRequest(1, 1, 0), behind.done);
    expect(behind.value).toMatchObject({ errorCode: ErrorCode.NONE, isCaughtUp: false, isFenced: true });
    const caughtUp = answer<BrokerHeartbeatResponse>();
    controller.processBrokerHeartbeat(heartbeatRequest(1, 1, 1), caughtUp.done);
    expect(caughtUp.value).toBeUndefined(); // 펜싱을 푸는 레코드가 커밋될 때까지
    raft.commit([controller]);
    expect(caughtUp.value).toMatchObject({ isCaughtUp: true, isFenced: false });
    const stale = answer<BrokerHeartbeatResponse>();
    controller.processBrokerHeartbeat(heartbeatRequest(1, 7, 5), stale.done);
    expect(stale.value?.errorCode).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });

  it('testFenceMultipleBrokers: tick fences brokers whose session is over, and leadership moves within the ISR', () => {
    const { raft, clock, controller } = activeController();
    const epochs = [1, 2, 3].map((id) => registerAndUnfence(raft, controller, id));
    const created = answer<TopicOutcome[]>();
    controller.createTopics([topic('t', 3)], false, created.done);
    raft.commit([controller]);
    expect(controller.committedState.topic('t')?.partitions[0]).toMatchObject({ leader: 1, isr: [1, 2, 3] });
    // 브로커 2, 3만 계속 하트비트를 보냅니다.
    clock.elapsedMs = 5_000;
    for (const id of [2, 3])
      controller.processBrokerHeartbeat(heartbeatRequest(id, epochs[id - 1] ?? -1, raft.log.length - 1), () => {});
    expect(controller.nextTickAtMs()).toBe(9_001);
    clock.elapsedMs = 9_001;
    controller.tick();
    raft.commit([controller]);
    expect(controller.committedState.cluster.registration(1)?.fenced).toBe(true);
    expect(controller.committedState.topic('t')?.partitions[0]).toMatchObject({ leader: 2, isr: [2, 3] });
    clock.elapsedMs = 14_001;
    controller.tick();
    raft.commit([controller]);
    expect([2, 3].map((id) => controller.committedState.cluster.registration(id)?.fenced)).toEqual([true, true]);
    expect(controller.committedState.topic('t')?.partitions[0]).toMatchObject({ leader: -1, isr: [3] });
  });

  it('testWallClockJumpDoesNotFence¹: sessions run on the monotonic clock, so an NTP step of ±10 min fences nobody', () => {
    const { raft, clock, controller } = activeController();
    const epochs = [1, 2].map((id) => registerAndUnfence(raft, controller, id));
    const endBefore = raft.log.length;
    clock.elapsedMs = 4_000;
    clock.jump(10 * 60_000);
    controller.tick();
    clock.jump(-20 * 60_000);
    controller.tick();
    raft.commit([controller]);
    expect(raft.log.length).toBe(endBefore); // FenceBrokerRecord 없음
    expect([1, 2].map((id) => controller.committedState.cluster.registration(id)?.fenced)).toEqual([false, false]);
    // 진짜로 흐른 시간은 여전히 잽니다: 브로커 2만 하트비트를 보내고 세션이 지나면 브로커 1만 펜싱됩니다.
    controller.processBrokerHeartbeat(heartbeatRequest(2, epochs[1] ?? -1, raft.log.length - 1), () => {});
    clock.elapsedMs = 9_001;
    controller.tick();
    raft.commit([controller]);
    expect([1, 2].map((id) => controller.committedState.cluster.registration(id)?.fenced)).toEqual([true, false]);
  });

  it('testAlterPartitionAnswersAfterCommit¹: the ISR change is answered once committed; standby → NOT_CONTROLLER; no partitions → empty answer', () => {
    const { raft, controller } = activeController();
    const epochs = [1, 2, 3].map((id) => registerAndUnfence(raft, controller, id));
    controller.createTopics([topic('t', 3)], false, () => {});
    raft.commit([controller]);
    const topicId = controller.committedState.topic('t')?.topicId ?? '';
    const request: AlterPartitionRequest = {
      brokerId: 1,
      brokerEpoch: epochs[0] ?? -1,
      topics: [
        {
          topicId,
          partitions: [
            {
              partitionIndex: 0,
              leaderEpoch: 0,
              partitionEpoch: 0,
              newIsr: [],
              newIsrWithEpochs: [1, 2].map((id) => ({ brokerId: id, brokerEpoch: epochs[id - 1] ?? -1 })),
              leaderRecoveryState: 0,
            },
          ],
        },
      ],
    };
    const altered = answer<AlterPartitionResponse>();
    controller.alterPartition(request, 3, altered.done);
    expect(altered.value).toBeUndefined();
    expect(controller.committedState.topic('t')?.partitions[0]?.isr).toEqual([1, 2, 3]);
    raft.commit([controller]);
    expect(altered.value?.topics[0]?.partitions[0]).toMatchObject({
      errorCode: ErrorCode.NONE,
      isr: [1, 2],
      partitionEpoch: 1,
    });
    expect(controller.committedState.topic('t')?.partitions[0]).toMatchObject({ isr: [1, 2], partitionEpoch: 1 });
    const empty = answer<AlterPartitionResponse>();
    controller.alterPartition({ ...request, topics: [] }, 3, empty.done);
    expect(empty.value).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, topics: [] });
    const stale = answer<AlterPartitionResponse>();
    controller.alterPartition({ ...request, brokerEpoch: 999 }, 3, stale.done);
    raft.commit([controller]);
    expect(stale.value?.errorCode).toBe(ErrorCode.STALE_BROKER_EPOCH);
    const standby = newController(raft, new ManualClock(), 5);
    const refused = answer<AlterPartitionResponse>();
    standby.alterPartition(request, 3, refused.done);
    expect(refused.value).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NOT_CONTROLLER, topics: [] });
  });

  it('testElectLeadersAnswersAfterCommit¹: ElectLeaders PREFERRED through the controller, answered after its record commits', () => {
    // 앞선 에포크에서: 브로커 1, 2가 펜싱되지 않았고, 파티션 t-0의 리더가 선호 리더 1이 아닌 2입니다.
    const { raft, controller } = activeControllerWith([
      registeredBroker(1, 0),
      registeredBroker(2, 1),
      { type: 'TopicRecord', name: 't', topicId: 't-id' },
      partitionRecord({ replicas: [1, 2], isr: [1, 2], leader: 2 }),
    ]);
    const elected = answer<ElectLeadersResponse>();
    controller.electLeaders(
      { electionType: ElectionType.PREFERRED, topicPartitions: [{ topic: 't', partitions: [0] }], timeoutMs: 1000 },
      elected.done,
    );
    expect(elected.value).toBeUndefined();
    raft.commit([controller]);
    expect(elected.value?.replicaElectionResults).toEqual([
      { topic: 't', partitionResult: [{ partitionId: 0, errorCode: ErrorCode.NONE, errorMessage: null }] },
    ]);
    expect(controller.committedState.topic('t')?.partitions[0]).toMatchObject({ leader: 1, leaderEpoch: 1 });
    const nothing = answer<ElectLeadersResponse>();
    controller.electLeaders({ electionType: 0, topicPartitions: [], timeoutMs: 1000 }, nothing.done);
    expect(nothing.value?.replicaElectionResults).toEqual([]);
  });

  it('testAlterPartitionReassignmentsAnswersAfterCommit¹: the reassignment answers once committed; List reads only committed state; standby → NOT_CONTROLLER', () => {
    const { raft, controller } = activeControllerWith([
      registeredBroker(1, 0),
      registeredBroker(2, 1),
      { type: 'TopicRecord', name: 't', topicId: 't-id' },
      partitionRecord({ replicas: [1], isr: [1], leader: 1 }),
    ]);
    const request = { timeoutMs: 1000, topics: [{ name: 't', partitions: [{ partitionIndex: 0, replicas: [2] }] }] };
    const ongoing = [
      { name: 't', partitions: [{ partitionIndex: 0, replicas: [2, 1], addingReplicas: [2], removingReplicas: [1] }] },
    ];
    const altered = answer<AlterPartitionReassignmentsResponse>();
    controller.alterPartitionReassignments(request, altered.done);
    expect(altered.value).toBeUndefined();
    // 아직 커밋되지 않은 재배치는 목록에 나오지 않습니다 (Kafka의 읽기 연산은 커밋된 오프셋의 상태를 봅니다).
    expect(controller.listPartitionReassignments({ timeoutMs: 1000, topics: null }).topics).toEqual([]);
    raft.commit([controller]);
    expect(altered.value).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.NONE, errorMessage: null }] }],
    });
    expect(controller.listPartitionReassignments({ timeoutMs: 1000, topics: null }).topics).toEqual(ongoing);
    expect(controller.listPartitionReassignments({ timeoutMs: 1000, topics: [] }).topics).toEqual([]);
    const empty = answer<AlterPartitionReassignmentsResponse>();
    controller.alterPartitionReassignments({ timeoutMs: 1000, topics: [] }, empty.done);
    expect(empty.value).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, responses: [] });
    const standby = newController(raft, new ManualClock(), 5);
    const refused = answer<AlterPartitionReassignmentsResponse>();
    standby.alterPartitionReassignments(request, refused.done);
    expect(refused.value?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
  });

  it('testMaybeElectUncleanLeadersOnTick¹: a topic switched to unclean election gets a leader at the next unclean.leader.election.interval tick', () => {
    // 파티션 t-0은 ISR [1]의 1이 펜싱되어 오프라인이고, 2는 살아 있지만 ISR 밖입니다.
    const { raft, clock, controller } = activeControllerWith([
      registeredBroker(1, 0, { fenced: true }),
      registeredBroker(2, 1),
      { type: 'TopicRecord', name: 't', topicId: 't-id' },
      partitionRecord({ replicas: [1, 2], isr: [1], leader: -1 }),
    ]);
    controller.incrementalAlterConfigs(
      [
        {
          resource: { type: 'topic', name: 't' },
          ops: [{ name: 'unclean.leader.election.enable', op: OpType.SET, value: 'true' }],
        },
      ],
      false,
      () => {},
    );
    raft.commit([controller]);
    expect(controller.committedState.topic('t')?.partitions[0]?.leader).toBe(-1);
    expect(controller.nextTickAtMs()).toBe(9_001); // 세션 검사가 먼저
    // 브로커 2의 세션을 살려 두며 주기 검사 때까지 갑니다.
    for (let now = 5_000; now < DEFAULT_UNCLEAN_LEADER_ELECTION_CHECK_INTERVAL_MS; now += 5_000) {
      clock.elapsedMs = now;
      controller.processBrokerHeartbeat(heartbeatRequest(2, 1, raft.log.length - 1), () => {});
      controller.tick();
      raft.commit([controller]);
    }
    expect(controller.committedState.topic('t')?.partitions[0]?.leader).toBe(-1);
    clock.elapsedMs = DEFAULT_UNCLEAN_LEADER_ELECTION_CHECK_INTERVAL_MS;
    controller.processBrokerHeartbeat(heartbeatRequest(2, 1, raft.log.length - 1), () => {});
    controller.tick();
    raft.commit([controller]);
    expect(controller.committedState.topic('t')?.partitions[0]).toMatchObject({
      leader: 2,
      isr: [2],
      leaderRecoveryState: 1,
    });
  });

  it('testDuplicateBrokerRegistration¹: DUPLICATE_BROKER_REGISTRATION while the old session lives; accepted once it is fenced', () => {
    const { raft, clock, controller } = activeController();
    registerAndUnfence(raft, controller, 1);
    const duplicate = answer<BrokerRegistrationResponse>();
    controller.registerBroker(registrationRequest(1, { incarnationId: 'restarted' }), duplicate.done);
    expect(duplicate.value?.errorCode).toBe(ErrorCode.DUPLICATE_BROKER_REGISTRATION);
    clock.elapsedMs = 9_001;
    controller.tick();
    raft.commit([controller]);
    const accepted = answer<BrokerRegistrationResponse>();
    controller.registerBroker(registrationRequest(1, { incarnationId: 'restarted' }), accepted.done);
    raft.commit([controller]);
    expect(accepted.value?.errorCode).toBe(ErrorCode.NONE);
    expect(controller.committedState.cluster.registration(1)).toMatchObject({
      incarnationId: 'restarted',
      fenced: true,
    });
  });

  it('testControlledShutdown¹: wantShutDown moves leadership first, then shouldShutDown', () => {
    const { raft, controller } = activeController();
    const epoch1 = registerAndUnfence(raft, controller, 1);
    const epoch2 = registerAndUnfence(raft, controller, 2);
    controller.createTopics([topic('t', 2)], false, () => {});
    raft.commit([controller]);
    const leaderOf = () => controller.committedState.topic('t')?.partitions[0]?.leader;
    expect(leaderOf()).toBe(1);
    const pending = answer<BrokerHeartbeatResponse>();
    controller.processBrokerHeartbeat(
      heartbeatRequest(1, epoch1, raft.log.length - 1, { wantShutDown: true }),
      pending.done,
    );
    raft.commit([controller]);
    expect(pending.value).toMatchObject({ isFenced: false, shouldShutDown: false });
    expect(leaderOf()).toBe(2);
    // 브로커 2가 그 오프셋까지 따라온 뒤에야 1은 꺼져도 됩니다.
    controller.processBrokerHeartbeat(heartbeatRequest(2, epoch2, raft.log.length - 1), () => {});
    raft.commit([controller]);
    const done = answer<BrokerHeartbeatResponse>();
    controller.processBrokerHeartbeat(
      heartbeatRequest(1, epoch1, raft.log.length - 1, { wantShutDown: true }),
      done.done,
    );
    raft.commit([controller]);
    expect(done.value).toMatchObject({ isFenced: true, shouldShutDown: true });
  });

  it('testBalancePartitionLeaders: after leader.imbalance.check.interval the preferred replica leads again', () => {
    const { raft, clock, controller } = activeController();
    const epoch1 = registerAndUnfence(raft, controller, 1);
    const epoch2 = registerAndUnfence(raft, controller, 2);
    controller.createTopics([topic('t', 2)], false, () => {});
    raft.commit([controller]);
    // 브로커 1이 펜싱을 원했다가(리더십이 2로) 다시 펜싱을 풉니다. ISR은 [2]로 줄었으니 ISR을 되돌려 놓습니다.
    controller.processBrokerHeartbeat(heartbeatRequest(1, epoch1, raft.log.length - 1, { wantFence: true }), () => {});
    raft.commit([controller]);
    controller.processBrokerHeartbeat(heartbeatRequest(1, epoch1, raft.log.length - 1), () => {});
    raft.commit([controller]);
    // 브로커 1이 ISR로 돌아온 것(복제가 따라잡은 뒤의 AlterPartition, 복제 장의 일)을 로그에 직접 적고, 컨트롤러가
    // 새 에포크의 리더로 다시 활성이 되며 그것까지 읽게 합니다.
    raft.log.push({
      offset: raft.log.length,
      epoch: raft.epoch,
      record: {
        type: 'data',
        data: { type: 'PartitionChangeRecord', topicId: 'topic-1', partitionId: 0, isr: [2, 1] },
      },
    });
    raft.elect(0);
    controller.handleLeaderChange();
    raft.commit([controller]);
    expect(controller.committedState.topic('t')?.partitions[0]?.leader).toBe(2);
    clock.elapsedMs = 9_000; // 세션이 끝나지 않게
    controller.processBrokerHeartbeat(heartbeatRequest(1, epoch1, raft.log.length - 1), () => {});
    controller.processBrokerHeartbeat(heartbeatRequest(2, epoch2, raft.log.length - 1), () => {});
    expect(controller.nextTickAtMs()).toBe(10_000);
    clock.elapsedMs = 10_000;
    controller.tick();
    raft.commit([controller]);
    expect(controller.committedState.topic('t')?.partitions[0]?.leader).toBe(1);
  });

  it('testSnapshotSaveAndLoad: a standby rebuilt from the snapshot equals one that replayed the log', () => {
    const { raft, controller } = activeController();
    registerAndUnfence(raft, controller, 1);
    controller.createTopics([topic('a'), topic('b')], false, () => {});
    controller.deleteTopics(['a'], () => {});
    raft.commit([controller]);
    const snapshot = controller.snapshot();
    expect(snapshot.endOffset).toBe(raft.log.length);
    const restored = newController(new ManualRaft(), new ManualClock(), 2);
    restored.apply({
      kind: 'snapshot',
      snapshot: { id: { offset: snapshot.endOffset, epoch: 1 }, records: snapshot.records },
    });
    expect(restored.committedState.toRecords()).toEqual(controller.committedState.toRecords());
    expect(restored.lastCommittedOffset).toBe(controller.lastCommittedOffset);
  });
});
