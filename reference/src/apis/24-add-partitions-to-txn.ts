/**
 * AddPartitionsToTxn (API 키 24), 버전 0–5.
 *
 * 트랜잭션 프로듀서는 파티션에 **처음 쓰기 전에** 그 파티션을 코디네이터의 장부에 올립니다. 그래야 EndTxn 때
 * 코디네이터가 어느 파티션에 마커를 써야 하는지 압니다. 첫 파티션이 올라가는 순간 트랜잭션이 시작됩니다 (Ongoing).
 *
 * v4+는 브로커가 여러 트랜잭션을 한꺼번에 물을 수 있게 `transactions` 배열로 바뀌었습니다 (KIP-890). 클라이언트는
 * v3 이하를 씁니다. verifyOnly(파티션 리더가 "이 파티션이 트랜잭션에 있나" 묻는 것)는 장부를 바꾸지 않고 확인만 하며,
 * 파티션마다 답합니다: 장부에 있으면 NONE, 없으면 TRANSACTION_ABORTABLE.
 *
 * 오류: 없는 토픽·파티션이 하나라도 있으면 그 파티션은 UNKNOWN_TOPIC_OR_PARTITION, 나머지는 OPERATION_NOT_ATTEMPTED
 * (Kafka와 같습니다: 요청 전체를 한꺼번에 받거나 받지 않습니다).
 */
import { INTERNAL_TOPICS } from '../metadata/cluster-metadata.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type AddPartitionsToTxnRequest,
  type AddPartitionsToTxnResponseInput,
  addPartitionsToTxnRequest,
  addPartitionsToTxnResponse,
} from '../protocol/messages/24-add-partitions-to-txn.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { fencedErrorForVersion } from '../transaction/transaction-service.js';
import type { TopicPartition } from '../transaction/transaction-state.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';

type Topics = AddPartitionsToTxnRequest['v3AndBelowTopics'];
type TopicResult = AddPartitionsToTxnResponseInput['resultsByTopicV3AndBelow'][number];

export async function handleAddPartitionsToTxn(
  request: AddPartitionsToTxnRequest,
  ctx: RequestContext,
): Promise<AddPartitionsToTxnResponseInput> {
  // Kafka `KafkaApis.handleAddPartitionsToTxnRequest`: v4+는 브로커가 보내는 검증이라 클러스터 CLUSTER_ACTION을 묻습니다.
  if (ctx.apiVersion >= 4 && !authorize(ctx, AclOperation.CLUSTER_ACTION)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      resultsByTransaction: [],
      resultsByTopicV3AndBelow: [],
    };
  }
  if (ctx.apiVersion <= 3) {
    const results = await addPartitions(
      ctx,
      request.v3AndBelowTransactionalId,
      request.v3AndBelowProducerId,
      request.v3AndBelowProducerEpoch,
      request.v3AndBelowTopics,
      false,
    );
    return { throttleTimeMs: 0, errorCode: 0, resultsByTransaction: [], resultsByTopicV3AndBelow: results };
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    resultsByTransaction: await Promise.all(
      request.transactions.map(async (t) => ({
        transactionalId: t.transactionalId,
        topicResults: await addPartitions(
          ctx,
          t.transactionalId,
          t.producerId,
          t.producerEpoch,
          t.topics,
          t.verifyOnly,
        ),
      })),
    ),
    resultsByTopicV3AndBelow: [],
  };
}

async function addPartitions(
  ctx: RequestContext,
  transactionalId: string,
  producerId: number,
  producerEpoch: number,
  topics: Topics,
  verifyOnly: boolean,
): Promise<TopicResult[]> {
  const { metadata, transactions } = ctx.broker;
  const partitions: TopicPartition[] = topics.flatMap((t) =>
    t.partitions.map((partition) => ({ topic: t.name, partition })),
  );
  const unknown = (p: TopicPartition) => !metadata.partition(p.topic, p.partition);
  const codes = await partitionCodes();
  let next = 0;
  return topics.map((t) => ({
    name: t.name,
    resultsByPartition: t.partitions.map((partition) => ({
      partitionIndex: partition,
      partitionErrorCode: codes[next++] ?? ErrorCode.UNKNOWN_SERVER_ERROR,
    })),
  }));

  /** 요청의 파티션 순서대로 오류 코드 */
  async function partitionCodes(): Promise<number[]> {
    // v3까지는 클라이언트가 보냅니다: 트랜잭션 ID의 WRITE, 그다음 (내부 토픽이 아닌) 토픽의 WRITE를 묻고, 하나라도
    // 거절되면 나머지는 OPERATION_NOT_ATTEMPTED입니다.
    if (ctx.apiVersion <= 3) {
      if (!authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId)) {
        return partitions.map(() => ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      }
      const checked = partitions.filter((p) => !INTERNAL_TOPICS.has(p.topic)).map((p) => p.topic);
      const writable = filterByAuthorized(ctx, AclOperation.WRITE, ResourceType.TOPIC, checked);
      const denied = (p: TopicPartition) => !INTERNAL_TOPICS.has(p.topic) && !writable.has(p.topic);
      if (partitions.some(denied)) {
        return partitions.map((p) =>
          denied(p)
            ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
            : unknown(p)
              ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
              : ErrorCode.OPERATION_NOT_ATTEMPTED,
        );
      }
    }
    if (partitions.some(unknown)) {
      return partitions.map((p) =>
        unknown(p) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED,
      );
    }
    if (verifyOnly) return transactions.verifyPartitions(transactionalId, producerId, producerEpoch, partitions);
    const errorCode = await transactions.addPartitions(transactionalId, producerId, producerEpoch, partitions);
    return partitions.map(() => fencedErrorForVersion(errorCode, ctx.apiVersion, 2));
  }
}

export const addPartitionsToTxnApi = defineApi({
  key: ApiKey.AddPartitionsToTxn,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 5,
  request: addPartitionsToTxnRequest,
  response: addPartitionsToTxnResponse,
  handle: handleAddPartitionsToTxn,
});
