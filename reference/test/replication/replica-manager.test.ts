/**
 * 브로커 하나의 `ReplicaManager`가 커밋된 메타데이터로 복제본의 역할을 받고(Kafka `ReplicaManager.applyDelta`),
 * 팔로워의 Fetch로 하이 워터마크를 올리고, acks=all 쓰기에 답하는(`DelayedProduce`) 것을 가상 시계 위에서 봅니다.
 * 이름은 Kafka `ReplicaManagerTest`의 경우를 따릅니다.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import type { MetadataRecord, PartitionChangeRecord, PartitionRecord } from '../../src/metadata/records.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { FetchRequest } from '../../src/protocol/messages/01-fetch.js';
import type { AlterPartitionProposal } from '../../src/replication/partition.js';
import type { ApiRequest } from '../../src/runtime/network-client.js';
import { createLogger } from '../../src/server/logger.js';
import { type AlterPartitionAnswer, ReplicaManager } from '../../src/server/replica-manager.js';
import { SimClock } from '../../src/sim/clock.js';
import { LogManager } from '../../src/storage/log-manager.js';
import { tempDir } from '../storage/helpers.js';
import { records, T0 } from './support.js';

const TOPIC = 'orders';
const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';
const LAG = 30_000;

interface Setup {
  readonly manager: ReplicaManager;
  readonly clock: SimClock;
  readonly metadata: ClusterMetadata;
  readonly logs: LogManager;
  readonly sent: { destination: number; request: ApiRequest }[];
  readonly proposals: AlterPartitionProposal[];
  apply(record: MetadataRecord): void;
}

const managers: ReplicaManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.shutdown();
});

/** 브로커 1의 ReplicaManager. 브로커 1·2·3이 등록되어 있고, 다른 브로커로 가는 요청은 적기만 합니다. */
function brokerOne(minInsyncReplicas = 2, answer?: (p: AlterPartitionProposal) => AlterPartitionAnswer): Setup {
  const clock = new SimClock();
  const metadata = new ClusterMetadata('cluster');
  for (const brokerId of [1, 2, 3]) {
    metadata.replay({
      type: 'RegisterBrokerRecord',
      brokerId,
      host: '127.0.0.1',
      port: 9090 + brokerId,
      rack: null,
      brokerEpoch: 10 + brokerId,
      fenced: false,
    });
  }
  metadata.replay({ type: 'TopicRecord', name: TOPIC, topicId: TOPIC_ID });
  const logs = new LogManager({ logDir: tempDir(), now: () => clock.now() });
  logs.startup();
  const sent: Setup['sent'] = [];
  const proposals: AlterPartitionProposal[] = [];
  const manager = new ReplicaManager(
    1,
    metadata,
    logs,
    () => ({}),
    () => minInsyncReplicas,
    createLogger('silent'),
    clock,
    {
      replicaLagTimeMaxMs: LAG,
      brokerEpoch: () => 11,
      fetch: {
        config: {
          partitionMaxBytes: 1 << 20,
          responseMaxBytes: 10 << 20,
          maxWaitMs: 500,
          minBytes: 1,
          backoffMs: 1000,
        },
        transport: { send: (destination, request) => sent.push({ destination, request }) },
      },
      alterPartition: async (proposal) => {
        proposals.push(proposal);
        return answer ? answer(proposal) : { ok: false, error: ErrorCode.REQUEST_TIMED_OUT };
      },
      alterPartitionRetryBackoffMs: 60_000,
    },
  );
  managers.push(manager);
  return {
    manager,
    clock,
    metadata,
    logs,
    sent,
    proposals,
    apply(record) {
      metadata.replay(record);
      manager.applyMetadata([record]);
    },
  };
}

function partitionRecord(overrides: Partial<PartitionRecord> = {}): PartitionRecord {
  return {
    type: 'PartitionRecord',
    topicId: TOPIC_ID,
    partitionId: 0,
    replicas: [1, 2, 3],
    isr: [1, 2, 3],
    leader: 1,
    leaderEpoch: 0,
    partitionEpoch: 0,
    ...overrides,
  };
}

function change(overrides: Partial<PartitionChangeRecord>): PartitionChangeRecord {
  return { type: 'PartitionChangeRecord', topicId: TOPIC_ID, partitionId: 0, ...overrides };
}

/** 팔로워 `replicaId`가 `fetchOffset`에서 Fetch했다고 리더에게 알립니다 (팔로워의 Fetch 요청 하나) */
function followerFetch(setup: Setup, replicaId: number, fetchOffset: number, logStartOffset = 0) {
  return setup.manager.readForFollower(TOPIC, 0, {
    replicaId,
    replicaEpoch: 10 + replicaId,
    fetchOffset,
    lastFetchedEpoch: fetchOffset === 0 ? -1 : 0,
    logStartOffset,
    currentLeaderEpoch: 0,
    maxBytes: 1 << 20,
    minOneMessage: true,
  });
}

describe('ReplicaManager: 메타데이터가 정한 역할 (applyDelta)', () => {
  it('testBecomeLeaderFromPartitionRecord: 리더가 된 복제본은 팔로워가 가져가기 전까지 하이 워터마크를 올리지 않습니다 (복제 계수 3)', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord());
    expect(setup.manager.partition(TOPIC, 0)?.isLeader).toBe(true);
    setup.manager.appendRecords(TOPIC, 0, records(3), 'client', 1);
    expect(setup.manager.partition(TOPIC, 0)?.highWatermark).toBe(0);
    followerFetch(setup, 2, 3);
    expect(setup.manager.partition(TOPIC, 0)?.highWatermark).toBe(0);
    followerFetch(setup, 3, 3);
    expect(setup.manager.partition(TOPIC, 0)?.highWatermark).toBe(3);
    expect(setup.sent).toEqual([]);
  });

  it('testBecomeFollowerStartsFetcher: 다른 브로커가 리더면 팔로워가 되어 그 리더에게 Fetch(replicaState, 리더 에포크, 로그 끝)를 보냅니다', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 3, 1], leaderEpoch: 4 }));
    expect(setup.manager.partition(TOPIC, 0)?.isLeader).toBe(false);
    const [first] = setup.sent;
    expect(first?.destination).toBe(2);
    expect(first?.request.apiKey).toBe(ApiKey.Fetch);
    const body = first?.request.body as FetchRequest;
    expect(body.replicaState).toEqual({ replicaId: 1, replicaEpoch: 11 });
    expect(body.topics[0]?.partitions[0]).toMatchObject({ currentLeaderEpoch: 4, fetchOffset: 0 });
  });

  it('testFollowerBecomesLeaderOnLeaderChange: 리더가 이 브로커로 옮겨지면 리더가 되고 새 리더 에포크의 시작을 적습니다', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 1, 3] }));
    setup.apply(change({ leader: 1, isr: [1, 3] }));
    const partition = setup.manager.partition(TOPIC, 0);
    expect([partition?.isLeader, partition?.leaderEpoch, partition?.isr]).toEqual([true, 1, [1, 3]]);
    expect(partition?.log.endOffsetForEpoch(1)).toEqual({ epoch: 1, offset: 0 });
  });

  it('testListOffsetsOnLaggingNewLeader¹: 막 뽑힌 리더의 하이 워터마크가 에포크 시작에 닿기 전에는 컨슈머의 LATEST에 OFFSET_NOT_AVAILABLE (Kafka `Partition.fetchOffsetForTimestamp`)', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 1, 3] }));
    // 팔로워로 5개를 받았고, 옛 리더가 알려 준 하이 워터마크는 4입니다 (다섯째의 성공은 다음 Fetch 응답에 실려 옴).
    const follower = setup.manager.partition(TOPIC, 0);
    follower?.appendRecordsToFollower(records(5), 4, 0);
    setup.apply(change({ leader: 1, isr: [1, 3] }));
    expect([follower?.isLeader, follower?.leaderEpochStartOffset, follower?.highWatermark]).toEqual([true, 5, 4]);

    const latest = (isolationLevel: number | null) =>
      setup.manager.listOffset(TOPIC, 0, -1, -1, isolationLevel).errorCode;
    expect(latest(0), 'read_uncommitted 컨슈머').toBe(ErrorCode.OFFSET_NOT_AVAILABLE);
    expect(latest(1), 'read_committed 컨슈머').toBe(ErrorCode.OFFSET_NOT_AVAILABLE);
    // 복제본(isolationLevel 없음)은 로그 끝을, 컨슈머의 EARLIEST는 로그 시작을 그대로 받습니다.
    expect(setup.manager.listOffset(TOPIC, 0, -1, -1, null)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 5 });
    expect(setup.manager.listOffset(TOPIC, 0, -2)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 0 });
    // 타임스탬프 찾기: 하이 워터마크 안에서 찾으면 그 오프셋, 못 찾으면 아직은 오류입니다 (`ReplicaManager.fetchOffset`).
    expect(setup.manager.listOffset(TOPIC, 0, T0)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 0 });
    expect(setup.manager.listOffset(TOPIC, 0, T0 + 1).errorCode).toBe(ErrorCode.OFFSET_NOT_AVAILABLE);

    // ISR의 다른 팔로워가 새 리더에게서 5까지 가져가면 하이 워터마크가 5가 되고, LATEST는 5입니다.
    setup.manager.readForFollower(TOPIC, 0, {
      replicaId: 3,
      replicaEpoch: 13,
      fetchOffset: 5,
      lastFetchedEpoch: 0,
      logStartOffset: 0,
      currentLeaderEpoch: 1,
      maxBytes: 1 << 20,
      minOneMessage: true,
    });
    expect(setup.manager.listOffset(TOPIC, 0, -1)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 5 });
  });

  it('testReadFromFollowerFails: 팔로워 복제본은 컨슈머의 Fetch와 Produce에 NOT_LEADER_OR_FOLLOWER로 답합니다', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 3, 1] }));
    expect(setup.manager.read(TOPIC, 0, 0, 1 << 20, true).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(setup.manager.appendRecords(TOPIC, 0, records(1)).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });
});

describe('ReplicaManager: 재배치로 복제본이 더해지고 빠짐', () => {
  it('testBecomeFollowerWhenAddedByReassignment¹: 복제본에 새로 들면 그때 로그를 만들고 리더에게서 Fetch를 시작합니다', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 3], isr: [2, 3] }));
    expect(setup.logs.getLog(TOPIC, 0)).toBeUndefined();
    setup.apply(change({ replicas: [2, 3, 1], addingReplicas: [1] }));
    expect(setup.logs.getLog(TOPIC, 0)).toBeDefined();
    expect(setup.manager.partition(TOPIC, 0)?.isLeader).toBe(false);
    expect(setup.manager.fetchSource(TOPIC, 0)).toBe(2);
    expect(setup.sent.map((s) => [s.destination, s.request.apiKey])).toEqual([[2, ApiKey.Fetch]]);
  });

  it('testDeltaFollowerToNotReplica: 복제본에서 빠진 팔로워는 Fetch를 멈추고 로그를 지웁니다', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 3, 1] }));
    const dir = setup.manager.partition(TOPIC, 0)?.log.dir ?? '';
    expect(setup.manager.fetchSource(TOPIC, 0)).toBe(2);
    setup.apply(change({ replicas: [2, 3], isr: [2, 3], leader: 2 }));
    expect(setup.manager.fetchSource(TOPIC, 0)).toBeNull();
    expect(setup.manager.partition(TOPIC, 0)).toBeUndefined();
    expect(setup.logs.getLog(TOPIC, 0)).toBeUndefined();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('testDeltaLeaderToNotReplica: 복제본에서 빠진 리더는 기다리던 acks=all 쓰기에 NOT_LEADER_OR_FOLLOWER로 답하고 로그를 지웁니다', async () => {
    const setup = brokerOne(2);
    setup.apply(partitionRecord());
    setup.manager.appendRecords(TOPIC, 0, records(1), 'client', -1);
    const answer = setup.manager.awaitAcks(-1, [{ topic: TOPIC, partition: 0, lastOffset: 0 }], 30_000);
    setup.apply(change({ leader: 2, replicas: [2, 3], isr: [2, 3] }));
    expect(await answer).toEqual([ErrorCode.NOT_LEADER_OR_FOLLOWER]);
    expect(setup.logs.getLog(TOPIC, 0)).toBeUndefined();
    expect(setup.manager.read(TOPIC, 0, 0, 1 << 20, true).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });

  it('testStrayReplicaDeletedOnReconcile¹: 꺼져 있는 동안 복제본에서 빠진 파티션의 로그는 다시 맞출 때 지웁니다', () => {
    const setup = brokerOne();
    setup.apply(partitionRecord({ leader: 2, replicas: [2, 3, 1] }));
    setup.metadata.replay(change({ replicas: [2, 3], isr: [2, 3], leader: 2 }));
    setup.manager.reconcile();
    expect(setup.logs.getLog(TOPIC, 0)).toBeUndefined();
  });
});

describe('ReplicaManager: acks=all (DelayedProduce)', () => {
  it('testNotEnoughReplicasBeforeAppend: 커밋된 ISR이 min.insync.replicas보다 작으면 쓰지 않고 NOT_ENOUGH_REPLICAS', () => {
    const setup = brokerOne(2);
    setup.apply(partitionRecord({ isr: [1] }));
    expect(setup.manager.appendRecords(TOPIC, 0, records(1), 'client', -1).errorCode).toBe(
      ErrorCode.NOT_ENOUGH_REPLICAS,
    );
    expect(setup.manager.partition(TOPIC, 0)?.log.logEndOffset).toBe(0);
    expect(setup.manager.appendRecords(TOPIC, 0, records(1), 'client', 1).errorCode).toBe(ErrorCode.NONE);
  });

  it('effectiveMinIsr: 복제본이 하나뿐이면 min.insync.replicas=2여도 acks=all을 받습니다 (Kafka 3.7부터)', () => {
    const setup = brokerOne(2);
    setup.apply(partitionRecord({ replicas: [1], isr: [1] }));
    expect(setup.manager.appendRecords(TOPIC, 0, records(1), 'client', -1).errorCode).toBe(ErrorCode.NONE);
    expect(setup.manager.partition(TOPIC, 0)?.log.logEndOffset).toBe(1);
    expect(setup.manager.partition(TOPIC, 0)?.highWatermark, '최소 ISR 1에 닿았으니 하이 워터마크도 오릅니다').toBe(1);
  });

  it('testProduceCompletesWhenIsrHasTheBatch: 팔로워 둘이 배치 뒤까지 가져가 하이 워터마크가 넘으면 NONE', async () => {
    const setup = brokerOne(2);
    setup.apply(partitionRecord());
    const appended = setup.manager.appendRecords(TOPIC, 0, records(2), 'client', -1);
    expect(appended.errorCode).toBe(ErrorCode.NONE);
    const answer = setup.manager.awaitAcks(-1, [{ topic: TOPIC, partition: 0, lastOffset: 1 }], 30_000);
    followerFetch(setup, 2, 2);
    followerFetch(setup, 3, 2);
    expect(await answer).toEqual([ErrorCode.NONE]);
  });

  it('testDelayedProduceTimesOut: ISR의 팔로워가 가져가지 않으면 timeoutMs 뒤 REQUEST_TIMED_OUT', async () => {
    const setup = brokerOne(2);
    setup.apply(partitionRecord());
    setup.manager.appendRecords(TOPIC, 0, records(1), 'client', -1);
    const answer = setup.manager.awaitAcks(-1, [{ topic: TOPIC, partition: 0, lastOffset: 0 }], 5000);
    followerFetch(setup, 2, 1);
    while ((setup.clock.peekTime() ?? Number.POSITIVE_INFINITY) <= 5000) setup.clock.runNext();
    expect(await answer).toEqual([ErrorCode.REQUEST_TIMED_OUT]);
  });

  it('testDelayedProduceAnswersNotLeaderAfterLeaderChange: 기다리는 사이 리더가 옮겨지면 NOT_LEADER_OR_FOLLOWER', async () => {
    const setup = brokerOne(2);
    setup.apply(partitionRecord());
    setup.manager.appendRecords(TOPIC, 0, records(1), 'client', -1);
    const answer = setup.manager.awaitAcks(-1, [{ topic: TOPIC, partition: 0, lastOffset: 0 }], 30_000);
    setup.apply(change({ leader: 2, isr: [2, 3] }));
    expect(await answer).toEqual([ErrorCode.NOT_LEADER_OR_FOLLOWER]);
  });
});

describe('ReplicaManager: DeleteRecords는 살아 있는 복제본 모두가 지울 때까지 (DelayedDeleteRecords)', () => {
  /** 복제 계수 3, 레코드 5개를 팔로워 둘이 모두 가져가 하이 워터마크 5 */
  function replicatedFive(): Setup {
    const setup = brokerOne(2);
    setup.apply(partitionRecord());
    setup.manager.appendRecords(TOPIC, 0, records(5), 'client', -1);
    followerFetch(setup, 2, 5);
    followerFetch(setup, 3, 5);
    expect(setup.manager.partition(TOPIC, 0)?.highWatermark).toBe(5);
    return setup;
  }
  const deleteTo = (setup: Setup, offset: number, timeoutMs = 30_000) =>
    setup.manager.awaitLowWatermarks(
      [{ topic: TOPIC, partition: 0, result: setup.manager.deleteRecords(TOPIC, 0, offset) }],
      timeoutMs,
    );

  it('testDeleteRecordsWaitsForFollowers: 리더는 곧바로 지우지만, 답은 두 팔로워가 Fetch에 새 로그 시작을 실어 올 때', async () => {
    const setup = replicatedFive();
    let answered: { errorCode: number; lowWatermark: number }[] | null = null;
    const answer = deleteTo(setup, 3).then((a) => {
      answered = a;
    });
    expect(setup.manager.partition(TOPIC, 0)?.log.logStartOffset, '리더의 로그 시작은 곧바로').toBe(3);
    followerFetch(setup, 2, 5, 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered, '팔로워 3이 아직 0에서 시작합니다').toBeNull();
    followerFetch(setup, 3, 5, 3);
    await answer;
    expect(answered).toEqual([{ errorCode: ErrorCode.NONE, lowWatermark: 3 }]);
  });

  it('testLowWatermarkSkipsFencedBroker: 펜싱된(죽은) 브로커의 복제본은 기다리지 않습니다 (Kafka `hasAliveBroker`)', async () => {
    const setup = replicatedFive();
    setup.apply({ type: 'FenceBrokerRecord', id: 3, epoch: 13 });
    const answer = deleteTo(setup, 3);
    followerFetch(setup, 2, 5, 3);
    expect(await answer).toEqual([{ errorCode: ErrorCode.NONE, lowWatermark: 3 }]);
  });

  it('testDelayedDeleteRecordsTimesOut: 팔로워가 따라 지우지 않으면 timeoutMs 뒤 REQUEST_TIMED_OUT과 지운 직후의 low watermark', async () => {
    const setup = replicatedFive();
    const answer = deleteTo(setup, 3, 5000);
    followerFetch(setup, 2, 5, 3);
    while ((setup.clock.peekTime() ?? Number.POSITIVE_INFINITY) <= 5000) setup.clock.runNext();
    expect(await answer).toEqual([{ errorCode: ErrorCode.REQUEST_TIMED_OUT, lowWatermark: 0 }]);
    expect(setup.manager.read(TOPIC, 0, 0, 1 << 20, true).errorCode, '지운 앞부분은 그래도 읽을 수 없습니다').toBe(
      ErrorCode.OFFSET_OUT_OF_RANGE,
    );
  });

  it('testDelayedDeleteRecordsAnswersNotLeader: 기다리는 사이 리더가 옮겨지면 NOT_LEADER_OR_FOLLOWER (low watermark -1)', async () => {
    const setup = replicatedFive();
    const answer = deleteTo(setup, 3);
    setup.apply(change({ leader: 2, isr: [2, 3] }));
    expect(await answer).toEqual([{ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, lowWatermark: -1 }]);
  });

  it('복제본이 리더 하나뿐이면 기다리지 않고, 바로 정해지는 오류는 그대로 답합니다', async () => {
    const setup = brokerOne(1);
    setup.apply(partitionRecord({ replicas: [1], isr: [1] }));
    setup.manager.appendRecords(TOPIC, 0, records(5), 'client', -1);
    expect(await deleteTo(setup, -1)).toEqual([{ errorCode: ErrorCode.NONE, lowWatermark: 5 }]);
    expect(await deleteTo(setup, 9)).toEqual([{ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: -1 }]);
  });
});

describe('ReplicaManager: ISR을 바꾸는 제안 (AlterPartition)', () => {
  it('testIsrShrinkProposedOnSchedule: replica.lag.time.max.ms 넘게 따라잡지 못한 팔로워를 빼자고 제안하고, 커밋된 답을 받아 하이 워터마크가 오릅니다', async () => {
    const setup = brokerOne(2, (p) => ({
      ok: true,
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch + 1,
      isr: p.newIsrWithEpochs.map((b) => b.brokerId),
    }));
    setup.apply(partitionRecord());
    setup.manager.appendRecords(TOPIC, 0, records(1), 'client', 1);
    followerFetch(setup, 2, 1);
    setup.clock.schedule(LAG + 1, () => {});
    while (setup.clock.runNext()) {
      /* 시간을 LAG 너머로 */
    }
    followerFetch(setup, 2, 1);
    setup.manager.maybeShrinkIsr();
    expect(setup.proposals.map((p) => p.newIsrWithEpochs)).toEqual([
      [
        { brokerId: 1, brokerEpoch: 11 },
        { brokerId: 2, brokerEpoch: 12 },
      ],
    ]);
    await Promise.resolve();
    const partition = setup.manager.partition(TOPIC, 0);
    expect([partition?.isr, partition?.partitionEpoch, partition?.highWatermark]).toEqual([[1, 2], 1, 1]);
  });

  it('testIsrExpandProposedWhenFollowerCatchesUp: ISR 밖의 팔로워가 하이 워터마크에 닿으면 넣자고 제안하고, 답이 오기 전에는 커밋된 ISR 그대로입니다', () => {
    const setup = brokerOne(1);
    setup.apply(partitionRecord({ isr: [1, 2] }));
    setup.manager.appendRecords(TOPIC, 0, records(1), 'client', 1);
    followerFetch(setup, 2, 1);
    followerFetch(setup, 3, 1);
    expect(setup.proposals.map((p) => p.newIsrWithEpochs.map((b) => b.brokerId))).toEqual([[1, 2, 3]]);
    expect(setup.manager.partition(TOPIC, 0)?.isr).toEqual([1, 2]);
  });
});
