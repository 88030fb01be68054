/**
 * 7장 끝에서 끝까지 테스트: 브로커의 그룹 코디네이터가 여러분의 offset-store.ts와 offsets-topic.ts로 돕니다. 커밋을
 * partitionForGroup이 고른 `__consumer_offsets` 파티션에 쓰고, 쓴 레코드를 replay로 적용하고, 1초마다 expiredRecords로
 * 보존 기간이 지난 커밋을 찾습니다. kafkajs 컨슈머가 그 브로커에 커밋하고, 브로커가 `__consumer_offsets`에 쓴 진짜 레코드를
 * 여러분의 replay로 다시 되살려 본 뒤, 새 컨슈머가 여러분의 resolve로 정한 자리에서 이어 읽습니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(offset-commit.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { spawn } from 'node:child_process';
import type { EachMessagePayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafka, removeDir, startBroker } from '../../../reference/test/e2e/support.js';
import { OffsetStore } from '../src/offset-store.js';
import { OffsetTracker } from '../src/offset-tracker.js';
import { partitionForGroup } from '../src/offsets-topic.js';
import { replayRaw } from './helpers.js';

// 이 장의 테스트에서는 브로커가 reference/src/group의 offset-store와 offsets-topic을 가져오는 자리에서 여러분의 파일(src/)을
// 가져옵니다 (course/resolve.ts). 브로커는 연습 문제를 모릅니다.

describe('7장 끝에서 끝까지', () => {
  it('KafkaJsCommitsAndResumes: kafkajs 컨슈머가 커밋한 자리를 여러분의 저장소가 되살리고, 새 컨슈머가 거기서 이어 읽습니다', async () => {
    let yourError: unknown;
    const yours = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (error) {
        yourError ??= error;
        throw error;
      }
    };
    // 오프셋 보존 검사를 기본 10분 대신 1초마다: 첫 컨슈머가 떠나 그룹이 빈 동안에도 여러분의 expiredRecords가 불립니다.
    // 보존 기간(7일)이 지나지 않은 커밋 6을 지우면 새 컨슈머가 6에서 시작하지 못합니다.
    const running = await startBroker({
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_OFFSETS_RETENTION_CHECK_INTERVAL_MS: '1000',
    });
    const client = kafka(running.bootstrap, 'chapter-7');
    const admin = client.admin();
    const consumers: ReturnType<typeof client.consumer>[] = [];
    const newConsumer = () => {
      const consumer = client.consumer({ groupId: 'billing', sessionTimeout: 10_000, maxWaitTimeInMs: 500 });
      consumers.push(consumer);
      return consumer;
    };
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }] });
      const producer = client.producer();
      await producer.connect();
      await producer.send({
        topic: 'orders',
        messages: Array.from({ length: 10 }, (_, n) => ({ value: `order-${n}` })),
      });
      await producer.disconnect();

      /** 컨슈머 하나가 limit개를 처리하고, 하나 처리할 때마다 여러분의 commitable()을 커밋합니다 (처리한 뒤 커밋). */
      const runConsumer = async (limit: number) => {
        const [fetched] = await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] });
        const [ends] = await admin.fetchTopicOffsets('orders');
        const tracker = new OffsetTracker('earliest');
        tracker.assign('orders', 0, Number(fetched?.partitions[0]?.offset ?? -1));
        const start = yours(() =>
          tracker.resolve('orders', 0, { logStartOffset: Number(ends?.low), logEndOffset: Number(ends?.high) }),
        );
        const consumer = newConsumer();
        const seen: { offset: number; value: string }[] = [];
        await consumer.connect();
        await consumer.subscribe({ topic: 'orders', fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          consumer
            .run({
              autoCommit: false,
              eachMessage: async ({ message, partition }: EachMessagePayload) => {
                if (seen.length >= limit) return;
                const offset = Number(message.offset);
                seen.push({ offset, value: String(message.value) });
                try {
                  yours(() => tracker.processed('orders', partition, offset));
                  const toCommit = yours(() => tracker.commitable());
                  await consumer.commitOffsets(toCommit.map((o) => ({ ...o, offset: String(o.offset) })));
                  tracker.markCommitted(toCommit);
                } catch (error) {
                  reject(error);
                  return;
                }
                if (seen.length === limit) resolve();
              },
            })
            .catch(reject);
        });
        await consumer.disconnect();
        return { start, seen, tracker };
      };

      // 첫 컨슈머: 10개 중 6개(오프셋 0~5)를 처리하고 멈춥니다.
      const first = await runConsumer(6);
      expect(first.start, '커밋이 없고 earliest: 처음(0)부터').toBe(0);
      expect(
        first.seen.map((m) => m.offset),
        'kafkajs가 건넨 오프셋',
      ).toEqual([0, 1, 2, 3, 4, 5]);
      const [afterFirst] = await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] });
      const committed = Number(afterFirst?.partitions[0]?.offset);
      expect(committed, 'admin.fetchOffsets: 커밋된 오프셋 = 마지막으로 처리한 5 + 1').toBe(6);
      const [ends] = await admin.fetchTopicOffsets('orders');
      expect(Number(ends?.high) - committed, '랙 = 로그 끝(10) − 커밋(6) = 아직 읽지 않은 4개').toBe(4);
      expect(
        yours(() => first.tracker.lag('orders', 0, Number(ends?.high))),
        '여러분의 lag()도 4',
      ).toBe(4);

      // 브로커가 __consumer_offsets에 쓴 진짜 레코드를 kcat으로 읽어, 여러분의 partitionForGroup과 replay로 되살립니다.
      const partition = yours(() => partitionForGroup('billing', 50));
      const raw = await readOffsetsPartition(running.bootstrap, partition);
      expect(
        raw.length,
        `그룹 billing의 커밋 6개는 __consumer_offsets 파티션 ${partition}에 있어야 합니다 (Java: abs("billing".hashCode()) % 50 = 9)`,
      ).toBe(6);
      const store = new OffsetStore();
      for (const r of raw) yours(() => replayRaw(store, r));
      expect(
        store.get('billing', 'orders', 0)?.offset,
        '커밋 레코드 6개(1, 2, …, 6)를 replay하면 마지막 값 6이 남아야 합니다',
      ).toBe(committed);

      // 같은 그룹의 새 컨슈머: 여러분의 저장소가 되살린 커밋에서 이어 읽어야 합니다.
      const second = await runConsumer(4);
      expect(second.start, '새 컨슈머의 시작 위치 = 커밋된 6').toBe(6);
      expect(
        second.seen.map((m) => m.value),
        '새 컨슈머는 6부터 이어 읽습니다: 다시 처리한 것도, 건너뛴 것도 없이',
      ).toEqual(['order-6', 'order-7', 'order-8', 'order-9']);
      const [afterSecond] = await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] });
      expect(Number(afterSecond?.partitions[0]?.offset), '다 처리하면 커밋 = 로그 끝 10, 랙 0').toBe(10);
    } catch (error) {
      throw yourError ?? running.brokerErrors[0] ?? error;
    } finally {
      for (const c of consumers) await c.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      await running.stop();
      removeDir(running.dir);
    }
  }, 25_000);
});

/**
 * kcat으로 `__consumer_offsets`의 한 파티션을 처음부터 끝까지 읽습니다. 키와 값은 이진이라 길이(%K, %S)를 먼저 찍고
 * 그 바이트 수만큼 잘라 읽습니다. 값이 null(툼스톤)이면 kcat은 길이를 -1로 찍습니다.
 */
async function readOffsetsPartition(
  bootstrap: string,
  partition: number,
): Promise<{ key: Buffer; value: Buffer | null }[]> {
  const args = ['-b', bootstrap, '-C', '-t', '__consumer_offsets', '-p', String(partition), '-o', 'beginning', '-e'];
  const out = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('kcat', [...args, '-q', '-f', '%K %S\n%k%s'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err += c;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`kcat ${args.join(' ')} 실패: ${err}`)),
    );
  });
  const records: { key: Buffer; value: Buffer | null }[] = [];
  let at = 0;
  while (at < out.length) {
    const newline = out.indexOf(0x0a, at);
    const [keyLength = -1, valueLength = -1] = out.subarray(at, newline).toString('latin1').split(' ').map(Number);
    at = newline + 1;
    const key = out.subarray(at, at + Math.max(keyLength, 0));
    at += Math.max(keyLength, 0);
    const value = valueLength < 0 ? null : out.subarray(at, at + valueLength);
    at += Math.max(valueLength, 0);
    records.push({ key, value });
  }
  return records;
}
