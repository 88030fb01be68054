/**
 * 동적 브로커 설정: 브로커를 다시 시작하지 않고 바꾸는 브로커 설정 (KIP-226). Kafka의 `DynamicBrokerConfig`를
 * 따릅니다. 값은 메타데이터 로그의 ConfigRecord(자원 종류 BROKER)에 있어서 다시 시작해도 남습니다. 우선순위는
 *
 *     브로커만의 동적 값 (resourceName '1')        DYNAMIC_BROKER_CONFIG
 *       > 클러스터 기본 동적 값 (resourceName '')   DYNAMIC_DEFAULT_BROKER_CONFIG
 *       > server.properties·KAFKA_* 환경 변수       STATIC_BROKER_CONFIG
 *       > 정의의 기본값                            DEFAULT_CONFIG
 *
 * `current`는 이 네 층을 겹친 지금의 설정입니다. 메타데이터가 바뀌면 `reload()`로 다시 만들고, 등록한
 * 재설정 대상(Kafka: `BrokerReconfigurable` — 로그 설정, 로그 청소기)에게 알립니다.
 */
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import { ErrorCode, KafkaError } from '../protocol/error-codes.js';
import type { BrokerConfig } from './config.js';
import { brokerConfigDefs, type ConfigDef } from './config-defs.js';
import { ConfigException, parseConfigValue } from './config-values.js';

const defs = new Map<string, ConfigDef>(brokerConfigDefs.map((d) => [d.name, d]));

/** 이 이름의 브로커 설정 정의. 정의에 없는 이름(플러그인이 읽는 사용자 설정)이면 undefined. */
export function brokerConfigDef(name: string): ConfigDef | undefined {
  return defs.get(name);
}

/** 실행 중에 바꿀 수 있는 브로커 설정인지 (Kafka: `DynamicBrokerConfig.AllDynamicConfigs`) */
export function isDynamicBrokerConfig(name: string): boolean {
  return defs.get(name)?.dynamic === true;
}

/** 클러스터 기본값 자원의 이름 */
export const CLUSTER_DEFAULT = '';

export class DynamicBrokerConfig {
  #current: BrokerConfig;
  readonly #reconfigurables: ((current: BrokerConfig) => void)[] = [];

  constructor(
    /** 시작할 때 읽은 설정 (기본값 < server.properties < KAFKA_* 환경 변수) */
    readonly staticConfig: BrokerConfig,
    /** 동적 브로커 설정을 읽을 곳: 브로커의 이미지, 또는 컨트롤러의 상태 */
    private readonly metadata: Pick<ClusterMetadata, 'brokerConfigs'>,
  ) {
    this.#current = this.#build();
  }

  /** 동적 설정까지 겹친 지금의 브로커 설정 */
  get current(): BrokerConfig {
    return this.#current;
  }

  /**
   * 클러스터 기본 동적 값 (resourceName `''`). 메타데이터에 있어도 동적이 아닌 설정이나 읽을 수 없는 값은 뺍니다
   * (Kafka: `fromPersistentProps`가 "will be ignored"라는 로그를 남기고 빼는 것과 같음).
   */
  defaultConfigs(): ReadonlyMap<string, string> {
    return usableOnly(this.metadata.brokerConfigs(CLUSTER_DEFAULT));
  }

  /** 이 브로커만의 동적 값 (resourceName = node.id). 걸러 내는 규칙은 defaultConfigs와 같습니다. */
  perBrokerConfigs(): ReadonlyMap<string, string> {
    return usableOnly(this.metadata.brokerConfigs(String(this.staticConfig.nodeId)));
  }

  /** 동적 설정이 바뀌면 불릴 함수를 등록합니다 (Kafka: `DynamicBrokerConfig.addBrokerReconfigurable`). */
  addReconfigurable(reconfigure: (current: BrokerConfig) => void): void {
    this.#reconfigurables.push(reconfigure);
  }

  /** 메타데이터의 동적 브로커 설정이 바뀐 뒤 (Kafka: `DynamicConfigPublisher` → `updateBrokerConfig`/`updateDefaultConfig`) */
  reload(): void {
    this.#current = this.#build();
    for (const reconfigure of this.#reconfigurables) reconfigure(this.#current);
  }

  /**
   * 바꾸려는 동적 설정을 검사합니다 (Kafka: `DynamicBrokerConfig.validate` → `validateConfigs`). 실패하면 INVALID_REQUEST:
   * Kafka는 이 검사의 ConfigException을 INVALID_REQUEST로 답합니다 (`ConfigAdminManager.validateBrokerConfigChange`,
   * KAFKA-13609가 "INVALID_CONFIG가 맞지만 호환성 때문에 그대로 둔다"고 적어 둔 자리).
   *
   *   동적이 아닌 설정      → "Cannot update these configs dynamically: Set(log.dirs)"
   *   값을 읽을 수 없음     → "Invalid value abc for configuration log.retention.ms: Not a number of type LONG"
   *   정의에 없는 이름      → 받아들입니다: Kafka는 플러그인이 읽는 사용자 설정을 허락합니다 (customPropsAllowed)
   *
   * Kafka에는 클러스터 기본값으로는 둘 수 없고 브로커마다만 정하는 설정(리스너, SSL)이 있지만, 이 브로커의 동적
   * 설정에는 그런 것이 없으므로 `perBroker`에 따라 다르게 검사할 것이 없습니다.
   */
  validate(props: ReadonlyMap<string, string>): void {
    const nonDynamic = [...props.keys()].filter((name) => defs.has(name) && !isDynamicBrokerConfig(name));
    if (nonDynamic.length > 0) {
      throw new KafkaError(
        ErrorCode.INVALID_REQUEST,
        `Cannot update these configs dynamically: Set(${nonDynamic.join(', ')})`,
      );
    }
    for (const [name, value] of props) {
      const def = defs.get(name);
      if (!def) continue;
      try {
        parseConfigValue(def, value);
      } catch (error) {
        if (error instanceof ConfigException) throw new KafkaError(ErrorCode.INVALID_REQUEST, error.message);
        throw error;
      }
    }
  }

  /** 정적 설정 위에 클러스터 기본값, 그 위에 브로커만의 값을 얹습니다. */
  #build(): BrokerConfig {
    return this.staticConfig.withOverrides(new Map([...this.defaultConfigs(), ...this.perBrokerConfigs()]));
  }
}

function usableOnly(configs: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  return new Map([...configs].filter(([name, value]) => usable(name, value)));
}

function usable(name: string, value: string): boolean {
  const def = defs.get(name);
  if (!def) return true;
  if (!def.dynamic) return false;
  try {
    parseConfigValue(def, value);
    return true;
  } catch {
    return false;
  }
}
