/**
 * 보안 시나리오(13장)가 함께 쓰는 것: 주체들과, 거절 코드를 보려고 날 프로토콜로 보내는 요청들. kafkajs는 거절을
 * 자기 오류로 바꾸거나(FindCoordinator → KafkaJSGroupCoordinatorNotFound) 다른 요청을 먼저 보내므로, 요청 하나가
 * 무엇을 답하는지는 날 요청으로 봅니다. 버전은 참조 브로커와 Kafka 4.x가 모두 받는 것입니다.
 */
import type { AclEntry } from 'kafkajs';
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { errorName } from '../../../src/protocol/error-codes.js';
import { encodeBatch } from '../../../src/record/record-batch.js';
import type { RawClient } from '../../e2e/raw-client.js';
import type { SaslLogin } from '../security.js';

/** ACL을 받는 사용자: 진짜 클라이언트(kafkajs)로 SCRAM-SHA-512 */
export const ALICE: SaslLogin = { user: 'alice', mechanism: 'SCRAM-SHA-512' };
/** ACL이 없거나 일부만 있는 사용자: 날 연결로 SCRAM-SHA-256 */
export const BOB: SaslLogin = { user: 'bob', mechanism: 'SCRAM-SHA-256' };

/** 레코드 하나의 배치 (멱등도 트랜잭션도 아님) */
export function oneRecord(value = 'x'): Buffer {
  return encodeBatch({ records: [{ key: null, value: Buffer.from(value), timestamp: 1000 }] });
}

/** FindCoordinator v3 (keyType 0 그룹, 1 트랜잭션): 오류 이름 */
export async function findCoordinatorError(client: RawClient, key: string, keyType: 0 | 1): Promise<string> {
  const r = await client.send<{ errorCode: number }>(ApiKey.FindCoordinator, 3, { key, keyType });
  return errorName(r.errorCode);
}

/** 새 멤버의 JoinGroup v7 (consumer 프로토콜): 오류 이름 */
export async function joinGroupError(client: RawClient, groupId: string): Promise<string> {
  const r = await client.send<{ errorCode: number }>(ApiKey.JoinGroup, 7, {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
  });
  return errorName(r.errorCode);
}

/** 세대 없는 OffsetCommit v8 (관리 도구의 모양), 파티션 0에 오프셋 0: 그 파티션의 오류 이름 */
export async function offsetCommitError(client: RawClient, groupId: string, topic: string): Promise<string> {
  const r = await client.send<{ topics: { partitions: { errorCode: number }[] }[] }>(ApiKey.OffsetCommit, 8, {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      {
        name: topic,
        partitions: [{ partitionIndex: 0, committedOffset: 0, committedLeaderEpoch: -1, committedMetadata: '' }],
      },
    ],
  });
  const partition = r.topics[0]?.partitions[0];
  if (!partition) throw new Error('OffsetCommit 응답에 파티션이 없습니다');
  return errorName(partition.errorCode);
}

/** 트랜잭션 프로듀서의 InitProducerId v4: 오류 이름 */
export async function initProducerIdError(client: RawClient, transactionalId: string): Promise<string> {
  const r = await client.send<{ errorCode: number }>(ApiKey.InitProducerId, 4, {
    transactionalId,
    transactionTimeoutMs: 60_000,
    producerId: -1,
    producerEpoch: -1,
  });
  return errorName(r.errorCode);
}

/** CreateAcls v3로 ACL 하나를 만들어 봅니다: 그 만들기의 오류 이름 */
export async function createAclError(client: RawClient, entry: AclEntry): Promise<string> {
  const r = await client.send<{ results: { errorCode: number }[] }>(ApiKey.CreateAcls, 3, { creations: [entry] });
  const result = r.results[0];
  if (!result) throw new Error('CreateAcls 응답에 결과가 없습니다');
  return errorName(result.errorCode);
}

/** Metadata v9로 모든 토픽을 물어, 이름이 `prefix`로 시작하는 것만 (다른 시나리오의 토픽은 빼고) 이름 순으로 */
export async function visibleTopics(client: RawClient, prefix: string): Promise<string[]> {
  const r = await client.send<{ topics: { name: string }[] }>(ApiKey.Metadata, 9, {
    topics: null,
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });
  return r.topics
    .map((t) => t.name)
    .filter((name) => name.startsWith(prefix))
    .sort();
}
