/**
 * IncrementalAlterConfigs (API 키 44), 버전 0–1.
 *
 * 자원(토픽 또는 브로커)마다 적힌 설정만 바꿉니다. 연산: SET(0), DELETE(1, 기본값으로 돌아감), APPEND(2)와
 * SUBTRACT(3, 목록 타입 설정에 항목을 더하고 빼기 — `cleanup.policy`에 compact 더하기). `kafka-configs.sh --alter`와
 * @platformatic/kafka의 `admin.incrementalAlterConfigs`가 씁니다.
 *
 * 처리 순서는 AlterConfigs와 같습니다 (`KafkaApis.handleIncrementalAlterConfigsRequest`): 받은 브로커의 검사
 * (server/config-admin-manager.ts) → 컨트롤러의 판단과 ConfigRecord 쓰기(metadata/config-control.ts,
 * `ConfigurationControlManager.incrementalAlterConfigs`, validateOnly면 쓰지 않음) → 요청 순서대로 답하기.
 *
 * 구현하지 않은 것: 권한 검사, AlterConfigPolicy, BROKER_LOGGER 자원(실행 중 log4j 수준 바꾸기).
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type IncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsResponseInput,
  incrementalAlterConfigsRequest,
  incrementalAlterConfigsResponse,
} from '../protocol/messages/44-incremental-alter-configs.js';
import { reassembleResponses } from '../server/config-admin-manager.js';
import { defineApi, type RequestContext } from './api.js';

export async function handleIncrementalAlterConfigs(
  request: IncrementalAlterConfigsRequest,
  ctx: RequestContext,
): Promise<IncrementalAlterConfigsResponseInput> {
  const preprocessed = ctx.broker.configAdmin.preprocessIncremental(request.resources);
  return {
    throttleTimeMs: 0,
    responses: await reassembleResponses(request.resources, preprocessed, (changes) =>
      ctx.broker.controller.incrementalAlterConfigs(
        changes.map(({ resource, configs }) => ({ resource, ops: configs })),
        request.validateOnly,
      ),
    ),
  };
}

export const incrementalAlterConfigsApi = defineApi({
  key: ApiKey.IncrementalAlterConfigs,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  request: incrementalAlterConfigsRequest,
  response: incrementalAlterConfigsResponse,
  handle: handleIncrementalAlterConfigs,
});
