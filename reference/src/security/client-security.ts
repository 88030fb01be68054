/**
 * 브로커가 다른 노드에 붙을 때(팔로워의 Fetch, 트랜잭션 마커, 컨트롤러에 보내는 등록·하트비트, 쿼럼의 Vote·Fetch)의
 * 보안 설정 (Kafka `ChannelBuilders.clientChannelBuilder`에 브로커가 넘기는 것). 들어오는 쪽과 같은 리스너의 설정을
 * 씁니다: 브로커 사이는 `inter.broker.listener.name`, 컨트롤러로는 `controller.listener.names`의 첫 리스너.
 *
 * - TLS(SSL, SASL_SSL): 그 리스너의 신뢰 저장소로 상대의 인증서를 검사하고(호스트 이름까지, Kafka의
 *   `ssl.endpoint.identification.algorithm=https` 기본값과 같음), 키 저장소의 인증서를 상대가 물으면 내밉니다.
 * - SASL(SASL_PLAINTEXT, SASL_SSL): 방식은 `sasl.mechanism.inter.broker.protocol` 또는
 *   `sasl.mechanism.controller.protocol`(Kafka 기본값 GSSAPI는 이 브로커에 없습니다). 사용자와 비밀번호는 그 리스너의
 *   JAAS 설정 `listener.name.<리스너>.<방식>.sasl.jaas.config`의 `username`·`password` 옵션입니다 (Kafka 브로커가
 *   같은 로그인 모듈로 자기 자격을 얻는 것처럼). 그 사용자를 `super.users`에 넣으면 브로커 사이 요청이 인가를 통과합니다.
 */
import type { ConnectionOptions } from 'node:tls';
import type { BrokerConfig } from '../server/config.js';
import { josa } from '../server/josa.js';
import { parseJaasConfig } from './jaas-config.js';
import { protocolOf, type SecurityProtocol } from './listener-security.js';
import type { SaslClientCredentials } from './sasl-client.js';
import { SUPPORTED_MECHANISMS } from './sasl-server-authenticator.js';
import { tlsListenerConfig } from './tls-config.js';

export interface ClientSecurity {
  readonly protocol: SecurityProtocol;
  /** Node `tls.connect`의 옵션 (키, 인증서, 신뢰하는 CA). TLS가 아니면 null */
  readonly tls: ConnectionOptions | null;
  /** SASL이 아니면 null */
  readonly sasl: SaslClientCredentials | null;
}

export const PLAINTEXT_CLIENT: ClientSecurity = { protocol: 'PLAINTEXT', tls: null, sasl: null };

/**
 * `listenerName`으로 나가는 연결의 보안. 틀린 설정이면 무엇이 틀렸는지 말하는 오류를 던집니다 (시작할 때 부릅니다).
 * `mechanismSetting`은 그 길의 SASL 방식을 정하는 설정 이름입니다.
 */
export function clientSecurity(
  config: BrokerConfig,
  listenerName: string,
  mechanismSetting: 'sasl.mechanism.inter.broker.protocol' | 'sasl.mechanism.controller.protocol',
): ClientSecurity {
  const protocol = protocolOf(config, listenerName);
  if (protocol === 'PLAINTEXT') return PLAINTEXT_CLIENT;
  let tls: ConnectionOptions | null = null;
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const { serverOptions } = tlsListenerConfig(config, listenerName, protocol);
    if (!serverOptions.ca) {
      throw new Error(
        `리스너 ${listenerName}로 다른 노드에 붙으려면 상대의 인증서를 검사할 신뢰 저장소가 있어야 합니다 (ssl.truststore.location)`,
      );
    }
    const { key, cert, ca, passphrase } = serverOptions;
    tls = { key, cert, ca, passphrase, rejectUnauthorized: true };
  }
  if (protocol === 'SSL') return { protocol, tls, sasl: null };

  const mechanism = (config.get(mechanismSetting) ?? '').trim().toUpperCase();
  if (!(SUPPORTED_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new Error(
      `${mechanismSetting}의 ${josa(mechanism, '은/는')} 이 브로커에 없습니다: 리스너 ${listenerName}로 다른 노드에 붙을 방식을 ${SUPPORTED_MECHANISMS.join(', ')} 가운데 고르세요`,
    );
  }
  const key = `listener.name.${listenerName.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
  const text = config.get(key) ?? config.get(`${mechanism.toLowerCase()}.sasl.jaas.config`);
  const options = text === null ? undefined : parseJaasConfig(text)[0]?.options;
  const username = options?.get('username');
  const password = options?.get('password');
  if (username === undefined || password === undefined) {
    throw new Error(
      `리스너 ${listenerName}로 다른 노드에 붙을 사용자가 없습니다: ${key}에 username="…" password="…"를 넣으세요`,
    );
  }
  return { protocol, tls, sasl: { mechanism, username, password } };
}
