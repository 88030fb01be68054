// 11장 세 브로커 클러스터 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/controller/broker-heartbeat-manager.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 브로커의 세션: 활성 컨트롤러만 갖는, 로그에 적지 않는 상태 (Kafka `BrokerHeartbeatManager`). 브로커마다 마지막
 * 하트비트를 받은 때, 하트비트가 알린 메타데이터 오프셋, 제어된 종료를 끝낼 오프셋을 기억합니다.
 *
 * 로그에 적지 않으므로 컨트롤러가 바뀌면 사라집니다. 새 활성 컨트롤러는 등록된 브로커 모두를 "지금 막 연락한"
 * 것으로 시작합니다 (`ClusterControlManager.activate`): 리더가 바뀌었다고 곧바로 브로커를 펜싱하지 않고, 새
 * 컨트롤러에게도 세션 시간 제한만큼의 기회를 줍니다.
 *
 * 시각은 부르는 쪽이 단조 시계로 넘깁니다 (`nowMs`): Kafka도 `lastContactNs`를 `time.nanoseconds()`로 적어, NTP가
 * 벽시계를 앞으로 옮겨도 살아 있는 브로커의 세션이 끝나지 않습니다. Kafka는 펜싱되지 않은 브로커를 마지막 연락
 * 순으로 잇는 목록을 따로 두지만, 여기서는 브로커가 몇 개 되지 않으므로 매번 훑습니다.
 */
import { todo } from '../../../course/todo.js';
import type { BrokerHeartbeatRequest } from '../../../reference/src/protocol/messages/63-broker-heartbeat.js';

/** 하트비트를 받은 뒤 브로커가 있을 상태 (Kafka `BrokerControlState`) */
export type BrokerControlState = 'FENCED' | 'UNFENCED' | 'CONTROLLED_SHUTDOWN' | 'SHUTDOWN_NOW';

/** 상태마다 브로커에게 알릴 것: 펜싱되었는지, 이제 꺼져도 되는지 */
export const brokerControlStates: Record<
  BrokerControlState,
  { readonly fenced: boolean; readonly shouldShutDown: boolean }
> = {
  FENCED: { fenced: true, shouldShutDown: false },
  UNFENCED: { fenced: false, shouldShutDown: false },
  CONTROLLED_SHUTDOWN: { fenced: false, shouldShutDown: false },
  SHUTDOWN_NOW: { fenced: true, shouldShutDown: true },
};

/**
 * 브로커가 메타데이터를 따라잡았는지: 하트비트가 알린 오프셋이 자기 등록 레코드의 오프셋에 닿았는지.
 * 자기 등록을 적용한 브로커는 적어도 그때까지의 토픽과 파티션을 알고 있으니, 리더를 맡겨도 됩니다.
 * (Kafka는 이 비교를 `calculateNextBrokerState`와 `processBrokerHeartbeat`에 한 줄씩 적습니다.)
 */
export function isCaughtUp(currentMetadataOffset: number, registerBrokerRecordOffset: number): boolean {
  return currentMetadataOffset >= registerBrokerRecordOffset;
}

interface BrokerHeartbeatState {
  readonly id: number;
  fenced: boolean;
  /** 마지막으로 연락한 때 (단조 시계) */
  lastContactMs: number;
  /** 하트비트가 마지막으로 알린 메타데이터 오프셋 */
  metadataOffset: number;
  /** 제어된 종료를 끝낼 수 있는 오프셋 (종료 중이 아니면 -1) */
  controlledShutdownOffset: number;
}

export class BrokerHeartbeatManager {
  readonly #brokers = new Map<number, BrokerHeartbeatState>();

  constructor(readonly sessionTimeoutMs: number) {}

  /** 등록을 알게 되었습니다 (등록, 재생, 활성이 됨). 펜싱 여부를 맞추고 연락한 것으로 칩니다. */
  register(brokerId: number, fenced: boolean, nowMs: number): void {
    let broker = this.#brokers.get(brokerId);
    let metadataOffset = -1;
    if (!broker) {
      broker = { id: brokerId, fenced, lastContactMs: nowMs, metadataOffset: -1, controlledShutdownOffset: -1 };
      this.#brokers.set(brokerId, broker);
    } else if (broker.fenced !== fenced) {
      metadataOffset = broker.metadataOffset;
    }
    this.touch(brokerId, fenced, metadataOffset, nowMs);
  }

  /** 하트비트를 받았습니다 (Kafka `touch`). 펜싱되면 제어된 종료에서도 빠집니다: 다음 하트비트에 곧바로 꺼집니다. */
  touch(brokerId: number, fenced: boolean, metadataOffset: number, nowMs: number): void {
    const broker = this.#stateOrThrow(brokerId);
    broker.lastContactMs = nowMs;
    broker.metadataOffset = metadataOffset;
    broker.fenced = fenced;
    if (fenced) broker.controlledShutdownOffset = -1;
  }

  /** 세션이 끝나 펜싱했습니다. */
  fence(brokerId: number): void {
    const broker = this.#brokers.get(brokerId);
    if (broker) {
      broker.fenced = true;
      broker.controlledShutdownOffset = -1;
    }
  }

  remove(brokerId: number): void {
    this.#brokers.delete(brokerId);
  }

  /** 세션이 살아 있는지: 펜싱되지 않았고, 시간 제한 안에 연락했습니다 (Kafka `hasValidSession`) */
  hasValidSession(brokerId: number, nowMs: number): boolean {
    // TODO(11장): hasValidSession: 브로커의 세션이 살아 있는지 답하세요.
    //   등록된 브로커여야 하고(#brokers에 있음), 펜싱되지 않았어야 하고, 마지막 연락(lastContactMs)에서 세션 시간 제한
    //   (sessionTimeoutMs)이 아직 지나지 않았어야 합니다. 마지막 연락 + 시간 제한과 딱 같은 시각은 아직 살아 있습니다.
    return todo('hasValidSession: 브로커의 세션이 살아 있는지 답하세요.');
  }

  /** 세션이 끝난 브로커 하나: 펜싱되지 않은 것 가운데 가장 오래 연락이 없던 것 (Kafka `findOneStaleBroker`) */
  findOneStaleBroker(nowMs: number): number | null {
    const oldest = this.#oldestUnfenced();
    return oldest && !this.hasValidSession(oldest.id, nowMs) ? oldest.id : null;
  }

  /**
   * 다음에 세션을 확인할 때: 가장 오래 연락이 없던 펜싱되지 않은 브로커의 세션이 끝난 첫 ms (없으면 Infinity).
   * 세션은 `lastContact + timeout`까지 살아 있으므로 그 다음 ms입니다 (Kafka는 나노초라 그 자리에서 다시 봅니다).
   */
  nextCheckTimeMs(): number {
    // TODO(11장): nextCheckTimeMs: 컨트롤러가 세션을 다시 확인할 시각을 답하세요.
    //   펜싱되지 않은 브로커 가운데 가장 오래 연락이 없던 것(#oldestUnfenced())의 세션이 끝나는 첫 ms입니다.
    //   그런 브로커가 없으면 확인할 것이 없으니 Number.POSITIVE_INFINITY.
    return todo('nextCheckTimeMs: 컨트롤러가 세션을 다시 확인할 시각을 답하세요.');
  }

  /** 제어된 종료를 끝낼 오프셋을 처음 한 번만 적습니다 (Kafka `maybeUpdateControlledShutdownOffset`). */
  maybeUpdateControlledShutdownOffset(brokerId: number, offset: number): void {
    const broker = this.#stateOrThrow(brokerId);
    if (broker.fenced) throw new Error(`펜싱된 브로커 ${brokerId}는 제어된 종료를 시작할 수 없습니다`);
    if (broker.controlledShutdownOffset < 0) broker.controlledShutdownOffset = offset;
  }

  /** 일하는(펜싱되지 않고 종료 중이 아닌) 브로커들이 알린 가장 낮은 메타데이터 오프셋 (없으면 Infinity) */
  lowestActiveOffset(): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const b of this.#brokers.values()) {
      if (!b.fenced && b.controlledShutdownOffset < 0) lowest = Math.min(lowest, b.metadataOffset);
    }
    return lowest;
  }

  /** 지금의 상태 (Kafka `currentBrokerState`) */
  currentState(brokerId: number): BrokerControlState {
    const broker = this.#stateOrThrow(brokerId);
    if (broker.controlledShutdownOffset >= 0) return 'CONTROLLED_SHUTDOWN';
    return broker.fenced ? 'FENCED' : 'UNFENCED';
  }

  /**
   * 하트비트를 받은 브로커의 다음 상태 (Kafka `calculateNextBrokerState`):
   *
   *   FENCED               종료를 원함 → SHUTDOWN_NOW; 펜싱을 원하지 않고 따라잡음 → UNFENCED; 아니면 FENCED
   *   UNFENCED             펜싱을 원함 → (종료도 원하면 SHUTDOWN_NOW, 아니면 FENCED);
   *                        종료를 원함 → 리더인 파티션이 있으면 CONTROLLED_SHUTDOWN, 없으면 SHUTDOWN_NOW
   *   CONTROLLED_SHUTDOWN  아직 리더인 파티션이 있음 → 그대로; 일하는 브로커들이 모두 종료를 시작한 오프셋까지
   *                        메타데이터를 따라왔음 → SHUTDOWN_NOW; 아니면 그대로
   */
  calculateNextBrokerState(
    brokerId: number,
    request: Pick<BrokerHeartbeatRequest, 'wantFence' | 'wantShutDown' | 'currentMetadataOffset'>,
    registerBrokerRecordOffset: number,
    hasLeaderships: () => boolean,
  ): { readonly current: BrokerControlState; readonly next: BrokerControlState } {
    // TODO(11장): calculateNextBrokerState: 하트비트를 받은 브로커의 다음 상태를 정하세요.
    //   지금 상태(currentState)에서 출발해 위 주석의 표대로 갑니다. 따라잡았는지는 isCaughtUp(요청의 오프셋, 등록 레코드의
    //   오프셋), 리더인 파티션이 남았는지는 hasLeaderships(), 제어된 종료를 끝내도 되는지는 그 브로커의
    //   controlledShutdownOffset이 lowestActiveOffset() 이하인지로 봅니다. 돌려줄 것은 { current, next }입니다.
    return todo('calculateNextBrokerState: 하트비트를 받은 브로커의 다음 상태를 정하세요.');
  }

  #oldestUnfenced(): BrokerHeartbeatState | null {
    let oldest: BrokerHeartbeatState | null = null;
    for (const b of this.#brokers.values()) {
      if (!b.fenced && (oldest === null || b.lastContactMs < oldest.lastContactMs)) oldest = b;
    }
    return oldest;
  }

  #stateOrThrow(brokerId: number): BrokerHeartbeatState {
    const broker = this.#brokers.get(brokerId);
    if (!broker) throw new Error(`브로커 ${brokerId}는 등록되지 않았습니다`);
    return broker;
  }
}
