/**
 * 브로커가 다른 노드에 붙을 때 쓰는 SASL 클라이언트 (Kafka `SaslClientAuthenticator`의 토큰 주고받기, `PlainSaslClient`,
 * `ScramSaslClient`). 네트워크는 모릅니다: 첫 토큰을 만들고, 서버의 답(challenge)을 받아 다음 토큰이나 "끝"을 돌려줍니다.
 * SaslHandshake·SaslAuthenticate 요청에 싣는 일은 `runtime/network-client.ts`가 합니다.
 *
 *   PLAIN  [authzid] NUL 사용자 NUL 비밀번호 하나를 보내면 끝 (RFC 4616). 비밀번호가 그대로 가므로 TLS 위에서만 씁니다.
 *   SCRAM  client-first → (server-first) → client-final → (server-final): 서버의 서명까지 맞아야 끝 (RFC 5802).
 *          비밀번호는 보내지 않고 증명(proof)만 보내며, 서버도 자기가 자격 증명을 가졌음을 서명으로 보입니다.
 */
import { err, ok, type Result } from '../result.js';
import type { Random } from '../runtime/random.js';
import { ScramFormatter, xor } from './scram.js';
import { isScramMechanism } from './scram-mechanisms.js';

export interface SaslClientCredentials {
  readonly mechanism: string;
  readonly username: string;
  readonly password: string;
}

export interface SaslClientExchange {
  /** SaslAuthenticate에 실을 첫 토큰 */
  first(): Buffer;
  /** 서버의 답을 받아 다음 토큰을, 끝났으면 `token: null`을 돌려줍니다. 서버를 믿을 수 없으면 오류 */
  next(challenge: Buffer): Result<{ readonly token: Buffer | null }, string>;
}

/** 방식에 맞는 클라이언트. PLAIN과 SCRAM-SHA-256/512만 압니다 */
export function saslClient(credentials: SaslClientCredentials, random: Random): SaslClientExchange {
  const { mechanism, username, password } = credentials;
  if (mechanism === 'PLAIN') {
    return {
      first: () => Buffer.from(`\u0000${username}\u0000${password}`, 'utf8'),
      // PLAIN의 서버는 빈 토큰으로 답하고 끝납니다.
      next: () => ok({ token: null }),
    };
  }
  if (isScramMechanism(mechanism)) return scramClient(new ScramFormatter(mechanism), username, password, random);
  throw new Error(`SASL 방식 ${mechanism}의 클라이언트는 없습니다 (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)`);
}

/** saslname으로 적을 때 쉼표는 `=2C`, 등호는 `=3D` (RFC 5802 5.1) */
function toSaslName(username: string): string {
  return username.replaceAll('=', '=3D').replaceAll(',', '=2C');
}

function scramClient(
  formatter: ScramFormatter,
  username: string,
  password: string,
  random: Random,
): SaslClientExchange {
  const GS2_HEADER = 'n,,';
  const clientNonce = Buffer.from(random.bytes(24)).toString('base64');
  const clientFirstBare = `n=${toSaslName(username)},r=${clientNonce}`;
  let step: 'server-first' | 'server-final' | 'done' = 'server-first';
  let expectedServerSignature: Buffer | null = null;
  return {
    first: () => Buffer.from(GS2_HEADER + clientFirstBare, 'utf8'),
    next(challenge) {
      const message = challenge.toString('utf8');
      if (step === 'server-first') {
        // r=<클라이언트 nonce + 서버 nonce>,s=<salt>,i=<반복>
        const fields = new Map(message.split(',').map((f) => [f.slice(0, 1), f.slice(2)] as const));
        const nonce = fields.get('r') ?? '';
        const salt = Buffer.from(fields.get('s') ?? '', 'base64');
        const iterations = Number(fields.get('i'));
        if (!nonce.startsWith(clientNonce) || nonce === clientNonce) {
          return err('SCRAM server-first의 nonce가 클라이언트의 nonce로 시작하지 않습니다');
        }
        if (salt.length === 0 || !Number.isSafeInteger(iterations) || iterations < 1) {
          return err('SCRAM server-first의 salt나 반복 횟수가 틀렸습니다');
        }
        const withoutProof = `c=${Buffer.from(GS2_HEADER).toString('base64')},r=${nonce}`;
        const authMessage = `${clientFirstBare},${message},${withoutProof}`;
        const saltedPassword = formatter.saltedPassword(password, salt, iterations);
        const clientKey = formatter.hmac(saltedPassword, 'Client Key');
        const clientSignature = formatter.hmac(formatter.hash(clientKey), authMessage);
        expectedServerSignature = formatter.hmac(formatter.hmac(saltedPassword, 'Server Key'), authMessage);
        step = 'server-final';
        const proof = xor(clientKey, clientSignature).toString('base64');
        return ok({ token: Buffer.from(`${withoutProof},p=${proof}`, 'utf8') });
      }
      if (step === 'server-final') {
        step = 'done';
        // v=<서버 서명>: 서버가 이 사용자의 ServerKey를 가졌다는 증거. e=<오류>면 실패.
        if (message.startsWith('e=')) return err(`SCRAM 서버가 거절했습니다: ${message.slice(2)}`);
        const signature = message.startsWith('v=') ? Buffer.from(message.slice(2), 'base64') : Buffer.alloc(0);
        if (!expectedServerSignature || !signature.equals(expectedServerSignature)) {
          return err('SCRAM server-final의 서버 서명이 맞지 않습니다');
        }
        return ok({ token: null });
      }
      return err('SCRAM 교환이 이미 끝났습니다');
    },
  };
}
