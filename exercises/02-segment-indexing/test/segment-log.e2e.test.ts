/**
 * 2장 끝에서 끝까지 테스트: 브로커의 디스크 로그(unified-log, log-loader, log-segment, retention)를 여러분의 파일로 바꿔
 * 띄우고, kafkajs로 쓰고, kcat으로 읽고, 시각으로 찾고, 보존 정책이 지우는 것을 보고, 비정상 종료 뒤 다시 켭니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(segment-log.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN_SHUTDOWN_FILE } from '../../../reference/src/storage/log-manager.js';
import {
  kafka,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  startBroker,
  tempDir,
} from '../../../reference/test/e2e/support.js';

// 이 장의 테스트에서는 브로커가 reference/src/storage의 unified-log·log-loader·log-segment·retention을 가져오는 자리에서
// 여러분의 파일(src/)을 가져옵니다 (course/resolve.ts). 브로커는 연습 문제를 모릅니다.

const DAY = 24 * 60 * 60 * 1000;
const TOPIC = 'ledger';
/** 보존 검사를 자주 하는 브로커 (기본 5분, 첫 검사는 뜬 지 30초 뒤) */
const ENV = { KAFKA_NUM_PARTITIONS: '1', KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS: '100' };

/** 조건이 참이 될 때까지 짧게 기다립니다. 보존 검사는 브로커의 타이머가 하므로 언제 끝날지 모릅니다. */
async function eventually(what: string, check: () => Promise<boolean>, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${limitMs / 1000}초 안에 ${what}`);
}

describe('2장 끝에서 끝까지', () => {
  it('BrokerOnYourSegments: 여러분의 세그먼트로 도는 브로커에 쓰고, 읽고, 시각으로 찾고, 보존 기간이 지난 세그먼트를 지우고, 찢어진 꼬리를 복구합니다', async () => {
    const dir = tempDir('chapter2-');
    // 브로커의 시계: 보존 검사는 브로커가 뜬 지 30초 뒤(Kafka의 log.initial.task.delay.ms)부터 하므로, 테스트가 시계를 앞으로 돌립니다.
    let skew = 0;
    const clock = { now: () => Date.now() + skew };
    let running: RunningBroker | undefined = await startBroker(ENV, dir, clock);
    try {
      const client = kafka(running.bootstrap, 'chapter-2');
      const admin = client.admin();
      await admin.connect();
      // 작은 세그먼트(400바이트: 레코드 3개짜리 배치 세 개쯤)와 희소 인덱스, 보존 기간 하루.
      await admin.createTopics({
        topics: [
          {
            topic: TOPIC,
            numPartitions: 1,
            configEntries: [
              { name: 'segment.bytes', value: '400' },
              { name: 'index.interval.bytes', value: '100' },
              { name: 'retention.ms', value: String(DAY) },
            ],
          },
        ],
      });
      const producer = client.producer();
      await producer.connect();
      // 배치 10개, 배치마다 레코드 3개. 앞의 세 배치는 열흘 전 것(보존 기간이 지남), 나머지는 지금부터 1초 간격.
      const now = Date.now();
      const at = (batch: number, record: number) => (batch < 3 ? now - 10 * DAY : now) + batch * 1000 + record;
      for (let batch = 0; batch < 10; batch++) {
        await producer.send({
          topic: TOPIC,
          messages: [0, 1, 2].map((record) => ({
            key: `k${batch}`,
            value: `v${batch * 3 + record}`,
            timestamp: String(at(batch, record)),
          })),
        });
      }
      await producer.disconnect();
      const segments = () =>
        fs
          .readdirSync(path.join(dir, `${TOPIC}-0`))
          .filter((f) => f.endsWith('.log'))
          .sort();
      expect(segments().length, '400바이트 세그먼트에 배치 10개: 세그먼트가 여러 개로 굴러야 합니다').toBeGreaterThan(
        2,
      );

      // 보존 정책: 열흘 전 레코드만 든 첫 세그먼트(오프셋 0~8)를 통째로 지우고 로그 시작을 9로 옮깁니다.
      const low = async () => Number((await admin.fetchTopicOffsets(TOPIC))[0]?.low);
      skew = 31_000;
      await eventually(
        '보존 정책이 열흘 전 세그먼트를 지우지 않았습니다 (deletableSegments)',
        async () => (await low()) === 9,
      );
      const values = async () => (await readAllWithKcat(running?.bootstrap ?? '', TOPIC)).get(0) ?? [];
      expect(
        (await values()).map((r) => `${r.offset}:${r.value}`),
        '보존 뒤 kcat으로 읽은 레코드: 오프셋 9부터 29까지, 오프셋은 그대로',
      ).toEqual(Array.from({ length: 21 }, (_, i) => `${i + 9}:v${i + 9}`));

      // 시각으로 찾기(ListOffsets): 타임스탬프가 배치 5의 첫 레코드 이상인 첫 레코드는 오프셋 15입니다.
      const [byTime] = await admin.fetchTopicOffsetsByTimestamp(TOPIC, at(5, 0));
      expect(Number(byTime?.offset), `시각 ${at(5, 0)}(배치 5) 이후의 첫 레코드 (offsetForTimestamp)`).toBe(15);
      await admin.disconnect();

      // 비정상 종료: 정상 종료 표시를 지우고, 마지막 세그먼트의 마지막 배치를 반쯤 잘라 냅니다(찢어진 꼬리).
      await running.stop();
      running = undefined;
      fs.rmSync(path.join(dir, CLEAN_SHUTDOWN_FILE), { force: true });
      const last = path.join(dir, `${TOPIC}-0`, segments().at(-1) as string);
      fs.truncateSync(last, fs.statSync(last).size - 20);
      running = await startBroker(ENV, dir, clock);
      expect(
        (await values()).map((r) => r.value),
        '다시 켠 뒤: 찢어진 마지막 배치(v27~v29)만 잘라 내고 나머지는 그대로 (LogSegment.recover)',
      ).toEqual(Array.from({ length: 18 }, (_, i) => `v${i + 9}`));
      const again = kafka(running.bootstrap, 'chapter-2-after-crash').producer();
      await again.connect();
      const [meta] = await again.send({ topic: TOPIC, messages: [{ value: 'after-crash' }] });
      await again.disconnect();
      expect(Number(meta?.baseOffset), '다시 켠 뒤 쓴 레코드는 잘라 낸 자리(27)부터 오프셋을 받습니다').toBe(27);
    } catch (error) {
      // kafkajs는 "연결이 끊겼다"나 오류 코드만 알려 주니, 브로커 안에서 여러분의 코드가 낸 오류가 있으면 그것을 보여 줍니다.
      throw running?.brokerErrors[0] ?? error;
    } finally {
      await running?.stop();
      removeDir(dir);
    }
  }, 40_000);
});
