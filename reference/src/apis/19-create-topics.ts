/**
 * CreateTopics (API 키 19), 버전 0–7. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 토픽을 만듭니다. 토픽마다 결과가 따로 나갑니다: 하나가 실패해도(이미 있음, 잘못된 이름, 파티션 수 0…)
 * 나머지는 만들어집니다. validateOnly(v1+)면 검사만 하고 만들지 않습니다. v5+는 만든 토픽의
 * 파티션 수, 복제 계수, 설정을 함께 돌려줍니다 (kafka-topics.sh가 보여 주는 값).
 *
 * - 브로커 리스너 (Kafka `KafkaApis`의 `forwardToController`): 받은 요청을 그대로 활성 컨트롤러에게 넘기고 그 답을
 *   돌려줍니다 (`ForwardingManager`). Kafka는 요청을 Envelope(API 58)에 원래 주체와 함께 싸서 보내고 컨트롤러가
 *   권한을 묻지만, 이 브로커는 받은 브로커가 원래 주체로 권한을 묻고(CREATE) 허락된 토픽만 담아 같은 API를 컨트롤러
 *   리스너에 그대로 보냅니다 (`../security/authorizer.md`). 리더가 바뀌는 동안은 채널이 새
 *   리더에게 다시 보내고(`../node/controller-channel.ts`), 끝내 닿지 않으면 토픽마다 REQUEST_TIMED_OUT입니다.
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleCreateTopics`): 같은 이름이 두 번 온 토픽을 거르고, 나머지를
 *   `QuorumController`가 판단해 쿼럼에 적고, 커밋된 뒤 답합니다. 활성 컨트롤러가 아니면 NOT_CONTROLLER입니다.
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다 (답은 레코드가 커밋되면 나갑니다).
 */
import type { ControlManagers } from '../controller/control-managers.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type CreateTopicsRequest,
  type CreateTopicsResponseInput,
  createTopicsRequest,
  createTopicsResponse,
} from '../protocol/messages/19-create-topics.js';
import { ZERO_UUID } from '../protocol/reader.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { describeTopicConfigs } from '../server/describe-configs.js';
import { DynamicBrokerConfig } from '../server/dynamic-broker-config.js';
import { josa } from '../server/josa.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleCreateTopics(
  request: CreateTopicsRequest,
  ctx: RequestContext,
): Promise<CreateTopicsResponseInput> {
  // Kafka `KafkaApis.handleCreateTopicsRequest`: 클러스터 CREATE가 있으면 모두, 없으면 토픽마다 CREATE를 묻습니다. 허락된
  // 토픽만 컨트롤러에게 넘기고, 나머지는 TOPIC_AUTHORIZATION_FAILED입니다. 만든 토픽의 설정은 DESCRIBE_CONFIGS가 있어야 보입니다.
  const names = request.topics.map((t) => t.name);
  const creatable = authorize(ctx, AclOperation.CREATE)
    ? new Set(names)
    : filterByAuthorized(ctx, AclOperation.CREATE, ResourceType.TOPIC, names);
  const configsVisible = filterByAuthorized(ctx, AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, creatable);
  const failed = (name: string, errorCode: number, errorMessage: string | null) => ({
    name,
    topicId: ZERO_UUID,
    errorCode,
    errorMessage,
    numPartitions: -1,
    replicationFactor: -1,
    configs: [],
  });
  const allowed = request.topics.filter((t) => creatable.has(t.name));
  const forwarded =
    allowed.length === 0
      ? { topics: [] }
      : ((await ctx.broker.forward({
          apiKey: ApiKey.CreateTopics,
          apiVersion: ctx.apiVersion,
          body: { ...request, topics: allowed },
        })) as CreateTopicsResponseInput | null);
  const results = [...(forwarded?.topics ?? [])];
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((t) => {
      if (!creatable.has(t.name)) return failed(t.name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
      const result = results.shift();
      if (!result) return failed(t.name, ErrorCode.REQUEST_TIMED_OUT, '활성 컨트롤러에게서 답을 받지 못했습니다');
      return configsVisible.has(t.name)
        ? result
        : { ...result, configs: [], topicConfigErrorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
    }),
  };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export async function handleControllerCreateTopics(
  request: CreateTopicsRequest,
  ctx: ControllerRequestContext,
): Promise<CreateTopicsResponseInput> {
  const { controller } = ctx;
  const seen = new Map<string, number>();
  for (const t of request.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  // 같은 이름이 두 번 오면 어느 쪽을 따를지 모르니 둘 다 거부합니다 (Kafka와 같음).
  const unique = request.topics.filter((t) => seen.get(t.name) === 1);
  const outcomes = new Map(
    (await controller.createTopics(unique, request.validateOnly)).map((o) => [o.name, o] as const),
  );
  // 답은 커밋된 뒤에 오므로, 커밋된 상태에 만든 토픽이 있습니다.
  const state = controller.committedState;
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((t) => {
      const outcome = outcomes.get(t.name);
      const errorCode = outcome?.errorCode ?? ErrorCode.INVALID_REQUEST;
      const created = errorCode === ErrorCode.NONE && !request.validateOnly ? state?.topic(t.name) : undefined;
      return {
        name: t.name,
        topicId: created ? created.topicId : ZERO_UUID,
        errorCode,
        errorMessage: outcome ? outcome.errorMessage : `토픽 ${josa(t.name, '이/가')} 요청에 두 번 있습니다`,
        numPartitions: created ? created.partitions.length : -1,
        replicationFactor: created ? (created.partitions[0]?.replicas.length ?? -1) : -1,
        configs: created && state ? topicConfigs(t.name, state, ctx) : [],
      };
    }),
  };
}

/** 만든 토픽의 설정 전부 (Kafka `ConfigurationControlManager.computeEffectiveTopicConfigs`) */
function topicConfigs(name: string, state: ControlManagers, ctx: ControllerRequestContext) {
  const configs = new Map(state.topicConfigs(name) ?? []);
  return describeTopicConfigs({ configs }, new DynamicBrokerConfig(ctx.config, state)).map((c) => ({
    name: c.name,
    value: c.value,
    readOnly: c.readOnly,
    configSource: c.configSource,
    isSensitive: c.isSensitive,
  }));
}

const range = {
  key: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 7,
  request: createTopicsRequest,
  response: createTopicsResponse,
} as const;

export const createTopicsApi = defineApi({ ...range, handle: handleCreateTopics });

export const controllerCreateTopicsApi = defineApi<
  typeof createTopicsRequest,
  typeof createTopicsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerCreateTopics });
