/**
 * 브로커의 한살이 (Kafka `BrokerLifecycleManager`, KIP-631): 활성 컨트롤러에 등록하고, 하트비트를 보내고, 그 답에
 * 따라 상태를 옮깁니다. 입출력이 없는 상태 기계입니다: 부르는 쪽이 `poll(지금)`으로 보낼 요청을 꺼내 활성
 * 컨트롤러에 보내고, 답(또는 실패)을 `handle…Response`로 넘깁니다. 다음에 부를 때는 `nextPollAtMs()`입니다.
 *
 *     NOT_RUNNING ─start→ STARTING ─(등록, 하트비트가 "따라잡음")→ RECOVERY ─(펜싱이 풀림)→ RUNNING
 *     RUNNING ─beginControlledShutdown→ PENDING_CONTROLLED_SHUTDOWN ─(하트비트가 "꺼져도 됨")→ SHUTTING_DOWN
 *     STARTING ─(initial.broker.registration.timeout.ms 안에 등록하지 못함)→ SHUTTING_DOWN
 *
 * - STARTING: 등록(BrokerRegistration)하고, 받은 브로커 에포크로 하트비트를 보냅니다. 아직 자기 등록 레코드까지
 *   메타데이터를 적용하지 못했으면 컨트롤러가 `isCaughtUp=false`로 답합니다.
 * - RECOVERY: 메타데이터를 따라잡았습니다. 브로커는 로그를 복구하고 `setReadyToUnfence()`를 부릅니다. 그때까지는
 *   하트비트에 `wantFence=true`를 실어, 준비되지 않은 브로커가 리더를 맡지 않게 합니다.
 * - RUNNING: 펜싱이 풀렸습니다. `broker.heartbeat.interval.ms`마다 하트비트를 보냅니다. 컨트롤러가
 *   `broker.session.timeout.ms` 동안 하트비트를 받지 못하면 이 브로커를 펜싱합니다.
 * - PENDING_CONTROLLED_SHUTDOWN: 하트비트에 `wantShutDown=true`를 실어 보냅니다. 컨트롤러는 이 브로커가 리더인
 *   파티션의 리더를 먼저 옮기고, 다 옮겨졌을 때 `shouldShutDown=true`로 답합니다.
 *
 * 요청이 실패하면(연락이 끊김, 시간 제한, 오류 코드) 지수적으로 늘어나는 간격으로 다시 보냅니다.
 */

import { ErrorCode } from '../protocol/error-codes.js';
import type {
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
} from '../protocol/messages/62-broker-registration.js';
import type { BrokerHeartbeatRequest, BrokerHeartbeatResponse } from '../protocol/messages/63-broker-heartbeat.js';
import type { Result } from '../result.js';
import type { Random } from '../runtime/random.js';
import type { BrokerEndpoint, BrokerFeature } from './records.js';

/** 브로커의 상태 (Kafka `BrokerState`) */
export type BrokerState =
  | 'NOT_RUNNING'
  | 'STARTING'
  | 'RECOVERY'
  | 'RUNNING'
  | 'PENDING_CONTROLLED_SHUTDOWN'
  | 'SHUTTING_DOWN';

export interface BrokerLifecycleConfig {
  readonly nodeId: number;
  readonly clusterId: string;
  /** 이 프로세스의 세대 ID: 켜질 때마다 새로 뽑습니다 */
  readonly incarnationId: string;
  readonly listeners: readonly BrokerEndpoint[];
  readonly features: readonly BrokerFeature[];
  readonly rack: string | null;
  /** `broker.heartbeat.interval.ms` (기본 2000) */
  readonly heartbeatIntervalMs: number;
  /** `broker.session.timeout.ms` (기본 9000): 다시 보내는 간격의 상한 */
  readonly sessionTimeoutMs: number;
  /** `initial.broker.registration.timeout.ms` (기본 60000) */
  readonly initialRegistrationTimeoutMs: number;
}

export const DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS = 2_000;
export const DEFAULT_INITIAL_BROKER_REGISTRATION_TIMEOUT_MS = 60_000;

/** 보낼 요청 하나 */
export type LifecycleRequest =
  | { readonly api: 'BrokerRegistration'; readonly request: BrokerRegistrationRequest }
  | { readonly api: 'BrokerHeartbeat'; readonly request: BrokerHeartbeatRequest };

/** 답을 받지 못한 까닭: 활성 컨트롤러를 모름, 연락이 끊김, 시간 제한 */
export type CommunicationFailure = 'NO_CONTROLLER' | 'DISCONNECTED' | 'TIMEOUT';

export type LifecycleReply<R> = Result<{ readonly response: R }, CommunicationFailure>;

/** 실패한 뒤 다시 보내는 간격: 100ms에서 두 배씩, 상한은 세션 시간 제한, ±2% 흔들림 (Kafka `ExponentialBackoff`) */
const BACKOFF_INITIAL_MS = 100;
const BACKOFF_JITTER = 0.02;
/** 처음 따라잡기를 기다리는 동안의 하트비트 간격 (Kafka: 복구할 것이 없으면 조금 빨리 시작하려고) */
const STARTING_HEARTBEAT_MS = 10;
/** 제어된 종료의 첫 답을 받은 뒤 다음 하트비트까지 */
const FIRST_SHUTDOWN_RESPONSE_MS = 50;

export class BrokerLifecycleManager {
  #state: BrokerState = 'NOT_RUNNING';
  #brokerEpoch = -1;
  #registered = false;
  #readyToUnfence = false;
  #gotControlledShutdownResponse = false;
  #communicationInFlight = false;
  #nextSchedulingShouldBeImmediate = false;
  #failedAttempts = 0;
  #nextCommunicationAtMs = Number.POSITIVE_INFINITY;
  #registrationDeadlineMs = Number.POSITIVE_INFINITY;
  #highestMetadataOffset: () => number = () => -1;

  constructor(
    readonly config: BrokerLifecycleConfig,
    private readonly random: Random,
  ) {}

  get state(): BrokerState {
    return this.#state;
  }

  /** 컨트롤러가 준 브로커 에포크, 등록하지 못했으면 -1 */
  get brokerEpoch(): number {
    return this.#brokerEpoch;
  }

  /**
   * 시작합니다 (Kafka `start` → `StartupEvent`): 곧바로 등록을 보내고, 등록의 시간 제한을 겁니다.
   * `highestMetadataOffset`은 브로커의 이미지가 적용한 마지막 오프셋입니다.
   */
  start(nowMs: number, highestMetadataOffset: () => number): void {
    this.#transition('NOT_RUNNING', 'STARTING');
    this.#highestMetadataOffset = highestMetadataOffset;
    this.#registrationDeadlineMs = nowMs + this.config.initialRegistrationTimeoutMs;
    this.#scheduleNextCommunication(nowMs, 0);
  }

  /** 로그 복구가 끝나 리더를 맡을 수 있습니다: 다음 하트비트부터 펜싱을 풀어 달라고 합니다. */
  setReadyToUnfence(nowMs: number): void {
    this.#readyToUnfence = true;
    this.#scheduleNextCommunication(nowMs, 0);
  }

  /** 제어된 종료를 시작합니다. RUNNING이 아니면 곧바로 꺼집니다 (Kafka `beginControlledShutdown`). */
  beginControlledShutdown(nowMs: number): void {
    if (this.#state === 'PENDING_CONTROLLED_SHUTDOWN') return;
    if (this.#state === 'RUNNING') {
      this.#state = 'PENDING_CONTROLLED_SHUTDOWN';
      this.#scheduleNextCommunication(nowMs, 0);
      return;
    }
    this.#shutDown();
  }

  /** 다음에 `poll`을 불러야 할 때 */
  nextPollAtMs(): number {
    if (this.#state === 'SHUTTING_DOWN' || this.#state === 'NOT_RUNNING') return Number.POSITIVE_INFINITY;
    return this.#registered
      ? this.#nextCommunicationAtMs
      : Math.min(this.#nextCommunicationAtMs, this.#registrationDeadlineMs);
  }

  /**
   * 때가 되었으면 보낼 요청 하나 (Kafka `CommunicationEvent`): 등록하지 않았으면 등록, 했으면 하트비트. 이미 보낸
   * 요청의 답을 기다리는 중이면 보내지 않고, 답이 오는 대로 곧바로 다음을 보내도록 적어 둡니다.
   */
  poll(nowMs: number): LifecycleRequest | null {
    if (this.#state === 'STARTING' && !this.#registered && nowMs >= this.#registrationDeadlineMs) {
      // 등록의 시간 제한 (Kafka `RegistrationTimeoutEvent`): 컨트롤러 쿼럼에 닿지 못하는 브로커는 꺼집니다.
      this.#shutDown();
      return null;
    }
    if (this.#state === 'SHUTTING_DOWN' || nowMs < this.#nextCommunicationAtMs) return null;
    this.#nextCommunicationAtMs = Number.POSITIVE_INFINITY;
    if (this.#communicationInFlight) {
      this.#nextSchedulingShouldBeImmediate = true;
      return null;
    }
    this.#communicationInFlight = true;
    return this.#registered
      ? { api: 'BrokerHeartbeat', request: this.#heartbeat() }
      : { api: 'BrokerRegistration', request: this.#registration() };
  }

  /** 등록의 답 (Kafka `BrokerRegistrationResponseEvent`) */
  handleRegistrationResponse(reply: LifecycleReply<BrokerRegistrationResponse>, nowMs: number): void {
    this.#communicationInFlight = false;
    if (!reply.ok || reply.response.errorCode !== ErrorCode.NONE) {
      this.#scheduleNextCommunicationAfterFailure(nowMs);
      return;
    }
    this.#failedAttempts = 0;
    this.#brokerEpoch = reply.response.brokerEpoch;
    this.#registered = true;
    this.#scheduleNextCommunication(nowMs, 0); // 곧바로 하트비트
  }

  /** 하트비트의 답 (Kafka `BrokerHeartbeatResponseEvent`) */
  handleHeartbeatResponse(reply: LifecycleReply<BrokerHeartbeatResponse>, nowMs: number): void {
    this.#communicationInFlight = false;
    if (!reply.ok || reply.response.errorCode !== ErrorCode.NONE) {
      this.#scheduleNextCommunicationAfterFailure(nowMs);
      return;
    }
    this.#failedAttempts = 0;
    const response = reply.response;
    switch (this.#state) {
      case 'STARTING':
        if (response.isCaughtUp) this.#state = 'RECOVERY';
        this.#scheduleNextCommunication(nowMs, STARTING_HEARTBEAT_MS);
        return;
      case 'RECOVERY':
        if (!response.isFenced) this.#state = 'RUNNING';
        this.#scheduleNextCommunication(nowMs, this.config.heartbeatIntervalMs);
        return;
      case 'RUNNING':
        this.#scheduleNextCommunication(nowMs, this.config.heartbeatIntervalMs);
        return;
      case 'PENDING_CONTROLLED_SHUTDOWN':
        if (response.shouldShutDown) {
          this.#shutDown();
          return;
        }
        this.#scheduleNextCommunication(
          nowMs,
          this.#gotControlledShutdownResponse ? this.config.heartbeatIntervalMs : FIRST_SHUTDOWN_RESPONSE_MS,
        );
        this.#gotControlledShutdownResponse = true;
        return;
      case 'NOT_RUNNING':
      case 'SHUTTING_DOWN':
        return;
    }
  }

  #registration(): BrokerRegistrationRequest {
    const { nodeId, clusterId, incarnationId, listeners, features, rack } = this.config;
    return {
      brokerId: nodeId,
      clusterId,
      incarnationId,
      listeners: listeners.map((l) => ({ ...l })),
      features: features.map((f) => ({ ...f })),
      rack,
      isMigratingZkBroker: false,
      logDirs: [],
      previousBrokerEpoch: -1,
    };
  }

  #heartbeat(): BrokerHeartbeatRequest {
    return {
      brokerId: this.config.nodeId,
      brokerEpoch: this.#brokerEpoch,
      currentMetadataOffset: this.#highestMetadataOffset(),
      wantFence: !this.#readyToUnfence,
      wantShutDown: this.#state === 'PENDING_CONTROLLED_SHUTDOWN',
      offlineLogDirs: [],
    };
  }

  #scheduleNextCommunication(nowMs: number, delayMs: number): void {
    const adjusted = this.#nextSchedulingShouldBeImmediate ? 0 : delayMs;
    this.#nextSchedulingShouldBeImmediate = false;
    this.#nextCommunicationAtMs = nowMs + adjusted;
  }

  #scheduleNextCommunicationAfterFailure(nowMs: number): void {
    const base = Math.min(BACKOFF_INITIAL_MS * 2 ** this.#failedAttempts, this.config.sessionTimeoutMs);
    const jitter = 1 - BACKOFF_JITTER + (this.random.int(1001) / 1000) * 2 * BACKOFF_JITTER;
    this.#failedAttempts++;
    this.#nextSchedulingShouldBeImmediate = false; // 실패한 뒤에는 곧바로 다시 보내지 않습니다
    this.#nextCommunicationAtMs = nowMs + Math.round(base * jitter);
  }

  #shutDown(): void {
    this.#state = 'SHUTTING_DOWN';
    this.#nextCommunicationAtMs = Number.POSITIVE_INFINITY;
  }

  #transition(from: BrokerState, to: BrokerState): void {
    if (this.#state !== from)
      throw new Error(`브로커 상태를 ${this.#state}에서 ${to}로 옮길 수 없습니다 (${from}에서만)`);
    this.#state = to;
  }
}
