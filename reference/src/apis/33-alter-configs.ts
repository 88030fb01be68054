/**
 * AlterConfigs (API 키 33), 버전 0–2. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 자원(토픽 또는 브로커)마다 동적 설정을 요청의 것으로 **통째로** 바꿉니다: 요청에 없는 설정은 지워집니다. kafkajs
 * 2.2.4의 `admin.alterConfigs`가 이 API를 씁니다. 설정 하나만 바꾸려면 IncrementalAlterConfigs(44)가 맞습니다.
 *
 * 처리 순서는 Kafka의 KRaft 브로커와 같습니다 (`KafkaApis.handleAlterConfigsRequest`):
 *   1. 받은 브로커의 검사 (server/config-admin-manager.ts, `ConfigAdminManager.preprocess`)
 *   2. 통과한 자원만 담은 같은 API의 요청을 활성 컨트롤러에게 넘깁니다 (`19-create-topics.ts`와 같은 길). 컨트롤러
 *      리스너(`ControllerApis.handleLegacyAlterConfigs`)에서 `QuorumController`가 판단하고 ConfigRecord로 메타데이터
 *      로그에 적습니다 (metadata/config-control.ts, `ConfigurationControlManager.legacyAlterConfigs`). validateOnly면
 *      검사만 하고 적지 않습니다.
 *   3. 자원의 요청 순서대로 답합니다 (`reassembleLegacyResponse`).
 * 적힌 설정은 메타데이터 재생으로 곧바로 실행 중인 파티션 로그와 브로커에 적용됩니다 (node/broker-server.ts).
 *
 * 구현하지 않은 것: AlterConfigPolicy.
 */
import type { ConfigResource } from '../metadata/config-control.js';
import { ApiKey } from '../protocol/api-keys.js';
import {
  type AlterConfigsRequest,
  type AlterConfigsResponseInput,
  alterConfigsRequest,
  alterConfigsResponse,
} from '../protocol/messages/33-alter-configs.js';
import { AclOperation } from '../security/acl.js';
import {
  configResourceOf,
  forwardedOutcomes,
  ResourceType,
  reassembleResponses,
  withoutPreprocessed,
} from '../server/config-admin-manager.js';
import { inRequestOrder } from './44-incremental-alter-configs.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { configResourceDenial } from './auth-helper.js';

/** 브로커 리스너: 검사하고, 통과한 자원을 활성 컨트롤러에게 넘깁니다. */
export async function handleAlterConfigs(
  request: AlterConfigsRequest,
  ctx: RequestContext,
): Promise<AlterConfigsResponseInput> {
  const preprocessed = ctx.broker.configAdmin.preprocessLegacy(request.resources).map((p) => {
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
        apiKey: ApiKey.AlterConfigs,
        apiVersion: ctx.apiVersion,
        body: { ...request, resources },
      });
      return forwardedOutcomes(changes, forwarded as AlterConfigsResponseInput | null);
    }),
  };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export async function handleControllerAlterConfigs(
  request: AlterConfigsRequest,
  ctx: ControllerRequestContext,
): Promise<AlterConfigsResponseInput> {
  const known: { resource: ConfigResource; configs: { name: string; value: string }[] }[] = [];
  for (const r of request.resources) {
    const resource = configResourceOf(r.resourceType, r.resourceName);
    // 값이 null인 설정은 받은 브로커의 검사가 거절합니다 ("Null value not supported").
    if (resource) known.push({ resource, configs: r.configs.map((c) => ({ name: c.name, value: c.value ?? '' })) });
  }
  const outcomes = await ctx.controller.legacyAlterConfigs(known, request.validateOnly);
  return { throttleTimeMs: 0, responses: inRequestOrder(request.resources, outcomes) };
}

const range = {
  key: ApiKey.AlterConfigs,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 2,
  request: alterConfigsRequest,
  response: alterConfigsResponse,
} as const;

export const alterConfigsApi = defineApi({ ...range, handle: handleAlterConfigs });

export const controllerAlterConfigsApi = defineApi<
  typeof alterConfigsRequest,
  typeof alterConfigsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerAlterConfigs });
