/**
 * 12장 끝에서 끝까지(아웃박스): 여러분의 placeOrder·relayOnce로 도는 주문 서비스와 applyOrderEvent로 도는 컨슈머를 진짜
 * 프로세스로 띄우고, 가장 나쁜 순간마다 `kill -9`로 죽입니다 (DB 커밋 뒤 · 보내기 전, 보낸 뒤 · 보냈다고 적기 전,
 * 처리한 뒤 · 오프셋 커밋 전). 다시 띄운 뒤 토픽(kcat)과 컨슈머의 SQLite 파일을 읽어 불변식을 봅니다:
 * 잃은 이벤트가 없고, 효과는 이벤트마다 한 번입니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kafka,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  startBroker,
  tempDir,
} from '../../../reference/test/e2e/support.js';
import { openConsumerDb } from '../src/outbox.js';
import { type App, caughtUp, exitWithin, killApp, startApp, waitFor } from './apps.js';

const ORDERS = 12;
const orderIds = Array.from({ length: ORDERS }, (_, i) => `order-${String(i + 1).padStart(3, '0')}`);

describe('12장 끝에서 끝까지: 아웃박스와 멱등 컨슈머', () => {
  let running: RunningBroker;
  let dir: string;
  const apps: App[] = [];
  beforeAll(async () => {
    running = await startBroker({ KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' });
    dir = tempDir('ch12-outbox-');
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: ['orders-a', 'orders-b'].map((topic) => ({ topic, numPartitions: 2 })) });
    await admin.disconnect();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map(killApp));
    await running?.stop();
    if (running) removeDir(running.dir);
    if (dir) removeDir(dir);
  });

  const app = (args: string[], crashAt?: string) => {
    const started = startApp(
      [...args, '--bootstrap', running.bootstrap, '--session-timeout', '6000'],
      crashAt ? { PATTERNS_CRASH_AT: crashAt } : {},
    );
    apps.push(started);
    return started;
  };
  const service = (topic: string, crashAt?: string) =>
    app(
      ['order-service', '--topic', topic, '--orders', String(ORDERS), '--db', path.join(dir, `${topic}.db`)],
      crashAt,
    );
  const eventIds = async (topic: string) =>
    [...(await readAllWithKcat(running.bootstrap, topic)).values()].flat().map((r) => JSON.parse(r.value).eventId);

  it('OutboxSurvivesCrashAfterCommit: DB에 주문을 커밋하고 보내기 전에 죽어도, 다시 뜬 서비스가 그 이벤트를 보내 하나도 잃지 않습니다', async () => {
    const first = service('orders-a', 'outbox:after-commit#5');
    expect(await exitWithin(first, 90_000), `다섯째 주문을 커밋한 뒤 죽어야 합니다:\n${first.output()}`).toBe(
      'SIGKILL',
    );
    expect((await eventIds('orders-a')).sort(), '죽기 전에 보낸 것: 넷째 주문까지').toEqual(
      orderIds.slice(0, 4).map((id) => `${id}:placed`),
    );

    const second = service('orders-a');
    expect(await exitWithin(second, 90_000), second.output()).toBe(0);
    expect(second.output(), '다시 뜬 서비스는 이미 받은 주문을 재시도로 봅니다').toContain(
      'order-005: 이미 있는 주문입니다',
    );
    expect((await eventIds('orders-a')).sort(), '모든 주문의 이벤트가 한 번씩').toEqual(
      orderIds.map((id) => `${id}:placed`),
    );
  }, 240_000);

  it('ConsumerAppliesEachEventOnce: 보낸 뒤 적기 전에 서비스가 죽어 이벤트가 겹치고, 컨슈머가 처리한 뒤 커밋 전에 죽어도, 효과는 주문마다 한 번입니다', async () => {
    const consumerDb = path.join(dir, 'consumer.db');
    const consumerArgs = ['order-consumer', '--topic', 'orders-b', '--db', consumerDb];
    const firstConsumer = app(consumerArgs, 'consumer:after-apply#3');

    const first = service('orders-b', 'outbox:after-send#2');
    expect(await exitWithin(first, 90_000), `두 번째로 보낸 뒤 죽어야 합니다:\n${first.output()}`).toBe('SIGKILL');
    const second = service('orders-b');
    expect(await exitWithin(second, 90_000), second.output()).toBe(0);

    const ids = await eventIds('orders-b');
    expect([...new Set(ids)].sort(), '잃은 이벤트가 없습니다').toEqual(orderIds.map((id) => `${id}:placed`));
    expect(ids.length, '보냈다고 적기 전에 죽었으니, 다시 보낸 이벤트가 토픽에 겹쳐 있습니다').toBeGreaterThan(ORDERS);

    expect(
      await exitWithin(firstConsumer, 90_000),
      `컨슈머는 셋째 이벤트를 처리하고 커밋하기 전에 죽어야 합니다:\n${firstConsumer.output()}`,
    ).toBe('SIGKILL');
    const consumer = app(consumerArgs);
    const client = kafka(running.bootstrap, 'chapter-12-outbox');
    await waitFor('컨슈머가 모든 이벤트를 커밋', () => caughtUp(client, 'order-consumer', 'orders-b'), 150_000, [
      consumer,
    ]);
    await killApp(consumer);
    expect(consumer.output(), '다시 온 이벤트는 걸러야 합니다').toContain(': duplicate');

    const db = openConsumerDb(consumerDb);
    try {
      expect(Number(db.get('SELECT count(*) AS n FROM processed_events')?.n)).toBe(ORDERS);
      const expected = new Map<string, { orders: number; amount: number }>();
      orderIds.forEach((_, i) => {
        const user = `user-${i % 4}`;
        const total = expected.get(user) ?? { orders: 0, amount: 0 };
        expected.set(user, { orders: total.orders + 1, amount: total.amount + 1000 + 100 * i });
      });
      expect(db.all('SELECT user_id, orders, amount FROM user_totals ORDER BY user_id')).toEqual(
        [...expected].sort().map(([user_id, t]) => ({ user_id, ...t })),
      );
    } finally {
      db.close();
    }
  }, 300_000);
});
