/**
 * 상태 기계와 드라이버 사이의 약속: 들어오는 것(`Inbound`), 그리고 `ready()`가 내주는 것(`Ready`) —
 * 디스크에 쓸 것, 보낼 것, 응용에 넘길 것. 드라이버는 이 순서(persist → send → apply)를 지킵니다.
 */
import type { Result } from '../result.js';
import type { Reply } from '../runtime/transport.js';
import type { ElectionState } from './election-state.js';
import type { RaftRequest, RaftResponse } from './messages.js';
import type { Snapshot } from './snapshot.js';
import type { LogEntry, OffsetAndEpoch } from './types.js';

/** 들어오는 것: 다른 노드의 요청, 또는 내가 보낸 요청의 답(전송 실패 포함) */
export type Inbound<T> =
  | { readonly kind: 'request'; readonly requestId: number; readonly from: number; readonly request: RaftRequest }
  | {
      readonly kind: 'response';
      readonly correlationId: number;
      readonly from: number;
      readonly reply: Reply<RaftResponse<T>>;
    };

/** 나가는 것: 다른 노드로 가는 요청, 또는 받은 요청(`requestId`)의 답 */
export type Outbound<T> =
  | { readonly kind: 'request'; readonly correlationId: number; readonly to: number; readonly request: RaftRequest }
  | { readonly kind: 'response'; readonly requestId: number; readonly response: RaftResponse<T> };

/** 디스크에 쓸 것. 순서대로 적용하고, 끝나면 fsync합니다. */
export type PersistOp<T> =
  /** quorum-state를 바꿉니다 (임시 파일에 쓰고 fsync한 뒤 이름을 바꿔 원자적으로) */
  | { readonly op: 'election'; readonly state: ElectionState }
  /** `offset`부터 끝까지 로그를 지웁니다 */
  | { readonly op: 'truncate'; readonly offset: number }
  | { readonly op: 'append'; readonly entries: readonly LogEntry<T>[] }
  /** `.checkpoint` 파일을 씁니다 */
  | { readonly op: 'snapshot'; readonly snapshot: Snapshot<T> }
  /** 로그 시작을 스냅숏 끝으로 옮깁니다: 통째로 그 앞인 세그먼트와 그 앞의 스냅숏을 지웁니다 */
  | { readonly op: 'deleteBefore'; readonly snapshotId: OffsetAndEpoch }
  /** 리더에게서 받은 스냅숏으로 로그를 통째로 바꿉니다 (로그는 비고, 스냅숏 끝에서 시작) */
  | { readonly op: 'truncateToSnapshot'; readonly snapshotId: OffsetAndEpoch };

/** 응용에 넘길 것: 커밋된 레코드, 또는 그 대신 불러올 스냅숏 */
export type ApplyOp<T> =
  | { readonly kind: 'commit'; readonly entries: readonly LogEntry<T>[] }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot<T> };

export interface Ready<T> {
  readonly persist: readonly PersistOp<T>[];
  /**
   * persist를 fsync한 뒤에야 send를 보내야 하는지 (etcd-raft `Ready.MustSync`). 선거 상태는 언제나, 로그는 투표자일
   * 때만 그렇습니다: 관찰자(브로커)의 로그는 하이 워터마크 계산에 들어가지 않으므로 Kafka도 fsync하지 않습니다
   * (`KafkaRaftClient.appendAsFollower`). 관찰자가 죽어 잃은 꼬리는 리더에게서 다시 가져옵니다.
   */
  readonly mustSync: boolean;
  readonly send: readonly Outbound<T>[];
  readonly apply: readonly ApplyOp<T>[];
}

/** 시작할 때 디스크에서 읽어 온 것 */
export interface DurableState<T> {
  readonly election: ElectionState | null;
  /** 가장 새 스냅숏 (응용은 다시 켜질 때 이것을 불러오고 그 뒤의 로그를 재생합니다) */
  readonly snapshot: Snapshot<T> | null;
  /** 디스크에 남은 스냅숏 모두의 ID, 오래된 것부터. 주지 않으면 `snapshot` 하나 */
  readonly snapshotIds?: readonly OffsetAndEpoch[];
  /** 로그 시작 오프셋 (`entries`의 첫 오프셋). 주지 않으면 가장 오래된 스냅숏의 끝 */
  readonly logStartOffset?: number;
  readonly entries: readonly LogEntry<T>[];
}

/** 스냅숏 파일의 바이트 형식. 리더는 이 바이트를 FetchSnapshot으로 나눠 보내고, 팔로워는 다 받으면 읽습니다. */
export interface SnapshotFormat<T> {
  encode(snapshot: Snapshot<T>): Uint8Array;
  /** ID는 파일 이름(또는 FetchSnapshot 요청)에서 옵니다. 온전하지 않으면 이유와 함께 실패 */
  decode(id: OffsetAndEpoch, bytes: Uint8Array): Result<{ readonly snapshot: Snapshot<T> }, string>;
}

/**
 * 로그와 스냅숏을 디스크에 남기는 곳 (Kafka `ReplicatedLog`의 저장 쪽; 진짜 구현은 `KafkaMetadataLog`).
 * 상태 기계와 드라이버는 형식을 모르고 이 인터페이스만 압니다: 그래서 이 폴더의 상태 기계는 Node의 모듈 없이 돕니다.
 */
export interface RaftLogStorage<T> extends SnapshotFormat<T> {
  /** 디스크에서 읽습니다: 가장 새 온전한 스냅숏, 남은 스냅숏들의 ID, 로그 시작부터의 항목들. 찢어진 꼬리는 잘라 냅니다. */
  load(): Omit<DurableState<T>, 'election'>;
  /**
   * 보존 한도(`metadata.max.retention.bytes`, `metadata.max.retention.ms`)를 넘었으면 로그 시작을 옮길 스냅숏, 아니면
   * null (Kafka `KafkaMetadataLog.maybeClean`의 판단). 옮기는 일은 상태 기계의 `deleteBeforeSnapshot`이 합니다.
   */
  snapshotToCleanBefore(nowMs: number): OffsetAndEpoch | null;
  /** 상태 기계가 내보낸 쓰기 하나 (`election`은 빼고: 그것은 `FileQuorumStateStore`가 맡습니다) */
  apply(op: Exclude<PersistOp<T>, { op: 'election' }>): void;
  /** 덧붙이고 자른 것을 디스크에 내립니다 (fsync) */
  flush(): void;
}
