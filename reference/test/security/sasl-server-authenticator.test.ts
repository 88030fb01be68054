/**
 * 연결 하나의 인증 상태 기계 (Kafka `SaslServerAuthenticator`)를 소켓 없이: 프레임을 넣고 결정(`AuthStep`)을 봅니다.
 * 인증을 마친 연결의 요청이 `User:<이름>` 주체를 싣고 리스너의 처리기에 가는지도 봅니다.
 */
import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  type AuthStep,
  authenticatingProcessor,
  type SaslListenerConfig,
  SaslServerAuthenticator,
} from '../../src/security/sasl-server-authenticator.js';
import { ScramFormatter, xor } from '../../src/security/scram.js';
import type { ConnectionInfo } from '../../src/server/connection.js';
import { SeededRandom } from '../../src/sim/random.js';
import { decodeResponse, encodeRequest } from '../e2e/raw-client.js';

const formatter = new ScramFormatter('SCRAM-SHA-256');
const ALICE_SCRAM = formatter.generateCredential('pw', Buffer.from('salt'), 4096);
/** 시험이 옮기는 단조 시계 (세션 수명) */
let nowMs = 0;
const CONFIG: SaslListenerConfig = {
  mechanisms: ['PLAIN', 'SCRAM-SHA-256'],
  credentials: {
    plainUsers: new Map([
      ['alice', 'alice-secret'],
      ['bob', 'bob-secret'],
    ]),
    scramCredential: (mechanism, user) => (mechanism === 'SCRAM-SHA-256' && user === 'alice' ? ALICE_SCRAM : undefined),
    fakeSaltSecret: Buffer.from('secret'),
  },
  maxReceiveBytes: 1024,
  connectionsMaxReauthMs: 0,
  monotonicMs: () => nowMs,
};
const API_VERSIONS = { minVersion: 0, maxVersion: 4 };

function request(apiKey: number, apiVersion: number, body: unknown): Buffer {
  return encodeRequest(apiKey, apiVersion, body, { clientId: 't' });
}

function answer(step: AuthStep, apiKey: number, apiVersion: number): Record<string, unknown> {
  if (!('response' in step) || !step.response) throw new Error(`답이 없습니다: ${step.kind}`);
  return decodeResponse(step.response.subarray(4), apiKey, apiVersion).body;
}

const fresh = () => new SaslServerAuthenticator(CONFIG, API_VERSIONS, new SeededRandom(1));

describe('SaslServerAuthenticator', () => {
  it('ApiVersions once, then PLAIN through SaslAuthenticate v2: User:alice', () => {
    const auth = fresh();
    expect(
      auth.receive(request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'a', clientSoftwareVersion: '1' })),
    ).toEqual({
      kind: 'delegate',
    });
    const handshake = auth.receive(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }));
    expect(answer(handshake, ApiKey.SaslHandshake, 1)).toEqual({
      errorCode: 0,
      mechanisms: ['PLAIN', 'SCRAM-SHA-256'],
    });
    const done = auth.receive(request(ApiKey.SaslAuthenticate, 2, { authBytes: Buffer.from('\0alice\0alice-secret') }));
    expect(done.kind).toBe('authenticated');
    expect(done).toMatchObject({ principal: 'User:alice' });
    expect(answer(done, ApiKey.SaslAuthenticate, 2)).toMatchObject({ errorCode: 0, sessionLifetimeMs: 0 });
  });

  it('an ApiVersions with an unsupported version may be retried; a second good one closes', () => {
    const auth = fresh();
    expect(auth.receive(request(ApiKey.ApiVersions, 0, {})).kind).toBe('delegate');
    expect(auth.state).toBe('HANDSHAKE_REQUEST');
    expect(auth.receive(request(ApiKey.ApiVersions, 0, {}))).toMatchObject({ kind: 'fail', response: null });

    const retry = new SaslServerAuthenticator(CONFIG, { minVersion: 0, maxVersion: 2 }, new SeededRandom(1));
    expect(
      retry.receive(request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'a', clientSoftwareVersion: '1' })).kind,
    ).toBe('delegate');
    expect(retry.state).toBe('HANDSHAKE_OR_VERSIONS_REQUEST');
  });

  it('a request other than SaslAuthenticate while authenticating closes; SaslHandshake gets ILLEGAL_SASL_STATE first', () => {
    const auth = fresh();
    auth.receive(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }));
    const again = auth.receive(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }));
    expect(again.kind).toBe('fail');
    expect(answer(again, ApiKey.SaslHandshake, 1)).toMatchObject({ errorCode: ErrorCode.ILLEGAL_SASL_STATE });

    const other = fresh();
    other.receive(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }));
    expect(other.receive(request(ApiKey.Metadata, 1, { topics: [] }))).toMatchObject({ kind: 'fail', response: null });
  });

  it('SCRAM-SHA-256: an unknown user and a wrong password fail at the same step with the same message', () => {
    const run = (user: string, password: string) => {
      const auth = fresh();
      auth.receive(request(ApiKey.SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' }));
      const clientFirstBare = `n=${user},r=abc`;
      const first = auth.receive(
        request(ApiKey.SaslAuthenticate, 1, { authBytes: Buffer.from(`n,,${clientFirstBare}`) }),
      );
      const serverFirst = String(answer(first, ApiKey.SaslAuthenticate, 1).authBytes);
      const [, nonce = '', salt = ''] = /^r=([^,]+),s=([^,]+),i=4096$/.exec(serverFirst) ?? [];
      const withoutProof = `c=biws,r=${nonce}`;
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
      const salted = formatter.saltedPassword(password, Buffer.from(salt, 'base64'), 4096);
      const clientKey = formatter.hmac(salted, 'Client Key');
      const proof = xor(clientKey, formatter.hmac(formatter.hash(clientKey), authMessage));
      const final = auth.receive(
        request(ApiKey.SaslAuthenticate, 1, {
          authBytes: Buffer.from(`${withoutProof},p=${proof.toString('base64')}`),
        }),
      );
      return {
        final,
        body: answer(final, ApiKey.SaslAuthenticate, 1),
        serverSignature: formatter.hmac(formatter.hmac(salted, 'Server Key'), authMessage),
      };
    };
    const ok = run('alice', 'pw');
    expect(ok.final).toMatchObject({ kind: 'authenticated', principal: 'User:alice' });
    expect(String(ok.body.authBytes)).toBe(`v=${ok.serverSignature.toString('base64')}`);
    const wrong = run('alice', 'nope');
    const unknown = run('mallory', 'pw');
    expect(wrong.final.kind).toBe('fail');
    expect(unknown.final.kind).toBe('fail');
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
  });

  it('a frame larger than sasl.server.max.receive.size closes without an answer, before anything is parsed', () => {
    const auth = fresh();
    auth.receive(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }));
    const big = request(ApiKey.SaslAuthenticate, 2, { authBytes: Buffer.alloc(1100) });
    expect(auth.receive(big)).toMatchObject({
      kind: 'fail',
      response: null,
      reason: expect.stringContaining('invalid receive size'),
    });
  });
});

describe('authenticatingProcessor', () => {
  it('passes requests after authentication to the listener with the principal, and ApiVersions before it as anonymous', () => {
    const seen: ConnectionInfo[] = [];
    const listener = (_frame: Buffer, connection: ConnectionInfo) => {
      seen.push(connection);
      return Buffer.from('ok');
    };
    const process = authenticatingProcessor(fresh(), listener);
    const connection = { id: '1', remote: '127.0.0.1:5', listener: 'SASL_PLAINTEXT', principal: 'User:ANONYMOUS' };
    process(request(ApiKey.ApiVersions, 0, {}), connection);
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    process(request(ApiKey.SaslAuthenticate, 0, { authBytes: Buffer.from('\0alice\0alice-secret') }), connection);
    process(request(ApiKey.Metadata, 1, { topics: [] }), connection);
    expect(seen.map((c) => c.principal)).toEqual(['User:ANONYMOUS', 'User:alice']);
  });

  it('tells the connection to close after a failed answer', () => {
    const process = authenticatingProcessor(fresh(), () => Buffer.from('never'));
    const connection = { id: '1', remote: '127.0.0.1:5', listener: 'SASL_PLAINTEXT', principal: 'User:ANONYMOUS' };
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    const result = process(
      request(ApiKey.SaslAuthenticate, 0, { authBytes: Buffer.from('\0alice\0wrong') }),
      connection,
    );
    expect(result).toMatchObject({ closeReason: expect.stringContaining('SASL 인증 실패 (PLAIN, User:alice)') });
    expect(JSON.stringify(result)).not.toContain('wrong"');
  });
});

/** KIP-368: `connections.max.reauth.ms` = 3000인 리스너, 시각은 `nowMs`로 옮깁니다 */
describe('re-authentication (KIP-368)', () => {
  const REAUTH = { ...CONFIG, connectionsMaxReauthMs: 3000 };
  const connection = { id: '1', remote: '127.0.0.1:5', listener: 'SASL_PLAINTEXT', principal: 'User:ANONYMOUS' };
  const plain = (user: string, password: string, version = 2) =>
    request(ApiKey.SaslAuthenticate, version, { authBytes: Buffer.from(`\0${user}\0${password}`) });
  const metadata = () => request(ApiKey.Metadata, 1, { topics: [] });

  /** 인증까지 마친 처리기와, 리스너에 간 요청의 주체 목록 */
  function authenticated(config: SaslListenerConfig = REAUTH) {
    nowMs = 10_000;
    const auth = new SaslServerAuthenticator(config, API_VERSIONS, new SeededRandom(1));
    const served: string[] = [];
    const process = authenticatingProcessor(auth, (_frame, c) => {
      served.push(c.principal ?? '');
      return Buffer.from('ok');
    });
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    const done = process(plain('alice', 'alice-secret'), connection) as Buffer;
    return { auth, process, served, lifetime: decodeResponse(done.subarray(4), ApiKey.SaslAuthenticate, 2).body };
  }

  it('SaslAuthenticate v1+ answers session_lifetime_ms = connections.max.reauth.ms; 0 when it is off', () => {
    expect(authenticated().lifetime).toMatchObject({ errorCode: 0, sessionLifetimeMs: 3000 });
    expect(authenticated(CONFIG).lifetime).toMatchObject({ errorCode: 0, sessionLifetimeMs: 0 });
  });

  it('a request after the session expired closes the connection without an answer (KafkaChannel.serverAuthenticationSessionExpired)', () => {
    const { process, served } = authenticated();
    nowMs += 3000;
    expect(process(metadata(), connection)).toEqual(Buffer.from('ok'));
    nowMs += 1;
    expect(process(metadata(), connection)).toEqual({
      response: null,
      closeReason: expect.stringContaining('User:alice의 SASL 세션이 끝났는데'),
    });
    expect(served).toEqual(['User:alice']);
  });

  it('a SaslHandshake on an authenticated connection re-authenticates; the new session lasts another lifetime', () => {
    const { auth, process, served } = authenticated();
    nowMs += 2500;
    const handshake = process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection) as Buffer;
    expect(decodeResponse(handshake.subarray(4), ApiKey.SaslHandshake, 1).body).toMatchObject({ errorCode: 0 });
    expect(auth.state).toBe('AUTHENTICATE');
    const done = process(plain('alice', 'alice-secret'), connection) as Buffer;
    expect(decodeResponse(done.subarray(4), ApiKey.SaslAuthenticate, 2).body).toMatchObject({
      errorCode: 0,
      sessionLifetimeMs: 3000,
    });
    nowMs += 2500; // 첫 세션이라면 끝났을 때
    expect(process(metadata(), connection)).toEqual(Buffer.from('ok'));
    expect(served).toEqual(['User:alice']);
  });

  it('re-authentication may not change the principal: SASL_AUTHENTICATION_FAILED, then close', () => {
    const { process } = authenticated();
    nowMs += 2000;
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    const result = process(plain('bob', 'bob-secret'), connection) as { response: Buffer; closeReason: string };
    expect(decodeResponse(result.response.subarray(4), ApiKey.SaslAuthenticate, 2).body).toMatchObject({
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: 'Cannot change principals during re-authentication from User.alice: User.bob',
    });
    expect(result.closeReason).toContain('SASL 인증 실패 (PLAIN, User:bob)');
  });

  it('re-authentication with another mechanism: the handshake is answered, the next frame closes', () => {
    const { process } = authenticated();
    nowMs += 2000;
    const handshake = process(request(ApiKey.SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' }), connection) as Buffer;
    expect(decodeResponse(handshake.subarray(4), ApiKey.SaslHandshake, 1).body).toMatchObject({ errorCode: 0 });
    expect(
      process(request(ApiKey.SaslAuthenticate, 2, { authBytes: Buffer.from('n,,n=alice,r=x') }), connection),
    ).toEqual({
      response: null,
      closeReason:
        "SASL mechanism 'SCRAM-SHA-256' requested by client is not supported for re-authentication of mechanism 'PLAIN'",
    });
  });

  it('a wrong password during re-authentication says so: "during re-authentication"', () => {
    const { process } = authenticated();
    nowMs += 2000;
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    const result = process(plain('alice', 'nope'), connection) as { response: Buffer };
    expect(decodeResponse(result.response.subarray(4), ApiKey.SaslAuthenticate, 2).body).toMatchObject({
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
    });
  });

  it('no re-authentication when it is off or within a second of the last one: the SaslHandshake goes to the listener (ILLEGAL_SASL_STATE there)', () => {
    const off = authenticated(CONFIG);
    off.process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    expect(off.served).toEqual(['User:alice']);
    expect(off.auth.state).toBe('COMPLETE');

    const { auth, process, served } = authenticated();
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    process(plain('alice', 'alice-secret'), connection);
    nowMs += 999;
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    expect(auth.state).toBe('COMPLETE');
    expect(served).toEqual(['User:alice']);
    nowMs += 1;
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    expect(auth.state).toBe('AUTHENTICATE');
  });

  it('another request while re-authenticating closes the connection (the authenticator owns the channel until it completes)', () => {
    const { process, served } = authenticated();
    nowMs += 2000;
    process(request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' }), connection);
    expect(process(metadata(), connection)).toMatchObject({ response: null, closeReason: expect.any(String) });
    expect(served).toEqual([]);
  });
});
