/**
 * API 키 → 요청·응답 스키마. 서버는 요청 헤더의 API 키로 여기서 스키마를 찾아 본문을 읽고,
 * 헤더 버전(유연한 버전인지)도 이 스키마의 `flexibleVersions`로 정합니다 (../headers.ts).
 *
 * 스키마의 `validVersions`는 Kafka 명세의 범위 전체입니다. 브로커가 ApiVersions로 알리는 범위는
 * 핸들러가 실제로 구현한 범위이며, 그보다 좁을 수 있습니다.
 */
import { ApiKey } from '../api-keys.js';
import type { MessageSchema } from '../schema.js';
import { produceRequest, produceResponse } from './00-produce.js';
import { fetchRequest, fetchResponse } from './01-fetch.js';
import { listOffsetsRequest, listOffsetsResponse } from './02-list-offsets.js';
import { metadataRequest, metadataResponse } from './03-metadata.js';
import { offsetCommitRequest, offsetCommitResponse } from './08-offset-commit.js';
import { offsetFetchRequest, offsetFetchResponse } from './09-offset-fetch.js';
import { findCoordinatorRequest, findCoordinatorResponse } from './10-find-coordinator.js';
import { joinGroupRequest, joinGroupResponse } from './11-join-group.js';
import { heartbeatRequest, heartbeatResponse } from './12-heartbeat.js';
import { leaveGroupRequest, leaveGroupResponse } from './13-leave-group.js';
import { syncGroupRequest, syncGroupResponse } from './14-sync-group.js';
import { describeGroupsRequest, describeGroupsResponse } from './15-describe-groups.js';
import { listGroupsRequest, listGroupsResponse } from './16-list-groups.js';
import { saslHandshakeRequest, saslHandshakeResponse } from './17-sasl-handshake.js';
import { apiVersionsRequest, apiVersionsResponse } from './18-api-versions.js';
import { createTopicsRequest, createTopicsResponse } from './19-create-topics.js';
import { deleteTopicsRequest, deleteTopicsResponse } from './20-delete-topics.js';
import { deleteRecordsRequest, deleteRecordsResponse } from './21-delete-records.js';
import { initProducerIdRequest, initProducerIdResponse } from './22-init-producer-id.js';
import { offsetForLeaderEpochRequest, offsetForLeaderEpochResponse } from './23-offset-for-leader-epoch.js';
import { addPartitionsToTxnRequest, addPartitionsToTxnResponse } from './24-add-partitions-to-txn.js';
import { addOffsetsToTxnRequest, addOffsetsToTxnResponse } from './25-add-offsets-to-txn.js';
import { endTxnRequest, endTxnResponse } from './26-end-txn.js';
import { writeTxnMarkersRequest, writeTxnMarkersResponse } from './27-write-txn-markers.js';
import { txnOffsetCommitRequest, txnOffsetCommitResponse } from './28-txn-offset-commit.js';
import { describeAclsRequest, describeAclsResponse } from './29-describe-acls.js';
import { createAclsRequest, createAclsResponse } from './30-create-acls.js';
import { deleteAclsRequest, deleteAclsResponse } from './31-delete-acls.js';
import { describeConfigsRequest, describeConfigsResponse } from './32-describe-configs.js';
import { alterConfigsRequest, alterConfigsResponse } from './33-alter-configs.js';
import { saslAuthenticateRequest, saslAuthenticateResponse } from './36-sasl-authenticate.js';
import { createPartitionsRequest, createPartitionsResponse } from './37-create-partitions.js';
import { deleteGroupsRequest, deleteGroupsResponse } from './42-delete-groups.js';
import { electLeadersRequest, electLeadersResponse } from './43-elect-leaders.js';
import { incrementalAlterConfigsRequest, incrementalAlterConfigsResponse } from './44-incremental-alter-configs.js';
import {
  alterPartitionReassignmentsRequest,
  alterPartitionReassignmentsResponse,
} from './45-alter-partition-reassignments.js';
import {
  listPartitionReassignmentsRequest,
  listPartitionReassignmentsResponse,
} from './46-list-partition-reassignments.js';
import { offsetDeleteRequest, offsetDeleteResponse } from './47-offset-delete.js';
import {
  describeUserScramCredentialsRequest,
  describeUserScramCredentialsResponse,
} from './50-describe-user-scram-credentials.js';
import {
  alterUserScramCredentialsRequest,
  alterUserScramCredentialsResponse,
} from './51-alter-user-scram-credentials.js';
import { voteRequest, voteResponse } from './52-vote.js';
import { beginQuorumEpochRequest, beginQuorumEpochResponse } from './53-begin-quorum-epoch.js';
import { endQuorumEpochRequest, endQuorumEpochResponse } from './54-end-quorum-epoch.js';
import { describeQuorumRequest, describeQuorumResponse } from './55-describe-quorum.js';
import { alterPartitionRequest, alterPartitionResponse } from './56-alter-partition.js';
import { fetchSnapshotRequest, fetchSnapshotResponse } from './59-fetch-snapshot.js';
import { describeClusterRequest, describeClusterResponse } from './60-describe-cluster.js';
import { brokerRegistrationRequest, brokerRegistrationResponse } from './62-broker-registration.js';
import { brokerHeartbeatRequest, brokerHeartbeatResponse } from './63-broker-heartbeat.js';
import { allocateProducerIdsRequest, allocateProducerIdsResponse } from './67-allocate-producer-ids.js';

export interface ApiSchemas {
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

export const messages = {
  [ApiKey.Produce]: { request: produceRequest, response: produceResponse },
  [ApiKey.Fetch]: { request: fetchRequest, response: fetchResponse },
  [ApiKey.ListOffsets]: { request: listOffsetsRequest, response: listOffsetsResponse },
  [ApiKey.Metadata]: { request: metadataRequest, response: metadataResponse },
  [ApiKey.OffsetCommit]: { request: offsetCommitRequest, response: offsetCommitResponse },
  [ApiKey.OffsetFetch]: { request: offsetFetchRequest, response: offsetFetchResponse },
  [ApiKey.FindCoordinator]: { request: findCoordinatorRequest, response: findCoordinatorResponse },
  [ApiKey.JoinGroup]: { request: joinGroupRequest, response: joinGroupResponse },
  [ApiKey.Heartbeat]: { request: heartbeatRequest, response: heartbeatResponse },
  [ApiKey.LeaveGroup]: { request: leaveGroupRequest, response: leaveGroupResponse },
  [ApiKey.SyncGroup]: { request: syncGroupRequest, response: syncGroupResponse },
  [ApiKey.DescribeGroups]: { request: describeGroupsRequest, response: describeGroupsResponse },
  [ApiKey.ListGroups]: { request: listGroupsRequest, response: listGroupsResponse },
  [ApiKey.SaslHandshake]: { request: saslHandshakeRequest, response: saslHandshakeResponse },
  [ApiKey.ApiVersions]: { request: apiVersionsRequest, response: apiVersionsResponse },
  [ApiKey.CreateTopics]: { request: createTopicsRequest, response: createTopicsResponse },
  [ApiKey.DeleteTopics]: { request: deleteTopicsRequest, response: deleteTopicsResponse },
  [ApiKey.DeleteRecords]: { request: deleteRecordsRequest, response: deleteRecordsResponse },
  [ApiKey.InitProducerId]: { request: initProducerIdRequest, response: initProducerIdResponse },
  [ApiKey.OffsetForLeaderEpoch]: { request: offsetForLeaderEpochRequest, response: offsetForLeaderEpochResponse },
  [ApiKey.AddPartitionsToTxn]: { request: addPartitionsToTxnRequest, response: addPartitionsToTxnResponse },
  [ApiKey.AddOffsetsToTxn]: { request: addOffsetsToTxnRequest, response: addOffsetsToTxnResponse },
  [ApiKey.EndTxn]: { request: endTxnRequest, response: endTxnResponse },
  [ApiKey.WriteTxnMarkers]: { request: writeTxnMarkersRequest, response: writeTxnMarkersResponse },
  [ApiKey.TxnOffsetCommit]: { request: txnOffsetCommitRequest, response: txnOffsetCommitResponse },
  [ApiKey.DescribeAcls]: { request: describeAclsRequest, response: describeAclsResponse },
  [ApiKey.CreateAcls]: { request: createAclsRequest, response: createAclsResponse },
  [ApiKey.DeleteAcls]: { request: deleteAclsRequest, response: deleteAclsResponse },
  [ApiKey.DescribeConfigs]: { request: describeConfigsRequest, response: describeConfigsResponse },
  [ApiKey.AlterConfigs]: { request: alterConfigsRequest, response: alterConfigsResponse },
  [ApiKey.SaslAuthenticate]: { request: saslAuthenticateRequest, response: saslAuthenticateResponse },
  [ApiKey.CreatePartitions]: { request: createPartitionsRequest, response: createPartitionsResponse },
  [ApiKey.DeleteGroups]: { request: deleteGroupsRequest, response: deleteGroupsResponse },
  [ApiKey.ElectLeaders]: { request: electLeadersRequest, response: electLeadersResponse },
  [ApiKey.IncrementalAlterConfigs]: {
    request: incrementalAlterConfigsRequest,
    response: incrementalAlterConfigsResponse,
  },
  [ApiKey.AlterPartitionReassignments]: {
    request: alterPartitionReassignmentsRequest,
    response: alterPartitionReassignmentsResponse,
  },
  [ApiKey.ListPartitionReassignments]: {
    request: listPartitionReassignmentsRequest,
    response: listPartitionReassignmentsResponse,
  },
  [ApiKey.OffsetDelete]: { request: offsetDeleteRequest, response: offsetDeleteResponse },
  [ApiKey.DescribeUserScramCredentials]: {
    request: describeUserScramCredentialsRequest,
    response: describeUserScramCredentialsResponse,
  },
  [ApiKey.AlterUserScramCredentials]: {
    request: alterUserScramCredentialsRequest,
    response: alterUserScramCredentialsResponse,
  },
  [ApiKey.Vote]: { request: voteRequest, response: voteResponse },
  [ApiKey.BeginQuorumEpoch]: { request: beginQuorumEpochRequest, response: beginQuorumEpochResponse },
  [ApiKey.EndQuorumEpoch]: { request: endQuorumEpochRequest, response: endQuorumEpochResponse },
  [ApiKey.DescribeQuorum]: { request: describeQuorumRequest, response: describeQuorumResponse },
  [ApiKey.AlterPartition]: { request: alterPartitionRequest, response: alterPartitionResponse },
  [ApiKey.FetchSnapshot]: { request: fetchSnapshotRequest, response: fetchSnapshotResponse },
  [ApiKey.DescribeCluster]: { request: describeClusterRequest, response: describeClusterResponse },
  [ApiKey.BrokerRegistration]: { request: brokerRegistrationRequest, response: brokerRegistrationResponse },
  [ApiKey.BrokerHeartbeat]: { request: brokerHeartbeatRequest, response: brokerHeartbeatResponse },
  [ApiKey.AllocateProducerIds]: { request: allocateProducerIdsRequest, response: allocateProducerIdsResponse },
} as const satisfies Record<number, ApiSchemas>;

/** 이 API 키의 스키마. 모르는 API 키면 undefined. */
export function schemasFor(apiKey: number): ApiSchemas | undefined {
  return (messages as Record<number, ApiSchemas>)[apiKey];
}
