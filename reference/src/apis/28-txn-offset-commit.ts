/**
 * TxnOffsetCommit (API 키 28), 버전 0–4.
 *
 * 트랜잭션 프로듀서가 그룹 코디네이터에게 "이 오프셋을 내 트랜잭션과 함께 커밋해 달라"고 보냅니다 (kafkajs의
 * `transaction.sendOffsets`). 코디네이터는 오프셋 레코드를 프로듀서의 트랜잭션 배치로 `__consumer_offsets`에 쓰지만,
 * 트랜잭션의 COMMIT 마커가 그 파티션에 써질 때까지는 보여 주지 않습니다 (group/group-service.ts).
 *
 * 검사 순서: 코디네이터인지 → (v3+에서 멤버를 보냈으면) 멤버·세대 → 파티션마다 토픽이 있는지.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type TxnOffsetCommitRequest,
  type TxnOffsetCommitResponseInput,
  txnOffsetCommitRequest,
  txnOffsetCommitResponse,
} from '../protocol/messages/28-txn-offset-commit.js';
import { commitEntries, commitResponse } from './08-offset-commit.js';
import { defineApi, type RequestContext } from './api.js';

export function handleTxnOffsetCommit(
  request: TxnOffsetCommitRequest,
  ctx: RequestContext,
): TxnOffsetCommitResponseInput {
  const entries = commitEntries(request.topics, ctx.broker.metadata);
  const known = entries.flat().filter((e) => e.errorCode === ErrorCode.NONE);
  const codes = ctx.broker.groups.commitTransactionalOffsets(
    request.groupId,
    { producerId: request.producerId, producerEpoch: request.producerEpoch },
    { memberId: request.memberId, groupInstanceId: request.groupInstanceId, generationId: request.generationId },
    known,
  );
  return { throttleTimeMs: 0, topics: commitResponse(request.topics, entries, known, codes) };
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
