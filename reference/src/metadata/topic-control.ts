/**
 * 토픽을 만들고, 지우고, 파티션을 늘리는 컨트롤러의 판단. Kafka의 ReplicationControlManager에 해당합니다.
 *
 * 입출력이 없는 함수들입니다: 활성 컨트롤러의 상태(`TopicControlView`)와 요청을 받아, 검사에 통과하면 로그에 적을
 * 메타데이터 레코드를, 아니면 Kafka 오류 코드를 돌려줍니다 (`../result.ts`의 약속). 레코드를 쿼럼에 제안하고,
 * 커밋된 뒤에 답하는 일은 부르는 쪽(`../controller/quorum-controller.ts`)이 합니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok, type Result } from '../result.js';
import type { Random } from '../runtime/random.js';
import { type BrokerRegistration, isActive } from './broker-registration.js';
import { INTERNAL_TOPICS } from './cluster-metadata.js';
import { type ConfigView, incrementalAlterConfig, OpType } from './config-control.js';
import type { PartitionRegistration } from './partition-registration.js';
import type { MetadataRecord } from './records.js';
import { placeReplicas } from './striped-replica-placer.js';

/** 판단의 결과: 받아들이면 적을 레코드, 거절하면 Kafka 오류 코드와 사람이 읽을 문장(`message`) */
export type ControlResult = Result<{ readonly records: MetadataRecord[] }, number>;

/**
 * 판단이 읽는 컨트롤러의 상태 (Kafka: ReplicationControlManager의 토픽들과 ClusterControlManager의 등록).
 * 설정 판단이 읽는 것(`ConfigView`)도 함께입니다: CreateTopics의 토픽 설정을 같은 길로 검사하니까요.
 */
export interface TopicControlView extends ConfigView {
  topic(name: string): { readonly topicId: string; readonly partitions: readonly PartitionRegistration[] } | undefined;
  topicNames(): Iterable<string>;
  brokers(): Iterable<BrokerRegistration>;
}

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

const fail = (errorCode: number, message: string): ControlResult => err(errorCode, message);

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
function collidingTopic(view: TopicControlView, name: string): string | null {
  if (!name.includes('.') && !name.includes('_')) return null;
  const unified = name.replaceAll('.', '_');
  for (const other of view.topicNames()) if (other !== name && other.replaceAll('.', '_') === unified) return other;
  return null;
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
  view: TopicControlView,
  request: NewTopic,
  defaults: TopicDefaults,
  newTopicId: () => string,
  random: Random,
): ControlResult {
  const nameProblem = topicNameProblem(request.name);
  if (nameProblem) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  if (view.topic(request.name)) {
    return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `토픽 ${request.name}은 이미 있습니다`);
  }
  const colliding = collidingTopic(view, request.name);
  if (colliding) {
    return fail(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      `토픽 ${request.name}은 이미 있는 토픽 ${colliding}과 겹칩니다 ('.'과 '_'는 지표 이름에서 같은 글자입니다)`,
    );
  }
  // 토픽 설정은 IncrementalAlterConfigs의 SET과 같은 길로 검사하고 ConfigRecord로 적습니다 (Kafka도 CreateTopics의
  // 설정을 ConfigurationControlManager.incrementalAlterConfig에 맡깁니다). 값이 null인 설정은 기본값을 쓰라는 뜻입니다.
  const configs = incrementalAlterConfig(
    view,
    { type: 'topic', name: request.name },
    request.configs.map(({ name, value }) => ({ name, op: OpType.SET, value })),
    true,
  );
  if (!configs.ok) return configs;
  const topicId = newTopicId();
  let partitions: ControlResult;
  if (request.assignments.length > 0) {
    if (request.replicationFactor !== -1) {
      return fail(ErrorCode.INVALID_REQUEST, '복제본 배치를 직접 줄 때는 복제 계수를 -1로 두어야 합니다');
    }
    if (request.numPartitions !== -1) {
      return fail(ErrorCode.INVALID_REQUEST, '복제본 배치를 직접 줄 때는 파티션 수를 -1로 두어야 합니다');
    }
    partitions = manualPartitions(view, topicId, request.assignments);
  } else if (request.replicationFactor < -1 || request.replicationFactor === 0) {
    return fail(ErrorCode.INVALID_REPLICATION_FACTOR, '복제 계수는 1 이상이거나, 기본값을 뜻하는 -1이어야 합니다');
  } else if (request.numPartitions < -1 || request.numPartitions === 0) {
    return fail(ErrorCode.INVALID_PARTITIONS, `파티션 수는 1 이상이어야 합니다 (받은 값 ${request.numPartitions})`);
  } else {
    const count = request.numPartitions === -1 ? defaults.numPartitions : request.numPartitions;
    const replicationFactor = request.replicationFactor === -1 ? defaults.replicationFactor : request.replicationFactor;
    partitions = placedPartitions(view, topicId, 0, count, replicationFactor, random);
  }
  if (!partitions.ok) return partitions;
  return ok({
    records: [{ type: 'TopicRecord', name: request.name, topicId }, ...partitions.records, ...configs.records],
  });
}

export function deleteTopic(view: TopicControlView, name: string): ControlResult {
  const topic = view.topic(name);
  if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `토픽 ${name}이 없습니다`);
  if (INTERNAL_TOPICS.has(name)) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `내부 토픽 ${name}은 지울 수 없습니다`);
  return ok({ records: [{ type: 'RemoveTopicRecord', topicId: topic.topicId }] });
}

/** 파티션 수를 count로 늘립니다. Kafka는 파티션을 줄일 수 없습니다 (키의 파티션이 바뀌니까요). */
export function createPartitions(
  view: TopicControlView,
  name: string,
  count: number,
  assignments: readonly { readonly brokerIds: readonly number[] }[] | null,
  random: Random,
): ControlResult {
  const topic = view.topic(name);
  if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `토픽 ${name}이 없습니다`);
  const current = topic.partitions.length;
  if (count <= current) {
    return fail(
      ErrorCode.INVALID_PARTITIONS,
      `토픽 ${name}은 지금 파티션이 ${current}개라 ${count}개로 바꿀 수 없습니다 (늘리기만 할 수 있습니다)`,
    );
  }
  const replicationFactor = topic.partitions[0]?.replicas.length ?? 1;
  if (assignments) {
    if (assignments.length !== count - current) {
      return fail(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `파티션 ${count - current}개를 더하는데 배치는 ${assignments.length}개입니다`,
      );
    }
    const replicas: (readonly number[])[] = [];
    for (const [i, a] of assignments.entries()) {
      const problem = manualAssignmentProblem(view, a.brokerIds, replicationFactor);
      if (problem) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
      replicas.push(a.brokerIds);
      if (!a.brokerIds.some((id) => isActive(registrationOf(view, id)))) {
        return fail(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `파티션 ${current + i}의 복제본이 모두 펜싱되었거나 제어된 종료 중입니다`,
        );
      }
    }
    return partitionRecords(view, topic.topicId, current, replicas, ErrorCode.INVALID_REPLICA_ASSIGNMENT);
  }
  return placedPartitions(view, topic.topicId, current, count - current, replicationFactor, random);
}

/**
 * 컨트롤러가 복제본을 놓습니다 (`./striped-replica-placer.ts`, Kafka `StripedReplicaPlacer`). 놓을 수 있는 브로커는 제어된
 * 종료 중이 아닌 등록된 브로커이고, 펜싱된 브로커는 펜싱되지 않은 브로커로 모자랄 때만 뒤쪽 복제본이 됩니다.
 */
function placedPartitions(
  view: TopicControlView,
  topicId: string,
  firstPartition: number,
  count: number,
  replicationFactor: number,
  random: Random,
): ControlResult {
  const usable = [...view.brokers()]
    .filter((b) => !b.inControlledShutdown)
    .map((b) => ({ id: b.brokerId, fenced: b.fenced }));
  const placed = placeReplicas(usable, count, replicationFactor, random);
  if (!placed.ok) return placed;
  return partitionRecords(view, topicId, firstPartition, placed.placements, ErrorCode.INVALID_REPLICATION_FACTOR);
}

/**
 * CreateTopics가 정한 복제본 배치를 검사합니다 (Kafka `createTopic`의 직접 배치 부분). 요청의 순서대로: 같은 파티션
 * 번호가 두 번, 배치 하나의 문제(`manualAssignmentProblem`, 복제 계수는 앞 파티션과 같아야 함), 복제본이 모두
 * 펜싱되었거나 종료 중 → INVALID_REPLICA_ASSIGNMENT. 마지막으로 파티션 번호가 0부터 빠짐없이 이어져야 합니다.
 */
function manualPartitions(
  view: TopicControlView,
  topicId: string,
  assignments: readonly { readonly partitionIndex: number; readonly brokerIds: readonly number[] }[],
): ControlResult {
  const byIndex = new Map<number, readonly number[]>();
  let replicationFactor: number | null = null;
  for (const a of assignments) {
    const problem = byIndex.has(a.partitionIndex)
      ? `파티션 ${a.partitionIndex}의 배치가 두 번 있습니다`
      : (manualAssignmentProblem(view, a.brokerIds, replicationFactor) ??
        (a.brokerIds.some((id) => isActive(registrationOf(view, id)))
          ? null
          : `파티션 ${a.partitionIndex}의 복제본이 모두 펜싱되었거나 제어된 종료 중입니다`));
    if (problem) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
    replicationFactor = a.brokerIds.length;
    byIndex.set(a.partitionIndex, a.brokerIds);
  }
  const replicas: (readonly number[])[] = [];
  for (let i = 0; i < byIndex.size; i++) {
    const brokerIds = byIndex.get(i);
    if (!brokerIds) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, '파티션 번호가 0부터 빠짐없이 이어져야 합니다');
    replicas.push(brokerIds);
  }
  return partitionRecords(view, topicId, 0, replicas, ErrorCode.INVALID_REPLICA_ASSIGNMENT);
}

/**
 * 직접 정한 배치 하나의 문제, 없으면 null (Kafka `validateManualPartitionAssignment`): 비어 있음, 등록되지 않은 브로커,
 * 같은 브로커가 두 번(ID 순으로 보며 먼저 걸린 것), 복제 계수가 `replicationFactor`(앞 파티션 또는 토픽의 것)와 다름.
 * 재배치(AlterPartitionReassignments)는 복제 계수를 바꿀 수 있으므로 `replicationFactor` 없이 부릅니다.
 */
export function manualAssignmentProblem(
  view: Pick<TopicControlView, 'brokers'>,
  brokerIds: readonly number[],
  replicationFactor: number | null,
): string | null {
  if (brokerIds.length === 0) return '직접 정한 배치에 복제본이 없습니다';
  const sorted = [...brokerIds].sort((a, b) => a - b);
  for (const [i, id] of sorted.entries()) {
    if (!registrationOf(view, id)) return `직접 정한 배치의 브로커 ${id}는 등록되지 않았습니다`;
    if (i > 0 && sorted[i - 1] === id) return `직접 정한 배치에 브로커 ${id}가 두 번 있습니다`;
  }
  if (replicationFactor !== null && brokerIds.length !== replicationFactor) {
    return `직접 정한 배치의 복제본이 ${brokerIds.length}개인데, 앞 파티션들은 ${replicationFactor}개입니다`;
  }
  return null;
}

function registrationOf(view: Pick<TopicControlView, 'brokers'>, brokerId: number): BrokerRegistration | undefined {
  for (const b of view.brokers()) if (b.brokerId === brokerId) return b;
  return undefined;
}

/**
 * 새 파티션의 레코드: ISR은 복제본 가운데 리더가 될 수 있는(펜싱되지 않고 종료 중이 아닌) 브로커, 리더는 그 첫
 * 번째입니다 (Kafka `ReplicationControlManager.createTopic`의 `filter(clusterControl::isActive)`). 그런 브로커가
 * 하나도 없으면 만들지 않습니다 (`noLeaderError`).
 */
function partitionRecords(
  view: TopicControlView,
  topicId: string,
  firstPartition: number,
  assignment: readonly (readonly number[])[],
  noLeaderError: number,
): ControlResult {
  const registrations = new Map([...view.brokers()].map((b) => [b.brokerId, b]));
  const records: MetadataRecord[] = [];
  for (const [i, replicas] of assignment.entries()) {
    const partitionId = firstPartition + i;
    const isr = replicas.filter((id) => isActive(registrations.get(id)));
    const leader = isr[0];
    if (leader === undefined) {
      return fail(noLeaderError, `파티션 ${partitionId}의 복제본이 모두 펜싱되었거나 제어된 종료 중입니다`);
    }
    records.push({
      type: 'PartitionRecord',
      topicId,
      partitionId,
      replicas,
      isr,
      leader,
      leaderEpoch: 0,
      partitionEpoch: 0,
    });
  }
  return ok({ records });
}
