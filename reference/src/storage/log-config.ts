import { topicConfigDefs } from '../server/config-defs.js';
import { parseConfigValue } from '../server/config-values.js';

/**
 * 파티션 로그 하나의 설정. 토픽 설정(`segment.bytes`…)으로 토픽마다 바꿀 수 있고, 토픽에 없으면 브로커
 * 설정(`log.segment.bytes`…)을, 그것도 없으면 Kafka의 기본값을 씁니다. 이름과 기본값은 Kafka의 `LogConfig`와
 * 같습니다.
 */

export type CleanupPolicy = 'delete' | 'compact';
export type TimestampType = 'CreateTime' | 'LogAppendTime';

export interface LogConfig {
  /** 세그먼트 하나의 최대 바이트 수. 넘으면 새 세그먼트로 굴립니다. */
  readonly segmentBytes: number;
  /** 세그먼트의 첫 배치 뒤로 이 시간이 지나면 가득 차지 않아도 굴립니다. */
  readonly segmentMs: number;
  /** 인덱스 파일 하나의 최대 크기 */
  readonly segmentIndexBytes: number;
  /** 인덱스 항목 사이의 최소 바이트 수 (희소 인덱스의 간격) */
  readonly indexIntervalBytes: number;
  /** 이보다 오래된 세그먼트를 지웁니다. −1이면 시간으로는 지우지 않습니다. */
  readonly retentionMs: number;
  /** 파티션 크기가 이보다 크면 오래된 세그먼트부터 지웁니다. −1이면 크기로는 지우지 않습니다. */
  readonly retentionBytes: number;
  /** 배치 하나의 최대 바이트 수 */
  readonly maxMessageBytes: number;
  /** `delete`가 있으면 보존 정책으로 지우고, `compact`가 있으면 컴팩션(log-cleaner.ts)합니다. 둘 다 있을 수 있습니다. */
  readonly cleanupPolicy: readonly CleanupPolicy[];
  /** 컴팩션: 툼스톤(값이 null인 레코드)을 세그먼트의 가장 큰 타임스탬프부터 이만큼 더 남겨 둡니다. */
  readonly deleteRetentionMs: number;
  /** 컴팩션: 로그에서 더러운 부분(아직 컴팩션하지 않은 부분)의 비율이 이보다 커야 청소합니다. */
  readonly minCleanableDirtyRatio: number;
  /** 컴팩션: 가장 큰 타임스탬프가 이보다 최근인 세그먼트는 아직 청소하지 않습니다. */
  readonly minCompactionLagMs: number;
  /** `CreateTime`은 프로듀서가 정한 시각을 그대로, `LogAppendTime`은 브로커가 받은 시각을 레코드의 시각으로 씁니다. */
  readonly messageTimestampType: TimestampType;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_LOG_CONFIG: LogConfig = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  segmentIndexBytes: 10 * 1024 * 1024,
  indexIntervalBytes: 4096,
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
  maxMessageBytes: 1024 * 1024 + 12, // 1048588: 1 MiB + 배치 앞머리(LOG_OVERHEAD)
  cleanupPolicy: ['delete'],
  deleteRetentionMs: DAY_MS,
  minCleanableDirtyRatio: 0.5,
  minCompactionLagMs: 0,
  messageTimestampType: 'CreateTime',
};

/** 기본값 위에 덮어쓸 값들을 차례로 얹습니다. `undefined`인 값은 건너뜁니다 (기본값을 지우지 않게). */
export function resolveLogConfig(base: LogConfig, ...overrides: (Partial<LogConfig> | undefined)[]): LogConfig {
  const out: Record<string, unknown> = { ...base };
  for (const override of overrides) {
    for (const [key, value] of Object.entries(override ?? {})) if (value !== undefined) out[key] = value;
  }
  return out as unknown as LogConfig;
}

/**
 * 토픽 설정 키. 토픽이 정하지 않은 값은 브로커 설정(synonym)에서 물려받는데, 그 짝과 우선순위
 * (log.retention.ms > minutes > hours)는 server/config.ts가 한 곳에서 정합니다.
 */
export const LOG_CONFIG_KEYS: Readonly<Record<keyof LogConfig, { readonly topic: string }>> = {
  segmentBytes: { topic: 'segment.bytes' },
  segmentMs: { topic: 'segment.ms' },
  segmentIndexBytes: { topic: 'segment.index.bytes' },
  indexIntervalBytes: { topic: 'index.interval.bytes' },
  retentionMs: { topic: 'retention.ms' },
  retentionBytes: { topic: 'retention.bytes' },
  maxMessageBytes: { topic: 'max.message.bytes' },
  cleanupPolicy: { topic: 'cleanup.policy' },
  deleteRetentionMs: { topic: 'delete.retention.ms' },
  minCleanableDirtyRatio: { topic: 'min.cleanable.dirty.ratio' },
  minCompactionLagMs: { topic: 'min.compaction.lag.ms' },
  messageTimestampType: { topic: 'message.timestamp.type' },
};

/** 토픽 설정(`retention.ms` 등, CreateTopics/DescribeConfigs의 이름)으로 `base`를 덮어씁니다. */
export function logConfigFromTopicConfigs(
  configs: Readonly<Record<string, string | null | undefined>>,
  base: LogConfig = DEFAULT_LOG_CONFIG,
): LogConfig {
  return overlay(base, (field) => configs[LOG_CONFIG_KEYS[field].topic] ?? undefined);
}

function overlay(base: LogConfig, lookup: (field: keyof LogConfig) => string | undefined): LogConfig {
  const out: Record<string, unknown> = { ...base };
  for (const field of Object.keys(LOG_CONFIG_KEYS) as (keyof LogConfig)[]) {
    const value = lookup(field);
    if (value === undefined) continue;
    out[field] = parseField(field, value);
  }
  return out as unknown as LogConfig;
}

/** 값은 검사와 같은 함수로 읽습니다 (server/config-values.ts): 검사를 통과한 값은 로그도 읽을 수 있습니다. */
function parseField(field: keyof LogConfig, value: string): unknown {
  const name = LOG_CONFIG_KEYS[field].topic;
  const def = topicConfigDefs.find((d) => d.name === name);
  if (!def) throw new Error(`${name} is not a topic config`);
  return parseConfigValue(def, value);
}
