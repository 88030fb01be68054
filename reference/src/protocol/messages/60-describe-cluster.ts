/**
 * DescribeCluster (API 키 60): 클러스터 ID, 컨트롤러, 브로커 목록 (KIP-700). Kafka 4의 Admin 클라이언트는
 * `describeCluster()`를 Metadata 대신 이 API로 묻습니다. v1은 어느 쪽 끝점을 묻는지(endpointType, KIP-919:
 * 1 브로커, 2 컨트롤러)를 더합니다. 처음부터(v0) 유연한 버전입니다.
 *
 * Kafka protocol guide, "DescribeCluster API (Key: 60)" — 가장 높은 버전의 BNF:
 *
 *     DescribeCluster Request (Version: 1) => include_cluster_authorized_operations endpoint_type _tagged_fields
 *       include_cluster_authorized_operations => BOOLEAN
 *       endpoint_type => INT8
 *
 *     DescribeCluster Response (Version: 1) => throttle_time_ms error_code error_message endpoint_type cluster_id
 *                                             controller_id [brokers] cluster_authorized_operations _tagged_fields
 *       throttle_time_ms => INT32
 *       error_code => INT16
 *       error_message => COMPACT_NULLABLE_STRING
 *       endpoint_type => INT8
 *       cluster_id => COMPACT_STRING
 *       controller_id => INT32
 *       brokers => broker_id host port rack _tagged_fields
 *         broker_id => INT32
 *         host => COMPACT_STRING
 *         port => INT32
 *         rack => COMPACT_NULLABLE_STRING
 *       cluster_authorized_operations => INT32
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const describeClusterRequest = message({
  name: 'DescribeClusterRequest',
  apiKey: 60,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'includeClusterAuthorizedOperations', type: 'bool', versions: '0+' },
    { name: 'endpointType', type: 'int8', versions: '1+', default: 1 },
  ],
});
export type DescribeClusterRequest = Message<typeof describeClusterRequest>;
export type DescribeClusterRequestInput = MessageInput<typeof describeClusterRequest>;

export const describeClusterResponse = message({
  name: 'DescribeClusterResponse',
  apiKey: 60,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'endpointType', type: 'int8', versions: '1+', default: 1 },
    { name: 'clusterId', type: 'string', versions: '0+' },
    { name: 'controllerId', type: 'int32', versions: '0+', default: -1 },
    {
      name: 'brokers',
      type: '[]DescribeClusterBroker',
      versions: '0+',
      fields: [
        { name: 'brokerId', type: 'int32', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'port', type: 'int32', versions: '0+' },
        { name: 'rack', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      ],
    },
    { name: 'clusterAuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
  ],
});
export type DescribeClusterResponse = Message<typeof describeClusterResponse>;
export type DescribeClusterResponseInput = MessageInput<typeof describeClusterResponse>;
