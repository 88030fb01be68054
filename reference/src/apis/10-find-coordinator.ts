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
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type FindCoordinatorRequest,
  type FindCoordinatorResponseInput,
  findCoordinatorRequest,
  findCoordinatorResponse,
} from '../protocol/messages/10-find-coordinator.js';
import { defineApi, type RequestContext } from './api.js';

const KeyType = { GROUP: 0, TRANSACTION: 1 } as const;

export async function handleFindCoordinator(
  request: FindCoordinatorRequest,
  ctx: RequestContext,
): Promise<FindCoordinatorResponseInput> {
  const { groups, transactions, metadata, nodeId } = ctx.broker;
  const self = metadata.brokers.get(nodeId);
  const find = async (key: string) => {
    const errorCode =
      request.keyType === KeyType.GROUP
        ? await groups.findCoordinator(key)
        : request.keyType === KeyType.TRANSACTION
          ? await transactions.findCoordinator(key)
          : ErrorCode.INVALID_REQUEST;
    const ok = errorCode === ErrorCode.NONE && self;
    return {
      key,
      nodeId: ok ? self.brokerId : -1,
      host: ok ? self.host : '',
      port: ok ? self.port : -1,
      errorCode: ok ? ErrorCode.NONE : errorCode || ErrorCode.COORDINATOR_NOT_AVAILABLE,
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
