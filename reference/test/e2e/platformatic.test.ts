/**
 * @platformatic/kafka 1.x: 유연한(flexible) 프로토콜 버전(태그 필드, compact 길이)을 쓰는 클라이언트입니다.
 * 이 클라이언트로 만든 레코드를 kcat으로 다시 읽어 봅니다.
 */
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBroker, readAllWithKcat, removeDir, startBroker } from './support.js';

let running: RunningBroker;

beforeAll(async () => {
  running = await startBroker();
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

it('@platformatic/kafka creates a topic and produces over flexible versions; kcat reads the records back', async () => {
  const admin = new Admin({ clientId: 'pf-admin', bootstrapBrokers: [running.bootstrap] });
  try {
    await admin.createTopics({ topics: ['flexible'], partitions: 2, replicas: 1 });
  } finally {
    await admin.close();
  }
  const producer = new Producer({
    clientId: 'pf-producer',
    bootstrapBrokers: [running.bootstrap],
    serializers: stringSerializers,
    idempotent: false,
    acks: 1,
  });
  try {
    const result = await producer.send({
      messages: Array.from({ length: 20 }, (_, i) => ({
        topic: 'flexible',
        partition: i % 2,
        key: `key-${i}`,
        value: `value-${i}`,
        headers: new Map([['source', 'platformatic']]),
      })),
    });
    expect(result.offsets?.map((o) => o.partition).sort()).toEqual([0, 1]);
  } finally {
    await producer.close();
  }
  const partitions = await readAllWithKcat(running.bootstrap, 'flexible');
  expect(partitions.get(0)?.map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => `value-${i * 2}`));
  expect(partitions.get(1)?.map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => `value-${i * 2 + 1}`));
  expect(partitions.get(1)?.[0]?.key).toBe('key-1');
});

it('@platformatic/kafka transactions: a committed one is read by kcat, an aborted one only by read_uncommitted', async () => {
  // 이 클라이언트는 트랜잭션 쓰기에서 토픽을 자동으로 만들지 않으므로 먼저 만듭니다.
  const admin = new Admin({ clientId: 'pf-admin', bootstrapBrokers: [running.bootstrap] });
  try {
    await admin.createTopics({ topics: ['pf-txn'], partitions: 1, replicas: 1 });
  } finally {
    await admin.close();
  }
  const producer = new Producer({
    clientId: 'pf-tx',
    bootstrapBrokers: [running.bootstrap],
    serializers: stringSerializers,
    idempotent: true,
    transactionalId: 'pf-transactional',
    acks: -1,
  });
  try {
    const committed = await producer.beginTransaction();
    await committed.send({ messages: [{ topic: 'pf-txn', key: 'k', value: 'committed-1' }] });
    await committed.send({ messages: [{ topic: 'pf-txn', key: 'k', value: 'committed-2' }] });
    await committed.commit();
    const aborted = await producer.beginTransaction();
    await aborted.send({ messages: [{ topic: 'pf-txn', key: 'k', value: 'aborted' }] });
    await aborted.abort();
  } finally {
    await producer.close();
  }
  const values = async (extra: string[] = []) =>
    [...(await readAllWithKcat(running.bootstrap, 'pf-txn', extra)).values()].flat().map((r) => r.value);
  expect(await values()).toEqual(['committed-1', 'committed-2']);
  expect(await values(['-X', 'isolation.level=read_uncommitted'])).toEqual(['committed-1', 'committed-2', 'aborted']);
});

it('two idempotent @platformatic/kafka producers get their own producer ids, so neither record is taken for a duplicate', async () => {
  // 이 클라이언트는 첫 InitProducerId에 (프로듀서 ID 0, 에포크 0)을 보냅니다. Kafka는 트랜잭션 ID가 없으면 보낸 값과
  // 상관없이 새 ID를 줍니다(TransactionCoordinator.handleInitProducerId): 같은 ID를 받으면 둘째의 시퀀스 0이 첫째의 것과
  // 겹쳐, 리더가 둘째 레코드를 중복으로 보고 버립니다.
  const admin = new Admin({ clientId: 'pf-admin', bootstrapBrokers: [running.bootstrap] });
  try {
    await admin.createTopics({ topics: ['pf-idempotent'], partitions: 1, replicas: 1 });
  } finally {
    await admin.close();
  }
  for (const value of ['from-first', 'from-second']) {
    const producer = new Producer({
      clientId: `pf-${value}`,
      bootstrapBrokers: [running.bootstrap],
      serializers: stringSerializers,
      idempotent: true,
      acks: -1,
    });
    try {
      await producer.send({ messages: [{ topic: 'pf-idempotent', partition: 0, key: 'k', value }] });
    } finally {
      await producer.close();
    }
  }
  const values = (await readAllWithKcat(running.bootstrap, 'pf-idempotent')).get(0)?.map((r) => r.value);
  expect(values).toEqual(['from-first', 'from-second']);
});
