/**
 * 노드 셋짜리 KRaft 쿼럼의 설정: `npm run quorum:up`과 진짜 프로세스 시험(`reference/test/e2e/quorum-process.test.ts`)이
 * 같은 모양으로 노드를 띄웁니다. apache/kafka 이미지와 같은 `KAFKA_*` 환경 변수입니다.
 *
 * 그리고 쿼럼에게 묻기: DescribeQuorum을 보내 리더(활성 컨트롤러)의 답을 받습니다 (`npm run quorum`, 시드 시나리오의
 * 컨트롤러 죽이기).
 */
import { ApiKey } from '../../reference/src/protocol/api-keys.js';
import { ErrorCode, errorName } from '../../reference/src/protocol/error-codes.js';
import type { DescribeQuorumResponse } from '../../reference/src/protocol/messages/55-describe-quorum.js';
import { METADATA_TOPIC } from '../../reference/src/raft/raft-util.js';
import { systemClock } from '../../reference/src/runtime/clock.js';
import { NetworkClient } from '../../reference/src/runtime/network-client.js';
import { systemRandom } from '../../reference/src/runtime/random.js';
import type { Reply } from '../../reference/src/runtime/transport.js';

/** Kafka 문서의 예와 같은 모양의 클러스터 ID (16바이트 base64url). 쿼럼의 노드는 모두 같은 ID로 포맷됩니다. */
export const QUORUM_CLUSTER_ID = 'MkU3OEVBNTcwNTJENDM2Qg';

/** 노드 하나의 환경 변수. 컨트롤러 리스너는 언제나, 브로커 리스너는 브로커 역할일 때만 엽니다. */
export function quorumNodeEnv(
  id: number,
  roles: string,
  ports: { readonly broker: number; readonly controller: number },
  voters: string,
): Record<string, string> {
  const listeners = [
    ...(roles.split(',').includes('broker') ? [`PLAINTEXT://127.0.0.1:${ports.broker}`] : []),
    `CONTROLLER://127.0.0.1:${ports.controller}`,
  ];
  return {
    CLUSTER_ID: QUORUM_CLUSTER_ID,
    KAFKA_NODE_ID: String(id),
    KAFKA_PROCESS_ROLES: roles,
    KAFKA_LISTENERS: listeners.join(','),
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_CONTROLLER_QUORUM_VOTERS: voters,
    // 코디네이터의 내부 토픽은 Kafka의 기본값대로 복제합니다 (브로커 한 대짜리 기본 설정은 1, Kafka의 config/server.properties와
    // 같음): 코디네이터 파티션의 리더가 죽어도 다른 복제본이 코디네이터가 되어 오프셋과 트랜잭션 장부를 이어 갑니다.
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '3',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '2',
  };
}

export type QuorumPartition = DescribeQuorumResponse['topics'][number]['partitions'][number];

const REQUEST_TIMEOUT_MS = 5000;

/** 주소 하나에 DescribeQuorum을 보냅니다. 답을 못 받으면 이유를 담아 던집니다. */
export async function describeQuorumAt(server: string): Promise<QuorumPartition> {
  const [host = '', port = ''] = server.split(/:(?=\d+$)/);
  const client = new NetworkClient({
    endpoints: new Map([[0, { host, port: Number(port) }]]),
    clientId: 'metadata-quorum',
    clock: systemClock,
    random: systemRandom,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  // NetworkClient의 타이머는 unref입니다 (브로커 프로세스를 살려 두는 것은 리스너라서). 연결이 거절되면 답을 넘겨줄
  // 그 타이머만 남아, 이 도구는 답을 받기 전에 끝나 버립니다 (죽은 노드가 목록의 첫째일 때). 기다리는 동안 프로세스를
  // 살려 두는 타이머를 겁니다.
  const keepAlive = setTimeout(() => {}, REQUEST_TIMEOUT_MS + 1000);
  try {
    const reply = await new Promise<Reply<unknown>>((resolve) =>
      client.send(
        0,
        {
          apiKey: ApiKey.DescribeQuorum,
          apiVersion: 2,
          body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
        },
        resolve,
      ),
    );
    if (!reply.ok) throw new Error(`${server}에 닿지 못했습니다`);
    const response = reply.response as DescribeQuorumResponse;
    const partition = response.topics[0]?.partitions[0];
    const errorCode = response.errorCode !== ErrorCode.NONE ? response.errorCode : (partition?.errorCode ?? -1);
    if (errorCode !== ErrorCode.NONE || !partition) throw new Error(`${server}: ${errorName(errorCode)}`);
    return partition;
  } finally {
    clearTimeout(keepAlive);
    client.close();
  }
}

/**
 * 주소들에 차례로 묻고 처음 받은 리더의 답을 돌려줍니다. 리더만 답을 알고 다른 노드는 NOT_LEADER_OR_FOLLOWER로
 * 답하므로(Kafka의 브로커는 활성 컨트롤러에게 넘겨 답합니다), 주소를 모두 주면 어느 노드가 리더든 답을 받습니다.
 */
export async function describeQuorum(servers: readonly string[]): Promise<QuorumPartition> {
  const failures: string[] = [];
  for (const server of servers) {
    try {
      return await describeQuorumAt(server);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new Error(`쿼럼의 리더에게서 답을 받지 못했습니다:\n  ${failures.join('\n  ')}`);
}
