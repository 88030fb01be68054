/**
 * 로그 설정: Kafka의 기본값, 토픽 설정 키, 브로커 설정 키.
 * 출처: Kafka `LogConfig`, `ServerLogConfigs` (Kafka 문서 "Topic-Level Configs", "Broker Configs").
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_CONFIG, logConfigFromTopicConfigs, resolveLogConfig } from '../../src/storage/log-config.js';

describe('로그 설정', () => {
  it('DefaultsMatchKafka: 기본값은 Kafka와 같습니다 (1 GiB 세그먼트, 7일, 4096바이트 간격, 1048588바이트 배치, 툼스톤 하루, 비율 0.5)', () => {
    expect(DEFAULT_LOG_CONFIG).toEqual({
      segmentBytes: 1_073_741_824,
      segmentMs: 604_800_000,
      segmentIndexBytes: 10_485_760,
      indexIntervalBytes: 4096,
      retentionMs: 604_800_000,
      retentionBytes: -1,
      maxMessageBytes: 1_048_588,
      cleanupPolicy: ['delete'],
      deleteRetentionMs: 86_400_000,
      minCleanableDirtyRatio: 0.5,
      minCompactionLagMs: 0,
      messageTimestampType: 'CreateTime',
    });
  });

  it('TopicConfigsOverride: 토픽 설정 키(retention.ms, cleanup.policy …)로 덮어씁니다', () => {
    const config = logConfigFromTopicConfigs({ 'retention.ms': '-1', 'cleanup.policy': 'compact,delete', other: 'x' });
    expect(config.retentionMs).toBe(-1);
    expect(config.cleanupPolicy).toEqual(['compact', 'delete']);
    expect(config.segmentBytes).toBe(DEFAULT_LOG_CONFIG.segmentBytes);
    expect(() => logConfigFromTopicConfigs({ 'segment.bytes': 'big' })).toThrow(/segment.bytes/);
  });

  it('CompactionConfigs: delete.retention.ms, min.cleanable.dirty.ratio(0~1의 실수), min.compaction.lag.ms', () => {
    const config = logConfigFromTopicConfigs({
      'delete.retention.ms': '1000',
      'min.cleanable.dirty.ratio': '0.01',
      'min.compaction.lag.ms': '5000',
    });
    expect(config).toMatchObject({ deleteRetentionMs: 1000, minCleanableDirtyRatio: 0.01, minCompactionLagMs: 5000 });
    for (const bad of ['1.5', '-0.1', '', 'half']) {
      expect(() => logConfigFromTopicConfigs({ 'min.cleanable.dirty.ratio': bad }), bad).toThrow(/min.cleanable/);
    }
  });

  it('UndefinedDoesNotEraseDefaults: undefined인 값은 기본값을 지우지 않습니다', () => {
    expect(resolveLogConfig(DEFAULT_LOG_CONFIG, { retentionMs: undefined }, { segmentBytes: 100 })).toMatchObject({
      retentionMs: DEFAULT_LOG_CONFIG.retentionMs,
      segmentBytes: 100,
    });
  });
});
