/**
 * 관리 API 4: 바꾼 토픽 설정이 실행 중인 로그에 곧바로 듣는지. `message.timestamp.type=LogAppendTime`이면 브로커가
 * 받은 시각이 레코드의 시각이 되고(Produce 응답의 logAppendTime과 같음), `min.insync.replicas`를 ISR보다 크게
 * 올리면 다음 acks=all 쓰기부터 NOT_ENOUGH_REPLICAS입니다. 벽시계 값은 대상마다 다르므로 "같은가"만 적습니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { decodeBatches } from '../../../src/record/record-batch.js';
import { outcome } from '../context.js';
import { fetchOnce } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

export const configEffectsScenario: Scenario = {
  name: 'config-effects',
  title: '바꾼 토픽 설정이 실행 중인 로그에 듣기',
  needs: ONE_NODE,
  kafka: {
    answer: {
      logAppendTimeReturned: true,
      recordTimestampIsLogAppendTime: true,
      acksAllAfterRaisingMinIsr: 'NOT_ENOUGH_REPLICAS',
    },
    source:
      'LogValidator (LOG_APPEND_TIME이면 batch.setMaxTimestamp(LOG_APPEND_TIME, now)); ' +
      'Partition.appendRecordsToLeader (바뀐 LogConfig의 minInSyncReplicas); 설정은 DynamicConfigPublisher → ' +
      'LogManager.updateTopicConfig로 실행 중인 로그에',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const admin = await ctx.admin();
    const setTopicConfig = (name: string, value: string) =>
      ctx.raw().then((client) =>
        client.send(ApiKey.IncrementalAlterConfigs, 1, {
          resources: [{ resourceType: 2, resourceName: topic, configs: [{ name, configOperation: 0, value }] }],
          validateOnly: false,
        }),
      );
    await setTopicConfig('message.timestamp.type', 'LogAppendTime');
    // 설정은 메타데이터로 브로커에 퍼지므로, DescribeConfigs가 새 값을 보일 때까지 기다립니다.
    await ctx.waitFor('message.timestamp.type', async () => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['message.timestamp.type'] }],
      });
      return resources[0]?.configEntries[0]?.configValue === 'LogAppendTime' ? true : undefined;
    });
    const producer = await ctx.producer({ retry: { retries: 0 } });
    const [meta] = await producer.send({
      topic,
      acks: -1,
      messages: [{ partition: 0, value: 'old', timestamp: '1000' }],
    });
    const logAppendTime = Number(meta?.logAppendTime);
    const { records } = await fetchOnce(await ctx.rawToLeader(topic, 0), topic, 0, 0);
    const timestamp = decodeBatches(records)[0]?.records[0]?.timestamp;

    await setTopicConfig('min.insync.replicas', '2');
    await ctx.waitFor('min.insync.replicas', async () => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }],
      });
      return resources[0]?.configEntries[0]?.configValue === '2' ? true : undefined;
    });
    const acksAllAfterRaisingMinIsr = await outcome(() =>
      producer.send({ topic, acks: -1, messages: [{ partition: 0, value: 'x' }] }),
    );
    return {
      logAppendTimeReturned: logAppendTime > 1000,
      recordTimestampIsLogAppendTime: timestamp === logAppendTime,
      acksAllAfterRaisingMinIsr,
    };
  },
};
