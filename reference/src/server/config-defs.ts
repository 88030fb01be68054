/**
 * 브로커와 토픽 설정의 정의: 이름, 타입, 기본값, 값의 검사기. Kafka의 `KafkaConfig`/`LogConfig`와 같은 이름과
 * 기본값, 검사기를 씁니다. DescribeConfigs가 이 표를 그대로 보여 주므로, 설정은 여기 한 곳에만 적습니다.
 *
 * 동적 브로커 설정(`dynamic: true`): 브로커를 다시 시작하지 않고 AlterConfigs/IncrementalAlterConfigs로 바꿀 수 있는
 * 설정입니다. Kafka의 `DynamicBrokerConfig.AllDynamicConfigs` 가운데 이 브로커가 정의한 것들입니다: 토픽 설정의
 * 브로커 쪽 짝(`DynamicLogConfig.ReconfigurableConfigs`: log.retention.ms, log.segment.bytes…, 바꾸면 실행 중인 파티션
 * 로그에 곧바로 적용)과 `LogCleaner.ReconfigurableConfigs`의 log.cleaner.backoff.ms, message.max.bytes. 이름이 같아도
 * log.retention.hours, log.roll.hours는 Kafka에서도 동적이 아닙니다. 리스너 설정(listeners, advertised.listeners,
 * listener.security.protocol.map)은 Kafka에서 브로커마다 동적으로 바꿀 수 있지만, 이 브로커는 소켓을 다시 열지 않으므로
 * 동적으로 두지 않았습니다. compression.type은 받아 두고 보여 주지만, 이 브로커는 아직 배치를 다시 압축하지 않습니다
 * (받은 압축 그대로 저장).
 */
import { atLeast, between, type ConfigType, listOf, oneOf, type Validator } from './config-values.js';

export type { ConfigType };

export interface ConfigDef {
  readonly name: string;
  readonly type: ConfigType;
  /** 문자열로 적은 기본값. null은 "기본값 없음" */
  readonly default: string | null;
  readonly doc: string;
  /** 값의 검사기. 동적으로 바꿀 때 검사합니다 (Kafka의 ConfigDef 검사기와 같음). */
  readonly validator?: Validator;
  /** 실행 중에 바꿀 수 있는 동적 브로커 설정인지 */
  readonly dynamic?: true;
}

/** Kafka의 `BrokerCompressionType` 이름들 */
const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'];
/**
 * 레코드 하나짜리 가장 작은 옛 배치(v0)의 크기: 세그먼트의 최소 크기 (Kafka: `LegacyRecord.RECORD_OVERHEAD_V0`).
 * Kafka 4.0은 KIP-1030으로 이 하한을 1 MiB로 올렸습니다. 이 브로커는 세그먼트 굴리기와 보존을 작은 세그먼트로 보여 줄 수
 * 있게 예전 하한을 둡니다.
 */
const MIN_SEGMENT_BYTES = 14;

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
  {
    name: 'sasl.enabled.mechanisms',
    type: 'list',
    default: 'GSSAPI',
    doc: 'SASL 리스너가 받는 인증 방식 (이 브로커는 PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). 리스너마다 listener.name.<리스너>.sasl.enabled.mechanisms',
  },
  {
    name: 'sasl.mechanism.inter.broker.protocol',
    type: 'string',
    default: 'GSSAPI',
    doc: '브로커 사이 리스너가 SASL일 때 다른 브로커에 붙는 방식. 사용자는 그 리스너의 <방식>.sasl.jaas.config의 username·password',
  },
  {
    name: 'sasl.mechanism.controller.protocol',
    type: 'string',
    default: 'GSSAPI',
    doc: '컨트롤러 리스너가 SASL일 때 컨트롤러에 붙는 방식. 사용자는 그 리스너의 <방식>.sasl.jaas.config의 username·password',
  },
  {
    name: 'authorizer.class.name',
    type: 'string',
    default: '',
    doc: '요청마다 권한을 검사할 인가기. 비어 있으면 인가기가 없어 누구나 무엇이든 합니다. 이 브로커는 org.apache.kafka.metadata.authorizer.StandardAuthorizer (ACL을 메타데이터 로그에 둠)',
  },
  {
    name: 'super.users',
    type: 'string',
    default: '',
    doc: 'ACL과 상관없이 모든 것이 허용되는 주체, 세미콜론으로 나눔 (User:admin;User:ANONYMOUS)',
  },
  {
    name: 'allow.everyone.if.no.acl.found',
    type: 'boolean',
    default: 'false',
    doc: '자원에 걸린 ACL이 하나도 없을 때 허용할지 (인가기가 있을 때만)',
  },
  {
    name: 'sasl.server.max.receive.size',
    type: 'int',
    default: '524288',
    doc: 'SASL 인증을 마치기 전에 받는 프레임의 최대 크기 (바이트). 넘으면 연결을 끊습니다',
  },
  // TLS 리스너(SSL, SASL_SSL)의 설정 (Kafka `SslConfigs`, `BrokerSecurityConfigs`). 리스너마다
  // listener.name.<리스너>.ssl.*로 덮어씁니다. 읽는 곳: security/tls-config.ts
  { name: 'ssl.keystore.type', type: 'string', default: 'JKS', doc: '키 저장소 형식 (이 브로커는 PEM만 읽습니다)' },
  {
    name: 'ssl.keystore.location',
    type: 'string',
    default: null,
    doc: '키 저장소 파일: PEM이면 개인 키와 인증서 사슬이 함께 든 파일',
  },
  { name: 'ssl.keystore.password', type: 'password', default: null, doc: '키 저장소 암호 (PEM에는 쓰지 않습니다)' },
  { name: 'ssl.keystore.key', type: 'password', default: null, doc: 'PEM 개인 키 (파일 대신 값으로)' },
  {
    name: 'ssl.keystore.certificate.chain',
    type: 'password',
    default: null,
    doc: 'PEM 인증서 사슬 (파일 대신 값으로, ssl.keystore.key와 함께)',
  },
  { name: 'ssl.key.password', type: 'password', default: null, doc: '암호화한 개인 키의 암호' },
  { name: 'ssl.truststore.type', type: 'string', default: 'JKS', doc: '신뢰 저장소 형식 (이 브로커는 PEM만 읽습니다)' },
  { name: 'ssl.truststore.location', type: 'string', default: null, doc: '신뢰하는 CA 인증서들의 파일' },
  { name: 'ssl.truststore.password', type: 'password', default: null, doc: '신뢰 저장소 암호 (PEM에는 쓰지 않습니다)' },
  { name: 'ssl.truststore.certificates', type: 'password', default: null, doc: '신뢰하는 CA 인증서들 (PEM 값으로)' },
  {
    name: 'ssl.client.auth',
    type: 'string',
    default: 'none',
    doc: '클라이언트 인증서: none, requested(있으면 검사), required(없으면 거절). SASL_SSL에는 listener.name.<리스너>.ssl.client.auth로만',
    validator: oneOf('none', 'requested', 'required'),
  },
  {
    name: 'ssl.principal.mapping.rules',
    type: 'string',
    default: 'DEFAULT',
    doc: '클라이언트 인증서의 이름(DN)을 사용자 이름으로 바꾸는 규칙: DEFAULT 또는 RULE:패턴/바꿀 것/[L|U]',
  },
  {
    name: 'connections.max.reauth.ms',
    type: 'long',
    default: '0',
    doc: 'SASL 세션의 수명 (ms, KIP-368). 양수면 인증한 클라이언트에게 알리고, 그 안에 다시 인증하지 않고 요청을 보낸 연결은 끊습니다. 0이면 수명 없음. 리스너마다 listener.name.<리스너>.connections.max.reauth.ms',
  },
  { name: 'controller.listener.names', type: 'list', default: 'CONTROLLER', doc: '컨트롤러가 쓰는 리스너 이름' },
  {
    name: 'controller.quorum.voters',
    type: 'list',
    default: '',
    doc: '컨트롤러 쿼럼의 투표자: id@host:port 목록 (고정 쿼럼). 비우면 컨트롤러 역할의 노드 자신 하나',
  },
  {
    name: 'controller.quorum.bootstrap.servers',
    type: 'list',
    default: '',
    doc: '처음 연락할 컨트롤러 host:port 목록 (KIP-853). 이 브로커는 투표자를 controller.quorum.voters로 정합니다',
  },
  {
    name: 'controller.quorum.election.timeout.ms',
    type: 'int',
    default: '1000',
    doc: '리더 소식 없이 이만큼(과 그 두 배 사이의 무작위 값) 지나면 선거를 시작합니다',
  },
  {
    name: 'controller.quorum.fetch.timeout.ms',
    type: 'int',
    default: '2000',
    doc: '리더에게서 이만큼 Fetch 응답을 못 받으면 리더가 죽었다고 보고 선거를 준비합니다',
  },
  {
    name: 'broker.session.timeout.ms',
    type: 'int',
    default: '9000',
    doc: '컨트롤러가 브로커의 하트비트를 이만큼 받지 못하면 그 브로커를 펜싱합니다 (리더 자리를 ISR의 다음 복제본에게)',
  },
  {
    name: 'broker.heartbeat.interval.ms',
    type: 'int',
    default: '2000',
    doc: '브로커가 활성 컨트롤러에게 하트비트(BrokerHeartbeat)를 보내는 간격',
  },
  {
    name: 'initial.broker.registration.timeout.ms',
    type: 'int',
    default: '60000',
    doc: '브로커가 처음 켜질 때 활성 컨트롤러에 등록하기를 기다리는 시간. 지나면 브로커는 꺼집니다',
  },
  {
    name: 'controller.quorum.election.backoff.max.ms',
    type: 'int',
    default: '1000',
    doc: '물러난 리더가 정한 후임 순서에 따라 선거를 늦추는 시간의 상한',
  },
  { name: 'controller.quorum.request.timeout.ms', type: 'int', default: '2000', doc: '쿼럼 요청의 응답 시간 제한' },
  {
    name: 'controller.quorum.retry.backoff.ms',
    type: 'int',
    default: '20',
    doc: '실패한 쿼럼 요청을 다시 보내기 전 대기',
  },
  {
    name: 'metadata.log.segment.bytes',
    type: 'int',
    default: String(1024 * 1024 * 1024),
    doc: '__cluster_metadata-0의 세그먼트 하나의 최대 크기. metadata.log.segment.min.bytes보다 작을 수 없습니다',
    validator: atLeast(MIN_SEGMENT_BYTES),
  },
  {
    name: 'metadata.log.segment.min.bytes',
    type: 'int',
    default: String(8 * 1024 * 1024),
    doc: 'metadata.log.segment.bytes의 하한 (Kafka의 내부 설정: 시험에서만 낮춥니다)',
    validator: atLeast(MIN_SEGMENT_BYTES),
  },
  {
    name: 'metadata.log.max.record.bytes.between.snapshots',
    type: 'long',
    default: String(20 * 1024 * 1024),
    doc: '지난 스냅숏 뒤로 이만큼의 메타데이터 레코드를 적용하면 새 스냅숏(.checkpoint)을 만듭니다',
    validator: atLeast(1),
  },
  {
    name: 'metadata.log.max.snapshot.interval.ms',
    type: 'long',
    default: '3600000',
    doc: '지난 스냅숏에서 이만큼 지났고 새 레코드가 있으면 스냅숏을 만듭니다. 0이면 시간으로는 만들지 않습니다',
    validator: atLeast(0),
  },
  {
    name: 'metadata.max.retention.bytes',
    type: 'long',
    default: String(100 * 1024 * 1024),
    doc: '메타데이터 로그와 스냅숏을 합쳐 이만큼을 넘으면 옛 스냅숏과 그 앞의 세그먼트를 지웁니다. -1이면 크기로는 지우지 않습니다',
  },
  {
    name: 'metadata.max.retention.ms',
    type: 'long',
    default: String(7 * DAY_MS),
    doc: '이보다 오래된 스냅숏과 그 앞의 세그먼트를 지웁니다 (가장 새 스냅숏은 남깁니다). -1이면 시간으로는 지우지 않습니다',
  },
  {
    name: 'metadata.log.cleaner.interval.ms',
    type: 'long',
    default: '60000',
    doc: '메타데이터 로그의 보존 한도를 확인하는 간격. Kafka에는 없는, 이 브로커의 시험용 설정입니다 (Kafka는 60초로 고정)',
    validator: atLeast(1),
  },
  {
    name: 'replica.lag.time.max.ms',
    type: 'long',
    default: '30000',
    doc: '팔로워가 이만큼 리더의 로그 끝을 따라잡지 못하면 리더가 ISR에서 빼자고 제안합니다 (절반마다 검사)',
  },
  {
    name: 'replica.fetch.max.bytes',
    type: 'int',
    default: String(1024 * 1024),
    doc: '팔로워의 Fetch가 파티션마다 받을 최대 바이트 (첫 배치는 더 커도 받음)',
  },
  {
    name: 'replica.fetch.response.max.bytes',
    type: 'int',
    default: String(10 * 1024 * 1024),
    doc: '팔로워의 Fetch 응답 전체의 최대 바이트',
  },
  {
    name: 'replica.fetch.wait.max.ms',
    type: 'int',
    default: '500',
    doc: '팔로워의 Fetch를 리더가 새 데이터가 올 때까지 붙잡아 두는 최대 시간',
  },
  { name: 'replica.fetch.min.bytes', type: 'int', default: '1', doc: '팔로워의 Fetch가 기다리는 최소 바이트' },
  {
    name: 'replica.fetch.backoff.ms',
    type: 'int',
    default: '1000',
    doc: '팔로워의 Fetch가 실패한 뒤 같은 파티션을 다시 묻기 전 대기',
  },
  { name: 'inter.broker.listener.name', type: 'string', default: 'PLAINTEXT', doc: '브로커끼리 쓰는 리스너 이름' },
  { name: 'log.dirs', type: 'list', default: null, doc: '로그를 저장할 폴더 (없으면 log.dir)' },
  { name: 'log.dir', type: 'string', default: './data', doc: '로그를 저장할 폴더' },
  { name: 'num.partitions', type: 'int', default: '1', doc: '자동 생성되는 토픽의 파티션 수' },
  { name: 'default.replication.factor', type: 'short', default: '1', doc: '자동 생성되는 토픽의 복제 계수' },
  { name: 'auto.create.topics.enable', type: 'boolean', default: 'true', doc: '없는 토픽을 Metadata 요청 때 만들지' },
  { name: 'delete.topic.enable', type: 'boolean', default: 'true', doc: '토픽 삭제를 허용할지' },
  {
    name: 'min.insync.replicas',
    type: 'int',
    default: '1',
    doc: 'acks=all 쓰기에 필요한 최소 ISR 수 (복제본 수보다 크면 복제본 수로 깎임)',
    validator: atLeast(1),
    dynamic: true,
  },
  {
    name: 'unclean.leader.election.enable',
    type: 'boolean',
    default: 'false',
    doc: 'ISR에 살아 있는 복제본이 없을 때 ISR 밖의 복제본을 리더로 뽑을지 (커밋된 레코드를 잃을 수 있음)',
    dynamic: true,
  },
  {
    name: 'auto.leader.rebalance.enable',
    type: 'boolean',
    default: 'true',
    doc: '활성 컨트롤러가 주기마다 선호 리더(복제본 목록의 첫째)가 ISR에 있는데 리더가 아닌 파티션의 리더를 되돌릴지',
  },
  {
    name: 'leader.imbalance.check.interval.seconds',
    type: 'long',
    default: '300',
    doc: '선호 리더로 되돌릴 파티션을 찾는 주기 (auto.leader.rebalance.enable일 때)',
    validator: atLeast(1),
  },
  {
    name: 'log.cleanup.policy',
    type: 'list',
    default: 'delete',
    doc: '기본 정리 정책: delete 또는 compact',
    validator: listOf('compact', 'delete'),
    dynamic: true,
  },
  {
    name: 'log.segment.bytes',
    type: 'int',
    default: String(1024 * 1024 * 1024),
    doc: '세그먼트 하나의 최대 크기',
    validator: atLeast(MIN_SEGMENT_BYTES),
    dynamic: true,
  },
  {
    name: 'log.roll.ms',
    type: 'long',
    default: null,
    doc: '세그먼트를 새로 여는 주기 (없으면 log.roll.hours)',
    dynamic: true,
  },
  { name: 'log.roll.hours', type: 'int', default: '168', doc: '세그먼트를 새로 여는 주기(시간)' },
  { name: 'log.retention.ms', type: 'long', default: null, doc: '보존 기간 (없으면 minutes, hours 순)', dynamic: true },
  { name: 'log.retention.minutes', type: 'int', default: null, doc: '보존 기간(분)' },
  { name: 'log.retention.hours', type: 'int', default: '168', doc: '보존 기간(시간)' },
  {
    name: 'log.retention.bytes',
    type: 'long',
    default: '-1',
    doc: '파티션 하나가 보존할 최대 크기 (-1은 무제한)',
    dynamic: true,
  },
  { name: 'log.retention.check.interval.ms', type: 'long', default: '300000', doc: '보존 정책을 검사하는 주기' },
  {
    name: 'log.index.interval.bytes',
    type: 'int',
    default: '4096',
    doc: '오프셋 인덱스 항목 사이의 바이트 수',
    validator: atLeast(0),
    dynamic: true,
  },
  {
    name: 'log.index.size.max.bytes',
    type: 'int',
    default: String(10 * 1024 * 1024),
    doc: '인덱스 파일 하나의 최대 크기',
    validator: atLeast(4),
    dynamic: true,
  },
  { name: 'log.flush.offset.checkpoint.interval.ms', type: 'int', default: '60000', doc: '복구 지점 체크포인트 주기' },
  {
    name: 'log.message.timestamp.type',
    type: 'string',
    default: 'CreateTime',
    doc: 'CreateTime 또는 LogAppendTime',
    validator: oneOf('CreateTime', 'LogAppendTime'),
    dynamic: true,
  },
  {
    name: 'log.cleaner.delete.retention.ms',
    type: 'long',
    default: String(DAY_MS),
    doc: '압축 토픽의 툼스톤 보존',
    validator: atLeast(0),
    dynamic: true,
  },
  {
    name: 'log.cleaner.min.cleanable.ratio',
    type: 'double',
    default: '0.5',
    doc: '압축 토픽에서 아직 청소하지 않은 부분이 이 비율을 넘어야 청소합니다',
    validator: between(0, 1),
    dynamic: true,
  },
  {
    name: 'log.cleaner.min.compaction.lag.ms',
    type: 'long',
    default: '0',
    doc: '압축 토픽에서 이보다 최근에 쓴 레코드는 청소하지 않습니다',
    validator: atLeast(0),
    dynamic: true,
  },
  {
    name: 'log.cleaner.backoff.ms',
    type: 'long',
    default: '15000',
    doc: '청소할 압축 토픽이 없을 때 다시 찾기까지',
    validator: atLeast(0),
    dynamic: true,
  },
  {
    name: 'compression.type',
    type: 'string',
    default: 'producer',
    doc: '저장할 압축 방식 (producer는 받은 그대로)',
    validator: oneOf(...COMPRESSION_TYPES),
    dynamic: true,
  },
  {
    name: 'message.max.bytes',
    type: 'int',
    default: '1048588',
    doc: '배치 하나의 최대 크기',
    validator: atLeast(0),
    dynamic: true,
  },
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
    name: 'offsets.commit.timeout.ms',
    type: 'int',
    default: '5000',
    doc: '오프셋 커밋이 __consumer_offsets의 ISR 모두에게 복제되기를 기다리는 최대 시간',
    validator: atLeast(1),
  },
  {
    name: 'request.timeout.ms',
    type: 'int',
    default: '30000',
    doc: '트랜잭션 코디네이터가 장부(__transaction_state) 쓰기가 ISR 모두에게 복제되기를 기다리는 최대 시간',
    validator: atLeast(0),
  },
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
 * 토픽 설정과, 토픽에 값이 없을 때 물려받는 브로커 설정(synonym, Kafka: `ServerTopicConfigSynonyms`). 토픽에 값이
 * 없으면 브로커 설정의 지금 값을 씁니다. `default`는 Kafka `LogConfig`의 기본값으로, IncrementalAlterConfigs의
 * APPEND/SUBTRACT가 토픽에 값이 없을 때 출발점으로 씁니다 (Kafka: `KafkaConfigSchema.getDefault`).
 * CreateTopics, AlterConfigs, DescribeConfigs(토픽)가 이 표를 씁니다.
 */
export interface TopicConfigDef {
  readonly name: string;
  readonly type: ConfigType;
  readonly brokerSynonym: string;
  readonly default: string;
  readonly validator?: Validator;
}

const WEEK_MS = 7 * DAY_MS;

export const topicConfigDefs: readonly TopicConfigDef[] = [
  {
    name: 'cleanup.policy',
    type: 'list',
    brokerSynonym: 'log.cleanup.policy',
    default: 'delete',
    validator: listOf('compact', 'delete'),
  },
  {
    name: 'retention.ms',
    type: 'long',
    brokerSynonym: 'log.retention.ms',
    default: String(WEEK_MS),
    validator: atLeast(-1),
  },
  { name: 'retention.bytes', type: 'long', brokerSynonym: 'log.retention.bytes', default: '-1' },
  {
    name: 'segment.bytes',
    type: 'int',
    brokerSynonym: 'log.segment.bytes',
    default: String(1024 * 1024 * 1024),
    validator: atLeast(MIN_SEGMENT_BYTES),
  },
  { name: 'segment.ms', type: 'long', brokerSynonym: 'log.roll.ms', default: String(WEEK_MS), validator: atLeast(1) },
  {
    name: 'segment.index.bytes',
    type: 'int',
    brokerSynonym: 'log.index.size.max.bytes',
    default: String(10 * 1024 * 1024),
    validator: atLeast(4),
  },
  {
    name: 'index.interval.bytes',
    type: 'int',
    brokerSynonym: 'log.index.interval.bytes',
    default: '4096',
    validator: atLeast(0),
  },
  {
    name: 'max.message.bytes',
    type: 'int',
    brokerSynonym: 'message.max.bytes',
    default: '1048588',
    validator: atLeast(0),
  },
  {
    name: 'min.insync.replicas',
    type: 'int',
    brokerSynonym: 'min.insync.replicas',
    default: '1',
    validator: atLeast(1),
  },
  {
    name: 'unclean.leader.election.enable',
    type: 'boolean',
    brokerSynonym: 'unclean.leader.election.enable',
    default: 'false',
  },
  {
    name: 'message.timestamp.type',
    type: 'string',
    brokerSynonym: 'log.message.timestamp.type',
    default: 'CreateTime',
    validator: oneOf('CreateTime', 'LogAppendTime'),
  },
  {
    name: 'compression.type',
    type: 'string',
    brokerSynonym: 'compression.type',
    default: 'producer',
    validator: oneOf(...COMPRESSION_TYPES),
  },
  {
    name: 'delete.retention.ms',
    type: 'long',
    brokerSynonym: 'log.cleaner.delete.retention.ms',
    default: String(DAY_MS),
    validator: atLeast(0),
  },
  {
    name: 'min.cleanable.dirty.ratio',
    type: 'double',
    brokerSynonym: 'log.cleaner.min.cleanable.ratio',
    default: '0.5',
    validator: between(0, 1),
  },
  {
    name: 'min.compaction.lag.ms',
    type: 'long',
    brokerSynonym: 'log.cleaner.min.compaction.lag.ms',
    default: '0',
    validator: atLeast(0),
  },
];

/**
 * Kafka에는 있지만 이 브로커가 구현하지 않은 토픽 설정 (`TopicConfig`). 받아 두기만 하고 효과가 없으면 학습자를
 * 속이게 되므로 INVALID_CONFIG로 거절하되, "모르는 이름"과는 다른 문장으로 답합니다.
 */
export const UNIMPLEMENTED_TOPIC_CONFIGS: ReadonlySet<string> = new Set([
  'segment.jitter.ms',
  'flush.messages',
  'flush.ms',
  'max.compaction.lag.ms',
  'file.delete.delay.ms',
  'compression.gzip.level',
  'compression.lz4.level',
  'compression.zstd.level',
  'preallocate',
  'message.format.version',
  'message.timestamp.difference.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.after.max.ms',
  'message.downconversion.enable',
  'leader.replication.throttled.replicas',
  'follower.replication.throttled.replicas',
  'remote.storage.enable',
  'local.retention.ms',
  'local.retention.bytes',
  'remote.log.copy.disable',
  'remote.log.delete.on.disable',
]);
