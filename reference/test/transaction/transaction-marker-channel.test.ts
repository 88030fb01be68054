/**
 * 마커 채널(TransactionMarkerChannelManager)이 파티션 리더의 답마다 하는 일 (transaction/README.md의 "보낸 코디네이터" 표).
 * 보내기는 주입한 함수이고, 리더는 테스트가 바꿉니다. 이름은 Kafka의 TransactionMarkerRequestCompletionHandlerTest를 따릅니다.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type {
  WriteTxnMarkersRequestInput,
  WriteTxnMarkersResponse,
} from '../../src/protocol/messages/27-write-txn-markers.js';
import { createLogger } from '../../src/server/logger.js';
import {
  MarkersCancelled,
  TransactionMarkerChannelManager,
  type TxnMarkerEntry,
} from '../../src/transaction/transaction-marker-channel.js';

const entry: TxnMarkerEntry = {
  transactionalId: 'tx',
  producerId: 7,
  producerEpoch: 2,
  commit: true,
  coordinatorEpoch: 4,
  partitions: [
    { topic: 'a', partition: 0 },
    { topic: 'a', partition: 1 },
  ],
};

/** 목적지마다 받은 요청을 적고, `answer`가 정한 오류 코드로 답하는 보내기 */
function harness(answer: (destination: number, topic: string, partition: number, attempt: number) => number | null) {
  const sent: { destination: number; request: WriteTxnMarkersRequestInput }[] = [];
  const leaders = new Map<string, number | null>([
    ['a-0', 1],
    ['a-1', 2],
  ]);
  let attempt = 0;
  const channel = new TransactionMarkerChannelManager({
    leaderOf: (topic, partition) => leaders.get(`${topic}-${partition}`),
    send: async (destination, request) => {
      sent.push({ destination, request });
      const marker = request.markers[0];
      if (!marker) throw new Error('마커가 없습니다');
      const codes = marker.topics.flatMap((t) =>
        t.partitionIndexes.map((p) => ({ name: t.name, p, code: answer(destination, t.name, p, attempt) })),
      );
      attempt++;
      if (codes.some((c) => c.code === null)) return null;
      return {
        markers: [
          {
            producerId: marker.producerId,
            topics: marker.topics.map((t) => ({
              name: t.name,
              partitions: codes
                .filter((c) => c.name === t.name)
                .map((c) => ({ partitionIndex: c.p, errorCode: c.code as number })),
            })),
          },
        ],
      } as WriteTxnMarkersResponse;
    },
    sleep: async () => {},
    retryBackoffMs: 0,
    log: createLogger('silent'),
  });
  return { channel, sent, leaders };
}

describe('TransactionMarkerChannelManager', () => {
  it('sends one WriteTxnMarkers per leader, carrying the producer epoch and the coordinator epoch', async () => {
    const { channel, sent } = harness(() => ErrorCode.NONE);
    await channel.send(entry, () => true);
    expect(sent.map((s) => s.destination).sort()).toEqual([1, 2]);
    expect(sent[0]?.request.markers[0]).toMatchObject({
      producerId: 7,
      producerEpoch: 2,
      coordinatorEpoch: 4,
      transactionResult: true,
    });
  });

  it('shouldRetryPartitionWhenNotLeaderOrFollowerError: NOT_LEADER_OR_FOLLOWER goes again to the leader the metadata names now', async () => {
    const { channel, sent, leaders } = harness((destination) => {
      if (destination === 2) {
        leaders.set('a-1', 3); // 컨트롤러가 새 리더를 뽑았습니다
        return ErrorCode.NOT_LEADER_OR_FOLLOWER;
      }
      return ErrorCode.NONE;
    });
    await channel.send(entry, () => true);
    expect(sent.map((s) => s.destination)).toEqual([1, 2, 3]);
  });

  it('shouldReEnqueuePartitionsWhenBrokerDisconnected: retries a destination that did not answer and a partition without a leader, then finishes', async () => {
    const { channel, sent, leaders } = harness((destination, _t, _p, attempt) =>
      destination === 1 && attempt < 2 ? null : ErrorCode.NONE,
    );
    leaders.set('a-1', null);
    let rounds = 0;
    await channel.send(entry, () => {
      if (++rounds === 3) leaders.set('a-1', 2);
      return true;
    });
    expect(sent.filter((s) => s.destination === 1).length).toBeGreaterThanOrEqual(2);
    expect(sent.some((s) => s.destination === 2)).toBe(true);
  });

  it('shouldRemoveTopicPartitionFromWaitingSetOnUnsupportedForMessageFormat, and skips a deleted topic', async () => {
    const { channel, sent, leaders } = harness(() => ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
    leaders.delete('a-1');
    await channel.send(entry, () => true);
    expect(sent.map((s) => s.destination)).toEqual([1]);
  });

  it("shouldCompleteDelayedOperationWhenCoordinatorEpochFenced, shouldCompleteDelayedOperationWhenInvalidProducerEpoch: stops sending this transaction's markers", async () => {
    for (const code of [ErrorCode.TRANSACTION_COORDINATOR_FENCED, ErrorCode.INVALID_PRODUCER_EPOCH]) {
      const { channel } = harness(() => code);
      await expect(channel.send(entry, () => true)).rejects.toBeInstanceOf(MarkersCancelled);
    }
  });

  it('shouldCompleteDelayedOperationWhenCoordinatorEpochChanged: stops once this broker is no longer the coordinator at that epoch', async () => {
    const { channel, sent } = harness(() => ErrorCode.NOT_LEADER_OR_FOLLOWER);
    let current = true;
    const sending = channel.send(entry, () => current);
    current = false;
    await expect(sending).rejects.toBeInstanceOf(MarkersCancelled);
    expect(sent.length).toBeLessThanOrEqual(2);
  });
});
