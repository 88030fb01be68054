/**
 * 트랜잭션 인덱스(Transaction Index): 세그먼트마다 있는 `<baseOffset>.txnindex`. **어보트된** 트랜잭션만 적습니다
 * (Kafka: `TransactionIndex`, `AbortedTxn`). 항목 하나는 34바이트입니다:
 *
 *     version int16 (0) │ producerId int64 │ firstOffset int64 │ lastOffset int64 │ lastStableOffset int64
 *
 * firstOffset은 그 트랜잭션이 이 파티션에 쓴 첫 배치, lastOffset은 ABORT 마커의 오프셋입니다. 항목은 마커가
 * 들어간 세그먼트에, 마커 순서대로(lastOffset이 커지는 순서로) 붙습니다.
 *
 * read_committed 컨슈머가 Fetch를 보내면 브로커는 돌려줄 범위에 걸친 어보트 트랜잭션을 이 인덱스에서 찾아
 * `abortedTransactions`로 함께 보냅니다. 컨슈머는 그 프로듀서의 배치를 firstOffset부터 ABORT 마커까지 버립니다.
 * lastStableOffset은 이 트랜잭션이 끝난 때의 LSO입니다: 그 값이 찾는 범위의 끝을 넘는 항목을 만나면, 그보다
 * 뒤 세그먼트에는 이 범위에 걸친 트랜잭션이 더 없다는 뜻이라 찾기를 멈춥니다.
 *
 * 커밋된 트랜잭션은 적지 않습니다: 컨슈머는 기본적으로 레코드를 보여 주고, 버릴 것만 알면 되니까요.
 */
import fs from 'node:fs';
import { IndexFile } from './index-file.js';

const ENTRY_SIZE = 34;
const VERSION = 0;

export interface AbortedTxn {
  readonly producerId: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly lastStableOffset: number;
}

/** Fetch 응답의 abortedTransactions 항목 */
export interface AbortedTransaction {
  readonly producerId: number;
  readonly firstOffset: number;
}

/**
 * `[fetchOffset, upperBoundOffset)` 범위에 걸친 어보트 트랜잭션 (Kafka: `TransactionIndex.collectAbortedTxns`).
 * 걸친다는 것은 ABORT 마커가 fetchOffset 이상이고(아직 끝나지 않은 채 범위에 들어옴), 첫 배치가 범위 끝 앞이라는
 * 뜻입니다. 결과는 firstOffset 순서입니다: 컨슈머는 이 목록을 앞에서부터 차례로 적용합니다.
 * `complete`는 lastStableOffset이 범위 끝 이상인 항목을 만났는지입니다 (뒤 세그먼트를 더 볼 필요가 없음).
 */
export function collectAbortedTxns(
  entries: readonly AbortedTxn[],
  fetchOffset: number,
  upperBoundOffset: number,
): { aborted: AbortedTxn[]; complete: boolean } {
  // @exercise(10) collectAbortedTxns: 범위 [fetchOffset, upperBoundOffset)에 걸친 어보트 트랜잭션을 firstOffset 순으로 모으세요.
  //   걸친다 = lastOffset(ABORT 마커) >= fetchOffset 이고 firstOffset < upperBoundOffset.
  //   complete는 lastStableOffset >= upperBoundOffset인 항목이 하나라도 있으면 true입니다.
  const aborted = entries.filter((e) => e.lastOffset >= fetchOffset && e.firstOffset < upperBoundOffset);
  const complete = entries.some((e) => e.lastStableOffset >= upperBoundOffset);
  return { aborted: aborted.sort((a, b) => a.firstOffset - b.firstOffset), complete };
  // @end
}

export class TransactionIndex {
  readonly #file: IndexFile;

  /** 파일은 첫 항목을 적을 때 만듭니다. `create`면(새 세그먼트) 같은 이름의 옛 파일을 버립니다. */
  constructor(filePath: string, create: boolean) {
    if (create) fs.rmSync(filePath, { force: true });
    this.#file = new IndexFile(filePath, ENTRY_SIZE);
  }

  get path(): string {
    return this.#file.path;
  }

  append(txn: AbortedTxn): void {
    const last = this.lastEntry();
    if (last && txn.lastOffset <= last.lastOffset) {
      throw new Error(`aborted transaction at ${txn.lastOffset} must come after ${last.lastOffset} in ${this.path}`);
    }
    const entry = Buffer.alloc(ENTRY_SIZE);
    entry.writeInt16BE(VERSION, 0);
    entry.writeBigInt64BE(BigInt(txn.producerId), 2);
    entry.writeBigInt64BE(BigInt(txn.firstOffset), 10);
    entry.writeBigInt64BE(BigInt(txn.lastOffset), 18);
    entry.writeBigInt64BE(BigInt(txn.lastStableOffset), 26);
    this.#file.append(entry);
  }

  /** 온전한 항목들. 찢어진 꼬리(34바이트가 안 되는 조각)는 읽지 않습니다. */
  allEntries(): AbortedTxn[] {
    return Array.from({ length: this.#file.entries }, (_, n) => this.#entry(n));
  }

  /** 마지막 항목 (마커 순서를 지키는지 볼 때). 비었으면 undefined. */
  lastEntry(): AbortedTxn | undefined {
    return this.#file.entries === 0 ? undefined : this.#entry(this.#file.entries - 1);
  }

  collect(fetchOffset: number, upperBoundOffset: number): { aborted: AbortedTxn[]; complete: boolean } {
    return collectAbortedTxns(this.allEntries(), fetchOffset, upperBoundOffset);
  }

  /** 마커가 `offset` 이상인 항목을 버립니다 (세그먼트를 잘라 낼 때). */
  truncateTo(offset: number): void {
    const keep = this.allEntries().filter((e) => e.lastOffset < offset).length;
    if (keep < this.#file.entries || this.#file.sizeInBytes % ENTRY_SIZE !== 0) this.#file.truncateToEntries(keep);
  }

  flush(): void {
    this.#file.flush();
  }

  close(): void {
    this.#file.close();
  }

  renameTo(newPath: string): void {
    this.#file.renameTo(newPath);
  }

  deleteIfExists(): boolean {
    return this.#file.deleteIfExists();
  }

  #entry(n: number): AbortedTxn {
    const view = this.#file.view;
    const at = this.#file.at(n);
    return {
      producerId: Number(view.readBigInt64BE(at + 2)),
      firstOffset: Number(view.readBigInt64BE(at + 10)),
      lastOffset: Number(view.readBigInt64BE(at + 18)),
      lastStableOffset: Number(view.readBigInt64BE(at + 26)),
    };
  }
}
