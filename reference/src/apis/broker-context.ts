/**
 * 핸들러가 쓸 수 있는 브로커의 부품들. 핸들러는 소켓도 파일도 직접 만지지 않고 이 부품에게 묻습니다.
 */
import type { GroupService } from '../group/group-service.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import type { Controller } from '../metadata/controller.js';
import type { ProducerIdManager } from '../producer/producer-id-manager.js';
import type { BrokerConfig } from '../server/config.js';
import type { ConfigAdminManager } from '../server/config-admin-manager.js';
import type { DynamicBrokerConfig } from '../server/dynamic-broker-config.js';
import type { Logger } from '../server/logger.js';
import type { ReplicaManager } from '../server/replica-manager.js';
import type { TransactionService } from '../transaction/transaction-service.js';
import type { ApiDefinition } from './api.js';

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
  /** 토픽을 만들고 지우는 컨트롤러 */
  readonly controller: Controller;
  /** 이 브로커가 가진 파티션 로그에 쓰고 읽기 */
  readonly replicaManager: ReplicaManager;
  /** 컨슈머 그룹 코디네이터와 커밋된 오프셋 */
  readonly groups: GroupService;
  /** 트랜잭션 코디네이터와 `__transaction_state` */
  readonly transactions: TransactionService;
  /** 멱등 프로듀서에게 나눠 줄 프로듀서 ID */
  readonly producerIds: ProducerIdManager;
  /** 등록된 API 전체 (ApiVersions 응답을 만듭니다) */
  readonly apis: readonly ApiDefinition[];
  readonly log: Logger;
  readonly now: () => number;
}
