/**
 * 날 프로토콜로 트랜잭션 프로듀서의 단계를 밟는 시나리오(펜싱, 코디네이터가 죽는 트랜잭션)가 함께 쓰는 것.
 * kafkajs는 프로듀서 ID와 에포크를 감추고 오류를 재시도로 감싸므로, 코디네이터가 어느 상태에서 무엇을 답하는지 보려면
 * 요청을 하나씩 보냅니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { ErrorCode, errorName } from '../../../src/protocol/error-codes.js';
import { encodeBatch } from '../../../src/record/record-batch.js';
import type { RawClient } from '../../e2e/raw-client.js';
import type { ScenarioContext } from '../context.js';

export interface TransactionalProducer {
  readonly producerId: number;
  readonly producerEpoch: number;
}

/** InitProducerId v4. 코디네이터가 준비되지 않았거나 앞 트랜잭션을 끝내는 중이면 다시 묻습니다. */
export async function initProducerId(
  ctx: ScenarioContext,
  coordinator: RawClient,
  transactionalId: string,
): Promise<TransactionalProducer> {
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

/** AddPartitionsToTxn v3 (클라이언트의 모양): 파티션마다 오류 이름, 파티션 번호 순 */
export async function addPartitionsToTxn(
  coordinator: RawClient,
  transactionalId: string,
  producer: TransactionalProducer,
  topic: string,
  partitions: readonly number[],
): Promise<string[]> {
  const response = await coordinator.send<{
    resultsByTopicV3AndBelow: { resultsByPartition: { partitionIndex: number; partitionErrorCode: number }[] }[];
  }>(ApiKey.AddPartitionsToTxn, 3, {
    v3AndBelowTransactionalId: transactionalId,
    v3AndBelowProducerId: producer.producerId,
    v3AndBelowProducerEpoch: producer.producerEpoch,
    v3AndBelowTopics: [{ name: topic, partitions: [...partitions] }],
  });
  const results = response.resultsByTopicV3AndBelow[0]?.resultsByPartition ?? [];
  return [...results].sort((a, b) => a.partitionIndex - b.partitionIndex).map((r) => errorName(r.partitionErrorCode));
}

/** 트랜잭션 배치 하나 (레코드 하나) */
export function transactionalBatch(producer: TransactionalProducer, sequence: number, value: string): Buffer {
  return encodeBatch({
    producerId: producer.producerId,
    producerEpoch: producer.producerEpoch,
    baseSequence: sequence,
    isTransactional: true,
    records: [{ key: null, value: Buffer.from(value), timestamp: Date.now() }],
  });
}

/** EndTxn (커밋이면 committed true): 오류 이름 */
export async function endTxn(
  coordinator: RawClient,
  transactionalId: string,
  producer: TransactionalProducer,
  committed: boolean,
  version = 3,
): Promise<string> {
  const response = await coordinator.send<{ errorCode: number }>(ApiKey.EndTxn, version, {
    transactionalId,
    producerId: producer.producerId,
    producerEpoch: producer.producerEpoch,
    committed,
  });
  return errorName(response.errorCode);
}
