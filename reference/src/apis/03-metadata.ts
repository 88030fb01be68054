/**
 * Metadata (API 키 3), 버전 0–12.
 *
 * 클라이언트가 "어느 브로커가 어느 파티션의 리더인가"를 묻는 요청입니다. 프로듀서와 컨슈머는 이 답을 보고
 * 파티션 리더에게 직접 연결합니다. 응답: 브로커 목록(주소), 클러스터 ID, 컨트롤러 ID, 토픽마다 파티션의
 * 리더·리더 에포크·복제본·ISR.
 *
 * - 토픽 목록이 null이면 모든 토픽입니다 (v0에서는 빈 배열이 모든 토픽). kafkajs는 null을 보냅니다.
 * - 없는 토픽은 `auto.create.topics.enable`과 요청의 allowAutoTopicCreation이 모두 참일 때 기본 설정으로
 *   만듭니다 (Kafka도 Metadata 요청으로 토픽을 자동 생성합니다).
 * - v10+는 토픽을 ID로도 물을 수 있습니다.
 *
 * 구현하지 않은 것: 권한(authorized operations)은 "모름"(-2147483648)으로 답합니다.
 */

import { endpointFor } from '../metadata/broker-registration.js';
import type { TopicMetadata } from '../metadata/cluster-metadata.js';
import { INTERNAL_TOPICS } from '../metadata/cluster-metadata.js';
import { topicNameProblem } from '../metadata/topic-control.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type MetadataRequest,
  type MetadataResponseInput,
  metadataRequest,
  metadataResponse,
} from '../protocol/messages/03-metadata.js';
import { ZERO_UUID } from '../protocol/reader.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { josa } from '../server/josa.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

type TopicEntry = MetadataResponseInput['topics'][number];

export async function handleMetadata(request: MetadataRequest, ctx: RequestContext): Promise<MetadataResponseInput> {
  const { metadata } = ctx.broker;
  const all = request.topics === null || (ctx.apiVersion === 0 && request.topics.length === 0);
  // Kafka `KafkaApis.handleTopicMetadataRequest`: 모든 토픽을 물으면 DESCRIBE가 허락된 토픽만 보여 주고(나머지는 있는지도
  // 알리지 않음), 이름으로 물은 토픽이 허락되지 않았으면 TOPIC_AUTHORIZATION_FAILED입니다.
  const topics: TopicEntry[] = all
    ? metadata
        .topics()
        .filter((t) => authorize(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name))
        .map((t) => describeTopic(t, ctx))
    : await Promise.all((request.topics ?? []).map((t) => lookupTopic(t.name, t.topicId, request, ctx)));
  return {
    throttleTimeMs: 0,
    brokers: metadata
      .aliveBrokers()
      .map((b) => ({ nodeId: b.brokerId, ...endpointFor(b, ctx.connection.listener), rack: b.rack })),
    clusterId: metadata.clusterId,
    controllerId: controllerIdFor(ctx),
    topics,
  };
}

/**
 * 클라이언트에게 알리는 컨트롤러 ID (Kafka 4 `KafkaApis.handleTopicMetadataRequest` → `KRaftMetadataCache
 * .getRandomAliveBrokerId`): KRaft의 컨트롤러는 클라이언트가 부를 수 없는 곳에 있을 수 있으므로, 살아 있는(펜싱되지
 * 않은) 브로커 가운데 하나를 무작위로 알립니다. 관리 요청(CreateTopics…)을 받은 그 브로커가 활성 컨트롤러에게
 * 넘깁니다. 살아 있는 브로커가 없으면 -1(NO_CONTROLLER_ID).
 */
export function controllerIdFor(ctx: RequestContext): number {
  const alive = ctx.broker.metadata.aliveBrokers();
  return alive.length === 0 ? -1 : (alive[ctx.broker.random.int(alive.length)]?.brokerId ?? -1);
}

async function lookupTopic(
  name: string | null,
  topicId: string,
  request: MetadataRequest,
  ctx: RequestContext,
): Promise<TopicEntry> {
  const { metadata, config } = ctx.broker;
  const mayDescribe = (topic: string) => authorize(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, topic);
  if (name === null) {
    const byId = metadata.topicById(topicId);
    if (!byId) return missing(null, topicId, ErrorCode.UNKNOWN_TOPIC_ID);
    // 토픽 ID는 비밀이 아니므로 ID는 돌려주되 이름은 알리지 않습니다 (Kafka와 같음).
    return mayDescribe(byId.name)
      ? describeTopic(byId, ctx)
      : missing(null, topicId, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  }
  // 있든 없든 같은 답: 허락되지 않은 주체가 토픽이 있는지 알아낼 수 없습니다.
  if (!mayDescribe(name)) return missing(name, ZERO_UUID, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  const existing = metadata.topic(name);
  if (existing) return describeTopic(existing, ctx);
  if (topicNameProblem(name)) return missing(name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION);
  const autoCreate = request.allowAutoTopicCreation && config.bool('auto.create.topics.enable');
  if (!autoCreate || INTERNAL_TOPICS.has(name)) return missing(name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // 자동 생성에는 클러스터 또는 그 토픽의 CREATE가 필요합니다.
  if (!authorize(ctx, AclOperation.CREATE) && !authorize(ctx, AclOperation.CREATE, ResourceType.TOPIC, name)) {
    return missing(name, ZERO_UUID, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  }

  const [outcome] = await ctx.broker.createTopics([
    { name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] },
  ]);
  const created = metadata.topic(name);
  if (created) {
    ctx.broker.log.info(
      `Metadata 요청으로 토픽 ${josa(name, '을/를')} 자동 생성했습니다 (파티션 ${created.partitions.length}개)`,
    );
    return describeTopic(created, ctx);
  }
  // 다른 요청이 같은 이름을 먼저 만들었으면(TOPIC_ALREADY_EXISTS) 토픽은 있고 이 브로커가 아직 모를 뿐입니다. Kafka처럼
  // LEADER_NOT_AVAILABLE로 답해 클라이언트가 다시 묻게 합니다 (`AutoTopicCreationManager`: Metadata는
  // TOPIC_ALREADY_EXISTS를 답하지 않습니다). 그 밖의 오류(예: 복제 계수가 브로커 수보다 큼)는 그대로 알립니다.
  const errorCode = outcome?.errorCode ?? ErrorCode.NONE;
  return missing(
    name,
    ZERO_UUID,
    errorCode === ErrorCode.NONE || errorCode === ErrorCode.TOPIC_ALREADY_EXISTS
      ? ErrorCode.LEADER_NOT_AVAILABLE
      : errorCode,
  );
}

/**
 * 토픽 하나 (Kafka `KRaftMetadataCache.getPartitionMetadata`): 리더가 등록된 브로커면 그 ID, 아니면(리더 없음 -1)
 * LEADER_NOT_AVAILABLE. 등록되지 않았거나 펜싱된 복제본은 offlineReplicas입니다.
 */
function describeTopic(topic: TopicMetadata, ctx: RequestContext): TopicEntry {
  const brokers = ctx.broker.metadata.brokers;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: INTERNAL_TOPICS.has(topic.name),
    partitions: topic.partitions.map((p) => ({
      errorCode: brokers.has(p.leader) ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE,
      partitionIndex: p.partitionId,
      leaderId: brokers.has(p.leader) ? p.leader : -1,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: p.replicas.filter((r) => brokers.get(r)?.fenced !== false),
    })),
  };
}

function missing(name: string | null, topicId: string, errorCode: number): TopicEntry {
  return { errorCode, name, topicId, isInternal: false, partitions: [] };
}

export const metadataApi = defineApi({
  key: ApiKey.Metadata,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 12,
  request: metadataRequest,
  response: metadataResponse,
  handle: handleMetadata,
});
