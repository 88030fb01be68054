/**
 * 컨트롤러 시험의 부품: 레코드를 재생해 만든 컨트롤러의 상태, 등록 요청, 하트비트 요청.
 */
import { ControlManagers } from '../../src/controller/control-managers.js';
import { type MetadataRaftClient, QuorumController } from '../../src/controller/quorum-controller.js';
import { BrokerMetadataListener } from '../../src/metadata/broker-metadata-listener.js';
import { ClusterMetadata } from '../../src/metadata/cluster-metadata.js';
import { LocalController } from '../../src/metadata/controller.js';
import type { MetadataRecord } from '../../src/metadata/records.js';
import type { BrokerRegistrationRequest } from '../../src/protocol/messages/62-broker-registration.js';
import type { BrokerHeartbeatRequest } from '../../src/protocol/messages/63-broker-heartbeat.js';
import type { RaftListener } from '../../src/raft/raft-driver.js';
import type { LogEntry } from '../../src/raft/types.js';
import { err, ok, type Result } from '../../src/result.js';
import type { Clock } from '../../src/runtime/clock.js';
import type { Random } from '../../src/runtime/random.js';
import { scramCredentialOf } from '../../src/security/scram.js';

export const CLUSTER_ID = 'test-cluster';

/**
 * 언제나 0을 뽑는 난수: 복제본 배치가 ID 순의 첫 브로커에서 시작합니다 (파티션 p의 복제본은 p번째 브로커부터,
 * Kafka 시험의 `MockRandom`처럼 답을 미리 알 수 있게).
 */
export const FIRST_CHOICE: Random = { int: () => 0, bytes: (length) => new Uint8Array(length) };

/** 레코드들을 오프셋 0부터 차례로 재생한 컨트롤러의 상태 (세션 없음: 커밋된 상태) */
export function controlState(
  records: readonly MetadataRecord[] = [],
  monotonicMs: () => number = () => 0,
): ControlManagers {
  const state = new ControlManagers({ clusterId: CLUSTER_ID, sessionTimeoutMs: 9_000, monotonicMs, scramCredentialOf });
  for (const [offset, record] of records.entries()) state.replay(record, offset);
  return state;
}

/** 처음 모양의 등록 레코드 (예전 노드 하나가 스스로 적던 것: 펜싱되지 않은 것으로 재생됩니다) */
export function legacyBroker(brokerId: number): MetadataRecord {
  return { type: 'RegisterBrokerRecord', brokerId, host: '127.0.0.1', port: 9090 + brokerId, rack: null };
}

/** BrokerRegistration으로 등록된 브로커의 레코드 */
export function registeredBroker(
  brokerId: number,
  brokerEpoch: number,
  { fenced = false, incarnationId = `inc-${brokerId}` } = {},
): MetadataRecord {
  return {
    type: 'RegisterBrokerRecord',
    brokerId,
    host: '127.0.0.1',
    port: 9090 + brokerId,
    rack: null,
    incarnationId,
    brokerEpoch,
    endPoints: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9090 + brokerId, securityProtocol: 0 }],
    features: [],
    fenced,
    inControlledShutdown: false,
  };
}

export function registrationRequest(
  brokerId: number,
  { incarnationId = `inc-${brokerId}`, clusterId = CLUSTER_ID, rack = null as string | null } = {},
): BrokerRegistrationRequest {
  return {
    brokerId,
    clusterId,
    incarnationId,
    listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9090 + brokerId, securityProtocol: 0 }],
    features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
    rack,
    isMigratingZkBroker: false,
    logDirs: [],
    previousBrokerEpoch: -1,
  };
}

export function heartbeatRequest(
  brokerId: number,
  brokerEpoch: number,
  currentMetadataOffset: number,
  { wantFence = false, wantShutDown = false } = {},
): BrokerHeartbeatRequest {
  return { brokerId, brokerEpoch, currentMetadataOffset, wantFence, wantShutDown, offlineLogDirs: [] };
}

// ---------------------------------------------------------------------------------------------
// QuorumController를 손으로 돌리는 쿼럼: 붙인 레코드를 부르는 쪽이 정할 때 커밋합니다.
// ---------------------------------------------------------------------------------------------

/**
 * 손으로 돌리는 시계. `elapsedMs`는 흐른 시간(단조 시계)이고, 벽시계는 거기에 `jump`로 옮긴 만큼을 더합니다
 * (NTP가 시계를 한 번에 맞추는 것처럼 벽시계만 뜁니다).
 */
export class ManualClock implements Pick<Clock, 'now' | 'monotonicMs'> {
  #skewMs = 0;
  constructor(public elapsedMs = 0) {}
  now(): number {
    return WALL_CLOCK_START_MS + this.elapsedMs + this.#skewMs;
  }
  monotonicMs(): number {
    return this.elapsedMs;
  }
  jump(deltaMs: number): void {
    this.#skewMs += deltaMs;
  }
}

/** 손으로 돌리는 시계의 벽시계가 시작하는 때 (2026-01-01 UTC) */
const WALL_CLOCK_START_MS = Date.UTC(2026, 0, 1);

/** Kafka `QuorumControllerTestEnv`의 `LocalLogManager`처럼: 로그를 갖고, 커밋은 `commit()`을 부를 때 */
export class ManualRaft implements MetadataRaftClient {
  leaderId: number | null = null;
  epoch = 0;
  readonly log: LogEntry<MetadataRecord>[] = [];
  #committed = 0;

  leaderAndEpoch() {
    return { leaderId: this.leaderId, epoch: this.epoch };
  }

  append(epoch: number, records: readonly MetadataRecord[]): Result<{ lastOffset: number }, string> {
    if (epoch !== this.epoch || this.leaderId === null) return err('NOT_LEADER');
    for (const data of records) this.log.push({ offset: this.log.length, epoch, record: { type: 'data', data } });
    return ok({ lastOffset: this.log.length - 1 });
  }

  /** `leaderId`가 에포크 `epoch`의 리더가 되고, 그 LeaderChange 레코드를 붙입니다 (커밋은 따로). */
  elect(leaderId: number, epoch = this.epoch + 1): void {
    this.leaderId = leaderId;
    this.epoch = epoch;
    this.log.push({
      offset: this.log.length,
      epoch,
      record: { type: 'LeaderChange', leaderId, voters: [leaderId], grantingVoters: [leaderId] },
    });
  }

  /** 아직 커밋하지 않은 항목을 (`upTo` 앞까지) 커밋해 리스너들(컨트롤러, 브로커의 이미지)에 넘깁니다. */
  commit(controllers: readonly Pick<RaftListener<MetadataRecord>, 'apply'>[], upTo = this.log.length): void {
    const entries = this.log.slice(this.#committed, upTo);
    this.#committed = Math.max(this.#committed, upTo);
    if (entries.length > 0) for (const c of controllers) c.apply({ kind: 'commit', entries });
  }
}

/** 노드 `nodeId`의 컨트롤러 (세션 9초, 선호 리더 검사 10초) */
export function newController(raft: ManualRaft, clock: ManualClock, nodeId = 0): QuorumController {
  let ids = 0;
  return new QuorumController({
    nodeId,
    clusterId: CLUSTER_ID,
    raft,
    clock,
    sessionTimeoutMs: 9_000,
    scramCredentialOf,
    leaderImbalanceCheckIntervalMs: 10_000,
    topicDefaults: () => ({ numPartitions: 1, replicationFactor: 1 }),
    newTopicId: () => `topic-${++ids}`,
    random: FIRST_CHOICE,
  });
}

/** 답을 모으는 콜백: 아직 답이 없으면 `value`는 undefined */
export function answer<T>(): { value: T | undefined; done: (value: T) => void } {
  const box: { value: T | undefined; done: (value: T) => void } = {
    value: undefined,
    done: (value) => {
      if (box.value !== undefined) throw new Error('답이 두 번 왔습니다');
      box.value = value;
    },
  };
  return box;
}

/**
 * 노드 하나의 컨트롤러와 브로커 이미지 (`KafkaNode`의 조립을 쿼럼 없이): 컨트롤러 0이 리더입니다. `initial`은
 * 그 앞의 에포크에 이미 커밋된 레코드들입니다.
 * `autoCommit`이면 투표자 하나짜리 쿼럼처럼 붙이는 순간 커밋되고, 아니면 `commit()`을 부를 때 커밋됩니다.
 * 커밋된 것은 이미지(`BrokerMetadataListener`)에 먼저, 그다음 컨트롤러에 적용됩니다.
 */
export function singleNode({
  autoCommit = true,
  raft = new ManualRaft(),
  initial = [] as readonly MetadataRecord[],
}: {
  autoCommit?: boolean;
  raft?: ManualRaft;
  initial?: readonly MetadataRecord[];
} = {}) {
  const image = new ClusterMetadata(CLUSTER_ID);
  const listener = new BrokerMetadataListener(image);
  const controller = newController(raft, new ManualClock(), 0);
  const listeners = [listener, controller];
  const commit = () => raft.commit(listeners);
  /** 붙인 묶음들 (쿼럼에 한 번에 제안한 레코드) */
  const batches: MetadataRecord[][] = [];
  const append = raft.append.bind(raft);
  raft.append = (epoch, records) => {
    const result = append(epoch, records);
    if (result.ok) batches.push([...records]);
    if (result.ok && autoCommit) commit();
    return result;
  };
  // 앞선 에포크에 이미 커밋된 레코드들 (이 노드가 리더가 되면서 함께 커밋됩니다)
  for (const data of initial)
    raft.log.push({ offset: raft.log.length, epoch: raft.epoch, record: { type: 'data', data } });
  raft.elect(0);
  commit();
  return { raft, image, controller, local: new LocalController(controller), commit, batches };
}
