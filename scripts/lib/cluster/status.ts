/**
 * 클러스터의 상태를 클러스터 자신에게 와이어로 묻습니다: 활성 컨트롤러는 컨트롤러 리스너의 DescribeQuorum(리더만
 * NONE으로 답합니다), 브로커의 펜싱과 파티션의 리더·ISR은 Metadata, 하이 워터마크는 리더에게 ListOffsets(최신, -1:
 * read_uncommitted의 "최신"은 하이 워터마크입니다). 상태를 묻는 연결은 프록시를 거치지 않아 네트워크를 끊어도 보입니다.
 */
import { ApiKey } from '../../../reference/src/protocol/api-keys.js';
import { ErrorCode } from '../../../reference/src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../../../reference/src/raft/raft-util.js';
import { systemClock } from '../../../reference/src/runtime/clock.js';
import { NetworkClient } from '../../../reference/src/runtime/network-client.js';
import { systemRandom } from '../../../reference/src/runtime/random.js';
import { paint } from '../paint.js';
import type { ClusterNode } from './plan.js';
import { latestOffset, send } from './requests.js';

/** 프로세스로서의 노드: 떠 있음, SIGSTOP으로 멈춤, 없음 */
export type ProcessState = 'running' | 'paused' | 'stopped';
/** 브로커로서의 노드: 펜싱되지 않음(running), 펜싱됨(fenced), 프로세스가 없거나 답이 없음(stopped) */
export type BrokerState = 'running' | 'fenced' | 'stopped';

export interface NodeStatus {
  readonly id: number;
  readonly name: string;
  readonly pid: number | null;
  readonly process: ProcessState;
  readonly broker: BrokerState;
}

export interface PartitionStatus {
  readonly topic: string;
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** 리더가 답한 하이 워터마크. 리더가 없거나 답하지 않으면 null */
  readonly highWatermark: number | null;
}

export interface ClusterStatus {
  readonly activeController: number | null;
  readonly nodes: readonly NodeStatus[];
  /** 사용자 토픽의 파티션들 (`__`로 시작하는 내부 토픽은 빼고) */
  readonly partitions: readonly PartitionStatus[];
  /** 끊긴 노드 쌍 (`partition`) */
  readonly cuts: readonly (readonly [number, number])[];
}

/** 상태를 묻는 요청의 시간 제한: SIGSTOP으로 멈춘 노드는 답하지 않습니다 */
const STATUS_TIMEOUT_MS = 1500;

export class StatusProbe {
  readonly #brokers: NetworkClient;
  readonly #controllers: NetworkClient;

  constructor(nodes: readonly ClusterNode[]) {
    const client = (port: (n: ClusterNode) => number) =>
      new NetworkClient({
        endpoints: new Map(nodes.map((n) => [n.id, { host: '127.0.0.1', port: port(n) }])),
        clientId: 'cluster-status',
        clock: systemClock,
        random: systemRandom,
        requestTimeoutMs: STATUS_TIMEOUT_MS,
        reconnectBackoffMs: 100,
        reconnectBackoffMaxMs: 500,
      });
    this.#brokers = client((n) => n.clientPort);
    this.#controllers = client((n) => n.controllerPort);
  }

  /** 떠 있는(`process === 'running'`) 노드들에게 묻습니다 */
  async read(
    processes: readonly Omit<NodeStatus, 'broker'>[],
    cuts: readonly (readonly [number, number])[],
  ): Promise<ClusterStatus> {
    const up = processes.filter((p) => p.process === 'running').map((p) => p.id);
    const leaders = await Promise.all(up.map((id) => this.#quorumLeader(id)));
    const activeController = leaders.find((l) => l !== null) ?? null;
    // 메타데이터는 활성 컨트롤러의 노드에게 먼저 묻습니다: 펜싱을 적은 쪽이라 가장 먼저 압니다.
    const order = activeController !== null && up.includes(activeController) ? [activeController, ...up] : up;
    let metadata: MetadataAnswer | null = null;
    for (const id of order) {
      metadata = await this.#metadata(id);
      if (metadata) break;
    }
    const alive = new Set(metadata?.brokers.map((b) => b.nodeId) ?? []);
    const nodes = processes.map((p) => ({
      ...p,
      broker: (p.process !== 'running' || !metadata
        ? 'stopped'
        : alive.has(p.id)
          ? 'running'
          : 'fenced') as BrokerState,
    }));
    const partitions = await Promise.all(
      (metadata?.topics ?? [])
        .filter((t) => t.errorCode === ErrorCode.NONE && !t.name.startsWith('__'))
        .flatMap((t) =>
          t.partitions.map(async (p) => ({
            topic: t.name,
            partition: p.partitionIndex,
            leader: p.leaderId,
            replicas: p.replicaNodes,
            isr: p.isrNodes,
            highWatermark: up.includes(p.leaderId)
              ? await this.#highWatermark(p.leaderId, t.name, p.partitionIndex)
              : null,
          })),
        ),
    );
    partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    return { activeController, nodes, partitions, cuts };
  }

  /**
   * 토픽 도구가 토픽을 만들 수 있는지: 복제 계수 `replicationFactor`인 토픽을 검증만(validateOnly) 해 봅니다. 살아 있는
   * 브로커가 모자라면 INVALID_REPLICATION_FACTOR, 컨트롤러가 없으면 NOT_CONTROLLER 계열로 답합니다.
   */
  async canCreateTopics(via: number, replicationFactor: number): Promise<boolean> {
    const reply = await send(this.#brokers, via, {
      apiKey: ApiKey.CreateTopics,
      apiVersion: 7,
      body: {
        topics: [{ name: 'cluster-ready-check', numPartitions: 1, replicationFactor, assignments: [], configs: [] }],
        timeoutMs: STATUS_TIMEOUT_MS,
        validateOnly: true,
      },
    });
    const topic = reply.ok ? (reply.response as { topics: { errorCode: number }[] }).topics[0] : undefined;
    return topic?.errorCode === ErrorCode.NONE;
  }

  close(): void {
    this.#brokers.close();
    this.#controllers.close();
  }

  async #quorumLeader(id: number): Promise<number | null> {
    const reply = await send(this.#controllers, id, {
      apiKey: ApiKey.DescribeQuorum,
      apiVersion: 2,
      body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
    });
    if (!reply.ok) return null;
    const p = (reply.response as { topics: { partitions: { errorCode: number; leaderId: number }[] }[] }).topics[0]
      ?.partitions[0];
    return p?.errorCode === ErrorCode.NONE && p.leaderId >= 0 ? p.leaderId : null;
  }

  async #metadata(id: number): Promise<MetadataAnswer | null> {
    const reply = await send(this.#brokers, id, {
      apiKey: ApiKey.Metadata,
      apiVersion: 12,
      body: { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
    });
    return reply.ok ? (reply.response as MetadataAnswer) : null;
  }

  async #highWatermark(leader: number, topic: string, partition: number): Promise<number | null> {
    const answer = await latestOffset(this.#brokers, leader, topic, partition);
    return answer?.errorCode === ErrorCode.NONE ? answer.offset : null;
  }
}

interface MetadataAnswer {
  readonly brokers: readonly { nodeId: number }[];
  readonly topics: readonly {
    name: string;
    errorCode: number;
    partitions: { partitionIndex: number; leaderId: number; replicaNodes: number[]; isrNodes: number[] }[];
  }[];
}

const PROCESS_LABEL: Record<ProcessState, string> = { running: '떠 있음', paused: '멈춤(SIGSTOP)', stopped: '꺼짐' };
const BROKER_LABEL: Record<BrokerState, string> = { running: '실행 중', fenced: '펜싱됨', stopped: '정지' };

/** 사람이 읽는 상태 블록 (줄마다) */
export function renderStatus(status: ClusterStatus): string[] {
  const controller =
    status.activeController === null
      ? paint('red', '없음 (선거 중이거나 과반이 없음)')
      : `노드 ${status.activeController}`;
  const nodes = status.nodes.map((n) => {
    const color = n.broker === 'running' ? 'green' : n.broker === 'fenced' ? 'yellow' : 'red';
    const process = n.process === 'running' ? '' : ` / ${PROCESS_LABEL[n.process]}`;
    return `${n.id} ${paint(color, BROKER_LABEL[n.broker])}${process}`;
  });
  const cuts = status.cuts.length === 0 ? '' : `  끊긴 연결: ${status.cuts.map(([a, b]) => `${a}↮${b}`).join(' ')}`;
  const lines = [`활성 컨트롤러: ${controller}  브로커: ${nodes.join(', ')}${cuts}`];
  for (const p of status.partitions) {
    const leader = p.leader < 0 ? paint('red', '없음') : String(p.leader);
    const shrunk = p.isr.length < p.replicas.length;
    const isr = paint(shrunk ? 'yellow' : 'green', `[${p.isr.join(',')}]`);
    const hw = p.highWatermark === null ? '?' : String(p.highWatermark);
    lines.push(`  ${p.topic}-${p.partition}  리더 ${leader}  ISR ${isr} / 복제본 [${p.replicas.join(',')}]  HW ${hw}`);
  }
  if (status.partitions.length === 0) lines.push('  (사용자 토픽이 아직 없습니다)');
  return lines;
}
