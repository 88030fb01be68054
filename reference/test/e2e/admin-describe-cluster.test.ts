/**
 * DescribeCluster (API 60)를 진짜 클라이언트로: @platformatic/kafka 1.x의 DescribeCluster v0/v1 인코더와 파서를
 * 진짜 TCP 연결에 얹어 묻고 (Kafka 4의 `Admin.describeCluster()`가 보내는 요청), kafkajs 2.2.4의
 * `admin.describeCluster()`(Metadata로 묻습니다)와 같은 클러스터를 보는지 맞춰 봅니다. 오류 행은 날 소켓으로.
 */
import { Connection, describeClusterV0, describeClusterV1 } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from './raw-client.js';
import { kafka, type RunningBroker, removeDir, startBroker } from './support.js';

let running: RunningBroker;

beforeAll(async () => {
  running = await startBroker({ KAFKA_NODE_ID: '3' });
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

async function withConnection<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = new Connection('pf-describe-cluster');
  await connection.connect('127.0.0.1', running.broker.port);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

describe('DescribeCluster', () => {
  it('@platformatic/kafka v1 and v0: cluster id, this node as controller, and its advertised endpoint', async () => {
    const v1 = await withConnection((c) => describeClusterV1.api.async(c, false, 1));
    expect(v1).toMatchObject({
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType: 1,
      clusterId: running.broker.metadata.clusterId,
      controllerId: 3,
      brokers: [{ brokerId: 3, host: '127.0.0.1', port: running.broker.port, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    });
    const v0 = await withConnection((c) => describeClusterV0.api.async(c, false, 1));
    expect(v0).toMatchObject({ clusterId: running.broker.metadata.clusterId, controllerId: 3, brokers: v1.brokers });
  });

  it('with includeClusterAuthorizedOperations and no authorizer, every cluster operation is allowed', async () => {
    const answer = await withConnection((c) => describeClusterV1.api.async(c, true, 1));
    // CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE (AclOperation 코드)
    const bits = [5, 7, 8, 9, 10, 11, 12].reduce((sum, code) => sum + 2 ** code, 0);
    expect(answer.clusterAuthorizedOperations).toBe(bits);
  });

  it('kafkajs admin.describeCluster (over Metadata) sees the same cluster', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    try {
      expect(await admin.describeCluster()).toEqual({
        clusterId: running.broker.metadata.clusterId,
        controller: 3,
        brokers: [{ nodeId: 3, host: '127.0.0.1', port: running.broker.port }],
      });
    } finally {
      await admin.disconnect();
    }
  });

  it('asking a broker listener for controllers: MISMATCHED_ENDPOINT_TYPE; an unknown type: UNSUPPORTED_ENDPOINT_TYPE', async () => {
    const client = await RawClient.connect(running.broker.port);
    try {
      const ask = (endpointType: number) =>
        client.send(ApiKey.DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType });
      expect(await ask(2)).toMatchObject({
        errorCode: ErrorCode.MISMATCHED_ENDPOINT_TYPE,
        errorMessage:
          'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
        brokers: [],
      });
      expect(await ask(7)).toMatchObject({
        errorCode: ErrorCode.UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: 'Unsupported endpoint type 7',
      });
    } finally {
      client.close();
    }
  });
});
