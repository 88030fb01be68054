/**
 * 드릴의 검사기(reference/src/sim/replication-checker.ts)를 손으로 만든 "진짜 모양"의 역사에 대고: 멀쩡한 역사에는
 * 이상이 없고, 하나씩 망가뜨린 역사마다 그 종류의 이상이 (그것만) 나옵니다. 그룹의 재전달처럼 허용되는 것은 이상이
 * 아닙니다.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnomalyKind,
  checkReplicationHistory,
  type FinalPartition,
  type HistoryOp,
  type LogRecord,
} from '../../reference/src/sim/replication-checker.js';

const I = 'idem-0';
const T = 'txn-0';

/** 멱등 토픽: 프로듀서 1이 a0..a3을 오프셋 0..3에. 트랜잭션 토픽: t1(커밋) 오프셋 0, 마커 1; t2(어보트) 2, 마커 3 */
function finalLogs(): FinalPartition[] {
  const idem: LogRecord[] = ['a0', 'a1', 'a2', 'a3'].map((value, offset) => ({ offset, value }));
  const txn: LogRecord[] = [
    { offset: 0, value: 't1-0', producerId: 7 },
    { offset: 1, value: 'COMMIT(p7)', producerId: 7, marker: 'COMMIT' },
    { offset: 2, value: 't2-0', producerId: 7 },
    { offset: 3, value: 'ABORT(p7)', producerId: 7, marker: 'ABORT' },
  ];
  return [
    { partition: I, leader: { broker: 1, records: idem, highWatermark: 4 }, followers: [] },
    { partition: T, leader: { broker: 2, records: txn, highWatermark: 4 }, followers: [] },
  ];
}

const read = (consumer: number, group: string, partition: string, offset: number, value: string): HistoryOp => ({
  kind: 'read',
  consumer,
  partition,
  offset,
  value,
  highWatermark: 4,
  isolation: partition === T ? 'read_committed' : 'read_uncommitted',
  group,
});

/** 멀쩡한 역사: 쓰고, 그룹 g의 세션 10이 a0..a1을 읽고 커밋한 뒤 리밸런스, 세션 11이 a2부터 (a1을 한 번 더) 읽음 */
function goodHistory(): HistoryOp[] {
  const ops: HistoryOp[] = [];
  ['a0', 'a1', 'a2', 'a3'].forEach((value, offset) => {
    ops.push({ kind: 'send', producer: 1, partition: I, value });
    ops.push({ kind: 'ack', producer: 1, partition: I, value, offset });
  });
  ops.push(
    { kind: 'txn-begin', producer: 2, txn: 't1' },
    { kind: 'send', producer: 2, partition: T, value: 't1-0', txn: 't1' },
    { kind: 'ack', producer: 2, partition: T, value: 't1-0', offset: 0, txn: 't1' },
    { kind: 'txn-end', producer: 2, txn: 't1', result: 'commit', outcome: 'invoke' },
    { kind: 'txn-end', producer: 2, txn: 't1', result: 'commit', outcome: 'ok' },
    { kind: 'txn-begin', producer: 2, txn: 't2' },
    { kind: 'send', producer: 2, partition: T, value: 't2-0', txn: 't2' },
    { kind: 'ack', producer: 2, partition: T, value: 't2-0', offset: 2, txn: 't2' },
    { kind: 'txn-end', producer: 2, txn: 't2', result: 'abort', outcome: 'invoke' },
    { kind: 'txn-end', producer: 2, txn: 't2', result: 'abort', outcome: 'ok' },
  );
  ops.push(
    { kind: 'join', consumer: 10, group: 'g', partitions: [I], isolation: 'read_uncommitted' },
    read(10, 'g', I, 0, 'a0'),
    read(10, 'g', I, 1, 'a1'),
    { kind: 'commit', consumer: 10, group: 'g', partition: I, offset: 1 },
    // 리밸런스: 새 세션은 커밋된 1부터 다시 (a1의 재전달은 이상이 아닙니다)
    { kind: 'join', consumer: 11, group: 'g', partitions: [I], isolation: 'read_uncommitted' },
    read(11, 'g', I, 1, 'a1'),
    read(11, 'g', I, 2, 'a2'),
    read(11, 'g', I, 3, 'a3'),
    { kind: 'commit', consumer: 11, group: 'g', partition: I, offset: 4 },
    { kind: 'join', consumer: 20, group: 'h', partitions: [T], isolation: 'read_committed' },
    read(20, 'h', T, 0, 't1-0'),
    { kind: 'commit', consumer: 20, group: 'h', partition: T, offset: 4 },
  );
  return ops;
}

function kinds(history: readonly HistoryOp[], logs = finalLogs()): AnomalyKind[] {
  return checkReplicationHistory(history, logs).map((a) => a.kind);
}

describe('드릴의 검사기: 실제 역사의 이상 종류', () => {
  it('멀쩡한 역사에는 이상이 없습니다 (리밸런스 뒤 커밋된 자리부터의 재전달, 어보트된 레코드를 읽지 않음은 허용)', () => {
    expect(checkReplicationHistory(goodHistory(), finalLogs())).toEqual([]);
  });

  it('잃은 쓰기: 성공한 쓰기의 오프셋에 최종 로그가 다른 값을 가집니다', () => {
    const logs = finalLogs();
    const idem = logs[0] as FinalPartition;
    logs[0] = {
      ...idem,
      leader: { ...idem.leader, records: idem.leader.records.map((r) => (r.offset === 2 ? { ...r, value: 'x' } : r)) },
    };
    // 오프셋 2의 값이 바뀌면 a2는 잃은 것이고, 그것을 읽은 기록은 최종 로그와 어긋납니다
    expect(new Set(kinds(goodHistory(), logs))).toEqual(new Set(['LostWrite', 'InconsistentRead']));
  });

  it('중복: 같은 값이 로그의 두 오프셋에 있습니다', () => {
    const logs = finalLogs();
    const idem = logs[0] as FinalPartition;
    logs[0] = {
      ...idem,
      leader: { ...idem.leader, records: [...idem.leader.records, { offset: 4, value: 'a1' }], highWatermark: 5 },
    };
    const history = [...goodHistory(), { ...read(11, 'g', I, 4, 'a1'), highWatermark: 5 }];
    expect(kinds(history, logs)).toEqual(['Duplicate']);
  });

  it('못 읽음: 그룹이 읽은 끝 뒤에 성공한 쓰기가 남았습니다', () => {
    const history = goodHistory().filter(
      (op) =>
        !(op.kind === 'read' && op.offset === 3) && !(op.kind === 'commit' && op.offset === 4 && op.group === 'g'),
    );
    expect(kinds(history)).toEqual(['Unseen']);
  });

  it('건너뜀: 세션이 읽은 두 오프셋 사이를 건너뛰고, 그룹도 아무도 읽지 않았습니다', () => {
    const history = goodHistory().filter((op) => !(op.kind === 'read' && op.offset === 2));
    expect(kinds(history)).toEqual(['PollSkip', 'PollSkip']);
  });

  it('건너뜀: 그룹이 아무 멤버도 읽지 않은 레코드를 넘어 커밋했습니다', () => {
    const history = goodHistory().filter((op) => !(op.kind === 'read' && (op.offset === 2 || op.offset === 3)));
    expect(kinds(history)).toEqual(['PollSkip']);
  });

  it('역행 읽기: 한 세션 안에서 오프셋이 뒤로 갑니다 (세션이 바뀐 재전달과 다릅니다)', () => {
    const history = [...goodHistory(), read(11, 'g', I, 1, 'a1')];
    expect(kinds(history)).toEqual(['NonmonotonicOffsets']);
  });

  it('역행 쓰기: 한 프로듀서가 한 파티션에 받은 성공 응답의 오프셋이 뒤로 갑니다', () => {
    const history = goodHistory();
    const at = history.findIndex((op) => op.kind === 'ack' && op.value === 'a3');
    history.splice(at + 1, 0, { kind: 'ack', producer: 1, partition: I, value: 'a1', offset: 1 });
    expect(kinds(history)).toEqual(['NonmonotonicSend']);
  });

  it('어긋난 오프셋: 읽은 오프셋의 값이 최종 로그와 다릅니다', () => {
    const history = goodHistory().map((op) =>
      op.kind === 'read' && op.consumer === 11 && op.offset === 2 ? { ...op, value: 'a3' } : op,
    );
    expect(kinds(history)).toEqual(['InconsistentRead']);
  });

  it('어보트 읽음: read_committed 그룹이 어보트된 트랜잭션의 레코드를 읽었습니다', () => {
    const history = [...goodHistory(), read(20, 'h', T, 2, 't2-0')];
    expect(kinds(history)).toEqual(['AbortedRead']);
  });

  it('커밋 전 읽음: read_committed 그룹이 커밋을 보내기도 전에 트랜잭션의 레코드를 읽었습니다', () => {
    const history = goodHistory().filter((op) => !(op.kind === 'read' && op.partition === T));
    const at = history.findIndex((op) => op.kind === 'ack' && op.value === 't1-0');
    history.splice(at + 1, 0, read(20, 'h', T, 0, 't1-0'));
    expect(kinds(history)).toEqual(['PrecommittedRead']);
  });

  it('HW 위 읽음: 응답의 하이 워터마크 이상의 오프셋을 받았습니다', () => {
    const history = goodHistory().map((op) =>
      op.kind === 'read' && op.consumer === 11 && op.offset === 3 ? { ...op, highWatermark: 3 } : op,
    );
    expect(kinds(history)).toEqual(['ReadAboveHighWatermark']);
  });
});
