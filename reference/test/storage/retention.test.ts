/**
 * 보존 정책: 시간, 크기, 로그 시작 오프셋으로 오래된 세그먼트를 통째로 지웁니다.
 * 출처: Kafka `UnifiedLog.deleteOldSegments`, `deleteRetentionMsBreachedSegments`,
 * `deleteRetentionSizeBreachedSegments`, `LocalLog.deletableSegments`.
 */
import { describe, expect, it } from 'vitest';
import type { LogConfig } from '../../src/storage/log-config.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import { batchOf, fakeClock, files, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;

/** 세그먼트마다 78바이트 배치 2개 (segment.bytes 200). `timestamps[i]`는 오프셋 i의 타임스탬프. */
function logWith(timestamps: readonly number[], config: Partial<LogConfig> = {}) {
  const dir = tempDir();
  const log = UnifiedLog.open({
    dir,
    topic: 't',
    partition: 0,
    config: { segmentBytes: 200, ...config },
    now: fakeClock().now,
  });
  for (const ts of timestamps) log.appendAsLeader(batchOf(1, ts), 0);
  return { log, dir };
}

const logFiles = (dir: string) => files(dir).filter((f) => f.endsWith('.log'));

describe('보존 정책 (retention)', () => {
  it('RetentionByTimeDeletesOldSegments: 가장 큰 타임스탬프가 retention.ms보다 오래된 세그먼트를 지우고 로그 시작을 옮깁니다', () => {
    const { log, dir } = logWith([T0, T0 + 1, T0 + 1000, T0 + 1001, T0 + 5000], { retentionMs: 2000 });
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expect(log.deleteOldSegments(T0 + 3001)).toBe(1); // 세그먼트 0만: 3000 > 2000, 세그먼트 2는 2000 (같으면 남김)
    expect(log.deleteOldSegments(T0 + 3002)).toBe(1);
    expect(log.logStartOffset).toBe(4);
    expect(logFiles(dir)).toEqual(['00000000000000000004.log']);
    expect(files(dir)).not.toContain('00000000000000000000.index');
  });

  it('RetentionOfEverythingRollsFirst: 활성 세그먼트까지 모두 만료되면 빈 세그먼트를 먼저 굴려 로그가 비지 않게 합니다', () => {
    const { log, dir } = logWith([T0, T0 + 1, T0 + 2], { retentionMs: 1000 });
    expect(log.deleteOldSegments(T0 + 10_000)).toBe(2);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([3]);
    expect(log.logStartOffset).toBe(3);
    expect(log.logEndOffset).toBe(3);
    expect(logFiles(dir)).toEqual(['00000000000000000003.log']);
    expect(log.deleteOldSegments(T0 + 20_000)).toBe(0); // 비어 있는 마지막 세그먼트는 지우지 않습니다
    expect(log.appendAsLeader(batchOf(1, T0 + 20_000), 0).baseOffset).toBe(3);
  });

  it('RetentionBySizeKeepsAtLeastRetentionBytes: 크기가 retention.bytes를 넘으면 넘는 만큼만 오래된 세그먼트부터 지웁니다', () => {
    // 세그먼트 0, 2, 4: 156바이트씩, 세그먼트 6: 78바이트 = 546바이트
    const { log } = logWith([T0, T0, T0, T0, T0, T0, T0], { retentionBytes: 300, retentionMs: -1 });
    expect(log.size).toBe(546);
    expect(log.deleteOldSegments(T0)).toBe(1); // 초과 246: 156을 지우면 90이 남고, 다음 156은 못 지웁니다
    expect(log.size).toBe(390);
    expect(log.logStartOffset).toBe(2);
    expect(log.deleteOldSegments(T0)).toBe(0);
  });

  it('RetentionNeverPassesHighWatermark: 지우면 로그 시작이 하이 워터마크를 넘는 세그먼트는 남깁니다', () => {
    const { log } = logWith([T0, T0, T0, T0, T0], { retentionMs: 1000 });
    expect(log.deleteOldSegments(T0 + 10_000, 3)).toBe(1); // 세그먼트 2를 지우면 로그 시작이 4가 됩니다 > 3
    expect(log.logStartOffset).toBe(2);
  });

  it('RetentionMsMinusOneKeepsForever: retention.ms = −1이면 시간으로는 지우지 않습니다', () => {
    const { log } = logWith([T0, T0, T0], { retentionMs: -1 });
    expect(log.deleteOldSegments(T0 + 365 * 24 * 3600 * 1000)).toBe(0);
  });

  it('CompactPolicySkipsTimeAndSizeRetention: cleanup.policy=compact면 로그 시작 오프셋 규칙만 적용합니다', () => {
    const { log } = logWith([T0, T0, T0, T0, T0], { retentionMs: 1, retentionBytes: 1 });
    log.updateConfig({ cleanupPolicy: ['compact'] }); // 압축 토픽은 키 없는 레코드를 받지 않으므로 쓴 뒤에 바꿉니다
    expect(log.deleteOldSegments(T0 + 10_000)).toBe(0);
    log.maybeIncrementLogStartOffset(2);
    expect(log.deleteOldSegments(T0 + 10_000)).toBe(1);
  });
});
