/**
 * 설정을 DescribeConfigs(와 CreateTopics v5+)가 보여 주는 모양으로 풉니다: 값, 어디서 왔는지(source),
 * 물려받은 값들(synonyms), 타입. 토픽 설정은 토픽이 정한 값 → 브로커 설정 → 기본값 순으로 찾습니다.
 */
import type { TopicMetadata } from '../metadata/cluster-metadata.js';
import type { BrokerConfig } from './config.js';
import { brokerConfigDefs, type ConfigType, topicConfigDefs } from './config-defs.js';

/** DescribeConfigsResponse의 ConfigSource */
export const ConfigSource = {
  TOPIC_CONFIG: 1,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** DescribeConfigsResponse의 ConfigType (v3+) */
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

export interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  readonly configSource: number;
  readonly isSensitive: boolean;
  readonly synonyms: { name: string; value: string | null; source: number }[];
  readonly configType: number;
  readonly documentation: string | null;
}

export function describeTopicConfigs(topic: TopicMetadata, broker: BrokerConfig): DescribedConfig[] {
  const inherited = broker.topicDefaults();
  return topicConfigDefs.map((def) => {
    const own = topic.configs.get(def.name);
    const brokerValue = inherited.get(def.name) ?? null;
    const brokerSource =
      broker.source(def.brokerSynonym) === 'default' ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
    const synonyms = [
      ...(own !== undefined ? [{ name: def.name, value: own, source: ConfigSource.TOPIC_CONFIG }] : []),
      { name: def.brokerSynonym, value: brokerValue, source: brokerSource },
    ];
    return {
      name: def.name,
      value: own ?? brokerValue,
      readOnly: false,
      configSource: own !== undefined ? ConfigSource.TOPIC_CONFIG : brokerSource,
      isSensitive: false,
      synonyms,
      configType: configTypeIds[def.type],
      documentation: null,
    };
  });
}

export function describeBrokerConfigs(broker: BrokerConfig): DescribedConfig[] {
  return brokerConfigDefs.map((def) => {
    const source =
      broker.source(def.name) === 'default' ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
    const value = broker.get(def.name);
    return {
      name: def.name,
      value,
      readOnly: true, // 동적 브로커 설정(IncrementalAlterConfigs)은 구현하지 않았습니다
      configSource: source,
      isSensitive: def.type === 'password',
      synonyms: [{ name: def.name, value, source }],
      configType: configTypeIds[def.type],
      documentation: def.doc,
    };
  });
}
