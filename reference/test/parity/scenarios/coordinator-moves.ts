/**
 * 복제 4: 그룹 코디네이터가 옮겨 갑니다. 그룹의 코디네이터는 그 그룹이 배정된 `__consumer_offsets` 파티션(복제 계수 3)의
 * 리더입니다. 그 브로커를 `kill -9` 하면 컨트롤러가 파티션의 새 리더를 뽑고, 새 리더가 파티션을 읽어 그룹과 커밋된
 * 오프셋을 되살려 코디네이터가 됩니다.
 *
 *   1. kafkajs 컨슈머 그룹이 파티션 셋의 레코드 10개씩을 읽고 하나마다 커밋합니다. 코디네이터가 아닌 브로커는
 *      OffsetCommit에 NOT_COORDINATOR로 답합니다 (클라이언트가 FindCoordinator를 다시 하게).
 *   2. 코디네이터를 죽입니다: 그 주소에는 연결이 되지 않고, 살아 있는 브로커 모두의 FindCoordinator가 새 코디네이터를
 *      알려 줍니다. 새 코디네이터도 아닌 나머지 브로커는 JoinGroup과 OffsetCommit에 NOT_COORDINATOR입니다.
 *   3. 새 코디네이터의 OffsetFetch는 죽기 전에 커밋된 오프셋 그대로입니다.
 *   4. 같은 kafkajs 컨슈머가 새 코디네이터로 다시 참여해, 죽인 뒤에 쓴 레코드만(커밋된 곳부터) 읽고 커밋합니다.
 */
import { ApiKey } from '../../../src/protocol/api-keys.js';
import { ErrorCode, errorName } from '../../../src/protocol/error-codes.js';
import type { RawClient } from '../../e2e/raw-client.js';
import type { ScenarioContext } from '../context.js';
import { commitOffset, GroupMember } from '../group-member.js';
import { type Scenario, THREE_NODES } from '../scenario.js';
import {
  type Coordinator,
  connectionTo,
  currentCoordinator,
  GROUP,
  movedCoordinator,
  survivors,
} from './coordinator-helpers.js';

const PARTITIONS = [0, 1, 2];
/** 파티션마다 죽이기 전과 뒤에 쓰는 레코드 수 */
const PER_PARTITION = 10;

export const coordinatorMoves: Scenario = {
  name: 'coordinator-moves',
  title: '그룹 코디네이터의 브로커를 죽이면: 새 코디네이터, 커밋된 오프셋, 이어 읽는 컨슈머',
  needs: { ...THREE_NODES, faults: true },
  kafka: {
    answer: {
      committedBefore: [10, 10, 10],
      offsetCommitAtAnotherBroker: 'NOT_COORDINATOR',
      oldCoordinator: 'unreachable',
      newCoordinatorIsAnotherBroker: true,
      atTheThirdBroker: { joinGroup: 'NOT_COORDINATOR', offsetCommit: 'NOT_COORDINATOR' },
      committedAtNewCoordinator: [10, 10, 10],
      readAfterMove: PARTITIONS.map((p) => Array.from({ length: PER_PARTITION }, (_, i) => `after-${p}-${i}`)),
      committedAfterMove: [20, 20, 20],
    },
    source:
      'GroupCoordinatorService (코디네이터 = 그룹의 __consumer_offsets 파티션 리더; 아니면 NOT_COORDINATOR), ' +
      'KafkaApis.handleFindCoordinatorRequest (그 파티션의 리더), CoordinatorRuntime.scheduleLoadOperation·' +
      'GroupMetadataManager.replay (새 리더가 파티션을 읽어 그룹과 오프셋을 되살림, 읽는 동안 COORDINATOR_LOAD_IN_PROGRESS), ' +
      'ReplicationControlManager.handleBrokerFenced (ISR의 다음 복제본이 리더)',
  },
  async run(ctx) {
    const topic = ctx.name('t');
    const groupId = ctx.name('g');
    await ctx.createTopics({ name: topic, partitions: PARTITIONS.length, configs: { 'min.insync.replicas': '2' } });
    const producer = await ctx.producer({ idempotent: true, maxInFlightRequests: 1 });
    const write = (prefix: string) =>
      producer.send({
        topic,
        acks: -1,
        messages: PARTITIONS.flatMap((partition) =>
          Array.from({ length: PER_PARTITION }, (_, i) => ({ partition, value: `${prefix}-${partition}-${i}` })),
        ),
      });

    await write('before');
    const old = await currentCoordinator(ctx, groupId, GROUP);
    // 파티션마다 성공을 받은 커밋과, 코디네이터를 죽인 뒤에 받은 레코드
    const committed = PARTITIONS.map(() => 0);
    const afterMove: string[][] = PARTITIONS.map(() => []);
    let moving = false;
    const consumer = ctx.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
      // kafkajs는 코디네이터와의 연결이 끊기면 재시도를 다 쓴 뒤 컨슈머를 다시 시작해(restartOnFailure) 새 코디네이터를
      // 찾습니다. 그 시간을 줄이려고 재시도를 짧게 둡니다.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 500 },
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (moving) afterMove[partition]?.push(String(message.value));
        const next = Number(message.offset) + 1;
        await consumer.commitOffsets([{ topic, partition, offset: String(next) }]);
        committed[partition] = Math.max(committed[partition] ?? 0, next);
      },
    });
    const allCommitted = (offset: number) =>
      ctx.waitFor(`파티션마다 ${offset}까지 커밋`, async () =>
        committed.every((c) => c === offset) ? true : undefined,
      );
    await allCommitted(PER_PARTITION);
    const committedBefore = [...committed];
    const another = survivors(ctx, old.address)[0] as string;
    const offsetCommitAtAnotherBroker = await commitOffset(await ctx.rawAt(another), groupId, '', -1, topic, 0, 0);

    moving = true;
    await ctx.killNode(old.nodeId);
    const oldCoordinator = await connectionTo(old.address);
    const moved = await movedCoordinator(ctx, old, groupId, GROUP);
    const third = survivors(ctx, old.address).find((address) => address !== moved.address) as string;
    const thirdBroker = await ctx.rawAt(third);
    const atTheThirdBroker = {
      joinGroup: errorName((await new GroupMember(thirdBroker, groupId, [topic]).join()).errorCode),
      offsetCommit: await commitOffset(thirdBroker, groupId, '', -1, topic, 0, 0),
    };
    const committedAtNewCoordinator = await committedAt(ctx, moved, groupId, topic);

    await write('after');
    await allCommitted(2 * PER_PARTITION);
    return {
      committedBefore,
      offsetCommitAtAnotherBroker,
      oldCoordinator,
      newCoordinatorIsAnotherBroker: moved.nodeId !== old.nodeId,
      atTheThirdBroker,
      committedAtNewCoordinator,
      readAfterMove: afterMove,
      committedAfterMove: await committedAt(ctx, moved, groupId, topic),
    };
  },
};

/**
 * 코디네이터의 OffsetFetch v5: 파티션마다 커밋된 오프셋. 코디네이터가 파티션을 읽는 동안(COORDINATOR_LOAD_IN_PROGRESS)과
 * 리더가 된 것을 아직 적용하지 않은 동안(NOT_COORDINATOR)은 다시 묻습니다.
 */
async function committedAt(
  ctx: ScenarioContext,
  coordinator: Coordinator,
  groupId: string,
  topic: string,
): Promise<number[]> {
  const client: RawClient = await ctx.rawAt(coordinator.address);
  return ctx.waitFor(`노드 ${coordinator.nodeId}의 OffsetFetch`, async () => {
    const response = await client.send<{
      errorCode: number;
      topics: { partitions: { partitionIndex: number; committedOffset: number; errorCode: number }[] }[];
    }>(ApiKey.OffsetFetch, 5, { groupId, topics: [{ name: topic, partitionIndexes: PARTITIONS }] });
    const notYet: number[] = [ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.NOT_COORDINATOR];
    if (notYet.includes(response.errorCode)) return undefined;
    if (response.errorCode !== ErrorCode.NONE) throw new Error(`OffsetFetch: ${errorName(response.errorCode)}`);
    const partitions = response.topics[0]?.partitions ?? [];
    return PARTITIONS.map((p) => partitions.find((x) => x.partitionIndex === p)?.committedOffset ?? -1);
  });
}
