/**
 * 드릴의 최종 로그 읽기(`readFinalLogs`)가 막 뽑힌 리더를 만났을 때. 리더가 바뀐 직후 새 리더의 하이 워터마크는 옛 리더가
 * 이미 확인 응답한 끝보다 뒤에 있을 수 있고(팔로워가 다음 Fetch로 알려 줄 때까지), 그동안 Fetch는 그 낮은 하이
 * 워터마크까지만 주고 ListOffsets(LATEST)는 OFFSET_NOT_AVAILABLE로 답합니다 (Kafka `Partition.fetchOffsetForTimestamp`).
 * 그 순간에 읽어 끝 레코드를 "잃은 쓰기"로 판단하면 안 됩니다.
 *
 * 상대는 진짜 소켓 위의 각본 브로커입니다: 참조 브로커의 `SocketServer`와 요청 처리기, 코덱을 그대로 쓰고, 핸들러만
 * 그 상황을 재현합니다 (세 노드 클러스터에서 그 순간을 골라 만들 수는 없으니까요).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiDefinition, defineApi } from '../../reference/src/apis/api.js';
import { ApiKey } from '../../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../../reference/src/protocol/error-codes.js';
import { Framer } from '../../reference/src/protocol/framer.js';
import { fetchRequest, fetchResponse } from '../../reference/src/protocol/messages/01-fetch.js';
import { listOffsetsRequest, listOffsetsResponse } from '../../reference/src/protocol/messages/02-list-offsets.js';
import { metadataRequest, metadataResponse } from '../../reference/src/protocol/messages/03-metadata.js';
import { encodeBatch } from '../../reference/src/record/record-batch.js';
import { createLogger } from '../../reference/src/server/logger.js';
import { createRequestProcessor } from '../../reference/src/server/request-processor.js';
import { SocketServer } from '../../reference/src/server/socket-server.js';
import { SeededRandom } from '../../reference/src/sim/random.js';
import { readFinalLogs } from '../lib/drill/final-log.js';

const TOPIC = 'drill-final';
/** 옛 리더가 확인 응답한 레코드 수 (오프셋 0–9) */
const ACKED = 10;

let server: SocketServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/**
 * 파티션 하나의 리더 역을 하는 브로커. 로그에는 레코드 열 개가 다 있지만, 하이 워터마크는 `lagMs` 동안 9에 머뭅니다
 * (막 뽑힌 리더). 그동안 ListOffsets(LATEST)는 OFFSET_NOT_AVAILABLE입니다.
 */
async function newlyElectedLeader(lagMs: number): Promise<{ port: number; listOffsets: () => number }> {
  const started = Date.now();
  const highWatermark = () => (Date.now() - started < lagMs ? ACKED - 1 : ACKED);
  let listOffsetsCalls = 0;
  const records = encodeBatch({
    baseOffset: 0,
    records: Array.from({ length: ACKED }, (_, i) => ({
      key: null,
      value: Buffer.from(`v${i}`),
      timestamp: started,
    })),
  });
  let port = 0;
  const apis: ApiDefinition<unknown>[] = [
    defineApi({
      key: ApiKey.Metadata,
      name: 'Metadata',
      minVersion: 9,
      maxVersion: 9,
      request: metadataRequest,
      response: metadataResponse,
      handle: () => ({
        brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
        clusterId: 'drill',
        controllerId: 1,
        topics: [
          {
            errorCode: ErrorCode.NONE,
            name: TOPIC,
            isInternal: false,
            partitions: [
              {
                errorCode: ErrorCode.NONE,
                partitionIndex: 0,
                leaderId: 1,
                leaderEpoch: 1,
                replicaNodes: [1, 2, 3],
                isrNodes: [1, 2, 3],
                offlineReplicas: [],
              },
            ],
          },
        ],
      }),
    }),
    defineApi({
      key: ApiKey.ListOffsets,
      name: 'ListOffsets',
      minVersion: 7,
      maxVersion: 7,
      request: listOffsetsRequest,
      response: listOffsetsResponse,
      handle: () => {
        listOffsetsCalls++;
        const lagging = highWatermark() < ACKED;
        return {
          topics: [
            {
              name: TOPIC,
              partitions: [
                {
                  partitionIndex: 0,
                  errorCode: lagging ? ErrorCode.OFFSET_NOT_AVAILABLE : ErrorCode.NONE,
                  oldStyleOffsets: [],
                  timestamp: -1,
                  offset: lagging ? -1 : ACKED,
                  leaderEpoch: 1,
                },
              ],
            },
          ],
        };
      },
    }),
    defineApi({
      key: ApiKey.Fetch,
      name: 'Fetch',
      minVersion: 11,
      maxVersion: 11,
      request: fetchRequest,
      response: fetchResponse,
      handle: () => ({
        errorCode: ErrorCode.NONE,
        sessionId: 0,
        responses: [
          {
            topic: TOPIC,
            partitions: [
              {
                partitionIndex: 0,
                errorCode: ErrorCode.NONE,
                highWatermark: highWatermark(),
                lastStableOffset: highWatermark(),
                logStartOffset: 0,
                abortedTransactions: [],
                preferredReadReplica: -1,
                records,
              },
            ],
          },
        ],
      }),
    }),
  ];
  const log = createLogger('silent');
  server = new SocketServer(
    () => createRequestProcessor(apis, (base) => base, log),
    log,
    () => new Framer(1 << 20),
    () => ({ sasl: null, tls: null }),
    new SeededRandom(1),
  );
  const [bound] = await server.listen([{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }]);
  port = bound?.boundPort ?? 0;
  return { port, listOffsets: () => listOffsetsCalls };
}

describe('드릴의 최종 로그 읽기', () => {
  it('막 뽑힌 리더의 하이 워터마크가 확인 응답한 끝에 닿을 때까지 기다려, 레코드 열 개를 모두 읽습니다', async () => {
    const leader = await newlyElectedLeader(1200);
    const [partition] = await readFinalLogs(`127.0.0.1:${leader.port}`, [TOPIC]);
    expect(partition?.partition).toBe(`${TOPIC}-0`);
    expect(partition?.leader.highWatermark).toBe(ACKED);
    expect(partition?.leader.records.map((r) => r.value)).toEqual(Array.from({ length: ACKED }, (_, i) => `v${i}`));
    // OFFSET_NOT_AVAILABLE을 받고 다시 물었습니다
    expect(leader.listOffsets()).toBeGreaterThan(1);
  }, 30_000);
});
