/**
 * 상태 기계와 드라이버 사이의 약속: 들어오는 것(`Inbound`), 그리고 `ready()`가 내주는 것(`Ready`) —
 * 디스크에 쓸 것, 보낼 것, 응용에 넘길 것. 드라이버는 이 순서(persist → send → apply)를 지킵니다.
 */
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
  /** 스냅숏 앞의 로그를 지웁니다 (로그 시작 = 스냅숏 끝) */
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
  readonly snapshot: Snapshot<T> | null;
  readonly entries: readonly LogEntry<T>[];
}
