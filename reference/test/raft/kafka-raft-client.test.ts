/**
 * 쿼럼 상태 기계의 메시지 × 상태 표 (reference/src/raft/README.md의 표). 줄마다 시험 하나이고, 이름은 Kafka의
 * `KafkaRaftClientTest`, `KafkaRaftClientPreVoteTest`, `KafkaRaftClientSnapshotTest`에서 같은 경우를 다루는
 * 시험의 이름입니다. Kafka에 그 경우의 시험이 없으면 같은 말투로 이름을 지었습니다 (README에 표시).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  CLUSTER_ID,
  fetchRequest,
  fetchResponse,
  RaftTestContext,
  records,
  SNAPSHOT_FORMAT,
  voteRequest,
  voteResponse,
} from './context.js';

/** 에포크 `epoch`에 `leaderId`를 따르는 노드 1 (투표자 1, 2, 3) */
function follower(epoch: number, leaderId: number, votedId: number | null = null) {
  return new RaftTestContext({ election: { epoch, leaderId, votedId, voters: [1, 2, 3] } });
}

describe('Vote 요청 (KafkaRaftClient.handleVoteRequest)', () => {
  it('testVoteRequestClusterIdValidation: 다른 클러스터의 요청은 INCONSISTENT_CLUSTER_ID', () => {
    const ctx = follower(2, 2);
    const { response } = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 3, replicaId: 3, clusterId: 'other' }));
    expect(response).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, voteGranted: false });
    expect(ctx.client.epoch).toBe(2);
  });

  it('testInvalidVoteRequest: 마지막 에포크가 후보 에포크 이상이거나 오프셋이 음수면 INVALID_REQUEST', () => {
    const ctx = follower(2, 2);
    const sameEpoch = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 3, replicaId: 3, lastOffsetEpoch: 3 }));
    expect(sameEpoch.response).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, voteGranted: false });
    const negative = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 3, replicaId: 3, lastOffset: -1 }));
    expect(negative.response).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
    expect(ctx.client.epoch).toBe(2);
  });

  it('testHandleInvalidVoteRequestWithOlderEpoch: 낡은 에포크는 FENCED_LEADER_EPOCH, 상태는 그대로', () => {
    const ctx = follower(5, 2);
    const { response } = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 4, replicaId: 3 }));
    expect(response).toMatchObject({
      errorCode: ErrorCode.FENCED_LEADER_EPOCH,
      leaderEpoch: 5,
      leaderId: 2,
      voteGranted: false,
    });
    expect(ctx.client.state.name).toBe('Follower');
  });

  it('testHandleValidVoteRequestAsFollower: 더 높은 에포크의 최신 후보에게 표를 주고 quorum-state에 적습니다', () => {
    const ctx = follower(2, 2);
    ctx.persisted.length = 0;
    const { response } = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 3, replicaId: 3 }));
    expect(response).toMatchObject({ errorCode: ErrorCode.NONE, leaderEpoch: 3, leaderId: -1, voteGranted: true });
    expect(ctx.client.state).toMatchObject({ name: 'Unattached', epoch: 3, votedId: 3 });
    expect(ctx.lastPersistedElection()).toEqual({ epoch: 3, leaderId: null, votedId: 3, voters: [1, 2, 3] });
  });

  it('testVoteIsPersistedBeforeTheResponseIsSent: 표를 준 Ready는 persist에 선거 상태를, send에 응답을 담습니다', () => {
    const ctx = follower(2, 2);
    ctx.client.step(
      { kind: 'request', requestId: 99, from: 3, request: voteRequest({ replicaEpoch: 3, replicaId: 3 }) },
      ctx.now,
    );
    const ready = ctx.client.ready();
    expect(ready.persist[0]).toEqual({
      op: 'election',
      state: { epoch: 3, leaderId: null, votedId: 3, voters: [1, 2, 3] },
    });
    expect(ready.send).toContainEqual({
      kind: 'response',
      requestId: 99,
      response: expect.objectContaining({ voteGranted: true }),
    });
  });

  it('testHandleVoteRequestAsFollowerWithElectedLeader: 리더가 있는 에포크에는 진짜 투표를 주지 않습니다', () => {
    const ctx = follower(2, 2);
    const { response } = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 2, replicaId: 3, lastOffsetEpoch: 1 }));
    expect(response).toMatchObject({ errorCode: ErrorCode.NONE, leaderId: 2, leaderEpoch: 2, voteGranted: false });
    expect(ctx.client.state).toMatchObject({ name: 'Follower', leaderId: 2 });
  });

  it('testHandleVoteRequestAsFollowerWithVotedCandidate: 한 에포크에 한 후보에게만 (같은 후보의 재요청에는 다시)', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: 2, voters: [1, 2, 3] } });
    const other = ctx.deliverRequest(3, voteRequest({ replicaEpoch: 2, replicaId: 3, lastOffsetEpoch: 1 }));
    expect(other.response).toMatchObject({ voteGranted: false });
    const same = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 2, replicaId: 2, lastOffsetEpoch: 1 }));
    expect(same.response).toMatchObject({ voteGranted: true });
    expect(ctx.client.votedId).toBe(2);
  });

  it('testHandleVoteRequestWithOutdatedLog: 로그가 뒤처진 후보에게는 주지 않고, 아무것도 적지 않습니다', () => {
    const ctx = new RaftTestContext({
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
      entries: records(0, 5, 2),
    });
    const shorter = ctx.deliverRequest(
      3,
      voteRequest({ replicaEpoch: 3, replicaId: 3, lastOffsetEpoch: 2, lastOffset: 4 }),
    );
    expect(shorter.response).toMatchObject({ voteGranted: false, leaderEpoch: 3 });
    const olderEpoch = ctx.deliverRequest(
      2,
      voteRequest({ replicaEpoch: 3, replicaId: 2, lastOffsetEpoch: 1, lastOffset: 9 }),
    );
    expect(olderEpoch.response).toMatchObject({ voteGranted: false });
    expect(ctx.client.state).toMatchObject({ name: 'Unattached', epoch: 3, votedId: null });
  });

  it('testCandidateIgnoreVoteRequestOnSameEpoch: 후보는 같은 에포크의 다른 후보에게 주지 않습니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 3, leaderId: null, votedId: 1, voters: [1, 2, 3] } });
    expect(ctx.client.state.name).toBe('Candidate');
    const { response } = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 3, replicaId: 2, lastOffsetEpoch: 0 }));
    expect(response).toMatchObject({ voteGranted: false, leaderEpoch: 3 });
    expect(ctx.client.state.name).toBe('Candidate');
  });

  it('testLeaderIgnoreVoteRequestOnSameEpoch: 리더는 같은 에포크의 투표에 주지 않습니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    const epoch = ctx.client.epoch;
    const { response } = ctx.deliverRequest(
      3,
      voteRequest({ replicaEpoch: epoch, replicaId: 3, lastOffsetEpoch: 0, lastOffset: 9 }),
    );
    expect(response).toMatchObject({ voteGranted: false, leaderId: 1, leaderEpoch: epoch });
    expect(ctx.client.state.name).toBe('Leader');
  });

  it('testRejectVotesFromSameEpochAfterResigningLeadership: 물러난 리더는 그 에포크에 투표하지 않습니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: 1, votedId: null, voters: [1, 2, 3] } });
    expect(ctx.client.state.name).toBe('Resigned');
    const { response } = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 2, replicaId: 2, lastOffsetEpoch: 1 }));
    expect(response).toMatchObject({ voteGranted: false, leaderId: 1, leaderEpoch: 2 });
  });

  it('testGrantVotesFromHigherEpochAfterResigningLeadership: 더 높은 에포크에는 투표합니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: 1, votedId: null, voters: [1, 2, 3] } });
    const { response } = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 3, replicaId: 2, lastOffsetEpoch: 1 }));
    expect(response).toMatchObject({ voteGranted: true, leaderEpoch: 3 });
    expect(ctx.client.state).toMatchObject({ name: 'Unattached', epoch: 3, votedId: 2 });
  });

  it('testHandleVoteRequestAsObserver: 관찰자도 같은 규칙으로 답합니다', () => {
    const ctx = new RaftTestContext({
      localId: 4,
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
    });
    expect(ctx.client.isVoter).toBe(false);
    const { response } = ctx.deliverRequest(
      2,
      voteRequest({ replicaEpoch: 3, replicaId: 2, voterId: 4, lastOffsetEpoch: 1 }),
    );
    expect(response).toMatchObject({ voteGranted: true, leaderEpoch: 3 });
  });
});

describe('사전 투표 요청 (KIP-996, KafkaRaftClientPreVoteTest)', () => {
  it('testHandlePreVoteRequestAsFollower: 리더에게서 Fetch에 성공하기 전에는 주고, 성공한 뒤에는 거절합니다', () => {
    const ctx = follower(2, 3);
    const before = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 2, replicaId: 2, preVote: true }));
    expect(before.response).toMatchObject({ voteGranted: true, leaderId: 3, leaderEpoch: 2 });

    const fetch = ctx.takeSent('Fetch', 3);
    ctx.deliverResponse(fetch, fetchResponse({ leaderEpoch: 2, leaderId: 3, highWatermark: 0 }));
    const after = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 2, replicaId: 2, preVote: true }));
    expect(after.response).toMatchObject({ voteGranted: false, leaderId: 3 });
    expect(ctx.client.state).toMatchObject({ name: 'Follower', leaderId: 3, epoch: 2 });
  });

  it('testHandlePreVoteRequestWithHigherEpochAsFollower: 더 높은 에포크의 사전 투표도 그 에포크의 Unattached로 물러나게 합니다', () => {
    const ctx = follower(2, 3);
    const { response } = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 3, replicaId: 2, preVote: true }));
    expect(response).toMatchObject({ voteGranted: true, leaderEpoch: 3, leaderId: -1 });
    expect(ctx.client.state).toMatchObject({ name: 'Unattached', epoch: 3, votedId: null });
  });

  it('testHandlePreVoteRequestAsCandidate: 후보는 같은 에포크의 최신 로그에 사전 투표를 줍니다 (상태는 그대로)', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: 1, voters: [1, 2, 3] } });
    const { response } = ctx.deliverRequest(
      2,
      voteRequest({ replicaEpoch: 2, replicaId: 2, preVote: true, lastOffsetEpoch: 1, lastOffset: 1 }),
    );
    expect(response).toMatchObject({ voteGranted: true });
    expect(ctx.client.state).toMatchObject({ name: 'Candidate', epoch: 2 });
  });

  it('testHandlePreVoteRequestAsUnattachedVoted: 이미 표를 준 에포크에도 사전 투표는 아무에게나 주고, 적지 않습니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: 3, voters: [1, 2, 3] } });
    ctx.persisted.length = 0;
    const { response } = ctx.deliverRequest(2, voteRequest({ replicaEpoch: 2, replicaId: 2, preVote: true }));
    expect(response).toMatchObject({ voteGranted: true });
    expect(ctx.client.votedId).toBe(3);
    expect(ctx.lastPersistedElection()).toBeUndefined();
  });

  it('testLeaderRejectPreVoteRequestOnSameEpoch: 리더는 사전 투표도 거절합니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    const epoch = ctx.client.epoch;
    const { response } = ctx.deliverRequest(
      3,
      voteRequest({ replicaEpoch: epoch, replicaId: 3, preVote: true, lastOffsetEpoch: epoch, lastOffset: 9 }),
    );
    expect(response).toMatchObject({ voteGranted: false });
  });

  it('testRejectPreVoteWithOutdatedLog: 로그가 뒤처진 노드의 사전 투표는 거절합니다', () => {
    const ctx = new RaftTestContext({
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
      entries: records(0, 3, 2),
    });
    const { response } = ctx.deliverRequest(
      2,
      voteRequest({ replicaEpoch: 2, replicaId: 2, preVote: true, lastOffsetEpoch: 2, lastOffset: 2 }),
    );
    expect(response).toMatchObject({ voteGranted: false });
  });
});

describe('Vote 응답과 선거 (handleVoteResponse, pollProspective, pollCandidate)', () => {
  it('testVoterBecomeProspectiveAfterElectionTimeout: 선거 시간 제한이 지나면 에포크를 올리지 않고 사전 투표를 보냅니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] } });
    ctx.clearSent();
    ctx.advance(2000);
    expect(ctx.client.state).toMatchObject({ name: 'Prospective', epoch: 2 });
    expect(ctx.sentTo('Vote')).toEqual([2, 3]);
    expect(ctx.takeSent('Vote', 2).request).toMatchObject({ preVote: true, replicaEpoch: 2, replicaId: 1 });
  });

  it('testProspectiveTransitionsToCandidateAfterMajorityPreVotes: 사전 투표 과반이면 에포크를 올리고 자기에게 투표합니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] } });
    ctx.advance(2000);
    ctx.grantVotes([2]);
    expect(ctx.client.state).toMatchObject({ name: 'Candidate', epoch: 3 });
    expect(ctx.lastPersistedElection()).toEqual({ epoch: 3, leaderId: null, votedId: 1, voters: [1, 2, 3] });
    expect(ctx.takeSent('Vote', 3).request).toMatchObject({ preVote: false, replicaEpoch: 3 });
  });

  it('testInitializeAsCandidateAndBecomeLeaderQuorumOfThree: 투표 과반이면 리더가 되고 LeaderChange를 곧바로 씁니다', () => {
    const ctx = new RaftTestContext({
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
      entries: records(0, 4, 1),
    });
    ctx.becomeLeader([3]);
    const leader = ctx.client.state;
    expect(leader).toMatchObject({ name: 'Leader', epoch: 3, epochStartOffset: 4 });
    expect(ctx.client.entry(4)).toEqual({
      offset: 4,
      epoch: 3,
      record: { type: 'LeaderChange', leaderId: 1, voters: [1, 2, 3], grantingVoters: [1, 3] },
    });
    expect(ctx.lastPersistedElection()).toEqual({ epoch: 3, leaderId: 1, votedId: null, voters: [1, 2, 3] });
    expect(ctx.sentTo('BeginQuorumEpoch')).toEqual([2, 3]);
  });

  it('testProspectiveLosesElectionWithKnownLeader: 사전 투표에 지면 알던 리더의 Follower로 돌아갑니다 (같은 에포크)', () => {
    const ctx = follower(2, 3);
    ctx.advance(2000); // fetch 시간 제한
    expect(ctx.client.state).toMatchObject({ name: 'Prospective', epoch: 2, leaderId: 3 });
    ctx.deliverResponse(ctx.takeSent('Vote', 2), voteResponse(2, 3, false));
    ctx.deliverResponse(ctx.takeSent('Vote', 3), voteResponse(2, 3, false));
    expect(ctx.client.state).toMatchObject({ name: 'Follower', epoch: 2, leaderId: 3 });
  });

  it('testRetryElection: 후보의 선거 시간 제한이 지나면 다시 사전 투표부터 시작합니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: 1, voters: [1, 2, 3] } });
    expect(ctx.client.state.name).toBe('Candidate');
    ctx.deliverResponse(ctx.takeSent('Vote', 2), voteResponse(2, null, false));
    ctx.deliverResponse(ctx.takeSent('Vote', 3), voteResponse(2, null, false));
    expect(ctx.client.state.name).toBe('Candidate'); // 진 후보는 시간 제한까지 기다립니다
    ctx.advance(2000);
    expect(ctx.client.state).toMatchObject({ name: 'Prospective', epoch: 2, votedId: 1 });
  });

  it('testVoteResponseIgnoredAfterBecomingFollower: 더 높은 에포크의 리더를 알려 주는 응답이면 그 Follower가 됩니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: 1, voters: [1, 2, 3] } });
    ctx.deliverResponse(ctx.takeSent('Vote', 2), voteResponse(4, 3, false));
    expect(ctx.client.state).toMatchObject({ name: 'Follower', epoch: 4, leaderId: 3 });
    ctx.deliverResponse(ctx.takeSent('Vote', 3), voteResponse(2, null, true));
    expect(ctx.client.state).toMatchObject({ name: 'Follower', epoch: 4 });
  });

  it('testInitializeSingleMemberQuorum: 투표자가 자기뿐이면 곧바로 리더가 되고 커밋합니다', () => {
    const ctx = new RaftTestContext({ voters: [1] });
    expect(ctx.client.state).toMatchObject({ name: 'Leader', epoch: 1 });
    expect(ctx.client.highWatermark).toBe(1);
    expect(ctx.applied).toEqual([{ kind: 'commit', entries: [expect.objectContaining({ offset: 0, epoch: 1 })] }]);
  });
});

describe('다시 켜질 때 (QuorumState.initialize)', () => {
  it('testInitializeAsResignedLeaderFromStateStore: 리더였으면 같은 에포크의 Resigned로 시작합니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 3, leaderId: 1, votedId: null, voters: [1, 2, 3] } });
    expect(ctx.client.state).toMatchObject({ name: 'Resigned', epoch: 3 });
    expect(ctx.sentTo('EndQuorumEpoch')).toEqual([2, 3]);
  });

  it('testInitializeAsCandidateFromStateStore: 자기에게 투표했으면 Candidate로 시작해 투표를 다시 모읍니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 3, leaderId: null, votedId: 1, voters: [1, 2, 3] } });
    expect(ctx.client.state).toMatchObject({ name: 'Candidate', epoch: 3 });
    expect(ctx.sentTo('Vote')).toEqual([2, 3]);
  });

  it('testInitializeAsFollowerWhenLeaderKnownAfterVotingForSelf: 자기에게 투표했어도 그 에포크의 리더를 알면 Follower', () => {
    const ctx = new RaftTestContext({
      election: { epoch: 3, leaderId: 2, votedId: 1, voters: [1, 2, 3] },
      entries: records(0, 2, 3),
    });
    expect(ctx.client.state).toMatchObject({ name: 'Follower', epoch: 3, leaderId: 2, votedId: 1 });
  });

  it('testInitializeWithEpochBehindLog: quorum-state가 로그보다 뒤처졌으면 로그의 에포크로 Unattached', () => {
    const ctx = new RaftTestContext({
      election: { epoch: 1, leaderId: 2, votedId: null, voters: [1, 2, 3] },
      entries: records(0, 2, 4),
    });
    expect(ctx.client.state).toMatchObject({ name: 'Unattached', epoch: 4, leaderId: null });
  });

  it('testInitializeAsFollowerEmptyLog: 리더를 알면 Follower로 시작해 곧바로 Fetch를 보냅니다', () => {
    const ctx = follower(2, 3);
    expect(ctx.takeSent('Fetch', 3).request).toMatchObject({
      fetchOffset: 0,
      lastFetchedEpoch: 0,
      currentLeaderEpoch: 2,
      replicaId: 1,
    });
  });
});

describe('BeginQuorumEpoch', () => {
  it('testHandleBeginQuorumRequest: 더 높은 에포크의 리더를 따릅니다', () => {
    const ctx = new RaftTestContext({ election: { epoch: 2, leaderId: null, votedId: 3, voters: [1, 2, 3] } });
    const { response } = ctx.deliverRequest(3, {
      api: 'BeginQuorumEpoch',
      clusterId: CLUSTER_ID,
      voterId: 1,
      leaderId: 3,
      leaderEpoch: 3,
    });
    expect(response).toMatchObject({ errorCode: ErrorCode.NONE, leaderId: 3, leaderEpoch: 3 });
    expect(ctx.client.state).toMatchObject({ name: 'Follower', epoch: 3, leaderId: 3 });
  });

  it('testHandleBeginQuorumRequestWithStaleEpoch: 낡은 에포크는 FENCED_LEADER_EPOCH', () => {
    const ctx = follower(5, 2);
    const { response } = ctx.deliverRequest(3, {
      api: 'BeginQuorumEpoch',
      clusterId: CLUSTER_ID,
      voterId: 1,
      leaderId: 3,
      leaderEpoch: 4,
    });
    expect(response).toMatchObject({ errorCode: ErrorCode.FENCED_LEADER_EPOCH, leaderId: 2, leaderEpoch: 5 });
  });

  it('testHandleBeginQuorumResponse: 인정한 투표자에게는 다시 보내지 않습니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    const epoch = ctx.client.epoch;
    ctx.deliverResponse(ctx.takeSent('BeginQuorumEpoch', 2), {
      api: 'BeginQuorumEpoch',
      errorCode: 0,
      leaderId: 1,
      leaderEpoch: epoch,
    });
    ctx.takeSent('BeginQuorumEpoch', 3);
    ctx.advance(2000); // 3에게 보낸 요청의 시간 제한이 지난 뒤, 타이머(fetch 시간 제한의 절반)가 다시 보냅니다
    expect(ctx.sentTo('BeginQuorumEpoch')).toEqual([3]);
  });

  it('testBeginQuorumEpochHeartbeat: 인정하지 않은 투표자에게는 fetch 시간 제한의 절반마다 다시 보냅니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    ctx.clearSent();
    ctx.advance(999);
    expect(ctx.sentTo('BeginQuorumEpoch')).toEqual([]);
    // 타이머는 1000ms에 끝나지만, 답을 기다리는 요청이 있는 동안(요청 시간 제한 2000ms)은 한 노드에 하나만 보냅니다.
    ctx.advance(1001);
    expect(ctx.sentTo('BeginQuorumEpoch')).toEqual([2, 3]);
  });
});

describe('EndQuorumEpoch와 우아한 종료', () => {
  it('testLeaderGracefulShutdown: 리더는 물러나며 EndQuorumEpoch를 보내고, 새 리더를 알면 종료를 마칩니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    const epoch = ctx.client.epoch;
    ctx.client.shutdown(5000, ctx.now);
    ctx.drain();
    expect(ctx.client.state.name).toBe('Resigned');
    expect(ctx.sentTo('EndQuorumEpoch')).toEqual([2, 3]);
    expect(ctx.client.isShutdownComplete).toBe(false);
    ctx.deliverRequest(2, {
      api: 'BeginQuorumEpoch',
      clusterId: CLUSTER_ID,
      voterId: 1,
      leaderId: 2,
      leaderEpoch: epoch + 1,
    });
    expect(ctx.client.isShutdownComplete).toBe(true);
  });

  it('testEndQuorumEpochSentBasedOnFetchOffset: 후임 순서는 로그를 많이 가져간 투표자부터입니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader([2]);
    const epoch = ctx.client.epoch;
    ctx.deliverRequest(
      3,
      fetchRequest({ replicaId: 3, currentLeaderEpoch: epoch, fetchOffset: 1, lastFetchedEpoch: epoch }),
    );
    ctx.deliverRequest(2, fetchRequest({ replicaId: 2, currentLeaderEpoch: epoch, fetchOffset: 0 }));
    ctx.client.shutdown(5000, ctx.now);
    ctx.drain();
    expect(ctx.takeSent('EndQuorumEpoch', 2).request).toMatchObject({
      preferredSuccessors: [3, 2],
      leaderId: 1,
      leaderEpoch: epoch,
    });
  });

  it('testHandleEndQuorumRequest: 첫째 후임은 곧바로 선거를 시작합니다', () => {
    const ctx = follower(2, 2);
    ctx.deliverRequest(2, {
      api: 'EndQuorumEpoch',
      clusterId: CLUSTER_ID,
      leaderId: 2,
      leaderEpoch: 2,
      preferredSuccessors: [1, 3],
    });
    ctx.advance(1);
    expect(ctx.client.state).toMatchObject({ name: 'Prospective', epoch: 2 });
  });

  it('testHandleEndQuorumRequestWithLowerPriorityToBecomeLeader: 뒤 순서는 지수적으로 더 기다립니다', () => {
    const ctx = follower(2, 2);
    ctx.deliverRequest(2, {
      api: 'EndQuorumEpoch',
      clusterId: CLUSTER_ID,
      leaderId: 2,
      leaderEpoch: 2,
      preferredSuccessors: [3, 1],
    });
    // 후임 2명 중 둘째: (electionBackoffMaxMs 1000 >> (2 - 1)) << (1 - 1) = 500ms 뒤
    ctx.advance(499);
    expect(ctx.client.state.name).toBe('Follower');
    ctx.advance(1);
    expect(ctx.client.state.name).toBe('Prospective');
  });

  it('testEndQuorumIgnoredAsCandidateIfOlderEpoch: 낡은 에포크는 FENCED_LEADER_EPOCH', () => {
    const ctx = new RaftTestContext({ election: { epoch: 4, leaderId: null, votedId: 1, voters: [1, 2, 3] } });
    const { response } = ctx.deliverRequest(2, {
      api: 'EndQuorumEpoch',
      clusterId: CLUSTER_ID,
      leaderId: 2,
      leaderEpoch: 3,
      preferredSuccessors: [],
    });
    expect(response).toMatchObject({ errorCode: ErrorCode.FENCED_LEADER_EPOCH });
    expect(ctx.client.state.name).toBe('Candidate');
  });
});

describe('Fetch 요청 (리더 쪽, handleFetchRequest)', () => {
  function leaderWithLog() {
    const ctx = new RaftTestContext({
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
      entries: records(0, 3, 1),
    });
    ctx.becomeLeader();
    return { ctx, epoch: ctx.client.epoch };
  }

  it('testInvalidFetchRequest: 음수 오프셋, 음수 에포크, 요청 에포크보다 큰 lastFetchedEpoch는 INVALID_REQUEST', () => {
    const { ctx, epoch } = leaderWithLog();
    for (const bad of [
      { fetchOffset: -1 },
      { lastFetchedEpoch: -1 },
      { lastFetchedEpoch: epoch + 1 },
      { maxWaitMs: -1 },
    ]) {
      const { response } = ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, ...bad }));
      expect(response).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
    }
  });

  it('testFetchRequestClusterIdValidation: 다른 클러스터의 Fetch는 INCONSISTENT_CLUSTER_ID', () => {
    const { ctx, epoch } = leaderWithLog();
    const { response } = ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, clusterId: 'other' }));
    expect(response).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID });
  });

  it('testFetchRequestEpochValidation: 낡은 에포크는 FENCED_LEADER_EPOCH, 모르는 새 에포크는 UNKNOWN_LEADER_EPOCH', () => {
    const { ctx, epoch } = leaderWithLog();
    expect(ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch - 1 })).response).toMatchObject({
      errorCode: ErrorCode.FENCED_LEADER_EPOCH,
      leaderId: 1,
      leaderEpoch: epoch,
    });
    expect(ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch + 1 })).response).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_LEADER_EPOCH,
    });
  });

  it('testFetchRequestAsNonLeader: 리더가 아니면 NOT_LEADER_OR_FOLLOWER와 아는 리더를 돌려줍니다', () => {
    const ctx = follower(2, 3);
    const { response } = ctx.deliverRequest(4, fetchRequest({ currentLeaderEpoch: 2, replicaId: 4 }));
    expect(response).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, leaderId: 3, leaderEpoch: 2 });
  });

  it('testFollowerReplication: 리더는 Fetch 위치부터 레코드를 주고, 과반이 자기 에포크의 레코드를 가져가야 하이 워터마크를 올립니다', () => {
    const { ctx, epoch } = leaderWithLog(); // 0..2는 에포크 1, 3은 LeaderChange(에포크 3)
    expect(ctx.client.highWatermark).toBeNull();
    const first = ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 0 }));
    expect(first.response).toMatchObject({ records: [{ offset: 0 }, { offset: 1 }, { offset: 2 }, { offset: 3 }] });
    // 투표자 2가 3까지(이전 에포크의 레코드까지만) 가져갔다는 것으로는 오르지 않습니다.
    ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 3, lastFetchedEpoch: 1 }));
    expect(ctx.client.highWatermark).toBeNull();
    const second = ctx.deliverRequest(
      2,
      fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 4, lastFetchedEpoch: epoch }),
    );
    expect(ctx.client.highWatermark).toBe(4);
    expect(second.response).toMatchObject({ highWatermark: 4 });
    expect(ctx.applied.at(-1)).toMatchObject({ kind: 'commit' });
  });

  it('testLeaderImmediatelySendsDivergingEpoch: 팔로워 로그가 갈라졌으면 divergingEpoch를 곧바로 돌려줍니다', () => {
    const { ctx, epoch } = leaderWithLog();
    const { response } = ctx.deliverRequest(
      2,
      fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 5, lastFetchedEpoch: 2, maxWaitMs: 500 }),
    );
    expect(response).toMatchObject({ errorCode: 0, divergingEpoch: { epoch: 1, offset: 3 }, records: [] });
  });

  it('testPurgatoryFetchSatisfiedByWrite: 줄 것이 없는 Fetch는 붙잡았다가 새 레코드가 오면 답합니다', () => {
    const { ctx, epoch } = leaderWithLog();
    ctx.deliverRequest(
      3,
      fetchRequest({ replicaId: 3, currentLeaderEpoch: epoch, fetchOffset: 4, lastFetchedEpoch: epoch }),
    );
    const parked = ctx.deliverRequest(
      2,
      fetchRequest({
        currentLeaderEpoch: epoch,
        fetchOffset: 4,
        lastFetchedEpoch: epoch,
        maxWaitMs: 500,
        highWatermark: 4,
      }),
    );
    expect(parked.response).toBeUndefined();
    expect(ctx.client.append(epoch, ['new'], ctx.now).ok).toBe(true);
    ctx.drain();
    expect(ctx.responses.get(parked.requestId)).toMatchObject({ records: [expect.objectContaining({ offset: 4 })] });
  });

  it('testPurgatoryFetchTimeout: maxWaitMs가 지나면 빈 응답으로 답합니다', () => {
    const { ctx, epoch } = leaderWithLog();
    ctx.deliverRequest(
      3,
      fetchRequest({ replicaId: 3, currentLeaderEpoch: epoch, fetchOffset: 4, lastFetchedEpoch: epoch }),
    );
    const parked = ctx.deliverRequest(
      2,
      fetchRequest({
        currentLeaderEpoch: epoch,
        fetchOffset: 4,
        lastFetchedEpoch: epoch,
        maxWaitMs: 500,
        highWatermark: 4,
      }),
    );
    ctx.advance(499);
    expect(ctx.responses.get(parked.requestId)).toBeUndefined();
    ctx.advance(1);
    expect(ctx.responses.get(parked.requestId)).toMatchObject({ errorCode: 0, records: [], highWatermark: 4 });
  });

  it('testLeaderShouldResignLeadershipIfNotGetFetchRequestFromMajorityVoters: check-quorum이 끝나면 물러납니다', () => {
    const { ctx, epoch } = leaderWithLog();
    ctx.advance(2999); // fetch 시간 제한 2000 × 1.5
    ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 4, lastFetchedEpoch: epoch }));
    ctx.advance(2999);
    expect(ctx.client.state.name).toBe('Leader'); // 투표자 2의 Fetch가 타이머를 다시 걸었습니다
    ctx.advance(1);
    expect(ctx.client.state).toMatchObject({ name: 'Resigned', epoch });
  });

  it('testLeaderAndEpochWhileResigned: 물러나는 중인 리더도 이 에포크의 리더로 자기를 답하고, 붙이기는 거절합니다', () => {
    // Kafka `QuorumState.leaderAndEpoch()` → `ResignedState.election()`: 리더는 자기, 에포크는 그대로. 응용(컨트롤러)은
    // 리더가 바뀌었다는 알림을 받지 않고, 레코드를 붙이려 할 때 NOT_LEADER를 받습니다 (Kafka `NotLeaderException`).
    const { ctx, epoch } = leaderWithLog();
    expect(ctx.client.leaderAndEpoch()).toEqual({ leaderId: 1, epoch });
    ctx.advance(3000); // check-quorum: 과반의 Fetch가 없었습니다
    expect(ctx.client.state).toMatchObject({ name: 'Resigned', epoch });
    expect(ctx.client.leaderAndEpoch()).toEqual({ leaderId: 1, epoch });
    expect(ctx.client.append(epoch, ['x'], ctx.now)).toEqual({ ok: false, error: 'NOT_LEADER' });
  });

  it('testLeaderShouldNotResignLeadershipIfOnlyOneVoters: 투표자가 하나면 물러나지 않습니다', () => {
    const ctx = new RaftTestContext({ voters: [1] });
    ctx.advance(60_000);
    expect(ctx.client.state.name).toBe('Leader');
  });
});

describe('Fetch 응답 (팔로워 쪽, handleFetchResponse)', () => {
  it('testFollowerReplicationAppendsAndAdvancesHighWatermark: 레코드를 붙이고 하이 워터마크는 자기 로그 끝까지만', () => {
    const ctx = follower(2, 3);
    const fetch = ctx.takeSent('Fetch', 3);
    ctx.deliverResponse(
      fetch,
      fetchResponse({ leaderEpoch: 2, leaderId: 3, records: records(0, 2, 2), highWatermark: 5 }),
    );
    expect(ctx.client.logEndOffset).toBe(2);
    expect(ctx.client.highWatermark).toBe(2);
    expect(ctx.persisted).toContainEqual({ op: 'append', entries: records(0, 2, 2) });
    expect(ctx.takeSent('Fetch', 3).request).toMatchObject({ fetchOffset: 2, lastFetchedEpoch: 2, highWatermark: 2 });
  });

  it('testFollowerLogReconciliation: divergingEpoch를 받으면 그 자리까지 잘라 냅니다', () => {
    const ctx = new RaftTestContext({
      election: { epoch: 4, leaderId: 3, votedId: null, voters: [1, 2, 3] },
      entries: [...records(0, 3, 1), ...records(3, 3, 2)],
    });
    const fetch = ctx.takeSent('Fetch', 3);
    expect(fetch.request).toMatchObject({ fetchOffset: 6, lastFetchedEpoch: 2 });
    ctx.deliverResponse(fetch, fetchResponse({ leaderEpoch: 4, leaderId: 3, divergingEpoch: { epoch: 2, offset: 4 } }));
    expect(ctx.client.logEndOffset).toBe(4);
    expect(ctx.persisted).toContainEqual({ op: 'truncate', offset: 4 });
    expect(ctx.takeSent('Fetch', 3).request).toMatchObject({ fetchOffset: 4, lastFetchedEpoch: 2 });
  });

  it('testVoterBecomeProspectiveAfterFetchTimeout: fetch 시간 제한이 지나면 사전 투표를 시작합니다', () => {
    const ctx = follower(2, 3);
    ctx.advance(1999);
    expect(ctx.client.state.name).toBe('Follower');
    ctx.advance(1);
    expect(ctx.client.state).toMatchObject({ name: 'Prospective', epoch: 2, leaderId: 3 });
  });

  it('testFollowerAsObserverDoesNotBecomeCandidateAfterFetchTimeout: 관찰자는 리더를 잊고 다시 찾을 뿐입니다', () => {
    const ctx = new RaftTestContext({
      localId: 4,
      election: { epoch: 2, leaderId: 3, votedId: null, voters: [1, 2, 3] },
    });
    ctx.advance(2000);
    expect(ctx.client.state).toMatchObject({ name: 'Unattached', epoch: 2, leaderId: 3 });
    ctx.advance(60_000);
    expect(ctx.client.state.name).toBe('Unattached');
  });

  it('testObserverDiscoversLeaderThroughFetch: 리더를 모르는 노드는 아무 투표자에게 Fetch를 보내 리더를 알아냅니다', () => {
    const ctx = new RaftTestContext({
      localId: 4,
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
    });
    const fetch = ctx.takeSent('Fetch');
    ctx.deliverResponse(
      fetch,
      fetchResponse({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, leaderEpoch: 3, leaderId: 2 }),
    );
    expect(ctx.client.state).toMatchObject({ name: 'Follower', epoch: 3, leaderId: 2 });
  });
});

describe('스냅숏과 FetchSnapshot (KafkaRaftClientSnapshotTest)', () => {
  /** 0..9를 적용하고 10에서 스냅숏을 만들고, 보존 한도를 넘었다며 로그 시작을 10으로 옮긴 리더 */
  function leaderWithSnapshot(snapshotBytes = 1 << 20) {
    const ctx = new RaftTestContext({
      election: { epoch: 2, leaderId: null, votedId: null, voters: [1, 2, 3] },
      entries: records(0, 10, 1),
      config: { fetchSnapshotMaxBytes: snapshotBytes },
    });
    ctx.becomeLeader();
    const epoch = ctx.client.epoch;
    ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 11, lastFetchedEpoch: epoch }));
    const created = ctx.client.createSnapshot(10, ['state-at-10']);
    expect(created).toEqual({ ok: true, snapshotId: { offset: 10, epoch: 1 } });
    expect(ctx.client.deleteBeforeSnapshot({ offset: 10, epoch: 1 })).toBe(true);
    ctx.drain();
    return { ctx, epoch };
  }

  it('testCreateSnapshot: 스냅숏을 만들면 .checkpoint를 쓰지만 로그는 그대로 둡니다 (지우는 것은 보존 한도)', () => {
    const ctx = new RaftTestContext({
      voters: [1],
      entries: records(0, 10, 1),
    });
    expect(ctx.client.createSnapshot(10, ['state-at-10'])).toEqual({ ok: true, snapshotId: { offset: 10, epoch: 1 } });
    expect(ctx.drain()).toEqual([
      { op: 'snapshot', snapshot: { id: { offset: 10, epoch: 1 }, records: ['state-at-10'] } },
    ]);
    expect(ctx.client.logStartOffset).toBe(0);
    expect(ctx.client.snapshotIds).toEqual([{ offset: 10, epoch: 1 }]);
  });

  it('testCreateExistingSnapshot: 같은 자리의 스냅숏은 다시 만들지 않습니다', () => {
    const { ctx } = leaderWithSnapshot();
    expect(ctx.client.createSnapshot(10, ['again'])).toMatchObject({ ok: false, error: 'NOT_AFTER_LOG_START' });
    const single = new RaftTestContext({
      voters: [1],
      entries: records(0, 10, 1),
    });
    expect(single.client.createSnapshot(10, ['a']).ok).toBe(true);
    expect(single.client.createSnapshot(10, ['b'])).toMatchObject({ ok: false, error: 'SNAPSHOT_EXISTS' });
  });

  it('testAdvanceLogStartOffsetAfterCleaning: deleteBeforeSnapshot은 로그 시작을 스냅숏 끝으로 옮기고 옛 스냅숏을 잊습니다', () => {
    const ctx = new RaftTestContext({
      voters: [1],
      entries: records(0, 10, 1),
    });
    ctx.client.createSnapshot(5, ['state-at-5']);
    ctx.client.createSnapshot(8, ['state-at-8']);
    ctx.drain();
    // 모르는 스냅숏, 로그 시작보다 앞인 스냅숏으로는 옮기지 않습니다.
    expect(ctx.client.deleteBeforeSnapshot({ offset: 7, epoch: 1 })).toBe(false);
    expect(ctx.client.deleteBeforeSnapshot({ offset: 8, epoch: 1 })).toBe(true);
    expect(ctx.drain()).toEqual([{ op: 'deleteBefore', snapshotId: { offset: 8, epoch: 1 } }]);
    expect(ctx.client.logStartOffset).toBe(8);
    expect(ctx.client.snapshotIds).toEqual([{ offset: 8, epoch: 1 }]);
    expect(ctx.client.deleteBeforeSnapshot({ offset: 5, epoch: 1 })).toBe(false);
  });

  it('testCreateSnapshotAsLeaderWithInvalidSnapshotId: 하이 워터마크 뒤에는 만들 수 없습니다', () => {
    const { ctx } = leaderWithSnapshot();
    expect(ctx.client.createSnapshot(100, [])).toMatchObject({ ok: false, error: 'ABOVE_HIGH_WATERMARK' });
  });

  it('testFetchRequestOffsetLessThanLogStart: 로그 시작보다 뒤처진 팔로워에게는 스냅숏 ID를 줍니다', () => {
    const { ctx, epoch } = leaderWithSnapshot();
    const { response } = ctx.deliverRequest(
      3,
      fetchRequest({ replicaId: 3, currentLeaderEpoch: epoch, fetchOffset: 5, lastFetchedEpoch: 1 }),
    );
    expect(response).toMatchObject({ snapshotId: { offset: 10, epoch: 1 }, records: [] });
  });

  it('testFetchSnapshotRequestMissingSnapshot: 없는 스냅숏은 SNAPSHOT_NOT_FOUND', () => {
    const { ctx, epoch } = leaderWithSnapshot();
    const { response } = ctx.deliverRequest(3, {
      api: 'FetchSnapshot',
      clusterId: CLUSTER_ID,
      replicaId: 3,
      currentLeaderEpoch: epoch,
      snapshotId: { offset: 7, epoch: 1 },
      position: 0,
      maxBytes: 1000,
    });
    expect(response).toMatchObject({ errorCode: ErrorCode.SNAPSHOT_NOT_FOUND });
  });

  it('testFetchSnapshotRequestWithInvalidPosition: 크기를 넘는 위치는 POSITION_OUT_OF_RANGE', () => {
    const { ctx, epoch } = leaderWithSnapshot();
    const size = SNAPSHOT_FORMAT.encode({ id: { offset: 10, epoch: 1 }, records: ['state-at-10'] }).length;
    const { response } = ctx.deliverRequest(3, {
      api: 'FetchSnapshot',
      clusterId: CLUSTER_ID,
      replicaId: 3,
      currentLeaderEpoch: epoch,
      snapshotId: { offset: 10, epoch: 1 },
      position: size,
      maxBytes: 1000,
    });
    expect(response).toMatchObject({ errorCode: ErrorCode.POSITION_OUT_OF_RANGE });
  });

  it('testFetchSnapshotRequestAsFollower: 리더가 아니면 NOT_LEADER_OR_FOLLOWER', () => {
    const ctx = follower(2, 3);
    const { response } = ctx.deliverRequest(2, {
      api: 'FetchSnapshot',
      clusterId: CLUSTER_ID,
      replicaId: 2,
      currentLeaderEpoch: 2,
      snapshotId: { offset: 10, epoch: 1 },
      position: 0,
      maxBytes: 1000,
    });
    expect(response).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, leaderId: 3 });
  });

  it('testFetchSnapshotResponsePartialData: 팔로워는 조각을 이어 받아 다 받으면 로그를 스냅숏으로 바꾸고 응용에 넘깁니다', () => {
    const leader = leaderWithSnapshot(16);
    const ctx = follower(leader.epoch, 2);
    ctx.deliverResponse(
      ctx.takeSent('Fetch', 2),
      fetchResponse({ leaderEpoch: leader.epoch, leaderId: 2, snapshotId: { offset: 10, epoch: 1 } }),
    );
    for (let i = 0; i < 40 && ctx.client.logStartOffset === 0; i++) {
      const request = ctx.takeSent('FetchSnapshot', 2);
      const { response } = leader.ctx.deliverRequest(1, { ...request.request, replicaId: 1 } as typeof request.request);
      expect(response).toMatchObject({ errorCode: 0 });
      expect((response as { unalignedRecords: Uint8Array }).unalignedRecords.length).toBeLessThanOrEqual(16);
      ctx.deliverResponse(request, response as NonNullable<typeof response>);
    }
    expect(ctx.client.logStartOffset).toBe(10);
    expect(ctx.client.logEndOffset).toBe(10);
    expect(ctx.persisted).toContainEqual({ op: 'truncateToSnapshot', snapshotId: { offset: 10, epoch: 1 } });
    expect(ctx.applied).toContainEqual({
      kind: 'snapshot',
      snapshot: { id: { offset: 10, epoch: 1 }, records: ['state-at-10'] },
    });
    expect(ctx.takeSent('Fetch', 2).request).toMatchObject({ fetchOffset: 10, lastFetchedEpoch: 1 });
  });

  it('testFetchSnapshotResponseMissingSnapshot: 리더가 그새 지웠으면 Fetch부터 다시 합니다', () => {
    const ctx = follower(3, 2);
    ctx.deliverResponse(
      ctx.takeSent('Fetch', 2),
      fetchResponse({ leaderEpoch: 3, leaderId: 2, snapshotId: { offset: 10, epoch: 1 } }),
    );
    const request = ctx.takeSent('FetchSnapshot', 2);
    ctx.deliverResponse(request, {
      api: 'FetchSnapshot',
      errorCode: ErrorCode.SNAPSHOT_NOT_FOUND,
      leaderId: 2,
      leaderEpoch: 3,
      snapshotId: { offset: 10, epoch: 1 },
      size: -1,
      position: -1,
      unalignedRecords: new Uint8Array(0),
    });
    expect(ctx.takeSent('Fetch', 2).request).toMatchObject({ fetchOffset: 0 });
  });
});

describe('DescribeQuorum', () => {
  it('testDescribeQuorumNonLeader: 리더가 아니면 NOT_LEADER_OR_FOLLOWER만, 리더가 누구인지는 알리지 않습니다', () => {
    const ctx = follower(2, 3);
    expect(ctx.deliverRequest(9, { api: 'DescribeQuorum' }).response).toEqual({
      api: 'DescribeQuorum',
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      leaderId: 0,
      leaderEpoch: 0,
      highWatermark: 0,
      currentVoters: [],
      observers: [],
    });
  });

  it('testDescribeQuorumResignedLeader¹: 물러나는 중인 리더도 리더가 아니므로 NOT_LEADER_OR_FOLLOWER (자기를 리더로 알리지 않음)', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    ctx.client.shutdown(5000, ctx.now);
    expect(ctx.client.state.name).toBe('Resigned');
    expect(ctx.deliverRequest(9, { api: 'DescribeQuorum' }).response).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      leaderId: 0,
    });
  });

  it('testDescribeQuorumWithFollowers: 리더는 투표자마다 로그 끝과 마지막 Fetch·따라잡은 시각을 알려 줍니다', () => {
    const ctx = new RaftTestContext();
    ctx.becomeLeader();
    const epoch = ctx.client.epoch;
    ctx.advance(10);
    ctx.deliverRequest(2, fetchRequest({ currentLeaderEpoch: epoch, fetchOffset: 1, lastFetchedEpoch: epoch }));
    ctx.deliverRequest(5, fetchRequest({ replicaId: 5, currentLeaderEpoch: epoch, fetchOffset: 0 }));
    const { response } = ctx.deliverRequest(9, { api: 'DescribeQuorum' });
    expect(response).toEqual({
      api: 'DescribeQuorum',
      errorCode: 0,
      leaderId: 1,
      leaderEpoch: epoch,
      highWatermark: 1,
      currentVoters: [
        { replicaId: 1, logEndOffset: 1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: ctx.now },
        { replicaId: 2, logEndOffset: 1, lastFetchTimestamp: ctx.now, lastCaughtUpTimestamp: ctx.now },
        { replicaId: 3, logEndOffset: -1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 },
      ],
      observers: [{ replicaId: 5, logEndOffset: 0, lastFetchTimestamp: ctx.now, lastCaughtUpTimestamp: -1 }],
    });
  });
});
