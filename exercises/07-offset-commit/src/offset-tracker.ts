// 7장 컨슈머와 오프셋 커밋 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/client/offset-tracker.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 오프셋 추적기(Offset Tracker): 컨슈머 쪽에서 파티션마다 "어디까지 읽었고, 어디까지 커밋했나"를 기억합니다.
 * Java 컨슈머의 `SubscriptionState`(파티션마다 fetch 위치와 커밋된 오프셋, 리셋 전략)를 작게 옮긴 것입니다.
 *
 * 파티션마다 두 값이 있습니다.
 *
 * - 위치(position): **다음에 읽을** 오프셋. 레코드 100을 처리하면 위치는 101입니다.
 *   (Java의 `consumer.position()`, kafkajs의 `resolveOffset(100)`이 기억하는 값 101)
 * - 커밋된 오프셋(committed offset): 그룹 코디네이터에 마지막으로 커밋한 위치. 이것도 "마지막으로 처리한 오프셋"이
 *   아니라 **다음에 읽을 오프셋**입니다. 컨슈머가 다시 켜지면 OffsetFetch로 이 값을 받아 그 자리부터 읽습니다.
 *
 * 커밋이 없으면 OffsetFetch는 -1을 돌려줍니다. 그때(그리고 커밋된 오프셋이 보존 정책으로 이미 지워져 로그 범위
 * 밖일 때) `auto.offset.reset`이 시작 위치를 정합니다: earliest는 로그 시작, latest는 로그 끝(기본값), none은 오류.
 * 로그 시작과 끝은 ListOffsets에 특별한 타임스탬프 -2(earliest)와 -1(latest)를 넣어 묻습니다.
 *
 * kafkajs의 -2와 -1: kafkajs는 이 두 타임스탬프를 `EARLIEST_OFFSET`(-2), `LATEST_OFFSET`(-1)이라 부르고,
 * `admin.resetOffsets()`는 이 값을 **그대로 커밋**합니다. 하지만 컨슈머(Java도, kafkajs도)는 음수인 커밋을 모두
 * "커밋 없음"으로 보고 자기의 리셋 전략(kafkajs는 `subscribe({ fromBeginning })`)을 씁니다. 음수는 위치가 아닙니다.
 *
 * 이 모듈은 입출력이 없습니다. OffsetFetch·ListOffsets·Fetch·OffsetCommit을 보내는 일은 클라이언트가 하고,
 * 그 결과를 여기에 알려 줍니다 (`assign`, `resolve`, `processed`, `markCommitted`).
 */
import { todo } from '../../../course/todo.js';
import { josa } from '../../../reference/src/server/josa.js';

/** `auto.offset.reset`. Java의 기본값은 latest, kafkajs는 `fromBeginning: false`(latest)가 기본입니다. */
export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

/** OffsetFetch가 "이 파티션에는 커밋이 없다"고 답할 때의 오프셋 */
export const NO_COMMITTED_OFFSET = -1;
/** ListOffsets의 특별한 타임스탬프: 로그 시작 오프셋을 물을 때 (kafkajs의 EARLIEST_OFFSET) */
export const EARLIEST_TIMESTAMP = -2;
/** ListOffsets의 특별한 타임스탬프: 로그 끝 오프셋을 물을 때 (kafkajs의 LATEST_OFFSET) */
export const LATEST_TIMESTAMP = -1;

/** ListOffsets로 알아낸 파티션의 범위: [logStartOffset, logEndOffset] */
export interface OffsetRange {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** `auto.offset.reset=none`인데 시작 위치를 정할 수 없을 때 (Java의 NoOffsetForPartitionException) */
export class NoOffsetForPartitionError extends Error {
  override name = 'NoOffsetForPartitionError';
  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {
    super(`${topic}-${partition}: 커밋된 오프셋이 없고(또는 범위 밖이고) auto.offset.reset=none입니다`);
  }
}

interface PartitionState {
  /** 커밋된 오프셋. 커밋이 없으면 NO_COMMITTED_OFFSET(-1) */
  committed: number;
  /** 다음에 읽을 오프셋. 아직 정하지 않았으면(resolve 전) null */
  position: number | null;
}

const keyOf = (topic: string, partition: number) => `${topic}\0${partition}`;

export class OffsetTracker {
  readonly #partitions = new Map<string, { topic: string; partition: number; state: PartitionState }>();

  constructor(readonly autoOffsetReset: AutoOffsetReset = 'latest') {}

  /**
   * 파티션을 맡습니다. `committed`는 OffsetFetch가 돌려준 값입니다. 음수(-1: 커밋 없음, kafkajs가 쓴 -2/-1)는
   * 모두 "커밋 없음"으로 기억합니다. 위치는 아직 모릅니다: `resolve`로 정하세요.
   */
  assign(topic: string, partition: number, committed: number = NO_COMMITTED_OFFSET): void {
    this.#partitions.set(keyOf(topic, partition), {
      topic,
      partition,
      state: { committed: committed >= 0 ? committed : NO_COMMITTED_OFFSET, position: null },
    });
  }

  /** 시작 위치를 아직 정하지 않은 파티션들: 이 파티션들의 범위를 ListOffsets로 물어 `resolve`에 넘깁니다. */
  needsPosition(): { topic: string; partition: number }[] {
    return [...this.#partitions.values()]
      .filter((p) => p.state.position === null)
      .map(({ topic, partition }) => ({ topic, partition }));
  }

  /**
   * 시작 위치를 정하고 돌려줍니다. 커밋된 오프셋이 있고 로그 범위 안이면 그 자리, 아니면 `auto.offset.reset`.
   */
  resolve(topic: string, partition: number, range: OffsetRange): number {
    // TODO(7장): resolve: 커밋된 오프셋이 있고 [logStartOffset, logEndOffset] 안이면 그 자리가 시작 위치입니다.
    //   커밋이 없거나(-1) 범위 밖이면(보존 정책이 지웠으면) this.autoOffsetReset을 따릅니다:
    //   earliest → 로그 시작, latest → 로그 끝, none → NoOffsetForPartitionError. 정한 위치를 state.position에 적고 돌려주세요.
    return todo('resolve: 커밋된 오프셋이 있고 [logStartOffset, logEndOffset] 안이면 그 자리가 시작 위치입니다.');
  }

  /** 다음에 읽을 오프셋. 아직 정하지 않았으면 undefined */
  position(topic: string, partition: number): number | undefined {
    return this.#state(topic, partition).position ?? undefined;
  }

  /** 커밋된 오프셋. 없으면 -1 */
  committed(topic: string, partition: number): number {
    return this.#state(topic, partition).committed;
  }

  /**
   * 레코드 하나를 처리했습니다 (kafkajs의 `resolveOffset`). 위치가 그 다음 오프셋으로 옮겨 갑니다.
   */
  processed(topic: string, partition: number, offset: number): void {
    // TODO(7장): processed: offset의 레코드를 처리했으니 위치를 "다음에 읽을 오프셋"으로 옮기세요.
    //   위치는 마지막으로 처리한 오프셋이 아니라 그 다음입니다. 레코드 100을 처리하면 위치는 101입니다.
    return todo('processed: offset의 레코드를 처리했으니 위치를 "다음에 읽을 오프셋"으로 옮기세요.');
  }

  /** 위치를 옮깁니다 (Java의 `seek`, kafkajs의 `consumer.seek`). 되감아 다시 처리할 때 씁니다. */
  seek(topic: string, partition: number, offset: number): void {
    if (!Number.isInteger(offset) || offset < 0)
      throw new RangeError(`seek할 오프셋은 0 이상의 정수여야 합니다: ${offset}`);
    this.#state(topic, partition).position = offset;
  }

  /**
   * 지금 커밋할 것: 위치가 정해져 있고 커밋된 오프셋과 다른 파티션마다 { 토픽, 파티션, 위치 }.
   * 커밋하는 값은 위치(다음에 읽을 오프셋) 그대로입니다. 커밋이 성공하면 `markCommitted`를 부르세요.
   */
  commitable(): TopicPartitionOffset[] {
    // TODO(7장): commitable: 위치가 정해졌고(null이 아니고) 커밋된 오프셋과 다른 파티션마다 { topic, partition, offset: 위치 }를 돌려주세요.
    //   위치가 곧 "다음에 읽을 오프셋"이므로 1을 더하거나 빼지 않습니다. 바뀐 것이 없으면 빈 배열입니다.
    return todo(
      'commitable: 위치가 정해졌고(null이 아니고) 커밋된 오프셋과 다른 파티션마다 { topic, partition, offset: 위치 }를 돌려주세요.',
    );
  }

  /** 커밋이 성공했습니다: 그 값들이 이제 커밋된 오프셋입니다. */
  markCommitted(offsets: readonly TopicPartitionOffset[]): void {
    for (const { topic, partition, offset } of offsets) this.#state(topic, partition).committed = offset;
  }

  /**
   * 랙(Lag): 로그 끝 오프셋까지 아직 처리하지 않은 레코드 수. `kafka-consumer-groups.sh --describe`처럼 커밋된
   * 오프셋으로 셉니다. 커밋이 없으면 위치로, 위치도 모르면 undefined(도구는 "-"로 보여 줍니다).
   */
  lag(topic: string, partition: number, logEndOffset: number): number | undefined {
    // TODO(7장): lag: 커밋된 오프셋이 있으면 logEndOffset - 커밋된 오프셋, 없으면 logEndOffset - 위치를 돌려주세요.
    //   둘 다 없으면 undefined입니다. 커밋된 오프셋은 "다음에 읽을 오프셋"이라 1을 더하거나 빼지 않습니다.
    return todo('lag: 커밋된 오프셋이 있으면 logEndOffset - 커밋된 오프셋, 없으면 logEndOffset - 위치를 돌려주세요.');
  }

  #state(topic: string, partition: number): PartitionState {
    const entry = this.#partitions.get(keyOf(topic, partition));
    if (!entry)
      throw new Error(`${josa(`${topic}-${partition}`, '은/는')} 이 컨슈머가 맡은 파티션이 아닙니다 (assign 먼저)`);
    return entry.state;
  }
}
