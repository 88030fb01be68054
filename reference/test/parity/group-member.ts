/**
 * 날 프로토콜로 그룹 프로토콜을 한 단계씩 밟는 멤버 하나. kafkajs는 오류를 받으면 스스로 다시 합류하거나 커밋을
 * 다시 보내서, 코디네이터가 어느 상태에서 무엇을 답하는지 그대로 보이지 않습니다. 비교 시나리오는 이것으로
 * JoinGroup, SyncGroup, OffsetCommit, OffsetFetch, LeaveGroup의 답을 하나씩 봅니다.
 *
 * 멤버마다 연결을 따로 씁니다: 리밸런스 중의 JoinGroup은 다른 멤버가 다시 합류할 때까지 답이 오지 않으므로,
 * 그동안 다른 멤버의 요청이 같은 연결에서 기다리지 않게 합니다.
 */
import { AssignerProtocol } from 'kafkajs';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { errorName } from '../../src/protocol/error-codes.js';
import type { RawClient } from '../e2e/raw-client.js';

export interface JoinAnswer {
  readonly errorCode: number;
  readonly memberId: string;
  readonly generationId: number;
  readonly leader: string;
}

export class GroupMember {
  memberId = '';

  constructor(
    private readonly coordinator: RawClient,
    readonly groupId: string,
    /** JoinGroup 메타데이터에 적는 구독 토픽 */
    private readonly topics: readonly string[],
  ) {}

  /** JoinGroup v5. 처음에는 멤버 ID 없이 보내 MEMBER_ID_REQUIRED와 ID를 받습니다 (KIP-394). */
  async join(): Promise<JoinAnswer> {
    const answer = await this.coordinator.send<JoinAnswer>(ApiKey.JoinGroup, 5, {
      groupId: this.groupId,
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 30_000,
      memberId: this.memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [
        {
          name: 'range',
          metadata: AssignerProtocol.MemberMetadata.encode({
            version: 0,
            topics: [...this.topics],
            userData: Buffer.alloc(0),
          }),
        },
      ],
    });
    if (answer.memberId !== '') this.memberId = answer.memberId;
    return answer;
  }

  /** 처음 합류: MEMBER_ID_REQUIRED로 ID를 받고 다시 보냅니다. 두 번째 JoinGroup의 답을 돌려줍니다. */
  async joinWithId(): Promise<JoinAnswer> {
    const first = await this.join();
    if (errorName(first.errorCode) !== 'MEMBER_ID_REQUIRED') {
      throw new Error(`첫 JoinGroup: MEMBER_ID_REQUIRED를 기대했지만 ${errorName(first.errorCode)}`);
    }
    return this.join();
  }

  /** SyncGroup v3. 리더면 `assignments`(멤버 ID → 토픽마다 파티션)를 보냅니다. 오류 이름을 돌려줍니다. */
  async sync(
    generationId: number,
    assignments: Readonly<Record<string, Readonly<Record<string, number[]>>>> = {},
  ): Promise<string> {
    const synced = await this.coordinator.send<{ errorCode: number }>(ApiKey.SyncGroup, 3, {
      groupId: this.groupId,
      generationId,
      memberId: this.memberId,
      groupInstanceId: null,
      assignments: Object.entries(assignments).map(([memberId, assignment]) => ({
        memberId,
        assignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment, userData: Buffer.alloc(0) }),
      })),
    });
    return errorName(synced.errorCode);
  }

  /** OffsetCommit v7로 파티션 하나를 커밋하고, 그 파티션의 오류 이름을 돌려줍니다. */
  async commit(topic: string, partition: number, offset: number, generationId: number): Promise<string> {
    return commitOffset(this.coordinator, this.groupId, this.memberId, generationId, topic, partition, offset);
  }

  /** Heartbeat v3. 오류 이름을 돌려줍니다. */
  async heartbeat(generationId: number): Promise<string> {
    const answer = await this.coordinator.send<{ errorCode: number }>(ApiKey.Heartbeat, 3, {
      groupId: this.groupId,
      generationId,
      memberId: this.memberId,
      groupInstanceId: null,
    });
    return errorName(answer.errorCode);
  }

  /** LeaveGroup v3 */
  async leave(): Promise<string> {
    const left = await this.coordinator.send<{ errorCode: number }>(ApiKey.LeaveGroup, 3, {
      groupId: this.groupId,
      members: [{ memberId: this.memberId, groupInstanceId: null }],
    });
    return errorName(left.errorCode);
  }
}

/** OffsetCommit v7 한 파티션. 관리 도구의 커밋은 멤버 ID '', 세대 -1입니다. */
export async function commitOffset(
  coordinator: RawClient,
  groupId: string,
  memberId: string,
  generationId: number,
  topic: string,
  partition: number,
  offset: number,
): Promise<string> {
  const response = await coordinator.send<{ topics: { partitions: { errorCode: number }[] }[] }>(
    ApiKey.OffsetCommit,
    7,
    {
      groupId,
      generationIdOrMemberEpoch: generationId,
      memberId,
      groupInstanceId: null,
      topics: [
        { name: topic, partitions: [{ partitionIndex: partition, committedOffset: offset, committedMetadata: '' }] },
      ],
    },
  );
  return errorName(response.topics[0]?.partitions[0]?.errorCode ?? -1);
}

/** OffsetFetch v5로 파티션 하나의 커밋된 오프셋 (없으면 -1) */
export async function committedOffset(
  coordinator: RawClient,
  groupId: string,
  topic: string,
  partition: number,
): Promise<number> {
  const response = await coordinator.send<{ topics: { partitions: { committedOffset: number }[] }[] }>(
    ApiKey.OffsetFetch,
    5,
    { groupId, topics: [{ name: topic, partitionIndexes: [partition] }] },
  );
  return response.topics[0]?.partitions[0]?.committedOffset ?? -1;
}

/** DescribeGroups v3로 그룹의 상태 이름 (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead) */
export async function groupState(coordinator: RawClient, groupId: string): Promise<string> {
  const response = await coordinator.send<{ groups: { groupState: string }[] }>(ApiKey.DescribeGroups, 3, {
    groups: [groupId],
    includeAuthorizedOperations: false,
  });
  return response.groups[0]?.groupState ?? '';
}
