/**
 * 6장 끝에서 끝까지 테스트 (한 프로세스 안의 복제본 셋): reference의 `Partition`(`reference/src/replication/partition.ts`)이
 * 결정할 때 부르는 `decisions.ts`가 여러분의 것인 채로, 브로커 셋의 복제본을 진짜 로그(임시 폴더의 세그먼트, 리더 에포크
 * 캐시, 프로듀서 상태) 위에 만듭니다. 네트워크와 컨트롤러는 테스트가 맡습니다: 팔로워의 Fetch는 함수 호출 한 번이고,
 * AlterPartition 제안은 곧바로 커밋하며, 시계는 테스트가 돌립니다. 그래서 같은 씨앗이면 언제나 같은 걸음입니다.
 *
 *   1. 하이 워터마크가 가장 느린 ISR 팔로워를 따라 오르고, 컨슈머는 그 앞까지만 읽습니다.
 *   2. 멈춘 팔로워가 ISR에서 빠졌다가, 다시 따라잡으면 돌아옵니다.
 *   3. acks=all 쓰기는 ISR 모두가 가져야 끝나고, 기다리는 사이 ISR이 줄면 NOT_ENOUGH_REPLICAS_AFTER_APPEND입니다.
 *   4. KIP-101의 장면: 옛 리더의 커밋되지 않은 꼬리를 에포크로 찾아 잘라 냅니다.
 *   5. 씨앗 20개의 무작위 걸음(쓰기, Fetch, 시간, ISR 변화, 리더의 죽음과 복귀)에서 커밋된 레코드를 잃지 않습니다.
 *   6. 결정적 시뮬레이터(`reference/src/sim/`, `npm run sim -- --mode replication`)의 클러스터: 컨트롤러 쿼럼과 브로커
 *      서너 대가 죽고 갈라지는 동안 acks=all 멱등 프로듀서가 쓰고 컨슈머가 읽어도, Jepsen식 검사기가 잃은 쓰기·중복·하이
 *      워터마크 위의 읽기·갈라진 복제본을 찾지 못하고, 장애를 거두면 모든 복제본이 ISR로 돌아옵니다.
 *
 * 테스트는 고치지 마세요. 러너는 앞의 단위 테스트(replication-isr.test.ts)가 모두 통과한 뒤에야 이 파일을 돌립니다.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { decodeBatches } from '../../../reference/src/record/record-batch.js';
import type { LeaderAndIsr, Partition } from '../../../reference/src/replication/partition.js';
import { deriveSeed } from '../../../reference/src/sim/random.js';
import {
  describeReplicationParams,
  replicationChaosParams,
  runReplicationChaos,
} from '../../../reference/src/sim/replication-chaos.js';
import { runReplicationSeed } from '../../../reference/test/replication/replication-chaos.js';
import { fetchOnce, leaderAndIsr, records, replicaOn, T0 } from '../../../reference/test/replication/support.js';
import { Rng, rootSeed } from '../../../reference/test/support/rng.js';

// 이 장의 테스트에서는 Partition과 로그가 reference/src/replication/decisions.ts를 가져오는 자리에서 여러분의 파일(src/)을
// 가져옵니다 (course/resolve.ts). Partition은 연습 문제를 모릅니다.

const LAG_MS = 30_000;

/** 브로커 1이 리더, 2와 3이 팔로워인 복제본 셋 (min.insync.replicas는 `minIsr`) */
function threeReplicas(minIsr = 2, state: Partial<LeaderAndIsr> = {}) {
  const options = { minInsyncReplicas: () => minIsr, replicaLagTimeMaxMs: LAG_MS };
  const [leader, f2, f3] = [replicaOn(1, options), replicaOn(2, options), replicaOn(3, options)] as [
    Partition,
    Partition,
    Partition,
  ];
  const committed = leaderAndIsr(state);
  leader.makeLeader(committed, T0);
  f2.makeFollower(committed);
  f3.makeFollower(committed);
  return { leader, f2, f3, committed };
}

/** 컨트롤러가 제안을 곧바로 커밋합니다 (파티션 에포크가 하나 오름) */
function commit(leader: Partition, proposal: ReturnType<Partition['maybeShrinkIsr']>, nowMs: number): void {
  if (!proposal) throw new Error('리더가 ISR을 바꾸자고 제안하지 않았습니다');
  leader.handleAlterPartitionResponse(
    proposal,
    {
      ok: true,
      leaderEpoch: leader.leaderEpoch,
      partitionEpoch: leader.partitionEpoch + 1,
      isr: proposal.newIsrWithEpochs.map((b) => b.brokerId),
    },
    nowMs,
  );
}

/** 로그의 레코드 값들을 `maxOffset` 앞까지 */
function valuesBefore(partition: Partition, maxOffset: number): string[] {
  const { records } = partition.log.read(partition.log.logStartOffset, 1 << 20, true, maxOffset);
  return decodeBatches(records).flatMap((b) => b.records.map((r) => Buffer.from(r.value ?? []).toString()));
}

/** 컨슈머가 읽는 값들: 하이 워터마크 앞까지만 (Kafka `FetchIsolation.HIGH_WATERMARK`) */
function consumerValues(partition: Partition): string[] {
  return valuesBefore(partition, partition.highWatermark);
}

describe('6장 끝에서 끝까지: 여러분의 decisions.ts로 도는 복제본 셋 (한 프로세스, 진짜 로그)', () => {
  it('ClusterHighWatermarkFollowsSlowestIsrMember: 하이 워터마크는 가장 느린 ISR 팔로워를 따라 오르고, 컨슈머는 그 앞까지만 읽습니다', () => {
    const { leader, f2, f3 } = threeReplicas();
    leader.log.appendAsLeader(records(3, 'a'), 1);
    leader.maybeIncrementLeaderHW(T0);
    expect(leader.highWatermark, '팔로워가 아직 Fetch하지 않았으면 하이 워터마크는 0').toBe(0);
    expect(consumerValues(leader), '컨슈머에게는 아직 아무것도 보이지 않습니다').toEqual([]);

    fetchOnce(f2, leader, T0 + 1);
    expect(leader.highWatermark, '팔로워 2만 가져갔고 3은 아직: 0').toBe(0);
    fetchOnce(f3, leader, T0 + 2);
    expect(leader.highWatermark, '3도 가져갔지만 리더는 팔로워의 LEO를 다음 Fetch에서야 압니다: 0').toBe(0);
    fetchOnce(f2, leader, T0 + 3);
    expect(leader.highWatermark, '2는 LEO 3을 알렸고 3은 아직 0을 알린 채: 0').toBe(0);
    fetchOnce(f3, leader, T0 + 4);
    expect(leader.highWatermark, '두 팔로워 모두 LEO 3을 알렸습니다: 3').toBe(3);
    expect(consumerValues(leader)).toEqual(['a0', 'a1', 'a2']);

    leader.log.appendAsLeader(records(2, 'b'), 1);
    fetchOnce(f2, leader, T0 + 5);
    fetchOnce(f2, leader, T0 + 6);
    expect(leader.highWatermark, '2는 LEO 5, 3은 3: 가장 느린 3을 따라 3').toBe(3);
    expect(consumerValues(leader), '오프셋 3, 4는 ISR 모두가 갖기 전이라 보이지 않습니다').toEqual(['a0', 'a1', 'a2']);
    fetchOnce(f3, leader, T0 + 7);
    fetchOnce(f3, leader, T0 + 8);
    expect(leader.highWatermark).toBe(5);
    fetchOnce(f2, leader, T0 + 9);
    expect(f2.highWatermark, '팔로워는 리더가 Fetch 답에 실어 준 하이 워터마크를 한 번 늦게 받습니다').toBe(5);
  });

  it('ClusterStoppedFollowerLeavesAndRejoinsIsr: 멈춘 팔로워는 replica.lag.time.max.ms 뒤 ISR에서 빠지고, 다시 따라잡으면 ISR로 돌아옵니다', () => {
    const { leader, f2, f3 } = threeReplicas();
    leader.log.appendAsLeader(records(2, 'a'), 1);
    for (const f of [f2, f3, f2, f3]) fetchOnce(f, leader, T0);
    expect(leader.highWatermark).toBe(2);

    // 팔로워 3이 멈춥니다. 2는 계속 가져갑니다.
    leader.log.appendAsLeader(records(2, 'b'), 1);
    fetchOnce(f2, leader, T0 + 1000);
    fetchOnce(f2, leader, T0 + 2000);
    expect(leader.highWatermark, '3이 ISR에 있는 동안은 3을 기다립니다').toBe(2);
    expect(leader.maybeShrinkIsr(T0 + LAG_MS), '3이 따라잡은 지 딱 replica.lag.time.max.ms: 아직 빼지 않음').toBeNull();
    const shrink = leader.maybeShrinkIsr(T0 + LAG_MS + 1);
    expect(
      shrink?.newIsrWithEpochs.map((b) => b.brokerId),
      '3을 빼자는 제안',
    ).toEqual([1, 2]);
    commit(leader, shrink, T0 + LAG_MS + 1);
    expect(leader.isr).toEqual([1, 2]);
    expect(leader.highWatermark, '3이 빠지자 2가 가진 곳까지 오릅니다').toBe(4);

    // 3이 돌아와 따라잡습니다.
    let proposal: ReturnType<Partition['maybeShrinkIsr']> = null;
    for (let i = 0; i < 3 && !proposal; i++) {
      const answer = fetchOnce(f3, leader, T0 + LAG_MS + 2 + i);
      if (answer.ok) proposal = answer.alterPartition;
    }
    expect(
      proposal?.newIsrWithEpochs.map((b) => b.brokerId),
      '하이 워터마크에 닿은 3을 넣자는 제안',
    ).toEqual([1, 2, 3]);
    commit(leader, proposal, T0 + LAG_MS + 5);
    expect(leader.isr).toEqual([1, 2, 3]);
  });

  it('ClusterAcksAllWaitsForIsr: acks=all 쓰기는 ISR 모두가 가져야 끝나고, 하이 워터마크가 닿았어도 그 사이 ISR이 min.insync.replicas 아래로 줄었으면 NOT_ENOUGH_REPLICAS_AFTER_APPEND, 줄어든 뒤의 쓰기는 끝나지 않습니다(시간 초과)', () => {
    const { leader, f2, f3 } = threeReplicas(2);
    const first = leader.log.appendAsLeader(records(3, 'a'), 1).lastOffset + 1;
    expect(leader.checkEnoughReplicasReachOffset(first), '팔로워가 가져가기 전').toEqual({ ok: true, complete: false });
    for (const f of [f2, f3]) fetchOnce(f, leader, T0);
    expect(leader.checkEnoughReplicasReachOffset(first), '가져갔지만 리더가 아직 모름').toEqual({
      ok: true,
      complete: false,
    });
    fetchOnce(f2, leader, T0 + 1);
    expect(leader.checkEnoughReplicasReachOffset(first), '2만 알렸고 3은 아직').toEqual({ ok: true, complete: false });
    fetchOnce(f3, leader, T0 + 1);
    expect(leader.checkEnoughReplicasReachOffset(first), 'ISR 셋 모두가 가졌습니다').toEqual({
      ok: true,
      complete: true,
    });

    // 다음 쓰기 뒤 두 팔로워가 멈추고, replica.lag.time.max.ms가 지나 ISR이 리더 하나로 줄어듭니다.
    const second = leader.log.appendAsLeader(records(1, 'b'), 1).lastOffset + 1;
    const later = T0 + LAG_MS + 2;
    commit(leader, leader.maybeShrinkIsr(later), later);
    expect(leader.isr).toEqual([1]);
    leader.maybeIncrementLeaderHW(later);
    expect(
      leader.checkEnoughReplicasReachOffset(first),
      '첫 쓰기를 이제야 확인하면: 하이 워터마크는 닿았지만 ISR 1 < min.insync.replicas 2',
    ).toMatchObject({ ok: false, error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND });
    expect(leader.highWatermark, 'ISR이 최소보다 작으면 하이 워터마크가 오르지 않습니다').toBe(first);
    expect(
      leader.checkEnoughReplicasReachOffset(second),
      '둘째 쓰기는 하이 워터마크가 닿지 않아 끝나지 않습니다 (퍼거토리가 REQUEST_TIMED_OUT으로 답합니다)',
    ).toEqual({ ok: true, complete: false });
  });

  it('Kip101LostWriteIsPrevented: 옛 리더가 커밋되지 않은 꼬리를 가진 채 돌아오면, 에포크로 갈라진 곳을 찾아 잘라 내고 새 리더의 레코드를 받습니다 (KIP-101)', () => {
    // 에포크 1: 리더 1이 레코드 2개를 썼고 팔로워 2가 가져갔습니다(커밋). 1이 2개를 더 썼지만 2는 아직 가져가지 못했습니다.
    const replicas = { replicas: [1, 2], isr: [1, 2] };
    const old = replicaOn(1);
    const next = replicaOn(2);
    old.makeLeader(leaderAndIsr(replicas), T0);
    next.makeFollower(leaderAndIsr(replicas));
    old.log.appendAsLeader(records(2, 'committed'), 1);
    fetchOnce(next, old, T0);
    old.log.appendAsLeader(records(2, 'lost'), 1);
    // 1이 죽고 2가 에포크 2의 리더가 되어 새 레코드를 씁니다. 1이 팔로워로 돌아옵니다.
    const epoch2 = leaderAndIsr({ leader: 2, leaderEpoch: 2, partitionEpoch: 2, replicas: [1, 2], isr: [2] });
    next.makeLeader(epoch2, T0);
    next.log.appendAsLeader(records(1, 'new'), 2);
    old.makeFollower(epoch2);

    const answer = fetchOnce(old, next, T0);
    expect(
      answer,
      '옛 리더가 (fetchOffset 4, 마지막 에포크 1)로 물으면: 새 리더에게 에포크 1은 오프셋 2에서 끝났습니다',
    ).toMatchObject({
      ok: true,
      divergingEpoch: { epoch: 1, offset: 2 },
    });
    expect(old.log.logEndOffset, '커밋되지 않은 꼬리 2개를 잘라 냈습니다').toBe(2);
    fetchOnce(old, next, T0);
    expect(old.log.logEndOffset).toBe(3);
    const values = (p: Partition) => valuesBefore(p, p.log.logEndOffset);
    expect(values(old)).toEqual(['committed0', 'committed1', 'new0']);
    expect(values(old)).toEqual(values(next));
    expect(old.log.leaderEpochCache.entries(), '두 복제본의 리더 에포크 캐시가 같습니다').toEqual(
      next.log.leaderEpochCache.entries(),
    );
  });

  it('ClusterChaosKeepsCommittedRecords: 씨앗 20개의 무작위 걸음(쓰기, Fetch, 시간, ISR 변화, 리더의 죽음과 복귀)에서도 하이 워터마크는 줄지 않고, 커밋된 레코드는 모든 다음 리더에 있고, 끝에는 세 복제본이 같습니다', () => {
    const replay = process.env.FUZZ_SEED;
    const root = rootSeed(replay, () => randomInt(2 ** 32));
    const seeds = replay ? [root] : Array.from({ length: 20 }, (_, i) => new Rng(root).fork(i).seed);
    for (const seed of seeds) {
      try {
        runReplicationSeed(seed);
      } catch (error) {
        throw new Error(
          [
            `씨앗 ${seed}에서 실패했습니다: ${(error as Error).message}`,
            `이 씨앗 하나로 여러분의 코드를 다시: FUZZ_SEED=${seed} npm run exercise:6`,
            `같은 씨앗을 reference 코드로 (비교용): REPLICATION_SEED=${seed} npx vitest run reference/test/replication/replication-property.test.ts`,
          ].join('\n'),
          { cause: error },
        );
      }
    }
  }, 120_000);

  it('SimReplicationChaos: 시뮬레이터의 클러스터(컨트롤러 쿼럼, 브로커 서너 대, RF 3, min.insync.replicas=2)가 씨앗 10개의 무작위 장애를 겪어도 성공을 받은 쓰기를 하나도 잃지 않고, 장애를 거두면 모든 복제본이 같은 로그로 ISR에 돌아옵니다', async () => {
    // runReplicationChaos는 끝에 검사기(replication-checker.ts)로 역사를 보고, 이상이 있거나 회복하지 못하면 던집니다.
    const replay = process.env.FUZZ_SEED;
    const root = rootSeed(replay, () => randomInt(2 ** 32));
    const seeds = replay ? [root] : Array.from({ length: 10 }, (_, i) => deriveSeed(root, 6, i));
    for (const seed of seeds) {
      const params = replicationChaosParams(seed);
      try {
        const report = await runReplicationChaos(params);
        expect(report.acked, `씨앗 ${seed}: 성공을 받은 쓰기가 있어야 합니다`).toBeGreaterThan(0);
      } catch (error) {
        throw new Error(
          [
            `시뮬레이터(${describeReplicationParams(params)}), 씨앗 ${seed}에서 실패했습니다: ${(error as Error).message}`,
            `이 씨앗 하나로 여러분의 코드를 다시: FUZZ_SEED=${seed} npm run exercise:6`,
            `같은 씨앗을 reference 코드로 (비교용): npm run sim -- --mode replication --seed ${seed}`,
          ].join('\n'),
          { cause: error },
        );
      }
    }
  }, 180_000);
});
