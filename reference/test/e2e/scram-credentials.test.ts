/**
 * SCRAM 자격 증명 API와 재인증(KIP-368)을 진짜 소켓으로: 한 브로커가 PLAINTEXT와 SASL_PLAINTEXT를 함께 열고, SASL
 * 리스너의 `connections.max.reauth.ms`는 3초입니다.
 *
 * - AlterUserScramCredentials(51)·DescribeUserScramCredentials(50)의 답과 오류 줄 (날 소켓), @platformatic/kafka의
 *   API 함수로 만든 사용자가 kafkajs SCRAM-SHA-512로 인증하고, 지우면 거절됩니다.
 * - kafkajs 2.2.4는 세션 수명이 다하기 전에(`reauthenticationThreshold`) 같은 연결에서 다시 인증해 계속 씁니다.
 * - 다시 인증하지 않는 날 클라이언트는 수명이 지난 뒤의 첫 요청에서 끊깁니다.
 */
import { randomBytes } from 'node:crypto';
import { alterUserScramCredentialsV0, Connection, describeUserScramCredentialsV0 } from '@platformatic/kafka';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../../src/broker.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ScramFormatter } from '../../src/security/scram.js';
import { loadConfig } from '../../src/server/config.js';
import type { Logger } from '../../src/server/logger.js';
import { RawClient } from './raw-client.js';
import { removeDir, tempDir } from './support.js';

const SHA256 = 1;
const SHA512 = 2;
const REAUTH_MS = 3000;
const ALICE_PASSWORD = 'alice-secret';
const ENV = {
  KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
  KAFKA_SASL_ENABLED_MECHANISMS: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="${ALICE_PASSWORD}";`,
  KAFKA_LISTENER_NAME_SASL__PLAINTEXT_CONNECTIONS_MAX_REAUTH_MS: String(REAUTH_MS),
  KAFKA_NUM_PARTITIONS: '1',
};

let broker: Broker;
let dir: string;
let plainPort: number;
let saslPort: number;
const logLines: string[] = [];

beforeAll(async () => {
  dir = tempDir('scram-');
  const remember = (message: string) => {
    logLines.push(message);
  };
  const logger: Logger = { debug: () => {}, info: remember, warn: remember, error: remember };
  broker = await Broker.start({ config: loadConfig({ env: { ...ENV, KAFKA_LOG_DIRS: dir } }), logger });
  const port = (name: string) => broker.listeners.find((l) => l.name === name)?.boundPort ?? -1;
  plainPort = port('PLAINTEXT');
  saslPort = port('SASL_PLAINTEXT');
});

afterAll(async () => {
  await broker?.stop();
  removeDir(dir);
});

/** 클라이언트가 보낼 넣기: 무작위 salt와 PBKDF2로 만든 SaltedPassword (비밀번호는 보내지 않습니다) */
function upsertion(name: string, password: string, mechanism = SHA512, iterations = 4096) {
  const salt = randomBytes(24);
  const formatter = new ScramFormatter(mechanism === SHA256 ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512');
  return { name, mechanism, iterations, salt, saltedPassword: formatter.saltedPassword(password, salt, iterations) };
}

interface AlterResponse {
  results: { user: string; errorCode: number; errorMessage: string | null }[];
}
interface DescribeResponse {
  errorCode: number;
  results: {
    user: string;
    errorCode: number;
    errorMessage: string | null;
    credentialInfos: { mechanism: number; iterations: number }[];
  }[];
}

function scramClient(username: string, password: string, mechanism: 'scram-sha-256' | 'scram-sha-512') {
  return new Kafka({
    clientId: 'scram-e2e',
    brokers: [`127.0.0.1:${saslPort}`],
    sasl: { mechanism, username, password } as SASLOptions,
    // 세션 수명(3초)보다 짧게: kafkajs의 기본 10초는 수명보다 길어 요청마다 다시 인증하려 하고, 브로커는 1초 안의
    // 재인증을 Kafka처럼 받지 않습니다 (SaslHandshake가 ILLEGAL_SASL_STATE를 받음)
    reauthenticationThreshold: 1000,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100 },
  });
}

/** kafkajs admin으로 붙어 보고, 인증 오류면 그 이름을 돌려줍니다 (붙으면 null) */
async function loginError(username: string, password: string): Promise<string | null> {
  const admin = scramClient(username, password, 'scram-sha-512').admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return null;
  } catch (error) {
    return (error as Error).name;
  } finally {
    await admin.disconnect();
  }
}

describe('AlterUserScramCredentials and DescribeUserScramCredentials over a raw socket', () => {
  it('answers every row as Kafka does, and Describe shows mechanisms and iterations but no keys', async () => {
    const raw = await RawClient.connect(plainPort);
    try {
      const altered = await raw.send<AlterResponse>(ApiKey.AlterUserScramCredentials, 0, {
        deletions: [{ name: 'nobody', mechanism: SHA256 }],
        upsertions: [
          upsertion('carol', 'carol-pw', SHA256),
          upsertion('', 'x'),
          upsertion('u-unknown', 'x', 3),
          upsertion('u-few', 'x', SHA512, 4095),
          upsertion('u-many', 'x', SHA512, 16385),
          upsertion('eve', 'x', SHA256),
          upsertion('eve', 'x', SHA512),
        ],
      });
      const fewer = (user: string, errorCode: number, errorMessage: string | null) => ({
        user,
        errorCode,
        errorMessage,
      });
      expect(altered.results).toEqual([
        fewer('carol', ErrorCode.NONE, null),
        fewer('nobody', ErrorCode.RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist'),
        fewer('', ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty'),
        fewer('u-unknown', ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism'),
        fewer('u-few', ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations'),
        fewer('u-many', ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too many iterations'),
        fewer('eve', ErrorCode.DUPLICATE_RESOURCE, 'A user credential cannot be altered twice in the same request'),
      ]);

      // 답은 커밋된 뒤에 오고, 이 브로커는 같은 노드의 컨트롤러라 이미지에도 이미 적용되었습니다.
      const all = await raw.send<DescribeResponse>(ApiKey.DescribeUserScramCredentials, 0, { users: null });
      expect(all).toMatchObject({
        errorCode: 0,
        results: [
          {
            user: 'carol',
            errorCode: 0,
            errorMessage: null,
            credentialInfos: [{ mechanism: SHA256, iterations: 4096 }],
          },
        ],
      });
      const some = await raw.send<DescribeResponse>(ApiKey.DescribeUserScramCredentials, 0, {
        users: [{ name: 'carol' }, { name: 'zed' }, { name: 'carol' }],
      });
      expect(some.results).toEqual([
        {
          user: 'carol',
          errorCode: ErrorCode.DUPLICATE_RESOURCE,
          errorMessage: 'Cannot describe SCRAM credentials for the same user twice in a single request: carol',
          credentialInfos: [],
        },
        {
          user: 'zed',
          errorCode: ErrorCode.RESOURCE_NOT_FOUND,
          errorMessage: 'Attempt to describe a user credential that does not exist: zed',
          credentialInfos: [],
        },
      ]);

      const removed = await raw.send<AlterResponse>(ApiKey.AlterUserScramCredentials, 0, {
        deletions: [{ name: 'carol', mechanism: SHA256 }],
        upsertions: [],
      });
      expect(removed.results).toEqual([{ user: 'carol', errorCode: 0, errorMessage: null }]);
      const after = await raw.send<DescribeResponse>(ApiKey.DescribeUserScramCredentials, 0, { users: [] });
      expect(after.results).toEqual([]);
    } finally {
      raw.close();
    }
  });
});

describe('@platformatic/kafka creates a user, kafkajs logs in with it', () => {
  it('alterUserScramCredentialsV0 + describeUserScramCredentialsV0; kafkajs SCRAM-SHA-512 produces as that user; after deletion it is refused', async () => {
    const connection = new Connection('pf-scram-admin');
    await connection.connect('127.0.0.1', plainPort);
    try {
      const altered = await alterUserScramCredentialsV0.api.async(
        connection,
        [],
        [upsertion('dora', 'dora-pw', SHA512, 8192)],
      );
      expect(altered.results).toEqual([{ user: 'dora', errorCode: 0, errorMessage: null }]);
      const described = await describeUserScramCredentialsV0.api.async(connection, [{ name: 'dora' }]);
      expect(described.results).toEqual([
        { user: 'dora', errorCode: 0, errorMessage: null, credentialInfos: [{ mechanism: SHA512, iterations: 8192 }] },
      ]);
      // 클라이언트 쪽 오류도 Kafka의 코드대로: 없는 사용자를 지우면 ResponseError
      await expect(
        alterUserScramCredentialsV0.api.async(connection, [{ name: 'dora', mechanism: SHA256 }], []),
      ).rejects.toThrow();

      const producer = scramClient('dora', 'dora-pw', 'scram-sha-512').producer();
      await producer.connect();
      await producer.send({ topic: 'dora-topic', messages: [{ value: 'hello' }] });
      await producer.disconnect();
      expect(await loginError('dora', 'wrong-pw')).toBe('KafkaJSSASLAuthenticationError');

      await alterUserScramCredentialsV0.api.async(connection, [{ name: 'dora', mechanism: SHA512 }], []);
      expect(await loginError('dora', 'dora-pw')).toBe('KafkaJSSASLAuthenticationError');
    } finally {
      await connection.close();
    }
  }, 60_000);
});

describe('re-authentication (KIP-368, connections.max.reauth.ms = 3 s)', () => {
  it('kafkajs re-authenticates on the same connections before the session ends and keeps producing for longer than the lifetime', async () => {
    const kafka = new Kafka({
      clientId: 'reauth',
      brokers: [`127.0.0.1:${saslPort}`],
      sasl: { mechanism: 'plain', username: 'alice', password: ALICE_PASSWORD },
      // 수명 3초의 2초 전에 다시 인증합니다: 요청이 브로커에 닿기까지 늦어도 2초의 여유가 있고, 재인증 사이는 브로커가
      // 받는 1초보다 깁니다 (기본 10초는 수명보다 길어 요청마다 다시 인증하려 합니다)
      reauthenticationThreshold: 2000,
      logLevel: logLevel.NOTHING,
      // 다시 붙지 않습니다: 끊긴 연결이 있으면 send가 실패합니다
      retry: { retries: 0 },
    });
    const producer = kafka.producer();
    const authenticates: number[] = [];
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'SaslAuthenticate') authenticates.push(Date.now());
    });
    let disconnects = 0;
    producer.on(producer.events.DISCONNECT, () => {
      disconnects++;
    });
    await producer.connect();
    const started = Date.now();
    let sent = 0;
    try {
      // 수명의 2.5배 동안 0.3초마다 씁니다 (많아야 100번)
      while (Date.now() - started < REAUTH_MS * 2.5 && sent < 100) {
        await producer.send({ topic: 'reauth-topic', messages: [{ value: `m${sent}` }] });
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      await producer.disconnect();
    }
    expect(disconnects).toBe(1); // 끝에 스스로 끊은 것 하나
    // 처음 인증(연결마다 하나) 뒤에 다시 인증한 것이 있어야 합니다: 없었다면 세션이 끝나 끊겼을 것입니다
    expect(authenticates.length).toBeGreaterThanOrEqual(3);
    expect(logLines.some((l) => l.includes('SASL 세션이 끝났는데'))).toBe(false);
    const admin = new Kafka({
      clientId: 'reauth-check',
      brokers: [`127.0.0.1:${plainPort}`],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    const [offset] = await admin.fetchTopicOffsets('reauth-topic');
    await admin.disconnect();
    expect(offset?.high).toBe(String(sent));
  }, 60_000);

  it('a raw client that does not re-authenticate is closed on its first request after the session expired', async () => {
    const raw = await RawClient.connect(saslPort);
    const closed = new Promise<void>((resolve) => raw.onClose(resolve));
    expect(await raw.send(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' })).toMatchObject({ errorCode: 0 });
    const authenticated = await raw.send(ApiKey.SaslAuthenticate, 2, {
      authBytes: Buffer.from(`\0alice\0${ALICE_PASSWORD}`),
    });
    expect(authenticated).toMatchObject({ errorCode: 0, sessionLifetimeMs: REAUTH_MS });
    expect(await raw.send(ApiKey.Metadata, 1, { topics: [] })).toMatchObject({ brokers: [{ port: saslPort }] });
    await new Promise((resolve) => setTimeout(resolve, REAUTH_MS + 200));
    const unanswered = raw.send(ApiKey.Metadata, 1, { topics: [] });
    await closed;
    expect(await Promise.race([unanswered, Promise.resolve('no answer')])).toBe('no answer');
    expect(logLines.some((l) => l.includes('User:alice의 SASL 세션이 끝났는데') && l.includes('Metadata'))).toBe(true);
  }, 30_000);
});
