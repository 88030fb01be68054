/**
 * 브로커가 처리하는 API 전체. 새 핸들러 파일을 만들면 여기에 한 줄을 더합니다.
 * ApiVersions 응답은 이 목록에서 만들어집니다.
 */
import { produceApi } from './00-produce.js';
import { fetchApi } from './01-fetch.js';
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
import { apiVersionsApi } from './18-api-versions.js';
import { createTopicsApi } from './19-create-topics.js';
import { deleteTopicsApi } from './20-delete-topics.js';
import { deleteRecordsApi } from './21-delete-records.js';
import { initProducerIdApi } from './22-init-producer-id.js';
import { addPartitionsToTxnApi } from './24-add-partitions-to-txn.js';
import { addOffsetsToTxnApi } from './25-add-offsets-to-txn.js';
import { endTxnApi } from './26-end-txn.js';
import { txnOffsetCommitApi } from './28-txn-offset-commit.js';
import { describeConfigsApi } from './32-describe-configs.js';
import { alterConfigsApi } from './33-alter-configs.js';
import { createPartitionsApi } from './37-create-partitions.js';
import { deleteGroupsApi } from './42-delete-groups.js';
import { incrementalAlterConfigsApi } from './44-incremental-alter-configs.js';
import { offsetDeleteApi } from './47-offset-delete.js';
import { describeClusterApi } from './60-describe-cluster.js';
import type { ApiDefinition } from './api.js';

export const apis: readonly ApiDefinition[] = [
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
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
  deleteRecordsApi,
  initProducerIdApi,
  addPartitionsToTxnApi,
  addOffsetsToTxnApi,
  endTxnApi,
  txnOffsetCommitApi,
  describeConfigsApi,
  alterConfigsApi,
  createPartitionsApi,
  deleteGroupsApi,
  incrementalAlterConfigsApi,
  offsetDeleteApi,
  describeClusterApi,
];
