/**
 * 리스너마다 답하는 API. 새 핸들러 파일을 만들면 그 API가 오는 리스너의 목록에 한 줄을 더합니다.
 * ApiVersions 응답은 요청을 받은 리스너의 목록에서 만들어집니다 (Kafka `ApiVersionManager`, 메시지 명세의
 * `"listeners": ["broker", "controller"]`).
 */
import { produceApi } from './00-produce.js';
import { controllerFetchApi, fetchApi } from './01-fetch.js';
import { listOffsetsApi } from './02-list-offsets.js';
import { metadataApi } from './03-metadata.js';
import { offsetCommitApi } from './08-offset-commit.js';
import { offsetFetchApi } from './09-offset-fetch.js';
import { findCoordinatorApi } from './10-find-coordinator.js';
import { joinGroupApi } from './11-join-group.js';
import { heartbeatApi } from './12-heartbeat.js';
import { leaveGroupApi } from './13-leave-group.js';
import { syncGroupApi } from './14-sync-group.js';
import { describeGroupsApi } from './15-describe-groups.js';
import { listGroupsApi } from './16-list-groups.js';
import { saslHandshakeApi } from './17-sasl-handshake.js';
import { apiVersionsApi } from './18-api-versions.js';
import { controllerCreateTopicsApi, createTopicsApi } from './19-create-topics.js';
import { controllerDeleteTopicsApi, deleteTopicsApi } from './20-delete-topics.js';
import { deleteRecordsApi } from './21-delete-records.js';
import { initProducerIdApi } from './22-init-producer-id.js';
import { offsetForLeaderEpochApi } from './23-offset-for-leader-epoch.js';
import { addPartitionsToTxnApi } from './24-add-partitions-to-txn.js';
import { addOffsetsToTxnApi } from './25-add-offsets-to-txn.js';
import { endTxnApi } from './26-end-txn.js';
import { writeTxnMarkersApi } from './27-write-txn-markers.js';
import { txnOffsetCommitApi } from './28-txn-offset-commit.js';
import { describeAclsApi } from './29-describe-acls.js';
import { controllerCreateAclsApi, createAclsApi } from './30-create-acls.js';
import { controllerDeleteAclsApi, deleteAclsApi } from './31-delete-acls.js';
import { describeConfigsApi } from './32-describe-configs.js';
import { alterConfigsApi, controllerAlterConfigsApi } from './33-alter-configs.js';
import { saslAuthenticateApi } from './36-sasl-authenticate.js';
import { controllerCreatePartitionsApi, createPartitionsApi } from './37-create-partitions.js';
import { deleteGroupsApi } from './42-delete-groups.js';
import { controllerElectLeadersApi, electLeadersApi } from './43-elect-leaders.js';
import { controllerIncrementalAlterConfigsApi, incrementalAlterConfigsApi } from './44-incremental-alter-configs.js';
import {
  alterPartitionReassignmentsApi,
  controllerAlterPartitionReassignmentsApi,
} from './45-alter-partition-reassignments.js';
import {
  controllerListPartitionReassignmentsApi,
  listPartitionReassignmentsApi,
} from './46-list-partition-reassignments.js';
import { offsetDeleteApi } from './47-offset-delete.js';
import { describeUserScramCredentialsApi } from './50-describe-user-scram-credentials.js';
import {
  alterUserScramCredentialsApi,
  controllerAlterUserScramCredentialsApi,
} from './51-alter-user-scram-credentials.js';
import { voteApi } from './52-vote.js';
import { beginQuorumEpochApi } from './53-begin-quorum-epoch.js';
import { endQuorumEpochApi } from './54-end-quorum-epoch.js';
import { brokerDescribeQuorumApi, describeQuorumApi } from './55-describe-quorum.js';
import { alterPartitionApi } from './56-alter-partition.js';
import { fetchSnapshotApi } from './59-fetch-snapshot.js';
import { describeClusterApi } from './60-describe-cluster.js';
import { brokerRegistrationApi } from './62-broker-registration.js';
import { brokerHeartbeatApi } from './63-broker-heartbeat.js';
import { allocateProducerIdsApi } from './67-allocate-producer-ids.js';
import type { ApiDefinition, ControllerRequestContext } from './api.js';

/** 브로커 리스너 (`listeners` 가운데 `controller.listener.names`가 아닌 것): 클라이언트가 붙는 곳 */
export const brokerApis: readonly ApiDefinition[] = [
  produceApi,
  fetchApi,
  listOffsetsApi,
  metadataApi,
  offsetCommitApi,
  offsetFetchApi,
  findCoordinatorApi,
  joinGroupApi,
  heartbeatApi,
  leaveGroupApi,
  syncGroupApi,
  describeGroupsApi,
  listGroupsApi,
  saslHandshakeApi,
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
  deleteRecordsApi,
  initProducerIdApi,
  offsetForLeaderEpochApi,
  addPartitionsToTxnApi,
  addOffsetsToTxnApi,
  endTxnApi,
  writeTxnMarkersApi,
  txnOffsetCommitApi,
  describeAclsApi,
  createAclsApi,
  deleteAclsApi,
  describeConfigsApi,
  alterConfigsApi,
  saslAuthenticateApi,
  createPartitionsApi,
  deleteGroupsApi,
  electLeadersApi,
  incrementalAlterConfigsApi,
  alterPartitionReassignmentsApi,
  listPartitionReassignmentsApi,
  offsetDeleteApi,
  describeUserScramCredentialsApi,
  alterUserScramCredentialsApi,
  brokerDescribeQuorumApi,
  describeClusterApi,
];

/**
 * 컨트롤러 리스너 (`controller.listener.names`): 컨트롤러끼리(쿼럼), 브로커가 활성 컨트롤러에게(등록, 하트비트,
 * 프로듀서 ID, 넘겨받은 관리 요청), 그리고 `npm run quorum`이 붙는 곳 (Kafka `ControllerApis`)
 */
export const controllerApis: readonly ApiDefinition<ControllerRequestContext>[] = [
  controllerFetchApi,
  apiVersionsApi,
  controllerCreateTopicsApi,
  controllerDeleteTopicsApi,
  controllerCreateAclsApi,
  controllerDeleteAclsApi,
  controllerAlterConfigsApi,
  controllerCreatePartitionsApi,
  controllerElectLeadersApi,
  controllerIncrementalAlterConfigsApi,
  controllerAlterPartitionReassignmentsApi,
  controllerListPartitionReassignmentsApi,
  controllerAlterUserScramCredentialsApi,
  voteApi,
  beginQuorumEpochApi,
  endQuorumEpochApi,
  describeQuorumApi,
  alterPartitionApi,
  fetchSnapshotApi,
  brokerRegistrationApi,
  brokerHeartbeatApi,
  allocateProducerIdsApi,
];
