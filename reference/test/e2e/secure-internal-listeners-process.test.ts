/**
 * 브로커 사이와 컨트롤러 사이도 인증합니다: 프로세스 셋(브로커+컨트롤러)의 리스너가 모두 SASL입니다.
 *
 *   EXTERNAL    SASL_PLAINTEXT  클라이언트 (admin, alice: PLAIN)
 *   BROKER      SASL_SSL        브로커 사이 (팔로워의 Fetch, 트랜잭션 마커): SCRAM-SHA-512, 사용자 broker
 *   CONTROLLER  SASL_SSL        쿼럼(Vote, Fetch)과 브로커 → 컨트롤러(등록, 하트비트): PLAIN, 사용자 controller
 *
 * 인가기를 켜고 `allow.everyone.if.no.acl.found=false`, `super.users=User:broker;User:controller;User:admin`입니다.
 * User:ANONYMOUS는 어디에도 없습니다: 브로커가 자기 리스너의 사용자로 인증하지 못했다면 등록부터 막혀 노드가 뜨지
 * 않고, 팔로워의 Fetch가 거절되면 acks=all 쓰기가 끝나지 않습니다 (Kafka `KafkaApis.handleFetchRequest`는 팔로워에게
 * CLUSTER_ACTION을 묻습니다). alice는 ACL이 없어 거절됩니다: 클라이언트 리스너에서도, 컨트롤러 리스너에 붙어도
 * (Kafka `ControllerApis`는 그 리스너의 요청마다 CLUSTER_ACTION을, DescribeQuorum에는 DESCRIBE를 묻습니다).
 */
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificates, writeCertificates } from '../../../scripts/lib/certs.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import { systemClock } from '../../src/runtime/clock.js';
import { NetworkClient } from '../../src/runtime/network-client.js';
import { systemRandom } from '../../src/runtime/random.js';
import { QuorumProcesses, send, settle } from './quorum-processes.js';
import { removeDir, reservePort, tempDir } from './support.js';

const IDS = [1, 2, 3];
const PASSWORDS = { admin: 'admin-secret', alice: 'alice-secret', broker: 'broker-secret', controller: 'ctl-secret' };
const plain = (options: string) => `org.apache.kafka.common.security.plain.PlainLoginModule required ${options};`;
const scram = (options: string) => `org.apache.kafka.common.security.scram.ScramLoginModule required ${options};`;

let quorum: QuorumProcesses;
let certDir: string;
let caCert: string;

beforeAll(async () => {
  certDir = tempDir('internal-tls-');
  const files = writeCertificates(certDir, await createCertificates());
  caCert = readFileSync(files.caCert, 'utf8');
  const brokerPorts = new Map<number, number>();
  for (const id of IDS) brokerPorts.set(id, await reservePort());
  quorum = await QuorumProcesses.launch({
    name: 'secure-internal',
    ids: IDS,
    env: (n) => ({
      KAFKA_LISTENERS: [
        `EXTERNAL://127.0.0.1:${n.brokerPort}`,
        `BROKER://127.0.0.1:${brokerPorts.get(n.id)}`,
        `CONTROLLER://127.0.0.1:${n.controllerPort}`,
      ].join(','),
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'EXTERNAL:SASL_PLAINTEXT,BROKER:SASL_SSL,CONTROLLER:SASL_SSL',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_SSL_KEYSTORE_TYPE: 'PEM',
      KAFKA_SSL_KEYSTORE_LOCATION: files.nodeKeystore,
      KAFKA_SSL_TRUSTSTORE_TYPE: 'PEM',
      KAFKA_SSL_TRUSTSTORE_LOCATION: files.caCert,
      KAFKA_LISTENER_NAME_EXTERNAL_SASL_ENABLED_MECHANISMS: 'PLAIN',
      KAFKA_LISTENER_NAME_EXTERNAL_PLAIN_SASL_JAAS_CONFIG: plain(
        `user_admin="${PASSWORDS.admin}" user_alice="${PASSWORDS.alice}"`,
      ),
      KAFKA_LISTENER_NAME_BROKER_SASL_ENABLED_MECHANISMS: 'SCRAM-SHA-512',
      KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: 'SCRAM-SHA-512',
      KAFKA_LISTENER_NAME_BROKER_SCRAM___SHA___512_SASL_JAAS_CONFIG: scram(
        `username="broker" password="${PASSWORDS.broker}" user_broker="${PASSWORDS.broker}"`,
      ),
      KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS: 'PLAIN',
      KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL: 'PLAIN',
      // alice도 컨트롤러 리스너에서 인증할 수 있게 해 두고, 인가가 그를 막는지 봅니다.
      KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG: plain(
        `username="controller" password="${PASSWORDS.controller}" user_controller="${PASSWORDS.controller}" user_alice="${PASSWORDS.alice}"`,
      ),
      KAFKA_AUTHORIZER_CLASS_NAME: 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: 'false',
      KAFKA_SUPER_USERS: 'User:broker;User:controller;User:admin',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    }),
    readyTimeoutMs: 120_000,
    requestTimeoutMs: 5000,
  });
}, 240_000);

afterAll(async () => {
  await quorum?.close();
  if (certDir) removeDir(certDir);
});

function client(user: 'admin' | 'alice'): Kafka {
  return new Kafka({
    clientId: `secure-internal-${user}`,
    brokers: quorum.nodes.map((n) => `127.0.0.1:${n.brokerPort}`),
    sasl: { mechanism: 'plain', username: user, password: PASSWORDS[user] },
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

describe('브로커 사이와 컨트롤러 사이의 SASL_SSL', () => {
  it('세 노드가 컨트롤러 리스너로 인증해 등록하고, 복제 계수 3인 토픽의 acks=all 쓰기가 브로커 사이 리스너의 복제로 끝납니다', async () => {
    const admin = client('admin').admin();
    await admin.connect();
    try {
      const registered = await settle(
        '세 브로커가 등록됨',
        async () => ((await admin.describeCluster()).brokers.length === 3 ? true : null),
        60_000,
      );
      expect(registered).toBe(true);
      // 답은 컨트롤러가 커밋한 뒤에 오지만, 다른 브로커의 메타데이터는 조금 늦을 수 있어 리더가 보일 때까지 묻습니다.
      await admin.createTopics({
        topics: [{ topic: 'secured', numPartitions: 3, replicationFactor: 3 }],
        waitForLeaders: false,
      });
      await settle(
        '세 파티션의 리더가 보임',
        async () => {
          const [topic] = (await admin.fetchTopicMetadata({ topics: ['secured'] }).catch(() => ({ topics: [] })))
            .topics;
          return topic?.partitions.length === 3 && topic.partitions.every((p) => p.leader >= 0) ? true : null;
        },
        60_000,
      );
      const producer = client('admin').producer({ idempotent: true });
      await producer.connect();
      try {
        const values = ['a', 'b', 'c', 'd', 'e', 'f'];
        for (const value of values) await producer.send({ topic: 'secured', acks: -1, messages: [{ value }] });
      } finally {
        await producer.disconnect();
      }
      // 팔로워가 BROKER 리스너로 인증해 따라왔으니 ISR은 셋 그대로입니다.
      const [metadata] = (await admin.fetchTopicMetadata({ topics: ['secured'] })).topics;
      expect(metadata?.partitions.map((p) => [...p.isr].sort())).toEqual([
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ]);
      const ends = await admin.fetchTopicOffsets('secured');
      expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(6);
    } finally {
      await admin.disconnect();
    }
  }, 180_000);

  it('ACL이 없는 alice의 쓰기는 TOPIC_AUTHORIZATION_FAILED로 거절됩니다 (브로커 사이의 권한은 사용자에게 새지 않습니다)', async () => {
    const producer = client('alice').producer();
    await producer.connect();
    try {
      // kafkajs는 재시도하지 않을 오류를 KafkaJSNonRetriableError로 싸서 던집니다: 브로커의 답은 그 cause입니다.
      await expect(producer.send({ topic: 'secured', messages: [{ value: 'x' }] })).rejects.toMatchObject({
        cause: { type: 'TOPIC_AUTHORIZATION_FAILED' },
      });
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it('컨트롤러 리스너에 붙은 alice는 아무것도 받지 못합니다: 하트비트·DescribeQuorum은 CLUSTER_AUTHORIZATION_FAILED, 넘겨받는 관리 요청(CreateTopics)은 연결이 끊깁니다', async () => {
    const controllerClient = (user: 'alice' | 'controller') =>
      new NetworkClient({
        endpoints: new Map(quorum.nodes.map((n) => [n.id, { host: '127.0.0.1', port: n.controllerPort }])),
        clientId: `controller-listener-${user}`,
        clock: systemClock,
        random: systemRandom,
        requestTimeoutMs: 10_000,
        security: {
          protocol: 'SASL_SSL',
          tls: { ca: caCert, rejectUnauthorized: true },
          sasl: { mechanism: 'PLAIN', username: user, password: PASSWORDS[user] },
        },
      });
    const describeQuorum = {
      apiKey: ApiKey.DescribeQuorum,
      apiVersion: 2,
      body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
    };
    const errorOf = (reply: Awaited<ReturnType<typeof send>>) =>
      reply.ok ? (reply.response as { errorCode: number }).errorCode : reply.error;
    const alice = controllerClient('alice');
    const controller = controllerClient('controller');
    try {
      expect(errorOf(await send(alice, 1, describeQuorum))).toBe(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      const heartbeat = {
        apiKey: ApiKey.BrokerHeartbeat,
        apiVersion: 1,
        body: { brokerId: 1, brokerEpoch: 1, currentMetadataOffset: 0, wantFence: true, wantShutDown: true },
      };
      expect(errorOf(await send(alice, 1, heartbeat))).toBe(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      const createTopics = {
        apiKey: ApiKey.CreateTopics,
        apiVersion: 7,
        body: {
          topics: [{ name: 'sneaky', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
          timeoutMs: 5000,
          validateOnly: false,
        },
      };
      expect(errorOf(await send(alice, 1, createTopics))).toBe('DISCONNECTED');
      // 같은 리스너의 controller(super.users)는 답을 받습니다.
      expect(errorOf(await send(controller, 1, describeQuorum))).not.toBe(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      const admin = client('admin').admin();
      await admin.connect();
      try {
        expect((await admin.listTopics()).includes('sneaky')).toBe(false);
      } finally {
        await admin.disconnect();
      }
    } finally {
      alice.close();
      controller.close();
    }
  }, 60_000);
});
