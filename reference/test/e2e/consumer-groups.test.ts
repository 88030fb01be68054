/**
 * 과정의 기준 시나리오를 노드 하나의 참조 브로커에서 돌립니다: 토픽 하나(파티션 3개), 컨슈머 그룹 둘
 * (MSA의 서비스 둘), 그룹마다 kafkajs 컨슈머 셋.
 *
 * 1. 키가 있는 메시지 10,000개: 그룹마다 모든 메시지를 정확히 한 번, 키마다 보낸 순서대로 받습니다.
 * 2. 한 그룹의 컨슈머 하나를 `kill -9`로 죽이면, 세션 타임아웃 안에 그 파티션이 남은 멤버에게 넘어갑니다.
 * 3. 브로커를 다시 켜면 두 그룹 모두 커밋한 오프셋부터 이어 읽습니다: 잃는 것도, 다시 읽는 것도 없습니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { kafka, killHard, type RunningBroker, removeDir, reservePort, startBroker, tempDir } from './support.js';

interface Received {
  readonly member: string;
  readonly partition: number;
  readonly key: string;
  readonly value: number;
}

const TOPIC = 'orders';
// kafkajs는 Fetch 롱 폴링(maxWaitTimeInMs)이 끝나야 하트비트를 보내므로, 세션 타임아웃은 그보다 넉넉해야 합니다.
const SESSION_TIMEOUT_MS = 10_000;
const MAX_WAIT_MS = 1000;
const env = { KAFKA_NUM_PARTITIONS: '3', KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '500' };

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}, 60_000);

async function startConsumer(client: Kafka, groupId: string, member: string, into: Received[]): Promise<Consumer> {
  const consumer = client.consumer({
    groupId,
    sessionTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: 500,
    maxWaitTimeInMs: MAX_WAIT_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      into.push({ member, partition, key: String(message.key), value: Number(String(message.value)) });
    },
  });
  cleanups.push(() => consumer.disconnect());
  return consumer;
}

function spawnConsumer(bootstrap: string, groupId: string, member: string, into: Received[]): ChildProcess {
  const script = path.join(import.meta.dirname, 'consumer-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, bootstrap, groupId, TOPIC], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const event = JSON.parse(line) as { type: string; partition: number; key: string; value: string };
      if (event.type === 'message') {
        into.push({ member, partition: event.partition, key: event.key, value: Number(event.value) });
      }
    }
  });
  cleanups.push(() => killHard(child));
  return child;
}

async function produce(client: Kafka, from: number, count: number): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  for (let start = from; start < from + count; start += 500) {
    const n = Math.min(500, from + count - start);
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: n }, (_, j) => ({ key: `user-${(start + j) % 97}`, value: String(start + j) })),
    });
  }
  await producer.disconnect();
}

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${timeoutMs}ms 안에 ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

/** 같은 키의 메시지는 같은 멤버가, 보낸 순서대로 받았는지 */
function expectPerKeyOrder(received: readonly Received[], label: string): void {
  const last = new Map<string, number>();
  for (const r of received) {
    expect(r.value, `${label}: 키 ${r.key}의 순서가 어긋났습니다`).toBeGreaterThan(last.get(r.key) ?? -1);
    last.set(r.key, r.value);
  }
}

/** 그룹들이 모두 Stable이고 멤버가 `members`명이 될 때까지 기다립니다 (kafkajs admin.describeGroups). */
async function waitForStableGroups(client: Kafka, groupIds: string[], members: number): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    const started = Date.now();
    for (;;) {
      const { groups } = await admin.describeGroups(groupIds);
      if (groups.every((g) => g.state === 'Stable' && g.members.length === members)) return;
      if (Date.now() - started > 30_000) throw new Error(`그룹이 멤버 ${members}명으로 안정되지 않았습니다`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

const values = (received: readonly Received[]) => received.map((r) => r.value);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('the seed architecture: 1 topic × 3 partitions, 2 groups × 3 consumers', () => {
  it('delivers every message once per group, moves a killed member’s partitions, and resumes after a broker restart', async () => {
    const dir = tempDir();
    const port = await reservePort();
    const listeners = { KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${port}` };
    let running: RunningBroker = await startBroker({ ...env, ...listeners }, dir);
    let client = kafka(running.bootstrap);
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
    await admin.disconnect();

    // 1. 그룹마다 컨슈머 셋: 주문 서비스(billing)의 하나는 자식 프로세스입니다.
    const billing: Received[] = [];
    const shipping: Received[] = [];
    const billingConsumers = [
      await startConsumer(client, 'billing', 'b1', billing),
      await startConsumer(client, 'billing', 'b2', billing),
    ];
    const child = spawnConsumer(running.bootstrap, 'billing', 'b3', billing);
    const shippingConsumers = await Promise.all(
      ['s1', 's2', 's3'].map((m) => startConsumer(client, 'shipping', m, shipping)),
    );
    // 세 멤버가 모두 들어와 그룹이 안정된 뒤에 보냅니다. 도중에 리밸런스가 일어나면, 처리했지만 아직 커밋하지
    // 못한 메시지를 새 주인이 다시 받습니다(at-least-once). 여기서는 "리밸런스가 없으면 정확히 한 번"을 봅니다.
    await waitForStableGroups(client, ['billing', 'shipping'], 3);
    await produce(client, 0, 10_000);
    await until(
      '두 그룹이 10,000개를 받지 못했습니다',
      () => billing.length >= 10_000 && shipping.length >= 10_000,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // 늦게 오는 중복이 있다면 보이도록
    for (const [label, received] of [
      ['billing', billing],
      ['shipping', shipping],
    ] as const) {
      expect(
        values(received).sort((a, b) => a - b),
        `${label}: 모든 메시지를 정확히 한 번`,
      ).toEqual(range(0, 10_000));
      expectPerKeyOrder(received, label);
      expect(new Set(received.map((r) => r.member)).size, `${label}: 세 멤버가 파티션을 나눠 받습니다`).toBe(3);
    }
    expect(new Set(billing.filter((r) => r.member === 'b3').map((r) => r.partition)).size).toBe(1);

    // 2. 자식 프로세스 컨슈머를 kill -9: 하트비트가 끊기고, 세션 타임아웃 뒤 그 파티션이 b1·b2에게 갑니다.
    await killHard(child);
    const killedAt = Date.now();
    await produce(client, 10_000, 600);
    const tookMs = await until(
      '죽은 멤버의 파티션이 넘어가지 않았습니다',
      () => new Set(billing.filter((r) => r.value >= 10_000).map((r) => r.value)).size === 600,
      SESSION_TIMEOUT_MS + 20_000,
    );
    expect(Date.now() - killedAt, `파티션이 넘어가는 데 ${tookMs}ms`).toBeLessThan(SESSION_TIMEOUT_MS + 10_000);
    expect(billing.filter((r) => r.value >= 10_000).every((r) => r.member !== 'b3')).toBe(true);
    await until('shipping이 새 메시지를 받지 못했습니다', () => shipping.length >= 10_600, 20_000);

    // 3. 컨슈머를 멈추고(커밋), 브로커를 다시 켜고, 새 컨슈머로 이어 읽습니다.
    for (const consumer of [...billingConsumers, ...shippingConsumers]) await consumer.disconnect();
    await running.stop();
    running = await startBroker({ ...env, ...listeners }, dir);
    client = kafka(running.bootstrap);
    await produce(client, 10_600, 400);
    const billingAfter: Received[] = [];
    const shippingAfter: Received[] = [];
    await Promise.all([
      ...['b1', 'b2', 'b3'].map((m) => startConsumer(client, 'billing', m, billingAfter)),
      ...['s1', 's2', 's3'].map((m) => startConsumer(client, 'shipping', m, shippingAfter)),
    ]);
    await until(
      '다시 켠 뒤 두 그룹이 새 메시지를 받지 못했습니다',
      () => billingAfter.length >= 400 && shippingAfter.length >= 400,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      values(billingAfter).sort((a, b) => a - b),
      'billing: 커밋한 곳부터, 새 메시지만',
    ).toEqual(range(10_600, 400));
    expect(
      values(shippingAfter).sort((a, b) => a - b),
      'shipping: 커밋한 곳부터, 새 메시지만',
    ).toEqual(range(10_600, 400));

    cleanups.push(async () => {
      await running.stop();
      removeDir(dir);
    });
  }, 180_000);
});
