/**
 * 12장 앱을 프로세스 하나로 띄웁니다. 시험은 이 프로세스를 `kill -9`(또는 실패 지점, failpoint.ts)로 죽이고 다시 띄웁니다.
 *
 *   npx tsx reference/src/patterns/main.ts coupon --stock 30           선착순 쿠폰 발급기 (coupon-requests → coupon-issued)
 *   npx tsx reference/src/patterns/main.ts ranking --window-ms 60000   상품 랭킹 (product-clicks → ranking-changelog)
 *   npx tsx reference/src/patterns/main.ts order-service --db orders.db --orders 20   주문 서비스와 아웃박스 릴레이
 *   npx tsx reference/src/patterns/main.ts order-consumer --db consumer.db            멱등 주문 컨슈머
 *
 * 공통 옵션: `--bootstrap 127.0.0.1:9092`, `--session-timeout 10000`, `--group`. 판단과 진행은 표준 출력에 한 줄씩 찍습니다.
 * 환경 변수 `PATTERNS_CRASH_AT=이름#N`은 실패 지점에서 프로세스를 SIGKILL로 끝냅니다 (failpoint.ts).
 * SIGINT·SIGTERM을 받으면 그룹을 깨끗하게 떠납니다.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startCouponIssuer } from './coupon.js';
import { type Order, openConsumerDb, openOrderDb, runOrderService, startOrderConsumer } from './outbox.js';
import { startRanking } from './ranking.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    bootstrap: { type: 'string', default: '127.0.0.1:9092' },
    stock: { type: 'string', default: '100' },
    group: { type: 'string' },
    topic: { type: 'string', default: 'orders' },
    db: { type: 'string' },
    orders: { type: 'string', default: '20' },
    'window-ms': { type: 'string', default: '60000' },
    'session-timeout': { type: 'string', default: '10000' },
    quiet: { type: 'boolean', default: false },
  },
});
const [app] = positionals;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const kafka = new Kafka({
  clientId: `patterns-${app}-${process.pid}`,
  brokers: [values.bootstrap],
  logLevel: logLevel.NOTHING,
  retry: { retries: 10, initialRetryTime: 100 },
});
const log = values.quiet ? () => {} : (line: string) => console.log(line);

// 판단 코드의 예외는 kafkajs가 삼키고 컨슈머를 다시 띄우기만 하니, 여기서 보여 주고 끝냅니다.
const onCrash = (error: Error) => {
  console.error(`${app}: 멈췄습니다: ${error.stack ?? error.message}`);
  process.exit(1);
};
let running: { stop(): Promise<void> };
switch (app) {
  case 'coupon':
    running = await startCouponIssuer({
      kafka,
      groupId: values.group ?? 'coupon-issuer',
      requestsTopic: 'coupon-requests',
      issuedTopic: 'coupon-issued',
      stock: Number(values.stock),
      sessionTimeout: Number(values['session-timeout']),
      log,
      onCrash,
    });
    break;
  case 'ranking':
    running = await startRanking({
      kafka,
      groupId: values.group ?? 'ranking',
      clicksTopic: 'product-clicks',
      changelogTopic: 'ranking-changelog',
      windowMs: Number(values['window-ms']),
      sessionTimeout: Number(values['session-timeout']),
      log,
      onCrash,
    });
    break;
  case 'order-service': {
    // 정해진 주문 목록: 다시 띄우면 같은 주문을 다시 받습니다 (클라이언트의 재시도). 이미 있는 주문은 건너뜁니다.
    const orders: Order[] = Array.from({ length: Number(values.orders) }, (_, i) => ({
      orderId: `order-${String(i + 1).padStart(3, '0')}`,
      userId: `user-${i % 4}`,
      amount: 1000 + 100 * i,
    }));
    const db = openOrderDb(values.db ?? 'orders.db');
    await runOrderService({ kafka, db, topic: values.topic, orders, log });
    db.close();
    console.log('order-service: 주문을 모두 받았고 아웃박스가 비었습니다');
    process.exit(0);
    break;
  }
  case 'order-consumer': {
    const db = openConsumerDb(values.db ?? 'consumer.db');
    running = await startOrderConsumer({
      kafka,
      db,
      topic: values.topic,
      groupId: values.group ?? 'order-consumer',
      sessionTimeout: Number(values['session-timeout']),
      log,
      onCrash,
    });
    break;
  }
  default:
    console.error(`앱 이름을 주세요: coupon, ranking, order-service, order-consumer (받은 것: ${app ?? '없음'})`);
    process.exit(2);
}
console.log(`${app}: 시작했습니다 (pid ${process.pid})`);
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
