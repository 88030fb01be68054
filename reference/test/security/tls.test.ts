/**
 * TLS의 순수한 부분과 받기(accept): Kafka `SslPrincipalMapperTest`의 규칙 표, `DefaultSslEngineFactory`처럼 읽는 PEM
 * 설정(틀리면 시작 전에 멈춤), 그리고 진짜 TLS 소켓으로 본 주체(`DefaultKafkaPrincipalBuilder`).
 */
import { createPrivateKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CertificateFiles,
  type CertificateSet,
  createCertificates,
  writeCertificates,
} from '../../../scripts/lib/certs.js';
import { tlsListenerConfig } from '../../src/security/tls-config.js';
import { SslPrincipalMapper } from '../../src/security/tls-principal.js';
import { createTlsServer } from '../../src/security/tls-server.js';
import { BrokerConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { removeDir, tempDir } from '../e2e/support.js';

describe('SslPrincipalMapper (Kafka SslPrincipalMapperTest)', () => {
  it('applies the first matching rule, lower- or upper-casing as asked, DEFAULT last', () => {
    const mapper = new SslPrincipalMapper(
      [
        'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L',
        'RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L',
        'RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U',
        'RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U',
        'DEFAULT',
      ].join(', '),
    );
    expect(mapper.name('CN=Duke,OU=ServiceUsers,O=Org,C=US')).toBe('duke');
    expect(mapper.name('CN=Duke,OU=SME,O=mycp,L=Fulton,ST=MD,C=US')).toBe('duke@sme');
    expect(mapper.name('cn=duke,ou=sme,dc=mycp,dc=com')).toBe('DUKE@SME');
    expect(mapper.name('cN=duke,OU=JavaSoft,O=Sun Microsystems')).toBe('DUKE');
    expect(mapper.name('OU=JavaSoft,O=Sun Microsystems,C=US')).toBe('OU=JavaSoft,O=Sun Microsystems,C=US');
  });

  it('keeps escaped commas inside a value', () => {
    const mapper = new SslPrincipalMapper(String.raw`RULE:^CN=((\\, *|\w)+)(,.*|$)/$1/,DEFAULT`);
    expect(mapper.name(String.raw`CN=Tkac\, Adam,OU=ITZ,DC=geodis,DC=cz`)).toBe(String.raw`Tkac\, Adam`);
  });

  it('fails when no rule matches, and on rules Kafka rejects', () => {
    expect(() => new SslPrincipalMapper('RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/').name('CN=x,O=y')).toThrow(
      /어느 규칙도/,
    );
    for (const rule of [
      'DEFAULT/L',
      'DEFAULT/U',
      'RULE:CN=(.*?),OU=ServiceUsers.*/$1',
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L/U',
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/L',
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/LU',
    ]) {
      expect(() => new SslPrincipalMapper(rule), rule).toThrow(/읽을 수 없습니다/);
    }
  });
});

let dir: string;
let certs: CertificateSet;
let files: CertificateFiles;

beforeAll(async () => {
  dir = tempDir('tls-unit-');
  certs = await createCertificates({ clients: ['alice'] });
  files = writeCertificates(dir, certs);
}, 60_000);

afterAll(() => removeDir(dir));

const config = (settings: Record<string, string>) =>
  new BrokerConfig(new Map(Object.entries(settings).map(([k, v]) => [k, { value: v, source: 'file' as const }])));

describe('tlsListenerConfig (Kafka DefaultSslEngineFactory, PEM)', () => {
  const pem = () => ({ 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': files.nodeKeystore });

  it('reads a PEM keystore file into one key and the certificate chain', () => {
    const tls = tlsListenerConfig(config(pem()), 'SSL', 'SSL');
    expect(tls.clientAuth).toBe('none');
    expect(tls.serverOptions.requestCert).toBe(false);
    expect(tls.serverOptions.key).toBe(certs.node.key.trim());
    expect(String(tls.serverOptions.cert).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('reads the key and chain as values, with an encrypted key opened by ssl.key.password', () => {
    const encrypted = createPrivateKey(certs.node.key).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'key-secret',
    });
    const tls = tlsListenerConfig(
      config({
        'ssl.keystore.type': 'PEM',
        'listener.name.sasl_ssl.ssl.keystore.key': String(encrypted),
        'listener.name.sasl_ssl.ssl.keystore.certificate.chain': certs.node.cert,
        'listener.name.sasl_ssl.ssl.key.password': 'key-secret',
      }),
      'SASL_SSL',
      'SASL_SSL',
    );
    expect(tls.serverOptions.key).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(tls.serverOptions.passphrase).toBe('key-secret');
  });

  it('applies ssl.client.auth to SSL listeners, and to SASL_SSL only from the listener prefix', () => {
    const settings = { ...pem(), 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': files.caCert };
    const required = { ...settings, 'ssl.client.auth': 'required' };
    expect(tlsListenerConfig(config(required), 'SSL', 'SSL').serverOptions).toMatchObject({
      requestCert: true,
      rejectUnauthorized: true,
    });
    expect(tlsListenerConfig(config(required), 'SASL_SSL', 'SASL_SSL').clientAuth).toBe('none');
    const perListener = { ...required, 'listener.name.sasl_ssl.ssl.client.auth': 'requested' };
    expect(tlsListenerConfig(config(perListener), 'SASL_SSL', 'SASL_SSL').serverOptions).toMatchObject({
      requestCert: true,
      rejectUnauthorized: false,
    });
  });

  it.each([
    [{ 'ssl.keystore.type': 'JKS', 'ssl.keystore.location': 'x' }, /PEM만 읽습니다/],
    [{ 'ssl.keystore.type': 'PEM' }, /키 저장소가 있어야 합니다/],
    [{ 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': '/nonexistent/ks.pem' }, /읽을 수 없습니다/],
    [{ 'ssl.keystore.type': 'PEM', 'ssl.keystore.key': 'k' }, /함께 정해야 합니다/],
    [
      { 'ssl.keystore.type': 'PEM', 'ssl.keystore.password': 'p', 'ssl.keystore.location': 'x' },
      /ssl.keystore.password/,
    ],
    [{ 'ssl.client.auth': 'required' }, /신뢰 저장소/],
    [{ 'ssl.client.auth': 'maybe' }, /none, requested, required/],
    [{ 'ssl.principal.mapping.rules': 'DEFAULT/L' }, /읽을 수 없습니다/],
  ])('refuses %o before the broker starts', (settings, message) => {
    const keystore = 'ssl.keystore.type' in settings ? {} : pem();
    expect(() => tlsListenerConfig(config({ ...keystore, ...settings }), 'SSL', 'SSL')).toThrow(message);
  });
});

describe('createTlsServer: the principal of a TLS connection (DefaultKafkaPrincipalBuilder)', () => {
  /** 서버를 열고 클라이언트 하나를 붙여, accept가 받은 주체를 돌려줍니다 */
  async function principalOf(settings: Record<string, string>, client: { cert?: string; key?: string }) {
    const tls = tlsListenerConfig(
      config({
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': files.nodeKeystore,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': files.caCert,
        ...settings,
      }),
      'SSL',
      'SSL',
    );
    let accepted: (principal: string) => void = () => {};
    const principal = new Promise<string>((resolve) => {
      accepted = resolve;
    });
    const server = createTlsServer('SSL', tls, createLogger('silent'), (socket: TLSSocket, p) => {
      socket.destroy();
      accepted(p);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      ca: [certs.ca.cert],
      servername: 'localhost',
      ...client,
    });
    socket.on('error', () => {});
    try {
      return await principal;
    } finally {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  const alice = () => certs.clients.get('alice') ?? {};

  it('is User:<the subject as an RFC 2253 name> with DEFAULT rules', async () => {
    expect(await principalOf({ 'ssl.client.auth': 'required' }, alice())).toBe('User:CN=alice,O=kafka-course');
  });

  it('follows ssl.principal.mapping.rules', async () => {
    const rules = { 'ssl.client.auth': 'required', 'ssl.principal.mapping.rules': 'RULE:^CN=(.*?),O=.*$/$1/U,DEFAULT' };
    expect(await principalOf(rules, alice())).toBe('User:ALICE');
  });

  it('is User:ANONYMOUS without a client certificate where one is only requested', async () => {
    expect(await principalOf({ 'ssl.client.auth': 'requested' }, {})).toBe('User:ANONYMOUS');
  });
});
