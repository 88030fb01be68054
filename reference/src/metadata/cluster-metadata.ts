/**
 * 메타데이터 레코드를 재생해 만든 "지금의 클러스터": 브로커, 토픽, 파티션, 설정.
 * Kafka의 MetadataImage에 해당합니다. 레코드를 적용(replay)하는 일만 하고 입출력은 하지 않습니다.
 */
import type { MetadataRecord, PartitionRecord, RegisterBrokerRecord } from './records.js';

export type BrokerRegistration = Omit<RegisterBrokerRecord, 'type'>;

/** 파티션의 지금 상태: 마지막 PartitionRecord에 그 뒤의 PartitionChangeRecord들을 적용한 것 */
export type PartitionMetadata = Omit<PartitionRecord, 'type' | 'topicId'>;

export interface TopicMetadata {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: PartitionMetadata[];
  /** 토픽이 따로 정한 설정만 (나머지는 브로커 설정을 물려받습니다) */
  readonly configs: Map<string, string>;
}

/** Kafka 내부 토픽: 클라이언트가 직접 만들거나 지울 수 없습니다 */
export const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

export class ClusterMetadata {
  readonly brokers = new Map<number, BrokerRegistration>();
  readonly #topicsByName = new Map<string, TopicMetadata>();
  readonly #topicsById = new Map<string, TopicMetadata>();
  /**
   * 동적 브로커 설정: 자원 이름 → 설정. 이름이 `''`이면 클러스터 전체의 기본값(DYNAMIC_DEFAULT_BROKER_CONFIG),
   * 브로커 ID(`'1'`)면 그 브로커만의 값(DYNAMIC_BROKER_CONFIG)입니다.
   */
  readonly #brokerConfigs = new Map<string, Map<string, string>>();
  /** 아직 아무에게도 주지 않은 첫 프로듀서 ID */
  nextProducerId = 0;

  constructor(readonly clusterId: string) {}

  topic(name: string): TopicMetadata | undefined {
    return this.#topicsByName.get(name);
  }

  topicById(topicId: string): TopicMetadata | undefined {
    return this.#topicsById.get(topicId);
  }

  topics(): TopicMetadata[] {
    return [...this.#topicsByName.values()];
  }

  partition(topic: string, partition: number): PartitionMetadata | undefined {
    return this.#topicsByName.get(topic)?.partitions[partition];
  }

  /** 동적 브로커 설정. `resourceName`이 `''`이면 클러스터 기본값, 브로커 ID면 그 브로커의 값 */
  brokerConfigs(resourceName: string): ReadonlyMap<string, string> {
    return this.#brokerConfigs.get(resourceName) ?? new Map();
  }

  replay(record: MetadataRecord): void {
    switch (record.type) {
      case 'RegisterBrokerRecord': {
        const { brokerId, host, port, rack } = record;
        this.brokers.set(brokerId, { brokerId, host, port, rack });
        return;
      }
      case 'TopicRecord': {
        const topic: TopicMetadata = { name: record.name, topicId: record.topicId, partitions: [], configs: new Map() };
        this.#topicsByName.set(record.name, topic);
        this.#topicsById.set(record.topicId, topic);
        return;
      }
      case 'PartitionRecord': {
        const topic = this.#requireTopic(record.topicId);
        const { partitionId, replicas, isr, leader, leaderEpoch, partitionEpoch } = record;
        if (partitionId !== topic.partitions.length) {
          throw new Error(
            `${topic.name}의 파티션 ${partitionId}가 순서대로 오지 않았습니다 (다음은 ${topic.partitions.length})`,
          );
        }
        topic.partitions.push({ partitionId, replicas, isr, leader, leaderEpoch, partitionEpoch });
        return;
      }
      case 'PartitionChangeRecord': {
        const topic = this.#requireTopic(record.topicId);
        const current = topic.partitions[record.partitionId];
        if (!current) throw new Error(`${topic.name}에 파티션 ${record.partitionId}가 없습니다`);
        const leaderChanged = record.leader !== undefined && record.leader !== current.leader;
        topic.partitions[record.partitionId] = {
          ...current,
          leader: record.leader ?? current.leader,
          isr: record.isr ?? current.isr,
          // 리더가 바뀌면 리더 에포크가 오르고, 무엇이든 바뀌면 파티션 에포크가 오릅니다.
          leaderEpoch: leaderChanged ? current.leaderEpoch + 1 : current.leaderEpoch,
          partitionEpoch: current.partitionEpoch + 1,
        };
        return;
      }
      case 'ConfigRecord': {
        const target =
          record.resourceType === 'broker'
            ? this.#brokerConfigsOf(record.resourceName)
            : this.#topicsByName.get(record.resourceName)?.configs;
        if (!target) throw new Error(`설정 대상 토픽 ${record.resourceName}이 없습니다`);
        if (record.value === null) target.delete(record.name);
        else target.set(record.name, record.value);
        return;
      }
      case 'ProducerIdsRecord':
        this.nextProducerId = record.nextProducerId;
        return;
      case 'RemoveTopicRecord': {
        const topic = this.#requireTopic(record.topicId);
        this.#topicsByName.delete(topic.name);
        this.#topicsById.delete(topic.topicId);
        return;
      }
    }
  }

  #brokerConfigsOf(resourceName: string): Map<string, string> {
    let configs = this.#brokerConfigs.get(resourceName);
    if (!configs) {
      configs = new Map();
      this.#brokerConfigs.set(resourceName, configs);
    }
    return configs;
  }

  #requireTopic(topicId: string): TopicMetadata {
    const topic = this.#topicsById.get(topicId);
    if (!topic) throw new Error(`토픽 ID ${topicId}가 없습니다`);
    return topic;
  }
}
