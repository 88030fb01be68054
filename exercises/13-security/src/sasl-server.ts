// 13장 보안 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/security/sasl-server.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 인증 방식(mechanism)마다 서버 쪽 한 단계씩 (Java `javax.security.sasl.SaslServer`): 클라이언트의 토큰을 받아 답할
 * 토큰을 돌려주고, 다 끝나면 `isComplete`가 참이 되고 `authorizationId`가 인증된 사용자입니다.
 *
 *   PLAIN (RFC 4616)            한 번: `[authzid] NUL 사용자 NUL 비밀번호` → 빈 토큰
 *   SCRAM-SHA-256/512 (RFC 5802) 두 번: client-first → server-first, client-final → server-final
 *
 * 실패는 `SaslAuthenticationError`입니다. 그 문구는 클라이언트에게 그대로 가므로 사용자가 있는지 없는지를 드러내지
 * 않습니다. 다른 예외(형식 오류 등)는 인증기가 Kafka의 일반 문구로 바꿔 답합니다.
 */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { todo } from '../../../course/todo.js';
import { base64url, type Random } from '../../../reference/src/runtime/random.js';
import {
  SCRAM_MECHANISMS,
  type ScramCredential,
  type ScramMechanism,
} from '../../../reference/src/security/scram-mechanisms.js';
import {
  type ClientFirstMessage,
  formatServerFinal,
  formatServerFirst,
  parseClientFinal,
  parseClientFirst,
  ScramFormatError,
  ScramFormatter,
} from './scram.js';

/** 문구를 클라이언트에게 그대로 보여 줘도 되는 인증 실패 (Kafka `SaslAuthenticationException`) */
export class SaslAuthenticationError extends Error {}

export interface SaslServer {
  readonly mechanism: string;
  /** 토큰 하나를 받아 답할 토큰을 돌려줍니다. */
  evaluateResponse(token: Buffer): Buffer;
  readonly isComplete: boolean;
  /** 인증된 사용자 (끝나기 전에는 null) */
  readonly authorizationId: string | null;
  /** 로그에 남길, 클라이언트가 대려고 한 사용자 이름 (아직 모르면 null). 비밀번호는 어디에도 남기지 않습니다. */
  readonly attemptedUser: string | null;
}

/** 리스너 하나의 사용자들: PLAIN은 비밀번호, SCRAM은 방식과 사용자로 찾는 자격 증명 */
export interface SaslCredentials {
  readonly plainUsers: ReadonlyMap<string, string>;
  /** 연결마다 client-first를 받을 때 찾습니다: 그 사이에 AlterUserScramCredentials로 바뀐 것도 곧바로 보입니다 */
  scramCredential(mechanism: ScramMechanism, user: string): ScramCredential | undefined;
  /** 없는 사용자에게 줄 가짜 salt를 만드는 이 브로커만의 비밀 (RFC 5802 §9: 사용자가 있는지 숨기기) */
  readonly fakeSaltSecret: Buffer;
}

/** SHA-256으로 줄여 길이를 맞춘 뒤 상수 시간으로 비교합니다: 길이가 달라도, 어디서 달라도 걸리는 시간이 같습니다. */
function constantTimeEquals(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Kafka `PlainSaslServer.evaluateResponse` + `PlainServerCallbackHandler` */
export class PlainSaslServer implements SaslServer {
  readonly mechanism = 'PLAIN';
  isComplete = false;
  authorizationId: string | null = null;
  attemptedUser: string | null = null;

  constructor(private readonly users: ReadonlyMap<string, string>) {}

  evaluateResponse(token: Buffer): Buffer {
    if (this.isComplete) throw new SaslAuthenticationError('Authentication failed: PLAIN exchange already completed');
    const tokens = token.toString('utf8').split('\0');
    if (tokens.length !== 3) {
      throw new SaslAuthenticationError(
        `Invalid SASL/PLAIN response: expected 3 tokens, got ${Math.min(tokens.length, 4)}`,
      );
    }
    const [authzid = '', username = '', password = ''] = tokens;
    this.attemptedUser = username;
    if (username === '') throw new SaslAuthenticationError('Authentication failed: username not specified');
    if (password === '') throw new SaslAuthenticationError('Authentication failed: password not specified');
    const expected = this.users.get(username);
    // 없는 사용자도 같은 비교를 한 번 합니다: 걸리는 시간으로 사용자가 있는지 드러나지 않게.
    const matches = constantTimeEquals(password, expected ?? '\0') && expected !== undefined;
    if (!matches) throw new SaslAuthenticationError('Authentication failed: Invalid username or password');
    if (authzid !== '' && authzid !== username) {
      throw new SaslAuthenticationError(
        'Authentication failed: Client requested an authorization id that is different from username',
      );
    }
    this.authorizationId = username;
    this.isComplete = true;
    return Buffer.alloc(0);
  }
}

/** SCRAM 교환의 첫 단계가 남기는 것: 둘째 단계가 AuthMessage를 만들고 증명을 검사하는 데 씁니다 */
export interface ScramExchange {
  readonly clientFirst: ClientFirstMessage;
  readonly serverFirst: string;
  /** 클라이언트의 nonce + 서버의 nonce (server-first의 r=) */
  readonly nonce: string;
  readonly credential: ScramCredential;
}

/**
 * Kafka `ScramSaslServer`. 한 가지는 Kafka와 다릅니다: Kafka는 없는 사용자를 client-first에서 곧바로 거절하지만, 이
 * 서버는 RFC 5802 §9가 권하듯 가짜 salt로 server-first까지 답하고 증명에서 실패시킵니다. 그래서 없는 사용자와 틀린
 * 비밀번호가 같은 단계에서 같은 문구로 실패합니다.
 */
export class ScramSaslServer implements SaslServer {
  isComplete = false;
  authorizationId: string | null = null;
  attemptedUser: string | null = null;
  readonly #formatter: ScramFormatter;
  #state: 'client-first' | 'client-final' | 'done' = 'client-first';
  #exchange: ScramExchange | null = null;

  constructor(
    readonly mechanism: ScramMechanism,
    private readonly credentials: SaslCredentials,
    private readonly random: Random,
  ) {
    this.#formatter = new ScramFormatter(mechanism);
  }

  evaluateResponse(token: Buffer): Buffer {
    const message = token.toString('utf8');
    if (this.#state === 'client-first') {
      this.#exchange = this.#receiveClientFirst(message);
      this.#state = 'client-final';
      return Buffer.from(this.#exchange.serverFirst, 'utf8');
    }
    if (this.#state === 'client-final' && this.#exchange) {
      // 둘째 메시지가 틀려도 다시 시도할 수 없습니다: 먼저 'done'으로 넘깁니다.
      this.#state = 'done';
      const serverFinal = this.#receiveClientFinal(message, this.#exchange);
      this.isComplete = true;
      return Buffer.from(serverFinal, 'utf8');
    }
    throw new SaslAuthenticationError(`Unexpected challenge in Sasl server state ${this.#state}`);
  }

  /**
   * 첫 단계 (Kafka `ScramSaslServer.evaluateResponse`의 RECEIVE_CLIENT_FIRST_MESSAGE): client-first를 읽고 사용자의
   * 자격 증명을 찾아, 두 쪽의 nonce를 이은 nonce와 salt, 반복 횟수를 담은 server-first를 만듭니다.
   */
  #receiveClientFirst(message: string): ScramExchange {
    // TODO(13장): receiveClientFirst: client-first를 읽어 server-first(`r=<nonce>,s=<salt>,i=<반복 횟수>`)를 만드세요.
    //   authzid가 있으면 사용자 이름과 같아야 합니다. 없는 사용자는 #fakeCredential로 끝까지 진행합니다(RFC 5802 §9).
    //   nonce = 클라이언트의 nonce + 이 서버의 무작위 24바이트(base64url). 다음 단계가 쓸 것을 ScramExchange로 돌려주세요.
    return todo('receiveClientFirst: client-first를 읽어 server-first(`r=<nonce>,s=<salt>,i=<반복 횟수>`)를 만드세요.');
  }

  /**
   * 둘째 단계 (RECEIVE_CLIENT_FINAL_MESSAGE): client-final의 채널 바인딩과 nonce를 확인하고, 증명을 StoredKey로 검사한
   * 뒤 서버 서명을 담은 server-final(`v=…`)을 돌려줍니다. 돌아오면 인증이 끝납니다.
   */
  #receiveClientFinal(message: string, exchange: ScramExchange): string {
    // TODO(13장): receiveClientFinal: client-final을 검사하고 server-final(`v=<서버 서명>`)을 돌려주세요.
    //   c=는 client-first의 gs2 머리의 base64, r=는 server-first의 nonce로 끝나야 합니다. 틀리면 ScramFormatError.
    //   AuthMessage = client-first-bare + "," + server-first + "," + client-final-without-proof.
    //   증명이 틀리면 ScramFormatError, 맞으면 authorizationId를 정하고 ScramFormatter로 서명하세요.
    return todo('receiveClientFinal: client-final을 검사하고 server-final(`v=<서버 서명>`)을 돌려주세요.');
  }

  /** 없는 사용자의 자격 증명: 이름마다 늘 같은 salt, 어떤 증명과도 맞지 않는 키 */
  #fakeCredential(username: string): ScramCredential {
    const derive = (label: string) =>
      createHmac('sha256', this.credentials.fakeSaltSecret).update(`${label}\0${username}`).digest();
    return {
      salt: derive('salt').subarray(0, 16),
      storedKey: Buffer.alloc(this.mechanism === 'SCRAM-SHA-256' ? 32 : 64),
      serverKey: derive('server'),
      iterations: SCRAM_MECHANISMS[this.mechanism].minIterations,
    };
  }
}
