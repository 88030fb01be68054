/**
 * 트랜잭션 시뮬레이터: 씨앗 하나로 정해지는 트랜잭션 프로듀서들이 InitProducerId → AddPartitionsToTxn → 쓰기 → EndTxn을
 * 되풀이하는 동안, 같은 ID로 새 프로듀서가 떠서 옛 것을 좀비로 만들고, 코디네이터가 죽었다 장부에서 되살아나고
 * (마커를 쓰다 말고 죽기도 합니다), 마커를 쓸 수 없는 시간이 있고, 가상의 시계가 흘러 타임아웃 어보트가 일어납니다.
 * 코디네이터는 진짜 TransactionService와 판단, 파티션은 진짜 ProducerStateManager입니다. 장부와 로그만 메모리 배열입니다.
 *
 * 매 걸음 지키는 것(안전성):
 *   - 원자성: 한 트랜잭션의 레코드는 모든 파티션에서 같은 운명입니다 (커밋 아니면 어보트; 마커를 쓰는 동안에는
 *     아직 열린 파티션이 섞일 수 있지만, 정해진 운명이 둘일 수는 없습니다).
 *   - 응답한 결과는 지켜집니다: EndTxn(commit)에 성공을 받은 트랜잭션은 어보트되지 않고, 그 반대도 같습니다.
 *   - LSO는 아직 열린 레코드를 넘지 않습니다.
 * 소란이 끝난 뒤 지키는 것(활성):
 *   - 타임아웃이 지나고 마커를 다시 쓸 수 있으면, 열린 트랜잭션이 하나도 남지 않습니다 (어느 파티션의 LSO도 멈춰 있지 않음).
 *   - 성공을 받은 커밋은 모두 커밋되어 있습니다.
 *
 * 실패하면 그 씨앗으로 다시 돌리는 명령을 찍습니다: TXN_SIM_SEED=<씨앗> npx vitest run reference/test/transaction/simulation.test.ts
 */
import { describe, it } from 'vitest';
import { ProducerStateManager } from '../../src/producer/producer-state.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { Attributes } from '../../src/record/batch-header.js';
import { createLogger } from '../../src/server/logger.js';
import { TransactionService } from '../../src/transaction/transaction-service.js';
import type { TransactionMetadata } from '../../src/transaction/transaction-state.js';
import { Rng, rootSeed } from '../support/rng.js';

const PARTITIONS = 4;
const TRANSACTIONAL_IDS = ['tx-a', 'tx-b', 'tx-c'];
const TIMEOUT_MS = 5000;
const CHAOS_STEPS = 300;
const SEEDS = 100;

type Fate = 'open' | 'commit' | 'abort';

interface LogEntry {
  readonly producerId: number;
  readonly kind: 'data' | 'commit' | 'abort';
  /** 데이터 레코드가 속한 트랜잭션 (시뮬레이터가 붙인 이름표) */
  readonly txn?: string;
}

interface Partition {
  readonly state: ProducerStateManager;
  readonly log: LogEntry[];
}

/** 클라이언트 쪽 프로듀서 하나 (같은 ID의 새 프로듀서가 뜨면 옛 것은 좀비가 됩니다) */
interface Producer {
  readonly transactionalId: string;
  producerId: number;
  epoch: number;
  /** 이 에포크에서 파티션마다 다음 시퀀스 */
  readonly sequences: Map<number, number>;
  /** 지금 트랜잭션의 이름표와 더한 파티션 (트랜잭션 밖이면 null) */
  txn: { label: string; partitions: Set<number> } | null;
  fenced: boolean;
  txnCount: number;
}

class Crash extends Error {}

async function runSeed(seed: number): Promise<void> {
  const rng = new Rng(seed);
  let now = 0;
  let nextProducerId = 1000;
  let markersDown = false;
  let crashWhileWritingMarkers = false;
  const ledger: { key: Buffer; value: Buffer }[] = [];
  const partitions: Partition[] = Array.from({ length: PARTITIONS }, () => ({
    state: new ProducerStateManager(),
    log: [],
  }));
  /** EndTxn에 성공을 받은 트랜잭션과 그 결과 */
  const acknowledged = new Map<string, 'commit' | 'abort'>();

  const appendMarker = (p: number, metadata: TransactionMetadata, commit: boolean) => {
    const partition = partitions[p] as Partition;
    const header = {
      producerId: metadata.producerId,
      producerEpoch: metadata.producerEpoch,
      baseSequence: -1,
      lastOffsetDelta: 0,
      maxTimestamp: now,
      attributes: Attributes.transactional | Attributes.control,
    };
    partition.state.recordMarker(header, partition.log.length, !commit);
    partition.log.push({ producerId: metadata.producerId, kind: commit ? 'commit' : 'abort' });
  };

  const newCoordinator = () =>
    new TransactionService({
      now: () => now,
      numPartitions: 50,
      maxTimeoutMs: 900_000,
      isLocalLeader: () => true,
      createTransactionTopic: async () => {},
      append: (_partition, record) => ledger.push(record),
      newProducerId: async () => nextProducerId++,
      writeMarkers: (metadata, commit) => {
        if (markersDown) throw new Error('파티션 리더에 닿지 않습니다');
        for (const { partition } of metadata.partitions) {
          // 마커를 몇 개 쓰다가 죽는 코디네이터
          if (crashWhileWritingMarkers && rng.chance(0.5)) throw new Crash('마커를 쓰다 죽었습니다');
          appendMarker(partition, metadata, commit);
        }
      },
      log: createLogger('silent'),
    });
  let coordinator = newCoordinator();
  const restartCoordinator = () => {
    coordinator = newCoordinator();
    coordinator.load(ledger);
  };

  const producers: Producer[] = [];
  const live = () => producers.filter((p) => !p.fenced);

  const fateOf = (p: Partition, index: number): Fate => {
    const entry = p.log[index] as LogEntry;
    for (let i = index + 1; i < p.log.length; i++) {
      const later = p.log[i] as LogEntry;
      if (later.producerId === entry.producerId && later.kind !== 'data') return later.kind;
    }
    return 'open';
  };

  const fates = () => {
    const byTxn = new Map<string, Set<Fate>>();
    for (const p of partitions) {
      p.log.forEach((entry, i) => {
        if (entry.kind !== 'data' || !entry.txn) return;
        const set = byTxn.get(entry.txn) ?? new Set<Fate>();
        set.add(fateOf(p, i));
        byTxn.set(entry.txn, set);
      });
    }
    return byTxn;
  };

  const checkSafety = (step: string) => {
    for (const [txn, set] of fates()) {
      // 마커는 파티션마다 차례로 써지므로 잠시 "일부는 정해졌고 일부는 열림"일 수 있지만, 정해진 운명은 하나뿐입니다.
      const decided = [...set].filter((f) => f !== 'open');
      if (decided.length > 1)
        throw new Error(`${step}: 트랜잭션 ${txn}의 레코드 운명이 파티션마다 다릅니다: ${decided}`);
      const fate = decided[0];
      const promised = acknowledged.get(txn);
      if (promised && fate && fate !== promised) {
        throw new Error(`${step}: ${txn}은 ${promised}로 응답했는데 ${fate}되었습니다`);
      }
    }
    partitions.forEach((p, n) => {
      const firstOpen = p.log.findIndex((e, i) => e.kind === 'data' && e.txn && fateOf(p, i) === 'open');
      const lso = p.state.firstUnstableOffset() ?? p.log.length;
      if (firstOpen >= 0 && lso > firstOpen) {
        throw new Error(`${step}: 파티션 ${n}의 LSO ${lso}가 열린 레코드 ${firstOpen}을 넘었습니다`);
      }
    });
  };

  const init = async (transactionalId: string) => {
    const result = await coordinator.initProducerId(transactionalId, TIMEOUT_MS, null);
    if (result.errorCode !== ErrorCode.NONE) return;
    for (const old of producers) if (old.transactionalId === transactionalId) old.fenced ||= rng.chance(0.5); // 절반은 좀비로 남아 계속 움직입니다
    producers.push({
      transactionalId,
      producerId: result.producerId,
      epoch: result.producerEpoch,
      sequences: new Map(),
      txn: null,
      fenced: false,
      txnCount: 0,
    });
  };

  const produce = (producer: Producer) => {
    const p = rng.int(PARTITIONS);
    producer.txn ??= {
      label: `${producer.transactionalId}/${producer.producerId}.${producer.epoch}#${producer.txnCount++}`,
      partitions: new Set(),
    };
    if (!producer.txn.partitions.has(p)) {
      const added = coordinator.addPartitions(producer.transactionalId, producer.producerId, producer.epoch, [
        { topic: 't', partition: p },
      ]);
      if (added === ErrorCode.PRODUCER_FENCED || added === ErrorCode.INVALID_PRODUCER_EPOCH) producer.fenced = true;
      if (added !== ErrorCode.NONE) return;
      producer.txn.partitions.add(p);
    }
    const partition = partitions[p] as Partition;
    const sequence = producer.sequences.get(p) ?? 0;
    const header = {
      producerId: producer.producerId,
      producerEpoch: producer.epoch,
      baseSequence: sequence,
      lastOffsetDelta: 0,
      maxTimestamp: now,
      attributes: Attributes.transactional,
    };
    const check = partition.state.check(header);
    if (check.kind === 'error') {
      producer.fenced = true; // 파티션 리더가 옛 에포크를 막았습니다
      return;
    }
    if (check.kind === 'append') {
      partition.state.record(header, partition.log.length);
      partition.log.push({ producerId: producer.producerId, kind: 'data', txn: producer.txn.label });
    }
    producer.sequences.set(p, sequence + 1);
  };

  const end = (producer: Producer) => {
    if (!producer.txn) return;
    const commit = rng.chance(0.6);
    const code = coordinator.endTransaction(producer.transactionalId, producer.producerId, producer.epoch, commit);
    if (code === ErrorCode.NONE) {
      acknowledged.set(producer.txn.label, commit ? 'commit' : 'abort');
      producer.txn = null;
    } else if (code === ErrorCode.PRODUCER_FENCED || code === ErrorCode.INVALID_PRODUCER_ID_MAPPING) {
      producer.fenced = true;
    }
  };

  for (let step = 0; step < CHAOS_STEPS; step++) {
    const action = rng.weighted<() => Promise<void> | void>([
      [3, () => init(rng.pick(TRANSACTIONAL_IDS))],
      [10, () => void (live().length > 0 && produce(rng.pick(live())))],
      [4, () => void (live().length > 0 && end(rng.pick(live())))],
      // 좀비도 계속 움직입니다: 막혀야 합니다
      [2, () => void (producers.length > 0 && produce(rng.pick(producers)))],
      [2, () => void (producers.length > 0 && end(rng.pick(producers)))],
      [
        3,
        () => {
          now += rng.range(0, 3000);
          coordinator.tick(now);
        },
      ],
      [1, restartCoordinator],
      [
        1,
        () => {
          crashWhileWritingMarkers = true;
          try {
            coordinator.tick(now);
            if (live().length > 0) end(rng.pick(live()));
          } finally {
            crashWhileWritingMarkers = false;
          }
          restartCoordinator();
        },
      ],
      [
        1,
        () => {
          markersDown = !markersDown;
        },
      ],
    ]);
    await action();
    checkSafety(`걸음 ${step}`);
  }

  // 소란이 끝났습니다: 마커를 쓸 수 있고, 타임아웃이 지나도록 시계가 갑니다.
  markersDown = false;
  for (let i = 0; i < 3; i++) {
    now += TIMEOUT_MS + 1;
    coordinator.tick(now);
  }
  checkSafety('소란 뒤');
  for (const [txn, set] of fates()) {
    if (set.has('open')) throw new Error(`소란 뒤에도 트랜잭션 ${txn}이 열려 있습니다`);
    if (acknowledged.get(txn) === 'commit' && !set.has('commit'))
      throw new Error(`커밋을 약속한 ${txn}이 커밋되지 않았습니다`);
  }
  partitions.forEach((p, n) => {
    if (p.state.firstUnstableOffset() !== null) throw new Error(`소란 뒤에도 파티션 ${n}의 LSO가 멈춰 있습니다`);
  });
}

describe('transaction coordinator simulation', () => {
  it('keeps every transaction all-or-nothing and every acknowledged outcome under zombies, coordinator crashes, marker outages and timeouts', async () => {
    const replay = process.env.TXN_SIM_SEED;
    const root = rootSeed(replay, () => Date.now());
    const seeds = replay ? [root] : Array.from({ length: SEEDS }, (_, i) => new Rng(root).fork(i).seed);
    console.log(
      `트랜잭션 시뮬레이션: 뿌리 씨앗 ${root}, 씨앗 ${seeds.length}개, 트랜잭션 ID ${TRANSACTIONAL_IDS.length}, 파티션 ${PARTITIONS}, 소란 ${CHAOS_STEPS}걸음`,
    );
    for (const seed of seeds) {
      try {
        await runSeed(seed);
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n다시 돌리기: TXN_SIM_SEED=${seed} npx vitest run reference/test/transaction/simulation.test.ts`,
        );
      }
    }
  });
});
