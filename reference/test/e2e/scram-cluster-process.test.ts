/**
 * 진짜 프로세스 셋의 클러스터에서 SCRAM 자격 증명: 노드마다 PLAINTEXT와 SASL_PLAINTEXT(SCRAM-SHA-512, JAAS 사용자 없음)
 * 리스너가 있습니다. 노드 1에 AlterUserScramCredentials를 보내면 노드 1이 활성 컨트롤러에게 넘기고, 레코드가 커밋되어
 * 모든 브로커가 적용한 뒤에는 kafkajs가 그 사용자로 노드 2의 SASL 리스너에 인증해 복제 계수 3의 토픽에 씁니다. 노드 3에서
 * 지우면 노드 2도 그 사용자를 거절합니다.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ScramFormatter } from '../../src/security/scram.js';
import { QuorumProcesses, send, settle } from './quorum-processes.js';
import { reservePort } from './support.js';

const SHA512 = 2;
const saslPorts = new Map<number, number>();
let quorum: QuorumProcesses;

beforeAll(async () => {
  for (const id of [1, 2, 3]) saslPorts.set(id, await reservePort());
  quorum = await QuorumProcesses.launch({
    name: 'scram-cluster',
    ids: [1, 2, 3],
    env: (n) => ({
      KAFKA_LISTENERS: [
        `PLAINTEXT://127.0.0.1:${n.brokerPort}`,
        `SASL_PLAINTEXT://127.0.0.1:${saslPorts.get(n.id)}`,
        `CONTROLLER://127.0.0.1:${n.controllerPort}`,
      ].join(','),
      KAFKA_SASL_ENABLED_MECHANISMS: 'SCRAM-SHA-512',
    }),
    readyTimeoutMs: 90_000,
    requestTimeoutMs: 5_000,
  });
}, 120_000);

afterAll(async () => {
  await quorum?.close();
});

interface DescribeResponse {
  results: { user: string; errorCode: number; credentialInfos: { mechanism: number; iterations: number }[] }[];
}

/** 노드 하나의 이미지가 그 사용자에 대해 답하는 오류 코드 (닿지 않으면 null) */
async function describeVia(id: number, user: string): Promise<number | null> {
  const reply = await send(quorum.brokers, id, {
    apiKey: ApiKey.DescribeUserScramCredentials,
    apiVersion: 0,
    body: { users: [{ name: user }] },
  });
  return reply.ok ? ((reply.response as DescribeResponse).results[0]?.errorCode ?? null) : null;
}

function viaNode2(username: string, password: string): Kafka {
  return new Kafka({
    clientId: 'scram-cluster',
    brokers: [`127.0.0.1:${saslPorts.get(2)}`],
    sasl: { mechanism: 'scram-sha-512', username, password },
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

describe('SCRAM users through the metadata log of a three-node cluster', () => {
  it('a user created on node 1 authenticates with kafkajs SCRAM-SHA-512 on node 2; deleted on node 3, it is refused on node 2', async () => {
    const salt = randomBytes(24);
    const saltedPassword = new ScramFormatter('SCRAM-SHA-512').saltedPassword('frank-pw', salt, 4096);
    const created = await send(quorum.brokers, 1, {
      apiKey: ApiKey.AlterUserScramCredentials,
      apiVersion: 0,
      body: {
        deletions: [],
        upsertions: [{ name: 'frank', mechanism: SHA512, iterations: 4096, salt, saltedPassword }],
      },
    });
    expect(created).toMatchObject({ ok: true, response: { results: [{ user: 'frank', errorCode: ErrorCode.NONE }] } });
    // 답은 커밋된 뒤에 오지만, 브로커마다 이미지에 적용하는 때는 조금씩 다릅니다
    for (const id of [1, 2, 3]) {
      await settle(
        `노드 ${id}가 frank를 압니다`,
        async () => (await describeVia(id, 'frank')) === ErrorCode.NONE || null,
        30_000,
      );
    }

    const kafka = viaNode2('frank', 'frank-pw');
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    try {
      await admin.createTopics({
        topics: [{ topic: 'frank-topic', numPartitions: 1, replicationFactor: 3 }],
        waitForLeaders: false,
      });
      // 컨트롤러는 커밋된 뒤 답하지만 브로커마다 적용하는 때는 조금씩 다르고, kafkajs는 그 사이의
      // UNKNOWN_TOPIC_OR_PARTITION을 다시 묻지 않습니다: 세 노드가 모두 리더를 알 때까지 기다립니다.
      for (const id of [1, 2, 3]) {
        await settle(
          `노드 ${id}가 frank-topic의 리더를 압니다`,
          async () => ((await quorum.partitionsVia(id, 'frank-topic'))?.[0]?.leaderId ?? -1) >= 0 || null,
          30_000,
        );
      }
      // 이 리스너로 온 Metadata는 모든 노드의 SASL 리스너를 알립니다: 리더가 어느 노드든 같은 사용자로 인증합니다
      const { brokers } = await admin.describeCluster();
      expect(brokers.map((b) => b.port).sort()).toEqual([...saslPorts.values()].sort());
      await producer.connect();
      await producer.send({ topic: 'frank-topic', acks: -1, messages: [{ value: 'a' }, { value: 'b' }] });
      const [offset] = await admin.fetchTopicOffsets('frank-topic');
      expect(offset?.high).toBe('2');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }

    const deleted = await send(quorum.brokers, 3, {
      apiKey: ApiKey.AlterUserScramCredentials,
      apiVersion: 0,
      body: { deletions: [{ name: 'frank', mechanism: SHA512 }], upsertions: [] },
    });
    expect(deleted).toMatchObject({ ok: true, response: { results: [{ user: 'frank', errorCode: ErrorCode.NONE }] } });
    await settle(
      '노드 2가 frank를 잊습니다',
      async () => (await describeVia(2, 'frank')) === ErrorCode.RESOURCE_NOT_FOUND || null,
      30_000,
    );
    const refused = viaNode2('frank', 'frank-pw').admin();
    const error = await refused.connect().then(
      () => null,
      (e: unknown) => e as Error,
    );
    await refused.disconnect();
    expect(error?.name).toBe('KafkaJSSASLAuthenticationError');
  }, 120_000);
});
