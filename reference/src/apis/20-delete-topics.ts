/**
 * DeleteTopics (API 키 20), 버전 0–6. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 토픽을 지웁니다. 컨트롤러가 메타데이터 로그에 RemoveTopicRecord를 적으면, 브로커는 그 토픽의
 * 파티션 디렉터리를 `-delete`로 이름을 바꾼 뒤 지웁니다. v0–5는 이름으로, v6+는 이름 또는 토픽 ID로 지웁니다.
 *
 * - 브로커 리스너: 받은 요청을 그대로 활성 컨트롤러에게 넘깁니다 (CreateTopics와 같은 길, `19-create-topics.ts`).
 * - 컨트롤러 리스너 (Kafka `ControllerApis.deleteTopics`): `delete.topic.enable=false`면 모두 TOPIC_DELETION_DISABLED,
 *   모르는 토픽 ID는 UNKNOWN_TOPIC_ID, 나머지는 토픽마다 `QuorumController`가 판단하고 커밋된 뒤 답합니다.
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DeleteTopicsRequest,
  type DeleteTopicsResponseInput,
  deleteTopicsRequest,
  deleteTopicsResponse,
} from '../protocol/messages/20-delete-topics.js';
import { ZERO_UUID } from '../protocol/reader.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 요청이 가리키는 토픽들: v6+는 이름 또는 ID, 그 전은 이름 */
function targetsOf(request: DeleteTopicsRequest, apiVersion: number) {
  return apiVersion >= 6
    ? request.topics.map((t) => ({ name: t.name, topicId: t.topicId }))
    : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
}

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleDeleteTopics(
  request: DeleteTopicsRequest,
  ctx: RequestContext,
): Promise<DeleteTopicsResponseInput> {
  // Kafka `KafkaApis.handleDeleteTopicsRequest`: 토픽의 DESCRIBE와 DELETE가 모두 있어야 합니다. ID로 물었는데 DESCRIBE가
  // 없으면 이름을 알리지 않습니다. 허락된 토픽만 컨트롤러에게 넘깁니다.
  const { metadata } = ctx.broker;
  const targets = targetsOf(request, ctx.apiVersion);
  const nameOf = (t: { name: string | null; topicId: string }) => t.name ?? metadata.topicById(t.topicId)?.name ?? null;
  const allowed = (t: { name: string | null; topicId: string }) => {
    const name = nameOf(t);
    return (
      name === null ||
      (authorize(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, name) &&
        authorize(ctx, AclOperation.DELETE, ResourceType.TOPIC, name))
    );
  };
  const permitted = targets.filter(allowed);
  const body =
    ctx.apiVersion >= 6
      ? { ...request, topics: request.topics.filter(allowed) }
      : { ...request, topicNames: request.topicNames.filter((name) => allowed({ name, topicId: ZERO_UUID })) };
  const forwarded =
    permitted.length === 0
      ? { responses: [] }
      : ((await ctx.broker.forward({
          apiKey: ApiKey.DeleteTopics,
          apiVersion: ctx.apiVersion,
          body,
        })) as DeleteTopicsResponseInput | null);
  const results = [...(forwarded?.responses ?? [])];
  return {
    throttleTimeMs: 0,
    responses: targets.map((t) => {
      if (!allowed(t)) {
        const hideName = t.name === null && !authorize(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC, nameOf(t) ?? '');
        return {
          ...t,
          name: hideName ? null : nameOf(t),
          errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
          errorMessage: null,
        };
      }
      return (
        results.shift() ?? {
          ...t,
          errorCode: ErrorCode.REQUEST_TIMED_OUT,
          errorMessage: '활성 컨트롤러에게서 답을 받지 못했습니다',
        }
      );
    }),
  };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export async function handleControllerDeleteTopics(
  request: DeleteTopicsRequest,
  ctx: ControllerRequestContext,
): Promise<DeleteTopicsResponseInput> {
  const { controller, config } = ctx;
  const state = controller.committedState;
  const targets = targetsOf(request, ctx.apiVersion).map((t) => {
    const name = t.name ?? state?.topicNameById(t.topicId) ?? null;
    return { name, topicId: (name !== null && state?.topic(name)?.topicId) || t.topicId };
  });
  const responses: DeleteTopicsResponseInput['responses'] = [];
  for (const target of targets) {
    if (!config.bool('delete.topic.enable')) {
      responses.push({ ...target, errorCode: ErrorCode.TOPIC_DELETION_DISABLED, errorMessage: null });
      continue;
    }
    if (target.name === null) {
      responses.push({ ...target, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: null });
      continue;
    }
    const [outcome] = await controller.deleteTopics([target.name]);
    responses.push({
      name: target.name,
      topicId: target.topicId,
      errorCode: outcome?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR,
      errorMessage: outcome?.errorMessage ?? null,
    });
  }
  return { throttleTimeMs: 0, responses };
}

const range = {
  key: ApiKey.DeleteTopics,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 6,
  request: deleteTopicsRequest,
  response: deleteTopicsResponse,
} as const;

export const deleteTopicsApi = defineApi({ ...range, handle: handleDeleteTopics });

export const controllerDeleteTopicsApi = defineApi<
  typeof deleteTopicsRequest,
  typeof deleteTopicsResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerDeleteTopics });
