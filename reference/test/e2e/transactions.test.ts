/**
 * 트랜잭션 (KIP-98): kafkajs의 트랜잭션 프로듀서와 read_committed 컨슈머, kcat으로 확인합니다.
 *
 * - 커밋한 트랜잭션은 한꺼번에 보이고, 어보트한 것은 read_committed에게 보이지 않으며 read_uncommitted에게는 보입니다.
 * - 열린 트랜잭션은 LSO를 붙잡아 read_committed를 그 앞에서 멈추게 합니다.
 * - 같은 트랜잭션 ID의 두 번째 프로듀서가 첫 번째(좀비)를 막습니다.
 * - consume-transform-produce(sendOffsets)는 작업자가 트랜잭션 도중에 `kill -9`로 죽어도 정확히 한 번입니다.
 * - 브로커를 트랜잭션 도중에 `kill -9`해도, 다시 뜬 브로커에서 read_committed 컨슈머는 앞으로 나아가고 트랜잭션을
 *   전부 아니면 전무로 봅니다.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeBatch } from '../../src/record/record-batch.js';
import { readAllRecords } from '../../src/storage/log-reader.js';
import { UnifiedLog } from '../../src/storage/unified-log.js';
import {
  decodeTransactionLogRecord,
  TRANSACTION_STATE_TOPIC,
  transactionLogRecord,
  transactionPartitionFor,
} from '../../src/transaction/transaction-log.js';
import { transition } from '../../src/transaction/transaction-state.js';
import { RawClient } from './raw-client.js';
import {
  kafka,
  killHard,
  type RunningBroker,
  readAllWithKcat,
  removeDir,
  reservePort,
  spawnBroker,
  startBroker,
  tempDir,
} from './support.js';

const READ_UNCOMMITTED = ['-X', 'isolation.level=read_uncommitted'];

let running: RunningBroker;

beforeAll(async () => {
  running = await startBroker({ KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' });
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dir);
});

function transactionalProducer(bootstrap: string, transactionalId: string, transactionTimeout = 60_000): Producer {
  return kafka(bootstrap).producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout });
}

async function values(bootstrap: string, topic: string, extra: readonly string[] = []): Promise<string[]> {
  const byPartition = await readAllWithKcat(bootstrap, topic, extra);
  return [...byPartition.values()].flat().map((r) => r.value);
}

/** kafkajs 컨슈머로 `until`이 참이 될 때까지 읽은 값들 */
async function consumeUntil(
  bootstrap: string,
  topic: string,
  readUncommitted: boolean,
  until: (seen: readonly string[]) => boolean,
): Promise<string[]> {
  const consumer = kafka(bootstrap).consumer({
    groupId: `reader-${Math.random()}`,
    readUncommitted,
    maxWaitTimeInMs: 200,
  });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`20초 안에 다 읽지 못했습니다: ${seen.join(',')}`)), 20_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
        if (until(seen)) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

// 브로커를 다시 띄우고 kafkajs가 트랜잭션을 여러 번 오가는 시험들이라, vitest의 기본 5초가 아니라 30초 안에 끝나면 됩니다.
// 바쁜 기계에서 5초를 넘긴 적이 있습니다 (빠르기는 벤치마크가 잽니다).
describe('transactions with kafkajs and kcat', () => {
  it('shows a committed transaction at once, hides an aborted one from read_committed only', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'txn-visibility', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = transactionalProducer(running.bootstrap, 'visibility');
    await producer.connect();
    const send = async (commit: boolean, ...vals: string[]) => {
      const txn = await producer.transaction();
      await txn.send({ topic: 'txn-visibility', messages: vals.map((value, i) => ({ key: `k${i}`, value })) });
      await (commit ? txn.commit() : txn.abort());
    };
    await send(true, 'c1-a', 'c1-b', 'c1-c');
    await send(false, 'x-a', 'x-b', 'x-c');
    await send(true, 'c2-a', 'c2-b', 'c2-c');
    await producer.disconnect();

    const committed = ['c1-a', 'c1-b', 'c1-c', 'c2-a', 'c2-b', 'c2-c'];
    // kcat(librdkafka)은 기본이 read_committed입니다. 컨트롤 레코드(마커)는 어느 쪽에도 나오지 않습니다.
    expect((await values(running.bootstrap, 'txn-visibility')).sort()).toEqual(committed);
    expect((await values(running.bootstrap, 'txn-visibility', READ_UNCOMMITTED)).sort()).toEqual(
      [...committed, 'x-a', 'x-b', 'x-c'].sort(),
    );
    // kafkajs: read_committed는 c2까지 읽어도 x를 보지 못하고, read_uncommitted는 봅니다.
    const readCommitted = await consumeUntil(running.bootstrap, 'txn-visibility', false, (s) => s.length >= 6);
    expect(readCommitted.sort()).toEqual(committed);
    const readUncommitted = await consumeUntil(running.bootstrap, 'txn-visibility', true, (s) => s.length >= 9);
    expect(readUncommitted.filter((v) => v.startsWith('x-')).sort()).toEqual(['x-a', 'x-b', 'x-c']);

    // 어보트된 트랜잭션은 마커가 든 세그먼트의 .txnindex에 34바이트 항목으로 남습니다.
    const txnIndexBytes = [0, 1].map((p) => {
      const dir = path.join(running.dir, `txn-visibility-${p}`);
      return readdirSync(dir)
        .filter((f) => f.endsWith('.txnindex'))
        .reduce((sum, f) => sum + readFileSync(path.join(dir, f)).length, 0);
    });
    expect(txnIndexBytes.filter((b) => b > 0).every((b) => b % 34 === 0)).toBe(true);
    expect(txnIndexBytes.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(34);
  }, 30_000);

  it('holds read_committed readers at the first offset of an open transaction until it ends', async () => {
    const producer = transactionalProducer(running.bootstrap, 'open-txn');
    await producer.connect();
    const before = await producer.transaction();
    await before.send({ topic: 'txn-open', messages: [{ value: 'before' }] });
    await before.commit();
    const open = await producer.transaction();
    await open.send({ topic: 'txn-open', messages: [{ value: 'open-1' }, { value: 'open-2' }] });
    // 트랜잭션 밖의 프로듀서가 뒤에 쓴 레코드도 LSO 뒤라 아직 보이지 않습니다.
    const plain = kafka(running.bootstrap).producer();
    await plain.connect();
    await plain.send({ topic: 'txn-open', messages: [{ value: 'plain-after' }] });
    expect(await values(running.bootstrap, 'txn-open')).toEqual(['before']);
    expect(await values(running.bootstrap, 'txn-open', READ_UNCOMMITTED)).toEqual([
      'before',
      'open-1',
      'open-2',
      'plain-after',
    ]);
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    // ListOffsets(kafkajs admin은 read_committed로 묻습니다): 끝은 하이 워터마크 5가 아니라 LSO, 곧 열린 트랜잭션의
    // 첫 오프셋 2입니다 (0 before, 1 커밋 마커, 2 open-1, 3 open-2, 4 plain-after).
    const [committedEnd] = await admin.fetchTopicOffsets('txn-open');
    expect(committedEnd?.high).toBe('2');
    await open.commit();
    expect(await values(running.bootstrap, 'txn-open')).toEqual(['before', 'open-1', 'open-2', 'plain-after']);
    expect((await admin.fetchTopicOffsets('txn-open'))[0]?.high).toBe('6');
    await admin.disconnect();
    await plain.disconnect();
    await producer.disconnect();
  }, 30_000);

  it('fences the older of two producers with one transactional id and aborts its open transaction', async () => {
    const zombie = transactionalProducer(running.bootstrap, 'fenced-id');
    await zombie.connect();
    const zombieTxn = await zombie.transaction();
    await zombieTxn.send({ topic: 'txn-fence', messages: [{ value: 'zombie-1' }] });

    const successor = transactionalProducer(running.bootstrap, 'fenced-id');
    await successor.connect(); // InitProducerId: 에포크를 올리고 좀비의 열린 트랜잭션을 어보트합니다
    const txn = await successor.transaction();
    await txn.send({ topic: 'txn-fence', messages: [{ value: 'successor-1' }] });
    await txn.commit();

    await expect(zombieTxn.send({ topic: 'txn-fence', messages: [{ value: 'zombie-2' }] })).rejects.toMatchObject({
      type: expect.stringMatching(/PRODUCER_FENCED|INVALID_PRODUCER_EPOCH/),
    });
    await expect(zombieTxn.commit()).rejects.toMatchObject({
      type: expect.stringMatching(/PRODUCER_FENCED|INVALID_PRODUCER_EPOCH/),
    });
    expect(await values(running.bootstrap, 'txn-fence')).toEqual(['successor-1']);
    expect(await values(running.bootstrap, 'txn-fence', READ_UNCOMMITTED)).toEqual(['zombie-1', 'successor-1']);
    await successor.disconnect();
    await zombie.disconnect().catch(() => {});
  }, 30_000);

  it('is exactly-once for consume-transform-produce with sendOffsets when the worker is killed mid-transaction', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'ctp-in' }, { topic: 'ctp-out' }] });
    const input = kafka(running.bootstrap).producer();
    await input.connect();
    await input.send({
      topic: 'ctp-in',
      messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `m${String(i).padStart(3, '0')}` })),
    });
    await input.disconnect();

    const args = [running.bootstrap, 'ctp-in', 'ctp-out', 'ctp-group', 'ctp-worker'];
    const first = startWorker([...args, '40']);
    const crashed = await first.exited;
    expect(crashed.signal, '첫 작업자는 트랜잭션 도중에 kill -9로 죽어야 합니다').toBe('SIGKILL');
    expect(crashed.lines.some((l) => l.type === 'crashing')).toBe(true);

    const second = startWorker(args);
    await waitFor(async () => (await values(running.bootstrap, 'ctp-out')).length >= 100, 40_000);
    second.child.kill('SIGKILL');
    await second.exited;

    const out = await values(running.bootstrap, 'ctp-out');
    expect(out.length, '커밋된 출력은 입력마다 정확히 하나').toBe(100);
    expect(new Set(out).size).toBe(100);
    expect(out.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `M${String(i).padStart(3, '0')}`));
    // 죽은 작업자가 커밋하지 못한 출력은 로그에 있지만(read_uncommitted) 어보트되어 보이지 않습니다.
    expect((await values(running.bootstrap, 'ctp-out', READ_UNCOMMITTED)).length).toBeGreaterThan(100);
    const [offsets] = await admin.fetchOffsets({ groupId: 'ctp-group', topics: ['ctp-in'] });
    expect(offsets?.partitions[0]?.offset).toBe('100');
    await admin.disconnect();
  }, 90_000);
});

describe('transaction requests on the wire (a raw client)', () => {
  it('keeps offsets committed in a transaction pending until the commit marker, and answers bad requests with Kafka error codes', async () => {
    const admin = kafka(running.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'raw-input' }] });
    await admin.disconnect();
    const client = await RawClient.connect(running.broker.port);
    try {
      const find = (key: string, keyType: number) =>
        client.send<{ errorCode: number }>(ApiKey.FindCoordinator, 1, { key, keyType });
      expect((await find('raw-tx', 1)).errorCode).toBe(ErrorCode.NONE);
      expect((await find('raw-group', 0)).errorCode).toBe(ErrorCode.NONE);
      const tooLong = await client.send<{ errorCode: number }>(ApiKey.InitProducerId, 4, {
        transactionalId: 'raw-tx',
        transactionTimeoutMs: 3_600_000,
        producerId: -1,
        producerEpoch: -1,
      });
      expect(tooLong.errorCode, 'transaction.max.timeout.ms(15분)보다 긴 타임아웃').toBe(
        ErrorCode.INVALID_TRANSACTION_TIMEOUT,
      );
      const init = await client.send<{ errorCode: number; producerId: number; producerEpoch: number }>(
        ApiKey.InitProducerId,
        4,
        { transactionalId: 'raw-tx', transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 },
      );
      expect(init.errorCode).toBe(ErrorCode.NONE);
      const producer = { transactionalId: 'raw-tx', producerId: init.producerId, producerEpoch: init.producerEpoch };

      const unknownTopic = await client.send<{
        resultsByTopicV3AndBelow: { name: string; resultsByPartition: { partitionErrorCode: number }[] }[];
      }>(ApiKey.AddPartitionsToTxn, 3, {
        v3AndBelowTransactionalId: producer.transactionalId,
        v3AndBelowProducerId: producer.producerId,
        v3AndBelowProducerEpoch: producer.producerEpoch,
        v3AndBelowTopics: [
          { name: 'raw-input', partitions: [0] },
          { name: 'no-such-topic', partitions: [0] },
        ],
      });
      expect(
        unknownTopic.resultsByTopicV3AndBelow.map((t) => [t.name, t.resultsByPartition[0]?.partitionErrorCode]),
        '없는 파티션이 하나라도 있으면 나머지는 시도하지 않습니다',
      ).toEqual([
        ['raw-input', ErrorCode.OPERATION_NOT_ATTEMPTED],
        ['no-such-topic', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ]);
      const wrongProducer = await client.send<{ errorCode: number }>(ApiKey.EndTxn, 3, {
        ...producer,
        producerId: producer.producerId + 1,
        committed: true,
      });
      expect(wrongProducer.errorCode).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);

      const addOffsets = await client.send<{ errorCode: number }>(ApiKey.AddOffsetsToTxn, 3, {
        ...producer,
        groupId: 'raw-group',
      });
      expect(addOffsets.errorCode).toBe(ErrorCode.NONE);
      /** TxnOffsetCommit: 'raw-input' 파티션 0의 오프셋을 트랜잭션 안에서 커밋하고 그 파티션의 오류 코드를 돌려줍니다. */
      const txnOffsetCommit = async (committedOffset: number) => {
        const response = await client.send<{ topics: { partitions: { errorCode: number }[] }[] }>(
          ApiKey.TxnOffsetCommit,
          3,
          {
            ...producer,
            groupId: 'raw-group',
            generationId: -1,
            memberId: '',
            groupInstanceId: null,
            topics: [
              {
                name: 'raw-input',
                partitions: [{ partitionIndex: 0, committedOffset, committedLeaderEpoch: -1, committedMetadata: null }],
              },
            ],
          },
        );
        return response.topics[0]?.partitions[0]?.errorCode;
      };
      expect(await txnOffsetCommit(42)).toBe(ErrorCode.NONE);

      const fetchOffset = (requireStable: boolean) =>
        client.send<{ topics: { partitions: { committedOffset: number; errorCode: number }[] }[] }>(
          ApiKey.OffsetFetch,
          7,
          { groupId: 'raw-group', topics: [{ name: 'raw-input', partitionIndexes: [0] }], requireStable },
        );
      const pending = (await fetchOffset(false)).topics[0]?.partitions[0];
      expect(pending, '트랜잭션이 끝나기 전의 오프셋은 보이지 않습니다').toMatchObject({
        committedOffset: -1,
        errorCode: ErrorCode.NONE,
      });
      const unstable = (await fetchOffset(true)).topics[0]?.partitions[0];
      expect(unstable?.errorCode, 'requireStable(KIP-447)이면 기다리라고 답합니다').toBe(
        ErrorCode.UNSTABLE_OFFSET_COMMIT,
      );

      const end = await client.send<{ errorCode: number }>(ApiKey.EndTxn, 3, { ...producer, committed: true });
      expect(end.errorCode).toBe(ErrorCode.NONE);
      expect((await fetchOffset(true)).topics[0]?.partitions[0]).toMatchObject({
        committedOffset: 42,
        errorCode: ErrorCode.NONE,
      });
      const again = await client.send<{ errorCode: number }>(ApiKey.EndTxn, 3, { ...producer, committed: false });
      expect(again.errorCode, '커밋으로 끝난 트랜잭션을 어보트').toBe(ErrorCode.INVALID_TXN_STATE);

      // 같은 ID로 새 프로듀서가 떠서 트랜잭션 도중의 옛 프로듀서를 막으면, 옛 에포크의 TxnOffsetCommit은 받지 않습니다.
      await client.send(ApiKey.AddOffsetsToTxn, 3, { ...producer, groupId: 'raw-group' });
      const fencing = await client.send<{ errorCode: number }>(ApiKey.InitProducerId, 4, {
        transactionalId: 'raw-tx',
        transactionTimeoutMs: 60_000,
        producerId: -1,
        producerEpoch: -1,
      });
      expect(fencing.errorCode, '열린 트랜잭션을 먼저 어보트합니다').toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
      expect(await txnOffsetCommit(7)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
      expect((await fetchOffset(true)).topics[0]?.partitions[0]?.committedOffset).toBe(42);
    } finally {
      client.close();
    }
  }, 30_000);
});

describe('restarts in the middle of a transaction', () => {
  it('finishes a commit that was decided (PrepareCommit in __transaction_state) when the broker stopped before the markers', async () => {
    const dir = tempDir();
    let broker = await startBroker({}, dir);
    const producer = transactionalProducer(broker.bootstrap, 'prepared-tx');
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'txn-prepared', messages: [{ value: 'p-1' }, { value: 'p-2' }] });
    await producer.disconnect();
    await broker.stop();

    // 코디네이터가 PrepareCommit을 장부에 적은 직후에 죽은 것처럼, 장부에 그 레코드를 더합니다.
    const ledger = UnifiedLog.open({
      dir: path.join(dir, `${TRANSACTION_STATE_TOPIC}-${transactionPartitionFor('prepared-tx', 50)}`),
      topic: TRANSACTION_STATE_TOPIC,
      partition: transactionPartitionFor('prepared-tx', 50),
      now: Date.now,
    });
    const [last] = [...readAllRecords(ledger)].slice(-1);
    const ongoing = last?.key
      ? decodeTransactionLogRecord(Buffer.from(last.key), last.value && Buffer.from(last.value))
      : null;
    if (!ongoing || !('state' in ongoing)) throw new Error('장부에서 트랜잭션을 찾지 못했습니다');
    expect(ongoing.state).toBe('Ongoing');
    const prepared = transactionLogRecord(transition(ongoing, 'PrepareCommit', { lastUpdateMs: Date.now() }));
    ledger.appendAsLeader(encodeBatch({ records: [{ ...prepared, timestamp: Date.now() }] }), 0, 'coordinator');
    ledger.flush();
    ledger.close();

    broker = await startBroker({}, dir);
    try {
      // 프로듀서는 다시 오지 않습니다: 다시 켜진 코디네이터가 장부를 읽고 커밋 마커를 마저 씁니다.
      expect(await values(broker.bootstrap, 'txn-prepared')).toEqual(['p-1', 'p-2']);
    } finally {
      await broker.stop();
      removeDir(dir);
    }
  }, 30_000);

  it('keeps an open transaction open across a clean restart (the producer snapshot remembers where it began)', async () => {
    const dir = tempDir();
    let broker = await startBroker({}, dir);
    const producer = transactionalProducer(broker.bootstrap, 'clean-restart');
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'txn-restart', messages: [{ value: 'open-1' }] });
    await broker.stop();
    broker = await startBroker({}, dir);
    try {
      expect(readdirSync(path.join(dir, 'txn-restart-0')).some((f) => f.endsWith('.snapshot'))).toBe(true);
      expect(await values(broker.bootstrap, 'txn-restart', READ_UNCOMMITTED)).toEqual(['open-1']);
      expect(await values(broker.bootstrap, 'txn-restart'), '열린 트랜잭션은 다시 켜져도 LSO를 붙잡습니다').toEqual([]);
    } finally {
      await producer.disconnect().catch(() => {});
      await broker.stop();
      removeDir(dir);
    }
  }, 30_000);

  it('comes back with no stuck LSO: the open transaction is aborted, committed ones stay, new ones are read', async () => {
    const dir = tempDir();
    const port = await reservePort();
    const env = {
      KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS: '500',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    };
    let broker = await spawnBroker(dir, port, env);
    const bootstrap = `127.0.0.1:${port}`;
    try {
      const producer = transactionalProducer(bootstrap, 'crash-txn', 3000);
      await producer.connect();
      const done = await producer.transaction();
      await done.send({ topic: 'txn-crash', messages: [{ value: 'done-1' }, { value: 'done-2' }] });
      await done.commit();
      const open = await producer.transaction();
      await open.send({ topic: 'txn-crash', messages: [{ value: 'open-1' }, { value: 'open-2' }] });

      await killHard(broker);
      broker = await spawnBroker(dir, port, env);
      await producer.disconnect().catch(() => {});

      // 다시 뜬 브로커: 로그를 훑어 열린 트랜잭션을 되살리므로 LSO는 open-1에 멈춰 있다가, 코디네이터가 장부에서
      // 그 트랜잭션을 되살려 transaction.timeout.ms(3초) 뒤에 어보트하면 풀립니다.
      expect(await values(bootstrap, 'txn-crash')).toEqual(['done-1', 'done-2']);
      const next = transactionalProducer(bootstrap, 'after-crash');
      await next.connect();
      const after = await next.transaction();
      await after.send({ topic: 'txn-crash', messages: [{ value: 'after-1' }] });
      await after.commit();
      await next.disconnect();
      const seen = await consumeUntil(bootstrap, 'txn-crash', false, (s) => s.includes('after-1'));
      expect(seen).toEqual(['done-1', 'done-2', 'after-1']);
      expect(await values(bootstrap, 'txn-crash', READ_UNCOMMITTED)).toEqual([
        'done-1',
        'done-2',
        'open-1',
        'open-2',
        'after-1',
      ]);
    } finally {
      await killHard(broker);
      removeDir(dir);
    }
  }, 60_000);
});

interface WorkerLine {
  readonly type: string;
  readonly processed?: number;
}

function startWorker(args: readonly string[]): {
  child: ChildProcess;
  exited: Promise<{ signal: NodeJS.Signals | null; lines: WorkerLine[] }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'transform-process.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: WorkerLine[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as WorkerLine);
  });
  const exited = new Promise<{ signal: NodeJS.Signals | null; lines: WorkerLine[] }>((resolve) =>
    child.once('exit', (_code, signal) => resolve({ signal, lines })),
  );
  return { child, exited };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${timeoutMs}ms 안에 조건이 채워지지 않았습니다`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
