/**
 * EndQuorumEpoch (API 키 54), 버전 0–1. 컨트롤러 리스너에서만 답합니다.
 *
 * 우아하게 물러나는 리더가 보냅니다 (KIP-595): "내 에포크는 끝났다, 이 순서로 후임을 뽑아라". 후임 순서는
 * 리더의 로그를 가장 많이 따라온 투표자부터이고, 첫째는 곧바로, 뒤의 투표자는 조금씩 늦게 선거를 시작합니다.
 * 그래서 리더가 바뀌는 데 선거 시간 제한을 다 기다리지 않습니다. 판단은 쿼럼의 `handleEndQuorumEpochRequest`.
 *
 * 구현하지 않은 것: v1의 후보 디렉터리 ID와 리더 엔드포인트는 읽고 버립니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import {
  type EndQuorumEpochRequest,
  type EndQuorumEpochResponseInput,
  endQuorumEpochRequest,
  endQuorumEpochResponse,
} from '../protocol/messages/54-end-quorum-epoch.js';
import { answerRaftRequest, fromWireEndQuorumEpochRequest } from '../raft/raft-util.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export async function handleEndQuorumEpoch(
  request: EndQuorumEpochRequest,
  ctx: ControllerRequestContext,
): Promise<EndQuorumEpochResponseInput> {
  const decoded = fromWireEndQuorumEpochRequest(request, ctx.apiVersion);
  return (await answerRaftRequest(decoded, 'EndQuorumEpoch', ctx.quorum, ctx.now)) as EndQuorumEpochResponseInput;
}

export const endQuorumEpochApi = defineApi<
  typeof endQuorumEpochRequest,
  typeof endQuorumEpochResponse,
  ControllerRequestContext
>({
  key: ApiKey.EndQuorumEpoch,
  name: 'EndQuorumEpoch',
  minVersion: 0,
  maxVersion: 1,
  request: endQuorumEpochRequest,
  response: endQuorumEpochResponse,
  handle: handleEndQuorumEpoch,
});
