/**
 * AlterConfigs (33), IncrementalAlterConfigs (44), DescribeConfigs (32)를 진짜 클라이언트로:
 * kafkajs 2.2.4의 `admin.alterConfigs`/`describeConfigs`, @platformatic/kafka의 `incrementalAlterConfigs`/`alterConfigs`/
 * `describeConfigs`, 바뀐 설정의 효과는 kafkajs 프로듀서와 kcat으로 봅니다. Kafka의 오류 문장은 날 소켓으로 한 행씩
 * (`ConfigAdminManager.preprocess`, `ConfigurationControlManager`, `ControllerConfigurationValidator`, `LogConfig.validate`).
 *
 * 보존 검사와 청소기는 브로커 시계로 때를 봅니다. 기다리지 않도록 그 시계를 앞으로 돌립니다.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, kcat, type RunningBroker, readAllWithKcat, removeDir, startBroker, tempDir } from './support.js';

const TOPIC = 2;
const BROKER = 4;
const Op = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
const Source = { TOPIC: 1, DYNAMIC_BROKER: 2, DYNAMIC_DEFAULT_BROKER: 3, STATIC_BROKER: 4, DEFAULT: 5 } as const;

let running: RunningBroker;
let skewMs = 0;

beforeAll(async () => {
  running = await startBroker({ KAFKA_NUM_PARTITIONS: '1', KAFKA_LOG_RETENTION_HOURS: '100' }, tempDir(), {
    now: () => Date.now() + skewMs,
  });
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

async function withKafkajsAdmin<T>(work: (admin: ReturnType<ReturnType<typeof kafka>['admin']>) => Promise<T>) {
  const admin = kafka(running.bootstrap).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

async function withPlatformatic<T>(work: (admin: PlatformaticAdmin) => Promise<T>, bootstrap = running.bootstrap) {
  const admin = new PlatformaticAdmin({ clientId: 'pf-configs', bootstrapBrokers: [bootstrap] });
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

async function createTopic(topic: string, configEntries: { name: string; value: string }[] = []) {
  await withKafkajsAdmin((admin) => admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }] }));
}

/** kafkajs의 describeConfigs: 설정 이름 → 항목 */
async function describeTopic(topic: string, bootstrap = running.bootstrap) {
  const admin = kafka(bootstrap).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: true,
      resources: [{ type: TOPIC, name: topic }],
    });
    return new Map((resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
  } finally {
    await admin.disconnect();
  }
}

type AlterResponse = { responses: { errorCode: number; errorMessage: string | null; resourceName: string }[] };

/** IncrementalAlterConfigs v1을 날 소켓으로 (Kafka의 오류 문장을 그대로 보려고) */
async function incrementalRaw(
  resources: {
    resourceType: number;
    resourceName: string;
    configs: { name: string; configOperation: number; value: string | null }[];
  }[],
  validateOnly = false,
  port = running.broker.port,
) {
  const client = await RawClient.connect(port);
  try {
    return (await client.send<AlterResponse>(ApiKey.IncrementalAlterConfigs, 1, { resources, validateOnly })).responses;
  } finally {
    client.close();
  }
}

const set = (name: string, value: string | null) => ({ name, configOperation: Op.SET, value });

async function produceOneByOne(topic: string, count: number, key = (i: number) => `k${i}`) {
  const producer = kafka(running.bootstrap).producer();
  await producer.connect();
  try {
    for (let i = 0; i < count; i++) await producer.send({ topic, messages: [{ key: key(i), value: `v${i}` }] });
  } finally {
    await producer.disconnect();
  }
}

function segments(topic: string): { base: number; size: number }[] {
  const dir = path.join(running.dir, `${topic}-0`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => ({ base: Number(f.slice(0, -4)), size: statSync(path.join(dir, f)).size }))
    .sort((a, b) => a.base - b.base);
}

/** 브로커 시계를 보존 검사 주기(5분)와 청소기 쉼(15초)보다 멀리 돌리고, 조건이 맞을 때까지 (최대 10초) 기다립니다. */
async function advanceClockUntil(done: () => boolean | Promise<boolean>): Promise<void> {
  skewMs += 10 * 60_000;
  for (let i = 0; i < 100 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** 배치 하나가 200바이트를 넘는 값 (레코드 배치 헤더 61바이트 + 레코드) */
const BIG_VALUE = 'x'.repeat(500);

function errorType(error: unknown): string | undefined {
  const e = error as { type?: string; cause?: { type?: string } } | null;
  return e?.cause?.type ?? e?.type;
}

describe('AlterConfigs through kafkajs 2.2.4 (replaces the whole set) and DescribeConfigs sources', () => {
  it('sets topic configs; describeConfigs reports DYNAMIC_TOPIC_CONFIG and the broker synonyms in Kafka order', async () => {
    await createTopic('legacy');
    await withKafkajsAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: TOPIC,
            name: 'legacy',
            configEntries: [
              { name: 'retention.ms', value: '3600000' },
              { name: 'segment.bytes', value: '1048576' },
            ],
          },
        ],
      }),
    );
    const configs = await describeTopic('legacy');
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '3600000',
      configSource: Source.TOPIC,
      // 이 브로커는 log.retention.hours=100으로 떴습니다: 그 값과 기본값 168이 뒤따르지만, 묻는 이름(log.retention.ms)보다
      // 앞에 오는 synonym은 버리므로(Kafka의 dropWhile) 토픽 값 하나만 남습니다.
      configSynonyms: [{ configName: 'retention.ms', configValue: '3600000', configSource: Source.TOPIC }],
    });
    expect(configs.get('segment.bytes')).toMatchObject({
      configValue: '1048576',
      configSynonyms: [
        { configName: 'segment.bytes', configValue: '1048576', configSource: Source.TOPIC },
        { configName: 'log.segment.bytes', configValue: String(1024 ** 3), configSource: Source.DEFAULT },
      ],
    });
    // 토픽이 정하지 않은 값은 브로커 설정에서: log.retention.hours=100 → 360000000ms
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'delete', configSource: Source.DEFAULT });
  });

  it('a second AlterConfigs without retention.ms deletes it (back to the broker value)', async () => {
    await withKafkajsAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: TOPIC, name: 'legacy', configEntries: [{ name: 'segment.bytes', value: '2097152' }] }],
      }),
    );
    const configs = await describeTopic('legacy');
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: String(100 * 3_600_000),
      configSource: Source.DEFAULT,
    });
    expect(configs.get('segment.bytes')?.configValue).toBe('2097152');
  });

  it('validateOnly checks and changes nothing', async () => {
    await withKafkajsAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: true,
        resources: [{ type: TOPIC, name: 'legacy', configEntries: [{ name: 'segment.bytes', value: '999999' }] }],
      }),
    );
    expect((await describeTopic('legacy')).get('segment.bytes')?.configValue).toBe('2097152');
  });

  it.each([
    ['an unknown key', 'legacy', 'no.such.config', '1', 'INVALID_CONFIG'],
    ['a value that is not a number', 'legacy', 'retention.ms', 'forever', 'INVALID_CONFIG'],
    ['an unknown topic', 'nope', 'retention.ms', '1000', 'UNKNOWN_TOPIC_OR_PARTITION'],
  ])('kafkajs sees the error for %s', async (_case, topic, name, value, type) => {
    const error = await withKafkajsAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: TOPIC, name: topic, configEntries: [{ name, value }] }],
      }),
    ).catch((e: unknown) => e);
    expect(errorType(error)).toBe(type);
  });

  it('a broker that is not this node: INVALID_REQUEST (the AlterConfigs v1 kafkajs sends, over a raw socket)', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      // kafkajs는 모르는 브로커 ID의 자원을 보낼 곳을 못 찾으므로, 같은 AlterConfigs v1을 날 소켓으로 보냅니다.
      const { responses } = await client.send<AlterResponse>(ApiKey.AlterConfigs, 1, {
        resources: [{ resourceType: BROKER, resourceName: '2', configs: [{ name: 'log.retention.ms', value: '1' }] }],
        validateOnly: false,
      });
      expect(responses[0]).toMatchObject({
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: 'Unexpected broker id, expected 1, but received 2',
      });
    } finally {
      client.close();
    }
  });
});

describe('DescribeConfigs rows (Kafka: ConfigHelper.describeConfigs)', () => {
  it('kafkajs describes this broker: dynamic configs are writable, static ones read-only, with their sources', async () => {
    const { resources } = await withKafkajsAdmin((admin) =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: BROKER, name: '1', configNames: ['log.retention.hours', 'min.insync.replicas', 'node.id'] },
        ],
      }),
    );
    const byName = new Map((resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
    expect(byName.get('log.retention.hours')).toMatchObject({
      configValue: '100',
      readOnly: true,
      configSource: Source.STATIC_BROKER,
    });
    expect(byName.get('min.insync.replicas')).toMatchObject({
      configValue: '1',
      readOnly: false,
      configSource: Source.DEFAULT,
    });
    expect(byName.get('node.id')).toMatchObject({ readOnly: true });
  });

  it.each([
    [BROKER, '2', ErrorCode.INVALID_REQUEST, 'Unexpected broker id, expected 1 or empty string, but received 2'],
    [BROKER, 'one', ErrorCode.INVALID_REQUEST, 'Broker id must be an integer, but it is: one'],
    [TOPIC, 'nope', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null],
  ])('resource type %i named %j: %i', async (resourceType, resourceName, errorCode, errorMessage) => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const { results } = await client.send<{ results: { errorCode: number; errorMessage: string | null }[] }>(
        ApiKey.DescribeConfigs,
        4,
        {
          resources: [{ resourceType, resourceName, configurationKeys: null }],
          includeSynonyms: false,
          includeDocumentation: false,
        },
      );
      expect(results[0]).toMatchObject({ errorCode, errorMessage });
    } finally {
      client.close();
    }
  });

  it('an empty configurationKeys list means every config, as null does', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const ask = (configurationKeys: string[] | null) =>
        client.send<{ results: { configs: unknown[] }[] }>(ApiKey.DescribeConfigs, 4, {
          resources: [{ resourceType: TOPIC, resourceName: 'legacy', configurationKeys }],
          includeSynonyms: false,
          includeDocumentation: false,
        });
      const all = (await ask(null)).results[0]?.configs.length;
      expect(all).toBeGreaterThan(10);
      expect((await ask([])).results[0]?.configs.length).toBe(all);
    } finally {
      client.close();
    }
  });
});

describe('IncrementalAlterConfigs through @platformatic/kafka', () => {
  it('SET, DELETE, APPEND and SUBTRACT on a topic', async () => {
    await createTopic('incremental', [{ name: 'retention.ms', value: '60000' }]);
    await withPlatformatic(async (admin) => {
      await admin.incrementalAlterConfigs({
        resources: [
          {
            resourceType: TOPIC,
            resourceName: 'incremental',
            configs: [
              { name: 'cleanup.policy', configOperation: Op.APPEND, value: 'compact' },
              { name: 'retention.ms', configOperation: Op.DELETE },
              { name: 'max.message.bytes', configOperation: Op.SET, value: '2000000' },
            ],
          },
        ],
      });
      const [described] = await admin.describeConfigs({
        resources: [
          {
            resourceType: TOPIC,
            resourceName: 'incremental',
            configurationKeys: ['cleanup.policy', 'retention.ms', 'max.message.bytes'],
          },
        ],
        includeSynonyms: true,
      });
      const byName = new Map(described?.configs.map((c) => [c.name, c]));
      // APPEND는 토픽에 값이 없으면 Kafka의 기본값(delete)에서 출발합니다.
      expect(byName.get('cleanup.policy')).toMatchObject({ value: 'delete,compact', configSource: Source.TOPIC });
      expect(byName.get('retention.ms')).toMatchObject({
        value: String(100 * 3_600_000),
        configSource: Source.DEFAULT,
      });
      expect(byName.get('max.message.bytes')).toMatchObject({ value: '2000000', configSource: Source.TOPIC });
      await admin.incrementalAlterConfigs({
        resources: [
          {
            resourceType: TOPIC,
            resourceName: 'incremental',
            configs: [{ name: 'cleanup.policy', configOperation: Op.SUBTRACT, value: 'delete' }],
          },
        ],
      });
    });
    expect((await describeTopic('incremental')).get('cleanup.policy')?.configValue).toBe('compact');
  });

  it('dynamic broker configs: cluster default and per-broker values, with their sources and synonyms', async () => {
    // 클러스터 기본값(이름 '')은 @platformatic/kafka가 보낼 곳을 정하지 못하므로(브로커 0을 찾습니다) 날 소켓으로 적습니다
    // (`kafka-configs.sh --entity-type brokers --entity-default`가 보내는 요청).
    await incrementalRaw([{ resourceType: BROKER, resourceName: '', configs: [set('log.retention.ms', '7200000')] }]);
    await withPlatformatic(async (admin) => {
      await admin.incrementalAlterConfigs({
        resources: [
          {
            resourceType: BROKER,
            resourceName: '1',
            configs: [{ name: 'log.retention.ms', configOperation: Op.SET, value: '3600000' }],
          },
        ],
      });
      const [node] = await admin.describeConfigs({
        resources: [
          {
            resourceType: BROKER,
            resourceName: '1',
            configurationKeys: ['log.retention.ms', 'log.retention.hours', 'log.dirs'],
          },
        ],
        includeSynonyms: true,
      });
      const byName = new Map(node?.configs.map((c) => [c.name, c]));
      expect(byName.get('log.retention.ms')).toMatchObject({
        value: '3600000',
        readOnly: false,
        configSource: Source.DYNAMIC_BROKER,
        synonyms: [
          { name: 'log.retention.ms', value: '3600000', source: Source.DYNAMIC_BROKER },
          { name: 'log.retention.ms', value: '7200000', source: Source.DYNAMIC_DEFAULT_BROKER },
          { name: 'log.retention.hours', value: '100', source: Source.STATIC_BROKER },
          { name: 'log.retention.hours', value: '168', source: Source.DEFAULT },
        ],
      });
      expect(byName.get('log.retention.hours')).toMatchObject({
        value: '100',
        readOnly: true,
        configSource: Source.STATIC_BROKER,
      });
      expect(byName.get('log.dirs')).toMatchObject({ readOnly: true, configSource: Source.STATIC_BROKER });
    });
    const client = await RawClient.connect(running.broker.port);
    try {
      const { results } = await client.send<{ results: { configs: unknown[] }[] }>(ApiKey.DescribeConfigs, 4, {
        resources: [{ resourceType: BROKER, resourceName: '', configurationKeys: null }],
        includeSynonyms: true,
        includeDocumentation: false,
      });
      // 클러스터 기본값 자원은 그 층에 정한 설정만, 그 층의 synonym만 보여 줍니다.
      expect(results[0]?.configs).toEqual([
        expect.objectContaining({
          name: 'log.retention.ms',
          value: '7200000',
          configSource: Source.DYNAMIC_DEFAULT_BROKER,
          synonyms: [{ name: 'log.retention.ms', value: '7200000', source: Source.DYNAMIC_DEFAULT_BROKER }],
        }),
      ]);
    } finally {
      client.close();
    }
    // 토픽은 브로커의 지금 값을 물려받습니다: 브로커만의 동적 값이 이깁니다.
    expect((await describeTopic('legacy')).get('retention.ms')).toMatchObject({
      configValue: '3600000',
      configSource: Source.DYNAMIC_BROKER,
    });
    await incrementalRaw([
      {
        resourceType: BROKER,
        resourceName: '',
        configs: [{ name: 'log.retention.ms', configOperation: Op.DELETE, value: null }],
      },
      {
        resourceType: BROKER,
        resourceName: '1',
        configs: [{ name: 'log.retention.ms', configOperation: Op.DELETE, value: null }],
      },
    ]);
    expect((await describeTopic('legacy')).get('retention.ms')?.configSource).toBe(Source.DEFAULT);
  });

  it('a user key on a broker is accepted as Kafka accepts plugin configs, and described as sensitive', async () => {
    const [answer] = await incrementalRaw([
      { resourceType: BROKER, resourceName: '1', configs: [set('my.plugin.secret', 's3cret')] },
    ]);
    expect(answer?.errorCode).toBe(ErrorCode.NONE);
    const described = await withPlatformatic((admin) =>
      admin.describeConfigs({
        resources: [{ resourceType: BROKER, resourceName: '1', configurationKeys: ['my.plugin.secret'] }],
      }),
    );
    expect(described[0]?.configs).toEqual([
      expect.objectContaining({
        name: 'my.plugin.secret',
        value: null,
        isSensitive: true,
        configSource: Source.DYNAMIC_BROKER,
      }),
    ]);
    await incrementalRaw([
      {
        resourceType: BROKER,
        resourceName: '1',
        configs: [{ name: 'my.plugin.secret', configOperation: Op.DELETE, value: null }],
      },
    ]);
  });

  it('validateOnly answers the checks and changes nothing', async () => {
    const answers = await incrementalRaw(
      [{ resourceType: TOPIC, resourceName: 'incremental', configs: [set('retention.ms', '1234')] }],
      true,
    );
    expect(answers).toEqual([{ errorCode: 0, errorMessage: null, resourceType: TOPIC, resourceName: 'incremental' }]);
    expect((await describeTopic('incremental')).get('retention.ms')?.configSource).toBe(Source.DEFAULT);
    const [bad] = await incrementalRaw(
      [{ resourceType: TOPIC, resourceName: 'incremental', configs: [set('retention.ms', 'x')] }],
      true,
    );
    expect(bad?.errorCode).toBe(ErrorCode.INVALID_CONFIG);
  });
});

describe("error rows with Kafka's messages (raw IncrementalAlterConfigs v1)", () => {
  it.each([
    [
      'unknown topic config',
      TOPIC,
      'incremental',
      [set('no.such.config', '1')],
      ErrorCode.INVALID_CONFIG,
      'Unknown topic config name: no.such.config',
    ],
    [
      'a Kafka topic config this broker does not implement',
      TOPIC,
      'incremental',
      [set('preallocate', 'true')],
      ErrorCode.INVALID_CONFIG,
      'Topic config preallocate exists in Kafka but this broker does not implement it',
    ],
    [
      'not a number',
      TOPIC,
      'incremental',
      [set('retention.ms', 'forever')],
      ErrorCode.INVALID_CONFIG,
      'Invalid value forever for configuration retention.ms: Not a number of type LONG',
    ],
    [
      'below the minimum',
      TOPIC,
      'incremental',
      [set('segment.bytes', '5')],
      ErrorCode.INVALID_CONFIG,
      'Invalid value 5 for configuration segment.bytes: Value must be at least 14',
    ],
    [
      'not one of the allowed strings',
      TOPIC,
      'incremental',
      [set('cleanup.policy', 'delete,shred')],
      ErrorCode.INVALID_CONFIG,
      'Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete',
    ],
    [
      'a ratio above 1',
      TOPIC,
      'incremental',
      [set('min.cleanable.dirty.ratio', '2')],
      ErrorCode.INVALID_CONFIG,
      'Invalid value 2.0 for configuration min.cleanable.dirty.ratio: Value must be no more than 1',
    ],
    [
      'APPEND to a topic config that is not a list',
      TOPIC,
      'incremental',
      [{ name: 'retention.ms', configOperation: Op.APPEND, value: '1' }],
      ErrorCode.INVALID_CONFIG,
      "Can't APPEND to key retention.ms because its type is not LIST.",
    ],
    [
      'an unknown topic',
      TOPIC,
      'nope',
      [set('retention.ms', '1')],
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      "The topic 'nope' does not exist.",
    ],
    [
      'an empty topic name',
      TOPIC,
      '',
      [set('retention.ms', '1')],
      ErrorCode.INVALID_REQUEST,
      'Default topic resources are not allowed.',
    ],
    ['an illegal topic name', TOPIC, 'bad name!', [set('retention.ms', '1')], ErrorCode.INVALID_TOPIC_EXCEPTION, null],
    [
      'a null value for SET',
      TOPIC,
      'incremental',
      [set('retention.ms', null)],
      ErrorCode.INVALID_REQUEST,
      'Null value not supported for : retention.ms',
    ],
    [
      'the same key twice',
      TOPIC,
      'incremental',
      [set('retention.ms', '1'), set('retention.ms', '2')],
      ErrorCode.INVALID_REQUEST,
      'Error due to duplicate config keys',
    ],
    [
      'an unknown operation',
      TOPIC,
      'incremental',
      [{ name: 'retention.ms', configOperation: 7, value: '1' }],
      ErrorCode.INVALID_REQUEST,
      'Unknown operations type 7',
    ],
    [
      'another broker id',
      BROKER,
      '2',
      [set('log.retention.ms', '1')],
      ErrorCode.INVALID_REQUEST,
      'Unexpected broker id, expected 1, but received 2',
    ],
    [
      'a broker name that is no id',
      BROKER,
      'one',
      [set('log.retention.ms', '1')],
      ErrorCode.INVALID_REQUEST,
      'Node id must be an integer, but it is: one',
    ],
    [
      'a static-only broker config',
      BROKER,
      '1',
      [set('log.dirs', '/tmp/x')],
      ErrorCode.INVALID_REQUEST,
      'Cannot update these configs dynamically: Set(log.dirs)',
    ],
    [
      'log.retention.hours (only log.retention.ms is dynamic)',
      BROKER,
      '',
      [set('log.retention.hours', '1')],
      ErrorCode.INVALID_REQUEST,
      'Cannot update these configs dynamically: Set(log.retention.hours)',
    ],
    [
      'a bad dynamic broker value (Kafka answers INVALID_REQUEST here, KAFKA-13609)',
      BROKER,
      '1',
      [set('log.retention.ms', 'soon')],
      ErrorCode.INVALID_REQUEST,
      'Invalid value soon for configuration log.retention.ms: Not a number of type LONG',
    ],
    [
      'APPEND to a broker config that is not a list',
      BROKER,
      '1',
      [{ name: 'log.retention.ms', configOperation: Op.APPEND, value: '1' }],
      ErrorCode.INVALID_CONFIG,
      'Config value append is not allowed for config key: log.retention.ms',
    ],
    ['an unknown resource type', 99, 'x', [set('a', '1')], ErrorCode.INVALID_REQUEST, 'Unknown resource type 99'],
    [
      'BROKER_LOGGER, which this broker does not implement',
      8,
      '1',
      [set('kafka.server', 'DEBUG')],
      ErrorCode.INVALID_REQUEST,
      'Resource type BROKER_LOGGER is not implemented by this broker',
    ],
  ])('%s', async (_case, resourceType, resourceName, configs, errorCode, errorMessage) => {
    const [answer] = await incrementalRaw([{ resourceType, resourceName, configs }]);
    expect(answer?.errorCode).toBe(errorCode);
    if (errorMessage !== null) expect(answer?.errorMessage).toBe(errorMessage);
  });

  it('the same resource twice: both answered INVALID_REQUEST; one bad resource does not stop the others', async () => {
    const answers = await incrementalRaw([
      { resourceType: TOPIC, resourceName: 'legacy', configs: [set('retention.ms', '1000')] },
      { resourceType: TOPIC, resourceName: 'legacy', configs: [set('retention.ms', '2000')] },
      { resourceType: TOPIC, resourceName: 'incremental', configs: [set('retention.ms', '123456')] },
      { resourceType: TOPIC, resourceName: 'nope', configs: [set('retention.ms', '1')] },
    ]);
    expect(answers.map((a) => [a.resourceName, a.errorCode, a.errorMessage])).toEqual([
      ['legacy', ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.'],
      ['legacy', ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.'],
      ['incremental', ErrorCode.NONE, null],
      ['nope', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'nope' does not exist."],
    ]);
    expect((await describeTopic('incremental')).get('retention.ms')?.configValue).toBe('123456');
  });

  it('the legacy API refuses null values', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const { responses } = await client.send<AlterResponse>(ApiKey.AlterConfigs, 2, {
        resources: [{ resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.ms', value: null }] }],
        validateOnly: false,
      });
      expect(responses[0]).toMatchObject({
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: 'Null value not supported for : retention.ms',
      });
    } finally {
      client.close();
    }
  });
});

// advanceClockUntil은 최대 10초 기다리고, 압축 점검은 그 사이 kcat을 여러 번 띄웁니다: 기본 5초보다 넉넉히.
describe('changes take effect on running logs', { timeout: 30_000 }, () => {
  it('retention.ms lowered: the next retention check deletes the old segments', async () => {
    await createTopic('shrink-by-time', [{ name: 'segment.bytes', value: '300' }]);
    await produceOneByOne('shrink-by-time', 10);
    expect(segments('shrink-by-time').length).toBeGreaterThan(2);
    await withPlatformatic((admin) =>
      admin.incrementalAlterConfigs({
        resources: [
          {
            resourceType: TOPIC,
            resourceName: 'shrink-by-time',
            configs: [{ name: 'retention.ms', configOperation: Op.SET, value: '1000' }],
          },
        ],
      }),
    );
    await advanceClockUntil(() => segments('shrink-by-time').length === 1);
    // 모두 지울 때는 빈 세그먼트를 새로 굴려 로그가 비지 않게 합니다: 로그 시작 = 로그 끝 = 10.
    expect(segments('shrink-by-time')).toEqual([{ base: 10, size: 0 }]);
    expect(await withKafkajsAdmin((admin) => admin.fetchTopicOffsets('shrink-by-time'))).toEqual([
      expect.objectContaining({ low: '10', high: '10' }),
    ]);
  });

  it('retention.bytes lowered: the oldest segments go until the rest still holds retention.bytes', async () => {
    await createTopic('shrink-by-size', [{ name: 'segment.bytes', value: '300' }]);
    await produceOneByOne('shrink-by-size', 12);
    const before = segments('shrink-by-size');
    await withKafkajsAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: TOPIC,
            name: 'shrink-by-size',
            configEntries: [
              { name: 'segment.bytes', value: '300' },
              { name: 'retention.bytes', value: '500' },
            ],
          },
        ],
      }),
    );
    await advanceClockUntil(() => segments('shrink-by-size').length < before.length);
    const after = segments('shrink-by-size');
    const total = after.reduce((sum, s) => sum + s.size, 0);
    expect(after.length).toBeLessThan(before.length);
    expect(total, 'what is left still holds retention.bytes').toBeGreaterThanOrEqual(500);
    expect(total - (after[0]?.size ?? 0), 'one more deletion would go below retention.bytes').toBeLessThan(500);
  });

  it('segment.bytes lowered: the next appends roll new segments', async () => {
    await createTopic('roll');
    await produceOneByOne('roll', 3);
    expect(segments('roll').length).toBe(1);
    await incrementalRaw([{ resourceType: TOPIC, resourceName: 'roll', configs: [set('segment.bytes', '200')] }]);
    await produceOneByOne('roll', 4);
    expect(segments('roll').length).toBeGreaterThanOrEqual(3);
  });

  it('cleanup.policy gains compact: the log cleaner compacts the closed segments', async () => {
    await createTopic('to-compact', [{ name: 'segment.bytes', value: '400' }]);
    await produceOneByOne('to-compact', 30, (i) => `key-${i % 3}`);
    const before = [...(await readAllWithKcat(running.bootstrap, 'to-compact')).values()].flat();
    expect(before).toHaveLength(30);
    await incrementalRaw([
      {
        resourceType: TOPIC,
        resourceName: 'to-compact',
        configs: [{ name: 'cleanup.policy', configOperation: Op.APPEND, value: 'compact' }],
      },
    ]);
    const count = async () => [...(await readAllWithKcat(running.bootstrap, 'to-compact')).values()].flat().length;
    await advanceClockUntil(async () => (await count()) < 30);
    const after = [...(await readAllWithKcat(running.bootstrap, 'to-compact')).values()].flat();
    expect(after.length).toBeLessThan(30);
    // 키마다 마지막 값은 남습니다.
    for (const key of ['key-0', 'key-1', 'key-2']) {
      expect(after.filter((r) => r.key === key).at(-1)?.value).toBe(before.filter((r) => r.key === key).at(-1)?.value);
    }
  });

  // 바꾼 설정이 실행 중인 로그에 듣는지는 max.message.bytes로 봅니다. 노드 하나(복제 계수 1)에서는 min.insync.replicas를
  // 올려도 acks=all이 거절되지 않아(최소 ISR = min(설정, 복제본 수), Kafka `Partition.effectiveMinIsr`) 보이는 효과가 없습니다.
  it('max.message.bytes lowered on a running topic: a larger batch gets MESSAGE_TOO_LARGE; deleting the override lets it in', async () => {
    await createTopic('guarded');
    await incrementalRaw([
      { resourceType: TOPIC, resourceName: 'guarded', configs: [set('max.message.bytes', '200')] },
    ]);
    const producer = kafka(running.bootstrap).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const refused = await producer
        .send({ topic: 'guarded', messages: [{ value: BIG_VALUE }] })
        .catch((e: unknown) => e);
      expect(errorType(refused)).toBe('MESSAGE_TOO_LARGE');
      await expect(producer.send({ topic: 'guarded', messages: [{ value: 'small' }] })).resolves.toHaveLength(1);
      await incrementalRaw([
        {
          resourceType: TOPIC,
          resourceName: 'guarded',
          configs: [{ name: 'max.message.bytes', configOperation: Op.DELETE, value: null }],
        },
      ]);
      await expect(producer.send({ topic: 'guarded', messages: [{ value: BIG_VALUE }] })).resolves.toHaveLength(1);
    } finally {
      await producer.disconnect();
    }
  });

  it('a dynamic broker message.max.bytes applies to topics without their own max.message.bytes', async () => {
    await createTopic('inherits');
    await createTopic('overrides', [{ name: 'max.message.bytes', value: '1048588' }]);
    await incrementalRaw([{ resourceType: BROKER, resourceName: '', configs: [set('message.max.bytes', '200')] }]);
    const producer = kafka(running.bootstrap).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const refused = await producer
        .send({ topic: 'inherits', messages: [{ value: BIG_VALUE }] })
        .catch((e: unknown) => e);
      expect(errorType(refused)).toBe('MESSAGE_TOO_LARGE');
      await expect(producer.send({ topic: 'overrides', messages: [{ value: BIG_VALUE }] })).resolves.toHaveLength(1);
    } finally {
      await producer.disconnect();
      await incrementalRaw([
        {
          resourceType: BROKER,
          resourceName: '',
          configs: [{ name: 'message.max.bytes', configOperation: Op.DELETE, value: null }],
        },
      ]);
    }
  });

  it('message.timestamp.type=LogAppendTime: the broker stamps its own time on the batches', async () => {
    await createTopic('stamped');
    await incrementalRaw([
      { resourceType: TOPIC, resourceName: 'stamped', configs: [set('message.timestamp.type', 'LogAppendTime')] },
    ]);
    const producer = kafka(running.bootstrap).producer();
    await producer.connect();
    let appendTime: number;
    try {
      const [meta] = await producer.send({ topic: 'stamped', messages: [{ value: 'old', timestamp: '1000' }] });
      appendTime = Number(meta?.logAppendTime);
    } finally {
      await producer.disconnect();
    }
    expect(appendTime).toBeGreaterThan(1000);
    const out = await kcat([
      '-b',
      running.bootstrap,
      '-C',
      '-t',
      'stamped',
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%T %s\n',
    ]);
    expect(out.trim()).toBe(`${appendTime} old`);
  });
});

it('configs survive a restart: topic and broker values come back from the metadata log and apply at once', async () => {
  const dir = tempDir();
  let broker = await startBroker({ KAFKA_NUM_PARTITIONS: '1' }, dir);
  try {
    const admin = kafka(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kept', numPartitions: 1 }] });
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: TOPIC, name: 'kept', configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      ],
    });
    await admin.disconnect();
    await incrementalRaw(
      [{ resourceType: BROKER, resourceName: '', configs: [set('message.max.bytes', '200')] }],
      false,
      broker.broker.port,
    );
    await broker.stop();

    broker = await startBroker({ KAFKA_NUM_PARTITIONS: '1' }, dir);
    expect((await describeTopic('kept', broker.bootstrap)).get('message.timestamp.type')).toMatchObject({
      configValue: 'LogAppendTime',
      configSource: Source.TOPIC,
    });
    const producer = kafka(broker.bootstrap).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const refused = await producer.send({ topic: 'kept', messages: [{ value: BIG_VALUE }] }).catch((e: unknown) => e);
      expect(errorType(refused), 'the cluster-default message.max.bytes=200 is back').toBe('MESSAGE_TOO_LARGE');
      const [meta] = await producer.send({ topic: 'kept', acks: 1, messages: [{ value: 'y', timestamp: '5' }] });
      expect(Number(meta?.logAppendTime), 'LogAppendTime is back').toBeGreaterThan(5);
    } finally {
      await producer.disconnect();
    }
  } finally {
    await broker.stop();
    removeDir(dir);
  }
}, 30_000);
