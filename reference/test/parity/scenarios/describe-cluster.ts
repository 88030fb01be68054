/**
 * 관리 API 2: DescribeCluster (Kafka 4의 `Admin.describeCluster()`). 클러스터 ID와 브로커 목록은 Metadata와 같고,
 * 컨트롤러 ID는 (KRaft 클라이언트가 컨트롤러에 직접 붙지 않으므로) 살아 있는 브로커 하나입니다. 브로커 리스너에
 * 컨트롤러 목록을 물으면(KIP-919, endpointType 2) MISMATCHED_ENDPOINT_TYPE입니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

interface DescribeClusterBody {
  readonly errorCode: number;
  readonly endpointType: number;
  readonly clusterId: string;
  readonly controllerId: number;
  readonly brokers: { brokerId: number; host: string; port: number }[];
}

export const describeClusterScenario: Scenario = {
  name: 'describe-cluster',
  title: 'DescribeCluster의 클러스터 ID, 컨트롤러, 브로커',
  needs: ONE_NODE,
  kafka: {
    answer: {
      error: 'NONE',
      endpointType: 1,
      sameClusterIdAsMetadata: true,
      sameBrokersAsMetadata: true,
      controllerIsABroker: true,
      askingForControllers: 'MISMATCHED_ENDPOINT_TYPE',
    },
    source:
      'KafkaApis.handleDescribeCluster → AuthHelper.computeDescribeClusterResponse (KRaft: 컨트롤러 ID는 ' +
      'metadataCache.getRandomAliveBrokerId, 요청한 끝점 종류가 다르면 MISMATCHED_ENDPOINT_TYPE)',
  },
  async run(ctx) {
    const client = await ctx.raw();
    const ask = (endpointType: number) =>
      client.send<DescribeClusterBody>(ApiKey.DescribeCluster, 1, {
        includeClusterAuthorizedOperations: false,
        endpointType,
      });
    const answer = await ask(1);
    const admin = await ctx.admin();
    const metadata = await admin.describeCluster();
    const endpoints = (brokers: readonly { nodeId?: number; brokerId?: number; host: string; port: number }[]) =>
      brokers.map((b) => `${b.nodeId ?? b.brokerId}@${b.host}:${b.port}`).sort();
    return {
      error: errorName(answer.errorCode),
      endpointType: answer.endpointType,
      sameClusterIdAsMetadata: answer.clusterId === metadata.clusterId,
      sameBrokersAsMetadata: JSON.stringify(endpoints(answer.brokers)) === JSON.stringify(endpoints(metadata.brokers)),
      controllerIsABroker: answer.brokers.some((b) => b.brokerId === answer.controllerId),
      askingForControllers: errorName((await ask(2)).errorCode),
    };
  },
};
