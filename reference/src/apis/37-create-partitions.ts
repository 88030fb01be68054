/**
 * CreatePartitions (API 키 37), 버전 0–3. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 토픽의 파티션 수를 늘립니다. 줄일 수는 없습니다: 키의 해시로 파티션을 고르므로, 파티션 수가 바뀌면
 * 같은 키가 다른 파티션으로 가서 키별 순서가 깨지기 때문입니다 (늘릴 때도 새 레코드부터는 그렇습니다).
 *
 * - 브로커 리스너: 받은 요청을 그대로 활성 컨트롤러에게 넘깁니다 (CreateTopics와 같은 길, `19-create-topics.ts`).
 * - 컨트롤러 리스너 (Kafka `ControllerApis.createPartitions`): `QuorumController`가 판단하고 커밋된 뒤 답합니다.
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type CreatePartitionsRequest,
  type CreatePartitionsResponseInput,
  createPartitionsRequest,
  createPartitionsResponse,
} from '../protocol/messages/37-create-partitions.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { filterByAuthorized } from './auth-helper.js';

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleCreatePartitions(
  request: CreatePartitionsRequest,
  ctx: RequestContext,
): Promise<CreatePartitionsResponseInput> {
  // Kafka `KafkaApis.handleCreatePartitionsRequest`: 토픽의 ALTER. 허락된 토픽만 컨트롤러에게 넘깁니다.
  const alterable = filterByAuthorized(
    ctx,
    AclOperation.ALTER,
    ResourceType.TOPIC,
    request.topics.map((t) => t.name),
  );
  const allowed = request.topics.filter((t) => alterable.has(t.name));
  const forwarded =
    allowed.length === 0
      ? { results: [] }
      : ((await ctx.broker.forward({
          apiKey: ApiKey.CreatePartitions,
          apiVersion: ctx.apiVersion,
          body: { ...request, topics: allowed },
        })) as CreatePartitionsResponseInput | null);
  const results = [...(forwarded?.results ?? [])];
  return {
    throttleTimeMs: 0,
    results: request.topics.map((t) => {
      if (!alterable.has(t.name)) {
        return {
          name: t.name,
          errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
          errorMessage: 'The topic authorization is failed.',
        };
      }
      return (
        results.shift() ?? {
          name: t.name,
          errorCode: ErrorCode.REQUEST_TIMED_OUT,
          errorMessage: '활성 컨트롤러에게서 답을 받지 못했습니다',
        }
      );
    }),
  };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export async function handleControllerCreatePartitions(
  request: CreatePartitionsRequest,
  ctx: ControllerRequestContext,
): Promise<CreatePartitionsResponseInput> {
  const outcomes = await ctx.controller.createPartitions(request.topics, request.validateOnly);
  return {
    throttleTimeMs: 0,
    results: outcomes.map((o) => ({ name: o.name, errorCode: o.errorCode, errorMessage: o.errorMessage })),
  };
}

const range = {
  key: ApiKey.CreatePartitions,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 3,
  request: createPartitionsRequest,
  response: createPartitionsResponse,
} as const;

export const createPartitionsApi = defineApi({ ...range, handle: handleCreatePartitions });

export const controllerCreatePartitionsApi = defineApi<
  typeof createPartitionsRequest,
  typeof createPartitionsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerCreatePartitions });
