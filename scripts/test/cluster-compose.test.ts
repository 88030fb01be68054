/**
 * docker-compose.kraft.yml은 진짜 Kafka의 쌍둥이로 남아야 합니다: 그 안의 `KAFKA_*` 변수는 모두 참조 브로커의 설정
 * (reference/src/server/config-defs.ts의 정의 표)이거나, 무시하는 까닭이 적힌 것(IGNORED_COMPOSE_SETTINGS)입니다. 그리고
 * `npm run cluster`가 그 파일을 이 컴퓨터에 옮겨 놓는 배치(포트, 프록시, 쿼럼 투표자)를 봅니다.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../reference/src/server/config.js';
import { brokerConfigDefs } from '../../reference/src/server/config-defs.js';
import { IGNORED_COMPOSE_SETTINGS, parseCompose, readCompose } from '../lib/cluster/compose.js';
import { planCluster, portsOf } from '../lib/cluster/plan.js';
import { clientNode } from '../lib/cluster/proxy.js';

const root = path.resolve(import.meta.dirname, '../..');
const services = readCompose(path.join(root, 'docker-compose.kraft.yml'));
const known = new Set(brokerConfigDefs.map((d) => d.name));

describe('docker-compose.kraft.yml의 KAFKA_* 변수', () => {
  it('앵커와 <<: 병합 키까지 풀어 세 서비스의 환경 변수를 읽습니다', () => {
    expect(services.map((s) => s.service)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    for (const [i, s] of services.entries()) {
      expect(s.environment.KAFKA_NODE_ID).toBe(String(i + 1));
      // x-kafka-env 앵커에서 온 값
      expect(s.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(s.environment.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
      expect(s.published).toEqual(new Map([[(i + 1) * 10_000 + 9092, (i + 1) * 10_000 + 9092]]));
    }
  });

  for (const service of services) {
    it(`${service.service}: 모두 참조 브로커의 설정이거나, 까닭이 적힌 무시 목록에 있습니다`, () => {
      const keys = Object.keys(service.environment).filter((k) => k.startsWith('KAFKA_'));
      expect(keys.length).toBeGreaterThan(10);
      const settings = keys.filter((k) => !(k in IGNORED_COMPOSE_SETTINGS));
      // 브로커가 환경 변수를 읽는 그 길(loadConfig)로 읽어, 정의 표에 없는 이름이 하나도 없어야 합니다.
      const config = loadConfig({ env: Object.fromEntries(settings.map((k) => [k, service.environment[k]])) });
      expect(config.unknownKeys()).toEqual([]);
      expect(config.explicitNames().every((name) => known.has(name))).toBe(true);
      expect(config.explicitNames()).toHaveLength(settings.length);
    });
  }

  it('무시 목록의 변수는 정말 브로커 설정이 아니고(브로커도 읽지 않음), 까닭이 적혀 있습니다', () => {
    for (const [key, reason] of Object.entries(IGNORED_COMPOSE_SETTINGS)) {
      expect(loadConfig({ env: { [key]: 'x' } }).explicitNames()).toEqual([]);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it('앵커와 병합 키가 없는 목록 모양의 environment와 호스트 주소가 붙은 ports도 읽습니다', () => {
    const [only] = parseCompose(
      'services:\n  k:\n    ports: ["127.0.0.1:1234:9092"]\n    environment: ["KAFKA_NODE_ID=7", "KAFKA_X=a=b"]\n',
    );
    expect(only).toEqual({
      service: 'k',
      hostname: 'k',
      environment: { KAFKA_NODE_ID: '7', KAFKA_X: 'a=b' },
      published: new Map([[9092, 1234]]),
    });
  });
});

describe('루프백 배치 (planCluster)', () => {
  const plan = planCluster(services, { offset: 100, dataDir: '/tmp/d' });

  it('클라이언트 포트는 compose의 호스트 포트 + 100이고, 광고 주소도 그 포트입니다', () => {
    expect(plan.map((n) => n.clientPort)).toEqual([19192, 29192, 39192]);
    expect(plan[0]?.env.KAFKA_LISTENERS).toBe(
      'PLAINTEXT://127.0.0.1:19193,CONTROLLER://127.0.0.1:19195,PLAINTEXT_HOST://127.0.0.1:19192',
    );
    expect(plan[0]?.env.KAFKA_ADVERTISED_LISTENERS).toBe(
      'PLAINTEXT://127.0.0.1:19194,PLAINTEXT_HOST://127.0.0.1:19192',
    );
  });

  it('다른 노드는 프록시로 부르고, 쿼럼의 자기 항목만 자기 리스너입니다', () => {
    expect(plan.map((n) => n.env.KAFKA_CONTROLLER_QUORUM_VOTERS)).toEqual([
      '1@127.0.0.1:19195,2@127.0.0.1:29196,3@127.0.0.1:39196',
      '1@127.0.0.1:19196,2@127.0.0.1:29195,3@127.0.0.1:39196',
      '1@127.0.0.1:19196,2@127.0.0.1:29196,3@127.0.0.1:39195',
    ]);
    expect(plan[1]?.proxied).toEqual([
      { name: 'PLAINTEXT', port: 29193, proxyPort: 29194 },
      { name: 'CONTROLLER', port: 29195, proxyPort: 29196 },
    ]);
  });

  it('나머지 설정은 compose 그대로, JVM 변수는 빼고, 데이터는 <데이터>/<서비스>', () => {
    const node = plan[2];
    expect(node?.env.KAFKA_LOG_DIRS).toBe(path.join('/tmp/d', 'kafka-3'));
    expect(node?.env.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
    expect(node?.env.CLUSTER_ID).toBe(services[2]?.environment.CLUSTER_ID);
    expect(node?.env).not.toHaveProperty('KAFKA_HEAP_OPTS');
  });

  it('포트가 노드끼리 겹치지 않습니다', () => {
    const ports = plan.flatMap(portsOf);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('--set의 값이 compose의 값 위에 얹힙니다', () => {
    const tuned = planCluster(services, {
      offset: 100,
      dataDir: '/tmp/d',
      overrides: { KAFKA_BROKER_SESSION_TIMEOUT_MS: '3000' },
    });
    expect(tuned.every((n) => n.env.KAFKA_BROKER_SESSION_TIMEOUT_MS === '3000')).toBe(true);
  });
});

describe('프록시가 연결을 건 노드를 아는 법 (첫 요청 헤더의 client.id)', () => {
  const header = (clientId: string | null) => {
    const id = clientId === null ? Buffer.alloc(0) : Buffer.from(clientId);
    const head = Buffer.alloc(14);
    head.writeInt32BE(10 + id.length, 0);
    head.writeInt16BE(18, 4); // ApiVersions
    head.writeInt16BE(3, 6);
    head.writeInt32BE(1, 8);
    head.writeInt16BE(clientId === null ? -1 : id.length, 12);
    return Buffer.concat([head, id]);
  };

  it('raft-client-N, broker-N-…는 노드 N, 그 밖의 클라이언트는 null, 헤더가 덜 왔으면 undefined', () => {
    expect(clientNode(header('raft-client-2'))).toBe(2);
    expect(clientNode(header('broker-3-replica-fetcher'))).toBe(3);
    expect(clientNode(header('broker-1-heartbeat'))).toBe(1);
    expect(clientNode(header('kafkajs'))).toBeNull();
    expect(clientNode(header('broker-x'))).toBeNull();
    expect(clientNode(header(null))).toBeNull();
    expect(clientNode(header('raft-client-2').subarray(0, 13))).toBeUndefined();
    expect(clientNode(header('raft-client-2').subarray(0, 20))).toBeUndefined();
  });
});
