/**
 * DescribeConfigs (API 키 32), 버전 0–4.
 *
 * 토픽이나 브로커의 설정을 보여 줍니다. 토픽 설정은 토픽이 직접 정한 값이 없으면 브로커 설정
 * (예: retention.ms ← log.retention.ms)을 물려받는데, v1+의 synonyms가 그 물려받는 사슬을 보여 줍니다.
 *
 * 구현하지 않은 것: 브로커 로거(BROKER_LOGGER) 자원, 권한 검사.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeConfigsRequest,
  type DescribeConfigsResponseInput,
  describeConfigsRequest,
  describeConfigsResponse,
} from '../protocol/messages/32-describe-configs.js';
import {
  ConfigSource,
  type DescribedConfig,
  describeBrokerConfigs,
  describeTopicConfigs,
} from '../server/describe-configs.js';
import { defineApi, type RequestContext } from './api.js';

/** ConfigResource.Type */
const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

type Result = DescribeConfigsResponseInput['results'][number];

export function handleDescribeConfigs(
  request: DescribeConfigsRequest,
  ctx: RequestContext,
): DescribeConfigsResponseInput {
  return { throttleTimeMs: 0, results: request.resources.map((r) => describeResource(r, request, ctx)) };
}

function describeResource(
  resource: DescribeConfigsRequest['resources'][number],
  request: DescribeConfigsRequest,
  ctx: RequestContext,
): Result {
  const { metadata, config, nodeId } = ctx.broker;
  const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
  let configs: DescribedConfig[];
  if (resource.resourceType === ResourceType.TOPIC) {
    const topic = metadata.topic(resource.resourceName);
    if (!topic) {
      return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, configs: [] };
    }
    configs = describeTopicConfigs(topic, config);
  } else if (resource.resourceType === ResourceType.BROKER) {
    // 이름이 비어 있으면 클러스터 기본값을 묻는 것이고, 숫자면 그 브로커를 묻는 것입니다.
    if (resource.resourceName !== '' && resource.resourceName !== String(nodeId)) {
      return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: '이 브로커가 아닙니다', configs: [] };
    }
    configs = describeBrokerConfigs(config);
  } else {
    return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: '지원하지 않는 자원 종류', configs: [] };
  }
  const keys = resource.configurationKeys;
  return {
    ...base,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    configs: configs
      .filter((c) => keys === null || keys.includes(c.name))
      .map((c) => ({
        ...c,
        // v0에만 있는 필드 (v1부터는 configSource가 대신합니다)
        isDefault: ctx.apiVersion === 0 && c.configSource === ConfigSource.DEFAULT_CONFIG,
        synonyms: request.includeSynonyms ? c.synonyms : [],
        documentation: request.includeDocumentation ? c.documentation : null,
      })),
  };
}

export const describeConfigsApi = defineApi({
  key: ApiKey.DescribeConfigs,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 4,
  request: describeConfigsRequest,
  response: describeConfigsResponse,
  handle: handleDescribeConfigs,
});
