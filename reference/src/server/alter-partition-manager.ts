/**
 * AlterPartition의 요청과 답 (Kafka `DefaultAlterPartitionManager.buildRequest`·`handleAlterPartitionResponse`):
 * 리더의 ISR 변경 제안을 활성 컨트롤러에게 보낼 v3 요청으로 만들고, 답에서 이 파티션의 커밋된 상태나 오류 코드를
 * 꺼냅니다. 진짜 노드(`../node/broker-server.ts`)와 시뮬레이터(`../sim/replication-simulation.ts`)가 전송만 달리해
 * 함께 씁니다.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { AlterPartitionRequestInput, AlterPartitionResponse } from '../protocol/messages/56-alter-partition.js';
import type { AlterPartitionProposal } from '../replication/partition.js';
import { err, ok } from '../result.js';
import type { AlterPartitionAnswer } from './replica-manager.js';

/** v3: 토픽 ID와 ISR 항목마다 브로커 에포크 (KIP-903). 브로커 에포크는 컨트롤러가 옛 세션의 제안을 거르는 데 씁니다. */
export const ALTER_PARTITION_VERSION = 3;

export function buildAlterPartitionRequest(
  brokerId: number,
  brokerEpoch: number,
  topicId: string,
  proposal: AlterPartitionProposal,
): AlterPartitionRequestInput {
  return {
    brokerId,
    brokerEpoch,
    topics: [
      {
        topicId,
        partitions: [
          {
            partitionIndex: proposal.partition,
            leaderEpoch: proposal.leaderEpoch,
            // v3은 newIsrWithEpochs만 싣습니다 (newIsr는 v2까지의 필드라 보내지 않음).
            newIsr: [],
            newIsrWithEpochs: proposal.newIsrWithEpochs.map((b) => ({ ...b })),
            leaderRecoveryState: proposal.leaderRecoveryState,
            partitionEpoch: proposal.partitionEpoch,
          },
        ],
      },
    ],
  };
}

/** 답 전체의 오류, 이 파티션 항목의 오류, 아니면 커밋된 리더 에포크·파티션 에포크·ISR·복구 상태 */
export function readAlterPartitionAnswer(response: AlterPartitionResponse, topicId: string): AlterPartitionAnswer {
  if (response.errorCode !== ErrorCode.NONE) return err(response.errorCode);
  const answer = response.topics.find((t) => t.topicId === topicId)?.partitions[0];
  if (!answer) return err(ErrorCode.UNKNOWN_SERVER_ERROR);
  if (answer.errorCode !== ErrorCode.NONE) return err(answer.errorCode);
  return ok({
    leaderEpoch: answer.leaderEpoch,
    partitionEpoch: answer.partitionEpoch,
    isr: answer.isr,
    leaderRecoveryState: answer.leaderRecoveryState,
  });
}
