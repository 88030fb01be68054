/**
 * SASL_PLAINTEXT 리스너: 한 브로커가 PLAINTEXT(누구나)와 SASL_PLAINTEXT(PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)를 함께
 * 엽니다. 진짜 클라이언트(kafkajs 2.2.4, kcat)가 인증하고 쓰고 그룹으로 읽고 커밋하며, 틀린 비밀번호는 거절됩니다.
 * 날 소켓으로는 인증 전의 요청, 모르는 방식, 잘린·너무 큰 프레임, SaslHandshake v0의 날 토큰을 보냅니다. 그동안
 * 브로커는 다른 연결을 계속 서비스하고, 실패는 주체와 주소와 함께 로그에 남되 비밀번호는 남지 않습니다.
 */
import { connect, type Socket } from 'node:net';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../../src/broker.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { Framer, frame } from '../../src/protocol/framer.js';
import { loadConfig } from '../../src/server/config.js';
import type { Logger } from '../../src/server/logger.js';
import { decodeResponse, encodeRequest } from './raw-client.js';
import { kcat, readAllWithKcat, removeDir, tempDir } from './support.js';

const PASSWORDS = { alice: 'alice-secret', bob: 'bob-secret' };
const jaas = (module: string) =>
  `org.apache.kafka.common.security.${module} required user_alice="${PASSWORDS.alice}" user_bob="${PASSWORDS.bob}";`;
const ENV = {
  KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
  KAFKA_SASL_ENABLED_MECHANISMS: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG: jaas('plain.PlainLoginModule'),
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___256_SASL_JAAS_CONFIG: jaas('scram.ScramLoginModule'),
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG: jaas('scram.ScramLoginModule'),
  KAFKA_NUM_PARTITIONS: '2',
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
};
const WRONG_PASSWORD = 'not-the-password-42';

let broker: Broker;
let dir: string;
let plainPort: number;
let saslPort: number;
const logLines: string[] = [];

function portOf(name: string): number {
  const listener = broker.listeners.find((l) => l.name === name);
  if (!listener) throw new Error(`리스너 ${name}이 없습니다`);
  return listener.boundPort;
}

beforeAll(async () => {
  dir = tempDir('sasl-');
  const remember = (message: string) => {
    logLines.push(message);
  };
  const logger: Logger = { debug: () => {}, info: remember, warn: remember, error: remember };
  broker = await Broker.start({ config: loadConfig({ env: { ...ENV, KAFKA_LOG_DIRS: dir } }), logger });
  plainPort = portOf('PLAINTEXT');
  saslPort = portOf('SASL_PLAINTEXT');
});

afterAll(async () => {
  await broker?.stop();
  removeDir(dir);
});

const MECHANISMS = [
  ['plain', 'PLAIN'],
  ['scram-sha-256', 'SCRAM-SHA-256'],
  ['scram-sha-512', 'SCRAM-SHA-512'],
] as const;

function client(port: number, sasl?: SASLOptions, clientId = 'sasl-e2e'): Kafka {
  return new Kafka({
    clientId,
    brokers: [`127.0.0.1:${port}`],
    sasl,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 100 },
  });
}

describe('kafkajs over SASL_PLAINTEXT', () => {
  it.each(MECHANISMS)(
    '%s: produce, consume in a group and commit',
    async (mechanism) => {
      const kafka = client(saslPort, { mechanism, username: 'alice', password: PASSWORDS.alice } as SASLOptions);
      const topic = `sasl-${mechanism}`;
      const admin = kafka.admin();
      await admin.connect();
      const producer = kafka.producer();
      const consumer = kafka.consumer({ groupId: `g-${mechanism}` });
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
        // 이 리스너로 온 Metadata는 이 리스너의 포트를 알립니다: kafkajs가 SASL 없는 포트로 가지 않습니다.
        const { brokers } = await admin.describeCluster();
        expect(brokers.map((b) => b.port)).toEqual([saslPort]);

        await producer.connect();
        const values = ['a', 'b', 'c', 'd'].map((v) => `${mechanism}-${v}`);
        await producer.send({ topic, messages: values.map((value, i) => ({ value, partition: i % 2 })) });

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
        const [committed] = await admin.fetchOffsets({ groupId: `g-${mechanism}`, topics: [topic] });
        expect(committed?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
          [0, '2'],
          [1, '2'],
        ]);
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
        await admin.disconnect();
      }
    },
    60_000,
  );

  it.each(MECHANISMS)(
    '%s: a wrong password or an unknown user gets KafkaJSSASLAuthenticationError',
    async (mechanism) => {
      for (const [username, password] of [
        ['alice', WRONG_PASSWORD],
        ['mallory', WRONG_PASSWORD],
      ]) {
        const admin = client(saslPort, { mechanism, username, password } as SASLOptions).admin();
        const error = await admin.connect().then(
          () => null,
          (e: unknown) => e,
        );
        await admin.disconnect();
        expect((error as Error | null)?.name).toBe('KafkaJSSASLAuthenticationError');
        // Kafka의 문구: 사용자가 있는지 드러내지 않습니다 (두 경우가 같은 문구)
        expect((error as Error).message).toMatch(
          mechanism === 'plain' ? /Invalid username or password/ : /invalid credentials with SASL mechanism SCRAM-SHA-/,
        );
      }
    },
  );

  it('the PLAINTEXT listener of the same broker still serves clients without SASL', async () => {
    const kafka = client(plainPort);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'plain-topic', messages: [{ value: 'x' }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    await admin.disconnect();
    expect(brokers.map((b) => b.port)).toEqual([plainPort]);
  });
});

describe('kcat over SASL_PLAINTEXT', () => {
  const sasl = (mechanism: string, password: string) => [
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    `sasl.mechanisms=${mechanism}`,
    '-X',
    'sasl.username=bob',
    '-X',
    `sasl.password=${password}`,
  ];

  it.each(MECHANISMS)(
    '%s: produces and consumes',
    async (_name, mechanism) => {
      const topic = `kcat-${mechanism}`;
      const bootstrap = `127.0.0.1:${saslPort}`;
      await kcat([...sasl(mechanism, PASSWORDS.bob), '-b', bootstrap, '-P', '-t', topic, '-p', '0'], 'one\ntwo\n');
      const out = await kcat([
        ...sasl(mechanism, PASSWORDS.bob),
        '-b',
        bootstrap,
        '-C',
        '-t',
        topic,
        '-p',
        '0',
        '-o',
        'beginning',
        '-e',
        '-f',
        '%s\n',
      ]);
      expect(out.trim().split('\n')).toEqual(['one', 'two']);
    },
    60_000,
  );

  it.each(MECHANISMS)(
    '%s: a wrong password fails',
    async (_name, mechanism) => {
      const run = kcat([...sasl(mechanism, WRONG_PASSWORD), '-b', `127.0.0.1:${saslPort}`, '-L', '-m', '5']);
      await expect(run).rejects.toThrow(/Authentication failed|SASL authentication error/);
    },
    60_000,
  );
});

describe('@platformatic/kafka over SASL_PLAINTEXT', () => {
  it.each(MECHANISMS)(
    '%s: creates a topic and produces; kcat on the PLAINTEXT listener reads it back',
    async (_name, mechanism) => {
      const topic = `pf-${mechanism}`;
      const options = {
        bootstrapBrokers: [`127.0.0.1:${saslPort}`],
        sasl: { mechanism, username: 'alice', password: PASSWORDS.alice },
      };
      const admin = new Admin({ clientId: 'pf-sasl-admin', ...options });
      try {
        await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
      } finally {
        await admin.close();
      }
      const producer = new Producer({ clientId: 'pf-sasl', ...options, serializers: stringSerializers, acks: 1 });
      try {
        await producer.send({ messages: ['x', 'y'].map((value) => ({ topic, partition: 0, value })) });
      } finally {
        await producer.close();
      }
      const partitions = await readAllWithKcat(`127.0.0.1:${plainPort}`, topic);
      expect(partitions.get(0)?.map((r) => r.value)).toEqual(['x', 'y']);
    },
    60_000,
  );

  it('a wrong password is refused', async () => {
    const admin = new Admin({
      clientId: 'pf-sasl-wrong',
      bootstrapBrokers: [`127.0.0.1:${saslPort}`],
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: WRONG_PASSWORD },
      retries: 0,
    });
    try {
      await expect(admin.listTopics()).rejects.toThrow();
    } finally {
      await admin.close();
    }
    expect(logLines.some((l) => l.includes('SASL 인증 실패 (SCRAM-SHA-512, User:alice)'))).toBe(true);
  }, 60_000);
});

/** 날 소켓 하나: 받은 응답 프레임을 모으고, 끊기면 `closed`가 풀립니다. */
class RawSasl {
  readonly frames: Buffer[] = [];
  readonly closed: Promise<void>;
  #correlationId = 0;
  readonly #framer = new Framer(64 * 1024 * 1024);
  #waiter: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const payload of this.#framer.feed(chunk)) this.frames.push(payload);
      this.#waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawSasl> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawSasl(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  request(apiKey: number, apiVersion: number, body: unknown): Buffer {
    return frame(
      encodeRequest(apiKey, apiVersion, body, { correlationId: ++this.#correlationId, clientId: 'raw-sasl' }),
    );
  }

  /** 요청을 보내고 응답 하나를 기다립니다 (끊기면 null). */
  async call<T = Record<string, unknown>>(apiKey: number, apiVersion: number, body: unknown): Promise<T | null> {
    this.write(this.request(apiKey, apiVersion, body));
    const payload = await this.next();
    return payload ? decodeResponse<T>(payload, apiKey, apiVersion).body : null;
  }

  /** 다음 프레임 (끊기면 null) */
  async next(): Promise<Buffer | null> {
    while (this.frames.length === 0) {
      const arrived = new Promise<boolean>((resolve) => {
        this.#waiter = () => resolve(true);
        void this.closed.then(() => resolve(false));
      });
      if (!(await arrived)) return this.frames.shift() ?? null;
    }
    return this.frames.shift() ?? null;
  }

  close(): void {
    this.socket.destroy();
  }
}

const plainToken = (user: string, password: string) => Buffer.from(`\0${user}\0${password}`, 'utf8');

/** 새 연결에서 PLAINTEXT 리스너에 Metadata를 묻습니다: 다른 연결이 무엇을 했든 브로커가 답하는지 */
async function brokerStillServes(): Promise<void> {
  const raw = await RawSasl.open(plainPort);
  const metadata = await raw.call<{ brokers: { port: number }[] }>(ApiKey.Metadata, 1, { topics: [] });
  raw.close();
  expect(metadata?.brokers.map((b) => b.port)).toEqual([plainPort]);
}

describe('raw SASL frames', () => {
  it('closes the connection on a request before authentication, without answering it', async () => {
    const raw = await RawSasl.open(saslPort);
    expect(await raw.call(ApiKey.Metadata, 1, { topics: [] })).toBeNull();
    await raw.closed;
    await brokerStillServes();
    expect(logLines.some((l) => l.includes('SASL 인증 전에 Metadata 요청') && l.includes('127.0.0.1:'))).toBe(true);
  });

  it('answers an unknown mechanism with UNSUPPORTED_SASL_MECHANISM and the enabled list, then closes', async () => {
    const raw = await RawSasl.open(saslPort);
    const versions = await raw.call<{ errorCode: number; apiKeys: { apiKey: number }[] }>(ApiKey.ApiVersions, 3, {
      clientSoftwareName: 'raw',
      clientSoftwareVersion: '1',
    });
    expect(versions?.errorCode).toBe(ErrorCode.NONE);
    expect(versions?.apiKeys.map((k) => k.apiKey)).toEqual(expect.arrayContaining([17, 36]));
    const handshake = await raw.call(ApiKey.SaslHandshake, 1, { mechanism: 'GSSAPI' });
    expect(handshake).toEqual({
      errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM,
      mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
    });
    await raw.closed;
  });

  it('closes on a truncated SaslAuthenticate and on an oversized frame; the broker keeps serving', async () => {
    const truncated = await RawSasl.open(saslPort);
    await truncated.call(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' });
    const full = truncated.request(ApiKey.SaslAuthenticate, 2, { authBytes: plainToken('alice', PASSWORDS.alice) });
    const body = full.subarray(4, full.length - 8);
    const cut = Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]);
    truncated.write(cut);
    expect(await truncated.next()).toBeNull();

    // sasl.server.max.receive.size(512 KiB)를 넘는 SaslAuthenticate: socket.request.max.bytes 안이어도 인증 전이면 끊습니다
    const large = await RawSasl.open(saslPort);
    await large.call(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' });
    large.write(large.request(ApiKey.SaslAuthenticate, 2, { authBytes: Buffer.alloc(600 * 1024, 1) }));
    expect(await large.next()).toBeNull();
    expect(logLines.some((l) => l.includes('invalid receive size'))).toBe(true);

    const oversized = await RawSasl.open(saslPort);
    oversized.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 17, 0, 1]));
    await oversized.closed;
    await brokerStillServes();
  });

  it('a wrong PLAIN password gets SASL_AUTHENTICATION_FAILED, then the connection closes; the log names the user, not the password', async () => {
    const raw = await RawSasl.open(saslPort);
    await raw.call(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' });
    const answer = await raw.call(ApiKey.SaslAuthenticate, 1, { authBytes: plainToken('alice', WRONG_PASSWORD) });
    expect(answer).toMatchObject({
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: 'Authentication failed: Invalid username or password',
    });
    await raw.closed;
    const failure = logLines.find((l) => l.includes('SASL 인증 실패 (PLAIN, User:alice)'));
    expect(failure).toMatch(/127\.0\.0\.1:\d+/);
    expect(logLines.join('\n')).not.toContain(WRONG_PASSWORD);
    expect(logLines.join('\n')).not.toContain(PASSWORDS.alice);
  });

  it('a SCRAM client-final with a forged proof fails with the generic message', async () => {
    const raw = await RawSasl.open(saslPort);
    await raw.call(ApiKey.SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' });
    const first = await raw.call<{ authBytes: Buffer }>(ApiKey.SaslAuthenticate, 2, {
      authBytes: Buffer.from('n,,n=alice,r=clientnonce'),
    });
    const serverFirst = String(first?.authBytes);
    expect(serverFirst).toMatch(/^r=clientnonce[^,]+,s=[A-Za-z0-9+/=]+,i=4096$/);
    const nonce = /^r=([^,]+)/.exec(serverFirst)?.[1];
    const final = await raw.call(ApiKey.SaslAuthenticate, 2, {
      authBytes: Buffer.from(`c=biws,r=${nonce},p=${Buffer.alloc(32).toString('base64')}`),
    });
    expect(final).toMatchObject({
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage:
        'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    });
    await raw.closed;
  });

  it('SaslHandshake v0 then raw PLAIN tokens (old clients): an empty answer, then requests are served', async () => {
    const raw = await RawSasl.open(saslPort);
    expect(await raw.call(ApiKey.SaslHandshake, 0, { mechanism: 'PLAIN' })).toMatchObject({ errorCode: 0 });
    raw.write(frame(plainToken('bob', PASSWORDS.bob)));
    expect(await raw.next()).toEqual(Buffer.alloc(0));
    const metadata = await raw.call<{ brokers: { port: number }[] }>(ApiKey.Metadata, 1, { topics: [] });
    expect(metadata?.brokers.map((b) => b.port)).toEqual([saslPort]);
    // 인증을 마친 뒤의 SaslAuthenticate는 Kafka처럼 ILLEGAL_SASL_STATE
    expect(await raw.call(ApiKey.SaslAuthenticate, 1, { authBytes: Buffer.alloc(0) })).toMatchObject({
      errorCode: ErrorCode.ILLEGAL_SASL_STATE,
    });
    raw.close();
  });

  it('SaslHandshake v0 with a wrong raw token closes without an answer', async () => {
    const raw = await RawSasl.open(saslPort);
    await raw.call(ApiKey.SaslHandshake, 0, { mechanism: 'PLAIN' });
    raw.write(frame(plainToken('bob', WRONG_PASSWORD)));
    expect(await raw.next()).toBeNull();
  });

  it('the PLAINTEXT listener answers SaslHandshake with ILLEGAL_SASL_STATE and keeps the connection', async () => {
    const raw = await RawSasl.open(plainPort);
    expect(await raw.call(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' })).toMatchObject({
      errorCode: ErrorCode.ILLEGAL_SASL_STATE,
    });
    expect(await raw.call(ApiKey.Metadata, 1, { topics: [] })).not.toBeNull();
    raw.close();
  });
});

/** 씨앗으로 정해지는 난수 (mulberry32): 실패하면 씨앗을 찍어 같은 프레임을 다시 보낼 수 있게 */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (bound: number) => Math.floor(next() * bound),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    bytes: (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256))),
  };
}

describe('fuzzed authentication frames', () => {
  it('10,000 frames: no unauthenticated request is ever served, every frame gets an answer or a close, and the broker keeps serving', async () => {
    const seed = Number(process.env.SASL_FUZZ_SEED ?? Date.now() % 2 ** 31);
    console.log(`SASL 퍼즈: SASL_FUZZ_SEED=${seed}`);
    const rng = seeded(seed);
    const AUTH_KEYS = new Set<number>([ApiKey.ApiVersions, ApiKey.SaslHandshake, ApiKey.SaslAuthenticate]);
    const OTHER_KEYS = [ApiKey.Metadata, ApiKey.Produce, ApiKey.Fetch, ApiKey.CreateTopics, ApiKey.FindCoordinator];
    const token = () =>
      rng.pick([
        () => plainToken(rng.pick(['alice', 'bob', 'mallory', '']), rng.pick([WRONG_PASSWORD, '', 'x'])),
        () => Buffer.from(`n,,n=${rng.pick(['alice', 'bob', 'x=2C', '=='])},r=${rng.bytes(6).toString('hex')}`),
        () => Buffer.from(`c=biws,r=${rng.bytes(8).toString('hex')},p=${rng.bytes(32).toString('base64')}`),
        () => rng.bytes(rng.int(300)),
      ])();
    let frames = 0;
    let answered = 0;
    let closes = 0;
    // 프레임 1만 개를 채울 때까지, 연결은 많아야 2만 개
    for (let c = 0; frames < 10_000 && c < 20_000; c++) {
      const raw = await RawSasl.open(saslPort);
      const sent = new Map<number, number>();
      for (let step = 0; step < 1 + rng.int(4); step++) {
        const kind = rng.int(10);
        let bytes: Buffer;
        if (kind < 2) bytes = raw.request(ApiKey.ApiVersions, rng.int(5), {});
        else if (kind < 4) {
          bytes = raw.request(ApiKey.SaslHandshake, rng.int(2), {
            mechanism: rng.pick(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'GSSAPI', 'OAUTHBEARER', '']),
          });
        } else if (kind < 7) bytes = raw.request(ApiKey.SaslAuthenticate, rng.int(3), { authBytes: token() });
        else if (kind < 8) bytes = frame(token());
        else if (kind < 9) bytes = raw.request(rng.pick(OTHER_KEYS), 1, { topics: [] });
        else {
          // 올바른 요청의 본문 바이트를 뒤섞습니다 (크기 접두사는 맞게)
          bytes = raw.request(ApiKey.SaslAuthenticate, 2, { authBytes: token() });
          for (let i = 0; i < 1 + rng.int(4); i++) bytes[4 + rng.int(bytes.length - 4)] = rng.int(256);
        }
        frames++;
        sent.set(bytes.length > 12 ? bytes.readInt32BE(8) : -1, bytes.length > 6 ? bytes.readInt16BE(4) : -1);
        raw.write(bytes);
        const payload = await Promise.race([
          raw.next(),
          new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
        ]);
        if (payload === 'timeout')
          throw new Error(`SASL_FUZZ_SEED=${seed}: 연결 ${c}의 프레임 ${step}에 답도 끊김도 없습니다`);
        if (payload === null) {
          closes++;
          break;
        }
        answered++;
        // 답은 인증 API의 것이거나(크기 접두사 있는 날 토큰일 수도) 없어야 합니다: 인증 전의 다른 요청에는 답하지 않습니다.
        const apiKey = payload.length >= 4 ? sent.get(payload.readInt32BE(0)) : undefined;
        if (apiKey !== undefined && !AUTH_KEYS.has(apiKey)) {
          throw new Error(`SASL_FUZZ_SEED=${seed}: 인증 전의 API ${apiKey} 요청에 답했습니다`);
        }
      }
      raw.close();
    }
    console.log(`SASL 퍼즈: 프레임 ${frames}개, 답 ${answered}, 끊김 ${closes}`);
    expect(frames).toBeGreaterThanOrEqual(10_000);
    expect(closes).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(WRONG_PASSWORD);
    await brokerStillServes();
  }, 120_000);
});

describe('startup refuses what this broker cannot do', () => {
  const start = (env: Record<string, string>) =>
    Broker.start({
      config: loadConfig({ env: { KAFKA_LOG_DIRS: tempDir('sasl-bad-'), ...env } }),
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });

  it.each([
    ['SSL', 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0'],
    ['SASL_SSL', 'PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0'],
  ])("a %s listener with Kafka's default keystore type (JKS): this broker reads PEM only", async (name, listeners) => {
    await expect(start({ KAFKA_LISTENERS: listeners })).rejects.toThrow(
      `리스너 ${name}의 TLS 설정: ssl.keystore.type이 JKS입니다: 이 브로커는 PEM만 읽습니다`,
    );
  });

  it("Kafka's default mechanism GSSAPI is not implemented", async () => {
    await expect(start({ KAFKA_LISTENERS: 'SASL_PLAINTEXT://127.0.0.1:0,PLAINTEXT://127.0.0.1:0' })).rejects.toThrow(
      'SASL 방식 GSSAPI는 구현하지 않았습니다',
    );
  });

  it('a listener missing from listener.security.protocol.map', async () => {
    await expect(start({ KAFKA_LISTENERS: 'EXTERNAL://127.0.0.1:0' })).rejects.toThrow(
      '리스너 EXTERNAL의 보안 프로토콜이 listener.security.protocol.map에 없습니다',
    );
  });
});
