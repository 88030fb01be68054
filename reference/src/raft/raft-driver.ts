/**
 * 쿼럼 상태 기계를 시계, 전송, 디스크에 잇는 얇은 껍데기. Kafka `KafkaRaftClientDriver`가 하는 일(poll을 돌리는
 * 스레드)을 주입된 부품 위에서 합니다. 진짜 프로세스에서는 `SystemClock`, TCP 전송, `FileDisk`를, 시뮬레이터에서는
 * 가상 시계, 가상 네트워크, 가상 디스크를 넣습니다. 이 파일 자체는 입출력을 하지 않습니다.
 *
 * `Ready`는 언제나 이 순서로 처리합니다 (etcd-raft의 Ready 처리 규칙):
 *   1. persist: quorum-state와 로그를 디스크에 쓰고 fsync
 *   2. send: 요청과 응답을 보냄
 *   3. apply: 커밋된 레코드를 응용에 넘김
 */
import type { Clock, TimerHandle } from '../runtime/clock.js';
import type { Disk } from '../runtime/disk.js';
import type { Random } from '../runtime/random.js';
import type { RequestHandler, Transport } from '../runtime/transport.js';
import { KafkaRaftClient } from './kafka-raft-client.js';
import type { RaftRequest, RaftResponse } from './messages.js';
import { FileQuorumStateStore } from './quorum-state-store.js';
import type { ApplyOp, Inbound, RaftLogStorage, Ready } from './ready.js';
import type { QuorumConfig } from './types.js';

/** 커밋된 레코드를 받는 응용 (Kafka `RaftClient.Listener`: handleCommit, handleLoadSnapshot, handleLeaderChange) */
export interface RaftListener<T> {
  apply(op: ApplyOp<T>): void;
  /** 에포크나 리더가 바뀌었을 때 (Ready를 다 처리한 뒤). 리더를 모르면 `leaderId`는 null */
  handleLeaderChange?(leader: { readonly epoch: number; readonly leaderId: number | null }): void;
}

export interface RaftDriverOptions<T> {
  readonly localId: number;
  readonly config: QuorumConfig;
  readonly clock: Clock;
  readonly random: Random;
  /** `quorum-state`를 둘 디스크 */
  readonly disk: Disk;
  /** 로그와 스냅숏 (진짜 노드와 시뮬레이터 모두 `KafkaMetadataLog`: 세그먼트 형식을 그 디스크 위에) */
  readonly log: RaftLogStorage<T>;
  /** 들어오는 요청을 받을 처리기를 넘기면, 나가는 요청에 쓸 전송을 돌려줍니다. */
  readonly connect: (handler: RequestHandler<RaftRequest, RaftResponse<T>>) => Transport<RaftRequest, RaftResponse<T>>;
  readonly listener: RaftListener<T>;
  /** 우아한 종료가 끝났을 때 */
  readonly onShutdownComplete?: () => void;
  /** 보존 한도를 확인하는 간격 (Kafka `KafkaRaftClient`의 `RaftMetadataLogCleanerManager`: 60초) */
  readonly logCleanerIntervalMs?: number;
}

/** Kafka가 메타데이터 로그의 보존 한도를 확인하는 간격 (`KafkaRaftClient`에 60초로 박혀 있습니다) */
export const LOG_CLEANER_INTERVAL_MS = 60_000;

export class KafkaRaftClientDriver<T> {
  readonly client: KafkaRaftClient<T>;
  readonly #clock: Clock;
  readonly #stateStore: FileQuorumStateStore;
  readonly #logStore: RaftLogStorage<T>;
  readonly #transport: Transport<RaftRequest, RaftResponse<T>>;
  readonly #listener: RaftListener<T>;
  readonly #onShutdownComplete: (() => void) | undefined;
  /** 답을 기다리는 들어온 요청: requestId → 답할 곳 */
  readonly #pending = new Map<number, (response: RaftResponse<T>) => void>();
  #nextRequestId = 1;
  #timer: TimerHandle | null = null;
  #cleanerTimer: TimerHandle | null = null;
  #stopped = false;
  /** 응용에 마지막으로 알린 (에포크, 리더) */
  #announced = { epoch: -1, leaderId: null as number | null };
  #processing = false;

  constructor(options: RaftDriverOptions<T>) {
    this.#clock = options.clock;
    this.#listener = options.listener;
    this.#onShutdownComplete = options.onShutdownComplete;
    this.#stateStore = new FileQuorumStateStore(options.disk);
    this.#logStore = options.log;
    const loaded = this.#logStore.load();
    this.client = new KafkaRaftClient<T>({
      localId: options.localId,
      config: options.config,
      random: options.random,
      nowMs: this.#clock.now(),
      durable: { election: this.#stateStore.read(), ...loaded },
      snapshotFormat: this.#logStore,
    });
    this.#transport = options.connect((source, request, respond) => this.#receive(source, request, respond));
    this.#process();
    this.#scheduleCleaner(options.logCleanerIntervalMs ?? LOG_CLEANER_INTERVAL_MS);
  }

  /** 리더가 레코드를 붙입니다. */
  append(records: readonly T[]): ReturnType<KafkaRaftClient<T>['append']> {
    const result = this.client.append(this.client.epoch, records, this.#clock.now());
    this.#process();
    return result;
  }

  createSnapshot(endOffset: number, records: readonly T[]): ReturnType<KafkaRaftClient<T>['createSnapshot']> {
    const result = this.client.createSnapshot(endOffset, records);
    this.#process();
    return result;
  }

  shutdown(timeoutMs: number): void {
    this.client.shutdown(timeoutMs, this.#clock.now());
    this.#process();
  }

  /** 타이머를 멈춥니다 (프로세스가 끝날 때, 또는 시뮬레이터에서 노드가 죽을 때). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#clock.cancel(this.#timer);
    this.#timer = null;
    if (this.#cleanerTimer) this.#clock.cancel(this.#cleanerTimer);
    this.#cleanerTimer = null;
    this.#pending.clear();
  }

  #receive(source: number, request: RaftRequest, respond: (response: RaftResponse<T>) => void): void {
    if (this.#stopped) return;
    const requestId = this.#nextRequestId++;
    this.#pending.set(requestId, respond);
    this.#step({ kind: 'request', requestId, from: source, request });
  }

  #step(message: Inbound<T>): void {
    this.client.step(message, this.#clock.now());
    this.#process();
  }

  #tick(): void {
    this.#timer = null;
    if (this.#stopped) return;
    this.client.tick(this.#clock.now());
    this.#process();
  }

  /** 쌓인 Ready를 다 처리하고, 다음 tick을 예약합니다. 응용이 그 안에서 append해도 다시 돌아 처리합니다. */
  #process(): void {
    if (this.#processing || this.#stopped) return;
    this.#processing = true;
    try {
      while (this.client.hasReady()) this.#handleReady(this.client.ready());
    } finally {
      this.#processing = false;
    }
    if (this.client.isShutdownComplete) {
      this.stop();
      this.#onShutdownComplete?.();
      return;
    }
    const { epoch, leaderId } = this.client;
    if (epoch !== this.#announced.epoch || leaderId !== this.#announced.leaderId) {
      this.#announced = { epoch, leaderId };
      this.#listener.handleLeaderChange?.({ epoch, leaderId });
    }
    this.#scheduleTick();
  }

  #handleReady(ready: Ready<T>): void {
    // 1. persist: 보내기 전에 디스크에 내립니다 (관찰자의 로그는 쓰기만 하고 fsync하지 않습니다: `Ready.mustSync`).
    let logChanged = false;
    for (const op of ready.persist) {
      if (op.op === 'election') this.#stateStore.write(op.state);
      else {
        this.#logStore.apply(op);
        logChanged = true;
      }
    }
    if (logChanged && ready.mustSync) this.#logStore.flush();
    // 2. send
    for (const out of ready.send) {
      if (out.kind === 'response') {
        const respond = this.#pending.get(out.requestId);
        this.#pending.delete(out.requestId);
        respond?.(out.response);
      } else {
        const { to, correlationId } = out;
        this.#transport.send(to, out.request, (reply) => {
          if (!this.#stopped) this.#step({ kind: 'response', correlationId, from: to, reply });
        });
      }
    }
    // 3. apply
    for (const op of ready.apply) this.#listener.apply(op);
  }

  /**
   * 보존 한도를 넘었으면 로그 시작을 옮깁니다 (Kafka `KafkaMetadataLog.maybeClean`): 무엇을 지울지는 디스크의 크기와
   * 시각을 아는 저장소가 정하고, 상태 기계가 로그 시작을 옮기며 지우는 일을 persist로 내보냅니다.
   */
  #scheduleCleaner(intervalMs: number): void {
    this.#cleanerTimer = this.#clock.schedule(intervalMs, () => {
      if (this.#stopped) return;
      const snapshotId = this.#logStore.snapshotToCleanBefore(this.#clock.now());
      if (snapshotId && this.client.deleteBeforeSnapshot(snapshotId)) this.#process();
      this.#scheduleCleaner(intervalMs);
    });
  }

  #scheduleTick(): void {
    if (this.#timer) this.#clock.cancel(this.#timer);
    const delay = Math.max(0, this.client.nextTickAtMs() - this.#clock.now());
    this.#timer = Number.isFinite(delay) ? this.#clock.schedule(delay, () => this.#tick()) : null;
  }
}
