/**
 * TxnOffsetCommit (API 키 28), 버전 0–4.
 *
 * 트랜잭션 프로듀서가 그룹 코디네이터에게 "이 오프셋을 내 트랜잭션과 함께 커밋해 달라"고 보냅니다 (kafkajs의
 * `transaction.sendOffsets`). 코디네이터는 오프셋 레코드를 프로듀서의 트랜잭션 배치로 `__consumer_offsets`에 쓰지만,
 * 트랜잭션의 COMMIT 마커가 그 파티션에 써질 때까지는 보여 주지 않습니다 (group/group-service.ts).
 *
 * 검사 순서: 파티션마다 토픽이 있는지 → 그룹 ID가 비었는지 → 트랜잭션 코디네이터의 확인(이 트랜잭션에 오프셋 파티션이
 * 들어 있는지) → 그룹 코디네이터인지 → (멤버를 보냈으면) 멤버·세대. 트랜잭션 커밋은 그룹의 리밸런스 상태에는 묶이지 않습니다.
 */
import { OFFSETS_TOPIC } from '../group/offsets-topic.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type TxnOffsetCommitRequest,
  type TxnOffsetCommitResponseInput,
  txnOffsetCommitRequest,
  txnOffsetCommitResponse,
} from '../protocol/messages/28-txn-offset-commit.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { commitEntries, commitResponse, everyPartition, whenDurable } from './08-offset-commit.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';

export async function handleTxnOffsetCommit(
  request: TxnOffsetCommitRequest,
  ctx: RequestContext,
): Promise<TxnOffsetCommitResponseInput> {
  // Kafka `KafkaApis.handleTxnOffsetCommitRequest`: 트랜잭션 ID의 WRITE, 그룹의 READ, 토픽의 READ 순서로 묻습니다.
  if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) {
    return {
      throttleTimeMs: 0,
      topics: everyPartition(request.topics, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED),
    };
  }
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
  const verification = known.length === 0 || request.groupId === '' ? ErrorCode.NONE : verifyTransaction(request, ctx);
  const written =
    verification !== ErrorCode.NONE
      ? known.map(() => verification)
      : ctx.broker.groups.commitTransactionalOffsets(
          request.groupId,
          { producerId: request.producerId, producerEpoch: request.producerEpoch },
          { memberId: request.memberId, groupInstanceId: request.groupInstanceId, generationId: request.generationId },
          known,
        );
  const codes = await whenDurable(ctx, request.groupId, written);
  return { throttleTimeMs: 0, topics: commitResponse(request.topics, entries, known, codes) };
}

/**
 * 오프셋을 쓰기 전에, 그룹의 `__consumer_offsets` 파티션이 이 프로듀서의 진행 중인 트랜잭션에 들어 있는지 트랜잭션
 * 코디네이터에게 확인합니다 (KIP-890, Kafka: CoordinatorRuntime.scheduleTransactionalWriteOperation →
 * AddPartitionsToTxnManager). AddOffsetsToTxn 없이 온 오프셋이 어느 트랜잭션의 마커도 받지 못한 채 남지 않게요.
 * 답은 클라이언트 버전이 아는 코드로 바꿉니다: PRODUCER_FENCED → INVALID_PRODUCER_EPOCH, TRANSACTION_ABORTABLE → v4 전에는
 * INVALID_TXN_STATE.
 */
function verifyTransaction(request: TxnOffsetCommitRequest, ctx: RequestContext): number {
  const { groups, transactions } = ctx.broker;
  const partition = { topic: OFFSETS_TOPIC, partition: groups.partitionFor(request.groupId) };
  const [code = ErrorCode.NONE] = transactions.verifyPartitions(
    request.transactionalId,
    request.producerId,
    request.producerEpoch,
    [partition],
  );
  if (code === ErrorCode.PRODUCER_FENCED) return ErrorCode.INVALID_PRODUCER_EPOCH;
  if (code === ErrorCode.TRANSACTION_ABORTABLE && ctx.apiVersion < 4) return ErrorCode.INVALID_TXN_STATE;
  return code;
}

export const txnOffsetCommitApi = defineApi({
  key: ApiKey.TxnOffsetCommit,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 4,
  request: txnOffsetCommitRequest,
  response: txnOffsetCommitResponse,
  handle: handleTxnOffsetCommit,
});
