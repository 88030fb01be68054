/**
 * 관리 API 4: 바꾼 토픽 설정이 실행 중인 로그에 곧바로 듣는지. `message.timestamp.type=LogAppendTime`이면 브로커가
 * 받은 시각이 레코드의 시각이 되고(Produce 응답의 logAppendTime과 같음), `max.message.bytes`를 내리면 다음 쓰기부터
 * 그보다 큰 배치가 MESSAGE_TOO_LARGE입니다. 벽시계 값은 대상마다 다르므로 "같은가"만 적습니다.
 * (`min.insync.replicas`는 여기서 쓰지 않습니다: 복제 계수 1에서는 올려도 최소 ISR이 복제본 수 1로 깎여 acks=all이
 * 그대로 들어가므로 보이는 효과가 없습니다. 그 답은 `min-isr` 시나리오가 봅니다.)
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { decodeBatches } from '../../../src/record/record-batch.js';
import { outcome } from '../context.js';
import { fetchOnce } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

/** 내린 max.message.bytes: 배치 헤더(61바이트)와 작은 레코드 하나는 들어갈 만큼 */
const MAX_MESSAGE_BYTES = 256;

export const configEffectsScenario: Scenario = {
  name: 'config-effects',
  title: '바꾼 토픽 설정이 실행 중인 로그에 듣기',
  needs: ONE_NODE,
  kafka: {
    answer: {
      logAppendTimeReturned: true,
      recordTimestampIsLogAppendTime: true,
      largeBatchAfterLoweringMaxMessageBytes: 'MESSAGE_TOO_LARGE',
    },
    source:
      'LogValidator (LOG_APPEND_TIME이면 batch.setMaxTimestamp(LOG_APPEND_TIME, now)); ' +
      'UnifiedLog.analyzeAndValidateRecords (바뀐 LogConfig의 maxMessageSize); 설정은 DynamicConfigPublisher → ' +
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

    await setTopicConfig('max.message.bytes', String(MAX_MESSAGE_BYTES));
    await ctx.waitFor('max.message.bytes', async () => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['max.message.bytes'] }],
      });
      return resources[0]?.configEntries[0]?.configValue === String(MAX_MESSAGE_BYTES) ? true : undefined;
    });
    const largeBatchAfterLoweringMaxMessageBytes = await outcome(() =>
      producer.send({ topic, acks: -1, messages: [{ partition: 0, value: 'x'.repeat(4 * MAX_MESSAGE_BYTES) }] }),
    );
    return {
      logAppendTimeReturned: logAppendTime > 1000,
      recordTimestampIsLogAppendTime: timestamp === logAppendTime,
      largeBatchAfterLoweringMaxMessageBytes,
    };
  },
};
