/**
 * 쿼럼 상태 기계를 메시지 하나씩 몰아 보는 시험 도구. Kafka `RaftClientTestContext`의 자리입니다.
 * 시계는 손으로 옮기고(`advance`), 내보낸 것(Ready)은 모아 두었다가 검사합니다. 드라이버도 디스크도 없습니다.
 */
import { expect } from 'vitest';
import type { ElectionState } from '../../src/raft/election-state.js';
import { KafkaRaftClient } from '../../src/raft/kafka-raft-client.js';
import type { FetchRequest, FetchResponse, RaftRequest, RaftResponse, VoteRequest } from '../../src/raft/messages.js';
import type { ApplyOp, PersistOp, SnapshotFormat } from '../../src/raft/ready.js';
import { decodeSnapshotFile, encodeSnapshotFile } from '../../src/raft/record-batches.js';
import type { Snapshot } from '../../src/raft/snapshot.js';
import { DEFAULT_QUORUM_CONFIG, type LogEntry, type QuorumConfig } from '../../src/raft/types.js';
import { SeededRandom } from '../../src/sim/random.js';

export const CLUSTER_ID = 'test-cluster';

/** 스냅숏 파일 형식 (진짜 노드와 같은 `.checkpoint` 바이트, 시각은 0으로 고정) */
export const SNAPSHOT_FORMAT: SnapshotFormat<string> = {
  encode: (snapshot) => encodeSnapshotFile(snapshot, 0),
  decode: (id, bytes) => decodeSnapshotFile<string>(id, bytes),
};

export interface ContextOptions {
  readonly localId?: number;
  readonly voters?: readonly number[];
  readonly election?: ElectionState | null;
  readonly entries?: readonly LogEntry<string>[];
  readonly snapshot?: Snapshot<string> | null;
  readonly config?: Partial<QuorumConfig>;
}

/** `epoch`의 레코드 `count`개 (오프셋 `from`부터) */
export function records(from: number, count: number, epoch: number): LogEntry<string>[] {
  return Array.from({ length: count }, (_, i) => ({
    offset: from + i,
    epoch,
    record: { type: 'data', data: `v${from + i}` },
  }));
}

interface SentRequest {
  readonly correlationId: number;
  readonly to: number;
  readonly request: RaftRequest;
}

export class RaftTestContext {
  readonly client: KafkaRaftClient<string>;
  now = 1_000;
  readonly sent: SentRequest[] = [];
  readonly responses = new Map<number, RaftResponse<string>>();
  readonly persisted: PersistOp<string>[] = [];
  readonly applied: ApplyOp<string>[] = [];
  #nextRequestId = 1;

  constructor(options: ContextOptions = {}) {
    const voters = options.voters ?? [1, 2, 3];
    this.client = new KafkaRaftClient<string>({
      localId: options.localId ?? 1,
      config: {
        ...DEFAULT_QUORUM_CONFIG,
        electionTimeoutMs: 1000,
        fetchTimeoutMs: 2000,
        electionBackoffMaxMs: 1000,
        ...options.config,
        voters,
        clusterId: CLUSTER_ID,
      },
      random: new SeededRandom(42),
      nowMs: this.now,
      durable: {
        election: options.election ?? null,
        snapshot: options.snapshot ?? null,
        entries: options.entries ?? [],
      },
      snapshotFormat: SNAPSHOT_FORMAT,
    });
    this.drain();
  }

  /** 쌓인 Ready를 꺼내 모아 둡니다. 이번에 꺼낸 persist를 돌려줍니다. */
  drain(): PersistOp<string>[] {
    const persisted: PersistOp<string>[] = [];
    while (this.client.hasReady()) {
      const ready = this.client.ready();
      persisted.push(...ready.persist);
      for (const out of ready.send) {
        if (out.kind === 'request') this.sent.push(out);
        else this.responses.set(out.requestId, out.response);
      }
      this.applied.push(...ready.apply);
    }
    this.persisted.push(...persisted);
    return persisted;
  }

  /** 요청을 넣고, 곧바로 나온 답을 돌려줍니다 (Fetch를 붙잡아 두면 undefined). */
  deliverRequest(
    from: number,
    request: RaftRequest,
  ): { requestId: number; response: RaftResponse<string> | undefined } {
    const requestId = this.#nextRequestId++;
    this.client.step({ kind: 'request', requestId, from, request }, this.now);
    this.drain();
    return { requestId, response: this.responses.get(requestId) };
  }

  /** 보낸 요청에 답을 넣습니다. */
  deliverResponse(sent: SentRequest, response: RaftResponse<string>): void {
    this.client.step(
      { kind: 'response', correlationId: sent.correlationId, from: sent.to, reply: { ok: true, response } },
      this.now,
    );
    this.drain();
  }

  /** 시간을 옮기고 tick합니다. */
  advance(ms: number): void {
    this.now += ms;
    this.client.tick(this.now);
    this.drain();
  }

  /** `api` 요청 가운데 아직 답하지 않은 마지막 것을 꺼냅니다. */
  takeSent(api: RaftRequest['api'], to?: number): SentRequest {
    const index = this.sent.findLastIndex((s) => s.request.api === api && (to === undefined || s.to === to));
    expect(index, `${api} 요청이 나가야 합니다`).toBeGreaterThanOrEqual(0);
    return this.sent.splice(index, 1)[0] as SentRequest;
  }

  sentTo(api: RaftRequest['api']): number[] {
    return this.sent
      .filter((s) => s.request.api === api)
      .map((s) => s.to)
      .sort((a, b) => a - b);
  }

  clearSent(): void {
    this.sent.length = 0;
  }

  /** 마지막으로 디스크에 적은 선거 상태 */
  lastPersistedElection(): ElectionState | undefined {
    for (let i = this.persisted.length - 1; i >= 0; i--) {
      const op = this.persisted[i];
      if (op?.op === 'election') return op.state;
    }
    return undefined;
  }

  /** 투표자들의 (사전) 투표를 받아 선거를 끝냅니다. */
  grantVotes(voters: readonly number[]): void {
    for (const voter of voters) {
      const sent = this.takeSent('Vote', voter);
      this.deliverResponse(sent, voteResponse(this.client.epoch, null, true));
    }
  }

  /** 리더가 될 때까지: 선거 시간 제한 → 사전 투표 → 투표 */
  becomeLeader(voters: readonly number[] = [2]): void {
    this.advance(2 * 1000);
    this.grantVotes(voters);
    this.grantVotes(voters);
    expect(this.client.state.name).toBe('Leader');
  }
}

export function voteRequest(
  overrides: Partial<VoteRequest> & { replicaEpoch: number; replicaId: number },
): VoteRequest {
  return {
    api: 'Vote',
    clusterId: CLUSTER_ID,
    voterId: 1,
    lastOffsetEpoch: 0,
    lastOffset: 0,
    preVote: false,
    ...overrides,
  };
}

export function voteResponse(epoch: number, leaderId: number | null, voteGranted: boolean): RaftResponse<string> {
  return { api: 'Vote', errorCode: 0, leaderId: leaderId ?? -1, leaderEpoch: epoch, voteGranted };
}

export function fetchRequest(overrides: Partial<FetchRequest> & { currentLeaderEpoch: number }): FetchRequest {
  return {
    api: 'Fetch',
    clusterId: CLUSTER_ID,
    replicaId: 2,
    maxWaitMs: 0,
    fetchOffset: 0,
    lastFetchedEpoch: 0,
    highWatermark: -1,
    maxRecords: 1000,
    ...overrides,
  };
}

export function fetchResponse(
  overrides: Partial<FetchResponse<string>> & { leaderEpoch: number; leaderId: number },
): FetchResponse<string> {
  return {
    api: 'Fetch',
    errorCode: 0,
    highWatermark: -1,
    logStartOffset: 0,
    records: [],
    divergingEpoch: null,
    snapshotId: null,
    ...overrides,
  };
}
