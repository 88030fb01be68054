/**
 * EndTxn (API 키 26), 버전 0–4.
 *
 * 프로듀서가 트랜잭션을 끝냅니다: committed가 true면 커밋, false면 어보트. 코디네이터는 PrepareCommit(또는
 * PrepareAbort)을 `__transaction_state`에 적고 — 이 순간 결과가 정해집니다 — 트랜잭션의 파티션마다 마커를 쓴 뒤
 * CompleteCommit(CompleteAbort)을 적습니다. 응답을 잃은 프로듀서가 같은 EndTxn을 다시 보내면 그대로 성공입니다.
 *
 * 오류: 옛 에포크 → PRODUCER_FENCED (좀비), 다른 프로듀서 ID → INVALID_PRODUCER_ID_MAPPING,
 * 다른 결과로 이미 끝남·진행 중인 트랜잭션 없음 → INVALID_TXN_STATE, 마커를 쓰는 중 → CONCURRENT_TRANSACTIONS.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type EndTxnRequest,
  type EndTxnResponseInput,
  endTxnRequest,
  endTxnResponse,
} from '../protocol/messages/26-end-txn.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { fencedErrorForVersion } from '../transaction/transaction-service.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export async function handleEndTxn(request: EndTxnRequest, ctx: RequestContext): Promise<EndTxnResponseInput> {
  // Kafka `KafkaApis.handleEndTxnRequest`: 트랜잭션 ID의 WRITE
  if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      producerId: -1,
      producerEpoch: -1,
    };
  }
  const errorCode = await ctx.broker.transactions.endTransaction(
    request.transactionalId,
    request.producerId,
    request.producerEpoch,
    request.committed,
  );
  return {
    throttleTimeMs: 0,
    errorCode: fencedErrorForVersion(errorCode, ctx.apiVersion, 2),
    producerId: -1,
    producerEpoch: -1,
  };
}

export const endTxnApi = defineApi({
  key: ApiKey.EndTxn,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 4,
  request: endTxnRequest,
  response: endTxnResponse,
  handle: handleEndTxn,
});
