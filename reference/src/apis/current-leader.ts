/**
 * KIP-951: 리더가 아닌 브로커가 NOT_LEADER_OR_FOLLOWER(Fetch는 FENCED_LEADER_EPOCH도)로 답할 때, 지금 리더가 누구인지
 * (리더 ID, 리더 에포크)와 그 브로커의 주소를 함께 실어 보냅니다. 클라이언트는 메타데이터를 새로 묻지 않고 곧바로 새
 * 리더에게 다시 보낼 수 있습니다. Kafka `KafkaApis.getCurrentLeader`: 리더의 주소는 살아 있는(펜싱되지 않은) 브로커일
 * 때만 `nodeEndpoints`에 넣습니다. 리더를 모르면 (-1, -1)입니다.
 *
 * Produce는 v10부터, Fetch는 v16부터 싣습니다 (Kafka의 `handleProduceRequest`, `handleFetchRequest`와 같은 버전).
 */
import { endpointFor } from '../metadata/broker-registration.js';
import type { ClusterMetadata } from '../metadata/cluster-metadata.js';

export interface NodeEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** 한 응답에서 알린 리더들의 주소를 모읍니다 (같은 브로커는 한 번) */
export class CurrentLeaders {
  readonly #metadata: ClusterMetadata;
  readonly #listenerName: string;
  readonly #endpoints = new Map<number, NodeEndpoint>();

  /** `listenerName`: 요청이 들어온 리스너. 리더의 주소는 그 리스너의 광고 주소로 알립니다 */
  constructor(metadata: ClusterMetadata, listenerName: string) {
    this.#metadata = metadata;
    this.#listenerName = listenerName;
  }

  /** 파티션의 지금 리더와 리더 에포크. 리더가 살아 있으면 그 주소를 `nodeEndpoints`에 더합니다. */
  leaderOf(topic: string, partition: number): { leaderId: number; leaderEpoch: number } {
    const state = this.#metadata.partition(topic, partition);
    if (!state) return { leaderId: -1, leaderEpoch: -1 };
    const broker = this.#metadata.brokers.get(state.leader);
    if (broker && !broker.fenced) {
      this.#endpoints.set(broker.brokerId, {
        nodeId: broker.brokerId,
        ...endpointFor(broker, this.#listenerName),
        rack: broker.rack,
      });
    }
    return { leaderId: state.leader, leaderEpoch: state.leaderEpoch };
  }

  get nodeEndpoints(): NodeEndpoint[] {
    return [...this.#endpoints.values()].sort((a, b) => a.nodeId - b.nodeId);
  }
}
