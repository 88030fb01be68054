/**
 * 벽시계 점프와 브로커 세션: 클러스터 시뮬레이터의 컨트롤러 셋과 브로커 셋에서, 모든 노드의 벽시계를 한꺼번에 10분
 * 앞으로, 그다음 20분 뒤로 옮깁니다 (NTP가 시계를 한 번에 맞추는 것처럼: `NodeClock.jump`는 벽시계만 옮깁니다).
 *
 * Kafka의 컨트롤러는 브로커 세션을 단조 시계로 잽니다 (`BrokerHeartbeatManager`의 `time.nanoseconds()`). 그래서 벽시계가
 * 뛰어도 펜싱되는 브로커가 없어야 하고, 진짜로 멈춘 브로커는 여전히 세션 하나 뒤에 펜싱되어야 합니다. 쿼럼의 타이머는
 * Kafka처럼 벽시계(`KafkaRaftClient`의 `Timer`)라 점프 뒤에 선거가 일어날 수 있지만, 새 활성 컨트롤러는 모든 브로커에게
 * 새 세션을 주므로 그것도 펜싱의 까닭이 되지 않습니다.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_TIMING, ClusterSimulation, FIRST_BROKER_ID } from '../../src/sim/cluster-simulation.js';
import { deriveSeed, SeededRandom } from '../../src/sim/random.js';
import { rootSeed } from '../support/rng.js';

const SEEDS = 20;
const SESSION_MS = CLUSTER_TIMING.sessionTimeoutMs;
const root = rootSeed(process.env.SIM_SEED, () => Date.now());
console.log(
  `벽시계 점프: 뿌리 씨앗 ${root} (SIM_SEED=${root} npx vitest run reference/test/sim/clock-jump.test.ts로 같은 씨앗들을 다시)`,
);

/** 활성 컨트롤러가 보는 등록 가운데 펜싱된 브로커 */
function fencedBrokers(sim: ClusterSimulation): number[] {
  const active = sim.activeController()?.controller;
  if (!active) return [];
  return [...active.state.cluster.registrations()].filter((r) => r.fenced).map((r) => r.brokerId);
}

function runningCluster(seed: number): ClusterSimulation {
  const sim = new ClusterSimulation({ controllers: 3, brokers: 3, random: new SeededRandom(seed) });
  sim.startAll();
  const allRunning = () => sim.brokers.every((b) => b.parts?.lifecycle.state === 'RUNNING');
  if (!sim.runUntil(allRunning, 60_000))
    throw new Error(`씨앗 ${seed}: 브로커들이 60초 안에 RUNNING이 되지 않았습니다`);
  return sim;
}

describe('벽시계 점프 (클러스터 시뮬레이터)', () => {
  it.each(Array.from({ length: SEEDS }, (_, i) => deriveSeed(root, 60, i)))(
    'WallClockJumpFencesNobody (씨앗 %i): ±10분을 뛰어도 세션 셋만큼 펜싱이 없고, 죽은 브로커는 세션 뒤에 펜싱됩니다',
    (seed) => {
      const sim = runningCluster(seed);
      for (const deltaMs of [10 * 60_000, -20 * 60_000]) {
        for (const node of sim.nodes) sim.jumpClock(node.id, deltaMs);
        // 조건이 한 번이라도 참이 되면 runUntil은 true입니다: 세션 셋 동안 어느 걸음에서도 펜싱된 브로커가 없어야 합니다.
        expect(
          sim.runUntil(() => fencedBrokers(sim).length > 0, 3 * SESSION_MS),
          `${deltaMs}ms 점프 뒤 펜싱됨`,
        ).toBe(false);
        expect(sim.brokers.map((b) => b.parts?.lifecycle.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
      }
      // 단조 시계의 세션은 여전히 흐릅니다: 죽은 브로커는 세션이 지난 뒤, 그러나 오래 걸리지 않고 펜싱됩니다.
      const crashedAt = sim.clock.now();
      sim.crash(FIRST_BROKER_ID);
      expect(sim.runUntil(() => fencedBrokers(sim).includes(FIRST_BROKER_ID), 3 * SESSION_MS)).toBe(true);
      expect(sim.clock.now() - crashedAt).toBeGreaterThanOrEqual(SESSION_MS - CLUSTER_TIMING.heartbeatIntervalMs);
      expect(fencedBrokers(sim)).toEqual([FIRST_BROKER_ID]);
    },
    30_000,
  );
});
