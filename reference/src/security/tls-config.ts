/**
 * TLS 리스너(SSL, SASL_SSL)의 설정을 읽어 Node `tls` 서버의 옵션으로 만듭니다 (Kafka `SslFactory`와
 * `DefaultSslEngineFactory`: 키 저장소와 신뢰 저장소를 읽어 리스너의 `SSLContext`를 만드는 곳).
 *
 * - 키 저장소(keystore): 브로커의 개인 키와 인증서 사슬. 이 브로커는 `ssl.keystore.type=PEM`만 읽습니다 (JKS·PKCS12는
 *   Java의 형식입니다). 파일 하나(`ssl.keystore.location`, 키와 사슬이 함께 든 PEM)이거나, 설정 값 두 개
 *   (`ssl.keystore.key`, `ssl.keystore.certificate.chain`)입니다. 키가 암호화되어 있으면 `ssl.key.password`로 풉니다.
 *   Kafka처럼 PEM에는 `ssl.keystore.password`를 쓰지 않습니다.
 * - 신뢰 저장소(truststore): 클라이언트 인증서를 서명한 CA들 (`ssl.truststore.location` 또는 `ssl.truststore.certificates`).
 *   클라이언트 인증서를 받을 때만 필요합니다.
 * - `ssl.client.auth`: none(인증서를 묻지 않음), requested(물어보되 없어도 받음), required(없거나 믿을 수 없으면 거절).
 *   SASL_SSL 리스너에는 `listener.name.<리스너>.ssl.client.auth`로 리스너에 정했을 때만 씁니다: 브로커 전체의 값은 SSL
 *   리스너에만 적용합니다 (Kafka `ChannelBuilders`의 `sslClientAuthOverride`).
 * - 모든 `ssl.*` 설정은 `listener.name.<리스너 소문자>.ssl.*`로 리스너마다 덮어쓸 수 있습니다.
 */
import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import type { BrokerConfig } from '../server/config.js';
import { josa } from '../server/josa.js';
import { SslPrincipalMapper } from './tls-principal.js';

export type SslClientAuth = 'none' | 'requested' | 'required';

/** TLS 리스너 하나의 설정 */
export interface TlsListenerConfig {
  /** Node `tls.createServer`의 옵션: 키, 인증서 사슬, 신뢰하는 CA, 클라이언트 인증서를 물을지 */
  readonly serverOptions: TlsOptions;
  readonly clientAuth: SslClientAuth;
  /** SSL 리스너의 주체 규칙 (`ssl.principal.mapping.rules`). SASL_SSL은 SASL이 주체를 정합니다. */
  readonly principalMapper: SslPrincipalMapper;
}

const CLIENT_AUTH_VALUES: readonly SslClientAuth[] = ['none', 'requested', 'required'];

/** PEM 텍스트에서 한 종류의 블록들 (`-----BEGIN <label>-----` … `-----END <label>-----`) */
function pemBlocks(text: string, label: RegExp): string[] {
  const blocks: string[] = [];
  for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)) {
    if (label.test(match[1] ?? '')) blocks.push(match[0]);
  }
  return blocks;
}

const PRIVATE_KEY = /^(ENCRYPTED )?PRIVATE KEY$|^(RSA|EC) PRIVATE KEY$/;
const CERTIFICATE = /^CERTIFICATE$/;

export function tlsListenerConfig(
  config: BrokerConfig,
  listenerName: string,
  protocol: 'SSL' | 'SASL_SSL',
): TlsListenerConfig {
  const prefix = `listener.name.${listenerName.toLowerCase()}.`;
  const setting = (name: string) => config.get(prefix + name) ?? config.get(name);
  const fail = (message: string): never => {
    throw new Error(`리스너 ${listenerName}의 TLS 설정: ${message}`);
  };
  const readFile = (key: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      return fail(`${key}의 ${file}을 읽을 수 없습니다 (${error instanceof Error ? error.message : String(error)})`);
    }
  };

  // 키 저장소 (Kafka `DefaultSslEngineFactory.createKeystore`)
  const keystoreType = (setting('ssl.keystore.type') ?? '').toUpperCase();
  if (keystoreType !== 'PEM') {
    fail(`ssl.keystore.type이 ${keystoreType}입니다: 이 브로커는 PEM만 읽습니다 (ssl.keystore.type=PEM)`);
  }
  if (setting('ssl.keystore.password') !== null) {
    fail('PEM 키 저장소에는 ssl.keystore.password를 쓰지 않습니다: 암호화한 키라면 ssl.key.password만 정하세요');
  }
  const location = setting('ssl.keystore.location');
  const inlineKey = setting('ssl.keystore.key');
  const inlineChain = setting('ssl.keystore.certificate.chain');
  let keyText: string;
  let chainText: string;
  if (inlineKey !== null || inlineChain !== null) {
    if (inlineKey === null || inlineChain === null) {
      fail('ssl.keystore.key와 ssl.keystore.certificate.chain은 함께 정해야 합니다');
    }
    if (location !== null) fail('ssl.keystore.location과 ssl.keystore.key를 함께 정할 수 없습니다');
    keyText = inlineKey as string;
    chainText = inlineChain as string;
  } else if (location !== null) {
    keyText = chainText = readFile('ssl.keystore.location', location);
  } else {
    return fail(
      `${protocol} 리스너에는 키 저장소가 있어야 합니다: ssl.keystore.location (키와 인증서 사슬이 든 PEM 파일)이나 ssl.keystore.key + ssl.keystore.certificate.chain`,
    );
  }
  const keys = pemBlocks(keyText, PRIVATE_KEY);
  const chain = pemBlocks(chainText, CERTIFICATE);
  if (keys.length !== 1) fail(`키 저장소에 개인 키가 하나여야 하는데 ${keys.length}개입니다`);
  if (chain.length === 0) fail('키 저장소에 인증서가 없습니다');

  // 신뢰 저장소 (Kafka `DefaultSslEngineFactory.createTruststore`)
  const truststoreType = (setting('ssl.truststore.type') ?? '').toUpperCase();
  const truststoreLocation = setting('ssl.truststore.location');
  const truststoreCerts = setting('ssl.truststore.certificates');
  let ca: string[] | undefined;
  if (truststoreLocation !== null || truststoreCerts !== null) {
    if (truststoreType !== 'PEM') {
      fail(`ssl.truststore.type이 ${truststoreType}입니다: 이 브로커는 PEM만 읽습니다 (ssl.truststore.type=PEM)`);
    }
    if (setting('ssl.truststore.password') !== null)
      fail('PEM 신뢰 저장소에는 ssl.truststore.password를 쓰지 않습니다');
    if (truststoreLocation !== null && truststoreCerts !== null) {
      fail('ssl.truststore.location과 ssl.truststore.certificates를 함께 정할 수 없습니다');
    }
    ca = pemBlocks(truststoreCerts ?? readFile('ssl.truststore.location', truststoreLocation as string), CERTIFICATE);
    if (ca.length === 0) fail('신뢰 저장소에 인증서가 없습니다');
  }

  // ssl.client.auth: SASL_SSL은 리스너에 정한 값만 씁니다 (Kafka `ChannelBuilders`)
  const rawClientAuth =
    protocol === 'SASL_SSL'
      ? (config.get(`${prefix}ssl.client.auth`) ?? 'none')
      : (setting('ssl.client.auth') ?? 'none');
  const clientAuth = rawClientAuth.trim().toLowerCase() as SslClientAuth;
  if (!CLIENT_AUTH_VALUES.includes(clientAuth)) {
    fail(`ssl.client.auth의 ${josa(rawClientAuth, '은/는')} none, requested, required 가운데 하나가 아닙니다`);
  }
  if (clientAuth !== 'none' && !ca) {
    fail(
      `ssl.client.auth=${clientAuth}이면 클라이언트 인증서를 검사할 신뢰 저장소(ssl.truststore.location)가 있어야 합니다`,
    );
  }

  let principalMapper: SslPrincipalMapper;
  try {
    principalMapper = new SslPrincipalMapper(setting('ssl.principal.mapping.rules') ?? 'DEFAULT');
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }

  const passphrase = setting('ssl.key.password') ?? undefined;
  return {
    serverOptions: {
      key: keys[0],
      cert: chain.join('\n'),
      ca,
      passphrase,
      // requested: 물어보되, 없거나 믿을 수 없어도 핸드셰이크는 마칩니다 (믿을 수 없는 인증서는 연결을 받은 뒤 끊습니다).
      // required: 인증서가 없거나 신뢰 저장소의 CA가 서명하지 않았으면 핸드셰이크에서 거절합니다.
      requestCert: clientAuth !== 'none',
      rejectUnauthorized: clientAuth === 'required',
    },
    clientAuth,
    principalMapper,
  };
}
