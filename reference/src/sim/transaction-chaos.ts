/**
 * 트랜잭션 판의 무작위 장애: 씨앗 하나가 매개변수(트랜잭션 ID 수, 파티션·브로커 수, transaction.timeout.ms, 코디네이터의
 * tick 주기, 장애의 세기)와 모든 장애의 순서를 정합니다.
 *
 *   1. 소란: 같은 트랜잭션 ID로 새 인스턴스가 떠서 옛 것을 좀비로 만들고(옛 것은 죽거나 계속 움직입니다), 프로듀서가 죽거나
 *      멈추고(그사이 transaction.timeout.ms가 지나 코디네이터가 어보트하고), 코디네이터가 죽었다 장부에서 되살아나고(마커를
 *      쓰다 말고 죽기도 하고), 장부를 쓸 수 없는 때가 있고, 코디네이터에서 파티션 리더가 닿지 않아 마커를 못 쓰는 때가
 *      있고, 프로듀서와 브로커 사이가 끊기고, 메시지를 잃고·늦추고·두 번 보내고, 코디네이터의 시계가 뜁니다.
 *   2. 회복: 장애를 거두고(코디네이터를 켜고, 장부와 네트워크를 되돌리고, 죽은 프로듀서를 켜고) 프로듀서들이 새 트랜잭션을
 *      시작하지 않게 한 뒤, 상한 안에 열린 트랜잭션이 하나도 남지 않아야 합니다 (어느 파티션의 LSO도 멈춰 있지 않음).
 *      커밋으로 답한 트랜잭션은 모두 커밋되어 있어야 합니다.
 *
 * 안전성은 두 단계 내내 걸음마다, 그리고 장부·마커·답이 생길 때마다 검사합니다 (`transaction-safety.ts`).
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
import type { NetworkStats } from './network.js';
import { LivenessFailure } from './quorum-scenarios.js';
import { SeededRandom } from './random.js';
import { type TransactionCounters, TransactionSimulation } from './transaction-simulation.js';

export interface TransactionChaosParams extends ChaosLimits {
  readonly transactionalIds: number;
  readonly partitions: number;
  readonly brokers: number;
  readonly transactionTimeoutMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms (코디네이터가 시간 초과와 남은 마커를 보는 주기) */
  readonly tickIntervalMs: number;
}

export function transactionChaosParams(
  seed: number,
  overrides: Partial<Omit<TransactionChaosParams, 'seed'>> = {},
): TransactionChaosParams {
  const r = new SeededRandom(seed).fork(10);
  return {
    seed,
    transactionalIds: r.range(1, 4),
    partitions: r.pick([1, 2, 4, 6]),
    brokers: r.range(1, 3),
    transactionTimeoutMs: r.pick([3000, 10_000, 30_000]),
    tickIntervalMs: r.pick([500, 2000, 10_000]),
    chaosMs: 60_000,
    faultIntervalMs: r.pick([
      [200, 1000],
      [500, 3000],
      [2000, 8000],
    ] as const),
    ...messageFaultLimits(r),
    ...overrides,
  };
}

/** 멈춤의 최댓값: transaction.timeout.ms의 두 배 (멈춘 사이 트랜잭션이 어보트되어 좀비가 되게) */
const maxStallMs = (p: TransactionChaosParams) => 2 * p.transactionTimeoutMs;

/** 활성의 상한: 멈춘 프로듀서가 깨어나고, 남은 트랜잭션이 시간 초과로 어보트되고, 코디네이터가 두어 번 tick하고도 남을 만큼 */
export function transactionLivenessBoundMs(p: TransactionChaosParams): number {
  return maxStallMs(p) + 2 * (p.transactionTimeoutMs + p.tickIntervalMs) + 30_000;
}

export interface TransactionChaosReport {
  readonly params: TransactionChaosParams;
  /** 장애를 거둔 뒤 열린 트랜잭션이 모두 끝나기까지 (가상 ms) */
  readonly quiesceMs: number;
  readonly counters: TransactionCounters;
  readonly network: NetworkStats;
  readonly checks: number;
  /** 사건의 지문 (같은 씨앗이면 같아야 합니다) */
  readonly trace: { readonly events: number; readonly fingerprint: string };
  /** 끝났을 때 파티션마다 로그 끝 (같은 씨앗이면 같아야 합니다) */
  readonly logEnds: readonly number[];
  readonly ledgerRecords: number;
}

type Fault =
  | 'newInstance'
  | 'crashProducer'
  | 'stall'
  | 'crashCoordinator'
  | 'crashWhileWritingMarkers'
  | 'ledgerOutage'
  | 'markerOutage'
  | 'isolate'
  | 'turbulence'
  | 'clockJump';

/** 한 번에 둘 수 있는 프로듀서 프로세스의 수 */
const MAX_PROCESSES = 16;

export async function runTransactionChaos(params: TransactionChaosParams): Promise<TransactionChaosReport> {
  const random = new SeededRandom(params.seed);
  const faults = random.fork(5);
  const sim = new TransactionSimulation({
    random: random.fork(3),
    partitions: params.partitions,
    brokers: params.brokers,
    transactionalIds: Array.from({ length: params.transactionalIds }, (_, i) => `tx-${i}`),
    tickIntervalMs: params.tickIntervalMs,
    producer: { transactionTimeoutMs: params.transactionTimeoutMs, requestTimeoutMs: 5000, retryBackoffMs: 100 },
  });
  const { counters } = sim;
  const schedule = new FaultSchedule<Fault>(sim.clock, faults, params.chaosMs);

  const inject = (fault: Fault) => {
    const running = sim.producers.filter((p) => p.alive);
    const victim = running.length > 0 ? faults.pick(running) : null;
    switch (fault) {
      case 'newInstance': {
        if (!victim || sim.producers.length >= MAX_PROCESSES) return;
        // 절반은 옛 인스턴스가 죽은 뒤에 새 것이 뜨고, 절반은 옛 것이 (멈췄다가) 계속 움직이는 좀비가 됩니다.
        const old = faults.weighted([
          [2, 'dies'],
          [1, 'stalls'],
          [1, 'runs'],
        ] as const);
        if (old === 'dies') victim.stop();
        if (old === 'stalls') victim.stall(faults.range(100, maxStallMs(params)));
        sim.addProducer(victim.transactionalId).start();
        counters.newInstances++;
        return;
      }
      case 'crashProducer':
        if (!victim) return;
        victim.stop();
        counters.producerCrashes++;
        schedule.later(1000, 2 * params.transactionTimeoutMs, () => victim.start());
        return;
      case 'stall':
        if (!victim) return;
        victim.stall(faults.range(100, maxStallMs(params)));
        counters.stalls++;
        return;
      case 'crashCoordinator':
        sim.crashCoordinator();
        schedule.later(100, 5000, () => sim.startCoordinator());
        return;
      case 'crashWhileWritingMarkers':
        // 이 동안 마커를 쓰는 코디네이터는 파티션마다 반의 확률로 그 자리에서 죽습니다.
        sim.crashWhileWritingMarkers = 0.5;
        schedule.later(500, 3000, () => {
          sim.crashWhileWritingMarkers = 0;
          sim.startCoordinator();
        });
        return;
      case 'ledgerOutage':
        sim.ledgerUnavailable = true;
        counters.ledgerOutages++;
        schedule.later(200, 5000, () => {
          sim.ledgerUnavailable = false;
        });
        return;
      case 'markerOutage': {
        const broker = faults.pick(sim.brokerIds);
        sim.network.block([0], [broker]);
        counters.markerOutages++;
        schedule.later(200, 5000, () => sim.network.heal());
        return;
      }
      case 'isolate':
        if (!victim) return;
        sim.network.isolate(victim.id, [0, ...sim.brokerIds]);
        counters.partitions++;
        schedule.later(200, params.transactionTimeoutMs * 1.5, () => sim.network.heal());
        return;
      case 'turbulence':
        sim.network.faults = turbulence(faults, params);
        return;
      case 'clockJump':
        sim.coordinatorClock.jump(faults.range(-params.transactionTimeoutMs, params.transactionTimeoutMs));
        counters.clockJumps++;
        return;
    }
  };

  for (const p of sim.producers) p.start();
  schedule.start(
    params.faultIntervalMs,
    [
      [3, 'newInstance'],
      [2, 'crashProducer'],
      [2, 'stall'],
      [2, 'crashCoordinator'],
      [1, 'crashWhileWritingMarkers'],
      [1, 'ledgerOutage'],
      [2, 'markerOutage'],
      [1, 'isolate'],
      [2, 'turbulence'],
      [1, 'clockJump'],
    ],
    inject,
  );
  await sim.runFor(params.chaosMs);

  // 회복: 장애를 거두고, 프로듀서들은 지금 트랜잭션만 끝내게 합니다.
  calmNetwork(sim.network);
  sim.ledgerUnavailable = false;
  sim.crashWhileWritingMarkers = 0;
  sim.startCoordinator();
  for (const p of sim.producers) {
    p.draining = true;
    if (
      !p.alive &&
      p.phase === 'stopped' &&
      !sim.producers.some((q) => q !== p && q.alive && q.transactionalId === p.transactionalId)
    ) {
      p.start();
    }
  }
  const healedAt = sim.clock.now();
  const bound = transactionLivenessBoundMs(params);
  if (!(await sim.runUntil(() => sim.quiescent(), bound))) {
    throw new LivenessFailure(
      `장애를 거둔 뒤에도 트랜잭션이 끝나지 않았습니다 (열린 트랜잭션 ${sim.safety.openLabels().join(', ') || '없음'}, ` +
        `LSO ${sim.lsos().join('/')}, 로그 끝 ${sim.partitions.map((p) => p.end).join('/')}, ` +
        `프로듀서 ${sim.producers.map((p) => `${p.id}:${p.phase}`).join(' ')})`,
      bound,
    );
  }
  const missing = sim.safety.acknowledgedCommitsNotCommitted();
  if (missing.length > 0) throw new LivenessFailure(`커밋으로 답한 ${missing.join(', ')}이 커밋되지 않았습니다`, bound);
  return {
    params,
    quiesceMs: sim.clock.now() - healedAt,
    counters,
    network: networkTotals(sim.network.stats),
    checks: sim.safety.checks,
    trace: { events: sim.trace.events, fingerprint: sim.trace.fingerprint },
    logEnds: sim.partitions.map((p) => p.end),
    ledgerRecords: sim.ledger.length,
  };
}

/** 매개변수를 한 줄로 (실행 전에 찍습니다) */
export function describeTransactionParams(p: TransactionChaosParams): string {
  return [
    `씨앗 ${p.seed}`,
    `트랜잭션 ID ${p.transactionalIds}`,
    `파티션 ${p.partitions}`,
    `브로커 ${p.brokers}`,
    `트랜잭션 시간 제한 ${p.transactionTimeoutMs}ms`,
    `코디네이터 tick ${p.tickIntervalMs}ms`,
    ...describeLimits(p),
  ].join(', ');
}

/** 여러 씨앗의 결과: 겪은 장애와 트랜잭션의 사건 수, 열린 트랜잭션이 모두 끝나기까지의 분포 */
function summarize(reports: readonly TransactionChaosReport[]): string[] {
  const c = sumCounters(reports.map((r) => r.counters));
  const n = sumCounters(reports.map((r) => r.network));
  const quiesce = distribution(reports.map((r) => r.quiesceMs));
  return [
    `씨앗 ${reports.length}개, 걸음 ${c.steps}번 (걸음마다 안전성 검사), 커밋 ${c.commits}번, 어보트 ${c.aborts}번, ` +
      `에포크를 올려 어보트한 트랜잭션 ${c.fencedTransactions}개, 마커 ${c.markers}개, 막힌 좀비의 요청 ${c.refusedZombieRequests}번`,
    `장애: 새 인스턴스(좀비 만들기) ${c.newInstances}번, 프로듀서 죽음 ${c.producerCrashes}번, 멈춤 ${c.stalls}번, ` +
      `코디네이터 죽음 ${c.coordinatorCrashes}번(마커를 쓰다가 ${c.crashesWhileWritingMarkers}번), 장부를 못 씀 ${c.ledgerOutages}번, ` +
      `마커를 못 씀 ${c.markerOutages}번, 분할 ${c.partitions}번, 코디네이터 시계 점프 ${c.clockJumps}번, ` +
      `메시지 유실 ${n.dropped}개·복제 ${n.duplicated}개·분할로 막힘 ${n.blocked}개`,
    `장애를 거둔 뒤 열린 트랜잭션이 모두 끝나기까지: ${formatDistribution(quiesce, false)}`,
  ];
}

/** `npm run sim -- --mode transaction` */
export const transactionChaos: ChaosMode<TransactionChaosParams, TransactionChaosReport> = {
  name: 'transaction',
  title: '트랜잭션 시뮬레이션 (트랜잭션 코디네이터, 파티션 리더, 프로듀서)',
  overridable: [
    'transactionalIds',
    'partitions',
    'brokers',
    'transactionTimeoutMs',
    'tickIntervalMs',
    'chaosMs',
    'faultIntervalMs',
    'maxDropRate',
    'maxDuplicateRate',
    'maxDelayMs',
  ],
  params: transactionChaosParams,
  describe: describeTransactionParams,
  run: runTransactionChaos,
  summarize,
};
