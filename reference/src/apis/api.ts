/**
 * API 핸들러의 공통 모양. API 키마다 파일 하나(`00-produce.ts`, `18-api-versions.ts`…)가
 * `defineApi`로 자기 버전 범위와 핸들러를 등록합니다. ApiVersions 응답은 이 등록에서 만들어지므로,
 * 브로커는 구현한 범위만 정확히 알립니다.
 *
 * 핸들러의 규칙 (모든 핸들러가 같은 순서로 검사합니다):
 *   1. 토픽/파티션을 요청에 적힌 순서대로 돌며
 *   2. 없는 토픽 → UNKNOWN_TOPIC_OR_PARTITION, 이 브로커가 리더가 아님 → NOT_LEADER_OR_FOLLOWER, …
 *   3. 오류는 예외가 아니라 응답 안의 오류 코드입니다. 예외는 프로토콜 위반뿐이고, 그러면 연결을 끊습니다.
 */
import type { Controller } from '../metadata/controller.js';
import type { RequestHeader } from '../protocol/headers.js';
import type { Message, MessageInput, MessageSchema } from '../protocol/schema.js';
import type { BrokerConfig } from '../server/config.js';
import type { ConnectionInfo } from '../server/connection.js';
import type { BrokerContext, QuorumEndpoint } from './broker-context.js';

/** acks=0 Produce처럼 응답을 보내지 않을 때 핸들러가 돌려주는 값 */
export const NO_RESPONSE = Symbol('no response');

/** 어느 리스너에서든 요청 하나가 갖는 것 */
export interface ListenerRequestContext {
  readonly header: RequestHeader;
  readonly apiVersion: number;
  readonly connection: ConnectionInfo;
  /**
   * 이 리스너가 답하는 API. 브로커 리스너와 컨트롤러 리스너는 답하는 API가 다르고, ApiVersions는 받은 리스너의
   * 목록을 알립니다 (Kafka `ApiVersionManager`가 `ListenerType`마다 하나인 것과 같습니다).
   */
  readonly apis: readonly ApiDefinition<never>[];
}

/** 브로커 리스너의 요청: 브로커의 부품에 묻습니다 (Kafka `KafkaApis`) */
export interface RequestContext extends ListenerRequestContext {
  readonly broker: BrokerContext;
}

/** 컨트롤러 리스너의 요청: 쿼럼과 이 노드의 컨트롤러에 묻습니다 (Kafka `ControllerApis`) */
export interface ControllerRequestContext extends ListenerRequestContext {
  readonly quorum: QuorumEndpoint;
  /** 이 노드의 `QuorumController` (활성이 아니면 쓰기에 NOT_CONTROLLER로 답합니다) */
  readonly controller: Controller;
  /** 이 노드의 설정 (`delete.topic.enable`, 토픽 설정의 기본값) */
  readonly config: BrokerConfig;
  /** 노드의 시계 (Fetch 응답의 배치 시각) */
  readonly now: () => number;
}

type Handler<Req extends MessageSchema, Res extends MessageSchema, Ctx> = (
  request: Message<Req>,
  ctx: Ctx,
) => MessageInput<Res> | typeof NO_RESPONSE | Promise<MessageInput<Res> | typeof NO_RESPONSE>;

export interface ApiDefinition<
  Ctx = RequestContext,
  Req extends MessageSchema = MessageSchema,
  Res extends MessageSchema = MessageSchema,
> {
  readonly key: number;
  readonly name: string;
  /** 이 브로커가 구현한 버전 범위 (양 끝 포함) */
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: Req;
  readonly response: Res;
  readonly handle: Handler<Req, Res, Ctx>;
}

export function defineApi<Req extends MessageSchema, Res extends MessageSchema, Ctx = RequestContext>(
  definition: ApiDefinition<Ctx, Req, Res>,
): ApiDefinition<Ctx> {
  return definition as unknown as ApiDefinition<Ctx>;
}
