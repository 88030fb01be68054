/**
 * 13장 끝에서 끝까지 테스트: 여러분의 인가기와 SCRAM 서버로 도는 노드 셋을 `npm run cluster -- --sasl-ssl`로 띄우고,
 * 진짜 클라이언트(kafkajs, kcat)가 SASL_SSL로 붙습니다. 노드 프로세스는 `COURSE_CHAPTER=13`으로 뜨므로 모든 SCRAM 인증과
 * 요청마다의 권한 검사가 여러분의 `authorizer.ts`, `scram.ts`, `sasl-server.ts`를 지납니다. 나머지는 reference입니다.
 *
 * 클러스터의 보안 설정은 강의의 "직접 해보기"와 같습니다: 인가기를 켜고(`authorizer.class.name`), `super.users`는
 * admin과 브로커 사이의 PLAINTEXT 주체(ANONYMOUS), `allow.everyone.if.no.acl.found`는 기본값 false. admin이 alice에게
 * `orders-`로 시작하는 토픽의 WRITE·READ(PREFIXED), 그룹 `orders-app`의 READ, 그룹 `orders-audit`의 DESCRIBE를 주고,
 * 모두에게 `orders-secret`의 ALL을 막습니다(DENY).
 *
 * 기다림은 모두 횟수와 시간으로 묶여 있고, 띄운 클러스터는 끝에 `npm run cluster -- down`으로 멈춥니다.
 * 러너는 앞의 단위 테스트(authorizer.test.ts, scram.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다. 테스트는 고치지 마세요.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type SASLOptions,
} from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CourseTarget } from '../../../course/resolve.js';
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { systemClock } from '../../../reference/src/runtime/clock.js';
import { NetworkClient } from '../../../reference/src/runtime/network-client.js';
import { systemRandom } from '../../../reference/src/runtime/random.js';
import { kcat } from '../../../reference/test/e2e/support.js';
import { freePortOffset } from '../../../scripts/lib/cluster/free-ports.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'chapter-13-'));
const target = (process.env.COURSE_TARGET || 'exercises') as CourseTarget;
/** `npm run cluster -- --sasl-ssl`가 쓰는 인증서 (없으면 만듭니다) */
const CA = path.join(root, 'data', 'certs', 'ca.pem');
const SASL_SSL_STEP = 5;
const PASSWORDS = { admin: 'admin-secret', alice: 'alice-secret' } as const;
const MESSAGES = ['order-1', 'order-2', 'order-3'];

let clusterArgs: string[] = [];
let plaintextPorts: number[] = [];
let saslPorts: number[] = [];
let startFailure: Error | null = null;

function cluster(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cluster', '--', ...args], {
      cwd: root,
      // 노드 프로세스가 13장의 모듈을 여러분의 것(또는 해답)으로 가져옵니다
      env: { ...process.env, COURSE_CHAPTER: '13', COURSE_TARGET: target, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function clusterLog(): string {
  const file = path.join(dataDir, 'cluster.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function requireStarted(): void {
  if (startFailure) throw startFailure;
  if (saslPorts.length === 0) throw new Error('클러스터가 뜨지 않았습니다 (SaslSslClusterStarts를 먼저 보세요)');
}

function client(user: string, password: string, mechanism: 'scram-sha-256' | 'scram-sha-512' = 'scram-sha-512') {
  return new Kafka({
    clientId: `chapter-13-${user}`,
    brokers: saslPorts.map((port) => `127.0.0.1:${port}`),
    ssl: { ca: [readFileSync(CA, 'utf8')] },
    sasl: { mechanism, username: user, password } as SASLOptions,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 200 },
  });
}

/** 조건이 참이 될 때까지 (던진 것은 "아직") 최대 maxMs */
async function until<T>(what: string, probe: () => Promise<T | null>, maxMs: number): Promise<T> {
  let last: unknown = null;
  for (const deadline = Date.now() + maxMs; Date.now() < deadline; ) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${maxMs / 1000}초 안에 ${what}${last ? ` (마지막 오류: ${String(last)})` : ''}`);
}

/** kafkajs가 던진 오류의 Kafka 오류 이름 (재시도 끝의 오류는 `cause`, `originalError`나 `errors`에 감싸 던집니다) */
async function kafkaErrorOf(action: Promise<unknown>): Promise<string> {
  const error = await action.then(
    () => null,
    (e: unknown) =>
      e as {
        type?: string;
        cause?: { type?: string };
        originalError?: { type?: string };
        errors?: { type?: string }[];
      },
  );
  if (!error) return '성공 (거절되어야 합니다)';
  return error.type ?? error.cause?.type ?? error.originalError?.type ?? error.errors?.[0]?.type ?? String(error);
}

/**
 * ACL은 메타데이터 로그로 노드마다 조금씩 다른 때에 퍼집니다. 세 노드가 모두 `count`개를 적용할 때까지 노드마다 PLAINTEXT
 * 리스너(주체 ANONYMOUS, super user)로 DescribeAcls를 묻습니다.
 */
async function untilAclsOnEveryNode(count: number): Promise<void> {
  const network = new NetworkClient({
    endpoints: new Map(plaintextPorts.map((port, i) => [i + 1, { host: '127.0.0.1', port }])),
    clientId: 'chapter-13-acls',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: 5000,
    reconnectBackoffMs: 100,
  });
  try {
    for (const id of [1, 2, 3]) {
      await until(
        `노드 ${id}가 ACL ${count}개를 적용합니다`,
        () =>
          new Promise<true | null>((resolve) =>
            network.send(
              id,
              {
                apiKey: ApiKey.DescribeAcls,
                apiVersion: 3,
                body: {
                  resourceTypeFilter: AclResourceTypes.ANY,
                  resourceNameFilter: null,
                  patternTypeFilter: ResourcePatternTypes.ANY,
                  principalFilter: null,
                  hostFilter: null,
                  operation: AclOperationTypes.ANY,
                  permissionType: AclPermissionTypes.ANY,
                },
              },
              (reply) => {
                const body = reply.ok ? (reply.response as { resources: { acls: unknown[] }[] }) : null;
                const applied = body?.resources.reduce((n, r) => n + r.acls.length, 0) ?? -1;
                resolve(applied === count ? true : null);
              },
            ),
          ),
        60_000,
      );
    }
  } finally {
    network.close();
  }
}

function kcatAs(user: keyof typeof PASSWORDS, password: string = PASSWORDS[user]): string[] {
  return [
    '-b',
    `127.0.0.1:${saslPorts[0]}`,
    '-X',
    'security.protocol=SASL_SSL',
    '-X',
    `ssl.ca.location=${CA}`,
    '-X',
    'sasl.mechanisms=SCRAM-SHA-256',
    '-X',
    `sasl.username=${user}`,
    '-X',
    `sasl.password=${password}`,
  ];
}

afterAll(async () => {
  if (clusterArgs.length > 0) await cluster(['down', '--data-dir', dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('13장: SASL_SSL과 ACL이 켜진 클러스터', () => {
  it('SaslSslClusterStarts: 여러분의 코드로 노드 셋이 SASL_SSL 리스너와 함께 뜨고, admin은 SCRAM-SHA-512로 인증하며 틀린 비밀번호는 거절됩니다', async () => {
    const offset = await freePortOffset(dataDir);
    clusterArgs = [`--port-offset=${offset}`, '--data-dir', dataDir];
    const started = await cluster([
      '--detach',
      '--sasl-ssl',
      ...clusterArgs,
      '--set',
      'KAFKA_AUTHORIZER_CLASS_NAME=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      '--set',
      'KAFKA_SUPER_USERS=User:admin;User:ANONYMOUS',
    ]);
    if (started.code !== 0) {
      startFailure = new Error(
        `npm run cluster -- --detach --sasl-ssl가 코드 ${started.code}로 끝났습니다:\n${started.output}`,
      );
      throw startFailure;
    }
    const bootstrap = started.output.trim().split('\n').at(-1) ?? '';
    plaintextPorts = bootstrap.split(',').map((address) => Number(address.split(':')[1]));
    saslPorts = plaintextPorts.map((port) => port + SASL_SSL_STEP);
    expect(clusterLog(), '노드가 13장의 모듈을 가져왔다고 알리지 않았습니다').toContain(
      `13장의 모듈 3개를 ${target}/13-security/src/에서 가져옵니다`,
    );

    const admin = client('admin', PASSWORDS.admin).admin();
    await admin.connect();
    try {
      // 메타데이터는 클라이언트가 붙은 리스너(SASL_SSL)의 주소를 알립니다
      const ports = await until(
        '세 브로커가 모두 보입니다',
        async () => {
          const { brokers } = await admin.describeCluster();
          return brokers.length === 3 ? brokers.map((b) => b.port).sort() : null;
        },
        60_000,
      );
      expect(ports).toEqual([...saslPorts].sort());
    } finally {
      await admin.disconnect();
    }
    const intruder = client('admin', 'not-the-password').admin();
    const error = await intruder.connect().then(
      () => null,
      (e: unknown) => e as Error,
    );
    await intruder.disconnect();
    expect(error?.name, '틀린 비밀번호로 인증이 되었습니다').toBe('KafkaJSSASLAuthenticationError');
  }, 300_000);

  it('AllowedClientWorks: ACL로 허락받은 alice는 PREFIXED `orders-` 토픽에 쓰고 그룹 orders-app으로 읽습니다', async () => {
    requireStarted();
    const admin = client('admin', PASSWORDS.admin).admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: ['orders-eu', 'orders-secret', 'payments'].map((topic) => ({
          topic,
          numPartitions: 1,
          replicationFactor: 3,
        })),
        waitForLeaders: false,
      });
      await until(
        '세 토픽의 리더가 정해집니다',
        async () => {
          const { topics } = await admin.fetchTopicMetadata({ topics: ['orders-eu', 'orders-secret', 'payments'] });
          return topics.every((t) => t.partitions.every((p) => p.leader >= 0)) ? true : null;
        },
        60_000,
      );
      const acl = (
        resourceType: AclResourceTypes,
        resourceName: string,
        resourcePatternType: ResourcePatternTypes,
        principal: string,
        operation: AclOperationTypes,
        permissionType = AclPermissionTypes.ALLOW,
      ) => ({ resourceType, resourceName, resourcePatternType, principal, host: '*', operation, permissionType });
      await admin.createAcls({
        acl: [
          acl(AclResourceTypes.TOPIC, 'orders-', ResourcePatternTypes.PREFIXED, 'User:alice', AclOperationTypes.WRITE),
          acl(AclResourceTypes.TOPIC, 'orders-', ResourcePatternTypes.PREFIXED, 'User:alice', AclOperationTypes.READ),
          acl(AclResourceTypes.GROUP, 'orders-app', ResourcePatternTypes.LITERAL, 'User:alice', AclOperationTypes.READ),
          // 그룹 orders-audit는 DESCRIBE만: 코디네이터는 찾지만(FindCoordinator) 합류(JoinGroup, READ)는 못 합니다
          acl(
            AclResourceTypes.GROUP,
            'orders-audit',
            ResourcePatternTypes.LITERAL,
            'User:alice',
            AclOperationTypes.DESCRIBE,
          ),
          acl(
            AclResourceTypes.TOPIC,
            'orders-secret',
            ResourcePatternTypes.LITERAL,
            'User:*',
            AclOperationTypes.ALL,
            AclPermissionTypes.DENY,
          ),
        ],
      });
    } finally {
      await admin.disconnect();
    }
    await untilAclsOnEveryNode(5);

    const alice = client('alice', PASSWORDS.alice);
    const producer = alice.producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'orders-eu', acks: -1, messages: MESSAGES.map((value) => ({ value })) });
    } finally {
      await producer.disconnect();
    }
    const consumer = alice.consumer({ groupId: 'orders-app' });
    const received: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'orders-eu', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      await until(
        'alice가 세 레코드를 받습니다',
        async () => (received.length >= MESSAGES.length ? true : null),
        90_000,
      );
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual(MESSAGES);
  }, 240_000);

  it('DeniedClientGetsKafkaCodes: ACL이 없는 토픽과 DENY된 토픽은 TOPIC_AUTHORIZATION_FAILED, DESCRIBE만 받은 그룹의 합류는 GROUP_AUTHORIZATION_FAILED, ACL 만들기는 CLUSTER_AUTHORIZATION_FAILED입니다', async () => {
    requireStarted();
    const alice = client('alice', PASSWORDS.alice);
    const producer = alice.producer();
    await producer.connect();
    const admin = alice.admin();
    await admin.connect();
    try {
      // payments: 아무 ACL도 없고 allow.everyone.if.no.acl.found=false
      expect(await kafkaErrorOf(producer.send({ topic: 'payments', messages: [{ value: 'x' }] })), 'payments').toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
      // orders-secret: PREFIXED `orders-`의 ALLOW가 걸리지만 DENY가 먼저입니다
      expect(
        await kafkaErrorOf(producer.send({ topic: 'orders-secret', messages: [{ value: 'x' }] })),
        'orders-secret',
      ).toBe('TOPIC_AUTHORIZATION_FAILED');
      // 그룹 orders-audit: DESCRIBE만 있어 JoinGroup(GROUP READ)이 거절됩니다
      const consumer = alice.consumer({ groupId: 'orders-audit' });
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
        expect(await crashed, 'orders-audit에 합류').toBe('GROUP_AUTHORIZATION_FAILED');
      } finally {
        await consumer.disconnect();
      }
      // alice는 클러스터를 바꿀 수 없습니다 (CreateAcls는 CLUSTER ALTER)
      expect(
        await kafkaErrorOf(
          admin.createAcls({
            acl: [
              {
                resourceType: AclResourceTypes.TOPIC,
                resourceName: 'payments',
                resourcePatternType: ResourcePatternTypes.LITERAL,
                principal: 'User:alice',
                host: '*',
                operation: AclOperationTypes.ALL,
                permissionType: AclPermissionTypes.ALLOW,
              },
            ],
          }),
        ),
        'alice의 CreateAcls',
      ).toBe('CLUSTER_AUTHORIZATION_FAILED');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  }, 120_000);

  it('KcatOverSaslSsl: kcat(librdkafka)이 SCRAM-SHA-256으로 alice의 레코드를 읽고, payments의 메타데이터는 권한 오류입니다', async () => {
    requireStarted();
    const read = await kcat([...kcatAs('alice'), '-C', '-t', 'orders-eu', '-o', 'beginning', '-e', '-q', '-f', '%s\n']);
    expect(read.trim().split('\n')).toEqual(MESSAGES);
    const denied = await kcat([...kcatAs('alice'), '-L', '-t', 'payments']);
    expect(denied).toContain('topic "payments" with 0 partitions: Broker: Topic authorization failed');
    const wrong = await kcat([...kcatAs('alice', 'wrong'), '-L', '-m', '5']).then(
      () => '성공 (거절되어야 합니다)',
      (e: Error) => e.message,
    );
    expect(wrong).toContain('SASL authentication error');
  }, 120_000);
});
