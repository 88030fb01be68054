/**
 * DescribeConfigs (API 키 32), 버전 0–4.
 *
 * 토픽이나 브로커의 설정을 보여 줍니다. 토픽 설정은 토픽이 직접 정한 값이 없으면 브로커 설정
 * (예: retention.ms ← log.retention.ms)을 물려받는데, v1+의 synonyms가 그 물려받는 사슬을, configSource가 값이
 * 어디서 왔는지(토픽, 동적 브로커 설정, 클러스터 기본 동적 설정, server.properties, 기본값)를 보여 줍니다.
 * 값과 출처를 푸는 규칙은 server/describe-configs.ts에 있습니다 (Kafka: `ConfigHelper.describeConfigs`).
 *
 * 브로커 자원의 이름: 이 브로커의 ID면 모든 설정, `''`이면 클러스터 기본 동적 값으로 정한 설정만 보여 줍니다.
 * 다른 ID는 INVALID_REQUEST입니다 (다른 브로커의 설정은 그 브로커에게 묻습니다). configurationKeys가 null이거나
 * 비어 있으면 모든 설정입니다.
 *
 * 구현하지 않은 것: 브로커 로거(BROKER_LOGGER) 자원.
 */

import { topicNameProblem } from '../metadata/topic-control.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeConfigsRequest,
  type DescribeConfigsResponseInput,
  describeConfigsRequest,
  describeConfigsResponse,
} from '../protocol/messages/32-describe-configs.js';
import { AclOperation } from '../security/acl.js';
import { ResourceType } from '../server/config-admin-manager.js';
import {
  ConfigSource,
  type DescribedConfig,
  describeBrokerConfigs,
  describeTopicConfigs,
} from '../server/describe-configs.js';
import { CLUSTER_DEFAULT } from '../server/dynamic-broker-config.js';
import { defineApi, type RequestContext } from './api.js';
import { configResourceDenial } from './auth-helper.js';

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
  const { metadata, dynamicConfig, nodeId } = ctx.broker;
  const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
  const failed = (errorCode: number, errorMessage: string | null): Result => ({
    ...base,
    errorCode,
    errorMessage,
    configs: [],
  });
  // Kafka `ConfigHelper.describeConfigs`: 브로커 자원은 클러스터의, 토픽은 그 토픽의 DESCRIBE_CONFIGS
  const denial = configResourceDenial(ctx, AclOperation.DESCRIBE_CONFIGS, resource.resourceType, resource.resourceName);
  if (denial !== null) return failed(denial, null);
  let configs: DescribedConfig[];
  if (resource.resourceType === ResourceType.TOPIC) {
    const nameProblem = topicNameProblem(resource.resourceName);
    if (nameProblem) return failed(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    const topic = metadata.topic(resource.resourceName);
    if (!topic) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
    configs = describeTopicConfigs(topic, dynamicConfig);
  } else if (resource.resourceType === ResourceType.BROKER) {
    const name = resource.resourceName;
    if (name !== CLUSTER_DEFAULT && !/^[+-]?\d+$/.test(name)) {
      return failed(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
    }
    if (name !== CLUSTER_DEFAULT && Number(name) !== nodeId) {
      return failed(
        ErrorCode.INVALID_REQUEST,
        `Unexpected broker id, expected ${nodeId} or empty string, but received ${name}`,
      );
    }
    configs = describeBrokerConfigs(dynamicConfig, name);
  } else {
    return failed(ErrorCode.INVALID_REQUEST, `Unsupported resource type: ${resource.resourceType}`);
  }
  const keys = resource.configurationKeys;
  return {
    ...base,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    configs: configs
      .filter((c) => keys === null || keys.length === 0 || keys.includes(c.name))
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
