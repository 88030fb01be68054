/**
 * FindCoordinator (API 키 10), 버전 0–6.
 *
 * "이 그룹(또는 트랜잭션 ID)의 코디네이터는 어느 브로커인가?" 그룹의 코디네이터는 `__consumer_offsets`에서
 * 그룹 ID의 해시로 정해지는 파티션의 리더입니다 (group/offsets-topic.ts). 그래서 그룹마다 코디네이터가 다를 수
 * 있고, 그룹의 오프셋은 모두 그 파티션 하나에 모입니다. v4+는 키 여러 개를 한 번에 묻습니다.
 *
 * 트랜잭션 ID(keyType 1)도 같은 규칙입니다: `__transaction_state`에서 ID의 해시로 정해지는 파티션의 리더가
 * 트랜잭션 코디네이터입니다 (transaction/transaction-log.ts).
 */
import { OFFSETS_TOPIC } from '../group/offsets-topic.js';
import { endpointFor } from '../metadata/broker-registration.js';
import { NO_LEADER } from '../metadata/partition-registration.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type FindCoordinatorRequest,
  type FindCoordinatorResponseInput,
  findCoordinatorRequest,
  findCoordinatorResponse,
} from '../protocol/messages/10-find-coordinator.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { TRANSACTION_STATE_TOPIC } from '../transaction/transaction-log.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

const KeyType = { GROUP: 0, TRANSACTION: 1 } as const;

/**
 * 검사 순서 (Kafka: KafkaApis.getCoordinator): 모르는 keyType → INVALID_REQUEST. 내부 토픽이 없으면 만들고, 키의 파티션의
 * 리더가 살아 있는(펜싱되지 않은) 브로커면 그 주소, 리더가 없거나 토픽을 만들지 못했으면 COORDINATOR_NOT_AVAILABLE.
 * 리더가 막 바뀌어 새 리더가 아직 상태를 읽는 중이어도 그 리더를 알려 줍니다: 그 리더가 COORDINATOR_LOAD_IN_PROGRESS로 답합니다.
 */
export async function handleFindCoordinator(
  request: FindCoordinatorRequest,
  ctx: RequestContext,
): Promise<FindCoordinatorResponseInput> {
  const { groups, transactions, metadata } = ctx.broker;
  const notFound = (key: string, errorCode: number) => ({
    key,
    nodeId: -1,
    host: '',
    port: -1,
    errorCode,
    errorMessage: null,
  });
  const find = async (key: string) => {
    // Kafka `KafkaApis.getCoordinator`: 그룹은 DESCRIBE GROUP, 트랜잭션은 DESCRIBE TRANSACTIONAL_ID. 내부 토픽을 만들기 전에 묻습니다.
    if (request.keyType === KeyType.GROUP && !authorize(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, key)) {
      return notFound(key, ErrorCode.GROUP_AUTHORIZATION_FAILED);
    }
    if (
      request.keyType === KeyType.TRANSACTION &&
      !authorize(ctx, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key)
    ) {
      return notFound(key, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    }
    const internal =
      request.keyType === KeyType.GROUP
        ? { topic: OFFSETS_TOPIC, partition: await groups.findCoordinator(key) }
        : request.keyType === KeyType.TRANSACTION
          ? { topic: TRANSACTION_STATE_TOPIC, partition: await transactions.findCoordinator(key) }
          : null;
    if (!internal) return notFound(key, ErrorCode.INVALID_REQUEST);
    const leaderId = metadata.partition(internal.topic, internal.partition)?.leader ?? NO_LEADER;
    const leader = leaderId === NO_LEADER ? undefined : metadata.brokers.get(leaderId);
    if (!leader || leader.fenced) return notFound(key, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    return {
      key,
      nodeId: leader.brokerId,
      ...endpointFor(leader, ctx.connection.listener),
      errorCode: ErrorCode.NONE,
      errorMessage: null,
    };
  };
  if (ctx.apiVersion >= 4) {
    // v4+에는 맨 위의 단일 코디네이터 필드가 없습니다 (기본값으로 둡니다).
    const coordinators = await Promise.all(request.coordinatorKeys.map(find));
    return { throttleTimeMs: 0, errorCode: 0, nodeId: 0, host: '', port: 0, coordinators };
  }
  const { key, ...single } = await find(request.key);
  return { throttleTimeMs: 0, ...single, coordinators: [] };
}

export const findCoordinatorApi = defineApi({
  key: ApiKey.FindCoordinator,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 6,
  request: findCoordinatorRequest,
  response: findCoordinatorResponse,
  handle: handleFindCoordinator,
});
