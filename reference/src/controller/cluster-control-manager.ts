/**
 * 브로커 등록 (Kafka `ClusterControlManager`): 어떤 브로커가 어느 세대(incarnation)로, 어느 에포크로 등록되어
 * 있고, 펜싱되었는지. 등록 레코드를 재생해 만들고, BrokerRegistration 요청을 레코드로 바꿉니다.
 *
 * 활성 컨트롤러에서는 세션(`BrokerHeartbeatManager`)을 함께 둡니다: 등록이 바뀌는 레코드를 재생할 때마다 세션도
 * 맞춥니다. 대기(standby) 컨트롤러는 세션이 없습니다 (`activate`/`deactivate`).
 */
import {
  applyRegistrationChange,
  type BrokerRegistration,
  isActive,
  registrationChangeOf,
  registrationFromRecord,
  registrationToRecord,
} from '../metadata/broker-registration.js';
import type {
  BrokerRegistrationChangeRecord,
  FenceBrokerRecord,
  RegisterBrokerRecord,
  UnfenceBrokerRecord,
} from '../metadata/records.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { BrokerRegistrationRequest } from '../protocol/messages/62-broker-registration.js';
import { err, OK, ok, type Result } from '../result.js';
import { BrokerHeartbeatManager } from './broker-heartbeat-manager.js';

export class ClusterControlManager {
  readonly #registrations = new Map<number, BrokerRegistration>();
  /** 브로커마다 지금 등록 레코드의 오프셋: 이 오프셋까지 따라잡아야 펜싱이 풀립니다 */
  readonly #registerBrokerRecordOffsets = new Map<number, number>();
  #heartbeats: BrokerHeartbeatManager | null = null;

  constructor(
    readonly clusterId: string,
    readonly sessionTimeoutMs: number,
    /** 활성 컨트롤러의 세션이 쓰는 단조 시계 (Kafka `BrokerHeartbeatManager`의 `time.nanoseconds()`) */
    private readonly monotonicMs: () => number,
  ) {}

  /** 같은 등록의 복사본 (세션은 빼고) */
  copyInto(target: ClusterControlManager): void {
    for (const [id, r] of this.#registrations) target.#registrations.set(id, r);
    for (const [id, offset] of this.#registerBrokerRecordOffsets) target.#registerBrokerRecordOffsets.set(id, offset);
  }

  /**
   * 활성 컨트롤러가 되었습니다: 등록된 브로커 모두에게 새 세션을 줍니다 (Kafka `activate`). 세션은 로그에 없는
   * 상태라, 새 활성 컨트롤러는 모든 브로커를 "방금 연락한" 것으로 시작해 세션 시간 제한만큼의 기회를 줍니다.
   *
   * 하나만 다릅니다: 이 컨트롤러와 한 프로세스에 있는 브로커(`colocated`)의 옛 세대 등록에는 세션을 주지 않습니다.
   * 그 브로커 ID를 가진 프로세스는 지금 이 프로세스이니, 다른 세대의 등록은 죽은 프로세스의 것이 분명하기 때문입니다.
   * Kafka 4.0은 이 등록에도 세션을 주어, `kill -9` 뒤 다시 켠 노드 하나짜리 클러스터의 브로커가 세션이 끝날 때까지
   * (9초) DUPLICATE_BROKER_REGISTRATION을 받으며 기다립니다 (KAFKA-19130은 깨끗한 종료 뒤의 경우만 고쳤습니다).
   * 처음 모양의 등록(`incarnationId`가 없는 옛 레코드)도 그렇게 옛 세대로 읽힙니다.
   */
  activate(colocated?: { readonly brokerId: number; readonly incarnationId: string }): void {
    this.#heartbeats = new BrokerHeartbeatManager(this.sessionTimeoutMs);
    const now = this.monotonicMs();
    for (const r of this.#registrations.values()) {
      const staleColocated = r.brokerId === colocated?.brokerId && r.incarnationId !== colocated.incarnationId;
      if (!staleColocated) this.#heartbeats.register(r.brokerId, r.fenced, now);
    }
  }

  get heartbeats(): BrokerHeartbeatManager {
    if (!this.#heartbeats) throw new Error('활성 컨트롤러가 아닌데 브로커 세션을 찾습니다');
    return this.#heartbeats;
  }

  registration(brokerId: number): BrokerRegistration | undefined {
    return this.#registrations.get(brokerId);
  }

  registrations(): Iterable<BrokerRegistration> {
    return this.#registrations.values();
  }

  registerBrokerRecordOffset(brokerId: number): number | undefined {
    return this.#registerBrokerRecordOffsets.get(brokerId);
  }

  /** 리더가 될 수 있는지 (Kafka `isActive`): 펜싱되지 않았고 제어된 종료 중이 아닌 등록 */
  isActive(brokerId: number): boolean {
    return isActive(this.#registrations.get(brokerId));
  }

  /** 요청의 브로커 에포크가 지금 등록의 에포크인지 (Kafka `checkBrokerEpoch`: 아니면 STALE_BROKER_EPOCH) */
  checkBrokerEpoch(brokerId: number, brokerEpoch: number): Result<object, number> {
    const registration = this.#registrations.get(brokerId);
    if (!registration) return err(ErrorCode.STALE_BROKER_EPOCH, `브로커 ${brokerId}의 등록이 없습니다`);
    if (registration.epoch !== brokerEpoch) {
      return err(
        ErrorCode.STALE_BROKER_EPOCH,
        `브로커 ${brokerId}의 에포크는 ${registration.epoch}인데 ${brokerEpoch}로 왔습니다`,
      );
    }
    return OK;
  }

  /**
   * BrokerRegistration 요청 (Kafka `registerBroker`). 검사 순서:
   *
   *   1. 클러스터 ID가 다름                                   → INCONSISTENT_CLUSTER_ID
   *   2. 다른 세대가 등록되어 있고 그 세션이 살아 있음       → DUPLICATE_BROKER_REGISTRATION
   *   3. ZooKeeper 브로커의 마이그레이션 등록                 → BROKER_ID_NOT_REGISTERED
   *
   * 통과하면 RegisterBrokerRecord 하나를 적습니다. 새 세대면 에포크는 이 레코드가 적힐 오프셋(`newBrokerEpoch`)이고
   * 펜싱된 채로 시작합니다. 같은 세대가 다시 등록하면(응답을 잃어 다시 보낸 것) 에포크와 펜싱 상태를 그대로 둡니다.
   * Kafka는 기능(feature) 버전도 확인하지만, 이 컨트롤러에는 확정된 기능(FeatureControlManager)이 없어 적기만 합니다.
   */
  registerBroker(
    request: BrokerRegistrationRequest,
    newBrokerEpoch: number,
  ): Result<{ readonly records: RegisterBrokerRecord[]; readonly brokerEpoch: number }, number> {
    if (request.clusterId !== this.clusterId) {
      return err(
        ErrorCode.INCONSISTENT_CLUSTER_ID,
        `클러스터 ID ${this.clusterId}를 기다렸는데 ${request.clusterId}가 왔습니다`,
      );
    }
    const brokerId = request.brokerId;
    const existing = this.#registrations.get(brokerId);
    const sameIncarnation = existing?.incarnationId === request.incarnationId;
    if (existing && !sameIncarnation && this.heartbeats.hasValidSession(brokerId, this.monotonicMs())) {
      return err(
        ErrorCode.DUPLICATE_BROKER_REGISTRATION,
        `브로커 ${brokerId}로 다른 프로세스가 이미 등록되어 있습니다`,
      );
    }
    if (request.isMigratingZkBroker) {
      return err(ErrorCode.BROKER_ID_NOT_REGISTERED, 'ZooKeeper 브로커의 등록은 받지 않습니다');
    }
    const first = request.listeners[0];
    const epoch = sameIncarnation && existing ? existing.epoch : newBrokerEpoch;
    const record: RegisterBrokerRecord = {
      type: 'RegisterBrokerRecord',
      brokerId,
      host: first?.host ?? '',
      port: first?.port ?? 0,
      rack: request.rack,
      incarnationId: request.incarnationId,
      brokerEpoch: epoch,
      endPoints: request.listeners.map(({ name, host, port, securityProtocol }) => ({
        name,
        host,
        port,
        securityProtocol,
      })),
      features: request.features.map(({ name, minSupportedVersion, maxSupportedVersion }) => ({
        name,
        minSupportedVersion,
        maxSupportedVersion,
      })),
      fenced: sameIncarnation && existing ? existing.fenced : true,
      inControlledShutdown: sameIncarnation && existing ? existing.inControlledShutdown : false,
    };
    // 새 세대면 옛 세대의 세션을 지웁니다 (세션은 재생할 때 새 등록으로 다시 생깁니다).
    if (!sameIncarnation) this.heartbeats.remove(brokerId);
    return ok({ records: [record], brokerEpoch: epoch });
  }

  replayRegistration(record: RegisterBrokerRecord, offset: number): void {
    const registration = registrationFromRecord(record);
    const previous = this.#registrations.get(record.brokerId);
    this.#registrations.set(record.brokerId, registration);
    this.#registerBrokerRecordOffsets.set(record.brokerId, offset);
    if (previous) this.#heartbeats?.remove(record.brokerId);
    this.#heartbeats?.register(registration.brokerId, registration.fenced, this.monotonicMs());
  }

  replayRegistrationChange(record: FenceBrokerRecord | UnfenceBrokerRecord | BrokerRegistrationChangeRecord): void {
    const change = registrationChangeOf(record);
    const next = applyRegistrationChange(this.#registrations.get(change.brokerId), change);
    this.#registrations.set(change.brokerId, next);
    this.#heartbeats?.register(next.brokerId, next.fenced, this.monotonicMs());
  }

  toRecords(): RegisterBrokerRecord[] {
    return [...this.#registrations.values()].map(registrationToRecord);
  }
}
