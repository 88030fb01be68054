/**
 * DeleteTopics (API 키 20), 버전 0–6.
 *
 * 토픽을 지웁니다. 컨트롤러가 메타데이터 로그에 RemoveTopicRecord를 적으면, 브로커는 그 토픽의
 * 파티션 디렉터리를 `-delete`로 이름을 바꾼 뒤 지웁니다. v0–5는 이름으로, v6+는 이름 또는 토픽 ID로 지웁니다.
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
import { defineApi, type RequestContext } from './api.js';

export async function handleDeleteTopics(
  request: DeleteTopicsRequest,
  ctx: RequestContext,
): Promise<DeleteTopicsResponseInput> {
  const { controller, metadata, config } = ctx.broker;
  const targets =
    ctx.apiVersion >= 6
      ? request.topics.map((t) => ({ name: t.name ?? metadata.topicById(t.topicId)?.name ?? null, topicId: t.topicId }))
      : request.topicNames.map((name) => ({ name, topicId: metadata.topic(name)?.topicId ?? ZERO_UUID }));

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
    const topicId = metadata.topic(target.name)?.topicId ?? target.topicId;
    const [outcome] = await controller.deleteTopics([target.name]);
    responses.push({
      name: target.name,
      topicId,
      errorCode: outcome?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR,
      errorMessage: outcome?.errorMessage ?? null,
    });
  }
  return { throttleTimeMs: 0, responses };
}

export const deleteTopicsApi = defineApi({
  key: ApiKey.DeleteTopics,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 6,
  request: deleteTopicsRequest,
  response: deleteTopicsResponse,
  handle: handleDeleteTopics,
});
