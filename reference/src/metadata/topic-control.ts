/**
 * 토픽을 만들고, 지우고, 파티션을 늘리는 컨트롤러의 판단. Kafka의 ReplicationControlManager에 해당합니다.
 *
 * 입출력이 없는 함수들입니다: 지금의 메타데이터와 요청을 받아, 검사에 통과하면 로그에 적을
 * 메타데이터 레코드를, 아니면 Kafka 오류 코드를 돌려줍니다. 레코드를 로그에 적고 재생하는 일은
 * 부르는 쪽(컨트롤러)이 합니다. 그래야 "적은 다음 적용한다"는 순서가 한 곳에만 있습니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { type ClusterMetadata, INTERNAL_TOPICS } from './cluster-metadata.js';
import { incrementalAlterConfig, OpType } from './config-control.js';
import type { MetadataRecord } from './records.js';

export type ControlResult =
  | { readonly ok: true; readonly records: MetadataRecord[] }
  | { readonly ok: false; readonly errorCode: number; readonly errorMessage: string };

export interface NewTopic {
  readonly name: string;
  /** -1이면 브로커 기본값(num.partitions) */
  readonly numPartitions: number;
  /** -1이면 브로커 기본값(default.replication.factor) */
  readonly replicationFactor: number;
  /** 파티션마다 복제본 브로커를 직접 정할 때 (비어 있으면 컨트롤러가 고릅니다) */
  readonly assignments: readonly { readonly partitionIndex: number; readonly brokerIds: readonly number[] }[];
  readonly configs: readonly { readonly name: string; readonly value: string | null }[];
}

export interface TopicDefaults {
  readonly numPartitions: number;
  readonly replicationFactor: number;
}

const MAX_NAME_LENGTH = 249;
/**
 * 요청 하나가 새로 만들 수 있는 파티션 수의 상한 (Kafka: `ReplicationControlManager.MAX_PARTITIONS_PER_BATCH`).
 * 파티션 수는 int32라서, 상한이 없으면 요청 하나가 파티션 20억 개를 만들려다 브로커의 메모리를 다 씁니다.
 */
export const MAX_PARTITIONS_PER_REQUEST = 10_000;
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;

const fail = (errorCode: number, errorMessage: string): ControlResult => ({ ok: false, errorCode, errorMessage });

/** Kafka의 Topic.validate와 같은 규칙. 문제가 없으면 null. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return '토픽 이름이 비어 있습니다';
  if (name === '.' || name === '..') return `토픽 이름으로 "${name}"은 쓸 수 없습니다`;
  if (name.length > MAX_NAME_LENGTH) return `토픽 이름이 ${MAX_NAME_LENGTH}자를 넘습니다`;
  if (!LEGAL_NAME.test(name)) return `토픽 이름 "${name}"에 쓸 수 없는 문자가 있습니다 (영문, 숫자, '.', '_', '-'만)`;
  return null;
}

/**
 * `.`과 `_`만 다른 이미 있는 토픽. 토픽 이름은 지표(Metrics) 이름에 들어가는데 거기서 `.`은 `_`로 바뀌므로,
 * `a.b`와 `a_b`는 함께 있을 수 없습니다 (Kafka: ReplicationControlManager.validateNewTopicNames,
 * Topic.hasCollisionChars·unifyCollisionChars).
 */
function collidingTopic(metadata: ClusterMetadata, name: string): string | null {
  if (!name.includes('.') && !name.includes('_')) return null;
  const unified = name.replaceAll('.', '_');
  return metadata.topics().find((t) => t.name !== name && t.name.replaceAll('.', '_') === unified)?.name ?? null;
}

/**
 * 요청 전체가 새로 만들 파티션 수(토픽마다의 수)가 상한을 넘으면 그 이유, 아니면 null.
 * Kafka는 이때 요청의 모든 토픽을 POLICY_VIOLATION으로 거절합니다 (`validateTotalNumberOfPartitions`).
 */
export function tooManyPartitionsProblem(newPartitionCounts: readonly number[]): string | null {
  const total = newPartitionCounts.reduce((sum, n) => sum + Math.max(0, n), 0);
  if (total <= MAX_PARTITIONS_PER_REQUEST) return null;
  return `요청 하나가 파티션을 ${total}개 만들려고 합니다 (한 번에 ${MAX_PARTITIONS_PER_REQUEST}개까지)`;
}

/** CreateTopics의 토픽 하나가 만들 파티션 수: 복제본 배치를 직접 주면 그 수, -1이면 브로커 기본값 */
export function newPartitionCount(topic: NewTopic, defaults: TopicDefaults): number {
  if (topic.assignments.length > 0) return topic.assignments.length;
  return topic.numPartitions === -1 ? defaults.numPartitions : topic.numPartitions;
}

export function createTopic(
  metadata: ClusterMetadata,
  request: NewTopic,
  defaults: TopicDefaults,
  newTopicId: () => string,
): ControlResult {
  const nameProblem = topicNameProblem(request.name);
  if (nameProblem) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  if (metadata.topic(request.name)) {
    return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `토픽 ${request.name}은 이미 있습니다`);
  }
  const colliding = collidingTopic(metadata, request.name);
  if (colliding) {
    return fail(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      `토픽 ${request.name}은 이미 있는 토픽 ${colliding}과 겹칩니다 ('.'과 '_'는 지표 이름에서 같은 글자입니다)`,
    );
  }
  // 토픽 설정은 IncrementalAlterConfigs의 SET과 같은 길로 검사하고 ConfigRecord로 적습니다 (Kafka도 CreateTopics의
  // 설정을 ConfigurationControlManager.incrementalAlterConfig에 맡깁니다). 값이 null인 설정은 기본값을 쓰라는 뜻입니다.
  const configs = incrementalAlterConfig(
    metadata,
    { type: 'topic', name: request.name },
    request.configs.map(({ name, value }) => ({ name, op: OpType.SET, value })),
    true,
  );
  if (!configs.ok) return configs;
  let assignment: number[][];
  if (request.assignments.length > 0) {
    if (request.numPartitions !== -1 || request.replicationFactor !== -1) {
      return fail(ErrorCode.INVALID_REQUEST, '복제본 배치를 직접 줄 때는 파티션 수와 복제 계수를 -1로 두어야 합니다');
    }
    const problem = assignmentProblem(metadata, request.assignments, 0);
    if (problem) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
    assignment = request.assignments.map((a) => [...a.brokerIds]);
  } else {
    const partitions = request.numPartitions === -1 ? defaults.numPartitions : request.numPartitions;
    const replicationFactor = request.replicationFactor === -1 ? defaults.replicationFactor : request.replicationFactor;
    if (partitions <= 0)
      return fail(ErrorCode.INVALID_PARTITIONS, `파티션 수는 1 이상이어야 합니다 (받은 값 ${partitions})`);
    if (replicationFactor <= 0 || replicationFactor > metadata.brokers.size) {
      return fail(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `복제 계수 ${replicationFactor}는 살아 있는 브로커 수(${metadata.brokers.size})보다 클 수 없고 1 이상이어야 합니다`,
      );
    }
    assignment = assignReplicas([...metadata.brokers.keys()], 0, partitions, replicationFactor);
  }

  const topicId = newTopicId();
  const records: MetadataRecord[] = [
    { type: 'TopicRecord', name: request.name, topicId },
    ...assignment.map((replicas, partitionId) => newPartition(topicId, partitionId, replicas)),
    ...configs.records,
  ];
  return { ok: true, records };
}

export function deleteTopic(metadata: ClusterMetadata, name: string): ControlResult {
  const topic = metadata.topic(name);
  if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `토픽 ${name}이 없습니다`);
  if (INTERNAL_TOPICS.has(name)) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `내부 토픽 ${name}은 지울 수 없습니다`);
  return { ok: true, records: [{ type: 'RemoveTopicRecord', topicId: topic.topicId }] };
}

/** 파티션 수를 count로 늘립니다. Kafka는 파티션을 줄일 수 없습니다 (키의 파티션이 바뀌니까요). */
export function createPartitions(
  metadata: ClusterMetadata,
  name: string,
  count: number,
  assignments: readonly { readonly brokerIds: readonly number[] }[] | null,
): ControlResult {
  const topic = metadata.topic(name);
  if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `토픽 ${name}이 없습니다`);
  const current = topic.partitions.length;
  if (count <= current) {
    return fail(
      ErrorCode.INVALID_PARTITIONS,
      `토픽 ${name}은 지금 파티션이 ${current}개라 ${count}개로 바꿀 수 없습니다 (늘리기만 할 수 있습니다)`,
    );
  }
  let added: number[][];
  if (assignments) {
    if (assignments.length !== count - current) {
      return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `새 파티션 ${count - current}개의 배치가 필요합니다`);
    }
    const problem = assignmentProblem(
      metadata,
      assignments.map((a, i) => ({ partitionIndex: current + i, brokerIds: a.brokerIds })),
      current,
    );
    if (problem) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
    added = assignments.map((a) => [...a.brokerIds]);
  } else {
    const replicationFactor = topic.partitions[0]?.replicas.length ?? 1;
    added = assignReplicas([...metadata.brokers.keys()], current, count - current, replicationFactor);
  }
  return {
    ok: true,
    records: added.map((replicas, i) => newPartition(topic.topicId, current + i, replicas)),
  };
}

/**
 * 복제본 배치: 파티션마다 브로커를 하나씩 밀어 가며 리더를 고르게 나눕니다 (라운드 로빈).
 * 파티션 p의 복제본은 brokers[(p + i) % n], i = 0..rf-1이고, 첫 번째가 선호 리더입니다.
 */
export function assignReplicas(
  brokerIds: readonly number[],
  firstPartition: number,
  partitions: number,
  replicationFactor: number,
): number[][] {
  const brokers = [...brokerIds].sort((a, b) => a - b);
  return Array.from({ length: partitions }, (_, i) =>
    Array.from({ length: replicationFactor }, (_, r) => brokers[(firstPartition + i + r) % brokers.length] as number),
  );
}

function newPartition(topicId: string, partitionId: number, replicas: readonly number[]): MetadataRecord {
  return {
    type: 'PartitionRecord',
    topicId,
    partitionId,
    replicas,
    isr: replicas,
    leader: replicas[0] as number,
    leaderEpoch: 0,
    partitionEpoch: 0,
  };
}

function assignmentProblem(
  metadata: ClusterMetadata,
  assignments: readonly { readonly partitionIndex: number; readonly brokerIds: readonly number[] }[],
  firstPartition: number,
): string | null {
  const sorted = [...assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  for (const [i, a] of sorted.entries()) {
    if (a.partitionIndex !== firstPartition + i) return '파티션 번호가 0부터 빠짐없이 이어져야 합니다';
    if (a.brokerIds.length === 0) return `파티션 ${a.partitionIndex}의 복제본이 비어 있습니다`;
    if (new Set(a.brokerIds).size !== a.brokerIds.length)
      return `파티션 ${a.partitionIndex}에 같은 브로커가 두 번 있습니다`;
    const unknown = a.brokerIds.find((id) => !metadata.brokers.has(id));
    if (unknown !== undefined) return `브로커 ${unknown}는 클러스터에 없습니다`;
  }
  return null;
}
