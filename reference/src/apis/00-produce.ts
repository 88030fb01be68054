/**
 * Produce (API 키 0), 버전 3–11.
 *
 * 프로듀서가 파티션마다 레코드 배치를 보냅니다. 브로커는 파티션 리더일 때만 받아 로그 끝에 붙이고,
 * 배치가 받은 첫 오프셋(baseOffset)을 돌려줍니다. acks가 응답 시점을 정합니다:
 *   acks=0  응답하지 않습니다 (프로듀서는 보내고 잊습니다)
 *   acks=1  리더의 로그에 쓴 뒤 응답합니다
 *   acks=-1 ISR의 모든 복제본이 가진 뒤 응답합니다: 쓴 다음 퍼거토리에서 하이 워터마크를 기다리고(DelayedProduce),
 *           요청의 timeoutMs가 지나면 그 파티션은 REQUEST_TIMED_OUT, 기다리는 사이 ISR이 최소 ISR(min(min.insync.replicas,
 *           복제본 수)) 아래로 줄었으면 NOT_ENOUGH_REPLICAS_AFTER_APPEND, 리더가 바뀌었으면 NOT_LEADER_OR_FOLLOWER입니다
 *           (server/delayed-produce.ts, `ReplicaManager.awaitAcks`).
 *
 * 검사 순서 (파티션마다): acks 값 → 없는 토픽·파티션 → 리더가 아님 → 최소 ISR(acks=-1) →
 * 배치가 정확히 하나인지(v3+) → 멱등 프로듀서의 시퀀스 → 배치 검사(magic, CRC, 크기)와 쓰기.
 *
 * NOT_LEADER_OR_FOLLOWER로 답하는 파티션에는 v10부터 지금의 리더(ID, 에포크)와 그 주소를 싣습니다 (KIP-951,
 * `current-leader.ts`): kafkajs·librdkafka는 메타데이터를 새로 받아 다시 보내고, 새 클라이언트는 곧바로 그 리더에게 보냅니다.
 *
 * 구현하지 않은 것: 쿼터(throttle), 트랜잭션에 더하지 않은 파티션에 쓴 트랜잭션 배치의 검사(KIP-890).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type ProduceRequest,
  type ProduceResponseInput,
  produceRequest,
  produceResponse,
} from '../protocol/messages/00-produce.js';
import { batchSize, readBatchHeader } from '../record/batch-header.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { josa } from '../server/josa.js';
import { defineApi, NO_RESPONSE, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';
import { CurrentLeaders } from './current-leader.js';

type PartitionResponse = ProduceResponseInput['responses'][number]['partitionResponses'][number];

export async function handleProduce(
  request: ProduceRequest,
  ctx: RequestContext,
): Promise<ProduceResponseInput | typeof NO_RESPONSE> {
  const { replicaManager } = ctx.broker;
  const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
  // 0. 권한 (Kafka `KafkaApis.handleProduceRequest`): 트랜잭션 ID에 WRITE가 없으면 모든 파티션이
  //    TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 토픽에 WRITE가 없으면 그 토픽의 파티션이 TOPIC_AUTHORIZATION_FAILED입니다.
  const txnDenied =
    request.transactionalId !== null &&
    !authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId);
  const writable = filterByAuthorized(
    ctx,
    AclOperation.WRITE,
    ResourceType.TOPIC,
    request.topicData.map((t) => t.name),
  );
  // 1. 파티션마다 리더 로그에 씁니다.
  const written = request.topicData.map((topic) =>
    topic.partitionData.map((p) => {
      if (txnDenied) return failed(p.index, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, null);
      if (!writable.has(topic.name)) return failed(p.index, ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
      if (!validAcks)
        return failed(
          p.index,
          ErrorCode.INVALID_REQUIRED_ACKS,
          `${josa(`acks=${request.acks}`, '은/는')} 0, 1, -1이 아닙니다`,
        );
      const problem = oneBatchProblem(p.records);
      if (problem) return failed(p.index, ErrorCode.INVALID_RECORD, problem);
      const result = replicaManager.appendRecords(topic.name, p.index, p.records as Buffer, 'client', request.acks);
      if (result.errorCode !== ErrorCode.NONE || !('baseOffset' in result)) {
        return failed(p.index, result.errorCode, result.errorMessage);
      }
      return { ...result, index: p.index, topic: topic.name, partition: p.index };
    }),
  );
  if (request.acks === 0) return NO_RESPONSE;
  // 2. acks=all이면 ISR 모두가 가질 때까지 기다립니다 (퍼거토리). 제때 못 가진 파티션은 REQUEST_TIMED_OUT입니다.
  const appended = written.flat().filter((r) => 'lastOffset' in r);
  // 하나도 쓰지 않았으면(모두 거절) 기다릴 것이 없습니다.
  const ackErrors =
    appended.length === 0 ? [] : await replicaManager.awaitAcks(request.acks, appended, request.timeoutMs);
  const ackError = new Map(appended.map((r, i) => [r, ackErrors[i] ?? ErrorCode.NONE]));
  const leaders = new CurrentLeaders(ctx.broker.metadata, ctx.connection.listener);
  // KIP-951: 리더가 아니라는 답에는 지금의 리더를 싣습니다 (v10+).
  const withLeader = (topic: string, r: PartitionResponse): PartitionResponse =>
    ctx.apiVersion >= 10 && r.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER
      ? { ...r, currentLeader: leaders.leaderOf(topic, r.index) }
      : r;
  const responses = request.topicData.map((topic, t) => ({
    name: topic.name,
    partitionResponses: (written[t] ?? []).map((r): PartitionResponse => {
      if (!('lastOffset' in r)) return withLeader(topic.name, r);
      const errorCode = ackError.get(r) ?? ErrorCode.NONE;
      if (errorCode !== ErrorCode.NONE) return withLeader(topic.name, failed(r.index, errorCode, null));
      return {
        index: r.index,
        errorCode: ErrorCode.NONE,
        baseOffset: r.baseOffset,
        logAppendTimeMs: r.logAppendTimeMs,
        logStartOffset: r.logStartOffset,
      };
    }),
  }));
  return { throttleTimeMs: 0, responses, nodeEndpoints: leaders.nodeEndpoints };
}

/** Produce v3+의 규칙: 파티션마다 레코드 배치가 정확히 하나 (Kafka: ProduceRequest.validateRecords) */
function oneBatchProblem(records: Buffer | null): string | null {
  if (!records || records.length === 0) return '레코드 배치가 없습니다';
  const header = readBatchHeader(records);
  if (header && batchSize(header) < records.length) return 'Produce v3+의 파티션에는 레코드 배치가 하나만 와야 합니다';
  return null;
}

function failed(index: number, errorCode: number, errorMessage: string | null): PartitionResponse {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, errorMessage };
}

export const produceApi = defineApi({
  key: ApiKey.Produce,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 11,
  request: produceRequest,
  response: produceResponse,
  handle: handleProduce,
});
