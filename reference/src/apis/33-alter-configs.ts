/**
 * AlterConfigs (API 키 33), 버전 0–2.
 *
 * 자원(토픽 또는 브로커)마다 동적 설정을 요청의 것으로 **통째로** 바꿉니다: 요청에 없는 설정은 지워집니다. kafkajs
 * 2.2.4의 `admin.alterConfigs`가 이 API를 씁니다. 설정 하나만 바꾸려면 IncrementalAlterConfigs(44)가 맞습니다.
 *
 * 처리 순서는 Kafka의 KRaft 브로커와 같습니다 (`KafkaApis.handleAlterConfigsRequest`):
 *   1. 받은 브로커의 검사 (server/config-admin-manager.ts, `ConfigAdminManager.preprocess`)
 *   2. 통과한 자원을 컨트롤러가 판단하고 ConfigRecord로 메타데이터 로그에 적습니다 (metadata/config-control.ts,
 *      `ConfigurationControlManager.legacyAlterConfigs`). validateOnly면 검사만 하고 적지 않습니다.
 *   3. 자원의 요청 순서대로 답합니다 (`reassembleLegacyResponse`).
 * 적힌 설정은 메타데이터 재생으로 곧바로 실행 중인 파티션 로그와 브로커에 적용됩니다 (broker.ts).
 *
 * 구현하지 않은 것: 권한 검사, AlterConfigPolicy.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type AlterConfigsRequest,
  type AlterConfigsResponseInput,
  alterConfigsRequest,
  alterConfigsResponse,
} from '../protocol/messages/33-alter-configs.js';
import { reassembleResponses } from '../server/config-admin-manager.js';
import { defineApi, type RequestContext } from './api.js';

export async function handleAlterConfigs(
  request: AlterConfigsRequest,
  ctx: RequestContext,
): Promise<AlterConfigsResponseInput> {
  const preprocessed = ctx.broker.configAdmin.preprocessLegacy(request.resources);
  return {
    throttleTimeMs: 0,
    responses: await reassembleResponses(request.resources, preprocessed, (changes) =>
      ctx.broker.controller.legacyAlterConfigs(changes, request.validateOnly),
    ),
  };
}

export const alterConfigsApi = defineApi({
  key: ApiKey.AlterConfigs,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 2,
  request: alterConfigsRequest,
  response: alterConfigsResponse,
  handle: handleAlterConfigs,
});
