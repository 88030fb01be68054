/**
 * 도구들(`npm run cluster`의 상태 줄, 드릴의 최종 로그)이 브로커에 직접 보내는 요청. `NetworkClient`의 콜백을 Promise로
 * 바꾸고, 여러 곳이 같은 모양으로 묻는 ListOffsets(LATEST)를 한 곳에 둡니다.
 */
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import type { ApiRequest, NetworkClient } from '../../../reference/src/runtime/network-client.js';
import type { Reply } from '../../../reference/src/runtime/transport.js';

export function send(client: NetworkClient, id: number, request: ApiRequest): Promise<Reply<unknown>> {
  return new Promise((resolve) => client.send(id, request, resolve));
}

/**
 * 파티션 리더에게 ListOffsets(LATEST, read_uncommitted)를 묻습니다: 하이 워터마크. 답을 받지 못하면 null.
 * 막 뽑힌 리더의 하이 워터마크가 아직 자기 리더 에포크의 시작에 닿지 않았으면 errorCode가 OFFSET_NOT_AVAILABLE입니다
 * (Kafka `Partition.fetchOffsetForTimestamp`).
 */
export async function latestOffset(
  client: NetworkClient,
  leader: number,
  topic: string,
  partition: number,
): Promise<{ errorCode: number; offset: number } | null> {
  const reply = await send(client, leader, {
    apiKey: ApiKey.ListOffsets,
    apiVersion: 7,
    body: {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1 }] }],
    },
  });
  if (!reply.ok) return null;
  const answer = (reply.response as { topics: { partitions: { errorCode: number; offset: number }[] }[] }).topics[0]
    ?.partitions[0];
  return answer ? { errorCode: answer.errorCode, offset: Number(answer.offset) } : null;
}
