/**
 * ElectLeaders (API 키 43), 버전 0–2. 브로커 리스너와 컨트롤러 리스너 모두에서 받습니다.
 *
 * 관리자가 파티션의 리더를 다시 뽑게 합니다 (`kafka-leader-election.sh`, Admin `electLeaders`):
 *   - PREFERRED(0, v0의 유일한 종류): 선호 리더(복제본 목록의 첫 번째)가 ISR에 있고 살아 있으면 리더로.
 *     이미 선호 리더가 리더면 ELECTION_NOT_NEEDED, 선호 리더가 ISR 밖이거나 죽었으면 PREFERRED_LEADER_NOT_AVAILABLE.
 *   - UNCLEAN(1): 리더가 없는 파티션에서 ISR 밖이라도 살아 있는 복제본을 리더로 (토픽 설정과 상관없이, 관리자가 데이터
 *     손실을 받아들인다는 뜻). 리더가 있으면 ELECTION_NOT_NEEDED, 살아 있는 복제본이 없으면 ELIGIBLE_LEADERS_NOT_AVAILABLE.
 *   - 없는 토픽이나 파티션은 UNKNOWN_TOPIC_OR_PARTITION. `topicPartitions`가 null이면 모든 파티션이고, 이때는
 *     ELECTION_NOT_NEEDED인 파티션을 답에서 뺍니다.
 *
 * - 브로커 리스너 (Kafka `KafkaApis.handleElectLeaders` → `forwardToController`): 받은 요청을 그대로 활성 컨트롤러에게
 *   넘깁니다 (CreateTopics와 같은 길, `19-create-topics.ts`). 끝내 닿지 않으면 맨 위 오류 REQUEST_TIMED_OUT입니다.
 * - 컨트롤러 리스너 (Kafka `ControllerApis.handleElectLeaders`): `QuorumController.electLeaders`가 판단하고
 *   (`ReplicationControlManager.electLeaders`), 레코드가 커밋된 뒤 답합니다.
 *
 * 구현하지 않은 것: timeoutMs는 무시합니다 (답은 레코드가 커밋되면 나갑니다).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type ElectLeadersRequest,
  type ElectLeadersResponseInput,
  electLeadersRequest,
  electLeadersResponse,
} from '../protocol/messages/43-elect-leaders.js';
import { AclOperation } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

/** 브로커 리스너: 활성 컨트롤러에게 넘깁니다. */
export async function handleElectLeaders(
  request: ElectLeadersRequest,
  ctx: RequestContext,
): Promise<ElectLeadersResponseInput> {
  // Kafka `KafkaApis.handleElectLeaders`: 클러스터 ALTER가 없으면 맨 위와 파티션마다 CLUSTER_AUTHORIZATION_FAILED
  if (!authorize(ctx, AclOperation.ALTER)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      replicaElectionResults: (request.topicPartitions ?? []).map((t) => ({
        topic: t.topic,
        partitionResult: t.partitions.map((partitionId) => ({
          partitionId,
          errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
          errorMessage: null,
        })),
      })),
    };
  }
  const forwarded = await ctx.broker.forward({
    apiKey: ApiKey.ElectLeaders,
    apiVersion: ctx.apiVersion,
    body: request,
  });
  if (forwarded) return forwarded as ElectLeadersResponseInput;
  return { throttleTimeMs: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT, replicaElectionResults: [] };
}

/** 컨트롤러 리스너: 판단하고 커밋된 뒤 답합니다. */
export function handleControllerElectLeaders(request: ElectLeadersRequest, ctx: ControllerRequestContext) {
  return ctx.controller.electLeaders(request);
}

const range = {
  key: ApiKey.ElectLeaders,
  name: 'ElectLeaders',
  minVersion: 0,
  maxVersion: 2,
  request: electLeadersRequest,
  response: electLeadersResponse,
} as const;

export const electLeadersApi = defineApi({ ...range, handle: handleElectLeaders });

export const controllerElectLeadersApi = defineApi<
  typeof electLeadersRequest,
  typeof electLeadersResponse,
  ControllerRequestContext
>({ ...range, handle: handleControllerElectLeaders });
