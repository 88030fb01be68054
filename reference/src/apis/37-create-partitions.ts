/**
 * CreatePartitions (API 키 37), 버전 0–3.
 *
 * 토픽의 파티션 수를 늘립니다. 줄일 수는 없습니다: 키의 해시로 파티션을 고르므로, 파티션 수가 바뀌면
 * 같은 키가 다른 파티션으로 가서 키별 순서가 깨지기 때문입니다 (늘릴 때도 새 레코드부터는 그렇습니다).
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type CreatePartitionsRequest,
  type CreatePartitionsResponseInput,
  createPartitionsRequest,
  createPartitionsResponse,
} from '../protocol/messages/37-create-partitions.js';
import { defineApi, type RequestContext } from './api.js';

export async function handleCreatePartitions(
  request: CreatePartitionsRequest,
  ctx: RequestContext,
): Promise<CreatePartitionsResponseInput> {
  const outcomes = await ctx.broker.controller.createPartitions(request.topics, request.validateOnly);
  return {
    throttleTimeMs: 0,
    results: outcomes.map((o) => ({ name: o.name, errorCode: o.errorCode, errorMessage: o.errorMessage })),
  };
}

export const createPartitionsApi = defineApi({
  key: ApiKey.CreatePartitions,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 3,
  request: createPartitionsRequest,
  response: createPartitionsResponse,
  handle: handleCreatePartitions,
});
