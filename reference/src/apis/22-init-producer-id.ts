/**
 * InitProducerId (API 키 22), 버전 0–5.
 *
 * 멱등 프로듀서(enable.idempotence=true, Kafka 3.0부터 기본값)가 처음 보내는 요청입니다. 브로커는 겹치지 않는
 * 프로듀서 ID와 에포크 0을 줍니다. 프로듀서는 이후 배치마다 (ID, 에포크, 시퀀스)를 붙이고, 파티션 리더는 그것으로
 * 재전송된 배치를 알아봐 한 번만 씁니다 (producer/producer-state.ts).
 *
 * 멱등 프로듀서가 v3+에서 이미 받은 ID와 에포크를 보내도(KIP-360) 브로커는 새 ID를 줍니다: 멱등 프로듀서의 에포크는
 * 클라이언트가 스스로 올립니다. 트랜잭션 프로듀서가 보낸 ID와 에포크는 코디네이터가 장부와 맞춰 봅니다.
 *
 * transactionalId가 있으면(트랜잭션 프로듀서, 10장) 트랜잭션 코디네이터가 답합니다: 같은 ID의 프로듀서 ID를 돌려주고
 * 에포크를 올려, 같은 ID로 살아 있던 옛 프로듀서(좀비)를 막습니다 (transaction/transaction-service.ts).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type InitProducerIdRequest,
  type InitProducerIdResponseInput,
  initProducerIdRequest,
  initProducerIdResponse,
} from '../protocol/messages/22-init-producer-id.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { fencedErrorForVersion } from '../transaction/transaction-service.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize, authorizeByResourceType } from './auth-helper.js';

export async function handleInitProducerId(
  request: InitProducerIdRequest,
  ctx: RequestContext,
): Promise<InitProducerIdResponseInput> {
  const fail = (errorCode: number) => ({ throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 });
  // Kafka `KafkaApis.handleInitProducerIdRequest`: 트랜잭션 프로듀서는 트랜잭션 ID의 WRITE, 멱등 프로듀서는 클러스터
  // IDEMPOTENT_WRITE 또는 어느 토픽에든 WRITE가 있어야 합니다.
  if (request.transactionalId !== null) {
    if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId)) {
      return fail(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    }
  } else if (
    !authorize(ctx, AclOperation.IDEMPOTENT_WRITE) &&
    !authorizeByResourceType(ctx, AclOperation.WRITE, ResourceType.TOPIC)
  ) {
    return fail(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  }
  // (-1, -1)은 "없음"이고, 둘 중 하나만 -1이면 잘못된 요청입니다 (Kafka: KafkaApis.handleInitProducerIdRequest).
  const given = request.producerId !== -1 || request.producerEpoch !== -1;
  if (given && (request.producerId === -1 || request.producerEpoch === -1)) return fail(ErrorCode.INVALID_REQUEST);
  if (request.transactionalId === null) {
    // 멱등 프로듀서에게는 보낸 값과 상관없이 언제나 새 프로듀서 ID와 에포크 0을 줍니다 (Kafka:
    // TransactionCoordinator.handleInitProducerId). 에포크를 스스로 올리는 것은 클라이언트의 일입니다(KIP-360).
    const producerId = await ctx.broker.producerIds.generate();
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
  }
  const expected = given ? { producerId: request.producerId, producerEpoch: request.producerEpoch } : null;
  const result = await ctx.broker.transactions.initProducerId(
    request.transactionalId,
    request.transactionTimeoutMs,
    expected,
  );
  return { throttleTimeMs: 0, ...result, errorCode: fencedErrorForVersion(result.errorCode, ctx.apiVersion, 4) };
}

export const initProducerIdApi = defineApi({
  key: ApiKey.InitProducerId,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 5,
  request: initProducerIdRequest,
  response: initProducerIdResponse,
  handle: handleInitProducerId,
});
