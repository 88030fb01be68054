/**
 * InitProducerId (API 키 22), 버전 0–5.
 *
 * 멱등 프로듀서(enable.idempotence=true, Kafka 3.0부터 기본값)가 처음 보내는 요청입니다. 브로커는 겹치지 않는
 * 프로듀서 ID와 에포크 0을 줍니다. 프로듀서는 이후 배치마다 (ID, 에포크, 시퀀스)를 붙이고, 파티션 리더는 그것으로
 * 재전송된 배치를 알아봐 한 번만 씁니다 (producer/producer-state.ts).
 *
 * v3+에서 이미 받은 ID와 에포크를 보내면(KIP-360) 같은 ID에 에포크를 하나 올려 줍니다: 시퀀스를 0부터
 * 다시 시작하게 해, 시퀀스가 꼬인 프로듀서가 ID를 잃지 않고 되살아나게 합니다.
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
import { fencedErrorForVersion } from '../transaction/transaction-service.js';
import { defineApi, type RequestContext } from './api.js';

const MAX_EPOCH = 32767;

export async function handleInitProducerId(
  request: InitProducerIdRequest,
  ctx: RequestContext,
): Promise<InitProducerIdResponseInput> {
  if (request.transactionalId !== null) {
    const result = await ctx.broker.transactions.initProducerId(request.transactionalId, request.transactionTimeoutMs);
    return { throttleTimeMs: 0, ...result, errorCode: fencedErrorForVersion(result.errorCode, ctx.apiVersion, 4) };
  }
  if (request.producerId >= 0 && request.producerEpoch >= 0 && request.producerEpoch < MAX_EPOCH) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      producerId: request.producerId,
      producerEpoch: request.producerEpoch + 1,
    };
  }
  const producerId = await ctx.broker.producerIds.generate();
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
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
