/**
 * 브로커와 토픽 설정의 정의: 이름, 타입, 기본값. Kafka의 `KafkaConfig`/`LogConfig`와 같은 이름과 기본값을
 * 씁니다. DescribeConfigs가 이 표를 그대로 보여 주므로, 설정은 여기 한 곳에만 적습니다.
 */

export type ConfigType = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'class' | 'password';

export interface ConfigDef {
  readonly name: string;
  readonly type: ConfigType;
  /** 문자열로 적은 기본값. null은 "기본값 없음" */
  readonly default: string | null;
  readonly doc: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** 브로커 설정 (`server.properties`, `KAFKA_*` 환경 변수) */
export const brokerConfigDefs: readonly ConfigDef[] = [
  { name: 'node.id', type: 'int', default: '1', doc: '이 노드의 ID. 클러스터 안에서 겹치면 안 됩니다.' },
  {
    name: 'process.roles',
    type: 'list',
    default: 'broker,controller',
    doc: 'KRaft 역할: broker, controller 또는 둘 다',
  },
  { name: 'listeners', type: 'list', default: 'PLAINTEXT://127.0.0.1:9092', doc: '브로커가 받는 주소' },
  { name: 'advertised.listeners', type: 'list', default: null, doc: '클라이언트에게 알려 줄 주소 (없으면 listeners)' },
  {
    name: 'listener.security.protocol.map',
    type: 'list',
    default: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    doc: '리스너 이름과 보안 프로토콜의 짝',
  },
  { name: 'controller.listener.names', type: 'list', default: 'CONTROLLER', doc: '컨트롤러가 쓰는 리스너 이름' },
  { name: 'controller.quorum.voters', type: 'list', default: '', doc: '컨트롤러 쿼럼: id@host:port 목록' },
  { name: 'inter.broker.listener.name', type: 'string', default: 'PLAINTEXT', doc: '브로커끼리 쓰는 리스너 이름' },
  { name: 'log.dirs', type: 'list', default: null, doc: '로그를 저장할 폴더 (없으면 log.dir)' },
  { name: 'log.dir', type: 'string', default: './data', doc: '로그를 저장할 폴더' },
  { name: 'num.partitions', type: 'int', default: '1', doc: '자동 생성되는 토픽의 파티션 수' },
  { name: 'default.replication.factor', type: 'short', default: '1', doc: '자동 생성되는 토픽의 복제 계수' },
  { name: 'auto.create.topics.enable', type: 'boolean', default: 'true', doc: '없는 토픽을 Metadata 요청 때 만들지' },
  { name: 'delete.topic.enable', type: 'boolean', default: 'true', doc: '토픽 삭제를 허용할지' },
  { name: 'min.insync.replicas', type: 'int', default: '1', doc: 'acks=all 쓰기에 필요한 최소 ISR 수' },
  { name: 'log.cleanup.policy', type: 'list', default: 'delete', doc: '기본 정리 정책: delete 또는 compact' },
  { name: 'log.segment.bytes', type: 'int', default: String(1024 * 1024 * 1024), doc: '세그먼트 하나의 최대 크기' },
  { name: 'log.roll.ms', type: 'long', default: null, doc: '세그먼트를 새로 여는 주기 (없으면 log.roll.hours)' },
  { name: 'log.roll.hours', type: 'int', default: '168', doc: '세그먼트를 새로 여는 주기(시간)' },
  { name: 'log.retention.ms', type: 'long', default: null, doc: '보존 기간 (없으면 minutes, hours 순)' },
  { name: 'log.retention.minutes', type: 'int', default: null, doc: '보존 기간(분)' },
  { name: 'log.retention.hours', type: 'int', default: '168', doc: '보존 기간(시간)' },
  { name: 'log.retention.bytes', type: 'long', default: '-1', doc: '파티션 하나가 보존할 최대 크기 (-1은 무제한)' },
  { name: 'log.retention.check.interval.ms', type: 'long', default: '300000', doc: '보존 정책을 검사하는 주기' },
  { name: 'log.index.interval.bytes', type: 'int', default: '4096', doc: '오프셋 인덱스 항목 사이의 바이트 수' },
  { name: 'log.flush.offset.checkpoint.interval.ms', type: 'int', default: '60000', doc: '복구 지점 체크포인트 주기' },
  { name: 'log.message.timestamp.type', type: 'string', default: 'CreateTime', doc: 'CreateTime 또는 LogAppendTime' },
  { name: 'log.cleaner.delete.retention.ms', type: 'long', default: String(DAY_MS), doc: '압축 토픽의 툼스톤 보존' },
  {
    name: 'log.cleaner.min.cleanable.ratio',
    type: 'double',
    default: '0.5',
    doc: '압축 토픽에서 아직 청소하지 않은 부분이 이 비율을 넘어야 청소합니다',
  },
  {
    name: 'log.cleaner.min.compaction.lag.ms',
    type: 'long',
    default: '0',
    doc: '압축 토픽에서 이보다 최근에 쓴 레코드는 청소하지 않습니다',
  },
  { name: 'log.cleaner.backoff.ms', type: 'long', default: '15000', doc: '청소할 압축 토픽이 없을 때 다시 찾기까지' },
  { name: 'compression.type', type: 'string', default: 'producer', doc: '저장할 압축 방식 (producer는 받은 그대로)' },
  { name: 'message.max.bytes', type: 'int', default: '1048588', doc: '배치 하나의 최대 크기' },
  { name: 'socket.request.max.bytes', type: 'int', default: '104857600', doc: '요청 하나의 최대 크기' },
  { name: 'offsets.topic.num.partitions', type: 'int', default: '50', doc: '__consumer_offsets의 파티션 수' },
  {
    name: 'offsets.topic.replication.factor',
    type: 'short',
    default: '1',
    doc: '__consumer_offsets의 복제 계수 (Kafka 기본값은 3, 이 브로커는 한 대로도 뜨도록 1)',
  },
  { name: 'transaction.state.log.num.partitions', type: 'int', default: '50', doc: '__transaction_state 파티션 수' },
  {
    name: 'transaction.state.log.replication.factor',
    type: 'short',
    default: '1',
    doc: '__transaction_state의 복제 계수 (Kafka 기본값은 3)',
  },
  { name: 'transaction.state.log.min.isr', type: 'int', default: '1', doc: '__transaction_state의 최소 ISR' },
  {
    name: 'transaction.max.timeout.ms',
    type: 'int',
    default: '900000',
    doc: '프로듀서가 정할 수 있는 transaction.timeout.ms의 상한 (15분)',
  },
  {
    name: 'transaction.abort.timed.out.transaction.cleanup.interval.ms',
    type: 'int',
    default: '10000',
    doc: '시간이 지난 트랜잭션을 찾아 어보트하는 주기',
  },
  { name: 'group.initial.rebalance.delay.ms', type: 'int', default: '3000', doc: '빈 그룹의 첫 리밸런스 지연' },
  { name: 'group.min.session.timeout.ms', type: 'int', default: '6000', doc: '컨슈머가 정할 수 있는 가장 짧은 세션' },
  { name: 'group.max.session.timeout.ms', type: 'int', default: '1800000', doc: '컨슈머가 정할 수 있는 가장 긴 세션' },
  {
    name: 'offsets.retention.minutes',
    type: 'int',
    default: '10080',
    doc: '빈 그룹의 커밋된 오프셋을 지우기까지 (7일)',
  },
  {
    name: 'offsets.retention.check.interval.ms',
    type: 'long',
    default: '600000',
    doc: '오래된 오프셋을 찾는 주기',
  },
  {
    name: 'offset.metadata.max.bytes',
    type: 'int',
    default: '4096',
    doc: '오프셋 커밋에 붙이는 메타데이터의 최대 크기',
  },
];

/**
 * 토픽 설정과, 토픽에 값이 없을 때 물려받는 브로커 설정(synonym). 기본값은 브로커 설정의 실제 값입니다.
 * CreateTopics의 configs와 DescribeConfigs(토픽)가 이 표를 씁니다.
 */
export interface TopicConfigDef {
  readonly name: string;
  readonly type: ConfigType;
  readonly brokerSynonym: string;
}

export const topicConfigDefs: readonly TopicConfigDef[] = [
  { name: 'cleanup.policy', type: 'list', brokerSynonym: 'log.cleanup.policy' },
  { name: 'retention.ms', type: 'long', brokerSynonym: 'log.retention.ms' },
  { name: 'retention.bytes', type: 'long', brokerSynonym: 'log.retention.bytes' },
  { name: 'segment.bytes', type: 'int', brokerSynonym: 'log.segment.bytes' },
  { name: 'segment.ms', type: 'long', brokerSynonym: 'log.roll.ms' },
  { name: 'index.interval.bytes', type: 'int', brokerSynonym: 'log.index.interval.bytes' },
  { name: 'max.message.bytes', type: 'int', brokerSynonym: 'message.max.bytes' },
  { name: 'min.insync.replicas', type: 'int', brokerSynonym: 'min.insync.replicas' },
  { name: 'message.timestamp.type', type: 'string', brokerSynonym: 'log.message.timestamp.type' },
  { name: 'compression.type', type: 'string', brokerSynonym: 'compression.type' },
  { name: 'delete.retention.ms', type: 'long', brokerSynonym: 'log.cleaner.delete.retention.ms' },
  { name: 'min.cleanable.dirty.ratio', type: 'double', brokerSynonym: 'log.cleaner.min.cleanable.ratio' },
  { name: 'min.compaction.lag.ms', type: 'long', brokerSynonym: 'log.cleaner.min.compaction.lag.ms' },
];
