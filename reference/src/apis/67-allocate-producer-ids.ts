/**
 * AllocateProducerIds (API 키 67), 버전 0. 컨트롤러 리스너에서만 받습니다 (브로커끼리만 쓰는 요청).
 *
 * 브로커의 `ProducerIdManager`가 멱등·트랜잭션 프로듀서에게 나눠 줄 프로듀서 ID가 떨어지면 활성 컨트롤러에게 한 묶음
 * (1000개)을 받습니다 (KIP-730, Kafka `RPCProducerIdManager`). 컨트롤러는 다음에 줄 첫 ID를 ProducerIdsRecord로 적고,
 * 커밋된 뒤 답합니다. 그래서 리더가 바뀌거나 다시 켜져도 같은 ID를 두 번 주지 않습니다.
 *
 * 판단은 `QuorumController.allocateProducerIds` → `ProducerIdControlManager.generateNextProducerId` (Kafka
 * `ControllerApis.handleAllocateProducerIdsRequest`): 브로커 에포크가 지금 등록의 것이 아니면 STALE_BROKER_EPOCH,
 * 활성 컨트롤러가 아니면 NOT_CONTROLLER.
 */
import { PRODUCER_ID_BLOCK_SIZE } from '../producer/producer-id-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type AllocateProducerIdsRequest,
  type AllocateProducerIdsResponseInput,
  allocateProducerIdsRequest,
  allocateProducerIdsResponse,
} from '../protocol/messages/67-allocate-producer-ids.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export async function handleAllocateProducerIds(
  request: AllocateProducerIdsRequest,
  ctx: ControllerRequestContext,
): Promise<AllocateProducerIdsResponseInput> {
  const result = await ctx.controller.allocateProducerIds(
    request.brokerId,
    request.brokerEpoch,
    PRODUCER_ID_BLOCK_SIZE,
  );
  return result.ok
    ? {
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        producerIdStart: result.firstProducerId,
        producerIdLen: PRODUCER_ID_BLOCK_SIZE,
      }
    : { throttleTimeMs: 0, errorCode: result.error, producerIdStart: -1, producerIdLen: -1 };
}

export const allocateProducerIdsApi = defineApi<
  typeof allocateProducerIdsRequest,
  typeof allocateProducerIdsResponse,
  ControllerRequestContext
>({
  key: ApiKey.AllocateProducerIds,
  name: 'AllocateProducerIds',
  minVersion: 0,
  maxVersion: 0,
  request: allocateProducerIdsRequest,
  response: allocateProducerIdsResponse,
  handle: handleAllocateProducerIds,
});
