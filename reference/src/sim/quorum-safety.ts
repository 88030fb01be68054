/**
 * 시뮬레이션의 매 걸음마다 지키는 안전성(safety). 하나라도 깨지면 `SafetyViolation`을 던지고, 시뮬레이터는 그
 * 씨앗으로 다시 돌리는 명령을 찍습니다. 이름은 Kafka `RaftEventSimulationTest`의 불변식을 따릅니다:
 *
 * - SingleLeader: 한 에포크에 리더는 하나뿐입니다. 어느 노드가 믿는 (에포크, 리더)도 서로 같아야 합니다.
 * - VoteOncePerEpoch: 한 노드는 한 에포크에 한 후보에게만 (진짜) 표를 줍니다. 죽었다 살아나도.
 * - MonotonicEpoch: 노드의 에포크는 줄지 않습니다. 죽었다 살아나도 (quorum-state를 fsync하니까요).
 * - MonotonicHighWatermark: 노드의 하이 워터마크는 (한 번 켜져 있는 동안) 줄지 않습니다.
 * - LogMatching: 같은 (오프셋, 에포크)의 레코드는 어느 노드에서나 같습니다.
 * - ConsistentCommittedData: 커밋된 레코드(어느 노드의 하이 워터마크 아래)는 바뀌지도 사라지지도 않습니다.
 * - LeaderCompleteness: 새로 뽑힌 리더의 로그에는 그때까지 커밋된 레코드가 모두 있습니다.
 * - ConsistentApply: 모든 노드가 커밋된 레코드를 같은 순서로 (빠짐없이) 적용합니다. 스냅숏은 그 접두사와 같습니다.
 */
import type { KafkaRaftClient } from '../raft/kafka-raft-client.js';
import type { LogEntry } from '../raft/types.js';
import type { GroupInvariantName } from './group-safety.js';
import type { MetadataInvariantName } from './metadata-safety.js';
import type { TransactionInvariantName } from './transaction-safety.js';

export type InvariantName =
  | 'SingleLeader'
  | 'VoteOncePerEpoch'
  | 'MonotonicEpoch'
  | 'MonotonicHighWatermark'
  | 'LogMatching'
  | 'ConsistentCommittedData'
  | 'LeaderCompleteness'
  | 'ConsistentApply';

export class SafetyViolation extends Error {
  constructor(
    readonly invariant: InvariantName | MetadataInvariantName | GroupInvariantName | TransactionInvariantName,
    detail: string,
  ) {
    super(`${invariant}: ${detail}`);
    this.name = 'SafetyViolation';
  }
}

/** 레코드를 비교하기 위한 열쇠 */
function keyOf<T>(entry: LogEntry<T>): string {
  const r = entry.record;
  return `${entry.epoch}:${r.type === 'data' ? `d${JSON.stringify(r.data)}` : `L${r.leaderId}`}`;
}

interface NodeTrack {
  incarnation: number;
  highWatermark: number;
  /** LogMatching을 확인한 로그 끝 */
  seenUpTo: number;
  /** 이 노드가 리더로서 LeaderCompleteness를 확인받은 에포크 */
  checkedLeaderEpoch: number;
}

export class SafetyChecker {
  /** 커밋된 로그: committed[offset] = 열쇠 */
  readonly #committed: string[] = [];
  /** 커밋된 데이터 레코드의 (오프셋, 값), 오프셋 순 */
  readonly #committedData: { offset: number; value: unknown }[] = [];
  readonly #leaders = new Map<number, number>();
  readonly #votes = new Map<string, number>();
  readonly #epochs = new Map<number, number>();
  readonly #entries = new Map<string, string>();
  readonly #tracks = new Map<number, NodeTrack>();
  /** 검사 횟수 (보고용) */
  checks = 0;

  /** 커밋된 로그의 끝 */
  get committedEnd(): number {
    return this.#committed.length;
  }

  /** 커밋된 데이터 값들 (오프셋 순) */
  committedValues(): unknown[] {
    return this.#committedData.map((d) => d.value);
  }

  /** 노드가 지워진 디스크로 다시 시작합니다 (`killAndDeletePersistentState`): 그 노드의 기억을 지웁니다. */
  forgetNode(nodeId: number): void {
    this.#epochs.delete(nodeId);
    for (const key of [...this.#votes.keys()]) if (key.startsWith(`${nodeId}@`)) this.#votes.delete(key);
  }

  /** 투표 응답을 보냈습니다 (진짜 투표만 셉니다). */
  onVoteGranted(voterId: number, epoch: number, candidateId: number): void {
    const key = `${voterId}@${epoch}`;
    const previous = this.#votes.get(key);
    if (previous !== undefined && previous !== candidateId) {
      throw new SafetyViolation(
        'VoteOncePerEpoch',
        `노드 ${voterId}가 에포크 ${epoch}에 ${previous}와 ${candidateId} 둘에게 표를 줬습니다`,
      );
    }
    this.#votes.set(key, candidateId);
  }

  /** 응용이 커밋된 레코드를 적용했습니다. */
  onApply<T>(nodeId: number, entries: readonly LogEntry<T>[]): void {
    for (const entry of entries) this.#commit(nodeId, entry, 'ConsistentApply');
  }

  /** 응용이 스냅숏을 불러왔습니다: 그 내용은 커밋된 데이터 값의 접두사와 같아야 합니다. */
  onLoadSnapshot(nodeId: number, endOffset: number, values: readonly unknown[]): void {
    const expected = this.#committedData.filter((d) => d.offset < endOffset).map((d) => d.value);
    if (endOffset > this.committedEnd || JSON.stringify(expected) !== JSON.stringify(values)) {
      throw new SafetyViolation(
        'ConsistentApply',
        `노드 ${nodeId}의 스냅숏(끝 ${endOffset}, 값 ${values.length}개)이 커밋된 로그(끝 ${this.committedEnd})와 다릅니다`,
      );
    }
  }

  /** 한 걸음이 끝날 때마다, 켜져 있는 노드 모두를 봅니다. */
  check<T>(nodes: readonly { id: number; incarnation: number; client: KafkaRaftClient<T> }[]): void {
    this.checks++;
    for (const { id, incarnation, client } of nodes) {
      let track = this.#tracks.get(id);
      if (!track || track.incarnation !== incarnation) {
        track = { incarnation, highWatermark: -1, seenUpTo: client.logStartOffset, checkedLeaderEpoch: -1 };
        this.#tracks.set(id, track);
      }
      this.#checkElection(id, client);
      this.#checkLog(id, client, track);
      this.#checkHighWatermark(id, client, track);
      if (client.state.name === 'Leader' && track.checkedLeaderEpoch !== client.epoch) {
        this.#checkLeaderCompleteness(id, client);
        track.checkedLeaderEpoch = client.epoch;
      }
    }
  }

  #checkElection<T>(id: number, client: KafkaRaftClient<T>): void {
    const previousEpoch = this.#epochs.get(id) ?? 0;
    if (client.epoch < previousEpoch) {
      throw new SafetyViolation(
        'MonotonicEpoch',
        `노드 ${id}의 에포크가 ${previousEpoch}에서 ${client.epoch}로 줄었습니다`,
      );
    }
    this.#epochs.set(id, client.epoch);
    const leaderId = client.leaderId;
    if (leaderId === null) return;
    const known = this.#leaders.get(client.epoch);
    if (known === undefined) this.#leaders.set(client.epoch, leaderId);
    else if (known !== leaderId) {
      throw new SafetyViolation(
        'SingleLeader',
        `에포크 ${client.epoch}의 리더가 ${known}와 ${leaderId} 둘입니다 (노드 ${id}가 본 것)`,
      );
    }
  }

  #checkLog<T>(id: number, client: KafkaRaftClient<T>, track: NodeTrack): void {
    const end = client.logEndOffset;
    // 잘려 나갔으면 잘린 자리부터, 스냅숏으로 시작이 옮겨졌으면 새 시작부터 다시 봅니다.
    track.seenUpTo = Math.max(client.logStartOffset, Math.min(track.seenUpTo, end));
    for (const entry of client.entries(track.seenUpTo, end)) {
      const slot = `${entry.offset}:${entry.epoch}`;
      const key = keyOf(entry);
      const known = this.#entries.get(slot);
      if (known === undefined) this.#entries.set(slot, key);
      else if (known !== key) {
        throw new SafetyViolation(
          'LogMatching',
          `오프셋 ${entry.offset} 에포크 ${entry.epoch}의 레코드가 둘입니다 (노드 ${id})`,
        );
      }
    }
    track.seenUpTo = end;
  }

  #checkHighWatermark<T>(id: number, client: KafkaRaftClient<T>, track: NodeTrack): void {
    const hw = client.highWatermark;
    if (hw === null) return;
    if (hw < track.highWatermark) {
      throw new SafetyViolation(
        'MonotonicHighWatermark',
        `노드 ${id}의 하이 워터마크가 ${track.highWatermark}에서 ${hw}로 줄었습니다`,
      );
    }
    const from = Math.max(track.highWatermark, client.logStartOffset, 0);
    for (const entry of client.entries(from, Math.min(hw, client.logEndOffset))) {
      this.#commit(id, entry, 'ConsistentCommittedData');
    }
    track.highWatermark = hw;
  }

  /** 새 리더는 커밋된 레코드를 모두 갖고 있어야 합니다 (Raft 논문 §5.4 Leader Completeness). */
  #checkLeaderCompleteness<T>(id: number, client: KafkaRaftClient<T>): void {
    if (client.logEndOffset < this.committedEnd) {
      throw new SafetyViolation(
        'LeaderCompleteness',
        `에포크 ${client.epoch}의 리더 ${id}의 로그 끝 ${client.logEndOffset}이 커밋된 끝 ${this.committedEnd}보다 앞입니다`,
      );
    }
    for (const entry of client.entries(client.logStartOffset, this.committedEnd)) {
      if (this.#committed[entry.offset] !== keyOf(entry)) {
        throw new SafetyViolation(
          'LeaderCompleteness',
          `에포크 ${client.epoch}의 리더 ${id}가 커밋된 오프셋 ${entry.offset}의 레코드를 갖고 있지 않습니다`,
        );
      }
    }
  }

  #commit<T>(nodeId: number, entry: LogEntry<T>, invariant: InvariantName): void {
    const key = keyOf(entry);
    const known = this.#committed[entry.offset];
    if (known === undefined) {
      if (entry.offset !== this.#committed.length) {
        throw new SafetyViolation(
          invariant,
          `노드 ${nodeId}가 커밋된 끝 ${this.#committed.length}를 건너뛰고 ${entry.offset}을 커밋했습니다`,
        );
      }
      this.#committed.push(key);
      if (entry.record.type === 'data') this.#committedData.push({ offset: entry.offset, value: entry.record.data });
    } else if (known !== key) {
      throw new SafetyViolation(
        invariant,
        `커밋된 오프셋 ${entry.offset}의 레코드가 바뀌었습니다: ${known} → ${key} (노드 ${nodeId})`,
      );
    }
  }
}
