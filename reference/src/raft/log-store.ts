/**
 * 메타데이터 로그와 스냅숏을 디스크에 남기는 곳 (Kafka `KafkaMetadataLog`의 저장 부분).
 *
 *   __cluster_metadata-0/raft.log                       항목들을 차례로 덧붙인 파일
 *   __cluster_metadata-0/<끝 오프셋>-<에포크>.checkpoint   스냅숏
 *
 * 로그 파일의 항목 하나는 `[길이 u32][CRC-32C u32][JSON]`입니다. 덧붙이기는 `flush`(fsync) 전까지 내구적이지
 * 않고, 죽으면 꼬리가 잘리거나 반쯤 쓰인 채 남을 수 있습니다. 그래서 읽을 때 길이나 CRC가 맞지 않는 첫 항목에서
 * 멈추고 그 뒤를 잘라 냅니다 (Kafka의 로그 복구가 배치 CRC로 하는 일과 같습니다).
 *
 * 다음 단계에서 이 파일은 Kafka의 세그먼트 형식(`00000000000000000000.log`, 레코드 배치 v2)으로 바뀝니다.
 * 쿼럼의 상태 기계는 `PersistOp`만 알므로 바뀌지 않습니다.
 */
import type { Disk } from '../runtime/disk.js';
import { crc32c } from './crc32c.js';
import { METADATA_LOG_DIR } from './quorum-state-store.js';
import type { PersistOp } from './ready.js';
import { decodeSnapshot, encodeSnapshot, parseSnapshotFileName, type Snapshot, snapshotFileName } from './snapshot.js';
import type { LogEntry, OffsetAndEpoch } from './types.js';

const FRAME_HEADER = 8;

export interface LoadedLog<T> {
  readonly snapshot: Snapshot<T> | null;
  readonly entries: LogEntry<T>[];
  /** 복구하며 잘라 낸 꼬리의 바이트 수 */
  readonly truncatedBytes: number;
}

export class RaftLogStore<T> {
  readonly #logFile: string;
  /** 파일 안 항목의 시작 위치: `#positions[i]`는 오프셋 `#firstOffset + i`의 항목 */
  #positions: number[] = [];
  #firstOffset = 0;
  #size = 0;
  #dirty = false;

  constructor(
    private readonly disk: Disk,
    readonly dir = METADATA_LOG_DIR,
  ) {
    this.#logFile = `${dir}/raft.log`;
  }

  /** 디스크에서 읽습니다. 가장 새 스냅숏과 그 뒤의 항목들. 깨진 꼬리는 잘라 냅니다. */
  load(): LoadedLog<T> {
    const snapshot = this.#latestSnapshot();
    const bytes = this.disk.read(this.#logFile) ?? new Uint8Array(0);
    const entries: LogEntry<T>[] = [];
    const positions: number[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let position = 0;
    while (position + FRAME_HEADER <= bytes.length) {
      const length = view.getUint32(position);
      const crc = view.getUint32(position + 4);
      const body = bytes.subarray(position + FRAME_HEADER, position + FRAME_HEADER + length);
      if (body.length !== length || crc32c(body) !== crc) break;
      const entry = JSON.parse(new TextDecoder().decode(body)) as LogEntry<T>;
      const previous = entries.at(-1);
      if (previous && entry.offset !== previous.offset + 1) {
        throw new Error(`${this.#logFile}의 오프셋이 이어지지 않습니다: ${previous.offset} 다음 ${entry.offset}`);
      }
      entries.push(entry);
      positions.push(position);
      position += FRAME_HEADER + length;
    }
    const truncatedBytes = bytes.length - position;
    if (truncatedBytes > 0) {
      this.disk.truncate(this.#logFile, position);
      this.disk.sync(this.#logFile);
    }
    this.#positions = positions;
    this.#firstOffset = entries[0]?.offset ?? snapshot?.id.offset ?? 0;
    this.#size = position;
    // 스냅숏 앞의 항목은 쓸모가 없습니다 (스냅숏을 쓴 뒤 로그를 고쳐 쓰기 전에 죽었을 수 있습니다).
    const start = snapshot?.id.offset ?? 0;
    const kept = entries.filter((e) => e.offset >= start);
    if (kept.length > 0 && kept[0]?.offset !== start) {
      throw new Error(`${this.#logFile}가 로그 시작 ${start}가 아니라 ${kept[0]?.offset}에서 시작합니다`);
    }
    return { snapshot, entries: kept, truncatedBytes };
  }

  /** 상태 기계가 내보낸 쓰기 하나를 적용합니다 (선거 상태는 `FileQuorumStateStore`가 맡습니다). */
  apply(op: PersistOp<T>): void {
    switch (op.op) {
      case 'append':
        for (const entry of op.entries) this.#append(entry);
        break;
      case 'truncate':
        this.#truncate(op.offset);
        break;
      case 'snapshot':
        this.#writeSnapshot(op.snapshot);
        break;
      case 'deleteBefore':
      case 'truncateToSnapshot':
        this.#rewriteFrom(op.snapshotId, op.op === 'truncateToSnapshot');
        break;
      case 'election':
        throw new Error('선거 상태는 FileQuorumStateStore에 씁니다');
    }
  }

  /** 덧붙인 항목을 디스크에 내립니다 (fsync). */
  flush(): void {
    if (!this.#dirty) return;
    this.disk.sync(this.#logFile);
    this.#dirty = false;
  }

  #append(entry: LogEntry<T>): void {
    const body = new TextEncoder().encode(JSON.stringify(entry));
    const frame = new Uint8Array(FRAME_HEADER + body.length);
    const view = new DataView(frame.buffer);
    view.setUint32(0, body.length);
    view.setUint32(4, crc32c(body));
    frame.set(body, FRAME_HEADER);
    if (this.#positions.length === 0) this.#firstOffset = entry.offset;
    this.disk.append(this.#logFile, frame);
    this.#positions.push(this.#size);
    this.#size += frame.length;
    this.#dirty = true;
  }

  #truncate(offset: number): void {
    const index = offset - this.#firstOffset;
    if (index < 0 || index >= this.#positions.length) return;
    this.#size = this.#positions[index] as number;
    this.#positions.length = index;
    this.disk.truncate(this.#logFile, this.#size);
    this.#dirty = true;
  }

  /** 스냅숏 파일은 `.part`에 다 쓰고 fsync한 뒤 이름을 바꿉니다 (Kafka `FileRawSnapshotWriter.freeze`). */
  #writeSnapshot(snapshot: Snapshot<T>): void {
    const file = `${this.dir}/${snapshotFileName(snapshot.id)}`;
    this.disk.write(`${file}.part`, encodeSnapshot(snapshot));
    this.disk.sync(`${file}.part`);
    this.disk.rename(`${file}.part`, file);
  }

  /**
   * 로그 시작을 스냅숏 끝으로 옮깁니다: 남길 항목만 새 파일에 쓰고 fsync한 뒤 바꿔 끼웁니다. 가장 새 스냅숏만
   * 남기고 옛 스냅숏은 지웁니다. `empty`면 (리더의 스냅숏을 받은 팔로워) 로그를 비웁니다.
   */
  #rewriteFrom(snapshotId: OffsetAndEpoch, empty: boolean): void {
    const kept: Uint8Array[] = [];
    const current = this.disk.read(this.#logFile) ?? new Uint8Array(0);
    const positions: number[] = [];
    let size = 0;
    if (!empty) {
      for (let i = Math.max(0, snapshotId.offset - this.#firstOffset); i < this.#positions.length; i++) {
        const begin = this.#positions[i] as number;
        const end = this.#positions[i + 1] ?? this.#size;
        kept.push(current.subarray(begin, end));
        positions.push(size);
        size += end - begin;
      }
    }
    const joined = new Uint8Array(size);
    let at = 0;
    for (const frame of kept) {
      joined.set(frame, at);
      at += frame.length;
    }
    const tmp = `${this.#logFile}.tmp`;
    this.disk.write(tmp, joined);
    this.disk.sync(tmp);
    this.disk.rename(tmp, this.#logFile);
    this.#positions = positions;
    this.#firstOffset = snapshotId.offset;
    this.#size = size;
    this.#dirty = false;
    for (const name of this.disk.list(this.dir)) {
      const id = parseSnapshotFileName(name);
      if (id && id.offset < snapshotId.offset) this.disk.remove(`${this.dir}/${name}`);
    }
  }

  #latestSnapshot(): Snapshot<T> | null {
    const ids = this.disk
      .list(this.dir)
      .map((name) => ({ name, id: parseSnapshotFileName(name) }))
      .filter((f): f is { name: string; id: OffsetAndEpoch } => f.id !== null)
      .sort((a, b) => b.id.offset - a.id.offset);
    for (const { name } of ids) {
      const bytes = this.disk.read(`${this.dir}/${name}`);
      const decoded = bytes ? decodeSnapshot<T>(bytes) : null;
      if (decoded?.ok) return decoded.snapshot;
    }
    return null;
  }
}
