/**
 * 동적 설정 (Kafka `ConfigurationControlManager`의 상태 부분): 토픽마다 따로 정한 설정과 동적 브로커 설정을
 * ConfigRecord로 재생해 둡니다. 무엇을 적을지의 판단은 `../metadata/config-control.ts`에 있습니다.
 */
import type { ConfigRecord, MetadataRecord } from '../metadata/records.js';

export class ConfigurationControlManager {
  /** 토픽 이름 → 설정 */
  readonly #topicConfigs = new Map<string, Map<string, string>>();
  /** 자원 이름(`''`은 클러스터 기본값, 브로커 ID) → 설정 */
  readonly #brokerConfigs = new Map<string, Map<string, string>>();

  copyInto(target: ConfigurationControlManager): void {
    for (const [name, configs] of this.#topicConfigs) target.#topicConfigs.set(name, new Map(configs));
    for (const [name, configs] of this.#brokerConfigs) target.#brokerConfigs.set(name, new Map(configs));
  }

  topicConfigs(topic: string): ReadonlyMap<string, string> {
    return this.#topicConfigs.get(topic) ?? new Map();
  }

  brokerConfigs(resourceName: string): ReadonlyMap<string, string> {
    return this.#brokerConfigs.get(resourceName) ?? new Map();
  }

  /**
   * 이 토픽의 파티션에서 unclean 선거를 해도 되는지 (Kafka `uncleanLeaderElectionEnabledForTopic`). 값은 토픽 설정, 이
   * 컨트롤러 노드의 동적 설정, 클러스터 기본값(동적), 이 노드의 정적 설정(`staticValue`) 순서로 찾습니다 (Kafka
   * `KafkaConfigSchema.resolveEffectiveTopicConfig`).
   */
  uncleanLeaderElectionEnabledForTopic(topic: string, nodeId: number, staticValue: boolean): boolean {
    const name = 'unclean.leader.election.enable';
    const value =
      this.topicConfigs(topic).get(name) ??
      this.brokerConfigs(String(nodeId)).get(name) ??
      this.brokerConfigs('').get(name);
    return value === undefined ? staticValue : value.toLowerCase() === 'true';
  }

  replay(record: ConfigRecord): void {
    const all = record.resourceType === 'topic' ? this.#topicConfigs : this.#brokerConfigs;
    let configs = all.get(record.resourceName);
    if (!configs) {
      configs = new Map();
      all.set(record.resourceName, configs);
    }
    if (record.value === null) configs.delete(record.name);
    else configs.set(record.name, record.value);
    if (configs.size === 0) all.delete(record.resourceName);
  }

  /** 토픽이 지워지면 그 설정도 지웁니다 (Kafka `deleteTopicConfigs`). */
  deleteTopicConfigs(topic: string): void {
    this.#topicConfigs.delete(topic);
  }

  toRecords(): MetadataRecord[] {
    const records: MetadataRecord[] = [];
    for (const [resourceType, all] of [
      ['topic', this.#topicConfigs],
      ['broker', this.#brokerConfigs],
    ] as const) {
      for (const [resourceName, configs] of all) {
        for (const [name, value] of configs)
          records.push({ type: 'ConfigRecord', resourceType, resourceName, name, value });
      }
    }
    return records;
  }
}
