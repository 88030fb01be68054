/**
 * SASL 인증: 맞는 비밀번호는 세 방식(PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) 모두 통과하고, 틀린 비밀번호와 없는 사용자는
 * SaslAuthenticate 응답의 SASL_AUTHENTICATION_FAILED를 받은 뒤 연결이 닫힙니다. 문구는 사용자가 있는지 드러내지
 * 않습니다: PLAIN은 "Invalid username or password" 하나, SCRAM은 방식 이름만 담은 일반 문구 하나.
 *
 * SCRAM 사용자는 대상이 뜬 뒤 admin이 AlterUserScramCredentials로 만든 것입니다 (security.ts). 없는 사용자를 SCRAM에서
 * 언제 거절하는지는 다릅니다: Kafka는 client-first에서, 참조 브로커는 가짜 salt로 한 단계 더 간 client-final에서
 * (sasl-server.ts의 `ScramSaslServer`). 클라이언트가 받는 코드와 문구는 같아 결과에는 드러나지 않습니다.
 */

import { within } from '../../../../scripts/lib/within.js';
import { type Scenario, SECURED } from '../scenario.js';
import { authenticate, MECHANISMS, type Mechanism, PASSWORDS } from '../security.js';

/** 실패한 뒤 연결이 닫히기를 기다리는 최대 시간 (Kafka는 connection.failed.authentication.delay.ms, 기본 100ms 뒤에 닫음) */
const CLOSE_WAIT_MS = 10_000;

const PLAIN_FAILED = {
  error: 'SASL_AUTHENTICATION_FAILED',
  message: 'Authentication failed: Invalid username or password',
  closed: true,
};
const scramFailed = (mechanism: string) => ({
  error: 'SASL_AUTHENTICATION_FAILED',
  message: `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`,
  closed: true,
});

export const saslAuthentication: Scenario = {
  name: 'sasl-authentication',
  title: 'SASL 인증: 맞는 비밀번호, 틀린 비밀번호, 없는 사용자',
  needs: SECURED,
  kafka: {
    answer: {
      rightPassword: { PLAIN: 'NONE', 'SCRAM-SHA-256': 'NONE', 'SCRAM-SHA-512': 'NONE' },
      wrongPassword: {
        PLAIN: PLAIN_FAILED,
        'SCRAM-SHA-256': scramFailed('SCRAM-SHA-256'),
        'SCRAM-SHA-512': scramFailed('SCRAM-SHA-512'),
      },
      unknownUser: {
        PLAIN: PLAIN_FAILED,
        'SCRAM-SHA-256': scramFailed('SCRAM-SHA-256'),
        'SCRAM-SHA-512': scramFailed('SCRAM-SHA-512'),
      },
    },
    source:
      'SaslServerAuthenticator.handleSaslToken (SaslAuthenticationException은 그 문구로, 다른 SaslException은 ' +
      '"…due to invalid credentials with SASL mechanism …"으로 답하고 연결을 닫음); PlainSaslServer.evaluateResponse; ' +
      'ScramSaslServer.evaluateResponse·verifyClientProof',
  },
  async run(ctx) {
    const attempt = async (mechanism: Mechanism, user: string, password: string) => {
      const client = await ctx.rawAs(null);
      const closed = new Promise<true>((resolve) => client.onClose(() => resolve(true)));
      const { error, message } = await authenticate(client, mechanism, user, password);
      return error === 'NONE' ? { error } : { error, message, closed: (await within(CLOSE_WAIT_MS, closed)) !== null };
    };
    const each = async (user: string, password: (m: Mechanism) => string) => {
      const results: Record<string, { error: string; message?: string | null; closed?: boolean }> = {};
      for (const mechanism of MECHANISMS) results[mechanism] = await attempt(mechanism, user, password(mechanism));
      return results;
    };
    const right = await each('alice', () => PASSWORDS.alice);
    return {
      rightPassword: Object.fromEntries(Object.entries(right).map(([m, r]) => [m, r.error])),
      wrongPassword: await each('alice', () => 'not-the-password-42'),
      unknownUser: await each('mallory', () => 'not-the-password-42'),
    };
  },
};
