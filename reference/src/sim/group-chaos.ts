/**
 * 그룹 판의 무작위 장애: 씨앗 하나가 매개변수(컨슈머 수, 정적 멤버 수, 파티션 수, 할당 방식, 시간 제한, 장애의 세기)와
 * 모든 장애의 순서를 정합니다.
 *
 *   1. 소란: 컨슈머가 죽고(kill -9) 다시 켜지고, 멈추고(GC 정지: 세션보다 길 수도), 그룹을 떠났다 돌아오고, 정적 멤버의
 *      파드가 얼어붙은 사이 같은 인스턴스 ID로 새 파드가 뜨고(깨어난 옛 파드는 좀비), 컨슈머와 코디네이터 사이가 끊기고
 *      (한 방향만 끊기기도 하고), 메시지를 잃고·늦추고·두 번 보내고, 코디네이터의 시계가 뜁니다.
 *   2. 회복: 장애를 거두고(분할을 풀고, 네트워크를 잠잠하게, 죽은 컨슈머를 켜고) 나서, 상한 안에 그룹이 안정되고
 *      (살아 있는 컨슈머만으로 Stable, 파티션을 빠짐없이 한 번씩), 파티션마다 주인이 처리한 곳까지 커밋되어야 합니다.
 *
 * 안전성은 두 단계 내내 걸음마다 검사합니다 (`group-safety.ts`).
 */
import {
  type ChaosLimits,
  type ChaosMode,
  calmNetwork,
  describeLimits,
  distribution,
  FaultSchedule,
  formatDistribution,
  messageFaultLimits,
  networkTotals,
  sumCounters,
  turbulence,
} from './chaos-harness.js';
import type { ConsumerConfig } from './group-consumer.js';
import { type GroupCounters, GroupSimulation } from './group-simulation.js';
import type { NetworkStats } from './network.js';
import { LivenessFailure } from './quorum-scenarios.js';
import { SeededRandom } from './random.js';

export interface GroupChaosParams extends ChaosLimits {
  readonly consumers: number;
  /** 앞에서부터 이만큼이 정적 멤버 (group.instance.id) */
  readonly staticConsumers: number;
  readonly partitions: number;
  readonly assignor: 'range' | 'roundrobin';
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly commitIntervalMs: number;
}

/** 씨앗에서 매개변수를 정합니다. `overrides`로 일부를 고정할 수 있습니다 (다시 돌리는 명령에 함께 찍힙니다). */
export function groupChaosParams(
  seed: number,
  overrides: Partial<Omit<GroupChaosParams, 'seed'>> = {},
): GroupChaosParams {
  const r = new SeededRandom(seed).fork(10);
  const consumers = r.range(1, 6);
  return {
    seed,
    consumers,
    staticConsumers: r.chance(0.5) ? r.range(1, consumers) : 0,
    partitions: r.pick([1, 3, 6, 12]),
    assignor: r.pick(['range', 'roundrobin'] as const),
    sessionTimeoutMs: r.pick([6000, 10_000, 45_000]),
    // rebalance.timeout.ms는 Java 컨슈머의 max.poll.interval.ms입니다. 세션보다 짧을 수도 있습니다: 정적 멤버에게는 세션을
    // 길게 주라고 권하므로(KIP-345), 멈춘 정적 멤버는 세션이 끝나기 전에 리밸런스를 놓치고 옛 세대로 돌아옵니다.
    rebalanceTimeoutMs: r.pick([6000, 10_000, 30_000]),
    commitIntervalMs: r.pick([500, 1000, 5000]),
    chaosMs: 120_000,
    faultIntervalMs: r.pick([
      [500, 2000],
      [1000, 5000],
      [3000, 10_000],
    ] as const),
    ...messageFaultLimits(r),
    ...overrides,
  };
}

/**
 * 매개변수에서 컨슈머의 설정. 하트비트는 Kafka의 heartbeat.interval.ms 기본값(3초)이되 세션의 1/3을 넘지 않게 합니다:
 * 리밸런스를 하트비트로 알아챈 멤버가 참여 마감(가장 짧으면 6초) 전에 다시 참여할 수 있어야, 멤버들이 번갈아 쫓겨나지 않습니다.
 */
export function consumerConfig(p: GroupChaosParams): ConsumerConfig {
  return {
    sessionTimeoutMs: p.sessionTimeoutMs,
    rebalanceTimeoutMs: p.rebalanceTimeoutMs,
    heartbeatIntervalMs: Math.min(3000, Math.floor(p.sessionTimeoutMs / 3)),
    commitIntervalMs: p.commitIntervalMs,
    requestTimeoutMs: 5000,
    retryBackoffMs: 100,
    partitions: p.partitions,
    assignor: p.assignor,
  };
}

/** 멈춤의 최댓값: 세션의 두 배 (세션이 끝나 쫓겨난 뒤 깨어나는 좀비를 만들려고) */
const maxStallMs = (p: GroupChaosParams) => 2 * p.sessionTimeoutMs;

/** 활성의 상한: 멈춘 컨슈머가 깨어나고, 세션과 리밸런스 마감을 두 번씩 지나고도 남을 만큼 */
export function groupLivenessBoundMs(p: GroupChaosParams): number {
  return maxStallMs(p) + 3 * (p.sessionTimeoutMs + p.rebalanceTimeoutMs);
}

export interface GroupChaosReport {
  readonly params: GroupChaosParams;
  /** 장애를 거둔 뒤 그룹이 안정되기까지 (가상 ms) */
  readonly settleMs: number;
  /** 안정된 뒤 파티션마다 주인이 처리한 곳까지 커밋되기까지 (가상 ms) */
  readonly commitMs: number;
  readonly counters: GroupCounters;
  readonly network: NetworkStats;
  readonly checks: number;
  /** 사건의 지문 (같은 씨앗이면 같아야 합니다) */
  readonly trace: { readonly events: number; readonly fingerprint: string };
  /** 끝났을 때 파티션마다 커밋된 오프셋 (같은 씨앗이면 같아야 합니다) */
  readonly committed: readonly [number, number][];
}

type Fault = 'crash' | 'stall' | 'leave' | 'replaceStatic' | 'isolate' | 'oneWay' | 'turbulence' | 'clockJump';

/** 한 번에 둘 수 있는 컨슈머 프로세스의 수 (정적 멤버의 새 파드가 쌓이지 않게) */
const MAX_PROCESSES = 12;

export function runGroupChaos(params: GroupChaosParams): GroupChaosReport {
  const random = new SeededRandom(params.seed);
  const faults = random.fork(5);
  const sim = new GroupSimulation({
    random: random.fork(3),
    consumers: params.consumers,
    staticConsumers: params.staticConsumers,
    consumer: consumerConfig(params),
  });
  const { counters } = sim;
  const schedule = new FaultSchedule<Fault>(sim.clock, faults, params.chaosMs);
  const restart = (consumer: (typeof sim.consumers)[number]) => {
    if (consumer.alive || consumer.fenced) return;
    consumer.start();
    counters.restarts++;
  };

  const inject = (fault: Fault) => {
    const running = sim.live;
    const victim = running.length > 0 ? faults.pick(running) : null;
    switch (fault) {
      case 'crash':
        if (!victim) return;
        victim.stop();
        counters.crashes++;
        schedule.later(1000, 2 * params.sessionTimeoutMs, () => restart(victim));
        return;
      case 'stall':
        if (!victim) return;
        victim.stall(faults.range(500, maxStallMs(params)));
        counters.stalls++;
        return;
      case 'leave':
        if (!victim) return;
        victim.leave();
        counters.leaves++;
        schedule.later(1000, 10_000, () => restart(victim));
        return;
      case 'replaceStatic': {
        const statics = running.filter((c) => c.groupInstanceId !== null);
        if (statics.length === 0 || sim.consumers.length >= MAX_PROCESSES) return;
        const frozen = faults.pick(statics);
        // 옛 파드는 얼어붙었다가 깨어납니다 (그사이 새 파드가 자리를 가져갔다면 좀비입니다).
        frozen.stall(faults.range(1000, maxStallMs(params)));
        sim.addConsumer(frozen.groupInstanceId).start();
        counters.staticReplacements++;
        return;
      }
      case 'isolate':
        if (!victim) return;
        sim.network.isolate(victim.id, [0]);
        counters.partitions++;
        schedule.later(300, params.sessionTimeoutMs * 1.5, () => sim.network.heal());
        return;
      case 'oneWay':
        if (!victim) return;
        if (faults.chance(0.5)) sim.network.block([victim.id], [0]);
        else sim.network.block([0], [victim.id]);
        counters.partitions++;
        schedule.later(300, params.sessionTimeoutMs * 1.5, () => sim.network.heal());
        return;
      case 'turbulence':
        sim.network.faults = turbulence(faults, params);
        return;
      case 'clockJump':
        sim.coordinatorClock.jump(faults.range(-params.sessionTimeoutMs, params.sessionTimeoutMs));
        counters.clockJumps++;
        return;
    }
  };

  sim.startAll();
  schedule.start(
    params.faultIntervalMs,
    [
      [3, 'crash'],
      [3, 'stall'],
      [2, 'leave'],
      [params.staticConsumers > 0 ? 2 : 0, 'replaceStatic'],
      [2, 'isolate'],
      [1, 'oneWay'],
      [2, 'turbulence'],
      [1, 'clockJump'],
    ],
    inject,
  );
  sim.runFor(params.chaosMs);

  // 회복: 장애를 거두고, 꺼진 컨슈머를 켭니다 (자리를 뺏겨 끝난 인스턴스는 그대로).
  calmNetwork(sim.network);
  for (const c of sim.consumers) restart(c);
  const healedAt = sim.clock.now();
  const bound = groupLivenessBoundMs(params);
  if (!sim.runUntil(() => sim.settled(), bound)) {
    const group = sim.group;
    throw new LivenessFailure(
      `장애를 거둔 뒤 그룹이 안정되지 않았습니다 (그룹 ${group?.state} 세대 ${group?.generationId} 멤버 ${group?.members.size}, ` +
        `살아 있는 컨슈머 ${sim.live.map((c) => `${c.id}:${c.phase}@${c.assignedGeneration}`).join(' ')})`,
      bound,
    );
  }
  const settleMs = sim.clock.now() - healedAt;
  // 안정된 뒤에도 커밋이 나아가는지: 파티션마다 주인이 그때까지 처리한 곳을 넘어 커밋됩니다.
  const targets = sim.live.flatMap((c) => c.owned.map((p) => [p, (c.positions.get(p) ?? 0) + 1] as const));
  const committedAll = () => {
    const committed = sim.committed();
    return targets.every(([p, offset]) => (committed.get(p) ?? -1) >= offset);
  };
  const commitBound = 3 * params.commitIntervalMs + 10_000;
  if (!sim.runUntil(committedAll, commitBound)) {
    throw new LivenessFailure('그룹이 안정된 뒤에도 주인들이 처리한 곳까지 커밋되지 않았습니다', commitBound);
  }
  return {
    params,
    settleMs,
    commitMs: sim.clock.now() - healedAt - settleMs,
    counters,
    network: networkTotals(sim.network.stats),
    checks: sim.safety.checks,
    trace: { events: sim.trace.events, fingerprint: sim.trace.fingerprint },
    committed: [...sim.committed()].sort((a, b) => a[0] - b[0]),
  };
}

/** 매개변수를 한 줄로 (실행 전에 찍습니다) */
export function describeGroupParams(p: GroupChaosParams): string {
  return [
    `씨앗 ${p.seed}`,
    `컨슈머 ${p.consumers}(정적 ${p.staticConsumers})`,
    `파티션 ${p.partitions}`,
    `할당 ${p.assignor}`,
    `세션 ${p.sessionTimeoutMs}ms`,
    `리밸런스 ${p.rebalanceTimeoutMs}ms`,
    `커밋 ${p.commitIntervalMs}ms마다`,
    ...describeLimits(p),
  ].join(', ');
}

/** 여러 씨앗의 결과: 겪은 장애와 그룹의 사건 수, 안정과 커밋까지의 분포 */
function summarize(reports: readonly GroupChaosReport[]): string[] {
  const c = sumCounters(reports.map((r) => r.counters));
  const n = sumCounters(reports.map((r) => r.network));
  const d = (values: readonly number[]) => formatDistribution(distribution(values), false);
  return [
    `씨앗 ${reports.length}개, 걸음 ${c.steps}번 (걸음마다 안전성 검사), 세대 ${c.generations}개, 받아들인 커밋 ${c.commitsAccepted}번, 거절된 커밋 ${c.commitsRefused}번`,
    `장애: 컨슈머 죽음 ${c.crashes}번, 다시 켬 ${c.restarts}번, 멈춤 ${c.stalls}번, 떠남 ${c.leaves}번, 정적 멤버의 새 파드 ${c.staticReplacements}번, ` +
      `분할 ${c.partitions}번, 코디네이터 시계 점프 ${c.clockJumps}번, 메시지 유실 ${n.dropped}개·복제 ${n.duplicated}개·분할로 막힘 ${n.blocked}개`,
    `장애를 거둔 뒤 그룹이 안정되기까지: ${d(reports.map((r) => r.settleMs))}`,
    `안정된 뒤 처리한 곳까지 커밋되기까지: ${d(reports.map((r) => r.commitMs))}`,
  ];
}

/** `npm run sim -- --mode group` */
export const groupChaos: ChaosMode<GroupChaosParams, GroupChaosReport> = {
  name: 'group',
  title: '그룹 시뮬레이션 (그룹 코디네이터와 컨슈머)',
  overridable: [
    'consumers',
    'staticConsumers',
    'partitions',
    'assignor',
    'sessionTimeoutMs',
    'rebalanceTimeoutMs',
    'commitIntervalMs',
    'chaosMs',
    'faultIntervalMs',
    'maxDropRate',
    'maxDuplicateRate',
    'maxDelayMs',
  ],
  params: groupChaosParams,
  describe: describeGroupParams,
  run: runGroupChaos,
  summarize,
};
