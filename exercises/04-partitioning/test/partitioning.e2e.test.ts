/**
 * 4장 끝에서 끝까지 테스트: 여러분의 파티셔너를 끼운 kafkajs로 reference 브로커에 쿠폰 요청을 보내고 kcat으로 다시 읽습니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(partitioning.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { type ICustomPartitioner, Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  type KcatRecord,
  readAllWithKcat,
  removeDir,
  startBroker,
  tempDir,
} from '../../../reference/test/e2e/support.js';
import { createJavaCompatiblePartitioner } from '../src/partitioner.js';
import { kafkajsDefault, userKey } from './helpers.js';

describe('4장 끝에서 끝까지', () => {
  it('CouponRequestsByUserId: 여러분의 파티셔너를 끼운 kafkajs가 보낸 쿠폰 요청은 사용자마다 한 파티션에 보낸 순서대로 쌓입니다', async () => {
    let yourError: unknown = null;
    /** 여러분의 파티셔너에서 난 첫 오류를 기억합니다. kafkajs는 그 오류를 몇 번 다시 시도한 뒤에야 알려 주니까요. */
    const yourFactory = (options?: Parameters<typeof createJavaCompatiblePartitioner>[0]): ICustomPartitioner => {
      const factory = createJavaCompatiblePartitioner(options);
      return () => {
        const partition = factory();
        return (args) => {
          try {
            return partition(args);
          } catch (error) {
            yourError ??= error;
            throw error;
          }
        };
      };
    };

    const dir = tempDir('chapter4-');
    const { bootstrap, stop } = await startBroker({ KAFKA_NUM_PARTITIONS: '3' }, dir);
    const kafka = new Kafka({
      clientId: 'chapter-4',
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 1, initialRetryTime: 100 },
    });
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: yourFactory() });
    try {
      await admin.connect();
      expect(
        await admin.createTopics({
          topics: [
            { topic: 'coupon-requests', numPartitions: 3 },
            { topic: 'coupon-notices', numPartitions: 3 },
          ],
        }),
        'admin.createTopics',
      ).toBe(true);
      await producer.connect();

      // 사용자 8명이 쿠폰을 세 번씩 요청합니다. 라운드마다 send 한 번, 키는 선착순 쿠폰 예제처럼 "user:" + userId.
      const users = [1, 2, 3, 4, 5, 6, 7, 8];
      const sent: { key: string; value: string }[] = [];
      for (let round = 1; round <= 3; round++) {
        const messages = users.map((id) => ({ key: userKey(id), value: `user:${id} 요청 ${round}` }));
        sent.push(...messages);
        await producer.send({ topic: 'coupon-requests', messages });
      }
      // 한 번의 send 안에서 같은 사용자가 연달아 누른 경우 (따닥)
      const burst = [1, 2, 3].map((n) => ({ key: userKey(9), value: `user:9 연타 ${n}` }));
      sent.push(...burst);
      await producer.send({ topic: 'coupon-requests', messages: burst });
      // 키 없는 공지 5건: 스티키라면 배치(16 KiB)를 채우기 전까지 한 파티션에 모입니다.
      await producer.send({
        topic: 'coupon-notices',
        messages: [1, 2, 3, 4, 5].map((n) => ({ value: `공지 ${n}` })),
      });

      const requests = await readAllWithKcat(bootstrap, 'coupon-requests');
      const records = [...requests.entries()].flatMap(([partition, list]) => list.map((r) => ({ partition, ...r })));
      expect(records.length, 'kcat으로 다시 읽은 쿠폰 요청 수 = 보낸 수').toBe(sent.length);
      for (const record of records) {
        expect(
          record.partition,
          `${record.key}의 "${record.value}"는 Java(와 kafkajs DefaultPartitioner)가 고르는 파티션 ${kafkajsDefault(record.key, 3)}에 있어야 합니다`,
        ).toBe(kafkajsDefault(record.key, 3));
      }
      for (const key of new Set(sent.map((m) => m.key))) {
        const partition = kafkajsDefault(key, 3);
        const values = (requests.get(partition) ?? []).filter((r: KcatRecord) => r.key === key).map((r) => r.value);
        expect(values, `${key}의 요청은 파티션 ${partition} 안에서 보낸 순서대로 읽혀야 합니다`).toEqual(
          sent.filter((m) => m.key === key).map((m) => m.value),
        );
      }

      const notices = await readAllWithKcat(bootstrap, 'coupon-notices');
      expect(
        [...notices.entries()].filter(([, list]) => list.length > 0).map(([p, list]) => [p, list.length]),
        '키 없는 공지 5건은 스티키 파티션 하나에 모두 있어야 합니다 (파티션마다 나뉘었다면 라운드 로빈입니다)',
      ).toEqual([[expect.any(Number), 5]]);
    } catch (error) {
      throw yourError ?? error;
    } finally {
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      await stop();
      removeDir(dir);
    }
  }, 15_000);
});
