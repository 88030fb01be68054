/**
 * 동적 브로커 설정과 DescribeConfigs의 출처·synonyms. Kafka `DynamicBrokerConfigTest`, `ConfigHelper`의 규칙:
 * 브로커만의 값 > 클러스터 기본값 > 정적 설정 > 기본값, 동적이 아닌 설정은 메타데이터에 있어도 무시, synonyms의 순서와
 * 묻는 이름 앞을 버리는 dropWhile.
 */
import { describe, expect, it } from 'vitest';
import { ClusterMetadata, type TopicMetadata } from '../../src/metadata/cluster-metadata.js';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { loadConfig } from '../../src/server/config.js';
import { ConfigSource, describeBrokerConfigs, describeTopicConfigs } from '../../src/server/describe-configs.js';
import { DynamicBrokerConfig } from '../../src/server/dynamic-broker-config.js';

function setup(env: Record<string, string> = {}) {
  const metadata = new ClusterMetadata('dyn');
  const dynamic = new DynamicBrokerConfig(loadConfig({ env: { KAFKA_NODE_ID: '1', ...env } }), metadata);
  const put = (resourceName: string, name: string, value: string | null) => {
    metadata.replay({ type: 'ConfigRecord', resourceType: 'broker', resourceName, name, value });
    dynamic.reload();
  };
  return { metadata, dynamic, put };
}

function topicOf(metadata: ClusterMetadata, name: string): TopicMetadata {
  const topic = metadata.topic(name);
  if (!topic) throw new Error(`no topic ${name}`);
  return topic;
}

function invalidRequest(action: () => void): string {
  try {
    action();
  } catch (error) {
    if (error instanceof KafkaError && error.code === ErrorCode.INVALID_REQUEST) return error.message;
    throw error;
  }
  throw new Error('expected INVALID_REQUEST');
}

describe('DynamicBrokerConfig', () => {
  it('per-broker dynamic > cluster-default dynamic > static > default', () => {
    const { dynamic, put } = setup({ KAFKA_MIN_INSYNC_REPLICAS: '2' });
    expect(dynamic.current.int('min.insync.replicas')).toBe(2);
    put('', 'min.insync.replicas', '3');
    expect(dynamic.current.int('min.insync.replicas')).toBe(3);
    put('1', 'min.insync.replicas', '4');
    expect(dynamic.current.int('min.insync.replicas')).toBe(4);
    put('1', 'min.insync.replicas', null);
    expect(dynamic.current.int('min.insync.replicas')).toBe(3);
    // 다른 브로커의 값은 이 브로커에 적용되지 않습니다.
    put('2', 'min.insync.replicas', '9');
    expect(dynamic.current.int('min.insync.replicas')).toBe(3);
  });

  it('a dynamic log.retention.ms beats a static log.retention.hours in the derived topic default', () => {
    const { dynamic, put } = setup({ KAFKA_LOG_RETENTION_HOURS: '1' });
    expect(dynamic.current.topicDefaults().get('retention.ms')).toBe('3600000');
    put('', 'log.retention.ms', '60000');
    expect(dynamic.current.topicDefaults().get('retention.ms')).toBe('60000');
  });

  it('ignores non-dynamic keys and unreadable values found in the metadata (Kafka: fromPersistentProps)', () => {
    const { dynamic, put } = setup();
    put('', 'num.partitions', '7');
    put('', 'min.insync.replicas', 'many');
    expect(dynamic.current.int('num.partitions')).toBe(1);
    expect(dynamic.current.int('min.insync.replicas')).toBe(1);
    expect([...dynamic.defaultConfigs().keys()]).toEqual([]);
  });

  it('tells its reconfigurables after a reload', () => {
    const { dynamic, put } = setup();
    const seen: number[] = [];
    dynamic.addReconfigurable((current) => seen.push(current.int('log.cleaner.backoff.ms')));
    put('', 'log.cleaner.backoff.ms', '500');
    expect(seen).toEqual([500]);
  });

  it("validate: Kafka's messages, INVALID_REQUEST; user keys pass", () => {
    const { dynamic } = setup();
    expect(
      invalidRequest(() =>
        dynamic.validate(
          new Map([
            ['log.dirs', '/x'],
            ['node.id', '2'],
          ]),
        ),
      ),
    ).toBe('Cannot update these configs dynamically: Set(log.dirs, node.id)');
    expect(invalidRequest(() => dynamic.validate(new Map([['min.insync.replicas', '0']])))).toBe(
      'Invalid value 0 for configuration min.insync.replicas: Value must be at least 1',
    );
    expect(() => dynamic.validate(new Map([['my.plugin.key', 'anything']]))).not.toThrow();
  });
});

describe('DescribeConfigs sources and synonyms (Kafka: ConfigHelper)', () => {
  it('broker log.retention.ms: every layer in order, the hours synonyms after the ms ones', () => {
    const { dynamic, put } = setup({ KAFKA_LOG_RETENTION_HOURS: '100' });
    put('', 'log.retention.ms', '2000');
    put('1', 'log.retention.ms', '1000');
    const entry = describeBrokerConfigs(dynamic, '1').find((c) => c.name === 'log.retention.ms');
    expect(entry).toMatchObject({ value: '1000', readOnly: false, configSource: ConfigSource.DYNAMIC_BROKER_CONFIG });
    expect(entry?.synonyms).toEqual([
      { name: 'log.retention.ms', value: '1000', source: ConfigSource.DYNAMIC_BROKER_CONFIG },
      { name: 'log.retention.ms', value: '2000', source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG },
      { name: 'log.retention.hours', value: '100', source: ConfigSource.STATIC_BROKER_CONFIG },
      { name: 'log.retention.hours', value: '168', source: ConfigSource.DEFAULT_CONFIG },
    ]);
  });

  it('broker log.retention.hours: the ms and minutes names that come first are dropped (dropWhile)', () => {
    const { dynamic, put } = setup();
    put('', 'log.retention.ms', '2000');
    const entry = describeBrokerConfigs(dynamic, '1').find((c) => c.name === 'log.retention.hours');
    expect(entry).toMatchObject({ value: '168', readOnly: true, configSource: ConfigSource.DEFAULT_CONFIG });
    expect(entry?.synonyms).toEqual([
      { name: 'log.retention.hours', value: '168', source: ConfigSource.DEFAULT_CONFIG },
    ]);
  });

  it('topic retention.ms: the topic value first, then the broker chain; DEFAULT_CONFIG with no synonyms when only hours are set', () => {
    const { metadata, dynamic } = setup({ KAFKA_LOG_RETENTION_MS: '5000' });
    metadata.replay({ type: 'TopicRecord', name: 't', topicId: 'id' });
    const retention = () =>
      describeTopicConfigs(topicOf(metadata, 't'), dynamic).find((c) => c.name === 'retention.ms');
    expect(retention()).toMatchObject({
      value: '5000',
      configSource: ConfigSource.STATIC_BROKER_CONFIG,
      synonyms: [
        { name: 'log.retention.ms', value: '5000', source: ConfigSource.STATIC_BROKER_CONFIG },
        { name: 'log.retention.hours', value: '168', source: ConfigSource.DEFAULT_CONFIG },
      ],
    });
    metadata.replay({
      type: 'ConfigRecord',
      resourceType: 'topic',
      resourceName: 't',
      name: 'retention.ms',
      value: '9',
    });
    expect(retention()?.synonyms[0]).toEqual({
      name: 'retention.ms',
      value: '9',
      source: ConfigSource.DYNAMIC_TOPIC_CONFIG,
    });
    const { metadata: plain, dynamic: plainDynamic } = setup();
    plain.replay({ type: 'TopicRecord', name: 'p', topicId: 'id-p' });
    expect(
      describeTopicConfigs(topicOf(plain, 'p'), plainDynamic).find((c) => c.name === 'retention.ms'),
    ).toMatchObject({
      value: String(168 * 3_600_000),
      configSource: ConfigSource.DEFAULT_CONFIG,
      synonyms: [],
    });
  });

  it('the cluster-default resource lists only what is set there; a user key is sensitive and hidden', () => {
    const { dynamic, put } = setup();
    put('', 'min.insync.replicas', '2');
    put('1', 'my.secret', 'pw');
    expect(describeBrokerConfigs(dynamic, '').map((c) => [c.name, c.value, c.configSource, c.synonyms.length])).toEqual(
      [['min.insync.replicas', '2', ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, 1]],
    );
    expect(describeBrokerConfigs(dynamic, '1').find((c) => c.name === 'my.secret')).toMatchObject({
      value: null,
      isSensitive: true,
      configType: 0,
      configSource: ConfigSource.DYNAMIC_BROKER_CONFIG,
      synonyms: [{ name: 'my.secret', value: null, source: ConfigSource.DYNAMIC_BROKER_CONFIG }],
    });
  });
});
