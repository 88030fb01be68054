/**
 * 설정을 DescribeConfigs(와 CreateTopics v5+)가 보여 주는 모양으로 풉니다: 값, 어디서 왔는지(source),
 * 같은 값을 정할 수 있는 곳들(synonyms), 타입. Kafka의 `ConfigHelper`를 따릅니다.
 *
 * 값은 우선순위가 높은 곳부터 찾습니다. synonyms는 그 순서 그대로의 목록이고, 첫 항목이 값의 출처(source)입니다:
 *
 *     DYNAMIC_TOPIC_CONFIG (1)           토픽이 정한 값 (retention.ms)
 *     DYNAMIC_BROKER_CONFIG (2)          이 브로커만의 동적 값 (log.retention.ms)
 *     DYNAMIC_DEFAULT_BROKER_CONFIG (3)  클러스터 기본 동적 값
 *     STATIC_BROKER_CONFIG (4)           server.properties, KAFKA_* 환경 변수
 *     DEFAULT_CONFIG (5)                 정의의 기본값
 *
 * 브로커 설정 하나를 여러 이름으로 정할 수 있습니다: log.retention.ms / minutes / hours, log.roll.ms / hours. 출처마다
 * 이 이름들을 차례로 보고, 마지막에 묻는 이름보다 앞에 오는 것은 버립니다 (Kafka의 `configSynonyms` 끝의
 * `dropWhile`). 그래서 토픽의 retention.ms가 기본값(log.retention.hours=168)에서 올 때 synonyms는 비어 있고 출처는
 * DEFAULT_CONFIG입니다 — Kafka가 보여 주는 그대로입니다.
 */
import type { TopicMetadata } from '../metadata/cluster-metadata.js';
import { brokerConfigDefs, type ConfigType, topicConfigDefs } from './config-defs.js';
import {
  brokerConfigDef,
  CLUSTER_DEFAULT,
  type DynamicBrokerConfig,
  isDynamicBrokerConfig,
} from './dynamic-broker-config.js';

/** DescribeConfigsResponse의 ConfigSource (Kafka Admin의 `ConfigEntry.ConfigSource` 이름) */
export const ConfigSource = {
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** DescribeConfigsResponse의 ConfigType (v3+). 정의에 없는 설정은 UNKNOWN(0) */
const configTypeIds: Record<ConfigType, number> = {
  boolean: 1,
  string: 2,
  int: 3,
  short: 4,
  long: 5,
  double: 6,
  list: 7,
  class: 8,
  password: 9,
};

interface Synonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
}

export interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  readonly configSource: number;
  readonly isSensitive: boolean;
  readonly synonyms: Synonym[];
  readonly configType: number;
  readonly documentation: string | null;
}

/** 같은 브로커 설정을 정하는 이름들, 우선순위 순 (Kafka: `DynamicBrokerConfig.brokerConfigSynonyms`) */
function brokerSynonyms(name: string): string[] {
  if (name === 'log.roll.ms' || name === 'log.roll.hours') return ['log.roll.ms', 'log.roll.hours'];
  if (/^log\.retention\.(ms|minutes|hours)$/.test(name)) {
    return ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'];
  }
  return [name];
}

/** 브로커 설정 `name`의 synonyms (Kafka: `ConfigHelper.configSynonyms`). 민감한 설정은 값을 null로. */
function configSynonyms(name: string, dynamic: DynamicBrokerConfig, sensitive: boolean): Synonym[] {
  const layers: [number, (n: string) => string | null | undefined][] = [
    [ConfigSource.DYNAMIC_BROKER_CONFIG, (n) => dynamic.perBrokerConfigs().get(n)],
    [ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, (n) => dynamic.defaultConfigs().get(n)],
    [ConfigSource.STATIC_BROKER_CONFIG, (n) => dynamic.staticConfig.staticValue(n)],
    [ConfigSource.DEFAULT_CONFIG, (n) => brokerConfigDef(n)?.default],
  ];
  const all: Synonym[] = [];
  for (const [source, lookup] of layers) {
    for (const synonym of brokerSynonyms(name)) {
      const value = lookup(synonym);
      if (value !== undefined && value !== null) all.push({ name: synonym, value: sensitive ? null : value, source });
    }
  }
  const first = all.findIndex((s) => s.name === name);
  return first < 0 ? [] : all.slice(first);
}

/** 토픽의 설정 (Kafka: `ConfigHelper.createTopicConfigEntry`) */
export function describeTopicConfigs(
  topic: Pick<TopicMetadata, 'configs'>,
  dynamic: DynamicBrokerConfig,
): DescribedConfig[] {
  const inherited = dynamic.current.topicDefaults();
  return topicConfigDefs.map((def) => {
    const own = topic.configs.get(def.name);
    const fromBroker = configSynonyms(def.brokerSynonym, dynamic, false);
    const synonyms =
      own === undefined
        ? fromBroker
        : [{ name: def.name, value: own, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }, ...fromBroker];
    return {
      name: def.name,
      value: own ?? inherited.get(def.name) ?? null,
      readOnly: false,
      configSource: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
      isSensitive: false,
      synonyms,
      configType: configTypeIds[def.type],
      documentation: null,
    };
  });
}

/**
 * 브로커 자원의 설정 (Kafka: `ConfigHelper.describeConfigs`의 BROKER 자원, `createBrokerConfigEntry`).
 *
 * - 이 브로커의 ID: 모든 설정의 지금 값. 정의에 없는 이름(사용자 설정)은 타입을 모르므로 Kafka처럼 민감한 값으로
 *   보고 값을 숨깁니다.
 * - `''`(클러스터 기본값): 클러스터 기본 동적 값으로 정한 설정만, 그 출처의 synonyms만.
 */
export function describeBrokerConfigs(dynamic: DynamicBrokerConfig, resourceName: string): DescribedConfig[] {
  const perBroker = resourceName !== CLUSTER_DEFAULT;
  const names = perBroker
    ? [...new Set([...brokerConfigDefs.map((d) => d.name), ...dynamic.current.explicitNames()])]
    : [...dynamic.defaultConfigs().keys()];
  return names.map((name) => {
    const def = brokerConfigDef(name);
    const sensitive = def === undefined || def.type === 'password';
    const synonyms = configSynonyms(name, dynamic, sensitive).filter(
      (s) => perBroker || s.source === ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
    );
    const value = perBroker ? dynamic.current.get(name) : (dynamic.defaultConfigs().get(name) ?? null);
    return {
      name,
      value: sensitive ? null : value,
      readOnly: !isDynamicBrokerConfig(name),
      configSource: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
      isSensitive: sensitive,
      synonyms,
      configType: def ? configTypeIds[def.type] : 0,
      documentation: def?.doc ?? null,
    };
  });
}
