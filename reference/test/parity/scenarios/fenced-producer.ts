/**
 * 흔한 실수 4: 펜싱된(Fenced) 트랜잭션 프로듀서가 계속 쓰기. 같은 트랜잭션 ID로 새 프로듀서가 InitProducerId를
 * 하면 코디네이터는 옛 프로듀서의 열린 트랜잭션을 어보트하고 에포크를 올립니다. 옛 프로듀서(좀비)의 요청은
 * 모두 거절됩니다: 코디네이터로 가는 요청은 PRODUCER_FENCED(KIP-588, v2+; 그 전 버전에는 INVALID_PRODUCER_EPOCH),
 * 파티션 리더로 가는 Produce는 INVALID_PRODUCER_EPOCH입니다 (프로듀서가 어보트하고 다시 시도할 수 있는 오류).
 *
 * kafkajs는 이 오류들을 재시도 끝에 감싸거나 버전을 골라 보내므로, 날 클라이언트로 버전을 정해 보냅니다.
 * 에포크 값 자체는 Kafka 버전(트랜잭션 프로토콜 v1/v2)에 따라 오르는 폭이 달라 결과에 넣지 않습니다.
 */
import { produce } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';
import {
  addPartitionsToTxn,
  endTxn,
  initProducerId,
  type TransactionalProducer,
  transactionalBatch,
} from './transaction-helpers.js';

export const fencedProducer: Scenario = {
  name: 'fenced-producer',
  title: '펜싱된 트랜잭션 프로듀서(좀비)의 요청',
  needs: ONE_NODE,
  kafka: {
    answer: {
      successorKeepsProducerId: true,
      successorEpochIsHigher: true,
      zombieProduce: 'INVALID_PRODUCER_EPOCH',
      zombieAddPartitionsV3: 'PRODUCER_FENCED',
      zombieEndTxnV3: 'PRODUCER_FENCED',
      zombieEndTxnV1: 'INVALID_PRODUCER_EPOCH',
      successorTransaction: ['NONE', 'NONE', 'NONE'],
    },
    source:
      'TransactionCoordinator.handleInitProducerId (열린 트랜잭션은 PrepareEpochFence로 어보트, CONCURRENT_TRANSACTIONS로 ' +
      '다시 시도하게 함)·handleEndTransaction (옛 에포크 → PRODUCER_FENCED); KafkaApis가 v2 미만에는 ' +
      'INVALID_PRODUCER_EPOCH로 바꿈; ProducerAppendInfo.checkProducerEpoch·AddPartitionsToTxnManager → INVALID_PRODUCER_EPOCH',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const transactionalId = ctx.name('txn');
    await ctx.createTopics({ name: topic, partitions: 1 });
    const coordinator = await ctx.rawToCoordinator(transactionalId, 1);
    const leader = await ctx.rawToLeader(topic, 0);

    const addPartition = async (p: TransactionalProducer) =>
      (await addPartitionsToTxn(coordinator, transactionalId, p, topic, [0])).join();
    const write = async (p: TransactionalProducer, sequence: number, value: string) =>
      (await produce(leader, topic, 0, transactionalBatch(p, sequence, value), { transactionalId })).error;
    const commit = (p: TransactionalProducer, version: number) =>
      endTxn(coordinator, transactionalId, p, true, version);

    // 첫 프로듀서가 트랜잭션을 열고 한 건을 씁니다.
    const zombie = await initProducerId(ctx, coordinator, transactionalId);
    const opened = [await addPartition(zombie), await write(zombie, 0, 'zombie-1')];
    if (opened.some((e) => e !== 'NONE')) throw new Error(`첫 트랜잭션을 열지 못했습니다: ${opened}`);
    // 같은 ID의 새 프로듀서: 코디네이터가 열린 트랜잭션을 어보트하는 동안 CONCURRENT_TRANSACTIONS를 받고 다시 묻습니다.
    const successor = await initProducerId(ctx, coordinator, transactionalId);

    return {
      successorKeepsProducerId: successor.producerId === zombie.producerId,
      successorEpochIsHigher: successor.producerEpoch > zombie.producerEpoch,
      zombieProduce: await write(zombie, 1, 'zombie-2'),
      zombieAddPartitionsV3: await addPartition(zombie),
      zombieEndTxnV3: await commit(zombie, 3),
      zombieEndTxnV1: await commit(zombie, 1),
      successorTransaction: [
        await addPartition(successor),
        await write(successor, 0, 'successor-1'),
        await commit(successor, 3),
      ],
    };
  },
};
