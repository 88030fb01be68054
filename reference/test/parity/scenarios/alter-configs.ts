/**
 * 관리 API 3: AlterConfigs와 IncrementalAlterConfigs (`kafka-configs.sh --alter`, kafkajs `admin.alterConfigs`).
 * 낡은 AlterConfigs는 토픽의 동적 설정을 통째로 바꾸고(없는 것은 지움), IncrementalAlterConfigs는 적힌 것만 바꿉니다
 * (APPEND는 목록 타입에만). DescribeConfigs는 토픽이 정한 값의 출처를 DYNAMIC_TOPIC_CONFIG(1), 브로커만의 동적 값을
 * DYNAMIC_BROKER_CONFIG(2)로 보여 줍니다. 검사는 Kafka의 문장 그대로입니다.
 *
 * 대상이 여러 번 쓰는 클러스터일 수 있으므로 브로커 설정은 해가 없는 log.cleaner.backoff.ms만 바꾸고 끝에 되돌리며,
 * 동적이 아닌 설정은 validateOnly로만 보냅니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import type { RawClient } from '../../e2e/raw-client.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

const TOPIC = 2;
const BROKER = 4;
const SET = 0;
const DELETE = 1;
const APPEND = 2;

type Config = { name: string; configOperation: number; value: string | null };

async function incremental(
  client: RawClient,
  resourceType: number,
  resourceName: string,
  configs: Config[],
  validateOnly = false,
) {
  const response = await client.send<{ responses: { errorCode: number; errorMessage: string | null }[] }>(
    ApiKey.IncrementalAlterConfigs,
    1,
    { resources: [{ resourceType, resourceName, configs }], validateOnly },
  );
  const r = response.responses[0];
  if (!r) throw new Error('IncrementalAlterConfigs 응답에 자원이 없습니다');
  return { error: errorName(r.errorCode), message: r.errorMessage };
}

export const alterConfigsScenario: Scenario = {
  name: 'alter-configs',
  title: 'AlterConfigs·IncrementalAlterConfigs와 DescribeConfigs의 출처',
  needs: ONE_NODE,
  kafka: {
    answer: {
      afterAlterConfigs: { value: '3600000', source: 1 },
      legacyDeletesWhatItDoesNotName: true,
      appendCompact: 'delete,compact',
      validateOnlyChangesNothing: true,
      unknownKey: { error: 'INVALID_CONFIG', message: 'Unknown topic config name: no.such.config' },
      badValue: {
        error: 'INVALID_CONFIG',
        message: 'Invalid value soon for configuration retention.ms: Not a number of type LONG',
      },
      appendToNonList: {
        error: 'INVALID_CONFIG',
        message: "Can't APPEND to key retention.ms because its type is not LIST.",
      },
      unknownTopic: 'UNKNOWN_TOPIC_OR_PARTITION',
      staticBrokerConfig: {
        error: 'INVALID_REQUEST',
        message: 'Cannot update these configs dynamically: Set(log.dirs)',
      },
      dynamicBrokerConfig: { error: 'NONE', source: 2, readOnly: false },
    },
    source:
      'ConfigAdminManager.preprocess (브로커 자원: DynamicBrokerConfig.validate, 동적이 아니면 INVALID_REQUEST); ' +
      'ConfigurationControlManager.incrementalAlterConfigResource·legacyAlterConfigResource (APPEND는 LIST만, 낡은 API는 ' +
      '요청에 없는 설정을 지움) → ControllerConfigurationValidator → LogConfig.validate (ConfigException은 INVALID_CONFIG); ' +
      'ConfigHelper.createTopicConfigEntry·createBrokerConfigEntry (출처)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const admin = await ctx.admin();
    const describeTopic = async () => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: TOPIC, name: topic }],
      });
      return new Map((resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
    };
    // createTopics가 정한 min.insync.replicas를 남겨야 하므로 낡은 API에도 함께 적습니다.
    const alter = (entries: Record<string, string>) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: TOPIC,
            name: topic,
            configEntries: Object.entries({ 'min.insync.replicas': '1', ...entries }).map(([name, value]) => ({
              name,
              value,
            })),
          },
        ],
      });
    await alter({ 'retention.ms': '3600000' });
    const afterAlter = (await describeTopic()).get('retention.ms');
    await alter({ 'segment.ms': '86400000' });
    const afterLegacy = await describeTopic();

    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const brokerId = String(metadata?.partitions[0]?.leader);
    const client = await ctx.rawToLeader(topic, 0);
    await incremental(client, TOPIC, topic, [{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }]);
    const appendCompact = (await describeTopic()).get('cleanup.policy')?.configValue ?? null;
    await incremental(client, TOPIC, topic, [{ name: 'segment.ms', configOperation: SET, value: '1000' }], true);
    const validateOnlyChangesNothing = (await describeTopic()).get('segment.ms')?.configValue === '86400000';

    const set = (name: string, value: string) => [{ name, configOperation: SET, value }];
    const errors = {
      unknownKey: await incremental(client, TOPIC, topic, set('no.such.config', '1')),
      badValue: await incremental(client, TOPIC, topic, set('retention.ms', 'soon')),
      appendToNonList: await incremental(client, TOPIC, topic, [
        { name: 'retention.ms', configOperation: APPEND, value: '1' },
      ]),
      unknownTopic: (await incremental(client, TOPIC, ctx.name('missing'), set('retention.ms', '1'))).error,
      staticBrokerConfig: await incremental(client, BROKER, brokerId, set('log.dirs', '/tmp/nope'), true),
    };

    ctx.defer(() =>
      incremental(client, BROKER, brokerId, [{ name: 'log.cleaner.backoff.ms', configOperation: DELETE, value: null }]),
    );
    const changed = await incremental(client, BROKER, brokerId, set('log.cleaner.backoff.ms', '16000'));
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: BROKER, name: brokerId, configNames: ['log.cleaner.backoff.ms'] }],
    });
    const backoff = resources[0]?.configEntries[0];
    return {
      afterAlterConfigs: { value: afterAlter?.configValue ?? null, source: afterAlter?.configSource ?? null },
      legacyDeletesWhatItDoesNotName: afterLegacy.get('retention.ms')?.configSource !== 1,
      appendCompact,
      validateOnlyChangesNothing,
      ...errors,
      dynamicBrokerConfig: {
        error: changed.error,
        source: backoff?.configSource ?? null,
        readOnly: backoff?.readOnly ?? null,
      },
    };
  },
};
