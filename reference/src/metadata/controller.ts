/**
 * 컨트롤러 리스너의 API 핸들러가 보는 컨트롤러 (Kafka `ControllerApis`가 부르는 `Controller` 인터페이스).
 * CreateTopics, DeleteTopics, CreatePartitions, 설정 변경, 프로듀서 ID 떼어 주기, 브로커 등록과 하트비트처럼 클러스터
 * 메타데이터를 바꾸는 요청은 모두 여기로 옵니다. 브로커가 받은 관리 요청은 활성 컨트롤러에게 넘겨져
 * (`../node/controller-channel.ts`) 거기서 이것을 거칩니다.
 *
 * `LocalController`는 같은 노드의 `QuorumController`에 요청을 넘기고, 콜백으로 오는 답을 Promise로 돌려줍니다.
 * 판단은 모두 `../controller/quorum-controller.ts`의 것입니다: 요청을 레코드로 바꿔 KRaft 쿼럼에 제안하고, 그 레코드가
 * 커밋된 뒤에야 답합니다. 그래서 "토픽을 만들었습니다"라는 답은 언제나 살아남을 토픽에 대해서만 나갑니다. 이 노드의
 * 컨트롤러가 활성(쿼럼의 리더)이 아니거나, 이 노드에 컨트롤러 역할이 없으면 NOT_CONTROLLER입니다.
 */

import type { AclCreateOutcome, AclDeleteOutcome } from '../controller/acl-control-manager.js';
import type { ControlManagers } from '../controller/control-managers.js';
import type {
  ConfigOutcome,
  PartitionGrowth,
  QuorumController,
  TopicOutcome,
} from '../controller/quorum-controller.js';
import { heartbeatError } from '../controller/replication-control-manager.js';
import { alterUserScramCredentialsError } from '../controller/scram-control-manager.js';
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
import type { Result } from '../result.js';
import type { Acl, AclFilter } from '../security/acl.js';
import type { ConfigOp, ConfigResource } from './config-control.js';
import type { NewTopic } from './topic-control.js';

export type { ConfigOutcome, PartitionGrowth, TopicOutcome } from '../controller/quorum-controller.js';

export interface Controller {
  /** 커밋된 레코드만 재생한 컨트롤러의 상태 (답을 만들 때 읽습니다). 컨트롤러 역할이 없으면 null */
  readonly committedState: ControlManagers | null;
  registerBroker(request: BrokerRegistrationRequest): Promise<BrokerRegistrationResponse>;
  brokerHeartbeat(request: BrokerHeartbeatRequest): Promise<BrokerHeartbeatResponse>;
  /** 파티션 리더가 제안한 ISR 변경 (`version`은 요청의 버전: v2의 ISR에는 브로커 에포크가 없습니다) */
  alterPartition(request: AlterPartitionRequest, version: number): Promise<AlterPartitionResponse>;
  /** 선호 리더 선거나 unclean 선거 */
  electLeaders(request: ElectLeadersRequest): Promise<ElectLeadersResponse>;
  /** 파티션 재배치를 시작하거나 취소합니다 */
  alterPartitionReassignments(
    request: AlterPartitionReassignmentsRequest,
  ): Promise<AlterPartitionReassignmentsResponse>;
  /** 진행 중인 재배치 (커밋된 상태에서 읽음) */
  listPartitionReassignments(request: ListPartitionReassignmentsRequest): Promise<ListPartitionReassignmentsResponse>;
  createTopics(topics: readonly NewTopic[], validateOnly: boolean): Promise<TopicOutcome[]>;
  deleteTopics(names: readonly string[]): Promise<TopicOutcome[]>;
  createPartitions(requests: readonly PartitionGrowth[], validateOnly: boolean): Promise<TopicOutcome[]>;
  /** IncrementalAlterConfigs: 자원마다 적힌 설정만 바꿉니다. */
  incrementalAlterConfigs(
    changes: readonly { readonly resource: ConfigResource; readonly ops: readonly ConfigOp[] }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]>;
  /** AlterConfigs: 자원마다 동적 설정 전부를 요청의 것으로 바꿉니다. */
  legacyAlterConfigs(
    changes: readonly {
      readonly resource: ConfigResource;
      readonly configs: readonly { readonly name: string; readonly value: string }[];
    }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]>;
  /** CreateAcls: 새 ACL을 메타데이터 로그에 적습니다 (만들기마다 결과 하나) */
  createAcls(acls: readonly Acl[]): Promise<AclCreateOutcome[]>;
  /** DeleteAcls: 필터마다 맞는 ACL을 지웁니다 */
  deleteAcls(filters: readonly AclFilter[]): Promise<AclDeleteOutcome[]>;
  /** 프로듀서 ID를 `count`개 떼어 주고 그 첫 ID를 돌려줍니다 (Kafka: AllocateProducerIds). */
  allocateProducerIds(
    brokerId: number,
    brokerEpoch: number,
    count: number,
  ): Promise<Result<{ readonly firstProducerId: number }, number>>;
  /** SCRAM 자격 증명을 지우고 넣습니다 (AlterUserScramCredentials) */
  alterUserScramCredentials(request: AlterUserScramCredentialsRequest): Promise<AlterUserScramCredentialsResponse>;
}

export class LocalController implements Controller {
  /** `controller`: 이 노드의 QuorumController. 컨트롤러 역할이 없는 노드면 null (모든 쓰기가 NOT_CONTROLLER) */
  constructor(private readonly controller: QuorumController | null) {}

  /** 이 노드의 컨트롤러가 활성인지 */
  get active(): boolean {
    return this.controller?.isActive ?? false;
  }

  /** 커밋된 레코드만 재생한 컨트롤러의 상태 (답을 만들 때 읽습니다). 컨트롤러 역할이 없으면 null */
  get committedState(): ControlManagers | null {
    return this.controller?.committedState ?? null;
  }

  registerBroker(request: BrokerRegistrationRequest): Promise<BrokerRegistrationResponse> {
    return this.#run<BrokerRegistrationResponse>((c, done) => c.registerBroker(request, done), {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NOT_CONTROLLER,
      brokerEpoch: -1,
    });
  }

  brokerHeartbeat(request: BrokerHeartbeatRequest): Promise<BrokerHeartbeatResponse> {
    return this.#run((c, done) => c.processBrokerHeartbeat(request, done), heartbeatError(ErrorCode.NOT_CONTROLLER));
  }

  alterPartition(request: AlterPartitionRequest, version: number): Promise<AlterPartitionResponse> {
    return this.#run<AlterPartitionResponse>((c, done) => c.alterPartition(request, version, done), {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NOT_CONTROLLER,
      topics: [],
    });
  }

  electLeaders(request: ElectLeadersRequest): Promise<ElectLeadersResponse> {
    return this.#run<ElectLeadersResponse>((c, done) => c.electLeaders(request, done), {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NOT_CONTROLLER,
      replicaElectionResults: [],
    });
  }

  alterPartitionReassignments(
    request: AlterPartitionReassignmentsRequest,
  ): Promise<AlterPartitionReassignmentsResponse> {
    return this.#run<AlterPartitionReassignmentsResponse>((c, done) => c.alterPartitionReassignments(request, done), {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NOT_CONTROLLER,
      errorMessage: null,
      responses: [],
    });
  }

  listPartitionReassignments(request: ListPartitionReassignmentsRequest): Promise<ListPartitionReassignmentsResponse> {
    return this.#run<ListPartitionReassignmentsResponse>((c, done) => done(c.listPartitionReassignments(request)), {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NOT_CONTROLLER,
      errorMessage: null,
      topics: [],
    });
  }

  allocateProducerIds(
    brokerId: number,
    brokerEpoch: number,
    count: number,
  ): Promise<Result<{ readonly firstProducerId: number }, number>> {
    return this.#run((c, done) => c.allocateProducerIds(brokerId, brokerEpoch, count, done));
  }

  alterUserScramCredentials(request: AlterUserScramCredentialsRequest): Promise<AlterUserScramCredentialsResponse> {
    return this.#run<AlterUserScramCredentialsResponse>(
      (c, done) => c.alterUserScramCredentials(request, done),
      alterUserScramCredentialsError(request, ErrorCode.NOT_CONTROLLER),
    );
  }

  createTopics(topics: readonly NewTopic[], validateOnly: boolean): Promise<TopicOutcome[]> {
    return this.#run((c, done) => c.createTopics(topics, validateOnly, done), notController(topics));
  }

  deleteTopics(names: readonly string[]): Promise<TopicOutcome[]> {
    return this.#run((c, done) => c.deleteTopics(names, done), notController(names.map((name) => ({ name }))));
  }

  createPartitions(requests: readonly PartitionGrowth[], validateOnly: boolean): Promise<TopicOutcome[]> {
    return this.#run((c, done) => c.createPartitions(requests, validateOnly, done), notController(requests));
  }

  incrementalAlterConfigs(
    changes: readonly { readonly resource: ConfigResource; readonly ops: readonly ConfigOp[] }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]> {
    return this.#run(
      (c, done) => c.incrementalAlterConfigs(changes, validateOnly, done),
      changes.map(
        ({ resource }): ConfigOutcome => ({ resource, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null }),
      ),
    );
  }

  legacyAlterConfigs(
    changes: readonly {
      readonly resource: ConfigResource;
      readonly configs: readonly { readonly name: string; readonly value: string }[];
    }[],
    validateOnly: boolean,
  ): Promise<ConfigOutcome[]> {
    return this.#run(
      (c, done) => c.legacyAlterConfigs(changes, validateOnly, done),
      changes.map(
        ({ resource }): ConfigOutcome => ({ resource, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null }),
      ),
    );
  }

  createAcls(acls: readonly Acl[]): Promise<AclCreateOutcome[]> {
    return this.#run<AclCreateOutcome[]>(
      (c, done) => c.createAcls(acls, done),
      acls.map(() => ({ errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null })),
    );
  }

  deleteAcls(filters: readonly AclFilter[]): Promise<AclDeleteOutcome[]> {
    return this.#run<AclDeleteOutcome[]>(
      (c, done) => c.deleteAcls(filters, done),
      filters.map(() => ({ errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null, deleted: [] })),
    );
  }

  /** 콜백으로 답하는 컨트롤러의 연산을 Promise로. 컨트롤러 역할이 없으면 `withoutController`로 답합니다. */
  #run<T>(
    start: (controller: QuorumController, done: (answer: T) => void) => void,
    withoutController: T = { ok: false, error: ErrorCode.NOT_CONTROLLER } as T,
  ): Promise<T> {
    const controller = this.controller;
    if (!controller) return Promise.resolve(withoutController);
    return new Promise<T>((resolve) => start(controller, resolve));
  }
}

function notController(items: readonly { readonly name: string }[]): TopicOutcome[] {
  return items.map(({ name }) => ({ name, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null }));
}
