/**
 * `npm run certs`: 프로세스로 돌려 만든 파일을 봅니다. CA가 노드·클라이언트 인증서를 서명했는지, 노드 인증서의 SAN에
 * localhost와 127.0.0.1이 있는지, 클라이언트 인증서의 주체가 브로커가 주체로 읽을 모양인지, 개인 키는 소유자만 읽는지.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfc2253Name } from '../../reference/src/security/tls-principal.js';
import { removeDir, tempDir } from '../../reference/test/e2e/support.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let output: string;

beforeAll(async () => {
  dir = tempDir('certs-');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/certs.ts', '--dir', dir, '--client', 'carol', '--host', 'kafka-1'],
    { cwd: root },
  );
  output = stdout;
}, 60_000);

afterAll(() => removeDir(dir));

const cert = (name: string) => new X509Certificate(readFileSync(path.join(dir, name)));

describe('npm run certs', () => {
  it('writes a CA that signed the node and the client certificates', () => {
    const ca = cert('ca.pem');
    expect(ca.ca).toBe(true);
    for (const name of ['node.pem', 'carol.pem']) {
      expect(cert(name).checkIssued(ca), name).toBe(true);
      expect(cert(name).verify(ca.publicKey), name).toBe(true);
    }
    expect(output).toContain('ssl.keystore.location=');
  });

  it('puts localhost, 127.0.0.1 and the extra host in the node certificate', () => {
    expect(cert('node.pem').subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, DNS:kafka-1');
  });

  it('gives the client a subject the broker reads as CN=carol,O=kafka-course', () => {
    expect(rfc2253Name(cert('carol.pem'))).toBe('CN=carol,O=kafka-course');
  });

  it('keeps private keys readable by the owner only, and the keystore holds one key and the chain', () => {
    for (const name of ['ca-key.pem', 'node-key.pem', 'carol-key.pem', 'node-keystore.pem']) {
      expect(statSync(path.join(dir, name)).mode & 0o777, name).toBe(0o600);
    }
    const keystore = readFileSync(path.join(dir, 'node-keystore.pem'), 'utf8');
    expect(keystore.match(/BEGIN PRIVATE KEY/g)).toHaveLength(1);
    expect(keystore.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });
});
