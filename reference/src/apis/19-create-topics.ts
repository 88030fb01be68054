/**
 * CreateTopics (API 키 19), 버전 0–7.
 *
 * 토픽을 만듭니다. 토픽마다 결과가 따로 나갑니다: 하나가 실패해도(이미 있음, 잘못된 이름, 파티션 수 0…)
 * 나머지는 만들어집니다. validateOnly(v1+)면 검사만 하고 만들지 않습니다. v5+는 만든 토픽의
 * 파티션 수, 복제 계수, 설정을 함께 돌려줍니다 (kafka-topics.sh가 보여 주는 값).
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다 (노드 하나에서는 만들기가 곧바로 끝납니다).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type CreateTopicsRequest,
  type CreateTopicsResponseInput,
  createTopicsRequest,
  createTopicsResponse,
} from '../protocol/messages/19-create-topics.js';
import { ZERO_UUID } from '../protocol/reader.js';
import { describeTopicConfigs } from '../server/describe-configs.js';
import { defineApi, type RequestContext } from './api.js';

export async function handleCreateTopics(
  request: CreateTopicsRequest,
  ctx: RequestContext,
): Promise<CreateTopicsResponseInput> {
  const { controller, metadata, dynamicConfig } = ctx.broker;
  const seen = new Map<string, number>();
  for (const t of request.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  // 같은 이름이 두 번 오면 어느 쪽을 따를지 모르니 둘 다 거부합니다 (Kafka와 같음).
  const unique = request.topics.filter((t) => seen.get(t.name) === 1);
  const outcomes = new Map(
    (await controller.createTopics(unique, request.validateOnly)).map((o) => [o.name, o] as const),
  );
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((t) => {
      const outcome = outcomes.get(t.name);
      const created = metadata.topic(t.name);
      const errorCode = outcome?.errorCode ?? ErrorCode.INVALID_REQUEST;
      const ok = errorCode === ErrorCode.NONE;
      return {
        name: t.name,
        topicId: ok && created ? created.topicId : ZERO_UUID,
        errorCode,
        errorMessage: outcome ? outcome.errorMessage : `토픽 ${t.name}이 요청에 두 번 있습니다`,
        numPartitions: ok && created ? created.partitions.length : -1,
        replicationFactor: ok && created ? (created.partitions[0]?.replicas.length ?? -1) : -1,
        configs:
          ok && created
            ? describeTopicConfigs(created, dynamicConfig).map((c) => ({
                name: c.name,
                value: c.value,
                readOnly: c.readOnly,
                configSource: c.configSource,
                isSensitive: c.isSensitive,
              }))
            : [],
      };
    }),
  };
}

export const createTopicsApi = defineApi({
  key: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 7,
  request: createTopicsRequest,
  response: createTopicsResponse,
  handle: handleCreateTopics,
});
