/**
 * OffsetCommit (API 키 8), 버전 0–9.
 *
 * 컨슈머가 "이 파티션은 여기서부터 다시 읽으면 된다"를 코디네이터에 적습니다. 커밋하는 값은 마지막으로 처리한
 * 레코드의 오프셋 + 1, 곧 **다음에 읽을 오프셋**입니다. 코디네이터는 이것을 `__consumer_offsets`에 쓰고 나서
 * 응답하므로, 응답을 받은 커밋은 브로커가 다시 켜져도 남습니다.
 *
 * 검사 순서 (Kafka: KafkaApis.handleOffsetCommitRequest, OffsetMetadataManager.commitOffset): 없는 토픽·파티션은 그
 * 파티션만 UNKNOWN_TOPIC_OR_PARTITION → 코디네이터인지 → 그룹이 받아도 되는지(멤버·세대·상태, group/README.md의 표) →
 * 메타데이터 크기. 리밸런스를 준비하는 중(PreparingRebalance)에도 지금 세대 멤버의 커밋은 받습니다.
 *
 * 구현하지 않은 것: retentionTimeMs(v2–4)는 무시하고 브로커의 offsets.retention.minutes를 씁니다 (Kafka는 보낸 값으로
 * 오프셋마다 만료 시각을 적습니다. kafkajs는 -1, 곧 "브로커 설정대로"를 보냅니다).
 */

import type { OffsetCommitEntry } from '../group/group-service.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type OffsetCommitRequest,
  type OffsetCommitResponseInput,
  offsetCommitRequest,
  offsetCommitResponse,
} from '../protocol/messages/08-offset-commit.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';

export async function handleOffsetCommit(
  request: OffsetCommitRequest,
  ctx: RequestContext,
): Promise<OffsetCommitResponseInput> {
  // Kafka `KafkaApis.handleOffsetCommitRequest`: 그룹에 READ가 없으면 모든 파티션이 GROUP_AUTHORIZATION_FAILED,
  // 토픽에 READ가 없으면 그 토픽의 파티션이 TOPIC_AUTHORIZATION_FAILED입니다.
  if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) {
    return { throttleTimeMs: 0, topics: everyPartition(request.topics, ErrorCode.GROUP_AUTHORIZATION_FAILED) };
  }
  const readable = filterByAuthorized(
    ctx,
    AclOperation.READ,
    ResourceType.TOPIC,
    request.topics.map((t) => t.name),
  );
  const entries = commitEntries(request.topics, ctx.broker.metadata).map((topic, i) =>
    readable.has(request.topics[i]?.name ?? '')
      ? topic
      : topic.map((e) => ({ ...e, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED })),
  );
  const known = entries.flat().filter((e) => e.errorCode === ErrorCode.NONE);
  const written = ctx.broker.groups.commitOffsets(
    request.groupId,
    {
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      generationId: request.generationIdOrMemberEpoch,
    },
    known,
    ctx.apiVersion,
  );
  const codes = await whenDurable(ctx, request.groupId, written);
  return { throttleTimeMs: 0, topics: commitResponse(request.topics, entries, known, codes) };
}

interface CommitTopic {
  readonly name: string;
  readonly partitions: readonly {
    readonly partitionIndex: number;
    readonly committedOffset: number;
    readonly committedLeaderEpoch: number;
    readonly committedMetadata: string | null;
  }[];
}

type CommitEntry = OffsetCommitEntry & { errorCode: number };

/** 요청의 토픽별 파티션을 커밋 항목으로 바꿉니다. 없는 토픽·파티션은 UNKNOWN_TOPIC_OR_PARTITION으로 미리 표시합니다. */
export function commitEntries(topics: readonly CommitTopic[], metadata: ClusterMetadata): CommitEntry[][] {
  return topics.map((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      offset: p.committedOffset,
      leaderEpoch: p.committedLeaderEpoch,
      metadata: p.committedMetadata,
      errorCode: metadata.partition(t.name, p.partitionIndex) ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    })),
  );
}

/**
 * 쓴 커밋이 `__consumer_offsets`의 ISR 모두에게 복제된 뒤에 답합니다 (acks=all). 복제되지 못하면 성공이던 항목이
 * 그 코디네이터 오류(COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR…)가 됩니다. 쓴 것이 없으면 기다리지 않습니다.
 */
export async function whenDurable(ctx: RequestContext, groupId: string, codes: readonly number[]): Promise<number[]> {
  if (!codes.includes(ErrorCode.NONE)) return [...codes];
  const durable = await ctx.broker.groups.awaitDurable(groupId);
  return codes.map((c) => (c === ErrorCode.NONE ? durable : c));
}

/** 검사한 항목(`known`)에 코디네이터가 돌려준 오류 코드를 붙여, 요청과 같은 모양의 응답을 만듭니다. */
export function commitResponse(
  topics: readonly CommitTopic[],
  entries: readonly CommitEntry[][],
  known: readonly CommitEntry[],
  codes: readonly number[],
): { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] {
  const codeOf = new Map(known.map((entry, i) => [entry, codes[i] ?? ErrorCode.UNKNOWN_SERVER_ERROR]));
  return topics.map((t, i) => ({
    name: t.name,
    partitions: (entries[i] ?? []).map((e) => ({
      partitionIndex: e.partition,
      errorCode: codeOf.get(e) ?? e.errorCode,
    })),
  }));
}

export const offsetCommitApi = defineApi({
  key: ApiKey.OffsetCommit,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 9,
  request: offsetCommitRequest,
  response: offsetCommitResponse,
  handle: handleOffsetCommit,
});

/** 모든 파티션에 같은 오류 (Kafka `OffsetCommitRequest.getErrorResponse`): 그룹이나 트랜잭션 ID의 권한이 없을 때 */
export function everyPartition(
  topics: readonly CommitTopic[],
  errorCode: number,
): { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] {
  return topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
  }));
}
