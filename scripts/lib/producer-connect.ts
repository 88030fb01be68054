/**
 * kafkajs 2.2.4 프로듀서의 connect()를 다시 시도합니다. 시드 시나리오(`seed-scenario/scenario.ts`)와 드릴
 * (`drill/workload.ts`)이 브로커를 죽이는 도중에 프로듀서를 새로 띄울 때 씁니다.
 *
 * 멱등 프로듀서의 connect()는 InitProducerId를 보내는데, kafkajs는 그것을 Metadata 응답의 controllerId 브로커에게
 * 보냅니다 (`producer/eosManager`의 `cluster.findControllerBroker()`). KRaft 브로커는 그 자리를 살아 있는 브로커 가운데
 * 무작위 하나로 채웁니다 (Kafka의 `KafkaApis`가 부르는 `KRaftMetadataCache.getRandomAliveBrokerId`). 방금 죽었지만 아직
 * 펜싱되지 않은 브로커가 뽑힐 수 있고, 그러면 kafkajs는 연결 오류 뒤 메타데이터만 새로 받고 connect를 실패로 끝냅니다.
 * 트랜잭션 프로듀서도 같습니다: 트랜잭션 코디네이터가 막 옮겨 가는 중이면 connect가 실패합니다.
 * 그래서 실패하면 연결을 정리하고 잠시 쉰 뒤 다시 연결합니다. 브로커 세션(Kafka 기본 9초)이 끝나 펜싱되기를 넉넉히
 * 넘기는 횟수이고, 그래도 안 되면 마지막 오류를 던집니다.
 */
import type { Producer } from 'kafkajs';

export const CONNECT_ATTEMPTS = 20;
export const CONNECT_PAUSE_MS = 1000;

/** 연결된 프로듀서를 돌려줍니다. 실패한 시도 뒤 `keepGoing()`이 거짓이면(부르는 쪽이 그만 멈추려 하면) null */
export async function connectProducer(producer: Producer): Promise<Producer>;
export async function connectProducer(producer: Producer, keepGoing: () => boolean): Promise<Producer | null>;
export async function connectProducer(producer: Producer, keepGoing = () => true): Promise<Producer | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      // 실패한 시도가 연 연결을 닫습니다 (다음 connect는 처음부터 다시 합니다)
      await producer.disconnect().catch(() => {});
      if (attempt === CONNECT_ATTEMPTS) throw error;
      if (!keepGoing()) return null;
      await new Promise((resolve) => setTimeout(resolve, CONNECT_PAUSE_MS));
    }
  }
}
