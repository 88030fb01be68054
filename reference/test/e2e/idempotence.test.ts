/**
 * 멱등 프로듀서 (KIP-98): 같은 배치가 두 번 도착해도 로그에는 한 번만 남습니다.
 *
 * 테스트용 프록시가 kafkajs와 브로커 사이에서 Produce 요청마다 **같은 프레임을 두 번** 브로커에 보내고,
 * 첫 번째 응답은 버립니다 (응답을 잃은 프로듀서가 재전송한 것과 브로커 입장에서 같고, 프로듀서는 재전송의 답을 받습니다).
 * 브로커는 프록시 주소를 광고하므로 kafkajs의 모든 연결이 프록시를 지납니다.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DuplicatingProxy, startDuplicatingProxy } from './duplicating-proxy.js';
import { kafka, type RunningBroker, readAllWithKcat, removeDir, reservePort, startBroker } from './support.js';

let running: RunningBroker;
let proxy: DuplicatingProxy;
let proxyPort: number;

beforeAll(async () => {
  proxyPort = await reservePort();
  running = await startBroker({
    KAFKA_NUM_PARTITIONS: '1',
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${proxyPort}`,
  });
  proxy = await startDuplicatingProxy(proxyPort, () => running.broker.port);
});

afterAll(async () => {
  await proxy.close();
  await running.stop();
  removeDir(running.dir);
});

describe('idempotent producer', () => {
  it('writes a batch that arrives twice only once, with the offsets it first got', async () => {
    const bootstrap = `127.0.0.1:${proxyPort}`;
    const producer = kafka(bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const before = proxy.duplicated;
    const offsets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const [meta] = await producer.send({ topic: 'exactly-once', messages: [{ value: `m${i}` }, { value: `n${i}` }] });
      offsets.push(meta?.baseOffset ?? '');
    }
    await producer.disconnect();
    expect(proxy.duplicated - before, '프록시가 Produce를 정말 두 번씩 보냈는지').toBeGreaterThanOrEqual(20);
    const records = (await readAllWithKcat(bootstrap, 'exactly-once')).get(0) ?? [];
    expect(records.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => [`m${i}`, `n${i}`]).flat());
    expect(offsets).toEqual(Array.from({ length: 20 }, (_, i) => String(i * 2)));
  }, 30_000);

  it('remembers producer sequences across a broker restart (rebuilt from the log)', async () => {
    const bootstrap = `127.0.0.1:${proxyPort}`;
    const producer = kafka(bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'restart-seq', messages: [{ value: 'before' }] });
    // 같은 데이터 디렉터리로 다시 켭니다. 프로듀서는 같은 ID로 다음 시퀀스를 이어 보냅니다.
    await running.stop();
    expect(
      readdirSync(path.join(running.dir, 'restart-seq-0')),
      '깨끗하게 멈추면 프로듀서 상태 스냅숏을 남깁니다',
    ).toContain('00000000000000000001.snapshot');
    running = await startBroker(
      { KAFKA_NUM_PARTITIONS: '1', KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${proxyPort}` },
      running.dir,
    );
    await producer.send({ topic: 'restart-seq', messages: [{ value: 'after' }] });
    await producer.disconnect();
    const records = (await readAllWithKcat(bootstrap, 'restart-seq')).get(0) ?? [];
    expect(records.map((r) => r.value)).toEqual(['before', 'after']);
  }, 30_000);

  it('without idempotence the same duplication leaves duplicates (the proxy really resends)', async () => {
    const bootstrap = `127.0.0.1:${proxyPort}`;
    const producer = kafka(bootstrap).producer({ idempotent: false });
    await producer.connect();
    await producer.send({ topic: 'at-least-once', messages: [{ value: 'once?' }] });
    await producer.disconnect();
    const records = (await readAllWithKcat(bootstrap, 'at-least-once')).get(0) ?? [];
    expect(records.map((r) => r.value)).toEqual(['once?', 'once?']);
  }, 30_000);
});
