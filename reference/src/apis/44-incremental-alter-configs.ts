/**
 * IncrementalAlterConfigs (API 키 44), 버전 0–1. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 자원(토픽 또는 브로커)마다 적힌 설정만 바꿉니다. 연산: SET(0), DELETE(1, 기본값으로 돌아감), APPEND(2)와
 * SUBTRACT(3, 목록 타입 설정에 항목을 더하고 빼기 — `cleanup.policy`에 compact 더하기). `kafka-configs.sh --alter`와
 * @platformatic/kafka의 `admin.incrementalAlterConfigs`가 씁니다.
 *
 * - 브로커 리스너 (`KafkaApis.handleIncrementalAlterConfigsRequest`): 받은 브로커가 먼저 검사하고
 *   (server/config-admin-manager.ts), 통과한 자원만 담은 같은 API의 요청을 활성 컨트롤러에게 넘긴 뒤
 *   (`19-create-topics.ts`와 같은 길), 요청의 자원 순서대로 답을 모읍니다.
 * - 컨트롤러 리스너 (`ControllerApis.handleIncrementalAlterConfigs`): `QuorumController`가 판단하고
 *   (metadata/config-control.ts, `ConfigurationControlManager.incrementalAlterConfigs`) ConfigRecord를 적습니다.
 *   validateOnly면 적지 않습니다.
 *
 * 구현하지 않은 것: AlterConfigPolicy, BROKER_LOGGER 자원(실행 중 log4j 수준 바꾸기).
 */
import type { ConfigOp, ConfigResource } from '../metadata/config-control.js';
import type { ConfigOutcome } from '../metadata/controller.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type IncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsResponseInput,
  incrementalAlterConfigsRequest,
  incrementalAlterConfigsResponse,
} from '../protocol/messages/44-incremental-alter-configs.js';
import { AclOperation } from '../security/acl.js';
import {
  configResourceOf,
  forwardedOutcomes,
  ResourceType,
  reassembleResponses,
  withoutPreprocessed,
} from '../server/config-admin-manager.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { configResourceDenial } from './auth-helper.js';

/** 브로커 리스너: 검사하고, 통과한 자원을 활성 컨트롤러에게 넘깁니다. */
export async function handleIncrementalAlterConfigs(
  request: IncrementalAlterConfigsRequest,
  ctx: RequestContext,
): Promise<IncrementalAlterConfigsResponseInput> {
  const preprocessed = ctx.broker.configAdmin.preprocessIncremental(request.resources).map((p) => {
    // Kafka `KafkaApis.authorizeAlterResource`: 검사를 통과한 자원마다 ALTER_CONFIGS (브로커는 클러스터, 토픽은 그 토픽)
    if ('error' in p) return p;
    const type = p.resource.type === 'topic' ? ResourceType.TOPIC : ResourceType.BROKER;
    const denial = configResourceDenial(ctx, AclOperation.ALTER_CONFIGS, type, p.resource.name);
    return denial === null ? p : { error: { errorCode: denial, errorMessage: null } };
  });
  return {
    throttleTimeMs: 0,
    responses: await reassembleResponses(request.resources, preprocessed, async (changes) => {
      const resources = withoutPreprocessed(request.resources, preprocessed);
      const forwarded = await ctx.broker.forward({
        apiKey: ApiKey.IncrementalAlterConfigs,
        apiVersion: ctx.apiVersion,
        body: { ...request, resources },
      });
      return forwardedOutcomes(changes, forwarded as IncrementalAlterConfigsResponseInput | null);
    }),
  };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export async function handleControllerIncrementalAlterConfigs(
  request: IncrementalAlterConfigsRequest,
  ctx: ControllerRequestContext,
): Promise<IncrementalAlterConfigsResponseInput> {
  const known: { resource: ConfigResource; ops: ConfigOp[] }[] = [];
  for (const r of request.resources) {
    const resource = configResourceOf(r.resourceType, r.resourceName);
    if (resource) {
      known.push({ resource, ops: r.configs.map((c) => ({ name: c.name, op: c.configOperation, value: c.value })) });
    }
  }
  const outcomes = await ctx.controller.incrementalAlterConfigs(known, request.validateOnly);
  return { throttleTimeMs: 0, responses: inRequestOrder(request.resources, outcomes) };
}

/** 자원마다의 결과를 요청의 순서대로. 컨트롤러가 판단하지 않는 종류는 INVALID_REQUEST */
export function inRequestOrder(
  resources: readonly { readonly resourceType: number; readonly resourceName: string }[],
  outcomes: readonly ConfigOutcome[],
) {
  let next = 0;
  return resources.map(({ resourceType, resourceName }) => {
    const outcome = configResourceOf(resourceType, resourceName) ? outcomes[next++] : undefined;
    return {
      resourceType,
      resourceName,
      errorCode: outcome ? outcome.errorCode : ErrorCode.INVALID_REQUEST,
      errorMessage: outcome ? outcome.errorMessage : `Unknown resource type ${resourceType}`,
    };
  });
}

const range = {
  key: ApiKey.IncrementalAlterConfigs,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  request: incrementalAlterConfigsRequest,
  response: incrementalAlterConfigsResponse,
} as const;

export const incrementalAlterConfigsApi = defineApi({ ...range, handle: handleIncrementalAlterConfigs });

export const controllerIncrementalAlterConfigsApi = defineApi<
  typeof incrementalAlterConfigsRequest,
  typeof incrementalAlterConfigsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerIncrementalAlterConfigs });
