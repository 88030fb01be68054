/**
 * 시나리오가 대상에 말을 거는 도구: kafkajs 클라이언트, 날 프로토콜 클라이언트(파티션 리더나 코디네이터로 바로),
 * 조건을 기다리기, 끝나면 치우기.
 *
 * 대상이 여러 번 쓰는 클러스터(예: docker-compose.kraft.yml)일 수 있으므로 토픽·그룹 이름에는 실행마다 다른
 * 꼬리표를 붙입니다. 이름은 결과에 넣지 않으니 비교에는 영향이 없습니다. 토픽을 만들 때는 복제 계수와
 * `min.insync.replicas`를 시나리오가 정한 값으로 적어, 대상의 브로커 기본값(compose는 min.insync.replicas=2)에
 * 결과가 흔들리지 않게 합니다.
 */
import {
  type Admin,
  type Consumer,
  type ConsumerConfig,
  Kafka,
  logLevel,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { ApiKey } from '../../src/protocol/api-keys.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { RawClient } from '../e2e/raw-client.js';
import type { Scenario } from './scenario.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** 조건 하나를 기다리는 최대 시간. 넘으면 무엇을 기다렸는지 적고 실패합니다. */
const WAIT_LIMIT_MS = 30_000;

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** 토픽 설정. `min.insync.replicas`를 적지 않으면 1입니다. */
  readonly configs?: Readonly<Record<string, string>>;
}

export class ScenarioContext {
  readonly #cleanups: (() => Promise<unknown> | unknown)[] = [];
  readonly #kafka: Kafka;

  constructor(
    readonly scenario: Scenario,
    readonly bootstrap: string,
    private readonly runId: string,
  ) {
    this.#kafka = kafkaClient(bootstrap);
  }

  /** 이 실행에서만 쓰는 토픽·그룹·트랜잭션 ID 이름 */
  name(base: string): string {
    return `parity-${this.scenario.name}-${base}-${this.runId}`;
  }

  async admin(): Promise<Admin> {
    const admin = this.#kafka.admin();
    await admin.connect();
    this.defer(() => admin.disconnect());
    return admin;
  }

  async producer(config: ProducerConfig = {}): Promise<Producer> {
    const producer = this.#kafka.producer(config);
    await producer.connect();
    this.defer(() => producer.disconnect());
    return producer;
  }

  /** 연결하지 않은 컨슈머 (run 전에 subscribe해야 하므로). 끝나면 연결을 끊습니다. */
  consumer(config: ConsumerConfig): Consumer {
    const consumer = this.#kafka.consumer(config);
    this.defer(() => consumer.disconnect());
    return consumer;
  }

  /** 시나리오의 복제 계수로 토픽을 만들고, 모든 파티션에 리더가 생길 때까지 기다립니다. */
  async createTopics(...topics: TopicSpec[]): Promise<void> {
    const admin = await this.admin();
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: this.scenario.needs.replicationFactor,
        configEntries: Object.entries({ 'min.insync.replicas': '1', ...t.configs }).map(([name, value]) => ({
          name,
          value,
        })),
      })),
    });
    if (!created) throw new Error(`토픽이 이미 있습니다: ${topics.map((t) => t.name).join(', ')}`);
  }

  /** 부트스트랩 브로커에 날 프로토콜로 붙습니다. */
  async raw(): Promise<RawClient> {
    const [host, port] = splitHostPort(this.bootstrap);
    return this.#connect(host, port);
  }

  /** 파티션 리더에 붙습니다 (Produce, Fetch, ListOffsets는 리더만 답합니다). */
  async rawToLeader(topic: string, partition: number): Promise<RawClient> {
    const admin = await this.admin();
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const leader = metadata?.partitions.find((p) => p.partitionId === partition)?.leader;
    const broker = (await admin.describeCluster()).brokers.find((b) => b.nodeId === leader);
    if (!broker) throw new Error(`${topic}-${partition}의 리더를 찾지 못했습니다`);
    return this.#connect(broker.host, broker.port);
  }

  /** 그룹(keyType 0)이나 트랜잭션 ID(keyType 1)의 코디네이터에 붙습니다 (FindCoordinator v3). */
  async rawToCoordinator(key: string, keyType: 0 | 1): Promise<RawClient> {
    const bootstrap = await this.raw();
    const found = await this.waitFor(`${key}의 코디네이터`, async () => {
      const r = await bootstrap.send<{ errorCode: number; host: string; port: number }>(ApiKey.FindCoordinator, 3, {
        key,
        keyType,
      });
      // 내부 토픽(__consumer_offsets, __transaction_state)을 처음 만드는 동안에는 COORDINATOR_NOT_AVAILABLE입니다.
      return r.errorCode === ErrorCode.NONE ? r : undefined;
    });
    return this.#connect(found.host, found.port);
  }

  /**
   * `probe`가 undefined가 아닌 값을 돌려줄 때까지 100ms 간격으로 다시 묻습니다 (최대 30초). `probe`가 던지면
   * 곧바로 실패합니다. 시나리오는 시간을 재지 않고 조건을 기다립니다: 느린 기계에서도 결과가 같습니다.
   */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: ${WAIT_LIMIT_MS / 1000}초 안에 되지 않았습니다`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** 시나리오가 끝나면 (성공이든 실패든) 거꾸로 부를 정리 작업 */
  defer(cleanup: () => Promise<unknown> | unknown): void {
    this.#cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch(() => {});
    }
  }

  async #connect(host: string, port: number): Promise<RawClient> {
    const client = await RawClient.connect(port, host);
    this.defer(() => client.close());
    return client;
  }
}

/** kafkajs 클라이언트. 브로커가 잠시 답하지 못하는 오류(코디네이터 적재 중 등)는 kafkajs가 다시 시도합니다. */
export function kafkaClient(bootstrap: string): Kafka {
  return new Kafka({
    clientId: 'parity',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
}

export function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

/**
 * kafkajs가 던진 오류에서 브로커의 오류 코드 이름을 꺼냅니다. kafkajs는 브로커 오류를 `type`에 담고,
 * 재시도를 다 쓰면 그 오류를 `cause`로 감쌉니다. 브로커 오류가 아니면 kafkajs 오류의 이름을 돌려줍니다.
 */
export function kafkajsErrorName(error: unknown): string {
  let current: unknown = error;
  while (current && typeof current === 'object') {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === 'string') return type;
    if (!cause) break;
    current = cause;
  }
  return error instanceof Error ? error.name : String(error);
}

/** 성공하면 `NONE`, kafkajs가 브로커 오류를 던지면 그 이름 */
export async function outcome(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
    return 'NONE';
  } catch (error) {
    return kafkajsErrorName(error);
  }
}
