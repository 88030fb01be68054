/**
 * ACL과 인가기: 브로커 하나가 PLAINTEXT(브로커 사이, `User:ANONYMOUS`)와 SASL_PLAINTEXT(admin, alice, bob)를 엽니다.
 * `super.users`는 admin과 ANONYMOUS(브로커 사이의 주체)입니다. admin이 kafkajs의 createAcls로 alice에게 권한을 주면
 * alice는 쓰고, 그룹으로 읽고, 커밋하고, 트랜잭션을 합니다. 권한이 없는 bob은 같은 일에서 Kafka의 오류 코드로
 * 거절됩니다. 인가기가 없는 브로커(기본 설정)는 모두 허용하고 ACL API에 SECURITY_DISABLED로 답합니다.
 */
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type Admin,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type SASLOptions,
} from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../../src/broker.js';
import { loadConfig } from '../../src/server/config.js';
import { kcat, removeDir, tempDir } from './support.js';

const PASSWORDS = { admin: 'admin-secret', alice: 'alice-secret', bob: 'bob-secret' } as const;
type User = keyof typeof PASSWORDS;
const ENV = {
  KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
  KAFKA_SASL_ENABLED_MECHANISMS: 'PLAIN',
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.plain.PlainLoginModule required ${Object.entries(
    PASSWORDS,
  )
    .map(([user, password]) => `user_${user}="${password}"`)
    .join(' ')};`,
  KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
  KAFKA_SUPER_USERS: 'User:admin;User:ANONYMOUS',
  KAFKA_NUM_PARTITIONS: '1',
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
};

let broker: Broker;
let dir: string;
let saslPort: number;
let admin: Admin;

function client(user: User): Kafka {
  return new Kafka({
    clientId: `acl-${user}`,
    brokers: [`127.0.0.1:${saslPort}`],
    sasl: { mechanism: 'plain', username: user, password: PASSWORDS[user] } as SASLOptions,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100 },
  });
}

/** kafkajs가 던진 오류의 Kafka 오류 이름 (재시도 끝의 오류는 `originalError`나 `errors`에 감싸 던집니다) */
async function kafkaErrorOf(action: Promise<unknown>): Promise<string> {
  const error = await action.then(
    () => null,
    (e: unknown) => e as { type?: string; originalError?: { type?: string }; errors?: { type?: string }[] },
  );
  if (!error) throw new Error('거절되어야 하는데 성공했습니다');
  return error.type ?? error.originalError?.type ?? error.errors?.[0]?.type ?? String(error);
}

const allow = (
  resourceType: AclResourceTypes,
  resourceName: string,
  resourcePatternType: ResourcePatternTypes,
  principal: string,
  operation: AclOperationTypes,
  permissionType = AclPermissionTypes.ALLOW,
) => ({ resourceType, resourceName, resourcePatternType, principal, host: '*', operation, permissionType });

/** 커밋된 ACL이 이 브로커의 인가기에 닿을 때까지 (DescribeAcls는 브로커가 적용한 ACL로 답합니다) */
async function untilDescribed(count: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    if (resources.flatMap((r) => r.acls).length === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`ACL ${count}개가 보이지 않습니다`);
}

beforeAll(async () => {
  dir = tempDir('acl-');
  const quiet = () => {};
  broker = await Broker.start({
    config: loadConfig({ env: { ...ENV, KAFKA_LOG_DIRS: dir } }),
    logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  saslPort = broker.listeners.find((l) => l.name === 'SASL_PLAINTEXT')?.boundPort ?? -1;
  admin = client('admin').admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'orders-eu' }, { topic: 'payments' }] });
  // alice: orders-로 시작하는 토픽에 쓰고 읽기, g-로 시작하는 그룹, tx-로 시작하는 트랜잭션 ID.
  // bob: orders-eu를 볼 수만 있음 (Describe).
  await admin.createAcls({
    acl: [
      allow(AclResourceTypes.TOPIC, 'orders-', ResourcePatternTypes.PREFIXED, 'User:alice', AclOperationTypes.WRITE),
      allow(AclResourceTypes.TOPIC, 'orders-', ResourcePatternTypes.PREFIXED, 'User:alice', AclOperationTypes.READ),
      allow(AclResourceTypes.GROUP, 'g-', ResourcePatternTypes.PREFIXED, 'User:alice', AclOperationTypes.READ),
      allow(
        AclResourceTypes.TRANSACTIONAL_ID,
        'tx-',
        ResourcePatternTypes.PREFIXED,
        'User:alice',
        AclOperationTypes.WRITE,
      ),
      allow(AclResourceTypes.TOPIC, 'orders-eu', ResourcePatternTypes.LITERAL, 'User:bob', AclOperationTypes.DESCRIBE),
      // bob이 alice의 그룹과 트랜잭션 ID의 코디네이터는 찾을 수 있게 (Describe): 그다음 요청이 거절되는 것을 봅니다.
      // (kafkajs는 FindCoordinator의 거절을 KafkaJSGroupCoordinatorNotFound로 바꿔 버려 코드를 볼 수 없습니다.
      // FindCoordinator의 거절 코드는 reference/test/security/authorizer-requests.test.ts가 봅니다.)
      allow(AclResourceTypes.GROUP, 'g-alice', ResourcePatternTypes.LITERAL, 'User:bob', AclOperationTypes.DESCRIBE),
      allow(
        AclResourceTypes.TRANSACTIONAL_ID,
        'tx-alice',
        ResourcePatternTypes.LITERAL,
        'User:bob',
        AclOperationTypes.DESCRIBE,
      ),
    ],
  });
  await untilDescribed(7);
}, 60_000);

afterAll(async () => {
  await admin?.disconnect();
  await broker?.stop();
  removeDir(dir);
});

describe('CreateAcls, DescribeAcls, DeleteAcls with kafkajs admin', () => {
  it('describes by resource type and by MATCH (the prefixed ACL covers orders-eu)', async () => {
    const topics = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    expect(topics.resources.map((r) => [r.resourceName, r.resourcePatternType, r.acls.length]).sort()).toEqual([
      ['orders-', ResourcePatternTypes.PREFIXED, 2],
      ['orders-eu', ResourcePatternTypes.LITERAL, 1],
    ]);
    expect(topics.resources.find((r) => r.resourceName === 'orders-eu')?.acls).toEqual([
      {
        principal: 'User:bob',
        host: '*',
        operation: AclOperationTypes.DESCRIBE,
        permissionType: AclPermissionTypes.ALLOW,
      },
    ]);
    const matching = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders-eu',
      resourcePatternType: ResourcePatternTypes.MATCH,
      principal: 'User:alice',
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    expect(matching.resources.map((r) => r.resourceName)).toEqual(['orders-']);
  });

  it('creating an invalid ACL answers INVALID_REQUEST; a principal without cluster Alter gets CLUSTER_AUTHORIZATION_FAILED', async () => {
    const invalid = admin.createAcls({
      acl: [
        allow(
          AclResourceTypes.CLUSTER,
          'not-the-cluster',
          ResourcePatternTypes.LITERAL,
          'User:bob',
          AclOperationTypes.ALTER,
        ),
      ],
    });
    expect(await kafkaErrorOf(invalid)).toBe('INVALID_REQUEST');
    const bob = client('bob').admin();
    await bob.connect();
    try {
      const grant = bob.createAcls({
        acl: [allow(AclResourceTypes.TOPIC, '*', ResourcePatternTypes.LITERAL, 'User:bob', AclOperationTypes.ALL)],
      });
      expect(await kafkaErrorOf(grant)).toBe('CLUSTER_AUTHORIZATION_FAILED');
      const describe = bob.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      expect(await kafkaErrorOf(describe)).toBe('CLUSTER_AUTHORIZATION_FAILED');
    } finally {
      await bob.disconnect();
    }
  });
});

describe('an allowed principal works, another is denied with Kafka codes', () => {
  it('alice produces (idempotent), consumes in a group and commits', async () => {
    const kafka = client('alice');
    const producer = kafka.producer({ idempotent: true });
    const consumer = kafka.consumer({ groupId: 'g-alice' });
    try {
      await producer.connect();
      await producer.send({ topic: 'orders-eu', messages: [{ value: 'a1' }, { value: 'a2' }] });
      await consumer.connect();
      await consumer.subscribe({ topic: 'orders-eu', fromBeginning: true });
      const seen: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`읽은 것: ${seen.join(',')}`)), 30_000);
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            seen.push(String(message.value));
            await consumer.commitOffsets([
              { topic: 'orders-eu', partition, offset: String(Number(message.offset) + 1) },
            ]);
            if (seen.length >= 2) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      expect(seen.slice(0, 2)).toEqual(['a1', 'a2']);
      await consumer.stop();
      const [committed] = await admin.fetchOffsets({ groupId: 'g-alice', topics: ['orders-eu'] });
      expect(committed?.partitions.map((p) => p.offset)).toEqual(['2']);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  }, 60_000);

  it('alice runs a transaction with sendOffsets and commits it', async () => {
    const producer = client('alice').producer({
      transactionalId: 'tx-alice',
      maxInFlightRequests: 1,
      idempotent: true,
    });
    await producer.connect();
    try {
      const txn = await producer.transaction();
      await txn.send({ topic: 'orders-eu', messages: [{ value: 'in-txn' }] });
      await txn.sendOffsets({
        consumerGroupId: 'g-alice',
        topics: [{ topic: 'orders-eu', partitions: [{ partition: 0, offset: '3' }] }],
      });
      await txn.commit();
    } finally {
      await producer.disconnect();
    }
    const [committed] = await admin.fetchOffsets({ groupId: 'g-alice', topics: ['orders-eu'] });
    expect(committed?.partitions.map((p) => p.offset)).toEqual(['3']);
  }, 60_000);

  it('bob sees only the topic he may describe; a named topic he may not describe is TOPIC_AUTHORIZATION_FAILED', async () => {
    const bob = client('bob').admin();
    await bob.connect();
    try {
      expect(await bob.listTopics()).toEqual(['orders-eu']);
      expect(await kafkaErrorOf(bob.fetchTopicMetadata({ topics: ['payments'] }))).toBe('TOPIC_AUTHORIZATION_FAILED');
      // 없는 토픽도 같은 답: bob은 토픽이 있는지 알 수 없습니다.
      expect(await kafkaErrorOf(bob.fetchTopicMetadata({ topics: ['no-such-topic'] }))).toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
      const created = bob.createTopics({ topics: [{ topic: 'bobs-topic' }] });
      expect(await kafkaErrorOf(created)).toBe('TOPIC_AUTHORIZATION_FAILED');
    } finally {
      await bob.disconnect();
    }
  });

  it('bob may describe orders-eu but not write it (Produce answers TOPIC_AUTHORIZATION_FAILED)', async () => {
    const producer = client('bob').producer();
    await producer.connect();
    try {
      const sent = producer.send({ topic: 'orders-eu', messages: [{ value: 'bob' }] });
      expect(await kafkaErrorOf(sent)).toBe('TOPIC_AUTHORIZATION_FAILED');
    } finally {
      await producer.disconnect();
    }
  });

  it('bob may describe alice’s group and transactional id but JoinGroup and InitProducerId refuse him', async () => {
    const consumer = client('bob').consumer({ groupId: 'g-alice' });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'orders-eu', fromBeginning: true });
      const crashed = new Promise<string>((resolve) => {
        consumer.on(consumer.events.CRASH, (event) => {
          const error = event.payload.error as { type?: string; originalError?: { type?: string } };
          resolve(error.type ?? error.originalError?.type ?? String(error));
        });
      });
      void consumer.run({ eachMessage: async () => {} }).catch(() => {});
      expect(await crashed).toBe('GROUP_AUTHORIZATION_FAILED');
    } finally {
      await consumer.disconnect();
    }
    // 멱등 프로듀서의 InitProducerId: 클러스터 IdempotentWrite도, 어느 토픽의 Write도 없으면 CLUSTER_AUTHORIZATION_FAILED.
    const idempotent = client('bob').producer({ idempotent: true });
    expect(await kafkaErrorOf(idempotent.connect())).toBe('CLUSTER_AUTHORIZATION_FAILED');
    await idempotent.disconnect();
    // 트랜잭션 프로듀서의 InitProducerId: 트랜잭션 ID에 Write가 없으면 TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
    const producer = client('bob').producer({ transactionalId: 'tx-alice', maxInFlightRequests: 1 });
    await producer.connect();
    expect(await kafkaErrorOf(producer.transaction())).toBe('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
    await producer.disconnect();
  }, 60_000);

  it('deny before allow: a DENY WRITE on orders-eu stops alice until DeleteAcls removes it', async () => {
    const deny = allow(
      AclResourceTypes.TOPIC,
      'orders-eu',
      ResourcePatternTypes.LITERAL,
      'User:alice',
      AclOperationTypes.WRITE,
      AclPermissionTypes.DENY,
    );
    await admin.createAcls({ acl: [deny] });
    await untilDescribed(8);
    const producer = client('alice').producer();
    await producer.connect();
    try {
      const sent = producer.send({ topic: 'orders-eu', messages: [{ value: 'denied' }] });
      expect(await kafkaErrorOf(sent)).toBe('TOPIC_AUTHORIZATION_FAILED');
      const { filterResponses } = await admin.deleteAcls({
        filters: [{ ...deny, resourcePatternType: ResourcePatternTypes.LITERAL }],
      });
      expect(filterResponses[0]?.matchingAcls.map((a) => [a.resourceName, a.permissionType])).toEqual([
        ['orders-eu', AclPermissionTypes.DENY],
      ]);
      await untilDescribed(7);
      await producer.send({ topic: 'orders-eu', messages: [{ value: 'allowed-again' }] });
    } finally {
      await producer.disconnect();
    }
  }, 60_000);
});

describe('kcat over SASL_PLAINTEXT with ACLs', () => {
  const as = (user: User) => [
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    'sasl.mechanisms=PLAIN',
    '-X',
    `sasl.username=${user}`,
    '-X',
    `sasl.password=${PASSWORDS[user]}`,
    '-b',
    `127.0.0.1:${saslPort}`,
  ];

  it('alice produces and reads back; bob is refused with Kafka’s error name', async () => {
    await kcat([...as('alice'), '-P', '-t', 'orders-eu', '-p', '0'], 'from-kcat\n');
    const out = await kcat([...as('alice'), '-C', '-t', 'orders-eu', '-p', '0', '-o', '-1', '-e', '-f', '%s\n']);
    expect(out.trim().split('\n').at(-1)).toBe('from-kcat');
    const refused = await kcat([...as('bob'), '-P', '-t', 'orders-eu', '-p', '0'], 'from-bob\n').then(
      () => '',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/Topic authorization failed|TOPIC_AUTHORIZATION_FAILED/);
  }, 60_000);
});

describe('without authorizer.class.name there is no authorizer', () => {
  it('everything is allowed and the ACL APIs answer SECURITY_DISABLED', async () => {
    const plainDir = tempDir('acl-none-');
    const quiet = () => {};
    const open = await Broker.start({
      config: loadConfig({ env: { KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0', KAFKA_LOG_DIRS: plainDir } }),
      logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    const anyone = new Kafka({
      clientId: 'acl-none',
      brokers: [`127.0.0.1:${open.port}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
    }).admin();
    try {
      await anyone.connect();
      await anyone.createTopics({ topics: [{ topic: 'open-topic' }] });
      expect(await anyone.listTopics()).toContain('open-topic');
      const created = anyone.createAcls({
        acl: [allow(AclResourceTypes.TOPIC, 't', ResourcePatternTypes.LITERAL, 'User:x', AclOperationTypes.READ)],
      });
      expect(await kafkaErrorOf(created)).toBe('SECURITY_DISABLED');
    } finally {
      await anyone.disconnect();
      await open.stop();
      removeDir(plainDir);
    }
  }, 60_000);
});
