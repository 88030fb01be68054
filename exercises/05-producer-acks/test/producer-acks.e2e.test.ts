/**
 * 5장 끝에서 끝까지 테스트: 여러분의 ProducerStateManager와 acks 판단을 끼운 reference 브로커를 띄웁니다. 이 장의
 * 테스트에서는 브로커가 reference/src/producer/producer-state와 reference/src/server/delayed-produce를 가져오는 자리에서
 * 여러분의 파일(src/)을 가져옵니다 (course/resolve.ts).
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(producer-acks.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 *
 * 첫째는 모든 Produce 요청을 두 번 보내는 프록시를 거쳐 kafkajs 멱등 프로듀서로 보내고, 둘째는
 * 복제 계수 1, min.insync.replicas=2인 토픽에 acks=1과 acks=-1로 보냅니다 (Kafka 3.7부터 둘 다 받습니다).
 */
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { startDuplicatingProxy } from '../../../reference/test/e2e/duplicating-proxy.js';
import { readAllWithKcat, removeDir, reservePort, startBroker } from '../../../reference/test/e2e/support.js';
import { enoughReplicasError, isProduceComplete } from '../src/delayed-produce.js';

describe('5장 끝에서 끝까지', () => {
  it('KafkaJsIdempotentExactlyOnce: 모든 Produce가 두 번 도착해도 kafkajs 멱등 프로듀서의 메시지는 로그에 한 번씩, send()가 받은 오프셋에 있습니다', async () => {
    const proxyPort = await reservePort();
    // 브로커는 프록시 주소를 광고합니다: kafkajs의 모든 연결이 프록시를 지납니다.
    const running = await startBroker({
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${proxyPort}`,
    });
    const proxy = await startDuplicatingProxy(proxyPort, running.broker.port);
    const bootstrap = `127.0.0.1:${proxyPort}`;
    const client = new Kafka({
      clientId: 'chapter-5',
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
    });
    const producers: ReturnType<typeof client.producer>[] = [];
    try {
      // 먼저 프록시가 정말 두 번 보내는지: 멱등이 아닌 프로듀서의 메시지는 두 번 들어갑니다.
      const plain = client.producer({ retry: { retries: 1, initialRetryTime: 100 } });
      producers.push(plain);
      await plain.connect();
      await plain.send({ topic: 'plain', messages: [{ value: 'twice' }] });
      await plain.disconnect();
      const plainRecords = (await readAllWithKcat(bootstrap, 'plain')).get(0) ?? [];
      expect(
        plainRecords.map((r) => r.value),
        '멱등이 아닌 프로듀서(producerId -1)의 배치는 두 번 모두 받아야 합니다: 프록시가 두 번 보냈고, 브로커는 알아볼 방법이 없습니다',
      ).toEqual(['twice', 'twice']);

      // 멱등 프로듀서: 메시지 50개를 크기가 다른 send() 열 번으로 보냅니다.
      const producer = client.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2 } });
      producers.push(producer);
      await producer.connect();
      const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 5];
      const sent: { value: string; offset: number }[] = [];
      let n = 0;
      const before = proxy.duplicated;
      for (const size of sizes) {
        const values = Array.from({ length: size }, () => `m${n++}`);
        const [meta] = await producer
          .send({ topic: 'orders', messages: values.map((value) => ({ value })) })
          .catch((error: unknown) => {
            throw new Error(
              `멱등 프로듀서의 send()(${values[0]}부터 ${size}개)가 ${kafkaErrorType(error)}로 실패했습니다. ` +
                '프록시는 같은 배치를 두 번 보내고 두 번째(재전송)의 응답을 kafkajs에 돌려줍니다: ' +
                '재전송에는 오류가 아니라 처음 쓴 오프셋으로 답해야 합니다',
            );
          });
        const base = Number(meta?.baseOffset);
        values.forEach((value, i) => {
          sent.push({ value, offset: base + i });
        });
      }
      await producer.disconnect();
      expect(proxy.duplicated - before, '프록시가 멱등 프로듀서의 Produce 10개를 모두 두 번씩 보냈는지').toBe(10);

      const records = (await readAllWithKcat(bootstrap, 'orders')).get(0) ?? [];
      expect(
        records.map((r) => r.value).join(' '),
        `로그에는 m0~m49가 한 번씩 순서대로 있어야 합니다(레코드 ${records.length}개). 두 번씩 보이면 재전송을 중복으로 알아보지 못한 것입니다`,
      ).toBe(Array.from({ length: 50 }, (_, i) => `m${i}`).join(' '));
      expect(
        records.map((r) => `${r.value}@${r.offset}`).join(' '),
        'kafkajs가 받은 응답은 재전송의 것입니다: 중복에 답한 오프셋(값@오프셋)이 처음 쓴 오프셋과 같아야 send()가 받은 자리에 메시지가 있습니다',
      ).toBe(sent.map((m) => `${m.value}@${m.offset}`).join(' '));
    } catch (error) {
      // 브로커는 여러분의 check가 던진 오류를 파티션 오류 코드로 바꿔 답할 뿐이라, kafkajs의 실패만으로는 어디서 났는지
      // 보이지 않습니다. 브로커가 삼킨 오류가 있으면 그것을 보여 줍니다.
      throw running.brokerErrors[0] ?? error;
    } finally {
      for (const p of producers) await p.disconnect().catch(() => {});
      await proxy.close();
      await running.stop();
      removeDir(running.dir);
    }
  }, 20_000);

  it('KafkaJsMinInsyncReplicas: 복제 계수 1인 토픽은 min.insync.replicas=2여도 acks=-1과 acks=1을 모두 받습니다(최소 ISR은 복제본 수로 깎입니다)', async () => {
    let yourError: unknown = null;
    const yours = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (error) {
        yourError ??= error;
        throw error;
      }
    };
    // 브로커의 acks 판단도 여러분의 함수입니다: 쓰기 전 검사와, 응답해도 되는지.
    const running = await startBroker({ KAFKA_NUM_PARTITIONS: '1' });
    const client = new Kafka({
      clientId: 'chapter-5',
      brokers: [running.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = client.admin();
    const producer = client.producer({ retry: { retries: 0 } }); // 재시도 없이 첫 답을 봅니다
    try {
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic: 'safe', numPartitions: 1, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
          { topic: 'relaxed', numPartitions: 1 },
        ],
      });
      // 브로커가 아는 숫자를 admin으로 읽어, 여러분의 함수가 같은 판단을 하는지 봅니다.
      const metadata = await admin.fetchTopicMetadata({ topics: ['safe'] });
      const safePartition = metadata.topics[0]?.partitions[0];
      const isr = safePartition?.isr.length ?? 0;
      const replicas = safePartition?.replicas.length ?? 0;
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: 'safe', configNames: ['min.insync.replicas'] },
          { type: ConfigResourceTypes.TOPIC, name: 'relaxed', configNames: ['min.insync.replicas'] },
        ],
      });
      const minIsr = (topic: string) =>
        Number(configs.resources.find((r) => r.resourceName === topic)?.configEntries[0]?.configValue);
      expect(
        [replicas, isr, minIsr('safe'), minIsr('relaxed')],
        '노드 하나: 복제본도 ISR도 리더뿐, safe는 2, relaxed는 기본 1',
      ).toEqual([1, 1, 2, 1]);
      expect(
        yours(() => enoughReplicasError(-1, isr, minIsr('safe'), replicas)),
        'safe에 acks=-1: 최소 ISR은 min(2, 복제본 1개) = 1이라 여러분의 enoughReplicasError도 NONE(0)이어야 합니다',
      ).toBe(ErrorCode.NONE);
      expect(
        yours(() => enoughReplicasError(-1, isr, minIsr('safe'), 3)),
        '같은 ISR 1개라도 복제본이 3개였다면 최소 ISR은 2라 NOT_ENOUGH_REPLICAS(19)입니다 (6장에서 브로커 셋으로 봅니다)',
      ).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
      expect(
        yours(() => enoughReplicasError(1, isr, minIsr('safe'), replicas)),
        'safe에 acks=1: NONE(0)',
      ).toBe(ErrorCode.NONE);

      await producer.connect();
      const [one] = await producer.send({ topic: 'safe', acks: 1, messages: [{ value: 'acks=1' }] });
      expect(Number(one?.baseOffset), 'safe에 acks=1: 리더 하나로 충분하니 오프셋 0에 들어갑니다').toBe(0);
      const accepted = await producer
        .send({ topic: 'safe', acks: -1, messages: [{ value: 'acks=-1' }] })
        .then(([meta]) => `offset ${meta?.baseOffset}`, kafkaErrorType);
      expect(
        accepted,
        'safe에 acks=-1: 복제본이 하나뿐이라 최소 ISR은 1입니다. 브로커(여러분의 enoughReplicasError)가 받아 오프셋 1에 써야 합니다',
      ).toBe('offset 1');
      const safe = (await readAllWithKcat(running.bootstrap, 'safe')).get(0) ?? [];
      expect(
        safe.map((r) => r.value),
        '두 메시지 모두 로그에 있고 컨슈머에게 보입니다: 하이 워터마크도 최소 ISR 1로 오릅니다',
      ).toEqual(['acks=1', 'acks=-1']);

      // relaxed(min.insync.replicas=1)에는 acks=-1도 들어가고, 노드가 하나라 쓰자마자 끝납니다.
      const [all] = await producer.send({ topic: 'relaxed', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
      const [offsets] = await admin.fetchTopicOffsets('relaxed');
      const lastOffset = Number(all?.baseOffset) + 1;
      expect(
        yours(() =>
          isProduceComplete(-1, [
            { errorCode: ErrorCode.NONE, requiredOffset: lastOffset + 1, highWatermark: Number(offsets?.high) },
          ]),
        ),
        `노드 하나에서는 하이 워터마크(${offsets?.high})가 곧 로그 끝이라, 쓰고 나면 acks=-1도 끝난 것입니다: 여러분의 isProduceComplete도 true여야 합니다`,
      ).toBe(true);
    } catch (error) {
      throw yourError ?? running.brokerErrors[0] ?? error;
    } finally {
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      await running.stop();
      removeDir(running.dir);
    }
  }, 20_000);
});

/** kafkajs 오류에서 Kafka 오류 이름을 꺼냅니다 (재시도를 다 쓰면 원래 오류는 cause에 있습니다) */
function kafkaErrorType(error: unknown): string {
  const e = error as { type?: string; name?: string; message?: string; cause?: { type?: string } };
  return e.type ?? e.cause?.type ?? `${e.name}: ${e.message}`;
}
