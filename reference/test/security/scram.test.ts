/**
 * SCRAM의 계산과 메시지 (RFC 5802/7677). 계산은 RFC 7677 §3의 SCRAM-SHA-256 예시 그대로를 되풀이합니다:
 * 사용자 user, 비밀번호 pencil.
 */
import { describe, expect, it } from 'vitest';
import {
  formatServerFinal,
  formatServerFirst,
  parseClientFinal,
  parseClientFirst,
  ScramFormatError,
  ScramFormatter,
  saslNameToUsername,
} from '../../src/security/scram.js';

const CLIENT_FIRST = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL =
  'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('RFC 7677 test vector (SCRAM-SHA-256)', () => {
  const formatter = new ScramFormatter('SCRAM-SHA-256');
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const credential = formatter.generateCredential('pencil', salt, 4096);
  const first = parseClientFirst(CLIENT_FIRST);
  const final = parseClientFinal(CLIENT_FINAL);
  const authMessage = `${first.bare},${SERVER_FIRST},${final.withoutProof}`;

  it('parses the client messages', () => {
    expect(first).toMatchObject({
      gs2Header: 'n,,',
      username: 'user',
      authorizationId: '',
      nonce: 'rOprNGfwEbeRWgbNEkqO',
    });
    expect(final.channelBinding).toBe('biws');
    expect(final.nonce).toBe('rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
  });

  it('formats the server-first message as the RFC shows it', () => {
    expect(formatServerFirst(final.nonce, salt, 4096)).toBe(SERVER_FIRST);
  });

  it('accepts the proof from the stored credential and signs the same server-final', () => {
    expect(formatter.verifyClientProof(credential, authMessage, final.proof)).toBe(true);
    expect(formatServerFinal(formatter.serverSignature(credential, authMessage))).toBe(SERVER_FINAL);
  });

  it('rejects the proof when the password or the auth message differs', () => {
    const wrong = formatter.generateCredential('pencil2', salt, 4096);
    expect(formatter.verifyClientProof(wrong, authMessage, final.proof)).toBe(false);
    expect(formatter.verifyClientProof(credential, `${authMessage}x`, final.proof)).toBe(false);
    expect(formatter.verifyClientProof(credential, authMessage, final.proof.subarray(1))).toBe(false);
  });

  it('stores only salt, keys and iterations', () => {
    expect(Object.keys(credential).sort()).toEqual(['iterations', 'salt', 'serverKey', 'storedKey']);
    expect(credential.storedKey).toHaveLength(32);
    expect(new ScramFormatter('SCRAM-SHA-512').generateCredential('pencil', salt, 4096).storedKey).toHaveLength(64);
  });
});

describe('SCRAM message parsing', () => {
  it('reads an authorization id, escaped names and extensions', () => {
    expect(parseClientFirst('n,a=bob,n=bob,r=abc')).toMatchObject({ gs2Header: 'n,a=bob,', authorizationId: 'bob' });
    expect(parseClientFirst('n,,n=a=2Cb=3Dc,r=abc,tokenauth=true').username).toBe('a,b=c');
    expect(saslNameToUsername('x=3D=2C')).toBe('x=,');
  });

  it.each([
    ['channel binding requested', 'p=tls-unique,,n=user,r=abc'],
    ['client supports binding', 'y,,n=user,r=abc'],
    ['no nonce', 'n,,n=user'],
    ['empty user', 'n,,n=,r=abc'],
    ['bad escape in name', 'n,,n=a=2Xb,r=abc'],
    ['garbage', '\u0000\u0001'],
  ])('rejects a client-first with %s', (_why, message) => {
    expect(() => parseClientFirst(message)).toThrow(ScramFormatError);
  });

  it.each([
    ['no proof', 'c=biws,r=abc'],
    ['proof not base64', 'c=biws,r=abc,p=***'],
    ['no channel binding', 'r=abc,p=AAAA'],
  ])('rejects a client-final with %s', (_why, message) => {
    expect(() => parseClientFinal(message)).toThrow(ScramFormatError);
  });
});
