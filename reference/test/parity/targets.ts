/**
 * 시나리오를 돌릴 대상(Target): 참조 브로커, testcontainers로 띄운 Apache Kafka, 또는 환경 변수로 받은 주소.
 * 복제 시나리오(6장)에는 세 노드 클러스터를 씁니다: 참조 브로커 프로세스 셋(`e2e/quorum-processes.ts`, `npm run
 * quorum:up`과 같은 구성), 또는 한 Docker 네트워크의 Kafka 컨테이너 셋. 둘 다 노드를 죽이고 다시 띄울 수 있습니다(`Faults`).
 *
 * 참조 브로커와 Kafka 컨테이너에는 같은 `KAFKA_*` 설정을 줍니다. 대상이 무엇을 가졌는지(브로커 수, 토픽 자동
 * 생성)는 설정을 믿지 않고 붙어서 물어봅니다: 환경 변수로 받은 클러스터도 같은 방법으로 알 수 있습니다.
 *
 * 보안 시나리오(13장)에는 보안 대상을 씁니다: 브로커 한 대에 SASL_PLAINTEXT 리스너와 인가기를 켠 참조 브로커, 또는 같은
 * 설정(`security.ts`의 `SECURITY_ENV`)의 Kafka 컨테이너. 뜬 뒤에 admin이 SCRAM 사용자를 만듭니다.
 */
import { getContainerRuntimeClient, Network } from 'testcontainers';
import { waitForBroker } from '../../../scripts/lib/seed-scenario/faults.js';
import { QuorumProcesses } from '../e2e/quorum-processes.js';
import { RawClient } from '../e2e/raw-client.js';
import { removeDir, reservePort, startBroker } from '../e2e/support.js';
import { kafkaClient, splitHostPort } from './context.js';
import { ApacheKafkaContainer, clusterVoters, kafkaBootstrap } from './kafka-container.js';
import { KAFKA_IMAGE } from './kafka-image.js';
import type { Offers } from './scenario.js';
import {
  ADMIN,
  createScramUsers,
  logIn,
  SASL_LISTENER,
  type SaslLogin,
  SECURITY_ENV,
  untilScramUsersLogIn,
} from './security.js';

/** 노드를 죽이고 다시 띄우는 손잡이: 이 실행이 띄운 세 노드 클러스터에만 있습니다. */
export interface Faults {
  /** `kill -9` (프로세스) 또는 `docker kill` (컨테이너) */
  kill(nodeId: number): Promise<void>;
  /** 죽인 노드를 같은 데이터로 다시 띄우고, 클러스터가 그 브로커를 다시 알 때까지 기다립니다 */
  start(nodeId: number): Promise<void>;
}

export interface Target {
  /** kafkajs에 주는 `host:port` (클러스터면 쉼표로 이은 모든 브로커) */
  readonly bootstrap: string;
  readonly offers: Offers;
  readonly faults: Faults | null;
  /** 보안 대상이면 스위트의 클라이언트가 인증할 주체 (admin) */
  readonly login: SaslLogin | null;
  stop(): Promise<void>;
}

/** 비교하는 두 브로커에 똑같이 주는 설정 (apache/kafka 이미지의 환경 변수 이름) */
export const BROKER_ENV: Readonly<Record<string, string>> = {
  // "자동 생성을 끈 채 없는 토픽" 시나리오를 위해, 그리고 모든 시나리오가 토픽을 직접 만들도록
  KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
  // 빈 그룹의 첫 리밸런스를 기다리지 않습니다 (기본 3초). 시나리오는 어차피 상태를 기다립니다.
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
};

/**
 * 세 노드 클러스터에 양쪽 모두 더 주는 설정: 죽인 브로커를 빨리 펜싱하고(기본 9초), 뒤처진 팔로워를 빨리 ISR에서
 * 뺍니다(기본 30초). 하트비트 간격은 세션 시간 제한보다 짧아야 합니다.
 *
 * 선호 리더로 되돌리기는 끕니다: 켜 두면 활성 컨트롤러가 된 지 300초(`leader.imbalance.check.interval.seconds`)마다
 * 앞 시나리오가 다시 띄운 브로커에게 리더(와 코디네이터) 자리를 돌려주는데, 붐비는 기계에서는 세 노드 시나리오들이
 * 그만큼 걸려 그 일이 한 시나리오의 한가운데에서 일어날 수 있습니다. 리더는 시나리오가 죽인 노드 때문에만 바뀝니다.
 */
export const CLUSTER_ENV: Readonly<Record<string, string>> = {
  KAFKA_BROKER_SESSION_TIMEOUT_MS: '6000',
  KAFKA_BROKER_HEARTBEAT_INTERVAL_MS: '1000',
  KAFKA_REPLICA_LAG_TIME_MAX_MS: '5000',
  KAFKA_AUTO_LEADER_REBALANCE_ENABLE: 'false',
};

const CLUSTER_IDS = [1, 2, 3] as const;

export async function startReferenceTarget(): Promise<Target> {
  const running = await startBroker({ ...BROKER_ENV });
  const stop = async () => {
    await running.stop();
    removeDir(running.dir);
  };
  return {
    bootstrap: running.bootstrap,
    offers: await discoverOffersOrStop(running.bootstrap, false, stop),
    faults: null,
    login: null,
    stop,
  };
}

/**
 * 보안 대상의 참조 브로커: 클라이언트는 SASL_PLAINTEXT 리스너로, 브로커 사이 리스너(BROKER, PLAINTEXT, 주체
 * ANONYMOUS)는 Kafka 컨테이너처럼 따로 엽니다. 보안 프로토콜 표도 컨테이너와 같습니다 (CONTROLLER:PLAINTEXT까지). 한
 * 대짜리라 컨트롤러 리스너를 열지는 않습니다 (컨트롤러가 같은 프로세스 안).
 */
export async function startReferenceSecuredTarget(): Promise<Target> {
  const running = await startBroker({
    ...BROKER_ENV,
    ...SECURITY_ENV,
    KAFKA_LISTENERS: `${SASL_LISTENER}://127.0.0.1:0,BROKER://127.0.0.1:0`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: `${SASL_LISTENER}:${SASL_LISTENER},BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT`,
  });
  const stop = async () => {
    await running.stop();
    removeDir(running.dir);
  };
  const port = running.broker.listeners.find((l) => l.name === SASL_LISTENER)?.boundPort;
  return securedTarget(`127.0.0.1:${port}`, stop);
}

/** 참조 브로커 세 프로세스 (노드마다 브로커이자 컨트롤러, 루프백) */
export async function startReferenceClusterTarget(): Promise<Target> {
  const quorum = await QuorumProcesses.launch({
    name: 'parity',
    ids: CLUSTER_IDS,
    env: { ...BROKER_ENV, ...CLUSTER_ENV },
    readyTimeoutMs: 60_000,
    requestTimeoutMs: 1000,
  });
  const bootstrap = quorum.nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(',');
  const faults: Faults = {
    kill: (nodeId) => quorum.kill(quorum.node(nodeId)),
    start: async (nodeId) => {
      await quorum.start(quorum.node(nodeId));
      await waitForBroker(bootstrap, nodeId);
    },
  };
  const stop = () => quorum.close();
  return { bootstrap, offers: await discoverClusterOrStop(bootstrap, stop), faults, login: null, stop };
}

/** 이미 떠 있는 클러스터 (예: `PARITY_BOOTSTRAP=127.0.0.1:19092`로 docker-compose.kraft.yml의 클러스터) */
export async function bootstrapTarget(bootstrap: string): Promise<Target> {
  return { bootstrap, offers: await discoverOffers(bootstrap, false), faults: null, login: null, stop: async () => {} };
}

/** Docker 엔진이 답하면 Kafka 컨테이너를 띄울 수 있습니다. 답하지 않으면 그 이유를 돌려줍니다. */
export async function dockerUnavailable(): Promise<string | null> {
  try {
    await getContainerRuntimeClient();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function startKafkaTarget(): Promise<Target> {
  const container = await new ApacheKafkaContainer(KAFKA_IMAGE).withEnvironment({ ...BROKER_ENV }).start();
  const bootstrap = kafkaBootstrap(container);
  const stop = async () => {
    await container.stop();
  };
  return { bootstrap, offers: await discoverOffersOrStop(bootstrap, false, stop), faults: null, login: null, stop };
}

/** 보안 대상의 Kafka 컨테이너: 참조 브로커와 같은 `SECURITY_ENV`, 클라이언트 리스너만 SASL_PLAINTEXT로 바꿉니다. */
export async function startKafkaSecuredTarget(): Promise<Target> {
  const container = await new ApacheKafkaContainer(KAFKA_IMAGE, { clientListener: SASL_LISTENER })
    .withEnvironment({ ...BROKER_ENV, ...SECURITY_ENV })
    .start();
  return securedTarget(kafkaBootstrap(container), async () => {
    await container.stop();
  });
}

/** 막 띄운 보안 대상: admin(PLAIN)이 SCRAM 사용자를 만들고, admin으로 대상을 알아냅니다. */
async function securedTarget(bootstrap: string, stop: () => Promise<void>): Promise<Target> {
  try {
    const [host, port] = splitHostPort(bootstrap);
    const admin = await RawClient.connect(port, host);
    try {
      await logIn(admin, ADMIN);
      await createScramUsers(admin);
    } finally {
      admin.close();
    }
    await untilScramUsersLogIn(host, port);
    const offers = await discoverOffers(bootstrap, false, ADMIN);
    return { bootstrap, offers, faults: null, login: ADMIN, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Kafka 컨테이너 셋 (한 Docker 네트워크, 노드마다 브로커이자 컨트롤러). 셋이 서로를 투표자로 기다리므로 함께 띄웁니다.
 * 노드를 죽이는 것은 `docker kill`, 다시 띄우는 것은 같은 컨테이너의 `docker start`입니다.
 */
export async function startKafkaClusterTarget(): Promise<Target> {
  const network = await new Network().start();
  const members = [];
  for (const nodeId of CLUSTER_IDS) members.push({ nodeId, alias: `kafka-${nodeId}`, hostPort: await reservePort() });
  const voters = clusterVoters(members);
  const containers = await Promise.all(
    members.map((m) =>
      new ApacheKafkaContainer(KAFKA_IMAGE, { node: { ...m, voters } })
        .withNetwork(network)
        .withEnvironment({ ...BROKER_ENV, ...CLUSTER_ENV })
        .start(),
    ),
  );
  const bootstrap = containers.map(kafkaBootstrap).join(',');
  const runtime = await getContainerRuntimeClient();
  const containerOf = (nodeId: number) => {
    const started = containers[CLUSTER_IDS.indexOf(nodeId as 1 | 2 | 3)];
    if (!started) throw new Error(`노드 ${nodeId}가 없습니다`);
    return runtime.container.getById(started.getId());
  };
  const faults: Faults = {
    kill: async (nodeId) => {
      await containerOf(nodeId).kill();
    },
    start: async (nodeId) => {
      await runtime.container.start(containerOf(nodeId));
      await waitForBroker(bootstrap, nodeId);
    },
  };
  const stop = async () => {
    await Promise.all(containers.map((c) => c.stop()));
    await network.stop();
  };
  return { bootstrap, offers: await discoverClusterOrStop(bootstrap, stop), faults, login: null, stop };
}

/**
 * 대상에 붙어 브로커 수(Metadata)와 `auto.create.topics.enable`(DescribeConfigs)을 알아냅니다. 노드를 죽일 수
 * 있는지(`faults`)는 대상을 띄운 쪽이 압니다.
 */
async function discoverOffers(bootstrap: string, faults: boolean, login: SaslLogin | null = null): Promise<Offers> {
  const admin = kafkaClient(bootstrap, login).admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: BROKER_RESOURCE, name: String(brokers[0]?.nodeId), configNames: ['auto.create.topics.enable'] },
      ],
    });
    const autoCreate = resources[0]?.configEntries.find((e) => e.configName === 'auto.create.topics.enable');
    return {
      nodes: brokers.length,
      autoCreateTopics: autoCreate?.configValue === 'true',
      faults,
      security: login !== null,
    };
  } finally {
    await admin.disconnect();
  }
}

/** 세 브로커가 모두 등록되고 펜싱이 풀릴 때까지 기다린 뒤에 묻습니다 (막 띄운 클러스터는 한동안 둘만 보입니다) */
async function discoverClusterOrStop(bootstrap: string, stop: () => Promise<void>): Promise<Offers> {
  try {
    for (const nodeId of CLUSTER_IDS) await waitForBroker(bootstrap, nodeId);
    // 부트스트랩 브로커마다 메타데이터를 받는 때가 달라, 셋 모두를 아는 답이 올 때까지 다시 묻습니다.
    for (let attempt = 0; ; attempt++) {
      const offers = await discoverOffers(bootstrap, true);
      if (offers.nodes >= CLUSTER_IDS.length || attempt >= 50) return offers;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function discoverOffersOrStop(bootstrap: string, faults: boolean, stop: () => Promise<void>): Promise<Offers> {
  try {
    return await discoverOffers(bootstrap, faults);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** ConfigResource.Type.BROKER */
const BROKER_RESOURCE = 4;
