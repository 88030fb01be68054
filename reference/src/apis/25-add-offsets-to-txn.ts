/**
 * AddOffsetsToTxn (API 키 25), 버전 0–4.
 *
 * consume-transform-produce: 읽은 위치(오프셋 커밋)도 트랜잭션에 넣으려면, 프로듀서는 먼저 그룹의 `__consumer_offsets`
 * 파티션을 트랜잭션에 더합니다. 그 파티션에도 마커가 써지고, 그때 TxnOffsetCommit으로 보낸 오프셋이 커밋됩니다.
 * 그다음 프로듀서는 그룹 코디네이터에게 TxnOffsetCommit(28)을 보냅니다.
 */

import { OFFSETS_TOPIC } from '../group/offsets-topic.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type AddOffsetsToTxnRequest,
  type AddOffsetsToTxnResponseInput,
  addOffsetsToTxnRequest,
  addOffsetsToTxnResponse,
} from '../protocol/messages/25-add-offsets-to-txn.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { fencedErrorForVersion } from '../transaction/transaction-service.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export async function handleAddOffsetsToTxn(
  request: AddOffsetsToTxnRequest,
  ctx: RequestContext,
): Promise<AddOffsetsToTxnResponseInput> {
  const { groups, transactions } = ctx.broker;
  // Kafka `KafkaApis.handleAddOffsetsToTxnRequest`: 트랜잭션 ID의 WRITE, 그다음 그룹의 READ.
  if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
  }
  if (!authorize(ctx, AclOperation.READ, ResourceType.GROUP, request.groupId)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
  }
  // 그룹이 처음이면 `__consumer_offsets`가 아직 없을 수 있습니다: 마커를 쓸 파티션이 있어야 합니다.
  await groups.findCoordinator(request.groupId);
  const partition = { topic: OFFSETS_TOPIC, partition: groups.partitionFor(request.groupId) };
  const errorCode = await transactions.addPartitions(
    request.transactionalId,
    request.producerId,
    request.producerEpoch,
    [partition],
  );
  return { throttleTimeMs: 0, errorCode: fencedErrorForVersion(errorCode, ctx.apiVersion, 2) };
}

export const addOffsetsToTxnApi = defineApi({
  key: ApiKey.AddOffsetsToTxn,
  name: 'AddOffsetsToTxn',
  minVersion: 0,
  maxVersion: 4,
  request: addOffsetsToTxnRequest,
  response: addOffsetsToTxnResponse,
  handle: handleAddOffsetsToTxn,
});
