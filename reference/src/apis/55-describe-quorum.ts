/**
 * DescribeQuorum (API 키 55), 버전 0–2. 컨트롤러 리스너와 브로커 리스너 모두에서 답합니다.
 *
 * 쿼럼의 모습: 리더, 에포크, 하이 워터마크, 투표자와 관찰자마다 로그 끝 오프셋, 마지막 Fetch 시각, 따라잡은 시각.
 * `kafka-metadata-quorum.sh describe --status/--replication`(이 저장소의 `npm run quorum`)이 보냅니다. 리더만
 * 답을 알고, 다른 노드는 NOT_LEADER_OR_FOLLOWER로 답합니다 (Kafka `KafkaRaftClient.handleDescribeQuorumRequest`).
 *
 * 브로커 리스너: Kafka의 브로커는 이 요청을 활성 컨트롤러로 넘깁니다(forwarding). 이 브로커는 아직 넘기지 않고
 * 자기 노드의 쿼럼 클라이언트에 묻습니다: 브로커와 컨트롤러를 겸한 노드가 리더면 같은 답이고, 아니면
 * NOT_LEADER_OR_FOLLOWER입니다. 권한은 Kafka와 같게 묻습니다: 컨트롤러가 Envelope에 담겨 온 원래 주체에게 CLUSTER
 * DESCRIBE를 묻고(`ControllerApis.handleDescribeQuorum`), 없으면 맨 위 errorCode가 CLUSTER_AUTHORIZATION_FAILED인
 * 답이 돌아옵니다. 넘기지 않는 이 브로커는 같은 물음을 받은 자리에서 묻습니다 (컨트롤러 리스너의 인가는
 * `controller-authorization.ts`).
 *
 * 구현하지 않은 것: v2의 디렉터리 ID(0으로 채움)와 노드의 리스너 목록(빈 배열).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type DescribeQuorumRequest,
  type DescribeQuorumResponseInput,
  describeQuorumRequest,
  describeQuorumResponse,
} from '../protocol/messages/55-describe-quorum.js';
import { answerRaftRequest, fromWireDescribeQuorumRequest } from '../raft/raft-util.js';
import { AclOperation } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';

export async function handleDescribeQuorum(
  request: DescribeQuorumRequest,
  ctx: Pick<ControllerRequestContext, 'quorum' | 'now'>,
): Promise<DescribeQuorumResponseInput> {
  const decoded = fromWireDescribeQuorumRequest(request);
  return (await answerRaftRequest(decoded, 'DescribeQuorum', ctx.quorum, ctx.now)) as DescribeQuorumResponseInput;
}

const range = {
  key: ApiKey.DescribeQuorum,
  name: 'DescribeQuorum',
  minVersion: 0,
  maxVersion: 2,
  request: describeQuorumRequest,
  response: describeQuorumResponse,
} as const;

export const describeQuorumApi = defineApi<
  typeof describeQuorumRequest,
  typeof describeQuorumResponse,
  ControllerRequestContext
>({ ...range, handle: handleDescribeQuorum });

export async function handleBrokerDescribeQuorum(
  request: DescribeQuorumRequest,
  ctx: RequestContext,
): Promise<DescribeQuorumResponseInput> {
  if (!authorize(ctx, AclOperation.DESCRIBE)) {
    return { errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, topics: [], nodes: [] };
  }
  return handleDescribeQuorum(request, { quorum: ctx.broker.quorum, now: ctx.broker.now });
}

export const brokerDescribeQuorumApi = defineApi({ ...range, handle: handleBrokerDescribeQuorum });
