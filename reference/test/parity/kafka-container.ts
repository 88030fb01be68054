/**
 * 공식 `apache/kafka` 이미지를 KRaft 모드(한 노드가 브로커이자 컨트롤러)로 띄우는 testcontainers 컨테이너.
 *
 * 왜 `@testcontainers/kafka`의 `KafkaContainer`를 쓰지 않는가: 그 모듈(11.x, 12.x 모두)은 Confluent 이미지
 * (`confluentinc/cp-kafka`)만 다룹니다. 태그를 Confluent Platform 버전으로 읽어 `withKraft()`가 7.0.0보다 낮은
 * 태그(예: 4.3.1)를 거절하고, 시작 스크립트가 apache/kafka에는 없는 `/etc/confluent/docker/run`을 부릅니다.
 * 그래서 같은 `testcontainers`의 `GenericContainer` 위에, testcontainers-java의 apache/kafka용 `KafkaContainer`와
 * 같은 방법을 씁니다:
 *
 *   1. 컨테이너는 시작 스크립트가 생길 때까지 기다리며 뜹니다.
 *   2. 뜬 뒤에야 호스트에 매핑된 포트를 알 수 있으므로, 그 포트를 광고 주소(KAFKA_ADVERTISED_LISTENERS)로 적은
 *      스크립트를 넣고 이미지 본래의 시작 명령(/etc/kafka/docker/run)을 부릅니다.
 *   3. 브로커가 "Kafka Server started"를 찍을 때까지 기다립니다.
 *
 * 복제 시나리오(6장)에는 세 컨테이너를 한 Docker 네트워크에 띄운 클러스터(`KafkaClusterNode`)를 씁니다. 노드마다
 * 네트워크 별칭(`kafka-1` …)으로 서로의 브로커·컨트롤러 리스너를 찾고, 호스트 쪽 클라이언트 포트를 미리 정해 둡니다:
 * 시나리오가 `docker kill`한 컨테이너를 다시 시작해도 포트와 광고 주소가 그대로이고, 컨테이너의 파일(데이터, 시작
 * 스크립트)도 남아 있어 같은 노드로 돌아옵니다.
 *
 * 보안 대상(13장)은 클라이언트 리스너를 SASL_PLAINTEXT로 엽니다 (`clientListener`). 나머지 보안 설정(방식, JAAS,
 * 인가기, super.users)은 참조 브로커와 같은 환경 변수(`security.ts`의 `SECURITY_ENV`)로 줍니다.
 */
import {
  BoundPorts,
  GenericContainer,
  getContainerRuntimeClient,
  type InspectResult,
  type StartedTestContainer,
  Wait,
  waitForContainer,
} from 'testcontainers';

/** 호스트의 클라이언트가 붙는 리스너 */
const CLIENT_PORT = 9092;
/** 컨테이너 안에서만 쓰는 브로커 간 리스너와 컨트롤러 리스너 */
const BROKER_PORT = 9093;
const CONTROLLER_PORT = 9094;
const STARTER_SCRIPT = '/tmp/parity-start.sh';
/** 스크립트를 다 쓴 뒤에 만드는 표시 파일: 쓰는 도중의 스크립트를 실행하면 "Text file busy"로 실패합니다. */
const STARTER_READY = '/tmp/parity-start.ready';
const WAITING = 'Waiting for the starter script';

/** 세 노드 클러스터의 노드 하나 */
export interface KafkaClusterNode {
  readonly nodeId: number;
  /** 네트워크 안의 이름: 다른 노드가 이 이름으로 브로커·컨트롤러 리스너에 붙습니다 */
  readonly alias: string;
  /** `1@kafka-1:9094,2@kafka-2:9094,3@kafka-3:9094` */
  readonly voters: string;
  /** 호스트 쪽 클라이언트 포트 (다시 시작해도 같은 광고 주소) */
  readonly hostPort: number;
}

/** 컨트롤러 쿼럼의 투표자 목록 (노드마다 네트워크 별칭과 컨트롤러 리스너) */
export function clusterVoters(nodes: readonly { nodeId: number; alias: string }[]): string {
  return nodes.map((n) => `${n.nodeId}@${n.alias}:${CONTROLLER_PORT}`).join(',');
}

export interface KafkaContainerOptions {
  /** 세 노드 클러스터의 노드 하나로 띄울 때 */
  readonly node?: KafkaClusterNode;
  /** 호스트의 클라이언트가 붙는 리스너의 이름이자 보안 프로토콜 (기본 PLAINTEXT) */
  readonly clientListener?: 'PLAINTEXT' | 'SASL_PLAINTEXT';
}

export class ApacheKafkaContainer extends GenericContainer {
  readonly #alias: string | null;
  readonly #clientListener: string;

  constructor(image: string, { node, clientListener = 'PLAINTEXT' }: KafkaContainerOptions = {}) {
    super(image);
    this.#alias = node?.alias ?? null;
    this.#clientListener = clientListener;
    this.withExposedPorts(node ? { container: CLIENT_PORT, host: node.hostPort } : CLIENT_PORT)
      .withEnvironment({
        CLUSTER_ID: '5L6g3nShT-eMCtK--X86sw',
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `${clientListener}://0.0.0.0:${CLIENT_PORT},BROKER://0.0.0.0:${BROKER_PORT},CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: `${clientListener}:${clientListener},BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT`,
        KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER_PORT}`,
        // 브로커가 한 대뿐이므로 내부 토픽의 복제 계수와 최소 ISR은 1 (참조 브로커의 기본값과 같음)
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      })
      .withEntrypoint(['sh'])
      .withCommand([
        '-c',
        `echo '${WAITING}'; while [ ! -f ${STARTER_READY} ]; do sleep 0.1; done; exec ${STARTER_SCRIPT}`,
      ])
      .withWaitStrategy(Wait.forLogMessage(WAITING))
      .withStartupTimeout(180_000);
    if (node) {
      this.withNetworkAliases(node.alias).withEnvironment({
        KAFKA_NODE_ID: String(node.nodeId),
        KAFKA_CONTROLLER_QUORUM_VOTERS: node.voters,
        // 세 노드: 내부 토픽도 세 복제본에 (docker-compose.kraft.yml과 같은 값)
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '3',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '2',
      });
    }
    if (clientListener === 'SASL_PLAINTEXT') {
      // 이미지의 설정 스크립트(/etc/kafka/docker/configure)는 광고 주소에 SASL_ 리스너가 있으면 KAFKA_OPTS가 비었을 때
      // 멈춥니다 (정적 JAAS 파일을 -Djava.security.auth.login.config로 주라는 뜻). 우리 JAAS 설정은 리스너마다의
      // listener.name.sasl_plaintext.<방식>.sasl.jaas.config에 있고 Kafka `JaasContext.loadServerContext`는 그것을 먼저
      // 쓰므로, 정적 파일 없이 KAFKA_OPTS에 무해한 시스템 속성 하나만 둡니다.
      this.withEnvironment({ KAFKA_OPTS: '-Dparity.jaas=listener.name.sasl_plaintext' });
    }
  }

  protected override async containerStarted(container: StartedTestContainer, inspect: InspectResult): Promise<void> {
    // 다른 노드는 브로커 리스너를 네트워크 별칭으로 찾습니다 (한 노드면 자기 호스트 이름).
    const brokerHost = this.#alias ?? inspect.hostname;
    const advertised = [
      `${this.#clientListener}://${kafkaBootstrap(container)}`,
      `BROKER://${brokerHost}:${BROKER_PORT}`,
    ].join(',');
    const script = `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS=${advertised}\nexec /etc/kafka/docker/run\n`;
    await container.copyContentToContainer([{ content: script, target: STARTER_SCRIPT, mode: 0o755 }]);
    await container.copyContentToContainer([{ content: '', target: STARTER_READY }]);

    const client = await getContainerRuntimeClient();
    const boundPorts = BoundPorts.fromInspectResult(client.info.containerRuntime.hostIps, inspect).filter(
      this.exposedPorts,
    );
    const started = Wait.forLogMessage(/Kafka Server started/).withStartupTimeout(180_000);
    await waitForContainer(client, client.container.getById(container.getId()), started, boundPorts);
  }
}

/** kafkajs에 주는 `host:port` (브로커가 광고하는 주소와 같습니다) */
export function kafkaBootstrap(container: StartedTestContainer): string {
  return `${clientHost(container)}:${container.getMappedPort(CLIENT_PORT)}`;
}

/** librdkafka·Node가 `localhost`를 ::1로 풀 수 있어, 로컬 Docker면 127.0.0.1로 적습니다. */
function clientHost(container: StartedTestContainer): string {
  const host = container.getHost();
  return host === 'localhost' ? '127.0.0.1' : host;
}
