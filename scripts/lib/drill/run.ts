/**
 * 일정 하나를 떠 있는 클러스터에 대고 돌립니다:
 *
 *   1. 이 일정만의 토픽 둘(멱등, 트랜잭션: 파티션 셋, 복제 계수 3, min.insync.replicas=2)과 그룹 둘을 만듭니다.
 *   2. 컨슈머들이 들어오면 두 프로듀서가 쓰기 시작하고, 그동안 일정의 장애를 하나씩 걸었다가 되돌립니다.
 *   3. 마지막 장애를 되돌리고 조금 더 쓴 뒤 프로듀서를 멈추고, 끊은 연결을 잇고 모든 노드를 살려 클러스터가 온전해지기를
 *      기다립니다 (컨트롤러, 브로커 셋, ISR 전부).
 *   4. 리더들에게서 최종 로그를 읽고, 그룹들이 그 끝까지 읽고 커밋하기를 (시간으로 묶어) 기다린 뒤 컨슈머를 멈춥니다.
 *   5. 역사와 최종 로그를 검사기에 넘깁니다.
 */
import type { Consumer } from 'kafkajs';
import { SeededRandom } from '../../../reference/src/sim/random.js';
import {
  type Anomaly,
  checkReplicationHistory,
  type FinalPartition,
  type HistoryOp,
  transactionFates,
} from '../../../reference/src/sim/replication-checker.js';
import type { ClusterStatus } from '../cluster/status.js';
import { within } from '../within.js';
import type { DrillCluster } from './cluster.js';
import { readFinalLogs } from './final-log.js';
import { type FaultKind, type FaultStep, partitionPeers, type Schedule } from './schedule.js';
import {
  createTopics,
  drillKafka,
  History,
  idempotentWorkload,
  type OperationCounts,
  type Stage,
  sleep,
  startGroup,
  transactionalWorkload,
} from './workload.js';

export interface ScheduleResult {
  readonly seed: number;
  readonly durationMs: number;
  /** 실제로 건 장애 (종류마다) */
  readonly faults: Record<FaultKind, number>;
  /** 걸 때 고른 노드까지 적은 줄들 */
  readonly faultLines: readonly string[];
  readonly counts: OperationCounts;
  /** 성공도 실패도 확인하지 못한 send와 트랜잭션 */
  readonly indeterminate: number;
  readonly anomalies: readonly Anomaly[];
  /** 단계마다 걸린 시간 (`토픽 1.2초, 합류 3.0초, …`): 느린 곳을 찾을 때 */
  readonly phases: string;
  /** 일정이 끝까지 가지 못한 까닭 (회복 실패 등). 있으면 실패로 셉니다 */
  readonly error: string | null;
  /** 검사에 쓴 역사와 최종 로그 (시험이 일부러 망가뜨려 다시 검사할 때) */
  readonly history: readonly HistoryOp[];
  readonly logs: readonly FinalPartition[];
}

/** 그룹들이 최종 로그의 끝까지 읽기를 기다리는 최대 시간 */
const CATCH_UP_LIMIT_MS = 60_000;
/** 컨슈머가 그룹에 들어오기를 기다리는 최대 시간 */
const JOIN_LIMIT_MS = 60_000;
/**
 * 장애가 끝난 뒤 프로듀서가 하던 일을 마치고 멈추기를, 그리고 컨슈머와 관리 클라이언트가 끊기를 기다리는 최대 시간.
 * kafkajs의 호출 하나가 끝나지 않으면 드릴 전체가 멈추므로, 넘기면 그 일정을 끝까지 가지 못한 것으로 적고 다음으로 갑니다.
 */
const STOP_LIMIT_MS = 90_000;

export async function runSchedule(
  cluster: DrillCluster,
  schedule: Schedule,
  log: (line: string) => void,
): Promise<ScheduleResult> {
  const started = Date.now();
  const random = new SeededRandom(schedule.seed).fork(1);
  const tag = `drill-${schedule.seed}`;
  const topics = { idempotent: `${tag}-idempotent`, transactional: `${tag}-transactional` } as const;
  const kafka = drillKafka(cluster.bootstrap, tag);
  const history = new History();
  const faults: Record<FaultKind, number> = { kill: 0, pause: 0, partition: 0, 'isolate-controller': 0 };
  const faultLines: string[] = [];
  const consumers: Consumer[] = [];
  let indeterminate = 0;
  let logs: FinalPartition[] = [];
  let error: string | null = null;
  const phases: string[] = [];
  let since = Date.now();
  const phase = (name: string) => {
    phases.push(`${name} ${((Date.now() - since) / 1000).toFixed(1)}초`);
    since = Date.now();
  };
  const admin = kafka.admin();
  try {
    await admin.connect();
    await createTopics(admin, Object.values(topics));
    await cluster.restore(Object.values(topics));
    phase('토픽');
    consumers.push(
      ...(await startGroup(
        kafka,
        { group: `${tag}-read-uncommitted`, topic: topics.idempotent, isolation: 'read_uncommitted' },
        history,
      )),
      ...(await startGroup(
        kafka,
        { group: `${tag}-read-committed`, topic: topics.transactional, isolation: 'read_committed' },
        history,
      )),
    );
    // 두 그룹의 모든 파티션이 누군가에게 배정될 때까지 (합류가 끝나기 전에 쓴 것도 fromBeginning으로 읽지만, 장애는
    // 그룹이 자리를 잡은 뒤에 겁니다)
    await waitFor(
      JOIN_LIMIT_MS,
      () => new Set(history.ops.flatMap((op) => (op.kind === 'join' ? [op.group] : []))).size === 2,
    );

    phase('합류');
    let producing = true;
    const running = () => producing;
    const idempotentAt: Stage = {};
    const transactionalAt: Stage = {};
    const work = Promise.all([
      idempotentWorkload(kafka, topics.idempotent, history, running, idempotentAt),
      transactionalWorkload(
        kafka,
        topics.transactional,
        `${tag}-tx`,
        history,
        random,
        schedule.abortChance,
        running,
        transactionalAt,
      ),
    ]);
    work.catch(() => {});
    // 두 프로듀서가 첫 성공 응답을 받은 뒤에 장애를 겁니다 (연결과 InitProducerId가 끝나기 전에 걸면 일이 거의 없습니다)
    await waitFor(JOIN_LIMIT_MS, () => {
      const acked = new Set(history.ops.flatMap((op) => (op.kind === 'ack' ? [op.txn !== undefined] : [])));
      return acked.size === 2;
    });
    phase('첫 응답');
    let stopped: Awaited<typeof work> | null = null;
    try {
      for (const step of schedule.faults) {
        await sleep(step.gapMs);
        faultLines.push(await inject(cluster, step, topics));
        faults[step.kind]++;
      }
      await sleep(schedule.tailMs);
    } finally {
      producing = false;
      stopped = await within(STOP_LIMIT_MS, work);
    }
    if (stopped === null) {
      throw new Error(
        `프로듀서가 ${STOP_LIMIT_MS / 1000}초 안에 멈추지 않았습니다 (kafkajs 호출: 멱등 ${idempotentAt.stage}, 트랜잭션 ${transactionalAt.stage})`,
      );
    }
    for (const result of stopped) indeterminate += result.indeterminate;
    phase('장애');
    await cluster.restore(Object.values(topics));
    phase('회복');
    logs = await readFinalLogs(cluster.bootstrap, Object.values(topics));
    phase('최종 로그');
    const caughtUp = await waitFor(CATCH_UP_LIMIT_MS, () => groupsCaughtUp(history.ops, logs));
    if (!caughtUp) log(`  그룹들이 ${CATCH_UP_LIMIT_MS / 1000}초 안에 끝까지 읽지 못했습니다 (Unseen으로 나옵니다)`);
    phase('따라잡기');
  } catch (e) {
    error = (e as Error).message;
  } finally {
    const closed = await within(
      STOP_LIMIT_MS,
      Promise.all([...consumers, admin].map((c) => c.disconnect().catch(() => {}))),
    );
    if (closed === null) error ??= `컨슈머와 관리 클라이언트가 ${STOP_LIMIT_MS / 1000}초 안에 끊지 못했습니다`;
  }
  const anomalies = error === null ? checkReplicationHistory(history.ops, logs) : [];
  return {
    seed: schedule.seed,
    durationMs: Date.now() - started,
    faults,
    faultLines,
    counts: { ...history.counts },
    indeterminate,
    anomalies,
    phases: phases.join(', '),
    error,
    history: history.ops,
    logs,
  };
}

/** 장애 하나를 걸고, 기다리고, 되돌립니다. 무엇을 했는지 한 줄로 */
async function inject(
  cluster: DrillCluster,
  step: FaultStep,
  topics: { idempotent: string; transactional: string },
): Promise<string> {
  const status = await cluster.status();
  const victim = pickVictim(status, step, topics);
  const hold = `${(step.holdMs / 1000).toFixed(1)}초`;
  switch (step.kind) {
    case 'kill':
      await cluster.command('kill', String(victim));
      await sleep(step.holdMs);
      await cluster.command('start', String(victim));
      return `노드 ${victim} kill -9, ${hold} 뒤 다시 띄움`;
    case 'pause':
      await cluster.command('stop', String(victim));
      await sleep(step.holdMs);
      await cluster.command('start', String(victim));
      return `노드 ${victim} SIGSTOP, ${hold} 뒤 SIGCONT`;
    case 'partition':
    case 'isolate-controller': {
      const peers = partitionPeers(step, victim);
      await cluster.command('partition', String(victim), '--from', peers.join(','));
      await sleep(step.holdMs);
      await cluster.command('heal');
      const what = step.kind === 'isolate-controller' ? `활성 컨트롤러 노드 ${victim}` : `노드 ${victim}`;
      return `${what} ↮ 노드 ${peers.join(',')} 끊기, ${hold} 뒤 잇기`;
    }
  }
}

/** 걸 노드: 정한 파티션의 지금 리더, 지금 활성 컨트롤러, 또는 번호. 모르면(선거 중) 노드 1 */
function pickVictim(
  status: ClusterStatus,
  step: FaultStep,
  topics: { idempotent: string; transactional: string },
): number {
  const { target } = step;
  if (target.by === 'node') return target.node;
  if (target.by === 'controller') return status.activeController ?? 1;
  const leader = status.partitions.find(
    (p) => p.topic === topics[target.topic] && p.partition === target.partition,
  )?.leader;
  return leader !== undefined && leader >= 0 ? leader : 1;
}

/** 그룹마다 모든 파티션에서 최종 로그의 마지막 보이는 레코드까지 읽었는지 */
function groupsCaughtUp(history: readonly HistoryOp[], logs: readonly FinalPartition[]): boolean {
  const lastRead = new Map<string, number>();
  const committedGroups = new Set<string>();
  for (const op of history) {
    if (op.kind === 'join' && op.isolation === 'read_committed') committedGroups.add(op.group);
    if (op.kind !== 'read' || op.group === undefined) continue;
    const key = `${op.group}/${op.partition}`;
    lastRead.set(key, Math.max(lastRead.get(key) ?? -1, op.offset));
  }
  const groups = new Map<string, Set<string>>();
  for (const op of history) {
    if (op.kind === 'join') groups.set(op.group, new Set(op.partitions));
  }
  for (const [group, partitions] of groups) {
    for (const partition of partitions) {
      const final = logs.find((l) => l.partition === partition);
      if (!final) continue;
      const fates = transactionFates(final.leader.records);
      const visible = final.leader.records.filter(
        (r) =>
          !r.marker && !(committedGroups.has(group) && r.producerId !== undefined && fates.get(r.value) !== 'COMMIT'),
      );
      const last = visible.at(-1)?.offset;
      if (last !== undefined && (lastRead.get(`${group}/${partition}`) ?? -1) < last) return false;
    }
  }
  return true;
}

async function waitFor(limitMs: number, probe: () => boolean): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}
