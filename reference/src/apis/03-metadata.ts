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
import { josa } from '../server/josa.js';
import { defineApi, type RequestContext } from './api.js';

type TopicEntry = MetadataResponseInput['topics'][number];

export async function handleMetadata(request: MetadataRequest, ctx: RequestContext): Promise<MetadataResponseInput> {
  const { metadata, nodeId } = ctx.broker;
  const all = request.topics === null || (ctx.apiVersion === 0 && request.topics.length === 0);
  const topics: TopicEntry[] = all
    ? metadata.topics().map((t) => describeTopic(t, ctx))
    : await Promise.all((request.topics ?? []).map((t) => lookupTopic(t.name, t.topicId, request, ctx)));
  return {
    throttleTimeMs: 0,
    brokers: [...metadata.brokers.values()].map((b) => ({
      nodeId: b.brokerId,
      host: b.host,
      port: b.port,
      rack: b.rack,
    })),
    clusterId: metadata.clusterId,
    // KRaft에서 컨트롤러는 클라이언트가 직접 부를 수 없으므로, Kafka도 살아 있는 브로커 하나를 알려 줍니다.
    controllerId: nodeId,
    topics,
  };
}

async function lookupTopic(
  name: string | null,
  topicId: string,
  request: MetadataRequest,
  ctx: RequestContext,
): Promise<TopicEntry> {
  const { metadata, config, controller } = ctx.broker;
  if (name === null) {
    const byId = metadata.topicById(topicId);
    return byId ? describeTopic(byId, ctx) : missing(null, topicId, ErrorCode.UNKNOWN_TOPIC_ID);
  }
  const existing = metadata.topic(name);
  if (existing) return describeTopic(existing, ctx);
  if (topicNameProblem(name)) return missing(name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION);
  const autoCreate = request.allowAutoTopicCreation && config.bool('auto.create.topics.enable');
  if (!autoCreate || INTERNAL_TOPICS.has(name)) return missing(name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

  const [outcome] = await controller.createTopics(
    [{ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }],
    false,
  );
  const created = metadata.topic(name);
  if (created) {
    ctx.broker.log.info(
      `Metadata 요청으로 토픽 ${josa(name, '을/를')} 자동 생성했습니다 (파티션 ${created.partitions.length}개)`,
    );
    return describeTopic(created, ctx);
  }
  // 다른 요청이 같은 이름을 먼저 만들었거나 하면 여기로 옵니다. 클라이언트는 다시 물어봅니다.
  return missing(name, ZERO_UUID, outcome?.errorCode || ErrorCode.LEADER_NOT_AVAILABLE);
}

function describeTopic(topic: TopicMetadata, ctx: RequestContext): TopicEntry {
  const alive = ctx.broker.metadata.brokers;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: INTERNAL_TOPICS.has(topic.name),
    partitions: topic.partitions.map((p) => ({
      errorCode: alive.has(p.leader) ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE,
      partitionIndex: p.partitionId,
      leaderId: alive.has(p.leader) ? p.leader : -1,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: p.replicas.filter((r) => !alive.has(r)),
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
