/**
 * 브로커가 다른 노드에 붙을 때의 SASL 클라이언트(`sasl-client.ts`)를 이 브로커의 서버 쪽(`sasl-server.ts`)과 맞물려
 * 봅니다. 그리고 그 클라이언트가 쓸 설정을 리스너에서 읽는 `client-security.ts`. 이름은 Kafka `ScramSaslClientTest`·`PlainSaslServerTest`의 경우를 따릅니다.
 */
import { describe, expect, it } from 'vitest';
import { systemRandom } from '../../src/runtime/random.js';
import { clientSecurity } from '../../src/security/client-security.js';
import { type SaslClientExchange, saslClient } from '../../src/security/sasl-client.js';
import {
  PlainSaslServer,
  type SaslCredentials,
  type SaslServer,
  ScramSaslServer,
} from '../../src/security/sasl-server.js';
import { ScramFormatter } from '../../src/security/scram.js';
import type { ScramMechanism } from '../../src/security/scram-mechanisms.js';
import { loadConfig } from '../../src/server/config.js';

function credentialsFor(mechanism: ScramMechanism, users: Record<string, string>): SaslCredentials {
  const formatter = new ScramFormatter(mechanism);
  const stored = new Map(
    Object.entries(users).map(([user, password]) => [
      user,
      formatter.generateCredential(password, Buffer.from(`salt-of-${user}`), 4096),
    ]),
  );
  return {
    plainUsers: new Map(),
    scramCredential: (m, user) => (m === mechanism ? stored.get(user) : undefined),
    fakeSaltSecret: Buffer.alloc(32, 7),
  };
}

/** 클라이언트와 서버가 토큰을 다 주고받을 때까지. 서버가 던지면 그 예외, 클라이언트가 거절하면 그 까닭 */
function converse(client: SaslClientExchange, server: SaslServer): { server: SaslServer; clientError: string | null } {
  let token: Buffer | null = client.first();
  while (token !== null) {
    const challenge = server.evaluateResponse(token);
    const next = client.next(challenge);
    if (!next.ok) return { server, clientError: next.error };
    token = next.token;
  }
  return { server, clientError: null };
}

describe('SASL 클라이언트 ↔ 이 브로커의 SASL 서버', () => {
  it('PLAIN: NUL 사용자 NUL 비밀번호 한 번으로 끝나고 서버는 그 사용자로 인증합니다', () => {
    const client = saslClient({ mechanism: 'PLAIN', username: 'broker', password: 'broker-secret' }, systemRandom);
    expect(client.first().toString('utf8')).toBe('\u0000broker\u0000broker-secret');
    const { server, clientError } = converse(client, new PlainSaslServer(new Map([['broker', 'broker-secret']])));
    expect([clientError, server.isComplete, server.authorizationId]).toEqual([null, true, 'broker']);
  });

  it.each(['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)(
    'testSuccessfulAuthentication (%s): 증명이 맞고, 클라이언트도 서버의 서명을 확인한 뒤 끝납니다',
    (mechanism) => {
      const client = saslClient({ mechanism, username: 'broker', password: 'broker-secret' }, systemRandom);
      const server = new ScramSaslServer(
        mechanism,
        credentialsFor(mechanism, { broker: 'broker-secret' }),
        systemRandom,
      );
      const result = converse(client, server);
      expect([result.clientError, server.isComplete, server.authorizationId]).toEqual([null, true, 'broker']);
    },
  );

  it('testUsernameWithSpecialCharacters: 쉼표와 등호가 든 사용자 이름은 =2C, =3D로 적어 보냅니다', () => {
    const client = saslClient({ mechanism: 'SCRAM-SHA-256', username: 'a,b=c', password: 'pw' }, systemRandom);
    expect(client.first().toString('utf8')).toMatch(/^n,,n=a=2Cb=3Dc,r=/);
    const server = new ScramSaslServer(
      'SCRAM-SHA-256',
      credentialsFor('SCRAM-SHA-256', { 'a,b=c': 'pw' }),
      systemRandom,
    );
    expect(converse(client, server).server.authorizationId).toBe('a,b=c');
  });

  it('틀린 비밀번호: 서버가 client-final에서 거절합니다 (클라이언트는 그 답을 받아 연결을 버립니다)', () => {
    const client = saslClient({ mechanism: 'SCRAM-SHA-512', username: 'broker', password: 'wrong' }, systemRandom);
    const server = new ScramSaslServer(
      'SCRAM-SHA-512',
      credentialsFor('SCRAM-SHA-512', { broker: 'broker-secret' }),
      systemRandom,
    );
    expect(() => converse(client, server)).toThrow();
    expect(server.isComplete).toBe(false);
  });

  it('testValidServerSignature¹: 서버의 서명이 틀리면(자격 증명을 모르는 서버) 클라이언트가 끝내지 않습니다', () => {
    const client = saslClient({ mechanism: 'SCRAM-SHA-256', username: 'broker', password: 'pw' }, systemRandom);
    const clientNonce = /r=([^,]+)/.exec(client.first().toString('utf8'))?.[1] ?? '';
    const serverFirst = `r=${clientNonce}server,s=${Buffer.from('salt').toString('base64')},i=4096`;
    const final = client.next(Buffer.from(serverFirst));
    expect(final.ok && final.token?.toString('utf8')).toMatch(/^c=biws,r=.+server,p=/);
    const forged = client.next(Buffer.from(`v=${Buffer.alloc(32, 1).toString('base64')}`));
    expect(forged).toEqual({ ok: false, error: 'SCRAM server-final의 서버 서명이 맞지 않습니다' });
  });

  it('server-first의 nonce가 클라이언트의 nonce로 시작하지 않으면 거절합니다', () => {
    const client = saslClient({ mechanism: 'SCRAM-SHA-256', username: 'broker', password: 'pw' }, systemRandom);
    client.first();
    const answer = client.next(Buffer.from(`r=someone-else,s=${Buffer.from('salt').toString('base64')},i=4096`));
    expect(answer.ok).toBe(false);
  });
});

describe('나가는 연결의 보안 설정 (clientSecurity): 틀리면 시작할 때 무엇이 틀렸는지 말합니다', () => {
  const base = {
    KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,BROKER://127.0.0.1:0',
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,BROKER:SASL_PLAINTEXT',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
  };
  const security = (env: Record<string, string>) =>
    clientSecurity(loadConfig({ env: { ...base, ...env } }), 'BROKER', 'sasl.mechanism.inter.broker.protocol');

  it('방식과 JAAS의 username·password를 읽습니다 (리스너 접두사가 있는 설정)', () => {
    expect(
      security({
        KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: 'PLAIN',
        KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG:
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="s" user_broker="s";',
      }),
    ).toEqual({
      protocol: 'SASL_PLAINTEXT',
      tls: null,
      sasl: { mechanism: 'PLAIN', username: 'broker', password: 's' },
    });
  });

  it('Kafka의 기본 방식 GSSAPI는 없다고 말합니다', () => {
    expect(() => security({})).toThrow(/sasl.mechanism.inter.broker.protocol의 GSSAPI는 이 브로커에 없습니다/);
  });

  it('JAAS 설정에 username이 없으면 어디에 넣을지 말합니다', () => {
    expect(() =>
      security({
        KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: 'PLAIN',
        KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG:
          'org.apache.kafka.common.security.plain.PlainLoginModule required user_broker="s";',
      }),
    ).toThrow(/listener.name.broker.plain.sasl.jaas.config에 username/);
  });

  it('PLAINTEXT 리스너면 아무것도 더하지 않습니다', () => {
    expect(clientSecurity(loadConfig({ env: base }), 'PLAINTEXT', 'sasl.mechanism.inter.broker.protocol')).toEqual({
      protocol: 'PLAINTEXT',
      tls: null,
      sasl: null,
    });
  });
});
