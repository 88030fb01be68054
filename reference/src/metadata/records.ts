/**
 * 메타데이터 레코드: KRaft에서 클러스터의 모든 메타데이터(브로커, 토픽, 파티션, 설정)는 이런 레코드를
 * 내부 토픽 `__cluster_metadata`에 차례로 쌓은 로그입니다. 어느 노드든 이 로그를 처음부터 다시
 * 재생(replay)하면 같은 메타데이터를 얻습니다.
 *
 * 이름과 필드는 Kafka의 `metadata/src/main/resources/common/metadata/*.json`과 같고, 인터페이스마다 Kafka의 레코드
 * 타입 번호(`apiKey`)를 적었습니다. 다만 Kafka는 각 레코드를 전용 바이너리 스키마로 적지만, 이 브로커는 레코드
 * 값에 JSON으로 적습니다 (읽기 쉽게 하려는 단순화). 필드를 더할 때는 선택 필드로 더해, 이미 디스크에 있는
 * `__cluster_metadata`의 레코드도 그대로 읽히게 합니다 (Kafka가 레코드 버전을 올리는 것과 같은 일).
 */
export type MetadataRecord =
  | RegisterBrokerRecord
  | FenceBrokerRecord
  | UnfenceBrokerRecord
  | BrokerRegistrationChangeRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord
  | RemoveTopicRecord
  | ProducerIdsRecord
  | UserScramCredentialRecord
  | RemoveUserScramCredentialRecord
  | AccessControlEntryRecord
  | RemoveAccessControlEntryRecord;

/** 브로커의 리스너 하나 (Kafka `BrokerEndpoint`). securityProtocol은 Kafka의 `SecurityProtocol.id` (0 = PLAINTEXT) */
export interface BrokerEndpoint {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly securityProtocol: number;
}

/** 브로커가 지원하는 기능(feature)의 버전 범위 (Kafka `BrokerFeature`, 예: metadata.version) */
export interface BrokerFeature {
  readonly name: string;
  readonly minSupportedVersion: number;
  readonly maxSupportedVersion: number;
}

/**
 * 브로커 등록 (레코드 타입 0). 두 가지 모양이 있습니다.
 *
 * - 처음 모양(`brokerId`, `host`, `port`, `rack`만): 노드 하나의 LocalController가 자기 브로커를 적던 것. 세션도
 *   펜싱도 없던 때라, 재생할 때 펜싱되지 않은 등록으로 읽습니다 (`../metadata/broker-registration.ts`).
 * - 컨트롤러가 BrokerRegistration(API 62)을 받아 적는 모양: 아래 선택 필드가 모두 있습니다. `host`·`port`는
 *   첫 리스너(클라이언트에게 알리는 주소)입니다.
 */
export interface RegisterBrokerRecord {
  readonly type: 'RegisterBrokerRecord';
  readonly brokerId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  /** 브로커 프로세스가 켜질 때마다 새로 뽑는 ID (Kafka Uuid의 문자열 모양) */
  readonly incarnationId?: string;
  /** 컨트롤러가 준 브로커 에포크: 이 레코드가 적힌 메타데이터 오프셋 */
  readonly brokerEpoch?: number;
  readonly endPoints?: readonly BrokerEndpoint[];
  readonly features?: readonly BrokerFeature[];
  /** Kafka의 기본값은 true: 새로 등록한 브로커는 메타데이터를 따라잡을 때까지 펜싱된 채입니다 */
  readonly fenced?: boolean;
  readonly inControlledShutdown?: boolean;
}

/** 브로커를 펜싱합니다 (레코드 타입 7). Kafka 3.3 이전의 모양으로, 지금은 BrokerRegistrationChangeRecord를 씁니다. */
export interface FenceBrokerRecord {
  readonly type: 'FenceBrokerRecord';
  readonly id: number;
  readonly epoch: number;
}

/** 브로커의 펜싱을 풉니다 (레코드 타입 8). Kafka 3.3 이전의 모양입니다. */
export interface UnfenceBrokerRecord {
  readonly type: 'UnfenceBrokerRecord';
  readonly id: number;
  readonly epoch: number;
}

/** BrokerRegistrationChangeRecord.fenced: -1 펜싱을 풂, 0 그대로, 1 펜싱 (Kafka `BrokerRegistrationFencingChange`) */
export const FencingChange = { UNFENCE: -1, NONE: 0, FENCE: 1 } as const;

/**
 * 등록된 브로커의 상태가 바뀜 (레코드 타입 17). Kafka 3.3부터 컨트롤러는 펜싱, 펜싱 풀기, 제어된 종료의 시작을
 * 모두 이 레코드로 적습니다. `brokerEpoch`가 지금 등록의 에포크와 다르면 재생이 실패합니다 (옛 세대의 레코드).
 */
export interface BrokerRegistrationChangeRecord {
  readonly type: 'BrokerRegistrationChangeRecord';
  readonly brokerId: number;
  readonly brokerEpoch: number;
  readonly fenced: (typeof FencingChange)[keyof typeof FencingChange];
  /** 0 그대로, 1 제어된 종료(controlled shutdown)를 시작함 */
  readonly inControlledShutdown: 0 | 1;
}

/** 토픽 (레코드 타입 2) */
export interface TopicRecord {
  readonly type: 'TopicRecord';
  readonly name: string;
  /** 16바이트 UUID를 문자열(8-4-4-4-12)로 */
  readonly topicId: string;
}

/** 파티션 하나 (레코드 타입 3). 복제본은 선호 순서대로이고, 첫 번째가 선호 리더(preferred leader)입니다. */
export interface PartitionRecord {
  readonly type: 'PartitionRecord';
  readonly topicId: string;
  readonly partitionId: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  /** 0 = RECOVERED, 1 = RECOVERING (unclean 선거 뒤). 없으면 RECOVERED */
  readonly leaderRecoveryState?: number;
  /** 재배치(reassignment)로 빠질 복제본. 없으면 비어 있음 */
  readonly removingReplicas?: readonly number[];
  /** 재배치로 더해지는 복제본. 없으면 비어 있음 */
  readonly addingReplicas?: readonly number[];
}

/**
 * 리더나 ISR이 바뀔 때 (레코드 타입 5). 적힌 필드만 바뀝니다: Kafka가 `leader: -2`, `isr: null`로 "그대로"를
 * 나타내는 자리에 이 JSON은 필드를 적지 않습니다. `leader`가 적혀 있으면(같은 값이어도) 리더 에포크가 오르고,
 * 무엇이 적혀 있든 파티션 에포크가 오릅니다 (`./partition-registration.ts`의 `mergePartitionChange`).
 */
export interface PartitionChangeRecord {
  readonly type: 'PartitionChangeRecord';
  readonly topicId: string;
  readonly partitionId: number;
  /** 새 리더, -1이면 리더 없음 (파티션이 오프라인) */
  readonly leader?: number;
  readonly isr?: readonly number[];
  /** 리더의 복구 상태가 바뀔 때 (unclean 선거 → RECOVERING, 리더가 복구를 마침 → RECOVERED) */
  readonly leaderRecoveryState?: number;
  /** 복제본 목록이 바뀔 때 (재배치의 시작·끝·취소) */
  readonly replicas?: readonly number[];
  /** 재배치로 빠질 복제본이 바뀔 때 (빈 배열이면 재배치가 끝남) */
  readonly removingReplicas?: readonly number[];
  /** 재배치로 더해지는 복제본이 바뀔 때 */
  readonly addingReplicas?: readonly number[];
}

/**
 * 동적 설정 하나 (Kafka의 메타데이터 레코드 4번, `ConfigRecord.json`). CreateTopics의 토픽 설정과 AlterConfigs,
 * IncrementalAlterConfigs가 적습니다. 자원 종류는 Kafka의 `ConfigResource.Type` 2(TOPIC)와 4(BROKER)를 이름으로 적고,
 * 브로커 설정의 resourceName은 `''`(클러스터 기본값) 또는 브로커 ID입니다.
 */
export interface ConfigRecord {
  readonly type: 'ConfigRecord';
  readonly resourceType: 'topic' | 'broker';
  readonly resourceName: string;
  readonly name: string;
  /** null이면 설정을 지웁니다 (기본값으로 돌아감) */
  readonly value: string | null;
}

/** 토픽과 그 파티션을 모두 지웁니다 (레코드 타입 9) */
export interface RemoveTopicRecord {
  readonly type: 'RemoveTopicRecord';
  readonly topicId: string;
}

/**
 * 프로듀서 ID 묶음을 나눠 준 기록 (레코드 타입 15). 컨트롤러는 브로커가 요청할 때마다 ID를 한 묶음씩 떼어 주고,
 * 다음에 줄 첫 ID를 적어 둡니다. 로그에 남으므로 다시 켜져도 같은 ID를 두 번 주지 않습니다.
 */
export interface ProducerIdsRecord {
  readonly type: 'ProducerIdsRecord';
  readonly brokerId: number;
  /** 요청한 브로커의 에포크 (Kafka의 기본값 -1: 예전 기록에는 없습니다) */
  readonly brokerEpoch?: number;
  readonly nextProducerId: number;
}

/**
 * 사용자 하나의 SCRAM 자격 증명 (레코드 타입 11): AlterUserScramCredentials가 만들거나 바꿉니다. 비밀번호는 어디에도
 * 없고, 서버가 SCRAM으로 확인하는 데 필요한 것만 있습니다 (`../security/scram.ts`). 바이트 필드는 base64 문자열입니다.
 */
export interface UserScramCredentialRecord {
  readonly type: 'UserScramCredentialRecord';
  readonly name: string;
  /** 1 = SCRAM-SHA-256, 2 = SCRAM-SHA-512 (Kafka `ScramMechanism.type`) */
  readonly mechanism: number;
  readonly salt: string;
  readonly storedKey: string;
  readonly serverKey: string;
  readonly iterations: number;
}

/** 사용자 하나의 한 방식 SCRAM 자격 증명을 지웁니다 (레코드 타입 22) */
export interface RemoveUserScramCredentialRecord {
  readonly type: 'RemoveUserScramCredentialRecord';
  readonly name: string;
  readonly mechanism: number;
}

/**
 * ACL 하나 (레코드 타입 18, Kafka `AccessControlEntryRecord.json`). CreateAcls가 적고, 모든 노드가 재생해 인가기가
 * 읽습니다. 숫자 자리는 Kafka의 열거형 값입니다 (`../security/acl.ts`).
 */
export interface AccessControlEntryRecord {
  readonly type: 'AccessControlEntryRecord';
  /** ACL의 ID (Kafka Uuid의 문자열 모양): 지울 때 이것으로 가리킵니다 */
  readonly id: string;
  readonly resourceType: number;
  readonly resourceName: string;
  readonly patternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

/** ACL 하나를 지웁니다 (레코드 타입 19, Kafka `RemoveAccessControlEntryRecord.json`). DeleteAcls가 적습니다. */
export interface RemoveAccessControlEntryRecord {
  readonly type: 'RemoveAccessControlEntryRecord';
  readonly id: string;
}
