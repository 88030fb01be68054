/**
 * 12장 끝에서 끝까지(랭킹): 여러분의 RankingState로 도는 랭킹 컨슈머를 진짜 프로세스로 띄우고, 체인지로그에 쓰고 커밋하기
 * 전에 `kill -9`로 죽입니다. 다시 띄운 컨슈머는 압축 토픽(cleanup.policy=compact)인 체인지로그에서 집계를 되살려
 * 이어 세야 합니다. 마지막에는 로그 청소기가 체인지로그의 옛 값을 지운 뒤에도 되살린 순위가 정확한지 봅니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { describe, expect, it } from 'vitest';
import { kafka, readAllWithKcat, removeDir, startBroker } from '../../../reference/test/e2e/support.js';
import { RankingState } from '../src/ranking.js';
import { type App, caughtUp, exitWithin, killApp, startApp, waitFor } from './apps.js';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000;
const PRODUCTS = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'];

describe('12장 끝에서 끝까지: 실시간 상품 랭킹', () => {
  it('RankingRestoresFromChangelog: 체인지로그에 쓰고 커밋하기 전에 죽어도 두 번 세지 않고, 다시 켠 컨슈머가 압축된 체인지로그에서 순위를 되살립니다', async () => {
    // 로그 청소기가 0.2초마다 청소할 토픽을 찾습니다 (기본 15초).
    const running = await startBroker({
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_LOG_CLEANER_BACKOFF_MS: '200',
    });
    const client = kafka(running.bootstrap, 'chapter-12-ranking');
    const apps: App[] = [];
    const ranking = (crashAt?: string) => {
      const app = startApp(
        ['ranking', '--bootstrap', running.bootstrap, '--window-ms', String(MINUTE), '--session-timeout', '6000'],
        crashAt ? { PATTERNS_CRASH_AT: crashAt } : {},
      );
      apps.push(app);
      return app;
    };
    const expected = new Map<string, number>();
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    /** 창 `w`의 상품 p에 클릭 n개를, 한 번에 몇 개씩 나눠 보냅니다 */
    const click = async (w: number, counts: Record<string, number>) => {
      const messages = Object.entries(counts).flatMap(([p, n]) =>
        Array.from({ length: n }, (_, i) => ({ key: p, value: 'click', timestamp: String(T0 + w * MINUTE + i) })),
      );
      for (const [p, n] of Object.entries(counts)) expected.set(`${w}|${p}`, (expected.get(`${w}|${p}`) ?? 0) + n);
      for (let i = 0; i < messages.length; i += 7) {
        await producer.send({ topic: 'product-clicks', acks: -1, messages: messages.slice(i, i + 7) });
      }
    };
    const expectedTop = (w: number) =>
      PRODUCTS.map((p) => [p, expected.get(`${w}|${p}`) ?? 0] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 3)
        .map(([p, n]) => `${p}:${n}`)
        .join(' ');
    const lastTop = (app: App, w: number) =>
      app
        .output()
        .split('\n')
        .filter((l) => l.includes(`window ${T0 + w * MINUTE} top`))
        .map((l) => l.split(' top ')[1]);
    /**
     * 앱은 오프셋을 커밋한 뒤에 순위를 찍으므로, 커밋을 본 순간에는 마지막 줄이 아직 파이프에 있을 수 있습니다.
     * 기대한 순위가 찍히기를 잠시(10초까지) 기다립니다. 끝내 다르면 아래의 expect가 무엇이 찍혔는지 보여 줍니다.
     */
    const printed = (app: App, w: number) =>
      waitFor(`창 ${w}의 순위 출력`, () => lastTop(app, w).at(-1) === expectedTop(w), 10_000).catch(() => {});
    try {
      const admin = client.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic: 'product-clicks', numPartitions: 1 },
          {
            topic: 'ranking-changelog',
            numPartitions: 1,
            configEntries: [
              { name: 'cleanup.policy', value: 'compact' },
              // 1초가 지난 뒤의 쓰기는 새 세그먼트로: 청소기는 닫힌 세그먼트만 청소하니까요
              { name: 'segment.ms', value: '1000' },
              { name: 'min.cleanable.dirty.ratio', value: '0.01' },
            ],
          },
        ],
      });
      await producer.connect();

      const first = ranking('ranking:after-send');
      await click(0, { 'p-a': 9, 'p-b': 4, 'p-c': 6, 'p-d': 1 });
      await click(1, { 'p-b': 8, 'p-e': 3 });
      expect(
        await exitWithin(first, 90_000),
        `첫 배치를 체인지로그에 쓰고 커밋하기 전에 죽어야 합니다:\n${first.output()}`,
      ).toBe('SIGKILL');

      const second = ranking();
      await waitFor('랭킹이 모든 클릭을 커밋', () => caughtUp(client, 'ranking', 'product-clicks'), 150_000, [second]);
      expect(second.output(), '되살린 집계').toMatch(/체인지로그에서 집계를 되살렸습니다 \(키 [1-9]/);
      await printed(second, 0);
      expect(lastTop(second, 0).at(-1), '창 0의 순위 (다시 온 클릭을 두 번 세면 커집니다)').toBe(expectedTop(0));
      await printed(second, 1);
      expect(lastTop(second, 1).at(-1)).toBe(expectedTop(1));
      await killApp(second);

      // 죽은 사이에 온 클릭. 새 컨슈머는 체인지로그에서 되살린 수에 더해야 합니다.
      await click(1, { 'p-a': 2, 'p-e': 6 });
      const third = ranking();
      await waitFor('새 컨슈머가 새 클릭을 커밋', () => caughtUp(client, 'ranking', 'product-clicks'), 150_000, [
        third,
      ]);
      await printed(third, 1);
      expect(lastTop(third, 1).at(-1), '되살린 수 + 새 클릭').toBe(expectedTop(1));
      // 청소기는 활성 세그먼트를 건드리지 않고, 키의 최신 값도 닫힌 세그먼트에서만 찾습니다. 1초 뒤의 쓰기로
      // 세그먼트를 하나 더 닫아, 방금 쓴 값들이 옛 값을 지울 근거가 되게 합니다.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await click(1, { 'p-e': 1 });
      await waitFor('새 컨슈머가 마지막 클릭을 커밋', () => caughtUp(client, 'ranking', 'product-clicks'), 150_000, [
        third,
      ]);
      await printed(third, 1);
      expect(lastTop(third, 1).at(-1)).toBe(expectedTop(1));
      await killApp(third);

      // 체인지로그는 압축 토픽입니다: 청소기가 닫힌 세그먼트에서 키마다 마지막 값만 남기고 옛 값을 지웁니다 (오프셋에 빈자리).
      const [config] = (
        await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: 2, name: 'ranking-changelog', configNames: ['cleanup.policy'] }],
        })
      ).resources;
      expect(config?.configEntries[0]?.configValue).toBe('compact');
      const changelog = async () => (await readAllWithKcat(running.bootstrap, 'ranking-changelog')).get(0) ?? [];
      await waitFor(
        '로그 청소기가 체인지로그를 압축',
        async () => {
          const records = await changelog();
          return records.length < (records.at(-1)?.offset ?? 0) + 1;
        },
        60_000,
      );
      // 압축된 체인지로그만으로 되살린 순위가 정확합니다: 다음 컨슈머가 되살릴 상태입니다.
      const restored = new RankingState(MINUTE);
      for (const r of await changelog()) restored.restore(JSON.parse(r.value));
      for (const w of [0, 1]) {
        const top = restored.top(T0 + w * MINUTE, 3).map((c) => `${c.productId}:${c.count}`);
        expect(top.join(' '), `압축 뒤 창 ${w}`).toBe(expectedTop(w));
      }
      await admin.disconnect();
    } finally {
      await producer.disconnect();
      await Promise.all(apps.map(killApp));
      await running.stop();
      removeDir(running.dir);
    }
  }, 300_000);
});
