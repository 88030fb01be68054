/**
 * 브로커의 메타데이터 이미지: 커밋된 메타데이터 레코드를 재생해 만든 "지금의 클러스터" — 브로커, 토픽, 파티션,
 * 설정 — 와, 어느 오프셋까지 적용했는지. Kafka의 `MetadataImage`(와 그 `MetadataProvenance`)에 해당합니다.
 *
 * 브로커는 커밋된 레코드만 적용합니다 (`broker-metadata-listener.ts`가 쿼럼에서 받아 넘깁니다). 컨트롤러는 이
 * 객체를 쓰지 않고 자기 상태(`../controller/`)를 따로 재생합니다: 활성 컨트롤러는 아직 커밋되지 않은 레코드까지
 * 보고 판단해야 하지만, 브로커가 클라이언트에게 답할 때는 커밋된 것만 보여야 하기 때문입니다.
 *
 * 레코드를 적용(replay)하는 일만 하고 입출력은 하지 않습니다.
 */

import { AclCache } from '../security/acl.js';
import { ScramCredentials } from '../security/scram-credentials.js';
import {
  applyRegistrationChange,
  type BrokerRegistration,
  registrationChangeOf,
  registrationFromRecord,
  registrationToRecord,
} from './broker-registration.js';
import { mergePartitionChange, type PartitionRegistration, partitionFromRecord } from './partition-registration.js';
import type { MetadataRecord } from './records.js';

export type { BrokerRegistration } from './broker-registration.js';

/** 파티션의 지금 상태: 마지막 PartitionRecord에 그 뒤의 PartitionChangeRecord들을 적용한 것 */
export type PartitionMetadata = PartitionRegistration;

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
  /** 커밋된 ACL: 이 브로커의 인가기가 읽습니다 (`../security/authorizer.ts`) */
  readonly acls = new AclCache();
  /** 아직 아무에게도 주지 않은 첫 프로듀서 ID */
  nextProducerId = 0;
  /** SCRAM 사용자의 자격 증명 (Kafka `ScramImage`): SASL 리스너의 SCRAM 인증이 여기서 찾습니다 */
  readonly scram = new ScramCredentials();
  /**
   * 적용한 마지막 레코드의 오프셋, 아무것도 적용하지 않았으면 -1. 브로커는 하트비트에 이 값을 실어 보내고
   * (`currentMetadataOffset`), 컨트롤러는 이 값이 브로커 자신의 등록 레코드에 닿아야 펜싱을 풉니다.
   */
  #offset = -1;

  constructor(readonly clusterId: string) {}

  get offset(): number {
    return this.#offset;
  }

  /** 살아 있는(펜싱되지 않은) 브로커: 클라이언트에게 알리는 브로커 (Kafka `KRaftMetadataCache.getAliveBrokers`) */
  aliveBrokers(): BrokerRegistration[] {
    return [...this.brokers.values()].filter((b) => !b.fenced);
  }

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

  /**
   * 레코드 하나를 적용합니다. `offset`은 그 레코드의 메타데이터 로그 오프셋이고, 주지 않으면 바로 다음 오프셋으로
   * 칩니다 (레코드만 차례로 적힌 노드 하나의 `__cluster_metadata`를 다시 읽을 때).
   */
  replay(record: MetadataRecord, offset = this.#offset + 1): void {
    this.#apply(record);
    this.advanceTo(offset);
  }

  /**
   * 레코드가 아닌 것(쿼럼의 LeaderChange 컨트롤 레코드)이 차지한 오프셋까지 지나갑니다. 오프셋은 되돌아가지
   * 않습니다: 커밋된 레코드를 순서대로만 적용하기 때문입니다.
   */
  advanceTo(offset: number): void {
    if (offset <= this.#offset) {
      throw new Error(`메타데이터 오프셋 ${offset}은 이미 적용한 ${this.#offset}보다 앞입니다`);
    }
    this.#offset = offset;
  }

  /**
   * 스냅숏을 불러옵니다: 지금까지의 상태를 버리고, `offset`까지를 담은 스냅숏의 레코드로 다시 만듭니다
   * (쿼럼의 로그 시작보다 뒤처진 브로커가 FetchSnapshot으로 받은 것).
   */
  loadSnapshot(records: readonly MetadataRecord[], offset: number): void {
    this.brokers.clear();
    this.#topicsByName.clear();
    this.#topicsById.clear();
    this.#brokerConfigs.clear();
    this.acls.clear();
    this.nextProducerId = 0;
    this.scram.clear();
    for (const record of records) this.#apply(record);
    this.#offset = offset;
  }

  /**
   * 지금의 상태를 다시 만드는 가장 짧은 레코드들 (Kafka `MetadataImage.write`): 스냅숏의 내용이고, 노드 하나의
   * LocalController가 이 이미지에서 컨트롤러의 상태를 만들 때도 씁니다.
   */
  toRecords(): MetadataRecord[] {
    const records: MetadataRecord[] = [...this.brokers.values()].map(registrationToRecord);
    for (const topic of this.#topicsByName.values()) {
      records.push({ type: 'TopicRecord', name: topic.name, topicId: topic.topicId });
      for (const p of topic.partitions) records.push({ type: 'PartitionRecord', topicId: topic.topicId, ...p });
      for (const [name, value] of topic.configs) {
        records.push({ type: 'ConfigRecord', resourceType: 'topic', resourceName: topic.name, name, value });
      }
    }
    for (const [resourceName, configs] of this.#brokerConfigs) {
      for (const [name, value] of configs) {
        records.push({ type: 'ConfigRecord', resourceType: 'broker', resourceName, name, value });
      }
    }
    if (this.nextProducerId > 0) {
      records.push({ type: 'ProducerIdsRecord', brokerId: -1, nextProducerId: this.nextProducerId });
    }
    records.push(...this.scram.toRecords());
    records.push(...this.acls.toRecords());
    return records;
  }

  #apply(record: MetadataRecord): void {
    switch (record.type) {
      case 'RegisterBrokerRecord':
        this.brokers.set(record.brokerId, registrationFromRecord(record));
        return;
      case 'FenceBrokerRecord':
      case 'UnfenceBrokerRecord':
      case 'BrokerRegistrationChangeRecord': {
        const change = registrationChangeOf(record);
        this.brokers.set(change.brokerId, applyRegistrationChange(this.brokers.get(change.brokerId), change));
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
        if (record.partitionId !== topic.partitions.length) {
          throw new Error(
            `${topic.name}의 파티션 ${record.partitionId}가 순서대로 오지 않았습니다 (다음은 ${topic.partitions.length})`,
          );
        }
        topic.partitions.push(partitionFromRecord(record));
        return;
      }
      case 'PartitionChangeRecord': {
        const topic = this.#requireTopic(record.topicId);
        const current = topic.partitions[record.partitionId];
        if (!current) throw new Error(`${topic.name}에 파티션 ${record.partitionId}가 없습니다`);
        topic.partitions[record.partitionId] = mergePartitionChange(current, record);
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
      case 'UserScramCredentialRecord':
      case 'RemoveUserScramCredentialRecord':
        this.scram.replay(record);
        return;
      case 'AccessControlEntryRecord':
      case 'RemoveAccessControlEntryRecord':
        this.acls.replay(record);
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
