// 12장 실전 패턴 — 해답
// 원본: reference/src/patterns/ranking.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 실시간 상품 랭킹(12장): 클릭 스트림에서 시간 창(window)마다 상품별 클릭 수를 세고, 그 상태를 압축 체인지로그로 지킵니다.
 *
 * 흐름
 *   클릭(키 = 상품 ID, 레코드 타임스탬프 = 클릭 시각) ──▶ `product-clicks` (파티션 P개)
 *   랭킹 컨슈머: 클릭마다 [창 시작, 상품]의 수를 1 올림 ──▶ 바뀐 수를 `ranking-changelog`(cleanup.policy=compact,
 *   키 = `<창 시작>|<상품>`, 같은 파티션 번호)에 씀(acks=all) ──▶ 클릭의 오프셋을 커밋
 *
 * 다시 켜지면
 *   메모리의 집계는 사라집니다. 컨슈머는 맡은 파티션의 체인지로그를 처음부터 끝까지 읽어 키마다 마지막 값으로 되살립니다.
 *   체인지로그는 압축 토픽이라 키마다 마지막 값만 남기고 옛 값은 로그 청소기가 지웁니다. 그래서 클릭이 아무리 많아도
 *   되살릴 양은 [창 × 상품]의 수만큼입니다.
 *
 * 두 번 세지 않기
 *   체인지로그에 쓰고 커밋하기 전에 죽으면, 다음 컨슈머는 같은 클릭을 다시 받습니다. 그래서 체인지로그의 값에는 수와 함께
 *   "이 수에 마지막으로 더한 클릭의 오프셋"을 적습니다. 같은 상품의 클릭은 키가 같아 언제나 같은 파티션에 오므로, 그 오프셋
 *   이하의 클릭은 이미 센 것입니다.
 */
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { failpoint } from '../../../reference/src/patterns/failpoint.js';
import { readPartition } from '../../../reference/src/patterns/read-partition.js';

/** 체인지로그의 값 하나: [창, 상품]의 수와 마지막으로 더한 클릭의 오프셋 */
export interface WindowCount {
  readonly windowStart: number;
  readonly productId: string;
  readonly count: number;
  readonly lastOffset: number;
}

/** 클릭 시각 `timestamp`가 드는 창의 시작 시각. 창은 `windowMs` 길이로 겹치지 않게 이어집니다(텀블링 창). */
export function windowStartOf(timestamp: number, windowMs: number): number {
  return timestamp - (timestamp % windowMs);
}

/** 체인지로그의 키 */
export function countKey(windowStart: number, productId: string): string {
  return `${windowStart}|${productId}`;
}

/** 한 컨슈머가 가진 집계. 입출력 없이 세고, 되살리고, 순위를 냅니다. */
export class RankingState {
  readonly #windowMs: number;
  readonly #counts = new Map<string, WindowCount>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  get size(): number {
    return this.#counts.size;
  }

  /**
   * 클릭 하나(상품, 시각, 클릭 토픽에서의 오프셋)를 셉니다. 바뀐 값(체인지로그에 쓸 것)을 돌려주고, 이미 센 클릭이면
   * (오프셋이 그 키의 lastOffset 이하) 아무것도 바꾸지 않고 undefined를 돌려줍니다.
   */
  apply(productId: string, timestamp: number, offset: number): WindowCount | undefined {
    const windowStart = windowStartOf(timestamp, this.#windowMs);
    const key = countKey(windowStart, productId);
    const current = this.#counts.get(key);
    if (current && offset <= current.lastOffset) return undefined;
    const next = { windowStart, productId, count: (current?.count ?? 0) + 1, lastOffset: offset };
    this.#counts.set(key, next);
    return next;
  }

  /** 체인지로그에서 읽은 값 하나를 되살립니다 (오프셋 순서로 부르므로, 같은 키는 뒤의 값이 앞의 값을 덮습니다). */
  restore(value: WindowCount): void {
    this.#counts.set(countKey(value.windowStart, value.productId), value);
  }

  /** 창 하나의 상위 `n`개: 수가 많은 순, 같으면 상품 ID 순 */
  top(windowStart: number, n: number): WindowCount[] {
    return (
      [...this.#counts.values()]
        .filter((c) => c.windowStart === windowStart)
        // 한 창 안에서 상품 ID는 겹치지 않으므로(키가 [창, 상품]) 같은 ID를 따로 다룰 일이 없습니다
        .sort((a, b) => b.count - a.count || (a.productId < b.productId ? -1 : 1))
        .slice(0, n)
    );
  }

  /** 지금 가진 창들의 시작 시각 (오름차순) */
  windows(): number[] {
    return [...new Set([...this.#counts.values()].map((c) => c.windowStart))].sort((a, b) => a - b);
  }
}

export interface RankingOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly clicksTopic: string;
  readonly changelogTopic: string;
  readonly windowMs: number;
  readonly sessionTimeout?: number;
  readonly log?: (line: string) => void;
  readonly onCrash?: (error: Error) => void;
}

/**
 * 랭킹 컨슈머를 그룹의 한 멤버로 띄웁니다. 배치마다 "세기 → 바뀐 값을 체인지로그에 쓰기(acks=all) → 커밋" 순서이고,
 * 배치가 끝날 때마다 창마다의 상위 3개를 한 줄씩 찍습니다. 리밸런스 때마다 집계를 버리고 체인지로그에서 다시 되살립니다.
 */
export async function startRanking(options: RankingOptions): Promise<{ stop(): Promise<void> }> {
  const { kafka, groupId, clicksTopic, changelogTopic, windowMs, log = () => {} } = options;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId, sessionTimeout: options.sessionTimeout ?? 10_000, maxWaitTimeInMs: 200 });
  await consumer.connect();
  const states = new Map<number, RankingState>();
  consumer.on(consumer.events.GROUP_JOIN, () => states.clear());
  consumer.on(consumer.events.CRASH, ({ payload }) => options.onCrash?.(payload.error));
  await consumer.subscribe({ topic: clicksTopic, fromBeginning: true });

  const stateFor = async (partition: number): Promise<RankingState> => {
    let state = states.get(partition);
    if (!state) {
      state = new RankingState(windowMs);
      for (const m of await readPartition(kafka, admin, changelogTopic, partition)) {
        state.restore(JSON.parse(String(m.value)) as WindowCount);
      }
      log(`partition ${partition}: 체인지로그에서 집계를 되살렸습니다 (키 ${state.size}개)`);
      states.set(partition, state);
    }
    return state;
  };

  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }: EachBatchPayload) => {
      const { partition, messages } = batch;
      if (messages.length === 0) return;
      const state = await stateFor(partition);
      const changed = new Map<string, WindowCount>();
      for (const message of messages) {
        const next = state.apply(String(message.key), Number(message.timestamp), Number(message.offset));
        if (next) changed.set(countKey(next.windowStart, next.productId), next);
      }
      try {
        if (changed.size > 0) {
          await producer.send({
            topic: changelogTopic,
            acks: -1,
            messages: [...changed].map(([key, value]) => ({ key, value: JSON.stringify(value), partition })),
          });
        }
      } catch (error) {
        states.delete(partition);
        throw error;
      }
      failpoint('ranking:after-send'); // 체인지로그에는 썼고 커밋은 아직: 다음 컨슈머가 같은 클릭을 다시 받습니다
      const last = messages[messages.length - 1]?.offset as string;
      await consumer.commitOffsets([{ topic: clicksTopic, partition, offset: String(Number(last) + 1) }]);
      for (const windowStart of state.windows()) {
        const top = state.top(windowStart, 3).map((c) => `${c.productId}:${c.count}`);
        log(`partition ${partition} window ${windowStart} top ${top.join(' ')}`);
      }
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
