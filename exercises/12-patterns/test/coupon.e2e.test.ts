/**
 * 12장 끝에서 끝까지(쿠폰): 여러분의 몫·장부로 도는 발급기를 진짜 프로세스로 띄우고, 여러 클라이언트가 동시에 요청을
 * 보내는 동안 발급기를 가장 나쁜 순간(발급 기록을 쓴 뒤 · 커밋하기 전)에 `kill -9`로 죽입니다. 새 발급기가 이어받은 뒤
 * `coupon-issued`를 kcat으로 읽어 불변식을 봅니다: 사용자마다 쿠폰은 많아야 하나, 모두 합쳐 재고와 같습니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { describe, expect, it } from 'vitest';
import { kafka, readAllWithKcat, removeDir, startBroker } from '../../../reference/test/e2e/support.js';
import { type App, caughtUp, exitWithin, killApp, startApp, waitFor } from './apps.js';

const STOCK = 30;
const USERS = 60;
const PARTITIONS = 3;

describe('12장 끝에서 끝까지: 선착순 쿠폰', () => {
  it('CouponSurvivesCrashAfterSend: 발급 기록을 쓰고 커밋하기 전에 죽어도, 다시 온 요청에 쿠폰을 또 주지 않고 재고만큼만 줍니다', async () => {
    const running = await startBroker({ KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' });
    const client = kafka(running.bootstrap, 'chapter-12-coupon');
    const apps: App[] = [];
    const issuer = (crashAt?: string) => {
      const app = startApp(
        ['coupon', '--bootstrap', running.bootstrap, '--stock', String(STOCK), '--session-timeout', '6000'],
        crashAt ? { PATTERNS_CRASH_AT: crashAt } : {},
      );
      apps.push(app);
      return app;
    };
    try {
      const admin = client.admin();
      await admin.connect();
      await admin.createTopics({
        topics: ['coupon-requests', 'coupon-issued'].map((topic) => ({ topic, numPartitions: PARTITIONS })),
      });
      await admin.disconnect();

      // 첫 발급기는 처음으로 발급 기록을 쓴 직후, 커밋하기 전에 죽습니다.
      const first = issuer('coupon:after-send');
      await waitFor('첫 발급기가 시작', () => first.output().includes('시작했습니다'), 60_000, [first]);

      // 클라이언트 넷이 동시에: 사용자마다 요청, 같은 요청의 재시도, 같은 사용자의 새 요청. 키는 사용자 ID입니다.
      const users = Array.from({ length: USERS }, (_, i) => `user-${String(i).padStart(3, '0')}`);
      const requests = users.flatMap((u) => [
        { userId: u, requestId: `${u}-a` },
        { userId: u, requestId: `${u}-a` },
        { userId: u, requestId: `${u}-b` },
      ]);
      await Promise.all(
        [0, 1, 2, 3].map(async (c) => {
          const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
          await producer.connect();
          const mine = requests.filter((_, i) => i % 4 === c);
          for (let i = 0; i < mine.length; i += 5) {
            await producer.send({
              topic: 'coupon-requests',
              acks: -1,
              messages: mine.slice(i, i + 5).map((r) => ({ key: r.userId, value: JSON.stringify(r) })),
            });
          }
          await producer.disconnect();
        }),
      );

      expect(
        await exitWithin(first, 60_000),
        `첫 발급기는 실패 지점에서 SIGKILL로 죽어야 합니다:\n${first.output()}`,
      ).toBe('SIGKILL');
      expect(first.output()).toContain('failpoint coupon:after-send#1');

      // 둘이 이어받습니다. 하나는 두 번째로 발급 기록을 쓴 뒤에 또 죽습니다.
      issuer('coupon:after-send#2');
      const last = issuer();
      await waitFor('발급기가 모든 요청을 커밋', () => caughtUp(client, 'coupon-issuer', 'coupon-requests'), 150_000, [
        last,
      ]);

      const issued = [...(await readAllWithKcat(running.bootstrap, 'coupon-issued')).values()].flat();
      const byUser = new Map<string, number>();
      for (const r of issued) byUser.set(r.key, (byUser.get(r.key) ?? 0) + 1);
      const twice = [...byUser].filter(([, n]) => n > 1).map(([u]) => u);
      expect(twice, '쿠폰을 두 번 받은 사용자 (되살린 장부가 다시 온 요청을 막아야 합니다)').toEqual([]);
      expect(issued.length, '요청한 사용자가 재고보다 많으니, 발급 수는 정확히 재고와 같아야 합니다').toBe(STOCK);
      for (const r of issued) expect(users, r.key).toContain(r.key);
    } finally {
      await Promise.all(apps.map(killApp));
      await running.stop();
      removeDir(running.dir);
    }
  }, 240_000);
});
