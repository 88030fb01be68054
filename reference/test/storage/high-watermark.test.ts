/**
 * 하이 워터마크의 한 가지 정의: 로그가 들고(`UnifiedLog.highWatermark`), 복제하는 로그는 `replication-offset-checkpoint`에
 * 저장했다가 다시 켤 때 읽습니다. Kafka `UnifiedLog.updateHighWatermark`/`maybeIncrementHighWatermark`,
 * `ReplicaManager.checkpointHighWatermarks`, `PartitionTest.testUseCheckpointToInitializeHighWatermark`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLICATION_OFFSET_CHECKPOINT_FILE } from '../../src/storage/checkpoint.js';
import { LogManager } from '../../src/storage/log-manager.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import { batchOf, fakeClock, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;

function manager(logDir: string, clock = fakeClock(T0)) {
  const logs = new LogManager({ logDir, now: clock.now });
  logs.startup();
  return logs;
}

describe('UnifiedLog의 하이 워터마크', () => {
  it('BareLogHighWatermarkIsLogEnd: 복제하지 않는 로그는 유일한 복제본이라 하이 워터마크가 곧 로그 끝입니다', () => {
    const log = UnifiedLog.open({ dir: tempDir(), topic: 't', partition: 0, now: fakeClock().now });
    log.appendAsLeader(batchOf(3, T0), 0);
    expect([log.isReplicated, log.highWatermark]).toEqual([false, 3]);
  });

  it('ReplicatedLogHighWatermarkMovesOnlyForward: 복제하는 로그는 리더가 올린 만큼이고, 내려가지 않습니다', () => {
    const log = UnifiedLog.open({ dir: tempDir(), topic: 't', partition: 0, now: fakeClock().now });
    log.appendAsLeader(batchOf(3, T0), 0);
    log.startReplication();
    expect(log.highWatermark).toBe(0);
    expect(log.maybeIncrementHighWatermark(2)).toBe(0);
    expect(log.maybeIncrementHighWatermark(1)).toBeNull();
    expect(log.highWatermark).toBe(2);
  });

  it('HighWatermarkBeyondLogEndIsInvariantViolation: 로그 끝을 넘는 하이 워터마크는 불변식 위반입니다', () => {
    const log = UnifiedLog.open({ dir: tempDir(), topic: 't', partition: 0, now: fakeClock().now });
    log.startReplication();
    expect(() => log.maybeIncrementHighWatermark(1)).toThrow(/beyond the log end offset/);
  });

  it('FollowerHighWatermarkClampedToLogRange: 팔로워가 받은 하이 워터마크는 로그 시작과 로그 끝 사이로 맞춥니다', () => {
    const log = UnifiedLog.open({ dir: tempDir(), topic: 't', partition: 0, now: fakeClock().now });
    log.appendAsLeader(batchOf(3, T0), 0);
    log.startReplication();
    expect(log.updateHighWatermark(10)).toBe(3);
    expect(log.updateHighWatermark(-5)).toBe(0);
  });

  it('LogStartOffsetPullsHighWatermarkUp: 로그 시작이 하이 워터마크를 넘으면 하이 워터마크도 따라 오릅니다', () => {
    const log = UnifiedLog.open({ dir: tempDir(), topic: 't', partition: 0, now: fakeClock().now });
    log.appendAsLeader(batchOf(5, T0), 0);
    log.startReplication();
    log.maybeIncrementHighWatermark(2);
    log.maybeIncrementLogStartOffset(2);
    expect(() => log.maybeIncrementLogStartOffset(4)).toThrow(/beyond the high watermark/);
    expect([log.logStartOffset, log.highWatermark]).toEqual([2, 2]);
  });
});

describe('replication-offset-checkpoint', () => {
  it('testUseCheckpointToInitializeHighWatermark: 종료 때 적은 하이 워터마크에서 다시 시작합니다', () => {
    const logDir = tempDir('logdir');
    const first = manager(logDir);
    const log = first.createLog('orders', 0);
    log.appendAsLeader(batchOf(5, T0), 0);
    log.startReplication();
    log.maybeIncrementHighWatermark(3);
    first.shutdown();
    expect(fs.readFileSync(path.join(logDir, REPLICATION_OFFSET_CHECKPOINT_FILE), 'utf8')).toBe('0\n1\norders 0 3\n');
    const reopened = manager(logDir).getLog('orders', 0) as UnifiedLog;
    expect(reopened.highWatermark).toBe(5); // 아직 복제하지 않는 로그: 로그 끝
    reopened.startReplication();
    expect(reopened.highWatermark).toBe(3);
  });

  it('CheckpointedHighWatermarkClampedToLogEnd: 체크포인트가 로그 끝보다 뒤면(잘린 뒤 죽음) 로그 끝으로 맞춥니다', () => {
    const logDir = tempDir('logdir');
    manager(logDir).createLog('orders', 0).appendAsLeader(batchOf(2, T0), 0);
    fs.writeFileSync(path.join(logDir, REPLICATION_OFFSET_CHECKPOINT_FILE), '0\n1\norders 0 100\n');
    const log = manager(logDir).getLog('orders', 0) as UnifiedLog;
    log.startReplication();
    expect(log.highWatermark).toBe(2);
  });

  it('TornHighWatermarkCheckpointStartsFromZero: 깨진 체크포인트는 없는 것으로 보고 0에서 다시 올립니다 (안전한 쪽)', () => {
    const logDir = tempDir('logdir');
    manager(logDir).createLog('orders', 0).appendAsLeader(batchOf(2, T0), 0);
    fs.writeFileSync(path.join(logDir, REPLICATION_OFFSET_CHECKPOINT_FILE), '0\n2\norders 0 1\n');
    const log = manager(logDir).getLog('orders', 0) as UnifiedLog;
    log.startReplication();
    expect(log.highWatermark).toBe(0);
  });

  it('HighWatermarkCheckpointOnSchedule: tick은 replica.high.watermark.checkpoint.interval.ms(5초)마다 씁니다', () => {
    const logDir = tempDir('logdir');
    const logs = manager(logDir);
    const file = path.join(logDir, REPLICATION_OFFSET_CHECKPOINT_FILE);
    const log = logs.createLog('orders', 0);
    log.appendAsLeader(batchOf(2, T0), 0);
    log.startReplication();
    log.maybeIncrementHighWatermark(1);
    logs.tick(T0 + 4_999);
    expect(fs.existsSync(file)).toBe(false);
    logs.tick(T0 + 5_000);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n1\norders 0 1\n');
  });

  it('NoReplicatedLogsNoCheckpoint: 복제하는 로그가 없으면 파일을 쓰지 않습니다 (Kafka도 파티션이 있는 디렉터리만)', () => {
    const logDir = tempDir('logdir');
    const logs = manager(logDir);
    logs.createLog('orders', 0).appendAsLeader(batchOf(2, T0), 0);
    logs.shutdown();
    expect(fs.existsSync(path.join(logDir, REPLICATION_OFFSET_CHECKPOINT_FILE))).toBe(false);
  });

  it('DeletedTopicForgetsCheckpointedHighWatermark: 지운 토픽을 같은 이름으로 다시 만들면 옛 하이 워터마크를 믿지 않습니다', () => {
    const logDir = tempDir('logdir');
    const first = manager(logDir);
    const old = first.createLog('orders', 0);
    old.appendAsLeader(batchOf(5, T0), 0);
    old.startReplication();
    old.maybeIncrementHighWatermark(5);
    first.shutdown();
    const second = manager(logDir);
    second.deleteLog('orders', 0);
    const fresh = second.createLog('orders', 0);
    fresh.appendAsLeader(batchOf(3, T0), 0);
    fresh.startReplication();
    expect(fresh.highWatermark).toBe(0);
  });
});
