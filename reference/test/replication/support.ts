/**
 * 복제 시험 도우미: 브로커마다 임시 디렉터리의 진짜 `UnifiedLog`를 가진 `Partition`, 그리고 팔로워가 리더에게서 한 번
 * Fetch하는 걸음(`AbstractFetcherThread`가 하는 일을 줄인 것: 갈라졌으면 잘라 내고, 아니면 받아 쓰기).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { encodeBatch } from '../../src/record/record-batch.js';
import { type LeaderAndIsr, Partition, type PartitionOptions } from '../../src/replication/partition.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export const T0 = 1_700_000_000_000;

const ids = new WeakMap<Partition, number>();

/** 브로커 `brokerId`에 있는 복제본: 새 임시 디렉터리의 로그 하나 */
export function replicaOn(brokerId: number, options: Partial<PartitionOptions> = {}): Partition {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kafka-replica-${brokerId}-`));
  dirs.push(dir);
  const log = UnifiedLog.open({ dir, topic: 't', partition: 0, now: () => T0 });
  const partition = new Partition({ localBrokerId: brokerId, log, minInsyncReplicas: () => 1, ...options });
  ids.set(partition, brokerId);
  return partition;
}

export function leaderAndIsr(overrides: Partial<LeaderAndIsr> = {}): LeaderAndIsr {
  return { leader: 1, leaderEpoch: 1, partitionEpoch: 1, replicas: [1, 2, 3], isr: [1, 2, 3], ...overrides };
}

/** 값 `n`개짜리 배치 */
export function records(n: number, tag = 'v'): Buffer {
  return encodeBatch({
    records: Array.from({ length: n }, (_, i) => ({ key: null, value: Buffer.from(`${tag}${i}`), timestamp: T0 })),
  });
}

/**
 * 팔로워가 리더에게 한 번 Fetch합니다: 자기 로그 끝과 마지막 에포크를 보내고, 갈라졌다는 답이면 잘라 내고,
 * 레코드면 받아 씁니다. 리더의 답(오류 코드 포함)을 돌려줍니다.
 */
export function fetchOnce(follower: Partition, leader: Partition, nowMs: number, brokerEpoch = -1) {
  const fetchOffset = follower.log.logEndOffset;
  const answer = leader.fetchRecordsForFollower(
    {
      replicaId: ids.get(follower) ?? -1,
      replicaEpoch: brokerEpoch,
      fetchOffset,
      lastFetchedEpoch: follower.log.latestEpoch ?? -1,
      logStartOffset: follower.log.logStartOffset,
      currentLeaderEpoch: leader.leaderEpoch,
      maxBytes: 1 << 20,
      minOneMessage: true,
    },
    nowMs,
  );
  if (!answer.ok) return answer;
  if (answer.divergingEpoch) follower.truncateOnDivergingEpoch(answer.divergingEpoch, follower.log.highWatermark);
  else follower.appendRecordsToFollower(answer.records, answer.highWatermark, answer.logStartOffset);
  return answer;
}
