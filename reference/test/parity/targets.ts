/**
 * 시나리오를 돌릴 대상(Target): 참조 브로커, testcontainers로 띄운 Apache Kafka, 또는 환경 변수로 받은 주소.
 *
 * 참조 브로커와 Kafka 컨테이너에는 같은 `KAFKA_*` 설정을 줍니다. 대상이 무엇을 가졌는지(브로커 수, 토픽 자동
 * 생성)는 설정을 믿지 않고 붙어서 물어봅니다: 환경 변수로 받은 클러스터도 같은 방법으로 알 수 있습니다.
 */
import { getContainerRuntimeClient } from 'testcontainers';
import { removeDir, startBroker } from '../e2e/support.js';
import { kafkaClient } from './context.js';
import { ApacheKafkaContainer, kafkaBootstrap } from './kafka-container.js';
import { KAFKA_IMAGE } from './kafka-image.js';
import type { Offers } from './scenario.js';

export interface Target {
  /** kafkajs에 주는 `host:port` */
  readonly bootstrap: string;
  readonly offers: Offers;
  stop(): Promise<void>;
}

/** 비교하는 두 브로커에 똑같이 주는 설정 (apache/kafka 이미지의 환경 변수 이름) */
export const BROKER_ENV: Readonly<Record<string, string>> = {
  // "자동 생성을 끈 채 없는 토픽" 시나리오를 위해, 그리고 모든 시나리오가 토픽을 직접 만들도록
  KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
  // 빈 그룹의 첫 리밸런스를 기다리지 않습니다 (기본 3초). 시나리오는 어차피 상태를 기다립니다.
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
};

export async function startReferenceTarget(): Promise<Target> {
  const running = await startBroker({ ...BROKER_ENV });
  const stop = async () => {
    await running.stop();
    removeDir(running.dir);
  };
  return { bootstrap: running.bootstrap, offers: await discoverOffersOrStop(running.bootstrap, stop), stop };
}

/** 이미 떠 있는 클러스터 (예: `PARITY_BOOTSTRAP=127.0.0.1:19092`로 docker-compose.kraft.yml의 클러스터) */
export async function bootstrapTarget(bootstrap: string): Promise<Target> {
  return { bootstrap, offers: await discoverOffers(bootstrap), stop: async () => {} };
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
  return { bootstrap, offers: await discoverOffersOrStop(bootstrap, stop), stop };
}

/** 대상에 붙어 브로커 수(Metadata)와 `auto.create.topics.enable`(DescribeConfigs)을 알아냅니다. */
async function discoverOffers(bootstrap: string): Promise<Offers> {
  const admin = kafkaClient(bootstrap).admin();
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
    return { nodes: brokers.length, autoCreateTopics: autoCreate?.configValue === 'true' };
  } finally {
    await admin.disconnect();
  }
}

async function discoverOffersOrStop(bootstrap: string, stop: () => Promise<void>): Promise<Offers> {
  try {
    return await discoverOffers(bootstrap);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** ConfigResource.Type.BROKER */
const BROKER_RESOURCE = 4;
