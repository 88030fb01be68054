/**
 * 로그 관리자: 로그 디렉터리 하나의 시작, 종료, 체크포인트, 토픽 삭제, 주기 작업.
 * 출처: Kafka `LogManager` (loadLogs, shutdown, checkpointLogStartOffsetsInDir, asyncDelete),
 * `CleanShutdownFileHandler`, `UnifiedLog.parseTopicPartitionName`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteDirName, parseTopicPartitionName } from '../../src/storage/log-files.js';
import { CLEAN_SHUTDOWN_FILE, LogManager, type LogManagerOptions } from '../../src/storage/log-manager.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import { batchOf, fakeClock, files, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;

function manager(logDir: string, options: Partial<LogManagerOptions> = {}): LogManager {
  return new LogManager({ logDir, now: fakeClock(T0).now, newUniqueId: () => 'f'.repeat(32), ...options });
}

function text(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

describe('파티션 디렉터리 이름', () => {
  it('ParsesTopicPartitionDirNames: 파티션 번호는 마지막 "-" 뒤입니다 (Kafka: UnifiedLog.parseTopicPartitionName)', () => {
    expect(parseTopicPartitionName('my-topic-name-12')).toEqual({ topic: 'my-topic-name', partition: 12 });
    expect(parseTopicPartitionName('__cluster_metadata-0')).toEqual({ topic: '__cluster_metadata', partition: 0 });
    expect(parseTopicPartitionName('orders-3.0123456789abcdef0123456789abcdef-delete')).toEqual({
      topic: 'orders',
      partition: 3,
    });
    for (const bad of ['orders', 'orders-', '-1', 'orders-x', 'orders-1-delete']) {
      expect(parseTopicPartitionName(bad), bad).toBeNull();
    }
    expect(deleteDirName('orders', 3, 'ab'.repeat(16))).toBe(`orders-3.${'ab'.repeat(16)}-delete`);
    expect(deleteDirName('t'.repeat(300), 0, 'c'.repeat(32))).toHaveLength(255);
  });
});

describe('LogManager', () => {
  it('CleanShutdownWritesMarkerAndCheckpoints: 종료하면 .kafka_cleanshutdown과 체크포인트 둘을 Kafka 형식으로 씁니다', () => {
    const logDir = tempDir('logdir');
    const logs = manager(logDir);
    logs.startup();
    const a = logs.createLog('my-topic-name', 12);
    const b = logs.createLog('orders', 0);
    for (let i = 0; i < 3; i++) a.appendAsLeader(batchOf(1, T0), 0);
    b.appendAsLeader(batchOf(5, T0), 0);
    b.maybeIncrementLogStartOffset(2); // DeleteRecords
    logs.shutdown(7);
    expect(files(logDir)).toEqual([
      CLEAN_SHUTDOWN_FILE,
      'log-start-offset-checkpoint',
      'my-topic-name-12',
      'orders-0',
      'recovery-point-offset-checkpoint',
    ]);
    expect(text(logDir, CLEAN_SHUTDOWN_FILE)).toBe('{"broker_epoch":"7","version":"0"}');
    expect(text(logDir, 'recovery-point-offset-checkpoint')).toBe('0\n2\nmy-topic-name 12 3\norders 0 5\n');
    // 로그 시작이 첫 세그먼트보다 뒤인 파티션만 적습니다 (Kafka: checkpointLogStartOffsetsInDir)
    expect(text(logDir, 'log-start-offset-checkpoint')).toBe('0\n1\norders 0 2\n');
  });

  it('StartupAfterCleanShutdownSkipsRecovery: 정상 종료 뒤에는 복구 없이 열고, 표시 파일을 지웁니다', () => {
    const logDir = tempDir('logdir');
    const first = manager(logDir);
    first.startup();
    first.createLog('orders', 0).appendAsLeader(batchOf(5, T0), 0);
    first.getLog('orders', 0)?.maybeIncrementLogStartOffset(2);
    first.shutdown();
    const second = manager(logDir);
    expect(second.startup()).toMatchObject({ hadCleanShutdown: true, logsLoaded: 1, segmentsRecovered: 0 });
    expect(fs.existsSync(path.join(logDir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    const log = second.getLog('orders', 0);
    expect(log?.logEndOffset).toBe(5);
    expect(log?.logStartOffset).toBe(2); // log-start-offset-checkpoint에서
    expect(log?.recoveryPoint).toBe(5);
  });

  it('StartupAfterCrashRecovers: 표시 파일이 없으면 복구 지점부터 로그를 복구합니다', () => {
    const logDir = tempDir('logdir');
    const first = manager(logDir);
    first.startup();
    first.createLog('orders', 0).appendAsLeader(batchOf(5, T0), 0);
    // shutdown 없이 멈춤 (kill -9)
    const second = manager(logDir);
    const stats = second.startup();
    expect(stats).toMatchObject({ hadCleanShutdown: false, logsLoaded: 1, segmentsRecovered: 1, bytesTruncated: 0 });
    expect(second.getLog('orders', 0)?.logEndOffset).toBe(5);
  });

  it('StartupSkipsNonPartitionDirsAndFinishesDeletes: 메타데이터 로그와 모르는 디렉터리는 건너뛰고 -delete 디렉터리는 마저 지웁니다', () => {
    const logDir = tempDir('logdir');
    for (const dir of ['__cluster_metadata-0', 'not_a_partition', 'orders-1', `orders-0.${'a'.repeat(32)}-delete`]) {
      fs.mkdirSync(path.join(logDir, dir));
    }
    fs.writeFileSync(path.join(logDir, 'meta.properties'), 'node.id=1\n');
    const logs = manager(logDir);
    expect(logs.startup()).toMatchObject({
      logsLoaded: 1,
      deletedDirsRemoved: 1,
      skippedDirs: expect.arrayContaining(['__cluster_metadata-0', 'not_a_partition']),
    });
    expect(logs.allLogs().map((l) => `${l.topic}/${l.partition}`)).toEqual(['orders/1']);
    expect(files(logDir)).toEqual(['__cluster_metadata-0', 'meta.properties', 'not_a_partition', 'orders-1']);
  });

  it('CorruptCheckpointMeansFullRecovery: 체크포인트가 깨졌으면 없는 것으로 보고 전부 복구합니다', () => {
    const logDir = tempDir('logdir');
    const first = manager(logDir);
    first.startup();
    first.createLog('orders', 0).appendAsLeader(batchOf(1, T0), 0);
    fs.writeFileSync(path.join(logDir, 'recovery-point-offset-checkpoint'), '9\ngarbage');
    const second = manager(logDir);
    expect(second.startup().segmentsRecovered).toBe(1);
  });

  it('DeleteLogRemovesDirectory: 토픽 삭제는 디렉터리를 -delete로 바꾼 뒤 지우고 체크포인트에서도 뺍니다', () => {
    const logDir = tempDir('logdir');
    const logs = manager(logDir);
    logs.startup();
    logs.createLog('orders', 0).appendAsLeader(batchOf(1, T0), 0);
    logs.createLog('payments', 0);
    expect(logs.deleteLog('orders', 0)).toBe(true);
    expect(logs.deleteLog('orders', 0)).toBe(false);
    expect(logs.getLog('orders', 0)).toBeUndefined();
    expect(files(logDir).filter((f) => !f.endsWith('checkpoint'))).toEqual(['payments-0']);
    expect(text(logDir, 'recovery-point-offset-checkpoint')).toBe('0\n1\npayments 0 0\n');
    expect(logs.createLog('orders', 0).logEndOffset).toBe(0); // 같은 이름으로 다시 만들면 빈 로그
  });

  it('TickRunsRetentionAndCheckpointsOnSchedule: tick은 30초 뒤부터, 보존은 5분마다, 체크포인트는 60초마다 합니다', () => {
    const logDir = tempDir('logdir');
    const clock = fakeClock(T0);
    const logs = manager(logDir, { now: clock.now });
    logs.startup();
    const log = logs.createLog('orders', 0, { segmentBytes: 100, retentionMs: 1000 });
    log.appendAsLeader(batchOf(1, T0), 0);
    log.appendAsLeader(batchOf(1, T0), 0); // 굴림: 세그먼트 0, 1
    expect(logs.tick(T0 + 29_999)).toBe(0);
    expect(fs.existsSync(path.join(logDir, 'recovery-point-offset-checkpoint'))).toBe(false);
    expect(logs.tick(T0 + 30_000)).toBe(2); // 둘 다 만료: 새 세그먼트를 굴리고 지웁니다
    expect(text(logDir, 'recovery-point-offset-checkpoint')).toBe('0\n1\norders 0 2\n');
    log.appendAsLeader(batchOf(1, T0 + 40_000), 0);
    log.appendAsLeader(batchOf(1, T0 + 40_000), 0);
    expect(logs.tick(T0 + 300_000)).toBe(0); // 다음 보존 검사는 30초 + 5분
    expect(logs.tick(T0 + 330_000)).toBe(2);
    expect(log.logStartOffset).toBe(4);
  });

  it('LifecycleIsEnforced: startup 전이나 shutdown 뒤에는 쓸 수 없습니다', () => {
    const logs = manager(tempDir('logdir'));
    expect(() => logs.createLog('orders', 0)).toThrow(/not running/);
    logs.startup();
    expect(() => logs.startup()).toThrow(/invalid LogManager transition/);
    logs.shutdown();
    expect(() => logs.tick(T0)).toThrow(/not running/);
  });
});

describe('프로세스가 죽어도', () => {
  it('AcknowledgedAppendsSurviveKill9: append가 돌아온 배치는 kill -9 뒤에도 모두 남습니다 (fsync 없이 페이지 캐시로)', () => {
    const dir = tempDir('kill9');
    const fixture = path.join(import.meta.dirname, 'fixtures', 'append-then-die.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, dir, '40'], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const acked = child.stdout.trim().split('\n');
    expect(acked).toHaveLength(40);
    expect(acked.at(-1)).toBe('acked 78');
    const log = UnifiedLog.open({ dir, topic: 'crash', partition: 0, now: () => T0, config: { segmentBytes: 1000 } });
    expect(log.logEndOffset).toBe(80);
    expect(log.loadStats.bytesTruncated).toBe(0);
    expect(log.numberOfSegments).toBeGreaterThan(1);
  }, 20_000);
});
