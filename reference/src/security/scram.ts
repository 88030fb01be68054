/**
 * SCRAM(RFC 5802, SHA-256/512는 RFC 7677)의 계산과 메시지. Kafka `ScramFormatter`, `ScramMessages`, `ScramCredential`에
 * 해당합니다. 해시·HMAC·PBKDF2는 모두 Node의 `crypto`가 합니다 (손으로 짠 해시는 없습니다).
 *
 *   SaltedPassword = Hi(password, salt, i)          PBKDF2-HMAC
 *   ClientKey = HMAC(SaltedPassword, "Client Key")  StoredKey = H(ClientKey)
 *   ServerKey = HMAC(SaltedPassword, "Server Key")
 *   AuthMessage = client-first-bare "," server-first "," client-final-without-proof
 *   ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage)
 *   ServerSignature = HMAC(ServerKey, AuthMessage)
 *
 * 서버는 비밀번호를 갖지 않고 salt, StoredKey, ServerKey, 반복 횟수만 갖습니다: 증명(proof)에서 ClientKey를 되살려
 * 그 해시가 StoredKey와 같은지 봅니다.
 */
import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import {
  SCRAM_MECHANISMS,
  type ScramCredential,
  type ScramCredentialDeriver,
  type ScramMechanism,
} from './scram-mechanisms.js';

export class ScramFormatter {
  readonly #hash: 'sha256' | 'sha512';

  constructor(mechanism: ScramMechanism) {
    this.#hash = SCRAM_MECHANISMS[mechanism].hash;
  }

  hmac(key: Buffer, data: string | Buffer): Buffer {
    return createHmac(this.#hash, key).update(data).digest();
  }

  hash(data: Buffer): Buffer {
    return createHash(this.#hash).update(data).digest();
  }

  /** Hi() = PBKDF2, 길이는 해시의 길이 (Kafka `ScramFormatter.hi`) */
  saltedPassword(password: string, salt: Buffer, iterations: number): Buffer {
    const length = this.#hash === 'sha256' ? 32 : 64;
    return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, length, this.#hash);
  }

  /** 비밀번호에서 저장할 자격 증명을 만듭니다 (Kafka `ScramFormatter.generateCredential`). 비밀번호는 남기지 않습니다. */
  generateCredential(password: string, salt: Buffer, iterations: number): ScramCredential {
    return this.credentialOf(salt, this.saltedPassword(password, salt, iterations), iterations);
  }

  /**
   * SaltedPassword에서 StoredKey와 ServerKey를 만듭니다. AlterUserScramCredentials의 클라이언트는 비밀번호 대신
   * SaltedPassword를 보내고, 컨트롤러는 이것으로 적을 자격 증명을 만듭니다 (Kafka `ScramControlManager.finishUpsertion`).
   */
  credentialOf(salt: Buffer, saltedPassword: Buffer, iterations: number): ScramCredential {
    const clientKey = this.hmac(saltedPassword, 'Client Key');
    return { salt, storedKey: this.hash(clientKey), serverKey: this.hmac(saltedPassword, 'Server Key'), iterations };
  }

  /** 클라이언트의 증명이 맞는지 (Kafka `ScramSaslServer.verifyClientProof`): H(proof XOR ClientSignature) == StoredKey */
  verifyClientProof(credential: ScramCredential, authMessage: string, proof: Buffer): boolean {
    // @exercise(13) verifyClientProof: ClientSignature = HMAC(StoredKey, AuthMessage), ClientKey = proof XOR ClientSignature,
    //   H(ClientKey)가 StoredKey와 같으면 참입니다. 길이가 다른 증명은 거짓, 비교는 timingSafeEqual로 하세요.
    const signature = this.hmac(credential.storedKey, authMessage);
    if (proof.length !== signature.length) return false;
    const clientKey = xor(proof, signature);
    return timingSafeEqual(this.hash(clientKey), credential.storedKey);
    // @end
  }

  /** 서버도 비밀번호를 안다는 증명 (Kafka `ScramFormatter.serverSignature`): 클라이언트가 server-final의 v=로 검사합니다 */
  serverSignature(credential: ScramCredential, authMessage: string): Buffer {
    // @exercise(13) serverSignature: ServerSignature = HMAC(ServerKey, AuthMessage)
    return this.hmac(credential.serverKey, authMessage);
    // @end
  }
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** 메시지 형식이 틀렸을 때 (Kafka는 `SaslException`: 클라이언트에는 일반적인 실패 문구만 갑니다) */
export class ScramFormatError extends Error {}

const SASLNAME = '(?:[\\x01-\\x2B\\x2D-\\x3C\\x3E-\\x7F]|=2C|=3D)+';
const PRINTABLE = '[\\x21-\\x2B\\x2D-\\x7E]+';
const VALUE = '[\\x01-\\x2B\\x2D-\\x7F]+';
const BASE64 = '(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)?';
const EXTENSIONS = `(?:,[A-Za-z]+=${VALUE})*`;

/** client-first: `n,[a=authzid],n=<saslname>,r=<nonce>[,ext=…]` (Kafka `ClientFirstMessage`, 채널 바인딩 없음만 받습니다) */
const CLIENT_FIRST = new RegExp(
  `^(?<gs2>n,(?:a=(?<authzid>${SASLNAME}))?,)(?<bare>(?:m=${VALUE},)?n=(?<saslname>${SASLNAME}),r=(?<nonce>${PRINTABLE})${EXTENSIONS})$`,
);
/** client-final: `c=<채널 바인딩>,r=<nonce>[,ext=…],p=<proof>` (Kafka `ClientFinalMessage`) */
const CLIENT_FINAL = new RegExp(
  `^(?<withoutProof>c=(?<channel>${BASE64}),r=(?<nonce>${PRINTABLE})${EXTENSIONS}),p=(?<proof>${BASE64})$`,
);

export interface ClientFirstMessage {
  /** gs2 머리 (`n,,`): client-final의 채널 바인딩은 이것의 base64(`biws`)여야 합니다 */
  readonly gs2Header: string;
  readonly authorizationId: string;
  readonly username: string;
  readonly nonce: string;
  readonly bare: string;
}

export interface ClientFinalMessage {
  readonly channelBinding: string;
  readonly nonce: string;
  readonly proof: Buffer;
  readonly withoutProof: string;
}

export function parseClientFirst(message: string): ClientFirstMessage {
  const groups = CLIENT_FIRST.exec(message)?.groups;
  if (!groups) throw new ScramFormatError('SCRAM client-first 메시지의 형식이 틀렸습니다');
  return {
    gs2Header: groups.gs2 as string,
    authorizationId: groups.authzid === undefined ? '' : saslNameToUsername(groups.authzid),
    username: saslNameToUsername(groups.saslname as string),
    nonce: groups.nonce as string,
    bare: groups.bare as string,
  };
}

export function parseClientFinal(message: string): ClientFinalMessage {
  const groups = CLIENT_FINAL.exec(message)?.groups;
  if (!groups) throw new ScramFormatError('SCRAM client-final 메시지의 형식이 틀렸습니다');
  return {
    channelBinding: groups.channel as string,
    nonce: groups.nonce as string,
    proof: Buffer.from(groups.proof as string, 'base64'),
    withoutProof: groups.withoutProof as string,
  };
}

export function formatServerFirst(nonce: string, salt: Buffer, iterations: number): string {
  return `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
}

export function formatServerFinal(serverSignature: Buffer): string {
  return `v=${serverSignature.toString('base64')}`;
}

/** saslname의 `=2C`는 쉼표, `=3D`는 등호 (Kafka `ScramFormatter.username`) */
export function saslNameToUsername(saslName: string): string {
  return saslName.replaceAll('=2C', ',').replaceAll('=3D', '=');
}

/**
 * 컨트롤러에 넣어 주는 자격 증명 계산 (Kafka `ScramControlManager.finishUpsertion`이 하는 것): 컨트롤러의 상태 기계는
 * Node의 모듈을 쓰지 않으므로(브라우저의 다이어그램도 같은 코드를 돌립니다), 해시를 하는 이 함수를 밖에서 받습니다.
 */
export const scramCredentialOf: ScramCredentialDeriver = (mechanism, salt, saltedPassword, iterations) =>
  new ScramFormatter(mechanism).credentialOf(salt, saltedPassword, iterations);
