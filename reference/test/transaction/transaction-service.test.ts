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
}

function world(): World {
  return { ledger: [], markers: [], clock: { now: 0 }, failMarkers: false, failLedger: false };
}

function service(w: World): TransactionService {
  let nextId = 5000;
  return new TransactionService({
    now: () => w.clock.now,
    numPartitions: 50,
    maxTimeoutMs: 900_000,
    isLocalLeader: () => true,
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
    expect(txns.addPartitions('tx', producerId, producerEpoch, orders)).toBe(ErrorCode.NONE);
    expect(txns.endTransaction('tx', producerId, producerEpoch, true)).toBe(ErrorCode.NONE);
    expect(states(w)).toEqual(['Empty', 'Ongoing', 'PrepareCommit', 'CompleteCommit']);
    expect(w.markers).toEqual([{ transactionalId: 'tx', producerEpoch: 0, commit: true, partitions: 2 }]);
    // 응답을 잃은 프로듀서의 같은 EndTxn: 그대로 성공, 장부도 마커도 늘지 않습니다.
    expect(txns.endTransaction('tx', producerId, producerEpoch, true)).toBe(ErrorCode.NONE);
    expect(w.ledger).toHaveLength(4);
  });

  it('does not change its state when the ledger write fails', async () => {
    const w = world();
    const txns = service(w);
    const { producerId } = await txns.initProducerId('tx', 60_000, null);
    w.failLedger = true;
    expect(txns.addPartitions('tx', producerId, 0, orders), '코디네이터 오류로 바꿔 답합니다').toBe(
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    );
    expect(txns.get('tx')?.state).toBe('Empty');
  });

  it('finishes a transaction left in PrepareCommit by a crash, after replaying the ledger', async () => {
    const w = world();
    const before = service(w);
    const { producerId } = await before.initProducerId('tx', 60_000, null);
    before.addPartitions('tx', producerId, 0, orders);
    w.failMarkers = true; // 마커를 쓰기 전에 "죽습니다"
    expect(before.endTransaction('tx', producerId, 0, true), 'PrepareCommit을 적었으면 프로듀서에게는 성공').toBe(
      ErrorCode.NONE,
    );
    expect(states(w).at(-1)).toBe('PrepareCommit');

    w.failMarkers = false;
    const after = service(w);
    after.load(w.ledger.map(({ key, value }) => ({ key, value })));
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
    txns.addPartitions('slow', producerId, 0, orders);
    txns.tick(1100);
    expect(
      txns.get('slow')?.state,
      '시작 100 + 타임아웃 1000 = 1100: 딱 그만큼은 아직입니다(Kafka: 시작 + 타임아웃 < 지금)',
    ).toBe('Ongoing');
    txns.tick(1101);
    expect(w.markers).toEqual([{ transactionalId: 'slow', producerEpoch: 1, commit: false, partitions: 2 }]);
    expect(txns.get('slow')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
    expect(txns.endTransaction('slow', producerId, 0, true), '막힌 프로듀서의 커밋').toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('fences a zombie: a second InitProducerId aborts the open transaction and asks the caller to retry', async () => {
    const w = world();
    const txns = service(w);
    const first = await txns.initProducerId('tx', 60_000, null);
    txns.addPartitions('tx', first.producerId, first.producerEpoch, orders);
    const retry = await txns.initProducerId('tx', 60_000, null);
    expect(retry.errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(w.markers).toEqual([{ transactionalId: 'tx', producerEpoch: 1, commit: false, partitions: 2 }]);
    const second = await txns.initProducerId('tx', 60_000, null);
    expect(second).toEqual({ errorCode: ErrorCode.NONE, producerId: first.producerId, producerEpoch: 2 });
    expect(txns.addPartitions('tx', first.producerId, first.producerEpoch, orders)).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('refuses a transaction timeout above transaction.max.timeout.ms', async () => {
    const txns = service(world());
    expect((await txns.initProducerId('tx', 900_001, null)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });
});
