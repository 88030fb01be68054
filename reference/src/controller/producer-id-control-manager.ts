/**
 * 프로듀서 ID 나눠 주기 (Kafka `ProducerIdControlManager`). 멱등·트랜잭션 프로듀서의 ID는 클러스터 전체에서
 * 겹치면 안 되므로 컨트롤러가 나눠 줍니다: 브로커가 청할 때마다 다음 묶음을 떼어 주고, 다음에 줄 첫 ID를
 * ProducerIdsRecord로 적습니다. 로그에 남으니 컨트롤러가 바뀌거나 다시 켜져도 같은 ID를 두 번 주지 않습니다.
 */
import type { MetadataRecord, ProducerIdsRecord } from '../metadata/records.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok, type Result } from '../result.js';
import type { ClusterControlManager } from './cluster-control-manager.js';

export class ProducerIdControlManager {
  /** 아직 아무에게도 주지 않은 첫 ID */
  #nextProducerId = 0;

  constructor(private readonly clusterControl: ClusterControlManager) {}

  copyInto(target: ProducerIdControlManager): void {
    target.#nextProducerId = this.#nextProducerId;
  }

  get nextProducerId(): number {
    return this.#nextProducerId;
  }

  /**
   * 다음 묶음 (Kafka `generateNextProducerId`): 브로커 에포크가 지금 등록의 것이어야 하고(STALE_BROKER_EPOCH),
   * ID가 안전한 정수 범위를 넘으면 UNKNOWN_SERVER_ERROR입니다 (Kafka는 int64의 끝).
   */
  generateNextProducerId(
    brokerId: number,
    brokerEpoch: number,
    blockSize: number,
  ): Result<{ readonly records: ProducerIdsRecord[]; readonly firstProducerId: number }, number> {
    const epochCheck = this.clusterControl.checkBrokerEpoch(brokerId, brokerEpoch);
    if (!epochCheck.ok) return epochCheck;
    const first = this.#nextProducerId;
    if (first > Number.MAX_SAFE_INTEGER - blockSize) {
      return err(ErrorCode.UNKNOWN_SERVER_ERROR, '프로듀서 ID를 다 썼습니다');
    }
    return ok({
      records: [{ type: 'ProducerIdsRecord', brokerId, brokerEpoch, nextProducerId: first + blockSize }],
      firstProducerId: first,
    });
  }

  replay(record: ProducerIdsRecord): void {
    if (record.nextProducerId <= this.#nextProducerId) {
      throw new Error(`다음 프로듀서 ID ${record.nextProducerId}가 지금의 ${this.#nextProducerId}보다 크지 않습니다`);
    }
    this.#nextProducerId = record.nextProducerId;
  }

  toRecords(): MetadataRecord[] {
    return this.#nextProducerId > 0
      ? [{ type: 'ProducerIdsRecord', brokerId: -1, nextProducerId: this.#nextProducerId }]
      : [];
  }
}
