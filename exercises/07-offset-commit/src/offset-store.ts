// 7장 컨슈머와 오프셋 커밋 — 연습 문제: TODO가 적힌 곳을 채우세요. 테스트(test/)는 고치지 마세요.
// 원본: reference/src/group/offset-store.ts (npm run course:sync가 이 파일을 만듭니다)
/**
 * 커밋된 오프셋(Committed Offset) 저장소: 그룹마다, 파티션마다 "다음에 읽을 오프셋"을 기억합니다.
 *
 * 커밋된 오프셋은 마지막으로 처리한 레코드의 오프셋이 아니라 **다음에 읽을 오프셋**입니다. 오프셋 100까지
 * 처리한 컨슈머는 101을 커밋하고, 다시 시작하면 101부터 읽습니다. 커밋은 "여기서부터 다시 시작"할 좌표입니다.
 *
 * 이 클래스는 메모리 위의 상태만 다룹니다. 커밋은 `__consumer_offsets`에 쓸 레코드를 돌려주고, 부르는 쪽이
 * 그 레코드를 로그에 쓴 다음 `replay`로 적용합니다. 다시 켜질 때도 같은 `replay`로 로그를 읽어 되살립니다.
 */
import { todo } from '../../../course/todo.js';
import { type OffsetCommitValue, type OffsetsRecord, offsetCommitRecord } from './offsets-topic.js';

export interface CommittedOffset {
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
}

export interface OffsetRecordToWrite {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

const partitionKey = (topic: string, partition: number) => `${topic}\0${partition}`;

export class OffsetStore {
  readonly #groups = new Map<string, Map<string, CommittedOffset & { topic: string; partition: number }>>();

  /** `__consumer_offsets`의 레코드 하나를 적용합니다 (커밋 직후, 그리고 다시 켜질 때). */
  replay(record: OffsetsRecord): void {
    // TODO(7장): replay: `__consumer_offsets`의 레코드 하나를 메모리(this.#groups)에 적용하세요.
    //   오프셋 레코드는 키(그룹, 토픽, 파티션)마다 마지막 값이 이깁니다: 값이 있으면 toCommitted(record.value)로 덮어쓰고,
    //   값이 null(툼스톤)이면 그 파티션의 오프셋을 지웁니다. 그룹 레코드가 deleted면 그룹을 통째로 지웁니다.
    //   오프셋이 하나도 남지 않은 그룹은 this.#groups에서 빼세요(hasOffsets, groups가 그 그룹을 모르게).
    return todo('replay: `__consumer_offsets`의 레코드 하나를 메모리(this.#groups)에 적용하세요.');
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.#groups.get(group)?.get(partitionKey(topic, partition));
  }

  /** 그룹이 커밋한 모든 파티션 */
  all(group: string): { topic: string; partition: number; committed: CommittedOffset }[] {
    return [...(this.#groups.get(group)?.values() ?? [])].map(({ topic, partition, ...committed }) => ({
      topic,
      partition,
      committed,
    }));
  }

  hasOffsets(group: string): boolean {
    return this.#groups.has(group);
  }

  groups(): string[] {
    return [...this.#groups.keys()];
  }

  /** 커밋을 로그에 쓸 레코드로 바꿉니다. */
  commitRecords(
    group: string,
    commits: readonly { topic: string; partition: number; committed: CommittedOffset }[],
  ): OffsetRecordToWrite[] {
    return commits.map((c) => offsetCommitRecord(group, c.topic, c.partition, c.committed));
  }

  /** 그룹의 오프셋을 모두 지우는 툼스톤들 (DeleteGroups) */
  deleteRecords(group: string): OffsetRecordToWrite[] {
    return this.all(group).map((o) => offsetCommitRecord(group, o.topic, o.partition, null));
  }

  /**
   * 보존 기간(`offsets.retention.minutes`)이 지난 오프셋의 툼스톤. 멤버가 있는 그룹의 오프셋은 지우지 않습니다
   * (`isEmpty`가 참인 그룹만): 컨슈머가 살아 있는 동안 오프셋이 사라지면 처음부터 다시 읽게 되니까요.
   */
  expiredRecords(
    now: number,
    retentionMs: number,
    isEmpty: (group: string) => boolean,
  ): Map<string, OffsetRecordToWrite[]> {
    // TODO(7장): expiredRecords: 멤버가 없는 그룹(isEmpty가 참)에서 commitTimestamp + retentionMs <= now인 오프셋마다
    //   툼스톤 레코드(offsetCommitRecord(그룹, 토픽, 파티션, null))를 만들어 그룹별로 모아 돌려주세요.
    //   멤버가 있는 그룹의 오프셋은 아무리 오래되어도 지우지 않습니다. 지울 것이 없는 그룹은 Map에 넣지 않습니다.
    return todo('expiredRecords: 멤버가 없는 그룹(isEmpty가 참)에서 commitTimestamp + retentionMs <= now인 오프셋마다');
  }
}

function toCommitted(value: OffsetCommitValue): CommittedOffset {
  return {
    offset: value.offset,
    leaderEpoch: value.leaderEpoch,
    metadata: value.metadata,
    commitTimestamp: value.commitTimestamp,
  };
}
