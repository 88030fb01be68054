// 9장 컨트롤러와 KRaft — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/raft/decisions.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 쿼럼의 심장에 있는 결정들: 표를 줄지, 선거를 이겼는지, 더 높은 에포크를 보면 어디로 물러날지,
 * 하이 워터마크를 어디까지 올릴지, 갈라진 팔로워가 어디까지 잘라 낼지.
 *
 * 모두 입력만 보고 답하는 작은 순수 함수입니다. 상태 기계(`kafka-raft-client.ts`)가 이 함수들을 불러
 * 결정하고, 그 결정을 상태 전이와 디스크 쓰기와 메시지로 옮깁니다. 9장에서 학습자가 직접 쓰는 곳도 여기입니다.
 *
 * 결과는 `../result.ts`의 약속을 따릅니다: `{ ok: true, … }` 또는 `{ ok: false, error }`.
 */
import { todo } from '../../../course/todo.js';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { compareOffsetAndEpoch, majoritySize, type OffsetAndEpoch } from '../../../reference/src/raft/types.js';
import { err, OK, ok, type Result } from '../../../reference/src/result.js';

// ---------------------------------------------------------------------------------------------
// 투표 (Vote)
// ---------------------------------------------------------------------------------------------

/**
 * 후보의 로그가 내 로그만큼 최신인가. 마지막 레코드의 에포크가 크면 더 최신이고, 같으면 더 긴 쪽이 최신입니다.
 * Kafka `KafkaRaftClient.handleVoteRequest`의 `lastEpochEndOffsetAndEpoch.compareTo(endOffset()) >= 0`.
 *
 * 이 검사가 커밋된 레코드를 지킵니다: 커밋된 레코드는 과반이 갖고 있으니, 그것을 갖지 않은 후보는 그
 * 과반 가운데 누구에게도 표를 받지 못합니다 (Raft 논문 §5.4.1 "Election restriction").
 */
export function isLogUpToDate(candidateLast: OffsetAndEpoch, localEnd: OffsetAndEpoch): boolean {
  // TODO(9장): isLogUpToDate: 후보의 로그 끝(candidateLast)이 내 로그 끝(localEnd)만큼 최신이면 true를 돌려주세요.
  //   마지막 레코드의 에포크를 먼저 비교하고, 에포크가 같을 때만 오프셋(로그의 길이)을 비교합니다. 똑같으면 최신입니다.
  return todo('isLogUpToDate: 후보의 로그 끝(candidateLast)이 내 로그 끝(localEnd)만큼 최신이면 true를 돌려주세요.');
}

/** 표를 받는 쪽이 보는 자기 상태 (그 에포크 안에서) */
export interface VoterView {
  readonly state: 'Unattached' | 'Prospective' | 'Candidate' | 'Leader' | 'Follower' | 'Resigned';
  /** 이 에포크에 알고 있는 리더 */
  readonly leaderId: number | null;
  /** 이 에포크에 이미 표를 준 후보 */
  readonly votedId: number | null;
  /** (Follower만) 이 에포크의 리더에게서 Fetch에 한 번이라도 성공했는지 */
  readonly hasFetchedFromLeader: boolean;
}

export type VoteRejection =
  | 'LOG_NOT_UP_TO_DATE'
  | 'ALREADY_VOTED'
  | 'HAS_LEADER'
  | 'FOLLOWING_ACTIVE_LEADER'
  | 'IS_CANDIDATE'
  | 'IS_LEADER'
  | 'RESIGNED';

/**
 * 같은 에포크의 Vote 요청에 표를 줄 수 있는가. 상태마다 Kafka의 `EpochState.canGrantVote`를 따릅니다:
 *
 * - Unattached·Prospective (`QuorumState.unattachedOrProspectiveCanGrantVote`): 사전 투표(pre-vote)는 로그만
 *   최신이면 줍니다 (아무것도 기록하지 않으니 여러 번 줘도 됩니다). 진짜 투표는 한 에포크에 한 후보에게만:
 *   이미 준 후보면 다시 주고(재전송), 다른 후보면 거절합니다. 리더를 알면 거절하고, 로그가 뒤처졌으면 거절합니다.
 * - Follower (`FollowerState.canGrantVote`): 사전 투표만, 그것도 리더에게서 아직 한 번도 Fetch하지 못했고
 *   로그가 최신일 때만 줍니다. 리더가 살아 있는데 다른 노드가 선거를 시작해 흔드는 것을 막습니다 (KIP-996).
 * - Candidate (`CandidateState.canGrantVote`): 진짜 투표는 거절합니다 (자기에게 이미 투표했으니까요).
 *   사전 투표는 로그가 최신이면 줍니다.
 * - Leader, Resigned: 언제나 거절합니다.
 */
export function canGrantVote(
  voter: VoterView,
  candidateId: number,
  logUpToDate: boolean,
  preVote: boolean,
): Result<object, VoteRejection> {
  // TODO(9장): canGrantVote: 같은 에포크의 Vote 요청에 표를 줄지 상태(voter.state)마다 정하세요. 주면 OK, 아니면 err(이유).
  //   진짜 투표는 한 에포크에 한 후보에게만 줍니다: 이미 준 후보의 재전송이면 다시 주고, 다른 후보면 ALREADY_VOTED.
  //   리더를 알거나 로그가 뒤처졌으면(logUpToDate가 거짓) 주지 않습니다. 사전 투표(preVote)는 아무것도 기록하지 않으니
  //   로그만 최신이면 주되, Follower는 리더에게서 Fetch에 성공한 적이 있으면 거절합니다. 위의 주석이 상태마다의 표입니다.
  return todo(
    'canGrantVote: 같은 에포크의 Vote 요청에 표를 줄지 상태(voter.state)마다 정하세요. 주면 OK, 아니면 err(이유).',
  );
}

// ---------------------------------------------------------------------------------------------
// 선거 (Prospective → Candidate → Leader)
// ---------------------------------------------------------------------------------------------

/**
 * 한 에포크의 선거에서 모은 표. 사전 투표(Prospective)와 진짜 투표(Candidate)가 같은 모양을 씁니다.
 * Kafka `EpochElection`.
 */
export interface EpochElection {
  readonly voters: readonly number[];
  readonly granted: readonly number[];
  readonly rejected: readonly number[];
}

/** 선거를 시작합니다. 후보는 자기 자신에게 한 표를 줍니다. */
export function startElection(voters: readonly number[], localId: number): EpochElection {
  // TODO(9장): startElection: 투표자 목록으로 새 선거를 시작하세요. 후보(localId)는 처음부터 자기 자신에게 한 표를 줍니다.
  return todo(
    'startElection: 투표자 목록으로 새 선거를 시작하세요. 후보(localId)는 처음부터 자기 자신에게 한 표를 줍니다.',
  );
}

/**
 * 표 하나를 적습니다. 같은 투표자의 같은 답이 또 오면(재전송, 복제된 메시지) 그대로입니다.
 * 투표자가 아니거나, 준 표를 뒤집는 답은 받지 않습니다 (Kafka `EpochElection.recordVote`는 예외를 던집니다).
 */
export function recordVote(
  election: EpochElection,
  voterId: number,
  granted: boolean,
): Result<{ election: EpochElection }, 'NOT_A_VOTER' | 'VOTE_CHANGED'> {
  // TODO(9장): recordVote: voterId의 답(granted)을 적은 새 선거를 돌려주세요. election은 고치지 말고 새 객체를 만듭니다.
  //   투표자가 아니면 NOT_A_VOTER, 이미 적은 답과 반대면 VOTE_CHANGED, 같은 답이 또 오면(재전송) 그대로 ok입니다.
  return todo(
    'recordVote: voterId의 답(granted)을 적은 새 선거를 돌려주세요. election은 고치지 말고 새 객체를 만듭니다.',
  );
}

/**
 * 선거의 결과. 과반이 찬성하면 이겼고(`isVoteGranted`), 남은 표를 다 받아도 과반이 안 되면 졌습니다
 * (`isVoteRejected`). 그 사이는 아직 모릅니다.
 */
export function electionOutcome(election: EpochElection): 'won' | 'lost' | 'undecided' {
  // TODO(9장): electionOutcome: 찬성이 과반(majoritySize)이면 'won', 아직 답하지 않은 투표자가 모두 찬성해도
  //   과반이 안 되면 'lost', 그 사이면 'undecided'를 돌려주세요.
  return todo("electionOutcome: 찬성이 과반(majoritySize)이면 'won', 아직 답하지 않은 투표자가 모두 찬성해도");
}

/** 아직 답하지 않은 투표자들: 이들에게 Vote 요청을 (다시) 보냅니다. */
export function unrecordedVoters(election: EpochElection): number[] {
  // TODO(9장): unrecordedVoters: 아직 찬성도 반대도 적히지 않은 투표자들을 voters의 순서대로 돌려주세요.
  return todo('unrecordedVoters: 아직 찬성도 반대도 적히지 않은 투표자들을 voters의 순서대로 돌려주세요.');
}

/** 요청이나 응답에서 본 (리더, 에포크)에 맞춰 어디로 옮겨 갈지 */
export type EpochTransition =
  | { readonly to: 'stay' }
  | { readonly to: 'Follower'; readonly epoch: number; readonly leaderId: number }
  | { readonly to: 'Unattached'; readonly epoch: number };

/**
 * 다른 노드의 메시지에서 (리더, 에포크)를 봤을 때 어디로 옮겨 갈지. Kafka `KafkaRaftClient.maybeTransition`.
 *
 * - 더 높은 에포크: 어떤 상태든 물러납니다. 리더를 알려 주면 그 리더의 Follower, 아니면 Unattached.
 *   후보도, 리더도 예외가 아닙니다: 에포크가 곧 권위입니다.
 * - 같은 에포크에서 처음 리더를 알게 되면: 그 리더의 Follower가 됩니다.
 * - 같은 에포크에 다른 리더를 말하면: 한 에포크에 리더는 하나뿐이어야 하므로 불변식이 깨진 것입니다
 *   (Kafka는 IllegalStateException을 던집니다).
 */
export function transitionForObservedEpoch(
  local: { readonly epoch: number; readonly leaderId: number | null },
  observed: { readonly epoch: number; readonly leaderId: number | null },
): Result<{ transition: EpochTransition }, 'INCONSISTENT_LEADER'> {
  // TODO(9장): transitionForObservedEpoch: 남의 메시지에서 본 (에포크, 리더)에 맞춰 어디로 옮겨 갈지 돌려주세요.
  //   더 높은 에포크면 어떤 상태든 물러납니다: 리더를 알려 주면 그 Follower, 모르면 Unattached.
  //   같은 에포크에서 처음 리더를 알게 되면 그 Follower, 그 밖에는 stay. 같은 에포크에 리더가 둘이면 INCONSISTENT_LEADER.
  return todo('transitionForObservedEpoch: 남의 메시지에서 본 (에포크, 리더)에 맞춰 어디로 옮겨 갈지 돌려주세요.');
}

// ---------------------------------------------------------------------------------------------
// 하이 워터마크 (리더)
// ---------------------------------------------------------------------------------------------

export type HighWatermarkHold = 'NO_MAJORITY' | 'NO_RECORD_OF_CURRENT_EPOCH' | 'NOT_ADVANCED';

/**
 * 리더의 새 하이 워터마크. Kafka `LeaderState.maybeUpdateHighWatermark`.
 *
 * `voterEndOffsets`는 투표자마다(리더 자신 포함) 로그를 어디까지 갖고 있는지입니다: 팔로워는 마지막 Fetch의
 * 오프셋, 리더는 자기 로그 끝. 아직 Fetch하지 않은 투표자는 null입니다. 큰 것부터 늘어놓아 과반째 값이,
 * 과반이 갖고 있다고 확신할 수 있는 가장 큰 끝 오프셋입니다.
 *
 * 그 값이 `epochStartOffset`(이 리더가 뽑혔을 때의 로그 끝)보다 커야만 올립니다. 곧 리더 자기 에포크의 레코드가
 * 하나라도 과반에 닿아야 합니다. 이전 에포크의 레코드만 과반에 닿았을 때 커밋하면, 그 레코드는 다음 선거에서
 * 더 높은 에포크의 로그를 가진 후보에게 지워질 수 있습니다 (Raft 논문 Figure 8). 그래서 새 리더는 뽑히자마자
 * LeaderChange 레코드를 씁니다.
 *
 * 하이 워터마크는 줄지 않습니다: 지금 값보다 크지 않으면 그대로 둡니다.
 */
export function leaderHighWatermark(
  voterEndOffsets: readonly (number | null)[],
  epochStartOffset: number,
  current: number | null,
): Result<{ highWatermark: number }, HighWatermarkHold> {
  // TODO(9장): leaderHighWatermark: 투표자들의 끝 오프셋(아직 모르면 null)에서 과반이 가진 가장 큰 끝 오프셋을 찾아
  //   새 하이 워터마크로 돌려주세요. 과반이 모르면 NO_MAJORITY, 그 값이 epochStartOffset 이하(이 리더의 에포크의
  //   레코드가 아직 과반에 없음)면 NO_RECORD_OF_CURRENT_EPOCH, 지금 값(current)보다 크지 않으면 NOT_ADVANCED.
  return todo('leaderHighWatermark: 투표자들의 끝 오프셋(아직 모르면 null)에서 과반이 가진 가장 큰 끝 오프셋을 찾아');
}

// ---------------------------------------------------------------------------------------------
// 갈라진 로그 (Fetch의 divergingEpoch)
// ---------------------------------------------------------------------------------------------

/**
 * 리더가 팔로워의 Fetch 위치(fetchOffset, lastFetchedEpoch)를 자기 로그와 맞춰 봅니다. 리더 로그에서 그 에포크가
 * 끝나는 자리(`leaderEndOfEpoch` = `endOffsetForEpoch(lastFetchedEpoch)`)와 다르면, 팔로워의 로그는 거기서
 * 갈라졌습니다: 리더는 레코드 대신 그 (에포크, 끝 오프셋)을 divergingEpoch로 돌려줍니다.
 * Kafka `ReplicatedLog.validateOffsetAndEpoch`의 DIVERGING 갈래.
 */
export function validateFetchPosition(
  fetch: OffsetAndEpoch,
  leaderEndOfEpoch: OffsetAndEpoch,
): Result<object, { readonly divergingEpoch: OffsetAndEpoch }> {
  // TODO(9장): validateFetchPosition: 팔로워의 Fetch 위치(fetch)가 리더 로그에서 그 에포크의 끝(leaderEndOfEpoch)과
  //   맞으면 OK, 갈라졌으면 err({ divergingEpoch: leaderEndOfEpoch })를 돌려주세요. 리더에게 그 에포크가 없거나
  //   (끝의 에포크가 다름) 팔로워가 그 에포크의 끝보다 더 갔으면 갈라진 것입니다.
  return todo('validateFetchPosition: 팔로워의 Fetch 위치(fetch)가 리더 로그에서 그 에포크의 끝(leaderEndOfEpoch)과');
}

/**
 * 팔로워가 divergingEpoch를 받고 잘라 낼 자리. Kafka `ReplicatedLog.truncateToEndOffset`.
 *
 * `localEndOfEpoch`는 팔로워 자기 로그의 `endOffsetForEpoch(divergingEpoch.epoch)`입니다. 그 에포크를 팔로워도
 * 갖고 있으면 둘 중 짧은 쪽까지 남기고, 갖고 있지 않으면 그 에포크보다 앞선 마지막 에포크의 끝까지 남깁니다.
 * 잘라 낸 뒤 다시 Fetch하면 리더가 또 맞춰 보므로, 한 번에 정확할 필요는 없고 너무 많이 남기지만 않으면 됩니다.
 */
export function truncationOffset(
  diverging: OffsetAndEpoch,
  localEndOfEpoch: OffsetAndEpoch,
  localEndOffset: number,
): number {
  // TODO(9장): truncationOffset: divergingEpoch를 받은 팔로워가 남길 로그의 끝(이 오프셋부터 지웁니다)을 돌려주세요.
  //   끝 오프셋은 "그 에포크의 마지막 레코드 다음 자리"입니다. 팔로워도 그 에포크를 가졌으면 두 끝 중 짧은 쪽,
  //   갖지 않았으면 그보다 앞선 자기 에포크의 끝까지 남깁니다. 에포크 0은 로그 끝을 넘지 않게 합니다.
  return todo('truncationOffset: divergingEpoch를 받은 팔로워가 남길 로그의 끝(이 오프셋부터 지웁니다)을 돌려주세요.');
}

// ---------------------------------------------------------------------------------------------
// 요청 검사
// ---------------------------------------------------------------------------------------------

/**
 * 리더십을 다투는 요청(Vote, BeginQuorumEpoch, EndQuorumEpoch)의 공통 검사.
 * Kafka `KafkaRaftClient.validateVoterOnlyRequest`: 낡은 에포크는 FENCED_LEADER_EPOCH, 음수 노드 ID는 INVALID_REQUEST.
 */
export function validateVoterOnlyRequest(
  localEpoch: number,
  remoteNodeId: number,
  requestEpoch: number,
): Result<object, number> {
  if (requestEpoch < localEpoch) return err(ErrorCode.FENCED_LEADER_EPOCH);
  if (remoteNodeId < 0) return err(ErrorCode.INVALID_REQUEST);
  return OK;
}

/**
 * 리더에게만 보내는 요청(Fetch, FetchSnapshot)의 공통 검사. Kafka `KafkaRaftClient.validateLeaderOnlyRequest`:
 * 낡은 에포크는 FENCED_LEADER_EPOCH, 더 새 에포크는 UNKNOWN_LEADER_EPOCH(아직 내가 모르는 선거),
 * 리더가 아니면 NOT_LEADER_OR_FOLLOWER, 종료 중이면 BROKER_NOT_AVAILABLE.
 */
export function validateLeaderOnlyRequest(
  local: { readonly epoch: number; readonly isLeader: boolean; readonly shuttingDown: boolean },
  requestEpoch: number,
): Result<object, number> {
  if (requestEpoch < local.epoch) return err(ErrorCode.FENCED_LEADER_EPOCH);
  if (requestEpoch > local.epoch) return err(ErrorCode.UNKNOWN_LEADER_EPOCH);
  if (!local.isLeader) return err(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  if (local.shuttingDown) return err(ErrorCode.BROKER_NOT_AVAILABLE);
  return OK;
}
