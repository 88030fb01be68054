/**
 * `npm run cluster -- --sasl-ssl`의 배치: compose의 세 노드에 SASL_SSL 리스너를 더해도 포트가 겹치지 않고, 광고 주소와
 * 보안 설정이 참조 브로커가 읽는 모양인지 (노드의 설정을 `listenerSecurity`로 그대로 읽어 봅니다).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../reference/src/runtime/clock.js';
import { systemRandom } from '../../reference/src/runtime/random.js';
import { listenerSecurity } from '../../reference/src/security/listener-security.js';
import { loadConfig } from '../../reference/src/server/config.js';
import { removeDir, tempDir } from '../../reference/test/e2e/support.js';
import type { CertificateFiles } from '../lib/certs.js';
import { readCompose } from '../lib/cluster/compose.js';
import { type ClusterNode, planCluster, portsOf } from '../lib/cluster/plan.js';
import { ensureCertificates, withSaslSslListener } from '../lib/cluster/sasl-ssl.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let certs: CertificateFiles;
let plan: ClusterNode[];

beforeAll(async () => {
  dir = tempDir('cluster-sasl-ssl-');
  certs = await ensureCertificates(path.join(dir, 'certs'));
  const services = withSaslSslListener(readCompose(path.join(root, 'docker-compose.kraft.yml')), certs);
  plan = planCluster(services, { offset: 100, dataDir: path.join(dir, 'data') });
}, 60_000);

afterAll(() => removeDir(dir));

describe('npm run cluster -- --sasl-ssl', () => {
  it('adds SASL_SSL at the client port + 5 on every node, advertised as itself, next to PLAINTEXT_HOST', () => {
    expect(plan.map((n) => n.clientPort)).toEqual([19192, 29192, 39192]);
    for (const [i, node] of plan.entries()) {
      const saslPort = (i + 1) * 10_000 + 9197;
      expect(node.env.KAFKA_LISTENERS).toContain(`SASL_SSL://127.0.0.1:${saslPort}`);
      expect(node.env.KAFKA_ADVERTISED_LISTENERS).toMatch(
        new RegExp(`PLAINTEXT_HOST://127.0.0.1:${node.clientPort}.*SASL_SSL://127.0.0.1:${saslPort}$`),
      );
      expect(portsOf(node)).not.toContain(saslPort);
    }
    const all = plan.flatMap((n) => [...portsOf(n), n.clientPort + 5]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives each node settings the broker reads: TLS from the generated keystore, PLAIN and SCRAM users', () => {
    for (const node of plan) {
      const config = loadConfig({ env: node.env });
      const security = listenerSecurity(config, config.listeners, {
        random: systemRandom,
        clock: systemClock,
        metadataScram: () => undefined,
      });
      expect(security.get('SASL_SSL')?.protocol).toBe('SASL_SSL');
      expect(security.get('SASL_SSL')?.tls?.clientAuth).toBe('none');
      expect(security.get('SASL_SSL')?.sasl?.mechanisms).toEqual(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
      expect(security.get('PLAINTEXT_HOST')).toMatchObject({ protocol: 'PLAINTEXT', tls: null, sasl: null });
    }
  });

  it('reuses certificates that already exist instead of making a new CA', async () => {
    const before = readFileSync(certs.caCert, 'utf8');
    await ensureCertificates(certs.dir);
    expect(readFileSync(certs.caCert, 'utf8')).toBe(before);
  });
});
