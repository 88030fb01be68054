/**
 * 13장 SCRAM 서버 (RFC 5802, SHA-256/512는 RFC 7677). 계산은 RFC 7677 §3의 예시(사용자 user, 비밀번호 pencil)로,
 * 교환은 이 파일의 작은 SCRAM 클라이언트로 봅니다. 클라이언트는 Node의 crypto로 RFC의 식을 그대로 계산하고 여러분의
 * 코드를 부르지 않습니다. 테스트 이름은 Kafka `ScramFormatterTest`, `ScramSaslServerTest`
 * (noAuthorizationIdSpecified, authorizationIdNotEqualsAuthenticationId, validateNonceExchange,
 * validateFailedNonceExchange)에서 왔습니다. 테스트는 고치지 마세요.
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScramCredential, ScramMechanism } from '../../../reference/src/security/scram-mechanisms.js';
import { SeededRandom } from '../../../reference/src/sim/random.js';
import { type SaslCredentials, ScramSaslServer } from '../src/sasl-server.js';
import { ScramFormatter } from '../src/scram.js';

const HASH = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' } as const;

/** RFC 5802 §3의 식 그대로인 클라이언트 쪽 계산 */
function clientKeys(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number) {
  const hash = HASH[mechanism];
  const salted = pbkdf2Sync(password, salt, iterations, hash === 'sha256' ? 32 : 64, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  return {
    clientKey,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update('Server Key').digest(),
  };
}

function credentialFor(mechanism: ScramMechanism, password: string, salt: Buffer, iterations = 4096): ScramCredential {
  const { storedKey, serverKey } = clientKeys(mechanism, password, salt, iterations);
  return { salt, storedKey, serverKey, iterations };
}

const ALICE_SALT = Buffer.from('alice-salt-16byt');
const users: Record<ScramMechanism, Map<string, ScramCredential>> = {
  'SCRAM-SHA-256': new Map([['alice', credentialFor('SCRAM-SHA-256', 'alice-secret', ALICE_SALT)]]),
  'SCRAM-SHA-512': new Map([['alice', credentialFor('SCRAM-SHA-512', 'alice-secret', ALICE_SALT, 8192)]]),
};
const credentials: SaslCredentials = {
  plainUsers: new Map(),
  scramCredential: (mechanism, user) => users[mechanism].get(user),
  fakeSaltSecret: Buffer.from('chapter-13-fake-salt-secret'),
};

function server(mechanism: ScramMechanism = 'SCRAM-SHA-256', seed = 13): ScramSaslServer {
  return new ScramSaslServer(mechanism, credentials, new SeededRandom(seed));
}

interface Exchange {
  readonly serverFirst: string;
  readonly result: { ok: true; serverFinal: string } | { ok: false; error: Error };
  readonly expectedServerFinal: string;
}

/** 클라이언트 한 번의 교환. `tamper`로 client-final을 망가뜨릴 수 있습니다. */
function exchange(
  saslServer: ScramSaslServer,
  options: {
    user: string;
    password: string;
    authzid?: string;
    tamper?: (parts: { channel: string; nonce: string }) => { channel: string; nonce: string };
  },
): Exchange {
  const mechanism = saslServer.mechanism as ScramMechanism;
  const clientNonce = 'fyko+d2lbbFgONRv9qkxdawL';
  const gs2 = `n,${options.authzid === undefined ? '' : `a=${options.authzid}`},`;
  const bare = `n=${options.user},r=${clientNonce}`;
  const serverFirst = saslServer.evaluateResponse(Buffer.from(gs2 + bare)).toString('utf8');
  const fields = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
  const salt = Buffer.from(fields.s ?? '', 'base64');
  const { clientKey, serverKey } = clientKeys(mechanism, options.password, salt, Number(fields.i));
  const parts = (options.tamper ?? ((p) => p))({ channel: Buffer.from(gs2).toString('base64'), nonce: fields.r ?? '' });
  const withoutProof = `c=${parts.channel},r=${parts.nonce}`;
  const authMessage = `${bare},${serverFirst},${withoutProof}`;
  const hash = HASH[mechanism];
  const storedKey = createHash(hash).update(clientKey).digest();
  const signature = createHmac(hash, storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] as number)));
  const expectedServerFinal = `v=${createHmac(hash, serverKey).update(authMessage).digest('base64')}`;
  try {
    const final = saslServer.evaluateResponse(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`));
    return { serverFirst, result: { ok: true, serverFinal: final.toString('utf8') }, expectedServerFinal };
  } catch (error) {
    return { serverFirst, result: { ok: false, error: error as Error }, expectedServerFinal };
  }
}

describe('13장: SCRAM 서버', () => {
  it('ClientProofVerifies: RFC 7677의 예시에서 StoredKey로 증명을 검사하고 같은 서버 서명을 만듭니다', () => {
    const formatter = new ScramFormatter('SCRAM-SHA-256');
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const credential = credentialFor('SCRAM-SHA-256', 'pencil', salt);
    const authMessage =
      'n=user,r=rOprNGfwEbeRWgbNEkqO,' +
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,' +
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
    expect(formatter.verifyClientProof(credential, authMessage, proof), 'RFC의 증명').toBe(true);
    expect(formatter.serverSignature(credential, authMessage).toString('base64'), 'RFC의 server-final v=').toBe(
      '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
    );
    const wrongPassword = credentialFor('SCRAM-SHA-256', 'pencil2', salt);
    expect(formatter.verifyClientProof(wrongPassword, authMessage, proof), '다른 비밀번호의 StoredKey').toBe(false);
    expect(formatter.verifyClientProof(credential, `${authMessage}x`, proof), '다른 AuthMessage').toBe(false);
    expect(formatter.verifyClientProof(credential, authMessage, proof.subarray(1)), '한 바이트 짧은 증명').toBe(false);
    const flipped = Buffer.from(proof);
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(formatter.verifyClientProof(credential, authMessage, flipped), '한 비트 바뀐 증명').toBe(false);
  });

  it('ServerFirstCarriesNonceAndSalt: server-first는 클라이언트 nonce + 서버 nonce, 저장된 salt와 반복 횟수입니다', () => {
    for (const [mechanism, iterations] of [
      ['SCRAM-SHA-256', 4096],
      ['SCRAM-SHA-512', 8192],
    ] as const) {
      const first = server(mechanism)
        .evaluateResponse(Buffer.from('n,,n=alice,r=fyko+d2lbbFgONRv9qkxdawL'))
        .toString('utf8');
      const match = /^r=([^,]+),s=([^,]+),i=(\d+)$/.exec(first);
      expect(match, `${mechanism} server-first의 모양: ${first}`).not.toBeNull();
      const [, nonce = '', salt, count] = match ?? [];
      expect(nonce.startsWith('fyko+d2lbbFgONRv9qkxdawL'), `${mechanism}: nonce가 클라이언트의 것으로 시작`).toBe(true);
      expect(nonce.length, `${mechanism}: 서버가 nonce를 덧붙임`).toBeGreaterThan('fyko+d2lbbFgONRv9qkxdawL'.length);
      expect(salt, `${mechanism}: 저장된 salt`).toBe(ALICE_SALT.toString('base64'));
      expect(Number(count), `${mechanism}: 저장된 반복 횟수`).toBe(iterations);
    }
    // 서버의 nonce는 연결마다 다릅니다 (같은 증명을 다른 연결에서 다시 쓸 수 없게)
    const a = server('SCRAM-SHA-256', 1).evaluateResponse(Buffer.from('n,,n=alice,r=abc')).toString('utf8');
    const b = server('SCRAM-SHA-256', 2).evaluateResponse(Buffer.from('n,,n=alice,r=abc')).toString('utf8');
    expect(a.split(',')[0], '두 연결의 nonce').not.toBe(b.split(',')[0]);
  });

  it('FullExchangeAuthenticates: 맞는 비밀번호면 인증이 끝나고 server-final이 서버 서명입니다', () => {
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
      for (const authzid of [undefined, 'alice']) {
        const saslServer = server(mechanism);
        const done = exchange(saslServer, { user: 'alice', password: 'alice-secret', authzid });
        const name = `${mechanism}, authzid ${authzid ?? '없음'}`;
        if (!done.result.ok) throw new Error(`${name}: ${done.result.error.message}`);
        expect(done.result.serverFinal, `${name}: server-final`).toBe(done.expectedServerFinal);
        expect(saslServer.isComplete, `${name}: isComplete`).toBe(true);
        expect(saslServer.authorizationId, `${name}: authorizationId`).toBe('alice');
      }
    }
  });

  it('WrongProofRejected: 틀린 비밀번호, 없는 사용자, 틀린 nonce·채널 바인딩, 다른 authzid는 실패하고 인증되지 않습니다', () => {
    const cases: [string, Parameters<typeof exchange>[1]][] = [
      ['틀린 비밀번호', { user: 'alice', password: 'wrong' }],
      ['없는 사용자', { user: 'mallory', password: 'alice-secret' }],
      [
        '서버 nonce를 바꾼 client-final',
        { user: 'alice', password: 'alice-secret', tamper: (p) => ({ ...p, nonce: `${p.nonce}x` }) },
      ],
      [
        '클라이언트 nonce만 보낸 client-final',
        { user: 'alice', password: 'alice-secret', tamper: (p) => ({ ...p, nonce: 'fyko+d2lbbFgONRv9qkxdawL' }) },
      ],
      ['다른 채널 바인딩', { user: 'alice', password: 'alice-secret', tamper: (p) => ({ ...p, channel: 'eSws' }) }],
    ];
    for (const [name, options] of cases) {
      const saslServer = server();
      const done = exchange(saslServer, options);
      expect(done.result.ok, `${name}: 실패해야 합니다`).toBe(false);
      expect(saslServer.authorizationId, `${name}: authorizationId`).toBeNull();
      expect(saslServer.isComplete, `${name}: isComplete`).toBe(false);
    }
    // 없는 사용자도 server-first까지는 같은 모양으로 답합니다: 사용자가 있는지 드러내지 않습니다
    const unknown = server().evaluateResponse(Buffer.from('n,,n=mallory,r=abc')).toString('utf8');
    expect(unknown, '없는 사용자의 server-first').toMatch(/^r=abc[^,]+,s=[A-Za-z0-9+/=]+,i=4096$/);
    const again = server(undefined, 99).evaluateResponse(Buffer.from('n,,n=mallory,r=abc')).toString('utf8');
    expect(again.split(',')[1], '없는 사용자의 salt는 연결마다 같습니다').toBe(unknown.split(',')[1]);
    // Kafka authorizationIdNotEqualsAuthenticationId: authzid가 사용자 이름과 다르면 client-first에서 거절
    // (클라이언트가 그대로 받는 문구라 무엇이 틀렸는지 적습니다)
    expect(() => server().evaluateResponse(Buffer.from('n,a=admin,n=alice,r=abc')), 'authzid admin ≠ alice').toThrow(
      /authorization id/,
    );
  });
});
