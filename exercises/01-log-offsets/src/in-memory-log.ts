// 1장 파티션 로그와 오프셋 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/log/in-memory-log.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 1장: 메모리 위의 파티션 로그.
 *
 * 레코드를 배열 하나에 차례로 쌓고, 배열의 위치 i에 있는 레코드의 오프셋은 `logStartOffset + i`입니다.
 * 오프셋은 배열 인덱스가 아니라 "이 파티션에서 몇 번째 레코드인가"이므로, 앞부분을 지워도
 * 남은 레코드의 오프셋은 바뀌지 않습니다.
 */
import { todo } from '../../../course/todo.js';
import {
  type AppendResult,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_RECORDS,
  InvalidRecordError,
  type LogRecord,
  OffsetOutOfRangeError,
  type PartitionLog,
  type ReadLimits,
  recordSizeInBytes,
  type StoredRecord,
} from '../../../reference/src/log/partition-log.js';

export class InMemoryPartitionLog implements PartitionLog {
  /** records[0]의 오프셋이 곧 로그 시작 오프셋입니다. */
  #records: StoredRecord[] = [];
  #logStartOffset: number;

  constructor(options: { logStartOffset?: number } = {}) {
    this.#logStartOffset = options.logStartOffset ?? 0;
  }

  get logStartOffset(): number {
    return this.#logStartOffset;
  }

  get logEndOffset(): number {
    // TODO(1장): logEndOffset: 다음 레코드가 받을 오프셋을 돌려주세요.
    //   빈 로그라면 로그 시작 오프셋과 같습니다.
    return todo('logEndOffset: 다음 레코드가 받을 오프셋을 돌려주세요.');
  }

  append(records: readonly LogRecord[]): AppendResult {
    // TODO(1장): append: 레코드마다 로그 끝 오프셋부터 연속된 오프셋을 붙여 저장하세요.
    //   빈 배열이면 InvalidRecordError를 던집니다. 돌려줄 값은 첫 오프셋과 마지막 오프셋입니다.
    return todo('append: 레코드마다 로그 끝 오프셋부터 연속된 오프셋을 붙여 저장하세요.');
  }

  read(offset: number, limits: ReadLimits = {}): StoredRecord[] {
    // TODO(1장): read: offset부터 순서대로, maxRecords개와 maxBytes를 넘지 않게 돌려주세요.
    //   범위 [logStartOffset, logEndOffset] 밖이면 OffsetOutOfRangeError,
    //   로그 끝에서 읽으면 빈 배열, 첫 레코드는 maxBytes보다 커도 돌려줍니다(KIP-74).
    return todo('read: offset부터 순서대로, maxRecords개와 maxBytes를 넘지 않게 돌려주세요.');
  }

  advanceLogStartOffset(offset: number): void {
    // TODO(1장): advanceLogStartOffset: 로그 시작 오프셋을 offset으로 옮기고 그 앞의 레코드를 버리세요.
    //   뒤로는 옮기지 않고(무시), 로그 끝 오프셋보다 크면 OffsetOutOfRangeError를 던집니다.
    return todo('advanceLogStartOffset: 로그 시작 오프셋을 offset으로 옮기고 그 앞의 레코드를 버리세요.');
  }
}
