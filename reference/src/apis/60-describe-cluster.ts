/**
 * DescribeCluster (API 키 60), 버전 0–1.
 *
 * 클러스터 ID, 컨트롤러 ID, 브로커 목록을 답합니다 (Kafka: `KafkaApis.handleDescribeCluster` →
 * `AuthHelper.computeDescribeClusterResponse`). Kafka 4의 Admin 클라이언트와 `kafka-cluster.sh`, UI들이 씁니다.
 *
 * - endpointType(v1+): 1은 브로커, 2는 컨트롤러를 묻습니다. 이 요청은 브로커 리스너로 왔으므로 2를 물으면
 *   MISMATCHED_ENDPOINT_TYPE, 모르는 값이면 UNSUPPORTED_ENDPOINT_TYPE입니다. v0에는 이 필드가 없어 언제나 브로커(1)를
 *   묻는 것이므로 이 오류들은 v1에서만 생깁니다.
 * - 브로커 목록은 살아 있는(펜싱되지 않은) 브로커입니다. 컨트롤러 ID: KRaft 클라이언트는 컨트롤러에 직접 붙지
 *   않으므로, Kafka는 살아 있는 브로커 하나를 무작위로 알려 줍니다 (Metadata와 같은 `controllerIdFor`). 없으면 -1.
 * - clusterAuthorizedOperations: 요청이 물을 때만 채웁니다. 권한 검사기(authorizer)가 없으면 Kafka는 모든 것을
 *   허락하므로, 클러스터 자원에 쓸 수 있는 연산을 모두 담은 비트 필드입니다.
 */
import { endpointFor } from '../metadata/broker-registration.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeClusterRequest,
  type DescribeClusterResponseInput,
  describeClusterRequest,
  describeClusterResponse,
} from '../protocol/messages/60-describe-cluster.js';
import { controllerIdFor } from './03-metadata.js';
import { defineApi, type RequestContext } from './api.js';

/** KIP-919의 끝점 종류 (Kafka: `EndpointType`) */
const EndpointType = { BROKER: 1, CONTROLLER: 2 } as const;
const endpointName = (type: number) => (type === EndpointType.BROKER ? 'BROKER' : 'CONTROLLER');

/** 권한을 묻지 않았을 때의 값 (스키마의 기본값 Integer.MIN_VALUE) */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/**
 * 클러스터 자원에 허락된 연산: CREATE(5), ALTER(7), DESCRIBE(8), CLUSTER_ACTION(9), DESCRIBE_CONFIGS(10),
 * ALTER_CONFIGS(11), IDEMPOTENT_WRITE(12)의 비트 (Kafka: `AclEntry.supportedOperations(CLUSTER)`, `Utils.to32BitField`)
 */
const CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12].reduce((bits, code) => bits | (1 << code), 0);

export function handleDescribeCluster(
  request: DescribeClusterRequest,
  ctx: RequestContext,
): DescribeClusterResponseInput {
  const { metadata } = ctx.broker;
  const requested = request.endpointType;
  const fail = (errorCode: number, errorMessage: string): DescribeClusterResponseInput => ({
    throttleTimeMs: 0,
    errorCode,
    errorMessage,
    clusterId: '',
    brokers: [],
  });
  if (requested !== EndpointType.BROKER && requested !== EndpointType.CONTROLLER) {
    return fail(ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, `Unsupported endpoint type ${requested}`);
  }
  if (requested !== EndpointType.BROKER) {
    return fail(
      ErrorCode.MISMATCHED_ENDPOINT_TYPE,
      `The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type ${endpointName(requested)}`,
    );
  }
  const brokers = metadata.aliveBrokers().map((b) => ({
    brokerId: b.brokerId,
    ...endpointFor(b, ctx.connection.listener),
    rack: b.rack,
  }));
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    endpointType: EndpointType.BROKER,
    clusterId: metadata.clusterId,
    controllerId: controllerIdFor(ctx),
    brokers,
    clusterAuthorizedOperations: request.includeClusterAuthorizedOperations
      ? CLUSTER_OPERATIONS
      : AUTHORIZED_OPERATIONS_OMITTED,
  };
}

export const describeClusterApi = defineApi({
  key: ApiKey.DescribeCluster,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 1,
  request: describeClusterRequest,
  response: describeClusterResponse,
  handle: handleDescribeCluster,
});
