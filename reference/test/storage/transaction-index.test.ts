/**
 * `.txnindex`(Kafka: TransactionIndex): 어보트된 트랜잭션만 34바이트 항목으로 적고, read_committed Fetch가 범위에 걸친
 * 항목을 첫 오프셋 순으로 찾습니다. 세그먼트를 잘라 내면 항목도 잘리고, 세그먼트를 지우면 파일도 지워집니다.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectAbortedTxns, TransactionIndex } from '../../src/storage/transaction-index.js';
import { tempDir } from './helpers.js';

const txn = (producerId: number, firstOffset: number, lastOffset: number, lastStableOffset = lastOffset + 1) => ({
  producerId,
  firstOffset,
  lastOffset,
  lastStableOffset,
});

describe('transaction index', () => {
  it('collects the aborted transactions that overlap [fetchOffset, upperBound), sorted by first offset', () => {
    const entries = [txn(1, 10, 20, 5), txn(2, 3, 25, 30), txn(3, 40, 50)];
    expect(collectAbortedTxns(entries, 21, 35).aborted.map((t) => t.producerId)).toEqual([2]);
    expect(collectAbortedTxns(entries, 0, 45).aborted.map((t) => t.producerId)).toEqual([2, 1, 3]);
    expect(collectAbortedTxns(entries, 51, 60).aborted).toEqual([]);
    expect(collectAbortedTxns(entries, 0, 30).complete, 'LSO 30인 항목이 범위 끝에 닿습니다').toBe(true);
    expect(collectAbortedTxns(entries, 0, 60).complete).toBe(false);
  });

  it('stores 34-byte entries lazily, truncates them with the segment and refuses out-of-order markers', () => {
    const dir = tempDir();
    const file = `${dir}/00000000000000000000.txnindex`;
    const index = new TransactionIndex(file, true);
    expect(existsSync(file), '어보트가 없으면 파일도 없습니다').toBe(false);
    index.append(txn(7, 0, 4));
    index.append(txn(8, 2, 9));
    expect(readFileSync(file)).toHaveLength(68);
    expect(() => index.append(txn(9, 1, 9))).toThrow(/must come after/);
    index.truncateTo(9);
    expect(index.allEntries()).toEqual([txn(7, 0, 4)]);
    index.close();
    expect(new TransactionIndex(file, false).allEntries(), '다시 열어도 같습니다').toEqual([txn(7, 0, 4)]);
  });
});
