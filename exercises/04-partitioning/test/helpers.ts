/**
 * 4장 테스트 도우미: kafkajs가 파티셔너에 넘기는 메타데이터와, 키가 있는 레코드의 기준 답. 테스트는 고치지 마세요.
 */
import { Partitioners, type PartitionMetadata } from 'kafkajs';

/** kafkajs가 파티셔너에 넘기는 것과 같은 모양의 파티션 메타데이터 (leaderless: 리더가 없는 파티션) */
export function metadata(count: number, leaderless: readonly number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
  }));
}

/** kafkajs 2.2.4의 DefaultPartitioner(Java와 같은 murmur2)가 고르는 파티션: 키가 있는 레코드의 기준 답 */
export function kafkajsDefault(key: string, count: number): number {
  return Partitioners.DefaultPartitioner()({
    topic: 't',
    partitionMetadata: metadata(count),
    message: { key, value: null },
  });
}

export const userKey = (id: number) => `user:${id}`;
