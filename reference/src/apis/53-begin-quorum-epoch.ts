/**
 * BeginQuorumEpoch (API 키 53), 버전 0–1. 컨트롤러 리스너에서만 답합니다.
 *
 * 선거에 이긴 리더가 투표자들에게 "이 에포크의 리더는 나"라고 알립니다 (KIP-595). 받은 투표자는 그 리더의
 * Follower가 되어 Fetch를 보내기 시작합니다. 리더는 답을 받지 못한 투표자에게 fetch 시간 제한의 절반마다 다시
 * 보냅니다. 판단은 쿼럼의 `handleBeginQuorumEpochRequest`가 합니다.
 *
 * 구현하지 않은 것: 리더의 엔드포인트(v1의 leaderEndpoints)는 보내지도 읽지도 않습니다: 투표자의 주소는 설정
 * (`controller.quorum.voters`)에서 압니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type BeginQuorumEpochRequest,
  type BeginQuorumEpochResponseInput,
  beginQuorumEpochRequest,
  beginQuorumEpochResponse,
} from '../protocol/messages/53-begin-quorum-epoch.js';
import { answerRaftRequest, fromWireBeginQuorumEpochRequest } from '../raft/raft-util.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export async function handleBeginQuorumEpoch(
  request: BeginQuorumEpochRequest,
  ctx: ControllerRequestContext,
): Promise<BeginQuorumEpochResponseInput> {
  const decoded = fromWireBeginQuorumEpochRequest(request);
  return (await answerRaftRequest(decoded, 'BeginQuorumEpoch', ctx.quorum, ctx.now)) as BeginQuorumEpochResponseInput;
}

export const beginQuorumEpochApi = defineApi<
  typeof beginQuorumEpochRequest,
  typeof beginQuorumEpochResponse,
  ControllerRequestContext
>({
  key: ApiKey.BeginQuorumEpoch,
  name: 'BeginQuorumEpoch',
  minVersion: 0,
  maxVersion: 1,
  request: beginQuorumEpochRequest,
  response: beginQuorumEpochResponse,
  handle: handleBeginQuorumEpoch,
});
