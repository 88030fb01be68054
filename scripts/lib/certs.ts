/**
 * 로컬 인증 기관(CA)과 그 CA가 서명한 노드·클라이언트 인증서를 PEM으로 만듭니다. `npm run certs`와 TLS 시험이 씁니다.
 *
 * - 라이브러리: `@peculiar/x509`(X.509 인코딩과 서명)를 Node의 WebCrypto 위에서 씁니다. 키는 ECDSA P-256입니다
 *   (RSA보다 만들기 빠르고, Node·librdkafka(OpenSSL) 모두 읽습니다).
 * - 노드 인증서의 SAN(Subject Alternative Name)에는 `localhost`와 `127.0.0.1`을 넣습니다: 클라이언트는 연결한 주소가
 *   인증서에 있는지 확인합니다(호스트 이름 검증, Kafka 클라이언트의 `ssl.endpoint.identification.algorithm=https`).
 * - 클라이언트 인증서의 주체(subject)는 브로커가 SSL 주체로 읽습니다: `CN=alice,O=kafka-course`면 `User:CN=alice,O=kafka-course`.
 * - 개인 키는 암호화하지 않은 PKCS#8 PEM입니다. 이 파일들은 저장소에 올리지 않습니다 (`data/`는 .gitignore에 있습니다).
 */
import { webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PemPair {
  /** 인증서 (PEM) */
  readonly cert: string;
  /** 암호화하지 않은 PKCS#8 개인 키 (PEM) */
  readonly key: string;
}

export interface CertificateSet {
  readonly ca: PemPair;
  readonly node: PemPair;
  /** 클라이언트 이름(CN) → 인증서와 키 */
  readonly clients: ReadonlyMap<string, PemPair>;
}

export interface CertificateOptions {
  /** 클라이언트 인증서의 CN들 (주체는 `CN=<이름>,O=<organization>`) */
  readonly clients?: readonly string[];
  /** 노드 인증서에 더할 호스트 이름 (localhost와 127.0.0.1은 늘 들어갑니다) */
  readonly hosts?: readonly string[];
  readonly organization?: string;
  /** 유효 기간 (일) */
  readonly days?: number;
  /** CA 이름 (시험이 만든 CA끼리 구분할 때) */
  readonly caName?: string;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/**
 * 주체 이름. 인증서 안에는 큰 것부터(O, 그다음 CN) 적습니다: `openssl -subj /O=…/CN=…`와 같은 순서입니다. Java(그래서
 * Kafka)는 이것을 RFC 2253 문자열로 거꾸로 읽어 `CN=alice,O=kafka-course`라고 씁니다.
 */
function subjectName(commonName: string, organization: string): x509.Name {
  return new x509.Name([{ O: [organization] }, { CN: [commonName] }]);
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

export async function createCertificates(options: CertificateOptions = {}): Promise<CertificateSet> {
  const organization = options.organization ?? 'kafka-course';
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + (options.days ?? 365) * DAY_MS);

  const caKeys = await keyPair();
  const caName = subjectName(options.caName ?? 'kafka-course-ca', organization);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: caName,
    keys: caKeys,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const issue = async (subject: x509.Name, usage: x509.ExtendedKeyUsage, names: x509.JsonGeneralNames | null) => {
    const keys = await keyPair();
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: caCert.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([usage]),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ...(names ? [new x509.SubjectAlternativeNameExtension(names)] : []),
      ],
    });
    return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
  };

  const hosts = [...new Set(['localhost', '127.0.0.1', ...(options.hosts ?? [])])];
  const node = await issue(
    subjectName('kafka-node', organization),
    x509.ExtendedKeyUsage.serverAuth,
    hosts.map((host) => (isIp(host) ? { type: 'ip' as const, value: host } : { type: 'dns' as const, value: host })),
  );
  const clients = new Map<string, PemPair>();
  for (const name of options.clients ?? ['alice', 'bob']) {
    clients.set(name, await issue(subjectName(name, organization), x509.ExtendedKeyUsage.clientAuth, null));
  }
  return { ca: { cert: caCert.toString('pem'), key: await privateKeyPem(caKeys.privateKey) }, node, clients };
}

/** 디렉터리에 쓴 파일들의 경로 */
export interface CertificateFiles {
  readonly dir: string;
  /** CA 인증서: 브로커의 `ssl.truststore.location`, 클라이언트의 `ssl.ca.location` */
  readonly caCert: string;
  /** 노드의 키와 인증서 사슬을 한 파일에: 브로커의 `ssl.keystore.location` (`ssl.keystore.type=PEM`) */
  readonly nodeKeystore: string;
  /** 클라이언트 이름 → 인증서·키 파일 (kcat의 `ssl.certificate.location`, `ssl.key.location`) */
  readonly clients: ReadonlyMap<string, { readonly cert: string; readonly key: string }>;
}

/**
 * 파일로 씁니다: `ca.pem`, `ca-key.pem`, `node-keystore.pem`(키 + 노드 인증서 + CA 인증서), `node.pem`, `node-key.pem`,
 * `<클라이언트>.pem`, `<클라이언트>-key.pem`. 키 파일은 소유자만 읽게(0600) 씁니다.
 */
export function writeCertificates(dir: string, set: CertificateSet): CertificateFiles {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string, secret = false) => {
    const file = path.join(dir, name);
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: secret ? 0o600 : 0o644 });
    return file;
  };
  const caCert = write('ca.pem', set.ca.cert);
  write('ca-key.pem', set.ca.key, true);
  write('node.pem', set.node.cert);
  write('node-key.pem', set.node.key, true);
  const nodeKeystore = write('node-keystore.pem', [set.node.key, set.node.cert, set.ca.cert].join('\n'), true);
  const clients = new Map<string, { cert: string; key: string }>();
  for (const [name, pair] of set.clients) {
    clients.set(name, { cert: write(`${name}.pem`, pair.cert), key: write(`${name}-key.pem`, pair.key, true) });
  }
  return { dir, caCert, nodeKeystore, clients };
}
