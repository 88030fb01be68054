/**
 * TLS 리스너: 한 브로커가 PLAINTEXT, SSL(`ssl.client.auth=required`), SSL_OPTIONAL(SSL, `requested`), SASL_SSL(PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512)을 함께 엽니다. 인증서는 시험마다 임시 디렉터리에 새로 만듭니다 (`scripts/lib/certs.ts`).
 * 진짜 클라이언트(kafkajs 2.2.4, kcat, @platformatic/kafka)가 TLS로 쓰고, 그룹으로 읽고, 커밋하고, 트랜잭션을 맺습니다.
 * 인증서 없는 클라이언트, 다른 CA의 인증서, TLS 포트의 평문, 평문 포트의 TLS ClientHello는 연결이 닫히고 로그가
 * 남으며, 그동안 브로커는 다른 클라이언트를 계속 서비스합니다.
 */
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CertificateFiles,
  type CertificateSet,
  createCertificates,
  writeCertificates,
} from '../../../scripts/lib/certs.js';
import { Broker } from '../../src/broker.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { frame } from '../../src/protocol/framer.js';
import { loadConfig } from '../../src/server/config.js';
import type { Logger } from '../../src/server/logger.js';
import { encodeRequest } from './raw-client.js';
import { kcat, readAllWithKcat, removeDir, tempDir } from './support.js';

const PASSWORDS = { alice: 'alice-secret', bob: 'bob-secret' };
const jaas = (module: string) =>
  `org.apache.kafka.common.security.${module} required user_alice="${PASSWORDS.alice}" user_bob="${PASSWORDS.bob}";`;

let broker: Broker;
let dir: string;
let certs: CertificateSet;
let files: CertificateFiles;
/** 다른 CA가 서명한 인증서 (브로커가 믿지 않는) */
let stranger: CertificateFiles;
const ports = { plain: 0, ssl: 0, optional: 0, saslSsl: 0 };
const logLines: string[] = [];

beforeAll(async () => {
  dir = tempDir('tls-');
  certs = await createCertificates({ clients: ['alice', 'bob'] });
  files = writeCertificates(`${dir}/certs`, certs);
  stranger = writeCertificates(
    `${dir}/stranger`,
    await createCertificates({ clients: ['mallory'], caName: 'other-ca' }),
  );
  const env = {
    KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,SSL_OPTIONAL://127.0.0.1:0,SASL_SSL://127.0.0.1:0',
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,SSL_OPTIONAL:SSL,SASL_SSL:SASL_SSL',
    KAFKA_SSL_KEYSTORE_TYPE: 'PEM',
    KAFKA_SSL_KEYSTORE_LOCATION: files.nodeKeystore,
    KAFKA_SSL_TRUSTSTORE_TYPE: 'PEM',
    KAFKA_SSL_TRUSTSTORE_LOCATION: files.caCert,
    // 브로커 전체는 required. SSL_OPTIONAL만 리스너 설정으로 requested (listener.name.ssl_optional.ssl.client.auth).
    // SASL_SSL에는 브로커 전체의 값이 닿지 않습니다 (Kafka: 리스너에 정했을 때만): 인증서 없이 SASL로 인증합니다.
    KAFKA_SSL_CLIENT_AUTH: 'required',
    KAFKA_LISTENER_NAME_SSL__OPTIONAL_SSL_CLIENT_AUTH: 'requested',
    KAFKA_SASL_ENABLED_MECHANISMS: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG: jaas('plain.PlainLoginModule'),
    KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___256_SASL_JAAS_CONFIG: jaas('scram.ScramLoginModule'),
    KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___512_SASL_JAAS_CONFIG: jaas('scram.ScramLoginModule'),
    KAFKA_NUM_PARTITIONS: '2',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_LOG_DIRS: `${dir}/data`,
  };
  const remember = (message: string) => {
    logLines.push(message);
  };
  const logger: Logger = { debug: () => {}, info: remember, warn: remember, error: remember };
  broker = await Broker.start({ config: loadConfig({ env }), logger });
  const portOf = (name: string) => broker.listeners.find((l) => l.name === name)?.boundPort ?? 0;
  Object.assign(ports, {
    plain: portOf('PLAINTEXT'),
    ssl: portOf('SSL'),
    optional: portOf('SSL_OPTIONAL'),
    saslSsl: portOf('SASL_SSL'),
  });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  removeDir(dir);
});

function client(port: number, ssl: KafkaConfig['ssl'], sasl?: SASLOptions, clientId = 'tls-e2e'): Kafka {
  return new Kafka({
    clientId,
    brokers: [`127.0.0.1:${port}`],
    ssl,
    sasl,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 100 },
  });
}

/** CA만 믿는 TLS 설정, `clientName`을 주면 그 클라이언트 인증서도 내밉니다 */
const tlsWith = (clientName?: string) => {
  const pair = clientName ? certs.clients.get(clientName) : undefined;
  return { ca: [certs.ca.cert], ...(pair ? { cert: pair.cert, key: pair.key } : {}) };
};

/**
 * 진짜 워크숍의 순서: 토픽을 만들고, Metadata가 이 리스너의 포트만 알리는지 보고, 트랜잭션 하나로 쓰고, 그룹으로 읽으며
 * 커밋한 뒤, 그룹의 커밋을 다시 읽습니다.
 */
async function produceConsumeCommitTransaction(kafka: Kafka, port: number, name: string): Promise<void> {
  const topic = `tls-${name}`;
  const groupId = `g-${name}`;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ transactionalId: `tx-${name}`, idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId });
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const { brokers } = await admin.describeCluster();
    expect(brokers.map((b) => b.port)).toEqual([port]);

    await producer.connect();
    const values = ['a', 'b', 'c', 'd'].map((v) => `${name}-${v}`);
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: values.map((value, i) => ({ value, partition: i % 2 })) });
    await transaction.commit();

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`읽은 것: ${seen.join(',')}`)), 30_000);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          seen.push(String(message.value));
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (seen.length === values.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    expect(seen.sort()).toEqual([...values].sort());
    await consumer.stop();
    // 트랜잭션 마커가 각 파티션의 오프셋 2를 차지하므로 마지막으로 읽은 레코드 다음은 2입니다.
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
      [0, '2'],
      [1, '2'],
    ]);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  }
}

describe('kafkajs over TLS', () => {
  it('SSL with a client certificate: produce in a transaction, consume in a group, commit', async () => {
    await produceConsumeCommitTransaction(client(ports.ssl, tlsWith('alice')), ports.ssl, 'ssl');
  }, 90_000);

  it.each([
    ['plain', 'alice'],
    ['scram-sha-512', 'bob'],
  ] as const)(
    'SASL_SSL with %s: produce in a transaction, consume in a group, commit',
    async (mechanism, username) => {
      const sasl = { mechanism, username, password: PASSWORDS[username] } as SASLOptions;
      const kafka = client(ports.saslSsl, tlsWith(), sasl, `tls-${mechanism}`);
      await produceConsumeCommitTransaction(kafka, ports.saslSsl, `sasl-ssl-${mechanism}`);
    },
    90_000,
  );

  it('SASL_SSL with a wrong password gets KafkaJSSASLAuthenticationError', async () => {
    const sasl = { mechanism: 'scram-sha-512', username: 'alice', password: 'wrong-password-7' } as SASLOptions;
    const admin = client(ports.saslSsl, tlsWith(), sasl).admin();
    const error = await admin.connect().then(
      () => null,
      (e: unknown) => e,
    );
    await admin.disconnect();
    expect((error as Error | null)?.name).toBe('KafkaJSSASLAuthenticationError');
  }, 60_000);

  it('a client that does not trust the broker certificate does not connect', async () => {
    const admin = client(ports.ssl, { ca: [readFileSync(stranger.caCert, 'utf8')] }).admin();
    const error = await admin.connect().then(
      () => null,
      (e: unknown) => e,
    );
    await admin.disconnect();
    expect(String(error)).toMatch(/self.signed|unable to verify|certificate/i);
  }, 60_000);
});

describe('kcat over TLS', () => {
  const ssl = (client?: { cert: string; key: string }, ca = files.caCert) => [
    '-X',
    'security.protocol=SSL',
    '-X',
    `ssl.ca.location=${ca}`,
    ...(client ? ['-X', `ssl.certificate.location=${client.cert}`, '-X', `ssl.key.location=${client.key}`] : []),
  ];

  it('SSL with a client certificate (ssl.client.auth=required) produces and consumes', async () => {
    const bootstrap = `127.0.0.1:${ports.ssl}`;
    const alice = files.clients.get('alice');
    await kcat([...ssl(alice), '-b', bootstrap, '-P', '-t', 'kcat-ssl', '-p', '0'], 'one\ntwo\n');
    const read = await readAllWithKcat(bootstrap, 'kcat-ssl', ssl(alice));
    expect(read.get(0)?.map((r) => r.value)).toEqual(['one', 'two']);
  }, 60_000);

  it('SSL without a client certificate is refused where it is required, and logged', async () => {
    const run = kcat([...ssl(), '-b', `127.0.0.1:${ports.ssl}`, '-L', '-m', '5']);
    await expect(run).rejects.toThrow(/SSL|certificate|handshake|Disconnected|transport/i);
    expect(
      logLines.some((l) => /^SSL TLS 핸드셰이크 실패 \(127\.0\.0\.1:\d+\).*peer did not return a certificate$/.test(l)),
    ).toBe(true);
  }, 60_000);

  it('a client certificate from another CA is refused even where it is only requested', async () => {
    const mallory = stranger.clients.get('mallory');
    const run = kcat([...ssl(mallory), '-b', `127.0.0.1:${ports.optional}`, '-L', '-m', '5']);
    await expect(run).rejects.toThrow();
    expect(logLines.some((l) => l.includes('SSL_OPTIONAL TLS 연결') && l.includes('믿을 수 없습니다'))).toBe(true);
  }, 60_000);

  it('SSL without a client certificate is accepted where it is only requested', async () => {
    const out = await kcat([...ssl(), '-b', `127.0.0.1:${ports.optional}`, '-L', '-m', '10']);
    expect(out).toContain(`127.0.0.1:${ports.optional}`);
  }, 60_000);

  it.each(['SCRAM-SHA-256', 'SCRAM-SHA-512'])(
    'SASL_SSL with %s produces and consumes',
    async (mechanism) => {
      const sasl = [
        ...ssl(),
        '-X',
        'security.protocol=SASL_SSL',
        '-X',
        `sasl.mechanisms=${mechanism}`,
        '-X',
        'sasl.username=bob',
        '-X',
        `sasl.password=${PASSWORDS.bob}`,
      ];
      const bootstrap = `127.0.0.1:${ports.saslSsl}`;
      const topic = `kcat-${mechanism}`;
      await kcat([...sasl, '-b', bootstrap, '-P', '-t', topic, '-p', '0'], 'x\ny\n');
      const read = await readAllWithKcat(bootstrap, topic, sasl);
      expect(read.get(0)?.map((r) => r.value)).toEqual(['x', 'y']);
    },
    60_000,
  );
});

describe('@platformatic/kafka over SASL_SSL', () => {
  it('SCRAM-SHA-256: creates a topic and produces; kcat on the PLAINTEXT listener reads it back', async () => {
    const topic = 'pf-sasl-ssl';
    const options = {
      bootstrapBrokers: [`127.0.0.1:${ports.saslSsl}`],
      tls: { ca: [certs.ca.cert] },
      sasl: { mechanism: 'SCRAM-SHA-256' as const, username: 'alice', password: PASSWORDS.alice },
    };
    const admin = new Admin({ clientId: 'pf-sasl-ssl-admin', ...options });
    try {
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    } finally {
      await admin.close();
    }
    const producer = new Producer({ clientId: 'pf-sasl-ssl', ...options, serializers: stringSerializers, acks: 1 });
    try {
      await producer.send({ messages: ['p', 'q'].map((value) => ({ topic, partition: 0, value })) });
    } finally {
      await producer.close();
    }
    const read = await readAllWithKcat(`127.0.0.1:${ports.plain}`, topic);
    expect(read.get(0)?.map((r) => r.value)).toEqual(['p', 'q']);
  }, 60_000);
});

/** 소켓이 닫힐 때까지 기다리고, 그동안 받은 바이트 수를 돌려줍니다. */
function untilClosed(socket: Socket): Promise<number> {
  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  socket.on('error', () => {});
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}

describe('bad input on the wrong port', () => {
  const metadataRequest = () =>
    frame(encodeRequest(ApiKey.Metadata, 1, { topics: [] }, { correlationId: 1, clientId: 'wrong-port' }));

  it('plaintext Kafka bytes on a TLS port: no answer, closed, logged; the broker keeps serving', async () => {
    const socket = netConnect(ports.ssl, '127.0.0.1');
    socket.on('connect', () => socket.write(metadataRequest()));
    const closed = untilClosed(socket);
    await closed;
    expect(logLines.some((l) => /^SSL TLS 핸드셰이크 실패 \(127\.0\.0\.1:\d+\).*wrong version number$/.test(l))).toBe(
      true,
    );
    await expectStillServing();
  }, 30_000);

  it('a TLS ClientHello on the PLAINTEXT port: closed and logged; the broker keeps serving', async () => {
    const socket = tlsConnect({ host: '127.0.0.1', port: ports.plain, ca: [certs.ca.cert] });
    const closed = untilClosed(socket);
    // ClientHello의 첫 네 바이트(16 03 01 …)를 크기로 읽으면 socket.request.max.bytes보다 훨씬 큽니다: 잘못된 프레임.
    const received = await closed;
    expect(received).toBe(0);
    // 레코드 헤더 16 03 01 xx: 핸드셰이크(0x16), TLS 1.0 레코드 버전(03 01), 길이의 높은 바이트
    const sizes = logLines
      .map((l) => /잘못된 프레임: 프레임 크기 (\d+)바이트/.exec(l)?.[1])
      .filter((n) => n !== undefined);
    expect(sizes.map((n) => Number(n) >>> 8)).toContain(0x160301);
    await expectStillServing();
  }, 30_000);
});

/** 새 TLS 연결로 Metadata를 물어 브로커가 답하는지 봅니다 */
async function expectStillServing(): Promise<void> {
  const admin = client(ports.ssl, tlsWith('bob')).admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    expect(brokers.map((b) => b.port)).toEqual([ports.ssl]);
  } finally {
    await admin.disconnect();
  }
}
