/**
 * 컨트롤러 리스너의 인가 (Kafka `ControllerApis`). 컨트롤러 리스너로는 컨트롤러끼리(쿼럼), 브로커가 활성 컨트롤러에게
 * (등록, 하트비트, ISR 변경, 프로듀서 ID), 그리고 브로커가 넘기는 관리 요청이 옵니다. 모두 클러스터 안의 일이라 Kafka는
 * 보낸 주체에게 CLUSTER 자원의 CLUSTER_ACTION을 묻고, DescribeQuorum만 DESCRIBE를 묻습니다. 브로커·컨트롤러의 주체는
 * 보통 `super.users`에 있어 통과하고, 이 리스너에 닿은 다른 주체는 아무것도 받지 못합니다.
 *
 * 넘겨받은 관리 요청: Kafka는 브로커가 원래 요청을 Envelope에 원래 주체와 함께 싸서 보내고, 컨트롤러는 Envelope를 보낸
 * 브로커에게 CLUSTER_ACTION을 물은 뒤 원래 주체로 다시 묻습니다 (`ControllerApis.handleEnvelopeRequest`). 이 브로커는
 * Envelope 없이 같은 API를 넘기고 받은 브로커가 원래 주체로 이미 물었으므로, 여기서는 보낸 쪽에게 CLUSTER_ACTION만
 * 묻습니다 (Envelope를 보낸 브로커에게 묻는 것과 같은 자리).
 *
 * 거절의 답: 응답 맨 위에 errorCode가 있으면 CLUSTER_AUTHORIZATION_FAILED를 적어 답합니다 (Kafka가
 * `ClusterAuthorizationException`을 그 요청의 오류 응답으로 바꾸는 것). 관리 요청처럼 맨 위에 오류를 담을 곳이 없으면
 * 경고를 남기고 연결을 끊습니다: Kafka라면 Envelope의 답에 오류가 담기지만, Envelope가 없는 이 브로커에는 그 자리가 없습니다.
 * ApiVersions는 묻지 않습니다.
 */
import { ApiKey, apiKeyName } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ProtocolError } from '../protocol/reader.js';
import { AclOperation, CLUSTER_NAME, ResourceType } from '../security/acl.js';
import { type StandardAuthorizer, sessionOf } from '../security/authorizer.js';
import type { Logger } from '../server/logger.js';
import { topLevelErrorResponse } from '../server/request-processor.js';
import type { ApiDefinition, ControllerRequestContext } from './api.js';

/** API 키 → 묻는 작업 (CLUSTER 자원). 표에 없는 API(ApiVersions)는 묻지 않습니다. */
export const CONTROLLER_API_OPERATIONS: ReadonlyMap<number, number> = new Map([
  // 쿼럼: `ControllerApis.handleRaftRequest`
  [ApiKey.Vote, AclOperation.CLUSTER_ACTION],
  [ApiKey.BeginQuorumEpoch, AclOperation.CLUSTER_ACTION],
  [ApiKey.EndQuorumEpoch, AclOperation.CLUSTER_ACTION],
  [ApiKey.Fetch, AclOperation.CLUSTER_ACTION],
  [ApiKey.FetchSnapshot, AclOperation.CLUSTER_ACTION],
  // `handleDescribeQuorum`
  [ApiKey.DescribeQuorum, AclOperation.DESCRIBE],
  // 브로커의 일: `handleBrokerRegistration`, `handleBrokerHeartBeatRequest`, `handleAlterPartitionRequest`,
  // `handleAllocateProducerIdsRequest`
  [ApiKey.BrokerRegistration, AclOperation.CLUSTER_ACTION],
  [ApiKey.BrokerHeartbeat, AclOperation.CLUSTER_ACTION],
  [ApiKey.AlterPartition, AclOperation.CLUSTER_ACTION],
  [ApiKey.AllocateProducerIds, AclOperation.CLUSTER_ACTION],
  // 브로커가 넘기는 관리 요청: Envelope를 보낸 브로커에게 묻는 자리 (`handleEnvelopeRequest`)
  [ApiKey.CreateTopics, AclOperation.CLUSTER_ACTION],
  [ApiKey.DeleteTopics, AclOperation.CLUSTER_ACTION],
  [ApiKey.CreateAcls, AclOperation.CLUSTER_ACTION],
  [ApiKey.DeleteAcls, AclOperation.CLUSTER_ACTION],
  [ApiKey.AlterConfigs, AclOperation.CLUSTER_ACTION],
  [ApiKey.CreatePartitions, AclOperation.CLUSTER_ACTION],
  [ApiKey.ElectLeaders, AclOperation.CLUSTER_ACTION],
  [ApiKey.IncrementalAlterConfigs, AclOperation.CLUSTER_ACTION],
  [ApiKey.AlterPartitionReassignments, AclOperation.CLUSTER_ACTION],
  [ApiKey.ListPartitionReassignments, AclOperation.CLUSTER_ACTION],
  [ApiKey.AlterUserScramCredentials, AclOperation.CLUSTER_ACTION],
]);

/**
 * 컨트롤러 리스너의 API들에 인가를 씌웁니다. `authorizer`가 null이면(인가기 없음) 그대로 돌려줍니다.
 * 노드 안에서 소켓 없이 부르는 길(활성 컨트롤러가 이 노드일 때의 채널)은 이것을 거치지 않습니다: 노드 자신의 요청입니다.
 */
export function withControllerAuthorization(
  apis: readonly ApiDefinition<ControllerRequestContext>[],
  authorizer: StandardAuthorizer | null,
  log: Pick<Logger, 'warn'>,
): readonly ApiDefinition<ControllerRequestContext>[] {
  if (!authorizer) return apis;
  return apis.map((api) => {
    const operation = CONTROLLER_API_OPERATIONS.get(api.key);
    if (operation === undefined) return api;
    return {
      ...api,
      handle: (request, ctx) => {
        const session = sessionOf(ctx.connection);
        if (authorizer.authorize(session, operation, ResourceType.CLUSTER, CLUSTER_NAME)) {
          return api.handle(request, ctx);
        }
        const denied = topLevelErrorResponse(api.response, ctx.apiVersion, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
        if (denied) return denied as never;
        const what = `${session.principal}(${session.host})의 ${apiKeyName(api.key)}`;
        log.warn(`컨트롤러 리스너: ${what}를 거절하고 연결을 끊습니다 (CLUSTER_ACTION 없음)`);
        throw new ProtocolError(`${what}: 컨트롤러 리스너에서 CLUSTER_ACTION이 없습니다`);
      },
    };
  });
}
