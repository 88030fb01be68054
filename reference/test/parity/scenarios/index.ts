/**
 * 비교 모음의 시나리오 목록. 이 순서대로 돌고 표에도 이 순서로 찍힙니다.
 *
 * 새 시나리오는 파일 하나(`Scenario` 하나를 내보냄)와 여기 한 줄입니다. 3노드 시나리오(`THREE_NODES`, 노드를 죽이면
 * `faults: true`)는 세 노드 클러스터 대상에서, 보안 시나리오(`SECURED`)는 보안 대상에서 돕니다. 요구를 채우지 못하는 대상에서는 그 이유와 함께 건너뜁니다.
 */
import type { Scenario } from '../scenario.js';
import { aclAllowedPrincipal } from './acl-allowed-principal.js';
import { aclDeniedKafkajs } from './acl-denied-kafkajs.js';
import { aclDeniedPrincipal } from './acl-denied-principal.js';
import { aclDenyBeatsAllow } from './acl-deny-beats-allow.js';
import { aclMetadataHides } from './acl-metadata-hides.js';
import { aclPrefixed } from './acl-prefixed.js';
import { alterConfigsScenario } from './alter-configs.js';
import { commitDuringRebalance } from './commit-during-rebalance.js';
import { committedOffsets } from './committed-offsets.js';
import { configEffectsScenario } from './config-effects.js';
import { coordinatorMoves } from './coordinator-moves.js';
import { deleteRecordsScenario } from './delete-records.js';
import { describeClusterScenario } from './describe-cluster.js';
import { fencedProducer } from './fenced-producer.js';
import { groupMembership } from './group-membership.js';
import { invalidTopicName } from './invalid-topic-name.js';
import { leaderFailover } from './leader-failover.js';
import { listOffsetsByTimestamp } from './list-offsets-by-timestamp.js';
import { minInsyncReplicas } from './min-insync-replicas.js';
import { minIsrNodeDown } from './min-isr-node-down.js';
import { offsetDeleteScenario } from './offset-delete.js';
import { offsetOutOfRange } from './offset-out-of-range.js';
import { oversizedRecord } from './oversized-record.js';
import { produceOffsets } from './produce-offsets.js';
import { replicaPlacement } from './replica-placement.js';
import { saslAuthentication } from './sasl-authentication.js';
import { staleGeneration } from './stale-generation.js';
import { transactionVisibility } from './transaction-visibility.js';
import { txnAcrossBrokers } from './txn-across-brokers.js';
import { unknownTopic } from './unknown-topic.js';

export const scenarios: readonly Scenario[] = [
  // 평소의 동작
  produceOffsets,
  listOffsetsByTimestamp,
  committedOffsets,
  groupMembership,
  commitDuringRebalance,
  transactionVisibility,
  // 흔한 실수와 그 오류 코드
  unknownTopic,
  offsetOutOfRange,
  staleGeneration,
  fencedProducer,
  oversizedRecord,
  invalidTopicName,
  minInsyncReplicas,
  // 관리 API
  deleteRecordsScenario,
  alterConfigsScenario,
  configEffectsScenario,
  describeClusterScenario,
  offsetDeleteScenario,
  // 복제 (세 노드 클러스터, 6장)
  replicaPlacement,
  minIsrNodeDown,
  leaderFailover,
  coordinatorMoves,
  txnAcrossBrokers,
  // 보안 (SASL과 ACL, 13장): 보안 대상에서
  saslAuthentication,
  aclAllowedPrincipal,
  aclDeniedPrincipal,
  aclDeniedKafkajs,
  aclMetadataHides,
  aclPrefixed,
  aclDenyBeatsAllow,
];
