/**
 * 복제의 무작위 장애 시뮬레이션 (`npm run sim -- --mode replication`): 컨트롤러 쿼럼, 진짜 복제와 트랜잭션 코디네이터를 돌리는
 * 브로커들, acks=all 멱등 프로듀서와 트랜잭션 프로듀서, read_committed·read_uncommitted 컨슈머가 함께 도는 동안 장애를 겪고,
 * 장애를 거둔 뒤 회복합니다. 씨앗 하나가 매개변수와 모든 장애의 순서를 정합니다 (틀은 `chaos-harness.ts`, 판은
 * `replication-simulation.ts`, 클라이언트는 `replication-clients.ts`).
 *
 *   1. 준비: 모두 켜고 복제 계수 3(min.insync.replicas=2) 토픽 하나를 만듭니다 (파티션 1~3개).
 *   2. 소란: 프로듀서가 쓰고(트랜잭션 프로듀서는 트랜잭션마다 레코드 1~3개를 쓰고 씨앗이 고른 대로 커밋하거나 어보트) 컨슈머가
 *      읽는 동안 브로커(파티션 리더도, 한 파티션의 ISR 모두도, 트랜잭션 코디네이터도)와 컨트롤러가 죽었다 켜지고, 리더 브로커가
 *      떨어져 나가고, 네트워크가 갈라지고(클라이언트까지), 메시지를 잃고·늦추고·두 번 보내고, 시계가 뜁니다.
 *   3. 회복 (활성): 장애를 거두고 모두 켜고 새 쓰기와 새 트랜잭션을 멈춥니다. 상한 안에 파티션마다 리더가 서고, 모든 복제본이
 *      ISR에 들고, 모든 복제본의 로그 끝과 리더의 하이 워터마크와 LSO가 같아지고(트랜잭션이 모두 끝남), 보내던 배치와
 *      트랜잭션이 모두 끝나고, 컨슈머가 끝까지 읽어야 합니다.
 *   4. 검사 (안전): 역사와 복제본의 로그를 `replication-checker.ts`가 봅니다 (잃은 쓰기, 중복, 어보트된 읽기, 커밋 전의
 *      읽기…). 이상이 하나라도 있으면 실패입니다.
 */

import { TRANSACTION_STATE_TOPIC } from '../transaction/transaction-log.js';
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
import type { ClusterCounters } from './cluster-simulation.js';
import type { NetworkStats } from './network.js';
import { LivenessFailure, RECOVERY_BOUND_MS } from './quorum-scenarios.js';
import { SeededRandom } from './random.js';
import { checkReplicationHistory, countAnomalies } from './replication-checker.js';
import {
  type ClientContext,
  partitionName,
  SimReplicationConsumer,
  SimReplicationProducer,
  SimTransactionalProducer,
  type TopicPartition,
} from './replication-clients.js';
import { REPLICATION_FACTOR, type ReplicationCounters, ReplicationSimulation } from './replication-simulation.js';

/** 프로듀서는 2000번부터, 트랜잭션 프로듀서는 2500번부터, 컨슈머는 3000번부터 (컨트롤러 0~, 브로커 100~, 관리 클라이언트 1000) */
const FIRST_PRODUCER_ID = 2000;
const FIRST_TRANSACTIONAL_PRODUCER_ID = 2500;
const FIRST_CONSUMER_ID = 3000;
/** 준비(토픽 만들기와 첫 리더)의 상한 */
const SETUP_BOUND_MS = 60_000;

export interface ReplicationChaosParams extends ChaosLimits {
  readonly controllers: number;
  readonly brokers: number;
  readonly producers: number;
  readonly consumers: number;
  /** `replica.lag.time.max.ms` */
  readonly replicaLagTimeMaxMs: number;
  readonly fetchMaxRecords: number;
  /** 컨트롤러가 죽을 때 찢어진 쓰기를 남길지 */
  readonly tornWrites: boolean;
  /** 멱등 프로듀서와 함께 도는 트랜잭션 프로듀서 수 */
  readonly transactionalProducers: number;
  /** 트랜잭션 프로듀서가 트랜잭션을 (커밋 대신) 어보트할 확률 */
  readonly abortRate: number;
  /** 트랜잭션 프로듀서의 `transaction.timeout.ms` (지나면 코디네이터가 에포크를 올려 어보트합니다) */
  readonly transactionTimeoutMs: number;
  /** 컨슈머 가운데 read_committed로 읽는 수 (앞에서부터, 컨슈머 수까지; 나머지는 read_uncommitted) */
  readonly readCommittedConsumers: number;
}

export function replicationChaosParams(
  seed: number,
  overrides: Partial<Omit<ReplicationChaosParams, 'seed'>> = {},
): ReplicationChaosParams {
  const r = new SeededRandom(seed).fork(60);
  return {
    seed,
    controllers: r.weighted([
      [2, 1],
      [5, 3],
    ]),
    brokers: r.weighted([
      [3, 3],
      [2, 4],
    ]),
    producers: r.range(1, 3),
    consumers: r.range(1, 2),
    chaosMs: 10_000,
    faultIntervalMs: r.pick([
      [500, 1500],
      [1000, 3000],
      [2000, 4000],
    ] as const),
    ...messageFaultLimits(r),
    replicaLagTimeMaxMs: r.pick([2000, 5000, 10_000]),
    fetchMaxRecords: r.pick([10, 1000]),
    tornWrites: r.chance(0.5),
    transactionalProducers: r.range(1, 2),
    abortRate: r.pick([0.2, 0.5]),
    transactionTimeoutMs: r.pick([3000, 10_000]),
    readCommittedConsumers: r.range(1, 2),
    ...overrides,
  };
}

export interface ReplicationChaosReport {
  readonly params: ReplicationChaosParams;
  readonly partitions: number;
  readonly sent: number;
  readonly acked: number;
  readonly reads: number;
  /** 그 가운데 read_committed 컨슈머가 읽은 레코드 */
  readonly readCommittedReads: number;
  /** 트랜잭션 프로듀서가 끝낸 트랜잭션: 커밋·어보트가 확인된 것, 결과를 모른 채 그만둔 것, 펜싱되어 다시 초기화한 횟수 */
  readonly transactions: { committed: number; aborted: number; unknown: number; fenced: number };
  readonly retries: number;
  /** 장애를 거둔 뒤 모든 파티션이 회복하기까지 (가상 ms) */
  readonly recoveredAfterHealMs: number;
  readonly counters: ClusterCounters;
  readonly replication: ReplicationCounters;
  readonly network: NetworkStats;
  readonly trace: { readonly events: number; readonly fingerprint: string };
}

type Fault =
  | 'crashBroker'
  | 'crashPartitionLeader'
  | 'crashIsr'
  | 'laggingReplicaOutlivesIsr'
  | 'crashTransactionCoordinator'
  | 'crashController'
  | 'crashQuorumLeader'
  | 'isolatePartitionLeader'
  | 'isolateBrokerFromControllers'
  | 'partition'
  | 'turbulence'
  | 'clockJump';

export async function runReplicationChaos(params: ReplicationChaosParams): Promise<ReplicationChaosReport> {
  const random = new SeededRandom(params.seed);
  const faults = random.fork(5);
  const sim = new ReplicationSimulation({
    controllers: params.controllers,
    brokers: params.brokers,
    random: random.fork(3),
    fetchMaxRecords: params.fetchMaxRecords,
    timing: { replicaLagTimeMaxMs: params.replicaLagTimeMaxMs, replicaFetchWaitMaxMs: 500, replicaFetchBackoffMs: 200 },
  });
  try {
    return await chaos(sim, params, random, faults);
  } finally {
    sim.dispose();
  }
}

async function chaos(
  sim: ReplicationSimulation,
  params: ReplicationChaosParams,
  random: SeededRandom,
  faults: SeededRandom,
): Promise<ReplicationChaosReport> {
  const { cluster } = sim;
  const expect = async (condition: () => boolean, boundMs: number, what: string) => {
    if (!(await sim.runUntil(condition, boundMs))) throw new LivenessFailure(what, boundMs);
  };

  // 1. 준비
  cluster.startAll();
  let topic: string | null = null;
  const create = () =>
    cluster.admin.createTopic(
      params.brokers,
      (created) => {
        if (created) topic = cluster.admin.created[0] ?? null;
        else cluster.clock.schedule(200, create);
      },
      REPLICATION_FACTOR,
    );
  create();
  let partitions: TopicPartition[] = [];
  const everyPartitionLed = () =>
    partitions.length > 0 && partitions.every((tp) => (sim.partitionState(tp)?.leader ?? -1) >= 0);
  await expect(
    () => {
      if (topic !== null && partitions.length === 0) partitions = sim.partitionsOf(topic);
      return everyPartitionLed();
    },
    SETUP_BOUND_MS,
    '복제 계수 3 토픽을 만들지 못했습니다',
  );

  const brokerIds = cluster.brokers.map((n) => n.id);
  const controllerIds = cluster.controllers.map((n) => n.id);
  const context: ClientContext = {
    clock: cluster.clock,
    network: cluster.network,
    brokerIds,
    history: sim.history,
    trace: (...parts) => sim.trace.add(cluster.clock.now(), ...parts),
  };
  const producers: (SimReplicationProducer | SimTransactionalProducer)[] = [
    ...Array.from(
      { length: params.producers },
      (_, i) => new SimReplicationProducer(FIRST_PRODUCER_ID + i, context, random.fork(40, i), partitions),
    ),
    ...Array.from(
      { length: params.transactionalProducers },
      (_, i) =>
        new SimTransactionalProducer(FIRST_TRANSACTIONAL_PRODUCER_ID + i, context, random.fork(45, i), partitions, {
          transactionTimeoutMs: params.transactionTimeoutMs,
          abortRate: params.abortRate,
        }),
    ),
  ];
  const consumers = Array.from(
    { length: params.consumers },
    (_, i) =>
      new SimReplicationConsumer(
        FIRST_CONSUMER_ID + i,
        context,
        random.fork(50, i),
        partitions,
        i < params.readCommittedConsumers ? 'read_committed' : 'read_uncommitted',
      ),
  );
  for (const client of [...producers, ...consumers]) client.start();
  const clientIds = [...producers, ...consumers].map((c) => c.id);
  const all = [...controllerIds, ...brokerIds, ...clientIds];

  // 2. 소란
  const chaosEnd = cluster.clock.now() + params.chaosMs;
  const schedule = new FaultSchedule<Fault>(cluster.clock, faults, chaosEnd);
  const crash = (id: number, minMs: number, maxMs: number) => {
    cluster.crash(id, params.tornWrites && faults.chance(0.5));
    sim.trace.add(cluster.clock.now(), 'crash', id);
    schedule.later(minMs, maxMs, () => cluster.start(id));
  };
  const heal = (minMs = 300, maxMs = 5000) => schedule.later(minMs, maxMs, () => cluster.network.heal());
  const partitionLeader = () => {
    const leader = sim.partitionState(faults.pick(partitions))?.leader ?? -1;
    return leader >= 0 ? leader : null;
  };
  const inject = (fault: Fault) => {
    switch (fault) {
      case 'crashBroker':
        crash(faults.pick(brokerIds), 500, 12_000);
        break;
      case 'crashPartitionLeader': {
        const leader = partitionLeader();
        if (leader !== null) crash(leader, 500, 12_000);
        break;
      }
      case 'crashIsr': {
        // 한 파티션의 ISR이 모두 죽습니다 (한 랙의 정전처럼 함께 일어나는 장애). ISR 밖의 복제본이 살아 있어도 unclean
        // 선거가 꺼져 있으니 파티션은 ISR의 누군가가 돌아올 때까지 리더 없이 기다려야 합니다.
        // 빠진 복제본이 있는 파티션을 먼저 고릅니다: 그 복제본이 먼저 돌아오면 (뽑아서는 안 되는) 후보가 됩니다.
        const states = partitions.flatMap((tp) => sim.partitionState(tp) ?? []);
        const shrunk = states.filter((p) => p.isr.length < p.replicas.length);
        const candidates = shrunk.length > 0 ? shrunk : states;
        if (candidates.length === 0) break;
        for (const id of faults.pick(candidates).isr) crash(id, 4000, 15_000);
        break;
      }
      case 'laggingReplicaOutlivesIsr': {
        // Jepsen의 고전: 팔로워 하나를 떼어 놓아 ISR에서 빠지게 하고(쓰기는 계속됨), 그다음 ISR을 모두 죽이고 떼어 놓은
        // 팔로워를 돌려보냅니다. 살아 있는 복제본은 커밋된 레코드를 갖지 않은 그 팔로워뿐이지만, unclean 선거가 꺼져
        // 있으니 리더가 되면 안 됩니다.
        const tp = faults.pick(partitions);
        const state = sim.partitionState(tp);
        const followers = state?.replicas.filter((id) => id !== state.leader) ?? [];
        if (followers.length === 0) break;
        const lagging = faults.pick(followers);
        cluster.network.isolate(lagging, all);
        cluster.counters.partitions++;
        // ISR 검사는 replica.lag.time.max.ms의 절반마다라, 빠지기까지 많아야 그 1.5배. ISR은 세션 시간 제한보다 오래 꺼져
        // 있어야 펜싱되어 새 리더를 뽑게 됩니다.
        const lag = params.replicaLagTimeMaxMs;
        const downMs = cluster.timing.sessionTimeoutMs + 1000;
        schedule.later(lag * 1.5 + 1000, lag * 1.5 + 3000, () => {
          for (const id of sim.partitionState(tp)?.isr ?? []) if (id !== lagging) crash(id, downMs, downMs + 5000);
          cluster.network.heal();
        });
        break;
      }
      case 'crashTransactionCoordinator': {
        // 트랜잭션 코디네이터(`__transaction_state` 파티션의 리더)가 죽습니다: 장부 파티션의 새 리더가 장부를 읽어 코디네이터가
        // 되고, Prepare에 멈춘 트랜잭션의 마커를 새 코디네이터 에포크로 마저 씁니다. 프로듀서는 NOT_COORDINATOR나 답 없음을
        // 겪고 코디네이터를 다시 찾습니다.
        const ledger = sim.partitionsOf(TRANSACTION_STATE_TOPIC);
        const leader = ledger.length > 0 ? (sim.partitionState(faults.pick(ledger))?.leader ?? -1) : -1;
        if (leader >= 0) crash(leader, 500, 8000);
        break;
      }
      case 'crashController':
        crash(faults.pick(controllerIds), 100, 5000);
        break;
      case 'crashQuorumLeader': {
        const leader = cluster.controllers.find((n) => n.driver?.client.state.name === 'Leader');
        if (leader) crash(leader.id, 100, 5000);
        break;
      }
      case 'isolatePartitionLeader': {
        // 옛 리더는 떨어진 채 자기가 리더라고 믿습니다: 그 사이 받은 acks=all 쓰기는 성공하면 안 됩니다.
        const leader = partitionLeader();
        if (leader !== null) {
          cluster.network.isolate(leader, all);
          cluster.counters.partitions++;
          heal(1000, 12_000);
        }
        break;
      }
      case 'isolateBrokerFromControllers':
        cluster.network.partition([faults.pick(brokerIds)], controllerIds);
        cluster.counters.partitions++;
        heal(2000, 12_000);
        break;
      case 'partition': {
        const shuffled = faults.shuffle(all);
        const cut = faults.range(1, all.length - 1);
        cluster.network.partition(shuffled.slice(0, cut), shuffled.slice(cut));
        cluster.counters.partitions++;
        heal();
        break;
      }
      case 'turbulence':
        cluster.network.faults = turbulence(faults, params);
        break;
      case 'clockJump':
        cluster.jumpClock(faults.pick([...controllerIds, ...brokerIds]), faults.range(-3000, 3000));
        break;
    }
  };
  schedule.start(
    params.faultIntervalMs,
    [
      [3, 'crashBroker'],
      [4, 'crashPartitionLeader'],
      [1, 'crashIsr'],
      [2, 'crashTransactionCoordinator'],
      [2, 'laggingReplicaOutlivesIsr'],
      [1, 'crashController'],
      [2, 'crashQuorumLeader'],
      [3, 'isolatePartitionLeader'],
      [1, 'isolateBrokerFromControllers'],
      [2, 'partition'],
      [2, 'turbulence'],
      [1, 'clockJump'],
    ],
    inject,
  );
  await sim.runFor(params.chaosMs);

  // 3. 회복: 장애를 거두고, 모두 켜고, 새 쓰기를 멈춥니다.
  calmNetwork(cluster.network);
  for (const node of cluster.nodes) cluster.start(node.id);
  for (const producer of producers) producer.stopProducing();
  const healedAt = cluster.clock.now();
  const recovered = () =>
    partitions.every((tp) => {
      const state = sim.partitionState(tp);
      if (!state || state.leader < 0 || state.isr.length !== state.replicas.length) return false;
      const leader = sim.replication(state.leader)?.logs.getLog(tp.topic, tp.partition);
      // 트랜잭션이 모두 끝나(마커가 ISR에 닿아) LSO가 하이 워터마크까지 와야 read_committed 컨슈머가 끝까지 읽습니다.
      if (!leader || leader.highWatermark !== leader.logEndOffset || leader.lastStableOffset !== leader.highWatermark) {
        return false;
      }
      return (
        state.replicas.every(
          (id) => sim.replication(id)?.logs.getLog(tp.topic, tp.partition)?.logEndOffset === leader.logEndOffset,
        ) && consumers.every((c) => c.position(tp) === leader.highWatermark)
      );
    }) && producers.every((p) => p.pendingBatches === 0);
  const where = () =>
    [
      ...partitions.map((tp) => {
        const state = sim.partitionState(tp);
        const replicas = (state?.replicas ?? []).map((id) => {
          const log = sim.replication(id)?.logs.getLog(tp.topic, tp.partition);
          return log
            ? `${id}(LEO ${log.logEndOffset}, HW ${log.highWatermark}, LSO ${log.lastStableOffset})`
            : `${id}(꺼짐)`;
        });
        const positions = consumers.map((c) => c.position(tp)).join('/');
        return `${partitionName(tp)}: 리더 ${state?.leader}, ISR [${state?.isr.join(',')}], 복제본 ${replicas.join(' ')}, 컨슈머 위치 ${positions}`;
      }),
      `보내던 배치 ${producers.map((p) => p.pendingBatches).join('/')}`,
    ].join('; ');
  const boundMs = cluster.timing.sessionTimeoutMs + RECOVERY_BOUND_MS;
  const checkSafety = (partial: boolean) => {
    const anomalies = checkReplicationHistory(sim.history, sim.finalPartitions(partitions, partial));
    if (anomalies.length > 0) {
      const shown = anomalies.slice(0, 5).map((a) => `  ${a.kind} ${a.partition}: ${a.detail}`);
      throw new Error(`복제의 이상: ${countAnomalies(anomalies)}\n${shown.join('\n')}`);
    }
  };
  if (!(await sim.runUntil(recovered, boundMs))) {
    // 회복하지 못했어도 안전성이 먼저입니다: 리더가 있는 파티션은 그 로그 전체로 잃은 쓰기 등을 찾습니다.
    checkSafety(true);
    throw new LivenessFailure(
      `장애를 거둔 뒤 파티션마다 리더가 서고, 모든 복제본이 ISR에서 같은 로그를 갖고, 보내던 쓰기와 트랜잭션이 모두 끝나고, 컨슈머가 끝까지 읽어야 합니다 (${where()})`,
      boundMs,
    );
  }
  const recoveredAfterHealMs = cluster.clock.now() - healedAt;

  // 4. 검사
  checkSafety(false);
  const sum = (f: (p: (typeof producers)[number]) => number) => producers.reduce((n, p) => n + f(p), 0);
  const transactional = producers.flatMap((p) => (p instanceof SimTransactionalProducer ? [p.stats] : []));
  const readCommitted = consumers.filter((c) => c.isolation === 'read_committed');
  return {
    params,
    partitions: partitions.length,
    sent: sum((p) => p.stats.sent),
    acked: sum((p) => p.stats.acked),
    reads: consumers.reduce((n, c) => n + c.reads, 0),
    readCommittedReads: readCommitted.reduce((n, c) => n + c.reads, 0),
    transactions: {
      committed: transactional.reduce((n, t) => n + t.committed, 0),
      aborted: transactional.reduce((n, t) => n + t.aborted, 0),
      unknown: transactional.reduce((n, t) => n + t.unknown, 0),
      fenced: transactional.reduce((n, t) => n + t.fenced, 0),
    },
    retries: sum((p) => p.stats.retries),
    recoveredAfterHealMs,
    counters: { ...cluster.counters },
    replication: { ...sim.counters },
    network: networkTotals(cluster.network.stats),
    trace: { events: sim.trace.events, fingerprint: sim.trace.fingerprint },
  };
}

export function describeReplicationParams(p: ReplicationChaosParams): string {
  return [
    `씨앗 ${p.seed}`,
    `컨트롤러 ${p.controllers}`,
    `브로커 ${p.brokers}`,
    `프로듀서 ${p.producers}`,
    `트랜잭션 프로듀서 ${p.transactionalProducers}(어보트 ${p.abortRate}, transaction.timeout.ms ${p.transactionTimeoutMs})`,
    `컨슈머 ${p.consumers}(read_committed ${Math.min(p.readCommittedConsumers, p.consumers)})`,
    ...describeLimits(p),
    `replica.lag.time.max.ms ${p.replicaLagTimeMaxMs}`,
    `Fetch ${p.fetchMaxRecords}개`,
    `찢어진 쓰기 ${p.tornWrites ? '있음' : '없음'}`,
  ].join(', ');
}

/** 여러 씨앗의 결과: 쓰고 읽은 것, 겪은 장애, 복제의 사건, 회복 시간의 분포 */
function summarize(reports: readonly ReplicationChaosReport[]): string[] {
  const total = (f: (r: ReplicationChaosReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const c = sumCounters(reports.map((r) => r.counters));
  const n = sumCounters(reports.map((r) => r.network));
  const x = sumCounters(reports.map((r) => r.replication));
  return [
    `씨앗 ${reports.length}개, 파티션 ${total((r) => r.partitions)}개(복제 계수 3, min.insync.replicas=2), ` +
      `보낸 배치 ${total((r) => r.sent)}개, acks=all로 성공 ${total((r) => r.acked)}개, 다시 보냄 ${total((r) => r.retries)}번, ` +
      `컨슈머가 읽은 레코드 ${total((r) => r.reads)}개(read_committed ${total((r) => r.readCommittedReads)}개), 이상 0`,
    `트랜잭션: 커밋 ${total((r) => r.transactions.committed)}개, 어보트 ${total((r) => r.transactions.aborted)}개, ` +
      `결과를 모른 채 그만둠 ${total((r) => r.transactions.unknown)}개, 펜싱되어 다시 초기화 ${total((r) => r.transactions.fenced)}번`,
    `장애: 브로커 죽음 ${c.brokerCrashes}번, 컨트롤러 죽음 ${c.controllerCrashes}번, 다시 켬 ${c.restarts}번, 분할 ${c.partitions}번, ` +
      `시계 점프 ${c.clockJumps}번, 메시지 유실 ${n.dropped}개·복제 ${n.duplicated}개·분할로 막힘 ${n.blocked}개`,
    `복제: 리더 교체 ${x.leaderChanges}번, unclean 선거 ${x.uncleanElections}번, ISR 변경 ${x.isrChanges}번, ` +
      `잘라 내기 ${x.truncations}번(레코드 ${x.truncatedRecords}개)`,
    `장애를 거둔 뒤 모든 파티션이 회복하기까지: ${formatDistribution(distribution(reports.map((r) => r.recoveredAfterHealMs)))}`,
  ];
}

/** `npm run sim -- --mode replication` */
export const replicationChaos: ChaosMode<ReplicationChaosParams, ReplicationChaosReport> = {
  name: 'replication',
  title: '복제 시뮬레이션 (acks=all 멱등·트랜잭션 프로듀서, read_committed 컨슈머, 복제 계수 3)',
  overridable: [
    'controllers',
    'brokers',
    'producers',
    'consumers',
    'chaosMs',
    'faultIntervalMs',
    'maxDropRate',
    'maxDuplicateRate',
    'maxDelayMs',
    'replicaLagTimeMaxMs',
    'fetchMaxRecords',
    'tornWrites',
    'transactionalProducers',
    'abortRate',
    'transactionTimeoutMs',
    'readCommittedConsumers',
  ],
  params: replicationChaosParams,
  describe: describeReplicationParams,
  run: runReplicationChaos,
  summarize,
};
