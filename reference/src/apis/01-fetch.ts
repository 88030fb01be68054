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
 * 구현하지 않은 것: 증분 fetch 세션(KIP-227; 세션 ID 0으로 답해 클라이언트가 매번 전체 요청을 보내게 합니다),
 * 팔로워 fetch(6장), 랙 인식 읽기(KIP-392).
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  type FetchRequest,
  type FetchResponseInput,
  fetchRequest,
  fetchResponse,
} from '../protocol/messages/01-fetch.js';
import { defineApi, type RequestContext } from './api.js';

type TopicResponse = FetchResponseInput['responses'][number];
type PartitionResponse = TopicResponse['partitions'][number];

export async function handleFetch(request: FetchRequest, ctx: RequestContext): Promise<FetchResponseInput> {
  const { replicaManager, metadata } = ctx.broker;
  // v13+는 토픽을 이름 대신 ID로 보냅니다.
  const topics = request.topics.map((t) => ({
    ...t,
    name: ctx.apiVersion >= 13 ? (metadata.topicById(t.topicId)?.name ?? null) : t.topic,
  }));

  const readAll = () => {
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
        const maxBytes = Math.min(p.partitionMaxBytes, remaining);
        const result = replicaManager.read(
          topic.name,
          p.partition,
          p.fetchOffset,
          maxBytes,
          bytes === 0, // 아직 아무것도 담지 않았다면 첫 배치는 크기와 상관없이 (KIP-74)
          p.currentLeaderEpoch,
          request.isolationLevel,
        );
        if (result.errorCode !== ErrorCode.NONE || !('records' in result)) {
          anyError = true;
          return emptyPartition(p.partition, result.errorCode);
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
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: result.responses };
}

function emptyPartition(partitionIndex: number, errorCode: number): PartitionResponse {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: null,
  };
}

export const fetchApi = defineApi({
  key: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 17,
  request: fetchRequest,
  response: fetchResponse,
  handle: handleFetch,
});
