/**
 * 11장 테스트: 세 브로커 클러스터의 활성 컨트롤러가 하는 판단. 테스트는 고치지 마세요.
 * 테스트 이름의 `:` 앞부분이 ID이고, course/chapters.ts에 같은 ID의 힌트가 있습니다.
 *
 * 작은 단계부터 갑니다: 브로커 세션(시간 제한, 다음 확인 시각, 세션이 끝난 브로커) → 하트비트를 받은 브로커의 다음 상태
 * → 파티션 리더 선거(ONLINE, PREFERRED, UNCLEAN) → 무작위 파티션의 선거. 여러분의 코드를 끼운 브로커 셋을 진짜
 * 프로세스로 띄워 시드 시나리오를 돌리는 끝에서 끝까지 테스트는 cluster.e2e.test.ts에 있습니다.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_LEADER, type PartitionRegistration } from '../../../reference/src/metadata/partition-registration.js';
import type { BrokerHeartbeatRequest } from '../../../reference/src/protocol/messages/63-broker-heartbeat.js';
import { assertProperty } from '../../../reference/test/support/property.js';
import { BrokerHeartbeatManager } from '../src/broker-heartbeat-manager.js';
import { type Election, PartitionChangeBuilder } from '../src/partition-change-builder.js';

/** 기준 구성의 broker.session.timeout.ms (Kafka 기본값 9초) */
const SESSION_MS = 9000;

type Heartbeat = Pick<BrokerHeartbeatRequest, 'wantFence' | 'wantShutDown' | 'currentMetadataOffset'>;
const heartbeat = (h: Partial<Heartbeat>): Heartbeat => ({
  wantFence: false,
  wantShutDown: false,
  currentMetadataOffset: 100,
  ...h,
});

/** 브로커 1, 2, 3이 등록되어 펜싱이 풀렸고, 시각 0에 마지막으로 연락했습니다. */
function threeBrokers(): BrokerHeartbeatManager {
  const manager = new BrokerHeartbeatManager(SESSION_MS);
  for (const id of [1, 2, 3]) manager.register(id, false, 0);
  return manager;
}

describe('11장: 브로커 세션', () => {
  it('SessionExpiresAfterTimeout: 마지막 연락에서 세션 시간 제한까지는 살아 있고, 그 다음 ms부터 끝납니다', () => {
    const manager = threeBrokers();
    manager.touch(2, false, 100, 5000);
    const at = (id: number, now: number) => `브로커 ${id}, 시각 ${now}ms: ${manager.hasValidSession(id, now)}`;
    expect(at(1, 0)).toBe('브로커 1, 시각 0ms: true');
    expect(at(1, SESSION_MS - 1)).toBe(`브로커 1, 시각 ${SESSION_MS - 1}ms: true`);
    expect(at(1, SESSION_MS)).toBe(`브로커 1, 시각 ${SESSION_MS}ms: true`);
    expect(at(1, SESSION_MS + 1)).toBe(`브로커 1, 시각 ${SESSION_MS + 1}ms: false`);
    // 하트비트가 세션을 새로 합니다
    expect(at(2, SESSION_MS + 1)).toBe(`브로커 2, 시각 ${SESSION_MS + 1}ms: true`);
    expect(at(2, 5000 + SESSION_MS)).toBe(`브로커 2, 시각 ${5000 + SESSION_MS}ms: true`);
    expect(at(2, 5000 + SESSION_MS + 1)).toBe(`브로커 2, 시각 ${5000 + SESSION_MS + 1}ms: false`);
    // 펜싱된 브로커와 등록되지 않은 브로커에게는 세션이 없습니다
    manager.fence(3);
    expect(at(3, 0)).toBe('브로커 3, 시각 0ms: false');
    expect(at(4, 0)).toBe('브로커 4, 시각 0ms: false');
    manager.touch(3, true, 100, 10);
    expect(at(3, 10)).toBe('브로커 3, 시각 10ms: false');
  });

  it('StaleBrokerFoundInTime: 다음 확인 시각은 가장 오래 조용한 펜싱되지 않은 브로커의 세션이 끝나는 첫 ms입니다', () => {
    const manager = threeBrokers();
    manager.touch(1, false, 100, 3000);
    manager.touch(3, false, 100, 2000);
    // 가장 오래 조용한 것은 브로커 2 (시각 0)
    expect(manager.nextCheckTimeMs()).toBe(SESSION_MS + 1);
    expect(manager.findOneStaleBroker(SESSION_MS)).toBeNull();
    expect(manager.findOneStaleBroker(SESSION_MS + 1)).toBe(2);
    // 펜싱된 브로커는 세지 않습니다: 다음은 브로커 3 (시각 2000)
    manager.fence(2);
    expect(manager.nextCheckTimeMs()).toBe(2000 + SESSION_MS + 1);
    expect(manager.findOneStaleBroker(2000 + SESSION_MS)).toBeNull();
    expect(manager.findOneStaleBroker(2000 + SESSION_MS + 1)).toBe(3);
    manager.fence(3);
    manager.fence(1);
    // 지켜볼 브로커가 없으면 확인할 때도 없습니다
    expect(manager.nextCheckTimeMs()).toBe(Number.POSITIVE_INFINITY);
    expect(new BrokerHeartbeatManager(SESSION_MS).nextCheckTimeMs()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('11장: 하트비트를 받은 브로커의 다음 상태', () => {
  it('FencedBrokerUnfencesWhenCaughtUp: 펜싱된 브로커는 자기 등록 레코드까지 따라잡아야 펜싱이 풀립니다', () => {
    const manager = new BrokerHeartbeatManager(SESSION_MS);
    manager.register(1, true, 0);
    const next = (h: Partial<Heartbeat>) => manager.calculateNextBrokerState(1, heartbeat(h), 100, () => false);
    expect(next({ currentMetadataOffset: 99 })).toEqual({ current: 'FENCED', next: 'FENCED' });
    expect(next({ currentMetadataOffset: 100 })).toEqual({ current: 'FENCED', next: 'UNFENCED' });
    expect(next({ currentMetadataOffset: 150 })).toEqual({ current: 'FENCED', next: 'UNFENCED' });
    expect(next({ currentMetadataOffset: 150, wantFence: true })).toEqual({ current: 'FENCED', next: 'FENCED' });
    expect(next({ currentMetadataOffset: 50, wantShutDown: true })).toEqual({
      current: 'FENCED',
      next: 'SHUTDOWN_NOW',
    });
  });

  it('UnfencedBrokerStaysOrLeaves: 펜싱이 풀린 브로커는 펜싱이나 종료를 원할 때만 바뀌고, 리더십이 남았으면 제어된 종료로 갑니다', () => {
    const manager = threeBrokers();
    const next = (h: Partial<Heartbeat>, leaderships: boolean) =>
      manager.calculateNextBrokerState(1, heartbeat(h), 100, () => leaderships);
    expect(next({}, true)).toEqual({ current: 'UNFENCED', next: 'UNFENCED' });
    // 펜싱이 풀린 뒤에는 오프셋이 뒤처져도 그대로입니다 (따라잡기는 펜싱을 풀 때만 봅니다)
    expect(next({ currentMetadataOffset: 10 }, false)).toEqual({ current: 'UNFENCED', next: 'UNFENCED' });
    expect(next({ wantFence: true }, true)).toEqual({ current: 'UNFENCED', next: 'FENCED' });
    expect(next({ wantFence: true, wantShutDown: true }, true)).toEqual({
      current: 'UNFENCED',
      next: 'SHUTDOWN_NOW',
    });
    expect(next({ wantShutDown: true }, true)).toEqual({ current: 'UNFENCED', next: 'CONTROLLED_SHUTDOWN' });
    expect(next({ wantShutDown: true }, false)).toEqual({ current: 'UNFENCED', next: 'SHUTDOWN_NOW' });
  });

  it('ControlledShutdownWaitsForOthers: 제어된 종료는 리더십을 다 넘기고, 일하는 브로커들이 종료 오프셋까지 따라온 뒤에 끝납니다', () => {
    const manager = threeBrokers();
    manager.touch(1, false, 120, 10);
    manager.touch(2, false, 118, 10);
    manager.touch(3, false, 125, 10);
    manager.maybeUpdateControlledShutdownOffset(3, 120);
    const next = (leaderships: boolean) =>
      manager.calculateNextBrokerState(3, heartbeat({ wantShutDown: true }), 100, () => leaderships);
    expect(next(true)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'CONTROLLED_SHUTDOWN' });
    // 리더십은 넘겼지만 브로커 2가 아직 118: 종료 오프셋 120을 모릅니다
    expect(next(false)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'CONTROLLED_SHUTDOWN' });
    manager.touch(2, false, 120, 20);
    // 딱 같으면 끝내도 됩니다
    expect(next(false)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'SHUTDOWN_NOW' });
    expect(next(true)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'CONTROLLED_SHUTDOWN' });
    // 펜싱된 브로커는 기다릴 상대가 아닙니다
    manager.touch(2, false, 110, 30);
    expect(next(false)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'CONTROLLED_SHUTDOWN' });
    manager.fence(2);
    expect(next(false)).toEqual({ current: 'CONTROLLED_SHUTDOWN', next: 'SHUTDOWN_NOW' });
  });
});

/** 기준 구성의 파티션 하나: 복제본 [1, 2, 3], ISR 전부, 리더 1 */
const P0: PartitionRegistration = {
  partitionId: 0,
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
  leader: 1,
  leaderEpoch: 5,
  partitionEpoch: 9,
};

function elect(
  partition: PartitionRegistration,
  alive: readonly number[],
  election: Election = 'ONLINE',
  targetIsr?: readonly number[],
): { node: number; unclean: boolean } {
  const builder = new PartitionChangeBuilder(partition, 'orders-id', (r) => alive.includes(r)).setElection(election);
  if (targetIsr) builder.setTargetIsr(targetIsr);
  return builder.electLeader();
}

describe('11장: 파티션 리더 선거', () => {
  it('LiveLeaderStays: 지금 리더가 살아 있고 ISR에 있으면 그대로 둡니다 (리더가 바뀌면 클라이언트가 모두 다시 찾아야 합니다)', () => {
    expect(elect(P0, [1, 2, 3])).toEqual({ node: 1, unclean: false });
    expect(elect({ ...P0, leader: 3 }, [1, 2, 3])).toEqual({ node: 3, unclean: false });
    expect(elect({ ...P0, leader: 2 }, [2, 3], 'ONLINE', [2, 3])).toEqual({ node: 2, unclean: false });
  });

  it('FencedLeaderReplacedFromIsr: 리더가 펜싱되면 복제본 순서대로 ISR에 있는 첫 살아 있는 복제본이 리더가 됩니다', () => {
    // 브로커 1이 죽어 펜싱되었습니다
    expect(elect(P0, [2, 3])).toEqual({ node: 2, unclean: false });
    expect(elect({ ...P0, replicas: [1, 3, 2] }, [2, 3])).toEqual({ node: 3, unclean: false });
    // ISR 밖의 복제본은 커밋된 레코드를 가졌다는 보장이 없습니다
    expect(elect({ ...P0, isr: [1, 3] }, [2, 3])).toEqual({ node: 3, unclean: false });
    // 바라는 ISR(이 변경이 적을 ISR)로 봅니다: 리더를 ISR에서 빼면 다음 복제본
    expect(elect(P0, [1, 2, 3], 'ONLINE', [2, 3])).toEqual({ node: 2, unclean: false });
    // ISR에 살아 있는 복제본이 없으면 리더 없음(오프라인): 데이터를 잃느니 멈춥니다
    expect(elect({ ...P0, isr: [1] }, [2, 3])).toEqual({ node: NO_LEADER, unclean: false });
    expect(elect(P0, [])).toEqual({ node: NO_LEADER, unclean: false });
    // 리더가 없던 파티션에 ISR의 복제본이 돌아오면 그것이 리더입니다
    expect(elect({ ...P0, leader: NO_LEADER, isr: [3] }, [1, 3])).toEqual({ node: 3, unclean: false });
  });

  it('PreferredLeaderFirst: 선호 리더 선거는 첫째 복제본이 괜찮으면 그것을, 아니면 ONLINE처럼 뽑습니다', () => {
    // 브로커 1이 돌아와 ISR에 들어왔지만 리더는 2: 선호 리더 선거가 1에게 되돌립니다
    const moved = { ...P0, leader: 2 };
    expect(elect(moved, [1, 2, 3], 'PREFERRED')).toEqual({ node: 1, unclean: false });
    expect(elect(moved, [1, 2, 3], 'ONLINE')).toEqual({ node: 2, unclean: false });
    // 선호 리더가 아직 ISR 밖이거나 펜싱되었으면 지금 리더를 둡니다
    expect(elect({ ...moved, isr: [2, 3] }, [1, 2, 3], 'PREFERRED')).toEqual({ node: 2, unclean: false });
    expect(elect(moved, [2, 3], 'PREFERRED')).toEqual({ node: 2, unclean: false });
    // 선호 리더도 지금 리더도 안 되면 복제본 순서대로
    expect(elect({ ...moved, isr: [2, 3] }, [1, 3], 'PREFERRED')).toEqual({ node: 3, unclean: false });
  });

  it('UncleanOnlyAsLastResort: ISR 밖의 복제본은 UNCLEAN 선거에서, 깨끗한 후보가 하나도 없을 때만 뽑습니다', () => {
    // ISR은 [1]뿐인데 1이 죽었습니다
    const lonely = { ...P0, isr: [1] };
    expect(elect(lonely, [2, 3], 'ONLINE')).toEqual({ node: NO_LEADER, unclean: false });
    expect(elect(lonely, [2, 3], 'PREFERRED')).toEqual({ node: NO_LEADER, unclean: false });
    expect(elect(lonely, [2, 3], 'UNCLEAN')).toEqual({ node: 2, unclean: true });
    expect(elect({ ...lonely, replicas: [1, 3, 2] }, [2, 3], 'UNCLEAN')).toEqual({ node: 3, unclean: true });
    // 깨끗한 후보가 있으면 UNCLEAN이어도 깨끗하게 뽑습니다
    expect(elect({ ...P0, isr: [1, 3] }, [2, 3], 'UNCLEAN')).toEqual({ node: 3, unclean: false });
    expect(elect(P0, [1, 2, 3], 'UNCLEAN')).toEqual({ node: 1, unclean: false });
    // 살아 있는 복제본이 하나도 없으면 UNCLEAN도 뽑을 것이 없습니다
    expect(elect(lonely, [4], 'UNCLEAN')).toEqual({ node: NO_LEADER, unclean: false });
  });

  it('RandomElectionsFollowKafka: 무작위 파티션과 살아 있는 브로커에서 선거 결과가 Kafka의 규칙과 같습니다', () => {
    const broker = fc.integer({ min: 1, max: 5 });
    const partition = fc.uniqueArray(broker, { minLength: 1, maxLength: 5 }).chain((replicas) =>
      fc.record({
        replicas: fc.constant(replicas),
        isr: fc.subarray(replicas, { minLength: 1 }),
        leader: fc.oneof(fc.constantFrom(...replicas), fc.constant(NO_LEADER)),
        alive: fc.subarray([1, 2, 3, 4, 5]),
        election: fc.constantFrom<Election>('ONLINE', 'PREFERRED', 'UNCLEAN'),
      }),
    );
    assertProperty(
      fc.property(partition, ({ replicas, isr, leader, alive, election }) => {
        const registration: PartitionRegistration = { ...P0, replicas, isr, leader };
        const got = elect(registration, alive, election);
        const expected = kafkaElection(replicas, isr, leader, alive, election);
        expect(
          got,
          `복제본 [${replicas}], ISR [${isr}], 리더 ${leader}, 살아 있는 브로커 [${alive}], ${election} 선거`,
        ).toEqual(expected);
      }),
      { chapter: 11, numRuns: 300 },
    );
  });
});

/**
 * Kafka `PartitionChangeBuilder.electLeader`를 조건의 목록으로 다시 적은 것: 여러분의 코드와 견줄 답입니다.
 * 괜찮은 후보 = ISR에 있고 살아 있음.
 */
function kafkaElection(
  replicas: readonly number[],
  isr: readonly number[],
  leader: number,
  alive: readonly number[],
  election: Election,
): { node: number; unclean: boolean } {
  const candidates = replicas.filter((r) => isr.includes(r) && alive.includes(r));
  const preferred = replicas[0] as number;
  if (election === 'PREFERRED' && candidates.includes(preferred)) return { node: preferred, unclean: false };
  if (isr.includes(leader) && alive.includes(leader)) return { node: leader, unclean: false };
  if (candidates.length > 0) return { node: candidates[0] as number, unclean: false };
  const live = replicas.filter((r) => alive.includes(r));
  if (election === 'UNCLEAN' && live.length > 0) return { node: live[0] as number, unclean: true };
  return { node: NO_LEADER, unclean: false };
}
