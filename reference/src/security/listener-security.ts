/**
 * 리스너마다 보안 프로토콜과 TLS·SASL 설정을 읽습니다 (Kafka `KafkaConfig.effectiveListenerSecurityProtocolMap`,
 * `ChannelBuilders`, `JaasContext.loadServerContext`). 시작할 때 한 번 읽고, 틀리면 무엇이 틀렸는지 말하며 멈춥니다.
 *
 * - `listener.security.protocol.map`에서 리스너 이름의 프로토콜을 찾습니다. 없으면 시작하지 않습니다.
 * - 네 프로토콜: PLAINTEXT는 누구나 평문으로, SSL은 TLS로(클라이언트 인증서가 있으면 그 이름이 주체),
 *   SASL_PLAINTEXT는 평문 위에서 SASL로 인증을 마친 연결만, SASL_SSL은 TLS 위에서 SASL로 인증을 마친 연결만 받습니다.
 *   TLS 설정은 `security/tls-config.ts`가 읽습니다.
 * - 켜진 방식: `listener.name.<리스너>.sasl.enabled.mechanisms`, 없으면 `sasl.enabled.mechanisms` (Kafka 기본값 GSSAPI).
 * - 사용자: `listener.name.<리스너 소문자>.<방식 소문자>.sasl.jaas.config`, 없으면 `<방식 소문자>.sasl.jaas.config`.
 *   접두사 없는 `sasl.jaas.config`는 클라이언트의 설정이라 Kafka처럼 쓰지 않습니다 (모르는 설정으로 경고합니다).
 * - SCRAM 사용자: Kafka처럼 AlterUserScramCredentials로 메타데이터 로그에 넣은 자격 증명(`metadataScram`, 노드의
 *   메타데이터 이미지)을 먼저 찾습니다. 첫 사용자를 넣을 길로 (Kafka는 `kafka-storage format --add-scram`으로 첫
 *   메타데이터에 넣습니다, KIP-900) 이 브로커는 리스너의 `…scram-sha-256.sasl.jaas.config`에 적은
 *   `user_<이름>="<비밀번호>"`도 받습니다: 읽자마자 무작위 salt와 4096번 반복으로 자격 증명(`ScramCredential`)을 만들고
 *   비밀번호는 버립니다. 이 사용자들은 메타데이터에 없어 DescribeUserScramCredentials에 보이지 않고, 같은 이름의
 *   자격 증명을 메타데이터에 넣으면 그것이 앞섭니다.
 * - `connections.max.reauth.ms`: 리스너마다 `listener.name.<리스너>.connections.max.reauth.ms`, 없으면 전역 값.
 */
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { BrokerConfig, Listener } from '../server/config.js';
import { josa } from '../server/josa.js';
import { jaasUsers } from './jaas-config.js';
import type { SaslCredentials } from './sasl-server.js';
import type { SaslListenerConfig } from './sasl-server-authenticator.js';
import { SUPPORTED_MECHANISMS } from './sasl-server-authenticator.js';
import { ScramFormatter } from './scram.js';
import { isScramMechanism, SCRAM_MECHANISMS, type ScramCredential, type ScramMechanism } from './scram-mechanisms.js';
import { type TlsListenerConfig, tlsListenerConfig } from './tls-config.js';

/** Kafka `SecurityProtocol`: 이름과 메타데이터에 적는 id */
export const SECURITY_PROTOCOLS = { PLAINTEXT: 0, SSL: 1, SASL_PLAINTEXT: 2, SASL_SSL: 3 } as const;
export type SecurityProtocol = keyof typeof SECURITY_PROTOCOLS;

export interface ListenerSecurity {
  readonly protocol: SecurityProtocol;
  /** SASL_PLAINTEXT·SASL_SSL이면 켜진 방식과 사용자, 아니면 null */
  readonly sasl: SaslListenerConfig | null;
  /** SSL·SASL_SSL이면 TLS 서버의 키·인증서와 `ssl.client.auth`, 아니면 null */
  readonly tls: TlsListenerConfig | null;
}

/** `listener.security.protocol.map`: 리스너 이름 → 프로토콜 */
export function securityProtocolMap(config: BrokerConfig): Map<string, SecurityProtocol> {
  const map = new Map<string, SecurityProtocol>();
  for (const entry of config.list('listener.security.protocol.map')) {
    const [name = '', protocol = ''] = entry.split(':').map((s) => s.trim());
    if (!Object.hasOwn(SECURITY_PROTOCOLS, protocol.toUpperCase())) {
      throw new Error(
        `listener.security.protocol.map의 "${entry}": ${josa(protocol, '은/는')} 보안 프로토콜이 아닙니다`,
      );
    }
    map.set(name.toUpperCase(), protocol.toUpperCase() as SecurityProtocol);
  }
  return map;
}

/** 리스너의 프로토콜. 지도에 없으면 시작하지 않습니다 (Kafka: "No security protocol defined for listener") */
export function protocolOf(config: BrokerConfig, listenerName: string): SecurityProtocol {
  const protocol = securityProtocolMap(config).get(listenerName.toUpperCase());
  if (!protocol) {
    throw new Error(`리스너 ${listenerName}의 보안 프로토콜이 listener.security.protocol.map에 없습니다`);
  }
  return protocol;
}

/** SCRAM 자격 증명의 반복 횟수 (Kafka `kafka-configs.sh --add-config 'SCRAM-SHA-256=[password=…]'`의 기본값) */
const SCRAM_ITERATIONS = 4096;

/** 리스너의 보안 설정이 쓰는 바깥 것들 */
export interface ListenerSecurityRuntime {
  /** salt와 가짜 salt의 비밀을 뽑습니다 */
  readonly random: Random;
  /** 세션 수명을 잽니다 (`connections.max.reauth.ms`) */
  readonly clock: Pick<Clock, 'monotonicMs'>;
  /** 메타데이터 로그의 SCRAM 자격 증명 (AlterUserScramCredentials가 넣은 것) */
  readonly metadataScram: (mechanism: ScramMechanism, user: string) => ScramCredential | undefined;
}

/**
 * 리스너마다의 보안 설정. 켜진 방식을 구현하지 않았거나, 사용자나 키 저장소를 읽을 수 없으면 오류를 던집니다.
 * 컨트롤러·브로커 사이 리스너도 어느 프로토콜이든 됩니다: 나가는 쪽의 설정은 `client-security.ts`가 같은 리스너에서 읽습니다.
 */
export function listenerSecurity(
  config: BrokerConfig,
  listeners: readonly Listener[],
  runtime: ListenerSecurityRuntime,
): Map<string, ListenerSecurity> {
  const result = new Map<string, ListenerSecurity>();
  for (const listener of listeners) {
    const protocol = protocolOf(config, listener.name);
    if (protocol === 'PLAINTEXT') {
      result.set(listener.name, { protocol, sasl: null, tls: null });
      continue;
    }
    const tls =
      protocol === 'SSL' || protocol === 'SASL_SSL' ? tlsListenerConfig(config, listener.name, protocol) : null;
    const sasl =
      protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL'
        ? saslListenerConfig(config, listener.name, runtime)
        : null;
    result.set(listener.name, { protocol, sasl, tls });
  }
  return result;
}

function saslListenerConfig(
  config: BrokerConfig,
  listenerName: string,
  { random, clock, metadataScram }: ListenerSecurityRuntime,
): SaslListenerConfig {
  const prefix = `listener.name.${listenerName.toLowerCase()}.`;
  const setting = (name: string) => config.get(prefix + name) ?? config.get(name);
  const mechanisms = (setting('sasl.enabled.mechanisms') ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m !== '');
  if (mechanisms.length === 0) throw new Error(`리스너 ${listenerName}에 켜진 SASL 방식이 없습니다`);
  for (const mechanism of mechanisms) {
    if (!(SUPPORTED_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new Error(
        `리스너 ${listenerName}의 SASL 방식 ${josa(mechanism, '은/는')} 구현하지 않았습니다: sasl.enabled.mechanisms에 ${SUPPORTED_MECHANISMS.join(', ')} 가운데 고르세요`,
      );
    }
  }
  // PLAIN의 사용자는 JAAS 설정에만 있어 꼭 있어야 하고, SCRAM은 메타데이터에 있으니 JAAS 설정이 없어도 됩니다.
  const users = (mechanism: string): Map<string, string> => {
    const key = `${mechanism.toLowerCase()}.sasl.jaas.config`;
    const text = setting(key);
    if (text === null && isScramMechanism(mechanism)) return new Map();
    if (text === null)
      throw new Error(`리스너 ${listenerName}의 ${mechanism} 사용자가 없습니다: ${prefix}${key}를 정하세요`);
    try {
      return jaasUsers(text);
    } catch (error) {
      throw new Error(`${prefix}${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const jaasScramUsers = new Map<ScramMechanism, Map<string, ScramCredential>>();
  for (const mechanism of Object.keys(SCRAM_MECHANISMS) as ScramMechanism[]) {
    if (!mechanisms.includes(mechanism)) continue;
    const formatter = new ScramFormatter(mechanism);
    const credentials = new Map<string, ScramCredential>();
    for (const [user, password] of users(mechanism)) {
      credentials.set(user, formatter.generateCredential(password, Buffer.from(random.bytes(32)), SCRAM_ITERATIONS));
    }
    jaasScramUsers.set(mechanism, credentials);
  }
  const credentials: SaslCredentials = {
    plainUsers: mechanisms.includes('PLAIN') ? users('PLAIN') : new Map(),
    scramCredential: (mechanism, user) => metadataScram(mechanism, user) ?? jaasScramUsers.get(mechanism)?.get(user),
    fakeSaltSecret: Buffer.from(random.bytes(32)),
  };
  const maxReceiveBytes = Number(setting('sasl.server.max.receive.size'));
  if (!Number.isInteger(maxReceiveBytes) || maxReceiveBytes <= 0) {
    throw new Error(`리스너 ${listenerName}의 sasl.server.max.receive.size가 양의 정수가 아닙니다`);
  }
  const connectionsMaxReauthMs = Number(setting('connections.max.reauth.ms'));
  if (!Number.isSafeInteger(connectionsMaxReauthMs) || connectionsMaxReauthMs < 0) {
    throw new Error(`리스너 ${listenerName}의 connections.max.reauth.ms가 0 이상의 정수가 아닙니다`);
  }
  return {
    mechanisms,
    credentials,
    maxReceiveBytes,
    connectionsMaxReauthMs,
    monotonicMs: () => clock.monotonicMs(),
  };
}
