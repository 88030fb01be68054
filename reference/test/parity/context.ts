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
import { kafkajsSasl, logIn, type SaslLogin } from './security.js';
import type { Faults } from './targets.js';

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
  /** 주체마다 kafkajs 클라이언트 하나 (키는 `사용자/방식`, 인증하지 않으면 빈 문자열) */
  readonly #kafkas = new Map<string, Kafka>();
  /** 죽였고 아직 다시 띄우지 않은 노드 */
  readonly #killed = new Set<number>();

  constructor(
    readonly scenario: Scenario,
    readonly bootstrap: string,
    private readonly runId: string,
    private readonly faults: Faults | null = null,
    /** 보안 대상에서 이 맥락의 클라이언트가 인증할 주체 (admin). 다른 주체로는 `…As` 메서드를 씁니다. */
    readonly login: SaslLogin | null = null,
  ) {}

  #kafka(login: SaslLogin | null): Kafka {
    const key = login ? `${login.user}/${login.mechanism}` : '';
    let kafka = this.#kafkas.get(key);
    if (!kafka) {
      kafka = kafkaClient(this.bootstrap, login);
      this.#kafkas.set(key, kafka);
    }
    return kafka;
  }

  /**
   * 노드 하나를 죽입니다 (`needs.faults`인 시나리오만). 시나리오가 다시 띄우지 않고 끝나도(실패해도) 정리할 때 다시
   * 띄우므로, 다음 시나리오는 세 노드가 모두 산 클러스터에서 시작합니다.
   */
  async killNode(nodeId: number): Promise<void> {
    const faults = this.#requireFaults();
    await faults.kill(nodeId);
    if (this.#killed.size === 0) this.defer(() => this.#restartKilled(faults));
    this.#killed.add(nodeId);
    await this.#waitFenced(nodeId);
  }

  /**
   * 살아 있는 모든 브로커가 죽인 노드를 펜싱된 것으로(Metadata의 브로커 목록에서 빠짐)볼 때까지 기다립니다 (세션 시간
   * 제한). 그 전에는 Metadata가 죽은 브로커를 controllerId로 알려 줄 수 있어(살아 있는 브로커 가운데 무작위), 그때 만든
   * kafkajs 멱등 프로듀서가 InitProducerId를 죽은 브로커로 보냅니다. 두 대상 모두 같은 규칙입니다.
   */
  async #waitFenced(nodeId: number): Promise<void> {
    for (const address of this.bootstrap.split(',')) {
      const [host, port] = splitHostPort(address);
      const broker = await RawClient.connect(port, host).catch(() => null);
      if (!broker) continue; // 죽인 노드
      try {
        await this.waitFor(`${address}가 노드 ${nodeId}를 펜싱된 것으로 봄`, async () => {
          const metadata = await broker.send<{ brokers: { nodeId: number }[] }>(ApiKey.Metadata, 9, {
            topics: [],
            allowAutoTopicCreation: false,
            includeClusterAuthorizedOperations: false,
            includeTopicAuthorizedOperations: false,
          });
          return metadata.brokers.some((b) => b.nodeId === nodeId) ? undefined : true;
        });
      } finally {
        broker.close();
      }
    }
  }

  /** 죽인 노드를 다시 띄우고 클러스터가 그 브로커를 다시 알 때까지 기다립니다 */
  async startNode(nodeId: number): Promise<void> {
    await this.#requireFaults().start(nodeId);
    this.#killed.delete(nodeId);
  }

  async #restartKilled(faults: Faults): Promise<void> {
    for (const nodeId of [...this.#killed]) {
      await faults.start(nodeId);
      this.#killed.delete(nodeId);
    }
  }

  #requireFaults(): Faults {
    if (!this.faults)
      throw new Error(`${this.scenario.name}: 노드를 죽일 수 없는 대상입니다 (needs.faults를 적으세요)`);
    return this.faults;
  }

  /** 이 실행에서만 쓰는 토픽·그룹·트랜잭션 ID 이름 */
  name(base: string): string {
    return `parity-${this.scenario.name}-${base}-${this.runId}`;
  }

  async admin(login = this.login): Promise<Admin> {
    const admin = this.#kafka(login).admin();
    // 연결이 실패해도(거절된 주체) 끊어 둡니다
    this.defer(() => admin.disconnect());
    await admin.connect();
    return admin;
  }

  async producer(config: ProducerConfig = {}, login = this.login): Promise<Producer> {
    const producer = this.#kafka(login).producer(config);
    this.defer(() => producer.disconnect());
    await producer.connect();
    return producer;
  }

  /** 연결하지 않은 컨슈머 (run 전에 subscribe해야 하므로). 끝나면 연결을 끊습니다. */
  consumer(config: ConsumerConfig, login = this.login): Consumer {
    const consumer = this.#kafka(login).consumer(config);
    this.defer(() => consumer.disconnect());
    return consumer;
  }

  /** 시나리오의 복제 계수로 토픽을 만들고, 모든 파티션에 리더가 생길 때까지 기다립니다. */
  async createTopics(...topics: TopicSpec[]): Promise<void> {
    const admin = await this.admin();
    // 리더는 아래에서 직접, 부트스트랩 브로커마다 기다립니다: 여러 브로커의 클러스터에서는 메타데이터를 아직 받지 못한
    // 브로커가 잠시 UNKNOWN_TOPIC_OR_PARTITION으로 답하는데, kafkajs의 waitForLeaders는 그 오류를 다시 묻지 않고
    // 던지고, 재시도를 끈 시나리오의 프로듀서도 그 답을 그대로 결과로 냅니다.
    const created = await admin.createTopics({
      waitForLeaders: false,
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
    const names = topics.map((t) => t.name);
    for (const address of this.bootstrap.split(',')) {
      const [host, port] = splitHostPort(address);
      const broker = await this.#connect(host, port);
      await this.waitFor(`${address}가 ${names.join(', ')}의 모든 파티션에 리더를 앎`, async () => {
        const metadata = await broker.send<{
          topics: { errorCode: number; partitions: { leaderId: number }[] }[];
        }>(ApiKey.Metadata, 9, {
          topics: names.map((name) => ({ name })),
          allowAutoTopicCreation: false,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        });
        const led = metadata.topics.every(
          (t) =>
            t.errorCode === ErrorCode.NONE && t.partitions.length > 0 && t.partitions.every((p) => p.leaderId >= 0),
        );
        return led ? true : undefined;
      });
    }
  }

  /** 부트스트랩 브로커에 날 프로토콜로 붙습니다. */
  async raw(): Promise<RawClient> {
    return this.rawAt(this.bootstrap);
  }

  /** `host:port`의 브로커에 날 프로토콜로 붙습니다 (목록이면 첫 주소). */
  async rawAt(address: string): Promise<RawClient> {
    const [host, port] = splitHostPort(address.split(',')[0] ?? address);
    return this.#connect(host, port);
  }

  /** 부트스트랩 브로커에 날 프로토콜로 붙어 `login`으로 인증합니다 (보안 대상). `null`이면 인증하지 않은 연결. */
  async rawAs(login: SaslLogin | null): Promise<RawClient> {
    const [host, port] = splitHostPort(this.bootstrap.split(',')[0] ?? this.bootstrap);
    return this.#connect(host, port, login);
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

  /** 날 연결 하나. 보안 대상이면 먼저 인증합니다 (SASL 리스너는 인증 전의 다른 요청에 연결을 닫습니다). */
  async #connect(host: string, port: number, login = this.login): Promise<RawClient> {
    const client = await RawClient.connect(port, host);
    this.defer(() => client.close());
    if (login) await logIn(client, login);
    return client;
  }
}

/** kafkajs 클라이언트. 브로커가 잠시 답하지 못하는 오류(코디네이터 적재 중 등)는 kafkajs가 다시 시도합니다. */
export function kafkaClient(bootstrap: string, login: SaslLogin | null = null): Kafka {
  return new Kafka({
    clientId: login ? `parity-${login.user}` : 'parity',
    brokers: bootstrap.split(','),
    ...(login && { sasl: kafkajsSasl(login) }),
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
