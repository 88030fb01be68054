/**
 * 파티션 로그 그림: 복제 판(reference/src/sim/replication-simulation.ts)의 파티션 하나를 리더의 로그로 봅니다. 프로듀서의
 * Produce, 트랜잭션 프로듀서(`SimTransactionalProducer`: InitProducerId → AddPartitionsToTxn → Produce → EndTxn), 컨슈머의
 * Fetch(`SimReplicationConsumer`)가 가상 네트워크를 지나 진짜 브로커 코드에 닿습니다. 그룹의 커밋은 진짜 `GroupService`
 * (그룹 코디네이터)에 OffsetCommit으로 적습니다 (`assign()`으로 읽는 컨슈머처럼 멤버 없이, 세대 -1).
 */
import clsx from 'clsx';
import { useCallback } from 'react';
import type { GroupService } from '../../../../reference/src/group/group-service';
import type {
  SimReplicationConsumer,
  SimTransactionalProducer,
  TopicPartition,
} from '../../../../reference/src/sim/replication-clients';
import type { ReplicationSimulation } from '../../../../reference/src/sim/replication-simulation';
import styles from './diagrams.module.css';
import { type DiagramProducer, setUpReplication } from './replication-setup';
import { type SimModel, SimShell } from './SimShell';

/** 트랜잭션이 열린 채 멈춘 프로듀서를 코디네이터가 어보트하기까지 (`transaction.timeout.ms`, Kafka 기본 60초) */
const TRANSACTION_TIMEOUT_MS = 10_000;
const SHOWN_RECORDS = 30;
const GROUPS = [
  { id: 'a', name: '그룹 A', isolation: 'read_committed' as const, clientId: 3000 },
  { id: 'b', name: '그룹 B', isolation: 'read_uncommitted' as const, clientId: 3001 },
];

interface GroupState {
  readonly id: string;
  readonly name: string;
  readonly consumer: SimReplicationConsumer;
  running: boolean;
}

class PartitionLogModel implements SimModel {
  readonly events: string[] = [];
  #sent = 0;
  #txnStarted = false;

  constructor(
    readonly sim: ReplicationSimulation,
    readonly tp: TopicPartition,
    readonly producer: DiagramProducer,
    readonly txnProducer: SimTransactionalProducer,
    readonly groups: GroupState[],
    readonly service: GroupService,
    readonly errorName: (code: number) => string,
  ) {}

  now(): number {
    return this.sim.cluster.clock.now();
  }

  #t(): string {
    return `${(this.now() / 1000).toFixed(2)}초`;
  }

  /** 리더 복제본의 로그와 오프셋들 */
  leaderLog() {
    const state = this.sim.partitionState(this.tp);
    const leader = state ? this.sim.replication(state.leader) : undefined;
    const log = leader?.logs.getLog(this.tp.topic, this.tp.partition);
    const replica = state ? this.sim.replicaLog(state.leader, this.tp) : null;
    if (!log || !replica) return null;
    return {
      logStartOffset: log.logStartOffset,
      logEndOffset: log.logEndOffset,
      highWatermark: log.highWatermark,
      lastStableOffset: log.lastStableOffset,
      records: replica.records.slice(-SHOWN_RECORDS),
    };
  }

  committed(groupId: string): number | null {
    return this.service.committed(groupId, this.tp.topic, this.tp.partition)?.offset ?? null;
  }

  async advance(ms: number): Promise<void> {
    const clock = this.sim.cluster.clock;
    const deadline = clock.now() + ms;
    for (let next = clock.peekTime(); next !== null && next <= deadline; next = clock.peekTime()) {
      await this.sim.step();
    }
  }

  produce(): void {
    const value = `v${++this.#sent}`;
    this.events.push(`${this.#t()} 프로듀서: ${value}를 보냅니다`);
    this.producer.send(this.tp, value, (result) => {
      const at = this.#t();
      if (!result) this.events.push(`${at} 프로듀서: ${value}의 답이 없습니다 (다시 보내 보세요)`);
      else if (result.errorCode === 0) this.events.push(`${at} 프로듀서: ${value} → 오프셋 ${result.baseOffset}`);
      else this.events.push(`${at} 프로듀서: ${value} 실패 — ${this.errorName(result.errorCode)}`);
    });
  }

  /**
   * 트랜잭션 프로듀서가 트랜잭션을 열고 레코드를 쓰게 한 뒤, 커밋하기 전에 멈춥니다 (GC 정지나 멈춘 프로세스처럼).
   * 열린 트랜잭션의 첫 오프셋에서 LSO가 멈추고, `transaction.timeout.ms`가 지나면 코디네이터가 어보트합니다.
   */
  async openTransaction(): Promise<void> {
    const before = this.txnProducer.stats.acked;
    if (!this.#txnStarted) {
      this.txnProducer.start();
      this.#txnStarted = true;
    }
    this.events.push(`${this.#t()} 트랜잭션 프로듀서: InitProducerId → AddPartitionsToTxn → Produce …`);
    const written = await this.sim.runUntil(
      () => this.txnProducer.pendingBatches === 1 && this.txnProducer.stats.acked > before,
      10_000,
    );
    this.txnProducer.stopProducing();
    if (!written) {
      this.events.push(`${this.#t()} 트랜잭션 프로듀서: 10초 안에 쓰지 못했습니다`);
      return;
    }
    this.txnProducer.stall(TRANSACTION_TIMEOUT_MS * 2);
    this.events.push(
      `${this.#t()} 트랜잭션 프로듀서: 레코드를 쓰고 커밋 전에 멈췄습니다 (${TRANSACTION_TIMEOUT_MS / 1000}초 뒤 코디네이터가 어보트)`,
    );
  }

  toggleConsumer(group: GroupState): void {
    if (group.running) group.consumer.kill();
    else group.consumer.start();
    group.running = !group.running;
    this.events.push(
      `${this.#t()} ${group.name}의 컨슈머를 ${group.running ? '켰습니다 (Fetch로 읽기)' : '멈췄습니다'}`,
    );
  }

  /** 컨슈머가 다음에 읽을 위치를 커밋합니다 (OffsetCommit v8, 세대 -1). */
  commit(group: GroupState): void {
    const offset = group.consumer.position(this.tp);
    const [error] = this.service.commitOffsets(
      group.id,
      { memberId: '', groupInstanceId: null, generationId: -1 },
      [{ topic: this.tp.topic, partition: this.tp.partition, offset, leaderEpoch: -1, metadata: null }],
      8,
    );
    this.events.push(
      error === 0
        ? `${this.#t()} ${group.name}: 오프셋 ${offset}을 커밋했습니다 (다음에 읽을 위치)`
        : `${this.#t()} ${group.name}: 커밋 실패 — ${this.errorName(error ?? -1)}`,
    );
  }

  dispose(): void {
    this.sim.dispose();
  }
}

async function createModel(seed: number): Promise<PartitionLogModel> {
  const { sim, tp, random, context, producer, modules } = await setUpReplication(seed, { replicaLagTimeMaxMs: 10_000 });
  const [{ GroupService }, { DEFAULT_GROUP_CONFIG, GroupCoordinator }, { ErrorCode }] = await Promise.all([
    import('../../../../reference/src/group/group-service'),
    import('../../../../reference/src/group/group-coordinator'),
    import('../../../../reference/src/protocol/error-codes'),
  ]);
  const clock = sim.cluster.clock;
  // 그룹 코디네이터: 그룹 판(group-simulation.ts)처럼 `__consumer_offsets`는 메모리 배열 하나, 쓰면 곧 정해집니다.
  const offsetsLog: unknown[] = [];
  const service = new GroupService({
    coordinator: new GroupCoordinator(DEFAULT_GROUP_CONFIG, (clientId) => `${clientId}-member`),
    now: () => clock.now(),
    monotonicMs: () => clock.now(),
    numPartitions: 1,
    offsetsRetentionMs: 7 * 24 * 3600_000,
    maxMetadataLength: 4096,
    isLocalLeader: () => true,
    awaitReplicated: async () => ErrorCode.NONE,
    createOffsetsTopic: async () => {},
    append: (_partition, records) => {
      offsetsLog.push(...records);
    },
  });
  service.onElection(0, 0, []);
  const txnProducer = new modules.clients.SimTransactionalProducer(2100, context, random.fork(3), [tp], {
    transactionTimeoutMs: TRANSACTION_TIMEOUT_MS,
    abortRate: 0,
  });
  const groups = GROUPS.map((g, i) => ({
    id: g.id,
    name: g.name,
    consumer: new modules.clients.SimReplicationConsumer(g.clientId, context, random.fork(4, i), [tp], g.isolation),
    running: false,
  }));
  const model = new PartitionLogModel(sim, tp, producer, txnProducer, groups, service, modules.errorName);
  await model.advance(500);
  return model;
}

export default function PartitionLog() {
  const create = useCallback(createModel, []);
  return (
    <SimShell id="plog" title="파티션 로그: 오프셋, 하이 워터마크, LSO, 커밋과 lag" defaultSeed={3} create={create}>
      {(model, act) => {
        const log = model.leaderLog();
        return (
          <>
            <div className={styles.actions}>
              <button type="button" data-testid="plog-produce" onClick={() => act((m) => m.produce())}>
                레코드 보내기
              </button>
              <button type="button" data-testid="plog-txn" onClick={() => act((m) => m.openTransaction())}>
                트랜잭션 열어 두기
              </button>
            </div>
            <dl className={styles.facts} data-testid="plog-offsets">
              <dt>로그 시작 오프셋</dt>
              <dd data-testid="plog-lso-start">{log?.logStartOffset ?? '–'}</dd>
              <dt>LSO (마지막 안정 오프셋)</dt>
              <dd data-testid="plog-lso">{log?.lastStableOffset ?? '–'}</dd>
              <dt>하이 워터마크 (HW)</dt>
              <dd data-testid="plog-hw">{log?.highWatermark ?? '–'}</dd>
              <dt>로그 끝 오프셋 (LEO)</dt>
              <dd data-testid="plog-leo">{log?.logEndOffset ?? '–'}</dd>
            </dl>
            <div className={styles.log} title="리더 복제본의 로그">
              {(log?.records ?? []).map((r) => (
                <span
                  key={r.offset}
                  className={clsx(
                    styles.cell,
                    log && r.offset < log.highWatermark ? styles.committed : styles.uncommitted,
                    r.marker && styles.control,
                  )}
                  title={`오프셋 ${r.offset}: ${r.value}`}
                >
                  {r.offset}:{r.marker ?? (r.producerId !== undefined ? `t·${r.value.split('-').at(-1)}` : r.value)}
                </span>
              ))}
            </div>
            <div className={styles.cards}>
              {model.groups.map((g) => {
                const committed = model.committed(g.id);
                // 컨슈머가 읽을 수 있는 끝: read_committed면 LSO, 아니면 HW
                const end =
                  log && (g.consumer.isolation === 'read_committed' ? log.lastStableOffset : log.highWatermark);
                const lag = end !== null && end !== undefined && committed !== null ? end - committed : null;
                return (
                  <div key={g.id} className={styles.card} data-testid={`plog-group-${g.id}`}>
                    <span className={styles.cardTitle}>{g.name}</span>
                    <span className={styles.badge}>{g.consumer.isolation}</span>
                    <dl className={styles.facts}>
                      <dt>읽은 위치</dt>
                      <dd data-testid={`plog-group-${g.id}-position`}>{g.consumer.position(model.tp)}</dd>
                      <dt>커밋된 오프셋</dt>
                      <dd data-testid={`plog-group-${g.id}-committed`}>{committed ?? '없음'}</dd>
                      <dt>lag</dt>
                      <dd data-testid={`plog-group-${g.id}-lag`}>{lag ?? '–'}</dd>
                    </dl>
                    <button
                      type="button"
                      data-testid={`plog-group-${g.id}-consume`}
                      onClick={() => act((m) => m.toggleConsumer(g))}
                    >
                      {g.running ? '읽기 멈추기' : '읽기 (Fetch)'}
                    </button>
                    <button
                      type="button"
                      data-testid={`plog-group-${g.id}-commit`}
                      onClick={() => act((m) => m.commit(g))}
                    >
                      읽은 곳까지 커밋
                    </button>
                  </div>
                );
              })}
            </div>
            <p className={styles.legend}>
              칸은 "오프셋:값"입니다. 초록은 HW 앞(커밋됨), 노랑은 HW 뒤, t·n은 트랜잭션 레코드, COMMIT·ABORT는 트랜잭션
              마커(컨트롤 레코드)입니다. lag = 읽을 수 있는 끝 − 커밋된 오프셋 (read_committed는 LSO, read_uncommitted는
              HW).
            </p>
          </>
        );
      }}
    </SimShell>
  );
}
