/**
 * 아웃박스(Outbox) 패턴과 멱등 컨슈머(12장): 주문 서비스가 DB에 쓴 것과 카프카에 낸 이벤트가 어긋나지 않게 합니다.
 *
 * 주문 서비스 (SQLite 파일 하나, node-sqlite3-wasm)
 *   placeOrder: 한 DB 트랜잭션 안에서 `orders`에 주문을, `outbox`에 "주문됨" 이벤트를 함께 적습니다. 카프카는 부르지 않습니다.
 *   릴레이(relayOnce): `outbox`에서 아직 보내지 않은 행을 순서대로 읽어 카프카에 보내고(acks=all), 보낸 **뒤에** 보냈다고 적습니다.
 *
 * 죽는 자리마다
 *   - DB 커밋 뒤 · 보내기 전: 이벤트는 `outbox`에 남아 있으니, 다시 뜬 릴레이가 보냅니다. 잃지 않습니다.
 *   - 보낸 뒤 · 보냈다고 적기 전: 다시 뜬 릴레이가 같은 이벤트를 또 보냅니다. 토픽에는 겹친 이벤트가 생깁니다
 *     (새 프로세스는 새 프로듀서 ID를 받으니 멱등 프로듀서도 이것은 막지 못합니다). 그래서 컨슈머가 거릅니다.
 *
 * 컨슈머 (자기 SQLite 파일)
 *   applyOrderEvent: 한 DB 트랜잭션 안에서 "이 이벤트 ID를 처리했다"는 행과 효과(사용자별 주문 수·합계)를 함께 적습니다.
 *   이미 처리한 ID면 아무것도 바꾸지 않습니다. 오프셋은 그 트랜잭션이 커밋된 뒤에 커밋합니다. 처리하고 오프셋을 커밋하기
 *   전에 죽으면 같은 이벤트가 다시 오지만, 처리 기록이 효과와 함께 남아 있으니 건너뜁니다.
 */
import type { Kafka } from 'kafkajs';
import sqlite from 'node-sqlite3-wasm';
import { failpoint } from './failpoint.js';

// node-sqlite3-wasm은 CommonJS 패키지라 Node의 ESM에서는 기본(default) import로 받아야 합니다.
const { Database } = sqlite;
type Database = InstanceType<typeof Database>;

export interface Order {
  readonly orderId: string;
  readonly userId: string;
  /** 주문 금액 (원). 0보다 커야 합니다 (`orders` 테이블의 CHECK) */
  readonly amount: number;
}

/** 토픽에 나가는 이벤트. eventId가 중복을 거르는 열쇠입니다. */
export interface OrderEvent {
  readonly eventId: string;
  readonly type: 'OrderPlaced';
  readonly order: Order;
}

/** 아직 보내지 않은 아웃박스 행 */
export interface OutboxRow {
  readonly seq: number;
  readonly event: OrderEvent;
}

/** 주문 서비스의 DB를 열고 테이블을 만듭니다. */
export function openOrderDb(file: string): Database {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS orders (
      order_id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      amount INTEGER NOT NULL CHECK (amount > 0)
    );
    CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL UNIQUE,
      payload TEXT NOT NULL,
      sent INTEGER NOT NULL DEFAULT 0
    );
  `);
  return db;
}

/** 컨슈머의 DB를 열고 테이블을 만듭니다: 처리한 이벤트 ID와, 그 효과인 사용자별 합계. */
export function openConsumerDb(file: string): Database {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS user_totals (
      user_id TEXT PRIMARY KEY,
      orders INTEGER NOT NULL,
      amount INTEGER NOT NULL
    );
  `);
  return db;
}

/** 주문의 "주문됨" 이벤트 ID: 같은 주문이면 언제나 같습니다. */
export function orderPlacedId(order: Order): string {
  return `${order.orderId}:placed`;
}

/**
 * 주문을 받습니다. 주문과 아웃박스 행을 한 트랜잭션으로 적고 true를, 이미 있는 주문(클라이언트의 재시도)이면 아무것도 쓰지 않고
 * false를 돌려줍니다. 어느 쪽이 실패하면(예: 금액이 0 이하) 둘 다 남지 않아야 합니다.
 */
export function placeOrder(db: Database, order: Order): boolean {
  // @exercise(12) placeOrder: 주문과 아웃박스 행을 한 트랜잭션(BEGIN … COMMIT)으로 쓰세요.
  //   이미 있는 주문이면 false. 중간에 오류가 나면 ROLLBACK하고 오류를 다시 던집니다. 이벤트는 { eventId, type: 'OrderPlaced', order }.
  db.exec('BEGIN IMMEDIATE');
  try {
    if (db.get('SELECT 1 FROM orders WHERE order_id = ?', order.orderId)) {
      db.exec('ROLLBACK');
      return false;
    }
    const event: OrderEvent = { eventId: orderPlacedId(order), type: 'OrderPlaced', order };
    db.run('INSERT INTO outbox (event_id, payload) VALUES (?, ?)', [event.eventId, JSON.stringify(event)]);
    db.run('INSERT INTO orders (order_id, user_id, amount) VALUES (?, ?, ?)', [
      order.orderId,
      order.userId,
      order.amount,
    ]);
    db.exec('COMMIT');
    return true;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  // @end
}

/** 아직 보내지 않은 아웃박스 행을 적힌 순서대로 많아야 `limit`개 */
export function pendingEvents(db: Database, limit = 100): OutboxRow[] {
  return db
    .all('SELECT seq, payload FROM outbox WHERE sent = 0 ORDER BY seq LIMIT ?', limit)
    .map((row) => ({ seq: Number(row.seq), event: JSON.parse(String(row.payload)) as OrderEvent }));
}

/** 이 행들을 보냈다고 적습니다. */
export function markSent(db: Database, seqs: readonly number[]): void {
  for (const seq of seqs) db.run('UPDATE outbox SET sent = 1 WHERE seq = ?', seq);
}

/**
 * 릴레이 한 바퀴: 보내지 않은 행을 `send`로 보내고, send가 성공한 뒤에만 보냈다고 적습니다. 보낸 행 수를 돌려줍니다.
 * send가 실패하면 아무것도 적지 않고 오류를 던집니다 (다음 바퀴에 다시 보냅니다).
 */
export async function relayOnce(db: Database, send: (events: OrderEvent[]) => Promise<void>): Promise<number> {
  // @exercise(12) relayOnce: pendingEvents를 send로 보내고, 성공한 뒤에 markSent로 적으세요. 없으면 0.
  //   순서를 바꾸면(적고 보내기) 그 사이에 죽을 때 이벤트를 잃습니다.
  const rows = pendingEvents(db);
  if (rows.length === 0) return 0;
  await send(rows.map((r) => r.event));
  markSent(
    db,
    rows.map((r) => r.seq),
  );
  return rows.length;
  // @end
}

/**
 * 컨슈머 쪽: 이벤트 하나를 효과(사용자별 주문 수·합계)에 반영합니다. 처리 기록과 효과를 한 트랜잭션으로 쓰고 'applied'를,
 * 이미 처리한 이벤트 ID면 아무것도 바꾸지 않고 'duplicate'를 돌려줍니다.
 */
export function applyOrderEvent(db: Database, event: OrderEvent): 'applied' | 'duplicate' {
  // @exercise(12) applyOrderEvent: 처리한 이벤트 ID(processed_events)와 효과(user_totals)를 한 트랜잭션으로 쓰세요.
  //   이미 있는 이벤트 ID면 'duplicate'. user_totals는 사용자마다 orders += 1, amount += 주문 금액입니다.
  db.exec('BEGIN IMMEDIATE');
  try {
    if (db.get('SELECT 1 FROM processed_events WHERE event_id = ?', event.eventId)) {
      db.exec('ROLLBACK');
      return 'duplicate';
    }
    db.run('INSERT INTO processed_events (event_id) VALUES (?)', event.eventId);
    db.run(
      `INSERT INTO user_totals (user_id, orders, amount) VALUES (?, 1, ?)
       ON CONFLICT (user_id) DO UPDATE SET orders = orders + 1, amount = amount + excluded.amount`,
      [event.order.userId, event.order.amount],
    );
    db.exec('COMMIT');
    return 'applied';
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  // @end
}

export interface OrderServiceOptions {
  readonly kafka: Kafka;
  readonly db: Database;
  readonly topic: string;
  /** 받을 주문들 (이미 있는 주문은 건너뜁니다: 재시도) */
  readonly orders: readonly Order[];
  readonly log?: (line: string) => void;
}

/**
 * 주문 서비스: 주문을 하나씩 받으며(DB 커밋), 릴레이가 아웃박스를 비울 때까지 카프카로 보냅니다.
 * 주문을 모두 받고 아웃박스가 비면 끝납니다.
 */
export async function runOrderService(options: OrderServiceOptions): Promise<void> {
  const { kafka, db, topic, orders, log = () => {} } = options;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = async (events: OrderEvent[]) => {
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({
        key: e.order.userId,
        value: JSON.stringify(e),
        headers: { 'event-id': e.eventId },
      })),
    });
    failpoint('outbox:after-send'); // 보냈고, 보냈다고 적기 전: 다시 뜨면 같은 이벤트를 또 보냅니다
  };
  for (const order of orders) {
    const placed = placeOrder(db, order);
    log(`${order.orderId}: ${placed ? '주문을 DB에 커밋했습니다' : '이미 있는 주문입니다 (재시도)'}`);
    if (placed) failpoint('outbox:after-commit'); // DB에는 있고 카프카에는 아직: 다시 뜬 릴레이가 보냅니다
    const sent = await relayOnce(db, send);
    if (sent > 0) log(`  릴레이: 이벤트 ${sent}개를 보냈습니다`);
  }
  for (let sent = await relayOnce(db, send); sent > 0; sent = await relayOnce(db, send)) {
    log(`  릴레이: 이벤트 ${sent}개를 보냈습니다`);
  }
  await producer.disconnect();
}

export interface OrderConsumerOptions {
  readonly kafka: Kafka;
  readonly db: Database;
  readonly topic: string;
  readonly groupId: string;
  readonly sessionTimeout?: number;
  readonly log?: (line: string) => void;
  readonly onCrash?: (error: Error) => void;
}

/** 멱등 컨슈머: 이벤트마다 applyOrderEvent(DB 커밋) → 오프셋 커밋. */
export async function startOrderConsumer(options: OrderConsumerOptions): Promise<{ stop(): Promise<void> }> {
  const { kafka, db, topic, groupId, log = () => {} } = options;
  const consumer = kafka.consumer({ groupId, sessionTimeout: options.sessionTimeout ?? 10_000, maxWaitTimeInMs: 200 });
  await consumer.connect();
  consumer.on(consumer.events.CRASH, ({ payload }) => options.onCrash?.(payload.error));
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const event = JSON.parse(String(message.value)) as OrderEvent;
      const result = applyOrderEvent(db, event);
      log(`partition ${partition} offset ${message.offset} ${event.eventId}: ${result}`);
      failpoint('consumer:after-apply'); // DB에는 반영했고 오프셋은 아직: 같은 이벤트가 다시 옵니다
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
    },
  });
  return { stop: () => consumer.disconnect() };
}
