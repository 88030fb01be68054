/**
 * 진짜 프로세스 셋(브로커+컨트롤러를 겸한 노드, 루프백)을 띄우는 시험 틀. `npm run quorum:up`과 같은 설정
 * (`quorumNodeEnv`)에 시험마다의 환경 변수를 얹고, 노드마다의 브로커·컨트롤러 리스너로 말하는 클라이언트 둘을 줍니다.
 * 쿼럼, 메타데이터 스냅숏, 복제의 프로세스 시험이 함께 씁니다. 멈춘(SIGSTOP) 노드도 끝낼 때는 깨워서 PID로 멈춥니다.
 */
import type { ChildProcess } from 'node:child_process';
import { send } from '../../../scripts/lib/cluster/requests.js';
import { quorumNodeEnv } from '../../../scripts/lib/quorum.js';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { METADATA_TOPIC } from '../../src/raft/raft-util.js';
import { systemClock } from '../../src/runtime/clock.js';
import { NetworkClient } from '../../src/runtime/network-client.js';
import { systemRandom } from '../../src/runtime/random.js';
import { killHard, removeDir, reservePort, spawnBroker, tempDir } from './support.js';

export { send };

export interface QuorumProcessNode {
  readonly id: number;
  readonly dir: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  process: ChildProcess | null;
}

export interface QuorumProcessOptions {
  /** 임시 폴더와 clientId의 이름 */
  readonly name: string;
  readonly ids: readonly number[];
  /** `quorumNodeEnv` 위에 얹는 시험의 설정 (KAFKA_…). 노드마다 다르면 (리스너의 포트) 노드를 받는 함수 */
  readonly env: Readonly<Record<string, string>> | ((node: QuorumProcessNode) => Readonly<Record<string, string>>);
  /** 노드 하나가 준비되기까지 기다릴 최대 시간 */
  readonly readyTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

/**
 * 장애 시험의 빠른 시간 설정: 선거 1초, Fetch 시간 제한 2초, 하트비트 1초, 쉬는 파티션은 0.2초 뒤 다시 (Kafka의 기본은
 * 1초·2초·2초·1초). 세션 시간 제한은 시험마다 다릅니다: 죽은 브로커가 그만큼 지나야 펜싱되고 리더를 잃습니다.
 */
export function fastFailoverEnv(sessionTimeoutMs: number): Record<string, string> {
  return {
    KAFKA_CONTROLLER_QUORUM_ELECTION_TIMEOUT_MS: '1000',
    KAFKA_CONTROLLER_QUORUM_FETCH_TIMEOUT_MS: '2000',
    KAFKA_BROKER_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
    KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: '1000',
    KAFKA_REPLICA_FETCH_BACKOFF_MS: '200',
  };
}

/** Metadata 답의 파티션 하나 */
export interface PartitionAnswer {
  readonly partitionIndex: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicaNodes: number[];
  readonly isrNodes: number[];
}

export class QuorumProcesses {
  readonly nodes: QuorumProcessNode[];
  readonly brokers: NetworkClient;
  readonly controllers: NetworkClient;
  readonly #voters: string;

  private constructor(
    nodes: QuorumProcessNode[],
    private readonly options: QuorumProcessOptions,
  ) {
    this.nodes = nodes;
    this.#voters = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
    const client = (port: (n: QuorumProcessNode) => number) =>
      new NetworkClient({
        endpoints: new Map(nodes.map((n) => [n.id, { host: '127.0.0.1', port: port(n) }])),
        clientId: `${options.name}-test`,
        clock: systemClock,
        random: systemRandom,
        requestTimeoutMs: options.requestTimeoutMs,
        reconnectBackoffMs: 20,
        reconnectBackoffMaxMs: 100,
      });
    this.controllers = client((n) => n.controllerPort);
    this.brokers = client((n) => n.brokerPort);
  }

  /** 포트와 폴더를 정하고 노드를 모두 띄웁니다 */
  static async launch(options: QuorumProcessOptions): Promise<QuorumProcesses> {
    const nodes: QuorumProcessNode[] = [];
    for (const id of options.ids) {
      nodes.push({
        id,
        dir: tempDir(`${options.name}-${id}-`),
        brokerPort: await reservePort(),
        controllerPort: await reservePort(),
        process: null,
      });
    }
    const quorum = new QuorumProcesses(nodes, options);
    // 한 노드라도 뜨지 않으면 이미 뜬 노드들을 멈추고 폴더를 지운 뒤 실패합니다 (시험의 afterAll은 quorum을 받지 못합니다).
    const started = await Promise.allSettled(nodes.map((n) => quorum.start(n)));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await quorum.close();
      throw failed.reason;
    }
    return quorum;
  }

  node(id: number): QuorumProcessNode {
    const found = this.nodes.find((n) => n.id === id);
    if (!found) throw new Error(`노드 ${id}가 없습니다`);
    return found;
  }

  /** 프로세스가 떠 있는 노드들 (kill 한 노드는 빠지고, SIGSTOP 한 노드는 남습니다) */
  alive(): QuorumProcessNode[] {
    return this.nodes.filter((n) => n.process);
  }

  /** 활성 컨트롤러: 떠 있는 노드 가운데 DescribeQuorum에 리더로 답하는 노드 (DescribeQuorum에는 리더만 답합니다) */
  async activeController(): Promise<number | null> {
    for (const n of this.alive()) {
      const reply = await send(this.controllers, n.id, {
        apiKey: ApiKey.DescribeQuorum,
        apiVersion: 2,
        body: { topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }] },
      });
      if (!reply.ok) continue;
      const p = (reply.response as { topics: { partitions: { errorCode: number; leaderId: number }[] }[] }).topics[0]
        ?.partitions[0];
      if (p?.errorCode === ErrorCode.NONE && p.leaderId > 0) return p.leaderId;
    }
    return null;
  }

  /** 노드 하나가 아는 토픽의 파티션들, 번호 순 (Metadata v12). 닿지 않거나 토픽을 모르면 null */
  async partitionsVia(id: number, topic: string): Promise<PartitionAnswer[] | null> {
    const reply = await send(this.brokers, id, {
      apiKey: ApiKey.Metadata,
      apiVersion: 12,
      body: { topics: [{ name: topic }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false },
    });
    if (!reply.ok) return null;
    const body = reply.response as { topics: { name: string; errorCode: number; partitions: PartitionAnswer[] }[] };
    const found = body.topics.find((t) => t.name === topic);
    return found && found.errorCode === ErrorCode.NONE
      ? [...found.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex)
      : null;
  }

  /** 노드 하나를 (다시) 띄웁니다. 데이터 폴더는 그대로 씁니다 */
  async start(n: QuorumProcessNode): Promise<void> {
    const listeners = { broker: n.brokerPort, controller: n.controllerPort };
    n.process = await spawnBroker(
      n.dir,
      n.brokerPort,
      {
        ...quorumNodeEnv(n.id, 'broker,controller', listeners, this.#voters),
        ...(typeof this.options.env === 'function' ? this.options.env(n) : this.options.env),
      },
      this.options.readyTimeoutMs,
    );
  }

  /** `kill -9` */
  async kill(n: QuorumProcessNode): Promise<void> {
    if (n.process) await killHard(n.process);
    n.process = null;
  }

  /** 클라이언트를 닫고, 멈춘 노드는 깨워서 모두 PID로 멈추고, 폴더를 지웁니다 */
  async close(): Promise<void> {
    this.controllers.close();
    this.brokers.close();
    for (const n of this.nodes) {
      n.process?.kill('SIGCONT');
      await this.kill(n);
    }
    for (const n of this.nodes) removeDir(n.dir);
  }
}

/**
 * 조건이 참이 될 때까지 `everyMs`마다 봅니다. `maxMs` 안에 안 되면 실패. `retryOnError`면 던진 probe도 "아직"으로 봅니다
 * (닿지 않는 노드에 묻는 kafkajs처럼).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined>,
  maxMs: number,
  { everyMs = 50, retryOnError = false } = {},
): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const value = await (retryOnError ? probe().catch(() => null) : probe());
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${maxMs}ms 안에 ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** 조건이 참이 될 때까지 100ms마다 봅니다. 죽거나 멈춘 노드에 묻다 던진 것은 "아직"입니다 (장애 시험의 기다림) */
export function settle<T>(what: string, probe: () => Promise<T | null | undefined>, maxMs: number): Promise<T> {
  return waitFor(what, probe, maxMs, { everyMs: 100, retryOnError: true });
}
