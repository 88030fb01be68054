/**
 * `npm run cluster -- --sasl-ssl`: compose의 노드마다 PLAINTEXT 옆에 SASL_SSL 리스너를 하나 더합니다 (issue 15).
 *
 * - 포트: 노드가 내보낸 클라이언트 포트 + 5 (compose 19092 → 19097, `--port-offset` 100이면 19197). 노드 사이의
 *   연결(복제, 쿼럼)은 compose 그대로 PLAINTEXT입니다 (진짜 Kafka 쪽과 같게). 나가는 연결도 SASL_SSL로 말할 수 있으며,
 *   브로커 사이·컨트롤러 리스너까지 SASL_SSL로 묶은 구성은 `secure-internal-listeners-process.test.ts`가 봅니다.
 * - Metadata는 클라이언트가 붙은 리스너의 주소를 알리므로, 19197로 붙은 클라이언트는 세 노드의 SASL_SSL 주소를 받습니다.
 * - 인증서: `data/certs`(`npm run certs`의 기본 폴더)의 것을 쓰고, 없으면 만듭니다.
 * - 사용자: PLAIN과 SCRAM-SHA-256/512 모두 `admin`/`admin-secret`, `alice`/`alice-secret`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type CertificateFiles, createCertificates, writeCertificates } from '../certs.js';
import type { ComposeService } from './compose.js';

/** 컨테이너 안의 SASL_SSL 리스너 포트 (compose의 9092·9093·19092와 겹치지 않게) */
const CONTAINER_PORT = 9094;
/** 내보낸 클라이언트 포트에서 SASL_SSL 호스트 포트까지 (plan.ts의 +1~+4 안쪽 포트들 다음) */
export const HOST_PORT_STEP = 5;

export const SASL_SSL_USERS: Readonly<Record<string, string>> = { admin: 'admin-secret', alice: 'alice-secret' };

/** 인증서 폴더에 CA와 노드 키 저장소가 없으면 만듭니다 */
export async function ensureCertificates(dir: string): Promise<CertificateFiles> {
  const files: CertificateFiles = {
    dir,
    caCert: path.join(dir, 'ca.pem'),
    nodeKeystore: path.join(dir, 'node-keystore.pem'),
    clients: new Map(),
  };
  if (existsSync(files.caCert) && existsSync(files.nodeKeystore)) return files;
  return writeCertificates(dir, await createCertificates());
}

export function withSaslSslListener(services: readonly ComposeService[], certs: CertificateFiles): ComposeService[] {
  const users = Object.entries(SASL_SSL_USERS)
    .map(([user, password]) => `user_${user}="${password}"`)
    .join(' ');
  const jaas = (module: string) => `org.apache.kafka.common.security.${module} required ${users};`;
  return services.map((service) => {
    const env = service.environment;
    const clientPort = Math.min(...service.published.values());
    const hostPort = clientPort + HOST_PORT_STEP;
    const append = (key: string, entry: string) => (env[key] ? `${env[key]},${entry}` : entry);
    return {
      ...service,
      published: new Map([...service.published, [CONTAINER_PORT, hostPort]]),
      environment: {
        ...env,
        KAFKA_LISTENERS: append('KAFKA_LISTENERS', `SASL_SSL://:${CONTAINER_PORT}`),
        KAFKA_ADVERTISED_LISTENERS: append('KAFKA_ADVERTISED_LISTENERS', `SASL_SSL://127.0.0.1:${hostPort}`),
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: append('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP', 'SASL_SSL:SASL_SSL'),
        KAFKA_LISTENER_NAME_SASL__SSL_SSL_KEYSTORE_TYPE: 'PEM',
        KAFKA_LISTENER_NAME_SASL__SSL_SSL_KEYSTORE_LOCATION: path.resolve(certs.nodeKeystore),
        KAFKA_LISTENER_NAME_SASL__SSL_SASL_ENABLED_MECHANISMS: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
        KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG: jaas('plain.PlainLoginModule'),
        KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___256_SASL_JAAS_CONFIG: jaas('scram.ScramLoginModule'),
        KAFKA_LISTENER_NAME_SASL__SSL_SCRAM___SHA___512_SASL_JAAS_CONFIG: jaas('scram.ScramLoginModule'),
      },
    };
  });
}
