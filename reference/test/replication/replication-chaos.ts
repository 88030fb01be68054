/**
 * 씨앗 하나로 정해지는 복제 걸음들 (세 브로커의 진짜 `Partition`과 로그): 리더가 쓰고, 팔로워가 Fetch하고(갈라졌으면
 * 잘라 냄), 시간이 흘러 ISR이 줄고 늘고(컨트롤러는 제안을 곧바로 커밋), 리더가 죽어 ISR의 다른 복제본이 새 리더가 되고,
 * 죽었던 복제본이 팔로워로 돌아옵니다. reference의 속성 시험(`replication-property.test.ts`)과 6장 연습 문제의 끝에서 끝까지
 * 시험(`exercises/06-replication-isr/test/replication-cluster.e2e.test.ts`, 학습자의 `decisions.ts`가 끼워진 채)이 함께 씁니다.
 *
 * 매 걸음 지키는 것:
 *   - MonotonicHighWatermark: 리더로 있는 동안 그 리더의 하이 워터마크는 줄지 않습니다.
 *   - HighWatermarkWithinLog: 모든 복제본에서 로그 시작 ≤ 하이 워터마크 ≤ LEO.
 *   - CommittedIsKept: 어느 리더의 하이 워터마크 아래였던(커밋된) 레코드는 그 뒤 모든 리더의 로그에 같은 오프셋으로 있습니다.
 * 소란이 끝난 뒤(모두 살아 있고 팔로워가 따라잡을 때까지 Fetch):
 *   - ConsistentLogs: 모든 복제본의 로그, 리더 에포크 캐시, 프로듀서 상태가 리더와 같습니다 (잘라 내기가 옳았다).
 * 깨지면 그 이름으로 시작하는 오류를 던집니다.
 */
import { encodeBatch } from '../../src/record/record-batch.js';
import type { Partition } from '../../src/replication/partition.js';
import { readAllBatches } from '../../src/storage/log-reader.js';
import { Rng } from '../support/rng.js';
import { fetchOnce, replicaOn, T0 } from './support.js';

const BROKERS = [1, 2, 3];
const STEPS = 60;
const LAG_MS = 30_000;
const PID = 7;

interface Cluster {
  readonly replicas: Map<number, Partition>;
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: number[];
  readonly alive: Set<number>;
  now: number;
  /** 커밋된 것으로 보인 레코드: 오프셋 → 배치 바이트의 hex (어느 리더의 하이 워터마크 아래였던 것) */
  readonly committed: Map<number, string>;
  nextSequence: number;
}

function state(cluster: Cluster) {
  return {
    leader: cluster.leader,
    leaderEpoch: cluster.leaderEpoch,
    partitionEpoch: cluster.partitionEpoch,
    replicas: BROKERS,
    isr: cluster.isr,
  };
}

/** 리더 로그의 [from, to) 배치들을 오프셋 → 바이트로 */
function batchesOf(partition: Partition, to: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const { bytes, position, header } of readAllBatches(partition.log, 0)) {
    if (header.baseOffset >= to) break;
    const size = header.batchLength + 12;
    out.set(header.baseOffset, bytes.subarray(position, position + size).toString('hex'));
  }
  return out;
}

function epochsWithRecords(partition: Partition) {
  return partition.log.leaderEpochCache.entries().filter((e) => e.startOffset < partition.log.logEndOffset);
}

function leaderOf(cluster: Cluster): Partition {
  return cluster.replicas.get(cluster.leader) as Partition;
}

/** 컨트롤러가 AlterPartition을 곧바로 커밋합니다 (파티션 에포크가 오름) */
function commitProposal(cluster: Cluster, proposal: ReturnType<Partition['maybeShrinkIsr']>): void {
  if (!proposal) return;
  cluster.partitionEpoch++;
  cluster.isr = proposal.newIsrWithEpochs.map((b) => b.brokerId);
  leaderOf(cluster).handleAlterPartitionResponse(
    proposal,
    { ok: true, leaderEpoch: cluster.leaderEpoch, partitionEpoch: cluster.partitionEpoch, isr: cluster.isr },
    cluster.now,
  );
}

function recordCommitted(cluster: Cluster): void {
  const leader = leaderOf(cluster);
  for (const [offset, bytes] of batchesOf(leader, leader.highWatermark)) cluster.committed.set(offset, bytes);
}

function checkInvariants(cluster: Cluster, previousHighWatermark: number | null): void {
  for (const [id, replica] of cluster.replicas) {
    const { logStartOffset, highWatermark, logEndOffset } = replica.log;
    if (!(logStartOffset <= highWatermark && highWatermark <= logEndOffset)) {
      throw new Error(`HighWatermarkWithinLog: broker ${id} ${logStartOffset} ≤ ${highWatermark} ≤ ${logEndOffset}`);
    }
  }
  const leader = leaderOf(cluster);
  if (previousHighWatermark !== null && leader.highWatermark < previousHighWatermark) {
    throw new Error(`MonotonicHighWatermark: ${previousHighWatermark} → ${leader.highWatermark}`);
  }
  const leaderBatches = batchesOf(leader, leader.log.logEndOffset);
  for (const [offset, bytes] of cluster.committed) {
    if (leaderBatches.get(offset) !== bytes) {
      throw new Error(`CommittedIsKept: committed batch at ${offset} missing from leader ${cluster.leader}`);
    }
  }
}

function step(cluster: Cluster, rng: Rng): void {
  const leader = leaderOf(cluster);
  const followers = BROKERS.filter((id) => id !== cluster.leader && cluster.alive.has(id));
  const action = rng.int(10);
  if (action < 4) {
    // 리더가 쓴다: 데이터 배치, 가끔 멱등 프로듀서의 배치
    const idempotent = rng.chance(0.5);
    const batch = encodeBatch({
      ...(idempotent && { producerId: PID, producerEpoch: 0, baseSequence: cluster.nextSequence }),
      records: [{ key: null, value: Buffer.from(`s${cluster.now}-${rng.int(1000)}`), timestamp: T0 }],
    });
    const producers = leader.log.producerStateManager;
    const header = {
      producerId: idempotent ? PID : -1,
      producerEpoch: 0,
      baseSequence: cluster.nextSequence,
      lastOffsetDelta: 0,
    };
    if (producers.check(header).kind !== 'append') return; // 새 리더가 잘린 시퀀스를 모르면 프로듀서가 다시 시작해야 함
    leader.log.appendAsLeader(batch, cluster.leaderEpoch);
    if (idempotent) cluster.nextSequence++;
    leader.maybeIncrementLeaderHW(cluster.now);
  } else if (action < 8 && followers.length > 0) {
    // 팔로워 하나가 Fetch한다 (ISR에 넣자는 제안이면 컨트롤러가 커밋)
    const follower = cluster.replicas.get(rng.pick(followers)) as Partition;
    const answer = fetchOnce(follower, leader, cluster.now);
    if (answer.ok && answer.alterPartition) commitProposal(cluster, answer.alterPartition);
  } else if (action === 8) {
    // 시간이 흐르고, 리더가 ISR을 줄일지 본다
    cluster.now += rng.range(1, LAG_MS);
    commitProposal(cluster, leader.maybeShrinkIsr(cluster.now));
  } else {
    // 리더가 죽고 ISR의 다른 복제본이 리더가 된다 (없으면 그대로), 또는 죽었던 복제본이 팔로워로 돌아온다
    const candidates = cluster.isr.filter((id) => id !== cluster.leader && cluster.alive.has(id));
    const dead = BROKERS.filter((id) => !cluster.alive.has(id));
    if (dead.length > 0 && rng.chance(0.5)) {
      const back = rng.pick(dead);
      cluster.alive.add(back);
      (cluster.replicas.get(back) as Partition).makeFollower(state(cluster));
      return;
    }
    if (candidates.length === 0) return;
    cluster.alive.delete(cluster.leader);
    cluster.isr = cluster.isr.filter((id) => id !== cluster.leader);
    cluster.leader = rng.pick(candidates);
    cluster.leaderEpoch++;
    cluster.partitionEpoch++;
    for (const id of cluster.alive) {
      const replica = cluster.replicas.get(id) as Partition;
      if (id === cluster.leader) replica.makeLeader(state(cluster), cluster.now);
      else replica.makeFollower(state(cluster));
    }
  }
}

/** 씨앗 하나의 걸음들을 돌리고 불변식을 검사합니다. 깨지면 불변식의 이름으로 시작하는 오류를 던집니다. */
export function runReplicationSeed(seed: number): void {
  const rng = new Rng(seed);
  const cluster: Cluster = {
    replicas: new Map(BROKERS.map((id) => [id, replicaOn(id)])),
    leader: 1,
    leaderEpoch: 0,
    partitionEpoch: 0,
    isr: [...BROKERS],
    alive: new Set(BROKERS),
    now: T0,
    committed: new Map(),
    nextSequence: 0,
  };
  for (const [id, replica] of cluster.replicas) {
    if (id === cluster.leader) replica.makeLeader(state(cluster), cluster.now);
    else replica.makeFollower(state(cluster));
  }
  for (let i = 0; i < STEPS; i++) {
    const leaderBefore = cluster.leader;
    const hwBefore = leaderOf(cluster).highWatermark;
    step(cluster, rng);
    checkInvariants(cluster, cluster.leader === leaderBefore ? hwBefore : null);
    recordCommitted(cluster);
  }
  // 모두 되살리고 팔로워가 따라잡을 때까지 Fetch합니다 (걸음 수를 묶어 둡니다).
  for (const id of BROKERS) {
    if (cluster.alive.has(id)) continue;
    cluster.alive.add(id);
    (cluster.replicas.get(id) as Partition).makeFollower(state(cluster));
  }
  const leader = leaderOf(cluster);
  for (let round = 0; round < 20; round++) {
    for (const id of BROKERS)
      if (id !== cluster.leader) fetchOnce(cluster.replicas.get(id) as Partition, leader, cluster.now);
  }
  const expected = batchesOf(leader, leader.log.logEndOffset);
  for (const id of BROKERS) {
    const replica = cluster.replicas.get(id) as Partition;
    if (JSON.stringify([...batchesOf(replica, replica.log.logEndOffset)]) !== JSON.stringify([...expected])) {
      throw new Error(`ConsistentLogs: broker ${id} differs from leader ${cluster.leader}`);
    }
    // 리더는 지금 에포크의 시작을 쓰기 전부터 적어 둡니다 (makeLeader): 레코드가 있는 에포크만 맞춰 봅니다.
    const epochs = JSON.stringify(epochsWithRecords(replica));
    if (epochs !== JSON.stringify(epochsWithRecords(leader))) {
      throw new Error(`ConsistentLogs: epoch cache of broker ${id} ${epochs} differs from leader ${cluster.leader}`);
    }
    const producers = JSON.stringify(replica.log.producerStateManager.entry(PID)?.batches);
    if (producers !== JSON.stringify(leader.log.producerStateManager.entry(PID)?.batches)) {
      throw new Error(`ConsistentLogs: producer state of broker ${id} differs from leader ${cluster.leader}`);
    }
  }
}
