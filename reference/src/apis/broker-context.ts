/**
 * 핸들러가 쓸 수 있는 브로커의 부품들. 핸들러는 소켓도 파일도 직접 만지지 않고 이 부품에게 묻습니다.
 */
import type { GroupService } from '../group/group-service.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import type { TopicOutcome } from '../metadata/controller.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { NewTopic } from '../metadata/topic-control.js';
import type { ProducerIdManager } from '../producer/producer-id-manager.js';
import type { RaftRequest, RaftResponse } from '../raft/messages.js';
import type { ApiRequest } from '../runtime/network-client.js';
import type { Random } from '../runtime/random.js';
import type { StandardAuthorizer } from '../security/authorizer.js';
import type { BrokerConfig } from '../server/config.js';
import type { ConfigAdminManager } from '../server/config-admin-manager.js';
import type { DynamicBrokerConfig } from '../server/dynamic-broker-config.js';
import type { Logger } from '../server/logger.js';
import type { ReplicaManager } from '../server/replica-manager.js';
import type { TransactionService } from '../transaction/transaction-service.js';

export interface BrokerContext {
  readonly nodeId: number;
  /** 시작할 때 읽은 브로커 설정 (server.properties, KAFKA_* 환경 변수) */
  readonly config: BrokerConfig;
  /** 동적 브로커 설정까지 겹친 지금의 설정 (AlterConfigs로 바뀝니다) */
  readonly dynamicConfig: DynamicBrokerConfig;
  /** AlterConfigs, IncrementalAlterConfigs를 컨트롤러에 넘기기 전의 검사 */
  readonly configAdmin: ConfigAdminManager;
  /** 지금의 클러스터 메타데이터 (토픽, 파티션, 브로커) */
  readonly metadata: ClusterMetadata;
  /**
   * 관리 요청(CreateTopics, DeleteTopics, CreatePartitions, AlterConfigs…)을 활성 컨트롤러에게 넘기고 그 답을 받습니다
   * (Kafka `ForwardingManager`). 리더가 바뀌는 동안에는 다시 보내고, 끝내 답을 받지 못하면 null입니다.
   */
  forward(request: ApiRequest): Promise<unknown | null>;
  /**
   * 브로커가 스스로 토픽을 만듭니다: Metadata의 자동 생성, 코디네이터의 내부 토픽 (Kafka `AutoTopicCreationManager`가
   * 활성 컨트롤러에게 CreateTopics를 보냅니다). 답을 받지 못하면 토픽마다 REQUEST_TIMED_OUT입니다.
   */
  createTopics(topics: readonly NewTopic[]): Promise<TopicOutcome[]>;
  /** 이 브로커가 가진 파티션 로그에 쓰고 읽기 */
  readonly replicaManager: ReplicaManager;
  /** 컨슈머 그룹 코디네이터와 커밋된 오프셋 */
  readonly groups: GroupService;
  /** 트랜잭션 코디네이터와 `__transaction_state` */
  readonly transactions: TransactionService;
  /** 멱등 프로듀서에게 나눠 줄 프로듀서 ID */
  readonly producerIds: ProducerIdManager;
  /** 이 노드의 쿼럼 (활성 컨트롤러가 누구인지, DescribeQuorum) */
  readonly quorum: QuorumEndpoint;
  /** 요청마다 권한을 묻는 인가기. `authorizer.class.name`이 비어 있으면 null이고, 모든 요청이 허용됩니다 */
  readonly authorizer: StandardAuthorizer | null;
  readonly log: Logger;
  readonly now: () => number;
  /** Metadata가 컨트롤러로 알릴 브로커를 고를 때 */
  readonly random: Random;
}

/** 이 노드의 쿼럼 클라이언트에 닿는 곳: 컨트롤러 리스너의 핸들러와 브로커의 DescribeQuorum이 씁니다. */
export interface QuorumEndpoint {
  /** 지금 아는 리더(활성 컨트롤러). 선거 중이면 null */
  readonly leaderId: number | null;
  /** 요청 하나를 쿼럼에 넣고 답을 기다립니다. `source`는 보낸 노드 (Vote의 후보, Fetch의 복제본…) */
  handle(source: number, request: RaftRequest): Promise<RaftResponse<MetadataRecord>>;
}
