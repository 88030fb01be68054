/**
 * 브로커의 한살이를 노드에서 돌립니다: 입출력 없는 상태 기계 `BrokerLifecycleManager`(`../metadata/`)가 보낼 때라고
 * 하면 요청을 꺼내 활성 컨트롤러에게 보내고(`ControllerChannel`), 답을 넘기고, 다음 때에 타이머를 겁니다. Kafka는
 * 이 일을 `BrokerLifecycleManager`의 이벤트 큐가 하고, 시작하는 `BrokerServer`가 그 미래(future)들을 기다립니다:
 *
 *   start → 등록(BrokerRegistration) → 하트비트 → 컨트롤러가 "따라잡음" → RECOVERY: 로그를 메타데이터에 맞추고
 *   (`onRecovery`) 펜싱을 풀어 달라고 함(`setReadyToUnfence`) → 컨트롤러가 펜싱을 풂 → RUNNING (`running`이 풀림)
 *   멈출 때: `controlledShutdown` → 하트비트에 wantShutDown → 컨트롤러가 리더를 옮기고 "꺼져도 됨" → SHUTTING_DOWN
 *
 * 하트비트의 시간 제한은 세션 시간 제한의 절반입니다 (Kafka `BrokerServer`, KAFKA-14392): 리더가 바뀌는 동안 늦게
 * 닿는 하트비트를 기다리다 새 컨트롤러에게 보낼 때를 놓치지 않게 합니다.
 *
 * 때(다음 하트비트, 등록의 시간 제한)는 단조 시계로 잽니다: Kafka `BrokerLifecycleManager`도 `time.nanoseconds()`로
 * 마감(`DeadlineFunction`)을 겁니다.
 */
import type {
  BrokerLifecycleManager,
  BrokerState,
  LifecycleReply,
  LifecycleRequest,
} from '../metadata/broker-lifecycle-manager.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { BrokerRegistrationResponse } from '../protocol/messages/62-broker-registration.js';
import type { BrokerHeartbeatResponse } from '../protocol/messages/63-broker-heartbeat.js';
import { err, ok } from '../result.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import type { ControllerChannel } from './controller-channel.js';

/** 보내는 버전: 이 컨트롤러 리스너가 답하는 가장 높은 버전 */
const REGISTRATION_VERSION = 4;
const HEARTBEAT_VERSION = 1;

export interface BrokerLifecycleDriverParts {
  readonly lifecycle: BrokerLifecycleManager;
  readonly channel: ControllerChannel;
  readonly clock: Clock;
  /** 브로커의 이미지가 적용한 마지막 메타데이터 오프셋 (하트비트의 currentMetadataOffset) */
  readonly highestMetadataOffset: () => number;
  /** 컨트롤러가 "따라잡았다"고 답했을 때: 로그를 메타데이터에 맞춥니다. 끝나면 펜싱을 풀어 달라고 합니다. */
  readonly onRecovery: () => void;
  /** 상태가 바뀔 때 (로그에 남길 곳) */
  readonly onStateChange: (from: BrokerState, to: BrokerState, reason: string) => void;
}

export class BrokerLifecycleDriver {
  readonly #parts: BrokerLifecycleDriverParts;
  #timer: TimerHandle | null = null;
  #stopped = false;
  #readyToUnfence = false;
  #lastError = '';
  #waiters: { readonly until: (state: BrokerState) => boolean; readonly resolve: () => void }[] = [];

  constructor(parts: BrokerLifecycleDriverParts) {
    this.#parts = parts;
  }

  get state(): BrokerState {
    return this.#parts.lifecycle.state;
  }

  /** 컨트롤러가 준 브로커 에포크, 등록하기 전이면 -1 */
  get brokerEpoch(): number {
    return this.#parts.lifecycle.brokerEpoch;
  }

  /** 등록을 시작합니다 (Kafka `BrokerLifecycleManager.start`). */
  start(): void {
    const { lifecycle, clock, highestMetadataOffset } = this.#parts;
    lifecycle.start(clock.monotonicMs(), highestMetadataOffset);
    this.#poll();
  }

  /**
   * 펜싱이 풀려(RUNNING) 일을 시작해도 될 때까지 기다립니다. 등록의 시간 제한
   * (`initial.broker.registration.timeout.ms`)이 지나 SHUTTING_DOWN이 되면 실패합니다.
   */
  async running(): Promise<void> {
    await this.#until((s) => s === 'RUNNING' || s === 'SHUTTING_DOWN');
    if (this.state !== 'RUNNING') {
      throw new Error(`활성 컨트롤러에 등록하지 못했습니다${this.#lastError ? ` (${this.#lastError})` : ''}`);
    }
  }

  /**
   * 제어된 종료 (Kafka `BrokerServer.shutdown`의 `beginControlledShutdown` → `controlledShutdownFuture`): 컨트롤러가 이
   * 브로커의 리더십을 옮기고 "꺼져도 됨"이라고 답하거나, `timeoutMs`가 지날 때까지 기다립니다.
   */
  async controlledShutdown(timeoutMs: number): Promise<void> {
    const { lifecycle, clock } = this.#parts;
    if (this.#stopped) return;
    lifecycle.beginControlledShutdown(clock.monotonicMs());
    this.#poll();
    let timer: TimerHandle | null = null;
    await Promise.race([
      this.#until((s) => s === 'SHUTTING_DOWN'),
      new Promise<void>((resolve) => {
        timer = clock.schedule(timeoutMs, resolve);
      }),
    ]);
    if (timer) clock.cancel(timer);
  }

  /** 타이머를 거두고 더 보내지 않습니다. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#parts.clock.cancel(this.#timer);
    this.#timer = null;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  #until(condition: (state: BrokerState) => boolean): Promise<void> {
    if (condition(this.state) || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ until: condition, resolve }));
  }

  /** 보낼 것을 보내고, 상태에 따라 할 일을 하고, 다음 때를 겁니다. */
  #poll(): void {
    const { lifecycle, clock } = this.#parts;
    if (this.#stopped) return;
    const before = lifecycle.state;
    const outbound = lifecycle.poll(clock.monotonicMs());
    if (outbound) void this.#send(outbound);
    this.#after(before);
  }

  #after(before: BrokerState): void {
    const { lifecycle, clock } = this.#parts;
    if (lifecycle.state !== before) this.#parts.onStateChange(before, lifecycle.state, this.#lastError);
    if (lifecycle.state === 'RECOVERY' && !this.#readyToUnfence) {
      // 컨트롤러가 따라잡았다고 했습니다: 로그를 메타데이터에 맞춘 뒤(로그는 노드가 만들 때 이미 불러왔습니다)
      // 리더를 맡을 준비가 되었다고 알립니다 (Kafka `BrokerServer.startup`의 `setReadyToUnfence`).
      this.#readyToUnfence = true;
      this.#parts.onRecovery();
      lifecycle.setReadyToUnfence(clock.monotonicMs());
    }
    for (const waiter of [...this.#waiters]) {
      if (!waiter.until(lifecycle.state)) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    this.#reschedule();
  }

  #reschedule(): void {
    const { lifecycle, clock } = this.#parts;
    if (this.#timer) clock.cancel(this.#timer);
    this.#timer = null;
    const next = lifecycle.nextPollAtMs();
    if (this.#stopped || !Number.isFinite(next)) return;
    this.#timer = clock.schedule(Math.max(0, next - clock.monotonicMs()), () => {
      this.#timer = null;
      this.#poll();
    });
  }

  async #send(outbound: LifecycleRequest): Promise<void> {
    const { lifecycle, channel, clock } = this.#parts;
    const registration = outbound.api === 'BrokerRegistration';
    const reply = await channel.send(
      registration
        ? { apiKey: ApiKey.BrokerRegistration, apiVersion: REGISTRATION_VERSION, body: outbound.request }
        : { apiKey: ApiKey.BrokerHeartbeat, apiVersion: HEARTBEAT_VERSION, body: outbound.request },
      lifecycle.config.sessionTimeoutMs / 2,
    );
    if (this.#stopped) return;
    const before = lifecycle.state;
    const now = clock.monotonicMs();
    const errorCode = reply.ok ? (reply.response as { errorCode: number }).errorCode : ErrorCode.REQUEST_TIMED_OUT;
    this.#lastError = errorCode === ErrorCode.NONE ? '' : `${outbound.api}: 오류 ${errorCode}`;
    if (registration) {
      lifecycle.handleRegistrationResponse(replyOf<BrokerRegistrationResponse>(reply), now);
    } else {
      lifecycle.handleHeartbeatResponse(replyOf<BrokerHeartbeatResponse>(reply), now);
    }
    this.#after(before);
  }
}

function replyOf<R>(reply: Awaited<ReturnType<ControllerChannel['send']>>): LifecycleReply<R> {
  return reply.ok ? ok({ response: reply.response as R }) : err('TIMEOUT');
}
