/**
 * 12장 단위 테스트(아웃박스): 주문과 아웃박스 행을 한 트랜잭션으로, 보낸 뒤에 적는 릴레이, 이벤트 ID로 거르는 컨슈머.
 * 임시 폴더의 진짜 SQLite 파일(node-sqlite3-wasm)을 씁니다. 테스트는 고치지 마세요.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'node-sqlite3-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyOrderEvent,
  type OrderEvent,
  openConsumerDb,
  openOrderDb,
  pendingEvents,
  placeOrder,
  relayOnce,
} from '../src/outbox.js';

const dirs: string[] = [];
const dbs: Database[] = [];
const fresh = (open: (file: string) => Database) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ch12-outbox-'));
  dirs.push(dir);
  const db = open(path.join(dir, 'app.db'));
  dbs.push(db);
  return db;
};
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.isOpen) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const order = (n: number, amount = 1000) => ({ orderId: `order-${n}`, userId: `user-${n % 2}`, amount });
const count = (db: Database, table: string) => Number(db.get(`SELECT count(*) AS n FROM ${table}`)?.n);

describe('12장 아웃박스: 주문 서비스와 멱등 컨슈머', () => {
  it('PlaceOrderWritesOutbox: 주문을 받으면 주문 행과 "주문됨" 이벤트 행이 함께 생기고, 같은 주문을 다시 받으면 아무것도 더 쓰지 않습니다', () => {
    const db = fresh(openOrderDb);
    expect(placeOrder(db, order(1))).toBe(true);
    expect(placeOrder(db, order(2, 2500))).toBe(true);
    expect(placeOrder(db, order(1)), '클라이언트의 재시도').toBe(false);
    expect(count(db, 'orders')).toBe(2);
    expect(pendingEvents(db).map((r) => r.event)).toEqual([
      { eventId: 'order-1:placed', type: 'OrderPlaced', order: order(1) },
      { eventId: 'order-2:placed', type: 'OrderPlaced', order: order(2, 2500) },
    ]);
    expect(db.inTransaction, '트랜잭션을 닫아야 합니다').toBe(false);
  });

  it('PlaceOrderIsAtomic: 주문을 쓰다 실패하면(금액 0) 아웃박스 행도 남지 않고, 오류는 호출한 쪽에 그대로 갑니다', () => {
    const db = fresh(openOrderDb);
    expect(() => placeOrder(db, order(1, 0))).toThrow(/CHECK/);
    expect(count(db, 'orders')).toBe(0);
    expect(count(db, 'outbox'), '주문 없이 이벤트만 나가면 안 됩니다').toBe(0);
    expect(db.inTransaction).toBe(false);
    expect(placeOrder(db, order(1)), '실패한 뒤에도 DB는 쓸 수 있어야 합니다').toBe(true);
  });

  it('RelayMarksAfterSend: 릴레이는 보낸 뒤에만 보냈다고 적습니다: 보내기가 실패하면 다음 바퀴에 같은 이벤트를 순서대로 다시 보냅니다', async () => {
    const db = fresh(openOrderDb);
    for (const n of [1, 2, 3]) placeOrder(db, order(n));
    const failing = async () => {
      throw new Error('브로커에 닿지 못했습니다');
    };
    await expect(relayOnce(db, failing)).rejects.toThrow('브로커에 닿지 못했습니다');
    expect(pendingEvents(db), '실패한 보내기는 보냈다고 적지 않습니다').toHaveLength(3);
    const sent: string[][] = [];
    const ok = async (events: OrderEvent[]) => {
      sent.push(events.map((e) => e.eventId));
    };
    expect(await relayOnce(db, ok)).toBe(3);
    expect(sent).toEqual([['order-1:placed', 'order-2:placed', 'order-3:placed']]);
    expect(await relayOnce(db, ok), '다 보냈으면 0').toBe(0);
    placeOrder(db, order(4));
    expect(await relayOnce(db, ok)).toBe(1);
    expect(sent[1]).toEqual(['order-4:placed']);
  });

  it('ConsumerAppliesOnce: 같은 이벤트가 두 번 와도 효과는 한 번이고, 처리 기록과 효과는 함께 남습니다', () => {
    const db = fresh(openConsumerDb);
    const event = (n: number, amount: number): OrderEvent => ({
      eventId: `order-${n}:placed`,
      type: 'OrderPlaced',
      order: order(n, amount),
    });
    expect(applyOrderEvent(db, event(1, 1000))).toBe('applied');
    expect(applyOrderEvent(db, event(3, 500))).toBe('applied');
    expect(applyOrderEvent(db, event(1, 1000)), '다시 온 이벤트').toBe('duplicate');
    expect(applyOrderEvent(db, event(2, 700))).toBe('applied');
    expect(db.all('SELECT user_id, orders, amount FROM user_totals ORDER BY user_id')).toEqual([
      { user_id: 'user-0', orders: 1, amount: 700 },
      { user_id: 'user-1', orders: 2, amount: 1500 },
    ]);
    expect(count(db, 'processed_events')).toBe(3);
    expect(db.inTransaction).toBe(false);
    // 효과를 쓰다 실패하면(새 사용자의 금액이 비어 NOT NULL 위반) 처리 기록도 남지 않아야, 고친 이벤트가 다시 올 때 반영됩니다
    const broken = { ...event(4, 0), order: { ...order(4), userId: 'user-new', amount: null as unknown as number } };
    expect(() => applyOrderEvent(db, broken), '효과를 쓰다 난 오류는 호출한 쪽에 그대로 갑니다').toThrow();
    expect(db.inTransaction, '실패한 트랜잭션은 되돌려 닫습니다').toBe(false);
    expect(count(db, 'processed_events'), '실패한 이벤트의 처리 기록').toBe(3);
    expect(applyOrderEvent(db, { ...broken, order: { ...broken.order, amount: 300 } })).toBe('applied');
  });
});
