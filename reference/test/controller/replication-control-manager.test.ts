/**
 * 브로커의 상태가 바뀔 때 파티션의 리더와 ISR, 하트비트 처리, 선호 리더로 되돌리기 — Kafka
 * `ReplicationControlManagerTest`의 행들. 컨트롤러의 상태(`ControlManagers`)에 레코드를 재생하며 진행합니다
 * (활성 컨트롤러가 제안한 레코드를 곧바로 재생하듯이).
 */
import { describe, expect, it } from 'vitest';
import { ConfigurationControlManager } from '../../src/controller/configuration-control-manager.js';
import type { ControlManagers } from '../../src/controller/control-managers.js';
import { ElectionType } from '../../src/controller/replication-control-manager.js';
import { LeaderRecoveryState, NO_LEADER } from '../../src/metadata/partition-registration.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { controlState, heartbeatRequest, registeredBroker } from './support.js';

/** 브로커 1~4(에포크 = 오프셋 0~3)가 펜싱되지 않았고, 토픽 foo의 파티션 0은 복제본 [1, 2, 3] */
function cluster(now = () => 0) {
  const records: MetadataRecord[] = [
    registeredBroker(1, 0),
    registeredBroker(2, 1),
    registeredBroker(3, 2),
    registeredBroker(4, 3),
    { type: 'TopicRecord', name: 'foo', topicId: 'foo-id' },
    {
      type: 'PartitionRecord',
      topicId: 'foo-id',
      partitionId: 0,
      replicas: [1, 2, 3],
      isr: [1, 2, 3],
      leader: 1,
      leaderEpoch: 0,
      partitionEpoch: 0,
    },
  ];
  const state = controlState(records, now);
  state.cluster.activate();
  let offset = records.length;
  const apply = (generated: MetadataRecord[]) => {
    for (const r of generated) state.replay(r, offset++);
    return generated;
  };
  return { state, apply, nextOffset: () => offset };
}

const partition = (state: ControlManagers) => state.topic('foo')?.partitions[0];

describe('ReplicationControlManager', () => {
  it('testFenceMultipleBrokers: the leader moves to the next ISR replica; with the ISR all fenced the partition goes offline', () => {
    const { state, apply } = cluster();
    const fence = (id: number) => {
      const records: MetadataRecord[] = [];
      state.replication.handleBrokerFenced(id, records);
      return apply(records);
    };
    // 리더 1을 펜싱: ISR에서 빼고 다음 ISR 복제본 2가 리더, 그 뒤에 펜싱 레코드 (이 순서라야 어느 접두사도 안전합니다)
    expect(fence(1).map((r) => r.type)).toEqual(['PartitionChangeRecord', 'BrokerRegistrationChangeRecord']);
    expect(partition(state)).toMatchObject({ leader: 2, isr: [2, 3], leaderEpoch: 1, partitionEpoch: 1 });
    fence(2);
    expect(partition(state)).toMatchObject({ leader: 3, isr: [3], leaderEpoch: 2 });
    // ISR의 마지막 복제본을 펜싱: ISR은 비지 않고 [3]으로 남고, 리더는 -1 (unclean 선거는 꺼져 있음)
    fence(3);
    expect(partition(state)).toMatchObject({ leader: NO_LEADER, isr: [3], leaderEpoch: 3 });
    // 펜싱된 브로커가 돌아와도 ISR 밖의 1, 2는 리더가 되지 않습니다. ISR의 3이 돌아오면 3이 리더입니다.
    const unfence = (id: number) => {
      const records: MetadataRecord[] = [];
      state.replication.handleBrokerUnfenced(id, state.cluster.registration(id)?.epoch ?? -1, records);
      return apply(records);
    };
    unfence(1);
    expect(partition(state)?.leader).toBe(NO_LEADER);
    expect(unfence(3).map((r) => r.type)).toEqual(['BrokerRegistrationChangeRecord', 'PartitionChangeRecord']);
    expect(partition(state)).toMatchObject({ leader: 3, isr: [3] });
  });

  it('testRemoveLeaderships: controlled shutdown marks the broker, removes it from the ISR and moves its leadership', () => {
    const { state, apply } = cluster();
    const records: MetadataRecord[] = [];
    state.replication.handleBrokerInControlledShutdown(1, 0, records);
    apply(records);
    expect(records[0]).toMatchObject({ type: 'BrokerRegistrationChangeRecord', inControlledShutdown: 1, fenced: 0 });
    expect(partition(state)).toMatchObject({ leader: 2, isr: [2, 3] });
    expect(state.replication.hasLeaderships(1)).toBe(false);
  });

  it('testProcessBrokerHeartbeatInControlledShutdown: CONTROLLED_SHUTDOWN moves leaders, then SHUTDOWN_NOW fences', () => {
    const { state, apply, nextOffset } = cluster();
    const beat = (id: number, offset: number, wantShutDown = false) => {
      const result = state.replication.processBrokerHeartbeat(
        heartbeatRequest(id, id - 1, offset, { wantShutDown }),
        state.cluster.registerBrokerRecordOffset(id) ?? -1,
        0,
      );
      if (!result.ok) throw new Error(result.message);
      apply(result.records);
      return result;
    };
    for (const id of [1, 2, 3, 4]) beat(id, 5);
    const first = beat(1, 5, true);
    expect(first.inControlledShutdown).toBe(true);
    expect(first.response).toMatchObject({ isFenced: false, shouldShutDown: false });
    state.cluster.heartbeats.maybeUpdateControlledShutdownOffset(1, nextOffset() - 1);
    expect(partition(state)?.leader).toBe(2);
    // 일하는 브로커들이 종료를 시작한 오프셋까지 따라오기 전에는 꺼지지 않습니다.
    expect(beat(1, nextOffset() - 1, true).response.shouldShutDown).toBe(false);
    for (const id of [2, 3, 4]) beat(id, nextOffset() - 1);
    const last = beat(1, nextOffset() - 1, true);
    expect(last.response).toMatchObject({ isFenced: true, shouldShutDown: true });
    expect(state.cluster.registration(1)?.fenced).toBe(true);
  });

  it('testUnfenceAfterCatchingUp¹: a registered broker stays fenced until its heartbeat offset reaches its registration', () => {
    const { state, apply } = cluster();
    apply([registeredBroker(5, 6, { fenced: true })]);
    state.cluster.heartbeats.register(5, true, 0);
    const beat = (offset: number) => {
      const result = state.replication.processBrokerHeartbeat(heartbeatRequest(5, 6, offset), 6, 0);
      if (!result.ok) throw new Error(result.message);
      apply(result.records);
      return result.response;
    };
    expect(beat(5)).toMatchObject({ isCaughtUp: false, isFenced: true });
    expect(beat(6)).toMatchObject({ isCaughtUp: true, isFenced: false });
    expect(state.cluster.registration(5)?.fenced).toBe(false);
  });

  it('testProcessBrokerHeartbeatWithStaleEpoch¹: STALE_BROKER_EPOCH, nothing written', () => {
    const { state } = cluster();
    const result = state.replication.processBrokerHeartbeat(heartbeatRequest(1, 99, 5), 0, 0);
    expect(result.ok ? 0 : result.error).toBe(ErrorCode.STALE_BROKER_EPOCH);
  });

  it('testMaybeFenceOneStaleBroker¹: one broker per call, the one heard from longest ago', () => {
    let now = 0;
    const { state, apply } = cluster(() => now);
    now = 5_000;
    for (const id of [2, 3, 4]) state.cluster.heartbeats.touch(id, false, 5, now);
    now = 9_001;
    const records: MetadataRecord[] = [];
    expect(state.replication.maybeFenceOneStaleBroker(now, records)).toBe(1);
    apply(records);
    expect(state.replication.maybeFenceOneStaleBroker(now, [])).toBeNull();
    expect(partition(state)).toMatchObject({ leader: 2, isr: [2, 3] });
  });

  it('testBalancePartitionLeaders: the preferred replica leads again once it is back in the ISR and unfenced', () => {
    const { state, apply } = cluster();
    // 리더 1이 제어된 종료로 리더십을 넘겼고(ISR에서도 빠짐) 다시 돌아와 ISR에 들었다고 합니다.
    const records: MetadataRecord[] = [];
    state.replication.handleBrokerInControlledShutdown(1, 0, records);
    apply(records);
    apply([registeredBroker(1, 10)]);
    apply([{ type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, isr: [2, 3, 1] }]);
    const balance: MetadataRecord[] = [];
    state.replication.maybeBalancePartitionLeaders(balance);
    expect(balance).toEqual([{ type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, leader: 1 }]);
    apply(balance);
    expect(state.replication.partitionsWhere((p) => p.leader !== p.replicas[0])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// AlterPartition (Kafka `ReplicationControlManagerTest`의 AlterPartition 행들)
// ---------------------------------------------------------------------------------------------

/** 브로커 id의 에포크 (cluster()에서 등록 레코드의 오프셋 = id - 1) */
const epochOf = (id: number) => id - 1;

interface AlterOptions {
  readonly brokerId?: number;
  readonly brokerEpoch?: number;
  readonly topicId?: string;
  readonly partitionIndex?: number;
  readonly leaderEpoch?: number;
  readonly partitionEpoch?: number;
  readonly isr?: readonly number[];
  /** ISR 항목의 브로커 에포크를 바꿀 때 (v3) */
  readonly isrEpochs?: Readonly<Record<number, number>>;
  readonly leaderRecoveryState?: number;
  readonly version?: number;
}

/** 지금 파티션의 에포크로 만든 AlterPartition 요청 하나를 보내고, 통과한 레코드를 재생합니다. */
function alter(state: ControlManagers, apply: (r: MetadataRecord[]) => MetadataRecord[], options: AlterOptions) {
  const current = partition(state);
  const { brokerId = 1, version = 3, isr = [1, 2, 3] } = options;
  const result = state.replication.alterPartition(
    {
      brokerId,
      brokerEpoch: options.brokerEpoch ?? epochOf(brokerId),
      topics: [
        {
          topicId: options.topicId ?? 'foo-id',
          partitions: [
            {
              partitionIndex: options.partitionIndex ?? 0,
              leaderEpoch: options.leaderEpoch ?? current?.leaderEpoch ?? 0,
              partitionEpoch: options.partitionEpoch ?? current?.partitionEpoch ?? 0,
              newIsr: version < 3 ? [...isr] : [],
              newIsrWithEpochs:
                version < 3
                  ? []
                  : isr.map((id) => ({ brokerId: id, brokerEpoch: options.isrEpochs?.[id] ?? epochOf(id) })),
              leaderRecoveryState: options.leaderRecoveryState ?? LeaderRecoveryState.RECOVERED,
            },
          ],
        },
      ],
    },
    version,
  );
  if (!result.ok) return { topLevel: result.error, records: [] as MetadataRecord[], answer: undefined };
  apply(result.records);
  return { topLevel: ErrorCode.NONE, records: result.records, answer: result.response.topics[0]?.partitions[0] };
}

describe('ReplicationControlManager.alterPartition', () => {
  it('testShrinkAndExpandIsr: the leader shrinks then expands the ISR; each change bumps only the partition epoch', () => {
    const { state, apply } = cluster();
    const shrink = alter(state, apply, { isr: [1, 2] });
    expect(shrink.records).toEqual([{ type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, isr: [1, 2] }]);
    // 답은 레코드를 적용한 상태: 커밋된 뒤에 나가므로 리더는 이것을 커밋된 ISR로 믿습니다.
    expect(shrink.answer).toEqual({
      partitionIndex: 0,
      errorCode: ErrorCode.NONE,
      leaderId: 1,
      leaderEpoch: 0,
      isr: [1, 2],
      leaderRecoveryState: 0,
      partitionEpoch: 1,
    });
    expect(partition(state)).toMatchObject({ isr: [1, 2], leaderEpoch: 0, partitionEpoch: 1 });
    const expand = alter(state, apply, { isr: [1, 2, 3] });
    expect(expand.answer).toMatchObject({ errorCode: ErrorCode.NONE, isr: [1, 2, 3], partitionEpoch: 2 });
    // 같은 ISR을 다시 보내면 레코드 없이 지금 상태를 답합니다.
    const same = alter(state, apply, { isr: [1, 2, 3] });
    expect(same.records).toEqual([]);
    expect(same.answer).toMatchObject({ errorCode: ErrorCode.NONE, partitionEpoch: 2 });
  });

  it('testInvalidAlterPartitionRequests: each invalid proposal gets its error and writes nothing', () => {
    const { state, apply } = cluster();
    const rows: [string, AlterOptions, number][] = [
      ['리더가 아닌 브로커 2가 보냄', { brokerId: 2, isr: [1, 2] }, ErrorCode.INVALID_REQUEST],
      ['리더 에포크가 컨트롤러보다 큼', { leaderEpoch: 500, isr: [1, 2] }, ErrorCode.NOT_CONTROLLER],
      ['파티션 에포크가 컨트롤러보다 큼', { partitionEpoch: 500, isr: [1, 2] }, ErrorCode.NOT_CONTROLLER],
      ['복제본이 아닌 4가 ISR에', { isr: [1, 2, 4] }, ErrorCode.INVALID_REQUEST],
      ['ISR에 같은 브로커가 둘', { isr: [1, 1, 2] }, ErrorCode.INVALID_REQUEST],
      ['리더 1이 ISR에 없음', { isr: [2, 3] }, ErrorCode.INVALID_REQUEST],
      ['RECOVERING인데 ISR이 둘', { isr: [1, 2], leaderRecoveryState: 1 }, ErrorCode.INVALID_REQUEST],
      ['RECOVERED → RECOVERING', { isr: [1], leaderRecoveryState: 1 }, ErrorCode.INVALID_REQUEST],
    ];
    for (const [what, options, errorCode] of rows) {
      const { answer, records } = alter(state, apply, options);
      expect({ what, errorCode: answer?.errorCode, records }).toEqual({ what, errorCode, records: [] });
    }
    // 보낸 브로커의 에포크가 낡으면 요청 전체가 STALE_BROKER_EPOCH입니다.
    expect(alter(state, apply, { brokerEpoch: 99, isr: [1, 2] }).topLevel).toBe(ErrorCode.STALE_BROKER_EPOCH);
    expect(partition(state)).toMatchObject({ isr: [1, 2, 3], partitionEpoch: 0 });
  });

  it('testAlterPartitionStaleEpochs¹: a stale partition epoch is INVALID_UPDATE_VERSION, a stale leader epoch FENCED_LEADER_EPOCH', () => {
    const { state, apply } = cluster();
    alter(state, apply, { isr: [1, 2] });
    // 앞선 ISR(파티션 에포크 0)을 보고 만든 제안: 그새 커밋된 변화가 있으니 받지 않습니다.
    expect(alter(state, apply, { partitionEpoch: 0, isr: [1] }).answer?.errorCode).toBe(
      ErrorCode.INVALID_UPDATE_VERSION,
    );
    // 리더 에포크가 오른 뒤(리더를 다시 적음) 옛 리더 에포크로 온 제안
    apply([{ type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, leader: 1 }]);
    expect(alter(state, apply, { leaderEpoch: 0, isr: [1] }).answer?.errorCode).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    expect(partition(state)).toMatchObject({ isr: [1, 2], leaderEpoch: 1 });
  });

  it('testAlterPartitionHandleUnknownTopicIdOrName: unknown topic id → UNKNOWN_TOPIC_ID, unknown partition → UNKNOWN_TOPIC_OR_PARTITION', () => {
    const { state, apply } = cluster();
    expect(alter(state, apply, { topicId: 'nope' }).answer?.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
    expect(alter(state, apply, { partitionIndex: 7 }).answer?.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('testAlterPartitionShouldRejectFencedBrokers: a fenced replica cannot join the ISR (INELIGIBLE_REPLICA, v2 and v3)', () => {
    const { state, apply } = cluster();
    const records: MetadataRecord[] = [];
    state.replication.handleBrokerFenced(3, records);
    apply(records);
    expect(partition(state)?.isr).toEqual([1, 2]);
    for (const version of [2, 3]) {
      const { answer, records: written } = alter(state, apply, { isr: [1, 2, 3], version });
      expect({ version, errorCode: answer?.errorCode, written }).toEqual({
        version,
        errorCode: ErrorCode.INELIGIBLE_REPLICA,
        written: [],
      });
    }
  });

  it('testAlterPartitionShouldRejectBrokersWithStaleEpoch: v3 checks each ISR member’s broker epoch (KIP-903); v2 carries none', () => {
    const { state, apply } = cluster();
    alter(state, apply, { isr: [1, 2] });
    // 3이 다시 켜져 새 에포크로 등록했는데, 리더는 옛 에포크(2)로 팔로워 3을 보았습니다.
    apply([registeredBroker(3, 40, { incarnationId: 'inc-3-again' })]);
    expect(alter(state, apply, { isr: [1, 2, 3], isrEpochs: { 3: 2 } }).answer?.errorCode).toBe(
      ErrorCode.INELIGIBLE_REPLICA,
    );
    expect(alter(state, apply, { isr: [1, 2, 3], isrEpochs: { 3: 40 } }).answer?.errorCode).toBe(ErrorCode.NONE);
    alter(state, apply, { isr: [1, 2] });
    expect(alter(state, apply, { isr: [1, 2, 3], version: 2 }).answer?.errorCode).toBe(ErrorCode.NONE);
  });

  it('testAlterPartitionShouldRejectShuttingDownBrokers: a replica in controlled shutdown cannot join the ISR', () => {
    const { state, apply } = cluster();
    const records: MetadataRecord[] = [];
    state.replication.handleBrokerInControlledShutdown(3, epochOf(3), records);
    apply(records);
    expect(alter(state, apply, { isr: [1, 2, 3] }).answer?.errorCode).toBe(ErrorCode.INELIGIBLE_REPLICA);
  });

  it('testAlterPartitionShouldRejectUnregisteredBrokers¹: a replica with no registration cannot join the ISR', () => {
    const { state, apply } = cluster();
    apply([
      { type: 'TopicRecord', name: 'bar', topicId: 'bar-id' },
      {
        type: 'PartitionRecord',
        topicId: 'bar-id',
        partitionId: 0,
        replicas: [1, 9],
        isr: [1],
        leader: 1,
        leaderEpoch: 0,
        partitionEpoch: 0,
      },
    ]);
    const result = state.replication.alterPartition(
      {
        brokerId: 1,
        brokerEpoch: 0,
        topics: [
          {
            topicId: 'bar-id',
            partitions: [
              {
                partitionIndex: 0,
                leaderEpoch: 0,
                partitionEpoch: 0,
                newIsr: [],
                newIsrWithEpochs: [
                  { brokerId: 1, brokerEpoch: 0 },
                  { brokerId: 9, brokerEpoch: -1 },
                ],
                leaderRecoveryState: 0,
              },
            ],
          },
        ],
      },
      3,
    );
    expect(result.ok && result.response.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.INELIGIBLE_REPLICA);
  });

  it('testAlterPartitionCompletesLeaderRecovery¹: the unclean leader reports RECOVERED, then may expand the ISR', () => {
    const { state, apply } = cluster();
    apply([
      {
        type: 'PartitionChangeRecord',
        topicId: 'foo-id',
        partitionId: 0,
        leader: 1,
        isr: [1],
        leaderRecoveryState: LeaderRecoveryState.RECOVERING,
      },
    ]);
    const recovered = alter(state, apply, { isr: [1] });
    expect(recovered.records).toEqual([
      { type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, leaderRecoveryState: 0 },
    ]);
    expect(recovered.answer).toMatchObject({ errorCode: ErrorCode.NONE, leaderRecoveryState: 0 });
    expect(alter(state, apply, { isr: [1, 2] }).answer?.errorCode).toBe(ErrorCode.NONE);
  });

  it('testAlterPartitionExpandIsrCompletesLeaderRecovery¹: RECOVERED may ride on the first ISR expansion (what a broker sends)', () => {
    const { state, apply } = cluster();
    apply([
      {
        type: 'PartitionChangeRecord',
        topicId: 'foo-id',
        partitionId: 0,
        leader: 1,
        isr: [1],
        leaderRecoveryState: LeaderRecoveryState.RECOVERING,
      },
    ]);
    // 브로커는 리더가 될 때 RECOVERED로 적으므로(Partition.makeLeader), 팔로워를 넣는 첫 제안에 RECOVERED가 실립니다.
    const expanded = alter(state, apply, { isr: [1, 2] });
    expect(expanded.records).toEqual([
      { type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, isr: [1, 2], leaderRecoveryState: 0 },
    ]);
    expect(partition(state)).toMatchObject({ isr: [1, 2], leaderRecoveryState: LeaderRecoveryState.RECOVERED });
  });
});

// ---------------------------------------------------------------------------------------------
// 리더 선거: ElectLeaders, unclean 선거
// ---------------------------------------------------------------------------------------------

const uncleanConfig = (value: string): MetadataRecord => ({
  type: 'ConfigRecord',
  resourceType: 'topic',
  resourceName: 'foo',
  name: 'unclean.leader.election.enable',
  value,
});

/** 리더 1이 ISR을 [1]로 줄인 뒤 펜싱되어 리더가 없는 파티션 (2, 3은 살아 있지만 ISR 밖) */
function leaderless(configs: MetadataRecord[] = []) {
  const context = cluster();
  context.apply(configs);
  alter(context.state, context.apply, { isr: [1] });
  const records: MetadataRecord[] = [];
  context.state.replication.handleBrokerFenced(1, records);
  context.apply(records);
  return context;
}

function elect(
  state: ControlManagers,
  apply: (r: MetadataRecord[]) => MetadataRecord[],
  electionType: number,
  topicPartitions: { topic: string; partitions: number[] }[] | null = [{ topic: 'foo', partitions: [0] }],
) {
  const result = state.replication.electLeaders({ electionType, topicPartitions, timeoutMs: 60_000 });
  if (!result.ok) return { topLevel: result.error, results: [], records: [] as MetadataRecord[] };
  apply(result.records);
  return { topLevel: ErrorCode.NONE, results: result.response.replicaElectionResults, records: result.records };
}

describe('ReplicationControlManager: leader elections', () => {
  it('testUncleanElectionOffKeepsPartitionOffline¹: the last ISR member fenced leaves the partition offline though 2 and 3 live', () => {
    const { state } = leaderless();
    expect(partition(state)).toMatchObject({ leader: NO_LEADER, isr: [1] });
  });

  it('testUncleanElectionOnFence¹: with unclean.leader.election.enable=true the fence itself elects a live replica outside the ISR', () => {
    const { state } = leaderless([uncleanConfig('true')]);
    expect(partition(state)).toMatchObject({
      leader: 2,
      isr: [2],
      leaderEpoch: 1,
      partitionEpoch: 2,
      leaderRecoveryState: LeaderRecoveryState.RECOVERING,
    });
  });

  it('testElectUncleanLeaders_WithoutElr: ElectLeaders UNCLEAN elects outside the ISR whatever the topic config', () => {
    const { state, apply } = leaderless();
    const { results, records } = elect(state, apply, ElectionType.UNCLEAN);
    expect(results).toEqual([
      { topic: 'foo', partitionResult: [{ partitionId: 0, errorCode: ErrorCode.NONE, errorMessage: null }] },
    ]);
    expect(records).toEqual([
      { type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, leader: 2, isr: [2], leaderRecoveryState: 1 },
    ]);
    // 리더가 생겼으니 다음 UNCLEAN은 할 일이 없습니다.
    expect(elect(state, apply, ElectionType.UNCLEAN).results[0]?.partitionResult[0]?.errorCode).toBe(
      ErrorCode.ELECTION_NOT_NEEDED,
    );
  });

  it('testElectUncleanLeadersNoLiveReplica¹: no live replica at all → ELIGIBLE_LEADERS_NOT_AVAILABLE', () => {
    const { state, apply } = leaderless();
    for (const id of [2, 3]) {
      const records: MetadataRecord[] = [];
      state.replication.handleBrokerFenced(id, records);
      apply(records);
    }
    const { results, records } = elect(state, apply, ElectionType.UNCLEAN);
    expect(results[0]?.partitionResult[0]?.errorCode).toBe(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    expect(records).toEqual([]);
  });

  it('testPreferredElectionDoesNotTriggerUncleanElection: PREFERRED on a leaderless partition → PREFERRED_LEADER_NOT_AVAILABLE', () => {
    const { state, apply } = leaderless([uncleanConfig('true')]);
    // 펜싱이 이미 2를 뽑았으니, 2를 다시 펜싱해 리더 없는 상태로 (ISR [2])
    const records: MetadataRecord[] = [];
    apply([uncleanConfig('false')]);
    state.replication.handleBrokerFenced(2, records);
    apply(records);
    expect(partition(state)).toMatchObject({ leader: NO_LEADER, isr: [2] });
    const preferred = elect(state, apply, ElectionType.PREFERRED);
    expect(preferred.results[0]?.partitionResult[0]?.errorCode).toBe(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE);
    expect(preferred.records).toEqual([]);
  });

  it('testElectPreferredLeaders: PREFERRED returns leadership to the first replica; rows for every per-partition error', () => {
    const { state, apply } = cluster();
    // 1이 제어된 종료로 리더십을 2에 넘기고, 돌아와 ISR에 다시 듭니다.
    const records: MetadataRecord[] = [];
    state.replication.handleBrokerInControlledShutdown(1, 0, records);
    apply(records);
    apply([registeredBroker(1, 10)]);
    expect(partition(state)).toMatchObject({ leader: 2, isr: [2, 3] });
    // 선호 리더 1이 ISR 밖: PREFERRED_LEADER_NOT_AVAILABLE
    expect(elect(state, apply, ElectionType.PREFERRED).results[0]?.partitionResult[0]?.errorCode).toBe(
      ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
    );
    apply([{ type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, isr: [2, 3, 1] }]);
    const elected = elect(state, apply, ElectionType.PREFERRED, [
      { topic: 'foo', partitions: [0, 5] },
      { topic: 'nope', partitions: [0] },
    ]);
    expect(elected.results).toEqual([
      {
        topic: 'foo',
        partitionResult: [
          { partitionId: 0, errorCode: ErrorCode.NONE, errorMessage: null },
          { partitionId: 5, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: expect.any(String) },
        ],
      },
      {
        topic: 'nope',
        partitionResult: [
          { partitionId: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: expect.any(String) },
        ],
      },
    ]);
    expect(partition(state)).toMatchObject({ leader: 1, leaderEpoch: 2 });
    // 이미 선호 리더가 리더: 파티션을 적었으면 ELECTION_NOT_NEEDED, 모든 파티션(null)이면 답에서 빠집니다.
    expect(elect(state, apply, ElectionType.PREFERRED).results[0]?.partitionResult[0]?.errorCode).toBe(
      ErrorCode.ELECTION_NOT_NEEDED,
    );
    expect(elect(state, apply, ElectionType.PREFERRED, null).results).toEqual([{ topic: 'foo', partitionResult: [] }]);
    // 모르는 선거 종류는 요청 전체가 INVALID_REQUEST
    expect(elect(state, apply, 7).topLevel).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('testMaybeTriggerUncleanLeaderElectionForLeaderlessPartitions: the periodic check elects only where the topic allows it', () => {
    const off = leaderless();
    const none: MetadataRecord[] = [];
    off.state.replication.maybeElectUncleanLeaders(none);
    expect(none).toEqual([]);
    // 파티션이 오프라인이 된 뒤에 설정을 켠 토픽: 다음 주기 검사가 리더를 뽑습니다.
    off.apply([uncleanConfig('true')]);
    const elected: MetadataRecord[] = [];
    off.state.replication.maybeElectUncleanLeaders(elected);
    expect(elected).toEqual([
      { type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, leader: 2, isr: [2], leaderRecoveryState: 1 },
    ]);
  });

  it('testUncleanLeaderElectionConfigPrecedence¹: topic config, then this node’s, then the cluster default, then the static config', () => {
    const configs = new ConfigurationControlManager();
    const set = (resourceType: 'topic' | 'broker', resourceName: string, value: string | null) =>
      configs.replay({
        type: 'ConfigRecord',
        resourceType,
        resourceName,
        name: 'unclean.leader.election.enable',
        value,
      });
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 0, false)).toBe(false);
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 0, true)).toBe(true);
    set('broker', '', 'true');
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 0, false)).toBe(true);
    set('broker', '0', 'false');
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 0, false)).toBe(false);
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 1, false)).toBe(true);
    set('topic', 'foo', 'true');
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 0, false)).toBe(true);
    set('topic', 'foo', null);
    expect(configs.uncleanLeaderElectionEnabledForTopic('foo', 0, false)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// 재배치: AlterPartitionReassignments, ListPartitionReassignments
// ---------------------------------------------------------------------------------------------

/** Kafka `testReassignPartitions`의 시작: 브로커 1~4, foo [[1,2,3], [3,2,1]], bar [[1,2,3]] (Kafka의 0을 4로 바꿈) */
function reassignable() {
  const context = cluster();
  const part = (topicId: string, partitionId: number, replicas: number[]): MetadataRecord => ({
    type: 'PartitionRecord',
    topicId,
    partitionId,
    replicas,
    isr: replicas,
    leader: replicas[0] as number,
    leaderEpoch: 0,
    partitionEpoch: 0,
  });
  context.apply([
    part('foo-id', 1, [3, 2, 1]),
    { type: 'TopicRecord', name: 'bar', topicId: 'bar-id' },
    part('bar-id', 0, [1, 2, 3]),
  ]);
  return context;
}

function reassign(
  state: ControlManagers,
  apply: (r: MetadataRecord[]) => MetadataRecord[],
  topics: { name: string; partitions: { partitionIndex: number; replicas: number[] | null }[] }[],
) {
  const result = state.replication.alterPartitionReassignments({ timeoutMs: 60_000, topics });
  apply(result.records);
  return result;
}

const list = (state: ControlManagers, topics: { name: string; partitionIndexes: number[] }[] | null = null) =>
  state.replication.listPartitionReassignments(topics).topics;

describe('ReplicationControlManager: reassignment', () => {
  it('testReassignPartitions: start, list, cancel rows, then the ISR that completes it elects a new leader (NEW_LEADER_ELECTED)', () => {
    const { state, apply } = reassignable();
    expect(list(state)).toEqual([]);
    const started = reassign(state, apply, [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, replicas: [3, 2, 1] },
          { partitionIndex: 1, replicas: [4, 2, 1] },
          { partitionIndex: 2, replicas: [4, 2, 1] },
        ],
      },
      { name: 'bar', partitions: [] },
    ]);
    expect(started.response.responses).toEqual([
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, errorCode: ErrorCode.NONE, errorMessage: null },
          { partitionIndex: 1, errorCode: ErrorCode.NONE, errorMessage: null },
          {
            partitionIndex: 2,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: 'Unable to find partition foo:2.',
          },
        ],
      },
      { name: 'bar', partitions: [] },
    ]);
    // foo-0은 순서만 바뀌어 곧바로 끝나고, foo-1은 3을 빼고 4를 더하는 중입니다 (합친 목록 [4, 2, 1, 3]).
    expect(started.records).toEqual([
      { type: 'PartitionChangeRecord', topicId: 'foo-id', partitionId: 0, replicas: [3, 2, 1] },
      {
        type: 'PartitionChangeRecord',
        topicId: 'foo-id',
        partitionId: 1,
        replicas: [4, 2, 1, 3],
        removingReplicas: [3],
        addingReplicas: [4],
      },
    ]);
    const ongoing = [
      {
        name: 'foo',
        partitions: [{ partitionIndex: 1, replicas: [4, 2, 1, 3], addingReplicas: [4], removingReplicas: [3] }],
      },
    ];
    expect(list(state)).toEqual(ongoing);
    expect(list(state, [{ name: 'bar', partitionIndexes: [0, 1, 2] }])).toEqual([]);
    expect(list(state, [{ name: 'foo', partitionIndexes: [0, 1, 2] }])).toEqual(ongoing);
    expect(list(state, [{ name: 'nope', partitionIndexes: [0] }])).toEqual([]);

    // 취소 (적용하지 않고 답과 레코드만 봅니다): 재배치 중이 아니면 NO_REASSIGNMENT_IN_PROGRESS(메시지 없음),
    // foo-1은 더하던 4를 빼는 레코드 (복제본이 빠지므로 리더 3을 다시 적어 에포크를 올림).
    const cancel = state.replication.alterPartitionReassignments({
      timeoutMs: 60_000,
      topics: [
        {
          name: 'foo',
          partitions: [0, 1, 2].map((partitionIndex) => ({ partitionIndex, replicas: null })),
        },
        { name: 'bar', partitions: [{ partitionIndex: 0, replicas: null }] },
      ],
    });
    expect(cancel.records).toEqual([
      {
        type: 'PartitionChangeRecord',
        topicId: 'foo-id',
        partitionId: 1,
        leader: 3,
        replicas: [2, 1, 3],
        removingReplicas: [],
        addingReplicas: [],
      },
    ]);
    expect(cancel.response.responses.map((t) => t.partitions.map((p) => [p.errorCode, p.errorMessage]))).toEqual([
      [
        [ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, null],
        [ErrorCode.NONE, null],
        [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'Unable to find partition foo:2.'],
      ],
      [[ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, null]],
    ]);

    // 리더 3이 4를 ISR에 넣자고 하면 재배치가 끝납니다: 3이 빠지고 새 리더 4. 레코드를 적으면서 NEW_LEADER_ELECTED.
    const current = state.topic('foo')?.partitions[1];
    const done = state.replication.alterPartition(
      {
        brokerId: 3,
        brokerEpoch: epochOf(3),
        topics: [
          {
            topicId: 'foo-id',
            partitions: [
              {
                partitionIndex: 1,
                leaderEpoch: current?.leaderEpoch ?? -1,
                partitionEpoch: current?.partitionEpoch ?? -1,
                newIsr: [],
                newIsrWithEpochs: [3, 4, 2, 1].map((id) => ({ brokerId: id, brokerEpoch: epochOf(id) })),
                leaderRecoveryState: 0,
              },
            ],
          },
        ],
      },
      3,
    );
    if (!done.ok) throw new Error(done.message);
    expect(done.response.topics[0]?.partitions[0]).toMatchObject({ errorCode: ErrorCode.NEW_LEADER_ELECTED });
    expect(done.records).toEqual([
      {
        type: 'PartitionChangeRecord',
        topicId: 'foo-id',
        partitionId: 1,
        leader: 4,
        isr: [4, 2, 1],
        replicas: [4, 2, 1],
        removingReplicas: [],
        addingReplicas: [],
      },
    ]);
    apply(done.records);
    expect(list(state)).toEqual([]);
    expect(state.topic('foo')?.partitions[1]).toEqual({
      partitionId: 1,
      replicas: [4, 2, 1],
      isr: [4, 2, 1],
      leader: 4,
      leaderEpoch: 1,
      partitionEpoch: 2,
    });
  });

  it('testCancelReassignPartitions: invalid assignments are INVALID_REPLICA_ASSIGNMENT; a revert needing an unclean election is refused unless enabled', () => {
    const { state, apply } = reassignable();
    const invalid = reassign(state, apply, [
      {
        name: 'foo',
        partitions: [
          { partitionIndex: 0, replicas: [5, 6, 7] },
          { partitionIndex: 1, replicas: [] },
        ],
      },
      { name: 'bar', partitions: [{ partitionIndex: 0, replicas: [1, 1, 2] }] },
      { name: 'nope', partitions: [{ partitionIndex: 0, replicas: [1] }] },
    ]);
    expect(invalid.records).toEqual([]);
    expect(invalid.response.responses.flatMap((t) => t.partitions.map((p) => p.errorCode))).toEqual([
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
    expect(invalid.response.responses[2]?.partitions[0]?.errorMessage).toBe('Unable to find a topic named nope.');

    // bar-0: [1,2,3] → [4]. 그 사이 1, 2, 3이 ISR에서 빠지고 4만 남으면(펜싱 대신 ISR을 직접 적음), 되돌릴 때 ISR이
    // 빕니다: 남은 첫 복제본 1을 ISR 밖에서 리더로 세우는 일이라(Kafka `PartitionReassignmentRevert.unclean`), 토픽의
    // unclean 선거 설정이 꺼져 있으면 거절합니다.
    reassign(state, apply, [{ name: 'bar', partitions: [{ partitionIndex: 0, replicas: [4] }] }]);
    expect(state.topic('bar')?.partitions[0]).toMatchObject({
      replicas: [4, 1, 2, 3],
      addingReplicas: [4],
      removingReplicas: [1, 2, 3],
    });
    apply([{ type: 'PartitionChangeRecord', topicId: 'bar-id', partitionId: 0, leader: 4, isr: [4] }]);
    const cancelBar = () =>
      reassign(state, apply, [{ name: 'bar', partitions: [{ partitionIndex: 0, replicas: null }] }]);
    const refused = cancelBar();
    expect(refused.records).toEqual([]);
    expect(refused.response.responses[0]?.partitions[0]?.errorCode).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    apply([
      {
        type: 'ConfigRecord',
        resourceType: 'topic',
        resourceName: 'bar',
        name: 'unclean.leader.election.enable',
        value: 'true',
      },
    ]);
    const reverted = cancelBar();
    expect(reverted.response.responses[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NONE);
    // 되돌린 ISR [1]에서 뽑으므로 빌더가 보기에는 깨끗한 선거라, Kafka처럼 RECOVERING을 적지 않습니다.
    expect(state.topic('bar')?.partitions[0]).toEqual({
      partitionId: 0,
      replicas: [1, 2, 3],
      isr: [1],
      leader: 1,
      leaderEpoch: 2,
      partitionEpoch: 3,
    });
    expect(list(state)).toEqual([]);
  });

  it('testReassignPartitionsHandlesNewReassignmentThatRemovesPreviouslyAddingReplicas: a new target replaces the ongoing one', () => {
    const { state, apply } = reassignable();
    // bar-0: [1,2,3] → [4]; 진행 중에 다시 [1,2,3]으로: 더하던 4가 이제 빠질 복제본이고, ISR이 이미 1,2,3이라 곧바로 끝남
    reassign(state, apply, [{ name: 'bar', partitions: [{ partitionIndex: 0, replicas: [4] }] }]);
    const again = reassign(state, apply, [{ name: 'bar', partitions: [{ partitionIndex: 0, replicas: [1, 2, 3] }] }]);
    expect(again.records).toEqual([
      {
        type: 'PartitionChangeRecord',
        topicId: 'bar-id',
        partitionId: 0,
        leader: 1,
        replicas: [1, 2, 3],
        removingReplicas: [],
        addingReplicas: [],
      },
    ]);
    expect(list(state)).toEqual([]);
  });
});
