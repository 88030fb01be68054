/**
 * 리스너가 둘인 브로커 (docker-compose.kraft.yml의 모양: 브로커끼리 쓰는 리스너와 호스트의 클라이언트가 쓰는 리스너).
 * Kafka처럼 리스너마다 광고 주소를 등록하고, 요청이 들어온 리스너의 광고 주소로 답합니다
 * (`KRaftMetadataCache.getAliveBrokerNode(brokerId, listenerName)`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { type RunningBroker, removeDir, startBroker } from './support.js';

let running: RunningBroker;
let internal: number;
let external: number;

beforeAll(async () => {
  running = await startBroker({
    KAFKA_NODE_ID: '1',
    KAFKA_LISTENERS: 'PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0,PLAINTEXT_HOST://127.0.0.1:0',
    KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka-1:9092,PLAINTEXT_HOST://127.0.0.1:0',
    // 기본 지도에 없는 리스너 이름은 Kafka처럼 프로토콜을 적어야 합니다 (docker-compose.kraft.yml과 같은 지도)
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT',
  });
  const port = (name: string) => running.broker.listeners.find((l) => l.name === name)?.boundPort as number;
  internal = port('PLAINTEXT');
  external = port('PLAINTEXT_HOST');
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

async function ask<T>(port: number, apiKey: number, apiVersion: number, body: unknown): Promise<T> {
  const client = await RawClient.connect(port);
  try {
    return await client.send<T>(apiKey, apiVersion, body);
  } finally {
    client.close();
  }
}

const metadata = (port: number) =>
  ask<{ brokers: { nodeId: number; host: string; port: number }[] }>(port, ApiKey.Metadata, 12, {
    topics: [],
    allowAutoTopicCreation: false,
    includeTopicAuthorizedOperations: false,
  });

describe('리스너마다의 광고 주소', () => {
  it('Metadata: 브로커 리스너로 물으면 kafka-1:9092, 호스트 리스너로 물으면 127.0.0.1:<그 포트>', async () => {
    expect((await metadata(internal)).brokers).toEqual([{ nodeId: 1, host: 'kafka-1', port: 9092, rack: null }]);
    expect((await metadata(external)).brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: external, rack: null }]);
  });

  it('DescribeCluster와 FindCoordinator도 들어온 리스너의 주소로 답합니다', async () => {
    const cluster = await ask<{ brokers: { host: string; port: number }[] }>(external, ApiKey.DescribeCluster, 1, {
      includeClusterAuthorizedOperations: false,
      endpointType: 1,
    });
    expect(cluster.brokers).toMatchObject([{ host: '127.0.0.1', port: external }]);
    const findCoordinator = () =>
      ask<{ coordinators: { errorCode: number; host: string; port: number }[] }>(external, ApiKey.FindCoordinator, 4, {
        keyType: 0,
        coordinatorKeys: ['listeners-group'],
      });
    // 오프셋 토픽을 만드는 동안은 COORDINATOR_NOT_AVAILABLE일 수 있어, NONE이 올 때까지 (최대 5초) 다시 묻습니다.
    let coordinator = await findCoordinator();
    for (let attempt = 0; attempt < 50 && coordinator.coordinators[0]?.errorCode !== ErrorCode.NONE; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      coordinator = await findCoordinator();
    }
    expect(coordinator.coordinators[0]).toMatchObject({ errorCode: ErrorCode.NONE, host: '127.0.0.1', port: external });
  });
});
