/**
 * 등록된 브로커 하나의 모습 (Kafka `org.apache.kafka.metadata.BrokerRegistration`). 컨트롤러의
 * `ClusterControlManager`와 브로커의 메타데이터 이미지(`cluster-metadata.ts`)가 같은 레코드를 같은 규칙으로
 * 재생하도록, 레코드를 이 모습으로 바꾸는 규칙을 여기 한 곳에 둡니다.
 */
import type {
  BrokerEndpoint,
  BrokerFeature,
  BrokerRegistrationChangeRecord,
  FenceBrokerRecord,
  RegisterBrokerRecord,
  UnfenceBrokerRecord,
} from './records.js';
import { FencingChange } from './records.js';

export interface BrokerRegistration {
  readonly brokerId: number;
  /** 클라이언트에게 알리는 주소 (첫 리스너) */
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  /** 등록한 브로커 프로세스의 ID. LocalController가 적던 처음 모양의 레코드에는 없습니다(null). */
  readonly incarnationId: string | null;
  /** 브로커 에포크: 등록 레코드가 적힌 오프셋. 처음 모양의 레코드는 -1 */
  readonly epoch: number;
  readonly endPoints: readonly BrokerEndpoint[];
  readonly features: readonly BrokerFeature[];
  /** 펜싱된 브로커는 리더가 될 수 없고, 클라이언트에게 알려지지 않습니다 */
  readonly fenced: boolean;
  /** 제어된 종료 중인 브로커도 새 리더가 될 수 없습니다 */
  readonly inControlledShutdown: boolean;
}

/** PLAINTEXT (Kafka `SecurityProtocol.PLAINTEXT.id`) */
const PLAINTEXT = 0;

/**
 * RegisterBrokerRecord를 등록으로 바꿉니다 (Kafka `ClusterControlManager.replay(RegisterBrokerRecord)`).
 * 처음 모양의 레코드(선택 필드가 없는 것)는 노드 하나의 브로커가 스스로 적은 것이라 펜싱되지 않은 것으로 읽습니다.
 */
export function registrationFromRecord(record: RegisterBrokerRecord): BrokerRegistration {
  const { brokerId, host, port, rack } = record;
  return {
    brokerId,
    host,
    port,
    rack,
    incarnationId: record.incarnationId ?? null,
    epoch: record.brokerEpoch ?? -1,
    endPoints: record.endPoints ?? [{ name: 'PLAINTEXT', host, port, securityProtocol: PLAINTEXT }],
    features: record.features ?? [],
    fenced: record.fenced ?? false,
    inControlledShutdown: record.inControlledShutdown ?? false,
  };
}

/** 등록을 다시 RegisterBrokerRecord로 적습니다 (스냅숏, Kafka `BrokerRegistration.toRecord`). */
export function registrationToRecord(registration: BrokerRegistration): RegisterBrokerRecord {
  const { brokerId, host, port, rack, incarnationId, epoch, endPoints, features, fenced, inControlledShutdown } =
    registration;
  if (incarnationId === null) return { type: 'RegisterBrokerRecord', brokerId, host, port, rack };
  return {
    type: 'RegisterBrokerRecord',
    brokerId,
    host,
    port,
    rack,
    incarnationId,
    brokerEpoch: epoch,
    endPoints,
    features,
    fenced,
    inControlledShutdown,
  };
}

/** 등록의 상태를 바꾸는 세 레코드를 한 모양으로: 어느 브로커의 어느 에포크를, 무엇으로 */
export interface RegistrationChange {
  readonly brokerId: number;
  readonly epoch: number;
  /** undefined면 그대로 */
  readonly fenced?: boolean;
  readonly inControlledShutdown?: boolean;
}

export function registrationChangeOf(
  record: FenceBrokerRecord | UnfenceBrokerRecord | BrokerRegistrationChangeRecord,
): RegistrationChange {
  switch (record.type) {
    case 'FenceBrokerRecord':
      return { brokerId: record.id, epoch: record.epoch, fenced: true };
    case 'UnfenceBrokerRecord':
      return { brokerId: record.id, epoch: record.epoch, fenced: false };
    case 'BrokerRegistrationChangeRecord':
      return {
        brokerId: record.brokerId,
        epoch: record.brokerEpoch,
        ...(record.fenced !== FencingChange.NONE && { fenced: record.fenced === FencingChange.FENCE }),
        ...(record.inControlledShutdown === 1 && { inControlledShutdown: true }),
      };
  }
}

/**
 * 등록에 변화를 적용합니다 (Kafka `ClusterControlManager.replayRegistrationChange`, `BrokerRegistration.cloneWith`).
 * 등록이 없거나 에포크가 다르면 다른 세대의 레코드이므로, 재생이 잘못된 것입니다: 예외를 던집니다.
 */
export function applyRegistrationChange(
  current: BrokerRegistration | undefined,
  change: RegistrationChange,
): BrokerRegistration {
  if (!current) throw new Error(`브로커 ${change.brokerId}의 등록이 없는데 등록 변경을 재생하려 합니다`);
  if (current.epoch !== change.epoch) {
    throw new Error(
      `브로커 ${change.brokerId}의 등록 에포크는 ${current.epoch}인데 에포크 ${change.epoch}의 변경을 재생하려 합니다`,
    );
  }
  return {
    ...current,
    fenced: change.fenced ?? current.fenced,
    inControlledShutdown: change.inControlledShutdown ?? current.inControlledShutdown,
  };
}

/** 리더가 될 수 있는지: 펜싱되지 않았고 제어된 종료 중이 아닌 브로커 (Kafka `ClusterControlManager.isActive`) */
export function isActive(registration: BrokerRegistration | undefined): boolean {
  return registration !== undefined && !registration.fenced && !registration.inControlledShutdown;
}

/**
 * 클라이언트가 붙은 리스너의 이름으로 본 브로커의 주소 (Kafka `KRaftMetadataCache.getAliveBrokerNode(brokerId,
 * listenerName)`): 리스너가 여럿인 브로커(브로커끼리 쓰는 PLAINTEXT, 호스트의 클라이언트가 쓰는 PLAINTEXT_HOST…)는
 * 요청이 들어온 리스너의 광고 주소를 알립니다. 그 이름의 리스너를 등록하지 않은 브로커(처음 모양의 레코드, 소켓 없이
 * 넘겨받은 요청)는 첫 리스너로 답합니다.
 */
export function endpointFor(broker: BrokerRegistration, listenerName: string): { host: string; port: number } {
  const endpoint = broker.endPoints.find((e) => e.name === listenerName);
  return endpoint ? { host: endpoint.host, port: endpoint.port } : { host: broker.host, port: broker.port };
}
