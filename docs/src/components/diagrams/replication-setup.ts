/**
 * 복제 판을 쓰는 그림 둘(ISR, 파티션 로그)이 함께 쓰는 준비: 컨트롤러 하나와 브로커 셋의 복제 시뮬레이터를 켜고,
 * 복제 계수 3 토픽을 만들어 파티션 0의 ISR이 셋이 될 때까지 가상 시간을 돌립니다. 그림의 프로듀서는 시뮬레이터의
 * 클라이언트(`LeaderAwareClient`: 리더를 묻고, 답에 실린 새 리더를 따라감)로 단추 하나에 배치 하나를 보냅니다.
 */

import type { SeededRandom } from '../../../../reference/src/sim/random';
import type { ClientContext, TopicPartition } from '../../../../reference/src/sim/replication-clients';
import type { ReplicationSimulation } from '../../../../reference/src/sim/replication-simulation';

export type ProduceResult = { errorCode: number; baseOffset: number } | null;

export interface DiagramProducer {
  send(tp: TopicPartition, value: string, done: (result: ProduceResult) => void): void;
}

export interface ReplicationSetup {
  readonly sim: ReplicationSimulation;
  readonly tp: TopicPartition;
  readonly random: SeededRandom;
  readonly context: ClientContext;
  readonly producer: DiagramProducer;
  readonly modules: {
    readonly clients: typeof import('../../../../reference/src/sim/replication-clients');
    readonly errorName: (code: number) => string;
  };
}

const SETUP_BOUND_MS = 60_000;
const PRODUCER_ID = 2000;

export async function setUpReplication(
  seed: number,
  timing: { replicaLagTimeMaxMs: number },
): Promise<ReplicationSetup> {
  const [{ ReplicationSimulation }, clients, { SeededRandom }, { encodeBatch }, { errorName }] = await Promise.all([
    import('../../../../reference/src/sim/replication-simulation'),
    import('../../../../reference/src/sim/replication-clients'),
    import('../../../../reference/src/sim/random'),
    import('../../../../reference/src/record/record-batch'),
    import('../../../../reference/src/protocol/error-codes'),
  ]);
  const random = new SeededRandom(seed);
  const sim = new ReplicationSimulation({
    controllers: 1,
    brokers: 3,
    random: random.fork(1),
    fetchMaxRecords: 100,
    timing: { ...timing, replicaFetchWaitMaxMs: 500, replicaFetchBackoffMs: 200 },
  });
  const { cluster } = sim;
  cluster.startAll();
  let topic: string | null = null;
  const create = () =>
    cluster.admin.createTopic(
      3,
      (created) => {
        if (created) topic = cluster.admin.created[0] ?? null;
        else cluster.clock.schedule(200, create);
      },
      3,
    );
  create();
  const ready = await sim.runUntil(() => {
    if (topic === null) return false;
    const state = sim.partitionState({ topic, partition: 0 });
    return (state?.leader ?? -1) >= 0 && state?.isr.length === 3;
  }, SETUP_BOUND_MS);
  if (!ready || topic === null) throw new Error('복제 계수 3 토픽을 만들지 못했습니다');
  const tp = { topic, partition: 0 };

  class ButtonProducer extends clients.LeaderAwareClient implements DiagramProducer {
    begin(): void {
      this.attach();
      this.refreshLeaders();
    }
    send(target: TopicPartition, value: string, done: (result: ProduceResult) => void): void {
      const records = encodeBatch({ records: [{ key: null, value: Buffer.from(value), timestamp: this.clock.now() }] });
      this.produce(target, records, null, done);
    }
  }
  const context: ClientContext = {
    clock: cluster.clock,
    network: cluster.network,
    brokerIds: cluster.brokers.map((b) => b.id),
    history: sim.history,
    trace: () => {},
  };
  const producer = new ButtonProducer(PRODUCER_ID, context, random.fork(2), [tp]);
  producer.begin();
  return { sim, tp, random, context, producer, modules: { clients, errorName } };
}
