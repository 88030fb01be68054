/**
 * ISR과 하이 워터마크 그림: 참조 브로커의 복제 시뮬레이터(reference/src/sim/replication-simulation.ts)를 브라우저에서
 * 돌립니다. 브로커 셋은 진짜 `ReplicaManager`·`Partition`·`ReplicaFetcher`와 파티션 로그(`LogManager`, 메모리 위의
 * 파일)로, 컨트롤러는 진짜 `QuorumController`로 돌고, 요청은 와이어 형식으로 가상 네트워크를 지납니다. 그림의
 * 프로듀서는 acks=all Produce를 보내는 시뮬레이터의 클라이언트입니다.
 */
import clsx from 'clsx';
import { useCallback } from 'react';
import type { TopicPartition } from '../../../../reference/src/sim/replication-clients';
import type { ReplicationSimulation } from '../../../../reference/src/sim/replication-simulation';
import styles from './diagrams.module.css';
import { type DiagramProducer, setUpReplication } from './replication-setup';
import { type SimModel, SimShell } from './SimShell';

/** `replica.lag.time.max.ms`: Kafka 기본은 30초, 그림에서는 기다리지 않게 3초 */
const REPLICA_LAG_TIME_MAX_MS = 3000;
/** 로그 칸은 끝에서부터 이만큼만 그립니다 */
const SHOWN_RECORDS = 24;

export interface BrokerView {
  readonly id: number;
  readonly up: boolean;
  readonly leader: boolean;
  readonly inIsr: boolean;
  readonly logEndOffset: number | null;
  readonly highWatermark: number | null;
  readonly records: readonly { offset: number; value: string }[];
}

class IsrModel implements SimModel {
  readonly events: string[] = [];
  readonly cut = new Set<number>();
  #sent = 0;
  #lastState = '';
  #lastTruncations = 0;

  constructor(
    readonly sim: ReplicationSimulation,
    readonly tp: TopicPartition,
    readonly producer: DiagramProducer,
    readonly errorName: (code: number) => string,
  ) {
    this.#lastState = this.#stateLine();
  }

  now(): number {
    return this.sim.cluster.clock.now();
  }

  #t(): string {
    return `${(this.now() / 1000).toFixed(2)}초`;
  }

  get brokerIds(): number[] {
    return this.sim.cluster.brokers.map((b) => b.id);
  }

  state() {
    return this.sim.partitionState(this.tp);
  }

  #stateLine(): string {
    const s = this.state();
    return s ? `리더 ${s.leader}, 리더 에포크 ${s.leaderEpoch}, ISR [${s.isr.join(', ')}]` : '';
  }

  broker(id: number): BrokerView {
    const state = this.state();
    const log = this.sim.replicaLog(id, this.tp);
    return {
      id,
      up: this.sim.replication(id) !== undefined,
      leader: state?.leader === id,
      inIsr: state?.isr.includes(id) ?? false,
      logEndOffset: log?.logEndOffset ?? null,
      highWatermark: log?.highWatermark ?? null,
      records: (log?.records ?? []).slice(-SHOWN_RECORDS),
    };
  }

  /** 걸음 사이에 컨트롤러가 커밋한 리더·ISR의 변화와 잘라 내기를 사건으로 적습니다. */
  #observe(): void {
    const line = this.#stateLine();
    if (line && line !== this.#lastState) {
      this.events.push(`${this.#t()} 메타데이터: ${line}`);
      this.#lastState = line;
    }
    const { truncations, truncatedRecords } = this.sim.counters;
    if (truncations !== this.#lastTruncations) {
      this.events.push(`${this.#t()} 팔로워가 갈라진 꼬리를 잘라 냈습니다 (지금까지 레코드 ${truncatedRecords}개)`);
      this.#lastTruncations = truncations;
    }
  }

  async advance(ms: number): Promise<void> {
    const clock = this.sim.cluster.clock;
    const deadline = clock.now() + ms;
    for (let next = clock.peekTime(); next !== null && next <= deadline; next = clock.peekTime()) {
      await this.sim.step();
      this.#observe();
    }
  }

  produce(): void {
    const value = `v${++this.#sent}`;
    const t = this.#t();
    this.events.push(`${t} 프로듀서: ${value}를 acks=all로 보냅니다`);
    this.producer.send(this.tp, value, (result) => {
      const at = this.#t();
      if (!result)
        this.events.push(`${at} 프로듀서: ${value}의 답이 없습니다 (리더를 모르거나 닿지 않음, 다시 보내 보세요)`);
      else if (result.errorCode === 0)
        this.events.push(`${at} 프로듀서: ${value} 성공, 오프셋 ${result.baseOffset} (ISR 모두가 받았습니다)`);
      else this.events.push(`${at} 프로듀서: ${value} 실패 — ${this.errorName(result.errorCode)}`);
    });
  }

  togglePower(id: number): void {
    const up = this.sim.replication(id) !== undefined;
    if (up) this.sim.cluster.crash(id);
    else this.sim.cluster.start(id);
    this.events.push(
      `${this.#t()} 브로커 ${id}를 ${up ? '죽였습니다' : '켰습니다 (로그를 복구하고 리더에게서 다시 Fetch)'}`,
    );
  }

  /** 브로커와 다른 브로커 사이의 복제(팔로워 Fetch)를 끊거나 잇습니다. 컨트롤러와 프로듀서와는 닿습니다. */
  toggleCut(id: number): void {
    if (this.cut.has(id)) this.cut.delete(id);
    else this.cut.add(id);
    const network = this.sim.cluster.network;
    network.heal();
    for (const b of this.cut) network.partition([b], this.brokerIds);
    this.events.push(
      `${this.#t()} 브로커 ${id}의 복제를 ${this.cut.has(id) ? '끊었습니다 (다른 브로커와 닿지 않음)' : '다시 이었습니다'}`,
    );
  }

  dispose(): void {
    this.sim.dispose();
  }
}

async function createModel(seed: number): Promise<IsrModel> {
  const { sim, tp, producer, modules } = await setUpReplication(seed, { replicaLagTimeMaxMs: REPLICA_LAG_TIME_MAX_MS });
  const model = new IsrModel(sim, tp, producer, modules.errorName);
  await model.advance(500);
  return model;
}

export default function IsrReplication() {
  const create = useCallback(createModel, []);
  return (
    <SimShell id="isr" title="ISR과 하이 워터마크: 복제본 셋" defaultSeed={11} create={create}>
      {(model, act) => {
        const state = model.state();
        return (
          <>
            <div className={styles.actions}>
              <button type="button" data-testid="isr-produce" onClick={() => act((m) => m.produce())}>
                레코드 보내기 (acks=all)
              </button>
              <span data-testid="isr-summary">
                리더 {state && state.leader >= 0 ? `브로커 ${state.leader}` : '없음'} · 에포크{' '}
                {state?.leaderEpoch ?? '–'} · ISR [<span data-testid="isr-isr">{state?.isr.join(', ')}</span>] ·
                min.insync.replicas=2
              </span>
            </div>
            <div className={styles.cards}>
              {model.brokerIds.map((id) => {
                const b = model.broker(id);
                return (
                  <div
                    key={id}
                    className={clsx(styles.card, b.leader && b.up && styles.leader, !b.up && styles.down)}
                    data-testid={`isr-broker-${id}`}
                  >
                    <span className={styles.cardTitle}>
                      브로커 {id} {model.cut.has(id) && <span className={styles.badge}>끊김</span>}
                    </span>
                    <dl className={styles.facts}>
                      <dt>역할</dt>
                      <dd data-testid={`isr-broker-${id}-role`}>{!b.up ? '꺼짐' : b.leader ? '리더' : '팔로워'}</dd>
                      <dt>ISR</dt>
                      <dd data-testid={`isr-broker-${id}-in-isr`}>{b.inIsr ? '안' : '밖'}</dd>
                      <dt>LEO</dt>
                      <dd data-testid={`isr-broker-${id}-leo`}>{b.logEndOffset ?? '–'}</dd>
                      <dt>HW</dt>
                      <dd data-testid={`isr-broker-${id}-hw`}>{b.highWatermark ?? '–'}</dd>
                    </dl>
                    <div className={styles.log} title={`브로커 ${id}의 로그`}>
                      {b.records.map((r) => (
                        <span
                          key={r.offset}
                          className={clsx(
                            styles.cell,
                            b.highWatermark !== null && r.offset < b.highWatermark
                              ? styles.committed
                              : styles.uncommitted,
                          )}
                          title={`오프셋 ${r.offset}: ${r.value}`}
                        >
                          {r.offset}:{r.value}
                        </span>
                      ))}
                    </div>
                    <button
                      type="button"
                      data-testid={`isr-broker-${id}-power`}
                      onClick={() => act((m) => m.togglePower(id))}
                    >
                      {b.up ? '죽이기' : '켜기'}
                    </button>
                    <button
                      type="button"
                      data-testid={`isr-broker-${id}-cut`}
                      onClick={() => act((m) => m.toggleCut(id))}
                    >
                      {model.cut.has(id) ? '복제 다시 잇기' : '복제 끊기'}
                    </button>
                  </div>
                );
              })}
            </div>
            <p className={styles.legend}>
              칸은 "오프셋:값"입니다. 초록 칸은 그 복제본의 하이 워터마크(HW) 앞(커밋됨), 노란 칸은 아직 커밋되지 않은
              꼬리입니다. replica.lag.time.max.ms는 그림에서 3초입니다 (Kafka 기본 30초).
            </p>
          </>
        );
      }}
    </SimShell>
  );
}
