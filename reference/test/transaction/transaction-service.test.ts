/**
 * TransactionService: 장부(`__transaction_state`)에 쓰고 나서 적용하고, 마커를 쓴 뒤 Complete를 적습니다. 다시 켜지면
 * 장부를 재생해 Prepare에서 멈춘 트랜잭션을 마저 끝내고, 시간이 지난 트랜잭션은 에포크를 올려 어보트합니다.
 * 장부와 마커는 메모리 배열로 대신합니다 (입출력은 브로커 조립에서 진짜 로그로 잇습니다: e2e/transactions.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../../src/protocol/error-codes.js';
import { createLogger } from '../../src/server/logger.js';
import { decodeTransactionLogRecord } from '../../src/transaction/transaction-log.js';
import { TransactionService } from '../../src/transaction/transaction-service.js';
import type { TransactionMetadata } from '../../src/transaction/transaction-state.js';

interface World {
  ledger: { key: Buffer; value: Buffer }[];
  markers: { transactionalId: string; producerEpoch: number; commit: boolean; partitions: number }[];
  clock: { now: number };
  failMarkers: boolean;
  failLedger: boolean;
  /** 장부 쓰기가 ISR 모두에게 복제되기를 기다리는 일 (기본: 곧바로 복제됨) */
  replicated: () => Promise<number>;
}

/** 걸려 있는 Promise의 후속 작업을 모두 돌립니다 */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function world(): World {
  return {
    ledger: [],
    markers: [],
    clock: { now: 0 },
    failMarkers: false,
    failLedger: false,
    replicated: async () => ErrorCode.NONE,
  };
}

/** 장부의 모든 파티션을 맡은 코디네이터. `ledger`를 주면 다시 켜진 코디네이터처럼 그 레코드를 읽어 들입니다. */
function service(w: World, ledger: readonly { key: Buffer; value: Buffer }[] = []): TransactionService {
  let nextId = 5000;
  const txns = new TransactionService({
    now: () => w.clock.now,
    numPartitions: 50,
    maxTimeoutMs: 900_000,
    isLocalLeader: () => true,
    awaitReplicated: () => w.replicated(),
    createTransactionTopic: async () => {},
    append: (_partition, record) => {
      if (w.failLedger) throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      w.ledger.push(record);
    },
    newProducerId: async () => nextId++,
    writeMarkers: (metadata: TransactionMetadata, commit: boolean) => {
      if (w.failMarkers) throw new Error('파티션 리더가 없습니다');
      w.markers.push({
        transactionalId: metadata.transactionalId,
        producerEpoch: metadata.producerEpoch,
        commit,
        partitions: metadata.partitions.length,
      });
    },
    log: createLogger('silent'),
  });
  const partitionOf = (r: { key: Buffer; value: Buffer }) =>
    txns.partitionFor(decodeTransactionLogRecord(r.key, r.value).transactionalId);
  for (let p = 0; p < 50; p++)
    txns.onElection(
      p,
      0,
      ledger.filter((r) => partitionOf(r) === p),
    );
  return txns;
}

const states = (w: World) =>
  w.ledger.map((r) => decodeTransactionLogRecord(r.key, r.value)).map((m) => ('state' in m ? m.state : 'removed'));
const orders = [
  { topic: 'orders', partition: 0 },
  { topic: 'orders', partition: 1 },
];

describe('TransactionService', () => {
  it('writes every step to the ledger before applying it: Empty, Ongoing, PrepareCommit, markers, CompleteCommit', async () => {
    const w = world();
    const txns = service(w);
    const { producerId, producerEpoch, errorCode } = await txns.initProducerId('tx', 60_000, null);
    expect(errorCode).toBe(ErrorCode.NONE);
    expect(await txns.addPartitions('tx', producerId, producerEpoch, orders)).toBe(ErrorCode.NONE);
    expect(await txns.endTransaction('tx', producerId, producerEpoch, true)).toBe(ErrorCode.NONE);
    expect(states(w)).toEqual(['Empty', 'Ongoing', 'PrepareCommit', 'CompleteCommit']);
    expect(w.markers).toEqual([{ transactionalId: 'tx', producerEpoch: 0, commit: true, partitions: 2 }]);
    // 응답을 잃은 프로듀서의 같은 EndTxn: 그대로 성공, 장부도 마커도 늘지 않습니다.
    expect(await txns.endTransaction('tx', producerId, producerEpoch, true)).toBe(ErrorCode.NONE);
    expect(w.ledger).toHaveLength(4);
  });

  it('does not change its state when the ledger write fails', async () => {
    const w = world();
    const txns = service(w);
    const { producerId } = await txns.initProducerId('tx', 60_000, null);
    w.failLedger = true;
    expect(await txns.addPartitions('tx', producerId, 0, orders), '코디네이터 오류로 바꿔 답합니다').toBe(
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    );
    expect(txns.get('tx')?.state).toBe('Empty');
  });

  it('finishes a transaction left in PrepareCommit by a crash, after replaying the ledger', async () => {
    const w = world();
    const before = service(w);
    const { producerId } = await before.initProducerId('tx', 60_000, null);
    await before.addPartitions('tx', producerId, 0, orders);
    w.failMarkers = true; // 마커를 쓰기 전에 "죽습니다"
    expect(await before.endTransaction('tx', producerId, 0, true), 'PrepareCommit을 적었으면 프로듀서에게는 성공').toBe(
      ErrorCode.NONE,
    );
    expect(states(w).at(-1)).toBe('PrepareCommit');

    w.failMarkers = false;
    const after = service(w, w.ledger);
    expect(after.get('tx')?.state).toBe('PrepareCommit');
    after.tick(w.clock.now);
    expect(w.markers).toEqual([{ transactionalId: 'tx', producerEpoch: 0, commit: true, partitions: 2 }]);
    expect(after.get('tx')?.state).toBe('CompleteCommit');
    expect(states(w).at(-1)).toBe('CompleteCommit');
  });

  it('aborts a transaction open longer than transaction.timeout.ms with a bumped epoch, fencing its producer', async () => {
    const w = world();
    const txns = service(w);
    const { producerId } = await txns.initProducerId('slow', 1000, null);
    w.clock.now = 100;
    await txns.addPartitions('slow', producerId, 0, orders);
    txns.tick(1100);
    expect(
      txns.get('slow')?.state,
      '시작 100 + 타임아웃 1000 = 1100: 딱 그만큼은 아직입니다(Kafka: 시작 + 타임아웃 < 지금)',
    ).toBe('Ongoing');
    txns.tick(1101);
    await settle();
    expect(w.markers).toEqual([{ transactionalId: 'slow', producerEpoch: 1, commit: false, partitions: 2 }]);
    expect(txns.get('slow')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
    expect(await txns.endTransaction('slow', producerId, 0, true), '막힌 프로듀서의 커밋').toBe(
      ErrorCode.PRODUCER_FENCED,
    );
  });

  it('sends the abort markers of a timed-out transaction only once its PrepareAbort reached the ISR', async () => {
    const w = world();
    const txns = service(w);
    const { producerId } = await txns.initProducerId('slow', 1000, null);
    await txns.addPartitions('slow', producerId, 0, orders);
    const waiting: ((errorCode: number) => void)[] = [];
    w.replicated = () => new Promise((resolve) => waiting.push(resolve));
    txns.tick(1001);
    txns.tick(1002);
    await settle();
    // Kafka: 마커는 appendTransactionToLog의 acks=-1 콜백에서만. 닿기 전에 보낸 ABORT는 코디네이터가 바뀌어 PrepareAbort가
    // 잘려 나가면 새 코디네이터가 커밋한 트랜잭션을 파티션에서 어보트합니다.
    expect(txns.get('slow')?.state, '장부에는 적었지만').toBe('PrepareAbort');
    expect(w.markers, 'ISR에 닿기 전에는 마커가 없습니다').toEqual([]);
    for (const replicate of waiting) replicate(ErrorCode.NONE);
    await settle();
    expect(w.markers).toEqual([{ transactionalId: 'slow', producerEpoch: 1, commit: false, partitions: 2 }]);
  });

  it('fences a zombie: a second InitProducerId aborts the open transaction and asks the caller to retry', async () => {
    const w = world();
    const txns = service(w);
    const first = await txns.initProducerId('tx', 60_000, null);
    await txns.addPartitions('tx', first.producerId, first.producerEpoch, orders);
    const retry = await txns.initProducerId('tx', 60_000, null);
    expect(retry.errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    await settle();
    expect(w.markers).toEqual([{ transactionalId: 'tx', producerEpoch: 1, commit: false, partitions: 2 }]);
    const second = await txns.initProducerId('tx', 60_000, null);
    expect(second).toEqual({ errorCode: ErrorCode.NONE, producerId: first.producerId, producerEpoch: 2 });
    expect(await txns.addPartitions('tx', first.producerId, first.producerEpoch, orders)).toBe(
      ErrorCode.PRODUCER_FENCED,
    );
  });

  it('refuses a transaction timeout above transaction.max.timeout.ms', async () => {
    const txns = service(world());
    expect((await txns.initProducerId('tx', 900_001, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });
});

describe('the coordinator follows its __transaction_state partitions (TransactionCoordinator.onElection / onResignation)', () => {
  it('answers COORDINATOR_LOAD_IN_PROGRESS until the partition is read, keeps the leader epoch as coordinator epoch, and forgets the partition on resignation', async () => {
    const w = world();
    const first = service(w);
    const { producerId } = await first.initProducerId('tx', 60_000, null);
    expect(await first.addPartitions('tx', producerId, 0, orders)).toBe(ErrorCode.NONE);

    const next = service(w, []);
    const partition = next.partitionFor('tx');
    next.onResignation(partition);
    expect(next.coordinatorError('tx')).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    expect(await next.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    next.onElection(partition, 7, w.ledger);
    expect(next.coordinatorEpoch('tx')).toBe(7);
    expect(next.get('tx')?.state).toBe('Ongoing');
    next.onResignation(partition);
    expect(next.get('tx'), '내려놓은 파티션의 트랜잭션은 메모리에 없습니다').toBeUndefined();
    expect(next.coordinatorEpoch('tx')).toBe(-1);
  });

  it('on election resumes only the markers of Prepare transactions; a timed-out transaction waits for the cleanup interval (tick)', async () => {
    const w = world();
    const before = service(w);
    const prepared = await before.initProducerId('prepared', 60_000, null);
    await before.addPartitions('prepared', prepared.producerId, 0, orders);
    w.failMarkers = true;
    expect(await before.endTransaction('prepared', prepared.producerId, 0, true)).toBe(ErrorCode.NONE);
    const slow = await before.initProducerId('slow', 1000, null);
    await before.addPartitions('slow', slow.producerId, 0, orders);
    w.failMarkers = false;

    // 새 코디네이터: 파티션을 맡을 때 한 번만 읽고(true), 같은 파티션을 다시 맡으면 읽지 않습니다(false).
    const after = service(w, []);
    for (const id of ['prepared', 'slow']) after.onResignation(after.partitionFor(id));
    const records = () => w.ledger;
    const loaded = ['prepared', 'slow'].map((id) => after.onElection(after.partitionFor(id), 3, records()));
    expect(loaded.filter(Boolean).length, '두 ID가 한 파티션이면 두 번째는 이미 읽은 파티션').toBeGreaterThan(0);
    expect(after.onElection(after.partitionFor('prepared'), 3, records())).toBe(false);

    w.clock.now = 5000; // 'slow'의 타임아웃(1000 ms)이 한참 지났습니다
    after.resumePrepared();
    await settle();
    expect(after.get('prepared')?.state).toBe('CompleteCommit');
    expect(after.get('slow')?.state, '시간 초과 어보트는 주기 작업(tick)의 일').toBe('Ongoing');
    after.tick(w.clock.now);
    await settle();
    expect(after.get('slow')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
  });

  it('answers EndTxn only once PrepareCommit reached the ISR, and writes the markers after that', async () => {
    const w = world();
    const txns = service(w);
    const { producerId } = await txns.initProducerId('tx', 60_000, null);
    await txns.addPartitions('tx', producerId, 0, orders);
    let replicate: (errorCode: number) => void = () => {};
    w.replicated = () => new Promise((resolve) => (replicate = resolve));
    const answer = txns.endTransaction('tx', producerId, 0, true);
    await Promise.resolve();
    expect(states(w).at(-1)).toBe('PrepareCommit');
    expect(w.markers, '복제되기 전에는 마커를 쓰지 않습니다').toEqual([]);
    replicate(ErrorCode.NONE);
    expect(await answer).toBe(ErrorCode.NONE);
    expect(w.markers).toEqual([{ transactionalId: 'tx', producerEpoch: 0, commit: true, partitions: 2 }]);
    expect(states(w).at(-1)).toBe('CompleteCommit');
  });

  it('answers COORDINATOR_NOT_AVAILABLE when PrepareCommit could not reach the ISR, and writes no marker', async () => {
    const w = world();
    const txns = service(w);
    const { producerId } = await txns.initProducerId('tx', 60_000, null);
    await txns.addPartitions('tx', producerId, 0, orders);
    w.replicated = async () => ErrorCode.REQUEST_TIMED_OUT;
    expect(await txns.endTransaction('tx', producerId, 0, true)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(w.markers).toEqual([]);
    w.replicated = async () => ErrorCode.NONE;
    const other = await txns.initProducerId('other', 60_000, null);
    w.replicated = async () => ErrorCode.NOT_LEADER_OR_FOLLOWER;
    expect(await txns.addPartitions('other', other.producerId, 0, orders)).toBe(ErrorCode.NOT_COORDINATOR);
  });
});
