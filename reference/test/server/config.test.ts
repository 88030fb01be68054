import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envToProperties, loadConfig, parseListener } from '../../src/server/config.js';

describe('broker config', () => {
  it('maps KAFKA_* variables the way the apache/kafka image does', () => {
    const props = envToProperties({
      KAFKA_NODE_ID: '2',
      KAFKA_LOG_RETENTION_MS: '1000',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT',
      KAFKA_CONFLUENT__SUPPORT___METRICS: 'x',
      KAFKA_HEAP_OPTS: '-Xmx1g',
      PATH: '/usr/bin',
    });
    expect(Object.fromEntries(props)).toEqual({
      'node.id': '2',
      'log.retention.ms': '1000',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT',
      'confluent_support-metrics': 'x',
    });
  });

  it('layers defaults < server.properties < environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    const file = path.join(dir, 'server.properties');
    writeFileSync(file, 'node.id=5\nnum.partitions=2\n# comment\nlog.dirs=/tmp/a,/tmp/b\n');
    const config = loadConfig({ file, env: { KAFKA_NUM_PARTITIONS: '3' } });
    expect(config.nodeId).toBe(5);
    expect(config.int('num.partitions')).toBe(3);
    expect(config.source('num.partitions')).toBe('env');
    expect(config.source('node.id')).toBe('file');
    expect(config.logDir).toBe('/tmp/a');
    expect(config.bool('auto.create.topics.enable')).toBe(true);
    expect(config.source('auto.create.topics.enable')).toBe('default');
  });

  it('derives retention from ms, then minutes, then hours like Kafka', () => {
    expect(loadConfig().logRetentionMs).toBe(168 * 3_600_000);
    expect(loadConfig({ env: { KAFKA_LOG_RETENTION_MINUTES: '2' } }).logRetentionMs).toBe(120_000);
    expect(loadConfig({ env: { KAFKA_LOG_RETENTION_MINUTES: '2', KAFKA_LOG_RETENTION_MS: '5' } }).logRetentionMs).toBe(
      5,
    );
    expect(
      loadConfig({ env: { KAFKA_LOG_RETENTION_MS: '5' } })
        .topicDefaults()
        .get('retention.ms'),
    ).toBe('5');
  });

  it('checks for preferred leaders every leader.imbalance.check.interval.seconds unless auto.leader.rebalance.enable=false', () => {
    expect(loadConfig().leaderImbalanceCheckIntervalMs).toBe(300_000);
    expect(
      loadConfig({ env: { KAFKA_LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS: '5' } }).leaderImbalanceCheckIntervalMs,
    ).toBe(5000);
    expect(
      loadConfig({ env: { KAFKA_AUTO_LEADER_REBALANCE_ENABLE: 'false' } }).leaderImbalanceCheckIntervalMs,
    ).toBeNull();
  });

  it('parses listeners and leaves the controller listener out of client listeners', () => {
    expect(parseListener('PLAINTEXT://127.0.0.1:9092')).toEqual({ name: 'PLAINTEXT', host: '127.0.0.1', port: 9092 });
    expect(parseListener('PLAINTEXT://:9092').host).toBe('');
    expect(parseListener('PLAINTEXT://[::1]:9092').host).toBe('::1');
    const config = loadConfig({ env: { KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093' } });
    expect(config.clientListeners.map((l) => l.name)).toEqual(['PLAINTEXT']);
    expect(() => parseListener('9092')).toThrow(/NAME:\/\/host:port/);
  });

  it('rejects a non-numeric number with the key in the message', () => {
    expect(() => loadConfig({ env: { KAFKA_NUM_PARTITIONS: 'three' } }).int('num.partitions')).toThrow(
      /num.partitions/,
    );
  });
});
