/**
 * 복제 판의 검사기: 클라이언트가 겪은 역사(history)와 회복 뒤 복제본들의 로그를 받아, Jepsen의 Kafka 시험
 * (jepsen.tests.kafka)이 찾는 이상(anomaly)을 찾습니다. 입출력 없는 순수 함수입니다: 시뮬레이터는 일이 일어날 때마다
 * 역사에 적기만 하고, 판단은 끝에 여기서 한 번 합니다 (Jepsen의 checker가 기록된 역사를 나중에 분석하듯이).
 *
 *   LostWrite               acks=all로 성공한 쓰기가 최종 로그의 그 오프셋에 없습니다 (다른 값이 있거나 로그가 짧음).
 *                           커밋이 확인된(EndTxn 커밋이 NONE) 트랜잭션의 레코드가 최종 로그에서 ABORT 마커로 끝나도 잃은 것입니다
 *   Duplicate               같은 값(프로듀서, 시퀀스)이 로그에 두 번 있습니다: 멱등 프로듀서의 재전송이 걸러지지 않음
 *   ReadAboveHighWatermark  컨슈머가 받은 레코드의 오프셋이 그 응답의 하이 워터마크 이상입니다
 *   InconsistentRead        컨슈머가 읽은 (오프셋, 값)이 최종 로그와 다릅니다: 커밋되지 않은 것을 읽었거나 커밋된 것이 바뀜
 *                           (Jepsen의 "inconsistent offsets")
 *   NonmonotonicOffsets     한 컨슈머가 한 파티션에서 읽은 오프셋이 늘어나지 않았습니다
 *   PollSkip                한 컨슈머가 한 파티션에서 마지막으로 읽은 오프셋 앞의, 그 컨슈머에게 보여야 할 레코드를 건너뛰었습니다
 *                           (read_committed에게는 어보트되지 않은 레코드, read_uncommitted에게는 마커가 아닌 모든 레코드)
 *   DivergentReplicas       어느 복제본의 커밋된 앞부분(자기 하이 워터마크 앞)이 리더의 로그와 다릅니다 (마커 포함)
 *   AbortedRead             read_committed 컨슈머가 어보트된 트랜잭션의 레코드를 읽었습니다 (Jepsen의 G1a, "aborted read").
 *                           어보트는 역사(EndTxn 어보트가 NONE)나 최종 로그(그 레코드 뒤 같은 프로듀서의 첫 마커가 ABORT)로 압니다
 *   PrecommittedRead        read_committed 컨슈머가 트랜잭션이 커밋되기 전의 레코드를 읽었습니다: 그 응답의 LSO 이상의
 *                           오프셋이거나, 그 트랜잭션의 EndTxn(커밋)을 보내기도 전에 읽음 (Jepsen: 보낸 값은 그 트랜잭션이
 *                           커밋하기 전에는 누구에게도 보이면 안 됩니다)
 *
 * 역사에는 실제 프로세스의 드릴(kafkajs)도 똑같이 적을 수 있는 것만 적습니다: 보냄·성공(send, ack), 트랜잭션의 시작과
 * 끝(txn-begin, txn-end: 보냄·성공·모름), 읽음(read: 오프셋, 값, 격리 수준, 응답의 하이 워터마크와 LSO).
 *
 * 실제 프로세스의 역사(`npm run drill`)에는 컨슈머 그룹이 있습니다. 그룹의 컨슈머는 오프셋 0이 아니라 그룹이 커밋한
 * 오프셋에서 읽기 시작하고, 리밸런스 뒤에는 커밋하지 못한 레코드를 다른 멤버가 (또는 같은 멤버가) 다시 받습니다. 그래서
 * 그룹을 밝힌 읽기(`read.group`)와 그룹의 합류(join)·커밋(commit)은 이렇게 판단합니다:
 *
 *   - 세션: 컨슈머가 그룹에 (다시) 들어갈 때마다 새 세션이고, 드릴은 세션마다 다른 컨슈머 번호를 씁니다. 한 세션 안의
 *     읽기는 파티션마다 오프셋이 늘어나야 합니다(NonmonotonicOffsets, Jepsen의 nonmonotonic poll). 세션이 바뀐 뒤 커밋된
 *     자리로 돌아가 다시 읽는 것(재전달)은 이상이 아니고, 로그에 두 번 있는 것이 아니므로 Duplicate도 아닙니다.
 *   - PollSkip: 세션은 첫 읽기부터 마지막 읽기 사이의 보여야 할 레코드를 모두 읽어야 합니다. 그룹 전체(모든 세션을 합쳐)는
 *     오프셋 0부터 "마지막으로 읽은 오프셋 + 1"과 "커밋한 오프셋" 가운데 큰 것 앞까지를 모두 읽었어야 합니다: 커밋은
 *     "여기 앞은 다 처리했다"는 뜻이므로, 아무 멤버도 읽지 않은 레코드를 넘어 커밋하면 건너뛴 것입니다.
 *   - Unseen: 성공 응답을 받은 쓰기(트랜잭션이면 커밋이 확인된 것)가 최종 로그에 있고 그룹에게 보여야 하는데, 그룹이 위의
 *     끝까지 가고도 그 뒤에 남아 끝내 아무 멤버도 읽지 못했습니다 (끝 앞에서 빠진 것은 PollSkip으로 셉니다). 드릴은 그룹이
 *     따라잡기를 기다린 뒤 판단하므로, 따라잡지 못한 채 끝난 것도 여기에 나옵니다.
 *   - NonmonotonicSend: 한 프로듀서(드릴은 다시 만들 때마다 새 번호)가 한 파티션에 받은 성공 응답의 오프셋은 받은 차례대로
 *     늘어나야 합니다 (Jepsen의 nonmonotonic send). 드릴은 파티션마다 send를 한 번에 하나씩만 보냅니다.
 *   - 모름(indeterminate): 재시도를 다 쓰고도 답을 받지 못한 send는 ack 없이 send만 남습니다. 로그에 없어도 LostWrite가
 *     아니고, 있으면 다른 레코드처럼 그룹이 읽어야 합니다(빠지면 PollSkip). 드릴은 같은 값을 다시 보내지 않으므로, 한
 *     값이 로그의 두 오프셋에 있으면 늘 Duplicate(브로커가 멱등 재전송을 걸러 내지 못함)입니다.
 *   - 트랜잭션: 결과를 모르는 트랜잭션(txn-end unknown)은 최종 로그의 마커가 정합니다. 커밋이 확인된 트랜잭션의 쓰기만
 *     Unseen의 대상이고, read_committed 그룹에게 어보트된 레코드는 보이지 않아야 합니다(읽으면 AbortedRead).
 *
 * 그룹이 없는 읽기(시뮬레이터)는 예전 그대로 컨슈머마다 오프셋 0부터 판단합니다.
 */

import { isTransactional } from '../record/batch-header.js';
import { ControlRecordType, endTxnMarkerOf } from '../record/control-record.js';
import { decodeBatches } from '../record/record-batch.js';

/**
 * 역사의 한 줄. 값은 프로듀서가 만든 유일한 문자열입니다 (`p<프로듀서>-<파티션>-<시퀀스>`). 트랜잭션 프로듀서의 보냄·성공은
 * 그 트랜잭션의 이름(`txn`)을 함께 적습니다.
 */
export type HistoryOp =
  | {
      readonly kind: 'send';
      readonly producer: number;
      readonly partition: string;
      readonly value: string;
      readonly txn?: string;
    }
  | {
      readonly kind: 'ack';
      readonly producer: number;
      readonly partition: string;
      readonly value: string;
      readonly offset: number;
      readonly txn?: string;
    }
  | { readonly kind: 'txn-begin'; readonly producer: number; readonly txn: string }
  | {
      readonly kind: 'txn-end';
      readonly producer: number;
      readonly txn: string;
      readonly result: 'commit' | 'abort';
      /**
       * invoke: EndTxn을 처음 보냄. ok: NONE으로 끝남 (결과가 정해짐). unknown: 결과를 모른 채 그만둠 (펜싱, 코디네이터가
       * 시간 초과로 어보트했을 수 있음, EndTxn을 보내기 전에 끝난 트랜잭션)
       */
      readonly outcome: 'invoke' | 'ok' | 'unknown';
    }
  | {
      readonly kind: 'read';
      readonly consumer: number;
      readonly partition: string;
      readonly offset: number;
      readonly value: string;
      /** 이 레코드를 실어 온 Fetch 응답의 하이 워터마크 */
      readonly highWatermark: number;
      /** 격리 수준 (없으면 read_uncommitted) */
      readonly isolation?: 'read_committed' | 'read_uncommitted';
      /** read_committed면 그 응답의 LSO (모르면 없음) */
      readonly lastStableOffset?: number;
      /** 컨슈머 그룹 (실제 역사). 있으면 PollSkip을 세션과 그룹으로 판단합니다 (맨 위 주석) */
      readonly group?: string;
    }
  /** 컨슈머(세션)가 그룹에 들어왔습니다. `partitions`: 그룹이 구독한 파티션 모두 (Unseen을 판단할 범위) */
  | {
      readonly kind: 'join';
      readonly consumer: number;
      readonly group: string;
      readonly partitions: readonly string[];
      readonly isolation: 'read_committed' | 'read_uncommitted';
    }
  /** 그룹이 파티션의 오프셋을 커밋했습니다 (다음에 읽을 오프셋) */
  | {
      readonly kind: 'commit';
      readonly consumer: number;
      readonly group: string;
      readonly partition: string;
      readonly offset: number;
    };

/** 로그의 레코드 하나 */
export interface LogRecord {
  readonly offset: number;
  /** 값. 마커는 `COMMIT(p<프로듀서 ID>)`, `ABORT(p<프로듀서 ID>)` */
  readonly value: string;
  /** 트랜잭션 배치(마커 포함)의 프로듀서 ID */
  readonly producerId?: number;
  /** 컨트롤 배치의 트랜잭션 마커 */
  readonly marker?: 'COMMIT' | 'ABORT';
}

/**
 * 로그의 바이트(배치들)를 검사기의 레코드로 풉니다. `from` 앞의 레코드는 건너뜁니다. 컨트롤 배치의 마커는
 * `COMMIT(p<프로듀서 ID>)` 같은 값으로 적어, 복제본끼리 견줄 때 마커도 함께 견줍니다. 시뮬레이터는 복제본의 로그를,
 * 드릴은 리더에게 Fetch로 받은 바이트를 이것으로 풉니다.
 */
export function logRecordsOf(bytes: Uint8Array, from: number): LogRecord[] {
  const records: LogRecord[] = [];
  for (const batch of decodeBatches(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) {
    const { producerId } = batch.header;
    const end = endTxnMarkerOf(batch);
    const marker = end && (end.type === ControlRecordType.Commit ? 'COMMIT' : 'ABORT');
    const transactional = isTransactional(batch.header);
    for (const r of batch.records) {
      if (r.offset < from) continue;
      const value = marker ? `${marker}(p${producerId})` : Buffer.from(r.value ?? []).toString();
      records.push({ offset: r.offset, value, ...(transactional && { producerId }), ...(marker && { marker }) });
    }
  }
  return records;
}

/** 트랜잭션 레코드의 값 → 로그가 정한 결과: 그 레코드 뒤 같은 프로듀서의 첫 마커 (마커가 아직 없으면 빠짐) */
export function transactionFates(records: readonly LogRecord[]): Map<string, 'COMMIT' | 'ABORT'> {
  const fates = new Map<string, 'COMMIT' | 'ABORT'>();
  const open = new Map<number, string[]>();
  for (const r of records) {
    if (r.producerId === undefined) continue;
    if (r.marker) {
      for (const value of open.get(r.producerId) ?? []) fates.set(value, r.marker);
      open.delete(r.producerId);
    } else open.set(r.producerId, [...(open.get(r.producerId) ?? []), r.value]);
  }
  return fates;
}

/** 회복 뒤 복제본 하나의 로그 */
export interface ReplicaLog {
  readonly broker: number;
  /** 오프셋 순의 레코드 */
  readonly records: readonly LogRecord[];
  readonly highWatermark: number;
}

/** 회복 뒤 파티션 하나: 리더의 로그(하이 워터마크까지가 커밋된 로그)와 다른 복제본들 */
export interface FinalPartition {
  readonly partition: string;
  readonly leader: ReplicaLog;
  readonly followers: readonly ReplicaLog[];
}

export type AnomalyKind =
  | 'LostWrite'
  | 'Duplicate'
  | 'ReadAboveHighWatermark'
  | 'InconsistentRead'
  | 'NonmonotonicOffsets'
  | 'PollSkip'
  | 'DivergentReplicas'
  | 'AbortedRead'
  | 'PrecommittedRead'
  | 'Unseen'
  | 'NonmonotonicSend';

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly partition: string;
  readonly detail: string;
}

/** 역사와 최종 로그에서 이상을 모두 찾습니다 (없으면 빈 배열). */
export function checkReplicationHistory(
  history: readonly HistoryOp[],
  partitions: readonly FinalPartition[],
): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const add = (kind: AnomalyKind, partition: string, detail: string) => anomalies.push({ kind, partition, detail });
  /** 파티션마다 커밋된 로그 (오프셋 → 레코드) */
  const committed = new Map<string, Map<number, LogRecord>>();
  /** 트랜잭션 레코드의 값 → 최종 로그가 정한 결과 (그 뒤 같은 프로듀서의 첫 마커) */
  const fates = new Map<string, 'COMMIT' | 'ABORT'>();
  for (const p of partitions) {
    const log = new Map<number, LogRecord>();
    const offsetsOf = new Map<string, number[]>();
    const below = p.leader.records.filter((r) => r.offset < p.leader.highWatermark);
    for (const [value, fate] of transactionFates(below)) fates.set(value, fate);
    for (const r of below) {
      log.set(r.offset, r);
      if (!r.marker) offsetsOf.set(r.value, [...(offsetsOf.get(r.value) ?? []), r.offset]);
    }
    committed.set(p.partition, log);
    for (const [value, offsets] of offsetsOf) {
      if (offsets.length > 1) add('Duplicate', p.partition, `${value}이(가) 오프셋 ${offsets.join(', ')}에 있습니다`);
    }
    for (const follower of p.followers) {
      const diverged = follower.records.find(
        (r) => r.offset < follower.highWatermark && log.get(r.offset)?.value !== r.value,
      );
      if (diverged) {
        add(
          'DivergentReplicas',
          p.partition,
          `브로커 ${follower.broker}의 오프셋 ${diverged.offset}(하이 워터마크 ${follower.highWatermark} 앞)은 ${diverged.value}, ` +
            `리더 ${p.leader.broker}의 것은 ${log.get(diverged.offset)?.value ?? '없음'}`,
        );
      }
    }
  }

  // 트랜잭션: 값마다 그 트랜잭션, 트랜잭션마다 역사가 아는 결과와 커밋을 처음 보낸 자리
  const txnOf = new Map<string, string>();
  const valuesOf = new Map<string, { partition: string; value: string }[]>();
  const known = new Map<string, 'commit' | 'abort'>();
  const commitInvoked = new Set<string>();

  const lastRead = new Map<string, number>();
  const readOffsets = new Map<string, { committed: boolean; offsets: Set<number>; grouped: boolean }>();
  const lastAck = new Map<string, number>();
  const groups = new Map<string, GroupReads>();
  const groupOf = (name: string): GroupReads => {
    let g = groups.get(name);
    if (!g) {
      g = { partitions: new Set(), committed: false, reads: new Map(), commits: new Map() };
      groups.set(name, g);
    }
    return g;
  };
  for (const op of history) {
    if (op.kind === 'join') {
      const g = groupOf(op.group);
      for (const p of op.partitions) g.partitions.add(p);
      g.committed = op.isolation === 'read_committed';
      continue;
    }
    if (op.kind === 'commit') {
      const commits = groupOf(op.group).commits;
      commits.set(op.partition, Math.max(commits.get(op.partition) ?? 0, op.offset));
      continue;
    }
    if (op.kind === 'send') {
      if (op.txn === undefined) continue;
      txnOf.set(op.value, op.txn);
      valuesOf.set(op.txn, [...(valuesOf.get(op.txn) ?? []), { partition: op.partition, value: op.value }]);
    } else if (op.kind === 'txn-end') {
      if (op.outcome === 'ok') known.set(op.txn, op.result);
      if (op.result === 'commit' && op.outcome === 'invoke') commitInvoked.add(op.txn);
    } else if (op.kind === 'ack') {
      const sender = `${op.producer}/${op.partition}`;
      const before = lastAck.get(sender);
      if (before !== undefined && op.offset <= before) {
        add(
          'NonmonotonicSend',
          op.partition,
          `프로듀서 ${op.producer}의 성공 응답 오프셋이 ${before} 다음에 ${op.offset}입니다 (${op.value})`,
        );
      }
      lastAck.set(sender, op.offset);
      const found = committed.get(op.partition)?.get(op.offset)?.value;
      if (found !== op.value) {
        add(
          'LostWrite',
          op.partition,
          `프로듀서 ${op.producer}의 ${op.value}는 오프셋 ${op.offset}로 성공했는데, 최종 로그의 그 자리는 ${found ?? '없음'}`,
        );
      }
    } else if (op.kind === 'read') {
      const who = `컨슈머 ${op.consumer}가 오프셋 ${op.offset}(${op.value})를`;
      if (op.offset >= op.highWatermark) {
        add('ReadAboveHighWatermark', op.partition, `${who} 하이 워터마크 ${op.highWatermark}인 응답에서 받았습니다`);
      }
      const found = committed.get(op.partition)?.get(op.offset)?.value;
      if (found !== op.value) {
        add(
          'InconsistentRead',
          op.partition,
          `컨슈머 ${op.consumer}가 오프셋 ${op.offset}에서 ${op.value}를 읽었는데, 최종 로그의 그 자리는 ${found ?? '없음'}`,
        );
      }
      const key = `${op.consumer}/${op.partition}`;
      const previous = lastRead.get(key);
      if (previous !== undefined && op.offset <= previous) {
        add(
          'NonmonotonicOffsets',
          op.partition,
          `컨슈머 ${op.consumer}가 오프셋 ${previous} 다음에 ${op.offset}를 읽었습니다`,
        );
      }
      lastRead.set(key, op.offset);
      const readCommitted = op.isolation === 'read_committed';
      const reads = readOffsets.get(key) ?? {
        committed: readCommitted,
        offsets: new Set<number>(),
        grouped: op.group !== undefined,
      };
      reads.offsets.add(op.offset);
      readOffsets.set(key, reads);
      if (op.group !== undefined) {
        const g = groupOf(op.group);
        const seen = g.reads.get(op.partition) ?? new Set<number>();
        seen.add(op.offset);
        g.reads.set(op.partition, seen);
      }
      if (!readCommitted) continue;
      const txn = txnOf.get(op.value);
      const aborted = fates.get(op.value) === 'ABORT' || (txn !== undefined && known.get(txn) === 'abort');
      // 어보트된 트랜잭션의 레코드는 AbortedRead 하나로 셉니다 (커밋된 적이 없으니 커밋 전의 읽기이기도 하지만).
      if (aborted) {
        add('AbortedRead', op.partition, `read_committed ${who} 읽었는데, 그 트랜잭션(${txn})은 어보트되었습니다`);
      } else if (op.lastStableOffset !== undefined && op.offset >= op.lastStableOffset) {
        add('PrecommittedRead', op.partition, `read_committed ${who} LSO ${op.lastStableOffset}인 응답에서 받았습니다`);
      } else if (txn !== undefined && !commitInvoked.has(txn)) {
        add(
          'PrecommittedRead',
          op.partition,
          `read_committed ${who} 그 트랜잭션(${txn})의 커밋을 보내기도 전에 읽었습니다`,
        );
      }
    }
  }

  // 커밋이 확인된 트랜잭션의 레코드는 최종 로그에서 COMMIT으로 끝나야 합니다.
  for (const [txn, result] of known) {
    if (result !== 'commit') continue;
    for (const { partition, value } of valuesOf.get(txn) ?? []) {
      if (fates.get(value) === 'ABORT') {
        add(
          'LostWrite',
          partition,
          `트랜잭션 ${txn}의 커밋이 확인되었는데, 최종 로그에서 ${value}는 ABORT 마커로 끝났습니다`,
        );
      }
    }
  }

  // 그룹이 없는 컨슈머는 오프셋 0부터, 그룹의 세션은 첫 읽기부터 읽으므로, 마지막으로 읽은 오프셋 앞의 보여야 할
  // 레코드는 모두 읽었어야 합니다.
  for (const [key, reads] of readOffsets) {
    const partition = key.slice(key.indexOf('/') + 1);
    const last = Math.max(...reads.offsets);
    const first = reads.grouped ? Math.min(...reads.offsets) : 0;
    for (const [offset, r] of committed.get(partition) ?? []) {
      if (offset < first || offset >= last || r.marker || reads.offsets.has(offset)) continue;
      if (reads.committed && fates.get(r.value) === 'ABORT') continue;
      add(
        'PollSkip',
        partition,
        `컨슈머 ${key.slice(0, key.indexOf('/'))}가 오프셋 ${last}까지 읽으며 ${offset}(${r.value})를 건너뛰었습니다`,
      );
      break;
    }
  }

  // 그룹 전체: 끝(마지막 읽기 + 1과 커밋 가운데 큰 것) 앞은 PollSkip, 그 뒤에 남은 성공한 쓰기는 Unseen입니다.
  const ackedValues = new Set<string>();
  for (const op of history) {
    if (op.kind !== 'ack') continue;
    if (op.txn === undefined || known.get(op.txn) === 'commit') ackedValues.add(op.value);
  }
  for (const [name, g] of groups) {
    const visible = (r: LogRecord) =>
      !r.marker && !(g.committed && r.producerId !== undefined && fates.get(r.value) !== 'COMMIT');
    for (const partition of new Set([...g.partitions, ...g.reads.keys(), ...g.commits.keys()])) {
      const seen = g.reads.get(partition) ?? new Set<number>();
      const end = Math.max(seen.size > 0 ? Math.max(...seen) + 1 : 0, g.commits.get(partition) ?? 0);
      let skipped: LogRecord | null = null;
      let unseen = 0;
      let example = '';
      for (const [offset, r] of committed.get(partition) ?? []) {
        if (!visible(r) || seen.has(offset)) continue;
        if (offset < end) skipped ??= r;
        else if (ackedValues.has(r.value)) {
          unseen++;
          example ||= `${offset}(${r.value})`;
        }
      }
      if (skipped) {
        add(
          'PollSkip',
          partition,
          `그룹 ${name}이(가) 오프셋 ${end} 앞까지 읽고 커밋했는데 ${skipped.offset}(${skipped.value})는 아무 멤버도 읽지 않았습니다`,
        );
      }
      if (unseen > 0) {
        add(
          'Unseen',
          partition,
          `성공한 쓰기 ${unseen}개를 그룹 ${name}의 아무 멤버도 읽지 못했습니다 (그룹은 오프셋 ${end} 앞까지, 처음 것 ${example})`,
        );
      }
    }
  }
  return anomalies;
}

/** 그룹 하나가 겪은 것: 구독한 파티션, 격리 수준, 파티션마다 모든 멤버가 읽은 오프셋과 가장 큰 커밋 */
interface GroupReads {
  readonly partitions: Set<string>;
  committed: boolean;
  readonly reads: Map<string, Set<number>>;
  readonly commits: Map<string, number>;
}

/** 이상을 종류마다 세어 한 줄로 (`LostWrite 3, Duplicate 1`) */
export function countAnomalies(anomalies: readonly Anomaly[]): string {
  const counts = new Map<AnomalyKind, number>();
  for (const a of anomalies) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
}
