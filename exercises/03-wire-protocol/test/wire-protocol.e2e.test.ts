/**
 * 3장 끝에서 끝까지 테스트: 여러분의 코덱을 끼운 reference 브로커에 진짜 클라이언트를 붙입니다. 브로커는 요청을 자르고
 * (Framer), 헤더와 본문을 읽고(headers, codec, reader), 레코드 배치의 CRC를 검사하는(batch-header) 일을 모두 여러분의
 * 파일로 합니다. kafkajs는 예전(유연하지 않은) 버전으로, @platformatic/kafka는 유연한 버전(태그 필드, compact 길이)으로 말합니다.
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(wire-protocol.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { createRequire } from 'node:module';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { readAllWithKcat, removeDir, startBroker, tempDir } from '../../../reference/test/e2e/support.js';

// 이 장의 테스트에서는 브로커가 reference/src/protocol의 framer·reader·codec·headers와 reference/src/record/batch-header를
// 가져오는 자리에서 여러분의 파일(src/)을 가져옵니다 (course/resolve.ts). 브로커는 연습 문제를 모릅니다.

describe('3장 끝에서 끝까지', () => {
  it('KafkaJsTalksThroughYourCodec: 여러분의 코덱을 끼운 브로커에서 kafkajs가 토픽을 만들고, 쓰고, 읽습니다', async () => {
    const dir = tempDir('chapter3-');
    const { bootstrap, stop, brokerErrors } = await startBroker({}, dir);
    try {
      const sent = ['user-1', 'user-2', 'user-3', 'user-1', 'user-4', 'user-2', 'user-1'].map((key, i) => ({
        key,
        value: `주문-${i}`,
      }));
      const read = await produceAndReadBack(bootstrap, 'orders', sent);
      expect(read.length, 'kafkajs가 다시 읽은 레코드 수').toBe(sent.length);
      for (const partition of new Set(read.map((r) => r.partition))) {
        const offsets = read.filter((r) => r.partition === partition).map((r) => r.offset);
        expect(offsets, `파티션 ${partition}의 오프셋은 브로커가 0부터 빈틈없이 붙입니다`).toEqual(
          offsets.map((_, i) => i),
        );
      }
      for (const key of ['user-1', 'user-2', 'user-3', 'user-4']) {
        const mine = read.filter((r) => r.key === key);
        expect(new Set(mine.map((r) => r.partition)).size, `키 ${key}의 레코드는 모두 한 파티션에 있어야 합니다`).toBe(
          1,
        );
        expect(
          mine.map((r) => r.value),
          `키 ${key}의 값은 보낸 순서대로 읽혀야 합니다`,
        ).toEqual(sent.filter((m) => m.key === key).map((m) => m.value));
      }
    } catch (error) {
      // kafkajs는 "연결이 끊겼다"고만 알려 주니, 브로커 안에서 여러분의 코드가 낸 오류가 있으면 그것을 보여 줍니다.
      throw brokerErrors[0] ?? error;
    } finally {
      await stop();
      removeDir(dir);
    }
  }, 20_000);

  it('PlatformaticTalksFlexible: 유연한 버전으로 말하는 @platformatic/kafka가 여러분의 코덱을 끼운 브로커에 토픽을 만들고 씁니다', async () => {
    const dir = tempDir('chapter3-flexible-');
    const { bootstrap, stop, brokerErrors } = await startBroker({}, dir);
    try {
      // 요청 헤더 v2(끝에 태그 구역), compact 문자열과 배열(N+1), 태그 필드: 여러분의 unsignedVarint, arrayLength, readStruct를 지납니다.
      const admin = new Admin({ clientId: 'chapter-3-flexible', bootstrapBrokers: [bootstrap] });
      try {
        await admin.createTopics({ topics: ['flexible'], partitions: 2, replicas: 1 });
      } finally {
        await admin.close();
      }
      const producer = new Producer({
        clientId: 'chapter-3-flexible',
        bootstrapBrokers: [bootstrap],
        serializers: stringSerializers,
        idempotent: false,
        acks: 1,
      });
      try {
        const result = await producer.send({
          messages: Array.from({ length: 6 }, (_, i) => ({
            topic: 'flexible',
            partition: i % 2,
            key: `key-${i}`,
            value: `value-${i}`,
            // 레코드의 타임스탬프 차이와 헤더는 varlong/varint로 적힙니다.
            headers: new Map([['source', 'platformatic']]),
          })),
        });
        expect(result.offsets?.map((o) => o.partition).sort(), '@platformatic/kafka가 받은 파티션별 오프셋').toEqual([
          0, 1,
        ]);
      } finally {
        await producer.close();
      }
      const partitions = await readAllWithKcat(bootstrap, 'flexible');
      expect(
        partitions.get(0)?.map((r) => r.value),
        'kcat이 다시 읽은 파티션 0: 여러분의 CRC 검사를 지나 로그에 들어간 레코드',
      ).toEqual(['value-0', 'value-2', 'value-4']);
      expect(
        partitions.get(1)?.map((r) => `${r.key}=${r.value}`),
        'kcat이 다시 읽은 파티션 1',
      ).toEqual(['key-1=value-1', 'key-3=value-3', 'key-5=value-5']);
    } catch (error) {
      throw brokerErrors[0] ?? error;
    } finally {
      await stop();
      removeDir(dir);
    }
  }, 20_000);
});

interface ReadRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly value: string;
}

/**
 * kafkajs 2.2.4로 토픽을 만들고(admin), 키가 있는 메시지를 보내고(producer), 다시 읽습니다.
 * 읽을 때: 이 브로커에는 아직 컨슈머 그룹(8장)이 없어 kafkajs의 consumer()를 쓸 수 없습니다. 대신 kafkajs 안의
 * Cluster와 Broker 클래스로 Fetch 요청을 보냅니다. 응답을 푸는 것은 kafkajs 자신의 디코더입니다.
 */
async function produceAndReadBack(
  bootstrap: string,
  topic: string,
  messages: readonly { key: string; value: string }[],
): Promise<ReadRecord[]> {
  const kafka = new Kafka({
    clientId: 'chapter-3',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 1, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const cluster = kafkajsCluster(bootstrap);
  try {
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), 'admin.createTopics').toBe(true);
    await producer.connect();
    await producer.send({ topic, messages: [...messages] });
    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    expect(total, 'admin.fetchTopicOffsets의 로그 끝 오프셋(high)을 모두 더한 값 = 보낸 메시지 수').toBe(
      messages.length,
    );

    await cluster.connect();
    await cluster.addTargetTopic(topic);
    const partitions = cluster.findTopicPartitionMetadata(topic);
    const leader = await cluster.findBroker({ nodeId: partitions[0]?.leader ?? 1 });
    const fetched = await leader.fetch({
      replicaId: -1,
      isolationLevel: 1,
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [
        {
          topic,
          partitions: partitions.map((p) => ({ partition: p.partitionId, fetchOffset: '0', maxBytes: 1 << 20 })),
        },
      ],
    });
    return fetched.responses.flatMap((r) =>
      r.partitions.flatMap((p) =>
        p.messages.map((m) => ({
          partition: p.partition,
          offset: Number(m.offset),
          key: String(m.key),
          value: String(m.value),
        })),
      ),
    );
  } finally {
    await cluster.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  }
}

/** kafkajs 2.2.4 내부의 Cluster (공개 API가 아니므로 쓰는 부분만 타입을 적었습니다) */
interface KafkaJsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(args: { nodeId: number }): Promise<{
    fetch(request: object): Promise<{
      responses: {
        partitions: { partition: number; messages: { offset: string; key: Buffer | null; value: Buffer | null }[] }[];
      }[];
    }>;
  }>;
}

function kafkajsCluster(bootstrap: string): KafkaJsCluster {
  const require = createRequire(import.meta.url);
  const Cluster = require('kafkajs/src/cluster') as new (options: object) => KafkaJsCluster;
  const { createLogger: createKafkaJsLogger } = require('kafkajs/src/loggers') as {
    createLogger(options: object): unknown;
  };
  const socketFactory = require('kafkajs/src/network/socketFactory') as () => unknown;
  return new Cluster({
    brokers: [bootstrap],
    clientId: 'chapter-3-reader',
    connectionTimeout: 3000, // Kafka 클래스가 채워 주던 기본값을 직접 줍니다 (없으면 곧바로 시간 초과)
    retry: { retries: 1, initialRetryTime: 100 },
    logger: createKafkaJsLogger({ level: logLevel.NOTHING, logCreator: () => () => {} }),
    socketFactory: socketFactory(),
  });
}
