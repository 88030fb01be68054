/**
 * 메타데이터 로그를 디스크에 남기는 곳: `__cluster_metadata-0`을 다른 파티션과 같은 세그먼트 형식으로 씁니다
 * (Kafka `KafkaMetadataLog`가 `UnifiedLog` 위에서 하는 일). 모든 파일은 주입된 `Disk`로 읽고 쓰므로, 진짜 노드는
 * `FileDisk`로, 시뮬레이터는 죽으면 sync하지 않은 쓰기를 잃는 `SimDisk`로 같은 코드를 돌립니다.
 *
 *   __cluster_metadata-0/00000000000000000000.log                 레코드 배치 v2 (`record-batches.ts`)
 *   __cluster_metadata-0/00000000000000000120.log                 다음 세그먼트 (이름 = 첫 오프셋)
 *   __cluster_metadata-0/00000000000000000100-0000000003.checkpoint   스냅숏 (끝 오프셋 100, 에포크 3)
 *   __cluster_metadata-0/00000000000000000150-0000000003.checkpoint   더 새 스냅숏 (보존 한도 안이면 옛것도 남습니다)
 *   __cluster_metadata-0/quorum-state                            선거 상태 (`quorum-state-store.ts`)
 *
 * 덧붙이기는 `flush`(fsync) 전까지 내구적이지 않아, 죽으면 꼬리가 잘리거나 반쯤 쓰인 배치가 남을 수 있습니다.
 * 읽을 때 크기나 CRC가 맞지 않는 첫 배치에서 멈추고 그 뒤를 잘라 냅니다 (Kafka `LogLoader`의 복구).
 *
 * Kafka와 다른 점: 희소 인덱스(`.index`, `.timeindex`)와 `leader-epoch-checkpoint`는 쓰지 않습니다. 메타데이터
 * 로그는 시작할 때 처음부터 끝까지 읽어 메모리에 두므로(`RaftLog`) 찾아갈 일이 없고, 에포크의 시작은 배치의
 * partitionLeaderEpoch에서 다시 만듭니다.
 */
import type { Clock } from '../runtime/clock.js';
import type { Disk } from '../runtime/disk.js';
import { josa } from '../server/josa.js';
import { filenamePrefixFromOffset, isLogFile, LOG_FILE_SUFFIX, offsetFromFileName } from '../storage/log-files.js';
import { METADATA_LOG_DIR } from './quorum-state-store.js';
import type { DurableState, PersistOp, RaftLogStorage } from './ready.js';
import { decodeSnapshotFile, encodeEntryBatches, encodeSnapshotFile, readBatches } from './record-batches.js';
import { parseSnapshotFileName, type Snapshot, snapshotFileName } from './snapshot.js';
import type { LogEntry, OffsetAndEpoch } from './types.js';

/** Kafka `metadata.log.segment.bytes`의 기본값 (1 GiB) */
export const DEFAULT_METADATA_SEGMENT_BYTES = 1024 * 1024 * 1024;
/** Kafka `metadata.max.retention.bytes`의 기본값 (100 MiB) */
export const DEFAULT_METADATA_RETENTION_BYTES = 100 * 1024 * 1024;
/** Kafka `metadata.max.retention.ms`의 기본값 (7일) */
export const DEFAULT_METADATA_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** 디스크에 남은 스냅숏 하나: 보존 한도를 잴 때 쓰는 크기와 시각 */
interface SnapshotFile {
  readonly id: OffsetAndEpoch;
  readonly size: number;
  /** SnapshotHeader의 lastContainedLogTimestamp: 이 브로커는 스냅숏을 만든 시각을 적습니다 */
  readonly timestamp: number;
}

/** 세그먼트 안 배치 하나의 자리 */
interface BatchPosition {
  readonly position: number;
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
}

interface Segment {
  readonly baseOffset: number;
  readonly file: string;
  batches: BatchPosition[];
  size: number;
}

export interface KafkaMetadataLogOptions {
  readonly clock: Pick<Clock, 'now'>;
  /** 활성 세그먼트가 이만큼 차면 새 세그먼트를 엽니다 (`metadata.log.segment.bytes`) */
  readonly segmentBytes?: number;
  /** 로그와 스냅숏을 합쳐 이만큼을 넘으면 옛 스냅숏과 세그먼트를 지웁니다 (`metadata.max.retention.bytes`, -1이면 끔) */
  readonly retentionMaxBytes?: number;
  /** 이보다 오래된 스냅숏과 그 앞의 세그먼트를 지웁니다 (`metadata.max.retention.ms`, -1이면 끔) */
  readonly retentionMillis?: number;
  readonly dir?: string;
}

export class KafkaMetadataLog<T> implements RaftLogStorage<T> {
  readonly dir: string;
  readonly #disk: Disk;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #segmentBytes: number;
  readonly #retentionMaxBytes: number;
  readonly #retentionMillis: number;
  #segments: Segment[] = [];
  /** 로그 시작 오프셋: 다시 켜지면 첫 세그먼트의 첫 오프셋입니다 (Kafka도 메타데이터 로그의 것은 적어 두지 않습니다) */
  #logStartOffset = 0;
  /** 디스크에 남은 스냅숏들, 오래된 것부터 */
  #snapshots: SnapshotFile[] = [];
  /** 쓰고 아직 fsync하지 않은 세그먼트 파일 */
  readonly #dirty = new Set<string>();
  /** 불러올 때 잘라 낸 찢어진 꼬리의 바이트 수 (로그와 시험용) */
  truncatedBytes = 0;

  constructor(disk: Disk, options: KafkaMetadataLogOptions) {
    this.#disk = disk;
    this.#clock = options.clock;
    this.#segmentBytes = options.segmentBytes ?? DEFAULT_METADATA_SEGMENT_BYTES;
    this.#retentionMaxBytes = options.retentionMaxBytes ?? DEFAULT_METADATA_RETENTION_BYTES;
    this.#retentionMillis = options.retentionMillis ?? DEFAULT_METADATA_RETENTION_MS;
    this.dir = options.dir ?? METADATA_LOG_DIR;
  }

  /**
   * 가장 새 온전한 스냅숏, 남은 스냅숏들, 로그 시작(첫 세그먼트)부터의 항목들. 찢어진 꼬리는 잘라 내고, 다 쓰이지 않은
   * `.part` 파일과 로그 시작보다 앞의 스냅숏은 지웁니다 (Kafka `KafkaMetadataLog.recoverSnapshots`).
   */
  load(): Omit<DurableState<T>, 'election'> {
    for (const name of this.#disk.list(this.dir)) {
      if (name.endsWith('.part')) this.#disk.remove(`${this.dir}/${name}`);
    }
    const latest = this.#loadSnapshots();
    const entries = this.#loadSegments();
    if (latest && (this.#segments.length === 0 || this.#endOffset() < latest.id.offset)) {
      // 리더의 스냅숏을 받아 로그를 비우다 죽었거나, 세그먼트가 스냅숏보다 뒤처졌습니다: 스냅숏 끝에서 새로 시작합니다
      // (Kafka `truncateToLatestSnapshot`).
      this.#resetTo(latest.id.offset);
      this.#deleteSnapshotsBefore(latest.id.offset);
      return { snapshot: latest, snapshotIds: [latest.id], logStartOffset: latest.id.offset, entries: [] };
    }
    this.#logStartOffset = this.#segments[0]?.baseOffset ?? 0;
    if (this.#logStartOffset > 0 && (!latest || latest.id.offset < this.#logStartOffset)) {
      throw new Error(`${this.dir}의 로그가 ${this.#logStartOffset}에서 시작하는데 그것을 덮는 스냅숏이 없습니다`);
    }
    this.#deleteSnapshotsBefore(this.#logStartOffset);
    return {
      snapshot: latest,
      snapshotIds: this.#snapshots.map((s) => s.id),
      logStartOffset: this.#logStartOffset,
      entries,
    };
  }

  /**
   * 보존 한도를 넘었으면 로그 시작을 옮길 스냅숏 (Kafka `KafkaMetadataLog.maybeClean`). 크기부터 봅니다: 로그와 스냅숏을
   * 합친 크기가 `retentionMaxBytes`를 넘는 동안 가장 오래된 스냅숏을 버리고 로그 시작을 다음 스냅숏으로 옮깁니다. 그다음
   * 시간: 가장 오래된 스냅숏이 `retentionMillis`보다 오래되었으면 같은 일을 합니다. 가장 새 스냅숏 하나는 언제나 남습니다.
   */
  snapshotToCleanBefore(nowMs: number): OffsetAndEpoch | null {
    const snapshots = this.#snapshots;
    let target: OffsetAndEpoch | null = null;
    let oldest = 0;
    if (this.#retentionMaxBytes >= 0) {
      let snapshotBytes = snapshots.reduce((sum, s) => sum + s.size, 0);
      while (
        oldest + 1 < snapshots.length &&
        this.#logSizeFrom(target?.offset ?? this.#logStartOffset) + snapshotBytes > this.#retentionMaxBytes
      ) {
        snapshotBytes -= (snapshots[oldest] as SnapshotFile).size;
        oldest++;
        target = (snapshots[oldest] as SnapshotFile).id;
      }
    }
    if (this.#retentionMillis >= 0) {
      while (
        oldest + 1 < snapshots.length &&
        nowMs - (snapshots[oldest] as SnapshotFile).timestamp > this.#retentionMillis
      ) {
        oldest++;
        target = (snapshots[oldest] as SnapshotFile).id;
      }
    }
    return target;
  }

  apply(op: Exclude<PersistOp<T>, { op: 'election' }>): void {
    switch (op.op) {
      case 'append':
        this.#append(op.entries);
        break;
      case 'truncate':
        this.#truncate(op.offset);
        break;
      case 'snapshot':
        this.#writeSnapshot(op.snapshot);
        break;
      case 'deleteBefore':
        this.#deleteBefore(op.snapshotId);
        break;
      case 'truncateToSnapshot':
        this.#resetTo(op.snapshotId.offset);
        this.#deleteSnapshotsBefore(op.snapshotId.offset);
        break;
    }
  }

  flush(): void {
    for (const file of this.#dirty) this.#disk.sync(file);
    this.#dirty.clear();
  }

  encode(snapshot: Snapshot<T>): Uint8Array {
    return encodeSnapshotFile(snapshot, this.#clock.now());
  }

  decode(id: OffsetAndEpoch, bytes: Uint8Array) {
    return decodeSnapshotFile<T>(id, bytes);
  }

  // --- 불러오기 -------------------------------------------------------------------------------------

  #loadSegments(): LogEntry<T>[] {
    const entries: LogEntry<T>[] = [];
    this.#segments = [];
    this.truncatedBytes = 0;
    const names = this.#disk
      .list(this.dir)
      .filter(isLogFile)
      .sort((a, b) => (offsetFromFileName(a) as number) - (offsetFromFileName(b) as number));
    let broken = false;
    for (const name of names) {
      const file = `${this.dir}/${name}`;
      const bytes = this.#disk.read(file) ?? new Uint8Array(0);
      const baseOffset = offsetFromFileName(name) as number;
      const expected = this.#endOffset(baseOffset);
      const { batches, validBytes } = readBatches<T>(bytes);
      const first = batches[0]?.entries[0];
      // 앞 세그먼트의 꼬리가 잘렸으면 그 뒤의 세그먼트는 이어지지 않습니다: 로그는 거기서 끝납니다.
      if (broken || baseOffset !== expected || (first !== undefined && first.offset !== baseOffset)) {
        this.truncatedBytes += bytes.length;
        this.#disk.remove(file);
        broken = true;
        continue;
      }
      if (validBytes < bytes.length) {
        this.truncatedBytes += bytes.length - validBytes;
        this.#disk.truncate(file, validBytes);
        this.#disk.sync(file);
        broken = true;
      }
      const segment: Segment = { baseOffset, file, batches: [], size: validBytes };
      for (const batch of batches) {
        const last = batch.entries.at(-1);
        const head = batch.entries[0];
        if (!head || !last) continue;
        segment.batches.push({
          position: batch.position,
          size: batch.size,
          baseOffset: head.offset,
          lastOffset: last.offset,
        });
        entries.push(...batch.entries);
      }
      this.#segments.push(segment);
    }
    return entries;
  }

  /** 온전한 스냅숏들을 기억하고, 가장 새 것의 내용을 돌려줍니다 (읽을 수 없는 파일은 세지 않습니다). */
  #loadSnapshots(): Snapshot<T> | null {
    const ids = this.#disk
      .list(this.dir)
      .map((name) => parseSnapshotFileName(name))
      .filter((id): id is OffsetAndEpoch => id !== null)
      .sort((a, b) => a.offset - b.offset);
    this.#snapshots = [];
    let latest: Snapshot<T> | null = null;
    for (const id of ids) {
      const bytes = this.#disk.read(`${this.dir}/${snapshotFileName(id)}`);
      const decoded = bytes ? decodeSnapshotFile<T>(id, bytes) : null;
      if (!bytes || !decoded?.ok) continue;
      this.#snapshots.push({ id, size: bytes.length, timestamp: decoded.lastContainedLogTimestamp });
      latest = decoded.snapshot;
    }
    return latest;
  }

  /** `offset`보다 통째로 앞인 세그먼트를 지운 뒤 남을 로그의 크기 */
  #logSizeFrom(offset: number): number {
    return this.#segments.reduce((sum, s, i) => (this.#isBefore(i, offset) ? sum : sum + s.size), 0);
  }

  /** i번째 세그먼트가 통째로 `offset` 앞인지: 다음 세그먼트가 그 앞에서 시작합니다 (활성 세그먼트는 언제나 아님) */
  #isBefore(i: number, offset: number): boolean {
    const next = this.#segments[i + 1];
    return next !== undefined && next.baseOffset <= offset;
  }

  // --- 쓰기 -----------------------------------------------------------------------------------------

  /** 로그 끝 오프셋: 마지막 세그먼트의 마지막 배치 다음. 세그먼트가 없으면 `ifEmpty` */
  #endOffset(ifEmpty = 0): number {
    const last = this.#segments.at(-1);
    if (!last) return ifEmpty;
    return (last.batches.at(-1)?.lastOffset ?? last.baseOffset - 1) + 1;
  }

  #active(): Segment {
    const active = this.#segments.at(-1);
    if (active && active.size < this.#segmentBytes) return active;
    return this.#roll(this.#endOffset());
  }

  /**
   * 새 세그먼트를 엽니다. 옛 활성 세그먼트는 먼저 fsync합니다: 뒤 세그먼트만 남고 앞의 꼬리가 사라지는 일이 없게.
   * 이번에 고치지 않았어도 합니다: fsync하지 않는 관찰자가 깨끗이 다시 켜졌다면, 불러온 세그먼트도 아직 페이지
   * 캐시에만 있을 수 있습니다.
   */
  #roll(baseOffset: number): Segment {
    const previous = this.#segments.at(-1);
    if (previous) {
      this.#disk.sync(previous.file);
      this.#dirty.delete(previous.file);
    }
    const segment: Segment = {
      baseOffset,
      file: `${this.dir}/${filenamePrefixFromOffset(baseOffset)}${LOG_FILE_SUFFIX}`,
      batches: [],
      size: 0,
    };
    this.#disk.write(segment.file, new Uint8Array(0));
    this.#dirty.add(segment.file);
    this.#segments.push(segment);
    return segment;
  }

  #append(entries: readonly LogEntry<T>[]): void {
    for (const batch of encodeEntryBatches(entries, this.#clock.now())) {
      const segment = this.#active();
      if (batch.baseOffset !== this.#endOffset(segment.baseOffset)) {
        throw new Error(
          `로그 끝 ${this.#endOffset(segment.baseOffset)}에 오프셋 ${josa(batch.baseOffset, '을/를')} 붙일 수 없습니다`,
        );
      }
      this.#disk.append(segment.file, batch.bytes);
      segment.batches.push({
        position: segment.size,
        size: batch.bytes.length,
        baseOffset: batch.baseOffset,
        lastOffset: batch.lastOffset,
      });
      segment.size += batch.bytes.length;
      this.#dirty.add(segment.file);
    }
  }

  /**
   * `offset`부터 끝까지 지웁니다 (Kafka `UnifiedLog.truncateTo`). 뒤 세그먼트는 지우고, 자를 자리가 배치 한가운데면
   * 그 배치를 잘라 내고 앞부분만 새 배치로 다시 씁니다: 메모리의 로그와 디스크가 언제나 같은 끝을 갖게.
   */
  #truncate(offset: number): void {
    if (offset >= this.#endOffset()) return;
    while (this.#segments.length > 1 && (this.#segments.at(-1) as Segment).baseOffset > offset) {
      const removed = this.#segments.pop() as Segment;
      this.#disk.remove(removed.file);
      this.#dirty.delete(removed.file);
    }
    const segment = this.#segments.at(-1);
    if (!segment) return;
    const cut = segment.batches.findIndex((b) => b.lastOffset >= offset);
    if (cut < 0) return;
    const batch = segment.batches[cut] as BatchPosition;
    const keep =
      batch.baseOffset < offset
        ? readBatches<T>(
            (this.#disk.read(segment.file) as Uint8Array).subarray(batch.position, batch.position + batch.size),
          )
            .batches.flatMap((b) => b.entries)
            .filter((e) => e.offset < offset)
        : [];
    segment.batches.length = cut;
    segment.size = batch.position;
    this.#disk.truncate(segment.file, segment.size);
    this.#dirty.add(segment.file);
    if (keep.length > 0) this.#append(keep);
  }

  /** 스냅숏 파일은 `.part`에 다 쓰고 fsync한 뒤 이름을 바꿉니다 (Kafka `FileRawSnapshotWriter.freeze`). */
  #writeSnapshot(snapshot: Snapshot<T>): void {
    const file = `${this.dir}/${snapshotFileName(snapshot.id)}`;
    const timestamp = this.#clock.now();
    const bytes = encodeSnapshotFile(snapshot, timestamp);
    this.#disk.write(`${file}.part`, bytes);
    this.#disk.sync(`${file}.part`);
    this.#disk.rename(`${file}.part`, file);
    this.#snapshots = [
      ...this.#snapshots.filter((s) => s.id.offset !== snapshot.id.offset),
      { id: snapshot.id, size: bytes.length, timestamp },
    ].sort((a, b) => a.id.offset - b.id.offset);
  }

  /**
   * 로그 시작을 스냅숏 끝으로 옮깁니다: 통째로 그 앞인 세그먼트(다음 세그먼트가 로그 시작 앞에서 시작하는 것)를 지우고
   * (Kafka `UnifiedLog.deleteOldSegments`), 그 앞의 스냅숏도 지웁니다. 로그 시작이 걸친 세그먼트와 활성 세그먼트는
   * 남습니다. Kafka는 옛 스냅숏을 `.deleted`로 바꾼 뒤 `file.delete.delay.ms`(1분) 뒤에 지웁니다: 그것을 읽던
   * FetchSnapshot이 끝나도록. 여기서는 리더가 내주는 바이트를 메모리에 갖고 있어 곧바로 지웁니다.
   */
  #deleteBefore(snapshotId: OffsetAndEpoch): void {
    this.#logStartOffset = snapshotId.offset;
    while (this.#isBefore(0, snapshotId.offset)) {
      const removed = this.#segments.shift() as Segment;
      this.#disk.remove(removed.file);
      this.#dirty.delete(removed.file);
    }
    this.#deleteSnapshotsBefore(snapshotId.offset);
  }

  /** 세그먼트를 모두 지우고 `offset`에서 빈 세그먼트로 다시 시작합니다 (리더의 스냅숏을 받은 팔로워). */
  #resetTo(offset: number): void {
    for (const segment of this.#segments) {
      this.#disk.remove(segment.file);
      this.#dirty.delete(segment.file);
    }
    for (const name of this.#disk.list(this.dir).filter(isLogFile)) this.#disk.remove(`${this.dir}/${name}`);
    this.#segments = [];
    this.#logStartOffset = offset;
    this.#roll(offset);
  }

  #deleteSnapshotsBefore(offset: number): void {
    for (const name of this.#disk.list(this.dir)) {
      const id = parseSnapshotFileName(name);
      if (id && id.offset < offset) this.#disk.remove(`${this.dir}/${name}`);
    }
    this.#snapshots = this.#snapshots.filter((s) => s.id.offset >= offset);
  }
}
