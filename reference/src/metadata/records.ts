/**
 * 메타데이터 레코드: KRaft에서 클러스터의 모든 메타데이터(브로커, 토픽, 파티션, 설정)는 이런 레코드를
 * 내부 토픽 `__cluster_metadata`에 차례로 쌓은 로그입니다. 어느 노드든 이 로그를 처음부터 다시
 * 재생(replay)하면 같은 메타데이터를 얻습니다.
 *
 * 이름은 Kafka의 `metadata/src/main/resources/common/metadata/*.json`과 같습니다. 다만 Kafka는 각 레코드를
 * 전용 바이너리 스키마로 적지만, 이 브로커는 레코드 값에 JSON으로 적습니다 (읽기 쉽게 하려는 단순화).
 */
export type MetadataRecord =
  | RegisterBrokerRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord
  | RemoveTopicRecord
  | ProducerIdsRecord;

export interface RegisterBrokerRecord {
  readonly type: 'RegisterBrokerRecord';
  readonly brokerId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface TopicRecord {
  readonly type: 'TopicRecord';
  readonly name: string;
  /** 16바이트 UUID를 문자열(8-4-4-4-12)로 */
  readonly topicId: string;
}

export interface PartitionRecord {
  readonly type: 'PartitionRecord';
  readonly topicId: string;
  readonly partitionId: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
}

/** 리더나 ISR이 바뀔 때. 적힌 필드만 바뀝니다. */
export interface PartitionChangeRecord {
  readonly type: 'PartitionChangeRecord';
  readonly topicId: string;
  readonly partitionId: number;
  readonly leader?: number;
  readonly isr?: readonly number[];
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

export interface RemoveTopicRecord {
  readonly type: 'RemoveTopicRecord';
  readonly topicId: string;
}

/**
 * 프로듀서 ID 묶음을 나눠 준 기록. 컨트롤러는 브로커가 요청할 때마다 ID를 한 묶음(1000개)씩 떼어 주고,
 * 다음에 줄 첫 ID를 적어 둡니다. 로그에 남으므로 다시 켜져도 같은 ID를 두 번 주지 않습니다.
 */
export interface ProducerIdsRecord {
  readonly type: 'ProducerIdsRecord';
  readonly brokerId: number;
  readonly nextProducerId: number;
}
