/**
 * Fetch (API 키 1), 버전 4–17.
 *
 * 컨슈머(와 6장의 팔로워)가 "이 파티션의 이 오프셋부터 주세요"라고 묻는 요청입니다. 브로커는 하이 워터마크까지의
 * 배치를 디스크에서 읽어 그대로 보냅니다 (다시 인코딩하지 않습니다).
 *
 * 롱 폴링(long polling): 모은 데이터가 minBytes보다 적으면 바로 빈손으로 답하지 않고, 새 데이터가 들어오거나
 * maxWaitMs가 지날 때까지 기다렸다가 다시 읽습니다. 컨슈머가 빈 응답을 받으려고 쉴 새 없이 묻지 않아도 됩니다.
 *
 * 크기 제한: 파티션마다 partitionMaxBytes, 응답 전체는 maxBytes. 다만 첫 배치는 제한보다 커도 보냅니다
 * (KIP-74): 그러지 않으면 큰 배치 하나 앞에서 컨슈머가 영원히 멈춥니다.
 *
 * 격리 수준(isolationLevel): read_uncommitted(0)는 하이 워터마크까지, read_committed(1)는 마지막 안정 오프셋(LSO)까지
 * 읽고, 그 범위에 걸친 어보트 트랜잭션 목록을 함께 받습니다. 컨슈머는 그 목록으로 어보트된 배치를 버립니다 (10장).
 *
 * 팔로워의 Fetch(6장): replicaId(v15부터는 replicaState.replicaId)가 0 이상이면 다른 브로커의 복제본이 보낸 요청입니다.
 * 파티션마다 `ReplicaManager.readForFollower` → `Partition.fetchRecordsForFollower`가 답합니다 (Kafka
 * `Partition.fetchRecords`의 팔로워 갈래): 팔로워의 lastFetchedEpoch가 리더 로그와 갈라졌으면 레코드 대신
 * divergingEpoch(v12+)를, 아니면 커밋되지 않은 꼬리까지 읽어 주고 그 팔로워의 위치(LEO, 브로커 에포크)를 적습니다.
 * 그 위치로 하이 워터마크와 ISR이 움직입니다.
 *
 * 구현하지 않은 것: 증분 fetch 세션(KIP-227; 세션 ID 0으로 답해 클라이언트가 매번 전체 요청을 보내게 합니다),
 * 랙 인식 읽기(KIP-392), 팔로워에게서 읽기.
 *
 * NOT_LEADER_OR_FOLLOWER와 FENCED_LEADER_EPOCH로 답하는 파티션에는 v16부터 지금의 리더(ID, 에포크)와 그 주소를 싣습니다
 * (KIP-951, `current-leader.ts`).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type FetchRequest,
  type FetchResponseInput,
  fetchRequest,
  fetchResponse,
} from '../protocol/messages/01-fetch.js';
import { answerRaftRequest, fromWireFetchRequest } from '../raft/raft-util.js';
import { AclOperation, ResourceType } from '../security/acl.js';
import { type ControllerRequestContext, defineApi, type RequestContext } from './api.js';
import { authorize, filterByAuthorized } from './auth-helper.js';
import { CurrentLeaders } from './current-leader.js';

type TopicResponse = FetchResponseInput['responses'][number];
type PartitionResponse = TopicResponse['partitions'][number];

export async function handleFetch(request: FetchRequest, ctx: RequestContext): Promise<FetchResponseInput> {
  const { replicaManager, metadata } = ctx.broker;
  // v15부터 팔로워는 replicaState에 자기 ID와 브로커 에포크를 싣습니다 (KIP-903). 컨슈머는 -1입니다.
  const replicaId = ctx.apiVersion >= 15 ? request.replicaState.replicaId : request.replicaId;
  const replicaEpoch = ctx.apiVersion >= 15 ? request.replicaState.replicaEpoch : -1;
  // v13+는 토픽을 이름 대신 ID로 보냅니다.
  const topics = request.topics.map((t) => ({
    ...t,
    name: ctx.apiVersion >= 13 ? (metadata.topicById(t.topicId)?.name ?? null) : t.topic,
  }));

  // 권한 (Kafka `KafkaApis.handleFetchRequest`): 팔로워(replicaId >= 0)는 클러스터 CLUSTER_ACTION, 컨슈머는 토픽 READ.
  // 허락되지 않은 파티션은 TOPIC_AUTHORIZATION_FAILED입니다 (팔로워면 모든 파티션).
  const readable =
    replicaId >= 0
      ? authorize(ctx, AclOperation.CLUSTER_ACTION)
        ? null
        : new Set<string>()
      : filterByAuthorized(
          ctx,
          AclOperation.READ,
          ResourceType.TOPIC,
          topics.flatMap((t) => (t.name === null ? [] : [t.name])),
        );
  let leaders = new CurrentLeaders(metadata, ctx.connection.listener);
  const readAll = () => {
    leaders = new CurrentLeaders(metadata, ctx.connection.listener);
    let remaining = request.maxBytes;
    let bytes = 0;
    let anyError = false;
    const responses: TopicResponse[] = topics.map((topic) => ({
      topic: topic.topic,
      topicId: topic.topicId,
      partitions: topic.partitions.map((p): PartitionResponse => {
        if (topic.name === null) {
          anyError = true;
          return emptyPartition(p.partition, ErrorCode.UNKNOWN_TOPIC_ID);
        }
        if (readable && !readable.has(topic.name)) {
          anyError = true;
          return emptyPartition(p.partition, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        }
        const maxBytes = Math.min(p.partitionMaxBytes, remaining);
        const minOneMessage = bytes === 0; // 아직 아무것도 담지 않았다면 첫 배치는 크기와 상관없이 (KIP-74)
        const result =
          replicaId >= 0
            ? replicaManager.readForFollower(topic.name, p.partition, {
                replicaId,
                replicaEpoch,
                fetchOffset: p.fetchOffset,
                lastFetchedEpoch: p.lastFetchedEpoch,
                logStartOffset: p.logStartOffset,
                currentLeaderEpoch: p.currentLeaderEpoch,
                maxBytes,
                minOneMessage,
              })
            : replicaManager.read(
                topic.name,
                p.partition,
                p.fetchOffset,
                maxBytes,
                minOneMessage,
                p.currentLeaderEpoch,
                request.isolationLevel,
              );
        if (result.errorCode !== ErrorCode.NONE || !('records' in result)) {
          anyError = true;
          const failed = emptyPartition(p.partition, result.errorCode, NO_RECORDS);
          const notLeader =
            result.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER || result.errorCode === ErrorCode.FENCED_LEADER_EPOCH;
          // KIP-951: 지금의 리더를 싣습니다 (v16+)
          return ctx.apiVersion >= 16 && notLeader
            ? { ...failed, currentLeader: leaders.leaderOf(topic.name, p.partition) }
            : failed;
        }
        bytes += result.records.length;
        remaining = Math.max(0, remaining - result.records.length);
        return {
          partitionIndex: p.partition,
          errorCode: ErrorCode.NONE,
          highWatermark: result.highWatermark,
          lastStableOffset: result.lastStableOffset,
          logStartOffset: result.logStartOffset,
          abortedTransactions: result.abortedTransactions,
          preferredReadReplica: -1,
          records: result.records,
          ...(result.divergingEpoch && {
            divergingEpoch: { epoch: result.divergingEpoch.epoch, endOffset: result.divergingEpoch.offset },
          }),
        };
      }),
    }));
    return { responses, bytes, anyError };
  };

  let result = readAll();
  if (result.bytes < request.minBytes && request.maxWaitMs > 0 && !result.anyError) {
    const watched = topics.flatMap((t) =>
      t.name === null ? [] : t.partitions.map((p) => ({ topic: t.name as string, partition: p.partition })),
    );
    await replicaManager.waitForData(watched, request.maxWaitMs);
    result = readAll();
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: result.responses,
    nodeEndpoints: leaders.nodeEndpoints,
  };
}

/**
 * 레코드 없이 오류만 싣는 파티션 응답. 레코드 자리는 Kafka가 쓰는 대로 둘로 나뉩니다.
 * - 요청을 읽기 전에 거른 파티션(모르는 토픽 ID, 권한 없음)은 null(크기 -1): Kafka `FetchResponse.partitionResponse`.
 * - 복제본 관리자가 읽다가 낸 오류(NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, OFFSET_OUT_OF_RANGE …)는 빈 레코드(크기 0):
 *   Kafka `ReplicaManager.createLogReadResult(e)`의 `MemoryRecords.EMPTY`. librdkafka는 이 자리의 -1을 읽지 못해
 *   ("invalid MessageSetSize -1") 응답 전체를 버리고 오류 코드도 보지 못한 채 같은 브로커에 계속 묻습니다.
 */
function emptyPartition(partitionIndex: number, errorCode: number, records: Buffer | null = null): PartitionResponse {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records,
  };
}

const NO_RECORDS = Buffer.alloc(0);

export const fetchApi = defineApi({
  key: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 17,
  request: fetchRequest,
  response: fetchResponse,
  handle: handleFetch,
});

/**
 * 컨트롤러 리스너의 Fetch, 버전 12–17: 메타데이터 파티션(`__cluster_metadata-0`)만 답합니다 (Kafka
 * `ControllerApis.handleFetch` → `handleRaftRequest`). 팔로워 컨트롤러와 관찰자가 리더에게서 로그를 끌어갈 때
 * 보냅니다: (fetchOffset, lastFetchedEpoch)로 자기 로그의 끝을 알리고, 리더는 레코드나 갈라진 에포크나 받아 갈
 * 스냅숏으로 답합니다. v12 아래는 lastFetchedEpoch가 없어 갈라짐을 알 수 없으므로 받지 않습니다.
 */
export async function handleControllerFetch(
  request: FetchRequest,
  ctx: ControllerRequestContext,
): Promise<FetchResponseInput> {
  const decoded = fromWireFetchRequest(request, ctx.apiVersion);
  return (await answerRaftRequest(decoded, 'Fetch', ctx.quorum, ctx.now)) as FetchResponseInput;
}

export const controllerFetchApi = defineApi<typeof fetchRequest, typeof fetchResponse, ControllerRequestContext>({
  key: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 12,
  maxVersion: 17,
  request: fetchRequest,
  response: fetchResponse,
  handle: handleControllerFetch,
});
