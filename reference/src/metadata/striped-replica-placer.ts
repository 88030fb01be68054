/**
 * 새 파티션의 복제본을 브로커에 놓습니다 (Kafka `org.apache.kafka.metadata.placement.StripedReplicaPlacer`를 랙 없이).
 * 랙(`broker.rack`)을 보지 않으므로 Kafka의 "랙 목록"은 랙 하나뿐이고, 그 안의 두 줄만 남습니다:
 *
 *   - 펜싱되지 않은 브로커 줄과 펜싱된 브로커 줄. 각 줄은 ID 순으로 정렬한 뒤 무작위 자리에서 시작합니다.
 *   - 파티션마다 첫 복제본(선호 리더)은 펜싱되지 않은 줄에서, 나머지는 같은 줄에서 이어서, 모자라면 펜싱된 줄에서
 *     가져옵니다. 그래서 펜싱된 브로커는 리더가 되지 않고, 복제본이 모자랄 때만 채워집니다.
 *   - 다음 파티션은 두 줄의 시작을 한 칸씩 밀어(striping) 리더를 고르게 나눕니다. 펜싱되지 않은 브로커 수만큼
 *     파티션을 놓았으면 두 줄을 섞어(shuffle), 같은 브로커 짝이 늘 함께 다니지 않게 합니다.
 *
 * 복제 계수가 0 이하, 펜싱되지 않은 브로커가 없음, 복제 계수가 쓸 수 있는 브로커(제어된 종료 중이 아닌 것) 수보다 큼
 * → INVALID_REPLICATION_FACTOR (Kafka의 검사 순서). 난수는 주입합니다: 진짜 노드는 시스템 난수, 시뮬레이터는 씨앗.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { err, ok, type Result } from '../result.js';
import type { Random } from '../runtime/random.js';

/** 복제본을 놓을 수 있는 브로커 (Kafka `UsableBroker`): 제어된 종료 중이 아닌 등록된 브로커 */
export interface UsableBroker {
  readonly id: number;
  readonly fenced: boolean;
}

/** 한 줄의 브로커를 시작 자리를 밀어 가며 돌아봅니다 (Kafka `StripedReplicaPlacer.BrokerList`) */
class BrokerList {
  readonly #brokers: number[] = [];
  /** 이번 파티션(epoch)에서 꺼낸 수 */
  #index = 0;
  /** 꺼낼 자리에 더하는 값 (브로커 수로 나눈 나머지) */
  #offset = 0;
  #epoch = 0;

  add(id: number): void {
    this.#brokers.push(id);
  }

  get size(): number {
    return this.#brokers.length;
  }

  /** ID 순으로 정렬하고, 시작 자리를 무작위로 */
  initialize(random: Random): void {
    if (this.#brokers.length === 0) return;
    this.#brokers.sort((a, b) => a - b);
    this.#offset = random.int(this.#brokers.length);
  }

  /** Java `Collections.shuffle`과 같은 순서로 섞습니다 */
  shuffle(random: Random): void {
    for (let i = this.#brokers.length; i > 1; i--) {
      const j = random.int(i);
      [this.#brokers[i - 1], this.#brokers[j]] = [this.#brokers[j] as number, this.#brokers[i - 1] as number];
    }
  }

  /** 이번 파티션의 다음 브로커, 다 꺼냈으면 -1. 파티션이 바뀌면 처음부터, 시작 자리는 한 칸 밀어서 */
  next(epoch: number): number {
    const n = this.#brokers.length;
    if (n === 0) return -1;
    if (this.#epoch !== epoch) {
      this.#epoch = epoch;
      this.#index = 0;
      this.#offset = (this.#offset + 1) % n;
    }
    if (this.#index >= n) return -1;
    const broker = this.#brokers[(this.#index + this.#offset) % n] as number;
    this.#index++;
    return broker;
  }
}

/**
 * 파티션 `numPartitions`개의 복제본 목록 (첫 번째가 선호 리더). Kafka의 `place`처럼 부를 때마다 새로 시작하므로,
 * CreatePartitions로 늘린 파티션도 같은 규칙으로 놓입니다.
 */
export function placeReplicas(
  brokers: readonly UsableBroker[],
  numPartitions: number,
  replicationFactor: number,
  random: Random,
): Result<{ readonly placements: number[][] }, number> {
  const unfenced = new BrokerList();
  const fenced = new BrokerList();
  for (const b of brokers) (b.fenced ? fenced : unfenced).add(b.id);
  fenced.initialize(random);
  unfenced.initialize(random);
  // Kafka는 여기서 랙 목록의 시작 자리를 뽑습니다. 랙이 하나라 언제나 0이지만, 같은 난수에서 Kafka와 같은 배치가
  // 나오도록 한 번 뽑아 둡니다.
  random.int(1);
  if (replicationFactor <= 0) {
    return err(ErrorCode.INVALID_REPLICATION_FACTOR, `복제 계수 ${replicationFactor}: 1 이상이어야 합니다`);
  }
  if (unfenced.size === 0) {
    return err(ErrorCode.INVALID_REPLICATION_FACTOR, '복제본을 놓을 수 없습니다: 모든 브로커가 펜싱되었습니다');
  }
  if (replicationFactor > brokers.length) {
    return err(
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `복제 계수 ${replicationFactor}는 등록된 브로커 수(${brokers.length})보다 클 수 없습니다`,
    );
  }
  const placements: number[][] = [];
  let epoch = 0;
  for (let p = 0; p < numPartitions; p++) {
    if (epoch === unfenced.size && unfenced.size > 1) {
      fenced.shuffle(random);
      unfenced.shuffle(random);
      epoch = 0;
    }
    const replicas = [unfenced.next(epoch)];
    while (replicas.length < replicationFactor) {
      const next = unfenced.next(epoch);
      replicas.push(next >= 0 ? next : fenced.next(epoch));
    }
    placements.push(replicas);
    epoch++;
  }
  return ok({ placements });
}
