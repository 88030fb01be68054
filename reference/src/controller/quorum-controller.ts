/**
 * 쿼럼 컨트롤러 (Kafka `QuorumController`): 클러스터 메타데이터를 바꾸는 유일한 곳입니다. 컨트롤러 노드마다 하나씩
 * 있고, 그 가운데 KRaft 쿼럼의 리더인 노드의 것만 "활성(active)"입니다.
 *
 *   활성 컨트롤러   요청을 검사해 레코드로 바꾸고(`../metadata/topic-control.ts`, `ClusterControlManager` …),
 *                   쿼럼에 제안하고(`raft.append`), 곧바로 자기 상태에 재생해 다음 요청이 그것을 보게 합니다.
 *                   그러나 답은 그 레코드가 커밋된 뒤에야 보냅니다 (Kafka의 `DeferredEventQueue`): 답을 받은
 *                   클라이언트는 리더가 바뀌어도 그 결과가 남아 있다고 믿어도 됩니다.
 *   대기 컨트롤러   커밋된 레코드를 재생하기만 합니다. 요청에는 NOT_CONTROLLER로 답합니다.
 *
 * 커밋된 레코드만 재생한 상태(`#committed`)는 모든 컨트롤러에 있고, 다시 켜지거나 스냅숏을 불러올 때도 그것으로
 * 다시 만듭니다. 활성 컨트롤러는 그 복사본에 아직 커밋되지 않은 제안까지 재생한 상태(`#active`)를 따로 둡니다.
 * 리더에서 물러나면(`#renounce`) 그 복사본을 버리고, 기다리던 요청에 NOT_CONTROLLER로 답합니다.
 *
 * 활성이 되는 때(`claim`)는 쿼럼이 이 노드를 리더로 뽑고, 그 에포크의 LeaderChange 레코드가 커밋되어 적용된
 * 때입니다: 그 앞의 레코드는 모두 커밋되어 `#committed`에 들어 있으니, 빠짐없는 상태에서 판단을 시작합니다.
 *
 * 입출력이 없습니다. 쿼럼(`MetadataRaftClient`)과 시계는 주입되고, 답은 콜백으로 보냅니다. 시간이 흘러야 하는 일
 * (세션이 끝난 브로커의 펜싱, 선호 리더로 되돌리기)은 부르는 쪽이 `nextTickAtMs()`(단조 시계의 시각)에 맞춰
 * `tick()`을 부릅니다.
 */
import type { ConfigOp, ConfigResource } from '../metadata/config-control.js';
import { incrementalAlterConfig, legacyAlterConfig } from '../metadata/config-control.js';
import type { MetadataRecord } from '../metadata/records.js';
import {
  type ControlResult,
  createPartitions,
  createTopic,
  deleteTopic,
  type NewTopic,
  newPartitionCount,
  type TopicDefaults,
  tooManyPartitionsProblem,
} from '../metadata/topic-control.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { ElectLeadersRequest, ElectLeadersResponse } from '../protocol/messages/43-elect-leaders.js';
import type {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
} from '../protocol/messages/45-alter-partition-reassignments.js';
import type {
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
} from '../protocol/messages/46-list-partition-reassignments.js';
import type {
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResponse,
} from '../protocol/messages/51-alter-user-scram-credentials.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages/56-alter-partition.js';
import type {
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
} from '../protocol/messages/62-broker-registration.js';
import type { BrokerHeartbeatRequest, BrokerHeartbeatResponse } from '../protocol/messages/63-broker-heartbeat.js';
import type { RaftListener } from '../raft/raft-driver.js';
import type { ApplyOp } from '../raft/ready.js';
import { err, ok, type Result } from '../result.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { Acl, AclFilter } from '../security/acl.js';
import type { ScramCredentialDeriver } from '../security/scram-mechanisms.js';
import type { AclCreateOutcome, AclDeleteOutcome } from './acl-control-manager.js';
import { ControlManagers } from './control-managers.js';
import { heartbeatError } from './replication-control-manager.js';
import { alterUserScramCredentialsError } from './scram-control-manager.js';

/** `broker.session.timeout.ms`의 기본값 */
export const DEFAULT_BROKER_SESSION_TIMEOUT_MS = 9_000;
/** `leader.imbalance.check.interval.seconds`의 기본값 (300초) */
export const DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS = 300_000;
/** `unclean.leader.election.interval.ms`의 기본값 (5분, Kafka의 내부 설정) */
export const DEFAULT_UNCLEAN_LEADER_ELECTION_CHECK_INTERVAL_MS = 300_000;

/** 토픽 하나의 결과 (CreateTopics, DeleteTopics, CreatePartitions) */
export interface TopicOutcome {
  readonly name: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** 설정을 바꾼 결과: 자원마다 하나 */
export interface ConfigOutcome {
  readonly resource: ConfigResource;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** CreatePartitions의 토픽 하나: 파티션 수를 count로 늘리고, 새 파티션의 복제본을 직접 정할 수도 있습니다 */
export interface PartitionGrowth {
  readonly name: string;
  readonly count: number;
  readonly assignments: readonly { readonly brokerIds: readonly number[] }[] | null;
}

/** 컨트롤러가 쓰는 쿼럼의 두 가지 (Kafka `RaftClient`의 `leaderAndEpoch`, `prepareAppend`) */
export interface MetadataRaftClient {
  /** 쿼럼이 아는 지금의 리더(모르면 null)와 에포크 */
  leaderAndEpoch(): { readonly leaderId: number | null; readonly epoch: number };
  /** 리더가 레코드를 붙입니다. `epoch`가 지금 에포크가 아니거나 리더가 아니면 거절합니다. */
  append(epoch: number, records: readonly MetadataRecord[]): Result<{ readonly lastOffset: number }, string>;
}

export interface QuorumControllerOptions {
  readonly nodeId: number;
  readonly clusterId: string;
  readonly raft: MetadataRaftClient;
  /**
   * 컨트롤러가 재는 시간(브로커 세션, 선호 리더 검사의 주기)은 모두 단조 시계입니다: Kafka `QuorumController`는
   * `time.nanoseconds()`로 재고(`BrokerHeartbeatManager.touch`, `maybeScheduleNextBalancePartitionLeaders`),
   * 벽시계가 뛰었다고 브로커를 한꺼번에 펜싱하지 않습니다.
   */
  readonly clock: Pick<Clock, 'monotonicMs'>;
  /** `broker.session.timeout.ms` */
  readonly sessionTimeoutMs?: number;
  /** `leader.imbalance.check.interval.seconds`를 ms로. null이면 선호 리더로 되돌리지 않습니다 (`auto.leader.rebalance.enable=false`). */
  readonly leaderImbalanceCheckIntervalMs?: number | null;
  /** 이 노드의 정적 설정 `unclean.leader.election.enable` (토픽 설정과 동적 설정이 없을 때, 기본 false) */
  readonly uncleanLeaderElectionEnable?: boolean;
  /** 리더 없는 파티션에서 unclean 선거를 할지 살피는 주기 (`unclean.leader.election.interval.ms`) */
  readonly uncleanLeaderElectionCheckIntervalMs?: number;
  /** CreateTopics의 -1이 뜻하는 값 (`num.partitions`, `default.replication.factor`) */
  readonly topicDefaults: () => TopicDefaults;
  readonly newTopicId: () => string;
  /** 복제본 배치의 난수 (`StripedReplicaPlacer`가 줄의 시작 자리와 섞기에 씁니다) */
  readonly random: Random;
  /**
   * 이 컨트롤러와 한 프로세스에 있는 브로커 (`process.roles=broker,controller`)의 ID와 이번 세대 ID. 활성이 될 때 이
   * 브로커의 옛 세대 등록에는 세션을 주지 않습니다 (`ClusterControlManager.activate`).
   */
  readonly colocatedBroker?: { readonly brokerId: number; readonly incarnationId: string };
  /** AlterUserScramCredentials의 SaltedPassword에서 자격 증명을 만드는 해시. Node의 모듈이라 밖에서 받습니다. */
  readonly scramCredentialOf: ScramCredentialDeriver;
}

/** 커밋을 기다리는 답 (Kafka `DeferredEvent`) */
interface Deferred {
  readonly offset: number;
  readonly complete: () => void;
  readonly fail: () => void;
}

/** 쓰기 연산 하나가 받는 것 (Kafka `ControllerWriteOperation`이 쓰는 컨트롤러의 부품들) */
interface WriteContext {
  readonly state: ControlManagers;
  /** 레코드를 제안하고 활성 상태에 재생합니다. 리더를 잃었으면 false */
  readonly propose: (records: readonly MetadataRecord[]) => boolean;
  /** 지금까지 제안한 마지막 오프셋 */
  readonly endOffset: () => number;
}

export class QuorumController implements RaftListener<MetadataRecord> {
  readonly nodeId: number;
  readonly #options: QuorumControllerOptions;
  readonly #imbalanceCheckMs: number | null;
  #committed: ControlManagers;
  #active: ControlManagers | null = null;
  #claimEpoch = -1;
  /** 활성일 때, 다음 레코드가 놓일 오프셋 (Kafka `OffsetControlManager.nextWriteOffset`) */
  #nextWriteOffset = 0;
  #lastCommittedOffset = -1;
  #deferred: Deferred[] = [];
  #nextBalanceAtMs = Number.POSITIVE_INFINITY;
  #nextUncleanCheckAtMs = Number.POSITIVE_INFINITY;

  constructor(options: QuorumControllerOptions) {
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#imbalanceCheckMs =
      options.leaderImbalanceCheckIntervalMs === undefined
        ? DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS
        : options.leaderImbalanceCheckIntervalMs;
    this.#committed = this.#emptyState();
  }

  get isActive(): boolean {
    return this.#claimEpoch !== -1;
  }

  /** 활성이면 그 에포크, 아니면 -1 (Kafka `curClaimEpoch`) */
  get claimEpoch(): number {
    return this.#claimEpoch;
  }

  get lastCommittedOffset(): number {
    return this.#lastCommittedOffset;
  }

  /** 판단에 쓰는 상태: 활성이면 제안까지 재생한 것, 아니면 커밋된 것 (들여다보기만 하세요) */
  get state(): ControlManagers {
    return this.#active ?? this.#committed;
  }

  /** 커밋된 것만 재생한 상태 */
  get committedState(): ControlManagers {
    return this.#committed;
  }

  // -------------------------------------------------------------------------------------------
  // 쿼럼에서 오는 것 (Kafka `QuorumMetaLogListener`: handleCommit, handleLoadSnapshot)
  // -------------------------------------------------------------------------------------------

  apply(op: ApplyOp<MetadataRecord>): void {
    if (op.kind === 'snapshot') {
      // 리더는 스냅숏을 받지 않습니다: 받았다면 그새 리더를 잃은 것입니다 (아직 알아채지 못했을 뿐). 쿼럼이 여전히
      // 이 노드를 리더라고 한다면 잘못이니, Kafka처럼 치명적인 잘못으로 멈춥니다.
      if (this.#checkActive()) throw new Error(`활성 컨트롤러 ${this.nodeId}에게 스냅숏을 불러오라고 합니다`);
      const lastContainedOffset = op.snapshot.id.offset - 1;
      this.#committed = this.#emptyState();
      for (const record of op.snapshot.records) this.#committed.replay(record, lastContainedOffset);
      this.#lastCommittedOffset = lastContainedOffset;
      return;
    }
    for (const entry of op.entries) {
      // 활성인데 다른 에포크의 레코드가 커밋되었다면, 그새 다른 리더가 있었던 것입니다.
      if (this.isActive && entry.epoch !== this.#claimEpoch) this.#renounce();
      if (entry.record.type === 'data') this.#committed.replay(entry.record.data, entry.offset);
      this.#lastCommittedOffset = entry.offset;
      if (entry.record.type === 'LeaderChange' && entry.record.leaderId === this.nodeId && !this.isActive) {
        const { leaderId, epoch } = this.#options.raft.leaderAndEpoch();
        if (leaderId === this.nodeId && epoch === entry.epoch) this.claim(entry.epoch, entry.offset + 1);
      }
    }
    this.#completeUpTo(this.#lastCommittedOffset);
  }

  /** 쿼럼의 리더나 에포크가 바뀌었습니다 (Kafka `QuorumMetaLogListener.handleLeaderChange`): 활성이었다면 물러납니다. */
  handleLeaderChange(): void {
    this.#checkActive();
  }

  /**
   * 활성 컨트롤러가 됩니다 (Kafka `claim`): 커밋된 상태를 복사하고, 등록된 브로커 모두에게 새 세션을 줍니다.
   * 자기 LeaderChange 레코드를 적용할 때 `apply`가 부릅니다.
   */
  claim(epoch: number, nextWriteOffset: number): void {
    if (this.isActive)
      throw new Error(`컨트롤러 ${this.nodeId}는 이미 에포크 ${this.#claimEpoch}의 활성 컨트롤러입니다`);
    if (nextWriteOffset <= this.#lastCommittedOffset) {
      throw new Error(`다음 쓰기 오프셋 ${nextWriteOffset}이 커밋된 ${this.#lastCommittedOffset}보다 앞입니다`);
    }
    this.#claimEpoch = epoch;
    this.#nextWriteOffset = nextWriteOffset;
    this.#active = this.#committed.copy();
    this.#active.cluster.activate(this.#options.colocatedBroker);
    const now = this.#options.clock.monotonicMs();
    this.#nextBalanceAtMs = this.#imbalanceCheckMs === null ? Number.POSITIVE_INFINITY : now + this.#imbalanceCheckMs;
    this.#nextUncleanCheckAtMs = now + this.#uncleanCheckMs;
  }

  /** 커밋된 상태의 스냅숏: 마지막으로 적용한 레코드 다음 오프셋과 상태를 다시 만드는 레코드들 */
  snapshot(): { readonly endOffset: number; readonly records: MetadataRecord[] } {
    return { endOffset: this.#lastCommittedOffset + 1, records: this.#committed.toRecords() };
  }

  // -------------------------------------------------------------------------------------------
  // 요청 (Kafka `QuorumController`의 공개 메서드들). 답은 커밋된 뒤에 `done`으로 갑니다.
  // -------------------------------------------------------------------------------------------

  /** BrokerRegistration (Kafka `registerBroker`): 새 세대의 브로커 에포크는 등록 레코드가 놓일 오프셋입니다. */
  registerBroker(request: BrokerRegistrationRequest, done: (response: BrokerRegistrationResponse) => void): void {
    const answer = (errorCode: number, brokerEpoch = -1) => ({ throttleTimeMs: 0, errorCode, brokerEpoch });
    this.#write(
      done,
      () => answer(ErrorCode.NOT_CONTROLLER),
      ({ state, propose }) => {
        const result = state.cluster.registerBroker(request, this.#nextWriteOffset);
        if (!result.ok) return answer(result.error);
        propose(result.records);
        return answer(ErrorCode.NONE, result.brokerEpoch);
      },
    );
  }

  /**
   * BrokerHeartbeat (Kafka `processBrokerHeartbeat`). 등록 레코드를 재생한 적이 없는 브로커는 STALE_BROKER_EPOCH입니다.
   * 제어된 종료를 시작했으면, 그 레코드를 제안한 오프셋을 종료를 끝낼 수 있는 오프셋으로 적어 둡니다.
   */
  processBrokerHeartbeat(request: BrokerHeartbeatRequest, done: (response: BrokerHeartbeatResponse) => void): void {
    this.#write(
      done,
      () => heartbeatError(ErrorCode.NOT_CONTROLLER),
      ({ state, propose, endOffset }) => {
        const registerBrokerRecordOffset = state.cluster.registerBrokerRecordOffset(request.brokerId);
        if (registerBrokerRecordOffset === undefined) return heartbeatError(ErrorCode.STALE_BROKER_EPOCH);
        const result = state.replication.processBrokerHeartbeat(
          request,
          registerBrokerRecordOffset,
          this.#options.clock.monotonicMs(),
        );
        if (!result.ok) return heartbeatError(result.error);
        if (propose(result.records) && result.inControlledShutdown) {
          state.cluster.heartbeats.maybeUpdateControlledShutdownOffset(request.brokerId, endOffset());
        }
        return result.response;
      },
    );
  }

  /**
   * CreateAcls (Kafka `QuorumController.createAcls` → `AclControlManager.createAcls`): 새 ACL을 AccessControlEntryRecord로
   * 적고, 커밋된 뒤 답합니다. ACL의 ID는 토픽 ID와 같은 UUID 생성기로 뽑습니다.
   */
  createAcls(acls: readonly Acl[], done: (outcomes: AclCreateOutcome[]) => void): void {
    this.#write(
      done,
      () => acls.map(() => ({ errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null })),
      ({ state, propose }) => {
        const result = state.acls.createAcls(acls, this.#options.newTopicId);
        propose(result.records);
        return result.outcomes;
      },
    );
  }

  /** DeleteAcls (Kafka `QuorumController.deleteAcls`): 필터에 맞는 ACL마다 RemoveAccessControlEntryRecord를 적습니다. */
  deleteAcls(filters: readonly AclFilter[], done: (outcomes: AclDeleteOutcome[]) => void): void {
    this.#write(
      done,
      () => filters.map(() => ({ errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null, deleted: [] })),
      ({ state, propose }) => {
        const result = state.acls.deleteAcls(filters);
        propose(result.records);
        return result.outcomes;
      },
    );
  }

  /**
   * CreateTopics: 토픽마다 따로 판단합니다 (하나가 실패해도 나머지는 만듭니다). 통과한 토픽의 레코드는 곧바로
   * 제안하므로, 같은 요청의 뒤 토픽은 앞 토픽을 봅니다. 요청 전체가 만들 파티션이 너무 많으면 모두 POLICY_VIOLATION.
   */
  createTopics(topics: readonly NewTopic[], validateOnly: boolean, done: (outcomes: TopicOutcome[]) => void): void {
    this.#write(
      done,
      () => notControllerOutcomes(topics),
      ({ state, propose }) => {
        const defaults = this.#options.topicDefaults();
        const tooMany = tooManyPartitionsProblem(topics.map((t) => newPartitionCount(t, defaults)));
        if (tooMany) return topics.map(({ name }) => outcome(name, err(ErrorCode.POLICY_VIOLATION, tooMany)));
        return topics.map((t) => {
          const result = createTopic(state, t, defaults, this.#options.newTopicId, this.#options.random);
          if (result.ok && !validateOnly) propose(result.records);
          return outcome(t.name, result);
        });
      },
    );
  }

  deleteTopics(names: readonly string[], done: (outcomes: TopicOutcome[]) => void): void {
    this.#write(
      done,
      () => notControllerOutcomes(names.map((name) => ({ name }))),
      ({ state, propose }) =>
        names.map((name) => {
          const result = deleteTopic(state, name);
          if (result.ok) propose(result.records);
          return outcome(name, result);
        }),
    );
  }

  createPartitions(
    requests: readonly PartitionGrowth[],
    validateOnly: boolean,
    done: (outcomes: TopicOutcome[]) => void,
  ): void {
    this.#write(
      done,
      () => notControllerOutcomes(requests),
      ({ state, propose }) => {
        const growth = requests.map((r) => r.count - (state.topic(r.name)?.partitions.length ?? r.count));
        const tooMany = tooManyPartitionsProblem(growth);
        if (tooMany) return requests.map(({ name }) => outcome(name, err(ErrorCode.POLICY_VIOLATION, tooMany)));
        return requests.map((r) => {
          const result = createPartitions(state, r.name, r.count, r.assignments, this.#options.random);
          if (result.ok && !validateOnly) propose(result.records);
          return outcome(r.name, result);
        });
      },
    );
  }

  /** IncrementalAlterConfigs: 자원마다 적힌 설정만 바꿉니다. */
  incrementalAlterConfigs(
    changes: readonly { readonly resource: ConfigResource; readonly ops: readonly ConfigOp[] }[],
    validateOnly: boolean,
    done: (outcomes: ConfigOutcome[]) => void,
  ): void {
    this.#alterConfigs(changes, validateOnly, done, (state, c) => incrementalAlterConfig(state, c.resource, c.ops));
  }

  /** AlterConfigs: 자원마다 동적 설정 전부를 요청의 것으로 바꿉니다. */
  legacyAlterConfigs(
    changes: readonly {
      readonly resource: ConfigResource;
      readonly configs: readonly { readonly name: string; readonly value: string }[];
    }[],
    validateOnly: boolean,
    done: (outcomes: ConfigOutcome[]) => void,
  ): void {
    this.#alterConfigs(changes, validateOnly, done, (state, c) => legacyAlterConfig(state, c.resource, c.configs));
  }

  /**
   * AlterPartition (Kafka `alterPartition`): 파티션 리더가 제안한 ISR 변경. 파티션이 하나도 없으면 쿼럼에 묻지 않고 빈
   * 답을 돌려줍니다. 보낸 브로커의 에포크가 낡았으면 맨 위 오류 코드가 STALE_BROKER_EPOCH입니다.
   */
  alterPartition(
    request: AlterPartitionRequest,
    version: number,
    done: (response: AlterPartitionResponse) => void,
  ): void {
    if (request.topics.length === 0) {
      done({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, topics: [] });
      return;
    }
    const topLevel = (errorCode: number): AlterPartitionResponse => ({ throttleTimeMs: 0, errorCode, topics: [] });
    this.#write(
      done,
      () => topLevel(ErrorCode.NOT_CONTROLLER),
      ({ state, propose }) => {
        const result = state.replication.alterPartition(request, version);
        if (!result.ok) return topLevel(result.error);
        propose(result.records);
        return result.response;
      },
    );
  }

  /**
   * ElectLeaders (Kafka `electLeaders`): 선호 리더 선거나 unclean 선거. 파티션 목록이 비었으면(null이 아니라) 쿼럼에 묻지
   * 않고 빈 답을 돌려줍니다. 파티션마다의 레코드는 한 번에 제안합니다.
   */
  electLeaders(request: ElectLeadersRequest, done: (response: ElectLeadersResponse) => void): void {
    const topLevel = (errorCode: number): ElectLeadersResponse => ({
      throttleTimeMs: 0,
      errorCode,
      replicaElectionResults: [],
    });
    if (request.topicPartitions !== null && request.topicPartitions.length === 0) {
      done(topLevel(ErrorCode.NONE));
      return;
    }
    this.#write(
      done,
      () => topLevel(ErrorCode.NOT_CONTROLLER),
      ({ state, propose }) => {
        const result = state.replication.electLeaders(request);
        if (!result.ok) return topLevel(result.error);
        propose(result.records);
        return result.response;
      },
    );
  }

  /**
   * AlterPartitionReassignments (Kafka `alterPartitionReassignments`): 파티션마다 재배치를 시작하거나 취소합니다. 토픽이
   * 하나도 없으면 쿼럼에 묻지 않고 빈 답을 돌려줍니다. 통과한 파티션의 레코드는 한 번에 제안하고, 커밋된 뒤 답합니다.
   */
  alterPartitionReassignments(
    request: AlterPartitionReassignmentsRequest,
    done: (response: AlterPartitionReassignmentsResponse) => void,
  ): void {
    const topLevel = (errorCode: number): AlterPartitionReassignmentsResponse => ({
      throttleTimeMs: 0,
      errorCode,
      errorMessage: null,
      responses: [],
    });
    if (request.topics.length === 0) {
      done(topLevel(ErrorCode.NONE));
      return;
    }
    this.#write(
      done,
      () => topLevel(ErrorCode.NOT_CONTROLLER),
      ({ state, propose }) => {
        const { records, response } = state.replication.alterPartitionReassignments(request);
        propose(records);
        return response;
      },
    );
  }

  /**
   * ListPartitionReassignments (Kafka `listPartitionReassignments`, 읽기 연산 `appendReadEvent`): 커밋된 상태에서 읽으므로
   * 레코드를 쓰지도, 커밋을 기다리지도 않습니다. Kafka처럼 활성이 아닌 컨트롤러도 자기가 아는 커밋된 상태로 답합니다.
   */
  listPartitionReassignments(request: ListPartitionReassignmentsRequest): ListPartitionReassignmentsResponse {
    return this.#committed.replication.listPartitionReassignments(request.topics);
  }

  /**
   * AlterUserScramCredentials (Kafka `alterUserScramCredentials` → `ScramControlManager.alterCredentials`): 통과한
   * 사용자들의 레코드를 한 번에 제안하고, 커밋된 뒤 답합니다.
   */
  alterUserScramCredentials(
    request: AlterUserScramCredentialsRequest,
    done: (response: AlterUserScramCredentialsResponse) => void,
  ): void {
    const notController = () => alterUserScramCredentialsError(request, ErrorCode.NOT_CONTROLLER);
    this.#write(done, notController, ({ state, propose }) => {
      const { records, response } = state.scram.alterCredentials(request);
      propose(records);
      return response;
    });
  }

  /** AllocateProducerIds (Kafka `allocateProducerIds`): 프로듀서 ID `blockSize`개를 떼어 주고 그 첫 ID를 돌려줍니다. */
  allocateProducerIds(
    brokerId: number,
    brokerEpoch: number,
    blockSize: number,
    done: (result: Result<{ readonly firstProducerId: number }, number>) => void,
  ): void {
    this.#write(
      done,
      () => err(ErrorCode.NOT_CONTROLLER),
      ({ state, propose }) => {
        const result = state.producerIds.generateNextProducerId(brokerId, brokerEpoch, blockSize);
        if (!result.ok) return result;
        propose(result.records);
        return ok({ firstProducerId: result.firstProducerId });
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // 시간이 흘러야 하는 일
  // -------------------------------------------------------------------------------------------

  /** 다음에 `tick`을 불러야 할 때, 단조 시계로 (활성이 아니면 Infinity) */
  nextTickAtMs(): number {
    if (!this.#active) return Number.POSITIVE_INFINITY;
    return Math.min(
      this.#active.cluster.heartbeats.nextCheckTimeMs(),
      this.#nextBalanceAtMs,
      this.#nextUncleanCheckAtMs,
    );
  }

  /**
   * 세션이 끝난 브로커를 하나씩 펜싱하고(Kafka `maybeFenceStaleBrokers`), 때가 되면 선호 리더로 되돌리고
   * (Kafka `maybeBalancePartitionLeaders`), 리더 없는 파티션에서 unclean 선거를 합니다 (Kafka `maybeElectUncleanLeaders`,
   * 그 토픽에 unclean 선거가 켜져 있을 때만). 쿼럼이 다른 리더를 알게 되었으면 여기서 물러납니다.
   */
  tick(): void {
    if (!this.#checkActive()) return;
    const now = this.#options.clock.monotonicMs();
    for (let active = this.#active; active; active = this.#active) {
      const records: MetadataRecord[] = [];
      if (active.replication.maybeFenceOneStaleBroker(now, records) === null) break;
      if (!this.#propose(records)) return;
    }
    const active = this.#active;
    if (active && this.#imbalanceCheckMs !== null && now >= this.#nextBalanceAtMs) {
      const records: MetadataRecord[] = [];
      active.replication.maybeBalancePartitionLeaders(records);
      if (!this.#propose(records)) return;
      this.#nextBalanceAtMs = now + this.#imbalanceCheckMs;
    }
    const current = this.#active;
    if (current && now >= this.#nextUncleanCheckAtMs) {
      const records: MetadataRecord[] = [];
      if (current.replication.areSomePartitionsLeaderless()) current.replication.maybeElectUncleanLeaders(records);
      if (!this.#propose(records)) return;
      this.#nextUncleanCheckAtMs = now + this.#uncleanCheckMs;
    }
  }

  get #uncleanCheckMs(): number {
    return this.#options.uncleanLeaderElectionCheckIntervalMs ?? DEFAULT_UNCLEAN_LEADER_ELECTION_CHECK_INTERVAL_MS;
  }

  // -------------------------------------------------------------------------------------------
  // 안쪽
  // -------------------------------------------------------------------------------------------

  #emptyState(): ControlManagers {
    return new ControlManagers({
      clusterId: this.#options.clusterId,
      sessionTimeoutMs: this.#options.sessionTimeoutMs ?? DEFAULT_BROKER_SESSION_TIMEOUT_MS,
      monotonicMs: () => this.#options.clock.monotonicMs(),
      nodeId: this.nodeId,
      uncleanLeaderElectionEnable: this.#options.uncleanLeaderElectionEnable ?? false,
      scramCredentialOf: this.#options.scramCredentialOf,
    });
  }

  /**
   * 쓰기 연산 하나 (Kafka `ControllerWriteEvent.run`): 활성이 아니면 NOT_CONTROLLER. 연산이 레코드를 제안했든
   * 아니든, 답은 지금까지 제안한 마지막 레코드가 커밋된 뒤에 갑니다. 레코드가 없는 연산(거절, validateOnly)도
   * 아직 커밋되지 않은 상태를 보고 답했을 수 있으니 기다립니다.
   */
  #write<T>(done: (answer: T) => void, notController: () => T, op: (context: WriteContext) => T): void {
    const state = this.#active;
    if (!this.#checkActive() || !state) {
      done(notController());
      return;
    }
    const answer = op({
      state,
      propose: (records) => this.#propose(records),
      endOffset: () => this.#nextWriteOffset - 1,
    });
    if (!this.isActive) {
      done(notController());
      return;
    }
    const deferred: Deferred = {
      offset: this.#nextWriteOffset - 1,
      complete: () => done(answer),
      fail: () => done(notController()),
    };
    if (deferred.offset <= this.#lastCommittedOffset) deferred.complete();
    else this.#deferred.push(deferred);
  }

  /** 레코드를 쿼럼에 붙이고, 활성 상태에 재생합니다 (Kafka `appendRecords`의 `prepareAppend` → `replay`). */
  #propose(records: readonly MetadataRecord[]): boolean {
    if (!this.isActive) return false;
    if (records.length === 0) return true;
    const base = this.#nextWriteOffset;
    const appended = this.#options.raft.append(this.#claimEpoch, records);
    // 노드 하나의 쿼럼은 붙이는 자리에서 곧바로 커밋하고 `apply`를 부르므로, 그 안에서 물러났을 수도 있습니다.
    const active = this.#active;
    if (!appended.ok || !active) {
      if (this.isActive) this.#renounce();
      return false;
    }
    if (appended.lastOffset !== base + records.length - 1) {
      throw new Error(
        `컨트롤러 ${this.nodeId}: 레코드 ${records.length}개를 오프셋 ${base}부터 붙였는데 마지막 오프셋이 ${appended.lastOffset}입니다`,
      );
    }
    for (const [i, record] of records.entries()) active.replay(record, base + i);
    this.#nextWriteOffset = base + records.length;
    return true;
  }

  /** 아직 활성인지: 쿼럼이 다른 리더나 다른 에포크를 알게 되었으면 물러납니다 (Kafka `handleLeaderChange` → `renounce`). */
  #checkActive(): boolean {
    if (!this.isActive) return false;
    const { leaderId, epoch } = this.#options.raft.leaderAndEpoch();
    if (leaderId === this.nodeId && epoch === this.#claimEpoch) return true;
    this.#renounce();
    return false;
  }

  /** 활성에서 물러납니다 (Kafka `renounce`): 제안까지 본 상태를 버리고, 기다리던 답은 NOT_CONTROLLER로 끝냅니다. */
  #renounce(): void {
    this.#claimEpoch = -1;
    this.#active = null;
    this.#nextBalanceAtMs = Number.POSITIVE_INFINITY;
    this.#nextUncleanCheckAtMs = Number.POSITIVE_INFINITY;
    const pending = this.#deferred;
    this.#deferred = [];
    for (const d of pending) d.fail();
  }

  #completeUpTo(offset: number): void {
    while (this.#deferred.length > 0 && (this.#deferred[0] as Deferred).offset <= offset) {
      (this.#deferred.shift() as Deferred).complete();
    }
  }

  #alterConfigs<C extends { readonly resource: ConfigResource }>(
    changes: readonly C[],
    validateOnly: boolean,
    done: (outcomes: ConfigOutcome[]) => void,
    decide: (state: ControlManagers, change: C) => ControlResult,
  ): void {
    // 자원마다 따로 판단하되, 통과한 자원들의 레코드는 한 번에 제안합니다 (Kafka `ControllerResult.atomicOf`).
    this.#write(
      done,
      () => changes.map(({ resource }) => ({ resource, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null })),
      ({ state, propose }) => {
        const records: MetadataRecord[] = [];
        const outcomes = changes.map((change): ConfigOutcome => {
          const result = decide(state, change);
          if (!result.ok) {
            return { resource: change.resource, errorCode: result.error, errorMessage: result.message ?? null };
          }
          records.push(...result.records);
          return { resource: change.resource, errorCode: ErrorCode.NONE, errorMessage: null };
        });
        if (!validateOnly) propose(records);
        return outcomes;
      },
    );
  }
}

function outcome(name: string, result: ControlResult): TopicOutcome {
  return result.ok
    ? { name, errorCode: ErrorCode.NONE, errorMessage: null }
    : { name, errorCode: result.error, errorMessage: result.message ?? null };
}

function notControllerOutcomes(items: readonly { readonly name: string }[]): TopicOutcome[] {
  return items.map(({ name }) => ({ name, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null }));
}
