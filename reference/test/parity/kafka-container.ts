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

export class ApacheKafkaContainer extends GenericContainer {
  constructor(image: string) {
    super(image);
    this.withExposedPorts(CLIENT_PORT)
      .withEnvironment({
        CLUSTER_ID: '5L6g3nShT-eMCtK--X86sw',
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${CLIENT_PORT},BROKER://0.0.0.0:${BROKER_PORT},CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
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
  }

  protected override async containerStarted(container: StartedTestContainer, inspect: InspectResult): Promise<void> {
    const advertised = [`PLAINTEXT://${kafkaBootstrap(container)}`, `BROKER://${inspect.hostname}:${BROKER_PORT}`].join(
      ',',
    );
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
