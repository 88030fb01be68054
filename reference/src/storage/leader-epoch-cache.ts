/**
 * 리더 에포크 캐시(Leader Epoch Cache): "에포크 E의 리더는 오프셋 S부터 썼다"는 항목들. Kafka
 * `LeaderEpochFileCache`와 파티션 디렉터리의 `leader-epoch-checkpoint` 파일 (`LeaderEpochCheckpointFile`).
 *
 *     0        ← 형식 버전
 *     2        ← 항목 수
 *     0 0      ← 에포크 시작오프셋
 *     3 120
 *
 * 팔로워는 Fetch에 자기 로그의 마지막 에포크(lastFetchedEpoch)를 싣고, 리더는 이 캐시로 그 에포크가 자기 로그에서
 * 어디서 끝나는지(`endOffsetFor`) 답합니다. 두 로그가 갈라진 자리를 오프셋만이 아니라 에포크로 찾기 때문에, 하이
 * 워터마크로 자르던 옛 방식이 잃던 레코드를 잃지 않습니다 (KIP-101). 항목은 에포크도 시작 오프셋도 늘어나는
 * 순서입니다: 새 항목이 그 규칙을 깨면 깨는 옛 항목을 지웁니다.
 *
 * 바뀔 때마다 파일을 원자적으로 다시 씁니다 (Kafka는 assign만 곧바로, 잘라 내기는 나중에 씀). 파일이 없거나 깨졌으면
 * 로그의 배치 헤더에서 다시 만듭니다: 배치마다 그 배치를 쓴 리더의 에포크(partitionLeaderEpoch)가 적혀 있으니까요
 * (Kafka는 깨진 체크포인트를 로그 디렉터리 오류로 다룹니다).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { OffsetAndEpoch } from '../raft/types.js';
import { type EpochEntry, endOffsetForEpoch } from '../replication/decisions.js';
import { formatCheckpoint, parseCheckpoint, parseInteger } from './checkpoint.js';
import { atomicWriteFile } from './file-io.js';

export type { EpochEntry };

export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';

export class LeaderEpochFileCache {
  /** 에포크 순 (시작 오프셋도 같은 순서) */
  #epochs: EpochEntry[];
  /** 바뀔 때마다 쓸 파일. null이면 메모리에만 둡니다 (복제하지 않는 로그: `UnifiedLog.startReplication` 전). */
  #file: string | null = null;

  constructor(entries: readonly EpochEntry[] = []) {
    this.#epochs = [];
    for (const entry of entries) this.#assign(entry);
  }

  /** 이제부터 `file`에 씁니다 (지금 내용부터). Kafka `withCheckpoint`. */
  persistTo(file: string): void {
    this.#file = file;
    this.#write();
  }

  entries(): readonly EpochEntry[] {
    return this.#epochs;
  }

  latestEntry(): EpochEntry | undefined {
    return this.#epochs.at(-1);
  }

  /** 가장 최근 에포크 (팔로워가 Fetch의 lastFetchedEpoch로 보내는 값). 없으면 null. */
  get latestEpoch(): number | null {
    return this.latestEntry()?.epoch ?? null;
  }

  /**
   * 에포크 `epoch`가 `startOffset`부터 시작했다고 적습니다. Kafka `LeaderEpochFileCache.assign`: 마지막 항목과 같은
   * 에포크이고 시작이 앞당겨지지 않으면 할 일이 없습니다. 단조성을 깨는 뒤쪽 항목(에포크가 같거나 크거나, 시작이
   * 같거나 뒤인 것)은 지웁니다: 리더가 바뀐 직후 아무것도 쓰지 못하고 물러난 옛 리더의 항목 같은 것입니다.
   */
  assign(epoch: number, startOffset: number): void {
    if (this.#assign({ epoch, startOffset })) this.#write();
  }

  /** 어떤 에포크가 요청한 에포크의 끝인가 (`../replication/decisions.ts`의 `endOffsetForEpoch`) */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): OffsetAndEpoch {
    return endOffsetForEpoch(this.#epochs, requestedEpoch, logEndOffset);
  }

  /** 시작 오프셋이 `endOffset` 이상인 항목을 지웁니다 (로그를 뒤에서 잘라 낼 때). Kafka `truncateFromEnd`. */
  truncateFromEnd(endOffset: number): void {
    const kept = this.#epochs.filter((e) => e.startOffset < endOffset);
    if (kept.length === this.#epochs.length) return;
    this.#epochs = kept;
    this.#write();
  }

  /**
   * 로그 시작이 `startOffset`으로 옮겨졌을 때 (보존, DeleteRecords). 그 앞에서 시작한 항목들 가운데 마지막 것만
   * 시작을 `startOffset`으로 당겨 남기고 나머지는 지웁니다. Kafka `truncateFromStart`.
   */
  truncateFromStart(startOffset: number): void {
    const removed = this.#epochs.filter((e) => e.startOffset <= startOffset);
    const last = removed.at(-1);
    if (!last || (removed.length === 1 && last.startOffset === startOffset)) return;
    this.#epochs = [{ epoch: last.epoch, startOffset }, ...this.#epochs.slice(removed.length)];
    this.#write();
  }

  /** 모두 지웁니다 (`truncateFullyAndStartAt`). */
  clear(): void {
    this.#epochs = [];
    this.#write();
  }

  #assign(entry: EpochEntry): boolean {
    assert(entry.epoch >= 0 && entry.startOffset >= 0, `invalid leader epoch entry ${JSON.stringify(entry)}`);
    const latest = this.latestEntry();
    if (latest && latest.epoch === entry.epoch && latest.startOffset <= entry.startOffset) return false;
    while (this.#epochs.length > 0) {
      const last = this.#epochs.at(-1) as EpochEntry;
      if (last.epoch < entry.epoch && last.startOffset < entry.startOffset) break;
      this.#epochs.pop();
    }
    this.#epochs.push(entry);
    return true;
  }

  #write(): void {
    if (this.#file === null) return;
    atomicWriteFile(this.#file, formatLeaderEpochCheckpoint(this.#epochs));
  }
}

export function formatLeaderEpochCheckpoint(entries: readonly EpochEntry[]): string {
  return formatCheckpoint(entries.map((e) => `${e.epoch} ${e.startOffset}`));
}

/** 체크포인트 텍스트를 읽습니다. 틀이나 줄이 어긋나면 예외. */
export function parseLeaderEpochCheckpoint(text: string, location = LEADER_EPOCH_CHECKPOINT_FILE): EpochEntry[] {
  return parseCheckpoint(text, location, (parts, line) => {
    if (parts.length !== 2) throw new Error(`malformed line in checkpoint file (${location}): '${line}'`);
    return {
      epoch: parseInteger(parts[0] as string, location),
      startOffset: parseInteger(parts[1] as string, location),
    };
  });
}

/**
 * 파티션 디렉터리의 `leader-epoch-checkpoint`. 없거나 읽을 수 없으면 null (부르는 쪽이 배치 헤더에서 다시 만듭니다).
 * 빈 파일(0바이트)도 null입니다: 쓰다 만 파일과 구별할 수 없으니까요.
 */
export function readLeaderEpochCheckpoint(dir: string): EpochEntry[] | null {
  const file = path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text === '' ? null : parseLeaderEpochCheckpoint(text, file);
  } catch {
    return null;
  }
}
