/**
 * 흔한 실수 4: 펜싱된(Fenced) 트랜잭션 프로듀서가 계속 쓰기. 같은 트랜잭션 ID로 새 프로듀서가 InitProducerId를
 * 하면 코디네이터는 옛 프로듀서의 열린 트랜잭션을 어보트하고 에포크를 올립니다. 옛 프로듀서(좀비)의 요청은
 * 모두 거절됩니다: 코디네이터로 가는 요청은 PRODUCER_FENCED(KIP-588, v2+; 그 전 버전에는 INVALID_PRODUCER_EPOCH),
 * 파티션 리더로 가는 Produce는 INVALID_PRODUCER_EPOCH입니다 (프로듀서가 어보트하고 다시 시도할 수 있는 오류).
 *
 * kafkajs는 이 오류들을 재시도 끝에 감싸거나 버전을 골라 보내므로, 날 클라이언트로 버전을 정해 보냅니다.
 * 에포크 값 자체는 Kafka 버전(트랜잭션 프로토콜 v1/v2)에 따라 오르는 폭이 달라 결과에 넣지 않습니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { ErrorCode, errorName } from '../../../src/protocol/error-codes.js';
import { encodeBatch } from '../../../src/record/record-batch.js';
import type { RawClient } from '../../e2e/raw-client.js';
import type { ScenarioContext } from '../context.js';
import { produce } from '../requests.js';
import { ONE_NODE, type Scenario } from '../scenario.js';

interface Producer {
  readonly producerId: number;
  readonly producerEpoch: number;
}

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

    const addPartition = async (p: Producer) => {
      const response = await coordinator.send<{
        resultsByTopicV3AndBelow: { resultsByPartition: { partitionErrorCode: number }[] }[];
      }>(ApiKey.AddPartitionsToTxn, 3, {
        v3AndBelowTransactionalId: transactionalId,
        v3AndBelowProducerId: p.producerId,
        v3AndBelowProducerEpoch: p.producerEpoch,
        v3AndBelowTopics: [{ name: topic, partitions: [0] }],
      });
      return errorName(response.resultsByTopicV3AndBelow[0]?.resultsByPartition[0]?.partitionErrorCode ?? -1);
    };
    const write = async (p: Producer, sequence: number, value: string) => {
      const batch = encodeBatch({
        producerId: p.producerId,
        producerEpoch: p.producerEpoch,
        baseSequence: sequence,
        isTransactional: true,
        records: [{ key: null, value: Buffer.from(value), timestamp: Date.now() }],
      });
      return (await produce(leader, topic, 0, batch, { transactionalId })).error;
    };
    const endTxn = async (p: Producer, version: number) => {
      const response = await coordinator.send<{ errorCode: number }>(ApiKey.EndTxn, version, {
        transactionalId,
        producerId: p.producerId,
        producerEpoch: p.producerEpoch,
        committed: true,
      });
      return errorName(response.errorCode);
    };

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
      zombieEndTxnV3: await endTxn(zombie, 3),
      zombieEndTxnV1: await endTxn(zombie, 1),
      successorTransaction: [
        await addPartition(successor),
        await write(successor, 0, 'successor-1'),
        await endTxn(successor, 3),
      ],
    };
  },
};

/** InitProducerId v4. 코디네이터가 준비되지 않았거나 앞 트랜잭션을 끝내는 중이면 다시 묻습니다. */
async function initProducerId(
  ctx: ScenarioContext,
  coordinator: RawClient,
  transactionalId: string,
): Promise<Producer> {
  return ctx.waitFor(`${transactionalId}의 InitProducerId`, async () => {
    const response = await coordinator.send<{ errorCode: number; producerId: number; producerEpoch: number }>(
      ApiKey.InitProducerId,
      4,
      { transactionalId, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 },
    );
    if (response.errorCode === ErrorCode.NONE) return response;
    const retriable: number[] = [
      ErrorCode.CONCURRENT_TRANSACTIONS,
      ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    ];
    if (retriable.includes(response.errorCode)) return undefined;
    throw new Error(`InitProducerId: ${errorName(response.errorCode)}`);
  });
}
