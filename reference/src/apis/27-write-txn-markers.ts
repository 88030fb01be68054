/**
 * WriteTxnMarkers (API 키 27), 버전 0–1. 브로커끼리 쓰는 API입니다.
 *
 * 트랜잭션 코디네이터가 PrepareCommit/PrepareAbort를 장부에 적은 뒤, 트랜잭션의 파티션 리더마다 보냅니다
 * (transaction/transaction-marker-channel.ts). 받은 리더는 파티션마다 COMMIT/ABORT 마커 하나를 담은 컨트롤 배치를
 * 코디네이터 쓰기로(acks=all) 쓰고, ISR 모두가 가지면 답합니다 (Kafka: KafkaApis.handleWriteTxnMarkersRequest →
 * ReplicaManager.appendRecords, requiredAcks = -1, AppendOrigin.COORDINATOR). `__consumer_offsets` 파티션에 쓴 마커는
 * 그룹 코디네이터에게도 알려, 그 프로듀서의 보류 오프셋을 커밋하거나 버리게 합니다 (GroupCoordinator.onTransactionCompleted).
 *
 * 파티션마다의 답:
 *   이 브로커에 없는 파티션                        UNKNOWN_TOPIC_OR_PARTITION (Kafka: replicaManager.getMagic이 None)
 *   팔로워                                         NOT_LEADER_OR_FOLLOWER
 *   마커의 프로듀서 에포크가 옛것                   INVALID_PRODUCER_EPOCH
 *   마커의 코디네이터 에포크가 옛것                 TRANSACTION_COORDINATOR_FENCED (ProducerAppendInfo.checkCoordinatorEpoch)
 *   ISR이 모자람, 시간 안에 복제되지 않음           NOT_ENOUGH_REPLICAS(_AFTER_APPEND), REQUEST_TIMED_OUT
 *
 * 권한: Kafka는 CLUSTER에 대한 ClusterAction(또는 Alter) 권한을 봅니다. 우리에게는 아직 ACL이 없습니다.
 */
import { OFFSETS_TOPIC } from '../group/offsets-topic.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type WriteTxnMarkersRequest,
  type WriteTxnMarkersRequestInput,
  type WriteTxnMarkersResponseInput,
  writeTxnMarkersRequest,
  writeTxnMarkersResponse,
} from '../protocol/messages/27-write-txn-markers.js';
import { ControlRecordType, encodeControlBatch } from '../record/control-record.js';
import { AclOperation } from '../security/acl.js';
import { defineApi, type RequestContext } from './api.js';
import { authorize } from './auth-helper.js';
import type { BrokerContext } from './broker-context.js';

type Marker = WriteTxnMarkersRequest['markers'][number];

/**
 * 마커를 이 브로커의 리더 파티션에 씁니다. 핸들러와, 코디네이터가 이 브로커에 있는 리더에게 보내는 마커(소켓을 거치지
 * 않는 길)가 함께 씁니다.
 */
export async function writeTxnMarkers(
  broker: BrokerContext,
  request: WriteTxnMarkersRequest | WriteTxnMarkersRequestInput,
): Promise<WriteTxnMarkersResponseInput> {
  const markers = await Promise.all(request.markers.map((marker) => writeMarker(broker, marker)));
  return { markers };
}

async function writeMarker(broker: BrokerContext, marker: Marker) {
  const { replicaManager } = broker;
  const commit = marker.transactionResult;
  const written: { topic: string; partition: number; lastOffset: number }[] = [];
  const errors = new Map<string, number>();
  for (const { name: topic, partitionIndexes } of marker.topics) {
    for (const partition of partitionIndexes) {
      if (!replicaManager.partition(topic, partition)) {
        errors.set(`${topic}:${partition}`, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        continue;
      }
      const batch = encodeControlBatch({
        type: commit ? ControlRecordType.Commit : ControlRecordType.Abort,
        producerId: marker.producerId,
        producerEpoch: marker.producerEpoch,
        coordinatorEpoch: marker.coordinatorEpoch,
        timestamp: broker.now(),
      });
      const result = replicaManager.appendRecords(topic, partition, batch, 'coordinator', -1);
      errors.set(`${topic}:${partition}`, result.errorCode);
      if ('lastOffset' in result) written.push({ topic, partition, lastOffset: result.lastOffset });
    }
  }
  // acks=all: 마커가 ISR 모두에게 닿아야 그 파티션의 트랜잭션이 끝난 것입니다.
  const acks = await replicaManager.awaitAcks(-1, written, broker.config.int('request.timeout.ms'));
  written.forEach((p, i) => {
    const errorCode = acks[i] ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    errors.set(`${p.topic}:${p.partition}`, errorCode);
    if (errorCode === ErrorCode.NONE && p.topic === OFFSETS_TOPIC) {
      broker.groups.completeTransaction(p.partition, marker.producerId, commit);
    }
  });
  return {
    producerId: marker.producerId,
    topics: marker.topics.map(({ name, partitionIndexes }) => ({
      name,
      partitions: partitionIndexes.map((partitionIndex) => ({
        partitionIndex,
        errorCode: errors.get(`${name}:${partitionIndex}`) ?? ErrorCode.UNKNOWN_SERVER_ERROR,
      })),
    })),
  };
}

export async function handleWriteTxnMarkers(
  request: WriteTxnMarkersRequest,
  ctx: RequestContext,
): Promise<WriteTxnMarkersResponseInput> {
  // Kafka `KafkaApis.handleWriteTxnMarkersRequest`: 코디네이터인 브로커만 보내는 요청이라 클러스터 ALTER 또는
  // CLUSTER_ACTION이 있어야 합니다 (`authorizeClusterOperation`이 던지면 모든 파티션이 CLUSTER_AUTHORIZATION_FAILED).
  if (!authorize(ctx, AclOperation.ALTER) && !authorize(ctx, AclOperation.CLUSTER_ACTION)) {
    return {
      markers: request.markers.map((m) => ({
        producerId: m.producerId,
        topics: m.topics.map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((partitionIndex) => ({
            partitionIndex,
            errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
          })),
        })),
      })),
    };
  }
  return writeTxnMarkers(ctx.broker, request);
}

export const writeTxnMarkersApi = defineApi({
  key: ApiKey.WriteTxnMarkers,
  name: 'WriteTxnMarkers',
  minVersion: 0,
  maxVersion: 1,
  request: writeTxnMarkersRequest,
  response: writeTxnMarkersResponse,
  handle: handleWriteTxnMarkers,
});
