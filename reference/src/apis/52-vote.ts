/**
 * Vote (API 키 52), 버전 0–2. 컨트롤러 리스너에서만 답합니다.
 *
 * KRaft 선거의 표 구하기 (KIP-595). 후보가 "나를 이 에포크의 리더로 뽑아 달라"고 묻고, v2부터는 에포크를 올리지
 * 않은 채 "이길 수 있겠느냐"만 묻는 사전 투표(PreVote, KIP-996)도 이 요청입니다. 판단은 모두 쿼럼의 상태 기계
 * (`../raft/kafka-raft-client.ts`의 `handleVoteRequest`)가 하고, 여기서는 와이어와 쿼럼 사이를 옮기기만 합니다.
 * 표를 줬다는 답은 `quorum-state`를 fsync한 뒤에야 나갑니다.
 *
 * 구현하지 않은 것: 디렉터리 ID(KIP-853)는 읽고 버립니다. 투표자 집합은 설정으로 고정입니다.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { type VoteRequest, type VoteResponseInput, voteRequest, voteResponse } from '../protocol/messages/52-vote.js';
import { answerRaftRequest, fromWireVoteRequest } from '../raft/raft-util.js';
import { type ControllerRequestContext, defineApi } from './api.js';

export async function handleVote(request: VoteRequest, ctx: ControllerRequestContext): Promise<VoteResponseInput> {
  return (await answerRaftRequest(fromWireVoteRequest(request), 'Vote', ctx.quorum, ctx.now)) as VoteResponseInput;
}

export const voteApi = defineApi<typeof voteRequest, typeof voteResponse, ControllerRequestContext>({
  key: ApiKey.Vote,
  name: 'Vote',
  minVersion: 0,
  maxVersion: 2,
  request: voteRequest,
  response: voteResponse,
  handle: handleVote,
});
