/**
 * 브로커 설정 읽기. Kafka와 같은 방식으로 세 곳을 차례로 겹칩니다:
 *
 *   기본값 (config-defs.ts)  <  server.properties 파일  <  KAFKA_* 환경 변수
 *
 * 환경 변수 이름은 apache/kafka 도커 이미지의 규칙으로 바꿉니다: `KAFKA_` 뒤를 소문자로 바꾸고
 * `___` → `-`, `__` → `_`, `_` → `.`. 그래서 `KAFKA_NUM_PARTITIONS=3`은 `num.partitions=3`입니다.
 * 덕분에 docker-compose.kraft.yml의 환경 변수를 이 브로커에 그대로 줄 수 있습니다.
 */
import { readFileSync } from 'node:fs';
import { getProperties } from 'properties-file';
import { brokerConfigDefs, type ConfigDef, topicConfigDefs } from './config-defs.js';
import { parseConfigValue } from './config-values.js';

/** JVM과 이미지 스크립트가 쓰는 변수라 브로커 설정이 아닌 것들 */
const NOT_BROKER_SETTINGS = /^KAFKA_(HEAP_OPTS|OPTS|JVM_PERFORMANCE_OPTS|GC_LOG_OPTS|LOG4J_.*|JMX_.*|DEBUG|VERSION)$/;

/** 값이 온 곳: 정의의 기본값, server.properties, KAFKA_* 환경 변수, 또는 실행 중에 바꾼 동적 설정 */
export type ConfigSource = 'default' | 'file' | 'env' | 'dynamic';

export type ProcessRole = 'broker' | 'controller';

export interface Listener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** 표에 없어도 읽는 열린 이름: `listener.name.<리스너>.<설정>`, `<SASL 방식>.sasl.jaas.config` */
const PER_LISTENER_OR_MECHANISM =
  /^(listener\.name\.[^.]+\..+|(plain|scram-sha-256|scram-sha-512)\.sasl\.jaas\.config)$/;

const defs = new Map<string, ConfigDef>(brokerConfigDefs.map((d) => [d.name, d]));

export class BrokerConfig {
  constructor(
    /** 파일이나 환경 변수로 정한 값 (기본값은 들어 있지 않습니다) */
    private readonly explicit: ReadonlyMap<string, { value: string; source: ConfigSource }> = new Map(),
  ) {}

  /** 정한 값, 없으면 기본값 */
  get(name: string): string | null {
    return this.explicit.get(name)?.value ?? defs.get(name)?.default ?? null;
  }

  source(name: string): ConfigSource {
    return this.explicit.get(name)?.source ?? 'default';
  }

  /** 파일이나 환경 변수로 정한 값만 (Kafka의 STATIC_BROKER_CONFIG). 동적 설정과 기본값은 빼고 */
  staticValue(name: string): string | undefined {
    const entry = this.explicit.get(name);
    return entry && entry.source !== 'dynamic' ? entry.value : undefined;
  }

  /** 정해진 이름들 (기본값만 있는 이름은 빼고) */
  explicitNames(): string[] {
    return [...this.explicit.keys()];
  }

  /** 이 설정 위에 동적 설정을 얹은 새 설정 (Kafka: 동적 설정이 바뀔 때마다 새로 만드는 `KafkaConfig`) */
  withOverrides(overrides: ReadonlyMap<string, string>): BrokerConfig {
    const merged = new Map(this.explicit);
    for (const [name, value] of overrides) merged.set(name, { value, source: 'dynamic' });
    return new BrokerConfig(merged);
  }

  /**
   * 정의 표에 없는데 정해진 키 (오타일 수 있어 시작할 때 경고합니다). 리스너마다의 설정(`listener.name.<리스너>.…`)과
   * SASL 방식마다의 JAAS 설정(`plain.sasl.jaas.config`…)은 이름이 열려 있어 표에 없어도 씁니다 (`security/listener-security.ts`).
   */
  unknownKeys(): string[] {
    return [...this.explicit.keys()].filter((k) => !defs.has(k) && !PER_LISTENER_OR_MECHANISM.test(k));
  }

  int(name: string): number {
    const raw = this.get(name);
    const value = Number(raw);
    if (raw === null || raw.trim() === '' || !Number.isInteger(value)) {
      throw new Error(`설정 ${name}의 값 "${raw}"는 정수가 아닙니다`);
    }
    return value;
  }

  bool(name: string): boolean {
    const raw = this.get(name)?.trim().toLowerCase();
    if (raw !== 'true' && raw !== 'false') throw new Error(`설정 ${name}의 값 "${raw}"는 true/false가 아닙니다`);
    return raw === 'true';
  }

  list(name: string): string[] {
    return (this.get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  get nodeId(): number {
    return this.int('node.id');
  }

  get listeners(): Listener[] {
    return this.list('listeners').map(parseListener);
  }

  /** 클라이언트에게 Metadata로 알려 줄 주소. 정하지 않았으면 listeners와 같습니다. */
  get advertisedListeners(): Listener[] {
    const advertised = this.list('advertised.listeners');
    return advertised.length > 0 ? advertised.map(parseListener) : this.listeners;
  }

  /** 클라이언트가 붙는 리스너 (컨트롤러 전용 리스너는 뺍니다). 브로커 역할이 없으면 없습니다. */
  get clientListeners(): Listener[] {
    if (!this.processRoles.has('broker')) return [];
    const controller = new Set(this.list('controller.listener.names'));
    return this.listeners.filter((l) => !controller.has(l.name));
  }

  /** 컨트롤러끼리, 그리고 `npm run quorum`이 붙는 리스너 (`controller.listener.names`). 컨트롤러 역할일 때만 */
  get controllerListeners(): Listener[] {
    if (!this.processRoles.has('controller')) return [];
    const controller = new Set(this.list('controller.listener.names'));
    return this.listeners.filter((l) => controller.has(l.name));
  }

  /** `process.roles`: broker, controller 또는 둘 다 (Kafka `KafkaConfig.processRoles`) */
  get processRoles(): ReadonlySet<ProcessRole> {
    const roles = this.list('process.roles');
    for (const role of roles) {
      if (role !== 'broker' && role !== 'controller') {
        throw new Error(`process.roles의 "${role}"는 broker도 controller도 아닙니다`);
      }
    }
    if (roles.length === 0) throw new Error('process.roles가 비었습니다 (broker, controller 또는 broker,controller)');
    return new Set(roles as ProcessRole[]);
  }

  /**
   * 쿼럼의 투표자: `controller.quorum.voters`의 `id@host:port`. 비어 있으면 컨트롤러 역할의 노드는 자기 하나만의
   * 쿼럼입니다 (Kafka의 `kafka-storage.sh format --standalone`과 같은 결과). 주소는 이 노드의 컨트롤러 리스너입니다.
   */
  get quorumVoters(): Map<number, Listener> {
    const voters = new Map<number, Listener>();
    for (const entry of this.list('controller.quorum.voters')) {
      const match = /^(\d+)@(\[[^\]]*\]|[^:]*):(\d+)$/.exec(entry);
      if (!match) throw new Error(`controller.quorum.voters의 "${entry}"가 id@host:port 형식이 아닙니다`);
      const [, id = '', host = '', port = ''] = match;
      voters.set(Number(id), { name: 'CONTROLLER', host: host.replace(/^\[|\]$/g, ''), port: Number(port) });
    }
    if (voters.size > 0) return voters;
    if (!this.processRoles.has('controller')) {
      throw new Error('브로커만 맡은 노드는 controller.quorum.voters로 컨트롤러들을 알아야 합니다');
    }
    const bootstrap = this.list('controller.quorum.bootstrap.servers');
    const own = this.controllerListeners[0];
    const ownAddress = own ? `${own.host}:${own.port}` : null;
    if (bootstrap.some((server) => server !== ownAddress)) {
      throw new Error(
        '동적 쿼럼(KIP-853)은 지원하지 않습니다: 컨트롤러가 여럿이면 controller.quorum.voters에 id@host:port로 적어 주세요',
      );
    }
    voters.set(this.nodeId, own ?? { name: 'CONTROLLER', host: '', port: 0 });
    return voters;
  }

  get logDir(): string {
    return this.list('log.dirs')[0] ?? (this.get('log.dir') as string);
  }

  /** log.retention.ms > minutes > hours 순서로 정해진 것을 씁니다 (Kafka와 같음). -1은 무제한. */
  get logRetentionMs(): number {
    if (this.get('log.retention.ms') !== null) return this.int('log.retention.ms');
    if (this.get('log.retention.minutes') !== null) return this.int('log.retention.minutes') * 60_000;
    return this.int('log.retention.hours') * 3_600_000;
  }

  /**
   * 활성 컨트롤러가 선호 리더로 되돌릴 파티션을 찾는 주기 (ms). `auto.leader.rebalance.enable=false`면 null: 되돌리지
   * 않습니다 (Kafka `QuorumController`가 그 설정이 꺼지면 주기 작업을 걸지 않듯).
   */
  get leaderImbalanceCheckIntervalMs(): number | null {
    if (!this.bool('auto.leader.rebalance.enable')) return null;
    return this.int('leader.imbalance.check.interval.seconds') * 1000;
  }

  get logRollMs(): number {
    return this.get('log.roll.ms') !== null ? this.int('log.roll.ms') : this.int('log.roll.hours') * 3_600_000;
  }

  /** 토픽 설정의 기본값: 토픽이 따로 정하지 않으면 브로커의 synonym 값을 물려받습니다. */
  topicDefaults(): Map<string, string> {
    const derived: Record<string, () => number> = {
      'log.retention.ms': () => this.logRetentionMs,
      'log.roll.ms': () => this.logRollMs,
    };
    return new Map(
      topicConfigDefs.map((d) => [d.name, String(derived[d.brokerSynonym]?.() ?? this.get(d.brokerSynonym))]),
    );
  }
}

/** `PLAINTEXT://127.0.0.1:9092` → { name: 'PLAINTEXT', host: '127.0.0.1', port: 9092 }. 호스트를 비우면 모든 주소. */
export function parseListener(text: string): Listener {
  const match = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`리스너 "${text}"의 형식이 NAME://host:port가 아닙니다`);
  const [, name = '', host = '', port = ''] = match;
  return { name, host: host.replace(/^\[|\]$/g, ''), port: Number(port) };
}

/** apache/kafka 이미지의 규칙: KAFKA_LOG_RETENTION_MS → log.retention.ms */
export function envToProperties(env: NodeJS.ProcessEnv): Map<string, string> {
  const props = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('KAFKA_') || value === undefined || NOT_BROKER_SETTINGS.test(key)) continue;
    const name = key
      .slice('KAFKA_'.length)
      .toLowerCase()
      .replace(/___/g, '-')
      .replace(/__/g, '\0')
      .replace(/_/g, '.')
      .replace(/\0/g, '_');
    props.set(name, value);
  }
  return props;
}

export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): BrokerConfig {
  const explicit = new Map<string, { value: string; source: ConfigSource }>();
  if (options.file) {
    for (const [k, v] of Object.entries(getProperties(readFileSync(options.file, 'utf8')))) {
      explicit.set(k, { value: v, source: 'file' });
    }
  }
  for (const [k, v] of envToProperties(options.env ?? {})) explicit.set(k, { value: v, source: 'env' });
  // 정한 값은 모두 시작할 때 타입과 검사기로 읽어 봅니다: 틀린 값은 그 값을 처음 쓰는 때(예: 토픽을 자동으로 만들 때)가
  // 아니라 지금 ConfigException으로 알립니다 (Kafka: `KafkaConfig`를 만들 때 `ConfigDef.parse`가 모든 값을 읽습니다).
  for (const [name, { value }] of explicit) {
    const def = defs.get(name);
    if (def) parseConfigValue(def, value);
  }
  return new BrokerConfig(explicit);
}
