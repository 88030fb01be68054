/**
 * 선착순 쿠폰 발급기(12장): 사용자마다 쿠폰은 하나, 모두 합쳐 재고보다 많이 주지 않습니다.
 *
 * 흐름
 *   클라이언트 ── 요청(키 = 사용자 ID) ──▶ `coupon-requests` (파티션 P개)
 *   발급기(컨슈머 그룹) ── 발급 기록(키 = 사용자 ID, 같은 파티션 번호) ──▶ `coupon-issued` (파티션 P개) ── 커밋
 *
 * 지키는 방법
 *   - 같은 사용자의 요청은 키가 같아 언제나 같은 파티션에 들어가고, 한 파티션은 그룹 안에서 한 컨슈머만 읽습니다.
 *     그래서 "이 사용자가 이미 받았나"를 그 파티션의 주인 혼자 판단할 수 있습니다. 잠금도, 공유 DB도 필요 없습니다.
 *   - 재고는 파티션마다 몫(quota)으로 나눕니다. 몫의 합이 재고이니 파티션들이 서로 묻지 않아도 합계는 재고를 넘지
 *     않습니다. 대가: 한 파티션의 몫이 먼저 떨어지면, 다른 파티션에 몫이 남아 있어도 그 파티션의 사용자는 못 받습니다.
 *   - 판단의 근거(장부)는 메모리가 아니라 `coupon-issued`의 같은 번호 파티션입니다. 발급기는 파티션을 맡으면 그
 *     파티션을 처음부터 끝까지 읽어 장부를 되살리고, 요청을 판단해 발급 기록을 acks=all 멱등 프로듀서로 쓴 **뒤에**
 *     요청의 오프셋을 커밋합니다. 쓰고 커밋하기 전에 죽으면 같은 요청이 다시 오지만, 되살린 장부에 이미 있으니
 *     다시 발급하지 않습니다.
 */
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { failpoint } from './failpoint.js';
import { readPartition } from './read-partition.js';

/** 클라이언트가 보내는 요청. 같은 요청을 다시 보내면(재시도) requestId가 같습니다. */
export interface CouponRequest {
  readonly requestId: string;
  readonly userId: string;
}

/** `coupon-issued`에 쓰는 발급 기록 */
export interface IssuedCoupon {
  readonly userId: string;
  readonly requestId: string;
  /** `<파티션>-<그 파티션에서 몇 번째>`: 파티션 안에서 1부터 빈틈없이 붙습니다 */
  readonly couponId: string;
}

export type CouponDecision =
  | { readonly kind: 'issued'; readonly coupon: IssuedCoupon }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'sold-out' };

/**
 * 재고 `stock`을 파티션 `partitions`개에 나눌 때 `partition`의 몫. 몫의 합은 정확히 stock이고,
 * 두 파티션의 몫은 많아야 1 차이입니다 (나머지는 앞 번호 파티션이 하나씩 더 가집니다).
 */
export function couponQuota(stock: number, partitions: number, partition: number): number {
  // @exercise(12) couponQuota: 재고를 파티션마다 나눈 몫을 돌려주세요.
  //   몫의 합이 stock이어야 하고, 나머지(stock % partitions)는 앞 번호 파티션부터 하나씩 더 가집니다.
  const base = Math.floor(stock / partitions);
  return base + (partition < stock % partitions ? 1 : 0);
  // @end
}

/** 파티션 하나의 장부: 그 파티션에서 쿠폰을 받은 사용자와 남은 몫. 입출력 없이 판단만 합니다. */
export class CouponLedger {
  readonly #partition: number;
  readonly #quota: number;
  readonly #issued = new Set<string>();

  constructor(partition: number, quota: number) {
    this.#partition = partition;
    this.#quota = quota;
  }

  /** 이 파티션에서 발급한 쿠폰 수 */
  get issuedCount(): number {
    return this.#issued.size;
  }

  /** `coupon-issued`에서 읽은 발급 기록 하나를 장부에 되살립니다 (파티션을 맡을 때, 오프셋 순서대로). */
  restore(coupon: IssuedCoupon): void {
    // @exercise(12) restore: 이미 쓰인 발급 기록을 장부에 되살리세요.
    //   되살린 사용자는 다시 받지 못하고, 되살린 기록만큼 몫이 줄어야 합니다.
    this.#issued.add(coupon.userId);
    // @end
  }

  /** 요청 하나를 판단합니다. 발급이면 장부에도 적습니다 (발급 기록을 쓰기 전에 부르고, 쓰기가 실패하면 장부를 버립니다). */
  decide(request: CouponRequest): CouponDecision {
    // @exercise(12) decide: 이미 받은 사용자면 duplicate, 몫을 다 썼으면 sold-out, 아니면 발급하고 장부에 적으세요.
    //   couponId는 `<파티션>-<이 파티션에서 몇 번째 발급인지(1부터)>`입니다.
    if (this.#issued.has(request.userId)) return { kind: 'duplicate' };
    if (this.#issued.size >= this.#quota) return { kind: 'sold-out' };
    this.#issued.add(request.userId);
    const coupon = {
      userId: request.userId,
      requestId: request.requestId,
      couponId: `${this.#partition}-${this.#issued.size}`,
    };
    return { kind: 'issued', coupon };
    // @end
  }
}

export interface CouponIssuerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly requestsTopic: string;
  readonly issuedTopic: string;
  readonly stock: number;
  readonly sessionTimeout?: number;
  /** 판단마다 한 줄씩 (시험과 강의의 출력) */
  readonly log?: (line: string) => void;
  /** 컨슈머가 다시 일어서지 못하는 오류로 멈출 때 (판단 코드의 예외도 여기로 옵니다) */
  readonly onCrash?: (error: Error) => void;
}

export interface RunningIssuer {
  stop(): Promise<void>;
}

/**
 * 발급기를 컨슈머 그룹의 한 멤버로 띄웁니다. 자동 커밋을 끄고, 배치마다 "판단 → 발급 기록 쓰기(acks=all) → 커밋"
 * 순서로 일합니다. 리밸런스 때마다 장부를 버리고, 맡은 파티션의 첫 배치 전에 `coupon-issued`에서 다시 되살립니다.
 */
export async function startCouponIssuer(options: CouponIssuerOptions): Promise<RunningIssuer> {
  const { kafka, groupId, requestsTopic, issuedTopic, stock, log = () => {} } = options;
  const admin = kafka.admin();
  await admin.connect();
  const partitions = (await admin.fetchTopicOffsets(requestsTopic)).length;
  // 멱등 프로듀서: 재시도가 발급 기록을 겹쳐 쓰지 않게 합니다 (5장). 멱등이면 acks는 all이어야 합니다.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId, sessionTimeout: options.sessionTimeout ?? 10_000, maxWaitTimeInMs: 200 });
  await consumer.connect();
  const ledgers = new Map<number, CouponLedger>();
  // 리밸런스: 내가 맡지 않던 사이에 다른 멤버가 발급했을 수 있으니 장부를 모두 버립니다.
  consumer.on(consumer.events.GROUP_JOIN, () => ledgers.clear());
  consumer.on(consumer.events.CRASH, ({ payload }) => options.onCrash?.(payload.error));
  await consumer.subscribe({ topic: requestsTopic, fromBeginning: true });

  const ledgerFor = async (partition: number): Promise<CouponLedger> => {
    let ledger = ledgers.get(partition);
    if (!ledger) {
      ledger = new CouponLedger(partition, couponQuota(stock, partitions, partition));
      for (const m of await readPartition(kafka, admin, issuedTopic, partition)) {
        ledger.restore(JSON.parse(String(m.value)) as IssuedCoupon);
      }
      log(`partition ${partition}: 장부를 되살렸습니다 (발급 ${ledger.issuedCount}개)`);
      ledgers.set(partition, ledger);
    }
    return ledger;
  };

  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }: EachBatchPayload) => {
      const { partition, messages } = batch;
      if (messages.length === 0) return;
      const ledger = await ledgerFor(partition);
      const issued: IssuedCoupon[] = [];
      for (const message of messages) {
        const request = JSON.parse(String(message.value)) as CouponRequest;
        const decision = ledger.decide(request);
        if (decision.kind === 'issued') issued.push(decision.coupon);
        log(`partition ${partition} offset ${message.offset} ${request.userId}: ${decision.kind}`);
      }
      try {
        if (issued.length > 0) {
          await producer.send({
            topic: issuedTopic,
            acks: -1,
            messages: issued.map((c) => ({ key: c.userId, value: JSON.stringify(c), partition })),
          });
        }
      } catch (error) {
        ledgers.delete(partition); // 장부가 쓰인 기록보다 앞서 있으니 버리고, 다음에 다시 되살립니다
        throw error;
      }
      failpoint('coupon:after-send'); // 발급 기록은 썼고 커밋은 아직: 다음 주인이 같은 요청을 다시 받습니다
      const last = messages[messages.length - 1]?.offset as string;
      await consumer.commitOffsets([{ topic: requestsTopic, partition, offset: String(Number(last) + 1) }]);
    },
  });

  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}
